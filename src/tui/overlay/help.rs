//! The help overlay: every command with the keys in effect, wrapped to the
//! box, and the box's geometry. Both `update` (to clamp the scroll) and the
//! view (to draw) use [`HelpState::layout`], so scrolling stops exactly at
//! the last line.

use std::path::Path;

use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

use crate::tui::keymap::{Command, Keymap};
use crate::tui::view::{BAR_CURRENT, BAR_OTHER, BAR_THEME, MARK_START};

/// Widest help box.
pub const MAX_WIDTH: u16 = 100;
/// Key column width (keys longer than this push their text to a new line).
const KEY_COL: usize = 16;

/// How a help line is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HelpStyle {
    /// A command or note.
    Plain,
    /// A group heading.
    Heading,
    /// The keymap file's path and the example.
    Note,
}

/// One drawn line of help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpLine {
    /// Its text, already wrapped.
    pub text: String,
    /// How to draw it.
    pub style: HelpStyle,
}

/// The help box laid out for a screen.
#[derive(Debug, Clone)]
pub struct HelpLayout {
    /// The box, border included.
    pub outer: Rect,
    /// Where the lines go.
    pub body: Rect,
    /// The footer row.
    pub footer: Rect,
    /// Every line, wrapped to `body.width`.
    pub lines: Vec<HelpLine>,
}

impl HelpLayout {
    /// The furthest the lines can scroll: the last line at the bottom.
    pub fn max_scroll(&self) -> usize {
        self.lines
            .len()
            .saturating_sub(usize::from(self.body.height))
    }
}

/// The help overlay's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct HelpState {
    /// First line shown.
    pub scroll: usize,
}

impl HelpState {
    /// Lay the help out for a screen of `area`.
    pub fn layout(area: Rect, keymap: &Keymap, path: Option<&Path>) -> HelpLayout {
        let w = MAX_WIDTH
            .min(area.width.saturating_sub(2))
            .max(10.min(area.width));
        let body_w = usize::from(w.saturating_sub(4)).max(1);
        let lines = lines(keymap, path, body_w);
        let h = (lines.len() as u16 + 3)
            .min(area.height.saturating_sub(2))
            .max(3.min(area.height));
        let outer = Rect::new(
            area.x + (area.width - w) / 2,
            area.y + (area.height - h) / 2,
            w,
            h,
        );
        let inner = Rect::new(
            outer.x + 1,
            outer.y + 1,
            outer.width.saturating_sub(2),
            outer.height.saturating_sub(2),
        );
        let body = Rect::new(
            inner.x + 1,
            inner.y,
            inner.width.saturating_sub(2),
            inner.height.saturating_sub(1),
        );
        let footer = Rect::new(inner.x + 1, inner.bottom().saturating_sub(1), body.width, 1);
        HelpLayout {
            outer,
            body,
            footer,
            lines,
        }
    }

    /// Scroll by lines, between the top and the last line at the bottom.
    pub fn scroll_by(&mut self, d: isize, max: usize) {
        self.scroll = (self.scroll as isize + d).clamp(0, max as isize) as usize;
    }
}

/// Every help line, wrapped to `width` columns: each command's keys then
/// what it does, by group; then the gutter marks, the mouse, and where the
/// keymap file is.
pub fn lines(keymap: &Keymap, path: Option<&Path>, width: usize) -> Vec<HelpLine> {
    let mut out = Vec::new();
    let heading = |out: &mut Vec<HelpLine>, s: &str| {
        if !out.is_empty() {
            out.push(HelpLine {
                text: String::new(),
                style: HelpStyle::Plain,
            });
        }
        out.push(HelpLine {
            text: s.to_string(),
            style: HelpStyle::Heading,
        });
    };
    let mut group = "";
    for c in Command::all() {
        if c.group() != group {
            group = c.group();
            heading(&mut out, group);
        }
        let keys: Vec<String> = keymap.keys(c).iter().map(|k| k.to_string()).collect();
        let keys = if keys.is_empty() {
            "(unbound)".to_string()
        } else {
            keys.join(" ")
        };
        entry(&mut out, &keys, c.help(), width);
    }
    heading(&mut out, "Everywhere");
    entry(
        &mut out,
        "Esc",
        "Close an overlay, leave a view, end a tour",
        width,
    );
    heading(&mut out, "In the compare view");
    entry(
        &mut out,
        &format!(
            "{} {}",
            keymap.hints(Command::ScrollDown),
            keymap.hints(Command::ScrollUp)
        ),
        "Next / previous passage",
        width,
    );
    entry(
        &mut out,
        &format!(
            "{} {}",
            keymap.hints(Command::FocusNext),
            keymap.hints(Command::FocusPrev)
        ),
        "Next / previous essay",
        width,
    );
    heading(&mut out, "In the gutter");
    entry(
        &mut out,
        MARK_START,
        "Where the current passage starts (same row in every pane)",
        width,
    );
    entry(&mut out, BAR_CURRENT, "The current passage", width);
    entry(
        &mut out,
        BAR_THEME,
        "Another passage on the current theme",
        width,
    );
    entry(
        &mut out,
        BAR_OTHER,
        "A passage on another theme (click it to align on that theme)",
        width,
    );
    heading(&mut out, "Mouse");
    entry(
        &mut out,
        "wheel",
        "Scroll the pane under the pointer",
        width,
    );
    entry(
        &mut out,
        "click",
        "Focus a pane; on a themed passage, align on its theme",
        width,
    );
    out.push(HelpLine {
        text: String::new(),
        style: HelpStyle::Plain,
    });
    let path = path.map_or_else(
        || "(no config directory)".into(),
        |p| crate::safe_text::neutralise_str(&p.display().to_string()).into_owned(),
    );
    for l in textwrap::wrap(&format!("Keys can be changed in {path}"), width) {
        out.push(HelpLine {
            text: l.into_owned(),
            style: HelpStyle::Note,
        });
    }
    for l in textwrap::wrap(
        "e.g.  next-passage = [\"]\", \"n\"]   (command = key or list of keys)",
        width,
    ) {
        out.push(HelpLine {
            text: l.into_owned(),
            style: HelpStyle::Note,
        });
    }
    out
}

/// "  keys            what it does", the text wrapped under itself.
fn entry(out: &mut Vec<HelpLine>, keys: &str, help: &str, width: usize) {
    let indent = 2 + KEY_COL + 1;
    let text_w = width.saturating_sub(indent).max(10);
    let wrapped = textwrap::wrap(help, text_w);
    if keys.width() > KEY_COL {
        out.push(HelpLine {
            text: format!("  {keys}"),
            style: HelpStyle::Plain,
        });
        for l in wrapped {
            out.push(HelpLine {
                text: format!("{:indent$}{l}", ""),
                style: HelpStyle::Plain,
            });
        }
        return;
    }
    for (i, l) in wrapped.iter().enumerate() {
        let text = if i == 0 {
            let pad = KEY_COL - keys.width();
            format!("  {keys}{:pad$} {l}", "")
        } else {
            format!("{:indent$}{l}", "")
        };
        out.push(HelpLine {
            text,
            style: HelpStyle::Plain,
        });
    }
}
