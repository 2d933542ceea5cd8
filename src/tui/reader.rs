//! The reader's state: essays in panes, aligned on a theme. This is also
//! the selection the other views share (the compare view's selection is the
//! focused pane and the step; presenter mode shows the panes' current
//! passages), so `App` owns one `Reader` and every view reads it.
//!
//! Everything here is terminal-free: the screen geometry is computed from
//! the size `App` gives it, so scroll limits and mouse hit-testing use the
//! same rectangles the view draws.

use std::ops::Range;
use std::sync::Arc;

use crate::align::reader::{self as align, Target};
use crate::corpus::Corpus;
use crate::layout::{LayoutCache, Wrapped};

use super::action::PickPurpose;
use super::geometry::{self, Geometry};
use super::keymap::Command;
use super::message::{count, Message};
use crate::align::search;

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
    /// A pane at the top of an essay.
    pub fn new(essay: usize) -> Self {
        Pane {
            essay,
            top: 0,
            hits: Vec::new(),
            hit: None,
        }
    }
}

/// What the reader's keys do. `Normal` is reading; new modes (a text
/// selection, say) add a variant here and a branch in `input::reader_key`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum ReaderMode {
    /// Reading: scroll, step through themes.
    #[default]
    Normal,
    /// Selecting words to tag.
    Select(super::authoring::Selection),
}

/// The last search: what was asked and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastSearch {
    /// The query.
    pub query: String,
    /// All open essays (else the focused one).
    pub all: bool,
}

/// What a pane's top row shows, to restore after a re-wrap.
#[derive(Debug, Clone, Copy)]
pub enum Position {
    /// Padding rows above the essay (kept as is).
    Padding(isize),
    /// The text offset of the top row.
    Offset(usize),
}

/// The reader's state.
#[derive(Debug, Clone)]
pub struct Reader {
    /// The corpus being read.
    pub corpus: Arc<Corpus>,
    /// Terminal size (columns, rows).
    pub size: (u16, u16),
    /// Rows above the panes (1, more while a tour prompt is shown).
    pub header_rows: u16,
    /// Open panes, left to right.
    pub panes: Vec<Pane>,
    /// The focused pane.
    pub focus: usize,
    /// The theme being compared, if any.
    pub theme: Option<usize>,
    /// The step: which passage of the theme (0-based) the panes show.
    pub step: usize,
    /// Per essay, which of its passages on the theme step 0 shows (0-based;
    /// empty: all start on their first). A tour step's `focus` opens an
    /// essay on a later passage; stepping moves every pane on from where it
    /// started. Kept per essay, not per pane, so panes can change.
    pub starts: Vec<usize>,
    /// True while all panes with a current passage have it on one row.
    pub aligned: bool,
    /// Scroll all panes together.
    pub sync: bool,
    /// The last search.
    pub last_search: Option<LastSearch>,
    /// What the keys do.
    pub mode: ReaderMode,
    /// Wrapped essays by (essay, width).
    pub layouts: LayoutCache,
    /// Paragraph numbers shown in the gutter.
    pub numbers: bool,
}

impl Reader {
    /// A reader on these essays at this size.
    pub fn new(corpus: Arc<Corpus>, essays: Vec<usize>, size: (u16, u16)) -> Reader {
        let mut r = Reader {
            corpus,
            size,
            header_rows: 1,
            panes: essays.into_iter().map(Pane::new).collect(),
            focus: 0,
            theme: None,
            step: 0,
            starts: Vec::new(),
            aligned: false,
            sync: true,
            last_search: None,
            mode: ReaderMode::Normal,
            layouts: LayoutCache::default(),
            numbers: false,
        };
        r.relayout();
        r
    }

    /// The screen layout for the current size and panes.
    pub fn geometry(&self) -> Geometry {
        let gutter = geometry::GUTTER + if self.numbers { geometry::NUMBERS } else { 0 };
        geometry::compute_with(
            self.size.0,
            self.size.1,
            self.panes.len(),
            self.header_rows,
            gutter,
        )
    }

    /// The wrapped essay of a pane at its current width (always present
    /// after `relayout`; None only when the terminal is too small).
    pub fn wrapped(&self, pane: usize) -> Option<&Arc<Wrapped>> {
        let g = self.geometry();
        let p = g.panes.get(pane)?;
        self.layouts.get(self.panes.get(pane)?.essay, p.text.width)
    }

    /// The passage a pane shows for the current theme and step.
    pub fn target(&self, pane: usize) -> Option<Target> {
        let t = self.theme?;
        let e = self.panes.get(pane)?.essay;
        align::target(&self.corpus, t, e, self.step + self.start_of(e))
    }

    /// Which passage an essay starts on at step 0.
    pub fn start_of(&self, essay: usize) -> usize {
        self.starts.get(essay).copied().unwrap_or(0)
    }

    /// How many steps the current theme has across the open panes (a pane
    /// that starts on a later passage has fewer left).
    pub fn steps(&self) -> usize {
        let Some(t) = self.theme else { return 0 };
        self.panes
            .iter()
            .filter_map(|p| {
                let n = self.corpus.passages_on(t, p.essay).len();
                (n > 0).then(|| n.saturating_sub(self.start_of(p.essay)).max(1))
            })
            .max()
            .unwrap_or(0)
    }

    /// Start each pane on a chosen passage of the theme (`start(essay)`,
    /// 0-based among the essay's passages on it) and align on them.
    pub fn start_on(&mut self, start: impl Fn(usize) -> usize) {
        self.starts = (0..self.corpus.essays.len()).map(start).collect();
        self.step = 0;
        self.align_all();
    }

    /// The screen row (within the text area) where aligned passages start.
    pub fn anchor(&self) -> u16 {
        align::anchor_row(self.geometry().text_height())
    }

    /// Text rows per pane.
    pub fn text_height(&self) -> u16 {
        self.geometry().text_height()
    }

    /// Make sure every pane's essay is wrapped to its current width, and
    /// forget widths no longer shown. Returns the (essay, width) per pane.
    pub fn relayout(&mut self) -> Vec<(usize, u16)> {
        self.focus = self.focus.min(self.panes.len().saturating_sub(1));
        let g = self.geometry();
        let keep: Vec<(usize, u16)> = self
            .panes
            .iter()
            .zip(&g.panes)
            .map(|(pane, pg)| (pane.essay, pg.text.width))
            .collect();
        self.layouts.wrap_missing(&self.corpus.essays, &keep);
        if !keep.is_empty() {
            self.layouts.retain_widths(&keep);
        }
        keep
    }

    // --- themes and alignment -------------------------------------------

    /// Select a theme and align on its first passage.
    pub fn set_theme(&mut self, t: usize) -> Option<Message> {
        if t >= self.corpus.map.themes.len() {
            return None;
        }
        self.theme = Some(t);
        self.step = 0;
        self.starts.clear();
        self.align_all();
        if self.steps() == 0 {
            let title = &self.corpus.theme(t).title;
            return Some(
                Message::text(format!("no open essay speaks to “{title}”; "))
                    .and_key(Command::AddPane)
                    .then(" adds a pane"),
            );
        }
        None
    }

    /// Go to the next (`d > 0`) or previous theme.
    pub fn cycle_theme(&mut self, d: isize) -> Option<Message> {
        let n = self.corpus.map.themes.len() as isize;
        if n == 0 {
            return Some("this corpus has no themes".into());
        }
        let next = match self.theme {
            Some(t) => (t as isize + d).rem_euclid(n),
            None if d > 0 => 0,
            None => n - 1,
        };
        self.set_theme(next as usize)
    }

    /// Step through the theme's passages.
    pub fn step_by(&mut self, d: isize) -> Option<Message> {
        if self.theme.is_none() {
            return Some(no_theme_message());
        }
        let steps = self.steps();
        if steps == 0 {
            return Some("no open essay has a passage on this theme".into());
        }
        let next = self.step as isize + d;
        let msg = if next < 0 {
            Some("first passage".into())
        } else if next as usize >= steps {
            Some(
                Message::text("last passage; ")
                    .and_key(Command::NextTheme)
                    .then(" for the next theme"),
            )
        } else {
            self.step = next as usize;
            None
        };
        self.align_all();
        msg
    }

    /// Re-align on the current passage.
    pub fn realign(&mut self) -> Option<Message> {
        match self.theme {
            Some(_) => {
                self.align_all();
                None
            }
            None => Some(no_theme_message()),
        }
    }

    /// Scroll every pane with a current passage so that it starts on the
    /// anchor row; panes without one keep their place.
    pub fn align_all(&mut self) {
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

    /// Scroll by rows: all panes when synced, else the focused one.
    pub fn scroll(&mut self, delta: isize) {
        if self.panes.is_empty() || delta == 0 {
            return;
        }
        let h = self.text_height();
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

    /// Scroll by pages.
    pub fn page(&mut self, d: isize) {
        let page = (self.text_height().max(3) - 2) as isize;
        self.scroll(d * page);
    }

    /// Go to the start (`false`) or end (`true`) of the focused essay.
    pub fn top_or_bottom(&mut self, bottom: bool) {
        let rows = self.wrapped(self.focus).map_or(0, |w| w.len()) as isize;
        let Some(pane) = self.panes.get(self.focus) else {
            return;
        };
        let target = if bottom {
            (rows - self.text_height() as isize).max(0)
        } else {
            0
        };
        self.scroll(target - pane.top);
    }

    /// Lock or unlock scrolling all panes together.
    pub fn toggle_sync(&mut self) -> Message {
        self.sync = !self.sync;
        if self.sync {
            "sync on: panes scroll together".into()
        } else {
            "sync off: only the focused pane scrolls".into()
        }
    }

    /// Scroll one pane so that `row` sits on the anchor row.
    pub fn show_row(&mut self, pane: usize, row: usize) {
        let top = align::top_for(row, self.anchor());
        if self.panes[pane].top != top {
            self.panes[pane].top = top;
            if self.panes.len() > 1 {
                self.aligned = false;
            }
        }
    }

    // --- panes -----------------------------------------------------------

    /// Focus the next (`d > 0`) or previous pane, wrapping.
    pub fn focus_by(&mut self, d: isize) {
        let n = self.panes.len().max(1) as isize;
        self.focus = (self.focus as isize + d).rem_euclid(n) as usize;
    }

    /// Close the focused pane (not the last).
    pub fn close_pane(&mut self) -> Option<Message> {
        if self.panes.len() <= 1 {
            return Some("this is the last pane".into());
        }
        let mut keep = self.positions();
        keep.remove(self.focus);
        self.panes.remove(self.focus);
        self.focus = self.focus.min(self.panes.len() - 1);
        self.relayout();
        self.restore(keep);
        None
    }

    /// Move the focused pane left (-1) or right (+1).
    pub fn move_pane(&mut self, d: isize) {
        let to = self.focus as isize + d;
        if to < 0 || to as usize >= self.panes.len() {
            return;
        }
        self.panes.swap(self.focus, to as usize);
        self.focus = to as usize;
    }

    /// Open an essay in a new pane or in the focused one.
    pub fn open_essay(&mut self, essay: usize, purpose: PickPurpose) {
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

    /// Replace all panes (a tour step).
    pub fn set_essays(&mut self, essays: Vec<usize>) {
        if !essays.is_empty() {
            self.panes = essays.into_iter().map(Pane::new).collect();
            self.focus = 0;
        }
        self.relayout();
    }

    /// Make sure an essay is in a pane (adding one, or replacing the
    /// focused one when all are in use) and focus it.
    pub fn show_essay(&mut self, e: usize) {
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

    /// The terminal is now this size; keep each pane's reading position.
    pub fn resize(&mut self, size: (u16, u16), header_rows: u16) {
        let keep = self.positions();
        self.size = size;
        self.header_rows = header_rows;
        self.relayout();
        self.restore(keep);
    }

    /// What each pane's top row shows, to keep the reading position across
    /// a re-wrap.
    pub fn positions(&self) -> Vec<Position> {
        (0..self.panes.len())
            .map(|i| {
                let top = self.panes[i].top;
                match self.wrapped(i) {
                    Some(w) if top >= 0 && (top as usize) < w.len() => {
                        Position::Offset(w.rows[top as usize].range().start)
                    }
                    Some(w) if top >= 0 => {
                        Position::Offset(w.rows.last().map_or(0, |r| r.range().end))
                    }
                    _ => Position::Padding(top),
                }
            })
            .collect()
    }

    /// Put panes back where `positions` found them (or re-align).
    pub fn restore(&mut self, keep: Vec<Position>) {
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

    // --- search ----------------------------------------------------------

    /// Search the focused essay, or all open ones.
    pub fn run_search(&mut self, query: &str, all: bool) -> Message {
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
        self.last_search = Some(LastSearch {
            query: query.to_string(),
            all,
        });
        let here = self.panes.get(self.focus).map_or(0, |p| p.hits.len());
        if total == 0 {
            format!("no match for “{query}”").into()
        } else if all {
            Message::text(format!("“{query}”: {here} here, {total} in all panes; "))
                .and_key(Command::NextHit)
                .then("/")
                .and_key(Command::PrevHit)
                .then(" step")
        } else {
            Message::text(format!("“{query}”: {}; ", count(here, "match", "matches")))
                .and_key(Command::NextHit)
                .then("/")
                .and_key(Command::PrevHit)
                .then(" step")
        }
    }

    /// Select the first hit at or after the pane's top row and show it.
    fn jump_to_hit_after_top(&mut self, pane: usize) {
        let Some(w) = self.wrapped(pane).cloned() else {
            return;
        };
        let top = self.panes[pane].top.max(0) as usize;
        let from = w.rows.get(top).map_or(0, |r| r.range().start);
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

    /// Go to the next (`d > 0`) or previous hit. After a search of all
    /// open essays this steps through every pane's hits in pane order,
    /// moving the focus; otherwise through the focused pane's.
    pub fn step_hit(&mut self, d: isize) -> Message {
        let all = self.last_search.as_ref().is_some_and(|s| s.all);
        // Every hit in scope, in reading order across panes.
        let order: Vec<(usize, usize)> = self
            .panes
            .iter()
            .enumerate()
            .filter(|(i, _)| all || *i == self.focus)
            .flat_map(|(i, p)| (0..p.hits.len()).map(move |k| (i, k)))
            .collect();
        if order.is_empty() {
            return match &self.last_search {
                Some(s) => Message::text(format!(
                    "no match for “{}” in {}; ",
                    s.query,
                    if all { "the open essays" } else { "this pane" }
                ))
                .and_key(Command::Search)
                .then(" searches again"),
                None => Message::text("no search yet: ")
                    .and_key(Command::Search)
                    .then(" searches"),
            };
        }
        let n = order.len() as isize;
        // Where we are: the focused pane's current hit, else just before
        // the focused pane's first hit.
        let here = self.panes.get(self.focus).and_then(|p| p.hit);
        let pos = match here {
            Some(k) => order
                .iter()
                .position(|&x| x == (self.focus, k))
                .map_or(0, |i| (i as isize + d).rem_euclid(n)),
            None => {
                let first = order
                    .iter()
                    .position(|&(i, _)| i >= self.focus)
                    .unwrap_or(0) as isize;
                if d > 0 {
                    first.rem_euclid(n)
                } else {
                    (first - 1).rem_euclid(n)
                }
            }
        } as usize;
        let (pane, k) = order[pos];
        if pane != self.focus {
            if let Some(p) = self.panes.get_mut(self.focus) {
                p.hit = None;
            }
            self.focus = pane;
        }
        let start = self.panes[pane].hits[k].start;
        self.panes[pane].hit = Some(k);
        if let Some(w) = self.wrapped(pane).cloned() {
            self.show_row(pane, w.row_of(start));
        }
        if all {
            format!(
                "match {} of {n} · {}",
                pos + 1,
                self.corpus.essay_label(self.panes[pane].essay)
            )
            .into()
        } else {
            format!("match {} of {n}", pos + 1).into()
        }
    }

    // --- mouse -----------------------------------------------------------

    /// A click: focus the pane; on a themed passage, align on its theme.
    pub fn click(&mut self, x: u16, y: u16) {
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
        let range = row.range();
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
            self.starts.clear();
            self.align_all();
        }
    }

    /// The mouse wheel over a pane: focus it and scroll.
    pub fn wheel(&mut self, x: u16, y: u16, delta: isize) {
        if let Some(p) = self.geometry().pane_at(x, y) {
            self.focus = p;
            self.scroll(delta);
        }
    }
}

/// "no theme selected: t picks one, } goes to the next".
pub fn no_theme_message() -> Message {
    Message::text("no theme selected: ")
        .and_key(Command::ThemePicker)
        .then(" picks one, ")
        .and_key(Command::NextTheme)
        .then(" goes to the next")
}

/// The essays with a passage on a theme, in corpus order.
pub fn essays_on(corpus: &Corpus, theme: usize) -> Vec<usize> {
    (0..corpus.essays.len())
        .filter(|&e| !corpus.passages_on(theme, e).is_empty())
        .collect()
}

/// How many of `n` essays fit side by side at this width (40 columns each,
/// 2 to 6).
pub fn fitting(width: u16, n: usize) -> usize {
    geometry::default_pane_count(width, n, 40)
}

/// `essays` (in corpus order) reordered for opening `n` of them on a
/// theme: the `n` with the most passages on it first (ties in corpus
/// order), then the rest, each group in corpus order. A class opening a
/// theme at 80 columns sees the essays that say most about it.
pub fn most_on_first(
    corpus: &Corpus,
    theme: usize,
    mut essays: Vec<usize>,
    n: usize,
) -> Vec<usize> {
    if essays.len() <= n {
        return essays;
    }
    let mut by_weight = essays.clone();
    by_weight.sort_by_key(|&e| std::cmp::Reverse(corpus.passages_on(theme, e).len()));
    let top: std::collections::HashSet<usize> = by_weight[..n].iter().copied().collect();
    essays.sort_by_key(|e| !top.contains(e));
    essays
}

/// The default panes: with a start theme, every essay speaking to it, as
/// many as fit, those with most passages on it first (the status bar
/// counts the rest); otherwise the essays in corpus order, as many as fit
/// at 40 columns each (2 to 6).
pub fn default_essays(corpus: &Corpus, theme: Option<usize>, width: u16) -> Vec<usize> {
    if let Some(t) = theme {
        let on = essays_on(corpus, t);
        if !on.is_empty() {
            let n = fitting(width, on.len());
            let mut on = most_on_first(corpus, t, on, n);
            on.truncate(n);
            return on;
        }
    }
    let n = geometry::default_pane_count(width, corpus.essays.len(), 40);
    let mut order: Vec<usize> = (0..corpus.essays.len()).collect();
    if let Some(t) = theme {
        order.sort_by_key(|&e| corpus.passages_on(t, e).is_empty());
    }
    order.truncate(n);
    order
}
