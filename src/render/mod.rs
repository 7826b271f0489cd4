//! Rendering: Tera with the theme, and one function per page type that fills a template
//! context from borrowed views of the archive and hands the page to the output sink.

pub mod context;
pub mod entities;
pub mod format;
pub mod reuse;
pub mod svg;
pub mod theme;
pub mod timeline;

use anyhow::{anyhow, Context as _, Result};
use rayon::prelude::*;
use serde::Serialize;

use crate::config::Settings;
use crate::model::Archive;
use crate::output::Output;
use context::{ArticlePage, ArticleSummary, Pager, SiteView};
pub use reuse::Reuse;
pub use theme::Theme;

/// Every message of a Tera error, outermost first (Tera can keep the useful part in sources).
pub fn tera_error_chain(e: &tera::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ")
}

/// What every page gets: the site, the way back to the root, the UI strings.
pub struct Renderer<'a> {
    pub settings: &'a Settings,
    pub theme: &'a Theme,
    pub site: SiteView<'a>,
    /// The previous build's pages, in `watch` and `serve`.
    pub reuse: Option<&'a Reuse<'a>>,
    /// The search index's term counts kept between rebuilds, in `watch` and `serve`.
    pub search_cache: Option<&'a std::sync::Mutex<crate::search::Cache>>,
    /// [`Renderer::site`] as a template value, made once: every page has it as `site`.
    site_value: tera::Value,
    /// Each entity's JSON-LD reference (article pages' `about` and `mentions`), made once
    /// per build when first needed, with the id it was made for.
    entity_refs: std::sync::OnceLock<Vec<std::sync::OnceLock<(String, serde_json::Value)>>>,
}

impl<'a> Renderer<'a> {
    pub fn new(settings: &'a Settings, theme: &'a Theme) -> Self {
        let site = SiteView::new(settings);
        Renderer {
            settings,
            theme,
            site_value: tera::Value::from_serializable(&site),
            site,
            reuse: None,
            search_cache: None,
            entity_refs: std::sync::OnceLock::new(),
        }
    }

    /// The JSON-LD reference of entity `i` of `archive` ([`crate::publish::jsonld::entity_ref`]),
    /// made once per renderer.
    pub fn entity_ref(
        &self,
        archive: &Archive,
        i: usize,
        e: &crate::model::Entity,
    ) -> serde_json::Value {
        let make = || crate::publish::jsonld::entity_ref(self.settings, e);
        let refs = self.entity_refs.get_or_init(|| {
            (0..archive.entities.len())
                .map(|_| std::sync::OnceLock::new())
                .collect()
        });
        match refs
            .get(i)
            .map(|r| r.get_or_init(|| (e.id.clone(), make())))
        {
            // A renderer used with another archive (the tests) makes it afresh.
            Some((id, v)) if *id == e.id => v.clone(),
            _ => make(),
        }
    }

    /// A renderer that builds the search index from the term counts kept in `cache`.
    pub fn with_search_cache(mut self, cache: &'a std::sync::Mutex<crate::search::Cache>) -> Self {
        self.search_cache = Some(cache);
        self
    }

    /// A renderer that keeps the pages whose inputs did not change since the previous build.
    pub fn reusing(mut self, reuse: &'a Reuse<'a>) -> Self {
        self.reuse = Some(reuse);
        self
    }

    /// Renders `template` for the page at output path `rel` with `extra` fields.
    pub fn page<T: Serialize>(&self, template: &str, rel: &str, extra: &T) -> Result<String> {
        let ctx = self.context(rel, extra)?;
        self.theme
            .tera
            .render(template, &ctx)
            .map_err(|e| anyhow!("{}", tera_error_chain(&e)))
            .with_context(|| format!("cannot render {rel} with template {template}"))
    }

    /// The template context of the page at `rel`: `extra`, and what every page has (a page
    /// that sets one of those keys itself gets it overridden).
    fn context<T: Serialize>(&self, rel: &str, extra: &T) -> Result<tera::Context> {
        let mut ctx = tera::Context::from_serialize(extra)
            .map_err(|e| anyhow!("{}", tera_error_chain(&e)))?;
        // The site and the UI strings are the same on every page: their values are made
        // once and shared (the 99 UI strings took 0.56 s of CPU time per 20,000 pages when
        // made for each).
        ctx.insert_value("site", self.site_value.clone());
        ctx.insert_value("t", self.theme.strings_value.clone());
        ctx.insert("root", &format::root_prefix(rel));
        ctx.insert("page_path", rel);
        ctx.insert(
            "canonical",
            &crate::publish::absolute_url(self.settings, rel),
        );
        Ok(ctx)
    }

    /// Renders a page and writes it.
    pub fn write<T: Serialize>(
        &self,
        out: &Output,
        template: &str,
        rel: &str,
        extra: &T,
    ) -> Result<()> {
        if let Some(reuse) = self.reuse {
            if reuse.same_inputs(template, rel, extra) && out.can_keep() {
                return out.keep(rel);
            }
        }
        self.render_write(out, template, rel, extra)
    }

    /// Renders a page and writes it, without recording its inputs for reuse (for pages whose
    /// caller recorded a digest of them instead: see [`Reuse::keep_if_same`]).
    pub fn render_write<T: Serialize>(
        &self,
        out: &Output,
        template: &str,
        rel: &str,
        extra: &T,
    ) -> Result<()> {
        // Rendered into a buffer kept by the thread: Tera's own `render` grows a fresh
        // buffer from 2 KB for every page and checks it is UTF-8 (it is: Tera writes
        // strings) to return a `String` that is written and dropped.
        thread_local! {
            static RENDERED: crate::output::PageBuffer = const { crate::output::PageBuffer::new(Vec::new()) };
        }
        crate::output::with_kept_buffer(&RENDERED, |buf| {
            let ctx = self.context(rel, extra)?;
            self.theme
                .tera
                .render_to(template, &ctx, &mut *buf)
                .map_err(|e| anyhow!("{}", tera_error_chain(&e)))
                .with_context(|| format!("cannot render {rel} with template {template}"))?;
            out.write_html_bytes(rel, buf)
        })
    }
}

/// Output path of an article page.
pub fn article_path(slug: &str) -> String {
    ["articles/", slug, "/index.html"].concat()
}

/// Output path of page `n` (1-based) of the article list.
pub fn index_path(n: usize) -> String {
    if n <= 1 {
        "index.html".to_string()
    } else {
        ["page/", &n.to_string(), "/index.html"].concat()
    }
}

/// Renders the core pages: article pages (in parallel), the paginated index, and 404.
pub fn render_core(r: &Renderer, archive: &Archive, out: &Output) -> Result<()> {
    // The pages of unchanged articles (and their captures) are kept all at once.
    let kept = archive
        .articles
        .par_iter()
        .enumerate()
        .try_fold(Vec::new, |mut kept, (i, a)| -> Result<Vec<String>> {
            let rel = article_path(&a.slug);
            if r.reuse.is_some_and(|reuse| reuse.article_unchanged_at(i)) {
                kept.push(rel);
                if let Some(origin) = &a.origin {
                    let name = origin.rsplit('/').next().unwrap_or(origin);
                    kept.push(format!("articles/{}/{name}", a.slug));
                }
                return Ok(kept);
            }
            let page = ArticlePage::new(r, archive, a);
            r.write(out, "article.html", &rel, &page)?;
            if let (Some(origin), Some(capture)) = (&a.origin, &page.capture) {
                let src = r.settings.root.join(origin);
                out.copy(&format!("articles/{}/{}", a.slug, capture.name), &src)?;
            }
            Ok(kept)
        })
        .try_reduce(Vec::new, |mut a, b| {
            a.extend(b);
            Ok(a)
        })?;
    if let Some(reuse) = r.reuse {
        reuse.keep_all(out, &kept)?;
    }
    let per_page = r.settings.paginate;
    let pages: Vec<&[crate::model::Article]> = if archive.articles.is_empty() {
        vec![&[]]
    } else {
        archive.articles.chunks(per_page).collect()
    };
    let total = pages.len();
    pages
        .par_iter()
        .enumerate()
        .try_for_each(|(i, chunk)| -> Result<()> {
            let rel = index_path(i + 1);
            if let Some(reuse) = r.reuse {
                // Every input of the page besides what every page has (fixed while pages
                // are reused): a body edit keeps all the lists without rendering them.
                use std::hash::{Hash, Hasher};
                let mut h = rustc_hash::FxHasher::default();
                (i, total, archive.articles.len()).hash(&mut h);
                for a in chunk.iter() {
                    ArticleSummary::hash_inputs(a, &mut h);
                }
                if reuse.keep_if_same(out, &rel, h.finish(), true)? {
                    return Ok(());
                }
            }
            #[derive(Serialize)]
            struct IndexPage<'b> {
                articles: Vec<ArticleSummary<'b>>,
                pager: Pager,
                total_articles: usize,
            }
            let page = IndexPage {
                articles: chunk
                    .iter()
                    .map(|a| ArticleSummary::new(r, a, &rel))
                    .collect(),
                pager: Pager::new(i + 1, total, &rel, index_path),
                total_articles: archive.articles.len(),
            };
            match r.reuse {
                // The digest above stands for the context.
                Some(_) => r.render_write(out, "index.html", &rel, &page),
                None => r.write(out, "index.html", &rel, &page),
            }
        })?;
    #[derive(Serialize)]
    struct Empty {}
    r.write(out, "404.html", "404.html", &Empty {})?;
    for (rel, file) in &r.theme.statics {
        match file {
            theme::StaticFile::Disk(p) => out.copy(rel, p)?,
            theme::StaticFile::Embedded(bytes) => out.write(rel, bytes)?,
        }
    }
    Ok(())
}

/// Builds the search index, writes its files and renders the search page (`search/index.html`).
pub fn render_search(r: &Renderer, archive: &Archive, out: &Output) -> Result<()> {
    let display: Vec<crate::search::DocDisplay> = archive
        .articles
        .iter()
        .map(|a| crate::search::DocDisplay {
            url: format::href_path(&article_path(&a.slug)),
            date: a
                .date
                .map(|d| format::format_day(d, &r.theme.strings, r.settings.digits)),
        })
        .collect();
    let entity_url = |kind, slug: &str| format::href_path(&context::entity_path(kind, slug));
    // An article's file is kept when it is the same article at the same place, unchanged.
    let reuse = r.reuse.filter(|_| out.can_keep());
    let write_doc = |i: usize, rel: &str, text: &dyn Fn() -> Result<String>| {
        if let Some(reuse) = reuse {
            let path = crate::output::fingerprint(archive.articles[i].path.as_bytes());
            if reuse.keep_if_same(out, rel, path, reuse.article_unchanged_at(i))? {
                return Ok(());
            }
        }
        out.write(rel, text()?.as_bytes())
    };
    let index = match r.search_cache {
        Some(cache) => {
            let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
            crate::search::build_incremental(archive, &display, entity_url, write_doc, &mut cache)?
        }
        None => crate::search::build(archive, &display, entity_url, write_doc)?,
    };
    index.files.par_iter().try_for_each(|f| {
        if let (Some(reuse), Some(digest)) = (reuse, f.digest) {
            if reuse.keep_if_same(out, &f.path, digest, true)? {
                return Ok(());
            }
        }
        out.write(&f.path, f.text.as_bytes())
    })?;
    #[derive(Serialize)]
    struct YearOption {
        value: i32,
        label: String,
    }
    #[derive(Serialize)]
    struct SearchPage {
        years: Vec<YearOption>,
        types: [&'static str; 3],
    }
    r.write(
        out,
        "search.html",
        "search/index.html",
        &SearchPage {
            years: index
                .years
                .iter()
                .rev()
                .map(|&y| YearOption {
                    value: y,
                    label: format::digits(&y.to_string(), r.settings.digits),
                })
                .collect(),
            types: crate::model::EntityType::ALL.map(|k| k.as_str()),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct First {
        a: u32,
        title: &'static str,
    }

    #[derive(Serialize)]
    struct Second {
        b: u32,
    }

    /// A page that sets a key of the base context itself.
    #[derive(Serialize)]
    struct OwnStrings {
        t: u32,
    }

    #[test]
    fn each_page_gets_its_own_fields_and_what_every_page_has() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("site.toml"),
            "title = \"أرشيف الصحافة\"\nbase_url = \"https://example.org/\"\n",
        )
        .unwrap();
        let settings = Settings::load(dir.path()).unwrap();
        let theme = Theme::load(&settings).unwrap();
        let r = Renderer::new(&settings, &theme);
        // (page, its context, the key it sets, its value there, root)
        let first = r
            .context(
                "articles/x/index.html",
                &First {
                    a: 1,
                    title: "عنوان",
                },
            )
            .unwrap();
        let second = r.context("index.html", &Second { b: 2 }).unwrap();
        let own = r
            .context("page/2/index.html", &OwnStrings { t: 3 })
            .unwrap();
        let rows: [(&str, &tera::Context, &str, u64, &str); 3] = [
            ("article", &first, "a", 1, "../../"),
            ("index", &second, "b", 2, ""),
            ("page 2", &own, "page_path", 0, "../../"),
        ];
        for (name, ctx, key, value, root) in rows {
            assert!(ctx.get(key).is_some(), "{name}: {key}");
            if value > 0 {
                assert_eq!(ctx.get(key).and_then(|v| v.as_u64()), Some(value), "{name}");
            }
            assert_eq!(
                ctx.get("root").and_then(|v| v.as_str()),
                Some(root),
                "{name}"
            );
            // The base keys are the renderer's, over a page's own `t`.
            assert!(
                ctx.get("t").is_some_and(|v| v.is_map()),
                "{name}: the UI strings"
            );
            let site = ctx.get("site").and_then(|v| v.as_map()).expect("site");
            assert_eq!(
                site.iter()
                    .find(|(k, _)| k.as_str() == Some("title"))
                    .and_then(|(_, v)| v.as_str()),
                Some("أرشيف الصحافة"),
                "{name}"
            );
        }
        assert_eq!(first.get("title").and_then(|v| v.as_str()), Some("عنوان"));
        assert!(second.get("a").is_none() && second.get("title").is_none());
    }

    #[test]
    fn entity_references_made_once_equal_those_made_for_each_page() {
        use crate::model::EntityType;
        use crate::publish::jsonld::{
            self,
            tests::{archive, article, test_entity},
        };
        let settings = crate::publish::tests::settings();
        let theme = Theme::load(&settings).unwrap();
        let r = Renderer::new(&settings, &theme);
        let entities = || {
            vec![
                test_entity("rabat", "الرباط", EntityType::Place, Some("Q3551")),
                test_entity("fbi", "FBI", EntityType::Organization, None),
                test_entity("h", "عبد اللطيف حموشي", EntityType::Person, None),
            ]
        };
        let first = archive(
            vec![
                article("a", Some("2021-12-18"), &[("rabat", 1), ("fbi", 2)]),
                article("b", None, &[("h", 2), ("rabat", 2)]),
            ],
            entities(),
        );
        // Another archive whose entities stand at other indices: its references must not
        // be taken from the first one's.
        let mut swapped = entities();
        swapped.reverse();
        let second = archive(vec![article("c", None, &[("rabat", 1), ("h", 1)])], swapped);
        for ar in [&first, &first, &second] {
            for a in &ar.articles {
                let cached =
                    jsonld::news_article_with(&settings, ar, a, &|i, e| r.entity_ref(ar, i, e));
                assert_eq!(cached, jsonld::news_article(&settings, ar, a), "{}", a.slug);
                let refs = ["about", "mentions"].map(|k| cached.get(k).and_then(|v| v.as_array()));
                let n: usize = refs.iter().flatten().map(|v| v.len()).sum();
                assert_eq!(n, a.entities.len(), "{}", a.slug);
            }
        }
    }
}
