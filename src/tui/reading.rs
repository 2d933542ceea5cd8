//! Reading aids, on `App`: the outline, bookmarks, paragraph numbers,
//! copying a passage with its citation, releasing the mouse, and the saved
//! session (restored at start, captured at quit). Terminal effects (the
//! clipboard sequence, mouse capture) are queued as [`Effect`]s for the
//! event loop, so `update` stays pure.

use crate::cite;
use crate::outline::Kind;
use crate::paragraph;
use crate::session::{Bookmark, PanePlace, Session, MAX_BOOKMARKS};

use super::action::PromptEdit;
use super::app::{App, Overlay, View};
use super::geometry;
use super::keymap::Command;
use super::message::Message;
use super::overlay::list::ListPicker;
use super::overlay::outline::{LabelPrompt, OutlineState};
use super::overlay::prompt::{TextEdit, TextPrompt};
use super::reader::Reader;
use super::tour::TourState;

/// Something for the event loop to do to the terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Put this text on the clipboard (OSC 52); `what` names it in the
    /// status line.
    Copy {
        /// The text.
        text: String,
        /// What it is ("Aum ¶ 5 + citation").
        what: String,
    },
    /// Capture (true) or release (false) the mouse.
    Mouse(bool),
    /// Save the session now (bookmarks changed: keep them even if the
    /// reader is killed before it quits).
    Save,
}

/// The places before a paragraph-number toggle, and each pane's (essay,
/// top) after it.
pub type Toggled = (Vec<PanePlace>, Vec<(usize, isize)>);

/// Keep the saved panes that fit `width` columns (the focused one among
/// them), so a session from a wider terminal does not open "too small".
/// Returns a note when panes were left out.
pub fn fit_panes(s: &mut Session, width: u16) -> Option<String> {
    let gutter = geometry::GUTTER + if s.numbers { geometry::NUMBERS } else { 0 };
    let per = gutter + geometry::MIN_TEXT_WIDTH + geometry::MARGIN + 1;
    let fit = ((usize::from(width) + 1) / usize::from(per)).max(1);
    let n = s.panes.len();
    if n <= fit {
        return None;
    }
    // A window of `fit` panes around the focused one.
    let start = s.focus.saturating_sub(fit - 1).min(n - fit);
    s.panes = s.panes[start..start + fit].to_vec();
    s.focus -= start;
    Some(format!(
        "resumed with {fit} of {n} panes: the others do not fit in {width} columns"
    ))
}

/// The session's name of a view.
pub fn view_name(v: View) -> &'static str {
    match v {
        View::Reader => "reader",
        View::Compare => "compare",
        View::Matrix => "matrix",
        View::Synoptic => "synoptic",
        View::Present => "present",
    }
}

impl App {
    /// The byte offset of the text at a pane's marker row (the row where
    /// aligned passages start): 0 above the essay, its length below.
    pub fn marker_offset(&self, pane: usize) -> Option<usize> {
        let r = &self.reader;
        let p = r.panes.get(pane)?;
        let w = r.wrapped(pane)?;
        let v = p.top + r.anchor() as isize;
        let len = self.corpus.essays[p.essay].text.len();
        Some(match usize::try_from(v) {
            Err(_) => 0,
            Ok(v) if v >= w.len() => len,
            Ok(v) => w.rows[v].range().start,
        })
    }

    /// A themed passage at a pane's marker row, if one is there.
    fn passage_at_marker(&self, pane: usize) -> Option<usize> {
        let at = self.marker_offset(pane)?;
        let essay = self.reader.panes[pane].essay;
        self.corpus
            .passages_in(essay)
            .iter()
            .copied()
            .find(|&p| self.corpus.passage(p).range.contains(&at))
    }

    /// "Aum ¶ 5", "Aum" where the place has no paragraph number.
    fn place_label(&self, essay: usize, offset: usize) -> String {
        let who = self.corpus.essay_label(essay);
        match paragraph::at(&self.corpus.essays[essay], offset) {
            Some(n) => format!("{who} ¶ {n}"),
            None => who,
        }
    }

    /// Leave any other view for the reader (a jump lands there).
    pub(super) fn go_to_reader(&mut self) {
        if self.view != View::Reader {
            self.switch_view(View::Reader);
        }
    }

    /// Scroll the focused pane so `offset` is on the marker row.
    pub(super) fn show_offset(&mut self, offset: usize) {
        let f = self.reader.focus;
        if let Some(row) = self.reader.wrapped(f).map(|w| w.row_of(offset)) {
            self.reader.show_row(f, row);
        }
    }

    /// Align every pane on a passage's theme, at the passage: the current
    /// theme when the passage is on it, else its first.
    pub(super) fn align_on_passage(&mut self, p: usize) {
        let pass = self.corpus.passage(p);
        let essay = pass.essay;
        let t = self
            .reader
            .theme
            .filter(|t| pass.themes.contains(t))
            .unwrap_or(pass.themes[0]);
        let on = self.corpus.passages_on(t, essay);
        let k = on.iter().position(|&q| q == p).unwrap_or(0);
        self.reader.theme = Some(t);
        self.reader.step = k;
        self.reader.align_all();
        self.message = Some(
            format!(
                "“{}” · passage {} of {} in {}",
                self.corpus.theme(t).title,
                k + 1,
                on.len(),
                self.corpus.essay_label(essay)
            )
            .into(),
        );
    }

    // --- outline ---------------------------------------------------------

    pub(super) fn open_outline(&mut self) {
        let f = self.reader.focus;
        let Some(e) = self.reader.panes.get(f).map(|p| p.essay) else {
            return;
        };
        let at = self.marker_offset(f).unwrap_or(0);
        let o = OutlineState::new(&self.corpus, e, at);
        if o.items.is_empty() {
            self.message = Some(
                format!(
                    "{} has no headings and no themed passages",
                    self.corpus.essay_label(e)
                )
                .into(),
            );
            return;
        }
        self.overlay = Some(Overlay::Outline(o));
    }

    pub(super) fn jump_outline(&mut self, o: OutlineState) {
        let Some(item) = o.selected().cloned() else {
            return;
        };
        self.go_to_reader();
        self.reader.show_essay(o.essay);
        match item.kind {
            Kind::Passage(first) => {
                // Of the passages on this line, the one on the current theme.
                let corpus = &self.corpus;
                let p = item
                    .passages
                    .iter()
                    .copied()
                    .find(|&p| {
                        self.reader
                            .theme
                            .is_some_and(|t| corpus.passage(p).themes.contains(&t))
                    })
                    .unwrap_or(first);
                self.align_on_passage(p)
            }
            Kind::Heading(_) => self.show_offset(item.offset),
        }
    }

    // --- bookmarks -------------------------------------------------------

    pub(super) fn start_bookmark(&mut self) {
        let f = self.reader.focus;
        let (Some(p), Some(mut offset)) = (self.reader.panes.get(f), self.marker_offset(f)) else {
            self.message = Some("nothing to bookmark while the terminal is too small".into());
            return;
        };
        // On the row where the current passage starts, mark the passage's
        // first word rather than the row's.
        if let (Some(t), Some(w)) = (self.reader.target(f), self.reader.wrapped(f)) {
            let start = self.corpus.passage(t.passage).range.start;
            if w.row_of(start) == w.row_of(offset) {
                offset = start;
            }
        }
        self.overlay = Some(Overlay::Label(LabelPrompt {
            text: TextPrompt::new(),
            essay: p.essay,
            offset,
        }));
    }

    pub(super) fn edit_label(&mut self, edit: PromptEdit) {
        let Some(Overlay::Label(p)) = &mut self.overlay else {
            return;
        };
        match edit {
            PromptEdit::Insert(c) => p.text.edit(TextEdit::Insert(c)),
            PromptEdit::Backspace => p.text.edit(TextEdit::Backspace),
            PromptEdit::Clear => p.text.edit(TextEdit::Clear),
            PromptEdit::ToggleScope => {}
            PromptEdit::Cancel => {
                self.overlay = None;
                self.message = Some("no bookmark made".into());
            }
            PromptEdit::Submit => {
                let LabelPrompt {
                    text,
                    essay,
                    offset,
                } = p.clone();
                self.overlay = None;
                let label = crate::session::clean_label(&text.input);
                self.add_bookmark(essay, offset, (!label.is_empty()).then_some(label));
            }
        }
    }

    fn add_bookmark(&mut self, essay: usize, offset: usize, label: Option<String>) {
        let place = self.place_label(essay, offset);
        let list = |m: Message| {
            m.then(" · ")
                .and_key(Command::Bookmarks)
                .then(" lists them")
        };
        if let Some(b) = self
            .bookmarks
            .iter_mut()
            .find(|b| b.essay == essay && b.offset == offset)
        {
            b.label = label;
            self.message = Some(list(Message::text(format!("bookmark at {place} updated"))));
            self.effects.push(Effect::Save);
            return;
        }
        if self.bookmarks.len() >= MAX_BOOKMARKS {
            self.message = Some(
                Message::text(format!(
                    "at most {MAX_BOOKMARKS} bookmarks; delete some in "
                ))
                .and_key(Command::Bookmarks),
            );
            return;
        }
        self.bookmarks.push(Bookmark {
            essay,
            offset,
            label,
        });
        // Reading order across the corpus: by essay, then place.
        self.bookmarks.sort_by_key(|b| (b.essay, b.offset));
        self.message = Some(list(Message::text(format!("bookmarked {place}"))));
        self.effects.push(Effect::Save);
    }

    /// The bookmark list's searchable labels.
    fn bookmark_labels(&self) -> Vec<String> {
        self.bookmarks
            .iter()
            .map(|b| {
                format!(
                    "{} {}",
                    b.label.as_deref().unwrap_or(""),
                    self.place_label(b.essay, b.offset)
                )
            })
            .collect()
    }

    pub(super) fn open_bookmarks(&mut self) {
        if self.bookmarks.is_empty() {
            self.message = Some(
                Message::text("no bookmarks yet; ")
                    .and_key(Command::Bookmark)
                    .then(" marks the place at the ▶ row"),
            );
            return;
        }
        // Start on the first bookmark in the focused essay, if any.
        let focused = self.reader.panes.get(self.reader.focus).map(|p| p.essay);
        let start = self
            .bookmarks
            .iter()
            .position(|b| Some(b.essay) == focused)
            .unwrap_or(0);
        self.overlay = Some(Overlay::Bookmarks(ListPicker::new(
            self.bookmark_labels(),
            start,
            false,
        )));
    }

    pub(super) fn delete_bookmark(&mut self) {
        let Some(Overlay::Bookmarks(l)) = &self.overlay else {
            return;
        };
        let Some(i) = l.selected() else { return };
        let b = self.bookmarks.remove(i);
        self.effects.push(Effect::Save);
        self.message = Some(
            format!(
                "bookmark at {} deleted",
                self.place_label(b.essay, b.offset)
            )
            .into(),
        );
        self.overlay = if self.bookmarks.is_empty() {
            None
        } else {
            let start = i.min(self.bookmarks.len() - 1);
            Some(Overlay::Bookmarks(ListPicker::new(
                self.bookmark_labels(),
                start,
                false,
            )))
        };
    }

    pub(super) fn jump_bookmark(&mut self, i: usize) {
        let Some(b) = self.bookmarks.get(i).cloned() else {
            return;
        };
        self.go_to_reader();
        self.reader.show_essay(b.essay);
        self.show_offset(b.offset);
        let place = self.place_label(b.essay, b.offset);
        self.message = Some(match b.label {
            Some(l) => format!("{l} · {place}").into(),
            None => place.into(),
        });
    }

    // --- paragraph numbers, copy, mouse -----------------------------------

    pub(super) fn toggle_paragraphs(&mut self) {
        // The gutter widens: keep each pane's place across the re-wrap.
        let tops = |r: &Reader| -> Vec<(usize, isize)> {
            r.panes.iter().map(|p| (p.essay, p.top)).collect()
        };
        let keep = match self.toggled.take() {
            Some((keep, after)) if after == tops(&self.reader) => keep,
            _ => places(&self.reader),
        };
        self.reader.numbers = !self.reader.numbers;
        self.reader.relayout();
        self.put_back(&keep, self.reader.aligned && self.reader.theme.is_some());
        self.toggled = Some((keep, tops(&self.reader)));
        self.message = Some(if self.reader.numbers {
            "paragraph numbers on: ¶ N counts every paragraph and list item, not headings".into()
        } else {
            "paragraph numbers off".into()
        });
    }

    pub(super) fn copy_citation(&mut self) {
        let f = self.reader.focus;
        let passage = self
            .reader
            .target(f)
            .map(|t| t.passage)
            .or_else(|| self.passage_at_marker(f));
        let Some(p) = passage else {
            self.message = Some(
                Message::text("no passage to copy here: ")
                    .and_key(Command::ThemePicker)
                    .then(" picks a theme, or scroll a themed passage to the ▶ row"),
            );
            return;
        };
        let pass = self.corpus.passage(p);
        let para = paragraph::span(&self.corpus.essays[pass.essay], pass.range.clone())
            .map(|s| format!(" {}", paragraph::label(s)))
            .unwrap_or_default();
        self.effects.push(Effect::Copy {
            text: cite::passage_quotation(&self.corpus, p),
            what: format!("{}{para} + citation", self.corpus.essay_label(pass.essay)),
        });
    }

    pub(super) fn toggle_mouse(&mut self) {
        self.mouse = !self.mouse;
        self.effects.push(Effect::Mouse(self.mouse));
        self.message = Some(if self.mouse {
            "mouse captured: the wheel scrolls, a click aligns".into()
        } else {
            Message::text("mouse released: select and copy with the terminal; ")
                .and_key(Command::Mouse)
                .then(" captures it again")
        });
    }

    // --- the saved session ------------------------------------------------

    /// The session to save: panes as text places, not rows.
    pub fn session(&self) -> Session {
        let mut reader = self.reader.clone();
        if self.view == View::Synoptic {
            // The panes' own places are only brought up to date on leaving.
            self.synoptic.clone().leave(&mut reader);
        }
        let panes = places(&reader);
        Session {
            panes,
            focus: reader.focus,
            theme: reader.theme,
            step: reader.step,
            aligned: reader.aligned,
            sync: reader.sync,
            view: view_name(self.view).to_string(),
            numbers: reader.numbers,
            tour: self.tour.map(|t| (t.tour, t.step)),
            bookmarks: self.bookmarks.clone(),
        }
    }

    /// Put panes back at their places after a re-wrap. Aligned panes are
    /// aligned again, then scrolled together as far as the focused pane
    /// was from its aligned place; others go back to their own places.
    fn put_back(&mut self, places: &[PanePlace], aligned: bool) {
        self.reader.relayout();
        if aligned {
            self.reader.align_all();
            // Scrolled together as far from the aligned place as the focused
            // pane was (or the first pane with a passage, if it has none).
            let anchor = self.reader.anchor();
            let n = self.reader.panes.len();
            let has = |r: &Reader, i: usize| r.target(i).is_some();
            let lead = std::iter::once(self.reader.focus)
                .chain(0..n)
                .find(|&i| i < n && has(&self.reader, i));
            let d = lead
                .and_then(|i| {
                    let w = self.reader.wrapped(i)?;
                    Some(top_for(w, places.get(i)?, anchor) - self.reader.panes[i].top)
                })
                .unwrap_or(0);
            for i in 0..n {
                if has(&self.reader, i) {
                    self.reader.panes[i].top += d;
                } else if let (Some(p), Some(w)) = (places.get(i), self.reader.wrapped(i)) {
                    // A pane with nothing on the theme keeps its own place.
                    self.reader.panes[i].top = top_for(w, p, anchor);
                }
            }
            return;
        }
        for (i, p) in places.iter().enumerate().take(self.reader.panes.len()) {
            let anchor = self.reader.anchor();
            if let Some(w) = self.reader.wrapped(i) {
                self.reader.panes[i].top = top_for(w, p, anchor);
            }
        }
        self.reader.aligned = false;
    }

    /// Put a saved session back (the panes already hold its essays).
    pub(super) fn restore_session(&mut self, s: &Session) {
        self.reader.focus = s.focus.min(self.reader.panes.len().saturating_sub(1));
        self.reader.sync = s.sync;
        self.reader.numbers = s.numbers;
        self.tour = s.tour.map(|(tour, step)| TourState { tour, step });
        self.reader.header_rows = self.header_rows();
        self.reader.theme = s.theme;
        self.reader.relayout();
        self.reader.step = s.step.min(self.reader.steps().saturating_sub(1));
        self.put_back(&s.panes, s.aligned && s.theme.is_some());
        let view = match s.view.as_str() {
            "compare" if s.theme.is_some() => View::Compare,
            "matrix" => View::Matrix,
            "synoptic" => View::Synoptic,
            "present" => View::Present,
            _ => View::Reader,
        };
        if view != View::Reader {
            self.switch_view(view);
        }
    }
}

/// Each pane's place as text, so another width finds it: the text at the
/// marker row (the line being read, where aligned passages start) and the
/// rows from that text's row to the marker row (-1 on a blank row); for a
/// pane at or above its essay's start, offset 0 and its top (0, or the
/// padding rows above the essay).
fn places(reader: &Reader) -> Vec<PanePlace> {
    let anchor = reader.anchor() as isize;
    (0..reader.panes.len())
        .map(|i| {
            let p = &reader.panes[i];
            let (offset, shift) = match reader.wrapped(i) {
                Some(_) if p.top <= 0 => (0, p.top),
                Some(w) => {
                    let v = (p.top + anchor) as usize;
                    let offset = match w.rows.get(v) {
                        // A blank row's range sits at the next block's start.
                        Some(r) => r.range().start,
                        None => reader.corpus.essays[p.essay].text.len(),
                    };
                    (offset, v as isize - w.row_of(offset) as isize)
                }
                None => (0, 0),
            };
            PanePlace {
                essay: p.essay,
                offset,
                shift: shift.clamp(-500, 500) as i32,
            }
        })
        .collect()
}

/// The top row that puts a place back (see [`places`]).
fn top_for(w: &crate::layout::Wrapped, p: &PanePlace, anchor: u16) -> isize {
    if p.offset == 0 && p.shift <= 0 {
        p.shift as isize
    } else {
        w.row_of(p.offset) as isize + p.shift as isize - anchor as isize
    }
}
