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
    /// Byte range of the plain text shown on this row (empty for blank
    /// rows): [`Row::range`]. Two `u32`s, not a `Range<usize>`: a wrapped
    /// essay holds a row per line (400,000 for a 30 MB paragraph, and
    /// synoptic mode keeps two wrappings of each essay). Essays are at
    /// most 64 MiB.
    start: u32,
    end: u32,
    /// The block this row belongs to, or None for a blank separator row.
    pub block: Option<u32>,
    /// Cells of indentation before the text (lists, quotes).
    pub indent: u16,
    /// True on the first row of a block (where a list marker is drawn).
    pub first: bool,
}

impl Row {
    /// A row showing `range` of the text.
    pub fn new(range: Range<usize>, block: Option<u32>, indent: u16, first: bool) -> Row {
        debug_assert!(range.end <= u32::MAX as usize, "essays are at most 64 MiB");
        Row {
            start: range.start as u32,
            end: range.end as u32,
            block,
            indent,
            first,
        }
    }

    /// Byte range of the plain text shown on this row (empty for blank
    /// rows).
    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Whether a passage (byte range of the text) covers this row. A blank
    /// row between blocks is covered when the passage runs across it.
    pub fn covered_by(&self, passage: &Range<usize>) -> bool {
        let row = self.range();
        if self.block.is_none() {
            passage.start < row.start && passage.end > row.start
        } else {
            passage.start < row.end && row.start < passage.end
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
        let mut i = self.rows.partition_point(|r| r.range().end <= offset);
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

/// Indentation for a block: each enclosing list's marker column (its
/// widest marker and a space: two cells for bullets), two cells per quote
/// level.
fn indent_of(b: &Block) -> u16 {
    let list = match b.list_indent {
        0 if b.kind == BlockKind::ListItem || b.list_depth > 0 => {
            2 * u16::from(b.list_depth.max(1))
        }
        n => n,
    };
    list.saturating_add(2 * u16::from(b.quote_depth.min(MAX_QUOTE_DEPTH)))
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
    wrap_in_slices(essay, width, breaks, WRAP_SLICE, None)
}

/// [`wrap_with_breaks`], taking the rows of every block without a break
/// from `plain` (the essay wrapped without breaks, as the reader has it)
/// instead of wrapping it again: synoptic mode re-wraps only the
/// paragraphs a passage starts inside, not a 30 MB one no passage is in.
/// A `plain` of another width is not used.
pub fn wrap_with_breaks_over(
    essay: &Essay,
    width: u16,
    breaks: &[usize],
    plain: &Wrapped,
) -> Wrapped {
    let plain = (plain.width == width.max(1)).then_some(plain);
    wrap_in_slices(essay, width, breaks, WRAP_SLICE, plain)
}

/// Whether any of `breaks` (sorted) falls strictly inside one of the
/// essay's blocks, so that [`wrap_with_breaks`] differs from [`wrap`].
pub fn breaks_fall_inside(essay: &Essay, breaks: &[usize]) -> bool {
    essay.blocks.iter().any(|b| {
        breaks.partition_point(|&x| x <= b.range.start)
            < breaks.partition_point(|&x| x < b.range.end)
    })
}

fn wrap_in_slices(
    essay: &Essay,
    width: u16,
    breaks: &[usize],
    slice: usize,
    plain: Option<&Wrapped>,
) -> Wrapped {
    let width = width.max(1);
    let mut rows = Vec::new();
    let mut frags = Vec::new();
    let mut prev_end: Option<usize> = None;
    // Where the next block's rows may start in `plain` (rows are in block
    // order).
    let mut plain_at = 0usize;
    for (bi, b) in essay.blocks.iter().enumerate() {
        if let Some(pe) = prev_end {
            // "\n\n" between blocks is a blank row; a single "\n" is not.
            if essay.text[pe..b.range.start].matches('\n').count() >= 2 {
                rows.push(Row::new(b.range.start..b.range.start, None, 0, false));
            }
        }
        prev_end = Some(b.range.end);
        if let Some(plain) = plain {
            // No break strictly inside the block: its rows are the plain
            // wrapping's.
            let inside = breaks.partition_point(|&x| x <= b.range.start)
                < breaks.partition_point(|&x| x < b.range.end);
            let own = |r: &Row| r.block == Some(bi as u32);
            while plain_at < plain.rows.len()
                && plain.rows[plain_at].block.is_none_or(|k| (k as usize) < bi)
            {
                plain_at += 1;
            }
            let from = plain_at;
            while plain_at < plain.rows.len() && own(&plain.rows[plain_at]) {
                plain_at += 1;
            }
            if !inside && from < plain_at {
                rows.extend_from_slice(&plain.rows[from..plain_at]);
                continue;
            }
        }
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
                // A long run is wrapped a slice at a time (first fit decides
                // each row from where it starts, so the slice's last row,
                // which its end may have cut short, is wrapped again as the
                // start of the next): a 30 MB paragraph never has all its
                // fragments in memory at once.
                let mut from = 0;
                let mut len = slice.max(1);
                loop {
                    let mut end = run.len();
                    if end - from > len {
                        end = from + len;
                        while !run.is_char_boundary(end) {
                            end -= 1;
                        }
                        if let Some(i) = run[from..end].rfind(' ').filter(|&i| i > 0) {
                            end = from + i + 1;
                        }
                    }
                    note_wrapped(end - from);
                    frags.clear();
                    fragments(&run[from..end], run_base + from, avail, &mut frags);
                    if frags.is_empty() {
                        if from == 0 && run_end == seg.len() && run_base == base {
                            rows.push(row(base..base, bi, indent, &mut first));
                        }
                        break;
                    }
                    let lines = wrap_first_fit(&frags, &[avail as f64]);
                    let last = end == run.len();
                    if !last && lines.len() < 2 {
                        // One row from a whole slice (zero-width text): widen.
                        len = len.saturating_mul(2);
                        continue;
                    }
                    let keep = if last { lines.len() } else { lines.len() - 1 };
                    for line in &lines[..keep] {
                        let (Some(f), Some(l)) = (line.first(), line.last()) else {
                            continue;
                        };
                        rows.push(row(f.word.start..l.word.end, bi, indent, &mut first));
                    }
                    if last {
                        break;
                    }
                    from = lines[keep].first().map_or(end, |f| f.word.start - run_base);
                    len = slice.max(1);
                }
            }
        }
    }
    // Grown by doubling, up to half the rows' room was spare: a wrapped
    // essay stays in the reader's cache for as long as its pane is open.
    rows.shrink_to_fit();
    Wrapped { width, rows }
}

fn row(range: Range<usize>, block: usize, indent: u16, first: &mut bool) -> Row {
    let r = Row::new(range, Some(block as u32), indent, *first);
    *first = false;
    r
}

/// Paragraphs longer than this many bytes are wrapped first-fit, a slice
/// of about this size at a time (shorter ones are wrapped whole, with
/// textwrap's optimal fit, as they always were): the optimal fit of one
/// 30 MB paragraph took seconds and hundreds of megabytes at once.
pub const WRAP_SLICE: usize = 64 * 1024;

/// The part of `text` that `rows` rows of `width` cells can show when it
/// is wrapped, and whether anything was cut off. A text of up to
/// [`WRAP_SLICE`] bytes comes back whole, so it wraps exactly as it always
/// did; a longer one (a hostile 1 MB title or stance) is cut after enough
/// characters to fill the rows and one more (a row shows at most `width`
/// characters and the space it breaks at), so what a view lays out for a
/// frame is bounded by the screen, not by the text.
pub fn shown_part(text: &str, width: usize, rows: usize) -> (&str, bool) {
    if text.len() <= WRAP_SLICE {
        return (text, false);
    }
    let budget = rows
        .saturating_add(1)
        .saturating_mul(width.max(1).saturating_add(1))
        .saturating_add(1);
    match text.char_indices().nth(budget) {
        Some((i, _)) => (&text[..i], true),
        None => (text, false),
    }
}

/// `textwrap::wrap(text, width)` for a place that shows at most `rows`
/// rows: the rows of [`shown_part`], and whether there is more than
/// `rows` rows' worth (the caller's cue for an ellipsis). The caller takes
/// the first `rows`.
pub fn wrap_shown(text: &str, width: usize, rows: usize) -> (Vec<String>, bool) {
    let (part, cut) = shown_part(text, width, rows);
    let lines: Vec<String> = textwrap::wrap(part, width.max(1))
        .into_iter()
        .map(|l| l.into_owned())
        .collect();
    let more = cut || lines.len() > rows;
    (lines, more)
}

/// Wrap `text` (paragraphs split at newlines, blank ones dropped) to
/// `width` columns, each row starting with `indent`, at most `max_rows`
/// rows. Only as much text as could fill those rows is wrapped, so the cost
/// is bounded whatever the text's length. Returns the rows and whether
/// text was left over.
pub fn wrap_capped(text: &str, width: usize, indent: &str, max_rows: usize) -> (Vec<String>, bool) {
    let mut out: Vec<String> = Vec::new();
    let more = wrap_each(text, width, indent, max_rows, &mut |l| out.push(l));
    (out, more)
}

/// [`wrap_capped`], handing each row to `emit` as it is made, so a caller
/// that writes rows out never holds them all. Returns whether text was
/// left over.
pub fn wrap_each(
    text: &str,
    width: usize,
    indent: &str,
    max_rows: usize,
    emit: &mut dyn FnMut(String),
) -> bool {
    wrap_sliced(text, width, indent, max_rows, WRAP_SLICE, emit)
}

fn wrap_sliced(
    text: &str,
    width: usize,
    indent: &str,
    max_rows: usize,
    slice: usize,
    emit: &mut dyn FnMut(String),
) -> bool {
    let opts = textwrap::Options::new(width.max(1))
        .initial_indent(indent)
        .subsequent_indent(indent);
    let per_row = width.saturating_sub(indent.width()).max(1);
    let mut rows = 0usize;
    for full in text.split('\n').filter(|l| !l.trim().is_empty()) {
        let room = max_rows.saturating_sub(rows);
        if room == 0 {
            return true;
        }
        // A row holds at most `per_row` characters of one cell or more, so
        // this many characters fill the room (plus one to know if more).
        let budget = room.saturating_mul(per_row + 1).saturating_add(1);
        let cut = full
            .char_indices()
            .nth(budget)
            .map_or(full.len(), |(i, _)| i);
        let para = &full[..cut];
        let made = if para.len() <= slice {
            note_wrapped(para.len());
            let lines = textwrap::wrap(para, &opts);
            let n = lines.len();
            for l in lines.into_iter().take(room) {
                emit(l.into_owned());
            }
            n
        } else {
            first_fit_sliced(para, &opts, indent, room, slice, emit)
        };
        rows += made.min(room);
        if cut < full.len() || made > room {
            return true;
        }
    }
    false
}

#[cfg(test)]
thread_local! {
    /// The most bytes handed to textwrap at once on this thread (tests).
    static LARGEST_WRAP: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Record a slice handed to textwrap (tests check the bound).
fn note_wrapped(_bytes: usize) {
    #[cfg(test)]
    LARGEST_WRAP.with(|c| c.set(c.get().max(_bytes)));
}

/// Wrap one long paragraph first-fit, `slice` bytes at a time, handing at
/// most `room` rows to `emit`; returns the rows made (more than `room` when
/// text was left over). First fit decides each row from where it starts,
/// so wrapping a slice and keeping all its rows but the last (which the
/// slice's end may have cut short) gives the rows of the whole paragraph;
/// the next slice starts where that last row did.
fn first_fit_sliced(
    para: &str,
    opts: &textwrap::Options,
    indent: &str,
    room: usize,
    slice: usize,
    emit: &mut dyn FnMut(String),
) -> usize {
    let opts = opts
        .clone()
        .wrap_algorithm(textwrap::WrapAlgorithm::FirstFit);
    let mut rest = para;
    let mut made = 0usize;
    let mut len = slice.max(1);
    loop {
        if rest.len() <= len {
            note_wrapped(rest.len());
            for l in textwrap::wrap(rest, &opts) {
                if made < room {
                    emit(l.into_owned());
                }
                made += 1;
            }
            return made;
        }
        // End the slice after a space where there is one, so its last
        // word is whole.
        let mut end = len;
        while !rest.is_char_boundary(end) {
            end -= 1;
        }
        if let Some(i) = rest[..end].rfind(' ').filter(|&i| i > 0) {
            end = i + 1;
        }
        note_wrapped(end);
        let lines = textwrap::wrap(&rest[..end], &opts);
        if lines.len() < 2 {
            // One row from a whole slice (zero-width characters): widen.
            len = len.saturating_mul(2);
            continue;
        }
        // Find where the kept rows end in `rest`: each row is the text it
        // shows, after the spaces the previous row ended with.
        let keep = lines.len() - 1;
        let mut at = 0;
        let mut as_written = true;
        for l in &lines[..keep] {
            let shown = l.strip_prefix(indent).unwrap_or(l);
            let start = if at == 0 {
                0
            } else {
                rest.len() - rest[at..].trim_start_matches(' ').len()
            };
            if !rest[start..].starts_with(shown) {
                as_written = false;
                break;
            }
            at = start + shown.len();
        }
        if !as_written || at == 0 {
            // Not the text as written (never expected), or no progress:
            // wrap the rest whole rather than guess.
            len = rest.len();
            continue;
        }
        for l in lines.into_iter().take(keep) {
            if made < room {
                emit(l.into_owned());
            }
            made += 1;
            if made > room {
                return made;
            }
        }
        rest = rest[at..].trim_start_matches(' ');
        len = slice.max(1);
    }
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

    /// Wrap every `(essay, width)` of `wanted` not cached yet, in parallel:
    /// the reader's first frame and a resize wrap all their panes at once,
    /// and each is a whole essay.
    pub fn wrap_missing(&mut self, essays: &[Essay], wanted: &[(usize, u16)]) {
        use rayon::prelude::*;
        let mut missing: Vec<(usize, u16)> = wanted
            .iter()
            .copied()
            .filter(|k| !self.map.contains_key(k))
            .collect();
        missing.sort_unstable();
        missing.dedup();
        let wrapped: Vec<((usize, u16), Arc<Wrapped>)> = missing
            .into_par_iter()
            .map(|(e, w)| ((e, w), Arc::new(wrap(&essays[e], w))))
            .collect();
        self.map.extend(wrapped);
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
            .map(|r| format!("{}{}", " ".repeat(r.indent.into()), &e.text[r.range()]))
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
            assert!(e.text[r.range()].width() <= 10);
        }
        assert!(w.rows.len() >= 3);
        let joined: String = w.rows.iter().map(|r| &e.text[r.range()]).collect();
        assert_eq!(joined, e.text);
    }

    #[test]
    fn long_words_are_cut_not_overflowed() {
        let e = essay("a supercalifragilisticexpialidocious b");
        let w = wrap(&e, 8);
        assert!(w.rows.iter().all(|r| e.text[r.range()].width() <= 8));
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
    fn a_long_paragraph_is_wrapped_in_bounded_slices() {
        // Issue 13, item 7: `show` wrapped a 30 MB paragraph in one go
        // (seconds, hundreds of MB). Every row must still come out.
        let long = "lorem ipsum dolor sit amet ".repeat(40_000); // ~1 MB
        LARGEST_WRAP.with(|c| c.set(0));
        let mut rows = 0usize;
        let mut chars = 0usize;
        let more = wrap_each(&long, 60, "│ ", usize::MAX, &mut |l| {
            assert!(l.width() <= 60, "{l}");
            rows += 1;
            chars += l.chars().count() - 2;
        });
        assert!(!more);
        let largest = LARGEST_WRAP.with(|c| c.get());
        assert!(largest <= WRAP_SLICE, "wrapped {largest} bytes at once");
        // Every word is there (rows hold the words and the single spaces
        // between words on a row).
        assert_eq!(chars + rows, long.chars().count());
        // A cap bounds the text touched too.
        LARGEST_WRAP.with(|c| c.set(0));
        let (got, more) = wrap_capped(&long, 60, "", 10);
        assert_eq!(got.len(), 10);
        assert!(more);
        assert!(LARGEST_WRAP.with(|c| c.get()) <= 11 * 61 + 1);
    }

    #[test]
    fn sliced_first_fit_breaks_rows_where_whole_first_fit_does() {
        let texts = [
            "one two three four five six seven eight nine ten ".repeat(30),
            "semiconductor-related products—diplomatic-economic ties  and   gaps ".repeat(20),
            format!("{} tail", "supercalifragilisticexpialidocious".repeat(12)),
            "日本と韓国の関係は改善した。 ".repeat(40),
        ];
        for text in &texts {
            for (width, indent) in [(20, ""), (33, "│ "), (12, "")] {
                let whole = textwrap::Options::new(width)
                    .initial_indent(indent)
                    .subsequent_indent(indent)
                    .wrap_algorithm(textwrap::WrapAlgorithm::FirstFit);
                let want: Vec<String> = textwrap::wrap(text, &whole)
                    .into_iter()
                    .map(|l| l.into_owned())
                    .collect();
                for slice in [7, 50, 97, 301] {
                    let mut got = Vec::new();
                    wrap_sliced(text, width, indent, usize::MAX, slice, &mut |l| got.push(l));
                    assert_eq!(got, want, "width {width} slice {slice}");
                }
            }
        }
    }

    #[test]
    fn an_essay_with_a_huge_paragraph_is_wrapped_in_bounded_slices() {
        // Issue 13, item 7: opening the reader on a 30 MB paragraph built
        // every fragment of it at once (hundreds of MB).
        let e = essay(&"lorem ipsum dolor sit amet ".repeat(40_000));
        LARGEST_WRAP.with(|c| c.set(0));
        let w = wrap(&e, 60);
        let largest = LARGEST_WRAP.with(|c| c.get());
        assert!(largest <= WRAP_SLICE, "wrapped {largest} bytes at once");
        let joined: String = w.rows.iter().map(|r| &e.text[r.range()]).collect();
        assert_eq!(joined.len() + w.rows.len() - 1, e.text.trim_end().len());
        assert!(w.rows.iter().all(|r| e.text[r.range()].width() <= 60));
    }

    #[test]
    fn sliced_essay_rows_match_whole_wrapping() {
        let md = [
            "one two three four five six seven eight nine ten ".repeat(30),
            "semiconductor-related products—diplomatic-economic ties  and   gaps ".repeat(20),
            format!("{} tail", "supercalifragilisticexpialidocious".repeat(12)),
            "日本と韓国の関係は改善した。".repeat(40),
            "- list item with some words in it\n- another item\n\n> quoted words here ".repeat(9),
        ]
        .join("\n\n");
        let e = essay(&md);
        for width in [12, 20, 33] {
            let whole = wrap_in_slices(&e, width, &[], usize::MAX, None);
            for slice in [7, 50, 97, 301] {
                assert_eq!(
                    wrap_in_slices(&e, width, &[], slice, None),
                    whole,
                    "width {width} slice {slice}"
                );
            }
        }
    }

    #[test]
    fn a_shown_part_is_the_whole_text_unless_it_is_huge() {
        // Short texts wrap exactly as before (optimal fit over the whole).
        let stance = "one two three four five six seven eight nine ten ".repeat(100);
        assert_eq!(shown_part(&stance, 20, 2), (stance.as_str(), false));
        let (lines, more) = wrap_shown(&stance, 20, 2);
        assert_eq!(lines, textwrap::wrap(&stance, 20));
        assert!(more);
        // A hostile megabyte is cut to what the rows can show, and the
        // rows shown are those of the whole text.
        let huge = "word ".repeat(200_000);
        let (part, cut) = shown_part(&huge, 20, 2);
        assert!(cut && part.len() < 100, "{}", part.len());
        let (lines, more) = wrap_shown(&huge, 20, 2);
        assert!(more);
        assert_eq!(lines[..2], textwrap::wrap(&huge[..1000], 20)[..2]);
    }

    #[test]
    fn breaks_over_a_plain_wrapping_rewrap_only_the_blocks_they_fall_in() {
        // Issue 13: synoptic mode wrapped a 30 MB paragraph a second time
        // (0.7 s) though no passage started in it.
        let huge = "lorem ipsum dolor sit amet ".repeat(10_000); // 270 KB
        let md = format!(
            "Short one two three four five six.\n\n{huge}\n\n- an item here\n- and another\n\n```\ncode line\n```\n\nLast words of it all."
        );
        let e = essay(&md);
        let plain = wrap(&e, 20);
        let breaks = [
            e.text.find("four").unwrap(),
            e.text.find("another").unwrap(),
        ];
        LARGEST_WRAP.with(|c| c.set(0));
        let over = wrap_with_breaks_over(&e, 20, &breaks, &plain);
        let largest = LARGEST_WRAP.with(|c| c.get());
        assert!(largest < 100, "wrapped {largest} bytes again");
        assert!(over == wrap_with_breaks(&e, 20, &breaks), "rows differ");
        // A break inside the huge paragraph re-wraps it, the same way.
        let mid = e.text.len() / 2;
        let mid = mid + e.text[mid..].find(' ').unwrap() + 1;
        let breaks = [breaks[0], mid, breaks[1]];
        let over = wrap_with_breaks_over(&e, 20, &breaks, &plain);
        assert!(over == wrap_with_breaks(&e, 20, &breaks), "rows differ");
        // A plain wrapping of another width is not used.
        let other = wrap(&e, 30);
        let wrong_width = wrap_with_breaks_over(&e, 20, &breaks, &other);
        assert!(
            wrong_width == wrap_with_breaks(&e, 20, &breaks),
            "rows differ"
        );
        // No breaks: exactly the plain rows.
        assert!(
            wrap_with_breaks_over(&e, 20, &[], &plain) == plain,
            "rows differ"
        );
        assert!(!breaks_fall_inside(&e, &[0, e.text.find("Last").unwrap()]));
        assert!(breaks_fall_inside(&e, &breaks));
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
