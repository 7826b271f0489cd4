//! `diwan import` end to end: the real binary on temp sites, the seeds against reviewed
//! golden articles, and captures in the style of outlets no rule was tuned on.

mod common;

use std::fs;
use std::path::Path;

use common::{build, diwan, repo};

const SEEDS: &[&str] = &[
    "000_3e7dfff35e5a38e4",
    "001_4df3a00c80e12445",
    "002_26bc6d3920ec8b63",
    "003_0c3cad49e99fc61d",
    "004_10f208e7a214d7a5",
];

/// A temp site with the repository's site.toml and an empty articles folder.
fn empty_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(repo().join("site.toml"), dir.path().join("site.toml")).unwrap();
    dir
}

fn import(root: &Path, args: &[&str]) -> (bool, String, String) {
    let mut all = vec!["import"];
    all.extend_from_slice(args);
    diwan(root, &all)
}

fn read(root: &Path, rel: &str) -> String {
    fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
}

/// Imports the seeds with the README's recipe into a temp site.
fn import_seeds() -> tempfile::TempDir {
    let site = empty_site();
    fs::create_dir_all(site.path().join("seeds")).unwrap();
    for stem in SEEDS {
        let name = format!("{stem}.txt");
        fs::copy(
            repo().join("seeds").join(&name),
            site.path().join("seeds").join(&name),
        )
        .unwrap();
    }
    let first: Vec<String> = SEEDS[..4]
        .iter()
        .map(|s| format!("seeds/{s}.txt"))
        .collect();
    let mut args: Vec<&str> = first.iter().map(String::as_str).collect();
    args.insert(0, "--force");
    let (ok, out, err) = import(site.path(), &args);
    assert!(ok, "{out}\n{err}");
    let last = format!("seeds/{}.txt", SEEDS[4]);
    let (ok, out, err) = import(
        site.path(),
        &["--force", "--source", "اندبندنت عربية", last.as_str()],
    );
    assert!(ok, "{out}\n{err}");
    site
}

#[test]
fn seeds_match_the_reviewed_golden_articles() {
    let site = import_seeds();
    for stem in SEEDS {
        let rel = format!("content/articles/{stem}.md");
        let got = read(site.path(), &rel);
        let golden = read(&repo(), &format!("tests/fixtures/import/golden/{stem}.md"));
        assert_eq!(got, golden, "{rel} differs from its golden file");
        // The shipped article is the importer's own output.
        assert_eq!(
            read(&repo(), &rel),
            golden,
            "the shipped {rel} is not the importer's output"
        );
    }
}

#[test]
fn seed_sources_match_the_gold_annotations() {
    let site = import_seeds();
    for stem in SEEDS {
        let gold: serde_json::Value =
            serde_json::from_str(&read(&repo(), &format!("tests/gold/seeds/{stem}.json"))).unwrap();
        let article = read(site.path(), &format!("content/articles/{stem}.md"));
        match gold["source_name"].as_str() {
            Some(name) => assert!(
                article.contains(&format!("source = \"{name}\"")),
                "{stem}: expected source {name}\n{article}"
            ),
            None => assert!(
                !article.contains("\nsource = "),
                "{stem}: no source expected"
            ),
        }
        match gold["title"].as_str() {
            Some(_) => assert!(!article.contains("title_generated"), "{stem}"),
            None => assert!(
                article.contains("title = \"\"\ntitle_generated = true"),
                "{stem}"
            ),
        }
    }
}

#[test]
fn reimport_is_a_no_op_and_force_is_needed_to_replace() {
    let site = import_seeds();
    let seed = format!("seeds/{}.txt", SEEDS[1]);
    let (ok, out, _) = import(site.path(), &[seed.as_str()]);
    assert!(ok);
    assert!(out.contains("unchanged"), "{out}");
    assert!(out.contains("already imported, nothing to do"), "{out}");
    // A hand edit is never overwritten without --force.
    let rel = format!("content/articles/{}.md", SEEDS[1]);
    let edited = read(site.path(), &rel).replace("المغرب يدعو", "المغرب يطالب");
    fs::write(site.path().join(&rel), &edited).unwrap();
    let (ok, out, _) = import(site.path(), &[seed.as_str()]);
    assert!(ok);
    assert!(out.contains("skipped") && out.contains("--force"), "{out}");
    assert_eq!(read(site.path(), &rel), edited);
    let (ok, out, _) = import(site.path(), &["--force", seed.as_str()]);
    assert!(ok, "{out}");
    assert_ne!(read(site.path(), &rel), edited);
    // The imported site builds.
    let (ok, out, err) = diwan(site.path(), &["build"]);
    assert!(ok, "{out}\n{err}");
}

/// Imports one capture of tests/fixtures/import/captures into a fresh site; returns the site
/// and the article text.
fn import_capture(name: &str, extra: &[&str]) -> (tempfile::TempDir, String, String) {
    import_from("tests/fixtures/import/captures", name, extra)
}

/// Imports the capture `dir/name` (dir relative to the repository) into a fresh site, checks
/// the copied original and builds the site; returns the site, the article text and the output.
fn import_from(dir: &str, name: &str, extra: &[&str]) -> (tempfile::TempDir, String, String) {
    let site = empty_site();
    let capture = repo().join(dir).join(name);
    let capture = capture.to_str().unwrap();
    let mut args = extra.to_vec();
    args.push(capture);
    let (ok, out, err) = import(site.path(), &args);
    assert!(ok, "{out}\n{err}");
    let stem = Path::new(name).file_stem().unwrap().to_str().unwrap();
    let article = read(site.path(), &format!("content/articles/{stem}.md"));
    // The original is copied byte for byte into seeds/ and recorded with its hash.
    let original = fs::read(site.path().join("seeds").join(name)).unwrap();
    assert_eq!(original, fs::read(capture).unwrap());
    assert!(
        article.contains(&format!("origin = \"seeds/{name}\"")),
        "{article}"
    );
    let (ok, bout, berr) = diwan(site.path(), &["build"]);
    assert!(ok, "{bout}\n{berr}");
    (site, article, out)
}

fn assert_has(article: &str, kept: &[&str], gone: &[&str]) {
    for k in kept {
        assert!(article.contains(k), "missing {k:?} in\n{article}");
    }
    for g in gone {
        assert!(!article.contains(g), "{g:?} should be gone from\n{article}");
    }
}

#[test]
fn html_with_article_meta_and_json_ld() {
    let (_site, a, _) = import_capture("article_meta.html", &[]);
    assert_has(
        &a,
        &[
            "title = \"الجزائر وتونس توقعان اتفاقا لتأمين الحدود\"",
            "date = 2024-05-14",
            "source = \"الوطن اليوم\"",
            "source_url = \"https://alwatan-today.example/politics/2024/05/14/border-deal\"",
            "author = \"ليلى بن عيسى\"",
            "dateline = \"الجزائر\"",
            "\nصورة: وزيرا الداخلية خلال توقيع الاتفاق في العاصمة الجزائرية (أ ف ب)\n",
            "\n## دوريات مشتركة\n",
            "الجزائر - وقعت الجزائر وتونس",
            "وكانت الحكومتان قد أعلنتا",
        ],
        &[
            "الرئيسية",
            "فيسبوك",
            "اقرأ أيضا",
            "ليبيا تفتح معبر",
            "جميع الحقوق",
            "dataLayer",
        ],
    );
}

#[test]
fn html_div_soup_with_sidebars() {
    let (_site, a, _) = import_capture("div_soup.html", &[]);
    assert_has(
        &a,
        &[
            "title = \"ارتفاع أسعار الخضر في الأسواق المصرية قبل رمضان\"",
            "dateline = \"القاهرة\"",
            "source = \"بوابة النيل\"",
            "القاهرة - شهدت أسعار الخضر",
            "ويتوقع خبراء أن تستقر الأسعار",
        ],
        &[
            "منتخب مصر",
            "طقس معتدل",
            "إعلان",
            "Share",
            "تابعونا",
            "الأكثر قراءة",
            "\ndate = ",
        ],
    );
}

#[test]
fn windows_1256_with_crlf() {
    let (_site, a, out) = import_capture("windows1256_crlf.txt", &[]);
    assert!(out.contains("windows-1256"), "{out}");
    assert_has(
        &a,
        &[
            "title = \"عمان تستضيف مؤتمرا إقليميا حول أمن المياه\"",
            "date = 2024-03-12",
            "author = \"سامر الخطيب\"",
            "dateline = \"عمّان\"",
            "source = \"الرأي الأردنية\"",
            "عمّان - افتتحت في العاصمة الأردنية",
            "لم يعد خيارا بل ضرورة.",
        ],
        &["\r", "فيسبوك", "بقلم", "نشر في", "\nجميع الحقوق"],
    );
}

#[test]
fn utf16_capture() {
    let (_site, a, out) = import_capture("utf16.txt", &[]);
    assert!(out.contains("UTF-16LE"), "{out}");
    assert_has(
        &a,
        &[
            "title = \"الكويت تطلق منصة رقمية للخدمات الحكومية\"",
            "source = \"القبس\"",
            "source_evidence = \"في حديث لـ«القبس»\"",
            "الكويت - أطلقت الحكومة",
        ],
        &["Exit mobile version", "\u{FEFF}"],
    );
}

#[test]
fn capture_without_title() {
    let (_site, a, out) = import_capture(
        "no_title.txt",
        &["--source", "هسبريس", "--date", "2024-02-01"],
    );
    assert!(out.contains("no title line"), "{out}");
    assert_has(
        &a,
        &[
            "title = \"\"\ntitle_generated = true",
            "source = \"هسبريس\"",
            "source_evidence = \"--source\"",
            "date = 2024-02-01",
            "+++\nيواصل المزارعون في منطقة سوس",
            "وأكدت المديرية الإقليمية للفلاحة",
        ],
        &[
            "Skip to content",
            "مقالات ذات صلة",
            "مربي الماشية",
            "أدنى نسبة ملء",
        ],
    );
}

#[test]
fn capture_with_dateline_caption_and_publication_line() {
    let (_site, a, _) = import_capture("dateline_caption.txt", &[]);
    assert_has(
        &a,
        &[
            "title = \"تونس تفكك شبكة للاتجار بالبشر\"",
            "deck = \"تفكيك الشبكة جاء بعد تحقيقات استمرت ستة أشهر\"",
            "date = 2024-03-12",
            "dateline = \"تونس\"",
            "\nصورة: عناصر من الحرس الوطني التونسي خلال عملية سابقة في صفاقس (أرشيفية)\n",
            "تونس - أعلنت وزارة الداخلية التونسية",
            "\n## تفاصيل العملية\n",
        ],
        &["نشر في", "الرئيسية", "اقرأ المزيد", "تابعونا"],
    );
}

#[test]
fn dry_run_writes_nothing() {
    let site = empty_site();
    let capture = repo().join("tests/fixtures/import/captures/utf16.txt");
    let (ok, out, _) = import(site.path(), &["--dry-run", capture.to_str().unwrap()]);
    assert!(ok);
    assert!(
        out.contains("dry run: not written") && out.contains("title = "),
        "{out}"
    );
    assert!(!site.path().join("content").exists());
    assert!(!site.path().join("seeds").exists());
}

#[test]
fn bad_inputs_are_reported_and_the_batch_goes_on() {
    let site = empty_site();
    let empty = site.path().join("empty.txt");
    fs::write(&empty, "  \n").unwrap();
    let good = repo().join("tests/fixtures/import/captures/utf16.txt");
    let (ok, out, err) = import(
        site.path(),
        &[
            "missing.txt",
            empty.to_str().unwrap(),
            "notes.pdf",
            good.to_str().unwrap(),
        ],
    );
    assert!(!ok, "failures must fail the run");
    assert!(out.contains("cannot read missing.txt"), "{out}");
    assert!(out.contains("the capture is empty"), "{out}");
    assert!(out.contains("not a capture diwan reads"), "{out}");
    assert!(
        out.contains("1 imported") && out.contains("3 errors"),
        "{out}"
    );
    assert!(
        err.contains("3 of 4 captures could not be imported"),
        "{err}"
    );
    assert!(site.path().join("content/articles/utf16.md").exists());
}

#[test]
fn site_toml_extends_the_boilerplate_list() {
    let site = empty_site();
    let toml = read(site.path(), "site.toml")
        + "\n[import]\noriginals = \"captures\"\nremove = [\"^لمتابعة آخر الأخبار\"]\n";
    fs::write(site.path().join("site.toml"), toml).unwrap();
    let capture = site.path().join("c.txt");
    fs::write(
        &capture,
        "عنوان الخبر\nالرباط - فقرة أولى من الخبر.\nلمتابعة آخر الأخبار اشترك في قناتنا\nفقرة ثانية.\n",
    )
    .unwrap();
    let (ok, out, err) = import(site.path(), &["c.txt"]);
    assert!(ok, "{out}\n{err}");
    let a = read(site.path(), "content/articles/c.md");
    assert_has(
        &a,
        &["origin = \"captures/c.txt\"", "فقرة ثانية."],
        &["لمتابعة"],
    );
}

/// What a held-out capture must give: its file, then the title (copied from the capture),
/// author, date, source, dateline and photo caption.
struct Heldout {
    file: &'static str,
    title: Option<&'static str>,
    author: Option<&'static str>,
    date: &'static str,
    source: &'static str,
    dateline: Option<&'static str>,
    caption: Option<&'static str>,
}

const HELDOUT: &[Heldout] = &[
    Heldout {
        file: "h01_egypt_rates.txt",
        title: Some("المركزي المصري يرفع الفائدة 100 نقطة أساس لكبح التضخم"),
        author: Some("أحمد سمير عبدالحميد"),
        date: "2023-08-03",
        source: "المصري اليوم",
        dateline: Some("القاهرة"),
        caption: Some("مقر البنك المركزي المصري بوسط القاهرة - صورة أرشيفية"),
    },
    Heldout {
        file: "h02_lebanon_capital_control.txt",
        title: Some("اللجان المشتركة تعود إلى \"الكابيتال كونترول\": لا توافق في ظل الشغور"),
        author: None,
        date: "2023-06-15",
        source: "المدن",
        dateline: None,
        caption: Some("جلسة سابقة للجان النيابية المشتركة في ساحة النجمة (الأرشيف)"),
    },
    Heldout {
        file: "h03_tunisia_water.txt",
        title: Some("قطع الماء ليلا إلى غاية سبتمبر: الصوناد تعتمد نظام الحصص في عدة ولايات"),
        author: None,
        date: "2023-04-03",
        source: "موزاييك أف أم",
        dateline: None,
        caption: Some("سد سيدي سالم - صورة من الأرشيف"),
    },
    Heldout {
        file: "h04_gulf_aramco_fifa.txt",
        title: Some("أرامكو شريكاً عالمياً لـ\"فيفا\" حتى 2027.. صفقة تتخطى حدود الملاعب"),
        author: None,
        date: "2024-04-26",
        source: "العربية.نت",
        dateline: Some("دبي"),
        caption: None,
    },
    Heldout {
        file: "h05_sudan_humanitarian.txt",
        title: None,
        author: None,
        date: "2023-07-20",
        source: "ألترا سودان",
        dateline: None,
        caption: None,
    },
    Heldout {
        file: "h06_morocco_dams.txt",
        title: Some("سدود المغرب في أدنى مستوياتها.. و\"البيضاء\" تراهن على التحلية لتجاوز الصيف"),
        author: None,
        date: "2024-06-10",
        source: "اليوم 24",
        dateline: Some("الرباط"),
        caption: Some("سد المسيرة بإقليم سطات (أرشيف)"),
    },
    Heldout {
        file: "h07_abudhabi_astronomy.txt",
        title: Some("\"نجوم بأسماء عربية\".. اللوفر أبوظبي يحتفي بعلماء الفلك المسلمين"),
        author: None,
        date: "2024-03-27",
        source: "الخليج",
        dateline: Some("أبوظبي"),
        caption: Some("أسطرلاب أندلسي ضمن المعروضات (من المصدر)"),
    },
    Heldout {
        file: "h08_mauritania_rosso_bridge.txt",
        title: Some("موريتانيا والسنغال تسرعان أشغال جسر روصو.. والتدشين مرتقب نهاية ٢٠٢٥"),
        author: None,
        date: "2023-12-05",
        source: "الأخبار إنفو",
        dateline: Some("نواكشوط"),
        caption: None,
    },
];

/// The chrome of a held-out capture, read from its layout (tests/heldout/README.md): every
/// line above the lead but the title and the caption (outlet, menu, section, byline or credit
/// line, timestamp), and every line after the last sentence (share bar, related headlines,
/// copyright).
fn heldout_chrome<'a>(capture: &'a str, h: &Heldout) -> Vec<&'a str> {
    let lines: Vec<&str> = capture
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let lead = lines.iter().position(|l| l.ends_with('.')).unwrap();
    let last = lines.iter().rposition(|l| l.ends_with('.')).unwrap();
    lines[..lead]
        .iter()
        .chain(&lines[last + 1..])
        .copied()
        .filter(|l| Some(*l) != h.title && Some(*l) != h.caption)
        .collect()
}

#[test]
fn heldout_captures_lose_their_chrome_and_keep_title_metadata_and_captions() {
    for h in HELDOUT {
        let (site, a, _) = import_from("tests/heldout/captures", h.file, &[]);
        let split = a.splitn(3, "+++\n").collect::<Vec<_>>();
        let (front, body) = (split[1], split[2]);
        let fm: toml::Table = toml::from_str(front).unwrap();
        let field = |k: &str| {
            fm.get(k).map(|v| match v {
                toml::Value::String(s) => s.clone(),
                toml::Value::Datetime(d) => d.to_string(),
                other => other.to_string(),
            })
        };
        let file = h.file;
        match h.title {
            Some(t) => {
                assert_eq!(field("title").as_deref(), Some(t), "{file}");
                assert!(!fm.contains_key("title_generated"), "{file}");
            }
            None => {
                assert_eq!(field("title").as_deref(), Some(""), "{file}");
                assert_eq!(
                    fm.get("title_generated").and_then(|v| v.as_bool()),
                    Some(true),
                    "{file}"
                );
            }
        }
        assert_eq!(field("author").as_deref(), h.author, "{file}");
        assert_eq!(field("date").as_deref(), Some(h.date), "{file}");
        assert_eq!(field("source").as_deref(), Some(h.source), "{file}");
        assert_eq!(field("dateline").as_deref(), h.dateline, "{file}");
        // No deck: the lines between headline and lead are byline, credit, timestamp, caption.
        assert_eq!(field("deck"), None, "{file}");
        let capture = read(&repo(), &format!("tests/heldout/captures/{file}"));
        let body_lines: Vec<&str> = body.lines().map(|l| l.trim_start_matches("## ")).collect();
        for chrome in heldout_chrome(&capture, h) {
            assert!(
                !body_lines.contains(&chrome),
                "{file}: {chrome:?} should be gone from\n{body}"
            );
        }
        if let Some(c) = h.caption {
            let marked = format!("صورة: {c}");
            assert!(
                body_lines.contains(&marked.as_str()),
                "{file}: caption not marked in\n{body}"
            );
            assert!(
                !body.contains('*'),
                "{file}: no emphasis for captions\n{body}"
            );
        }
        // The built page shows the caption as such, the author and the JSON-LD author.
        let data: serde_json::Value =
            serde_json::from_str(&read(site.path(), "public/data/articles.json")).unwrap();
        let page = common::page(
            &site.path().join("public"),
            &page_path(data[0]["url"].as_str().unwrap()),
        );
        assert_eq!(
            common::texts(&page, ".article-body p.caption").len(),
            usize::from(h.caption.is_some()),
            "{file}"
        );
        assert_eq!(
            common::texts(&page, ".byline .author")
                .first()
                .map(String::as_str),
            h.author,
            "{file}"
        );
    }
}

/// The output path of an article's page, from its `url` in data/articles.json.
fn page_path(url: &str) -> String {
    let path = percent_encoding::percent_decode_str(url)
        .decode_utf8()
        .unwrap()
        .into_owned();
    if path.ends_with('/') {
        path + "index.html"
    } else {
        path
    }
}

#[test]
fn deck_and_author_are_shown_on_the_article_page() {
    let (site, _, _) = import_from("tests/heldout/captures", "h01_egypt_rates.txt", &[]);
    let public = site.path().join("public");
    let data: serde_json::Value =
        serde_json::from_str(&read(site.path(), "public/data/articles.json")).unwrap();
    let page = common::page(&public, &page_path(data[0]["url"].as_str().unwrap()));
    assert_eq!(
        common::texts(&page, ".byline"),
        ["بقلم أحمد سمير عبدالحميد"]
    );
    let sel = scraper::Selector::parse("script[type=\"application/ld+json\"]").unwrap();
    let ld: serde_json::Value =
        serde_json::from_str(&page.select(&sel).next().unwrap().text().collect::<String>())
            .unwrap();
    assert_eq!(ld["author"]["name"], "أحمد سمير عبدالحميد");
    assert_eq!(ld["author"]["@type"], "Person");
    // The seed with a deck shows it under the headline and gives it as alternativeHeadline.
    let seeds = import_seeds();
    let public = build(seeds.path());
    let data: serde_json::Value =
        serde_json::from_str(&read(seeds.path(), "public/data/articles.json")).unwrap();
    let seed = data
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["origin"].as_str().unwrap().contains(SEEDS[4]))
        .unwrap();
    let page = common::page(&public, &page_path(seed["url"].as_str().unwrap()));
    let deck = "تركيز على محاربة الجريمة المنظمة والاتجار بالبشر والهجرة غير القانونية";
    assert_eq!(common::texts(&page, ".article-header .deck"), [deck]);
    let ld: serde_json::Value =
        serde_json::from_str(&page.select(&sel).next().unwrap().text().collect::<String>())
            .unwrap();
    assert_eq!(ld["alternativeHeadline"], deck);
    assert_eq!(common::texts(&page, ".article-body p.caption").len(), 1);
}

/// Each unseen held-out capture, imported into a fresh site, gets the headline its
/// annotator recorded as its title: no masthead, menu item, breadcrumb or date stamp.
#[test]
fn held_out_captures_get_their_headlines_as_titles() {
    for set in [
        "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "heldout8",
        "heldout9",
    ] {
        let site = empty_site();
        let captures = repo().join("tests").join(set).join("captures");
        let (ok, out, err) = import(site.path(), &[captures.to_str().unwrap()]);
        assert!(ok, "{set}: {out}\n{err}");
        for entry in fs::read_dir(repo().join("tests").join(set).join("gold")).unwrap() {
            let path = entry.unwrap().path();
            let gold: serde_json::Value =
                serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
            let stem = path.file_stem().unwrap().to_str().unwrap();
            let article = read(site.path(), &format!("content/articles/{stem}.md"));
            let front: toml::Table = article
                .trim_start_matches("+++\n")
                .split("\n+++")
                .next()
                .unwrap()
                .parse()
                .unwrap();
            assert_eq!(
                front.get("title").and_then(|t| t.as_str()),
                gold["title"].as_str(),
                "{set}/{stem}"
            );
        }
    }
}
