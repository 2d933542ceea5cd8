//! Adversarial corpora (issue 13): the shapes that once crashed, hung or
//! ate memory, written to disk for `tools/hostile-bench.sh`.
//!
//! - `many-passages`: two 2 MB essays of 10,000 passages each (synoptic
//!   alignment, anchoring, the reader's gutters);
//! - `many-themes`: 10,000 themes over 20 essays (theme picker, matrix);
//! - `huge-paragraph`: one 30 MB paragraph, one passage over all of it
//!   (layout, presenter, compare, `show`);
//! - `many-errors`: passages naming an essay that was renamed (100,000
//!   asked for; four 1 MB essays hold 13,136), and 10,000 unused themes
//!   (diagnostics: 23,136 problems);
//! - `long-lines`: a theme map with a 1 MB quote and a 1 MB title on one
//!   line each (diagnostic excerpts).
//!
//! Built on `synth.rs` (which the includer declares as `crate::synth`);
//! depends on nothing but std.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::io;
use std::path::Path;

use crate::synth;

/// The shapes, by directory name.
pub const SHAPES: &[&str] = &[
    "many-passages",
    "many-themes",
    "huge-paragraph",
    "many-errors",
    "long-lines",
];

/// Write one shape under `dir` (which is created).
pub fn write(dir: &Path, shape: &str) -> io::Result<()> {
    std::fs::create_dir_all(dir.join("essays"))?;
    std::fs::create_dir_all(dir.join("themes"))?;
    match shape {
        "many-passages" => {
            synth::write(
                dir,
                &synth::Config {
                    essays: 2,
                    essay_bytes: 2_000_000,
                    passages_per_essay: 10_000,
                    themes: 20,
                    theme_files: 1,
                    seed: 1,
                },
            )?;
        }
        "many-themes" => {
            synth::write(
                dir,
                &synth::Config {
                    essays: 20,
                    essay_bytes: 200_000,
                    passages_per_essay: 500,
                    themes: 10_000,
                    theme_files: 4,
                    seed: 2,
                },
            )?;
        }
        "huge-paragraph" => {
            let mut body = String::with_capacity(31 << 20);
            let mut i = 0u64;
            while body.len() < 30 << 20 {
                let _ = write!(body, "Word{} and more words, said plainly; ", i % 1000);
                i += 1;
            }
            std::fs::write(
                dir.join("essays/huge.md"),
                format!("+++\ntitle = \"Huge\"\nauthors = [\"A\"]\n+++\nOpening line.\n\n{body}\n\nClosing line.\n"),
            )?;
            std::fs::write(
                dir.join("essays/small.md"),
                "+++\ntitle = \"Small\"\nauthors = [\"B\"]\n+++\nA small essay on the whole thing.\n",
            )?;
            std::fs::write(
                dir.join("themes/m.toml"),
                "[[themes]]\nid = \"all\"\ntitle = \"All of it\"\n\
                 [[passages]]\nessay = \"huge\"\nthemes = [\"all\"]\nstart = \"Opening line\"\nend = \"Closing line.\"\nstance = \"Everything.\"\n\
                 [[passages]]\nessay = \"small\"\nthemes = [\"all\"]\nquote = \"the whole thing\"\nstance = \"The same.\"\n",
            )?;
        }
        "many-errors" => {
            synth::write(
                dir,
                &synth::Config {
                    essays: 4,
                    essay_bytes: 1_000_000,
                    passages_per_essay: 25_000,
                    themes: 40,
                    theme_files: 1,
                    seed: 3,
                },
            )?;
            // The essays were renamed after the map was written.
            for i in 0..4 {
                let id = synth::essay_id(i);
                std::fs::rename(
                    dir.join(format!("essays/{id}.md")),
                    dir.join(format!("essays/renamed-{i}.md")),
                )?;
            }
            let mut unused = String::new();
            for t in 0..10_000 {
                let _ = write!(
                    unused,
                    "[[themes]]\nid = \"unused-{t}\"\ntitle = \"Unused {t}\"\n\n"
                );
            }
            std::fs::write(dir.join("themes/unused.toml"), unused)?;
        }
        "long-lines" => {
            let words = "word ".repeat(200_000);
            std::fs::write(
                dir.join("essays/e.md"),
                "+++\ntitle = \"E\"\nauthors = [\"A\"]\n+++\nAlpha beta gamma. Delta epsilon zeta.\n",
            )?;
            std::fs::write(
                dir.join("themes/m.toml"),
                format!(
                    "[[themes]]\nid = \"t\"\ntitle = \"{words}\"\n\
                     [[passages]]\nessay = \"e\"\nthemes = [\"t\"]\nquote = \"{words}\"\nstance = \"s\"\n\
                     [[passages]]\nessay = \"e\"\nthemes = [\"t\"]\nquote = \"Alpha beta\"\nstance = \"{words}\"\n"
                ),
            )?;
        }
        other => {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("unknown shape {other}"),
            ))
        }
    }
    Ok(())
}
