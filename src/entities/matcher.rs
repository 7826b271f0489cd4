//! Known names in normalized text, in one pass over its words: every alias form of every
//! known entity in one Aho-Corasick automaton, walked anchored from each word start where a
//! name may begin (after proclitics و ف ب ك ل, and ال written لل after ل), word boundaries on
//! both sides, longest match first, nested names resolved in favour of the longer one.

use aho_corasick::automaton::Automaton;
use aho_corasick::{nfa, AhoCorasick, Anchored, MatchKind};

use crate::arabic::normalize::is_word_char;
use crate::arabic::tokens::{is_proclitic_prefix, proclitic_at, tokens, Token, WordFilter};
use crate::arabic::{fold, Normalized};

/// The matching key of a name: folded, words joined by one space, punctuation dropped.
pub fn key(name: &str) -> String {
    let folded = fold(name);
    tokens(&folded)
        .iter()
        .map(|t| t.text)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Spellings of one name that the press writes both ways: `عبد اللطيف`/`عبداللطيف`,
/// `أبو بكر`/`أبوبكر`, `عز الدين`/`عزالدين`. Takes and returns keys.
pub fn spellings(key: &str) -> Vec<String> {
    let mut out = vec![key.to_string()];
    let words: Vec<&str> = key.split(' ').collect();
    // Joined: "عبد اللطيف" → "عبداللطيف".
    let mut joined: Vec<String> = Vec::new();
    let mut i = 0;
    let mut changed = false;
    while i < words.len() {
        if (words[i] == "عبد" || words[i] == "ابو") && i + 1 < words.len() {
            joined.push(format!("{}{}", words[i], words[i + 1]));
            i += 2;
            changed = true;
        } else if i + 1 < words.len() && words[i + 1] == "الدين" {
            joined.push(format!("{}الدين", words[i]));
            i += 2;
            changed = true;
        } else {
            joined.push(words[i].to_string());
            i += 1;
        }
    }
    if changed {
        out.push(joined.join(" "));
    }
    // Split: "عبداللطيف" → "عبد اللطيف".
    let split: Vec<String> = words
        .iter()
        .map(|w| {
            for head in ["عبد", "ابو"] {
                if let Some(rest) = w.strip_prefix(head) {
                    if rest.chars().count() >= 3 {
                        return format!("{head} {rest}");
                    }
                }
            }
            if let Some(rest) = w.strip_suffix("الدين") {
                if rest.chars().count() >= 2 {
                    return format!("{rest} الدين");
                }
            }
            w.to_string()
        })
        .collect();
    let split = split.join(" ");
    if split != key {
        out.push(split);
    }
    out
}

/// A match of a known form in normalized text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Index of the entity in the catalog.
    pub entity: usize,
    /// Normalized byte range of the name, without proclitics (a `لل` form starts at `لل`).
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, Copy)]
struct Pattern {
    entity: usize,
    definite: bool,
    /// Accepted only after a cue word or inside a longer name.
    context: bool,
    /// One definite word in ية, the form of a feminine adjective (السعودية, الخارجية): right
    /// after a definite word it is that word's adjective (البنوك السعودية, السياسة الخارجية).
    adjectival: bool,
}

/// The automaton over every form of every entity, built once per build.
pub struct Matcher {
    search: Search,
    patterns: Vec<Pattern>,
    cues: Vec<String>,
}

/// Words after which a `context` form is accepted (مدينة طرابلس, صحيفة العرب).
const CONTEXT_CUES: &[&str] = &[
    "مدينة",
    "ولاية",
    "إقليم",
    "دولة",
    "سلطنة",
    "جمهورية",
    "عاصمة",
    "منطقة",
    "محافظة",
    "بلدة",
    "قرية",
    "مخيم",
    "حي",
    "قضاء",
    "بلدية",
    "صحيفة",
    "جريدة",
    "قناة",
    "حزب",
    "حركة",
    "تنظيم",
    "جماعة",
    "موقع",
];

/// How a matcher looks for its names.
enum Search {
    /// Many names: each word, and its stem after a proclitic, is looked up in the set of
    /// words that begin a name (`first_words`), and only then the automaton is walked,
    /// anchored, from there. Walks are rare and short, so the compact NFA (built in
    /// milliseconds) serves as well as a DFA, which for thousands of names is tens of
    /// megabytes and bound by memory.
    Words {
        ac: Box<nfa::contiguous::NFA>,
        first_words: rustc_hash::FxHashSet<String>,
        /// The first words as bits: a word whose bit is clear begins no name, found without
        /// hashing it.
        first_bits: WordFilter,
    },
    /// One overlapping scan of the whole text: the plain way, which the tests check the word
    /// lookup against (see [`SCAN_UP_TO`]).
    Scan(AhoCorasick),
}

/// Up to this many patterns a matcher scans the text instead of looking words up: none but
/// an empty matcher. With the bit set of first words and proclitics read off the first two
/// letters, the word lookup beats the scan even for the few names discovery adds or the
/// surnames (1,000 bench articles, one thread: 3.59 → 3.19 billion instructions).
const SCAN_UP_TO: usize = 0;

impl Matcher {
    /// Builds the automaton from `(key, entity, context_only)` forms; the first entity to
    /// claim a key keeps it.
    pub fn new(forms: impl IntoIterator<Item = (String, usize, bool)>) -> Matcher {
        Matcher::tail(forms, 0)
    }

    /// The matcher of `forms[from..]` alone, each form kept or dropped as in the matcher of
    /// all `forms`: its candidates added to those of the matcher of `forms[..from]` are
    /// the candidates of the matcher of all of them.
    pub fn tail(forms: impl IntoIterator<Item = (String, usize, bool)>, from: usize) -> Matcher {
        Matcher::build(forms, from, SCAN_UP_TO)
    }

    /// [`Matcher::tail`], scanning when there are at most `scan_up_to` patterns.
    fn build(
        forms: impl IntoIterator<Item = (String, usize, bool)>,
        from: usize,
        scan_up_to: usize,
    ) -> Matcher {
        let mut seen = std::collections::HashSet::new();
        let mut strings: Vec<String> = Vec::new();
        let mut patterns = Vec::new();
        for (index, (k, entity, context)) in forms.into_iter().enumerate() {
            if k.chars().count() < 3 || !seen.insert(k.clone()) {
                continue;
            }
            if index < from {
                if let Some(rest) = k.strip_prefix("ال") {
                    seen.insert(format!("لل{rest}"));
                }
                continue;
            }
            let definite = k.starts_with("ال");
            if let Some(rest) = k.strip_prefix("ال") {
                let lil = format!("لل{rest}");
                if seen.insert(lil.clone()) {
                    strings.push(lil);
                    patterns.push(Pattern {
                        entity,
                        definite,
                        context,
                        adjectival: false,
                    });
                }
            }
            let adjectival = definite && !k.contains(' ') && k.ends_with("يه");
            strings.push(k);
            patterns.push(Pattern {
                entity,
                definite,
                context,
                adjectival,
            });
        }
        let search = if strings.len() <= scan_up_to {
            Search::Scan(
                AhoCorasick::builder()
                    .match_kind(MatchKind::Standard)
                    .build(&strings)
                    .expect("the alias automaton builds"),
            )
        } else {
            let first_words: rustc_hash::FxHashSet<String> = strings
                .iter()
                .map(|k| {
                    let end = k.find(|c: char| !is_word_char(c)).unwrap_or(k.len());
                    k[..end].to_string()
                })
                .collect();
            let first_bits = WordFilter::new(first_words.iter().map(String::as_str));
            Search::Words {
                first_words,
                first_bits,
                ac: Box::new(
                    nfa::contiguous::NFA::builder()
                        .match_kind(MatchKind::Standard)
                        .build(&strings)
                        .expect("the alias automaton builds"),
                ),
            }
        };
        Matcher {
            search,
            patterns,
            cues: CONTEXT_CUES.iter().map(|c| fold(c)).collect(),
        }
    }

    /// Every accepted hit in `text` (normalized), non-overlapping, in text order.
    pub fn find(&self, text: &str) -> Vec<Hit> {
        self.find_deferred(text).0
    }

    /// [`Matcher::find`] over text whose words (byte ranges, see [`tokens`]) are known.
    pub fn find_in(&self, text: &str, words: &[Token]) -> Vec<Hit> {
        self.find_deferred_in(text, words).0
    }

    /// [`Matcher::find`], and the `context` hits it refused for want of a cue that overlap
    /// nothing it accepted, for [`accept_coordinated`].
    pub fn find_deferred(&self, text: &str) -> (Vec<Hit>, Vec<Hit>) {
        self.find_deferred_in(text, &tokens(text))
    }

    /// [`Matcher::find_deferred`] over text whose words are known.
    pub fn find_deferred_in(&self, text: &str, words: &[Token]) -> (Vec<Hit>, Vec<Hit>) {
        self.resolve(text, self.candidates_in(text, words))
    }

    /// Every occurrence of a name in `text` with a word boundary on both sides (or a
    /// proclitic before it), overlapping, unresolved, with whether it needs a cue.
    pub fn candidates_in(&self, text: &str, words: &[Token]) -> Vec<(Hit, bool)> {
        let mut cands: Vec<(Hit, bool)> = Vec::new();
        let mut candidate = |s: usize, ws: usize, pattern: usize, e: usize| {
            let p = self.patterns[pattern];
            if text[e..].chars().next().is_some_and(is_word_char)
                || s > ws && !is_proclitic_prefix(&text[ws..s], p.definite)
                || p.adjectival && s == ws && after_definite_word(text, ws)
            {
                return;
            }
            cands.push((
                Hit {
                    entity: p.entity,
                    start: s,
                    end: e,
                },
                p.context,
            ));
        };
        match &self.search {
            Search::Words {
                ac,
                first_words,
                first_bits,
            } => {
                for &Token {
                    start: ws, end: we, ..
                } in words
                {
                    for s in stem_starts(text, ws, we) {
                        // Most words begin no name: a bit rules most of them out, a hash
                        // lookup the others.
                        let w = &text[s..we];
                        if first_bits.may_contain(w) && first_words.contains(w) {
                            walk(ac.as_ref(), text.as_bytes(), s, |pattern, e| {
                                candidate(s, ws, pattern, e)
                            });
                        }
                    }
                }
            }
            Search::Scan(ac) => {
                for m in ac.find_overlapping_iter(text) {
                    let s = m.start();
                    candidate(s, word_start(text, s), m.pattern().as_usize(), m.end());
                }
            }
        }
        cands
    }

    /// The hits of `cands` (see [`Matcher::candidates_in`]): longest first, none
    /// overlapping another; then the `context` ones without a cue, apart.
    pub fn resolve(&self, text: &str, mut cands: Vec<(Hit, bool)>) -> (Vec<Hit>, Vec<Hit>) {
        // Longest first; among equals, the earliest.
        cands.sort_by_key(|(h, _)| (std::cmp::Reverse(h.end - h.start), h.start));
        let mut taken: Vec<Hit> = Vec::new();
        let mut deferred: Vec<Hit> = Vec::new();
        for (h, context) in cands {
            if taken.iter().any(|t| h.start < t.end && t.start < h.end) {
                continue;
            }
            if context && !self.after_cue(text, h.start) && !quoted(text, h.start, h.end) {
                deferred.push(h);
                continue;
            }
            taken.push(h);
        }
        taken.sort_by_key(|h| h.start);
        let overlaps = |h: &Hit, hs: &[Hit]| hs.iter().any(|t| h.start < t.end && t.start < h.end);
        let mut kept: Vec<Hit> = Vec::new();
        for h in deferred {
            if !overlaps(&h, &taken) && !overlaps(&h, &kept) {
                kept.push(h);
            }
        }
        kept.sort_by_key(|h| h.start);
        (taken, kept)
    }

    fn after_cue(&self, text: &str, at: usize) -> bool {
        // The words before the hit's word, found by scanning back (not by tokenizing
        // everything before it, which made a long block quadratic): a cue, definite or not,
        // with a proclitic or not (مدينة, بالعاصمة), or a cue and an adjective of nationality
        // (العاصمة العمانية مسقط).
        let Some(p) = word_before(text, word_start(text, at)) else {
            return false;
        };
        let is_cue = |w: &str| {
            let w = w.strip_prefix(['و', 'ف', 'ب', 'ل']).unwrap_or(w);
            let w = w.strip_prefix("ال").unwrap_or(w);
            self.cues.iter().any(|c| w == c)
        };
        if is_cue(&text[p.0..p.1]) {
            return true;
        }
        let adjective = &text[p.0..p.1];
        adjective.starts_with("ال")
            && (adjective.ends_with('ي') || adjective.ends_with("يه"))
            && word_before(text, p.0).is_some_and(|q| is_cue(&text[q.0..q.1]))
    }
}

/// Whether `text[start..end]` stands alone between quotes («معا», "قرطاج"): the press quotes
/// a name it cites, which settles a form that is also a common word.
fn quoted(text: &str, start: usize, end: usize) -> bool {
    let open = text[..start].chars().next_back();
    let close = text[end..].chars().next();
    matches!(
        (open, close),
        (Some('«'), Some('»')) | (Some('"'), Some('"')) | (Some('“'), Some('”'))
    )
}

/// The byte range of the last word of `text[..at]`, if any.
fn word_before(text: &str, at: usize) -> Option<(usize, usize)> {
    let before = &text[..at];
    let end = before
        .char_indices()
        .rev()
        .find(|(_, c)| is_word_char(*c))
        .map(|(i, c)| i + c.len_utf8())?;
    Some((word_start(before, end), end))
}

/// Accepts the deferred `context` hits (see [`Matcher::find_deferred`]) that stand in a list
/// with an accepted hit of the same kind: joined to it by و with only a space or a comma
/// between (صفاقس وسوسة والمنستير, وبرشيد والجديدة, سوسة وصفاقس). Accepted hits can carry
/// the list on (وسوسة والمنستير when only صفاقس was known). `same_kind(a, b)` compares two
/// entities.
pub fn accept_coordinated(
    text: &str,
    hits: &mut Vec<Hit>,
    mut deferred: Vec<Hit>,
    same_kind: impl Fn(usize, usize) -> bool,
) {
    // Between two list items: a space or a comma, then the second item's و.
    let joined = |a: &Hit, b: &Hit| {
        let ws = word_start(text, b.start);
        a.end <= ws
            && text[ws..b.start].starts_with('و')
            && text[a.end..ws]
                .chars()
                .all(|c| c.is_whitespace() || c == '،' || c == ',')
    };
    loop {
        let before = deferred.len();
        deferred.retain(|d| {
            let listed = hits
                .iter()
                .any(|h| same_kind(h.entity, d.entity) && (joined(h, d) || joined(d, h)));
            if listed {
                hits.push(*d);
            }
            !listed
        });
        if deferred.len() == before {
            break;
        }
    }
    hits.sort_by_key(|h| h.start);
}

/// Calls `found(pattern, end)` for every pattern of `a` (anchored) that occurs in `text`
/// starting at `start`.
///
/// Quotation marks inside the name are passed over (جمعية "بيت الحكمة" is the name جمعية بيت
/// الحكمة): the scan of [`Search::Scan`] does not, so the two differ only there.
fn walk(a: &impl Automaton, text: &[u8], start: usize, mut found: impl FnMut(usize, usize)) {
    let Ok(mut sid) = a.start_state(Anchored::Yes) else {
        return;
    };
    // Bytes of quotation marks passed over so far: a name's length in the text is its
    // pattern's length plus these.
    let mut skipped = 0;
    let mut i = start;
    while i < text.len() {
        let quote = quote_len(&text[i..]);
        if quote > 0 && i > start {
            skipped += quote;
            i += quote;
            continue;
        }
        sid = a.next_state(Anchored::Yes, sid, text[i]);
        i += 1;
        if !a.is_special(sid) {
            continue;
        }
        if a.is_dead(sid) {
            return;
        }
        if a.is_match(sid) {
            let end = i;
            for k in 0..a.match_len(sid) {
                let pid = a.match_pattern(sid, k);
                // Only names that begin at `start` (a match state may also hold suffixes).
                if a.pattern_len(pid) + skipped == end - start {
                    found(pid.as_usize(), end);
                }
            }
        }
    }
}

/// Quotation marks around or inside a name (حزب "الاستقلال", جمعية «بيت الحكمة»): the walk
/// passes over them, and discovery reads a quoted name between them.
pub const QUOTES: [char; 5] = ['"', '«', '»', '“', '”'];

/// The length in bytes of the quotation mark ([`QUOTES`]) that `b` starts with, or 0.
fn quote_len(b: &[u8]) -> usize {
    QUOTES
        .iter()
        .find_map(|q| {
            let mut buf = [0; 4];
            let q = q.encode_utf8(&mut buf).as_bytes();
            b.starts_with(q).then_some(q.len())
        })
        .unwrap_or(0)
}

/// Where a name may begin in the word `ws..we`: at its start and, after a proclitic prefix
/// (و ف ب ك ل, or two of them), where its stem does. [`is_proclitic_prefix`] then decides
/// for each name (ل does not go before ال).
fn stem_starts(text: &str, ws: usize, we: usize) -> impl Iterator<Item = usize> {
    let word = &text.as_bytes()[ws..we];
    // The word's start and the ends of its first one and two letters, where those letters
    // may be proclitics before a stem of either kind (a prefix allowed before a definite
    // stem is allowed before any: one proclitic, or و ف then ب ك ل). Most words start with
    // no proclitic letter: then only the start is tried. Proclitics are two bytes each.
    let mut starts = [ws, 0, 0];
    let mut n = 1;
    if let Some(first) = proclitic_at(word) {
        if word.len() > 2 {
            starts[n] = ws + 2;
            n += 1;
            if matches!(first, 'و' | 'ف')
                && matches!(proclitic_at(&word[2..]), Some('ب' | 'ك' | 'ل'))
                && word.len() > 4
            {
                starts[n] = ws + 4;
                n += 1;
            }
        }
    }
    starts.into_iter().take(n)
}

/// Start of the word that contains byte `at`.
/// Whether the word before the one at `ws` is definite and nothing but spaces stands between.
fn after_definite_word(text: &str, ws: usize) -> bool {
    let before = text[..ws].trim_end_matches(' ');
    if before.len() == ws {
        return false;
    }
    let start = word_start(before, before.len());
    before[start..].starts_with("ال") && start < before.len()
}

fn word_start(text: &str, at: usize) -> usize {
    let mut ws = at;
    for (i, c) in text[..at].char_indices().rev() {
        if is_word_char(c) {
            ws = i;
        } else {
            break;
        }
    }
    ws
}

/// The original byte range of a normalized range, trimmed of spaces.
pub fn original_range(n: &Normalized, original: &str, start: usize, end: usize) -> (usize, usize) {
    let (s, e) = n.original_range(start, end);
    let slice = &original[s..e];
    let trimmed = slice.trim_end_matches(|c: char| !is_word_char(c) || c.is_whitespace());
    (s, s + trimmed.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`stem_starts`] as it was before it read bytes: each prefix of one or two letters
    /// asked of [`is_proclitic_prefix`].
    fn stem_starts_by_chars(text: &str, ws: usize, we: usize) -> Vec<usize> {
        let word = &text[ws..we];
        let mut starts = vec![ws];
        if word.starts_with(crate::arabic::tokens::PROCLITICS) {
            for (i, _) in word.char_indices().skip(1).take(2) {
                if is_proclitic_prefix(&word[..i], false) {
                    starts.push(ws + i);
                }
            }
        }
        starts
    }

    proptest::proptest! {
        #[test]
        fn stem_starts_agree_with_the_prefix_rules(
            word in "[وفبكلاسمé a]{0,6}",
            before in "[ .]{0,2}",
        ) {
            let text = format!("{before}{word}");
            let (ws, we) = (before.len(), text.len());
            proptest::prop_assert_eq!(
                stem_starts(&text, ws, we).collect::<Vec<_>>(),
                stem_starts_by_chars(&text, ws, we)
            );
        }
    }
    use crate::arabic::normalize;

    fn matcher(names: &[&str]) -> Matcher {
        Matcher::new(names.iter().enumerate().flat_map(|(i, n)| {
            spellings(&key(n))
                .into_iter()
                .map(move |k| (k, i, n.starts_with('~')))
        }))
    }

    /// The surfaces found in `text` for the entities `names`.
    fn found(names: &[&str], text: &str) -> Vec<(String, usize)> {
        let m = matcher(names);
        let n = normalize(text);
        m.find(&n.text)
            .into_iter()
            .map(|h| {
                let (s, e) = original_range(&n, text, h.start, h.end);
                (text[s..e].to_string(), h.entity)
            })
            .collect()
    }

    #[test]
    fn matching_table() {
        let names = &[
            "المغرب",                   // 0
            "الرباط",                   // 1
            "بلجيكا",                   // 2
            "فرنسا",                    // 3
            "عبد الوافي لفتيت",         // 4
            "مكتب التحقيقات الفيدرالي", // 5
            "FBI",                      // 6
            "جامعة مراكش",              // 7
            "مراكش",                    // 8
            "الإرهاب",                   // 9
            "عبد اللطيف حموشي",         // 10
            "الولايات المتحدة",          // 11
            "السعودية",                 // 12
            "المملكة العربية السعودية", // 13
        ];
        let rows: &[(&str, &[(&str, usize)])] = &[
            // proclitics و ف ب ك ل and لل
            ("والمغرب", &[("المغرب", 0)]),
            ("بالمغرب", &[("المغرب", 0)]),
            ("فالمغرب", &[("المغرب", 0)]),
            ("كالمغرب", &[("المغرب", 0)]),
            ("للرباط", &[("للرباط", 1)]),
            ("وللرباط", &[("للرباط", 1)]),
            // quotation marks inside a name are passed over
            ("جامعة \"مراكش\" تستقبل", &[("جامعة \"مراكش", 7)]),
            ("عبد الوافي «لفتيت»", &[("عبد الوافي «لفتيت", 4)]),
            (
                "مكتب “التحقيقات الفيدرالي”",
                &[("مكتب “التحقيقات الفيدرالي", 5)],
            ),
            // names that start with proclitic letters stay whole
            ("بلجيكا وفرنسا", &[("بلجيكا", 2), ("فرنسا", 3)]),
            ("وبلجيكا، ولفرنسا", &[("بلجيكا", 2), ("فرنسا", 3)]),
            ("الوزير عبد الوافي لفتيت", &[("عبد الوافي لفتيت", 4)]),
            // word boundaries: no match inside a longer word
            ("المغربية", &[]),
            ("الرباطي", &[]),
            ("ومالمغرب", &[]),
            // hamza, alef, ة/ه, ى/ي, diacritics, tatweel
            ("الارهاب", &[("الارهاب", 9)]),
            ("الإرهابَ", &[("الإرهابَ", 9)]),
            ("المغـــرب", &[("المغـــرب", 0)]),
            ("الْمَغْرِب", &[("الْمَغْرِب", 0)]),
            // spelling variants of compound names
            ("عبداللطيف حموشي", &[("عبداللطيف حموشي", 10)]),
            // Latin, any case, on word boundaries
            ("مكتب FBI في", &[("FBI", 6)]),
            ("مكتب fbi", &[("fbi", 6)]),
            ("FBIS", &[]),
            // longest match wins, nested names resolved
            ("الأستاذ في جامعة مراكش", &[("جامعة مراكش", 7)]),
            ("في مراكش", &[("مراكش", 8)]),
            (
                "لمكتب التحقيقات الفيدرالي",
                &[("مكتب التحقيقات الفيدرالي", 5)],
            ),
            ("بالولايات المتحدة", &[("الولايات المتحدة", 11)]),
            // a one-word form in ية right after a definite word is its adjective
            ("زار السعودية ثم", &[("السعودية", 12)]),
            ("في السعودية", &[("السعودية", 12)]),
            ("البنوك السعودية", &[]),
            ("الرياض والسعودية", &[("السعودية", 12)]),
            (
                "المملكة العربية السعودية",
                &[("المملكة العربية السعودية", 13)],
            ),
            ("الرياض، السعودية", &[("السعودية", 12)]),
        ];
        for (text, expected) in rows {
            let got = found(names, text);
            let expected: Vec<(String, usize)> =
                expected.iter().map(|(s, i)| (s.to_string(), *i)).collect();
            assert_eq!(got, expected, "{text}");
        }
    }

    #[test]
    fn context_forms_need_a_cue() {
        let m = matcher(&["~طرابلس"]);
        // (text, found)
        let rows: &[(&str, bool)] = &[
            ("في طرابلس", false),
            ("في مدينة طرابلس", true),
            ("بالعاصمة طرابلس", true),
            ("في محافظة طرابلس", true),
            ("العاصمة الليبية طرابلس", true),
            // an adjective without a cue before it is no cue
            ("الحكومة الليبية طرابلس", false),
            // between quotes the name stands alone
            ("وقال لـ«طرابلس» إن", true),
            ("في \"طرابلس\" اليوم", true),
            ("«طرابلس الغد»", false),
        ];
        for &(text, found) in rows {
            assert_eq!(m.find(&fold(text)).len(), usize::from(found), "{text}");
        }
    }

    #[test]
    fn context_forms_in_a_list_of_their_kind_table() {
        // Entities 0-2 are places (1 and 2 need context), 3 is an organization.
        let m = matcher(&["صفاقس", "~سوسة", "~الجديدة", "البنك الدولي"]);
        let rows: &[(&str, &[usize])] = &[
            ("في ولايات صفاقس وسوسة ونابل", &[0, 1]),
            ("في صفاقس، وسوسة", &[0, 1]),
            ("في سوسة وصفاقس", &[1, 0]),
            // the list carries on through an accepted item
            ("مدن صفاقس وسوسة والجديدة", &[0, 1, 2]),
            // not joined by و, or another kind of entity: left alone
            ("صفاقس الجديدة", &[0]),
            ("في صفاقس ثم سوسة", &[0]),
            ("البنك الدولي والجديدة", &[3]),
            ("سوسة والجديدة", &[]),
        ];
        for (text, expected) in rows {
            let text = fold(text);
            let (mut hits, deferred) = m.find_deferred(&text);
            accept_coordinated(&text, &mut hits, deferred, |a, b| (a == 3) == (b == 3));
            let got: Vec<usize> = hits.iter().map(|h| h.entity).collect();
            assert_eq!(got, *expected, "{text}");
        }
    }

    #[test]
    fn spelling_table() {
        let rows: &[(&str, &[&str])] = &[
            ("عبد اللطيف حموشي", &["عبد اللطيف حموشي", "عبداللطيف حموشي"]),
            ("عبداللطيف حموشي", &["عبداللطيف حموشي", "عبد اللطيف حموشي"]),
            ("عز الدين فرحان", &["عز الدين فرحان", "عزالدين فرحان"]),
            ("هشام معتضد", &["هشام معتضد"]),
        ];
        for (name, expected) in rows {
            assert_eq!(spellings(&key(name)), *expected, "{name}");
        }
    }

    #[test]
    fn keys_drop_punctuation_and_marks() {
        assert_eq!(key("  الإنتربول "), "الانتربول");
        assert_eq!(key("\"أف بي آي\""), "اف بي اي");
        assert_eq!(key("CEN-SAD"), "cen sad");
    }

    /// Names of the property test, and words between them that are no name.
    const PROP_NAMES: [&str; 4] = [
        "المغرب",
        "عبد اللطيف حموشي",
        "الرباط",
        "مكتب التحقيقات الفيدرالي",
    ];
    const PROP_FILLER: [&str; 5] = ["في", "قال", "،", "2021", "(FBI)"];

    /// A name as the press may write it: a proclitic, diacritics or tatweel between letters,
    /// hamza on an alef, or the Persian yeh.
    fn decorate(name: &str, proclitic: usize, marks: &[usize]) -> String {
        let mut out = String::from(["", "و", "ب", "ف"][proclitic % 4]);
        for (i, c) in name.chars().enumerate() {
            let m = marks.get(i).copied().unwrap_or(0);
            out.push(match (c, m % 7) {
                ('ا', 1) => 'أ',
                ('ي', 2) => 'ی',
                _ => c,
            });
            match m % 7 {
                3 => out.push('\u{064E}'),
                4 => out.push('ـ'),
                5 => out.push_str("\u{0651}\u{064F}"),
                _ => {}
            }
        }
        out
    }

    proptest::proptest! {
        /// Every name in decorated text is found once, as itself, and its original range is
        /// a char-boundary slice whose key is the name's key.
        #[test]
        fn decorated_names_are_found_with_exact_original_ranges(
            parts in proptest::collection::vec(
                (0usize..9, 0usize..4, proptest::collection::vec(0usize..7, 30)), 0..12)
        ) {
            let m = matcher(&PROP_NAMES);
            let mut text = String::new();
            let mut expected = Vec::new();
            for (pick, proclitic, marks) in &parts {
                if !text.is_empty() {
                    text.push(' ');
                }
                if let Some(name) = PROP_NAMES.get(*pick) {
                    text.push_str(&decorate(name, *proclitic, marks));
                    expected.push(*pick);
                } else {
                    text.push_str(PROP_FILLER[pick - PROP_NAMES.len()]);
                }
            }
            let n = normalize(&text);
            let hits = m.find(&n.text);
            let got: Vec<usize> = hits.iter().map(|h| h.entity).collect();
            proptest::prop_assert_eq!(&got, &expected, "{}", text);
            // Both ways of searching find the same, and so does a tail matcher added to
            // the matcher of the forms before it.
            let forms = || PROP_NAMES.iter().enumerate().flat_map(|(i, n)| {
                spellings(&key(n)).into_iter().map(move |k| (k, i, false))
            });
            let words = tokens(&n.text);
            let by_words = Matcher::build(forms(), 0, 0).find_deferred_in(&n.text, &words);
            let by_scan = Matcher::build(forms(), 0, usize::MAX).find_deferred_in(&n.text, &words);
            proptest::prop_assert_eq!(&by_words, &by_scan, "{}", text);
            let half = forms().count() / 2;
            let head = Matcher::build(forms().take(half), 0, 0);
            let mut cands = head.candidates_in(&n.text, &words);
            cands.extend(Matcher::build(forms(), half, 0).candidates_in(&n.text, &words));
            proptest::prop_assert_eq!(&head.resolve(&n.text, cands), &by_scan, "{}", text);
            for h in &hits {
                let (s, e) = original_range(&n, &text, h.start, h.end);
                proptest::prop_assert!(s < e && e <= text.len());
                proptest::prop_assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
                proptest::prop_assert_eq!(key(&text[s..e]), key(PROP_NAMES[h.entity]), "{}", text);
            }
        }
    }
}
