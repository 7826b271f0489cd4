//! Search terms: words of normalized text, stop words dropped, each with its light stems.
//!
//! The stemmer is Light10 (Larkey, Ballesteros and Connell, 2002; the rules of Lucene's
//! `ArabicStemmer`): one article-family prefix (وال بال كال فال لل ال) is removed when two
//! letters or more remain, then the suffixes ها ان ات ون ين يه ه ي are removed in that order,
//! each once, when two letters or more remain (ة and ية are already ه and يه after
//! [`fold`](super::fold)). A single proclitic (و ف ب ل ك) is ambiguous: in «وزير», «بيرنز» or
//! «فرنسا» it is part of the word. Instead of guessing, a word that starts with one and keeps
//! three letters or more without it gets a second stem, of the word without it; the index
//! stores both and a query looks up both, so «لمكافحة» finds «مكافحة» and the reverse, and
//! «الوزير» finds «وزير». The JavaScript client (`themes/default/static/search.js`) implements
//! the same rules; `tests/search_cases.json` holds the cases both must agree on.

use super::normalize::fold;

/// Function words left out of the index and of queries (in their folded form).
pub const STOP_WORDS: &[&str] = &[
    "في",
    "من",
    "علي",
    "الي",
    "عن",
    "ان",
    "او",
    "ما",
    "لا",
    "لم",
    "لن",
    "قد",
    "ثم",
    "هذا",
    "هذه",
    "ذلك",
    "تلك",
    "التي",
    "الذي",
    "الذين",
    "هو",
    "هي",
    "هم",
    "مع",
    "بين",
    "كما",
    "حيث",
    "كان",
    "كانت",
    "عند",
    "بعد",
    "قبل",
    "منذ",
    "حتي",
    "اذا",
    "الا",
    "وفي",
    "ومن",
    "وهو",
    "وهي",
    "وقد",
    "وان",
    "وعلي",
    "اما",
    "كل",
    "غير",
    "به",
    "بها",
    "له",
    "لها",
    "فيه",
    "فيها",
    "منه",
    "منها",
    "عليه",
    "عليها",
    "ايضا",
    "و",
    "ف",
    "ب",
    "ل",
    "ك",
];

/// Article-family prefixes, longest first.
pub const ARTICLE_PREFIXES: &[&str] = &["وال", "بال", "كال", "فال", "لل", "ال"];

/// Single-letter proclitics: conjunctions و ف, prepositions ب ل ك.
pub const PROCLITICS: &[char] = &['و', 'ف', 'ب', 'ل', 'ك'];

/// Suffixes in the order Light10 tries them.
pub const SUFFIXES: &[&str] = &["ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي"];

/// One word of a text as the index and the query see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The word after normalization: the exact form, for name and phrase matches.
    pub word: String,
    /// One or two light stems, the first from the whole word.
    pub stems: Vec<String>,
}

/// The search terms of `text`, in order: normalized words, stop words dropped.
pub fn terms(text: &str) -> Vec<Term> {
    let mut out = Vec::new();
    each_term(&fold(text), |word, first, second| {
        out.push(Term {
            word: word.to_string(),
            stems: std::iter::once(first)
                .chain(second)
                .map(str::to_string)
                .collect(),
        })
    });
    out
}

/// Calls `f(word, stem, second_stem)` for each term of an already normalized text, in order,
/// stop words dropped; the stems borrow from the word (no allocation).
pub fn each_term<'a>(folded: &'a str, mut f: impl FnMut(&'a str, &'a str, Option<&'a str>)) {
    for w in words(folded) {
        if !is_stop_word(w) {
            let (first, second) = stem_pair(w);
            f(w, first, second);
        }
    }
}

/// The words of an already normalized text: runs of letters and digits.
pub fn words(folded: &str) -> Words<'_> {
    Words {
        text: folded,
        at: 0,
        block: super::normalize::ArabicBlock::get(),
    }
}

/// The iterator of [`words`]. It reads ASCII and the Arabic block (almost every character
/// of a normalized text) from the bytes, anything else as a `char`.
pub struct Words<'a> {
    text: &'a str,
    /// Where the next word is looked for.
    at: usize,
    block: super::normalize::ArabicBlock,
}

impl Words<'_> {
    /// Whether the character at byte `i` is a letter or digit, and its length.
    #[inline(always)]
    fn alnum_at(&self, i: usize) -> (bool, usize) {
        let b = self.text.as_bytes();
        let lead = b[i];
        if lead < 0x80 {
            (lead.is_ascii_alphanumeric(), 1)
        } else if (0xD8..=0xDB).contains(&lead) {
            (self.block.is_alphanumeric(lead, b[i + 1]), 2)
        } else {
            let c = self.text[i..]
                .chars()
                .next()
                .expect("a character starts here");
            (super::normalize::is_alphanumeric(c), c.len_utf8())
        }
    }
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let n = self.text.len();
        let mut i = self.at;
        // Over what is not a word, then to the end of the word.
        let start = loop {
            if i >= n {
                self.at = n;
                return None;
            }
            let (alnum, len) = self.alnum_at(i);
            if alnum {
                let start = i;
                i += len;
                break start;
            }
            i += len;
        };
        while i < n {
            let (alnum, len) = self.alnum_at(i);
            if !alnum {
                self.at = i + len;
                return Some(&self.text[start..i]);
            }
            i += len;
        }
        self.at = n;
        Some(&self.text[start..])
    }
}

/// Whether a normalized word is a stop word.
pub fn is_stop_word(word: &str) -> bool {
    // Asked for every word the search index and the matchers read: a set, not a scan of
    // the list (which compared the word with each stop word of its length).
    static SET: std::sync::LazyLock<rustc_hash::FxHashSet<&'static str>> =
        std::sync::LazyLock::new(|| STOP_WORDS.iter().copied().collect());
    SET.contains(word)
}

/// The stems of one normalized word: the Light10 stem, then the stem without a single
/// proclitic when there is one (and it differs).
pub fn stems(word: &str) -> Vec<String> {
    let (first, second) = stem_pair(word);
    std::iter::once(first)
        .chain(second)
        .map(str::to_string)
        .collect()
}

/// [`stems`] without allocating: slices of `word`.
pub fn stem_pair(word: &str) -> (&str, Option<&str>) {
    let first = light_stem_str(word);
    let mut chars = word.chars();
    if let Some(c) = chars.next() {
        let rest = chars.as_str();
        if PROCLITICS.contains(&c)
            && rest.chars().nth(2).is_some()
            && !ARTICLE_PREFIXES.iter().any(|p| word.starts_with(p))
        {
            let second = light_stem_str(rest);
            if second != first {
                return (first, Some(second));
            }
        }
    }
    (first, None)
}

/// Light10 on one normalized word. Words without Arabic letters are returned as they are.
pub fn light_stem(word: &str) -> String {
    light_stem_str(word).to_string()
}

/// [`light_stem`] as a slice of `word` (Light10 only removes a prefix and suffixes).
pub fn light_stem_str(word: &str) -> &str {
    if !word.chars().any(super::normalize::is_arabic_letter) {
        return word;
    }
    // At least two letters must remain after each removal.
    let long_enough = |s: &str| s.chars().nth(1).is_some();
    let mut w = word;
    for p in ARTICLE_PREFIXES {
        if let Some(rest) = w.strip_prefix(p) {
            if long_enough(rest) {
                w = rest;
                break;
            }
        }
    }
    for s in SUFFIXES {
        if let Some(rest) = w.strip_suffix(s) {
            if long_enough(rest) {
                w = rest;
            }
        }
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words as they were found before [`words`] read bytes: a split on characters.
    fn words_by_chars(text: &str) -> Vec<&str> {
        text.split(|c: char| !crate::arabic::normalize::is_alphanumeric(c))
            .filter(|w| !w.is_empty())
            .collect()
    }

    #[test]
    fn words_agree_with_a_split_on_characters() {
        for text in [
            "",
            "قال وزير الداخلية، عبد الوافي لفتيت: «التعاون مستمر».",
            "منذ ٢٠٢٤ و2024م — FBI/أف بي آي (Europol) 3.5%",
            "الـمـغـرب \u{200f}الرباط\u{200e} ۱۲۳ ی ک ﷺ ﻻ Ω é 漢字 🙂 a",
            " كلمة ",
        ] {
            assert_eq!(
                words(text).collect::<Vec<_>>(),
                words_by_chars(text),
                "{text:?}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn words_agree_on_any_text(text in "[\\x00-\\x7f\u{600}-\u{6ff}\u{750}-\u{77f}\u{fb50}-\u{fdff}\u{200b}-\u{200f} é漢🙂]{0,40}") {
            proptest::prop_assert_eq!(words(&text).collect::<Vec<_>>(), words_by_chars(&text));
        }
    }

    #[test]
    fn light10_table() {
        let rows: &[(&str, &str)] = &[
            ("الارهاب", "ارهاب"),
            ("والمغرب", "مغرب"),
            ("بالمغرب", "مغرب"),
            ("للمغرب", "مغرب"),
            ("المغربيه", "مغرب"),
            ("المغربي", "مغرب"),
            ("حموشي", "حموش"),
            ("الانتربول", "انتربول"),
            ("الارهابيين", "ارهاب"),
            ("عمليات", "عمل"),
            ("الامنيه", "امن"),
            ("اجهزتها", "اجهزت"),
            // two letters at least remain: ال is not a prefix of a three-letter word
            ("الي", "ال"),
            ("امن", "امن"),
            // Latin and digits are left alone
            ("europol", "europol"),
            ("2021", "2021"),
        ];
        for (word, stem) in rows {
            assert_eq!(light_stem(word), *stem, "word {word:?}");
        }
    }

    #[test]
    fn single_proclitic_gives_a_second_stem() {
        let rows: &[(&str, &[&str])] = &[
            ("لمكافحه", &["لمكافح", "مكافح"]),
            ("وزير", &["وزير", "زير"]),
            ("بيرنز", &["بيرنز", "يرنز"]),
            // too short without it: one stem
            ("بلد", &["بلد"]),
            // the article family is not a single proclitic
            ("والمغرب", &["مغرب"]),
            // same stem either way: listed once
            ("وfbi", &["وfbi", "fbi"]),
        ];
        for (word, expected) in rows {
            assert_eq!(stems(word), *expected, "word {word:?}");
        }
    }

    #[test]
    fn terms_normalize_and_drop_stop_words() {
        let t = terms("أكّد حمّوشي في الرباط، أنّ «الإنتربول» شريكٌ");
        let words: Vec<&str> = t.iter().map(|t| t.word.as_str()).collect();
        assert_eq!(words, ["اكد", "حموشي", "الرباط", "الانتربول", "شريك"]);
        assert_eq!(t[3].stems, ["انتربول"]);
    }
}
