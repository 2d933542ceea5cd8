//! Synoptic mode (drawn once the alignment core lands).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::tui::app::App;
use crate::tui::style::Palette;

pub(super) fn render(app: &App, area: Rect, buf: &mut Buffer, pal: &Palette) {
    super::reader(app, area, buf, pal);
}
