//! The pipeline: text → documents → parsed trees → decoded objects → verdicts and diagnostics.
//!
//! Each document goes through the API server's create path: YAML to JSON (syntax, duplicate
//! keys), the type of object (`apiVersion`/`kind`), strict JSON decoding (types, unknown fields),
//! then validation of the kinds Podscope checks.

use crate::rule;
use crate::rules::{Rule, Severity};
use crate::schema::{decode, schema};
use crate::source::{LineIndex, Span};
use crate::validate::{self, Ctx, Options, RuleSetting};
use crate::yaml::{self, Node, Value, YamlError};

rule!(
    YAML_SYNTAX,
    "PS0001",
    "yaml-syntax",
    Error,
    "the document is not valid YAML or JSON"
);
rule!(
    INPUT_LIMIT,
    "PS0002",
    "input-limit",
    Error,
    "the input exceeds a size, nesting or aliasing bound"
);
rule!(
    DUPLICATE_KEY,
    "PS0003",
    "duplicate-key",
    Error,
    "a mapping sets the same key twice (strict decoding refuses it)"
);
rule!(
    DECODE_TYPE,
    "PS0004",
    "decode-type",
    Error,
    "a value has the wrong type for its field, so the object cannot be decoded"
);
rule!(
    UNKNOWN_FIELD,
    "PS0005",
    "unknown-field",
    Error,
    "a field the object's schema does not have (strict field validation refuses it)"
);
rule!(
    BAD_SEPARATOR,
    "PS0006",
    "document-separator",
    Error,
    "a `---` line followed by something other than a comment"
);
rule!(
    NOT_TEXT,
    "PS0007",
    "not-text",
    Error,
    "the input is not UTF-8 text"
);
rule!(
    NOT_AN_OBJECT,
    "PS0008",
    "not-an-object",
    Error,
    "the document is not a Kubernetes object"
);
rule!(
    MISSING_TYPE,
    "PS0009",
    "missing-apiversion-or-kind",
    Error,
    "apiVersion or kind is missing"
);
rule!(
    VERSION_NOT_SERVED,
    "PS0010",
    "version-not-served",
    Error,
    "the kind is not served at this apiVersion by Kubernetes 1.36"
);
rule!(
    NOT_CHECKED,
    "PS0011",
    "not-checked",
    Info,
    "a kind Podscope does not validate"
);
rule!(
    IGNORED_AFTER_END,
    "PS0012",
    "ignored-after-document-end",
    Warning,
    "text after a `...` document end that the API server never reads"
);
rule!(
    UNKNOWN_SUPPRESSION,
    "PS0013",
    "unknown-suppression",
    Warning,
    "a `podscope.dev/ignore` annotation names no Podscope rule"
);

rule!(
    /// A folder scan met an entry named like a manifest that it did not read: a broken symbolic
    /// link, a link loop, a file or folder it may not read, or a FIFO, socket or device (never
    /// opened: reading a FIFO waits forever). The scan reads every other file.
    UNREADABLE_ENTRY,
    "PS0014",
    "unreadable-entry",
    Warning,
    "a folder scan skipped an entry it could not read (broken link, link loop, permission, FIFO, device)"
);

pub const RULES: &[&Rule] = &[
    &YAML_SYNTAX,
    &INPUT_LIMIT,
    &DUPLICATE_KEY,
    &DECODE_TYPE,
    &UNKNOWN_FIELD,
    &BAD_SEPARATOR,
    &NOT_TEXT,
    &NOT_AN_OBJECT,
    &MISSING_TYPE,
    &VERSION_NOT_SERVED,
    &NOT_CHECKED,
    &IGNORED_AFTER_END,
    &UNKNOWN_SUPPRESSION,
    &UNREADABLE_ENTRY,
];

/// Inputs larger than this are refused with a diagnostic (about 3 seconds of work).
pub const MAX_INPUT_BYTES: usize = 32 * 1024 * 1024;

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
}

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

/// The analysis of an input refused for its size, without its text: `size` is its length when
/// known (a file's), `None` when it was only read up to the cap (a pipe or a device). Front ends
/// that read input themselves stop reading at `MAX_INPUT_BYTES + 1` bytes and report this. The
/// user's rule settings apply as to any finding.
pub fn too_large(size: Option<u64>, options: &Options) -> Analysis {
    let message = match size {
        Some(n) => format!("input is {n} bytes; Podscope reads at most {MAX_INPUT_BYTES} bytes"),
        None => {
            format!(
                "input is over {MAX_INPUT_BYTES} bytes; Podscope reads at most {MAX_INPUT_BYTES} bytes"
            )
        }
    };
    let mut diagnostics = vec![Diagnostic {
        rule: &INPUT_LIMIT,
        severity: Severity::Error,
        message,
        path: String::new(),
        span: Span::new(0, 0),
        help: Some("split the manifest into smaller files".into()),
        document: None,
    }];
    apply_rule_settings(&mut diagnostics, options);
    Analysis {
        documents: Vec::new(),
        diagnostics,
    }
}

/// The analysis of a folder entry that was not read (`message` says why), with the user's rule
/// settings applied.
pub fn unreadable_entry(message: String, options: &Options) -> Analysis {
    let mut diagnostics = vec![Diagnostic {
        rule: &UNREADABLE_ENTRY,
        severity: UNREADABLE_ENTRY.severity,
        message,
        path: String::new(),
        span: Span::new(0, 0),
        help: None,
        document: None,
    }];
    apply_rule_settings(&mut diagnostics, options);
    Analysis {
        documents: Vec::new(),
        diagnostics,
    }
}

/// Analyses a manifest text.
pub fn analyze(text: &str, options: &Options) -> Analysis {
    analyze_decoded(text, &[], options)
}

/// Analyses the text of a file decoded by [`crate::source::decode_bytes`], with its
/// `Decoded::errors`: a document that holds bytes that are not text fails with the server's reader
/// error, e.g. `yaml: invalid leading UTF-8 octet`; the other documents are analysed as usual.
pub fn analyze_decoded(
    text: &str,
    decode_errors: &[(usize, &'static str)],
    options: &Options,
) -> Analysis {
    let mut analysis = Analysis {
        documents: Vec::new(),
        diagnostics: Vec::new(),
    };
    if text.len() > MAX_INPUT_BYTES {
        return too_large(Some(text.len() as u64), options);
    }
    if let Some(at) = text.find('\0') {
        analysis.diagnostics.push(Diagnostic {
            rule: &NOT_TEXT,
            severity: Severity::Error,
            message: "input contains NUL bytes: it is binary, not a YAML or JSON manifest".into(),
            path: String::new(),
            span: Span::new(at, at + 1),
            help: None,
            document: None,
        });
        return analysis;
    }
    let split = yaml::split_documents(text);
    let mut index = 0;
    let mut decode_errors = decode_errors.iter().peekable();
    for chunk in split.chunks.iter().filter(|c| c.has_content) {
        // Errors before this document fell in one without content (or a separator line).
        while decode_errors
            .next_if(|(at, _)| *at < chunk.span.start())
            .is_some()
        {}
        if let Some(&&(at, problem)) = decode_errors
            .peek()
            .filter(|(at, _)| *at < chunk.span.end())
        {
            analysis.documents.push(undecodable(
                index,
                chunk.span,
                at,
                problem,
                &mut analysis.diagnostics,
            ));
            index += 1;
            continue;
        }
        let documents =
            analyze_document(text, chunk.span, index, options, &mut analysis.diagnostics);
        analysis.documents.extend(documents);
        index += 1;
    }
    if let Some((span, rest)) = split.bad_separator {
        let message = format!("invalid Yaml document separator: {rest}");
        analysis.diagnostics.push(Diagnostic {
            rule: &BAD_SEPARATOR,
            severity: Severity::Error,
            message: message.clone(),
            path: String::new(),
            span,
            help: Some("put each `---` on a line of its own (a comment may follow it); the reader stops here".into()),
            document: Some(index),
        });
        let mut doc = Document::new(index, span);
        doc.verdict = Verdict::Invalid;
        doc.server_errors.push(format!("decode error: {message}"));
        analysis.documents.push(doc);
    }
    let pod_checks = crate::graph::check(&analysis, options);
    analysis.diagnostics.extend(pod_checks);
    // Keep each document's findings together and in reading order.
    analysis
        .diagnostics
        .sort_by_key(|d| (d.document, d.span.start, d.span.end));
    apply_suppressions(&mut analysis);
    apply_rule_settings(&mut analysis.diagnostics, options);
    bound_echoes(&mut analysis);
    analysis
}

/// The most of one message or label a report shows; longer ones keep their start and end.
pub const MAX_SHOWN_BYTES: usize = 4096;

/// Podscope's own words never echo megabytes: a message, help, skip reason or document label
/// longer than [`MAX_SHOWN_BYTES`] keeps its start and end around an omitted-bytes notice. (The
/// server's texts in `server_errors` and `server_warnings` stay as the server writes them.)
fn bound_echoes(analysis: &mut Analysis) {
    for d in &mut analysis.diagnostics {
        shorten(&mut d.message, MAX_SHOWN_BYTES);
        if let Some(help) = &mut d.help {
            shorten(help, MAX_SHOWN_BYTES);
        }
    }
    for doc in &mut analysis.documents {
        for label in [&mut doc.name, &mut doc.kind, &mut doc.api_version] {
            shorten(label, 1024);
        }
        if let Some(reason) = &mut doc.skip_reason {
            shorten(reason, MAX_SHOWN_BYTES);
        }
    }
}

/// Cuts `text` to about `limit` bytes: three quarters from the start, a quarter from the end.
pub fn shorten(text: &mut String, limit: usize) {
    if text.len() <= limit {
        return;
    }
    let mut head = limit * 3 / 4;
    while !text.is_char_boundary(head) {
        head -= 1;
    }
    let mut tail = text.len() - limit / 4;
    while !text.is_char_boundary(tail) {
        tail -= 1;
    }
    *text = format!(
        "{}...({} bytes omitted)...{}",
        &text[..head],
        tail - head,
        &text[tail..]
    );
}

/// The API server's cap on warning headers (k8s.io/apiserver filters/warning.go): once the
/// warnings of a request pass 4096 runes in all, each is cut to its first 256 runes, and the
/// warnings after the total reaches 4096 again are dropped.
fn cap_server_warnings(warnings: &mut Vec<String>) {
    const TOTAL: usize = 4 * 1024;
    const ITEM: usize = 256;
    let runes = |s: &str| s.chars().count();
    let cut = |s: &str| s.chars().take(ITEM).collect::<String>();
    let mut kept: Vec<String> = Vec::new();
    let mut ordered: Vec<&String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let (mut written, mut truncating) = (0, false);
    for text in warnings.iter() {
        if truncating && written >= TOTAL {
            break;
        }
        if text.is_empty() || !seen.insert(text.as_str()) {
            continue;
        }
        ordered.push(text);
        let mut item = text.clone();
        let mut length = runes(text);
        if truncating && length > ITEM {
            item = cut(text);
            length = ITEM;
        }
        if written + length <= TOTAL || truncating {
            written += length;
            kept.push(item);
            continue;
        }
        truncating = true;
        written = 0;
        kept.clear();
        for w in &ordered {
            let item = cut(w);
            written += runes(&item);
            kept.push(item);
        }
    }
    *warnings = kept;
}

/// A document with bytes that are not text: the server's YAML reader stops at them.
fn undecodable(
    index: usize,
    span: Span,
    at: usize,
    problem: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Document {
    let message = format!("yaml: {problem}");
    diagnostics.push(Diagnostic {
        rule: &NOT_TEXT,
        severity: Severity::Error,
        message: message.clone(),
        path: String::new(),
        span: Span::new(at, at + '\u{fffd}'.len_utf8()),
        help: Some("save the file as UTF-8 (or UTF-16 with a byte-order mark)".into()),
        document: Some(index),
    });
    let mut doc = Document::new(index, span);
    doc.server_errors.push(format!("decode error: {message}"));
    doc
}

/// The annotation that silences Podscope's own findings for one object, with a reason:
/// `podscope.dev/ignore: "PS5001, unused-volume: the volume is filled by a webhook"`.
pub const IGNORE_ANNOTATION: &str = "podscope.dev/ignore";

/// Drops the findings an object's `podscope.dev/ignore` annotation names (on the object or its pod
/// template). Only warnings and notes can be silenced: what the API server rejects stays an
/// error. Names that match no rule are reported, so a typo does not silence nothing quietly.
fn apply_suppressions(analysis: &mut Analysis) {
    let mut ignored: Vec<(usize, Vec<&'static Rule>)> = Vec::new();
    let mut unknown = Vec::new();
    for doc in analysis.documents.iter().filter(|d| d.item.is_none()) {
        let Some(root) = &doc.root else { continue };
        let meta = root.get("metadata");
        let template_meta = root
            .get("spec")
            .and_then(|s| s.get("template"))
            .and_then(|t| t.get("metadata"));
        let mut rules = Vec::new();
        for annotations in [meta, template_meta]
            .into_iter()
            .flatten()
            .filter_map(|m| m.get("annotations"))
        {
            let Some(value) = annotations.get(IGNORE_ANNOTATION) else {
                continue;
            };
            let Some(text) = value.as_str() else { continue };
            let names = text.split(':').next().unwrap_or("");
            for name in names.split(',').map(str::trim).filter(|n| !n.is_empty()) {
                match crate::rules::all().into_iter().find(|r| r.code == name || r.name == name) {
                    Some(rule) => rules.push(rule),
                    None => unknown.push(Diagnostic {
                        rule: &UNKNOWN_SUPPRESSION,
                        severity: UNKNOWN_SUPPRESSION.severity,
                        message: format!("{IGNORE_ANNOTATION} names {name}, which is not a Podscope rule"),
                        path: format!("metadata.annotations[{IGNORE_ANNOTATION}]"),
                        span: value.span,
                        help: Some("use a code or name from `podscope rules`, e.g. `PS5001` or `unused-volume`".into()),
                        document: Some(doc.index),
                    }),
                }
            }
        }
        if !rules.is_empty() {
            ignored.push((doc.index, rules));
        }
    }
    if !ignored.is_empty() {
        analysis.diagnostics.retain(|d| {
            d.severity == Severity::Error
                || !ignored.iter().any(|(index, rules)| {
                    d.document == Some(*index) && rules.iter().any(|r| r.code == d.rule.code)
                })
        });
    }
    analysis.diagnostics.extend(unknown);
}

/// Applies the user's per-rule settings (by code or name): drop or re-grade diagnostics.
fn apply_rule_settings(diagnostics: &mut Vec<Diagnostic>, options: &Options) {
    if options.rules.is_empty() {
        return;
    }
    diagnostics.retain_mut(|d| {
        let setting = options
            .rules
            .get(d.rule.code)
            .or_else(|| options.rules.get(d.rule.name));
        match setting {
            None => true,
            Some(RuleSetting::Off) => false,
            Some(RuleSetting::Error) => {
                d.severity = Severity::Error;
                true
            }
            Some(RuleSetting::Warning) => {
                d.severity = Severity::Warning;
                true
            }
            Some(RuleSetting::Info) => {
                d.severity = Severity::Info;
                true
            }
        }
    });
}

impl Document {
    fn new(index: usize, span: Span) -> Document {
        Document {
            index,
            span,
            api_version: String::new(),
            kind: "?".into(),
            name: String::new(),
            verdict: Verdict::Invalid,
            root: None,
            server_errors: Vec::new(),
            server_warnings: Vec::new(),
            strict_errors: Vec::new(),
            skip_reason: None,
            empty: false,
            item: None,
        }
    }
}

/// Where each kind is served, and whether Podscope validates it.
fn served_version(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "Pod"
        | "PodTemplate"
        | "ReplicationController"
        | "ConfigMap"
        | "Secret"
        | "ServiceAccount"
        | "PersistentVolumeClaim" => "v1",
        "Deployment" | "ReplicaSet" | "DaemonSet" | "StatefulSet" => "apps/v1",
        "Job" | "CronJob" => "batch/v1",
        _ => return None,
    })
}

struct DocSink<'a> {
    diagnostics: &'a mut Vec<Diagnostic>,
    index: usize,
}

impl DocSink<'_> {
    fn push(
        &mut self,
        rule: &'static Rule,
        message: String,
        path: String,
        span: Span,
        help: Option<String>,
    ) {
        self.diagnostics.push(Diagnostic {
            rule,
            severity: rule.severity,
            message,
            path,
            span,
            help,
            document: Some(self.index),
        });
    }
}

fn analyze_document(
    text: &str,
    span: Span,
    index: usize,
    options: &Options,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Document> {
    let mut doc = Document::new(index, span);
    let mut sink = DocSink { diagnostics, index };
    let parsed = yaml::parse_document(text, span);
    if let Some(ignored) = parsed.ignored {
        sink.push(
            &IGNORED_AFTER_END,
            "this text follows a `...` document end and is ignored: the API server reads only the first document between `---` separators".into(),
            String::new(),
            ignored,
            Some("start the next document with a `---` line".into()),
        );
    }
    if let Some(error) = parsed.error {
        report_yaml_error(&mut sink, &mut doc, &error);
        return vec![doc];
    }
    let Some(root) = parsed.root else {
        doc.empty = true;
        doc.verdict = Verdict::Skipped;
        doc.skip_reason = Some("empty document".into());
        return vec![doc];
    };
    let Value::Map(_) = root.value else {
        let message = format!(
            "couldn't get version/kind; json parse error: json: cannot unmarshal {} into Go value of type struct {{ APIVersion string \"json:\\\"apiVersion,omitempty\\\"\"; Kind string \"json:\\\"kind,omitempty\\\"\" }}",
            root.json_type()
        );
        sink.push(
            &NOT_AN_OBJECT,
            message.clone(),
            String::new(),
            root.span,
            Some(
                "a manifest document must be a mapping with apiVersion, kind, metadata and spec"
                    .into(),
            ),
        );
        doc.server_errors.push(format!("decode error: {message}"));
        doc.root = Some(root);
        return vec![doc];
    };
    if root.str_of("kind") == "List"
        && root.str_of("apiVersion") == "v1"
        && parsed.duplicates.is_empty()
    {
        return analyze_list(text, root, doc, options, &mut sink);
    }
    vec![analyze_object(
        text,
        root,
        doc,
        &parsed.duplicates,
        options,
        &mut sink,
    )]
}

/// A `v1` List: the List itself is not an object the server creates (`kubectl` sends each item
/// on its own), so every item is checked as an object of its own.
fn analyze_list(
    text: &str,
    root: Node,
    mut list: Document,
    options: &Options,
    sink: &mut DocSink,
) -> Vec<Document> {
    list.api_version = "v1".into();
    list.kind = "List".into();
    list.verdict = Verdict::Skipped;
    list.skip_reason = Some("no create strategy wired for List".into());
    let mut documents = Vec::new();
    for (i, item) in root.seq_of("items").iter().enumerate() {
        let mut doc = Document::new(list.index, item.span);
        doc.item = Some(i);
        if !item.is_map() {
            let message = format!("items[{i}] is not an object");
            sink.push(
                &NOT_AN_OBJECT,
                message.clone(),
                format!("items[{i}]"),
                item.span,
                None,
            );
            doc.server_errors.push(message);
            documents.push(doc);
            continue;
        }
        documents.push(analyze_object(text, item.clone(), doc, &[], options, sink));
    }
    list.root = Some(root);
    documents.insert(0, list);
    documents
}

/// The create path for one object: its kind and version, strict decoding, then validation.
fn analyze_object(
    text: &str,
    root: Node,
    mut doc: Document,
    duplicates: &[yaml::build::Duplicate],
    options: &Options,
    sink: &mut DocSink,
) -> Document {
    doc.api_version = root.str_of("apiVersion").to_string();
    doc.kind = root.str_of("kind").to_string();
    doc.name = root
        .get("metadata")
        .map_or("", |m| m.str_of("name"))
        .to_string();
    if doc.kind.is_empty() || doc.api_version.is_empty() {
        let missing = if doc.kind.is_empty() {
            "kind"
        } else {
            "apiVersion"
        };
        sink.push(
            &MISSING_TYPE,
            format!("{missing} not set"),
            missing.into(),
            root.head(),
            Some(format!("every object needs `{missing}`")),
        );
        doc.verdict = Verdict::Skipped;
        doc.skip_reason = Some(format!("{missing} not set"));
        if doc.kind.is_empty() {
            doc.kind = "?".into();
        }
        doc.root = Some(root);
        return doc;
    }
    // Services are not validated, but they are still decoded: a wrong type is an error.
    if doc.kind == "Service" && doc.api_version == "v1" {
        let schema = schema();
        if let Some(error) = schema
            .id("Service")
            .and_then(|id| decode::decode(schema, id, &root).error)
        {
            let message = format!(
                "Service in version \"v1\" cannot be handled as a Service: {}",
                error.message
            );
            sink.push(
                &DECODE_TYPE,
                message.clone(),
                String::new(),
                error.span,
                decode_help(&error.message),
            );
            doc.server_errors.push(format!("decode error: {message}"));
            doc.root = Some(root);
            return doc;
        }
    }
    let Some(version) = served_version(&doc.kind) else {
        if doc.kind == "List" || doc.kind.ends_with("List") {
            doc.skip_reason = Some(format!("no create strategy wired for {}", doc.kind));
        } else {
            doc.skip_reason = Some(format!(
                "{} {} is not a kind Podscope validates",
                doc.api_version, doc.kind
            ));
        }
        sink.push(
            &NOT_CHECKED,
            format!("{} {} is not checked", doc.api_version, doc.kind),
            "kind".into(),
            root.at("kind"),
            None,
        );
        doc.verdict = Verdict::Skipped;
        doc.root = Some(root);
        return doc;
    };
    if doc.api_version != version {
        let message = format!(
            "no matches for kind \"{}\" in version \"{}\"",
            doc.kind, doc.api_version
        );
        sink.push(
            &VERSION_NOT_SERVED,
            message.clone(),
            "apiVersion".into(),
            root.at("apiVersion"),
            Some(format!(
                "{} is served as `apiVersion: {version}` in Kubernetes 1.36",
                doc.kind
            )),
        );
        doc.server_errors.push(message);
        doc.root = Some(root);
        return doc;
    }
    // The server reads at most 3 MiB of a request body and refuses a larger one before decoding
    // it (k8s.io/apiserver handlers, limitedReadBody): the object `kubectl` sends is its JSON.
    let body = json_size(&root);
    if body > MAX_REQUEST_BODY_BYTES {
        let message = format!("Request entity too large: limit is {MAX_REQUEST_BODY_BYTES}");
        sink.push(
            &INPUT_LIMIT,
            format!("{message} (the object is {body} bytes as JSON)"),
            String::new(),
            root.head(),
            Some("the API server refuses a request body over 3 MiB; look for a huge value, or split the object".into()),
        );
        doc.server_errors.push(message);
        doc.root = Some(root);
        return doc;
    }
    if !duplicates.is_empty() {
        let lines: Vec<String> = duplicates
            .iter()
            .map(|d| {
                format!(
                    "  line {}: key {} already set in map",
                    d.line,
                    validate::go_quote(&d.key)
                )
            })
            .collect();
        doc.strict_errors
            .push(format!("yaml: unmarshal errors:\n{}", lines.join("\n")));
        let index = LineIndex::new(text);
        for d in duplicates {
            let first = index.position(text, d.first_key_span.start());
            sink.push(
                &DUPLICATE_KEY,
                format!("key {} already set in map", validate::go_quote(&d.key)),
                String::new(),
                d.key_span,
                Some(format!(
                    "the key is first set on line {}; remove one of them",
                    first.line
                )),
            );
        }
        doc.root = Some(root);
        return doc;
    }
    let schema = schema();
    let id = schema
        .id(&doc.kind)
        .expect("every served kind is in the schema");
    let decoded = decode::decode(schema, id, &root);
    let group_version = doc
        .api_version
        .rsplit('/')
        .next()
        .unwrap_or("v1")
        .to_string();
    if let Some(error) = decoded.error {
        let message = format!(
            "{} in version \"{group_version}\" cannot be handled as a {}: {}",
            doc.kind, doc.kind, error.message
        );
        sink.push(
            &DECODE_TYPE,
            message.clone(),
            String::new(),
            error.span,
            decode_help(&error.message),
        );
        doc.server_errors.push(format!("decode error: {message}"));
        doc.root = Some(root);
        return doc;
    }
    for unknown in &decoded.unknown {
        let message = format!("unknown field {}", validate::go_quote(&unknown.path));
        let help = unknown
            .suggestion
            .as_ref()
            .map(|s| format!("did you mean `{s}`?"));
        sink.push(
            &UNKNOWN_FIELD,
            message.clone(),
            unknown.path.clone(),
            unknown.span,
            help,
        );
        doc.strict_errors.push(message);
    }
    let mut ctx = Ctx::new(options);
    if doc.kind == "Pod" {
        validate::pod::validate_pod(&mut ctx, &root);
    } else {
        validate::workloads::validate_object(&mut ctx, &doc.kind, &root);
    }
    ctx.dedup();
    for error in &ctx.errors {
        sink.push(
            error.rule,
            error.display_message(),
            error.path.clone(),
            error.span,
            None,
        );
        doc.server_errors.push(error.message());
    }
    for warning in &ctx.warnings {
        let message = if warning.path.is_empty() {
            warning.message.clone()
        } else {
            format!("{}: {}", warning.path, warning.message)
        };
        sink.push(
            warning.rule,
            message.clone(),
            warning.path.clone(),
            warning.span,
            None,
        );
        doc.server_warnings.push(message);
    }
    cap_server_warnings(&mut doc.server_warnings);
    doc.verdict = if doc.server_errors.is_empty() && doc.strict_errors.is_empty() {
        Verdict::Valid
    } else {
        Verdict::Invalid
    };
    doc.root = Some(root);
    doc
}

/// The API server's limit on a request body (`MaxRequestBodyBytes`, k8s.io/apiserver).
pub const MAX_REQUEST_BODY_BYTES: u64 = 3 * 1024 * 1024;

/// The size of a tree as compact JSON, as Go's `encoding/json` writes it (`<`, `>`, `&`,
/// U+2028 and U+2029 escaped); numbers are counted as Rust prints them, close enough for a limit.
fn json_size(node: &Node) -> u64 {
    fn string(s: &str) -> u64 {
        2 + s
            .chars()
            .map(|c| match c {
                '"' | '\\' | '\n' | '\r' | '\t' => 2,
                '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => 6,
                c if (c as u32) < 0x20 => 6,
                c => c.len_utf8() as u64,
            })
            .sum::<u64>()
    }
    match &node.value {
        Value::Null => 4,
        Value::Bool(b) => {
            if *b {
                4
            } else {
                5
            }
        }
        Value::Int(i) => i.to_string().len() as u64,
        Value::BigInt(i) => i.to_string().len() as u64,
        Value::Float(f) => f.to_string().len() as u64,
        Value::Str(s) => string(s),
        Value::Seq(items) => {
            1 + items.len().max(1) as u64 + items.iter().map(json_size).sum::<u64>()
        }
        Value::Map(entries) => {
            1 + entries.len().max(1) as u64
                + entries
                    .iter()
                    .map(|e| string(&e.key) + 1 + json_size(&e.value))
                    .sum::<u64>()
        }
    }
}

fn decode_help(message: &str) -> Option<String> {
    if message.contains("of type string") && message.starts_with("json: cannot unmarshal") {
        Some("YAML reads unquoted numbers and words such as yes, no, on, off as numbers and booleans; quote the value".into())
    } else if message.starts_with("quantities must match") {
        Some("write a quantity such as 500m, 1, 128Mi or 1Gi".into())
    } else {
        None
    }
}

fn report_yaml_error(sink: &mut DocSink, doc: &mut Document, error: &YamlError) {
    let rule = match error.kind {
        yaml::build::YamlErrorKind::Limit => &INPUT_LIMIT,
        _ => &YAML_SYNTAX,
    };
    sink.push(rule, error.message.clone(), String::new(), error.span, None);
    doc.server_errors
        .push(format!("decode error: {}", error.message));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pod_named(name: &str) -> String {
        format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n  containers:\n  - name: a\n    image: nginx\n"
        )
    }

    #[test]
    fn json_size_is_the_compact_json_length() {
        let text = "a: [1, -20, true, null, 1.5, \"x\\\"y\\n\"]\nb: {}\nc: []\nd: {e: ☃}\n";
        let parsed = yaml::parse_document(text, Span::new(0, text.len()));
        let root = parsed.root.expect("parses");
        let json = r#"{"a":[1,-20,true,null,1.5,"x\"y\n"],"b":{},"c":[],"d":{"e":"☃"}}"#;
        assert_eq!(json_size(&root), json.len() as u64);
        // Go's encoder writes `<`, `>` and `&` as \u003c and so on.
        let text = "a: <&>\n";
        let root = yaml::parse_document(text, Span::new(0, text.len()))
            .root
            .unwrap();
        assert_eq!(
            json_size(&root),
            r#"{"a":"\u003c\u0026\u003e"}"#.len() as u64
        );
    }

    #[test]
    fn an_object_over_the_request_body_limit_is_refused_as_the_server_does() {
        let text = pod_named(&"a".repeat(4 << 20));
        let analysis = analyze(&text, &Options::default());
        let doc = &analysis.documents[0];
        assert_eq!(
            doc.server_errors,
            ["Request entity too large: limit is 3145728"]
        );
        assert_eq!(doc.verdict, Verdict::Invalid);
        assert_eq!(analysis.diagnostics.len(), 1);
        assert_eq!(analysis.diagnostics[0].rule.code, "PS0002");
        assert!(analysis.diagnostics[0].message.len() < 200);
        // What counts is the JSON sent, not the YAML: 4 MiB of comments is a small object.
        let mut commented = "# filler\n".repeat((4 << 20) / 9);
        commented.push_str(&pod_named("p"));
        let analysis = analyze(&commented, &Options::default());
        assert_eq!(analysis.documents[0].verdict, Verdict::Valid);
    }

    #[test]
    fn long_values_are_shown_cut_and_kept_whole_for_the_server_texts() {
        let name = "a".repeat(100_000);
        let analysis = analyze(&pod_named(&name), &Options::default());
        let error = analysis
            .diagnostics
            .iter()
            .find(|d| d.rule.code == "PS1101")
            .expect("name error");
        assert!(
            error.message.len() < 2 * validate::SHOWN_VALUE_BYTES,
            "{}",
            error.message.len()
        );
        assert!(
            error.message.ends_with(&format!(
                "aaaa\"...({} more bytes): must be no more than 253 characters",
                100_000 - validate::SHOWN_VALUE_BYTES
            )),
            "{}",
            &error.message[error.message.len() - 100..]
        );
        let doc = &analysis.documents[0];
        assert!(
            doc.server_errors[0].contains(&name),
            "the server echoes it whole"
        );
        assert!(doc.name.len() < 1100, "labels are bounded");
        for d in &analysis.diagnostics {
            assert!(d.message.len() <= MAX_SHOWN_BYTES + 100, "{}", d.rule.code);
        }
    }

    #[test]
    fn a_huge_kind_is_not_echoed() {
        let text = format!(
            "apiVersion: v1\nkind: {}\nmetadata:\n  name: x\n",
            "K".repeat(1 << 20)
        );
        let analysis = analyze(&text, &Options::default());
        assert!(
            analysis
                .diagnostics
                .iter()
                .all(|d| d.message.len() < MAX_SHOWN_BYTES + 100)
        );
        let doc = &analysis.documents[0];
        assert!(
            doc.kind.len() < 1100
                && doc.skip_reason.as_ref().unwrap().len() < MAX_SHOWN_BYTES + 100
        );
        assert!(
            doc.skip_reason
                .as_ref()
                .unwrap()
                .ends_with("is not a kind Podscope validates")
        );
    }

    #[test]
    fn shorten_keeps_the_start_and_the_end() {
        let mut text = format!("{}{}", "x".repeat(10_000), "END");
        shorten(&mut text, 100);
        assert!(text.starts_with(&"x".repeat(75)));
        assert!(text.ends_with("xEND"));
        assert!(text.contains("...(9903 bytes omitted)..."), "{text}");
        let mut snow = "☃".repeat(100);
        shorten(&mut snow, 10);
        assert!(snow.starts_with('☃') && snow.ends_with('☃'));
    }

    #[test]
    fn server_warnings_are_capped_like_the_warning_headers() {
        let mut warnings: Vec<String> = (0..20)
            .map(|i| format!("{i:03}{}", "w".repeat(297)))
            .collect();
        warnings.insert(1, warnings[0].clone());
        cap_server_warnings(&mut warnings);
        // 13 fit in 4096 runes; the 14th starts truncation: every kept warning is cut to 256
        // runes, and two more fit before the total reaches 4096 again.
        assert_eq!(warnings.len(), 16);
        assert!(warnings.iter().all(|w| w.chars().count() == 256));
        assert!(warnings[1].starts_with("001"), "duplicates dropped");
        let mut few = vec!["a".to_string(), "b".to_string(), "a".to_string()];
        cap_server_warnings(&mut few);
        assert_eq!(few, ["a", "b"]);
    }

    #[test]
    fn rule_settings_drop_or_regrade_diagnostics() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: A\n    image: x\n    bogus: 1\n";
        let mut options = Options::default();
        assert_eq!(analyze(text, &options).diagnostics.len(), 2);
        options
            .rules
            .insert("unknown-field".into(), RuleSetting::Off);
        options.rules.insert("PS1202".into(), RuleSetting::Warning);
        let analysis = analyze(text, &options);
        assert_eq!(analysis.diagnostics.len(), 1);
        assert_eq!(analysis.diagnostics[0].severity, Severity::Warning);
        // The server's verdict does not change with the user's settings.
        assert_eq!(analysis.documents[0].verdict, Verdict::Invalid);
    }

    #[test]
    fn annotations_silence_warnings_but_not_errors() {
        let pod = |annotation: &str| {
            format!(
                "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    podscope.dev/ignore: \"{annotation}\"\nspec:\n  containers:\n  - name: a\n    image: nginx\n    ports: [{{containerPort: 80}}]\n  - name: b\n    image: redis\n    ports: [{{containerPort: 80}}]\n    bogus: 1\n"
            )
        };
        let codes = |text: &str| -> Vec<&'static str> {
            analyze(text, &Options::default())
                .diagnostics
                .iter()
                .map(|d| d.rule.code)
                .collect()
        };
        assert_eq!(
            codes(&pod("none")),
            vec!["PS0013", "PS3016", "PS0005"]
                .into_iter()
                .filter(|c| *c != "PS0013")
                .chain(["PS0013"])
                .collect::<Vec<_>>()
        );
        assert_eq!(
            codes(&pod("PS3016, unknown-field: both on purpose")),
            vec!["PS0005"]
        );
    }
}
