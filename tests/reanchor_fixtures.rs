//! Re-anchoring on fixtures made from real kinds of edit (issue 11): a
//! theme map whose passages carry the prefix and suffix `check --fix`
//! recorded against the original essays, and essays edited afterwards — a
//! paragraph re-wrapped, quote marks curled, a sentence inserted before a
//! passage, a word changed inside one, a paragraph moved, a quoted sentence
//! deleted with a near-duplicate added elsewhere. `check` reports each as it
//! should; `--dry-run` shows the fixes and writes nothing; `--fix` writes
//! them, keeps every other byte, and leaves the orphan for a person.

mod common;

use common::Run;

use std::path::{Path, PathBuf};

fn parallax(dir: &Path, args: &[&str]) -> Run {
    common::run_in(dir, args)
}

/// A copy of the fixture in a temporary directory (the fix writes to it).
fn copy() -> (tempfile::TempDir, PathBuf) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reanchor");
    let tmp = tempfile::tempdir().unwrap();
    let dst = tmp.path().join("reanchor");
    for sub in ["essays", "themes"] {
        std::fs::create_dir_all(dst.join(sub)).unwrap();
        for f in std::fs::read_dir(src.join(sub)).unwrap() {
            let f = f.unwrap();
            std::fs::copy(f.path(), dst.join(sub).join(f.file_name())).unwrap();
        }
    }
    (tmp, dst)
}

/// Each diagnostic block of stderr: (first line, whole block).
fn blocks(stderr: &str) -> Vec<(String, String)> {
    stderr
        .split("\n\n")
        .filter(|b| b.starts_with("error") || b.starts_with("warning"))
        .map(|b| (b.lines().next().unwrap().to_string(), b.to_string()))
        .collect()
}

/// The block about the passage whose quote is on `line` of the map.
fn about(bs: &[(String, String)], line: usize) -> &(String, String) {
    let at = format!("themes/map.toml:{line}:");
    bs.iter()
        .find(|(_, b)| b.contains(&at))
        .unwrap_or_else(|| panic!("nothing about line {line} in {bs:#?}"))
}

#[test]
fn check_reports_each_edit_as_exact_moved_changed_or_orphaned() {
    let (_tmp, dir) = copy();
    let r = parallax(dir.parent().unwrap(), &["check", "reanchor"]);
    assert_eq!(r.code, 1, "the orphan is an error:\n{}", r.stderr);
    let bs = blocks(&r.stderr);
    // Re-wrapped (line 12) and curled quotes (line 20): exact, nothing said.
    assert!(!r.stderr.contains("map.toml:12:"), "{}", r.stderr);
    assert!(!r.stderr.contains("map.toml:20:"), "{}", r.stderr);
    // A sentence inserted before: moved, a warning.
    assert_eq!(
        about(&bs, 27).0,
        "warning: passage moved in essay `inserted`: same words, different text around them"
    );
    // A word changed inside: changed, with the word diff.
    let (head, block) = about(&bs, 35);
    assert_eq!(
        head,
        "warning: quote changed in essay `word`; found a close match with the same context"
    );
    assert!(
        block.contains(
            "diff: … intelligence-sharing pact was [-nearly-] {+almost+} allowed to lapse …"
        ),
        "{block}"
    );
    // A paragraph moved: moved.
    assert_eq!(
        about(&bs, 43).0,
        "warning: passage moved in essay `moved`: same words, different text around them"
    );
    // The quoted sentence deleted, a near-duplicate elsewhere: orphaned,
    // with the look-alike only as a hint.
    let (head, block) = about(&bs, 51);
    assert_eq!(head, "error: quote not found in essay `near-dup`");
    assert!(
        block.contains("orphaned: no close match with the same prefix and suffix"),
        "{block}"
    );
    assert!(
        block.contains(
            "closest passage (97% alike): «Lawyers on both sides cited the same clauses.»"
        ),
        "{block}"
    );
    // Its neighbour lost its prefix with it: moved, not confused.
    assert_eq!(
        about(&bs, 59).0,
        "warning: passage moved in essay `near-dup`: same words, different text around them"
    );
    assert!(
        r.stderr.ends_with("reanchor: 1 error, 4 warnings\n"),
        "{}",
        r.stderr
    );
}

#[test]
fn dry_run_shows_the_fixes_and_writes_nothing() {
    let (_tmp, dir) = copy();
    let map = dir.join("themes/map.toml");
    let before = std::fs::read(&map).unwrap();
    let r = parallax(dir.parent().unwrap(), &["check", "--dry-run", "reanchor"]);
    assert_eq!(r.code, 1);
    assert_eq!(std::fs::read(&map).unwrap(), before, "nothing written");
    assert!(r.stdout.contains(
        "reanchor/themes/map.toml:32: changed: the essay's words written into the map\n\
         \x20 - quote = \"The intelligence-sharing pact was nearly allowed to lapse in the autumn\"\n"
    ), "{}", r.stdout);
    assert!(r.stdout.contains(
        "  + quote = \"The intelligence-sharing pact was almost allowed to lapse in the autumn\"\n"
    ), "{}", r.stdout);
    assert!(
        r.stdout.ends_with(
            "would fix: 1 changed, 3 moved, context recorded for 0 (in 1 file); \
         1 orphan left for a person (see the errors above) (dry run: nothing written)\n"
        ),
        "{}",
        r.stdout
    );
}

#[test]
fn fix_rewrites_moved_and_changed_keeps_the_rest_and_leaves_the_orphan() {
    let (_tmp, dir) = copy();
    let map = dir.join("themes/map.toml");
    let before = std::fs::read_to_string(&map).unwrap();
    let r = parallax(dir.parent().unwrap(), &["check", "--fix", "reanchor"]);
    assert_eq!(r.code, 1, "the orphan is still an error");
    assert!(
        r.stdout.starts_with(
            "reanchor/themes/map.toml:24: moved: its new prefix and suffix recorded\n"
        ),
        "{}",
        r.stdout
    );
    let after = std::fs::read_to_string(&map).unwrap();
    // The fixed words are the essay's.
    assert!(after.contains(
        "quote = \"The intelligence-sharing pact was almost allowed to lapse in the autumn\"\n"
    ));
    assert!(
        after.contains("prefix = \"economists saw what came next.\"\n"),
        "{after}"
    );
    // Everything else byte for byte: the comment, the exact passages, the
    // orphan's entry.
    let unchanged = |from: &str, to: &str| {
        let cut = |s: &str| {
            let i = s.find(from).unwrap();
            s[i..i + s[i..].find(to).unwrap()].to_string()
        };
        assert_eq!(cut(&before), cut(&after));
    };
    unchanged("# Re-anchoring", "[[passages]]\nessay = \"inserted\"");
    unchanged(
        "essay = \"near-dup\"\nthemes = [\"edits\"]\nquote = \"Lawyers",
        "[[passages]]\nessay = \"near-dup\"\nthemes = [\"edits\"]\nquote = \"The government",
    );
    // Checked again: everything exact but the orphan.
    let r = parallax(dir.parent().unwrap(), &["check", "reanchor"]);
    assert_eq!(r.code, 1);
    let bs = blocks(&r.stderr);
    assert_eq!(bs.len(), 1, "{}", r.stderr);
    assert_eq!(bs[0].0, "error: quote not found in essay `near-dup`");
    // And a second fix has nothing left to do.
    let r = parallax(dir.parent().unwrap(), &["check", "--fix", "reanchor"]);
    assert!(
        r.stdout
            .starts_with("fixed: 0 changed, 0 moved, context recorded for 0 (in 0 files)"),
        "{}",
        r.stdout
    );
    assert_eq!(std::fs::read_to_string(&map).unwrap(), after);
}

#[test]
fn fix_refuses_the_built_in_corpus() {
    let r = parallax(Path::new(env!("CARGO_MANIFEST_DIR")), &["check", "--fix"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("check --fix needs a corpus directory"),
        "{}",
        r.stderr
    );
}
