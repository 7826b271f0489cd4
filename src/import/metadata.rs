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
                // The extension of a bare word, without its comma.
                let end = match caps.name("wx").filter(|_| bare) {
                    Some(x) => group.end() + x.as_str().trim_end_matches([',', '،', ' ']).len(),
                    None => group.end(),
                };
                let (s, e) = n.original_range(group.start(), end);
                let whole = caps.get(0).unwrap();
                let (ws, we) = n.original_range(whole.start(), whole.end());
                let name = para[s..e].trim().to_string();
                let key = fold(&name);
                match found.iter_mut().find(|f| fold(&f.0) == key) {
                    Some(f) => f.2 += 1,
                    None => found.push((
                        name,
                        para[ws..we].trim().trim_end_matches(['،', ',']).to_string(),
                        1,
                    )),
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

/// A date a line states about the article: when it was published, or last updated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub date: NaiveDate,
    /// Stated as the last update's ("آخر تحديث: …"): the publication date only when no line
    /// states that.
    pub updated: bool,
}

/// A stamp and the author named beside it on its line.
pub type StampLine = (Stamp, Option<String>);

/// The publication date stated by a line such as "نشر في: 12 مارس 2024" or "آخر تحديث: 18
/// نوفمبر 2027", alone or among the items of a metadata line separated by `|`, with the
/// author when one of them is a byline ("نشر في: 09/06/2027 - 14:05 | بقلم: محمد ولد سيدي").
/// Every item must be a stamp, a byline or a timestamp; a publication stamp wins over an
/// update's.
pub fn published_line(bp: &Boilerplate, line: &str) -> Option<StampLine> {
    stamp_items(bp, line).or_else(|| labelled_stamp(bp, line).map(|s| (s, None)))
}

/// [`published_line`] of a line of several items.
fn stamp_items(bp: &Boilerplate, line: &str) -> Option<StampLine> {
    let items: Vec<&str> = line
        .split(['|', '｜'])
        .map(str::trim)
        .filter(|i| !i.is_empty())
        .collect();
    if items.len() < 2 {
        return None;
    }
    let mut stamp: Option<Stamp> = None;
    let mut author = None;
    for item in items {
        if let Some(s) = labelled_stamp(bp, item) {
            if stamp.is_none_or(|t| t.updated && !s.updated) {
                stamp = Some(s);
            }
        } else if let Some(a) = byline(bp, item).filter(|_| author.is_none()) {
            author = Some(a);
        } else if timestamp_alone(item).is_none() {
            return None;
        }
    }
    stamp.map(|s| (s, author))
}

/// [`published_line`] of one labelled stamp.
fn labelled_stamp(bp: &Boilerplate, line: &str) -> Option<Stamp> {
    let folded = fold(line.trim());
    bp.published.iter().find_map(|re| {
        let caps = re.captures(&folded)?;
        let date = gregorian_part(caps.name("date")?.as_str().trim());
        // The rest of the line is the date (and perhaps a time), not a sentence.
        if date.split_whitespace().count() > 7 || date.ends_with('.') {
            return None;
        }
        parse_date(&date).map(|date| Stamp {
            date,
            updated: caps.name("updated").is_some(),
        })
    })
}

/// The Gregorian date of a folded "published" stamp, without a clock time glued before it
/// and the Hijri date after its era mark: "21:40-19 ديسمبر 2025 م - 28 جمادي الاخره 1447 هـ"
/// → "19 ديسمبر 2025", nor a bracketed aside after it: "18/10/2025 ( اخر تحديث: … )".
fn gregorian_part(date: &str) -> String {
    static CLOCK: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\d{1,2}:\d{2}(?::\d{2})?\s*[-–]?\s*").unwrap());
    let date = date.split(['(', '[']).next().unwrap_or_default().trim();
    let date = CLOCK.replace(date, "");
    let words: Vec<&str> = date.split_whitespace().collect();
    match words.iter().position(|w| *w == "م") {
        Some(era) => words[..era].join(" "),
        None => date.into_owned(),
    }
}

/// The author named by a byline ("بقلم: سعيد الإدريسي").
pub fn byline(bp: &Boilerplate, line: &str) -> Option<String> {
    bp.byline.iter().find_map(|re| {
        original_group(line.trim(), re, &["name"])
            .map(|(name, _)| name)
            .filter(|n| !n.is_empty())
    })
}

/// The most words of an author's name on a line of its own.
const MAX_BYLINE_WORDS: usize = 4;

/// The author's name of a line that holds only a name, perhaps after a place and a dash or
/// before a place in brackets ("سيف الدين العبيدي", "بغداد ــ سيف الدين العبيدي",
/// "عبدالله الزهراني (الظهران)"): two to four words of letters. The caller says where such a
/// line may stand (under the headline, over the date).
pub fn bare_byline(line: &str) -> Option<String> {
    let t = line.trim();
    let t = match t.find('(') {
        Some(i) if t.ends_with(')') => t[..i].trim(),
        _ => t,
    };
    let name = [" ــ ", " ـ ", " - ", " – ", "- "]
        .iter()
        .find_map(|sep| t.split_once(sep).map(|(_, name)| name.trim()))
        .unwrap_or(t);
    let words: Vec<&str> = name.split_whitespace().collect();
    let letters = |w: &&str| w.chars().all(|c| c.is_alphabetic() || c == '\u{0640}');
    // A phrase with a particle is a deck or a label ("انفجار في بيروت"), not a name.
    let particle = |w: &&str| {
        [
            "في", "من", "على", "إلى", "الى", "عن", "مع", "بعد", "قبل", "و",
        ]
        .contains(w)
    };
    ((2..=MAX_BYLINE_WORDS).contains(&words.len())
        && words.iter().all(letters)
        && !words.iter().any(particle))
    .then(|| words.join(" "))
}

/// Weekday names in English timestamps ("Thursday, March 12, 2024"); the Arabic ones are
/// the timeline's.
const LATIN_WEEKDAYS: &[&str] = &[
    "saturday",
    "sunday",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
];

/// Words of a clock time beside a date: "09:41 م", "00:12 صباحا", "10:15 ص GST".
const TIME_WORDS: &[&str] = &[
    "ص",
    "م",
    "صباحا",
    "صباح",
    "مساء",
    "مساءا",
    "ظهرا",
    "ليلا",
    "am",
    "pm",
    "gmt",
    "utc",
    "gst",
    "cet",
    "بتوقيت",
    "توقيت",
    "غرينتش",
    "مكه",
    "الساعه",
    "على",
    "علي",
    "في",
    "يوم",
    "الموافق",
];

/// A line that is only a timestamp ("الخميس 03 أغسطس 2023 - 09:41 م", "20 يوليو 2023",
/// "الثلاثاء، ٥ ديسمبر ٢٠٢٣ - ١١:٣٠"): weekday, day, month, year, clock time and separators,
/// nothing else. Returns its day.
pub fn timestamp(line: &str) -> Option<NaiveDate> {
    timestamp_alone(line).or_else(|| timestamp_in_status_bar(line))
}

/// A timestamp beside the other items of a site's status bar, separated by `|`: the weather,
/// the last update, the issue ("السبت 20 فبراير 2027 | القاهرة 22°", "الاثنين 8 آذار 2027 |
/// آخر تحديث: 09:15"). Every other item is a temperature, a clock time or an issue number, or
/// the place before it.
fn timestamp_in_status_bar(line: &str) -> Option<NaiveDate> {
    let items: Vec<&str> = line.split(['|', '｜']).map(str::trim).collect();
    if items.len() < 2 {
        return None;
    }
    let stamps: Vec<(usize, NaiveDate)> = items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| timestamp_alone(item).map(|d| (i, d)))
        .collect();
    let [(at, day)] = stamps[..] else {
        return None;
    };
    // A temperature, a clock time or an issue number, in a few words.
    static STATUS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"°|\d{1,2}:\d{2}|^(?:ال)?عدد\s*\d").unwrap());
    let status = |item: &str| item.split_whitespace().count() <= 4 && STATUS.is_match(&fold(item));
    // The place of publication before it ("طرابلس | السبت، 11 سبتمبر 2027"): a word or two.
    let place = |item: &str| {
        let words: Vec<&str> = item.split_whitespace().collect();
        (1..=2).contains(&words.len())
            && words
                .iter()
                .all(|w| w.chars().all(crate::arabic::normalize::is_arabic_letter))
    };
    items
        .iter()
        .enumerate()
        .all(|(i, item)| i == at || status(item) || i == 0 && at == 1 && place(item))
        .then_some(day)
}

/// [`timestamp`] of a line that has nothing else.
fn timestamp_alone(line: &str) -> Option<NaiveDate> {
    static ISSUE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(?:ال)?عدد\s*\d+\s*[|\-–]\s*").unwrap());
    static ERA: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(\d)[مه](\s|$)").unwrap());
    let folded = fold(line.trim());
    // An era mark glued to a year ("2024م").
    let folded = ERA.replace_all(&folded, "$1$2").into_owned();
    // The issue number before it ("العدد 12987 | الإثنين 25 نوفمبر 2024").
    let folded = ISSUE.replace(&folded, "").into_owned();
    // The Hijri date beside the Gregorian one ("٢٢ نوفمبر ٢٠٢٦ - ١٢ جمادى الآخرة ١٤٤٨",
    // "25 نوفمبر 2024 الموافق 23 جمادى الأولى 1446", or the Hijri first): the Gregorian part
    // is the timestamp.
    let folded = [" - ", " الموافق "]
        .iter()
        .find_map(|sep| {
            let (a, b) = folded.split_once(sep)?;
            if names_hijri_month(b) {
                Some(a.trim().to_string())
            } else if names_hijri_month(a) {
                Some(b.trim().to_string())
            } else {
                None
            }
        })
        .unwrap_or(folded);
    let words: Vec<&str> = folded
        .split(|c: char| c.is_whitespace() || ",،-–—|:/().".contains(c))
        .filter(|w| !w.is_empty())
        .collect();
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        let pair = words.get(i + 1).map(|n| format!("{w} {n}"));
        if pair.as_deref().is_some_and(|p| month_number(p).is_some()) {
            i += 2;
            continue;
        }
        let known = w.chars().all(|c| c.is_ascii_digit())
            || month_number(w).is_some()
            || crate::timeline::extract::WEEKDAYS.contains(&w)
            || LATIN_WEEKDAYS.contains(&w)
            || TIME_WORDS.contains(&w);
        if !known {
            return None;
        }
        i += 1;
    }
    parse_date(&folded)
}

/// Whether folded `text` is a date of the Hijri calendar: a month name and a number.
fn names_hijri_month(text: &str) -> bool {
    use crate::timeline::months::{match_at, Calendar};
    let words: Vec<&str> = text.split_whitespace().collect();
    text.chars().any(|c| c.is_ascii_digit())
        && (0..words.len()).any(|i| {
            match_at(|k| words.get(i + k).copied())
                .is_some_and(|(m, _)| m.calendar == Calendar::Hijri)
        })
}

/// The name of an outlet as compared: folded, without a web suffix (".نت", ".com").
fn outlet_key(name: &str) -> String {
    let folded = fold(name.trim());
    let cut = folded
        .find('.')
        .filter(|&i| {
            folded[i + 1..]
                .chars()
                .next()
                .is_some_and(char::is_alphabetic)
        })
        .unwrap_or(folded.len());
    folded[..cut].trim().to_string()
}

/// Whether two names are one outlet: equal, or one the other with more words or a web suffix
/// ("العربية" and "العربية.نت", "الأخبار إنفو" and "الأخبار").
pub fn same_outlet(a: &str, b: &str) -> bool {
    let (a, b) = (outlet_key(a), outlet_key(b));
    !a.is_empty()
        && !b.is_empty()
        && (a == b || a.starts_with(&format!("{b} ")) || b.starts_with(&format!("{a} ")))
}

fn has_arabic(text: &str) -> bool {
    text.chars().any(crate::arabic::normalize::is_arabic_letter)
}

/// The outlet of a capture whose masthead names it: of the forms the capture gives for the
/// same outlet (masthead, credit line, in-text attribution) the fullest ("العربية.نت" over
/// "العربية"); a masthead in Latin letters gives way to the Arabic name the text uses.
pub fn resolve_outlet(masthead: SourceEvidence, forms: &[SourceEvidence]) -> SourceEvidence {
    let latin = !has_arabic(&masthead.name);
    let same: Vec<&SourceEvidence> = forms
        .iter()
        .filter(|f| same_outlet(&f.name, &masthead.name))
        .collect();
    if latin && same.is_empty() {
        if let Some(arabic) = forms.iter().find(|f| has_arabic(&f.name)) {
            return arabic.clone();
        }
    }
    let mut best = masthead;
    for f in same {
        if f.name.chars().count() > best.name.chars().count() {
            best = f.clone();
        }
    }
    best
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
        // ('/' too: a month and its other name, تشرين الثاني/نوفمبر)
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '،' | '(' | ')' | '-' | '|' | '/'))
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
            // a name of a word and short letters or numbers, up to a comma
            (
                "وأوضح، في تصريح لموزاييك أف أم، أن نسبة الامتلاء ضعيفة.",
                Some(("موزاييك أف أم", "في تصريح لموزاييك أف أم")),
            ),
            (
                "وقال في تصريح لهسبريس أمس، إن الأمر محسوم.",
                Some(("هسبريس", "في تصريح لهسبريس")),
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
            // a clock time glued before it, the Hijri date after its era mark
            (
                "نُشر: 21:40-19 ديسمبر 2025 م ـ 28 جمادى الآخرة 1447 هـ",
                Some("2025-12-19"),
            ),
            // the update stamp in brackets after it
            (
                "نشر بتاريخ: 18/10/2025 ( آخر تحديث: 18/10/2025 الساعة: 16:40 )",
                Some("2025-10-18"),
            ),
            ("نشرت وزارة الداخلية بيانا أكدت فيه تفكيك خلية.", None),
            ("وأحبطت الأجهزة في 18 ديسمبر 2021 هجوما.", None),
        ];
        for (line, expected) in rows {
            assert_eq!(
                published_line(&bp, line)
                    .map(|(s, _)| s.date.to_string())
                    .as_deref(),
                *expected,
                "{line}"
            );
        }
        // The last update's stamp, and a stamp among other items of a metadata line.
        let rows: &[(&str, &str, bool, Option<&str>)] = &[
            (
                "آخر تحديث: 18 نوفمبر/تشرين الثاني 2027 - 10:40 ص",
                "2027-11-18",
                true,
                None,
            ),
            (
                "نشر في: 09/06/2027 - 14:05 | بقلم: محمد المختار ولد سيدي",
                "2027-06-09",
                false,
                Some("محمد المختار ولد سيدي"),
            ),
            (
                "آخر تحديث: 10/06/2027 | نُشر في: 09/06/2027",
                "2027-06-09",
                false,
                None,
            ),
        ];
        for &(line, date, updated, author) in rows {
            let (stamp, by) = published_line(&bp, line).unwrap_or_else(|| panic!("{line}"));
            assert_eq!(stamp.date.to_string(), date, "{line}");
            assert_eq!(stamp.updated, updated, "{line}");
            assert_eq!(by.as_deref(), author, "{line}");
        }
        // An item that is none of these: no metadata line.
        assert_eq!(
            published_line(
                &bp,
                "نشرت الوزارة في 09/06/2027 | تقريرا عن أخبار وطنية وأخرى دولية كثيرة"
            ),
            None
        );
    }

    #[test]
    fn bare_byline_table() {
        let rows: &[(&str, Option<&str>)] = &[
            ("سيف الدين العبيدي", Some("سيف الدين العبيدي")),
            ("بغداد ــ سيف الدين العبيدي", Some("سيف الدين العبيدي")),
            ("حمص – عروة المنذر", Some("عروة المنذر")),
            ("عبدالله الزهراني (الظهران)", Some("عبدالله الزهراني")),
            // one word, a sentence, digits: no name line
            ("الرباط", None),
            ("قالت الوزارة إن الاجتماع انتهى.", None),
            ("تقرير 2026", None),
            ("انفجار في بيروت", None),
            ("علي بن صالح", Some("علي بن صالح")),
        ];
        for (line, expected) in rows {
            assert_eq!(bare_byline(line).as_deref(), *expected, "{line}");
        }
    }

    #[test]
    fn timestamp_table() {
        let rows: &[(&str, Option<&str>)] = &[
            ("الخميس 03 أغسطس 2023 - 09:41 م", Some("2023-08-03")),
            ("20 يوليو 2023", Some("2023-07-20")),
            ("الثلاثاء، ٥ ديسمبر ٢٠٢٣ - ١١:٣٠", Some("2023-12-05")),
            ("27 مارس 2024 00:12 صباحا", Some("2024-03-27")),
            ("الإثنين 10 يونيو 2024 - 18:05", Some("2024-06-10")),
            ("Thursday, March 12, 2024", Some("2024-03-12")),
            // a word that is not part of a date makes the line something else
            ("مؤتمر 20 يوليو 2023", None),
            ("المدن - سياسة | الخميس 2023/06/15", None),
            ("وقع الاتفاق في 20 يوليو 2023.", None),
            ("09:41 م", None),
            // the Hijri date after the Gregorian one
            ("٢٢ نوفمبر ٢٠٢٦ - ١٢ جمادى الآخرة ١٤٤٨", Some("2026-11-22")),
            ("22 نوفمبر 2026 - سياسة", None),
            // beside the status items of a top bar: weather, last update
            ("السبت 20 فبراير 2027 | القاهرة 22°", Some("2027-02-20")),
            ("الاثنين 8 آذار 2027 | آخر تحديث: 09:15", Some("2027-03-08")),
            ("الاثنين 8 آذار 2027 | محليات", None),
            (
                "الجمعة ١١ يونيو ٢٠٢٧ | ابوظبي 41° | دبي 39°",
                Some("2027-06-11"),
            ),
            (
                "الخميس 11 تشرين الثاني/نوفمبر 2027 - 06:30 بتوقيت غرينتش",
                Some("2027-11-11"),
            ),
            ("الاثنين 8 آذار 2027 | ارتفاع أسعار الوقود 5%", None),
            ("طرابلس | السبت، 11 سبتمبر 2027", Some("2027-09-11")),
            ("الدار البيضاء | السبت، 11 سبتمبر 2027", Some("2027-09-11")),
            // an issue number, and the Hijri date after الموافق or before it
            (
                "العدد 12987 | الإثنين 25 نوفمبر 2024 الموافق 23 جمادى الأولى 1446",
                Some("2024-11-25"),
            ),
            (
                "22 جمادى الأولى 1446هـ الموافق 24 نوفمبر 2024م",
                Some("2024-11-24"),
            ),
        ];
        for (line, expected) in rows {
            assert_eq!(
                timestamp(line).map(|d| d.to_string()).as_deref(),
                *expected,
                "{line}"
            );
        }
    }

    #[test]
    fn outlet_names_table() {
        let rows: &[(&str, &str, bool)] = &[
            ("العربية", "العربية.نت", true),
            ("الأخبار إنفو", "الأخبار", true),
            ("اليوم 24", "اليوم 24", true),
            ("Hespress", "hespress.com", true),
            ("الخليج", "الخليج العربي", true),
            ("المدن", "المدينة", false),
            ("العرب", "العربية", false),
            ("", "العربية", false),
        ];
        for (a, b, same) in rows {
            assert_eq!(same_outlet(a, b), *same, "{a} / {b}");
            assert_eq!(same_outlet(b, a), *same, "{b} / {a}");
        }
    }

    #[test]
    fn masthead_takes_the_fullest_form_of_its_outlet() {
        let ev = |name: &str, evidence: &str| SourceEvidence {
            name: name.into(),
            evidence: evidence.into(),
        };
        // a credit line's longer form wins; a shorter one does not
        let got = resolve_outlet(
            ev("العربية", "العربية"),
            &[ev("العربية.نت", "دبي - العربية.نت")],
        );
        assert_eq!(got, ev("العربية.نت", "دبي - العربية.نت"));
        let got = resolve_outlet(
            ev("الأخبار إنفو", "الأخبار إنفو"),
            &[ev("الأخبار", "نواكشوط – الأخبار")],
        );
        assert_eq!(got.name, "الأخبار إنفو");
        // another outlet named in the text does not replace an Arabic masthead
        let got = resolve_outlet(
            ev("الخليج", "الخليج"),
            &[ev("الشرق الأوسط", "لـ«الشرق الأوسط»")],
        );
        assert_eq!(got.name, "الخليج");
        // a Latin masthead gives way to the Arabic name the text uses
        let got = resolve_outlet(
            ev("Mosaique FM", "Mosaique FM"),
            &[ev("موزاييك أف أم", "في تصريح لموزاييك أف أم")],
        );
        assert_eq!(got.name, "موزاييك أف أم");
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
