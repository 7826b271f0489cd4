//! Entity pages: the index of all entities grouped by type, one page per entity with every
//! article that mentions it (a keyword-in-context snippet each), the entities it is mentioned
//! with and its dated events; and `data/entities.json`.

use rustc_hash::FxHashMap as HashMap;
use std::sync::OnceLock;

use anyhow::Result;
use rayon::prelude::*;
use serde::Serialize;

use super::context::{entity_path, ArticleSummary, Pager};
use super::format::{self, href_path};
use super::{svg, Renderer};
use crate::arabic::collation_key;
use crate::arabic::sentences::{sentence_in, sentence_ranges, words_around};
use crate::graph::EntityGraph;
use crate::model::{Archive, Article, ArticleEntity, Entity, EntityOrigin, EntityType};
use crate::output::Output;

/// Entities per page of the index.
pub const INDEX_PAGE_SIZE: usize = 300;
/// Co-occurring entities shown on an entity page.
pub const CO_OCCURRING: usize = 15;
/// Words kept on each side of a mention in its snippet (keyword in context): enough to read
/// who did what (a whole sentence of news prose runs to 60 words and more).
pub const SNIPPET_WORDS: usize = 12;

/// Output path of page `n` of the entity index.
pub fn index_path(n: usize) -> String {
    if n <= 1 {
        "entities/index.html".to_string()
    } else {
        ["entities/page/", &n.to_string(), "/index.html"].concat()
    }
}

/// Output path of page `n` of an entity's page.
pub fn page_path(e: &Entity, n: usize) -> String {
    listing_path(e, "", n)
}

/// Output path of page `n` of an entity's dated events (when they have pages of their own).
pub fn events_path(e: &Entity, n: usize) -> String {
    listing_path(e, "events/", n)
}

/// `entities/<type>/<slug>/<sub>[page/<n>/]index.html`: page `n` of one of an entity's
/// listings (`sub` is `""` for its articles, `"events/"` for its dated events).
fn listing_path(e: &Entity, sub: &str, n: usize) -> String {
    let mut p = ["entities/", e.kind.as_str(), "/", &e.slug, "/", sub].concat();
    if n > 1 {
        p.push_str("page/");
        p.push_str(&n.to_string());
        p.push('/');
    }
    p.push_str("index.html");
    p
}

/// What the entity pages need, computed once: articles per entity, mention counts and
/// co-occurrence counts (per article, so linear in the archive).
pub struct EntityStats {
    /// Entity → (article index, mention count, its place in the article's `entities`), in
    /// archive order.
    pub articles: Vec<Vec<(usize, usize, usize)>>,
    pub mentions: Vec<usize>,
    /// Entity → other entity → number of shared articles.
    pub with: Vec<HashMap<usize, usize>>,
}

impl EntityStats {
    pub fn new(archive: &Archive) -> EntityStats {
        EntityStats::compute(archive, true)
    }

    /// With the co-occurrence counts (`with`) only when `pairs`: they cost a hash update
    /// per pair of entities in each article, and `data/entities.json` does not show them.
    pub fn compute(archive: &Archive, pairs: bool) -> EntityStats {
        let n = archive.entities.len();
        let mut s = EntityStats {
            articles: vec![Vec::new(); n],
            mentions: vec![0; n],
            with: vec![HashMap::default(); if pairs { n } else { 0 }],
        };
        for (ai, a) in archive.articles.iter().enumerate() {
            // (place in the article's entities, entity index)
            let ids: Vec<(usize, usize)> = a
                .entities
                .iter()
                .enumerate()
                .filter_map(|(k, ae)| archive.entity_index.get(&ae.id).map(|&i| (k, i)))
                .collect();
            for &(k, i) in &ids {
                let ae = &a.entities[k];
                s.articles[i].push((ai, ae.mentions.len(), k));
                s.mentions[i] += ae.mentions.len();
                if !pairs {
                    continue;
                }
                for &(_, j) in &ids {
                    if j != i {
                        *s.with[i].entry(j).or_default() += 1;
                    }
                }
            }
        }
        s
    }
}

#[derive(Serialize)]
struct IndexEntry<'a> {
    name: &'a str,
    url: String,
    mentions: usize,
    articles: usize,
    automatic: bool,
}

#[derive(Serialize)]
struct IndexGroup<'a> {
    kind: &'static str,
    entities: Vec<IndexEntry<'a>>,
}

#[derive(Serialize)]
struct IndexPage<'a> {
    groups: Vec<IndexGroup<'a>>,
    pager: Pager,
    /// Inline SVG picture with its text alternative (first page only; empty otherwise).
    pictures: String,
    total_entities: usize,
}

/// A mention in context: its sentence, at most [`SNIPPET_WORDS`] words either side, split
/// around the name; `cut_before`/`cut_after` when the sentence goes on (the theme shows …).
#[derive(Serialize)]
struct Snippet<'a> {
    before: &'a str,
    mention: &'a str,
    after: &'a str,
    cut_before: bool,
    cut_after: bool,
    anchor: &'a str,
}

#[derive(Serialize)]
struct EntityArticle<'a> {
    /// The article's [`ArticleSummary`] as a template value, shared by every page that
    /// lists the article (see [`Views::summaries`]).
    article: &'a tera::Value,
    mentions: usize,
    snippet: Option<Snippet<'a>>,
}

#[derive(Serialize)]
struct Related<'a> {
    name: &'a str,
    kind: &'static str,
    url: String,
    shared: usize,
}

#[derive(Serialize)]
struct EntityEvent<'a> {
    date: &'a str,
    date_display: String,
    text: &'a str,
    url: String,
    article_title: &'a str,
}

#[derive(Serialize)]
struct EntityPage<'a> {
    name: &'a str,
    kind: &'static str,
    aliases: &'a [String],
    description: Option<&'a str>,
    wikidata: Option<&'a str>,
    automatic: bool,
    mentions: usize,
    total_articles: usize,
    articles: Vec<EntityArticle<'a>>,
    related: Vec<Related<'a>>,
    events: Vec<EntityEvent<'a>>,
    /// `articles` (the entity's pages) or `events` (the pages of its dated events, when it
    /// has more than the timeline's `split_above`).
    view: &'static str,
    /// The number of the entity's dated events, and the first of its event pages (empty
    /// when its events are listed on its first page).
    events_total: usize,
    /// The number of the first event listed (an event page's list goes on from the last).
    events_start: usize,
    events_url: &'a str,
    /// The entity's first page, for the event pages to link back to.
    entity_url: &'a str,
    pager: Pager,
    /// Inline SVG picture with its text alternative (first page only; empty otherwise).
    pictures: String,
    /// `Person`/`Organization`/`Place` JSON-LD, for `base.html`.
    jsonld: &'a str,
    /// The entity's Atom feed, relative to the site root, for `base.html`.
    feed_url: &'a str,
}

/// The first mention of an entity (`ae`, one of the article's) in an article, in its
/// sentence cut to [`SNIPPET_WORDS`] words either side; `sentences`: the sentence ranges of
/// each of its blocks (see [`Views::sentences`]).
fn snippet<'a>(
    a: &'a Article,
    ae: &ArticleEntity,
    sentences: &[Vec<(usize, usize)>],
) -> Option<Snippet<'a>> {
    let m = ae.mentions.first()?;
    let block = a.blocks.get(m.block)?;
    let text = block.text.as_str();
    let (s, e) = sentence_in(&sentences[m.block], text.len(), m.start);
    let span = (s.min(m.start), e.max(m.end));
    let ((s, e), cut_before, cut_after) = words_around(text, span, (m.start, m.end), SNIPPET_WORDS);
    Some(Snippet {
        before: &text[s..m.start],
        mention: &text[m.start..m.end],
        after: &text[m.end..e],
        cut_before,
        cut_after,
        anchor: &block.anchor,
    })
}

/// Renders the entity index and every entity page.
pub fn render_entities(r: &Renderer, archive: &Archive, out: &Output) -> Result<()> {
    let (stats, graph) = rayon::join(|| EntityStats::new(archive), || EntityGraph::new(archive));
    render_index(r, archive, &stats, &graph, out)?;
    // An article is listed on the page of each entity it mentions: its summary (URL, dates
    // formatted) is made once, when first needed (a rebuild that keeps most pages needs few).
    let summaries: Vec<OnceLock<tera::Value>> =
        archive.articles.iter().map(|_| OnceLock::new()).collect();
    let sentences: Vec<OnceLock<BlockSentences>> =
        archive.articles.iter().map(|_| OnceLock::new()).collect();
    let views = Views {
        stats: &stats,
        graph: &graph,
        summaries: &summaries,
        sentences: &sentences,
    };
    archive
        .entities
        .par_iter()
        .enumerate()
        .try_for_each(|(i, e)| render_entity(r, archive, &views, i, e, out))
}

/// The sentence ranges of each block of an article ([`sentence_ranges`]).
type BlockSentences = Vec<Vec<(usize, usize)>>;

/// What every entity page reads beside the archive, made once for all of them.
struct Views<'v> {
    stats: &'v EntityStats,
    graph: &'v EntityGraph,
    /// Per article, its summary once made, as a template value: the pages that list it
    /// share it (Tera takes a value into a context by reference count; a struct is copied
    /// into it field by field for every page, 197,000 times at 10,000 articles).
    summaries: &'v [OnceLock<tera::Value>],
    /// Per article, the sentence ranges of each block once made: the snippets of the ~20
    /// entities an article mentions split the same blocks.
    sentences: &'v [OnceLock<BlockSentences>],
}

/// What the SVG pictures need from the site.
fn picture_text<'a>(r: &Renderer<'a>) -> svg::Text<'a> {
    svg::Text {
        strings: &r.theme.strings,
        digits: r.settings.digits,
        rtl: r.settings.direction == "rtl",
    }
}

fn render_index(
    r: &Renderer,
    archive: &Archive,
    stats: &EntityStats,
    graph: &EntityGraph,
    out: &Output,
) -> Result<()> {
    let mut order: Vec<usize> = (0..archive.entities.len()).collect();
    let keys: Vec<_> = archive
        .entities
        .iter()
        .map(|e| collation_key(&e.name))
        .collect();
    order.sort_by(|&a, &b| {
        (archive.entities[a].kind, &keys[a]).cmp(&(archive.entities[b].kind, &keys[b]))
    });
    let chunks: Vec<&[usize]> = if order.is_empty() {
        vec![&[]]
    } else {
        order.chunks(INDEX_PAGE_SIZE).collect()
    };
    let total = chunks.len();
    for (pi, chunk) in chunks.iter().enumerate() {
        let rel = index_path(pi + 1);
        let mut groups: Vec<IndexGroup> = Vec::new();
        for &i in chunk.iter() {
            let e = &archive.entities[i];
            if groups.last().is_none_or(|g| g.kind != e.kind.as_str()) {
                groups.push(IndexGroup {
                    kind: e.kind.as_str(),
                    entities: Vec::new(),
                });
            }
            groups.last_mut().unwrap().entities.push(IndexEntry {
                name: &e.name,
                url: href_path(&entity_path(e.kind, &e.slug)),
                mentions: stats.mentions[i],
                articles: stats.articles[i].len(),
                automatic: e.origin == EntityOrigin::Discovered,
            });
        }
        let page = IndexPage {
            groups,
            pager: Pager::new(pi + 1, total, &rel, index_path),
            total_entities: archive.entities.len(),
            pictures: if pi == 0 {
                svg::network_figure(
                    archive,
                    graph,
                    svg::NETWORK_NODES,
                    &picture_text(r),
                    &format::root_prefix(&rel),
                )
            } else {
                String::new()
            },
        };
        r.write(out, "entities_index.html", &rel, &page)?;
    }
    Ok(())
}

fn render_entity(
    r: &Renderer,
    archive: &Archive,
    views: &Views<'_>,
    i: usize,
    e: &Entity,
    out: &Output,
) -> Result<()> {
    let (stats, graph) = (views.stats, views.graph);
    let mut related: Vec<(usize, usize)> = stats.with[i].iter().map(|(&j, &n)| (j, n)).collect();
    related.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then_with(|| stats.mentions[b.0].cmp(&stats.mentions[a.0]))
            .then_with(|| a.0.cmp(&b.0))
    });
    let related: Vec<Related> = related
        .into_iter()
        .take(CO_OCCURRING)
        .map(|(j, n)| {
            let o = &archive.entities[j];
            Related {
                name: &o.name,
                kind: o.kind.as_str(),
                url: href_path(&entity_path(o.kind, &o.slug)),
                shared: n,
            }
        })
        .collect();
    // The dated events the entity takes part in, by date (ties in archive and text order):
    // (article index, event index).
    let mut event_refs: Vec<(usize, usize)> = Vec::new();
    for &(ai, _, _) in &stats.articles[i] {
        let a = &archive.articles[ai];
        for (ei, ev) in a.events.iter().enumerate() {
            if ev.entities.contains(&e.id) {
                event_refs.push((ai, ei));
            }
        }
    }
    let event_date = |&(ai, ei): &(usize, usize)| archive.articles[ai].events[ei].date.as_str();
    event_refs.sort_by(|a, b| event_date(a).cmp(event_date(b)));
    let event_view = |&(ai, ei): &(usize, usize)| {
        let a = &archive.articles[ai];
        let ev = &a.events[ei];
        let anchor = a
            .blocks
            .get(ev.block)
            .map(|b| b.anchor.as_str())
            .unwrap_or("");
        EntityEvent {
            date: &ev.date,
            date_display: format::format_iso(&ev.date, &r.theme.strings, r.settings.digits),
            text: &ev.text,
            url: format!("{}#{anchor}", href_path(&super::article_path(&a.slug))),
            article_title: &a.title,
        }
    };
    let event_key = |&(ai, ei): &(usize, usize)| {
        format!(
            "entity-event\0{}\0{}\0{}",
            e.id, archive.articles[ai].path, ei
        )
    };
    let jsonld = crate::publish::jsonld::entity_script(r.settings, e);
    let feed_url = href_path(&crate::publish::feeds::entity_feed_path(e));
    // Above the timeline's `split_above`, the events move to pages of their own (a country
    // had 7,000 on its first page at 10,000 articles: a 5 MB page).
    let events_per_page = r.settings.timeline.split_above.max(1);
    let split_events = event_refs.len() > events_per_page;
    let entity_url = href_path(&page_path(e, 1));
    let events_url = if split_events {
        href_path(&events_path(e, 1))
    } else {
        String::new()
    };
    // A page of the entity without its lists: `view` and its pager set.
    let page_of = |view: &'static str, pager: Pager| EntityPage {
        name: &e.name,
        kind: e.kind.as_str(),
        aliases: &e.aliases,
        description: e.description.as_deref(),
        wikidata: e.wikidata.as_deref(),
        automatic: e.origin == EntityOrigin::Discovered,
        mentions: stats.mentions[i],
        total_articles: stats.articles[i].len(),
        articles: Vec::new(),
        related: Vec::new(),
        events: Vec::new(),
        view,
        events_total: event_refs.len(),
        events_start: 1,
        events_url: &events_url,
        entity_url: &entity_url,
        pager,
        pictures: String::new(),
        jsonld: &jsonld,
        feed_url: &feed_url,
    };
    let per_page = r.settings.paginate.max(1);
    let list = &stats.articles[i];
    let chunks: Vec<&[(usize, usize, usize)]> = if list.is_empty() {
        vec![&[]]
    } else {
        list.chunks(per_page).collect()
    };
    let total = chunks.len();
    for (pi, chunk) in chunks.iter().enumerate() {
        let rel = page_path(e, pi + 1);
        // A later page shows the entity, the pager and its slice of the list: when none of
        // that changed and its articles are equal to last time, the page is kept.
        let later = match r.reuse.filter(|_| pi > 0) {
            Some(reuse) => {
                use std::hash::{Hash, Hasher};
                let mut h = rustc_hash::FxHasher::default();
                (&e.id, &e.name, e.kind, &e.aliases, &e.description).hash(&mut h);
                (&e.wikidata, &e.slug, e.origin == EntityOrigin::Discovered).hash(&mut h);
                (pi, total, list.len(), stats.mentions[i]).hash(&mut h);
                for &(ai, n, _) in chunk.iter() {
                    (&archive.articles[ai].path, n).hash(&mut h);
                }
                let articles_same = chunk
                    .iter()
                    .all(|&(ai, _, _)| reuse.article_unchanged_at(ai));
                if reuse.keep_if_same(out, &rel, h.finish(), articles_same)? {
                    continue;
                }
                true
            }
            None => false,
        };
        let mut page = page_of(
            "articles",
            Pager::new(pi + 1, total, &rel, |n| page_path(e, n)),
        );
        page.articles = chunk
            .iter()
            .map(|&(ai, n, k)| {
                let a = &archive.articles[ai];
                EntityArticle {
                    article: views.summaries[ai].get_or_init(|| {
                        tera::Value::from_serializable(&ArticleSummary::new(r, a, &rel))
                    }),
                    mentions: n,
                    snippet: snippet(
                        a,
                        &a.entities[k],
                        views.sentences[ai].get_or_init(|| {
                            a.blocks.iter().map(|b| sentence_ranges(&b.text)).collect()
                        }),
                    ),
                }
            })
            .collect();
        if pi == 0 {
            page.related = related
                .iter()
                .map(|x| Related {
                    name: x.name,
                    kind: x.kind,
                    url: x.url.clone(),
                    shared: x.shared,
                })
                .collect();
            let text = picture_text(r);
            page.pictures = format!(
                "{}{}",
                svg::sparkline_figure(&graph.per_year(i), &text),
                svg::ego_figure(archive, graph, i, &text, &format::root_prefix(&rel))
            );
        }
        if pi > 0 {
            if later {
                // Rendered without the context fingerprint: the digest above stands for it.
                r.render_write(out, "entity.html", &rel, &page)?;
            } else {
                r.write(out, "entity.html", &rel, &page)?;
            }
            continue;
        }
        // The first page lists the events of the entity unless they have pages of their own.
        let refs: &[(usize, usize)] = if split_events { &[] } else { &event_refs };
        write_with_events(r, out, &rel, page, refs, &event_key, &event_view)?;
    }
    if split_events {
        let chunks: Vec<&[(usize, usize)]> = event_refs.chunks(events_per_page).collect();
        let total = chunks.len();
        for (pi, refs) in chunks.into_iter().enumerate() {
            let rel = events_path(e, pi + 1);
            let mut page = page_of(
                "events",
                Pager::new(pi + 1, total, &rel, |n| events_path(e, n)),
            );
            page.events_start = pi * events_per_page + 1;
            write_with_events(r, out, &rel, page, refs, &event_key, &event_view)?;
        }
    }
    Ok(())
}

/// Writes an entity page that lists the events `refs` (article index, event index): its
/// fingerprint is the rest of the page's and the digest of each event's view, kept from the
/// previous build for unchanged articles (an entity's events are thousands for a country at
/// 10,000 articles, and their views are not made again for a rebuild that keeps the page).
fn write_with_events<'a>(
    r: &Renderer,
    out: &Output,
    rel: &str,
    mut page: EntityPage<'a>,
    refs: &[(usize, usize)],
    key: &dyn Fn(&(usize, usize)) -> String,
    view: &dyn Fn(&(usize, usize)) -> EntityEvent<'a>,
) -> Result<()> {
    let reuse = r.reuse.filter(|_| out.can_keep());
    if let Some(reuse) = reuse {
        use std::hash::{Hash, Hasher};
        let mut h = rustc_hash::FxHasher::default();
        super::reuse::fingerprint_of(&page).hash(&mut h);
        for er in refs {
            reuse
                .digest(key(er), reuse.article_unchanged_at(er.0), || {
                    super::reuse::fingerprint_of(&view(er))
                })
                .hash(&mut h);
        }
        if reuse.keep_if_same(out, rel, h.finish(), true)? {
            return Ok(());
        }
    }
    page.events = refs.iter().map(view).collect();
    if reuse.is_some() {
        // Rendered without the context fingerprint: the digest above stands for it.
        r.render_write(out, "entity.html", rel, &page)
    } else {
        r.write(out, "entity.html", rel, &page)
    }
}

/// One entity in `data/entities.json`.
#[derive(Serialize)]
pub struct EntityRecord<'a> {
    pub id: &'a str,
    pub name: &'a str,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub aliases: &'a [String],
    pub description: Option<&'a str>,
    pub wikidata: Option<&'a str>,
    pub origin: EntityOrigin,
    pub automatic: bool,
    /// Page URL relative to the site root, in the form the pages link it ([`href_path`]).
    pub url: String,
    pub mentions: usize,
    pub articles: Vec<EntityArticleRecord<'a>>,
}

#[derive(Serialize)]
pub struct EntityArticleRecord<'a> {
    pub slug: &'a str,
    pub url: String,
    pub title: &'a str,
    pub mentions: usize,
}

/// `data/entities.json`: every entity with the articles that mention it.
///
/// A record is an [`EntityRecord`]; its article entries are written from one fragment per
/// article (slug, URL and title, escaped once) instead of serializing an
/// [`EntityArticleRecord`] for each of the entity–article pairs, which are fifteen times as
/// many as the articles.
pub fn entities_json(
    w: &mut dyn std::io::Write,
    archive: &Archive,
    reuse: Option<&super::Reuse>,
) -> Result<()> {
    use rayon::prelude::*;
    let stats = EntityStats::compute(archive, false);
    let fragments: Vec<Vec<u8>> = archive
        .articles
        .par_iter()
        .map(|a| -> Result<Vec<u8>> {
            let mut f = Vec::with_capacity(64 + 4 * (a.slug.len() + a.title.len()));
            f.extend_from_slice(b"{\"slug\":");
            crate::json::write_str(&mut f, &a.slug);
            f.extend_from_slice(b",\"url\":");
            crate::json::write_str(&mut f, &href_path(&super::article_path(&a.slug)));
            f.extend_from_slice(b",\"title\":");
            crate::json::write_str(&mut f, &a.title);
            f.extend_from_slice(b",\"mentions\":");
            Ok(f)
        })
        .collect::<Result<_>>()?;
    let indices: Vec<usize> = (0..archive.entities.len()).collect();
    // A record reads its entity, its counts, and the slug and title of each of its articles.
    let memo = |&i: &usize| {
        use std::hash::{Hash, Hasher};
        let e = &archive.entities[i];
        let mut h = rustc_hash::FxHasher::default();
        (stats.mentions[i], &stats.articles[i]).hash(&mut h);
        let unchanged = reuse.is_some_and(|r| {
            r.entity_unchanged(&e.id)
                && stats.articles[i]
                    .iter()
                    .all(|&(ai, _, _)| r.article_unchanged_at(ai))
        });
        (format!("entities\0{}", e.id), h.finish(), unchanged)
    };
    crate::export::write_json_lines(w, &indices, reuse, memo, |&i| {
        let e = &archive.entities[i];
        let head = EntityRecord {
            id: &e.id,
            name: &e.name,
            kind: e.kind.as_str(),
            aliases: &e.aliases,
            description: e.description.as_deref(),
            wikidata: e.wikidata.as_deref(),
            origin: e.origin,
            automatic: e.origin == EntityOrigin::Discovered,
            url: href_path(&entity_path(e.kind, &e.slug)),
            mentions: stats.mentions[i],
            articles: Vec::new(),
        };
        let mut out = crate::json::to_vec(&head)?;
        // `articles` is the last field: reopen its empty array.
        debug_assert!(out.ends_with(b"[]}"));
        out.truncate(out.len() - 2);
        for (n, &(ai, mentions, _)) in stats.articles[i].iter().enumerate() {
            if n > 0 {
                out.push(b',');
            }
            out.extend_from_slice(&fragments[ai]);
            out.extend_from_slice(mentions.to_string().as_bytes());
            out.push(b'}');
        }
        out.extend_from_slice(b"]}");
        Ok(out)
    })
}

/// The entity types in index order, for templates that list them.
pub fn kinds() -> [EntityType; 3] {
    EntityType::ALL
}
