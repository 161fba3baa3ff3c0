//! Go and Kubernetes library behaviour that several layers need to reproduce byte for byte:
//! `resource.Quantity` parsing and printing ([`quantity`]), Go's `strconv.Quote` ([`go_quote`]),
//! `encoding/json` strings ([`json`]) and Go's IP parsers ([`ip`]). Below `schema` and
//! `validate`; it depends only on `yaml` (a quantity can be read from a node).

pub mod ip;
pub mod json;
pub mod quantity;
mod quote;

pub use quote::go_quote;
