//! Plain-scalar resolution as the API server's YAML decoder does it.
//!
//! Kubernetes reads YAML with a fork of go-yaml v2, which follows YAML 1.1: `yes`, `on`, `y`
//! are booleans, `0644` is octal, `1_000` is an integer, `~` is null. The parser
//! (libyaml-safer) hands us the raw text of each plain scalar and we apply those rules here.

/// What a plain scalar means.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Resolved {
    Null,
    Bool(bool),
    Int(i64),
    BigInt(u64),
    Float(f64),
    /// The merge key `<<`.
    Merge,
    Str,
}

/// Resolves a plain (unquoted, non-block) scalar.
pub fn resolve_plain(text: &str) -> Resolved {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Resolved::Null,
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            return Resolved::Bool(true);
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            return Resolved::Bool(false);
        }
        ".nan" | ".NaN" | ".NAN" => return Resolved::Float(f64::NAN),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Resolved::Float(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return Resolved::Float(f64::NEG_INFINITY),
        "<<" => return Resolved::Merge,
        _ => {}
    }
    let first = text.as_bytes()[0];
    match first {
        b'.' => {
            if is_decimal_float(text) {
                if let Some(f) = text.parse::<f64>().ok().filter(|f| f.is_finite()) {
                    return Resolved::Float(f);
                }
            }
            Resolved::Str
        }
        b'+' | b'-' | b'0'..=b'9' => resolve_number(text),
        _ => Resolved::Str,
    }
}

fn resolve_number(text: &str) -> Resolved {
    let plain: String = text.chars().filter(|c| *c != '_').collect();
    if let Some(i) = go_parse_int(&plain) {
        return Resolved::Int(i);
    }
    if let Some(u) = go_parse_uint(&plain) {
        return Resolved::BigInt(u);
    }
    // Go's ParseFloat refuses a number too large for a float64 (`1e400`), so go-yaml keeps it a
    // string (and a quantity may then read it); Rust's parse gives infinity instead.
    if is_decimal_float(&plain) {
        if let Some(f) = plain.parse::<f64>().ok().filter(|f| f.is_finite()) {
            return Resolved::Float(f);
        }
    }
    // go-yaml v2 also reads a leading `0b`/`-0b` as binary; go_parse_int already covers it.
    Resolved::Str
}

/// `strconv.ParseInt(s, 0, 64)`: optional sign, then `0x`, `0o`, `0b` or leading-`0` octal, or decimal.
fn go_parse_int(s: &str) -> Option<i64> {
    let (negative, body) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let magnitude = parse_unsigned_with_base_prefix(body)?;
    if negative {
        if magnitude <= i64::MAX as u64 + 1 {
            Some((magnitude as i64).wrapping_neg())
        } else {
            None
        }
    } else {
        i64::try_from(magnitude).ok()
    }
}

/// `strconv.ParseUint(s, 0, 64)`: no sign allowed.
fn go_parse_uint(s: &str) -> Option<u64> {
    if s.starts_with(['+', '-']) {
        return None;
    }
    parse_unsigned_with_base_prefix(s)
}

fn parse_unsigned_with_base_prefix(body: &str) -> Option<u64> {
    let bytes = body.as_bytes();
    let (radix, digits) = if bytes.len() >= 2 && bytes[0] == b'0' {
        match bytes[1] {
            b'x' | b'X' => (16, &body[2..]),
            b'o' | b'O' => (8, &body[2..]),
            b'b' | b'B' => (2, &body[2..]),
            _ => (8, &body[1..]),
        }
    } else {
        (10, body)
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    u64::from_str_radix(digits, radix).ok()
}

/// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
fn is_decimal_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        i += 1;
    }
    let int_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let int_digits = i - int_start;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let frac_start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if int_digits == 0 && i == frac_start {
            return false;
        }
    } else if int_digits == 0 {
        return false;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        let exp_start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == exp_start {
            return false;
        }
    }
    i == b.len()
}

#[cfg(test)]
mod tests {
    use super::{Resolved, resolve_plain};

    #[test]
    fn yaml_1_1_booleans_and_nulls() {
        for t in ["yes", "Yes", "YES", "y", "Y", "on", "ON", "true", "True"] {
            assert_eq!(resolve_plain(t), Resolved::Bool(true), "{t}");
        }
        for t in ["no", "N", "off", "Off", "false", "FALSE"] {
            assert_eq!(resolve_plain(t), Resolved::Bool(false), "{t}");
        }
        assert_eq!(resolve_plain("yEs"), Resolved::Str);
        for t in ["", "~", "null", "Null", "NULL"] {
            assert_eq!(resolve_plain(t), Resolved::Null, "{t}");
        }
    }

    #[test]
    fn numbers_follow_go_parse_int() {
        assert_eq!(resolve_plain("0644"), Resolved::Int(420));
        assert_eq!(resolve_plain("0o644"), Resolved::Int(420));
        assert_eq!(resolve_plain("0x1F"), Resolved::Int(31));
        assert_eq!(resolve_plain("0b101"), Resolved::Int(5));
        assert_eq!(resolve_plain("-0b101"), Resolved::Int(-5));
        assert_eq!(resolve_plain("1_000"), Resolved::Int(1000));
        assert_eq!(resolve_plain("+8080"), Resolved::Int(8080));
        assert_eq!(resolve_plain("08"), Resolved::Float(8.0));
        assert_eq!(resolve_plain("1.10"), Resolved::Float(1.1));
        assert_eq!(resolve_plain(".5"), Resolved::Float(0.5));
        assert_eq!(resolve_plain("1e3"), Resolved::Float(1000.0));
        assert_eq!(
            resolve_plain("1e400"),
            Resolved::Str,
            "too large for a float64: a string"
        );
        assert_eq!(
            resolve_plain("18446744073709551615"),
            Resolved::BigInt(u64::MAX)
        );
        assert!(matches!(resolve_plain("-.inf"), Resolved::Float(f) if f.is_infinite()));
    }

    #[test]
    fn other_text_stays_a_string() {
        for t in [
            "2024-01-15",
            "1.2.3",
            "10Gi",
            "500m",
            "-",
            "nginx:1.25",
            "0x",
            "1e",
            ".",
            "+",
            "inf",
        ] {
            assert_eq!(resolve_plain(t), Resolved::Str, "{t}");
        }
    }
}
