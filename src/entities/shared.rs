//! Place names the article's country decides: two places that share one (طرابلس of Libya
//! and of Lebanon, عمان the city and the country), or a place whose name is a common word too
//! (العقبة, حمص): the country the article names says which place, or that it is the place.

use std::sync::LazyLock;

use rustc_hash::FxHashMap as HashMap;

use super::matcher::{key, Hit};
use super::Catalog;
use crate::arabic::fold;
use crate::arabic::tokens::{readings, Token};

const SHARED: &str = include_str!("gazetteer/shared.tsv");

/// One row of `gazetteer/shared.tsv`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Row {
    /// The shared form, as the matcher keys it.
    form: String,
    /// The gazetteer id of the place.
    id: String,
    /// Words naming the place's country (folded, without the article).
    evidence: Vec<String>,
}

fn parse(tsv: &str) -> Vec<Row> {
    tsv.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#') && !l.starts_with("form\t"))
        .filter_map(|l| {
            let mut cols = l.split('\t');
            let form = key(cols.next()?.trim());
            let id = cols.next()?.trim().to_string();
            let evidence = cols
                .next()?
                .split('|')
                .map(|w| without_article(&fold(w.trim())).to_string())
                .filter(|w| !w.is_empty())
                .collect();
            Some(Row { form, id, evidence })
        })
        .collect()
}

fn without_article(w: &str) -> &str {
    w.strip_prefix("ال").filter(|s| !s.is_empty()).unwrap_or(w)
}

static ROWS: LazyLock<Vec<Row>> = LazyLock::new(|| parse(SHARED));

/// The shared forms with the catalog's entities for them, for one catalog.
pub struct SharedPlaces {
    /// Form → its places (catalog index, in table order).
    forms: HashMap<String, Vec<usize>>,
    /// The entities the matcher gives a shared form to (each form's owner in the catalog).
    owners: Vec<usize>,
    /// The words that speak for each place (by catalog index).
    evidence: Evidence,
}

/// Words that speak for targets (places, countries): each word with or without the article
/// ال and proclitics, folded.
pub struct Evidence {
    /// Folded word without the article → its targets.
    words: HashMap<String, Vec<usize>>,
    /// The words' last three letters as bits (see [`Evidence::tail_bit`]): proclitics and the
    /// article only ever come before a word, so a word of the text whose tail's bit is clear
    /// is no evidence, found without reading its proclitics off. Every word of an article is
    /// asked, and few are evidence.
    tails: Box<[u64]>,
    /// A word of fewer than six bytes was added: every word is then read.
    short: bool,
}

impl Default for Evidence {
    fn default() -> Evidence {
        Evidence {
            words: HashMap::default(),
            tails: vec![0u64; Evidence::TAIL_BITS / 64].into_boxed_slice(),
            short: false,
        }
    }
}

impl Evidence {
    const TAIL_BITS: usize = 1 << 14;

    /// `word` (as written, or folded) speaks for `target`.
    pub fn add(&mut self, word: &str, target: usize) {
        let w = without_article(&fold(word.trim())).to_string();
        if w.is_empty() {
            return;
        }
        match Evidence::tail_bit(&w) {
            Some(b) => self.tails[b / 64] |= 1 << (b % 64),
            None => self.short = true,
        }
        let list = self.words.entry(w).or_default();
        if !list.contains(&target) {
            list.push(target);
        }
    }

    /// The bit of `w`'s last six bytes (three Arabic letters); `None` for a shorter word.
    #[inline]
    fn tail_bit(w: &str) -> Option<usize> {
        let b = w.as_bytes();
        let t = b.get(b.len().checked_sub(6)?..)?;
        let x = u64::from_le_bytes([t[0], t[1], t[2], t[3], t[4], t[5], 0, 0]);
        Some((x.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 50) as usize)
    }

    /// Whether `w` may end with a word of the evidence.
    #[inline]
    fn may_end(&self, w: &str) -> bool {
        self.short
            || Evidence::tail_bit(w).is_some_and(|b| self.tails[b / 64] & (1 << (b % 64)) != 0)
    }

    /// How many words of `words` speak for each target.
    pub fn counts(&self, words: &[Vec<Token>]) -> HashMap<usize, usize> {
        let mut counts: HashMap<usize, usize> = HashMap::default();
        for t in words.iter().flatten().filter(|t| self.may_end(t.text)) {
            // A word is counted once, under its first reading that is evidence.
            let found = readings(t.text, 2)
                .iter()
                .find_map(|r| self.words.get(without_article(r.stem.as_ref())));
            for &target in found.into_iter().flatten() {
                *counts.entry(target).or_default() += 1;
            }
        }
        counts
    }
}

impl SharedPlaces {
    /// The built-in table's forms, each with those of its places that are in `catalog`.
    pub fn new(catalog: &Catalog) -> SharedPlaces {
        let mut shared = SharedPlaces {
            forms: HashMap::default(),
            owners: Vec::new(),
            evidence: Evidence::default(),
        };
        for row in ROWS.iter() {
            let Some(&place) = catalog.by_id.get(&row.id) else {
                continue;
            };
            shared
                .forms
                .entry(row.form.clone())
                .or_default()
                .push(place);
            if let Some(&owner) = catalog.by_key.get(&row.form) {
                if !shared.owners.contains(&owner) {
                    shared.owners.push(owner);
                }
            }
            for w in &row.evidence {
                shared.evidence.add(w, place);
            }
        }
        shared
    }

    /// Gives each mention of a shared form in one article (`taken` and `deferred` hits per
    /// block, as [`super::matcher::Matcher::resolve`] left them) to the place whose country
    /// the article names most: the deferred ones (no cue) are then taken too. Without any
    /// evidence nothing changes. `texts` and `words` are the blocks' normalized text and
    /// words.
    pub fn decide(
        &self,
        texts: &[&str],
        words: &[Vec<Token>],
        taken: &mut [Vec<Hit>],
        deferred: &mut [Vec<Hit>],
    ) {
        let form_of = |text: &str, h: &Hit| {
            self.owners
                .contains(&h.entity)
                .then(|| self.forms.get(&text[h.start..h.end]))
                .flatten()
        };
        let any = any_hit(texts, taken, deferred, |text, h| form_of(text, h).is_some());
        if !any {
            return;
        }
        let counts = self.evidence.counts(words);
        for (b, text) in texts.iter().enumerate() {
            for h in taken[b].iter_mut() {
                if let Some(place) = form_of(text, h).and_then(|p| best(p, &counts)) {
                    h.entity = place;
                }
            }
            take_deferred(&mut taken[b], &mut deferred[b], |h| {
                form_of(text, h).and_then(|p| best(p, &counts))
            });
        }
    }
}

/// Whether a hit of the article (`taken` or `deferred`, per block of `texts`) is one `pick`
/// picks: the passes that decide a name by the article's words count them only then.
pub fn any_hit(
    texts: &[&str],
    taken: &[Vec<Hit>],
    deferred: &[Vec<Hit>],
    pick: impl Fn(&str, &Hit) -> bool,
) -> bool {
    texts
        .iter()
        .enumerate()
        .any(|(b, text)| taken[b].iter().chain(&deferred[b]).any(|h| pick(text, h)))
}

/// Takes the deferred hits (a name that wanted a cue) to which `decide` gives an entity, as
/// that entity's, keeping `taken` in text order.
pub fn take_deferred(
    taken: &mut Vec<Hit>,
    deferred: &mut Vec<Hit>,
    decide: impl Fn(&Hit) -> Option<usize>,
) {
    let before = taken.len();
    deferred.retain(|h| match decide(h) {
        Some(entity) => {
            taken.push(Hit { entity, ..*h });
            false
        }
        None => true,
    });
    if taken.len() > before {
        taken.sort_by_key(|h| h.start);
    }
}

/// The place of `places` with the most evidence (the first on a tie); `None` without any.
fn best(places: &[usize], counts: &HashMap<usize, usize>) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    for &p in places {
        let n = counts.get(&p).copied().unwrap_or(0);
        if n > 0 && best.is_none_or(|(_, m)| n > m) {
            best = Some((p, n));
        }
    }
    best.map(|(p, _)| p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arabic::normalize;
    use crate::arabic::tokens::tokens;
    use crate::entities::gazetteer::Gazetteer;
    use crate::entities::registry::Registry;

    #[test]
    fn the_table_parses_with_folded_evidence_without_the_article() {
        let rows = parse(SHARED);
        assert!(rows.len() >= 4);
        let lb = rows.iter().find(|r| r.id == "city-tripoli-lb").unwrap();
        assert_eq!(lb.form, "طرابلس");
        assert!(lb.evidence.contains(&"لبنانيه".to_string()));
        let amman = rows.iter().find(|r| r.id == "city-amman").unwrap();
        assert!(amman.evidence.contains(&"اردن".to_string()), "{amman:?}");
    }

    /// The id each shared form of `text` (one block) is given: (surface, id), taken hits
    /// only, with the matcher of the built-in gazetteer.
    fn decided(text: &str) -> Vec<(String, String)> {
        let (catalog, _) = Catalog::new(&Registry::default(), &Gazetteer::builtin());
        let shared = SharedPlaces::new(&catalog);
        let matcher = super::super::matcher::Matcher::new(catalog.forms.clone());
        let norm = normalize(text);
        let words = vec![tokens(&norm.text)];
        let cands = matcher.candidates_in(&norm.text, &words[0]);
        let (taken, deferred) = matcher.resolve(&norm.text, cands);
        let (mut taken, mut deferred) = (vec![taken], vec![deferred]);
        shared.decide(&[norm.text.as_str()], &words, &mut taken, &mut deferred);
        taken[0]
            .iter()
            .filter(|h| shared.forms.contains_key(&norm.text[h.start..h.end]))
            .map(|h| {
                (
                    norm.text[h.start..h.end].to_string(),
                    catalog.entities[h.entity].id.clone(),
                )
            })
            .collect()
    }

    #[test]
    fn the_country_the_article_names_decides() {
        let rows: &[(&str, &[(&str, &str)])] = &[
            // Lebanon named (with a proclitic, definite and as a city): Lebanon's Tripoli,
            // with or without a cue, with a proclitic on the mention.
            (
                "اشتباكات في طرابلس شمال لبنان، وقال نائب عن مدينة طرابلس إن الجيش اللبناني انتشر.",
                &[("طرابلس", "city-tripoli-lb"), ("طرابلس", "city-tripoli-lb")],
            ),
            (
                "وصل الوفد إلى طرابلس قادما من بنغازي لبحث الأزمة الليبية.",
                &[("طرابلس", "city-tripoli")],
            ),
            // More Libyan than Lebanese evidence.
            (
                "اجتماع بطرابلس بين الأطراف الليبية في ليبيا بحضور سفير لبنان.",
                &[("طرابلس", "city-tripoli")],
            ),
            // No evidence: the old rule, a cue is needed (and then the first row's place).
            ("وصل الوفد إلى طرابلس صباح اليوم.", &[]),
            (
                "وصل الوفد إلى العاصمة طرابلس صباح اليوم.",
                &[("طرابلس", "city-tripoli")],
            ),
            // عمان: the Jordanian capital or the Sultanate, by the country named.
            (
                "عقد الاجتماع في عمان بحضور وزير الخارجية الأردني.",
                &[("عمان", "city-amman")],
            ),
            (
                "وزار الوفد عمان والتقى مسؤولين في السلطنة بمسقط.",
                &[("عمان", "country-om"), ("مسقط", "city-muscat")],
            ),
            // a place whose name is a common word too, where the article names its country
            (
                "بدأ المطور تجهيز موقع المحطة في العقبة قرب الحدود، ويعمل فيه 300 عامل أردني.",
                &[("العقبه", "city-aqaba")],
            ),
            ("وقال إن العقبة الرئيسية أمام الاتفاق هي التمويل.", &[]),
        ];
        for (text, expected) in rows {
            let expected: Vec<(String, String)> = expected
                .iter()
                .map(|(s, id)| (s.to_string(), id.to_string()))
                .collect();
            assert_eq!(decided(text), expected, "{text}");
        }
    }
}
