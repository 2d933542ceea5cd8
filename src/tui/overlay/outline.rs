//! The outline overlay's state (an essay's headings and passages, as a
//! filterable list) and the prompt for a new bookmark's label.

use super::list::ListPicker;
use super::prompt::TextPrompt;
use crate::corpus::Corpus;
use crate::outline::{self, Item};

/// The outline of one essay, filtered as you type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutlineState {
    /// The essay outlined.
    pub essay: usize,
    /// Its headings and passages, in text order.
    pub items: Vec<Item>,
    /// The list over the items (labels: what the filter matches).
    pub list: ListPicker,
}

impl OutlineState {
    /// The outline of essay `e`, the selection on the last item starting
    /// at or before `offset` (where the reader is).
    pub fn new(corpus: &Corpus, e: usize, offset: usize) -> Self {
        let items = outline::outline(corpus, e);
        let labels = items
            .iter()
            .map(|i| outline::search_text(corpus, i))
            .collect();
        let start = items.iter().rposition(|i| i.offset <= offset).unwrap_or(0);
        OutlineState {
            essay: e,
            items,
            list: ListPicker::new(labels, start, true),
        }
    }

    /// The selected item.
    pub fn selected(&self) -> Option<&Item> {
        self.items.get(self.list.selected()?)
    }
}

/// The label typed for a bookmark about to be made at a place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelPrompt {
    /// What has been typed.
    pub text: TextPrompt,
    /// The essay.
    pub essay: usize,
    /// The byte offset marked.
    pub offset: usize,
}
