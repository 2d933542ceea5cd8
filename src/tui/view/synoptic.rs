//! Synoptic mode: one shared scroll through all open panes. Filler rows
//! (dotted in the gutter) keep passages on the same theme side by side all
//! the way down; `◆` marks where aligned passages start, `↪` a passage whose
//! counterpart comes elsewhere in another essay (Enter jumps to it).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;

use super::status::{self, hint, StatusLine};
use super::text::{passages_over, text_row};
use super::{fit, BAR_OTHER};
use crate::align::synoptic::Line;
use crate::tui::app::App;
use crate::tui::keymap::Command;
use crate::tui::message::count;
use crate::tui::style::Palette;

/// Marks the start of passages aligned across panes.
pub const MARK_ALIGNED: &str = "◆";
/// Marks a passage whose counterpart comes elsewhere.
pub const MARK_MOVED: &str = "↪";
/// Drawn in the gutter of filler rows.
pub const FILLER: &str = "·";

pub(super) fn render(app: &App, _area: Rect, buf: &mut Buffer, pal: &Palette) {
    let g = app.geometry();
    let Some(syn) = &app.synoptic.synopsis else {
        return;
    };
    let aligned = syn.columns().len();
    let pivot = app
        .reader
        .panes
        .get(app.reader.focus)
        .map_or(String::new(), |p| app.corpus.essay_label(p.essay));
    let parts = [
        " Synoptic".to_string(),
        format!(
            "row {} of {}",
            app.synoptic.top.max(0) + 1,
            syn.total_rows()
        ),
        format!(
            "pivot: {pivot} ({} changes it)",
            app.keymap.hint(Command::FocusNext)
        ),
        count(aligned, "aligned passage group", "aligned passage groups"),
    ];
    let head = super::status::fit_parts(&parts, usize::from(g.header.width.saturating_sub(1)));
    buf.set_string(
        g.header.x,
        g.header.y,
        fit(&head, g.header.width.into()),
        pal.title(false),
    );
    for (i, pg) in g.panes.iter().enumerate() {
        let essay = app.reader.panes[i].essay;
        let focused = i == app.reader.focus;
        let title = format!(
            " {} · {}",
            app.corpus.essay_label(essay),
            app.corpus.essays[essay].meta.display_title()
        );
        buf.set_style(pg.title, pal.title(focused));
        buf.set_string(
            pg.title.x,
            pg.title.y,
            fit(&title, pg.title.width.into()),
            pal.title(focused),
        );
        let Some(w) = app.synoptic.wrapped.get(i) else {
            continue;
        };
        let unaligned = app.synoptic.unaligned(i);
        // Own rows on screen, to find the passages near them once.
        let own_rows: Vec<Line> = (0..pg.text.height)
            .map(|r| syn.line(i, (app.synoptic.top + r as isize).max(0) as usize))
            .collect();
        let texts: Vec<usize> = own_rows
            .iter()
            .filter_map(|l| match l {
                Line::Text(o) => Some(*o),
                _ => None,
            })
            .collect();
        let near = match (texts.first(), texts.last()) {
            (Some(&a), Some(&b)) => {
                passages_over(app, essay, w.rows[a].range().start..w.rows[b].range().end)
            }
            _ => Vec::new(),
        };
        let mut ended = false;
        // Filler after the pane's last row is the end of the essay too.
        let last_text = syn.shared_row(i, syn.rows(i).saturating_sub(1));
        let target = (i == app.reader.focus)
            .then(|| app.synoptic.target(&app.reader))
            .flatten();
        for (r, line) in own_rows.iter().enumerate() {
            let y = pg.text.y + r as u16;
            let shared = (app.synoptic.top + r as isize).max(0) as usize;
            let line = match *line {
                Line::Filler if shared > last_text => Line::End,
                other => other,
            };
            match line {
                Line::Filler => {
                    buf.set_string(pg.gutter.right().saturating_sub(1), y, FILLER, pal.dim());
                }
                Line::End => {
                    if !ended {
                        buf.set_string(
                            pg.text.x,
                            y,
                            fit("∎ end of essay", pg.text.width.into()),
                            pal.dim(),
                        );
                        ended = true;
                    }
                }
                Line::Text(own) => {
                    let row = &w.rows[own];
                    // Marker: an aligned start, or an out-of-order passage.
                    let column = syn.columns_at(shared).iter().find(|c| {
                        c.cells
                            .get(i)
                            .is_some_and(|x| x.as_ref().is_some_and(|cell| cell.row == own))
                    });
                    if let Some(c) = column {
                        let t = c.themes[0];
                        let st = pal
                            .theme(app.corpus.theme(t).color, t)
                            .add_modifier(Modifier::BOLD);
                        buf.set_string(pg.gutter.right().saturating_sub(2), y, MARK_ALIGNED, st);
                    } else if target.is_some_and(|m| m.row == shared) {
                        // The one Enter acts on stands out.
                        buf.set_string(
                            pg.gutter.right().saturating_sub(2),
                            y,
                            MARK_MOVED,
                            pal.selected(),
                        );
                    } else if unaligned.iter().any(|m| m.row == shared) {
                        buf.set_string(
                            pg.gutter.right().saturating_sub(2),
                            y,
                            MARK_MOVED,
                            pal.title(false),
                        );
                    }
                    // Bar: the first passage covering the row, in its theme's colour.
                    let cover = near.iter().find(|(_, pr)| row.covered_by(pr));
                    if let Some((p, _)) = cover {
                        let t = app.corpus.passage(*p).themes[0];
                        buf.set_string(
                            pg.gutter.right().saturating_sub(1),
                            y,
                            BAR_OTHER,
                            pal.theme(app.corpus.theme(t).color, t),
                        );
                    }
                    if row.block.is_some() {
                        text_row(app, i, pg, buf, pal, y, row);
                    }
                }
            }
        }
        // Strip: the themes of the first aligned group on screen.
        let first_col = syn.columns().iter().find(|c| {
            c.row as isize >= app.synoptic.top && c.cells.get(i).is_some_and(|x| x.is_some())
        });
        let rule = "─".repeat(pg.strip.width.into());
        buf.set_string(pg.strip.x, pg.strip.y, &rule, pal.dim());
        let rows = usize::from(pg.strip.height.saturating_sub(1));
        let width = usize::from(pg.strip.width.saturating_sub(2)).max(1);
        // No more of a title or stance than the strip can show is copied
        // (either may be a hostile megabyte).
        let shown = |s: &str| crate::layout::shown_part(s, width, rows).0.to_string();
        let text = match first_col {
            Some(c) => {
                let cell = c.cells[i].as_ref().expect("checked");
                let p = cell.passages[0];
                let themes: Vec<String> = c
                    .themes
                    .iter()
                    .map(|&t| shown(&app.corpus.theme(t).title))
                    .collect();
                let stance = if app.hidden {
                    super::reader::hidden_stance(app)
                } else {
                    shown(app.corpus.passage(p).stance.as_deref().unwrap_or_default())
                };
                format!("◆ {} — {stance}", themes.join(", "))
            }
            None => "no aligned passage below".to_string(),
        };
        let (lines, _) = crate::layout::wrap_shown(&text, width, rows);
        for (k, l) in lines.iter().take(rows).enumerate() {
            buf.set_string(
                pg.strip.x + 1,
                pg.strip.y + 1 + k as u16,
                l,
                ratatui::style::Style::default(),
            );
        }
        if i + 1 < g.panes.len() {
            super::separator(buf, pg.area, pal);
        }
    }
    let moved_here = app.synoptic.unaligned(app.reader.focus).len();
    let left = vec![
        "synoptic".to_string(),
        format!(
            "{} here with a counterpart elsewhere ({MARK_MOVED})",
            count(moved_here, "passage", "passages")
        ),
    ];
    let hints = vec![
        hint(&[Command::ScrollDown, Command::ScrollUp], "scroll"),
        hint(&[Command::Select], "jump to counterpart"),
        hint(&[Command::FocusNext], "pivot"),
        hint(&[Command::Synoptic], "back"),
        hint(&[Command::Help], "help"),
    ];
    status::draw(app, g.status, buf, pal, &StatusLine { left, hints });
}
