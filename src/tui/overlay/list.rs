//! A reusable list picker: items by label, a selection, and optionally a
//! filter typed into a one-line prompt (type-to-filter). The theme, essay
//! and tour pickers use it; a new list overlay (an outline, bookmarks,
//! diagnostics) builds its labels, holds a `ListPicker` and decides what
//! Enter does with [`ListPicker::selected`].

use super::prompt::{TextEdit, TextPrompt};

/// The most bytes of a label the filter matches against (a label is a
/// title, a heading or a passage's words; this is far more than any list
/// row shows).
pub const MAX_LABEL: usize = 4096;

/// A list with a selection and an optional filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListPicker {
    /// Each item's label (what the filter matches).
    labels: Vec<String>,
    /// The filter, for lists that filter as you type.
    pub filter: Option<TextPrompt>,
    /// Items shown, as indices into the labels, in order.
    pub shown: Vec<usize>,
    /// Position of the selection in `shown`.
    pub sel: usize,
}

impl ListPicker {
    /// A list over `labels`, the selection on item `start`. With `filter`,
    /// typing filters the list.
    pub fn new(mut labels: Vec<String>, start: usize, filter: bool) -> Self {
        for l in &mut labels {
            if l.len() > MAX_LABEL {
                // A hostile megabyte of title need not be kept, nor
                // lowercased at every key typed, to be found by its start.
                let end = Self::label_part(l).len();
                l.truncate(end);
                l.shrink_to_fit();
            }
        }
        let shown: Vec<usize> = (0..labels.len()).collect();
        let sel = start.min(labels.len().saturating_sub(1));
        ListPicker {
            labels,
            filter: filter.then(TextPrompt::new),
            shown,
            sel,
        }
    }

    /// The start of `s` that a label keeps (see [`MAX_LABEL`]), for
    /// building labels without copying a hostile megabyte first.
    pub fn label_part(s: &str) -> &str {
        let mut end = s.len().min(MAX_LABEL);
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        &s[..end]
    }

    /// How many items in all (before filtering).
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// True for a list with no items.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// The selected item (index into the labels), if any is shown.
    pub fn selected(&self) -> Option<usize> {
        self.shown.get(self.sel).copied()
    }

    /// Move the selection, staying in the list.
    pub fn move_by(&mut self, d: isize) {
        let last = self.shown.len().saturating_sub(1) as isize;
        self.sel = (self.sel as isize + d).clamp(0, last.max(0)) as usize;
    }

    /// Edit the filter (no-op for lists without one) and filter again:
    /// items whose label contains every word typed, case-insensitively.
    /// The selection stays on its item if still shown.
    pub fn edit_filter(&mut self, e: TextEdit) {
        let before = self.selected();
        let Some(f) = &mut self.filter else { return };
        f.edit(e);
        let words: Vec<String> = f.input.split_whitespace().map(str::to_lowercase).collect();
        self.shown = (0..self.labels.len())
            .filter(|&i| {
                let l = self.labels[i].to_lowercase();
                words.iter().all(|w| l.contains(w.as_str()))
            })
            .collect();
        self.sel = before
            .and_then(|b| self.shown.iter().position(|&i| i == b))
            .unwrap_or(0);
    }

    /// The first row to show so the selection is visible in `rows` rows.
    pub fn first_visible(&self, rows: usize) -> usize {
        self.sel.saturating_sub(rows.saturating_sub(1))
    }
}
