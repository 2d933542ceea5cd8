//! Turning terminal events into actions, in one place. An open overlay
//! takes the keys (`Overlay::action_for_key`); otherwise the key's command
//! (from the keymap) means what the view in front says it means.

use ratatui::crossterm::event::{Event, KeyCode, MouseButton, MouseEventKind};

use super::action::{Action, PickPurpose};
use super::app::{App, View};
use super::keymap::{Command, Key};
use super::reader::ReaderMode;

/// The action for a key in the app's current mode, if any.
pub fn action_for_key(app: &App, key: Key) -> Option<Action> {
    // Ctrl-C always quits, whatever is open.
    if key == Key::ctrl('c') {
        return Some(Action::Quit);
    }
    if app.too_small().is_some() {
        // Nothing is drawn but the "too small" notice: keys that would act
        // unseen are ignored. Quitting, help, and closing a pane where the
        // panes are what does not fit still work.
        let panes = matches!(app.view, View::Reader | View::Synoptic) && app.reader.panes.len() > 1;
        return match app.keymap.command(key) {
            Some(Command::Quit) => Some(Action::Quit),
            Some(Command::Help) => Some(Action::ToggleHelp),
            Some(Command::ClosePane) if panes && app.overlay.is_none() => Some(Action::ClosePane),
            _ => None,
        };
    }
    if let Some(o) = &app.overlay {
        return o.action_for_key(key, &app.keymap);
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
pub fn command_action(app: &App, cmd: Command) -> Action {
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
    let touring = app.tour.is_some();
    let view_action = match app.view {
        View::Matrix => matrix_command(cmd, touring),
        View::Compare => compare_command(cmd, touring, app.size),
        View::Present => present_command(cmd, app.size),
        View::Synoptic => None,
        View::Reader => match app.reader.mode {
            ReaderMode::Normal => None,
        },
    };
    view_action.unwrap_or_else(|| reader_action(cmd))
}

/// Rows a page key scrolls in the compare view and presenter mode.
fn page(size: (u16, u16)) -> isize {
    (size.1 / 2).max(1) as isize
}

/// The matrix: movement keys move the cursor.
fn matrix_command(cmd: Command, touring: bool) -> Option<Action> {
    let mv = |rows, cols| Some(Action::MoveSelection { rows, cols });
    match cmd {
        Command::ScrollDown | Command::NextPassage | Command::NextTheme => mv(1, 0),
        Command::ScrollUp | Command::PrevPassage | Command::PrevTheme => mv(-1, 0),
        Command::PageDown => mv(10, 0),
        Command::PageUp => mv(-10, 0),
        Command::Top => mv(-10_000, 0),
        Command::Bottom => mv(10_000, 0),
        Command::FocusNext => mv(0, 1),
        Command::FocusPrev => mv(0, -1),
        Command::NextStep if touring => Some(Action::TourStep(1)),
        Command::PrevStep if touring => Some(Action::TourStep(-1)),
        Command::NextStep => mv(0, 1),
        Command::PrevStep => mv(0, -1),
        _ => None,
    }
}

/// The compare view: up/down step through passages, pages scroll.
fn compare_command(cmd: Command, touring: bool, size: (u16, u16)) -> Option<Action> {
    match cmd {
        Command::ScrollDown => Some(Action::NextPassage),
        Command::ScrollUp => Some(Action::PrevPassage),
        Command::PageDown => Some(Action::ViewScroll(page(size))),
        Command::PageUp => Some(Action::ViewScroll(-page(size))),
        Command::Top => Some(Action::ViewScroll(-1_000_000)),
        Command::Bottom => Some(Action::ViewScroll(1_000_000)),
        Command::NextStep if !touring => Some(Action::FocusNext),
        Command::PrevStep if !touring => Some(Action::FocusPrev),
        _ => None,
    }
}

/// Presenter mode: arrows step, up/down scroll the passages.
fn present_command(cmd: Command, size: (u16, u16)) -> Option<Action> {
    match cmd {
        Command::NextStep => Some(Action::PresentNext(1)),
        Command::PrevStep => Some(Action::PresentNext(-1)),
        Command::ScrollDown => Some(Action::ViewScroll(1)),
        Command::ScrollUp => Some(Action::ViewScroll(-1)),
        Command::PageDown => Some(Action::ViewScroll(page(size))),
        Command::PageUp => Some(Action::ViewScroll(-page(size))),
        Command::Top => Some(Action::ViewScroll(-1_000_000)),
        Command::Bottom => Some(Action::ViewScroll(1_000_000)),
        _ => None,
    }
}

/// What a command does in the reader (and wherever a view does not say
/// otherwise). Exhaustive: a new command must say what it does here.
pub fn reader_action(cmd: Command) -> Action {
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
            if app.overlay.is_some() || app.too_small().is_some() {
                return None;
            }
            let delta = match m.kind {
                MouseEventKind::ScrollDown => 3,
                MouseEventKind::ScrollUp => -3,
                MouseEventKind::Down(MouseButton::Left) if app.view == View::Reader => {
                    return Some(Action::Click {
                        x: m.column,
                        y: m.row,
                    });
                }
                _ => return None,
            };
            // The wheel scrolls what is on screen.
            Some(match app.view {
                View::Compare | View::Present => Action::ViewScroll(delta),
                View::Matrix => Action::MoveSelection {
                    rows: delta.signum(),
                    cols: 0,
                },
                View::Synoptic => Action::Scroll(delta),
                View::Reader => Action::Wheel {
                    x: m.column,
                    y: m.row,
                    delta,
                },
            })
        }
        _ => None,
    }
}
