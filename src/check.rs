//! Checks a built site as a reader's browser would use it from `file://` or a sub-path:
//! every internal link, `#anchor` and resource resolves to a file; nothing loads from the
//! network; every article has a title and a valid date (or none). Pages are parsed with an
//! HTML parser, whatever template produced them; CSS files are scanned for `url()`.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;

use anyhow::{Context, Result};
use percent_encoding::percent_decode_str;
use rayon::prelude::*;
use scraper::{Html, Selector};

/// One problem, with the output-relative page (or file) it is on.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    pub page: String,
    pub message: String,
}

/// What a check found.
#[derive(Debug, Default)]
pub struct Report {
    /// HTML pages parsed.
    pub pages: usize,
    /// Files in the output.
    pub files: usize,
    /// Articles checked from `data/articles.json`.
    pub articles: usize,
    /// Sorted by page, then message.
    pub problems: Vec<Problem>,
    /// External link → the pages it is on (sorted).
    pub external: BTreeMap<String, Vec<String>>,
}

/// How a reference is used, which decides what is allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Use {
    /// Followed by the reader (`<a href>`): external targets are listed, not problems.
    Navigation,
    /// Loaded with the page (scripts, styles, images, fonts, frames): must be local.
    Resource,
    /// Metadata about the page (`rel=canonical`, absolute `rel=alternate`): absolute by design.
    Metadata,
}

#[derive(Debug)]
struct Reference {
    what: &'static str,
    url: String,
    usage: Use,
}

/// What one page holds.
#[derive(Debug, Default)]
struct Scan {
    ids: HashSet<String>,
    refs: Vec<Reference>,
    title: Option<String>,
    h1: Vec<String>,
    times: Vec<String>,
    has_base: bool,
}

/// Elements and attributes whose URL is loaded with the page.
const RESOURCES: &[(&str, &str, &str)] = &[
    ("script[src]", "src", "script"),
    ("img[src]", "src", "image"),
    ("img[srcset]", "srcset", "image"),
    ("source[src]", "src", "media source"),
    ("source[srcset]", "srcset", "image source"),
    ("iframe[src]", "src", "iframe"),
    ("frame[src]", "src", "frame"),
    ("embed[src]", "src", "embed"),
    ("object[data]", "data", "object"),
    ("audio[src]", "src", "audio"),
    ("video[src]", "src", "video"),
    ("video[poster]", "poster", "video poster"),
    ("track[src]", "src", "text track"),
    ("input[src]", "src", "image input"),
    ("image[href]", "href", "svg image"),
    ("use[href]", "href", "svg use"),
];

/// `<link rel>` values that load something.
const LOADING_RELS: &[&str] = &[
    "stylesheet",
    "icon",
    "apple-touch-icon",
    "mask-icon",
    "preload",
    "prefetch",
    "modulepreload",
    "manifest",
    "dns-prefetch",
    "preconnect",
    "prerender",
];

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("static selector")
}

fn scan_html(text: &str) -> Scan {
    let doc = Html::parse_document(text);
    let mut scan = Scan::default();
    for el in doc.select(&sel("[id]")) {
        if let Some(id) = el.value().attr("id") {
            scan.ids.insert(id.to_string());
        }
    }
    for el in doc.select(&sel("a[name]")) {
        if let Some(n) = el.value().attr("name") {
            scan.ids.insert(n.to_string());
        }
    }
    let mut push = |what, url: &str, usage| {
        scan.refs.push(Reference {
            what,
            url: url.to_string(),
            usage,
        })
    };
    for (selector, what) in [
        ("a[href]", "link"),
        ("area[href]", "link"),
        ("form[action]", "form"),
    ] {
        let attr = if what == "form" { "action" } else { "href" };
        for el in doc.select(&sel(selector)) {
            push(
                what,
                el.value().attr(attr).unwrap_or_default(),
                Use::Navigation,
            );
        }
    }
    for el in doc.select(&sel("link[href]")) {
        let href = el.value().attr("href").unwrap_or_default();
        let rels: Vec<String> = el
            .value()
            .attr("rel")
            .unwrap_or_default()
            .split_ascii_whitespace()
            .map(str::to_ascii_lowercase)
            .collect();
        if rels.iter().any(|r| LOADING_RELS.contains(&r.as_str())) {
            push("link", href, Use::Resource);
        } else if rels.iter().any(|r| r == "canonical" || r == "alternate") {
            push("link", href, Use::Metadata);
        } else {
            push("link", href, Use::Navigation);
        }
    }
    for (selector, attr, what) in RESOURCES {
        for el in doc.select(&sel(selector)) {
            let value = el.value().attr(attr).unwrap_or_default();
            if *attr == "srcset" {
                for candidate in value.split(',') {
                    if let Some(url) = candidate.split_ascii_whitespace().next() {
                        push(what, url, Use::Resource);
                    }
                }
            } else {
                push(what, value, Use::Resource);
            }
        }
    }
    for el in doc.select(&sel("meta[http-equiv]")) {
        let refresh = el
            .value()
            .attr("http-equiv")
            .is_some_and(|v| v.eq_ignore_ascii_case("refresh"));
        if let (true, Some(content)) = (refresh, el.value().attr("content")) {
            if let Some(i) = content.to_ascii_lowercase().find("url=") {
                let url = content[i + 4..].trim().trim_matches(['\'', '"']);
                push("refresh", url, Use::Navigation);
            }
        }
    }
    for el in doc.select(&sel("style")) {
        for url in css_urls(&el.text().collect::<String>()) {
            push("style", &url, Use::Resource);
        }
    }
    for el in doc.select(&sel("[style]")) {
        for url in css_urls(el.value().attr("style").unwrap_or_default()) {
            push("style attribute", &url, Use::Resource);
        }
    }
    scan.has_base = doc.select(&sel("base[href]")).next().is_some();
    scan.title = doc
        .select(&sel("title"))
        .next()
        .map(|t| t.text().collect::<String>().trim().to_string());
    scan.h1 = doc
        .select(&sel("h1"))
        .map(|h| h.text().collect::<String>().trim().to_string())
        .collect();
    scan.times = doc
        .select(&sel("time[datetime]"))
        .filter_map(|t| t.value().attr("datetime").map(str::to_string))
        .collect();
    scan
}

/// The URLs in a style sheet: `url(…)` and `@import "…"`.
pub fn css_urls(css: &str) -> Vec<String> {
    let mut urls = Vec::new();
    let lower = css.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find("url(") {
        let start = from + i + 4;
        let Some(len) = css[start..].find(')') else {
            break;
        };
        let url = css[start..start + len]
            .trim()
            .trim_matches(['\'', '"'])
            .trim();
        urls.push(url.to_string());
        from = start + len;
    }
    let mut from = 0;
    while let Some(i) = lower[from..].find("@import") {
        let rest = css[from + i + 7..].trim_start();
        if let Some(q) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') {
            if let Some(end) = rest[1..].find(q) {
                urls.push(rest[1..1 + end].to_string());
            }
        }
        from += i + 7;
    }
    urls
}

/// The URL scheme in lower case, if the reference has one (`https`, `data`, `mailto`…).
fn scheme(url: &str) -> Option<String> {
    let colon = url.find(':')?;
    let s = &url[..colon];
    let valid = s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| s.to_ascii_lowercase())
}

/// Resolves a relative URL path from the page at `from` to an output path; `None` when it
/// climbs above the output root.
fn resolve(from: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for seg in path.split('/') {
        match seg {
            ".." => {
                parts.pop()?;
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// Whether `s` is a valid HTML `datetime` value of the forms diwan writes: `2021`, `2021-12`,
/// `2021-12-18`, `--12-18`, or a date with a time (`2021-12-18T10:00Z`).
pub fn valid_datetime(s: &str) -> bool {
    use chrono::NaiveDate;
    let day = |y: i32, m: &str, d: &str| {
        d.len() == 2
            && m.len() == 2
            && matches!((m.parse::<u32>(), d.parse::<u32>()), (Ok(m), Ok(d)) if NaiveDate::from_ymd_opt(y, m, d).is_some())
    };
    let digits = |p: &str, n: usize| p.len() >= n && p.bytes().all(|b| b.is_ascii_digit());
    if let Some(md) = s.strip_prefix("--") {
        // A yearless date: checked against a leap year so 29 February is valid.
        return matches!(md.split_once('-'), Some((m, d)) if day(2000, m, d));
    }
    let (date, time) = match s.split_once(['T', ' ']) {
        Some((d, t)) => (d, Some(t)),
        None => (s, None),
    };
    let parts: Vec<&str> = date.split('-').collect();
    let date_ok = match parts.as_slice() {
        [y] => time.is_none() && digits(y, 4),
        [y, m] => {
            time.is_none() && digits(y, 4) && m.len() == 2 && matches!(m.parse::<u32>(), Ok(1..=12))
        }
        [y, m, d] => digits(y, 4) && y.parse().is_ok_and(|y: i32| day(y, m, d)),
        _ => false,
    };
    date_ok
        && time.is_none_or(|t| {
            let t = t.trim_end_matches('Z');
            let t = t.split(['+', '-']).next().unwrap_or(t);
            let hms: Vec<&str> = t.split(':').collect();
            (2..=3).contains(&hms.len())
                && hms.iter().all(|p| {
                    p.split('.')
                        .next()
                        .is_some_and(|i| i.len() == 2 && digits(i, 2))
                })
        })
}

/// Lists every file under `dir` as `/`-separated relative paths.
fn list_files(dir: &Path) -> Result<(BTreeSet<String>, HashSet<String>)> {
    let mut files = BTreeSet::new();
    let mut dirs = HashSet::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1) {
        let entry = entry.with_context(|| format!("cannot list {}", dir.display()))?;
        let rel = crate::content::relative(dir, entry.path());
        if entry.file_type().is_dir() {
            dirs.insert(rel);
        } else {
            files.insert(rel);
        }
    }
    Ok((files, dirs))
}

/// Checks the built site in `dir`. `base_url`, when given, flags absolute links into the site
/// itself, which break when it is hosted elsewhere or opened from `file://`.
pub fn check_output(dir: &Path, base_url: Option<&str>) -> Result<Report> {
    let (files, dirs) = list_files(dir)?;
    let html: Vec<&String> = files
        .iter()
        .filter(|f| f.ends_with(".html") || f.ends_with(".htm"))
        .collect();
    let scans: HashMap<&str, Scan> = html
        .par_iter()
        .map(|rel| -> Result<(&str, Scan)> {
            let path = dir.join(rel.as_str());
            let bytes =
                std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
            Ok((rel.as_str(), scan_html(&String::from_utf8_lossy(&bytes))))
        })
        .collect::<Result<_>>()?;
    let mut css_refs: Vec<(&str, Reference)> = Vec::new();
    for rel in files.iter().filter(|f| f.ends_with(".css")) {
        let path = dir.join(rel.as_str());
        let text =
            std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        for url in css_urls(&String::from_utf8_lossy(&text)) {
            let usage = Use::Resource;
            css_refs.push((
                rel,
                Reference {
                    what: "css url()",
                    url,
                    usage,
                },
            ));
        }
    }

    let mut problems: BTreeSet<Problem> = BTreeSet::new();
    let mut external: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut problem = |page: &str, message: String| {
        problems.insert(Problem {
            page: page.to_string(),
            message,
        });
    };
    let refs = scans
        .iter()
        .flat_map(|(page, s)| s.refs.iter().map(move |r| (*page, r)))
        .chain(css_refs.iter().map(|(page, r)| (*page, r)));
    for (page, r) in refs {
        let url = r.url.trim();
        let what = r.what;
        let network = url.starts_with("//")
            || matches!(
                scheme(url).as_deref(),
                Some("http" | "https" | "ftp" | "ws" | "wss")
            );
        if network {
            if base_url.is_some_and(|b| url.starts_with(b)) && r.usage != Use::Metadata {
                problem(
                    page,
                    format!("{what} {url} is an absolute URL into the site itself: it breaks when the site is hosted elsewhere or opened from file://; make it relative"),
                );
            } else if r.usage == Use::Resource {
                problem(
                    page,
                    format!("{what} {url} loads from the network: everything the page loads must be a local file"),
                );
            } else if r.usage == Use::Navigation {
                external
                    .entry(url.to_string())
                    .or_default()
                    .insert(page.to_string());
            }
            continue;
        }
        match scheme(url).as_deref() {
            None => {}
            Some("data" | "mailto" | "tel" | "javascript" | "about" | "blob") => continue,
            Some(other) => {
                problem(
                    page,
                    format!("{what} {url}: the {other}: scheme does not work from a static copy"),
                );
                continue;
            }
        }
        if url.starts_with('/') {
            problem(
                page,
                format!("{what} {url} starts at the host root: it breaks under a sub-path and from file://; make it relative"),
            );
            continue;
        }
        let (rest, fragment) = match url.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (url, None),
        };
        let path = rest.split('?').next().unwrap_or(rest);
        let decoded = percent_decode_str(path).decode_utf8_lossy();
        let target = if decoded.is_empty() {
            Some(page.to_string())
        } else {
            resolve(page, &decoded)
        };
        let Some(target) = target else {
            problem(page, format!("{what} {url} leads outside the site"));
            continue;
        };
        if !files.contains(&target) {
            if dirs.contains(&target) || target.is_empty() {
                problem(
                    page,
                    format!("{what} {url} points to a folder: from file:// that shows a listing, not the page; link to {}index.html", if rest.ends_with('/') || rest.is_empty() { "" } else { "…/" }),
                );
            } else {
                problem(page, format!("broken {what}: {url} (no file {target})"));
            }
            continue;
        }
        if let (Some(f), Some(scan)) = (fragment, scans.get(target.as_str())) {
            let f = percent_decode_str(f).decode_utf8_lossy();
            if !f.is_empty() && f != "top" && !scan.ids.contains(f.as_ref()) {
                problem(
                    page,
                    format!("broken anchor: {url} (no id \"{f}\" in {target})"),
                );
            }
        }
    }
    for (page, scan) in &scans {
        if scan.has_base {
            problem(
                page,
                "<base href> changes how every relative link resolves; remove it".into(),
            );
        }
        if scan.title.as_deref().is_none_or(str::is_empty) {
            problem(page, "the page has no <title>".into());
        }
        for t in &scan.times {
            if !valid_datetime(t) {
                problem(page, format!("invalid date in <time datetime=\"{t}\">"));
            }
        }
    }
    let articles = check_articles(dir, &files, &scans, &mut problem)?;
    Ok(Report {
        pages: scans.len(),
        files: files.len(),
        articles,
        problems: problems.into_iter().collect(),
        external: external
            .into_iter()
            .map(|(u, pages)| (u, pages.into_iter().collect()))
            .collect(),
    })
}

/// Every article in `data/articles.json` has a title, a valid date or none, and a page whose
/// heading is not empty and which shows that date.
fn check_articles(
    dir: &Path,
    files: &BTreeSet<String>,
    scans: &HashMap<&str, Scan>,
    problem: &mut impl FnMut(&str, String),
) -> Result<usize> {
    const DATA: &str = "data/articles.json";
    if !files.contains(DATA) {
        return Ok(0);
    }
    let path = dir.join(DATA);
    let text = std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
    let records: Vec<serde_json::Value> = match serde_json::from_slice(&text) {
        Ok(r) => r,
        Err(e) => {
            problem(DATA, format!("not a JSON array of articles: {e}"));
            return Ok(0);
        }
    };
    for (i, r) in records.iter().enumerate() {
        let url = r["url"].as_str().unwrap_or_default();
        let page = percent_decode_str(url).decode_utf8_lossy().into_owned();
        let label = if page.is_empty() {
            format!("{DATA} (article {})", i + 1)
        } else {
            page.clone()
        };
        let title = r["title"].as_str().unwrap_or_default().trim();
        if title.is_empty() {
            problem(&label, "the article has no title".into());
        }
        let date = match &r["date"] {
            serde_json::Value::Null => None,
            serde_json::Value::String(d)
                if d.len() == 10 && chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok() =>
            {
                Some(d.as_str())
            }
            other => {
                problem(
                    &label,
                    format!("the article's date {other} is not a valid YYYY-MM-DD date"),
                );
                None
            }
        };
        let Some(scan) = scans.get(page.as_str()) else {
            problem(&label, format!("the article's page {url} is missing"));
            continue;
        };
        if scan.h1.iter().all(|h| h.is_empty()) {
            problem(
                &label,
                "the article page has no heading (<h1>) with its title".into(),
            );
        }
        if let Some(d) = date {
            if !scan.times.iter().any(|t| t.starts_with(d)) {
                problem(
                    &label,
                    format!("the article page does not show its date {d} in a <time datetime>"),
                );
            }
        }
    }
    Ok(records.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_url_table() {
        let rows: &[(&str, &[&str])] = &[
            ("a{background:url(x.png)}", &["x.png"]),
            (
                "@font-face{src:url('fonts/a.woff2') format('woff2')}",
                &["fonts/a.woff2"],
            ),
            ("@import \"other.css\";", &["other.css"]),
            (
                "@import url(https://fonts.example/x.css);",
                &["https://fonts.example/x.css"],
            ),
            ("p{color:red}", &[]),
        ];
        for (css, expected) in rows {
            assert_eq!(css_urls(css), *expected, "{css}");
        }
    }

    #[test]
    fn datetime_table() {
        let rows = [
            ("2021", true),
            ("2021-12", true),
            ("2021-12-18", true),
            ("--02-29", true),
            ("2021-12-18T10:30Z", true),
            ("2021-12-18T10:30:05+01:00", true),
            ("2021-02-30", false),
            ("2021-13", false),
            ("21-12-18", false),
            ("2021/12/18", false),
            ("", false),
            ("--13-01", false),
        ];
        for (s, ok) in rows {
            assert_eq!(valid_datetime(s), ok, "{s:?}");
        }
    }

    #[test]
    fn scheme_and_resolve() {
        assert_eq!(scheme("https://x").as_deref(), Some("https"));
        assert_eq!(scheme("MAILTO:a@b").as_deref(), Some("mailto"));
        assert_eq!(scheme("a/b:c"), None);
        assert_eq!(scheme("../x.html"), None);
        assert_eq!(
            resolve("articles/x/index.html", "../../index.html").as_deref(),
            Some("index.html")
        );
        assert_eq!(resolve("index.html", "../x.html"), None);
    }

    /// Writes `files` into a temp dir and checks it.
    fn check(files: &[(&str, &str)]) -> Report {
        let dir = tempfile::tempdir().unwrap();
        for (rel, text) in files {
            let p = dir.path().join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        check_output(dir.path(), Some("https://example.org/a/")).unwrap()
    }

    fn page(body: &str) -> String {
        format!("<!DOCTYPE html><html><head><title>t</title></head><body>{body}</body></html>")
    }

    #[test]
    fn every_kind_of_problem_is_listed_with_its_page() {
        let index = page(concat!(
            "<a href=\"b/index.html#here\">ok</a>",
            "<a href=\"b/index.html#nowhere\">bad anchor</a>",
            "<a href=\"missing.html\">broken</a>",
            "<a href=\"/root.html\">root</a>",
            "<a href=\"b/\">folder</a>",
            "<a href=\"https://news.example/1\">outlet</a>",
            "<a href=\"https://example.org/a/b/index.html\">self</a>",
            "<a href=\"#top\">top</a><a href=\"#\">hash</a>",
            "<img src=\"https://cdn.example/x.png\">",
            "<script src=\"//cdn.example/x.js\"></script>",
            "<link rel=\"stylesheet\" href=\"style.css\">",
            "<link rel=\"canonical\" href=\"https://example.org/a/\">",
            "<time datetime=\"2021-02-30\">x</time>",
        ));
        let report = check(&[
            ("index.html", &index),
            ("b/index.html", &page("<h2 id=\"here\">x</h2><a href=\"../index.html\">back</a>")),
            ("notitle.html", "<html><body></body></html>"),
            ("style.css", "@font-face{src:url(https://fonts.example/f.woff2)}body{background:url(img/none.png)}"),
        ]);
        let got: Vec<String> = report
            .problems
            .iter()
            .map(|p| format!("{}: {}", p.page, p.message))
            .collect();
        let expect = [
            "index.html: broken anchor: b/index.html#nowhere",
            "index.html: broken link: missing.html",
            "index.html: link /root.html starts at the host root",
            "index.html: link b/ points to a folder",
            "index.html: link https://example.org/a/b/index.html is an absolute URL into the site itself",
            "index.html: image https://cdn.example/x.png loads from the network",
            "index.html: script //cdn.example/x.js loads from the network",
            "index.html: invalid date in <time datetime=\"2021-02-30\">",
            "notitle.html: the page has no <title>",
            "style.css: css url() https://fonts.example/f.woff2 loads from the network",
            "style.css: broken css url(): img/none.png",
        ];
        for e in expect {
            assert!(
                got.iter().any(|g| g.starts_with(e)),
                "missing {e:?} in {got:#?}"
            );
        }
        assert_eq!(got.len(), expect.len(), "{got:#?}");
        assert_eq!(
            report.external.keys().collect::<Vec<_>>(),
            ["https://news.example/1"]
        );
        assert_eq!(report.pages, 3);
    }

    #[test]
    fn articles_need_a_title_a_valid_date_and_a_page() {
        let good = page("<h1>عنوان</h1><time datetime=\"2021-12-18\">18</time>");
        let json = r#"[
            {"url": "articles/a/index.html", "title": "عنوان", "date": "2021-12-18"},
            {"url": "articles/b/index.html", "title": " ", "date": null},
            {"url": "articles/c/index.html", "title": "ج", "date": "2021-13-01"},
            {"url": "articles/%D8%AF/index.html", "title": "د", "date": null}
        ]"#;
        let report = check(&[
            ("articles/a/index.html", &good),
            ("articles/b/index.html", &page("<h1>ب</h1>")),
            ("articles/c/index.html", &page("<h1>ج</h1>")),
            ("data/articles.json", json),
        ]);
        let got: Vec<String> = report
            .problems
            .iter()
            .map(|p| format!("{}: {}", p.page, p.message))
            .collect();
        assert_eq!(report.articles, 4);
        assert_eq!(
            got,
            [
                "articles/b/index.html: the article has no title",
                "articles/c/index.html: the article's date \"2021-13-01\" is not a valid YYYY-MM-DD date",
                "articles/د/index.html: the article's page articles/%D8%AF/index.html is missing",
            ]
        );
    }
}
