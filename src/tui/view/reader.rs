//! The reader: essays in panes under a header, each with a gutter of
//! passage marks and a stance strip, and the status bar.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::status;
use super::text::{passages_over, text_row};
use super::{fit, separator, BAR_CURRENT, BAR_OTHER, BAR_THEME, MARK_START};
use crate::align::reader as align;
use crate::mapping::anchor::Status;
use crate::paragraph;
use crate::tui::app::App;
use crate::tui::geometry::{Geometry, PaneGeom};
use crate::tui::keymap::Command;
use crate::tui::style::Palette;

pub(super) fn render(app: &App, _area: Rect, buf: &mut Buffer, pal: &Palette) {
    let pal = *pal;
    let pal = &pal;
    let g = app.geometry();
    header(app, &g, buf, pal);
    for (i, pg) in g.panes.iter().enumerate() {
        pane(app, i, pg, buf, pal);
        if i + 1 < g.panes.len() {
            separator(buf, pg.area, pal);
        }
    }
    status::draw(app, g.status, buf, pal, &status::reader_line(app));
}

/// The tour line and prompt, drawn at the top of the reader during a tour.
fn tour_header(app: &App, area: Rect, buf: &mut Buffer, pal: &Palette) -> u16 {
    let Some((tour, step)) = app.tour_step() else {
        return 0;
    };
    let s = &tour.steps[step];
    let mut head = format!(
        " Tour · {} · step {} of {}",
        tour.title,
        step + 1,
        tour.steps.len()
    );
    if let Some(t) = &s.title {
        head.push_str(&format!(" — {t}"));
    }
    // The keys go only if they fit whole after the step's title.
    let keys = format!(
        "   {}/{} steps · Esc ends",
        app.keymap.hint(Command::PrevStep),
        app.keymap.hint(Command::NextStep)
    );
    let room = usize::from(area.width.saturating_sub(1));
    if head.width() + keys.width() <= room {
        head.push_str(&keys);
    }
    buf.set_style(Rect::new(area.x, area.y, area.width, 1), pal.status());
    buf.set_string(
        area.x,
        area.y,
        fit(&head, room),
        pal.status().add_modifier(Modifier::BOLD),
    );
    let mut y = area.y + 1;
    for line in app.prompt_lines() {
        if y >= area.bottom() {
            break;
        }
        buf.set_string(
            area.x + 2,
            y,
            line,
            Style::default().add_modifier(Modifier::BOLD),
        );
        y += 1;
    }
    y - area.y
}

fn header(app: &App, g: &Geometry, buf: &mut Buffer, pal: &Palette) {
    let used = tour_header(app, g.header, buf, pal);
    if used > 0 {
        return;
    }
    theme_line(app, g.header, buf, pal);
}

/// "◆ theme title  question", or the corpus title and hints with no theme.
pub(super) fn theme_line(app: &App, area: Rect, buf: &mut Buffer, pal: &Palette) {
    let mut spans = Vec::new();
    match app.reader.theme {
        Some(t) => {
            let th = app.corpus.theme(t);
            let col = pal.theme(th.color, t);
            spans.push(Span::styled(" ◆ ", col.add_modifier(Modifier::BOLD)));
            // Borrowed, and no more of it than the row can show.
            let (title, _) = crate::layout::shown_part(&th.title, area.width.into(), 1);
            spans.push(Span::styled(title, col.add_modifier(Modifier::BOLD)));
            if let Some(q) = &th.question {
                // The question fills what the title leaves, cut with an
                // ellipsis, one column short of the edge.
                let used = 3 + th.title.width() + 2;
                let room = usize::from(area.width).saturating_sub(used + 1);
                if room >= 8 {
                    spans.push(Span::raw("  "));
                    spans.push(Span::styled(
                        fit(q, room),
                        Style::default().add_modifier(Modifier::ITALIC),
                    ));
                }
            }
        }
        None => {
            spans.push(Span::styled(
                " parallax",
                Style::default().add_modifier(Modifier::BOLD),
            ));
            if let Some(title) = &app.corpus.map.title {
                spans.push(Span::raw(format!(" — {title}")));
            }
            let hints = format!(
                "   {} pick a theme · {} next theme · {} help",
                app.keymap.hint(Command::ThemePicker),
                app.keymap.hint(Command::NextTheme),
                app.keymap.hint(Command::Help)
            );
            let used: usize = spans.iter().map(|s| s.content.width()).sum();
            if used + hints.width() < usize::from(area.width) {
                spans.push(Span::styled(hints, pal.dim()));
            }
        }
    }
    buf.set_line(
        area.x,
        area.y,
        &Line::from(spans),
        area.width.saturating_sub(1),
    );
}

fn pane(app: &App, i: usize, pg: &PaneGeom, buf: &mut Buffer, pal: &Palette) {
    let pane = &app.reader.panes[i];
    let essay = &app.corpus.essays[pane.essay];
    let target = app.reader.target(i);
    let focused = i == app.reader.focus;

    // Title: who, what, and where this pane is in the theme.
    let title_style = pal.title(focused);
    let right = match (app.reader.theme, target) {
        (Some(_), Some(t)) => format!(" {}/{} ", t.index + 1, t.count),
        (Some(_), None) => " – ".to_string(),
        (None, _) => String::new(),
    };
    let left_w = usize::from(pg.title.width).saturating_sub(right.width());
    let left = fit(
        &format!(
            " {} · {}",
            app.corpus.essay_label(pane.essay),
            essay.meta.display_title()
        ),
        left_w,
    );
    let pad = left_w.saturating_sub(left.width());
    let title = Line::from(vec![
        Span::styled(left, title_style),
        Span::styled(" ".repeat(pad), title_style),
        Span::styled(right, title_style),
    ]);
    buf.set_line(pg.title.x, pg.title.y, &title, pg.title.width);

    let Some(w) = app.reader.wrapped(i) else {
        return;
    };
    let theme = app.reader.theme;
    let current = target.map(|t| t.passage);
    let current_row = current.map(|p| align::passage_row(&app.corpus, w, p));
    let h = pg.text.height as isize;
    let first = pane.top.max(0) as usize;
    let last = (pane.top + h).clamp(0, w.len() as isize) as usize;
    let visible = if first < last {
        w.rows[first].range().start..w.rows[last - 1].range().end
    } else {
        0..0
    };
    let near = passages_over(app, pane.essay, visible);
    // Paragraph numbers by block, when shown.
    let numbers = if app.reader.numbers {
        paragraph::numbers(essay)
    } else {
        Vec::new()
    };

    for r in 0..pg.text.height {
        let y = pg.text.y + r;
        let v = pane.top + r as isize;
        if v < 0 {
            continue;
        }
        let v = v as usize;
        if v >= w.len() {
            if v == w.len() {
                buf.set_string(
                    pg.text.x,
                    y,
                    fit("∎ end of essay", pg.text.width.into()),
                    pal.dim(),
                );
            }
            continue;
        }
        let row = &w.rows[v];
        // Which passages cover this row? A blank row between paragraphs is
        // covered when a passage runs across it.
        let covering: Vec<usize> = near
            .iter()
            .filter(|(_, pr)| row.covered_by(pr))
            .map(|(p, _)| *p)
            .collect();
        gutter(
            app,
            pg,
            buf,
            pal,
            y,
            v,
            &covering,
            current,
            current_row,
            theme,
        );
        if let Some(n) = row
            .block
            .filter(|_| row.first)
            .and_then(|b| numbers.get(b as usize).copied().flatten())
        {
            let cells = usize::from(pg.gutter.width.saturating_sub(2));
            let label = format!("¶{n}");
            let label = if label.chars().count() > cells {
                n.to_string()
            } else {
                label
            };
            buf.set_string(pg.gutter.x, y, format!("{label:>cells$}"), pal.dim());
        }
        if row.block.is_some() {
            text_row(app, i, pg, buf, pal, y, row);
        }
    }
    strip(app, i, pg, buf, pal);
}

#[allow(clippy::too_many_arguments)]
fn gutter(
    app: &App,
    pg: &PaneGeom,
    buf: &mut Buffer,
    pal: &Palette,
    y: u16,
    v: usize,
    covering: &[usize],
    current: Option<usize>,
    current_row: Option<usize>,
    theme: Option<usize>,
) {
    // The marker and the bar take the gutter's last two columns (paragraph
    // numbers, when shown, come before them).
    let x = pg.gutter.right().saturating_sub(2);
    let theme_style = |t: usize| pal.theme(app.corpus.theme(t).color, t);
    if current_row == Some(v) {
        let t = theme.unwrap_or(0);
        buf.set_string(
            x,
            y,
            MARK_START,
            theme_style(t).add_modifier(Modifier::BOLD),
        );
    }
    let bar = if current.is_some_and(|c| covering.contains(&c)) {
        let t = theme.unwrap_or(0);
        Some((BAR_CURRENT, theme_style(t).add_modifier(Modifier::BOLD)))
    } else if let Some(t) = theme.filter(|t| {
        covering
            .iter()
            .any(|&p| app.corpus.passage(p).themes.contains(t))
    }) {
        Some((BAR_THEME, theme_style(t)))
    } else {
        covering.first().map(|&p| {
            let t = app.corpus.passage(p).themes[0];
            (BAR_OTHER, theme_style(t))
        })
    };
    if let Some((glyph, style)) = bar {
        buf.set_string(x + 1, y, glyph, style);
    }
}

/// What stands in for a stance while stances are hidden.
pub(super) fn hidden_stance(app: &App) -> String {
    app.hidden_notice()
}

fn strip(app: &App, i: usize, pg: &PaneGeom, buf: &mut Buffer, pal: &Palette) {
    let area = pg.strip;
    let target = app.reader.target(i);
    let label = match (app.reader.theme, target) {
        (Some(_), Some(_)) if app.hidden => "─ passage ".to_string(),
        (Some(_), Some(t)) => {
            let p = app.corpus.passage(t.passage);
            let role = p.role.map_or("passage", |r| r.name());
            // A passage found moved or changed in an edited essay says so.
            match p.anchor {
                Status::Exact => format!("─ {role} "),
                s => format!("─ {role} · {} ", s.name()),
            }
        }
        (Some(_), None) => "─ no passage ".to_string(),
        (None, _) => "─ ".to_string(),
    };
    let rule = format!(
        "{label}{}",
        "─".repeat(usize::from(area.width).saturating_sub(label.width()))
    );
    let rule_style = match app.reader.theme {
        Some(t) => pal.theme(app.corpus.theme(t).color, t),
        None => pal.dim(),
    };
    buf.set_string(area.x, area.y, fit(&rule, area.width.into()), rule_style);
    let rows = usize::from(area.height.saturating_sub(1));
    let width = usize::from(area.width.saturating_sub(2)).max(1);
    let text: std::borrow::Cow<str> = match (app.reader.theme, target) {
        (Some(_), Some(_)) if app.hidden => hidden_stance(app).into(),
        (Some(_), Some(t)) => {
            let p = app.corpus.passage(t.passage);
            p.stance.as_deref().unwrap_or("(no stance given)").into()
        }
        (Some(th), None) => format!(
            "This essay has no passage on “{}”; it keeps its place.",
            crate::layout::shown_part(&app.corpus.theme(th).title, width, rows).0
        )
        .into(),
        (None, _) => {
            let m = &app.corpus.essays[app.reader.panes[i].essay].meta;
            let mut parts = vec![m.authors.join(", ")];
            parts.extend(m.publisher.clone());
            parts.extend(m.kind.clone());
            parts.extend(m.published.clone());
            parts.retain(|p| !p.is_empty());
            parts.join(" · ").into()
        }
    };
    // Only what the strip's rows can show is wrapped (a stance may be a
    // hostile megabyte).
    let (lines, more) = crate::layout::wrap_shown(&text, width, rows);
    for (k, line) in lines.iter().take(rows).enumerate() {
        let s = if k + 1 == rows && more {
            fit(&format!("{line}…"), width)
        } else {
            line.to_string()
        };
        let style = if target.is_some() {
            Style::default().add_modifier(Modifier::ITALIC)
        } else {
            pal.dim()
        };
        buf.set_string(area.x + 1, area.y + 1 + k as u16, s, style);
    }
}
