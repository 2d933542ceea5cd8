//! The help overlay: the lines [`HelpState::layout`] wrapped, scrolled to
//! the state's position, and a footer naming the keys in effect.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Clear, Widget};

use super::fit;
use crate::tui::app::App;
use crate::tui::keymap::Command;
use crate::tui::overlay::help::{HelpState, HelpStyle};
use crate::tui::style::Palette;

/// The help text as plain lines, wrapped for a screen of `area` (for tests
/// and for anyone who wants it without drawing).
pub fn help_text(app: &App) -> Vec<String> {
    HelpState::layout(app.area(), &app.keymap, app.keymap_path.as_deref())
        .lines
        .into_iter()
        .map(|l| l.text)
        .collect()
}

pub(super) fn render(app: &App, h: &HelpState, area: Rect, buf: &mut Buffer, pal: &Palette) {
    let l = HelpState::layout(area, &app.keymap, app.keymap_path.as_deref());
    Clear.render(l.outer, buf);
    Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(
            " Help — keys in effect ",
            Style::default().add_modifier(Modifier::BOLD),
        ))
        .render(l.outer, buf);
    let scroll = h.scroll.min(l.max_scroll());
    for (k, line) in l
        .lines
        .iter()
        .skip(scroll)
        .take(usize::from(l.body.height))
        .enumerate()
    {
        let style = match line.style {
            HelpStyle::Plain => Style::default(),
            HelpStyle::Heading => Style::default().add_modifier(Modifier::BOLD),
            HelpStyle::Note => Style::default().add_modifier(Modifier::ITALIC),
        };
        buf.set_string(
            l.body.x,
            l.body.y + k as u16,
            fit(&line.text, l.body.width.into()),
            style,
        );
    }
    let k = |c| app.keymap.hint(c);
    let foot = format!(
        "{} or Esc closes · {}/{} scroll · {}/{} page · {}/{} start/end",
        k(Command::Help),
        k(Command::ScrollDown),
        k(Command::ScrollUp),
        k(Command::PageDown),
        k(Command::PageUp),
        k(Command::Top),
        k(Command::Bottom),
    );
    buf.set_string(
        l.footer.x,
        l.footer.y,
        fit(&foot, l.footer.width.into()),
        pal.dim(),
    );
}
