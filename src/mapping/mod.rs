//! The theme map: themes, the passages that speak to them, and tours;
//! resolved against the essays (ids looked up, quotes anchored) with every
//! problem reported as a diagnostic.

pub mod anchor;
pub mod diff;
pub mod fix;
pub mod fuzzy;
pub mod schema;
pub mod tours;
pub mod write;

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use rayon::prelude::*;

use crate::corpus::Essay;
use crate::diag::{did_you_mean, Diagnostic, Source};
use crate::toml_walk::{Text, Walk};
use anchor::{AnchorError, Anchored, Context, Phrases, Selector, Status};
use schema::FileSpec;

/// A theme's colour: a terminal colour name or an RGB triple. The core
/// stores it; the UI decides how to paint it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThemeColor {
    /// One of [`COLOR_NAMES`], by index.
    Named(&'static str),
    /// `#rrggbb`.
    Rgb(u8, u8, u8),
}

/// Colour names accepted in `color = "…"`.
pub const COLOR_NAMES: &[&str] = &[
    "black",
    "red",
    "green",
    "yellow",
    "blue",
    "magenta",
    "cyan",
    "gray",
    "dark-gray",
    "light-red",
    "light-green",
    "light-yellow",
    "light-blue",
    "light-magenta",
    "light-cyan",
    "white",
];

impl FromStr for ThemeColor {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        let lower = s.trim().to_ascii_lowercase().replace(['_', ' '], "-");
        let lower = if lower == "grey" {
            "gray".to_string()
        } else {
            lower
        };
        if let Some(name) = COLOR_NAMES.iter().find(|n| **n == lower) {
            return Ok(ThemeColor::Named(name));
        }
        let hex = lower.strip_prefix('#').ok_or(())?;
        if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(());
        }
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).map_err(|_| ());
        Ok(ThemeColor::Rgb(byte(0)?, byte(2)?, byte(4)?))
    }
}

/// What a passage does in the author's argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// The author's position.
    Claim,
    /// Facts offered in support.
    Evidence,
    /// What the author says should be done.
    Recommendation,
    /// A point granted to the other side.
    Concession,
    /// Background.
    Context,
}

impl Role {
    /// All roles, in display order.
    pub const ALL: [Role; 5] = [
        Role::Claim,
        Role::Evidence,
        Role::Recommendation,
        Role::Concession,
        Role::Context,
    ];

    /// The name used in TOML and output.
    pub fn name(self) -> &'static str {
        match self {
            Role::Claim => "claim",
            Role::Evidence => "evidence",
            Role::Recommendation => "recommendation",
            Role::Concession => "concession",
            Role::Context => "context",
        }
    }

    /// Its one-letter code, for the coverage matrix (`K` for concession,
    /// `X` for context: `C` is taken by claim).
    pub fn letter(self) -> char {
        match self {
            Role::Claim => 'C',
            Role::Evidence => 'E',
            Role::Recommendation => 'R',
            Role::Concession => 'K',
            Role::Context => 'X',
        }
    }

    /// The letters with their names, "C claim, E evidence, …", joined by
    /// `sep`: the matrix's legend, built from [`Role::letter`] so the two
    /// cannot disagree.
    pub fn legend(sep: &str) -> String {
        Role::ALL
            .iter()
            .map(|r| format!("{} {}", r.letter(), r.name()))
            .collect::<Vec<_>>()
            .join(sep)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Role {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Role::ALL.into_iter().find(|r| r.name() == s).ok_or(())
    }
}

/// A theme.
#[derive(Debug, Clone)]
pub struct Theme {
    /// Unique id, e.g. `gsomia`.
    pub id: String,
    /// Title.
    pub title: String,
    /// The question it asks of the essays.
    pub question: Option<String>,
    /// Colour, if given.
    pub color: Option<ThemeColor>,
    /// Longer description.
    pub description: Option<String>,
}

/// A passage of an essay, tagged with themes.
#[derive(Debug, Clone)]
pub struct Passage {
    /// Index into the corpus's essays.
    pub essay: usize,
    /// Indices into the map's themes (at least one).
    pub themes: Vec<usize>,
    /// Byte range of the essay's plain text.
    pub range: Range<usize>,
    /// One line: what the author argues here.
    pub stance: Option<String>,
    /// Role in the argument.
    pub role: Option<Role>,
    /// Teaching note.
    pub note: Option<String>,
    /// Where it is defined: `file:line`.
    pub defined_at: String,
    /// How it was found in the essay: exactly, moved, or changed (a close
    /// match; `check` shows the difference and `check --fix` records it).
    pub anchor: Status,
    /// Whether its map entry stores a `prefix` or `suffix` (without one,
    /// a changed quote cannot be told from a look-alike, and `check --fix`
    /// records them).
    pub context: bool,
}

/// A passage that could not be found in its essay: left out of the map,
/// never attached to other words, and listed here for the reader (and, as
/// an error, by `check`).
#[derive(Debug, Clone)]
pub struct Orphan {
    /// Index into the corpus's essays.
    pub essay: usize,
    /// Indices into the map's themes.
    pub themes: Vec<usize>,
    /// Where it is defined: `file:line:column` of its quote.
    pub defined_at: String,
    /// Its quote (or start and end phrases) as written.
    pub selector: Selector,
    /// Why: one line, as in `check`'s message.
    pub reason: String,
    /// Byte range of the essay's text most like it, if any is close.
    pub closest: Option<Range<usize>>,
}

/// One step of a tour.
#[derive(Debug, Clone)]
pub struct TourStep {
    /// Theme index.
    pub theme: usize,
    /// Essay indices; empty means every essay with a passage on the theme.
    pub essays: Vec<usize>,
    /// Discussion prompt.
    pub prompt: Option<String>,
    /// Optional step title.
    pub title: Option<String>,
    /// Minutes planned for the step.
    pub minutes: Option<u32>,
    /// Passages the step starts on: (essay index, k) for the essay's k-th
    /// (0-based) passage on the step's theme in text order; essays not
    /// listed start on their first.
    pub focus: Vec<(usize, usize)>,
}

/// A named sequence of steps for a seminar.
#[derive(Debug, Clone)]
pub struct Tour {
    /// Unique id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Description.
    pub description: Option<String>,
    /// What the class is about, for the handout.
    pub summary: Option<String>,
    /// Essay indices to read before class.
    pub reading: Vec<usize>,
    /// The steps.
    pub steps: Vec<TourStep>,
}

/// The resolved theme map.
#[derive(Debug, Clone, Default)]
pub struct ThemeMap {
    /// `[map] title` (from the first file that has one).
    pub title: Option<String>,
    /// `[map] description`.
    pub description: Option<String>,
    /// Themes in file order.
    pub themes: Vec<Theme>,
    /// Passages in file order (only those that anchored).
    pub passages: Vec<Passage>,
    /// Tours.
    pub tours: Vec<Tour>,
    /// Passages that could not be anchored, in file order.
    pub orphans: Vec<Orphan>,
}

impl ThemeMap {
    /// How many passages were found moved, and how many changed.
    pub fn moved_changed(&self) -> (usize, usize) {
        let count = |s| self.passages.iter().filter(|p| p.anchor == s).count();
        (count(Status::Moved), count(Status::Changed))
    }
}

/// The hint for an essay id the corpus does not have: the id it was
/// probably meant to be, else the first ids in order (the same words
/// for passages and for tours).
pub(crate) fn unknown_essay_hint<'a>(
    id: &str,
    essays: impl Iterator<Item = &'a str> + Clone,
) -> String {
    if let Some(h) = did_you_mean(id, essays.clone()) {
        return format!("hint: {h}");
    }
    let mut ids: Vec<&str> = essays.collect();
    if ids.is_empty() {
        return "hint: the corpus has no essays; an essay's id is its file name in essays/ without `.md`".to_string();
    }
    ids.sort_unstable();
    let more = ids.len() > 8;
    ids.truncate(8);
    format!(
        "hint: essay ids are file stems in essays/: {}{}",
        ids.join(", "),
        if more { ", …" } else { "" }
    )
}

/// Resolve theme-map files against parsed essays. Every problem is pushed
/// to `diags`; what resolves is kept, so one bad passage hides nothing else.
pub fn resolve(files: &[Source], essays: &[Essay], diags: &mut Vec<Diagnostic>) -> ThemeMap {
    resolve_read(files, read(files), essays, diags)
}

/// Theme-map files parsed and checked against the schema, with their
/// problems: the part of [`resolve`] that needs no essays, so that
/// `corpus::load` can run it while the essays are parsed. Files are read in
/// parallel, a large one in pieces: one [`FileSpec`] per piece, in file
/// order, each naming its file ([`FileSpec::file`]); [`join_pieces`] makes
/// one per file.
pub fn read(files: &[Source]) -> Vec<(FileSpec, Vec<Diagnostic>)> {
    read_in_pieces(files, SPLIT_ABOVE, MIN_PIECE)
}

/// [`read`], cutting files over `above` bytes in pieces of at least
/// `min_piece` bytes (see [`crate::toml_walk::split_at_headers`]).
pub fn read_in_pieces(
    files: &[Source],
    above: usize,
    min_piece: usize,
) -> Vec<(FileSpec, Vec<Diagnostic>)> {
    // A large file is parsed in pieces, cut before `[[themes]]` and
    // `[[passages]]` lines, in parallel (the TOML parser runs on one core):
    // a 5 MB map otherwise takes most of the load time on its own. The
    // pieces are kept apart, not joined: a joined copy of 20,000 passage
    // specs was held beside the pieces' (9 MB at once, while the essays
    // are parsed); the phases after take them in order.
    let pieces: Vec<(usize, std::ops::Range<usize>)> = files
        .iter()
        .enumerate()
        .flat_map(|(i, src)| {
            let ranges = if src.text.len() > above {
                crate::toml_walk::split_at_headers(&src.text, SPLIT_AT, min_piece)
            } else {
                std::iter::once(0..src.text.len()).collect()
            };
            ranges.into_iter().map(move |r| (i, r))
        })
        .collect();
    let mut parsed: Vec<(FileSpec, Vec<Diagnostic>)> = pieces
        .par_iter()
        .map(|(i, r)| {
            let src = &files[*i];
            let mut w = Walk::new(src, r.start);
            let mut spec = schema::read_text(&mut w, &src.text[r.clone()]);
            spec.file = *i;
            (spec, w.diags)
        })
        .collect();
    // Each piece counts its passage tables from 0.
    let mut before = 0;
    for k in 0..parsed.len() {
        if k > 0 && parsed[k - 1].0.file != parsed[k].0.file {
            before = 0;
        }
        let spec = &mut parsed[k].0;
        for p in &mut spec.passages {
            p.entry += before;
        }
        before += spec.passage_tables;
    }
    parsed
}

/// What [`read`] gives, one [`FileSpec`] per file: each file's pieces
/// joined in order (the same as reading it whole).
pub fn join_pieces(pieces: Vec<(FileSpec, Vec<Diagnostic>)>) -> Vec<(FileSpec, Vec<Diagnostic>)> {
    let mut out: Vec<(FileSpec, Vec<Diagnostic>)> = Vec::new();
    for (spec, mut diags) in pieces {
        match out.last_mut() {
            Some((whole, d)) if whole.file == spec.file => {
                whole.title = whole.title.take().or(spec.title);
                whole.description = whole.description.take().or(spec.description);
                whole.themes.extend(spec.themes);
                whole.passages.extend(spec.passages);
                whole.passage_tables += spec.passage_tables;
                whole.tours.extend(spec.tours);
                d.append(&mut diags);
            }
            _ => out.push((spec, diags)),
        }
    }
    out
}

/// The headers a large map file is cut before: its arrays of tables that
/// hold most of a map (a map of 10,000 themes is mostly `[[themes]]`).
const SPLIT_AT: &[&str] = &["[[themes]]", "[[passages]]"];

/// Theme-map files larger than this (in bytes) are parsed in pieces.
pub const SPLIT_ABOVE: usize = 128 << 10;

/// The smallest piece a map file is cut into. A piece's parsed TOML tree
/// is several times its text and lives while the piece is read, one piece
/// per core at a time: 64 KiB pieces rather than 256 KiB took `check` on
/// the 1,000-essay corpus from 51 to 45 MB peak, at the same speed.
pub const MIN_PIECE: usize = 64 << 10;

/// [`resolve`], for files already [`read`]. The phases, in order: themes
/// (passages and tours refer to them), passages (ids looked up, then quotes
/// anchored essay by essay, in parallel), tours, and a last look for unused
/// themes. See [`Resolver`] for the same work with the essays supplied one
/// at a time.
pub fn resolve_read(
    files: &[Source],
    read: Vec<(FileSpec, Vec<Diagnostic>)>,
    essays: &[Essay],
    diags: &mut Vec<Diagnostic>,
) -> ThemeMap {
    let ids: Vec<&str> = essays.iter().map(|e| e.id.as_str()).collect();
    Resolver::new(files, read, &ids, diags).anchor_all(essays, diags)
}

/// A theme map read and checked against the essays' ids, before their
/// text is known: [`Resolver::anchor_essay`] then anchors each essay's
/// passages (in any order, in parallel), and [`Resolver::finish`] builds
/// the map. `corpus::check` gives it each essay as it is parsed and drops
/// the text once it is anchored, so `check` holds the map and a few
/// essays at a time rather than the whole corpus.
pub struct Resolver {
    /// The map files (shared, not copied: a `Source` is reference-counted).
    files: Vec<Source>,
    specs: Vec<(usize, FileSpec)>,
    map: ThemeMap,
    /// Which themes any passage names, resolved or not (see `check_passages`).
    named: Vec<bool>,
    /// The theme declarations phase 6 may warn about (see `declared_themes`).
    declared: Vec<(usize, usize, Range<usize>)>,
    /// Passages whose essay and themes are known, in file order.
    pending: Vec<Pending>,
    /// Per essay, its pending passages (indices into `pending`).
    by_essay: Vec<Vec<usize>>,
    /// Per essay, whether a tour's `focus` names it (tours then need its text).
    in_focus: Vec<bool>,
}

/// What anchoring one essay's passages found, for [`Resolver::finish`].
pub struct EssayAnchors {
    /// Per passage (an index into the pending passages), where it is.
    found: Vec<(usize, Result<Anchored, AnchorError>)>,
    /// Per passage that moved, changed or was not found, its diagnostic and
    /// (not found) its orphan.
    reports: Vec<(usize, Diagnostic, Option<Orphan>)>,
}

impl Resolver {
    /// Phases 1 and 2: the themes, then each passage's essay (among
    /// `essay_ids`, which are the essays' ids in the order of the essays
    /// later given) and themes looked up, its role and stance checked.
    pub fn new(
        files: &[Source],
        read: Vec<(FileSpec, Vec<Diagnostic>)>,
        essay_ids: &[&str],
        diags: &mut Vec<Diagnostic>,
    ) -> Self {
        let mut specs: Vec<(usize, FileSpec)> = read
            .into_iter()
            .map(|(spec, mut d)| {
                diags.append(&mut d);
                (spec.file, spec)
            })
            .collect();
        let mut map = ThemeMap::default();
        let mut ids = Ids {
            essays: essay_ids.iter().enumerate().map(|(i, e)| (*e, i)).collect(),
            themes: HashMap::new(),
            hints: Default::default(),
        };
        resolve_themes(files, &mut specs, &mut ids, &mut map, diags);
        let declared = declared_themes(files, &mut specs, &ids);
        // The passages' essay and theme ids become indices in `pending`,
        // and the specs are dropped as they are checked: the last phase
        // needs only which themes were named (issue 13: the specs and the
        // diagnostics about them were held at once).
        let (pending, named) = check_passages(files, &mut specs, &ids, map.themes.len(), diags);
        let mut by_essay: Vec<Vec<usize>> = vec![Vec::new(); essay_ids.len()];
        for (k, p) in pending.iter().enumerate() {
            by_essay[p.essay].push(k);
        }
        let mut in_focus = vec![false; essay_ids.len()];
        for (_, spec) in &specs {
            for f in spec
                .tours
                .iter()
                .flat_map(|t| &t.steps)
                .flat_map(|s| &s.focus)
            {
                if let Some(e) = ids.essay(&f.essay.value) {
                    in_focus[e] = true;
                }
            }
        }
        Resolver {
            files: files.to_vec(),
            specs,
            map,
            named,
            declared,
            pending,
            by_essay,
            in_focus,
        }
    }

    /// Whether [`Resolver::finish`] reads essay `e`'s text (a tour step
    /// focuses on one of its passages by its words).
    pub fn needs_text(&self, e: usize) -> bool {
        self.in_focus[e]
    }

    /// Phase 3 for essay `e`: anchor its passages (one search for all
    /// their phrases, then a bounded approximate search for those with
    /// stored context that no longer match exactly once), with a warning
    /// for each passage found moved or changed (with a word diff) and an
    /// error for each not found.
    pub fn anchor_essay(&self, e: usize, essay: &Essay) -> EssayAnchors {
        let ks = &self.by_essay[e];
        if ks.is_empty() {
            return EssayAnchors {
                found: Vec::new(),
                reports: Vec::new(),
            };
        }
        let spec_of = |k: usize| &self.pending[k].spec;
        let items: Vec<(Phrases, Context)> = ks
            .iter()
            .map(|&k| {
                let (spec, file) = (spec_of(k), self.files[self.pending[k].file].text.as_str());
                let ctx = Context {
                    prefix: spec.prefix.as_ref().map(|t| t.get(file)),
                    suffix: spec.suffix.as_ref().map(|t| t.get(file)),
                };
                (spec.selector.phrases(file), ctx)
            })
            .collect();
        let results = anchor::anchor_in(&essay.text, &items);
        let mut reports = Vec::new();
        for (&k, r) in ks.iter().zip(&results) {
            let p = &self.pending[k];
            let (spec, src) = (spec_of(k), &self.files[p.file]);
            match r {
                Ok(a) if a.status == Status::Exact => {}
                Ok(a) => reports.push((k, relocation_diagnostic(src, spec, essay, a), None)),
                // An essay with no text (empty, or unreadable) has its own
                // diagnostic; "quote not found" in it would only be noise.
                Err(_) if essay.text.is_empty() => {}
                Err(err) => {
                    let d = anchor_diagnostic(src, spec, essay, err);
                    let orphan = Orphan {
                        essay: p.essay,
                        themes: p.themes.clone(),
                        defined_at: d.position(),
                        // Filled in by `finish` (a 1 MB quote, copied once).
                        selector: Selector::Quote(String::new()),
                        reason: d.message.clone(),
                        closest: match err {
                            AnchorError::NotFound {
                                closest: Some(c), ..
                            } => Some(c.range.clone()),
                            _ => None,
                        },
                    };
                    reports.push((k, d, Some(orphan)));
                }
            }
        }
        EssayAnchors {
            found: ks.iter().copied().zip(results).collect(),
            reports,
        }
    }

    /// Phases 3 to 5 with every essay's text at hand: each essay anchored
    /// ([`Resolver::anchor_essay`], in parallel), then [`Resolver::finish`].
    pub fn anchor_all(self, essays: &[Essay], diags: &mut Vec<Diagnostic>) -> ThemeMap {
        // Large essays one at a time: each holds a normalised copy of its
        // text and automata while it is anchored.
        let anchors: Vec<EssayAnchors> = crate::corpus::by_size(
            essays,
            |essay| essay.text.len() as u64,
            |e, essay| self.anchor_essay(e, essay),
        );
        // The normalised copies and automata are freed, in the pool's
        // arenas: give them back before the passages are built.
        crate::heap::give_back();
        self.finish(anchors, essays, diags)
    }

    /// Phases 4 and 5: the passages that anchored (every essay's
    /// [`EssayAnchors`] given, in any order), the tours, and a warning for
    /// each theme nothing names. `essays` are those the ids named, in the
    /// same order; only the text of those [`Resolver::needs_text`] names is
    /// read.
    pub fn finish(
        mut self,
        anchors: Vec<EssayAnchors>,
        essays: &[Essay],
        diags: &mut Vec<Diagnostic>,
    ) -> ThemeMap {
        let mut found: Vec<Option<Result<Anchored, AnchorError>>> = vec![None; self.pending.len()];
        let mut reports = Vec::with_capacity(anchors.iter().map(|a| a.reports.len()).sum());
        for a in anchors {
            for (k, r) in a.found {
                found[k] = Some(r);
            }
            reports.extend(a.reports);
        }
        // In passage order, as if the essays had been anchored one by one.
        // (Reserved, not grown by doubling: 100,000 lost quotes are as
        // many diagnostics and orphans.)
        reports.sort_by_key(|(k, ..)| *k);
        diags.reserve(reports.len());
        self.map
            .orphans
            .reserve(reports.iter().filter(|(_, _, o)| o.is_some()).count());
        for (k, d, orphan) in reports {
            diags.push(d);
            let p = &self.pending[k];
            self.map.orphans.extend(orphan.map(|mut o| {
                o.selector = p
                    .spec
                    .selector
                    .phrases(&self.files[p.file].text)
                    .to_selector();
                o
            }));
        }
        let anchored: Vec<Result<Anchored, AnchorError>> = found
            .into_iter()
            .map(|r| r.expect("every essay anchored"))
            .collect();
        let files = std::mem::take(&mut self.files);
        let files = &files[..];
        self.map.passages = build_passages(files, self.pending, anchored);
        // Phase 5: tours (see `tours`).
        let (map, specs) = (&mut self.map, &self.specs);
        map.tours = tours::resolve(files, specs, essays, &map.themes, &map.passages, diags);
        warn_unused_themes(files, &self.declared, &self.named, map, diags);
        self.map
    }
}

/// The ids a map refers to, for the phases after themes.
struct Ids<'a> {
    /// Essay id → index into the essays.
    essays: HashMap<&'a str, usize>,
    /// Theme id → (index into the map's themes, file index, span of the id).
    themes: HashMap<String, (usize, usize, Range<usize>)>,
    /// Hints already worked out, per unknown id: 100,000 passages naming
    /// one renamed essay need one nearest-id search, not 100,000 (each
    /// over every id).
    hints: std::cell::RefCell<HashMap<(bool, String), std::sync::Arc<str>>>,
}

impl Ids<'_> {
    /// Index of a theme by id.
    fn theme(&self, id: &str) -> Option<usize> {
        self.themes.get(id).map(|(i, ..)| *i)
    }

    /// Index of an essay by id.
    fn essay(&self, id: &str) -> Option<usize> {
        self.essays.get(id).copied()
    }

    /// A hint for an unknown theme id (remembered, and shared by the
    /// diagnostics that give it).
    fn theme_hint(&self, id: &str) -> std::sync::Arc<str> {
        let key = (true, id.to_string());
        if let Some(h) = self.hints.borrow().get(&key) {
            return h.clone();
        }
        let h: std::sync::Arc<str> = self.theme_hint_uncached(id).into();
        self.hints.borrow_mut().insert(key, h.clone());
        h
    }

    fn theme_hint_uncached(&self, id: &str) -> String {
        did_you_mean(id, self.themes.keys().map(String::as_str))
            .map(|h| format!("hint: {h}"))
            .unwrap_or_else(|| "hint: themes are declared with [[themes]] id = \"…\"".to_string())
    }

    /// A hint for an unknown essay id (remembered, and shared).
    fn essay_hint(&self, id: &str) -> std::sync::Arc<str> {
        let key = (false, id.to_string());
        if let Some(h) = self.hints.borrow().get(&key) {
            return h.clone();
        }
        let h: std::sync::Arc<str> = self.essay_hint_uncached(id).into();
        self.hints.borrow_mut().insert(key, h.clone());
        h
    }

    fn essay_hint_uncached(&self, id: &str) -> String {
        unknown_essay_hint(id, self.essays.keys().copied())
    }

    /// The diagnostic for a theme id that is not declared.
    fn unknown_theme(&self, src: &Source, t: &Text) -> Diagnostic {
        let id = t.get(&src.text);
        Diagnostic::error(format!("unknown theme `{id}`"), src, t.span())
            .with_label("not declared in [[themes]]")
            .with_note(self.theme_hint(id))
    }

    /// The diagnostic for an essay id that is not in the corpus.
    fn unknown_essay(&self, src: &Source, e: &Text) -> Diagnostic {
        let id = e.get(&src.text);
        Diagnostic::error(format!("essay `{id}` not found"), src, e.span())
            .with_label("no essay with this id")
            .with_note(self.essay_hint(id))
    }
}

/// Phase 1: the map's title and its themes, in file order; duplicate and
/// malformed ids and unknown colours are reported and skipped.
fn resolve_themes(
    files: &[Source],
    specs: &mut [(usize, FileSpec)],
    ids: &mut Ids,
    map: &mut ThemeMap,
    diags: &mut Vec<Diagnostic>,
) {
    // Sized up front: 10,000 themes grown by doubling held twice their
    // room while copied.
    let n: usize = specs.iter().map(|(_, s)| s.themes.len()).sum();
    map.themes.reserve_exact(n);
    ids.themes.reserve(n);
    let mut last_file = None;
    for (fi, spec) in specs {
        let src = &files[*fi];
        // A file's `[map]` is in its first piece (see `read`).
        let first_piece = last_file != Some(*fi);
        last_file = Some(*fi);
        if map.title.is_none() && first_piece {
            map.title = spec.title.as_ref().map(|t| t.value.clone());
            map.description = spec.description.as_ref().map(|t| t.value.clone());
        }
        // The specs' themes are not read again (see `declared_themes`).
        let text = src.text.as_str();
        for t in &spec.themes {
            let id = t.id.get(text);
            if let Some((_, ffi, fspan)) = ids.themes.get(id) {
                let first = Diagnostic::error("", &files[*ffi], fspan.clone()).position();
                diags.push(
                    Diagnostic::error(format!("duplicate theme id `{id}`"), src, t.id.span())
                        .with_label("defined again here")
                        .with_note(format!("first defined at {first}"))
                        .with_note("hint: give each theme a unique id"),
                );
                continue;
            }
            if id.trim().is_empty() || id.contains(',') {
                diags.push(
                    Diagnostic::error(
                        "a theme id must be non-empty and without commas",
                        src,
                        t.id.span(),
                    )
                    .with_label("bad id"),
                );
                continue;
            }
            let color = t.color.as_ref().and_then(|c| theme_color(src, c, diags));
            ids.themes
                .insert(id.to_owned(), (map.themes.len(), *fi, t.id.span()));
            let own = |x: &Option<Text>| x.as_ref().map(|x| x.get(text).to_owned());
            map.themes.push(Theme {
                id: id.to_owned(),
                title: own(&t.title).unwrap_or_else(|| id.to_owned()),
                question: own(&t.question),
                color,
                description: own(&t.description),
            });
        }
    }
}

/// Each theme declaration that [`warn_unused_themes`] looks at — one in
/// the file where its id was first declared: (theme index, file index,
/// span of the id) — with the specs' themes given back: no later phase
/// reads them (10,000 themes held their strings twice).
fn declared_themes(
    files: &[Source],
    specs: &mut [(usize, FileSpec)],
    ids: &Ids,
) -> Vec<(usize, usize, Range<usize>)> {
    let mut declared = Vec::new();
    for (fi, spec) in specs {
        for t in std::mem::take(&mut spec.themes) {
            if let Some(&(i, first_file, _)) = ids.themes.get(t.id.get(&files[*fi].text)) {
                if first_file == *fi {
                    declared.push((i, *fi, t.id.span()));
                }
            }
        }
    }
    declared
}

/// A theme's colour, or an error with the nearest name.
fn theme_color(src: &Source, c: &Text, diags: &mut Vec<Diagnostic>) -> Option<ThemeColor> {
    let name = c.get(&src.text);
    match name.parse::<ThemeColor>() {
        Ok(col) => Some(col),
        Err(()) => {
            let mut d = Diagnostic::error(format!("unknown colour {name:?}"), src, c.span())
                .with_label("not a colour name or #rrggbb");
            d.with_note_mut(match did_you_mean(name, COLOR_NAMES.iter().copied()) {
                Some(h) => format!("hint: {h} (or use \"#rrggbb\")"),
                None => format!("hint: use \"#rrggbb\" or one of {}", COLOR_NAMES.join(", ")),
            });
            diags.push(d);
            None
        }
    }
}

/// A passage whose essay and themes are known, waiting to be anchored.
struct Pending {
    /// Index into the files (and the specs).
    file: usize,
    /// Index into the essays.
    essay: usize,
    /// Indices into the map's themes.
    themes: Vec<usize>,
    /// What the later phases need of its spec.
    spec: Entry,
}

/// What anchoring, its diagnostics and phase 4 read of a passage's spec,
/// moved out of it: the specs are dropped once their ids are looked up
/// (20,000 of them were held while every essay was read and anchored).
/// Its strings are still [`Text`]s of the map file: copied only for the
/// passages built, when they are built.
struct Entry {
    /// Span of the `[[passages]]` header.
    header: Range<usize>,
    /// Quote or start/end.
    selector: schema::SelectorSpec,
    /// Stored context before and after.
    prefix: Option<Text>,
    suffix: Option<Text>,
    /// One-line stance.
    stance: Option<Text>,
    /// Role, if valid (an invalid one is reported by `check_role`).
    role: Option<Role>,
    /// Teaching note.
    note: Option<Text>,
}

impl Entry {
    /// The parts of `p` the later phases need (`file` is the text of the
    /// file it was read from).
    fn new(p: schema::PassageSpec, file: &str) -> Entry {
        Entry {
            role: p.role.as_ref().and_then(|r| r.get(file).parse().ok()),
            header: p.header,
            selector: p.selector,
            prefix: p.prefix,
            suffix: p.suffix,
            stance: p.stance,
            note: p.note,
        }
    }

    /// The span of the selector's value `which` ("quote", "start" or
    /// "end"), or of the first one.
    fn span_of(&self, which: &str) -> Range<usize> {
        match (&self.selector, which) {
            (schema::SelectorSpec::Range { end, .. }, "end") => end.span(),
            (schema::SelectorSpec::Range { start: q, .. }, _)
            | (schema::SelectorSpec::Quote(q), _) => q.span(),
        }
    }
}

/// Phase 2: each passage's essay and themes looked up, its role and stance
/// checked; those with a known essay and known themes go on to anchoring.
/// The specs are consumed (each dropped once checked); also returned, the
/// themes any passage names, resolved or not (by index; a theme that was
/// not declared has none), for phase 6.
fn check_passages(
    files: &[Source],
    specs: &mut [(usize, FileSpec)],
    ids: &Ids,
    n_themes: usize,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<Pending>, Vec<bool>) {
    let mut named = vec![false; n_themes];
    // Sized up front: growing by doubling copies and faults in twice the
    // memory, on the main thread while the pool waits.
    let mut pending: Vec<Pending> =
        Vec::with_capacity(specs.iter().map(|(_, s)| s.passages.len()).sum());
    for (fi, spec) in specs {
        let src = &files[*fi];
        let text = src.text.as_str();
        for p in std::mem::take(&mut spec.passages) {
            let essay = ids.essay(p.essay.get(text));
            if essay.is_none() {
                diags.push(ids.unknown_essay(src, &p.essay));
            }
            let mut themes = Vec::new();
            let mut themes_ok = true;
            for t in &p.themes {
                let found = ids.theme(t.get(text));
                if let Some(i) = found {
                    named[i] = true;
                }
                match found {
                    Some(i) if themes.contains(&i) => {
                        diags.push(
                            Diagnostic::error(
                                format!("theme `{}` listed twice", t.get(text)),
                                src,
                                t.span(),
                            )
                            .with_label("repeated")
                            .warning(),
                        );
                    }
                    Some(i) => themes.push(i),
                    None => {
                        themes_ok = false;
                        diags.push(ids.unknown_theme(src, t));
                    }
                }
            }
            check_role(src, p.role.as_ref(), diags);
            if p.stance.is_none() {
                diags.push(
                    Diagnostic::error("passage has no `stance`", src, p.header.clone())
                        .with_label("add a one-line stance")
                        .with_note("hint: stance = \"what this author argues here, in one line\"")
                        .warning(),
                );
            }
            if let (Some(essay), true) = (essay, themes_ok) {
                pending.push(Pending {
                    file: *fi,
                    essay,
                    themes,
                    spec: Entry::new(p, text),
                });
            }
        }
    }
    (pending, named)
}

/// Phase 4: the resolved passages, in file order, for those that anchored.
fn build_passages(
    files: &[Source],
    pending: Vec<Pending>,
    anchored: Vec<Result<Anchored, AnchorError>>,
) -> Vec<Passage> {
    // Each passage's line, counted forward from the previous passage of the
    // same file (they come in file order), not from the top of the file
    // for each one as `Source::line_col` does: that is quadratic over a
    // large map. (line, byte offset) per file:
    let mut cursor: Vec<(usize, usize)> = vec![(1, 0); files.len()];
    let mut passages = Vec::with_capacity(pending.len());
    for (p, r) in pending.into_iter().zip(anchored) {
        let Ok(Anchored { range, status }) = r else {
            continue;
        };
        let src = &files[p.file];
        let spec = p.spec;
        let own = |t: Option<Text>| t.map(|t| t.get(&src.text).to_owned());
        let (line, at) = &mut cursor[p.file];
        let start = spec.header.start;
        if start < *at {
            (*line, *at) = (1, 0);
        }
        // memchr counts 32 bytes at a time (a filtered count did not
        // vectorise: 3 ms of serial work on a 5 MB map).
        *line += memchr::memchr_iter(b'\n', &src.text.as_bytes()[*at..start]).count();
        *at = start;
        debug_assert_eq!(*line, src.line_col(start).0);
        passages.push(Passage {
            essay: p.essay,
            themes: p.themes,
            range,
            stance: own(spec.stance),
            role: spec.role,
            note: own(spec.note),
            defined_at: at_line(&src.name, *line),
            anchor: status,
            context: spec.prefix.is_some() || spec.suffix.is_some(),
        });
    }
    passages
}

/// "file:line", in a string of its own length: `format!` reserved nearly
/// twice as much, held by every passage (1.5 MB asked for over 13,000
/// passages on many-passages, issue 13).
fn at_line(file: &str, line: usize) -> String {
    let line = line.to_string();
    let mut s = String::with_capacity(file.len() + 1 + line.len());
    s.push_str(file);
    s.push(':');
    s.push_str(&line);
    s
}

/// Phase 6: a declared theme no passage speaks to is probably a slip. (One
/// whose passages failed to resolve is not: their errors say why.)
fn warn_unused_themes(
    files: &[Source],
    declared: &[(usize, usize, Range<usize>)],
    named: &[bool],
    map: &ThemeMap,
    diags: &mut Vec<Diagnostic>,
) {
    // Themes named by any passage (see `check_passages`), and themes used by
    // a resolved passage. (Flags, not a scan per theme: 10k themes.)
    let mut used = vec![false; map.themes.len()];
    for p in &map.passages {
        for &t in &p.themes {
            used[t] = true;
        }
    }
    let unused = |i: usize| !used[i] && !named[i];
    diags.reserve_exact(declared.iter().filter(|d| unused(d.0)).count());
    for (i, fi, span) in declared {
        if unused(*i) {
            diags.push(
                Diagnostic::error(
                    format!("theme `{}` has no passages", map.themes[*i].id),
                    &files[*fi],
                    span.clone(),
                )
                .with_label("nothing is tagged with it")
                .warning(),
            );
        }
    }
}

fn check_role(src: &Source, role: Option<&Text>, diags: &mut Vec<Diagnostic>) {
    let Some(r) = role else { return };
    let name = r.get(&src.text);
    if name.parse::<Role>().is_err() {
        let names: Vec<&str> = Role::ALL.iter().map(|r| r.name()).collect();
        let mut d = Diagnostic::error(format!("unknown role `{name}`"), src, r.span())
            .with_label("not a role");
        d.with_note_mut(match did_you_mean(name, names.iter().copied()) {
            Some(h) => format!("hint: {h}"),
            None => format!("hint: role is one of {}", names.join(", ")),
        });
        diags.push(d);
    }
}

/// Shorten a text for a one-line hint.
fn excerpt(s: &str, max_chars: usize) -> String {
    let flat: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max_chars {
        flat
    } else {
        let cut: String = flat.chars().take(max_chars).collect();
        format!("{cut}…")
    }
}

/// The warning for a passage found moved or changed.
fn relocation_diagnostic(src: &Source, spec: &Entry, essay: &Essay, a: &Anchored) -> Diagnostic {
    let id = &essay.id;
    let span = spec.span_of("quote");
    let now = &essay.text[a.range.clone()];
    let d = match (a.status, spec.selector.phrases(&src.text)) {
        (Status::Changed, Phrases::Quote(old)) => Diagnostic::error(
            format!("quote changed in essay `{id}`; found a close match with the same context"),
            src,
            span,
        )
        .with_label("the essay's words here differ")
        .with_note(format!("was: «{}»", excerpt(old, 160)))
        .with_note(format!("now: «{}»", excerpt(now, 160)))
        .with_note(format!(
            "diff: {}",
            excerpt(&diff::word_diff(old, now), 240)
        ))
        .with_note("hint: `parallax check --fix` writes the essay's words into the map"),
        (Status::Changed, Phrases::Range { start, end }) => {
            let (new_start, new_end) = fix::range_phrases(now, start, end);
            Diagnostic::error(
                format!(
                    "start/end phrases changed in essay `{id}`; found close matches with the same context"
                ),
                src,
                span,
            )
            .with_label("the essay's words here differ")
            .with_note(format!(
                "start: {}",
                excerpt(&diff::word_diff(start, &new_start), 160)
            ))
            .with_note(format!(
                "end: {}",
                excerpt(&diff::word_diff(end, &new_end), 160)
            ))
            .with_note("hint: `parallax check --fix` writes the essay's words into the map")
        }
        _ => Diagnostic::error(
            format!("passage moved in essay `{id}`: same words, different text around them"),
            src,
            span,
        )
        .with_label("found, but its prefix/suffix no longer match")
        .with_note(format!("now: «{}»", excerpt(now, 160)))
        .with_note("hint: `parallax check --fix` records the new prefix and suffix"),
    };
    d.warning()
}

fn anchor_diagnostic(src: &Source, spec: &Entry, essay: &Essay, err: &AnchorError) -> Diagnostic {
    let span_of = |which: &str| spec.span_of(which);
    let id = &essay.id;
    // "quote", or "start phrase" / "end phrase".
    let what = |which: &str| {
        if which == "quote" {
            "quote".to_string()
        } else {
            format!("{which} phrase")
        }
    };
    match err {
        AnchorError::Empty { which } => {
            Diagnostic::error(format!("{} is empty", what(which)), src, span_of(which))
                .with_label("nothing to look for")
                .with_note("hint: copy the exact words from the essay")
        }
        AnchorError::NotFound { which, closest } => {
            let mut d = Diagnostic::error(
                format!("{} not found in essay `{id}`", what(which)),
                src,
                span_of(which),
            )
            .with_label("no match, even ignoring spacing, quote style and dashes");
            if spec.prefix.is_some() || spec.suffix.is_some() {
                d.with_note_mut(
                    "orphaned: no close match with the same prefix and suffix; the passage is left out, not attached to other words",
                );
            }
            match closest {
                Some(c) => {
                    d.with_note_mut(format!(
                        "closest passage ({}% alike): «{}»",
                        c.percent,
                        excerpt(&essay.text[c.range.clone()], 160)
                    ));
                    d.with_note_mut("hint: copy the words exactly as the essay has them");
                }
                None => {
                    d.with_note_mut(format!(
                        "hint: check that the words are from `{id}` and copied exactly"
                    ));
                }
            }
            d
        }
        AnchorError::Ambiguous { which, at } => {
            let mut d = Diagnostic::error(
                format!(
                    "{} matches 2 or more places in essay `{id}`; it must match exactly once",
                    what(which)
                ),
                src,
                span_of(which),
            )
            .with_label("2 or more matches");
            for r in at.iter().take(2) {
                let ctx_start = essay.text[..r.start]
                    .char_indices()
                    .rev()
                    .nth(30)
                    .map_or(0, |(i, _)| i);
                let ctx_end = (r.end + 40).min(essay.text.len());
                let ctx_end = (ctx_end..=essay.text.len())
                    .find(|&i| essay.text.is_char_boundary(i))
                    .unwrap_or(essay.text.len());
                d.with_note_mut(format!(
                    "match: «…{}…»",
                    excerpt(&essay.text[ctx_start..ctx_end], 100)
                ));
            }
            d.with_note_mut(if *which == "quote" {
                "hint: lengthen the quote until it is unique, or use `start` and `end`".to_string()
            } else {
                format!("hint: lengthen the {} until it is unique", what(which))
            });
            d
        }
        AnchorError::EndBeforeStart => Diagnostic::error(
            format!("end phrase comes before the start phrase in essay `{id}`"),
            src,
            span_of("end"),
        )
        .with_label("only found before `start`")
        .with_note("hint: `end` must be the last words of the passage, after `start`"),
        AnchorError::Overlapping => Diagnostic::error(
            format!("end phrase overlaps the start phrase in essay `{id}`"),
            src,
            span_of("end"),
        )
        .with_label("overlaps `start`")
        .with_note(
            "hint: for a passage this short use `quote`; otherwise pick later words for `end`",
        ),
    }
}
