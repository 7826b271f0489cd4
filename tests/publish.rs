//! Publishing: Atom feeds, sitemap, robots.txt, canonical, Open Graph and JSON-LD on built
//! fixture sites, and `--base-url` for deployment.

mod common;

use common::*;
use roxmltree::Document;

fn jsonld(doc: &scraper::Html) -> serde_json::Value {
    let sel = scraper::Selector::parse("script[type=\"application/ld+json\"]").unwrap();
    let scripts: Vec<String> = doc.select(&sel).map(|s| s.text().collect()).collect();
    assert_eq!(scripts.len(), 1, "one JSON-LD block per page: {scripts:?}");
    serde_json::from_str(&scripts[0]).expect("JSON-LD parses")
}

fn locs(xml: &str) -> Vec<String> {
    let doc = Document::parse(xml).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("loc"))
        .map(|n| n.text().unwrap().to_string())
        .collect()
}

#[test]
fn feeds_sitemap_and_robots_are_written_from_base_url() {
    let site = fixture("basic");
    let public = build(site.path());
    let base = "https://example.org/sub/path/";

    // Atom: dated articles only, newest first, every entry with id, title, updated, link.
    let atom = std::fs::read_to_string(public.join("atom.xml")).unwrap();
    let doc = Document::parse(&atom).unwrap();
    let feed = doc.root_element();
    assert_eq!(
        feed.tag_name().namespace(),
        Some("http://www.w3.org/2005/Atom")
    );
    let entries: Vec<_> = feed
        .children()
        .filter(|n| n.has_tag_name("entry"))
        .collect();
    let updated: Vec<&str> = entries
        .iter()
        .map(|e| {
            e.children()
                .find(|c| c.has_tag_name("updated"))
                .unwrap()
                .text()
                .unwrap()
        })
        .collect();
    assert_eq!(
        updated,
        [
            "2022-03-01T00:00:00Z",
            "2021-12-18T00:00:00Z",
            "2020-01-05T00:00:00Z"
        ]
    );
    for e in &entries {
        for required in ["id", "title", "link"] {
            assert!(e.children().any(|c| c.has_tag_name(required)), "{required}");
        }
        let id = e
            .children()
            .find(|c| c.has_tag_name("id"))
            .unwrap()
            .text()
            .unwrap();
        assert!(id.starts_with(&format!("{base}articles/")), "{id}");
    }

    // Sitemap: every HTML page but 404, absolute from base_url.
    let sitemap = std::fs::read_to_string(public.join("sitemap.xml")).unwrap();
    let mut expected: Vec<String> = html_pages(&public)
        .into_iter()
        .filter(|p| p != "404.html")
        .map(|p| {
            format!(
                "{base}{}",
                diwan::render::format::encode_path(&p).trim_end_matches("index.html")
            )
        })
        .collect();
    expected.sort();
    assert_eq!(locs(&sitemap), expected);
    assert!(expected.contains(&base.to_string()));

    let robots = std::fs::read_to_string(public.join("robots.txt")).unwrap();
    assert!(
        robots.contains(&format!("Sitemap: {base}sitemap.xml")),
        "{robots}"
    );
}

#[test]
fn article_pages_carry_open_graph_and_news_article_json_ld() {
    let site = fixture("basic");
    let public = build(site.path());
    let rel = "articles/المغرب-وإسبانيا-يعززان-التعاون/index.html";
    let doc = page(&public, rel);
    let meta = |p: &str| attrs(&doc, &format!("meta[property=\"{p}\"]"), "content");
    assert_eq!(meta("og:type"), ["article"]);
    assert_eq!(meta("og:title"), ["المغرب وإسبانيا يعززان التعاون"]);
    assert_eq!(meta("og:description"), ["ملخص قصير"]);
    assert_eq!(meta("og:url"), attrs(&doc, "link[rel=canonical]", "href"));
    assert_eq!(meta("article:published_time"), ["2021-12-18"]);
    assert_eq!(
        attrs(&doc, "meta[name=\"twitter:card\"]", "content"),
        ["summary"]
    );
    assert_eq!(
        attrs(
            &doc,
            "link[rel=alternate][type=\"application/atom+xml\"]",
            "href"
        ),
        ["../../atom.xml"]
    );

    let ld = jsonld(&doc);
    assert_eq!(ld["@context"], "https://schema.org");
    assert_eq!(ld["@type"], "NewsArticle");
    assert_eq!(ld["headline"], texts(&doc, "h1")[0]);
    assert_eq!(ld["datePublished"], "2021-12-18");
    assert_eq!(ld["publisher"]["@type"], "Organization");
    assert_eq!(ld["publisher"]["name"], "العرب");
    let based_on = ld["isBasedOn"].as_array().unwrap();
    assert_eq!(based_on[0], "https://example.com/news/1");
    assert!(based_on[1].as_str().unwrap().ends_with("/capture_one.txt"));
    assert_eq!(ld["url"], attrs(&doc, "link[rel=canonical]", "href")[0]);

    // An undated article has no datePublished; the index page has no article metadata.
    let undated = public.join("articles/مقال-غير-مؤرخ/index.html");
    let doc = scraper::Html::parse_document(&std::fs::read_to_string(undated).unwrap());
    let ld = jsonld(&doc);
    assert!(ld.get("datePublished").is_none());
    assert_eq!(ld["headline"], "مقال غير مؤرخ");
    let index = page(&public, "index.html");
    assert_eq!(
        attrs(&index, "meta[property=\"og:type\"]", "content"),
        ["website"]
    );
}

#[test]
fn base_url_override_moves_only_absolute_metadata_and_the_site_checks_clean() {
    let site = fixture("basic");
    let (ok, out, err) = diwan(
        site.path(),
        &["build", "--base-url", "https://mirror.example/archive"],
    );
    assert!(ok, "{out}{err}");
    let public = site.path().join("public");
    let new = "https://mirror.example/archive/";
    let sitemap = std::fs::read_to_string(public.join("sitemap.xml")).unwrap();
    assert!(locs(&sitemap).iter().all(|l| l.starts_with(new)));
    let atom = std::fs::read_to_string(public.join("atom.xml")).unwrap();
    assert!(atom.contains(&format!("<id>{new}atom.xml</id>")));
    for rel in html_pages(&public) {
        let text = std::fs::read_to_string(public.join(&rel)).unwrap();
        assert!(
            !text.contains("example.org/sub/path"),
            "{rel} keeps the old base_url"
        );
        let doc = page(&public, &rel);
        for href in attrs(&doc, "link[rel=canonical]", "href") {
            assert!(href.starts_with(new), "{rel}: {href}");
        }
    }
    // No absolute link into the site, nothing loaded from the network, every link resolves.
    let (ok, out, err) = diwan(
        site.path(),
        &["check", "--dir", "public", "--base-url", new],
    );
    assert!(ok, "{out}{err}");
}

#[test]
fn entity_pages_carry_their_json_ld_and_feed() {
    let site = fixture("entities");
    let public = build(site.path());
    let rel = "entities/place/المغرب/index.html";
    let doc = page(&public, rel);
    let ld = jsonld(&doc);
    assert_eq!(ld["@context"], "https://schema.org");
    assert_eq!(ld["@type"], "Place");
    assert_eq!(ld["name"], texts(&doc, "h1")[0]);
    assert_eq!(ld["url"], attrs(&doc, "link[rel=canonical]", "href")[0]);
    // A shared link previews the entity, not the site.
    let meta = |p: &str| attrs(&doc, &format!("meta[property=\"{p}\"]"), "content");
    assert_eq!(meta("og:title"), texts(&doc, "h1"));
    assert_eq!(
        ld["sameAs"],
        serde_json::json!(["https://www.wikidata.org/wiki/Q1028"])
    );
    // A person without Wikidata has no sameAs.
    let person = page(&public, "entities/person/عبد-اللطيف-حموشي/index.html");
    let ld = jsonld(&person);
    assert_eq!(ld["@type"], "Person");
    assert!(ld.get("sameAs").is_none(), "{ld}");

    // The entity's own feed is linked beside the site's, and exists.
    let feeds = attrs(
        &doc,
        "link[rel=alternate][type=\"application/atom+xml\"]",
        "href",
    );
    assert_eq!(feeds.len(), 2, "{feeds:?}");
    let own = resolve(rel, &feeds[1]).expect("the feed link resolves inside the site");
    assert_eq!(own, "entities/place/المغرب/atom.xml");
    let xml = std::fs::read_to_string(public.join(&own)).unwrap();
    let feed = Document::parse(&xml).unwrap();
    assert_eq!(feed.root_element().tag_name().name(), "feed");
}
