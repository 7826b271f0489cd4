//! Publishing metadata for static hosts and feed readers: Atom feeds, the sitemap, robots.txt
//! and JSON-LD. These are the only files with absolute URLs, all taken from `base_url`; every
//! link inside the pages stays relative.

pub mod feeds;
pub mod jsonld;
pub mod sitemap;

use anyhow::Result;

use crate::config::Settings;
use crate::model::Archive;
use crate::output::Output;
use crate::render::format::encode_path;
use crate::render::Reuse;

/// The publish step of the pipeline: runs after every page is rendered, so the sitemap lists
/// every HTML page whatever template produced it.
pub fn write(
    settings: &Settings,
    archive: &Archive,
    out: &Output,
    reuse: Option<&Reuse>,
) -> Result<()> {
    feeds::write_all(settings, archive, out, reuse)?;
    let pages = out.pages();
    let files = sitemap::file_names(&pages, sitemap::MAX_URLS);
    // In `watch` and `serve`, the same pages make the same sitemaps.
    let reuse = reuse.filter(|_| out.can_keep());
    if let Some(reuse) = reuse {
        if reuse.same_digest("sitemap.xml", crate::render::reuse::fingerprint_of(&pages)) {
            for rel in &files {
                reuse.keep(out, rel)?;
            }
            return out.write("robots.txt", robots_txt(settings).as_bytes());
        }
    }
    let sitemaps = sitemap::sitemaps(settings, &pages, sitemap::MAX_URLS);
    debug_assert_eq!(
        sitemaps.iter().map(|(rel, _)| rel).collect::<Vec<_>>(),
        files.iter().collect::<Vec<_>>()
    );
    for (rel, xml) in sitemaps {
        out.write(&rel, xml.as_bytes())?;
    }
    out.write("robots.txt", robots_txt(settings).as_bytes())
}

/// The absolute URL of an output file (`articles/x/index.html` → `<base_url>articles/x/`).
pub fn absolute_url(settings: &Settings, rel: &str) -> String {
    let path = encode_path(rel);
    [
        settings.base_url.as_str(),
        path.trim_end_matches("index.html"),
    ]
    .concat()
}

/// `robots.txt`: everything may be crawled; points to the sitemap. Crawlers read it only at a
/// host's root, so on a sub-path it is a template to copy there.
pub fn robots_txt(settings: &Settings) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n",
        settings.base_url
    )
}

/// Escapes text for XML content and attribute values, dropping the characters XML 1.0 forbids.
pub fn xml_escape(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    loop {
        // Candidates, 16 bytes at a time: the five escaped characters, control characters,
        // and the first byte of U+FFFE and U+FFFF (EF BF BE, EF BF BF).
        let i = crate::bytescan::next_of(b, last, 0x20, [b'&', b'<', b'>', b'"', b'\'', 0xEF]);
        out.push_str(&s[last..i]);
        let Some(&c) = b.get(i) else {
            return out;
        };
        let (rep, len) = match c {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            b'\'' => ("&apos;", 1),
            b'\t' | b'\n' | b'\r' => (&s[i..i + 1], 1),
            0xEF if matches!(b.get(i + 1..i + 3), Some([0xBF, 0xBE | 0xBF])) => ("", 3),
            // Another character that starts with EF, kept whole.
            0xEF => (&s[i..i + 3], 3),
            // Other control characters.
            _ => ("", 1),
        };
        out.push_str(rep);
        last = i + len;
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::path::Path;

    /// Settings of a small test site.
    pub fn settings() -> Settings {
        Settings::parse(
            Path::new("/site"),
            "title = \"أرشيف\"\nbase_url = \"https://example.org/a/\"\norganization = \"مؤسسة\"\n",
        )
        .unwrap()
    }

    #[test]
    fn xml_escape_table() {
        let rows = [
            ("a & b", "a &amp; b"),
            ("<x y=\"1\">", "&lt;x y=&quot;1&quot;&gt;"),
            ("it's", "it&apos;s"),
            ("bell\u{7}tab\t", "belltab\t"),
            ("الرباط", "الرباط"),
            // U+FFFE and U+FFFF are dropped; other characters starting with the byte EF kept.
            (
                "a\u{FFFE}b\u{FFFF}c\u{FEFF}d\u{FFFD}",
                "abc\u{FEFF}d\u{FFFD}",
            ),
            ("\r\n", "\r\n"),
            ("", ""),
        ];
        for (input, expected) in rows {
            assert_eq!(xml_escape(input), expected, "{input:?}");
        }
    }

    proptest::proptest! {
        /// The byte scan escapes as the character loop it replaced did.
        #[test]
        fn xml_escape_is_the_character_loop(s in "[\\x00-\\x7f\u{600}-\u{6ff}\u{fff0}-\u{ffff}\u{feff}]{0,40}") {
            let mut want = String::new();
            for c in s.chars() {
                match c {
                    '&' => want.push_str("&amp;"),
                    '<' => want.push_str("&lt;"),
                    '>' => want.push_str("&gt;"),
                    '"' => want.push_str("&quot;"),
                    '\'' => want.push_str("&apos;"),
                    '\t' | '\n' | '\r' => want.push(c),
                    c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
                    c => want.push(c),
                }
            }
            proptest::prop_assert_eq!(xml_escape(&s), want);
        }
    }

    #[test]
    fn absolute_urls_and_robots() {
        let s = settings();
        assert_eq!(
            absolute_url(&s, "articles/ب/index.html"),
            "https://example.org/a/articles/%D8%A8/"
        );
        assert_eq!(absolute_url(&s, "index.html"), "https://example.org/a/");
        assert_eq!(
            absolute_url(&s, "atom.xml"),
            "https://example.org/a/atom.xml"
        );
        assert!(robots_txt(&s).contains("Sitemap: https://example.org/a/sitemap.xml\n"));
    }
}
