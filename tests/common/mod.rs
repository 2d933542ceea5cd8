//! Helpers shared by the tests: the built-in corpus, running the binary,
//! an app at a size, drawing to a TestBackend, and the screen as text.

#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};
use std::sync::Arc;

use parallax::corpus::{self, files, Corpus};
use parallax::tui::app::{App, StartOptions};
use parallax::tui::keymap::Keymap;
use parallax::tui::view;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Color;
use ratatui::Terminal;

/// A corpus held in memory: each `(id, text)` as `essays/{id}.md`, and one
/// theme map as `themes/m.toml`.
pub fn memory_files(name: &str, essays: Vec<(&str, String)>, map: String) -> files::CorpusFiles {
    files::CorpusFiles {
        name: name.into(),
        essays: essays
            .into_iter()
            .map(|(id, text)| files::InputFile::memory(format!("essays/{id}.md"), text))
            .collect(),
        themes: vec![files::InputFile::memory("themes/m.toml", map)],
        diagnostics: Vec::new(),
    }
}

/// The built-in corpus, shared (must load without errors).
pub fn builtin() -> Arc<Corpus> {
    Arc::new(builtin_corpus())
}

/// The built-in corpus: it must load without a single diagnostic.
pub fn builtin_corpus() -> Corpus {
    let loaded = corpus::load(files::builtin());
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    loaded.corpus
}

/// Start options for essays (ids), a theme (id) and a size.
pub fn options(
    corpus: &Corpus,
    essays: &[&str],
    theme: Option<&str>,
    size: (u16, u16),
    color: bool,
) -> StartOptions {
    StartOptions {
        essays: essays
            .iter()
            .map(|id| corpus.essay_index(id).expect("essay id"))
            .collect(),
        theme: theme.map(|t| corpus.theme_index(t).expect("theme id")),
        size,
        color,
        keymap: Keymap::default(),
        keymap_path: Some("~/.config/parallax/keys.toml".into()),
        ..StartOptions::default()
    }
}

/// An app on the built-in corpus.
pub fn app(
    corpus: Arc<Corpus>,
    essays: &[&str],
    theme: Option<&str>,
    size: (u16, u16),
    color: bool,
) -> App {
    let opts = options(&corpus, essays, theme, size, color);
    App::new(corpus, opts)
}

/// Draw the app to a TestBackend of its size.
pub fn draw(app: &App) -> Buffer {
    let mut t = Terminal::new(TestBackend::new(app.size.0, app.size.1)).unwrap();
    t.draw(|f| view::view(app, f)).unwrap();
    t.backend().buffer().clone()
}

/// The screen as plain lines (trailing spaces trimmed), for snapshots.
pub fn text(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..buf.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
            line.push_str(sym);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Panics if any cell has a colour (for NO_COLOR).
pub fn assert_no_colour(buf: &Buffer) {
    for cell in buf.content() {
        assert_eq!(cell.fg, Color::Reset, "no foreground colour under NO_COLOR");
        assert_eq!(cell.bg, Color::Reset, "no background colour under NO_COLOR");
    }
}

/// Rows (screen y) where the start marker is drawn, per pane gutter.
pub fn marker_rows(app: &App, buf: &Buffer) -> Vec<Option<u16>> {
    app.geometry()
        .panes
        .iter()
        .map(|p| {
            (p.gutter.y..p.gutter.bottom())
                .find(|&y| buf[(p.gutter.x, y)].symbol() == view::MARK_START)
        })
        .collect()
}

/// Words cut at an edge in a screen's text (as `text` prints it, `width`
/// columns wide): a letter or digit in the last column, or right against a
/// vertical rule or box border, with another letter or digit, or a space,
/// before it. Text the views lay out keeps a margin before every edge, and
/// text cut on purpose ends in `…`, so either is a word cut mid-way.
/// Returns the offending rows.
pub fn cut_words(screen: &str, width: u16) -> Vec<String> {
    const RULES: &[char] = &['│', '┃', '┆', '┐', '┘', '┤', '║'];
    let word = |c: char| c.is_alphanumeric();
    let mut out = Vec::new();
    for line in screen.lines() {
        let chars: Vec<char> = line.chars().collect();
        let at_edge = unicode_width::UnicodeWidthStr::width(line) == usize::from(width)
            && chars.last().is_some_and(|&c| word(c));
        let at_rule = chars
            .windows(2)
            .any(|w| word(w[0]) && RULES.contains(&w[1]));
        if at_edge || at_rule {
            out.push(line.to_string());
        }
    }
    out
}

/// `parallax ARGS` run in `dir` as a program would run it: uncoloured, and
/// with no `COLUMNS` from the test's terminal, so output does not depend on
/// where the tests run.
pub fn output_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("COLUMNS")
        .output()
        .expect("the binary runs")
}

/// What one run of the binary did.
pub struct Run {
    /// Exit code.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// [`output_in`], its exit code and its output as text.
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    let out = output_in(dir, args);
    Run {
        code: out.status.code().expect("exited, not killed"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}
