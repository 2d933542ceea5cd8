//! Status-bar messages that can name keys. A message is text and key
//! references; the references are rendered through the keymap in effect at
//! draw time, so a rebound key shows its new name and no message can name a
//! key the user does not have.

use super::keymap::{Command, Keymap};

/// One piece of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// Literal text.
    Text(String),
    /// The first key bound to a command (rendered through the keymap).
    Key(Command),
    /// Every key bound to a command, joined by `/`.
    Keys(Command),
}

/// A message for the status bar: text with key references.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Message {
    parts: Vec<Part>,
}

impl Message {
    /// A message of plain text.
    pub fn text(s: impl Into<String>) -> Message {
        Message {
            parts: vec![Part::Text(s.into())],
        }
    }

    /// A message starting with a command's key.
    pub fn key(c: Command) -> Message {
        Message {
            parts: vec![Part::Key(c)],
        }
    }

    /// Append text.
    pub fn then(mut self, s: impl Into<String>) -> Message {
        self.parts.push(Part::Text(s.into()));
        self
    }

    /// Append a command's first key.
    pub fn and_key(mut self, c: Command) -> Message {
        self.parts.push(Part::Key(c));
        self
    }

    /// Append all of a command's keys.
    pub fn and_keys(mut self, c: Command) -> Message {
        self.parts.push(Part::Keys(c));
        self
    }

    /// The commands this message names (for tests and hints).
    pub fn commands(&self) -> impl Iterator<Item = Command> + '_ {
        self.parts.iter().filter_map(|p| match p {
            Part::Key(c) | Part::Keys(c) => Some(*c),
            Part::Text(_) => None,
        })
    }

    /// The message as text, keys named by the keymap.
    pub fn render(&self, keymap: &Keymap) -> String {
        let mut out = String::new();
        for p in &self.parts {
            match p {
                Part::Text(t) => out.push_str(t),
                Part::Key(c) => out.push_str(&keymap.hint(*c)),
                Part::Keys(c) => out.push_str(&keymap.hints(*c)),
            }
        }
        out
    }
}

impl From<String> for Message {
    fn from(s: String) -> Self {
        Message::text(s)
    }
}

impl From<&str> for Message {
    fn from(s: &str) -> Self {
        Message::text(s)
    }
}

/// "1 match", "3 matches": a count with its noun, singular for one.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::keymap::Key;

    #[test]
    fn keys_follow_the_keymap() {
        let m = Message::text("no theme: ")
            .and_key(Command::ThemePicker)
            .then(" picks one");
        assert_eq!(m.render(&Keymap::default()), "no theme: t picks one");
        let k = Keymap::default().with_keys(Command::ThemePicker, vec![Key::ch('T'), Key::ch('u')]);
        assert_eq!(m.render(&k), "no theme: T picks one");
    }

    #[test]
    fn counts_agree_in_number() {
        assert_eq!(count(1, "match", "matches"), "1 match");
        assert_eq!(count(0, "match", "matches"), "0 matches");
        assert_eq!(count(2, "step", "steps"), "2 steps");
    }
}
