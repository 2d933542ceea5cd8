//! The coding flows' box: tagging a selection (theme, stance, role, note)
//! and editing a passage. Drawn at the bottom of the screen, above the
//! status bar, so the selection stays in sight.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Clear, Widget};

use super::fit;
use crate::mapping::Role;
use crate::tui::app::App;
use crate::tui::authoring::{describe_selector, EditStep, Flow, TagStep, ThemeChoice, ThemeList};
use crate::tui::overlay::prompt::TextPrompt;
use crate::tui::style::Palette;

const ROLE_KEYS: &str = "c claim · e evidence · r recommendation · k concession · x context";

/// Draw the open flow.
pub(super) fn render(app: &App, flow: &Flow, area: Rect, buf: &mut Buffer, pal: &Palette) {
    let (title, lines, list) = content(app, flow);
    let list_rows = list.map_or(0, |l| {
        (l.list.shown.len() + usize::from(l.offers_new())).min(8)
    });
    let h = (lines.len() + list_rows + 2) as u16;
    let h = h.min(area.height.saturating_sub(1)).max(3);
    let rect = Rect::new(area.x, area.bottom().saturating_sub(h + 1), area.width, h);
    Clear.render(rect, buf);
    let block = Block::default().borders(Borders::ALL).title(Span::styled(
        format!(
            " {} ",
            fit(&title, usize::from(area.width.saturating_sub(6)))
        ),
        Style::default().add_modifier(Modifier::BOLD),
    ));
    let inner = block.inner(rect);
    block.render(rect, buf);
    let width = usize::from(inner.width);
    let mut y = inner.y;
    for (text, style) in &lines {
        if y >= inner.bottom() {
            return;
        }
        buf.set_string(inner.x, y, fit(text, width), *style);
        y += 1;
    }
    if let Some(l) = list {
        theme_rows(
            app,
            l,
            Rect::new(inner.x, y, inner.width, inner.bottom() - y),
            buf,
            pal,
        );
    }
}

type Lines = Vec<(String, Style)>;

fn prompt_line(label: &str, p: &TextPrompt, width: usize) -> String {
    format!("{label}{}▏", p.tail(width.saturating_sub(label.len() + 2)))
}

fn content<'f>(app: &App, flow: &'f Flow) -> (String, Lines, Option<&'f ThemeList>) {
    let plain = Style::default();
    let dim = Style::default().add_modifier(Modifier::DIM);
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let w = usize::from(app.size.0).saturating_sub(4);
    match flow {
        Flow::Tag(f) => {
            let words = app.corpus.essays[f.essay].text[f.chosen.range.clone()]
                .split_whitespace()
                .count();
            let what = describe_selector(&f.chosen.selector);
            let theme = match &f.theme {
                Some(ThemeChoice::Existing(t)) => app.corpus.theme(*t).title.clone(),
                Some(ThemeChoice::New { title, id, .. }) => format!("{title} (new: {id})"),
                None => String::new(),
            };
            let (n, mut lines, list) = match &f.step {
                TagStep::Theme(l) => (
                    1,
                    vec![
                        (format!("Theme — type to filter: {}▏", l.typed()), bold),
                        (
                            "↑/↓ · Enter takes it · a new title makes a new theme · Esc cancels"
                                .to_string(),
                            dim,
                        ),
                    ],
                    Some(l),
                ),
                TagStep::Question(p) => (
                    1,
                    vec![
                        (format!("New theme: {theme}"), bold),
                        (prompt_line("Its question (optional): ", p, w), plain),
                        ("Enter goes on · Esc cancels".to_string(), dim),
                    ],
                    None,
                ),
                TagStep::Stance(p) => (
                    2,
                    vec![
                        (format!("Theme: {theme}"), dim),
                        (
                            prompt_line("Stance — what the author argues here: ", p, w),
                            bold,
                        ),
                        (
                            "Enter confirms · Esc cancels (nothing is written)".to_string(),
                            dim,
                        ),
                    ],
                    None,
                ),
                TagStep::Role => (
                    3,
                    vec![
                        (format!("Theme: {theme} · stance: {}", f.stance), dim),
                        (format!("Role: {ROLE_KEYS}"), bold),
                        (format!("Enter keeps {}", f.role.name()), dim),
                    ],
                    None,
                ),
                TagStep::Note(p) => (
                    4,
                    vec![
                        (
                            format!("Theme: {theme} · {} · stance: {}", f.role.name(), f.stance),
                            dim,
                        ),
                        (prompt_line("Note (optional): ", p, w), bold),
                        ("Enter writes the passage · Esc cancels".to_string(), dim),
                    ],
                    None,
                ),
            };
            lines.insert(
                0,
                (
                    what.clone(),
                    Style::default().add_modifier(Modifier::ITALIC),
                ),
            );
            (format!("Tag {words} words — step {n} of 4"), lines, list)
        }
        Flow::Edit(f) => {
            let p = app.corpus.passage(f.passage);
            let themes: Vec<&str> = p
                .themes
                .iter()
                .map(|&t| app.corpus.theme(t).id.as_str())
                .collect();
            let head = format!(
                "{} · {} · {}",
                app.corpus.essay_label(p.essay),
                p.role.map_or("no role", Role::name),
                themes.join(", ")
            );
            let (lines, list) = match &f.step {
                EditStep::Menu => (
                    vec![
                        (
                            format!("stance: {}", p.stance.as_deref().unwrap_or("(none)")),
                            plain,
                        ),
                        (
                            format!("note: {}", p.note.as_deref().unwrap_or("(none)")),
                            plain,
                        ),
                        (
                            "s stance · r role · n note · t themes · d delete · Esc closes"
                                .to_string(),
                            bold,
                        ),
                    ],
                    None,
                ),
                EditStep::Stance(pr) => (
                    vec![
                        (prompt_line("Stance: ", pr, w), bold),
                        ("Enter writes · Esc cancels".to_string(), dim),
                    ],
                    None,
                ),
                EditStep::Note(pr) => (
                    vec![
                        (prompt_line("Note: ", pr, w), bold),
                        (
                            "Enter writes (empty removes it) · Esc cancels".to_string(),
                            dim,
                        ),
                    ],
                    None,
                ),
                EditStep::Role => (
                    vec![
                        (format!("Role: {ROLE_KEYS}"), bold),
                        ("Enter keeps it · Esc cancels".to_string(), dim),
                    ],
                    None,
                ),
                EditStep::Themes(l) => (
                    vec![
                        (format!("Themes — type to filter: {}▏", l.typed()), bold),
                        ("Space ticks · Enter writes · Esc cancels".to_string(), dim),
                    ],
                    Some(l),
                ),
                EditStep::ConfirmDelete => (
                    vec![(
                        "Delete this passage from the map? y deletes · any other key keeps it"
                            .to_string(),
                        bold,
                    )],
                    None,
                ),
            };
            (format!("Edit passage — {head}"), lines, list)
        }
    }
}

fn theme_rows(app: &App, l: &ThemeList, area: Rect, buf: &mut Buffer, pal: &Palette) {
    let rows = usize::from(area.height);
    if rows == 0 {
        return;
    }
    let first = l
        .list
        .first_visible(rows.saturating_sub(usize::from(l.offers_new())).max(1));
    let mut y = area.y;
    for (k, &t) in l.list.shown.iter().enumerate().skip(first) {
        if y >= area.bottom() {
            break;
        }
        let th = app.corpus.theme(t);
        let selected = !l.on_new && k == l.list.sel;
        let style = if selected {
            pal.selected()
        } else {
            Style::default()
        };
        buf.set_style(Rect::new(area.x, y, area.width, 1), style);
        let tick = match &l.ticked {
            Some(ticks) if ticks[t] => "[x] ",
            Some(_) => "[ ] ",
            None => "",
        };
        buf.set_string(area.x, y, "■", pal.theme(th.color, t).patch(style));
        buf.set_string(
            area.x + 2,
            y,
            fit(
                &format!("{tick}{}  ({})", th.title, th.id),
                usize::from(area.width.saturating_sub(2)),
            ),
            style,
        );
        y += 1;
    }
    if l.offers_new() && y < area.bottom() {
        let style = if l.on_new {
            pal.selected()
        } else {
            Style::default()
        };
        buf.set_style(Rect::new(area.x, y, area.width, 1), style);
        buf.set_string(
            area.x,
            y,
            fit(
                &format!("+ new theme “{}”", l.typed()),
                usize::from(area.width),
            ),
            style.add_modifier(Modifier::BOLD),
        );
    }
}

/// The problems that kept the last change on disk from loading, as
/// `parallax check` prints them.
pub(super) fn problems(app: &App, scroll: u16, area: Rect, buf: &mut Buffer) {
    let Some(a) = &app.authoring else { return };
    let text: String = a.problems.iter().map(|d| d.render(false)).collect();
    let lines: Vec<&str> = text.lines().collect();
    let inner = super::overlay_box(
        area,
        buf,
        area.width.saturating_sub(4),
        area.height.saturating_sub(2),
        &format!(
            "{} — the last good corpus is on screen · fix and save to reload · Esc closes",
            crate::tui::message::count(a.problems.len(), "problem", "problems")
        ),
    );
    let first = usize::from(scroll).min(lines.len().saturating_sub(1));
    for (k, line) in lines
        .iter()
        .skip(first)
        .take(usize::from(inner.height))
        .enumerate()
    {
        buf.set_string(
            inner.x,
            inner.y + k as u16,
            fit(line, usize::from(inner.width)),
            Style::default(),
        );
    }
}
