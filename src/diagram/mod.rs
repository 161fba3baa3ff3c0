//! Layout and rendering of pod graphs (issue #3): TODO — being written.
