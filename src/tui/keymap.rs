//! Keys as data: named commands with default bindings, a user's TOML file
//! that overrides only the commands it names, and loud errors (with the
//! defaults kept) for unknown commands, bad keys and duplicate bindings.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use strum::IntoEnumIterator;

use crate::diag::{Diagnostic, Source};
use crate::toml_walk::{Table, Walk};

/// A key press, cleaned at the edge: presses only, Shift folded into the
/// character for printable keys, BackTab as Shift-Tab.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    /// The key.
    pub code: KeyCode,
    /// Ctrl and Alt (Shift only for non-character keys).
    pub mods: KeyModifiers,
}

impl Key {
    /// A key with no modifiers.
    pub const fn plain(code: KeyCode) -> Self {
        Key {
            code,
            mods: KeyModifiers::NONE,
        }
    }

    /// A character key.
    pub const fn ch(c: char) -> Self {
        Key::plain(KeyCode::Char(c))
    }

    /// Ctrl + a character.
    pub const fn ctrl(c: char) -> Self {
        Key {
            code: KeyCode::Char(c),
            mods: KeyModifiers::CONTROL,
        }
    }

    /// Clean a terminal key event; None for releases and repeats of
    /// nothing useful.
    pub fn from_event(ev: KeyEvent) -> Option<Key> {
        if ev.kind == KeyEventKind::Release {
            return None;
        }
        let mut mods =
            ev.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let code = match ev.code {
            KeyCode::BackTab => {
                mods |= KeyModifiers::SHIFT;
                KeyCode::Tab
            }
            KeyCode::Char(c) => {
                // Shift is already in the character ('?' or 'G').
                mods.remove(KeyModifiers::SHIFT);
                if mods.contains(KeyModifiers::CONTROL) {
                    KeyCode::Char(c.to_ascii_lowercase())
                } else {
                    KeyCode::Char(c)
                }
            }
            other => other,
        };
        Some(Key { code, mods })
    }

    /// Parse "q", "ctrl-c", "shift-tab", "pgdn", "f1", "space", "]".
    pub fn parse(s: &str) -> Option<Key> {
        let mut mods = KeyModifiers::NONE;
        let mut rest = s;
        loop {
            let lower = rest.to_ascii_lowercase();
            let (m, len) = if lower.starts_with("ctrl-") || lower.starts_with("ctrl+") {
                (KeyModifiers::CONTROL, 5)
            } else if lower.starts_with("alt-") || lower.starts_with("alt+") {
                (KeyModifiers::ALT, 4)
            } else if lower.starts_with("shift-") || lower.starts_with("shift+") {
                (KeyModifiers::SHIFT, 6)
            } else {
                break;
            };
            if rest.len() == len {
                break; // a bare "ctrl-" is not a modifier on nothing
            }
            mods |= m;
            rest = &rest[len..];
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => {
                if mods.contains(KeyModifiers::SHIFT) && c.is_ascii_alphabetic() {
                    mods.remove(KeyModifiers::SHIFT);
                    KeyCode::Char(c.to_ascii_uppercase())
                } else if mods.contains(KeyModifiers::CONTROL) {
                    KeyCode::Char(c.to_ascii_lowercase())
                } else {
                    KeyCode::Char(c)
                }
            }
            _ => match rest.to_ascii_lowercase().as_str() {
                "space" => KeyCode::Char(' '),
                "enter" | "return" => KeyCode::Enter,
                "esc" | "escape" => KeyCode::Esc,
                "tab" => KeyCode::Tab,
                "backtab" => {
                    mods |= KeyModifiers::SHIFT;
                    KeyCode::Tab
                }
                "backspace" => KeyCode::Backspace,
                "up" => KeyCode::Up,
                "down" => KeyCode::Down,
                "left" => KeyCode::Left,
                "right" => KeyCode::Right,
                "home" => KeyCode::Home,
                "end" => KeyCode::End,
                "pgup" | "pageup" => KeyCode::PageUp,
                "pgdn" | "pgdown" | "pagedown" => KeyCode::PageDown,
                "delete" | "del" => KeyCode::Delete,
                "insert" | "ins" => KeyCode::Insert,
                f if f.starts_with('f') => {
                    KeyCode::F(f[1..].parse().ok().filter(|n| (1..=24).contains(n))?)
                }
                _ => return None,
            },
        };
        if let KeyCode::Char(c) = code {
            if mods.contains(KeyModifiers::SHIFT) && !c.is_ascii_alphabetic() {
                // "shift-?" is just "?": the terminal sends the character.
                mods.remove(KeyModifiers::SHIFT);
            }
        }
        Some(Key { code, mods })
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mods.contains(KeyModifiers::CONTROL) {
            f.write_str("Ctrl-")?;
        }
        if self.mods.contains(KeyModifiers::ALT) {
            f.write_str("Alt-")?;
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            f.write_str("Shift-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::Delete => f.write_str("Del"),
            KeyCode::Insert => f.write_str("Ins"),
            KeyCode::F(n) => write!(f, "F{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// A named reader command: what a key can be bound to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::EnumIter)]
pub enum Command {
    /// Quit parallax.
    Quit,
    /// Show or hide this help.
    Help,
    /// Next passage of the theme; all panes align.
    NextPassage,
    /// Previous passage of the theme; all panes align.
    PrevPassage,
    /// Next theme.
    NextTheme,
    /// Previous theme.
    PrevTheme,
    /// Pick a theme from the list.
    ThemePicker,
    /// Re-align all panes on the current passage.
    Realign,
    /// Scroll down a line.
    ScrollDown,
    /// Scroll up a line.
    ScrollUp,
    /// Scroll down a page.
    PageDown,
    /// Scroll up a page.
    PageUp,
    /// Go to the start of the essay.
    Top,
    /// Go to the end of the essay.
    Bottom,
    /// Lock or unlock scrolling all panes together.
    Sync,
    /// Focus the next pane.
    FocusNext,
    /// Focus the previous pane.
    FocusPrev,
    /// Open another essay in a new pane.
    AddPane,
    /// Show a different essay in this pane.
    ChangeEssay,
    /// Close this pane.
    ClosePane,
    /// Move this pane left.
    MovePaneLeft,
    /// Move this pane right.
    MovePaneRight,
    /// Search the focused essay (Tab in the prompt: all panes).
    Search,
    /// Next search hit.
    NextHit,
    /// Previous search hit.
    PrevHit,
    /// Compare view: the theme's passages side by side, with stances.
    Compare,
    /// Coverage matrix: themes × essays.
    Matrix,
    /// Synoptic mode: one shared scroll, themed passages side by side.
    Synoptic,
    /// Open what is selected (compare, matrix, synoptic).
    Select,
    /// Change the order of the coverage matrix.
    Sort,
    /// Choose a seminar tour.
    Tours,
    /// Next step of the tour.
    NextStep,
    /// Previous step of the tour.
    PrevStep,
    /// Presenter mode for a projector.
    Present,
    /// Hide or reveal stances and roles (a class reads and argues first).
    Reveal,
    /// The focused passage's full stance, role and teaching note.
    Details,
    /// The focused essay's outline: headings and passages; type to filter.
    Outline,
    /// Bookmark the place at the marker row of the focused pane.
    Bookmark,
    /// The bookmarks across the corpus.
    Bookmarks,
    /// Show or hide paragraph numbers (¶ N).
    Paragraphs,
    /// Copy the current passage with its citation to the clipboard.
    CopyCitation,
    /// Release or capture the mouse (released: the terminal selects text).
    Mouse,
    /// Select words in the focused pane, to tag them as a passage.
    SelectText,
    /// Edit or delete the focused pane's current passage.
    EditPassage,
    /// Undo the last edit of the map.
    Undo,
    /// Redo the last undone edit.
    Redo,
    /// List orphaned and re-anchored passages, and what kept a change on
    /// disk from loading.
    Problems,
}

/// A command's name in the keymap file, help group, help line and default keys.
struct Info {
    name: &'static str,
    group: &'static str,
    help: &'static str,
    keys: &'static [Key],
}

const SHIFT_TAB: Key = Key {
    code: KeyCode::Tab,
    mods: KeyModifiers::SHIFT,
};

impl Command {
    /// Every command's row. A `match`, so a command without a row does not
    /// compile; help lists commands in the order the enum declares them.
    fn info(self) -> Info {
        match self {
            Command::Quit => Info {
                name: "quit",
                group: "General",
                help: "Quit parallax",
                keys: const { &[Key::ch('q'), Key::ctrl('c')] },
            },
            Command::Help => Info {
                name: "help",
                group: "General",
                help: "Show or hide this help",
                keys: const { &[Key::ch('?'), Key::plain(KeyCode::F(1))] },
            },
            Command::NextPassage => Info {
                name: "next-passage",
                group: "Themes",
                help: "Next passage of the theme; all panes align",
                keys: const { &[Key::ch(']')] },
            },
            Command::PrevPassage => Info {
                name: "prev-passage",
                group: "Themes",
                help: "Previous passage of the theme; all panes align",
                keys: const { &[Key::ch('[')] },
            },
            Command::NextTheme => Info {
                name: "next-theme",
                group: "Themes",
                help: "Next theme",
                keys: const { &[Key::ch('}')] },
            },
            Command::PrevTheme => Info {
                name: "prev-theme",
                group: "Themes",
                help: "Previous theme",
                keys: const { &[Key::ch('{')] },
            },
            Command::ThemePicker => Info {
                name: "theme-picker",
                group: "Themes",
                help: "Pick a theme from the list",
                keys: const { &[Key::ch('t')] },
            },
            Command::Realign => Info {
                name: "realign",
                group: "Themes",
                help: "Re-align all panes on the current passage",
                keys: const { &[Key::ch('=')] },
            },
            Command::ScrollDown => Info {
                name: "scroll-down",
                group: "Scrolling",
                help: "Scroll down a line",
                keys: const { &[Key::ch('j'), Key::plain(KeyCode::Down)] },
            },
            Command::ScrollUp => Info {
                name: "scroll-up",
                group: "Scrolling",
                help: "Scroll up a line",
                keys: const { &[Key::ch('k'), Key::plain(KeyCode::Up)] },
            },
            Command::PageDown => Info {
                name: "page-down",
                group: "Scrolling",
                help: "Scroll down a page",
                keys: const { &[Key::plain(KeyCode::PageDown), Key::ch(' ')] },
            },
            Command::PageUp => Info {
                name: "page-up",
                group: "Scrolling",
                help: "Scroll up a page",
                keys: const { &[Key::plain(KeyCode::PageUp)] },
            },
            Command::Top => Info {
                name: "top",
                group: "Scrolling",
                help: "Go to the start of the essay",
                keys: const { &[Key::ch('g'), Key::plain(KeyCode::Home)] },
            },
            Command::Bottom => Info {
                name: "bottom",
                group: "Scrolling",
                help: "Go to the end of the essay",
                keys: const { &[Key::ch('G'), Key::plain(KeyCode::End)] },
            },
            Command::Sync => Info {
                name: "sync",
                group: "Scrolling",
                help: "Lock or unlock scrolling all panes together",
                keys: const { &[Key::ch('s')] },
            },
            Command::FocusNext => Info {
                name: "focus-next",
                group: "Panes",
                help: "Focus the next pane",
                keys: const { &[Key::plain(KeyCode::Tab), Key::ch('l')] },
            },
            Command::FocusPrev => Info {
                name: "focus-prev",
                group: "Panes",
                help: "Focus the previous pane",
                keys: const { &[SHIFT_TAB, Key::ch('h')] },
            },
            Command::AddPane => Info {
                name: "add-pane",
                group: "Panes",
                help: "Open another essay in a new pane",
                keys: const { &[Key::ch('a')] },
            },
            Command::ChangeEssay => Info {
                name: "change-essay",
                group: "Panes",
                help: "Show a different essay in this pane",
                keys: const { &[Key::ch('e')] },
            },
            Command::ClosePane => Info {
                name: "close-pane",
                group: "Panes",
                help: "Close this pane",
                keys: const { &[Key::ch('x')] },
            },
            Command::MovePaneLeft => Info {
                name: "move-pane-left",
                group: "Panes",
                help: "Move this pane left",
                keys: const { &[Key::ch('<')] },
            },
            Command::MovePaneRight => Info {
                name: "move-pane-right",
                group: "Panes",
                help: "Move this pane right",
                keys: const { &[Key::ch('>')] },
            },
            Command::Search => Info {
                name: "search",
                group: "Search",
                help: "Search the focused essay (Tab in the prompt: all panes)",
                keys: const { &[Key::ch('/')] },
            },
            Command::NextHit => Info {
                name: "next-hit",
                group: "Search",
                help: "Next search hit",
                keys: const { &[Key::ch('n')] },
            },
            Command::PrevHit => Info {
                name: "prev-hit",
                group: "Search",
                help: "Previous search hit",
                keys: const { &[Key::ch('N')] },
            },
            Command::Compare => Info {
                name: "compare",
                group: "Views",
                help: "Compare view: the theme's passages side by side",
                keys: const { &[Key::ch('c')] },
            },
            Command::Matrix => Info {
                name: "matrix",
                group: "Views",
                help: "Coverage matrix: which essay speaks to what, how much",
                keys: const { &[Key::ch('m')] },
            },
            Command::Synoptic => Info {
                name: "synoptic",
                group: "Views",
                help: "Synoptic mode: one scroll, same-theme passages side by side",
                keys: const { &[Key::ch('y')] },
            },
            Command::Select => Info {
                name: "select",
                group: "Views",
                help: "Open the selection; in synoptic mode, jump to a counterpart",
                keys: const { &[Key::plain(KeyCode::Enter)] },
            },
            Command::Sort => Info {
                name: "sort",
                group: "Views",
                help: "Matrix order: map, most passages, by the selected essay",
                keys: const { &[Key::ch('o')] },
            },
            Command::Tours => Info {
                name: "tours",
                group: "Seminar",
                help: "Choose a seminar tour",
                keys: const { &[Key::ch('T')] },
            },
            Command::NextStep => Info {
                name: "next-step",
                group: "Seminar",
                help: "Next step of the tour",
                keys: const { &[Key::plain(KeyCode::Right)] },
            },
            Command::PrevStep => Info {
                name: "prev-step",
                group: "Seminar",
                help: "Previous step of the tour",
                keys: const { &[Key::plain(KeyCode::Left)] },
            },
            Command::Present => Info {
                name: "present",
                group: "Seminar",
                help: "Presenter mode: prompt, passages and stances, large and high-contrast",
                keys: const { &[Key::ch('P')] },
            },
            Command::Reveal => Info {
                name: "reveal",
                group: "Seminar",
                help: "Hide or reveal stances and roles, so a class reads first",
                keys: const { &[Key::ch('r')] },
            },
            Command::Details => Info {
                name: "details",
                group: "Seminar",
                help: "The focused passage's whole stance, role and teaching note",
                keys: const { &[Key::ch('i')] },
            },
            Command::Outline => Info {
                name: "outline",
                group: "Reading",
                help: "Outline of the focused essay: headings and passages; type to filter",
                keys: const { &[Key::ch('O')] },
            },
            Command::Bookmark => Info {
                name: "bookmark",
                group: "Reading",
                help: "Bookmark the place at the marker row (an optional label)",
                keys: const { &[Key::ch('b')] },
            },
            Command::Bookmarks => Info {
                name: "bookmarks",
                group: "Reading",
                help: "Bookmarks across the corpus; Enter jumps back",
                keys: const { &[Key::ch('B')] },
            },
            Command::Paragraphs => Info {
                name: "paragraphs",
                group: "Reading",
                help: "Show or hide paragraph numbers (¶ N) for citing",
                keys: const { &[Key::ch('#')] },
            },
            Command::CopyCitation => Info {
                name: "copy-citation",
                group: "Reading",
                help: "Copy the current passage with its citation (OSC 52 clipboard)",
                keys: const { &[Key::ch('Y')] },
            },
            Command::Mouse => Info {
                name: "mouse",
                group: "Reading",
                help: "Release the mouse so the terminal can select text (again: capture it)",
                keys: const { &[Key::ch('M')] },
            },
            Command::SelectText => Info {
                name: "select-text",
                group: "Coding",
                help: "Select words to tag (arrows extend, Enter tags, Esc drops)",
                keys: const { &[Key::ch('v')] },
            },
            Command::EditPassage => Info {
                name: "edit-passage",
                group: "Coding",
                help: "Edit the current passage's stance, role, note, themes, or delete it",
                keys: const { &[Key::ch('E')] },
            },
            Command::Undo => Info {
                name: "undo",
                group: "Coding",
                help: "Undo the last edit of the map (written to disk)",
                keys: const { &[Key::ch('u')] },
            },
            Command::Redo => Info {
                name: "redo",
                group: "Coding",
                help: "Redo the last undone edit",
                keys: const { &[Key::ctrl('r')] },
            },
            Command::Problems => Info {
                name: "problems",
                group: "Coding",
                help: "List orphaned and re-anchored passages (Enter goes there) and what kept a change on disk from loading",
                keys: const { &[Key::ch('D')] },
            },
        }
    }

    /// Every command, in help order (the enum's order).
    pub fn all() -> impl Iterator<Item = Command> {
        Command::iter()
    }

    /// The name used in the keymap file.
    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// The help group it is listed under.
    pub fn group(self) -> &'static str {
        self.info().group
    }

    /// One line of help.
    pub fn help(self) -> &'static str {
        self.info().help
    }

    fn defaults(self) -> Vec<Key> {
        self.info().keys.to_vec()
    }
}

/// The bindings in effect: key → command, and command → keys for help.
#[derive(Debug, Clone)]
pub struct Keymap {
    by_key: HashMap<Key, Command>,
    by_command: Vec<(Command, Vec<Key>)>,
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap::from_bindings(Command::all().map(|c| (c, c.defaults())).collect())
            .expect("default bindings have no duplicates")
    }
}

impl Keymap {
    fn from_bindings(
        by_command: Vec<(Command, Vec<Key>)>,
    ) -> Result<Keymap, (Key, Command, Command)> {
        let mut by_key = HashMap::new();
        for (c, keys) in &by_command {
            for k in keys {
                if let Some(prev) = by_key.insert(*k, *c) {
                    return Err((*k, prev, *c));
                }
            }
        }
        Ok(Keymap { by_key, by_command })
    }

    /// The command bound to a key.
    pub fn command(&self, key: Key) -> Option<Command> {
        self.by_key.get(&key).copied()
    }

    /// The keys bound to a command, in the order given.
    pub fn keys(&self, c: Command) -> &[Key] {
        self.by_command
            .iter()
            .find(|(x, _)| *x == c)
            .map_or(&[], |(_, k)| k.as_slice())
    }

    /// The first key of a command, for hints ("? help").
    pub fn hint(&self, c: Command) -> String {
        self.keys(c)
            .first()
            .map_or_else(|| "—".to_string(), Key::to_string)
    }

    /// Every key of a command joined by `/` ("j/↓"), for hints.
    pub fn hints(&self, c: Command) -> String {
        let keys: Vec<String> = self.keys(c).iter().map(Key::to_string).collect();
        if keys.is_empty() {
            "—".to_string()
        } else {
            keys.join("/")
        }
    }

    /// This keymap with `c` bound to `keys` instead (the keys are taken
    /// from any command that had them). For tests and callers that rebind.
    pub fn with_keys(&self, c: Command, keys: Vec<Key>) -> Keymap {
        let by_command = self
            .by_command
            .iter()
            .map(|(x, ks)| {
                if *x == c {
                    (*x, keys.clone())
                } else {
                    (
                        *x,
                        ks.iter().copied().filter(|k| !keys.contains(k)).collect(),
                    )
                }
            })
            .collect();
        Keymap::from_bindings(by_command).expect("rebinding removes duplicates")
    }

    /// Parse a keymap file's text over the defaults. Every problem is
    /// reported; on any problem the caller should keep the defaults.
    pub fn parse(source: &Source) -> Result<Keymap, Vec<Diagnostic>> {
        let mut w = Walk::new(source, 0);
        let text = source.text.clone();
        let Some(doc) = w.parse(&text, "keymap") else {
            return Err(w.diags);
        };
        let root = Table::new(doc.get_ref(), 0..0, "the keymap");
        let names: Vec<&str> = Command::all().map(Command::name).collect();
        root.check_keys(&mut w, &names);
        let mut bindings: Vec<(Command, Vec<Key>)> =
            Command::all().map(|c| (c, c.defaults())).collect();
        let mut spans: HashMap<Key, std::ops::Range<usize>> = HashMap::new();
        for (c, keys) in bindings.iter_mut() {
            let Some(list) = root.str_list(&mut w, c.name()) else {
                continue;
            };
            let mut parsed = Vec::new();
            for k in list {
                match Key::parse(&k.value) {
                    Some(key) => {
                        spans.insert(key, k.span.clone());
                        parsed.push(key);
                    }
                    None => {
                        w.error(format!("unknown key {:?}", k.value), k.span)
                            .with_label_mut("not a key name")
                            .with_note_mut("hint: keys look like \"q\", \"]\", \"ctrl-c\", \"shift-tab\", \"pgdn\", \"f1\", \"space\"");
                    }
                }
            }
            *keys = parsed;
        }
        // Duplicates: report each key bound to two commands.
        let mut seen: HashMap<Key, Command> = HashMap::new();
        for (c, keys) in &bindings {
            for k in keys {
                if let Some(prev) = seen.insert(*k, *c) {
                    let span = spans.get(k).cloned().unwrap_or(0..0);
                    // Suggest rebinding the command the file did not name:
                    // it still has its default keys.
                    let named = |c: Command| root.has(c.name());
                    let hint = match (named(prev), named(*c)) {
                        (true, false) => format!(
                            "hint: `{}` has {k} by default; give it other keys too, e.g. {} = \"…\"",
                            c.name(),
                            c.name()
                        ),
                        (false, true) => format!(
                            "hint: `{}` has {k} by default; give it other keys too, e.g. {} = \"…\"",
                            prev.name(),
                            prev.name()
                        ),
                        _ => "hint: give each key to one command".to_string(),
                    };
                    w.error(
                        format!(
                            "key {k} is bound to both `{}` and `{}`",
                            prev.name(),
                            c.name()
                        ),
                        span,
                    )
                    .with_label_mut("duplicate binding")
                    .with_note_mut(hint);
                }
            }
        }
        if !w.diags.is_empty() {
            return Err(w.diags);
        }
        Keymap::from_bindings(bindings).map_err(|_| Vec::new())
    }

    /// The user's keymap file: `$PARALLAX_KEYMAP`, else
    /// `<config dir>/parallax/keys.toml`.
    pub fn user_path() -> Option<PathBuf> {
        if let Some(p) = std::env::var_os("PARALLAX_KEYMAP") {
            return Some(PathBuf::from(p));
        }
        dirs::config_dir().map(|d| d.join("parallax").join("keys.toml"))
    }

    /// Load the user's keymap if there is one. Returns the keymap in effect
    /// and, if the file was bad, the problems (the defaults are then used).
    pub fn load_user(path: Option<&Path>) -> (Keymap, Vec<Diagnostic>) {
        let Some(path) = path.filter(|p| p.exists()) else {
            return (Keymap::default(), Vec::new());
        };
        let shown = path.display().to_string();
        // Only a regular file of at most 64 KiB (a real one is a few
        // hundred bytes): a FIFO would block and /dev/zero never end.
        let source = match crate::corpus::files::read_regular(path, 64 << 10)
            .map_err(|e| {
                Box::new(Diagnostic::file_error(
                    format!("cannot read {shown}: {e}"),
                    &shown,
                ))
            })
            .and_then(|b| crate::corpus::files::decode(&shown, b))
        {
            Ok(s) => s,
            Err(d) => return (Keymap::default(), vec![*d]),
        };
        match Keymap::parse(&source) {
            Ok(k) => (k, Vec::new()),
            Err(d) => (Keymap::default(), d),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(t: &str) -> Source {
        Source::new("keys.toml", t)
    }

    #[test]
    fn every_command_can_be_rebound_by_its_name_alone() {
        // A file naming one command rebinds that command and no other: this
        // fails for a duplicated or misspelt name, and for a command whose
        // default keys are missing (it would have nothing to lose).
        for c in Command::all() {
            let k = Keymap::parse(&src(&format!("{} = \"f12\"\n", c.name())))
                .unwrap_or_else(|e| panic!("{}: {e:?}", c.name()));
            assert_eq!(
                k.command(Key::plain(KeyCode::F(12))),
                Some(c),
                "{}",
                c.name()
            );
            assert!(!c.defaults().is_empty(), "{} has no default key", c.name());
            for d in c.defaults() {
                assert_ne!(k.command(d), Some(c), "{} kept {d}", c.name());
            }
            for other in Command::all().filter(|&o| o != c) {
                assert_eq!(k.keys(other), Keymap::default().keys(other));
            }
        }
    }

    #[test]
    fn key_names_parse_and_print() {
        assert_eq!(Key::parse("q"), Some(Key::ch('q')));
        assert_eq!(Key::parse("ctrl-c"), Some(Key::ctrl('c')));
        assert_eq!(Key::parse("Ctrl+C"), Some(Key::ctrl('c')));
        assert_eq!(Key::parse("shift-g"), Some(Key::ch('G')));
        assert_eq!(Key::parse("pgdn"), Some(Key::plain(KeyCode::PageDown)));
        assert_eq!(Key::parse("f1"), Some(Key::plain(KeyCode::F(1))));
        assert_eq!(Key::parse("nonsense"), None);
        assert_eq!(Key::ctrl('c').to_string(), "Ctrl-c");
    }

    #[test]
    fn events_are_cleaned() {
        let ev = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(Key::from_event(ev), Some(Key::ch('G')));
        let ev = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(
            Key::from_event(ev),
            Some(Key {
                code: KeyCode::Tab,
                mods: KeyModifiers::SHIFT
            })
        );
    }

    #[test]
    fn defaults_have_the_design_keys() {
        let k = Keymap::default();
        assert_eq!(k.command(Key::ch(']')), Some(Command::NextPassage));
        assert_eq!(k.command(Key::ch('q')), Some(Command::Quit));
        assert_eq!(k.command(Key::ch('s')), Some(Command::Sync));
    }

    #[test]
    fn a_file_overrides_only_what_it_names() {
        let k = Keymap::parse(&src("next-passage = [\"n\", \"f2\"]\nnext-hit = \"f3\"\n")).unwrap();
        assert_eq!(k.command(Key::ch('n')), Some(Command::NextPassage));
        assert_eq!(k.command(Key::ch(']')), None);
        assert_eq!(k.command(Key::ch('q')), Some(Command::Quit));
        assert_eq!(k.keys(Command::NextHit), [Key::plain(KeyCode::F(3))]);
    }

    #[test]
    fn bad_files_report_every_problem() {
        let errs =
            Keymap::parse(&src("quitt = \"x\"\nhelp = \"hyper-q\"\nsync = \"q\"\n")).unwrap_err();
        let msgs: Vec<String> = errs.iter().map(|d| d.to_string()).collect();
        assert_eq!(msgs.len(), 3, "{msgs:?}");
        assert!(msgs[0].contains("unknown key `quitt`"), "{msgs:?}");
        assert!(errs[0].notes[0].contains("`quit`"));
        assert!(msgs[1].contains("unknown key \"hyper-q\""), "{msgs:?}");
        assert!(
            msgs[2].contains("bound to both `quit` and `sync`"),
            "{msgs:?}"
        );
        assert!(msgs[2].starts_with("keys.toml:3:8"), "{msgs:?}");
    }
}
