//! End-to-end: coding a passage in the real binary in a pseudo-terminal —
//! select with `v`, extend by a sentence, tag (theme, stance, role, note),
//! see it written and shown; `u` undoes and Ctrl-R redoes on disk; Esc
//! cancels with nothing written.
//!
//! Waits poll the screen with a generous timeout; nothing asserts on
//! timings.

#[path = "common/pty.rs"]
mod pty;

use std::fs;
use std::path::{Path, PathBuf};

use pty::{dump, Spawn};

const MAP: &str = "themes/japan-korea.toml";

fn corpus() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("c");
    parallax::authoring::scaffold::create(&dir, true).unwrap();
    (tmp, dir)
}

fn map(dir: &Path) -> String {
    fs::read_to_string(dir.join(MAP)).unwrap()
}

#[test]
fn tag_a_sentence_then_undo_and_redo_in_the_terminal() {
    let (_tmp, dir) = corpus();
    let before = map(&dir);
    let d = dir.display().to_string();
    let mut p = Spawn::new(&[&d, "--essays", "sneider-2021,park-2021"])
        .size(120, 36)
        .start();
    p.wait_for_all(&["Sneider", "Park"]);
    p.keys("v");
    p.wait_for("the status bar to count the selection", |s| {
        s.contents().contains("selecting 1 word")
    });
    p.send(b"\x1b[B"); // Down: to the end of the sentence
    p.wait_for("a longer selection", |s| {
        let c = s.contents();
        c.contains("selecting") && !c.contains("selecting 1 word")
    });
    p.send(b"\r");
    p.wait_for_all(&["step 1 of 4", "Theme — type to filter"]);
    p.keys("gsomia");
    p.wait_for_all(&["GSOMIA and intelligence sharing  (gsomia)"]);
    p.send(b"\r");
    p.wait_for_all(&["Stance — what the author argues here"]);
    p.keys("Sneider sets the scene.");
    p.send(b"\r");
    p.wait_for_all(&["Role: c claim"]);
    p.keys("x");
    p.wait_for_all(&["Note (optional)"]);
    p.send(b"\r");
    let s = p.wait_for_all(&["passage written", "Sneider sets the scene.", "─ context"]);
    // Aligned on the new passage: the theme is in the header.
    assert!(
        s.contents().contains("GSOMIA and intelligence sharing"),
        "{}",
        dump(&s)
    );
    let after = map(&dir);
    assert!(after.contains("stance = \"Sneider sets the scene.\"\nrole = \"context\"\n"));
    p.keys("u");
    p.wait_for_all(&["undone"]);
    assert_eq!(map(&dir), before, "undo restores the file byte for byte");
    p.send(b"\x12"); // Ctrl-R
    p.wait_for_all(&["redone"]);
    assert_eq!(map(&dir), after);
    p.keys("q");
    assert!(p.wait_exit().success());
}

#[test]
fn esc_in_the_stance_prompt_writes_nothing() {
    let (_tmp, dir) = corpus();
    let before = map(&dir);
    let d = dir.display().to_string();
    let mut p = Spawn::new(&[&d, "--essays", "aum-2022,park-2021"])
        .size(100, 30)
        .start();
    p.wait_for_all(&["Aum"]);
    p.keys("v");
    p.wait_for_all(&["selecting 1 word"]);
    // One word is found elsewhere too: Enter says so; a sentence is unique.
    p.send(b"\r");
    p.wait_for_all(&["extend the selection until it is unique"]);
    p.send(b"\x1b[B");
    p.wait_for("a longer selection", |s| {
        !s.contents().contains("selecting 1 word")
    });
    p.send(b"\r");
    p.wait_for_all(&["Theme — type to filter"]);
    p.send(b"\r");
    p.wait_for_all(&["Stance — what the author argues here"]);
    p.keys("half a stance");
    p.send(b"\x1b");
    p.wait_for_all(&["nothing was written"]);
    assert_eq!(map(&dir), before);
    p.keys("q");
    assert!(p.wait_exit().success());
}

#[test]
fn the_built_in_corpus_says_how_to_get_a_writable_copy() {
    let mut p = Spawn::new(&["--essays", "aum-2022,park-2021"])
        .size(120, 30)
        .start();
    p.wait_for_all(&["Aum"]);
    p.keys("v");
    p.wait_for_all(&["parallax new DIR --example"]);
    p.keys("q");
    assert!(p.wait_exit().success());
}

#[test]
fn changes_made_elsewhere_are_reloaded_live_and_a_broken_map_keeps_the_last_good_corpus() {
    let (_tmp, dir) = corpus();
    let d = dir.display().to_string();
    let mut p = Spawn::new(&[
        &d,
        "--essays",
        "sneider-2021,park-2021",
        "--theme",
        "us-role",
    ])
    .size(120, 36)
    .start();
    let first = pty::row_text(&p.wait_for_all(&["What Washington can and should do"]), 0);
    // The current Sneider passage's stance, as the reader shows it.
    let loaded = parallax::corpus::load(parallax::corpus::files::from_dir(&dir));
    let c = &loaded.corpus;
    let t = c.theme_index("us-role").unwrap();
    let e = c.essay_index("sneider-2021").unwrap();
    let stance = c.passage(c.passages_on(t, e)[0]).stance.clone().unwrap();
    let words: String = stance
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    p.wait_for_all(&[&words]);
    // An editor changes that stance.
    let text = map(&dir);
    let edited = text.replacen(&stance, "Changed in an editor.", 1);
    assert_ne!(edited, text);
    fs::write(dir.join(MAP), &edited).unwrap();
    p.wait_for_all(&["Changed in an editor.", "reloaded: japan-korea.toml"]);
    // The same theme is still shown.
    assert!(pty::row_text(&p.screen(), 0).starts_with(first.trim_end()));
    // A broken map: the last good corpus stays, with the problem count.
    fs::write(dir.join(MAP), format!("{edited}\n[[passages]\nbroken")).unwrap();
    let s = p.wait_for_all(&["problem", "last good corpus"]);
    assert!(
        s.contents().contains("Changed in an editor."),
        "{}",
        dump(&s)
    );
    p.wait_for("the count in the status bar", |s| {
        pty::row_text(s, s.size().0.get() - 1).contains("on disk (D shows)")
    });
    p.keys("D");
    p.wait_for_all(&["malformed TOML"]);
    p.send(b"\x1b");
    // Fixed: reloaded, the count gone.
    fs::write(dir.join(MAP), &text).unwrap();
    p.wait_for("the reload after the fix", |s| {
        let c = s.contents();
        c.contains("reloaded") && c.contains(&words) && !c.contains("on disk (D shows)")
    });
    // An essay edited elsewhere shows its new words.
    let essay = dir.join("essays/park-2021.md");
    let body = fs::read_to_string(&essay).unwrap();
    let edited = body.replacen("Since the end of 2020", "EDITED: since the end of 2020", 1);
    assert_ne!(edited, body);
    fs::write(&essay, edited).unwrap();
    p.wait_for_all(&["reloaded: park-2021.md"]);
    p.keys("q");
    assert!(p.wait_exit().success());
}
