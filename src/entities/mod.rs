//! Entities: the registry, the built-in gazetteer, discovery and coreference combined into the
//! archive's people, organizations and places, and every mention of them in every article.
//!
//! [`analyse`] is the one entry point: it builds a [`Catalog`] of known entities (registry
//! first, then gazetteer), finds known names in every article (one automaton, in parallel),
//! discovers new names from cue patterns, matches again with the discovered names added, resolves
//! short forms (surnames) and fills `archive.entities` and each article's `entities`.

pub mod clubs;
pub mod coreference;
pub mod discovery;
pub mod gazetteer;
pub mod institutions;
pub mod matcher;
pub mod outlets;
pub mod registry;
pub mod shared;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::borrow::Cow;
use std::sync::Arc;

use anyhow::Result;
use rayon::prelude::*;

use crate::arabic::slug::arabic_slug;
use crate::arabic::tokens::Token;
use crate::arabic::{normalize, Normalized};
use crate::config::Settings;
use crate::error::{ContentError, ContentErrors};
use crate::memo::{ByAddress, DigestMemo};
use crate::model::{
    Archive, Article, ArticleEntity, Block, Entity, EntityOrigin, EntityType, Mention,
};
use gazetteer::{Gazetteer, Policy};
use matcher::{key, spellings, Hit, Matcher};
use registry::Registry;

/// Every entity the archive knows before reading articles, and the forms that name them.
#[derive(Clone)]
pub struct Catalog {
    /// Candidates: registry, gazetteer and (after discovery) discovered entities.
    pub entities: Vec<Entity>,
    /// `(key, entity, context_only)` forms for the matcher.
    pub forms: Vec<(String, usize, bool)>,
    /// Key → entity, for every form.
    pub by_key: HashMap<String, usize>,
    /// Id → entity (gazetteer ids absorbed by a registry entity point to it).
    pub by_id: HashMap<String, usize>,
    /// Keys never taken as entities.
    pub ignore: HashSet<String>,
    /// Entity → the entity it was merged into (itself when not merged).
    pub redirect: Vec<usize>,
    /// Merge sources not known before discovery: key → target entity.
    pub pending_merges: HashMap<String, usize>,
}

impl Catalog {
    /// Builds the catalog from the registry and the gazetteer; merge errors are returned.
    pub fn new(registry: &Registry, gazetteer: &Gazetteer) -> (Catalog, Vec<ContentError>) {
        let mut c = Catalog {
            entities: Vec::new(),
            forms: Vec::new(),
            by_key: HashMap::default(),
            by_id: HashMap::default(),
            ignore: registry.ignore.iter().map(|f| key(f)).collect(),
            redirect: Vec::new(),
            pending_merges: HashMap::default(),
        };
        for r in registry.entities.iter() {
            let i = c.push(Entity {
                id: r.id.clone(),
                name: r.name.clone(),
                kind: r.kind,
                aliases: r.aliases.clone(),
                description: r.description.clone(),
                wikidata: r.wikidata.clone(),
                origin: EntityOrigin::Registry,
                slug: String::new(),
            });
            for n in std::iter::once(&r.name).chain(&r.aliases) {
                c.add_form(n, i, false);
            }
        }
        for g in &gazetteer.entries {
            // A gazetteer entry whose name the registry already claims for the same type is
            // that registry entity: its aliases join it. (Not an earlier gazetteer entry's:
            // two places that share a name stay two, see `shared`.)
            let target = c.by_key.get(&key(&g.name)).copied().filter(|&i| {
                c.entities[i].kind == g.kind && c.entities[i].origin == EntityOrigin::Registry
            });
            let i = match target {
                Some(i) => i,
                None => c.push(Entity {
                    id: g.id.clone(),
                    name: g.name.clone(),
                    kind: g.kind,
                    aliases: g.aliases.clone(),
                    description: None,
                    wikidata: None,
                    origin: EntityOrigin::Gazetteer,
                    slug: String::new(),
                }),
            };
            c.by_id.insert(g.id.clone(), i);
            for n in std::iter::once(&g.name).chain(&g.aliases) {
                match gazetteer.ambiguous.get(&key(n)) {
                    Some(Policy::Never) => {}
                    Some(Policy::Context) => c.add_form(n, i, true),
                    None => c.add_form(n, i, false),
                }
            }
        }
        let mut errors = Vec::new();
        for m in &registry.merges {
            let Some(&into) = c.by_id.get(&m.into) else {
                errors.push(ContentError::new(
                    registry::REGISTRY_PATH,
                    Some(m.line),
                    format!("merge into unknown entity `{}`", m.into),
                    "`into` must be the id of a registry entity or a gazetteer entry",
                ));
                continue;
            };
            for f in &m.from {
                let from = c
                    .by_id
                    .get(f)
                    .copied()
                    .or_else(|| c.by_key.get(&key(f)).copied());
                match from {
                    Some(from) if from != into => c.redirect[from] = into,
                    Some(_) => {}
                    // A name not known yet may be a discovered entity: kept for later.
                    None => {
                        for k in spellings(&key(f)) {
                            c.pending_merges.insert(k, into);
                        }
                    }
                }
            }
        }
        (c, errors)
    }

    fn push(&mut self, e: Entity) -> usize {
        let i = self.entities.len();
        self.by_id.insert(e.id.clone(), i);
        self.entities.push(e);
        self.redirect.push(i);
        i
    }

    /// Adds an entity found in the archive (discovery, the outlets) under the id
    /// `auto-<type>-<slug of name>`; `None` when that id is taken already.
    fn push_found(&mut self, kind: EntityType, name: &str) -> Option<usize> {
        let id = format!("auto-{}-{}", kind.as_str(), arabic_slug(name));
        if self.by_id.contains_key(&id) {
            return None;
        }
        Some(self.push(Entity {
            id,
            name: name.to_string(),
            kind,
            aliases: Vec::new(),
            description: None,
            wikidata: None,
            origin: EntityOrigin::Discovered,
            slug: String::new(),
        }))
    }

    /// Adds a name of entity `i` with its spelling variants; the first claim of a key wins.
    pub fn add_form(&mut self, name: &str, i: usize, context: bool) {
        for k in spellings(&key(name)) {
            if k.is_empty() || self.ignore.contains(&k) || self.by_key.contains_key(&k) {
                continue;
            }
            self.by_key.insert(k.clone(), i);
            self.forms.push((k, i, context));
        }
    }

    /// A digest of everything the per-article passes read from the catalog: entities, forms,
    /// merges and ignored keys. Equal digests give equal results for an unchanged article.
    pub fn fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = rustc_hash::FxHasher::default();
        for e in self.entities.iter() {
            (&e.id, &e.name, e.kind, &e.aliases).hash(&mut h);
        }
        self.forms.hash(&mut h);
        self.redirect.hash(&mut h);
        let mut ignore: Vec<&String> = self.ignore.iter().collect();
        ignore.sort();
        ignore.hash(&mut h);
        let mut merges: Vec<(&String, &usize)> = self.pending_merges.iter().collect();
        merges.sort();
        merges.hash(&mut h);
        h.finish()
    }

    /// The entity a hit finally stands for, after merges.
    /// The name keys of each organization, by its resolved index.
    pub fn organization_forms(&self) -> HashMap<usize, Vec<String>> {
        let mut out: HashMap<usize, Vec<String>> = HashMap::default();
        for (k, i, _) in &self.forms {
            let i = self.resolve(*i);
            if self.entities[i].kind == EntityType::Organization {
                out.entry(i).or_default().push(k.clone());
            }
        }
        out
    }

    pub fn resolve(&self, mut i: usize) -> usize {
        for _ in 0..8 {
            let next = self.redirect[i];
            if next == i {
                break;
            }
            i = next;
        }
        i
    }
}

/// What entity analysis keeps between the rebuilds of `watch` and `serve`: the results of
/// the two per-article passes, by article text, with the catalog they were made against. An
/// edit then re-analyses only the articles whose text changed, unless the catalog changed
/// (a registry edit, or a name discovered or lost), which redoes the pass that depends on it.
#[derive(Default)]
pub struct Cache {
    /// Catalog digest before discovery, and discovery's findings by article text digest
    /// (with a digest of the findings).
    base: u64,
    found: HashMap<u64, (u64, Vec<discovery::Found>)>,
    /// The catalog after discovery, by a digest of the registry's text and of every
    /// article's findings in order: a body edit that finds the same names leaves it as it was, and adding the
    /// findings of 10,000 articles again took half the step.
    discovered: Option<(u64, Arc<Catalog>)>,
    /// Catalog digest after discovery, and each article's entities (catalog indices).
    full: u64,
    entities: HashMap<u64, ArticleFinds>,
    /// For one analysis only (`diwan build`): the results are not copied into the cache.
    pub(crate) one_off: bool,
    /// What discovery matches with, made from the catalog of digest `base`.
    discovery: Option<Arc<(Matcher, discovery::Lexicon)>>,
    /// What the final pass matches with, made from the catalog of digest `full`.
    final_pass: Option<Arc<FinalPass>>,
    /// Each article's [`text_digest`], by its blocks.
    texts: DigestMemo<ByAddress<[Block]>>,
    /// The catalog of the registry, gazetteer and outlets with its [`Catalog::fingerprint`],
    /// by a digest of the registry's text and one of the outlets (making it took 7 ms of each
    /// rebuild).
    registered: Option<(Option<u64>, u64, Arc<Catalog>, u64)>,
    /// The archive's entities as [`finish`] made them last.
    finished: Option<Finished>,
}

/// The catalog of the registry, the built-in gazetteer and the archive's outlets (`sources`,
/// distinct and sorted), before discovery, with its fingerprint and the digest of the
/// registry's text (`None` without a registry) it was made from: kept in `cache` while that
/// text and the outlets are the same.
fn registered_catalog(
    settings: &Settings,
    sources: &[&str],
    cache: &mut Cache,
) -> Result<(Arc<Catalog>, u64, Option<u64>)> {
    let text = registry::read(&settings.root).map_err(|errors| ContentErrors { errors })?;
    let key = text
        .as_deref()
        .map(|t| xxhash_rust::xxh3::xxh3_64(t.as_bytes()));
    let outlets_key = {
        let mut h = xxhash_rust::xxh3::Xxh3Default::new();
        for s in sources {
            h.update(s.as_bytes());
            h.update(&[0]);
        }
        h.digest()
    };
    if let Some((k, outlets, catalog, fingerprint)) = &cache.registered {
        if *k == key && *outlets == outlets_key {
            return Ok((catalog.clone(), *fingerprint, key));
        }
    }
    let registry = match &text {
        Some(t) => registry::parse(t, registry::REGISTRY_PATH),
        None => Ok(Registry::default()),
    }
    .map_err(|errors| ContentErrors { errors })?;
    let (mut catalog, errors) = Catalog::new(&registry, &Gazetteer::builtin());
    if !errors.is_empty() {
        return Err(ContentErrors { errors }.into());
    }
    catalog.add_outlets(sources.iter().copied());
    let fingerprint = catalog.fingerprint();
    let catalog = Arc::new(catalog);
    if !cache.one_off {
        cache.registered = Some((key, outlets_key, catalog.clone(), fingerprint));
    }
    Ok((catalog, fingerprint, key))
}

/// The matchers and word lists of the final pass: built from the catalog after discovery
/// (70 ms at 10,000 articles), so kept between rebuilds while that catalog is unchanged.
struct FinalPass {
    /// The names discovery added, searched beside the known ones (the discovery pass's
    /// matcher): together they find what one matcher of every name would, without building
    /// the known names' automaton twice.
    added: Matcher,
    /// How many names were known before discovery.
    known_forms: usize,
    lexicon: discovery::Lexicon,
    surnames: coreference::Surnames,
    org_forms: HashMap<usize, Vec<String>>,
}

/// A digest of what discovery found in an article: all that adding it to the catalog reads.
fn found_digest(found: &[discovery::Found]) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3Default::new();
    for f in found {
        h.update(f.kind.as_str().as_bytes());
        h.update(&[0]);
        h.update(f.key.as_bytes());
        h.update(&[0]);
        h.update(f.surface.as_bytes());
        h.update(&[0]);
        h.update(&f.same_as.map_or(u64::MAX, |e| e as u64).to_le_bytes());
    }
    h.digest()
}

/// A digest of an article's blocks: all the entity passes read of it.
fn text_digest(article: &Article) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    for b in article.blocks.iter() {
        b.text.hash(&mut h);
    }
    h.finish()
}

/// A block's text prepared for matching: normalized (borrowed from the block, which is
/// normalized when the article is read) and split into words.
pub struct PreparedBlock<'a> {
    pub norm: Cow<'a, Normalized>,
    /// The words of `norm.text`, found once for every pass that reads them.
    words: Vec<(u32, u32)>,
}

impl<'a> PreparedBlock<'a> {
    /// A block of `text`, normalized here.
    pub fn new(text: &str) -> PreparedBlock<'static> {
        PreparedBlock::with(Cow::Owned(normalize(text)))
    }

    /// A block of an article, with the normalized text it carries.
    pub fn of(block: &'a Block) -> PreparedBlock<'a> {
        PreparedBlock::with(Cow::Borrowed(&block.norm))
    }

    fn with(norm: Cow<'a, Normalized>) -> PreparedBlock<'a> {
        let words = crate::arabic::tokens::tokens(&norm.text)
            .iter()
            .map(|t| (t.start as u32, t.end as u32))
            .collect();
        PreparedBlock { norm, words }
    }

    /// The words of the normalized text (see [`crate::arabic::tokens::tokens`]).
    pub fn tokens(&self) -> Vec<crate::arabic::tokens::Token<'_>> {
        self.words
            .iter()
            .map(|&(s, e)| crate::arabic::tokens::Token {
                start: s as usize,
                end: e as usize,
                text: &self.norm.text[s as usize..e as usize],
            })
            .collect()
    }
}

/// Normalizes the blocks of an article.
pub fn prepare(article: &Article) -> Vec<PreparedBlock<'_>> {
    article.blocks.iter().map(PreparedBlock::of).collect()
}

/// The analysis step for entities: fills `archive.entities` and every article's `entities`.
pub fn analyse(settings: &Settings, archive: &mut Archive) -> Result<()> {
    analyse_cached(settings, archive, &mut Cache::default())
}

/// [`analyse`], reusing and refreshing the per-article results kept in `cache`.
pub fn analyse_cached(settings: &Settings, archive: &mut Archive, cache: &mut Cache) -> Result<()> {
    let mut sources: Vec<&str> = archive
        .articles
        .iter()
        .filter_map(|a| a.source.as_deref())
        .collect();
    sources.sort_unstable();
    sources.dedup();
    let (registered, base, registry_text) = registered_catalog(settings, &sources, cache)?;
    // An article's results are kept under the digest of its text, for the rebuilds of a
    // long-lived cache. A one-off build keeps nothing for later, and the passes are pure
    // functions of the text, so there each article is its own key (hashing 60 MB of text
    // at 10,000 articles was 0.5 % of the build, for nothing).
    let digests: Vec<u64> = if cache.one_off {
        (0..archive.articles.len() as u64).collect()
    } else {
        let by_blocks = |a: &Article| ByAddress(a.blocks.clone());
        cache
            .texts
            .digests(&archive.articles, by_blocks, text_digest)
    };
    if base != cache.base {
        cache.base = base;
        cache.found.clear();
        cache.discovery = None;
    }
    // Discovery, seeing what the known names already cover.
    let discovering = match &cache.discovery {
        Some(d) => d.clone(),
        None => Arc::new((
            Matcher::new(registered.forms.clone()),
            discovery::Lexicon::new(&registered),
        )),
    };
    if !cache.one_off {
        cache.discovery = Some(discovering.clone());
    }
    let (known, lexicon) = (&discovering.0, &discovering.1);
    // The blocks normalized here, and the known names found in them, are kept for the final
    // pass (a compact offset map makes that cheap: about the size of the text).
    let (fresh, mut prepared): (Vec<_>, Vec<_>) = archive
        .articles
        .par_iter()
        .zip(&digests)
        .map(|(article, d)| {
            if cache.found.contains_key(d) {
                return (None, None);
            }
            let blocks = prepare(article);
            let mut candidates = Vec::with_capacity(blocks.len());
            let mut found: Vec<discovery::Found> = Vec::new();
            for (b, block) in blocks.iter().zip(article.blocks.iter()) {
                let words = b.tokens();
                let cands = known.candidates_in(&b.norm.text, &words);
                let (hits, _) = known.resolve(&b.norm.text, cands.clone());
                found.extend(discovery::discover_in(
                    &block.text,
                    &b.norm,
                    &words,
                    &hits,
                    lexicon,
                ));
                candidates.push(cands);
            }
            (Some(found), Some((blocks, candidates)))
        })
        .unzip();
    for (d, f) in digests.iter().zip(fresh) {
        if let Some(f) = f {
            let digest = if cache.one_off { 0 } else { found_digest(&f) };
            cache.found.insert(*d, (digest, f));
        }
    }
    let known_forms = registered.forms.len();
    let add = |catalog: &mut Catalog| {
        let found = digests
            .iter()
            .flat_map(|d| cache.found[d].1.iter().cloned());
        discovery::add_discovered(catalog, found);
    };
    let catalog: Arc<Catalog> = if cache.one_off {
        let mut catalog = Arc::unwrap_or_clone(registered);
        add(&mut catalog);
        Arc::new(catalog)
    } else {
        // The registry's text stands for all of the catalog before discovery (descriptions
        // and links too, which `base` leaves out), the gazetteer being built in.
        let mut h = xxhash_rust::xxh3::Xxh3Default::new();
        h.update(&[u8::from(registry_text.is_some())]);
        h.update(&registry_text.unwrap_or(0).to_le_bytes());
        for d in &digests {
            h.update(&cache.found[d].0.to_le_bytes());
        }
        let key = h.digest();
        match &cache.discovered {
            Some((k, done)) if *k == key => done.clone(),
            _ => {
                let mut catalog = Arc::unwrap_or_clone(registered);
                add(&mut catalog);
                let catalog = Arc::new(catalog);
                cache.discovered = Some((key, catalog.clone()));
                catalog
            }
        }
    };
    // The final pass with every name, then short forms.
    let home = settings.home_country.as_deref();
    let full = catalog.fingerprint() ^ xxhash_rust::xxh3::xxh3_64(home.unwrap_or("").as_bytes());
    if full != cache.full {
        cache.full = full;
        cache.entities.clear();
        cache.final_pass = None;
    }
    let pass = match &cache.final_pass {
        Some(p) if p.known_forms == known_forms => p.clone(),
        _ => {
            let lexicon = discovery::Lexicon::new(&catalog);
            Arc::new(FinalPass {
                added: Matcher::tail(catalog.forms.clone(), known_forms),
                known_forms,
                surnames: coreference::Surnames::new(&catalog, &lexicon),
                lexicon,
                org_forms: catalog.organization_forms(),
            })
        }
    };
    if !cache.one_off {
        cache.final_pass = Some(pass.clone());
    }
    let FinalPass {
        added,
        lexicon,
        surnames,
        org_forms,
        ..
    } = &*pass;
    let shared = &shared::SharedPlaces::new(&catalog);
    let institutions = &institutions::Institutions::new(&catalog, home);
    let clubs = &clubs::Clubs::new(&catalog, home);
    let per_article: Vec<ArticleFinds> = archive
        .articles
        .par_iter()
        .zip(&digests)
        .zip(prepared.par_iter_mut())
        .map(|((article, d), kept)| {
            if let Some(done) = cache.entities.get(d) {
                return done.clone();
            }
            let (blocks, mut known_cands) = match kept.take() {
                Some((blocks, cands)) => (blocks, Some(cands)),
                None => (prepare(article), None),
            };
            let blocks = &blocks;
            // The words of each block, made once for the four steps below that read them.
            let words: Vec<Vec<Token>> = blocks.iter().map(PreparedBlock::tokens).collect();
            let kind = |e: usize| catalog.entities[e].kind;
            let (mut hits, mut deferred): (Vec<Vec<Hit>>, Vec<Vec<Hit>>) = blocks
                .iter()
                .zip(&words)
                .enumerate()
                .map(|(i, (b, words))| {
                    let text = &b.norm.text;
                    let mut cands = match known_cands.as_mut() {
                        Some(kept) => std::mem::take(&mut kept[i]),
                        None => known.candidates_in(text, words),
                    };
                    cands.extend(added.candidates_in(text, words));
                    added.resolve(text, cands)
                })
                .unzip();
            let texts: Vec<&str> = blocks.iter().map(|b| b.norm.text.as_str()).collect();
            shared.decide(&texts, &words, &mut hits, &mut deferred);
            institutions.decide(&catalog, &texts, &words, &mut hits, &mut deferred, &|w| {
                lexicon.is_nationality(w)
            });
            clubs.decide(&texts, &words, &mut hits, &mut deferred);
            for ((hs, deferred), text) in hits.iter_mut().zip(deferred).zip(&texts) {
                matcher::accept_coordinated(text, hs, deferred, |a, b| kind(a) == kind(b));
            }
            for hs in hits.iter_mut() {
                for h in hs.iter_mut() {
                    h.entity = catalog.resolve(h.entity);
                }
            }
            surnames.resolve(&catalog, lexicon, blocks, &words, &mut hits);
            coreference::organization_short_forms(&catalog, org_forms, blocks, &mut hits);
            coreference::organization_heads(org_forms, lexicon, blocks, &words, &mut hits);
            let found = mentions(article, blocks, &hits);
            ArticleFinds {
                indices: found.iter().map(|(i, _)| *i).collect(),
                entities: found
                    .into_iter()
                    .map(|(i, mentions)| ArticleEntity {
                        id: catalog.entities[i].id.clone(),
                        mentions,
                    })
                    .collect(),
            }
        })
        .collect();
    // Keep what the next rebuild can reuse: this archive's articles only.
    let live: HashSet<u64> = digests.iter().copied().collect();
    cache.found.retain(|d, _| live.contains(d));
    cache.entities.retain(|d, _| live.contains(d));
    if !cache.one_off {
        for (d, aes) in digests.iter().zip(&per_article) {
            cache.entities.entry(*d).or_insert_with(|| aes.clone());
        }
    }
    let kept = (!cache.one_off).then_some(&mut cache.finished);
    finish(archive, &catalog, per_article, kept);
    Ok(())
}

/// One article's entities, in order of first mention: the catalog index of each, and each
/// with its id and mentions (shared between the archive and the analysis cache).
#[derive(Clone)]
struct ArticleFinds {
    indices: Arc<[usize]>,
    entities: Arc<[ArticleEntity]>,
}

/// Turns an article's hits into its entities (catalog indices) with their mentions, in order
/// of first mention.
fn mentions(
    article: &Article,
    blocks: &[PreparedBlock],
    hits: &[Vec<Hit>],
) -> Vec<(usize, Vec<Mention>)> {
    let mut order: Vec<usize> = Vec::new();
    let mut by_entity: HashMap<usize, Vec<Mention>> = HashMap::default();
    for (bi, hs) in hits.iter().enumerate() {
        let text = &article.blocks[bi].text;
        for h in hs {
            let (s, e) = matcher::original_range(&blocks[bi].norm, text, h.start, h.end);
            if s >= e {
                continue;
            }
            let list = by_entity.entry(h.entity).or_insert_with(|| {
                order.push(h.entity);
                Vec::new()
            });
            list.push(Mention {
                block: bi,
                start: s,
                end: e,
                // A name with quotation marks inside (جمعية "بيت الحكمة) is listed without.
                surface: discovery::without_quotes(&text[s..e]),
            });
        }
    }
    order
        .into_iter()
        .map(|i| (i, by_entity.remove(&i).unwrap_or_default()))
        .collect()
}

/// Keeps the entities mentioned at least once, gives them unique slugs per type, and puts
/// each article's entities in place. `kept` holds the last result, reused while the catalog
/// and the set of entities mentioned are the same (a body edit rarely changes either).
fn finish(
    archive: &mut Archive,
    catalog: &Arc<Catalog>,
    per_article: Vec<ArticleFinds>,
    kept: Option<&mut Option<Finished>>,
) {
    let mut used = vec![false; catalog.entities.len()];
    for finds in &per_article {
        for &i in finds.indices.iter() {
            used[i] = true;
        }
    }
    let same = |f: &&mut Finished| f.catalog == ByAddress(catalog.clone()) && f.used == used;
    match kept {
        Some(Some(f)) if same(&f) => {
            archive.entities = f.entities.clone();
            archive.entity_index = f.index.clone();
        }
        kept => {
            archive.entities = archive_entities(catalog, &used);
            archive.index_entities();
            if let Some(kept) = kept {
                *kept = Some(Finished {
                    catalog: ByAddress(catalog.clone()),
                    used,
                    entities: archive.entities.clone(),
                    index: archive.entity_index.clone(),
                });
            }
        }
    }
    for (article, finds) in archive.articles.iter_mut().zip(per_article) {
        article.entities = finds.entities;
    }
}

/// The entities of the archive: those of `used`, in catalog order, each with a slug unique
/// within its type.
fn archive_entities(catalog: &Catalog, used: &[bool]) -> Vec<Entity> {
    let mut taken: HashSet<(EntityType, String)> = HashSet::default();
    let mut entities = Vec::new();
    for (i, _) in used.iter().enumerate().filter(|(_, u)| **u) {
        let mut e = catalog.entities[i].clone();
        let base = match arabic_slug(&e.name) {
            s if s.is_empty() => e.id.clone(),
            s => s,
        };
        let mut slug = base.clone();
        let mut n = 2;
        while !taken.insert((e.kind, slug.clone())) {
            slug = format!("{base}-{n}");
            n += 1;
        }
        e.slug = slug;
        entities.push(e);
    }
    entities
}

/// What [`finish`] made, with what it was made from.
struct Finished {
    catalog: ByAddress<Catalog>,
    used: Vec<bool>,
    entities: Vec<Entity>,
    index: rustc_hash::FxHashMap<String, usize>,
}
