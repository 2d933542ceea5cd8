//! A one-line text prompt: what has been typed, edited a character at a
//! time. Reused by the search prompt and by filterable lists; a new prompt
//! (a note, a bookmark name) holds one of these and decides what Enter does.

use ratatui::crossterm::event::{KeyCode, KeyModifiers};

use crate::tui::keymap::Key;

/// Most characters a prompt holds (a prompt is one line).
pub const MAX_CHARS: usize = 200;

/// An edit of a one-line prompt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEdit {
    /// Type a character.
    Insert(char),
    /// Delete the last character.
    Backspace,
    /// Delete everything.
    Clear,
}

/// A one-line text prompt.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TextPrompt {
    /// What has been typed.
    pub input: String,
}

impl TextPrompt {
    /// An empty prompt.
    pub fn new() -> Self {
        TextPrompt::default()
    }

    /// Apply an edit. Control characters are not typed.
    pub fn edit(&mut self, e: TextEdit) {
        match e {
            TextEdit::Insert(c) if !c.is_control() && self.input.chars().count() < MAX_CHARS => {
                self.input.push(c)
            }
            TextEdit::Insert(_) => {}
            TextEdit::Backspace => {
                self.input.pop();
            }
            TextEdit::Clear => self.input.clear(),
        }
    }

    /// The edit a key makes, if it is one (printable characters,
    /// Backspace, Ctrl-U).
    pub fn edit_for_key(key: Key) -> Option<TextEdit> {
        match key.code {
            KeyCode::Backspace => Some(TextEdit::Backspace),
            KeyCode::Char('u') if key.mods == KeyModifiers::CONTROL => Some(TextEdit::Clear),
            KeyCode::Char(c)
                if !key
                    .mods
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
            {
                Some(TextEdit::Insert(c))
            }
            _ => None,
        }
    }

    /// The input with what fits of its end, for a field `width` cells wide
    /// (the end is where the typing is).
    pub fn tail(&self, width: usize) -> String {
        use unicode_width::UnicodeWidthChar;
        let mut w = 0;
        let mut start = self.input.len();
        for (i, c) in self.input.char_indices().rev() {
            w += c.width().unwrap_or(0);
            if w > width {
                break;
            }
            start = i;
        }
        crate::safe_text::neutralise_str(&self.input[start..]).into_owned()
    }
}
