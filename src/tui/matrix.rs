//! The coverage matrix's state: the cursor, the row order and the coverage
//! (computed the first time the matrix is shown; the corpus does not
//! change, so it is kept).

use std::sync::Arc;

use crate::align::coverage::{Coverage, Sort};
use crate::corpus::Corpus;

use super::message::Message;
use super::reader::Reader;

/// Narrowest cell: "12 ▇▇ C".
pub const MIN_CELL: u16 = 7;

/// The size the matrix needs for a corpus of `essays` essays.
pub fn needed(essays: usize) -> (u16, u16) {
    let n = essays.max(1) as u16;
    (12 + n * (MIN_CELL + 1), 8)
}

/// The coverage matrix's state.
#[derive(Debug, Clone, Default)]
pub struct MatrixState {
    /// Selected row (position in the sorted order).
    pub row: usize,
    /// Selected column (essay index).
    pub col: usize,
    /// Row order.
    pub sort: Sort,
    /// Coverage of every theme by every essay.
    pub coverage: Option<Arc<Coverage>>,
}

impl MatrixState {
    /// Compute the coverage if it is not yet known.
    pub fn ensure_coverage(&mut self, corpus: &Corpus) {
        if self.coverage.is_none() {
            self.coverage = Some(Arc::new(Coverage::of(corpus)));
        }
    }

    /// Put the cursor on the reader's theme and focused essay.
    pub fn follow(&mut self, reader: &Reader) {
        self.ensure_coverage(&reader.corpus);
        let Some(cov) = &self.coverage else { return };
        let order = self.sort.order(cov);
        if let Some(t) = reader.theme {
            self.row = order.iter().position(|&x| x == t).unwrap_or(0);
        }
        if let Some(p) = reader.panes.get(reader.focus) {
            self.col = p.essay;
        }
    }

    /// Move the cursor, staying inside the matrix.
    pub fn move_by(&mut self, corpus: &Corpus, rows: isize, cols: isize) {
        let nr = corpus.map.themes.len() as isize;
        let nc = corpus.essays.len() as isize;
        self.row = (self.row as isize + rows).clamp(0, (nr - 1).max(0)) as usize;
        self.col = (self.col as isize + cols).clamp(0, (nc - 1).max(0)) as usize;
    }

    /// Next order: map, most passages, by the selected essay.
    pub fn cycle_sort(&mut self) -> Message {
        self.sort = match self.sort {
            Sort::Map => Sort::Size,
            Sort::Size => Sort::Essay(self.col),
            Sort::Essay(_) => Sort::Map,
        };
        self.row = 0;
        format!("matrix order: {}", self.sort.label()).into()
    }

    /// The theme under the cursor.
    pub fn theme(&self) -> Option<usize> {
        self.sort
            .order(self.coverage.as_ref()?)
            .get(self.row)
            .copied()
    }
}
