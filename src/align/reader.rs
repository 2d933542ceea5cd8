//! Per-theme alignment for the reader: every pane scrolls so that its
//! current passage on the theme starts on the same screen row.
//!
//! Pane positions are "virtual" rows: a top above 0 or a bottom past the
//! essay's end shows blank padding, so an essay's start or end never
//! prevents alignment.

use crate::corpus::Corpus;
use crate::layout::Wrapped;

/// What a pane shows at step `k` of a theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    /// The passage (index into the map's passages).
    pub passage: usize,
    /// Which of the essay's passages on the theme it is (0-based; clamped to
    /// the last when the essay has fewer than `k + 1`).
    pub index: usize,
    /// How many passages the essay has on the theme.
    pub count: usize,
}

/// The passage an essay shows at step `k` of a theme: its k-th, or its last
/// if it has fewer; None if it has none.
pub fn target(corpus: &Corpus, theme: usize, essay: usize, k: usize) -> Option<Target> {
    let ps = corpus.passages_on(theme, essay);
    let last = ps.len().checked_sub(1)?;
    let index = k.min(last);
    Some(Target {
        passage: ps[index],
        index,
        count: ps.len(),
    })
}

/// The number of steps of a theme across some essays: the most passages
/// any one of them has on it.
pub fn steps(corpus: &Corpus, theme: usize, essays: &[usize]) -> usize {
    essays
        .iter()
        .map(|&e| corpus.passages_on(theme, e).len())
        .max()
        .unwrap_or(0)
}

/// The screen row (within a text area of `height` rows) where aligned
/// passages start: about a third of the way down, so there is context
/// above and room for the passage below.
pub fn anchor_row(height: u16) -> u16 {
    height / 3
}

/// The top (virtual row) that puts `row` at screen row `anchor`.
pub fn top_for(row: usize, anchor: u16) -> isize {
    row as isize - anchor as isize
}

/// The first row of a passage in a wrapped essay.
pub fn passage_row(corpus: &Corpus, wrapped: &Wrapped, passage: usize) -> usize {
    wrapped.row_of(corpus.passage(passage).range.start)
}

/// Bounds for a manual scroll of one pane: never further into padding than
/// it already is, and never past the point where the last row is at the top.
pub fn clamp_top(top: isize, current: isize, rows: usize) -> isize {
    let min = current.min(0);
    let max = current.max(rows.saturating_sub(1) as isize);
    top.clamp(min, max)
}

/// For a scroll of all panes together by `delta` rows: the largest delta
/// (same sign, no larger in size) that keeps at least one pane's text on
/// screen, so synced panes stay aligned and never all scroll away.
pub fn clamp_synced_delta(delta: isize, tops: &[isize], rows: &[usize], height: u16) -> isize {
    if tops.is_empty() {
        return 0;
    }
    let h = height.max(1) as isize;
    // Pane i shows text while top in (-h, rows_i).
    let (lo, hi) = tops
        .iter()
        .zip(rows)
        .map(|(&t, &r)| (-h + 1 - t, r as isize - 1 - t))
        .fold((isize::MAX, isize::MIN), |(lo, hi), (l, u)| {
            (lo.min(l), hi.max(u))
        });
    // Any delta in [lo, hi] keeps some pane visible; never move backwards.
    if delta > 0 {
        delta.min(hi.max(0))
    } else {
        delta.max(lo.min(0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchor_is_a_third_down() {
        assert_eq!(anchor_row(30), 10);
        assert_eq!(anchor_row(2), 0);
    }

    #[test]
    fn top_for_may_be_negative_padding() {
        assert_eq!(top_for(3, 10), -7);
        assert_eq!(top_for(40, 10), 30);
    }

    #[test]
    fn manual_scroll_never_goes_further_into_padding() {
        assert_eq!(clamp_top(-3, 0, 100), 0);
        assert_eq!(clamp_top(-8, -5, 100), -5);
        assert_eq!(clamp_top(-4, -5, 100), -4);
        assert_eq!(clamp_top(500, 10, 100), 99);
    }

    #[test]
    fn synced_delta_keeps_one_pane_visible() {
        // Two panes: a short essay (10 rows) and a long one (100 rows).
        let tops = [0, 0];
        let rows = [10, 100];
        assert_eq!(clamp_synced_delta(50, &tops, &rows, 20), 50);
        assert_eq!(clamp_synced_delta(500, &tops, &rows, 20), 99);
        assert_eq!(clamp_synced_delta(-500, &tops, &rows, 20), -19);
    }
}
