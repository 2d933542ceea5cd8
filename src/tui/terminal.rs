//! The terminal: one guard enters raw mode, the alternate screen and mouse
//! capture, and restores them on drop, on error and on panic (a hook that
//! restores, then calls the previous hook), never twice; on a suspend
//! (Ctrl-Z, SIGTSTP) too, entering them again when continued.

use std::io::{self, BufWriter, Stdout};
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::Once;

use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen,
};
use ratatui::Terminal;

/// True while the terminal is in the reader's modes.
static ACTIVE: AtomicBool = AtomicBool::new(false);
static HOOK: Once = Once::new();

/// Owns the terminal while the reader runs.
pub struct TerminalGuard {
    /// The ratatui terminal.
    pub terminal: Terminal<CrosstermBackend<BufWriter<Stdout>>>,
}

impl TerminalGuard {
    /// Enter raw mode, the alternate screen and mouse capture.
    pub fn enter() -> io::Result<TerminalGuard> {
        HOOK.call_once(|| {
            let previous = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                restore();
                previous(info);
            }));
        });
        enable_raw_mode()?;
        ACTIVE.store(true, Ordering::SeqCst);
        if let Err(e) = execute!(io::stdout(), EnterAlternateScreen, EnableMouseCapture) {
            restore();
            return Err(e);
        }
        // A frame is tens of kilobytes of escape sequences: buffer it whole
        // (ratatui flushes after each draw) rather than in stdout's 1 KiB
        // line-buffer chunks, one syscall each.
        let out = BufWriter::with_capacity(1 << 16, io::stdout());
        match Terminal::new(CrosstermBackend::new(out)) {
            Ok(mut terminal) => {
                let _ = terminal.hide_cursor();
                // Not `terminal.clear()`: that first asks the terminal where
                // the cursor is (CSI 6n) and waits up to 2 s for an answer
                // some terminals never give. The new terminal's buffers are
                // empty, so a plain clear is all that is needed.
                let _ = execute!(io::stdout(), Clear(ClearType::All));
                Ok(TerminalGuard { terminal })
            }
            Err(e) => {
                restore();
                Err(e)
            }
        }
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        let _ = self.terminal.show_cursor();
        restore();
    }
}

/// Put the terminal back as it was; does nothing if already done.
pub fn restore() {
    if ACTIVE.swap(false, Ordering::SeqCst) {
        let _ = execute!(io::stdout(), DisableMouseCapture, LeaveAlternateScreen);
        let _ = disable_raw_mode();
        let _ = execute!(io::stdout(), ratatui::crossterm::cursor::Show);
    }
}

/// Set when the process continues after a stop, until the event loop has
/// redrawn the whole screen.
static RESUMED: AtomicBool = AtomicBool::new(false);

/// Stop the process as a shell's job control expects (Ctrl-Z, SIGTSTP):
/// the terminal is restored first, so the shell gets it back as it was;
/// on `fg` the reader's modes are entered again and [`take_resumed`]
/// tells the event loop to redraw.
pub fn suspend() {
    let was_active = ACTIVE.load(Ordering::SeqCst);
    restore();
    #[cfg(unix)]
    // SAFETY: raise() has no preconditions; SIGSTOP cannot be caught, so
    // this returns once the process is continued.
    unsafe {
        libc::raise(libc::SIGSTOP);
    }
    if was_active && enable_raw_mode().is_ok() {
        ACTIVE.store(true, Ordering::SeqCst);
        let _ = execute!(
            io::stdout(),
            EnterAlternateScreen,
            EnableMouseCapture,
            ratatui::crossterm::cursor::Hide,
            Clear(ClearType::All)
        );
        RESUMED.store(true, Ordering::SeqCst);
    }
}

/// True once after the process was continued (after [`suspend`], or a
/// SIGSTOP from outside): the screen must be drawn again in full.
pub fn take_resumed() -> bool {
    RESUMED.swap(false, Ordering::SeqCst)
}

impl TerminalGuard {
    /// Draw the next frame in full: the screen was cleared (after a
    /// suspend), so ratatui's diff against the last frame would leave most
    /// of it blank. Drawing an empty frame first makes the diff complete;
    /// ratatui's own `clear` would ask the terminal for the cursor
    /// position, which some terminals never answer.
    pub fn invalidate(&mut self) -> io::Result<()> {
        self.terminal.draw(|_| {})?;
        execute!(io::stdout(), Clear(ClearType::All))
    }
}

/// A termination signal received and not yet acted on (0: none).
static STOP: AtomicI32 = AtomicI32::new(0);

/// How long the event loop has to end by itself after a termination
/// signal (it wakes at least every 250 ms) before the signal thread
/// restores the terminal and exits without it.
const STOP_GRACE: std::time::Duration = std::time::Duration::from_secs(1);

/// The termination signal received, if any: the event loop then ends as on
/// `q` (the session is saved) and the process exits with 128 + it.
pub fn stop_requested() -> Option<i32> {
    match STOP.load(Ordering::SeqCst) {
        0 => None,
        sig => Some(sig),
    }
}

/// On SIGTSTP: [`suspend`]. On SIGTERM, SIGHUP, SIGINT or SIGQUIT: ask the
/// event loop to stop ([`stop_requested`]), so the reading position is
/// saved as on `q`; if it has not ended within [`STOP_GRACE`], restore the
/// terminal and exit with 128 + the signal, as a shell reports it. A thread
/// waits for the signals, so this works whatever the event loop is doing —
/// in particular after SIGHUP, when the terminal is gone and waiting for
/// input might never return.
pub fn exit_on_signals() {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP};
        // If registration fails the default actions remain: the process
        // ends without restoring, as it would have anyway.
        if let Ok(mut signals) = signal_hook::iterator::Signals::new([
            SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGTSTP, SIGCONT,
        ]) {
            std::thread::spawn(move || {
                for sig in signals.forever() {
                    match sig {
                        SIGTSTP => suspend(),
                        // Continued after a SIGSTOP from outside: the
                        // terminal may have been used meanwhile.
                        SIGCONT => RESUMED.store(true, Ordering::SeqCst),
                        _ => {
                            STOP.store(sig, Ordering::SeqCst);
                            std::thread::sleep(STOP_GRACE);
                            restore();
                            std::process::exit(128 + sig);
                        }
                    }
                }
            });
        }
    }
}
