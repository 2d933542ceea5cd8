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

fn wrap_into(
    out: &mut Vec<Option<CLine>>,
    kind: Kind,
    text: &str,
    width: usize,
    k: Option<usize>,
    indent: &str,
    max_rows: usize,
) {
    let (rows, more) = crate::layout::wrap_capped(text, width, indent, max_rows);
    for line in rows {
        out.push(Some(CLine {
            kind,
            text: line,
            k,
        }));
    }
    if more {
        out.push(Some(CLine {
            kind: Kind::Notice,
            text: fit("… (continues; read it in the reader)", width),
            k,
        }));
    }
}

/// An essay's block: its lines, and each passage's (first, end) line.
type Block = (Vec<Option<CLine>>, Vec<(usize, usize)>);

/// The lines of one essay's block: header, then each passage.
fn cells(corpus: &Corpus, theme: usize, essay: usize, width: usize, opts: Options) -> Block {
    let mut lines = Vec::new();
    let label = corpus.essay_label(essay);
    lines.push(Some(CLine {
        kind: Kind::Essay,
        text: fit(&label, width),
        k: None,
    }));
    lines.push(Some(CLine {
        kind: Kind::Title,
        text: fit(&corpus.essays[essay].meta.display_title(), width),
        k: None,
    }));
    lines.push(Some(CLine {
        kind: Kind::Blank,
        text: String::new(),
        k: None,
    }));
    let mut spans = Vec::new();
    let ps = corpus.passages_on(theme, essay);
    if ps.is_empty() {
        wrap_into(
            &mut lines,
            Kind::Notice,
            "(nothing on this theme)",
            width,
            None,
            "",
            usize::MAX,
        );
    }
    for (k, &p) in ps.iter().enumerate() {
        let start = lines.len();
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
        lines.push(Some(CLine {
            kind: Kind::Role,
            text: fit(&format!("{} · {role}{para}", k + 1), width),
            k: Some(k),
        }));
        if let (true, Some(s)) = (opts.stances, &pass.stance) {
            wrap_into(&mut lines, Kind::Stance, s, width, Some(k), "", usize::MAX);
        }
        wrap_into(
            &mut lines,
            Kind::Quote,
            corpus.passage_text(p),
            width,
            Some(k),
            "│ ",
            opts.max_quote_rows,
        );
        if let (true, Some(n)) = (opts.stances, &pass.note) {
            wrap_into(
                &mut lines,
                Kind::Note,
                &format!("note: {n}"),
                width,
                Some(k),
                "",
                usize::MAX,
            );
        }
        lines.push(Some(CLine {
            kind: Kind::Blank,
            text: String::new(),
            k: Some(k),
        }));
        spans.push((start, lines.len()));
    }
    (lines, spans)
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
    let n = essays.len().clamp(1, MAX_COLUMNS) as u16;
    let side_by_side = essays.len() <= MAX_COLUMNS && width >= n * MIN_COLUMN + (n - 1) * GAP;
    if !side_by_side {
        // Stacked: one full-width column, essay after essay.
        let w = usize::from(width.max(10));
        let mut columns = Vec::new();
        for &e in essays {
            let (lines, spans) = cells(corpus, theme, e, w, opts);
            columns.push(Column {
                essay: e,
                passages: corpus.passages_on(theme, e).to_vec(),
                starts: spans.iter().map(|s| s.0).collect(),
                lines,
            });
        }
        let rows = columns.iter().map(|c| c.lines.len()).sum();
        return Compare {
            theme,
            width,
            column_width: width.max(10),
            stacked: true,
            columns,
            rows,
            stances: opts.stances,
            numbers: opts.numbers,
        };
    }
    let cw = (width - (n - 1) * GAP) / n;
    let blocks: Vec<Block> = essays
        .iter()
        .map(|&e| cells(corpus, theme, e, usize::from(cw), opts))
        .collect();
    let header = 3; // label, title, blank: the same in every column
                    // Each column's lines are moved, not copied, into place: the lines of
                    // passage k follow those of passage k-1 (a huge passage's rows are
                    // held once).
    let mut out: Vec<Vec<Option<CLine>>> = Vec::with_capacity(blocks.len());
    let mut sources = Vec::with_capacity(blocks.len());
    let mut spans_of = Vec::with_capacity(blocks.len());
    for (lines, spans) in blocks {
        let mut it = lines.into_iter();
        out.push(it.by_ref().take(header).collect());
        sources.push(it);
        spans_of.push(spans);
    }
    let mut starts: Vec<Vec<usize>> = vec![Vec::new(); out.len()];
    let most = spans_of.iter().map(Vec::len).max().unwrap_or(0);
    for k in 0..most {
        // The k-th passages start on the row of the lowest column so far.
        let row = spans_of
            .iter()
            .zip(&out)
            .filter(|(s, _)| k < s.len())
            .map(|(_, o)| o.len())
            .max()
            .unwrap_or(0);
        for (c, spans) in spans_of.iter().enumerate() {
            let Some(&(a, b)) = spans.get(k) else {
                continue;
            };
            out[c].resize(row, None);
            starts[c].push(row);
            out[c].extend(sources[c].by_ref().take(b - a));
        }
    }
    // Columns without passages keep their notice.
    for (c, spans) in spans_of.iter().enumerate() {
        if spans.is_empty() {
            out[c].extend(sources[c].by_ref());
        }
    }
    let rows = out.iter().map(Vec::len).max().unwrap_or(0);
    let columns = essays
        .iter()
        .zip(out)
        .zip(starts)
        .map(|((&e, lines), starts)| Column {
            essay: e,
            passages: corpus.passages_on(theme, e).to_vec(),
            lines,
            starts,
        })
        .collect();
    Compare {
        theme,
        width,
        column_width: cw,
        stacked: false,
        columns,
        rows,
        stances: opts.stances,
        numbers: opts.numbers,
    }
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
            line.clear();
            for (i, c) in self.columns.iter().enumerate() {
                if i > 0 {
                    line.push_str(" │ ");
                }
                let t = c
                    .lines
                    .get(r)
                    .and_then(|l| l.as_ref())
                    .map_or("", |l| l.text.as_str());
                line.push_str(t);
                line.extend(std::iter::repeat_n(' ', cw.saturating_sub(t.width())));
            }
            f(line.trim_end())?;
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
    fn narrow_widths_stack() {
        let c = builtin();
        let t = c.theme_index("gsomia").unwrap();
        let l = compare(&c, t, &[0, 1, 2], 60);
        assert!(l.stacked);
        assert!(l.to_lines().iter().all(|s| s.width() <= 60));
    }
}
