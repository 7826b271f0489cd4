//! The data exports under `data/`: a documented, stable JSON schema for other tools.

use serde::Serialize;

use crate::model::{Archive, Article, Precision};
use crate::render::format::encode_path;

/// One article in `data/articles.json`.
#[derive(Serialize)]
pub struct ArticleRecord<'a> {
    pub slug: &'a str,
    /// Relative to the site root, percent-encoded.
    pub url: String,
    pub title: &'a str,
    pub title_generated: bool,
    pub date: Option<String>,
    pub source: Option<&'a str>,
    pub source_url: Option<&'a str>,
    pub origin: Option<&'a str>,
    pub origin_sha256: Option<&'a str>,
    pub entities: Vec<EntityRecord<'a>>,
    pub events: Vec<EventRecord<'a>>,
}

#[derive(Serialize)]
pub struct EntityRecord<'a> {
    pub id: &'a str,
    pub name: &'a str,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub aliases: &'a [String],
    /// Surface strings as they appear in the text, without attached proclitics, deduplicated.
    pub mentions: Vec<&'a str>,
    pub automatic: bool,
}

#[derive(Serialize)]
pub struct EventRecord<'a> {
    pub date: &'a str,
    pub edtf: &'a str,
    pub precision: Precision,
    pub text: &'a str,
    pub surface: &'a str,
    pub approximate: bool,
    /// Anchor of the paragraph in the article page.
    pub anchor: &'a str,
    pub entities: &'a [String],
}

/// The record of one article.
pub fn article_record<'a>(archive: &'a Archive, a: &'a Article) -> ArticleRecord<'a> {
    ArticleRecord {
        slug: &a.slug,
        url: encode_path(&crate::render::article_path(&a.slug)),
        title: &a.title,
        title_generated: a.title_generated,
        date: a.date_iso(),
        source: a.source.as_deref(),
        source_url: a.source_url.as_deref(),
        origin: a.origin.as_deref(),
        origin_sha256: a.origin_sha256.as_deref(),
        entities: a
            .entities
            .iter()
            .filter_map(|ae| {
                let e = archive.entity(&ae.id)?;
                let mut mentions: Vec<&str> = Vec::new();
                for m in &ae.mentions {
                    if !mentions.contains(&m.surface.as_str()) {
                        mentions.push(&m.surface);
                    }
                }
                Some(EntityRecord {
                    id: &e.id,
                    name: &e.name,
                    kind: e.kind.as_str(),
                    aliases: &e.aliases,
                    mentions,
                    automatic: e.origin == crate::model::EntityOrigin::Discovered,
                })
            })
            .collect(),
        events: a
            .events
            .iter()
            .map(|ev| EventRecord {
                date: &ev.date,
                edtf: &ev.edtf,
                precision: ev.precision,
                text: &ev.text,
                surface: &ev.surface,
                approximate: ev.approximate,
                anchor: &a.blocks[ev.block].anchor,
                entities: &ev.entities,
            })
            .collect(),
    }
}

/// A JSON array with one record per line: compact, yet line-oriented for `diff` and `grep`
/// when an archive is kept under version control. Records are serialized in parallel (a
/// pretty-printed 10,000-article export took most of the `data` step).
pub fn json_lines<'a, T, R>(
    items: &'a [T],
    record: impl Fn(&'a T) -> R + Sync,
) -> anyhow::Result<Vec<u8>>
where
    T: Sync,
    R: Serialize,
{
    use rayon::prelude::*;
    let lines: Vec<Vec<u8>> = items
        .par_iter()
        .map(|i| serde_json::to_vec(&record(i)))
        .collect::<Result<_, _>>()?;
    let mut out = Vec::with_capacity(lines.iter().map(|l| l.len() + 2).sum::<usize>() + 4);
    out.push(b'[');
    for (n, l) in lines.iter().enumerate() {
        out.extend_from_slice(if n == 0 { b"\n" } else { b",\n" });
        out.extend_from_slice(l);
    }
    out.extend_from_slice(b"\n]\n");
    Ok(out)
}

/// `data/articles.json`: every article, in the archive's order (newest first).
pub fn articles_json(archive: &Archive) -> anyhow::Result<Vec<u8>> {
    json_lines(&archive.articles, |a| article_record(archive, a))
}

/// One entry of `data/timeline.json`.
#[derive(Serialize)]
pub struct TimelineRecord<'a> {
    /// `event` (a date written in an article) or `published` (an article's publication date).
    pub kind: crate::timeline::EntryKind,
    pub date: String,
    pub edtf: String,
    pub precision: Precision,
    pub approximate: bool,
    /// The sentence, for an event.
    pub text: Option<&'a str>,
    pub surface: Option<&'a str>,
    pub entities: &'a [String],
    pub article: &'a str,
    pub title: &'a str,
    /// Page URL relative to the site root, with the paragraph anchor for an event.
    pub url: String,
}

/// `data/timeline.json`: the whole chronology, in the timeline's order, recurring days last.
pub fn timeline_json(
    archive: &Archive,
    order: crate::config::TimelineOrder,
) -> anyhow::Result<Vec<u8>> {
    let entries = crate::timeline::chronology(archive, order);
    json_lines(&entries, |e| {
        let mut url = encode_path(&crate::render::article_path(&e.article.slug));
        if let Some(ev) = e.event {
            url.push('#');
            url.push_str(&e.article.blocks[ev.block].anchor);
        }
        TimelineRecord {
            kind: e.kind,
            date: e.date.clone(),
            edtf: e.edtf.clone(),
            precision: e.precision,
            approximate: e.approximate,
            text: e.event.map(|ev| ev.text.as_str()),
            surface: e.event.map(|ev| ev.surface.as_str()),
            entities: e.event.map_or(&[], |ev| ev.entities.as_slice()),
            article: &e.article.slug,
            title: &e.article.title,
            url,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::json_lines;

    #[test]
    fn json_lines_is_an_array_with_one_record_per_line() {
        let rows: &[(&[&str], &str)] = &[
            (&[], "[\n]\n"),
            (&["أ"], "[\n\"أ\"\n]\n"),
            (&["الرباط", "a\nb"], "[\n\"الرباط\",\n\"a\\nb\"\n]\n"),
        ];
        for (items, expected) in rows {
            let out = json_lines(items, |s| *s).unwrap();
            assert_eq!(String::from_utf8(out.clone()).unwrap(), *expected);
            let back: Vec<String> = serde_json::from_slice(&out).unwrap();
            assert_eq!(back, *items);
        }
    }
}
