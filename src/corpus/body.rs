//! Parsing an essay's body: blocks of plain prose directly, the rest with
//! the Markdown parser, a run of blocks at a time.
//!
//! Most of an essay is paragraphs of prose with at most some `*emphasis*`.
//! Handing those to pulldown-cmark was 40% of the load's instructions on
//! the 1,000-essay corpus (issue 13), and its tree of a whole body is about
//! three times the body. So a body is read a block (a run of non-empty
//! lines) at a time: a block that is plain prose, by the narrow definition
//! of [`prose`], is turned into text here in one pass; the blocks between
//! two such are parsed together by [`markdown::parse`], cut in runs of
//! about [`SECTION_BYTES`] where the body may be cut.
//!
//! The result is the same as `markdown::parse` of the whole body, which the
//! property tests below hold it to. That rests on two facts of CommonMark
//! (as `markdown::parse` reads it, with no extension):
//!
//! - **Where a body may be cut.** After an empty line, a line at column 0
//!   that starts with a letter, a digit not followed by `.` or `)`, `(`,
//!   `"`, `'`, a non-ASCII character or `#` (a heading or a paragraph) is
//!   a block at the top level: the empty line has ended every paragraph, and a line
//!   that is not indented and not a list marker or `>` ends every list,
//!   quote and indented code block. Only fenced code and HTML blocks (which
//!   can hold an empty line) and link reference definitions (which apply to
//!   the whole document) reach across it, so a body with "```", "~~~", "<"
//!   or "]:" anywhere is parsed whole. (An extension that lets a block hold
//!   an empty line, such as `$$` display math, must be added to that list.)
//! - **What plain prose is.** See [`prose`]: nothing in it can start a
//!   block, and the only inline markup is `*` or `**` in pairs whose
//!   opening and closing are unambiguous.
//!
//! The texts of the pieces are joined as the parser joins blocks, with an
//! empty line ("\n\n").

use super::markdown::{self, Block, BlockKind, Inline, Parsed, StyleSpan};

/// Blocks that are not prose are given to the Markdown parser in runs of
/// about this many bytes: its tree is about three times its input, and a
/// run of one block each would cost a parser each (2.3 times the time on
/// paragraphs with a link, `benches/load.rs`).
const SECTION_BYTES: usize = 64 << 10;

/// A prose block after a run of other blocks is read on its own only if
/// it has at least this many bytes; a shorter one joins the run. Cutting
/// the run costs a parser (about 0.8 µs), and reading prose directly
/// saves about 1.5 ns a byte: a body alternating one-line paragraphs and
/// list items was 1.35 times slower to read than whole before this.
const CUT_FOR: usize = 512;

/// Parse a Markdown body into plain text, blocks and styles, exactly as
/// [`markdown::parse`] would, sending to the Markdown parser only what is
/// not plain prose.
pub fn parse(body: &str) -> Parsed {
    parse_in(body, SECTION_BYTES, CUT_FOR)
}

/// [`parse`], with runs of non-prose of about `section` bytes, cut for a
/// prose block of `cut_for` bytes or more.
fn parse_in(body: &str, section: usize, cut_for: usize) -> Parsed {
    let bytes = body.as_bytes();
    if memchr::memchr(b'<', bytes).is_some()
        || ["```", "~~~", "]:"]
            .iter()
            .any(|n| memchr::memmem::find(bytes, n.as_bytes()).is_some())
    {
        return markdown::parse(body);
    }
    let mut out = Parsed {
        text: String::with_capacity(body.len()),
        ..Parsed::default()
    };
    let newlines_from = |i: usize| bytes[i..].iter().take_while(|&&b| b == b'\n').count();
    let blank_line = memchr::memmem::Finder::new(b"\n\n");
    // A prose block that follows a run, read before the run is parsed.
    let mut held = Parsed::default();
    // The start of the run of blocks not parsed yet (none of them prose).
    let mut run = newlines_from(0);
    let mut at = run;
    while at < bytes.len() {
        let end = blank_line
            .find(&bytes[at..])
            .map_or(bytes.len(), |i| at + i);
        let next = end + newlines_from(end);
        let block = &body[at..end];
        // `at` starts a line after an empty line (or the body). If that
        // line starts a block at the top level, the run before it can be
        // parsed on its own, and the block may be prose.
        if !(bytes[at] == b'#' || starts_no_block(&bytes[at..])) {
            at = next;
            continue;
        }
        if at > run && at - run < section && block.len() <= section {
            // Keep the run going unless this block is prose and long
            // enough to pay for cutting the run (a parser each).
            if block.len() >= cut_for && prose(block, &mut held) {
                append(&mut out, &mut markdown::parse(&body[run..at]));
                append(&mut out, &mut held);
                run = next;
            }
            held.text.clear();
            held.blocks.clear();
            held.spans.clear();
        } else {
            // The run is long enough (or the block too long to hold): parse
            // it, then read the block straight into `out` if it is prose.
            if at > run {
                append(&mut out, &mut markdown::parse(&body[run..at]));
            }
            let mark = (out.text.len(), out.spans.len());
            if !out.text.is_empty() {
                out.text.push_str("\n\n");
            }
            if prose(block, &mut out) {
                run = next;
            } else {
                out.text.truncate(mark.0);
                out.spans.truncate(mark.1);
                run = at;
            }
        }
        at = next;
    }
    if run < bytes.len() {
        append(&mut out, &mut markdown::parse(&body[run..]));
    }
    out.text.shrink_to_fit();
    out.blocks.shrink_to_fit();
    out.spans.shrink_to_fit();
    out
}

/// Move a parsed piece to the end of `out`, joined by an empty line.
fn append(out: &mut Parsed, piece: &mut Parsed) {
    if piece.text.is_empty() {
        return;
    }
    if !out.text.is_empty() {
        out.text.push_str("\n\n");
    }
    let shift = out.text.len();
    out.text.push_str(&piece.text);
    for b in &mut piece.blocks {
        b.range = b.range.start + shift..b.range.end + shift;
    }
    for s in &mut piece.spans {
        s.range = s.range.start + shift..s.range.end + shift;
    }
    out.blocks.append(&mut piece.blocks);
    out.spans.append(&mut piece.spans);
}

/// If `block` (one or more non-empty lines, no empty line) is plain prose,
/// push its text, block and styles to `out` as the Markdown parser would
/// and return true. Otherwise return false, with `out` partly written
/// (the caller clears it).
///
/// Plain prose is either
/// - an ATX heading: one line, `#` to `######`, a space, and text with no
///   `#` (so no closing sequence), or
/// - a paragraph: lines that each start with what can start no block — an
///   ASCII letter, a digit not followed by `.` or `)`, `(`, `"`, `'` or a
///   non-ASCII character (continuation lines after any spaces),
///
/// whose text has no tab, no control character, no bidirectional control,
/// none of `` \ ` _ [ ] < & `` (escapes, code, underscores, links, HTML,
/// entities), and `*` only in runs of one or two that strictly alternate
/// between an opening run (after a space, the line's start or ASCII
/// punctuation, before an ASCII letter or digit) and a closing run of the
/// same length (after an ASCII letter or digit, before a space, the line's
/// end or ASCII punctuation). Such runs can each only open or only close,
/// so each closes the one before it: `*…*` is emphasis, `**…**` strong.
pub fn prose(block: &str, out: &mut Parsed) -> bool {
    let block = block.strip_suffix('\n').unwrap_or(block);
    let start = out.text.len();
    let mut open = None;
    let kind = if let Some(rest) = block.strip_prefix('#') {
        let hashes = 1 + rest.bytes().take_while(|&b| b == b'#').count();
        let Some(text) = block[hashes..].strip_prefix(' ') else {
            return false;
        };
        let text = text.trim_start_matches(' ').trim_end_matches(' ');
        if hashes > 6 || text.is_empty() || text.contains('#') {
            return false;
        }
        // A newline in `text` fails as a control character.
        if !inline(text, out, &mut open, false) {
            return false;
        }
        BlockKind::Heading(hashes as u8)
    } else {
        if !starts_no_block(block.as_bytes()) || !inline(block, out, &mut open, true) {
            return false;
        }
        BlockKind::Paragraph
    };
    if open.is_some() {
        return false;
    }
    out.blocks.push(Block {
        kind,
        range: start..out.text.len(),
        quote_depth: 0,
        list_depth: 0,
        marker: None,
        list_indent: 0,
    });
    true
}

/// Whether a line that starts so, at column 0 after an empty line or
/// inside a paragraph, can start no block of its own (see [`prose`]).
fn starts_no_block(line: &[u8]) -> bool {
    match line.first() {
        Some(b) if b.is_ascii_alphabetic() || b"(\"'".contains(b) || *b >= 0x80 => true,
        Some(b) if b.is_ascii_digit() => {
            let digits = line.iter().take_while(|b| b.is_ascii_digit()).count();
            !matches!(line.get(digits), Some(b'.' | b')'))
        }
        _ => false,
    }
}

/// Whether a byte needs a closer look in prose (see [`prose`]): a
/// control (a newline included), an ASCII mark that can start inline
/// Markdown (`` \ ` _ [ ] < & * ``), DEL, or the lead byte of the C1
/// controls (C2) or of the bidirectional controls (E2).
fn special(b: u8) -> bool {
    b < 0x20 || b"\\`_[]<&*".contains(&b) || matches!(b, 0x7f | 0xc2 | 0xe2)
}

/// Whether a byte is an ASCII mark that makes a block not prose (`` \ ` _
/// [ ] < & ``). Comparisons only, so that a fold of them compiles to SIMD.
#[inline(always)]
fn markup(b: u8) -> bool {
    (b.wrapping_sub(b'[') < 3) | (b.wrapping_sub(b'_') < 2) | (b == b'<') | (b == b'&')
}

/// Whether a byte is a control but a newline, DEL, or C2 (the lead byte of
/// the C1 controls, and of U+00A0–U+00BF): rare in prose, and each needs a
/// look. Comparisons only, as [`markup`].
#[inline(always)]
fn odd(b: u8) -> bool {
    ((b < 0x20) & (b != b'\n')) | (b == 0x7f) | (b == 0xc2)
}

/// Push the text of a paragraph (`lines`) or a heading's one line to
/// `out`, with its `*` styles; `open` is an opening run (its length and
/// text offset) not closed yet. False if it is not prose.
fn inline(text: &str, out: &mut Parsed, open: &mut Option<(usize, usize)>, lines: bool) -> bool {
    let b = text.as_bytes();
    // One pass for both: bit 0 for markup, bit 1 for an odd byte.
    let mut seen = 0u8;
    for chunk in b.chunks(64) {
        seen |= chunk.iter().fold(0, |seen, &x| {
            seen | u8::from(markup(x)) | (u8::from(odd(x)) << 1)
        });
        if seen & 1 != 0 {
            return false;
        }
    }
    let odds = seen & 2 != 0;
    // Most prose has no odd byte and no bidirectional control: then only
    // newlines and `*` need a look, and memchr finds them (vectorised).
    // Otherwise every special byte is looked at, one byte at a time.
    let common = !odds && !crate::safe_text::has_bidi_control(b);
    let next = |from: usize| {
        let rest = &b[from..];
        let found = if common {
            memchr::memchr2(b'\n', b'*', rest)
        } else {
            rest.iter().position(|&c| special(c))
        };
        found.map_or(b.len(), |k| from + k)
    };
    let mut copied = 0;
    let mut i = 0;
    loop {
        i = next(i);
        if i == b.len() {
            break;
        }
        match b[i] {
            // U+0080–U+00BF: the C1 controls are U+0080–U+009F.
            0xc2 if !matches!(b.get(i + 1), Some(0x80..=0x9f)) => i += 2,
            // E2 80 AA–AE and E2 81 A6–A9 are the bidirectional controls.
            0xe2 => match (b.get(i + 1), b.get(i + 2)) {
                (Some(0x80), Some(0xaa..=0xae)) | (Some(0x81), Some(0xa6..=0xa9)) => return false,
                _ => i += 3,
            },
            b'\n' if lines => {
                // A line ends: its trailing spaces are not text, and two
                // or more of them make a hard break; the next line's
                // leading spaces are not text either.
                out.text.push_str(&text[copied..i]);
                let kept = out.text.trim_end_matches(' ').len();
                let spaces = out.text.len() - kept;
                out.text.truncate(kept);
                out.text.push(if spaces >= 2 { '\n' } else { ' ' });
                i += 1;
                i += b[i..].iter().take_while(|&&c| c == b' ').count();
                if !starts_no_block(&b[i..]) {
                    return false;
                }
                copied = i;
            }
            b'*' => {
                let run = b[i..].iter().take_while(|&&c| c == b'*').count();
                let before = i.checked_sub(1).map(|j| b[j]);
                let after = b.get(i + run).copied();
                let word = |c: Option<u8>| c.is_some_and(|c| c.is_ascii_alphanumeric());
                let gap = |c: Option<u8>| match c {
                    None | Some(b' ' | b'\n') => true,
                    Some(c) => c.is_ascii_punctuation() && c != b'*',
                };
                if run > 2 {
                    return false;
                }
                out.text.push_str(&text[copied..i]);
                copied = i + run;
                if gap(before) && word(after) && open.is_none() {
                    *open = Some((run, out.text.len()));
                } else if word(before) && gap(after) {
                    match open.take() {
                        Some((len, from)) if len == run => out.spans.push(StyleSpan {
                            range: from..out.text.len(),
                            style: if run == 1 {
                                Inline::Emphasis
                            } else {
                                Inline::Strong
                            },
                        }),
                        _ => return false,
                    }
                } else {
                    return false;
                }
                i += run;
            }
            _ => return false,
        }
    }
    out.text.push_str(&text[copied..]);
    // A paragraph's last line's trailing spaces are not text either.
    let kept = out.text.trim_end_matches(' ').len();
    out.text.truncate(kept);
    true
}
#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn prose_alone(block: &str) -> Option<Parsed> {
        let mut p = Parsed::default();
        prose(block, &mut p).then_some(p)
    }

    #[test]
    fn plain_paragraphs_and_headings_are_prose_and_parse_as_markdown_does() {
        for block in [
            "The 2015 agreement was *final and irreversible*, Tokyo said.",
            "A line that wraps\nonto a second line, with **strong** words\n  and an indented third.",
            "Two spaces end this line  \nwith a hard break.",
            "(Parenthetical) and “curly” quotes — with a dash.",
            "1990s politics; 2019 (*see* note).",
            "# A heading with *emphasis*",
            "###   Spaced heading  ",
        ] {
            let fast = prose_alone(block).unwrap_or_else(|| panic!("{block:?} is prose"));
            assert_eq!(fast, markdown::parse(block), "{block:?}");
        }
    }

    #[test]
    fn what_could_be_markup_is_not_prose() {
        for block in [
            "- a list item",
            "1. an ordered item",
            "2) another",
            "> a quote",
            "    indented code",
            "A paragraph\n- then a list",
            "A paragraph\n===",
            "A paragraph\n# heading",
            "Text with `code`",
            "Text with a [link](http://x)",
            "snake_case words",
            "An &amp; entity",
            "An escaped \\* star",
            "Intra*word*emphasis",
            "*** three stars ***",
            "*unclosed emphasis",
            "closing only* here",
            "*mixed**",
            "A\ttab",
            "A bell\u{7}",
            "A C1 control \u{85}",
            "An override \u{202e}txt",
            "#hashtag",
            "####### seven",
            "# closed heading #",
            "# two\nlines",
        ] {
            assert!(prose_alone(block).is_none(), "{block:?} is not prose");
        }
    }

    /// Pieces of Markdown and of prose, chosen so that random bodies hit
    /// every rule of [`prose`] from both sides.
    const SNIPPETS: &[&str] = &[
        "Alpha *beta* gamma.",
        "Delta **epsilon** `zeta` [eta](http://x) theta",
        "(*paren*) and \"*quoted*\" and *end*.",
        "*start* of a line",
        "mid*word* and *a*b and a* b",
        "**strong *nested* here**",
        "*one **two** one*",
        "***triple***",
        "words then two spaces  ",
        "one trailing space ",
        "ends with a backslash\\",
        "- item one",
        "* item two",
        "+ item three",
        "1. first",
        "2) second",
        "1990s and 2019",
        "3.5 percent",
        "  - nested item",
        "   continued item text",
        "> quoted line",
        "> > deeper",
        "# Heading",
        "## Heading with *style*",
        "#",
        "#hashtag",
        "# closed #",
        "### Third *level*",
        "Setext",
        "===",
        "---",
        "***",
        "    indented code",
        "\tcode after a tab",
        "Lazy line",
        "“Curly” quotes — and a dash… and\u{7}bell",
        "—*dash*— and é*x*",
        "\u{a0}non-breaking start",
        "\u{3000}ideographic space",
        "\u{85}C1 and \u{202e}override",
        "[ref] and [text][ref]",
        "_under_ and __strong__",
        "An &amp; entity",
        "x",
        "(",
        "'",
        " ",
        "",
    ];

    fn body() -> impl Strategy<Value = String> {
        prop::collection::vec(
            (
                prop::sample::select(SNIPPETS),
                prop::sample::select(&["\n", "\n\n", "\n\n\n", " ", "  \n", ""][..]),
            ),
            0..40,
        )
        .prop_map(|v| v.into_iter().flat_map(|(a, b)| [a, b]).collect())
    }

    proptest! {
        #[test]
        fn a_body_parses_as_it_does_whole(
            body in body(),
            section in 1usize..64,
            cut_for in prop::sample::select(&[0, 20, CUT_FOR][..]),
        ) {
            prop_assert_eq!(parse_in(&body, section, cut_for), markdown::parse(&body));
        }

        #[test]
        fn a_block_that_is_prose_parses_as_markdown_does(body in body()) {
            for block in body.split("\n\n").filter(|b| !b.starts_with('\n')) {
                if let Some(fast) = prose_alone(block) {
                    prop_assert_eq!(fast, markdown::parse(block), "{:?}", block);
                }
            }
        }
    }

    #[test]
    fn the_builtin_essays_parse_as_they_do_whole() {
        let files = crate::corpus::files::builtin();
        for f in &files.essays {
            let src = f.read().unwrap();
            let body = &src.text[src.text[3..].find("\n+++").unwrap() + 8..];
            for section in [1, 512, SECTION_BYTES] {
                for cut_for in [0, CUT_FOR] {
                    let whole = markdown::parse(body);
                    assert_eq!(parse_in(body, section, cut_for), whole, "{}", f.name);
                }
            }
        }
    }

    #[test]
    fn most_of_the_builtin_essays_is_prose() {
        let files = crate::corpus::files::builtin();
        let (mut prose_bytes, mut all) = (0, 0);
        for f in &files.essays {
            let src = f.read().unwrap();
            for block in src.text.split("\n\n") {
                all += block.len();
                if prose_alone(block).is_some() {
                    prose_bytes += block.len();
                }
            }
        }
        assert!(prose_bytes * 10 > all * 8, "{prose_bytes} of {all} bytes");
    }

    #[test]
    fn what_can_hold_a_blank_line_or_reach_across_one_is_parsed_whole() {
        for body in [
            "A\n\n```\ncode\n\nInside the fence\n```\n\nAfter\n",
            "A\n\n~~~\ncode\n\nInside the fence\n~~~\n\nAfter\n",
            "A\n\n<!-- a comment\n\nInside the comment -->\n\nAfter\n",
            "A\n\n<pre>\npre\n\nInside pre\n</pre>\n\nAfter\n",
            "A [link]\n\nB and more\n\nC and more\n\n[link]: http://x\n",
        ] {
            assert_eq!(parse(body), markdown::parse(body), "{body:?}");
        }
    }
}
