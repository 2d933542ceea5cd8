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
use crate::tui::authoring::{
    describe_selector, problem_items, EditStep, Flow, ProblemItem, ProblemsState, TagStep,
    ThemeChoice, ThemeList,
};
use crate::tui::overlay::prompt::TextPrompt;
use crate::tui::style::Palette;

/// "c claim · e evidence · …": the keys of the role step, from the roles'
/// letters (which `role_for_key` reads).
fn role_keys() -> String {
    Role::legend(" · ").to_lowercase()
}

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
                        (format!("Role: {}", role_keys()), bold),
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
                        (format!("Role: {}", role_keys()), bold),
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

/// The problems: what kept the last change on disk from loading (as
/// `parallax check` prints it), then orphaned passages, then passages found
/// moved or changed — each a selectable item that Enter goes to.
pub(super) fn problems(app: &App, st: &ProblemsState, area: Rect, buf: &mut Buffer, pal: &Palette) {
    let on_disk: &[crate::diag::Diagnostic] = app.authoring.as_ref().map_or(&[], |a| &a.problems);
    let items = problem_items(&app.corpus.map);
    // One column short of the box, so no word touches its border.
    let width = usize::from(area.width.saturating_sub(7)).max(10);
    let sel = (!items.is_empty()).then(|| st.selected.min(items.len() - 1));
    // Only the items whose rows can be on screen are laid out (there may be
    // 100,000 orphans): the box has at most `reach` rows, every item takes
    // one or more, and the view ends at the selection's last row at the
    // latest; so the rows from `reach` items before the selection to
    // `reach` after it hold the screen, and the problems on disk, above
    // every item, are laid out only when they can show.
    let reach = usize::from(area.height);
    let (from, to) = match sel {
        Some(s) => (s.saturating_sub(reach), (s + reach + 1).min(items.len())),
        None => (0, items.len()),
    };
    // Each row: its text and the item it belongs to, if any.
    let mut rows: Vec<(String, Option<usize>)> = Vec::new();
    if from == 0 {
        let text: String = on_disk.iter().map(|d| d.render(false)).collect();
        for line in text.lines() {
            for l in textwrap::wrap(line, width) {
                rows.push((l.into_owned(), None));
            }
        }
    }
    let disk_rows = rows.len();
    let map = &app.corpus.map;
    // An essay by its title (the author's name alone may be shared).
    let essay = |e: usize| {
        let e = &app.corpus.essays[e];
        e.meta.title.clone().unwrap_or_else(|| e.id.clone())
    };
    // `file:line:column` by the file's name: the folder is the corpus's.
    let place = |at: &str| -> String {
        let (path, pos) = at.split_once(".toml:").map_or((at, ""), |(p, l)| (p, l));
        let name = std::path::Path::new(path)
            .file_name()
            .map_or(path.into(), |n| n.to_string_lossy());
        if pos.is_empty() {
            name.into_owned()
        } else {
            format!("{name}.toml:{pos}")
        }
    };
    let screen = |s: &str| -> String {
        crate::layout::shown_part(s, width, usize::from(area.height))
            .0
            .to_string()
    };
    let themes = |ts: &[usize]| -> String {
        ts.iter()
            .map(|&t| screen(&app.corpus.theme(t).title))
            .collect::<Vec<_>>()
            .join(", ")
    };
    // A section's header, after a blank row unless it is the first row
    // (an item before `from` made rows, though they are not laid out).
    let header = |rows: &mut Vec<(String, Option<usize>)>, k: usize, h: &str| {
        if !rows.is_empty() || k > 0 {
            rows.push((String::new(), None));
        }
        rows.push((h.to_string(), None));
    };
    for (k, item) in items.iter().enumerate().take(to).skip(from) {
        let (first, line) = match *item {
            ProblemItem::Orphan(i) => {
                let o = &map.orphans[i];
                let line = format!(
                    "{} · {} — {} ({})",
                    essay(o.essay),
                    themes(&o.themes),
                    screen(&o.reason),
                    place(&o.defined_at)
                );
                (i == 0, line)
            }
            ProblemItem::Reanchored(p) => {
                let pass = app.corpus.passage(p);
                let status = match pass.anchor {
                    crate::mapping::anchor::Status::Changed => "changed",
                    _ => "moved",
                };
                let first = k == 0 || matches!(items[k - 1], ProblemItem::Orphan(_));
                let line = format!(
                    "{status} · {} · {} ({})",
                    essay(pass.essay),
                    themes(&pass.themes),
                    place(&pass.defined_at)
                );
                (first, line)
            }
        };
        if first {
            header(
                &mut rows,
                k,
                match item {
                    ProblemItem::Orphan(_) => {
                        "Orphaned — left out, never attached to other words (Enter: closest text)"
                    }
                    ProblemItem::Reanchored(_) => {
                        "Re-anchored in edited essays (Enter aligns on it)"
                    }
                },
            );
        }
        // No item shows more rows than the box has (a title, reason or
        // quote in it may be a hostile megabyte).
        let (lines, _) =
            crate::layout::wrap_shown(&line, width.saturating_sub(2), usize::from(area.height));
        for (n, l) in lines.iter().enumerate() {
            let lead = if n == 0 { "• " } else { "  " };
            rows.push((format!("{lead}{l}"), Some(k)));
        }
    }
    let mut parts = Vec::new();
    if !on_disk.is_empty() {
        parts.push(crate::tui::message::count(
            on_disk.len(),
            "problem on disk",
            "problems on disk",
        ));
    }
    if !map.orphans.is_empty() {
        parts.push(crate::tui::message::count(
            map.orphans.len(),
            "orphan",
            "orphans",
        ));
    }
    let moved = items.len() - map.orphans.len();
    if moved > 0 {
        parts.push(format!("{moved} re-anchored"));
    }
    let inner = super::overlay_box(
        area,
        buf,
        area.width.saturating_sub(4),
        area.height.saturating_sub(2),
        &format!("{} · Esc closes", parts.join(" · ")),
    );
    let height = usize::from(inner.height);
    // With items, the view follows the selection (kept on the last row
    // when it is below the fold, so the section header above shows); else
    // the scroll.
    let first = match sel {
        None => usize::from(st.scroll).min(rows.len().saturating_sub(1)),
        Some(sel) => {
            let last_row = rows.iter().rposition(|r| r.1 == Some(sel)).unwrap_or(0);
            (last_row + 1).saturating_sub(height)
        }
    };
    for (k, (line, item)) in rows
        .iter()
        .enumerate()
        .skip(first)
        .take(height)
        .map(|(k, r)| (k, (&r.0, r.1)))
    {
        let y = inner.y + (k - first) as u16;
        let style = if item.is_some() && item == sel {
            buf.set_style(Rect::new(inner.x, y, inner.width, 1), pal.selected());
            pal.selected()
        } else if item.is_none() && k >= disk_rows {
            // A section header.
            Style::default().add_modifier(Modifier::BOLD)
        } else {
            Style::default()
        };
        buf.set_string(inner.x, y, fit(line, usize::from(inner.width)), style);
    }
}
