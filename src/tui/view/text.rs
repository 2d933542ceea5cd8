//! One wrapped row of an essay's text, with its styles, quote bars, list
//! markers and search hits; shared by the reader and synoptic mode.

use std::ops::Range;

use ratatui::buffer::Buffer;
use ratatui::style::{Modifier, Style};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::corpus::markdown::{BlockKind, Inline};
use crate::layout::Row;
use crate::tui::app::{App, View};
use crate::tui::geometry::PaneGeom;
use crate::tui::style::Palette;

/// Passages of an essay overlapping a byte range, as (passage, range).
pub(super) fn passages_over(
    app: &App,
    essay: usize,
    span: Range<usize>,
) -> Vec<(usize, Range<usize>)> {
    app.corpus
        .passages_in(essay)
        .iter()
        .map(|&p| (p, app.corpus.passage(p).range.clone()))
        .filter(|(_, r)| r.start <= span.end && span.start <= r.end)
        .collect()
}

/// Draw one wrapped row of pane `i`'s essay at screen row `y`. The caller
/// passes the row: looking the layout up here, per row, recomputed the
/// screen geometry (and a tour prompt's wrap) hundreds of times a frame.
pub(super) fn text_row(
    app: &App,
    i: usize,
    pg: &PaneGeom,
    buf: &mut Buffer,
    pal: &Palette,
    y: u16,
    row: &Row,
) {
    let pane = &app.reader.panes[i];
    let essay = &app.corpus.essays[pane.essay];
    let Some(block) = row.block.and_then(|b| essay.blocks.get(b as usize)) else {
        return;
    };
    let mut x = pg.text.x;
    let right = pg.text.right();
    // Quote bars and list markers live in the indentation.
    let indent = row.indent;
    // One bar per level, up to the capped depth, and only inside the
    // indentation: bars never run over the text.
    let bars = u16::from(block.quote_depth.min(crate::layout::MAX_QUOTE_DEPTH));
    for d in 0..bars {
        if 2 * d < indent && x + 2 * d < right {
            buf.set_string(x + 2 * d, y, "│", pal.dim());
        }
    }
    if row.first {
        if let Some(m) = &block.marker {
            let mx = x + indent.saturating_sub(m.width() as u16 + 1);
            if mx < right {
                buf.set_string(mx, y, m, Style::default().add_modifier(Modifier::BOLD));
            }
        }
    }
    x += indent;
    let base = match block.kind {
        BlockKind::Heading(_) => pal.heading(),
        BlockKind::Code => pal.dim(),
        _ if block.quote_depth > 0 => Style::default().add_modifier(Modifier::ITALIC),
        _ => Style::default(),
    };
    // Cut the row at every style boundary: inline spans and search hits.
    let r = row.range();
    let mut cuts = vec![r.start, r.end];
    let styles: Vec<(Range<usize>, Style)> = essay
        .spans
        .iter()
        .filter(|s| s.range.start < r.end && r.start < s.range.end)
        .map(|s| {
            let st = match s.style {
                Inline::Emphasis => Style::default().add_modifier(Modifier::ITALIC),
                Inline::Strong => Style::default().add_modifier(Modifier::BOLD),
                Inline::Code => pal.dim(),
                Inline::Link => Style::default().add_modifier(Modifier::UNDERLINED),
                Inline::Strike => Style::default().add_modifier(Modifier::CROSSED_OUT),
            };
            (s.range.clone(), st)
        })
        .chain(if app.view == View::Reader {
            outside_current(app, i, &r, pal)
        } else {
            Vec::new()
        })
        .chain(selection(app, i, &r, pal))
        .chain(
            pane.hits
                .iter()
                .enumerate()
                .filter(|(_, h)| h.start < r.end && r.start < h.end)
                .map(|(k, h)| (h.clone(), pal.hit(pane.hit == Some(k)))),
        )
        .collect();
    for (sr, _) in &styles {
        cuts.push(sr.start.clamp(r.start, r.end));
        cuts.push(sr.end.clamp(r.start, r.end));
    }
    cuts.sort_unstable();
    cuts.dedup();
    for pair in cuts.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if a >= b || x >= right {
            continue;
        }
        let mut st = base;
        for (sr, s) in &styles {
            if sr.start <= a && b <= sr.end {
                st = st.patch(*s);
            }
        }
        x = put(buf, x, y, &essay.text[a..b], st, right);
    }
}

/// Write text from `x` up to (not including) column `right`; returns the
/// column after it. Text whose every character is one cell wide (nearly
/// all essay text) is written a char per cell; anything else (wide CJK,
/// combining marks) goes through ratatui's grapheme-aware `set_stringn`.
/// Grapheme segmentation was most of a frame's cost.
pub(crate) fn put(buf: &mut Buffer, x: u16, y: u16, s: &str, style: Style, right: u16) -> u16 {
    if x >= right {
        return x;
    }
    let simple = s.bytes().all(|b| (0x20..0x7f).contains(&b))
        || s.chars()
            .all(|c| !c.is_control() && UnicodeWidthChar::width(c) == Some(1));
    if !simple {
        return buf.set_stringn(x, y, s, usize::from(right - x), style).0;
    }
    let mut x = x;
    for c in s.chars() {
        if x >= right {
            break;
        }
        buf[(x, y)].set_char(c).set_style(style);
        x += 1;
    }
    x
}

/// The words selected for tagging, on this pane's rows.
fn selection(
    app: &App,
    i: usize,
    r: &Range<usize>,
    pal: &Palette,
) -> Option<(Range<usize>, Style)> {
    match &app.reader.mode {
        crate::tui::reader::ReaderMode::Select(s)
            if s.pane == i
                && app.view == View::Reader
                && s.range.start < r.end
                && r.start < s.range.end =>
        {
            Some((s.range.clone(), pal.selected()))
        }
        _ => None,
    }
}

/// On rows of the current passage, the text before its start and after its
/// end is dimmed, so the passage's first and last words stand out.
fn outside_current(
    app: &App,
    i: usize,
    r: &Range<usize>,
    pal: &Palette,
) -> Vec<(Range<usize>, Style)> {
    let Some(t) = app.reader.target(i) else {
        return Vec::new();
    };
    let p = &app.corpus.passage(t.passage).range;
    if p.start >= r.end || r.start >= p.end {
        return Vec::new();
    }
    let mut out = Vec::new();
    if p.start > r.start {
        out.push((r.start..p.start, pal.dim()));
    }
    if p.end < r.end {
        out.push((p.end..r.end, pal.dim()));
    }
    out
}
