//! The timeline pages: the chronology grouped by year and month, a year bar, and an SVG
//! histogram of events per year drawn here at build time (no script in the page).

use std::collections::BTreeMap;

use anyhow::Result;
use rayon::prelude::*;
use serde::Serialize;

use super::context::entity_path;
use super::format::{self, href_path};
use super::{article_path, Renderer};
use crate::arabic::sentences::sentence_at;
use crate::config::TimelineOrder;
use crate::model::{Archive, Precision};
use crate::output::Output;
use crate::timeline::{chronology, Entry, EntryKind};

/// Output path of the timeline's first page.
pub const TIMELINE_PATH: &str = "timeline/index.html";

/// Output path of the page of one decade, when the timeline is split.
pub fn decade_path(decade: i32) -> String {
    format!("timeline/{decade}/index.html")
}

/// Output path of the page of one year, when its decade holds too many entries for a page.
pub fn year_path(year: i32) -> String {
    format!("timeline/{}/{year}/index.html", decade_of(year))
}

#[derive(Serialize)]
struct EntryView {
    kind: EntryKind,
    date: String,
    date_display: String,
    precision: Precision,
    approximate: bool,
    /// The sentence, escaped, with entity links and the date marked.
    sentence_html: String,
    surface: Option<String>,
    article_title: String,
    /// Root-relative URL of the article, with the paragraph anchor for an event.
    article_url: String,
}

#[derive(Serialize)]
struct MonthGroup {
    /// Empty for entries dated by year only.
    label: String,
    entries: Vec<EntryView>,
}

#[derive(Serialize)]
struct YearGroup {
    year: i32,
    label: String,
    id: String,
    count: usize,
    months: Vec<MonthGroup>,
}

#[derive(Serialize)]
struct YearLink {
    year: i32,
    label: String,
    count: usize,
    /// Root-relative URL of the year's heading.
    url: String,
}

/// A page of a split timeline: a decade, or a year of a decade with too many entries.
#[derive(Serialize)]
struct DecadeLink {
    label: String,
    url: String,
    count: usize,
    current: bool,
}

#[derive(Serialize)]
struct TimelinePage {
    total: usize,
    oldest_first: bool,
    histogram_svg: String,
    years: Vec<YearLink>,
    decades: Vec<DecadeLink>,
    groups: Vec<YearGroup>,
    recurring: Vec<EntryView>,
    /// Whether this page shows the histogram and the recurring days (the first page).
    overview: bool,
}

fn escape(s: &str) -> String {
    super::theme::escape_html(s)
}

/// The sentence of an event as HTML: entity mentions linked, the date surface marked.
fn sentence_html(archive: &Archive, e: &Entry, root: &str) -> String {
    let Some(ev) = e.event else {
        return String::new();
    };
    let block = &e.article.blocks[ev.block].text;
    let (s, end) = sentence_at(block, ev.start);
    // (start, end, open tag, close tag), non-overlapping, in order.
    let mut spans: Vec<(usize, usize, String, &str)> =
        vec![(ev.start, ev.end, "<mark class=\"date\">".into(), "</mark>")];
    for ae in e.article.entities.iter() {
        let in_sentence =
            |m: &&crate::model::Mention| m.block == ev.block && m.start >= s && m.end <= end;
        // Most of an article's entities are not named in the event's sentence.
        if !ae.mentions.iter().any(|m| in_sentence(&m)) {
            continue;
        }
        let Some(entity) = archive.entity(&ae.id) else {
            continue;
        };
        let href = href_path(&entity_path(entity.kind, &entity.slug));
        for m in ae.mentions.iter().filter(in_sentence) {
            spans.push((
                m.start,
                m.end,
                [
                    "<a class=\"entity ",
                    entity.kind.as_str(),
                    "\" href=\"",
                    root,
                    &href,
                    "\">",
                ]
                .concat(),
                "</a>",
            ));
        }
    }
    spans.sort_by_key(|x| x.0);
    let mut html = String::new();
    let mut at = s;
    for (a, b, open, close) in spans {
        if a < at || b > end {
            continue;
        }
        html.push_str(&escape(&block[at..a]));
        html.push_str(&open);
        html.push_str(&escape(&block[a..b]));
        html.push_str(close);
        at = b;
    }
    html.push_str(&escape(&block[at..end]));
    html
}

/// A date for display: "18 ديسمبر 2021", "2015–2020", "1990–1999".
fn date_display(r: &Renderer, e: &Entry) -> String {
    let strings = &r.theme.strings;
    let digits = r.settings.digits;
    match e.precision {
        Precision::Range => {
            let (a, b) = e.edtf.split_once('/').unwrap_or((&e.edtf, ""));
            format!(
                "{} – {}",
                format::format_iso(a, strings, digits),
                format::format_iso(b, strings, digits)
            )
        }
        Precision::Decade => {
            let start: i32 = e.date.parse().unwrap_or(0);
            format::digits(&format!("{start}–{}", start + 9), digits)
        }
        _ => format::format_iso(&e.date, strings, digits),
    }
}

fn entry_view(r: &Renderer, archive: &Archive, e: &Entry, root: &str) -> EntryView {
    let mut url = href_path(&article_path(&e.article.slug));
    if let Some(ev) = e.event {
        url.push('#');
        url.push_str(&e.article.blocks[ev.block].anchor);
    }
    EntryView {
        kind: e.kind,
        date: e.date.clone(),
        date_display: date_display(r, e),
        precision: e.precision,
        approximate: e.approximate,
        sentence_html: sentence_html(archive, e, root),
        surface: e.event.map(|ev| ev.surface.clone()),
        article_title: e.article.title.clone(),
        article_url: url,
    }
}

fn decade_of(year: i32) -> i32 {
    year.div_euclid(10) * 10
}

/// The histogram of entries per year as an SVG drawn left to right, oldest year first; each
/// bar links to its year. Years without entries inside the span get an empty slot, unless the
/// span is too wide to read, in which case only years with entries are drawn.
fn histogram_svg(
    counts: &BTreeMap<i32, usize>,
    url_of: &dyn Fn(i32) -> String,
    title: &str,
) -> String {
    let (Some(&first), Some(&last)) = (counts.keys().next(), counts.keys().next_back()) else {
        return String::new();
    };
    let years: Vec<i32> = if last - first <= 150 {
        (first..=last).collect()
    } else {
        counts.keys().copied().collect()
    };
    let max = counts.values().copied().max().unwrap_or(1).max(1);
    let (bar, gap, height, label_h) = (14usize, 4usize, 120usize, 36usize);
    let width = years.len() * (bar + gap) + gap;
    let label_every = years.len().div_ceil(12).max(1);
    let mut svg = format!(
        "<svg class=\"histogram\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {}\" \
         width=\"{width}\" height=\"{}\" role=\"group\" aria-labelledby=\"histogram-title\" direction=\"ltr\">\
         <title id=\"histogram-title\">{}</title>",
        height + label_h,
        height + label_h,
        escape(title)
    );
    for (i, y) in years.iter().enumerate() {
        let x = gap + i * (bar + gap);
        let n = counts.get(y).copied().unwrap_or(0);
        if n > 0 {
            let h = (n * (height - 4) / max).max(2);
            svg.push_str(&format!(
                "<a href=\"{}\" aria-label=\"{y}: {n}\"><rect class=\"bar\" x=\"{x}\" y=\"{}\" width=\"{bar}\" height=\"{h}\"><title>{y}: {n}</title></rect></a>",
                escape(&url_of(*y)),
                height - h
            ));
        }
        if i % label_every == 0 {
            svg.push_str(&format!(
                "<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"end\" transform=\"rotate(-60 {} {})\">{y}</text>",
                x + bar,
                height + 12,
                x + bar,
                height + 12
            ));
        }
    }
    svg.push_str(&format!(
        "<line x1=\"0\" y1=\"{height}\" x2=\"{width}\" y2=\"{height}\" stroke=\"currentColor\"/></svg>"
    ));
    svg
}

/// Renders `timeline/index.html` (and one page per decade when the chronology is large).
pub fn render_timeline(r: &Renderer, archive: &Archive, out: &Output) -> Result<()> {
    let order = r.settings.timeline.order;
    let entries = chronology(archive, order);
    let split_above = r.settings.timeline.split_above;
    let split = entries.len() > split_above;
    let mut counts: BTreeMap<i32, usize> = BTreeMap::new();
    for e in &entries {
        if let Some((y, _, _)) = e.key {
            *counts.entry(y).or_default() += 1;
        }
    }
    let mut decade_counts: BTreeMap<i32, usize> = BTreeMap::new();
    for (&y, &n) in &counts {
        *decade_counts.entry(decade_of(y)).or_default() += n;
    }
    // A split timeline has a page per decade, and a page per year in a decade that holds
    // more than `split_above` entries (at 10,000 articles a decade page held 8,000).
    let by_year =
        |decade: i32| split && decade_counts.get(&decade).copied().unwrap_or(0) > split_above;
    let page_of = |year: i32| -> String {
        if !split {
            TIMELINE_PATH.to_string()
        } else if by_year(decade_of(year)) {
            year_path(year)
        } else {
            decade_path(decade_of(year))
        }
    };
    let year_url = |y: i32| format!("{}#y{y}", href_path(&page_of(y)));
    let mut years: Vec<YearLink> = counts
        .iter()
        .map(|(&y, &n)| YearLink {
            year: y,
            label: format::digits(&y.to_string(), r.settings.digits),
            count: n,
            url: year_url(y),
        })
        .collect();
    if order == TimelineOrder::Newest {
        years.reverse();
    }
    // The pages of a split timeline, in the timeline's order.
    let mut split_pages: Vec<(String, String, usize)> = Vec::new();
    if split {
        for (&d, &n) in &decade_counts {
            if by_year(d) {
                for (&y, &n) in counts.range(d..d + 10) {
                    split_pages.push((year_path(y), y.to_string(), n));
                }
            } else {
                split_pages.push((decade_path(d), format!("{d}–{}", d + 9), n));
            }
        }
    }
    if order == TimelineOrder::Newest {
        split_pages.reverse();
    }
    let decade_links = |current: &str| -> Vec<DecadeLink> {
        split_pages
            .iter()
            .map(|(path, label, n)| DecadeLink {
                label: format::digits(label, r.settings.digits),
                url: href_path(path),
                count: *n,
                current: path == current,
            })
            .collect()
    };
    // Group dated entries per page, then per year and month, in chronology order.
    let mut pages: Vec<(String, Vec<&Entry>)> = Vec::new();
    let mut recurring: Vec<&Entry> = Vec::new();
    for e in &entries {
        match e.key {
            Some((y, _, _)) => {
                let p = page_of(y);
                match pages.iter_mut().find(|(path, _)| *path == p) {
                    Some((_, list)) => list.push(e),
                    None => pages.push((p, vec![e])),
                }
            }
            None => recurring.push(e),
        }
    }
    if !pages.iter().any(|(p, _)| p == TIMELINE_PATH) {
        pages.insert(0, (TIMELINE_PATH.to_string(), Vec::new()));
    }
    let histogram_title = r
        .theme
        .strings
        .get("timeline_histogram")
        .cloned()
        .unwrap_or_default();
    pages.par_iter().try_for_each(|(path, list)| {
        let root = format::root_prefix(path);
        let overview = path == TIMELINE_PATH;
        if let Some(reuse) = r.reuse.filter(|_| out.can_keep()) {
            // The page's inputs, without building its context: the counts (the histogram,
            // year and decade links) and the view of each entry, kept from the previous
            // build for the entries of unchanged articles.
            use std::hash::{Hash, Hasher};
            let mut h = rustc_hash::FxHasher::default();
            (entries.len(), split, &counts).hash(&mut h);
            let shown = list.iter().chain(recurring.iter().filter(|_| overview));
            for e in shown {
                let key = format!("timeline\0{root}\0{}\0{:?}", e.article.path, e.event_index);
                let unchanged = reuse.article_unchanged_at(e.article_index);
                reuse
                    .digest(key, unchanged, || {
                        super::reuse::fingerprint_of(&entry_view(r, archive, e, &root))
                    })
                    .hash(&mut h);
            }
            if reuse.keep_if_same(out, path, h.finish(), true)? {
                return Ok(());
            }
        }
        let mut groups: Vec<YearGroup> = Vec::new();
        for e in list {
            let (y, m, _) = e.key.unwrap_or_default();
            if groups.last().is_none_or(|g| g.year != y) {
                groups.push(YearGroup {
                    year: y,
                    label: format::digits(&y.to_string(), r.settings.digits),
                    id: format!("y{y}"),
                    count: 0,
                    months: Vec::new(),
                });
            }
            let g = groups.last_mut().unwrap();
            g.count += 1;
            let label = if m == 0 {
                String::new()
            } else {
                format::digits(
                    &format!("{} {y}", format::month_name(m, &r.theme.strings)),
                    r.settings.digits,
                )
            };
            if g.months.last().is_none_or(|mg| mg.label != label) {
                g.months.push(MonthGroup {
                    label,
                    entries: Vec::new(),
                });
            }
            g.months
                .last_mut()
                .unwrap()
                .entries
                .push(entry_view(r, archive, e, &root));
        }
        let page = TimelinePage {
            total: entries.len(),
            oldest_first: order == TimelineOrder::Oldest,
            histogram_svg: if overview {
                histogram_svg(
                    &counts,
                    &|y| format!("{root}{}", year_url(y)),
                    &histogram_title,
                )
            } else {
                String::new()
            },
            years: years
                .iter()
                .map(|y| YearLink {
                    year: y.year,
                    label: y.label.clone(),
                    count: y.count,
                    url: y.url.clone(),
                })
                .collect(),
            decades: decade_links(path),
            groups,
            recurring: if overview {
                recurring
                    .iter()
                    .map(|e| entry_view(r, archive, e, &root))
                    .collect()
            } else {
                Vec::new()
            },
            overview,
        };
        if r.reuse.is_some() && out.can_keep() {
            // Rendered without the context fingerprint: the digest above stands for it.
            out.write_html(path, &r.page("timeline.html", path, &page)?)
        } else {
            r.write(out, "timeline.html", path, &page)
        }
    })
}
