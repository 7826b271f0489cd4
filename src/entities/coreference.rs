//! Coreference of short forms: a surname used alone (حموشي, معتضد, لعميم) is the person named
//! in full elsewhere in the same article, or the one registry person with that surname.
//! Spelling variants (عبداللطيف/عبد اللطيف) are joined earlier, by the forms of each entity.

use std::collections::{HashMap, HashSet};

use super::discovery::Lexicon;
use super::matcher::{Hit, Matcher};
use super::{Catalog, PreparedBlock};
use crate::model::{EntityOrigin, EntityType};

/// The surname of a person's name key: the last word, or the last two when the one before is
/// a compound part (شادي عبد السلام → عبد السلام). `None` for one-word names.
pub fn surname(key: &str) -> Option<String> {
    let words: Vec<&str> = key.split(' ').collect();
    if words.len() < 2 {
        return None;
    }
    let n = words.len();
    if n >= 3 && matches!(words[n - 2], "عبد" | "ابو" | "بن" | "ابن" | "ولد" | "ايت")
    {
        return Some(format!("{} {}", words[n - 2], words[n - 1]));
    }
    Some(words[n - 1].to_string())
}

/// Every usable surname of the catalog's persons, matched in one pass.
pub struct Surnames {
    matcher: Matcher,
    /// Group → the persons that share the surname.
    groups: Vec<Vec<usize>>,
}

impl Surnames {
    pub fn new(catalog: &Catalog, lex: &Lexicon) -> Surnames {
        let mut by_surname: HashMap<String, Vec<usize>> = HashMap::new();
        for (k, i, _) in &catalog.forms {
            let i = catalog.resolve(*i);
            if catalog.entities[i].kind != EntityType::Person {
                continue;
            }
            let Some(s) = surname(k) else { continue };
            let last = s.rsplit(' ').next().unwrap_or(&s);
            if s.chars().count() < 3 || catalog.by_key.contains_key(&s) || !lex.name_like(last) {
                continue;
            }
            let g = by_surname.entry(s).or_default();
            if !g.contains(&i) {
                g.push(i);
            }
        }
        let mut groups = Vec::new();
        let mut forms = Vec::new();
        let mut keys: Vec<_> = by_surname.into_iter().collect();
        keys.sort();
        for (s, persons) in keys {
            forms.push((s, groups.len(), false));
            groups.push(persons);
        }
        Surnames {
            matcher: Matcher::new(forms),
            groups,
        }
    }

    /// Adds the surnames of `blocks` that resolve to one person to `hits`.
    pub fn resolve(&self, catalog: &Catalog, blocks: &[PreparedBlock], hits: &mut [Vec<Hit>]) {
        let mentioned: HashSet<usize> = hits.iter().flatten().map(|h| h.entity).collect();
        for (b, hs) in blocks.iter().zip(hits.iter_mut()) {
            let mut added = Vec::new();
            for h in self.matcher.find(&b.norm.text) {
                if hs.iter().any(|t| h.start < t.end && t.start < h.end) {
                    continue;
                }
                let group = &self.groups[h.entity];
                let here: Vec<usize> = group
                    .iter()
                    .copied()
                    .filter(|p| mentioned.contains(p))
                    .collect();
                let person = match here.as_slice() {
                    [p] => Some(*p),
                    [] => {
                        let registry: Vec<usize> = group
                            .iter()
                            .copied()
                            .filter(|&p| catalog.entities[p].origin == EntityOrigin::Registry)
                            .collect();
                        if registry.len() == 1 && group.len() == 1 {
                            Some(registry[0])
                        } else {
                            None
                        }
                    }
                    _ => None,
                };
                if let Some(p) = person {
                    added.push(Hit { entity: p, ..h });
                }
            }
            hs.extend(added);
            hs.sort_by_key(|h| h.start);
        }
    }
}

/// Short forms of organizations within one article: a discovered name that begins another
/// organization named in the same article (صندوق النقد → صندوق النقد الدولي), and a Latin
/// acronym in parentheses right after an organization's name (… العامة (PIF)), are that
/// organization.
pub fn organization_short_forms(
    catalog: &Catalog,
    org_forms: &HashMap<usize, Vec<String>>,
    blocks: &[PreparedBlock],
    hits: &mut [Vec<Hit>],
) {
    let orgs: HashSet<usize> = hits
        .iter()
        .flatten()
        .map(|h| h.entity)
        .filter(|&e| catalog.entities[e].kind == EntityType::Organization)
        .collect();
    let discovered = |e: usize| catalog.entities[e].origin == EntityOrigin::Discovered;
    let mut to: HashMap<usize, usize> = HashMap::new();
    for &e in orgs.iter().filter(|&&e| discovered(e)) {
        let k = format!("{} ", super::matcher::key(&catalog.entities[e].name));
        let longer: Vec<usize> = orgs
            .iter()
            .copied()
            .filter(|&o| o != e)
            .filter(|o| {
                org_forms
                    .get(o)
                    .is_some_and(|fs| fs.iter().any(|f| f.starts_with(&k)))
            })
            .collect();
        if let [o] = longer.as_slice() {
            to.insert(e, *o);
        }
    }
    for (b, hs) in blocks.iter().zip(hits.iter_mut()) {
        for n in 0..hs.len() {
            let e = hs[n].entity;
            if let Some(&o) = to.get(&e) {
                hs[n].entity = o;
                continue;
            }
            let name = &catalog.entities[e].name;
            if n > 0 && discovered(e) && name.chars().all(|c| c.is_ascii_uppercase()) {
                let prev = hs[n - 1];
                let between = b.norm.text[prev.end..hs[n].start].trim();
                if between == "(" && catalog.entities[prev.entity].kind == EntityType::Organization
                {
                    hs[n].entity = prev.entity;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::matcher::key;

    #[test]
    fn surname_table() {
        let rows: &[(&str, Option<&str>)] = &[
            ("عبد اللطيف حموشي", Some("حموشي")),
            ("هشام معتضد", Some("معتضد")),
            ("إحسان الحافظي", Some("الحافظي")),
            ("البراق شادي عبد السلام", Some("عبد السلام")),
            ("داعش", None),
        ];
        for (name, expected) in rows {
            assert_eq!(surname(&key(name)), expected.map(key), "{name}");
        }
    }
}
