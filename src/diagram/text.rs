//! Text measurement without fonts, shortening, wrapping and escaping.
//!
//! The SVG names only local font families, so the exact font is the viewer's. Widths are
//! therefore estimated on the generous side (DejaVu Sans, the widest common sans-serif, for
//! proportional text; 0.61 em for monospace, which every common monospace font fits), so a
//! label never grows past the room the layout gave it.

/// The two faces the diagrams use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Face {
    Sans,
    SansBold,
    Mono,
}

/// Advance width of a character in em for a wide sans-serif.
fn sans_em(c: char) -> f32 {
    match c {
        'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '|' | '!' | '\'' | 'I' => 0.32,
        'f' | 't' | 'r' | ' ' | '(' | ')' | '[' | ']' | '/' | '\\' | '-' => 0.42,
        'm' | 'w' => 0.98,
        'M' | 'W' | '@' | '%' => 1.0,
        'A'..='Z' => 0.76,
        '0'..='9' => 0.64,
        c if c.is_ascii() => 0.62,
        // CJK and other wide scripts take a full em.
        c if (c as u32) >= 0x1100 => 1.05,
        _ => 0.7,
    }
}

/// Estimated width in pixels of `text` at `size` pixels.
pub fn width(text: &str, face: Face, size: f32) -> f32 {
    let em: f32 = match face {
        Face::Mono => text
            .chars()
            .map(|c| if (c as u32) >= 0x1100 { 1.2 } else { 0.61 })
            .sum(),
        Face::Sans => text.chars().map(sans_em).sum(),
        Face::SansBold => text.chars().map(sans_em).sum::<f32>() * 1.08,
    };
    em * size
}

/// `text` shortened with an ellipsis to fit `max` pixels.
pub fn fit(text: &str, face: Face, size: f32, max: f32) -> String {
    if width(text, face, size) <= max {
        return text.to_string();
    }
    let ellipsis = width("…", face, size).max(size * 0.7);
    let mut out = String::new();
    let mut used = 0.0;
    for c in text.chars() {
        let w = width(c.encode_utf8(&mut [0; 4]), face, size);
        if used + w + ellipsis > max {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

/// `text` shortened in the middle to fit `max` pixels: its start and its end stay, which is what
/// tells paths, images and names apart (`/var/run/secrets/…/serviceaccount · ro`).
pub fn fit_middle(text: &str, face: Face, size: f32, max: f32) -> String {
    if width(text, face, size) <= max {
        return text.to_string();
    }
    let ellipsis = width("…", face, size).max(size * 0.7);
    let room = (max - ellipsis).max(0.0);
    let chars: Vec<char> = text.chars().collect();
    let w = |c: char| width(c.encode_utf8(&mut [0; 4]), face, size);
    // The end is the more telling part: it gets three fifths, the start the rest.
    let mut head = 0;
    let mut used = 0.0;
    while head < chars.len() && used + w(chars[head]) <= room * 0.4 {
        used += w(chars[head]);
        head += 1;
    }
    let mut tail = chars.len();
    while tail > head && used + w(chars[tail - 1]) <= room {
        used += w(chars[tail - 1]);
        tail -= 1;
    }
    let mut out: String = chars[..head].iter().collect();
    out.push('…');
    out.extend(&chars[tail..]);
    out
}

/// Splits `text` into lines of at most `max` pixels, at spaces where possible.
pub fn wrap(text: &str, face: Face, size: f32, max: f32) -> Vec<String> {
    let space = width(" ", face, size);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0.0;
    for word in text.split(' ') {
        let w = width(word, face, size);
        if !line.is_empty() && used + space + w <= max {
            line.push(' ');
            line.push_str(word);
            used += space + w;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if w <= max {
            line.push_str(word);
            used = w;
            continue;
        }
        // A word longer than a line: cut it.
        used = 0.0;
        for c in word.chars() {
            let cw = width(c.encode_utf8(&mut [0; 4]), face, size);
            if used + cw > max && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                used = 0.0;
            }
            line.push(c);
            used += cw;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Escapes text for XML content and attribute values. Characters XML 1.0 does not allow
/// (most C0 controls) become U+FFFD, so the document stays well-formed whatever the manifest
/// holds.
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    xml_into(&mut out, text);
    out
}

/// [`xml`], appended to `out`.
pub fn xml_into(out: &mut String, text: &str) {
    let plain = text
        .bytes()
        .all(|b| b >= 0x20 && !matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'' | 0xEF));
    if plain {
        // 0xEF starts U+FFFE and U+FFFF; everything else here is safe as it is.
        out.push_str(text);
        return;
    }
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

/// A number for SVG: integers as integers, else one decimal.
pub fn num(v: f32) -> String {
    let mut out = String::with_capacity(8);
    num_into(&mut out, v);
    out
}

/// [`num`], appended to `out`.
pub fn num_into(out: &mut String, v: f32) {
    use std::fmt::Write;
    let tenths = (v * 10.0).round() as i64;
    let (whole, tenth) = (tenths / 10, (tenths % 10).abs());
    if tenths < 0 && whole == 0 {
        out.push('-');
    }
    let _ = write!(out, "{whole}");
    if tenth != 0 {
        out.push('.');
        out.push(char::from(b'0' + tenth as u8));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fitting_and_wrapping() {
        assert_eq!(fit("short", Face::Sans, 12.0, 200.0), "short");
        let long = fit("a-very-long-container-name-indeed", Face::Sans, 12.0, 80.0);
        assert!(long.ends_with('…'));
        assert!(width(&long, Face::Sans, 12.0) <= 80.0 + 12.0 * 0.7);
        let lines = wrap("one two three four five six", Face::Sans, 12.0, 60.0);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| width(l, Face::Sans, 12.0) <= 60.0));
        assert_eq!(wrap("x", Face::Mono, 10.0, 100.0), vec!["x"]);
    }

    #[test]
    fn fitting_in_the_middle() {
        assert_eq!(
            fit_middle("/tmp · rw", Face::Mono, 11.0, 200.0),
            "/tmp · rw"
        );
        let a = "/var/run/secrets/workload-spiffe-credentials · ro";
        let b = "/var/run/secrets/workload-spiffe-uds · ro";
        let (fa, fb) = (
            fit_middle(a, Face::Mono, 11.0, 200.0),
            fit_middle(b, Face::Mono, 11.0, 200.0),
        );
        assert!(fa.contains('…') && fa.starts_with("/var") && fa.ends_with("credentials · ro"));
        assert_ne!(fa, fb, "the ends keep two paths apart");
        assert!(width(&fa, Face::Mono, 11.0) <= 200.0);
        assert_eq!(fit_middle("abc", Face::Mono, 11.0, 0.0), "…");
    }

    #[test]
    fn escaping() {
        assert_eq!(
            xml("<a href=\"x\">&'\u{1}"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;\u{FFFD}"
        );
        assert_eq!(num(3.0), "3");
        assert_eq!(num(3.25), "3.3");
        assert_eq!(num(-0.5), "-0.5");
        assert_eq!(num(-12.04), "-12");
        assert_eq!(xml("plain text"), "plain text");
        assert_eq!(xml("\u{FFFE}"), "\u{FFFD}");
    }
}
