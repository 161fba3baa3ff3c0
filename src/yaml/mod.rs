//! Reading manifests: the text is split into documents and each is parsed into a positioned
//! [`Node`] tree with Kubernetes' scalar rules.
//!
//! Splitting follows `k8s.io/apimachinery`'s `YAMLReader`: a line that starts with `---` and has
//! only spaces or a comment after it ends a document; anything else after `---` on that line is
//! an error that ends the stream. A stream whose first non-blank character is `{` is JSON and is
//! split into its top-level values instead. Each document is then parsed on its own, so a syntax
//! error in one document leaves the others readable, exactly as with `kubectl apply -f`.
//!
//! Parsing uses libyaml-safer's event parser (libyaml ported to Rust, as go-yaml v2 is ported to
//! Go; every event carries its marks) and builds the tree
//! iteratively, with bounds on nesting depth and alias expansion so that hostile input (alias
//! bombs, 100,000 nested brackets) gets a diagnostic instead of exhausting memory or the stack.

pub mod build;
pub mod edit;
pub mod node;
pub mod resolve;

pub use build::{ParsedDocument, YamlError, parse_document};
pub use node::{Entry, KeyIndex, Node, Value};

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
    split_yaml(text, body_start)
}

/// Splits the text from `body_start` on `---` lines, as the `YAMLReader` does.
fn split_yaml(text: &str, body_start: usize) -> Split {
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

/// Splits a JSON stream into its top-level values (objects, usually). As with the API server's
/// `YAMLOrJSONDecoder`, a stream that looks like JSON but whose first or second value is not
/// valid JSON (a Helm template starting with `{{`, JSON followed by YAML) is read as YAML from that
/// value on, after the white space up to and including the first line break; later invalid
/// values stay JSON errors.
fn split_json(text: &str, start: usize) -> Split {
    let mut split = split_json_values(text, start);
    let invalid = split.chunks.iter().position(|chunk| {
        serde_json::from_str::<serde::de::IgnoredAny>(&text[chunk.span.start()..chunk.span.end()])
            .is_err()
    });
    if let Some(decoded) = invalid.filter(|&decoded| decoded <= 1) {
        let previous_end = decoded
            .checked_sub(1)
            .map_or(start, |i| split.chunks[i].span.end());
        let mut yaml_start = previous_end;
        for c in text[previous_end..].chars() {
            if !c.is_whitespace() {
                break;
            }
            yaml_start += c.len_utf8();
            if c == '\n' {
                break;
            }
        }
        split.chunks.truncate(decoded);
        let rest = split_yaml(text, yaml_start);
        split.chunks.extend(rest.chunks);
        split.bad_separator = rest.bad_separator;
    }
    split
}

/// The balanced top-level `{…}`/`[…]` values of a JSON stream, and any trailing text.
fn split_json_values(text: &str, start: usize) -> Split {
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
    fn a_stream_that_only_looks_like_json_is_yaml() {
        // A Helm template: `{{ ... }}` is not JSON, so the whole stream is YAML documents.
        let text = "{{ if .Values.x -}}\n---\na: 1\n---\nb: 2\n";
        let split = split_documents(text);
        assert_eq!(
            texts(text, &split),
            vec![
                ("{{ if .Values.x -}}\n", true),
                ("a: 1\n", true),
                ("b: 2\n", true)
            ]
        );
        assert!(split.chunks.iter().all(|c| !c.json));
        // One JSON value, then YAML: the YAML starts after the rest of the JSON value's line.
        let text = "{\"a\": 1}  \nb: 2\n---\nc: 3\n";
        let split = split_documents(text);
        assert_eq!(
            texts(text, &split),
            vec![("{\"a\": 1}", true), ("b: 2\n", true), ("c: 3\n", true)]
        );
        assert!(split.chunks[0].json && !split.chunks[1].json);
        // After two JSON values, an invalid one stays a JSON error.
        let text = "{\"a\": 1}\n{\"b\": 2}\n{c: 3}\n";
        let split = split_documents(text);
        assert_eq!(split.chunks.len(), 3);
        assert!(split.chunks.iter().all(|c| c.json));
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
