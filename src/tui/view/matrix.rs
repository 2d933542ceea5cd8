//! The coverage matrix: themes as rows, essays as columns; each cell the
//! passage count, a bar for the share of the essay's words, and the role
//! the passages mostly play. The cursor's cell is explained below.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::{Paragraph, Widget, Wrap};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::fit;
use super::status::{self, hint, StatusLine};
use crate::align::coverage::bar;
use crate::tui::app::App;
use crate::tui::keymap::Command;
use crate::tui::style::Palette;

use crate::align::coverage::Sort;
use crate::tui::matrix::MIN_CELL;

pub(super) fn render(app: &App, area: Rect, buf: &mut Buffer, pal: &Palette) {
    let c = &app.corpus;
    let Some(cov) = &app.matrix.coverage else {
        return;
    };
    let order = app.matrix.sort.order(cov);
    let (title_w, cell_w) = columns(app, area.width);
    let x0 = area.x;
    let order_label = match app.matrix.sort {
        Sort::Essay(e) => format!("by {}'s share", c.essay_label(e)),
        other => other.label().to_string(),
    };
    buf.set_string(
        x0,
        area.y,
        fit(
            &format!(" Coverage — themes × essays · {order_label}"),
            area.width.into(),
        ),
        Style::default().add_modifier(Modifier::BOLD),
    );
    // Column headers: essay labels on two rows.
    for e in 0..c.essays.len() {
        let x = x0 + title_w + e as u16 * (cell_w + 1);
        let style = if e == app.matrix.col {
            pal.selected()
        } else {
            Style::default().add_modifier(Modifier::BOLD)
        };
        let label = c.essay_label(e);
        let (a, b) = split_label(&label, cell_w.into());
        buf.set_string(x, area.y + 1, fit(&a, cell_w.into()), style);
        buf.set_string(x, area.y + 2, fit(&b, cell_w.into()), style);
    }
    let full = cov.max_share();
    let detail_h = 5u16;
    let rows_h = area.height.saturating_sub(3 + detail_h + 1);
    let first = app
        .matrix
        .row
        .saturating_sub(usize::from(rows_h).saturating_sub(1));
    for (r, &t) in order.iter().enumerate().skip(first).take(rows_h.into()) {
        let y = area.y + 3 + (r - first) as u16;
        let th = c.theme(t);
        let here = r == app.matrix.row;
        let tstyle = if here {
            Style::default().add_modifier(Modifier::BOLD)
        } else {
            Style::default()
        };
        buf.set_string(x0, y, "■", pal.theme(th.color, t));
        // Narrow screens show the theme's short id rather than a cut title.
        let name = if title_w < 26 { &th.id } else { &th.title };
        buf.set_string(
            x0 + 2,
            y,
            fit(name, usize::from(title_w.saturating_sub(3))),
            tstyle,
        );
        for e in 0..c.essays.len() {
            let cell = cov.cell(t, e);
            let x = x0 + title_w + e as u16 * (cell_w + 1);
            let style = if here && e == app.matrix.col {
                pal.selected()
            } else {
                Style::default()
            };
            let bar_w = usize::from(cell_w).saturating_sub(5);
            let text = if cell.passages == 0 {
                format!("{:>2}", "·")
            } else {
                format!(
                    "{:>2} {} {}",
                    cell.passages,
                    bar(cell.share, full, bar_w),
                    if app.hidden {
                        ' '
                    } else {
                        cell.dominant.map_or(' ', crate::mapping::Role::letter)
                    }
                )
            };
            buf.set_string(x, y, format!("{text:<w$}", w = usize::from(cell_w)), style);
            if cell.passages > 0 && !(here && e == app.matrix.col) {
                // Colour the bar with the theme's colour.
                let bx = x + 3;
                for dx in 0..bar_w as u16 {
                    buf[(bx + dx, y)].set_style(pal.theme(th.color, t));
                }
            }
        }
    }
    // The cursor's cell, explained.
    let dy = area.y + 3 + rows_h;
    let detail = Rect::new(
        x0 + 1,
        dy + 1,
        area.width.saturating_sub(2),
        detail_h.saturating_sub(1),
    );
    buf.set_string(x0, dy, "─".repeat(area.width.into()), pal.dim());
    if let Some(t) = app.matrix.theme() {
        let e = app.matrix.col;
        let cell = cov.cell(t, e);
        let th = c.theme(t);
        // The box shows a few rows: only what they can hold is laid out
        // (a title or stance may be a hostile megabyte).
        let (w, h) = (usize::from(detail.width), usize::from(detail.height));
        let shown = |s: &'_ str| crate::layout::shown_part(s, w, h).0.to_string();
        let mut text = format!("{} on “{}”: ", c.essay_label(e), shown(&th.title));
        if cell.passages == 0 {
            text.push_str("nothing.");
        } else {
            text.push_str(&format!(
                "{} passage{}, {:.0}% of the essay's words",
                cell.passages,
                if cell.passages == 1 { "" } else { "s" },
                cell.share * 100.0,
            ));
            if !app.hidden {
                text.push_str(&format!(
                    ", mostly {}",
                    cell.dominant.map_or("untagged", |r| r.name())
                ));
            }
            text.push('.');
            if let Some(s) = c
                .passages_on(t, e)
                .first()
                .and_then(|&p| c.passage(p).stance.as_deref())
                .filter(|_| !app.hidden)
            {
                text.push_str(&format!("  First stance: {}", shown(s)));
            }
        }
        let (text, _) = crate::layout::shown_part(&text, w, h);
        Paragraph::new(text)
            .wrap(Wrap { trim: true })
            .render(detail, buf);
    }
    let status = Rect::new(area.x, area.bottom() - 1, area.width, 1);
    let left = vec!["matrix".to_string(), crate::mapping::Role::legend(" ")];
    let hints = vec![
        hint(&[Command::ScrollDown, Command::ScrollUp], "theme"),
        hint(&[Command::FocusNext, Command::FocusPrev], "essay"),
        hint(&[Command::Select], "open in reader"),
        hint(&[Command::Sort], "order"),
        hint(&[], "Esc back"),
    ];
    status::draw(app, status, buf, pal, &StatusLine { left, hints });
}

/// Widths of the title column and of each cell: cells first get what they
/// need, then the titles get what they need (the full titles when there is
/// room), and what is left widens the cells, so a wide screen is used.
fn columns(app: &App, width: u16) -> (u16, u16) {
    let c = &app.corpus;
    let n = c.essays.len().max(1) as u16;
    let mut cell_w = ((width.saturating_sub(12)) / n).clamp(MIN_CELL + 1, 14) - 1;
    let need_title = c
        .map
        .themes
        .iter()
        .map(|t| width_upto(&t.title, width) + 3)
        .max()
        .unwrap_or(10);
    let title_w = need_title.min(width.saturating_sub(n * (cell_w + 1)));
    // Wider cells show whole essay labels and longer bars; past 24 columns
    // they only add blank space.
    let spare = width.saturating_sub(title_w + n * (cell_w + 1));
    cell_w = (cell_w + spare / n).min(24);
    (title_w, cell_w)
}

/// A string's width in cells, counted no further than `cap`: a title
/// wider than the screen needs no more exact a measure (and a hostile 1 MB
/// one would overflow a `u16`).
fn width_upto(s: &str, cap: u16) -> u16 {
    let mut w = 0u16;
    for c in s.chars() {
        if w > cap {
            break;
        }
        w = w.saturating_add(c.width().unwrap_or(0).try_into().unwrap_or(u16::MAX));
    }
    w
}

/// Split a label over two lines at a space, if it is too long for one.
fn split_label(label: &str, width: usize) -> (String, String) {
    if label.width() <= width {
        return (label.to_string(), String::new());
    }
    let cut = label
        .char_indices()
        .rev()
        .find(|&(i, ch)| ch == ' ' && i > 0 && label[..i].width() <= width)
        .map(|(i, _)| i);
    match cut {
        Some(i) => (label[..i].to_string(), label[i + 1..].to_string()),
        None => (label.to_string(), String::new()),
    }
}
