//! `parallax new`: a corpus directory to start from — empty, with a
//! commented starter map, or a copy of the built-in corpus to extend.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::corpus::files::{self, Content};

/// The starter theme map: comments that show the format, and no entries,
/// so that the new corpus passes `parallax check` as it is.
pub const STARTER_MAP: &str = r##"# The theme map of this corpus. parallax reads every themes/*.toml file;
# `parallax check` reports each problem with file:line:column and a hint.
# The reader writes themes and passages here for you (select words with `v`,
# then Enter), keeping these comments; you may also edit by hand.

[map]
# title = "What the essays disagree about"

# A theme: a question the essays answer differently.
#
# [[themes]]
# id = "us-role"                       # short; no spaces or commas
# title = "What Washington can and should do"
# question = "Can the United States fix the relationship?"
# color = "blue"                       # a colour name or "#rrggbb"

# A passage: an essay's exact words, tagged with one or more themes.
#
# [[passages]]
# essay = "surname-2021"               # the essay's file name without .md
# themes = ["us-role"]
# quote = "exact words from the essay" # or start = "first words" and end = "last words"
# stance = "What the author argues here, in one line."
# role = "claim"                       # claim, evidence, recommendation, concession or context
# note = "An optional teaching note."
"##;

/// What `new` made.
#[derive(Debug)]
pub struct Created {
    /// The corpus directory.
    pub dir: PathBuf,
    /// Files written, relative to it.
    pub files: Vec<String>,
}

/// Create a corpus at `dir`, which must not exist or be empty. With
/// `example`, the built-in essays and map are written there.
pub fn create(dir: &Path, example: bool) -> io::Result<Created> {
    if dir.exists() {
        let empty = dir.is_dir() && fs::read_dir(dir)?.next().is_none();
        if !empty {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!(
                    "{} already exists and is not empty; give a new directory",
                    dir.display()
                ),
            ));
        }
    }
    fs::create_dir_all(dir.join("essays"))?;
    fs::create_dir_all(dir.join("themes"))?;
    let mut written = Vec::new();
    if example {
        let builtin = files::builtin();
        for f in builtin.essays.iter().chain(&builtin.themes) {
            if let Content::Static(bytes) = f.content {
                crate::atomic::write(&dir.join(&f.name), bytes)?;
                written.push(f.name.clone());
            }
        }
    } else {
        crate::atomic::write(&dir.join("themes/map.toml"), STARTER_MAP.as_bytes())?;
        written.push("themes/map.toml".to_string());
    }
    Ok(Created {
        dir: dir.to_path_buf(),
        files: written,
    })
}
