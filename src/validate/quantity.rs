//! `resource.Quantity`: parsing (TODO(helper): canonical form, comparison).

/// The regular expression the server quotes when a quantity does not parse.
pub const QUANTITY_REGEX_ERROR: &str =
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

/// Parses a quantity string; the error is the server's message.
pub fn parse(s: &str) -> Result<(), String> {
    let b = s.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        i += 1;
    }
    let start = i;
    while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.') {
        i += 1;
    }
    if i == start {
        return Err(QUANTITY_REGEX_ERROR.into());
    }
    let rest = &s[i..];
    if !rest
        .bytes()
        .all(|c| b"eEinumkKMGTP+-0123456789".contains(&c))
    {
        return Err(QUANTITY_REGEX_ERROR.into());
    }
    Ok(())
}
