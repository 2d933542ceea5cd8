//! Turning terminal events into actions, in one place. Overlays and the
//! search prompt have fixed keys; the reader's keys come from the keymap.

use ratatui::crossterm::event::{Event, KeyCode, KeyModifiers, MouseButton, MouseEventKind};

use super::action::{Action, PickPurpose, PromptEdit};
use super::app::{App, Overlay, View};
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
        Some(Overlay::ThemePicker(_) | Overlay::EssayPicker(..) | Overlay::TourPicker(_)) => {
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
    Some(command_action(app, cmd))
}

/// What a command means in the current view. Movement keys move the
/// selection in the compare view and the matrix, and scroll elsewhere.
fn command_action(app: &App, cmd: Command) -> Action {
    let view = app.view;
    let touring = app.tour.is_some();
    // Commands that mean the same everywhere.
    match cmd {
        Command::Quit => return Action::Quit,
        Command::Help => return Action::ToggleHelp,
        Command::Compare => return Action::ShowView(View::Compare),
        Command::Matrix => return Action::ShowView(View::Matrix),
        Command::Synoptic => return Action::ShowView(View::Synoptic),
        Command::Tours => return Action::OpenTourPicker,
        Command::Present => return Action::TogglePresent,
        Command::ThemePicker => return Action::OpenThemePicker,
        Command::Select => return Action::Select,
        Command::Sort => return Action::CycleSort,
        _ => {}
    }
    if view == View::Matrix {
        let mv = |rows, cols| Action::MoveSelection { rows, cols };
        return match cmd {
            Command::ScrollDown | Command::NextPassage | Command::NextTheme => mv(1, 0),
            Command::ScrollUp | Command::PrevPassage | Command::PrevTheme => mv(-1, 0),
            Command::PageDown => mv(10, 0),
            Command::PageUp => mv(-10, 0),
            Command::Top => mv(-10_000, 0),
            Command::Bottom => mv(10_000, 0),
            Command::FocusNext => mv(0, 1),
            Command::FocusPrev => mv(0, -1),
            Command::NextStep if touring => Action::TourStep(1),
            Command::PrevStep if touring => Action::TourStep(-1),
            Command::NextStep => mv(0, 1),
            Command::PrevStep => mv(0, -1),
            _ => reader_action(cmd),
        };
    }
    if view == View::Compare {
        return match cmd {
            Command::ScrollDown => Action::NextPassage,
            Command::ScrollUp => Action::PrevPassage,
            Command::PageDown => Action::ViewScroll(page(app)),
            Command::PageUp => Action::ViewScroll(-page(app)),
            Command::Top => Action::ViewScroll(-1_000_000),
            Command::Bottom => Action::ViewScroll(1_000_000),
            Command::NextStep if !touring => Action::FocusNext,
            Command::PrevStep if !touring => Action::FocusPrev,
            _ => reader_action(cmd),
        };
    }
    if app.present && view == View::Reader {
        return match cmd {
            Command::NextStep => Action::PresentNext(1),
            Command::PrevStep => Action::PresentNext(-1),
            Command::ScrollDown => Action::ViewScroll(1),
            Command::ScrollUp => Action::ViewScroll(-1),
            Command::PageDown => Action::ViewScroll(page(app)),
            Command::PageUp => Action::ViewScroll(-page(app)),
            _ => reader_action(cmd),
        };
    }
    reader_action(cmd)
}

fn page(app: &App) -> isize {
    (app.size.1 / 2).max(1) as isize
}

fn reader_action(cmd: Command) -> Action {
    match cmd {
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
        Command::Compare => Action::ShowView(View::Compare),
        Command::Matrix => Action::ShowView(View::Matrix),
        Command::Synoptic => Action::ShowView(View::Synoptic),
        Command::Tours => Action::OpenTourPicker,
        Command::NextStep => Action::TourStep(1),
        Command::PrevStep => Action::TourStep(-1),
        Command::Present => Action::TogglePresent,
        Command::Select => Action::Select,
        Command::Sort => Action::CycleSort,
    }
}

/// The action for a terminal event, if any.
pub fn action_for_event(app: &App, ev: &Event) -> Option<Action> {
    match ev {
        Event::Key(k) => Key::from_event(*k).and_then(|k| action_for_key(app, k)),
        Event::Resize(w, h) => Some(Action::Resize(*w, *h)),
        Event::Mouse(m) => {
            if app.overlay.is_some() || app.prompt.is_some() {
                return None;
            }
            let delta = match m.kind {
                MouseEventKind::ScrollDown => 3,
                MouseEventKind::ScrollUp => -3,
                MouseEventKind::Down(MouseButton::Left)
                    if app.view == View::Reader && !app.present =>
                {
                    return Some(Action::Click {
                        x: m.column,
                        y: m.row,
                    });
                }
                _ => return None,
            };
            // The wheel scrolls what is on screen.
            Some(match (app.view, app.present) {
                (View::Compare, _) | (View::Reader, true) => Action::ViewScroll(delta),
                (View::Matrix, _) => Action::MoveSelection {
                    rows: delta.signum(),
                    cols: 0,
                },
                (View::Synoptic, _) => Action::Scroll(delta),
                (View::Reader, false) => Action::Wheel {
                    x: m.column,
                    y: m.row,
                    delta,
                },
            })
        }
        _ => None,
    }
}
