//! Boilerplate removal: the bundled pattern list (extended by site.toml), matched on
//! normalized lines, and the structural rules for share bars, menus and related-link blocks.

use std::collections::HashSet;

use anyhow::{Context, Result};
use regex::{Regex, RegexBuilder};
use serde::Deserialize;

use super::{Hint, Line};
use crate::arabic::normalize::fold;

/// The bundled list, compiled into the binary.
pub const BUNDLED: &str = include_str!("boilerplate.toml");

/// The pattern lists as written (in `boilerplate.toml` or the `[import]` table of site.toml).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatternLists {
    #[serde(default)]
    pub remove: Vec<String>,
    #[serde(default)]
    pub related: Vec<String>,
    #[serde(default)]
    pub end: Vec<String>,
    #[serde(default)]
    pub share_words: Vec<String>,
    #[serde(default)]
    pub home_words: Vec<String>,
    #[serde(default)]
    pub source_chrome: Vec<String>,
    #[serde(default)]
    pub caption: Vec<String>,
    #[serde(default)]
    pub byline: Vec<String>,
    #[serde(default)]
    pub published: Vec<String>,
    #[serde(default)]
    pub attribution: Vec<String>,
}

impl PatternLists {
    /// Every pattern that is a regular expression, with the name of its list.
    pub fn regex_patterns(&self) -> impl Iterator<Item = (&'static str, &String)> {
        [
            ("remove", &self.remove),
            ("related", &self.related),
            ("end", &self.end),
            ("source_chrome", &self.source_chrome),
            ("caption", &self.caption),
            ("byline", &self.byline),
            ("published", &self.published),
            ("attribution", &self.attribution),
        ]
        .into_iter()
        .flat_map(|(name, list)| list.iter().map(move |p| (name, p)))
    }
}

/// The compiled lists: every regex runs on the folded line.
#[derive(Debug)]
pub struct Boilerplate {
    pub remove: Vec<Regex>,
    pub related: Vec<Regex>,
    pub end: Vec<Regex>,
    pub share_words: HashSet<String>,
    /// Folded words and phrases that open a menu or breadcrumb ("الرئيسية").
    pub home_words: Vec<String>,
    pub source_chrome: Vec<Regex>,
    pub caption: Vec<Regex>,
    pub byline: Vec<Regex>,
    pub published: Vec<Regex>,
    pub attribution: Vec<Regex>,
}

/// Why a line left the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Removal {
    /// It matched a `remove` pattern.
    Pattern,
    /// A share bar or a menu.
    Chrome,
    /// A related-articles marker or one of the link titles after it.
    Related,
    /// A page footer, or a line after it.
    Footer,
    /// The outlet's name on top of the page.
    Masthead,
    /// A section label above the headline.
    Section,
    /// A credit line naming the outlet ("دبي - العربية.نت").
    Credit,
}

/// Folds the Arabic letters of a pattern like the text it runs on, leaving the (ASCII) regex
/// syntax alone: `\S` must not become `\s`.
pub fn fold_pattern(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut buf = String::new();
    for c in pattern.chars() {
        if c.is_ascii() {
            out.push_str(&fold(&buf));
            buf.clear();
            out.push(c);
        } else {
            buf.push(c);
        }
    }
    out.push_str(&fold(&buf));
    out
}

/// Compiles one pattern; the error names the list and the pattern.
pub fn compile(list: &str, pattern: &str) -> Result<Regex> {
    RegexBuilder::new(&fold_pattern(pattern))
        .case_insensitive(true)
        .build()
        .with_context(|| format!("invalid `{list}` pattern `{pattern}`"))
}

fn compile_all(list: &str, patterns: &[String]) -> Result<Vec<Regex>> {
    patterns.iter().map(|p| compile(list, p)).collect()
}

impl Boilerplate {
    /// The bundled list alone.
    pub fn bundled() -> Boilerplate {
        Boilerplate::with_extra(&PatternLists::default()).expect("the bundled list compiles")
    }

    /// The bundled list extended by `extra` (site.toml's `[import]` lists).
    pub fn with_extra(extra: &PatternLists) -> Result<Boilerplate> {
        let mut lists: PatternLists =
            toml::from_str(BUNDLED).context("the bundled boilerplate.toml is invalid")?;
        lists.remove.extend(extra.remove.iter().cloned());
        lists.related.extend(extra.related.iter().cloned());
        lists.end.extend(extra.end.iter().cloned());
        lists.share_words.extend(extra.share_words.iter().cloned());
        lists.home_words.extend(extra.home_words.iter().cloned());
        lists
            .source_chrome
            .extend(extra.source_chrome.iter().cloned());
        lists.caption.extend(extra.caption.iter().cloned());
        lists.byline.extend(extra.byline.iter().cloned());
        lists.published.extend(extra.published.iter().cloned());
        lists.attribution.extend(extra.attribution.iter().cloned());
        Ok(Boilerplate {
            remove: compile_all("remove", &lists.remove)?,
            related: compile_all("related", &lists.related)?,
            end: compile_all("end", &lists.end)?,
            share_words: lists
                .share_words
                .iter()
                .flat_map(|w| {
                    fold(w)
                        .split_whitespace()
                        .map(str::to_string)
                        .collect::<Vec<_>>()
                })
                .collect(),
            home_words: lists.home_words.iter().map(|w| fold(w.trim())).collect(),
            source_chrome: compile_all("source_chrome", &lists.source_chrome)?,
            caption: compile_all("caption", &lists.caption)?,
            byline: compile_all("byline", &lists.byline)?,
            published: compile_all("published", &lists.published)?,
            attribution: compile_all("attribution", &lists.attribution)?,
        })
    }
}

/// Whether any pattern of `list` matches the folded line.
pub fn any_match(list: &[Regex], folded: &str) -> bool {
    list.iter().any(|r| r.is_match(folded))
}

/// Separators of share bars, menus and breadcrumbs.
pub const SEPARATORS: &[char] = &[
    '|', '•', '·', '»', '«', '›', '‹', '>', '/', '¦', '┃', '▪', '■', '←', '→',
];

/// A line made only of share-bar words ("فيسبوك تويتر واتساب", "Share | Tweet").
pub fn is_share_bar(bp: &Boilerplate, folded: &str) -> bool {
    let cleaned: String = folded
        .chars()
        .map(|c| {
            if SEPARATORS.contains(&c) || matches!(c, ',' | '،' | '-' | '–') {
                ' '
            } else {
                c
            }
        })
        .collect();
    let mut words = cleaned.split_whitespace().peekable();
    words.peek().is_some() && words.all(|w| bp.share_words.contains(w))
}

/// An item of a menu: a few words, none of them a sentence.
fn is_menu_item(item: &str) -> bool {
    item.split_whitespace().count() <= 4
        && item.chars().any(char::is_alphabetic)
        && !item.contains(['.', '،', ',', '؟', '?', '!', ':', '؛'])
}

/// The items of a menu or breadcrumb line, or `None` when the line is not one:
/// - three or more short items between separators ("الرئيسية | أخبار | اقتصاد");
/// - three or more short items set apart by runs of spaces ("الرئيسية   وطنية   جهوية");
/// - a home word ("الرئيسية") followed by short items, with separators or single spaces
///   ("الرئيسية > أخبار", "الرئيسية أخبار اقتصاد رياضة").
pub fn menu_items(bp: &Boilerplate, folded: &str) -> Option<Vec<String>> {
    // A date with a status bar's items ("الجمعة 11 يونيو 2027 | أبوظبي 41°") is no menu.
    if folded.contains(SEPARATORS) && super::metadata::timestamp(folded).is_some() {
        return None;
    }
    // Dashes with a space either side set items apart too when there are two or more ("الرئيسية
    // - أخبار - تقارير"); one is a dateline's or a title's ("الرباط - …").
    // Items in brackets ("[ الرئيسية ] [ ليبيا ] [ اقتصاد ]") are set apart by them; a
    // breadcrumb's label ("أنت هنا: الرئيسية / ليبيا") is not an item.
    let dashed;
    let trimmed = folded.trim();
    let trimmed = ["انت هنا", "انت الان في"]
        .iter()
        .find_map(|label| trimmed.strip_prefix(label))
        .map_or(trimmed, |rest| rest.trim_start_matches([':', ' ']));
    let folded = if trimmed.starts_with('[') && trimmed.ends_with(']') {
        dashed = trimmed.replace(['[', ']'], " | ");
        dashed.trim().trim_matches('|').trim()
    } else if folded.matches(" - ").count() + folded.matches(" – ").count() >= 2 {
        dashed = folded.replace(" - ", " | ").replace(" – ", " | ");
        dashed.trim()
    } else {
        trimmed
    };
    let items = |parts: Vec<&str>| -> Vec<String> {
        parts
            .into_iter()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    };
    let by_separator = items(folded.split(SEPARATORS).collect());
    let separators = folded.chars().filter(|c| SEPARATORS.contains(c)).count();
    if separators >= 2 && by_separator.len() >= 3 && by_separator.iter().all(|i| is_menu_item(i)) {
        return Some(by_separator);
    }
    let by_spaces = items(folded.split("  ").collect());
    if by_spaces.len() >= 3
        && by_spaces
            .iter()
            .all(|i| is_menu_item(i) && i.split_whitespace().count() <= 3)
    {
        return Some(by_spaces);
    }
    let home = bp.home_words.iter().find(|h| {
        folded.strip_prefix(h.as_str()).is_some_and(|rest| {
            rest.starts_with(|c: char| c.is_whitespace() || SEPARATORS.contains(&c))
        })
    })?;
    let rest = &folded[home.len()..];
    let mut after: Vec<String> = if rest.contains(SEPARATORS) {
        items(rest.split(SEPARATORS).collect())
    } else {
        items(rest.split_whitespace().collect())
    };
    let short = after
        .iter()
        .all(|i| is_menu_item(i) && i.split_whitespace().count() <= 3);
    (!after.is_empty() && short && rest.split_whitespace().count() <= 15).then(|| {
        after.insert(0, home.clone());
        after
    })
}

/// A menu or breadcrumb line (see [`menu_items`]).
pub fn is_menu(bp: &Boilerplate, folded: &str) -> bool {
    menu_items(bp, folded).is_some()
}

/// Whether a line ends like a sentence (after closing quotes and brackets).
pub fn ends_sentence(text: &str) -> bool {
    let t = text
        .trim_end()
        .trim_end_matches(['"', '”', '“', '»', '’', '\'', ')', ']', ' ']);
    t.ends_with(['.', '؟', '?', '!', '…', ':', '؛', '،', ',', ';'])
}

/// A line that reads like a headline, a sub-heading or a link title: it does not end like a
/// sentence. (Length plays no part in removal; structure uses it to tell headings apart.)
pub fn is_headline_like(text: &str) -> bool {
    !text.trim().is_empty() && !ends_sentence(text)
}

/// The result of cleaning.
#[derive(Debug, Default)]
pub struct Cleaned {
    pub lines: Vec<Line>,
    /// Removed lines with the reason, in order.
    pub removed: Vec<(String, Removal)>,
}

/// The end of a run of link titles starting at `from`: headline-like lines (blank lines
/// between them included) that are neither headings of a saved page nor captions.
fn link_titles_end(bp: &Boilerplate, lines: &[Line], from: usize) -> usize {
    let mut end = from;
    for (k, line) in lines.iter().enumerate().skip(from) {
        if line.text.trim().is_empty() {
            continue;
        }
        let is_title = is_headline_like(&line.text)
            && !matches!(line.hint, Hint::Heading | Hint::Title)
            && !any_match(&bp.caption, &fold(line.text.trim()));
        if !is_title {
            break;
        }
        end = k + 1;
    }
    end
}

/// Records the non-blank lines of `lines` as removed.
fn push_removed(out: &mut Cleaned, lines: &[Line], why: Removal) {
    for l in lines.iter().filter(|l| !l.text.trim().is_empty()) {
        out.removed.push((l.text.clone(), why));
    }
}

/// Removes boilerplate lines. A line goes only when a pattern matches it or it is
/// structurally chrome; everything else is kept in order.
pub fn clean(bp: &Boilerplate, lines: Vec<Line>) -> Cleaned {
    let mut out = Cleaned::default();
    let mut started = false;
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        let folded = fold(line.text.trim());
        let folded = folded.trim();
        if folded.is_empty() {
            i += 1;
            continue;
        }
        if started && any_match(&bp.end, folded) {
            for rest in &lines[i..] {
                if !rest.text.trim().is_empty() {
                    out.removed.push((rest.text.clone(), Removal::Footer));
                }
            }
            break;
        }
        if any_match(&bp.related, folded) {
            out.removed.push((line.text.clone(), Removal::Related));
            let end = link_titles_end(bp, &lines, i + 1);
            push_removed(&mut out, &lines[i + 1..end], Removal::Related);
            i = end;
            continue;
        }
        // (An update stamp with its date is the metadata step's: the date when no line
        // states the publication date.)
        let removal = if any_match(&bp.remove, folded)
            && super::metadata::published_line(bp, &line.text).is_none()
            || any_match(&bp.end, folded)
        {
            Some(Removal::Pattern)
        } else if is_share_bar(bp, folded) || is_menu(bp, folded) {
            Some(Removal::Chrome)
        } else {
            None
        };
        match removal {
            Some(r) => {
                out.removed.push((line.text.clone(), r));
                // Link titles after chrome that run into the footer or the end of the capture
                // ("اقرأ المزيد" over two headlines, then the copyright) are a related block.
                let end = link_titles_end(bp, &lines, i + 1);
                let to_footer = lines
                    .get(end)
                    .is_none_or(|l| any_match(&bp.end, fold(l.text.trim()).trim()));
                if started && end > i + 1 && to_footer {
                    push_removed(&mut out, &lines[i + 1..end], Removal::Related);
                    i = end;
                    continue;
                }
            }
            None => {
                if ends_sentence(&line.text) || matches!(line.hint, Hint::Paragraph) {
                    started = true;
                }
                out.lines.push(Line {
                    text: line.text.trim().to_string(),
                    hint: line.hint,
                });
            }
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_lines(text: &str) -> Vec<Line> {
        text.lines().map(Line::text).collect()
    }

    fn kept(text: &str) -> Vec<String> {
        clean(&Boilerplate::bundled(), text_lines(text))
            .lines
            .into_iter()
            .map(|l| l.text)
            .collect()
    }

    /// One row per rule: a capture, then the lines that must survive.
    #[test]
    fn cleaning_rules() {
        let p = "فقرة أولى من المقال.";
        let rows: Vec<(String, Vec<&str>)> = vec![
            // remove patterns, matched on folded lines
            (format!("Site icon Chamalpress | شمال بريس\n{p}"), vec![p]),
            (format!("Sorry, you need to enable JavaScript to visit this website.\n{p}"), vec![p]),
            (format!("{p}\nاقرأ المزيد\nفقرة ثانية."), vec![p, "فقرة ثانية."]),
            (format!("{p}\nإقـرأ أيضاً: المغرب يفكك خلية\nفقرة ثانية."), vec![p, "فقرة ثانية."]),
            (format!("{p}\nيحتوي هذا القسم على المقلات ذات صلة, الموضوعة في (Related Nodes field)"), vec![p]),
            (format!("{p}\nآخر تحديث: 10:30\nفقرة."), vec![p, "فقرة."]),
            (format!("{p}\nإعلان\nفقرة."), vec![p, "فقرة."]),
            (format!("تابعونا على فيسبوك\n{p}"), vec![p]),
            // end markers: the footer goes, with everything after it, once the article began
            (format!("{p}\nExit mobile version"), vec![p]),
            (format!("{p}\nالمزيد من متابعات\nالعالم العربي\nالمغرب"), vec![p]),
            (format!("{p}\nجميع الحقوق محفوظة © 2024 الصباح\nالرئيسية"), vec![p]),
            // tag blocks, the label alone or with the tags on its line, and contributor credits
            (format!("{p}\nالكلمات الدالة\nمصرف لبنان\nالمودعون"), vec![p]),
            (format!("{p}\nالوسوم: #المياه #العقبة\nاقرأ المزيد"), vec![p]),
            (format!("{p}\nالكلمات المفتاحية: سوناطراك | الغاز"), vec![p]),
            (format!("{p}\nTags: Iraq, oil"), vec![p]),
            (format!("{p}\nالمساهمون\nسيف الدين العبيدي\nالوسوم"), vec![p]),
            // ... but a sentence about tags or keywords stays
            (format!("{p}\nالكلمات الدالة على الحزن كثيرة في شعره.\n"), vec![p, "الكلمات الدالة على الحزن كثيرة في شعره."]),
            // ... but not before it: a copyright line on top removes itself only
            (format!("© 2024\n{p}"), vec![p]),
            // share bars and menus are structural chrome
            (format!("{p}\nفيسبوك تويتر واتساب\nفقرة."), vec![p, "فقرة."]),
            (format!("Share | Tweet | Email\n{p}"), vec![p]),
            (format!("الرئيسية | سياسة | اقتصاد | رياضة\n{p}"), vec![p]),
            (format!("الرئيسية » أخبار » المغرب\n{p}"), vec![p]),
            // menus set apart by runs of spaces, and menus or breadcrumbs opened by a home word
            (format!("الرئيسية   وطنية   جهوية   عالمية\n{p}"), vec![p]),
            (format!("Home  Politics  Economy  Sport\n{p}"), vec![p]),
            (format!("الرئيسية > أخبار\n{p}"), vec![p]),
            (format!("الرئيسية ← محليات\n{p}"), vec![p]),
            (format!("الرئيسية - أخبار - تقارير - مقابلات - آراء - اقتصاد - ثقافة - رياضة - صوتيات - Alakhbar FR\n{p}"), vec![p]),
            (format!("أخبار - تقارير - رياضة\n{p}"), vec![p]),
            (format!("[ الرئيسية ] [ ليبيا ] [ المنطقة الشرقية ] [ اقتصاد ]\n{p}"), vec![p]),
            (format!("أنت هنا: الرئيسية / ليبيا / تقارير\n{p}"), vec![p]),
            // ... but one dash is a dateline's or a title's
            (format!("المغرب - إسبانيا تعاون أمني\n{p}"), vec!["المغرب - إسبانيا تعاون أمني", p]),
            (format!("الرئيسية أخبار اقتصاد رياضة\n{p}"), vec![p]),
            // ... but two items set apart by spaces, or a sentence opening with the home word, stay
            (format!("مخاوف  من صيف صعب\n{p}"), vec!["مخاوف  من صيف صعب", p]),
            (format!("الرئيسية الجديدة للحزب تثير الجدل، وفق مصادر.\n{p}"), vec!["الرئيسية الجديدة للحزب تثير الجدل، وفق مصادر.", p]),
            // share prompts, "more from <section>" blocks and copyright lines of other forms
            (format!("{p}\nشارك هذا المقال\nفقرة."), vec![p, "فقرة."]),
            (format!("{p}\nشارك:\nFacebook Twitter WhatsApp\nفقرة."), vec![p, "فقرة."]),
            (format!("{p}\nالمزيد من ثقافة\nجائزة الكتاب تعلن قوائمها\nفقرة."), vec![p, "فقرة."]),
            (format!("{p}\nحقوق النشر © 2023 المدن\nالرئيسية"), vec![p]),
            // link titles after chrome that run into the footer are a related block ...
            (format!("{p}\nاقرأ المزيد\nالهلال يقترب من اللقب\nأسعار النفط تتراجع\nجميع الحقوق محفوظة"), vec![p]),
            (format!("{p}\nشارك\nالهلال يقترب من اللقب\nأسعار النفط تتراجع"), vec![p]),
            // ... but a sub-heading after chrome, followed by text, stays
            (format!("{p}\nاقرأ المزيد\nتفاصيل العملية\nفقرة ثانية."), vec![p, "تفاصيل العملية", "فقرة ثانية."]),
            // related-links blocks: the marker and the link titles after it
            (
                format!("{p}\nمقالات ذات صلة\nالمغرب وإسبانيا يوقعان اتفاقا\nتفكيك خلية في طنجة\nفقرة ثانية."),
                vec![p, "فقرة ثانية."],
            ),
            // never because it is short: headings and short lines stay
            (format!("ملفات ساخنة\n{p}\nشريك دولي موثوق\nنعم.\nفقرة."), vec!["ملفات ساخنة", p, "شريك دولي موثوق", "نعم.", "فقرة."]),
            // a title with a pipe is not a menu (two items)
            (format!("المغرب | تعاون أمني مع إسبانيا\n{p}"), vec!["المغرب | تعاون أمني مع إسبانيا", p]),
            // words of the list inside a sentence do not make it chrome
            (format!("{p}\nنشر الموقع على فيسبوك وتويتر صورا للقاء.\n"), vec![p, "نشر الموقع على فيسبوك وتويتر صورا للقاء."]),
        ];
        for (capture, expected) in rows {
            assert_eq!(kept(&capture), expected, "capture:\n{capture}");
        }
    }

    #[test]
    fn site_patterns_extend_the_list() {
        let extra = PatternLists {
            remove: vec!["^لمتابعة آخر الأخبار".into()],
            ..Default::default()
        };
        let bp = Boilerplate::with_extra(&extra).unwrap();
        let out = clean(
            &bp,
            text_lines("فقرة.\nلمتابعة آخر الأخبار اشترك\nفقرة ثانية."),
        );
        assert_eq!(out.lines.len(), 2);
        assert_eq!(out.removed[0].1, Removal::Pattern);
        let bad = PatternLists {
            remove: vec!["(".into()],
            ..Default::default()
        };
        let err = Boilerplate::with_extra(&bad).unwrap_err().to_string();
        assert!(err.contains("invalid `remove` pattern `(`"), "{err}");
    }

    #[test]
    fn pattern_folding_keeps_regex_syntax() {
        assert_eq!(fold_pattern(r"^اقرأ أيضاً\s*\S"), r"^اقرا ايضا\s*\S");
        assert_eq!(fold_pattern("(?P<name>المجلة)"), "(?P<name>المجله)");
    }
}
