//! Where a corpus's files come from (a directory, or the copy compiled into
//! the binary) and how their bytes become text: UTF-8 only, BOM removed,
//! CRLF and lone CR turned into LF.

use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};

use crate::diag::{Diagnostic, Source};

static BUILTIN_ESSAYS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/essays");
static BUILTIN_THEMES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes");

/// Where one file's bytes are.
#[derive(Debug, Clone)]
pub enum Content {
    /// On disk, read when needed (so a large corpus is never held twice).
    Disk(PathBuf),
    /// Compiled into the binary.
    Static(&'static [u8]),
    /// In memory (tests, generated corpora).
    Memory(Vec<u8>),
}

/// One input file: its display name and content.
#[derive(Debug, Clone)]
pub struct InputFile {
    /// Shown in diagnostics, e.g. `essays/aum-2022.md`.
    pub name: String,
    /// The id for essays: the file stem.
    pub stem: String,
    /// Where the bytes are.
    pub content: Content,
}

/// The files of a corpus, not yet read.
#[derive(Debug, Clone, Default)]
pub struct CorpusFiles {
    /// A name for the corpus (its directory, or "built-in").
    pub name: String,
    /// `essays/*.md`, sorted by name.
    pub essays: Vec<InputFile>,
    /// `themes/*.toml`, sorted by name.
    pub themes: Vec<InputFile>,
    /// Problems found while listing (missing directories…).
    pub diagnostics: Vec<Diagnostic>,
}

impl InputFile {
    /// A file held in memory.
    pub fn memory(name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        let name = name.into();
        InputFile {
            stem: stem_of(&name),
            name,
            content: Content::Memory(bytes.into()),
        }
    }

    /// Read and decode the file.
    pub fn read(&self) -> Result<Source, Box<Diagnostic>> {
        let bytes = match &self.content {
            Content::Disk(p) => std::fs::read(p).map_err(|e| {
                Box::new(Diagnostic::file_error(
                    format!("cannot read {}: {e}", self.name),
                    &self.name,
                ))
            })?,
            Content::Static(b) => b.to_vec(),
            Content::Memory(b) => b.clone(),
        };
        decode(&self.name, bytes)
    }
}

fn stem_of(name: &str) -> String {
    Path::new(name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Bytes to text: UTF-8 required (with a diagnostic pointing at the first
/// bad byte), BOM dropped, line endings made `\n`.
pub fn decode(name: &str, mut bytes: Vec<u8>) -> Result<Source, Box<Diagnostic>> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Box::new(
            Diagnostic::file_error(format!("{name} is UTF-16, not UTF-8"), name)
                .with_note("hint: save the file as UTF-8 (e.g. `iconv -f utf-16 -t utf-8`)"),
        ));
    }
    // UTF-16 without a byte-order mark is valid UTF-8 full of NULs: name it
    // rather than let it fail later as "no front matter".
    let head = &bytes[..bytes.len().min(4096)];
    if head.len() >= 4 && head.iter().filter(|&&b| b == 0).count() * 4 >= head.len() {
        return Err(Box::new(
            Diagnostic::file_error(
                format!("{name} looks like UTF-16 (or a binary file), not UTF-8 text"),
                name,
            )
            .with_note("hint: save the file as UTF-8 (e.g. `iconv -f utf-16le -t utf-8`)"),
        ));
    }
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let good = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let prefix = String::from_utf8_lossy(&bytes[..good]);
            let line = prefix.matches('\n').count() + 1;
            let col = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            return Err(Box::new(
                Diagnostic::file_error(
                    format!(
                        "{name}:{line}:{col}: not valid UTF-8 (byte {good} is 0x{:02X})",
                        bytes[good]
                    ),
                    name,
                )
                .with_note("hint: save the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8`)"),
            ));
        }
    };
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    };
    Ok(Source::new(name, text))
}

/// The corpus compiled into the binary: this repository's essays/ and themes/.
pub fn builtin() -> CorpusFiles {
    let list = |dir: &'static Dir<'static>, prefix: &str, ext: &str| {
        let mut v: Vec<InputFile> = dir
            .files()
            .filter(|f| f.path().extension().is_some_and(|e| e == ext))
            .map(|f| {
                let file_name = f.path().file_name().unwrap_or_default().to_string_lossy();
                let name = format!("{prefix}/{file_name}");
                InputFile {
                    stem: stem_of(&name),
                    name,
                    content: Content::Static(f.contents()),
                }
            })
            .collect();
        v.sort_by(|a, b| a.name.cmp(&b.name));
        v
    };
    CorpusFiles {
        name: "built-in".to_string(),
        essays: list(&BUILTIN_ESSAYS, "essays", "md"),
        themes: list(&BUILTIN_THEMES, "themes", "toml"),
        diagnostics: Vec::new(),
    }
}

/// List a corpus directory. Missing pieces are diagnostics, not panics.
pub fn from_dir(dir: &Path) -> CorpusFiles {
    let mut files = CorpusFiles {
        name: dir.display().to_string(),
        ..Default::default()
    };
    let shown = dir.display().to_string();
    if !dir.exists() {
        files.diagnostics.push(
            Diagnostic::file_error(format!("corpus directory not found: {shown}"), &shown)
                .with_note("hint: give a directory holding essays/ and themes/, or no argument for the built-in corpus"),
        );
        return files;
    }
    if !dir.is_dir() {
        files.diagnostics.push(
            Diagnostic::file_error(format!("not a directory: {shown}"), &shown)
                .with_note("hint: a corpus is a directory holding essays/ and themes/"),
        );
        return files;
    }
    files.essays = list_dir(dir, "essays", "md", &mut files.diagnostics, true);
    files.themes = list_dir(dir, "themes", "toml", &mut files.diagnostics, false);
    files
}

fn list_dir(
    dir: &Path,
    sub: &str,
    ext: &str,
    diags: &mut Vec<Diagnostic>,
    required: bool,
) -> Vec<InputFile> {
    let path = dir.join(sub);
    let shown = path.display().to_string();
    let entries = match std::fs::read_dir(&path) {
        Ok(e) => e,
        Err(e) => {
            let d = if e.kind() == std::io::ErrorKind::NotFound {
                Diagnostic::file_error(format!("corpus has no {sub}/ directory"), &shown).with_note(
                    format!(
                        "hint: create {shown}/ and put the {} in it as *.{ext} files",
                        if sub == "essays" {
                            "essays"
                        } else {
                            "theme maps"
                        }
                    ),
                )
            } else {
                Diagnostic::file_error(format!("cannot read {shown}: {e}"), &shown)
            };
            diags.push(if required { d } else { d.warning() });
            return Vec::new();
        }
    };
    let mut out: Vec<InputFile> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == ext))
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .map(|p| {
            let name = p.display().to_string();
            InputFile {
                stem: stem_of(&name),
                name,
                content: Content::Disk(p),
            }
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    if out.is_empty() {
        // A directory that is there but empty is a corpus being started
        // (`parallax new`): worth a warning, not a failed check.
        let mut d = Diagnostic::file_error(format!("no .{ext} files in {shown}"), &shown).warning();
        if sub == "essays" {
            d = d.with_note("hint: add one with `parallax add FILE`");
        }
        diags.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_crlf_are_normalised() {
        let s = decode("x", b"\xEF\xBB\xBFa\r\nb\rc".to_vec()).unwrap();
        assert_eq!(s.text.as_str(), "a\nb\nc");
    }

    #[test]
    fn invalid_utf8_names_line_and_column() {
        let d = decode("essays/x.md", b"ok\nab\xFFcd".to_vec()).unwrap_err();
        assert!(d.message.contains("essays/x.md:2:3"), "{}", d.message);
        assert!(d.message.contains("not valid UTF-8"));
    }

    #[test]
    fn utf16_is_named() {
        let d = decode("x", vec![0xFF, 0xFE, b'a', 0]).unwrap_err();
        assert!(d.message.contains("UTF-16"));
        let d = decode("x", b"+\0+\0+\0\n\0".to_vec()).unwrap_err();
        assert!(d.message.contains("looks like UTF-16"), "{}", d.message);
        // A stray NUL in UTF-8 text is a control character, not an encoding.
        let s = decode("x", b"+++\ntext with a \0 in it\n".to_vec()).unwrap();
        assert!(s.text.contains('\0'));
    }

    #[test]
    fn builtin_has_the_six_essays_and_a_theme_map() {
        let b = builtin();
        let ids: Vec<_> = b.essays.iter().map(|e| e.stem.as_str()).collect();
        assert_eq!(
            ids,
            [
                "aum-2022",
                "cha-johnstone-2023",
                "hawley-leopold-2021",
                "park-2021",
                "park-silverberg-2019",
                "sneider-2021"
            ]
        );
        assert!(b.themes.iter().any(|t| t.name == "themes/japan-korea.toml"));
    }

    #[test]
    fn missing_directory_is_a_diagnostic() {
        let f = from_dir(Path::new("/nonexistent/corpus"));
        assert!(f.diagnostics[0].message.contains("not found"));
    }
}
