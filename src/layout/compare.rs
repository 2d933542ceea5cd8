//! The compare layout: one column per essay, each the essay's passages on a
//! theme in order (role, stance, quoted text), the k-th passages of all
//! columns starting on the same row. Narrow widths stack the columns.
//! Shared by the reader's compare view and `parallax show --format text`.

use unicode_width::UnicodeWidthStr;

use super::fit;
use crate::corpus::Corpus;
use crate::paragraph;

/// Narrowest column worth showing side by side.
pub const MIN_COLUMN: u16 = 28;
/// Most columns side by side.
pub const MAX_COLUMNS: usize = 6;
/// Width of the separator between columns (" │ ").
pub const GAP: u16 = 3;

/// What a line of a column is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The essay's label (authors, year).
    Essay,
    /// The essay's title.
    Title,
    /// "1 · claim": the passage number and role.
    Role,
    /// The author's stance, in the map's words.
    Stance,
    /// The author's words.
    Quote,
    /// A teaching note.
    Note,
    /// A notice (e.g. nothing on this theme).
    Notice,
    /// Blank (spacing inside a column).
    Blank,
}

/// One line of a column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CLine {
    /// What it is.
    pub kind: Kind,
    /// Its text, already wrapped to the column.
    pub text: String,
    /// Which of the column's passages it belongs to (0-based), if any.
    pub k: Option<usize>,
}

/// One column: an essay's passages on the theme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// The essay.
    pub essay: usize,
    /// The essay's passages on the theme, in order.
    pub passages: Vec<usize>,
    /// Lines; `None` is filler inserted to keep the k-th passages aligned.
    pub lines: Vec<Option<CLine>>,
    /// The row where each passage starts.
    pub starts: Vec<usize>,
}

/// The whole layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compare {
    /// The theme laid out.
    pub theme: usize,
    /// The width laid out to.
    pub width: u16,
    /// Width of each column in cells.
    pub column_width: u16,
    /// True when the columns are stacked one after another (narrow width).
    pub stacked: bool,
    /// The columns, in the order given.
    pub columns: Vec<Column>,
    /// Rows of the tallest column.
    pub rows: usize,
    /// Whether stances, roles and notes are laid out (false while a class
    /// reads first: see the reader's reveal key).
    pub stances: bool,
    /// Whether each passage's paragraph numbers (¶ N) are shown.
    pub numbers: bool,
}

/// Most rows of one passage's quote in the compare layout of the reader:
/// enough for any passage a person reads side by side, and a bound on the
/// cost of a huge one. (`show` lays out everything.)
pub const MAX_QUOTE_ROWS: usize = 1_000;

/// Wrap `text` into lines of `kind` for `emit`, with a notice when
/// `max_rows` cut it.
fn wrap_into(
    emit: &mut dyn FnMut(CLine),
    kind: Kind,
    text: &str,
    width: usize,
    k: Option<usize>,
    indent: &str,
    max_rows: usize,
) {
    let more = crate::layout::wrap_each(text, width, indent, max_rows, &mut |line| {
        emit(CLine {
            kind,
            text: line,
            k,
        })
    });
    if more {
        emit(CLine {
            kind: Kind::Notice,
            text: fit("… (continues; read it in the reader)", width),
            k,
        });
    }
}

/// What one passage shows in a column, borrowed from the corpus.
struct PassageText<'a> {
    /// "1 · claim · ¶ 4", before fitting.
    head: String,
    /// The stance, when stances are shown.
    stance: Option<&'a str>,
    /// The author's words.
    quote: &'a str,
    /// The teaching note, when stances are shown.
    note: Option<&'a str>,
}

/// What one column shows, borrowed from the corpus: everything its lines
/// are made from, so they can be made away from the corpus (on another
/// thread, for `show`).
struct ColumnText<'a> {
    label: String,
    title: String,
    passages: Vec<PassageText<'a>>,
}

fn column_text<'a>(
    corpus: &'a Corpus,
    theme: usize,
    essay: usize,
    opts: Options,
) -> ColumnText<'a> {
    let ps = corpus.passages_on(theme, essay);
    ColumnText {
        label: corpus.essay_label(essay),
        title: corpus.essays[essay].meta.display_title(),
        passages: ps
            .iter()
            .enumerate()
            .map(|(k, &p)| {
                let pass = corpus.passage(p);
                let role = pass
                    .role
                    .filter(|_| opts.stances)
                    .map_or("passage", |r| r.name());
                let para = opts
                    .numbers
                    .then(|| paragraph::span(&corpus.essays[essay], pass.range.clone()))
                    .flatten()
                    .map(|s| format!(" · {}", paragraph::label(s)))
                    .unwrap_or_default();
                PassageText {
                    head: format!("{} · {role}{para}", k + 1),
                    stance: pass.stance.as_deref().filter(|_| opts.stances),
                    quote: corpus.passage_text(p),
                    note: pass.note.as_deref().filter(|_| opts.stances),
                }
            })
            .collect(),
    }
}

/// The lines of one essay's column, handed to `emit` in order as they are
/// made: header, then each passage (its lines carry its number `k`).
fn column_lines(
    col: &ColumnText,
    width: usize,
    max_quote_rows: usize,
    emit: &mut dyn FnMut(CLine),
) {
    emit(CLine {
        kind: Kind::Essay,
        text: fit(&col.label, width),
        k: None,
    });
    emit(CLine {
        kind: Kind::Title,
        text: fit(&col.title, width),
        k: None,
    });
    emit(CLine {
        kind: Kind::Blank,
        text: String::new(),
        k: None,
    });
    if col.passages.is_empty() {
        wrap_into(
            emit,
            Kind::Notice,
            "(nothing on this theme)",
            width,
            None,
            "",
            usize::MAX,
        );
    }
    for (k, p) in col.passages.iter().enumerate() {
        emit(CLine {
            kind: Kind::Role,
            text: fit(&p.head, width),
            k: Some(k),
        });
        if let Some(s) = p.stance {
            wrap_into(emit, Kind::Stance, s, width, Some(k), "", usize::MAX);
        }
        wrap_into(
            emit,
            Kind::Quote,
            p.quote,
            width,
            Some(k),
            "│ ",
            max_quote_rows,
        );
        if let Some(n) = p.note {
            wrap_into(
                emit,
                Kind::Note,
                &format!("note: {n}"),
                width,
                Some(k),
                "",
                usize::MAX,
            );
        }
        emit(CLine {
            kind: Kind::Blank,
            text: String::new(),
            k: Some(k),
        });
    }
}

/// What a column shows on one row of the side-by-side layout.
enum Slot {
    /// A line; `first` on the first line of a passage.
    Line { line: CLine, first: bool },
    /// Filler, keeping the k-th passages aligned.
    Filler,
    /// The column has ended.
    Done,
}

/// Which part of a column a line is in: 0 the header, k + 1 passage k.
fn part(l: &CLine) -> usize {
    l.k.map_or(0, |k| k + 1)
}

/// One column being merged.
struct Feed<I: Iterator<Item = CLine>> {
    lines: std::iter::Peekable<I>,
    /// Passages in the column.
    passages: usize,
    /// The part of its last line.
    part: usize,
    /// The row after its last line.
    end: usize,
}

impl<I: Iterator<Item = CLine>> Feed<I> {
    /// Whether the column is past passage `k - 1` (the header for k = 0).
    fn finished(&mut self, k: usize) -> bool {
        self.part > k || (self.part == k && self.lines.peek().is_none_or(|l| part(l) > k))
    }
}

/// Set the columns side by side, a row at a time, handing each row to
/// `out` as soon as it is known: the k-th passages of all columns that
/// have one start on one row (the row after the longest of their (k-1)-th
/// passages), so a row only waits for what the columns have already
/// laid out. `passages[c]` is how many passages column `c` has. The
/// columns' lines are pulled as they are needed, never gathered.
fn merge<I: Iterator<Item = CLine>, E>(
    passages: &[usize],
    columns: Vec<I>,
    out: &mut dyn FnMut(&mut [Slot]) -> Result<(), E>,
) -> Result<(), E> {
    let mut feeds: Vec<Feed<I>> = columns
        .into_iter()
        .zip(passages)
        .map(|(lines, &n)| Feed {
            lines: lines.peekable(),
            passages: n,
            part: 0,
            end: 0,
        })
        .collect();
    let most = passages.iter().copied().max().unwrap_or(0);
    // The row where passage k starts, once every column that has one is
    // past passage k - 1.
    let mut starts: Vec<Option<usize>> = vec![None; most];
    let mut slots: Vec<Slot> = feeds.iter().map(|_| Slot::Done).collect();
    for row in 0.. {
        for c in 0..feeds.len() {
            let Some(next) = feeds[c].lines.peek().map(part) else {
                continue;
            };
            if next == feeds[c].part {
                continue;
            }
            let k = next - 1;
            if starts[k].is_none() {
                let mut ready = true;
                let mut start = 0;
                for f in feeds.iter_mut().filter(|f| f.passages > k) {
                    ready &= f.finished(k);
                    start = start.max(f.end);
                }
                if ready {
                    starts[k] = Some(start);
                }
            }
        }
        let mut live = false;
        let mut done = true;
        for (f, slot) in feeds.iter_mut().zip(slots.iter_mut()) {
            let next = f.lines.peek().map(part);
            *slot = match next {
                None => Slot::Done,
                Some(p) if p == f.part || starts[p - 1].is_some_and(|s| s <= row) => {
                    let first = p != f.part;
                    f.part = p;
                    f.end = row + 1;
                    live = true;
                    Slot::Line {
                        line: f.lines.next().expect("peeked"),
                        first,
                    }
                }
                Some(_) => Slot::Filler,
            };
            done &= matches!(slot, Slot::Done);
        }
        // A row of filler alone cannot happen (a column waits only for
        // columns still laying out); stop rather than loop if it did.
        if done || !live {
            debug_assert!(done, "the side-by-side merge stalled at row {row}");
            break;
        }
        out(&mut slots)?;
    }
    Ok(())
}

/// One side-by-side row as text: each column's text padded to `cw`
/// cells, separated by " │ ", trailing spaces trimmed.
fn join_row<'a>(line: &mut String, cells: impl Iterator<Item = &'a str>, cw: usize) {
    line.clear();
    for (i, t) in cells.enumerate() {
        if i > 0 {
            line.push_str(" │ ");
        }
        line.push_str(t);
        line.extend(std::iter::repeat_n(' ', cw.saturating_sub(t.width())));
    }
    let end = line.trim_end().len();
    line.truncate(end);
}

/// Lay out a theme's passages for `essays` in `width` cells.
pub fn compare(corpus: &Corpus, theme: usize, essays: &[usize], width: u16) -> Compare {
    compare_capped(corpus, theme, essays, width, usize::MAX)
}

/// [`compare`], with each quote cut after `max_quote_rows` rows (and a
/// notice saying so): the reader's compare view, whose cost must not grow
/// with a passage's length.
pub fn compare_capped(
    corpus: &Corpus,
    theme: usize,
    essays: &[usize],
    width: u16,
    max_quote_rows: usize,
) -> Compare {
    compare_opts(
        corpus,
        theme,
        essays,
        width,
        Options {
            max_quote_rows,
            ..Options::default()
        },
    )
}

/// What a compare layout shows beyond the authors' words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Each quote is cut after this many rows (with a notice saying so).
    pub max_quote_rows: usize,
    /// Stances, roles and notes are laid out (false while a class reads
    /// first: see the reader's reveal key).
    pub stances: bool,
    /// Each passage's paragraph numbers follow its role ("1 · claim · ¶ 4").
    pub numbers: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_quote_rows: usize::MAX,
            stances: true,
            numbers: false,
        }
    }
}

/// The compare layout with every option.
pub fn compare_opts(
    corpus: &Corpus,
    theme: usize,
    essays: &[usize],
    width: u16,
    opts: Options,
) -> Compare {
    let (stacked, cw) = column_width(essays.len(), width);
    let texts: Vec<ColumnText> = essays
        .iter()
        .map(|&e| column_text(corpus, theme, e, opts))
        .collect();
    let mut columns: Vec<Column> = essays
        .iter()
        .map(|&e| Column {
            essay: e,
            passages: corpus.passages_on(theme, e).to_vec(),
            lines: Vec::new(),
            starts: Vec::new(),
        })
        .collect();
    let lines_of = |t: &ColumnText| {
        let mut lines = Vec::new();
        column_lines(t, usize::from(cw), opts.max_quote_rows, &mut |l| {
            lines.push(l)
        });
        lines
    };
    let rows = if stacked {
        // One full-width column, essay after essay.
        for (col, t) in columns.iter_mut().zip(&texts) {
            let mut last = None;
            for l in lines_of(t) {
                if l.k.is_some() && l.k != last {
                    col.starts.push(col.lines.len());
                }
                last = l.k;
                col.lines.push(Some(l));
            }
        }
        columns.iter().map(|c| c.lines.len()).sum()
    } else {
        let counts: Vec<usize> = texts.iter().map(|t| t.passages.len()).collect();
        let sources = texts.iter().map(|t| lines_of(t).into_iter()).collect();
        let mut rows = 0;
        let Ok(()) = merge::<_, std::convert::Infallible>(&counts, sources, &mut |slots| {
            for (col, slot) in columns.iter_mut().zip(slots) {
                match std::mem::replace(slot, Slot::Done) {
                    Slot::Line { line, first } => {
                        if first {
                            col.starts.push(rows);
                        }
                        col.lines.push(Some(line));
                    }
                    Slot::Filler => col.lines.push(None),
                    Slot::Done => {}
                }
            }
            rows += 1;
            Ok(())
        });
        rows
    };
    Compare {
        theme,
        width,
        column_width: cw,
        stacked,
        columns,
        rows,
        stances: opts.stances,
        numbers: opts.numbers,
    }
}

/// Whether `n` columns stack at `width`, and the width of each.
fn column_width(n: usize, width: u16) -> (bool, u16) {
    let shown = n.clamp(1, MAX_COLUMNS) as u16;
    let side_by_side = n <= MAX_COLUMNS && width >= shown * MIN_COLUMN + (shown - 1) * GAP;
    if side_by_side {
        (false, (width - (shown - 1) * GAP) / shown)
    } else {
        (true, width.max(10))
    }
}

/// Lines of a passage's column sent at once between threads.
const BATCH: usize = 512;

/// A column's lines as they arrive from the thread laying it out.
struct Received {
    rx: std::sync::mpsc::Receiver<Vec<CLine>>,
    batch: std::vec::IntoIter<CLine>,
}

impl Iterator for Received {
    type Item = CLine;

    fn next(&mut self) -> Option<CLine> {
        loop {
            if let Some(l) = self.batch.next() {
                return Some(l);
            }
            self.batch = self.rx.recv().ok()?.into_iter();
        }
    }
}

/// The plain-text lines of [`compare_opts`] ([`Compare::to_lines`]),
/// handed to `f` as they are laid out; stops at the first error `f`
/// returns. The layout is never built whole: stacked columns are written
/// as they are wrapped, and side by side each column is laid out on a
/// thread of its own, a batch of lines ahead of the rows being written,
/// so `parallax show` on a 30 MB passage holds a few thousand rows, not a
/// million.
pub fn write_lines<E>(
    corpus: &Corpus,
    theme: usize,
    essays: &[usize],
    width: u16,
    opts: Options,
    f: &mut dyn FnMut(&str) -> Result<(), E>,
) -> Result<(), E> {
    let (stacked, cw) = column_width(essays.len(), width);
    let texts: Vec<ColumnText> = essays
        .iter()
        .map(|&e| column_text(corpus, theme, e, opts))
        .collect();
    let cw = usize::from(cw);
    if stacked {
        let mut result = Ok(());
        for (i, t) in texts.iter().enumerate() {
            if i > 0 {
                result = result.and_then(|()| f(&"─".repeat(cw.min(80))));
            }
            // Wrapping cannot be stopped midway: after an error the rest
            // is laid out and dropped.
            column_lines(t, cw, opts.max_quote_rows, &mut |l| {
                if result.is_ok() {
                    result = f(l.text.trim_end());
                }
            });
            if result.is_err() {
                break;
            }
        }
        return result;
    }
    let counts: Vec<usize> = texts.iter().map(|t| t.passages.len()).collect();
    std::thread::scope(|scope| {
        let mut sources = Vec::with_capacity(texts.len());
        for t in &texts {
            let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<CLine>>(2);
            scope.spawn(move || {
                let mut batch = Vec::with_capacity(BATCH);
                let mut open = true;
                column_lines(t, cw, opts.max_quote_rows, &mut |l| {
                    if !open {
                        return;
                    }
                    batch.push(l);
                    if batch.len() == BATCH {
                        let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                        // The reader stopped (the output failed): lay out
                        // the rest and drop it.
                        open = tx.send(full).is_ok();
                    }
                });
                if open && !batch.is_empty() {
                    let _ = tx.send(batch);
                }
            });
            sources.push(Received {
                rx,
                batch: Vec::new().into_iter(),
            });
        }
        let mut line = String::new();
        // On an error the receivers are dropped here, so the threads stop
        // waiting to send.
        merge(&counts, sources, &mut |slots| {
            let cells = slots.iter().map(|s| match s {
                Slot::Line { line, .. } => line.text.as_str(),
                _ => "",
            });
            join_row(&mut line, cells, cw);
            f(&line)
        })
    })
}

impl Compare {
    /// Plain-text lines: columns side by side (separated by " │ "), or
    /// stacked one after another.
    pub fn to_lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        let Ok(()) = self.each_line::<std::convert::Infallible>(&mut |l| {
            out.push(l.to_string());
            Ok(())
        });
        out
    }

    /// Hand each line of [`Compare::to_lines`] to `f` in turn, without
    /// collecting them (`show` writes a huge passage's lines straight out);
    /// stops at the first error `f` returns.
    pub fn each_line<E>(&self, f: &mut dyn FnMut(&str) -> Result<(), E>) -> Result<(), E> {
        let cw = usize::from(self.column_width);
        if self.stacked {
            for (i, c) in self.columns.iter().enumerate() {
                if i > 0 {
                    f(&"─".repeat(cw.min(80)))?;
                }
                for l in &c.lines {
                    f(l.as_ref().map_or("", |l| l.text.trim_end()))?;
                }
            }
            return Ok(());
        }
        let mut line = String::new();
        for r in 0..self.rows {
            let cells = self.columns.iter().map(|c| {
                c.lines
                    .get(r)
                    .and_then(|l| l.as_ref())
                    .map_or("", |l| l.text.as_str())
            });
            join_row(&mut line, cells, cw);
            f(&line)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{self, files};

    fn builtin() -> Corpus {
        corpus::load(files::builtin()).corpus
    }

    #[test]
    fn kth_passages_start_on_one_row() {
        let c = builtin();
        let t = c.theme_index("us-role").unwrap();
        let essays: Vec<usize> = (0..c.essays.len()).collect();
        let l = compare(&c, t, &essays, 240);
        assert!(!l.stacked);
        let most = l.columns.iter().map(|c| c.starts.len()).max().unwrap();
        for k in 0..most {
            let rows: Vec<usize> = l
                .columns
                .iter()
                .filter_map(|c| c.starts.get(k).copied())
                .collect();
            assert!(rows.windows(2).all(|w| w[0] == w[1]), "k={k}: {rows:?}");
        }
        for line in l.to_lines() {
            assert!(line.width() <= 240, "{line}");
        }
    }

    #[test]
    fn paragraph_numbers_follow_the_role_when_asked() {
        let c = builtin();
        let t = c.theme_index("gsomia").unwrap();
        let e = c.essay_index("cha-johnstone-2023").unwrap();
        let plain = compare(&c, t, &[e], 80).to_lines();
        let numbered = compare_opts(
            &c,
            t,
            &[e],
            80,
            Options {
                numbers: true,
                ..Options::default()
            },
        )
        .to_lines();
        assert!(plain.iter().all(|l| !l.contains('¶')));
        // Counted by hand in the essay file: its twelfth paragraph.
        let role = numbered.iter().find(|l| l.starts_with("1 · ")).unwrap();
        assert_eq!(role, "1 · recommendation · ¶ 12");
    }

    #[test]
    fn written_lines_are_the_layouts_lines() {
        // `show` writes the layout as it is made (threads, a merge); the
        // reader builds it whole. Every theme, every essay, both
        // arrangements and every option must give the same lines.
        let c = builtin();
        let essays: Vec<usize> = (0..c.essays.len()).collect();
        let mut compared = 0;
        for t in 0..c.map.themes.len() {
            let speaking: Vec<usize> = essays
                .iter()
                .copied()
                .filter(|&e| !c.passages_on(t, e).is_empty())
                .collect();
            for set in [&essays[..], &speaking[..], &essays[1..3]] {
                for width in [40, 100, 160, 250] {
                    for (stances, numbers, max_quote_rows) in
                        [(true, false, usize::MAX), (false, true, 3)]
                    {
                        let opts = Options {
                            max_quote_rows,
                            stances,
                            numbers,
                        };
                        let whole = compare_opts(&c, t, set, width, opts).to_lines();
                        let mut written = Vec::new();
                        let Ok(()) = write_lines::<std::convert::Infallible>(
                            &c,
                            t,
                            set,
                            width,
                            opts,
                            &mut |l| {
                                written.push(l.to_string());
                                Ok(())
                            },
                        );
                        assert_eq!(written, whole, "theme {t} width {width} {set:?}");
                        compared += whole.len();
                    }
                }
            }
        }
        assert!(compared > 10_000, "{compared}");
    }

    #[test]
    fn narrow_widths_stack() {
        let c = builtin();
        let t = c.theme_index("gsomia").unwrap();
        let l = compare(&c, t, &[0, 1, 2], 60);
        assert!(l.stacked);
        assert!(l.to_lines().iter().all(|s| s.width() <= 60));
    }
}
