//! Front matter: the TOML between `+++` lines at the top of an article, validated into an [`Article`].

use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::markdown;
use crate::error::ContentError;
use crate::model::Article;

/// The front matter as written. Unknown keys are refused.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub title_generated: bool,
    #[serde(default)]
    pub date: Option<toml::Value>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub source_url: Option<String>,
    #[serde(default)]
    pub source_evidence: Option<String>,
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default)]
    pub deck: Option<String>,
    #[serde(default)]
    pub dateline: Option<String>,
    #[serde(default)]
    pub origin: Option<String>,
    #[serde(default)]
    pub origin_sha256: Option<String>,
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub summary: Option<String>,
}

/// Front matter split from the body, with the line each starts on (1-based).
pub struct Split<'a> {
    pub front_matter: &'a str,
    pub front_matter_line: usize,
    pub body: &'a str,
    pub body_line: usize,
}

/// Why a file has no usable front matter: line, message, fix.
pub type SplitError = (usize, String, &'static str);

/// Splits `+++` front matter from the body.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let first = text.lines().next().unwrap_or("");
    if first.trim_end() != "+++" {
        return Err((
            1,
            "missing front matter: the file must start with a line `+++`".into(),
            "add `+++`, the TOML fields (at least `title = \"…\"`), and a closing `+++` line at the top",
        ));
    }
    let after_open = text.find('\n').map(|i| i + 1).unwrap_or(text.len());
    let mut pos = after_open;
    let mut line = 2;
    while pos < text.len() {
        let end = text[pos..]
            .find('\n')
            .map(|i| pos + i + 1)
            .unwrap_or(text.len());
        if text[pos..end].trim_end() == "+++" {
            return Ok(Split {
                front_matter: &text[after_open..pos],
                front_matter_line: 2,
                body: &text[end..],
                body_line: line + 1,
            });
        }
        pos = end;
        line += 1;
    }
    Err((
        1,
        "unclosed front matter: no closing `+++` line".into(),
        "add a line `+++` after the last front-matter field",
    ))
}

/// Parses and validates one article file. `rel` is its path relative to the site root.
pub fn parse_article(rel: &str, text: &str, root: &Path) -> Result<Article, Vec<ContentError>> {
    let Split {
        front_matter: fm_text,
        front_matter_line: fm_line,
        body,
        body_line,
    } = split(text)
        .map_err(|(line, msg, fix)| vec![ContentError::new(rel, Some(line), msg, fix)])?;
    let fm: FrontMatter = toml::from_str(fm_text).map_err(|e| {
        let line = e
            .span()
            .map(|s| fm_line + fm_text[..s.start.min(fm_text.len())].matches('\n').count())
            .unwrap_or(fm_line);
        let msg = e.message().trim().replace('\n', ": ");
        let fix = if msg.contains("date-time") {
            "write the publication date as date = 2021-12-18 (a real calendar day), or remove it if unknown"
        } else if msg.contains("unknown field") {
            "remove the field or fix its spelling (fields: title, date, source, source_url, origin, origin_sha256, slug, draft, summary, …; see the README)"
        } else {
            "write valid TOML: strings in double quotes, dates as 2021-12-18, true/false bare"
        };
        vec![ContentError::new(rel, Some(line), format!("invalid front matter: {msg}"), fix)]
    })?;
    let mut errors = Vec::new();
    let line_of = |key: &str| {
        fm_text
            .lines()
            .position(|l| {
                l.trim_start().starts_with(key)
                    && l[l.find(key).unwrap() + key.len()..]
                        .trim_start()
                        .starts_with('=')
            })
            .map(|i| fm_line + i)
    };
    let date = match &fm.date {
        None => None,
        Some(v) => match parse_date(v) {
            Ok(d) => Some(d),
            Err(msg) => {
                errors.push(ContentError::new(
                    rel,
                    line_of("date"),
                    msg,
                    "write the publication date as date = 2021-12-18 (year-month-day), or remove it if unknown",
                ));
                None
            }
        },
    };
    let blocks = markdown::blocks(body);
    let mut title = fm.title.trim().to_string();
    if title.is_empty() {
        if fm.title_generated {
            title = generated_title(blocks.first().map(|b| b.text.as_str()).unwrap_or(""));
        }
        if title.is_empty() {
            errors.push(ContentError::new(
                rel,
                line_of("title").or(Some(fm_line)),
                "missing title".to_string(),
                "add title = \"…\", or title_generated = true to take one from the lead sentence",
            ));
        }
    }
    let slug = fm.slug.clone().unwrap_or_default();
    if fm.slug.is_some() && !crate::arabic::slug::is_valid_slug(&slug) {
        errors.push(ContentError::new(
            rel,
            line_of("slug"),
            format!("invalid slug `{slug}`"),
            "use one path segment without slashes or spaces, or remove `slug` to derive it from the title",
        ));
    }
    let mut origin_sha256 = fm.origin_sha256.clone();
    if let Some(origin) = &fm.origin {
        let path = root.join(origin);
        let bad_path = origin.starts_with('/') || origin.split(['/', '\\']).any(|c| c == "..");
        match (bad_path, std::fs::read(&path)) {
            (true, _) => errors.push(ContentError::new(
                rel,
                line_of("origin"),
                format!("origin `{origin}` points outside the site"),
                "give the capture's path relative to the site root, such as seeds/x.txt",
            )),
            (false, Err(e)) => errors.push(ContentError::new(
                rel,
                line_of("origin"),
                format!("origin `{origin}` cannot be read: {e}"),
                "put the raw capture at that path (relative to the site root) or fix the path",
            )),
            (false, Ok(bytes)) => {
                let actual = hex::encode(Sha256::digest(&bytes));
                match &fm.origin_sha256 {
                    Some(expected) if !expected.eq_ignore_ascii_case(&actual) => errors.push(ContentError::new(
                        rel,
                        line_of("origin_sha256"),
                        format!("origin_sha256 does not match {origin} (its SHA-256 is {actual})"),
                        "the capture was changed or the hash is wrong: restore the original capture, or set origin_sha256 to the new hash if the change is intended",
                    )),
                    _ => origin_sha256 = Some(actual),
                }
            }
        }
    } else if fm.origin_sha256.is_some() {
        errors.push(ContentError::new(
            rel,
            line_of("origin_sha256"),
            "origin_sha256 without origin".to_string(),
            "add origin = \"seeds/…\" naming the raw capture, or remove origin_sha256",
        ));
    }
    if let Some(url) = &fm.source_url {
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            errors.push(ContentError::new(
                rel,
                line_of("source_url"),
                format!("source_url `{url}` is not an http(s) URL"),
                "write the full address of the original article, starting with https://",
            ));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Article {
        path: rel.to_string(),
        slug,
        title,
        title_generated: fm.title_generated && fm.title.trim().is_empty(),
        date,
        source: fm.source.filter(|s| !s.trim().is_empty()),
        source_url: fm.source_url,
        origin: fm.origin,
        origin_sha256,
        summary: fm.summary,
        dateline: fm.dateline,
        deck: fm.deck.filter(|d| !d.trim().is_empty()),
        author: fm.author.filter(|a| !a.trim().is_empty()),
        draft: fm.draft,
        body: body.into(),
        body_line,
        blocks: blocks.into(),
        entities: Vec::new().into(),
        events: Vec::new().into(),
    })
}

fn parse_date(v: &toml::Value) -> Result<NaiveDate, String> {
    let s = match v {
        toml::Value::Datetime(d) => {
            if d.time.is_some() || d.offset.is_some() {
                // A full timestamp: keep its calendar day.
                d.to_string().chars().take(10).collect()
            } else {
                d.to_string()
            }
        }
        toml::Value::String(s) => s.trim().to_string(),
        other => {
            return Err(format!(
                "invalid date: expected a date such as 2021-12-18, found {}",
                other.type_str()
            ))
        }
    };
    let day: String = s.chars().take(10).collect();
    NaiveDate::parse_from_str(&day, "%Y-%m-%d").map_err(|_| format!("invalid date `{s}`"))
}

/// A title taken from the lead sentence when a capture has none: the first sentence of
/// the text, without a dateline, shortened on a word boundary with an ellipsis.
pub fn generated_title(lead: &str) -> String {
    const MAX_CHARS: usize = 90;
    let text = super::dateline::strip(lead.trim());
    let sentence_end = text
        .char_indices()
        .find(|&(i, c)| {
            matches!(c, '.' | '؟' | '?' | '!' | '؛' | ':')
                && !text[i + c.len_utf8()..].starts_with(|d: char| d.is_ascii_digit())
        })
        .map(|(i, _)| i)
        .unwrap_or(text.len());
    let sentence = text[..sentence_end].trim();
    if sentence.chars().count() <= MAX_CHARS {
        return sentence.to_string();
    }
    let mut out = String::new();
    for word in sentence.split_whitespace() {
        if out.chars().count() + word.chars().count() + 1 > MAX_CHARS {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    let out = out
        .trim_end_matches(['،', ',', '-', '–'])
        .trim_end()
        .to_string();
    format!("{out}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Article, Vec<ContentError>> {
        parse_article("content/articles/x.md", text, Path::new("/nonexistent"))
    }

    #[test]
    fn valid_article() {
        let a = parse("+++\ntitle = \"المغرب يدعو\"\ndate = 2021-12-18\nsource = \"العرب\"\n+++\nفقرة أولى.\n\nفقرة ثانية.\n").unwrap();
        assert_eq!(a.title, "المغرب يدعو");
        assert_eq!(a.date_iso().as_deref(), Some("2021-12-18"));
        assert_eq!(a.blocks.len(), 2);
        assert_eq!(a.body_line, 6);
        let a = parse("+++\ntitle = \"x\"\ndate = \"2021-02-03\"\n+++\n").unwrap();
        assert_eq!(a.date_iso().as_deref(), Some("2021-02-03"));
    }

    #[test]
    fn error_table() {
        let rows: &[(&str, &str)] = &[
            (
                "title = \"x\"\n",
                "content/articles/x.md:1: missing front matter",
            ),
            (
                "+++\ntitle = \"x\"\n",
                "content/articles/x.md:1: unclosed front matter",
            ),
            (
                "+++\ntitle = \"x\"\ntitel = \"y\"\n+++\n",
                "content/articles/x.md:3: invalid front matter: unknown field `titel`",
            ),
            (
                "+++\ntitle = \"x\n+++\n",
                "content/articles/x.md:2: invalid front matter",
            ),
            (
                "+++\ntitle = \"x\"\ndate = \"2021-13-01\"\n+++\n",
                "content/articles/x.md:3: invalid date `2021-13-01`",
            ),
            (
                "+++\ntitle = \"x\"\ndate = 2021\n+++\n",
                "content/articles/x.md:3: invalid date: expected a date",
            ),
            (
                "+++\ndate = 2021-01-01\n+++\nنص\n",
                "content/articles/x.md:2: missing title",
            ),
            (
                "+++\ntitle = \"x\"\nslug = \"a/b\"\n+++\n",
                "content/articles/x.md:3: invalid slug `a/b`",
            ),
            (
                "+++\ntitle = \"x\"\norigin = \"seeds/none.txt\"\n+++\n",
                "content/articles/x.md:3: origin `seeds/none.txt` cannot be read",
            ),
            (
                "+++\ntitle = \"x\"\norigin = \"../etc/passwd\"\n+++\n",
                "points outside the site",
            ),
        ];
        for (text, expected) in rows {
            let errs = parse(text).unwrap_err();
            let shown = errs
                .iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("\n");
            assert!(
                shown.contains(expected),
                "{text:?} gave\n{shown}\nexpected {expected:?}"
            );
        }
    }

    #[test]
    fn generated_title_from_lead() {
        let rows: &[(&str, &str)] = &[
            ("الرباط - نجحت الأجهزة الأمنية في تفكيك خلية. وتؤكد الأرقام ذلك.", "نجحت الأجهزة الأمنية في تفكيك خلية"),
            ("يُسلط اليوم الدولي للتعاون بين أجهزة الشرطة، الذي يُحتفل به في السابع من شتنبر من كل سنة، الضوء على الدور الحيوي للمؤسسة الأمنية المغربية في تعزيز التعاون الدولي", "يُسلط اليوم الدولي للتعاون بين أجهزة الشرطة، الذي يُحتفل به في السابع من شتنبر من كل سنة…"),
        ];
        for (lead, expected) in rows {
            assert_eq!(generated_title(lead), *expected);
        }
    }
}
