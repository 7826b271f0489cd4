//! Words with byte offsets, and proclitic analysis (و ف ب ك ل, ال, لل) that keeps names whole.
//!
//! Analysis works on normalized text (see [`super::normalize`]): a word yields every reading
//! "proclitics + stem" that the rules allow, the bare word first, so a name that starts with
//! one of those letters (بلجيكا, فرنسا, لفتيت) is never cut: the caller looks the stems up and
//! keeps the reading it knows. Nothing here stems suffixes: names are not stemmed.

use super::normalize::is_word_char;

/// A word of a text: a maximal run of word characters, as a byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
}

/// The words of `text` with their byte ranges, in order.
pub fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if is_word_char(c) {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(s) = start.take() {
            out.push(Token {
                start: s,
                end: i,
                text: &text[s..i],
            });
        }
    }
    if let Some(s) = start {
        out.push(Token {
            start: s,
            end: text.len(),
            text: &text[s..],
        });
    }
    out
}

/// One-letter proclitics: conjunctions و ف, prepositions ب ك ل.
pub const PROCLITICS: [char; 5] = ['و', 'ف', 'ب', 'ك', 'ل'];

/// A reading of a normalized word: the proclitics stripped and the stem left.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading<'a> {
    /// Bytes of the word taken by proclitics (the stem starts there in the word).
    pub prefix_len: usize,
    /// The stem; for `لل…` it is rebuilt with the article (`للرباط` → `الرباط`).
    pub stem: std::borrow::Cow<'a, str>,
    /// The stem is rebuilt (`لل` → `ال`), so it is not a substring of the word.
    pub rebuilt: bool,
}

/// Whether `prefix` (normalized) is a proclitic sequence that may stand before a stem:
/// one conjunction (و ف) then at most one preposition (ب ك ل), or one preposition alone.
/// `definite` tells whether the stem starts with ال (then ل cannot stand alone: it is لل).
pub fn is_proclitic_prefix(prefix: &str, definite: bool) -> bool {
    let mut it = prefix.chars();
    let cs: [Option<char>; 3] = [it.next(), it.next(), it.next()];
    let cs: &[char] = match cs {
        [None, ..] => &[],
        [Some(a), None, _] => &[a],
        [Some(a), Some(b), None] => &[a, b],
        _ => return false,
    };
    match cs {
        [] => true,
        ['و' | 'ف'] => true,
        ['ب' | 'ك'] => true,
        ['ل'] => !definite,
        ['و' | 'ف', 'ب' | 'ك'] => true,
        ['و' | 'ف', 'ل'] => !definite,
        _ => false,
    }
}

/// The readings of one word: at most five, kept inline.
pub type Readings<'a> = smallvec::SmallVec<[Reading<'a>; 5]>;

/// Every reading of a normalized word, the bare word first. Stems keep at least
/// `min_stem` characters, so short words are not taken apart.
pub fn readings(word: &str, min_stem: usize) -> Readings<'_> {
    let mut out = Readings::new();
    out.push(Reading {
        prefix_len: 0,
        stem: word.into(),
        rebuilt: false,
    });
    let mut cut = 0;
    let mut chars = word.chars();
    for _ in 1..=2 {
        let Some(c) = chars.next() else { break };
        if !PROCLITICS.contains(&c) {
            break;
        }
        cut += c.len_utf8();
        let (prefix, stem) = word.split_at(cut);
        let stem_chars = stem.chars().count();
        if stem_chars < min_stem {
            break;
        }
        // ل + ال is written لل: the stem is rebuilt with the article.
        if prefix.ends_with('ل') && stem.starts_with('ل') && stem_chars > min_stem {
            let before = &prefix[..prefix.len() - 'ل'.len_utf8()];
            if is_proclitic_prefix(before, true) {
                out.push(Reading {
                    prefix_len: before.len(),
                    stem: format!("ا{stem}").into(),
                    rebuilt: true,
                });
            }
        }
        if is_proclitic_prefix(prefix, stem.starts_with("ال")) {
            out.push(Reading {
                prefix_len: prefix.len(),
                stem: stem.into(),
                rebuilt: false,
            });
        }
    }
    out
}

/// The definite article stripped from a normalized word, when what is left is a word.
pub fn strip_article(word: &str) -> Option<&str> {
    word.strip_prefix("ال").filter(|r| r.chars().count() >= 2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arabic::fold;

    #[test]
    fn tokens_carry_offsets() {
        let t = "قال هشام معتضد، باحث (FBI) في ٢٠٢١.";
        let words: Vec<&str> = tokens(t).iter().map(|w| w.text).collect();
        assert_eq!(words, ["قال", "هشام", "معتضد", "باحث", "FBI", "في", "٢٠٢١"]);
        for w in tokens(t) {
            assert_eq!(&t[w.start..w.end], w.text);
        }
        // Diacritics and tatweel stay inside the word.
        let words: Vec<&str> = tokens("المغـرب مُحَمَّد").iter().map(|w| w.text).collect();
        assert_eq!(words, ["المغـرب", "مُحَمَّد"]);
    }

    #[test]
    fn readings_table() {
        // (word, expected stems in order, bare word first)
        let rows: &[(&str, &[&str])] = &[
            ("والمغرب", &["والمغرب", "المغرب"]),
            ("بالرباط", &["بالرباط", "الرباط"]),
            ("فالمغرب", &["فالمغرب", "المغرب"]),
            ("كالمغرب", &["كالمغرب", "المغرب"]),
            ("للرباط", &["للرباط", "الرباط", "لرباط"]),
            ("وللرباط", &["وللرباط", "للرباط", "الرباط", "لرباط"]),
            ("وبلجيكا", &["وبلجيكا", "بلجيكا", "لجيكا"]),
            ("بلجيكا", &["بلجيكا", "لجيكا"]),
            ("فرنسا", &["فرنسا", "رنسا"]),
            ("لفتيت", &["لفتيت", "فتيت"]),
            ("ولفتيت", &["ولفتيت", "لفتيت", "فتيت"]),
            ("وهولندا", &["وهولندا", "هولندا"]),
            ("لمراقبه", &["لمراقبه", "مراقبه"]),
            // short words are not taken apart
            ("بان", &["بان"]),
            // not a proclitic sequence
            ("ببلاد", &["ببلاد", "بلاد"]),
        ];
        for (word, expected) in rows {
            let w = fold(word);
            let got: Vec<String> = readings(&w, 3)
                .into_iter()
                .map(|r| r.stem.into_owned())
                .collect();
            let expected: Vec<String> = expected.iter().map(|s| fold(s)).collect();
            assert_eq!(got, expected, "{word}");
        }
    }

    #[test]
    fn prefix_rules() {
        let rows: &[(&str, bool, bool)] = &[
            ("", true, true),
            ("و", true, true),
            ("ب", true, true),
            ("ل", true, false),
            ("وب", true, true),
            ("فل", true, false),
            ("بو", false, false),
            ("وو", false, false),
        ];
        for (p, indefinite_ok, definite_ok) in rows {
            assert_eq!(
                is_proclitic_prefix(p, false),
                *indefinite_ok,
                "{p} indefinite"
            );
            assert_eq!(is_proclitic_prefix(p, true), *definite_ok, "{p} definite");
        }
    }

    #[test]
    fn article_stripping() {
        assert_eq!(strip_article("المغرب"), Some("مغرب"));
        assert_eq!(strip_article("ال"), None);
        assert_eq!(strip_article("هولندا"), None);
    }
}
