//! Diagnostics: what is wrong with a corpus, where (file:line:column), and
//! a hint on how to fix it. Rendered codespan-style by `codespan-reporting`.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, termcolor};

use crate::safe_text::neutralise;

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
}

impl Source {
    /// A source with the given display name and text.
    pub fn new(name: impl Into<Arc<str>>, text: impl Into<String>) -> Self {
        Source {
            name: name.into(),
            text: Arc::new(text.into()),
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, byte: usize) -> (usize, usize) {
        let byte = floor_char_boundary(&self.text, byte.min(self.text.len()));
        let before = &self.text[..byte];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = self.text[line_start..byte].chars().count() + 1;
        (line, col)
    }
}

/// Whether a character may be written to a terminal as is.
fn is_safe(c: char) -> bool {
    c == '\n' || c == '\t' || !c.is_control()
}

/// `s` with control characters replaced by visible stand-ins.
fn printable(s: &str) -> String {
    s.chars()
        .map(|c| if is_safe(c) { c } else { neutralise(c) })
        .collect()
}

/// A source text made printable, with a byte span of it moved to match.
fn printable_source(text: &str, span: Range<usize>) -> (String, Range<usize>) {
    if text.chars().all(is_safe) {
        return (text.to_string(), span);
    }
    let (mut start, mut end) = (None, None);
    let mut out = String::with_capacity(text.len() + 16);
    for (i, c) in text.char_indices() {
        if start.is_none() && i >= span.start {
            start = Some(out.len());
        }
        if end.is_none() && i >= span.end {
            end = Some(out.len());
        }
        out.push(if is_safe(c) { c } else { neutralise(c) });
    }
    let start = start.unwrap_or(out.len());
    let end = end.unwrap_or(out.len()).max(start);
    (out, start..end)
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
    /// A short label under the highlighted span.
    pub label: String,
    /// Hints and context: nearest id, closest passage, number of matches.
    pub notes: Vec<String>,
}

impl Diagnostic {
    /// An error at a span of a source file.
    pub fn error(message: impl Into<String>, source: &Source, span: Range<usize>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            location: Some((source.clone(), span)),
            path: None,
            label: String::new(),
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
            label: String::new(),
            notes: Vec::new(),
        }
    }

    /// Turn this into a warning.
    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// Set the label printed under the highlighted span.
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    /// Add a note (a hint, or a piece of context).
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// Set the label in place (for diagnostics already pushed to a list).
    pub fn with_label_mut(&mut self, label: impl Into<String>) -> &mut Self {
        self.label = label.into();
        self
    }

    /// Add a note in place.
    pub fn with_note_mut(&mut self, note: impl Into<String>) -> &mut Self {
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
        .with_message(printable(&self.message));
        if let Some(span) = span {
            d = d.with_labels(vec![
                Label::primary((), span).with_message(printable(&self.label))
            ]);
        }
        let mut notes: Vec<String> = self.notes.iter().map(|n| printable(n)).collect();
        if self.location.is_none() {
            if let Some(path) = &self.path {
                notes.insert(0, format!("in {}", printable(path)));
            }
        }
        d.with_notes(notes)
    }

    /// Render for a terminal (colour when `color` is true) or a plain file.
    /// Control characters in the quoted source line, ids or paths are shown
    /// as visible stand-ins, never written to the terminal.
    pub fn render(&self, color: bool) -> String {
        let (name, text, span) = match &self.location {
            Some((src, span)) => {
                let (text, span) = printable_source(&src.text, span.clone());
                (printable(&src.name), text, Some(span))
            }
            None => (String::new(), String::new(), None),
        };
        let file = SimpleFile::new(name, text);
        let config = term::Config::default();
        let cs = self.to_codespan(span);
        if color {
            let mut buf = termcolor::Buffer::ansi();
            if term::emit_to_write_style(&mut buf, &config, &file, &cs).is_ok() {
                return String::from_utf8_lossy(buf.as_slice()).into_owned();
            }
        }
        term::emit_into_string(&config, &file, &cs).unwrap_or_else(|_| format!("{self}\n"))
    }
}

impl fmt::Display for Diagnostic {
    /// One line: `file:line:col: error: message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let pos = self.position();
        if pos.is_empty() {
            write!(f, "{sev}: {}", self.message)
        } else {
            write!(f, "{pos}: {sev}: {}", self.message)
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
