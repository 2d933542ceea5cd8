//! The command line: clap definitions and the headless commands. The reader
//! itself lives in `tui`; this module only decides what to run.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::corpus::{self, files, Corpus, Loaded};
use crate::diag::{did_you_mean, Diagnostic, Severity};
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
    /// Essays to open, in pane order (1 to 6 ids, comma-separated).
    #[arg(long, value_name = "A,B,C", value_delimiter = ',')]
    pub essays: Vec<String>,
    /// Start this seminar tour.
    #[arg(long, value_name = "ID")]
    pub tour: Option<String>,
    /// Presenter mode: fewer, wider panes in high contrast, for a projector.
    #[arg(long)]
    pub present: bool,
    /// Presenter mode and tour steps start with stances and roles hidden (r reveals).
    #[arg(long)]
    pub reveal: bool,
    /// Start afresh instead of where the last session left off (bookmarks are kept).
    #[arg(long)]
    pub fresh: bool,
    /// Leave the mouse to the terminal, so its own selection and copy work.
    #[arg(long)]
    pub no_mouse: bool,
}

/// Headless commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a corpus: exit 0, or 1 with every problem on stderr.
    Check {
        /// Corpus directory; default: the built-in corpus.
        corpus: Option<PathBuf>,
        /// Rewrite the theme map for passages found moved or changed (and
        /// record context for passages without); orphans are left alone.
        #[arg(long)]
        fix: bool,
        /// Show what --fix would change, without writing.
        #[arg(long)]
        dry_run: bool,
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
        /// Width to fit text output to (default: the terminal's, else 80;
        /// text only).
        #[arg(long, value_name = "N")]
        width: Option<u16>,
    },
    /// Print one theme's passages, grouped by essay, with stances.
    ///
    /// With --tour ID instead of a theme: the tour as a Markdown handout.
    Show {
        /// Theme id (see `parallax themes`); with --tour, omit it.
        #[arg(required_unless_present = "tour")]
        theme: Option<String>,
        /// Corpus directory; default: the built-in corpus.
        corpus: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
        /// Width to wrap text output to (default: the terminal's, else 80;
        /// text only).
        #[arg(long, value_name = "N")]
        width: Option<u16>,
        /// Print this tour as a Markdown handout: summary, reading, prompts, minutes, passages.
        #[arg(long, value_name = "ID")]
        tour: Option<String>,
        /// In a tour handout, leave out stances, roles and notes.
        #[arg(long, requires = "tour")]
        no_stances: bool,
        /// Print each passage's paragraph numbers (¶ N; headings are not counted).
        #[arg(long)]
        paragraphs: bool,
    },
    /// Start a corpus: essays/ and themes/ with a commented starter map.
    New(crate::authoring::commands::NewArgs),
    /// Add essays: Markdown, plain text or saved web pages (.html).
    Add(crate::authoring::commands::AddArgs),
    /// Tag a passage: add it to the theme map without opening the reader.
    Tag(crate::authoring::commands::TagArgs),
    /// Write a handout (html, md), the corpus as data (json, qdpx) or a map (argdown)
    ///
    /// html and md are handouts: per theme (or tour step) the question and
    /// the k-th passages side by side; json is the whole corpus (see
    /// schema/corpus.schema.json); qdpx is a REFI-QDA project for QDA tools;
    /// argdown is the map as an Argdown document.
    Export {
        /// Corpus directory; default: the built-in corpus.
        corpus: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// Only this theme.
        #[arg(long, value_name = "ID", conflicts_with = "tour")]
        theme: Option<String>,
        /// Only this seminar tour, step by step.
        #[arg(long, value_name = "ID")]
        tour: Option<String>,
        /// Write here (replaced atomically) instead of stdout; required for qdpx.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Make a corpus from a QDA tool's project (.qdpx), listing what is not imported
    ///
    /// Reads REFI-QDA projects as QualCoder, ATLAS.ti, MAXQDA or NVivo
    /// write them: text sources become essays, codes themes, coded
    /// selections passages.
    Import {
        /// The .qdpx file.
        file: PathBuf,
        /// The corpus directory to create (default: the file's name without
        /// .qdpx); must be new or empty.
        #[arg(short = 'o', long = "output", value_name = "DIR")]
        output: Option<PathBuf>,
    },
}

/// Formats for `export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// A standalone HTML handout, ready to print.
    Html,
    /// The handout in Markdown, with a quotes table.
    Md,
    /// The corpus as one JSON document (schema/corpus.schema.json).
    Json,
    /// A REFI-QDA project for QDA tools (needs -o).
    Qdpx,
    /// The map as an Argdown document.
    Argdown,
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
    report_problems(&loaded.corpus.name, &loaded.diagnostics, all);
}

/// [`report`], for a corpus called `name` with these problems.
fn report_problems(name: &str, diagnostics: &[Diagnostic], all: bool) {
    let color = stderr_color();
    let mut err = std::io::stderr().lock();
    let shown = if all {
        diagnostics.len()
    } else {
        MAX_SHOWN_PROBLEMS
    };
    for d in diagnostics.iter().take(shown) {
        // A closed or full stderr leaves nowhere to report anything: stop
        // writing, and let the exit code speak.
        if err.write_all(d.render(color).as_bytes()).is_err() {
            return;
        }
    }
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics.len() - errors;
    let hidden = diagnostics.len().saturating_sub(shown);
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
            neutralise_line(name),
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

/// A corpus directory that does not exist is a usage error (exit 2), not a
/// problem in the data: the loader's diagnostic is printed as for any
/// other corpus, with the usage exit code.
pub fn check_corpus_dir(path: Option<&PathBuf>) -> Result<(), ExitCode> {
    match path {
        Some(p) if !p.exists() => {
            report(&load(path), false);
            Err(ExitCode::from(EXIT_USAGE))
        }
        _ => Ok(()),
    }
}

/// `--width` only shapes text output: with another format it is a usage
/// error rather than silently ignored.
fn width_for_text(width: Option<u16>, text: bool) -> Result<usize, ExitCode> {
    match width {
        Some(_) if !text => {
            eprintln!("error: --width applies to --format text only");
            Err(ExitCode::from(EXIT_USAGE))
        }
        w => Ok(w.map(usize::from).unwrap_or_else(terminal_width).max(20)),
    }
}

/// A hint for an unknown id: the same id in other case, else the nearest.
pub fn suggest<'a>(wanted: &str, ids: impl IntoIterator<Item = &'a str> + Clone) -> Option<String> {
    if let Some(same) = ids
        .clone()
        .into_iter()
        .find(|id| id.to_lowercase() == wanted.to_lowercase())
    {
        return Some(format!("did you mean `{same}`? (ids are case-sensitive)"));
    }
    if wanted.trim().is_empty() {
        return None;
    }
    did_you_mean(wanted, ids)
}

/// Load a corpus for a command that needs a valid one: on errors, report
/// them and return the exit code.
pub fn load_valid(path: Option<&PathBuf>) -> Result<Corpus, ExitCode> {
    check_corpus_dir(path)?;
    let loaded = load(path);
    if loaded.has_errors() {
        report(&loaded, false);
        eprint_str("hint: run `parallax check` for the full list of problems\n");
        return Err(ExitCode::from(EXIT_DATA));
    }
    Ok(loaded.corpus)
}

/// Load a corpus for the reader: like [`load_valid`], but orphaned
/// passages (quotes no longer found in their edited essays) do not keep it
/// closed: they are left out, counted in the status bar, and listed by
/// `parallax check`. Any other error still does.
pub fn load_readable(path: Option<&PathBuf>) -> Result<Corpus, ExitCode> {
    check_corpus_dir(path)?;
    let loaded = load(path);
    let errors = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    // Each orphan is exactly one error diagnostic.
    if errors > loaded.corpus.map.orphans.len() {
        report(&loaded, false);
        eprintln!("hint: run `parallax check` for the full list of problems");
        return Err(ExitCode::from(EXIT_DATA));
    }
    Ok(loaded.corpus)
}

/// Run a headless command.
pub fn run_command(cmd: Command) -> ExitCode {
    match cmd {
        Command::Check {
            corpus,
            fix,
            dry_run,
            all,
        } => {
            if let Err(code) = check_corpus_dir(corpus.as_ref()) {
                return code;
            }
            if fix || dry_run {
                return check_fix(corpus.as_ref(), dry_run);
            }
            // Only the problems and the counts: `corpus::check` does not
            // hold every essay's text as the reader's load does.
            let checked = corpus::check(match corpus.as_ref() {
                Some(p) => files::from_dir(p),
                None => files::builtin(),
            });
            report_problems(&checked.name, &checked.diagnostics, all);
            if checked.has_errors() {
                return ExitCode::from(EXIT_DATA);
            }
            print_out(&format!(
                "{}\n",
                export::summary(&checked.name, checked.counts)
            ))
        }
        Command::Themes {
            corpus,
            format,
            width,
        } => {
            let width = match width_for_text(width, format == ListFormat::Text) {
                Ok(w) => w,
                Err(code) => return code,
            };
            let corpus = match load_valid(corpus.as_ref()) {
                Ok(c) => c,
                Err(code) => return code,
            };
            match format {
                ListFormat::Text => print_out(&export::themes_text(&corpus, width)),
                ListFormat::Json => write_out(|w| export::write_themes_json(&corpus, w)),
            }
        }
        Command::Show {
            theme,
            corpus,
            format,
            tour: Some(tour),
            no_stances,
            ..
        } => {
            // With --tour the one positional argument is the corpus.
            let path = corpus.or(theme.map(PathBuf::from));
            show_tour(path.as_ref(), &tour, format, !no_stances)
        }
        Command::Show {
            theme,
            corpus,
            format,
            width,
            tour: None,
            paragraphs,
            ..
        } => {
            let width = match width_for_text(width, format == ShowFormat::Text) {
                Ok(w) => w,
                Err(code) => return code,
            };
            let corpus = match load_valid(corpus.as_ref()) {
                Ok(c) => c,
                Err(code) => return code,
            };
            let theme = theme.unwrap_or_default();
            let Some(t) = corpus.theme_index(&theme) else {
                return unknown_theme(&corpus, &theme);
            };
            // Written as it is made: a theme with a huge passage is never
            // held whole as output (nor, as text, as laid-out rows).
            write_out(|w| match format {
                ShowFormat::Text => export::write_show_text(&corpus, t, width, paragraphs, w),
                ShowFormat::Md => export::write_show_md(&corpus, t, paragraphs, w),
                ShowFormat::Json => export::write_show_json(&corpus, t, w),
            })
        }
        Command::Tag(args) => crate::authoring::commands::tag(args),
        Command::New(args) => crate::authoring::commands::new(args),
        Command::Add(args) => crate::authoring::commands::add(args),
        Command::Export {
            corpus,
            format,
            theme,
            tour,
            output,
        } => run_export(corpus.as_ref(), format, theme, tour, output),
        Command::Import { file, output } => run_import(&file, output),
    }
}

/// `check --fix` / `--dry-run`: report, then rewrite (or show) the map
/// entries of passages found moved or changed.
fn check_fix(dir: Option<&PathBuf>, dry_run: bool) -> ExitCode {
    let Some(dir) = dir else {
        eprintln!("error: check --fix needs a corpus directory; the built-in corpus is read-only");
        return ExitCode::from(EXIT_USAGE);
    };
    let files = files::from_dir(dir);
    let paths: std::collections::HashMap<String, PathBuf> = files
        .themes
        .iter()
        .filter_map(|f| match &f.content {
            files::Content::Disk(p) => Some((f.name.clone(), p.clone())),
            _ => None,
        })
        .collect();
    let loaded = corpus::load(files);
    report(&loaded, false);
    let map = &loaded.corpus.map;
    let fixes = crate::mapping::fix::plan(&loaded.corpus.essays, map);
    let reports = crate::mapping::fix::fix_files(fixes, |n| paths.get(n).cloned(), !dry_run);
    let code = print_out(&crate::mapping::fix::render(
        &reports,
        dry_run,
        map.orphans.len(),
    ));
    if loaded.has_errors() || reports.iter().any(|r| r.written.is_err()) {
        return ExitCode::from(EXIT_DATA);
    }
    code
}

/// Report an unknown theme id as a usage error, with the nearest id.
pub fn unknown_theme(corpus: &Corpus, theme: &str) -> ExitCode {
    let shown = neutralise_line(theme);
    let mut msg = if theme.trim().is_empty() {
        "error: the theme id is empty\n".to_string()
    } else {
        format!("error: unknown theme `{}`\n", truncate_chars(&shown, 200))
    };
    let ids = corpus.map.themes.iter().map(|t| t.id.as_str());
    match suggest(theme, ids.clone()) {
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

/// The command line, parsed. Help, the version and usage errors are
/// printed here rather than by clap's own exit, so that a full or closed
/// stdout is reported as for any other output (74, or quietly for a
/// closed pipe) instead of passing for success.
pub fn parse_args() -> Result<Cli, ExitCode> {
    Cli::try_parse().map_err(|e| {
        let code = ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(EXIT_USAGE));
        match e.print() {
            Ok(()) => code,
            Err(io) if !e.use_stderr() => output_error(&io),
            // Nowhere to say it: the usage error's code says it.
            Err(_) => code,
        }
    })
}

/// Write a command's output to stdout as `fill` makes it, through a
/// buffer; failures as for [`print_out`].
pub fn write_out(fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> ExitCode {
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
    match fill(&mut out).and_then(|()| out.flush()) {
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

/// `parallax show --tour ID [CORPUS]`: load, look the tour up (an unknown id
/// is a usage error with the nearest id), print the handout.
fn show_tour(path: Option<&PathBuf>, id: &str, format: ShowFormat, stances: bool) -> ExitCode {
    if format == ShowFormat::Json {
        eprintln!("error: a tour handout is Markdown");
        eprintln!("hint: use `--format md` (or `show THEME --format json` for a theme's data)");
        return ExitCode::from(EXIT_USAGE);
    }
    let corpus = match load_valid(path) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let Some(t) = corpus.map.tours.iter().position(|t| t.id == id) else {
        eprintln!("error: unknown tour `{id}`");
        let ids = corpus.map.tours.iter().map(|t| t.id.as_str());
        match did_you_mean(id, ids.clone()) {
            Some(h) => eprintln!("hint: {h}"),
            None => eprintln!("hint: the tours are {}", ids.collect::<Vec<_>>().join(", ")),
        }
        return ExitCode::from(EXIT_USAGE);
    };
    write_out(|w| export::tour::write_tour_md(&corpus, t, stances, w))
}

/// `parallax export`.
fn run_export(
    corpus: Option<&PathBuf>,
    format: ExportFormat,
    theme: Option<String>,
    tour: Option<String>,
    output: Option<PathBuf>,
) -> ExitCode {
    use crate::export::scope::{self, Scope};
    if format == ExportFormat::Qdpx && output.is_none() {
        eprintln!("error: a qdpx project is a zip archive; it is not written to a terminal");
        eprintln!("hint: give a file: -o project.qdpx");
        return ExitCode::from(EXIT_USAGE);
    }
    let corpus = match load_valid(corpus) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let scope = match (theme, tour) {
        (Some(t), _) => match corpus.theme_index(&t) {
            Some(i) => Scope::Theme(i),
            None => return unknown_theme(&corpus, &t),
        },
        (None, Some(t)) => match corpus.map.tours.iter().position(|x| x.id == t) {
            Some(i) => Scope::Tour(i),
            None => {
                let t = crate::safe_text::neutralise_str(&t);
                eprintln!("error: unknown tour `{t}`");
                let ids = corpus.map.tours.iter().map(|x| x.id.as_str());
                match did_you_mean(&t, ids.clone()) {
                    Some(h) => eprintln!("hint: {h}"),
                    None if corpus.map.tours.is_empty() => {
                        eprintln!("hint: this corpus has no tours")
                    }
                    None => eprintln!("hint: the tours are {}", ids.collect::<Vec<_>>().join(", ")),
                }
                return ExitCode::from(EXIT_USAGE);
            }
        },
        (None, None) => Scope::All,
    };
    // Every format writes as it goes (to stdout, or to a temporary file
    // renamed over the target), so its output is never held whole.
    let fill = |w: &mut dyn Write| match format {
        ExportFormat::Html => export::html::write(&corpus, scope, w),
        ExportFormat::Md => export::handout_md::write(&corpus, scope, w),
        ExportFormat::Json => export::corpus_json::write(&scope::corpus(&corpus, scope), w),
        ExportFormat::Argdown => export::argdown::write(&scope::corpus(&corpus, scope), w),
        // Refused above without -o: a zip is written to a file, below.
        ExportFormat::Qdpx => Err(std::io::Error::other("a qdpx archive needs a file")),
    };
    match output {
        Some(path) => {
            let written = if format == ExportFormat::Qdpx {
                // A zip goes back to complete each entry's header, so it
                // is written to the (seekable) temporary file itself.
                crate::atomic::write_seekable(&path, |f| {
                    export::qdpx::write(&scope::corpus(&corpus, scope), f).map(drop)
                })
            } else {
                crate::atomic::write_with(&path, fill)
            };
            match written {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    let shown =
                        crate::safe_text::neutralise_str(&path.to_string_lossy()).into_owned();
                    eprintln!("error: cannot write {shown}: {e}");
                    if e.kind() == std::io::ErrorKind::StorageFull {
                        eprintln!("hint: free some space on that disk, or write elsewhere");
                    } else {
                        eprintln!("hint: check that the directory exists and is writable");
                    }
                    ExitCode::from(EXIT_DATA)
                }
            }
        }
        None => write_out(fill),
    }
}

/// `parallax import`.
fn run_import(file: &std::path::Path, output: Option<PathBuf>) -> ExitCode {
    use crate::safe_text::neutralise_str;
    let shown = |p: &std::path::Path| neutralise_str(&p.to_string_lossy()).into_owned();
    let dir = output.unwrap_or_else(|| {
        PathBuf::from(
            file.file_stem()
                .map_or_else(|| "imported".into(), |s| s.to_os_string()),
        )
    });
    if std::fs::read_dir(&dir).is_ok_and(|mut d| d.next().is_some()) {
        eprintln!("error: {} exists and is not empty", shown(&dir));
        eprintln!("hint: name a new directory with -o DIR");
        return ExitCode::from(EXIT_USAGE);
    }
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", shown(file));
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let project = match crate::qdpx::read::archive(&bytes) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {}: {}", shown(file), neutralise_str(&e.message));
            eprintln!("hint: {}", e.hint);
            return ExitCode::from(EXIT_DATA);
        }
    };
    // The project holds what it read: the archive's bytes can go now.
    drop(bytes);
    let mut imported = crate::import::corpus(&project);
    // The project and the files are not needed for the check below.
    drop(project);
    if let Err(e) = imported.write(&dir) {
        eprintln!("error: cannot write {}: {e}", shown(&dir));
        eprintln!("hint: check that the parent directory exists and is writable");
        return ExitCode::from(EXIT_DATA);
    }
    imported.files.clear();
    for s in &imported.skipped {
        eprintln!("not imported: {}", neutralise_str(s));
    }
    // Checked as `parallax check` would, without holding the corpus.
    let checked = corpus::check(files::from_dir(&dir));
    report_problems(&checked.name, &checked.diagnostics, false);
    if checked.has_errors() {
        eprintln!("error: the imported corpus does not pass `parallax check`; please report this");
        return ExitCode::from(EXIT_DATA);
    }
    println!(
        "{}: {} essays, {} themes, {} passages imported{}",
        shown(&dir),
        imported.essays,
        imported.themes,
        imported.passages,
        match imported.skipped.len() {
            0 => String::new(),
            n => format!("; {n} item{} not imported (listed above)", plural(n)),
        }
    );
    ExitCode::SUCCESS
}
