//! The reading-aid overlays: the outline (headings and passages of the
//! focused essay, filtered as you type), the bookmark list, and the
//! bookmark label prompt in the status bar.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::{fit, overlay_box};
use crate::outline::Kind;
use crate::paragraph;
use crate::safe_text::neutralise_str;
use crate::tui::app::App;
use crate::tui::keymap::Command;
use crate::tui::overlay::list::ListPicker;
use crate::tui::overlay::outline::{LabelPrompt, OutlineState};
use crate::tui::style::Palette;

/// The outline box: a filter line, then one row per item.
pub(super) fn outline(app: &App, o: &OutlineState, area: Rect, buf: &mut Buffer, pal: &Palette) {
    let c = &app.corpus;
    let title = format!(
        "Outline — {} · {}",
        c.essay_label(o.essay),
        c.essays[o.essay].meta.display_title()
    );
    let inner = overlay_box(
        area,
        buf,
        160,
        o.items.len() as u16 + 4,
        &fit(&title, usize::from(area.width.saturating_sub(6))),
    );
    let width = usize::from(inner.width);
    let typed = o
        .list
        .filter
        .as_ref()
        .map_or(String::new(), |f| f.tail(width / 2));
    let filter = Line::from(vec![
        Span::styled(" filter: ", pal.dim()),
        Span::styled(typed, Style::default().add_modifier(Modifier::BOLD)),
        Span::raw("▏"),
        Span::styled(
            format!("   {} of {} shown", o.list.shown.len(), o.items.len()),
            pal.dim(),
        ),
    ]);
    buf.set_line(inner.x, inner.y, &filter, inner.width);
    let rows = usize::from(inner.height.saturating_sub(2));
    let first = o.list.first_visible(rows);
    let sel = o.list.selected();
    for (k, &i) in o.list.shown.iter().skip(first).take(rows).enumerate() {
        let item = &o.items[i];
        let y = inner.y + 1 + k as u16;
        let base = if Some(i) == sel {
            pal.selected()
        } else {
            Style::default()
        };
        buf.set_style(Rect::new(inner.x, y, inner.width, 1), base);
        // One cell of margin before the border; what is cut ends in "…".
        let room = width.saturating_sub(1);
        let mut spans = Vec::new();
        match item.kind {
            Kind::Heading(level) => {
                let indent = "  ".repeat(usize::from(level.saturating_sub(1)).min(3));
                spans.push(Span::styled(
                    fit(&format!(" § {indent}{}", item.text), room),
                    base.add_modifier(Modifier::BOLD),
                ));
            }
            Kind::Passage(_) => {
                spans.push(Span::styled("   ", base));
                // One mark per theme, in its colour; ◆ for the current one.
                for &t in item.themes.iter().take(3) {
                    let glyph = if Some(t) == app.reader.theme {
                        "◆"
                    } else {
                        "■"
                    };
                    spans.push(Span::styled(
                        glyph,
                        pal.theme(c.theme(t).color, t).patch(base),
                    ));
                }
                let pad = 4usize.saturating_sub(item.themes.len().min(3));
                let para = item.paragraph.map_or(String::new(), |n| format!("¶{n}"));
                let lead = format!("{:pad$}{para:<5} ", "");
                // Three cells before the marks and up to three marks.
                let rest = room.saturating_sub(3 + item.themes.len().min(3) + lead.width());
                let ids: Vec<&str> = item
                    .themes
                    .iter()
                    .map(|&t| c.theme(t).id.as_str())
                    .collect();
                let ids = format!("  — {}", ids.join(", "));
                spans.push(Span::styled(lead, base));
                if item.text.width() + ids.width() <= rest {
                    spans.push(Span::styled(item.text.clone(), base));
                    spans.push(Span::styled(ids, pal.dim().patch(base)));
                } else {
                    spans.push(Span::styled(fit(&item.text, rest), base));
                }
            }
        }
        buf.set_line(inner.x, y, &Line::from(spans), inner.width);
    }
    let hint = "type to filter (words, theme ids) · ↑↓ move · Enter jumps · Esc closes ";
    buf.set_string(
        inner.x,
        inner.bottom().saturating_sub(1),
        fit(hint, width),
        pal.dim(),
    );
}

/// The bookmark list: place, label, and the words there.
pub(super) fn bookmarks(app: &App, l: &ListPicker, area: Rect, buf: &mut Buffer, pal: &Palette) {
    let c = &app.corpus;
    let inner = overlay_box(
        area,
        buf,
        140,
        app.bookmarks.len() as u16 + 3,
        &format!("Bookmarks ({})", app.bookmarks.len()),
    );
    let width = usize::from(inner.width);
    let rows = usize::from(inner.height.saturating_sub(1));
    let first = l.first_visible(rows);
    let sel = l.selected();
    let label_w = app
        .bookmarks
        .iter()
        .map(|b| c.essay_label(b.essay).chars().count())
        .max()
        .unwrap_or(0)
        .min(26);
    for (k, &i) in l.shown.iter().skip(first).take(rows).enumerate() {
        let b = &app.bookmarks[i];
        let y = inner.y + k as u16;
        let base = if Some(i) == sel {
            pal.selected()
        } else {
            Style::default()
        };
        buf.set_style(Rect::new(inner.x, y, inner.width, 1), base);
        let essay = &c.essays[b.essay];
        let para = paragraph::at(essay, b.offset).map_or(String::new(), |n| format!("¶{n}"));
        let words = crate::outline::first_words(essay.text.get(b.offset..).unwrap_or(""), 80);
        let lead = format!(
            " {:<label_w$} {para:<5} ",
            fit(&c.essay_label(b.essay), label_w)
        );
        // One cell of margin before the border; what is cut ends in "…".
        let mut rest = width.saturating_sub(1 + lead.width());
        let mut spans = vec![Span::styled(lead, base)];
        if let Some(label) = &b.label {
            let label = fit(&format!("{} · ", neutralise_str(label)), rest);
            rest = rest.saturating_sub(label.width());
            spans.push(Span::styled(label, base.add_modifier(Modifier::BOLD)));
        }
        spans.push(Span::styled(fit(&words, rest), base));
        buf.set_line(inner.x, y, &Line::from(spans), inner.width);
    }
    let hint = format!(
        "↑↓ move · Enter jumps · d deletes · Esc closes · {} marks a new one ",
        app.keymap.hint(Command::Bookmark)
    );
    buf.set_string(
        inner.x,
        inner.bottom().saturating_sub(1),
        fit(&hint, width),
        pal.dim(),
    );
}

/// The label prompt for a new bookmark, over the status bar's row.
pub(super) fn label_prompt(
    app: &App,
    p: &LabelPrompt,
    area: Rect,
    buf: &mut Buffer,
    pal: &Palette,
) {
    let row = Rect::new(area.x, area.bottom().saturating_sub(1), area.width, 1);
    buf.set_style(row, pal.status());
    let essay = &app.corpus.essays[p.essay];
    let place = match paragraph::at(essay, p.offset) {
        Some(n) => format!("{} ¶ {n}", app.corpus.essay_label(p.essay)),
        None => app.corpus.essay_label(p.essay),
    };
    let line = Line::from(vec![
        Span::styled(
            format!(
                " bookmark {place} · label (optional): {}",
                p.text.tail(usize::from(area.width / 3))
            ),
            pal.status().add_modifier(Modifier::BOLD),
        ),
        Span::styled("▏", pal.status()),
        Span::styled("   Enter: save · Esc: cancel", pal.status()),
    ]);
    buf.set_line(row.x, row.y, &line, row.width);
}
