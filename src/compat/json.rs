//! Strings as Go's `encoding/json` encodes them (Go 1.22 and later: `\b` and `\f` short escapes;
//! `<`, `>`, `&`, U+2028 and U+2029 escaped as `\u003c`...), and internal API structs as
//! `json.Marshal` writes them.

use crate::yaml::Node;

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

/// The Go type of one field of an internal API struct, for [`go_struct`].
pub enum GoField {
    /// `string` (`""` when unset).
    Str,
    /// `*string`, `*bool`, `*int64`: `null` when unset or null.
    OptStr,
    OptBool,
    OptInt,
    /// `[]string`: `null` when unset.
    StrList,
    /// A pointer to a struct with these fields.
    Struct(&'static [(&'static str, &'static str, GoField)]),
}

/// Go's `json.Marshal` of the internal API struct decoded from `node`, as the API server prints a
/// struct in `Invalid value: ...`: internal types carry no json tags, so the keys are the Go
/// field names in declaration order (`fields`: Go name, manifest key, type), and nil pointers and
/// slices are `null`.
pub fn go_struct(node: &Node, fields: &[(&str, &str, GoField)]) -> String {
    let mut out = String::from("{");
    for (i, (go, key, ty)) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_str(&mut out, go);
        out.push(':');
        let value = node.get(key).filter(|v| !v.is_null());
        match (ty, value) {
            (GoField::Str, v) => push_str(&mut out, v.and_then(Node::as_str).unwrap_or("")),
            (GoField::OptStr, Some(v)) if v.as_str().is_some() => {
                push_str(&mut out, v.as_str().unwrap_or(""));
            }
            (GoField::OptBool, Some(v)) if v.as_bool().is_some() => {
                out.push_str(if v.as_bool() == Some(true) {
                    "true"
                } else {
                    "false"
                });
            }
            (GoField::OptInt, Some(v)) if v.as_i64().is_some() => {
                out.push_str(&v.as_i64().unwrap_or(0).to_string());
            }
            (GoField::StrList, Some(v)) if v.is_seq() => {
                out.push('[');
                for (j, item) in v.items().iter().enumerate() {
                    if j > 0 {
                        out.push(',');
                    }
                    push_str(&mut out, item.as_str().unwrap_or(""));
                }
                out.push(']');
            }
            (GoField::Struct(inner), Some(v)) if v.is_map() => out.push_str(&go_struct(v, inner)),
            _ => out.push_str("null"),
        }
    }
    out.push('}');
    out
}
