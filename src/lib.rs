//! parallax: a terminal reader for comparing arguments side by side.
//!
//! The core (corpus, mapping, align, layout, export) knows nothing of
//! terminals; `tui` is a thin layer over it and `cli` parses the command
//! line.

pub mod cli;
pub mod corpus;
pub mod diag;
pub mod export;
pub mod mapping;
pub mod toml_walk;

/// Run the program for parsed arguments; returns the process exit code.
pub fn run(cli: cli::Cli) -> std::process::ExitCode {
    match cli.command {
        Some(cmd) => cli::run_command(cmd),
        None => {
            // Until the reader lands, print the summary like `check`.
            cli::run_command(cli::Command::Themes {
                corpus: cli.open.corpus,
                format: cli::ListFormat::Text,
            })
        }
    }
}
