//! The list overlays: themes, essays, tours.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::{Paragraph, Widget, Wrap};
use unicode_width::UnicodeWidthStr;

use super::{fit, overlay_box};
use crate::tui::action::PickPurpose;
use crate::tui::app::App;
use crate::tui::keymap::Command;
use crate::tui::message::count;
use crate::tui::overlay::list::ListPicker;
use crate::tui::style::Palette;

/// The theme picker: each theme with its passage count per open pane.
pub(super) fn themes(app: &App, l: &ListPicker, area: Rect, buf: &mut Buffer, pal: &Palette) {
    let sel = l.selected();
    let c = &app.corpus;
    let n = app.reader.panes.len();
    let inner = overlay_box(
        area,
        buf,
        90,
        c.map.themes.len() as u16 + 4,
        &format!(
            "Themes — {} aligns, Esc closes",
            app.keymap.hint(Command::Select)
        ),
    );
    let counts_w = (n * 3) as u16;
    let title_w = inner.width.saturating_sub(counts_w + 4);
    // Header: pane numbers over the count columns.
    let mut head = format!("{:<w$}", "  theme", w = usize::from(title_w) + 2);
    for k in 0..n {
        head.push_str(&format!("{:>3}", k + 1));
    }
    buf.set_string(inner.x, inner.y, fit(&head, inner.width.into()), pal.dim());
    let rows = inner.height.saturating_sub(2) as usize;
    let first = l.first_visible(rows);
    for (k, &t) in l.shown.iter().skip(first).take(rows).enumerate() {
        let th = c.theme(t);
        let y = inner.y + 1 + k as u16;
        let style = if Some(t) == sel {
            pal.selected()
        } else {
            Style::default()
        };
        buf.set_style(Rect::new(inner.x, y, inner.width, 1), style);
        let mark = if Some(t) == app.reader.theme {
            "◆"
        } else {
            "■"
        };
        buf.set_string(inner.x, y, mark, pal.theme(th.color, t).patch(style));
        buf.set_string(inner.x + 2, y, fit(&th.title, title_w.into()), style);
        let mut x = inner.x + 2 + title_w;
        for p in &app.reader.panes {
            let count = c.passages_on(t, p.essay).len();
            let s = if count == 0 {
                "·".to_string()
            } else {
                count.to_string()
            };
            buf.set_string(x, y, format!("{s:>3}"), style);
            x += 3;
        }
    }
    let legend: Vec<String> = app
        .reader
        .panes
        .iter()
        .enumerate()
        .map(|(k, p)| format!("{} {}", k + 1, c.essay_label(p.essay)))
        .collect();
    buf.set_string(
        inner.x,
        inner.bottom().saturating_sub(1),
        fit(
            &format!("passages per open pane: {}", legend.join(" · ")),
            inner.width.into(),
        ),
        pal.dim(),
    );
}

/// The essay picker.
pub(super) fn essays(
    app: &App,
    l: &ListPicker,
    purpose: PickPurpose,
    area: Rect,
    buf: &mut Buffer,
    pal: &Palette,
) {
    let sel = l.selected();
    let c = &app.corpus;
    let title = match purpose {
        PickPurpose::AddPane => "Open an essay in a new pane",
        PickPurpose::Replace => "Show an essay in this pane",
    };
    let inner = overlay_box(area, buf, 90, c.essays.len() as u16 + 3, title);
    let rows = inner.height.saturating_sub(1) as usize;
    let first = l.first_visible(rows);
    for (k, &e) in l.shown.iter().skip(first).take(rows).enumerate() {
        let essay = &c.essays[e];
        let y = inner.y + k as u16;
        let style = if Some(e) == sel {
            pal.selected()
        } else {
            Style::default()
        };
        buf.set_style(Rect::new(inner.x, y, inner.width, 1), style);
        let open = if app.reader.panes.iter().any(|p| p.essay == e) {
            "●"
        } else {
            " "
        };
        // The passages it has on the current theme, right-aligned.
        let on = app.reader.theme.map(|t| c.passages_on(t, e).len());
        let count = match on {
            Some(0) => "  ·".to_string(),
            Some(n) => format!("{n:>3}"),
            None => String::new(),
        };
        let text_w = usize::from(inner.width).saturating_sub(count.width() + 2);
        let line = format!(
            "{open} {} — {}",
            c.essay_label(e),
            essay.meta.display_title()
        );
        buf.set_string(inner.x, y, fit(&line, text_w), style);
        if !count.is_empty() {
            buf.set_string(
                inner.right().saturating_sub(count.width() as u16 + 1),
                y,
                &count,
                style,
            );
        }
    }
    let foot = match app.reader.theme {
        Some(t) => format!(
            "● already open · passages on “{}” at right · {} opens · Esc closes",
            c.theme(t).title,
            app.keymap.hint(Command::Select)
        ),
        None => format!(
            "● already open · {} opens · Esc closes",
            app.keymap.hint(Command::Select)
        ),
    };
    buf.set_string(
        inner.x,
        inner.bottom().saturating_sub(1),
        fit(&foot, inner.width.into()),
        pal.dim(),
    );
}

/// The tour picker, with the selected tour's description.
pub(super) fn tours(app: &App, l: &ListPicker, area: Rect, buf: &mut Buffer, pal: &Palette) {
    let sel = l.selected().unwrap_or(0);
    let tours = &app.corpus.map.tours;
    let inner = overlay_box(
        area,
        buf,
        90,
        tours.len() as u16 + 8,
        &format!(
            "Seminar tours — {} starts, Esc closes",
            app.keymap.hint(Command::Select)
        ),
    );
    for (k, t) in tours.iter().enumerate() {
        let y = inner.y + k as u16;
        if y >= inner.bottom() {
            break;
        }
        let style = if k == sel {
            pal.selected()
        } else {
            Style::default()
        };
        buf.set_style(Rect::new(inner.x, y, inner.width, 1), style);
        let line = format!(" {} ({})", t.title, count(t.steps.len(), "step", "steps"));
        buf.set_string(inner.x, y, fit(&line, inner.width.into()), style);
    }
    if let Some(t) = tours.get(sel) {
        let y = inner.y + tours.len() as u16 + 1;
        let rect = Rect::new(
            inner.x + 1,
            y,
            inner.width.saturating_sub(2),
            inner.bottom().saturating_sub(y),
        );
        // Only what the box can show is laid out.
        let (text, _) = crate::layout::shown_part(
            t.description.as_deref().unwrap_or_default(),
            rect.width.into(),
            rect.height.into(),
        );
        Paragraph::new(text)
            .style(Style::default().add_modifier(Modifier::ITALIC))
            .wrap(Wrap { trim: true })
            .render(rect, buf);
    }
}
