//! The command line: clap definitions and the headless commands. The reader
//! itself lives in `tui`; this module only decides what to run.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::corpus::{self, files, Corpus, Loaded};
use crate::diag::{did_you_mean, Severity};
use crate::export;
use crate::safe_text::{neutralise_line, truncate_chars};

/// parallax — read arguments side by side, aligned on shared themes.
#[derive(Debug, Parser)]
#[command(name = "parallax", version, about, long_about = None, args_conflicts_with_subcommands = true)]
#[command(
    after_help = "With no command, opens the reader. Keys: ? in the reader lists them.\n\
Exit codes: 0 ok, 1 invalid corpus data, 2 usage error. (74: the output could not be written.)"
)]
pub struct Cli {
    /// A headless command; without one, the reader opens.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Options for the reader.
    #[command(flatten)]
    pub open: OpenArgs,
}

/// Options for opening the reader.
#[derive(Debug, Clone, Args, Default)]
pub struct OpenArgs {
    /// Corpus directory (holding essays/ and themes/); default: the built-in corpus.
    pub corpus: Option<PathBuf>,
    /// Align the panes on this theme at start.
    #[arg(long, value_name = "ID")]
    pub theme: Option<String>,
    /// Essays to open, in pane order (2 to 6 ids, comma-separated).
    #[arg(long, value_name = "A,B,C", value_delimiter = ',')]
    pub essays: Vec<String>,
    /// Start this seminar tour.
    #[arg(long, value_name = "ID")]
    pub tour: Option<String>,
    /// Presenter mode: fewer, wider panes in high contrast, for a projector.
    #[arg(long)]
    pub present: bool,
}

/// Headless commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a corpus: exit 0, or 1 with every problem on stderr.
    Check {
        /// Corpus directory; default: the built-in corpus.
        corpus: Option<PathBuf>,
        /// Show every problem (by default the first 200 are shown, then a count).
        #[arg(long)]
        all: bool,
    },
    /// List the themes with each essay's passage count.
    Themes {
        /// Corpus directory; default: the built-in corpus.
        corpus: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Print one theme's passages, grouped by essay, with stances.
    Show {
        /// Theme id (see `parallax themes`).
        theme: String,
        /// Corpus directory; default: the built-in corpus.
        corpus: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
        /// Width to wrap text output to (default: the terminal's, else 80).
        #[arg(long, value_name = "N")]
        width: Option<u16>,
    },
}

/// Formats for `themes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// A table for people.
    Text,
    /// JSON for programs.
    Json,
}

/// Formats for `show`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    /// Wrapped text for people (and handouts).
    Text,
    /// Markdown.
    Md,
    /// JSON: {"theme": {…}, "passages": [{essay, themes, text, stance, role, note, start, end}]}.
    Json,
}

/// Exit code for invalid data.
pub const EXIT_DATA: u8 = 1;
/// Exit code for usage errors.
pub const EXIT_USAGE: u8 = 2;

/// Whether to colour what goes to stderr.
pub fn stderr_color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Load the corpus at `path`, or the built-in one.
pub fn load(path: Option<&PathBuf>) -> Loaded {
    match path {
        Some(p) => corpus::load(files::from_dir(p)),
        None => corpus::load(files::builtin()),
    }
}

/// How many problems are shown unless `check --all` asks for every one: a
/// corpus with 100,000 broken passages should not bury the first problem
/// (the one often causing the rest) under megabytes of output.
pub const MAX_SHOWN_PROBLEMS: usize = 200;

/// Print diagnostics to stderr (the first [`MAX_SHOWN_PROBLEMS`] unless
/// `all`), with a summary line when there are any.
pub fn report(loaded: &Loaded, all: bool) {
    let color = stderr_color();
    let mut err = std::io::stderr().lock();
    let shown = if all {
        loaded.diagnostics.len()
    } else {
        MAX_SHOWN_PROBLEMS
    };
    for d in loaded.diagnostics.iter().take(shown) {
        // A closed or full stderr leaves nowhere to report anything: stop
        // writing, and let the exit code speak.
        if err.write_all(d.render(color).as_bytes()).is_err() {
            return;
        }
    }
    let errors = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = loaded.diagnostics.len() - errors;
    let hidden = loaded.diagnostics.len().saturating_sub(shown);
    if hidden > 0 {
        let _ = writeln!(
            err,
            "… {hidden} more problem{} not shown (`parallax check --all` shows every one)",
            plural(hidden)
        );
    }
    if errors + warnings > 0 {
        let _ = writeln!(
            err,
            "{}: {errors} error{}, {warnings} warning{}",
            neutralise_line(&loaded.corpus.name),
            plural(errors),
            plural(warnings)
        );
    }
}

/// Write a message to stderr. Never panics: when stderr is closed or full
/// there is nowhere left to say so, and the exit code still tells.
pub fn eprint_str(s: &str) {
    let _ = std::io::stderr().lock().write_all(s.as_bytes());
}

/// Write lines to stderr, each neutralised (so an argument echoed in an
/// error cannot send escape sequences), ending with a newline.
pub fn eprint_lines(s: &str) {
    let mut out = String::with_capacity(s.len() + 1);
    for line in s.lines() {
        out.push_str(&neutralise_line(line));
        out.push('\n');
    }
    eprint_str(&out);
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Load a corpus for a command that needs a valid one: on errors, report
/// them and return the exit code.
pub fn load_valid(path: Option<&PathBuf>) -> Result<Corpus, ExitCode> {
    let loaded = load(path);
    if loaded.has_errors() {
        report(&loaded, false);
        eprint_str("hint: run `parallax check` for the full list of problems\n");
        return Err(ExitCode::from(EXIT_DATA));
    }
    Ok(loaded.corpus)
}

/// Run a headless command.
pub fn run_command(cmd: Command) -> ExitCode {
    match cmd {
        Command::Check { corpus, all } => {
            let loaded = load(corpus.as_ref());
            report(&loaded, all);
            if loaded.has_errors() {
                return ExitCode::from(EXIT_DATA);
            }
            print_out(&format!("{}\n", export::summary(&loaded.corpus)))
        }
        Command::Themes { corpus, format } => {
            let corpus = match load_valid(corpus.as_ref()) {
                Ok(c) => c,
                Err(code) => return code,
            };
            let out = match format {
                ListFormat::Text => export::themes_text(&corpus),
                ListFormat::Json => export::themes_json(&corpus),
            };
            print_out(&out)
        }
        Command::Show {
            theme,
            corpus,
            format,
            width,
        } => {
            let corpus = match load_valid(corpus.as_ref()) {
                Ok(c) => c,
                Err(code) => return code,
            };
            let Some(t) = corpus.theme_index(&theme) else {
                return unknown_theme(&corpus, &theme);
            };
            let width = width
                .map(usize::from)
                .unwrap_or_else(terminal_width)
                .max(20);
            let out = match format {
                ShowFormat::Text => export::show_text(&corpus, t, width),
                ShowFormat::Md => export::show_md(&corpus, t),
                ShowFormat::Json => export::show_json(&corpus, t),
            };
            print_out(&out)
        }
    }
}

/// Report an unknown theme id as a usage error, with the nearest id.
pub fn unknown_theme(corpus: &Corpus, theme: &str) -> ExitCode {
    let theme = neutralise_line(theme);
    let mut msg = format!("error: unknown theme `{}`\n", truncate_chars(&theme, 200));
    let ids = corpus.map.themes.iter().map(|t| t.id.as_str());
    match did_you_mean(&theme, ids.clone()) {
        Some(h) => msg.push_str(&format!("hint: {h}\n")),
        None => msg.push_str(&format!(
            "hint: the themes are {}\n",
            ids.collect::<Vec<_>>().join(", ")
        )),
    }
    msg.push_str("hint: `parallax themes` lists them with titles and counts\n");
    eprint_str(&msg);
    ExitCode::from(EXIT_USAGE)
}

/// Exit code when the output cannot be written (a full disk).
pub const EXIT_OUTPUT: u8 = 74;

/// Write a command's output to stdout. A closed pipe (`parallax show x |
/// head`) ends quietly; any other failure (a full disk) is an error.
pub fn print_out(s: &str) -> ExitCode {
    let mut out = std::io::stdout().lock();
    match out.write_all(s.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => output_error(&e),
    }
}

/// The exit code (and message) for a failed write to stdout.
pub fn output_error(e: &std::io::Error) -> ExitCode {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        return ExitCode::SUCCESS;
    }
    eprint_str(&format!("error: cannot write output: {e}\n"));
    ExitCode::from(EXIT_OUTPUT)
}

/// The terminal's width when stdout is one, else 80.
pub fn terminal_width() -> usize {
    if std::io::stdout().is_terminal() {
        if let Ok((w, _)) = ratatui::crossterm::terminal::size() {
            return usize::from(w);
        }
    }
    80
}
