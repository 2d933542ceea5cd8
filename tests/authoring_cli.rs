//! `parallax new`, `parallax tag` and `parallax add` as a user runs them:
//! exit codes, what they print, and what they leave on disk.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn parallax(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run parallax")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A fresh copy of the built-in corpus (made with `parallax new --example`).
fn example() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let o = parallax(tmp.path(), &["new", "c", "--example"]);
    assert!(o.status.success(), "{}", stderr(&o));
    tmp
}

const MAP: &str = "c/themes/japan-korea.toml";

#[test]
fn new_makes_a_corpus_that_passes_check_and_refuses_to_overwrite() {
    let tmp = tempfile::tempdir().unwrap();
    let o = parallax(tmp.path(), &["new", "c"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("parallax add FILE"), "{}", stdout(&o));
    let map = fs::read_to_string(tmp.path().join("c/themes/map.toml")).unwrap();
    assert!(map.contains("# [[passages]]"), "a commented example");
    let o = parallax(tmp.path(), &["check", "c"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // Not over a directory that has something in it.
    fs::write(tmp.path().join("c/essays/mine.md"), "keep").unwrap();
    let o = parallax(tmp.path(), &["new", "c"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not empty"), "{}", stderr(&o));
    assert_eq!(
        fs::read_to_string(tmp.path().join("c/essays/mine.md")).unwrap(),
        "keep"
    );
    // The reader says what to do with a corpus that has no essays.
    let empty = tempfile::tempdir().unwrap();
    parallax(empty.path(), &["new", "e"]);
    let o = parallax(empty.path(), &["e"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("parallax add"), "{}", stderr(&o));
}

#[test]
fn new_example_copies_the_built_in_corpus() {
    let tmp = example();
    let o = parallax(tmp.path(), &["check", "c"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("6 essays, 16 themes, 125 passages"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn tag_adds_a_passage_that_check_accepts_keeping_the_map_comments() {
    let tmp = example();
    let before = fs::read_to_string(tmp.path().join(MAP)).unwrap();
    let o = parallax(
        &tmp.path().join("c"),
        &[
            "tag",
            "sneider-2021",
            "--start",
            "The United States cannot",
            "--end",
            "work of generations.",
            "--theme",
            "us-role,reconciliation",
            "--stance",
            "Only Seoul and Tokyo can settle history.",
            "--role",
            "claim",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("japan-korea.toml:"), "{}", stdout(&o));
    let after = fs::read_to_string(tmp.path().join(MAP)).unwrap();
    // Every line of the old map is still there, in order, comments too.
    let mut new_lines = after.lines();
    for line in before.lines() {
        assert!(new_lines.any(|l| l == line), "lost: {line}");
    }
    assert!(after.contains(
        "themes = [\"us-role\", \"reconciliation\"]\nstart = \"The United States cannot\"\nend = \"work of generations.\"\nstance = \"Only Seoul and Tokyo can settle history.\"\nrole = \"claim\"\n"
    ));
    let o = parallax(tmp.path(), &["check", "c"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("126 passages"), "{}", stdout(&o));
}

#[test]
fn an_ambiguous_or_missing_quote_exits_1_with_the_diagnostic_and_writes_nothing() {
    let tmp = example();
    let before = fs::read_to_string(tmp.path().join(MAP)).unwrap();
    let dir = tmp.path().join("c");
    let o = parallax(
        &dir,
        &[
            "tag",
            "sneider-2021",
            "--quote",
            "the United States",
            "--theme",
            "us-role",
            "--stance",
            "x",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("matches 5 places in essay `sneider-2021`"),
        "{err}"
    );
    assert!(err.contains("japan-korea.toml:"), "{err}");
    assert!(err.contains("unchanged"), "{err}");
    let o = parallax(
        &dir,
        &[
            "tag",
            "sneider-2021",
            "--quote",
            "The United States cannot fix it",
            "--theme",
            "us-role",
            "--stance",
            "x",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("closest passage"), "{}", stderr(&o));
    assert_eq!(fs::read_to_string(tmp.path().join(MAP)).unwrap(), before);
}

#[test]
fn tag_usage_errors_name_the_nearest_id_or_how_to_make_a_corpus() {
    let tmp = example();
    let dir = tmp.path().join("c");
    let o = parallax(
        &dir,
        &[
            "tag",
            "sneider-2021",
            "--quote",
            "x",
            "--theme",
            "us-rol",
            "--stance",
            "x",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("did you mean `us-role`?"),
        "{}",
        stderr(&o)
    );
    let o = parallax(
        &dir,
        &[
            "tag",
            "sneider-2012",
            "--quote",
            "x",
            "--theme",
            "us-role",
            "--stance",
            "x",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("did you mean `sneider-2021`?"),
        "{}",
        stderr(&o)
    );
    // Outside a corpus, without --corpus.
    let o = parallax(
        tmp.path(),
        &[
            "tag",
            "sneider-2021",
            "--quote",
            "x",
            "--theme",
            "us-role",
            "--stance",
            "x",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("parallax new DIR"), "{}", stderr(&o));
    // --corpus from elsewhere works.
    let o = parallax(
        tmp.path(),
        &[
            "tag",
            "park-2021",
            "--quote",
            "one can drag the horses to the waterside",
            "--theme",
            "us-role",
            "--stance",
            "Washington cannot force the two to reconcile.",
            "--corpus",
            "c",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
}
