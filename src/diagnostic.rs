//! What every check reports: a [`Rule`] (stable code, name, severity, docs), declared with
//! [`rule!`](crate::rule), and the [`Diagnostic`] it produces, with a byte [`Span`] and the
//! [`Fix`]es that resolve it. The bottom of the crate: it uses only [`crate::source::Span`], so
//! every area can report without depending on another. The list of all rules (the registry)
//! is at the top, in [`crate::rules`].

use serde::Serialize;

use crate::source::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// A rule: what one diagnostic code means.
#[derive(Debug, PartialEq, Eq)]
pub struct Rule {
    /// Stable code, e.g. `PS1201`.
    pub code: &'static str,
    /// Kebab-case name, e.g. `container-name`.
    pub name: &'static str,
    pub severity: Severity,
    /// One line: what the rule checks.
    pub summary: &'static str,
    /// The doc comment on the rule's declaration (Markdown; empty if it has none).
    pub docs: &'static str,
    /// The same check in other tools, as `tool: id` (`kube-linter: privileged-container`,
    /// `polaris: runAsPrivileged`, `kube-score: ...`, `checkov: CKV_K8S_16`, `pss: baseline/privileged`),
    /// so users can migrate and agreement can be measured.
    pub equivalents: &'static [&'static str],
}

/// Declares rule constants: `rule!(NAME, "PS1201", "container-name", Error, "summary");`
/// A doc comment before `NAME` becomes the rule's documentation (`Rule::docs`).
#[macro_export]
macro_rules! rule {
    ($(#[doc = $doc:literal])* $id:ident, $code:literal, $name:literal, $severity:ident, $summary:literal
        $(, equivalents = [$($equivalent:literal),* $(,)?])? $(,)?) => {
        $(#[doc = $doc])*
        pub static $id: $crate::diagnostic::Rule = $crate::diagnostic::Rule {
            code: $code,
            name: $name,
            severity: $crate::diagnostic::Severity::$severity,
            summary: $summary,
            docs: concat!($($doc, "\n",)*),
            equivalents: &[$($($equivalent),*)?],
        };
    };
}

/// One finding, with everything a front end needs.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub rule: &'static Rule,
    pub severity: Severity,
    pub message: String,
    /// Field path (`spec.containers[0].name`), empty for the whole document.
    pub path: String,
    pub span: Span,
    pub help: Option<String>,
    /// Index of the document (as `kubectl` counts them), if the finding belongs to one.
    pub document: Option<usize>,
    /// Edits that fix the finding, best first.
    pub fixes: Vec<Fix>,
}

impl Diagnostic {
    /// A finding of `rule` at its own severity, with no help, document or fix.
    pub fn new(rule: &'static Rule, message: String, path: String, span: Span) -> Diagnostic {
        Diagnostic {
            rule,
            severity: rule.severity,
            message,
            path,
            span,
            help: None,
            document: None,
            fixes: Vec::new(),
        }
    }
}

/// A fix: text edits (byte spans of the whole input and their new text), and whether it is
/// certain to be what the user wants (`preferred` in editors) or one reasonable choice.
#[derive(Clone, Debug, PartialEq)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<(Span, String)>,
    pub certain: bool,
}
