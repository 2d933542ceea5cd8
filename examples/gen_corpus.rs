//! Write the synthetic benchmark corpus to a directory.
//!
//! ```text
//! cargo run --release --example gen_corpus -- OUT_DIR [--essays N]
//!     [--essay-bytes B] [--passages P] [--themes T] [--theme-files F] [--seed S]
//! ```
//!
//! Defaults give the corpus of ARCHITECTURE.md's budget: 1,000 essays of ~50 KB,
//! 40 themes, 20 passages per essay, spread over 8 theme-map files. The
//! output is deterministic for a given set of options; check it with
//! `parallax check OUT_DIR`.

#[path = "../benches/support/synth.rs"]
mod synth;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str = "usage: gen_corpus OUT_DIR [--essays N] [--essay-bytes B] [--passages P] \
                     [--themes T] [--theme-files F] [--seed S]";

fn main() -> ExitCode {
    let mut cfg = synth::Config::default();
    let mut out: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let target = match a.as_str() {
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            "--essays" => &mut cfg.essays,
            "--essay-bytes" => &mut cfg.essay_bytes,
            "--passages" => &mut cfg.passages_per_essay,
            "--themes" => &mut cfg.themes,
            "--theme-files" => &mut cfg.theme_files,
            "--seed" => {
                match args.next().and_then(|v| v.parse().ok()) {
                    Some(s) => cfg.seed = s,
                    None => return usage("--seed needs a number"),
                }
                continue;
            }
            s if s.starts_with('-') => return usage(&format!("unknown option {s}")),
            _ if out.is_none() => {
                out = Some(PathBuf::from(a));
                continue;
            }
            _ => return usage("only one OUT_DIR"),
        };
        match args.next().and_then(|v| v.parse().ok()) {
            Some(n) => *target = n,
            None => return usage(&format!("{a} needs a number")),
        }
    }
    let Some(out) = out else {
        return usage("missing OUT_DIR");
    };
    if cfg.essays == 0 || cfg.themes == 0 {
        return usage("--essays and --themes must be at least 1");
    }
    let started = Instant::now();
    match synth::write(&out, &cfg) {
        Ok(s) => {
            println!(
                "{}: {} essays ({:.1} MB), {} theme files ({:.1} MB), {} themes, {} passages in {:.1?}",
                out.display(),
                s.essays,
                s.essay_bytes as f64 / 1e6,
                s.theme_files,
                s.theme_bytes as f64 / 1e6,
                cfg.themes,
                s.passages,
                started.elapsed()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", out.display());
            ExitCode::FAILURE
        }
    }
}

fn usage(msg: &str) -> ExitCode {
    eprintln!("error: {msg}\n{USAGE}");
    ExitCode::from(2)
}
