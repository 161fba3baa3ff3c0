//! Diagnostics rendered in one place, so the CLI, the page, the editor and the snapshot tests
//! say the same thing: a compiler-style text report with the source line and a caret under the
//! exact range, SARIF 2.1.0 for code scanning, and the corpus `reference` TSV lines.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::analyze::{Analysis, Diagnostic, Verdict};
use crate::rules::Severity;
use crate::source::LineIndex;

/// A text report of one file's diagnostics (`color` adds ANSI styles).
pub fn text_report(path: &str, text: &str, diagnostics: &[Diagnostic], color: bool) -> String {
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
        let title = level.primary_title(d.message.as_str()).id(d.rule.code);
        let snippet = Snippet::source(excerpt)
            .line_start(first + 1)
            .path(path)
            .annotation(AnnotationKind::Primary.span(local));
        let mut report = vec![title.element(snippet)];
        if let Some(help) = &d.help {
            report.push(Group::with_title(
                Level::HELP.secondary_title(help.as_str()),
            ));
        }
        out.push_str(&renderer.render(&report));
        out.push_str("\n\n");
    }
    out
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

/// A SARIF 2.1.0 log for GitHub code scanning. `files` holds each file's path, text and analysis.
pub fn sarif(files: &[(String, &str, &Analysis)]) -> serde_json::Value {
    use serde_json::json;
    let rules = crate::rules::all();
    let rule_index = |code: &str| rules.iter().position(|r| r.code == code);
    let mut results = Vec::new();
    for (path, text, analysis) in files {
        let positions = crate::api::Positions::new(text);
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
            json!({
                "id": r.code,
                "name": r.name,
                "shortDescription": { "text": r.summary },
                "defaultConfiguration": { "level": level },
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
