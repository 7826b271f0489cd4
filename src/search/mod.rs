//! The search index: weighted posting lists over the Arabic text core's terms, cut into small
//! self-registering `.js` shards so the theme's `search.js` can load them with `<script>`
//! elements, which work from `file://` where `fetch` does not.
//!
//! Files, under `search/` in the output:
//! - `manifest.js`: counts, the first key of every term shard, per-article length, the years
//!   and the entities (name, type, page, match keys);
//! - `facets.js`: per-article year and entity types, loaded only by a filtered query;
//! - `terms/<n>.js`: `{key: postings}` for a range of keys; a key is a stem, or `=` and a whole
//!   normalized word (exact form), or `=` and two words that follow each other in the title or
//!   a block (for quoted phrases); postings are (article, weighted term frequency) pairs;
//! - `docs/<n>.js`: one article's title, URL, date, source and plain text, for the result list.
//!
//! Every file is `diwanSearch.add("<name>", <json>);`.

use std::collections::BTreeMap;
use std::sync::Arc;

use rustc_hash::FxHashMap as HashMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::arabic::fold;
use crate::arabic::stem;
use crate::model::{Archive, Article, BlockKind, EntityType};

/// Field weights: a term's frequency in the posting list is the weighted sum over fields.
pub const WEIGHT_TITLE: u32 = 4;
pub const WEIGHT_ENTITY: u32 = 3;
pub const WEIGHT_HEADING: u32 = 2;
pub const WEIGHT_BODY: u32 = 1;

/// A term shard is closed once it holds this many bytes (one long posting list can exceed it).
pub const SHARD_BYTES: usize = 24 * 1024;

/// The 64 characters of the compact encodings, safe in JSON strings and file names.
const ALPHABET: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

/// How an article is shown in the result list, prepared by the caller (URLs and dates are
/// presentation).
#[derive(Debug, Clone, Serialize)]
pub struct DocDisplay {
    /// Page URL relative to the site root, percent-encoded.
    pub url: String,
    /// The date as shown on the site, if any.
    pub date: Option<String>,
}

/// An entity as the client matches it against the query.
#[derive(Debug, Clone, Serialize)]
struct EntityRecord<'a> {
    /// Name.
    n: &'a str,
    /// Type: `person`, `organization`, `place`.
    t: &'static str,
    /// Page URL relative to the site root.
    u: String,
    /// Match keys: first stems of the name's and each alias's terms, space-separated.
    k: Vec<String>,
}

#[derive(Serialize)]
struct Manifest<'a> {
    /// Articles.
    n: usize,
    /// Average article length in terms.
    avgdl: f64,
    /// First key of each term shard, in UTF-16 order (JavaScript's string order).
    shards: Vec<String>,
    /// Years present, ascending.
    years: Vec<i32>,
    /// Per article, one character: length bucket, see [`length_bucket`].
    l: String,
    entities: Vec<EntityRecord<'a>>,
    /// Field weights, for the record.
    weights: [u32; 4],
}

/// What the year and type filters read, apart from the manifest: only a filtered query
/// loads it.
#[derive(Serialize)]
struct Facets {
    /// Per article, two characters: index into the manifest's `years` plus one (0 = undated).
    y: String,
    /// Per article, one character: bit mask of entity types (1 person, 2 organization, 4 place).
    e: String,
}

#[derive(Serialize)]
struct DocRecord<'a> {
    t: &'a str,
    u: &'a str,
    d: Option<&'a str>,
    s: Option<&'a str>,
    /// Plain text, one block per line.
    x: String,
}

/// The built index: the term shards and the manifest (output-relative path and content); the
/// article store went to the `write_doc` callback of [`build`].
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    pub files: Vec<IndexFile>,
    /// Years with at least one article, ascending (for the search page's filter).
    pub years: Vec<i32>,
    /// Number of term shards.
    pub shards: usize,
}

/// One file of the index (output-relative path and content).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct IndexFile {
    pub path: String,
    pub text: Arc<str>,
    /// A digest of the inputs of a term shard made by [`build_incremental`]: equal digests
    /// (from the same [`Cache`]) mean equal text, so a rebuild may keep the file it wrote.
    pub digest: Option<u64>,
}

/// The partial posting lists of one key, each in article order, from workers that counted
/// disjoint runs of articles.
type Chunks = smallvec::SmallVec<[Vec<(u32, u32)>; 2]>;

/// A term shard, cut from the keys in order.
struct Shard {
    first: String,
    text: Arc<str>,
    digest: Option<u64>,
}

/// Calls `field(folded, weight, counts)` for each field of an article the index reads, in
/// order: the title, the names of its entities, its blocks. `counts`: the field is the
/// article's text (title, blocks), which adds to its length and to its word pairs; entity
/// names add terms only. `folded`: normalized text (a block's is made when the article is
/// read).
fn article_fields(archive: &Archive, a: &Article, mut field: impl FnMut(&str, u32, bool)) {
    field(&fold(&a.title), WEIGHT_TITLE, true);
    for ae in a.entities.iter() {
        if let Some(e) = archive.entity(&ae.id) {
            field(&fold(&e.name), WEIGHT_ENTITY, false);
            for alias in &e.aliases {
                field(&fold(alias), WEIGHT_ENTITY, false);
            }
        }
    }
    for b in a.blocks.iter() {
        let w = if b.kind == BlockKind::Heading {
            WEIGHT_HEADING
        } else {
            WEIGHT_BODY
        };
        field(&b.norm.text, w, true);
    }
}

/// Calls `visit(key, weight)` for each occurrence of a term in one article (the key is only
/// valid for the call) and returns the article's length in terms. The weighted frequency of
/// a key in the article is the sum of the weights it is visited with. [`Interned::add`]
/// gives the same keys through ids; a unit test holds the two together.
fn article_terms(archive: &Archive, a: &Article, mut visit: impl FnMut(&str, u32)) -> u32 {
    let mut length = 0u32;
    let mut key = String::new();
    article_fields(archive, a, |folded, weight, counts| {
        let mut previous: Option<&str> = None;
        stem::each_term(folded, |word, first, second| {
            if counts {
                length += 1;
                if let Some(p) = previous {
                    pair_key(&mut key, p, word);
                    visit(&key, weight);
                }
                previous = Some(word);
            }
            if first != word {
                exact_key(&mut key, word);
                visit(&key, weight);
            }
            visit(first, weight);
            if let Some(second) = second {
                visit(second, weight);
            }
        });
    });
    length.max(1)
}

/// The terms a word adds wherever it stands, as ids of an [`Interned`] (None: a stop word).
#[derive(Clone, Copy)]
struct WordTerms {
    /// The word itself, for its pairs.
    word: u32,
    /// `=word`, when the word is not its own first stem.
    exact: Option<u32>,
    first: u32,
    second: Option<u32>,
}

/// Posting lists of a run of articles under term ids, with what each distinct word adds
/// worked out once: a word of the press recurs thousands of times in an archive, and its
/// stop-word check, stems and keys were made and hashed as strings at every occurrence.
#[derive(Default)]
struct Interned {
    /// Key → term id (an index into `postings`).
    keys: HashMap<String, u32>,
    postings: Vec<Vec<(u32, u32)>>,
    /// Folded word → its terms.
    words: HashMap<Box<str>, Option<WordTerms>>,
    /// The words by id, for the key of a new pair.
    word_text: Vec<Box<str>>,
    /// (first word id, second word id) → term id of the pair.
    pairs: HashMap<u64, u32>,
    key: String,
}

impl Interned {
    fn term(&mut self, key: &str) -> u32 {
        if let Some(&id) = self.keys.get(key) {
            return id;
        }
        let id = self.postings.len() as u32;
        self.keys.insert(key.to_string(), id);
        self.postings.push(Vec::new());
        id
    }

    fn word(&mut self, w: &str) -> Option<WordTerms> {
        if let Some(&t) = self.words.get(w) {
            return t;
        }
        let terms = if stem::is_stop_word(w) {
            None
        } else {
            let (first, second) = stem::stem_pair(w);
            let exact = (first != w).then(|| {
                let mut key = std::mem::take(&mut self.key);
                exact_key(&mut key, w);
                let id = self.term(&key);
                self.key = key;
                id
            });
            let word = self.word_text.len() as u32;
            self.word_text.push(w.into());
            Some(WordTerms {
                word,
                exact,
                first: self.term(first),
                second: second.map(|s| self.term(s)),
            })
        };
        self.words.insert(w.into(), terms);
        terms
    }

    fn pair(&mut self, first: u32, second: u32) -> u32 {
        let ids = (u64::from(first) << 32) | u64::from(second);
        if let Some(&id) = self.pairs.get(&ids) {
            return id;
        }
        let mut key = std::mem::take(&mut self.key);
        pair_key(
            &mut key,
            &self.word_text[first as usize],
            &self.word_text[second as usize],
        );
        let id = self.term(&key);
        self.key = key;
        self.pairs.insert(ids, id);
        id
    }

    fn count(&mut self, term: u32, doc: u32, weight: u32) {
        // An article's occurrences of a term add up in the last entry of its list.
        let list = &mut self.postings[term as usize];
        match list.last_mut() {
            Some((d, f)) if *d == doc => *f += weight,
            _ => list.push((doc, weight)),
        }
    }

    /// Counts the terms of article `doc` ([`article_terms`]'s keys) and returns its length.
    fn add(&mut self, archive: &Archive, doc: u32, a: &Article) -> u32 {
        let mut length = 0u32;
        article_fields(archive, a, |folded, weight, counts| {
            let mut previous: Option<u32> = None;
            for w in stem::words(folded) {
                let Some(t) = self.word(w) else { continue };
                if counts {
                    length += 1;
                    if let Some(p) = previous {
                        let pair = self.pair(p, t.word);
                        self.count(pair, doc, weight);
                    }
                    previous = Some(t.word);
                }
                if let Some(exact) = t.exact {
                    self.count(exact, doc, weight);
                }
                self.count(t.first, doc, weight);
                if let Some(second) = t.second {
                    self.count(second, doc, weight);
                }
            }
        });
        length.max(1)
    }

    /// The posting lists by key.
    fn into_postings(mut self) -> HashMap<String, Vec<(u32, u32)>> {
        self.keys
            .into_iter()
            .map(|(k, id)| (k, std::mem::take(&mut self.postings[id as usize])))
            .filter(|(_, list)| !list.is_empty())
            .collect()
    }
}

/// The exact-form key of a word: `=` and the word.
fn exact_key(out: &mut String, word: &str) {
    out.clear();
    out.push('=');
    out.push_str(word);
}

/// The key of two words that follow each other in a field (stop words skipped, as a
/// phrase query skips them): `=`, the first, a space, the second. A quoted phrase looks up
/// its pairs instead of reading articles to find where its words stand.
pub fn pair_key(out: &mut String, first: &str, second: &str) {
    out.clear();
    out.push('=');
    out.push_str(first);
    out.push(' ');
    out.push_str(second);
}

/// Article length in one character: a log scale (as Lucene stores norms in a byte), decoded
/// by the client as `2^(b/4)`.
pub fn length_bucket(len: u32) -> u8 {
    let b = ((len.max(1) as f64).log2() * 4.0).round() as u32;
    b.min(63) as u8
}

/// Appends `n` in the variable-length encoding: five bits per character, low bits first;
/// characters 32–63 of the alphabet mean "more follows".
pub fn push_varint(out: &mut String, mut n: u32) {
    loop {
        let low = (n & 31) as usize;
        n >>= 5;
        if n == 0 {
            out.push(ALPHABET[low] as char);
            return;
        }
        out.push(ALPHABET[32 + low] as char);
    }
}

/// Decodes a posting list (for tests and tools): (article, weighted frequency) pairs.
pub fn decode_postings(s: &str) -> Vec<(u32, u32)> {
    let mut nums = Vec::new();
    let (mut n, mut shift) = (0u32, 0u32);
    for c in s.bytes() {
        let v = ALPHABET.iter().position(|&a| a == c).expect("alphabet") as u32;
        n |= (v & 31) << shift;
        if v >= 32 {
            shift += 5;
        } else {
            nums.push(n);
            n = 0;
            shift = 0;
        }
    }
    let mut doc = 0;
    nums.chunks(2)
        .enumerate()
        .map(|(i, c)| {
            doc = if i == 0 { c[0] } else { doc + c[0] };
            (doc, c[1])
        })
        .collect()
}

/// Encodes a posting list of `len` entries, given in article order.
fn encode_postings(len: usize, list: impl IntoIterator<Item = (u32, u32)>) -> String {
    let mut out = String::with_capacity(len * 3);
    let mut prev = 0;
    for (i, (doc, tf)) in list.into_iter().enumerate() {
        push_varint(&mut out, if i == 0 { doc } else { doc - prev });
        push_varint(&mut out, tf);
        prev = doc;
    }
    out
}

/// A match key: first stems of a name's terms, space-separated.
pub fn match_key(name: &str) -> String {
    stem::terms(name)
        .into_iter()
        .map(|t| t.stems.into_iter().next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join(" ")
}

fn js_file(name: &str, json: &str) -> String {
    format!("diwanSearch.add({:?},{json});\n", name)
}

fn utf16_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// Builds the index of `archive`; `display[i]` says how article `i` is shown. The article
/// store (`docs/`), the bulk of the index, is handed to `write_doc` (article index, path, and
/// a function making the file's text, which a rebuild that keeps the file need not call)
/// rather than kept; the term shards and the manifest are returned in [`SearchIndex::files`].
pub fn build(
    archive: &Archive,
    display: &[DocDisplay],
    entity_url: impl Fn(EntityType, &str) -> String,
    write_doc: impl Fn(usize, &str, &dyn Fn() -> anyhow::Result<String>) -> anyhow::Result<()> + Sync,
) -> anyhow::Result<SearchIndex> {
    // Each worker counts its articles' terms under ids of its own ([`Interned`]); the
    // partial postings, by key, are merged pairwise (the larger map absorbs the smaller).
    // A merge moves whole partial lists, not their entries: a key's lists are kept as they
    // are and put in article order when they are encoded, in parallel. Appending them
    // instead copied every long list again at each level, and the last merge, which runs
    // alone, spent most of its time growing lists (at 10,000 articles, 0.17 s of one core).
    type Postings = HashMap<String, Chunks>;
    let (postings, mut lengths): (Postings, Vec<(u32, u32)>) = archive
        .articles
        .par_iter()
        .enumerate()
        .with_min_len(256)
        .fold(
            || (Interned::default(), Vec::new()),
            |(mut terms, mut lengths), (doc, a)| {
                let doc = doc as u32;
                let len = terms.add(archive, doc, a);
                lengths.push((doc, len));
                (terms, lengths)
            },
        )
        .map(|(terms, lengths)| {
            let postings = terms
                .into_postings()
                .into_iter()
                .map(|(k, list)| (k, Chunks::from_elem(list, 1)))
                .collect();
            (postings, lengths)
        })
        .reduce(
            || (Postings::default(), Vec::new()),
            |(a, mut la), (b, lb)| {
                let (mut big, small) = if a.len() < b.len() { (b, a) } else { (a, b) };
                for (k, chunks) in small {
                    match big.get_mut(&k) {
                        Some(c) => c.extend(chunks),
                        None => {
                            big.insert(k, chunks);
                        }
                    }
                }
                la.extend(lb);
                (big, la)
            },
        );
    lengths.sort_unstable();
    let lengths: Vec<u32> = lengths.into_iter().map(|(_, len)| len).collect();
    // Posting lists put in article order and encoded in parallel, then cut into shards in
    // key order. Each partial list is in article order and covers articles no other one
    // does (a worker counts a run of articles), so ordering the lists by their first
    // article orders the entries.
    let mut encoded: Vec<(String, String)> = postings
        .into_par_iter()
        .map(|(k, mut chunks)| {
            chunks.sort_unstable_by_key(|c| c[0].0);
            let enc = encode_postings(
                chunks.iter().map(Vec::len).sum(),
                chunks.iter().flatten().copied(),
            );
            (k, enc)
        })
        .collect();
    encoded.par_sort_unstable_by(|a, b| utf16_cmp(&a.0, &b.0));
    let shards = cut_shards(&encoded, SHARD_BYTES)?;
    assemble(archive, display, entity_url, write_doc, shards, &lengths)
}

/// The text of shard number `n` from its keys and encoded posting lists.
fn shard_text<'k>(
    n: usize,
    entries: impl Iterator<Item = (&'k str, &'k str)>,
) -> anyhow::Result<Arc<str>> {
    let map: BTreeMap<&str, &str> = entries.collect();
    let name = format!("terms/{n}");
    Ok(js_file(&name, &crate::json::to_string(&map)?).into())
}

/// Where the shards end: the index after the last entry of each, given each entry's size
/// (key, encoded postings and JSON punctuation). A shard is closed once it holds
/// `shard_bytes`.
fn shard_ends(sizes: impl Iterator<Item = usize>, shard_bytes: usize) -> Vec<usize> {
    let mut ends = Vec::new();
    let (mut bytes, mut n) = (0, 0);
    for size in sizes {
        n += 1;
        bytes += size;
        if bytes >= shard_bytes {
            ends.push(n);
            bytes = 0;
        }
    }
    if ends.last() != Some(&n) && n > 0 {
        ends.push(n);
    }
    ends
}

/// The shards of encoded posting lists in key order.
fn cut_shards<K: AsRef<str> + Sync>(
    encoded: &[(K, String)],
    shard_bytes: usize,
) -> anyhow::Result<Vec<Shard>> {
    let ends = shard_ends(
        encoded.iter().map(|(k, e)| k.as_ref().len() + e.len() + 6),
        shard_bytes,
    );
    let starts: Vec<usize> = std::iter::once(0).chain(ends.iter().copied()).collect();
    starts
        .par_windows(2)
        .enumerate()
        .map(|(n, w)| {
            let part = &encoded[w[0]..w[1]];
            Ok(Shard {
                first: part[0].0.as_ref().to_string(),
                text: shard_text(n, part.iter().map(|(k, e)| (k.as_ref(), e.as_str())))?,
                digest: None,
            })
        })
        .collect()
}

/// What the search index keeps between the rebuilds of `watch` and `serve`: interned terms,
/// each article's term counts by a digest of what they are made from, the terms in key
/// order, and the last build's posting lists, encoded lists and shards. An edit counts only
/// the edited articles, moves only their entries in the posting lists, encodes only the
/// lists that changed and serializes only the shards that hold them.
#[derive(Default)]
pub struct Cache {
    ids: HashMap<Box<str>, u32>,
    names: Vec<Box<str>>,
    /// Term ids in key (UTF-16) order.
    order: Vec<u32>,
    /// Per article digest: (term id, weighted frequency) pairs and the length in terms.
    docs: HashMap<u64, KeptCounts>,
    /// The last build's article digests, in archive order.
    built: Vec<u64>,
    /// Posting lists of the last build, by term id.
    postings: Vec<Vec<(u32, u32)>>,
    /// Encoded posting list of the last build and its version (bumped on each change), by
    /// term id.
    encoded: Vec<(String, u32)>,
    /// Shard texts by [`shard_digest`], from the last build.
    shards: HashMap<u64, Arc<str>>,
}

/// How many articles a rebuild counts before it interns their terms (see
/// [`build_incremental`]).
const COUNT_SLICE: usize = 256;

/// One article counted by a rebuild: its digest, the counts of its terms already interned
/// (by id, in id order), those of its new terms (by key), and its length.
type Counted = (u64, Vec<(u32, u32)>, HashMap<String, u32>, u32);

/// One article's kept term counts: (term id, weighted frequency) pairs and its length.
type KeptCounts = (Box<[(u32, u32)]>, u32);

/// A digest of what [`article_terms`] reads: title, blocks, and the names of the entities.
fn terms_digest(archive: &Archive, a: &Article) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    a.title.hash(&mut h);
    for b in a.blocks.iter() {
        (b.kind as u8, &b.text).hash(&mut h);
    }
    for ae in a.entities.iter() {
        if let Some(e) = archive.entity(&ae.id) {
            (&e.name, &e.aliases).hash(&mut h);
        }
    }
    h.finish()
}

/// [`build`] for a rebuild: the same files, counting only the articles not in `cache`.
pub fn build_incremental(
    archive: &Archive,
    display: &[DocDisplay],
    entity_url: impl Fn(EntityType, &str) -> String,
    write_doc: impl Fn(usize, &str, &dyn Fn() -> anyhow::Result<String>) -> anyhow::Result<()> + Sync,
    cache: &mut Cache,
) -> anyhow::Result<SearchIndex> {
    build_incremental_sized(archive, display, entity_url, write_doc, cache, SHARD_BYTES)
}

fn build_incremental_sized(
    archive: &Archive,
    display: &[DocDisplay],
    entity_url: impl Fn(EntityType, &str) -> String,
    write_doc: impl Fn(usize, &str, &dyn Fn() -> anyhow::Result<String>) -> anyhow::Result<()> + Sync,
    cache: &mut Cache,
    shard_bytes: usize,
) -> anyhow::Result<SearchIndex> {
    let digests: Vec<u64> = archive
        .articles
        .par_iter()
        .map(|a| terms_digest(archive, a))
        .collect();
    // Counted in parallel (each article's keys with their weighted frequencies), interned
    // in order, a slice of the archive at a time: the counts of a first build, all held at
    // once, took 1.2 GB at 10,000 articles (a String per term of each article).
    let first_new = cache.names.len();
    let todo: Vec<(&Article, u64)> = archive
        .articles
        .iter()
        .zip(digests.iter().copied())
        .filter(|(_, d)| !cache.docs.contains_key(d))
        .collect();
    for slice in todo.chunks(COUNT_SLICE) {
        // Counted in parallel: a term already interned under its id, a new one (fewer with
        // each slice, as the vocabulary fills) under its key, interned below one by one.
        // Counting every term under a key of its own and interning all of them in turn took
        // a second of one core at 10,000 articles.
        let ids = &cache.ids;
        let split: Vec<Counted> = slice
            .par_iter()
            .map(|&(a, d)| {
                // About one distinct term (word, stems and pairs) per six bytes of text: sized
                // once, not grown and rehashed four or five times per article.
                let text: usize = a.blocks.iter().map(|b| b.text.len()).sum();
                let mut known: HashMap<u32, u32> =
                    HashMap::with_capacity_and_hasher(text / 6, Default::default());
                let mut new: HashMap<String, u32> = HashMap::default();
                let len = article_terms(archive, a, |k, w| {
                    if let Some(&id) = ids.get(k) {
                        *known.entry(id).or_default() += w;
                    } else if let Some(f) = new.get_mut(k) {
                        *f += w;
                    } else {
                        new.insert(k.to_string(), w);
                    }
                });
                let mut known: Vec<(u32, u32)> = known.into_iter().collect();
                known.sort_unstable();
                (d, known, new, len)
            })
            .collect();
        for (d, mut terms, new, len) in split {
            if !new.is_empty() {
                for (k, f) in new {
                    let id = match cache.ids.get(k.as_str()) {
                        Some(&id) => id,
                        None => {
                            let id = cache.names.len() as u32;
                            let name: Box<str> = k.into_boxed_str();
                            cache.names.push(name.clone());
                            cache.ids.insert(name, id);
                            id
                        }
                    };
                    terms.push((id, f));
                }
                terms.sort_unstable();
            }
            cache.docs.insert(d, (terms.into_boxed_slice(), len));
        }
    }
    if cache.names.len() > first_new {
        // Sort the new terms, then merge them into the kept order.
        let names = &cache.names;
        let mut new: Vec<u32> = (first_new as u32..names.len() as u32).collect();
        new.par_sort_unstable_by(|&a, &b| utf16_cmp(&names[a as usize], &names[b as usize]));
        let old = std::mem::take(&mut cache.order);
        let mut merged = Vec::with_capacity(old.len() + new.len());
        let (mut i, mut j) = (0, 0);
        while i < old.len() && j < new.len() {
            let (a, b) = (old[i], new[j]);
            if utf16_cmp(&names[a as usize], &names[b as usize]).is_le() {
                merged.push(a);
                i += 1;
            } else {
                merged.push(b);
                j += 1;
            }
        }
        merged.extend_from_slice(&old[i..]);
        merged.extend_from_slice(&new[j..]);
        cache.order = merged;
    }
    let terms = cache.names.len();
    cache.postings.resize_with(terms, Vec::new);
    cache.encoded.resize_with(terms, Default::default);
    // Posting lists by term id, in article order: moved entry by entry where articles kept
    // their places and only some changed, gathered again otherwise.
    let mut dirty = vec![false; terms];
    let changed: Vec<usize> = if cache.built.len() == digests.len() {
        (0..digests.len())
            .filter(|&i| cache.built[i] != digests[i])
            .collect()
    } else {
        (0..digests.len()).collect()
    };
    if cache.built.len() == digests.len() && changed.len() * 8 < digests.len().max(8) {
        for &doc in &changed {
            let (old, _) = &cache.docs[&cache.built[doc]];
            for &(id, _) in old.iter() {
                let list = &mut cache.postings[id as usize];
                if let Ok(at) = list.binary_search_by_key(&(doc as u32), |p| p.0) {
                    list.remove(at);
                }
                dirty[id as usize] = true;
            }
        }
        for &doc in &changed {
            let (new, _) = &cache.docs[&digests[doc]];
            for &(id, f) in new.iter() {
                let list = &mut cache.postings[id as usize];
                let at = list.partition_point(|p| p.0 < doc as u32);
                list.insert(at, (doc as u32, f));
                dirty[id as usize] = true;
            }
        }
    } else {
        for list in &mut cache.postings {
            list.clear();
        }
        for (doc, d) in digests.iter().enumerate() {
            for &(id, f) in cache.docs[d].0.iter() {
                cache.postings[id as usize].push((doc as u32, f));
            }
        }
        dirty.fill(true);
    }
    let live: std::collections::HashSet<u64> = digests.iter().copied().collect();
    cache.docs.retain(|d, _| live.contains(d));
    let lengths: Vec<u32> = digests.iter().map(|d| cache.docs[d].1).collect();
    cache.built = digests;
    {
        let postings = &cache.postings;
        cache
            .encoded
            .par_iter_mut()
            .zip(&dirty)
            .enumerate()
            .filter(|(_, (_, &dirty))| dirty)
            .for_each(|(id, ((enc, version), _))| {
                let fresh = encode_postings(postings[id].len(), postings[id].iter().copied());
                if *enc != fresh {
                    *enc = fresh;
                    *version += 1;
                }
            });
    }
    // Shards of the terms that have postings, cut where a fresh build cuts them; a shard
    // whose terms and their versions are as last time keeps its text.
    let live_terms: Vec<u32> = cache
        .order
        .iter()
        .copied()
        .filter(|&id| !cache.postings[id as usize].is_empty())
        .collect();
    let ends = shard_ends(
        live_terms
            .iter()
            .map(|&id| cache.names[id as usize].len() + cache.encoded[id as usize].0.len() + 6),
        shard_bytes,
    );
    let starts: Vec<usize> = std::iter::once(0).chain(ends.iter().copied()).collect();
    let (names, encoded, kept) = (&cache.names, &cache.encoded, &cache.shards);
    let shards: Vec<Shard> = starts
        .par_windows(2)
        .enumerate()
        .map(|(n, w)| {
            let ids = &live_terms[w[0]..w[1]];
            let digest = shard_digest(n, ids.iter().map(|&id| (id, encoded[id as usize].1)));
            let text = match kept.get(&digest) {
                Some(text) => text.clone(),
                None => shard_text(
                    n,
                    ids.iter()
                        .map(|&id| (&*names[id as usize], encoded[id as usize].0.as_str())),
                )?,
            };
            Ok(Shard {
                first: names[ids[0] as usize].to_string(),
                text,
                digest: Some(digest),
            })
        })
        .collect::<anyhow::Result<_>>()?;
    cache.shards = shards
        .iter()
        .filter_map(|s| Some((s.digest?, s.text.clone())))
        .collect();
    assemble(archive, display, entity_url, write_doc, shards, &lengths)
}

/// What a shard's text is made of: its number, and the id and version of each term in it.
fn shard_digest(n: usize, terms: impl Iterator<Item = (u32, u32)>) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    n.hash(&mut h);
    for t in terms {
        t.hash(&mut h);
    }
    h.finish()
}

/// The index files from the term shards in key order and the article lengths.
fn assemble(
    archive: &Archive,
    display: &[DocDisplay],
    entity_url: impl Fn(EntityType, &str) -> String,
    write_doc: impl Fn(usize, &str, &dyn Fn() -> anyhow::Result<String>) -> anyhow::Result<()> + Sync,
    shards: Vec<Shard>,
    lengths: &[u32],
) -> anyhow::Result<SearchIndex> {
    let mut firsts = Vec::with_capacity(shards.len());
    let mut files = Vec::with_capacity(shards.len() + 2);
    for (n, shard) in shards.into_iter().enumerate() {
        firsts.push(shard.first);
        files.push(IndexFile {
            path: format!("search/terms/{n}.js"),
            text: shard.text,
            digest: shard.digest,
        });
    }
    let shards = files.len();

    let mut years: Vec<i32> = archive
        .articles
        .iter()
        .filter_map(|a| a.date.map(|d| chrono::Datelike::year(&d)))
        .collect();
    years.sort_unstable();
    years.dedup();
    let (mut y, mut e, mut l) = (String::new(), String::new(), String::new());
    for (a, len) in archive.articles.iter().zip(lengths) {
        let yi = a
            .date
            .and_then(|d| years.binary_search(&chrono::Datelike::year(&d)).ok())
            .map_or(0, |i| i + 1);
        y.push(ALPHABET[(yi / 64) % 64] as char);
        y.push(ALPHABET[yi % 64] as char);
        let mut mask = 0;
        for ae in a.entities.iter() {
            if let Some(ent) = archive.entity(&ae.id) {
                mask |= match ent.kind {
                    EntityType::Person => 1,
                    EntityType::Organization => 2,
                    EntityType::Place => 4,
                };
            }
        }
        e.push(ALPHABET[mask] as char);
        l.push(ALPHABET[length_bucket(*len) as usize] as char);
    }
    let total: u64 = lengths.iter().map(|l| *l as u64).sum();
    let entities = archive
        .entities
        .iter()
        .map(|ent| {
            let mut k: Vec<String> = std::iter::once(&ent.name)
                .chain(&ent.aliases)
                .map(|n| match_key(n))
                .filter(|k| !k.is_empty())
                .collect();
            k.dedup();
            EntityRecord {
                n: &ent.name,
                t: ent.kind.as_str(),
                u: entity_url(ent.kind, &ent.slug),
                k,
            }
        })
        .collect();
    let manifest = Manifest {
        n: archive.articles.len(),
        avgdl: if lengths.is_empty() {
            1.0
        } else {
            total as f64 / lengths.len() as f64
        },
        shards: firsts,
        years: years.clone(),
        l,
        entities,
        weights: [WEIGHT_TITLE, WEIGHT_ENTITY, WEIGHT_HEADING, WEIGHT_BODY],
    };
    files.push(IndexFile {
        path: "search/manifest.js".into(),
        text: js_file("manifest", &crate::json::to_string(&manifest)?).into(),
        digest: None,
    });
    files.push(IndexFile {
        path: "search/facets.js".into(),
        text: js_file("facets", &crate::json::to_string(&Facets { y, e })?).into(),
        digest: None,
    });

    archive
        .articles
        .par_iter()
        .zip(display)
        .enumerate()
        .try_for_each(|(i, (a, d))| {
            let name = format!("docs/{i}");
            let text = || -> anyhow::Result<String> {
                let rec = DocRecord {
                    t: &a.title,
                    u: &d.url,
                    d: d.date.as_deref(),
                    s: a.source.as_deref(),
                    x: a.blocks
                        .iter()
                        .map(|b| b.text.as_str())
                        .collect::<Vec<_>>()
                        .join("\n"),
                };
                Ok(js_file(&name, &crate::json::to_string(&rec)?))
            };
            write_doc(i, &format!("search/{name}.js"), &text)
        })?;
    Ok(SearchIndex {
        files,
        years,
        shards,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ArticleEntity, Block, Entity, EntityOrigin};

    fn article(title: &str, body: &[&str], year: Option<i32>) -> Article {
        Article {
            path: String::new(),
            slug: title.into(),
            title: title.into(),
            title_generated: false,
            date: year.and_then(|y| chrono::NaiveDate::from_ymd_opt(y, 1, 2)),
            source: None,
            source_url: None,
            origin: None,
            origin_sha256: None,
            summary: None,
            dateline: None,
            deck: None,
            author: None,
            draft: false,
            body: String::new().into(),
            body_line: 1,
            blocks: body
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

    /// The whole index with the article store kept in `files` too.
    fn build_all(archive: &Archive, url: impl Fn(EntityType, &str) -> String) -> SearchIndex {
        let docs = std::sync::Mutex::new(Vec::new());
        let mut index = build(archive, &display(archive), url, |_, rel, text| {
            docs.lock().unwrap().push(IndexFile {
                path: rel.to_string(),
                text: text()?.into(),
                digest: None,
            });
            Ok(())
        })
        .unwrap();
        index.files.extend(docs.into_inner().unwrap());
        index
    }

    /// Parses the JSON argument of one `diwanSearch.add(name, json);` file.
    fn json_of(index: &SearchIndex, path: &str) -> serde_json::Value {
        let text = &index.files.iter().find(|f| f.path == path).unwrap().text;
        let start = text.find(',').unwrap() + 1;
        let end = text.rfind(");").unwrap();
        serde_json::from_str(&text[start..end]).unwrap()
    }

    fn postings_of(index: &SearchIndex, key: &str) -> Vec<(u32, u32)> {
        for f in &index.files {
            if f.path.starts_with("search/terms/") {
                if let Some(s) = json_of(index, &f.path).get(key) {
                    return decode_postings(s.as_str().unwrap());
                }
            }
        }
        Vec::new()
    }

    fn archive_with_entities() -> Archive {
        let mut a0 = article(
            "حموشي يستقبل وفدا",
            &["التقى المدير العام بوفد من الإنتربول."],
            Some(2021),
        );
        a0.entities = vec![ArticleEntity {
            id: "q1".into(),
            mentions: Vec::new(),
        }]
        .into();
        let a1 = article(
            "مكافحة الإرهاب",
            &["تعزيز التعاون لمكافحة الارهاب والمغرب شريك."],
            None,
        );
        let mut archive = Archive {
            articles: vec![a0, a1],
            entities: vec![Entity {
                id: "q1".into(),
                name: "عبد اللطيف حموشي".into(),
                kind: EntityType::Person,
                aliases: vec!["الحموشي".into()],
                description: None,
                wikidata: None,
                origin: EntityOrigin::Registry,
                slug: "حموشي".into(),
            }],
            ..Archive::default()
        };
        archive.index_entities();
        archive
    }

    fn display(archive: &Archive) -> Vec<DocDisplay> {
        archive
            .articles
            .iter()
            .map(|a| DocDisplay {
                url: format!("articles/{}/index.html", a.slug),
                date: a.date_iso(),
            })
            .collect()
    }

    #[test]
    fn interned_counts_are_the_keys_of_article_terms() {
        // Repeated words, stop words, clitics (و ف ب ل ك ال لل), hamza and alef variants,
        // ة/ه, ى/ي, diacritics, tatweel, Eastern digits, Latin runs, and an entity's names.
        let bodies: &[&[&str]] = &[
            &[
                "التقى المدير العام بوفد من الإنتربول في الرباط، والمدير العام للأمن.",
                "وأكد أن التعاون مع Europol و Interpol مستمر منذ ٢٠٢١.",
            ],
            &[
                "مكافحة الإرهاب والارهاب بالمغرب وللمغرب وكالمغرب فالمغرب.",
                "الأمنيّة الأمنية الامنيه، المصطفى والمصطفي، حموشـــي.",
            ],
            &["في من على إلى عن", "الرباط الرباط الرباط المدير العام"],
        ];
        let mut archive = archive_with_entities();
        for (i, body) in bodies.iter().enumerate() {
            let mut a = article(&format!("مقال {i} عن الأمن"), body, Some(2020));
            if i == 1 {
                a.entities = archive.articles[0].entities.clone();
            }
            archive.articles.push(a);
        }
        let mut by_string: HashMap<String, Vec<(u32, u32)>> = HashMap::default();
        let mut lengths = Vec::new();
        let mut interned = Interned::default();
        let mut interned_lengths = Vec::new();
        for (doc, a) in archive.articles.iter().enumerate() {
            let doc = doc as u32;
            lengths.push(article_terms(&archive, a, |k, w| {
                let list = by_string.entry(k.to_string()).or_default();
                match list.last_mut() {
                    Some((d, f)) if *d == doc => *f += w,
                    _ => list.push((doc, w)),
                }
            }));
            interned_lengths.push(interned.add(&archive, doc, a));
        }
        assert_eq!(interned_lengths, lengths);
        let got = interned.into_postings();
        assert!(got.len() > 40, "{} keys", got.len());
        assert!(got.contains_key("=الرباط المدير"), "a pair");
        assert_eq!(got, by_string);
    }

    #[test]
    fn postings_merged_from_many_workers_equal_a_serial_count() {
        // Enough articles for several workers' partial lists per key (runs of at least 256
        // articles, on four threads): each key's list, decoded, equals one counted
        // article by article, in article order. Later articles draw on more words, so a
        // later worker's map can be the larger one that absorbs an earlier one's.
        let words = [
            "الأمن",
            "الوطني",
            "المغرب",
            "إسبانيا",
            "التعاون",
            "الإرهاب",
            "الشرطة",
            "الرباط",
            "مدريد",
            "التنسيق",
            "المعلومات",
            "الحدود",
        ];
        let articles: Vec<Article> = (0..1500usize)
            .map(|i| {
                let vocabulary = 3 + i * (words.len() - 3) / 1500;
                let body: Vec<String> = (0..3)
                    .map(|b| {
                        (0..(4 + (i * 7 + b) % 9))
                            .map(|j| words[(i * 5 + b * 3 + j * j) % vocabulary])
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .collect();
                let body: Vec<&str> = body.iter().map(String::as_str).collect();
                article(
                    &format!("{} {i}", words[i % words.len()]),
                    &body,
                    Some(2020),
                )
            })
            .collect();
        let archive = Archive {
            articles,
            ..Archive::default()
        };
        let mut expected: BTreeMap<String, Vec<(u32, u32)>> = BTreeMap::new();
        for (doc, a) in archive.articles.iter().enumerate() {
            let doc = doc as u32;
            article_terms(&archive, a, |k, w| {
                let list = expected.entry(k.to_string()).or_default();
                match list.last_mut() {
                    Some((d, f)) if *d == doc => *f += w,
                    _ => list.push((doc, w)),
                }
            });
        }
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(4)
            .build()
            .unwrap();
        let index = pool.install(|| build_all(&archive, |_, s| s.to_string()));
        let mut got: BTreeMap<String, Vec<(u32, u32)>> = BTreeMap::new();
        for f in index
            .files
            .iter()
            .filter(|f| f.path.starts_with("search/terms/"))
        {
            for (k, v) in json_of(&index, &f.path).as_object().unwrap() {
                got.insert(k.clone(), decode_postings(v.as_str().unwrap()));
            }
        }
        assert!(
            expected.values().any(|l| l.len() > 1000),
            "a key in most articles"
        );
        assert_eq!(got, expected);
    }

    #[test]
    fn varints_round_trip() {
        let list = vec![
            (0, 1),
            (3, 31),
            (40, 32),
            (100_000, 7),
            (100_001, 1_000_000),
        ];
        assert_eq!(
            decode_postings(&encode_postings(list.len(), list.iter().copied())),
            list
        );
    }

    #[test]
    fn postings_weight_fields_and_keep_exact_forms() {
        let archive = archive_with_entities();
        let index = build_all(&archive, |k, s| {
            format!("entities/{}/{s}/index.html", k.as_str())
        });
        // Title (4) plus entity name and alias (3 + 3).
        assert_eq!(postings_of(&index, "حموش"), vec![(0, 10)]);
        // Body only, in both articles' forms: «الإرهاب» and «الارهاب» fold together.
        assert_eq!(postings_of(&index, "ارهاب"), vec![(1, 5)]);
        assert_eq!(postings_of(&index, "=الارهاب"), vec![(1, 5)]);
        // «لمكافحة» is indexed under both stems.
        assert_eq!(postings_of(&index, "مكافح"), vec![(1, 5)]);
        assert_eq!(postings_of(&index, "لمكافح"), vec![(1, 1)]);
        assert_eq!(postings_of(&index, "مغرب"), vec![(1, 1)]);
        // Stop words are not indexed.
        assert!(postings_of(&index, "من").is_empty());
    }

    #[test]
    fn word_pairs_of_titles_and_blocks_are_keys() {
        let archive = archive_with_entities();
        let index = build_all(&archive, |k, s| {
            format!("entities/{}/{s}/index.html", k.as_str())
        });
        let pair = |a: &str, b: &str| {
            let mut k = String::new();
            pair_key(&mut k, a, b);
            postings_of(&index, &k)
        };
        // In the title (weight 4) and in a block (1), as the words are written (folded).
        assert_eq!(pair("مكافحه", "الارهاب"), vec![(1, 4)]);
        assert_eq!(pair("لمكافحه", "الارهاب"), vec![(1, 1)]);
        assert_eq!(pair("حموشي", "يستقبل"), vec![(0, 4)]);
        // A stop word between two words does not part them, as in a phrase query.
        assert_eq!(pair("بوفد", "الانتربول"), vec![(0, 1)]);
        // No pair across fields, none from entity names, none in the wrong order.
        assert!(pair("الارهاب", "تعزيز").is_empty());
        assert!(pair("عبد", "اللطيف").is_empty());
        assert!(pair("الارهاب", "لمكافحه").is_empty());
    }

    #[test]
    fn manifest_has_years_types_and_entity_keys() {
        let archive = archive_with_entities();
        let index = build_all(&archive, |k, s| {
            format!("entities/{}/{s}/index.html", k.as_str())
        });
        let m = json_of(&index, "search/manifest.js");
        assert_eq!(m["n"], 2);
        assert_eq!(m["years"], serde_json::json!([2021]));
        // The filters' data is apart: an unfiltered query does not load it.
        assert!(m.get("y").is_none() && m.get("e").is_none());
        let f = json_of(&index, "search/facets.js");
        assert_eq!(f["y"], "0100");
        assert_eq!(f["e"], "10");
        assert_eq!(m["entities"][0]["u"], "entities/person/حموشي/index.html");
        assert_eq!(
            m["entities"][0]["k"],
            serde_json::json!(["عبد لطيف حموش", "حموش"])
        );
        let doc = json_of(&index, "search/docs/1.js");
        assert_eq!(doc["t"], "مكافحة الإرهاب");
        assert_eq!(doc["u"], "articles/مكافحة الإرهاب/index.html");
    }

    #[test]
    fn incremental_index_equals_a_fresh_one_after_edits() {
        // Shards of a few hundred bytes, so that edits move shard boundaries.
        for shard_bytes in [SHARD_BYTES, 200, 40] {
            let collect = |archive: &Archive, cache: Option<&mut Cache>| {
                let docs = std::sync::Mutex::new(Vec::new());
                let write = |_: usize, rel: &str, text: &dyn Fn() -> anyhow::Result<String>| {
                    docs.lock()
                        .unwrap()
                        .push((rel.to_string(), text()?.to_string()));
                    Ok(())
                };
                let url = |_: EntityType, s: &str| s.to_string();
                let index = match cache {
                    Some(c) => build_incremental_sized(
                        archive,
                        &display(archive),
                        url,
                        write,
                        c,
                        shard_bytes,
                    ),
                    // A fresh cache: what `build` writes, at this shard size.
                    None => build_incremental_sized(
                        archive,
                        &display(archive),
                        url,
                        write,
                        &mut Cache::default(),
                        shard_bytes,
                    ),
                }
                .unwrap();
                let mut files: Vec<(String, String)> = index
                    .files
                    .into_iter()
                    .map(|f| (f.path, f.text.to_string()))
                    .collect();
                files.extend(docs.into_inner().unwrap());
                files.sort();
                files
            };
            let mut archive = archive_with_entities();
            archive.articles.push(article(
                "الأمن الوطني يفكك خلية",
                &["فككت المصالح الأمنية خلية إرهابية في طنجة وتطوان"],
                Some(2019),
            ));
            // Enough articles that an edit of one or two moves posting entries in place
            // instead of gathering every list again.
            let words = [
                "الرباط",
                "مدريد",
                "التعاون",
                "الأمني",
                "وفد",
                "اتفاقية",
                "الحدود",
            ];
            for i in 0..20 {
                let body = format!("{} {} {}", words[i % 7], words[(i * 3) % 7], i);
                archive.articles.push(article(
                    &format!("خبر {i}"),
                    &[&body],
                    Some(2000 + i as i32),
                ));
            }
            let mut cache = Cache::default();
            assert_eq!(collect(&archive, Some(&mut cache)), collect(&archive, None));
            // An edit adds new terms (sorted in between the kept ones) and drops others.
            std::sync::Arc::make_mut(&mut archive.articles[1].blocks)[0].text =
                "أبحرت سفينة الإنقاذ من ميناء طنجة".into();
            assert_eq!(collect(&archive, Some(&mut cache)), collect(&archive, None));
            // Back again: kept shard texts must not stand for changed ones.
            std::sync::Arc::make_mut(&mut archive.articles[1].blocks)[0].text =
                "تعزيز التعاون لمكافحة الارهاب والمغرب شريك.".into();
            assert_eq!(collect(&archive, Some(&mut cache)), collect(&archive, None));
            // Two articles swap places.
            archive.articles.swap(0, 2);
            assert_eq!(collect(&archive, Some(&mut cache)), collect(&archive, None));
            // A term leaves every article but one, and comes back.
            std::sync::Arc::make_mut(&mut archive.articles[5].blocks)[0].text = "مدريد".into();
            assert_eq!(collect(&archive, Some(&mut cache)), collect(&archive, None));
            std::sync::Arc::make_mut(&mut archive.articles[5].blocks)[0].text =
                "الرباط الحدود الحدود".into();
            assert_eq!(collect(&archive, Some(&mut cache)), collect(&archive, None));
            // An article goes; another comes.
            archive.articles.remove(0);
            archive.articles.push(article(
                "زيارة إلى الرباط",
                &["التقى الوفد بنظيره"],
                Some(2020),
            ));
            assert_eq!(collect(&archive, Some(&mut cache)), collect(&archive, None));
        }
        // `build` cuts the shards as a first incremental build does.
        let archive = archive_with_entities();
        let fresh = build_all(&archive, |_, s| s.to_string());
        let mut cache = Cache::default();
        let inc = build_incremental(
            &archive,
            &display(&archive),
            |_, s: &str| s.to_string(),
            |_, _, _| Ok(()),
            &mut cache,
        )
        .unwrap();
        let texts = |files: &[IndexFile]| -> Vec<(String, String)> {
            files
                .iter()
                .filter(|f| !f.path.starts_with("search/docs/"))
                .map(|f| (f.path.clone(), f.text.to_string()))
                .collect()
        };
        assert_eq!(texts(&fresh.files), texts(&inc.files));
    }

    #[test]
    fn shard_first_keys_are_sorted_in_javascript_order() {
        let archive = archive_with_entities();
        let index = build_all(&archive, |_, s| s.to_string());
        let m = json_of(&index, "search/manifest.js");
        let firsts: Vec<&str> = m["shards"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(firsts.len(), index.shards);
        assert!(firsts.windows(2).all(|w| utf16_cmp(w[0], w[1]).is_lt()));
    }
}
