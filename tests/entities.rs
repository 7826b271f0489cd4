//! Entities end to end: a fixture site built into a temp dir, entity pages and links checked on
//! the parsed HTML; and the quality bar on the bundled archive, measured with the gold scorer.

mod common;

use common::*;

const HAMMOUCHI: &str = "entities/person/عبد-اللطيف-حموشي/index.html";

#[test]
fn entity_page_lists_every_article_with_context_and_links_resolve() {
    let site = fixture("entities");
    let public = build(site.path());
    let doc = page(&public, HAMMOUCHI);
    assert_eq!(texts(&doc, "h1"), vec!["عبد اللطيف حموشي"]);
    // paginate = 2: three articles over two pages, each item with its snippet.
    let titles = texts(&doc, ".entity-articles .article-item-title");
    assert_eq!(titles.len(), 2, "{titles:?}");
    let second = page(
        &public,
        "entities/person/عبد-اللطيف-حموشي/page/2/index.html",
    );
    let all: Vec<String> = titles
        .into_iter()
        .chain(texts(&second, ".entity-articles .article-item-title"))
        .collect();
    for t in ["حموشي في مدريد", "تعاون أمني", "لقاء في الرباط"] {
        assert!(all.contains(&t.to_string()), "{t} missing from {all:?}");
    }
    let marks = texts(&doc, ".kwic mark");
    assert!(marks.iter().all(|m| m.contains("حموشي")), "{marks:?}");
    // Co-occurring entities are listed and link to their pages.
    let related = texts(&doc, ".entity-related a");
    assert!(related.contains(&"المغرب".to_string()), "{related:?}");
    // Every internal link of every page resolves.
    for rel in html_pages(&public) {
        let d = page(&public, &rel);
        for href in attrs(&d, "a[href]", "href") {
            if let Some(target) = resolve(&rel, &href) {
                assert!(public.join(&target).is_file(), "{rel}: {href} → {target}");
                assert!(
                    target.ends_with(".html") || target.ends_with(".txt"),
                    "{href}"
                );
            }
        }
    }
}

#[test]
fn a_snippet_keeps_a_window_of_words_around_the_mention() {
    let site = fixture("entities");
    let before: Vec<String> = (1..=20).map(|i| format!("كلمة{i}")).collect();
    let after: Vec<String> = (1..=20).map(|i| format!("لفظ{i}")).collect();
    std::fs::write(
        site.path().join("content/articles/four.md"),
        format!(
            "+++\ntitle = \"جملة طويلة\"\ndate = 2022-01-01\n+++\n{} قال عبد اللطيف حموشي {}.\n",
            before.join(" "),
            after.join(" ")
        ),
    )
    .unwrap();
    let public = build(site.path());
    // paginate = 2, newest first: the new article is on the first page.
    let doc = page(&public, HAMMOUCHI);
    let kwic = texts(&doc, ".kwic");
    let snippet = kwic
        .iter()
        .find(|k| k.contains("كلمة20"))
        .unwrap_or_else(|| panic!("{kwic:?}"));
    let words: Vec<&str> = snippet.split_whitespace().collect();
    let mark = words.iter().position(|w| *w == "عبد").unwrap();
    // Twelve words either side of the name, and an ellipsis where the sentence goes on.
    assert_eq!(words[0], "…", "{snippet}");
    assert_eq!(words[1..mark].len(), 12, "{snippet}");
    assert_eq!((words[1], words[mark - 1]), ("كلمة10", "قال"), "{snippet}");
    assert_eq!(words[mark + 3..words.len() - 1].len(), 12, "{snippet}");
    assert_eq!(words[words.len() - 2], "لفظ12", "{snippet}");
    assert_eq!(words.last(), Some(&"…"), "{snippet}");
    // A short sentence is shown whole, without an ellipsis.
    assert!(
        kwic.iter().any(|k| k.contains("حموشي") && !k.contains('…')),
        "{kwic:?}"
    );
}

#[test]
fn events_above_split_above_move_to_pages_of_their_own() {
    let site = fixture("entities");
    std::fs::write(
        site.path().join("content/articles/four.md"),
        "+++\ntitle = \"مواعيد\"\ndate = 2022-01-01\n+++\n\
         التقى عبد اللطيف حموشي الوفد في 3 مارس 2019.\n\n\
         وعاد حموشي إلى مدريد في 5 مايو 2020.\n\n\
         وزار حموشي الرباط في 7 يونيو 2021.\n",
    )
    .unwrap();
    let events_of = |public: &std::path::Path, rel: &str| {
        texts(&page(public, rel), ".entity-events ol.events li time")
    };
    // Under the default split_above (500) the first page lists the events.
    let public = build(site.path());
    let listed = events_of(&public, HAMMOUCHI);
    assert_eq!(listed.len(), 3, "{listed:?}");
    let events_dir = "entities/person/عبد-اللطيف-حموشي/events";
    assert!(!public.join(events_dir).exists());

    let config = site.path().join("site.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{text}\n[timeline]\nsplit_above = 2\n")).unwrap();
    let public = build(site.path());
    let doc = page(&public, HAMMOUCHI);
    assert!(events_of(&public, HAMMOUCHI).is_empty());
    // The first page links to the events, with their number.
    let link = attrs(&doc, ".entity-events a", "href");
    assert_eq!(link.len(), 1, "{link:?}");
    let first = resolve(HAMMOUCHI, &link[0]).unwrap();
    assert_eq!(first, format!("{events_dir}/index.html"));
    assert!(texts(&doc, ".entity-events a")[0].ends_with(": 3"));
    // Two pages of at most two events, in date order, each linking back to the entity.
    let second = format!("{events_dir}/page/2/index.html");
    let mut all = events_of(&public, &first);
    assert_eq!(all.len(), 2);
    all.extend(events_of(&public, &second));
    assert_eq!(all, ["3 مارس 2019", "5 مايو 2020", "7 يونيو 2021"]);
    for rel in [&first, &second] {
        let d = page(&public, rel);
        let back = attrs(&d, "h1 a", "href");
        assert_eq!(resolve(rel, &back[0]).as_deref(), Some(HAMMOUCHI));
        for href in attrs(&d, "a[href]", "href") {
            if let Some(target) = resolve(rel, &href) {
                assert!(public.join(&target).is_file(), "{rel}: {href}");
            }
        }
    }
    assert!(!public.join(events_dir).join("page/3").exists());
    // The second page's list goes on from the first's.
    assert_eq!(attrs(&page(&public, &second), "ol.events", "start"), ["3"]);
}

#[test]
fn entities_link_setting_chooses_which_mentions_are_linked() {
    let site = fixture("entities");
    let config = site.path().join("site.toml");
    let base = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        site.path().join("content/articles/four.md"),
        "+++\ntitle = \"زيارة عمل\"\n+++\nاستقبل عبد اللطيف حموشي الوفد، وقال حموشي إن الزيارة مثمرة.\n\n\
         وجرى اللقاء في الرباط.\n\nوختم حموشي الزيارة بندوة صحفية.\n",
    )
    .unwrap();
    let links = |mode: Option<&str>| {
        let mut text = base.clone();
        if let Some(m) = mode {
            text.push_str(&format!("\n[entities]\nlink = \"{m}\"\n"));
        }
        std::fs::write(&config, text).unwrap();
        let public = build(site.path());
        let doc = page(&public, "articles/زيارة-عمل/index.html");
        let mut per_paragraph = Vec::new();
        for p in doc.select(&scraper::Selector::parse(".article-body p").unwrap()) {
            let n = p
                .select(&scraper::Selector::parse("a.entity.person").unwrap())
                .filter(|a| a.value().attr("href").unwrap().contains("حموشي"))
                .count();
            per_paragraph.push(n);
        }
        per_paragraph
    };
    // The article names حموشي twice in its first paragraph and once in its third.
    assert_eq!(links(None), links(Some("paragraph")));
    assert_eq!(links(None), vec![1, 0, 1]);
    assert_eq!(links(Some("all")), vec![2, 0, 1]);
    assert_eq!(links(Some("article")), vec![1, 0, 0]);
    assert_eq!(links(Some("none")), vec![0, 0, 0]);
}

#[test]
fn article_links_mentions_in_place_and_index_groups_by_type() {
    let site = fixture("entities");
    let public = build(site.path());
    let doc = page(&public, "articles/حموشي-في-مدريد/index.html");
    let linked = texts(&doc, ".article-body a.entity");
    // First mention per paragraph: the full name in p1, the discovered person in p2.
    assert!(
        linked.contains(&"عبد اللطيف حموشي".to_string()),
        "{linked:?}"
    );
    assert!(linked.contains(&"مدريد".to_string()), "{linked:?}");
    assert!(linked.contains(&"سمير بنعلي".to_string()), "{linked:?}");
    // The surname alone is the same person: one entity, several mentions.
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(public.join("data/articles.json")).unwrap())
            .unwrap();
    let art = json
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "حموشي في مدريد")
        .unwrap();
    let h = art["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "abdellatif-hammouchi")
        .unwrap();
    let mentions: Vec<&str> = h["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    assert_eq!(mentions, vec!["عبد اللطيف حموشي", "حموشي"]);
    // The discovered person is marked automatic; the place from the gazetteer is not.
    let auto = |name: &str| {
        art["entities"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["name"] == name)
            .map(|e| e["automatic"].as_bool().unwrap())
    };
    assert_eq!(auto("سمير بنعلي"), Some(true));
    assert_eq!(auto("مدريد"), Some(false));
    // Index: grouped by type, Arabic-collated (ال ignored), with the nav link on every page.
    let index = page(&public, "entities/index.html");
    let places = texts(&index, ".entity-index-group.place a");
    let pos = |n: &str| places.iter().position(|p| p == n).unwrap();
    assert!(
        pos("بلجيكا") < pos("الرباط") && pos("الرباط") < pos("فرنسا"),
        "{places:?}"
    );
    assert!(attrs(&doc, ".site-nav a", "href").contains(&"../../entities/index.html".to_string()));
    // data/entities.json lists the entity with its three articles.
    let entities: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(public.join("data/entities.json")).unwrap())
            .unwrap();
    let e = entities
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "abdellatif-hammouchi")
        .unwrap();
    assert_eq!(e["articles"].as_array().unwrap().len(), 3);
}

#[test]
fn registry_errors_name_the_line_and_fail_the_build() {
    let site = fixture("entities");
    std::fs::write(
        site.path().join("content/entities.toml"),
        "[[entity]]\nid = \"x\"\nname = \"س\"\ntype = \"persn\"\n",
    )
    .unwrap();
    let (ok, _, err) = diwan(site.path(), &["build"]);
    assert!(!ok);
    assert!(
        err.contains("content/entities.toml:4: unknown entity type `persn`"),
        "{err}"
    );
}

#[test]
fn entities_command_lists_discovered_names_with_context() {
    let site = fixture("entities");
    let (ok, out, err) = diwan(site.path(), &["entities"]);
    assert!(ok, "{err}");
    assert!(out.contains("سمير بنعلي"), "{out}");
    assert!(out.contains("[سمير بنعلي]"), "{out}");
    assert!(!out.contains("عبد اللطيف حموشي  ["), "{out}");
}

/// The scorer's line for `kind` (`entities`, `date`) on a built site against a gold folder:
/// (precision, F1).
fn score(public: &std::path::Path, gold: &str, kind: &str) -> (f64, f64) {
    let out = std::process::Command::new("python3")
        .arg(repo().join("tests/eval/score.py"))
        .arg(public.join("data/articles.json"))
        .arg(repo().join(gold))
        .output()
        .expect("python3 runs the scorer");
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text
        .lines()
        .find(|l| l.starts_with(kind))
        .unwrap_or_else(|| panic!("no {kind} line in {text}"));
    let value = |k: &str| -> f64 {
        let part = line.split_whitespace().find(|p| p.starts_with(k)).unwrap();
        part[k.len()..].parse().unwrap()
    };
    (value("P="), value("F1="))
}

/// The quality bar of issue 4 on the bundled archive: entity F1 and precision ≥ 0.95.
#[test]
fn bundled_archive_scores_at_least_095() {
    let site = copy_site(&repo());
    let public = build(site.path());
    let (precision, f1) = score(&public, "tests/gold/seeds", "entities");
    assert!(precision >= 0.95 && f1 >= 0.95, "P {precision} F1 {f1}");
}

/// The held-out sets, imported from raw captures and annotated by people who had not read
/// diwan's rules, do not fall back: floors a little under the figures of the README's
/// Quality section (a rule that helps one set and costs another shows here).
#[test]
fn held_out_sets_keep_their_scores() {
    // (site, gold, entities F1 floor, dates F1 floor)
    let rows = [
        ("tests/heldout/site", "tests/heldout/gold", 0.90, 0.97),
        ("tests/heldout2/site", "tests/heldout2/gold", 0.88, 0.95),
        ("tests/heldout3/site", "tests/heldout3/gold", 0.92, 0.98),
        ("tests/heldout4/site", "tests/heldout4/gold", 0.92, 0.97),
        ("tests/heldout5/site", "tests/heldout5/gold", 0.83, 0.96),
        ("tests/heldout6/site", "tests/heldout6/gold", 0.87, 0.92),
        ("tests/heldout7/site", "tests/heldout7/gold", 0.80, 0.96),
        ("tests/heldout8/site", "tests/heldout8/gold", 0.82, 0.95),
        ("tests/heldout9/site", "tests/heldout9/gold", 0.82, 0.91),
    ];
    for (site, gold, entities_floor, dates_floor) in rows {
        let copy = copy_site(&repo().join(site));
        let public = build(copy.path());
        let (_, entities) = score(&public, gold, "entities");
        let (_, dates) = score(&public, gold, "date");
        assert!(entities >= entities_floor, "{site}: entities F1 {entities}");
        assert!(dates >= dates_floor, "{site}: dates F1 {dates}");
    }
}

#[test]
fn the_outlets_articles_come_from_are_organizations_where_the_text_cites_them() {
    let site = fixture("entities");
    let article = |name: &str, source: &str, body: &str| {
        std::fs::write(
            site.path().join(format!("content/articles/{name}.md")),
            format!(
                "+++\ntitle = \"{name}\"\ndate = 2024-03-01\nsource = \"{source}\"\n+++\n{body}\n"
            ),
        )
        .unwrap();
    };
    // Cited by its short name in quotes, and by head and name; «معا» is also "together".
    article(
        "outlet-one",
        "وكالة معا الإخبارية",
        "وقال رئيس المجلس لـ«معا» إن المزارعين عادوا إلى أراضيهم.",
    );
    article(
        "outlet-two",
        "صحيفة الأيام البحرينية",
        "ونقلت صحيفة الأيام عن مصادر أن الجلسة أجلت، وسنعمل معا على حل الأزمة.",
    );
    let public = build(site.path());
    let entities = entities_json(&public);
    let org = |name: &str| {
        entities
            .iter()
            .find(|e| e["name"] == name && e["type"] == "organization")
            .cloned()
    };
    let maan = org("وكالة معا الإخبارية").expect("the quoted outlet is an organization");
    let titles: Vec<&str> = maan["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    // «معا» in quotes is the outlet; معا in a sentence is the adverb.
    assert_eq!(titles, ["outlet-one"], "{maan}");
    let ayam = org("صحيفة الأيام البحرينية").expect("head and name cite the outlet");
    assert_eq!(ayam["mentions"], 1, "{ayam}");
    // Its page exists and links the article.
    let url = maan["url"].as_str().unwrap();
    let doc = page(&public, url);
    assert!(
        attrs(&doc, "a", "href")
            .iter()
            .any(|h| h.contains("outlet-one")),
        "{url}"
    );
}

#[test]
fn a_name_two_places_share_goes_to_the_place_whose_country_the_article_names() {
    let site = fixture("entities");
    let article = |name: &str, body: &str| write_article(site.path(), name, body);
    article(
        "tripoli-lebanon",
        "اندلعت اشتباكات في طرابلس ليلة أمس، وانتشر الجيش اللبناني في أحيائها، وقال نائب عن المدينة إن لبنان لا يحتمل جولة أخرى.",
    );
    article(
        "tripoli-libya",
        "وصل الوفد الأممي إلى طرابلس قادما من بنغازي لبحث الأزمة الليبية مع المجلس الرئاسي.",
    );
    article(
        "amman-jordan",
        "استضافت عمان اجتماعا لوزراء المياه، وقال الوزير الأردني إن المملكة تواجه شحا غير مسبوق.",
    );
    let public = build(site.path());
    let entities = entities_json(&public);
    let titles = |id: &str| -> Vec<String> {
        let e = entities
            .iter()
            .find(|e| e["id"] == id)
            .unwrap_or_else(|| panic!("no entity {id}"));
        e["articles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["title"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(titles("city-tripoli-lb"), ["tripoli-lebanon"]);
    assert_eq!(titles("city-tripoli"), ["tripoli-libya"]);
    assert_eq!(titles("city-amman"), ["amman-jordan"]);
    assert!(
        entities.iter().all(|e| e["id"] != "country-om"),
        "no article names Oman"
    );
    // Each Tripoli has its own page.
    let lb = entities
        .iter()
        .find(|e| e["id"] == "city-tripoli-lb")
        .unwrap();
    let doc = page(&public, lb["url"].as_str().unwrap());
    assert!(attrs(&doc, "a", "href")
        .iter()
        .any(|h| h.contains("tripoli-lebanon")));
}

#[test]
fn a_bare_institution_name_is_the_body_of_the_articles_country() {
    let site = fixture("entities");
    let article = |name: &str, body: &str| write_article(site.path(), name, body);
    article(
        "oman-health",
        "أطلقت وزارة الصحة حملة لمكافحة حمى الضنك في مسقط، وقالت إن المستشفيات العمانية مستعدة.",
    );
    article(
        "egypt-health",
        "قالت وزارة الصحة في القاهرة إن المستشفيات المصرية استقبلت المصابين.",
    );
    article(
        "iraq-parliament",
        "صوت مجلس النواب في بغداد على الموازنة، ورفض البرلمان العراقي تأجيل الجلسة.",
    );
    article("no-country", "أعلنت وزارة الصحة عن حملة تلقيح جديدة.");
    // Named in full first, the body keeps its short name's mentions (no second body).
    article(
        "morocco-water",
        "ويمنح النص وزارة التجهيز والماء صلاحيات أوسع في الرباط، وأكدت وزارة التجهيز أن الأشغال متواصلة.",
    );
    let config = site.path().join("site.toml");
    let base = std::fs::read_to_string(&config).unwrap();
    let bodies = |public: &std::path::Path| -> Vec<(String, Vec<String>)> {
        let mut out: Vec<(String, Vec<String>)> = entities_json(public)
            .iter()
            .filter(|e| {
                let n = e["name"].as_str().unwrap();
                n.starts_with("وزارة الصحة") || n.starts_with("مجلس النواب")
            })
            .map(|e| (e["name"].as_str().unwrap().to_string(), article_titles(e)))
            .collect();
        out.sort();
        out
    };
    let owned = |rows: &[(&str, &[&str])]| -> Vec<(String, Vec<String>)> {
        rows.iter()
            .map(|(n, ts)| (n.to_string(), ts.iter().map(|t| t.to_string()).collect()))
            .collect()
    };
    // Each country's ministry has its own page; an article naming no country keeps the
    // body the gazetteer gives the bare name to (Morocco's).
    let public = build(site.path());
    let water: Vec<(String, Vec<String>)> = entities_json(&public)
        .iter()
        .filter(|e| e["name"].as_str().unwrap().starts_with("وزارة التجهيز"))
        .map(|e| {
            let mentions = e["articles"][0]["mentions"].as_u64().unwrap();
            (
                e["name"].as_str().unwrap().to_string(),
                vec![mentions.to_string()],
            )
        })
        .collect();
    assert_eq!(
        water,
        [("وزارة التجهيز والماء".to_string(), vec!["2".to_string()])]
    );
    assert_eq!(
        bodies(&public),
        owned(&[
            ("مجلس النواب العراقي", &["iraq-parliament"]),
            ("وزارة الصحة العمانية", &["oman-health"]),
            ("وزارة الصحة المصرية", &["egypt-health"]),
            ("وزارة الصحة والحماية الاجتماعية", &["no-country"]),
        ])
    );
    let doc = page(&public, "articles/oman-health/index.html");
    assert!(
        attrs(&doc, "a.entity.organization", "href")
            .iter()
            .any(|h| h.contains("وزارة-الصحة-العمانية")),
        "the Omani article links its ministry's page"
    );
    // The site's country takes the articles that name none.
    std::fs::write(&config, format!("{base}\n[entities]\ncountry = \"eg\"\n")).unwrap();
    let public = build(site.path());
    assert_eq!(
        bodies(&public),
        owned(&[
            ("مجلس النواب العراقي", &["iraq-parliament"]),
            ("وزارة الصحة العمانية", &["oman-health"]),
            ("وزارة الصحة المصرية", &["egypt-health", "no-country"]),
        ])
    );
    // An unknown country is refused, naming the key and the codes.
    std::fs::write(&config, format!("{base}\n[entities]\ncountry = \"xx\"\n")).unwrap();
    let (ok, _, err) = diwan(site.path(), &["build"]);
    assert!(!ok);
    assert!(
        err.contains("entities.country") && err.contains("eg"),
        "{err}"
    );
}

/// Writes `content/articles/<name>.md` with `name` as its title, dated 2024-03-01.
fn write_article(root: &std::path::Path, name: &str, body: &str) {
    std::fs::write(
        root.join(format!("content/articles/{name}.md")),
        format!("+++\ntitle = \"{name}\"\ndate = 2024-03-01\n+++\n{body}\n"),
    )
    .unwrap();
}

/// The titles of the articles an entity of `data/entities.json` lists, sorted.
fn article_titles(entity: &serde_json::Value) -> Vec<String> {
    let mut titles: Vec<String> = entity["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap().to_string())
        .collect();
    titles.sort();
    titles
}

/// The objects of a build's `data/entities.json`.
fn entities_json(public: &std::path::Path) -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(public.join("data/entities.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// In sports news a club's bare name (الهلال, الأهلي) is the club of the country the article
/// names; elsewhere the same word is no club (رؤية الهلال, البنك الأهلي).
#[test]
fn a_bare_club_name_in_sports_news_is_the_club_of_the_articles_country() {
    let site = fixture("entities");
    let article = |name: &str, body: &str| write_article(site.path(), name, body);
    article(
        "saudi-league",
        "فاز الهلال على الأهلي في قمة الدوري السعودي، وسجل المهاجم هدفين في مرمى الحارس، وقال مدرب الفريق إن المباراة كانت صعبة على اللاعبين في الرياض.",
    );
    article(
        "egypt-league",
        "تعادل الأهلي مع الإسماعيلي في مباراة الدوري المصري بالقاهرة، وأشاد المدرب بأداء اللاعبين.",
    );
    article(
        "moon-sighting",
        "أعلنت المحكمة العليا في السعودية رؤية الهلال، وقال البنك الأهلي إن فروعه تعمل في العيد.",
    );
    let public = build(site.path());
    let clubs: Vec<(String, Vec<String>)> = {
        let mut rows: Vec<(String, Vec<String>)> = entities_json(&public)
            .iter()
            .filter(|e| e["id"].as_str().unwrap().contains("-club-"))
            .map(|e| (e["id"].as_str().unwrap().to_string(), article_titles(e)))
            .collect();
        rows.sort();
        rows
    };
    let expected: Vec<(String, Vec<String>)> = [
        ("org-eg-club-al-ahly", vec!["egypt-league"]),
        ("org-eg-club-ismaily", vec!["egypt-league"]),
        ("org-sa-club-al-ahli", vec!["saudi-league"]),
        ("org-sa-club-al-hilal", vec!["saudi-league"]),
    ]
    .into_iter()
    .map(|(id, t)| (id.to_string(), t.into_iter().map(str::to_string).collect()))
    .collect();
    assert_eq!(clubs, expected);
}
