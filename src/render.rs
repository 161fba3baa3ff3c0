//! Diagnostics rendered in one place, so the CLI, the page, the editor and the snapshot tests
//! say the same thing: a compiler-style text report with the source line and a caret under the
//! exact range, SARIF 2.1.0 for code scanning, and the corpus `reference` TSV lines.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::analyze::{Analysis, Diagnostic, Verdict};
use crate::diagnostic::Severity;
use crate::source::LineIndex;

/// A text report of one file's diagnostics (`color` adds ANSI styles). When the file holds
/// several documents, each finding about one says which, numbered from 1 as a person counts
/// (`note: in Deployment web (document 2)`); the machine formats keep the 0-based index.
pub fn text_report(path: &str, text: &str, analysis: &Analysis, color: bool) -> String {
    let diagnostics = &analysis.diagnostics;
    let several = analysis
        .documents
        .iter()
        .filter(|d| !d.empty && d.item.is_none())
        .count()
        > 1;
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let index = LineIndex::new(text);
    let mut out = String::new();
    for d in diagnostics {
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Info => Level::INFO,
        };
        // Only the lines of the range are handed over, so large files stay cheap.
        let first = index.line_of(d.span.start());
        let last = index.line_of(
            d.span
                .end()
                .saturating_sub(usize::from(!d.span.is_empty()))
                .max(d.span.start()),
        );
        let start = index.line_start(first);
        let end = if last + 1 < index.line_count() {
            index.line_start(last + 1)
        } else {
            text.len()
        };
        let excerpt = text[start..end].trim_end_matches(['\n', '\r']);
        let local =
            (d.span.start() - start).min(excerpt.len())..(d.span.end() - start).min(excerpt.len());
        // A very long line (minified JSON: a whole document on one line) is cut to a window
        // around the range: the renderer's work is per character of the excerpt, and a caret in
        // the middle of megabytes helps nobody. The location line is then written with the
        // range's real column.
        let long = if first == last {
            excerpt.len() > MAX_LINE_BYTES
        } else {
            excerpt.len() > MAX_EXCERPT_BYTES
        };
        let windowed = long.then(|| window(excerpt, local.clone()));
        let (excerpt, local) = match &windowed {
            Some((cut, cut_local)) => (cut.as_str(), cut_local.clone()),
            None => (excerpt, local),
        };
        let title = level.primary_title(d.message.as_str()).id(d.rule.code);
        let snippet = Snippet::source(excerpt)
            .line_start(first + 1)
            .path(path)
            .annotation(AnnotationKind::Primary.span(local));
        let mut report = vec![title.element(snippet)];
        let note = d
            .document
            .filter(|_| several)
            .map(|index| document_label(analysis, index, d.span));
        if let Some(note) = &note {
            report.push(Group::with_title(
                Level::NOTE.secondary_title(note.as_str()),
            ));
        }
        if let Some(help) = &d.help {
            report.push(Group::with_title(
                Level::HELP.secondary_title(help.as_str()),
            ));
        }
        let rendered = renderer.render(&report);
        if windowed.is_some() {
            let column = text[start..d.span.start().min(text.len())].chars().count() + 1;
            out.push_str(&with_column(&rendered, path, first + 1, column));
        } else {
            out.push_str(&rendered);
        }
        out.push_str("\n\n");
    }
    out
}

/// The longest line, and the longest excerpt of several lines, handed to the renderer whole.
const MAX_LINE_BYTES: usize = 400;
const MAX_EXCERPT_BYTES: usize = 16 * 1024;

/// The part of a long excerpt around `local` (at most about 360 bytes of it, on one line), and
/// the range within it.
fn window(excerpt: &str, local: std::ops::Range<usize>) -> (String, std::ops::Range<usize>) {
    let floor = |mut i: usize| {
        while !excerpt.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let line_end = excerpt[local.start..]
        .find('\n')
        .map_or(excerpt.len(), |i| local.start + i);
    let from = floor(local.start.saturating_sub(80));
    let shown_end = local.end.min(local.start + 200).min(line_end);
    let to = floor((shown_end + 80).min(line_end));
    let mut cut = String::new();
    if from > 0 {
        cut.push_str("...");
    }
    let shift = cut.len();
    cut.push_str(&excerpt[from..to]);
    if to < line_end {
        cut.push_str("...");
    }
    let start = local.start - from + shift;
    let end = floor(shown_end.max(local.start)) - from + shift;
    (cut, start..end)
}

/// `rendered` with its location line (`--> path:line:column`) giving `column`.
fn with_column(rendered: &str, path: &str, line: usize, column: usize) -> String {
    let marker = format!("--> {path}:{line}:");
    rendered
        .lines()
        .map(|l| match l.find(&marker) {
            Some(at) => format!("{}{marker}{column}", &l[..at]),
            None => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// "in Deployment web (document 2)", or "(document 2, item 3)" inside a List: the 1-based
/// numbers the page and VS Code show, for the innermost object holding `span`.
fn document_label(analysis: &Analysis, index: usize, span: crate::source::Span) -> String {
    // The documents are in index order (a List's items share its index): find this index's by
    // binary search, not a pass over all of them per diagnostic.
    let all = &analysis.documents;
    let these =
        &all[all.partition_point(|d| d.index < index)..all.partition_point(|d| d.index <= index)];
    let holding = these
        .iter()
        .filter(|d| !d.empty)
        .filter(|d| d.span.start() <= span.start() && span.end() <= d.span.end())
        .min_by_key(|d| d.span.end() - d.span.start())
        .or_else(|| these.iter().find(|d| d.item.is_none()));
    let Some(doc) = holding else {
        return format!("in document {}", index + 1);
    };
    // A document whose kind could not be read is named by its number alone.
    let kind = match doc.kind.as_str() {
        "" | "?" if doc.name.is_empty() => None,
        "" | "?" => Some("object"),
        kind => Some(kind),
    };
    let number = match doc.item {
        Some(item) => format!("document {}, item {}", index + 1, item + 1),
        None => format!("document {}", index + 1),
    };
    match kind {
        None => format!("in {number}"),
        Some(kind) if doc.name.is_empty() => format!("in {kind} ({number})"),
        Some(kind) => format!("in {kind} {} ({number})", doc.name),
    }
}

/// One TSV line per document in the columns of the API-server verdicts file.
pub fn reference_lines(path: &str, analysis: &Analysis) -> String {
    let mut out = String::new();
    // List items are checked, but the reference (like the server) has one line per document.
    for doc in analysis
        .documents
        .iter()
        .filter(|d| !d.empty && d.item.is_none())
    {
        let verdict = match doc.verdict {
            Verdict::Skipped => "skipped",
            _ if doc.server_errors.is_empty() && doc.strict_errors.is_empty() => "valid",
            _ => "invalid",
        };
        let errors = if doc.verdict == Verdict::Skipped {
            doc.skip_reason.clone().unwrap_or_default()
        } else {
            join(&doc.server_errors)
        };
        out.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
            tsv(path),
            doc.index,
            tsv(&doc.kind),
            verdict,
            tsv(&errors),
            tsv(&join(&doc.server_warnings)),
            tsv(&join(&doc.strict_errors)),
        ));
    }
    // An input refused as a whole (too large, binary, not text, unreadable) has no document, but
    // a consumer of the lines must still see that the file was met and turned away.
    if out.is_empty() {
        let refusals: Vec<String> = analysis
            .diagnostics
            .iter()
            .filter(|d| d.document.is_none())
            .map(|d| format!("{}: {}", d.rule.code, d.message))
            .collect();
        if !refusals.is_empty() {
            out.push_str(&format!(
                "{}\t0\t?\tskipped\t{}\t\t\n",
                tsv(path),
                tsv(&join(&refusals))
            ));
        }
    }
    out
}

fn join(items: &[String]) -> String {
    items.join(" | ")
}

fn tsv(s: &str) -> String {
    s.replace('\n', "\\n")
        .replace('\t', "\\t")
        .replace('\r', "\\r")
}

/// JUnit XML, as CI systems read it: one `<testsuite>` per file, one `<testcase>` per document
/// (and one for findings about the file as a whole), a `<failure>` holding every error of the
/// document, and its warnings and notes in `<system-out>`.
pub fn junit(files: &[(String, &str, &Analysis)]) -> String {
    let escape = |text: &str| {
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&apos;"),
                // XML 1.0 allows no other control characters, even escaped.
                c if (c as u32) < 0x20 && !matches!(c, '\n' | '\t' | '\r') => out.push('\u{fffd}'),
                c => out.push(c),
            }
        }
        out
    };
    let mut suites = String::new();
    let (mut total_tests, mut total_failures) = (0, 0);
    for (path, text, analysis) in files {
        let positions = crate::source::Positions::new(text);
        let line = |d: &Diagnostic| {
            let range = positions.range(d.span);
            format!(
                "{}[{}] {}:{}:{}: {}{}",
                d.severity.as_str(),
                d.rule.code,
                path,
                range.start.line,
                range.start.column,
                d.message,
                d.help
                    .as_ref()
                    .map(|h| format!(" (help: {h})"))
                    .unwrap_or_default()
            )
        };
        let mut cases: Vec<(String, Option<usize>)> = Vec::new();
        if analysis.diagnostics.iter().any(|d| d.document.is_none()) {
            cases.push(("file".into(), None));
        }
        for doc in analysis.documents.iter().filter(|d| !d.empty) {
            if cases.iter().any(|(_, i)| *i == Some(doc.index)) {
                continue;
            }
            let name = if doc.name.is_empty() {
                format!("document {} ({})", doc.index + 1, doc.kind)
            } else {
                format!("document {}: {} {}", doc.index + 1, doc.kind, doc.name)
            };
            cases.push((name, Some(doc.index)));
        }
        let mut body = String::new();
        let mut failures = 0;
        for (name, index) in &cases {
            let found: Vec<&Diagnostic> = analysis
                .diagnostics
                .iter()
                .filter(|d| d.document == *index)
                .collect();
            let errors: Vec<String> = found
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .map(|d| line(d))
                .collect();
            let others: Vec<String> = found
                .iter()
                .filter(|d| d.severity != Severity::Error)
                .map(|d| line(d))
                .collect();
            body.push_str(&format!(
                "    <testcase name=\"{}\" classname=\"{}\">\n",
                escape(name),
                escape(path)
            ));
            if !errors.is_empty() {
                failures += 1;
                body.push_str(&format!(
                    "      <failure type=\"error\" message=\"{} error{}\">{}</failure>\n",
                    errors.len(),
                    if errors.len() == 1 { "" } else { "s" },
                    escape(&errors.join("\n"))
                ));
            }
            if !others.is_empty() {
                body.push_str(&format!(
                    "      <system-out>{}</system-out>\n",
                    escape(&others.join("\n"))
                ));
            }
            body.push_str("    </testcase>\n");
        }
        total_tests += cases.len();
        total_failures += failures;
        suites.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\">\n{body}  </testsuite>\n",
            escape(path),
            cases.len()
        ));
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"podscope\" tests=\"{total_tests}\" failures=\"{total_failures}\">\n{suites}</testsuites>\n"
    )
}

/// A SARIF 2.1.0 log for GitHub code scanning, listing the rules its results use. `files` holds each file's path, text and analysis.
pub fn sarif(files: &[(String, &str, &Analysis)]) -> serde_json::Value {
    use serde_json::json;
    // Only the rules that have results are listed (each with its whole documentation), in code
    // order; `ruleIndex` points into that list.
    let mut rules: Vec<&'static crate::diagnostic::Rule> = files
        .iter()
        .flat_map(|(_, _, analysis)| analysis.diagnostics.iter().map(|d| d.rule))
        .collect();
    rules.sort_by_key(|r| r.code);
    rules.dedup_by_key(|r| r.code);
    let rule_index = |code: &str| rules.iter().position(|r| r.code == code);
    let mut results = Vec::new();
    for (path, text, analysis) in files {
        let positions = crate::source::Positions::new(text);
        for d in &analysis.diagnostics {
            let range = positions.range(d.span);
            let level = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "note",
            };
            let mut message = d.message.clone();
            if let Some(help) = &d.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            results.push(json!({
                "ruleId": d.rule.code,
                "ruleIndex": rule_index(d.rule.code),
                "level": level,
                "message": { "text": message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": path.trim_start_matches("./") },
                        "region": {
                            "startLine": range.start.line,
                            "startColumn": range.start.column,
                            "endLine": range.end.line,
                            "endColumn": range.end.column.max(range.start.column + u32::from(range.end.line == range.start.line && range.end.column == range.start.column)),
                        }
                    }
                }],
                "properties": { "fieldPath": d.path },
            }));
        }
    }
    let rules_json: Vec<serde_json::Value> = rules
        .iter()
        .map(|r| {
            let level = match r.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "note",
            };
            let mut properties = json!({ "tags": r.tags() });
            if let Some(severity) = r.security_severity() {
                properties["security-severity"] = json!(severity);
            }
            json!({
                "id": r.code,
                "name": r.name,
                "shortDescription": { "text": r.summary },
                "help": { "text": r.markdown(), "markdown": r.markdown() },
                "helpUri": r.help_uri(),
                "defaultConfiguration": { "level": level },
                "properties": properties,
            })
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "podscope",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": env!("CARGO_PKG_REPOSITORY"),
                "rules": rules_json,
            }},
            "columnKind": "utf16CodeUnits",
            "results": results,
        }]
    })
}
