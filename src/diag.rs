//! Diagnostics: what is wrong with a corpus, where (file:line:column), and
//! a hint on how to fix it. Rendered codespan-style by `codespan-reporting`.

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::{self, SimpleFile};
use codespan_reporting::term::{self, termcolor};

use crate::safe_text::{neutralise_line, neutralise_line_char, neutralise_str, truncate_chars};

/// How bad a problem is. Errors make `parallax check` fail; warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Worth fixing, but the corpus still loads.
    Warning,
    /// The corpus cannot be used as written.
    Error,
}

/// A source file a diagnostic points into. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Source {
    /// The name shown to the user, e.g. `themes/japan-korea.toml`.
    pub name: Arc<str>,
    /// The file's text (after BOM removal and CRLF normalisation, which is
    /// what spans index). An `Arc<String>` so a decoded file is shared, not
    /// copied.
    pub text: Arc<String>,
    /// Line starts and character counts, built the first time a position
    /// is asked for, so that N diagnostics in one file cost N lookups, not
    /// N scans of the file.
    index: Arc<OnceLock<Index>>,
}

/// Where lines start, and how many characters precede every
/// [`BLOCK`]-byte boundary: enough to turn a byte offset into a line and a
/// column without scanning from the start of the file (or of a long line).
#[derive(Debug, Default)]
struct Index {
    line_starts: Vec<usize>,
    chars_before_block: Vec<usize>,
}

const BLOCK: usize = 4096;

impl Index {
    fn of(text: &str) -> Self {
        let bytes = text.as_bytes();
        // Counted first, then filled: one allocation rather than a dozen
        // reallocations as it grows (a 5 MB map has 150,000 lines).
        let mut line_starts = Vec::with_capacity(memchr::memchr_iter(b'\n', bytes).count() + 1);
        line_starts.push(0);
        line_starts.extend(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1));
        let mut chars_before_block = Vec::with_capacity(bytes.len() / BLOCK + 1);
        let mut n = 0;
        for block in bytes.chunks(BLOCK) {
            chars_before_block.push(n);
            n += count_chars(block);
        }
        chars_before_block.push(n);
        Index {
            line_starts,
            chars_before_block,
        }
    }

    /// 0-based line of a byte offset.
    fn line(&self, byte: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= byte) - 1
    }

    /// Characters before a byte offset (on a char boundary).
    fn chars_before(&self, text: &str, byte: usize) -> usize {
        let block = byte / BLOCK;
        self.chars_before_block[block] + count_chars(&text.as_bytes()[block * BLOCK..byte])
    }
}

/// Characters in UTF-8 bytes (from a char boundary): the bytes that do not
/// continue a character (continuation bytes are 0x80–0xBF, below -64 as
/// `i8`), summed in `u8`s 128 bytes at a time.
fn count_chars(bytes: &[u8]) -> usize {
    bytes
        .chunks(128)
        .map(|c| c.iter().map(|&b| u8::from(b as i8 >= -64)).sum::<u8>() as usize)
        .sum()
}

impl Source {
    /// A source with the given display name and text.
    pub fn new(name: impl Into<Arc<str>>, text: impl Into<String>) -> Self {
        Source {
            name: name.into(),
            text: Arc::new(text.into()),
            index: Arc::default(),
        }
    }

    fn index(&self) -> &Index {
        self.index.get_or_init(|| Index::of(&self.text))
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, byte: usize) -> (usize, usize) {
        let byte = floor_char_boundary(&self.text, byte.min(self.text.len()));
        let index = self.index();
        let line = index.line(byte);
        let start = index.line_starts[line];
        let col = index.chars_before(&self.text, byte) - index.chars_before(&self.text, start);
        (line + 1, col + 1)
    }
}

/// Longest message or label shown, in characters: a 1 MB quote named in a
/// message is cut, with a count of what was left out.
const MAX_MESSAGE_CHARS: usize = 300;
/// Longest note shown, in characters.
const MAX_NOTE_CHARS: usize = 1000;
/// Most source lines quoted under one diagnostic.
const MAX_SNIPPET_LINES: usize = 6;
/// Longest source line quoted whole; longer lines are cut around the span.
const MAX_LINE_CHARS: usize = 200;
/// Characters kept before the span's start when a line is cut.
const LINE_LEAD_CHARS: usize = 60;

/// One-line text (a message, a label, a path) made safe and short.
fn printable_line(s: &str, max: usize) -> String {
    neutralise_line(&truncate_chars(s, max)).into_owned()
}

/// A note made safe and short; its own line breaks are kept.
fn printable_note(s: &str) -> String {
    neutralise_str(&truncate_chars(s, MAX_NOTE_CHARS)).into_owned()
}

/// The few lines of a source that a diagnostic quotes, made printable and
/// cut to length, with enough bookkeeping to report the true line and
/// column numbers: what codespan renders instead of the whole file.
struct Snippet {
    name: String,
    text: String,
    /// 0-based line number of the snippet's first line in the file.
    first_line: usize,
    /// Start of each snippet line in `text`.
    starts: Vec<usize>,
    /// For each snippet line, the file column (0-based, in characters) of
    /// the snippet column 0 (negative when a `…` was put in front).
    col_shift: Vec<isize>,
}

impl Snippet {
    /// The snippet for `span` of `src`, and the span moved into it.
    fn new(src: &Source, span: Range<usize>) -> (Snippet, Range<usize>) {
        let text: &str = &src.text;
        let index = src.index();
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let end = floor_char_boundary(text, span.end.min(text.len())).max(start);
        let first = index.line(start);
        let last = index.line(end).min(first + MAX_SNIPPET_LINES - 1);
        let line_end = |l: usize| index.line_starts.get(l + 1).map_or(text.len(), |&s| s - 1);
        let mut out = Snippet {
            name: printable_line(&src.name, 4096),
            text: String::new(),
            first_line: first,
            starts: Vec::new(),
            col_shift: Vec::new(),
        };
        let (mut new_start, mut new_end) = (None, None);
        for l in first..=last {
            let (ls, le) = (index.line_starts[l], line_end(l));
            let line = &text[ls..le];
            let chars = index.chars_before(text, le) - index.chars_before(text, ls);
            // Cut a long line to a window: around the span's start on the
            // first line, from the left on the others.
            let (keep_from, keep_to, lead) = if chars <= MAX_LINE_CHARS {
                (ls, le, false)
            } else {
                let skip = if l == first {
                    (index.chars_before(text, start) - index.chars_before(text, ls))
                        .saturating_sub(LINE_LEAD_CHARS)
                } else {
                    0
                };
                let from = ls + byte_of_char(line, skip);
                let to = from + byte_of_char(&text[from..le], MAX_LINE_CHARS);
                (from, to, skip > 0)
            };
            out.starts.push(out.text.len());
            let skipped = index.chars_before(text, keep_from) - index.chars_before(text, ls);
            if lead {
                out.text.push('…');
                out.col_shift.push(skipped as isize - 1);
            } else {
                out.col_shift.push(skipped as isize);
            }
            let clamp = |b: usize| b.clamp(keep_from, keep_to);
            for (i, c) in text[keep_from..keep_to].char_indices() {
                let at = keep_from + i;
                if new_start.is_none() && at >= clamp(start) && l == first {
                    new_start = Some(out.text.len());
                }
                if new_end.is_none() && l == index.line(end).min(last) && at >= clamp(end) {
                    new_end = Some(out.text.len());
                }
                out.text.push(neutralise_line_char(c));
            }
            if l == first && new_start.is_none() {
                new_start = Some(out.text.len());
            }
            if keep_to < le {
                if new_end.is_none() && l == index.line(end).min(last) {
                    new_end = Some(out.text.len());
                }
                out.text.push('…');
            }
            if l < last {
                out.text.push('\n');
            }
        }
        let s = new_start.unwrap_or(out.text.len());
        let e = new_end.unwrap_or(out.text.len()).max(s);
        (out, s..e)
    }

    fn local(&self, line_index: usize) -> Result<usize, files::Error> {
        line_index
            .checked_sub(self.first_line)
            .filter(|&l| l < self.starts.len())
            .ok_or(files::Error::LineTooLarge {
                given: line_index,
                max: self.first_line + self.starts.len(),
            })
    }
}

impl<'a> files::Files<'a> for Snippet {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, files::Error> {
        Ok(&self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, files::Error> {
        Ok(&self.text)
    }

    fn line_index(&'a self, (): (), byte_index: usize) -> Result<usize, files::Error> {
        Ok(self.first_line + self.starts.partition_point(|&s| s <= byte_index).max(1) - 1)
    }

    fn column_number(
        &'a self,
        (): (),
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, files::Error> {
        let local = self.local(line_index)?;
        let range = self.line_range((), line_index)?;
        let col = files::column_index(&self.text, range, byte_index) as isize;
        Ok((col + self.col_shift[local]).max(0) as usize + 1)
    }

    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, files::Error> {
        let local = self.local(line_index)?;
        let start = self.starts[local];
        let end = self
            .starts
            .get(local + 1)
            .map_or(self.text.len(), |&s| s - 1);
        Ok(start..end)
    }
}

/// Byte offset of the `n`-th character of `s` (its length if shorter).
fn byte_of_char(s: &str, n: usize) -> usize {
    s.char_indices().nth(n).map_or(s.len(), |(i, _)| i)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One problem found in a corpus.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in one line.
    pub message: String,
    /// Where: the file, and the byte range of the offending value (None when
    /// the problem is with the file as a whole, e.g. a missing directory).
    pub location: Option<(Source, Range<usize>)>,
    /// Path shown when there is no source text (missing or unreadable file).
    pub path: Option<String>,
    /// A short label under the highlighted span: most are fixed words,
    /// borrowed rather than allocated for each of 100,000 diagnostics.
    pub label: Cow<'static, str>,
    /// Hints and context: nearest id, closest passage, number of matches.
    /// Shared, not copied: 100,000 passages naming one renamed essay carry
    /// one hint (issue 13).
    pub notes: Vec<Arc<str>>,
}

impl Diagnostic {
    /// An error at a span of a source file.
    pub fn error(message: impl Into<String>, source: &Source, span: Range<usize>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            location: Some((source.clone(), span)),
            path: None,
            label: Cow::Borrowed(""),
            notes: Vec::new(),
        }
    }

    /// An error about a file or directory as a whole, with no text to show.
    pub fn file_error(message: impl Into<String>, path: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            location: None,
            path: Some(path.into()),
            label: Cow::Borrowed(""),
            notes: Vec::new(),
        }
    }

    /// Turn this into a warning.
    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// Set the label printed under the highlighted span.
    pub fn with_label(mut self, label: impl Into<Cow<'static, str>>) -> Self {
        self.label = label.into();
        self
    }

    /// Add a note (a hint, or a piece of context).
    pub fn with_note(mut self, note: impl Into<Arc<str>>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// Set the label in place (for diagnostics already pushed to a list).
    pub fn with_label_mut(&mut self, label: impl Into<Cow<'static, str>>) -> &mut Self {
        self.label = label.into();
        self
    }

    /// Add a note in place.
    pub fn with_note_mut(&mut self, note: impl Into<Arc<str>>) -> &mut Self {
        self.notes.push(note.into());
        self
    }

    /// `file:line:column` of the start of the span, or the bare path.
    pub fn position(&self) -> String {
        match (&self.location, &self.path) {
            (Some((src, span)), _) => {
                let (line, col) = src.line_col(span.start);
                format!("{}:{line}:{col}", src.name)
            }
            (None, Some(path)) => path.clone(),
            (None, None) => String::new(),
        }
    }

    /// The file (or path) a diagnostic is about and the byte offset in it:
    /// sorting by this lists problems in file order.
    pub fn sort_key(&self) -> (&str, usize) {
        match (&self.location, &self.path) {
            (Some((src, span)), _) => (&src.name, span.start),
            (None, Some(path)) => (path, 0),
            (None, None) => ("", 0),
        }
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    fn to_codespan(&self, span: Option<Range<usize>>) -> CsDiagnostic<()> {
        let mut d = match self.severity {
            Severity::Error => CsDiagnostic::error(),
            Severity::Warning => CsDiagnostic::warning(),
        }
        .with_message(printable_line(&self.message, MAX_MESSAGE_CHARS));
        if let Some(span) = span {
            d = d.with_labels(vec![Label::primary((), span)
                .with_message(printable_line(&self.label, MAX_MESSAGE_CHARS))]);
        }
        let mut notes: Vec<String> = self.notes.iter().map(|n| printable_note(n)).collect();
        if self.location.is_none() {
            if let Some(path) = &self.path {
                notes.insert(0, format!("in {}", printable_line(path, 4096)));
            }
        }
        d.with_notes(notes)
    }

    /// Render for a terminal (colour when `color` is true) or a plain file.
    /// Control characters in the quoted source line, ids or paths are shown
    /// as visible stand-ins, never written to the terminal; only the lines
    /// of the span are quoted (at most [`MAX_SNIPPET_LINES`], each cut to
    /// about [`MAX_LINE_CHARS`] characters), so rendering costs the size of
    /// the diagnostic, not of the file.
    pub fn render(&self, color: bool) -> String {
        let config = term::Config::default();
        let mut buf = if color {
            termcolor::Buffer::ansi()
        } else {
            termcolor::Buffer::no_color()
        };
        let ok = match &self.location {
            Some((src, span)) => {
                let (snippet, span) = Snippet::new(src, span.clone());
                let cs = self.to_codespan(Some(span));
                term::emit_to_write_style(&mut buf, &config, &snippet, &cs).is_ok()
            }
            None => {
                let file = SimpleFile::new("", "");
                let cs = self.to_codespan(None);
                term::emit_to_write_style(&mut buf, &config, &file, &cs).is_ok()
            }
        };
        if ok {
            String::from_utf8_lossy(buf.as_slice()).into_owned()
        } else {
            format!("{}\n", printable_line(&self.to_string(), MAX_NOTE_CHARS))
        }
    }
}

impl fmt::Display for Diagnostic {
    /// One line: `file:line:col: error: message`, made safe to print (it
    /// is shown in the reader's status bar, too).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let pos = neutralise_line(&self.position()).into_owned();
        let message = printable_line(&self.message, MAX_MESSAGE_CHARS);
        if pos.is_empty() {
            write!(f, "{sev}: {message}")
        } else {
            write!(f, "{pos}: {sev}: {message}")
        }
    }
}

/// The nearest candidate to `wanted` by edit distance, if it is close enough
/// to be a plausible typo (or shares a prefix with it).
pub fn nearest<'a, I>(wanted: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::normalized_damerau_levenshtein(wanted, c).max(
            if c.starts_with(wanted) || wanted.starts_with(c) {
                0.7
            } else {
                0.0
            },
        );
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c));
        }
    }
    // More than half of the characters must line up: at 0.4, "opinion" was
    // offered `concession` and "role" `note`.
    best.filter(|(s, _)| *s > 0.5).map(|(_, c)| c)
}

/// "did you mean `x`?" for the nearest candidate, if any.
pub fn did_you_mean<'a, I>(wanted: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    nearest(wanted, candidates).map(|c| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let src = Source::new("f.toml", "a = 1\nb = \"é\" x\n");
        assert_eq!(src.line_col(0), (1, 1));
        let x = src.text.find('x').unwrap();
        assert_eq!(src.line_col(x), (2, 9));
    }

    #[test]
    fn render_never_writes_control_characters() {
        let src = Source::new("e\u{1b}.md", "x = 1\ntitle = \"\u{1b}[2J\u{9b}1m\" y\n");
        let at = src.text.find('y').unwrap();
        let d = Diagnostic::error("bad \u{7} `\u{1b}]0;t\u{7}`", &src, at..at + 1)
            .with_label("\u{1b}[31m")
            .with_note("hint: \u{1b}[0m");
        let out = d.render(false);
        assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "{out:?}");
        assert!(out.contains("\u{241b}[2J"), "{out}");
        // The caret still sits under `y`, after the widened stand-ins.
        let line = out.lines().find(|l| l.contains("title")).unwrap();
        let caret = out.lines().find(|l| l.contains('^')).unwrap();
        let col = |l: &str, p: usize| l[..p].chars().count();
        assert_eq!(
            col(line, line.find('y').unwrap()),
            col(caret, caret.find('^').unwrap())
        );
    }

    #[test]
    fn nearest_finds_typos_and_ignores_strangers() {
        let ids = ["deal-2015", "gsomia", "us-role"];
        assert_eq!(nearest("gsomai", ids), Some("gsomia"));
        assert_eq!(nearest("deal", ids), Some("deal-2015"));
        assert_eq!(nearest("zzzzzzzzzz", ids), None);
        let roles = [
            "claim",
            "evidence",
            "recommendation",
            "concession",
            "context",
        ];
        assert_eq!(nearest("evidance", roles), Some("evidence"));
        assert_eq!(nearest("opinion", roles), None);
    }

    #[test]
    fn a_long_line_is_cut_around_the_span_with_the_true_column() {
        let long = "x".repeat(1_000_000);
        let text = format!("a = 1\nquote = \"{long}\" nope = 2\n");
        let src = Source::new("m.toml", text.clone());
        let at = text.find("nope").unwrap();
        let d =
            Diagnostic::error(format!("bad quote `{long}`"), &src, at..at + 4).with_label("here");
        let out = d.render(false);
        assert!(out.len() < 2_000, "{} bytes", out.len());
        let col = text[..at].chars().count() - text[..at].rfind('\n').unwrap();
        assert!(out.contains(&format!("m.toml:2:{col}")), "{out}");
        assert!(out.contains("more characters)"), "{out}");
        // The caret sits under `nope` in the cut line.
        let line = out.lines().find(|l| l.contains("nope")).unwrap();
        let caret = out.lines().find(|l| l.contains('^')).unwrap();
        let pos = |l: &str, p: usize| l[..p].chars().count();
        assert_eq!(
            pos(line, line.find("nope").unwrap()),
            pos(caret, caret.find('^').unwrap())
        );
    }

    #[test]
    fn a_span_over_many_lines_quotes_only_a_few() {
        let text = "x\n".repeat(10_000);
        let src = Source::new("m.toml", text.clone());
        let d = Diagnostic::error("spans it all", &src, 0..text.len());
        let out = d.render(false);
        assert!(out.lines().count() < 20, "{out}");
        assert!(out.contains("m.toml:1:1"), "{out}");
    }

    #[test]
    fn positions_late_in_a_file_are_right() {
        let text = "é\n".repeat(5000) + "ab\u{1b}c";
        let src = Source::new("f", text.clone());
        let at = text.rfind('c').unwrap();
        assert_eq!(src.line_col(at), (5001, 4));
        let out = Diagnostic::error("m", &src, at..at + 1).render(false);
        assert!(out.contains("f:5001:4"), "{out}");
        assert!(out.contains("ab\u{241b}c"), "{out}");
    }

    #[test]
    fn a_file_name_with_a_newline_cannot_forge_a_line() {
        let src = Source::new("a.toml\nerror: forged", "x = 1\n");
        let out = Diagnostic::error("m\nerror: also forged", &src, 0..1)
            .with_label("l\nx")
            .render(false);
        assert!(
            !out.lines().any(|l| l.starts_with("error: forged")),
            "{out}"
        );
        assert!(!out.lines().any(|l| l.starts_with("error: also")), "{out}");
        let line = Diagnostic::error("m\n\u{1b}[2J", &src, 0..1).to_string();
        assert_eq!(
            line,
            "a.toml\u{240a}error: forged:1:1: error: m\u{240a}\u{241b}[2J"
        );
    }

    #[test]
    fn render_shows_file_line_column_and_notes() {
        let src = Source::new("themes/m.toml", "[[passages]]\nessay = \"nope\"\n");
        let at = src.text.find("\"nope\"").unwrap();
        let d = Diagnostic::error("essay `nope` not found", &src, at..at + 6)
            .with_label("no such essay")
            .with_note("hint: did you mean `note`?");
        let out = d.render(false);
        assert!(out.contains("themes/m.toml:2:9"), "{out}");
        assert!(out.contains("hint: did you mean"), "{out}");
        assert_eq!(
            d.to_string(),
            "themes/m.toml:2:9: error: essay `nope` not found"
        );
    }
}
