//! Everything that can happen in the reader, as one closed enum. Keys and
//! mouse events become actions in `input`; `App::update` applies them.
//!
//! To add an action: a variant here (with a `///` line), the key that makes
//! it (a `Command` row in `keymap` plus a branch in `input`, or an overlay's
//! `action_for_key`), and its branch in `App::update`, which hands it to the
//! state that owns it. The compiler lists every `match` to extend.

use super::keymap::Key;
use super::overlay::prompt::TextEdit;
use super::overlay::Step;

/// Why an essay is being picked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickPurpose {
    /// Open it in a new pane.
    AddPane,
    /// Show it in the focused pane instead.
    Replace,
}

/// An edit to the search prompt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptEdit {
    /// Type a character.
    Insert(char),
    /// Delete the last character.
    Backspace,
    /// Delete everything typed.
    Clear,
    /// Switch between the focused essay and all open essays.
    ToggleScope,
    /// Run the search.
    Submit,
    /// Close the prompt without searching.
    Cancel,
}

impl From<TextEdit> for PromptEdit {
    fn from(e: TextEdit) -> Self {
        match e {
            TextEdit::Insert(c) => PromptEdit::Insert(c),
            TextEdit::Backspace => PromptEdit::Backspace,
            TextEdit::Clear => PromptEdit::Clear,
        }
    }
}

/// One thing the user (or a test) does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Leave the reader.
    Quit,
    /// Show or hide the help overlay.
    ToggleHelp,
    /// Close the open overlay or prompt.
    Dismiss,
    /// Step to the next passage of the theme (all panes align).
    NextPassage,
    /// Step to the previous passage of the theme.
    PrevPassage,
    /// Go to the next theme.
    NextTheme,
    /// Go to the previous theme.
    PrevTheme,
    /// Select a theme (by index) and align on its first passage.
    SetTheme(usize),
    /// Open the theme picker.
    OpenThemePicker,
    /// Re-align all panes on the current passage.
    Realign,
    /// Scroll by lines (positive: down).
    Scroll(isize),
    /// Scroll by pages (positive: down).
    Page(isize),
    /// Go to the start of the focused essay.
    Top,
    /// Go to the end of the focused essay.
    Bottom,
    /// Toggle scrolling all panes together.
    ToggleSync,
    /// Focus the next pane.
    FocusNext,
    /// Focus the previous pane.
    FocusPrev,
    /// Open the essay picker.
    OpenEssayPicker(PickPurpose),
    /// Close the focused pane.
    ClosePane,
    /// Move the focused pane left (-1) or right (+1).
    MovePane(isize),
    /// Open the search prompt.
    StartSearch,
    /// Edit the search prompt.
    Prompt(PromptEdit),
    /// Go to the next search hit.
    NextHit,
    /// Go to the previous search hit.
    PrevHit,
    /// Move the selection in a list overlay.
    PickerMove(isize),
    /// Edit the filter of a filterable list overlay.
    PickerFilter(TextEdit),
    /// Choose the selected item of a list overlay.
    PickerChoose,
    /// Scroll the help overlay.
    HelpScroll(Step),
    /// The terminal is now this size.
    Resize(u16, u16),
    /// Mouse click at a cell.
    Click {
        /// Column.
        x: u16,
        /// Row.
        y: u16,
    },
    /// Mouse wheel at a cell (positive: down).
    Wheel {
        /// Column.
        x: u16,
        /// Row.
        y: u16,
        /// Lines.
        delta: isize,
    },
    /// A key with no binding in the current mode (shown as a hint).
    Unbound(Key),
    /// Switch to a view (again: back to the reader).
    ShowView(super::app::View),
    /// Presenter mode on or off.
    TogglePresent,
    /// Open the tour picker.
    OpenTourPicker,
    /// Start a tour (index into the map's tours).
    StartTour(usize),
    /// Move through the tour's steps.
    TourStep(isize),
    /// In presenter mode: the next tour step, or passage without a tour.
    PresentNext(isize),
    /// Move the matrix cursor.
    MoveSelection {
        /// Rows (positive: down).
        rows: isize,
        /// Columns (positive: right).
        cols: isize,
    },
    /// Scroll the current view (compare, presenter) by rows.
    ViewScroll(isize),
    /// Open the selection of the current view.
    Select,
    /// Change the matrix order.
    CycleSort,
}
