//! JSON-LD (schema.org) for article and entity pages: `NewsArticle` with its publisher, the
//! original it is based on and the entities it is about or mentions; `Person`, `Organization`
//! and `Place` with `sameAs` Wikidata.
//!
//! Templates include the string from [`script`] under the context key `jsonld`; `base.html`
//! puts it in `<script type="application/ld+json">` when the key is set.

use serde_json::{json, Map, Value};

use super::absolute_url;
use crate::config::Settings;
use crate::model::{Archive, Article, BlockKind, Entity, EntityType};
use crate::render::context::entity_path;

/// The schema.org type of an entity.
pub fn schema_type(kind: EntityType) -> &'static str {
    match kind {
        EntityType::Person => "Person",
        EntityType::Organization => "Organization",
        EntityType::Place => "Place",
    }
}

/// The Wikidata page of an item id (`Q123`); a full URL is kept as it is.
pub fn wikidata_url(id: &str) -> String {
    if id.starts_with("http://") || id.starts_with("https://") {
        id.to_string()
    } else {
        format!("https://www.wikidata.org/wiki/{id}")
    }
}

/// Serializes JSON-LD for a `<script>` element: `<` is escaped so no string can close it.
pub fn script(value: &Value) -> String {
    crate::json::to_string(value)
        .expect("JSON values always serialize")
        .replace('<', "\\u003c")
}

/// A short reference to an entity, as used in `about` and `mentions`.
pub fn entity_ref(settings: &Settings, e: &Entity) -> Value {
    let mut v = Map::new();
    v.insert("@type".into(), schema_type(e.kind).into());
    v.insert("name".into(), e.name.clone().into());
    v.insert(
        "url".into(),
        absolute_url(settings, &entity_path(e.kind, &e.slug)).into(),
    );
    if let Some(q) = &e.wikidata {
        v.insert("sameAs".into(), wikidata_url(q).into());
    }
    Value::Object(v)
}

/// The JSON-LD of an entity page (`entities/<type>/<slug>/index.html`).
pub fn entity(settings: &Settings, e: &Entity) -> Value {
    let mut v = Map::new();
    v.insert("@context".into(), "https://schema.org".into());
    v.insert("@type".into(), schema_type(e.kind).into());
    v.insert("name".into(), e.name.clone().into());
    if !e.aliases.is_empty() {
        v.insert("alternateName".into(), json!(e.aliases));
    }
    if let Some(d) = &e.description {
        v.insert("description".into(), d.clone().into());
    }
    v.insert(
        "url".into(),
        absolute_url(settings, &entity_path(e.kind, &e.slug)).into(),
    );
    if let Some(q) = &e.wikidata {
        v.insert("sameAs".into(), json!([wikidata_url(q)]));
    }
    Value::Object(v)
}

/// The JSON-LD of an entity page as a string for the template context key `jsonld`.
pub fn entity_script(settings: &Settings, e: &Entity) -> String {
    script(&entity(settings, e))
}

/// The archive as a `WebSite` published by the site's organization.
fn website(settings: &Settings) -> Value {
    json!({
        "@type": "WebSite",
        "name": settings.title,
        "url": settings.base_url,
        "publisher": { "@type": "Organization", "name": settings.organization },
    })
}

/// The JSON-LD of an article page. The publisher is the outlet (`source`) when known, else
/// the archive's organization; `isBasedOn` lists the original URL and the raw capture kept
/// beside the page. Entities named in the lead paragraph are what the article is `about`;
/// the others are `mentions`.
pub fn news_article(settings: &Settings, archive: &Archive, a: &Article) -> Value {
    news_article_with(settings, archive, a, &|_, e| entity_ref(settings, e))
}

/// [`news_article`] with the references of its entities from `refs(index, entity)` (a
/// build makes each entity's reference once: [`entity_ref`] is the same on every page).
pub fn news_article_with(
    settings: &Settings,
    archive: &Archive,
    a: &Article,
    refs: &dyn Fn(usize, &Entity) -> Value,
) -> Value {
    let page = absolute_url(settings, &crate::render::article_path(&a.slug));
    let mut v = Map::new();
    v.insert("@context".into(), "https://schema.org".into());
    v.insert("@type".into(), "NewsArticle".into());
    v.insert("headline".into(), a.title.clone().into());
    v.insert("url".into(), page.clone().into());
    v.insert("mainEntityOfPage".into(), page.clone().into());
    v.insert("inLanguage".into(), settings.language.clone().into());
    if let Some(d) = a.date_iso() {
        v.insert("datePublished".into(), d.into());
    }
    if let Some(s) = &a.summary {
        v.insert("description".into(), s.clone().into());
    }
    if let Some(d) = &a.dateline {
        v.insert("dateline".into(), d.clone().into());
    }
    if let Some(d) = &a.deck {
        v.insert("alternativeHeadline".into(), d.clone().into());
    }
    if let Some(name) = &a.author {
        v.insert("author".into(), json!({ "@type": "Person", "name": name }));
    }
    let publisher = a.source.as_deref().unwrap_or(&settings.organization);
    v.insert(
        "publisher".into(),
        json!({ "@type": "Organization", "name": publisher }),
    );
    let mut based_on = Vec::new();
    if let Some(u) = &a.source_url {
        based_on.push(Value::from(u.clone()));
    }
    if let Some(origin) = &a.origin {
        let name = origin.rsplit('/').next().unwrap_or(origin);
        let capture = absolute_url(settings, &format!("articles/{}/{name}", a.slug));
        based_on.push(capture.into());
    }
    if !based_on.is_empty() {
        v.insert("isBasedOn".into(), Value::Array(based_on));
    }
    v.insert("isPartOf".into(), website(settings));
    let lead = a.blocks.iter().position(|b| b.kind == BlockKind::Paragraph);
    let (mut about, mut mentions) = (Vec::new(), Vec::new());
    for ae in a.entities.iter() {
        let Some((i, e)) = archive.entity_at(&ae.id) else {
            continue;
        };
        if lead.is_some_and(|l| ae.mentions.iter().any(|m| m.block == l)) {
            about.push(refs(i, e));
        } else {
            mentions.push(refs(i, e));
        }
    }
    if !about.is_empty() {
        v.insert("about".into(), Value::Array(about));
    }
    if !mentions.is_empty() {
        v.insert("mentions".into(), Value::Array(mentions));
    }
    Value::Object(v)
}

/// The JSON-LD of an article page as a string for the template context key `jsonld`.
pub fn news_article_script(settings: &Settings, archive: &Archive, a: &Article) -> String {
    script(&news_article(settings, archive, a))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::{ArticleEntity, Block, EntityOrigin, Mention};
    use crate::publish::tests::settings;

    pub fn test_entity(id: &str, name: &str, kind: EntityType, wikidata: Option<&str>) -> Entity {
        Entity {
            id: id.into(),
            name: name.into(),
            kind,
            aliases: vec![],
            description: None,
            wikidata: wikidata.map(str::to_string),
            origin: EntityOrigin::Registry,
            slug: id.into(),
        }
    }

    pub fn mention(block: usize) -> Mention {
        Mention {
            block,
            start: 0,
            end: 2,
            surface: "x".into(),
        }
    }

    pub fn article(slug: &str, date: Option<&str>, entities: &[(&str, usize)]) -> Article {
        let block = |kind, text: &str, n: usize| Block::new(kind, text.into(), format!("p{n}"));
        Article {
            path: format!("content/articles/{slug}.md"),
            slug: slug.into(),
            title: format!("عنوان {slug} <b>&"),
            title_generated: false,
            date: date.map(|d| d.parse().unwrap()),
            source: Some("العرب".into()),
            source_url: Some(format!("https://example.com/{slug}")),
            origin: Some(format!("seeds/{slug}.txt")),
            origin_sha256: None,
            summary: None,
            dateline: None,
            deck: None,
            author: None,
            draft: false,
            body: String::new().into(),
            body_line: 1,
            blocks: vec![
                block(BlockKind::Heading, "عنوان", 1),
                block(BlockKind::Paragraph, "الفقرة الأولى", 2),
                block(BlockKind::Paragraph, "الفقرة الثانية", 3),
            ]
            .into(),
            entities: entities
                .iter()
                .map(|(id, b)| ArticleEntity {
                    id: id.to_string(),
                    mentions: vec![mention(*b)],
                })
                .collect(),
            events: vec![].into(),
        }
    }

    pub fn archive(articles: Vec<Article>, entities: Vec<Entity>) -> Archive {
        let mut a = Archive {
            articles,
            entities,
            ..Archive::default()
        };
        a.index_entities();
        a
    }

    fn sample() -> Archive {
        archive(
            vec![article(
                "a",
                Some("2021-12-18"),
                &[("hammouchi", 1), ("fbi", 2)],
            )],
            vec![
                test_entity(
                    "hammouchi",
                    "عبد اللطيف حموشي",
                    EntityType::Person,
                    Some("Q123"),
                ),
                test_entity("fbi", "FBI", EntityType::Organization, None),
            ],
        )
    }

    #[test]
    fn news_article_has_the_required_properties() {
        let s = settings();
        let ar = sample();
        let text = news_article_script(&s, &ar, &ar.articles[0]);
        assert!(
            !text.contains('<'),
            "a string could close the script: {text}"
        );
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["@context"], "https://schema.org");
        assert_eq!(v["@type"], "NewsArticle");
        assert_eq!(v["headline"], "عنوان a <b>&");
        assert_eq!(v["datePublished"], "2021-12-18");
        assert_eq!(v["publisher"]["@type"], "Organization");
        assert_eq!(v["publisher"]["name"], "العرب");
        assert_eq!(v["isBasedOn"][0], "https://example.com/a");
        assert_eq!(v["isBasedOn"][1], "https://example.org/a/articles/a/a.txt");
        assert_eq!(v["url"], "https://example.org/a/articles/a/");
        assert_eq!(v["isPartOf"]["publisher"]["name"], "مؤسسة");
        // The entity in the lead is what the article is about; the other is mentioned.
        assert_eq!(v["about"][0]["@type"], "Person");
        assert_eq!(v["about"][0]["name"], "عبد اللطيف حموشي");
        assert_eq!(
            v["about"][0]["sameAs"],
            "https://www.wikidata.org/wiki/Q123"
        );
        assert_eq!(
            v["about"][0]["url"],
            "https://example.org/a/entities/person/hammouchi/"
        );
        assert_eq!(v["mentions"][0]["@type"], "Organization");
        assert!(v["mentions"][0].get("sameAs").is_none());
    }

    #[test]
    fn undated_article_without_source_has_no_date_and_the_archive_as_publisher() {
        let s = settings();
        let mut a = article("b", None, &[]);
        a.source = None;
        a.source_url = None;
        let ar = archive(vec![a], vec![]);
        let v: Value =
            serde_json::from_str(&news_article_script(&s, &ar, &ar.articles[0])).unwrap();
        assert!(v.get("datePublished").is_none());
        assert_eq!(v["publisher"]["name"], "مؤسسة");
        assert_eq!(
            v["isBasedOn"],
            json!(["https://example.org/a/articles/b/b.txt"])
        );
        assert!(v.get("about").is_none() && v.get("mentions").is_none());
    }

    #[test]
    fn entity_types_and_same_as_wikidata() {
        let s = settings();
        let rows = [
            (EntityType::Person, Some("Q1"), "Person"),
            (EntityType::Organization, None, "Organization"),
            (
                EntityType::Place,
                Some("https://www.wikidata.org/wiki/Q2"),
                "Place",
            ),
        ];
        for (kind, q, ty) in rows {
            let mut e = test_entity("x", "الرباط", kind, q);
            e.aliases = vec!["Rabat".into()];
            let v: Value = serde_json::from_str(&entity_script(&s, &e)).unwrap();
            assert_eq!(v["@context"], "https://schema.org");
            assert_eq!(v["@type"], ty);
            assert_eq!(v["name"], "الرباط");
            assert_eq!(v["alternateName"], json!(["Rabat"]));
            assert_eq!(
                v["url"],
                format!("https://example.org/a/entities/{}/x/", kind.as_str())
            );
            match q {
                Some(q) => assert_eq!(v["sameAs"][0], wikidata_url(q)),
                None => assert!(v.get("sameAs").is_none()),
            }
        }
        assert_eq!(wikidata_url("Q2"), "https://www.wikidata.org/wiki/Q2");
    }
}
