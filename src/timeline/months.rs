//! Month names of every Arabic family, from CLDR (vendored under `cldr/`) plus press spellings.
//!
//! Forms are stored folded by [`crate::arabic::fold`] and split into words, so matching compares
//! folded tokens: `أبريل` and `إبريل` both fold to `ابريل`, `ذو القعدة` to `ذو القعده`.

use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde_json::Value;

use crate::arabic::fold;

/// The calendar a month name belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Calendar {
    Gregorian,
    /// Hijri (Islamic) months, converted with the Umm al-Qura calendar.
    Hijri,
}

/// One spelling of one month, folded and split into words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthName {
    pub words: Vec<String>,
    /// 1–12.
    pub month: u32,
    pub calendar: Calendar,
    /// Also a common word after folding (`آب` → `اب` "father", `صفر` "zero", `رجب` a first
    /// name): counts only next to a day or a year, never in a relative form.
    pub ambiguous: bool,
}

/// The vendored CLDR files: Gregorian months per regional locale, Islamic months.
const CLDR_GREGORIAN: &[(&str, &str)] = &[
    ("ar", include_str!("cldr/ar/ca-gregorian.json")),
    ("ar-MA", include_str!("cldr/ar-MA/ca-gregorian.json")),
    ("ar-DZ", include_str!("cldr/ar-DZ/ca-gregorian.json")),
    ("ar-TN", include_str!("cldr/ar-TN/ca-gregorian.json")),
    ("ar-LB", include_str!("cldr/ar-LB/ca-gregorian.json")),
    ("ar-IQ", include_str!("cldr/ar-IQ/ca-gregorian.json")),
    ("ar-MR", include_str!("cldr/ar-MR/ca-gregorian.json")),
];
const CLDR_ISLAMIC: &str = include_str!("cldr/ar/ca-islamic.json");

/// Press spellings beyond CLDR.
const PRESS_GREGORIAN: &[(&str, u32)] = &[
    // Egyptian press: يونيه، يوليه
    ("يونيه", 6),
    ("يونية", 6),
    ("يوليه", 7),
    ("يولية", 7),
    ("إبريل", 4),
    ("أغستس", 8),
    ("أوغست", 8),
    ("سبتمير", 9),
    ("نونبر", 11),
    ("دجمبر", 12),
    ("دسمبر", 12),
    ("فبرير", 2),
    ("جانفيه", 1),
    ("فيفريه", 2),
    ("جويليه", 7),
    // Levantine spellings without the article
    ("كانون ثاني", 1),
    ("تشرين أول", 10),
    ("تشرين ثاني", 11),
    ("كانون أول", 12),
];

const PRESS_HIJRI: &[(&str, u32)] = &[
    ("ربيع أول", 3),
    ("ربيع الثاني", 4),
    ("ربيع ثاني", 4),
    ("جمادى الأول", 5),
    ("جمادى الثانية", 6),
    ("جمادى الثاني", 6),
    ("جمادى الآخر", 6),
    ("ذي القعدة", 11),
    ("ذي الحجة", 12),
    ("ذا القعدة", 11),
    ("ذا الحجة", 12),
];

/// Names that are also ordinary words once folded.
const AMBIGUOUS: &[&str] = &["اب", "صفر", "رجب"];

fn cldr_months(json: &str, locale: &str, calendar: &str) -> Vec<(String, u32)> {
    let v: Value = serde_json::from_str(json).expect("vendored CLDR JSON is valid");
    let months = &v["main"][locale]["dates"]["calendars"][calendar]["months"];
    let mut out = Vec::new();
    for context in ["format", "stand-alone"] {
        for width in ["wide", "abbreviated"] {
            if let Some(map) = months[context][width].as_object() {
                for (k, name) in map {
                    if let (Ok(m), Some(name)) = (k.parse::<u32>(), name.as_str()) {
                        out.push((name.to_string(), m));
                    }
                }
            }
        }
    }
    out
}

fn build() -> Vec<MonthName> {
    let mut seen: BTreeMap<(Vec<String>, bool), u32> = BTreeMap::new();
    let mut out = Vec::new();
    let mut add = |name: &str, month: u32, calendar: Calendar| {
        let words: Vec<String> = fold(name).split_whitespace().map(str::to_string).collect();
        // Skip digit-only abbreviations and forms already present.
        if words.is_empty() || words.iter().any(|w| w.chars().all(|c| c.is_ascii_digit())) {
            return;
        }
        let key = (words.clone(), calendar == Calendar::Hijri);
        if seen.insert(key, month).is_some() {
            return;
        }
        let ambiguous = words.len() == 1 && AMBIGUOUS.contains(&words[0].as_str());
        out.push(MonthName {
            words,
            month,
            calendar,
            ambiguous,
        });
    };
    for (locale, json) in CLDR_GREGORIAN {
        for (name, m) in cldr_months(json, locale, "gregorian") {
            add(&name, m, Calendar::Gregorian);
        }
    }
    for (name, m) in PRESS_GREGORIAN {
        add(name, *m, Calendar::Gregorian);
    }
    for (name, m) in cldr_months(CLDR_ISLAMIC, "ar", "islamic") {
        add(&name, m, Calendar::Hijri);
    }
    for (name, m) in PRESS_HIJRI {
        add(name, *m, Calendar::Hijri);
    }
    // Longest forms first, so `كانون الثاني` wins over any one-word prefix.
    out.sort_by_key(|n| std::cmp::Reverse(n.words.len()));
    out
}

/// Every known month spelling, longest first.
pub fn names() -> &'static [MonthName] {
    static NAMES: OnceLock<Vec<MonthName>> = OnceLock::new();
    NAMES.get_or_init(build)
}

/// The month names at the start of `words` (folded tokens): the longest match.
pub fn match_at<'a>(
    words: impl Fn(usize) -> Option<&'a str>,
) -> Option<(&'static MonthName, usize)> {
    // Names indexed by their first word, each list longest first as in `names()`.
    static BY_FIRST: OnceLock<HashMap<&'static str, Vec<&'static MonthName>>> = OnceLock::new();
    let by_first = BY_FIRST.get_or_init(|| {
        let mut m: HashMap<&'static str, Vec<&'static MonthName>> = HashMap::default();
        for n in names() {
            m.entry(n.words[0].as_str()).or_default().push(n);
        }
        m
    });
    by_first.get(words(0)?)?.iter().find_map(|n| {
        n.words
            .iter()
            .enumerate()
            .skip(1)
            .all(|(i, w)| words(i) == Some(w.as_str()))
            .then_some((*n, n.words.len()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month_of(name: &str) -> Option<(u32, Calendar)> {
        let words: Vec<String> = fold(name).split_whitespace().map(str::to_string).collect();
        match_at(|i| words.get(i).map(String::as_str))
            .filter(|(_, len)| *len == words.len())
            .map(|(n, _)| (n.month, n.calendar))
    }

    #[test]
    fn every_family_is_loaded() {
        use Calendar::*;
        let rows: &[(&str, u32, Calendar)] = &[
            ("يناير", 1, Gregorian),
            ("أغسطس", 8, Gregorian),
            ("يوليوز", 7, Gregorian),
            ("غشت", 8, Gregorian),
            ("شتنبر", 9, Gregorian),
            ("دجنبر", 12, Gregorian),
            ("جانفي", 1, Gregorian),
            ("جويلية", 7, Gregorian),
            ("أوت", 8, Gregorian),
            ("كانون الثاني", 1, Gregorian),
            ("تشرين الأول", 10, Gregorian),
            ("كانون الأول", 12, Gregorian),
            ("آب", 8, Gregorian),
            ("إبريل", 4, Gregorian),
            ("أغشت", 8, Gregorian),
            ("شتمبر", 9, Gregorian),
            ("دجمبر", 12, Gregorian),
            ("يونيه", 6, Gregorian),
            ("رمضان", 9, Hijri),
            ("ربيع الآخر", 4, Hijri),
            ("ربيع الثاني", 4, Hijri),
            ("جمادى الثانية", 6, Hijri),
            ("ذو القعدة", 11, Hijri),
            ("ذي الحجة", 12, Hijri),
        ];
        for (name, m, cal) in rows {
            assert_eq!(month_of(name), Some((*m, *cal)), "{name}");
        }
        assert_eq!(month_of("كانون"), None);
    }
}
