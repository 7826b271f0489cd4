//! Headless Chromium: builds the bundled archive and the search fixture into temp dirs, then
//! runs `node --test tests/browser/search.test.js` against both, from `file://` and over HTTP;
//! packs the archive into a zip bag, unpacks it and walks it from `file://`
//! (`tests/browser/bag.test.js`); reads the archive as a reader would, screenshots included
//! (`tests/browser/e2e.test.js`, see README); live reload and the error overlay of `diwan serve`
//! (`tests/browser/live.test.js`). Needs Debian's Chromium and `npm ci --prefix tests/browser`;
//! fails when they are missing unless `DIWAN_SKIP_BROWSER=1`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

/// Chromium's path when the browser tests can run; `None` when `DIWAN_SKIP_BROWSER=1`.
/// Panics with what to install when something is missing.
fn chromium() -> Option<PathBuf> {
    if std::env::var("DIWAN_SKIP_BROWSER").as_deref() == Ok("1") {
        eprintln!("DIWAN_SKIP_BROWSER=1: browser tests skipped");
        return None;
    }
    let repo = repo();
    let chromium = PathBuf::from(
        std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_string()),
    );
    let mut missing = Vec::new();
    if !chromium.is_file() {
        missing.push(format!(
            "{} (install it: apt-get update && apt-get install -y chromium)",
            chromium.display()
        ));
    }
    if !repo
        .join("tests/browser/node_modules/playwright-core")
        .is_dir()
    {
        missing.push("tests/browser/node_modules (run: npm ci --prefix tests/browser)".into());
    }
    if Command::new("node").arg("--version").output().is_err() {
        missing.push("node (install Node.js 18 or newer)".into());
    }
    assert!(
        missing.is_empty(),
        "the browser tests cannot run, missing: {}.\nRun `npm ci --prefix tests/browser` and install \
         Chromium (`apt-get update && apt-get install -y chromium`), or set DIWAN_SKIP_BROWSER=1 \
         to skip them.",
        missing.join("; ")
    );
    Some(chromium)
}

/// Runs one node test file with `env`; fails with its output.
fn node_test(file: &str, chromium: &Path, env: &[(&str, &Path)]) {
    let repo = repo();
    let mut cmd = Command::new("node");
    cmd.arg("--test")
        .arg(repo.join("tests/browser").join(file))
        .env("CHROMIUM", chromium)
        .current_dir(repo.join("tests/browser"));
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run node");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "browser tests failed: {file}\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
}

#[test]
fn search_works_in_chromium_from_file_and_over_http() {
    let Some(chromium) = chromium() else { return };
    let repo = repo();
    let archive = copy_site(&repo);
    let archive_public = build(archive.path());
    let fixture = fixture("search");
    let fixture_public = build(fixture.path());
    node_test(
        "search.test.js",
        &chromium,
        &[
            ("DIWAN_SITE", &archive_public),
            ("DIWAN_SEARCH_FIXTURE", &fixture_public),
        ],
    );
}

#[test]
fn the_unpacked_zip_bag_works_from_file_in_chromium() {
    let Some(chromium) = chromium() else { return };
    let archive = copy_site(&repo());
    build(archive.path());
    let zip_path = archive.path().join("archive.zip");
    let (ok, _, err) = diwan(
        archive.path(),
        &["pack", "--out", zip_path.to_str().unwrap()],
    );
    assert!(ok, "pack failed: {err}");
    let unpacked = tempfile::tempdir().unwrap();
    zip::ZipArchive::new(std::fs::File::open(&zip_path).unwrap())
        .unwrap()
        .extract(unpacked.path())
        .unwrap();
    let site = unpacked.path().join("archive/data/site");
    assert!(site.join("index.html").is_file(), "no site in the bag");
    node_test("bag.test.js", &chromium, &[("DIWAN_BAG_SITE", &site)]);
}

/// The README's pictures, copied from the screenshots when `DIWAN_UPDATE_SCREENSHOTS=1`.
const README_SHOTS: &[(&str, &str)] = &[
    ("article-1280.png", "themes/default/screenshot.png"),
    ("article-1280.png", "docs/screenshots/article-1280.png"),
    ("entity-1280.png", "docs/screenshots/entity-1280.png"),
    ("entities-1280.png", "docs/screenshots/entities-1280.png"),
    ("timeline-1280.png", "docs/screenshots/timeline-1280.png"),
    ("search-1280.png", "docs/screenshots/search-1280.png"),
    ("home-360.png", "docs/screenshots/home-360.png"),
    ("article-360.png", "docs/screenshots/article-360.png"),
];

#[test]
fn the_archive_reads_well_in_chromium_from_file_and_over_http() {
    let Some(chromium) = chromium() else { return };
    let repo = repo();
    let archive = copy_site(&repo);
    let public = build(archive.path());
    // Screenshots of each page type at both widths: a test output folder under target/.
    let shots = repo.join("target/screenshots");
    let _ = std::fs::remove_dir_all(&shots);
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_diwan"));
    node_test(
        "e2e.test.js",
        &chromium,
        &[
            ("DIWAN_SITE", &public),
            ("DIWAN_ROOT", archive.path()),
            ("DIWAN_BIN", &bin),
            ("DIWAN_SCREENSHOTS", &shots),
        ],
    );
    for (shot, _) in README_SHOTS {
        assert!(shots.join(shot).is_file(), "no screenshot {shot}");
    }
    if std::env::var("DIWAN_UPDATE_SCREENSHOTS").as_deref() == Ok("1") {
        for (shot, dest) in README_SHOTS {
            let dest = repo.join(dest);
            std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
            std::fs::copy(shots.join(shot), dest).unwrap();
        }
    }
}

#[test]
fn live_reload_and_the_error_overlay_work_in_chromium() {
    let Some(chromium) = chromium() else { return };
    let site = fixture("basic");
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_diwan"));
    node_test(
        "live.test.js",
        &chromium,
        &[("DIWAN_BIN", &bin), ("DIWAN_LIVE_SITE", site.path())],
    );
}
