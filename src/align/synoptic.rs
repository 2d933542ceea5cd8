//! Synoptic alignment: one shared scroll through all open panes, like a
//! synopsis of parallel texts.
//!
//! Each pane's themed passages are aligned with the other panes' (as a diff
//! aligns lines) and blank filler rows are inserted so that aligned
//! passages start on the same *shared* row, while every essay still reads
//! complete and in its own order. Passages whose counterparts come in a
//! different order elsewhere are not forced out of place; they are reported
//! as [`Moved`], with the counterpart to jump to.
//!
//! Everything here is pure and independent of widths: the input is, per
//! pane, its passages with their theme sets and the row each starts on in
//! that pane's wrapped layout ([`PaneInput::from_essay`] builds it from a
//! corpus and a [`Wrapped`]); the output ([`Synopsis`]) says where filler
//! goes and maps shared rows to each pane's own rows and back.
//!
//! # Design
//!
//! **Units.** Alignment works on rows, so a pane's passages are grouped by
//! start row: passages starting on the same row (the same text tagged twice
//! with different themes, or one passage ending and the next beginning on
//! that row) form one *unit*, whose themes are the union of theirs. Units
//! start on strictly increasing rows, which is what lets filler align
//! several of them. Overlapping passages that start on different rows (one
//! nested in another) are separate units and align on their own; filler
//! then lands inside the enclosing passage. Passages starting at or past
//! the pane's last row are ignored.
//!
//! **Matching.** Two units match when their theme sets intersect. Synoptic
//! mode follows no single theme, so any shared theme is a reason to put
//! passages side by side; a unit on several themes can meet a counterpart
//! on any of them.
//!
//! **Alignment (progressive, from the pivot).** The pivot (the focused
//! pane) comes first: its units form the initial *profile*, a sequence of
//! columns. Every other pane, in pane order, is then aligned against the
//! profile by an LCS-style dynamic programme, O(columns × units) time and
//! space: a unit may join a column when it shares a theme with *every*
//! unit already in the column (so each column keeps a common theme),
//! joining scores the number of units already there (aligned pairs
//! gained), and the pane's unaligned units are inserted into the
//! profile as new columns in text order. With two panes this is exactly an
//! LCS of the two unit sequences; with more, the pivot's order is fixed
//! first and each later pane fits the growing profile, so two non-pivot
//! essays can still align on a theme the pivot never mentions. Among
//! alignments with the best score, the one whose matched units sit at the
//! closest relative positions (row ÷ rows) is chosen, so a theme that
//! recurs is matched with its nearest occurrence; remaining ties take the
//! earliest match in the profile, so the focused essay's earlier passages
//! win (A B C against A C B aligns A and B with the first pane as pivot, A
//! and C with the second). Columns that end with a single unit constrain
//! nothing and are dropped.
//!
//! **Filler.** Columns are walked in profile order; each pane's units in
//! them come in strictly increasing rows. A column's shared row is the
//! largest of its members' current shifted rows (own row plus filler
//! inserted so far in that pane), and each other member gets the
//! difference as filler immediately before its unit's start row. So at
//! every column at least one member gets no filler, and each shared row is
//! the least any filler placement could give: there is never more filler
//! than the alignment needs. No filler goes after an essay's end; a shorter
//! pane simply ends ([`Line::End`]) before the shared scroll does. A
//! passage may start mid-paragraph, so filler can split a paragraph; it
//! is placed exactly before the aligned row, never moved to a nearby
//! paragraph break.
//!
//! **Moved.** A passage is *aligned with* another pane when that pane has a
//! passage sharing a theme with it starting on the same shared row. If the
//! other pane has theme-sharing passages but none there, the passage is
//! moved relative to that pane, and the counterpart reported is the nearest
//! (by shared row) of them. This is symmetric: the pivot's passages are
//! reported as well as the others'.
//!
//! **Cost.** Six panes of 300 passages take about 10 ms in a release build
//! (the profile grows to the sum of the panes' units), two panes about
//! 1 ms; the built-in corpus, well under 1 ms. A view should compute a
//! [`Synopsis`] when the essays, widths or pivot change and keep it, not
//! recompute it per key.

use crate::align::reader;
use crate::corpus::Corpus;
use crate::layout::Wrapped;

/// One passage of a pane, as input to [`align`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PassageInput {
    /// The passage (an index into the corpus's `map.passages`; only passed
    /// through to the output).
    pub passage: usize,
    /// Its themes (any ids; duplicates are harmless). A passage with no
    /// themes never aligns.
    pub themes: Vec<usize>,
    /// The row its text starts on in the pane's own wrapped layout.
    pub start_row: usize,
}

/// One pane's input to [`align`]: its passages and its length in rows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PaneInput {
    /// The pane's passages, normally in text order (they are ordered by
    /// start row, stably, either way).
    pub passages: Vec<PassageInput>,
    /// Number of rows of the pane's own layout.
    pub rows: usize,
}

impl PaneInput {
    /// The input for an essay wrapped to some width: all its passages, in
    /// text order, with their start rows.
    pub fn from_essay(corpus: &Corpus, essay: usize, wrapped: &Wrapped) -> Self {
        let passages = corpus
            .passages_in(essay)
            .iter()
            .map(|&p| PassageInput {
                passage: p,
                themes: corpus.passage(p).themes.clone(),
                start_row: reader::passage_row(corpus, wrapped, p),
            })
            .collect();
        PaneInput {
            passages,
            rows: wrapped.len(),
        }
    }
}

/// What a pane shows on a shared row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line {
    /// This row of the pane's own layout.
    Text(usize),
    /// A blank filler row inserted for the alignment.
    Filler,
    /// Past the end of the pane's text.
    End,
}

/// Filler rows inserted in a pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Filler {
    /// The pane's own row the filler is inserted before.
    pub before: usize,
    /// How many blank rows (at least 1).
    pub count: usize,
}

/// One pane's part in an aligned column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// The pane's own row where the passages start.
    pub row: usize,
    /// The passages starting there (in input order; usually one).
    pub passages: Vec<usize>,
}

/// Passages of several panes aligned to start on one shared row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// The shared row they start on.
    pub row: usize,
    /// Themes common to every pane's cell (at least one), sorted.
    pub themes: Vec<usize>,
    /// Per pane (in pane order), its passages in the column, if any. At
    /// least two panes take part.
    pub cells: Vec<Option<Cell>>,
}

/// Where to jump from a [`Moved`] passage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counterpart {
    /// The other pane.
    pub pane: usize,
    /// Its passage sharing a theme with the moved one.
    pub passage: usize,
    /// The shared row that passage starts on.
    pub row: usize,
}

/// A passage that another pane speaks to elsewhere: that pane has
/// passages sharing a theme with it, but none starting on its shared row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved {
    /// The pane holding the passage.
    pub pane: usize,
    /// The passage.
    pub passage: usize,
    /// The shared row it starts on.
    pub row: usize,
    /// The nearest theme-sharing passage in the other pane.
    pub to: Counterpart,
    /// The themes the two share, sorted.
    pub themes: Vec<usize>,
}

/// The result of [`align`]: filler per pane, the aligned columns and the
/// moved passages, with row mappings.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Synopsis {
    panes: Vec<PaneOut>,
    columns: Vec<Column>,
    moved: Vec<Moved>,
    total: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct PaneOut {
    rows: usize,
    fillers: Vec<Filler>,
    /// Shared row of the first blank row of each filler block.
    block_start: Vec<usize>,
    /// Filler rows up to and including each block.
    through: Vec<usize>,
}

impl PaneOut {
    fn filler_total(&self) -> usize {
        self.through.last().copied().unwrap_or(0)
    }
}

impl Synopsis {
    /// Number of panes.
    pub fn pane_count(&self) -> usize {
        self.panes.len()
    }

    /// Rows of the shared scroll: the longest pane with its filler.
    pub fn total_rows(&self) -> usize {
        self.total
    }

    /// A pane's own number of rows (as given).
    pub fn rows(&self, pane: usize) -> usize {
        self.panes[pane].rows
    }

    /// The filler inserted in a pane, by own row, ascending.
    ///
    /// Panics if `pane` is out of range (so do the other per-pane methods).
    pub fn fillers(&self, pane: usize) -> &[Filler] {
        &self.panes[pane].fillers
    }

    /// What a pane shows on a shared row.
    pub fn line(&self, pane: usize, shared: usize) -> Line {
        let p = &self.panes[pane];
        let k = p.block_start.partition_point(|&b| b <= shared);
        let own = match k.checked_sub(1) {
            None => shared,
            Some(e) => {
                if shared < p.block_start[e] + p.fillers[e].count {
                    return Line::Filler;
                }
                shared - p.through[e]
            }
        };
        if own < p.rows {
            Line::Text(own)
        } else {
            Line::End
        }
    }

    /// The shared row showing a pane's own row (rows past the end map past
    /// the pane's last row).
    pub fn shared_row(&self, pane: usize, own: usize) -> usize {
        let p = &self.panes[pane];
        let k = p.fillers.partition_point(|f| f.before <= own);
        own + k.checked_sub(1).map_or(0, |e| p.through[e])
    }

    /// The aligned columns, by shared row (ties in alignment order).
    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    /// The columns starting on a shared row (several, if they involve
    /// different panes).
    pub fn columns_at(&self, shared: usize) -> &[Column] {
        let lo = self.columns.partition_point(|c| c.row < shared);
        let hi = self.columns.partition_point(|c| c.row <= shared);
        &self.columns[lo..hi]
    }

    /// All moved passages, by pane, shared row, passage, then other pane.
    pub fn moved(&self) -> &[Moved] {
        &self.moved
    }

    /// The moved passages of one pane.
    pub fn moved_in(&self, pane: usize) -> &[Moved] {
        let lo = self.moved.partition_point(|m| m.pane < pane);
        let hi = self.moved.partition_point(|m| m.pane <= pane);
        &self.moved[lo..hi]
    }
}

/// A set of dense theme indices, sorted. Sparse: a passage is on a few
/// themes, and a dense bitset over a map of 10,000 themes cost 1.25 KiB per
/// passage and 157 words per comparison in the alignment's inner loop.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Bits(Vec<u32>);

impl Bits {
    fn insert(&mut self, i: usize) {
        let i = i as u32;
        if let Err(at) = self.0.binary_search(&i) {
            self.0.insert(at, i);
        }
    }

    fn intersects(&self, o: &Bits) -> bool {
        let (mut a, mut b) = (self.0.iter().peekable(), o.0.iter().peekable());
        while let (Some(x), Some(y)) = (a.peek(), b.peek()) {
            match x.cmp(y) {
                std::cmp::Ordering::Less => {
                    a.next();
                }
                std::cmp::Ordering::Greater => {
                    b.next();
                }
                std::cmp::Ordering::Equal => return true,
            }
        }
        false
    }

    fn and(&self, o: &Bits) -> Bits {
        Bits(
            self.0
                .iter()
                .copied()
                .filter(|x| o.0.binary_search(x).is_ok())
                .collect(),
        )
    }

    fn or_assign(&mut self, o: &Bits) {
        for &x in &o.0 {
            self.insert(x as usize);
        }
    }

    fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.0.iter().map(|&x| x as usize)
    }
}

/// Passages of one pane starting on one row.
#[derive(Debug)]
struct Unit {
    row: usize,
    /// Indices into the pane's `passages`.
    members: Vec<usize>,
    themes: Bits,
    /// Relative position, row / rows scaled to `0..=SCALE`.
    pos: u64,
}

const SCALE: u64 = 1 << 20;

/// A column of the profile being built: (pane, unit) members.
#[derive(Debug)]
struct Col {
    members: Vec<(usize, usize)>,
    common: Bits,
    pos_sum: u64,
}

impl Col {
    fn pos(&self) -> u64 {
        self.pos_sum / self.members.len() as u64
    }
}

/// DP score: aligned pairs gained (more is better), then the negated sum
/// of relative-position distances of the matches (closer is better).
type Score = (u32, i64);

fn add(a: Score, b: Score) -> Score {
    (a.0 + b.0, a.1 + b.1)
}

/// Align the panes' passages and place filler. `pivot` is the focused pane,
/// whose order is fixed first (clamped to the last pane if out of range).
///
/// ```
/// use parallax::align::synoptic::{align, Line, PaneInput, PassageInput};
///
/// let pane = |ps: &[(usize, usize, usize)], rows| PaneInput {
///     passages: ps
///         .iter()
///         .map(|&(passage, theme, start_row)| PassageInput {
///             passage,
///             themes: vec![theme],
///             start_row,
///         })
///         .collect(),
///     rows,
/// };
/// // Theme 7 starts on row 2 of the left essay and row 5 of the right one.
/// let s = align(&[pane(&[(0, 7, 2)], 10), pane(&[(1, 7, 5)], 10)], 0);
/// assert_eq!(s.columns()[0].row, 5);
/// assert_eq!(s.line(0, 2), Line::Filler);
/// assert_eq!(s.line(0, 5), Line::Text(2));
/// assert_eq!(s.shared_row(1, 5), 5);
/// assert_eq!(s.total_rows(), 13);
/// ```
pub fn align(panes: &[PaneInput], pivot: usize) -> Synopsis {
    align_within(panes, pivot, Budget::default())
}

/// How much DP each pane's alignment may use (see [`MAX_DP_CELLS`]).
#[derive(Debug, Clone, Copy)]
struct Budget {
    /// Up to this many cells, the full table.
    full: usize,
    /// Beyond, a band of about this many cells.
    band: usize,
}

impl Default for Budget {
    fn default() -> Self {
        Budget {
            full: MAX_DP_CELLS,
            band: MAX_DP_CELLS,
        }
    }
}

fn align_within(panes: &[PaneInput], pivot: usize, budget: Budget) -> Synopsis {
    if panes.is_empty() {
        return Synopsis::default();
    }
    let pivot = pivot.min(panes.len() - 1);

    // Dense theme indices.
    let mut ids: Vec<usize> = panes
        .iter()
        .flat_map(|p| p.passages.iter().flat_map(|q| q.themes.iter().copied()))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let bits_of = |themes: &[usize]| {
        let mut b = Bits::default();
        for t in themes {
            if let Ok(i) = ids.binary_search(t) {
                b.insert(i);
            }
        }
        b
    };
    let passage_bits: Vec<Vec<Bits>> = panes
        .iter()
        .map(|p| p.passages.iter().map(|q| bits_of(&q.themes)).collect())
        .collect();
    let units: Vec<Vec<Unit>> = panes
        .iter()
        .zip(&passage_bits)
        .map(|(p, bits)| units_of(p, bits))
        .collect();

    // Progressive alignment, pivot first.
    let mut profile: Vec<Col> = Vec::new();
    let order = std::iter::once(pivot).chain((0..panes.len()).filter(|&i| i != pivot));
    for pane in order {
        profile = align_pane(profile, pane, &units[pane], budget);
    }
    profile.retain(|c| c.members.len() >= 2);

    // Filler, column by column in profile order.
    let mut shift = vec![0usize; panes.len()];
    let mut fillers: Vec<Vec<Filler>> = vec![Vec::new(); panes.len()];
    let mut columns = Vec::with_capacity(profile.len());
    for col in &profile {
        let row = col
            .members
            .iter()
            .map(|&(p, u)| units[p][u].row + shift[p])
            .max()
            .unwrap_or(0);
        let mut cells = vec![None; panes.len()];
        for &(p, u) in &col.members {
            let unit = &units[p][u];
            let count = row - (unit.row + shift[p]);
            if count > 0 {
                fillers[p].push(Filler {
                    before: unit.row,
                    count,
                });
                shift[p] += count;
            }
            cells[p] = Some(Cell {
                row: unit.row,
                passages: unit
                    .members
                    .iter()
                    .map(|&k| panes[p].passages[k].passage)
                    .collect(),
            });
        }
        columns.push(Column {
            row,
            themes: col.common.iter().map(|i| ids[i]).collect(),
            cells,
        });
    }
    columns.sort_by_key(|c| c.row);

    let outs: Vec<PaneOut> = panes
        .iter()
        .zip(fillers)
        .map(|(p, fillers)| {
            let mut block_start = Vec::with_capacity(fillers.len());
            let mut through = Vec::with_capacity(fillers.len());
            let mut sum = 0;
            for f in &fillers {
                block_start.push(f.before + sum);
                sum += f.count;
                through.push(sum);
            }
            PaneOut {
                rows: p.rows,
                fillers,
                block_start,
                through,
            }
        })
        .collect();
    let total = outs
        .iter()
        .map(|o| o.rows + o.filler_total())
        .max()
        .unwrap_or(0);
    let mut synopsis = Synopsis {
        panes: outs,
        columns,
        moved: Vec::new(),
        total,
    };
    synopsis.moved = moved(&synopsis, panes, &units, &passage_bits, &ids);
    synopsis
}

/// Group a pane's passages by start row (ignoring any at or past the end).
fn units_of(pane: &PaneInput, bits: &[Bits]) -> Vec<Unit> {
    let mut order: Vec<usize> = (0..pane.passages.len())
        .filter(|&k| pane.passages[k].start_row < pane.rows)
        .collect();
    order.sort_by_key(|&k| pane.passages[k].start_row);
    let mut units: Vec<Unit> = Vec::new();
    for k in order {
        let row = pane.passages[k].start_row;
        match units.last_mut() {
            Some(u) if u.row == row => {
                u.members.push(k);
                u.themes.or_assign(&bits[k]);
            }
            _ => {
                let themes = bits[k].clone();
                units.push(Unit {
                    row,
                    members: vec![k],
                    themes,
                    pos: row as u64 * SCALE / pane.rows as u64,
                });
            }
        }
    }
    units
}

/// One step of a traceback through the DP.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    /// Keep a profile column as it is.
    Keep,
    /// Add the pane's next unit to the profile column.
    Join,
    /// Insert the pane's next unit as a new column.
    New,
}

/// Each DP cell's traceback choice, two bits a cell: a table of
/// [`MAX_DP_CELLS`] is 256 KiB, not the 1 MiB of a byte a cell (which was
/// most of what synoptic mode adds to the reader's memory on 1,000
/// passages a pane, issue 13).
struct Choices(Vec<u8>);

impl Choices {
    /// `n` cells, each [`Step::Keep`].
    fn new(n: usize) -> Self {
        Choices(vec![0; n.div_ceil(4)])
    }

    fn set(&mut self, k: usize, step: Step) {
        let bits = match step {
            Step::Keep => 0,
            Step::Join => 1,
            Step::New => 2,
        };
        let (byte, shift) = (k / 4, (k % 4) * 2);
        self.0[byte] = (self.0[byte] & !(3 << shift)) | (bits << shift);
    }

    fn get(&self, k: usize) -> Step {
        match (self.0[k / 4] >> ((k % 4) * 2)) & 3 {
            0 => Step::Keep,
            1 => Step::Join,
            _ => Step::New,
        }
    }
}

/// Most DP cells computed for one pane: up to this many, the full table
/// (n×m two-bit choices, 256 KiB) gives the optimal alignment; beyond it a
/// band around the diagonal of this many cells does, so memory and time
/// stay bounded (two essays of 50,000 passages would otherwise need a
/// 40 GB table). Real essays have tens to hundreds of passages.
const MAX_DP_CELLS: usize = 1 << 20;

/// Align one pane's units against the profile; returns the new profile.
fn align_pane(profile: Vec<Col>, pane: usize, units: &[Unit], budget: Budget) -> Vec<Col> {
    let (n, m) = (profile.len(), units.len());
    let col_pos: Vec<u64> = profile.iter().map(Col::pos).collect();
    let gain = |i: usize, j: usize| -> Option<Score> {
        let (c, u) = (&profile[i], &units[j]);
        c.common.intersects(&u.themes).then(|| {
            let d = col_pos[i].abs_diff(u.pos);
            (c.members.len() as u32, -(d as i64))
        })
    };
    let steps = if (n + 1).saturating_mul(m + 1) <= budget.full {
        steps_full(n, m, gain)
    } else {
        steps_banded(n, m, budget.band, gain)
    };
    apply_steps(profile, pane, units, steps)
}

/// The optimal alignment's steps, from the full DP table. Each cell's
/// traceback choice is decided as the cell is filled, so only two rows of
/// scores are kept and the table is two bits a cell (256 KiB at most, not
/// 16 MiB of scores).
fn steps_full(n: usize, m: usize, gain: impl Fn(usize, usize) -> Option<Score>) -> Vec<Step> {
    let width = m + 1;
    // below[j]: best score aligning profile[i+1..] with units[j..]; here:
    // the same for profile[i..]. Past either end the score is zero.
    let mut below: Vec<Score> = vec![(0, 0); width];
    let mut here: Vec<Score> = vec![(0, 0); width];
    // The traceback's choice at (i, j) (see `choose`).
    let mut choice = Choices::new(n * m);
    for i in (0..n).rev() {
        here[m] = (0, 0);
        for j in (0..m).rev() {
            let g = gain(i, j);
            let mut best = below[j].max(here[j + 1]);
            if let Some(g) = g {
                best = best.max(add(g, below[j + 1]));
            }
            here[j] = best;
            choice.set(
                i * m + j,
                choose(best, g.map(|g| add(g, below[j + 1])), Some(here[j + 1])),
            );
        }
        std::mem::swap(&mut here, &mut below);
    }
    traceback(n, m, |i, j| choice.get(i * m + j))
}

/// The traceback's choice at a cell whose best score is `best`, given the
/// scores through a match (`diagonal`) and through skipping the pane's unit
/// (`right`): a match as early as an optimum allows; on a tie between
/// skipping a profile column and skipping the unit, the unit is skipped,
/// so the profile's (the pivot's) earlier columns keep their chance of a
/// partner.
fn choose(best: Score, diagonal: Option<Score>, right: Option<Score>) -> Step {
    if diagonal == Some(best) {
        Step::Join
    } else if right == Some(best) {
        Step::New
    } else {
        Step::Keep
    }
}

/// The steps from (0, 0) to (n, m), following each cell's `choice` while
/// both sequences last.
fn traceback(n: usize, m: usize, choice: impl Fn(usize, usize) -> Step) -> Vec<Step> {
    let mut steps = Vec::with_capacity(n + m);
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        let step = if i == n {
            Step::New
        } else if j == m {
            Step::Keep
        } else {
            choice(i, j)
        };
        steps.push(step);
        match step {
            Step::Join => {
                i += 1;
                j += 1;
            }
            Step::New => j += 1,
            Step::Keep => i += 1,
        }
    }
    steps
}

/// The best alignment's steps among paths that stay in a band around the
/// diagonal of the (n+1)×(m+1) table, holding about `budget` cells; the
/// same recurrence and tie-breaking as [`steps_full`]. Row `i` covers the
/// columns near `i·m/n`, wide enough to reach the next row's band, so a
/// path from (0, 0) to the end always exists. The last row and column
/// (one sequence used up) score zero and are not stored.
fn steps_banded(
    n: usize,
    m: usize,
    budget: usize,
    gain: impl Fn(usize, usize) -> Option<Score>,
) -> Vec<Step> {
    if n == 0 || m == 0 {
        // Nothing to match: keep every column, add every unit.
        let mut steps: Vec<Step> = (0..n).map(|_| Step::Keep).collect();
        steps.extend((0..m).map(|_| Step::New));
        return steps;
    }
    // Half-width beyond the diagonal: the budget spread over the rows,
    // less the diagonal's own run of m/n columns per row.
    let half = (budget / (2 * n.max(1)))
        .saturating_sub(m / n.max(1) + 1)
        .max(1);
    let diag = |i: usize| (i as u128 * m as u128 / n.max(1) as u128) as usize;
    let lo = |i: usize| diag(i).saturating_sub(half);
    let hi = |i: usize| (diag(i + 1) + half).min(m.saturating_sub(1));
    // offsets[i]: where row i's cells start in `dp`.
    let mut offsets = Vec::with_capacity(n + 1);
    let mut total = 0usize;
    for i in 0..n {
        offsets.push(total);
        total += hi(i) + 1 - lo(i).min(hi(i) + 1);
    }
    offsets.push(total);
    // As in `steps_full`, each cell's choice is decided as it is filled, so
    // two rows of scores are kept and the band is two bits a cell (16 bytes
    // a cell of scores made the band 16 MiB).
    let width = (0..n)
        .map(|i| offsets[i + 1] - offsets[i])
        .max()
        .unwrap_or(0)
        + 1;
    const NONE: Score = (0, i64::MIN);
    // below: row i+1's scores by `j - lo(i+1)`; here: row i's by `j - lo(i)`.
    let mut below: Vec<Score> = vec![NONE; width];
    let mut here: Vec<Score> = vec![NONE; width];
    let mut choice = Choices::new(total);
    // A row's score at column j: zero past either end, None outside the
    // band or where no path reaches.
    let score = |row: &[Score], i: usize, j: usize| -> Option<Score> {
        if i == n || j == m {
            return Some((0, 0));
        }
        if j < lo(i) || j > hi(i) {
            return None;
        }
        let v = row[j - lo(i)];
        (v != NONE).then_some(v)
    };
    for i in (0..n).rev() {
        here.fill(NONE);
        for j in (lo(i)..=hi(i)).rev() {
            let down = score(&below, i + 1, j);
            let right = score(&here, i, j + 1);
            let diagonal = gain(i, j)
                .zip(score(&below, i + 1, j + 1))
                .map(|(g, d)| add(g, d));
            let Some(best) = down.max(right).max(diagonal) else {
                continue;
            };
            here[j - lo(i)] = best;
            choice.set(offsets[i] + j - lo(i), choose(best, diagonal, right));
        }
        std::mem::swap(&mut here, &mut below);
    }
    traceback(n, m, |i, j| {
        // The path follows the choices that made each score, so it stays
        // in the band (see the doc comment).
        debug_assert!(lo(i) <= j && j <= hi(i), "the traceback left the band");
        choice.get(offsets[i] + j - lo(i))
    })
}

/// Build the new profile from the traceback's steps.
fn apply_steps(profile: Vec<Col>, pane: usize, units: &[Unit], steps: Vec<Step>) -> Vec<Col> {
    let m = units.len();
    let mut cols = profile.into_iter();
    let mut next_unit = 0..m;
    let mut out = Vec::with_capacity(steps.len());
    for step in steps {
        match step {
            Step::Keep => out.extend(cols.next()),
            Step::Join => {
                let (Some(mut c), Some(j)) = (cols.next(), next_unit.next()) else {
                    unreachable!("the traceback stays within both sequences")
                };
                c.common = c.common.and(&units[j].themes);
                c.members.push((pane, j));
                c.pos_sum += units[j].pos;
                out.push(c);
            }
            Step::New => {
                let Some(j) = next_unit.next() else {
                    unreachable!("the traceback stays within both sequences")
                };
                out.push(Col {
                    members: vec![(pane, j)],
                    common: units[j].themes.clone(),
                    pos_sum: units[j].pos,
                });
            }
        }
    }
    out
}

/// The moved passages: for each passage and each other pane with
/// theme-sharing passages, if none starts on the same shared row, the
/// nearest one.
fn moved(
    s: &Synopsis,
    panes: &[PaneInput],
    units: &[Vec<Unit>],
    passage_bits: &[Vec<Bits>],
    ids: &[usize],
) -> Vec<Moved> {
    // by_theme[pane]: (theme, shared row, unit) of the pane's units, by
    // theme then row; one theme's are a slice of it. (Not a list per theme
    // of the map per pane: 10,000 themes made that a megabyte of empty
    // lists.)
    let by_theme: Vec<Vec<(usize, usize, usize)>> = units
        .iter()
        .enumerate()
        .map(|(p, us)| {
            let mut v = Vec::new();
            for (u, unit) in us.iter().enumerate() {
                let row = s.shared_row(p, unit.row);
                for t in unit.themes.iter() {
                    v.push((t, row, u));
                }
            }
            v.sort_unstable();
            v
        })
        .collect();
    fn on_theme(list: &[(usize, usize, usize)], t: usize) -> &[(usize, usize, usize)] {
        let lo = list.partition_point(|&(x, _, _)| x < t);
        let hi = list.partition_point(|&(x, _, _)| x <= t);
        &list[lo..hi]
    }
    let mut out = Vec::new();
    for (p, us) in units.iter().enumerate() {
        for unit in us {
            let row = s.shared_row(p, unit.row);
            for &k in &unit.members {
                let bits = &passage_bits[p][k];
                for (q, lists) in by_theme.iter().enumerate() {
                    if q == p {
                        continue;
                    }
                    // Nearest theme-sharing unit of pane q: (distance, row, unit).
                    let mut best: Option<(usize, usize, usize)> = None;
                    for t in bits.iter() {
                        let l = on_theme(lists, t);
                        let at = l.partition_point(|&(_, r, _)| r < row);
                        for &(_, r, u) in l[at.saturating_sub(1)..].iter().take(2) {
                            let cand = (r.abs_diff(row), r, u);
                            if best.is_none_or(|b| cand < b) {
                                best = Some(cand);
                            }
                        }
                    }
                    let Some((dist, r, u)) = best else { continue };
                    if dist == 0 {
                        continue;
                    }
                    let there = &units[q][u];
                    let Some(&c) = there
                        .members
                        .iter()
                        .find(|&&c| passage_bits[q][c].intersects(bits))
                    else {
                        continue;
                    };
                    out.push(Moved {
                        pane: p,
                        passage: panes[p].passages[k].passage,
                        row,
                        to: Counterpart {
                            pane: q,
                            passage: panes[q].passages[c].passage,
                            row: r,
                        },
                        themes: bits
                            .and(&passage_bits[q][c])
                            .iter()
                            .map(|i| ids[i])
                            .collect(),
                    });
                }
            }
        }
    }
    out.sort_by_key(|m| (m.pane, m.row, m.passage, m.to.pane));
    out
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use proptest::prelude::*;

    use super::*;

    /// A pane from (passage, themes, start row) triples.
    fn pane(rows: usize, ps: &[(usize, &[usize], usize)]) -> PaneInput {
        PaneInput {
            passages: ps
                .iter()
                .map(|&(passage, themes, start_row)| PassageInput {
                    passage,
                    themes: themes.to_vec(),
                    start_row,
                })
                .collect(),
            rows,
        }
    }

    const A: &[usize] = &[0];
    const B: &[usize] = &[1];
    const C: &[usize] = &[2];
    const Q: &[usize] = &[3];

    /// The passages of each column, per pane.
    fn cols(s: &Synopsis) -> Vec<(usize, Vec<Option<Vec<usize>>>)> {
        s.columns()
            .iter()
            .map(|c| {
                let cells = c
                    .cells
                    .iter()
                    .map(|x| x.as_ref().map(|x| x.passages.clone()));
                (c.row, cells.collect())
            })
            .collect()
    }

    /// What a pane shows, shared row by shared row: own row, `-` filler,
    /// `~` end.
    fn lines(s: &Synopsis, p: usize) -> String {
        (0..s.total_rows())
            .map(|r| match s.line(p, r) {
                Line::Text(t) => format!("{t} "),
                Line::Filler => "- ".into(),
                Line::End => "~ ".into(),
            })
            .collect::<String>()
            .trim_end()
            .to_string()
    }

    /// Every invariant the module promises, for any input.
    fn invariants(panes: &[PaneInput], s: &Synopsis) {
        assert_eq!(s.pane_count(), panes.len());
        // Inputs that take part: passage id -> (pane, themes, start row).
        let mut info: HashMap<usize, (usize, &[usize], usize)> = HashMap::new();
        for (p, pane) in panes.iter().enumerate() {
            for q in pane.passages.iter().filter(|q| q.start_row < pane.rows) {
                info.insert(q.passage, (p, &q.themes, q.start_row));
            }
        }
        let shares = |a: &[usize], b: &[usize]| a.iter().any(|t| b.contains(t));

        // 1. Every pane's text is complete and in order, filler only
        //    between or before text rows, then the end; the row maps agree.
        let mut longest = 0;
        for (p, pane) in panes.iter().enumerate() {
            let mut next = 0;
            for r in 0..s.total_rows() {
                match s.line(p, r) {
                    Line::Text(t) => {
                        assert_eq!(t, next, "pane {p} shared row {r}");
                        assert_eq!(s.shared_row(p, t), r);
                        next += 1;
                    }
                    Line::Filler => assert!(next < pane.rows, "filler after the end"),
                    Line::End => assert_eq!(next, pane.rows, "end before the text ends"),
                }
            }
            assert_eq!(next, pane.rows, "pane {p} text incomplete");
            assert_eq!(s.line(p, s.total_rows()), Line::End);
            let filler: usize = s.fillers(p).iter().map(|f| f.count).sum();
            longest = longest.max(pane.rows + filler);
        }
        assert_eq!(s.total_rows(), longest);

        // 2. Aligned passages start on their column's shared row, a column
        //    has a theme every cell speaks to, and a cell holds exactly the
        //    pane's passages starting on its row.
        for c in s.columns() {
            assert!(c.cells.iter().flatten().count() >= 2);
            assert!(!c.themes.is_empty());
            for (p, cell) in c.cells.iter().enumerate() {
                let Some(cell) = cell else { continue };
                assert_eq!(s.shared_row(p, cell.row), c.row);
                let mut want: Vec<usize> = panes[p]
                    .passages
                    .iter()
                    .filter(|q| q.start_row == cell.row)
                    .map(|q| q.passage)
                    .collect();
                want.sort_unstable();
                let mut got = cell.passages.clone();
                got.sort_unstable();
                assert_eq!(got, want);
                for t in &c.themes {
                    assert!(cell.passages.iter().any(|q| info[q].1.contains(t)));
                }
            }
            assert_eq!(s.columns_at(c.row).iter().filter(|x| *x == c).count(), 1);
        }
        assert!(s.columns().windows(2).all(|w| w[0].row <= w[1].row));

        // 3. Minimal filler: only right before an aligned passage, and at
        //    every column some pane needs none.
        for (p, _) in panes.iter().enumerate() {
            let f = s.fillers(p);
            assert!(f.iter().all(|f| f.count > 0));
            assert!(f.windows(2).all(|w| w[0].before < w[1].before));
            for f in f {
                assert!(
                    s.columns()
                        .iter()
                        .any(|c| c.cells[p].as_ref().is_some_and(|x| x.row == f.before)),
                    "filler before row {} of pane {p} aligns nothing",
                    f.before
                );
            }
        }
        for c in s.columns() {
            let least = c
                .cells
                .iter()
                .enumerate()
                .filter_map(|(p, x)| {
                    let x = x.as_ref()?;
                    let f = s.fillers(p).iter().find(|f| f.before == x.row);
                    Some(f.map_or(0, |f| f.count))
                })
                .min();
            assert_eq!(
                least,
                Some(0),
                "column at {} has more filler than needed",
                c.row
            );
        }

        // 4. Columns follow every pane's own order.
        for p in 0..panes.len() {
            let own: Vec<usize> = s
                .columns()
                .iter()
                .filter_map(|c| c.cells[p].as_ref().map(|x| x.row))
                .collect();
            assert!(own.windows(2).all(|w| w[0] < w[1]), "pane {p}: {own:?}");
        }

        // 6. Moved: exactly the passages with theme-sharing passages in
        //    another pane but none beside them, pointing at the nearest.
        let mut expected = Vec::new();
        for (&id, &(p, themes, start)) in &info {
            let row = s.shared_row(p, start);
            for q in (0..panes.len()).filter(|&q| q != p) {
                let sharing: Vec<(usize, usize)> = info
                    .iter()
                    .filter(|(_, &(pq, th, _))| pq == q && shares(themes, th))
                    .map(|(&id, &(_, _, st))| (id, s.shared_row(q, st)))
                    .collect();
                let Some(near) = sharing.iter().map(|&(_, r)| r.abs_diff(row)).min() else {
                    continue;
                };
                if near > 0 {
                    expected.push((p, id, q, near));
                }
            }
        }
        expected.sort_unstable();
        let mut got: Vec<(usize, usize, usize, usize)> = s
            .moved()
            .iter()
            .map(|m| (m.pane, m.passage, m.to.pane, m.to.row.abs_diff(m.row)))
            .collect();
        got.sort_unstable();
        assert_eq!(got, expected);
        for m in s.moved() {
            let (p, themes, start) = info[&m.passage];
            let (q, to_themes, to_start) = info[&m.to.passage];
            assert_eq!((p, q), (m.pane, m.to.pane));
            assert_eq!(m.row, s.shared_row(p, start));
            assert_eq!(m.to.row, s.shared_row(q, to_start));
            let mut both: Vec<usize> = themes
                .iter()
                .copied()
                .filter(|t| to_themes.contains(t))
                .collect();
            both.sort_unstable();
            both.dedup();
            assert_eq!(m.themes, both);
        }
        for p in 0..panes.len() {
            assert!(s.moved_in(p).iter().all(|m| m.pane == p));
        }
        assert_eq!(
            (0..panes.len()).map(|p| s.moved_in(p).len()).sum::<usize>(),
            s.moved().len()
        );
    }

    #[test]
    fn transposed_themes_align_the_pivots_earlier_one() {
        // A B C against A C B: A and one of B/C align, the other is moved.
        let panes = [
            pane(30, &[(0, A, 0), (1, B, 10), (2, C, 20)]),
            pane(30, &[(3, A, 0), (4, C, 10), (5, B, 20)]),
        ];
        let s = align(&panes, 0);
        invariants(&panes, &s);
        assert_eq!(
            cols(&s),
            [
                (0, vec![Some(vec![0]), Some(vec![3])]),
                (20, vec![Some(vec![1]), Some(vec![5])]),
            ]
        );
        assert_eq!(
            s.fillers(0),
            [Filler {
                before: 10,
                count: 10
            }]
        );
        assert!(s.fillers(1).is_empty());
        assert_eq!(s.total_rows(), 40);
        let moved: Vec<_> = s
            .moved()
            .iter()
            .map(|m| (m.pane, m.passage, m.row, m.to, m.themes.clone()))
            .collect();
        let to = |pane, passage, row| Counterpart { pane, passage, row };
        assert_eq!(
            moved,
            [
                (0, 2, 30, to(1, 4, 10), vec![2]),
                (1, 4, 10, to(0, 2, 30), vec![2]),
            ]
        );
        // With the other pane focused, its earlier C wins instead.
        let s = align(&panes, 1);
        invariants(&panes, &s);
        assert_eq!(
            cols(&s),
            [
                (0, vec![Some(vec![0]), Some(vec![3])]),
                (20, vec![Some(vec![2]), Some(vec![4])]),
            ]
        );
        assert_eq!(
            s.fillers(1),
            [Filler {
                before: 10,
                count: 10
            }]
        );
    }

    #[test]
    fn rows_map_through_filler() {
        let panes = [pane(4, &[(0, A, 1)]), pane(5, &[(1, A, 3)])];
        let s = align(&panes, 0);
        invariants(&panes, &s);
        assert_eq!(lines(&s, 0), "0 - - 1 2 3");
        assert_eq!(lines(&s, 1), "0 1 2 3 4 ~");
        assert_eq!(s.shared_row(0, 0), 0);
        assert_eq!(s.shared_row(0, 1), 3);
        assert_eq!(s.shared_row(0, 3), 5);
        assert_eq!(s.columns_at(3).len(), 1);
        assert!(s.columns_at(2).is_empty());
    }

    #[test]
    fn passages_on_one_row_align_together() {
        // The same text tagged twice (A, then B) starts one unit.
        let panes = [
            pane(10, &[(0, A, 5), (1, B, 5)]),
            pane(10, &[(2, B, 4), (3, A, 9)]),
        ];
        let s = align(&panes, 0);
        invariants(&panes, &s);
        assert_eq!(cols(&s), [(5, vec![Some(vec![0, 1]), Some(vec![2])])]);
        assert_eq!(s.columns()[0].themes, [1]);
        // Passage 0 (A) has a counterpart further down; 1 (B) is aligned.
        let moved: Vec<_> = s
            .moved()
            .iter()
            .map(|m| (m.passage, m.to.passage))
            .collect();
        assert_eq!(moved, [(0, 3), (3, 0)]);
    }

    #[test]
    fn a_nested_passage_aligns_on_its_own() {
        // Passage 1 (B) lies inside passage 0 (A) and starts later.
        let panes = [pane(12, &[(0, A, 0), (1, B, 4)]), pane(12, &[(2, B, 10)])];
        let s = align(&panes, 0);
        invariants(&panes, &s);
        assert_eq!(cols(&s), [(10, vec![Some(vec![1]), Some(vec![2])])]);
        // The filler goes inside the enclosing passage, before row 4.
        assert_eq!(
            s.fillers(0),
            [Filler {
                before: 4,
                count: 6
            }]
        );
    }

    #[test]
    fn a_recurring_theme_meets_its_nearest_occurrence() {
        let panes = [
            pane(200, &[(0, A, 0), (1, A, 100)]),
            pane(200, &[(2, A, 95)]),
        ];
        for pivot in [0, 1] {
            let s = align(&panes, pivot);
            invariants(&panes, &s);
            assert_eq!(cols(&s), [(100, vec![Some(vec![1]), Some(vec![2])])]);
            assert_eq!(
                s.fillers(1),
                [Filler {
                    before: 95,
                    count: 5
                }]
            );
        }
    }

    #[test]
    fn other_panes_align_on_a_theme_the_pivot_lacks() {
        let panes = [
            pane(10, &[(0, A, 0)]),
            pane(10, &[(1, A, 0), (2, Q, 5)]),
            pane(10, &[(3, A, 0), (4, Q, 8)]),
        ];
        let s = align(&panes, 0);
        invariants(&panes, &s);
        assert_eq!(
            cols(&s),
            [
                (0, vec![Some(vec![0]), Some(vec![1]), Some(vec![3])]),
                (8, vec![None, Some(vec![2]), Some(vec![4])]),
            ]
        );
    }

    #[test]
    fn later_panes_prefer_columns_with_more_passages() {
        // Pivot A B; two others B A. The pivot and the first other align
        // on one theme; the third joins that column and aligns its other
        // passage with the second pane's.
        let panes = [
            pane(20, &[(0, A, 0), (1, B, 10)]),
            pane(20, &[(2, B, 0), (3, A, 10)]),
            pane(20, &[(4, B, 0), (5, A, 10)]),
        ];
        let s = align(&panes, 0);
        invariants(&panes, &s);
        let full = s
            .columns()
            .iter()
            .filter(|c| c.cells.iter().all(Option::is_some));
        assert_eq!(full.count(), 1);
        assert_eq!(s.columns().len(), 2);
        // Focused on an other, the two agreeing panes align fully.
        let s = align(&panes, 1);
        invariants(&panes, &s);
        assert_eq!(s.columns().len(), 2);
        assert!(s
            .columns()
            .iter()
            .all(|c| c.cells[1].is_some() && c.cells[2].is_some()));
    }

    #[test]
    fn odd_inputs() {
        let s = align(&[], 3);
        assert_eq!((s.pane_count(), s.total_rows()), (0, 0));
        // A passage at or past the end is ignored; the pivot is clamped.
        let panes = [pane(3, &[(0, A, 3)]), pane(5, &[(1, A, 4)]), pane(0, &[])];
        let s = align(&panes, 9);
        invariants(&panes, &s);
        assert!(s.columns().is_empty() && s.moved().is_empty());
        assert_eq!(s.total_rows(), 5);
        assert_eq!(s.line(2, 0), Line::End);
        // Unsorted input is ordered by start row.
        let panes = [
            pane(9, &[(0, B, 6), (1, A, 1)]),
            pane(9, &[(2, A, 3), (3, B, 4)]),
        ];
        let s = align(&panes, 0);
        invariants(&panes, &s);
        assert_eq!(s.columns().len(), 2);
    }

    #[test]
    fn built_in_corpus_at_several_widths() {
        let loaded = crate::corpus::load(crate::corpus::files::builtin());
        assert!(!loaded.has_errors());
        let c = &loaded.corpus;
        for width in [30, 60, 120] {
            let panes: Vec<PaneInput> = (0..c.essays.len())
                .map(|e| PaneInput::from_essay(c, e, &crate::layout::wrap(&c.essays[e], width)))
                .collect();
            for pivot in [0, 3] {
                let s = align(&panes, pivot);
                invariants(&panes, &s);
                assert!(s.columns().len() >= 10, "{} columns", s.columns().len());
            }
            let s = align(&panes[..2], 0);
            invariants(&panes[..2], &s);
        }
    }

    /// A random pane: (themes, gap) per passage, and extra rows at the end.
    type PaneSpec = (Vec<(Vec<usize>, usize)>, usize);

    /// Panes from (themes, gap) lists and extra rows: passages start `gap`
    /// rows after the previous one (0: on the same row), ids are unique.
    fn build(spec: &[PaneSpec]) -> Vec<PaneInput> {
        let mut id = 0;
        spec.iter()
            .map(|(ps, extra)| {
                let mut row = 0;
                let passages: Vec<PassageInput> = ps
                    .iter()
                    .map(|(themes, gap)| {
                        row += gap;
                        id += 1;
                        PassageInput {
                            passage: id,
                            themes: themes.clone(),
                            start_row: row,
                        }
                    })
                    .collect();
                let rows = if passages.is_empty() {
                    *extra
                } else {
                    row + 1 + extra
                };
                PaneInput { passages, rows }
            })
            .collect()
    }

    fn spec(panes: std::ops::Range<usize>) -> impl Strategy<Value = Vec<PaneSpec>> {
        let passage = (prop::collection::vec(0usize..5, 0..3), 0usize..4);
        prop::collection::vec((prop::collection::vec(passage, 0..25), 0usize..5), panes)
    }

    /// Textbook LCS over units (passages grouped by start row, themes
    /// united), matching when themes intersect.
    fn lcs(a: &PaneInput, b: &PaneInput) -> usize {
        let units = |p: &PaneInput| {
            let mut u: Vec<(usize, Vec<usize>)> = Vec::new();
            for q in p.passages.iter().filter(|q| q.start_row < p.rows) {
                match u.last_mut() {
                    Some((r, t)) if *r == q.start_row => t.extend(&q.themes),
                    _ => u.push((q.start_row, q.themes.clone())),
                }
            }
            u
        };
        let (a, b) = (units(a), units(b));
        let mut t = vec![vec![0; b.len() + 1]; a.len() + 1];
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                t[i][j] = if a[i - 1].1.iter().any(|x| b[j - 1].1.contains(x)) {
                    t[i - 1][j - 1] + 1
                } else {
                    t[i - 1][j].max(t[i][j - 1])
                };
            }
        }
        t[a.len()][b.len()]
    }

    /// Two essays of `n` passages on a few recurring themes.
    fn long_panes(n: usize) -> Vec<PaneInput> {
        (0..2)
            .map(|p| PaneInput {
                passages: (0..n)
                    .map(|k| PassageInput {
                        passage: p * n + k,
                        themes: vec![(k * 7 + p) % 11],
                        start_row: 2 * k,
                    })
                    .collect(),
                rows: 2 * n + 1,
            })
            .collect()
    }

    #[test]
    fn essays_of_tens_of_thousands_of_passages_align_in_bounded_memory() {
        // The full table would be 30,001² × 16 bytes = 14 GB: the process
        // aborted (leaving the terminal in raw mode) before the band.
        let panes = long_panes(30_000);
        let s = align(&panes, 0);
        // The linear part of `invariants` (the rest is quadratic): every
        // essay complete and in order, aligned cells on their row.
        for (p, pane) in panes.iter().enumerate() {
            let mut next = 0;
            for r in 0..s.total_rows() {
                if let Line::Text(t) = s.line(p, r) {
                    assert_eq!((t, s.shared_row(p, t)), (next, r));
                    next += 1;
                }
            }
            assert_eq!(next, pane.rows);
        }
        for c in s.columns() {
            let cells: Vec<_> = c
                .cells
                .iter()
                .enumerate()
                .filter_map(|(p, x)| Some((p, x.as_ref()?)))
                .collect();
            assert_eq!(cells.len(), 2);
            for (p, cell) in cells {
                assert_eq!(s.shared_row(p, cell.row), c.row);
            }
        }
        assert!(s.columns().len() > 1000, "{}", s.columns().len());
    }

    proptest! {
        /// The banded DP, given a band as wide as the table, finds exactly
        /// what the full table finds (same scores, same tie-breaking).
        #[test]
        fn a_band_covering_the_table_matches_the_full_table(spec in spec(1..7), pivot in 0usize..7) {
            let panes = build(&spec);
            let everything = Budget { full: 0, band: usize::MAX / 4 };
            let banded = align_within(&panes, pivot, everything);
            let full = align(&panes, pivot);
            prop_assert_eq!(cols(&banded), cols(&full));
            for p in 0..panes.len() {
                prop_assert_eq!(lines(&banded, p), lines(&full, p));
            }
        }

        /// Any band, however narrow, still gives a valid synopsis.
        #[test]
        fn a_narrow_band_keeps_every_invariant(spec in spec(1..7), pivot in 0usize..7, band in 1usize..40) {
            let panes = build(&spec);
            let s = align_within(&panes, pivot, Budget { full: 0, band });
            invariants(&panes, &s);
        }
    }

    proptest! {
        /// Text complete and in order, aligned passages on one row, least
        /// filler, columns in order, moved passages exact — for 1 to 6
        /// panes and any pivot.
        #[test]
        fn invariants_hold(spec in spec(1..7), pivot in 0usize..7) {
            let panes = build(&spec);
            let s = align(&panes, pivot);
            invariants(&panes, &s);
        }

        /// Two panes: as many columns as an LCS of their units, whichever
        /// is focused.
        #[test]
        fn two_panes_align_an_lcs(spec in spec(2..3)) {
            let panes = build(&spec);
            let n = lcs(&panes[0], &panes[1]);
            prop_assert_eq!(align(&panes, 0).columns().len(), n);
            prop_assert_eq!(align(&panes, 1).columns().len(), n);
        }

        /// One pane, or no themes: no filler, no columns, nothing moved.
        #[test]
        fn nothing_to_align_adds_no_filler(spec in spec(1..7), single in any::<bool>()) {
            let mut panes = build(&spec);
            if single {
                panes.truncate(1);
            } else {
                for q in panes.iter_mut().flat_map(|p| p.passages.iter_mut()) {
                    q.themes.clear();
                }
            }
            let s = align(&panes, 0);
            invariants(&panes, &s);
            prop_assert!(s.columns().is_empty() && s.moved().is_empty());
            for p in 0..panes.len() {
                prop_assert!(s.fillers(p).is_empty());
            }
            prop_assert_eq!(s.total_rows(), panes.iter().map(|p| p.rows).max().unwrap_or(0));
        }
    }
}
