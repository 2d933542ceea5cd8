//! The theme map: themes, the passages that speak to them, and tours;
//! resolved against the essays (ids looked up, quotes anchored) with every
//! problem reported as a diagnostic.

pub mod anchor;
pub mod schema;

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use rayon::prelude::*;

use crate::corpus::Essay;
use crate::diag::{did_you_mean, Diagnostic, Source};
use crate::toml_walk::{At, Walk};
use anchor::{AnchorError, Selector};
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
}

/// Resolve theme-map files against parsed essays. Every problem is pushed
/// to `diags`; what resolves is kept, so one bad passage hides nothing else.
pub fn resolve(files: &[Source], essays: &[Essay], diags: &mut Vec<Diagnostic>) -> ThemeMap {
    resolve_read(files, read(files), essays, diags)
}

/// Theme-map files parsed and checked against the schema, each with its
/// problems: the part of [`resolve`] that needs no essays, so that
/// `corpus::load` can run it while the essays are parsed. Files are read in
/// parallel.
pub fn read(files: &[Source]) -> Vec<(FileSpec, Vec<Diagnostic>)> {
    read_in_pieces(files, SPLIT_ABOVE, SPLIT_ABOVE / 2)
}

/// [`read`], cutting files over `above` bytes in pieces of at least
/// `min_piece` bytes (see [`crate::toml_walk::split_at_headers`]).
pub fn read_in_pieces(
    files: &[Source],
    above: usize,
    min_piece: usize,
) -> Vec<(FileSpec, Vec<Diagnostic>)> {
    // A large file is parsed in pieces, cut before `[[passages]]` lines, in
    // parallel (the TOML parser runs on one core): a 5 MB map otherwise
    // takes most of the load time on its own. The pieces' specs are joined
    // in file order.
    let pieces: Vec<(usize, std::ops::Range<usize>)> = files
        .iter()
        .enumerate()
        .flat_map(|(i, src)| {
            let ranges = if src.text.len() > above {
                crate::toml_walk::split_at_headers(&src.text, "[[passages]]", min_piece)
            } else {
                std::iter::once(0..src.text.len()).collect()
            };
            ranges.into_iter().map(move |r| (i, r))
        })
        .collect();
    let parsed: Vec<(usize, FileSpec, Vec<Diagnostic>)> = pieces
        .par_iter()
        .map(|(i, r)| {
            let src = &files[*i];
            let mut w = Walk::new(src, r.start);
            let spec = schema::read_text(&mut w, &src.text[r.clone()]);
            (*i, spec, w.diags)
        })
        .collect();
    // Join each file's pieces, reserving exactly (20,000 passage specs
    // grown by doubling held 9 MB of spare room).
    let mut by_file: Vec<Vec<(FileSpec, Vec<Diagnostic>)>> =
        (0..files.len()).map(|_| Vec::new()).collect();
    for (i, spec, diags) in parsed {
        by_file[i].push((spec, diags));
    }
    by_file
        .into_iter()
        .map(|pieces| {
            if pieces.len() == 1 {
                return pieces.into_iter().next().expect("one piece");
            }
            let mut whole = FileSpec::default();
            whole
                .themes
                .reserve_exact(pieces.iter().map(|p| p.0.themes.len()).sum());
            whole
                .passages
                .reserve_exact(pieces.iter().map(|p| p.0.passages.len()).sum());
            whole
                .tours
                .reserve_exact(pieces.iter().map(|p| p.0.tours.len()).sum());
            let mut d = Vec::new();
            for (spec, mut diags) in pieces {
                whole.title = whole.title.take().or(spec.title);
                whole.description = whole.description.take().or(spec.description);
                whole.themes.extend(spec.themes);
                whole.passages.extend(spec.passages);
                whole.tours.extend(spec.tours);
                d.append(&mut diags);
            }
            (whole, d)
        })
        .collect()
}

/// Theme-map files larger than this (in bytes) are parsed in pieces.
pub const SPLIT_ABOVE: usize = 512 << 10;

/// [`resolve`], for files already [`read`].
pub fn resolve_read(
    files: &[Source],
    read: Vec<(FileSpec, Vec<Diagnostic>)>,
    essays: &[Essay],
    diags: &mut Vec<Diagnostic>,
) -> ThemeMap {
    let mut specs: Vec<(usize, FileSpec)> = read
        .into_iter()
        .enumerate()
        .map(|(i, (spec, mut d))| {
            diags.append(&mut d);
            (i, spec)
        })
        .collect();
    let mut map = ThemeMap::default();
    let essay_ids: HashMap<&str, usize> = essays
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i))
        .collect();

    // Themes first: passages and tours refer to them.
    let mut theme_ids: HashMap<String, (usize, usize, Range<usize>)> = HashMap::new();
    for (fi, spec) in &specs {
        let src = &files[*fi];
        if map.title.is_none() {
            map.title = spec.title.as_ref().map(|t| t.value.clone());
            map.description = spec.description.as_ref().map(|t| t.value.clone());
        }
        for t in &spec.themes {
            if let Some((_, ffi, fspan)) = theme_ids.get(&t.id.value) {
                let first = Diagnostic::error("", &files[*ffi], fspan.clone()).position();
                diags.push(
                    Diagnostic::error(
                        format!("duplicate theme id `{}`", t.id.value),
                        src,
                        t.id.span.clone(),
                    )
                    .with_label("defined again here")
                    .with_note(format!("first defined at {first}"))
                    .with_note("hint: give each theme a unique id"),
                );
                continue;
            }
            if t.id.value.trim().is_empty() || t.id.value.contains(',') {
                diags.push(
                    Diagnostic::error(
                        "a theme id must be non-empty and without commas",
                        src,
                        t.id.span.clone(),
                    )
                    .with_label("bad id"),
                );
                continue;
            }
            let color = t
                .color
                .as_ref()
                .and_then(|c| match c.value.parse::<ThemeColor>() {
                    Ok(col) => Some(col),
                    Err(()) => {
                        let mut d = Diagnostic::error(
                            format!("unknown colour {:?}", c.value),
                            src,
                            c.span.clone(),
                        )
                        .with_label("not a colour name or #rrggbb");
                        d.notes
                            .push(match did_you_mean(&c.value, COLOR_NAMES.iter().copied()) {
                                Some(h) => format!("hint: {h} (or use \"#rrggbb\")"),
                                None => format!(
                                    "hint: use \"#rrggbb\" or one of {}",
                                    COLOR_NAMES.join(", ")
                                ),
                            });
                        diags.push(d);
                        None
                    }
                });
            theme_ids.insert(
                t.id.value.clone(),
                (map.themes.len(), *fi, t.id.span.clone()),
            );
            map.themes.push(Theme {
                id: t.id.value.clone(),
                title: t
                    .title
                    .as_ref()
                    .map_or_else(|| t.id.value.clone(), |x| x.value.clone()),
                question: t.question.as_ref().map(|x| x.value.clone()),
                color,
                description: t.description.as_ref().map(|x| x.value.clone()),
            });
        }
    }
    let theme_index = |id: &str| theme_ids.get(id).map(|(i, ..)| *i);
    // Hints are remembered per unknown id: 100,000 passages naming one
    // renamed essay need one nearest-id search, not 100,000 (each over
    // every id).
    let theme_hints = std::cell::RefCell::new(HashMap::<String, String>::new());
    let theme_hint = |id: &str| {
        theme_hints
            .borrow_mut()
            .entry(id.to_string())
            .or_insert_with(|| {
                did_you_mean(id, theme_ids.keys().map(String::as_str))
                    .map(|h| format!("hint: {h}"))
                    .unwrap_or_else(|| {
                        "hint: themes are declared with [[themes]] id = \"…\"".to_string()
                    })
            })
            .clone()
    };
    let essay_hint_for = |id: &str| {
        did_you_mean(id, essay_ids.keys().copied())
            .map(|h| format!("hint: {h}"))
            .unwrap_or_else(|| {
                let mut ids: Vec<&str> = essay_ids.keys().copied().collect();
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
            })
    };
    let essay_hints = std::cell::RefCell::new(HashMap::<String, String>::new());
    let essay_hint = |id: &str| {
        essay_hints
            .borrow_mut()
            .entry(id.to_string())
            .or_insert_with(|| essay_hint_for(id))
            .clone()
    };

    // Passages: look up ids, then anchor essay by essay (in parallel).
    struct Pending {
        file: usize,
        essay: usize,
        themes: Vec<usize>,
        spec_index: usize,
    }
    // Sized up front: growing by doubling copies and faults in twice the
    // memory, on the main thread while the pool waits.
    let mut pending: Vec<Pending> =
        Vec::with_capacity(specs.iter().map(|(_, s)| s.passages.len()).sum());
    for (fi, spec) in &specs {
        let src = &files[*fi];
        for (pi, p) in spec.passages.iter().enumerate() {
            let essay = essay_ids.get(p.essay.value.as_str()).copied();
            if essay.is_none() {
                diags.push(
                    Diagnostic::error(
                        format!("essay `{}` not found", p.essay.value),
                        src,
                        p.essay.span.clone(),
                    )
                    .with_label("no essay with this id")
                    .with_note(essay_hint(&p.essay.value)),
                );
            }
            let mut themes = Vec::new();
            let mut themes_ok = true;
            for t in &p.themes {
                match theme_index(&t.value) {
                    Some(i) if themes.contains(&i) => {
                        diags.push(
                            Diagnostic::error(
                                format!("theme `{}` listed twice", t.value),
                                src,
                                t.span.clone(),
                            )
                            .with_label("repeated")
                            .warning(),
                        );
                    }
                    Some(i) => themes.push(i),
                    None => {
                        themes_ok = false;
                        diags.push(
                            Diagnostic::error(
                                format!("unknown theme `{}`", t.value),
                                src,
                                t.span.clone(),
                            )
                            .with_label("not declared in [[themes]]")
                            .with_note(theme_hint(&t.value)),
                        );
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
                    spec_index: pi,
                });
            }
        }
    }
    let mut by_essay: Vec<Vec<usize>> = vec![Vec::new(); essays.len()];
    for (k, p) in pending.iter().enumerate() {
        by_essay[p.essay].push(k);
    }
    let spec_of = |p: &Pending| &specs[p.file].1.passages[p.spec_index];
    let anchored: Vec<Vec<Result<Range<usize>, AnchorError>>> = by_essay
        .par_iter()
        .enumerate()
        .map(|(e, ks)| {
            if ks.is_empty() {
                return Vec::new();
            }
            let selectors: Vec<Selector> = ks
                .iter()
                .map(|&k| spec_of(&pending[k]).selector.clone())
                .collect();
            anchor::anchor_all(&essays[e].text, &selectors)
        })
        .collect();
    let mut ranges: Vec<Option<Range<usize>>> = vec![None; pending.len()];
    for (e, ks) in by_essay.iter().enumerate() {
        for (j, &k) in ks.iter().enumerate() {
            let p = &pending[k];
            let spec = spec_of(p);
            match &anchored[e][j] {
                Ok(r) => ranges[k] = Some(r.clone()),
                // An essay with no text (empty, or unreadable) has its own
                // diagnostic; "quote not found" in it would only be noise.
                Err(_) if essays[e].text.is_empty() => {}
                Err(err) => diags.push(anchor_diagnostic(&files[p.file], spec, &essays[e], err)),
            }
        }
    }
    // Each passage's line, counted forward from the previous passage of the
    // same file (they come in file order), not from the top of the file
    // for each one as `Source::line_col` does: that is quadratic over a
    // large map. (line, byte offset) per file:
    let mut cursor: Vec<(usize, usize)> = vec![(1, 0); files.len()];
    map.passages.reserve(pending.len());
    for (k, p) in pending.into_iter().enumerate() {
        let Some(range) = ranges[k].take() else {
            continue;
        };
        let src = &files[p.file];
        // The map is done with the passage specs: move their strings out
        // rather than copy them (and free them again at the end).
        let spec = &mut specs[p.file].1.passages[p.spec_index];
        let (line, at) = &mut cursor[p.file];
        let start = spec.header.start;
        if start < *at {
            (*line, *at) = (1, 0);
        }
        *line += src.text.as_bytes()[*at..start]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        *at = start;
        debug_assert_eq!(*line, src.line_col(start).0);
        map.passages.push(Passage {
            essay: p.essay,
            themes: p.themes,
            range,
            stance: spec.stance.take().map(|s| s.value),
            role: spec.role.as_ref().and_then(|r| r.value.parse().ok()),
            note: spec.note.take().map(|s| s.value),
            defined_at: format!("{}:{line}", src.name),
        });
    }

    // Tours.
    let mut tour_ids: HashMap<String, String> = HashMap::new();
    for (fi, spec) in &specs {
        let src = &files[*fi];
        for t in &spec.tours {
            let here = Diagnostic::error("", src, t.id.span.clone()).position();
            if let Some(first) = tour_ids.get(&t.id.value) {
                diags.push(
                    Diagnostic::error(
                        format!("duplicate tour id `{}`", t.id.value),
                        src,
                        t.id.span.clone(),
                    )
                    .with_label("defined again here")
                    .with_note(format!("first defined at {first}")),
                );
                continue;
            }
            tour_ids.insert(t.id.value.clone(), here);
            let mut steps = Vec::new();
            for s in &t.steps {
                let Some(theme) = theme_index(&s.theme.value) else {
                    diags.push(
                        Diagnostic::error(
                            format!("unknown theme `{}`", s.theme.value),
                            src,
                            s.theme.span.clone(),
                        )
                        .with_label("not declared in [[themes]]")
                        .with_note(theme_hint(&s.theme.value)),
                    );
                    continue;
                };
                let mut step_essays = Vec::new();
                for e in &s.essays {
                    match essay_ids.get(e.value.as_str()) {
                        Some(&i) => {
                            // The step would show this essay with only a
                            // "no passage" notice: probably a slip.
                            let speaks = map
                                .passages
                                .iter()
                                .any(|p| p.essay == i && p.themes.contains(&theme));
                            if !speaks {
                                diags.push(
                                    Diagnostic::error(
                                        format!(
                                            "essay `{}` has no passage on theme `{}`",
                                            e.value, s.theme.value
                                        ),
                                        src,
                                        e.span.clone(),
                                    )
                                    .with_label("shown with only a notice in this step")
                                    .with_note("hint: tag one of its passages with the theme, or leave it out of the step")
                                    .warning(),
                                );
                            }
                            step_essays.push(i);
                        }
                        None => diags.push(
                            Diagnostic::error(
                                format!("essay `{}` not found", e.value),
                                src,
                                e.span.clone(),
                            )
                            .with_label("no essay with this id")
                            .with_note(essay_hint(&e.value)),
                        ),
                    }
                }
                if s.prompt.is_none() {
                    diags.push(
                        Diagnostic::error("tour step has no `prompt`", src, s.header.clone())
                            .with_label("add a discussion prompt")
                            .warning(),
                    );
                }
                steps.push(TourStep {
                    theme,
                    essays: step_essays,
                    prompt: s.prompt.as_ref().map(|p| p.value.clone()),
                    title: s.title.as_ref().map(|p| p.value.clone()),
                });
            }
            map.tours.push(Tour {
                id: t.id.value.clone(),
                title: t
                    .title
                    .as_ref()
                    .map_or_else(|| t.id.value.clone(), |x| x.value.clone()),
                description: t.description.as_ref().map(|x| x.value.clone()),
                steps,
            });
        }
    }

    // A declared theme no passage speaks to is probably a slip. (One whose
    // passages failed to resolve is not: their errors say why.)
    // Sets, not a scan of every passage per theme: 10,000 themes over
    // 10,000 passages took seconds.
    let named: std::collections::HashSet<&str> = specs
        .iter()
        .flat_map(|(_, s)| s.passages.iter())
        .flat_map(|p| p.themes.iter().map(|t| t.value.as_str()))
        .collect();
    let used: std::collections::HashSet<usize> = map
        .passages
        .iter()
        .flat_map(|p| p.themes.iter().copied())
        .collect();
    for (fi, spec) in &specs {
        for t in &spec.themes {
            if let Some(i) = theme_index(&t.id.value) {
                if !used.contains(&i)
                    && !named.contains(t.id.value.as_str())
                    && theme_ids[&t.id.value].1 == *fi
                {
                    diags.push(
                        Diagnostic::error(
                            format!("theme `{}` has no passages", t.id.value),
                            &files[*fi],
                            t.id.span.clone(),
                        )
                        .with_label("nothing is tagged with it")
                        .warning(),
                    );
                }
            }
        }
    }
    map
}

fn check_role(src: &Source, role: Option<&At<String>>, diags: &mut Vec<Diagnostic>) {
    let Some(r) = role else { return };
    if r.value.parse::<Role>().is_err() {
        let names: Vec<&str> = Role::ALL.iter().map(|r| r.name()).collect();
        let mut d = Diagnostic::error(format!("unknown role `{}`", r.value), src, r.span.clone())
            .with_label("not a role");
        d.notes
            .push(match did_you_mean(&r.value, names.iter().copied()) {
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

fn anchor_diagnostic(
    src: &Source,
    spec: &schema::PassageSpec,
    essay: &Essay,
    err: &AnchorError,
) -> Diagnostic {
    let span_of = |which: &str| match (which, spec.selector_spans.as_slice()) {
        ("end", [_, end]) => end.clone(),
        (_, [first, ..]) => first.clone(),
        _ => spec.header.clone(),
    };
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
            match closest {
                Some(c) => {
                    d.notes.push(format!(
                        "closest passage ({} of {} words match): «{}»",
                        c.matching_words,
                        c.total_words,
                        excerpt(&essay.text[c.range.clone()], 160)
                    ));
                    d.notes
                        .push("hint: copy the words exactly as the essay has them".to_string());
                }
                None => d.notes.push(format!(
                    "hint: check that the words are from `{id}` and copied exactly"
                )),
            }
            d
        }
        AnchorError::Ambiguous { which, count, at } => {
            let mut d = Diagnostic::error(
                format!(
                    "{} matches {count} places in essay `{id}`; it must match exactly once",
                    what(which)
                ),
                src,
                span_of(which),
            )
            .with_label(format!("{count} matches"));
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
                d.notes.push(format!(
                    "match: «…{}…»",
                    excerpt(&essay.text[ctx_start..ctx_end], 100)
                ));
            }
            d.notes.push(if *which == "quote" {
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
