//! Both slug styles, reached the three ways readers reach an archive: from disk, over HTTP
//! (a minimal static server on loopback, requests with percent-encoded hrefs), and inside the
//! zip written by `diwan pack`.

mod common;

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};

use common::*;

/// Every internal href of every HTML page: (page, href, resolved output path).
fn internal_links(public: &Path) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for rel in html_pages(public) {
        if rel == "404.html" {
            continue; // served from any depth; its links are relative to the root
        }
        let doc = page(public, &rel);
        for href in attrs(&doc, "a[href]", "href") {
            if let Some(target) = resolve(&rel, &href) {
                if !href.starts_with('#') {
                    out.push((rel.clone(), href, target));
                }
            }
        }
    }
    out
}

/// A one-thread static file server over `root`, answering `n` requests, then stopping.
fn serve(root: PathBuf, n: usize) -> (u16, std::thread::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = std::thread::spawn(move || {
        for stream in listener.incoming().take(n) {
            let mut stream = stream.unwrap();
            // Read the whole request head, so closing never resets the connection.
            let mut head = Vec::new();
            let mut buf = [0u8; 1024];
            while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                let len = stream.read(&mut buf).unwrap();
                if len == 0 {
                    break;
                }
                head.extend_from_slice(&buf[..len]);
            }
            let request = String::from_utf8_lossy(&head);
            let target = request.split_whitespace().nth(1).unwrap_or("/").to_string();
            let decoded = percent_encoding::percent_decode_str(target.trim_start_matches('/'))
                .decode_utf8()
                .unwrap()
                .into_owned();
            let mut path = root.join(&decoded);
            if path.is_dir() {
                path = path.join("index.html");
            }
            let response = match std::fs::read(&path) {
                Ok(body) if !decoded.contains("..") => {
                    let mut r = format!(
                        "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                        body.len()
                    )
                    .into_bytes();
                    r.extend(body);
                    r
                }
                _ => b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    .to_vec(),
            };
            stream.write_all(&response).unwrap();
        }
    });
    (port, handle)
}

/// GETs `path` (already percent-encoded) and returns the status code.
fn get(port: u16, path: &str) -> u16 {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    write!(
        s,
        "GET /{path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    s.read_to_end(&mut response).unwrap();
    let head = String::from_utf8_lossy(&response[..response.len().min(64)]).into_owned();
    head.split_whitespace().nth(1).unwrap().parse().unwrap()
}

fn check_style(style: &str) {
    let site = fixture("basic");
    if style == "ascii" {
        let toml = std::fs::read_to_string(site.path().join("site.toml")).unwrap();
        std::fs::write(
            site.path().join("site.toml"),
            format!("{toml}slugs = \"ascii\"\n"),
        )
        .unwrap();
    }
    let public = build(site.path());
    let links = internal_links(&public);
    let articles: Vec<&(String, String, String)> = links
        .iter()
        .filter(|(_, _, t)| t.starts_with("articles/"))
        .collect();
    assert!(
        articles.len() >= 4,
        "{style}: too few article links: {links:?}"
    );
    for (from, href, target) in &articles {
        // Hrefs are written as IRIs: ASCII that a URL must escape is percent-encoded,
        // Arabic letters are written as they are (the browser encodes them); ASCII slugs
        // stay pure ASCII.
        assert!(
            !href.contains([' ', '"', '<', '>', '`', '{', '}', '|', '\\', '^']),
            "{style}: {from} links {href}"
        );
        let arabic = |s: &str| s.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c));
        assert!(
            !arabic(href) || arabic(target),
            "{style}: {from} links {href}"
        );
        assert!(!href.contains("%D8") && !href.contains("%D9"), "{href}");
    }
    if style == "arabic" {
        let raw = articles
            .iter()
            .filter(|(_, h, _)| h.contains("المغرب"))
            .count();
        assert!(
            raw > 0,
            "no article link spells its Arabic slug: {articles:?}"
        );
    }
    // From disk.
    for (from, href, target) in &links {
        assert!(
            public.join(target).is_file(),
            "{style}: {from} → {href} missing on disk"
        );
    }
    // Over HTTP, each link requested with its href as written, resolved against its page.
    let requests: Vec<String> = links
        .iter()
        .map(|(from, href, _)| {
            let base = from
                .rsplit_once('/')
                .map(|(d, _)| format!("{d}/"))
                .unwrap_or_default();
            let href = href.split('#').next().unwrap();
            let mut parts: Vec<String> = base
                .split('/')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            for seg in href.split('/') {
                match seg {
                    ".." => {
                        parts.pop();
                    }
                    "." | "" => {}
                    s => parts.push(s.to_string()),
                }
            }
            parts.join("/")
        })
        .collect();
    let (port, server) = serve(public.clone(), requests.len());
    for (path, (from, href, _)) in requests.iter().zip(&links) {
        assert_eq!(get(port, path), 200, "{style}: {from} → {href} over HTTP");
    }
    server.join().unwrap();
    // Inside the zip written by `diwan pack`.
    let zip_path = site.path().join("archive.zip");
    let (ok, _, err) = diwan(site.path(), &["pack", "--out", zip_path.to_str().unwrap()]);
    assert!(ok, "{err}");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&zip_path).unwrap()).unwrap();
    let names: BTreeSet<String> = (0..zip.len())
        .map(|i| zip.by_index(i).unwrap().name().unwrap().to_string())
        .collect();
    let site_prefix = names
        .iter()
        .find_map(|n| {
            n.strip_suffix("index.html")
                .filter(|p| p.ends_with("data/site/"))
        })
        .expect("the site's index.html in the zip")
        .to_string();
    for (from, href, target) in &links {
        assert!(
            names.contains(&format!("{site_prefix}{target}")),
            "{style}: {from} → {href} not in the zip"
        );
    }
}

#[test]
fn arabic_slugs_work_from_disk_over_http_and_in_a_zip() {
    check_style("arabic");
}

#[test]
fn ascii_slugs_work_from_disk_over_http_and_in_a_zip() {
    check_style("ascii");
}
