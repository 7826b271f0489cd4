//! Reuse of the previous build's pages in `watch` and `serve`: a page whose inputs did not
//! change is kept as it is on disk instead of being rendered and minified again.
//!
//! Two levels. Every page written through [`super::Renderer::write`] is skipped when its
//! template and context serialize to the same fingerprint as last time (this covers any page
//! type without it knowing). Article pages go further and skip building their context at all
//! when the article and the entities it links are equal to last time: see
//! [`Reuse::article_unchanged`], which must follow what [`super::context::ArticlePage`] reads.
//! The later pages of an entity's article list are checked the same way from a small digest
//! (see [`Reuse::same_digest`]): at 10,000 articles there are ten thousand of them.
//! Reuse is only offered while the settings and templates are the ones the previous build used.

use std::collections::{HashMap, HashSet};
use std::hash::Hasher;
use std::sync::Mutex;

use anyhow::Result;
use serde::Serialize;

use crate::model::{Archive, Article};
use crate::output::Output;

/// Fingerprints of the pages of one build, by output path.
pub type PageMemo = HashMap<String, u64>;

/// What a rebuild may take from the previous one.
pub struct Reuse<'p> {
    previous: HashMap<&'p str, &'p Article>,
    changed_entities: HashSet<&'p str>,
    /// [`Reuse::article_unchanged`] of each current article, by index.
    unchanged: Vec<bool>,
    pages: &'p PageMemo,
    next: Mutex<PageMemo>,
}

impl<'p> Reuse<'p> {
    /// Reuse between the previous good build (`previous`, its page fingerprints `pages`) and
    /// the archive about to be rendered.
    pub fn new(previous: &'p Archive, current: &'p Archive, pages: &'p PageMemo) -> Reuse<'p> {
        let mut changed_entities: HashSet<&str> = HashSet::new();
        for e in &current.entities {
            if previous.entity(&e.id) != Some(e) {
                changed_entities.insert(&e.id);
            }
        }
        for e in &previous.entities {
            if current.entity(&e.id).is_none() {
                changed_entities.insert(&e.id);
            }
        }
        let mut reuse = Reuse {
            previous: previous
                .articles
                .iter()
                .map(|a| (a.path.as_str(), a))
                .collect(),
            changed_entities,
            unchanged: Vec::new(),
            pages,
            next: Mutex::new(HashMap::with_capacity(pages.len())),
        };
        use rayon::prelude::*;
        reuse.unchanged = current
            .articles
            .par_iter()
            .map(|a| reuse.article_unchanged(a))
            .collect();
        reuse
    }

    /// [`Reuse::article_unchanged`] for the current archive's article `i`, computed once.
    pub fn article_unchanged_at(&self, i: usize) -> bool {
        self.unchanged.get(i).copied().unwrap_or(false)
    }

    /// Whether the page of `a` would come out exactly as last time: the article (with what
    /// analysis found in it) is equal, and so is every entity it links to.
    pub fn article_unchanged(&self, a: &Article) -> bool {
        self.previous.get(a.path.as_str()) == Some(&a)
            && a.entities
                .iter()
                .all(|ae| !self.changed_entities.contains(ae.id.as_str()))
    }

    /// Keeps the previous bytes of `rel` without rendering it.
    pub fn keep(&self, out: &Output, rel: &str) -> Result<()> {
        if let Some(fp) = self.pages.get(rel) {
            self.next.lock().unwrap().insert(rel.to_string(), *fp);
        }
        out.keep(rel)
    }

    /// Records the fingerprint of `rel`'s inputs; true when they equal last time's.
    pub fn same_inputs<T: Serialize>(&self, template: &str, rel: &str, extra: &T) -> bool {
        let mut h = HashWriter(std::collections::hash_map::DefaultHasher::new());
        h.0.write(template.as_bytes());
        if serde_json::to_writer(&mut h, extra).is_err() {
            return false;
        }
        let fp = h.0.finish();
        self.next.lock().unwrap().insert(rel.to_string(), fp);
        self.pages.get(rel) == Some(&fp)
    }

    /// Records `digest` as the inputs of `rel`; true when it equals last time's. For pages
    /// whose caller can name every input in a small digest (plus articles it checks with
    /// [`Reuse::article_unchanged`]) instead of serializing the whole context.
    pub fn same_digest(&self, rel: &str, digest: u64) -> bool {
        self.next.lock().unwrap().insert(rel.to_string(), digest);
        self.pages.get(rel) == Some(&digest)
    }

    /// The page fingerprints of this build, for the next one.
    pub fn into_memo(self) -> PageMemo {
        self.next.into_inner().unwrap()
    }
}

struct HashWriter(std::collections::hash_map::DefaultHasher);

impl std::io::Write for HashWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
