//! Saved web pages: the article is extracted with dom_smoothie (a port of Mozilla's
//! Readability), then walked into lines with hints (headings, captions, paragraphs);
//! publication date, author, canonical URL and site name come from `<meta>` and JSON-LD.

use scraper::{ElementRef, Html, Node, Selector};
use serde_json::Value;

use super::{Hint, Line};

/// What the page states about itself, each with the place it was read from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageMeta {
    pub title: Option<String>,
    /// The raw publication date (ISO 8601 in practice).
    pub published: Option<String>,
    pub author: Option<String>,
    pub canonical: Option<String>,
    /// The outlet name and where it was found (`og:site_name`, `JSON-LD publisher.name`).
    pub site_name: Option<(String, String)>,
}

/// An extracted page.
#[derive(Debug, Clone, Default)]
pub struct Page {
    pub meta: PageMeta,
    pub lines: Vec<Line>,
    /// Every line of the whole page, chrome included: where a footer may name the outlet.
    pub page_lines: Vec<String>,
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("a valid selector")
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn meta_content(doc: &Html, selectors: &[&str]) -> Option<(String, String)> {
    selectors.iter().find_map(|s| {
        doc.select(&sel(s))
            .filter_map(|e| {
                e.value()
                    .attr("content")
                    .or_else(|| e.value().attr("href"))
                    .map(collapse)
            })
            .find(|v| !v.is_empty())
            .map(|v| (v, s.to_string()))
    })
}

/// The first string of a JSON-LD value: a string, `{name}`, or the first of an array.
fn ld_name(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(collapse(s)),
        Value::Object(o) => o.get("name").and_then(ld_name),
        Value::Array(a) => a.iter().find_map(ld_name),
        _ => None,
    }
    .filter(|s| !s.is_empty())
}

/// The JSON-LD objects describing an article (`NewsArticle`, `Article`, `ReportageNewsArticle`
/// …), also inside `@graph` and arrays.
fn ld_articles(v: &Value, out: &mut Vec<serde_json::Map<String, Value>>) {
    match v {
        Value::Array(a) => a.iter().for_each(|x| ld_articles(x, out)),
        Value::Object(o) => {
            if let Some(g) = o.get("@graph") {
                ld_articles(g, out);
            }
            let is_article = match o.get("@type") {
                Some(Value::String(t)) => t.ends_with("Article") || t == "BlogPosting",
                Some(Value::Array(ts)) => ts
                    .iter()
                    .any(|t| t.as_str().is_some_and(|t| t.ends_with("Article"))),
                _ => false,
            };
            if is_article {
                out.push(o.clone());
            }
        }
        _ => {}
    }
}

/// Reads `<meta>`, `<link rel=canonical>` and JSON-LD. JSON-LD wins where both speak.
pub fn page_meta(doc: &Html) -> PageMeta {
    let mut articles = Vec::new();
    for script in doc.select(&sel(r#"script[type="application/ld+json"]"#)) {
        let text: String = script.text().collect();
        if let Ok(v) = serde_json::from_str::<Value>(text.trim()) {
            ld_articles(&v, &mut articles);
        }
    }
    let ld = articles.first();
    let ld_str = |key: &str| ld.and_then(|o| o.get(key)).and_then(ld_name);
    let site_name = ld
        .and_then(|o| o.get("publisher"))
        .and_then(ld_name)
        .map(|n| (n, "JSON-LD publisher.name".to_string()))
        .or_else(|| {
            meta_content(doc, &[r#"meta[property="og:site_name"]"#]).map(|(n, _)| {
                let evidence = format!("<meta property=\"og:site_name\" content=\"{n}\">");
                (n, evidence)
            })
        });
    PageMeta {
        title: ld_str("headline").or_else(|| {
            meta_content(
                doc,
                &[
                    r#"meta[property="og:title"]"#,
                    r#"meta[name="twitter:title"]"#,
                ],
            )
            .map(|(t, _)| t)
        }),
        published: ld_str("datePublished").or_else(|| {
            meta_content(
                doc,
                &[
                    r#"meta[property="article:published_time"]"#,
                    r#"meta[name="article:published_time"]"#,
                    r#"meta[itemprop="datePublished"]"#,
                    r#"meta[name="pubdate"]"#,
                    r#"meta[name="publish-date"]"#,
                    r#"meta[name="date"]"#,
                    r#"meta[name="dc.date"]"#,
                ],
            )
            .map(|(d, _)| d)
        }),
        author: ld
            .and_then(|o| o.get("author"))
            .and_then(ld_name)
            .or_else(|| {
                meta_content(
                    doc,
                    &[
                        r#"meta[name="author"]"#,
                        r#"meta[property="article:author"]"#,
                    ],
                )
                .map(|(a, _)| a)
                .filter(|a| !a.starts_with("http"))
            }),
        canonical: meta_content(
            doc,
            &[r#"link[rel="canonical"]"#, r#"meta[property="og:url"]"#],
        )
        .map(|(u, _)| u)
        .or_else(|| {
            ld.and_then(|o| o.get("mainEntityOfPage").or_else(|| o.get("url")))
                .and_then(|v| match v {
                    Value::String(s) => Some(s.clone()),
                    Value::Object(o) => o.get("@id").and_then(Value::as_str).map(str::to_string),
                    _ => None,
                })
        })
        .filter(|u| u.starts_with("http://") || u.starts_with("https://")),
        site_name,
    }
}

/// Elements whose text is one line of the article.
fn block_hint(name: &str, el: ElementRef) -> Option<Hint> {
    Some(match name {
        "h1" => Hint::Title,
        "h2" | "h3" | "h4" | "h5" | "h6" => Hint::Heading,
        "figcaption" | "caption" => Hint::Caption,
        "p" | "li" | "blockquote" | "pre" | "dd" | "dt" => {
            // A paragraph that is all bold is a sub-heading on many Arabic news sites.
            let text = collapse(&el.text().collect::<String>());
            let bold: String = el
                .children()
                .filter_map(ElementRef::wrap)
                .filter(|c| matches!(c.value().name(), "strong" | "b"))
                .map(|c| c.text().collect::<String>())
                .collect();
            if name == "p" && !text.is_empty() && collapse(&bold) == text {
                Hint::Heading
            } else if el
                .ancestors()
                .filter_map(ElementRef::wrap)
                .any(|a| a.value().name() == "figure")
            {
                Hint::Caption
            } else {
                Hint::Paragraph
            }
        }
        _ => return None,
    })
}

const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "nav", "aside", "footer", "form", "button", "iframe", "svg",
    "select", "template", "header",
];

/// Walks the extracted article into lines: block elements give one line each, loose text in
/// containers is gathered into lines at block boundaries.
fn walk(el: ElementRef, out: &mut Vec<Line>, loose: &mut String) {
    walk_with(el, out, loose, SKIPPED);
}

/// Like [`walk`], but keeps page chrome (headers, footers, navigation): only code is skipped.
fn walk_all(el: ElementRef, out: &mut Vec<Line>, loose: &mut String) {
    walk_with(
        el,
        out,
        loose,
        &["script", "style", "noscript", "template", "svg"],
    );
}

fn walk_with(el: ElementRef, out: &mut Vec<Line>, loose: &mut String, skipped: &[&str]) {
    for child in el.children() {
        match child.value() {
            Node::Text(t) => loose.push_str(t),
            Node::Element(e) => {
                let Some(child_el) = ElementRef::wrap(child) else {
                    continue;
                };
                let name = e.name();
                if skipped.contains(&name) {
                    continue;
                }
                if name == "br" {
                    loose.push('\n');
                    continue;
                }
                let inline = matches!(
                    name,
                    "a" | "span"
                        | "strong"
                        | "b"
                        | "em"
                        | "i"
                        | "u"
                        | "small"
                        | "sup"
                        | "sub"
                        | "mark"
                        | "abbr"
                        | "time"
                        | "cite"
                        | "q"
                        | "bdi"
                        | "bdo"
                        | "font"
                );
                if inline {
                    loose.push_str(&child_el.text().collect::<String>());
                    continue;
                }
                flush(loose, out);
                let has_blocks = child_el
                    .descendants()
                    .skip(1)
                    .filter_map(ElementRef::wrap)
                    .any(|d| matches!(d.value().name(), "p" | "div" | "h2" | "h3" | "figure"));
                match block_hint(name, child_el) {
                    Some(hint) if !has_blocks => {
                        let text = collapse(&child_el.text().collect::<String>());
                        if !text.is_empty() {
                            out.push(Line { text, hint });
                        }
                    }
                    _ => walk_with(child_el, out, loose, skipped),
                }
                flush(loose, out);
            }
            _ => {}
        }
    }
}

fn flush(loose: &mut String, out: &mut Vec<Line>) {
    for piece in loose.split('\n') {
        let text = collapse(piece);
        if !text.is_empty() {
            out.push(Line {
                text,
                hint: Hint::Text,
            });
        }
    }
    loose.clear();
}

/// Lines of an HTML fragment.
pub fn lines_of(fragment: &str) -> Vec<Line> {
    let frag = Html::parse_fragment(fragment);
    let mut out = Vec::new();
    let mut loose = String::new();
    walk(frag.root_element(), &mut out, &mut loose);
    flush(&mut loose, &mut out);
    out
}

/// Extracts the article of a saved page. Falls back to the whole `<body>` when Readability
/// finds no article (a very short page).
pub fn extract(html: &str) -> Page {
    let doc = Html::parse_document(html);
    let mut meta = page_meta(&doc);
    let url = meta.canonical.clone();
    let article = dom_smoothie::Readability::new(html, url.as_deref(), None)
        .ok()
        .and_then(|mut r| r.parse().ok());
    let body = doc
        .select(&sel("body"))
        .next()
        .map(|b| {
            let mut out = Vec::new();
            let mut loose = String::new();
            walk_all(b, &mut out, &mut loose);
            flush(&mut loose, &mut out);
            out
        })
        .unwrap_or_default();
    let page_lines = body.iter().map(|l| l.text.clone()).collect();
    let lines = match &article {
        Some(a) if !a.text_content.trim().is_empty() => lines_of(&a.content),
        _ => body,
    };
    if let Some(a) = &article {
        if meta.title.is_none() && !a.title.trim().is_empty() {
            meta.title = Some(collapse(&a.title));
        }
        if meta.author.is_none() {
            meta.author = a.byline.as_deref().map(collapse).filter(|s| !s.is_empty());
        }
        if meta.published.is_none() {
            meta.published = a.published_time.clone();
        }
    }
    if meta.title.is_none() {
        meta.title = doc
            .select(&sel("h1"))
            .next()
            .map(|h| collapse(&h.text().collect::<String>()))
            .filter(|t| !t.is_empty());
    }
    Page {
        meta,
        lines,
        page_lines,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_table() {
        let page = r#"<html><head>
            <meta property="og:site_name" content="جريدة المثال">
            <meta property="og:title" content="عنوان من og">
            <meta property="article:published_time" content="2024-03-12T08:00:00+01:00">
            <meta name="author" content="سعاد بنعلي">
            <link rel="canonical" href="https://example.ma/article/1">
            </head><body></body></html>"#;
        let m = page_meta(&Html::parse_document(page));
        assert_eq!(m.title.as_deref(), Some("عنوان من og"));
        assert_eq!(m.published.as_deref(), Some("2024-03-12T08:00:00+01:00"));
        assert_eq!(m.author.as_deref(), Some("سعاد بنعلي"));
        assert_eq!(m.canonical.as_deref(), Some("https://example.ma/article/1"));
        assert_eq!(m.site_name.as_ref().unwrap().0, "جريدة المثال");

        let ld = r#"<html><head><script type="application/ld+json">
            {"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"x"},
             {"@type":"NewsArticle","headline":"عنوان JSON-LD","datePublished":"2023-09-07",
              "author":[{"@type":"Person","name":"كريم"}],"publisher":{"@type":"Organization","name":"الصحيفة"},
              "mainEntityOfPage":{"@id":"https://example.org/a"}}]}
            </script></head><body></body></html>"#;
        let m = page_meta(&Html::parse_document(ld));
        assert_eq!(m.title.as_deref(), Some("عنوان JSON-LD"));
        assert_eq!(m.published.as_deref(), Some("2023-09-07"));
        assert_eq!(m.author.as_deref(), Some("كريم"));
        assert_eq!(m.canonical.as_deref(), Some("https://example.org/a"));
        assert_eq!(
            m.site_name,
            Some(("الصحيفة".into(), "JSON-LD publisher.name".into()))
        );
    }

    #[test]
    fn fragment_lines_with_hints() {
        let lines = lines_of(
            "<div><h2>عنوان فرعي</h2><p>فقرة <a href='#'>برابط</a>.</p>\
             <figure><img src='x.jpg'><figcaption>تعليق الصورة</figcaption></figure>\
             <p><strong>عنوان بالخط العريض</strong></p><div>نص حر<br>سطر ثان</div>\
             <script>var x = 1;</script></div>",
        );
        let got: Vec<(&str, Hint)> = lines.iter().map(|l| (l.text.as_str(), l.hint)).collect();
        assert_eq!(
            got,
            vec![
                ("عنوان فرعي", Hint::Heading),
                ("فقرة برابط.", Hint::Paragraph),
                ("تعليق الصورة", Hint::Caption),
                ("عنوان بالخط العريض", Hint::Heading),
                ("نص حر", Hint::Text),
                ("سطر ثان", Hint::Text),
            ]
        );
    }
}
