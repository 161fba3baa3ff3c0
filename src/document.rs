//! The result of analysing one text: its documents (each with its tree and the API server's
//! verdict) and the diagnostics. Plain data, below the checks that read documents
//! ([`crate::graph`]) and the pipeline that fills it ([`crate::analyze`]).

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::Span;
use crate::yaml::Node;

/// The API server's verdict on a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Valid,
    Invalid,
    /// A kind Podscope does not check.
    Skipped,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Valid => "valid",
            Verdict::Invalid => "invalid",
            Verdict::Skipped => "skipped",
        }
    }
}

/// One document of the input.
#[derive(Clone, Debug)]
pub struct Document {
    /// 0-based, counting comment-only documents but not empty ones.
    pub index: usize,
    pub span: Span,
    pub api_version: String,
    /// `?` when the document could not be decoded far enough to know.
    pub kind: String,
    pub name: String,
    pub verdict: Verdict,
    /// The tree (absent for unparseable or comment-only documents).
    pub root: Option<Node>,
    /// Errors, warnings and strict-decoding errors as the API server words them.
    pub server_errors: Vec<String>,
    pub server_warnings: Vec<String>,
    pub strict_errors: Vec<String>,
    /// Why the document was skipped.
    pub skip_reason: Option<String>,
    /// Comment-only: no object.
    pub empty: bool,
    /// For an item of a `kind: List` document: its index in `items` (the document index is the
    /// List's). Each item is checked as the object `kubectl` would send on its own.
    pub item: Option<usize>,
}

/// Everything Podscope found in one text.
#[derive(Clone, Debug)]
pub struct Analysis {
    pub documents: Vec<Document>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Analysis {
    pub fn error_count(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }
}

/// Whether an `apiVersion` belongs to a custom resource (a group outside the built-in
/// `*.k8s.io` ones and the unqualified core groups): an operator's object.
pub fn is_custom_api_version(api_version: &str) -> bool {
    api_version
        .split_once('/')
        .is_some_and(|(group, _)| group.contains('.') && !group.ends_with(".k8s.io"))
}
