//! Drawing: a pure function of the app state. It reads the layout the core
//! computed (wrapped rows, alignment tops) and paints it; it never changes
//! state.

use std::ops::Range;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};
use ratatui::Frame;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::align::reader as align;
use crate::corpus::markdown::{BlockKind, Inline};
pub use crate::layout::fit;
use crate::layout::Row;

use super::action::PickPurpose;
use super::app::{App, Overlay, View};
use super::geometry::{Geometry, PaneGeom};
use super::keymap::Command;
use super::style::Palette;

mod compare;
mod matrix;
mod present;
mod synoptic;

/// Gutter glyphs: where the current passage starts, its rows, rows of other
/// passages on the same theme, and rows of passages on other themes.
pub const MARK_START: &str = "▶";
/// Rows of the current passage.
pub const BAR_CURRENT: &str = "┃";
/// Rows of other passages on the current theme.
pub const BAR_THEME: &str = "│";
/// Rows of passages on other themes.
pub const BAR_OTHER: &str = "┆";

/// Draw the whole screen.
pub fn view(app: &App, frame: &mut Frame) {
    let area = frame.area();
    let buf = frame.buffer_mut();
    render(app, area, buf);
}

/// Draw into a buffer (the same as `view`, for callers without a Frame).
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let pal = Palette::new(app.color);
    match (app.view, app.present) {
        (View::Compare, _) => compare::render(app, area, buf, &pal),
        (View::Matrix, _) => matrix::render(app, area, buf, &pal),
        (View::Synoptic, _) => synoptic::render(app, area, buf, &pal),
        (View::Reader, true) => present::render(app, area, buf, &pal),
        (View::Reader, false) => reader(app, area, buf, &pal),
    }
    overlays(app, area, buf, &pal);
}

fn overlays(app: &App, area: Rect, buf: &mut Buffer, pal: &Palette) {
    // Below this the screen already says it is too small; a box would not
    // fit its own border.
    if area.width < 20 || area.height < 6 {
        return;
    }
    match &app.overlay {
        Some(Overlay::Help(scroll)) => help(app, area, buf, pal, *scroll),
        Some(Overlay::ThemePicker(sel)) => theme_picker(app, area, buf, pal, *sel),
        Some(Overlay::EssayPicker(sel, purpose)) => {
            essay_picker(app, area, buf, pal, *sel, *purpose)
        }
        Some(Overlay::TourPicker(sel)) => tour_picker(app, area, buf, pal, *sel),
        None => {}
    }
}

fn reader(app: &App, area: Rect, buf: &mut Buffer, pal: &Palette) {
    let pal = *pal;
    let pal = &pal;
    let g = app.geometry();
    if let Some((w, h)) = g.too_small {
        too_small(area, buf, w, h, app.panes.len());
        return;
    }
    header(app, &g, buf, pal);
    for (i, pg) in g.panes.iter().enumerate() {
        pane(app, i, pg, buf, pal);
        if i + 1 < g.panes.len() {
            separator(buf, pg.area, pal);
        }
    }
    status(app, &g, buf, pal);
}

fn too_small(area: Rect, buf: &mut Buffer, w: u16, h: u16, panes: usize) {
    let lines = vec![
        Line::from("terminal too small").style(Style::default().add_modifier(Modifier::BOLD)),
        Line::from(format!(
            "need {w}×{h} for {panes} pane{}",
            if panes == 1 { "" } else { "s" }
        )),
        Line::from(format!("now {}×{}", area.width, area.height)),
        Line::from("enlarge the window, x closes a pane, q quits"),
    ];
    let top = area.height.saturating_sub(lines.len() as u16) / 2;
    let rect = Rect::new(area.x, area.y + top, area.width, area.height - top);
    Paragraph::new(lines)
        .alignment(ratatui::layout::Alignment::Center)
        .wrap(Wrap { trim: true })
        .render(rect, buf);
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
    head.push_str(&format!(
        "   {}/{} steps · Esc ends",
        app.keymap.hint(Command::PrevStep),
        app.keymap.hint(Command::NextStep)
    ));
    buf.set_style(Rect::new(area.x, area.y, area.width, 1), pal.status());
    buf.set_string(
        area.x,
        area.y,
        fit(&head, area.width.into()),
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
fn theme_line(app: &App, area: Rect, buf: &mut Buffer, pal: &Palette) {
    let mut spans = Vec::new();
    match app.theme {
        Some(t) => {
            let th = app.corpus.theme(t);
            let col = pal.theme(th.color, t);
            spans.push(Span::styled(" ◆ ", col.add_modifier(Modifier::BOLD)));
            spans.push(Span::styled(
                th.title.clone(),
                col.add_modifier(Modifier::BOLD),
            ));
            if let Some(q) = &th.question {
                spans.push(Span::raw("  "));
                spans.push(Span::styled(
                    q.clone(),
                    Style::default().add_modifier(Modifier::ITALIC),
                ));
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
            spans.push(Span::styled(
                format!(
                    "   {} pick a theme · {} next theme · {} help",
                    app.keymap.hint(Command::ThemePicker),
                    app.keymap.hint(Command::NextTheme),
                    app.keymap.hint(Command::Help)
                ),
                pal.dim(),
            ));
        }
    }
    buf.set_line(area.x, area.y, &Line::from(spans), area.width);
}

/// Passages of an essay overlapping a byte range, as (passage, range).
fn passages_over(app: &App, essay: usize, span: Range<usize>) -> Vec<(usize, Range<usize>)> {
    app.corpus
        .passages_in(essay)
        .iter()
        .map(|&p| (p, app.corpus.passage(p).range.clone()))
        .filter(|(_, r)| r.start <= span.end && span.start <= r.end)
        .collect()
}

fn pane(app: &App, i: usize, pg: &PaneGeom, buf: &mut Buffer, pal: &Palette) {
    let pane = &app.panes[i];
    let essay = &app.corpus.essays[pane.essay];
    let target = app.target(i);
    let focused = i == app.focus;

    // Title: who, what, and where this pane is in the theme.
    let title_style = pal.title(focused);
    let right = match (app.theme, target) {
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

    let Some(w) = app.wrapped(i) else { return };
    let theme = app.theme;
    let current = target.map(|t| t.passage);
    let current_row = current.map(|p| align::passage_row(&app.corpus, w, p));
    let h = pg.text.height as isize;
    let first = pane.top.max(0) as usize;
    let last = (pane.top + h).clamp(0, w.len() as isize) as usize;
    let visible = if first < last {
        w.rows[first].range.start..w.rows[last - 1].range.end
    } else {
        0..0
    };
    let near = passages_over(app, pane.essay, visible);

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
    let x = pg.gutter.x;
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

/// Draw one wrapped row of pane `i`'s essay at screen row `y`. The caller
/// passes the row: looking the layout up here, per row, recomputed the
/// screen geometry (and a tour prompt's wrap) hundreds of times a frame.
fn text_row(
    app: &App,
    i: usize,
    pg: &PaneGeom,
    buf: &mut Buffer,
    pal: &Palette,
    y: u16,
    row: &Row,
) {
    let pane = &app.panes[i];
    let essay = &app.corpus.essays[pane.essay];
    let Some(block) = row.block.and_then(|b| essay.blocks.get(b as usize)) else {
        return;
    };
    let mut x = pg.text.x;
    let right = pg.text.right();
    // Quote bars and list markers live in the indentation.
    let indent = row.indent;
    for d in 0..u16::from(block.quote_depth) {
        if x + 2 * d < right {
            buf.set_string(x + 2 * d, y, "│", pal.dim());
        }
    }
    if row.first {
        if let Some(m) = &block.marker {
            let mx = x + indent.saturating_sub(m.width() as u16 + 1);
            if mx < right {
                buf.set_string(mx, y, m, Style::default().add_modifier(Modifier::BOLD));
            }
        }
    }
    x += indent;
    let base = match block.kind {
        BlockKind::Heading(_) => pal.heading(),
        BlockKind::Code => pal.dim(),
        _ if block.quote_depth > 0 => Style::default().add_modifier(Modifier::ITALIC),
        _ => Style::default(),
    };
    // Cut the row at every style boundary: inline spans and search hits.
    let r = row.range.clone();
    let mut cuts = vec![r.start, r.end];
    let styles: Vec<(Range<usize>, Style)> = essay
        .spans
        .iter()
        .filter(|s| s.range.start < r.end && r.start < s.range.end)
        .map(|s| {
            let st = match s.style {
                Inline::Emphasis => Style::default().add_modifier(Modifier::ITALIC),
                Inline::Strong => Style::default().add_modifier(Modifier::BOLD),
                Inline::Code => pal.dim(),
                Inline::Link => Style::default().add_modifier(Modifier::UNDERLINED),
                Inline::Strike => Style::default().add_modifier(Modifier::CROSSED_OUT),
            };
            (s.range.clone(), st)
        })
        .chain(if app.view == View::Reader {
            outside_current(app, i, &r, pal)
        } else {
            Vec::new()
        })
        .chain(
            pane.hits
                .iter()
                .enumerate()
                .filter(|(_, h)| h.start < r.end && r.start < h.end)
                .map(|(k, h)| (h.clone(), pal.hit(pane.hit == Some(k)))),
        )
        .collect();
    for (sr, _) in &styles {
        cuts.push(sr.start.clamp(r.start, r.end));
        cuts.push(sr.end.clamp(r.start, r.end));
    }
    cuts.sort_unstable();
    cuts.dedup();
    for pair in cuts.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if a >= b || x >= right {
            continue;
        }
        let mut st = base;
        for (sr, s) in &styles {
            if sr.start <= a && b <= sr.end {
                st = st.patch(*s);
            }
        }
        x = put(buf, x, y, &essay.text[a..b], st, right);
    }
}

/// Write text from `x` up to (not including) column `right`; returns the
/// column after it. Text whose every character is one cell wide (nearly
/// all essay text) is written a char per cell; anything else (wide CJK,
/// combining marks) goes through ratatui's grapheme-aware `set_stringn`.
/// Grapheme segmentation was most of a frame's cost.
pub(crate) fn put(buf: &mut Buffer, x: u16, y: u16, s: &str, style: Style, right: u16) -> u16 {
    if x >= right {
        return x;
    }
    let simple = s.bytes().all(|b| (0x20..0x7f).contains(&b))
        || s.chars()
            .all(|c| !c.is_control() && UnicodeWidthChar::width(c) == Some(1));
    if !simple {
        return buf.set_stringn(x, y, s, usize::from(right - x), style).0;
    }
    let mut x = x;
    for c in s.chars() {
        if x >= right {
            break;
        }
        buf[(x, y)].set_char(c).set_style(style);
        x += 1;
    }
    x
}

/// On rows of the current passage, the text before its start and after its
/// end is dimmed, so the passage's first and last words stand out.
fn outside_current(
    app: &App,
    i: usize,
    r: &Range<usize>,
    pal: &Palette,
) -> Vec<(Range<usize>, Style)> {
    let Some(t) = app.target(i) else {
        return Vec::new();
    };
    let p = &app.corpus.passage(t.passage).range;
    if p.start >= r.end || r.start >= p.end {
        return Vec::new();
    }
    let mut out = Vec::new();
    if p.start > r.start {
        out.push((r.start..p.start, pal.dim()));
    }
    if p.end < r.end {
        out.push((p.end..r.end, pal.dim()));
    }
    out
}

fn strip(app: &App, i: usize, pg: &PaneGeom, buf: &mut Buffer, pal: &Palette) {
    let area = pg.strip;
    let target = app.target(i);
    let label = match (app.theme, target) {
        (Some(_), Some(t)) => {
            let p = app.corpus.passage(t.passage);
            format!("─ {} ", p.role.map_or("passage", |r| r.name()))
        }
        (Some(_), None) => "─ no passage ".to_string(),
        (None, _) => "─ ".to_string(),
    };
    let rule = format!(
        "{label}{}",
        "─".repeat(usize::from(area.width).saturating_sub(label.width()))
    );
    let rule_style = match app.theme {
        Some(t) => pal.theme(app.corpus.theme(t).color, t),
        None => pal.dim(),
    };
    buf.set_string(area.x, area.y, fit(&rule, area.width.into()), rule_style);
    let text = match (app.theme, target) {
        (Some(_), Some(t)) => {
            let p = app.corpus.passage(t.passage);
            p.stance
                .clone()
                .unwrap_or_else(|| "(no stance given)".into())
        }
        (Some(th), None) => format!(
            "This essay has no passage on “{}”; it keeps its place.",
            app.corpus.theme(th).title
        ),
        (None, _) => {
            let m = &app.corpus.essays[app.panes[i].essay].meta;
            let mut parts = vec![m.authors.join(", ")];
            parts.extend(m.publisher.clone());
            parts.extend(m.kind.clone());
            parts.extend(m.published.clone());
            parts.retain(|p| !p.is_empty());
            parts.join(" · ")
        }
    };
    let width = usize::from(area.width.saturating_sub(1)).max(1);
    let lines = textwrap::wrap(&text, width);
    let rows = usize::from(area.height.saturating_sub(1));
    for (k, line) in lines.iter().take(rows).enumerate() {
        let s = if k + 1 == rows && lines.len() > rows {
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

fn status(app: &App, g: &Geometry, buf: &mut Buffer, pal: &Palette) {
    let area = g.status;
    buf.set_style(area, pal.status());
    if let Some(p) = &app.prompt {
        let scope = if p.all {
            "all open essays"
        } else {
            "focused essay"
        };
        let line = Line::from(vec![
            Span::styled(
                format!(" /{}", p.input),
                pal.status().add_modifier(Modifier::BOLD),
            ),
            Span::styled("▏", pal.status()),
            Span::styled(
                format!("   in {scope} · Tab: scope · Enter: search · Esc: cancel"),
                pal.status(),
            ),
        ]);
        buf.set_line(area.x, area.y, &line, area.width);
        return;
    }
    let mut left = Vec::new();
    if let Some((tour, step)) = app.tour_step() {
        left.push(format!("step {} of {}", step + 1, tour.steps.len()));
    }
    match app.theme {
        Some(t) => {
            left.push(app.corpus.theme(t).id.clone());
            let steps = app.steps();
            if steps > 0 {
                left.push(format!("passage {} of {steps}", app.step + 1));
            } else {
                left.push("no passages".into());
            }
        }
        None => left.push("no theme".into()),
    }
    if let Some(p) = app.panes.get(app.focus) {
        left.push(app.corpus.essay_label(p.essay));
    }
    left.push(if app.sync {
        "sync".into()
    } else {
        "sync off".into()
    });
    if app.theme.is_some() && !app.aligned {
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
    view_status(area, buf, pal, &left, &right, app.message.as_deref());
}

/// The one-column separator to the right of a pane.
fn separator(buf: &mut Buffer, pane: Rect, pal: &Palette) {
    let x = pane.right();
    if x >= buf.area.right() {
        return;
    }
    for y in pane.top()..pane.bottom() {
        buf[(x, y)].set_symbol("│").set_style(pal.dim());
    }
}

/// A centred box for an overlay, cleared, with a title.
fn overlay_box(area: Rect, buf: &mut Buffer, width: u16, height: u16, title: &str) -> Rect {
    let w = width
        .min(area.width.saturating_sub(2))
        .max(10.min(area.width));
    let h = height
        .min(area.height.saturating_sub(2))
        .max(3.min(area.height));
    let rect = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    Clear.render(rect, buf);
    let block = Block::default().borders(Borders::ALL).title(Span::styled(
        format!(" {title} "),
        Style::default().add_modifier(Modifier::BOLD),
    ));
    let inner = block.inner(rect);
    block.render(rect, buf);
    inner
}

/// The help text: every command with its keys, from the keymap in effect.
pub fn help_lines(app: &App) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let mut group = "";
    for c in Command::all() {
        if c.group() != group {
            if !group.is_empty() {
                lines.push(Line::from(""));
            }
            group = c.group();
            lines.push(Line::from(Span::styled(
                group.to_string(),
                Style::default().add_modifier(Modifier::BOLD),
            )));
        }
        let keys: Vec<String> = app.keymap.keys(c).iter().map(|k| k.to_string()).collect();
        let keys = if keys.is_empty() {
            "(unbound)".to_string()
        } else {
            keys.join(" ")
        };
        lines.push(Line::from(format!("  {keys:<16} {}", c.help())));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        "In the gutter",
        Style::default().add_modifier(Modifier::BOLD),
    )));
    lines.push(Line::from(format!(
        "  {MARK_START}                where the current passage starts (same row in every pane)"
    )));
    lines.push(Line::from(format!(
        "  {BAR_CURRENT}                the current passage"
    )));
    lines.push(Line::from(format!(
        "  {BAR_THEME}                another passage on the current theme"
    )));
    lines.push(Line::from(format!(
        "  {BAR_OTHER}                a passage on another theme (click it to align on that theme)"
    )));
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        "Mouse",
        Style::default().add_modifier(Modifier::BOLD),
    )));
    lines.push(Line::from(
        "  wheel            scroll the pane under the pointer",
    ));
    lines.push(Line::from(
        "  click            focus a pane; on a themed passage, align on its theme",
    ));
    lines.push(Line::from(""));
    let path = super::keymap::Keymap::user_path().map_or_else(
        || "(no config directory)".into(),
        |p| p.display().to_string(),
    );
    lines.push(Line::from(Span::styled(
        format!("Keys can be changed in {path}"),
        Style::default().add_modifier(Modifier::ITALIC),
    )));
    lines.push(Line::from(Span::styled(
        "e.g.  next-passage = [\"]\", \"n\"]   (command = key or list of keys)".to_string(),
        Style::default().add_modifier(Modifier::ITALIC),
    )));
    lines
}

fn help(app: &App, area: Rect, buf: &mut Buffer, pal: &Palette, scroll: u16) {
    let lines = help_lines(app);
    let inner = overlay_box(
        area,
        buf,
        84,
        lines.len() as u16 + 3,
        "Help — keys in effect",
    );
    let body = Rect::new(
        inner.x + 1,
        inner.y,
        inner.width.saturating_sub(2),
        inner.height.saturating_sub(1),
    );
    let max_scroll = (lines.len() as u16).saturating_sub(body.height);
    Paragraph::new(lines)
        .scroll((scroll.min(max_scroll), 0))
        .render(body, buf);
    let foot = format!(
        "{} or Esc closes · j/k scroll",
        app.keymap.hint(Command::Help)
    );
    buf.set_string(
        inner.x + 1,
        inner.bottom().saturating_sub(1),
        fit(&foot, inner.width.into()),
        pal.dim(),
    );
}

fn theme_picker(app: &App, area: Rect, buf: &mut Buffer, pal: &Palette, sel: usize) {
    let c = &app.corpus;
    let n = app.panes.len();
    let inner = overlay_box(
        area,
        buf,
        90,
        c.map.themes.len() as u16 + 4,
        "Themes — Enter aligns, Esc closes",
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
    let first = sel.saturating_sub(rows.saturating_sub(1));
    for (k, (t, th)) in c
        .map
        .themes
        .iter()
        .enumerate()
        .skip(first)
        .take(rows)
        .enumerate()
    {
        let y = inner.y + 1 + k as u16;
        let style = if t == sel {
            pal.selected()
        } else {
            Style::default()
        };
        buf.set_style(Rect::new(inner.x, y, inner.width, 1), style);
        let mark = if Some(t) == app.theme { "◆" } else { "■" };
        buf.set_string(inner.x, y, mark, pal.theme(th.color, t).patch(style));
        buf.set_string(inner.x + 2, y, fit(&th.title, title_w.into()), style);
        let mut x = inner.x + 2 + title_w;
        for p in &app.panes {
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

fn essay_picker(
    app: &App,
    area: Rect,
    buf: &mut Buffer,
    pal: &Palette,
    sel: usize,
    purpose: PickPurpose,
) {
    let c = &app.corpus;
    let title = match purpose {
        PickPurpose::AddPane => "Open an essay in a new pane",
        PickPurpose::Replace => "Show an essay in this pane",
    };
    let inner = overlay_box(area, buf, 90, c.essays.len() as u16 + 3, title);
    let rows = inner.height.saturating_sub(1) as usize;
    let first = sel.saturating_sub(rows.saturating_sub(1));
    for (k, (e, essay)) in c
        .essays
        .iter()
        .enumerate()
        .skip(first)
        .take(rows)
        .enumerate()
    {
        let y = inner.y + k as u16;
        let style = if e == sel {
            pal.selected()
        } else {
            Style::default()
        };
        buf.set_style(Rect::new(inner.x, y, inner.width, 1), style);
        let open = if app.panes.iter().any(|p| p.essay == e) {
            "●"
        } else {
            " "
        };
        let line = format!(
            "{open} {} — {}",
            c.essay_label(e),
            essay.meta.display_title()
        );
        buf.set_string(inner.x, y, fit(&line, inner.width.into()), style);
    }
    buf.set_string(
        inner.x,
        inner.bottom().saturating_sub(1),
        fit(
            "● already open · Enter opens · Esc closes",
            inner.width.into(),
        ),
        pal.dim(),
    );
}

fn tour_picker(app: &App, area: Rect, buf: &mut Buffer, pal: &Palette, sel: usize) {
    let tours = &app.corpus.map.tours;
    let inner = overlay_box(
        area,
        buf,
        90,
        tours.len() as u16 + 8,
        "Seminar tours — Enter starts, Esc closes",
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
        let line = format!(" {} ({} steps)", t.title, t.steps.len());
        buf.set_string(inner.x, y, fit(&line, inner.width.into()), style);
    }
    if let Some(t) = tours.get(sel) {
        let y = inner.y + tours.len() as u16 + 1;
        let text = t.description.clone().unwrap_or_default();
        let rect = Rect::new(
            inner.x + 1,
            y,
            inner.width.saturating_sub(2),
            inner.bottom().saturating_sub(y),
        );
        Paragraph::new(text)
            .style(Style::default().add_modifier(Modifier::ITALIC))
            .wrap(Wrap { trim: true })
            .render(rect, buf);
    }
}

/// The status bar of a view: what is selected, then the keys that matter.
fn view_status(
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
