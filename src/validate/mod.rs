//! Validation exactly as the Kubernetes API server does it on create.
//!
//! Each file covers one area of the server's rules and starts with a doc comment describing
//! them; each check has a [`Rule`] with a stable code. Checks report through [`Ctx`], which
//! renders every error in the server's own words (`field.Error.Error()`):
//! `spec.containers[0].name: Invalid value: "MyApp": a lowercase RFC 1123 label ...`.
//!
//! Defaulting happens before validation on the server; here the checks read the tree with the
//! defaults in mind (an absent `restartPolicy` is `Always`, an absent protocol is `TCP`), which
//! gives the same verdicts without copying the document.

pub mod containers;
pub mod downward;
pub mod format;
pub mod meta;
pub mod objects;
pub mod path;
pub mod pod;
pub mod podspec;
pub mod profiles;
pub mod resources;
pub mod selector;
pub mod volumes;
pub mod warnings;
pub mod workloads;

pub use crate::compat::{go_quote, quantity};
pub use crate::options::{Options, RuleSetting};
pub use path::Path;

use crate::diagnostic::Rule;
use crate::source::Span;

/// Every area's rules, for the registry.
pub const RULE_AREAS: &[&[&Rule]] = &[
    meta::RULES,
    containers::RULES,
    resources::RULES,
    volumes::RULES,
    podspec::RULES,
    pod::RULES,
    workloads::RULES,
    objects::service::RULES,
    objects::disruption::RULES,
    objects::autoscaling::RULES,
    objects::networking::RULES,
    warnings::RULES,
];

/// `field.ErrorType`
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorType {
    Required,
    Invalid,
    NotSupported,
    Duplicate,
    Forbidden,
    NotFound,
    TooLong,
    TooMany,
    Internal,
}

impl ErrorType {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorType::Required => "Required value",
            ErrorType::Invalid => "Invalid value",
            ErrorType::NotSupported => "Unsupported value",
            ErrorType::Duplicate => "Duplicate value",
            ErrorType::Forbidden => "Forbidden",
            ErrorType::NotFound => "Not found",
            ErrorType::TooLong => "Too long",
            ErrorType::TooMany => "Too many",
            ErrorType::Internal => "Internal error",
        }
    }
}

/// The offending value as the server prints it.
#[derive(Clone, Debug, PartialEq)]
pub enum ErrValue {
    /// Not printed (Required, Forbidden, TooLong, or `field.OmitValueType`).
    Omit,
    /// `null`
    Null,
    Int(i64),
    Bool(bool),
    /// A Go string, printed quoted as `%q` does.
    Str(String),
    /// Printed as is (a `String()` method, or the JSON of a map, slice or struct, pre-rendered).
    Raw(String),
}

impl From<&str> for ErrValue {
    fn from(s: &str) -> ErrValue {
        ErrValue::Str(s.to_string())
    }
}

impl From<String> for ErrValue {
    fn from(s: String) -> ErrValue {
        ErrValue::Str(s)
    }
}

impl From<i64> for ErrValue {
    fn from(i: i64) -> ErrValue {
        ErrValue::Int(i)
    }
}

impl From<bool> for ErrValue {
    fn from(b: bool) -> ErrValue {
        ErrValue::Bool(b)
    }
}

impl ErrValue {
    fn render(&self) -> Option<String> {
        match self {
            ErrValue::Omit => None,
            ErrValue::Null => Some("null".into()),
            ErrValue::Int(i) => Some(i.to_string()),
            ErrValue::Bool(b) => Some(b.to_string()),
            ErrValue::Str(s) => Some(go_quote(s)),
            ErrValue::Raw(s) => Some(s.clone()),
        }
    }
}

/// One API-server validation error (`field.Error`).
#[derive(Clone, Debug, PartialEq)]
pub struct FieldError {
    pub rule: &'static Rule,
    pub path: String,
    pub kind: ErrorType,
    pub value: ErrValue,
    pub detail: String,
    pub span: Span,
}

impl FieldError {
    /// `ErrorBody()`: the text after `<path>: `.
    pub fn body(&self) -> String {
        let mut s = String::from(self.kind.as_str());
        let value = match self.kind {
            ErrorType::Required
            | ErrorType::Forbidden
            | ErrorType::TooLong
            | ErrorType::Internal => None,
            _ => self.value.render(),
        };
        if let Some(v) = value {
            s.push_str(": ");
            s.push_str(&v);
        }
        if !self.detail.is_empty() {
            s.push_str(": ");
            s.push_str(&self.detail);
        }
        s
    }

    /// `Error()`: `<path>: <body>`.
    pub fn message(&self) -> String {
        // Go prints the separator even for the empty root path.
        format!("{}: {}", self.path, self.body())
    }

    /// The message for a reader: as [`FieldError::message`], but a value longer than
    /// [`SHOWN_VALUE_BYTES`] is cut there, with how much was left out. The server prints values
    /// whole (its 3 MiB request-body limit bounds them); a report shows the start of one.
    pub fn display_message(&self) -> String {
        let long = match &self.value {
            ErrValue::Str(v) | ErrValue::Raw(v) => v.len() > SHOWN_VALUE_BYTES,
            _ => false,
        };
        if !long || self.value.render_shown().is_none() {
            return self.message();
        }
        let shortened = FieldError {
            value: ErrValue::Raw(self.value.render_shown().unwrap_or_default()),
            ..self.clone()
        };
        shortened.message()
    }
}

/// How much of a long value a diagnostic shows (bytes of the value, before quoting).
pub const SHOWN_VALUE_BYTES: usize = 1024;

impl ErrValue {
    /// The value as printed, its start only when it is longer than [`SHOWN_VALUE_BYTES`]:
    /// `"aaaa..."...(29998976 more bytes)`.
    fn render_shown(&self) -> Option<String> {
        let (text, quoted) = match self {
            ErrValue::Str(v) => (v, true),
            ErrValue::Raw(v) => (v, false),
            _ => return self.render(),
        };
        if text.len() <= SHOWN_VALUE_BYTES {
            return self.render();
        }
        let mut cut = SHOWN_VALUE_BYTES;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let start = if quoted {
            go_quote(&text[..cut])
        } else {
            text[..cut].to_string()
        };
        Some(format!("{start}...({} more bytes)", text.len() - cut))
    }
}

/// One API-server warning (`<path>: <message>`, already joined).
#[derive(Clone, Debug, PartialEq)]
pub struct FieldWarning {
    pub rule: &'static Rule,
    pub path: String,
    pub message: String,
    pub span: Span,
}

/// Collects the errors and warnings of one object.
#[derive(Debug)]
pub struct Ctx<'o> {
    pub options: &'o Options,
    pub errors: Vec<FieldError>,
    pub warnings: Vec<FieldWarning>,
}

impl<'o> Ctx<'o> {
    pub fn new(options: &'o Options) -> Ctx<'o> {
        Ctx {
            options,
            errors: Vec::new(),
            warnings: Vec::new(),
        }
    }

    pub fn push(
        &mut self,
        rule: &'static Rule,
        path: &Path,
        span: Span,
        kind: ErrorType,
        value: ErrValue,
        detail: impl Into<String>,
    ) {
        self.errors.push(FieldError {
            rule,
            path: path.to_string(),
            kind,
            value,
            detail: detail.into(),
            span,
        });
    }

    pub fn required(&mut self, rule: &'static Rule, path: &Path, span: Span) {
        self.push(rule, path, span, ErrorType::Required, ErrValue::Omit, "");
    }

    pub fn required_detail(
        &mut self,
        rule: &'static Rule,
        path: &Path,
        span: Span,
        detail: impl Into<String>,
    ) {
        self.push(
            rule,
            path,
            span,
            ErrorType::Required,
            ErrValue::Omit,
            detail,
        );
    }

    pub fn invalid(
        &mut self,
        rule: &'static Rule,
        path: &Path,
        span: Span,
        value: impl Into<ErrValue>,
        detail: impl Into<String>,
    ) {
        self.push(rule, path, span, ErrorType::Invalid, value.into(), detail);
    }

    /// One `Invalid` error per message (format checks return several).
    pub fn invalid_each(
        &mut self,
        rule: &'static Rule,
        path: &Path,
        span: Span,
        value: &ErrValue,
        messages: Vec<String>,
    ) {
        for message in messages {
            self.push(rule, path, span, ErrorType::Invalid, value.clone(), message);
        }
    }

    /// `NotSupported`: `Unsupported value: "x": supported values: "a", "b"`.
    pub fn not_supported(
        &mut self,
        rule: &'static Rule,
        path: &Path,
        span: Span,
        value: impl Into<ErrValue>,
        supported: &[&str],
    ) {
        let detail = if supported.is_empty() {
            String::new()
        } else {
            let quoted: Vec<String> = supported.iter().map(|s| go_quote(s)).collect();
            format!("supported values: {}", quoted.join(", "))
        };
        self.push(
            rule,
            path,
            span,
            ErrorType::NotSupported,
            value.into(),
            detail,
        );
    }

    pub fn duplicate(
        &mut self,
        rule: &'static Rule,
        path: &Path,
        span: Span,
        value: impl Into<ErrValue>,
    ) {
        self.push(rule, path, span, ErrorType::Duplicate, value.into(), "");
    }

    pub fn forbidden(
        &mut self,
        rule: &'static Rule,
        path: &Path,
        span: Span,
        detail: impl Into<String>,
    ) {
        self.push(
            rule,
            path,
            span,
            ErrorType::Forbidden,
            ErrValue::Omit,
            detail,
        );
    }

    pub fn not_found(
        &mut self,
        rule: &'static Rule,
        path: &Path,
        span: Span,
        value: impl Into<ErrValue>,
    ) {
        self.push(rule, path, span, ErrorType::NotFound, value.into(), "");
    }

    pub fn too_long(&mut self, rule: &'static Rule, path: &Path, span: Span, max_bytes: usize) {
        self.push(
            rule,
            path,
            span,
            ErrorType::TooLong,
            ErrValue::Omit,
            // Kubernetes 1.36 wording (`field.TooLong`).
            format!(
                "may not be more than {max_bytes} {}",
                if max_bytes == 1 { "byte" } else { "bytes" }
            ),
        );
    }

    pub fn too_many(
        &mut self,
        rule: &'static Rule,
        path: &Path,
        span: Span,
        actual: usize,
        max: usize,
    ) {
        self.push(
            rule,
            path,
            span,
            ErrorType::TooMany,
            ErrValue::Int(actual as i64),
            format!(
                "must have at most {max} {}",
                if max == 1 { "item" } else { "items" }
            ),
        );
    }

    /// A warning `<path>: <message>`.
    pub fn warn(
        &mut self,
        rule: &'static Rule,
        path: &Path,
        span: Span,
        message: impl Into<String>,
    ) {
        self.warnings.push(FieldWarning {
            rule,
            path: path.to_string(),
            message: message.into(),
            span,
        });
    }

    /// Removes errors whose text repeats an earlier one (`ErrorList.ToAggregate()` does this).
    pub fn dedup(&mut self) {
        let mut seen = std::collections::HashSet::new();
        self.errors.retain(|e| seen.insert(e.message()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    crate::rule!(TEST_RULE, "PS9999", "test-rule", Error, "test");

    #[test]
    fn renders_like_the_api_server() {
        let options = Options::default();
        let mut ctx = Ctx::new(&options);
        let spec = Path::ROOT.child("spec");
        let containers = spec.child("containers");
        let c0 = containers.index(0);
        ctx.invalid(&TEST_RULE, &c0.child("name"), Span::EMPTY, "MyApp", "bad");
        ctx.not_supported(
            &TEST_RULE,
            &spec.child("restartPolicy"),
            Span::EMPTY,
            "Never",
            &["Always"],
        );
        ctx.required(&TEST_RULE, &c0.child("image"), Span::EMPTY);
        ctx.not_found(&TEST_RULE, &c0.child("volumeMounts"), Span::EMPTY, "data");
        let messages: Vec<String> = ctx.errors.iter().map(FieldError::message).collect();
        assert_eq!(
            messages,
            vec![
                "spec.containers[0].name: Invalid value: \"MyApp\": bad",
                "spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"",
                "spec.containers[0].image: Required value",
                "spec.containers[0].volumeMounts: Not found: \"data\"",
            ]
        );
        assert_eq!(go_quote("a\"b\\\t"), "\"a\\\"b\\\\\\t\"");
    }
}
