//! Sentence splitting on Arabic and Latin punctuation that keeps numbers and abbreviations whole.

/// Byte ranges `[start, end)` of the sentences of `text`, trimmed of surrounding spaces.
///
/// A sentence ends at `.`, `!`, `?`, `؟`, `…` or a line break, or at `؛` (the Arabic semicolon
/// joins clauses the press writes as separate statements), unless the `.` stands between two
/// digits (`03.03`, `2.5`), after a single Latin letter (`U.S.`), or inside a run of dots
/// that continues the sentence (`..` in headlines counts as an end).
pub fn sentence_ranges(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        let mut end_here = matches!(c, '!' | '?' | '؟' | '…' | '\n' | '؛');
        if c == '.' {
            let prev = i.checked_sub(1).map(|j| chars[j].1);
            let next = chars.get(i + 1).map(|x| x.1);
            let between_digits = prev.is_some_and(|p| p.is_ascii_digit())
                && next.is_some_and(|n| n.is_ascii_digit());
            let latin_initial = prev.is_some_and(|p| p.is_ascii_alphabetic())
                && i.checked_sub(2)
                    .map(|j| !super::normalize::is_alphanumeric(chars[j].1))
                    .unwrap_or(true);
            end_here = !between_digits && !latin_initial;
        }
        if end_here {
            // Take closing punctuation and quotes along with the end.
            let mut j = i + 1;
            while j < chars.len()
                && matches!(
                    chars[j].1,
                    '.' | '!' | '?' | '؟' | '"' | '”' | '»' | ')' | '’' | '\''
                )
            {
                j += 1;
            }
            let end = chars.get(j).map(|x| x.0).unwrap_or(text.len());
            push_trimmed(text, start, end, &mut out);
            start = end;
            i = j;
            let _ = pos;
            continue;
        }
        i += 1;
    }
    push_trimmed(text, start, text.len(), &mut out);
    out
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead + trail < s.len() {
        out.push((start + lead, end - trail));
    }
}

/// The sentence of `text` that contains byte offset `at`.
pub fn sentence_at(text: &str, at: usize) -> (usize, usize) {
    sentence_ranges(text)
        .into_iter()
        .find(|&(s, e)| at >= s && at < e)
        .unwrap_or((0, text.len()))
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
    fn sentence_at_finds_the_containing_sentence() {
        let t = "الأولى هنا. الثانية فيها 18 ديسمبر 2021. الثالثة.";
        let at = t.find("ديسمبر").unwrap();
        let (s, e) = sentence_at(t, at);
        assert_eq!(&t[s..e], "الثانية فيها 18 ديسمبر 2021.");
    }
}
