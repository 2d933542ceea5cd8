//! Paragraph numbers (¶ N), so a place in an essay can be cited the same
//! way at any terminal width: "Park (2021) ¶ 4".
//!
//! What counts as a paragraph: every block of the essay's text except a
//! heading — an ordinary paragraph, each item of a list, a code block, and
//! each paragraph inside a block quote — numbered from 1 in text order.
//! Headings are not numbered: they are signposts, not the author's
//! argument, and in a question-and-answer piece numbering the questions
//! would make every answer's number depend on how the editor laid it out.
//! Numbers come from the essay's text alone, never from the wrap width.

use std::ops::Range;

use crate::corpus::markdown::BlockKind;
use crate::corpus::Essay;

/// A paragraph number, counted from 1.
pub type Number = u32;

/// Each block's paragraph number (None for headings), indexed like
/// `essay.blocks`.
pub fn numbers(essay: &Essay) -> Vec<Option<Number>> {
    let mut n: Number = 0;
    essay
        .blocks
        .iter()
        .map(|b| {
            if matches!(b.kind, BlockKind::Heading(_)) {
                None
            } else {
                n += 1;
                Some(n)
            }
        })
        .collect()
}

/// The paragraphs a byte range of the text touches: (first, last), or None
/// when it touches only headings (or nothing). An empty range counts as
/// the paragraph it sits in, or else the next one after it.
pub fn span(essay: &Essay, range: Range<usize>) -> Option<(Number, Number)> {
    let nums = numbers(essay);
    let end = range.end.max(range.start + 1);
    let mut first = None;
    let mut last = None;
    for (b, n) in essay.blocks.iter().zip(&nums) {
        let Some(n) = *n else { continue };
        if b.range.end <= range.start && !(range.is_empty() && b.range.end == range.start) {
            continue;
        }
        if b.range.start >= end {
            // An empty range between blocks: the next paragraph.
            if range.is_empty() && first.is_none() {
                return Some((n, n));
            }
            break;
        }
        first.get_or_insert(n);
        last = Some(n);
    }
    Some((first?, last?))
}

/// The paragraph holding a byte offset of the text (or the next one, for
/// an offset between blocks); None on a heading with no paragraph after it.
pub fn at(essay: &Essay, offset: usize) -> Option<Number> {
    span(essay, offset..offset).map(|(n, _)| n)
}

/// "¶ 4", or "¶ 4–6" for a span.
pub fn label((first, last): (Number, Number)) -> String {
    if first == last {
        format!("¶ {first}")
    } else {
        format!("¶ {first}–{last}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::markdown;

    fn essay(md: &str) -> Essay {
        let p = markdown::parse(md);
        Essay {
            id: "x".into(),
            path: "essays/x.md".into(),
            meta: Default::default(),
            text: p.text,
            blocks: p.blocks,
            spans: p.spans,
        }
    }

    const MD: &str = "## Question one?\n\nFirst answer.\n\nSecond answer.\n\n- item a\n- item b\n\n> quoted\n\n## Question two?\n\nLast.";

    #[test]
    fn headings_are_not_numbered_and_list_items_and_quotes_are() {
        let e = essay(MD);
        let got: Vec<(String, Option<Number>)> = e
            .blocks
            .iter()
            .zip(numbers(&e))
            .map(|(b, n)| (e.text[b.range.clone()].to_string(), n))
            .collect();
        let want: Vec<(String, Option<Number>)> = [
            ("Question one?", None),
            ("First answer.", Some(1)),
            ("Second answer.", Some(2)),
            ("item a", Some(3)),
            ("item b", Some(4)),
            ("quoted", Some(5)),
            ("Question two?", None),
            ("Last.", Some(6)),
        ]
        .into_iter()
        .map(|(s, n)| (s.to_string(), n))
        .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn a_range_is_cited_by_the_paragraphs_it_touches() {
        let e = essay(MD);
        let pos = |s: &str| e.text.find(s).unwrap();
        let second = pos("Second");
        assert_eq!(span(&e, second..second + 6), Some((2, 2)));
        // From the middle of ¶ 1 to the middle of the first list item.
        assert_eq!(span(&e, pos("answer.")..pos("item a") + 3), Some((1, 3)));
        assert_eq!(label((1, 3)), "¶ 1–3");
        assert_eq!(label((5, 5)), "¶ 5");
        // A heading alone has no paragraph number.
        let q = pos("Question one?");
        assert_eq!(span(&e, q..q + 8), None);
    }

    #[test]
    fn an_offset_between_blocks_or_on_a_heading_belongs_to_the_next_paragraph() {
        let e = essay(MD);
        let q2 = e.text.find("Question two?").unwrap();
        assert_eq!(at(&e, q2), Some(6));
        assert_eq!(at(&e, 0), Some(1));
        // The blank line after "First answer." (an offset in the separator).
        let sep = e.text.find("First answer.").unwrap() + "First answer.".len() + 1;
        assert_eq!(at(&e, sep), Some(2));
        assert_eq!(at(&e, e.text.len()), Some(6));
    }
}
