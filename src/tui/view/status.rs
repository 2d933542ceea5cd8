//! The status bar: what is selected on the left, then a message or the
//! keys that matter; and the search prompt, drawn in its place.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};

use unicode_width::UnicodeWidthStr;

use super::fit;
use crate::tui::app::App;
use crate::tui::keymap::{Command, Keymap};
use crate::tui::overlay::SearchPrompt;
use crate::tui::style::Palette;

/// A key hint in the status bar: a command's keys (joined by `/`) and what
/// they do. The keys are rendered through the keymap.
#[derive(Debug, Clone)]
pub struct Hint {
    /// The commands whose first keys are shown ("]/[").
    pub commands: Vec<Command>,
    /// What they do.
    pub label: &'static str,
}

/// A hint for commands (their first keys, joined by `/`).
pub fn hint(commands: &[Command], label: &'static str) -> Hint {
    Hint {
        commands: commands.to_vec(),
        label,
    }
}

impl Hint {
    /// "]/[ passage", keys from the keymap.
    pub fn render(&self, keymap: &Keymap) -> String {
        let keys: Vec<String> = self.commands.iter().map(|&c| keymap.hint(c)).collect();
        if keys.is_empty() {
            // A fixed key (Esc) named in the label itself.
            return self.label.to_string();
        }
        format!("{} {}", keys.join("/"), self.label)
    }
}

/// What a view puts in its status bar: the selection on the left (most
/// important first), then hints (most important first). Parts and hints
/// that do not fit are dropped whole, from the end.
#[derive(Debug, Clone, Default)]
pub struct StatusLine {
    /// What is selected, most important first.
    pub left: Vec<String>,
    /// Keys that matter here, most important first.
    pub hints: Vec<Hint>,
}

/// The reader's status line.
pub(super) fn reader_line(app: &App) -> StatusLine {
    if let crate::tui::reader::ReaderMode::Select(s) = &app.reader.mode {
        let text = app
            .reader
            .panes
            .get(s.pane)
            .map_or("", |p| app.corpus.essays[p.essay].text.as_str());
        let n = s.word_count(text);
        return StatusLine {
            left: vec![
                format!(
                    "selecting {}",
                    crate::tui::message::count(n, "word", "words")
                ),
                format!(
                    "moving its {}",
                    if s.moving_start { "start" } else { "end" }
                ),
            ],
            hints: vec![
                hint(&[], "Enter tags"),
                hint(&[], "←/→ word"),
                hint(&[], "↓/↑ sentence"),
                hint(&[], "o other end"),
                hint(&[], "Esc drops"),
            ],
        };
    }
    let mut left = Vec::new();
    if let Some(a) = app.authoring.as_ref().filter(|a| !a.problems.is_empty()) {
        let n = a
            .problems
            .iter()
            .filter(|d| d.severity == crate::diag::Severity::Error)
            .count();
        left.push(format!(
            "⚠ {} on disk ({} shows)",
            crate::tui::message::count(n, "problem", "problems"),
            app.keymap.hint(Command::Problems)
        ));
    }
    if let Some((tour, step)) = app.tour_step() {
        left.push(crate::tui::tour::step_label(tour, step));
    }
    match app.reader.theme {
        Some(t) => {
            left.push(app.corpus.theme(t).id.clone());
            let steps = app.reader.steps();
            // A tour step's focus starts panes on different passages: the
            // step number would then disagree with the focused pane's own
            // "k/n" in its header, so say the focused pane's.
            let offset = app
                .reader
                .panes
                .iter()
                .any(|p| app.reader.start_of(p.essay) > 0);
            let own = offset
                .then(|| app.reader.target(app.reader.focus))
                .flatten();
            if let Some(tg) = own {
                left.push(format!("passage {} of {}", tg.index + 1, tg.count));
            } else if steps > 0 {
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
    if app.reader.theme.is_some() && !app.reader.aligned {
        left.push(format!(
            "unaligned ({} re-aligns)",
            app.keymap.hint(Command::Realign)
        ));
    }
    // Passages re-anchored or left out: the reader must say so.
    left.extend(anchor_parts(
        &app.corpus.map,
        &app.keymap.hint(Command::Problems),
    ));
    if app.reader.theme.is_some() {
        // (A message takes the room: it matters more, and goes with the
        // next key.)
        if let Some((open, all)) = app.essay_count().filter(|_| app.message.is_none()) {
            // Not every essay on the theme fits: say so, and how to add.
            let on = if app.tour.is_some() {
                "in this step"
            } else {
                "on it"
            };
            left.push(format!(
                "{open} of {all} essays {on} — {} adds",
                app.keymap.hint(Command::AddPane)
            ));
        }
    }
    left.push(if app.reader.sync {
        "sync".into()
    } else {
        "sync off".into()
    });
    if !app.mouse {
        // Released to the terminal: say so while it lasts.
        left.push(format!("mouse off ({})", app.keymap.hint(Command::Mouse)));
    }
    let hints = vec![
        hint(&[Command::Help], "help"),
        hint(&[Command::NextPassage, Command::PrevPassage], "passage"),
        hint(&[Command::NextTheme, Command::PrevTheme], "theme"),
        hint(&[Command::ThemePicker], "themes"),
        hint(&[Command::Compare], "compare"),
        hint(&[Command::Matrix], "matrix"),
        hint(&[Command::Synoptic], "synoptic"),
        hint(&[Command::Tours], "tours"),
        hint(&[Command::Search], "search"),
        hint(&[Command::Quit], "quit"),
        hint(&[Command::Outline], "outline"),
        hint(&[Command::Bookmarks], "bookmarks"),
        hint(&[Command::CopyCitation], "copy"),
    ];
    StatusLine { left, hints }
}

/// What re-anchoring found, for the status bar: passages moved or changed
/// in edited essays, and orphans (left out; the problems key, `key`, lists
/// them).
fn anchor_parts(map: &crate::mapping::ThemeMap, key: &str) -> Vec<String> {
    // Orphans first: they are what a reader must not miss.
    let mut parts = match map.orphans.len() {
        0 => Vec::new(),
        1 => vec![format!("1 orphan left out ({key} lists it)")],
        n => vec![format!("{n} orphans left out ({key} lists them)")],
    };
    let (moved, changed) = map.moved_changed();
    if moved + changed > 0 {
        parts.push(format!("re-anchored: {moved} moved, {changed} changed"));
    }
    parts
}

/// Draw a status line in `area` (one row). A message replaces the hints;
/// it is never cut: selection parts make room for it, and a message too
/// long for the row wraps onto rows above it.
pub(super) fn draw(app: &App, area: Rect, buf: &mut Buffer, pal: &Palette, line: &StatusLine) {
    let width = usize::from(area.width);
    buf.set_style(area, pal.status());
    let message = app.message_text();
    let bold = pal.status().add_modifier(Modifier::BOLD);
    // The right side: the message, or as many hints as fit.
    let right_min = match &message {
        Some(m) => m.width() + 3,
        None => 0,
    };
    // The first hint keeps its room: it matters more than the selection's
    // later parts.
    let first_hints: usize = line
        .hints
        .iter()
        .take(1)
        .map(|h| h.render(&app.keymap).width() + 2)
        .sum::<usize>()
        + 3;
    let reserve = if message.is_some() {
        right_min
    } else {
        first_hints.min(width / 2)
    };
    let left = fit_parts(&line.left, width.saturating_sub(reserve + 2));
    let used = if left.is_empty() { 0 } else { left.width() + 2 };
    let mut spans = Vec::new();
    if !left.is_empty() {
        spans.push(Span::styled(format!(" {left} "), bold));
    }
    match message {
        Some(m) if used + m.width() + 3 <= width => {
            spans.push(Span::styled(format!("│ {m} "), pal.message()));
        }
        Some(m) => {
            // Too long for the row: wrap it, the last line on the status row
            // and the rest above, over the view.
            let lines = textwrap::wrap(&m, width.saturating_sub(2).max(1));
            let rows = lines.len().min(usize::from(area.y) + 1);
            let skip = lines.len() - rows;
            for (k, l) in lines.iter().skip(skip).enumerate() {
                let y = area.y + k as u16 + 1 - rows as u16;
                let row = Rect::new(area.x, y, area.width, 1);
                for x in row.left()..row.right() {
                    buf[(x, y)].reset();
                }
                buf.set_style(row, pal.message());
                buf.set_string(area.x + 1, y, l.as_ref(), pal.message());
            }
            return;
        }
        None => {
            let avail = width.saturating_sub(used + 3);
            let mut shown: Vec<String> = Vec::new();
            let mut w = 0;
            for h in &line.hints {
                let s = h.render(&app.keymap);
                let add = s.width() + if shown.is_empty() { 0 } else { 2 };
                if w + add > avail {
                    break;
                }
                w += add;
                shown.push(s);
            }
            if !shown.is_empty() {
                spans.push(Span::styled(
                    format!("{}{} ", if used > 0 { "│ " } else { " " }, shown.join("  ")),
                    pal.status(),
                ));
            }
        }
    }
    buf.set_line(area.x, area.y, &Line::from(spans), area.width);
}

/// Join parts with " · ", dropping whole parts from the end until they fit
/// in `width`; a first part too long alone is cut with an ellipsis.
pub(super) fn fit_parts(parts: &[String], width: usize) -> String {
    for n in (1..=parts.len()).rev() {
        let s = parts[..n].join(" · ");
        if s.width() <= width {
            return s;
        }
    }
    if width < 4 {
        return String::new();
    }
    parts.first().map_or(String::new(), |p| fit(p, width))
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
    for x in row.left()..row.right() {
        buf[(x, row.y)].reset();
    }
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
