//! The details overlay: the focused passage's whole stance, role and
//! teaching note (the reader's strip cuts a stance to two lines, and notes
//! show nowhere else in the reader or presenter).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::overlay_box;
use crate::tui::app::App;
use crate::tui::keymap::Command;
use crate::tui::style::Palette;

pub(super) fn render(app: &App, passage: usize, area: Rect, buf: &mut Buffer, pal: &Palette) {
    let c = &app.corpus;
    let p = c.passage(passage);
    let bold = Style::default().add_modifier(Modifier::BOLD);
    // The box is at most the screen: a text longer than the screen can
    // show (a hostile megabyte) is cut to what it can, before it is laid out.
    let screen = |s: &str| {
        crate::layout::shown_part(s, area.width.into(), area.height.into())
            .0
            .to_string()
    };
    let themes: Vec<String> = p
        .themes
        .iter()
        .map(|&t| screen(&c.theme(t).title))
        .collect();
    // Where it sits among the essay's passages on the current theme.
    let place = app
        .reader
        .theme
        .and_then(|t| {
            let on = c.passages_on(t, p.essay);
            let k = on.iter().position(|&q| q == passage)?;
            Some(format!(" · passage {} of {} on the theme", k + 1, on.len()))
        })
        .unwrap_or_default();
    let field = |name: &str, value: &str| {
        Line::from(vec![
            Span::styled(format!("{name}: "), bold),
            Span::raw(screen(value)),
        ])
    };
    let mut lines = vec![
        Line::from(Span::styled(
            format!("{}{place}", c.essay_label(p.essay)),
            bold,
        )),
        Line::from(Span::styled(screen(&themes.join(" · ")), pal.dim())),
        Line::from(""),
        field("Role", p.role.map_or("(none given)", |r| r.name())),
        field("Stance", p.stance.as_deref().unwrap_or("(none given)")),
    ];
    if let Some(n) = &p.note {
        lines.push(Line::from(""));
        lines.push(field("Teaching note", n));
    }
    lines.push(Line::from(""));
    let words: String = c
        .passage_text(passage)
        .split_whitespace()
        .take(24)
        .collect::<Vec<_>>()
        .join(" ");
    lines.push(Line::from(Span::styled(format!("“{words}…”"), pal.dim())));
    let title = format!(
        "Passage — {} or Esc closes",
        app.keymap.hint(Command::Details)
    );
    let width = 84.min(area.width.saturating_sub(4)).max(20);
    // Rows the wrapped text needs inside the box's border.
    let inner_w = usize::from(width.saturating_sub(2)).max(1);
    let rows: usize = lines
        .iter()
        .map(|l| {
            let w = l.width();
            w.div_ceil(inner_w).max(1)
        })
        .sum();
    let inner = overlay_box(area, buf, width, rows as u16 + 3, &title);
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .render(inner, buf);
}
