//! The compare view's state: the laid-out table for the current theme and
//! open essays, and how far it is scrolled. The selection is the reader's
//! own (focused pane, step), so stepping here moves the reader too.

use std::sync::Arc;

use crate::layout::compare::{self, Compare};

use super::reader::Reader;

/// Rows of the compare view above its body (the theme line).
pub const HEADER_ROWS: u16 = 1;

/// The smallest terminal the compare view draws in.
pub const MIN_SIZE: (u16, u16) = (20, 6);

/// The compare view's state.
#[derive(Debug, Clone, Default)]
pub struct CompareState {
    /// The layout for the current theme, panes and width (kept while
    /// another view shows: going back is then free).
    pub layout: Option<Arc<Compare>>,
    /// First row of the body on screen.
    pub scroll: usize,
}

impl CompareState {
    /// Rows of the body at this terminal size (between the theme line and
    /// the status bar).
    pub fn body_height(size: (u16, u16)) -> usize {
        usize::from(size.1.saturating_sub(HEADER_ROWS + 1))
    }

    /// Columns of the body at this terminal size.
    pub fn body_width(size: (u16, u16)) -> u16 {
        size.0.saturating_sub(2)
    }

    /// Lay out the table again if the theme, essays or width changed.
    pub fn refresh(&mut self, reader: &Reader) {
        let Some(t) = reader.theme else { return };
        let essays: Vec<usize> = reader.panes.iter().map(|p| p.essay).collect();
        let width = Self::body_width(reader.size);
        let fresh = self.layout.as_ref().is_none_or(|c| {
            c.theme != t
                || c.columns.iter().map(|c| c.essay).ne(essays.iter().copied())
                || c.width != width
        });
        if fresh {
            self.layout = Some(Arc::new(compare::compare_capped(
                &reader.corpus,
                t,
                &essays,
                width,
                compare::MAX_QUOTE_ROWS,
            )));
        }
        self.scroll = self.scroll.min(self.max_scroll(reader.size));
    }

    /// The first body row of column `i` (stacked columns follow each other).
    pub fn column_offset(&self, i: usize) -> usize {
        match &self.layout {
            Some(c) if c.stacked => c.columns.iter().take(i).map(|c| c.lines.len()).sum(),
            _ => 0,
        }
    }

    /// Rows of the whole table (all stacked columns, or the tallest).
    pub fn content_rows(&self) -> usize {
        self.layout.as_ref().map_or(0, |c| c.rows)
    }

    /// The furthest the body can scroll: its last row at the bottom.
    pub fn max_scroll(&self, size: (u16, u16)) -> usize {
        self.content_rows().saturating_sub(Self::body_height(size))
    }

    /// Scroll by rows, never past the end.
    pub fn scroll_by(&mut self, d: isize, size: (u16, u16)) {
        let max = self.max_scroll(size) as isize;
        self.scroll = (self.scroll as isize + d).clamp(0, max) as usize;
    }

    /// The body rows of the selected passage (focused column, step), if any.
    pub fn selection_rows(&self, reader: &Reader) -> Option<std::ops::Range<usize>> {
        let c = self.layout.as_ref()?;
        let col = c.columns.get(reader.focus)?;
        let offset = self.column_offset(reader.focus);
        if col.starts.is_empty() {
            // Nothing on the theme: the column's notice is the selection.
            return Some(offset..offset + col.lines.len());
        }
        let k = reader.step.min(col.starts.len() - 1);
        let start = col.starts[k];
        let end = col
            .lines
            .iter()
            .enumerate()
            .skip(start + 1)
            .find(|(_, l)| l.as_ref().is_some_and(|l| l.k.is_some() && l.k != Some(k)))
            .map_or(col.lines.len(), |(r, _)| r);
        Some(offset + start..offset + end)
    }

    /// Scroll so the selection is on screen (its start, and as much of it
    /// as fits).
    pub fn follow(&mut self, reader: &Reader) {
        self.refresh(reader);
        let Some(sel) = self.selection_rows(reader) else {
            return;
        };
        let h = Self::body_height(reader.size);
        if sel.start < self.scroll || sel.end > self.scroll + h {
            self.scroll = if sel.len() <= h {
                // All of it, a little below the top when there is room.
                sel.start.saturating_sub((h - sel.len()).min(h / 4))
            } else {
                sel.start
            };
        }
        self.scroll = self.scroll.min(self.max_scroll(reader.size));
    }
}
