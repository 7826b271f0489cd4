//! Search: the shared normalization and stemming table, the client's copy of the rules, and the
//! index files and search box in a built site.

mod common;

use common::*;
use diwan::arabic::{fold, stem};

#[derive(serde::Deserialize)]
struct Case {
    input: String,
    normalized: String,
    terms: Vec<Vec<String>>,
}

#[test]
fn rust_normalizes_and_stems_as_the_shared_table_says() {
    let text = std::fs::read_to_string(repo().join("tests/search_cases.json")).unwrap();
    let cases: Vec<Case> = serde_json::from_str(&text).unwrap();
    assert!(cases.len() > 50);
    for c in cases {
        assert_eq!(fold(&c.input), c.normalized, "normalized {:?}", c.input);
        let got: Vec<Vec<String>> = stem::terms(&c.input)
            .into_iter()
            .map(|t| std::iter::once(t.word).chain(t.stems).collect())
            .collect();
        assert_eq!(got, c.terms, "terms {:?}", c.input);
    }
}

/// The word list assigned to `var NAME = '…'.split(' ')` in search.js.
fn js_list(js: &str, name: &str) -> Vec<String> {
    let start = js.find(&format!("var {name} = '")).expect(name) + name.len() + 8;
    let end = start + js[start..].find('\'').unwrap();
    js[start..end].split(' ').map(str::to_string).collect()
}

#[test]
fn search_js_has_the_same_word_lists_as_the_stemmer() {
    let js = std::fs::read_to_string(repo().join("themes/default/static/search.js")).unwrap();
    assert_eq!(js_list(&js, "STOP_WORDS"), stem::STOP_WORDS);
    assert_eq!(js_list(&js, "ARTICLE_PREFIXES"), stem::ARTICLE_PREFIXES);
    let proclitics: Vec<String> = stem::PROCLITICS.iter().map(|c| c.to_string()).collect();
    assert_eq!(js_list(&js, "PROCLITICS"), proclitics);
    assert_eq!(js_list(&js, "SUFFIXES"), stem::SUFFIXES);
}

#[test]
fn built_site_has_search_page_index_files_and_a_box_on_every_page() {
    let site = fixture("search");
    let public = build(site.path());
    for rel in [
        "search/index.html",
        "search.js",
        "search/manifest.js",
        "search/facets.js",
        "search/terms/0.js",
        "search/docs/0.js",
    ] {
        assert!(public.join(rel).is_file(), "missing {rel}");
    }
    for rel in html_pages(&public) {
        let doc = page(&public, &rel);
        let actions = if rel == "search/index.html" {
            attrs(&doc, "form#search-form", "action")
        } else {
            attrs(&doc, "form.search-box", "action")
        };
        assert_eq!(actions.len(), 1, "{rel}: one search form");
        let target = resolve(&rel, &actions[0]).unwrap();
        assert_eq!(target, "search/index.html", "{rel}");
        let nav = attrs(&doc, ".site-nav a", "href");
        assert!(
            nav.iter()
                .any(|h| resolve(&rel, h).as_deref() == Some("search/index.html")),
            "{rel}: nav link to the search page"
        );
    }
    let search = page(&public, "search/index.html");
    assert_eq!(
        attrs(&search, "#search-year option", "value"),
        ["", "2022", "2019"]
    );
    assert_eq!(
        attrs(&search, "#search-type option", "value"),
        ["", "person", "organization", "place"]
    );
    assert_eq!(attrs(&search, "#search-script", "src"), ["../search.js"]);
    let manifest = std::fs::read_to_string(public.join("search/manifest.js")).unwrap();
    assert!(manifest.starts_with("diwanSearch.add(\"manifest\",{\"n\":3,"));
}
