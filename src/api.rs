//! The public data shapes (DTOs) shared by the CLI's JSON output, the WebAssembly API and the
//! editor integrations. Positions are converted here, once: 1-based lines, 1-based columns in
//! UTF-16 code units (as JavaScript and VS Code count), byte offsets, and UTF-16 offsets.

use serde::Serialize;

use crate::analyze::{Analysis, Diagnostic, Document};
use crate::source::{LineIndex, Span};

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct PositionDto {
    pub line: u32,
    pub column: u32,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct RangeDto {
    pub start: PositionDto,
    pub end: PositionDto,
    /// Byte offsets into the UTF-8 text.
    pub start_byte: u32,
    pub end_byte: u32,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct DiagnosticDto {
    /// Stable code, e.g. `PS1201`.
    pub code: String,
    /// Rule name, e.g. `container-name`.
    pub rule: String,
    /// `error` (the API server rejects it), `warning` (it warns, or it will misbehave), `info`.
    pub severity: String,
    pub message: String,
    /// Field path, e.g. `spec.containers[0].name` (empty for the whole document).
    pub path: String,
    pub help: Option<String>,
    /// Index of the document within the file.
    pub document: Option<usize>,
    pub range: RangeDto,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct DocumentDto {
    pub index: usize,
    /// For an item of a `kind: List` document, its index in `items`.
    pub item: Option<usize>,
    pub api_version: String,
    pub kind: String,
    pub name: String,
    /// `valid`, `invalid` or `skipped`.
    pub verdict: String,
    pub range: RangeDto,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct AnalysisDto {
    pub documents: Vec<DocumentDto>,
    pub diagnostics: Vec<DiagnosticDto>,
}

/// Converts spans of one text to ranges.
pub struct Positions<'t> {
    text: &'t str,
    index: LineIndex,
}

impl<'t> Positions<'t> {
    pub fn new(text: &'t str) -> Positions<'t> {
        Positions {
            text,
            index: LineIndex::new(text),
        }
    }

    pub fn range(&self, span: Span) -> RangeDto {
        let start = self.index.position(self.text, span.start());
        let end = self.index.position(self.text, span.end());
        RangeDto {
            start: PositionDto {
                line: start.line,
                column: start.column,
            },
            end: PositionDto {
                line: end.line,
                column: end.column,
            },
            start_byte: span.start,
            end_byte: span.end,
        }
    }

    pub fn line_index(&self) -> &LineIndex {
        &self.index
    }
}

impl DiagnosticDto {
    pub fn new(d: &Diagnostic, positions: &Positions) -> DiagnosticDto {
        DiagnosticDto {
            code: d.rule.code.to_string(),
            rule: d.rule.name.to_string(),
            severity: d.severity.as_str().to_string(),
            message: d.message.clone(),
            path: d.path.clone(),
            help: d.help.clone(),
            document: d.document,
            range: positions.range(d.span),
        }
    }
}

impl DocumentDto {
    pub fn new(d: &Document, positions: &Positions) -> DocumentDto {
        DocumentDto {
            index: d.index,
            item: d.item,
            api_version: d.api_version.clone(),
            kind: d.kind.clone(),
            name: d.name.clone(),
            verdict: d.verdict.as_str().to_string(),
            range: positions.range(d.span),
        }
    }
}

impl AnalysisDto {
    pub fn new(text: &str, analysis: &Analysis) -> AnalysisDto {
        let positions = Positions::new(text);
        AnalysisDto {
            documents: analysis
                .documents
                .iter()
                .filter(|d| !d.empty)
                .map(|d| DocumentDto::new(d, &positions))
                .collect(),
            diagnostics: analysis
                .diagnostics
                .iter()
                .map(|d| DiagnosticDto::new(d, &positions))
                .collect(),
        }
    }
}
