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
