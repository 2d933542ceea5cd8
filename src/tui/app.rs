//! The reader's state and the one function that changes it.
//!
//! `App::update` applies an [`Action`]; afterwards every open pane's essay is
//! wrapped (cached) to its current width, so `view` only reads.

use std::ops::Range;
use std::sync::Arc;

use crate::align::coverage::{Coverage, Sort};
use crate::align::reader::{self as align, Target};
use crate::align::synoptic::{self, PaneInput, Synopsis};
use crate::corpus::Corpus;
use crate::layout::compare::{self, Compare};
use crate::layout::{LayoutCache, Wrapped};

use super::action::{Action, PickPurpose, PromptEdit};
use super::geometry::{self, Geometry};
use super::keymap::Keymap;
use super::search;

/// Most panes side by side.
pub const MAX_PANES: usize = 6;

/// One pane: an essay and where it is scrolled to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pane {
    /// Index of the essay shown.
    pub essay: usize,
    /// The virtual row at the top of the text area. Negative, or past the
    /// end, shows blank padding (this is how alignment survives an essay's
    /// start or end).
    pub top: isize,
    /// Search hits in this pane's essay (byte ranges), in order.
    pub hits: Vec<Range<usize>>,
    /// The current hit, if any.
    pub hit: Option<usize>,
}

impl Pane {
    fn new(essay: usize) -> Self {
        Pane {
            essay,
            top: 0,
            hits: Vec::new(),
            hit: None,
        }
    }
}

/// The main view.
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
}

/// A seminar tour being played.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TourState {
    /// Index into the map's tours.
    pub tour: usize,
    /// The current step (0-based).
    pub step: usize,
}

/// The coverage matrix's cursor and order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MatrixState {
    /// Selected row (position in the sorted order).
    pub row: usize,
    /// Selected column (essay index).
    pub col: usize,
    /// Row order.
    pub sort: Sort,
}

/// An overlay drawn over the panes, taking the keys while open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    /// The help screen, scrolled by this many lines.
    Help(u16),
    /// The theme list, with the selected row.
    ThemePicker(usize),
    /// The essay list, with the selected row and why.
    EssayPicker(usize, PickPurpose),
    /// The tour list, with the selected row.
    TourPicker(usize),
}

/// The search prompt while it is open.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Prompt {
    /// What has been typed.
    pub input: String,
    /// Search all open essays rather than the focused one.
    pub all: bool,
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
    pub keymap_path: Option<std::path::PathBuf>,
    /// A tour to start (index into the map's tours).
    pub tour: Option<usize>,
    /// Start in presenter mode.
    pub present: bool,
}

/// The reader's whole state.
#[derive(Debug, Clone)]
pub struct App {
    /// The corpus being read.
    pub corpus: Arc<Corpus>,
    /// Key bindings in effect (shown in help).
    pub keymap: Keymap,
    /// Where the user's keymap file is read from (shown in help).
    pub keymap_path: Option<std::path::PathBuf>,
    /// Colours allowed.
    pub color: bool,
    /// Terminal size (columns, rows).
    pub size: (u16, u16),
    /// Open panes, left to right.
    pub panes: Vec<Pane>,
    /// The focused pane.
    pub focus: usize,
    /// The theme being compared, if any.
    pub theme: Option<usize>,
    /// The step: which passage of the theme (0-based) the panes show.
    pub step: usize,
    /// True while all panes with a current passage have it on one row.
    pub aligned: bool,
    /// Scroll all panes together.
    pub sync: bool,
    /// The open overlay.
    pub overlay: Option<Overlay>,
    /// The search prompt, while open.
    pub prompt: Option<Prompt>,
    /// The last search: query and scope.
    pub last_search: Option<(String, bool)>,
    /// A one-line message for the status bar (cleared by the next action).
    pub message: Option<String>,
    /// Set when the user quits.
    pub quit: bool,
    /// Wrapped essays by (essay, width).
    pub layouts: LayoutCache,
    /// The main view.
    pub view: View,
    /// The tour being played, if any.
    pub tour: Option<TourState>,
    /// Presenter mode.
    pub present: bool,
    /// Coverage of every theme by every essay, computed the first time the
    /// matrix is shown (the corpus does not change, so it is kept).
    pub coverage: Option<Arc<Coverage>>,
    /// The matrix's cursor and order.
    pub matrix: MatrixState,
    /// The compare layout for the current theme, panes and width.
    pub compare: Option<Arc<Compare>>,
    /// First row of the compare view on screen.
    pub compare_scroll: usize,
    /// First row of the presenter's passages on screen.
    pub present_scroll: usize,
    /// The shared row at the top of the synoptic view.
    pub syn_top: isize,
    /// The synoptic alignment for the open panes, widths and pivot.
    pub synopsis: Option<Arc<Synopsis>>,
    /// What `synopsis` was computed for: (essay, width) per pane, pivot.
    syn_key: Option<(Vec<(usize, u16)>, usize)>,
}

/// What a pane's top row shows, to restore after a re-wrap.
enum Position {
    /// Padding rows above the essay (kept as is).
    Padding(isize),
    /// The text offset of the top row.
    Offset(usize),
}

impl App {
    /// Open the reader.
    pub fn new(corpus: Arc<Corpus>, opts: StartOptions) -> App {
        let (w, _) = opts.size;
        let essays = if opts.essays.is_empty() {
            default_essays(&corpus, opts.theme, w)
        } else {
            opts.essays.iter().copied().take(MAX_PANES).collect()
        };
        let mut app = App {
            coverage: None,
            view: View::Reader,
            tour: None,
            present: opts.present,
            matrix: MatrixState::default(),
            compare: None,
            compare_scroll: 0,
            present_scroll: 0,
            syn_top: 0,
            synopsis: None,
            syn_key: None,
            corpus,
            keymap: opts.keymap,
            keymap_path: opts.keymap_path,
            color: opts.color,
            size: opts.size,
            panes: essays.into_iter().map(Pane::new).collect(),
            focus: 0,
            theme: None,
            step: 0,
            aligned: false,
            sync: true,
            overlay: None,
            prompt: None,
            last_search: None,
            message: opts.message,
            quit: false,
            layouts: LayoutCache::default(),
        };
        app.relayout();
        if let Some(t) = opts.theme {
            app.set_theme(t);
        }
        if let Some(t) = opts.tour {
            app.start_tour(t);
        }
        if app.present && app.theme.is_none() {
            // A projector needs something to show: the first theme.
            app.cycle_theme(1);
        }
        app
    }

    /// The screen layout for the current size and panes.
    pub fn geometry(&self) -> Geometry {
        let header = 1 + self.prompt_lines().len() as u16;
        geometry::compute(self.size.0, self.size.1, self.panes.len(), header)
    }

    /// The tour step being played: (tour, step index).
    pub fn tour_step(&self) -> Option<(&crate::mapping::Tour, usize)> {
        let t = self.tour?;
        let tour = self.corpus.map.tours.get(t.tour)?;
        Some((tour, t.step))
    }

    /// The tour step's prompt wrapped for the header (at most 4 lines).
    pub fn prompt_lines(&self) -> Vec<String> {
        let Some((tour, step)) = self.tour_step() else {
            return Vec::new();
        };
        let Some(prompt) = tour.steps.get(step).and_then(|s| s.prompt.as_deref()) else {
            return Vec::new();
        };
        let width = usize::from(self.size.0.saturating_sub(4)).max(10);
        let mut lines: Vec<String> = textwrap::wrap(prompt, width)
            .into_iter()
            .map(|l| l.into_owned())
            .collect();
        if lines.len() > 4 {
            lines.truncate(4);
            if let Some(last) = lines.last_mut() {
                last.push('…');
            }
        }
        lines
    }

    /// The wrapped essay of a pane at its current width (always present
    /// after `update`; None only when the terminal is too small).
    pub fn wrapped(&self, pane: usize) -> Option<&Arc<Wrapped>> {
        let g = self.geometry();
        let p = g.panes.get(pane)?;
        self.layouts.get(self.panes[pane].essay, p.text.width)
    }

    /// The passage a pane shows for the current theme and step.
    pub fn target(&self, pane: usize) -> Option<Target> {
        let t = self.theme?;
        align::target(&self.corpus, t, self.panes[pane].essay, self.step)
    }

    /// How many steps the current theme has across the open panes.
    pub fn steps(&self) -> usize {
        let essays: Vec<usize> = self.panes.iter().map(|p| p.essay).collect();
        self.theme
            .map_or(0, |t| align::steps(&self.corpus, t, &essays))
    }

    /// The screen row (within the text area) where aligned passages start.
    pub fn anchor(&self) -> u16 {
        align::anchor_row(self.geometry().text_height())
    }

    /// Apply one action.
    pub fn update(&mut self, action: Action) {
        self.message = None;
        match action {
            Action::Quit => self.quit = true,
            Action::ToggleHelp => {
                self.overlay = match self.overlay {
                    Some(Overlay::Help(_)) => None,
                    _ => Some(Overlay::Help(0)),
                }
            }
            Action::Dismiss => {
                if self.overlay.is_some() || self.prompt.is_some() {
                    self.overlay = None;
                    self.prompt = None;
                } else if self.view != View::Reader {
                    self.view = View::Reader;
                } else if self.present {
                    self.present = false;
                } else if self.tour.take().is_some() {
                    self.message = Some(format!(
                        "tour ended; {} starts one",
                        self.keymap.hint(super::keymap::Command::Tours)
                    ));
                }
            }
            Action::ShowView(v) => {
                let from = self.view;
                self.view = if self.view == v { View::Reader } else { v };
                self.synoptic_transition(from);
                if self.view != View::Reader {
                    self.present = false;
                }
                if self.view == View::Compare && self.theme.is_none() {
                    self.view = View::Reader;
                    self.no_theme_message();
                }
                if self.view == View::Matrix {
                    self.relayout(); // computes the coverage on first use
                    self.matrix_follow_reader();
                }
                self.compare_scroll = 0;
            }
            Action::TogglePresent => {
                self.present = !self.present;
                self.present_scroll = 0;
                if self.present {
                    self.view = View::Reader;
                    if self.theme.is_none() {
                        self.cycle_theme(1);
                    }
                }
            }
            Action::OpenTourPicker => {
                if self.corpus.map.tours.is_empty() {
                    self.message = Some("this corpus has no tours".into());
                } else {
                    self.overlay = Some(Overlay::TourPicker(self.tour.map_or(0, |t| t.tour)));
                }
            }
            Action::StartTour(t) => self.start_tour(t),
            Action::TourStep(d) => self.tour_step_by(d),
            Action::MoveSelection { rows, cols } => self.matrix_move(rows, cols),
            Action::ViewScroll(d) => match (self.view, self.present) {
                (View::Compare, _) => {
                    let max = self.compare.as_ref().map_or(0, |c| c.rows) as isize;
                    self.compare_scroll =
                        (self.compare_scroll as isize + d).clamp(0, max.max(0)) as usize;
                }
                (_, true) => {
                    self.present_scroll =
                        (self.present_scroll as isize + d).clamp(0, 10_000) as usize
                }
                _ => self.scroll(d),
            },
            Action::Select => self.select(),
            Action::CycleSort => {
                self.matrix.sort = match self.matrix.sort {
                    Sort::Map => Sort::Size,
                    Sort::Size => Sort::Essay(self.matrix.col),
                    Sort::Essay(_) => Sort::Map,
                };
                self.matrix.row = 0;
                self.message = Some(format!("matrix order: {}", self.matrix.sort.label()));
            }
            Action::HelpScroll(d) => {
                if let Some(Overlay::Help(s)) = &mut self.overlay {
                    *s = (i64::from(*s) + d as i64).clamp(0, 500) as u16;
                }
            }
            Action::NextPassage => self.step_by(1),
            Action::PrevPassage => self.step_by(-1),
            Action::NextTheme => self.cycle_theme(1),
            Action::PrevTheme => self.cycle_theme(-1),
            Action::SetTheme(t) => self.set_theme(t),
            Action::PresentNext(d) => {
                if self.tour.is_some() {
                    self.tour_step_by(d);
                } else {
                    self.step_by(d);
                }
                self.present_scroll = 0;
            }
            Action::Realign => match self.theme {
                Some(_) => self.align_all(),
                None => self.no_theme_message(),
            },
            Action::OpenThemePicker => {
                if self.corpus.map.themes.is_empty() {
                    self.message = Some("this corpus has no themes".into());
                } else {
                    self.overlay = Some(Overlay::ThemePicker(self.theme.unwrap_or(0)));
                }
            }
            Action::Scroll(d) => self.scroll(d),
            Action::Page(d) => {
                let page = (self.geometry().text_height().max(3) - 2) as isize;
                self.scroll(d * page);
            }
            Action::Top | Action::Bottom if self.view == View::Synoptic => {
                let total = self.synopsis.as_ref().map_or(0, |s| s.total_rows()) as isize;
                let h = self.geometry().text_height() as isize;
                self.syn_top = if action == Action::Top {
                    0
                } else {
                    (total - h).max(0)
                };
            }
            Action::Top | Action::Bottom => {
                let rows = self.wrapped(self.focus).map_or(0, |w| w.len()) as isize;
                let Some(pane) = self.panes.get(self.focus) else {
                    return;
                };
                let target = if action == Action::Top {
                    0
                } else {
                    (rows - self.geometry().text_height() as isize).max(0)
                };
                self.scroll(target - pane.top);
            }
            Action::ToggleSync => {
                self.sync = !self.sync;
                self.message = Some(if self.sync {
                    "sync on: panes scroll together".into()
                } else {
                    "sync off: only the focused pane scrolls".into()
                });
            }
            Action::FocusNext => {
                self.focus = (self.focus + 1) % self.panes.len().max(1);
                self.compare_follow();
            }
            Action::FocusPrev => {
                let n = self.panes.len().max(1);
                self.focus = (self.focus + n - 1) % n;
                self.compare_follow();
            }
            Action::OpenEssayPicker(purpose) => {
                if purpose == PickPurpose::AddPane && self.panes.len() >= MAX_PANES {
                    self.message = Some(format!("at most {MAX_PANES} panes; x closes one"));
                } else {
                    // Start on the focused essay to replace it, or on the
                    // first essay not yet open to add one.
                    let current = self.panes.get(self.focus).map_or(0, |p| p.essay);
                    let start = match purpose {
                        PickPurpose::Replace => current,
                        PickPurpose::AddPane => (0..self.corpus.essays.len())
                            .find(|e| self.panes.iter().all(|p| p.essay != *e))
                            .unwrap_or(current),
                    };
                    self.overlay = Some(Overlay::EssayPicker(start, purpose));
                }
            }
            Action::ClosePane => self.close_pane(),
            Action::MovePane(d) => self.move_pane(d),
            Action::StartSearch => {
                self.prompt = Some(Prompt {
                    input: String::new(),
                    all: self.last_search.as_ref().is_some_and(|(_, all)| *all),
                })
            }
            Action::Prompt(edit) => self.edit_prompt(edit),
            Action::NextHit => self.step_hit(1),
            Action::PrevHit => self.step_hit(-1),
            Action::PickerMove(d) => self.picker_move(d),
            Action::PickerChoose => self.picker_choose(),
            Action::Resize(w, h) => {
                let keep = self.positions();
                self.size = (w, h);
                self.relayout();
                self.restore(keep);
            }
            Action::Click { x, y } => self.click(x, y),
            Action::Wheel { x, y, delta } => {
                if let Some(p) = self.geometry().pane_at(x, y) {
                    self.focus = p;
                    self.scroll(delta);
                }
            }
            Action::Unbound(key) => {
                self.message = Some(format!(
                    "{key} does nothing here; {} for help",
                    self.keymap.hint(super::keymap::Command::Help)
                ));
            }
        }
        self.relayout();
    }

    // --- themes and alignment -------------------------------------------

    fn no_theme_message(&mut self) {
        self.message = Some("no theme selected: t picks one, } goes to the next".into());
    }

    fn set_theme(&mut self, t: usize) {
        if t >= self.corpus.map.themes.len() {
            return;
        }
        self.theme = Some(t);
        self.step = 0;
        self.compare_scroll = 0;
        self.present_scroll = 0;
        self.align_all();
        if self.steps() == 0 {
            let title = &self.corpus.theme(t).title;
            self.message = Some(format!("no open essay speaks to “{title}”; a adds a pane"));
        }
    }

    fn cycle_theme(&mut self, d: isize) {
        let n = self.corpus.map.themes.len() as isize;
        if n == 0 {
            self.message = Some("this corpus has no themes".into());
            return;
        }
        let next = match self.theme {
            Some(t) => (t as isize + d).rem_euclid(n),
            None if d > 0 => 0,
            None => n - 1,
        };
        self.set_theme(next as usize);
    }

    fn step_by(&mut self, d: isize) {
        if self.theme.is_none() {
            return self.no_theme_message();
        }
        let steps = self.steps();
        if steps == 0 {
            self.message = Some("no open essay has a passage on this theme".into());
            return;
        }
        let next = self.step as isize + d;
        if next < 0 {
            self.message = Some("first passage".into());
        } else if next as usize >= steps {
            self.message = Some("last passage; } for the next theme".into());
        } else {
            self.step = next as usize;
        }
        self.present_scroll = 0;
        self.align_all();
        self.compare_follow();
    }

    /// Scroll every pane with a current passage so that it starts on the
    /// anchor row; panes without one keep their place.
    fn align_all(&mut self) {
        self.relayout();
        let anchor = self.anchor();
        for i in 0..self.panes.len() {
            let (Some(t), Some(w)) = (self.target(i), self.wrapped(i)) else {
                continue;
            };
            let row = align::passage_row(&self.corpus, w, t.passage);
            self.panes[i].top = align::top_for(row, anchor);
        }
        self.aligned = true;
    }

    // --- scrolling -------------------------------------------------------

    fn scroll(&mut self, delta: isize) {
        if self.panes.is_empty() || delta == 0 {
            return;
        }
        let h = self.geometry().text_height();
        if self.view == View::Synoptic {
            let total = self.synopsis.as_ref().map_or(0, |s| s.total_rows()) as isize;
            self.syn_top = (self.syn_top + delta).clamp(0, (total - 1).max(0));
            return;
        }
        if self.sync && self.panes.len() > 1 {
            let tops: Vec<isize> = self.panes.iter().map(|p| p.top).collect();
            let rows: Vec<usize> = (0..self.panes.len())
                .map(|i| self.wrapped(i).map_or(0, |w| w.len()))
                .collect();
            let d = align::clamp_synced_delta(delta, &tops, &rows, h);
            for p in &mut self.panes {
                p.top += d;
            }
        } else {
            let rows = self.wrapped(self.focus).map_or(0, |w| w.len());
            let pane = &mut self.panes[self.focus];
            let before = pane.top;
            pane.top = align::clamp_top(pane.top + delta, pane.top, rows);
            if pane.top != before && self.panes.len() > 1 {
                self.aligned = false;
            }
        }
    }

    /// Scroll one pane so that `row` sits on the anchor row.
    fn show_row(&mut self, pane: usize, row: usize) {
        let top = align::top_for(row, self.anchor());
        if self.panes[pane].top != top {
            self.panes[pane].top = top;
            if self.panes.len() > 1 {
                self.aligned = false;
            }
        }
    }

    // --- panes -----------------------------------------------------------

    fn close_pane(&mut self) {
        if self.panes.len() <= 1 {
            self.message = Some("this is the last pane".into());
            return;
        }
        let keep = self.positions();
        let mut keep = keep;
        keep.remove(self.focus);
        self.panes.remove(self.focus);
        self.focus = self.focus.min(self.panes.len() - 1);
        self.relayout();
        self.restore(keep);
    }

    fn move_pane(&mut self, d: isize) {
        let to = self.focus as isize + d;
        if to < 0 || to as usize >= self.panes.len() {
            return;
        }
        self.panes.swap(self.focus, to as usize);
        self.focus = to as usize;
    }

    fn open_essay(&mut self, essay: usize, purpose: PickPurpose) {
        let keep = self.positions();
        match purpose {
            PickPurpose::AddPane => {
                self.panes.push(Pane::new(essay));
                self.focus = self.panes.len() - 1;
            }
            PickPurpose::Replace => {
                if let Some(p) = self.panes.get_mut(self.focus) {
                    *p = Pane::new(essay);
                }
            }
        }
        self.relayout();
        // Panes that existed keep their reading position at the new width.
        self.restore(keep);
        if self.theme.is_some() && self.aligned {
            self.align_all();
        }
    }

    // --- search ----------------------------------------------------------

    fn edit_prompt(&mut self, edit: PromptEdit) {
        let Some(prompt) = &mut self.prompt else {
            return;
        };
        match edit {
            PromptEdit::Insert(c) => prompt.input.push(c),
            PromptEdit::Backspace => {
                prompt.input.pop();
            }
            PromptEdit::ToggleScope => prompt.all = !prompt.all,
            PromptEdit::Cancel => self.prompt = None,
            PromptEdit::Submit => {
                let Prompt { input, all } = self.prompt.take().unwrap_or_default();
                if input.trim().is_empty() {
                    return;
                }
                self.run_search(&input, all);
                self.last_search = Some((input, all));
            }
        }
    }

    fn run_search(&mut self, query: &str, all: bool) {
        let mut total = 0;
        for i in 0..self.panes.len() {
            let in_scope = all || i == self.focus;
            let essay = self.panes[i].essay;
            let hits = if in_scope {
                search::find_all(&self.corpus.essays[essay].text, query)
            } else {
                Vec::new()
            };
            total += hits.len();
            self.panes[i].hits = hits;
            self.panes[i].hit = None;
            if in_scope {
                self.jump_to_hit_after_top(i);
            }
        }
        let here = self.panes.get(self.focus).map_or(0, |p| p.hits.len());
        self.message = Some(if total == 0 {
            format!("no match for “{query}”")
        } else if all {
            format!("“{query}”: {here} here, {total} in all panes; n/N step")
        } else {
            format!("“{query}”: {here} matches; n/N step")
        });
    }

    /// Select the first hit at or after the pane's top row and show it.
    fn jump_to_hit_after_top(&mut self, pane: usize) {
        let Some(w) = self.wrapped(pane).cloned() else {
            return;
        };
        let top = self.panes[pane].top.max(0) as usize;
        let from = w.rows.get(top).map_or(0, |r| r.range.start);
        let hits = &self.panes[pane].hits;
        if hits.is_empty() {
            return;
        }
        let k = hits.iter().position(|h| h.start >= from).unwrap_or(0);
        let start = hits[k].start;
        self.panes[pane].hit = Some(k);
        let row = w.row_of(start);
        self.show_row(pane, row);
    }

    fn step_hit(&mut self, d: isize) {
        let Some(pane) = self.panes.get(self.focus) else {
            return;
        };
        if pane.hits.is_empty() {
            self.message = Some(match &self.last_search {
                Some((q, _)) => format!("no match for “{q}” in this pane; / searches again"),
                None => "no search yet: / searches".into(),
            });
            return;
        }
        let n = pane.hits.len() as isize;
        let k = match pane.hit {
            Some(k) => (k as isize + d).rem_euclid(n) as usize,
            None => 0,
        };
        let start = pane.hits[k].start;
        self.panes[self.focus].hit = Some(k);
        if let Some(w) = self.wrapped(self.focus).cloned() {
            self.show_row(self.focus, w.row_of(start));
        }
        self.message = Some(format!("match {} of {n}", k + 1));
    }

    // --- overlays --------------------------------------------------------

    fn picker_move(&mut self, d: isize) {
        let len = match &self.overlay {
            Some(Overlay::ThemePicker(_)) => self.corpus.map.themes.len(),
            Some(Overlay::EssayPicker(..)) => self.corpus.essays.len(),
            Some(Overlay::TourPicker(_)) => self.corpus.map.tours.len(),
            _ => return,
        };
        if let Some(Overlay::ThemePicker(s) | Overlay::EssayPicker(s, _) | Overlay::TourPicker(s)) =
            &mut self.overlay
        {
            *s = (*s as isize + d).clamp(0, len.saturating_sub(1) as isize) as usize;
        }
    }

    fn picker_choose(&mut self) {
        match self.overlay.take() {
            Some(Overlay::ThemePicker(s)) => self.set_theme(s),
            Some(Overlay::EssayPicker(s, purpose)) => self.open_essay(s, purpose),
            Some(Overlay::TourPicker(s)) => self.start_tour(s),
            other => self.overlay = other,
        }
    }

    // --- tours -----------------------------------------------------------

    fn start_tour(&mut self, t: usize) {
        let Some(tour) = self.corpus.map.tours.get(t) else {
            return;
        };
        if tour.steps.is_empty() {
            self.message = Some(format!("tour “{}” has no steps", tour.title));
            return;
        }
        self.tour = Some(TourState { tour: t, step: 0 });
        self.view = View::Reader;
        self.apply_tour_step();
    }

    fn tour_step_by(&mut self, d: isize) {
        let Some(state) = self.tour else {
            self.message = Some(format!(
                "no tour running; {} chooses one",
                self.keymap.hint(super::keymap::Command::Tours)
            ));
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
        let step = self.corpus.map.tours[state.tour].steps[state.step].clone();
        let mut essays = step.essays.clone();
        if essays.is_empty() {
            essays = (0..self.corpus.essays.len())
                .filter(|&e| !self.corpus.passages_on(step.theme, e).is_empty())
                .collect();
        }
        essays.truncate(MAX_PANES);
        if !essays.is_empty() {
            self.panes = essays.into_iter().map(Pane::new).collect();
            self.focus = 0;
        }
        self.relayout();
        self.set_theme(step.theme);
    }

    // --- compare, matrix ---------------------------------------------------

    /// Keep the compare view's selection (focused pane, step) on screen.
    fn compare_follow(&mut self) {
        if self.view != View::Compare {
            return;
        }
        self.relayout();
        let Some(c) = &self.compare else { return };
        let Some(col) = c.columns.get(self.focus) else {
            return;
        };
        let Some(&start) = col
            .starts
            .get(self.step.min(col.starts.len().saturating_sub(1)))
        else {
            return;
        };
        let g = self.geometry();
        let h = usize::from(g.size_body_rows());
        if start < self.compare_scroll || start + 3 > self.compare_scroll + h {
            self.compare_scroll = start.saturating_sub(h / 4);
        }
    }

    /// Put the matrix cursor on the reader's theme and focused essay.
    fn matrix_follow_reader(&mut self) {
        let Some(cov) = &self.coverage else { return };
        let order = self.matrix.sort.order(cov);
        if let Some(t) = self.theme {
            self.matrix.row = order.iter().position(|&x| x == t).unwrap_or(0);
        }
        if let Some(p) = self.panes.get(self.focus) {
            self.matrix.col = p.essay;
        }
    }

    fn matrix_move(&mut self, rows: isize, cols: isize) {
        let nr = self.corpus.map.themes.len() as isize;
        let nc = self.corpus.essays.len() as isize;
        self.matrix.row = (self.matrix.row as isize + rows).clamp(0, (nr - 1).max(0)) as usize;
        self.matrix.col = (self.matrix.col as isize + cols).clamp(0, (nc - 1).max(0)) as usize;
    }

    /// The theme under the matrix cursor.
    pub fn matrix_theme(&self) -> Option<usize> {
        self.matrix
            .sort
            .order(self.coverage.as_ref()?)
            .get(self.matrix.row)
            .copied()
    }

    fn select(&mut self) {
        match self.view {
            View::Compare => {
                // The selection is the reader's own (focused pane, step).
                self.view = View::Reader;
                self.align_all();
            }
            View::Matrix => {
                let (Some(t), e) = (self.matrix_theme(), self.matrix.col) else {
                    return;
                };
                if self.corpus.passages_on(t, e).is_empty() {
                    self.message = Some(format!(
                        "{} has no passage on “{}”",
                        self.corpus.essay_label(e),
                        self.corpus.theme(t).title
                    ));
                    return;
                }
                self.view = View::Reader;
                self.show_essay(e);
                self.set_theme(t);
            }
            View::Synoptic => self.jump_to_counterpart(),
            View::Reader => {}
        }
    }

    // --- synoptic ----------------------------------------------------------

    /// Passages in a pane that have a counterpart elsewhere but are not in
    /// any aligned column: (passage, shared row, counterpart pane, its row).
    pub fn synoptic_unaligned(&self, pane: usize) -> Vec<(usize, usize, usize, usize)> {
        let Some(syn) = self.synopsis.as_ref().filter(|s| pane < s.pane_count()) else {
            return Vec::new();
        };
        let aligned = |p: usize| {
            syn.columns().iter().any(|c| {
                c.cells
                    .get(pane)
                    .and_then(|x| x.as_ref())
                    .is_some_and(|cell| cell.passages.contains(&p))
            })
        };
        let mut out: Vec<(usize, usize, usize, usize)> = syn
            .moved_in(pane)
            .iter()
            .filter(|m| !aligned(m.passage))
            .map(|m| (m.passage, m.row, m.to.pane, m.to.row))
            .collect();
        out.dedup_by_key(|m| m.0);
        out
    }

    /// Enter on synoptic mode: scroll to the counterpart of the first
    /// out-of-order passage at or below the top of the focused pane.
    fn jump_to_counterpart(&mut self) {
        let top = self.syn_top.max(0) as usize;
        let next = self
            .synoptic_unaligned(self.focus)
            .into_iter()
            .find(|m| m.1 >= top);
        match next {
            Some((p, _, pane, row)) => {
                self.syn_top = row as isize - self.anchor() as isize;
                self.syn_top = self.syn_top.max(0);
                let theme = self.corpus.passage(p).themes[0];
                self.message = Some(format!(
                    "counterpart in {} (on “{}”)",
                    self.corpus.essay_label(self.panes[pane].essay),
                    self.corpus.theme(theme).title
                ));
                self.focus = pane;
            }
            None => {
                self.message = Some("no out-of-order passage below in this pane (marked ↪)".into());
            }
        }
    }

    /// Keep the reading position when entering or leaving synoptic mode.
    fn synoptic_transition(&mut self, from: View) {
        if from != View::Synoptic && self.view == View::Synoptic {
            self.relayout();
            let own = self
                .panes
                .get(self.focus)
                .map_or(0, |p| p.top.max(0) as usize);
            // A synopsis computed while the terminal was too small has no
            // panes.
            self.syn_top = self
                .synopsis
                .as_ref()
                .filter(|s| self.focus < s.pane_count())
                .map_or(0, |s| s.shared_row(self.focus, own)) as isize;
        } else if from == View::Synoptic && self.view != View::Synoptic {
            let Some(syn) = self.synopsis.clone() else {
                return;
            };
            let top = self.syn_top.max(0) as usize;
            for i in 0..self.panes.len().min(syn.pane_count()) {
                // The first text row at or below the shared top.
                let own = (top..syn.total_rows()).find_map(|r| match syn.line(i, r) {
                    synoptic::Line::Text(own) => Some(own),
                    _ => None,
                });
                if let Some(own) = own {
                    self.panes[i].top = own as isize;
                }
            }
            self.aligned = false;
        }
    }

    /// Make sure an essay is in a pane (adding one, or replacing the
    /// focused one when all are in use) and focus it.
    fn show_essay(&mut self, e: usize) {
        if let Some(i) = self.panes.iter().position(|p| p.essay == e) {
            self.focus = i;
        } else if self.panes.len() < MAX_PANES {
            self.panes.push(Pane::new(e));
            self.focus = self.panes.len() - 1;
        } else if let Some(p) = self.panes.get_mut(self.focus) {
            *p = Pane::new(e);
        }
        self.relayout();
    }

    // --- mouse -----------------------------------------------------------

    fn click(&mut self, x: u16, y: u16) {
        let g = self.geometry();
        let Some(i) = g.pane_at(x, y) else { return };
        self.focus = i;
        let text = g.panes[i].text;
        let gutter = g.panes[i].gutter;
        let in_text = y >= text.y && y < text.bottom() && x >= gutter.x && x < text.right();
        if !in_text {
            return;
        }
        let Some(w) = self.wrapped(i) else { return };
        let v = self.panes[i].top + (y - text.y) as isize;
        let Some(row) = usize::try_from(v).ok().and_then(|v| w.rows.get(v)) else {
            return;
        };
        let essay = self.panes[i].essay;
        let range = row.range.clone();
        // The passages under the click; the current theme wins if it is one.
        let under: Vec<usize> = self
            .corpus
            .passages_in(essay)
            .iter()
            .copied()
            .filter(|&p| {
                let r = &self.corpus.passage(p).range;
                r.start < range.end.max(range.start + 1) && range.start < r.end
            })
            .collect();
        let pick = under
            .iter()
            .find_map(|&p| {
                let themes = &self.corpus.passage(p).themes;
                self.theme.filter(|t| themes.contains(t)).map(|t| (p, t))
            })
            .or_else(|| {
                under
                    .first()
                    .map(|&p| (p, self.corpus.passage(p).themes[0]))
            });
        if let Some((p, t)) = pick {
            let k = self
                .corpus
                .passages_on(t, essay)
                .iter()
                .position(|&q| q == p)
                .unwrap_or(0);
            self.theme = Some(t);
            self.step = k;
            self.align_all();
        }
    }

    // --- layout ----------------------------------------------------------

    /// Make sure every pane's essay is wrapped to its current width, and
    /// forget widths no longer shown.
    fn relayout(&mut self) {
        self.focus = self.focus.min(self.panes.len().saturating_sub(1));
        let g = self.geometry();
        let mut keep = Vec::with_capacity(g.panes.len());
        for (pane, pg) in self.panes.iter().zip(&g.panes) {
            self.layouts
                .get_or_wrap(&self.corpus.essays, pane.essay, pg.text.width);
            keep.push((pane.essay, pg.text.width));
        }
        if !keep.is_empty() {
            self.layouts.retain_widths(&keep);
        }
        if self.view == View::Matrix && self.coverage.is_none() {
            self.coverage = Some(Arc::new(Coverage::of(&self.corpus)));
        }
        self.synopsis = if self.view == View::Synoptic {
            let key = (keep.clone(), self.focus);
            if self.syn_key.as_ref() != Some(&key) || self.synopsis.is_none() {
                let inputs: Vec<PaneInput> = keep
                    .iter()
                    .map(|&(e, w)| {
                        let wrapped = self.layouts.get_or_wrap(&self.corpus.essays, e, w);
                        PaneInput::from_essay(&self.corpus, e, &wrapped)
                    })
                    .collect();
                self.syn_key = Some(key);
                Some(Arc::new(synoptic::align(&inputs, self.focus)))
            } else {
                self.synopsis.clone()
            }
        } else {
            None
        };
        self.compare = match (self.view, self.theme) {
            (View::Compare, Some(t)) => {
                let essays: Vec<usize> = self.panes.iter().map(|p| p.essay).collect();
                let width = self.size.0.saturating_sub(2);
                let fresh = self.compare.as_ref().is_none_or(|c| {
                    c.theme != t
                        || c.columns.iter().map(|c| c.essay).ne(essays.iter().copied())
                        || c.width != width
                });
                if fresh {
                    Some(Arc::new(compare::compare(&self.corpus, t, &essays, width)))
                } else {
                    self.compare.clone()
                }
            }
            // Kept while another view shows: going back is then free.
            _ => self.compare.take(),
        };
    }

    /// What each pane's top row shows, to keep the reading position across
    /// a re-wrap.
    fn positions(&self) -> Vec<Position> {
        (0..self.panes.len())
            .map(|i| {
                let top = self.panes[i].top;
                match self.wrapped(i) {
                    Some(w) if top >= 0 && (top as usize) < w.len() => {
                        Position::Offset(w.rows[top as usize].range.start)
                    }
                    Some(w) if top >= 0 => {
                        Position::Offset(w.rows.last().map_or(0, |r| r.range.end))
                    }
                    _ => Position::Padding(top),
                }
            })
            .collect()
    }

    fn restore(&mut self, keep: Vec<Position>) {
        if self.aligned && self.theme.is_some() {
            // Aligned panes re-align at the new size: alignment is the
            // reading position that matters.
            self.align_all();
            return;
        }
        for (i, pos) in keep.into_iter().enumerate().take(self.panes.len()) {
            self.panes[i].top = match pos {
                Position::Padding(t) => t,
                Position::Offset(o) => self.wrapped(i).map_or(0, |w| w.row_of(o) as isize),
            };
        }
    }
}

/// The default panes: essays speaking to the start theme first, then the
/// rest in corpus order, as many as fit at 40 columns each (2 to 6).
fn default_essays(corpus: &Corpus, theme: Option<usize>, width: u16) -> Vec<usize> {
    let n = geometry::default_pane_count(width, corpus.essays.len(), 40);
    let mut order: Vec<usize> = (0..corpus.essays.len()).collect();
    if let Some(t) = theme {
        order.sort_by_key(|&e| corpus.passages_on(t, e).is_empty());
    }
    order.truncate(n);
    order
}
