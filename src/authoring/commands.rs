//! The authoring commands as the command line runs them: `tag`, `new` and
//! `add` — their arguments (clap) and what they print. The work is done in
//! the sibling modules; this only reports it.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use super::workspace::{self, AddError, Workspace};
use crate::cli::{stderr_color, EXIT_DATA, EXIT_USAGE};
use crate::diag::did_you_mean;
use crate::mapping::anchor::Selector;
use crate::mapping::write::{self, NewPassage};
use crate::mapping::Role;
use crate::safe_text::neutralise_str;

/// Print a line to stdout; a closed pipe (`parallax add … | head`) is not
/// worth a panic, and the work goes on.
macro_rules! say {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

/// `parallax tag`: add a passage to the map without opening the reader.
#[derive(Debug, Clone, Args)]
pub struct TagArgs {
    /// The essay's id (its file name in essays/ without `.md`).
    pub essay: String,
    /// The passage's exact words.
    #[arg(long, value_name = "TEXT", required_unless_present = "start", conflicts_with_all = ["start", "end"])]
    pub quote: Option<String>,
    /// First words of a long passage (with --end).
    #[arg(long, value_name = "A", requires = "end")]
    pub start: Option<String>,
    /// Last words of a long passage (with --start).
    #[arg(long, value_name = "B", requires = "start")]
    pub end: Option<String>,
    /// Theme id(s), comma-separated.
    #[arg(long, value_name = "ID[,ID]", value_delimiter = ',', required = true)]
    pub theme: Vec<String>,
    /// What the author argues here, in one line.
    #[arg(long, value_name = "TEXT")]
    pub stance: String,
    /// The passage's role in the argument.
    #[arg(long, value_name = "R", value_parser = ["claim", "evidence", "recommendation", "concession", "context"])]
    pub role: Option<String>,
    /// A teaching note.
    #[arg(long, value_name = "N")]
    pub note: Option<String>,
    /// The corpus directory (default: the current directory, if it is one).
    #[arg(long, value_name = "DIR")]
    pub corpus: Option<PathBuf>,
}

fn usage(msg: &str) -> ExitCode {
    eprintln!("{}", neutralise_str(msg));
    ExitCode::from(EXIT_USAGE)
}

fn essay_ids(dir: &Path) -> Vec<String> {
    let mut ids: Vec<String> = crate::corpus::files::from_dir(dir)
        .essays
        .into_iter()
        .map(|f| f.stem)
        .collect();
    ids.sort();
    ids
}

/// Run `parallax tag`.
pub fn tag(args: TagArgs) -> ExitCode {
    let dir = match workspace::corpus_dir(args.corpus.as_deref()) {
        Ok(d) => d,
        Err(msg) => return usage(&msg),
    };
    let mut ws = match Workspace::open(&dir) {
        Ok(w) => w,
        Err(e) => return usage(&format!("error: cannot read the corpus's maps: {e}")),
    };
    // Unknown ids are usage errors, with the nearest id (as for `show`).
    let essays = essay_ids(&dir);
    if !essays.contains(&args.essay) {
        let hint = did_you_mean(&args.essay, essays.iter().map(String::as_str))
            .unwrap_or_else(|| format!("the essays are {}", essays.join(", ")));
        return usage(&format!(
            "error: no essay `{}` in {}\nhint: {hint}",
            args.essay,
            dir.display()
        ));
    }
    let themes: Vec<String> = ws
        .maps
        .iter()
        .flat_map(|m| write::theme_ids(m.text()).unwrap_or_default())
        .collect();
    for t in &args.theme {
        if !themes.contains(t) {
            let hint = did_you_mean(t, themes.iter().map(String::as_str))
                .unwrap_or_else(|| "declare it in a [[themes]] table of themes/".to_string());
            return usage(&format!("error: unknown theme `{t}`\nhint: {hint}"));
        }
    }
    let selector = match (args.quote, args.start, args.end) {
        (Some(q), _, _) => Selector::Quote(q),
        (None, Some(start), Some(end)) => Selector::Range { start, end },
        _ => return usage("error: give --quote TEXT, or --start A and --end B"),
    };
    let passage = NewPassage {
        essay: args.essay.clone(),
        themes: args.theme,
        selector,
        prefix: None,
        suffix: None,
        stance: Some(args.stance),
        role: args.role.as_deref().and_then(|r| r.parse::<Role>().ok()),
        note: args.note,
    };
    let color = stderr_color();
    match ws.add_passage(passage) {
        Ok(added) => {
            let mut err = std::io::stderr().lock();
            for d in &added.warnings {
                let _ = write!(err, "{}", d.render(color));
            }
            say!(
                "added a passage on `{}` at {}:{}{}",
                neutralise_str(&args.essay),
                neutralise_str(&ws.maps[added.file].path().display().to_string()),
                added.line,
                if added.saved.merged {
                    " (the file had changed on disk; the passage was added to its new contents)"
                } else {
                    ""
                }
            );
            ExitCode::SUCCESS
        }
        Err(AddError::Invalid(diags)) => {
            let mut err = std::io::stderr().lock();
            for d in &diags {
                let _ = write!(err, "{}", d.render(color));
            }
            let _ = writeln!(
                err,
                "error: the passage was not added; the map file is unchanged"
            );
            ExitCode::from(EXIT_DATA)
        }
        Err(AddError::Edit(e)) => {
            eprintln!(
                "error: {}\nthe map file is unchanged",
                neutralise_str(&e.to_string())
            );
            ExitCode::from(EXIT_DATA)
        }
        Err(AddError::Io(e)) => {
            eprintln!("error: {}", neutralise_str(&e.to_string()));
            ExitCode::from(EXIT_DATA)
        }
    }
}

/// `parallax new`: start a corpus.
#[derive(Debug, Clone, Args)]
pub struct NewArgs {
    /// The directory to create (it must not exist, or be empty).
    pub dir: PathBuf,
    /// Write the built-in corpus there, to extend.
    #[arg(long)]
    pub example: bool,
}

/// Run `parallax new`.
pub fn new(args: NewArgs) -> ExitCode {
    match super::scaffold::create(&args.dir, args.example) {
        Ok(c) => {
            let shown = neutralise_str(&c.dir.display().to_string()).into_owned();
            if args.example {
                say!(
                    "created {shown}: the built-in corpus ({} files) to extend",
                    c.files.len()
                );
            } else {
                say!("created {shown}: essays/ (empty) and themes/map.toml (a commented starter map)");
            }
            say!(
                "next: parallax add FILE --corpus {shown}   (Markdown, text, or a saved web page)"
            );
            say!("      parallax {shown}                      (read, and tag passages with v)");
            ExitCode::SUCCESS
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => usage(&format!("error: {e}")),
        Err(e) => {
            eprintln!(
                "error: cannot create {}: {}",
                neutralise_str(&args.dir.display().to_string()),
                e
            );
            ExitCode::from(EXIT_DATA)
        }
    }
}

/// `parallax add`: bring files into the corpus as essays.
#[derive(Debug, Clone, Args)]
pub struct AddArgs {
    /// Markdown (.md), plain text, or saved web pages (.html).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// The essay's id (its file name in essays/); one file only. Default:
    /// the first author's surname and the year, else a slug of the title.
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
    /// The corpus directory (default: the current directory, if it is one).
    #[arg(long, value_name = "DIR")]
    pub corpus: Option<PathBuf>,
}

/// Why an id cannot be an essay's file name.
fn bad_id(id: &str) -> Option<&'static str> {
    if id.trim().is_empty() {
        Some("it is empty")
    } else if id.contains([',', '/', '\\'])
        || id.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        Some("ids have no commas, slashes, spaces or control characters")
    } else if id.starts_with('.') {
        Some("it starts with a dot")
    } else {
        None
    }
}

/// Run `parallax add`.
pub fn add(args: AddArgs) -> ExitCode {
    let dir = match workspace::corpus_dir(args.corpus.as_deref()) {
        Ok(d) => d,
        Err(msg) => return usage(&msg),
    };
    if args.id.is_some() && args.files.len() > 1 {
        return usage("error: --id names one essay; give one FILE with it");
    }
    if let Some(why) = args.id.as_deref().and_then(bad_id) {
        return usage(&format!(
            "error: --id {:?} cannot be an essay id: {why}",
            args.id.as_deref().unwrap_or_default()
        ));
    }
    let essays = dir.join("essays");
    let color = stderr_color();
    let mut failed = false;
    for path in &args.files {
        let shown = neutralise_str(&path.display().to_string()).into_owned();
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("error: cannot read {shown}: {e}");
                failed = true;
                continue;
            }
        };
        let imported = match super::import::import(&path.display().to_string(), bytes) {
            Ok(i) => i,
            Err(msg) => {
                eprintln!("error: {}", neutralise_str(&msg));
                failed = true;
                continue;
            }
        };
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let taken = |id: &str| essays.join(format!("{id}.md")).exists();
        let id = match &args.id {
            Some(id) if taken(id) => {
                eprintln!(
                    "error: essays/{}.md already exists; an essay is never overwritten\nhint: choose another --id",
                    neutralise_str(id)
                );
                failed = true;
                continue;
            }
            Some(id) => id.clone(),
            None => super::import::choose_id(&imported.meta, &stem, taken),
        };
        // The essay must pass `check` before it is written.
        let name = format!("essays/{id}.md");
        let src = crate::diag::Source::new(name.as_str(), imported.file.clone());
        let mut diags = Vec::new();
        crate::corpus::Essay::parse(&id, &src, &mut diags);
        if diags.iter().any(|d| d.is_error()) {
            let mut err = std::io::stderr().lock();
            for d in &diags {
                let _ = write!(err, "{}", d.render(color));
            }
            let _ = writeln!(err, "error: {shown} was not added");
            failed = true;
            continue;
        }
        let target = essays.join(format!("{id}.md"));
        if let Err(e) = workspace::create_new(&target, imported.file.as_bytes()) {
            eprintln!(
                "error: cannot write {}: {e}",
                neutralise_str(&target.display().to_string())
            );
            failed = true;
            continue;
        }
        say!(
            "added {} (id `{}`) from {shown}",
            neutralise_str(&name),
            neutralise_str(&id)
        );
        for k in &imported.kept {
            say!("  kept: {}", neutralise_str(k));
        }
        for (i, d) in imported.dropped.iter().enumerate() {
            let lead = if i == 0 { "  dropped: " } else { "    " };
            say!("{lead}{}", neutralise_str(d));
        }
    }
    if failed {
        ExitCode::from(EXIT_DATA)
    } else {
        ExitCode::SUCCESS
    }
}
