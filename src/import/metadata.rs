//! Metadata detectors: the outlet (from site chrome or in-text attributions, with evidence),
//! a stated publication date, and a byline.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use super::clean::Boilerplate;
use crate::arabic::normalize::{fold, normalize};

/// A detected outlet and the text that shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceEvidence {
    pub name: String,
    pub evidence: String,
}

/// The original text of a capture group matched on the folded form of `line`.
fn original_group(line: &str, re: &Regex, groups: &[&str]) -> Option<(String, String)> {
    let n = normalize(line);
    let caps = re.captures(&n.text)?;
    let whole = caps.get(0)?;
    let group = groups.iter().find_map(|g| caps.name(g))?;
    let (s, e) = n.original_range(group.start(), group.end());
    let (ws, we) = n.original_range(whole.start(), whole.end());
    Some((
        line[s..e].trim().to_string(),
        line[ws..we].trim().to_string(),
    ))
}

/// The outlet named by a chrome line ("Site icon Chamalpress | شمال بريس"): of a bilingual
/// name the Arabic half is kept.
pub fn source_from_chrome(bp: &Boilerplate, lines: &[&str]) -> Option<SourceEvidence> {
    for line in lines {
        for re in &bp.source_chrome {
            if let Some((name, _)) = original_group(line.trim(), re, &["name"]) {
                let name = prefer_arabic(&name);
                if !name.is_empty() {
                    return Some(SourceEvidence {
                        name,
                        evidence: line.trim().to_string(),
                    });
                }
            }
        }
    }
    None
}

/// Of "Chamalpress | شمال بريس" the part written in Arabic; otherwise the whole name.
pub fn prefer_arabic(name: &str) -> String {
    let parts: Vec<&str> = name
        .split(['|', '–', '—', '-', '/'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    parts
        .iter()
        .find(|p| p.chars().any(crate::arabic::normalize::is_arabic_letter))
        .or(parts.first())
        .map(|p| p.trim_matches(['"', '«', '»', '“', '”']).trim().to_string())
        .unwrap_or_default()
}

/// Words that follow an attached ل without naming anything: pronouns.
const PRONOUNS: &[&str] = &["ه", "ها", "هم", "هما", "هن", "نا", "ي", "ك", "كم", "كما"];

/// The outlet the text says it was spoken to ("في تصريح لهسبريس", "لـ«العرب»"): the most
/// frequent attributed name, the first match as evidence.
pub fn source_from_attribution(bp: &Boilerplate, paragraphs: &[&str]) -> Option<SourceEvidence> {
    let mut found: Vec<(String, String, usize)> = Vec::new();
    for para in paragraphs {
        let n = normalize(para);
        // Two patterns can match the same mention: count it once.
        let mut seen = Vec::new();
        for re in &bp.attribution {
            for caps in re.captures_iter(&n.text) {
                let Some(group) = caps.name("q").or_else(|| caps.name("w")) else {
                    continue;
                };
                let bare = caps.name("w").is_some();
                let folded = group.as_str();
                // A bare word after ل: not a pronoun (له), not an article (للصحافة).
                if bare && (PRONOUNS.contains(&folded) || folded.starts_with('ل')) {
                    continue;
                }
                if seen.contains(&group.start()) {
                    continue;
                }
                seen.push(group.start());
                let (s, e) = n.original_range(group.start(), group.end());
                let whole = caps.get(0).unwrap();
                let (ws, we) = n.original_range(whole.start(), whole.end());
                let name = para[s..e].trim().to_string();
                let key = fold(&name);
                match found.iter_mut().find(|f| fold(&f.0) == key) {
                    Some(f) => f.2 += 1,
                    None => found.push((name, para[ws..we].trim().to_string(), 1)),
                }
            }
        }
    }
    // Most frequent first; on a tie the first found (max_by_key keeps the last maximum).
    found
        .into_iter()
        .rev()
        .max_by_key(|f| f.2)
        .map(|(name, evidence, _)| SourceEvidence { name, evidence })
}

/// The publication date stated by a line such as "نشر في: 12 مارس 2024".
pub fn published_line(bp: &Boilerplate, line: &str) -> Option<NaiveDate> {
    let folded = fold(line.trim());
    bp.published.iter().find_map(|re| {
        let caps = re.captures(&folded)?;
        let date = caps.name("date")?.as_str().trim();
        // The rest of the line is the date (and perhaps a time), not a sentence.
        if date.split_whitespace().count() > 7 || date.ends_with('.') {
            return None;
        }
        parse_date(date)
    })
}

/// The author named by a byline ("بقلم: سعيد الإدريسي").
pub fn byline(bp: &Boilerplate, line: &str) -> Option<String> {
    bp.byline.iter().find_map(|re| {
        original_group(line.trim(), re, &["name"])
            .map(|(name, _)| name)
            .filter(|n| !n.is_empty())
    })
}

/// Month names, folded: Maghreb, Egyptian/Gulf and Levantine (Syriac) forms, and English.
const MONTHS: &[(&str, u32)] = &[
    ("يناير", 1),
    ("جانفي", 1),
    ("كانون الثاني", 1),
    ("فبراير", 2),
    ("فيفري", 2),
    ("شباط", 2),
    ("مارس", 3),
    ("اذار", 3),
    ("ابريل", 4),
    ("افريل", 4),
    ("نيسان", 4),
    ("مايو", 5),
    ("ماي", 5),
    ("ايار", 5),
    ("يونيو", 6),
    ("يونيه", 6),
    ("جوان", 6),
    ("حزيران", 6),
    ("يوليوز", 7),
    ("يوليو", 7),
    ("يوليه", 7),
    ("جويليه", 7),
    ("تموز", 7),
    ("غشت", 8),
    ("اغسطس", 8),
    ("اوت", 8),
    ("اب", 8),
    ("شتنبر", 9),
    ("سبتمبر", 9),
    ("ايلول", 9),
    ("اكتوبر", 10),
    ("تشرين الاول", 10),
    ("نونبر", 11),
    ("نوفمبر", 11),
    ("تشرين الثاني", 11),
    ("دجنبر", 12),
    ("ديسمبر", 12),
    ("كانون الاول", 12),
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
];

fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_start_matches('و');
    MONTHS
        .iter()
        .find(|(name, _)| *name == word || *name == w)
        .map(|&(_, m)| m)
}

/// Parses a stated date: `2024-03-12` (also with a time), `12/03/2024` (day first),
/// `2024/03/12`, `12 مارس 2024`, `الثلاثاء 12 مارس (آذار) 2024`, `March 12, 2024`.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let t = fold(text);
    let t = t.trim();
    let ymd = |y: i64, m: i64, d: i64| {
        NaiveDate::from_ymd_opt(
            i32::try_from(y).ok()?,
            u32::try_from(m).ok()?,
            u32::try_from(d).ok()?,
        )
    };
    let nums: Vec<i64> = t
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty() && s.len() <= 4)
        .filter_map(|s| s.parse().ok())
        .collect();
    static NUMERIC: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(\d{1,4})[-/.](\d{1,2})[-/.](\d{1,4})").unwrap());
    if let Some(c) = NUMERIC.captures(t) {
        let a: i64 = c[1].parse().ok()?;
        let b: i64 = c[2].parse().ok()?;
        let d: i64 = c[3].parse().ok()?;
        return if c[1].len() == 4 {
            ymd(a, b, d)
        } else if c[3].len() == 4 {
            ymd(d, b, a)
        } else {
            None
        };
    }
    // Words with a month name: the year is the 4-digit number, the day the 1-2 digit one.
    let words: Vec<&str> = t
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '،' | '(' | ')' | '-' | '|'))
        .filter(|w| !w.is_empty())
        .collect();
    let mut month = None;
    for (i, w) in words.iter().enumerate() {
        let two = words.get(i + 1).map(|n| format!("{w} {n}"));
        if let Some(m) = two.as_deref().and_then(month_number) {
            month = Some(m);
            break;
        }
        if let Some(m) = month_number(w) {
            month = Some(m);
            break;
        }
    }
    let month = month?;
    let year = *nums.iter().find(|&&n| (1900..=2100).contains(&n))?;
    let day = *nums.iter().find(|&&n| (1..=31).contains(&n))?;
    ymd(year, i64::from(month), day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chrome_source_table() {
        let bp = Boilerplate::bundled();
        let rows: &[(&str, Option<&str>)] = &[
            ("Site icon Chamalpress | شمال بريس", Some("شمال بريس")),
            ("Site icon Hespress", Some("Hespress")),
            ("جميع الحقوق محفوظة لجريدة الصباح © 2024", Some("الصباح")),
            ("جميع الحقوق محفوظة لموقع هسبريس", Some("هسبريس")),
            (
                "© 2024 المصري اليوم. جميع الحقوق محفوظة",
                Some("المصري اليوم"),
            ),
            ("فقرة عادية من المقال.", None),
        ];
        for (line, expected) in rows {
            let got = source_from_chrome(&bp, &[line]);
            assert_eq!(got.as_ref().map(|s| s.name.as_str()), *expected, "{line}");
            if let Some(s) = got {
                assert_eq!(s.evidence, *line);
            }
        }
    }

    #[test]
    fn attribution_table() {
        let bp = Boilerplate::bundled();
        let rows: &[(&str, Option<(&str, &str)>)] = &[
            (
                "وأضاف معتضد، في تصريح لهسبريس، أن التعاون مهم.",
                Some(("هسبريس", "في تصريح لهسبريس")),
            ),
            (
                "ولفت لـ”العرب”، أن هناك إجماعا.",
                Some(("العرب", "ولفت لـ”العرب”")),
            ),
            (
                "وقال مصدر أمني لـ«الشرق الأوسط» إن العملية نجحت.",
                Some(("الشرق الأوسط", "وقال مصدر أمني لـ«الشرق الأوسط»")),
            ),
            (
                "وأوضح، في حديث خاص لجريدة الصباح، أن الملف مغلق.",
                Some(("الصباح", "في حديث خاص لجريدة الصباح")),
            ),
            (
                "وأكد في تصريح لـ«اليوم 24» أن الأمر محسوم.",
                Some(("اليوم 24", "في تصريح لـ«اليوم 24»")),
            ),
            // pronouns and definite nouns after ل are not outlets
            ("وأضاف الخبير، ضمن تصريح له، أن المغرب شريك.", None),
            ("وقال في تصريح للصحافة إن الاجتماع مثمر.", None),
            // a quoted name after ل without a speech cue is not an attribution
            ("أعلن مبايعته لـ\"داعش\" قبل اعتقاله.", None),
            // citing another outlet is not an attribution
            ("ونقلت وكالة رويترز عن مصدر أن الاتفاق وشيك.", None),
        ];
        for (para, expected) in rows {
            let got = source_from_attribution(&bp, &[para]);
            assert_eq!(
                got.as_ref().map(|s| (s.name.as_str(), s.evidence.as_str())),
                *expected,
                "{para}"
            );
        }
    }

    #[test]
    fn most_frequent_attribution_wins() {
        let bp = Boilerplate::bundled();
        let paras = [
            "وقال في تصريح لـ«الصباح» إن الأمر عادي.",
            "وأضاف في تصريح لهسبريس أن التعاون قائم.",
            "وزاد في تصريح لهسبريس أن الثقة متبادلة.",
        ];
        assert_eq!(source_from_attribution(&bp, &paras).unwrap().name, "هسبريس");
    }

    #[test]
    fn date_table() {
        let rows: &[(&str, Option<&str>)] = &[
            ("2024-03-12", Some("2024-03-12")),
            ("2024-03-12T09:15:00+01:00", Some("2024-03-12")),
            ("12/03/2024", Some("2024-03-12")),
            ("2024/03/12 - 10:30", Some("2024-03-12")),
            ("12 مارس 2024", Some("2024-03-12")),
            ("١٢ مارس ٢٠٢٤", Some("2024-03-12")),
            ("الثلاثاء 12 مارس (آذار) 2024 - 10:30", Some("2024-03-12")),
            ("7 شتنبر 2023", Some("2023-09-07")),
            ("3 تشرين الأول 2022", Some("2022-10-03")),
            ("March 12, 2024", Some("2024-03-12")),
            ("31 فبراير 2024", None),
            ("مارس", None),
            ("وزارة الداخلية بيانا", None),
        ];
        for (text, expected) in rows {
            assert_eq!(
                parse_date(text).map(|d| d.to_string()).as_deref(),
                *expected,
                "{text}"
            );
        }
    }

    #[test]
    fn published_line_table() {
        let bp = Boilerplate::bundled();
        let rows: &[(&str, Option<&str>)] = &[
            ("نشر في: 12 مارس 2024", Some("2024-03-12")),
            ("تاريخ النشر: 2024/03/12 - 10:30", Some("2024-03-12")),
            ("نُشر بتاريخ ١٢ مارس ٢٠٢٤", Some("2024-03-12")),
            ("Published on March 12, 2024", Some("2024-03-12")),
            ("نشرت وزارة الداخلية بيانا أكدت فيه تفكيك خلية.", None),
            ("وأحبطت الأجهزة في 18 ديسمبر 2021 هجوما.", None),
        ];
        for (line, expected) in rows {
            assert_eq!(
                published_line(&bp, line).map(|d| d.to_string()).as_deref(),
                *expected,
                "{line}"
            );
        }
    }

    #[test]
    fn byline_table() {
        let bp = Boilerplate::bundled();
        let rows: &[(&str, Option<&str>)] = &[
            ("بقلم: سعيد الإدريسي", Some("سعيد الإدريسي")),
            ("كتب - محمد علي", Some("محمد علي")),
            ("By Sara Ali", Some("Sara Ali")),
            ("كتب المحلل في مقاله أن الوضع مستقر.", None),
        ];
        for (line, expected) in rows {
            assert_eq!(byline(&bp, line).as_deref(), *expected, "{line}");
        }
    }
}
