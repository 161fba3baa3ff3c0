//! The canonical text of a `resource.Quantity` (`Quantity.String()`), enough to compare a
//! downward-API divisor with the server's allowed values (`1m`, `1Ki`, ...).
//!
//! The value keeps its format: a binary suffix (`Ki`…`Ei`) prints in base 1024 when the value is a
//! whole number of at least 1024, an exponent (`1e3`) stays an exponent, everything else prints
//! with a decimal SI suffix whose exponent is a multiple of three (`1000m` → `1`, `0.5` → `500m`).

#[derive(Debug, PartialEq, Eq)]
pub(super) enum Canonical {
    Zero,
    Text(String),
    /// Too large or malformed to print here (never one of the small allowed divisors).
    Unrepresentable,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    DecimalSi,
    DecimalExponent,
    BinarySi,
}

/// Parses `text` and prints it as `Quantity.String()` does.
pub(super) fn canonical(text: &str) -> Canonical {
    parse_and_print(text).unwrap_or(Canonical::Unrepresentable)
}

fn pow10(e: u32) -> Option<u128> {
    10u128.checked_pow(e)
}

fn parse_and_print(text: &str) -> Option<Canonical> {
    let (negative, rest) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let number_end = rest
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(rest.len());
    let (number, suffix) = rest.split_at(number_end);
    // value = mantissa * 10^-scale
    let mut mantissa: u128 = 0;
    let mut scale: i64 = 0;
    let mut seen_dot = false;
    let mut digits = 0;
    for b in number.bytes() {
        if b == b'.' {
            if seen_dot {
                return None;
            }
            seen_dot = true;
            continue;
        }
        digits += 1;
        mantissa = mantissa
            .checked_mul(10)?
            .checked_add(u128::from(b - b'0'))?;
        if seen_dot {
            scale += 1;
        }
    }
    if digits == 0 {
        return None;
    }
    let mut format = Format::DecimalSi;
    match suffix {
        "" => {}
        "n" => scale += 9,
        "u" => scale += 6,
        "m" => scale += 3,
        "k" => scale -= 3,
        "M" => scale -= 6,
        "G" => scale -= 9,
        "T" => scale -= 12,
        "P" => scale -= 15,
        "E" => scale -= 18,
        "Ki" | "Mi" | "Gi" | "Ti" | "Pi" | "Ei" => {
            format = Format::BinarySi;
            let power = match suffix {
                "Ki" => 1,
                "Mi" => 2,
                "Gi" => 3,
                "Ti" => 4,
                "Pi" => 5,
                _ => 6,
            };
            mantissa = mantissa.checked_mul(1024u128.checked_pow(power)?)?;
        }
        s if s.len() > 1 && (s.starts_with('e') || s.starts_with('E')) => {
            format = Format::DecimalExponent;
            let exponent: i64 = s[1..].parse().ok()?;
            scale -= exponent;
        }
        _ => return None,
    }
    if mantissa == 0 {
        return Some(Canonical::Zero);
    }
    // Values below one nano are rounded up to nano precision.
    if scale > 9 {
        let divisor = pow10(u32::try_from(scale - 9).ok()?)?;
        mantissa = mantissa.div_ceil(divisor);
        scale = 9;
    }
    if format == Format::BinarySi {
        // Small or fractional binary values print as decimal SI.
        let whole = if scale <= 0 {
            mantissa.checked_mul(pow10(u32::try_from(-scale).ok()?)?)
        } else {
            None
        };
        let fractional = scale > 0 && mantissa % pow10(u32::try_from(scale).ok()?)? != 0;
        let whole = if fractional {
            None
        } else if scale > 0 {
            Some(mantissa / pow10(u32::try_from(scale).ok()?)?)
        } else {
            whole
        };
        match whole {
            Some(v) if v >= 1024 => {
                let mut v = v;
                let mut power = 0;
                while v % 1024 == 0 {
                    v /= 1024;
                    power += 1;
                }
                let suffix = match power {
                    0 => "",
                    1 => "Ki",
                    2 => "Mi",
                    3 => "Gi",
                    4 => "Ti",
                    5 => "Pi",
                    6 => "Ei",
                    _ => return None,
                };
                let sign = if negative { "-" } else { "" };
                return Some(Canonical::Text(format!("{sign}{v}{suffix}")));
            }
            _ => format = Format::DecimalSi,
        }
    }
    // Decimal: strip factors of ten, then lower the exponent to a multiple of three.
    let mut exponent = -scale;
    while mantissa % 10 == 0 {
        mantissa /= 10;
        exponent += 1;
    }
    let adjust = exponent.rem_euclid(3);
    mantissa = mantissa.checked_mul(pow10(u32::try_from(adjust).ok()?)?)?;
    exponent -= adjust;
    let suffix = match (format, exponent) {
        (_, 0) => String::new(),
        (Format::DecimalSi, -9) => "n".into(),
        (Format::DecimalSi, -6) => "u".into(),
        (Format::DecimalSi, -3) => "m".into(),
        (Format::DecimalSi, 3) => "k".into(),
        (Format::DecimalSi, 6) => "M".into(),
        (Format::DecimalSi, 9) => "G".into(),
        (Format::DecimalSi, 12) => "T".into(),
        (Format::DecimalSi, 15) => "P".into(),
        (Format::DecimalSi, 18) => "E".into(),
        (_, e) => format!("e{e}"),
    };
    let sign = if negative { "-" } else { "" };
    Some(Canonical::Text(format!("{sign}{mantissa}{suffix}")))
}

#[cfg(test)]
mod tests {
    use super::{Canonical, canonical};

    fn text(s: &str) -> String {
        match canonical(s) {
            Canonical::Text(t) => t,
            other => panic!("{s}: {other:?}"),
        }
    }

    #[test]
    fn prints_like_quantity_string() {
        assert_eq!(text("1"), "1");
        assert_eq!(text("1m"), "1m");
        assert_eq!(text("1000m"), "1");
        assert_eq!(text("0.001"), "1m");
        assert_eq!(text("0.5"), "500m");
        assert_eq!(text("1500"), "1500");
        assert_eq!(text("2000"), "2k");
        assert_eq!(text("1Ki"), "1Ki");
        assert_eq!(text("1024Ki"), "1Mi");
        assert_eq!(text("1.5Ki"), "1536");
        assert_eq!(text("0.5Ki"), "512");
        assert_eq!(text("1024"), "1024");
        assert_eq!(text("1e3"), "1e3");
        assert_eq!(text("1E"), "1E");
        assert_eq!(text("1k"), "1k");
        assert_eq!(text("10m"), "10m");
        assert_eq!(text("-1"), "-1");
        assert_eq!(canonical("0"), Canonical::Zero);
        assert_eq!(canonical("0Mi"), Canonical::Zero);
    }
}
