//! The built-in gazetteer: places, organizations and public figures compiled into the binary
//! from the TSV files in `src/entities/gazetteer/` (sources and licenses in
//! `gazetteer/SOURCES.md`), and the list of ambiguous forms that are dropped or accepted only
//! with a cue.

use std::collections::HashMap;

use crate::arabic::fold;
use crate::model::EntityType;

const PLACES: &str = include_str!("gazetteer/places.tsv");
const REGIONS: &str = include_str!("gazetteer/regions.tsv");
const DISTRICTS: &str = include_str!("gazetteer/districts.tsv");
const ORGANIZATIONS: &str = include_str!("gazetteer/organizations.tsv");
const BODIES: &str = include_str!("gazetteer/bodies.tsv");
const PERSONS: &str = include_str!("gazetteer/persons.tsv");
const AMBIGUOUS: &str = include_str!("gazetteer/ambiguous.tsv");

/// One gazetteer row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GazetteerEntry {
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub kind: EntityType,
    /// Finer kind from the data (`country`, `city`, `ministry`, …).
    pub subkind: String,
}

/// What to do with an ambiguous form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    /// Never an entity on its own (a common word).
    Never,
    /// An entity only inside a longer name or after a cue word (مدينة, صحيفة …).
    Context,
}

/// The compiled-in gazetteer.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    pub entries: Vec<GazetteerEntry>,
    /// Folded form → policy.
    pub ambiguous: HashMap<String, Policy>,
}

impl Gazetteer {
    /// The gazetteer compiled into the binary.
    pub fn builtin() -> Gazetteer {
        let mut entries = parse_entries(PLACES, EntityType::Place);
        entries.extend(parse_entries(REGIONS, EntityType::Place));
        entries.extend(parse_entries(DISTRICTS, EntityType::Place));
        entries.extend(parse_entries(ORGANIZATIONS, EntityType::Organization));
        entries.extend(parse_entries(BODIES, EntityType::Organization));
        entries.extend(parse_entries(PERSONS, EntityType::Person));
        super::institutions::add_entries(&mut entries);
        Gazetteer {
            entries,
            ambiguous: parse_ambiguous(AMBIGUOUS),
        }
    }
}

/// Rows of `id<TAB>name<TAB>aliases|…<TAB>kind<TAB>source`; `#` lines and the header skipped.
pub fn parse_entries(tsv: &str, kind: EntityType) -> Vec<GazetteerEntry> {
    let mut seen = std::collections::HashSet::new();
    tsv.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#') && !l.starts_with("id\t"))
        .filter_map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            let id = cols.first()?.trim();
            let name = cols.get(1)?.trim();
            if id.is_empty() || name.is_empty() || !seen.insert(id.to_string()) {
                return None;
            }
            let aliases = cols
                .get(2)
                .map(|a| {
                    a.split('|')
                        .map(str::trim)
                        .filter(|a| !a.is_empty() && *a != name)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default();
            Some(GazetteerEntry {
                id: id.to_string(),
                name: name.to_string(),
                aliases,
                kind,
                subkind: cols
                    .get(3)
                    .map(|s| s.trim().to_string())
                    .unwrap_or_default(),
            })
        })
        .collect()
}

/// The built-in `ambiguous.tsv`, parsed once.
pub static AMBIGUOUS_POLICIES: std::sync::LazyLock<HashMap<String, Policy>> =
    std::sync::LazyLock::new(|| parse_ambiguous(AMBIGUOUS));

/// Rows of `form<TAB>reason<TAB>policy`.
pub fn parse_ambiguous(tsv: &str) -> HashMap<String, Policy> {
    tsv.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#') && !l.starts_with("form\t"))
        .filter_map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            let policy = match cols.last()?.trim() {
                "never" => Policy::Never,
                "context" => Policy::Context,
                _ => return None,
            };
            Some((fold(cols.first()?.trim()), policy))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_gazetteer_has_countries_cities_and_bodies() {
        let g = Gazetteer::builtin();
        let find = |name: &str| g.entries.iter().find(|e| e.name == name);
        for (name, kind) in [
            ("المغرب", EntityType::Place),
            ("بلجيكا", EntityType::Place),
            ("الرباط", EntityType::Place),
            ("الإنتربول", EntityType::Organization),
            ("ظفار", EntityType::Place),
            ("مطرح", EntityType::Place),
            ("الشجاعية", EntityType::Place),
            ("بيت التمويل الكويتي", EntityType::Organization),
            ("عبد الفتاح السيسي", EntityType::Person),
        ] {
            assert_eq!(find(name).map(|e| e.kind), Some(kind), "{name}");
        }
        assert_eq!(g.ambiguous.get(&fold("العاصمة")), Some(&Policy::Never));
        // a district that is also a common word, or a given name after a proclitic
        assert_eq!(g.ambiguous.get(&fold("الزيتون")), Some(&Policy::Never));
        assert_eq!(g.ambiguous.get(&fold("أطمة")), Some(&Policy::Context));
        assert!(g.entries.len() > 1000);
    }

    #[test]
    fn rows_are_parsed_with_aliases() {
        let tsv = "id\tname\taliases\tkind\tsource\n# comment\norg-x\tمكتب التحقيقات الفيدرالي\tFBI|أف بي آي\tsecurity-service\tcurated\n";
        let e = parse_entries(tsv, EntityType::Organization);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].aliases, vec!["FBI", "أف بي آي"]);
        assert_eq!(e[0].subkind, "security-service");
    }
}
