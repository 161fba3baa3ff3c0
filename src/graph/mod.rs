//! The inside of a pod as a graph (issue #3): TODO — being written.

use serde::Serialize;

use crate::analyze::{Analysis, Diagnostic};
use crate::api::Positions;
use crate::validate::Options;

/// Podscope's own checks that need the pod graph (codes `PS5xxx`), over all documents of one
/// input (references resolve across documents). Called once at the end of `analyze`.
pub fn check(_analysis: &Analysis, _options: &Options) -> Vec<Diagnostic> {
    Vec::new()
}

/// The public shape of one pod's graph (nodes, edges, patterns, each with its source range),
/// part of the JavaScript API's `analyze` result.
/// On wasm32 it and every type nested in it derive `Tsify`, so the package's TypeScript follows.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct PodGraphDto {
    /// Index of the document holding the pod or pod template.
    pub document: usize,
}

/// One graph per pod or pod template in the analysed text.
pub fn graph_dtos(_analysis: &Analysis, _positions: &Positions) -> Vec<PodGraphDto> {
    Vec::new()
}
