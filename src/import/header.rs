//! The top of a text capture, above the lead: the masthead (the outlet's name), menus and
//! breadcrumbs, a lone section label above the headline, and credit lines below it
//! ("دبي - العربية.نت", "المدن - سياسة | الخميس 2023/06/15"). They leave the text; what they
//! state (the outlet, the date, the place) is kept for the front matter.

use std::collections::HashSet;

use chrono::NaiveDate;

use super::clean::{
    any_match, ends_sentence, is_headline_like, is_share_bar, menu_items, Boilerplate, Removal,
    SEPARATORS,
};
use super::metadata::{self, same_outlet, SourceEvidence};
use super::{Hint, Line};
use crate::arabic::normalize::{fold, is_arabic_letter};

/// The most lines the top of a capture spans before its lead.
const MAX_TOP_LINES: usize = 12;
/// The most words of a masthead line.
const MAX_MASTHEAD_WORDS: usize = 5;
/// The most words of a masthead line right above a menu: the outlet's full name and its
/// short one ("وكالة الأنباء والمعلومات الفلسطينية - وفا").
const MAX_MASTHEAD_WORDS_OVER_MENU: usize = 8;
/// The most words of a section label ("اقتصاد", "رياضة / كرة قدم").
const MAX_SECTION_WORDS: usize = 4;
/// The most words of a place in a credit line ("الدار البيضاء").
const MAX_PLACE_WORDS: usize = 3;
/// The most lines over a site menu that are all the masthead's (name, name in Latin letters,
/// tagline, date line).
const MAX_LINES_OVER_MENU: usize = 3;
/// A line with more words than this is the lead, not the top of the page.
const MAX_TOP_LINE_WORDS: usize = 30;

/// What the top of a capture held.
#[derive(Debug, Default)]
pub struct Top {
    /// The lines that stay, in order.
    pub lines: Vec<Line>,
    /// The lines taken out, with the reason.
    pub removed: Vec<(String, Removal)>,
    /// The outlet named by the masthead, with the line as evidence.
    pub masthead: Option<SourceEvidence>,
    /// Outlet names given by credit lines ("العربية.نت" of "دبي - العربية.نت").
    pub credits: Vec<SourceEvidence>,
    /// A date stated by a credit line.
    pub date: Option<NaiveDate>,
    /// A place stated by a credit line ("دبي").
    pub place: Option<String>,
}

fn words(text: &str) -> usize {
    text.split_whitespace().count()
}

/// Words of a line that are words, not separators ("الضفتين | Aldaffatain - أخبار" has three).
fn name_words(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// A line of market or weather figures set apart by separators ("EGX30 ▲ 1.2% | الدولار 49.85
/// جنيه | الذهب عيار 21: 3950 جنيه"): every item has a number, and there are two or more.
fn is_ticker(text: &str) -> bool {
    let items: Vec<&str> = text
        .split(SEPARATORS)
        .map(str::trim)
        .filter(|i| !i.is_empty())
        .collect();
    items.len() >= 2
        && items
            .iter()
            .all(|i| i.chars().any(|c| c.is_numeric()) && i.split_whitespace().count() <= 5)
}

/// A line of the article itself: a sentence, or longer than any headline.
fn is_lead(text: &str) -> bool {
    ends_sentence(text) || words(text) > MAX_TOP_LINE_WORDS
}

/// Chrome that cleaning removes anyway (patterns, share bars): it does not end the top.
fn is_pattern_chrome(bp: &Boilerplate, folded: &str) -> bool {
    any_match(&bp.remove, folded)
        || any_match(&bp.end, folded)
        || any_match(&bp.related, folded)
        || is_share_bar(bp, folded)
}

/// A line stating only the publication date (a timestamp or a "نشر في" line): the metadata
/// step takes it, and it does not end the top.
fn is_date_line(bp: &Boilerplate, text: &str) -> bool {
    metadata::timestamp(text).is_some() || metadata::published_line(bp, text).is_some()
}

/// The items of a short label, split at separators ("رياضة / كرة قدم"); `None` when the line
/// has sentence punctuation or digits, or is too long for a label.
fn label_items(folded: &str) -> Option<Vec<&str>> {
    let items: Vec<&str> = folded
        .split(SEPARATORS)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let ok = !items.is_empty()
        && items.len() <= 2
        && items.iter().map(|i| words(i)).sum::<usize>() <= MAX_SECTION_WORDS
        // (« and » with a space either side separate, as in "أخبار » اقتصاد"; else they quote)
        && !folded
            .replace(" » ", " ")
            .replace(" « ", " ")
            .contains(['.', '،', ',', '؟', '?', '!', ':', '؛', '"', '«', '»'])
        && !folded.chars().any(|c| c.is_ascii_digit());
    ok.then_some(items)
}

/// Labels that introduce the outlet in a credit line ("المصدر: «النهار»"): no place.
const SOURCE_LABELS: &[&str] = &["المصدر", "مصدر", "source", "المصدر الاصلي"];

/// What one part of a credit line is.
#[derive(Debug, Clone, PartialEq)]
enum CreditPart {
    Outlet(String),
    Date(NaiveDate),
    Section,
    Place(String),
}

/// Splits a credit line into parts and names each; `None` unless every part is known and one
/// names the outlet.
fn credit_parts(
    text: &str,
    outlets: &[String],
    sections: &HashSet<String>,
) -> Option<Vec<CreditPart>> {
    let mut pieces = vec![text];
    for sep in [" - ", " – ", " — ", "|", ": "] {
        pieces = pieces.iter().flat_map(|p| p.split(sep)).collect();
    }
    // An outlet is often quoted ("بروكسل: «الشرق الأوسط»").
    let pieces: Vec<&str> = pieces
        .into_iter()
        .map(|p| p.trim().trim_matches(['«', '»', '"', '“', '”']).trim())
        .filter(|p| !p.is_empty())
        .collect();
    if !(2..=4).contains(&pieces.len()) {
        return None;
    }
    let parts: Vec<CreditPart> = pieces
        .iter()
        .map(|&p| {
            if outlets.iter().any(|o| same_outlet(o, p)) {
                Some(CreditPart::Outlet(p.to_string()))
            } else if let Some(d) = metadata::timestamp(p) {
                Some(CreditPart::Date(d))
            } else if sections.contains(&fold(p)) || SOURCE_LABELS.contains(&fold(p).as_str()) {
                Some(CreditPart::Section)
            } else if words(p) <= MAX_PLACE_WORDS
                && p.chars().all(|c| {
                    c.is_alphabetic() || c == ' ' || crate::arabic::normalize::is_removed(c)
                })
            {
                Some(CreditPart::Place(p.to_string()))
            } else {
                None
            }
        })
        .collect::<Option<_>>()?;
    let outlets = parts
        .iter()
        .filter(|p| matches!(p, CreditPart::Outlet(_)))
        .count();
    let places = parts
        .iter()
        .filter(|p| matches!(p, CreditPart::Place(_)))
        .count();
    (outlets >= 1 && places <= 1).then_some(parts)
}

/// The most words of an item of a menu set out in a column ("اقتصاد وأعمال").
const MAX_COLUMN_ITEM_WORDS: usize = 3;
/// The fewest items of a menu in a column without a home word ("الرئيسية").
const MIN_COLUMN_ITEMS: usize = 5;

/// A site menu saved one item a line ("الرئيسية" / "سياسة" / "اقتصاد" …), as the range of
/// its lines: the first run of short label lines above the lead with three or more from a
/// home word on, or at least [`MIN_COLUMN_ITEMS`] without one. The last line above the lead
/// is never an item (a short headline stands there).
fn menu_column(bp: &Boilerplate, lines: &[Line], folded: &[String]) -> Option<(usize, usize)> {
    let item = |k: usize| {
        k + 1 < lines.len()
            && lines[k].hint == Hint::Text
            && words(&folded[k]) <= MAX_COLUMN_ITEM_WORDS
            && label_items(&folded[k]).is_some_and(|items| items.len() == 1)
    };
    let mut k = 0;
    while k < lines.len() {
        if !item(k) {
            k += 1;
            continue;
        }
        let start = k;
        while item(k) {
            k += 1;
        }
        // The menu opens with its home word; without one, the capture's first line is the
        // masthead over it.
        match (start..k).find(|&i| bp.home_words.contains(&folded[i])) {
            Some(home) if k - home >= 3 => return Some((home, k)),
            None if k - start >= MIN_COLUMN_ITEMS => return Some((start.max(1), k)),
            _ => {}
        }
    }
    None
}

/// Takes the masthead, menus, section labels and credit lines off the top of a text capture.
/// `names` are outlet names the capture gives elsewhere (a copyright line, an attribution):
/// a first line naming one of them is the masthead even without a menu under it.
pub fn strip(bp: &Boilerplate, lines: Vec<Line>, names: &[String]) -> Top {
    let folded: Vec<String> = lines.iter().map(|l| fold(l.text.trim())).collect();
    let first_lead = lines
        .iter()
        .zip(&folded)
        .position(|(l, f)| l.hint != Hint::Text || (is_lead(&l.text) && !is_pattern_chrome(bp, f)))
        .unwrap_or(lines.len());
    let column = menu_column(bp, &lines[..first_lead], &folded[..first_lead]);
    // A menu in a column takes a line an item: the top may span that many lines more.
    let lead = first_lead.min(MAX_TOP_LINES + column.map_or(0, |(s, e)| e - s));
    let menus: Vec<bool> = (0..lead)
        .map(|k| {
            column.is_some_and(|(s, e)| (s..e).contains(&k)) || menu_items(bp, &folded[k]).is_some()
        })
        .collect();
    let sections: HashSet<String> = folded[..lead]
        .iter()
        .enumerate()
        .filter_map(|(k, f)| match column {
            Some((s, e)) if (s..e).contains(&k) => Some(vec![f.clone()]),
            _ => menu_items(bp, f),
        })
        .flatten()
        .collect();
    let mut top = Top::default();
    let mut outlets: Vec<String> = names.to_vec();
    let mut kinds: Vec<Option<Removal>> = vec![None; lines.len()];
    let mut headline = None;
    let mut seen_chrome = false;
    // The lines over the page's first menu, when it is near the top: the masthead's (the
    // outlet's name, its name in Latin letters or its domain, its tagline; a date line stays
    // for the metadata). A headline is never over the menu.
    let breadcrumb = |t: &str| t.contains(['»', '›', '>', '←', '→', '/']);
    let over_menu = (0..lead).find(|&k| menus[k]).filter(|&m| {
        !breadcrumb(&lines[m].text)
            && (1..=MAX_LINES_OVER_MENU).contains(&m)
            && (0..m).all(|j| {
                let t = lines[j].text.trim();
                lines[j].hint == Hint::Text
                    && (is_date_line(bp, t)
                        || is_ticker(t)
                        || name_words(t) <= MAX_MASTHEAD_WORDS_OVER_MENU && is_headline_like(t))
            })
            && (0..m).any(|j| {
                !is_date_line(bp, lines[j].text.trim()) && !is_ticker(lines[j].text.trim())
            })
    });
    for k in 0..lead {
        let text = lines[k].text.trim();
        let f = &folded[k];
        // Taken already (a masthead's tagline).
        if kinds[k].is_some() {
            continue;
        }
        if is_pattern_chrome(bp, f) || is_date_line(bp, text) {
            continue;
        }
        if let Some(parts) = credit_parts(text, &outlets, &sections) {
            kinds[k] = Some(Removal::Credit);
            for part in parts {
                match part {
                    CreditPart::Outlet(name) => top.credits.push(SourceEvidence {
                        name,
                        evidence: text.to_string(),
                    }),
                    CreditPart::Date(d) => {
                        top.date.get_or_insert(d);
                    }
                    CreditPart::Place(p) => {
                        top.place.get_or_insert(p);
                    }
                    CreditPart::Section => {}
                }
            }
            continue;
        }
        if menus[k] {
            kinds[k] = Some(Removal::Chrome);
            seen_chrome = true;
            continue;
        }
        if headline.is_some() {
            continue;
        }
        if let Some(m) = over_menu.filter(|&m| k < m) {
            // The first line with Arabic letters names the outlet ("Sudan Tribune" /
            // "سودان تربيون"), or else the first line.
            // (A line read as a credit, "outlet - short name", named the outlet already.)
            if top.masthead.is_none() && top.credits.is_empty() {
                let name_line = (k..m)
                    .filter(|&j| !is_date_line(bp, lines[j].text.trim()))
                    .find(|&j| lines[j].text.chars().any(is_arabic_letter))
                    .unwrap_or(k);
                let text = lines[name_line].text.trim();
                top.masthead = Some(SourceEvidence {
                    name: metadata::prefer_arabic(text),
                    evidence: text.to_string(),
                });
                outlets.push(text.to_string());
            }
            kinds[k] = Some(Removal::Masthead);
            seen_chrome = true;
            continue;
        }
        let next_is_menu = menus.get(k + 1).copied().unwrap_or(false);
        let first =
            top.masthead.is_none() && !seen_chrome && kinds[..k].iter().all(Option::is_none);
        // The outlet's name, its tagline or its name in Latin letters under it, then the menu
        // ("الشرق الأوسط" / "جريدة العرب الدولية" / menu; "… - وفا" / "WAFA Agency" / menu):
        // the second line is the masthead's too.
        let tagline = k + 2 < lead
            && menus[k + 2]
            && !menus[k + 1]
            && words(text) <= MAX_MASTHEAD_WORDS_OVER_MENU
            && words(lines[k + 1].text.trim()) <= MAX_MASTHEAD_WORDS
            && is_headline_like(lines[k + 1].text.trim());
        if first
            && is_headline_like(text)
            && (next_is_menu && words(text) <= MAX_MASTHEAD_WORDS_OVER_MENU
                || tagline
                || words(text) <= MAX_MASTHEAD_WORDS && names.iter().any(|n| same_outlet(n, text)))
        {
            kinds[k] = Some(Removal::Masthead);
            if tagline {
                kinds[k + 1] = Some(Removal::Masthead);
            }
            top.masthead = Some(SourceEvidence {
                name: metadata::prefer_arabic(text),
                evidence: text.to_string(),
            });
            outlets.push(text.to_string());
            seen_chrome = true;
            continue;
        }
        // A short line over the menu, right under the outlet's name read as a credit line
        // ("وكالة الأنباء والمعلومات الفلسطينية - وفا" / "WAFA Agency" / menu), is the
        // masthead's too: a headline is never over the menu.
        if next_is_menu
            && k > 0
            && kinds[..k].iter().all(Option::is_some)
            && matches!(kinds[k - 1], Some(Removal::Masthead | Removal::Credit))
            && words(text) <= MAX_MASTHEAD_WORDS
        {
            kinds[k] = Some(Removal::Masthead);
            continue;
        }
        if let Some(items) = label_items(f) {
            // A label the menu does not list: one or two words an item, under the chrome,
            // over a longer headline.
            let label_words: usize = items.iter().map(|i| words(i)).sum();
            let over_headline = lines[k + 1..lead].first().is_some_and(|next| {
                is_headline_like(&next.text)
                    && words(&next.text) > label_words
                    && !is_date_line(bp, &next.text)
                    && credit_parts(&next.text, &outlets, &sections).is_none()
            });
            let short = items.iter().all(|i| words(i) <= 2);
            if sections.contains(items[0]) || (seen_chrome && short && over_headline) {
                kinds[k] = Some(Removal::Section);
                continue;
            }
        }
        headline = Some(k);
    }
    for (line, kind) in lines.into_iter().zip(kinds) {
        match kind {
            Some(r) => top.removed.push((line.text, r)),
            None => top.lines.push(line),
        }
    }
    top
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, names: &[&str]) -> Top {
        let lines: Vec<Line> = text.lines().map(Line::text).collect();
        let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        strip(&Boilerplate::bundled(), lines, &names)
    }

    const LEAD: &str = "قررت اللجنة، في اجتماعها مساء الخميس، رفع أسعار الفائدة.";

    /// A row: capture, outlet names found elsewhere, lines kept, masthead.
    type Row<'a> = (String, &'a [&'a str], Vec<&'a str>, Option<&'a str>);

    /// One row per rule of the top of a page.
    #[test]
    fn top_rules() {
        let rows: Vec<Row> = vec![
            // masthead over a menu, a section label that is a menu item, the headline stays
            (
                format!("جريدة الغد\nالرئيسية | أخبار | اقتصاد | رياضة\nاقتصاد\nعنوان الخبر الرئيسي لهذا اليوم\n{LEAD}"),
                &[],
                vec!["عنوان الخبر الرئيسي لهذا اليوم", LEAD],
                Some("جريدة الغد"),
            ),
            // a masthead of a full name and a short one, over a menu
            (
                format!("وكالة أنباء الشرق الأوسط للأخبار - أشأ\nالرئيسية | محلي | دولي | صحة\nصحة\nعنوان الخبر الرئيسي لهذا اليوم\n{LEAD}"),
                &[],
                vec!["عنوان الخبر الرئيسي لهذا اليوم", LEAD],
                Some("وكالة أنباء الشرق الأوسط للأخبار"),
            ),
            // the outlet's name (given by the copyright line too), its name in Latin letters
            // and a menu; a breadcrumb with an arrow
            (
                format!("وكالة الأنباء والمعلومات الفلسطينية - وفا\nWAFA Agency\nالرئيسية · محليات · عربي ودولي · اقتصاد\nالرئيسية ← محليات\nعنوان الخبر الرئيسي لهذا اليوم\n{LEAD}"),
                &["وكالة الأنباء والمعلومات الفلسطينية - وفا"],
                vec!["عنوان الخبر الرئيسي لهذا اليوم", LEAD],
                // (read as a credit line, "place - outlet": the outlet is among the credits)
                None,
            ),
            // a masthead over a menu set apart by dashes, and a breadcrumb with »
            (
                format!("الأخبار | وكالة أنباء مستقلة\nالرئيسية - أخبار - تقارير - اقتصاد - رياضة\nأخبار » اقتصاد\nعنوان الخبر الرئيسي لهذا اليوم\n{LEAD}"),
                &[],
                vec!["عنوان الخبر الرئيسي لهذا اليوم", LEAD],
                Some("الأخبار"),
            ),
            // every short line over a menu near the top is the masthead's: its name in
            // Latin letters first, its tagline (the outlet is the line with Arabic letters);
            // a date line between the name and the menu stays for the metadata
            (
                format!("Sudan Tribune\nسودان تربيون\nموقع إخباري مستقل\nالرئيسية • السودان • دارفور • الاقتصاد\nعنوان الخبر الرئيسي لهذا اليوم\n{LEAD}"),
                &[],
                vec!["عنوان الخبر الرئيسي لهذا اليوم", LEAD],
                Some("سودان تربيون"),
            ),
            (
                format!("الخبر\nEl Khabar\nالخميس 19 نوفمبر 2026\nوطني   دولي   اقتصاد   رياضة\nعنوان الخبر الرئيسي لهذا اليوم\n{LEAD}"),
                &[],
                vec!["الخميس 19 نوفمبر 2026", "عنوان الخبر الرئيسي لهذا اليوم", LEAD],
                Some("الخبر"),
            ),
            // a breadcrumb is no site menu: a headline and its deck stand over it
            (
                format!("عنوان الخبر الرئيسي لهذا اليوم\nتفاصيل الخبر الكاملة جاءت في سطر ثان طويل\nالرئيسية » أخبار » تونس\n{LEAD}"),
                &[],
                vec!["عنوان الخبر الرئيسي لهذا اليوم", "تفاصيل الخبر الكاملة جاءت في سطر ثان طويل", LEAD],
                None,
            ),
            // the outlet's name and its tagline over a menu
            (
                format!("الشرق الأوسط\nجريدة العرب الدولية\nالرئيسية | العالم | اقتصاد\nالعالم\nعنوان الخبر الرئيسي لهذا اليوم\n{LEAD}"),
                &[],
                vec!["عنوان الخبر الرئيسي لهذا اليوم", LEAD],
                Some("الشرق الأوسط"),
            ),
            // a menu set apart by spaces; a section label that is not in the menu, under chrome
            (
                format!("Radio Atlas\nالرئيسية   وطنية   جهوية   عالمية\nمنوعات\nعنوان الخبر الرئيسي لهذا اليوم\n{LEAD}"),
                &[],
                vec!["عنوان الخبر الرئيسي لهذا اليوم", LEAD],
                Some("Radio Atlas"),
            ),
            // a menu saved one item a line, opened by its home word, and a section under it
            (
                format!("العربي الجديد\nالرئيسية\nسياسة\nاقتصاد\nمجتمع\nرياضة\nاقتصاد عربي\nعنوان الخبر الرئيسي لهذا اليوم\n{LEAD}"),
                &[],
                vec!["عنوان الخبر الرئيسي لهذا اليوم", LEAD],
                Some("العربي الجديد"),
            ),
            // without a home word: five items or more, under the masthead
            (
                format!("الجزيرة نت\nأخبار\nسياسة\nاقتصاد\nرياضة\nمدونات\nعنوان الخبر الرئيسي لهذا اليوم\n{LEAD}"),
                &[],
                vec!["عنوان الخبر الرئيسي لهذا اليوم", LEAD],
                Some("الجزيرة نت"),
            ),
            // three short lines without a home word are no menu; a short headline stays
            (
                format!("الغد\nالرئيسية | أخبار | سياسة\nاقتصاد\nأسعار النفط\nغلاء الأسعار\n{LEAD}"),
                &[],
                vec!["أسعار النفط", "غلاء الأسعار", LEAD],
                Some("الغد"),
            ),
            // a masthead without a menu, known from a copyright line or an attribution
            (format!("الغد\nعنوان الخبر الرئيسي لهذا اليوم\n{LEAD}"), &["الغد"], vec!["عنوان الخبر الرئيسي لهذا اليوم", LEAD], Some("الغد")),
            // a breadcrumb and a section with a sub-section
            (
                format!("الغد\nالرئيسية > أخبار\nرياضة / كرة قدم\nعنوان الخبر الرئيسي لهذا اليوم\n{LEAD}"),
                &[],
                vec!["عنوان الخبر الرئيسي لهذا اليوم", LEAD],
                Some("الغد"),
            ),
            // credit lines under the headline: place and outlet, outlet, section and date
            (
                format!("الغد\nالرئيسية | أخبار | سياسة\nعنوان الخبر الرئيسي لهذا اليوم\nدبي - الغد.نت\n{LEAD}"),
                &[],
                vec!["عنوان الخبر الرئيسي لهذا اليوم", LEAD],
                Some("الغد"),
            ),
            (
                format!("الغد\nالرئيسية | أخبار | سياسة\nعنوان الخبر الرئيسي لهذا اليوم\nالغد - سياسة | الخميس 2023/06/15\n{LEAD}"),
                &[],
                vec!["عنوان الخبر الرئيسي لهذا اليوم", LEAD],
                Some("الغد"),
            ),
            // a place and the quoted outlet after a colon
            (
                format!("الغد\nالرئيسية | أخبار | سياسة\nعنوان الخبر الرئيسي لهذا اليوم\nبروكسل: «الغد»\n{LEAD}"),
                &[],
                vec!["عنوان الخبر الرئيسي لهذا اليوم", LEAD],
                Some("الغد"),
            ),
            // no chrome: the headline and a deck stay, whatever their length
            (
                format!("الجنينة.. مدينة منكوبة\nشهادات من الحدود\n{LEAD}"),
                &[],
                vec!["الجنينة.. مدينة منكوبة", "شهادات من الحدود", LEAD],
                None,
            ),
            // a short first line that names no outlet and has no menu under it is the headline
            (format!("غلاء الأسعار\n{LEAD}"), &["هسبريس"], vec!["غلاء الأسعار", LEAD], None),
            // a dateline-like line that names no outlet stays (structure reads it)
            (
                format!("الغد\nالرئيسية | أخبار | سياسة\nعنوان الخبر الرئيسي لهذا اليوم\nالرباط - خاص\n{LEAD}"),
                &[],
                vec!["عنوان الخبر الرئيسي لهذا اليوم", "الرباط - خاص", LEAD],
                Some("الغد"),
            ),
            // a short headline under the menu, over a credit line, is not a section label
            (
                format!("الغد\nالرئيسية | أخبار | سياسة\nغلاء الأسعار يتواصل\nدبي - الغد.نت\n{LEAD}"),
                &[],
                vec!["غلاء الأسعار يتواصل", LEAD],
                Some("الغد"),
            ),
            // a chrome line naming the outlet is left to cleaning, not read as a credit line
            (
                format!("Site icon Chamalpress | شمال بريس\nعنوان الخبر الرئيسي لهذا اليوم\n{LEAD}"),
                &["شمال بريس"],
                vec!["Site icon Chamalpress | شمال بريس", "عنوان الخبر الرئيسي لهذا اليوم", LEAD],
                None,
            ),
            // nothing is taken below the lead
            (format!("عنوان الخبر الرئيسي لهذا اليوم\n{LEAD}\nاقتصاد\nفقرة."), &[], vec!["عنوان الخبر الرئيسي لهذا اليوم", LEAD, "اقتصاد", "فقرة."], None),
        ];
        for (capture, names, kept, masthead) in rows {
            let top = run(&capture, names);
            let got: Vec<&str> = top.lines.iter().map(|l| l.text.as_str()).collect();
            assert_eq!(got, kept, "capture:\n{capture}");
            assert_eq!(
                top.masthead.as_ref().map(|m| m.name.as_str()),
                masthead,
                "capture:\n{capture}"
            );
        }
    }

    #[test]
    fn credit_lines_state_outlet_place_and_date() {
        let top = run(
            &format!("الغد\nالرئيسية | أخبار | سياسة\nعنوان الخبر الرئيسي لهذا اليوم\nدبي - الغد.نت\n{LEAD}"),
            &[],
        );
        assert_eq!(top.credits[0].name, "الغد.نت");
        assert_eq!(top.credits[0].evidence, "دبي - الغد.نت");
        assert_eq!(top.place.as_deref(), Some("دبي"));
        let top = run(
            &format!("الغد\nالرئيسية | أخبار | سياسة\nعنوان الخبر الرئيسي لهذا اليوم\nالغد - سياسة | الخميس 2023/06/15\n{LEAD}"),
            &[],
        );
        assert_eq!(
            top.date.map(|d| d.to_string()).as_deref(),
            Some("2023-06-15")
        );
        assert_eq!(top.place, None);
        // "المصدر" labels the outlet; it is no place
        let top = run(
            &format!("الغد\nالرئيسية | أخبار | سياسة\nعنوان الخبر الرئيسي لهذا اليوم\nالمصدر: «الغد»\n{LEAD}"),
            &[],
        );
        assert_eq!(top.credits[0].name, "الغد");
        assert_eq!(top.place, None);
    }
}
