//! Words with byte offsets, and proclitic analysis (و ف ب ك ل, ال, لل) that keeps names whole.
//!
//! Analysis works on normalized text (see [`super::normalize`]): a word yields every reading
//! "proclitics + stem" that the rules allow, the bare word first, so a name that starts with
//! one of those letters (بلجيكا, فرنسا, لفتيت) is never cut: the caller looks the stems up and
//! keeps the reading it knows. Nothing here stems suffixes: names are not stemmed.

use super::normalize::is_word_char;
use super::stem::ARTICLE_PREFIXES;

/// A word of a text: a maximal run of word characters, as a byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
}

/// The words of `text` with their byte ranges, in order.
///
/// Read byte by byte: ASCII and the two-byte Arabic block (almost every character of the
/// normalized text) are decoded in place, anything else through `str::chars`. Every word of
/// the archive goes through here once per analysis.
pub fn tokens(text: &str) -> Vec<Token<'_>> {
    let b = text.as_bytes();
    let block = super::normalize::ArabicBlock::get();
    let mut out = Vec::with_capacity(b.len() / 8);
    let mut start: Option<usize> = None;
    let mut i = 0;
    while i < b.len() {
        let lead = b[i];
        let (word, len) = if lead < 0x80 {
            (lead.is_ascii_alphanumeric(), 1)
        } else if (0xD8..=0xDB).contains(&lead) {
            // U+0600–U+06FF: 110xxxxx 10xxxxxx.
            (block.is_word_char(lead, b[i + 1]), 2)
        } else {
            let c = text[i..].chars().next().expect("a character starts here");
            (is_word_char(c), c.len_utf8())
        };
        if word {
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
        i += len;
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

/// A set of words as 2^16 bits, each word's bit taken from its length and its first and last
/// two bytes (equal words, equal bits): a word whose bit is clear is not in the set, found
/// without hashing the word. The scanners that look every word of the archive up in a small
/// set (the first words of names, the words a date begins with) ask it first.
pub struct WordFilter(Box<[u64]>);

impl WordFilter {
    const BITS: usize = 1 << 16;

    pub fn new<'w>(words: impl IntoIterator<Item = &'w str>) -> WordFilter {
        let mut bits = vec![0u64; Self::BITS / 64].into_boxed_slice();
        for w in words {
            let b = Self::bit(w);
            bits[b / 64] |= 1 << (b % 64);
        }
        WordFilter(bits)
    }

    /// Whether `w` may be in the set (it is not when this is false).
    #[inline]
    pub fn may_contain(&self, w: &str) -> bool {
        let b = Self::bit(w);
        self.0[b / 64] & (1 << (b % 64)) != 0
    }

    #[inline]
    fn bit(w: &str) -> usize {
        let b = w.as_bytes();
        let (Some(&first), Some(&last)) = (b.first(), b.last()) else {
            return 0;
        };
        let second = b.get(1).copied().unwrap_or(0);
        let penult = b.get(b.len().wrapping_sub(2)).copied().unwrap_or(0);
        let x = u64::from_le_bytes([first, second, penult, last, b.len() as u8, 0, 0, 0]);
        (x.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 48) as usize
    }
}

/// One-letter proclitics: conjunctions و ف, prepositions ب ك ل.
pub const PROCLITICS: [char; 5] = ['و', 'ف', 'ب', 'ك', 'ل'];

/// The one-letter proclitic that `b` starts with (read from its two UTF-8 bytes), if any.
#[inline]
pub fn proclitic_at(b: &[u8]) -> Option<char> {
    match b.get(..2)? {
        [0xD9, 0x88] => Some('و'),
        [0xD9, 0x81] => Some('ف'),
        [0xD8, 0xA8] => Some('ب'),
        [0xD9, 0x83] => Some('ك'),
        [0xD9, 0x84] => Some('ل'),
        _ => None,
    }
}

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
    proclitics_allowed(cs, definite)
}

/// [`is_proclitic_prefix`] of a prefix given as its characters.
fn proclitics_allowed(cs: &[char], definite: bool) -> bool {
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
    // The proclitic letters are all two bytes long: the prefix of `k` letters is `2k` bytes.
    let mut prefix: [char; 2] = ['\0'; 2];
    let mut chars = word.chars();
    for k in 1..=2 {
        let Some(c) = chars.next() else { break };
        if !PROCLITICS.contains(&c) {
            break;
        }
        prefix[k - 1] = c;
        let cut = 2 * k;
        let stem = &word[cut..];
        // Whether the stem has more than `n` characters (counting no further than needed).
        let longer_than = |n: usize| stem.chars().nth(n).is_some();
        if min_stem > 0 && !longer_than(min_stem - 1) {
            break;
        }
        // ل + ال is written لل: the stem is rebuilt with the article.
        if c == 'ل'
            && stem.starts_with('ل')
            && longer_than(min_stem)
            && proclitics_allowed(&prefix[..k - 1], true)
        {
            out.push(Reading {
                prefix_len: cut - 2,
                stem: format!("ا{stem}").into(),
                rebuilt: true,
            });
        }
        if proclitics_allowed(&prefix[..k], stem.starts_with("ال")) {
            out.push(Reading {
                prefix_len: cut,
                stem: stem.into(),
                rebuilt: false,
            });
        }
    }
    out
}

/// Whether a normalized word starts with a proclitic and the definite article (للأمن,
/// بالمغرب, والمديرية, فالمغرب, كالمغرب).
pub fn has_clitic_article(word: &str) -> bool {
    ARTICLE_PREFIXES
        .iter()
        .any(|p| *p != "ال" && word.starts_with(p))
}

/// Whether a normalized word is definite: the article, with or without a proclitic before it.
pub fn is_definite(word: &str) -> bool {
    ARTICLE_PREFIXES.iter().any(|p| word.starts_with(p))
}

/// The definite article stripped from a normalized word, when what is left is a word.
pub fn strip_article(word: &str) -> Option<&str> {
    word.strip_prefix("ال").filter(|r| r.chars().count() >= 2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arabic::fold;

    /// The words as maximal runs of [`is_word_char`], found character by character.
    fn tokens_by_chars(text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut start = None;
        for (i, c) in text.char_indices() {
            match (is_word_char(c), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    out.push((s, i));
                    start = None;
                }
                _ => {}
            }
        }
        out.extend(start.map(|s| (s, text.len())));
        out
    }

    #[test]
    fn tokens_agree_with_a_walk_over_characters() {
        for text in [
            "",
            "قال وزير الداخلية، عبد الوافي لفتيت: «التعاون مستمر».",
            "وبالمغرب ٢٠٢٤ و2024م — FBI/أف بي آي (Europol) 3.5%",
            "الـمـغـرب مُحَمَّد \u{200f}الرباط\u{200e} ۱۲۳ ی ک",
            "ﷺ ﻻ Ω é 漢字 🙂 a",
            "كلمة",
            " بداية ونهاية ",
        ] {
            let got: Vec<(usize, usize)> = tokens(text).iter().map(|t| (t.start, t.end)).collect();
            assert_eq!(got, tokens_by_chars(text), "{text:?}");
            for t in tokens(text) {
                assert_eq!(t.text, &text[t.start..t.end]);
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn tokens_agree_on_any_text(text in "[\\x00-\\x7f\u{600}-\u{6ff}\u{750}-\u{77f}\u{fb50}-\u{fdff}\u{200b}-\u{200f} é漢🙂]{0,40}") {
            let got: Vec<(usize, usize)> = tokens(&text).iter().map(|t| (t.start, t.end)).collect();
            proptest::prop_assert_eq!(got, tokens_by_chars(&text));
        }
    }

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

    /// [`readings`] as first written, character by character: the reference it must equal.
    fn readings_reference(word: &str, min_stem: usize) -> Vec<(usize, String, bool)> {
        let mut out = vec![(0, word.to_string(), false)];
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
            if prefix.ends_with('ل') && stem.starts_with('ل') && stem_chars > min_stem {
                let before = &prefix[..prefix.len() - 'ل'.len_utf8()];
                if is_proclitic_prefix(before, true) {
                    out.push((before.len(), format!("ا{stem}"), true));
                }
            }
            if is_proclitic_prefix(prefix, stem.starts_with("ال")) {
                out.push((prefix.len(), stem.to_string(), false));
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn readings_equal_the_reference(word in "[وفبكلاهمن]{0,7}[a-zمرساءي]{0,3}", min_stem in 0usize..5) {
            let got: Vec<(usize, String, bool)> = readings(&word, min_stem)
                .into_iter()
                .map(|r| (r.prefix_len, r.stem.into_owned(), r.rebuilt))
                .collect();
            proptest::prop_assert_eq!(got, readings_reference(&word, min_stem));
        }
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
