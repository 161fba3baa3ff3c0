//! Podscope core.
//!
//! Modules depend one way, bottom first: `source`, `diagnostic`, `yaml`, `compat`, `options`,
//! `input`, `document`, `schema`, `validate`, `podsecurity`, `lint`, `graph`, `rules` (the
//! registry), `analyze` (the pipeline), `config`, `diagram`, `render`, `api`, `wasm`; each
//! imports only modules before it (`tests/layering.rs` checks it).
pub mod analyze;
pub mod api;
pub mod compat;
pub mod config;
pub mod diagnostic;
pub mod diagram;
pub mod document;
pub mod graph;
pub mod input;
pub mod lint;
pub mod options;
pub mod podsecurity;
pub mod render;
pub mod rules;
pub mod schema;
pub mod source;
pub mod validate;
#[cfg(target_arch = "wasm32")]
pub mod wasm;
pub mod yaml;
