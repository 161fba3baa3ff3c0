//! Values as the 1.36 API server prints them in errors: non-scalar values (label maps, label
//! selectors, lists, `IntOrString`) are rendered with Go's `encoding/json` — map keys sorted,
//! struct fields in declaration order, empty `omitempty` fields left out, `<`, `>` and `&`
//! escaped as `\u003c`, `\u003e` and `\u0026`.

use crate::yaml::{Node, Value};

/// Appends `s` as a Go JSON string.
pub fn push_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c if (c as u32) < 0x20 => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A Go JSON string.
pub fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    push_str(&mut out, s);
    out
}

/// The string value of a `map[string]string` entry (`null` decodes to `""`).
pub fn map_value(node: &Node) -> &str {
    node.as_str().unwrap_or("")
}

/// The entries of a `map[string]string` as Go sees them: last duplicate wins, sorted by key.
pub fn sorted_entries(node: &Node) -> Vec<(&str, &Node)> {
    let mut entries: Vec<(&str, &Node)> = Vec::with_capacity(node.entries().len());
    for e in node.entries() {
        if let Some(existing) = entries.iter_mut().find(|(k, _)| *k == e.key) {
            existing.1 = &e.value;
        } else {
            entries.push((e.key.as_str(), &e.value));
        }
    }
    entries.sort_by(|a, b| a.0.cmp(b.0));
    entries
}

/// A `map[string]string` (labels, annotations, matchLabels): `null` when absent.
pub fn string_map(node: Option<&Node>) -> String {
    let Some(node) = node.filter(|n| n.is_map()) else {
        return "null".into();
    };
    let mut out = String::from("{");
    for (i, (k, v)) in sorted_entries(node).into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_str(&mut out, k);
        out.push(':');
        push_str(&mut out, map_value(v));
    }
    out.push('}');
    out
}

/// A `[]string`: `null` when absent.
pub fn string_list(node: Option<&Node>) -> String {
    let Some(node) = node.filter(|n| n.is_seq()) else {
        return "null".into();
    };
    let mut out = String::from("[");
    for (i, item) in node.items().iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_str(&mut out, item.as_str().unwrap_or(""));
    }
    out.push(']');
    out
}

/// An `intstr.IntOrString`: `3` or `"25%"`.
pub fn int_or_string(node: &Node) -> String {
    match &node.value {
        Value::Str(s) => string(s),
        _ => node.as_i64().map_or_else(
            || node.number_text().unwrap_or_else(|| "0".into()),
            |i| i.to_string(),
        ),
    }
}

/// A `metav1.LabelSelector` (`{"matchLabels":{…},"matchExpressions":[{"key":…,"operator":…,"values":[…]}]}`).
pub fn label_selector(node: Option<&Node>) -> String {
    let Some(node) = node.filter(|n| n.is_map()) else {
        return "null".into();
    };
    let mut out = String::from("{");
    let mut first = true;
    if let Some(labels) = node
        .map_of("matchLabels")
        .filter(|m| !m.entries().is_empty())
    {
        out.push_str("\"matchLabels\":");
        out.push_str(&string_map(Some(labels)));
        first = false;
    }
    let exprs = node.seq_of("matchExpressions");
    if !exprs.is_empty() {
        if !first {
            out.push(',');
        }
        out.push_str("\"matchExpressions\":[");
        for (i, e) in exprs.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str("{\"key\":");
            push_str(&mut out, e.str_of("key"));
            out.push_str(",\"operator\":");
            push_str(&mut out, e.str_of("operator"));
            let values = e.seq_of("values");
            if !values.is_empty() {
                out.push_str(",\"values\":");
                out.push_str(&string_list(e.get("values")));
            }
            out.push('}');
        }
        out.push(']');
    }
    out.push('}');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_go() {
        assert_eq!(
            string("a<b>&\"\\\n\u{1}"),
            "\"a\\u003cb\\u003e\\u0026\\\"\\\\\\n\\u0001\""
        );
        assert_eq!(string("ünï"), "\"ünï\"");
    }
}
