//! The map writer: edits to a theme-map file that leave every byte the edit
//! is not about exactly as it was — comments, order, blank lines, quoting
//! style, line ends.
//!
//! toml_edit parses the file and says where each table, key and value is;
//! an edit is then a few splices of the original text (a value replaced, a
//! line removed, a table inserted) rather than a re-serialised document, so
//! preservation holds by construction. Every result is parsed again and the
//! edited entry checked before anything is written.
//!
//! Edits are semantic ("set the stance of the passage on `sneider-2021`
//! quoting «…» from A to B"), not byte offsets, so that an edit made against
//! the text that was read can be re-applied to a file someone else changed
//! meanwhile — or refused when that would overwrite their change. Each edit
//! applied returns its inverse, for undo.

use std::fmt;
use std::fs;
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use toml_edit::{Array, Document, Item, Table, Value};

use super::anchor::Selector;
use super::Role;

/// The keys of a passage, in the order a new passage is written and a
/// missing key is inserted.
pub const PASSAGE_KEY_ORDER: [&str; 10] = [
    "essay", "themes", "quote", "start", "end", "prefix", "suffix", "stance", "role", "note",
];

/// A field of a passage that an edit may set or remove.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// `themes = [...]`.
    Themes,
    /// `quote`.
    Quote,
    /// `start`.
    Start,
    /// `end`.
    End,
    /// `prefix`: words just before the passage, for re-anchoring.
    Prefix,
    /// `suffix`: words just after the passage, for re-anchoring.
    Suffix,
    /// `stance`.
    Stance,
    /// `role`.
    Role,
    /// `note`.
    Note,
}

impl Field {
    /// The TOML key.
    pub fn key(self) -> &'static str {
        match self {
            Field::Themes => "themes",
            Field::Quote => "quote",
            Field::Start => "start",
            Field::End => "end",
            Field::Prefix => "prefix",
            Field::Suffix => "suffix",
            Field::Stance => "stance",
            Field::Role => "role",
            Field::Note => "note",
        }
    }
}

/// A field's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldValue {
    /// A string.
    Text(String),
    /// A list of strings (`themes`).
    List(Vec<String>),
}

impl FieldValue {
    /// A text value.
    pub fn text(s: impl Into<String>) -> Self {
        FieldValue::Text(s.into())
    }

    /// The value as TOML source.
    fn render(&self) -> String {
        match self {
            FieldValue::Text(s) => Value::from(s.as_str()).to_string(),
            FieldValue::List(items) => {
                let mut a = Array::new();
                for s in items {
                    a.push(s.as_str());
                }
                a.to_string()
            }
        }
    }

    fn of(item: &Item) -> Option<FieldValue> {
        if let Some(s) = item.as_str() {
            return Some(FieldValue::Text(s.to_string()));
        }
        let a = item.as_array()?;
        a.iter()
            .map(|v| v.as_str().map(str::to_string))
            .collect::<Option<Vec<_>>>()
            .map(FieldValue::List)
    }
}

/// One field of an update: what it was when read, what it becomes. `None`
/// is "absent". The old value is checked before writing, so that a change
/// someone else made meanwhile is never overwritten.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Which field.
    pub field: Field,
    /// Its value in the text the edit was made against.
    pub old: Option<FieldValue>,
    /// Its new value.
    pub new: Option<FieldValue>,
    /// The exact source to write, when restoring what an earlier edit
    /// replaced or removed (set in inverses, so that undo gives back the
    /// file byte for byte); `None` writes `new` in the usual style.
    pub verbatim: Option<Verbatim>,
}

impl Change {
    /// Set `field` from `old` to `new`, written in the usual style.
    pub fn new(field: Field, old: Option<FieldValue>, new: Option<FieldValue>) -> Change {
        Change {
            field,
            old,
            new,
            verbatim: None,
        }
    }
}

/// Source text to restore for a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verbatim {
    /// The value's source when the field is present, or its whole
    /// line(s), newline included, when it is to be inserted.
    pub text: String,
    /// For an insertion: the passage's text from its header up to where
    /// the line was, so that it goes back to the same place if the passage
    /// still reads so.
    pub after: Option<String>,
}

/// Which passage of a map file: by essay and the selector as written, with
/// its index among the file's `[[passages]]` to tell apart passages that
/// are written identically.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PassageRef {
    /// Essay id.
    pub essay: String,
    /// Quote or start/end, exactly as the file has them.
    pub selector: Selector,
    /// Index among the file's `[[passages]]`, when known.
    pub index: Option<usize>,
}

/// A passage to add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPassage {
    /// Essay id.
    pub essay: String,
    /// Theme ids (at least one).
    pub themes: Vec<String>,
    /// Quote or start/end.
    pub selector: Selector,
    /// Words just before the passage, when the anchor needs them.
    pub prefix: Option<String>,
    /// Words just after the passage.
    pub suffix: Option<String>,
    /// One-line stance.
    pub stance: Option<String>,
    /// Role.
    pub role: Option<Role>,
    /// Teaching note.
    pub note: Option<String>,
}

/// A theme to add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTheme {
    /// Unique id.
    pub id: String,
    /// Title.
    pub title: String,
    /// The question it asks.
    pub question: Option<String>,
    /// Colour name or `#rrggbb`.
    pub color: Option<String>,
}

/// An entry of a map file that an edit inserts or deletes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// A `[[passages]]` table.
    Passage(PassageRef),
    /// A `[[themes]]` table, by id.
    Theme(String),
}

/// Where an insertion goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// After the file's last `[[passages]]` (before tours when there are
    /// none yet).
    AfterLastPassage,
    /// After the file's last `[[themes]]` (else after `[map]`, else before
    /// the first passage, else at the end).
    AfterLastTheme,
    /// Where the text before the point ends with `before` and the text
    /// after it starts with `after`, found exactly once: how an undone
    /// deletion finds its way back.
    Between {
        /// Text just before the point.
        before: String,
        /// Text just after the point.
        after: String,
    },
}

/// An edit of one map file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// Add a passage after the file's last passage.
    AddPassage(NewPassage),
    /// Add a theme after the file's last theme.
    AddTheme(NewTheme),
    /// Set or remove fields of a passage.
    Update {
        /// The passage.
        target: PassageRef,
        /// The fields.
        changes: Vec<Change>,
    },
    /// Delete an entry (and the blank lines just before it).
    Delete {
        /// The entry.
        target: Entry,
        /// Its exact text when the edit was made; if the file now has
        /// something else there, the deletion is refused.
        expect: Option<String>,
        /// When this deletion undoes an insertion: exactly what was
        /// inserted (the entry with the line ends before it), removed as
        /// it is when the file still ends the entry with it.
        inserted: Option<String>,
    },
    /// Insert raw text holding one entry (the inverse of a deletion).
    Insert {
        /// The text, with the blank lines that go before the entry.
        text: String,
        /// Where.
        at: Place,
        /// What it holds.
        entry: Entry,
    },
}

/// Why an edit was not made. Nothing is written when there is an error.
#[derive(Debug)]
pub enum EditError {
    /// The file does not parse as TOML.
    Malformed(String),
    /// The passage or theme is not in the file.
    NotFound(String),
    /// The reference matches more than one entry.
    Ambiguous(String),
    /// The file changed in a way that conflicts with the edit.
    Conflict(String),
    /// The edit would make something the file already has.
    Duplicate(String),
    /// The file cannot be read or written.
    Io(io::Error),
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EditError::Malformed(m)
            | EditError::NotFound(m)
            | EditError::Ambiguous(m)
            | EditError::Conflict(m)
            | EditError::Duplicate(m) => f.write_str(m),
            EditError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for EditError {}

impl From<io::Error> for EditError {
    fn from(e: io::Error) -> Self {
        EditError::Io(e)
    }
}

/// An edit applied to a text.
#[derive(Debug, Clone)]
pub struct Applied {
    /// The new text.
    pub text: String,
    /// The edit that undoes it.
    pub inverse: Edit,
}

/// A `[[passages]]` table of a file, as the writer sees it.
#[derive(Debug, Clone)]
pub struct PassageEntry {
    /// Index among the file's `[[passages]]`, in file order.
    pub index: usize,
    /// 1-based line of its `[[passages]]` header.
    pub line: usize,
    /// Essay id (empty when missing).
    pub essay: String,
    /// Quote or start/end, when present and well-formed.
    pub selector: Option<Selector>,
    /// The table's text, header to last value (no blank lines around).
    pub range: Range<usize>,
    /// Its fields.
    pub fields: Vec<(Field, FieldValue)>,
}

impl PassageEntry {
    /// A reference to this passage, if it has a selector.
    pub fn reference(&self) -> Option<PassageRef> {
        Some(PassageRef {
            essay: self.essay.clone(),
            selector: self.selector.clone()?,
            index: Some(self.index),
        })
    }

    /// A field's value.
    pub fn get(&self, field: Field) -> Option<&FieldValue> {
        self.fields
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, v)| v)
    }
}

const FIELDS: [Field; 9] = [
    Field::Themes,
    Field::Quote,
    Field::Start,
    Field::End,
    Field::Prefix,
    Field::Suffix,
    Field::Stance,
    Field::Role,
    Field::Note,
];

/// A parsed map text with the positions the writer needs.
struct Parsed<'t> {
    text: &'t str,
    doc: Document<&'t str>,
}

impl<'t> Parsed<'t> {
    fn new(text: &'t str) -> Result<Self, EditError> {
        let doc = Document::parse(text).map_err(|e| {
            let at = e
                .span()
                .map(|s| {
                    let line = text[..s.start.min(text.len())].matches('\n').count() + 1;
                    format!(" (line {line})")
                })
                .unwrap_or_default();
            EditError::Malformed(format!(
                "the map file is not valid TOML{at}: {}; fix it before editing",
                e.message().trim()
            ))
        })?;
        Ok(Parsed { text, doc })
    }

    fn tables(&self, key: &str) -> Result<Vec<&Table>, EditError> {
        match self.doc.as_table().get(key) {
            None => Ok(Vec::new()),
            Some(Item::ArrayOfTables(a)) => Ok(a.iter().collect()),
            Some(_) => Err(EditError::Malformed(format!(
                "`{key}` is not written as [[{key}]] tables; the writer only edits those"
            ))),
        }
    }

    fn passages(&self) -> Result<Vec<PassageEntry>, EditError> {
        let tables = self.tables("passages")?;
        let mut out = Vec::with_capacity(tables.len());
        // Lines counted forward from the previous table, not from the top
        // for each (quadratic on a large map).
        let (mut line, mut at) = (1, 0);
        for (index, t) in tables.into_iter().enumerate() {
            let range = extent(self.text, t);
            if range.start < at {
                (line, at) = (1, 0);
            }
            line += self.text.as_bytes()[at..range.start]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            at = range.start;
            let get = |k: &str| t.get(k).and_then(Item::as_str).map(str::to_string);
            let selector = match (get("quote"), get("start"), get("end")) {
                (Some(q), None, None) => Some(Selector::Quote(q)),
                (None, Some(start), Some(end)) => Some(Selector::Range { start, end }),
                _ => None,
            };
            let fields = FIELDS
                .iter()
                .filter_map(|&f| Some((f, FieldValue::of(t.get(f.key())?)?)))
                .collect();
            out.push(PassageEntry {
                index,
                line,
                essay: get("essay").unwrap_or_default(),
                selector,
                range,
                fields,
            });
        }
        Ok(out)
    }

    /// Theme ids with the extent of their tables.
    fn themes(&self) -> Result<Vec<(String, Range<usize>)>, EditError> {
        Ok(self
            .tables("themes")?
            .into_iter()
            .map(|t| {
                let id = t.get("id").and_then(Item::as_str).unwrap_or_default();
                (id.to_string(), extent(self.text, t))
            })
            .collect())
    }

    fn find(&self, r: &PassageRef) -> Result<(PassageEntry, &Table), EditError> {
        let entries = self.passages()?;
        let same: Vec<&PassageEntry> = entries
            .iter()
            .filter(|e| e.essay == r.essay && e.selector.as_ref() == Some(&r.selector))
            .collect();
        let entry = match (same.as_slice(), r.index) {
            ([one], _) => (*one).clone(),
            ([], _) => {
                return Err(EditError::NotFound(format!(
                    "no passage on `{}` with {} in the map file",
                    r.essay,
                    describe(&r.selector)
                )))
            }
            (many, Some(i)) if many.iter().any(|e| e.index == i) => entries[i].clone(),
            (many, _) => {
                return Err(EditError::Ambiguous(format!(
                    "{} passages on `{}` have {}; cannot tell which to edit",
                    many.len(),
                    r.essay,
                    describe(&r.selector)
                )))
            }
        };
        let table = self.tables("passages")?[entry.index];
        Ok((entry, table))
    }
}

fn describe(sel: &Selector) -> String {
    let short = |s: &str| {
        let s: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
        if s.chars().count() > 50 {
            format!("{}…", s.chars().take(50).collect::<String>())
        } else {
            s
        }
    };
    match sel {
        Selector::Quote(q) => format!("the quote «{}»", short(q)),
        Selector::Range { start, end } => {
            format!("start «{}» and end «{}»", short(start), short(end))
        }
    }
}

/// Start of the line holding `at`, if only blanks precede `at` on it.
fn line_start(text: &str, at: usize) -> usize {
    let s = text[..at].rfind('\n').map_or(0, |i| i + 1);
    if text[s..at].trim().is_empty() {
        s
    } else {
        at
    }
}

/// Just past the end of the line holding `at` (its newline included).
fn line_end(text: &str, at: usize) -> usize {
    text[at..].find('\n').map_or(text.len(), |i| at + i + 1)
}

/// A table's text: from its header's line to the end of the line of its
/// last value (a trailing comment included); comments and blank lines
/// after it belong to what follows.
fn extent(text: &str, t: &Table) -> Range<usize> {
    let header = t.span().unwrap_or(0..0);
    let mut end = header.end;
    for (k, item) in t.iter() {
        if let Some((key, _)) = t.get_key_value(k) {
            if let Some(s) = key.span() {
                end = end.max(s.end);
            }
        }
        if let Some(s) = item.span() {
            end = end.max(s.end);
        }
        if let Some(Item::Table(sub)) = t.get(k) {
            end = end.max(extent(text, sub).end);
        }
    }
    line_start(text, header.start)..line_end(text, end)
}

/// Where the run of blank lines just before `at` (a line start) begins.
fn blank_run_start(text: &str, mut at: usize) -> usize {
    while at > 0 {
        let prev = text[..at - 1].rfind('\n').map_or(0, |i| i + 1);
        if !text[prev..at].trim().is_empty() {
            break;
        }
        at = prev;
    }
    at
}

/// The file's line end: CRLF when its first line ends so.
fn newline(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

fn key_line(key: &str, value: &FieldValue, nl: &str) -> String {
    format!("{key} = {}{nl}", value.render())
}

/// A new passage as TOML lines (header first, no blank line).
pub fn render_passage(p: &NewPassage, nl: &str) -> String {
    let mut s = format!("[[passages]]{nl}");
    s += &key_line("essay", &FieldValue::text(&p.essay), nl);
    s += &key_line("themes", &FieldValue::List(p.themes.clone()), nl);
    match &p.selector {
        Selector::Quote(q) => s += &key_line("quote", &FieldValue::text(q), nl),
        Selector::Range { start, end } => {
            s += &key_line("start", &FieldValue::text(start), nl);
            s += &key_line("end", &FieldValue::text(end), nl);
        }
    }
    let optional = [
        ("prefix", p.prefix.clone()),
        ("suffix", p.suffix.clone()),
        ("stance", p.stance.clone()),
        ("role", p.role.map(|r| r.name().to_string())),
        ("note", p.note.clone()),
    ];
    for (k, v) in optional {
        if let Some(v) = v {
            s += &key_line(k, &FieldValue::Text(v), nl);
        }
    }
    s
}

fn render_theme(t: &NewTheme, nl: &str) -> String {
    let mut s = format!("[[themes]]{nl}");
    s += &key_line("id", &FieldValue::text(&t.id), nl);
    s += &key_line("title", &FieldValue::text(&t.title), nl);
    if let Some(q) = &t.question {
        s += &key_line("question", &FieldValue::text(q), nl);
    }
    if let Some(c) = &t.color {
        s += &key_line("color", &FieldValue::text(c), nl);
    }
    s
}

/// Replace byte ranges; the splices must not overlap. Where two share a
/// start, the longer (a replacement) is applied before the empty one (an
/// insertion), so the insertion lands before what follows.
fn splice(text: &str, mut edits: Vec<(Range<usize>, String)>) -> String {
    edits.sort_by_key(|e| std::cmp::Reverse((e.0.start, e.0.end)));
    let mut out = text.to_string();
    for (r, s) in edits {
        out.replace_range(r, &s);
    }
    out
}

/// Apply an edit to a map text. Returns the new text and the inverse edit;
/// on error the text is not to be written.
pub fn apply(text: &str, edit: &Edit) -> Result<Applied, EditError> {
    let parsed = Parsed::new(text)?;
    let nl = newline(text);
    let applied = match edit {
        Edit::AddPassage(p) => {
            let new_ref = PassageRef {
                essay: p.essay.clone(),
                selector: p.selector.clone(),
                index: None,
            };
            if parsed.find(&new_ref).is_ok() {
                return Err(EditError::Duplicate(format!(
                    "the map already has a passage on `{}` with {}",
                    p.essay,
                    describe(&p.selector)
                )));
            }
            let body = render_passage(p, nl);
            insert(
                &parsed,
                &body,
                &Place::AfterLastPassage,
                Entry::Passage(new_ref),
                true,
            )?
        }
        Edit::AddTheme(t) => {
            if parsed.themes()?.iter().any(|(id, _)| *id == t.id) {
                return Err(EditError::Duplicate(format!(
                    "the map already has a theme `{}`",
                    t.id
                )));
            }
            let body = render_theme(t, nl);
            insert(
                &parsed,
                &body,
                &Place::AfterLastTheme,
                Entry::Theme(t.id.clone()),
                true,
            )?
        }
        Edit::Insert {
            text: raw,
            at,
            entry,
        } => {
            match entry {
                Entry::Passage(r) if parsed.find(r).is_ok() => {
                    return Err(EditError::Duplicate(format!(
                        "the map already has a passage on `{}` with {}",
                        r.essay,
                        describe(&r.selector)
                    )))
                }
                Entry::Theme(id) if parsed.themes()?.iter().any(|(t, _)| t == id) => {
                    return Err(EditError::Duplicate(format!(
                        "the map already has a theme `{id}`"
                    )))
                }
                _ => {}
            }
            insert(&parsed, raw, at, entry.clone(), false)?
        }
        Edit::Delete {
            target,
            expect,
            inserted,
        } => delete(&parsed, target, expect.as_deref(), inserted.as_deref())?,
        Edit::Update { target, changes } => update(&parsed, target, changes, nl)?,
    };
    verify(&applied)?;
    Ok(applied)
}

/// Insert an entry. `fresh`: `raw` is the entry alone, and a blank line is
/// put before it; otherwise `raw` brings its own leading blank lines.
fn insert(
    parsed: &Parsed,
    raw: &str,
    at: &Place,
    entry: Entry,
    fresh: bool,
) -> Result<Applied, EditError> {
    let text = parsed.text;
    let nl = newline(text);
    let point = match at {
        Place::AfterLastPassage => match parsed.passages()?.last() {
            Some(p) => p.range.end,
            None => match parsed.tables("tours")?.first() {
                // No passages yet: before the tours and the comments
                // leading to them.
                Some(t) => comment_block_start(text, extent(text, t).start),
                None => text.len(),
            },
        },
        Place::AfterLastTheme => {
            let themes = parsed.themes()?;
            let map = parsed.doc.as_table().get("map").and_then(Item::as_table);
            match (themes.last(), map) {
                (Some((_, r)), _) => r.end,
                (None, Some(m)) if m.span().is_some() => extent(text, m).end,
                _ => match parsed.passages()?.first() {
                    Some(p) => comment_block_start(text, p.range.start),
                    None => text.len(),
                },
            }
        }
        Place::Between { before, after } => {
            let hits: Vec<usize> = text
                .match_indices(after.as_str())
                .map(|(i, _)| i)
                .filter(|&i| text[..i].ends_with(before.as_str()))
                .collect();
            match hits.as_slice() {
                [one] => *one,
                [] => {
                    return Err(EditError::Conflict(
                        "the place the entry came from is no longer in the file".into(),
                    ))
                }
                _ => {
                    return Err(EditError::Ambiguous(
                        "the place the entry came from is no longer unique in the file".into(),
                    ))
                }
            }
        }
    };
    let mut body = String::new();
    // After a last line with no newline, end it first.
    if point > 0 && !text[..point].ends_with('\n') {
        body += nl;
    }
    if fresh {
        // A blank line between the entry and what precedes it; at the very
        // top, one between it and what follows.
        if point > 0 {
            body += nl;
        }
        body += raw;
        if point == 0 && !text.is_empty() {
            body += nl;
        }
    } else {
        body += raw;
    }
    let new_text = splice(text, vec![(point..point, body.clone())]);
    Ok(Applied {
        text: new_text,
        // The inverse deletes exactly what was inserted: the entry's own
        // text is what `Delete` compares against.
        inverse: Edit::Delete {
            target: entry,
            expect: Some(entry_text(raw).to_string()),
            inserted: Some(body),
        },
    })
}

/// An entry's own text: without the blank lines before it and the line
/// ends after it.
fn entry_text(raw: &str) -> &str {
    let mut s = raw;
    while let Some(i) = s.find('\n') {
        if !s[..i].trim().is_empty() {
            break;
        }
        s = &s[i + 1..];
    }
    s.trim_end_matches(['\n', '\r'])
}

/// Start of the comment lines (and blank lines among them) just above a
/// line start.
fn comment_block_start(text: &str, mut at: usize) -> usize {
    while at > 0 {
        let prev = text[..at - 1].rfind('\n').map_or(0, |i| i + 1);
        let line = text[prev..at].trim();
        if !(line.is_empty() || line.starts_with('#')) {
            break;
        }
        at = prev;
    }
    at
}

fn delete(
    parsed: &Parsed,
    target: &Entry,
    expect: Option<&str>,
    inserted: Option<&str>,
) -> Result<Applied, EditError> {
    let text = parsed.text;
    let range = match target {
        Entry::Passage(r) => parsed.find(r)?.0.range,
        Entry::Theme(id) => {
            let themes = parsed.themes()?;
            let found: Vec<_> = themes.iter().filter(|(t, _)| t == id).collect();
            match found.as_slice() {
                [(_, r)] => r.clone(),
                [] => {
                    return Err(EditError::NotFound(format!(
                        "no theme `{id}` in the map file"
                    )))
                }
                _ => {
                    return Err(EditError::Ambiguous(format!(
                        "theme `{id}` is declared more than once"
                    )))
                }
            }
        }
    };
    let own = entry_text(&text[range.clone()]);
    if let Some(e) = expect {
        if own != e {
            return Err(EditError::Conflict(
                "the entry was changed in the file since it was read; not deleting it".into(),
            ));
        }
    }
    let start = match inserted {
        Some(ins) if text[..range.end].ends_with(ins) => range.end - ins.len(),
        _ => blank_run_start(text, range.start),
    };
    let removed = text[start..range.end].to_string();
    // Enough context on both sides to find the place again.
    let before = tail(&text[..start], 400).to_string();
    let after = head(&text[range.end..], 400).to_string();
    let new_text = splice(text, vec![(start..range.end, String::new())]);
    Ok(Applied {
        text: new_text,
        inverse: Edit::Insert {
            text: removed,
            at: Place::Between { before, after },
            entry: target.clone(),
        },
    })
}

fn tail(s: &str, n: usize) -> &str {
    let mut i = s.len().saturating_sub(n);
    while !s.is_char_boundary(i) {
        i += 1;
    }
    &s[i..]
}

fn head(s: &str, n: usize) -> &str {
    let mut i = n.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    &s[..i]
}

fn update(
    parsed: &Parsed,
    target: &PassageRef,
    changes: &[Change],
    nl: &str,
) -> Result<Applied, EditError> {
    let text = parsed.text;
    let (entry, table) = parsed.find(target)?;
    for c in changes {
        let now = entry.get(c.field);
        if now != c.old.as_ref() {
            return Err(EditError::Conflict(format!(
                "the passage's `{}` was changed in the file since it was read; not overwriting it",
                c.field.key()
            )));
        }
    }
    let mut splices: Vec<(Range<usize>, String)> = Vec::new();
    // Insertions by point, in key order.
    let mut inserts: Vec<(usize, usize, String)> = Vec::new();
    let span_of = |k: &str| -> Option<(Range<usize>, Range<usize>)> {
        let (key, item) = table.get_key_value(k)?;
        Some((key.span()?, item.span()?))
    };
    // The inverse's verbatim sources, by change.
    let mut restore: Vec<Option<Verbatim>> = Vec::with_capacity(changes.len());
    for c in changes {
        let key = c.field.key();
        match (span_of(key), &c.new) {
            (Some((_, v)), Some(new)) => {
                restore.push(Some(Verbatim {
                    text: text[v.clone()].to_string(),
                    after: None,
                }));
                let src = match &c.verbatim {
                    Some(vb) => vb.text.clone(),
                    None => new.render(),
                };
                splices.push((v, src));
            }
            (Some((k, v)), None) => {
                let mut lines = line_start(text, k.start)..line_end(text, v.end);
                // The file's last line, with no newline: take the line
                // break before it instead, so the file still ends without.
                if lines.end == text.len() && !text.ends_with('\n') && lines.start > 0 {
                    lines.start -= if text[..lines.start].ends_with("\r\n") {
                        2
                    } else {
                        1
                    };
                }
                restore.push(Some(Verbatim {
                    text: text[lines.clone()].to_string(),
                    after: Some(text[entry.range.start..lines.start].to_string()),
                }));
                splices.push((lines, String::new()));
            }
            (None, Some(new)) => {
                restore.push(None);
                let order = PASSAGE_KEY_ORDER
                    .iter()
                    .position(|x| *x == key)
                    .unwrap_or(PASSAGE_KEY_ORDER.len());
                let table_text = &text[entry.range.clone()];
                let back = c.verbatim.as_ref().and_then(|vb| {
                    let after = vb.after.as_deref()?;
                    let at = entry.range.start + after.len();
                    // Back where it was, if the passage still reads the
                    // same up to there and that is a line start.
                    let joins = text[..at].ends_with('\n') || vb.text.starts_with(['\n', '\r']);
                    (table_text.starts_with(after) && joins).then(|| (at, vb.text.clone()))
                });
                let (point, mut line) = match back {
                    Some(b) => b,
                    None => {
                        // After the nearest key that comes before it, else
                        // after the last line of the table.
                        let point = PASSAGE_KEY_ORDER[..order]
                            .iter()
                            .rev()
                            .find_map(|k| span_of(k))
                            .map_or(entry.range.end, |(_, v)| line_end(text, v.end));
                        let line = match &c.verbatim {
                            Some(vb) if vb.text.ends_with('\n') => vb.text.clone(),
                            _ => key_line(key, new, nl),
                        };
                        (point, line)
                    }
                };
                if point > 0 && !text[..point].ends_with('\n') && !line.starts_with(['\n', '\r']) {
                    // After a last line with no newline: start a line, and
                    // keep the file ending without one.
                    line.insert_str(0, nl);
                    line.truncate(line.trim_end_matches(['\n', '\r']).len());
                }
                inserts.push((point, order, line));
            }
            (None, None) => restore.push(None),
        }
    }
    inserts.sort_by_key(|(p, o, _)| (*p, *o));
    let mut merged: Vec<(usize, String)> = Vec::new();
    for (p, _, s) in inserts {
        match merged.last_mut() {
            Some((q, acc)) if *q == p => acc.push_str(&s),
            _ => merged.push((p, s)),
        }
    }
    splices.extend(merged.into_iter().map(|(p, s)| (p..p, s)));
    let new_text = splice(text, splices);
    // The inverse finds the passage by its selector after the change.
    let mut selector = target.selector.clone();
    let new_of = |f: Field, old: String| -> String {
        match changes.iter().find(|c| c.field == f) {
            Some(Change {
                new: Some(FieldValue::Text(s)),
                ..
            }) => s.clone(),
            _ => old,
        }
    };
    let moved = changes
        .iter()
        .any(|c| matches!(c.field, Field::Quote | Field::Start | Field::End));
    if moved {
        let has = |f: Field| -> bool {
            match changes.iter().find(|c| c.field == f) {
                Some(c) => c.new.is_some(),
                None => entry.get(f).is_some(),
            }
        };
        let text_of = |f: Field| -> String {
            match entry.get(f) {
                Some(FieldValue::Text(s)) => new_of(f, s.clone()),
                _ => new_of(f, String::new()),
            }
        };
        selector = if has(Field::Quote) {
            Selector::Quote(text_of(Field::Quote))
        } else {
            Selector::Range {
                start: text_of(Field::Start),
                end: text_of(Field::End),
            }
        };
    }
    Ok(Applied {
        text: new_text,
        inverse: Edit::Update {
            target: PassageRef {
                essay: target.essay.clone(),
                selector,
                index: Some(entry.index),
            },
            changes: changes
                .iter()
                .zip(restore)
                .map(|(c, verbatim)| Change {
                    field: c.field,
                    old: c.new.clone(),
                    new: c.old.clone(),
                    verbatim,
                })
                .collect(),
        },
    })
}

/// Parse the result and check that the edit did what it says: a safety net
/// under the splicing, so that a mistake is an error, not a broken file.
fn verify(applied: &Applied) -> Result<(), EditError> {
    let bad = |what: &str| {
        EditError::Conflict(format!(
            "internal check failed ({what}); nothing was written — please report this"
        ))
    };
    let parsed = Parsed::new(&applied.text).map_err(|_| bad("result does not parse"))?;
    match &applied.inverse {
        Edit::Update { target, changes } => {
            let (entry, _) = parsed.find(target).map_err(|_| bad("passage lost"))?;
            for c in changes {
                if entry.get(c.field) != c.old.as_ref() {
                    return Err(bad("field not set"));
                }
            }
        }
        Edit::Delete {
            target: Entry::Passage(r),
            ..
        } => {
            parsed.find(r).map_err(|_| bad("passage not added"))?;
        }
        Edit::Delete {
            target: Entry::Theme(id),
            ..
        } if !parsed.themes()?.iter().any(|(t, _)| t == id) => {
            return Err(bad("theme not added"));
        }
        Edit::Insert { entry, .. } => {
            let gone = match entry {
                Entry::Passage(r) => matches!(parsed.find(r), Err(EditError::NotFound(_))),
                Entry::Theme(id) => !parsed.themes()?.iter().any(|(t, _)| t == id),
            };
            if !gone {
                return Err(bad("entry not deleted"));
            }
        }
        _ => {}
    }
    Ok(())
}

/// The passages of a map text, in file order.
pub fn passages(text: &str) -> Result<Vec<PassageEntry>, EditError> {
    Parsed::new(text)?.passages()
}

/// The theme ids a map text declares.
pub fn theme_ids(text: &str) -> Result<Vec<String>, EditError> {
    Ok(Parsed::new(text)?
        .themes()?
        .into_iter()
        .map(|(id, _)| id)
        .collect())
}

/// Which of a corpus's map files a new passage goes into: the file that
/// already holds passages on its essay (the last such), else the one that
/// declares its first theme, else the first file with passages, else the
/// first file. `maps` are the files' texts, in order.
pub fn target_file(maps: &[&str], essay: &str, themes: &[String]) -> usize {
    let entries: Vec<Vec<PassageEntry>> = maps
        .iter()
        .map(|t| passages(t).unwrap_or_default())
        .collect();
    if let Some(i) = (0..maps.len())
        .rev()
        .find(|&i| entries[i].iter().any(|p| p.essay == essay))
    {
        return i;
    }
    if let Some(first) = themes.first() {
        if let Some(i) =
            (0..maps.len()).find(|&i| theme_ids(maps[i]).unwrap_or_default().contains(first))
        {
            return i;
        }
    }
    (0..maps.len())
        .find(|&i| !entries[i].is_empty())
        .unwrap_or(0)
}

/// What a save did.
#[derive(Debug, Clone)]
pub struct Saved {
    /// The edit that undoes this one.
    pub inverse: Edit,
    /// The file had changed on disk since it was read, and the edit was
    /// re-applied to its new contents.
    pub merged: bool,
}

/// A map file open for editing: its path and the text last read or
/// written, against which the next edit is made.
#[derive(Debug, Clone)]
pub struct MapFile {
    path: PathBuf,
    base: String,
}

impl MapFile {
    /// Read a map file.
    pub fn open(path: impl Into<PathBuf>) -> io::Result<MapFile> {
        let path = path.into();
        let base = fs::read_to_string(&path)?;
        Ok(MapFile { path, base })
    }

    /// The path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The text as last read or written.
    pub fn text(&self) -> &str {
        &self.base
    }

    /// The passages of the text as last read or written.
    pub fn passages(&self) -> Result<Vec<PassageEntry>, EditError> {
        passages(&self.base)
    }

    /// The passage whose `[[passages]]` header is on a line (as
    /// `Passage::defined_at` gives it).
    pub fn passage_at_line(&self, line: usize) -> Option<PassageEntry> {
        self.passages().ok()?.into_iter().find(|p| p.line == line)
    }

    /// Apply an edit and write the file atomically.
    ///
    /// When the file on disk is still what was last read, the edit is made
    /// to it. When someone changed it meanwhile, the edit is made to the new
    /// contents if its target is still there, unambiguous and unchanged in
    /// the fields it touches (`Saved::merged`); otherwise nothing is written
    /// and the error says why. Writers of this crate take a lock file
    /// beside the map while they read, edit and rename, so two of them
    /// never interleave; an editor that does not take the lock is caught by
    /// a last comparison just before the rename.
    pub fn apply(&mut self, edit: &Edit) -> Result<Saved, EditError> {
        let _lock = Lock::take(&self.path)?;
        for _ in 0..4 {
            let disk = fs::read_to_string(&self.path)?;
            let merged = disk != self.base;
            let applied = apply(&disk, edit).map_err(|e| {
                if merged {
                    changed_on_disk(&self.path, e)
                } else {
                    e
                }
            })?;
            // The narrowest window we can give an editor that ignores the
            // lock: compare once more right before the rename.
            if fs::read_to_string(&self.path)? != disk {
                continue;
            }
            crate::atomic::write(&self.path, applied.text.as_bytes())?;
            self.base = applied.text;
            return Ok(Saved {
                inverse: applied.inverse,
                merged,
            });
        }
        Err(EditError::Conflict(format!(
            "{} keeps changing on disk; not writing",
            self.path.display()
        )))
    }

    /// Read the file again, dropping what was remembered.
    pub fn reload(&mut self) -> io::Result<()> {
        self.base = fs::read_to_string(&self.path)?;
        Ok(())
    }
}

fn changed_on_disk(path: &Path, e: EditError) -> EditError {
    match e {
        EditError::Io(e) => EditError::Io(e),
        e => EditError::Conflict(format!(
            "{} changed on disk since it was read, and the edit cannot be re-applied: {e}",
            path.display()
        )),
    }
}

/// A lock file beside a map (`.NAME.lock`), held while one edit is read,
/// made and written; removed on drop.
struct Lock {
    path: PathBuf,
}

impl Lock {
    fn take(map: &Path) -> Result<Lock, EditError> {
        let dir = match map.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let name = map
            .file_name()
            .map_or_else(|| "map".to_string(), |n| n.to_string_lossy().into_owned());
        let path = dir.join(format!(".{name}.lock"));
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            match fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(_) => return Ok(Lock { path }),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                    if Instant::now() > deadline {
                        return Err(EditError::Conflict(format!(
                            "{} is locked by another parallax; if none is running, remove {}",
                            map.display(),
                            path.display()
                        )));
                    }
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err(e) => return Err(EditError::Io(e)),
            }
        }
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}
