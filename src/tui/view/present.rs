//! Presenter mode, for a projector: the prompt on top, then up to four wide
//! panes holding only the current passage and the author's stance, with
//! large margins and no dim text (dim is lost on a projector).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::status::view_status;
use super::{fit, too_small};
use crate::tui::app::App;
use crate::tui::keymap::Command;
use crate::tui::style::Palette;

/// Narrowest presenter pane.
const MIN_PANE: u16 = 36;
/// Most presenter panes.
const MAX_PANES: usize = 4;

/// How many panes the presenter shows at this width.
pub fn shown(app: &App) -> usize {
    let fit = usize::from(app.size.0 / MIN_PANE).max(1);
    app.reader.panes.len().min(fit).min(MAX_PANES)
}

pub(super) fn render(app: &App, area: Rect, buf: &mut Buffer, pal: &Palette) {
    if app.reader.panes.is_empty() {
        return;
    }
    if area.width < MIN_PANE || area.height < 12 {
        too_small(area, buf, MIN_PANE, 12, 1);
        return;
    }
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let margin = (area.width / 30).clamp(1, 4);
    // The prompt: the tour step's, or the theme's question.
    let (head, prompt) = match (app.tour_step(), app.reader.theme) {
        (Some((tour, k)), _) => {
            let s = &tour.steps[k];
            let theme = &app.corpus.theme(s.theme).title;
            let title = s
                .title
                .as_deref()
                .map_or(String::new(), |t| format!(" — {t}"));
            (
                format!("Step {} of {}{title} · {theme}", k + 1, tour.steps.len()),
                s.prompt.clone().unwrap_or_default(),
            )
        }
        (None, Some(t)) => {
            let th = app.corpus.theme(t);
            (th.title.clone(), th.question.clone().unwrap_or_default())
        }
        (None, None) => ("parallax".into(), "Pick a theme: t".into()),
    };
    let inner_w = area.width.saturating_sub(2 * margin);
    let prompt_lines = textwrap::wrap(&prompt, usize::from(inner_w).max(10));
    let prompt_h = (prompt_lines.len() as u16).min(6);
    let top_h = prompt_h + 3;
    buf.set_style(Rect::new(area.x, area.y, area.width, top_h), pal.status());
    buf.set_string(
        area.x + margin,
        area.y + 1,
        fit(&head, inner_w.into()),
        pal.status().add_modifier(Modifier::BOLD),
    );
    for (i, l) in prompt_lines.iter().take(prompt_h.into()).enumerate() {
        buf.set_string(
            area.x + margin,
            area.y + 2 + i as u16,
            l.as_ref(),
            pal.status().add_modifier(Modifier::BOLD),
        );
    }
    // Panes: label, passage, stance.
    let n = shown(app).max(1) as u16;
    let body = Rect::new(
        area.x,
        area.y + top_h + 1,
        area.width,
        area.height.saturating_sub(top_h + 2),
    );
    let pane_w = body.width / n;
    for i in 0..n {
        let x = body.x + i * pane_w;
        let inner = Rect::new(
            x + margin,
            body.y,
            pane_w.saturating_sub(2 * margin),
            body.height,
        );
        let pane = &app.reader.panes[usize::from(i)];
        let essay = pane.essay;
        let target = app.reader.target(usize::from(i));
        let role = target
            .and_then(|t| app.corpus.passage(t.passage).role)
            .map_or(String::new(), |r| format!(" · {r}"));
        let pos = target.map_or(String::new(), |t| format!(" · {}/{}", t.index + 1, t.count));
        let label = format!("{}{role}{pos}", app.corpus.essay_label(essay));
        let theme_style = app.reader.theme.map_or(bold, |t| {
            pal.theme(app.corpus.theme(t).color, t)
                .add_modifier(Modifier::BOLD)
        });
        buf.set_string(
            inner.x,
            inner.y,
            fit(&label, inner.width.into()),
            theme_style.add_modifier(Modifier::UNDERLINED),
        );
        let stance = target.and_then(|t| app.corpus.passage(t.passage).stance.clone());
        let stance_lines = stance
            .as_deref()
            .map_or(0, |s| {
                textwrap::wrap(s, usize::from(inner.width).max(10)).len() as u16
            })
            .min(5);
        let text_area = Rect::new(
            inner.x,
            inner.y + 2,
            inner.width,
            inner.height.saturating_sub(3 + stance_lines + 1),
        );
        let text = match target {
            Some(t) => app.corpus.passage_text(t.passage).to_string(),
            None => "(nothing on this theme)".to_string(),
        };
        let lines: Vec<String> = text
            .split('\n')
            .filter(|l| !l.trim().is_empty())
            .flat_map(|l| textwrap::wrap(l, usize::from(text_area.width).max(1)))
            .map(|l| l.into_owned())
            .collect();
        let total = lines.len();
        let scroll = app.present.scroll.min(total.saturating_sub(1));
        for (k, line) in lines
            .iter()
            .skip(scroll)
            .take(text_area.height.into())
            .enumerate()
        {
            buf.set_string(text_area.x, text_area.y + k as u16, line, bold);
        }
        let below = total.saturating_sub(scroll + usize::from(text_area.height));
        if below > 0 && text_area.height > 0 {
            let more = format!("↓ {below} more (j)");
            let mx = text_area
                .right()
                .saturating_sub(more.chars().count() as u16);
            buf.set_string(
                mx,
                text_area.bottom(),
                more,
                Style::default().add_modifier(Modifier::REVERSED),
            );
        }
        if let Some(s) = stance {
            let sy = inner.bottom().saturating_sub(stance_lines);
            buf.set_string(
                inner.x,
                sy.saturating_sub(1),
                "─".repeat(inner.width.into()),
                theme_style,
            );
            Paragraph::new(s)
                .style(Style::default().add_modifier(Modifier::ITALIC | Modifier::BOLD))
                .wrap(Wrap { trim: true })
                .render(Rect::new(inner.x, sy, inner.width, stance_lines), buf);
        }
    }
    let status = Rect::new(area.x, area.bottom() - 1, area.width, 1);
    let more = if app.reader.panes.len() > usize::from(n) {
        format!(
            " · showing {n} of {} essays (widen the window for more)",
            app.reader.panes.len()
        )
    } else {
        String::new()
    };
    let left = format!("presenting{more}");
    let k = |c| app.keymap.hint(c);
    let right = if app.tour.is_some() {
        format!(
            "{}/{} step  ]/[ passage  j/k scroll  {} leave  {} quit",
            k(Command::NextStep),
            k(Command::PrevStep),
            k(Command::Present),
            k(Command::Quit)
        )
    } else {
        format!(
            "{}/{} passage  {}/{} theme  j/k scroll  {} leave  {} quit",
            k(Command::NextStep),
            k(Command::PrevStep),
            k(Command::NextTheme),
            k(Command::PrevTheme),
            k(Command::Present),
            k(Command::Quit)
        )
    };
    view_status(
        status,
        buf,
        pal,
        &left,
        &right,
        app.message_text().as_deref(),
    );
}
