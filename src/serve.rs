//! `diwan serve`: builds and watches the site (see [`crate::watch`]) and serves the output
//! directory over HTTP on loopback, with live reload over Server-Sent Events and an error
//! overlay; the reload script is added to HTML responses here, never to the files on disk.
//!
//! Files are served from the output directory rather than from memory: the watcher writes
//! there anyway (the directory must equal a clean build), each file is swapped in by rename so
//! a reader never sees half of one, and memory stays small at 10,000 articles.

use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use anyhow::{Context, Result};
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use futures_util::stream::{self, Stream};
use futures_util::StreamExt;
use tokio::sync::broadcast;

use crate::watch::{self, Event, Problem, Session, WatchOptions};

/// The port `diwan serve` listens on unless `--port` says otherwise.
pub const DEFAULT_PORT: u16 = 8088;

/// Where the live-reload event stream is served; no site path starts with `__diwan`.
pub const EVENTS_PATH: &str = "/__diwan/events";

/// Options of `diwan serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    pub watch: WatchOptions,
}

/// What the browser is told.
#[derive(Debug, Clone)]
enum Message {
    /// Rebuild `build` wrote these pages ahead of the rest: a page shown from one of them
    /// reloads now.
    Pages { build: u64, paths: Vec<String> },
    /// Rebuild `build` is done: reload the page (unless it already did for this build).
    Reload { build: u64 },
    /// The build failed: show these problems.
    Problems(Vec<Problem>),
}

/// State shared by the request handlers and the watcher.
struct Live {
    /// The output directory.
    dir: PathBuf,
    /// Problems of the last rebuild (empty when it succeeded), kept by the watcher.
    problems: Arc<Mutex<Vec<Problem>>>,
    tx: broadcast::Sender<Message>,
}

/// Builds, serves and watches until the process is stopped.
pub fn run(mut session: Session, opts: ServeOptions) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the server runtime")?;
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(SocketAddr::new(
            opts.bind, opts.port,
        )))
        .with_context(|| format!("cannot listen on {}:{}", opts.bind, opts.port))?;
    let addr = listener.local_addr()?;
    // The first build happens before the URL is printed, so the URL always serves a site.
    let (first_tx, first_rx) = std::sync::mpsc::channel::<Option<PathBuf>>();
    let (tx, _) = broadcast::channel::<Message>(64);
    let problems: Arc<Mutex<Vec<Problem>>> = Arc::default();
    // Rebuilds are numbered so that a page reloaded by the early pages of one is not
    // reloaded again when that rebuild is done.
    let builds = Arc::new(std::sync::atomic::AtomicU64::new(0));
    {
        let (tx, problems, builds) = (tx.clone(), problems.clone(), builds.clone());
        session.on_early_pages(Box::new(move |paths| {
            // The content loaded and was analysed: what was wrong is fixed.
            problems.lock().unwrap().clear();
            let build = builds.load(std::sync::atomic::Ordering::SeqCst) + 1;
            let _ = tx.send(Message::Pages {
                build,
                paths: paths.to_vec(),
            });
        }));
    }
    let watcher = {
        let tx = tx.clone();
        let problems = problems.clone();
        let watch_opts = opts.watch.clone();
        std::thread::Builder::new()
            .name("watch".into())
            .spawn(move || {
                let mut first = Some(first_tx);
                let result = watch::run(
                    &mut session,
                    &watch_opts,
                    &mut |event| {
                        let msg = match event {
                            Event::Rebuilt(_) => {
                                problems.lock().unwrap().clear();
                                Message::Reload {
                                    build: builds.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
                                        + 1,
                                }
                            }
                            Event::Failed { problems: p, .. } => {
                                *problems.lock().unwrap() = p.clone();
                                Message::Problems(p.clone())
                            }
                        };
                        let _ = tx.send(msg);
                        if let Some(f) = first.take() {
                            let _ = f.send(session_output(event));
                        }
                    },
                    &|| false,
                );
                if let Err(e) = result {
                    eprintln!("error: watching stopped: {e:#}");
                }
            })?
    };
    let dir = match first_rx.recv() {
        Ok(Some(dir)) => dir,
        _ => {
            // The first build failed before the settings were read: nothing to serve.
            drop(watcher);
            anyhow::bail!("the first build failed; fix the error above and run diwan serve again");
        }
    };
    let live = Arc::new(Live { dir, problems, tx });
    println!(
        "serving {} at http://{addr}/ (Ctrl-C to stop)",
        live.dir.display()
    );
    use std::io::Write;
    let _ = std::io::stdout().flush();
    runtime.block_on(async move {
        axum::serve(listener, router(live))
            .await
            .context("the server stopped")
    })
}

/// The output directory once the settings are known (carried by the first event).
fn session_output(event: &Event) -> Option<PathBuf> {
    match event {
        Event::Rebuilt(r) => Some(r.output.clone()),
        Event::Failed { output, .. } => output.clone(),
    }
}

fn router(live: Arc<Live>) -> Router {
    Router::new()
        .route(EVENTS_PATH, get(events))
        .fallback(file)
        .with_state(live)
}

/// The live-reload stream: the current problems on connect, then every rebuild.
async fn events(
    State(live): State<Arc<Live>>,
) -> Sse<impl Stream<Item = Result<SseEvent, Infallible>>> {
    let rx = live.tx.subscribe();
    let now = live.problems.lock().unwrap().clone();
    let hello = if now.is_empty() {
        SseEvent::default().event("hello").data("ok")
    } else {
        problem_event(&now)
    };
    let rest = stream::unfold(rx, |mut rx| async move {
        loop {
            match rx.recv().await {
                Ok(Message::Pages { build, paths }) => {
                    let data = serde_json::json!({ "build": build, "paths": paths });
                    let e = SseEvent::default().event("pages").data(data.to_string());
                    return Some((Ok::<_, Infallible>(e), rx));
                }
                Ok(Message::Reload { build }) => {
                    let data = serde_json::json!({ "build": build });
                    let e = SseEvent::default().event("reload").data(data.to_string());
                    return Some((Ok::<_, Infallible>(e), rx));
                }
                Ok(Message::Problems(p)) => return Some((Ok(problem_event(&p)), rx)),
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(stream::once(async move { Ok::<_, Infallible>(hello) }).chain(rest))
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

fn problem_event(p: &[Problem]) -> SseEvent {
    SseEvent::default()
        .event("problem")
        .data(serde_json::to_string(p).unwrap_or_default())
}

/// Why a request path cannot be served.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Tries to leave the output directory (`..`, backslashes, NUL, bad encoding).
    Forbidden,
}

/// Turns a request path into a path relative to the output directory: percent-decoded
/// (Arabic paths arrive encoded), split on `/`, empty and `.` segments dropped, and refused
/// when any segment would climb out or smuggles a separator.
pub fn request_path(raw: &str) -> Result<Vec<String>, Refusal> {
    if raw.contains('\\') {
        return Err(Refusal::Forbidden);
    }
    let decoded = percent_encoding::percent_decode_str(raw)
        .decode_utf8()
        .map_err(|_| Refusal::Forbidden)?;
    let mut parts = Vec::new();
    for seg in decoded.split('/') {
        match seg {
            "" | "." => {}
            ".." => return Err(Refusal::Forbidden),
            s if s.contains(['\\', '\0']) || (s.len() >= 2 && s.as_bytes()[1] == b':') => {
                return Err(Refusal::Forbidden)
            }
            s => parts.push(s.to_string()),
        }
    }
    Ok(parts)
}

/// The content type of an output file, by extension; text types say their charset.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "atom" => "application/atom+xml; charset=utf-8",
        "rss" => "application/rss+xml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        "gz" => "application/gzip",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

/// Serves a file of the output directory.
async fn file(
    State(live): State<Arc<Live>>,
    method: Method,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut r = (StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD\n").into_response();
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let parts = match request_path(uri.path()) {
        Ok(p) => p,
        Err(Refusal::Forbidden) => return forbidden(),
    };
    let Ok(root) = tokio::fs::canonicalize(&live.dir).await else {
        return not_found(&live).await;
    };
    let mut path = root.clone();
    path.extend(&parts);
    let Ok(meta) = tokio::fs::metadata(&path).await else {
        return not_found(&live).await;
    };
    if meta.is_dir() {
        if !uri.path().ends_with('/') {
            let mut to = format!("{}/", uri.path());
            if let Some(q) = uri.query() {
                to = format!("{to}?{q}");
            }
            return Response::builder()
                .status(StatusCode::MOVED_PERMANENTLY)
                .header(header::LOCATION, to)
                .body(Body::empty())
                .unwrap();
        }
        path.push("index.html");
    }
    // Symlinks may point anywhere: serve only what really lies inside the output.
    let Ok(real) = tokio::fs::canonicalize(&path).await else {
        return not_found(&live).await;
    };
    if !real.starts_with(&root) {
        return forbidden();
    }
    match tokio::fs::metadata(&real).await {
        Ok(m) if m.is_file() => send(&live, &real, &m, &headers, StatusCode::OK).await,
        _ => not_found(&live).await,
    }
}

fn forbidden() -> Response {
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "403 forbidden: the path leaves the output directory\n",
    )
        .into_response()
}

/// The site's own 404 page, with status 404.
async fn not_found(live: &Live) -> Response {
    let page = live.dir.join("404.html");
    if let Ok(m) = tokio::fs::metadata(&page).await {
        if m.is_file() {
            return send(live, &page, &m, &HeaderMap::new(), StatusCode::NOT_FOUND).await;
        }
    }
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "404 not found\n",
    )
        .into_response()
}

/// Sends a file with its type, validators and, for HTML, the live-reload script.
async fn send(
    _live: &Live,
    path: &Path,
    meta: &std::fs::Metadata,
    headers: &HeaderMap,
    status: StatusCode,
) -> Response {
    let modified = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
    let nanos = modified
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let etag = format!("\"{:x}-{:x}\"", meta.len(), nanos);
    let last_modified = httpdate::fmt_http_date(modified);
    if status == StatusCode::OK && not_modified(headers, &etag, modified) {
        return Response::builder()
            .status(StatusCode::NOT_MODIFIED)
            .header(header::ETAG, &etag)
            .header(header::LAST_MODIFIED, &last_modified)
            .body(Body::empty())
            .unwrap();
    }
    let Ok(mut bytes) = tokio::fs::read(path).await else {
        return (StatusCode::NOT_FOUND, "404 not found\n").into_response();
    };
    let kind = content_type(path);
    if kind.starts_with("text/html") {
        bytes = inject_live_reload(bytes);
    }
    let mut r = Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, kind)
        .header(header::CACHE_CONTROL, "no-cache")
        .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    if status == StatusCode::OK {
        r = r
            .header(header::ETAG, &etag)
            .header(header::LAST_MODIFIED, &last_modified);
    }
    r.header(header::CONTENT_LENGTH, bytes.len())
        .body(Body::from(bytes))
        .unwrap()
}

/// Whether the client's copy is current (`If-None-Match` wins over `If-Modified-Since`).
fn not_modified(headers: &HeaderMap, etag: &str, modified: SystemTime) -> bool {
    if let Some(inm) = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
    {
        return inm
            .split(',')
            .map(|t| t.trim().trim_start_matches("W/"))
            .any(|t| t == etag || t == "*");
    }
    if let Some(since) = headers
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| httpdate::parse_http_date(v).ok())
    {
        // HTTP dates have whole seconds.
        let secs = |t: SystemTime| {
            t.duration_since(SystemTime::UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0)
        };
        return secs(modified) <= secs(since);
    }
    false
}

/// The live-reload client: reloads on a rebuild (early, when the rebuild writes this page
/// ahead of the rest), shows an overlay with the build's problems.
pub const LIVE_RELOAD_SCRIPT: &str = r#"<script>/* diwan serve: live reload */
(function () {
  var box = null;
  function hide() { if (box) { box.remove(); box = null; } }
  function show(problems) {
    hide();
    box = document.createElement("div");
    box.id = "diwan-error-overlay";
    box.setAttribute("role", "alert");
    box.setAttribute("dir", "ltr");
    box.style.cssText = "position:fixed;inset:0;z-index:2147483647;background:rgba(20,0,0,.92);color:#fff;font:14px/1.5 monospace;padding:2rem;overflow:auto;white-space:pre-wrap;text-align:left";
    var h = document.createElement("strong");
    h.textContent = "diwan: the build failed; the last good output is shown until it is fixed";
    box.appendChild(h);
    problems.forEach(function (p) {
      var d = document.createElement("div");
      d.className = "diwan-problem";
      d.style.marginTop = "1rem";
      d.textContent = (p.file || "") + (p.line ? ":" + p.line : "") + (p.file ? ": " : "") + p.message;
      box.appendChild(d);
    });
    document.body.appendChild(box);
  }
  // This page's file in the output (served from the root): a folder's is its index.html.
  var self = decodeURIComponent(location.pathname).replace(/^\/+/, "");
  if (self === "" || self.slice(-1) === "/") self += "index.html";
  var KEY = "diwan-reloaded-for";
  var es = new EventSource("/__diwan/events");
  // A rebuild writes the edited pages first: the page reloads as soon as its file is new,
  // and not again when that rebuild ends.
  es.addEventListener("pages", function (e) {
    var d = JSON.parse(e.data);
    if (d.paths.indexOf(self) < 0) return;
    try { sessionStorage.setItem(KEY, String(d.build)); } catch (x) {}
    hide();
    location.reload();
  });
  es.addEventListener("reload", function (e) {
    hide();
    var done = null;
    try { done = sessionStorage.getItem(KEY); } catch (x) {}
    if (done !== null && done === String(JSON.parse(e.data).build)) return;
    location.reload();
  });
  es.addEventListener("problem", function (e) { show(JSON.parse(e.data)); });
})();
</script>"#;

/// Adds the live-reload script before `</body>` (or at the end).
pub fn inject_live_reload(mut html: Vec<u8>) -> Vec<u8> {
    let script = LIVE_RELOAD_SCRIPT.as_bytes();
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    html.splice(at..at, script.iter().copied());
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_paths() {
        let ok: &[(&str, &[&str])] = &[
            ("/", &[]),
            ("/index.html", &["index.html"]),
            ("/articles/%D9%85%D8%BA%D8%B1%D8%A8/", &["articles", "مغرب"]),
            ("//articles/./x", &["articles", "x"]),
            ("/a%20b", &["a b"]),
        ];
        for (raw, want) in ok {
            assert_eq!(request_path(raw).unwrap(), *want, "{raw}");
        }
        for raw in [
            "/../etc/passwd",
            "/a/../../x",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc",
            "/a%2f..%2f..%2fetc",
            "/..%5c..%5cetc",
            "/a\\b",
            "/C:/Windows",
            "/a%00b",
            "/%ff%fe",
        ] {
            assert_eq!(request_path(raw), Err(Refusal::Forbidden), "{raw}");
        }
    }

    #[test]
    fn content_types() {
        for (name, want) in [
            ("a.html", "text/html; charset=utf-8"),
            ("style.css", "text/css; charset=utf-8"),
            ("s.js", "text/javascript; charset=utf-8"),
            ("data/articles.json", "application/json"),
            ("i.svg", "image/svg+xml"),
            ("f.woff2", "font/woff2"),
            ("OFL.txt", "text/plain; charset=utf-8"),
            ("feed.xml", "application/xml; charset=utf-8"),
            ("blob", "application/octet-stream"),
        ] {
            assert_eq!(content_type(Path::new(name)), want, "{name}");
        }
    }

    #[test]
    fn script_goes_before_body_end() {
        let out = inject_live_reload(b"<html><body><p>x</p></body></html>".to_vec());
        let s = String::from_utf8(out).unwrap();
        assert!(s.contains("</script></body></html>"), "{s}");
        let out = inject_live_reload(b"<p>no body".to_vec());
        assert!(String::from_utf8(out).unwrap().ends_with("</script>"));
    }
}
