//! Datelines: the place name an agency story opens with ("الرباط - ", "القاهرة ـ ").

/// Separators a dateline ends with, with spaces around them.
const SEPARATORS: &[&str] = &[" - ", " – ", " — ", " ـ ", " -- "];

/// The most words a dateline place has ("الدار البيضاء", "مدينة الكويت").
const MAX_WORDS: usize = 3;

/// Splits a leading dateline from a paragraph: `(place, rest)`.
pub fn split(text: &str) -> Option<(&str, &str)> {
    let (cut, sep) = SEPARATORS
        .iter()
        .filter_map(|s| text.find(s).map(|i| (i, *s)))
        .min_by_key(|&(i, _)| i)?;
    let place = text[..cut].trim();
    let words = place.split_whitespace().count();
    let letters_only = place.chars().all(|c| {
        c.is_alphabetic()
            || c == ' '
            || crate::arabic::normalize::is_removed(c)
            || c == '('
            || c == ')'
    });
    if words == 0 || words > MAX_WORDS || !letters_only {
        return None;
    }
    Some((place, &text[cut + sep.len()..]))
}

/// The paragraph without its dateline.
pub fn strip(text: &str) -> &str {
    split(text).map(|(_, rest)| rest).unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dateline_table() {
        let rows: &[(&str, Option<&str>)] = &[
            ("الرباط - نجحت الأجهزة", Some("الرباط")),
            ("الدار البيضاء ـ قال الوزير", Some("الدار البيضاء")),
            ("عمّان – أعلنت الحكومة", Some("عمّان")),
            ("نجحت الأجهزة الأمنية المغربية في تفكيك - أكثر", None),
            ("قال إن 2020 - 2021 كانت", None),
            ("بدون فاصل", None),
        ];
        for (text, expected) in rows {
            assert_eq!(split(text).map(|(p, _)| p), *expected, "{text}");
        }
    }
}
