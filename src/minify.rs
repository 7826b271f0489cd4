//! HTML minification: a fast whitespace pass (the default) and minify-html's full rewrite.
//!
//! The whitespace pass changes nothing a browser renders: every run of whitespace in text
//! becomes one space, or one newline when the run held one (a newline renders as a space
//! too, and keeps lines short for diffs); runs inside a tag, outside quoted values, become
//! one space; comments go. The content of `pre`, `textarea`, `script` and `style`, and
//! attribute values, are copied as they are. It runs at memory speed, where the full
//! rewrite (attribute quotes dropped, optional tags, entities re-encoded) costs about a
//! quarter of a large build for a few percent fewer bytes; `minify = "full"` asks for it.

/// How the output's HTML is minified (`minify` in `site.toml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Minify {
    /// Pages written as the templates render them.
    Off,
    /// The whitespace pass.
    Whitespace,
    /// minify-html's full rewrite.
    Full,
}

impl Minify {
    /// Minifies one page.
    pub fn apply(self, html: &str) -> Vec<u8> {
        let mut out = Vec::with_capacity(html.len());
        self.apply_into(html.as_bytes(), &mut out);
        out
    }

    /// [`Minify::apply`] into `out` (cleared first), so that a caller writing many pages
    /// reuses one buffer instead of allocating a page-sized one for each.
    pub fn apply_into(self, html: &[u8], out: &mut Vec<u8>) {
        out.clear();
        match self {
            Minify::Off => out.extend_from_slice(html),
            Minify::Whitespace => collapse_whitespace_into(html, out),
            Minify::Full => *out = full(html),
        }
    }
}

/// minify-html with the settings the theme needs (closing tags and `<html>`/`<head>` kept).
pub fn full(html: &[u8]) -> Vec<u8> {
    let cfg = minify_html::Cfg {
        minify_css: true,
        minify_js: false,
        keep_closing_tags: true,
        keep_html_and_head_opening_tags: true,
        keep_comments: false,
        ..minify_html::Cfg::default()
    };
    minify_html::minify(html, &cfg)
}

/// Elements whose content is copied as it is.
const RAW: [&[u8]; 4] = [b"pre", b"textarea", b"script", b"style"];

/// The whitespace pass (see the module documentation).
pub fn collapse_whitespace(html: &str) -> String {
    let mut out = Vec::with_capacity(html.len());
    collapse_whitespace_into(html.as_bytes(), &mut out);
    // Only ASCII bytes are dropped or added, and only between characters.
    String::from_utf8(out).expect("the whitespace pass keeps UTF-8 whole")
}

/// The whitespace pass over the bytes of a page, appended to `out`. It works on bytes
/// (every byte it looks at is ASCII, and a UTF-8 sequence has none), so a page rendered
/// into a byte buffer is neither checked nor copied into a `String` first.
///
/// Text is copied in runs: a run ends only where the output differs from the input (a
/// comment, a run of two or more whitespace bytes, a tab or carriage return), so the single
/// spaces between words and the single newlines between lines, most of a page's whitespace,
/// are passed over 16 bytes at a time ([`crate::bytescan::next_break`]) instead of being
/// looked at one by one.
pub fn collapse_whitespace_into(b: &[u8], out: &mut Vec<u8>) {
    out.reserve(b.len());
    let mut i = 0;
    // `b[copied..i]` is copied as it is when the next change (or the end) is reached.
    let mut copied = 0;
    while i < b.len() {
        // Over text to the next byte that may need handling.
        i = crate::bytescan::next_break(b, i, [b'<'], true, []);
        let Some(&c) = b.get(i) else { break };
        match CLASS[c as usize] {
            TEXT => i += 1,
            SPACE => {
                let start = i;
                i += 1;
                while i < b.len() && is_space(b[i]) {
                    i += 1;
                }
                if i - start == 1 && (b[start] == b' ' || b[start] == b'\n') {
                    continue;
                }
                out.extend_from_slice(&b[copied..start]);
                out.push(if b[start..i].contains(&b'\n') {
                    b'\n'
                } else {
                    b' '
                });
                copied = i;
            }
            _ if b[i..].starts_with(b"<!--") => {
                out.extend_from_slice(&b[copied..i]);
                i = memchr::memmem::find(&b[i + 4..], b"-->").map_or(b.len(), |e| i + 4 + e + 3);
                copied = i;
            }
            _ if b
                .get(i + 1)
                .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'/') =>
            {
                let (end, name) = scan_tag(b, i, &mut copied, out);
                i = end;
                if let Some(raw) = RAW.iter().find(|r| name.eq_ignore_ascii_case(r)) {
                    // Up to the closing tag as it is.
                    i = find_close(b, i, raw).unwrap_or(b.len());
                }
            }
            // `<` that is not a tag is text.
            _ => i += 1,
        }
    }
    out.extend_from_slice(&b[copied..]);
}

/// Byte classes of the whitespace pass: text, whitespace, `<`.
const TEXT: u8 = 0;
const SPACE: u8 = 1;
const OPEN: u8 = 2;
const CLASS: [u8; 256] = {
    let mut t = [TEXT; 256];
    let mut c = 0;
    while c < 256 {
        if is_space(c as u8) {
            t[c] = SPACE;
        }
        c += 1;
    }
    t[b'<' as usize] = OPEN;
    t
};

use crate::bytescan::is_html_space as is_space;

/// Scans the tag that starts at `start`, collapsing whitespace outside quoted values (what
/// is unchanged stays in the pending run that starts at `copied`); returns the offset after
/// it and the tag name (empty for a closing tag).
fn scan_tag<'a>(
    b: &'a [u8],
    start: usize,
    copied: &mut usize,
    out: &mut Vec<u8>,
) -> (usize, &'a [u8]) {
    let name_start = start + 1;
    let mut i = name_start;
    while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-') {
        i += 1;
    }
    let name = &b[name_start..i];
    loop {
        i = crate::bytescan::next_break(b, i, [b'"', b'\'', b'>'], false, [b'>']);
        let Some(&c) = b.get(i) else {
            return (b.len(), name);
        };
        match c {
            b'"' | b'\'' => {
                // A quoted value is copied as it is.
                i = memchr::memchr(c, &b[i + 1..]).map_or(b.len(), |q| i + 1 + q + 1);
            }
            b'>' => return (i + 1, name),
            c if is_space(c) => {
                let run = i;
                while i < b.len() && is_space(b[i]) {
                    i += 1;
                }
                // No space before the end of the tag; one space elsewhere.
                let closing = b.get(i) == Some(&b'>');
                if i - run == 1 && c == b' ' && !closing {
                    continue;
                }
                out.extend_from_slice(&b[*copied..run]);
                if !closing {
                    out.push(b' ');
                }
                *copied = i;
            }
            _ => i += 1,
        }
    }
}

/// Offset of `</name` (any case) at or after `from`.
fn find_close(b: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let mut i = from;
    while let Some(p) = memchr::memmem::find(&b[i..], b"</") {
        let at = i + p;
        let tail = &b[at + 2..];
        if tail.len() >= name.len() && tail[..name.len()].eq_ignore_ascii_case(name) {
            return Some(at);
        }
        i = at + 2;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_table() {
        let rows: &[(&str, &str)] = &[
            // Indentation between block tags becomes one newline.
            (
                "<ul>\n    <li>أ</li>\n    <li>ب</li>\n</ul>",
                "<ul>\n<li>أ</li>\n<li>ب</li>\n</ul>",
            ),
            // A space between inline elements stays a space.
            (
                "<a href=x>المغرب</a>   <a href=y>إسبانيا</a>",
                "<a href=x>المغرب</a> <a href=y>إسبانيا</a>",
            ),
            // Inside a tag, outside values: one space; no space before `>`.
            (
                "<a   class=\"entity  place\"\n   href=\"../x/\" >ن</a>",
                "<a class=\"entity  place\" href=\"../x/\">ن</a>",
            ),
            // Self-closing SVG elements keep their slash.
            ("<circle r=\"3\"  />", "<circle r=\"3\" />"),
            // Comments go.
            ("<p>أ<!-- note -->ب</p>", "<p>أب</p>"),
            // Raw text elements are copied as they are.
            (
                "<pre>  سطر\n    آخر</pre>  <script>\nvar a = 1\n  var b</script>",
                "<pre>  سطر\n    آخر</pre> <script>\nvar a = 1\n  var b</script>",
            ),
            ("<STYLE>a  {  }</STYLE>", "<STYLE>a  {  }</STYLE>"),
            // `<` that is not a tag is text.
            ("<p>3 < 4  و  5 > 2</p>", "<p>3 < 4 و 5 > 2</p>"),
            ("", ""),
        ];
        for (input, want) in rows {
            assert_eq!(collapse_whitespace(input), *want, "{input:?}");
        }
    }

    /// The pass as it was before it copied text in runs: one copy per word. The run-copying
    /// pass must give the same bytes.
    mod reference {
        use super::super::{find_close, RAW};
        pub(super) fn reference_into(b: &[u8], out: &mut Vec<u8>) {
            out.reserve(b.len());
            let mut i = 0;
            // Start of the text not yet copied.
            let mut copied = 0;
            while i < b.len() {
                match b[i] {
                    b'<' if b[i..].starts_with(b"<!--") => {
                        out.extend_from_slice(&b[copied..i]);
                        let end = memchr::memmem::find(&b[i + 4..], b"-->")
                            .map_or(b.len(), |e| i + 4 + e + 3);
                        i = end;
                        copied = i;
                    }
                    b'<' if b
                        .get(i + 1)
                        .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'/') =>
                    {
                        out.extend_from_slice(&b[copied..i]);
                        let (end, name) = reference_tag(b, i, out);
                        i = end;
                        copied = i;
                        if let Some(raw) = RAW.iter().find(|r| name.eq_ignore_ascii_case(r)) {
                            // Copy up to the closing tag as it is.
                            let close = find_close(b, i, raw).unwrap_or(b.len());
                            out.extend_from_slice(&b[i..close]);
                            i = close;
                            copied = i;
                        }
                    }
                    c if is_space(c) => {
                        out.extend_from_slice(&b[copied..i]);
                        let start = i;
                        while i < b.len() && is_space(b[i]) {
                            i += 1;
                        }
                        out.push(if b[start..i].contains(&b'\n') {
                            b'\n'
                        } else {
                            b' '
                        });
                        copied = i;
                    }
                    _ => i += 1,
                }
            }
            out.extend_from_slice(&b[copied..]);
        }

        fn is_space(c: u8) -> bool {
            matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0C')
        }

        fn reference_tag<'a>(b: &'a [u8], start: usize, out: &mut Vec<u8>) -> (usize, &'a [u8]) {
            let name_start = start + 1;
            let mut i = name_start;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-') {
                i += 1;
            }
            let name = &b[name_start..i];
            out.extend_from_slice(&b[start..i]);
            let mut copied = i;
            let mut quote: Option<u8> = None;
            while i < b.len() {
                let c = b[i];
                match quote {
                    Some(q) if c == q => quote = None,
                    Some(_) => {}
                    None if c == b'"' || c == b'\'' => quote = Some(c),
                    None if c == b'>' => {
                        out.extend_from_slice(&b[copied..=i]);
                        return (i + 1, name);
                    }
                    None if is_space(c) => {
                        out.extend_from_slice(&b[copied..i]);
                        while i < b.len() && is_space(b[i]) {
                            i += 1;
                        }
                        // No space before the end of the tag.
                        if b.get(i) != Some(&b'>') {
                            out.push(b' ');
                        }
                        copied = i;
                        continue;
                    }
                    None => {}
                }
                i += 1;
            }
            out.extend_from_slice(&b[copied..]);
            (b.len(), name)
        }
    }

    proptest::proptest! {
        #[test]
        fn copying_in_runs_gives_what_copying_each_word_gave(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "<p>", "</p>", "<a href=\"x  y\">", "<a  class='b' >", "<br />", " ", "  ", "\n",
                "\t", "\r\n", " \n  ", "<!-- c -->", "<!--", "<pre>", "</pre>", "<script>",
                "</script>", "المغرب", "و", "<", ">", "'", "\"", "< ", "<a", "<a ", " >", "\x0c",
            ]), 0..40)
        ) {
            let html = parts.concat();
            let mut want = Vec::new();
            reference::reference_into(html.as_bytes(), &mut want);
            let mut got = Vec::new();
            collapse_whitespace_into(html.as_bytes(), &mut got);
            proptest::prop_assert_eq!(String::from_utf8(got).unwrap(), String::from_utf8(want).unwrap(), "{:?}", html);
        }
    }

    #[test]
    fn full_keeps_closing_tags() {
        let html = "<!doctype html><html dir=\"rtl\"><head></head><body><p>أ</p></body></html>";
        let got = String::from_utf8(full(html.as_bytes())).unwrap();
        assert!(got.contains("</p>"), "{got}");
    }
}
