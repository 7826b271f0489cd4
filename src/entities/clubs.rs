//! Clubs named bare in sports news: in an article about sport, الهلال or الأهلي alone is the
//! club of the country the article names most (elsewhere a common word or another body).

use rustc_hash::FxHashMap as HashMap;

use super::gazetteer::{Policy, AMBIGUOUS_POLICIES};
use super::institutions::{country_index, id_country, COUNTRY_EVIDENCE, COUNTRY_TABLE};
use super::matcher::{key, Hit};
use super::shared::Evidence;
use super::Catalog;
use crate::arabic::tokens::{readings, Token};

/// Words of sports news (folded, without the article): an article with
/// [`MIN_SPORT_WORDS`] of them is about sport.
const SPORT_WORDS: &[&str] = &[
    "دوري",
    "مباراه",
    "مباريات",
    "لاعب",
    "لاعبين",
    "لاعبا",
    "مدرب",
    "منتخب",
    "مهاجم",
    "حارس",
    "مرمي",
    "تعادل",
    "الهداف",
    "ميركاتو",
    "ديربي",
    "بطوله",
    "ملعب",
    "ركله",
];

/// Sports words an article needs (each occurrence counts) before a bare club name is a club.
const MIN_SPORT_WORDS: usize = 3;

/// Clubs' bare names that sports news uses as common words too (the stadium, the police, the
/// gulf, the north, Arab, the conquest): never taken bare.
const COMMON_WORDS: &[&str] = &[
    "الملعب",
    "الشرطه",
    "الخليج",
    "الشمال",
    "العربي",
    "الفتح",
    "الحزم",
    "العروبه",
    "الفتوه",
    "الخلود",
    "الرياضي",
];

/// Words before a bare name that make it a club's even after a definite word (الفريق الهلال).
const CLUB_CUES: &[&str] = &["الفريق", "النادي", "فريق", "نادي", "فرق", "وصيفه", "ضيفه"];

/// The bare names of the catalog's clubs and the words the rules ask of an article.
pub struct Clubs {
    /// Key of a bare name (one or two words) → (country index in [`COUNTRY_TABLE`], club).
    names: HashMap<String, Vec<(usize, usize)>>,
    /// Target 0: a sports word.
    sport: Evidence,
    /// The country of `[entities] country`.
    home: Option<usize>,
}

impl Clubs {
    /// The clubs of `catalog` (gazetteer ids `org-xx-club-…`) under their bare names: a name
    /// or alias without نادي before it or a nationality adjective after it (نادي الهلال
    /// السعودي → الهلال). A bare name that is another entity's (الرياض, الكويت), a word the
    /// gazetteer never takes alone (النصر "victory", الاتحاد "the union") or one of
    /// [`COMMON_WORDS`] is left out.
    pub fn new(catalog: &Catalog, home: Option<&str>) -> Clubs {
        let adjectives: Vec<String> = COUNTRY_TABLE
            .iter()
            .flat_map(|c| c.adjectives.iter().map(|a| key(a)))
            .collect();
        let mut names: HashMap<String, Vec<(usize, usize)>> = HashMap::default();
        for (form, e, _) in &catalog.forms {
            let id = &catalog.entities[*e].id;
            if !id.contains("-club-") {
                continue;
            }
            let Some(country) = id_country(id).and_then(country_index) else {
                continue;
            };
            let mut bare = form
                .strip_prefix("نادي ")
                .or_else(|| form.strip_prefix("النادي "))
                .unwrap_or(form);
            if let Some((head, last)) = bare.rsplit_once(' ') {
                if adjectives.iter().any(|a| a == last) {
                    bare = head;
                }
            }
            let words = bare.split(' ').count();
            // Another entity's name (الكويت, الجزيرة the channel) stays that entity's.
            let other = catalog
                .by_key
                .get(bare)
                .is_some_and(|&o| !catalog.entities[o].id.contains("-club-"));
            let never = matches!(AMBIGUOUS_POLICIES.get(bare), Some(Policy::Never))
                || COMMON_WORDS.contains(&bare);
            if words == 1 && !bare.starts_with("ال") || words > 2 || other || never {
                continue;
            }
            let clubs = names.entry(bare.to_string()).or_default();
            if !clubs.contains(&(country, *e)) {
                clubs.push((country, *e));
            }
        }
        let mut sport = Evidence::default();
        for w in SPORT_WORDS {
            sport.add(w, 0);
        }
        Clubs {
            names,
            sport,
            home: home.and_then(country_index),
        }
    }

    /// Adds to `taken` (hits per block of `texts`, whose words are `words`) a hit for each
    /// bare club name no hit covers (dropping the `deferred` hits it overlaps), in an article
    /// about sport: the club of the country the article names most among the clubs of that
    /// name, else of the home country, else the only club of the name. After a definite word
    /// it is that word's adjective (البنك الأهلي), unless the word is a team's (الفريق الأهلي).
    pub fn decide(
        &self,
        texts: &[&str],
        words: &[Vec<Token>],
        taken: &mut [Vec<Hit>],
        deferred: &mut [Vec<Hit>],
    ) {
        if self.names.is_empty() {
            return;
        }
        let sport = self.sport.counts(words).get(&0).copied().unwrap_or(0);
        if sport < MIN_SPORT_WORDS {
            return;
        }
        let counts = COUNTRY_EVIDENCE.counts(words);
        let club = |clubs: &[(usize, usize)]| -> Option<usize> {
            let most = clubs
                .iter()
                .map(|(c, _)| counts.get(c).copied().unwrap_or(0))
                .max()
                .unwrap_or(0);
            if most > 0 {
                return clubs
                    .iter()
                    .find(|(c, _)| counts.get(c).copied().unwrap_or(0) == most)
                    .map(|&(_, e)| e);
            }
            if let Some(&(_, e)) = clubs.iter().find(|(c, _)| Some(*c) == self.home) {
                return Some(e);
            }
            (clubs.len() == 1).then(|| clubs[0].1)
        };
        for (b, text) in texts.iter().enumerate() {
            let ws = &words[b];
            let mut added = Vec::new();
            for (i, t) in ws.iter().enumerate() {
                let covered = |end: usize| taken[b].iter().any(|h| overlaps(h, t.start, end));
                let after_definite = i > 0
                    && text[ws[i - 1].end..t.start]
                        .chars()
                        .all(char::is_whitespace)
                    && ws[i - 1].text.starts_with("ال")
                    && !CLUB_CUES.contains(&ws[i - 1].text);
                if after_definite {
                    continue;
                }
                for r in readings(t.text, 3).iter() {
                    let stem = r.stem.as_ref();
                    // A name of two words first (شباب الأهلي).
                    let two = ws.get(i + 1).and_then(|n| {
                        let joined = text[t.end..n.start].chars().all(char::is_whitespace);
                        let k = format!("{stem} {}", n.text);
                        (joined && self.names.contains_key(&k)).then_some((k, n.end))
                    });
                    let (k, end) = two.unwrap_or_else(|| (stem.to_string(), t.end));
                    let Some(clubs) = self.names.get(&k) else {
                        continue;
                    };
                    if covered(end) {
                        break;
                    }
                    if let Some(entity) = club(clubs) {
                        added.push(Hit {
                            entity,
                            start: t.start + r.prefix_len,
                            end,
                        });
                    }
                    break;
                }
            }
            if !added.is_empty() {
                deferred[b].retain(|d| !added.iter().any(|h| overlaps(h, d.start, d.end)));
                taken[b].extend(added);
                taken[b].sort_by_key(|h| h.start);
            }
        }
    }
}

/// Whether hit `h` shares a byte with the range `start..end`.
fn overlaps(h: &Hit, start: usize, end: usize) -> bool {
    h.start < end && start < h.end
}
