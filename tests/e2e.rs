//! End-to-end: the real binary in a pseudo-terminal, keys typed into it,
//! the screen read back through a terminal emulator.
//!
//! Every wait polls the screen with a generous timeout
//! (`PARALLAX_E2E_TIMEOUT_SECS`, default 20 s); nothing asserts on timings.

#[path = "common/pty.rs"]
mod pty;

use pty::{dump, find_cells, row_text, Pty, Spawn};
use vt100::{Color, MouseProtocolEncoding, MouseProtocolMode, Screen};

/// Three essays on GSOMIA: one passage in each of the first two, two in
/// the third (Sneider), so the theme has two steps.
const ESSAYS: &str = "hawley-leopold-2021,aum-2022,sneider-2021";
const THEME: &str = "gsomia";
const THEME_TITLE: &str = "GSOMIA and intelligence sharing";
const MARKER: &str = "▶";

fn reader() -> Spawn {
    Spawn::new(&["--essays", ESSAYS, "--theme", THEME])
}

/// The row of the `▶` markers if there is exactly one per pane, all on
/// one screen row, each at the left edge of its pane (the first column,
/// or just right of a pane separator); otherwise what is wrong.
fn marker_row(s: &Screen, panes: usize) -> Result<u16, String> {
    let marks = find_cells(s, MARKER);
    if marks.len() != panes {
        return Err(format!("{} markers, want {panes}: {marks:?}", marks.len()));
    }
    let row = marks[0].0;
    if marks.iter().any(|&(r, _)| r != row) {
        return Err(format!("markers on different rows: {marks:?}"));
    }
    for &(r, c) in &marks {
        let at_edge = c == 0 || s.cell(r, c - 1).is_some_and(|x| x.contents() == "│");
        if !at_edge {
            return Err(format!("marker at ({r}, {c}) is not in a pane's gutter"));
        }
    }
    Ok(row)
}

fn status_row(s: &Screen) -> String {
    row_text(s, s.size().0.get() - 1)
}

/// The status bar (the last row) contains `text`.
fn status_shows(s: &Screen, text: &str) -> bool {
    status_row(s).contains(text)
}

/// Wait until the reader shows the theme, `step` of 2 in the status bar,
/// and the three panes aligned; return the screen and the marker row.
#[track_caller]
fn wait_aligned(pty: &Pty, step: &str) -> (Screen, u16) {
    let s = pty.wait_for(
        &format!("{THEME_TITLE:?} in the header, {step:?} in the status bar, 3 markers on one row"),
        |s| {
            row_text(s, 0).contains(THEME_TITLE)
                && status_shows(s, step)
                && marker_row(s, 3).is_ok()
        },
    );
    let row = marker_row(&s, 3).unwrap();
    (s, row)
}

/// While the reader runs, the terminal is in its modes: alternate screen,
/// hidden cursor, mouse reporting, raw input. (Checked so that the
/// restore checks below mean something.)
#[track_caller]
fn assert_reader_modes(pty: &Pty) {
    let s = pty.screen();
    assert!(
        s.alternate_screen(),
        "not on the alternate screen\n{}",
        dump(&s)
    );
    assert!(s.hide_cursor(), "cursor not hidden\n{}", dump(&s));
    assert_ne!(
        s.mouse_protocol_mode(),
        MouseProtocolMode::None,
        "no mouse capture"
    );
    assert!(
        !pty.line_settings_as_at_start(),
        "the terminal is not in raw mode while the reader runs"
    );
}

/// After the program exits: it succeeded, and the terminal is as it was:
/// primary screen (without the reader's drawing), visible cursor, no mouse
/// reporting, the line settings from before the start.
#[track_caller]
fn assert_exited_and_restored(pty: &mut Pty) {
    assert_exited_with_and_restored(pty, 0);
}

/// As above, with the exit code expected.
#[track_caller]
fn assert_exited_with_and_restored(pty: &mut Pty, code: u32) {
    let status = pty.wait_exit();
    let s = pty.screen();
    assert_eq!(
        status.exit_code(),
        code,
        "exit status {status}\n{}",
        dump(&s)
    );
    assert!(
        !s.alternate_screen(),
        "still on the alternate screen\n{}",
        dump(&s)
    );
    assert!(!s.hide_cursor(), "cursor left hidden\n{}", dump(&s));
    assert_eq!(
        s.mouse_protocol_mode(),
        MouseProtocolMode::None,
        "mouse reporting left on\n{}",
        dump(&s)
    );
    assert_eq!(
        s.mouse_protocol_encoding(),
        MouseProtocolEncoding::Default,
        "SGR mouse encoding left on"
    );
    assert!(
        pty.line_settings_as_at_start(),
        "raw mode not undone: the pty's termios differ from before the start"
    );
    assert!(
        !s.contents().contains(MARKER) && !s.contents().contains(THEME_TITLE),
        "the reader's drawing is left on the primary screen\n{}",
        dump(&s)
    );
}

#[test]
fn opens_with_the_panes_aligned_on_the_theme() {
    let mut pty = reader().start();
    let (s, row) = wait_aligned(&pty, "passage 1 of 2");
    assert!(row_text(&s, 0).contains(THEME_TITLE));
    assert!(status_shows(&s, THEME), "{}", dump(&s));
    // The theme's colour (red) marks the start row; the glyph carries the
    // meaning without it (see the NO_COLOR test).
    let cell = s.cell(row, 0).unwrap();
    assert_eq!(cell.fgcolor(), Color::Idx(1), "{}", dump(&s));
    assert_reader_modes(&pty);
    pty.keys("q");
    assert_exited_and_restored(&mut pty);
}

#[test]
fn bracket_steps_to_the_next_passage_and_the_panes_realign() {
    let mut pty = reader().start();
    let (first, row1) = wait_aligned(&pty, "passage 1 of 2");
    pty.keys("]");
    let (second, row2) = wait_aligned(&pty, "passage 2 of 2");
    assert_ne!(
        row_text(&first, row1),
        row_text(&second, row2),
        "the marked row shows the same text after stepping\n{}",
        dump(&second)
    );
    // Sneider's pane (the third, whose title ends the row) moved to its
    // second passage; the others keep their only one.
    let titles = |s: &Screen| row_text(s, 1).trim_end().to_string();
    assert!(titles(&first).ends_with("1/2"), "{}", dump(&first));
    assert!(titles(&second).ends_with("2/2"), "{}", dump(&second));
    assert_eq!(
        titles(&second).matches("1/1").count(),
        2,
        "{}",
        dump(&second)
    );
    // And back: `[` returns to the first passage, aligned again.
    pty.keys("[");
    let (back, _) = wait_aligned(&pty, "passage 1 of 2");
    assert_eq!(
        row_text(&back, 0),
        row_text(&first, 0),
        "header changed on the way back"
    );
    pty.keys("q");
    assert_exited_and_restored(&mut pty);
}

#[test]
fn q_quits_and_restores_the_terminal() {
    let mut pty = reader().start();
    wait_aligned(&pty, "passage 1 of 2");
    assert_reader_modes(&pty);
    pty.keys("q");
    assert_exited_and_restored(&mut pty);
    // Leaving the alternate screen is in the byte stream, exactly once.
    let raw = String::from_utf8_lossy(&pty.raw()).into_owned();
    assert_eq!(raw.matches("\x1b[?1049h").count(), 1, "entered once");
    assert_eq!(raw.matches("\x1b[?1049l").count(), 1, "left once");
}

/// The reader never waits on a terminal's answer: a terminal that does not
/// answer a cursor position query (this harness, like some real ones)
/// would otherwise stall the first frame for two seconds.
#[test]
fn it_asks_the_terminal_no_questions() {
    let mut pty = reader().start();
    wait_aligned(&pty, "passage 1 of 2");
    pty.keys("q");
    assert_exited_and_restored(&mut pty);
    let raw = String::from_utf8_lossy(&pty.raw()).into_owned();
    for query in ["\x1b[6n", "\x1b[c", "\x1b[>c", "\x1b[?u"] {
        assert!(!raw.contains(query), "the reader sent the query {query:?}");
    }
}

#[test]
fn ctrl_c_quits_cleanly_even_with_help_open() {
    let mut pty = reader().start();
    wait_aligned(&pty, "passage 1 of 2");
    pty.keys("?");
    pty.wait_for_all(&["Help — keys in effect", "Esc closes"]);
    pty.send(b"\x03");
    assert_exited_and_restored(&mut pty);
}

#[test]
fn question_mark_shows_the_keys_and_q_closes_help_first() {
    let mut pty = reader().start();
    wait_aligned(&pty, "passage 1 of 2");
    pty.keys("?");
    let s = pty.wait_for_all(&[
        "Help — keys in effect",
        "Next passage of the theme; all panes align",
        "Previous passage of the theme; all panes align",
        "Quit parallax",
    ]);
    let text = s.contents();
    // Each command's row shows its keys.
    let row = text
        .lines()
        .find(|l| l.contains("Next passage of the theme"))
        .unwrap();
    assert!(row.contains("]"), "no `]` on {row:?}");
    let row = text.lines().find(|l| l.contains("Quit parallax")).unwrap();
    assert!(
        row.contains(" q ") && row.contains("Ctrl-c"),
        "quit keys missing on {row:?}"
    );
    // The rest is a scroll away: the gutter legend, and where keys can be
    // changed (in the test's own config directory).
    pty.keys("    ");
    pty.wait_for_all(&[
        "Where the current passage starts",
        "Keys can be changed in ",
        "/.config/parallax/keys.toml",
    ]);

    // q closes the help, not the reader.
    pty.keys("q");
    let s = pty.wait_for("the help to close", |s| {
        let c = s.contents();
        !c.contains("Help — keys in effect")
            && !c.contains("Esc closes")
            && marker_row(s, 3).is_ok()
    });
    assert!(status_shows(&s, "passage 1 of 2"), "{}", dump(&s));
    assert_reader_modes(&pty);
    pty.keys("q");
    assert_exited_and_restored(&mut pty);
}

#[test]
fn unknown_theme_exits_2_with_a_hint_before_touching_the_screen() {
    let mut pty = Spawn::new(&["--essays", ESSAYS, "--theme", "nosuch"]).start();
    let status = pty.wait_exit();
    let s = pty.screen();
    assert_eq!(status.exit_code(), 2, "{status}\n{}", dump(&s));
    let text = s.contents();
    assert!(
        text.contains("error: unknown theme `nosuch`"),
        "{}",
        dump(&s)
    );
    assert!(
        text.contains("hint: `parallax themes` lists the theme ids"),
        "{}",
        dump(&s)
    );
    // Not a single escape sequence for the screen: no alternate screen,
    // no raw-mode drawing, no mouse capture.
    let raw = pty.raw();
    assert!(
        !raw.contains(&0x1b),
        "escape sequences written before the usage error: {:?}",
        String::from_utf8_lossy(&raw)
    );
    assert!(pty.line_settings_as_at_start());
}

#[test]
fn a_near_miss_theme_suggests_the_right_id() {
    let mut pty = Spawn::new(&["--theme", "gsomai"]).start();
    let status = pty.wait_exit();
    let s = pty.screen();
    assert_eq!(status.exit_code(), 2, "{status}\n{}", dump(&s));
    assert!(s.contents().contains("gsomia"), "{}", dump(&s));
}

#[test]
fn resizing_redraws_and_keeps_the_panes_aligned() {
    let mut pty = reader().start();
    wait_aligned(&pty, "passage 1 of 2");
    // A key first: the reader is then surely reading events (and so
    // listening for SIGWINCH).
    pty.keys("]");
    wait_aligned(&pty, "passage 2 of 2");
    for (cols, rows) in [(100, 30), (200, 50), (61, 12)] {
        pty.resize(cols, rows);
        let s = pty.wait_for(
            &format!("a redraw at {cols}×{rows} with the panes aligned on passage 2"),
            |s| {
                row_text(s, 0).contains("GSOMIA")
                    && status_shows(s, "passage 2 of 2")
                    && marker_row(s, 3).is_ok()
            },
        );
        // The status bar is on the new last row, the header on the first.
        assert_eq!((s.size().0.get(), s.size().1.get()), (rows, cols));
    }
    pty.keys("q");
    assert_exited_and_restored(&mut pty);
}

#[test]
fn too_small_says_what_is_needed_and_recovers_when_enlarged() {
    let mut pty = reader().start();
    wait_aligned(&pty, "passage 1 of 2");
    pty.keys("]");
    wait_aligned(&pty, "passage 2 of 2");

    pty.resize(40, 8);
    let s = pty.wait_for_all(&["terminal too small", "need 59×10 for 3 panes", "now 40×8"]);
    assert!(find_cells(&s, MARKER).is_empty(), "{}", dump(&s));

    // Back to a usable size: aligned again, on the same passage.
    pty.resize(160, 40);
    wait_aligned(&pty, "passage 2 of 2");
    pty.keys("q");
    assert_exited_and_restored(&mut pty);
}

#[test]
fn started_too_small_it_says_so_and_q_still_quits() {
    let mut pty = reader().size(30, 6).start();
    pty.wait_for_all(&["terminal too small", "now 30×6", "q quits"]);
    assert_reader_modes(&pty);
    pty.keys("q");
    assert_exited_and_restored(&mut pty);
}

#[test]
fn no_color_draws_without_colour_and_keeps_the_markers() {
    let mut pty = reader().env("NO_COLOR", "1").start();
    let (s, _) = wait_aligned(&pty, "passage 1 of 2");
    let (rows, cols) = s.size();
    for r in 0..rows.get() {
        for c in 0..cols.get() {
            let cell = s.cell(r, c).unwrap();
            assert!(
                cell.fgcolor() == Color::Default && cell.bgcolor() == Color::Default,
                "colour at ({r}, {c}) {:?}/{:?} under NO_COLOR\n{}",
                cell.fgcolor(),
                cell.bgcolor(),
                dump(&s)
            );
        }
    }
    // The status bar is still distinguishable: reversed, not coloured.
    assert!(s.cell(rows.get() - 1, 1).unwrap().inverse());
    pty.keys("]");
    wait_aligned(&pty, "passage 2 of 2");
    pty.keys("q");
    assert_exited_and_restored(&mut pty);
}

#[test]
fn a_bad_keymap_file_is_reported_and_the_default_keys_work() {
    let spawn = reader();
    let keys = spawn.home().join("bad-keys.toml");
    std::fs::write(&keys, "quitt = \"x\"\n").unwrap();
    let mut pty = spawn.env("PARALLAX_KEYMAP", &keys).start();
    let s = pty.wait_for("the keymap problem in the status bar", |s| {
        status_shows(s, "keymap not loaded, using defaults") && status_shows(s, "`quitt`")
    });
    assert!(marker_row(&s, 3).is_ok(), "{}", dump(&s));
    // The defaults are in effect.
    pty.keys("]");
    let (s, _) = wait_aligned(&pty, "passage 2 of 2");
    assert!(
        !status_shows(&s, "keymap not loaded"),
        "message not cleared by the next key\n{}",
        dump(&s)
    );
    pty.keys("q");
    assert_exited_and_restored(&mut pty);
    // After the screen is restored the problem is also on stderr.
    let s = pty.screen();
    let text = s.contents();
    assert!(text.contains("bad-keys.toml:1:1"), "{}", dump(&s));
    assert!(
        text.contains("warning: keymap file not loaded; the default keys were used"),
        "{}",
        dump(&s)
    );
}

#[test]
fn a_keymap_in_the_config_directory_rebinds_keys() {
    let spawn = reader();
    let dir = spawn.home().join(".config/parallax");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("keys.toml"), "next-passage = \"p\"\n").unwrap();
    let mut pty = spawn.start();
    wait_aligned(&pty, "passage 1 of 2");
    // `]` is no longer bound…
    pty.keys("]");
    let s = pty.wait_for("a message that ] does nothing", |s| {
        status_shows(s, "] does nothing here")
    });
    assert!(status_shows(&s, "passage 1 of 2"), "{}", dump(&s));
    // …and `p` steps.
    pty.keys("p");
    wait_aligned(&pty, "passage 2 of 2");
    pty.keys("q");
    assert_exited_and_restored(&mut pty);
}

/// Each view opens from the reader with its key and Esc brings the reader
/// back, still aligned on the same passage.
#[test]
fn every_view_opens_from_the_reader_and_returns() {
    let mut pty = reader().start();
    wait_aligned(&pty, "passage 1 of 2");
    let views: [(&str, &str); 3] = [
        ("c", "compare ·"),
        ("m", "Coverage — themes × essays"),
        ("y", "Synoptic ·"),
    ];
    for (key, shows) in views {
        pty.keys(key);
        pty.wait_for(&format!("{key:?} opens a view showing {shows:?}"), |s| {
            s.contents().contains(shows)
        });
        pty.keys("\x1b");
        pty.wait_for("Esc returns to the reader", |s| {
            status_shows(s, "passage 1 of 2") && !s.contents().contains(shows)
        });
    }
    // The compare view's Enter opens the reader aligned on the selection.
    pty.keys("c");
    pty.wait_for("compare view", |s| s.contents().contains("compare ·"));
    pty.keys("\r");
    wait_aligned(&pty, "passage 1 of 2");
    // Presenter mode, and back.
    pty.keys("P");
    pty.wait_for("presenter", |s| status_row(s).contains("presenting"));
    pty.keys("P");
    wait_aligned(&pty, "passage 1 of 2");
    pty.keys("q");
    assert_exited_and_restored(&mut pty);
}

/// `--tour` opens the first step with its prompt; → and ← move through the
/// steps; `--present` starts in presenter mode.
#[test]
fn a_tour_steps_with_the_arrow_keys() {
    let mut pty = Spawn::new(&["--tour", "seminar"]).start();
    pty.wait_for("step 1 with its prompt", |s| {
        s.contents().contains("step 1 of 7")
            && s.contents().contains("Sneider says the United States")
    });
    pty.keys("\x1b[C"); // →
    pty.wait_for("step 2", |s| {
        s.contents().contains("step 2 of 7") && s.contents().contains("Lead, or stay out?")
    });
    pty.keys("\x1b[D"); // ←
    pty.wait_for("back to step 1", |s| s.contents().contains("step 1 of 7"));
    pty.keys("q");
    assert_exited_and_restored(&mut pty);

    let mut pty = Spawn::new(&["--tour", "seminar", "--present"]).start();
    pty.wait_for("presenter on step 1", |s| {
        s.contents().contains("Step 1 of 7") && status_row(s).contains("presenting")
    });
    pty.keys("\x1b[C");
    pty.wait_for("presenter on step 2", |s| {
        s.contents().contains("Step 2 of 7")
    });
    pty.keys("q");
    assert_exited_and_restored(&mut pty);
}

/// SIGTERM and SIGHUP (a closed terminal window, `kill`) end the reader
/// with the terminal restored and the shell's 128 + signal exit code.
#[test]
fn termination_signals_restore_the_terminal() {
    for (sig, num) in [("TERM", 15), ("HUP", 1)] {
        let mut pty = reader().start();
        wait_aligned(&pty, "passage 1 of 2");
        let ok = std::process::Command::new("kill")
            .args([format!("-{sig}"), pty.pid().to_string()])
            .status()
            .expect("run kill");
        assert!(ok.success());
        assert_exited_with_and_restored(&mut pty, 128 + num);
    }
}

// --- issue 8: the command line (defects 9 and 11) --------------------------

fn parallax(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run parallax")
}

fn out(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn d9_themes_text_fits_the_width_and_json_carries_the_table() {
    use unicode_width::UnicodeWidthStr;
    for w in [80usize, 120] {
        let o = parallax(&["themes", "--width", &w.to_string()]);
        assert!(o.status.success(), "{}", err(&o));
        let text = out(&o);
        let widest = text.lines().map(|l| l.width()).max().unwrap();
        assert!(widest <= w, "{widest} columns at --width {w}:\n{text}");
    }
    // Wide enough, the titles sit beside the rows.
    let text = out(&parallax(&["themes", "--width", "160"]));
    let row = text.lines().find(|l| l.starts_with("gsomia")).unwrap();
    assert!(row.ends_with("GSOMIA and intelligence sharing"), "{row}");
    // JSON carries the share of words and the dominant role.
    let json: serde_json::Value =
        serde_json::from_str(&out(&parallax(&["themes", "--format", "json"]))).unwrap();
    let gsomia = json["themes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "gsomia")
        .unwrap();
    let cell = &gsomia["coverage"]["sneider-2021"];
    assert_eq!(cell["passages"], 2);
    assert!(cell["word_share"].as_f64().unwrap() > 0.0);
    assert_eq!(cell["dominant_role"], "evidence");
}

#[test]
fn themes_text_lines_up_wide_ids() {
    // Issue 13.14: ids are padded by display width, not by characters.
    use unicode_width::UnicodeWidthStr;
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("essays")).unwrap();
    std::fs::create_dir(dir.path().join("themes")).unwrap();
    std::fs::write(
        dir.path().join("essays/a.md"),
        "+++\ntitle = \"A\"\nauthors = [\"X\"]\n+++\nOne claim here. Another claim there.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("themes/m.toml"),
        "[[themes]]\nid = \"日本語\"\ntitle = \"Wide\"\n[[themes]]\nid = \"ascii\"\ntitle = \"Narrow\"\n\n\
         [[passages]]\nessay = \"a\"\nthemes = [\"日本語\"]\nquote = \"One claim here.\"\n\
         [[passages]]\nessay = \"a\"\nthemes = [\"ascii\"]\nquote = \"Another claim there.\"\n",
    )
    .unwrap();
    let o = parallax(&["themes", dir.path().to_str().unwrap(), "--width", "100"]);
    assert!(o.status.success(), "{}", err(&o));
    let text = out(&o);
    let col = |id: &str| {
        let row = text.lines().find(|l| l.starts_with(id)).unwrap();
        let count = row.find(" 1 ").unwrap();
        row[..count].width()
    };
    assert_eq!(col("日本語"), col("ascii"), "{text}");
}

#[test]
fn d11_arguments_are_checked_consistently() {
    // One essay is allowed, and the help says so.
    assert!(out(&parallax(&["--help"])).contains("1 to 6 ids"));
    // A missing corpus directory is a usage error, for every command.
    for args in [
        &["check", "/no/such/dir"][..],
        &["themes", "/no/such/dir"],
        &["show", "gsomia", "/no/such/dir"],
    ] {
        let o = parallax(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", err(&o));
        assert!(
            err(&o).contains("corpus directory not found"),
            "{}",
            err(&o)
        );
    }
    // Ids differing only in case are suggested.
    let o = parallax(&["show", "GSOMIA"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("did you mean `gsomia`?"), "{}", err(&o));
    // An empty id says so and lists the ids.
    let o = parallax(&["show", ""]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("the theme id is empty"), "{}", err(&o));
    assert!(err(&o).contains("hint: the themes are"), "{}", err(&o));
    // --width shapes text only.
    let o = parallax(&["show", "gsomia", "--format", "json", "--width", "50"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).contains("--width applies to --format text only"),
        "{}",
        err(&o)
    );
}
