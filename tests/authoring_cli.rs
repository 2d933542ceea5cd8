//! `parallax new`, `parallax tag` and `parallax add` as a user runs them:
//! exit codes, what they print, and what they leave on disk.

mod common;

use std::fs;
use std::path::Path;
use std::process::Output;

fn parallax(dir: &Path, args: &[&str]) -> Output {
    common::output_in(dir, args)
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
        stdout(&o).contains("6 essays, 16 themes, 140 passages"),
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
            "durability",
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
    // The anchor, then the words around it (for re-anchoring after an
    // edit of the essay), then what the user gave.
    let entry = after
        .split("[[passages]]")
        .find(|e| e.contains("Only Seoul and Tokyo"))
        .unwrap();
    assert!(
        entry.contains(
            "themes = [\"durability\"]\nstart = \"The United States cannot\"\nend = \"work of generations.\"\nprefix = "
        ),
        "{entry}"
    );
    assert!(
        entry.contains("\nsuffix = \"What the United States can"),
        "{entry}"
    );
    assert!(
        entry.contains(
            "\"\nstance = \"Only Seoul and Tokyo can settle history.\"\nrole = \"claim\"\n"
        ),
        "{entry}"
    );
    let o = parallax(tmp.path(), &["check", "c"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("141 passages"), "{}", stdout(&o));
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
        err.contains("matches 2 or more places in essay `sneider-2021`"),
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

// ── add ─────────────────────────────────────────────────────────────────

fn fixture(name: &str) -> String {
    format!(
        "{}/tests/fixtures/authoring/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// An empty corpus `c` in a temporary directory.
fn empty_corpus() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let o = parallax(tmp.path(), &["new", "c"]);
    assert!(o.status.success(), "{}", stderr(&o));
    tmp
}

/// The plain text of an essay of a corpus, as the reader shows it.
fn essay_text(corpus: &Path, id: &str) -> String {
    let loaded = parallax::corpus::load(parallax::corpus::files::from_dir(corpus));
    let i = loaded.corpus.essay_index(id).expect("essay loaded");
    loaded.corpus.essays[i].text.clone()
}

#[test]
fn a_saved_page_becomes_an_essay_with_only_the_article_and_stated_metadata() {
    let tmp = empty_corpus();
    let o = parallax(
        &tmp.path().join("c"),
        &["add", &fixture("policy-review.html")],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("added essays/lindqvist-2022.md"), "{out}");
    // It says what it kept and what it dropped.
    assert!(out.contains("kept: text: 236 words"), "{out}");
    assert!(out.contains("dropped: 15 blocks of page text"), "{out}");
    assert!(
        out.contains("caption: Volunteers at a community plot. Photo: Example Images"),
        "{out}"
    );
    assert!(out.contains("list: Cities · Climate · Economy"), "{out}");
    let file = fs::read_to_string(tmp.path().join("c/essays/lindqvist-2022.md")).unwrap();
    let (front, body) = file
        .split_once("+++\n")
        .unwrap()
        .1
        .split_once("+++\n")
        .unwrap();
    assert_eq!(
        front,
        "# Imported by `parallax add` from a saved web page; only what the source states.\n\
         title = \"Why Shared Gardens Outlast Their Founders\"\n\
         authors = [\"Mara Lindqvist\", \"Tomás Okafor-Reyes\"]\n\
         publisher = \"Example Policy Review\"\n\
         published = \"2022-03-14\"\n\
         url = \"https://review.example.org/2022/03/shared-gardens\"\n\
         language = \"en\"\n"
    );
    // Headings, emphasis, quotes and lists kept as Markdown.
    for kept in [
        "## Rules before roses\n",
        "*less romantic*",
        "**dull, written rules**",
        "> “Nobody wants to write the water rota,”",
        "- a rota for shared chores",
        "1. Offer leases long enough",
    ] {
        assert!(body.contains(kept), "{kept:?} missing from\n{body}");
    }
    // The page's furniture left out.
    for gone in [
        "cookie",
        "Subscribe",
        "Share:",
        "Share on",
        "Twitter",
        "Photo:",
        "Related",
        "newsletter",
        "All rights reserved",
        "is a fellow",
        "March 14, 2022",
        "img",
    ] {
        assert!(!body.contains(gone), "{gone:?} kept in\n{body}");
    }
    let o = parallax(tmp.path(), &["check", "c"]);
    assert!(o.status.success(), "{}", stderr(&o));
    // The article's first and last words are the essay's.
    let text = essay_text(&tmp.path().join("c"), "lindqvist-2022");
    assert!(
        text.starts_with("Most neighbourhood projects fade"),
        "{text}"
    );
    assert!(text.ends_with("is a garden that ends with one."), "{text}");
}

#[test]
fn a_page_without_json_ld_takes_the_meta_author_and_no_invented_date() {
    let tmp = empty_corpus();
    let c = tmp.path().join("c");
    let o = parallax(&c, &["add", &fixture("field-notes-blog.html")]);
    assert!(o.status.success(), "{}", stderr(&o));
    let id = "field-notes-the-last-ferry-of-the-season";
    let file = fs::read_to_string(c.join(format!("essays/{id}.md"))).unwrap();
    assert!(file.contains("authors = [\"Ines Halvorsen\"]\n"), "{file}");
    assert!(!file.contains("published"), "no date is stated: {file}");
    for gone in [
        "Recent posts",
        "Mastodon",
        "Image credit",
        "You might also like",
        "comments",
        "Lovely piece",
        "Got it",
        "Powered by",
    ] {
        assert!(!file.contains(gone), "{gone:?} kept in\n{file}");
    }
    assert!(file.contains("> “You learn who owns a ladder,”"), "{file}");
    assert!(file.contains("### What the crew said"), "{file}");
    let text = essay_text(&c, id);
    assert!(text.ends_with("They talked about the spring."), "{text}");
    // A page that names no author: authors = [] and the id from its title.
    let o = parallax(&c, &["add", &fixture("untitled-page.html")]);
    assert!(o.status.success(), "{}", stderr(&o));
    let file = fs::read_to_string(c.join("essays/notes-on-seed-libraries.md")).unwrap();
    assert!(file.contains("authors = []"), "{file}");
    assert!(!file.contains("Contact us"), "{file}");
    let o = parallax(tmp.path(), &["check", "c"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn an_existing_id_is_never_overwritten() {
    let tmp = empty_corpus();
    let c = tmp.path().join("c");
    assert!(parallax(&c, &["add", &fixture("policy-review.html")])
        .status
        .success());
    let first = fs::read_to_string(c.join("essays/lindqvist-2022.md")).unwrap();
    // The same page again gets the next free id.
    let o = parallax(&c, &["add", &fixture("policy-review.html")]);
    assert!(
        stdout(&o).contains("essays/lindqvist-2022-2.md"),
        "{}",
        stdout(&o)
    );
    // An explicit id that is taken is refused.
    let o = parallax(
        &c,
        &[
            "add",
            &fixture("untitled-page.html"),
            "--id",
            "lindqvist-2022",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("never overwritten"), "{}", stderr(&o));
    assert_eq!(
        fs::read_to_string(c.join("essays/lindqvist-2022.md")).unwrap(),
        first
    );
    // And an id that cannot be a file name is a usage error.
    let o = parallax(&c, &["add", &fixture("untitled-page.html"), "--id", "a,b"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn markdown_and_plain_text_are_kept_as_they_are() {
    let tmp = empty_corpus();
    let c = tmp.path().join("c");
    let o = parallax(
        &c,
        &[
            "add",
            &fixture("with-front-matter.md"),
            &fixture("reading-notes.md"),
            &fixture("minutes.txt"),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    // With front matter: byte for byte, id from its author and year.
    assert_eq!(
        fs::read_to_string(c.join("essays/example-2020.md")).unwrap(),
        fs::read_to_string(fixture("with-front-matter.md")).unwrap()
    );
    // Without: the body as it is under a front matter with its title.
    let notes = fs::read_to_string(c.join("essays/reading-notes-on-commons.md")).unwrap();
    let original = fs::read_to_string(fixture("reading-notes.md")).unwrap();
    assert!(notes.ends_with(&original), "{notes}");
    assert!(
        notes.contains("title = \"Reading notes on commons\""),
        "{notes}"
    );
    // Plain text reads exactly as written, Markdown's characters and all.
    let text = essay_text(&c, "minutes");
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let want = fs::read_to_string(fixture("minutes.txt")).unwrap();
    assert_eq!(squash(&text), squash(&want));
    let o = parallax(tmp.path(), &["check", "c"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("3 essays"), "{}", stdout(&o));
}

#[test]
fn add_outside_a_corpus_says_how_to_make_one() {
    let tmp = tempfile::tempdir().unwrap();
    let o = parallax(tmp.path(), &["add", &fixture("minutes.txt")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("parallax new DIR"), "{}", stderr(&o));
}
