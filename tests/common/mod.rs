//! Shared helpers for integration tests: copy a fixture site into a temp dir, build it, read pages.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use scraper::{Html, Selector};

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies `tests/fixtures/<name>` (or any folder) into a fresh temp dir and returns it.
pub fn fixture(name: &str) -> tempfile::TempDir {
    let src = repo().join("tests/fixtures").join(name);
    copy_site(&src)
}

/// Copies a site folder into a fresh temp dir (skipping `public/` and `target/`).
pub fn copy_site(src: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in walkdir::WalkDir::new(src) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(src).unwrap();
        let first = rel
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy().into_owned());
        if matches!(
            first.as_deref(),
            Some("public" | "target" | ".git" | "node_modules" | "tests")
        ) {
            continue;
        }
        let dest = dir.path().join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
    dir
}

/// Runs the `diwan` binary in `root` with `args`; returns (success, stdout, stderr).
pub fn diwan(root: &Path, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_diwan"))
        .args(args)
        .current_dir(root)
        .output()
        .expect("run diwan");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Builds the site in `root` with the binary and panics with its output on failure.
pub fn build(root: &Path) -> PathBuf {
    let (ok, out, err) = diwan(root, &["build"]);
    assert!(ok, "build failed\nstdout: {out}\nstderr: {err}");
    root.join("public")
}

/// Parses an output page.
pub fn page(public: &Path, rel: &str) -> Html {
    let text = std::fs::read_to_string(public.join(rel))
        .unwrap_or_else(|e| panic!("cannot read {rel}: {e}"));
    Html::parse_document(&text)
}

/// All values of `attr` on elements matching `selector`.
pub fn attrs(doc: &Html, selector: &str, attr: &str) -> Vec<String> {
    let sel = Selector::parse(selector).unwrap();
    doc.select(&sel)
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

/// Text of every element matching `selector`.
pub fn texts(doc: &Html, selector: &str) -> Vec<String> {
    let sel = Selector::parse(selector).unwrap();
    doc.select(&sel)
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

/// Resolves a relative href from the page at `from` (output-relative) to an output path,
/// percent-decoded, without `#fragment`. Returns `None` for external or absolute URLs.
pub fn resolve(from: &str, href: &str) -> Option<String> {
    if href.starts_with("http:")
        || href.starts_with("https:")
        || href.starts_with("mailto:")
        || href.starts_with('/')
    {
        return None;
    }
    let href = href.split('#').next().unwrap();
    if href.is_empty() {
        return Some(from.to_string());
    }
    let decoded = percent_encoding::percent_decode_str(href)
        .decode_utf8()
        .unwrap()
        .into_owned();
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for seg in decoded.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// Every HTML file in the output, relative paths.
pub fn html_pages(public: &Path) -> Vec<String> {
    walkdir::WalkDir::new(public)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            e.path()
                .strip_prefix(public)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect()
}
