//! Layout and rendering of pod graphs (issue #3): TODO — being written.

use crate::analyze::Analysis;

/// Which picture of a pod.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum View {
    /// Containers grouped by phase, volumes, references, ports and the edges between them.
    Pod,
    /// Startup and shutdown order over time.
    Timeline,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Svg,
    Mermaid,
    Dot,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    Light,
    Dark,
}

/// What to draw and how.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RenderOptions {
    /// The document (index as in `Document::index`); `None` = the first document with a pod.
    pub document: Option<usize>,
    pub view: View,
    pub format: Format,
    pub theme: Theme,
}

/// Renders the pod of one document of `text` (already analysed). Errors are messages for users
/// (no pod in that document, no such document).
pub fn render(
    _text: &str,
    _analysis: &Analysis,
    _options: &RenderOptions,
) -> Result<String, String> {
    Err("diagrams are not available yet".into())
}
