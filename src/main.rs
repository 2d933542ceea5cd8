use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    parallax::run(parallax::cli::Cli::parse())
}
