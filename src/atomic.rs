//! Atomic file writes: a temporary file in the same directory, flushed to
//! disk, then renamed over the target, so a reader (or a crash) sees either
//! the old contents or the new, never half of each.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

/// Write `bytes` to `path` atomically. The temporary file lives beside the
/// target (a rename is only atomic within one file system) and is removed
/// if anything fails before the rename.
pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_with(path, |f| f.write_all(bytes))
}

/// [`write`], with the contents written by `fill` as they are made (through
/// a buffer), so a large export is never held whole in memory.
pub fn write_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    write_seekable(path, |w| fill(w))
}

/// [`write_with`], `fill` given the temporary file's buffered writer
/// itself, which can also seek (a zip archive goes back to complete each
/// entry's header; a seek flushes the buffer first).
pub fn write_seekable(
    path: &Path,
    fill: impl FnOnce(&mut io::BufWriter<fs::File>) -> io::Result<()>,
) -> io::Result<()> {
    // A device or a pipe (`-o /dev/null`, `-o /dev/stdout`, a FIFO) is
    // written to as it is: a file renamed over it would replace the device
    // itself (run as root, `-o /dev/full` left a regular file there).
    if fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        let f = fs::OpenOptions::new().write(true).open(path)?;
        let mut w = io::BufWriter::with_capacity(64 * 1024, f);
        fill(&mut w)?;
        return w.flush();
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file path"))?;
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    let result = (|| {
        let mut w = io::BufWriter::with_capacity(64 * 1024, fs::File::create(&tmp)?);
        fill(&mut w)?;
        let f = w.into_inner().map_err(io::IntoInnerError::into_error)?;
        f.sync_all()?;
        // Keep the target's permissions when it exists.
        if let Ok(meta) = fs::metadata(path) {
            fs::set_permissions(&tmp, meta.permissions())?;
        }
        fs::rename(&tmp, path)?;
        // Make the rename itself durable where the platform allows it.
        if let Ok(d) = fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_contents_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("map.toml");
        fs::write(&p, "old").unwrap();
        write(&p, b"new").unwrap();
        assert_eq!(fs::read_to_string(&p).unwrap(), "new");
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "a temporary file was left behind");
    }

    #[cfg(unix)]
    #[test]
    fn a_pipe_is_written_to_not_replaced() {
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("pipe");
        let c = std::ffi::CString::new(p.to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path; mkfifo only creates a node.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let (tx, rx) = std::sync::mpsc::channel();
        let reader = p.clone();
        std::thread::spawn(move || {
            let _ = tx.send(fs::read(&reader).unwrap_or_default());
        });
        write(&p, b"through the pipe").unwrap();
        let got = rx
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("the reader got nothing: the pipe was replaced, not written");
        assert_eq!(got, b"through the pipe");
        assert!(fs::symlink_metadata(&p).unwrap().file_type().is_fifo());
    }

    #[test]
    fn a_failed_write_keeps_the_old_contents() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("missing-dir").join("map.toml");
        assert!(write(&p, b"new").is_err());
        assert!(!p.exists());
    }
}
