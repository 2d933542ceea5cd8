//! parallax: a terminal reader for comparing arguments side by side.
//!
//! The core (corpus, mapping, align, layout, export) knows nothing of
//! terminals; `tui` is a thin layer over it and `cli` parses the command
//! line.

pub mod atomic;
pub mod authoring;
pub mod cite;
pub mod cli;
pub mod clipboard;
pub mod corpus;
pub mod diag;
pub mod export;
pub mod heap;
pub mod mapping;
pub mod outline;
pub mod paragraph;
pub mod safe_text;
pub mod session;
pub mod toml_walk;

/// Run the program for parsed arguments; returns the process exit code.
pub fn run(cli: cli::Cli) -> std::process::ExitCode {
    match cli.command {
        Some(cmd) => cli::run_command(cmd),
        None => match cli::load_readable(cli.open.corpus.as_ref()) {
            Ok(corpus) if corpus.essays.is_empty() => {
                eprintln!(
                    "error: {} has no essays yet\nhint: add one with `parallax add FILE --corpus DIR`",
                    safe_text::neutralise_str(&corpus.name)
                );
                std::process::ExitCode::from(cli::EXIT_DATA)
            }
            Ok(corpus) => tui::run(corpus, &cli.open),
            Err(code) => code,
        },
    }
}
pub mod align;
pub mod import;
pub mod layout;
pub mod qdpx;
pub mod tui;
