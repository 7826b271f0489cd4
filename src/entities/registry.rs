//! The entity registry `content/entities.toml`: curated entities, forms to ignore and merges,
//! validated with the file's line numbers in every error.

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::error::ContentError;
use crate::model::EntityType;

/// Path of the registry, relative to the site root.
pub const REGISTRY_PATH: &str = "content/entities.toml";

/// One curated entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryEntity {
    pub id: String,
    pub name: String,
    pub kind: EntityType,
    pub aliases: Vec<String>,
    pub description: Option<String>,
    pub wikidata: Option<String>,
    pub line: usize,
}

/// Entities folded into another one: `from` holds ids (gazetteer, registry) or names
/// (discovered entities).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merge {
    pub into: String,
    pub from: Vec<String>,
    pub line: usize,
}

/// The parsed registry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Registry {
    pub entities: Vec<RegistryEntity>,
    /// Forms never taken as entities (discovered names, gazetteer aliases).
    pub ignore: Vec<String>,
    pub merges: Vec<Merge>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRegistry {
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    merge: Vec<Spanned<RawMerge>>,
    #[serde(default)]
    entity: Vec<Spanned<RawEntity>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMerge {
    into: String,
    from: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntity {
    id: String,
    name: String,
    #[serde(rename = "type")]
    kind: Spanned<String>,
    #[serde(default)]
    aliases: Vec<String>,
    description: Option<String>,
    wikidata: Option<String>,
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// Loads `content/entities.toml` under `root`; a missing file is an empty registry.
pub fn load(root: &Path) -> Result<Registry, Vec<ContentError>> {
    match read(root)? {
        Some(text) => parse(&text, REGISTRY_PATH),
        None => Ok(Registry::default()),
    }
}

/// The text of `content/entities.toml` under `root`, or `None` when there is no such file.
pub fn read(root: &Path) -> Result<Option<String>, Vec<ContentError>> {
    let path = root.join(REGISTRY_PATH);
    if !path.exists() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(&path).map_err(|e| {
        vec![ContentError::new(
            REGISTRY_PATH,
            None,
            format!("cannot read the entity registry: {e}"),
            "check that the file is readable UTF-8 text",
        )]
    })?;
    Ok(Some(text))
}

/// Parses and validates registry text; `path` names the file in errors.
pub fn parse(text: &str, path: &str) -> Result<Registry, Vec<ContentError>> {
    let raw: RawRegistry = toml::from_str(text).map_err(|e| {
        vec![ContentError::new(
            path,
            e.span().map(|s| line_of(text, s.start)),
            format!("invalid entity registry: {}", e.message()),
            "each entity is an [[entity]] table with id, name, type and optional aliases, description, wikidata; see the README section \"Entity registry\"",
        )]
    })?;
    let mut errors = Vec::new();
    let mut registry = Registry {
        ignore: raw.ignore,
        ..Registry::default()
    };
    let mut ids = std::collections::HashMap::new();
    for spanned in raw.entity {
        let line = line_of(text, spanned.span().start);
        let e = spanned.into_inner();
        let Some(kind) = EntityType::parse(e.kind.get_ref()) else {
            errors.push(ContentError::new(
                path,
                Some(line_of(text, e.kind.span().start)),
                format!(
                    "unknown entity type `{}` (expected person, organization, place)",
                    e.kind.get_ref()
                ),
                "set type = \"person\", \"organization\" or \"place\"",
            ));
            continue;
        };
        if e.id.is_empty()
            || !e
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            errors.push(ContentError::new(
                path,
                Some(line),
                format!("invalid entity id `{}`", e.id),
                "use lowercase ASCII letters, digits and hyphens, e.g. id = \"abdellatif-hammouchi\"",
            ));
            continue;
        }
        if e.name.trim().is_empty() {
            errors.push(ContentError::new(
                path,
                Some(line),
                format!("entity `{}` has an empty name", e.id),
                "give the entity its usual written name, e.g. name = \"عبد اللطيف حموشي\"",
            ));
            continue;
        }
        if let Some(first) = ids.insert(e.id.clone(), line) {
            errors.push(ContentError::new(
                path,
                Some(line),
                format!(
                    "duplicate entity id `{}` (first defined on line {first})",
                    e.id
                ),
                "give each entity its own id, or merge the two entries",
            ));
            continue;
        }
        if let Some(q) = &e.wikidata {
            if !(q.starts_with('Q') && q.len() > 1 && q[1..].chars().all(|c| c.is_ascii_digit())) {
                errors.push(ContentError::new(
                    path,
                    Some(line),
                    format!("invalid wikidata id `{q}` for entity `{}`", e.id),
                    "use the item id as on wikidata.org, e.g. wikidata = \"Q1028\", or leave it out",
                ));
            }
        }
        registry.entities.push(RegistryEntity {
            id: e.id,
            name: e.name.trim().to_string(),
            kind,
            aliases: e.aliases,
            description: e.description.filter(|d| !d.trim().is_empty()),
            wikidata: e.wikidata,
            line,
        });
    }
    for m in raw.merge {
        let line = line_of(text, m.span().start);
        let m = m.into_inner();
        registry.merges.push(Merge {
            into: m.into,
            from: m.from,
            line,
        });
    }
    if errors.is_empty() {
        Ok(registry)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_entities_ignore_and_merge() {
        let text = r#"
ignore = ["الوزير"]

[[merge]]
into = "morocco"
from = ["country-ma"]

[[entity]]
id = "abdellatif-hammouchi"
name = "عبد اللطيف حموشي"
type = "person"
aliases = ["حموشي"]
description = "المدير العام للأمن الوطني"
wikidata = "Q56547386"
"#;
        let r = parse(text, "content/entities.toml").unwrap();
        assert_eq!(r.ignore, vec!["الوزير"]);
        assert_eq!(r.merges[0].into, "morocco");
        assert_eq!(r.merges[0].line, 4);
        let e = &r.entities[0];
        assert_eq!(
            (e.id.as_str(), e.kind, e.line),
            ("abdellatif-hammouchi", EntityType::Person, 8)
        );
    }

    #[test]
    fn errors_name_the_line_and_the_fix() {
        let rows: &[(&str, usize, &str)] = &[
            (
                "[[entity]]\nid = \"x\"\nname = \"س\"\ntype = \"persn\"\n",
                4,
                "unknown entity type `persn`",
            ),
            (
                "[[entity]]\nid = \"a\"\nname = \"أ\"\ntype = \"place\"\n\n[[entity]]\nid = \"a\"\nname = \"ب\"\ntype = \"place\"\n",
                6,
                "duplicate entity id `a`",
            ),
            (
                "[[entity]]\nid = \"Bad Id\"\nname = \"أ\"\ntype = \"place\"\n",
                1,
                "invalid entity id",
            ),
            (
                "[[entity]]\nid = \"a\"\nname = \"أ\"\ntype = \"place\"\ncolour = 1\n",
                5,
                "unknown field",
            ),
        ];
        for (text, line, message) in rows {
            let errs = parse(text, "content/entities.toml").unwrap_err();
            assert_eq!(errs[0].line, Some(*line), "{text}");
            assert!(errs[0].message.contains(message), "{}", errs[0].message);
            assert!(!errs[0].fix.is_empty());
        }
    }
}
