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
    format!(
        "{}{}",
        settings.base_url,
        encode_path(rel).trim_end_matches("index.html")
    )
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
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
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
        ];
        for (input, expected) in rows {
            assert_eq!(xml_escape(input), expected, "{input:?}");
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
