//! Reading manifests: the text is split into documents and each is parsed into a positioned
//! [`Node`] tree with Kubernetes' scalar rules.
//!
//! Splitting follows `k8s.io/apimachinery`'s `YAMLReader`: a line that starts with `---` and has
//! only spaces or a comment after it ends a document; anything else after `---` on that line is
//! an error that ends the stream. A stream whose first non-blank character is `{` is JSON and is
//! split into its top-level values instead. Each document is then parsed on its own, so a syntax
//! error in one document leaves the others readable, exactly as with `kubectl apply -f`.
//!
//! Parsing uses saphyr's event parser (every event carries its span) and builds the tree
//! iteratively, with bounds on nesting depth and alias expansion so that hostile input (alias
//! bombs, 100,000 nested brackets) gets a diagnostic instead of exhausting memory or the stack.

pub mod build;
pub mod edit;
pub mod node;
pub mod resolve;

pub use build::{ParsedDocument, YamlError, parse_document};
pub use node::{Entry, Node, Value};

use crate::source::Span;

/// One document of a stream, before parsing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chunk {
    /// The byte range of the document's text (separator line excluded, except a leading one).
    pub span: Span,
    /// True when the text has something besides blank lines and bare separators. Empty chunks are
    /// not documents: they get no index, as with the API server's reader.
    pub has_content: bool,
    /// JSON rather than YAML.
    pub json: bool,
}

/// How a stream splits into documents.
#[derive(Clone, Debug, Default)]
pub struct Split {
    pub chunks: Vec<Chunk>,
    /// A `---` line followed by something other than a comment: the reader stops there.
    pub bad_separator: Option<(Span, String)>,
}

/// Splits a stream into documents as the API server's YAML/JSON reader does.
pub fn split_documents(text: &str) -> Split {
    let body_start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let first = text[body_start..].trim_start();
    if first.starts_with('{') {
        return split_json(text, body_start);
    }
    let mut split = Split::default();
    let mut chunk_start = body_start;
    let mut chunk_has_lines = false;
    let mut has_content = false;
    let mut pos = body_start;
    while pos < text.len() {
        let line_end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        let line = &text[pos..line_end];
        if let Some(rest) = line.strip_prefix("---") {
            let trimmed = rest.trim();
            if !trimmed.is_empty() && !trimmed.starts_with('#') {
                split.bad_separator = Some((Span::new(pos, line_end), trimmed.to_string()));
                if chunk_has_lines {
                    split.chunks.push(Chunk {
                        span: Span::new(chunk_start, pos),
                        has_content,
                        json: false,
                    });
                }
                return split;
            }
            if chunk_has_lines {
                split.chunks.push(Chunk {
                    span: Span::new(chunk_start, pos),
                    has_content,
                    json: false,
                });
                chunk_start = line_end;
                chunk_has_lines = false;
                has_content = false;
                pos = line_end;
                continue;
            }
            // A separator with nothing before it stays in the next document's text.
        } else if !has_content && !line.trim().is_empty() {
            has_content = true;
        }
        chunk_has_lines = true;
        pos = line_end;
    }
    if chunk_has_lines {
        split.chunks.push(Chunk {
            span: Span::new(chunk_start, text.len()),
            has_content,
            json: false,
        });
    }
    split
}

/// Splits a JSON stream into its top-level values (objects, usually).
fn split_json(text: &str, start: usize) -> Split {
    let bytes = text.as_bytes();
    let mut split = Split::default();
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut value_start = None;
    for (i, &b) in bytes.iter().enumerate().skip(start) {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                if depth == 0 {
                    value_start = Some(i);
                }
                depth += 1;
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    if let Some(s) = value_start.take() {
                        split.chunks.push(Chunk {
                            span: Span::new(s, i + 1),
                            has_content: true,
                            json: true,
                        });
                    }
                }
            }
            _ => {}
        }
    }
    // An unterminated value, or trailing text: hand the rest to the parser to report it.
    let tail_start =
        value_start.unwrap_or_else(|| split.chunks.last().map_or(start, |c| c.span.end()));
    if !text[tail_start..].trim().is_empty() {
        split.chunks.push(Chunk {
            span: Span::new(tail_start, text.len()),
            has_content: true,
            json: true,
        });
    }
    split
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'t>(text: &'t str, split: &Split) -> Vec<(&'t str, bool)> {
        split
            .chunks
            .iter()
            .map(|c| (&text[c.span.start()..c.span.end()], c.has_content))
            .collect()
    }

    #[test]
    fn splits_like_the_api_server_reader() {
        let text = "---\na: 1\n---\n# only a comment\n--- # note\nb: 2\n---\n---\n\n";
        let split = split_documents(text);
        assert_eq!(
            texts(text, &split),
            vec![
                ("---\na: 1\n", true),
                ("# only a comment\n", true),
                ("b: 2\n", true),
                ("---\n\n", false)
            ]
        );
        assert!(split.bad_separator.is_none());
    }

    #[test]
    fn content_after_a_separator_stops_the_stream() {
        let text = "a: 1\n--- {b: 2}\nc: 3\n";
        let split = split_documents(text);
        assert_eq!(texts(text, &split), vec![("a: 1\n", true)]);
        assert_eq!(split.bad_separator.as_ref().unwrap().1, "{b: 2}");
    }

    #[test]
    fn json_streams_split_on_values() {
        let text = " {\"a\": \"}\"}\n{\"b\": [1]}\n";
        let split = split_documents(text);
        assert_eq!(
            texts(text, &split),
            vec![("{\"a\": \"}\"}", true), ("{\"b\": [1]}", true)]
        );
    }

    #[test]
    fn crlf_and_bom() {
        let text = "\u{feff}a: 1\r\n---\r\nb: 2\r\n";
        let split = split_documents(text);
        assert_eq!(
            texts(text, &split),
            vec![("a: 1\r\n", true), ("b: 2\r\n", true)]
        );
    }
}
