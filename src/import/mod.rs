//! `diwan import`: raw captures (text, Markdown, saved web pages) become articles in
//! `content/articles/`, with the original bytes kept in the originals folder and fingerprinted.
//!
//! The pipeline of one capture, top to bottom: decode → (HTML: extract) → clean → metadata →
//! structure → front matter and Markdown. [`convert`] does it without I/O; [`run`] adds the
//! files: originals, articles, and the safety rules (no overwrite without `force`, dry runs).

pub mod clean;
pub mod decode;
pub mod header;
pub mod html;
pub mod metadata;
pub mod structure;

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::config::Settings;
use crate::content::{relative, ARTICLES_DIR};
use clean::Boilerplate;

/// What the source of a line says about its role (saved pages know; text captures do not).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hint {
    /// A plain text line: structure decides.
    Text,
    /// The page's `<h1>`.
    Title,
    Heading,
    Caption,
    Paragraph,
}

/// One line of a capture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub text: String,
    pub hint: Hint,
}

impl Line {
    /// A plain text line.
    pub fn text(text: &str) -> Line {
        Line {
            text: text.to_string(),
            hint: Hint::Text,
        }
    }
}

/// The kinds of capture the importer reads, by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaptureKind {
    Text,
    Markdown,
    Html,
}

impl CaptureKind {
    pub fn of(path: &Path) -> Option<CaptureKind> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(CaptureKind::Text),
            "md" | "markdown" => Some(CaptureKind::Markdown),
            "html" | "htm" | "xhtml" => Some(CaptureKind::Html),
            _ => None,
        }
    }
}

/// Values given on the command line that win over detection.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub source: Option<String>,
    pub date: Option<NaiveDate>,
}

/// The front matter the importer writes, in this order. Serialized with the toml crate, so
/// quotes and backslashes in titles are escaped by the serializer.
#[derive(Debug, Serialize)]
struct ImportedFrontMatter {
    title: String,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    title_generated: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<toml::value::Datetime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source_evidence: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    deck: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dateline: Option<String>,
    origin: String,
    origin_sha256: String,
}

/// A converted capture.
#[derive(Debug, Clone)]
pub struct Converted {
    /// The whole article file: front matter and Markdown body.
    pub article: String,
    pub title: Option<String>,
    pub source: Option<String>,
    pub date: Option<NaiveDate>,
    pub encoding: &'static str,
    /// Lines removed as boilerplate.
    pub removed: Vec<(String, clean::Removal)>,
    pub warnings: Vec<String>,
}

/// SHA-256 of the capture bytes, hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn toml_date(d: NaiveDate) -> toml::value::Datetime {
    d.format("%Y-%m-%d")
        .to_string()
        .parse()
        .expect("a formatted date is a TOML date")
}

/// Text lines of a text or Markdown capture; Markdown headings keep their role.
fn text_lines(text: &str, kind: CaptureKind) -> Vec<Line> {
    text.lines()
        .map(|l| {
            let t = l.trim();
            if kind == CaptureKind::Markdown && t.starts_with('#') {
                let level = t.chars().take_while(|&c| c == '#').count();
                let rest = t[level..].trim();
                if (1..=6).contains(&level) && (rest.is_empty() || t[level..].starts_with(' ')) {
                    let hint = if level == 1 {
                        Hint::Title
                    } else {
                        Hint::Heading
                    };
                    return Line {
                        text: rest.to_string(),
                        hint,
                    };
                }
            }
            Line::text(t)
        })
        .filter(|l| !l.text.is_empty())
        .collect()
}

/// Converts one capture into an article, without touching the disk. `origin` is the path the
/// article will record (relative to the site root).
pub fn convert(
    bp: &Boilerplate,
    bytes: &[u8],
    kind: CaptureKind,
    origin: &str,
    overrides: &Overrides,
) -> Result<Converted> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        bail!("the capture is empty");
    }
    let decoded = decode::decode(bytes);
    let mut warnings = Vec::new();
    if decoded.had_errors {
        warnings.push(format!(
            "some bytes are not valid {}: they were replaced by �",
            decoded.encoding
        ));
    }
    if decoded.encoding != "UTF-8" {
        warnings.push(format!("read as {}", decoded.encoding));
    }
    let (lines, page, page_lines) = match kind {
        CaptureKind::Html => {
            let page = html::extract(&decoded.text);
            (page.lines, Some(page.meta), page.page_lines)
        }
        _ => (text_lines(&decoded.text, kind), None, Vec::new()),
    };
    let all_text: Vec<&str> = lines
        .iter()
        .map(|l| l.text.as_str())
        .chain(page_lines.iter().map(String::as_str))
        .collect();
    let chrome_source = metadata::source_from_chrome(bp, &all_text);
    // Outlet names stated anywhere in the capture: a first line naming one is the masthead.
    let attributed = metadata::source_from_attribution(bp, &all_text);
    let names: Vec<String> = chrome_source
        .iter()
        .chain(&attributed)
        .map(|s| s.name.clone())
        .collect();
    let top = header::strip(bp, lines, &names);
    let cleaned = clean::clean(bp, top.lines);
    let mut removed = top.removed;
    removed.extend(cleaned.removed);

    // Metadata lines leave the body: the stated publication date (a "نشر في" line anywhere, a
    // bare timestamp above the lead) and a byline near the edges.
    let mut stated_date = top.date;
    // The last update's date, taken when no line states the publication date.
    let mut updated_date = None;
    let mut author = page.as_ref().and_then(|m| m.author.clone());
    let n = cleaned.lines.len();
    let mut body_lines = Vec::with_capacity(n);
    let mut lead_seen = false;
    // The date each line states: as a "نشر في" line (taken anywhere) and as a bare timestamp
    // (taken above the lead), read once for the loop and the byline look-ahead below.
    let dates: Vec<(Option<metadata::StampLine>, Option<NaiveDate>)> = cleaned
        .lines
        .iter()
        .map(|l| {
            (
                metadata::published_line(bp, &l.text),
                metadata::timestamp(&l.text),
            )
        })
        .collect();
    let dated = |i: usize| {
        dates
            .get(i)
            .is_some_and(|(p, t)| p.is_some() || t.is_some())
    };
    for (i, line) in cleaned.lines.into_iter().enumerate() {
        if line.hint != Hint::Title && line.hint != Hint::Heading {
            let (published, timestamp) = &dates[i];
            if let Some((stamp, by)) = published {
                if stamp.updated {
                    updated_date.get_or_insert(stamp.date);
                } else {
                    stated_date.get_or_insert(stamp.date);
                }
                if let Some(a) = by {
                    author.get_or_insert(a.clone());
                }
                continue;
            }
            if let Some(d) = timestamp.filter(|_| !lead_seen) {
                stated_date.get_or_insert(d);
                continue;
            }
            if i < 5 || i + 3 >= n {
                if let Some(a) = metadata::byline(bp, &line.text) {
                    author.get_or_insert(a);
                    continue;
                }
            }
            // A name alone under the headline, over or under the date line: the author's
            // ("بغداد ــ سيف الدين العبيدي", "عبدالله الزهراني (الظهران)").
            // (Not a caption there: "مقر البنك المركزي بوسط القاهرة - صورة أرشيفية".)
            if !lead_seen
                && (1..5).contains(&i)
                && (dated(i + 1) || dated(i - 1))
                && !structure::is_caption(bp, &line.text)
            {
                if let Some(a) = metadata::bare_byline(&line.text) {
                    author.get_or_insert(a);
                    continue;
                }
            }
        }
        lead_seen |= clean::ends_sentence(&line.text) || line.hint == Hint::Paragraph;
        body_lines.push(line);
    }
    let title_known = page.as_ref().and_then(|m| m.title.clone());
    let s = structure::structure(bp, &body_lines, title_known.as_deref());
    if !s
        .blocks
        .iter()
        .any(|b| b.kind == structure::BlockKind::Paragraph)
    {
        bail!("no article text was found in the capture");
    }

    let paragraphs: Vec<&str> = s
        .blocks
        .iter()
        .filter(|b| b.kind == structure::BlockKind::Paragraph)
        .map(|b| b.text.as_str())
        .collect();
    let page_source = page
        .as_ref()
        .and_then(|m| m.site_name.clone())
        .map(|(n, e)| metadata::SourceEvidence {
            name: metadata::prefer_arabic(&n),
            evidence: e,
        });
    let in_text = metadata::source_from_attribution(bp, &paragraphs);
    let masthead = top.masthead.map(|m| {
        let forms: Vec<metadata::SourceEvidence> =
            top.credits.iter().cloned().chain(in_text.clone()).collect();
        metadata::resolve_outlet(m, &forms)
    });
    let detected = page_source.or(masthead).or(chrome_source).or(in_text);
    let (source, source_evidence) = match (&overrides.source, detected) {
        (Some(given), _) => (Some(given.clone()), Some("--source".to_string())),
        (None, Some(d)) => (Some(d.name), Some(d.evidence)),
        (None, None) => {
            warnings.push("no source found in the capture (give it with --source)".into());
            (None, None)
        }
    };
    let page_date = page
        .as_ref()
        .and_then(|m| m.published.as_deref())
        .and_then(metadata::parse_date);
    let date = overrides
        .date
        .or(page_date)
        .or(stated_date)
        .or(updated_date);
    if s.title.is_none() {
        warnings.push("no title line: the title is generated from the lead sentence".into());
    }

    let fm = ImportedFrontMatter {
        title: s.title.clone().unwrap_or_default(),
        title_generated: s.title.is_none(),
        date: date.map(toml_date),
        source: source.clone(),
        source_url: page.as_ref().and_then(|m| m.canonical.clone()),
        source_evidence,
        author,
        deck: s.deck.clone(),
        dateline: s.dateline.clone().or(top.place),
        origin: origin.to_string(),
        origin_sha256: sha256_hex(bytes),
    };
    let front = toml::to_string(&fm).context("cannot serialize the front matter")?;
    let article = format!("+++\n{front}+++\n{}", structure::to_markdown(&s.blocks));
    Ok(Converted {
        article,
        title: s.title,
        source,
        date,
        encoding: decoded.encoding,
        removed,
        warnings,
    })
}

/// Options of one import run.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub paths: Vec<PathBuf>,
    pub overrides: Overrides,
    pub force: bool,
    pub dry_run: bool,
}

/// What happened to one capture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Imported,
    /// The article exists and is already what the import would write.
    Unchanged,
    /// The article exists with other content and `force` was not given.
    Skipped,
    /// A dry run: what would be written.
    WouldWrite,
    Failed,
}

/// The outcome of one capture.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub input: PathBuf,
    pub status: Status,
    /// The article path relative to the site root.
    pub article: Option<String>,
    pub title: Option<String>,
    pub warnings: Vec<String>,
    pub error: Option<String>,
    /// The article text, for dry runs.
    pub text: Option<String>,
}

/// The captures named by `paths`: files as given, folders walked for known extensions.
pub fn collect_inputs(paths: &[PathBuf]) -> Vec<Result<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let found: Vec<PathBuf> = walkdir::WalkDir::new(p)
                .sort_by_file_name()
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file() && CaptureKind::of(e.path()).is_some())
                .map(|e| e.into_path())
                .collect();
            if found.is_empty() {
                out.push(Err(anyhow::anyhow!(
                    "{}: no .txt, .md or .html captures in this folder",
                    p.display()
                )));
            }
            out.extend(found.into_iter().map(Ok));
        } else {
            out.push(Ok(p.clone()));
        }
    }
    out
}

/// Imports every capture; one failure does not stop the batch.
pub fn run(settings: &Settings, opts: &Options) -> Result<Vec<Outcome>> {
    let bp = Boilerplate::with_extra(&settings.import.patterns)?;
    let mut outcomes = Vec::new();
    for input in collect_inputs(&opts.paths) {
        let outcome = match input {
            Ok(path) => import_one(settings, &bp, &path, opts).unwrap_or_else(|e| Outcome {
                input: path.clone(),
                status: Status::Failed,
                article: None,
                title: None,
                warnings: Vec::new(),
                error: Some(format!("{e:#}")),
                text: None,
            }),
            Err(e) => Outcome {
                input: PathBuf::new(),
                status: Status::Failed,
                article: None,
                title: None,
                warnings: Vec::new(),
                error: Some(format!("{e:#}")),
                text: None,
            },
        };
        outcomes.push(outcome);
    }
    Ok(outcomes)
}

fn import_one(
    settings: &Settings,
    bp: &Boilerplate,
    path: &Path,
    opts: &Options,
) -> Result<Outcome> {
    let kind = CaptureKind::of(path).with_context(|| {
        format!(
            "{}: not a capture diwan reads (expected .txt, .md, .html or .htm)",
            path.display()
        )
    })?;
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .filter(|s| !s.is_empty())
        .with_context(|| format!("{}: the file name is not valid UTF-8", path.display()))?;
    let file_name = path.file_name().unwrap().to_string_lossy().into_owned();

    // The original: kept where it is when already in the originals folder, else copied there.
    let originals = &settings.import.originals;
    let in_originals = match (path.canonicalize(), originals.canonicalize()) {
        (Ok(p), Ok(o)) => p.starts_with(&o).then_some(p),
        _ => None,
    };
    let (origin_path, copy_needed) = match &in_originals {
        Some(p) => (p.clone(), false),
        None => {
            let dest = originals.join(&file_name);
            match std::fs::read(&dest) {
                Ok(existing) if existing == bytes => (dest, false),
                Ok(_) => bail!(
                    "{} already holds a different capture named {file_name}: rename the capture",
                    dest.display()
                ),
                Err(_) => (dest, true),
            }
        }
    };
    let root = settings
        .root
        .canonicalize()
        .unwrap_or_else(|_| settings.root.clone());
    let origin = if copy_needed {
        // The folder may not exist yet: spell the path from the settings, not the disk.
        format!("{}/{file_name}", relative(&settings.root, originals))
    } else {
        relative(
            &root,
            &origin_path.canonicalize().unwrap_or(origin_path.clone()),
        )
    };
    if origin.starts_with('/') || origin.split('/').any(|c| c == "..") {
        bail!(
            "the originals folder {} is outside the site",
            originals.display()
        );
    }

    let converted = convert(bp, &bytes, kind, &origin, &opts.overrides)
        .with_context(|| path.display().to_string())?;
    let article_rel = format!("{ARTICLES_DIR}/{stem}.md");
    let article_path = settings.root.join(&article_rel);
    let mut outcome = Outcome {
        input: path.to_path_buf(),
        status: Status::Imported,
        article: Some(article_rel.clone()),
        title: converted.title.clone(),
        warnings: converted.warnings.clone(),
        error: None,
        text: None,
    };
    let existing = std::fs::read_to_string(&article_path).ok();
    if existing.as_deref() == Some(converted.article.as_str()) && !copy_needed {
        outcome.status = Status::Unchanged;
        return Ok(outcome);
    }
    if existing.is_some() && !opts.force {
        outcome.status = Status::Skipped;
        outcome.warnings.push(format!(
            "{article_rel} exists and differs: pass --force to replace it"
        ));
        return Ok(outcome);
    }
    if opts.dry_run {
        outcome.status = Status::WouldWrite;
        outcome.text = Some(converted.article);
        return Ok(outcome);
    }
    if copy_needed {
        std::fs::create_dir_all(originals)
            .with_context(|| format!("cannot create {}", originals.display()))?;
        std::fs::copy(path, &origin_path).with_context(|| {
            format!(
                "cannot copy {} to {}",
                path.display(),
                origin_path.display()
            )
        })?;
    }
    let dir = article_path.parent().expect("articles folder");
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    std::fs::write(&article_path, &converted.article)
        .with_context(|| format!("cannot write {}", article_path.display()))?;
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

        #[test]
        fn text_cleaner_never_panics(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..600)) {
            let bp = Boilerplate::bundled();
            let _ = convert(&bp, &bytes, CaptureKind::Text, "seeds/x.txt", &Overrides::default());
        }

        #[test]
        fn arabic_text_never_panics(text in "[\\u0600-\\u06FF \\n.،:«»()|\\-0-9a-z]{0,400}") {
            let bp = Boilerplate::bundled();
            let _ = convert(&bp, text.as_bytes(), CaptureKind::Text, "seeds/x.txt", &Overrides::default());
        }

        #[test]
        fn html_extractor_never_panics(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..600)) {
            let bp = Boilerplate::bundled();
            let _ = convert(&bp, &bytes, CaptureKind::Html, "seeds/x.html", &Overrides::default());
        }

        #[test]
        fn html_tags_never_panic(body in "(<(p|div|h2|figure|figcaption|script|a|br|article|nav)>|</(p|div|h2|figure|figcaption|script|a|article|nav)>|[\\u0627-\\u064A ]{1,12}|\\.){0,60}") {
            let bp = Boilerplate::bundled();
            let page = format!("<html><head><title>t</title></head><body>{body}</body></html>");
            let _ = convert(&bp, page.as_bytes(), CaptureKind::Html, "seeds/x.html", &Overrides::default());
        }
    }

    #[test]
    fn titles_with_quotes_round_trip_through_the_front_matter() {
        let bp = Boilerplate::bundled();
        let capture =
            "\"حصان الإرهاب\" يجر \"عربة\" بين المغرب و'أوروبا' \\ \nالرباط - فقرة أولى.\n";
        let c = convert(
            &bp,
            capture.as_bytes(),
            CaptureKind::Text,
            "seeds/q.txt",
            &Overrides::default(),
        )
        .unwrap();
        let split = crate::content::front_matter::split(&c.article).unwrap();
        let fm: crate::content::front_matter::FrontMatter =
            toml::from_str(split.front_matter).unwrap();
        assert_eq!(
            fm.title,
            "\"حصان الإرهاب\" يجر \"عربة\" بين المغرب و'أوروبا' \\"
        );
        assert_eq!(fm.dateline.as_deref(), Some("الرباط"));
    }

    #[test]
    fn empty_capture_is_an_error() {
        let bp = Boilerplate::bundled();
        for bytes in [&b""[..], b"  \n\r\n ", b"Exit mobile version\n"] {
            assert!(convert(
                &bp,
                bytes,
                CaptureKind::Text,
                "seeds/e.txt",
                &Overrides::default()
            )
            .is_err());
        }
    }
}
