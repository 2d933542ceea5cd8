//! Where everything goes on screen, computed from the terminal size and the
//! number of panes. A pure function used both by `update` (for wrap widths
//! and mouse hit-testing) and by `view` (for drawing), so the two agree.

use ratatui::layout::Rect;

/// Columns of the gutter (marker + theme bar) at the left of each text area.
pub const GUTTER: u16 = 2;
/// Columns added to the gutter for paragraph numbers ("¶12", "¶123").
pub const NUMBERS: u16 = 4;
/// Rows of the stance strip under each pane.
pub const STRIP_ROWS: u16 = 3;
/// Blank columns to the right of the text, before the separator.
pub const MARGIN: u16 = 1;
/// Narrowest usable text column.
pub const MIN_TEXT_WIDTH: u16 = 16;
/// Fewest usable text rows.
pub const MIN_TEXT_ROWS: u16 = 4;

/// One pane's areas.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaneGeom {
    /// The whole pane.
    pub area: Rect,
    /// The title row.
    pub title: Rect,
    /// The gutter (marker and theme bar).
    pub gutter: Rect,
    /// The text rows.
    pub text: Rect,
    /// The stance strip.
    pub strip: Rect,
}

/// The whole screen's layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Geometry {
    /// The header row (theme and question).
    pub header: Rect,
    /// One entry per pane, left to right.
    pub panes: Vec<PaneGeom>,
    /// The status bar (or search prompt) row.
    pub status: Rect,
    /// Set when the terminal is too small: the size needed.
    pub too_small: Option<(u16, u16)>,
}

/// The size needed to show `panes` panes under a header of `header` rows.
pub fn needed(panes: usize, header: u16) -> (u16, u16) {
    let n = panes.max(1) as u16;
    let w = n * (GUTTER + MIN_TEXT_WIDTH + MARGIN) + (n - 1);
    let h = header + 1 + MIN_TEXT_ROWS + STRIP_ROWS + 1;
    (w, h)
}

/// Lay out `panes` panes in a `width`×`height` terminal, under a header of
/// `header` rows (1, or more when a tour's prompt is shown).
pub fn compute(width: u16, height: u16, panes: usize, header: u16) -> Geometry {
    compute_with(width, height, panes, header, GUTTER)
}

/// [`compute`] with a gutter of `gutter` columns (wider when paragraph
/// numbers are shown).
pub fn compute_with(width: u16, height: u16, panes: usize, header: u16, gutter: u16) -> Geometry {
    let header_rows = header.max(1);
    let (need_w, need_h) = needed(panes, header_rows);
    let need_w = need_w + (panes.max(1) as u16) * gutter.saturating_sub(GUTTER);
    if width < need_w || height < need_h || panes == 0 {
        return Geometry {
            header: Rect::default(),
            panes: Vec::new(),
            status: Rect::default(),
            too_small: Some((need_w, need_h)),
        };
    }
    let top = header_rows;
    let header = Rect::new(0, 0, width, header_rows);
    let status = Rect::new(0, height - 1, width, 1);
    let body_h = height - 1 - header_rows;
    let n = panes as u16;
    // Share the width, one separator column between panes; the leftmost
    // panes take the remainder so the total is exact.
    let avail = width - (n - 1);
    let base = avail / n;
    let extra = avail % n;
    let mut x = 0;
    let mut out = Vec::with_capacity(panes);
    for i in 0..n {
        let w = base + u16::from(i < extra);
        let area = Rect::new(x, top, w, body_h);
        let title = Rect::new(x, top, w, 1);
        let text_h = body_h - 1 - STRIP_ROWS;
        let gutter_rect = Rect::new(x, top + 1, gutter, text_h);
        let text = Rect::new(x + gutter, top + 1, w - gutter - MARGIN, text_h);
        let strip = Rect::new(x, top + 1 + text_h, w, STRIP_ROWS);
        out.push(PaneGeom {
            area,
            title,
            gutter: gutter_rect,
            text,
            strip,
        });
        x += w + 1;
    }
    Geometry {
        header,
        panes: out,
        status,
        too_small: None,
    }
}

impl Geometry {
    /// The pane under a cell, if any.
    pub fn pane_at(&self, x: u16, y: u16) -> Option<usize> {
        self.panes.iter().position(|p| {
            x >= p.area.x && x < p.area.right() && y >= p.area.y && y < p.area.bottom()
        })
    }

    /// Rows between the header and the status bar.
    pub fn size_body_rows(&self) -> u16 {
        self.status.y.saturating_sub(self.header.bottom())
    }

    /// Text rows per pane (all panes have the same height).
    pub fn text_height(&self) -> u16 {
        self.panes.first().map_or(0, |p| p.text.height)
    }
}

/// How many panes fit at `min_width` columns each, between 2 and `max`.
pub fn default_pane_count(width: u16, essays: usize, min_width: u16) -> usize {
    let fit = usize::from(width / min_width.max(1));
    fit.clamp(2, 6).min(essays).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panes_share_the_width_exactly() {
        let g = compute(200, 50, 3, 1);
        assert!(g.too_small.is_none());
        let total: u16 = g.panes.iter().map(|p| p.area.width).sum::<u16>() + 2;
        assert_eq!(total, 200);
        assert!(g
            .panes
            .windows(2)
            .all(|w| w[0].area.right() + 1 == w[1].area.x));
        assert_eq!(g.text_height(), 50 - 2 - 1 - STRIP_ROWS);
    }

    #[test]
    fn too_small_says_what_is_needed() {
        let g = compute(30, 8, 2, 1);
        assert_eq!(g.too_small, Some(needed(2, 1)));
        assert!(g.panes.is_empty());
    }

    #[test]
    fn default_count_fits_forty_columns_each() {
        assert_eq!(default_pane_count(120, 6, 40), 3);
        assert_eq!(default_pane_count(80, 6, 40), 2);
        assert_eq!(default_pane_count(300, 6, 40), 6);
        assert_eq!(default_pane_count(300, 1, 40), 1);
    }
}
