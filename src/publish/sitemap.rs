//! `sitemap.xml` (sitemaps.org protocol 0.9): every HTML page but 404.html, split into
//! `sitemap-1.xml`, `sitemap-2.xml` … under a sitemap index above 50,000 URLs.

use super::{absolute_url, xml_escape};
use crate::config::Settings;

/// The protocol's limit of URLs in one sitemap file.
pub const MAX_URLS: usize = 50_000;

const NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

/// The sitemap files for the HTML pages at `pages` (output-relative paths): `(path, xml)`.
/// With more than `max` pages, `sitemap.xml` is an index of numbered sitemaps.
pub fn sitemaps(settings: &Settings, pages: &[String], max: usize) -> Vec<(String, String)> {
    let mut urls: Vec<String> = pages
        .iter()
        .filter(|p| p.as_str() != "404.html")
        .map(|p| absolute_url(settings, p))
        .collect();
    urls.sort();
    urls.dedup();
    if urls.len() <= max {
        return vec![("sitemap.xml".to_string(), urlset(&urls))];
    }
    let mut files = Vec::new();
    let mut index =
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"{NS}\">\n");
    for (i, chunk) in urls.chunks(max.max(1)).enumerate() {
        let name = format!("sitemap-{}.xml", i + 1);
        index.push_str(&format!(
            "  <sitemap><loc>{}</loc></sitemap>\n",
            xml_escape(&absolute_url(settings, &name))
        ));
        files.push((name, urlset(chunk)));
    }
    index.push_str("</sitemapindex>\n");
    files.insert(0, ("sitemap.xml".to_string(), index));
    files
}

/// The files [`sitemaps`] writes for `pages` (sorted, without duplicates): `sitemap.xml`,
/// then `sitemap-<n>.xml` when there are more than `max` URLs.
pub fn file_names(pages: &[String], max: usize) -> Vec<String> {
    let urls = pages.iter().filter(|p| p.as_str() != "404.html").count();
    let mut files = vec!["sitemap.xml".to_string()];
    if urls > max {
        files.extend((1..=urls.div_ceil(max.max(1))).map(|i| format!("sitemap-{i}.xml")));
    }
    files
}

fn urlset(urls: &[String]) -> String {
    let mut xml = format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"{NS}\">\n");
    for u in urls {
        xml.push_str(&format!("  <url><loc>{}</loc></url>\n", xml_escape(u)));
    }
    xml.push_str("</urlset>\n");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::publish::tests::settings;

    fn pages(n: usize) -> Vec<String> {
        (0..n)
            .map(|i| format!("articles/{i:03}/index.html"))
            .collect()
    }

    #[test]
    fn one_sitemap_up_to_the_limit_without_404() {
        let mut p = pages(3);
        p.push("404.html".into());
        p.push("index.html".into());
        let files = sitemaps(&settings(), &p, 3 + 1);
        assert_eq!(files.len(), 1);
        let (name, xml) = &files[0];
        assert_eq!(name, "sitemap.xml");
        assert_eq!(xml.matches("<loc>").count(), 4);
        assert!(xml.contains("<loc>https://example.org/a/</loc>"));
        assert!(xml.contains("<loc>https://example.org/a/articles/000/</loc>"));
        assert!(!xml.contains("404"));
    }

    #[test]
    fn file_names_are_the_files_sitemaps_writes() {
        for (n, max) in [(0, 3), (3, 3), (4, 3), (5, 2), (6, 2), (7, 1)] {
            let mut p = pages(n);
            p.push("404.html".into());
            p.sort();
            let written: Vec<String> = sitemaps(&settings(), &p, max)
                .into_iter()
                .map(|(name, _)| name)
                .collect();
            assert_eq!(file_names(&p, max), written, "{n} pages, {max} per file");
        }
    }

    #[test]
    fn split_above_the_limit_under_an_index() {
        let files = sitemaps(&settings(), &pages(5), 2);
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "sitemap.xml",
                "sitemap-1.xml",
                "sitemap-2.xml",
                "sitemap-3.xml"
            ]
        );
        assert!(files[0].1.contains("<sitemapindex"));
        assert!(files[0]
            .1
            .contains("<loc>https://example.org/a/sitemap-3.xml</loc>"));
        let total: usize = files[1..]
            .iter()
            .map(|(_, x)| x.matches("<loc>").count())
            .sum();
        assert_eq!(total, 5);
        assert!(files[1..]
            .iter()
            .all(|(_, x)| x.matches("<loc>").count() <= 2));
    }
}
