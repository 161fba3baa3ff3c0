//! Values as the 1.36 API server prints them in errors: non-scalar values (label maps, label
//! selectors, lists, `IntOrString`) are rendered with Go's `encoding/json` — map keys sorted,
//! struct fields in declaration order, empty `omitempty` fields left out, `<`, `>` and `&`
//! escaped as `\u003c`, `\u003e` and `\u0026`.

pub use crate::compat::json::{push_str, string};
use crate::source::Span;
use crate::yaml::{Node, Value};

/// The string value of a `map[string]string` entry (`null` decodes to `""`).
pub fn map_value(node: &Node) -> &str {
    node.as_str().unwrap_or("")
}

/// The entries of a `map[string]string` as Go sees them: last duplicate wins, sorted by key;
/// each with its key's span (looking a key up again would make a loop over a big map quadratic).
pub fn sorted_entries(node: &Node) -> Vec<(&str, &Node, Span)> {
    let mut entries: Vec<(&str, &Node, Span)> = node
        .entries()
        .iter()
        .map(|e| (e.key.as_str(), &e.value, e.key_span))
        .collect();
    // A stable sort keeps duplicates in document order, so the last of each run is the one Go
    // keeps (O(n log n): a search per entry was quadratic on 100,000 keys).
    entries.sort_by(|a, b| a.0.cmp(b.0));
    let mut out: Vec<(&str, &Node, Span)> = Vec::with_capacity(entries.len());
    for entry in entries {
        match out.last_mut() {
            Some(last) if last.0 == entry.0 => *last = entry,
            _ => out.push(entry),
        }
    }
    out
}

/// A `map[string]string` (labels, annotations, matchLabels): `null` when absent.
pub fn string_map(node: Option<&Node>) -> String {
    let Some(node) = node.filter(|n| n.is_map()) else {
        return "null".into();
    };
    let mut out = String::from("{");
    for (i, (k, v, _)) in sorted_entries(node).into_iter().enumerate() {
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

/// Go's `encoding/json` syntax check (`checkValid`) with its error texts, and the JSON kinds of
/// the top-level value and (for an array) of its elements: `object`, `array`, `string`,
/// `number`, `bool` or `null`, as `json.Unmarshal` names them in type errors.
pub fn go_json_kinds(data: &[u8]) -> Result<(&'static str, Vec<&'static str>), String> {
    let mut s = GoJsonScanner {
        data,
        pos: 0,
        elements: Vec::new(),
    };
    let kind = s.value(0)?;
    s.skip_space();
    if let Some(c) = s.peek() {
        return Err(invalid_char(c, "after top-level value"));
    }
    Ok((kind, s.elements))
}

/// `quoteChar` of encoding/json.
fn invalid_char(c: u8, context: &str) -> String {
    let q = match c {
        b'\'' => "'\\''".to_string(),
        b'"' => "'\"'".to_string(),
        _ => {
            let s = crate::validate::go_quote(&char::from(c).to_string());
            format!("'{}'", &s[1..s.len() - 1])
        }
    };
    format!("invalid character {q} {context}")
}

const UNEXPECTED_END: &str = "unexpected end of JSON input";

/// The syntax errors of Go's JSON scanner, for the first offending byte.
struct GoJsonScanner<'a> {
    data: &'a [u8],
    pos: usize,
    elements: Vec<&'static str>,
}

impl GoJsonScanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    fn next(&mut self) -> Result<u8, String> {
        let c = self.peek().ok_or_else(|| UNEXPECTED_END.to_string())?;
        self.pos += 1;
        Ok(c)
    }

    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            self.pos += 1;
        }
    }

    fn value(&mut self, depth: usize) -> Result<&'static str, String> {
        self.skip_space();
        let c = self.next()?;
        match c {
            b'{' => {
                self.skip_space();
                if self.peek() == Some(b'}') {
                    self.pos += 1;
                    return Ok("object");
                }
                loop {
                    self.skip_space();
                    let k = self.next()?;
                    if k != b'"' {
                        return Err(invalid_char(
                            k,
                            "looking for beginning of object key string",
                        ));
                    }
                    self.string()?;
                    self.skip_space();
                    let colon = self.next()?;
                    if colon != b':' {
                        return Err(invalid_char(colon, "after object key"));
                    }
                    self.value(depth + 1)?;
                    self.skip_space();
                    match self.next()? {
                        b',' => {}
                        b'}' => return Ok("object"),
                        other => return Err(invalid_char(other, "after object key:value pair")),
                    }
                }
            }
            b'[' => {
                self.skip_space();
                if self.peek() == Some(b']') {
                    self.pos += 1;
                    return Ok("array");
                }
                loop {
                    let kind = self.value(depth + 1)?;
                    if depth == 0 {
                        self.elements.push(kind);
                    }
                    self.skip_space();
                    match self.next()? {
                        b',' => {}
                        b']' => return Ok("array"),
                        other => return Err(invalid_char(other, "after array element")),
                    }
                }
            }
            b'"' => self.string().map(|()| "string"),
            b'-' | b'0'..=b'9' => self.number(c).map(|()| "number"),
            b't' => self.literal(b"rue", "true").map(|()| "bool"),
            b'f' => self.literal(b"alse", "false").map(|()| "bool"),
            b'n' => self.literal(b"ull", "null").map(|()| "null"),
            other => Err(invalid_char(other, "looking for beginning of value")),
        }
    }

    fn literal(&mut self, rest: &[u8], name: &str) -> Result<(), String> {
        for &expected in rest {
            let c = self.next()?;
            if c != expected {
                return Err(invalid_char(
                    c,
                    &format!("in literal {name} (expecting '{}')", char::from(expected)),
                ));
            }
        }
        Ok(())
    }

    fn string(&mut self) -> Result<(), String> {
        loop {
            let c = self.next()?;
            match c {
                b'"' => return Ok(()),
                b'\\' => {
                    let e = self.next()?;
                    match e {
                        b'b' | b'f' | b'n' | b'r' | b't' | b'\\' | b'/' | b'"' => {}
                        b'u' => {
                            for _ in 0..4 {
                                let h = self.next()?;
                                if !h.is_ascii_hexdigit() {
                                    return Err(invalid_char(
                                        h,
                                        "in \\u hexadecimal character escape",
                                    ));
                                }
                            }
                        }
                        other => return Err(invalid_char(other, "in string escape code")),
                    }
                }
                c if c < 0x20 => return Err(invalid_char(c, "in string literal")),
                _ => {}
            }
        }
    }

    fn number(&mut self, first: u8) -> Result<(), String> {
        let mut c = first;
        if c == b'-' {
            c = self.next()?;
            if !c.is_ascii_digit() {
                return Err(invalid_char(c, "in numeric literal"));
            }
        }
        if c != b'0' {
            while self.peek().is_some_and(|d| d.is_ascii_digit()) {
                self.pos += 1;
            }
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            let d = self.next()?;
            if !d.is_ascii_digit() {
                return Err(invalid_char(d, "after decimal point in numeric literal"));
            }
            while self.peek().is_some_and(|d| d.is_ascii_digit()) {
                self.pos += 1;
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            let mut d = self.next()?;
            if d == b'+' || d == b'-' {
                d = self.next()?;
            }
            if !d.is_ascii_digit() {
                return Err(invalid_char(d, "in exponent of numeric literal"));
            }
            while self.peek().is_some_and(|d| d.is_ascii_digit()) {
                self.pos += 1;
            }
        }
        Ok(())
    }
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
