//! The theme map's schema: reading `[map]`, `[[themes]]`, `[[passages]]` and
//! `[[tours]]` from TOML with spans, reporting every problem in the file.

use crate::diag::Source;
use crate::toml_walk::{At, Table, Text, Walk};

use super::anchor::Phrases;

/// Keys allowed in `[map]`.
pub const MAP_KEYS: &[&str] = &["title", "description"];
/// Keys allowed in `[[themes]]`.
pub const THEME_KEYS: &[&str] = &["id", "title", "question", "color", "description"];
/// Keys allowed in `[[passages]]`.
pub const PASSAGE_KEYS: &[&str] = &[
    "essay", "themes", "quote", "start", "end", "prefix", "suffix", "stance", "role", "note",
];
pub use super::tours::{StepSpec, TourSpec, STEP_KEYS, TOUR_KEYS};
/// Top-level keys of a theme-map file.
pub const TOP_KEYS: &[&str] = &["map", "themes", "passages", "tours"];

/// `[[themes]]` as written. Its strings are [`Text`]s: read them with the
/// text of the file the spec came from ([`FileSpec::file`]).
#[derive(Debug, Clone)]
pub struct ThemeSpec {
    /// Unique id.
    pub id: Text,
    /// Title.
    pub title: Option<Text>,
    /// The question the theme asks.
    pub question: Option<Text>,
    /// A colour name or `#rrggbb`.
    pub color: Option<Text>,
    /// Longer description.
    pub description: Option<Text>,
}

/// `[[passages]]` as written. Its strings are [`Text`]s, as in
/// [`ThemeSpec`]: a large map holds tens of thousands of these at once.
#[derive(Debug, Clone)]
pub struct PassageSpec {
    /// Span of the `[[passages]]` header.
    pub header: std::ops::Range<usize>,
    /// Essay id.
    pub essay: Text,
    /// Theme ids.
    pub themes: Vec<Text>,
    /// Quote or start/end.
    pub selector: SelectorSpec,
    /// The words just before the passage when it was last written (about
    /// 32 chars, normalised as quotes are), to find it again after edits.
    pub prefix: Option<Text>,
    /// The words just after it.
    pub suffix: Option<Text>,
    /// Its index among the file's `[[passages]]` tables, for rewriting it.
    pub entry: usize,
    /// One-line stance.
    pub stance: Option<Text>,
    /// Role of the passage in the argument.
    pub role: Option<Text>,
    /// Teaching note.
    pub note: Option<Text>,
}

/// A passage's quote, or its start and end phrases, as written.
#[derive(Debug, Clone)]
pub enum SelectorSpec {
    /// `quote = "…"`.
    Quote(Text),
    /// `start = "…"` and `end = "…"`.
    Range {
        /// The first words.
        start: Text,
        /// The last words.
        end: Text,
    },
}

impl SelectorSpec {
    /// Its phrases, read from `file` (the text of the file the spec came
    /// from).
    pub fn phrases<'a>(&'a self, file: &'a str) -> Phrases<'a> {
        match self {
            SelectorSpec::Quote(q) => Phrases::Quote(q.get(file)),
            SelectorSpec::Range { start, end } => Phrases::Range {
                start: start.get(file),
                end: end.get(file),
            },
        }
    }
}

/// One theme-map file, or a piece of one (see [`super::read`]), read but
/// not yet resolved against the essays.
#[derive(Debug, Clone, Default)]
pub struct FileSpec {
    /// Index of the file (among those read) this is, or is a piece of.
    pub file: usize,
    /// `[map] title`.
    pub title: Option<At<String>>,
    /// `[map] description`.
    pub description: Option<At<String>>,
    /// Themes.
    pub themes: Vec<ThemeSpec>,
    /// Passages.
    pub passages: Vec<PassageSpec>,
    /// Tours.
    pub tours: Vec<TourSpec>,
    /// How many `[[passages]]` tables were read, valid or not: a passage's
    /// `entry` counts them, from the file's first (a piece's passages are
    /// numbered after those of the pieces before).
    pub passage_tables: usize,
}

/// Read one theme-map file; every problem goes to `w.diags`.
pub fn read(w: &mut Walk, source: &Source) -> FileSpec {
    read_text(w, &source.text.clone())
}

/// Read theme-map TOML text (a whole file, or a piece of one at
/// `w.offset`); every problem goes to `w.diags`.
pub fn read_text(w: &mut Walk, text: &str) -> FileSpec {
    let Some(doc) = w.parse(text, "theme map") else {
        return FileSpec::default();
    };
    let root = Table::new(doc.get_ref(), 0..0, "the theme map");
    root.check_keys(w, TOP_KEYS);
    let mut spec = FileSpec::default();
    if let Some(map) = root.table(w, "map", "[map]") {
        map.check_keys(w, MAP_KEYS);
        spec.title = map.str(w, "title");
        spec.description = map.str(w, "description");
    }
    for t in root.tables(w, "themes", "[[themes]]") {
        t.check_keys(w, THEME_KEYS);
        let Some(id) = t.req_id_text(w, "id") else {
            continue;
        };
        spec.themes.push(ThemeSpec {
            id,
            title: t.req_text(w, "title"),
            question: t.text(w, "question"),
            color: t.text(w, "color"),
            description: t.text(w, "description"),
        });
    }
    let tables = root.tables(w, "passages", "[[passages]]");
    spec.passage_tables = tables.len();
    for (entry, p) in tables.iter().enumerate() {
        if let Some(ps) = read_passage(w, p, entry) {
            spec.passages.push(ps);
        }
    }
    spec.tours = super::tours::read(w, &root);
    // Grown by doubling: up to half of each piece's specs were spare room,
    // held (every piece at once) until the passages are checked.
    spec.themes.shrink_to_fit();
    spec.passages.shrink_to_fit();
    spec
}

fn read_passage(w: &mut Walk, p: &Table, entry: usize) -> Option<PassageSpec> {
    p.check_keys(w, PASSAGE_KEYS);
    let essay = p.req_text(w, "essay");
    let themes = match p.text_list(w, "themes") {
        Some(t) if t.is_empty() => {
            let span = p.value_span("themes").unwrap_or(p.span());
            w.error("passage lists no themes", span)
                .with_label_mut("add at least one theme id");
            None
        }
        Some(t) => Some(t),
        None if !p.has("themes") => {
            w.error("passage has no `themes`", p.span())
                .with_label_mut("`themes = [\"…\"]` is required here");
            None
        }
        None => None,
    };
    // Blank selectors get anchoring's own message ("quote is empty").
    let quote = p.selector_text(w, "quote");
    let start = p.selector_text(w, "start");
    let end = p.selector_text(w, "end");
    let selector = match (quote, start, end) {
        (Some(q), None, None) => Some(SelectorSpec::Quote(q)),
        (None, Some(start), Some(end)) => Some(SelectorSpec::Range { start, end }),
        (Some(q), s, e) if s.is_some() || e.is_some() => {
            w.diags.push(
                crate::diag::Diagnostic::error(
                    "passage has both `quote` and `start`/`end`",
                    w.source,
                    q.span(),
                )
                .with_label("use either this…")
                .with_note(
                    "hint: give `quote` for a short passage, or `start` and `end` for a long one",
                ),
            );
            None
        }
        (None, Some(s), None) => {
            w.diags.push(
                crate::diag::Diagnostic::error(
                    "passage has `start` but no `end`",
                    w.source,
                    s.span(),
                )
                .with_label("start phrase")
                .with_note("hint: add `end = \"…last words\"`"),
            );
            None
        }
        (None, None, Some(e)) => {
            w.diags.push(
                crate::diag::Diagnostic::error(
                    "passage has `end` but no `start`",
                    w.source,
                    e.span(),
                )
                .with_label("end phrase")
                .with_note("hint: add `start = \"first words…\"`"),
            );
            None
        }
        _ => {
            w.error("passage has no `quote` (or `start` and `end`)", p.span())
                .with_label_mut("which words does it select?")
                .with_note_mut("hint: add `quote = \"exact words from the essay\"`");
            None
        }
    };
    let prefix = p.text(w, "prefix");
    let suffix = p.text(w, "suffix");
    let stance = p.text(w, "stance");
    let role = p.text(w, "role");
    let note = p.text(w, "note");
    Some(PassageSpec {
        header: w.at(p.span()),
        essay: essay?,
        themes: themes?,
        selector: selector?,
        prefix,
        suffix,
        entry,
        stance,
        role,
        note,
    })
}
