//! `diwan build` on fixture sites: pages, links, RTL, slugs, data export, errors, staging swap.

mod common;

use common::*;

#[test]
fn basic_site_builds_rtl_pages_with_relative_links() {
    let site = fixture("basic");
    let public = build(site.path());
    for rel in [
        "index.html",
        "page/2/index.html",
        "404.html",
        "data/articles.json",
        "style.css",
    ] {
        assert!(public.join(rel).is_file(), "missing {rel}");
    }
    // dir="rtl" and lang survive minification on every page.
    for rel in html_pages(&public) {
        let doc = page(&public, &rel);
        assert_eq!(attrs(&doc, "html", "dir"), vec!["rtl"], "{rel}");
        assert_eq!(attrs(&doc, "html", "lang"), vec!["ar"], "{rel}");
        // Every internal link and stylesheet resolves to a file that exists.
        for (sel, attr) in [("a[href]", "href"), ("link[rel=stylesheet]", "href")] {
            for href in attrs(&doc, sel, attr) {
                if let Some(target) = resolve(&rel, &href) {
                    assert!(
                        public.join(&target).is_file(),
                        "{rel}: link {href} → {target} does not exist"
                    );
                    assert!(!href.starts_with('/'), "{rel}: absolute link {href}");
                }
            }
        }
    }
}

#[test]
fn article_page_shows_metadata_body_and_capture() {
    let site = fixture("basic");
    let public = build(site.path());
    let dir = "articles/المغرب-وإسبانيا-يعززان-التعاون";
    let doc = page(&public, &format!("{dir}/index.html"));
    assert_eq!(texts(&doc, "h1"), vec!["المغرب وإسبانيا يعززان التعاون"]);
    assert_eq!(attrs(&doc, "time", "datetime")[0], "2021-12-18");
    assert!(texts(&doc, "time")[0].contains("18 ديسمبر 2021"));
    assert!(
        attrs(&doc, "a[rel~=external]", "href").contains(&"https://example.com/news/1".to_string())
    );
    // Blocks carry anchors; headings are demoted below the page title.
    assert_eq!(
        attrs(&doc, ".article-body [id]", "id"),
        vec!["p1", "p2", "p3"]
    );
    assert_eq!(texts(&doc, ".article-body h2"), vec!["التعاون الدولي"]);
    // Latin runs are isolated.
    let bdi = texts(&doc, ".article-body bdi");
    assert!(
        bdi.contains(&"FBI".to_string()) && bdi.contains(&"Europol".to_string()),
        "{bdi:?}"
    );
    // The raw capture is copied beside the page byte for byte, with its SHA-256 shown.
    let raw = std::fs::read(site.path().join("seeds/capture_one.txt")).unwrap();
    let copied = std::fs::read(public.join(dir).join("capture_one.txt")).unwrap();
    assert_eq!(raw, copied);
    use sha2::Digest;
    let sha = hex::encode(sha2::Sha256::digest(&raw));
    assert_eq!(texts(&doc, ".capture code"), vec![sha]);
    // The canonical link is the only absolute URL, from base_url.
    let canonical = attrs(&doc, "link[rel=canonical]", "href");
    assert!(
        canonical[0].starts_with("https://example.org/sub/path/articles/%D8%A7"),
        "{canonical:?}"
    );
}

#[test]
fn index_is_newest_first_undated_last_and_paginated_without_drafts() {
    let site = fixture("basic");
    let public = build(site.path());
    let p1 = page(&public, "index.html");
    let p2 = page(&public, "page/2/index.html");
    let titles: Vec<String> = [
        texts(&p1, ".article-item-title"),
        texts(&p2, ".article-item-title"),
    ]
    .concat();
    assert_eq!(
        titles,
        vec![
            "عنوان بمسار مخصص",
            "المغرب وإسبانيا يعززان التعاون",
            "المغرب وإسبانيا يعززان التعاون",
            "مقال غير مؤرخ"
        ]
    );
    assert!(texts(&p2, ".article-item .undated").contains(&"غير مؤرخ".to_string()));
    assert!(!public.join("page/3").exists());
    let all = std::fs::read_to_string(public.join("data/articles.json")).unwrap();
    assert!(!all.contains("مسودة"), "drafts are not published");
    // --drafts includes them.
    let (ok, _, err) = diwan(site.path(), &["build", "--drafts"]);
    assert!(ok, "{err}");
    let all = std::fs::read_to_string(site.path().join("public/data/articles.json")).unwrap();
    assert!(all.contains("مسودة لم تنشر"));
}

#[test]
fn slugs_are_readable_arabic_with_deterministic_collisions_and_overrides() {
    let site = fixture("basic");
    let public = build(site.path());
    // Same title twice: the first by path (one.md... two.md) keeps the plain slug.
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(public.join("data/articles.json")).unwrap())
            .unwrap();
    let by_path = |origin_title_date: &str| {
        json.as_array()
            .unwrap()
            .iter()
            .find(|a| a["date"].as_str() == Some(origin_title_date))
            .unwrap()["slug"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(by_path("2021-12-18"), "المغرب-وإسبانيا-يعززان-التعاون");
    assert_eq!(by_path("2020-01-05"), "المغرب-وإسبانيا-يعززان-التعاون-2");
    assert_eq!(by_path("2022-03-01"), "custom-path");
    assert!(public.join("articles/custom-path/index.html").is_file());
    // URLs in the export are written as the pages link them: Arabic letters as they are.
    let url = json[1]["url"].as_str().unwrap();
    assert!(url.starts_with("articles/المغرب-"), "{url}");
}

#[test]
fn ascii_slugs_are_plain_paths() {
    let site = fixture("basic");
    let toml = std::fs::read_to_string(site.path().join("site.toml")).unwrap();
    std::fs::write(
        site.path().join("site.toml"),
        format!("{toml}slugs = \"ascii\"\n"),
    )
    .unwrap();
    let public = build(site.path());
    let names: Vec<String> = std::fs::read_dir(public.join("articles"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 4);
    for n in &names {
        assert!(n.is_ascii(), "{n}");
    }
    assert!(names.iter().any(|n| n.starts_with("2021-12-18-")));
    assert!(names.iter().any(|n| n.starts_with("undated-")));
    assert!(names.contains(&"custom-path".to_string()));
}

#[test]
fn articles_json_follows_the_documented_schema() {
    let site = fixture("basic");
    let public = build(site.path());
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(public.join("data/articles.json")).unwrap())
            .unwrap();
    let first = &json.as_array().unwrap()[1];
    for key in [
        "slug",
        "url",
        "title",
        "date",
        "source",
        "origin",
        "origin_sha256",
        "entities",
        "events",
    ] {
        assert!(first.get(key).is_some(), "missing {key} in {first}");
    }
    assert_eq!(first["origin"], "seeds/capture_one.txt");
    assert_eq!(first["source"], "العرب");
    assert_eq!(first["origin_sha256"].as_str().unwrap().len(), 64);
    let url = first["url"].as_str().unwrap();
    let decoded = percent_encoding::percent_decode_str(url)
        .decode_utf8()
        .unwrap();
    assert!(public.join(decoded.as_ref()).is_file());
}

#[test]
fn invalid_fixtures_give_their_exact_errors() {
    let rows: &[(&str, &[&str])] = &[
        ("unknown_field", &["content/articles/a.md:3: invalid front matter: unknown field `titel`", "fix: remove the field or fix its spelling"]),
        ("missing_open", &["content/articles/a.md:1: missing front matter: the file must start with a line `+++`"]),
        ("bad_date", &["content/articles/a.md:3:"]),
        ("duplicate_slug", &["duplicate slug `same`, also used by content/articles/"]),
        ("bad_toml", &["content/articles/a.md:2: invalid front matter"]),
        ("missing_title", &["content/articles/a.md:2: missing title", "title_generated = true"]),
        ("many", &["content/articles/a.md:3: invalid front matter", "content/articles/b.md:2: missing title", "content/articles/c.md:1: missing front matter", "3 content errors"]),
        ("bad_config", &["site.toml:3: unknown field `paginat`"]),
        // Windows-1256 bytes on line 5 of an otherwise UTF-8 file.
        ("not_utf8", &["content/articles/a.md:5: the file is not UTF-8 text: the bytes from offset 56 are not UTF-8", "fix: save it as UTF-8"]),
    ];
    for (case, expected) in rows {
        let site = fixture(&format!("invalid/{case}"));
        let (ok, _, err) = diwan(site.path(), &["build"]);
        assert!(!ok, "{case} should fail");
        for e in *expected {
            assert!(err.contains(e), "{case}: expected {e:?} in\n{err}");
        }
        assert!(
            !site.path().join("public").exists(),
            "{case}: nothing may be written"
        );
    }
}

#[test]
fn failed_build_keeps_the_previous_output() {
    let site = fixture("basic");
    let public = build(site.path());
    let before = std::fs::read(public.join("index.html")).unwrap();
    std::fs::write(
        site.path().join("content/articles/broken.md"),
        "+++\ntitle = \"x\"\ndate = \"bad\"\n+++\n",
    )
    .unwrap();
    let (ok, _, err) = diwan(site.path(), &["build"]);
    assert!(!ok);
    assert!(
        err.contains("content/articles/broken.md:3: invalid date `bad`"),
        "{err}"
    );
    assert_eq!(std::fs::read(public.join("index.html")).unwrap(), before);
    assert!(public.join("articles/custom-path/index.html").is_file());
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("staging") || n.contains(".old-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn site_templates_override_single_theme_templates_and_strings() {
    let site = fixture("basic");
    std::fs::create_dir_all(site.path().join("templates")).unwrap();
    std::fs::write(site.path().join("templates/404.html"), "<!DOCTYPE html><html lang=\"ar\" dir=\"rtl\"><body><p id=custom>{{ t.not_found_title }}</p></body></html>").unwrap();
    let toml = std::fs::read_to_string(site.path().join("site.toml")).unwrap();
    std::fs::write(
        site.path().join("site.toml"),
        format!("{toml}[strings]\nnot_found_title = \"ليست هنا\"\n"),
    )
    .unwrap();
    let public = build(site.path());
    let doc = page(&public, "404.html");
    assert_eq!(texts(&doc, "#custom"), vec!["ليست هنا"]);
    // Other templates still come from the theme.
    assert_eq!(
        texts(&page(&public, "index.html"), "h1"),
        vec!["أرشيف الاختبار"]
    );
}

#[test]
fn bundled_archive_builds() {
    let site = copy_site(&repo());
    let public = build(site.path());
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(public.join("data/articles.json")).unwrap())
            .unwrap();
    let origins: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["origin"].as_str())
        .collect();
    for seed in std::fs::read_dir(repo().join("seeds")).unwrap() {
        let name = format!("seeds/{}", seed.unwrap().file_name().to_string_lossy());
        assert!(origins.contains(&name.as_str()), "no article for {name}");
    }
}
