//! Coreference of short forms: a surname used alone (حموشي, معتضد, لعميم) is the person named
//! in full elsewhere in the same article, or the one registry person with that surname.
//! Spelling variants (عبداللطيف/عبد اللطيف) are joined earlier, by the forms of each entity.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::discovery::Lexicon;
use super::matcher::{Hit, Matcher};
use super::{Catalog, PreparedBlock};
use crate::arabic::tokens::{is_definite, readings, Token, PROCLITICS};
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
        let mut by_surname: HashMap<String, Vec<usize>> = HashMap::default();
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

    /// Adds the surnames of `blocks` (whose words are `words`) that resolve to one person to
    /// `hits`.
    pub fn resolve(
        &self,
        catalog: &Catalog,
        lex: &Lexicon,
        blocks: &[PreparedBlock],
        words: &[Vec<Token>],
        hits: &mut [Vec<Hit>],
    ) {
        let mentioned: HashSet<usize> = hits.iter().flatten().map(|h| h.entity).collect();
        for ((b, words), hs) in blocks.iter().zip(words).zip(hits.iter_mut()) {
            let mut added = Vec::new();
            let text = &b.norm.text;
            for h in self.matcher.find_in(text, words) {
                if hs.iter().any(|t| h.start < t.end && t.start < h.end)
                    || describes_the_noun_before(text, words, &h, lex)
                {
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

/// Whether the surname hit `h` is a definite adjective of the definite noun just before it
/// (للأمن الوطني, القوات المسلحة): a nisba surname (الوطني, الحافظي) is also an adjective,
/// and after a definite noun that is not a title (الأستاذ الحافظي) it describes that noun.
fn describes_the_noun_before(text: &str, words: &[Token], h: &Hit, lex: &Lexicon) -> bool {
    if !text[h.start..h.end].starts_with("ال") {
        return false;
    }
    // The word holding the hit, and the one before it with only spaces between.
    let at = words.partition_point(|w| w.end <= h.start);
    let Some(before) = at.checked_sub(1).map(|i| &words[i]) else {
        return false;
    };
    let Some(word) = words.get(at) else {
        return false;
    };
    if word.start != h.start
        || !text[before.end..word.start]
            .chars()
            .all(char::is_whitespace)
    {
        return false;
    }
    is_definite(before.text) && !lex.is_title(before.text)
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
    let mut to: HashMap<usize, usize> = HashMap::default();
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

/// A definite organization head used alone (المديرية, والوزارة, للجنة) after the article has
/// named exactly one organization with that head (المديرية العامة للأمن الوطني, لجنة السياسة
/// النقدية) is that organization. Words after the head may repeat the name's next words
/// (المديرية العامة); any other definite word after it names another body or describes one
/// (المديرية الجهوية, المؤسسة الأمنية), and a head right after a definite word is an adjective
/// (والجريمة المنظمة) or an item of a list (أندية الهلال والنصر والاتحاد): all left alone.
pub fn organization_heads(
    org_forms: &HashMap<usize, Vec<String>>,
    lex: &Lexicon,
    blocks: &[PreparedBlock],
    words: &[Vec<Token>],
    hits: &mut [Vec<Hit>],
) {
    // Organizations named so far, in reading order.
    let mut named: Vec<usize> = Vec::new();
    for ((b, words), hs) in blocks.iter().zip(words).zip(hits.iter_mut()) {
        let text = b.norm.text.as_str();
        let mut added = Vec::new();
        let mut next_hit = 0;
        for (i, w) in words.iter().enumerate() {
            while next_hit < hs.len() && hs[next_hit].end <= w.start {
                let e = hs[next_hit].entity;
                if org_forms.contains_key(&e) && !named.contains(&e) {
                    named.push(e);
                }
                next_hit += 1;
            }
            // A head stands for an organization named before it: none yet, nothing to do.
            if named.is_empty() {
                continue;
            }
            // Only a word that starts with a proclitic letter has readings other than itself.
            // (This test first: it rules out most words, and costs less than the next.)
            if !(w.text.starts_with("ال") || w.text.starts_with(PROCLITICS))
                || !lex.has_definite_head_reading(w.text)
            {
                continue;
            }
            if hs.iter().any(|h| w.start < h.end && h.start < w.end) {
                continue;
            }
            let Some(head) = readings(w.text, 3)
                .into_iter()
                .find(|r| r.stem.starts_with("ال") && lex.is_organization_head(r.stem.as_ref()))
            else {
                continue;
            };
            let adjacent = |a: usize, z: usize| text[a..z].chars().all(char::is_whitespace);
            // After a definite word, bare or with a proclitic, the head is an adjective
            // (والجريمة المنظمة) or one item of a list (الهلال والنصر والاتحاد).
            if i > 0
                && adjacent(words[i - 1].end, w.start)
                && readings(words[i - 1].text, 3)
                    .iter()
                    .any(|r| r.stem.starts_with("ال"))
            {
                continue;
            }
            let stem = head.stem.as_ref();
            let bare = &stem["ال".len()..];
            // Each name of an organization as words after its head, when its head is this one.
            let tails = |e: usize| {
                org_forms[&e].iter().filter_map(move |f| {
                    let (first, rest) = f.split_once(' ').unwrap_or((f, ""));
                    (first == stem || first == bare).then_some(rest)
                })
            };
            let candidates: Vec<usize> = named
                .iter()
                .copied()
                .filter(|&e| tails(e).next().is_some())
                .collect();
            let [org] = candidates.as_slice() else {
                continue;
            };
            // Definite words right after the head must continue one of its names.
            let mut n = 0;
            let mut other = false;
            while let Some(t) = words.get(i + 1 + n) {
                if !t.text.starts_with("ال") || !adjacent(words[i + n].end, t.start) {
                    break;
                }
                let next: Vec<&str> = words[i + 1..=i + 1 + n].iter().map(|t| t.text).collect();
                if !tails(*org).any(|rest| {
                    let mut r = rest.split(' ');
                    next.iter().all(|w| r.next() == Some(*w))
                }) {
                    other = true;
                    break;
                }
                n += 1;
            }
            if other {
                continue;
            }
            let end = if n == 0 { w.end } else { words[i + n].end };
            added.push(Hit {
                entity: *org,
                start: w.end - head.stem.len(),
                end,
            });
        }
        for h in &hs[next_hit..] {
            if org_forms.contains_key(&h.entity) && !named.contains(&h.entity) {
                named.push(h.entity);
            }
        }
        if !added.is_empty() {
            hs.extend(added);
            hs.sort_by_key(|h| h.start);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::matcher::key;

    /// Mentions (surface, entity name) that `organization_heads` adds to paragraphs analysed
    /// with the built-in gazetteer.
    fn heads(paragraphs: &[&str]) -> Vec<(String, String)> {
        use crate::entities::{gazetteer::Gazetteer, registry::Registry};
        let (catalog, _) = Catalog::new(&Registry::default(), &Gazetteer::builtin());
        let lex = Lexicon::new(&catalog);
        let m = Matcher::new(catalog.forms.clone());
        let blocks: Vec<PreparedBlock> = paragraphs.iter().map(|p| PreparedBlock::new(p)).collect();
        let mut hits: Vec<Vec<Hit>> = blocks
            .iter()
            .map(|b| {
                let mut hs = m.find(&b.norm.text);
                hs.iter_mut()
                    .for_each(|h| h.entity = catalog.resolve(h.entity));
                hs
            })
            .collect();
        let before = hits.clone();
        let words: Vec<_> = blocks.iter().map(PreparedBlock::tokens).collect();
        organization_heads(
            &catalog.organization_forms(),
            &lex,
            &blocks,
            &words,
            &mut hits,
        );
        let mut out = Vec::new();
        for ((b, hs), old) in blocks.iter().zip(&hits).zip(&before) {
            for h in hs
                .iter()
                .filter(|h| !old.iter().any(|o| o.start == h.start))
            {
                let name = catalog.entities[h.entity].name.clone();
                out.push((b.norm.text[h.start..h.end].to_string(), name));
            }
        }
        out
    }

    #[test]
    fn organization_head_table() {
        const DGSN: &str = "المديرية العامة للأمن الوطني";
        // Paragraphs, and the (surface, entity) mentions the rule adds to them.
        type Row<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)]);
        let rows: &[Row] = &[
            // the head alone, after the full name, in a later paragraph
            (
                &[
                    "أعلنت المديرية العامة للأمن الوطني توقيف شخصين.",
                    "وأوضحت المديرية في بلاغ أن التحقيق مستمر.",
                ],
                &[("المديريه", DGSN)],
            ),
            // with proclitics, and with the name's next word repeated
            (
                &[
                    "أعلنت المديرية العامة للأمن الوطني توقيف شخصين.",
                    "وقال مصدر للمديرية العامة إن والمديرية تتابع.",
                ],
                &[("للمديريه العامه", DGSN), ("المديريه", DGSN)],
            ),
            // before the full name: nothing to refer to
            (
                &[
                    "وأوضحت المديرية أن التحقيق مستمر.",
                    "المديرية العامة للأمن الوطني",
                ],
                &[],
            ),
            // another directorate, and an adjective after a definite noun
            (
                &[
                    "أعلنت المديرية العامة للأمن الوطني ومنظمة الصحة العالمية.",
                    "وقالت المديرية الجهوية للفلاحة إن الجريمة المنظمة تتراجع.",
                ],
                &[],
            ),
            // a list of clubs is not the federation named before
            (
                &[
                    "وقع الاتحاد الدولي لكرة القدم اتفاقا.",
                    "وتملك الدولة أندية الهلال والنصر والاتحاد والأهلي.",
                    "ومكافحة الإرهاب والجريمة المنظمة.",
                ],
                &[],
            ),
            // two ministries named: «الوزارة» is ambiguous
            (
                &[
                    "اجتمع ممثلو وزارة الداخلية ووزارة الخارجية.",
                    "وقالت الوزارة إن الاجتماع مثمر.",
                ],
                &[],
            ),
        ];
        for (paragraphs, expected) in rows {
            let got = heads(paragraphs);
            let expected: Vec<(String, String)> = expected
                .iter()
                .map(|(s, n)| (s.to_string(), n.to_string()))
                .collect();
            assert_eq!(got, expected, "{paragraphs:?}");
        }
    }

    /// The surfaces that `Surnames::resolve` adds in each paragraph, for a registry with one
    /// person named `person`, named in full in the first paragraph.
    fn surname_mentions(person: &str, paragraphs: &[&str]) -> Vec<Vec<String>> {
        use crate::entities::{gazetteer::Gazetteer, registry};
        let registry = registry::parse(
            &format!("[[entity]]\nid = \"p\"\nname = \"{person}\"\ntype = \"person\"\n"),
            "content/entities.toml",
        )
        .unwrap();
        let (catalog, _) = Catalog::new(&registry, &Gazetteer::builtin());
        let lex = Lexicon::new(&catalog);
        let m = Matcher::new(catalog.forms.clone());
        let blocks: Vec<PreparedBlock> = paragraphs.iter().map(|p| PreparedBlock::new(p)).collect();
        let mut hits: Vec<Vec<Hit>> = blocks.iter().map(|b| m.find(&b.norm.text)).collect();
        let before = hits.clone();
        let words: Vec<_> = blocks.iter().map(PreparedBlock::tokens).collect();
        Surnames::new(&catalog, &lex).resolve(&catalog, &lex, &blocks, &words, &mut hits);
        blocks
            .iter()
            .zip(&hits)
            .zip(&before)
            .map(|((b, hs), old)| {
                hs.iter()
                    .filter(|h| !old.iter().any(|o| o.start == h.start))
                    .map(|h| b.norm.text[h.start..h.end].to_string())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn a_nisba_surname_after_a_definite_noun_is_its_adjective() {
        let paragraphs = [
            "وقال سمير الوطني إن التعاون مستمر.",
            "وأكد الوطني أن المديرية العامة للأمن الوطني تعمل بلا توقف.",
            "وأضاف الأستاذ الوطني أن الحرس الوطني جاهز.",
        ];
        let found = surname_mentions("سمير الوطني", &paragraphs);
        let expected: Vec<Vec<String>> = vec![vec![], vec![key("الوطني")], vec![key("الوطني")]];
        assert_eq!(found, expected);
        // An indefinite surname is never an adjective of the word before it.
        let found = surname_mentions(
            "هشام معتضد",
            &["قال هشام معتضد ذلك.", "وأكد الخبير معتضد أن"],
        );
        assert_eq!(found, vec![vec![], vec![key("معتضد")]]);
    }

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
