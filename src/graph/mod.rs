//! The inside of a pod as a graph (issue #3): TODO — being written.

use crate::analyze::{Analysis, Diagnostic};
use crate::validate::Options;

/// Podscope's own checks that need the pod graph (codes `PS5xxx`), over all documents of one
/// input (references resolve across documents). Called once at the end of `analyze`.
pub fn check(_analysis: &Analysis, _options: &Options) -> Vec<Diagnostic> {
    Vec::new()
}
