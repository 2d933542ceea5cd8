//! Wrapping an essay's plain text into display rows for a given width.
//!
//! Rows keep byte ranges into the essay's plain text, so the reader can
//! style them (passages, emphasis, search hits) without re-wrapping, and
//! find the row of any offset. Widths are terminal cells (unicode-width,
//! the measure ratatui draws with), so CJK and other wide characters take
//! two cells.

pub mod compare;

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use textwrap::core::Fragment;
use textwrap::wrap_algorithms::wrap_first_fit;
use textwrap::WordSeparator;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::corpus::markdown::{Block, BlockKind};
use crate::corpus::Essay;

/// One display row of an essay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Byte range of the plain text shown on this row (empty for blank rows).
    pub range: Range<usize>,
    /// The block this row belongs to, or None for a blank separator row.
    pub block: Option<u32>,
    /// Cells of indentation before the text (lists, quotes).
    pub indent: u16,
    /// True on the first row of a block (where a list marker is drawn).
    pub first: bool,
}

impl Row {
    /// Whether a passage (byte range of the text) covers this row. A blank
    /// row between blocks is covered when the passage runs across it.
    pub fn covered_by(&self, passage: &Range<usize>) -> bool {
        if self.block.is_none() {
            passage.start < self.range.start && passage.end > self.range.start
        } else {
            passage.start < self.range.end && self.range.start < passage.end
        }
    }
}

/// Cut a string to `width` cells, ending in "…" when cut.
pub fn fit(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw + 1 > width {
            break;
        }
        out.push(c);
        w += cw;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// An essay wrapped to a width.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Wrapped {
    /// The width wrapped to, in cells.
    pub width: u16,
    /// Rows in order.
    pub rows: Vec<Row>,
}

impl Wrapped {
    /// The row holding a byte offset: the first row whose range ends after
    /// it (blank rows are skipped), or the last row.
    pub fn row_of(&self, offset: usize) -> usize {
        // Row ends never decrease (a blank row's empty range sits at the
        // start of the next block), so this is a binary search.
        let mut i = self.rows.partition_point(|r| r.range.end <= offset);
        while i < self.rows.len() && self.rows[i].block.is_none() {
            i += 1;
        }
        i.min(self.rows.len().saturating_sub(1))
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True if there are no rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

/// Deepest block-quote nesting given its own indentation and bar; deeper
/// quotes are drawn at this depth (a hostile essay nested hundreds deep
/// would otherwise push its text, and its bars, off the screen).
pub const MAX_QUOTE_DEPTH: u8 = 4;

/// Indentation for a block: two cells per list level beyond the marker,
/// two per quote level.
fn indent_of(b: &Block) -> u16 {
    let list = if b.kind == BlockKind::ListItem || b.list_depth > 0 {
        2 * u16::from(b.list_depth.max(1))
    } else {
        0
    };
    list + 2 * u16::from(b.quote_depth.min(MAX_QUOTE_DEPTH))
}

#[derive(Debug)]
struct Frag {
    /// Byte range of the word (without trailing whitespace).
    word: Range<usize>,
    width: usize,
    ws_width: usize,
}

impl Fragment for Frag {
    fn width(&self) -> f64 {
        self.width as f64
    }
    fn whitespace_width(&self) -> f64 {
        self.ws_width as f64
    }
    fn penalty_width(&self) -> f64 {
        0.0
    }
}

/// Split `line` (at byte `base` of the text) into fragments no wider than
/// `width`, breaking over-long words between characters.
fn fragments(line: &str, base: usize, width: usize, out: &mut Vec<Frag>) {
    let start_of = |s: &str| s.as_ptr() as usize - line.as_ptr() as usize;
    for w in WordSeparator::UnicodeBreakProperties.find_words(line) {
        let ws = w.whitespace;
        let word_start = start_of(w.word);
        let ws_width = ws.width();
        let word_width = w.word.width();
        if word_width <= width {
            out.push(Frag {
                word: base + word_start..base + word_start + w.word.len(),
                width: word_width,
                ws_width,
            });
            continue;
        }
        // A word wider than the line: break it after its hyphens and
        // dashes first ("semiconductor-" / "related"), and cut only a piece
        // that is still too wide between characters.
        let word = w.word;
        let mut pieces: Vec<Range<usize>> = Vec::new();
        let mut from = 0;
        for (i, c) in word.char_indices() {
            if matches!(c, '-' | '\u{2010}' | '\u{2013}' | '\u{2014}' | '/') {
                let end = i + c.len_utf8();
                if end < word.len() {
                    pieces.push(from..end);
                    from = end;
                }
            }
        }
        pieces.push(from..word.len());
        let last = pieces.len() - 1;
        for (k, p) in pieces.into_iter().enumerate() {
            let trailing_ws = if k == last { ws_width } else { 0 };
            let piece = &word[p.clone()];
            let pw = piece.width();
            if pw <= width {
                out.push(Frag {
                    word: base + word_start + p.start..base + word_start + p.end,
                    width: pw,
                    ws_width: trailing_ws,
                });
                continue;
            }
            let mut piece_start = 0;
            let mut piece_width = 0;
            for (i, c) in piece.char_indices() {
                let cw = c.width().unwrap_or(0);
                if piece_width + cw > width && piece_width > 0 {
                    out.push(Frag {
                        word: base + word_start + p.start + piece_start
                            ..base + word_start + p.start + i,
                        width: piece_width,
                        ws_width: 0,
                    });
                    piece_start = i;
                    piece_width = 0;
                }
                piece_width += cw;
            }
            out.push(Frag {
                word: base + word_start + p.start + piece_start..base + word_start + p.end,
                width: piece_width,
                ws_width: trailing_ws,
            });
        }
    }
}

/// Wrap an essay to `width` cells. Blocks are separated by one blank row
/// (none between items of one list); hard line breaks inside a block start
/// a new row.
pub fn wrap(essay: &Essay, width: u16) -> Wrapped {
    wrap_with_breaks(essay, width, &[])
}

/// Wrap an essay to `width` cells, also starting a new row at each byte
/// offset in `breaks` (sorted) that falls inside a paragraph: synoptic mode
/// starts every passage on a fresh row, so the filler it inserts before a
/// passage never splits a sentence.
pub fn wrap_with_breaks(essay: &Essay, width: u16, breaks: &[usize]) -> Wrapped {
    let width = width.max(1);
    let mut rows = Vec::new();
    let mut frags = Vec::new();
    let mut prev_end: Option<usize> = None;
    for (bi, b) in essay.blocks.iter().enumerate() {
        if let Some(pe) = prev_end {
            // "\n\n" between blocks is a blank row; a single "\n" is not.
            if essay.text[pe..b.range.start].matches('\n').count() >= 2 {
                rows.push(Row {
                    range: b.range.start..b.range.start,
                    block: None,
                    indent: 0,
                    first: false,
                });
            }
        }
        prev_end = Some(b.range.end);
        let indent = indent_of(b).min(width.saturating_sub(1) / 2);
        let avail = usize::from(width - indent).max(1);
        let text = &essay.text[b.range.clone()];
        let mut first = true;
        let mut seg_start = 0;
        for seg in text.split('\n') {
            let base = b.range.start + seg_start;
            seg_start += seg.len() + 1;
            if b.kind == BlockKind::Code {
                // Code keeps its lines; only over-long ones are cut.
                frags.clear();
                let mut start = 0;
                let mut w = 0;
                for (i, c) in seg.char_indices() {
                    let cw = c.width().unwrap_or(0);
                    if w + cw > avail && w > 0 {
                        rows.push(row(base + start..base + i, bi, indent, &mut first));
                        start = i;
                        w = 0;
                    }
                    w += cw;
                }
                rows.push(row(base + start..base + seg.len(), bi, indent, &mut first));
                continue;
            }
            // Forced breaks inside this line split it into runs.
            let lo = breaks.partition_point(|&b| b <= base);
            let hi = breaks.partition_point(|&b| b < base + seg.len());
            let mut cuts: Vec<usize> = breaks[lo..hi].iter().map(|b| b - base).collect();
            cuts.dedup();
            cuts.retain(|&c| seg.is_char_boundary(c) && !seg[..c].trim().is_empty());
            let mut run_start = 0;
            for run_end in cuts.into_iter().chain(std::iter::once(seg.len())) {
                let run = &seg[run_start..run_end];
                let run_base = base + run_start;
                run_start = run_end;
                frags.clear();
                fragments(run, run_base, avail, &mut frags);
                if frags.is_empty() {
                    if run_end == seg.len() && run_base == base {
                        rows.push(row(base..base, bi, indent, &mut first));
                    }
                    continue;
                }
                for line in wrap_first_fit(&frags, &[avail as f64]) {
                    let (Some(f), Some(l)) = (line.first(), line.last()) else {
                        continue;
                    };
                    rows.push(row(f.word.start..l.word.end, bi, indent, &mut first));
                }
            }
        }
    }
    Wrapped { width, rows }
}

fn row(range: Range<usize>, block: usize, indent: u16, first: &mut bool) -> Row {
    let r = Row {
        range,
        block: Some(block as u32),
        indent,
        first: *first,
    };
    *first = false;
    r
}

/// Wrap `text` (paragraphs split at newlines, blank ones dropped) to
/// `width` columns, each row starting with `indent`, at most `max_rows`
/// rows. Only as much text as could fill those rows is wrapped, so the cost
/// is bounded whatever the text's length. Returns the rows and whether
/// text was left over.
pub fn wrap_capped(text: &str, width: usize, indent: &str, max_rows: usize) -> (Vec<String>, bool) {
    let opts = textwrap::Options::new(width.max(1))
        .initial_indent(indent)
        .subsequent_indent(indent);
    let per_row = width.saturating_sub(indent.width()).max(1);
    let mut out: Vec<String> = Vec::new();
    for para in text.split('\n').filter(|l| !l.trim().is_empty()) {
        let room = max_rows.saturating_sub(out.len());
        if room == 0 {
            return (out, true);
        }
        // A row holds at most `per_row` characters of one cell or more, so
        // this many characters fill the room (plus one to know if more).
        let budget = room.saturating_mul(per_row + 1).saturating_add(1);
        let cut = para
            .char_indices()
            .nth(budget)
            .map_or(para.len(), |(i, _)| i);
        let rows = textwrap::wrap(&para[..cut], &opts);
        let more = cut < para.len() || rows.len() > room;
        out.extend(rows.into_iter().take(room).map(|l| l.into_owned()));
        if more {
            return (out, true);
        }
    }
    (out, false)
}

/// Wrapped essays by (essay index, width), so a keypress never re-wraps.
#[derive(Debug, Clone, Default)]
pub struct LayoutCache {
    map: HashMap<(usize, u16), Arc<Wrapped>>,
}

impl LayoutCache {
    /// The essay wrapped to `width`, computing it on first use.
    pub fn get_or_wrap(&mut self, essays: &[Essay], essay: usize, width: u16) -> Arc<Wrapped> {
        self.map
            .entry((essay, width))
            .or_insert_with(|| Arc::new(wrap(&essays[essay], width)))
            .clone()
    }

    /// A wrapped essay if it has been computed.
    pub fn get(&self, essay: usize, width: u16) -> Option<&Arc<Wrapped>> {
        self.map.get(&(essay, width))
    }

    /// Drop entries for widths no longer in use (after a resize).
    pub fn retain_widths(&mut self, keep: &[(usize, u16)]) {
        self.map.retain(|k, _| keep.contains(k));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::markdown;

    fn essay(md: &str) -> Essay {
        let p = markdown::parse(md);
        Essay {
            id: "e".into(),
            path: "e.md".into(),
            meta: Default::default(),
            text: p.text,
            blocks: p.blocks,
            spans: p.spans,
        }
    }

    fn lines(e: &Essay, w: &Wrapped) -> Vec<String> {
        w.rows
            .iter()
            .map(|r| {
                format!(
                    "{}{}",
                    " ".repeat(r.indent.into()),
                    &e.text[r.range.clone()]
                )
            })
            .collect()
    }

    #[test]
    fn wraps_paragraphs_with_blank_rows_between() {
        let e = essay("one two three four five\n\nsix seven");
        let w = wrap(&e, 10);
        assert_eq!(
            lines(&e, &w),
            ["one two", "three four", "five", "", "six seven"]
        );
    }

    #[test]
    fn wide_characters_take_two_cells() {
        let e = essay("日本と韓国の関係は改善した");
        let w = wrap(&e, 10);
        for r in &w.rows {
            assert!(e.text[r.range.clone()].width() <= 10);
        }
        assert!(w.rows.len() >= 3);
        let joined: String = w.rows.iter().map(|r| &e.text[r.range.clone()]).collect();
        assert_eq!(joined, e.text);
    }

    #[test]
    fn long_words_are_cut_not_overflowed() {
        let e = essay("a supercalifragilisticexpialidocious b");
        let w = wrap(&e, 8);
        assert!(w.rows.iter().all(|r| e.text[r.range.clone()].width() <= 8));
    }

    #[test]
    fn long_words_break_at_hyphens_and_dashes_before_characters() {
        // Issue 8, defect 5: "semiconductor-re / lated" at narrow widths.
        let e = essay("on semiconductor-related products—diplomatic-economic ties");
        let w = wrap(&e, 16);
        assert_eq!(
            lines(&e, &w),
            [
                "on",
                "semiconductor-",
                "related products",
                "—diplomatic-",
                "economic ties"
            ]
        );
    }

    #[test]
    fn capped_wrapping_stops_at_the_cap_and_says_so() {
        let long = "word ".repeat(100_000);
        let (rows, more) = wrap_capped(&long, 20, "", 50);
        assert_eq!(rows.len(), 50);
        assert!(more);
        let (rows, more) = wrap_capped("two words\n\nthree", 20, "| ", 50);
        assert_eq!(rows, ["| two words", "| three"]);
        assert!(!more);
    }

    #[test]
    fn forced_breaks_start_a_fresh_row() {
        let e = essay("one two three four five six");
        let at = e.text.find("four").unwrap();
        let w = wrap_with_breaks(&e, 40, &[at]);
        assert_eq!(lines(&e, &w), ["one two three", "four five six"]);
        // A break at a paragraph's start changes nothing.
        let w = wrap_with_breaks(&e, 40, &[0]);
        assert_eq!(lines(&e, &w), ["one two three four five six"]);
    }

    #[test]
    fn list_items_are_indented_and_tight() {
        let e = essay("Intro.\n\n- alpha beta\n- gamma");
        let w = wrap(&e, 20);
        assert_eq!(lines(&e, &w), ["Intro.", "", "  alpha beta", "  gamma"]);
        assert!(w.rows[2].first && w.rows[3].first);
    }

    #[test]
    fn row_of_finds_the_row_holding_an_offset() {
        let e = essay("one two three four five\n\nsix seven");
        let w = wrap(&e, 10);
        let six = e.text.find("six").unwrap();
        assert_eq!(w.row_of(six), 4);
        assert_eq!(w.row_of(e.text.find("four").unwrap()), 1);
        assert_eq!(w.row_of(0), 0);
    }
}
