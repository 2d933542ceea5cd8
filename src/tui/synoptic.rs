//! Synoptic mode's state: the alignment of the open panes (recomputed when
//! the essays, widths or pivot change) and the shared scroll position.

use std::sync::Arc;

use crate::align::synoptic::{self, PaneInput, Synopsis};
use crate::layout::{self, Wrapped};

use super::message::Message;
use super::reader::Reader;

/// Synoptic mode's state.
#[derive(Debug, Clone, Default)]
pub struct SynopticState {
    /// The shared row at the top of the view.
    pub top: isize,
    /// The alignment for the open panes, widths and pivot.
    pub synopsis: Option<Arc<Synopsis>>,
    /// Each pane's essay wrapped for synoptic mode: like the reader's, but
    /// every passage starts on a fresh row (so filler never splits a
    /// sentence).
    pub wrapped: Vec<Arc<Wrapped>>,
    /// What `synopsis` was computed for: (essay, width) per pane, pivot.
    key: Option<(Vec<(usize, u16)>, usize)>,
}

/// A passage with a counterpart elsewhere that is in no aligned group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unaligned {
    /// The passage.
    pub passage: usize,
    /// Its shared row.
    pub row: usize,
    /// The pane of its counterpart.
    pub to_pane: usize,
    /// The counterpart's shared row.
    pub to_row: usize,
}

impl SynopticState {
    /// Align again if the panes, widths or pivot (the focused pane) changed.
    pub fn refresh(&mut self, reader: &mut Reader) {
        let keep = reader.relayout();
        let key = (keep.clone(), reader.focus);
        if self.key.as_ref() == Some(&key) && self.synopsis.is_some() {
            return;
        }
        let corpus = reader.corpus.clone();
        self.wrapped = keep
            .iter()
            .map(|&(e, w)| {
                let mut starts: Vec<usize> = corpus
                    .passages_in(e)
                    .iter()
                    .map(|&p| corpus.passage(p).range.start)
                    .collect();
                starts.sort_unstable();
                // Only paragraphs a passage starts inside are wrapped again;
                // the rest are the reader's rows (relayout just made them).
                let essay = &corpus.essays[e];
                match reader.layouts.get(e, w) {
                    // No passage starts inside a paragraph: the reader's
                    // rows themselves, shared.
                    Some(plain) if !layout::breaks_fall_inside(essay, &starts) => plain.clone(),
                    Some(plain) => {
                        Arc::new(layout::wrap_with_breaks_over(essay, w, &starts, plain))
                    }
                    None => Arc::new(layout::wrap_with_breaks(essay, w, &starts)),
                }
            })
            .collect();
        let inputs: Vec<PaneInput> = keep
            .iter()
            .zip(&self.wrapped)
            .map(|(&(e, _), wrapped)| PaneInput::from_essay(&corpus, e, wrapped))
            .collect();
        self.key = Some(key);
        self.synopsis = Some(Arc::new(synoptic::align(&inputs, reader.focus)));
        self.top = self.top.clamp(0, self.max_top(reader));
    }

    /// Rows of the shared scroll.
    pub fn total_rows(&self) -> usize {
        self.synopsis.as_ref().map_or(0, |s| s.total_rows())
    }

    /// The furthest the view can scroll: the last row at the bottom.
    pub fn max_top(&self, reader: &Reader) -> isize {
        (self.total_rows() as isize - reader.text_height() as isize).max(0)
    }

    /// Scroll by rows.
    pub fn scroll(&mut self, d: isize, reader: &Reader) {
        self.top = (self.top + d).clamp(0, self.max_top(reader));
    }

    /// Scroll by pages.
    pub fn page(&mut self, d: isize, reader: &Reader) {
        let page = (reader.text_height().max(3) - 2) as isize;
        self.scroll(d * page, reader);
    }

    /// To the first row (`false`) or the last page (`true`).
    pub fn top_or_bottom(&mut self, bottom: bool, reader: &Reader) {
        self.top = if bottom { self.max_top(reader) } else { 0 };
    }

    /// Passages in a pane that have a counterpart elsewhere but are not in
    /// any aligned group.
    pub fn unaligned(&self, pane: usize) -> Vec<Unaligned> {
        let Some(syn) = self.synopsis.as_ref().filter(|s| pane < s.pane_count()) else {
            return Vec::new();
        };
        // The pane's aligned passages, gathered once (asking every column
        // about every moved passage was quadratic: 0.25 s a frame with
        // thousands of passages).
        let mut in_groups: Vec<usize> = syn
            .columns()
            .iter()
            .filter_map(|c| c.cells.get(pane)?.as_ref())
            .flat_map(|cell| cell.passages.iter().copied())
            .collect();
        in_groups.sort_unstable();
        let aligned = |p: usize| in_groups.binary_search(&p).is_ok();
        let mut out: Vec<Unaligned> = syn
            .moved_in(pane)
            .iter()
            .filter(|m| !aligned(m.passage))
            .map(|m| Unaligned {
                passage: m.passage,
                row: m.row,
                to_pane: m.to.pane,
                to_row: m.to.row,
            })
            .collect();
        out.dedup_by_key(|m| m.passage);
        out
    }

    /// The out-of-order passage Enter acts on: the first one (marked ↪)
    /// starting on a visible row of the focused pane.
    pub fn target(&self, reader: &Reader) -> Option<Unaligned> {
        let top = self.top.max(0) as usize;
        let h = usize::from(reader.text_height());
        self.unaligned(reader.focus)
            .into_iter()
            .find(|m| m.row >= top && m.row < top + h)
    }

    /// Enter: scroll to the counterpart of the ↪ passage on screen in the
    /// focused pane, and focus its pane.
    pub fn jump_to_counterpart(&mut self, reader: &mut Reader) -> Message {
        match self.target(reader) {
            Some(m) => {
                self.top = (m.to_row as isize - reader.anchor() as isize).max(0);
                self.top = self.top.min(self.max_top(reader));
                let theme = reader.corpus.passage(m.passage).themes[0];
                let msg = format!(
                    "counterpart in {} (on “{}”)",
                    reader.corpus.essay_label(reader.panes[m.to_pane].essay),
                    reader.corpus.theme(theme).title
                );
                reader.focus = m.to_pane;
                msg.into()
            }
            None => "no passage marked ↪ on screen in this pane; scroll to one".into(),
        }
    }

    /// Entering synoptic mode: start at the focused pane's reading position.
    pub fn enter(&mut self, reader: &mut Reader) {
        self.refresh(reader);
        let f = reader.focus;
        let own = match (reader.panes.get(f), reader.wrapped(f), self.wrapped.get(f)) {
            (Some(p), Some(rw), Some(sw)) if p.top > 0 => {
                let top = (p.top as usize).min(rw.len().saturating_sub(1));
                rw.rows.get(top).map_or(0, |r| sw.row_of(r.range().start))
            }
            _ => 0,
        };
        // A synopsis computed while the terminal was too small has no panes.
        self.top = self
            .synopsis
            .as_ref()
            .filter(|s| f < s.pane_count())
            .map_or(0, |s| s.shared_row(f, own)) as isize;
        self.top = self.top.clamp(0, self.max_top(reader));
    }

    /// Leaving synoptic mode: each pane continues from the shared top.
    pub fn leave(&mut self, reader: &mut Reader) {
        let Some(syn) = self.synopsis.clone() else {
            return;
        };
        let top = self.top.max(0) as usize;
        for i in 0..reader.panes.len().min(syn.pane_count()) {
            // The first text row at or below the shared top.
            let own = (top..syn.total_rows()).find_map(|r| match syn.line(i, r) {
                synoptic::Line::Text(own) => Some(own),
                _ => None,
            });
            let offset =
                own.and_then(|o| self.wrapped.get(i)?.rows.get(o).map(|r| r.range().start));
            if let (Some(offset), Some(rw)) = (offset, reader.wrapped(i)) {
                reader.panes[i].top = rw.row_of(offset) as isize;
            }
        }
        reader.aligned = false;
    }
}
