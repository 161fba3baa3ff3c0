//! `resource.Quantity` (`k8s.io/apimachinery/pkg/api/resource`), exactly as the API server parses,
//! compares and prints it.
//!
//! A quantity is `<signedNumber><suffix>`: a decimal number (`1`, `0.5`, `.5`, `1.`) followed by a
//! binary-SI suffix (`Ki` … `Ei`), a decimal-SI suffix (`n u m "" k M G T P E`) or a decimal
//! exponent (`e3`, `E-2`). Parse errors are JSON decoding errors on the server (the request is
//! refused before validation) and use its three messages:
//!
//! - `quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`
//!   (empty string, or characters after the suffix, e.g. `1.2.3`, `1 Gi`, `abc`),
//! - `unable to parse numeric part of quantity` (no digit at all where an exact value is needed,
//!   e.g. `.e-10`),
//! - `unable to parse quantity's suffix` (e.g. `512Gu`, `1mi`, `1e`).
//!
//! Values are exact: no floating point anywhere. Parsing rounds up (away from zero) to nano
//! precision, and binary-SI values are capped at 2^63-1, as the server does. Defaulting later
//! rounds every `ResourceList` value up to milli precision ([`Quantity::round_up_milli`]).
//!
//! The printed form (`String()`) is the server's canonical form: `0.5` → `500m`, `1000m` → `1`,
//! `1024Mi` → `1Gi`, `1.5Gi` → `1536Mi`; a binary value that is not a whole number of bytes, or
//! is smaller than 1024, prints in decimal-SI. Like the server, a quantity that was already
//! written in canonical form keeps its original text, which shows in a few odd inputs (`+1`
//! prints `+1`, `01` prints `01`, `1.500` prints `1.500`, `1E3` prints `1E3`). Kubernetes 1.36
//! also drops the suffix of decimal-SI values above 10^20 (`1000E` prints `1`); that is
//! reproduced too.

use std::cmp::Ordering;
use std::fmt;

use crate::yaml::{Node, Value};

/// The regular expression the server quotes when a quantity does not parse.
pub const QUANTITY_REGEX_ERROR: &str =
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
/// `ErrNumeric`
pub const QUANTITY_NUMERIC_ERROR: &str = "unable to parse numeric part of quantity";
/// `ErrSuffix`
pub const QUANTITY_SUFFIX_ERROR: &str = "unable to parse quantity's suffix";

/// How a quantity prints (`resource.Format`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `12e6`
    DecimalExponent,
    /// `12Mi`
    BinarySI,
    /// `12M`
    DecimalSI,
    /// The zero `Quantity{}` (prints like `DecimalExponent`).
    Unset,
}

/// The text a parsed quantity keeps when it was already canonical (Go's `Quantity.s`).
#[derive(Clone, Debug, PartialEq, Eq)]
enum Cached {
    None,
    Inline(u8, [u8; 22]),
    Heap(Box<str>),
}

impl Cached {
    fn new(s: &str) -> Cached {
        if s.len() <= 22 {
            let mut buf = [0u8; 22];
            buf[..s.len()].copy_from_slice(s.as_bytes());
            Cached::Inline(s.len() as u8, buf)
        } else {
            Cached::Heap(s.into())
        }
    }

    fn get(&self) -> Option<&str> {
        match self {
            Cached::None => None,
            Cached::Inline(len, buf) => std::str::from_utf8(&buf[..*len as usize]).ok(),
            Cached::Heap(s) => Some(s),
        }
    }
}

/// An exact `resource.Quantity`: `±mag × 10^exp`.
///
/// `dec` tells whether the server holds the value as an `inf.Dec` (slow parse path, or arithmetic
/// that left the int64 range) rather than an `int64Amount`; it only matters for the server's
/// overflow behaviour of [`Quantity::milli_value`].
#[derive(Clone, Debug)]
pub struct Quantity {
    neg: bool,
    mag: u128,
    exp: i32,
    dec: bool,
    format: Format,
    cached: Cached,
}

impl PartialEq for Quantity {
    fn eq(&self, other: &Quantity) -> bool {
        self.cmp_value(other) == Ordering::Equal
    }
}

impl Eq for Quantity {}

impl PartialOrd for Quantity {
    fn partial_cmp(&self, other: &Quantity) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// `Cmp`: by value.
impl Ord for Quantity {
    fn cmp(&self, other: &Quantity) -> Ordering {
        self.cmp_value(other)
    }
}

/// `String()`: the kept text, or the canonical form.
impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.cached.get() {
            Some(s) => f.write_str(s),
            None => f.write_str(&self.canonical()),
        }
    }
}

const POW10: [u128; 39] = {
    let mut table = [1u128; 39];
    let mut i = 1;
    while i < 39 {
        table[i] = table[i - 1] * 10;
        i += 1;
    }
    table
};

fn pow10(n: u32) -> Option<u128> {
    POW10.get(n as usize).copied()
}

fn digit_count(mut v: u128) -> u32 {
    let mut n = 1;
    while v >= 10 {
        v /= 10;
        n += 1;
    }
    n
}

/// Parses a quantity as `resource.ParseQuantity` does; the error is the server's message.
pub fn parse(s: &str) -> Result<Quantity, String> {
    Quantity::parse(s)
}

/// The quantity a decoded tree node holds (a string, trimmed as `UnmarshalJSON` does, or a JSON
/// number; `null` is zero). `None` for values the decoder refuses.
pub fn from_node(node: &Node) -> Option<Quantity> {
    match &node.value {
        Value::Str(s) => Quantity::parse(s.trim()).ok(),
        Value::Null => Some(Quantity::zero()),
        Value::Int(_) | Value::BigInt(_) | Value::Float(_) => {
            Quantity::parse(&node.number_text()?).ok()
        }
        _ => None,
    }
}

/// The pieces of `parseQuantityString`.
struct Scanned<'a> {
    positive: bool,
    value: &'a str,
    num: &'a str,
    denom: &'a str,
    suffix: &'a str,
}

/// `parseQuantityString`: a fast scanner for the number and suffix.
fn scan(s: &str) -> Result<Scanned<'_>, String> {
    let b = s.as_bytes();
    let end = b.len();
    let mut positive = true;
    let mut pos = 0;
    if pos < end {
        match b[0] {
            b'-' => {
                positive = false;
                pos += 1;
            }
            b'+' => pos += 1,
            _ => {}
        }
    }
    // Leading zeros.
    loop {
        if pos >= end {
            return Ok(Scanned {
                positive,
                value: "0",
                num: "0",
                denom: "",
                suffix: "",
            });
        }
        if b[pos] == b'0' {
            pos += 1;
        } else {
            break;
        }
    }
    // Numerator.
    let num_start = pos;
    let mut i = pos;
    while i < end && b[i].is_ascii_digit() {
        i += 1;
    }
    if i >= end {
        return Ok(Scanned {
            positive,
            value: s,
            num: &s[num_start..],
            denom: "",
            suffix: "",
        });
    }
    let mut num = &s[num_start..i];
    pos = i;
    if num.is_empty() {
        num = "0";
    }
    // Denominator.
    let mut denom = "";
    if b[pos] == b'.' {
        pos += 1;
        let denom_start = pos;
        let mut i = pos;
        while i < end && b[i].is_ascii_digit() {
            i += 1;
        }
        if i >= end {
            return Ok(Scanned {
                positive,
                value: s,
                num,
                denom: &s[denom_start..],
                suffix: "",
            });
        }
        denom = &s[denom_start..i];
        pos = i;
    }
    let value = &s[..pos];
    // Suffix: letters, then an optional sign, then digits, then the end.
    let suffix_start = pos;
    let mut i = pos;
    while i < end && b"eEinumkKMGTP".contains(&b[i]) {
        i += 1;
    }
    if i >= end {
        return Ok(Scanned {
            positive,
            value,
            num,
            denom,
            suffix: &s[suffix_start..],
        });
    }
    pos = i;
    if b[pos] == b'-' || b[pos] == b'+' {
        pos += 1;
    }
    let mut i = pos;
    while i < end && b[i].is_ascii_digit() {
        i += 1;
    }
    if i >= end {
        return Ok(Scanned {
            positive,
            value,
            num,
            denom,
            suffix: &s[suffix_start..],
        });
    }
    Err(QUANTITY_REGEX_ERROR.to_string())
}

/// Go's `strconv.ParseInt(s, 10, 64)`.
fn go_parse_i64(s: &str) -> Option<i64> {
    let (neg, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let mut v: i128 = 0;
    for c in digits.bytes() {
        v = v * 10 + i128::from(c - b'0');
        if v > i128::from(i64::MAX) + 1 {
            return None;
        }
    }
    let v = if neg { -v } else { v };
    i64::try_from(v).ok()
}

/// `suffixHandler.interpret`: (base, exponent, format).
fn interpret(suffix: &str) -> Option<(u32, i32, Format)> {
    let dec = |e| Some((10, e, Format::DecimalSI));
    let bin = |e| Some((2, e, Format::BinarySI));
    match suffix {
        "" => dec(0),
        "n" => dec(-9),
        "u" => dec(-6),
        "m" => dec(-3),
        "k" => dec(3),
        "M" => dec(6),
        "G" => dec(9),
        "T" => dec(12),
        "P" => dec(15),
        "E" => dec(18),
        "Ki" => bin(10),
        "Mi" => bin(20),
        "Gi" => bin(30),
        "Ti" => bin(40),
        "Pi" => bin(50),
        "Ei" => bin(60),
        _ => {
            let b = suffix.as_bytes();
            if b.len() > 1 && (b[0] == b'e' || b[0] == b'E') {
                // Go stores the exponent in an int32 (truncating).
                go_parse_i64(&suffix[1..]).map(|e| (10, e as i32, Format::DecimalExponent))
            } else {
                None
            }
        }
    }
}

/// A non-negative decimal in digits (most significant first), used by the exact slow path.
struct BigDecimal {
    digits: Vec<u8>,
    /// value = digits × 10^-scale
    scale: i64,
}

impl BigDecimal {
    fn is_zero(&self) -> bool {
        self.digits.iter().all(|&d| d == 0)
    }

    fn trim_leading(&mut self) {
        let first = self
            .digits
            .iter()
            .position(|&d| d != 0)
            .unwrap_or(self.digits.len());
        self.digits.drain(..first);
    }

    fn double(&mut self) {
        let mut carry = 0u8;
        for d in self.digits.iter_mut().rev() {
            let v = *d * 2 + carry;
            *d = v % 10;
            carry = v / 10;
        }
        if carry > 0 {
            self.digits.insert(0, carry);
        }
    }

    fn increment(&mut self) {
        for d in self.digits.iter_mut().rev() {
            if *d == 9 {
                *d = 0;
            } else {
                *d += 1;
                return;
            }
        }
        self.digits.insert(0, 1);
    }

    /// `Round(x, scale, RoundUp)` on a non-negative value: drop digits past `scale`, rounding
    /// up when any dropped digit is non-zero.
    fn round_up_to_scale(&mut self, scale: i64) {
        if self.scale <= scale {
            return;
        }
        let drop = self.scale - scale;
        let len = self.digits.len() as i64;
        let lost = if drop >= len {
            let lost = !self.is_zero();
            self.digits.clear();
            lost
        } else {
            let keep = (len - drop) as usize;
            let lost = self.digits[keep..].iter().any(|&d| d != 0);
            self.digits.truncate(keep);
            lost
        };
        self.scale = scale;
        if lost {
            self.increment();
        }
    }

    /// Compares with an integer given in decimal digits.
    fn cmp_integer(&self, int_digits: &[u8]) -> Ordering {
        // Integer part of self.
        let len = self.digits.len() as i64;
        let int_len = len - self.scale;
        let (int_part, frac): (&[u8], &[u8]) = if int_len <= 0 {
            (&[], &self.digits[..])
        } else if int_len >= len {
            (&self.digits[..], &[])
        } else {
            self.digits.split_at(int_len as usize)
        };
        let trailing_zeros = if int_len > len {
            (int_len - len) as usize
        } else {
            0
        };
        let first = int_part
            .iter()
            .position(|&d| d != 0)
            .unwrap_or(int_part.len());
        let int_part = &int_part[first..];
        let self_len = if int_part.is_empty() {
            0
        } else {
            int_part.len() + trailing_zeros
        };
        match self_len.cmp(&int_digits.len()) {
            Ordering::Equal => {}
            other => return other,
        }
        for (i, &d) in int_digits.iter().enumerate() {
            let mine = int_part.get(i).copied().unwrap_or(0);
            match mine.cmp(&d) {
                Ordering::Equal => {}
                other => return other,
            }
        }
        if frac.iter().any(|&d| d != 0) {
            Ordering::Greater
        } else {
            Ordering::Equal
        }
    }

    /// (mag, exp) with trailing zeros folded into the exponent. Values with more than 38
    /// significant digits keep their 38 leading digits, rounded up.
    fn to_mag_exp(&self) -> (u128, i64) {
        let first = self.digits.iter().position(|&d| d != 0);
        let Some(first) = first else { return (0, 0) };
        let mut last = self.digits.len();
        while last > first && self.digits[last - 1] == 0 {
            last -= 1;
        }
        let mut exp = -self.scale + (self.digits.len() - last) as i64;
        let mut sig = &self.digits[first..last];
        let mut round_up = false;
        if sig.len() > 38 {
            let cut = sig.len() - 38;
            round_up = sig[38..].iter().any(|&d| d != 0);
            exp += cut as i64;
            sig = &sig[..38];
        }
        let mut mag: u128 = 0;
        for &d in sig {
            mag = mag * 10 + u128::from(d);
        }
        if round_up {
            mag += 1;
        }
        (mag, exp)
    }
}

const MAX_ALLOWED: [u8; 19] = *b"9223372036854775807";

impl Quantity {
    /// `Quantity{}`: zero, with no format.
    pub fn zero() -> Quantity {
        Quantity {
            neg: false,
            mag: 0,
            exp: 0,
            dec: false,
            format: Format::Unset,
            cached: Cached::None,
        }
    }

    /// `resource.ParseQuantity`.
    pub fn parse(s: &str) -> Result<Quantity, String> {
        if s.is_empty() {
            return Err(QUANTITY_REGEX_ERROR.to_string());
        }
        if s == "0" {
            return Ok(Quantity {
                format: Format::DecimalSI,
                cached: Cached::new("0"),
                ..Quantity::zero()
            });
        }
        let sc = scan(s)?;
        let (base, exponent, mut format) =
            interpret(sc.suffix).ok_or_else(|| QUANTITY_SUFFIX_ERROR.to_string())?;

        // The int64 fast path.
        let digits_len = (sc.num.len() + sc.denom.len()) as i64;
        let mut mantissa: i64 = 1;
        let (precision, mut scale): (i64, i64) = match format {
            Format::BinarySI => {
                if exponent >= 0 && sc.denom.is_empty() {
                    mantissa = 1i64 << exponent;
                    (
                        15 - sc.num.len() as i64 - i64::from(exponent) * 3 / 10 - 1,
                        0,
                    )
                } else {
                    (-1, 0)
                }
            }
            _ => (18 - digits_len, i64::from(exponent)),
        };
        if precision >= 0 {
            scale -= sc.denom.len() as i64;
            let scale32 = scale as i32;
            if i64::from(scale32) == scale && scale32 >= -9 {
                let mut value: i64 = 0;
                for c in sc.num.bytes().chain(sc.denom.bytes()) {
                    value = value * 10 + i64::from(c - b'0');
                }
                if let Some(result) = value.checked_mul(mantissa) {
                    let keep = if format == Format::BinarySI {
                        exponent % 10 == 0 && value & 7 != 0
                    } else {
                        // `shifted` = num + denom (at most 18 digits here).
                        let mut shifted = [0u8; 40];
                        let mut n = 0;
                        for c in sc.num.bytes().chain(sc.denom.bytes()) {
                            shifted[n] = c;
                            n += 1;
                        }
                        let ends_000 = n >= 3 && &shifted[n - 3..n] == b"000";
                        scale32 % 3 == 0 && !ends_000 && shifted[0] != b'0'
                    };
                    let cached = if keep { Cached::new(s) } else { Cached::None };
                    return Ok(Quantity {
                        neg: !sc.positive && result != 0,
                        mag: result.unsigned_abs().into(),
                        exp: scale32,
                        dec: false,
                        format,
                        cached,
                    });
                }
            }
        }

        // The exact slow path (`inf.Dec`).
        let mut digits = Vec::with_capacity(sc.value.len());
        let mut dec_scale: i64 = 0;
        let mut seen_dot = false;
        for c in sc.value.bytes() {
            match c {
                b'0'..=b'9' => {
                    digits.push(c - b'0');
                    if seen_dot {
                        dec_scale += 1;
                    }
                }
                b'.' => seen_dot = true,
                _ => {}
            }
        }
        if digits.is_empty() {
            return Err(QUANTITY_NUMERIC_ERROR.to_string());
        }
        let mut amount = BigDecimal {
            digits,
            scale: dec_scale,
        };
        amount.trim_leading();
        if base == 10 {
            amount.scale = i64::from((amount.scale as i32).wrapping_sub(exponent));
        } else {
            for _ in 0..exponent {
                amount.double();
            }
        }
        let zero = amount.is_zero();
        if !zero {
            amount.round_up_to_scale(9);
        }
        if format == Format::BinarySI && amount.cmp_integer(&MAX_ALLOWED) == Ordering::Greater {
            amount = BigDecimal {
                digits: MAX_ALLOWED.iter().map(|c| c - b'0').collect(),
                scale: 0,
            };
        }
        if format == Format::BinarySI && !zero && amount.cmp_integer(&[1]) == Ordering::Less {
            format = Format::DecimalSI;
        }
        let (mag, exp) = amount.to_mag_exp();
        Ok(Quantity {
            neg: !sc.positive && mag != 0,
            mag,
            exp: exp as i32,
            dec: true,
            format,
            cached: Cached::None,
        })
    }

    pub fn format(&self) -> Format {
        self.format
    }

    pub fn is_zero(&self) -> bool {
        self.mag == 0
    }

    /// -1, 0 or 1.
    pub fn sign(&self) -> i32 {
        if self.mag == 0 {
            0
        } else if self.neg {
            -1
        } else {
            1
        }
    }

    pub fn is_negative(&self) -> bool {
        self.neg && self.mag != 0
    }

    /// Compares magnitudes exactly.
    fn cmp_mag(x: u128, xe: i32, y: u128, ye: i32) -> Ordering {
        match (x == 0, y == 0) {
            (true, true) => return Ordering::Equal,
            (true, false) => return Ordering::Less,
            (false, true) => return Ordering::Greater,
            _ => {}
        }
        let x_order = i64::from(digit_count(x)) + i64::from(xe);
        let y_order = i64::from(digit_count(y)) + i64::from(ye);
        if x_order != y_order {
            return x_order.cmp(&y_order);
        }
        // Same order of magnitude: the exponents differ by at most 38.
        if xe < ye {
            return Quantity::cmp_mag(y, ye, x, xe).reverse();
        }
        let shift = (i64::from(xe) - i64::from(ye)) as u32;
        if let Some(scaled) = pow10(shift).and_then(|factor| x.checked_mul(factor)) {
            return scaled.cmp(&y);
        }
        let factor = pow10(shift).unwrap_or(u128::MAX);
        match x.cmp(&(y / factor)) {
            Ordering::Equal if y % factor != 0 => Ordering::Less,
            other => other,
        }
    }

    fn cmp_value(&self, other: &Quantity) -> Ordering {
        match (self.sign(), other.sign()) {
            (a, b) if a != b => a.cmp(&b),
            (0, _) => Ordering::Equal,
            (1, _) => Quantity::cmp_mag(self.mag, self.exp, other.mag, other.exp),
            _ => Quantity::cmp_mag(self.mag, self.exp, other.mag, other.exp).reverse(),
        }
    }

    /// `CmpInt64`
    pub fn cmp_i64(&self, v: i64) -> Ordering {
        let other = Quantity {
            neg: v < 0,
            mag: u128::from(v.unsigned_abs()),
            ..Quantity::zero()
        };
        self.cmp_value(&other)
    }

    /// The signed value at exponent `exp` (which must not exceed `self.exp`), if it fits.
    fn signed_at(&self, exp: i32) -> Option<i128> {
        let shift = u32::try_from(i64::from(self.exp) - i64::from(exp)).ok()?;
        let v = self.mag.checked_mul(pow10(shift)?)?;
        let v = i128::try_from(v).ok()?;
        Some(if self.neg { -v } else { v })
    }

    fn from_signed(v: i128, exp: i32) -> (bool, u128, i32) {
        (v < 0, v.unsigned_abs(), exp)
    }

    /// `Add`: the sum; its format is `y`'s when `self` is zero.
    #[must_use]
    pub fn add(&self, y: &Quantity) -> Quantity {
        let format = if self.is_zero() {
            y.format
        } else {
            self.format
        };
        if y.is_zero() {
            return Quantity {
                format,
                cached: Cached::None,
                dec: self.dec || y.dec,
                ..self.clone()
            };
        }
        if self.is_zero() {
            return Quantity {
                format,
                cached: Cached::None,
                dec: self.dec || y.dec,
                ..y.clone()
            };
        }
        let exp = self.exp.min(y.exp);
        let sum = match (self.signed_at(exp), y.signed_at(exp)) {
            (Some(a), Some(b)) => a.checked_add(b),
            _ => None,
        };
        let Some(sum) = sum else {
            // Beyond 38 digits: keep the larger term (not reachable with real manifests).
            let bigger = if Quantity::cmp_mag(self.mag, self.exp, y.mag, y.exp) == Ordering::Less {
                y
            } else {
                self
            };
            return Quantity {
                format,
                cached: Cached::None,
                dec: true,
                ..bigger.clone()
            };
        };
        let (neg, mag, exp) = Quantity::from_signed(sum, exp);
        let fits_i64 = mag <= u128::from(i64::MAX.unsigned_abs());
        Quantity {
            neg,
            mag,
            exp,
            dec: self.dec || y.dec || !fits_i64,
            format,
            cached: Cached::None,
        }
    }

    /// `RoundUp(-3)`, as defaulting does to every `ResourceList` value: round up (away from
    /// zero) to milli precision. The original text is kept when nothing changes.
    #[must_use]
    pub fn round_up_milli(&self) -> Quantity {
        self.round_up(-3)
    }

    /// `RoundUp(scale)` / `AsScale(scale)`: round away from zero to `10^scale`.
    #[must_use]
    pub fn round_up(&self, scale: i32) -> Quantity {
        if self.exp >= scale || self.mag == 0 {
            return self.clone();
        }
        let shift = (i64::from(scale) - i64::from(self.exp)) as u32;
        let (q, lost) = match pow10(shift) {
            Some(p) => (self.mag / p, self.mag % p != 0),
            None => (0, true),
        };
        let mag = if lost { q + 1 } else { q };
        Quantity {
            neg: self.neg,
            mag,
            exp: scale,
            dec: self.dec,
            format: self.format,
            cached: Cached::None,
        }
    }

    /// `ScaledValue(scale)`: `ceil(q / 10^scale)` as an int64, with the server's behaviour on
    /// overflow (0 for int64 amounts).
    pub fn scaled_value(&self, scale: i32) -> i64 {
        if self.mag == 0 {
            return 0;
        }
        let dif = i64::from(self.exp) - i64::from(scale);
        if dif >= 0 {
            // Scale up: exact, or overflow.
            let v = u32::try_from(dif)
                .ok()
                .and_then(pow10)
                .and_then(|p| self.mag.checked_mul(p));
            let v = v.and_then(|v| i64::try_from(v).ok());
            return match v {
                Some(v) if self.neg => -v,
                Some(v) => v,
                None if self.dec => self.wrapped_scaled(scale),
                None => 0,
            };
        }
        let shift = (-dif) as u32;
        let (q, rem) = match pow10(shift) {
            Some(p) => (self.mag / p, self.mag % p != 0),
            None => (0, true),
        };
        let Ok(q) = i64::try_from(q) else {
            return if self.dec {
                self.wrapped_scaled(scale)
            } else {
                0
            };
        };
        match (self.neg, rem) {
            (false, false) => q,
            (false, true) => q + 1,
            (true, false) => -q,
            // int64 amounts round away from zero; inf.Dec amounts truncate and add one.
            (true, true) if self.dec => -q + 1,
            (true, true) => -q - 1,
        }
    }

    /// Go's wrapping `Int64()` of an out-of-range big value (approximate: low 64 bits of the
    /// value when it fits 128 bits).
    fn wrapped_scaled(&self, scale: i32) -> i64 {
        let dif = i64::from(self.exp) - i64::from(scale);
        let v = u32::try_from(dif)
            .ok()
            .and_then(pow10)
            .and_then(|p| self.mag.checked_mul(p))
            .unwrap_or(0);
        let v = v as i64;
        if self.neg { v.wrapping_neg() } else { v }
    }

    /// `MilliValue()`
    pub fn milli_value(&self) -> i64 {
        self.scaled_value(-3)
    }

    /// `Value()`
    pub fn value(&self) -> i64 {
        self.scaled_value(0)
    }

    /// `CanonicalizeBytes`: the canonical form.
    pub fn canonical(&self) -> String {
        if self.mag == 0 {
            return "0".to_string();
        }
        let mut format = self.format;
        if format == Format::Unset {
            format = Format::DecimalExponent;
        }
        let mut binary: Option<u128> = None;
        if format == Format::BinarySI {
            if self.cmp_i64(-1024) == Ordering::Greater && self.cmp_i64(1024) == Ordering::Less {
                format = Format::DecimalSI;
            } else {
                let rounded = self.round_up(0);
                let exact = rounded.cmp_value(self) == Ordering::Equal;
                match rounded.signed_at(0) {
                    Some(v) if exact => binary = Some(v.unsigned_abs()),
                    _ => format = Format::DecimalSI,
                }
            }
        }
        let mut out = String::with_capacity(24);
        if self.neg {
            out.push('-');
        }
        if let Some(mut v) = binary {
            let mut times = 0;
            while v >= 1024 && v % 1024 == 0 {
                v /= 1024;
                times += 1;
            }
            out.push_str(&v.to_string());
            out.push_str(match times {
                1 => "Ki",
                2 => "Mi",
                3 => "Gi",
                4 => "Ti",
                5 => "Pi",
                6 => "Ei",
                _ => "",
            });
            return out;
        }
        let mut mag = self.mag;
        let mut exp = self.exp;
        while mag >= 10 && mag % 10 == 0 {
            mag /= 10;
            exp += 1;
        }
        out.push_str(&mag.to_string());
        match exp % 3 {
            1 | -2 => {
                out.push('0');
                exp -= 1;
            }
            2 | -1 => {
                out.push_str("00");
                exp -= 2;
            }
            _ => {}
        }
        if format == Format::DecimalSI {
            out.push_str(match exp {
                -9 => "n",
                -6 => "u",
                -3 => "m",
                3 => "k",
                6 => "M",
                9 => "G",
                12 => "T",
                15 => "P",
                18 => "E",
                // Kubernetes 1.36 prints no suffix outside the table (a known bug).
                _ => "",
            });
        } else if exp != 0 {
            out.push('e');
            out.push_str(&exp.to_string());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> Quantity {
        parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    fn s(text: &str) -> String {
        q(text).to_string()
    }

    #[test]
    fn parse_errors_use_the_server_messages() {
        for bad in [
            "", "1.1.M", "1+1.0M", "aoeu", "1.2.3", " 1", "1 ", "1 Gi", "abc", "1Gi ", "{",
            "0.1am", "true", "1KI",
        ] {
            assert_eq!(parse(bad).unwrap_err(), QUANTITY_REGEX_ERROR, "{bad:?}");
        }
        for bad in [
            "0.1mi", ".5i", "1i", "-3.01i", "512Gu", "1mi", "1e", "1e+", "-3.01e-", "1eE5", "1Kii",
            "1mm", "1kk",
        ] {
            assert_eq!(parse(bad).unwrap_err(), QUANTITY_SUFFIX_ERROR, "{bad:?}");
        }
        for bad in [".e-10", "-.e-20", "+.E-12"] {
            assert_eq!(parse(bad).unwrap_err(), QUANTITY_NUMERIC_ERROR, "{bad:?}");
        }
    }

    #[test]
    fn parses_like_the_kubernetes_tests() {
        // (input, value as mantissa, exponent, format) from TestQuantityParse.
        let cases: &[(&str, i128, i32, Format)] = &[
            ("0", 0, 0, Format::DecimalSI),
            ("0n", 0, 0, Format::DecimalSI),
            ("0Ki", 0, 0, Format::BinarySI),
            ("0Mi", 0, 0, Format::BinarySI),
            ("0T", 0, 0, Format::DecimalSI),
            ("1", 1, 0, Format::DecimalSI),
            ("1Ki", 1024, 0, Format::BinarySI),
            ("8Ki", 8 * 1024, 0, Format::BinarySI),
            ("7Mi", 7 * 1024 * 1024, 0, Format::BinarySI),
            ("6Gi", 6 * 1024 * 1024 * 1024, 0, Format::BinarySI),
            ("5Ti", 5 << 40, 0, Format::BinarySI),
            ("4Pi", 4 << 50, 0, Format::BinarySI),
            ("3Ei", 3 << 60, 0, Format::BinarySI),
            ("100Ti", 100 << 40, 0, Format::BinarySI),
            ("5n", 5, -9, Format::DecimalSI),
            ("4u", 4, -6, Format::DecimalSI),
            ("3m", 3, -3, Format::DecimalSI),
            ("50k", 5, 4, Format::DecimalSI),
            ("40T", 4, 13, Format::DecimalSI),
            ("2P", 2, 15, Format::DecimalSI),
            ("1E", 1, 18, Format::DecimalSI),
            ("1E-3", 1, -3, Format::DecimalExponent),
            ("1e3", 1, 3, Format::DecimalExponent),
            ("1E18", 1, 18, Format::DecimalExponent),
            ("100.035k", 100_035, 0, Format::DecimalSI),
            ("0.001", 1, -3, Format::DecimalSI),
            ("0.0005k", 5, -1, Format::DecimalSI),
            ("0.00050k", 5, -1, Format::DecimalSI),
            ("0.05000", 5, -2, Format::DecimalSI),
            ("0.5e-2", 5, -3, Format::DecimalExponent),
            ("10.035M", 10035, 3, Format::DecimalSI),
            ("1.3E+6", 13, 5, Format::DecimalExponent),
            ("1.53E12", 153, 10, Format::DecimalExponent),
            ("6.987654321G", 6_987_654_321, 0, Format::DecimalSI),
            ("1.01E", 101, 16, Format::DecimalSI),
            ("3.001n", 4, -9, Format::DecimalSI),
            ("1.1E-9", 2, -9, Format::DecimalExponent),
            ("0.0000000001", 1, -9, Format::DecimalSI),
            ("0.00000000050", 1, -9, Format::DecimalSI),
            ("0.9n", 1, -9, Format::DecimalSI),
            ("0.00000012345", 124, -9, Format::DecimalSI),
            ("9Ei", 9_223_372_036_854_775_807, 0, Format::BinarySI),
            (
                "9223372036854775807Ki",
                9_223_372_036_854_775_807,
                0,
                Format::BinarySI,
            ),
            ("12E", 12, 18, Format::DecimalSI),
            ("100.035Ki", 10_243_584, -2, Format::BinarySI),
            ("0.5Mi", 512 * 1024, 0, Format::BinarySI),
            ("0.05Gi", 536_870_912, -1, Format::BinarySI),
            ("0.025Ti", 274_877_906_944, -1, Format::BinarySI),
            ("0.000000000001Ki", 2, -9, Format::DecimalSI),
            (".001", 1, -3, Format::DecimalSI),
            (".0001k", 100, -3, Format::DecimalSI),
            ("1.", 1, 0, Format::DecimalSI),
            ("1.G", 1, 9, Format::DecimalSI),
            (".", 0, 0, Format::DecimalSI),
        ];
        for &(input, mant, exp, format) in cases {
            for sign in ["", "+", "-"] {
                let text = format!("{sign}{input}");
                let got = q(&text);
                let mant = if sign == "-" { -mant } else { mant };
                let want = Quantity {
                    neg: mant < 0,
                    mag: mant.unsigned_abs(),
                    exp,
                    ..Quantity::zero()
                };
                assert_eq!(got.cmp(&want), Ordering::Equal, "{text}: got {got:?}");
                assert_eq!(got.format(), format, "{text}");
            }
        }
    }

    #[test]
    fn prints_the_canonical_form() {
        let cases = [
            ("0.5", "500m"),
            ("1000m", "1"),
            ("1024Mi", "1Gi"),
            ("1.5Gi", "1536Mi"),
            ("0.1Ki", "102400m"),
            ("1Ki", "1Ki"),
            ("1000M", "1G"),
            (".001Ki", "1024m"),
            (".000001Ki", "1024u"),
            (".000000001Ki", "1024n"),
            (".000000000001Ki", "2n"),
            ("2000", "2k"),
            ("1500", "1500"),
            ("1.5", "1500m"),
            ("1.08", "1080m"),
            ("0.001e12", "1e9"),
            ("1000e-12", "1e-9"),
            ("1000u", "1m"),
            ("1080000000n", "1080m"),
            ("307200Ki", "300Mi"),
            ("1025024Mi", "1001Gi"),
            ("5000m", "5"),
            ("00", "0"),
            ("1000000", "1M"),
            ("-1000000", "-1M"),
            ("-.001Ki", "-1024m"),
            ("-1.5Gi", "-1536Mi"),
            ("1Ti", "1Ti"),
            ("1024Gi", "1Ti"),
            ("100.5Mi", "102912Ki"),
            ("1.5Ki", "1536"),
            ("0.5Ki", "512"),
            ("1023.5Ki", "1048064"),
            ("123456789012345678901234", "123456789012345678901234"),
            // Kubernetes 1.36 drops the suffix above 10^18 (fixed in later releases).
            ("1000E", "1"),
            ("1e21", "1e21"),
        ];
        for (input, want) in cases {
            assert_eq!(s(input), want, "{input}");
        }
    }

    #[test]
    fn keeps_canonical_input_text() {
        for text in [
            "500m", "1Gi", "128Mi", "1", "+1", "01", "1.500", "1E3", "1e3", "-1Ki", "+1Ki",
            "1025Ki", "3Ki", "100m", "2.5",
        ] {
            let expect = if text == "2.5" { "2500m" } else { text };
            assert_eq!(s(text), expect, "{text}");
        }
        assert_eq!(s("8Ki"), "8Ki");
        assert_eq!(s("+0.5"), "500m");
    }

    #[test]
    fn defaulting_rounds_up_to_milli() {
        let cases = [
            ("0.0001", "1m"),
            ("1.5001", "1501m"),
            ("1500u", "2m"),
            ("123u", "1m"),
            ("-0.0005", "-1m"),
            ("100n", "1m"),
            ("0.5", "500m"),
            ("+1", "+1"),
            ("1.500", "1.500"),
            ("1.5Gi", "1536Mi"),
            ("1.000000001Gi", "1073741825074m"),
        ];
        for (input, want) in cases {
            assert_eq!(q(input).round_up_milli().to_string(), want, "{input}");
        }
        // TestQuantityRoundUp
        for (input, scale, mant, exp) in [
            ("9.01", -3, 901, -2),
            ("9.01", -1, 91, -1),
            ("9.01", 0, 10, 0),
            ("9.01", 2, 100, 0),
            ("-9.01", -1, -91, -1),
            ("-9.01", 2, -100, 0),
        ] {
            let got = q(input).round_up(scale);
            let want = Quantity {
                neg: mant < 0,
                mag: i128::from(mant).unsigned_abs(),
                exp,
                ..Quantity::zero()
            };
            assert_eq!(got.cmp(&want), Ordering::Equal, "{input} {scale}");
        }
    }

    #[test]
    fn compares_exactly() {
        assert_eq!(q("100m").cmp(&q("50m")), Ordering::Greater);
        assert_eq!(q("10000T").cmp(&q("100Gi")), Ordering::Greater);
        assert_eq!(q("1").cmp(&q("1000m")), Ordering::Equal);
        assert_eq!(q("1Gi").cmp(&q("1073741824")), Ordering::Equal);
        assert_eq!(q("-1").cmp(&q("0")), Ordering::Less);
        assert_eq!(q("0").cmp(&q("-0")), Ordering::Equal);
        assert_eq!(q("1e30").cmp(&q("1e29")), Ordering::Greater);
        assert_eq!(q("0.000000001").cmp(&q("1n")), Ordering::Equal);
        assert_eq!(q("2").cmp(&q("1999m")), Ordering::Greater);
        assert_eq!(q("1024").cmp_i64(1024), Ordering::Equal);
        assert_eq!(q("1023.5").cmp_i64(1024), Ordering::Less);
    }

    #[test]
    fn milli_values_and_sums() {
        assert_eq!(q("500m").milli_value(), 500);
        assert_eq!(q("1.5").milli_value(), 1500);
        assert_eq!(q("1Ki").milli_value(), 1_024_000);
        assert_eq!(q("1n").milli_value(), 1);
        assert_eq!(q("-1n").milli_value(), -1);
        assert_eq!(q("100E").milli_value(), 0);
        assert_eq!(q("1.5").value(), 2);
        assert_eq!(q("-1.5").value(), -2);
        assert_eq!(q("2Mi").value(), 2_097_152);
        let sum = q("128Mi").add(&q("100M"));
        assert_eq!(sum.to_string(), "234217728");
        assert_eq!(q("100m").add(&q("0")).to_string(), "100m");
        assert_eq!(q("0").add(&q("1Gi")).to_string(), "1Gi");
        assert_eq!(q("500m").add(&q("500m")).to_string(), "1");
        assert_eq!(q("1Gi").add(&q("1Gi")).to_string(), "2Gi");
        assert_eq!(Quantity::zero().to_string(), "0");
    }
}
