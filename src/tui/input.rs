//! Turning terminal events into actions, in one place. Overlays and the
//! search prompt have fixed keys; the reader's keys come from the keymap.

use ratatui::crossterm::event::{Event, KeyCode, KeyModifiers, MouseButton, MouseEventKind};

use super::action::{Action, PickPurpose, PromptEdit};
use super::app::{App, Overlay};
use super::keymap::{Command, Key};

/// The action for a key in the app's current mode, if any.
pub fn action_for_key(app: &App, key: Key) -> Option<Action> {
    // Ctrl-C always quits, whatever is open.
    if key == Key::ctrl('c') {
        return Some(Action::Quit);
    }
    if app.prompt.is_some() {
        return Some(Action::Prompt(match key.code {
            KeyCode::Enter => PromptEdit::Submit,
            KeyCode::Esc => PromptEdit::Cancel,
            KeyCode::Backspace => PromptEdit::Backspace,
            KeyCode::Tab => PromptEdit::ToggleScope,
            KeyCode::Char(c)
                if !key
                    .mods
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
            {
                PromptEdit::Insert(c)
            }
            _ => return None,
        }));
    }
    match &app.overlay {
        Some(Overlay::Help(_)) => {
            return match (key.code, app.keymap.command(key)) {
                (_, Some(Command::Help)) | (KeyCode::Esc | KeyCode::Char('q'), _) => {
                    Some(Action::ToggleHelp)
                }
                (KeyCode::Down | KeyCode::Char('j'), _) => Some(Action::HelpScroll(1)),
                (KeyCode::Up | KeyCode::Char('k'), _) => Some(Action::HelpScroll(-1)),
                (KeyCode::PageDown | KeyCode::Char(' '), _) => Some(Action::HelpScroll(10)),
                (KeyCode::PageUp, _) => Some(Action::HelpScroll(-10)),
                _ => None,
            };
        }
        Some(Overlay::ThemePicker(_) | Overlay::EssayPicker(..)) => {
            return match key.code {
                KeyCode::Down | KeyCode::Char('j') => Some(Action::PickerMove(1)),
                KeyCode::Up | KeyCode::Char('k') => Some(Action::PickerMove(-1)),
                KeyCode::PageDown => Some(Action::PickerMove(10)),
                KeyCode::PageUp => Some(Action::PickerMove(-10)),
                KeyCode::Home | KeyCode::Char('g') => Some(Action::PickerMove(-10_000)),
                KeyCode::End | KeyCode::Char('G') => Some(Action::PickerMove(10_000)),
                KeyCode::Enter => Some(Action::PickerChoose),
                KeyCode::Esc | KeyCode::Char('q') => Some(Action::Dismiss),
                _ => None,
            };
        }
        None => {}
    }
    if key.code == KeyCode::Esc {
        return Some(Action::Dismiss);
    }
    let Some(cmd) = app.keymap.command(key) else {
        return Some(Action::Unbound(key));
    };
    Some(match cmd {
        Command::Quit => Action::Quit,
        Command::Help => Action::ToggleHelp,
        Command::NextPassage => Action::NextPassage,
        Command::PrevPassage => Action::PrevPassage,
        Command::NextTheme => Action::NextTheme,
        Command::PrevTheme => Action::PrevTheme,
        Command::ThemePicker => Action::OpenThemePicker,
        Command::Realign => Action::Realign,
        Command::ScrollDown => Action::Scroll(1),
        Command::ScrollUp => Action::Scroll(-1),
        Command::PageDown => Action::Page(1),
        Command::PageUp => Action::Page(-1),
        Command::Top => Action::Top,
        Command::Bottom => Action::Bottom,
        Command::Sync => Action::ToggleSync,
        Command::FocusNext => Action::FocusNext,
        Command::FocusPrev => Action::FocusPrev,
        Command::AddPane => Action::OpenEssayPicker(PickPurpose::AddPane),
        Command::ChangeEssay => Action::OpenEssayPicker(PickPurpose::Replace),
        Command::ClosePane => Action::ClosePane,
        Command::MovePaneLeft => Action::MovePane(-1),
        Command::MovePaneRight => Action::MovePane(1),
        Command::Search => Action::StartSearch,
        Command::NextHit => Action::NextHit,
        Command::PrevHit => Action::PrevHit,
    })
}

/// The action for a terminal event, if any.
pub fn action_for_event(app: &App, ev: &Event) -> Option<Action> {
    match ev {
        Event::Key(k) => Key::from_event(*k).and_then(|k| action_for_key(app, k)),
        Event::Resize(w, h) => Some(Action::Resize(*w, *h)),
        Event::Mouse(m) => match m.kind {
            MouseEventKind::ScrollDown => Some(Action::Wheel {
                x: m.column,
                y: m.row,
                delta: 3,
            }),
            MouseEventKind::ScrollUp => Some(Action::Wheel {
                x: m.column,
                y: m.row,
                delta: -3,
            }),
            MouseEventKind::Down(MouseButton::Left)
                if app.overlay.is_none() && app.prompt.is_none() =>
            {
                Some(Action::Click {
                    x: m.column,
                    y: m.row,
                })
            }
            _ => None,
        },
        _ => None,
    }
}
