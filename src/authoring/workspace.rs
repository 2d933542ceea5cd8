//! A corpus directory open for writing: which directory it is, its map
//! files, and adding a passage to the right one after checking it the way
//! `parallax check` would.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::corpus::{self, files, InputFile};
use crate::diag::{Diagnostic, Severity};
use crate::mapping::anchor::{anchor_all, context_around};
use crate::mapping::write::{self, Edit, EditError, MapFile, NewPassage, Saved};

/// Whether a directory is a corpus: it holds `essays/` and `themes/`.
pub fn is_corpus(dir: &Path) -> bool {
    dir.join("essays").is_dir() && dir.join("themes").is_dir()
}

/// How to make a corpus, for messages.
pub const MAKE_ONE: &str = "hint: `parallax new DIR` makes an empty corpus; `parallax new DIR --example` copies the built-in one to extend";

/// The corpus to write to: `--corpus DIR`, else the current directory when
/// it is one. The error says how to make one.
pub fn corpus_dir(arg: Option<&Path>) -> Result<PathBuf, String> {
    match arg {
        Some(d) if is_corpus(d) => Ok(d.to_path_buf()),
        Some(d) => Err(format!(
            "error: {} is not a corpus (a directory holding essays/ and themes/)\n{MAKE_ONE}",
            d.display()
        )),
        None => {
            let here = std::env::current_dir().map_err(|e| format!("error: {e}"))?;
            if is_corpus(&here) {
                Ok(PathBuf::from("."))
            } else {
                Err(format!(
                    "error: the current directory is not a corpus (no essays/ and themes/); give one with --corpus DIR\n{MAKE_ONE}"
                ))
            }
        }
    }
}

/// A corpus directory's map files, open for editing.
#[derive(Debug, Clone)]
pub struct Workspace {
    /// The corpus directory.
    pub dir: PathBuf,
    /// `themes/*.toml`, in the order the loader reads them.
    pub maps: Vec<MapFile>,
}

impl Workspace {
    /// Open a corpus directory's map files.
    pub fn open(dir: &Path) -> io::Result<Workspace> {
        let listed = files::from_dir(dir);
        let mut maps = Vec::new();
        for f in &listed.themes {
            if let corpus::files::Content::Disk(p) = &f.content {
                maps.push(MapFile::open(p)?);
            }
        }
        Ok(Workspace {
            dir: dir.to_path_buf(),
            maps,
        })
    }

    /// The map file a new passage goes to (creating `themes/map.toml` when
    /// the corpus has none).
    pub fn target(&mut self, essay: &str, themes: &[String]) -> io::Result<usize> {
        if self.maps.is_empty() {
            let p = self.dir.join("themes").join("map.toml");
            if !p.exists() {
                crate::atomic::write(&p, b"")?;
            }
            self.maps.push(MapFile::open(p)?);
        }
        let texts: Vec<&str> = self.maps.iter().map(MapFile::text).collect();
        Ok(write::target_file(&texts, essay, themes))
    }

    /// The corpus as it would load with `text` in place of map `file`.
    pub fn load_with(&self, file: usize, text: &str) -> corpus::Loaded {
        let mut listed = files::from_dir(&self.dir);
        let path = self.maps[file].path();
        for f in &mut listed.themes {
            if matches!(&f.content, corpus::files::Content::Disk(p) if p == path) {
                *f = InputFile::memory(f.name.clone(), text.as_bytes().to_vec());
            }
        }
        corpus::load(listed)
    }

    /// Add a passage: checked against the essays the way `parallax check`
    /// does (its quote must match once, its themes exist…), then written.
    /// On a problem nothing is written and the passage's diagnostics are
    /// returned.
    pub fn add_passage(&mut self, p: NewPassage) -> Result<Added, AddError> {
        let file = self.target(&p.essay, &p.themes).map_err(AddError::Io)?;
        let edit = Edit::AddPassage(p.clone());
        let applied = write::apply(self.maps[file].text(), &edit).map_err(AddError::Edit)?;
        let entry = write::passages(&applied.text)
            .map_err(AddError::Edit)?
            .into_iter()
            .find(|e| e.essay == p.essay && e.selector.as_ref() == Some(&p.selector))
            .expect("the added passage is in the text");
        let lines = entry.line..entry.line + applied.text[entry.range.clone()].lines().count();
        let loaded = self.load_with(file, &applied.text);
        let name = self.maps[file].path().display().to_string();
        let own: Vec<Diagnostic> = loaded
            .diagnostics
            .into_iter()
            .filter(|d| match &d.location {
                Some((src, span)) => {
                    *src.name == *name && lines.contains(&src.line_col(span.start).0)
                }
                None => false,
            })
            .collect();
        if own.iter().any(|d| d.severity == Severity::Error) {
            return Err(AddError::Invalid(own));
        }
        // Store the words around it, so the passage can be found again
        // when the essay is edited (see `mapping::anchor`).
        let (p, edit) = match context_for(&loaded.corpus, &p) {
            Some((prefix, suffix)) => {
                let p = NewPassage {
                    prefix,
                    suffix,
                    ..p
                };
                let edit = Edit::AddPassage(p.clone());
                (p, edit)
            }
            None => (p, edit),
        };
        let saved = self.maps[file].apply(&edit).map_err(AddError::Edit)?;
        let line = self.maps[file]
            .passages()
            .ok()
            .and_then(|ps| {
                ps.into_iter()
                    .find(|e| e.essay == p.essay && e.selector.as_ref() == Some(&p.selector))
            })
            .map_or(entry.line, |e| e.line);
        Ok(Added {
            file,
            line,
            saved,
            warnings: own,
        })
    }
}

/// A passage added.
#[derive(Debug)]
pub struct Added {
    /// Which map file (index into `Workspace::maps`).
    pub file: usize,
    /// The line of its `[[passages]]` header.
    pub line: usize,
    /// The save (with the inverse edit).
    pub saved: Saved,
    /// Warnings about it (a missing stance…).
    pub warnings: Vec<Diagnostic>,
}

/// Why a passage was not added.
#[derive(Debug)]
pub enum AddError {
    /// It would not resolve: its diagnostics, as `check` gives them.
    Invalid(Vec<Diagnostic>),
    /// The map file could not be edited.
    Edit(EditError),
    /// A file could not be created.
    Io(io::Error),
}

/// Write a new file (creating its directory), refusing to replace one
/// that exists: the name is claimed with an exclusive create, then the
/// contents written atomically over the claim.
pub fn create_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if let Some(d) = path.parent() {
        fs::create_dir_all(d)?;
    }
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    crate::atomic::write(path, bytes).inspect_err(|_| {
        let _ = fs::remove_file(path);
    })
}

/// The `prefix` and `suffix` to store with a new passage that has none:
/// the words around where its selector anchors in the essay (each `None`
/// when empty, at an essay's start or end).
pub fn context_for(
    corpus: &corpus::Corpus,
    p: &NewPassage,
) -> Option<(Option<String>, Option<String>)> {
    if p.prefix.is_some() || p.suffix.is_some() {
        return None;
    }
    let e = corpus.essay_index(&p.essay)?;
    let text = &corpus.essays[e].text;
    let range = anchor_all(text, std::slice::from_ref(&p.selector))
        .pop()?
        .ok()?;
    let (prefix, suffix) = context_around(text, range);
    let some = |s: String| (!s.trim().is_empty()).then_some(s);
    Some((some(prefix), some(suffix)))
}
