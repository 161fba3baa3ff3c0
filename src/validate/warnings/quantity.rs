//! Just enough of `resource.Quantity` for the warnings and the claim checks: exact parsing, the
//! round-up to milli precision that defaulting applies, `MilliValue() % 1000`, and the canonical
//! `String()`.

use crate::yaml::{Node, Value};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    DecimalSI,
    BinarySI,
    DecimalExponent,
}

/// An exact quantity: `(-1)^neg × mant × 10^exp`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Qty {
    pub neg: bool,
    pub mant: u128,
    pub exp: i32,
    pub format: Format,
}

fn pow10(n: u32) -> Option<u128> {
    10u128.checked_pow(n)
}

/// Parses a quantity string (`None` when it is not one, or too large to represent).
pub fn parse(s: &str) -> Option<Qty> {
    let s = s.trim();
    let b = s.as_bytes();
    let mut i = 0;
    let mut neg = false;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        neg = b[i] == b'-';
        i += 1;
    }
    let mut mant: u128 = 0;
    let mut frac_digits: i32 = 0;
    let mut seen_digit = false;
    let mut seen_dot = false;
    while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.') {
        if b[i] == b'.' {
            if seen_dot {
                return None;
            }
            seen_dot = true;
        } else {
            seen_digit = true;
            if mant > u128::MAX / 100 {
                // Drop digits beyond what can matter at milli precision for realistic inputs.
                if !seen_dot {
                    return None;
                }
            } else {
                mant = mant * 10 + u128::from(b[i] - b'0');
                if seen_dot {
                    frac_digits += 1;
                }
            }
        }
        i += 1;
    }
    if !seen_digit {
        return None;
    }
    let suffix = &s[i..];
    let mut exp = -frac_digits;
    let format = match suffix {
        "" => Format::DecimalSI,
        "n" | "u" | "m" | "k" | "M" | "G" | "T" | "P" | "E" => {
            exp += match suffix {
                "n" => -9,
                "u" => -6,
                "m" => -3,
                "k" => 3,
                "M" => 6,
                "G" => 9,
                "T" => 12,
                "P" => 15,
                _ => 18,
            };
            Format::DecimalSI
        }
        "Ki" | "Mi" | "Gi" | "Ti" | "Pi" | "Ei" => {
            let k = match suffix {
                "Ki" => 1,
                "Mi" => 2,
                "Gi" => 3,
                "Ti" => 4,
                "Pi" => 5,
                _ => 6,
            };
            mant = mant.checked_mul(1024u128.checked_pow(k)?)?;
            Format::BinarySI
        }
        _ => {
            let rest = suffix.strip_prefix(['e', 'E'])?;
            let e: i32 = rest.parse().ok()?;
            exp = exp.checked_add(e)?;
            Format::DecimalExponent
        }
    };
    Some(Qty {
        neg,
        mant,
        exp,
        format,
    })
}

/// A quantity from a document value (a string, or a JSON number).
pub fn parse_node(node: &Node) -> Option<Qty> {
    match &node.value {
        Value::Str(s) => parse(s),
        Value::Int(_) | Value::BigInt(_) | Value::Float(_) => parse(&node.number_text()?),
        _ => None,
    }
}

impl Qty {
    pub fn is_zero(&self) -> bool {
        self.mant == 0
    }

    /// `RoundUp(Milli)`: away from zero.
    #[must_use]
    pub fn round_up_milli(mut self) -> Qty {
        if self.exp < -3 {
            let shift = (-3 - self.exp) as u32;
            match pow10(shift) {
                Some(d) => {
                    let q = self.mant / d;
                    let r = self.mant % d;
                    self.mant = if r == 0 { q } else { q + 1 };
                }
                None => self.mant = u128::from(self.mant != 0),
            }
            self.exp = -3;
        }
        self
    }

    /// `MilliValue() % 1000 != 0` (after rounding: the value has a fractional part).
    pub fn has_fraction(&self) -> bool {
        if self.mant == 0 || self.exp >= 0 {
            return false;
        }
        let r = self.round_up_milli();
        // r.exp == -3 here, or >= 0 handled above
        if r.exp >= 0 {
            return false;
        }
        let d = pow10((-r.exp) as u32).unwrap_or(u128::MAX);
        r.mant % d != 0
    }

    /// Sign of the value.
    pub fn signum(&self) -> i32 {
        if self.mant == 0 {
            0
        } else if self.neg {
            -1
        } else {
            1
        }
    }

    /// Whether the value is an integer.
    fn is_integer(&self) -> bool {
        if self.exp >= 0 || self.mant == 0 {
            return true;
        }
        pow10((-self.exp) as u32).is_some_and(|d| self.mant % d == 0)
    }

    /// The integer value, when it is one and fits.
    fn integer(&self) -> Option<u128> {
        if self.exp >= 0 {
            self.mant.checked_mul(pow10(self.exp as u32)?)
        } else {
            let d = pow10((-self.exp) as u32)?;
            (self.mant % d == 0).then_some(self.mant / d)
        }
    }

    /// `Quantity.String()`: the canonical form.
    pub fn canonical(&self) -> String {
        if self.mant == 0 {
            return "0".into();
        }
        let sign = if self.neg { "-" } else { "" };
        let mut format = self.format;
        if format == Format::BinarySI && (self.abs_lt_1024() || !self.is_integer()) {
            format = Format::DecimalSI;
        }
        if format == Format::BinarySI {
            let mut v = self.integer().unwrap_or(0);
            let mut e = 0;
            while e < 6 && v != 0 && v % 1024 == 0 {
                v /= 1024;
                e += 1;
            }
            let suffix = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"][e];
            return format!("{sign}{v}{suffix}");
        }
        let mut mant = self.mant;
        let mut exp = self.exp;
        while mant % 10 == 0 {
            mant /= 10;
            exp += 1;
        }
        match exp.rem_euclid(3) {
            1 => {
                mant *= 10;
                exp -= 1;
            }
            2 => {
                mant *= 100;
                exp -= 2;
            }
            _ => {}
        }
        let suffix = match format {
            Format::DecimalExponent => {
                if exp == 0 {
                    String::new()
                } else {
                    format!("e{exp}")
                }
            }
            _ => match exp {
                -9 => "n".into(),
                -6 => "u".into(),
                -3 => "m".into(),
                0 => String::new(),
                3 => "k".into(),
                6 => "M".into(),
                9 => "G".into(),
                12 => "T".into(),
                15 => "P".into(),
                18 => "E".into(),
                e => format!("e{e}"),
            },
        };
        format!("{sign}{mant}{suffix}")
    }

    fn abs_lt_1024(&self) -> bool {
        if self.exp >= 0 {
            return self.integer().is_some_and(|v| v < 1024);
        }
        pow10((-self.exp) as u32).is_none_or(|d| self.mant / d < 1024)
    }
}

/// For a fractional byte value: the canonical text of the value as defaulting leaves it.
pub fn fractional_bytes(node: &Node) -> Option<String> {
    let q = parse_node(node)?.round_up_milli();
    q.has_fraction().then(|| q.canonical())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canon(s: &str) -> String {
        parse(s).unwrap().round_up_milli().canonical()
    }

    #[test]
    fn canonical_forms() {
        assert_eq!(canon("0.5"), "500m");
        assert_eq!(canon("1000m"), "1");
        assert_eq!(canon("1024Mi"), "1Gi");
        assert_eq!(canon("1.5Gi"), "1536Mi");
        assert_eq!(canon("0.1Ki"), "102400m");
        assert_eq!(canon("1500m"), "1500m");
        assert_eq!(canon("0.0001"), "1m");
        assert_eq!(canon("-1Gi"), "-1Gi");
        assert_eq!(canon("0Gi"), "0");
        assert_eq!(canon("100M"), "100M");
        assert_eq!(canon("1e3"), "1e3");
        assert_eq!(canon("12e2"), "1200");
        assert_eq!(canon("512"), "512");
    }

    #[test]
    fn fractions() {
        assert!(parse("4m").unwrap().round_up_milli().has_fraction());
        assert!(!parse("4M").unwrap().has_fraction());
        assert!(!parse("0.5Gi").unwrap().has_fraction());
        assert!(parse("1.5").unwrap().has_fraction());
    }
}
