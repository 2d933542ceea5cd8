//! Drawing: a pure function of the app state. It reads the layout the core
//! and each view's state computed (wrapped rows, alignment tops, scroll
//! limits) and paints it; it never changes state. One file per view and
//! overlay; shared pieces (the status bar, overlay boxes, text rows) here
//! and in `status` and `text`.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};
use ratatui::Frame;

pub use crate::layout::fit;

use super::app::{App, Overlay, View};
use super::keymap::Command;
use super::message::count;
use super::style::Palette;

mod authoring;
mod compare;
mod details;
mod help;
mod matrix;
mod outline;
mod pickers;
mod present;
mod reader;
pub mod status;
mod synoptic;
mod text;

pub use help::help_text;

/// Gutter glyphs: where the current passage starts, its rows, rows of other
/// passages on the same theme, and rows of passages on other themes.
pub const MARK_START: &str = "▶";
/// Rows of the current passage.
pub const BAR_CURRENT: &str = "┃";
/// Rows of other passages on the current theme.
pub const BAR_THEME: &str = "│";
/// Rows of passages on other themes.
pub const BAR_OTHER: &str = "┆";

/// Draw the whole screen.
pub fn view(app: &App, frame: &mut Frame) {
    let area = frame.area();
    let buf = frame.buffer_mut();
    render(app, area, buf);
}

/// Draw into a buffer (the same as `view`, for callers without a Frame).
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let pal = Palette::new(app.color);
    if app.too_small().is_some() {
        too_small(app, area, buf);
        return;
    }
    match app.view {
        View::Compare => compare::render(app, area, buf, &pal),
        View::Matrix => matrix::render(app, area, buf, &pal),
        View::Synoptic => synoptic::render(app, area, buf, &pal),
        View::Present => present::render(app, area, buf, &pal),
        View::Reader => reader::render(app, area, buf, &pal),
    }
    overlays(app, area, buf, &pal);
}

fn overlays(app: &App, area: Rect, buf: &mut Buffer, pal: &Palette) {
    // Below this the screen already says it is too small; a box would not
    // fit its own border.
    if area.width < 20 || area.height < 6 {
        return;
    }
    let boxed = matches!(
        app.overlay,
        Some(
            Overlay::Help(_)
                | Overlay::Themes(_)
                | Overlay::Essays(..)
                | Overlay::Tours(_)
                | Overlay::Outline(_)
                | Overlay::Bookmarks(_)
                | Overlay::Problems(_)
        )
    );
    if boxed {
        dim_under(area, buf);
    }
    let before = boxed.then(|| buf.clone());
    match &app.overlay {
        Some(Overlay::Help(h)) => help::render(app, h, area, buf, pal),
        Some(Overlay::Themes(l)) => pickers::themes(app, l, area, buf, pal),
        Some(Overlay::Essays(l, purpose)) => pickers::essays(app, l, *purpose, area, buf, pal),
        Some(Overlay::Tours(l)) => pickers::tours(app, l, area, buf, pal),
        Some(Overlay::Search(p)) => status::search_prompt(app, p, area, buf, pal),
        Some(Overlay::Details(p)) => details::render(app, *p, area, buf, pal),
        Some(Overlay::Outline(o)) => outline::outline(app, o, area, buf, pal),
        Some(Overlay::Bookmarks(l)) => outline::bookmarks(app, l, area, buf, pal),
        Some(Overlay::Label(p)) => outline::label_prompt(app, p, area, buf, pal),
        Some(Overlay::Author(f)) => authoring::render(app, f, area, buf, pal),
        Some(Overlay::Problems(s)) => authoring::problems(app, s, area, buf, pal),
        None => {}
    }
    if let Some(before) = before {
        clear_beside_box(area, buf, &before);
    }
}

/// On the rows a box overlay spans, blank what is left and right of it:
/// text cut off by the box's border would read as words cut in half.
/// The box is found as the cells the overlay changed.
fn clear_beside_box(area: Rect, buf: &mut Buffer, before: &Buffer) {
    for y in area.top()..area.bottom() {
        let changed: Vec<u16> = (area.left()..area.right())
            .filter(|&x| buf[(x, y)] != before[(x, y)])
            .collect();
        let (Some(&l), Some(&r)) = (changed.first(), changed.last()) else {
            continue;
        };
        for x in (area.left()..l).chain(r + 1..area.right()) {
            buf[(x, y)].reset();
        }
    }
}

/// The "terminal too small" screen: what the view needs, what there is,
/// and the keys that still work (quit, help, and closing a pane where the
/// panes are what does not fit).
pub(super) fn too_small(app: &App, area: Rect, buf: &mut Buffer) {
    let Some((w, h)) = app.too_small() else {
        return;
    };
    let what = match app.view {
        View::Reader | View::Synoptic => count(app.reader.panes.len(), "pane", "panes"),
        View::Compare => "the compare view".into(),
        View::Matrix => "the coverage matrix".into(),
        View::Present => "presenter mode".into(),
    };
    let k = |c| app.keymap.hint(c);
    let keys = if matches!(app.view, View::Reader | View::Synoptic) && app.reader.panes.len() > 1 {
        format!(
            "enlarge the window; {} closes a pane, {} quits",
            k(Command::ClosePane),
            k(Command::Quit)
        )
    } else {
        format!("enlarge the window; {} quits", k(Command::Quit))
    };
    let lines = vec![
        Line::from("terminal too small").style(Style::default().add_modifier(Modifier::BOLD)),
        Line::from(format!("need {w}×{h} for {what}")),
        Line::from(format!("now {}×{}", area.width, area.height)),
        Line::from(keys),
    ];
    let top = area.height.saturating_sub(lines.len() as u16) / 2;
    let rect = Rect::new(area.x, area.y + top, area.width, area.height - top);
    Paragraph::new(lines)
        .alignment(ratatui::layout::Alignment::Center)
        .wrap(Wrap { trim: true })
        .render(rect, buf);
}

/// Fade what is under a box overlay, and hide the reader's start marks, so
/// nothing beside the box looks like a second cursor.
fn dim_under(area: Rect, buf: &mut Buffer) {
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            let cell = &mut buf[(x, y)];
            if cell.symbol() == MARK_START {
                cell.set_symbol(" ");
            }
            cell.modifier.insert(Modifier::DIM);
            cell.modifier.remove(Modifier::BOLD | Modifier::REVERSED);
        }
    }
}

/// The one-column separator to the right of a pane.
pub(super) fn separator(buf: &mut Buffer, pane: Rect, pal: &Palette) {
    let x = pane.right();
    if x >= buf.area.right() {
        return;
    }
    for y in pane.top()..pane.bottom() {
        buf[(x, y)].set_symbol("│").set_style(pal.dim());
    }
}

/// A centred box for an overlay, cleared, with a title.
pub(super) fn overlay_box(
    area: Rect,
    buf: &mut Buffer,
    width: u16,
    height: u16,
    title: &str,
) -> Rect {
    let w = width
        .min(area.width.saturating_sub(2))
        .max(10.min(area.width));
    let h = height
        .min(area.height.saturating_sub(2))
        .max(3.min(area.height));
    let rect = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    Clear.render(rect, buf);
    let block = Block::default().borders(Borders::ALL).title(Span::styled(
        format!(" {title} "),
        Style::default().add_modifier(Modifier::BOLD),
    ));
    let inner = block.inner(rect);
    block.render(rect, buf);
    inner
}
