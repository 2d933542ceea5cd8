//! The terminal: one guard enters raw mode, the alternate screen and mouse
//! capture, and restores them on drop, on error and on panic (a hook that
//! restores, then calls the previous hook), never twice.

use std::io::{self, Stdout};
use std::sync::atomic::{AtomicBool, Ordering};
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
    pub terminal: Terminal<CrosstermBackend<Stdout>>,
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
        match Terminal::new(CrosstermBackend::new(io::stdout())) {
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

/// Termination signals (SIGTERM, SIGHUP, SIGINT, SIGQUIT) noted instead of
/// killing the process, so the event loop can quit and restore the
/// terminal. Holds the number of the last signal received, or 0.
#[derive(Debug, Clone, Default)]
pub struct Signals(std::sync::Arc<std::sync::atomic::AtomicUsize>);

impl Signals {
    /// Start noting termination signals (on Unix; elsewhere, nothing).
    pub fn register() -> Signals {
        let s = Signals::default();
        #[cfg(unix)]
        for sig in [
            signal_hook::consts::SIGTERM,
            signal_hook::consts::SIGHUP,
            signal_hook::consts::SIGINT,
            signal_hook::consts::SIGQUIT,
        ] {
            // If registration fails the default action remains: the
            // process ends without restoring, as it would have anyway.
            let _ = signal_hook::flag::register_usize(sig, s.0.clone(), sig as usize);
        }
        s
    }

    /// The signal received, if any.
    pub fn received(&self) -> Option<i32> {
        match self.0.load(Ordering::SeqCst) {
            0 => None,
            n => Some(n as i32),
        }
    }
}
