//! Article structure from cleaned lines: title, deck, sub-headings, captions, paragraphs and
//! the dateline, written out as the Markdown body of an article.

use super::clean::{any_match, ends_sentence, is_headline_like, Boilerplate};
use super::{Hint, Line};
use crate::arabic::normalize::fold;
use crate::content::{dateline, markdown};

/// The most words a title line has; a longer line without a full stop is a paragraph.
const MAX_TITLE_WORDS: usize = 30;
/// The most words a sub-heading has.
const MAX_HEADING_WORDS: usize = 15;

/// What a body block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Paragraph,
    Heading,
    Caption,
}

/// One block of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    pub text: String,
}

/// A structured article.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Structure {
    /// The headline, when the capture has one.
    pub title: Option<String>,
    pub deck: Option<String>,
    pub blocks: Vec<Block>,
    /// The place of the lead's dateline ("الرباط"); the dateline stays in the text.
    pub dateline: Option<String>,
}

/// A photo caption: a caption pattern, or a line that does not end like a sentence and
/// closes with a credit in brackets ("… كريستوفر راي (مديرية الأمن الوطني المغربي)") or
/// after a dash ("مرضى في قسم الغسيل بمجمع ناصر الطبي - وفا": one to three words, the
/// outlet or the photographer, after five words or more).
pub fn is_caption(bp: &Boilerplate, text: &str) -> bool {
    let folded = fold(text.trim());
    if any_match(&bp.caption, &folded) {
        return true;
    }
    let t = text.trim();
    let credit_after_dash = t
        .char_indices()
        .rev()
        .find(|&(_, c)| matches!(c, '-' | '–' | '—'))
        .filter(|&(i, c)| t[..i].ends_with(' ') && t[i + c.len_utf8()..].starts_with(' '))
        .is_some_and(|(i, c)| {
            let (before, credit) = (&t[..i], t[i + c.len_utf8()..].trim());
            words(before) >= 5
                && (1..=3).contains(&words(credit))
                && credit
                    .chars()
                    .all(|c| c.is_alphabetic() || c.is_whitespace())
        });
    if credit_after_dash && !ends_sentence(t) {
        return true;
    }
    if !t.ends_with(')') || ends_sentence(t.trim_end_matches(')')) {
        return false;
    }
    let Some(open) = t.rfind('(') else {
        return false;
    };
    let credit = &t[open + 1..t.len() - 1];
    let before = t[..open].split_whitespace().count();
    credit.chars().any(char::is_alphabetic) && before >= 5
}

fn words(text: &str) -> usize {
    text.split_whitespace().count()
}

/// A line that can be a sub-heading: headline-like, short, and not a clause list.
fn is_heading(bp: &Boilerplate, text: &str) -> bool {
    is_headline_like(text)
        && words(text) <= MAX_HEADING_WORDS
        && !text.contains(['،', ','])
        // two sentences are a paragraph; a headline's ".." is not a full stop
        && !text.replace("..", "").contains(". ")
        && !is_caption(bp, text)
}

/// Builds the structure. Hints from a saved page (headings, captions) win over the text rules.
pub fn structure(bp: &Boilerplate, lines: &[Line], title_known: Option<&str>) -> Structure {
    let mut s = Structure::default();
    let mut i = 0;
    if let Some(t) = title_known.filter(|t| !t.trim().is_empty()) {
        s.title = Some(t.trim().to_string());
        // A page repeats its headline as the first heading of the article.
        if lines
            .first()
            .is_some_and(|l| fold(l.text.trim()) == fold(t.trim()))
        {
            i = 1;
        }
    } else if let Some(first) = lines.first() {
        let headline = match first.hint {
            Hint::Title | Hint::Heading => true,
            Hint::Caption | Hint::Paragraph => false,
            Hint::Text => {
                is_headline_like(&first.text)
                    && words(&first.text) <= MAX_TITLE_WORDS
                    && dateline::split(&first.text).is_none()
                    && !is_caption(bp, &first.text)
                    && lines.len() > 1
            }
        };
        if headline {
            s.title = Some(first.text.trim().to_string());
            i = 1;
        }
    }
    // A deck: a headline-like line right after the title, before the text begins.
    if s.title.is_some() {
        if let Some(next) = lines.get(i) {
            let deck = match next.hint {
                Hint::Text => {
                    is_headline_like(&next.text)
                        && words(&next.text) <= MAX_TITLE_WORDS
                        && !is_caption(bp, &next.text)
                        && dateline::split(&next.text).is_none()
                        && lines.len() > i + 1
                }
                _ => false,
            };
            if deck {
                s.deck = Some(next.text.trim().to_string());
                i += 1;
            }
        }
    }
    let rest = &lines[i.min(lines.len())..];
    for (k, line) in rest.iter().enumerate() {
        let text = line.text.trim().to_string();
        let followed_by_text = rest[k + 1..]
            .iter()
            .any(|l| !matches!(l.hint, Hint::Heading));
        let kind = match line.hint {
            Hint::Heading | Hint::Title => BlockKind::Heading,
            Hint::Caption => BlockKind::Caption,
            Hint::Paragraph => BlockKind::Paragraph,
            Hint::Text if is_caption(bp, &text) => BlockKind::Caption,
            Hint::Text if is_heading(bp, &text) && followed_by_text => BlockKind::Heading,
            Hint::Text => BlockKind::Paragraph,
        };
        s.blocks.push(Block { kind, text });
    }
    s.dateline = s
        .blocks
        .iter()
        .find(|b| b.kind == BlockKind::Paragraph)
        .and_then(|b| dateline::split(&b.text))
        .map(|(place, _)| place.to_string());
    s
}

/// Escapes what Markdown would read as markup, so the text renders as written.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '~' | '&' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    // Block markers at the start of a line: headings, lists, numbered lists, rules.
    let needs_lead_escape = out.starts_with('#')
        || out.starts_with("- ")
        || out.starts_with("+ ")
        || out.starts_with('=')
        || {
            let digits = out.chars().take_while(char::is_ascii_digit).count();
            digits > 0 && out[digits..].starts_with(['.', ')'])
        };
    if needs_lead_escape {
        let digits = out.chars().take_while(char::is_ascii_digit).count();
        out.insert(digits, '\\');
    }
    out
}

/// The Markdown body: paragraphs, `##` sub-headings and captions as paragraphs opening with
/// the caption label «صورة: » (kept as written when the caption already opens with one), which
/// pages render as `<p class="caption">`; one blank line between blocks.
pub fn to_markdown(blocks: &[Block]) -> String {
    let mut out = String::new();
    for b in blocks {
        if !out.is_empty() {
            out.push('\n');
        }
        let text = escape_markdown(&b.text);
        match b.kind {
            BlockKind::Paragraph => out.push_str(&text),
            BlockKind::Heading => {
                out.push_str("## ");
                out.push_str(&text);
            }
            BlockKind::Caption => {
                if !markdown::is_caption(&b.text) {
                    out.push_str(markdown::CAPTION_LABEL);
                }
                out.push_str(&text);
            }
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Structure {
        let lines: Vec<Line> = text.lines().map(Line::text).collect();
        structure(&Boilerplate::bundled(), &lines, None)
    }

    fn kinds(s: &Structure) -> Vec<BlockKind> {
        s.blocks.iter().map(|b| b.kind).collect()
    }

    use BlockKind::{Caption as C, Heading as H, Paragraph as P};

    /// A row: capture, title, deck, block kinds, dateline.
    type Row<'a> = (
        &'a str,
        Option<&'a str>,
        Option<&'a str>,
        &'a [BlockKind],
        Option<&'a str>,
    );

    /// One row per structure rule.
    #[test]
    fn structure_rules() {
        let rows: &[Row] = &[
            // a headline line, then paragraphs with a dateline
            ("المغرب يدعو إلى تعاون عادل\nالرباط - قال الوزير إن التعاون مهم.\nوأضاف أن الثقة قائمة.", Some("المغرب يدعو إلى تعاون عادل"), None, &[P, P], Some("الرباط")),
            // no title line: the lead is a paragraph
            ("يسلط اليوم الدولي الضوء على التعاون.\nوقد أثبت التعاون فعاليته.", None, None, &[P, P], None),
            // a long line without a full stop is still a paragraph, not a title
            (&format!("{}\nفقرة.", "كلمة ".repeat(40)), None, None, &[P, P], None),
            // a deck, a caption with a credit in brackets, a sub-heading
            ("عنوان المقال الرئيسي\nتركيز على محاربة الجريمة المنظمة\nالوزير يستقبل نظيره في العاصمة الرباط أمس (وكالة المغرب العربي)\nفقرة أولى.\nملفات ساخنة\nفقرة ثانية.", Some("عنوان المقال الرئيسي"), Some("تركيز على محاربة الجريمة المنظمة"), &[C, P, H, P], None),
            // caption patterns
            ("عنوان\nفقرة.\nالصورة: الوزير خلال الاجتماع\nفقرة.", Some("عنوان"), None, &[P, C, P], None),
            ("عنوان\nفقرة.\nجانب من الاجتماع الأمني (أ ف ب)\nفقرة.", Some("عنوان"), None, &[P, C, P], None),
            // a credit after a dash, right under the title too (not a deck); a dateline's dash
            // opens a paragraph
            ("عنوان المقال الرئيسي\nمرضى يتلقون جلسات الغسيل في قسم المستشفى - وفا\nغزة - أعلنت الوزارة افتتاح القسم.", Some("عنوان المقال الرئيسي"), None, &[C, P], Some("غزة")),
            // a last headline-like line with nothing after it is not a heading
            ("عنوان\nفقرة.\nشريك دولي", Some("عنوان"), None, &[P, P], None),
            // a sub-heading with a headline's ".."
            ("عنوان\nفقرة.\nالجنينة.. مدينة منكوبة\nفقرة.", Some("عنوان"), None, &[P, H, P], None),
            // a clause list without a full stop is a paragraph
            ("عنوان\nفقرة.\nقال الوزير، في كلمته، إن الأمر مهم\nفقرة.", Some("عنوان"), None, &[P, P, P], None),
        ];
        for (text, title, deck, block_kinds, place) in rows {
            let s = run(text);
            assert_eq!(s.title.as_deref(), *title, "{text}");
            assert_eq!(s.deck.as_deref(), *deck, "{text}");
            assert_eq!(kinds(&s), *block_kinds, "{text}");
            assert_eq!(s.dateline.as_deref(), *place, "{text}");
        }
    }

    #[test]
    fn markdown_escapes() {
        let rows: &[(&str, &str)] = &[
            ("نص عادي.", "نص عادي."),
            ("# ليس عنوانا", "\\# ليس عنوانا"),
            ("1. بند", "1\\. بند"),
            ("- بند", "\\- بند"),
            ("a*b_c [d] <e>", "a\\*b\\_c \\[d\\] \\<e\\>"),
        ];
        for (text, expected) in rows {
            assert_eq!(escape_markdown(text), *expected);
        }
        let md = to_markdown(&[
            Block {
                kind: P,
                text: "فقرة.".into(),
            },
            Block {
                kind: H,
                text: "عنوان فرعي".into(),
            },
            Block {
                kind: C,
                text: "تعليق صورة".into(),
            },
        ]);
        assert_eq!(md, "فقرة.\n\n## عنوان فرعي\n\nصورة: تعليق صورة\n");
        // a caption that opens with its own label is not labelled twice
        let md = to_markdown(&[Block {
            kind: C,
            text: "الصورة: الوزير خلال الاجتماع".into(),
        }]);
        assert_eq!(md, "الصورة: الوزير خلال الاجتماع\n");
        let md = to_markdown(&[Block {
            kind: C,
            text: "(صورة: أرشيف) الوزير خلال الاجتماع".into(),
        }]);
        assert_eq!(md, "(صورة: أرشيف) الوزير خلال الاجتماع\n");
    }
}
