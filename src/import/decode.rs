//! Capture bytes to text: encoding detection (BOM, UTF-8, UTF-16, legacy Arabic code pages)
//! and line-ending and control-character cleanup. The bytes themselves are never changed.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

/// A decoded capture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text with `\n` line endings and without stray control characters.
    pub text: String,
    /// The name of the encoding it was read as (`UTF-8`, `UTF-16LE`, `windows-1256` …).
    pub encoding: &'static str,
    /// Whether decoding met bytes that are invalid in that encoding (replaced by U+FFFD).
    pub had_errors: bool,
}

/// Decodes capture bytes: a byte-order mark wins; then valid UTF-8; then UTF-16 recognised by
/// its zero bytes; then a `charset` declared by a saved web page; then a statistical guess
/// (chardetng), which tells Windows-1256 and ISO-8859-6 Arabic from the other code pages.
pub fn decode(bytes: &[u8]) -> Decoded {
    let encoding = detect(bytes);
    let (text, _, had_errors) = encoding.decode(bytes); // strips a BOM of that encoding
    Decoded {
        text: normalize_text(&text),
        encoding: encoding.name(),
        had_errors,
    }
}

fn detect(bytes: &[u8]) -> &'static Encoding {
    if let Some((enc, _)) = Encoding::for_bom(bytes) {
        return enc;
    }
    // Before UTF-8: Arabic in UTF-16 can be valid UTF-8 byte for byte (0x27 0x06 …).
    if let Some(enc) = utf16_without_bom(bytes) {
        return enc;
    }
    if std::str::from_utf8(bytes).is_ok() {
        return UTF_8;
    }
    if let Some(enc) = declared_charset(bytes) {
        return enc;
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(None, chardetng::Utf8Detection::Allow)
}

/// UTF-16 without a BOM: text that is mostly ASCII or Arabic has a zero (ASCII) or 0x06
/// (Arabic block) byte at every other position.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let pairs = bytes.len() / 2;
    let high_even = bytes
        .chunks_exact(2)
        .filter(|p| p[0] == 0 || p[0] == 0x06)
        .count();
    let high_odd = bytes
        .chunks_exact(2)
        .filter(|p| p[1] == 0 || p[1] == 0x06)
        .count();
    // Text in UTF-8 or a legacy code page has no NUL bytes; UTF-16 has them for every
    // space, digit and Latin letter.
    if !bytes.contains(&0) {
        return None;
    }
    if high_odd * 10 >= pairs * 9 {
        Some(UTF_16LE)
    } else if high_even * 10 >= pairs * 9 {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// The `charset` a saved web page declares in its first 4 KB (`<meta charset="…">` or
/// `content="text/html; charset=…"`).
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let head: String = head
        .iter()
        .map(|&b| (b as char).to_ascii_lowercase())
        .collect();
    let at = head.find("charset=")? + "charset=".len();
    let label: String = head[at..]
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        .collect();
    let enc = Encoding::for_label(label.as_bytes())?;
    // A page saved as UTF-16 was caught above; a declared UTF-16 here would be a lie.
    (enc != UTF_16LE && enc != UTF_16BE).then_some(enc)
}

/// CRLF and CR to LF, tabs and no-break spaces to spaces, other control characters and a
/// stray BOM dropped.
pub fn normalize_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\n' => out.push('\n'),
            '\u{2028}' | '\u{2029}' | '\u{0085}' => out.push('\n'),
            '\t' | '\u{00A0}' | '\u{202F}' | '\u{2007}' => out.push(' '),
            '\u{FEFF}' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(s: &str, bom: bool) -> Vec<u8> {
        let mut v = if bom { vec![0xFF, 0xFE] } else { vec![] };
        for u in s.encode_utf16() {
            v.extend_from_slice(&u.to_le_bytes());
        }
        v
    }

    fn utf16be(s: &str) -> Vec<u8> {
        let mut v = vec![0xFE, 0xFF];
        for u in s.encode_utf16() {
            v.extend_from_slice(&u.to_be_bytes());
        }
        v
    }

    #[test]
    fn encoding_table() {
        let arabic = "الرباط - قال الوزير إن التعاون الأمني مستمر بين البلدين.\r\nفقرة ثانية.";
        let (cp1256, _, _) = encoding_rs::WINDOWS_1256.encode(arabic);
        let rows: Vec<(Vec<u8>, &str)> = vec![
            (arabic.as_bytes().to_vec(), "UTF-8"),
            (
                [b"\xEF\xBB\xBF".as_slice(), arabic.as_bytes()].concat(),
                "UTF-8",
            ),
            (utf16le(arabic, true), "UTF-16LE"),
            (utf16le(arabic, false), "UTF-16LE"),
            (utf16be(arabic), "UTF-16BE"),
            (cp1256.into_owned(), "windows-1256"),
        ];
        for (bytes, expected) in rows {
            let d = decode(&bytes);
            assert_eq!(d.encoding, expected);
            assert_eq!(
                d.text, "الرباط - قال الوزير إن التعاون الأمني مستمر بين البلدين.\nفقرة ثانية.",
                "{expected}"
            );
        }
    }

    #[test]
    fn declared_charset_of_a_saved_page() {
        let page =
            "<html><head><meta charset=\"windows-1256\"></head><body><p>المغرب</p></body></html>";
        let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(page);
        let d = decode(&bytes);
        assert_eq!(d.encoding, "windows-1256");
        assert!(d.text.contains("<p>المغرب</p>"));
    }

    #[test]
    fn cleanup_table() {
        let rows: &[(&str, &str)] = &[
            ("a\r\nb\rc\n", "a\nb\nc\n"),
            ("\u{FEFF}نص", "نص"),
            ("نص\u{0007}\u{0000}آخر", "نصآخر"),
            ("كلمة\u{00A0}أخرى\tثالثة", "كلمة أخرى ثالثة"),
            ("سطر\u{2028}سطر", "سطر\nسطر"),
        ];
        for (input, expected) in rows {
            assert_eq!(normalize_text(input), *expected, "{input:?}");
        }
    }
}
