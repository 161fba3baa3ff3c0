//! The positioned document tree: what a YAML or JSON document means after Kubernetes' scalar
//! rules, with the byte span of every key and value.

use crate::source::Span;

/// A value with the span of the text it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: Value,
    pub span: Span,
    /// The scalar was written plain (not quoted, not a block scalar): YAML 1.1 resolution applied.
    pub plain: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    /// An integer that does not fit `i64` (only `u64` range; larger ones resolve as floats).
    BigInt(u64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<Entry>),
}

/// One key of a mapping. Keys are strings after conversion, as in the JSON the server receives.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_span: Span,
    pub value: Node,
}

impl Node {
    pub fn new(value: Value, span: Span) -> Node {
        Node {
            value,
            span,
            plain: false,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }

    /// The mapping entry named `key`. Later duplicates are reported elsewhere; the last one wins,
    /// as in the JSON the API server decodes.
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        match &self.value {
            Value::Map(entries) => entries.iter().rev().find(|e| e.key == key),
            _ => None,
        }
    }

    /// The value under `key`, treating an explicit `null` as absent (Go decodes both to the zero value).
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value).filter(|n| !n.is_null())
    }

    pub fn entries(&self) -> &[Entry] {
        match &self.value {
            Value::Map(entries) => entries,
            _ => &[],
        }
    }

    pub fn items(&self) -> &[Node] {
        match &self.value {
            Value::Seq(items) => items,
            _ => &[],
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self.value {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    /// An integer value; whole floats count (`1.0` reaches the server as `1`).
    pub fn as_i64(&self) -> Option<i64> {
        match self.value {
            Value::Int(i) => Some(i),
            Value::Float(f) if f.fract() == 0.0 && f.abs() < 9.2e18 => Some(f as i64),
            _ => None,
        }
    }

    pub fn is_map(&self) -> bool {
        matches!(self.value, Value::Map(_))
    }

    pub fn is_seq(&self) -> bool {
        matches!(self.value, Value::Seq(_))
    }

    /// Number of nodes in this subtree (itself included).
    pub fn size(&self) -> usize {
        1 + match &self.value {
            Value::Seq(items) => items.iter().map(Node::size).sum(),
            Value::Map(entries) => entries.iter().map(|e| e.value.size()).sum(),
            _ => 0,
        }
    }

    /// The JSON type name Go's decoder uses in its errors.
    pub fn json_type(&self) -> &'static str {
        match self.value {
            Value::Null => "null",
            Value::Bool(_) => "bool",
            Value::Int(_) | Value::BigInt(_) | Value::Float(_) => "number",
            Value::Str(_) => "string",
            Value::Seq(_) => "array",
            Value::Map(_) => "object",
        }
    }

    /// The number as the JSON text the server receives (Go's float formatting for floats).
    pub fn number_text(&self) -> Option<String> {
        match self.value {
            Value::Int(i) => Some(i.to_string()),
            Value::BigInt(u) => Some(u.to_string()),
            Value::Float(f) => Some(go_float_json(f)),
            _ => None,
        }
    }
}

/// Formats a float as Go's `encoding/json` does: plain decimal for 1e-6 <= |x| < 1e21, else exponent.
pub fn go_float_json(f: f64) -> String {
    let abs = f.abs();
    if abs == 0.0 || (1e-6..1e21).contains(&abs) {
        let s = format!("{f}");
        s.strip_suffix(".0").map_or(s.clone(), str::to_string)
    } else {
        // Go: strconv 'e' format with the shortest repr, exponent at least two digits: 1e+21, 1e-07.
        let s = format!("{f:e}");
        let (mantissa, exp) = s.split_once('e').unwrap_or((&s, "0"));
        let (sign, digits) = exp.strip_prefix('-').map_or(("+", exp), |d| ("-", d));
        format!("{mantissa}e{sign}{digits:0>2}")
    }
}

/// Field access for validation. The decoder has already checked every field's JSON type, so
/// these accessors only need to treat absent and `null` alike (Go's zero values).
impl Node {
    /// The string field `key`, or `""` when absent (Go's zero value).
    pub fn str_of(&self, key: &str) -> &str {
        self.get(key).and_then(Node::as_str).unwrap_or("")
    }

    /// The string field `key` when present (an explicit `""` counts as present).
    pub fn opt_str(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Node::as_str)
    }

    pub fn i64_of(&self, key: &str) -> Option<i64> {
        self.get(key).and_then(Node::as_i64)
    }

    pub fn bool_of(&self, key: &str) -> Option<bool> {
        self.get(key).and_then(Node::as_bool)
    }

    /// The list field `key` (empty when absent).
    pub fn seq_of(&self, key: &str) -> &[Node] {
        self.get(key).map_or(&[], Node::items)
    }

    /// The object field `key` when present.
    pub fn map_of(&self, key: &str) -> Option<&Node> {
        self.get(key).filter(|n| n.is_map())
    }

    /// Where a diagnostic about field `key` of this mapping points: the value, or the key when the
    /// value is empty, or the first line of this mapping when the field is absent.
    pub fn at(&self, key: &str) -> Span {
        match self.entry(key) {
            Some(entry) if !entry.value.span.is_empty() => entry.value.span,
            Some(entry) => entry.key_span,
            None => self.head(),
        }
    }

    /// The key span of field `key`, or this mapping's first line when absent.
    pub fn key_at(&self, key: &str) -> Span {
        self.entry(key).map_or_else(|| self.head(), |e| e.key_span)
    }

    /// The first key of a mapping (a compact place to point at the whole object), else the node.
    pub fn head(&self) -> Span {
        match &self.value {
            Value::Map(entries) if !entries.is_empty() => entries[0].key_span,
            _ => self.span,
        }
    }
}

/// The entries of a map by key (the last of a repeated key wins, as in Go), for a lookup per
/// container or per item: a search of the map each time would be quadratic on a big input (a
/// pod with 20,000 containers and as many annotations).
pub struct KeyIndex<'a>(std::collections::HashMap<&'a str, &'a Entry>);

impl<'a> KeyIndex<'a> {
    pub fn new(map: Option<&'a Node>) -> KeyIndex<'a> {
        KeyIndex(
            map.map(|m| m.entries().iter().map(|e| (e.key.as_str(), e)).collect())
                .unwrap_or_default(),
        )
    }

    pub fn entry(&self, key: &str) -> Option<&'a Entry> {
        self.0.get(key).copied()
    }

    /// The string value under `key` (`null` and non-strings are `""`, as Go decodes a
    /// `map[string]string`).
    pub fn value(&self, key: &str) -> Option<&'a str> {
        self.entry(key).map(|e| e.value.as_str().unwrap_or(""))
    }
}

#[cfg(test)]
mod tests {
    use super::go_float_json;

    #[test]
    fn floats_print_like_go_json() {
        assert_eq!(go_float_json(1.0), "1");
        assert_eq!(go_float_json(1.5), "1.5");
        assert_eq!(go_float_json(1e21), "1e+21");
        assert_eq!(go_float_json(1e-7), "1e-07");
        assert_eq!(go_float_json(0.0), "0");
    }
}
