//! `diwan check` on fixture sites: a clean site passes and lists its external links; every
//! broken link, anchor, network reference and bad article is listed with its page.

mod common;

use common::*;

#[test]
fn clean_site_passes_and_lists_external_links_without_fetching() {
    let site = fixture("basic");
    let (ok, out, err) = diwan(site.path(), &["check"]);
    assert!(ok, "{out}{err}");
    assert!(out.contains("0 problems"), "{out}");
    assert!(out.contains("not fetched"), "{out}");
    assert!(out.contains("https://example.com/news/1"), "{out}");
    // check builds without writing the output folder.
    assert!(!site.path().join("public").exists());
}

#[test]
fn every_problem_is_listed_with_its_page_and_the_exit_code_fails() {
    let site = fixture("basic");
    let public = build(site.path());
    let bad = concat!(
        "<!DOCTYPE html><html><head><title>x</title>",
        "<link rel=\"stylesheet\" href=\"https://fonts.example/css\">",
        "<script src=\"https://cdn.example/x.js\"></script></head><body>",
        "<a href=\"../index.html#nowhere\">a</a>",
        "<a href=\"../missing/index.html\">b</a>",
        "<img src=\"//cdn.example/i.png\">",
        "<iframe src=\"https://video.example/embed\"></iframe>",
        "</body></html>"
    );
    std::fs::create_dir_all(public.join("extra")).unwrap();
    std::fs::write(public.join("extra/index.html"), bad).unwrap();
    let css = std::fs::read_to_string(public.join("style.css")).unwrap();
    std::fs::write(
        public.join("style.css"),
        format!("@import url(https://fonts.example/f.css);{css}"),
    )
    .unwrap();
    let (ok, out, _) = diwan(site.path(), &["check", "--dir", "public"]);
    assert!(!ok, "{out}");
    for expected in [
        "extra/index.html: link https://fonts.example/css loads from the network",
        "extra/index.html: script https://cdn.example/x.js loads from the network",
        "extra/index.html: broken anchor: ../index.html#nowhere",
        "extra/index.html: broken link: ../missing/index.html",
        "extra/index.html: image //cdn.example/i.png loads from the network",
        "extra/index.html: iframe https://video.example/embed loads from the network",
        "style.css: css url() https://fonts.example/f.css loads from the network",
        "7 problems",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in\n{out}");
    }
}

#[test]
fn articles_without_title_or_with_a_bad_date_are_problems() {
    for (case, expected) in [
        ("bad_date", "content/articles/a.md:"),
        ("missing_title", "content/articles/a.md"),
    ] {
        let site = copy_site(&repo().join("tests/fixtures/invalid").join(case));
        let (ok, out, err) = diwan(site.path(), &["check"]);
        assert!(!ok, "{case}: {out}");
        assert!(out.contains(expected), "{case}: {out}{err}");
    }
}

#[test]
fn external_flag_is_accepted() {
    // No network here: a site without external links exercises --external without fetching.
    let site = fixture("basic");
    for entry in std::fs::read_dir(site.path().join("content/articles")).unwrap() {
        let p = entry.unwrap().path();
        let text = std::fs::read_to_string(&p).unwrap();
        let kept: Vec<&str> = text
            .lines()
            .filter(|l| !l.starts_with("source_url"))
            .collect();
        std::fs::write(&p, kept.join("\n") + "\n").unwrap();
    }
    let (ok, out, err) = diwan(site.path(), &["check", "--external"]);
    assert!(ok, "{out}{err}");
    assert!(out.contains("0 external links"), "{out}");
}

#[test]
fn bundled_archive_checks_clean() {
    let site = copy_site(&repo());
    let (ok, out, err) = diwan(site.path(), &["check"]);
    assert!(ok, "{out}{err}");
}
