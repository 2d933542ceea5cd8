use std::process::ExitCode;

fn main() -> ExitCode {
    parallax::malloc::keep_large_blocks_apart();
    match parallax::cli::parse_args() {
        Ok(cli) => parallax::run(cli),
        Err(code) => code,
    }
}
