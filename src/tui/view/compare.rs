//! The compare view: for the current theme, one column per open essay, each
//! its passages with role and stance above the quoted text, the k-th
//! passages side by side. The selection is the reader's own: the focused
//! pane's column and the current step.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};

use super::fit;
use super::reader::theme_line;
use super::status::{self, hint, StatusLine};
use crate::layout::compare::{Kind, GAP};
use crate::tui::app::App;
use crate::tui::keymap::Command;
use crate::tui::style::Palette;

pub(super) fn render(app: &App, area: Rect, buf: &mut Buffer, pal: &Palette) {
    let (Some(c), Some(t)) = (&app.compare.layout, app.reader.theme) else {
        return;
    };
    theme_line(app, Rect::new(area.x, area.y, area.width, 1), buf, pal);
    let body = Rect::new(
        area.x + 1,
        area.y + 1,
        area.width.saturating_sub(2),
        area.height - 2,
    );
    let theme_style = pal.theme(app.corpus.theme(t).color, t);
    let cw = c.column_width;
    // Stacked: one column, essay blocks one after another.
    let mut placed: Vec<(u16, usize, usize)> = Vec::new(); // (x, column, first row)
    if c.stacked {
        let mut row = 0;
        for (i, col) in c.columns.iter().enumerate() {
            placed.push((body.x, i, row));
            row += col.lines.len();
        }
    } else {
        for i in 0..c.columns.len() {
            placed.push((body.x + i as u16 * (cw + GAP), i, 0));
        }
    }
    let sel_col = app.reader.focus;
    for &(x, i, first_row) in &placed {
        let col = &c.columns[i];
        let sel_k = (i == sel_col).then(|| app.reader.step.min(col.starts.len().saturating_sub(1)));
        for (r, line) in col.lines.iter().enumerate() {
            let screen_row = (first_row + r) as isize - app.compare.scroll as isize;
            if screen_row < 0 || screen_row >= body.height as isize {
                continue;
            }
            let y = body.y + screen_row as u16;
            let Some(line) = line else { continue };
            let selected = sel_k.is_some() && line.k == sel_k;
            let style = match line.kind {
                Kind::Essay => Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
                Kind::Title => pal.dim(),
                Kind::Role if selected => pal.selected().add_modifier(Modifier::BOLD),
                Kind::Role => theme_style.add_modifier(Modifier::BOLD),
                Kind::Stance => Style::default().add_modifier(Modifier::ITALIC),
                Kind::Quote => Style::default(),
                Kind::Note => pal.dim(),
                Kind::Notice => pal.dim().add_modifier(Modifier::ITALIC),
                Kind::Blank => Style::default(),
            };
            let text = fit(&line.text, cw.into());
            if line.kind == Kind::Quote {
                // The quote bar in the theme's colour; bold when selected.
                let bar = if selected { "┃ " } else { "│ " };
                let bar_style = if selected {
                    theme_style.add_modifier(Modifier::BOLD)
                } else {
                    theme_style
                };
                buf.set_string(x, y, bar, bar_style);
                buf.set_string(
                    x + 2,
                    y,
                    text.get(text.char_indices().nth(2).map_or(text.len(), |(i, _)| i)..)
                        .unwrap_or(""),
                    style,
                );
            } else {
                buf.set_string(x, y, &text, style);
            }
        }
        if !c.stacked && i + 1 < c.columns.len() {
            let sx = x + cw + 1;
            for y in body.y..body.bottom() {
                buf.set_string(sx, y, "│", pal.dim());
            }
        }
    }
    let status = Rect::new(area.x, area.bottom() - 1, area.width, 1);
    let col = c.columns.get(sel_col);
    let mut left = vec!["compare".to_string()];
    if let Some(col) = col {
        left.push(app.corpus.essay_label(col.essay));
        if col.passages.is_empty() {
            left.push("nothing on this theme".into());
        } else {
            left.push(format!(
                "passage {} of {}",
                app.reader.step.min(col.passages.len() - 1) + 1,
                col.passages.len()
            ));
        }
    }
    let hints = vec![
        hint(&[Command::ScrollDown, Command::ScrollUp], "passage"),
        hint(&[Command::FocusNext, Command::FocusPrev], "essay"),
        hint(&[Command::Select], "open in reader"),
        hint(&[Command::NextTheme, Command::PrevTheme], "theme"),
        hint(&[Command::PageDown, Command::PageUp], "scroll"),
        hint(&[], "Esc back"),
    ];
    status::draw(app, status, buf, pal, &StatusLine { left, hints });
}
