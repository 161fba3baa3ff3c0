//! Source text and positions.
//!
//! Everything inside Podscope works with byte offsets into the original text ([`Span`]). Only at
//! the edge — diagnostics handed to the CLI, JavaScript or VS Code — are they turned into 1-based
//! lines and columns. Columns are counted in UTF-16 code units, as JavaScript strings and the
//! Language Server Protocol count them, so an emoji before an error moves the column by two.

use serde::Serialize;

/// A half-open byte range `[start, end)` into a source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub const EMPTY: Span = Span { start: 0, end: 0 };

    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start: start as u32,
            end: end.max(start) as u32,
        }
    }

    pub fn start(self) -> usize {
        self.start as usize
    }

    pub fn end(self) -> usize {
        self.end as usize
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The smallest span covering both.
    #[must_use]
    pub fn cover(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// A 1-based line and column; the column counts UTF-16 code units.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

/// Line starts of a text, for turning byte offsets into lines and columns.
#[derive(Clone, Debug)]
pub struct LineIndex {
    line_starts: Vec<u32>,
    ascii: bool,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut line_starts = vec![0u32];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                line_starts.push((i + 1) as u32);
            }
        }
        LineIndex {
            line_starts,
            ascii: text.is_ascii(),
        }
    }

    /// 0-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&(offset as u32)) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts.get(line).map_or(0, |s| *s as usize)
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// 1-based line and UTF-16 column of a byte offset (clamped to the text and to char boundaries).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let start = self.line_start(line);
        let column = if self.ascii {
            offset - start
        } else {
            text[start..offset].encode_utf16().count()
        };
        Position {
            line: line as u32 + 1,
            column: column as u32 + 1,
        }
    }

    /// The text of a 0-based line without its line break.
    pub fn line_text<'t>(&self, text: &'t str, line: usize) -> &'t str {
        let start = self.line_start(line);
        let end = self
            .line_starts
            .get(line + 1)
            .map_or(text.len(), |e| *e as usize);
        text[start..end].trim_end_matches(['\n', '\r'])
    }
}

// Positions as the front ends count them: converted once, at the boundary (see `crate::api`).

/// A place in the text: 1-based line, and 1-based column counted in UTF-16 code units.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct PositionDto {
    pub line: u32,
    pub column: u32,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct RangeDto {
    pub start: PositionDto,
    pub end: PositionDto,
    /// Byte offsets into the UTF-8 text.
    pub start_byte: u32,
    pub end_byte: u32,
    /// Offsets in UTF-16 code units: indexes into the JavaScript string (`text.slice(start, end)`).
    pub start_offset: u32,
    pub end_offset: u32,
}

/// Converts spans of one text to ranges.
pub struct Positions<'t> {
    text: &'t str,
    index: LineIndex,
    /// UTF-16 offset of each line start; empty for ASCII text, where it equals the byte offset.
    utf16_line_starts: Vec<u32>,
}

impl<'t> Positions<'t> {
    pub fn new(text: &'t str) -> Positions<'t> {
        let index = LineIndex::new(text);
        let mut utf16_line_starts = Vec::new();
        if !text.is_ascii() {
            utf16_line_starts.reserve(index.line_count());
            let mut units = 0u32;
            let mut previous = 0;
            for line in 0..index.line_count() {
                let start = index.line_start(line);
                units += text[previous..start].encode_utf16().count() as u32;
                utf16_line_starts.push(units);
                previous = start;
            }
        }
        Positions {
            text,
            index,
            utf16_line_starts,
        }
    }

    pub fn range(&self, span: Span) -> RangeDto {
        let start = self.index.position(self.text, span.start());
        let end = self.index.position(self.text, span.end());
        RangeDto {
            start_offset: self.utf16_offset(start.line, start.column, span.start()),
            end_offset: self.utf16_offset(end.line, end.column, span.end()),
            start: PositionDto {
                line: start.line,
                column: start.column,
            },
            end: PositionDto {
                line: end.line,
                column: end.column,
            },
            start_byte: span.start,
            end_byte: span.end,
        }
    }

    fn utf16_offset(&self, line: u32, column: u32, byte: usize) -> u32 {
        match self.utf16_line_starts.get(line as usize - 1) {
            Some(line_start) => line_start + column - 1,
            None => byte.min(self.text.len()) as u32,
        }
    }

    pub fn line_index(&self) -> &LineIndex {
        &self.index
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_columns_count_surrogate_pairs() {
        let text = "a: 1\n# 😀é\nb: \"日本\" x\n";
        let index = LineIndex::new(text);
        let x = text.find(" x").unwrap() + 1;
        assert_eq!(index.position(text, x), Position { line: 3, column: 9 });
        let e = text.find('é').unwrap() + 'é'.len_utf8();
        assert_eq!(index.position(text, e), Position { line: 2, column: 6 });
    }

    #[test]
    fn offsets_past_the_end_are_clamped() {
        let text = "ab\ncd";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 99), Position { line: 2, column: 3 });
        assert_eq!(index.line_text(text, 1), "cd");
    }
}

/// Bytes read from a file, as text: UTF-8 (the default) or UTF-16 after a byte-order mark, as the
/// API server's YAML reader (go-yaml, after libyaml) decodes them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Decoded {
    /// The text; every sequence that could not be decoded is one U+FFFD.
    pub text: String,
    /// Where (byte offsets into `text`) a sequence could not be decoded, with go-yaml's words for
    /// the problem, e.g. `invalid leading UTF-8 octet`.
    pub errors: Vec<(usize, &'static str)>,
}

/// Decodes the bytes of a manifest. Bytes that are not text in the detected encoding are kept as
/// U+FFFD with the reader's problem, so the document that holds them fails as the server's would
/// and the other documents are still read.
pub fn decode_bytes(bytes: &[u8]) -> Decoded {
    match bytes {
        [0xff, 0xfe, rest @ ..] => decode_utf16(rest, u16::from_le_bytes),
        [0xfe, 0xff, rest @ ..] => decode_utf16(rest, u16::from_be_bytes),
        _ => decode_utf8(bytes),
    }
}

fn decode_utf8(bytes: &[u8]) -> Decoded {
    let mut out = Decoded {
        text: String::with_capacity(bytes.len()),
        errors: Vec::new(),
    };
    let mut rest = bytes;
    for chunk in bytes.utf8_chunks() {
        out.text.push_str(chunk.valid());
        rest = &rest[chunk.valid().len()..];
        let invalid = chunk.invalid();
        if !invalid.is_empty() {
            out.errors.push((out.text.len(), utf8_problem(rest)));
            out.text.push('\u{fffd}');
            rest = &rest[invalid.len()..];
        }
    }
    out
}

/// go-yaml's reader error for the invalid UTF-8 sequence at the start of `bytes` (readerc.go).
fn utf8_problem(bytes: &[u8]) -> &'static str {
    let lead = bytes[0];
    let width = match lead {
        _ if lead & 0x80 == 0 => 1,
        _ if lead & 0xe0 == 0xc0 => 2,
        _ if lead & 0xf0 == 0xe0 => 3,
        _ if lead & 0xf8 == 0xf0 => 4,
        _ => return "invalid leading UTF-8 octet",
    };
    if bytes.len() < width {
        return "incomplete UTF-8 octet sequence";
    }
    let mut value = u32::from(match width {
        1 => lead & 0x7f,
        2 => lead & 0x1f,
        3 => lead & 0x0f,
        _ => lead & 0x07,
    });
    for &b in &bytes[1..width] {
        if b & 0xc0 != 0x80 {
            return "invalid trailing UTF-8 octet";
        }
        value = (value << 6) | u32::from(b & 0x3f);
    }
    let shortest = match width {
        1 => true,
        2 => value >= 0x80,
        3 => value >= 0x800,
        _ => value >= 0x10000,
    };
    if !shortest {
        return "invalid length of a UTF-8 sequence";
    }
    "invalid Unicode character"
}

fn decode_utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Decoded {
    let mut out = Decoded {
        text: String::with_capacity(bytes.len()),
        errors: Vec::new(),
    };
    let fail = |out: &mut Decoded, problem| {
        out.errors.push((out.text.len(), problem));
        out.text.push('\u{fffd}');
    };
    let mut at = 0;
    while at < bytes.len() {
        let Some(&[first, second]) = bytes.get(at..at + 2) else {
            fail(&mut out, "incomplete UTF-16 character");
            break;
        };
        let value = unit([first, second]);
        at += 2;
        if value & 0xfc00 == 0xdc00 {
            fail(&mut out, "unexpected low surrogate area");
            continue;
        }
        if value & 0xfc00 != 0xd800 {
            out.text
                .push(char::from_u32(u32::from(value)).unwrap_or('\u{fffd}'));
            continue;
        }
        let Some(&[third, fourth]) = bytes.get(at..at + 2) else {
            fail(&mut out, "incomplete UTF-16 surrogate pair");
            break;
        };
        let low = unit([third, fourth]);
        if low & 0xfc00 != 0xdc00 {
            // The unit after the high surrogate is read again as a character of its own.
            fail(&mut out, "expected low surrogate area");
            continue;
        }
        at += 2;
        let value = 0x10000 + ((u32::from(value) & 0x3ff) << 10) + (u32::from(low) & 0x3ff);
        out.text.push(char::from_u32(value).unwrap_or('\u{fffd}'));
    }
    out
}

#[cfg(test)]
mod decode_tests {
    use super::decode_bytes;

    #[test]
    fn utf8_problems_in_go_yaml_words() {
        // Only the first problem of a document is reported, as the reader stops there.
        let first = |bytes: &[u8]| decode_bytes(bytes).errors[0].1;
        assert_eq!(first(b"a: \xff\n"), "invalid leading UTF-8 octet");
        assert_eq!(first(b"a: \xc3\x28\n"), "invalid trailing UTF-8 octet");
        assert_eq!(
            first(b"a: \xc0\x80\n"),
            "invalid length of a UTF-8 sequence"
        );
        assert_eq!(first(b"a: \xed\xa0\x80\n"), "invalid Unicode character");
        assert_eq!(first(b"a: \xf4\x90\x80\x80\n"), "invalid Unicode character");
        assert_eq!(first(b"a: \xe2\x82"), "incomplete UTF-8 octet sequence");
        let d = decode_bytes(b"a: \xff\nb: \xc3\x28\n");
        assert_eq!(d.errors.len(), 2);
        assert_eq!(d.errors[0].0, 3);
        assert_eq!(d.text, "a: \u{fffd}\nb: \u{fffd}(\n");
        assert_eq!(d.errors[1].0, d.text.find("\u{fffd}(").unwrap());
        let ok = decode_bytes("ok: ☃\n".as_bytes());
        assert_eq!((ok.text.as_str(), ok.errors.len()), ("ok: ☃\n", 0));
    }

    #[test]
    fn utf16_after_a_byte_order_mark() {
        let le: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain("a: ☃😀\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let d = decode_bytes(&le);
        assert_eq!((d.text.as_str(), d.errors.len()), ("a: ☃😀\n", 0));
        let be: Vec<u8> = [0xfe, 0xff]
            .into_iter()
            .chain("a: b\n".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode_bytes(&be).text, "a: b\n");
        let problem = |bytes: &[u8]| decode_bytes(bytes).errors.first().map(|e| e.1);
        assert_eq!(
            problem(b"\xff\xfea\x00b"),
            Some("incomplete UTF-16 character")
        );
        assert_eq!(
            problem(b"\xff\xfe\x00\xdc"),
            Some("unexpected low surrogate area")
        );
        assert_eq!(
            problem(b"\xff\xfe\x3d\xd8"),
            Some("incomplete UTF-16 surrogate pair")
        );
        assert_eq!(
            problem(b"\xff\xfe\x3d\xd8a\x00"),
            Some("expected low surrogate area")
        );
        assert_eq!(decode_bytes(b"\xff\xfe\x3d\xd8a\x00").text, "\u{fffd}a");
    }
}
