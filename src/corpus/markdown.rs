//! Markdown → plain text plus block structure and inline style spans.
//!
//! Anchors (quotes in the theme map) and exported offsets refer to this
//! plain text, so it is built the same way every time: blocks are separated
//! by a blank line ("\n\n"), items of one list by a single "\n"; list
//! markers are not part of the text (the layout draws them); control
//! characters are replaced one-for-one by visible stand-ins so an essay can
//! never write escape sequences to the terminal and offsets stay stable.

use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

/// What kind of block a run of text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// An ordinary paragraph.
    Paragraph,
    /// A heading, level 1–6.
    Heading(u8),
    /// One item of a list.
    ListItem,
    /// A fenced or indented code block (shown as is, not re-flowed).
    Code,
}

/// A block of the essay: its kind, where it sits, and its text range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// Paragraph, heading, list item or code.
    pub kind: BlockKind,
    /// Byte range of the block's text in the plain text.
    pub range: Range<usize>,
    /// How many block quotes enclose it.
    pub quote_depth: u8,
    /// How many lists enclose it (0 outside lists).
    pub list_depth: u8,
    /// The list marker to draw before the first line ("•", "3."), if any.
    pub marker: Option<String>,
    /// Columns the enclosing lists indent it by: each list its widest
    /// marker and a space, at least 2 ("• ", "9. ", "10. "), so a marker
    /// never touches the text and a list's items line up.
    pub list_indent: u16,
}

/// An inline style over a range of the plain text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inline {
    /// *emphasis*
    Emphasis,
    /// **strong**
    Strong,
    /// `code`
    Code,
    /// [link](…) text
    Link,
    /// ~~strikethrough~~
    Strike,
}

/// A styled range of the plain text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StyleSpan {
    /// Byte range in the plain text.
    pub range: Range<usize>,
    /// The style.
    pub style: Inline,
}

/// The result of parsing an essay body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    /// The plain text anchors refer to.
    pub text: String,
    /// Blocks in order; they do not overlap.
    pub blocks: Vec<Block>,
    /// Inline styles, ordered by start.
    pub spans: Vec<StyleSpan>,
}

pub use crate::safe_text::neutralise;

fn push_clean(out: &mut String, s: &str, all_plain: bool) {
    if all_plain || crate::safe_text::is_plain(s) {
        out.push_str(s);
    } else {
        out.extend(s.chars().map(neutralise));
    }
}

/// Parse a Markdown body into plain text, blocks and style spans.
pub fn parse(body: &str) -> Parsed {
    // The plain text is about as long as the Markdown: reserve it once
    // rather than grow it by doubling (copies, and up to 2× the memory).
    let mut p = Parsed {
        text: String::with_capacity(body.len()),
        ..Parsed::default()
    };
    // Every text event is a piece of the body, an escaped ASCII mark,
    // spaces for a tab or U+FFFD for a NUL, except what an entity (`&…;`)
    // makes. So in a plain body without '&' every event is plain: test the
    // body once (vectorised) rather than each of its lines, which was a
    // tenth of the load's instructions.
    let all_plain =
        memchr::memchr(b'&', body.as_bytes()).is_none() && crate::safe_text::is_plain(body);
    // Open inline styles: (style, start offset).
    let mut open: Vec<(Inline, usize)> = Vec::new();
    // The lists open, innermost last.
    let mut lists: Vec<OpenList> = Vec::new();
    let mut quote_depth = 0u8;
    // The block being filled: kind, start, marker.
    let mut current: Option<(BlockKind, usize, Option<String>)> = None;
    // Whether the previous block was an item of the list still open, so the
    // next item is joined with "\n" rather than "\n\n".
    let mut last_was_item_of = None::<usize>;
    let mut pending_marker: Option<String> = None;

    // Headings and code blocks: never list items, so never tight.
    let start_block = |p: &mut Parsed,
                       current: &mut Option<(BlockKind, usize, Option<String>)>,
                       kind: BlockKind| {
        if current.is_some() {
            return;
        }
        if !p.text.is_empty() {
            p.text.push_str("\n\n");
        }
        *current = Some((kind, p.text.len(), None));
    };

    // Open the block text goes into (see `ensure_block`).
    macro_rules! ensure {
        () => {
            ensure_block(
                &mut p,
                &mut current,
                &mut pending_marker,
                &lists,
                &mut last_was_item_of,
            )
        };
    }

    for event in Parser::new(body) {
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph | Tag::HtmlBlock => ensure!(),
                Tag::Heading { level, .. } => {
                    start_block(
                        &mut p,
                        &mut current,
                        BlockKind::Heading(heading_level(level)),
                    );
                }
                Tag::CodeBlock(_) => {
                    start_block(&mut p, &mut current, BlockKind::Code);
                }
                Tag::BlockQuote(_) => {
                    close_block(&mut p, &mut current, quote_depth, lists.len());
                    quote_depth = quote_depth.saturating_add(1);
                    last_was_item_of = None;
                }
                Tag::List(first) => {
                    close_block(&mut p, &mut current, quote_depth, lists.len());
                    lists.push(OpenList {
                        next: first,
                        first_block: p.blocks.len(),
                        widest: 1,
                    });
                    last_was_item_of = None;
                }
                Tag::Item => {
                    close_block(&mut p, &mut current, quote_depth, lists.len());
                    let marker = match lists.last_mut().and_then(|l| l.next.as_mut()) {
                        Some(n) => {
                            let m = format!("{n}.");
                            *n += 1;
                            m
                        }
                        None => "•".to_string(),
                    };
                    if let Some(l) = lists.last_mut() {
                        l.widest = l.widest.max(marker.chars().count());
                    }
                    pending_marker = Some(marker);
                }
                Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } => {
                    // A style can be the first thing in a tight list item,
                    // whose block opens at its first content: open it now,
                    // so that the style starts after the separator
                    // (found by comparing with prose read block by block).
                    ensure!();
                    let style = match tag {
                        Tag::Emphasis => Inline::Emphasis,
                        Tag::Strong => Inline::Strong,
                        Tag::Strikethrough => Inline::Strike,
                        _ => Inline::Link,
                    };
                    open.push((style, p.text.len()));
                }
                _ => {}
            },
            Event::End(end) => match end {
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::HtmlBlock => {
                    let was_item = matches!(current, Some((BlockKind::ListItem, ..)));
                    close_block(&mut p, &mut current, quote_depth, lists.len());
                    last_was_item_of = if was_item { Some(lists.len()) } else { None };
                }
                TagEnd::CodeBlock => {
                    // Code blocks end with a newline that is not content
                    // (only the block's own: an empty block's separator
                    // is dropped by close_block — found by fuzzing).
                    let start = current.as_ref().map_or(0, |c| c.1);
                    while p.text.len() > start && p.text.ends_with('\n') {
                        p.text.pop();
                    }
                    close_block(&mut p, &mut current, quote_depth, lists.len());
                    last_was_item_of = None;
                }
                TagEnd::Item => {
                    let was_item = matches!(current, Some((BlockKind::ListItem, ..)))
                        || pending_marker.is_none();
                    close_block(&mut p, &mut current, quote_depth, lists.len());
                    pending_marker = None;
                    last_was_item_of = if was_item { Some(lists.len()) } else { None };
                }
                TagEnd::List(_) => {
                    close_block(&mut p, &mut current, quote_depth, lists.len());
                    // Every block inside this list (nested ones included)
                    // is indented by its marker column.
                    let depth = lists.len().min(u8::MAX as usize) as u8;
                    if let Some(l) = lists.pop() {
                        let cols = u16::try_from(l.widest + 1).unwrap_or(u16::MAX).max(2);
                        for b in p.blocks.iter_mut().skip(l.first_block) {
                            if b.list_depth >= depth {
                                b.list_indent = b.list_indent.saturating_add(cols);
                            }
                        }
                    }
                    last_was_item_of = None;
                }
                TagEnd::BlockQuote(_) => {
                    close_block(&mut p, &mut current, quote_depth, lists.len());
                    quote_depth = quote_depth.saturating_sub(1);
                    last_was_item_of = None;
                }
                TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link => {
                    if let Some((style, start)) = open.pop() {
                        if start < p.text.len() {
                            p.spans.push(StyleSpan {
                                range: start..p.text.len(),
                                style,
                            });
                        }
                    }
                }
                _ => {}
            },
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => {
                ensure!();
                push_clean(&mut p.text, &t, all_plain);
            }
            Event::Code(t) => {
                ensure!();
                let start = p.text.len();
                push_clean(&mut p.text, &t, all_plain);
                p.spans.push(StyleSpan {
                    range: start..p.text.len(),
                    style: Inline::Code,
                });
            }
            // A break before a block has any text (a list item that starts
            // with a backslash break) is not text: it would land between
            // blocks (found by comparing with prose read block by block).
            Event::SoftBreak | Event::HardBreak if current.is_none() => {}
            Event::SoftBreak => p.text.push(' '),
            Event::HardBreak => p.text.push('\n'),
            Event::FootnoteReference(t) => {
                p.text.push_str("[^");
                push_clean(&mut p.text, &t, all_plain);
                p.text.push(']');
            }
            Event::Rule
            | Event::TaskListMarker(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_) => {}
        }
    }
    close_block(&mut p, &mut current, quote_depth, lists.len());
    p.spans.sort_by_key(|s| (s.range.start, s.range.end));
    // The text is kept for the whole session: give back what the
    // reservation above over-estimated (the Markdown's markup), and the
    // vectors' growth room (about 6 MB over the 1,000-essay corpus).
    p.text.shrink_to_fit();
    p.blocks.shrink_to_fit();
    p.spans.shrink_to_fit();
    p
}

/// A list being parsed.
struct OpenList {
    /// The next item's number (ordered lists); `None` for bullets.
    next: Option<u64>,
    /// Index of its first block, so its blocks can be indented when it ends.
    first_block: usize,
    /// Its widest marker so far, in characters.
    widest: usize,
}

/// Open a paragraph, or a list item if a list marker is pending (loose
/// items open it with a paragraph, tight ones with their first text);
/// items of one list are joined with "\n", other blocks with "\n\n".
fn ensure_block(
    p: &mut Parsed,
    current: &mut Option<(BlockKind, usize, Option<String>)>,
    pending_marker: &mut Option<String>,
    lists: &[OpenList],
    last_was_item_of: &mut Option<usize>,
) {
    if current.is_some() {
        return;
    }
    let (kind, marker) = match pending_marker.take() {
        Some(m) => (BlockKind::ListItem, Some(m)),
        None => (BlockKind::Paragraph, None),
    };
    let tight = kind == BlockKind::ListItem && *last_was_item_of == Some(lists.len());
    if !p.text.is_empty() {
        p.text.push_str(if tight { "\n" } else { "\n\n" });
    }
    *current = Some((kind, p.text.len(), marker));
}

fn close_block(
    p: &mut Parsed,
    current: &mut Option<(BlockKind, usize, Option<String>)>,
    quote_depth: u8,
    list_depth: usize,
) {
    if let Some((kind, start, marker)) = current.take() {
        // Trailing spaces (from soft breaks at a paragraph's end) are not text.
        while p.text.len() > start && p.text.ends_with(' ') {
            p.text.pop();
        }
        let empty = p.text.len() == start;
        if empty {
            // An empty block: drop the separator pushed for it (not the
            // previous block's own last newline — found by fuzzing).
            let floor = p.blocks.last().map_or(0, |b| b.range.end);
            let trimmed = p.text.trim_end_matches('\n').len().max(floor);
            p.text.truncate(trimmed);
        }
        // Styles that covered what was trimmed end where the text now
        // does (found by fuzzing: "# ``` ```" styled a space it dropped).
        // Spans are pushed as they close, so those are at the tail.
        let len = p.text.len();
        let mut i = p.spans.len();
        while i > 0 && p.spans[i - 1].range.end > len {
            i -= 1;
            let s = &mut p.spans[i];
            s.range.end = len;
            s.range.start = s.range.start.min(len);
        }
        let tail = p.spans.split_off(i);
        p.spans
            .extend(tail.into_iter().filter(|s| !s.range.is_empty()));
        if empty {
            return;
        }
        p.blocks.push(Block {
            kind,
            range: start..p.text.len(),
            quote_depth,
            list_depth: list_depth.min(u8::MAX as usize) as u8,
            marker,
            list_indent: 0,
        });
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(p: &Parsed) -> Vec<&str> {
        p.blocks.iter().map(|b| &p.text[b.range.clone()]).collect()
    }

    #[test]
    fn characters_made_by_entities_in_a_plain_body_are_neutralised() {
        // The body itself is plain: only the entities make an escape, a
        // bidirectional override and a C1 control.
        let p = parse("Before &#27;[2J and &#x202E;gnp.exe and &#x85; after.\n");
        assert!(
            !p.text.contains(['\u{1b}', '\u{202e}', '\u{85}']),
            "{:?}",
            p.text
        );
        assert!(p.text.contains('\u{241b}'), "{:?}", p.text);
    }

    #[test]
    fn paragraphs_and_headings_become_blocks_separated_by_blank_lines() {
        let p = parse("## A heading\n\nFirst para\nwraps here.\n\nSecond.\n");
        assert_eq!(p.text, "A heading\n\nFirst para wraps here.\n\nSecond.");
        assert_eq!(
            texts(&p),
            ["A heading", "First para wraps here.", "Second."]
        );
        assert_eq!(p.blocks[0].kind, BlockKind::Heading(2));
        assert_eq!(p.blocks[1].kind, BlockKind::Paragraph);
    }

    #[test]
    fn list_items_join_with_single_newline_and_keep_markers_out_of_text() {
        let p = parse("Intro:\n\n- one\n- two\n\n1. first\n2. second\n\nAfter.");
        assert_eq!(p.text, "Intro:\n\none\ntwo\n\nfirst\nsecond\n\nAfter.");
        let markers: Vec<_> = p.blocks.iter().map(|b| b.marker.as_deref()).collect();
        assert_eq!(
            markers,
            [None, Some("•"), Some("•"), Some("1."), Some("2."), None]
        );
        assert!(p.blocks[1..5]
            .iter()
            .all(|b| b.kind == BlockKind::ListItem && b.list_depth == 1));
    }

    #[test]
    fn emphasis_and_quotes_are_spans_and_depths() {
        let p = parse("Some *soft* and **bold** `code`.\n\n> quoted words\n");
        assert_eq!(p.text, "Some soft and bold code.\n\nquoted words");
        let styled: Vec<_> = p
            .spans
            .iter()
            .map(|s| (&p.text[s.range.clone()], s.style))
            .collect();
        assert_eq!(
            styled,
            [
                ("soft", Inline::Emphasis),
                ("bold", Inline::Strong),
                ("code", Inline::Code)
            ]
        );
        assert_eq!(p.blocks[1].quote_depth, 1);
    }

    #[test]
    fn a_style_that_opens_a_list_item_starts_after_the_separator() {
        for body in [
            "Before\n\n- *first* item\n- **second**",
            "Before\n\n-\n  *word*",
        ] {
            let p = parse(body);
            for s in &p.spans {
                let styled = &p.text[s.range.clone()];
                assert!(!styled.starts_with('\n'), "{body:?}: {styled:?}");
            }
            assert!(!p.spans.is_empty(), "{body:?}");
        }
    }

    #[test]
    fn blocks_are_joined_by_one_blank_line_even_when_an_item_starts_with_a_break() {
        for body in ["word\n\n* \\\nword", "word\n\n-  \n  word"] {
            let p = parse(body);
            assert_eq!(p.text, "word\n\nword", "{body:?}");
            assert_eq!(texts(&p), ["word", "word"], "{body:?}");
        }
    }

    #[test]
    fn ranges_stay_inside_the_text_when_blocks_are_trimmed() {
        // Found by fuzzing: a heading's code span over a dropped space, and
        // an empty fenced block after a paragraph.
        for body in [
            "# ``````# ``````",
            "__\n```",
            "a\n\n```\n\n\n```",
            "<!--  -->  \n```",
        ] {
            let p = parse(body);
            for r in p
                .blocks
                .iter()
                .map(|b| &b.range)
                .chain(p.spans.iter().map(|s| &s.range))
            {
                assert!(r.start <= r.end && r.end <= p.text.len(), "{body:?}: {p:?}");
            }
        }
    }

    #[test]
    fn control_characters_are_neutralised_one_for_one() {
        let p = parse("bell\u{7} esc\u{1b}[31m red\u{9b}x");
        assert!(!p.text.chars().any(|c| c.is_control() && c != '\n'));
        assert_eq!(
            p.text.chars().count(),
            "bell\u{7} esc\u{1b}[31m red\u{9b}x".chars().count()
        );
        assert!(p.text.contains('\u{241b}'));
    }

    #[test]
    fn empty_input_gives_empty_text() {
        assert_eq!(parse(""), Parsed::default());
        assert_eq!(parse("\n\n   \n").text, "");
    }
}
