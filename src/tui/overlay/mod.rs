//! Overlays: what is drawn over a view and takes the keys while open. Each
//! overlay is a variant of [`Overlay`] holding its own state; its keys are
//! in [`Overlay::action_for_key`]; `App::update` decides what choosing an
//! item does. To add one: a state (reuse [`list::ListPicker`] for a list,
//! [`prompt::TextPrompt`] for typed text), a variant here, its keys below,
//! its drawing in `view/`, and what Enter does in `App::choose`.

pub mod help;
pub mod list;
pub mod outline;
pub mod prompt;

use ratatui::crossterm::event::KeyCode;

use super::action::{Action, PickPurpose, PromptEdit};
use super::keymap::{Command, Key, Keymap};
use help::HelpState;
use list::ListPicker;
use outline::{LabelPrompt, OutlineState};
use prompt::TextPrompt;

/// The search prompt: the query being typed and its scope.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SearchPrompt {
    /// What has been typed.
    pub text: TextPrompt,
    /// Search all open essays rather than the focused one.
    pub all: bool,
}

/// An overlay, with its state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    /// The help screen.
    Help(HelpState),
    /// The theme list.
    Themes(ListPicker),
    /// The essay list, and why an essay is being picked.
    Essays(ListPicker, PickPurpose),
    /// The tour list.
    Tours(ListPicker),
    /// The search prompt (drawn in the status bar).
    Search(SearchPrompt),
    /// One passage's whole stance, role and teaching note (a passage index).
    Details(usize),
    /// The focused essay's outline, filtered as you type.
    Outline(OutlineState),
    /// The bookmarks across the corpus (items index `App::bookmarks`).
    Bookmarks(ListPicker),
    /// The label for a new bookmark (drawn in the status bar).
    Label(LabelPrompt),
    /// The problems: what kept the last change on disk from loading,
    /// orphaned passages, and passages found moved or changed.
    Problems(super::authoring::ProblemsState),
    /// Tagging a selection or editing a passage (boxed: it is the largest).
    Author(Box<super::authoring::Flow>),
}

impl Overlay {
    /// The list, for list overlays.
    pub fn list(&self) -> Option<&ListPicker> {
        match self {
            Overlay::Themes(l)
            | Overlay::Essays(l, _)
            | Overlay::Tours(l)
            | Overlay::Bookmarks(l) => Some(l),
            Overlay::Outline(o) => Some(&o.list),
            _ => None,
        }
    }

    /// The list, for list overlays.
    pub fn list_mut(&mut self) -> Option<&mut ListPicker> {
        match self {
            Overlay::Themes(l)
            | Overlay::Essays(l, _)
            | Overlay::Tours(l)
            | Overlay::Bookmarks(l) => Some(l),
            Overlay::Outline(o) => Some(&mut o.list),
            _ => None,
        }
    }

    /// The action for a key while this overlay is open. Movement goes
    /// through the keymap (so hints name the user's keys), with the arrow
    /// and page keys always working too.
    pub fn action_for_key(&self, key: Key, keymap: &Keymap) -> Option<Action> {
        let cmd = keymap.command(key);
        match self {
            Overlay::Problems(_) => match key.code {
                KeyCode::Esc | KeyCode::Char('q') => Some(Action::Dismiss),
                KeyCode::Enter => Some(Action::Author(super::authoring::AuthorAction::OpenProblem)),
                _ if cmd == Some(Command::Problems) => Some(Action::Dismiss),
                _ => movement(key, cmd).map(|s| {
                    Action::Author(super::authoring::AuthorAction::ScrollProblems(s.rows(10)))
                }),
            },
            Overlay::Author(_) => Some(Action::Author(super::authoring::AuthorAction::Key(key))),
            Overlay::Search(_) => Some(Action::Prompt(match key.code {
                KeyCode::Enter => PromptEdit::Submit,
                KeyCode::Esc => PromptEdit::Cancel,
                KeyCode::Tab => PromptEdit::ToggleScope,
                _ => PromptEdit::from(TextPrompt::edit_for_key(key)?),
            })),
            Overlay::Details(_) => (cmd == Some(Command::Details)
                || cmd == Some(Command::Quit)
                || key.code == KeyCode::Esc
                || key.code == KeyCode::Enter)
                .then_some(Action::Dismiss),
            Overlay::Label(_) => Some(Action::Label(match key.code {
                KeyCode::Enter => PromptEdit::Submit,
                KeyCode::Esc => PromptEdit::Cancel,
                _ => PromptEdit::from(TextPrompt::edit_for_key(key)?),
            })),
            Overlay::Bookmarks(_)
                if matches!(key.code, KeyCode::Delete | KeyCode::Char('d'))
                    && key.mods.is_empty() =>
            {
                Some(Action::DeleteBookmark)
            }
            Overlay::Help(_) => {
                if cmd == Some(Command::Help)
                    || cmd == Some(Command::Quit)
                    || key.code == KeyCode::Esc
                {
                    return Some(Action::ToggleHelp);
                }
                movement(key, cmd).map(Action::HelpScroll)
            }
            Overlay::Themes(_)
            | Overlay::Essays(..)
            | Overlay::Tours(_)
            | Overlay::Bookmarks(_)
            | Overlay::Outline(_) => {
                let l = self.list()?;
                if key.code == KeyCode::Enter || cmd == Some(Command::Select) {
                    return Some(Action::PickerChoose);
                }
                if key.code == KeyCode::Esc {
                    return Some(Action::Dismiss);
                }
                if l.filter.is_some() {
                    // Typing filters; only the arrow and page keys move.
                    if let Some(d) = movement(key, None) {
                        return Some(Action::PickerMove(d.rows(LIST_PAGE)));
                    }
                    return TextPrompt::edit_for_key(key).map(Action::PickerFilter);
                }
                if cmd == Some(Command::Quit) {
                    return Some(Action::Dismiss);
                }
                movement(key, cmd).map(|d| Action::PickerMove(d.rows(LIST_PAGE)))
            }
        }
    }
}

/// Rows a page key moves in a list.
pub const LIST_PAGE: isize = 10;

/// A movement in a list or the help.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// By lines (positive: down).
    Lines(isize),
    /// By pages (positive: down).
    Pages(isize),
    /// To the start.
    Start,
    /// To the end.
    End,
}

impl Step {
    /// As a number of rows, with pages of `page` rows.
    pub fn rows(self, page: isize) -> isize {
        match self {
            Step::Lines(n) => n,
            Step::Pages(n) => n * page,
            Step::Start => -1_000_000,
            Step::End => 1_000_000,
        }
    }
}

/// The movement a key makes in a list or the help: the keymap's scrolling
/// commands, and the arrow, page, Home and End keys.
pub fn movement(key: Key, cmd: Option<Command>) -> Option<Step> {
    let by_cmd = match cmd {
        Some(Command::ScrollDown) => Some(Step::Lines(1)),
        Some(Command::ScrollUp) => Some(Step::Lines(-1)),
        Some(Command::PageDown) => Some(Step::Pages(1)),
        Some(Command::PageUp) => Some(Step::Pages(-1)),
        Some(Command::Top) => Some(Step::Start),
        Some(Command::Bottom) => Some(Step::End),
        _ => None,
    };
    by_cmd.or(match key.code {
        KeyCode::Down => Some(Step::Lines(1)),
        KeyCode::Up => Some(Step::Lines(-1)),
        KeyCode::PageDown => Some(Step::Pages(1)),
        KeyCode::PageUp => Some(Step::Pages(-1)),
        KeyCode::Home => Some(Step::Start),
        KeyCode::End => Some(Step::End),
        _ => None,
    })
}
