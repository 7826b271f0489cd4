//! `diwan watch`: after every edit the incrementally rebuilt output equals a clean
//! `diwan build` of the same site, file for file and byte for byte.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use common::*;
use diwan::site::{self, BuildOptions};
use diwan::watch::{Rebuilt, Session};

/// Every file under `dir` with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, fs::read(e.path()).unwrap())
        })
        .collect()
}

/// Asserts that the watched output equals a fresh build of the site into another folder.
fn assert_same_as_clean_build(site: &Path, step: &str) {
    let fresh = tempfile::tempdir().unwrap();
    let out = fresh.path().join("out");
    site::build(&BuildOptions {
        root: site.to_path_buf(),
        output: Some(out.clone()),
        ..BuildOptions::default()
    })
    .unwrap_or_else(|e| panic!("{step}: clean build failed: {e:#}"));
    let watched = tree(&site.join("public"));
    let clean = tree(&out);
    let only_watched: Vec<_> = watched.keys().filter(|k| !clean.contains_key(*k)).collect();
    let only_clean: Vec<_> = clean.keys().filter(|k| !watched.contains_key(*k)).collect();
    let differ: Vec<_> = clean
        .iter()
        .filter(|(k, v)| watched.get(*k).is_some_and(|w| w != *v))
        .map(|(k, _)| k)
        .collect();
    assert!(
        only_watched.is_empty() && only_clean.is_empty() && differ.is_empty(),
        "{step}: watched output differs from a clean build\n only in watched: {only_watched:?}\n only in clean: {only_clean:?}\n different bytes: {differ:?}"
    );
}

/// Edits files, lets the session classify and rebuild, and compares with a clean build.
struct Steps {
    site: PathBuf,
    session: Session,
}

impl Steps {
    fn edit(&mut self, step: &str, changed: &[&str], f: impl FnOnce(&Path)) -> Rebuilt {
        f(&self.site);
        let paths: Vec<PathBuf> = changed.iter().map(|p| self.site.join(p)).collect();
        let plan = self.session.plan(&paths);
        assert!(!plan.is_empty(), "{step}: no work planned for {changed:?}");
        let r = self
            .session
            .rebuild(&plan)
            .unwrap_or_else(|e| panic!("{step}: rebuild failed: {e:#}"));
        eprintln!("{step}: {}", r.summary());
        assert_same_as_clean_build(&self.site, step);
        r
    }
}

fn write(site: &Path, rel: &str, text: &str) {
    let p = site.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
}

/// Replaces the first `from` in the file `rel` with `to`.
fn replace(site: &Path, rel: &str, from: &str, to: &str) {
    let p = site.join(rel);
    let t = fs::read_to_string(&p).unwrap();
    assert!(t.contains(from), "{rel} has no {from:?}");
    fs::write(p, t.replacen(from, to, 1)).unwrap();
}

fn append(site: &Path, rel: &str, text: &str) {
    let p = site.join(rel);
    let mut s = fs::read_to_string(&p).unwrap();
    s.push_str(text);
    fs::write(p, s).unwrap();
}

#[test]
fn every_incremental_rebuild_equals_a_clean_build() {
    let dir = fixture("basic");
    let site = dir.path().to_path_buf();
    let mut session = Session::new(BuildOptions {
        root: site.clone(),
        ..BuildOptions::default()
    });
    // As under `diwan serve`: each incremental rebuild writes its article pages and lists
    // ahead of the rest, and the output must still equal a clean build at the end.
    let early: std::sync::Arc<std::sync::Mutex<Vec<Vec<String>>>> = Default::default();
    let told = early.clone();
    session.on_early_pages(Box::new(move |paths| {
        told.lock().unwrap().push(paths.to_vec())
    }));
    let r = session.build_all().unwrap();
    assert!(r.synced.written.len() > 5);
    assert_same_as_clean_build(&site, "first build");
    assert!(
        early.lock().unwrap().is_empty(),
        "a first build has no early pages"
    );
    let mut steps = Steps { site, session };

    let r = steps.edit("body of one article", &["content/articles/one.md"], |s| {
        append(
            s,
            "content/articles/one.md",
            "\nفقرة جديدة عن التعاون مع الرباط.\n",
        )
    });
    assert!(r.swapped, "a body edit keeps the order: {}", r.summary());
    {
        let told = early.lock().unwrap();
        assert_eq!(told.len(), 1, "{told:?}");
        assert!(
            told[0]
                .iter()
                .any(|p| p.starts_with("articles/") && p.ends_with("/index.html")),
            "{told:?}"
        );
    }
    let r = steps.edit(
        "the summary changes (the article lists show it)",
        &["content/articles/one.md"],
        |s| replace(s, "content/articles/one.md", "ملخص قصير", "ملخص أطول قليلا"),
    );
    assert!(r.swapped, "{}", r.summary());
    let r = steps.edit(
        "title changes the index",
        &["content/articles/three.md"],
        |s| {
            let p = s.join("content/articles/three.md");
            let t = fs::read_to_string(&p).unwrap();
            let t = t.replacen("title = \"", "title = \"عاجل: ", 1);
            fs::write(p, t).unwrap();
        },
    );
    assert!(!r.swapped, "a new slug: {}", r.summary());
    steps.edit("add an article", &["content/articles/five.md"], |s| {
        write(
            s,
            "content/articles/five.md",
            "+++\ntitle = \"مقال جديد عن الأمن\"\ndate = 2023-05-01\n+++\nنص المقال الجديد.\n",
        )
    });
    steps.edit(
        "a new name is discovered (the catalog changes for every article)",
        &["content/articles/one.md"],
        |s| {
            append(
                s,
                "content/articles/one.md",
                "\nوقال محمد الطاهري، المحلل الأمني، إن التنسيق مستمر.\n",
            )
        },
    );
    steps.edit(
        "a registry is added, naming that person with an alias",
        &["content/entities.toml"],
        |s| {
            write(
                s,
                "content/entities.toml",
                "[[entity]]\nid = \"tahiri\"\nname = \"محمد الطاهري\"\ntype = \"person\"\naliases = [\"الطاهري\"]\n",
            )
        },
    );
    steps.edit(
        "only the registry entry's description changes (names and aliases as they were)",
        &["content/entities.toml"],
        |s| {
            let p = s.join("content/entities.toml");
            let t = fs::read_to_string(&p).unwrap();
            fs::write(p, format!("{t}description = \"محلل أمني مغربي\"\n")).unwrap();
        },
    );
    steps.edit(
        "then a body edit that finds the same names",
        &["content/articles/two.md"],
        |s| {
            append(
                s,
                "content/articles/two.md",
                "\nجملة أخرى بلا أسماء جديدة.\n",
            )
        },
    );
    // Edits that keep every slug take the last build's list, mended.
    let r = steps.edit(
        "a date edit moves an article that has its own slug",
        &["content/articles/four.md"],
        |s| {
            replace(
                s,
                "content/articles/four.md",
                "date = 2022-03-01",
                "date = 2020-06-01",
            )
        },
    );
    assert!(r.swapped, "{}", r.summary());
    let r = steps.edit(
        "a title edit of that article",
        &["content/articles/four.md"],
        |s| replace(s, "content/articles/four.md", "title = \"", "title = \"أ "),
    );
    assert!(r.swapped, "{}", r.summary());
    let r = steps.edit(
        "a title edit that keeps the slug (a vowel mark) of the article whose slug has a suffix",
        &["content/articles/two.md"],
        |s| {
            replace(
                s,
                "content/articles/two.md",
                "المغرب وإسبانيا",
                "المغربُ وإسبانيا",
            )
        },
    );
    assert!(r.swapped, "{}", r.summary());
    let r = steps.edit(
        "a title edit that changes the slug",
        &["content/articles/two.md"],
        |s| {
            replace(
                s,
                "content/articles/two.md",
                "يعززان التعاون",
                "يعززان الشراكة",
            )
        },
    );
    assert!(!r.swapped, "{}", r.summary());
    steps.edit(
        "rename an article",
        &[
            "content/articles/three.md",
            "content/articles/sub/renamed.md",
        ],
        |s| {
            fs::create_dir_all(s.join("content/articles/sub")).unwrap();
            fs::rename(
                s.join("content/articles/three.md"),
                s.join("content/articles/sub/renamed.md"),
            )
            .unwrap();
        },
    );
    steps.edit("delete an article", &["content/articles/four.md"], |s| {
        fs::remove_file(s.join("content/articles/four.md")).unwrap()
    });
    steps.edit(
        "an article becomes a draft",
        &["content/articles/five.md"],
        |s| {
            let p = s.join("content/articles/five.md");
            let t = fs::read_to_string(&p)
                .unwrap()
                .replacen("+++\n", "+++\ndraft = true\n", 1);
            fs::write(p, t).unwrap();
        },
    );
    steps.edit("override a template", &["templates/404.html"], |s| {
        write(
            s,
            "templates/404.html",
            "{% extends \"base.html\" %}{% block content %}<h1>الصفحة غير موجودة</h1>{% endblock content %}",
        )
    });
    steps.edit("add a static file", &["static/notes.txt"], |s| {
        write(s, "static/notes.txt", "ملاحظات\n")
    });
    steps.edit("delete the static file", &["static/notes.txt"], |s| {
        fs::remove_file(s.join("static/notes.txt")).unwrap()
    });
    steps.edit("site.toml changes the pagination", &["site.toml"], |s| {
        let p = s.join("site.toml");
        let t = fs::read_to_string(&p)
            .unwrap()
            .replace("paginate = 2", "paginate = 1");
        fs::write(p, t).unwrap();
    });
    steps.edit(
        "a low split_above gives entity events pages of their own",
        &["site.toml"],
        |s| {
            let p = s.join("site.toml");
            let t = fs::read_to_string(&p).unwrap();
            fs::write(p, format!("{t}\n[timeline]\nsplit_above = 1\n")).unwrap();
        },
    );
    steps.edit(
        "a dated event joins the split events",
        &["content/articles/one.md"],
        |s| {
            append(
                s,
                "content/articles/one.md",
                "\nوفي 3 مارس 2019 زار الوفد الرباط، ثم عاد إلى الرباط في 5 مايو 2020.\n",
            )
        },
    );
    steps.edit("split_above back to its default", &["site.toml"], |s| {
        let p = s.join("site.toml");
        let t = fs::read_to_string(&p)
            .unwrap()
            .replace("\n[timeline]\nsplit_above = 1\n", "");
        fs::write(p, t).unwrap();
    });
    steps.edit(
        "a touch without change",
        &["content/articles/one.md"],
        |_| {},
    );
}

#[test]
fn a_broken_edit_keeps_the_last_good_output_and_the_next_good_edit_recovers() {
    let dir = fixture("basic");
    let site = dir.path().to_path_buf();
    let mut session = Session::new(BuildOptions {
        root: site.clone(),
        ..BuildOptions::default()
    });
    session.build_all().unwrap();
    let before = tree(&site.join("public"));
    let one = site.join("content/articles/one.md");
    let good = fs::read_to_string(&one).unwrap();
    fs::write(
        &one,
        good.replacen("date = 2021-12-18", "date = 2021-13-45", 1),
    )
    .unwrap();
    let plan = session.plan(std::slice::from_ref(&one));
    let e = session.rebuild(&plan).unwrap_err();
    let problems = diwan::watch::problems(&e, &site);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].file.as_deref(), Some("content/articles/one.md"));
    assert_eq!(problems[0].line, Some(3), "{problems:?}");
    assert_eq!(
        tree(&site.join("public")),
        before,
        "the output changed after a failed build"
    );

    // An unrelated good edit does not hide the broken article.
    append(&site, "content/articles/two.md", "\nسطر.\n");
    let plan = session.plan(&[site.join("content/articles/two.md")]);
    assert!(session.rebuild(&plan).is_err());

    // A broken template is an error too, and keeps failing until fixed.
    fs::write(&one, &good).unwrap();
    write(
        &site,
        "templates/article.html",
        "{% extends \"base.html\" %}{% block content %}{{ oops(",
    );
    let plan = session.plan(&[one.clone(), site.join("templates/article.html")]);
    assert!(session.rebuild(&plan).is_err());
    let plan = session.plan(std::slice::from_ref(&one));
    assert!(
        session.rebuild(&plan).is_err(),
        "the broken template was forgotten"
    );

    fs::remove_file(site.join("templates/article.html")).unwrap();
    let plan = session.plan(&[site.join("templates/article.html")]);
    session.rebuild(&plan).unwrap();
    assert_same_as_clean_build(&site, "after the fix");
}

#[test]
fn editor_temp_files_and_the_output_are_ignored() {
    let dir = fixture("basic");
    let site = dir.path().to_path_buf();
    let mut session = Session::new(BuildOptions {
        root: site.clone(),
        ..BuildOptions::default()
    });
    session.build_all().unwrap();
    for p in [
        "content/articles/.one.md.swp",
        "content/articles/one.md~",
        "content/articles/.#one.md",
        "content/articles/4913",
        "public/index.html",
        "README.md",
    ] {
        assert!(session.plan(&[site.join(p)]).is_empty(), "{p} planned work");
    }
    assert!(session.plan(&[site.join("site.toml")]).full);
}
