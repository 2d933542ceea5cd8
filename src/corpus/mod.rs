//! A corpus: essays plus a theme map, loaded from a directory or from the
//! copy compiled into the binary, with every problem as a diagnostic.

mod essay;
pub mod files;
pub mod markdown;

use std::ops::Range;

use rayon::prelude::*;

pub use essay::{Essay, Meta, FRONT_MATTER_KEYS};
pub use files::{CorpusFiles, InputFile};

use crate::diag::{Diagnostic, Severity};
use crate::mapping::{self, Passage, Theme, ThemeMap};

/// A loaded corpus with lookup indexes.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    /// Where it came from ("built-in" or a directory).
    pub name: String,
    /// Essays, sorted by id.
    pub essays: Vec<Essay>,
    /// The theme map.
    pub map: ThemeMap,
    /// `cells[theme * essays.len() + essay]`: that essay's passages on that
    /// theme, as indices into `map.passages`, in text order.
    cells: Vec<Vec<usize>>,
    /// Each essay's passages (any theme), in text order.
    by_essay: Vec<Vec<usize>>,
}

/// The result of loading: the corpus (whatever could be read) and every
/// problem found.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The corpus, possibly partial when there are errors.
    pub corpus: Corpus,
    /// Errors and warnings, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    /// True if any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

/// Read, parse, anchor and validate a corpus.
pub fn load(files: CorpusFiles) -> Loaded {
    let mut diagnostics = files.diagnostics;
    // Essays are read and parsed in parallel; each file's bytes are dropped
    // as soon as it is parsed, so a large corpus is not held twice. The
    // theme maps, which do not depend on the essays, are read and parsed at
    // the same time.
    let (parsed, (sources, theme_errors, specs)) = rayon::join(
        || {
            files
                .essays
                .par_iter()
                .map(|f| {
                    let mut d = Vec::new();
                    if f.stem.contains(',')
                        || f.stem.chars().any(|c| {
                            c.is_whitespace()
                                || c.is_control()
                                || crate::safe_text::is_bidi_control(c)
                        })
                    {
                        d.push(
                            Diagnostic::file_error(
                                format!(
                                    "essay id `{}` has a comma, space, control or bidirectional character; ids are used in --essays a,b",
                                    f.stem
                                ),
                                &f.name,
                            )
                            .with_note("hint: rename the file, e.g. with dashes"),
                        );
                        return (None, d);
                    }
                    // A file that cannot be read or parsed still gives an
                    // (empty) essay, so passages on it are not also
                    // reported as naming an essay that does not exist.
                    match f.read() {
                        Ok(src) => {
                            let e = Essay::parse(&f.stem, &src, &mut d);
                            (Some(e.unwrap_or_else(|| placeholder(f))), d)
                        }
                        Err(e) => (Some(placeholder(f)), vec![*e]),
                    }
                })
                .collect::<Vec<(Option<Essay>, Vec<Diagnostic>)>>()
        },
        || {
            let mut sources = Vec::new();
            let mut errors = Vec::new();
            for f in &files.themes {
                match f.read() {
                    Ok(src) => sources.push(src),
                    Err(e) => errors.push(*e),
                }
            }
            let specs = mapping::read(&sources);
            (sources, errors, specs)
        },
    );
    let mut essays = Vec::with_capacity(parsed.len());
    for (e, mut d) in parsed {
        diagnostics.append(&mut d);
        essays.extend(e);
    }
    essays.sort_by(|a, b| a.id.cmp(&b.id));
    diagnostics.extend(theme_errors);
    let map = mapping::resolve_read(&sources, specs, &essays, &mut diagnostics);
    let corpus = Corpus::new(files.name, essays, map);
    // Checks run by kind (schema, then ids, then anchoring); the reader of
    // the report wants them by file and line. The sort is stable.
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    Loaded {
        corpus,
        diagnostics,
    }
}

/// The stand-in for an essay file that could not be read: its id, no text.
fn placeholder(f: &InputFile) -> Essay {
    Essay {
        id: f.stem.clone(),
        path: f.name.clone(),
        meta: Meta::default(),
        text: String::new(),
        blocks: Vec::new(),
        spans: Vec::new(),
    }
}

impl Corpus {
    /// Build a corpus from parts, computing the indexes.
    pub fn new(name: String, essays: Vec<Essay>, map: ThemeMap) -> Self {
        let n = essays.len();
        let mut cells = vec![Vec::new(); map.themes.len() * n];
        let mut by_essay = vec![Vec::new(); n];
        for (i, p) in map.passages.iter().enumerate() {
            by_essay[p.essay].push(i);
            for &t in &p.themes {
                cells[t * n + p.essay].push(i);
            }
        }
        let key = |i: &usize| {
            let r = &map.passages[*i].range;
            (r.start, r.end, *i)
        };
        for v in cells.iter_mut().chain(by_essay.iter_mut()) {
            v.sort_by_key(key);
        }
        Corpus {
            name,
            essays,
            map,
            cells,
            by_essay,
        }
    }

    /// Index of an essay by id.
    pub fn essay_index(&self, id: &str) -> Option<usize> {
        self.essays.binary_search_by(|e| e.id.as_str().cmp(id)).ok()
    }

    /// Index of a theme by id.
    pub fn theme_index(&self, id: &str) -> Option<usize> {
        self.map.themes.iter().position(|t| t.id == id)
    }

    /// A compact label for an essay: authors' surnames and, when the source
    /// gives a date, the year: "Hawley & Leopold (2021)", "Aum".
    pub fn essay_label(&self, e: usize) -> String {
        let m = &self.essays[e].meta;
        let who = if m.authors.is_empty() {
            self.essays[e].id.clone()
        } else {
            m.surnames()
        };
        match m.year() {
            Some(y) => format!("{who} ({y})"),
            None => who,
        }
    }

    /// The theme at an index.
    pub fn theme(&self, t: usize) -> &Theme {
        &self.map.themes[t]
    }

    /// A passage by index.
    pub fn passage(&self, p: usize) -> &Passage {
        &self.map.passages[p]
    }

    /// An essay's passages on a theme, in text order (indices into
    /// `map.passages`).
    pub fn passages_on(&self, theme: usize, essay: usize) -> &[usize] {
        &self.cells[theme * self.essays.len() + essay]
    }

    /// All of an essay's passages, in text order.
    pub fn passages_in(&self, essay: usize) -> &[usize] {
        &self.by_essay[essay]
    }

    /// The text of a passage.
    pub fn passage_text(&self, p: usize) -> &str {
        let p = &self.map.passages[p];
        &self.essays[p.essay].text[p.range.clone()]
    }

    /// A passage's range in Unicode code points (end exclusive), the
    /// convention of exports and JSON.
    pub fn char_range(&self, p: usize) -> Range<usize> {
        let p = &self.map.passages[p];
        char_range(&self.essays[p.essay].text, p.range.clone())
    }
}

/// Convert a byte range of `text` to a code-point range.
pub fn char_range(text: &str, r: Range<usize>) -> Range<usize> {
    let start = text[..r.start].chars().count();
    start..start + text[r].chars().count()
}

/// The built-in corpus, for unit tests: it must load without a single
/// diagnostic.
#[cfg(test)]
pub(crate) fn builtin_for_tests() -> Corpus {
    let l = load(files::builtin());
    assert!(l.diagnostics.is_empty(), "{:?}", l.diagnostics);
    l.corpus
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus(essays: &[(&str, &str)], map: &str) -> Loaded {
        let files = CorpusFiles {
            name: "test".into(),
            essays: essays
                .iter()
                .map(|(id, t)| InputFile::memory(format!("essays/{id}.md"), t.as_bytes()))
                .collect(),
            themes: vec![InputFile::memory("themes/m.toml", map.as_bytes())],
            diagnostics: Vec::new(),
        };
        load(files)
    }

    const E: &str = "+++\nauthors = [\"A\"]\n+++\nAlpha beta gamma. Delta epsilon “zeta”.\n";

    #[test]
    fn a_tour_step_essay_without_a_passage_on_its_theme_is_a_warning() {
        let l = corpus(
            &[("e1", E), ("e2", E)],
            "[[themes]]\nid = \"t\"\ntitle = \"T\"\n[[passages]]\nessay = \"e1\"\nthemes = [\"t\"]\nquote = \"Alpha beta\"\nstance = \"s\"\n[[tours]]\nid = \"x\"\ntitle = \"X\"\n[[tours.steps]]\ntheme = \"t\"\nessays = [\"e1\", \"e2\"]\nprompt = \"p\"\n",
        );
        assert!(!l.has_errors(), "{:?}", l.diagnostics);
        assert_eq!(l.diagnostics.len(), 1, "{:?}", l.diagnostics);
        let d = &l.diagnostics[0];
        assert_eq!(d.severity, Severity::Warning);
        assert_eq!(d.message, "essay `e2` has no passage on theme `t`");
        assert_eq!(d.position(), "themes/m.toml:14:17");
    }

    #[test]
    fn passages_anchor_and_index_by_theme_and_essay() {
        let l = corpus(
            &[("e1", E)],
            "[[themes]]\nid = \"t\"\ntitle = \"T\"\n[[passages]]\nessay = \"e1\"\nthemes = [\"t\"]\nquote = \"epsilon \\\"zeta\\\"\"\nstance = \"s\"\n",
        );
        assert!(l.diagnostics.is_empty(), "{:?}", l.diagnostics);
        let c = &l.corpus;
        let p = c.passages_on(0, 0)[0];
        assert_eq!(c.passage_text(p), "epsilon “zeta”");
        assert_eq!(c.char_range(p), 24..38);
    }
}
