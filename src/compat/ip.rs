//! IP addresses as Go parses them: `net.ParseIP` as `netutils.ParseIPSloppy` keeps it (IPv4
//! octets with leading zeros) and `netip.ParseAddr` (strict).

/// Go's `net.ParseIP` as `netutils.ParseIPSloppy` keeps it (`strict == false`: IPv4 octets may
/// have leading zeros and hex groups any number of digits), or `netip.ParseAddr` without zones
/// (`strict == true`). Returns the 16-byte form.
pub fn parse_ip(s: &str, strict: bool) -> Option<[u8; 16]> {
    for b in s.bytes() {
        match b {
            b'.' => {
                let v4 = parse_ipv4(s, strict)?;
                let mut ip = [0u8; 16];
                ip[10] = 0xff;
                ip[11] = 0xff;
                ip[12..].copy_from_slice(&v4);
                return Some(ip);
            }
            b':' => return parse_ipv6(s, strict),
            _ => {}
        }
    }
    None
}

/// Decimal digits at the start of `s`: (value, digits), failing past 0xFFFFFF like Go's `dtoi`.
fn leading_number(s: &[u8], radix: u32) -> Option<(u32, usize)> {
    let mut n: u32 = 0;
    let mut i = 0;
    while i < s.len() {
        let Some(d) = (s[i] as char).to_digit(radix) else {
            break;
        };
        n = n * radix + d;
        if n >= 0x00FF_FFFF {
            return None;
        }
        i += 1;
    }
    if i == 0 { None } else { Some((n, i)) }
}

pub fn parse_ipv4(s: &str, strict: bool) -> Option<[u8; 4]> {
    let mut rest = s.as_bytes();
    let mut out = [0u8; 4];
    for (i, octet) in out.iter_mut().enumerate() {
        if i > 0 {
            rest = rest.strip_prefix(b".")?;
        }
        let (n, len) = leading_number(rest, 10)?;
        if n > 0xFF || (strict && len > 1 && rest[0] == b'0') {
            return None;
        }
        *octet = n as u8;
        rest = &rest[len..];
    }
    rest.is_empty().then_some(out)
}

fn parse_ipv6(s: &str, strict: bool) -> Option<[u8; 16]> {
    let mut ip = [0u8; 16];
    let mut rest = s.as_bytes();
    let mut ellipsis: Option<usize> = None;
    if rest.starts_with(b"::") {
        ellipsis = Some(0);
        rest = &rest[2..];
        if rest.is_empty() {
            return Some(ip);
        }
    }
    let mut i = 0;
    while i < 16 {
        let (n, len) = leading_number(rest, 16)?;
        if n > 0xFFFF {
            return None;
        }
        if len < rest.len() && rest[len] == b'.' {
            // A trailing IPv4 address.
            if (ellipsis.is_none() && i != 12) || i + 4 > 16 {
                return None;
            }
            let v4 = parse_ipv4(std::str::from_utf8(rest).ok()?, strict)?;
            ip[i..i + 4].copy_from_slice(&v4);
            rest = &[];
            i += 4;
            break;
        }
        if strict && len > 4 {
            return None;
        }
        ip[i] = (n >> 8) as u8;
        ip[i + 1] = n as u8;
        i += 2;
        rest = &rest[len..];
        if rest.is_empty() {
            break;
        }
        if rest[0] != b':' || rest.len() == 1 {
            return None;
        }
        rest = &rest[1..];
        if rest[0] == b':' {
            if ellipsis.is_some() {
                return None;
            }
            ellipsis = Some(i);
            rest = &rest[1..];
            if rest.is_empty() {
                break;
            }
        }
    }
    if !rest.is_empty() {
        return None;
    }
    if i < 16 {
        let at = ellipsis?;
        let n = 16 - i;
        ip.copy_within(at..i, at + n);
        ip[at..at + n].fill(0);
    } else if ellipsis.is_some() {
        return None;
    }
    Some(ip)
}
