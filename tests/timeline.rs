//! The timeline on fixture sites and on the bundled archive: grouping, anchors, histogram, data.

mod common;

use common::*;

#[test]
fn timeline_page_groups_events_by_year_and_month_with_working_anchors() {
    let site = fixture("timeline");
    let public = build(site.path());
    let rel = "timeline/index.html";
    let doc = page(&public, rel);

    // Years oldest first (order = "oldest"), each a heading with an id the year bar links to.
    let years = texts(&doc, ".timeline-year > h2");
    assert_eq!(years, ["2014", "2019", "2020", "2021", "2022"]);
    let ids = attrs(&doc, ".timeline-year > h2", "id");
    let nav = attrs(&doc, ".timeline-years a", "href");
    assert_eq!(nav.len(), years.len());
    for (href, id) in nav.iter().zip(&ids) {
        assert_eq!(href.split('#').nth(1), Some(id.as_str()), "{href}");
    }
    // Months inside a year, in order.
    let months_2021 = texts(&doc, "#y2021 ~ h3");
    assert!(
        months_2021.iter().any(|m| m.starts_with("فبراير")),
        "{months_2021:?}"
    );

    // Every event links its article at the paragraph where the date stands, and the anchor
    // exists on the article page.
    let links = attrs(&doc, ".timeline-entry.event .what a", "href");
    assert_eq!(links.len(), 8, "{links:?}");
    for href in &links {
        let target = resolve(rel, href).unwrap();
        assert!(public.join(&target).is_file(), "{href}");
        let anchor = href.split('#').nth(1).expect("anchor");
        let article = page(&public, &target);
        assert_eq!(
            attrs(&article, &format!("[id={anchor}]"), "id").len(),
            1,
            "{href}"
        );
    }
    // Every other link resolves too, and all are relative and end in index.html.
    for href in attrs(&doc, "a[href]", "href") {
        if let Some(target) = resolve(rel, &href) {
            assert!(public.join(&target).is_file(), "{href}");
            assert!(target.ends_with(".html"), "{href}");
        }
    }

    // Publication dates are their own kind of entry.
    assert_eq!(texts(&doc, ".timeline-entry.published").len(), 2);
    // The sentence is shown with the date marked.
    assert!(texts(&doc, "mark.date").contains(&"18 ديسمبر 2021".to_string()));
    // The recurring day is apart, not placed in a year.
    assert_eq!(texts(&doc, ".timeline-recurring .timeline-entry").len(), 1);
    assert_eq!(
        attrs(&doc, ".timeline-recurring time", "datetime"),
        ["--11-01"]
    );

    // The histogram is an inline SVG with a title and a table as its text alternative.
    assert_eq!(attrs(&doc, "svg.histogram", "role"), ["group"]);
    // Each bar is a link named by its year and count (a group, not an image: it holds links).
    let labels = attrs(&doc, "svg.histogram a", "aria-label");
    assert!(!labels.is_empty() && labels.iter().all(|l| l.contains(": ")));
    assert_eq!(labels.len(), attrs(&doc, "svg.histogram a", "href").len());
    assert_eq!(texts(&doc, "svg.histogram title#histogram-title").len(), 1);
    assert_eq!(texts(&doc, ".histogram-table tbody th"), years);
    // 2020: two dates written in one article ("العام الماضي" in an article of 2021 names no
    // calendar date and makes no event); 2021: two dates written in articles and one
    // publication date.
    assert_eq!(
        texts(&doc, ".histogram-table tbody td"),
        ["1", "2", "2", "3", "1"]
    );
    assert_eq!(attrs(&doc, "svg.histogram a", "href").len(), years.len());

    // The nav bar links the timeline from every page.
    let home = page(&public, "index.html");
    assert!(attrs(&home, ".site-nav a", "href").contains(&"timeline/index.html".to_string()));
}

#[test]
fn timeline_json_holds_the_whole_chronology() {
    let site = fixture("timeline");
    let public = build(site.path());
    let text = std::fs::read_to_string(public.join("data/timeline.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let entries = v.as_array().unwrap();
    let dates: Vec<&str> = entries
        .iter()
        .map(|e| e["date"].as_str().unwrap())
        .collect();
    assert_eq!(
        dates,
        [
            "2014",
            "2019-02-22",
            "2019-12-12",
            "2020-01",
            "2020-08-04",
            "2021-02",
            "2021-08-04",
            "2021-12-18",
            "2022-01-10",
            "--11-01"
        ]
    );
    let kinds: Vec<&str> = entries
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.iter().filter(|k| **k == "published").count(), 2);
    // "العام الماضي" alone names no calendar date: no entry (the gold rules' explicit dates).
    assert!(entries.iter().all(|e| e["surface"] != "العام الماضي"));
    // Article events hold only dates written in the text.
    let articles: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(public.join("data/articles.json")).unwrap())
            .unwrap();
    let total: usize = articles
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["events"].as_array().unwrap().len())
        .sum();
    assert_eq!(total, 8);
}

/// A large timeline gets a page per decade, and a decade with more entries than
/// `split_above` a page per year (the fixture: 2010s 3 entries; 2020s 6, of them 2020: 2,
/// 2021: 3, 2022: 1).
#[test]
fn large_timeline_is_split_by_decade_and_crowded_decades_by_year() {
    let rows: &[(usize, &[&str])] = &[
        (
            7,
            &["../timeline/2010/index.html", "../timeline/2020/index.html"],
        ),
        (
            3,
            &[
                "../timeline/2010/index.html",
                "../timeline/2020/2020/index.html",
                "../timeline/2020/2021/index.html",
                "../timeline/2020/2022/index.html",
            ],
        ),
    ];
    for (split_above, expected) in rows {
        let site = fixture("timeline");
        let toml = site.path().join("site.toml");
        let text = std::fs::read_to_string(&toml).unwrap();
        std::fs::write(&toml, format!("{text}split_above = {split_above}\n")).unwrap();
        let public = build(site.path());
        let doc = page(&public, "timeline/index.html");
        let pages = attrs(&doc, ".timeline-decades a", "href");
        assert_eq!(pages, *expected, "split_above = {split_above}");
        assert!(texts(&doc, ".timeline-year").is_empty());
        // Every year link of the overview and every page link lands on a file.
        for href in attrs(&doc, ".timeline-years a", "href")
            .iter()
            .chain(&pages)
        {
            let target = resolve("timeline/index.html", href).unwrap();
            assert!(public.join(&target).is_file(), "{href}");
        }
        // Each page marks itself in the list and shows only its years.
        for href in &pages {
            let rel = resolve("timeline/index.html", href).unwrap();
            let d = page(&public, &rel);
            let current = attrs(&d, ".timeline-decades a[aria-current=page]", "href");
            assert_eq!(current.len(), 1, "{rel}");
            assert_eq!(resolve(&rel, &current[0]).unwrap(), rel);
            let years = texts(&d, ".timeline-year > h2");
            let expected_years: &[&str] = match rel.as_str() {
                "timeline/2010/index.html" => &["2014", "2019"],
                "timeline/2020/index.html" => &["2020", "2021", "2022"],
                "timeline/2020/2021/index.html" => &["2021"],
                _ => continue,
            };
            assert_eq!(years, expected_years, "{rel}");
        }
    }
}

/// The bundled archive against the seed gold: every date found, no false date.
#[test]
fn bundled_archive_dates_score_perfectly() {
    let site = copy_site(&repo());
    let public = build(site.path());
    let out = std::process::Command::new("python3")
        .arg(repo().join("tests/eval/score.py"))
        .arg(public.join("data/articles.json"))
        .arg(repo().join("tests/gold/seeds"))
        .output();
    let Ok(out) = out else {
        eprintln!("python3 not available: score.py not run");
        return;
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout
        .lines()
        .find(|l| l.starts_with("date"))
        .unwrap_or_else(|| panic!("no date line in {stdout}"));
    assert!(line.contains("P=1.000 R=1.000"), "{line}");
}
