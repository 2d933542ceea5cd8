//! The compare layout: one column per essay, each the essay's passages on a
//! theme in order (role, stance, quoted text), the k-th passages of all
//! columns starting on the same row. Narrow widths stack the columns.
//! Shared by the reader's compare view and `parallax show --format text`.

use unicode_width::UnicodeWidthStr;

use super::fit;
use crate::corpus::Corpus;

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
fn cells(
    corpus: &Corpus,
    theme: usize,
    essay: usize,
    width: usize,
    max_quote_rows: usize,
) -> Block {
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
        let role = pass.role.map_or("passage", |r| r.name());
        lines.push(Some(CLine {
            kind: Kind::Role,
            text: fit(&format!("{} · {role}", k + 1), width),
            k: Some(k),
        }));
        if let Some(s) = &pass.stance {
            wrap_into(&mut lines, Kind::Stance, s, width, Some(k), "", usize::MAX);
        }
        wrap_into(
            &mut lines,
            Kind::Quote,
            corpus.passage_text(p),
            width,
            Some(k),
            "│ ",
            max_quote_rows,
        );
        if let Some(n) = &pass.note {
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
    let n = essays.len().clamp(1, MAX_COLUMNS) as u16;
    let side_by_side = essays.len() <= MAX_COLUMNS && width >= n * MIN_COLUMN + (n - 1) * GAP;
    if !side_by_side {
        // Stacked: one full-width column, essay after essay.
        let w = usize::from(width.max(10));
        let mut columns = Vec::new();
        for &e in essays {
            let (lines, spans) = cells(corpus, theme, e, w, max_quote_rows);
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
        };
    }
    let cw = (width - (n - 1) * GAP) / n;
    let blocks: Vec<Block> = essays
        .iter()
        .map(|&e| cells(corpus, theme, e, usize::from(cw), max_quote_rows))
        .collect();
    let header = 3; // label, title, blank: the same in every column
    let mut out: Vec<Vec<Option<CLine>>> =
        blocks.iter().map(|(l, _)| l[..header].to_vec()).collect();
    let mut starts: Vec<Vec<usize>> = vec![Vec::new(); blocks.len()];
    let most = blocks.iter().map(|(_, s)| s.len()).max().unwrap_or(0);
    for k in 0..most {
        // The k-th passages start on the row of the lowest column so far.
        let row = blocks
            .iter()
            .zip(&out)
            .filter(|((_, s), _)| k < s.len())
            .map(|(_, o)| o.len())
            .max()
            .unwrap_or(0);
        for (c, (lines, spans)) in blocks.iter().enumerate() {
            let Some(&(a, b)) = spans.get(k) else {
                continue;
            };
            out[c].resize(row, None);
            starts[c].push(row);
            out[c].extend(lines[a..b].iter().cloned());
        }
    }
    // Columns without passages keep their notice.
    for (c, (lines, spans)) in blocks.iter().enumerate() {
        if spans.is_empty() {
            out[c].extend(lines[header..].iter().cloned());
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
    }
}

impl Compare {
    /// Plain-text lines: columns side by side (separated by " │ "), or
    /// stacked one after another.
    pub fn to_lines(&self) -> Vec<String> {
        let cw = usize::from(self.column_width);
        if self.stacked {
            let mut out = Vec::new();
            for (i, c) in self.columns.iter().enumerate() {
                if i > 0 {
                    out.push("─".repeat(cw.min(80)));
                }
                out.extend(
                    c.lines
                        .iter()
                        .map(|l| l.as_ref().map_or(String::new(), |l| l.text.clone())),
                );
            }
            return out.into_iter().map(|l| l.trim_end().to_string()).collect();
        }
        (0..self.rows)
            .map(|r| {
                let cells: Vec<String> = self
                    .columns
                    .iter()
                    .map(|c| {
                        let t = c
                            .lines
                            .get(r)
                            .and_then(|l| l.as_ref())
                            .map_or("", |l| l.text.as_str());
                        format!("{t}{}", " ".repeat(cw.saturating_sub(t.width())))
                    })
                    .collect();
                cells.join(" │ ").trim_end().to_string()
            })
            .collect()
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
    fn narrow_widths_stack() {
        let c = builtin();
        let t = c.theme_index("gsomia").unwrap();
        let l = compare(&c, t, &[0, 1, 2], 60);
        assert!(l.stacked);
        assert!(l.to_lines().iter().all(|s| s.width() <= 60));
    }
}
