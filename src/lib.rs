//! Podscope core.
pub mod analyze;
pub mod rules;
pub mod schema;
pub mod source;
pub mod validate;
pub mod yaml;
