//! Colours and text styles. With NO_COLOR every distinction is carried by a
//! glyph or a modifier (bold, italic, reverse), never by colour alone.

use ratatui::style::{Color, Modifier, Style};

use crate::mapping::ThemeColor;

/// Colours for themes that do not name one, by theme index.
const ROTATION: [Color; 8] = [
    Color::Yellow,
    Color::Cyan,
    Color::Magenta,
    Color::Green,
    Color::Blue,
    Color::Red,
    Color::LightYellow,
    Color::LightCyan,
];

/// The styles the view draws with.
#[derive(Debug, Clone, Copy)]
pub struct Palette {
    color: bool,
}

impl Palette {
    /// A palette; `color` false means NO_COLOR.
    pub fn new(color: bool) -> Self {
        Palette { color }
    }

    /// A theme's colour as a foreground style (plain under NO_COLOR).
    pub fn theme(&self, color: Option<ThemeColor>, index: usize) -> Style {
        if !self.color {
            return Style::default();
        }
        let c = match color {
            Some(ThemeColor::Rgb(r, g, b)) => Color::Rgb(r, g, b),
            Some(ThemeColor::Named(n)) => named(n),
            None => ROTATION[index % ROTATION.len()],
        };
        Style::default().fg(c)
    }

    /// Dimmed text (hints, padding markers).
    pub fn dim(&self) -> Style {
        if self.color {
            Style::default().fg(Color::DarkGray)
        } else {
            Style::default().add_modifier(Modifier::DIM)
        }
    }

    /// A pane title: reversed when focused, bold otherwise.
    pub fn title(&self, focused: bool) -> Style {
        if focused {
            Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        } else {
            Style::default().add_modifier(Modifier::BOLD)
        }
    }

    /// The status bar.
    pub fn status(&self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
    }

    /// A search hit; the current one is also bold and underlined.
    pub fn hit(&self, current: bool) -> Style {
        let s = if self.color {
            Style::default().bg(Color::Yellow).fg(Color::Black)
        } else {
            Style::default().add_modifier(Modifier::REVERSED)
        };
        if current {
            s.add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        } else {
            s
        }
    }

    /// The selected row of a list.
    pub fn selected(&self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
    }

    /// Headings in the essay.
    pub fn heading(&self) -> Style {
        Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    /// A message in the status bar.
    pub fn message(&self) -> Style {
        self.status().add_modifier(Modifier::BOLD)
    }
}

fn named(n: &str) -> Color {
    match n {
        "black" => Color::Black,
        "red" => Color::Red,
        "green" => Color::Green,
        "yellow" => Color::Yellow,
        "blue" => Color::Blue,
        "magenta" => Color::Magenta,
        "cyan" => Color::Cyan,
        "gray" => Color::Gray,
        "dark-gray" => Color::DarkGray,
        "light-red" => Color::LightRed,
        "light-green" => Color::LightGreen,
        "light-yellow" => Color::LightYellow,
        "light-blue" => Color::LightBlue,
        "light-magenta" => Color::LightMagenta,
        "light-cyan" => Color::LightCyan,
        _ => Color::White,
    }
}
