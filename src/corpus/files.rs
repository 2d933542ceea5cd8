//! Where a corpus's files come from (a directory, or the copy compiled into
//! the binary) and how their bytes become text: UTF-8 only, BOM removed,
//! CRLF and lone CR turned into LF.
//!
//! Reading is bounded: only regular files are opened (a FIFO or a device
//! would block or never end), a file over [`MAX_FILE_BYTES`] is refused
//! before it is read, and its first bytes are checked for another encoding
//! or binary data before the rest is read. Symbolic links are followed only
//! to files inside the corpus.

use std::fmt;
use std::fs::{File, Metadata};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};

use crate::diag::{Diagnostic, Source};
use crate::safe_text::neutralise_line;

/// Largest corpus file read, in bytes (64 MiB): far above any essay or
/// theme map (the built-in corpus's largest file is 60 KB), low enough that
/// a stray disk image or log is refused before it is read.
pub const MAX_FILE_BYTES: u64 = 64 << 20;

/// How many bytes are checked for an encoding other than UTF-8, or for
/// binary data, before a file is read in full.
const SNIFF_BYTES: usize = 4096;

/// Why a file could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// Not a regular file: a directory, FIFO, socket or device (named).
    NotRegular(&'static str),
    /// Larger than the cap.
    TooLarge {
        /// The file's size in bytes.
        size: u64,
        /// The cap.
        max: u64,
    },
    /// The operating system refused.
    Io(io::Error),
}

impl From<io::Error> for ReadError {
    fn from(e: io::Error) -> Self {
        ReadError::Io(e)
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::NotRegular(kind) => write!(f, "it is {kind}, not a regular file"),
            ReadError::TooLarge { size, max } => write!(
                f,
                "it is {} MiB; files over {} MiB are not read",
                size.div_ceil(1 << 20),
                max >> 20
            ),
            ReadError::Io(e) => write!(f, "{e}"),
        }
    }
}

/// What kind of file system entry `meta` describes, for messages.
pub fn kind_of(meta: &Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        return "a directory";
    }
    if t.is_symlink() {
        return "a symbolic link";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    if t.is_file() {
        "a regular file"
    } else {
        "a special file"
    }
}

/// Open `path` for reading only if it is a regular file of at most `max`
/// bytes, without blocking on a FIFO (opened non-blocking, then checked on
/// the open handle, so it cannot be swapped in between). Returns the file
/// and its size.
pub fn open_regular(path: &Path, max: u64) -> Result<(File, u64), ReadError> {
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NONBLOCK);
    }
    let file = opts.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(kind_of(&meta)));
    }
    if meta.len() > max {
        return Err(ReadError::TooLarge {
            size: meta.len(),
            max,
        });
    }
    Ok((file, meta.len()))
}

/// Read a regular file of at most `max` bytes (see [`open_regular`]). A
/// file that grows while it is read is cut off at `max + 1` bytes and
/// refused, so memory stays bounded whatever the file does.
pub fn read_regular(path: &Path, max: u64) -> Result<Vec<u8>, ReadError> {
    let (file, size) = open_regular(path, max)?;
    let mut buf = Vec::with_capacity(size as usize);
    file.take(max + 1).read_to_end(&mut buf)?;
    if buf.len() as u64 > max {
        return Err(ReadError::TooLarge {
            size: buf.len() as u64,
            max,
        });
    }
    Ok(buf)
}

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
    /// The size of a file on disk when it was listed (0 if not known):
    /// lets the loader schedule large files without reading them.
    listed_size: u64,
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
            listed_size: 0,
        }
    }

    /// The file's size in bytes, as far as it is known before reading: the
    /// length of content in memory, the size of a file on disk when it was
    /// listed (it may change before it is read; 0 if it was not known).
    pub fn size(&self) -> u64 {
        match &self.content {
            Content::Disk(_) => self.listed_size,
            Content::Static(b) => b.len() as u64,
            Content::Memory(b) => b.len() as u64,
        }
    }

    /// Read and decode the file: a file on disk is refused if it is not
    /// a regular file or is over [`MAX_FILE_BYTES`], and its first bytes
    /// are checked before the rest is read.
    pub fn read(&self) -> Result<Source, Box<Diagnostic>> {
        let bytes = match &self.content {
            Content::Disk(p) => self.read_disk(p)?,
            Content::Static(b) => b.to_vec(),
            Content::Memory(b) => b.clone(),
        };
        decode(&self.name, bytes)
    }

    fn read_disk(&self, path: &Path) -> Result<Vec<u8>, Box<Diagnostic>> {
        let fail = |e: ReadError| {
            let mut d =
                Diagnostic::file_error(format!("cannot read {}: {e}", self.name), &self.name);
            if let ReadError::TooLarge { .. } = e {
                d = d.with_note(
                    "hint: a corpus file is an essay or a theme map; split a larger one in several files",
                );
            }
            Box::new(d)
        };
        let (mut file, size) = open_regular(path, MAX_FILE_BYTES).map_err(fail)?;
        let mut bytes = Vec::with_capacity((size as usize).min(SNIFF_BYTES));
        (&mut file)
            .take(SNIFF_BYTES as u64)
            .read_to_end(&mut bytes)
            .map_err(|e| fail(e.into()))?;
        sniff(&self.name, &bytes)?;
        bytes.reserve((size as usize).saturating_sub(bytes.len()));
        file.take(MAX_FILE_BYTES + 1 - bytes.len() as u64)
            .read_to_end(&mut bytes)
            .map_err(|e| fail(e.into()))?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(fail(ReadError::TooLarge {
                size: bytes.len() as u64,
                max: MAX_FILE_BYTES,
            }));
        }
        Ok(bytes)
    }
}

fn stem_of(name: &str) -> String {
    Path::new(name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Refuse, from a file's first bytes, text in another encoding than UTF-8
/// (named, with a hint) and binary data.
fn sniff(name: &str, bytes: &[u8]) -> Result<(), Box<Diagnostic>> {
    let fail = |what: &str, from: &str| {
        Err(Box::new(
            Diagnostic::file_error(format!("{name} {what}"), name).with_note(format!(
                "hint: save the file as UTF-8 (e.g. `iconv -f {from} -t utf-8`)"
            )),
        ))
    };
    // UTF-32's marks first: its little-endian mark starts like UTF-16's.
    if bytes.starts_with(&[0xFF, 0xFE, 0, 0]) {
        return fail("is UTF-32, not UTF-8", "utf-32");
    }
    if bytes.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return fail("is UTF-32, not UTF-8", "utf-32");
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return fail("is UTF-16, not UTF-8", "utf-16");
    }
    // UTF-16 and UTF-32 without a byte-order mark are valid UTF-8 full of
    // NULs: name them rather than let them fail later as "no front
    // matter". Text in UTF-32 has three NULs in four bytes, UTF-16 one in
    // two (for Latin script); a stray NUL in UTF-8 text is a control
    // character, not an encoding.
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    if head.len() >= 4 {
        let nuls = memchr::memchr_iter(0, head).count();
        if nuls * 3 >= head.len() * 2 {
            let from = if head[0] == 0 { "utf-32be" } else { "utf-32le" };
            return fail("looks like UTF-32 (or a binary file), not UTF-8 text", from);
        }
        if nuls * 4 >= head.len() {
            let from = if head[0] == 0 { "utf-16be" } else { "utf-16le" };
            return fail("looks like UTF-16 (or a binary file), not UTF-8 text", from);
        }
    }
    Ok(())
}

/// Bytes to text: UTF-8 required (with a diagnostic pointing at the first
/// bad byte), BOM dropped, line endings made `\n`.
pub fn decode(name: &str, mut bytes: Vec<u8>) -> Result<Source, Box<Diagnostic>> {
    sniff(name, &bytes)?;
    const BOM: &[u8] = &[0xEF, 0xBB, 0xBF];
    if bytes.starts_with(BOM) {
        bytes.drain(..3);
        // A second mark is invisible in an editor and would be read as
        // text before the front matter: say what it is.
        if bytes.starts_with(BOM) {
            let mut n = 2;
            while bytes[(n - 1) * 3..].starts_with(BOM) {
                n += 1;
            }
            return Err(Box::new(
                Diagnostic::file_error(
                    format!("{name} starts with {n} byte-order marks (U+FEFF); one at most"),
                    name,
                )
                .with_note(
                    "hint: the file was converted to UTF-8 more than once; save it as UTF-8 with at most one mark",
                ),
            ));
        }
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
    // memchr's search is vectorised; str::contains is a byte at a time
    // in effect (2% of the 1,000-essay load).
    let text = if memchr::memchr(b'\r', text.as_bytes()).is_some() {
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
                    listed_size: 0,
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
    // Names from the file system are shown in messages and on stdout: no
    // escape sequence or newline in a directory or file name may reach
    // the terminal.
    let shown = neutralise_line(&dir.display().to_string()).into_owned();
    let mut files = CorpusFiles {
        name: shown.clone(),
        ..Default::default()
    };
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
    let root = match dir.canonicalize() {
        Ok(r) => r,
        Err(e) => {
            files.diagnostics.push(Diagnostic::file_error(
                format!("cannot read {shown}: {e}"),
                &shown,
            ));
            return files;
        }
    };
    files.essays = list_dir(dir, &root, "essays", "md", &mut files.diagnostics, true);
    files.themes = list_dir(dir, &root, "themes", "toml", &mut files.diagnostics, false);
    files
}

/// List `dir/sub/*.ext`. Every entry that looks meant to be read but
/// cannot be (a directory or FIFO named `x.md`, a dangling link, a link
/// out of the corpus, `X.MD`) is reported, not skipped in silence.
fn list_dir(
    dir: &Path,
    root: &Path,
    sub: &str,
    ext: &str,
    diags: &mut Vec<Diagnostic>,
    required: bool,
) -> Vec<InputFile> {
    let path = dir.join(sub);
    let shown = neutralise_line(&path.display().to_string()).into_owned();
    let listed = match path.canonicalize() {
        Ok(real) if !real.starts_with(root) => Err(io::Error::other(
            "it is a link to a directory outside the corpus, which is not followed",
        )),
        Ok(_) => std::fs::read_dir(&path),
        Err(e) => Err(e),
    };
    let entries = match listed {
        Ok(e) => e,
        Err(e) => {
            // A missing themes/ is a corpus without a map yet (a warning);
            // one that exists but cannot be read is an error, or `check`
            // would say OK about a map it never saw.
            let missing = e.kind() == io::ErrorKind::NotFound;
            let d = if missing {
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
                Diagnostic::file_error(format!("cannot read {shown}/: {e}"), &shown)
            };
            diags.push(if required || !missing { d } else { d.warning() });
            return Vec::new();
        }
    };
    let mut out: Vec<InputFile> = Vec::new();
    for entry in entries {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                diags.push(Diagnostic::file_error(
                    format!("cannot list {shown}/: {e}"),
                    &shown,
                ));
                continue;
            }
        };
        let p = entry.path();
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if file_name.starts_with('.') {
            continue;
        }
        let name = neutralise_line(&p.display().to_string()).into_owned();
        let Some(actual) = p.extension().map(|e| e.to_string_lossy().into_owned()) else {
            continue;
        };
        if actual != ext {
            if actual.eq_ignore_ascii_case(ext) {
                diags.push(
                    Diagnostic::file_error(
                        format!("{name} is not read: the extension must be `.{ext}`"),
                        &name,
                    )
                    .with_note(format!("hint: rename it to end in `.{ext}`")),
                );
            }
            continue;
        }
        match entry_target(&p, root) {
            // The id comes from the name as it is (so that `corpus::load`
            // can refuse one with control characters); only the name shown
            // is neutralised.
            Ok((target, listed_size)) => out.push(InputFile {
                stem: stem_of(&p.to_string_lossy()),
                name,
                content: Content::Disk(target),
                listed_size,
            }),
            Err(why) => diags.push(
                Diagnostic::file_error(format!("{name} is not read: {why}"), &name).with_note(
                    format!("hint: an entry named *.{ext} in {sub}/ must be a file in the corpus"),
                ),
            ),
        }
    }
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

/// The path to read for a directory entry, and its size: the entry itself
/// if it is a regular file, the target of a link that stays inside the
/// corpus; otherwise why not.
fn entry_target(p: &Path, root: &Path) -> Result<(PathBuf, u64), String> {
    let meta = std::fs::symlink_metadata(p).map_err(|e| e.to_string())?;
    if meta.file_type().is_symlink() {
        let target = match p.canonicalize() {
            Ok(t) => t,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Err("it is a symbolic link to nothing (dangling)".into())
            }
            Err(e) => {
                return Err(format!(
                    "it is a symbolic link that cannot be followed: {e}"
                ))
            }
        };
        if !target.starts_with(root) {
            return Err("it is a symbolic link out of the corpus, which is not followed".into());
        }
        let meta = std::fs::metadata(&target).map_err(|e| e.to_string())?;
        if !meta.is_file() {
            return Err(format!("it is a symbolic link to {}", kind_of(&meta)));
        }
        return Ok((target, meta.len()));
    }
    if !meta.is_file() {
        return Err(format!("it is {}", kind_of(&meta)));
    }
    Ok((p.to_path_buf(), meta.len()))
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
