//! Coverage: how much each essay says on each theme — passage count, share
//! of the essay's words, and the role its passages mostly play.

use crate::corpus::Corpus;
use crate::mapping::Role;

/// One cell of the themes × essays matrix.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Cell {
    /// Passages on the theme in the essay.
    pub passages: usize,
    /// Words in those passages (overlaps counted once).
    pub words: usize,
    /// `words` as a share of the essay's words, 0.0–1.0.
    pub share: f64,
    /// The most frequent role among the passages (ties: the first in
    /// `Role::ALL` order), if any passage has a role.
    pub dominant: Option<Role>,
}

/// The matrix, themes × essays. Only the cells with a passage are kept: a
/// map of 10,000 themes over 20 essays has at most one passage-bearing
/// cell in twenty, and 200,000 cells of 32 bytes were 6 MB.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Coverage {
    /// `starts[t]..starts[t + 1]`: theme `t`'s cells in `cells`.
    starts: Vec<usize>,
    /// (essay, cell) of every cell with a passage, by theme then essay.
    cells: Vec<(u32, Cell)>,
    /// Essays (columns).
    essays: usize,
    /// Words per essay.
    pub essay_words: Vec<usize>,
}

impl Coverage {
    /// Compute the matrix for a corpus.
    pub fn of(corpus: &Corpus) -> Coverage {
        let essay_words: Vec<usize> = corpus
            .essays
            .iter()
            .map(|e| e.text.split_whitespace().count())
            .collect();
        let mut starts = Vec::with_capacity(corpus.map.themes.len() + 1);
        let mut cells = Vec::new();
        for t in 0..corpus.map.themes.len() {
            starts.push(cells.len());
            for (e, &words) in essay_words.iter().enumerate() {
                if !corpus.passages_on(t, e).is_empty() {
                    cells.push((e as u32, cell(corpus, t, e, words)));
                }
            }
        }
        starts.push(cells.len());
        Coverage {
            starts,
            cells,
            essays: corpus.essays.len(),
            essay_words,
        }
    }

    /// Number of themes (rows).
    pub fn themes(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// Theme `t`'s cells with a passage: (essay, cell), by essay.
    fn nonempty(&self, t: usize) -> &[(u32, Cell)] {
        match (self.starts.get(t), self.starts.get(t + 1)) {
            (Some(&a), Some(&b)) => &self.cells[a..b],
            _ => &[],
        }
    }

    /// The cell of theme `t` and essay `e` (empty if it has no passage).
    pub fn cell(&self, t: usize, e: usize) -> Cell {
        let row = self.nonempty(t);
        row.binary_search_by_key(&e, |&(x, _)| x as usize)
            .map_or_else(|_| Cell::default(), |i| row[i].1)
    }

    /// Theme `t`'s cells, one per essay in order (empty ones included).
    pub fn row(&self, t: usize) -> impl Iterator<Item = Cell> + '_ {
        let mut rest = self.nonempty(t).iter().peekable();
        (0..self.essays).map(move |e| match rest.peek() {
            Some(&&(x, c)) if x as usize == e => {
                rest.next();
                c
            }
            _ => Cell::default(),
        })
    }

    /// The largest share any essay gives any theme (for scaling bars).
    pub fn max_share(&self) -> f64 {
        self.cells.iter().map(|(_, c)| c.share).fold(0.0, f64::max)
    }

    /// Total passages on a theme across essays.
    pub fn theme_total(&self, t: usize) -> usize {
        self.nonempty(t).iter().map(|(_, c)| c.passages).sum()
    }

    /// How many essays speak to a theme.
    pub fn theme_reach(&self, t: usize) -> usize {
        self.nonempty(t)
            .iter()
            .filter(|(_, c)| c.passages > 0)
            .count()
    }
}

fn cell(corpus: &Corpus, t: usize, e: usize, total_words: usize) -> Cell {
    let ps = corpus.passages_on(t, e);
    if ps.is_empty() {
        return Cell::default();
    }
    // Merge overlapping ranges (they come sorted by start) so shared text
    // is counted once.
    let essay = &corpus.essays[e];
    let mut words = 0;
    let mut cur: Option<std::ops::Range<usize>> = None;
    for &p in ps {
        let r = corpus.passage(p).range.clone();
        match &mut cur {
            Some(c) if r.start <= c.end => c.end = c.end.max(r.end),
            _ => {
                if let Some(c) = cur.take() {
                    words += essay.words_in(c);
                }
                cur = Some(r);
            }
        }
    }
    if let Some(c) = cur {
        words += essay.words_in(c);
    }
    let mut counts = [0usize; 5];
    for &p in ps {
        if let Some(r) = corpus.passage(p).role {
            counts[Role::ALL.iter().position(|x| *x == r).unwrap_or(0)] += 1;
        }
    }
    let best = counts.iter().copied().max().unwrap_or(0);
    let dominant =
        (best > 0).then(|| Role::ALL[counts.iter().position(|&c| c == best).unwrap_or(0)]);
    Cell {
        passages: ps.len(),
        words,
        share: if total_words == 0 {
            0.0
        } else {
            words as f64 / total_words as f64
        },
        dominant,
    }
}

/// How the matrix rows are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// As the theme map lists them.
    #[default]
    Map,
    /// Most passages first.
    Size,
    /// By one essay's share, largest first.
    Essay(usize),
}

impl Sort {
    /// Theme indices in this order (stable: ties keep map order).
    pub fn order(self, cov: &Coverage) -> Vec<usize> {
        let mut v: Vec<usize> = (0..cov.themes()).collect();
        match self {
            Sort::Map => {}
            Sort::Size => v.sort_by_key(|&t| std::cmp::Reverse(cov.theme_total(t))),
            Sort::Essay(e) => v.sort_by(|&a, &b| {
                let sa = cov.cell(a, e).share;
                let sb = cov.cell(b, e).share;
                sb.total_cmp(&sa)
            }),
        }
        v
    }

    /// A short label for the status bar.
    pub fn label(self) -> &'static str {
        match self {
            Sort::Map => "map order",
            Sort::Size => "most passages first",
            Sort::Essay(_) => "by this essay's share",
        }
    }
}

/// A bar of `width` cells for a share (0–1), in eighths, scaled so that
/// `full` fills the bar.
pub fn bar(share: f64, full: f64, width: usize) -> String {
    const EIGHTHS: [char; 8] = ['▏', '▎', '▍', '▌', '▋', '▊', '▉', '█'];
    if width == 0 || share <= 0.0 {
        return " ".repeat(width);
    }
    let units = ((share / full.max(f64::EPSILON)).min(1.0) * (width * 8) as f64)
        .round()
        .max(1.0) as usize;
    let mut s = "█".repeat(units / 8);
    if units % 8 > 0 {
        s.push(EIGHTHS[units % 8 - 1]);
    }
    let used = s.chars().count();
    s.push_str(&" ".repeat(width.saturating_sub(used)));
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus;

    /// A corpus whose coverage is known by hand.
    fn small() -> Corpus {
        let essay = |id: &str, body: &str| {
            corpus::InputFile::memory(
                format!("essays/{id}.md"),
                format!("+++\ntitle = \"{id}\"\nauthors = [\"A\"]\n+++\n{body}\n").into_bytes(),
            )
        };
        let map = r#"
[[themes]]
id = "t"
title = "T"
[[themes]]
id = "u"
title = "U"

[[passages]]
essay = "a"
themes = ["t"]
quote = "two three four"
role = "claim"
[[passages]]
essay = "a"
themes = ["t", "u"]
quote = "four five six"
role = "evidence"
[[passages]]
essay = "a"
themes = ["t"]
quote = "nine ten"
role = "evidence"
"#;
        let files = corpus::CorpusFiles {
            name: "small".into(),
            essays: vec![
                essay("a", "one two three four five six seven eight nine ten"),
                essay("b", "nothing here on either theme"),
            ],
            themes: vec![corpus::InputFile::memory(
                "themes/m.toml",
                map.as_bytes().to_vec(),
            )],
            diagnostics: Vec::new(),
        };
        let loaded = corpus::load(files);
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
        loaded.corpus
    }

    #[test]
    fn overlapping_passages_count_their_shared_words_once() {
        let c = small();
        let cov = Coverage::of(&c);
        let (t, u) = (c.theme_index("t").unwrap(), c.theme_index("u").unwrap());
        let (a, b) = (c.essay_index("a").unwrap(), c.essay_index("b").unwrap());
        assert_eq!(cov.essay_words[a], 10);
        // "two three four" and "four five six" overlap on "four": together
        // five words, not six; with "nine ten", seven of ten.
        let cell = cov.cell(t, a);
        assert_eq!((cell.passages, cell.words), (3, 7));
        assert!((cell.share - 0.7).abs() < 1e-9, "{}", cell.share);
        assert_eq!(cell.dominant, Some(Role::Evidence));
        let cell = cov.cell(u, a);
        assert_eq!((cell.passages, cell.words), (1, 3));
        assert_eq!(cell.dominant, Some(Role::Evidence));
        assert_eq!(cov.cell(t, b), Cell::default());
        assert_eq!((cov.theme_total(t), cov.theme_reach(t)), (3, 1));
    }

    #[test]
    fn sorting_by_size_puts_the_biggest_theme_first() {
        let c = crate::corpus::builtin_for_tests();
        let cov = Coverage::of(&c);
        let order = Sort::Size.order(&cov);
        let totals: Vec<usize> = order.iter().map(|&t| cov.theme_total(t)).collect();
        assert!(totals.windows(2).all(|w| w[0] >= w[1]));
        assert_eq!(order.len(), c.map.themes.len());
    }

    #[test]
    fn bars_scale_in_eighths() {
        assert_eq!(bar(0.0, 1.0, 4), "    ");
        assert_eq!(bar(1.0, 1.0, 4), "████");
        assert_eq!(bar(0.5, 1.0, 4), "██  ");
        assert_eq!(bar(0.01, 1.0, 4).chars().next(), Some('▏'));
    }
}
