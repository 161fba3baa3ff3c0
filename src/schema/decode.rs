//! Strict decoding of a document tree against the schema, as the API server decodes JSON.
//!
//! Go decodes the JSON that `sigs.k8s.io/yaml` produced, whose object keys are sorted, so the
//! fields are visited in key order; the first type mismatch is remembered and reported (custom
//! decoders for quantities, int-or-strings and times stop decoding at once). Unknown fields are
//! collected with their full paths, but only reported when decoding otherwise succeeded.

use super::{Schema, Ty};
use crate::compat::quantity;
use crate::source::Span;
use crate::yaml::{Node, Value};

/// A JSON decoding error, in Go's words (without the `<Kind> in version ...` envelope).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    pub message: String,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownField {
    /// `spec.containers[0].volumeMount`
    pub path: String,
    pub key: String,
    pub span: Span,
    /// The closest known field, when close enough to be a likely typo.
    pub suggestion: Option<String>,
}

#[derive(Clone, Debug, Default)]
pub struct Decoded {
    pub error: Option<DecodeError>,
    pub unknown: Vec<UnknownField>,
}

/// At most this many unknown fields are reported (the server caps its list too).
const MAX_UNKNOWN: usize = 100;

#[derive(Clone, Copy)]
enum Seg<'a> {
    Field(&'a str),
    Via(&'a str),
    Index(usize),
}

struct Decoder<'a> {
    schema: &'a Schema,
    path: Vec<Seg<'a>>,
    saved: Option<DecodeError>,
    unknown: Vec<UnknownField>,
    /// The struct declaring the field being decoded, for `Go struct field <Struct>.<path>`.
    owner: Option<usize>,
}

/// Decodes `root` as struct `id` of `schema`.
pub fn decode(schema: &Schema, id: usize, root: &Node) -> Decoded {
    let mut decoder = Decoder {
        schema,
        path: Vec::new(),
        saved: None,
        unknown: Vec::new(),
        owner: None,
    };
    let result = decoder.object(id, root);
    let error = match result {
        Err(abort) => Some(abort),
        Ok(()) => decoder.saved.take(),
    };
    let unknown = if error.is_some() {
        Vec::new()
    } else {
        decoder.unknown
    };
    Decoded { error, unknown }
}

impl<'a> Decoder<'a> {
    fn object(&mut self, id: usize, node: &'a Node) -> Result<(), DecodeError> {
        let Value::Map(entries) = &node.value else {
            return Ok(());
        };
        let mut order: Vec<usize> = (0..entries.len()).collect();
        order.sort_by(|a, b| entries[*a].key.cmp(&entries[*b].key));
        for i in order {
            let entry = &entries[i];
            let Some(found) = self.schema.lookup(id, &entry.key) else {
                if self.unknown.len() < MAX_UNKNOWN {
                    self.path.push(Seg::Field(&entry.key));
                    let suggestion = suggest(&entry.key, &self.schema.keys(id));
                    self.unknown.push(UnknownField {
                        path: self.json_path(),
                        key: entry.key.clone(),
                        span: entry.key_span,
                        suggestion,
                    });
                    self.path.pop();
                }
                continue;
            };
            let depth = self.path.len();
            for via in &found.via {
                self.path.push(Seg::Via(via));
            }
            self.path.push(Seg::Field(&entry.key));
            let outer = self.owner.replace(found.owner);
            let result = self.value(
                &found.field.ty,
                found.field.go_type.as_deref(),
                &entry.value,
            );
            self.owner = outer;
            self.path.truncate(depth);
            result?;
        }
        Ok(())
    }

    fn value(&mut self, ty: &Ty, go: Option<&str>, node: &'a Node) -> Result<(), DecodeError> {
        if node.is_null() {
            return Ok(());
        }
        match ty {
            Ty::Any => {}
            Ty::String | Ty::Duration => {
                if !matches!(node.value, Value::Str(_)) {
                    self.mismatch(node, ty, go);
                }
            }
            Ty::Bool => {
                if !matches!(node.value, Value::Bool(_)) {
                    self.mismatch(node, ty, go);
                }
            }
            Ty::Int32 | Ty::Int64 => self.integer(ty, go, node),
            Ty::Float64 => {
                if node.number_text().is_none() {
                    self.mismatch(node, ty, go);
                }
            }
            Ty::Bytes => match &node.value {
                Value::Str(s) => {
                    if let Err(at) = check_base64(s) {
                        self.save(node, format!("illegal base64 data at input byte {at}"));
                    }
                }
                _ => self.mismatch(node, ty, go),
            },
            Ty::Quantity => {
                let text = match &node.value {
                    Value::Str(s) => s.trim().to_string(),
                    Value::Bool(b) => b.to_string(),
                    Value::Seq(_) | Value::Map(_) => String::from("{"),
                    _ => node.number_text().unwrap_or_default(),
                };
                if let Err(message) = quantity::parse(&text) {
                    return Err(DecodeError {
                        message,
                        span: node.span,
                    });
                }
            }
            Ty::IntOrString => match &node.value {
                Value::Str(_) => {}
                Value::Int(i) if i32::try_from(*i).is_ok() => {}
                Value::Float(f)
                    if f.fract() == 0.0
                        && *f >= f64::from(i32::MIN)
                        && *f <= f64::from(i32::MAX) => {}
                _ => {
                    let what = match node.json_type() {
                        "number" => format!("number {}", node.number_text().unwrap_or_default()),
                        other => other.to_string(),
                    };
                    return Err(DecodeError {
                        message: format!(
                            "json: cannot unmarshal {what} into Go value of type int32"
                        ),
                        span: node.span,
                    });
                }
            },
            Ty::Time => match &node.value {
                Value::Str(s) => {
                    if !is_rfc3339(s) {
                        return Err(DecodeError {
                            message: format!(
                                "parsing time {} as \"2006-01-02T15:04:05Z07:00\": cannot parse {} as \"2006\"",
                                crate::compat::go_quote(s),
                                crate::compat::go_quote(s)
                            ),
                            span: node.span,
                        });
                    }
                }
                _ => {
                    return Err(DecodeError {
                        message: format!(
                            "json: cannot unmarshal {} into Go value of type string",
                            node.json_type()
                        ),
                        span: node.span,
                    });
                }
            },
            Ty::Struct(id) => {
                if node.is_map() {
                    self.object(*id, node)?;
                } else {
                    self.mismatch(node, ty, go);
                }
            }
            Ty::List(inner) => {
                if let Value::Seq(items) = &node.value {
                    for (i, item) in items.iter().enumerate() {
                        self.path.push(Seg::Index(i));
                        let result = self.value(inner, go.and_then(|g| g.strip_prefix("[]")), item);
                        self.path.pop();
                        result?;
                    }
                } else {
                    self.mismatch(node, ty, go);
                }
            }
            Ty::Map(inner) => {
                if let Value::Map(entries) = &node.value {
                    let mut order: Vec<usize> = (0..entries.len()).collect();
                    order.sort_by(|a, b| entries[*a].key.cmp(&entries[*b].key));
                    for i in order {
                        self.value(inner, go.and_then(map_value_type), &entries[i].value)?;
                    }
                } else {
                    self.mismatch(node, ty, go);
                }
            }
        }
        Ok(())
    }

    fn integer(&mut self, ty: &Ty, go: Option<&str>, node: &Node) {
        let fits = |v: i128| match ty {
            Ty::Int32 => i32::try_from(v).is_ok(),
            _ => i64::try_from(v).is_ok(),
        };
        let ok = match node.value {
            Value::Int(i) => fits(i128::from(i)),
            Value::BigInt(u) => fits(i128::from(u)),
            Value::Float(f) => {
                // Go sees the float's JSON text: `1000` decodes, `1e+21` and `1.5` do not.
                let text = node.number_text().unwrap_or_default();
                text.parse::<i128>().is_ok_and(fits) && f.fract() == 0.0
            }
            _ => {
                self.mismatch(node, ty, go);
                return;
            }
        };
        if !ok {
            let text = node.number_text().unwrap_or_default();
            let message = self.type_message(&format!("number {text}"), ty, go);
            self.save(node, message);
        }
    }

    fn mismatch(&mut self, node: &Node, ty: &Ty, go: Option<&str>) {
        let message = self.type_message(node.json_type(), ty, go);
        self.save(node, message);
    }

    fn type_message(&self, what: &str, ty: &Ty, go: Option<&str>) -> String {
        let go_type = go.map_or_else(|| self.schema.go_type(ty), str::to_string);
        match self.owner {
            Some(owner) => {
                let owner = &self.schema.structs[owner].go_name;
                let struct_name = owner.rsplit('.').next().unwrap_or(owner);
                format!(
                    "json: cannot unmarshal {what} into Go struct field {struct_name}.{} of type {go_type}",
                    self.go_path()
                )
            }
            None => format!("json: cannot unmarshal {what} into Go value of type {go_type}"),
        }
    }

    fn save(&mut self, node: &Node, message: String) {
        if self.saved.is_none() {
            self.saved = Some(DecodeError {
                message,
                span: node.span,
            });
        }
    }

    /// `spec.containers[0].volumeMount` (indices, no embedded struct names).
    fn json_path(&self) -> String {
        let mut out = String::new();
        for seg in &self.path {
            match seg {
                Seg::Field(name) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(name);
                }
                Seg::Index(i) => out.push_str(&format!("[{i}]")),
                Seg::Via(_) => {}
            }
        }
        out
    }

    /// `spec.volumes.VolumeSource.fc.lun` (embedded struct names, no indices), as Go prints it.
    fn go_path(&self) -> String {
        let names: Vec<&str> = self
            .path
            .iter()
            .filter_map(|seg| match seg {
                Seg::Field(name) | Seg::Via(name) => Some(*name),
                Seg::Index(_) => None,
            })
            .collect();
        names.join(".")
    }
}

/// `map[K]V` → `V`
fn map_value_type(go: &str) -> Option<&str> {
    let rest = go.strip_prefix("map[")?;
    let mut depth = 1;
    for (i, c) in rest.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(&rest[i + 1..]);
                }
            }
            _ => {}
        }
    }
    None
}

/// A known key close to `key` (a likely typo or wrong case), if any.
pub fn suggest(key: &str, known: &[&str]) -> Option<String> {
    let lower = key.to_ascii_lowercase();
    let mut best: Option<(f64, &str)> = None;
    for candidate in known {
        let score = if candidate.to_ascii_lowercase() == lower {
            1.0
        } else {
            strsim::jaro_winkler(&lower, &candidate.to_ascii_lowercase())
        };
        if score >= 0.85 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, c)| c.to_string())
}

/// Go's `base64.StdEncoding.Decode`: the byte offset of the first error, if any.
fn check_base64(s: &str) -> Result<(), usize> {
    let bytes: Vec<(usize, u8)> = s
        .bytes()
        .enumerate()
        .filter(|(_, b)| *b != b'\n' && *b != b'\r')
        .collect();
    let mut padding = 0;
    for (n, (at, b)) in bytes.iter().enumerate() {
        let valid = b.is_ascii_alphanumeric() || *b == b'+' || *b == b'/';
        if *b == b'=' {
            // Padding only in the last one or two places of a 4-character group.
            let remaining = bytes.len() - n;
            if n % 4 < 2 || remaining > 2 || (remaining == 2 && bytes[n + 1].1 != b'=') {
                return Err(*at);
            }
            padding += 1;
        } else if !valid || padding > 0 {
            return Err(*at);
        }
    }
    if bytes.len() % 4 != 0 {
        return Err(s.len() - (bytes.len() % 4).min(s.len()));
    }
    Ok(())
}

/// RFC 3339 as `metav1.Time` parses it: `2006-01-02T15:04:05Z07:00`, fractional seconds allowed.
fn is_rfc3339(s: &str) -> bool {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| r.clone().all(|i| b.get(i).is_some_and(u8::is_ascii_digit));
    if b.len() < 20
        || !digits(0..4)
        || b[4] != b'-'
        || !digits(5..7)
        || b[7] != b'-'
        || !digits(8..10)
    {
        return false;
    }
    if !matches!(b[10], b'T' | b't')
        || !digits(11..13)
        || b[13] != b':'
        || !digits(14..16)
        || b[16] != b':'
        || !digits(17..19)
    {
        return false;
    }
    let mut i = 19;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    match b.get(i) {
        Some(b'Z' | b'z') => i + 1 == b.len(),
        Some(b'+' | b'-') => {
            b.len() == i + 6 && digits(i + 1..i + 3) && b[i + 3] == b':' && digits(i + 4..i + 6)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_like_go() {
        assert!(check_base64("aGVsbG8=").is_ok());
        assert!(check_base64("aGVsbG8").is_err());
        assert!(check_base64("a$==").is_err());
    }

    #[test]
    fn rfc3339_times() {
        assert!(is_rfc3339("2024-01-15T18:41:47Z"));
        assert!(is_rfc3339("2024-01-15T18:41:47.123+02:00"));
        assert!(!is_rfc3339("2024-01-15"));
    }

    #[test]
    fn suggestions_catch_typos_and_case() {
        assert_eq!(
            suggest("volumeMount", &["volumeMounts", "name"]).as_deref(),
            Some("volumeMounts")
        );
        assert_eq!(
            suggest("ImagePullPolicy", &["imagePullPolicy"]).as_deref(),
            Some("imagePullPolicy")
        );
        assert_eq!(suggest("zzz", &["name"]), None);
    }
}
