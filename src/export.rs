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

/// `data/articles.json`: every article, in the archive's order (newest first).
pub fn articles_json(archive: &Archive) -> anyhow::Result<Vec<u8>> {
    let records: Vec<ArticleRecord> = archive
        .articles
        .iter()
        .map(|a| article_record(archive, a))
        .collect();
    Ok(serde_json::to_vec_pretty(&records)?)
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
    let records: Vec<TimelineRecord> = crate::timeline::chronology(archive, order)
        .into_iter()
        .map(|e| {
            let mut url = encode_path(&crate::render::article_path(&e.article.slug));
            if let Some(ev) = e.event {
                url.push('#');
                url.push_str(&e.article.blocks[ev.block].anchor);
            }
            TimelineRecord {
                kind: e.kind,
                date: e.date,
                edtf: e.edtf,
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
        .collect();
    Ok(serde_json::to_vec_pretty(&records)?)
}
