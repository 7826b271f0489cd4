//! Display formatting for the theme: Arabic dates, digits, relative and percent-encoded URLs.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use crate::config::Digits;

/// Whether a byte stays as it is in a URL path segment: unreserved ASCII. Every other
/// byte, those of non-ASCII characters among them, is percent-encoded.
fn unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-_.~".contains(&b)
}

/// `s` with every byte that `keep` refuses written as `%XX` (upper-case hex); runs of kept
/// bytes are copied whole.
fn percent_encode(s: &str, keep: impl Fn(u8) -> bool) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let b = s.as_bytes();
    let mut out = String::with_capacity(b.len() + b.len() / 2);
    let mut kept = 0;
    for (i, &c) in b.iter().enumerate() {
        if keep(c) {
            continue;
        }
        // A run of kept bytes is whole characters when `keep` keeps either all bytes of
        // non-ASCII characters or none (ours do), so the slice is on character boundaries.
        if kept < i {
            out.push_str(&s[kept..i]);
        }
        out.push('%');
        out.push(char::from(HEX[usize::from(c >> 4)]));
        out.push(char::from(HEX[usize::from(c & 15)]));
        kept = i + 1;
    }
    if kept < b.len() {
        out.push_str(&s[kept..]);
    }
    out
}

/// Percent-encodes one path segment (Arabic slugs become `%D8%A7…`).
pub fn encode_segment(segment: &str) -> String {
    percent_encode(segment, unreserved)
}

/// A `/`-separated relative path as our pages write it in `href` and `src`: ASCII outside the
/// unreserved set percent-encoded, every other character (the letters of Arabic slugs) left as
/// it is. HTML parses attribute URLs with the URL standard, which encodes those characters
/// itself, over HTTP and from `file://` alike; written raw they take a third of the bytes
/// (`%D8%A7` is six bytes for a two-byte letter), which made pages a fifth smaller.
/// Absolute URLs (canonical, feeds, sitemap, JSON-LD, data exports) use [`encode_path`].
pub fn href_path(path: &str) -> String {
    percent_encode(path, |b| !b.is_ascii() || b == b'/' || unreserved(b))
}

/// Percent-encodes a `/`-separated relative path, segment by segment.
pub fn encode_path(path: &str) -> String {
    percent_encode(path, |b| b == b'/' || unreserved(b))
}

/// The prefix leading from a page at `rel` (e.g. `articles/x/index.html`) back to the root.
pub fn root_prefix(rel: &str) -> String {
    "../".repeat(rel.matches('/').count())
}

/// Writes ASCII digits as Eastern Arabic digits when the site asks for them.
pub fn digits(s: &str, style: Digits) -> String {
    match style {
        Digits::Western => s.to_string(),
        Digits::Eastern => s
            .chars()
            .map(|c| match c {
                '0'..='9' => char::from_u32('٠' as u32 + (c as u32 - '0' as u32)).unwrap(),
                _ => c,
            })
            .collect(),
    }
}

/// The theme strings' keys of the month names.
const MONTH_KEYS: [&str; 12] = [
    "month_1", "month_2", "month_3", "month_4", "month_5", "month_6", "month_7", "month_8",
    "month_9", "month_10", "month_11", "month_12",
];

/// The name of month `m` (1–12) from the theme strings (`month_1` … `month_12`).
pub fn month_name(m: u32, strings: &BTreeMap<String, String>) -> String {
    let key = m.checked_sub(1).and_then(|i| MONTH_KEYS.get(i as usize));
    key.and_then(|k| strings.get(*k))
        .cloned()
        .unwrap_or_else(|| m.to_string())
}

/// [`digits`] of a string already made: kept as it is for Western digits.
fn in_digits(s: String, style: Digits) -> String {
    match style {
        Digits::Western => s,
        Digits::Eastern => digits(&s, style),
    }
}

/// A publication date as "18 ديسمبر 2021".
pub fn format_day(d: NaiveDate, strings: &BTreeMap<String, String>, style: Digits) -> String {
    let text = [
        d.day().to_string().as_str(),
        " ",
        &month_name(d.month(), strings),
        " ",
        &d.year().to_string(),
    ]
    .concat();
    in_digits(text, style)
}

/// An ISO 8601 date cut to its precision (`2014`, `2021-02`, `2021-12-18`, `--09-07`), in words.
pub fn format_iso(iso: &str, strings: &BTreeMap<String, String>, style: Digits) -> String {
    let parts: smallvec::SmallVec<[&str; 4]> = iso.split('-').collect();
    let month = |m: &str| month_name(m.parse().unwrap_or(0), strings);
    let text = match parts.as_slice() {
        ["", "", m, d] => [d.trim_start_matches('0'), " ", &month(m)].concat(),
        [y, m, d] => [d.trim_start_matches('0'), " ", &month(m), " ", y].concat(),
        [y, m] => [month(m).as_str(), " ", y].concat(),
        _ => iso.to_string(),
    };
    in_digits(text, style)
}

#[cfg(test)]
mod tests {

    proptest::proptest! {
        /// Copying runs gives what encoding character by character gave.
        #[test]
        fn encode_path_is_percent_encoding_by_segment(p in "[\\x20-\\x7e\u{600}-\u{6ff}é]{0,40}") {
            use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
            const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');
            let want = p
                .split('/')
                .map(|seg| utf8_percent_encode(seg, SEGMENT).to_string())
                .collect::<Vec<_>>()
                .join("/");
            proptest::prop_assert_eq!(encode_path(&p), want);
        }

        #[test]
        fn href_path_is_the_character_loop(p in "[\\x20-\\x7e\u{600}-\u{6ff}é]{0,40}") {
            let mut want = String::new();
            for c in p.chars() {
                if !c.is_ascii() || c == '/' || c.is_ascii_alphanumeric() || "-_.~".contains(c) {
                    want.push(c);
                } else {
                    want.push_str(&format!("%{:02X}", c as u32));
                }
            }
            proptest::prop_assert_eq!(href_path(&p), want);
        }
    }
    use super::*;

    fn strings() -> BTreeMap<String, String> {
        [
            ("month_2", "فبراير"),
            ("month_9", "سبتمبر"),
            ("month_12", "ديسمبر"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
    }

    #[test]
    fn iso_table() {
        let s = strings();
        let rows: &[(&str, Digits, &str)] = &[
            ("2021-12-18", Digits::Western, "18 ديسمبر 2021"),
            ("2021-02", Digits::Western, "فبراير 2021"),
            ("2014", Digits::Western, "2014"),
            ("--09-07", Digits::Western, "7 سبتمبر"),
            ("2021-12-18", Digits::Eastern, "١٨ ديسمبر ٢٠٢١"),
            // A month the strings do not name, and month numbers outside 1–12.
            ("2021-03-01", Digits::Western, "1 3 2021"),
            ("2021-13", Digits::Eastern, "١٣ ٢٠٢١"),
            ("2021-00", Digits::Western, "0 2021"),
        ];
        for (iso, style, expected) in rows {
            assert_eq!(format_iso(iso, &s, *style), *expected);
        }
    }

    #[test]
    fn day_table() {
        let s = strings();
        let rows: &[(&str, Digits, &str)] = &[
            ("2021-12-18", Digits::Western, "18 ديسمبر 2021"),
            ("2021-02-03", Digits::Eastern, "٣ فبراير ٢٠٢١"),
            ("0987-09-30", Digits::Western, "30 سبتمبر 987"),
            ("2020-01-05", Digits::Western, "5 1 2020"),
        ];
        for (iso, style, expected) in rows {
            let d = NaiveDate::parse_from_str(iso, "%Y-%m-%d").unwrap();
            assert_eq!(format_day(d, &s, *style), *expected, "{iso}");
        }
    }

    #[test]
    fn urls() {
        assert_eq!(
            encode_segment("الرباط-2021"),
            "%D8%A7%D9%84%D8%B1%D8%A8%D8%A7%D8%B7-2021"
        );
        assert_eq!(
            encode_path("articles/a b/index.html"),
            "articles/a%20b/index.html"
        );
        assert_eq!(root_prefix("index.html"), "");
        assert_eq!(root_prefix("articles/x/index.html"), "../../");
    }
}
