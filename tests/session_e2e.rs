//! End-to-end, as a user would: the real binary in a pseudo-terminal. `Y`
//! writes an OSC 52 sequence whose payload (read from the raw bytes) is the
//! passage and its citation; quitting and starting again brings back the
//! same screen; `--fresh`, a corrupt or stale state file, and the mouse
//! release behave as the README says.

#[path = "common/pty.rs"]
mod pty;

use std::path::Path;

use base64::Engine;
use pty::{row_text, Pty, Spawn};
use vt100::{MouseProtocolMode, Screen};

const ESSAYS: &str = "hawley-leopold-2021,aum-2022,sneider-2021";
const TITLE: &str = "GSOMIA and intelligence sharing";

fn status_row(s: &Screen) -> String {
    row_text(s, s.size().0.get() - 1)
}

/// Everything on screen but the status bar (its message differs).
fn body(s: &Screen) -> Vec<String> {
    let rows = s.size().0.get();
    (0..rows - 1)
        .map(|r| row_text(s, r).trim_end().to_string())
        .collect()
}

/// The screen row of the `▶` marker in the first pane.
fn marker_row(s: &Screen) -> Option<u16> {
    (0..s.size().0.get()).find(|&r| row_text(s, r).starts_with('▶'))
}

fn spawn(state: &Path, args: &[&str]) -> Spawn {
    Spawn::new(args).size(160, 40).env("XDG_STATE_HOME", state)
}

#[track_caller]
fn status_shows(pty: &Pty, text: &str) -> Screen {
    pty.wait_for(&format!("the status bar to show {text:?}"), |s| {
        status_row(s).contains(text)
    })
}

#[track_caller]
fn quit(mut pty: Pty) {
    pty.keys("q");
    assert!(pty.wait_exit().success());
}

fn state_file(state: &Path) -> std::path::PathBuf {
    state.join("parallax").join("session.toml")
}

/// Every OSC 52 payload in the bytes, decoded.
fn osc52_payloads(raw: &[u8]) -> Vec<String> {
    let start = b"\x1b]52;c;";
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(at) = raw[i..].windows(start.len()).position(|w| w == start) {
        let from = i + at + start.len();
        let len = raw[from..]
            .iter()
            .position(|&b| b == 0x07)
            .expect("OSC 52 ended by BEL");
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(&raw[from..from + len])
            .expect("payload is base64");
        out.push(String::from_utf8(bytes).expect("payload is UTF-8"));
        i = from + len;
    }
    out
}

#[test]
fn y_copies_the_passage_and_its_citation_through_osc_52() {
    let state = tempfile::tempdir().unwrap();
    let mut pty = spawn(state.path(), &["--essays", ESSAYS, "--theme", "gsomia"]).start();
    pty.wait_for_all(&[TITLE]);
    assert!(osc52_payloads(&pty.raw()).is_empty());
    pty.keys("Y");
    // xterm-256color is not a terminal known either way: it is told so.
    status_shows(
        &pty,
        "sent Hawley & Leopold (2021) ¶ 5 + citation by OSC 52",
    );
    let payloads = osc52_payloads(&pty.raw());
    assert_eq!(payloads.len(), 1, "{payloads:?}");
    let copied = &payloads[0];
    assert!(
        copied.starts_with(
            "Key intelligence sharing between the US, Japan, and South Korea was also jeopardized"
        ),
        "{copied}"
    );
    assert!(copied.ends_with(
        "ability to counter emerging threats.\n\n— Bennett Hawley and Alex Leopold, “Promoting Reconciliation Between Japan & South Korea to Foster Strategic Cohesion”, Onero Institute, 2021-10-08, ¶ 5\n"
    ), "{copied}");
    assert!(!copied.chars().any(|c| c.is_control() && c != '\n'));
    quit(pty);
}

#[test]
fn the_linux_console_is_told_it_cannot_copy_and_gets_no_sequence() {
    let state = tempfile::tempdir().unwrap();
    let mut pty = spawn(state.path(), &["--essays", ESSAYS, "--theme", "gsomia"])
        .env("TERM", "linux")
        .start();
    pty.wait_for_all(&[TITLE]);
    pty.keys("Y");
    status_shows(&pty, "the Linux console cannot copy");
    assert!(osc52_payloads(&pty.raw()).is_empty());
    quit(pty);
}

#[test]
fn quitting_and_starting_again_brings_back_the_same_screen() {
    let state = tempfile::tempdir().unwrap();
    let mut pty = spawn(state.path(), &["--essays", ESSAYS, "--theme", "gsomia"]).start();
    pty.wait_for_all(&[TITLE, "passage 1 of 2"]);
    pty.keys("]");
    let s = pty.wait_for_all(&["passage 2 of 2"]);
    let aligned_row = marker_row(&s).expect("a marker");
    pty.keys("\t"); // focus Aum
    pty.keys("jjj"); // all panes scroll together, three rows
                     // An unbound key last: once its note is in the status bar (drawn last),
                     // every frame before it has arrived whole.
    pty.keys("z");
    let before = pty.wait_for("Aum focused, scrolled three rows", |s| {
        status_row(s).contains("z does nothing here") && marker_row(s) == Some(aligned_row - 3)
    });
    let before = body(&before);
    quit(pty);

    let pty = spawn(state.path(), &[]).start();
    let after = status_shows(&pty, "resumed where you left off");
    assert!(status_row(&after).contains("gsomia · passage 2 of 2 · Aum"));
    assert_eq!(body(&after), before, "the screen came back different");
    quit(pty);

    // At another size: the same essays, theme, step and focus.
    let pty = spawn(state.path(), &[]).size(100, 30).start();
    let s = status_shows(&pty, "resumed where you left off");
    assert!(row_text(&s, 0).contains(TITLE));
    assert!(
        status_row(&s).contains("passage 2 of 2 · Aum"),
        "{}",
        status_row(&s)
    );
    let titles = row_text(&s, 1);
    for who in ["Hawley & Leopold", "Aum", "Sneider"] {
        assert!(titles.contains(who), "{titles}");
    }
    quit(pty);
}

/// A closed terminal window (SIGHUP) or a `kill` (SIGTERM) ends the reader
/// as `q` does: the place is saved, and the next start resumes there.
#[test]
fn a_termination_signal_saves_the_place_too() {
    for (sig, num) in [("TERM", 15), ("HUP", 1)] {
        let state = tempfile::tempdir().unwrap();
        let mut pty = spawn(state.path(), &["--essays", ESSAYS, "--theme", "gsomia"]).start();
        pty.wait_for_all(&[TITLE, "passage 1 of 2"]);
        pty.keys("]");
        pty.wait_for_all(&["passage 2 of 2"]);
        let ok = std::process::Command::new("kill")
            .args([format!("-{sig}"), pty.pid().to_string()])
            .status()
            .expect("run kill");
        assert!(ok.success());
        assert_eq!(pty.wait_exit().exit_code(), 128 + num, "{sig}");
        assert!(state_file(state.path()).is_file(), "{sig}: nothing saved");

        let pty = spawn(state.path(), &[]).start();
        let s = status_shows(&pty, "resumed where you left off");
        assert!(
            status_row(&s).contains("gsomia · passage 2 of 2"),
            "{sig}: {}",
            status_row(&s)
        );
        quit(pty);
    }
}

#[test]
fn explicit_flags_win_and_fresh_starts_anew_but_keeps_bookmarks() {
    let state = tempfile::tempdir().unwrap();
    let mut pty = spawn(state.path(), &["--essays", ESSAYS, "--theme", "gsomia"]).start();
    pty.wait_for_all(&[TITLE]);
    pty.keys("b");
    status_shows(&pty, "label (optional)");
    pty.keys("my place\r");
    status_shows(&pty, "bookmarked Hawley & Leopold (2021) ¶ 5");
    quit(pty);

    // An explicit theme wins over the saved one.
    let pty = spawn(state.path(), &["--theme", "us-role"]).start();
    let s = status_shows(&pty, "us-role");
    assert!(!status_row(&s).contains("resumed"));
    quit(pty);

    let mut pty = spawn(state.path(), &["--fresh"]).start();
    let s = status_shows(&pty, "no theme");
    assert!(!row_text(&s, 0).contains(TITLE));
    pty.keys("B");
    pty.wait_for_all(&["Bookmarks (1)", "my place", "Key intelligence sharing"]);
    pty.keys("\r");
    status_shows(&pty, "my place · Hawley & Leopold (2021) ¶ 5");
    quit(pty);
    let saved = std::fs::read_to_string(state_file(state.path())).unwrap();
    assert!(saved.contains("label = \"my place\""), "{saved}");
}

#[test]
fn a_corrupt_state_file_is_a_note_and_is_replaced() {
    let state = tempfile::tempdir().unwrap();
    let file = state_file(state.path());
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(
        &file,
        "version = 1\n[[corpus]\nkey = \"built-in\"\n\u{1b}[31m",
    )
    .unwrap();
    let pty = spawn(state.path(), &[]).start();
    let s = status_shows(&pty, "saved session ignored, starting fresh");
    assert!(
        status_row(&s).contains("session.toml:2"),
        "{}",
        status_row(&s)
    );
    assert!(status_row(&s).contains("no theme"));
    quit(pty);
    let text = std::fs::read_to_string(&file).unwrap();
    let parsed: toml::Value = toml::from_str(&text).expect("a valid file was written");
    assert_eq!(parsed["version"].as_integer(), Some(1));
    let kept = std::fs::read_to_string(file.with_file_name("session.toml.bad")).unwrap();
    assert!(
        kept.starts_with("version = 1\n[[corpus]\n"),
        "the old file is kept"
    );
}

#[test]
fn a_stale_essay_and_theme_are_dropped_with_a_note() {
    let state = tempfile::tempdir().unwrap();
    let file = state_file(state.path());
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(
        &file,
        r#"version = 1
[[corpus]]
key = "built-in"
theme = "no-such-theme"
view = "reader"
[[corpus.panes]]
essay = "no-such-essay"
offset = 0
[[corpus.panes]]
essay = "aum-2022"
offset = 0
[[corpus.panes]]
essay = "park-2021"
offset = 0
"#,
    )
    .unwrap();
    let pty = spawn(state.path(), &[]).start();
    let s = status_shows(&pty, "essay `no-such-essay` is no longer in the corpus");
    assert!(status_row(&s).contains("(+1 more)"), "{}", status_row(&s));
    let titles = row_text(&s, 1);
    assert!(
        titles.contains("Aum") && titles.contains("Park"),
        "{titles}"
    );
    assert!(status_row(&s).contains("no theme"));
    quit(pty);
}

#[test]
fn the_mouse_is_released_by_flag_or_key() {
    let state = tempfile::tempdir().unwrap();
    let mut pty = spawn(state.path(), &["--no-mouse"]).start();
    let s = pty.wait_for_all(&["no theme"]);
    assert_eq!(s.mouse_protocol_mode(), MouseProtocolMode::None);
    pty.keys("M");
    let s = status_shows(&pty, "mouse captured");
    assert_ne!(s.mouse_protocol_mode(), MouseProtocolMode::None);
    pty.keys("M");
    let s = status_shows(&pty, "mouse released");
    assert_eq!(s.mouse_protocol_mode(), MouseProtocolMode::None);
    quit(pty);
}
