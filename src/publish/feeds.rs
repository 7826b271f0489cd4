//! Atom feeds (RFC 4287): the latest articles at the site root (`atom.xml`) and one feed per
//! entity beside its page (`entities/<type>/<slug>/atom.xml`). Only dated articles are entries:
//! Atom requires a date and diwan never invents one.

use rustc_hash::FxHashMap as HashMap;

use anyhow::Result;

use super::{absolute_url, xml_escape};
use crate::config::Settings;
use crate::model::{Archive, Article, BlockKind, Entity, EntityType};
use crate::output::Output;
use crate::render::{article_path, Reuse};

/// Output path of the site feed.
pub const SITE_FEED: &str = "atom.xml";

/// Output path of an entity's feed, beside its page.
pub fn entity_feed_path(e: &Entity) -> String {
    ["entities/", e.kind.as_str(), "/", &e.slug, "/atom.xml"].concat()
}

/// Writes the site feed and one feed per entity of the archive. In `watch` and `serve`, a
/// feed whose entries are the same unchanged articles as last time is kept.
pub fn write_all(
    settings: &Settings,
    archive: &Archive,
    out: &Output,
    reuse: Option<&Reuse>,
) -> Result<()> {
    use rayon::prelude::*;
    let reuse = reuse.filter(|_| out.can_keep());
    let site: Vec<&Article> = archive.articles.iter().collect();
    let mut by_entity: HashMap<&str, Vec<&Article>> = HashMap::default();
    for a in &archive.articles {
        for ae in a.entities.iter() {
            by_entity.entry(ae.id.as_str()).or_default().push(a);
        }
    }
    let write = |rel: &str, articles: &[&Article], xml: &dyn Fn() -> String| -> Result<()> {
        if let Some(reuse) = reuse {
            // The feed reads its path, its page, its title and its entries (the entity's
            // name, type and slug are in the first two).
            use std::hash::{Hash, Hasher};
            let mut h = rustc_hash::FxHasher::default();
            let entries = entries(settings, articles);
            for a in &entries {
                a.path.hash(&mut h);
            }
            let unchanged = entries.iter().all(|a| reuse.article_unchanged(a));
            if reuse.keep_if_same(out, rel, h.finish(), unchanged)? {
                return Ok(());
            }
        }
        out.write(rel, xml().as_bytes())
    };
    write(SITE_FEED, &site, &|| site_feed(settings, archive))?;
    archive.entities.par_iter().try_for_each(|e| {
        let articles = by_entity
            .get(e.id.as_str())
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        write(&entity_feed_path(e), articles, &|| {
            entity_feed_of(settings, archive, e, articles)
        })
    })
}

/// The entries of a feed of `articles` (in archive order): the latest dated ones.
fn entries<'a>(settings: &Settings, articles: &[&'a Article]) -> Vec<&'a Article> {
    articles
        .iter()
        .copied()
        .filter(|a| a.date.is_some())
        .take(settings.feed_limit)
        .collect()
}

/// The feed of the latest dated articles (`feed_limit` of them), newest first.
pub fn site_feed(settings: &Settings, archive: &Archive) -> String {
    let articles: Vec<&Article> = archive.articles.iter().collect();
    feed(
        settings,
        archive,
        &settings.title,
        SITE_FEED,
        "index.html",
        &articles,
    )
}

/// The feed of the latest dated articles that mention `e`.
pub fn entity_feed(settings: &Settings, archive: &Archive, e: &Entity) -> String {
    let articles: Vec<&Article> = archive
        .articles
        .iter()
        .filter(|a| a.entities.iter().any(|ae| ae.id == e.id))
        .collect();
    entity_feed_of(settings, archive, e, &articles)
}

fn entity_feed_of(
    settings: &Settings,
    archive: &Archive,
    e: &Entity,
    articles: &[&Article],
) -> String {
    let title = format!("{} · {}", e.name, settings.title);
    let page = crate::render::context::entity_path(e.kind, &e.slug);
    feed(
        settings,
        archive,
        &title,
        &entity_feed_path(e),
        &page,
        articles,
    )
}

/// RFC 3339 timestamp of a day (midnight UTC: only the day is known).
fn day_stamp(a: &Article) -> Option<String> {
    a.date_iso().map(|d| format!("{d}T00:00:00Z"))
}

/// `articles` are in archive order (newest first, undated last).
fn feed(
    settings: &Settings,
    archive: &Archive,
    title: &str,
    self_rel: &str,
    page_rel: &str,
    articles: &[&Article],
) -> String {
    let entries = entries(settings, articles);
    // An empty feed still needs `updated`: the epoch keeps builds reproducible.
    let updated = entries
        .first()
        .and_then(|a| day_stamp(a))
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string());
    let self_url = absolute_url(settings, self_rel);
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    x.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        xml_escape(&settings.language)
    ));
    x.push_str(&format!("  <id>{}</id>\n", xml_escape(&self_url)));
    x.push_str(&format!("  <title>{}</title>\n", xml_escape(title)));
    if !settings.description.is_empty() {
        x.push_str(&format!(
            "  <subtitle>{}</subtitle>\n",
            xml_escape(&settings.description)
        ));
    }
    x.push_str(&format!("  <updated>{updated}</updated>\n"));
    x.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        xml_escape(&self_url)
    ));
    x.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml_escape(&absolute_url(settings, page_rel))
    ));
    x.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        xml_escape(&settings.organization)
    ));
    x.push_str(&format!(
        "  <generator version=\"{}\">diwan</generator>\n",
        env!("CARGO_PKG_VERSION")
    ));
    // The category scheme of each entity type, the same in every entry.
    let schemes = EntityType::ALL.map(|k| {
        xml_escape(&absolute_url(
            settings,
            &["entities/", k.as_str(), "/"].concat(),
        ))
    });
    for a in entries {
        entry(&mut x, settings, archive, a, &schemes);
    }
    x.push_str("</feed>\n");
    x
}

fn entry(
    x: &mut String,
    settings: &Settings,
    archive: &Archive,
    a: &Article,
    schemes: &[String; 3],
) {
    // Written piece by piece (`String: Extend<&str>`): a feed of every entity repeats this
    // for each of its articles.
    let url = xml_escape(&absolute_url(settings, &article_path(&a.slug)));
    let stamp = day_stamp(a).unwrap_or_default();
    let title = xml_escape(&a.title);
    x.extend([
        "  <entry>\n    <id>",
        &url,
        "</id>\n    <title>",
        &title,
        "</title>\n    <published>",
        &stamp,
        "</published>\n    <updated>",
        &stamp,
        "</updated>\n    <link rel=\"alternate\" type=\"text/html\" href=\"",
        &url,
        "\"/>\n",
    ]);
    if let Some(src) = &a.source_url {
        x.extend([
            "    <link rel=\"related\" href=\"",
            &xml_escape(src),
            "\"/>\n",
        ]);
    }
    if let Some(source) = &a.source {
        x.extend([
            "    <author><name>",
            &xml_escape(source),
            "</name></author>\n",
        ]);
    }
    for ae in a.entities.iter() {
        if let Some(e) = archive.entity(&ae.id) {
            let kind = EntityType::ALL.iter().position(|k| *k == e.kind);
            let scheme = &schemes[kind.expect("every type is in ALL")];
            x.extend([
                "    <category term=\"",
                &xml_escape(&e.id),
                "\" label=\"",
                &xml_escape(&e.name),
                "\" scheme=\"",
                scheme,
                "\"/>\n",
            ]);
        }
    }
    let summary = a.summary.as_deref().or_else(|| {
        a.blocks
            .iter()
            .find(|b| b.kind == BlockKind::Paragraph)
            .map(|b| b.text.as_str())
    });
    if let Some(s) = summary {
        x.extend(["    <summary>", &xml_escape(s), "</summary>\n"]);
    }
    x.push_str("  </entry>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EntityType;
    use crate::publish::jsonld::tests::{archive, article, test_entity};
    use crate::publish::tests::settings;
    use roxmltree::{Document, Node};

    const ATOM: &str = "http://www.w3.org/2005/Atom";

    fn children<'a, 'i>(n: Node<'a, 'i>, name: &str) -> Vec<Node<'a, 'i>> {
        n.children().filter(|c| c.has_tag_name(name)).collect()
    }

    fn text(n: Node, name: &str) -> String {
        children(n, name)[0].text().unwrap_or_default().to_string()
    }

    fn sample() -> Archive {
        archive(
            vec![
                article("new", Some("2022-03-01"), &[("rabat", 1)]),
                article("old", Some("2021-12-18"), &[("rabat", 2), ("fbi", 1)]),
                article("undated", None, &[("rabat", 1)]),
            ],
            vec![
                test_entity("rabat", "الرباط", EntityType::Place, Some("Q3551")),
                test_entity("fbi", "FBI", EntityType::Organization, None),
            ],
        )
    }

    #[test]
    fn site_feed_lists_dated_articles_newest_first() {
        let s = settings();
        let xml = site_feed(&s, &sample());
        let doc = Document::parse(&xml).unwrap();
        let feed = doc.root_element();
        assert_eq!(feed.tag_name().name(), "feed");
        assert_eq!(feed.tag_name().namespace(), Some(ATOM));
        assert_eq!(text(feed, "id"), "https://example.org/a/atom.xml");
        assert_eq!(text(feed, "title"), "أرشيف");
        assert_eq!(text(feed, "updated"), "2022-03-01T00:00:00Z");
        assert_eq!(children(feed, "author").len(), 1);
        let entries = children(feed, "entry");
        let ids: Vec<String> = entries.iter().map(|e| text(*e, "id")).collect();
        assert_eq!(
            ids,
            [
                "https://example.org/a/articles/new/",
                "https://example.org/a/articles/old/"
            ]
        );
        let e = entries[1];
        assert_eq!(text(e, "title"), "عنوان old <b>&");
        assert_eq!(text(e, "updated"), "2021-12-18T00:00:00Z");
        assert_eq!(text(e, "summary"), "الفقرة الأولى");
        assert!(children(e, "link")
            .iter()
            .any(|l| l.attribute("rel") == Some("related")
                && l.attribute("href") == Some("https://example.com/old")));
        let terms: Vec<&str> = children(e, "category")
            .iter()
            .filter_map(|c| c.attribute("term"))
            .collect();
        assert_eq!(terms, ["rabat", "fbi"]);
    }

    #[test]
    fn feed_limit_caps_the_entries() {
        let mut s = settings();
        s.feed_limit = 1;
        let xml = site_feed(&s, &sample());
        let doc = Document::parse(&xml).unwrap();
        assert_eq!(children(doc.root_element(), "entry").len(), 1);
    }

    #[test]
    fn entity_feed_lists_the_articles_that_mention_it() {
        let s = settings();
        let ar = sample();
        let fbi = ar.entity("fbi").unwrap();
        assert_eq!(entity_feed_path(fbi), "entities/organization/fbi/atom.xml");
        let xml = entity_feed(&s, &ar, fbi);
        let doc = Document::parse(&xml).unwrap();
        let feed = doc.root_element();
        assert_eq!(
            text(feed, "id"),
            "https://example.org/a/entities/organization/fbi/atom.xml"
        );
        assert_eq!(text(feed, "title"), "FBI · أرشيف");
        let entries = children(feed, "entry");
        assert_eq!(entries.len(), 1);
        assert_eq!(
            text(entries[0], "id"),
            "https://example.org/a/articles/old/"
        );
        // An entity of undated articles only still gets a valid, empty feed.
        let lone = test_entity("x", "س", EntityType::Person, None);
        let xml = entity_feed(&s, &ar, &lone);
        let doc = Document::parse(&xml).unwrap();
        assert!(children(doc.root_element(), "entry").is_empty());
        assert_eq!(text(doc.root_element(), "updated"), "1970-01-01T00:00:00Z");
    }
}
