//! The data exports under `data/`: a documented, stable JSON schema for other tools.

use serde::Serialize;

use crate::model::{Archive, Article, Precision};
use crate::render::format::href_path;
use crate::render::Reuse;

/// One article in `data/articles.json`.
#[derive(Serialize)]
pub struct ArticleRecord<'a> {
    pub slug: &'a str,
    /// Relative to the site root, in the form the pages link it ([`href_path`]).
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
    /// The event's date; for each day of a range of days, that day ([`range_days`]).
    pub date: std::borrow::Cow<'a, str>,
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
        url: href_path(&crate::render::article_path(&a.slug)),
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
            .flat_map(|ev| {
                let days: Vec<std::borrow::Cow<str>> = match range_days(ev) {
                    Some(days) => days.into_iter().map(Into::into).collect(),
                    None => vec![ev.date.as_str().into()],
                };
                days.into_iter().map(|date| EventRecord {
                    date,
                    edtf: &ev.edtf,
                    precision: ev.precision,
                    text: &ev.text,
                    surface: &ev.surface,
                    approximate: ev.approximate,
                    anchor: &a.blocks[ev.block].anchor,
                    entities: &ev.entities,
                })
            })
            .collect(),
    }
}

/// The longest span (last day minus first) a range of days lists day by day: a week. A day's
/// query then finds the event (`12 إلى 14 أبريل` is the 12th, 13th and 14th); a longer range
/// (a festival of `13 إلى 20 ديسمبر`) is listed on its first and last day, the days written.
const MAX_SPAN_DAY_BY_DAY: i64 = 6;

/// The days a range of days (`edtf` `2027-04-12/2027-04-14`) is listed on in the export, in
/// order; `None` for any other event. The timeline keeps it as one entry, with the interval.
pub fn range_days(ev: &crate::model::Event) -> Option<Vec<String>> {
    if ev.precision != Precision::Range {
        return None;
    }
    let (a, b) = ev.edtf.split_once('/')?;
    let parse = |d: &str| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok();
    let (first, last) = (parse(a)?, parse(b)?);
    let span = (last - first).num_days();
    if span < 1 {
        return None;
    }
    let days: Vec<chrono::NaiveDate> = if span <= MAX_SPAN_DAY_BY_DAY {
        first.iter_days().take(span as usize + 1).collect()
    } else {
        vec![first, last]
    };
    Some(
        days.iter()
            .map(|d| d.format("%Y-%m-%d").to_string())
            .collect(),
    )
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
    let mut out = Vec::new();
    json_lines_reusing(&mut out, items, None, |_| unreachable!(), record)?;
    Ok(out)
}

/// [`json_lines`] written to `w`, taking from the previous build (in `watch` and `serve`)
/// each record whose inputs did not change: `memo(item)` gives its key, the digest of the
/// inputs it reads besides articles and entities, and whether those are unchanged (see
/// [`Reuse::record`]).
pub fn json_lines_reusing<'a, T, R>(
    w: &mut dyn std::io::Write,
    items: &'a [T],
    reuse: Option<&Reuse>,
    memo: impl Fn(&'a T) -> (String, u64, bool) + Sync,
    record: impl Fn(&'a T) -> R + Sync,
) -> anyhow::Result<()>
where
    T: Sync,
    R: Serialize,
{
    write_json_lines(w, items, reuse, memo, |i| {
        Ok(crate::json::to_vec(&record(i))?)
    })
}

/// Records serialized in parallel at a time: enough to keep both cores busy, few enough that
/// the lines of a batch are a few megabytes, not the whole export.
const BATCH: usize = 512;

/// [`json_lines_reusing`] for records the caller serializes itself (`serialize` returns one
/// line of JSON), a batch of records at a time.
pub fn write_json_lines<'a, T>(
    w: &mut dyn std::io::Write,
    items: &'a [T],
    reuse: Option<&Reuse>,
    memo: impl Fn(&'a T) -> (String, u64, bool) + Sync,
    serialize: impl Fn(&'a T) -> anyhow::Result<Vec<u8>> + Sync,
) -> anyhow::Result<()>
where
    T: Sync,
{
    use rayon::prelude::*;
    w.write_all(b"[")?;
    for (b, batch) in items.chunks(BATCH).enumerate() {
        let lines: Vec<std::sync::Arc<[u8]>> = batch
            .par_iter()
            .map(|i| match reuse {
                Some(reuse) => {
                    let (key, digest, unchanged) = memo(i);
                    reuse.record(key, digest, unchanged, || serialize(i))
                }
                None => Ok(serialize(i)?.into()),
            })
            .collect::<anyhow::Result<_>>()?;
        for (n, l) in lines.iter().enumerate() {
            w.write_all(if b == 0 && n == 0 { b"\n" } else { b",\n" })?;
            w.write_all(l)?;
        }
    }
    w.write_all(b"\n]\n")?;
    Ok(())
}

/// `data/articles.json`: every article, in the archive's order (newest first). A record
/// reads its article and the entities the article links to.
pub fn articles_json(
    w: &mut dyn std::io::Write,
    archive: &Archive,
    reuse: Option<&Reuse>,
) -> anyhow::Result<()> {
    let indices: Vec<usize> = (0..archive.articles.len()).collect();
    json_lines_reusing(
        w,
        &indices,
        reuse,
        |&i| {
            let unchanged = reuse.is_some_and(|r| r.article_unchanged_at(i));
            (
                format!("articles\0{}", archive.articles[i].path),
                0,
                unchanged,
            )
        },
        |&i| article_record(archive, &archive.articles[i]),
    )
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
    /// Page URL relative to the site root ([`href_path`]), with the paragraph anchor for an
    /// event.
    pub url: String,
}

/// `data/timeline.json`: the whole chronology, in the timeline's order, recurring days last.
pub fn timeline_json(
    w: &mut dyn std::io::Write,
    archive: &Archive,
    order: crate::config::TimelineOrder,
    reuse: Option<&Reuse>,
) -> anyhow::Result<()> {
    let entries = crate::timeline::chronology(archive, order);
    // A record reads its event (or the publication date) and its article's slug, title and
    // paragraph anchors.
    let memo = |e: &crate::timeline::Entry| {
        let unchanged = reuse.is_some_and(|r| r.article_unchanged_at(e.article_index));
        let key = match e.event_index {
            Some(i) => format!("timeline\0{}\0{i}", e.article.path),
            None => format!("timeline\0{}", e.article.path),
        };
        (key, 0, unchanged)
    };
    json_lines_reusing(w, &entries, reuse, memo, |e| {
        let mut url = href_path(&crate::render::article_path(&e.article.slug));
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
    use super::{json_lines, range_days};
    use crate::model::{Event, Precision};

    #[test]
    fn a_range_of_days_is_listed_day_by_day_up_to_a_week() {
        let rows: &[(Precision, &str, Option<&[&str]>)] = &[
            (
                Precision::Range,
                "2027-04-12/2027-04-14",
                Some(&["2027-04-12", "2027-04-13", "2027-04-14"]),
            ),
            // across a month's end
            (
                Precision::Range,
                "2026-11-30/2026-12-01",
                Some(&["2026-11-30", "2026-12-01"]),
            ),
            // a week and a day: the days written, first and last
            (
                Precision::Range,
                "2025-12-13/2025-12-20",
                Some(&["2025-12-13", "2025-12-20"]),
            ),
            // a range of years, a day: as they are
            (Precision::Range, "2015/2020", None),
            (Precision::Day, "2027-04-12", None),
        ];
        for (precision, edtf, expected) in rows {
            let ev = Event {
                date: edtf.split('/').next().unwrap().to_string(),
                edtf: edtf.to_string(),
                precision: *precision,
                text: String::new(),
                surface: String::new(),
                block: 0,
                start: 0,
                end: 0,
                approximate: false,
                entities: Vec::new(),
            };
            let got = range_days(&ev);
            let want = expected.map(|d| d.iter().map(|s| s.to_string()).collect::<Vec<_>>());
            assert_eq!(got, want, "{edtf}");
        }
    }

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
