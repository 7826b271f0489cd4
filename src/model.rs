//! The archive's data: articles, their blocks, entities and events. Data only, no I/O.

use chrono::NaiveDate;
use serde::Serialize;

/// One article as loaded from `content/articles/`, with what analysis found in it.
/// (`PartialEq` lets `watch` tell which pages an edit changed.)
#[derive(Debug, Clone)]
pub struct Article {
    /// Path of the Markdown file, relative to the site root, with `/` separators.
    pub path: String,
    /// Output path segment under `articles/`.
    pub slug: String,
    pub title: String,
    /// Whether the title was generated from the lead sentence (the capture had none).
    pub title_generated: bool,
    pub date: Option<NaiveDate>,
    pub source: Option<String>,
    pub source_url: Option<String>,
    /// Path of the raw capture relative to the site root (e.g. `seeds/003_….txt`).
    pub origin: Option<String>,
    pub origin_sha256: Option<String>,
    pub summary: Option<String>,
    pub dateline: Option<String>,
    /// The subtitle under the headline, as the outlet published it.
    pub deck: Option<String>,
    /// The writer named by the byline.
    pub author: Option<String>,
    pub draft: bool,
    /// The Markdown body after the front matter.
    pub body: std::sync::Arc<str>,
    /// Line of the body's first line in the file (1-based), for error messages.
    pub body_line: usize,
    /// The body's top-level blocks with their plain text, in order.
    pub blocks: std::sync::Arc<[Block]>,
    /// Entities mentioned, filled by analysis.
    pub entities: std::sync::Arc<[ArticleEntity]>,
    /// Dated events, filled by analysis.
    pub events: std::sync::Arc<[Event]>,
}

/// Equal fields, with the shared text (body, blocks, entities, events) equal without a look
/// at its content when both sides share it: a rebuild compares every article with the
/// previous build's, and an unchanged article shares all four with it.
impl PartialEq for Article {
    fn eq(&self, other: &Article) -> bool {
        fn shared<T: ?Sized + PartialEq>(a: &std::sync::Arc<T>, b: &std::sync::Arc<T>) -> bool {
            std::sync::Arc::ptr_eq(a, b) || **a == **b
        }
        // Every field named (no `..`): a new field must be added here to compile.
        let Article {
            path,
            slug,
            title,
            title_generated,
            date,
            source,
            source_url,
            origin,
            origin_sha256,
            summary,
            dateline,
            deck,
            author,
            draft,
            body,
            body_line,
            blocks,
            entities,
            events,
        } = self;
        *path == other.path
            && *slug == other.slug
            && *title == other.title
            && *title_generated == other.title_generated
            && *date == other.date
            && *source == other.source
            && *source_url == other.source_url
            && *origin == other.origin
            && *origin_sha256 == other.origin_sha256
            && *summary == other.summary
            && *dateline == other.dateline
            && *deck == other.deck
            && *author == other.author
            && *draft == other.draft
            && *body_line == other.body_line
            && shared(body, &other.body)
            && shared(blocks, &other.blocks)
            && shared(entities, &other.entities)
            && shared(events, &other.events)
    }
}

/// A top-level block of an article body (paragraph, heading, quote, list item).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Block {
    pub kind: BlockKind,
    /// Plain text of the block, as the reader sees it.
    pub text: String,
    /// Anchor id of the block in the article page (`p1`, `p2`, …).
    pub anchor: String,
    /// `text` normalized, with its map back to `text`: made once when the article is read,
    /// and read by entity analysis, date extraction and the search index alike.
    #[serde(skip)]
    pub norm: crate::arabic::Normalized,
}

impl Block {
    /// A block of `text`, normalized.
    pub fn new(kind: BlockKind, text: String, anchor: String) -> Block {
        Block {
            kind,
            norm: crate::arabic::normalize(&text),
            text,
            anchor,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BlockKind {
    Paragraph,
    Heading,
    Quote,
    Item,
    Other,
}

/// The three kinds of named entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityType {
    Person,
    Organization,
    Place,
}

impl EntityType {
    pub const ALL: [EntityType; 3] = [
        EntityType::Person,
        EntityType::Organization,
        EntityType::Place,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Person => "person",
            EntityType::Organization => "organization",
            EntityType::Place => "place",
        }
    }

    pub fn parse(s: &str) -> Option<EntityType> {
        match s {
            "person" => Some(EntityType::Person),
            "organization" => Some(EntityType::Organization),
            "place" => Some(EntityType::Place),
            _ => None,
        }
    }
}

/// An entity as found in one article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleEntity {
    /// Id of the entity in the archive.
    pub id: String,
    /// Every mention, in text order.
    pub mentions: Vec<Mention>,
}

/// One place in an article where an entity is named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Index into [`Article::blocks`].
    pub block: usize,
    /// Byte range in the block's text, without attached proclitics.
    pub start: usize,
    pub end: usize,
    /// The surface string as written.
    pub surface: String,
}

/// How precisely a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Day,
    Month,
    Year,
    Decade,
    Range,
    Recurring,
}

/// A dated event: a date written in an article, with the sentence it stands in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// ISO 8601 cut to precision: `2014`, `2021-02`, `2021-12-18`, `--09-07`.
    pub date: String,
    /// Extended Date/Time Format form (`2021-12-18`, `2021-02`, `201X`, `2015/2020`).
    pub edtf: String,
    pub precision: Precision,
    /// The sentence the date stands in.
    pub text: String,
    /// The date as written.
    pub surface: String,
    /// Index into [`Article::blocks`].
    pub block: usize,
    /// Byte range of the surface in the block text.
    pub start: usize,
    pub end: usize,
    /// Resolved from a relative expression or from context, not stated in full.
    pub approximate: bool,
    /// Ids of entities mentioned in the same sentence.
    pub entities: Vec<String>,
}

/// An entity of the archive: registry, gazetteer or discovered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    pub id: String,
    pub name: String,
    pub kind: EntityType,
    pub aliases: Vec<String>,
    pub description: Option<String>,
    pub wikidata: Option<String>,
    /// Where it comes from: `registry`, `gazetteer` or `discovered`.
    pub origin: EntityOrigin,
    /// Output path segment under `entities/<type>/`.
    pub slug: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityOrigin {
    Registry,
    Gazetteer,
    Discovered,
}

/// The whole archive after analysis.
#[derive(Debug, Clone, Default)]
pub struct Archive {
    /// Published articles, newest first, undated last.
    pub articles: Vec<Article>,
    /// Entities mentioned by at least one article.
    pub entities: Vec<Entity>,
    /// Position of each entity in `entities`, by id.
    pub entity_index: rustc_hash::FxHashMap<String, usize>,
}

impl Archive {
    /// The entity with this id.
    pub fn entity(&self, id: &str) -> Option<&Entity> {
        self.entity_index.get(id).map(|&i| &self.entities[i])
    }

    /// [`Archive::entity`] with its index in `entities`.
    pub fn entity_at(&self, id: &str) -> Option<(usize, &Entity)> {
        self.entity_index.get(id).map(|&i| (i, &self.entities[i]))
    }

    /// Rebuilds `entity_index` after `entities` changed.
    pub fn index_entities(&mut self) {
        self.entity_index = self
            .entities
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i))
            .collect();
    }
}

impl Article {
    /// The article's date as `YYYY-MM-DD`, when it has one.
    pub fn date_iso(&self) -> Option<String> {
        self.date.map(|d| d.format("%Y-%m-%d").to_string())
    }
}
