use std::process::ExitCode;

fn main() -> ExitCode {
    match parallax::cli::parse_args() {
        Ok(cli) => parallax::run(cli),
        Err(code) => code,
    }
}
