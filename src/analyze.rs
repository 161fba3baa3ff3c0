//! The pipeline: text → documents → parsed trees → decoded objects → verdicts and diagnostics.
//!
//! Each document goes through the API server's create path: YAML to JSON (syntax, duplicate
//! keys), the type of object (`apiVersion`/`kind`), strict JSON decoding (types, unknown fields),
//! then validation of the kinds Podscope checks.

use crate::diagnostic::{Rule, Severity};
pub use crate::document::{Analysis, Document, Verdict};
use crate::input::{
    BAD_SEPARATOR, DECODE_TYPE, DUPLICATE_KEY, HELM_TEMPLATE, IGNORED_AFTER_END, INPUT_LIMIT,
    MISSING_TYPE, NOT_A_MANIFEST, NOT_AN_OBJECT, NOT_CHECKED, NOT_TEXT, UNKNOWN_FIELD,
    UNKNOWN_SUPPRESSION, UNREADABLE_ENTRY, UNUSED_SUPPRESSION, VERSION_NOT_SERVED, YAML_SYNTAX,
};
use crate::options::{Options, RuleSetting};
use crate::schema::{decode, schema};
use crate::source::Span;
use crate::validate::{self, Ctx};
use crate::yaml::{self, Node, Value, YamlError};

/// Inputs larger than this are refused with a diagnostic (about 3 seconds of work).
pub const MAX_INPUT_BYTES: usize = 32 * 1024 * 1024;

pub use crate::diagnostic::{Diagnostic, Fix};

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
        help: Some("split the manifest into smaller files".into()),
        ..Diagnostic::new(&INPUT_LIMIT, message, String::new(), Span::new(0, 0))
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
    let mut diagnostics = vec![Diagnostic::new(
        &UNREADABLE_ENTRY,
        message,
        String::new(),
        Span::new(0, 0),
    )];
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
    analyze_in_run(text, decode_errors, options, None)
}

/// [`analyze_decoded`] for one input of a run of several (a folder scan, several files): a pod's
/// references to ConfigMaps, Secrets, claims, ServiceAccounts and Services resolve against the
/// objects of the whole run (`run`, see [`crate::graph::catalog::Catalog::defined_in`]) after
/// those of this input.
pub fn analyze_in_run(
    text: &str,
    decode_errors: &[(usize, &'static str)],
    options: &Options,
    run: Option<&std::sync::Arc<crate::graph::catalog::Catalog>>,
) -> Analysis {
    let mut analysis = Analysis {
        documents: Vec::new(),
        diagnostics: Vec::new(),
    };
    if text.len() > MAX_INPUT_BYTES {
        return too_large(Some(text.len() as u64), options);
    }
    if let Some(at) = text.find('\0') {
        analysis.diagnostics.push(Diagnostic::new(
            &NOT_TEXT,
            "input contains NUL bytes: it is binary, not a YAML or JSON manifest".into(),
            String::new(),
            Span::new(at, at + 1),
        ));
        return analysis;
    }
    let split = yaml::split_documents(text);
    let mut index = 0;
    let mut decode_errors = decode_errors.iter().peekable();
    // Newlines before the current chunk, counted once over the whole text.
    let (mut lines_before, mut counted_to) = (0, 0);
    for chunk in split.chunks.iter().filter(|c| c.has_content) {
        let start = chunk.span.start().max(counted_to);
        lines_before += bytecount_newlines(&text[counted_to..start]);
        counted_to = start;
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
        let documents = analyze_document(
            text,
            chunk.span,
            index,
            lines_before,
            options,
            &mut analysis.diagnostics,
        );
        analysis.documents.extend(documents);
        index += 1;
    }
    if let Some((span, rest)) = split.bad_separator {
        let message = format!("invalid Yaml document separator: {rest}");
        analysis.diagnostics.push(Diagnostic {
            help: Some("put each `---` on a line of its own (a comment may follow it); the reader stops here".into()),
            document: Some(index),
            ..Diagnostic::new(&BAD_SEPARATOR, message.clone(), String::new(), span)
        });
        let mut doc = Document::new(index, span);
        doc.verdict = Verdict::Invalid;
        doc.server_errors.push(format!("decode error: {message}"));
        analysis.documents.push(doc);
    }
    admit(&mut analysis, text, options);
    lint(&mut analysis, options, text, run);
    let pod_checks = crate::graph::check(&analysis.documents, options, run);
    analysis.diagnostics.extend(pod_checks);
    // Keep each document's findings together and in reading order.
    analysis
        .diagnostics
        .sort_by_key(|d| (d.document, d.span.start, d.span.end));
    apply_suppressions(&mut analysis, options);
    apply_rule_settings(&mut analysis.diagnostics, options);
    bound_echoes(&mut analysis);
    analysis
}

/// How a front end met a file: which of the whole-file verdicts of [`triage`] apply.
#[derive(Clone, Copy, Debug, Default)]
pub struct Met {
    /// Found by a folder scan (not named by the user): a file holding no Kubernetes object is
    /// skipped with one [`NOT_A_MANIFEST`] note.
    pub scanned: bool,
    /// The file is under the `templates/` folder of a Helm chart (a `Chart.yaml` beside it).
    pub in_chart: bool,
}

/// The verdict on a whole file, after its analysis: a Helm template ([`HELM_TEMPLATE`]) or, for
/// a file found by a folder scan, a file with no Kubernetes object ([`NOT_A_MANIFEST`]) is
/// replaced by one note (no documents), with the user's rule settings applied; any other file
/// keeps its analysis. Front ends that check files (the CLI) call it; [`analyze`] does not, so a
/// text the user typed is always checked in full.
pub fn triage(text: &str, analysis: Analysis, met: Met, options: &Options) -> Analysis {
    let note = |rule: &'static Rule, message: String, span: Span, help: Option<String>| {
        let mut diagnostics = vec![Diagnostic {
            help,
            ..Diagnostic::new(rule, message, String::new(), span)
        }];
        apply_rule_settings(&mut diagnostics, options);
        Analysis {
            documents: Vec::new(),
            diagnostics,
        }
    };
    if met.scanned && !(met.in_chart && text.contains("{{")) && !holds_an_object(text, &analysis) {
        return note(
            &NOT_A_MANIFEST,
            "skipped: no document has a kind, so this is not a Kubernetes manifest".into(),
            Span::new(0, 0),
            Some("name the file on the command line to check it anyway".into()),
        );
    }
    if let Some(at) = helm_template(text, &analysis, met.in_chart) {
        let end = text[at..].find("}}").map_or(at + 2, |e| at + e + 2);
        let end = if text[at..end].contains('\n') {
            at + 2
        } else {
            end
        };
        return note(
            &HELM_TEMPLATE,
            "Helm template: render it first (helm template)".into(),
            Span::new(at, end),
            Some("`{{ ... }}` is Go template syntax, not YAML; check what the chart renders: `helm template RELEASE CHART | podscope check -`".into()),
        );
    }
    analysis
}

/// Where a Helm template shows itself (its first `{{`): anywhere in a chart's template, else
/// where a template action breaks the YAML (the reader failed on a document, and a line starts
/// with `{{` or an error points at a line holding one). Template text inside YAML that reads
/// (an alerting rule's `{{ $labels.pod }}`, an Alertmanager template) is data and does not count.
fn helm_template(text: &str, analysis: &Analysis, in_chart: bool) -> Option<usize> {
    let first = text.find("{{")?;
    if in_chart {
        return Some(first);
    }
    let broken: Vec<&Diagnostic> = analysis
        .diagnostics
        .iter()
        .filter(|d| {
            d.severity == Severity::Error
                && [YAML_SYNTAX.code, NOT_AN_OBJECT.code, DECODE_TYPE.code].contains(&d.rule.code)
        })
        .collect();
    if broken.is_empty() {
        return None;
    }
    let line_at = |at: usize| {
        let at = at.min(text.len());
        let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
        &text[start..end]
    };
    let own_line = text.lines().any(|line| line.trim_start().starts_with("{{"));
    let at_error = broken
        .iter()
        .any(|d| line_at(d.span.start as usize).contains("{{"));
    (own_line || at_error).then_some(first)
}

/// Whether some document of the file is (or reads as) a Kubernetes object: a mapping with a
/// `kind`, or with an `apiVersion` and `metadata`, or a document the reader could not parse
/// whose text holds `kind` (a broken manifest is still a manifest).
fn holds_an_object(text: &str, analysis: &Analysis) -> bool {
    if analysis.documents.is_empty() {
        // Refused or unreadable as a whole, or only comments: keep what was found.
        return true;
    }
    analysis
        .documents
        .iter()
        .filter(|d| !d.empty)
        .any(|d| match &d.root {
            // `apiVersion` alone is not enough: a Helm `Chart.yaml` has one (`v2`).
            Some(root) if root.is_map() => {
                root.get("kind").is_some()
                    || (root.get("apiVersion").is_some() && root.get("metadata").is_some())
            }
            Some(_) => false,
            None => {
                let (start, end) = (d.span.start as usize, d.span.end as usize);
                let chunk = text.get(start..end.min(text.len())).unwrap_or("");
                chunk.contains("kind")
            }
        })
        || analysis.documents.iter().all(|d| d.empty)
}

/// The best-practice checks ([`crate::lint`]) of the chosen profile, on every document whose
/// tree could be read.
///
/// In a run of several inputs the cross-object checks also read the other inputs' workloads,
/// Services, budgets, autoscalers, Ingresses, NetworkPolicies and ServiceAccounts (so a Service
/// in one file is matched against the Deployment in the next), and report only on this input's.
fn lint(
    analysis: &mut Analysis,
    options: &Options,
    text: &str,
    run: Option<&std::sync::Arc<crate::graph::catalog::Catalog>>,
) {
    use crate::document::is_custom_api_version;
    use crate::lint::{self, Profile, objects::Object};
    if options.profile == Profile::None {
        return;
    }
    let mut findings = Vec::new();
    for doc in &analysis.documents {
        let Some(root) = &doc.root else { continue };
        if let Some(view) = crate::podsecurity::pod_view(&doc.kind, root) {
            let mut found = Vec::new();
            lint::pod::check(&doc.kind, &view, options.profile, &mut found);
            findings.extend(found.into_iter().map(|f| (doc.index, f)));
        }
    }
    let mut objects: Vec<Object> = analysis
        .documents
        .iter()
        .filter_map(|doc| {
            Some(Object {
                document: doc.index,
                kind: &doc.kind,
                root: doc.root.as_ref().filter(|r| r.is_map())?,
            })
        })
        .collect();
    // Namespaces where an operator may make pods from a custom resource.
    let local_operated: std::collections::HashSet<String> = objects
        .iter()
        .filter(|o| is_custom_api_version(o.root.str_of("apiVersion")))
        .map(|o| lint::objects::namespace_of(o.root).to_string())
        .collect();
    let empty = std::collections::HashSet::new();
    let run_operated = run.map_or(&empty, |r| r.custom_namespaces());
    if let Some(run) = run {
        let kinds = lint::objects::kinds_wanted_from_run(&objects);
        let others: Vec<(&str, &crate::yaml::Node)> = run
            .run_objects_besides(text, &kinds)
            .into_iter()
            .filter(|o| o.root.is_map())
            .map(|o| (o.kind.as_str(), &o.root))
            .collect();
        let wanted = lint::objects::wanted_from_run(&objects, others);
        objects.extend(wanted);
    }
    let operated = |ns: &str| local_operated.contains(ns) || run_operated.contains(ns);
    findings.extend(lint::objects::check(&objects, &operated, options.profile));
    for (index, f) in findings {
        analysis.diagnostics.push(Diagnostic {
            help: Some(f.help),
            document: Some(index),
            ..Diagnostic::new(f.rule, f.message, f.path, f.span)
        });
    }
}

/// The PodSecurity admission plugin, after validation: see [`crate::podsecurity`].
fn admit(analysis: &mut Analysis, text: &str, options: &Options) {
    use crate::podsecurity::{self, Level, Policy};
    let default = Policy::uniform(options.pod_security);
    // The last Namespace document of a name wins, as the last apply would.
    let namespaces: std::collections::HashMap<String, Policy> = analysis
        .documents
        .iter()
        .filter(|d| d.kind == "Namespace" && d.api_version == "v1")
        .filter_map(|d| {
            let meta = d.root.as_ref()?.map_of("metadata")?;
            let labels = meta.map_of("labels")?;
            Some((meta.str_of("name").to_string(), default.with_labels(labels)))
        })
        .collect();
    if namespaces.is_empty() && options.pod_security == Level::Privileged {
        return;
    }
    for doc in &mut analysis.documents {
        if doc.verdict != Verdict::Valid {
            continue;
        }
        let Some(root) = &doc.root else { continue };
        let Some(view) = podsecurity::pod_view(&doc.kind, root) else {
            continue;
        };
        let namespace = root
            .map_of("metadata")
            .and_then(|m| m.opt_str("namespace"))
            .filter(|n| !n.is_empty())
            .unwrap_or("default");
        let policy = namespaces.get(namespace).unwrap_or(&default);
        let mut sink = DocSink {
            diagnostics: &mut analysis.diagnostics,
            index: doc.index,
            lines_before: 0,
        };
        let mut report = |violations: &[podsecurity::Violation], prefix: &str, severity| {
            for v in violations {
                // One message per control, shortened once: the detail names every container,
                // and it is repeated at each container's place.
                let mut message = format!("{prefix}: {}", v.text());
                shorten(&mut message, MAX_SHOWN_BYTES);
                for (path, span, fix) in &v.places {
                    sink.push(
                        v.rule,
                        message.clone(),
                        path.clone(),
                        *span,
                        Some(v.help.clone()),
                    );
                    if let Some(last) = sink.diagnostics.last_mut() {
                        last.severity = severity;
                        last.fixes.extend(fix.clone());
                    }
                }
            }
        };
        // Only Pods are rejected; a request that is rejected gets no Pod Security warning.
        if doc.kind == "Pod" {
            let violations =
                podsecurity::evaluate(policy.enforce.level, policy.enforce.minor(), &view, text);
            if !violations.is_empty() {
                let prefix = format!(
                    "violates PodSecurity {}",
                    validate::go_quote(&policy.enforce.label())
                );
                report(&violations, &prefix, Severity::Error);
                doc.server_errors.push(format!(
                    "pods {} is forbidden: {prefix}: {}",
                    validate::go_quote(&doc.name),
                    podsecurity::joined(&violations)
                ));
                doc.verdict = Verdict::Invalid;
                continue;
            }
        }
        let violations = podsecurity::evaluate(policy.warn.level, policy.warn.minor(), &view, text);
        if !violations.is_empty() {
            let prefix = format!(
                "would violate PodSecurity {}",
                validate::go_quote(&policy.warn.label())
            );
            report(&violations, &prefix, Severity::Warning);
            doc.server_warnings
                .push(format!("{prefix}: {}", podsecurity::joined(&violations)));
        }
    }
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
        help: Some("save the file as UTF-8 (or UTF-16 with a byte-order mark)".into()),
        document: Some(index),
        ..Diagnostic::new(
            &NOT_TEXT,
            message.clone(),
            String::new(),
            Span::new(at, at + '\u{fffd}'.len_utf8()),
        )
    });
    let mut doc = Document::new(index, span);
    doc.server_errors.push(format!("decode error: {message}"));
    doc
}

/// The annotation that silences Podscope's own findings for one object, with a reason:
/// `podscope.dev/ignore: "PS5001, unused-volume: the volume is filled by a webhook"`.
pub const IGNORE_ANNOTATION: &str = "podscope.dev/ignore";

/// Drops the findings that an object's suppression annotations name (on the object or its pod
/// template): Podscope's own `podscope.dev/ignore`, and the peers' annotations, mapped through
/// each rule's `equivalents`, so a team can switch without touching its manifests:
/// `ignore-check.kube-linter.io/<check>`, `polaris.fairwinds.com/<check>-exempt: "true"` (and
/// `polaris.fairwinds.com/exempt: "true"` for every Polaris check), `kube-score/ignore:
/// "check,check"` and `checkov.io/skip<N>: CKV_K8S_16=reason`.
///
/// Only warnings and notes can be silenced: what the API server rejects stays an error. A name in
/// `podscope.dev/ignore` that matches no rule, or a rule that reports nothing on the object (or
/// only errors), is itself reported, so a suppression never goes stale quietly. The peers'
/// annotations are not judged that way: the peer may still be in use.
fn apply_suppressions(analysis: &mut Analysis, options: &Options) {
    use std::collections::HashSet;
    let all = crate::rules::all();
    let by_peer = crate::rules::by_equivalent();
    let peer = |tool: &str, id: &str| -> Vec<&'static Rule> {
        by_peer
            .get(format!("{tool}: {}", id.trim()).as_str())
            .cloned()
            .unwrap_or_default()
    };
    let mut silenced: HashSet<(usize, &'static str)> = HashSet::new();
    // podscope.dev/ignore names to judge once the findings are known.
    let mut named: Vec<(usize, &'static Rule, Span)> = Vec::new();
    let mut extra = Vec::new();
    for doc in analysis.documents.iter().filter(|d| d.item.is_none()) {
        let Some(root) = &doc.root else { continue };
        let template_meta = crate::podsecurity::pod_view(&doc.kind, root)
            .filter(|v| !v.is_pod)
            .and_then(|v| v.meta);
        for annotations in [root.map_of("metadata"), template_meta]
            .into_iter()
            .flatten()
            .filter_map(|m| m.map_of("annotations"))
        {
            for entry in annotations.entries() {
                let value = entry.value.as_str().unwrap_or("");
                let key = entry.key.as_str();
                let rules: Vec<&'static Rule> = if key == IGNORE_ANNOTATION {
                    let names = value.split(':').next().unwrap_or("");
                    let mut found = Vec::new();
                    for name in names.split(',').map(str::trim).filter(|n| !n.is_empty()) {
                        match crate::rules::lookup(name) {
                            Some(rule) => {
                                named.push((doc.index, rule, entry.value.span));
                                found.push(rule);
                            }
                            None => extra.push(Diagnostic {
                                help: Some("use a code or name from `podscope rules`, e.g. `PS5001` or `unused-volume`".into()),
                                document: Some(doc.index),
                                ..Diagnostic::new(
                                    &UNKNOWN_SUPPRESSION,
                                    format!("{IGNORE_ANNOTATION} names {name}, which is not a Podscope rule"),
                                    format!("metadata.annotations[{IGNORE_ANNOTATION}]"),
                                    entry.value.span,
                                )
                            }),
                        }
                    }
                    found
                } else if let Some(check) = key.strip_prefix("ignore-check.kube-linter.io/") {
                    peer("kube-linter", check)
                } else if key == "polaris.fairwinds.com/exempt" && value == "true" {
                    all.iter()
                        .filter(|r| r.equivalents.iter().any(|e| e.starts_with("polaris: ")))
                        .copied()
                        .collect()
                } else if let Some(check) = key
                    .strip_prefix("polaris.fairwinds.com/")
                    .and_then(|k| k.strip_suffix("-exempt"))
                    .filter(|_| value == "true")
                {
                    peer("polaris", check)
                } else if key == "kube-score/ignore" {
                    value
                        .split(',')
                        .flat_map(|id| peer("kube-score", id))
                        .collect()
                } else if key.starts_with("checkov.io/skip") {
                    peer("checkov", value.split('=').next().unwrap_or(""))
                } else {
                    continue;
                };
                silenced.extend(rules.into_iter().map(|r| (doc.index, r.code)));
            }
        }
    }
    if silenced.is_empty() && extra.is_empty() {
        return;
    }
    let reported: HashSet<(usize, &'static str, bool)> = analysis
        .diagnostics
        .iter()
        .filter_map(|d| Some((d.document?, d.rule.code, d.severity == Severity::Error)))
        .collect();
    analysis.diagnostics.retain(|d| {
        d.severity == Severity::Error
            || !d
                .document
                .is_some_and(|index| silenced.contains(&(index, d.rule.code)))
    });
    for (index, rule, span) in named {
        // A best-practice rule outside the chosen profile did not run: nothing to judge.
        if crate::lint::RULES.iter().any(|r| r.code == rule.code) && !options.profile.runs(rule) {
            continue;
        }
        let silenced_some = reported.contains(&(index, rule.code, false));
        if silenced_some {
            continue;
        }
        let why = if reported.contains(&(index, rule.code, true)) {
            "reports only errors the API server would raise here, which cannot be silenced"
        } else {
            "reports nothing on this object"
        };
        extra.push(Diagnostic {
            help: Some(format!("remove {} from the annotation", rule.code)),
            document: Some(index),
            ..Diagnostic::new(
                &UNUSED_SUPPRESSION,
                format!(
                    "{IGNORE_ANNOTATION} names {} ({}), which {why}",
                    rule.code, rule.name
                ),
                format!("metadata.annotations[{IGNORE_ANNOTATION}]"),
                span,
            )
        });
    }
    analysis.diagnostics.extend(extra);
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
fn served_versions(kind: &str) -> Option<&'static [&'static str]> {
    Some(match kind {
        "Pod"
        | "PodTemplate"
        | "ReplicationController"
        | "ConfigMap"
        | "Secret"
        | "ServiceAccount"
        | "PersistentVolumeClaim"
        | "Service" => &["v1"],
        "Deployment" | "ReplicaSet" | "DaemonSet" | "StatefulSet" => &["apps/v1"],
        "Job" | "CronJob" => &["batch/v1"],
        "PodDisruptionBudget" => &["policy/v1"],
        // The first is the preferred version, named in the help of "no matches for kind".
        "HorizontalPodAutoscaler" => &["autoscaling/v2", "autoscaling/v1"],
        "NetworkPolicy" | "Ingress" => &["networking.k8s.io/v1"],
        _ => return None,
    })
}

/// The schema type a served `kind` of `api_version` decodes into (its Go type's name, or a
/// suffixed one where two versions differ).
fn schema_type<'k>(kind: &'k str, api_version: &str) -> &'k str {
    match (kind, api_version) {
        ("HorizontalPodAutoscaler", "autoscaling/v1") => "HorizontalPodAutoscalerV1",
        _ => kind,
    }
}

struct DocSink<'a> {
    diagnostics: &'a mut Vec<Diagnostic>,
    index: usize,
    /// Newlines in the text before the document (its first line is this plus one).
    lines_before: usize,
}

fn bytecount_newlines(text: &str) -> usize {
    text.bytes().filter(|b| *b == b'\n').count()
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
            help,
            document: Some(self.index),
            ..Diagnostic::new(rule, message, path, span)
        });
    }
}

fn analyze_document(
    text: &str,
    span: Span,
    index: usize,
    lines_before: usize,
    options: &Options,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Document> {
    let mut doc = Document::new(index, span);
    let mut sink = DocSink {
        diagnostics,
        index,
        lines_before,
    };
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
    let Some(versions) = served_versions(&doc.kind) else {
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
    if !versions.contains(&doc.api_version.as_str()) {
        let version = versions[0];
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
        for d in duplicates {
            // The line of the first occurrence, without indexing the whole text per document.
            let first_line = sink.lines_before + d.first_line;
            sink.push(
                &DUPLICATE_KEY,
                format!("key {} already set in map", validate::go_quote(&d.key)),
                String::new(),
                d.key_span,
                Some(format!(
                    "the key is first set on line {first_line}; remove one of them",
                )),
            );
        }
        // Strict decoding collects: the unknown fields below join the duplicate keys, and the
        // object is still validated.
    }
    let schema = schema();
    let id = schema
        .id(schema_type(&doc.kind, &doc.api_version))
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
        // The key as written is replaced by the field meant.
        let written = text
            .get(unknown.span.start()..unknown.span.end())
            .unwrap_or("");
        if let Some(meant) = &unknown.suggestion
            && unknown.path.ends_with(written)
            && !written.is_empty()
            && let Some(last) = sink.diagnostics.last_mut()
        {
            last.fixes.push(Fix {
                title: format!("Change to `{meant}`"),
                edits: vec![(unknown.span, meant.clone())],
                certain: true,
            });
        }
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
        let meant = closest_supported(error);
        sink.push(
            error.rule,
            error.display_message(),
            error.path.clone(),
            error.span,
            meant.as_ref().map(|m| format!("did you mean `{m}`?")),
        );
        // The value as written (plain or quoted) is replaced by the supported one meant.
        if let Some(meant) = meant
            && let validate::ErrValue::Str(value) = &error.value
            && let Some(written) = text.get(error.span.start()..error.span.end())
            && written.trim_matches(|c| c == '"' || c == '\'') == value
            && let Some(last) = sink.diagnostics.last_mut()
        {
            last.fixes.push(Fix {
                title: format!("Change to `{meant}`"),
                edits: vec![(error.span, meant)],
                certain: true,
            });
        }
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

/// For an `Unsupported value` error, the supported value closest to the one written, when it is
/// close enough to be a typo (`IfNotPresnt` → `IfNotPresent`, `always` → `Always`).
fn closest_supported(error: &validate::FieldError) -> Option<String> {
    if error.kind != validate::ErrorType::NotSupported {
        return None;
    }
    let validate::ErrValue::Str(value) = &error.value else {
        return None;
    };
    let list = error.detail.strip_prefix("supported values: ")?;
    let supported: Vec<&str> = list
        .split(", ")
        .filter_map(|v| v.strip_prefix('"')?.strip_suffix('"'))
        .collect();
    let lower = value.to_ascii_lowercase();
    supported
        .iter()
        // A listed value that is refused for another reason is no suggestion.
        .filter(|s| *s != value)
        .map(|s| {
            (
                strsim::damerau_levenshtein(&lower, &s.to_ascii_lowercase()),
                *s,
            )
        })
        .filter(|(distance, s)| *distance <= 2.max(s.len() / 4) && *distance < s.len() / 2 + 1)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, s)| s.to_string())
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
                "aaaa\"...({} more bytes): must be no more than 253 bytes",
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
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: A\n    image: x:1\n    bogus: 1\n";
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
                "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    podscope.dev/ignore: \"{annotation}\"\nspec:\n  containers:\n  - name: a\n    image: nginx:1.27\n    ports: [{{containerPort: 80}}]\n  - name: b\n    image: redis:7\n    ports: [{{containerPort: 80}}]\n    bogus: 1\n"
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
        // The error stays, and the suppression that cannot silence it is reported.
        assert_eq!(
            codes(&pod("PS3016, unknown-field: both on purpose")),
            vec!["PS0005", "PS0015"]
        );
    }

    #[test]
    fn peer_annotations_silence_their_equivalents_and_stale_ones_are_reported() {
        let deployment = |annotations: &str| {
            format!(
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n  annotations:\n{annotations}spec:\n  selector: {{matchLabels: {{app: d}}}}\n  template:\n    metadata: {{labels: {{app: d}}}}\n    spec:\n      hostNetwork: true\n      containers:\n      - name: a\n        image: nginx:1.27\n        securityContext: {{privileged: true}}\n"
            )
        };
        let codes = |text: &str| -> Vec<&'static str> {
            let mut codes: Vec<&'static str> = analyze(text, &Options::default())
                .diagnostics
                .iter()
                .map(|d| d.rule.code)
                .collect();
            codes.sort_unstable();
            codes
        };
        assert_eq!(codes(&deployment("    team: web\n")), ["PS6001", "PS6011"]);
        for annotations in [
            "    ignore-check.kube-linter.io/privileged-container: \"an agent\"\n    ignore-check.kube-linter.io/host-network: \"an agent\"\n",
            "    polaris.fairwinds.com/runAsPrivileged-exempt: \"true\"\n    polaris.fairwinds.com/hostNetworkSet-exempt: \"true\"\n",
            "    polaris.fairwinds.com/exempt: \"true\"\n",
            "    checkov.io/skip1: CKV_K8S_16=an agent\n    checkov.io/skip2: CKV_K8S_19=an agent\n",
        ] {
            assert_eq!(
                codes(&deployment(annotations)),
                Vec::<&str>::new(),
                "{annotations}"
            );
        }
        assert_eq!(
            codes(&deployment(
                "    kube-score/ignore: container-security-context-privileged\n"
            )),
            ["PS6011"]
        );
        // A Podscope suppression of a rule that reports nothing here is reported.
        assert_eq!(
            codes(&deployment(
                "    podscope.dev/ignore: \"PS6001, PS6017: old\"\n"
            )),
            ["PS0015", "PS6011"]
        );
        // One outside the profile did not run, so it is not judged.
        assert_eq!(
            codes(&deployment(
                "    podscope.dev/ignore: \"PS6001, PS6009: old\"\n"
            )),
            ["PS6011"]
        );
    }

    #[test]
    fn a_misspelt_supported_value_gets_a_suggestion_and_a_fix() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: a\n    image: nginx:1.27\n    imagePullPolicy: IfNotPresnt\n";
        let analysis = analyze(text, &Options::default());
        let d = analysis
            .diagnostics
            .iter()
            .find(|d| d.rule.code == "PS1207")
            .unwrap();
        assert_eq!(d.help.as_deref(), Some("did you mean `IfNotPresent`?"));
        assert_eq!(d.fixes[0].edits, vec![(d.span, "IfNotPresent".to_string())]);
        let far = text.replace("IfNotPresnt", "Sometimes");
        let analysis = analyze(&far, &Options::default());
        let d = analysis
            .diagnostics
            .iter()
            .find(|d| d.rule.code == "PS1207")
            .unwrap();
        assert!(d.help.is_none() && d.fixes.is_empty());
    }
}
