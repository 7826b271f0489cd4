//! `diwan serve` over loopback with a real HTTP client: types, 404, Arabic URLs, traversal,
//! HEAD and conditional requests, many concurrent clients, live reload and the error overlay.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::*;

/// A running `diwan serve`, stopped (by its own pid) when dropped.
struct Server {
    child: Child,
    base: String,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(root: &Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_diwan"))
        .args(["serve", "--port", "0", "--debounce", "20"])
        .current_dir(root)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start diwan serve");
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut server = Server {
        child,
        base: String::new(),
        addr: String::new(),
    };
    let line = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("diwan serve printed no URL within 60 s");
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no URL in {line:?}"));
    server.base = url.trim_end_matches('/').to_string();
    server.addr = server.base.trim_start_matches("http://").to_string();
    assert!(server.addr.starts_with("127.0.0.1:"), "{line}");
    server
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into()
}

struct Got {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Got {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn get(agent: &ureq::Agent, url: &str, headers: &[(&str, &str)]) -> Got {
    let mut req = agent.get(url);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let mut r = req.call().unwrap_or_else(|e| panic!("GET {url}: {e}"));
    let headers = r
        .headers()
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_string()))
        .collect();
    Got {
        status: r.status().as_u16(),
        headers,
        body: r.body_mut().read_to_string().unwrap_or_default(),
    }
}

/// Sends a request exactly as written (clients would normalize `..` away) and returns the
/// status code and body.
fn raw(addr: &str, target: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    let text = String::from_utf8_lossy(&out).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, text)
}

/// The URL of the first article whose title contains `title_part`, from the data export,
/// percent-encoded as a browser requests it.
fn article_url(root: &Path, title_part: &str) -> String {
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(root.join("public/data/articles.json")).unwrap())
            .unwrap();
    json.as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"].as_str().unwrap().contains(title_part))
        .map(|a| diwan::render::format::encode_path(a["url"].as_str().unwrap()))
        .unwrap()
}

#[test]
fn serves_the_site_with_types_404_arabic_urls_and_validators() {
    let site = fixture("basic");
    let server = start(site.path());
    let a = agent();
    let b = &server.base;

    let home = get(&a, &format!("{b}/"), &[]);
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(
        home.body.contains("/__diwan/events"),
        "no live reload script"
    );
    // … but only in what is served: the file on disk is the clean build's.
    let disk = std::fs::read_to_string(site.path().join("public/index.html")).unwrap();
    assert!(!disk.contains("__diwan"));

    let url = article_url(site.path(), "المغرب وإسبانيا");
    assert!(
        url.contains('%'),
        "expected a percent-encoded Arabic URL, got {url}"
    );
    let capture = format!("{b}/{url}").replace("index.html", "capture_one.txt");
    for (path, kind) in [
        (format!("{b}/style.css"), "text/css; charset=utf-8"),
        (format!("{b}/data/articles.json"), "application/json"),
        (format!("{b}/{url}"), "text/html; charset=utf-8"),
        (capture, "text/plain; charset=utf-8"),
    ] {
        let r = get(&a, &path, &[]);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("content-type"), Some(kind), "{path}");
    }
    let fonts = site.path().join("public/fonts");
    let font = std::fs::read_dir(&fonts)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.ends_with(".woff2"))
        .expect("a woff2 font");
    let r = get(&a, &format!("{b}/fonts/{font}"), &[]);
    assert_eq!(r.header("content-type"), Some("font/woff2"));

    // Directory index, with a redirect to the slash form.
    let dir_url = format!("{b}/{}", url.trim_end_matches("index.html"));
    let r = get(&a, &dir_url, &[]);
    assert_eq!(r.status, 200);
    assert!(r.body.contains("<article") || r.body.contains("<main"));
    let r = get(&a, dir_url.trim_end_matches('/'), &[]);
    assert_eq!(r.status, 301);
    assert!(r.header("location").unwrap().ends_with('/'));

    // The site's 404 page, with status 404.
    let r = get(&a, &format!("{b}/no/such/page.html"), &[]);
    assert_eq!(r.status, 404);
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
    let not_found = std::fs::read_to_string(site.path().join("public/404.html")).unwrap();
    let title = texts(&scraper::Html::parse_document(&not_found), "h1");
    assert!(r.body.contains(&title[0]), "not the site's 404 page");

    // HEAD: headers, no body.
    let head = a.head(&format!("{b}/")).call().unwrap();
    assert_eq!(head.status().as_u16(), 200);
    let len: usize = head.headers()["content-length"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(len, home.body.len());

    // Conditional requests.
    let etag = home.header("etag").unwrap().to_string();
    let r = get(&a, &format!("{b}/"), &[("If-None-Match", &etag)]);
    assert_eq!(r.status, 304);
    assert!(r.body.is_empty());
    let lm = home.header("last-modified").unwrap().to_string();
    let r = get(&a, &format!("{b}/"), &[("If-Modified-Since", &lm)]);
    assert_eq!(r.status, 304);
    let r = get(&a, &format!("{b}/"), &[("If-None-Match", "\"other\"")]);
    assert_eq!(r.status, 200);

    // Other methods are refused.
    let r = a.post(&format!("{b}/")).send("x").unwrap();
    assert_eq!(r.status().as_u16(), 405);
}

#[test]
fn refuses_every_way_out_of_the_output_directory() {
    let site = fixture("basic");
    // A secret beside the output, and a symlink inside the output pointing at it.
    std::fs::write(site.path().join("secret.txt"), "SECRET-TOKEN").unwrap();
    let server = start(site.path());
    #[cfg(unix)]
    std::os::unix::fs::symlink(site.path(), site.path().join("public/escape")).unwrap();
    for target in [
        "/../secret.txt",
        "/../../../../etc/passwd",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/articles/%2e%2e%2f%2e%2e%2fsecret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "/escape/secret.txt",
        "//etc/passwd",
        "/C:/Windows/win.ini",
    ] {
        let (status, text) = raw(&server.addr, target);
        assert!(
            status == 403 || status == 404 || status == 400,
            "{target}: status {status}"
        );
        assert!(!text.contains("SECRET-TOKEN"), "{target} leaked the secret");
        assert!(!text.contains("root:x:"), "{target} leaked /etc/passwd");
    }
    assert_eq!(raw(&server.addr, "/escape/secret.txt").0, 403);
    assert_eq!(raw(&server.addr, "/%2e%2e/secret.txt").0, 403);
}

#[test]
fn stays_up_under_many_concurrent_requests() {
    let site = fixture("basic");
    let server = start(site.path());
    let base = server.base.clone();
    let threads: Vec<_> = (0..32)
        .map(|i| {
            let base = base.clone();
            std::thread::spawn(move || {
                let a = agent();
                let mut ok = 0;
                for j in 0..10 {
                    let path =
                        ["", "style.css", "data/articles.json", "page/2/", "missing"][(i + j) % 5];
                    let r = get(&a, &format!("{base}/{path}"), &[]);
                    if r.status == 200 || (path == "missing" && r.status == 404) {
                        ok += 1;
                    }
                }
                ok
            })
        })
        .collect();
    let ok: usize = threads.into_iter().map(|t| t.join().unwrap()).sum();
    assert_eq!(ok, 320);
    assert_eq!(get(&agent(), &format!("{base}/"), &[]).status, 200);
}

/// Reads the SSE stream until an event named `name` arrives; returns its data.
fn next_event(stream: &mut BufReader<TcpStream>, name: &str, limit: Duration) -> String {
    let deadline = Instant::now() + limit;
    let mut event = String::new();
    // Bytes, not a String: a read that times out must not drop half a character.
    let mut line: Vec<u8> = Vec::new();
    while Instant::now() < deadline {
        match stream.read_until(b'\n', &mut line) {
            Ok(0) => panic!("the event stream closed"),
            Ok(_) if line.ends_with(b"\n") => {}
            Ok(_) => continue,
            Err(e)
                if e.kind() == std::io::ErrorKind::WouldBlock
                    || e.kind() == std::io::ErrorKind::TimedOut =>
            {
                continue
            }
            Err(e) => panic!("reading events: {e}"),
        }
        let text = String::from_utf8_lossy(&line).trim_end().to_string();
        line.clear();
        if let Some(e) = text.strip_prefix("event:") {
            event = e.trim().to_string();
        } else if let Some(d) = text.strip_prefix("data:") {
            if event == name {
                return d.trim().to_string();
            }
        }
    }
    panic!("no `{name}` event within {limit:?}");
}

fn events(addr: &str) -> BufReader<TcpStream> {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_millis(500)))
        .unwrap();
    write!(
        s,
        // HTTP/1.0: the stream comes unchunked, one line per line.
        "GET /__diwan/events HTTP/1.0\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    BufReader::new(s)
}

#[test]
fn live_reload_after_an_edit_and_the_error_overlay_appears_and_clears() {
    let site = fixture("basic");
    let server = start(site.path());
    let a = agent();
    let url = format!(
        "{}/{}",
        server.base,
        article_url(site.path(), "المغرب وإسبانيا")
    );
    let mut stream = events(&server.addr);
    assert_eq!(
        next_event(&mut stream, "hello", Duration::from_secs(10)),
        "ok"
    );

    // An edit: the reload event arrives and the page shows the change.
    let one = site.path().join("content/articles/one.md");
    let good = std::fs::read_to_string(&one).unwrap();
    std::fs::write(&one, format!("{good}\nعلامة-التحديث-الأولى\n")).unwrap();
    // First the pages written ahead of the rest of the rebuild: the edited article's page
    // is among them, already new on disk; then the end of that same rebuild.
    let early: serde_json::Value =
        serde_json::from_str(&next_event(&mut stream, "pages", Duration::from_secs(20))).unwrap();
    let paths: Vec<&str> = early["paths"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    let edited = site.path().join("public").join(
        paths
            .iter()
            .find(|p| p.starts_with("articles/") && p.ends_with("/index.html"))
            .unwrap_or_else(|| panic!("no article page written early: {paths:?}")),
    );
    assert!(std::fs::read_to_string(edited)
        .unwrap()
        .contains("علامة-التحديث-الأولى"));
    let done: serde_json::Value =
        serde_json::from_str(&next_event(&mut stream, "reload", Duration::from_secs(20))).unwrap();
    assert_eq!(done["build"], early["build"], "{done} after {early}");
    let page = get(&a, &url, &[]);
    assert!(
        page.body.contains("علامة-التحديث-الأولى"),
        "the page did not change"
    );

    // A broken article: a problem event with file, line and message; the last good page stays.
    std::fs::write(
        &one,
        good.replacen("date = 2021-12-18", "date = 2021-13-45", 1),
    )
    .unwrap();
    let data = next_event(&mut stream, "problem", Duration::from_secs(20));
    let problems: serde_json::Value = serde_json::from_str(&data).unwrap();
    assert_eq!(problems[0]["file"], "content/articles/one.md", "{data}");
    assert_eq!(problems[0]["line"], 3, "{data}");
    assert!(!problems[0]["message"].as_str().unwrap().is_empty());
    let page = get(&a, &url, &[]);
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("علامة-التحديث-الأولى"),
        "the last good page is gone"
    );
    // A page opened now learns about the error as soon as it connects (the overlay shows).
    let mut late = events(&server.addr);
    let data = next_event(&mut late, "problem", Duration::from_secs(10));
    assert!(data.contains("content/articles/one.md"));
    assert!(
        page.body.contains("diwan-error-overlay"),
        "no overlay code in the page"
    );

    // The fix: a reload, which clears the overlay, and the page has the fixed text.
    std::fs::write(&one, format!("{good}\nعلامة-الإصلاح\n")).unwrap();
    next_event(&mut stream, "reload", Duration::from_secs(20));
    let page = get(&a, &url, &[]);
    assert!(page.body.contains("علامة-الإصلاح"));
    let mut fresh = events(&server.addr);
    assert_eq!(
        next_event(&mut fresh, "hello", Duration::from_secs(10)),
        "ok"
    );
}
