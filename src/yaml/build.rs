//! Event stream → [`Node`] tree, with go-yaml v2's decoding rules and bounds.

use std::collections::HashMap;

use libyaml_safer::{Event, EventData, Mark, Parser, ScalarStyle};

use super::node::{Entry, Node, Value};
use super::resolve::{Resolved, resolve_plain};
use crate::source::Span;

/// Deeper nesting than this is refused (the tree is walked recursively afterwards).
pub const MAX_DEPTH: usize = 1000;
/// Nodes that alias expansion may add to one document; go-yaml refuses such "billion laughs"
/// documents too ("document contains excessive aliasing").
pub const MAX_ALIAS_NODES: usize = 400_000;
/// Bytes of text (scalars and keys) that alias expansion may add to one document, and that the
/// copies kept for anchors may hold: the node bound alone let a few hundred aliases of a 64 KB
/// scalar take gigabytes.
pub const MAX_ALIAS_BYTES: usize = 16 * 1024 * 1024;

/// The size of a subtree: its nodes and the bytes of its scalars and keys.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Weight {
    nodes: usize,
    bytes: usize,
}

impl Weight {
    fn add(&mut self, other: Weight) {
        self.nodes = self.nodes.saturating_add(other.nodes);
        self.bytes = self.bytes.saturating_add(other.bytes);
    }
}

fn scalar_weight(node: &Node) -> Weight {
    Weight {
        nodes: 1,
        bytes: node.as_str().map_or(8, str::len),
    }
}

/// An error that makes the document undecodable, in go-yaml's words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    /// Text as the API server reports it, e.g. `yaml: line 3: mapping values are not allowed in this context`.
    pub message: String,
    pub span: Span,
    pub kind: YamlErrorKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum YamlErrorKind {
    /// The text is not YAML.
    Syntax,
    /// YAML, but not convertible to JSON (a mapping as a key, a bad merge).
    Conversion,
    /// A bound on depth or aliasing was exceeded.
    Limit,
}

/// A key set twice in one mapping (strict decoding refuses the document).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Duplicate {
    pub key: String,
    pub key_span: Span,
    /// The earlier occurrence.
    pub first_key_span: Span,
    /// 1-based line of the repeated value within the document, as go-yaml counts it.
    pub line: usize,
    /// 1-based line of `first_key_span` within the document.
    pub first_line: usize,
}

/// One parsed document.
#[derive(Clone, Debug, Default)]
pub struct ParsedDocument {
    /// `None` when the document is empty or only comments.
    pub root: Option<Node>,
    pub error: Option<YamlError>,
    pub duplicates: Vec<Duplicate>,
    /// Text after a `...` document end marker, which the API server never reads (go-yaml decodes
    /// only the first document of each `---`-separated part).
    pub ignored: Option<Span>,
}

/// Parses the document at `chunk` of `text`. Spans in the result are byte offsets into `text`.
pub fn parse_document(text: &str, chunk: Span) -> ParsedDocument {
    let source = &text[chunk.start()..chunk.end()];
    let mut builder = Builder::new(source, chunk.start());
    let mut bytes = source.as_bytes();
    let mut parser = Parser::new();
    parser.set_input_string(&mut bytes);
    let mut started = false;
    let mut ignored = None;
    loop {
        let event = match parser.parse() {
            Ok(event) => event,
            Err(error) => {
                builder.syntax_error(&error);
                break;
            }
        };
        match event.data {
            EventData::DocumentStart { .. } if !started => started = true,
            EventData::DocumentEnd { .. } => {
                // What follows a `...` is never decoded. libyaml wants a `---` there and errs at
                // the first token otherwise; either way that token starts the ignored text.
                let next = match parser.parse() {
                    Ok(Event {
                        data: EventData::DocumentStart { .. },
                        start_mark,
                        ..
                    }) => Some(start_mark),
                    Err(error) => error.problem_mark(),
                    Ok(_) => None,
                };
                if let Some(mark) = next {
                    ignored = Some(Span::new(builder.byte(mark), chunk.end()));
                }
                break;
            }
            EventData::StreamEnd => break,
            _ => {
                if let Err(error) = builder.on_event(event) {
                    builder.fatal = Some(error);
                    break;
                }
            }
        }
    }
    let mut parsed = builder.finish();
    parsed.ignored =
        ignored.filter(|span: &Span| !text[span.start()..span.end()].trim().is_empty());
    parsed
}

struct Builder<'t> {
    source: &'t str,
    base: usize,
    /// Byte offset of each `\n` of the document, for [`Builder::line_of`].
    newlines: std::cell::OnceCell<Vec<u32>>,
    stack: Vec<Frame>,
    /// The weight of what each open collection of `stack` holds so far.
    weights: Vec<Weight>,
    /// Copies of the anchored nodes that some alias refers to, with their weights, by name (a
    /// later anchor of the same name replaces an earlier one, as in go-yaml).
    anchors: HashMap<String, (Node, Weight)>,
    /// The anchor names some alias of the document refers to.
    referenced: std::collections::HashSet<String>,
    /// What alias expansion and the copies kept for anchors added, against the bounds.
    alias_nodes: usize,
    alias_bytes: usize,
    root: Option<Node>,
    fatal: Option<YamlError>,
    /// The first conversion error; go-yaml reports it only if the whole document parses.
    conversion: Option<YamlError>,
    duplicates: Vec<Duplicate>,
    /// The span of the last alias pushed: go-yaml merges an alias only when it names a mapping
    /// (`<<: *list` fails even when the list holds mappings).
    last_alias: Option<Span>,
}

enum Frame {
    Seq {
        items: Vec<Node>,
        start: Span,
        flow: bool,
        anchor: Option<String>,
    },
    Map {
        entries: Vec<Entry>,
        start: Span,
        flow: bool,
        anchor: Option<String>,
        key: Option<Key>,
        /// Key → index into `entries`, built only for large mappings (small ones are scanned).
        seen: Option<HashMap<String, usize>>,
    },
}

enum Key {
    Name(String, Span),
    Merge(Span),
    Invalid,
}

impl<'t> Builder<'t> {
    fn new(source: &'t str, base: usize) -> Builder<'t> {
        Builder {
            source,
            base,
            newlines: std::cell::OnceCell::new(),
            stack: Vec::new(),
            weights: Vec::new(),
            anchors: HashMap::new(),
            referenced: referenced_anchors(source),
            alias_nodes: 0,
            alias_bytes: 0,
            root: None,
            fatal: None,
            conversion: None,
            duplicates: Vec::new(),
            last_alias: None,
        }
    }

    /// The byte offset into the whole text of a parser mark (marks count bytes of the document).
    fn byte(&self, mark: Mark) -> usize {
        self.base
            + usize::try_from(mark.index).map_or(self.source.len(), |i| i.min(self.source.len()))
    }

    fn span(&self, event: &Event) -> Span {
        Span::new(self.byte(event.start_mark), self.byte(event.end_mark))
    }

    /// 1-based line within the document of a byte offset.
    fn line_of(&self, offset: usize) -> usize {
        let local = offset.saturating_sub(self.base).min(self.source.len());
        // Built on first use (most documents never ask), then a binary search: a mapping with
        // 100,000 repeated keys asks once per key.
        let newlines = self.newlines.get_or_init(|| {
            self.source
                .bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i as u32)
                .collect()
        });
        newlines.partition_point(|&n| (n as usize) < local) + 1
    }

    /// A syntax error in go-yaml's words: go-yaml prints libyaml's problem (not its context) with
    /// `line N` taken from the problem's mark (0-based, plus one for scanner errors), else from the
    /// context's mark, and no line at all when that is 0.
    fn syntax_error(&mut self, error: &libyaml_safer::Error) {
        let scanner = error.kind() == libyaml_safer::ErrorKind::Scanner;
        let line = match (error.problem_mark(), error.context_mark()) {
            (Some(mark), _) if mark.line != 0 => mark.line + u64::from(scanner),
            (_, Some(mark)) => mark.line,
            _ => 0,
        };
        let offset = match error.problem_mark() {
            Some(mark) => self.byte(mark),
            None => self.base + first_disallowed_char(self.source).unwrap_or(0),
        };
        let where_ = if line == 0 {
            String::new()
        } else {
            format!("line {line}: ")
        };
        self.fatal = Some(YamlError {
            message: format!("yaml: {where_}{}", error.problem()),
            span: Span::new(offset, offset),
            kind: YamlErrorKind::Syntax,
        });
    }

    fn on_event(&mut self, event: Event) -> Result<(), YamlError> {
        let span = self.span(&event);
        match event.data {
            EventData::Scalar {
                anchor,
                tag,
                value,
                style,
                ..
            } => {
                let core_tag = tag
                    .as_deref()
                    .and_then(|t| t.strip_prefix("tag:yaml.org,2002:"));
                let node = scalar_node(&value, style, core_tag, span);
                let weight = scalar_weight(&node);
                self.register(anchor, &node, weight, span)?;
                self.push_weighted(node, weight);
            }
            EventData::Alias { anchor } => {
                let Some((_, weight)) = self.anchors.get(&anchor) else {
                    return Err(YamlError {
                        message: format!("yaml: unknown anchor '{anchor}' referenced"),
                        span,
                        kind: YamlErrorKind::Syntax,
                    });
                };
                let weight = *weight;
                self.spend(weight, span)?;
                let Some((target, _)) = self.anchors.get(&anchor) else {
                    return Ok(());
                };
                let mut node = target.clone();
                node.span = span;
                self.last_alias = Some(span);
                self.push_weighted(node, weight);
            }
            EventData::SequenceStart { anchor, style, .. } => {
                self.check_depth(span)?;
                self.weights.push(Weight::default());
                self.stack.push(Frame::Seq {
                    items: Vec::new(),
                    start: span,
                    flow: style == libyaml_safer::SequenceStyle::Flow,
                    anchor,
                });
            }
            EventData::MappingStart { anchor, style, .. } => {
                self.check_depth(span)?;
                self.weights.push(Weight::default());
                self.stack.push(Frame::Map {
                    entries: Vec::new(),
                    start: span,
                    flow: style == libyaml_safer::MappingStyle::Flow,
                    anchor,
                    key: None,
                    seen: None,
                });
            }
            EventData::SequenceEnd => {
                if let Some(Frame::Seq {
                    items,
                    start,
                    flow,
                    anchor,
                }) = self.stack.pop()
                {
                    let end = if flow {
                        span.end()
                    } else {
                        items.last().map_or(start.end(), |n| n.span.end())
                    };
                    let weight = self.close_weight();
                    let node = Node::new(
                        Value::Seq(items),
                        Span::new(start.start(), end.max(start.start())),
                    );
                    self.register(anchor, &node, weight, span)?;
                    self.push_weighted(node, weight);
                }
            }
            EventData::MappingEnd => {
                if let Some(Frame::Map {
                    entries,
                    start,
                    flow,
                    anchor,
                    ..
                }) = self.stack.pop()
                {
                    let end = if flow {
                        span.end()
                    } else {
                        entries
                            .last()
                            .map_or(start.end(), |e| e.value.span.end().max(e.key_span.end()))
                    };
                    let weight = self.close_weight();
                    let node = Node::new(
                        Value::Map(entries),
                        Span::new(start.start(), end.max(start.start())),
                    );
                    self.register(anchor, &node, weight, span)?;
                    self.push_weighted(node, weight);
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn check_depth(&self, span: Span) -> Result<(), YamlError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(YamlError {
                message: format!("yaml: exceeded max depth of {MAX_DEPTH}"),
                span,
                kind: YamlErrorKind::Limit,
            });
        }
        Ok(())
    }

    /// Keeps a copy of an anchored node, if an alias refers to it: nested anchors that no alias
    /// uses cost nothing, and the copies that are kept count against the alias bounds.
    fn register(
        &mut self,
        anchor: Option<String>,
        node: &Node,
        weight: Weight,
        span: Span,
    ) -> Result<(), YamlError> {
        let Some(anchor) = anchor.filter(|a| self.referenced.contains(a)) else {
            return Ok(());
        };
        self.spend(weight, span)?;
        self.anchors.insert(anchor, (node.clone(), weight));
        Ok(())
    }

    /// Counts a copy of `weight` against the alias bounds.
    fn spend(&mut self, weight: Weight, span: Span) -> Result<(), YamlError> {
        self.alias_nodes = self.alias_nodes.saturating_add(weight.nodes);
        self.alias_bytes = self.alias_bytes.saturating_add(weight.bytes);
        if self.alias_nodes > MAX_ALIAS_NODES || self.alias_bytes > MAX_ALIAS_BYTES {
            return Err(YamlError {
                message: "yaml: document contains excessive aliasing".into(),
                span,
                kind: YamlErrorKind::Limit,
            });
        }
        Ok(())
    }

    /// The weight of the collection being closed (itself included).
    fn close_weight(&mut self) -> Weight {
        let mut weight = self.weights.pop().unwrap_or_default();
        weight.add(Weight { nodes: 1, bytes: 8 });
        weight
    }

    /// [`Builder::push`], adding the node's weight to its parent's.
    fn push_weighted(&mut self, node: Node, weight: Weight) {
        if let Some(parent) = self.weights.last_mut() {
            parent.add(weight);
        }
        self.push(node);
    }

    fn conversion_error(&mut self, span: Span, message: String) {
        if self.conversion.is_none() {
            self.conversion = Some(YamlError {
                message,
                span,
                kind: YamlErrorKind::Conversion,
            });
        }
    }

    fn push(&mut self, node: Node) {
        let Some(frame) = self.stack.last_mut() else {
            if self.root.is_none() {
                self.root = Some(node);
            }
            return;
        };
        match frame {
            Frame::Seq { items, .. } => items.push(node),
            Frame::Map {
                key: key @ None, ..
            } => {
                let span = node.span;
                let converted = match key_string(node) {
                    Ok(KeyText::Merge) => Key::Merge(span),
                    Ok(KeyText::Name(name)) => Key::Name(name, span),
                    Err(message) => {
                        *key = Some(Key::Invalid);
                        self.conversion_error(span, message);
                        return;
                    }
                };
                *key = Some(converted);
            }
            Frame::Map {
                key: key @ Some(_), ..
            } => {
                let key = key.take().expect("checked above");
                match key {
                    Key::Invalid => {}
                    Key::Name(name, key_span) => self.insert(name, key_span, node),
                    Key::Merge(key_span) => self.merge(key_span, node),
                }
            }
        }
    }

    fn insert(&mut self, key: String, key_span: Span, value: Node) {
        /// Mappings with more keys than this get a hash index for duplicate checks.
        const SCAN_LIMIT: usize = 24;
        let value_start = value.span.start();
        let Some(Frame::Map { entries, seen, .. }) = self.stack.last_mut() else {
            return;
        };
        let existing = match seen {
            Some(index) => index.get(&key).copied(),
            None => entries.iter().position(|e| e.key == key),
        };
        if let Some(first) = existing {
            let first_key_span = entries[first].key_span;
            let line = self.line_of(value_start);
            let first_line = self.line_of(first_key_span.start());
            self.duplicates.push(Duplicate {
                key,
                key_span,
                first_key_span,
                line,
                first_line,
            });
            return;
        }
        if seen.is_none() && entries.len() >= SCAN_LIMIT {
            *seen = Some(
                entries
                    .iter()
                    .enumerate()
                    .map(|(i, e)| (e.key.clone(), i))
                    .collect(),
            );
        }
        if let Some(index) = seen {
            index.insert(key.clone(), entries.len());
        }
        entries.push(Entry {
            key,
            key_span,
            value,
        });
    }

    /// `<<: *base` or `<<: [*a, *b]`: the merged keys are set as if written here (earlier maps of
    /// a list take precedence); with strict decoding a key set twice this way is a duplicate.
    fn merge(&mut self, key_span: Span, value: Node) {
        let aliased = self.last_alias == Some(value.span);
        let maps: Vec<Node> = match value.value {
            Value::Map(_) => vec![value],
            Value::Seq(items) if !aliased && items.iter().all(Node::is_map) => {
                items.into_iter().rev().collect()
            }
            _ => {
                self.conversion_error(
                    key_span,
                    "yaml: map merge requires map or sequence of maps as the value".into(),
                );
                return;
            }
        };
        for map in maps {
            if let Value::Map(entries) = map.value {
                for entry in entries {
                    self.insert(entry.key, entry.key_span, entry.value);
                }
            }
        }
    }

    fn finish(mut self) -> ParsedDocument {
        // A document cut short by an error still closes its open collections, for partial results.
        while !self.stack.is_empty() && self.fatal.is_some() {
            let frame = self.stack.pop().expect("non-empty");
            let node = match frame {
                Frame::Seq { items, start, .. } => Node::new(Value::Seq(items), start),
                Frame::Map { entries, start, .. } => Node::new(Value::Map(entries), start),
            };
            self.push(node);
        }
        let error = self.fatal.or(self.conversion);
        let root = self.root.filter(|r| !r.is_null());
        ParsedDocument {
            root,
            error,
            duplicates: self.duplicates,
            ignored: None,
        }
    }
}

/// The anchor names that some alias of `source` refers to, from a first pass over its events
/// (only when the text has both a `&` and a `*`).
fn referenced_anchors(source: &str) -> std::collections::HashSet<String> {
    let mut referenced = std::collections::HashSet::new();
    if !source.contains('*') || !source.contains('&') {
        return referenced;
    }
    let mut bytes = source.as_bytes();
    let mut parser = Parser::new();
    parser.set_input_string(&mut bytes);
    while let Ok(event) = parser.parse() {
        match event.data {
            EventData::Alias { anchor } => {
                referenced.insert(anchor);
            }
            EventData::StreamEnd => break,
            _ => {}
        }
    }
    referenced
}

/// The byte offset of the first character libyaml refuses ("control characters are not
/// allowed"): it allows tab, line breaks, printable ASCII, NEL and the rest of Unicode except
/// surrogates and U+FFFE/U+FFFF.
fn first_disallowed_char(source: &str) -> Option<usize> {
    source
        .char_indices()
        .find(|&(_, c)| {
            !matches!(c, '\t' | '\n' | '\r' | '\x20'..='\x7e' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
        })
        .map(|(i, _)| i)
}

enum KeyText {
    Name(String),
    Merge,
}

/// The JSON key a YAML key becomes (sigs.k8s.io/yaml's conversion).
fn key_string(node: Node) -> Result<KeyText, String> {
    Ok(KeyText::Name(match node.value {
        Value::Str(s) if node.plain && s == "<<" => return Ok(KeyText::Merge),
        Value::Str(s) => s,
        Value::Int(i) => i.to_string(),
        Value::BigInt(u) => u.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Float(f) => go_float_key(f),
        Value::Null => {
            return Err("error converting YAML to JSON: unsupported map key of type: %!s(<nil>), key: <nil>".to_string());
        }
        Value::Seq(_) | Value::Map(_) => {
            return Err(format!("yaml: invalid map key: {}", go_syntax(&node)));
        }
    }))
}

fn go_float_key(f: f64) -> String {
    if f.is_nan() {
        ".nan".into()
    } else if f.is_infinite() {
        if f > 0.0 {
            ".inf".into()
        } else {
            "-.inf".into()
        }
    } else {
        format!("{}", f as f32)
    }
}

/// Go's `%#v` of a decoded YAML value, as go-yaml prints an invalid key.
fn go_syntax(node: &Node) -> String {
    match &node.value {
        Value::Null => "interface {}(nil)".into(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::BigInt(u) => format!("0x{u:x}"),
        Value::Float(f) => f.to_string(),
        Value::Str(s) => format!("{s:?}"),
        Value::Seq(items) => {
            let inner: Vec<String> = items.iter().map(go_syntax_in_interface).collect();
            format!("[]interface {{}}{{{}}}", inner.join(", "))
        }
        Value::Map(entries) => {
            let mut inner: Vec<String> = entries
                .iter()
                .map(|e| format!("{:?}:{}", e.key, go_syntax_in_interface(&e.value)))
                .collect();
            inner.sort();
            format!("map[interface {{}}]interface {{}}{{{}}}", inner.join(", "))
        }
    }
}

fn go_syntax_in_interface(node: &Node) -> String {
    match &node.value {
        Value::Null => "interface {}(nil)".into(),
        Value::Bool(_) | Value::Int(_) | Value::Float(_) | Value::Str(_) | Value::BigInt(_) => {
            let type_name = match node.value {
                Value::Bool(_) => "bool",
                Value::Int(_) => "int",
                Value::BigInt(_) => "uint64",
                Value::Float(_) => "float64",
                _ => "string",
            };
            if type_name == "string" {
                go_syntax(node)
            } else {
                format!("{type_name}({})", go_syntax(node))
            }
        }
        _ => go_syntax(node),
    }
}

fn scalar_node(text: &str, style: ScalarStyle, tag: Option<&str>, span: Span) -> Node {
    let plain = style == ScalarStyle::Plain;
    let value = if tag == Some("str") || tag == Some("binary") || !plain {
        Value::Str(text.to_string())
    } else {
        match resolve_plain(text) {
            Resolved::Null => Value::Null,
            Resolved::Bool(b) => Value::Bool(b),
            Resolved::Int(i) => Value::Int(i),
            Resolved::BigInt(u) => Value::BigInt(u),
            Resolved::Float(f) => Value::Float(f),
            Resolved::Merge | Resolved::Str => Value::Str(text.to_string()),
        }
    };
    let span = if text.is_empty() && plain {
        Span::new(span.start(), span.start())
    } else {
        span
    };
    Node { value, span, plain }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> ParsedDocument {
        parse_document(text, Span::new(0, text.len()))
    }

    #[test]
    fn keys_and_values_keep_their_spans() {
        let text = "spec:\n  containers:\n  - name: MyApp\n    image: x\n";
        let doc = parse(text);
        let root = doc.root.unwrap();
        let container = &root.get("spec").unwrap().get("containers").unwrap().items()[0];
        let name = container.entry("name").unwrap();
        assert_eq!(&text[name.key_span.start()..name.key_span.end()], "name");
        assert_eq!(
            &text[name.value.span.start()..name.value.span.end()],
            "MyApp"
        );
    }

    #[test]
    fn scalars_resolve_as_yaml_1_1() {
        let doc = parse("a: yes\nb: \"yes\"\nc: 0644\nd: ~\ne: |\n  text\n");
        let root = doc.root.unwrap();
        assert_eq!(root.get("a").unwrap().value, Value::Bool(true));
        assert_eq!(root.get("b").unwrap().value, Value::Str("yes".into()));
        assert_eq!(root.get("c").unwrap().value, Value::Int(420));
        assert!(root.get("d").is_none());
        assert_eq!(root.get("e").unwrap().value, Value::Str("text\n".into()));
    }

    #[test]
    fn anchors_aliases_and_merges() {
        let text = "base: &b {x: 1, y: 2}\nuse: *b\nmerged:\n  <<: *b\n  z: 3\n";
        let doc = parse(text);
        let root = doc.root.unwrap();
        // `y` is YAML 1.1's `true`, so the key is "true", as the API server sees it.
        assert_eq!(
            root.get("use").unwrap().get("true").unwrap().value,
            Value::Int(2)
        );
        let base = root.get("base").unwrap();
        assert_eq!(&text[base.span.start()..base.span.end()], "&b {x: 1, y: 2}");
        let merged = root.get("merged").unwrap();
        assert_eq!(merged.entries().len(), 3);
        assert!(doc.error.is_none());
        let bad = parse("a:\n  <<: 3\n");
        assert_eq!(
            bad.error.unwrap().message,
            "yaml: map merge requires map or sequence of maps as the value"
        );
        // A list of mappings merges when written out, not through an alias (go-yaml's `merge`).
        let listed = parse("a: &a {x: 1}\nb: &b {y: 2}\nc:\n  <<: [*a, *b]\n");
        assert!(listed.error.is_none());
        assert_eq!(listed.root.unwrap().get("c").unwrap().entries().len(), 2);
        let aliased = parse("l: &l\n- {x: 1}\nc:\n  <<: *l\n");
        assert_eq!(
            aliased.error.unwrap().message,
            "yaml: map merge requires map or sequence of maps as the value"
        );
    }

    #[test]
    fn duplicate_keys_are_recorded_with_the_value_line() {
        let doc = parse("a: 1\nb:\n  c: 1\nb:\n  c: 2\n");
        assert_eq!(doc.duplicates.len(), 1);
        assert_eq!(doc.duplicates[0].key, "b");
        assert_eq!(doc.duplicates[0].line, 5);
    }

    #[test]
    fn syntax_errors_read_as_go_yaml_writes_them() {
        let message = |text: &str| parse(text).error.unwrap().message;
        // A scanner error on the first line (0 to libyaml) has no line number at all.
        assert_eq!(
            message("a: b: c\n"),
            "yaml: mapping values are not allowed in this context"
        );
        // Scanner errors count lines from 1 ...
        assert_eq!(
            message("a: 1\nb: c: d\n"),
            "yaml: line 2: mapping values are not allowed in this context"
        );
        // ... parser errors from 0, so the line is one less than the offending one.
        assert_eq!(
            message("a:\n  b: 1\n c: 2\n"),
            "yaml: line 2: did not find expected key"
        );
        assert_eq!(
            message("a:\n\tb: 1\n"),
            "yaml: line 2: found character that cannot start any token"
        );
        assert_eq!(message("a: *x\n"), "yaml: unknown anchor 'x' referenced");
        // A block scalar that ends the document without a line break keeps its last line.
        let root = parse("a: |\n  text").root.unwrap();
        assert_eq!(root.get("a").unwrap().value, Value::Str("text".into()));
        // libyaml accepts a flow sequence whose items and `]` sit at the key's indentation.
        assert!(parse("args: [\n\"-x\", \"y\",\n]\n").error.is_none());
    }

    #[test]
    fn mapping_keys_are_invalid() {
        let doc = parse("{{ .Values.x }}\n");
        assert_eq!(
            doc.error.unwrap().message,
            "yaml: invalid map key: map[interface {}]interface {}{\".Values.x\":interface {}(nil)}"
        );
    }

    #[test]
    fn alias_bombs_and_deep_nesting_are_bounded() {
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 0..8 {
            bomb.push_str(&format!(
                "b{i}: &b{i} [{p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}]\n",
                p = if i == 0 {
                    "*a".to_string()
                } else {
                    format!("*b{}", i - 1)
                }
            ));
        }
        let doc = parse(&bomb);
        assert_eq!(doc.error.unwrap().kind, YamlErrorKind::Limit);
        let deep = "[".repeat(5000) + &"]".repeat(5000);
        let doc = parse(&deep);
        assert_eq!(doc.error.unwrap().kind, YamlErrorKind::Limit);
    }

    #[test]
    fn non_ascii_spans_are_bytes() {
        let text = "# é😀\nname: \"日本\"\n";
        let doc = parse(text);
        let name = doc.root.unwrap();
        let value = &name.entry("name").unwrap().value;
        assert_eq!(&text[value.span.start()..value.span.end()], "\"日本\"");
    }
}

#[cfg(test)]
mod quoted_span_tests {
    use super::*;

    #[test]
    fn quoted_scalars_end_at_the_closing_quote() {
        let text =
            "a: \"My\\\"App\"   # c\nb: 'it''s'  # d\nc: plain   # e\nd: \"multi\n  line\"  # f\n";
        let doc = parse_document(text, Span::new(0, text.len()));
        let values: Vec<&str> = doc
            .root
            .unwrap()
            .entries()
            .iter()
            .map(|e| &text[e.value.span.start()..e.value.span.end()])
            .collect::<Vec<_>>()
            .into_iter()
            .collect();
        assert_eq!(
            values,
            vec!["\"My\\\"App\"", "'it''s'", "plain", "\"multi\n  line\""]
        );
    }
}

/// Inputs on which the published libyaml-safer panicked (vendor/libyaml-safer/PATCHES.md): each
/// now parses, or fails with go-yaml's words.
#[cfg(test)]
mod parser_panic_tests {
    use super::*;

    fn parse(text: &str) -> ParsedDocument {
        parse_document(text, Span::new(0, text.len()))
    }

    fn error(text: &str) -> String {
        parse(text).error.expect("a syntax error").message
    }

    #[test]
    fn a_tag_before_a_comma_in_a_flow_collection_is_go_yamls_error() {
        assert_eq!(
            error("v: [!!str, b]\n"),
            "yaml: did not find expected whitespace or line break"
        );
        assert_eq!(
            error("a: 1\nv: {k: !!str, x: y}\n"),
            "yaml: line 2: did not find expected whitespace or line break"
        );
    }

    #[test]
    fn a_block_scalar_may_end_the_input_without_a_line_break() {
        for (text, want) in [
            ("a: |\n  x", "x"),
            ("a: |\n  x\n", "x\n"),
            ("a: >\n  x\n  y", "x y"),
            ("a: |+\n  x", "x"),
            ("a: |-\n  x\n", "x"),
            ("a: |", ""),
        ] {
            let root = parse(text)
                .root
                .unwrap_or_else(|| panic!("{text:?} parses"));
            assert_eq!(
                root.get("a").unwrap().value,
                Value::Str(want.into()),
                "{text:?}"
            );
        }
    }

    #[test]
    fn a_backslash_ending_a_double_quoted_scalar_is_an_unknown_escape() {
        assert_eq!(error("a: \"x\\"), "yaml: found unknown escape character");
    }

    #[test]
    fn text_after_a_document_end_marker_is_ignored_not_an_error() {
        let text = "a: 1\n...\nb: 2\n";
        let doc = parse(text);
        assert!(doc.error.is_none());
        let ignored = doc.ignored.expect("the text after `...`");
        assert_eq!(&text[ignored.start()..ignored.end()], "b: 2\n");
    }
}
