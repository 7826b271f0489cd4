//! Search in headless Chromium: builds the bundled archive and the search fixture into temp
//! dirs, then runs `node --test tests/browser/search.test.js` against both, from `file://` and
//! over HTTP. Needs Debian's Chromium and `npm ci --prefix tests/browser`; fails when they are
//! missing unless `DIWAN_SKIP_BROWSER=1`.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::*;

#[test]
fn search_works_in_chromium_from_file_and_over_http() {
    if std::env::var("DIWAN_SKIP_BROWSER").as_deref() == Ok("1") {
        eprintln!("DIWAN_SKIP_BROWSER=1: browser tests skipped");
        return;
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

    let archive = copy_site(&repo);
    let archive_public = build(archive.path());
    let fixture = fixture("search");
    let fixture_public = build(fixture.path());
    let out = Command::new("node")
        .arg("--test")
        .arg(repo.join("tests/browser/search.test.js"))
        .env("DIWAN_SITE", &archive_public)
        .env("DIWAN_SEARCH_FIXTURE", &fixture_public)
        .env("CHROMIUM", &chromium)
        .current_dir(repo.join("tests/browser"))
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "browser tests failed\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
}
