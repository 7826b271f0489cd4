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

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::{Arc, Mutex};

use anyhow::Result;
use serde::Serialize;

use crate::model::{Archive, Article};
use crate::output::Output;

/// What one build leaves for the next: the fingerprint of each page's inputs, by output
/// path, and the serialized records of the data exports, by key (see [`Reuse::record`]).
#[derive(Default)]
pub struct PageMemo {
    pages: HashMap<String, u64>,
    records: Records,
    digests: HashMap<String, u64>,
}

/// Serialized export records by key: the digest of their inputs and their bytes.
type Records = HashMap<String, (u64, Arc<[u8]>)>;

impl PageMemo {
    /// Every key the memo holds (pages, export records, digests), sorted: what the next
    /// rebuild can compare with.
    #[cfg(test)]
    pub fn keys(&self) -> Vec<&str> {
        let mut keys: Vec<&str> = (self.pages.keys())
            .chain(self.records.keys())
            .chain(self.digests.keys())
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        keys
    }
}

/// What a rebuild may take from the previous one.
pub struct Reuse<'p> {
    previous: HashMap<&'p str, &'p Article>,
    changed_entities: HashSet<&'p str>,
    /// [`Reuse::article_unchanged`] of each current article, by index.
    unchanged: Vec<bool>,
    pages: &'p PageMemo,
    next: Mutex<HashMap<String, u64>>,
    next_records: Mutex<Records>,
    next_digests: Mutex<HashMap<String, u64>>,
}

impl<'p> Reuse<'p> {
    /// Reuse between the previous good build (`previous`, its page fingerprints `pages`) and
    /// the archive about to be rendered.
    pub fn new(previous: &'p Archive, current: &'p Archive, pages: &'p PageMemo) -> Reuse<'p> {
        let mut changed_entities: HashSet<&str> = HashSet::default();
        for e in current.entities.iter() {
            if previous.entity(&e.id) != Some(e) {
                changed_entities.insert(&e.id);
            }
        }
        for e in previous.entities.iter() {
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
            next: Mutex::new(HashMap::with_capacity_and_hasher(
                pages.pages.len(),
                Default::default(),
            )),
            next_records: Mutex::new(HashMap::with_capacity_and_hasher(
                pages.records.len(),
                Default::default(),
            )),
            next_digests: Mutex::new(HashMap::with_capacity_and_hasher(
                pages.digests.len(),
                Default::default(),
            )),
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

    /// Whether the entity `id` is equal to the previous build's.
    pub fn entity_unchanged(&self, id: &str) -> bool {
        !self.changed_entities.contains(id)
    }

    /// Keeps the previous bytes of `rel` without rendering it.
    pub fn keep(&self, out: &Output, rel: &str) -> Result<()> {
        if let Some(fp) = self.pages.pages.get(rel) {
            self.next.lock().unwrap().insert(rel.to_string(), *fp);
        }
        out.keep(rel)
    }

    /// [`Reuse::keep`] for many pages, taking each lock once.
    pub fn keep_all(&self, out: &Output, rels: &[String]) -> Result<()> {
        let record = || {
            let mut next = self.next.lock().unwrap();
            for rel in rels {
                if let Some(fp) = self.pages.pages.get(rel.as_str()) {
                    next.insert(rel.clone(), *fp);
                }
            }
        };
        rayon::join(record, || out.keep_all(rels)).1
    }

    /// Records the fingerprint of `rel`'s inputs; true when they equal last time's.
    pub fn same_inputs<T: Serialize>(&self, template: &str, rel: &str, extra: &T) -> bool {
        let Some(fp) = json_digest(template.as_bytes(), extra) else {
            return false;
        };
        self.next.lock().unwrap().insert(rel.to_string(), fp);
        self.pages.pages.get(rel) == Some(&fp)
    }

    /// Records `digest` as the inputs of `rel`; true when it equals last time's. For pages
    /// whose caller can name every input in a small digest (plus articles it checks with
    /// [`Reuse::article_unchanged`]) instead of serializing the whole context.
    pub fn same_digest(&self, rel: &str, digest: u64) -> bool {
        self.next.lock().unwrap().insert(rel.to_string(), digest);
        self.pages.pages.get(rel) == Some(&digest)
    }

    /// Records `digest` as the inputs of `rel` and keeps the previous build's file when the
    /// digest equals last time's and `unchanged` (what the caller checks besides the digest,
    /// such as the articles the file shows) holds; true when the file was kept.
    pub fn keep_if_same(
        &self,
        out: &Output,
        rel: &str,
        digest: u64,
        unchanged: bool,
    ) -> Result<bool> {
        if self.same_digest(rel, digest) && unchanged && out.can_keep() {
            self.keep(out, rel)?;
            return Ok(true);
        }
        Ok(false)
    }

    /// One serialized record of a data export (`key` names the file and the record): the
    /// previous build's bytes when `unchanged` (the caller knows the articles and entities it
    /// reads are as they were) and `digest` (of every other input) equals last time's, else
    /// `make()`'s. At 10,000 articles the exports are 30 MB of JSON; an edit changes a few lines.
    pub fn record(
        &self,
        key: String,
        digest: u64,
        unchanged: bool,
        make: impl FnOnce() -> Result<Vec<u8>>,
    ) -> Result<Arc<[u8]>> {
        let bytes = match self.pages.records.get(&key) {
            Some((d, bytes)) if unchanged && *d == digest => bytes.clone(),
            _ => Arc::from(make()?),
        };
        self.next_records
            .lock()
            .unwrap()
            .insert(key, (digest, bytes.clone()));
        Ok(bytes)
    }

    /// The digest of one part of a page (`key` names it), kept from the previous build when
    /// `unchanged` (the caller knows every input is as it was), else `compute()`'s.
    pub fn digest(&self, key: String, unchanged: bool, compute: impl FnOnce() -> u64) -> u64 {
        let d = match self.pages.digests.get(&key) {
            Some(&d) if unchanged => d,
            _ => compute(),
        };
        self.next_digests.lock().unwrap().insert(key, d);
        d
    }

    /// What this build leaves for the next one.
    pub fn into_memo(self) -> PageMemo {
        PageMemo {
            pages: self.next.into_inner().unwrap(),
            records: self.next_records.into_inner().unwrap(),
            digests: self.next_digests.into_inner().unwrap(),
        }
    }
}

/// The fingerprint of `value` serialized as JSON (0 if it cannot be serialized, which makes
/// every comparison with a real fingerprint fail). Serialized by [`crate::json`] (strings
/// escaped in runs, not byte by byte as serde_json does: the pages' contexts are mostly
/// text) into a buffer kept by the thread.
pub fn fingerprint_of<T: Serialize>(value: &T) -> u64 {
    json_digest(b"", value).unwrap_or(0)
}

/// The digest of `prefix` followed by `value` as JSON; `None` if it cannot be serialized.
fn json_digest<T: Serialize>(prefix: &[u8], value: &T) -> Option<u64> {
    thread_local! {
        static JSON: crate::output::PageBuffer = const { crate::output::PageBuffer::new(Vec::new()) };
    }
    crate::output::with_kept_buffer(&JSON, |buf| {
        buf.extend_from_slice(prefix);
        crate::json::to_writer(buf, value).ok()?;
        Some(xxhash_rust::xxh3::xxh3_64(buf))
    })
}
