//! Dates written in articles become events; the chronology of the whole archive.
//!
//! [`extract`] finds date expressions in a block of text, [`months`] knows the month names of
//! every Arabic family (CLDR plus press spellings), [`hijri`] converts Umm al-Qura dates.

pub mod extract;
pub mod hijri;
pub mod months;

use crate::arabic::sentences::sentence_at;
use crate::config::TimelineOrder;
use crate::memo::{ByAddress, DigestMemo};
use crate::model::{Archive, Article, ArticleEntity, Block, Event, Precision};
use extract::Context;

/// Fills `events` of every article with the dates written in its text.
pub fn analyse(archive: &mut Archive) {
    analyse_cached(archive, &mut Cache::default())
}

/// The events of each article by a digest of what they are made from, kept between the
/// rebuilds of `watch` and `serve` so that only edited articles are read again.
#[derive(Default)]
pub struct Cache {
    events: std::collections::HashMap<u64, std::sync::Arc<[Event]>>,
    /// For one analysis only (`diwan build`): the events are not copied into the cache.
    pub(crate) one_off: bool,
    /// Each article's [`digest`], by the parts it reads.
    digests: DigestMemo<DigestKey>,
}

/// What [`digest`] reads of an article: unchanged parts keep their addresses.
type DigestKey = (
    ByAddress<[Block]>,
    ByAddress<[ArticleEntity]>,
    Option<chrono::NaiveDate>,
);

/// A digest of what [`article_events`] reads: the date, the blocks and the entity mentions.
fn digest(article: &Article) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    article.date.hash(&mut h);
    for b in article.blocks.iter() {
        b.text.hash(&mut h);
    }
    for ae in article.entities.iter() {
        ae.id.hash(&mut h);
        for m in &ae.mentions {
            (m.block, m.start, m.end).hash(&mut h);
        }
    }
    h.finish()
}

/// [`analyse`], reusing the events kept in `cache` for articles that did not change.
pub fn analyse_cached(archive: &mut Archive, cache: &mut Cache) {
    use rayon::prelude::*;
    if cache.one_off {
        // Nothing is kept for a later build: no digests to make.
        archive.articles.par_iter_mut().for_each(|article| {
            article.events = article_events(article).into();
        });
        return;
    }
    let digests = {
        let key = |a: &Article| {
            let (blocks, entities) = (a.blocks.clone(), a.entities.clone());
            (ByAddress(blocks), ByAddress(entities), a.date)
        };
        cache.digests.digests(&archive.articles, key, digest)
    };
    let done = &cache.events;
    let fresh: Vec<(u64, bool)> = archive
        .articles
        .par_iter_mut()
        .zip(digests)
        .map(|(article, d)| match done.get(&d) {
            Some(events) => {
                article.events = events.clone();
                (d, false)
            }
            None => {
                article.events = article_events(article).into();
                (d, true)
            }
        })
        .collect();
    let live: std::collections::HashSet<u64> = fresh.iter().map(|(d, _)| *d).collect();
    cache.events.retain(|d, _| live.contains(d));
    for (article, (d, new)) in archive.articles.iter().zip(fresh) {
        if new {
            cache.events.insert(d, article.events.clone());
        }
    }
}

/// The dated events of one article, in text order, each linked to the entities of its sentence.
pub fn article_events(article: &Article) -> Vec<Event> {
    let mut ctx = Context::new(article.date);
    let mut events = Vec::new();
    for (b, block) in article.blocks.iter().enumerate() {
        for found in extract::extract_normalized(&block.text, &block.norm, &mut ctx) {
            let (s, e) = sentence_at(&block.text, found.start);
            // "15 رمضان 1445 هـ الموافق 25 مارس 2024": one event per date and sentence.
            let date = found.when.iso();
            if events
                .iter()
                .any(|ev: &Event| ev.block == b && ev.date == date && (s..e).contains(&ev.start))
            {
                continue;
            }
            let mut entities: Vec<String> = Vec::new();
            for ae in article.entities.iter() {
                let inside = ae
                    .mentions
                    .iter()
                    .any(|m| m.block == b && m.start >= s && m.start < e);
                if inside && !entities.contains(&ae.id) {
                    entities.push(ae.id.clone());
                }
            }
            events.push(Event {
                date,
                edtf: found.when.edtf(),
                precision: found.when.precision(),
                text: block.text[s..e].to_string(),
                surface: block.text[found.start..found.end].to_string(),
                block: b,
                start: found.start,
                end: found.end,
                approximate: found.approximate,
                entities,
            });
        }
    }
    events
}

/// Parses an event's ISO date back into its parts for ordering: (year, month, day), 0 where
/// unknown; `None` for a recurring day.
pub fn sort_key(date: &str, precision: Precision) -> Option<(i32, u32, u32)> {
    if precision == Precision::Recurring {
        return None;
    }
    let mut parts = date.split('-');
    let y = parts.next()?.parse().ok()?;
    let m = parts.next().and_then(|m| m.parse().ok()).unwrap_or(0);
    let d = parts.next().and_then(|d| d.parse().ok()).unwrap_or(0);
    Some((y, m, d))
}

/// What put an entry on the timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EntryKind {
    /// A date written in an article's text.
    Event,
    /// The article's own publication date.
    Published,
}

/// One entry of the archive's chronology.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    pub kind: EntryKind,
    pub article: &'a Article,
    /// The article's index in the archive.
    pub article_index: usize,
    /// The event, for [`EntryKind::Event`], and its index in the article's events.
    pub event: Option<&'a Event>,
    pub event_index: Option<usize>,
    pub date: String,
    pub edtf: String,
    pub precision: Precision,
    pub approximate: bool,
    /// (year, month, day), 0 where unknown; `None` for a recurring day.
    pub key: Option<(i32, u32, u32)>,
}

/// Every event and every publication date of the archive, dated entries in `order` (ties in
/// archive and text order), recurring days last.
pub fn chronology(archive: &Archive, order: TimelineOrder) -> Vec<Entry<'_>> {
    let mut entries = Vec::new();
    for (ai, a) in archive.articles.iter().enumerate() {
        if let Some(d) = a.date_iso() {
            entries.push(Entry {
                kind: EntryKind::Published,
                article: a,
                article_index: ai,
                event: None,
                event_index: None,
                key: sort_key(&d, Precision::Day),
                edtf: d.clone(),
                date: d,
                precision: Precision::Day,
                approximate: false,
            });
        }
        for (ei, ev) in a.events.iter().enumerate() {
            entries.push(Entry {
                kind: EntryKind::Event,
                article: a,
                article_index: ai,
                event: Some(ev),
                event_index: Some(ei),
                key: sort_key(&ev.date, ev.precision),
                date: ev.date.clone(),
                edtf: ev.edtf.clone(),
                precision: ev.precision,
                approximate: ev.approximate,
            });
        }
    }
    // Stable sort: equal keys keep archive and text order.
    entries.sort_by(|a, b| match (a.key, b.key) {
        (Some(x), Some(y)) => match order {
            TimelineOrder::Oldest => x.cmp(&y),
            TimelineOrder::Newest => y.cmp(&x),
        },
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.date.cmp(&b.date),
    });
    entries
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ArticleEntity, Block, BlockKind, Mention};

    fn article(blocks: &[&str], date: Option<&str>) -> Article {
        Article {
            path: "content/articles/a.md".into(),
            slug: "a".into(),
            title: "عنوان".into(),
            title_generated: false,
            date: date.map(|d| d.parse().unwrap()),
            source: None,
            source_url: None,
            origin: None,
            origin_sha256: None,
            summary: None,
            dateline: None,
            deck: None,
            author: None,
            draft: false,
            body: blocks.join("\n\n").into(),
            body_line: 1,
            blocks: blocks
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    Block::new(BlockKind::Paragraph, t.to_string(), format!("p{}", i + 1))
                })
                .collect(),
            entities: Vec::new().into(),
            events: Vec::new().into(),
        }
    }

    fn mention(a: &Article, block: usize, surface: &str) -> Mention {
        let start = a.blocks[block].text.find(surface).unwrap();
        Mention {
            block,
            start,
            end: start + surface.len(),
            surface: surface.into(),
        }
    }

    #[test]
    fn events_link_the_entities_of_their_sentence() {
        let mut a = article(
            &[
                "زار حموشي موسكو. وفي 18 ديسمبر 2021 استقبل المدير وفدا من مكتب التحقيقات الفيدرالي في الرباط.",
                "وكانت الرباط قد احتضنت لقاء في فبراير 2021.",
            ],
            None,
        );
        a.entities = vec![
            ArticleEntity {
                id: "hammouchi".into(),
                mentions: vec![mention(&a, 0, "حموشي")],
            },
            ArticleEntity {
                id: "fbi".into(),
                mentions: vec![mention(&a, 0, "مكتب التحقيقات الفيدرالي")],
            },
            ArticleEntity {
                id: "rabat".into(),
                mentions: vec![mention(&a, 0, "الرباط"), mention(&a, 1, "الرباط")],
            },
        ]
        .into();
        let events = article_events(&a);
        let got: Vec<(&str, &str, usize, Vec<&str>)> = events
            .iter()
            .map(|e| {
                (
                    e.date.as_str(),
                    e.surface.as_str(),
                    e.block,
                    e.entities.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("2021-12-18", "18 ديسمبر 2021", 0, vec!["fbi", "rabat"]),
                ("2021-02", "فبراير 2021", 1, vec!["rabat"]),
            ]
        );
        assert_eq!(
            events[0].text,
            "وفي 18 ديسمبر 2021 استقبل المدير وفدا من مكتب التحقيقات الفيدرالي في الرباط."
        );
    }

    #[test]
    fn chronology_orders_and_adds_publication_dates() {
        let mut a = article(
            &["في عام 2014 ثم في 18 ديسمبر 2021 وفي السابع من شتنبر من كل سنة."],
            Some("2022-01-05"),
        );
        a.events = article_events(&a).into();
        let archive = Archive {
            articles: vec![a],
            ..Archive::default()
        };
        let dates = |order| {
            chronology(&archive, order)
                .iter()
                .map(|e| (e.date.clone(), e.kind))
                .collect::<Vec<_>>()
        };
        use EntryKind::*;
        let s = |x: &str| x.to_string();
        assert_eq!(
            dates(TimelineOrder::Newest),
            [
                (s("2022-01-05"), Published),
                (s("2021-12-18"), Event),
                (s("2014"), Event),
                (s("--09-07"), Event)
            ]
        );
        assert_eq!(
            dates(TimelineOrder::Oldest),
            [
                (s("2014"), Event),
                (s("2021-12-18"), Event),
                (s("2022-01-05"), Published),
                (s("--09-07"), Event)
            ]
        );
        // Publication dates are not events of the article.
        assert_eq!(archive.articles[0].events.len(), 3);
    }
}
