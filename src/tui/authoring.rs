//! Coding passages in the reader: a selection in the focused pane, the
//! tagging flow (theme → stance → role → note), editing and deleting the
//! current passage, and undo/redo — each edit written through to the map
//! file by the map writer, then the map re-resolved so the passage shows at
//! once in every view.
//!
//! Terminal-free like the rest of the state: keys arrive as
//! [`AuthorAction`]s, and the flow's state is drawn by `view::authoring`.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use ratatui::crossterm::event::KeyCode;

use crate::authoring::choose::{self, Chosen};
use crate::authoring::import::slug;
use crate::authoring::workspace::Workspace;
use crate::corpus::{files, Corpus};
use crate::diag::Severity;
use crate::mapping::anchor::Selector;
use crate::mapping::write::{
    Change, Edit, EditError, Entry, Field, FieldValue, NewPassage, NewTheme, PassageEntry,
};
use crate::mapping::{self, Role};

use super::app::App;
use super::keymap::{Command, Key};
use super::message::Message;
use super::overlay::list::ListPicker;
use super::overlay::prompt::TextPrompt;
use super::overlay::Overlay;
use super::reader::ReaderMode;

/// A selection of words in one pane's essay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    /// The pane.
    pub pane: usize,
    /// Byte range of the essay's plain text (word starts and ends).
    pub range: Range<usize>,
    /// Whether keys move the start (else the end).
    pub moving_start: bool,
}

/// Where a mouse press was, and the reading state before the click acted
/// on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Press {
    /// The pane.
    pub pane: usize,
    /// The essay offset under the pointer.
    pub offset: usize,
    /// Each pane's top row before the click.
    pub tops: Vec<isize>,
    /// The theme before the click.
    pub theme: Option<usize>,
    /// The step before the click.
    pub step: usize,
    /// Whether the panes were aligned.
    pub aligned: bool,
}

/// An authoring action: selection keys, the flow's keys, undo and redo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthorAction {
    /// Start a selection at the focused pane's reading position.
    StartSelection,
    /// Extend (+) or shrink (−) the selection by words.
    Words(isize),
    /// Extend (+) or shrink (−) the selection by sentences.
    Sentences(isize),
    /// Switch which end of the selection the keys move.
    SwapEnds,
    /// Tag the selection: open the tagging flow.
    Tag,
    /// Drop the selection.
    Cancel,
    /// The mouse is dragged to a cell (button held).
    Drag {
        /// Column.
        x: u16,
        /// Row.
        y: u16,
    },
    /// Edit (or delete) the focused pane's current passage.
    EditPassage,
    /// A key for the open flow.
    Key(Key),
    /// Undo the last edit.
    Undo,
    /// Redo the last undone edit.
    Redo,
    /// Files of the corpus changed on disk.
    FilesChanged(Vec<PathBuf>),
    /// Show the problems: what kept the last change from loading, orphaned
    /// passages, and passages found moved or changed.
    ShowProblems,
    /// Move the problems' selection (or scroll them) by rows.
    ScrollProblems(isize),
    /// Go to the selected problem: an orphan's essay at its closest text,
    /// or align on a moved or changed passage.
    OpenProblem,
}

/// One row of the problems overlay that Enter acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemItem {
    /// An orphaned passage (index into the map's orphans).
    Orphan(usize),
    /// A passage found moved or changed (index into the map's passages).
    Reanchored(usize),
}

/// The problems overlay: the selected item, and how far the text is
/// scrolled when there is no item to select.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ProblemsState {
    /// Index into [`problem_items`].
    pub selected: usize,
    /// Rows scrolled (used only when there are no items).
    pub scroll: u16,
}

/// The re-anchoring findings the problems overlay lists, orphans first
/// (they are what a reader must not miss), then moved and changed passages
/// in file order.
pub fn problem_items(map: &mapping::ThemeMap) -> Vec<ProblemItem> {
    let orphans = (0..map.orphans.len()).map(ProblemItem::Orphan);
    let moved = map
        .passages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.anchor != mapping::anchor::Status::Exact)
        .map(|(i, _)| ProblemItem::Reanchored(i));
    orphans.chain(moved).collect()
}

/// The theme chosen for a new passage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ThemeChoice {
    /// A theme of the map (index).
    Existing(usize),
    /// A theme to create with the passage.
    New {
        /// Its title (as typed).
        title: String,
        /// Its id (a slug of the title).
        id: String,
        /// Its question, if one was typed.
        question: Option<String>,
    },
}

/// A theme list with a filter and, while something is typed, one more
/// row that makes a new theme of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThemeList {
    /// The themes.
    pub list: ListPicker,
    /// The "new theme" row is selected.
    pub on_new: bool,
    /// Themes ticked (editing a passage's themes), by index.
    pub ticked: Option<Vec<bool>>,
}

impl ThemeList {
    fn new(corpus: &Corpus, start: usize, ticked: Option<Vec<bool>>) -> Self {
        let labels = corpus
            .map
            .themes
            .iter()
            .map(|t| format!("{} {}", ListPicker::label_part(&t.title), t.id))
            .collect();
        ThemeList {
            list: ListPicker::new(labels, start, true),
            on_new: false,
            ticked,
        }
    }

    /// What is typed in the filter.
    pub fn typed(&self) -> &str {
        self.list.filter.as_ref().map_or("", |f| f.input.trim())
    }

    /// Whether the "new theme" row is offered.
    pub fn offers_new(&self) -> bool {
        self.ticked.is_none() && !self.typed().is_empty()
    }

    fn key(&mut self, key: Key) {
        match key.code {
            KeyCode::Down => {
                if self.list.sel + 1 >= self.list.shown.len() && self.offers_new() {
                    self.on_new = true;
                } else {
                    self.list.move_by(1);
                }
            }
            KeyCode::Up => {
                if self.on_new {
                    self.on_new = false;
                } else {
                    self.list.move_by(-1);
                }
            }
            KeyCode::PageDown => self.list.move_by(10),
            KeyCode::PageUp => self.list.move_by(-10),
            KeyCode::Char(' ') if self.ticked.is_some() => {
                if let (Some(i), Some(t)) = (self.list.selected(), self.ticked.as_mut()) {
                    t[i] = !t[i];
                }
            }
            _ => {
                if let Some(e) = TextPrompt::edit_for_key(key) {
                    self.list.edit_filter(e);
                    // Nothing matches: the only thing to choose is new.
                    self.on_new = self.offers_new() && self.list.shown.is_empty();
                }
            }
        }
    }
}

/// The steps of tagging a selection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TagStep {
    /// Pick a theme, or type a new one.
    Theme(ThemeList),
    /// The new theme's question (optional).
    Question(TextPrompt),
    /// The one-line stance.
    Stance(TextPrompt),
    /// The role, one key.
    Role,
    /// An optional note.
    Note(TextPrompt),
}

/// Tagging a selection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagFlow {
    /// The essay.
    pub essay: usize,
    /// What will be stored, and the range it anchors to.
    pub chosen: Chosen,
    /// The step.
    pub step: TagStep,
    /// The theme, once chosen.
    pub theme: Option<ThemeChoice>,
    /// The stance, once typed.
    pub stance: String,
    /// The role, once chosen.
    pub role: Role,
}

/// The steps of editing a passage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditStep {
    /// What to edit: one key.
    Menu,
    /// The stance.
    Stance(TextPrompt),
    /// The role, one key.
    Role,
    /// The note.
    Note(TextPrompt),
    /// The themes: Space ticks, Enter keeps.
    Themes(ThemeList),
    /// Delete? y/n.
    ConfirmDelete,
}

/// Editing a passage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditFlow {
    /// The passage (index into the map's passages).
    pub passage: usize,
    /// The step.
    pub step: EditStep,
}

/// An open authoring flow (an overlay).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Flow {
    /// Tagging a selection.
    Tag(TagFlow),
    /// Editing a passage.
    Edit(EditFlow),
}

/// One user edit as written: the edits that undo it, in order, each with
/// its map file.
type Group = Vec<(usize, Edit)>;

/// A writable corpus: its directory, map files and the session's undo and
/// redo stacks.
#[derive(Debug, Clone)]
pub struct Authoring {
    /// The corpus directory.
    pub dir: PathBuf,
    /// Its map files.
    pub workspace: Workspace,
    undo: Vec<Group>,
    redo: Vec<Group>,
    /// Problems of the last change on disk that could not be loaded.
    pub problems: Vec<crate::diag::Diagnostic>,
    /// The texts of the files the last edit changed, as they were before
    /// it: what the map is patched from.
    before: Vec<(usize, String)>,
}

impl Authoring {
    /// Open a corpus directory for writing.
    pub fn open(dir: &Path) -> std::io::Result<Authoring> {
        Ok(Authoring {
            dir: dir.to_path_buf(),
            workspace: Workspace::open(dir)?,
            undo: Vec::new(),
            redo: Vec::new(),
            problems: Vec::new(),
            before: Vec::new(),
        })
    }

    /// Edits that can be undone and redone.
    pub fn history(&self) -> (usize, usize) {
        (self.undo.len(), self.redo.len())
    }

    /// The map file a passage was read from (by its `defined_at`).
    fn file_of(&self, defined_at: &str) -> Option<(usize, usize)> {
        let (path, line) = defined_at.rsplit_once(':')?;
        let line: usize = line.parse().ok()?;
        let f = self
            .workspace
            .maps
            .iter()
            .position(|m| m.path().display().to_string() == path)?;
        Some((f, line))
    }

    /// A passage's map file and its entry there, as the file is now.
    fn entry_of(&self, defined_at: &str) -> Option<(usize, PassageEntry)> {
        let (f, line) = self.file_of(defined_at)?;
        Some((f, self.workspace.maps[f].passage_at_line(line)?))
    }

    /// Apply edits in order, each to its file; on an error, undo those
    /// already applied and report it. Returns the group that undoes them.
    fn apply_all(&mut self, edits: &[(usize, Edit)]) -> Result<Group, EditError> {
        let mut undo: Group = Vec::new();
        self.before.clear();
        for (f, _) in edits {
            if !self.before.iter().any(|(g, _)| g == f) {
                self.before
                    .push((*f, self.workspace.maps[*f].text().to_string()));
            }
        }
        for (f, e) in edits {
            match self.workspace.maps[*f].apply(e) {
                Ok(saved) => undo.push((*f, saved.inverse)),
                Err(err) => {
                    for (f, inv) in undo.iter().rev() {
                        let _ = self.workspace.maps[*f].apply(inv);
                    }
                    return Err(err);
                }
            }
        }
        undo.reverse();
        Ok(undo)
    }
}

/// How to get a corpus that can be written.
pub fn read_only_message() -> Message {
    Message::text(
        "the built-in corpus is read-only: `parallax new DIR --example` copies it; open DIR to tag",
    )
}

/// Word ranges of a text, in order.
fn words(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                out.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(s..text.len());
    }
    out
}

/// Whether a word ends a sentence: it ends in . ? ! (perhaps followed by a
/// closing quote or bracket), or a paragraph ends after it.
fn ends_sentence(text: &str, w: &Range<usize>) -> bool {
    let s = text[w.clone()].trim_end_matches(['"', '\'', '”', '’', ')', ']', '»']);
    s.ends_with(['.', '?', '!', '…']) || text[w.end..].starts_with("\n\n")
}

/// The word index containing or after a byte offset.
fn word_at(ws: &[Range<usize>], at: usize) -> usize {
    ws.partition_point(|w| w.end <= at)
        .min(ws.len().saturating_sub(1))
}

impl Selection {
    /// Move the moving end by `n` words (positive: outwards).
    fn by_words(&mut self, text: &str, n: isize) {
        let ws = words(text);
        if ws.is_empty() {
            return;
        }
        let first = word_at(&ws, self.range.start);
        let last = word_at(&ws, self.range.end.saturating_sub(1));
        let (first, last) = if self.moving_start {
            let f = (first as isize - n).clamp(0, last as isize) as usize;
            (f, last)
        } else {
            let l = (last as isize + n).clamp(first as isize, ws.len() as isize - 1) as usize;
            (first, l)
        };
        self.range = ws[first].start..ws[last].end;
    }

    /// Move the moving end by `n` sentences (positive: outwards).
    fn by_sentences(&mut self, text: &str, n: isize) {
        let ws = words(text);
        if ws.is_empty() {
            return;
        }
        let mut first = word_at(&ws, self.range.start);
        let mut last = word_at(&ws, self.range.end.saturating_sub(1));
        let end_of = |i: usize| ends_sentence(text, &ws[i]);
        for _ in 0..n.unsigned_abs() {
            match (self.moving_start, n > 0) {
                // The end outwards: to the end of the next sentence.
                (false, true) => {
                    let mut i = (last + 1).min(ws.len() - 1);
                    while i + 1 < ws.len() && !end_of(i) {
                        i += 1;
                    }
                    last = i;
                }
                // The end inwards: to the end of the sentence before.
                (false, false) => {
                    let mut i = last;
                    while i > first {
                        i -= 1;
                        if end_of(i) {
                            break;
                        }
                    }
                    last = i;
                }
                // The start outwards: to the start of the sentence before.
                (true, true) => {
                    let mut i = first.saturating_sub(1);
                    while i > 0 && !end_of(i - 1) {
                        i -= 1;
                    }
                    first = i;
                }
                // The start inwards: to the start of the next sentence.
                (true, false) => {
                    let mut i = first;
                    while i < last {
                        i += 1;
                        if end_of(i - 1) {
                            break;
                        }
                    }
                    first = i;
                }
            }
        }
        self.range = ws[first].start..ws[last].end;
    }

    /// The number of words selected.
    pub fn word_count(&self, text: &str) -> usize {
        text.get(self.range.clone())
            .map_or(0, |s| s.split_whitespace().count())
    }
}

impl App {
    /// Apply an authoring action.
    pub fn author(&mut self, a: AuthorAction) {
        match a {
            AuthorAction::StartSelection => self.start_selection(),
            AuthorAction::Words(n) => self.move_selection(|s, t| s.by_words(t, n)),
            AuthorAction::Sentences(n) => self.move_selection(|s, t| s.by_sentences(t, n)),
            AuthorAction::SwapEnds => {
                if let ReaderMode::Select(s) = &mut self.reader.mode {
                    s.moving_start = !s.moving_start;
                }
            }
            AuthorAction::Cancel => {
                self.reader.mode = ReaderMode::Normal;
                self.message = Some("selection dropped".into());
            }
            AuthorAction::Tag => self.start_tagging(),
            AuthorAction::Drag { x, y } => self.drag(x, y),
            AuthorAction::EditPassage => self.start_edit(),
            AuthorAction::Key(k) => self.flow_key(k),
            AuthorAction::Undo => self.undo_redo(true),
            AuthorAction::Redo => self.undo_redo(false),
            AuthorAction::FilesChanged(paths) => self.files_changed(paths),
            AuthorAction::ScrollProblems(d) => {
                let items = problem_items(&self.corpus.map).len();
                if let Some(Overlay::Problems(s)) = &mut self.overlay {
                    if items > 0 {
                        s.selected =
                            (s.selected as isize + d).clamp(0, items as isize - 1) as usize;
                    } else {
                        s.scroll = (s.scroll as isize + d).clamp(0, u16::MAX as isize) as u16;
                    }
                }
            }
            AuthorAction::ShowProblems => {
                let on_disk = self
                    .authoring
                    .as_ref()
                    .is_some_and(|a| !a.problems.is_empty());
                if on_disk || !problem_items(&self.corpus.map).is_empty() {
                    self.overlay = Some(Overlay::Problems(ProblemsState::default()));
                } else {
                    self.message = Some(
                        "no problems: every passage is anchored, and the corpus on screen is what is on disk"
                            .into(),
                    )
                }
            }
            AuthorAction::OpenProblem => self.open_problem(),
        }
    }

    /// Enter on the problems overlay: an orphan opens its essay at the
    /// text most like it (or at the top); a moved or changed passage is
    /// aligned on, as a jump from the outline is.
    fn open_problem(&mut self) {
        let Some(Overlay::Problems(s)) = &self.overlay else {
            return;
        };
        let Some(item) = problem_items(&self.corpus.map).get(s.selected).copied() else {
            return;
        };
        self.overlay = None;
        self.go_to_reader();
        match item {
            ProblemItem::Orphan(i) => {
                let o = &self.corpus.map.orphans[i];
                let (essay, closest) = (o.essay, o.closest.clone());
                let reason = o.reason.clone();
                self.reader.show_essay(essay);
                self.show_offset(closest.as_ref().map_or(0, |r| r.start));
                let where_ = match &closest {
                    Some(r) => format!(
                        "closest: “{}”",
                        crate::outline::first_words(&self.corpus.essays[essay].text[r.clone()], 60)
                    ),
                    None => "nothing close: the essay's top".to_string(),
                };
                self.message = Some(format!("orphaned: {reason} · {where_}").into());
            }
            ProblemItem::Reanchored(p) => {
                self.reader.show_essay(self.corpus.passage(p).essay);
                self.align_on_passage(p);
            }
        }
    }

    fn writable(&mut self) -> bool {
        if self.authoring.is_some() {
            return true;
        }
        self.message = Some(read_only_message());
        false
    }

    /// The focused pane's reading position: the first word on the anchor
    /// row (where aligned passages start), else on the first text row.
    fn reading_offset(&self) -> Option<usize> {
        let i = self.reader.focus;
        let w = self.reader.wrapped(i)?;
        let top = self.reader.panes.get(i)?.top;
        let h = self.reader.text_height() as isize;
        let anchor = top + self.reader.anchor() as isize;
        let in_view = |v: isize| v >= top && v < top + h;
        let rows = (anchor..top + h).chain(top.max(0)..anchor);
        rows.filter(|&v| in_view(v) && v >= 0)
            .filter_map(|v| w.rows.get(v as usize))
            .find(|r| r.block.is_some() && !r.range().is_empty())
            .map(|r| r.range().start)
    }

    fn start_selection(&mut self) {
        if !self.writable() {
            return;
        }
        if self.view != super::app::View::Reader {
            self.message = Some("words are selected in the reader: Esc goes back to it".into());
            return;
        }
        let i = self.reader.focus;
        let Some(pane) = self.reader.panes.get(i) else {
            return;
        };
        let text = &self.corpus.essays[pane.essay].text;
        let Some(at) = self.reading_offset() else {
            self.message = Some("nothing to select here".into());
            return;
        };
        let ws = words(text);
        if ws.is_empty() {
            return;
        }
        let w = ws[word_at(&ws, at)].clone();
        self.reader.mode = ReaderMode::Select(Selection {
            pane: i,
            range: w,
            moving_start: false,
        });
    }

    fn move_selection(&mut self, f: impl FnOnce(&mut Selection, &str)) {
        let ReaderMode::Select(sel) = &mut self.reader.mode else {
            return;
        };
        let Some(pane) = self.reader.panes.get(sel.pane) else {
            return;
        };
        let text = &self.corpus.essays[pane.essay].text;
        f(sel, text);
        let (i, at) = (
            sel.pane,
            if sel.moving_start {
                sel.range.start
            } else {
                sel.range.end.saturating_sub(1)
            },
        );
        self.keep_visible(i, at);
    }

    /// Scroll pane `i` (alone) so the row holding `at` is on screen.
    fn keep_visible(&mut self, i: usize, at: usize) {
        let Some(w) = self.reader.wrapped(i) else {
            return;
        };
        let row = w.row_of(at) as isize;
        let h = self.reader.text_height() as isize;
        let top = self.reader.panes[i].top;
        let new_top = if row < top {
            row
        } else if row >= top + h {
            row - h + 1
        } else {
            return;
        };
        self.reader.panes[i].top = new_top;
        if self.reader.panes.len() > 1 {
            self.reader.aligned = false;
        }
    }

    /// The essay offset under a screen cell of a pane's text, if any.
    fn offset_at(&self, x: u16, y: u16) -> Option<(usize, usize)> {
        let g = self.reader.geometry();
        let i = g.pane_at(x, y)?;
        let text = g.panes[i].text;
        if y < text.y || y >= text.bottom() {
            return None;
        }
        let w = self.reader.wrapped(i)?;
        let v = self.reader.panes[i].top + (y - text.y) as isize;
        let row = w.rows.get(usize::try_from(v).ok()?)?;
        row.block?;
        let essay = &self.corpus.essays[self.reader.panes[i].essay];
        let mut col = text.x + row.indent;
        for (k, c) in essay.text[row.range()].char_indices() {
            let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0) as u16;
            if x < col + cw.max(1) {
                return Some((i, row.range().start + k));
            }
            col += cw;
        }
        Some((i, row.range().end.saturating_sub(1).max(row.range().start)))
    }

    /// Remember where a mouse press was, for a drag that follows (before
    /// the click aligns anything).
    pub fn press_at(&mut self, x: u16, y: u16) {
        self.press = self.offset_at(x, y).map(|(pane, offset)| Press {
            pane,
            offset,
            tops: self.reader.panes.iter().map(|p| p.top).collect(),
            theme: self.reader.theme,
            step: self.reader.step,
            aligned: self.reader.aligned,
        });
    }

    fn drag(&mut self, x: u16, y: u16) {
        let Some(press) = self.press.clone() else {
            return;
        };
        let (pane, from) = (press.pane, press.offset);
        // A drag, not a click: undo what the click did (aligning on the
        // passage under it), so the text stays where the press found it.
        if !matches!(self.reader.mode, ReaderMode::Select(_))
            && press.tops.len() == self.reader.panes.len()
        {
            for (p, top) in self.reader.panes.iter_mut().zip(&press.tops) {
                p.top = *top;
            }
            self.reader.theme = press.theme;
            self.reader.step = press.step;
            self.reader.aligned = press.aligned;
        }
        if self.authoring.is_none() {
            self.message = Some(read_only_message());
            return;
        }
        let Some((i, to)) = self.offset_at(x, y) else {
            return;
        };
        if i != pane {
            return;
        }
        let text = &self.corpus.essays[self.reader.panes[i].essay].text;
        let ws = words(text);
        if ws.is_empty() {
            return;
        }
        let (a, b) = (word_at(&ws, from.min(to)), word_at(&ws, from.max(to)));
        self.reader.focus = i;
        self.reader.mode = ReaderMode::Select(Selection {
            pane: i,
            range: ws[a].start..ws[b].end,
            moving_start: to < from,
        });
    }

    fn start_tagging(&mut self) {
        let ReaderMode::Select(sel) = &self.reader.mode else {
            return;
        };
        let essay = self.reader.panes[sel.pane].essay;
        let text = &self.corpus.essays[essay].text;
        let chosen = match choose::choose(text, sel.range.clone()) {
            Ok(c) => c,
            Err(e) => {
                self.message = Some(Message::text(e.to_string()));
                return;
            }
        };
        let start = self.reader.theme.unwrap_or(0);
        self.overlay = Some(Overlay::Author(Box::new(Flow::Tag(TagFlow {
            essay,
            chosen,
            step: TagStep::Theme(ThemeList::new(&self.corpus, start, None)),
            theme: None,
            stance: String::new(),
            role: Role::Claim,
        }))));
    }

    fn start_edit(&mut self) {
        if !self.writable() {
            return;
        }
        if self.view != super::app::View::Reader {
            self.message = Some("passages are edited in the reader: Esc goes back to it".into());
            return;
        }
        let Some(t) = self.reader.target(self.reader.focus) else {
            self.message = Some(
                "no current passage in this pane: pick a theme and step to a passage first".into(),
            );
            return;
        };
        self.overlay = Some(Overlay::Author(Box::new(Flow::Edit(EditFlow {
            passage: t.passage,
            step: EditStep::Menu,
        }))));
    }

    fn flow_key(&mut self, key: Key) {
        let Some(Overlay::Author(flow)) = self.overlay.take() else {
            return;
        };
        if key.code == KeyCode::Esc {
            self.message = Some("cancelled; nothing was written".into());
            return;
        }
        let next = match *flow {
            Flow::Tag(f) => self.tag_key(f, key).map(Flow::Tag),
            Flow::Edit(f) => self.edit_key(f, key).map(Flow::Edit),
        };
        if let Some(f) = next {
            self.overlay = Some(Overlay::Author(Box::new(f)));
        }
    }

    /// One key of the tagging flow; `None` when it is over.
    fn tag_key(&mut self, mut f: TagFlow, key: Key) -> Option<TagFlow> {
        let enter = key.code == KeyCode::Enter;
        match &mut f.step {
            TagStep::Theme(list) => {
                if !enter {
                    list.key(key);
                    return Some(f);
                }
                if list.on_new && list.offers_new() {
                    let title = list.typed().to_string();
                    let id = unique_theme_id(&self.corpus, &title);
                    f.theme = Some(ThemeChoice::New {
                        title,
                        id,
                        question: None,
                    });
                    f.step = TagStep::Question(TextPrompt::new());
                } else if let Some(t) = list.list.selected() {
                    f.theme = Some(ThemeChoice::Existing(t));
                    f.step = TagStep::Stance(TextPrompt::new());
                }
            }
            TagStep::Question(p) => {
                if !enter {
                    edit_prompt(p, key);
                    return Some(f);
                }
                let q = p.input.trim().to_string();
                if let Some(ThemeChoice::New { question, .. }) = &mut f.theme {
                    *question = (!q.is_empty()).then_some(q);
                }
                f.step = TagStep::Stance(TextPrompt::new());
            }
            TagStep::Stance(p) => {
                if !enter {
                    edit_prompt(p, key);
                    return Some(f);
                }
                if p.input.trim().is_empty() {
                    self.message = Some("type the stance: what the author argues here".into());
                    return Some(f);
                }
                f.stance = p.input.trim().to_string();
                f.step = TagStep::Role;
            }
            TagStep::Role => {
                if !enter {
                    match role_for_key(key) {
                        Some(r) => f.role = r,
                        None => return Some(f),
                    }
                }
                f.step = TagStep::Note(TextPrompt::new());
            }
            TagStep::Note(p) => {
                if !enter {
                    edit_prompt(p, key);
                    return Some(f);
                }
                let note = p.input.trim().to_string();
                self.commit_tag(&f, (!note.is_empty()).then_some(note));
                return None;
            }
        }
        Some(f)
    }

    /// Write a tagged passage (and its new theme), then show it.
    fn commit_tag(&mut self, f: &TagFlow, note: Option<String>) {
        let Some(a) = self.authoring.as_mut() else {
            return;
        };
        let essay_id = self.corpus.essays[f.essay].id.clone();
        let theme_id = match &f.theme {
            Some(ThemeChoice::Existing(t)) => self.corpus.theme(*t).id.clone(),
            Some(ThemeChoice::New { id, .. }) => id.clone(),
            None => return,
        };
        // The file of the essay's last passage, else of the theme's first
        // passage (known from the corpus, without parsing every map), else
        // the writer's own choice.
        let from_corpus = {
            let c = &self.corpus;
            let by_essay = c.passages_in(f.essay).last().copied();
            let by_theme = match &f.theme {
                Some(ThemeChoice::Existing(t)) => {
                    (0..c.essays.len()).find_map(|e| c.passages_on(*t, e).first().copied())
                }
                _ => None,
            };
            by_essay
                .or(by_theme)
                .and_then(|p| a.file_of(&c.passage(p).defined_at))
                .map(|(file, _)| file)
        };
        let file = match from_corpus.map_or_else(
            || {
                a.workspace
                    .target(&essay_id, std::slice::from_ref(&theme_id))
            },
            Ok,
        ) {
            Ok(f) => f,
            Err(e) => {
                self.message = Some(format!("not written: {e}").into());
                return;
            }
        };
        let mut edits = Vec::new();
        if let Some(ThemeChoice::New {
            title,
            id,
            question,
            ..
        }) = &f.theme
        {
            edits.push((
                file,
                Edit::AddTheme(NewTheme {
                    id: id.clone(),
                    title: title.clone(),
                    question: question.clone(),
                    color: None,
                }),
            ));
        }
        let (prefix, suffix) = crate::mapping::anchor::context_around(
            &self.corpus.essays[f.essay].text,
            f.chosen.range.clone(),
        );
        let some = |s: &str| (!s.trim().is_empty()).then(|| s.to_string());
        edits.push((
            file,
            Edit::AddPassage(NewPassage {
                essay: essay_id,
                themes: vec![theme_id.clone()],
                selector: f.chosen.selector.clone(),
                // The words around the selection, so the passage can be
                // found again when the essay is edited.
                prefix: some(&prefix),
                suffix: some(&suffix),
                stance: Some(f.stance.clone()),
                role: Some(f.role),
                note,
            }),
        ));
        match a.apply_all(&edits) {
            Ok(undo) => {
                a.undo.push(undo);
                a.redo.clear();
                self.reader.mode = ReaderMode::Normal;
                self.reload_after_edit(Some((f.essay, f.chosen.range.clone(), theme_id)));
                self.message = Some(
                    Message::text("passage written; ")
                        .and_key(Command::Undo)
                        .then(" undoes, ")
                        .and_key(Command::Redo)
                        .then(" redoes"),
                );
            }
            Err(e) => self.message = Some(format!("not written: {e}").into()),
        }
    }

    /// One key of the editing flow; `None` when it is over.
    fn edit_key(&mut self, mut f: EditFlow, key: Key) -> Option<EditFlow> {
        let enter = key.code == KeyCode::Enter;
        let p = self.corpus.passage(f.passage).clone();
        match &mut f.step {
            EditStep::Menu => match key.code {
                KeyCode::Char('s') => {
                    f.step = EditStep::Stance(TextPrompt {
                        input: p.stance.clone().unwrap_or_default(),
                    })
                }
                KeyCode::Char('r') => f.step = EditStep::Role,
                KeyCode::Char('n') => {
                    f.step = EditStep::Note(TextPrompt {
                        input: p.note.clone().unwrap_or_default(),
                    })
                }
                KeyCode::Char('t') => {
                    let ticked = (0..self.corpus.map.themes.len())
                        .map(|t| p.themes.contains(&t))
                        .collect();
                    f.step =
                        EditStep::Themes(ThemeList::new(&self.corpus, p.themes[0], Some(ticked)));
                }
                KeyCode::Char('d') => f.step = EditStep::ConfirmDelete,
                _ => {}
            },
            EditStep::Stance(prompt) => {
                if !enter {
                    edit_prompt(prompt, key);
                    return Some(f);
                }
                let s = prompt.input.trim().to_string();
                if s.is_empty() {
                    self.message = Some("a stance cannot be empty".into());
                    return Some(f);
                }
                self.commit_change(f.passage, Field::Stance, Some(FieldValue::Text(s)));
                return None;
            }
            EditStep::Note(prompt) => {
                if !enter {
                    edit_prompt(prompt, key);
                    return Some(f);
                }
                let s = prompt.input.trim().to_string();
                let v = (!s.is_empty()).then_some(FieldValue::Text(s));
                self.commit_change(f.passage, Field::Note, v);
                return None;
            }
            EditStep::Role => {
                let role = if enter {
                    p.role.unwrap_or(Role::Claim)
                } else {
                    role_for_key(key)?
                };
                self.commit_change(
                    f.passage,
                    Field::Role,
                    Some(FieldValue::Text(role.name().to_string())),
                );
                return None;
            }
            EditStep::Themes(list) => {
                if !enter {
                    list.key(key);
                    return Some(f);
                }
                let ids: Vec<String> = list
                    .ticked
                    .as_ref()
                    .map(|t| {
                        t.iter()
                            .enumerate()
                            .filter(|(_, on)| **on)
                            .map(|(i, _)| self.corpus.theme(i).id.clone())
                            .collect()
                    })
                    .unwrap_or_default();
                if ids.is_empty() {
                    self.message = Some("a passage needs at least one theme".into());
                    return Some(f);
                }
                self.commit_change(f.passage, Field::Themes, Some(FieldValue::List(ids)));
                return None;
            }
            EditStep::ConfirmDelete => {
                if key.code == KeyCode::Char('y') {
                    self.commit_delete(f.passage);
                } else {
                    self.message = Some("not deleted".into());
                }
                return None;
            }
        }
        Some(f)
    }

    /// Write one field of a passage.
    fn commit_change(&mut self, passage: usize, field: Field, new: Option<FieldValue>) {
        let p = self.corpus.passage(passage).clone();
        let Some(a) = self.authoring.as_mut() else {
            return;
        };
        let Some((file, entry)) = a.entry_of(&p.defined_at) else {
            self.message = Some("this passage's map entry was not found; reload".into());
            return;
        };
        let Some(target) = entry.reference() else {
            return;
        };
        let edit = Edit::Update {
            target,
            changes: vec![Change::new(field, entry.get(field).cloned(), new)],
        };
        match a.apply_all(&[(file, edit)]) {
            Ok(undo) => {
                a.undo.push(undo);
                a.redo.clear();
                let essay = p.essay;
                let theme = self.reader.theme.map(|t| self.corpus.theme(t).id.clone());
                self.reload_after_edit(theme.map(|t| (essay, p.range.clone(), t)));
                self.message = Some(
                    Message::text(format!("{} written; ", field.key()))
                        .and_key(Command::Undo)
                        .then(" undoes"),
                );
            }
            Err(e) => self.message = Some(format!("not written: {e}").into()),
        }
    }

    fn commit_delete(&mut self, passage: usize) {
        let p = self.corpus.passage(passage).clone();
        let Some(a) = self.authoring.as_mut() else {
            return;
        };
        let Some((file, entry)) = a.entry_of(&p.defined_at) else {
            self.message = Some("this passage's map entry was not found".into());
            return;
        };
        let Some(target) = entry.reference() else {
            return;
        };
        let expect = a.workspace.maps[file].text()[entry.range.clone()]
            .trim_end_matches(['\n', '\r'])
            .to_string();
        let edit = Edit::Delete {
            target: Entry::Passage(target),
            expect: Some(expect),
            inserted: None,
        };
        match a.apply_all(&[(file, edit)]) {
            Ok(undo) => {
                a.undo.push(undo);
                a.redo.clear();
                self.reload_after_edit(None);
                self.message = Some(
                    Message::text("passage deleted; ")
                        .and_key(Command::Undo)
                        .then(" undoes"),
                );
            }
            Err(e) => self.message = Some(format!("not deleted: {e}").into()),
        }
    }

    fn undo_redo(&mut self, undo: bool) {
        if !self.writable() {
            return;
        }
        let Some(a) = self.authoring.as_mut() else {
            return;
        };
        let group = if undo { a.undo.pop() } else { a.redo.pop() };
        let Some(group) = group else {
            self.message = Some(
                if undo {
                    "nothing to undo"
                } else {
                    "nothing to redo"
                }
                .into(),
            );
            return;
        };
        match a.apply_all(&group) {
            Ok(inverse) => {
                if undo {
                    a.redo.push(inverse);
                } else {
                    a.undo.push(inverse);
                }
                self.reload_after_edit(None);
                self.message = Some(if undo { "undone" } else { "redone" }.into());
            }
            Err(e) => {
                // Keep it, so a later try (after the file is fixed) works.
                if undo {
                    a.undo.push(group);
                } else {
                    a.redo.push(group);
                }
                self.message =
                    Some(format!("cannot {}: {e}", if undo { "undo" } else { "redo" }).into());
            }
        }
    }

    /// Re-resolve the map from disk against the essays in memory and show
    /// the result in every view; then, if given, align on the passage of
    /// that essay and range on that theme.
    fn reload_after_edit(&mut self, focus: Option<(usize, Range<usize>, String)>) {
        let Some(a) = self.authoring.as_mut() else {
            return;
        };
        let mut diags = Vec::new();
        // One file edited, passages only: re-anchor just what changed.
        let before = std::mem::take(&mut a.before);
        let patched = match before.as_slice() {
            [(f, old)] => {
                let m = &a.workspace.maps[*f];
                crate::authoring::refresh::patch_map(
                    &self.corpus,
                    &m.path().display().to_string(),
                    old,
                    m.text(),
                )
            }
            _ => None,
        };
        let map = match patched {
            Some(map) => map,
            None => {
                let listed = files::from_dir(&a.dir);
                let mut sources = Vec::new();
                for f in &listed.themes {
                    match f.read() {
                        Ok(s) => sources.push(s),
                        Err(d) => diags.push(*d),
                    }
                }
                if let Ok(ws) = Workspace::open(&a.dir) {
                    a.workspace = ws;
                }
                mapping::resolve(&sources, &self.corpus.essays, &mut diags)
            }
        };
        let errors = diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        if errors > 0 {
            self.message = Some(
                format!("the map has {errors} problems after this edit; run `parallax check`")
                    .into(),
            );
        }
        let theme = self.reader.theme.map(|t| self.corpus.theme(t).id.clone());
        // The essays are the same: move them into the new corpus when this
        // is the only reference to the old one, rather than copy them.
        self.reader.corpus = Arc::new(Corpus::default());
        let old = std::mem::replace(&mut self.corpus, self.reader.corpus.clone());
        let (name, essays) = match Arc::try_unwrap(old) {
            Ok(c) => (c.name, c.essays),
            Err(shared) => (shared.name.clone(), shared.essays.clone()),
        };
        let corpus = Arc::new(Corpus::new(name, essays, map));
        self.replace_corpus(corpus, theme);
        if let Some((essay, range, theme)) = focus {
            let Some(t) = self.corpus.theme_index(&theme) else {
                return;
            };
            let on = self.corpus.passages_on(t, essay);
            if let Some(k) = on
                .iter()
                .position(|&p| self.corpus.passage(p).range == range)
            {
                self.reader.theme = Some(t);
                self.reader.step = k;
                // The pane keeps its place; the others align to it.
                self.reader.align_all();
            }
        }
    }

    /// Show a new corpus (same essays) everywhere, keeping each pane's
    /// place.
    /// `theme` is the id of the theme shown before, kept if it still exists.
    pub fn replace_corpus(&mut self, corpus: Arc<Corpus>, theme: Option<String>) {
        let keep = self.reader.positions();
        self.corpus = corpus.clone();
        self.reader.corpus = corpus;
        self.reader.theme = theme.and_then(|id| self.corpus.theme_index(&id));
        let steps = self.reader.steps();
        self.reader.step = self.reader.step.min(steps.saturating_sub(1));
        self.compare.layout = None;
        self.matrix.coverage = None;
        self.synoptic.synopsis = None;
        let aligned = self.reader.aligned;
        self.reader.aligned = false;
        self.reader.restore(keep);
        self.reader.aligned = aligned;
    }
}

/// Edit a prompt with a key (typing, Backspace, Ctrl-U).
fn edit_prompt(p: &mut TextPrompt, key: Key) {
    if let Some(e) = TextPrompt::edit_for_key(key) {
        p.edit(e);
    }
}

/// The role a key names: its letter ([`Role::letter`]) in lower case —
/// c(laim), e(vidence), r(ecommendation), k (concession), x (context).
pub fn role_for_key(key: Key) -> Option<Role> {
    Role::ALL
        .into_iter()
        .find(|r| key.code == KeyCode::Char(r.letter().to_ascii_lowercase()))
}

/// A theme id for a title: its slug, made unique.
fn unique_theme_id(corpus: &Corpus, title: &str) -> String {
    let base = {
        let s = slug(title, 32);
        if s.is_empty() {
            "theme".to_string()
        } else {
            s
        }
    };
    let taken = |id: &str| corpus.theme_index(id).is_some();
    if !taken(&base) {
        return base;
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !taken(id))
        .expect("a free id")
}

/// The selector as one line, for the flow's header.
pub fn describe_selector(s: &Selector) -> String {
    match s {
        Selector::Quote(q) => format!("«{q}»"),
        Selector::Range { start, end } => format!("«{start} … {end}»"),
    }
}

/// Watching a corpus directory's essays/ and themes/ for changes made
/// elsewhere (an editor, another parallax), debounced: changes are handed
/// over once none has come for a moment, so a save that writes in pieces
/// reloads once.
pub struct Watch {
    _watcher: notify::RecommendedWatcher,
    rx: std::sync::mpsc::Receiver<PathBuf>,
    pending: Vec<PathBuf>,
    last: Option<std::time::Instant>,
}

/// Quiet time before changes are reloaded.
const SETTLE: std::time::Duration = std::time::Duration::from_millis(150);

impl Watch {
    /// Watch `dir`'s essays/ and themes/; `None` if the platform cannot.
    pub fn start(dir: &Path) -> Option<Watch> {
        use notify::Watcher;
        let (tx, rx) = std::sync::mpsc::channel();
        let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
            if let Ok(ev) = res {
                if matches!(
                    ev.kind,
                    notify::EventKind::Create(_)
                        | notify::EventKind::Modify(_)
                        | notify::EventKind::Remove(_)
                ) {
                    for p in ev.paths {
                        let _ = tx.send(p);
                    }
                }
            }
        })
        .ok()?;
        for sub in ["essays", "themes"] {
            watcher
                .watch(&dir.join(sub), notify::RecursiveMode::NonRecursive)
                .ok()?;
        }
        Some(Watch {
            _watcher: watcher,
            rx,
            pending: Vec::new(),
            last: None,
        })
    }

    /// Whether changes are waiting to settle.
    pub fn busy(&self) -> bool {
        !self.pending.is_empty()
    }

    /// The changed files, once they have settled. Hidden files (lock and
    /// temporary files) and files other than essays and maps are ignored.
    pub fn ready(&mut self) -> Option<Vec<PathBuf>> {
        while let Ok(p) = self.rx.try_recv() {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned());
            let relevant = name.is_some_and(|n| {
                !n.starts_with('.') && (n.ends_with(".md") || n.ends_with(".toml"))
            });
            if relevant && !self.pending.contains(&p) {
                self.pending.push(p);
            }
            self.last = Some(std::time::Instant::now());
        }
        if self.pending.is_empty() || self.last.is_some_and(|t| t.elapsed() < SETTLE) {
            return None;
        }
        Some(std::mem::take(&mut self.pending))
    }
}

impl App {
    /// Files of the corpus changed on disk: reload, keeping each pane's
    /// essay, place and theme. A change that makes the corpus invalid keeps
    /// the last good corpus on screen and counts the problems.
    pub fn files_changed(&mut self, paths: Vec<PathBuf>) {
        let Some(a) = self.authoring.as_mut() else {
            return;
        };
        // Our own writes come back as events: a map whose contents are what
        // this session last wrote needs no reload.
        let canon = |p: &Path| std::fs::canonicalize(p).ok();
        let own = paths.iter().all(|p| {
            a.workspace.maps.iter().any(|m| {
                canon(m.path()).is_some()
                    && canon(m.path()) == canon(p)
                    && std::fs::read_to_string(p).ok().as_deref() == Some(m.text())
            })
        });
        if own {
            return;
        }
        let loaded = crate::corpus::load(files::from_dir(&a.dir));
        let errors = loaded
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        if errors > 0 {
            a.problems = loaded.diagnostics;
            self.message = Some(
                Message::text(format!(
                    "{} in the changed files; the last good corpus stays on screen; ",
                    super::message::count(errors, "problem", "problems")
                ))
                .and_key(super::keymap::Command::Problems)
                .then(" shows them"),
            );
            return;
        }
        a.problems.clear();
        if let Ok(ws) = Workspace::open(&a.dir) {
            a.workspace = ws;
        }
        let names: Vec<String> = paths
            .iter()
            .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .collect();
        let theme = self.reader.theme.map(|t| self.corpus.theme(t).id.clone());
        // Panes follow their essays by id (the list may have changed).
        let ids: Vec<String> = self
            .reader
            .panes
            .iter()
            .map(|p| self.corpus.essays[p.essay].id.clone())
            .collect();
        let keep = self.reader.positions();
        let new = Arc::new(loaded.corpus);
        let mut panes = Vec::new();
        let mut kept = Vec::new();
        for (k, id) in ids.iter().enumerate() {
            if let Some(e) = new.essay_index(id) {
                let mut p = self.reader.panes[k].clone();
                p.essay = e;
                p.hits.clear();
                p.hit = None;
                panes.push(p);
                kept.push(keep[k]);
            }
        }
        if panes.is_empty() && !new.essays.is_empty() {
            panes.push(super::reader::Pane::new(0));
            kept.push(super::reader::Position::Offset(0));
        }
        self.reader.panes = panes;
        // The essays' text may have changed: wrap them again.
        self.reader.layouts = crate::layout::LayoutCache::default();
        if let ReaderMode::Select(_) = self.reader.mode {
            self.reader.mode = ReaderMode::Normal;
        }
        self.corpus = new.clone();
        self.reader.corpus = new;
        self.reader.theme = theme.and_then(|id| self.corpus.theme_index(&id));
        let steps = self.reader.steps();
        self.reader.step = self.reader.step.min(steps.saturating_sub(1));
        self.compare.layout = None;
        self.matrix.coverage = None;
        self.synoptic.synopsis = None;
        self.reader.relayout();
        let aligned = self.reader.aligned;
        self.reader.aligned = false;
        self.reader.restore(kept);
        self.reader.aligned = aligned;
        // A flow open on the old corpus points at passages and offsets that
        // may have moved: it is closed, with nothing written.
        let closed = matches!(self.overlay, Some(Overlay::Author(_)));
        if closed {
            self.overlay = None;
        }
        self.message = Some(
            format!(
                "reloaded: {}{}",
                names.join(", "),
                if closed {
                    " (the open edit was cancelled; nothing was written)"
                } else {
                    ""
                }
            )
            .into(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sel(range: Range<usize>) -> Selection {
        Selection {
            pane: 0,
            range,
            moving_start: false,
        }
    }

    const T: &str = "One two three. Four five six? Seven eight.\n\nNine ten.";

    #[test]
    fn words_extend_and_shrink_at_either_end() {
        let mut s = sel(4..7); // "two"
        s.by_words(T, 2);
        assert_eq!(&T[s.range.clone()], "two three. Four");
        s.by_words(T, -1);
        assert_eq!(&T[s.range.clone()], "two three.");
        s.by_words(T, -5);
        assert_eq!(&T[s.range.clone()], "two", "never shrinks past one word");
        s.moving_start = true;
        s.by_words(T, 1);
        assert_eq!(&T[s.range.clone()], "One two");
    }

    #[test]
    fn sentences_extend_to_the_next_end_and_shrink_back() {
        let mut s = sel(4..7);
        s.by_sentences(T, 1);
        assert_eq!(&T[s.range.clone()], "two three.");
        s.by_sentences(T, 1);
        assert_eq!(&T[s.range.clone()], "two three. Four five six?");
        s.by_sentences(T, 2);
        assert_eq!(
            &T[s.range.clone()],
            "two three. Four five six? Seven eight.\n\nNine ten."
        );
        s.by_sentences(T, -1);
        assert_eq!(
            &T[s.range.clone()],
            "two three. Four five six? Seven eight."
        );
        s.moving_start = true;
        s.by_sentences(T, 1);
        assert_eq!(
            &T[s.range.clone()],
            "One two three. Four five six? Seven eight."
        );
        s.by_sentences(T, -1);
        assert_eq!(&T[s.range.clone()], "Four five six? Seven eight.");
    }
}
