//! The reader's whole state, composed of one state per view and overlay,
//! and the one function that changes it.
//!
//! `App::update` applies an [`Action`]: overlays first, then the view in
//! front; each hands the action to the state that owns it (`Reader`,
//! `CompareState`, `MatrixState`, `SynopticState`, `PresentState`, an
//! `Overlay`). What crosses views (choosing in one view opens another)
//! lives here. Afterwards derived layouts are refreshed, so `view` only
//! reads.

use std::path::PathBuf;
use std::sync::Arc;

use ratatui::layout::Rect;

use crate::corpus::Corpus;

use super::action::{Action, PickPurpose, PromptEdit};
use super::compare::CompareState;
use super::geometry::Geometry;
use super::keymap::{Command, Keymap};
use super::message::Message;
use super::overlay::help::HelpState;
use super::overlay::list::ListPicker;
use super::overlay::prompt::TextEdit;
use super::overlay::SearchPrompt;
use super::present::PresentState;
use super::reader::{self, Reader};
use super::synoptic::SynopticState;
use super::tour;

pub use super::matrix::MatrixState;
pub use super::overlay::Overlay;
pub use super::reader::{Pane, MAX_PANES};
pub use super::tour::TourState;

/// The view in front.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    /// Essays in panes, aligned on a theme.
    #[default]
    Reader,
    /// The theme's passages side by side with stances.
    Compare,
    /// Themes × essays.
    Matrix,
    /// One shared scroll; same-theme passages side by side.
    Synoptic,
    /// Presenter mode: prompt, passages and stances, for a projector.
    Present,
}

/// How the reader starts.
#[derive(Debug, Clone, Default)]
pub struct StartOptions {
    /// Essay indices for the panes (empty: a default set).
    pub essays: Vec<usize>,
    /// A theme to align on.
    pub theme: Option<usize>,
    /// Terminal size.
    pub size: (u16, u16),
    /// Colours allowed (false under NO_COLOR).
    pub color: bool,
    /// The keymap in effect.
    pub keymap: Keymap,
    /// A message to show at start (e.g. a bad keymap file).
    pub message: Option<String>,
    /// Where the keymap file is (shown in help), if anywhere.
    pub keymap_path: Option<PathBuf>,
    /// A tour to start (index into the map's tours).
    pub tour: Option<usize>,
    /// Start in presenter mode.
    pub present: bool,
    /// `--reveal`: presenter mode and each tour step start with stances and
    /// roles hidden, so a class reads and argues first.
    pub reveal: bool,
    /// A saved session to restore (its panes win over `essays`).
    pub resume: Option<crate::session::Session>,
    /// Bookmarks kept from earlier sessions.
    pub bookmarks: Vec<crate::session::Bookmark>,
    /// Start with the mouse released (`--no-mouse`).
    pub no_mouse: bool,
    /// The corpus directory, when the corpus is one (passages can then be
    /// tagged); `None` for the built-in corpus, which is read-only.
    pub corpus_dir: Option<PathBuf>,
}

/// The reader's whole state.
#[derive(Debug, Clone)]
pub struct App {
    /// The corpus being read.
    pub corpus: Arc<Corpus>,
    /// Key bindings in effect (hints and help are rendered from it).
    pub keymap: Keymap,
    /// Where the user's keymap file is read from (shown in help).
    pub keymap_path: Option<PathBuf>,
    /// Colours allowed.
    pub color: bool,
    /// Terminal size (columns, rows).
    pub size: (u16, u16),
    /// The view in front.
    pub view: View,
    /// The open overlay (it takes the keys).
    pub overlay: Option<Overlay>,
    /// A message for the status bar (cleared by the next action).
    pub message: Option<Message>,
    /// Set when the user quits.
    pub quit: bool,
    /// The tour being played, if any.
    pub tour: Option<TourState>,
    /// Panes, theme, step, alignment: the selection every view shares.
    pub reader: Reader,
    /// The compare view.
    pub compare: CompareState,
    /// The coverage matrix.
    pub matrix: MatrixState,
    /// Synoptic mode.
    pub synoptic: SynopticState,
    /// Presenter mode.
    pub present: PresentState,
    /// Stances and roles are hidden until revealed (the reveal key).
    pub hidden: bool,
    /// `--reveal` was given: hide again on each tour step and in presenter
    /// mode.
    pub reveal: bool,
    /// No `--essays` and no pane opened or closed by hand: opening a theme
    /// opens every essay on it (as many as fit).
    pub auto_panes: bool,
    /// The reader's essays while the compare view or presenter shows every
    /// essay on the theme; put back on leaving.
    pub saved_panes: Option<Vec<usize>>,
    /// Bookmarks across the corpus, by essay then place.
    pub bookmarks: Vec<crate::session::Bookmark>,
    /// The mouse is captured (false: released to the terminal).
    pub mouse: bool,
    /// Terminal effects for the event loop to carry out.
    pub effects: Vec<super::reading::Effect>,
    /// The places before the last paragraph-number toggle and the panes
    /// (essay, top) after it: toggling back with nothing moved in between
    /// returns to exactly those places, without a row of drift.
    pub(super) toggled: Option<super::reading::Toggled>,
    /// Writing to the corpus (None: read-only, e.g. the built-in corpus).
    pub authoring: Option<super::authoring::Authoring>,
    /// Where the last mouse press was, for a drag that follows.
    pub press: Option<super::authoring::Press>,
}

impl App {
    /// Open the reader.
    pub fn new(corpus: Arc<Corpus>, mut opts: StartOptions) -> App {
        // Indices from a caller that did not check them (the command line
        // and the session do): one out of range is dropped, not a panic.
        opts.essays.retain(|&e| e < corpus.essays.len());
        opts.theme = opts.theme.filter(|&t| t < corpus.map.themes.len());
        opts.tour = opts.tour.filter(|&t| t < corpus.map.tours.len());
        // A session from a wider terminal: keep the panes that fit.
        let trimmed = opts
            .resume
            .as_mut()
            .and_then(|s| super::reading::fit_panes(s, opts.size.0));
        if trimmed.is_some() {
            opts.message = trimmed;
        }
        let resumed: Vec<usize> = opts
            .resume
            .as_ref()
            .map(|s| s.panes.iter().map(|p| p.essay).take(MAX_PANES).collect())
            .unwrap_or_default();
        // A restored session's panes were chosen by the user: keep them.
        let resuming = !resumed.is_empty();
        let essays = if resuming {
            resumed
        } else if opts.essays.is_empty() {
            reader::default_essays(&corpus, opts.theme, opts.size.0)
        } else {
            opts.essays.iter().copied().take(MAX_PANES).collect()
        };
        let mut app = App {
            reader: Reader::new(corpus.clone(), essays, opts.size),
            corpus,
            keymap: opts.keymap,
            keymap_path: opts.keymap_path,
            color: opts.color,
            size: opts.size,
            view: View::Reader,
            overlay: None,
            message: opts.message.map(Message::text),
            quit: false,
            tour: None,
            compare: CompareState::default(),
            matrix: MatrixState::default(),
            synoptic: SynopticState::default(),
            present: PresentState::default(),
            hidden: opts.reveal && (opts.present || opts.tour.is_some()),
            reveal: opts.reveal,
            auto_panes: opts.essays.is_empty() && !resuming,
            saved_panes: None,
            bookmarks: opts.bookmarks,
            mouse: !opts.no_mouse,
            effects: Vec::new(),
            toggled: None,
            authoring: None,
            press: None,
        };
        if let Some(s) = opts.resume.as_ref().filter(|s| !s.panes.is_empty()) {
            app.restore_session(s);
        }
        if let Some(dir) = &opts.corpus_dir {
            match super::authoring::Authoring::open(dir) {
                Ok(a) => app.authoring = Some(a),
                Err(e) => {
                    app.message =
                        Some(format!("the map files cannot be opened for writing: {e}").into())
                }
            }
        }
        if let Some(t) = opts.theme {
            app.message = app.reader.set_theme(t).or(app.message);
        }
        if let Some(t) = opts.tour {
            app.start_tour(t);
        }
        if opts.present {
            if app.reader.theme.is_none() {
                // A projector needs something to show: the first theme.
                app.message = app.reader.cycle_theme(1);
            }
            app.switch_view(View::Present);
        }
        app.refresh();
        app
    }

    /// The reader's screen layout (panes, header, status).
    pub fn geometry(&self) -> Geometry {
        self.reader.geometry()
    }

    /// The whole screen.
    pub fn area(&self) -> Rect {
        Rect::new(0, 0, self.size.0, self.size.1)
    }

    /// The tour step being played: (tour, step index).
    pub fn tour_step(&self) -> Option<(&crate::mapping::Tour, usize)> {
        self.tour.and_then(|t| t.get(&self.corpus))
    }

    /// The tour step's prompt wrapped for the header (at most 4 lines).
    pub fn prompt_lines(&self) -> Vec<String> {
        tour::prompt_lines(&self.corpus, self.tour, self.size.0)
    }

    /// The size the view in front needs, when the terminal is smaller.
    pub fn too_small(&self) -> Option<(u16, u16)> {
        let need = match self.view {
            View::Reader | View::Synoptic => return self.reader.geometry().too_small,
            View::Compare => super::compare::MIN_SIZE,
            View::Matrix => super::matrix::needed(self.corpus.essays.len()),
            View::Present => super::present::MIN_SIZE,
        };
        (self.size.0 < need.0 || self.size.1 < need.1).then_some(need)
    }

    /// The status message as text, keys named by the keymap.
    pub fn message_text(&self) -> Option<String> {
        self.message.as_ref().map(|m| m.render(&self.keymap))
    }

    /// Apply one action.
    pub fn update(&mut self, action: Action) {
        self.message = None;
        let before = (self.reader.theme, self.reader.step, self.reader.focus);
        match action {
            Action::Quit => self.quit = true,
            Action::Resize(w, h) => {
                self.size = (w, h);
                let header = self.header_rows();
                self.reader.resize((w, h), header);
            }
            Action::Unbound(key) => {
                self.message = Some(
                    Message::text(format!("{key} does nothing here; "))
                        .and_key(Command::Help)
                        .then(" for help"),
                );
            }
            // Overlays.
            Action::ToggleHelp => {
                self.overlay = match self.overlay {
                    Some(Overlay::Help(_)) => None,
                    _ => Some(Overlay::Help(HelpState::default())),
                }
            }
            Action::HelpScroll(step) => {
                let l = HelpState::layout(self.area(), &self.keymap, self.keymap_path.as_deref());
                if let Some(Overlay::Help(h)) = &mut self.overlay {
                    let page = (l.body.height.max(2) - 1) as isize;
                    h.scroll_by(step.rows(page), l.max_scroll());
                }
            }
            Action::OpenThemePicker => self.open_theme_picker(),
            Action::OpenEssayPicker(purpose) => self.open_essay_picker(purpose),
            Action::OpenTourPicker => self.open_tour_picker(),
            Action::PickerMove(d) => {
                if let Some(l) = self.overlay.as_mut().and_then(Overlay::list_mut) {
                    l.move_by(d);
                }
            }
            Action::PickerFilter(e) => {
                if let Some(l) = self.overlay.as_mut().and_then(Overlay::list_mut) {
                    l.edit_filter(e);
                }
            }
            Action::PickerChoose => self.choose(),
            Action::StartSearch => {
                let all = self.reader.last_search.as_ref().is_some_and(|s| s.all);
                self.overlay = Some(Overlay::Search(SearchPrompt {
                    all,
                    ..SearchPrompt::default()
                }));
            }
            Action::Prompt(edit) => self.edit_search(edit),
            Action::Dismiss => self.dismiss(),
            // Views.
            Action::ShowView(v) => {
                let to = if self.view == v { View::Reader } else { v };
                self.switch_view(to);
            }
            Action::ToggleReveal => {
                self.hidden = !self.hidden;
                self.message = Some(if self.hidden {
                    Message::text("stances and roles hidden; ")
                        .and_key(Command::Reveal)
                        .then(" reveals them")
                } else {
                    Message::text("stances and roles shown; ")
                        .and_key(Command::Details)
                        .then(" shows one in full")
                });
            }
            Action::ShowDetails => match self.reader.target(self.reader.focus) {
                Some(t) => self.overlay = Some(Overlay::Details(t.passage)),
                None => {
                    self.message = Some(match self.reader.theme {
                        Some(_) => "this pane has no passage on the theme".into(),
                        None => reader::no_theme_message(),
                    })
                }
            },
            Action::TogglePresent => {
                let to = if self.view == View::Present {
                    View::Reader
                } else {
                    View::Present
                };
                self.switch_view(to);
            }
            Action::Select => self.select(),
            Action::MoveSelection { rows, cols } => self.matrix.move_by(&self.corpus, rows, cols),
            Action::CycleSort => self.message = Some(self.matrix.cycle_sort()),
            Action::ViewScroll(d) => match self.view {
                View::Compare => self.compare.scroll_by(d, self.size),
                View::Present => {
                    let hidden = self.hidden.then(|| self.hidden_notice());
                    self.present
                        .scroll_by(d, &self.reader, self.tour, hidden.as_deref())
                }
                View::Synoptic => self.synoptic.scroll(d, &self.reader),
                View::Reader | View::Matrix => self.reader.scroll(d),
            },
            // Tours.
            Action::StartTour(t) => self.start_tour(t),
            Action::TourStep(d) => self.tour_step_by(d),
            Action::PresentNext(d) => {
                if self.tour.is_some() {
                    self.tour_step_by(d);
                } else {
                    self.message = self.reader.step_by(d);
                }
                self.present.scroll = 0;
            }
            // The reader (and the selection the other views share).
            Action::NextPassage => self.message = self.reader.step_by(1),
            Action::PrevPassage => self.message = self.reader.step_by(-1),
            Action::NextTheme => {
                self.message = self.reader.cycle_theme(1);
                self.open_theme_essays();
            }
            Action::PrevTheme => {
                self.message = self.reader.cycle_theme(-1);
                self.open_theme_essays();
            }
            Action::SetTheme(t) => {
                self.message = self.reader.set_theme(t);
                self.open_theme_essays();
            }
            Action::Realign => self.message = self.reader.realign(),
            Action::Scroll(d) if self.view == View::Synoptic => {
                self.synoptic.scroll(d, &self.reader)
            }
            Action::Scroll(d) => self.reader.scroll(d),
            Action::Page(d) if self.view == View::Synoptic => self.synoptic.page(d, &self.reader),
            Action::Page(d) => self.reader.page(d),
            Action::Top | Action::Bottom if self.view == View::Synoptic => self
                .synoptic
                .top_or_bottom(action == Action::Bottom, &self.reader),
            Action::Top | Action::Bottom => self.reader.top_or_bottom(action == Action::Bottom),
            Action::ToggleSync => self.message = Some(self.reader.toggle_sync()),
            Action::FocusNext => self.reader.focus_by(1),
            Action::FocusPrev => self.reader.focus_by(-1),
            Action::ClosePane => {
                self.auto_panes = false;
                self.message = self.reader.close_pane();
            }
            Action::MovePane(d) => self.reader.move_pane(d),
            Action::NextHit => self.message = Some(self.reader.step_hit(1)),
            Action::PrevHit => self.message = Some(self.reader.step_hit(-1)),
            Action::Click { x, y } => {
                self.press_at(x, y);
                self.reader.click(x, y)
            }
            Action::Author(a) => self.author(a),
            Action::Wheel { x, y, delta } => self.reader.wheel(x, y, delta),
            // Reading aids (tui/reading.rs).
            Action::OpenOutline => self.open_outline(),
            Action::OpenBookmarks => self.open_bookmarks(),
            Action::StartBookmark => self.start_bookmark(),
            Action::Label(edit) => self.edit_label(edit),
            Action::DeleteBookmark => self.delete_bookmark(),
            Action::ToggleParagraphs => self.toggle_paragraphs(),
            Action::CopyCitation => self.copy_citation(),
            Action::ToggleMouse => self.toggle_mouse(),
        }
        let after = (self.reader.theme, self.reader.step, self.reader.focus);
        if before != after && self.view == View::Compare {
            self.compare.follow(&self.reader);
        }
        if before.0 != after.0 {
            self.compare.scroll = 0;
            self.present.scroll = 0;
            if self.view == View::Compare {
                self.compare.follow(&self.reader);
            }
        }
        self.refresh();
    }

    /// Rows above the reader's panes: the theme line, or the tour line and
    /// the step's prompt.
    pub(super) fn header_rows(&self) -> u16 {
        1 + self.prompt_lines().len() as u16
    }

    /// Bring derived state up to date with what changed: wrapped essays,
    /// the view's layout.
    fn refresh(&mut self) {
        self.compare.hidden = self.hidden;
        let header = self.header_rows();
        if header != self.reader.header_rows {
            self.reader.resize(self.size, header);
        }
        self.reader.relayout();
        match self.view {
            View::Compare => self.compare.refresh(&self.reader),
            View::Matrix => self.matrix.ensure_coverage(&self.corpus),
            View::Synoptic => self.synoptic.refresh(&mut self.reader),
            View::Reader | View::Present => {}
        }
    }

    // --- views -----------------------------------------------------------

    pub(super) fn switch_view(&mut self, to: View) {
        let from = self.view;
        if to == View::Compare && self.reader.theme.is_none() {
            self.message = Some(reader::no_theme_message());
            return;
        }
        let shows_all = |v: View| matches!(v, View::Compare | View::Present);
        if shows_all(from) && !shows_all(to) {
            self.restore_panes();
        }
        if from == View::Synoptic && to != View::Synoptic {
            self.synoptic.leave(&mut self.reader);
        }
        self.view = to;
        if shows_all(to) && !shows_all(from) {
            self.show_every_essay();
        }
        match to {
            View::Synoptic if from != View::Synoptic => self.synoptic.enter(&mut self.reader),
            View::Matrix => self.matrix.follow(&self.reader),
            View::Compare => {
                self.compare.scroll = 0;
                self.compare.follow(&self.reader);
            }
            View::Present => {
                self.present.scroll = 0;
                if self.reveal && from != View::Present {
                    self.hidden = true;
                }
                if self.reader.theme.is_none() {
                    self.message = self.reader.cycle_theme(1);
                }
            }
            _ => {}
        }
    }

    /// Enter in a view: open the selection.
    fn select(&mut self) {
        match self.view {
            View::Compare => {
                // The selection is the reader's own (focused pane, step):
                // its essay stays open when the reader's panes come back.
                self.switch_view(View::Reader);
                self.reader.align_all();
            }
            View::Matrix => {
                let (Some(t), e) = (self.matrix.theme(), self.matrix.col) else {
                    return;
                };
                if self.corpus.passages_on(t, e).is_empty() {
                    self.message = Some(
                        format!(
                            "{} has no passage on “{}”",
                            self.corpus.essay_label(e),
                            self.corpus.theme(t).title
                        )
                        .into(),
                    );
                    return;
                }
                self.view = View::Reader;
                self.reader.show_essay(e);
                self.message = self.reader.set_theme(t);
            }
            View::Synoptic => {
                self.message = Some(self.synoptic.jump_to_counterpart(&mut self.reader))
            }
            View::Reader | View::Present => {}
        }
    }

    /// Esc: close the overlay, else leave the view, else end the tour.
    fn dismiss(&mut self) {
        if self.overlay.take().is_some() {
            return;
        }
        if self.view != View::Reader {
            self.switch_view(View::Reader);
        } else if self.tour.take().is_some() {
            self.message = Some(
                Message::text("tour ended; ")
                    .and_key(Command::Tours)
                    .then(" starts one"),
            );
        }
    }

    // --- overlays ----------------------------------------------------------

    fn open_theme_picker(&mut self) {
        let themes = &self.corpus.map.themes;
        if themes.is_empty() {
            self.message = Some("this corpus has no themes".into());
            return;
        }
        let labels = themes
            .iter()
            .map(|t| format!("{} {}", t.id, ListPicker::label_part(&t.title)))
            .collect();
        self.overlay = Some(Overlay::Themes(ListPicker::new(
            labels,
            self.reader.theme.unwrap_or(0),
            false,
        )));
    }

    fn open_essay_picker(&mut self, purpose: PickPurpose) {
        let r = &self.reader;
        if purpose == PickPurpose::AddPane && r.panes.len() >= MAX_PANES {
            self.message = Some(
                Message::text(format!("at most {MAX_PANES} panes; "))
                    .and_key(Command::ClosePane)
                    .then(" closes one"),
            );
            return;
        }
        if purpose == PickPurpose::AddPane {
            let (w, h) = super::geometry::needed(r.panes.len() + 1, r.header_rows);
            if w > self.size.0 || h > self.size.1 {
                self.message = Some(
                    Message::text(format!(
                        "no room for {} at {}×{} (they need {w}×{h}); ",
                        super::message::count(r.panes.len() + 1, "pane", "panes"),
                        self.size.0,
                        self.size.1
                    ))
                    .and_key(Command::ChangeEssay)
                    .then(" changes this pane's essay"),
                );
                return;
            }
        }
        let current = r.panes.get(r.focus).map_or(0, |p| p.essay);
        // Both start on the next essay not yet open after the focused one
        // (showing the same essay again is rarely what is wanted).
        let n = self.corpus.essays.len();
        let next_closed = (1..=n)
            .map(|d| (current + d) % n.max(1))
            .find(|e| r.panes.iter().all(|p| p.essay != *e));
        let start = match purpose {
            PickPurpose::Replace => next_closed.unwrap_or((current + 1) % n.max(1)),
            PickPurpose::AddPane => (0..n)
                .find(|e| r.panes.iter().all(|p| p.essay != *e))
                .unwrap_or(current),
        };
        let labels = (0..self.corpus.essays.len())
            .map(|e| self.corpus.essay_label(e))
            .collect();
        self.overlay = Some(Overlay::Essays(
            ListPicker::new(labels, start, false),
            purpose,
        ));
    }

    fn open_tour_picker(&mut self) {
        let tours = &self.corpus.map.tours;
        if tours.is_empty() {
            self.message = Some("this corpus has no tours".into());
            return;
        }
        let labels = tours
            .iter()
            .map(|t| ListPicker::label_part(&t.title).to_string())
            .collect();
        self.overlay = Some(Overlay::Tours(ListPicker::new(
            labels,
            self.tour.map_or(0, |t| t.tour),
            false,
        )));
    }

    /// Enter in a list overlay: act on the selected item.
    fn choose(&mut self) {
        let Some(overlay) = self.overlay.take() else {
            return;
        };
        let Some(item) = overlay.list().and_then(ListPicker::selected) else {
            self.overlay = Some(overlay);
            return;
        };
        match overlay {
            Overlay::Themes(_) => {
                self.message = self.reader.set_theme(item);
                self.open_theme_essays();
            }
            Overlay::Essays(_, purpose) => {
                self.auto_panes = false;
                self.reader.open_essay(item, purpose);
            }
            Overlay::Tours(_) => self.start_tour(item),
            Overlay::Outline(o) => self.jump_outline(o),
            Overlay::Bookmarks(_) => self.jump_bookmark(item),
            other => self.overlay = Some(other),
        }
    }

    fn edit_search(&mut self, edit: PromptEdit) {
        let Some(Overlay::Search(p)) = &mut self.overlay else {
            return;
        };
        match edit {
            PromptEdit::Insert(c) => p.text.edit(TextEdit::Insert(c)),
            PromptEdit::Backspace => p.text.edit(TextEdit::Backspace),
            PromptEdit::Clear => p.text.edit(TextEdit::Clear),
            PromptEdit::ToggleScope => p.all = !p.all,
            PromptEdit::Cancel => self.overlay = None,
            PromptEdit::Submit => {
                let SearchPrompt { text, all } = p.clone();
                self.overlay = None;
                if text.input.trim().is_empty() {
                    return;
                }
                self.message = Some(self.reader.run_search(&text.input, all));
            }
        }
    }

    // --- tours -----------------------------------------------------------

    fn start_tour(&mut self, t: usize) {
        let Some(tour) = self.corpus.map.tours.get(t) else {
            return;
        };
        if tour.steps.is_empty() {
            self.message = Some(format!("tour “{}” has no steps", tour.title).into());
            return;
        }
        self.tour = Some(TourState { tour: t, step: 0 });
        if self.view != View::Present {
            self.switch_view(View::Reader);
        }
        self.apply_tour_step();
    }

    fn tour_step_by(&mut self, d: isize) {
        let Some(state) = self.tour else {
            self.message = Some(
                Message::text("no tour running; ")
                    .and_key(Command::Tours)
                    .then(" chooses one"),
            );
            return;
        };
        let n = self.corpus.map.tours[state.tour].steps.len() as isize;
        let next = state.step as isize + d;
        if next < 0 {
            self.message = Some("first step of the tour".into());
            return;
        }
        if next >= n {
            self.message = Some("last step of the tour; Esc ends it".into());
            return;
        }
        self.tour = Some(TourState {
            tour: state.tour,
            step: next as usize,
        });
        self.apply_tour_step();
    }

    /// Open the step's essays on its theme, aligned.
    fn apply_tour_step(&mut self) {
        let Some(state) = self.tour else { return };
        // Borrowed through the shared corpus, not cloned: a step's prompt
        // may be long.
        let corpus = self.corpus.clone();
        let step = &corpus.map.tours[state.tour].steps[state.step];
        let essays = self.wanted_essays_for(step.theme);
        self.reader.header_rows = self.header_rows();
        if matches!(self.view, View::Compare | View::Present) {
            // Shown whole here; the reader gets what fits when it returns.
            let fit = reader::fitting(self.size.0, essays.len()).min(essays.len());
            self.saved_panes = Some(essays[..fit].to_vec()).filter(|e| !e.is_empty());
            self.reader
                .set_essays(essays.into_iter().take(MAX_PANES).collect());
        } else {
            self.reader.set_essays(self.fitted(essays, None));
        }
        self.message = self.reader.set_theme(step.theme);
        // Each essay opens on the passage the step focuses, else its first.
        self.reader.start_on(|e| step.focus_of(e));
        if self.reveal {
            // A new step: the class reads before it sees our stances.
            self.hidden = true;
        }
        self.present.scroll = 0;
    }

    // --- which essays are open ------------------------------------------

    /// The essays that should be open on a theme: the tour step's, else
    /// every essay with a passage on it.
    fn wanted_essays_for(&self, theme: usize) -> Vec<usize> {
        match self.tour_step() {
            Some((tour, k)) if tour.steps[k].theme == theme && !tour.steps[k].essays.is_empty() => {
                tour.steps[k].essays.clone()
            }
            _ => reader::essays_on(&self.corpus, theme),
        }
    }

    /// As many of `essays` as fit side by side, keeping `keep` among them.
    fn fitted(&self, mut essays: Vec<usize>, keep: Option<usize>) -> Vec<usize> {
        let n = reader::fitting(self.size.0, essays.len());
        let kept = keep.and_then(|k| essays.iter().position(|&e| e == k));
        essays.truncate(n);
        if let (Some(i), Some(k)) = (kept, keep) {
            if i >= n && n > 0 {
                essays[n - 1] = k;
            }
        }
        essays
    }

    /// Open essays vs essays on the theme (or in the tour step), when not
    /// all are open: the status bar's "2 of 4 essays" count.
    pub fn essay_count(&self) -> Option<(usize, usize)> {
        let t = self.reader.theme?;
        let wanted = self.wanted_essays_for(t);
        let open = wanted
            .iter()
            .filter(|e| self.reader.panes.iter().any(|p| p.essay == **e))
            .count();
        (open < wanted.len()).then_some((open, wanted.len()))
    }

    /// A theme was opened: without `--essays` (and panes arranged by hand),
    /// open every essay on it, as many as fit, keeping the focused one.
    fn open_theme_essays(&mut self) {
        let Some(t) = self.reader.theme else { return };
        if self.tour.is_some() {
            return;
        }
        if matches!(self.view, View::Compare | View::Present) {
            self.show_every_essay();
            return;
        }
        if !self.auto_panes {
            return;
        }
        let wanted = reader::essays_on(&self.corpus, t);
        if wanted.is_empty() {
            return;
        }
        let focused = self.reader.panes.get(self.reader.focus).map(|p| p.essay);
        let n = reader::fitting(self.size.0, wanted.len());
        let wanted = reader::most_on_first(&self.corpus, t, wanted, n);
        let essays = self.fitted(wanted, focused);
        if self
            .reader
            .panes
            .iter()
            .map(|p| p.essay)
            .ne(essays.iter().copied())
        {
            self.reader.set_essays(essays);
            self.reader.focus = focused
                .and_then(|f| self.reader.panes.iter().position(|p| p.essay == f))
                .unwrap_or(0);
            self.reader.align_all();
            self.message = None;
        }
    }

    /// The compare view and presenter show every essay on the theme (or
    /// the tour step's), whatever panes are open; the reader's panes are
    /// kept to put back.
    fn show_every_essay(&mut self) {
        let Some(t) = self.reader.theme else { return };
        let current: Vec<usize> = self.reader.panes.iter().map(|p| p.essay).collect();
        // Open panes keep their order and come first; the rest follow.
        let all = self.wanted_essays_for(t);
        let mut wanted: Vec<usize> = current
            .iter()
            .copied()
            .filter(|e| all.contains(e))
            .collect();
        wanted.extend(all.iter().copied().filter(|e| !current.contains(e)));
        wanted.truncate(MAX_PANES);
        if wanted.is_empty() || wanted == current {
            return;
        }
        if self.saved_panes.is_none() {
            self.saved_panes = Some(current);
        }
        let focused = self.reader.panes.get(self.reader.focus).map(|p| p.essay);
        self.reader.set_essays(wanted);
        self.reader.focus = focused
            .and_then(|f| self.reader.panes.iter().position(|p| p.essay == f))
            .unwrap_or(0);
        self.reader.align_all();
    }

    /// Back from the compare view or presenter: the reader's own panes,
    /// with the focused essay still open.
    fn restore_panes(&mut self) {
        let Some(saved) = self.saved_panes.take() else {
            return;
        };
        let focused = self.reader.panes.get(self.reader.focus).map(|p| p.essay);
        let mut essays = saved;
        if let Some(f) = focused {
            if !essays.contains(&f) {
                essays = self.fitted(essays, None);
                match essays.len() < reader::fitting(self.size.0, MAX_PANES) {
                    true => essays.push(f),
                    false => {
                        if let Some(last) = essays.last_mut() {
                            *last = f;
                        }
                    }
                }
            }
        }
        self.reader.set_essays(essays);
        self.reader.focus = focused
            .and_then(|f| self.reader.panes.iter().position(|p| p.essay == f))
            .unwrap_or(0);
        if self.reader.theme.is_some() {
            self.reader.align_all();
        }
    }

    /// What stands in for a stance while stances are hidden.
    pub fn hidden_notice(&self) -> String {
        format!(
            "Stance hidden: read first. {} reveals, {} shows one in full.",
            self.keymap.hint(Command::Reveal),
            self.keymap.hint(Command::Details)
        )
    }
}
