//! Job control in a real pseudo-terminal (issue 13, item 9): a suspended
//! reader (Ctrl-Z, `kill -TSTP`) gives the terminal back as it was, and
//! after `fg` (SIGCONT) takes it again and redraws the whole screen.

#[path = "common/pty.rs"]
mod pty;

use std::time::{Duration, Instant};

use pty::{dump, Pty, Spawn};

const TITLE: &str = "GSOMIA and intelligence sharing";

fn start() -> Pty {
    let pty = Spawn::new(&[
        "--essays",
        "hawley-leopold-2021,aum-2022",
        "--theme",
        "gsomia",
    ])
    .start();
    pty.wait_for("the reader", |s| {
        s.alternate_screen() && s.contents().contains(TITLE)
    });
    pty
}

/// The process state letter from /proc (`T` when stopped).
fn state(pid: u32) -> char {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    stat.rsplit(')')
        .next()
        .and_then(|r| r.trim().chars().next())
        .unwrap_or('?')
}

fn wait_state(pid: u32, want: impl Fn(char) -> bool, what: &str) {
    let deadline = Instant::now() + pty::timeout();
    while !want(state(pid)) {
        assert!(
            Instant::now() < deadline,
            "process never {what}: state {}",
            state(pid)
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn kill(sig: &str, pid: u32) {
    let ok = std::process::Command::new("kill")
        .args([format!("-{sig}"), pid.to_string()])
        .status()
        .unwrap();
    assert!(ok.success());
}

/// Suspended: stopped, with the terminal restored; continued: the reader's
/// modes again and the screen drawn anew.
fn suspend_and_continue(pty: &mut Pty, suspend: impl FnOnce(&mut Pty)) {
    let pid = pty.pid();
    suspend(pty);
    wait_state(pid, |c| c == 'T', "stopped");
    let s = pty.wait_for("the primary screen while stopped", |s| {
        !s.alternate_screen()
    });
    assert!(!s.hide_cursor(), "cursor left hidden\n{}", dump(&s));
    assert!(
        pty.line_settings_as_at_start(),
        "raw mode left on while stopped"
    );

    kill("CONT", pid);
    wait_state(pid, |c| c != 'T', "continued");
    let s = pty.wait_for("the reader redrawn after continuing", |s| {
        s.alternate_screen()
            && s.contents().contains(TITLE)
            && s.contents().contains("passage 1 of ")
    });
    assert!(s.hide_cursor(), "{}", dump(&s));
    assert!(
        !pty.line_settings_as_at_start(),
        "raw mode not entered again"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn sigtstp_and_ctrl_z_restore_the_terminal_and_continue_redraws() {
    let mut pty = start();
    let pid = pty.pid();
    suspend_and_continue(&mut pty, |_| kill("TSTP", pid));
    suspend_and_continue(&mut pty, |p| p.send(b"\x1a"));
    // Still working: keys act, and quitting restores the terminal.
    pty.keys("q");
    let status = pty.wait_exit();
    assert_eq!(status.exit_code(), 0);
    let s = pty.screen();
    assert!(!s.alternate_screen(), "{}", dump(&s));
    assert!(pty.line_settings_as_at_start());
}
