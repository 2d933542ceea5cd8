//! A corpus: essays plus a theme map, loaded from a directory or from the
//! copy compiled into the binary, with every problem as a diagnostic.

pub mod body;
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
    /// Each theme's passages, as indices into `map.passages`, by essay and
    /// then in text order: theme `t`'s are
    /// `theme_items[theme_start[t]..theme_start[t + 1]]`, and a (theme,
    /// essay) cell is a run of them, found by binary search. Sized by the
    /// tags, not by themes × essays: a table of every cell's offsets
    /// (10,000 themes over 20 essays) was 1.6 MB, and 80 MB over 1,000
    /// essays (issue 13).
    theme_start: Vec<usize>,
    theme_items: Vec<usize>,
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

/// Read, parse, anchor and validate a corpus, keeping it all: what the
/// reader and the exports need. The essays are read and parsed in parallel
/// (each file's bytes dropped once parsed; large ones one at a time, see
/// `LARGE_ESSAY`) while the theme maps are read and checked against the
/// essays' ids (their file stems); then every essay's passages are
/// anchored, in parallel (large ones one at a time). The maps' work
/// overlaps the essays', which [`check`]'s one-pass order cannot do
/// (measured on the 1,000-essay corpus: about 0.22 s against 0.27 s).
pub fn load(files: CorpusFiles) -> Loaded {
    let mut diagnostics = files.diagnostics;
    let (valid, mut bad) = valid_essays(&files.essays);
    diagnostics.append(&mut bad);
    let ids: Vec<&str> = valid.iter().map(|f| f.stem.as_str()).collect();
    let (parsed, (map_errors, resolver, mut map_diags)) = rayon::join(
        || by_size(&valid, |f| f.size(), |_, f| read_essay(f)),
        || {
            let maps = read_maps(&files.themes);
            let mut d = Vec::new();
            let r = mapping::Resolver::new(&maps.sources, maps.specs, &ids, &mut d);
            (maps.errors, r, d)
        },
    );
    let mut essays = Vec::with_capacity(parsed.len());
    for (e, mut d) in parsed {
        diagnostics.append(&mut d);
        essays.push(e);
    }
    diagnostics.extend(map_errors);
    diagnostics.append(&mut map_diags);
    // The files' bytes, the parsers' trees and the maps' parsed tables
    // are freed, in other threads' arenas: give them back before anchoring.
    crate::heap::give_back();
    let map = resolver.anchor_all(&essays, &mut diagnostics);
    // Checks run by kind (schema, then ids, then anchoring); the reader of
    // the report wants them by file and line. The sort is stable.
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    Loaded {
        corpus: Corpus::new(files.name, essays, map),
        diagnostics,
    }
}

/// The essay files whose stem can be an id, in id order (the order of the
/// corpus's essays), and a diagnostic for each that cannot.
fn valid_essays(essays: &[InputFile]) -> (Vec<&InputFile>, Vec<Diagnostic>) {
    let mut valid: Vec<&InputFile> = Vec::with_capacity(essays.len());
    let mut bad = Vec::new();
    for f in essays {
        match bad_id(f) {
            Some(d) => bad.push(d),
            None => valid.push(f),
        }
    }
    valid.sort_by(|a, b| a.stem.cmp(&b.stem));
    (valid, bad)
}

/// What `parallax check` reports of a corpus: its problems and its size.
#[derive(Debug, Clone)]
pub struct Checked {
    /// Where it came from ("built-in" or a directory).
    pub name: String,
    /// How many essays, themes, passages and tours resolved.
    pub counts: Counts,
    /// Errors and warnings, in file order: the same as [`load`] finds.
    pub diagnostics: Vec<Diagnostic>,
}

/// The size of a corpus, as `check` sums it up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Essays.
    pub essays: usize,
    /// Themes.
    pub themes: usize,
    /// Passages that resolved.
    pub passages: usize,
    /// Tours.
    pub tours: usize,
}

impl Counts {
    /// The counts of a loaded corpus.
    pub fn of(c: &Corpus) -> Counts {
        Counts::new(c.essays.len(), &c.map)
    }

    /// The counts of `essays` essays and this map.
    fn new(essays: usize, map: &ThemeMap) -> Counts {
        Counts {
            essays,
            themes: map.themes.len(),
            passages: map.passages.len(),
            tours: map.tours.len(),
        }
    }
}

impl Checked {
    /// True if any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// The problems [`load`] finds, and the counts, without holding the
/// corpus: the theme maps are read first, then each essay is read, parsed
/// and its passages anchored in one parallel task (large ones one at a
/// time), and its text dropped
/// (kept only where a tour's focus needs it), so memory is the maps and a
/// few essays at a time, where [`load`] holds every essay's text.
pub fn check(files: CorpusFiles) -> Checked {
    let mut diagnostics = files.diagnostics;
    let maps = read_maps(&files.themes);
    let (valid, mut bad) = valid_essays(&files.essays);
    diagnostics.append(&mut bad);
    let ids: Vec<&str> = valid.iter().map(|f| f.stem.as_str()).collect();
    let mut map_diags = Vec::new();
    let resolver = mapping::Resolver::new(&maps.sources, maps.specs, &ids, &mut map_diags);
    // The maps' parsed tables are freed: give them back before the essays.
    crate::heap::give_back();
    let done: Vec<(Essay, Vec<Diagnostic>, mapping::EssayAnchors)> = by_size(
        &valid,
        |f| f.size(),
        |e, f| {
            let (mut essay, d) = read_essay(f);
            // Anchoring and its diagnostics read only the text.
            essay.blocks = Vec::new();
            essay.spans = Vec::new();
            let anchors = resolver.anchor_essay(e, &essay);
            if !resolver.needs_text(e) {
                essay.text = String::new();
            }
            (essay, d, anchors)
        },
    );
    let mut essays = Vec::with_capacity(done.len());
    let mut anchors = Vec::with_capacity(done.len());
    for (essay, mut d, a) in done {
        diagnostics.append(&mut d);
        essays.push(essay);
        anchors.push(a);
    }
    diagnostics.extend(maps.errors);
    diagnostics.append(&mut map_diags);
    crate::heap::give_back();
    let map = resolver.finish(anchors, &essays, &mut diagnostics);
    // Checks run by kind (schema, then ids, then anchoring); the reader of
    // the report wants them by file and line. The sort is stable.
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    Checked {
        name: files.name,
        counts: Counts::new(essays.len(), &map),
        diagnostics,
    }
}

/// Essays (files, or texts) of at least this many bytes are read, parsed
/// and anchored one at a time. Each costs several times its size while it
/// is worked on (its bytes, the Markdown parser's tree of about three
/// times that, its text, then a normalised copy and the search's
/// automata), so two large ones at once made a corpus of a few large
/// essays cost twice what one does (issue 13). Smaller essays stay in
/// parallel, where a thousand of them load in a fraction of the time.
pub(crate) const LARGE_ESSAY: u64 = 512 << 10;

/// `f(index, item)` for every item, results in the items' order: items of
/// at least [`LARGE_ESSAY`] bytes one after the other (on one thread),
/// the others in parallel beside them.
pub(crate) fn by_size<T: Sync, R: Send>(
    items: &[T],
    size: impl Fn(&T) -> u64 + Sync,
    f: impl Fn(usize, &T) -> R + Sync,
) -> Vec<R> {
    let large: Vec<usize> = (0..items.len())
        .filter(|&i| size(&items[i]) >= LARGE_ESSAY)
        .collect();
    if large.is_empty() {
        return items.par_iter().enumerate().map(|(i, t)| f(i, t)).collect();
    }
    let (small_done, large_done) = rayon::join(
        || {
            items
                .par_iter()
                .enumerate()
                .filter(|(_, t)| size(t) < LARGE_ESSAY)
                .map(|(i, t)| (i, f(i, t)))
                .collect::<Vec<_>>()
        },
        || {
            large
                .iter()
                .map(|&i| (i, f(i, &items[i])))
                .collect::<Vec<_>>()
        },
    );
    let mut out: Vec<Option<R>> = (0..items.len()).map(|_| None).collect();
    for (i, r) in small_done.into_iter().chain(large_done) {
        out[i] = Some(r);
    }
    out.into_iter()
        .map(|r| r.expect("every item is small or large"))
        .collect()
}

/// The diagnostic for an essay file whose stem cannot be an id (ids are
/// used in `--essays a,b`), which is then not loaded.
fn bad_id(f: &InputFile) -> Option<Diagnostic> {
    let bad = f.stem.contains(',')
        || f.stem
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || crate::safe_text::is_bidi_control(c));
    bad.then(|| {
        Diagnostic::file_error(
            format!(
                "essay id `{}` has a comma, space, control or bidirectional character; ids are used in --essays a,b",
                f.stem
            ),
            &f.name,
        )
        .with_note("hint: rename the file, e.g. with dashes")
    })
}

/// Read and parse one essay file. A file that cannot be read or parsed
/// still gives an (empty) essay, so passages on it are not also reported
/// as naming an essay that does not exist.
fn read_essay(f: &InputFile) -> (Essay, Vec<Diagnostic>) {
    let mut d = Vec::new();
    match f.read() {
        Ok(src) => {
            let e = Essay::parse(&f.stem, &src, &mut d);
            (e.unwrap_or_else(|| placeholder(f)), d)
        }
        Err(e) => (placeholder(f), vec![*e]),
    }
}

/// The theme-map files, read and parsed.
struct Maps {
    /// The files read (kept for diagnostics).
    sources: Vec<crate::diag::Source>,
    /// A diagnostic per file that could not be read.
    errors: Vec<Diagnostic>,
    /// What was read from each source, with its problems.
    specs: Vec<(mapping::schema::FileSpec, Vec<Diagnostic>)>,
}

/// Read the theme-map files and parse them (in parallel, in pieces).
fn read_maps(themes: &[InputFile]) -> Maps {
    let mut sources = Vec::new();
    let mut errors = Vec::new();
    for f in themes {
        match f.read() {
            Ok(src) => sources.push(src),
            Err(e) => errors.push(*e),
        }
    }
    let specs = mapping::read(&sources);
    Maps {
        sources,
        errors,
        specs,
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
        // Count each theme's passages, turn the counts into offsets, then
        // place each passage at its theme's next free slot.
        let mut theme_start = vec![0; map.themes.len() + 1];
        for p in &map.passages {
            for &t in &p.themes {
                theme_start[t + 1] += 1;
            }
        }
        for t in 1..theme_start.len() {
            theme_start[t] += theme_start[t - 1];
        }
        let mut next = theme_start.clone();
        let mut theme_items = vec![0; theme_start.last().copied().unwrap_or(0)];
        let mut by_essay = vec![Vec::new(); n];
        for (i, p) in map.passages.iter().enumerate() {
            by_essay[p.essay].push(i);
            for &t in &p.themes {
                theme_items[next[t]] = i;
                next[t] += 1;
            }
        }
        drop(next);
        let key = |i: &usize| {
            let p = &map.passages[*i];
            (p.essay, p.range.start, p.range.end, *i)
        };
        for w in theme_start.windows(2) {
            theme_items[w[0]..w[1]].sort_by_key(key);
        }
        for v in &mut by_essay {
            v.sort_by_key(key);
        }
        Corpus {
            name,
            essays,
            map,
            theme_start,
            theme_items,
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
        let all = &self.theme_items[self.theme_start[theme]..self.theme_start[theme + 1]];
        let essay_of = |i: &usize| self.map.passages[*i].essay;
        let from = all.partition_point(|i| essay_of(i) < essay);
        let len = all[from..].partition_point(|i| essay_of(i) == essay);
        &all[from..from + len]
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
