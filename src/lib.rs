//! parallax: a terminal reader for comparing arguments side by side.
//!
//! The core (corpus, mapping, align, layout, export) knows nothing of
//! terminals; `tui` is a thin layer over it and `cli` parses the command
//! line.

pub mod atomic;
pub mod cli;
pub mod corpus;
pub mod diag;
pub mod export;
pub mod mapping;
pub mod safe_text;
pub mod toml_walk;

/// Run the program for parsed arguments; returns the process exit code.
pub fn run(cli: cli::Cli) -> std::process::ExitCode {
    match cli.command {
        Some(cmd) => cli::run_command(cmd),
        None => match cli::load_readable(cli.open.corpus.as_ref()) {
            Ok(corpus) => tui::run(corpus, &cli.open),
            Err(code) => code,
        },
    }
}
pub mod align;
pub mod layout;
pub mod tui;
