//! Date expressions in Arabic text: tokens of the folded text are matched against a small
//! grammar (day list, month, paired month, year, era marker; cue word and year; ranges; decades;
//! a month or day with a relative word, مارس الماضي), and each match becomes a [`Found`] date
//! with its byte range in the original. A relative word alone (أمس, الشهر الماضي, العام
//! المقبل) names no calendar date and is none: the gold rules' "explicit calendar dates".

use rustc_hash::FxHashSet as HashSet;
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};

use super::hijri;
use super::months::{self, Calendar};
use crate::arabic::tokens::{proclitic_at, WordFilter};
use crate::arabic::{normalize, Normalized};
use crate::model::Precision;

/// A date as precise as the text states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum When {
    Day(NaiveDate),
    Month(i32, u32),
    Year(i32),
    /// The first year of the decade.
    Decade(i32),
    /// From one year to another.
    Years(i32, i32),
    /// From one day to another.
    Days(NaiveDate, NaiveDate),
    /// A day of the year that recurs (month, day).
    Recurring(u32, u32),
}

impl When {
    /// ISO 8601 cut to the precision: `2021-12-18`, `2021-02`, `2014`, `--09-07`. A range or a
    /// decade is given by its start (`2015` for 2015–2020, `1990` for the 1990s); the EDTF form
    /// says the rest.
    pub fn iso(&self) -> String {
        match *self {
            When::Day(d) | When::Days(d, _) => d.format("%Y-%m-%d").to_string(),
            When::Month(y, m) => format!("{y:04}-{m:02}"),
            When::Year(y) | When::Years(y, _) | When::Decade(y) => format!("{y:04}"),
            When::Recurring(m, d) => format!("--{m:02}-{d:02}"),
        }
    }

    /// The Extended Date/Time Format (Library of Congress) form.
    pub fn edtf(&self) -> String {
        match *self {
            When::Decade(y) => format!("{:03}X", y / 10),
            When::Years(a, b) => format!("{a:04}/{b:04}"),
            When::Days(a, b) => format!("{}/{}", a.format("%Y-%m-%d"), b.format("%Y-%m-%d")),
            When::Recurring(m, d) => format!("XXXX-{m:02}-{d:02}"),
            _ => self.iso(),
        }
    }

    pub fn precision(&self) -> Precision {
        match self {
            When::Day(_) => Precision::Day,
            When::Month(..) => Precision::Month,
            When::Year(_) => Precision::Year,
            When::Decade(_) => Precision::Decade,
            When::Years(..) | When::Days(..) => Precision::Range,
            When::Recurring(..) => Precision::Recurring,
        }
    }

    /// (year, month, day) for ordering, 0 where unknown; `None` for a recurring day.
    pub fn sort_key(&self) -> Option<(i32, u32, u32)> {
        match *self {
            When::Day(d) | When::Days(d, _) => Some((d.year(), d.month(), d.day())),
            When::Month(y, m) => Some((y, m, 0)),
            When::Year(y) | When::Years(y, _) | When::Decade(y) => Some((y, 0, 0)),
            When::Recurring(..) => None,
        }
    }
}

/// One date found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Byte range of the expression in the original text.
    pub start: usize,
    pub end: usize,
    pub when: When,
    /// Resolved from context or from a relative expression rather than stated in full.
    pub approximate: bool,
}

/// What earlier text of the same article tells about undated expressions.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// The article's publication date, when known.
    pub published: Option<NaiveDate>,
    /// Year of the last full date (month and year) stated earlier in the article.
    pub year: Option<i32>,
    /// Hijri year of the last full Hijri date stated earlier.
    pub hijri_year: Option<i32>,
}

impl Context {
    pub fn new(published: Option<NaiveDate>) -> Self {
        Context {
            published,
            ..Context::default()
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Word,
    Num,
    Punct,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Tok {
    kind: Kind,
    start: usize,
    end: usize,
    /// Whitespace stands between this token and the previous one.
    spaced: bool,
    /// Characters in the token.
    chars: u32,
}

fn tokenize(text: &str) -> Vec<Tok> {
    // About one token per six bytes of Arabic prose.
    let mut toks: Vec<Tok> = Vec::with_capacity(text.len() / 6 + 1);
    let b = text.as_bytes();
    let block = crate::arabic::normalize::ArabicBlock::get();
    let mut spaced = true;
    let mut i = 0;
    while i < b.len() {
        // The kind of the character at `i` (None: whitespace) and its length, read from the
        // bytes for ASCII and the Arabic block (almost every character of the normalized text).
        let lead = b[i];
        let (kind, len) = if lead < 0x80 {
            let kind = match lead {
                b'\t'..=b'\r' | b' ' => None,
                b'0'..=b'9' => Some(Kind::Num),
                _ if lead.is_ascii_alphabetic() => Some(Kind::Word),
                _ => Some(Kind::Punct),
            };
            (kind, 1)
        } else if (0xD8..=0xDB).contains(&lead) {
            // U+0600–U+06FF: no whitespace there, and no ASCII digit.
            let word = block.is_alphabetic(lead, b[i + 1]);
            (Some(if word { Kind::Word } else { Kind::Punct }), 2)
        } else {
            let c = text[i..].chars().next().expect("a character starts here");
            let kind = if c.is_whitespace() {
                None
            } else if crate::arabic::normalize::is_alphabetic(c) {
                Some(Kind::Word)
            } else {
                Some(Kind::Punct)
            };
            (kind, c.len_utf8())
        };
        let Some(kind) = kind else {
            spaced = true;
            i += len;
            continue;
        };
        match toks.last_mut() {
            Some(t) if !spaced && t.kind == kind && kind != Kind::Punct => {
                t.end = i + len;
                t.chars += 1;
            }
            _ => toks.push(Tok {
                kind,
                start: i,
                end: i + len,
                spaced,
                chars: 1,
            }),
        }
        spaced = false;
        i += len;
    }
    toks
}

const YEAR_NOUNS: &[&str] = &["عام", "العام", "سنه", "السنه", "عامي", "سنتي", "العامين"];
const WEAK_CUES: &[&str] = &[
    "منذ",
    "خلال",
    "في",
    "حتي",
    "قبل",
    "بعد",
    "مطلع",
    "بدايه",
    "نهايه",
    "اواخر",
    "اوائل",
    "منتصف",
    "اواسط",
    "مستهل",
    "صيف",
    "شتاء",
    "خريف",
    "ربيع",
    "بحلول",
    "ابتداء",
    "اعتبارا",
    "بدءا",
];
/// Nouns that make a preceding number a count.
const COUNTED: &[&str] = &[
    "عام",
    "عاما",
    "سنه",
    "سنوات",
    "اعوام",
    "يوم",
    "يوما",
    "ايام",
    "شهر",
    "شهرا",
    "اشهر",
    "شخص",
    "شخصا",
    "فرد",
    "مليون",
    "مليار",
    "الف",
    "دولار",
    "درهم",
    "دينار",
    "جنيه",
    "ريال",
    "يورو",
    "كيلومتر",
    "كلم",
    "متر",
    "طن",
    "حاله",
    "منزل",
    "طفل",
    "مواطن",
    "عنصر",
    "خليه",
];
const PAST: &[&str] = &[
    "الماضي",
    "الماضيه",
    "المنصرم",
    "المنصرمه",
    "الفائت",
    "الفائته",
    "المنقضي",
    "السابق",
];
const NEXT: &[&str] = &["المقبل", "المقبله", "القادم", "القادمه"];
const CURRENT: &[&str] = &["الجاري", "الجاريه", "الحالي", "الحاليه"];
const GREGORIAN_MARKS: &[&str] = &["م", "ميلادي", "ميلاديه", "للميلاد"];
const HIJRI_MARKS: &[&str] = &["ه", "هجري", "هجريه", "للهجره"];
/// Words for the first day of a month: Maghrebi فاتح, and غرة.
const FIRST_OF_MONTH: &[&str] = &["فاتح", "الفاتح", "غره"];
/// Weekday names (folded), and the words for "day" that stand where one does.
pub(crate) const WEEKDAYS: &[&str] = &[
    "الاحد",
    "الاثنين",
    "الثلاثاء",
    "الاربعاء",
    "الخميس",
    "الجمعه",
    "السبت",
    "اليوم",
    "يوم",
];

/// The value of an ordinal day word (folded): the ordinals first to tenth, and `الحادي`
/// (only before a tens word).
fn unit(w: &str) -> Option<u32> {
    if w == "الحادي" {
        Some(1)
    } else {
        crate::arabic::ordinals::masculine(w)
    }
}

/// Every word (without proclitics) a date expression can begin with, other than a number
/// and a decade word: the cue, relative and ordinal words and the first word of each month
/// name. Kept beside the matchers below: each one's first token must be covered here.
fn starters() -> &'static Starters {
    static SET: OnceLock<Starters> = OnceLock::new();
    SET.get_or_init(|| {
        let lists: &[&[&str]] = &[
            YEAR_NOUNS,
            WEAK_CUES,
            FIRST_OF_MONTH,
            // year_range openers; month_year's "شهر"; tens ordinals.
            &["بين", "من", "منذ", "شهر", "اول", "العام", "السنه"],
            &["العشرون", "العشرين", "الثلاثون", "الثلاثين"],
        ];
        let mut set: HashSet<&'static str> = lists.iter().flat_map(|l| l.iter().copied()).collect();
        set.extend(crate::arabic::ordinals::MASCULINE);
        set.insert("الحادي");
        set.extend(months::names().iter().map(|n| n.words[0].as_str()));
        Starters {
            filter: WordFilter::new(set.iter().copied()),
            set,
        }
    })
}

/// [`starters`]: the set, and its filter that rules most words out before a lookup.
struct Starters {
    set: HashSet<&'static str>,
    filter: WordFilter,
}

impl Starters {
    fn contains(&self, w: &str) -> bool {
        self.filter.may_contain(w) && self.set.contains(w)
    }
}

/// Whether a date expression may begin at token `i`: a number, a decade word or a
/// starter word, possibly after the proclitics `word_in` and `month` take off. A cheap gate
/// that lets [`extract`] skip the matchers on most tokens; it admits a superset of the
/// tokens they accept, so the result is the same as trying every token.
fn may_start(s: &Scan, i: usize) -> bool {
    let t = s.toks[i];
    match t.kind {
        Kind::Num => true,
        Kind::Punct => false,
        Kind::Word => {
            let w = &s.text[t.start..t.end];
            // Of the words in `…ات`, only decade words begin a date (at [`decade`]).
            if w.ends_with("ات") && decade_tens(w).is_some() {
                return true;
            }
            let set = starters();
            if s.word_is(i, |x| set.contains(x) && !CUE_ONLY.contains(&x)) {
                return true;
            }
            // A cue alone begins only a year ([`cue_year`]) or a range of years
            // ([`year_range`]): both reach their first number within four tokens.
            s.word_is(i, |x| set.contains(x) && CUE_ONLY.contains(&x))
                && s.toks[i + 1..s.toks.len().min(i + 5)]
                    .iter()
                    .any(|t| t.kind == Kind::Num)
        }
    }
}

/// The most common starter words (a fifth of a news text's tokens can be في or من), which
/// begin no date but through [`cue_year`] and [`year_range`]. No month name, ordinal,
/// relative or year word is among them (a test checks).
const CUE_ONLY: &[&str] = &["في", "من", "بين", "خلال", "قبل", "بعد", "منذ", "حتي"];

struct Scan<'a> {
    text: &'a str,
    toks: Vec<Tok>,
}

impl<'a> Scan<'a> {
    fn s(&self, i: usize) -> Option<&'a str> {
        self.toks.get(i).map(|t| &self.text[t.start..t.end])
    }

    fn word(&self, i: usize) -> Option<&'a str> {
        self.toks
            .get(i)
            .filter(|t| t.kind == Kind::Word)
            .map(|t| &self.text[t.start..t.end])
    }

    /// The word at `i` is one of `set`, possibly after a proclitic (و ف, then ب ل).
    fn word_in(&self, i: usize, set: &[&str]) -> bool {
        self.word_is(i, |x| set.contains(&x))
    }

    /// The word at `i` passes `is`, possibly after a proclitic (as [`Scan::word_in`]).
    fn word_is(&self, i: usize, is: impl Fn(&str) -> bool) -> bool {
        let Some(t) = self.toks.get(i).filter(|t| t.kind == Kind::Word) else {
            return false;
        };
        let w = &self.text[t.start..t.end];
        if is(w) {
            return true;
        }
        // A proclitic comes off a word of three letters or more (`n`, known from the token).
        // (Every letter asked for is a proclitic letter: two bytes, read as such.)
        let strip = |w: &'a str, n: u32, cs: &[char]| -> Option<&'a str> {
            let c = proclitic_at(w.as_bytes())?;
            (n > 2 && cs.contains(&c)).then(|| &w[2..])
        };
        if let Some(x) = strip(w, t.chars, &['و', 'ف']) {
            if is(x) || strip(x, t.chars - 1, &['ب', 'ل']).is_some_and(&is) {
                return true;
            }
        }
        strip(w, t.chars, &['ب', 'ل']).is_some_and(is)
    }

    fn punct(&self, i: usize, set: &[&str]) -> bool {
        self.toks.get(i).is_some_and(|t| t.kind == Kind::Punct) && set.contains(&self.s(i).unwrap())
    }

    fn glued(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| !t.spaced)
    }

    /// A number standing alone: not part of `03.03`, `2.5`, `12:30`, `50%`, nor `الـ34`.
    fn plain_num(&self, i: usize) -> Option<u32> {
        let t = self.toks.get(i)?;
        if t.kind != Kind::Num || t.end - t.start > 4 {
            return None;
        }
        let joiners = [".", ",", "٫", "٬", ":", "/", "-", "–"];
        let before = i >= 2
            && self.glued(i)
            && self.punct(i - 1, &joiners)
            && self.glued(i - 1)
            && self.toks[i - 2].kind == Kind::Num;
        let after = self.glued(i + 1)
            && self.punct(i + 1, &joiners)
            && self.glued(i + 2)
            && self.toks.get(i + 2).is_some_and(|t| t.kind == Kind::Num);
        let percent = self.glued(i + 1) && self.punct(i + 1, &["%", "٪"]);
        let article =
            i >= 1 && self.glued(i) && self.word(i - 1).is_some_and(|w| w.ends_with("ال"));
        if before || after || percent || article {
            return None;
        }
        self.s(i)?.parse().ok()
    }

    fn day_num(&self, i: usize) -> Option<u32> {
        let t = self.toks.get(i)?;
        (t.end - t.start <= 2)
            .then(|| self.plain_num(i))
            .flatten()
            .filter(|d| (1..=31).contains(d))
    }

    fn year_num(&self, i: usize, lo: i32, hi: i32) -> Option<i32> {
        let t = self.toks.get(i)?;
        (t.end - t.start == 4)
            .then(|| self.plain_num(i))
            .flatten()
            .map(|y| y as i32)
            .filter(|y| (lo..=hi).contains(y))
    }

    /// A four-digit number in `lo..=hi`, even when joined to another (`2015-2020`).
    fn year_raw(&self, i: usize, lo: i32, hi: i32) -> Option<i32> {
        let t = self.toks.get(i)?;
        (t.kind == Kind::Num && t.end - t.start == 4)
            .then(|| self.s(i)?.parse::<i32>().ok())
            .flatten()
            .filter(|y| (lo..=hi).contains(y))
    }

    /// The era marker after a year at `i`: `Some(Hijri)` for هـ, `Some(Gregorian)` for م.
    fn era(&self, i: usize) -> Option<(Calendar, usize)> {
        if self.word_in(i, HIJRI_MARKS) {
            Some((Calendar::Hijri, i + 1))
        } else if self.word_in(i, GREGORIAN_MARKS) {
            Some((Calendar::Gregorian, i + 1))
        } else {
            None
        }
    }

    /// A day written as an ordinal word (`السابع`, `الحادي والعشرين`, `فاتح`, `غرة`): (day, next).
    fn ordinal(&self, i: usize) -> Option<(u32, usize)> {
        if self.word_in(i, FIRST_OF_MONTH) {
            return Some((1, i + 1));
        }
        let w = self.word(i)?;
        match w {
            "العشرون" | "العشرين" => return Some((20, i + 1)),
            "الثلاثون" | "الثلاثين" => return Some((30, i + 1)),
            _ => {}
        }
        let u = unit(w)?;
        let next = self.word(i + 1);
        match next {
            Some("عشر") if u < 10 => Some((10 + u, i + 2)),
            Some("والعشرون" | "والعشرين") if u < 10 => Some((20 + u, i + 2)),
            Some("والثلاثون" | "والثلاثين") if u == 1 => Some((31, i + 2)),
            _ if w != "الحادي" => Some((u, i + 1)),
            _ => None,
        }
    }

    /// A month name at `i`, with a paired form after it (`سبتمبر (أيلول)`, `شباط/فبراير`).
    fn month(&self, i: usize) -> Option<(&'static months::MonthName, usize)> {
        let (m, len) = months::match_at(|k| self.word(i + k)).or_else(|| {
            // One proclitic (و ب ل) on the first word of a month that is not a common word.
            let w = self.word(i)?;
            let c = w.chars().next()?;
            if !matches!(c, 'و' | 'ب' | 'ل') {
                return None;
            }
            let rest = &w[c.len_utf8()..];
            months::match_at(|k| if k == 0 { Some(rest) } else { self.word(i + k) })
                .filter(|(m, _)| !m.ambiguous && rest.chars().count() > 2)
        })?;
        let mut j = i + len;
        // Paired form: "(" month ")" or "/" month.
        if self.punct(j, &["("]) {
            if let Some((p, plen)) = months::match_at(|k| self.word(j + 1 + k)) {
                if p.month == m.month && self.punct(j + 1 + plen, &[")"]) {
                    j = j + 2 + plen;
                }
            }
        } else if self.punct(j, &["/", "-"]) {
            if let Some((p, plen)) = months::match_at(|k| self.word(j + 1 + k)) {
                if p.month == m.month {
                    j = j + 1 + plen;
                }
            }
        }
        Some((m, j))
    }

    /// The original-text range of tokens `[a, b)`.
    fn span(&self, a: usize, b: usize) -> (usize, usize) {
        (self.toks[a].start, self.toks[b - 1].end)
    }
}

/// A date expression matched in token terms, before mapping back to the original text.
struct Hit {
    first: usize,
    last: usize,
    dates: Vec<(When, bool)>,
}

/// Finds every date in `text`, in order, resolving undated expressions against `ctx` and
/// updating it with the full dates found (so call it on an article's blocks in order).
pub fn extract(text: &str, ctx: &mut Context) -> Vec<Found> {
    extract_normalized(text, &normalize(text), ctx)
}

/// [`extract`] over `text` already normalized (`norm`, from [`normalize`]).
pub fn extract_normalized(text: &str, norm: &Normalized, ctx: &mut Context) -> Vec<Found> {
    extract_gated(text, norm, ctx, true)
}

/// [`extract_normalized`]; `gated = false` tries the matchers at every token instead of the
/// tokens [`may_start`] admits (the test of the gate compares the two).
fn extract_gated(text: &str, norm: &Normalized, ctx: &mut Context, gated: bool) -> Vec<Found> {
    let scan = Scan {
        text: &norm.text,
        toks: tokenize(&norm.text),
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < scan.toks.len() {
        if gated && !may_start(&scan, i) {
            i += 1;
            continue;
        }
        let hit = numeric_date(&scan, i)
            .or_else(|| year_range(&scan, i))
            .or_else(|| day_month(&scan, i, ctx))
            .or_else(|| month_year(&scan, i, ctx))
            .or_else(|| cue_year(&scan, i))
            .or_else(|| decade(&scan, i));
        let Some(hit) = hit else {
            i += 1;
            continue;
        };
        let (s, e) = scan.span(hit.first, hit.last);
        let (start, end) = norm.original_range(s, e);
        let end = start + text[start..end].trim_end().len();
        for (when, approximate) in hit.dates {
            if !approximate {
                match when {
                    When::Day(d) => ctx.year = Some(d.year()),
                    When::Month(y, _) => ctx.year = Some(y),
                    _ => {}
                }
            }
            out.push(Found {
                start,
                end,
                when,
                approximate,
            });
        }
        i = hit.last.max(i + 1);
    }
    out
}

/// `18/12/2021`, `18-12-2021`, `2021-12-18`.
fn numeric_date(s: &Scan, i: usize) -> Option<Hit> {
    let nums: Vec<&str> = (0..3).map(|k| s.s(i + 2 * k)).collect::<Option<_>>()?;
    let sep = s.s(i + 1)?;
    if !matches!(sep, "/" | "-" | ".")
        || s.s(i + 3) != Some(sep)
        || (0..5).any(|k| s.toks[i + k].kind != if k % 2 == 0 { Kind::Num } else { Kind::Punct })
        || (1..5).any(|k| !s.glued(i + k))
        || s.glued(i + 5) && s.toks.get(i + 5).is_some_and(|t| t.kind != Kind::Punct)
        || s.punct(i + 5, &[sep]) && s.glued(i + 5)
    {
        return None;
    }
    let (y, m, d) = if nums[0].len() == 4 && nums[1].len() <= 2 && nums[2].len() <= 2 {
        (nums[0], nums[1], nums[2])
    } else if nums[2].len() == 4 && nums[0].len() <= 2 && nums[1].len() <= 2 {
        (nums[2], nums[1], nums[0])
    } else {
        return None;
    };
    let y: i32 = y.parse().ok()?;
    if !(1900..=2100).contains(&y) {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(y, m.parse().ok()?, d.parse().ok()?)?;
    Some(Hit {
        first: i,
        last: i + 5,
        dates: vec![(When::Day(date), false)],
    })
}

/// `بين 2015 و2020`, `من عام 2014 إلى 2016`, `2015-2020`.
fn year_range(s: &Scan, i: usize) -> Option<Hit> {
    let mut j = i;
    let opener = if s.word_in(j, &["بين"]) {
        Some("بين")
    } else if s.word_in(j, &["من", "منذ"]) {
        Some("من")
    } else {
        None
    };
    if opener.is_some() {
        j += 1;
        if s.word_in(j, YEAR_NOUNS) || s.word_in(j, &["الفتره", "سنوات", "اعوام"]) {
            j += 1;
        }
    }
    let a = s.year_raw(j, 1000, 2199)?;
    let first_year = j;
    j += 1;
    let joined = match opener {
        Some("بين") if s.word(j) == Some("و") => {
            j += 1;
            true
        }
        Some(_) if s.word_in(j, &["الي", "حتي"]) => {
            j += 1;
            true
        }
        _ if s.punct(j, &["-", "–", "/"]) && s.glued(j) && s.glued(j + 1) => {
            j += 1;
            true
        }
        _ => false,
    };
    if !joined {
        return None;
    }
    if s.word_in(j, YEAR_NOUNS) && s.word(j) != Some("و") {
        j += 1;
    }
    // Only the joined form may touch other digits ("2015-2020"); both ends stand alone.
    let joined_by_dash = s.punct(first_year + 1, &["-", "–", "/"]);
    let b = if joined_by_dash {
        let b = s.year_raw(j, 1900, 2100)?;
        let glued_more =
            |k: usize| s.glued(k) && s.toks.get(k).is_some_and(|t| t.kind != Kind::Word);
        if glued_more(j + 1)
            || first_year > 0
                && !s.toks[first_year].spaced
                && s.toks[first_year - 1].kind != Kind::Word
        {
            return None;
        }
        b
    } else {
        s.year_num(first_year, 1000, 2199)?;
        s.year_num(j, 1000, 2199)?
    };
    if b <= a || b - a > 100 {
        return None;
    }
    Some(Hit {
        first: i,
        last: j + 1,
        dates: vec![(When::Years(a, b), false)],
    })
}

/// Days before a month: `18 ديسمبر 2021`, `السابع من شتنبر`, `يومي 12 و13 ماي 2023`.
fn day_month(s: &Scan, i: usize, ctx: &Context) -> Option<Hit> {
    let mut days = Vec::new();
    let mut j;
    let mut range_to = None;
    if let Some(d) = s.day_num(i) {
        days.push(d);
        j = i + 1;
        loop {
            // "و13", "و 13", "، 13"
            let mut k = j;
            if s.punct(k, &["،", ","]) {
                k += 1;
            }
            if s.word(k) == Some("و") {
                k += 1;
            }
            if k > j {
                if let Some(d) = s.day_num(k) {
                    days.push(d);
                    j = k + 1;
                    continue;
                }
            }
            break;
        }
        if days.len() == 1 && (s.punct(j, &["-", "–"]) || s.word_in(j, &["الي", "حتي"])) {
            if let Some(d) = s.day_num(j + 1) {
                range_to = Some(d);
                j += 2;
            }
        }
    } else {
        // An ordinal modifying a noun is not a day: "الأسبوع الثاني من مارس".
        let first_of_month = s.word_in(i, FIRST_OF_MONTH);
        let prev = i.checked_sub(1).and_then(|p| s.word(p));
        if !first_of_month && prev.is_some_and(|p| p.starts_with("ال") && !WEEKDAYS.contains(&p))
        {
            return None;
        }
        let (d, next) = s.ordinal(i)?;
        days.push(d);
        j = next;
        if !s.word_in(j, &["من"]) && !first_of_month {
            return None;
        }
    }
    if s.word_in(j, &["من"]) {
        j += 1;
    }
    if s.word_in(j, &["شهر"]) {
        j += 1;
    }
    let (m, mut j) = s.month(j)?;
    let month = m.month;
    // Year: optional "من عام", then the year and an era marker.
    let mut k = j;
    if s.word_in(k, &["من"]) {
        k += 1;
    }
    if s.word_in(k, YEAR_NOUNS) {
        k += 1;
    }
    let resolved: Option<(i32, Calendar, bool)>;
    if let Some(y) = s.year_num(k, 1, 2199) {
        let mut cal = m.calendar;
        let mut end = k + 1;
        if let Some((c, e)) = s.era(end) {
            cal = if m.calendar == Calendar::Hijri {
                m.calendar
            } else {
                c
            };
            end = e;
        }
        if cal == Calendar::Hijri && y > 1600 {
            cal = Calendar::Gregorian;
        }
        if cal == Calendar::Gregorian && y < 1000 {
            return None;
        }
        resolved = Some((y, cal, false));
        j = end;
    } else if let Some((y, end)) = relative_year(s, j, ctx) {
        resolved = Some((y, Calendar::Gregorian, true));
        j = end;
    } else if s.word_in(j, &["من"]) && s.word_in(j + 1, &["كل"]) && s.word_in(j + 2, YEAR_NOUNS)
        || s.word_in(j, &["كل"]) && s.word_in(j + 1, YEAR_NOUNS)
        || s.word_in(j, &["سنويا"])
    {
        let end = if s.word_in(j, &["سنويا"]) {
            j + 1
        } else if s.word_in(j, &["كل"]) {
            j + 2
        } else {
            j + 3
        };
        if m.calendar != Calendar::Gregorian {
            return None;
        }
        let dates = days
            .iter()
            .filter(|&&d| NaiveDate::from_ymd_opt(2000, month, d).is_some())
            .map(|&d| (When::Recurring(month, d), false))
            .collect::<Vec<_>>();
        return (!dates.is_empty()).then_some(Hit {
            first: i,
            last: end,
            dates,
        });
    } else if let Some((y, end)) = relative_month_year(s, j, month, days.first().copied(), ctx) {
        if m.calendar != Calendar::Gregorian {
            return None;
        }
        resolved = Some((y, Calendar::Gregorian, true));
        j = end;
    } else if names_something(s, i) {
        // A day and month without a year after a street, a city or an event names that
        // (محور 26 يوليو, مدينة السادس من أكتوبر, ثورة 25 يناير): no date of this year.
        return None;
    } else if m.calendar == Calendar::Hijri {
        resolved = ctx.hijri_year.map(|y| (y, Calendar::Hijri, true));
    } else {
        // The year of the last full date, else of the publication; a weekday named before
        // the day picks the one of the two it falls on (الاثنين 22 فبراير after a 2019 in an
        // article of February 2027 is 2027's).
        let years = [ctx.year, ctx.published.map(|p| p.year())];
        let on_weekday = weekday_before(s, i).and_then(|wd| {
            years.into_iter().flatten().find(|&y| {
                NaiveDate::from_ymd_opt(y, month, days[0])
                    .is_some_and(|d| d.weekday().num_days_from_sunday() == wd)
            })
        });
        resolved = on_weekday
            .or(ctx.year)
            .or(ctx.published.map(|p| p.year()))
            .map(|y| (y, Calendar::Gregorian, true));
    }
    let (year, cal, approximate) = resolved?;
    let to_date = |d: u32| -> Option<NaiveDate> {
        if cal == Calendar::Hijri {
            hijri::to_gregorian(year, month, d)
        } else if m.calendar == Calendar::Hijri {
            None
        } else {
            NaiveDate::from_ymd_opt(year, month, d)
        }
    };
    let dates: Vec<(When, bool)> = if let Some(to) = range_to {
        let a = to_date(days[0])?;
        let b = to_date(to)?;
        if b <= a {
            return None;
        }
        vec![(When::Days(a, b), approximate)]
    } else {
        days.iter()
            .filter_map(|&d| to_date(d))
            .map(|d| (When::Day(d), approximate))
            .collect()
    };
    if dates.is_empty() {
        return None;
    }
    Some(Hit {
        first: i,
        last: j,
        dates,
    })
}

/// The weekday named just before token `i` (مساء الاثنين 22 فبراير, يوم الأحد 5 مارس): one of
/// the first seven [`WEEKDAYS`], as days from Sunday.
fn weekday_before(s: &Scan, i: usize) -> Option<u32> {
    let w = s.word(i.checked_sub(1)?)?;
    let w = w
        .strip_prefix(['و', 'ف'])
        .filter(|r| r.starts_with("ال"))
        .unwrap_or(w);
    WEEKDAYS[..7].iter().position(|d| *d == w).map(|n| n as u32)
}

/// Nouns that a day and month name after them (normalized): streets, squares, bridges, towns,
/// revolutions and movements.
const NAMED_BY_DATE: &[&str] = &[
    "شارع",
    "محور",
    "جسر",
    "كوبري",
    "ميدان",
    "مدينه",
    "ساحه",
    "نفق",
    "طريق",
    "حي",
    "ثوره",
    "حركه",
    "انتفاضه",
    "ملعب",
    "استاد",
];

/// Whether the word before `i` (a proclitic allowed) is one of [`NAMED_BY_DATE`].
fn names_something(s: &Scan, i: usize) -> bool {
    let Some(prev) = i.checked_sub(1).and_then(|p| s.word(p)) else {
        return false;
    };
    let bare = prev.strip_prefix(['و', 'ف', 'ب', 'ل']).unwrap_or(prev);
    NAMED_BY_DATE.contains(&prev) || NAMED_BY_DATE.contains(&bare)
}

/// `من العام الماضي`, `من السنة الجارية`, `من العام نفسه` after a day and month.
fn relative_year(s: &Scan, j: usize, ctx: &Context) -> Option<(i32, usize)> {
    let mut k = j;
    if s.word_in(k, &["من"]) {
        k += 1;
    }
    if s.word_in(k, &["هذا", "هذه"]) && s.word_in(k + 1, &["العام", "السنه"]) {
        return Some((ctx.published?.year(), k + 2));
    }
    if !s.word_in(k, &["العام", "السنه"]) {
        return None;
    }
    if s.word_in(k + 1, &["نفسه", "نفسها", "ذاته", "ذاتها"]) {
        return Some((ctx.year?, k + 2));
    }
    let p = ctx.published?.year();
    let y = if s.word_in(k + 1, PAST) {
        p - 1
    } else if s.word_in(k + 1, NEXT) {
        p + 1
    } else if s.word_in(k + 1, CURRENT) {
        p
    } else {
        return None;
    };
    Some((y, k + 2))
}

/// `ديسمبر الماضي`: the last such month before the publication date; `المقبل`: the next one;
/// `الجاري`: the month of the publication date, in its year (a year named earlier in the
/// text is not this one's: يومي 14 و15 كانون الأول الجاري after a date of 2023). With a
/// `day`, the day counts: `24 نونبر المقبل` published on 10 November is this year's.
fn relative_month_year(
    s: &Scan,
    j: usize,
    month: u32,
    day: Option<u32>,
    ctx: &Context,
) -> Option<(i32, usize)> {
    let p = ctx.published?;
    if s.word_in(j, CURRENT) {
        return Some((p.year(), j + 1));
    }
    // (month, day) against the publication's; a month alone is its whole month.
    let this = (p.month(), day.map(|_| p.day()));
    let date = (month, day);
    if s.word_in(j, PAST) {
        let y = if date < this { p.year() } else { p.year() - 1 };
        Some((y, j + 1))
    } else if s.word_in(j, NEXT) {
        let y = if date > this { p.year() } else { p.year() + 1 };
        Some((y, j + 1))
    } else {
        None
    }
}

/// A month with a year (`فبراير (شباط) 2021`, `شهر مارس من عام 2019`, `رمضان 1445 هـ`), or a
/// month with a relative word when the publication date is known.
fn month_year(s: &Scan, i: usize, ctx: &Context) -> Option<Hit> {
    let first = i;
    let i = if s.word_in(i, &["شهر"]) { i + 1 } else { i };
    let (m, j) = s.month(i)?;
    let mut k = j;
    if s.word_in(k, &["من"]) {
        k += 1;
    }
    if s.word_in(k, YEAR_NOUNS) {
        k += 1;
    }
    if let Some(y) = s.year_num(k, 1, 2199) {
        let mut end = k + 1;
        let mut cal = m.calendar;
        if let Some((_, e)) = s.era(end) {
            end = e;
        }
        if cal == Calendar::Hijri && y > 1600 {
            // "رمضان 2024": the Hijri month that falls in that Gregorian year.
            let d = hijri_month_in_year(y, m.month)?;
            return Some(Hit {
                first,
                last: end,
                dates: vec![(When::Month(d.year(), d.month()), true)],
            });
        }
        if cal == Calendar::Gregorian && y < 1000 {
            return None;
        }
        if cal == Calendar::Hijri {
            let d = hijri::to_gregorian(y, m.month, 15)?;
            return Some(Hit {
                first,
                last: end,
                dates: vec![(When::Month(d.year(), d.month()), true)],
            });
        }
        cal = Calendar::Gregorian;
        let _ = cal;
        return Some(Hit {
            first,
            last: end,
            dates: vec![(When::Month(y, m.month), false)],
        });
    }
    if m.ambiguous || m.calendar == Calendar::Hijri {
        return None;
    }
    let (y, end) =
        relative_year(s, j, ctx).or_else(|| relative_month_year(s, j, m.month, None, ctx))?;
    Some(Hit {
        first,
        last: end,
        dates: vec![(When::Month(y, m.month), true)],
    })
}

/// The middle of Hijri month `month` in the Hijri year whose month falls in Gregorian `year`.
fn hijri_month_in_year(year: i32, month: u32) -> Option<NaiveDate> {
    let approx = (year - 622) * 33 / 32;
    (approx - 2..=approx + 2)
        .filter_map(|h| hijri::to_gregorian(h, month, 15))
        .find(|d| d.year() == year)
}

/// A year after a cue word: `منذ عام 2002`, `في 2019`, `عام2014`, `عامي 2015 و2016`,
/// `عام 1445 هـ`.
fn cue_year(s: &Scan, i: usize) -> Option<Hit> {
    let mut j = i;
    let mut strong = false;
    let mut cued = false;
    while j < i + 3 {
        if s.word_in(j, YEAR_NOUNS) {
            strong = true;
        } else if s.word_in(j, &["من"]) && j > i && s.word_in(j - 1, &["ابتداء", "اعتبارا", "بدءا"])
        {
            // "ابتداءً من 2024"
        } else if !s.word_in(j, WEAK_CUES) {
            break;
        }
        cued = true;
        j += 1;
    }
    if !cued {
        return None;
    }
    let paren = s.punct(j, &["("]);
    if paren {
        j += 1;
    }
    let mut years = Vec::new();
    let lo = if strong { 1000 } else { 1900 };
    let hijri_year = |k: usize| -> Option<(i32, usize)> {
        let y = s.year_num(k, 1, 1600)?;
        match s.era(k + 1) {
            Some((Calendar::Hijri, e)) => {
                // The Gregorian year holding the middle of the Hijri year (1 Rajab).
                let d = hijri::to_gregorian(y, 7, 1)?;
                Some((d.year(), e))
            }
            _ => None,
        }
    };
    let mut approximate = false;
    let mut end;
    if let Some((y, e)) = hijri_year(j) {
        years.push(y);
        approximate = true;
        end = e;
    } else {
        let hi = if strong { 2199 } else { 2099 };
        let y = s.year_num(j, lo, hi)?;
        // "قبل 2000 عام", "في 2000 منزل": a count, not a year.
        if !strong && s.word_in(j + 1, COUNTED) {
            return None;
        }
        years.push(y);
        end = j + 1;
        if let Some((Calendar::Gregorian, e)) = s.era(end) {
            end = e;
        }
        // "عامي 2015 و2016"
        while s.word(end) == Some("و") {
            match s.year_num(end + 1, lo, hi) {
                Some(y) => {
                    years.push(y);
                    end += 2;
                }
                None => break,
            }
        }
    }
    if paren && s.punct(end, &[")"]) {
        end += 1;
    }
    Some(Hit {
        first: i,
        last: end,
        dates: years
            .into_iter()
            .map(|y| (When::Year(y), approximate))
            .collect(),
    })
}

/// The tens of a decade word (`الثمانينات`, `وتسعينيات` → 80, 90).
fn decade_tens(w: &str) -> Option<i32> {
    let w = ["وال", "بال", "فال", "ال", "و", "ب"]
        .iter()
        .find_map(|p| w.strip_prefix(p).filter(|r| r.chars().count() > 5))
        .unwrap_or(w);
    let base = w.strip_suffix("يات").or_else(|| w.strip_suffix("ات"))?;
    const TENS: &[(&str, i32)] = &[
        ("عشرين", 20),
        ("ثلاثين", 30),
        ("اربعين", 40),
        ("خمسين", 50),
        ("ستين", 60),
        ("سبعين", 70),
        ("ثمانين", 80),
        ("تسعين", 90),
    ];
    TENS.iter().find(|(b, _)| *b == base).map(|&(_, tens)| tens)
}

/// `في التسعينيات`, `ثمانينيات القرن الماضي`: 1950s–1990s unless the century is named.
fn decade(s: &Scan, i: usize) -> Option<Hit> {
    let tens = decade_tens(s.word(i)?)?;
    let mut j = i + 1;
    if s.word_in(j, &["من"]) {
        j += 1;
    }
    let mut century = None;
    if s.word_in(j, &["القرن"]) {
        if s.word_in(j + 1, &["الماضي", "المنصرم", "العشرين"]) {
            century = Some((1900, j + 2));
        } else if s.word_in(j + 1, &["الحالي", "الجاري"]) {
            century = Some((2000, j + 2));
        } else if s.word_in(j + 1, &["الحادي"]) && s.word_in(j + 2, &["والعشرين"]) {
            century = Some((2000, j + 3));
        } else if s.word_in(j + 1, &["التاسع"]) && s.word_in(j + 2, &["عشر"]) {
            century = Some((1800, j + 3));
        }
    }
    let (c, end) = century.or_else(|| (tens >= 50).then_some((1900, i + 1)))?;
    Some(Hit {
        first: i,
        last: end,
        dates: vec![(When::Decade(c + tens), false)],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Dates found in `text` as ISO strings, `~` appended when approximate.
    fn dates(text: &str, published: Option<&str>) -> Vec<String> {
        let mut ctx = Context::new(published.map(|p| p.parse().unwrap()));
        extract(text, &mut ctx)
            .into_iter()
            .map(|f| format!("{}{}", f.when.iso(), if f.approximate { "~" } else { "" }))
            .collect()
    }

    const PUB: Option<&str> = Some("2022-03-15");

    #[test]
    fn date_table() {
        // (sentence, publication date, expected dates)
        let rows: &[(&str, Option<&str>, &[&str])] = &[
            // Mashriq / Egypt
            (
                "وكانت أجهزة الأمن المغربية أحبطت، 18 ديسمبر 2021، هجوماً مخططاً له.",
                None,
                &["2021-12-18"],
            ),
            (
                "رفع البنك المركزي المصري أسعار الفائدة في 21 مارس 2022 بواقع 100 نقطة أساس.",
                None,
                &["2022-03-21"],
            ),
            (
                "وقّع الطرفان الاتفاق في 3 يناير 2019 بالقاهرة.",
                None,
                &["2019-01-03"],
            ),
            (
                "أعلنت الوزارة في 30 يونيو 2013 حالة الطوارئ.",
                None,
                &["2013-06-30"],
            ),
            (
                "انطلقت المفاوضات في أغسطس 2020 برعاية أممية.",
                None,
                &["2020-08"],
            ),
            (
                "صدر القرار في شهر نوفمبر من عام 2018 بعد جدل طويل.",
                None,
                &["2018-11"],
            ),
            (
                "تعود الاتفاقية إلى يوليو 1994 حين وقعها البلدان.",
                None,
                &["1994-07"],
            ),
            (
                "وصلت البعثة يوم الخميس 12 مايو 2022 إلى الخرطوم.",
                None,
                &["2022-05-12"],
            ),
            (
                "وفي 14 أبريل 2023 انفجرت الأوضاع في العاصمة.",
                None,
                &["2023-04-14"],
            ),
            (
                "أعلنت الحكومة في 9 يونيه 2021 خطة جديدة.",
                None,
                &["2021-06-09"],
            ),
            // Maghreb (Morocco)
            (
                "انعقد المؤتمر في 20 يوليوز 2019 بالرباط.",
                None,
                &["2019-07-20"],
            ),
            (
                "ألقى الملك خطابه يوم 20 غشت 2022 بمناسبة ذكرى ثورة الملك والشعب.",
                None,
                &["2022-08-20"],
            ),
            (
                "اعتقلت المصالح الأمنية المشتبه فيه في 5 شتنبر 2023 بطنجة.",
                None,
                &["2023-09-05"],
            ),
            (
                "ستنظم الانتخابات في نونبر 2026 حسب وزارة الداخلية.",
                None,
                &["2026-11"],
            ),
            (
                "تم تفكيك الخلية في 28 دجنبر 2020 بمدينة فاس.",
                None,
                &["2020-12-28"],
            ),
            (
                "خرج العمال في مسيرات فاتح ماي 2023 للمطالبة بتحسين الأجور.",
                None,
                &["2023-05-01"],
            ),
            ("تحتفل النقابات بفاتح ماي من كل سنة.", None, &["--05-01"]),
            (
                "يبدأ العمل بالتوقيت الإداري الجديد غرة جانفي 2024 في كل الإدارات.",
                None,
                &["2024-01-01"],
            ),
            (
                "تُصرف المنحة قبل غرة رمضان 1446 هـ حسب الوزارة.",
                None,
                &["2025-03-01"],
            ),
            (
                "اجتمع المجلس يومي 12 و13 ماي 2023 بالرباط.",
                None,
                &["2023-05-12", "2023-05-13"],
            ),
            (
                "أحبطت المصالح الأمنية، ١٤ غشت ٢٠٢٣، مخططا إرهابيا.",
                None,
                &["2023-08-14"],
            ),
            // Algeria / Tunisia
            (
                "انطلق الحراك الشعبي في 22 فيفري 2019 في الجزائر.",
                None,
                &["2019-02-22"],
            ),
            (
                "أُجريت الانتخابات الرئاسية في 12 ديسمبر 2019.",
                None,
                &["2019-12-12"],
            ),
            (
                "قرر الرئيس التونسي تجميد البرلمان في 25 جويلية 2021.",
                None,
                &["2021-07-25"],
            ),
            (
                "بلغت نسبة امتلاء السدود أدنى مستوياتها في أوت 2023.",
                None,
                &["2023-08"],
            ),
            ("أعلنت الشركة عن نتائجها في جوان 2019.", None, &["2019-06"]),
            (
                "عُقدت الدورة في أفريل 2022 بتونس العاصمة.",
                None,
                &["2022-04"],
            ),
            (
                "سُجّل انقطاع الماء منذ جانفي 2023 في عدة ولايات.",
                None,
                &["2023-01"],
            ),
            (
                "تحيي الجزائر ذكرى اندلاع الثورة في الفاتح من نوفمبر من كل عام.",
                None,
                &["--11-01"],
            ),
            // Levant / Iraq
            (
                "أشاد المكتب بالتعاون في فبراير (شباط) 2021.",
                None,
                &["2021-02"],
            ),
            (
                "انعقد المنتدى في 29 سبتمبر (أيلول) 2020.",
                None,
                &["2020-09-29"],
            ),
            (
                "اندلعت الاحتجاجات في 17 تشرين الأول 2019 في بيروت.",
                None,
                &["2019-10-17"],
            ),
            (
                "تراجعت الليرة منذ كانون الثاني 2020 بشكل حاد.",
                None,
                &["2020-01"],
            ),
            (
                "وقع انفجار المرفأ في 4 آب 2020 وخلّف دمارا واسعا.",
                None,
                &["2020-08-04"],
            ),
            ("أقر البرلمان القانون في آب/أغسطس 2021.", None, &["2021-08"]),
            (
                "بدأت الأزمة في تشرين الثاني/نوفمبر 2019.",
                None,
                &["2019-11"],
            ),
            (
                "أُعلنت النتائج في 10 حزيران 2018 في بغداد.",
                None,
                &["2018-06-10"],
            ),
            (
                "جرت الانتخابات النيابية في 15 أيار 2022.",
                None,
                &["2022-05-15"],
            ),
            (
                "عُقدت الجلسة في 20 نيسان 2023 دون نصاب.",
                None,
                &["2023-04-20"],
            ),
            (
                "أُغلقت المصارف في 3 آذار 2020 لأسبوعين.",
                None,
                &["2020-03-03"],
            ),
            ("انتهى العقد في 31 كانون الأول 2022.", None, &["2022-12-31"]),
            (
                "صدر المرسوم في تموز 2021 بعد أشهر من الانتظار.",
                None,
                &["2021-07"],
            ),
            // Mauritania
            (
                "نُظمت الانتخابات الرئاسية في 22 يونيو 2019 في نواكشوط.",
                None,
                &["2019-06-22"],
            ),
            ("افتُتح الميناء في 10 إبريل 2021.", None, &["2021-04-10"]),
            (
                "سُجّلت الفيضانات في أغشت 2022 في عدة ولايات.",
                None,
                &["2022-08"],
            ),
            (
                "وصل الوفد في 15 شتمبر 2020 إلى نواكشوط.",
                None,
                &["2020-09-15"],
            ),
            ("اختُتمت الدورة في 28 دجمبر 2021.", None, &["2021-12-28"]),
            // Hijri
            (
                "يبدأ الصيام في 1 رمضان 1445 هـ وفق تقويم أم القرى.",
                None,
                &["2024-03-11"],
            ),
            (
                "صدر الأمر الملكي في 15 رمضان 1445 هـ.",
                None,
                &["2024-03-25"],
            ),
            ("اعتُمد النظام في 1 محرم 1446هـ.", None, &["2024-07-07"]),
            (
                "وُقّعت الاتفاقية في 10 ذي الحجة 1444 هـ بمكة.",
                None,
                &["2023-06-28"],
            ),
            (
                "عُقد الاجتماع في 5 جمادى الآخرة 1445 هـ.",
                None,
                &["2023-12-18"],
            ),
            (
                "صدر النظام عام 1445 هـ بموافقة مجلس الوزراء.",
                None,
                &["2024~"],
            ),
            // digit systems and glued digits
            (
                "أعلنت الوزارة في ١٨ ديسمبر ٢٠٢١ عن حصيلتها.",
                None,
                &["2021-12-18"],
            ),
            ("بدأ العمل بالقانون في ۱۵ مارس ۲۰۲۰.", None, &["2020-03-15"]),
            (
                "فكّكت الأجهزة أكثر من خلية منذ عام2014 في عدة مدن.",
                None,
                &["2014"],
            ),
            (
                "ارتفع الدين العام في 2021، وفق البنك الدولي.",
                None,
                &["2021"],
            ),
            (
                "أصدر الكاتب روايته الأولى عام (2020) عن دار نشر بيروتية.",
                None,
                &["2020"],
            ),
            (
                "يدخل القرار حيز التنفيذ ابتداءً من 2024 في كل المحافظات.",
                None,
                &["2024"],
            ),
            ("تسعى الحكومة إلى خفض العجز بحلول 2030.", None, &["2030"]),
            (
                "صدر في 15 رمضان 1445 هـ الموافق 25 مارس 2024.",
                None,
                &["2024-03-25", "2024-03-25"],
            ),
            (
                "وقعت الحادثة في 5 مارس 2019، ثم تكررت.",
                None,
                &["2019-03-05"],
            ),
            (
                "تُظهر الإحصاءات الصادرة في 18/12/2021 تراجعا في الحالات.",
                None,
                &["2021-12-18"],
            ),
            // ordinals -ون and -ين forms
            (
                "يُحتفل باليوم الدولي في السابع من شتنبر من كل سنة.",
                None,
                &["--09-07"],
            ),
            (
                "وقع الزلزال في الثامن من سبتمبر 2023 بإقليم الحوز.",
                None,
                &["2023-09-08"],
            ),
            (
                "انعقدت القمة في الحادي والعشرين من مارس 2022.",
                None,
                &["2022-03-21"],
            ),
            (
                "صدر البيان في الحادي والعشرون من يناير 2020.",
                None,
                &["2020-01-21"],
            ),
            (
                "تنتهي المهلة في الحادي والثلاثين من ديسمبر 2024.",
                None,
                &["2024-12-31"],
            ),
            (
                "أُعلن القرار في الخامس عشر من أكتوبر 2021.",
                None,
                &["2021-10-15"],
            ),
            (
                "تحتفل البلاد بعيدها في الثلاثين من نوفمبر 2019.",
                None,
                &["2019-11-30"],
            ),
            (
                "صادق المجلس على النص في العشرين من فبراير 2017.",
                None,
                &["2017-02-20"],
            ),
            ("أُقيم الحفل في الأول من يوليو 2018.", None, &["2018-07-01"]),
            // years with cue words
            (
                "نجحت الأجهزة في تفكيك أكثر من 200 خلية إرهابية منذ عام 2002.",
                None,
                &["2002"],
            ),
            (
                "تعزّزت الترسانة القانونية في عام 2003 بقانون مكافحة الإرهاب.",
                None,
                &["2003"],
            ),
            (
                "كان المغرب مشاركاً منذ عام 2014 في مختلف الاجتماعات.",
                None,
                &["2014"],
            ),
            ("تراجع الإنتاج خلال 2020 بسبب الجائحة.", None, &["2020"]),
            ("ارتفعت الصادرات سنة 2019 إلى مستوى قياسي.", None, &["2019"]),
            (
                "حقّقت الشركة أرباحا قياسية عامي 2021 و2022.",
                None,
                &["2021", "2022"],
            ),
            ("تأسست الهيئة عام 1956 بعد الاستقلال.", None, &["1956"]),
            // ranges
            (
                "تضاعف عدد السياح بين 2015 و2020 حسب الإحصاءات.",
                None,
                &["2015"],
            ),
            (
                "تولّى المنصب من 2014 إلى 2016 قبل أن يستقيل.",
                None,
                &["2014"],
            ),
            ("امتدت الخطة من عام 2010 حتى عام 2015.", None, &["2010"]),
            (
                "تُغطي الاستراتيجية الفترة 2021-2025 بكاملها.",
                None,
                &["2021"],
            ),
            (
                "استمر المعرض من 12 إلى 15 مارس 2023 بالدار البيضاء.",
                None,
                &["2023-03-12"],
            ),
            // decades
            (
                "عانت الجزائر من العنف في التسعينيات من القرن الماضي.",
                None,
                &["1990"],
            ),
            ("بدأت الهجرة في سبعينيات القرن العشرين.", None, &["1970"]),
            ("شهد البلد أزمة مشابهة في الثمانينات.", None, &["1980"]),
            ("ازدهرت الصناعة في العشرينيات دون تحديد القرن.", None, &[]),
            // context years and relative forms
            (
                "وقعت الهجمات في 18 ديسمبر 2021. وفي 20 ديسمبر أعلنت الشرطة اعتقال المشتبه فيه.",
                None,
                &["2021-12-18", "2021-12-20~"],
            ),
            (
                "تعقد اللجنة اجتماعها في 20 أبريل المقبل.",
                PUB,
                &["2022-04-20~"],
            ),
            // with a day, the day counts: a day later in the publication's month is this
            // year's, one earlier (الماضي) too; an earlier day of that month المقبل is next
            // year's
            (
                "تنظر اللجنة في النص يوم 24 مارس المقبل.",
                PUB,
                &["2022-03-24~"],
            ),
            ("انعقدت الجلسة يوم 2 مارس الماضي.", PUB, &["2022-03-02~"]),
            ("تبدأ الدورة في 10 مارس المقبل.", PUB, &["2023-03-10~"]),
            ("تعقد القمة في مارس المقبل.", PUB, &["2023-03~"]),
            // a day and month naming a street, a town or an event is no date
            (
                "وتمر الحافلات عبر محور 26 يوليو إلى مدينة السادس من أكتوبر.",
                PUB,
                &[],
            ),
            ("وشارك في ثورة 25 يناير شبان من كل المدن.", PUB, &[]),
            (
                "وتجمع المحتجون يوم 25 يناير في الميدان.",
                PUB,
                &["2022-01-25~"],
            ),
            (
                "اندلعت الأزمة في 7 أكتوبر 2019، وتعقد الورشة في 20 آذار الجاري.",
                PUB,
                &["2019-10-07", "2022-03-20~"],
            ),
            // a weekday before the day picks the year it falls on
            (
                "ظهر آخر مرة في يونيو 2019، ويقام العزاء مساء الاثنين 21 مارس بالمسجد.",
                PUB,
                &["2019-06", "2022-03-21~"],
            ),
            (
                "ظهر آخر مرة في يونيو 2019، ويقام العزاء يوم 21 مارس بالمسجد.",
                PUB,
                &["2019-06", "2019-03-21~"],
            ),
            ("عقد الطرفان لقاءً في 20 أبريل دون تفاصيل إضافية.", None, &[]),
            (
                "عقد الطرفان لقاءً في 20 أبريل دون تفاصيل إضافية.",
                PUB,
                &["2022-04-20~"],
            ),
            (
                "جرت العملية في ديسمبر (كانون الأول) الماضي.",
                PUB,
                &["2021-12~"],
            ),
            ("جرت العملية في ديسمبر (كانون الأول) الماضي.", None, &[]),
            // a relative word with no month or day named is no calendar date
            ("ارتفع التضخم العام الماضي بنسبة كبيرة.", PUB, &[]),
            ("أعلنت الوزارة أمس عن حصيلة جديدة.", PUB, &[]),
            ("وقعت الحادثة أول أمس في المدينة.", PUB, &[]),
            ("تراجعت الأسعار خلال الشهر الماضي.", PUB, &[]),
            (
                "وقّع الاتفاق في 5 يناير من العام الماضي.",
                PUB,
                &["2021-01-05~"],
            ),
            ("تُعقد القمة في مارس من العام المقبل.", PUB, &["2023-03~"]),
            // آب only next to a day or a year
            ("قال إن الأب والأم مسؤولان عن تربية الأبناء.", None, &[]),
            ("ورث عن آب له مزرعة كبيرة.", None, &[]),
            ("في آب الماضي شهدت المدينة موجة حر.", PUB, &[]),
            // negatives: counts, percentages, ordinals of meetings, phones, laws
            (
                "جاء التعاون مع إسبانيا في المرتبة الأولى بنسبة 37 في المئة.",
                None,
                &[],
            ),
            ("تضم الحكومة 30 عضواً و5 مجموعات عمل.", None, &[]),
            (
                "شارك في الدورة الـ34 للمجلس وزراء الداخلية العرب.",
                None,
                &[],
            ),
            (
                "شارك في فعاليات الاجتماع الدولي الثالث عشر لكبار المسؤولين.",
                None,
                &[],
            ),
            ("ترأس المغرب المنتدى في اجتماعه السابع عشر.", None, &[]),
            (
                "تم تعزيز الترسانة القانونية، لا سيما القانون 03.03 المتعلق بمكافحة الإرهاب.",
                None,
                &[],
            ),
            (
                "للاستفسار يُرجى الاتصال بالرقم 0522-123456 أو 2020 1234.",
                None,
                &[],
            ),
            ("بلغ عدد المستفيدين 2021 شخصا في المنطقة.", None, &[]),
            ("يعيش في المدينة قرابة 2000 أسرة.", None, &[]),
            ("ارتفع المؤشر بنسبة 2020% في ظرف وجيز.", None, &[]),
            ("قبل 2000 عام كانت المنطقة مأهولة.", None, &[]),
            ("مارس الرياضة منذ صغره وحقق ألقابا كثيرة.", None, &[]),
            ("وصل عدد الخلايا المفككة إلى أكثر من 200 خلية.", None, &[]),
            (
                "أمضى الأسبوع الثاني من مارس 2023 في جولة أوروبية.",
                None,
                &["2023-03"],
            ),
        ];
        assert!(rows.len() >= 80, "{} rows", rows.len());
        let failures: Vec<String> = rows
            .iter()
            .filter_map(|(text, published, expected)| {
                let got = dates(text, *published);
                (got != *expected).then(|| format!("{text}\n  got {got:?}, expected {expected:?}"))
            })
            .collect();
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn surface_and_offsets_point_into_the_original() {
        let text = "أشاد المكتب بالتعاون في فبراير (شباط) 2021، ثم في ١٤ غشت ٢٠٢٣.";
        let found = extract(text, &mut Context::default());
        let surfaces: Vec<&str> = found.iter().map(|f| &text[f.start..f.end]).collect();
        assert_eq!(surfaces, ["فبراير (شباط) 2021", "١٤ غشت ٢٠٢٣"]);
    }

    #[test]
    fn edtf_and_precision() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let rows: &[(When, &str, &str, Precision)] = &[
            (
                When::Day(d("2021-12-18")),
                "2021-12-18",
                "2021-12-18",
                Precision::Day,
            ),
            (When::Month(2021, 2), "2021-02", "2021-02", Precision::Month),
            (When::Year(2014), "2014", "2014", Precision::Year),
            (
                When::Years(2015, 2020),
                "2015",
                "2015/2020",
                Precision::Range,
            ),
            (When::Decade(1990), "1990", "199X", Precision::Decade),
            (
                When::Recurring(9, 7),
                "--09-07",
                "XXXX-09-07",
                Precision::Recurring,
            ),
            (
                When::Days(d("2023-03-12"), d("2023-03-15")),
                "2023-03-12",
                "2023-03-12/2023-03-15",
                Precision::Range,
            ),
        ];
        for (w, iso, edtf, p) in rows {
            assert_eq!(
                (w.iso().as_str(), w.edtf().as_str(), w.precision()),
                (*iso, *edtf, *p)
            );
        }
    }

    /// The tokenizer as it was before it read bytes: one `char` at a time.
    fn tokenize_by_chars(text: &str) -> Vec<Tok> {
        let mut toks: Vec<Tok> = Vec::new();
        let mut spaced = true;
        for (i, c) in text.char_indices() {
            if c.is_whitespace() {
                spaced = true;
                continue;
            }
            let kind = if c.is_ascii_digit() {
                Kind::Num
            } else if c.is_alphabetic() {
                Kind::Word
            } else {
                Kind::Punct
            };
            match toks.last_mut() {
                Some(t) if !spaced && t.kind == kind && kind != Kind::Punct => {
                    t.end = i + c.len_utf8();
                    t.chars += 1;
                }
                _ => toks.push(Tok {
                    kind,
                    start: i,
                    end: i + c.len_utf8(),
                    spaced,
                    chars: 1,
                }),
            }
            spaced = false;
        }
        toks
    }

    #[test]
    fn tokens_agree_with_a_walk_over_characters() {
        for text in [
            "",
            "في 18 ديسمبر/كانون الأول 2021، قال وزير الداخلية: «التعاون مستمر».",
            "منذ ٢٠٢٤ و2024م — 1445هـ (3.5%)\u{0b}\u{85}\u{a0}\u{2003}\u{3000}عام",
            "الـمـغـرب مُحَمَّد \u{200f}الرباط\u{200e} ۱۲۳ ی ک ﷺ ﻻ Ω é 漢字 🙂 a",
        ] {
            assert_eq!(tokenize(text), tokenize_by_chars(text), "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn tokens_agree_on_any_text(text in "[\\x00-\\x7f\u{85}\u{a0}\u{600}-\u{6ff}\u{750}-\u{77f}\u{fb50}-\u{fdff}\u{2000}-\u{200f}\u{3000} é漢🙂]{0,40}") {
            proptest::prop_assert_eq!(tokenize(&text), tokenize_by_chars(&text));
        }
    }

    proptest::proptest! {
        // The longest cued forms are rare among random sequences: more cases than the default.
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(32768))]
        /// The gate admits every token a matcher accepts: gated and ungated scans of text
        /// made of date words, decade and other `…ات` words, numbers and plain words agree.
        #[test]
        fn the_gate_loses_no_date(
            words in proptest::collection::vec(proptest::prop_oneof![
                // Mostly the words of cued years and ranges, so that their longer forms
                // (three cues, a parenthesis, an era) come up.
                3 => proptest::sample::select(vec![
                    "في", "من", "منذ", "خلال", "حتى", "عام", "العام", "عامي", "(", ")", "2014",
                    "1445", "هـ", "م", "و2016", "إلى", "بين", "ابتداء", "اعتبارا", "2000",
                ]),
                1 => proptest::sample::select(vec![
                "في", "عام", "العام", "سنة", "2014", "1990", "18", "3", "ديسمبر", "يناير",
                "كانون", "الثاني", "أيلول", "شهر", "الشهر", "الماضي", "الجاري", "المقبل",
                "الحالي", "منذ", "بين", "من", "إلى", "و2020", "حتى", "خلال", "مطلع", "نهاية",
                "أمس", "أول", "القرن", "العشرين", "الثمانينات", "والتسعينيات", "بالستينيات",
                "سبعينات", "المعلومات", "التحديات", "الولايات", "السبت", "الخامس", "عشر",
                "والعشرين", "الحادي", "/", "-", "،", "هـ", "رمضان", "1445", "الأمن", "المغرب",
                "Europol", "٢٠٢١", "أكتوبر/تشرين", "الأول", "قبل", "بعد", "وفي", "ومنذ",
                "(", ")", "عامي", "و2016", "فاتح", "ابتداء", "اعتبارا", "م",
            ]),
            ], 0..24),
            glue in proptest::collection::vec(proptest::bool::ANY, 24),
        ) {
            let mut text = String::new();
            for (k, w) in words.iter().enumerate() {
                if k > 0 && !glue[k] {
                    text.push(' ');
                }
                text.push_str(w);
            }
            let norm = normalize(&text);
            let published = NaiveDate::from_ymd_opt(2022, 3, 15);
            let gated = extract_gated(&text, &norm, &mut Context::new(published), true);
            let every = extract_gated(&text, &norm, &mut Context::new(published), false);
            proptest::prop_assert_eq!(gated, every, "{}", text);
        }
    }

    #[test]
    fn cue_only_words_begin_nothing_else() {
        let months: Vec<&str> = months::names()
            .iter()
            .map(|n| n.words[0].as_str())
            .collect();
        let relative = ["اول", "العام", "السنه", "شهر"];
        for w in CUE_ONLY {
            assert!(WEAK_CUES.contains(w) || ["من", "بين"].contains(w), "{w}");
            assert!(
                !FIRST_OF_MONTH.contains(w)
                    && !YEAR_NOUNS.contains(w)
                    && unit(w).is_none()
                    && !months.contains(w)
                    && !relative.contains(w)
                    && decade_tens(w).is_none(),
                "{w}"
            );
        }
    }
}
