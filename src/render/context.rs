//! Template contexts: small serializable views borrowed from the archive. URLs in views are
//! relative to the site root and percent-encoded; templates prefix them with `{{ root }}`.

use serde::Serialize;

use super::format::{self, href_path};
use super::Renderer;
use crate::config::{LinkMentions, Settings};
use crate::content::markdown::{self, InlineLink};
use crate::model::{Archive, Article, EntityType};

#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub language: &'a str,
    pub direction: &'a str,
    pub base_url: &'a str,
    pub eastern_digits: bool,
}

impl<'a> SiteView<'a> {
    pub fn new(s: &'a Settings) -> Self {
        SiteView {
            title: &s.title,
            description: &s.description,
            language: &s.language,
            direction: &s.direction,
            base_url: &s.base_url,
            eastern_digits: s.digits == crate::config::Digits::Eastern,
        }
    }
}

/// An article in a list.
#[derive(Serialize)]
pub struct ArticleSummary<'a> {
    pub title: &'a str,
    pub url: String,
    pub date: Option<String>,
    pub date_display: Option<String>,
    pub source: Option<&'a str>,
    pub summary: Option<&'a str>,
}

impl<'a> ArticleSummary<'a> {
    pub fn new(r: &Renderer, a: &'a Article, _from: &str) -> Self {
        ArticleSummary {
            title: &a.title,
            url: href_path(&super::article_path(&a.slug)),
            date: a.date_iso(),
            date_display: a
                .date
                .map(|d| format::format_day(d, &r.theme.strings, r.settings.digits)),
            source: a.source.as_deref(),
            summary: a.summary.as_deref(),
        }
    }

    /// Hashes every field of `a` that [`ArticleSummary::new`] reads (keep the two together):
    /// a list page's digest for reuse.
    pub fn hash_inputs<H: std::hash::Hasher>(a: &Article, h: &mut H) {
        use std::hash::Hash;
        (&a.title, &a.slug, a.date, &a.source, &a.summary).hash(h);
    }
}

/// The raw capture shown beside an article.
#[derive(Serialize)]
pub struct CaptureView {
    pub name: String,
    pub url: String,
    pub sha256: String,
}

/// A link to an entity from an article.
#[derive(Serialize)]
pub struct EntityLink<'a> {
    pub name: &'a str,
    pub url: String,
    pub kind: &'static str,
    pub count: usize,
    pub automatic: bool,
}

/// Entities of one type on an article page.
#[derive(Serialize)]
pub struct EntityGroup<'a> {
    pub kind: &'static str,
    pub entities: Vec<EntityLink<'a>>,
}

/// Output path of an entity page.
pub fn entity_path(kind: EntityType, slug: &str) -> String {
    ["entities/", kind.as_str(), "/", slug, "/index.html"].concat()
}

/// A dated event on an article page.
#[derive(Serialize)]
pub struct EventView<'a> {
    pub date: &'a str,
    pub date_display: String,
    pub surface: &'a str,
    pub anchor: &'a str,
}

#[derive(Serialize)]
pub struct ArticlePage<'a> {
    pub title: &'a str,
    pub title_generated: bool,
    pub date: Option<String>,
    pub date_display: Option<String>,
    pub source: Option<&'a str>,
    pub source_url: Option<&'a str>,
    pub dateline: Option<&'a str>,
    pub summary: Option<&'a str>,
    /// The subtitle under the headline.
    pub deck: Option<&'a str>,
    /// The writer named by the byline.
    pub author: Option<&'a str>,
    pub body_html: String,
    pub capture: Option<CaptureView>,
    pub entity_groups: Vec<EntityGroup<'a>>,
    pub events: Vec<EventView<'a>>,
    /// `NewsArticle` JSON-LD, put in the page head by `base.html`.
    pub jsonld: String,
}

impl<'a> ArticlePage<'a> {
    pub fn new(r: &Renderer, archive: &'a Archive, a: &'a Article) -> Self {
        let capture = a.origin.as_ref().map(|o| {
            let name = o.rsplit('/').next().unwrap_or(o).to_string();
            CaptureView {
                url: format::href_path(&name),
                name,
                sha256: a.origin_sha256.clone().unwrap_or_default(),
            }
        });
        let rel = super::article_path(&a.slug);
        let root = format::root_prefix(&rel);
        let mut links = Vec::new();
        let mut groups: Vec<EntityGroup> = EntityType::ALL
            .iter()
            .map(|k| EntityGroup {
                kind: k.as_str(),
                entities: Vec::new(),
            })
            .collect();
        for ae in a.entities.iter() {
            let Some(e) = archive.entity(&ae.id) else {
                continue;
            };
            let url = href_path(&entity_path(e.kind, &e.slug));
            let mut linked_blocks = rustc_hash::FxHashSet::default();
            for (n, m) in ae.mentions.iter().enumerate() {
                let link = match r.settings.link_mentions {
                    LinkMentions::Paragraph => linked_blocks.insert(m.block),
                    LinkMentions::Article => n == 0,
                    LinkMentions::All => true,
                    LinkMentions::None => false,
                };
                if link {
                    links.push(InlineLink {
                        block: m.block,
                        start: m.start,
                        end: m.end,
                        href: [root.as_str(), url.as_str()].concat(),
                        class: ["entity ", e.kind.as_str()].concat(),
                    });
                }
            }
            let g = groups
                .iter_mut()
                .find(|g| g.kind == e.kind.as_str())
                .unwrap();
            g.entities.push(EntityLink {
                name: &e.name,
                url,
                kind: e.kind.as_str(),
                count: ae.mentions.len(),
                automatic: e.origin == crate::model::EntityOrigin::Discovered,
            });
        }
        groups.retain(|g| !g.entities.is_empty());
        let events = a
            .events
            .iter()
            .map(|ev| EventView {
                date: &ev.date,
                date_display: format::format_iso(&ev.date, &r.theme.strings, r.settings.digits),
                surface: &ev.surface,
                anchor: &a.blocks[ev.block].anchor,
            })
            .collect();
        ArticlePage {
            title: &a.title,
            title_generated: a.title_generated,
            date: a.date_iso(),
            date_display: a
                .date
                .map(|d| format::format_day(d, &r.theme.strings, r.settings.digits)),
            source: a.source.as_deref(),
            source_url: a.source_url.as_deref(),
            dateline: a.dateline.as_deref(),
            summary: a.summary.as_deref(),
            deck: a.deck.as_deref(),
            author: a.author.as_deref(),
            body_html: markdown::to_html(&a.body, &links),
            capture,
            entity_groups: groups,
            events,
            jsonld: crate::publish::jsonld::script(&crate::publish::jsonld::news_article_with(
                r.settings,
                archive,
                a,
                &|i, e| r.entity_ref(archive, i, e),
            )),
        }
    }
}

/// Pagination of a list.
#[derive(Serialize)]
pub struct Pager {
    pub current: usize,
    pub total: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub pages: Vec<PagerLink>,
}

/// One entry of the pager: a page link, or a gap (`…`) standing for the pages left out.
#[derive(Serialize)]
pub struct PagerLink {
    pub number: usize,
    pub url: String,
    pub current: bool,
    pub gap: bool,
}

/// Pages listed on each side of the current one (first and last are always listed).
const PAGER_WINDOW: usize = 2;

impl Pager {
    /// `path_of(n)` gives the root-relative output path of page n. Only the first, the
    /// last and a window around the current page are listed, with gaps between: listing
    /// every page made each list page O(pages), the whole list O(pages²) to render.
    pub fn new(
        current: usize,
        total: usize,
        _from: &str,
        path_of: impl Fn(usize) -> String,
    ) -> Pager {
        let url = |n: usize| href_path(&path_of(n));
        let near = |n: usize| n == 1 || n == total || n.abs_diff(current) <= PAGER_WINDOW;
        let mut pages = Vec::new();
        for n in (1..=total).filter(|&n| near(n)) {
            if let Some(last) = pages.last().map(|p: &PagerLink| p.number) {
                if n > last + 1 {
                    pages.push(PagerLink {
                        number: 0,
                        url: String::new(),
                        current: false,
                        gap: true,
                    });
                }
            }
            pages.push(PagerLink {
                number: n,
                url: url(n),
                current: n == current,
                gap: false,
            });
        }
        Pager {
            current,
            total,
            prev: (current > 1).then(|| url(current - 1)),
            next: (current < total).then(|| url(current + 1)),
            pages,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(current: usize, total: usize) -> Vec<String> {
        Pager::new(current, total, "", |n| format!("page/{n}/index.html"))
            .pages
            .iter()
            .map(|p| {
                if p.gap {
                    "…".to_string()
                } else if p.current {
                    format!("[{}]", p.number)
                } else {
                    p.number.to_string()
                }
            })
            .collect()
    }

    #[test]
    fn pager_lists_a_window_not_every_page() {
        let rows: &[(usize, usize, &str)] = &[
            (1, 1, "[1]"),
            (1, 3, "[1] 2 3"),
            (4, 7, "1 2 3 [4] 5 6 7"),
            (1, 500, "[1] 2 3 … 500"),
            (250, 500, "1 … 248 249 [250] 251 252 … 500"),
            (500, 500, "1 … 498 499 [500]"),
            (4, 500, "1 2 3 [4] 5 6 … 500"),
        ];
        for &(current, total, want) in rows {
            assert_eq!(
                shown(current, total).join(" "),
                want,
                "page {current} of {total}"
            );
        }
    }
}
