//! A harness for end-to-end tests: the real binary in a pseudo-terminal
//! (portable-pty), everything it writes fed to a terminal emulator (vt100),
//! and helpers that wait for the emulated screen to show something.
//!
//! Waits poll the screen until a predicate holds or a generous timeout
//! passes (`PARALLAX_E2E_TIMEOUT_SECS`, default 20 s), so a slow machine
//! makes a test slower, never red. Nothing here asserts on timings.
//!
//! The emulated terminal answers no queries (cursor position, device
//! attributes): a program that waits for an answer stalls here, as it would
//! on a terminal that does not answer.

#![allow(dead_code)]

use std::ffi::{OsStr, OsString};
use std::fmt::Write as _;
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use portable_pty::{native_pty_system, Child, CommandBuilder, ExitStatus, MasterPty, PtySize};
use tempfile::TempDir;

/// How long any wait may take before the test fails.
pub fn timeout() -> Duration {
    std::env::var("PARALLAX_E2E_TIMEOUT_SECS")
        .ok()
        .and_then(|s| s.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s > 0.0)
        .map_or(Duration::from_secs(20), Duration::from_secs_f64)
}

const POLL: Duration = Duration::from_millis(10);

/// What to start: arguments, terminal size and extra environment.
pub struct Spawn {
    args: Vec<String>,
    cols: u16,
    rows: u16,
    env: Vec<(String, OsString)>,
    home: TempDir,
}

impl Spawn {
    /// The binary with these arguments, at 160×40, in a fresh home
    /// directory (so no user keymap leaks in).
    pub fn new(args: &[&str]) -> Spawn {
        Spawn {
            args: args.iter().map(|s| s.to_string()).collect(),
            cols: 160,
            rows: 40,
            env: Vec::new(),
            home: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// The terminal size, columns × rows.
    pub fn size(mut self, cols: u16, rows: u16) -> Spawn {
        self.cols = cols;
        self.rows = rows;
        self
    }

    /// Set an environment variable for the program.
    pub fn env(mut self, key: &str, value: impl AsRef<OsStr>) -> Spawn {
        self.env.push((key.to_string(), value.as_ref().to_owned()));
        self
    }

    /// The program's (empty, temporary) home directory; also its
    /// XDG_CONFIG_HOME is `<home>/.config`.
    pub fn home(&self) -> &Path {
        self.home.path()
    }

    /// Start the program.
    pub fn start(self) -> Pty {
        let size = PtySize {
            rows: self.rows,
            cols: self.cols,
            pixel_width: 0,
            pixel_height: 0,
        };
        let pair = native_pty_system().openpty(size).expect("open a pty");
        let cooked = termios(&*pair.master);
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_parallax"));
        cmd.args(&self.args);
        // A known environment: nothing from the developer's shell (their
        // NO_COLOR, keymap or config dir) may change what the screen shows.
        cmd.env_clear();
        for key in ["PATH", "LANG", "LLVM_PROFILE_FILE", "RUST_BACKTRACE"] {
            if let Some(v) = std::env::var_os(key) {
                cmd.env(key, v);
            }
        }
        cmd.env("TERM", "xterm-256color");
        cmd.env("HOME", self.home.path());
        cmd.env("XDG_CONFIG_HOME", self.home.path().join(".config"));
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        cmd.cwd(self.home.path());
        let child = pair.slave.spawn_command(cmd).expect("spawn parallax");
        // Only the child may hold the slave side, so that reading the
        // master ends when the child is gone.
        drop(pair.slave);

        let shared = Arc::new(Mutex::new(Shared {
            parser: vt100::Parser::new(nz(self.rows), nz(self.cols), 0),
            raw: Vec::new(),
            eof: false,
        }));
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let feed = Arc::clone(&shared);
        std::thread::spawn(move || {
            let mut buf = [0u8; 16 * 1024];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => {
                        let mut s = lock(&feed);
                        s.parser.process(&buf[..n]);
                        s.raw.extend_from_slice(&buf[..n]);
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    // Linux reports EIO once the child has closed the slave.
                    Err(_) => break,
                }
            }
            lock(&feed).eof = true;
        });
        let writer = pair.master.take_writer().expect("pty writer");
        Pty {
            shared,
            master: pair.master,
            writer: Some(writer),
            child,
            status: None,
            size: (self.cols, self.rows),
            cooked,
            _home: self.home,
        }
    }
}

struct Shared {
    parser: vt100::Parser,
    /// Every byte the program wrote, for checks on escape sequences.
    raw: Vec<u8>,
    /// Reading ended: the program closed the terminal.
    eof: bool,
}

fn lock(s: &Mutex<Shared>) -> MutexGuard<'_, Shared> {
    // A panicking test thread must not hide the screen from the others.
    s.lock().unwrap_or_else(|e| e.into_inner())
}

fn nz(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).expect("terminal size must not be zero")
}

/// A running program in a pseudo-terminal.
pub struct Pty {
    shared: Arc<Mutex<Shared>>,
    master: Box<dyn MasterPty + Send>,
    writer: Option<Box<dyn Write + Send>>,
    child: Box<dyn Child + Send + Sync>,
    status: Option<ExitStatus>,
    size: (u16, u16),
    /// The line settings of the fresh pty, before the program ran.
    cooked: String,
    _home: TempDir,
}

/// The pty's line settings (termios), as their Debug text: enough to
/// compare, without naming portable-pty's nix types.
fn termios(master: &dyn MasterPty) -> String {
    format!(
        "{:?}",
        master.get_termios().expect("read the pty's termios")
    )
}

impl Pty {
    /// Type bytes as the user would (keys arrive as terminal input).
    pub fn send(&mut self, bytes: &[u8]) {
        let w = self.writer.as_mut().expect("pty writer");
        w.write_all(bytes).expect("write to pty");
        w.flush().expect("flush pty");
    }

    /// The program's process id.
    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("the child has a process id")
    }

    /// Type a string.
    pub fn keys(&mut self, s: &str) {
        self.send(s.as_bytes());
    }

    /// A copy of the screen as it is now.
    pub fn screen(&self) -> vt100::Screen {
        lock(&self.shared).parser.screen().clone()
    }

    /// Every byte the program has written so far.
    pub fn raw(&self) -> Vec<u8> {
        lock(&self.shared).raw.clone()
    }

    /// Wait until `pred` holds for the screen; fail (with the screen) after
    /// the timeout, or at once if the program has closed the terminal
    /// without it holding.
    #[track_caller]
    pub fn wait_for(&self, what: &str, pred: impl Fn(&vt100::Screen) -> bool) -> vt100::Screen {
        let deadline = Instant::now() + timeout();
        loop {
            {
                let s = lock(&self.shared);
                let screen = s.parser.screen();
                if pred(screen) {
                    return screen.clone();
                }
                if s.eof {
                    panic!(
                        "the program closed the terminal before: {what}\n{}",
                        dump(screen)
                    );
                }
                if Instant::now() >= deadline {
                    panic!(
                        "timed out after {:?} waiting for: {what}\n{}",
                        timeout(),
                        dump(screen)
                    );
                }
            }
            std::thread::sleep(POLL);
        }
    }

    /// Wait until the screen shows every one of `texts`. (Wait for all that
    /// a test will look at: a frame can arrive in pieces, so one line of it
    /// on screen does not mean the rest is there yet.)
    #[track_caller]
    pub fn wait_for_all(&self, texts: &[&str]) -> vt100::Screen {
        self.wait_for(&format!("the screen to show all of {texts:?}"), |s| {
            let c = s.contents();
            texts.iter().all(|t| c.contains(t))
        })
    }

    /// Resize the terminal, as a window manager would: the pty's size
    /// changes and the program gets SIGWINCH.
    ///
    /// The emulated screen is blanked at the same moment, so that whatever
    /// a later wait sees was drawn after the resize (a real terminal would
    /// keep the stale cells until the program repaints; the program clears
    /// and repaints everything anyway).
    pub fn resize(&mut self, cols: u16, rows: u16) {
        let mut s = lock(&self.shared);
        s.parser.set_size(nz(rows), nz(cols));
        s.parser.process(b"\x1b[2J");
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize the pty");
        self.size = (cols, rows);
    }

    /// Whether the pty's line settings are those it had before the program
    /// started (false while the program has it in raw mode).
    pub fn line_settings_as_at_start(&self) -> bool {
        termios(&*self.master) == self.cooked
    }

    /// The terminal size, columns × rows.
    pub fn size(&self) -> (u16, u16) {
        self.size
    }

    /// Wait for the program to exit (killing it and failing after the
    /// timeout), then for its last output to be read. Returns its status.
    #[track_caller]
    pub fn wait_exit(&mut self) -> ExitStatus {
        if let Some(st) = &self.status {
            return st.clone();
        }
        let deadline = Instant::now() + timeout();
        let status = loop {
            match self.child.try_wait() {
                Ok(Some(st)) => break st,
                Ok(None) if Instant::now() < deadline => std::thread::sleep(POLL),
                Ok(None) => {
                    let _ = self.child.kill();
                    let _ = self.child.wait();
                    panic!(
                        "the program did not exit within {:?}; killed it\n{}",
                        timeout(),
                        dump(&self.screen())
                    );
                }
                Err(e) => panic!("waiting for the program: {e}"),
            }
        };
        // Its output may still be in the pty's buffer: read to the end.
        while !lock(&self.shared).eof {
            if Instant::now() >= deadline {
                panic!(
                    "the program exited ({status}) but its terminal output did not end\n{}",
                    dump(&self.screen())
                );
            }
            std::thread::sleep(POLL);
        }
        self.status = Some(status.clone());
        status
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        // A failed test must not leave the program running. Kill it before
        // the writer goes: dropping that types Enter and Ctrl-D.
        if self.status.is_none() && matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        drop(self.writer.take());
    }
}

/// The screen as text with row numbers, and the terminal modes, for
/// failure messages.
pub fn dump(s: &vt100::Screen) -> String {
    let (rows, cols) = s.size();
    let mut out = format!(
        "--- screen {cols}×{rows}, alternate screen {}, cursor hidden {}, mouse {:?} ---\n",
        s.alternate_screen(),
        s.hide_cursor(),
        s.mouse_protocol_mode()
    );
    for (i, row) in s.rows(0, cols.get()).enumerate() {
        let _ = writeln!(out, "{i:>3}|{}", row.trim_end());
    }
    out.push_str("---");
    out
}

/// The text of one screen row.
pub fn row_text(s: &vt100::Screen, row: u16) -> String {
    let (_, cols) = s.size();
    s.rows(0, cols.get())
        .nth(usize::from(row))
        .unwrap_or_default()
}

/// Every cell holding `glyph`, as (row, col).
pub fn find_cells(s: &vt100::Screen, glyph: &str) -> Vec<(u16, u16)> {
    let (rows, cols) = s.size();
    let mut out = Vec::new();
    for r in 0..rows.get() {
        for c in 0..cols.get() {
            if s.cell(r, c).is_some_and(|cell| cell.contents() == glyph) {
                out.push((r, c));
            }
        }
    }
    out
}
