//! The status bar: what is selected on the left, then a message or the
//! keys that matter; and the search prompt, drawn in its place.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};

use crate::tui::app::App;
use crate::tui::geometry::Geometry;
use crate::tui::keymap::Command;
use crate::tui::overlay::SearchPrompt;
use crate::tui::style::Palette;

pub(super) fn reader_status(app: &App, g: &Geometry, buf: &mut Buffer, pal: &Palette) {
    let area = g.status;
    let mut left = Vec::new();
    if let Some((tour, step)) = app.tour_step() {
        left.push(format!("step {} of {}", step + 1, tour.steps.len()));
    }
    match app.reader.theme {
        Some(t) => {
            left.push(app.corpus.theme(t).id.clone());
            let steps = app.reader.steps();
            if steps > 0 {
                left.push(format!("passage {} of {steps}", app.reader.step + 1));
            } else {
                left.push("no passages".into());
            }
        }
        None => left.push("no theme".into()),
    }
    if let Some(p) = app.reader.panes.get(app.reader.focus) {
        left.push(app.corpus.essay_label(p.essay));
    }
    left.push(if app.reader.sync {
        "sync".into()
    } else {
        "sync off".into()
    });
    if app.reader.theme.is_some() && !app.reader.aligned {
        left.push(format!(
            "unaligned ({} re-aligns)",
            app.keymap.hint(Command::Realign)
        ));
    }
    let left = left.join(" · ");
    let k = |c| app.keymap.hint(c);
    let right = format!(
        "{} help  {}/{} passage  {}/{} theme  {} themes  {} compare  {} matrix  {} synoptic  {} tours  {} search  {} quit",
        k(Command::Help),
        k(Command::NextPassage),
        k(Command::PrevPassage),
        k(Command::NextTheme),
        k(Command::PrevTheme),
        k(Command::ThemePicker),
        k(Command::Compare),
        k(Command::Matrix),
        k(Command::Synoptic),
        k(Command::Tours),
        k(Command::Search),
        k(Command::Quit)
    );
    view_status(area, buf, pal, &left, &right, app.message_text().as_deref());
}

/// The status bar of a view: what is selected, then the keys that matter.
pub(super) fn view_status(
    area: Rect,
    buf: &mut Buffer,
    pal: &Palette,
    left: &str,
    right: &str,
    message: Option<&str>,
) {
    buf.set_style(area, pal.status());
    let right = match message {
        Some(m) => Span::styled(format!("│ {m} "), pal.message()),
        None => Span::styled(format!("│ {right} "), pal.status()),
    };
    let line = Line::from(vec![
        Span::styled(
            format!(" {left} "),
            pal.status().add_modifier(Modifier::BOLD),
        ),
        right,
    ]);
    buf.set_line(area.x, area.y, &line, area.width);
}

/// The search prompt, over the status bar's row.
pub(super) fn search_prompt(
    app: &App,
    p: &SearchPrompt,
    area: Rect,
    buf: &mut Buffer,
    pal: &Palette,
) {
    let row = Rect::new(area.x, area.bottom().saturating_sub(1), area.width, 1);
    buf.set_style(row, pal.status());
    let scope = if p.all {
        "all open essays"
    } else {
        "focused essay"
    };
    let input = p.text.tail(usize::from(area.width / 2));
    let line = Line::from(vec![
        Span::styled(
            format!(" {}{input}", app.keymap.hint(Command::Search)),
            pal.status().add_modifier(Modifier::BOLD),
        ),
        Span::styled("▏", pal.status()),
        Span::styled(
            format!("   in {scope} · Tab: scope · Enter: search · Esc: cancel"),
            pal.status(),
        ),
    ]);
    buf.set_line(row.x, row.y, &line, row.width);
}
