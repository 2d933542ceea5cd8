//! Presenter mode, for a projector: the prompt on top, then up to four wide
//! panes holding only the current passage and the author's stance, with
//! large margins and no dim text (dim is lost on a projector).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use unicode_width::UnicodeWidthStr;

use super::fit;
use super::status::{self, hint, StatusLine};
use crate::tui::app::App;
use crate::tui::keymap::Command;
use crate::tui::present::layout;
use crate::tui::style::Palette;

pub(super) fn render(app: &App, area: Rect, buf: &mut Buffer, pal: &Palette) {
    if app.reader.panes.is_empty() {
        return;
    }
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let l = layout(&app.reader, app.tour, area);
    let margin = l.margin;
    let inner_w = area.width.saturating_sub(2 * margin);
    buf.set_style(
        Rect::new(area.x, area.y, area.width, l.top_rows),
        pal.status(),
    );
    buf.set_string(
        area.x + margin,
        area.y + 1,
        fit(&l.head, inner_w.into()),
        pal.status().add_modifier(Modifier::BOLD),
    );
    let prompt = if l.prompt.is_empty() && app.reader.theme.is_none() {
        vec![format!(
            "Pick a theme: {}",
            app.keymap.hint(Command::ThemePicker)
        )]
    } else {
        l.prompt.clone()
    };
    for (i, line) in prompt.iter().enumerate() {
        buf.set_string(
            area.x + margin,
            area.y + 2 + i as u16,
            fit(line, inner_w.into()),
            pal.status().add_modifier(Modifier::BOLD),
        );
    }
    let n = l.panes.len() as u16;
    let theme_style = app.reader.theme.map_or(bold, |t| {
        pal.theme(app.corpus.theme(t).color, t)
            .add_modifier(Modifier::BOLD)
    });
    for p in &l.panes {
        buf.set_string(
            p.inner.x,
            p.inner.y,
            fit(&p.label, p.inner.width.into()),
            theme_style.add_modifier(Modifier::UNDERLINED),
        );
        let total = p.lines.len();
        let scroll = app.present.scroll.min(total.saturating_sub(1));
        for (k, line) in p
            .lines
            .iter()
            .skip(scroll)
            .take(p.text.height.into())
            .enumerate()
        {
            buf.set_string(p.text.x, p.text.y + k as u16, line, bold);
        }
        let below = total.saturating_sub(scroll + usize::from(p.text.height));
        if (below > 0 || p.truncated) && p.text.height > 0 {
            let plus = if p.truncated { "+" } else { "" };
            let more = format!(
                "↓ {below}{plus} more ({})",
                app.keymap.hint(Command::ScrollDown)
            );
            let mx = p.text.right().saturating_sub(more.width() as u16);
            buf.set_string(
                mx,
                p.text.bottom(),
                more,
                Style::default().add_modifier(Modifier::REVERSED),
            );
        }
        if !p.stance.is_empty() && p.rule_y < p.inner.bottom() {
            buf.set_string(
                p.inner.x,
                p.rule_y,
                "─".repeat(p.inner.width.into()),
                theme_style,
            );
            for (k, line) in p.stance.iter().enumerate() {
                let y = p.rule_y + 1 + k as u16;
                if y >= p.inner.bottom() {
                    break;
                }
                buf.set_string(
                    p.inner.x,
                    y,
                    line,
                    Style::default().add_modifier(Modifier::ITALIC | Modifier::BOLD),
                );
            }
        }
    }
    let status = Rect::new(area.x, area.bottom() - 1, area.width, 1);
    let more = (app.reader.panes.len() > usize::from(n)).then(|| {
        format!(
            "showing {n} of {} essays (widen the window for more)",
            app.reader.panes.len()
        )
    });
    let mut left = vec!["presenting".to_string()];
    left.extend(more);
    let hints = if app.tour.is_some() {
        vec![
            hint(&[Command::NextStep, Command::PrevStep], "step"),
            hint(&[Command::NextPassage, Command::PrevPassage], "passage"),
            hint(&[Command::ScrollDown, Command::ScrollUp], "scroll"),
            hint(&[Command::Present], "leave"),
            hint(&[Command::Quit], "quit"),
        ]
    } else {
        vec![
            hint(&[Command::NextStep, Command::PrevStep], "passage"),
            hint(&[Command::NextTheme, Command::PrevTheme], "theme"),
            hint(&[Command::ScrollDown, Command::ScrollUp], "scroll"),
            hint(&[Command::Present], "leave"),
            hint(&[Command::Quit], "quit"),
        ]
    };
    status::draw(app, status, buf, pal, &StatusLine { left, hints });
}
