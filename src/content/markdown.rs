//! Markdown bodies: top-level blocks with plain text for analysis, and HTML with block anchors,
//! in-place links and isolated Latin runs for pages. Both walk the same event stream, so a
//! byte offset in a block's text found by analysis is the same offset when rendering.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::model::{Block, BlockKind};

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// How a body marks a photo caption: a paragraph opening with this label (or «الصورة:»),
/// rendered as `<p class="caption">`. `diwan import` writes captions so.
pub const CAPTION_LABEL: &str = "صورة: ";

/// Whether a paragraph is a photo caption: it opens with «صورة:», «الصورة:» or «صور:»,
/// possibly in brackets.
pub fn is_caption(text: &str) -> bool {
    // A label in brackets counts too: «(صورة: أرشيف) الوزير …».
    let head: String = text
        .trim_start()
        .trim_start_matches(['(', '[', '«'])
        .chars()
        .take(12)
        .collect();
    let folded = crate::arabic::normalize::fold(&head);
    let rest = folded.strip_prefix("ال").unwrap_or(&folded);
    let rest = rest
        .strip_prefix("صوره")
        .or_else(|| rest.strip_prefix("صور"))
        .unwrap_or(rest);
    rest.len() < folded.len() && rest.trim_start().starts_with([':', '：'])
}

/// A link to insert over a byte range of one block's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlineLink {
    pub block: usize,
    pub start: usize,
    pub end: usize,
    /// Already relative and percent-encoded.
    pub href: String,
    /// CSS class of the link (e.g. `entity person`).
    pub class: String,
}

/// Tracks which top-level block an event belongs to.
struct BlockTracker {
    depth: usize,
    /// Depth of the list that contains the current top-level item, when in one.
    in_top_list: bool,
    current: Option<usize>,
    count: usize,
}

impl BlockTracker {
    fn new() -> Self {
        BlockTracker {
            depth: 0,
            in_top_list: false,
            current: None,
            count: 0,
        }
    }

    /// Updates on a start tag; returns the kind when this tag opens a new block.
    fn start(&mut self, tag: &Tag) -> Option<BlockKind> {
        let opens = if self.depth == 0 {
            match tag {
                Tag::List(_) => {
                    self.in_top_list = true;
                    None
                }
                Tag::Paragraph => Some(BlockKind::Paragraph),
                Tag::Heading { .. } => Some(BlockKind::Heading),
                Tag::BlockQuote(_) => Some(BlockKind::Quote),
                _ => Some(BlockKind::Other),
            }
        } else if self.depth == 1 && self.in_top_list && matches!(tag, Tag::Item) {
            Some(BlockKind::Item)
        } else {
            None
        };
        self.depth += 1;
        if opens.is_some() {
            self.current = Some(self.count);
            self.count += 1;
        }
        opens
    }

    fn end(&mut self) {
        self.depth = self.depth.saturating_sub(1);
        if self.depth == 0 {
            self.in_top_list = false;
            self.current = None;
        } else if self.depth == 1 && self.in_top_list {
            self.current = None;
        }
    }
}

fn text_of<'a>(event: &'a Event) -> Option<&'a str> {
    match event {
        Event::Text(t) | Event::Code(t) => Some(t),
        Event::SoftBreak => Some(" "),
        Event::HardBreak => Some("\n"),
        _ => None,
    }
}

/// The anchor id of block `i`.
pub fn anchor(i: usize) -> String {
    format!("p{}", i + 1)
}

/// The top-level blocks of a Markdown body with their plain text.
pub fn blocks(markdown: &str) -> Vec<Block> {
    let mut tracker = BlockTracker::new();
    let mut out: Vec<Block> = Vec::new();
    for event in Parser::new_ext(markdown, options()) {
        match &event {
            Event::Start(tag) => {
                if let Some(kind) = tracker.start(tag) {
                    out.push(Block {
                        kind,
                        text: String::new(),
                        anchor: anchor(out.len()),
                        norm: Default::default(),
                    });
                }
            }
            Event::End(_) => tracker.end(),
            other => {
                if let (Some(i), Some(t)) = (tracker.current, text_of(other)) {
                    out[i].text.push_str(t);
                }
            }
        }
    }
    for b in &mut out {
        b.norm = crate::arabic::normalize(&b.text);
    }
    out
}

/// Renders a Markdown body to HTML: every top-level block gets its anchor id, `links` are
/// inserted over their byte ranges (never inside an existing link), Latin runs are isolated
/// with `<bdi>`, and raw HTML in the source is escaped (captures are text, not markup).
pub fn to_html(markdown: &str, links: &[InlineLink]) -> String {
    let mut tracker = BlockTracker::new();
    let mut events: Vec<Event> = Vec::new();
    let mut offset = 0usize;
    let mut link_depth = 0usize;
    let mut sorted: Vec<&InlineLink> = links.iter().collect();
    sorted.sort_by_key(|l| (l.block, l.start));
    // The opening tag of the paragraph being read, until its first text says if it is a caption.
    let mut open_paragraph: Option<(usize, String)> = None;
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Start(tag) => {
                let opened = tracker.start(&tag);
                if opened.is_some() {
                    offset = 0;
                    open_paragraph = None;
                }
                let id = tracker.current.map(anchor);
                match (opened, tag) {
                    (Some(_), Tag::Paragraph) => {
                        let id = id.unwrap();
                        events.push(Event::Html(["<p id=\"", &id, "\">"].concat().into()));
                        open_paragraph = Some((events.len() - 1, id));
                    }
                    (
                        Some(_),
                        Tag::Heading {
                            level,
                            classes,
                            attrs,
                            ..
                        },
                    ) => events.push(Event::Start(Tag::Heading {
                        level: demote(level),
                        id: id.map(CowStr::from),
                        classes,
                        attrs,
                    })),
                    (Some(_), Tag::BlockQuote(_)) => events.push(Event::Html(
                        ["<blockquote id=\"", &id.unwrap(), "\">\n"].concat().into(),
                    )),
                    (Some(_), Tag::Item) => events.push(Event::Html(
                        ["<li id=\"", &id.unwrap(), "\">"].concat().into(),
                    )),
                    (
                        _,
                        Tag::Heading {
                            level,
                            id,
                            classes,
                            attrs,
                        },
                    ) => events.push(Event::Start(Tag::Heading {
                        level: demote(level),
                        id,
                        classes,
                        attrs,
                    })),
                    (_, tag) => {
                        if matches!(tag, Tag::Link { .. }) {
                            link_depth += 1;
                        }
                        events.push(Event::Start(tag))
                    }
                }
            }
            Event::End(tag) => {
                tracker.end();
                if matches!(tag, TagEnd::Link) {
                    link_depth = link_depth.saturating_sub(1);
                }
                let tag = match tag {
                    TagEnd::Heading(level) => TagEnd::Heading(demote(level)),
                    t => t,
                };
                events.push(Event::End(tag));
            }
            Event::Text(text) => {
                if let Some((at, id)) = open_paragraph.take() {
                    if offset == 0 && is_caption(&text) {
                        events[at] =
                            Event::Html(["<p id=\"", &id, "\" class=\"caption\">"].concat().into());
                    }
                }
                let start = offset;
                offset += text.len();
                match tracker.current {
                    Some(b) if link_depth == 0 => {
                        let here: Vec<&InlineLink> = sorted
                            .iter()
                            .copied()
                            .filter(|l| {
                                l.block == b
                                    && l.start >= start
                                    && l.end <= offset
                                    && l.start < l.end
                            })
                            .collect();
                        if here.is_empty() {
                            push_text(&mut events, text);
                        } else {
                            push_linked_text(&mut events, &text, start, &here);
                        }
                    }
                    _ => push_text(&mut events, text),
                }
            }
            Event::Html(raw) | Event::InlineHtml(raw) => events.push(Event::Text(raw)),
            other => {
                if let Some(t) = text_of(&other) {
                    offset += t.len();
                }
                events.push(other)
            }
        }
    }
    let mut html = String::with_capacity(markdown.len() * 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    html
}

/// The page title is the only `h1`; headings in the body move one level down.
fn demote(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H2,
        HeadingLevel::H3 => HeadingLevel::H3,
        HeadingLevel::H4 => HeadingLevel::H4,
        HeadingLevel::H5 => HeadingLevel::H5,
        HeadingLevel::H6 => HeadingLevel::H6,
    }
}

fn push_linked_text<'a>(
    events: &mut Vec<Event<'a>>,
    text: &str,
    base: usize,
    links: &[&InlineLink],
) {
    let mut pos = 0usize;
    for l in links {
        let (s, e) = (l.start - base, l.end - base);
        if s < pos || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
            continue;
        }
        push_isolated(events, &text[pos..s]);
        events.push(Event::InlineHtml(
            [
                "<a class=\"",
                &escape_attr(&l.class),
                "\" href=\"",
                &escape_attr(&l.href),
                "\">",
            ]
            .concat()
            .into(),
        ));
        push_isolated(events, &text[s..e]);
        events.push(Event::InlineHtml("</a>".into()));
        pos = e;
    }
    push_isolated(events, &text[pos..]);
}

/// [`push_isolated`], keeping the parser's text as it is when it holds no Latin run (most
/// of an Arabic article's text), instead of copying it.
fn push_text<'a>(events: &mut Vec<Event<'a>>, text: CowStr<'a>) {
    if crate::bytescan::has_latin_letter(text.as_bytes()) {
        push_isolated(events, &text);
    } else if !text.is_empty() {
        events.push(Event::Text(text));
    }
}

/// Pushes text with runs of Latin letters wrapped in `<bdi>` so neutral punctuation
/// around them keeps its place in right-to-left lines.
fn push_isolated<'a>(events: &mut Vec<Event<'a>>, text: &str) {
    if text.is_empty() {
        return;
    }
    for (run, latin) in latin_runs(text) {
        if latin {
            events.push(Event::InlineHtml("<bdi>".into()));
            events.push(Event::Text(run.to_string().into()));
            events.push(Event::InlineHtml("</bdi>".into()));
        } else {
            events.push(Event::Text(run.to_string().into()));
        }
    }
}

/// Splits text into runs, marking those that hold Latin words (letters, with digits,
/// spaces and `.-'&` between them).
pub fn latin_runs(text: &str) -> Vec<(&str, bool)> {
    // Most paragraphs of the Arabic press hold no Latin letter: no ASCII letter, and none of
    // the lead bytes of U+00C0–U+024F (C3 to C9) is a byte-wise test, without decoding.
    if !crate::bytescan::has_latin_letter(text.as_bytes()) {
        return if text.is_empty() {
            Vec::new()
        } else {
            vec![(text, false)]
        };
    }
    let mut out = Vec::new();
    let mut start = 0;
    let mut run_start: Option<usize> = None;
    let mut last_letter_end = 0;
    for (i, c) in text.char_indices() {
        let latin = c.is_ascii_alphabetic() || matches!(c, 'À'..='ɏ');
        if latin {
            if run_start.is_none() {
                run_start = Some(i);
            }
            last_letter_end = i + c.len_utf8();
        } else if let Some(rs) = run_start {
            let joins = c.is_ascii_digit() || matches!(c, ' ' | '.' | '-' | '\'' | '&');
            if !joins {
                if rs > start {
                    out.push((&text[start..rs], false));
                }
                out.push((&text[rs..last_letter_end], true));
                start = last_letter_end;
                run_start = None;
            }
        }
    }
    if let Some(rs) = run_start {
        if rs > start {
            out.push((&text[start..rs], false));
        }
        out.push((&text[rs..last_letter_end], true));
        start = last_letter_end;
    }
    if start < text.len() {
        out.push((&text[start..], false));
    }
    out
}

/// Escapes a string for an HTML attribute value in double quotes.
pub fn escape_attr(s: &str) -> String {
    crate::bytescan::replace_each(s, [b'&', b'"', b'<', b'>'], |c| match c {
        b'&' => "&amp;",
        b'"' => "&quot;",
        b'<' => "&lt;",
        _ => "&gt;",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = "الرباط - قال **عبد اللطيف حموشي** إن FBI شريك.\n\n## التعاون الدولي\n\n> اقتباس من المديرية\n\n- أولا فرنسا\n- ثانيا إسبانيا\n\nفقرة <script>x</script> أخيرة.\n";

    /// One row per caption form: the paragraph, whether it renders as a caption.
    #[test]
    fn captions_are_marked_by_their_label() {
        let rows: &[(&str, bool)] = &[
            ("صورة: مقر البنك المركزي - صورة أرشيفية", true),
            ("الصورة: الوزير خلال الاجتماع", true),
            ("صور : من الأرشيف", true),
            ("(صورة: أرشيف) الوزير خلال الاجتماع", true),
            ("صورة من الأرشيف", false),
            ("صورته على الغلاف كانت لافتة.", false),
            ("قال الوزير: صورة: لا.", false),
        ];
        for (text, caption) in rows {
            assert_eq!(is_caption(text), *caption, "{text}");
            let html = to_html(&format!("فقرة.\n\n{text}\n"), &[]);
            assert_eq!(
                html.contains("<p id=\"p2\" class=\"caption\">"),
                *caption,
                "{html}"
            );
            assert!(html.contains("<p id=\"p1\">"), "{html}");
        }
    }

    #[test]
    fn blocks_have_plain_text_and_anchors() {
        let b = blocks(BODY);
        let kinds: Vec<BlockKind> = b.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            vec![
                BlockKind::Paragraph,
                BlockKind::Heading,
                BlockKind::Quote,
                BlockKind::Item,
                BlockKind::Item,
                BlockKind::Paragraph
            ]
        );
        assert_eq!(b[0].text, "الرباط - قال عبد اللطيف حموشي إن FBI شريك.");
        assert_eq!(b[1].text, "التعاون الدولي");
        assert_eq!(b[4].text, "ثانيا إسبانيا");
        assert_eq!(b[5].anchor, "p6");
        // Each block carries its normalized text, which the analyses read.
        for block in &b {
            assert_eq!(block.norm, crate::arabic::normalize(&block.text));
        }
        assert_eq!(b[1].norm.text, "التعاون الدولي");
        assert_eq!(b[4].norm.text, "ثانيا اسبانيا");
    }

    #[test]
    fn html_has_anchors_links_and_isolated_latin() {
        let b = blocks(BODY);
        let start = b[0].text.find("عبد اللطيف").unwrap();
        let link = InlineLink {
            block: 0,
            start,
            end: start + "عبد اللطيف حموشي".len(),
            href: "../../entities/person/x/".into(),
            class: "entity person".into(),
        };
        let s4 = b[4].text.find("إسبانيا").unwrap();
        let link2 = InlineLink {
            block: 4,
            start: s4,
            end: s4 + "إسبانيا".len(),
            href: "p/".into(),
            class: "entity place".into(),
        };
        let html = to_html(BODY, &[link, link2]);
        assert!(html.contains("<p id=\"p1\">"), "{html}");
        assert!(html.contains("<strong><a class=\"entity person\" href=\"../../entities/person/x/\">عبد اللطيف حموشي</a></strong>"), "{html}");
        assert!(html.contains("<bdi>FBI</bdi>"), "{html}");
        assert!(html.contains("<h2 id=\"p2\">التعاون الدولي</h2>"), "{html}");
        assert!(
            html.contains(
                "<li id=\"p5\">ثانيا <a class=\"entity place\" href=\"p/\">إسبانيا</a></li>"
            ),
            "{html}"
        );
        assert!(
            html.contains("&lt;script&gt;"),
            "raw HTML must be escaped: {html}"
        );
    }

    #[test]
    fn latin_run_table() {
        let rows: &[(&str, Vec<(&str, bool)>)] = &[
            (
                "مكتب FBI في",
                vec![("مكتب ", false), ("FBI", true), (" في", false)],
            ),
            (
                "وكالة Europol و Interpol 2",
                vec![
                    ("وكالة ", false),
                    ("Europol", true),
                    (" و ", false),
                    ("Interpol", true),
                    (" 2", false),
                ],
            ),
            (
                "New York Times.",
                vec![("New York Times", true), (".", false)],
            ),
            ("عربي فقط 2021", vec![("عربي فقط 2021", false)]),
            ("", vec![]),
            // A run that starts with a letter outside ASCII.
            (
                "مدينة Ávila الإسبانية",
                vec![("مدينة ", false), ("Ávila", true), (" الإسبانية", false)],
            ),
            ("المغرب — 2021", vec![("المغرب — 2021", false)]),
        ];
        for (text, expected) in rows {
            assert_eq!(&latin_runs(text), expected, "{text}");
        }
    }
}
