//! Sentence splitting on Arabic and Latin punctuation that keeps numbers and abbreviations whole.

/// Byte ranges `[start, end)` of the sentences of `text`, trimmed of surrounding spaces.
///
/// A sentence ends at `.`, `!`, `?`, `؟`, `…` or a line break, or at `؛` (the Arabic semicolon
/// joins clauses the press writes as separate statements), unless the `.` stands between two
/// digits (`03.03`, `2.5`), after a single Latin letter (`U.S.`), or inside a run of dots
/// that continues the sentence (`..` in headlines counts as an end).
pub fn sentence_ranges(text: &str) -> Vec<(usize, usize)> {
    Sentences::new(text).collect()
}

/// The sentences of a text, one range at a time, without allocating: the rule of
/// [`sentence_ranges`], which collects it.
struct Sentences<'a> {
    text: &'a str,
    /// Where the next sentence starts (before trimming).
    start: usize,
    /// Where the scan for its end resumes.
    pos: usize,
}

impl<'a> Sentences<'a> {
    fn new(text: &'a str) -> Self {
        Sentences {
            text,
            start: 0,
            pos: 0,
        }
    }

    /// Whether the character `c` at byte `at` ends a sentence.
    fn ends_at(&self, at: usize, c: char) -> bool {
        if c != '.' {
            return matches!(c, '!' | '?' | '؟' | '…' | '\n' | '؛');
        }
        let mut before = self.text[..at].chars().rev();
        let prev = before.next();
        let next = self.text[at + 1..].chars().next();
        let between_digits =
            prev.is_some_and(|p| p.is_ascii_digit()) && next.is_some_and(|n| n.is_ascii_digit());
        let latin_initial = prev.is_some_and(|p| p.is_ascii_alphabetic())
            && before
                .next()
                .map(|pp| !super::normalize::is_alphanumeric(pp))
                .unwrap_or(true);
        !between_digits && !latin_initial
    }

    /// The first character at or after `pos` that ends a sentence, with its offset.
    /// Candidates are found by byte, 16 at a time: the ASCII ends, the second byte of `؟`
    /// and `؛` (U+061F, U+061B: D8 9F, D8 9B) and the first byte of `…` (E2 80 A6).
    fn next_end(&self) -> Option<(usize, char)> {
        let b = self.text.as_bytes();
        let mut i = self.pos;
        loop {
            i = crate::bytescan::next_of(b, i, 0, [b'.', b'!', b'?', b'\n', 0x9F, 0x9B, 0xE2]);
            let at = match *b.get(i)? {
                0x9F | 0x9B if i > self.pos && b[i - 1] == 0xD8 => i - 1,
                0xE2 if b[i + 1..].starts_with(&[0x80, 0xA6]) => i,
                c if c.is_ascii() => i,
                _ => {
                    i += 1;
                    continue;
                }
            };
            let c = self.text[at..]
                .chars()
                .next()
                .expect("a character starts at `at`");
            if self.ends_at(at, c) {
                return Some((at, c));
            }
            i = at + c.len_utf8();
        }
    }

    /// The trimmed range `[start, end)`, or `None` when it is only spaces.
    fn trimmed(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        let s = &self.text[start..end];
        let lead = s.len() - s.trim_start().len();
        let trail = s.len() - s.trim_end().len();
        (lead + trail < s.len()).then_some((start + lead, end - trail))
    }
}

impl Iterator for Sentences<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        while self.start < self.text.len() {
            let found = self.next_end();
            let end = match found {
                Some((at, c)) => {
                    // Take closing punctuation and quotes along with the end.
                    let rest = &self.text[at + c.len_utf8()..];
                    let taken: usize = rest
                        .chars()
                        .take_while(|c| {
                            matches!(
                                c,
                                '.' | '!' | '?' | '؟' | '"' | '”' | '»' | ')' | '’' | '\''
                            )
                        })
                        .map(char::len_utf8)
                        .sum();
                    at + c.len_utf8() + taken
                }
                None => self.text.len(),
            };
            let start = self.start;
            self.start = end;
            self.pos = end;
            if let Some(range) = self.trimmed(start, end) {
                return Some(range);
            }
        }
        None
    }
}

/// The sentence of `text` that contains byte offset `at`.
pub fn sentence_at(text: &str, at: usize) -> (usize, usize) {
    Sentences::new(text)
        .take_while(|&(s, _)| s <= at)
        .find(|&(s, e)| at >= s && at < e)
        .unwrap_or((0, text.len()))
}

/// [`sentence_at`] from the text's [`sentence_ranges`], made once for all the offsets a
/// caller asks about (`len`: the text's length).
pub fn sentence_in(ranges: &[(usize, usize)], len: usize, at: usize) -> (usize, usize) {
    // The ranges are in order and do not overlap: the candidate is the last one starting at
    // or before `at`; an offset between two sentences (in the spaces trimmed off) is in none.
    let i = ranges.partition_point(|&(s, _)| s <= at);
    match i.checked_sub(1).map(|i| ranges[i]) {
        Some((s, e)) if at < e => (s, e),
        _ => (0, len),
    }
}

/// The part of the span `span` of `text` that keeps at most `words` words on each side of
/// `start..end` (a mention in its sentence): the byte range, and whether words were cut
/// before and after. Words are runs of characters between ASCII whitespace (the block text
/// has no other spaces: import writes them as spaces); a word the mention cuts (a clitic
/// joined to it) counts as one. Read by byte: an ASCII byte is never inside a character.
pub fn words_around(
    text: &str,
    span: (usize, usize),
    (start, end): (usize, usize),
    words: usize,
) -> ((usize, usize), bool, bool) {
    let (s, e) = span;
    let b = text.as_bytes();
    let from = space_after_words((s..start).rev().map(|i| (i, b[i])), words).map_or(s, |i| i + 1);
    let to = space_after_words((end..e).map(|i| (i, b[i])), words).unwrap_or(e);
    ((from, to), from > s, to < e)
}

/// The offset of the space that ends the `words`-th word of `bytes` (read in either
/// direction).
fn space_after_words(bytes: impl Iterator<Item = (usize, u8)>, words: usize) -> Option<usize> {
    let (mut seen, mut in_word) = (0, false);
    for (i, c) in bytes {
        if !c.is_ascii_whitespace() {
            in_word = true;
        } else if in_word {
            in_word = false;
            seen += 1;
            if seen == words {
                return Some(i);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentence_ranges(text)
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect()
    }

    proptest::proptest! {
        /// The sentence found in the ranges made once is the one found by scanning, at every
        /// offset (in sentences, in the spaces between them, at the end).
        #[test]
        fn sentence_in_ranges_is_sentence_at(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "قال الوزير", " ", "  ", "؟", "؛", "…", ".", "..", "!", "\n", "3", "2.5",
                "U.S.", "المغرب", "”", "»",
            ]), 0..30)
        ) {
            let text = parts.concat();
            let ranges = sentence_ranges(&text);
            for at in (0..=text.len()).filter(|&p| text.is_char_boundary(p)) {
                proptest::prop_assert_eq!(
                    sentence_in(&ranges, text.len(), at),
                    sentence_at(&text, at),
                    "{:?} at {}", text, at
                );
            }
        }

        /// The byte search for the end of a sentence finds what reading character by
        /// character found.
        #[test]
        fn ends_found_by_byte_are_the_ends_found_by_character(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "قال", " ", "؟", "؛", "…", ".", "..", "!", "?", "\n", "3", "U", "ئ", "ٛ", "ڟ",
                "”", "»", "’", "2.5", "U.S.", "é", "—", "٫",
            ]), 0..30)
        ) {
            let text = parts.concat();
            for pos in (0..=text.len()).filter(|&p| text.is_char_boundary(p)) {
                let s = Sentences { text: &text, start: pos, pos };
                let by_char = text[pos..]
                    .char_indices()
                    .map(|(i, c)| (pos + i, c))
                    .find(|&(at, c)| s.ends_at(at, c));
                proptest::prop_assert_eq!(s.next_end(), by_char, "{:?} from {}", text, pos);
            }
        }
    }

    #[test]
    fn words_around_table() {
        // (sentence, mention, words each side, the window, cut before, cut after)
        let rows: &[(&str, &str, usize, &str, bool, bool)] = &[
            (
                "وأكد المدير العام عبد اللطيف حموشي، أن التعاون مستمر مع إسبانيا.",
                "حموشي",
                2,
                "عبد اللطيف حموشي، أن",
                true,
                true,
            ),
            ("قال حموشي إن", "حموشي", 5, "قال حموشي إن", false, false),
            // A clitic joined to the mention is a word of its own.
            (
                "زار الوفد وحموشي الرباط أمس",
                "حموشي",
                1,
                "وحموشي الرباط",
                true,
                true,
            ),
            // Runs of spaces and a tatweel-drawn word count once; Latin runs are words.
            (
                "التقى  مسؤولي Europol  ثم ســافر إلى مدريد",
                "ثم",
                2,
                "مسؤولي Europol  ثم ســافر إلى",
                true,
                true,
            ),
            ("المغرب", "المغرب", 3, "المغرب", false, false),
        ];
        for &(text, mention, k, want, cut_before, cut_after) in rows {
            let start = text.find(mention).unwrap();
            let ((s, e), b, a) =
                words_around(text, (0, text.len()), (start, start + mention.len()), k);
            assert_eq!((&text[s..e], b, a), (want, cut_before, cut_after), "{text}");
        }
    }

    #[test]
    fn sentence_table() {
        let rows: &[(&str, &[&str])] = &[
            (
                "قال الوزير. وأضاف أن التعاون مستمر.",
                &["قال الوزير.", "وأضاف أن التعاون مستمر."],
            ),
            ("هل يستمر التعاون؟ نعم!", &["هل يستمر التعاون؟", "نعم!"]),
            (
                "صدر القانون 03.03 في عام 2003. ثم عدل.",
                &["صدر القانون 03.03 في عام 2003.", "ثم عدل."],
            ),
            ("بلغت النسبة 2.5 في المئة.", &["بلغت النسبة 2.5 في المئة."]),
            (
                "زار U.S. Army الرباط. ثم غادر.",
                &["زار U.S. Army الرباط.", "ثم غادر."],
            ),
            (
                "الاستخبار الوقائي المغربي.. ركيزة التعاون",
                &["الاستخبار الوقائي المغربي..", "ركيزة التعاون"],
            ),
            (
                "قال إن “التعاون مستمر.” وأضاف",
                &["قال إن “التعاون مستمر.”", "وأضاف"],
            ),
            (
                "التحديات؛ في مقدمتها الإرهاب",
                &["التحديات؛", "في مقدمتها الإرهاب"],
            ),
            ("سطر أول\nسطر ثان", &["سطر أول", "سطر ثان"]),
            ("", &[]),
        ];
        for (text, expected) in rows {
            assert_eq!(split(text), *expected, "{text}");
        }
    }

    #[test]
    fn sentence_at_agrees_with_the_ranges_at_every_offset() {
        let texts = [
            "  الأولى هنا.  الثانية؟! «الثالثة.» U.S. 2.5 …\nالرابعة؛ ",
            "...",
            " . ",
            "a.b. c",
        ];
        for t in texts {
            let ranges = sentence_ranges(t);
            for (at, _) in t.char_indices() {
                let expected = ranges
                    .iter()
                    .copied()
                    .find(|&(s, e)| at >= s && at < e)
                    .unwrap_or((0, t.len()));
                assert_eq!(sentence_at(t, at), expected, "{t:?} at {at}");
            }
        }
    }

    #[test]
    fn sentence_at_finds_the_containing_sentence() {
        let t = "الأولى هنا. الثانية فيها 18 ديسمبر 2021. الثالثة.";
        let at = t.find("ديسمبر").unwrap();
        let (s, e) = sentence_at(t, at);
        assert_eq!(&t[s..e], "الثانية فيها 18 ديسمبر 2021.");
    }
}
