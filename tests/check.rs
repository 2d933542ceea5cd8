//! End-to-end tests of the headless commands: the real binary, run on the
//! broken corpora in tests/fixtures and on the built-in corpus.
//!
//! Each fixture is run with the fixtures directory as the current directory
//! and its name as the corpus path, so paths in diagnostics (and snapshots)
//! are relative: `anchoring/themes/m.toml:15:9`.

mod common;

use std::path::{Path, PathBuf};

use parallax::corpus::{self, files, Corpus};
use serde_json::Value;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Run `parallax ARGS` in `dir`, uncoloured, as a program would.
fn parallax_in(dir: &Path, args: &[&str]) -> Run {
    common::run_in(dir, args)
}

/// `parallax ARGS` on the built-in corpus (from the fixtures directory, so
/// nothing on disk is picked up by accident).
fn parallax(args: &[&str]) -> Run {
    parallax_in(&fixtures(), args)
}

/// `parallax check FIXTURE`.
fn check(fixture: &str) -> Run {
    parallax(&["check", fixture])
}

/// One rendered diagnostic, parsed back from stderr.
#[derive(Debug)]
struct Diag {
    severity: String,
    message: String,
    /// `file:line:col`, or the path for problems with a whole file.
    position: String,
    /// The whole rendered block: source line, label, notes.
    block: String,
}

fn parse_diags(stderr: &str) -> Vec<Diag> {
    let mut out: Vec<Diag> = Vec::new();
    for line in stderr.lines() {
        let head = ["error: ", "warning: "]
            .into_iter()
            .find_map(|p| line.strip_prefix(p).map(|rest| (p.trim_end(), rest)));
        if let Some((sev, message)) = head {
            out.push(Diag {
                severity: sev.trim_end_matches(':').to_string(),
                message: message.to_string(),
                position: String::new(),
                block: String::new(),
            });
        }
        let Some(d) = out.last_mut() else { continue };
        d.block.push_str(line);
        d.block.push('\n');
        if d.position.is_empty() {
            if let Some((_, pos)) = line.split_once("┌─ ") {
                d.position = pos.trim().to_string();
            } else if let Some(path) = line.trim().strip_prefix("= in ") {
                d.position = path.to_string();
            }
        }
    }
    out
}

/// The diagnostic at `position` whose message is `message`; fails with the
/// whole report when there is none.
fn find<'d>(diags: &'d [Diag], stderr: &str, position: &str, message: &str) -> &'d Diag {
    diags
        .iter()
        .find(|d| d.position == position && d.message == message)
        .unwrap_or_else(|| panic!("no `{message}` at {position} in:\n{stderr}"))
}

/// Like `find`, and the block must also contain each of `hints`.
fn expect(diags: &[Diag], stderr: &str, position: &str, message: &str, hints: &[&str]) {
    let d = find(diags, stderr, position, message);
    assert_eq!(d.severity, "error", "{}", d.block);
    for h in hints {
        assert!(d.block.contains(h), "no {h:?} in:\n{}", d.block);
    }
}

fn no_control_chars(s: &str) -> bool {
    !s.chars().any(|c| c.is_control() && c != '\n')
}

// ---------------------------------------------------------------------------
// Broken corpora: every problem, with file:line:column and a hint.

#[test]
fn anchoring_problems_are_all_reported_in_one_run() {
    let r = check("anchoring");
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.is_empty());
    let ds = parse_diags(&r.stderr);
    let e = &r.stderr;
    let at = |line_col: &str| format!("anchoring/themes/m.toml:{line_col}");
    expect(
        &ds,
        e,
        &at("15:9"),
        "quote not found in essay `alpha`",
        &["closest passage (82% alike): «Trust must be rebuilt step by step»"],
    );
    expect(
        &ds,
        e,
        &at("21:9"),
        "quote matches 2 or more places in essay `alpha`; it must match exactly once",
        &["2 or more matches", "hint: lengthen the quote"],
    );
    expect(
        &ds,
        e,
        &at("28:7"),
        "end phrase comes before the start phrase in essay `alpha`",
        &["only found before `start`"],
    );
    expect(
        &ds,
        e,
        &at("35:7"),
        "end phrase overlaps the start phrase in essay `alpha`",
        &["hint: for a passage this short use `quote`"],
    );
    expect(
        &ds,
        e,
        &at("41:9"),
        "passage has both `quote` and `start`/`end`",
        &[],
    );
    expect(&ds, e, &at("48:9"), "passage has `start` but no `end`", &[]);
    expect(&ds, e, &at("54:7"), "passage has `end` but no `start`", &[]);
    expect(&ds, e, &at("60:9"), "quote is empty", &[]);
    expect(
        &ds,
        e,
        &at("66:9"),
        "quote not found in essay `alpha`",
        &["hint: check that the words are from `alpha`"],
    );
    expect(
        &ds,
        e,
        &at("72:9"),
        "start phrase matches 2 or more places in essay `alpha`; it must match exactly once",
        &["hint: lengthen the start phrase until it is unique"],
    );
    expect(
        &ds,
        e,
        &at("76:1"),
        "passage has no `quote` (or `start` and `end`)",
        &[],
    );
    // The first passage matches across quote styles and dashes: no error.
    assert!(!ds.iter().any(|d| d.position == at("8:9")), "{e}");
    assert_eq!(ds.len(), 11, "{e}");
    assert!(e.ends_with("anchoring: 11 errors, 0 warnings\n"), "{e}");
    insta::assert_snapshot!("check_anchoring", r.stderr);
}

#[test]
fn unknown_ids_duplicates_roles_and_colours_are_all_reported() {
    let r = check("references");
    assert_eq!(r.code, 1, "{}", r.stderr);
    let ds = parse_diags(&r.stderr);
    let e = &r.stderr;
    let a = |line_col: &str| format!("references/themes/a.toml:{line_col}");
    let b = |line_col: &str| format!("references/themes/b.toml:{line_col}");
    expect(
        &ds,
        e,
        &a("7:9"),
        "unknown colour \"yelow\"",
        &["hint: did you mean `yellow`?"],
    );
    expect(
        &ds,
        e,
        &a("12:9"),
        "unknown colour \"#12345\"",
        &["hint: use \"#rrggbb\" or one of black, red,"],
    );
    expect(
        &ds,
        e,
        &a("15:6"),
        "duplicate theme id `trust`",
        &["first defined at references/themes/a.toml:5:6"],
    );
    expect(
        &ds,
        e,
        &b("2:6"),
        "duplicate theme id `security`",
        &["first defined at references/themes/a.toml:10:6"],
    );
    expect(
        &ds,
        e,
        &a("19:9"),
        "essay `alpah` not found",
        &["hint: did you mean `alpha`?"],
    );
    expect(
        &ds,
        e,
        &a("27:11"),
        "unknown theme `securty`",
        &["hint: did you mean `security`?"],
    );
    expect(
        &ds,
        e,
        &a("37:8"),
        "unknown role `evidance`",
        &["hint: did you mean `evidence`?"],
    );
    // Nothing is close to "opinion": list the roles, suggest none.
    let opinion = find(&ds, e, &a("44:8"), "unknown role `opinion`");
    assert!(
        opinion
            .block
            .contains("hint: role is one of claim, evidence, recommendation, concession, context"),
        "{}",
        opinion.block
    );
    assert!(!opinion.block.contains("did you mean"), "{}", opinion.block);
    expect(
        &ds,
        e,
        &a("47:9"),
        "essay `nothing-like-it` not found",
        &["hint: essay ids are file stems in essays/: alpha, beta-2020"],
    );
    let stance = find(&ds, e, &a("52:1"), "passage has no `stance`");
    assert_eq!(stance.severity, "warning");
    // Anchoring is case-sensitive; the closest passage shows the difference.
    expect(
        &ds,
        e,
        &a("55:9"),
        "quote not found in essay `alpha`",
        &["«The allies share interests too»"],
    );
    expect(
        &ds,
        e,
        &a("62:9"),
        "unknown theme `trsut`",
        &["hint: did you mean `trust`?"],
    );
    expect(&ds, e, &a("67:24"), "essay `gamma` not found", &[]);
    let prompt = find(&ds, e, &a("65:1"), "tour step has no `prompt`");
    assert_eq!(prompt.severity, "warning");
    expect(
        &ds,
        e,
        &b("13:6"),
        "duplicate tour id `seminar`",
        &["first defined at references/themes/a.toml:59:6"],
    );
    assert!(e.ends_with("references: 13 errors, 2 warnings\n"), "{e}");
    // In file order: a.toml by line, then b.toml.
    let order: Vec<&str> = ds.iter().map(|d| d.position.as_str()).collect();
    let mut sorted = order.clone();
    sorted.sort_by_key(|p| {
        let mut it = p.rsplitn(3, ':');
        let col: usize = it.next().unwrap().parse().unwrap();
        let line: usize = it.next().unwrap().parse().unwrap();
        (it.next().unwrap().to_string(), line, col)
    });
    assert_eq!(order, sorted);
    insta::assert_snapshot!("check_references", r.stderr);
}

#[test]
fn unknown_keys_missing_keys_and_wrong_types_are_all_reported() {
    let r = check("schema");
    assert_eq!(r.code, 1, "{}", r.stderr);
    let ds = parse_diags(&r.stderr);
    let e = &r.stderr;
    let at = |line_col: &str| format!("schema/themes/m.toml:{line_col}");
    // Unknown keys, each with the nearest valid key.
    for (pos, key, table, near) in [
        ("3:1", "subtitle", "[map]", "title"),
        ("7:1", "titel", "[[themes]]", "title"),
        ("8:1", "colour", "[[themes]]", "color"),
        ("15:1", "theme", "[[passages]]", "themes"),
        ("36:1", "notes", "[[passages]]", "note"),
        ("49:1", "promt", "[[tours.steps]]", "prompt"),
    ] {
        expect(
            &ds,
            e,
            &at(pos),
            &format!("unknown key `{key}` in {table}"),
            &[&format!("hint: did you mean `{near}`?")],
        );
    }
    expect(
        &ds,
        e,
        &at("51:3"),
        "unknown key `extras` in the theme map",
        &["hint: valid keys are map, themes, passages, tours"],
    );
    // Missing required keys, at the table header.
    expect(&ds, e, &at("5:1"), "[[themes]] has no `title`", &[]);
    expect(&ds, e, &at("10:1"), "[[themes]] has no `id`", &[]);
    expect(&ds, e, &at("13:1"), "passage has no `themes`", &[]);
    expect(&ds, e, &at("19:1"), "[[passages]] has no `essay`", &[]);
    expect(&ds, e, &at("26:10"), "passage lists no themes", &[]);
    expect(&ds, e, &at("38:1"), "[[tours]] has no `id`", &[]);
    expect(&ds, e, &at("38:1"), "tour has no steps", &[]);
    expect(&ds, e, &at("44:1"), "[[tours.steps]] has no `theme`", &[]);
    // Wrong types, at the value.
    expect(
        &ds,
        e,
        &at("32:23"),
        "`themes` must list strings, not an integer",
        &[],
    );
    expect(
        &ds,
        e,
        &at("33:9"),
        "`quote` in [[passages]] must be a string, not an integer",
        &[],
    );
    expect(
        &ds,
        e,
        &at("34:10"),
        "`stance` in [[passages]] must be a string, not a boolean",
        &[],
    );
    assert!(e.ends_with("schema: 19 errors, 2 warnings\n"), "{e}");
    insta::assert_snapshot!("check_schema", r.stderr);
}

#[test]
fn front_matter_problems_are_reported_per_essay() {
    let r = check("front-matter");
    assert_eq!(r.code, 1, "{}", r.stderr);
    let ds = parse_diags(&r.stderr);
    let e = &r.stderr;
    let at = |file_pos: &str| format!("front-matter/essays/{file_pos}");
    expect(
        &ds,
        e,
        &at("bad-date.md:4:13"),
        "`published` is not a date: \"October 2021\"",
        &[
            "expected YYYY, YYYY-MM or YYYY-MM-DD",
            "hint: give only what the source states",
        ],
    );
    expect(
        &ds,
        e,
        &at("date-types.md:4:13"),
        "malformed TOML in front matter: invalid date, expected month between 01 and 12",
        &[],
    );
    expect(&ds, e, &at("empty.md:5:1"), "essay has no text", &[]);
    let malformed = ds
        .iter()
        .find(|d| d.position == at("malformed.md:4:1"))
        .unwrap_or_else(|| panic!("{e}"));
    assert!(
        malformed
            .message
            .starts_with("malformed TOML in front matter:"),
        "{}",
        malformed.block
    );
    expect(
        &ds,
        e,
        &at("no-front-matter.md:1:1"),
        "essay has no front matter",
        &["hint: start the file with a TOML block"],
    );
    expect(
        &ds,
        e,
        &at("unknown-key.md:3:1"),
        "unknown key `author` in front matter",
        &["hint: did you mean `authors`?"],
    );
    expect(
        &ds,
        e,
        &at("unknown-key.md:4:1"),
        "unknown key `publshed` in front matter",
        &["hint: did you mean `published`?"],
    );
    expect(
        &ds,
        e,
        &at("unknown-key.md:2:1"),
        "front matter has no `authors`",
        &[],
    );
    expect(
        &ds,
        e,
        &at("unterminated.md:1:1"),
        "front matter is not closed",
        &["hint: end the front matter with a line holding only `+++`"],
    );
    expect(
        &ds,
        e,
        &at("wrong-types.md:2:9"),
        "`title` in front matter must be a string, not an integer",
        &[],
    );
    expect(
        &ds,
        e,
        &at("wrong-types.md:4:13"),
        "`published` must be a date string, not a float",
        &[],
    );
    expect(
        &ds,
        e,
        &at("wrong-types.md:5:8"),
        "`kind` in front matter must be a string, not an array",
        &[],
    );
    expect(&ds, e, &at("zero-bytes.md:1:1"), "essay file is empty", &[]);
    // One problem per broken essay: passages on the unterminated and the
    // empty essay are not also "not found".
    assert_eq!(
        ds.iter()
            .filter(|d| d.position.contains("zero-bytes"))
            .count(),
        1
    );
    assert!(!e.contains("essay `unterminated` not found"), "{e}");
    assert!(!e.contains("in essay `empty`"), "{e}");
    assert!(e.ends_with("front-matter: 13 errors, 0 warnings\n"), "{e}");
    insta::assert_snapshot!("check_front_matter", r.stderr);
}

#[test]
fn encodings_other_than_utf8_are_named_and_crlf_positions_are_right() {
    let r = check("encodings");
    assert_eq!(r.code, 1, "{}", r.stderr);
    let ds = parse_diags(&r.stderr);
    let e = &r.stderr;
    expect(
        &ds,
        e,
        "encodings/essays/latin1.md",
        "encodings/essays/latin1.md:6:18: not valid UTF-8 (byte 69 is 0xE9)",
        &["hint: save the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8`)"],
    );
    expect(
        &ds,
        e,
        "encodings/essays/utf16le.md",
        "encodings/essays/utf16le.md is UTF-16, not UTF-8",
        &["iconv -f utf-16 -t utf-8"],
    );
    expect(
        &ds,
        e,
        "encodings/essays/utf16-nobom.md",
        "encodings/essays/utf16-nobom.md looks like UTF-16 (or a binary file), not UTF-8 text",
        &[],
    );
    expect(
        &ds,
        e,
        "encodings/themes/latin1.toml",
        "encodings/themes/latin1.toml:3:13: not valid UTF-8 (byte 32 is 0xE9)",
        &[],
    );
    expect(
        &ds,
        e,
        "encodings/themes/utf16be.toml",
        "encodings/themes/utf16be.toml is UTF-16, not UTF-8",
        &[],
    );
    // BOM and CRLF do not shift line or column.
    expect(
        &ds,
        e,
        "encodings/themes/crlf.toml:4:4",
        "unknown key `colr` in [[themes]]",
        &["hint: did you mean `color`?"],
    );
    // The unreadable essays are reported once, not as "not found" as well.
    assert!(!e.contains("not found"), "{e}");
    assert!(e.ends_with("encodings: 6 errors, 1 warning\n"), "{e}");
    insta::assert_snapshot!("check_encodings", r.stderr);
}

#[test]
fn malformed_theme_map_is_reported_and_other_files_still_checked() {
    let r = check("malformed-map");
    assert_eq!(r.code, 1, "{}", r.stderr);
    let ds = parse_diags(&r.stderr);
    let e = &r.stderr;
    expect(
        &ds,
        e,
        "malformed-map/themes/a-broken.toml:3:28",
        "malformed TOML in theme map: invalid basic string, expected `\"`",
        &[],
    );
    expect(
        &ds,
        e,
        "malformed-map/themes/b-duplicate-key.toml:3:1",
        "malformed TOML in theme map: duplicate key",
        &[],
    );
    expect(
        &ds,
        e,
        "malformed-map/themes/c-fine.toml:13:9",
        "essay `alpah` not found",
        &["hint: did you mean `alpha`?"],
    );
    assert_eq!(ds.len(), 3, "{e}");
    insta::assert_snapshot!("check_malformed_map", r.stderr);
}

#[test]
fn missing_directories() {
    let r = check("no-essays");
    assert_eq!(r.code, 1, "{}", r.stderr);
    let ds = parse_diags(&r.stderr);
    expect(
        &ds,
        &r.stderr,
        "no-essays/essays",
        "corpus has no essays/ directory",
        &["hint: create no-essays/essays/ and put the essays in it as *.md files"],
    );
    assert!(
        r.stderr
            .contains("hint: the corpus has no essays; an essay's id is its file name"),
        "{}",
        r.stderr
    );
    insta::assert_snapshot!("check_no_essays", r.stderr);

    // A corpus without theme maps can still be read: a warning, exit 0.
    let r = check("no-themes");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let ds = parse_diags(&r.stderr);
    let d = find(
        &ds,
        &r.stderr,
        "no-themes/themes",
        "corpus has no themes/ directory",
    );
    assert_eq!(d.severity, "warning");
    assert_eq!(
        r.stdout,
        "no-themes: 1 essay, 0 themes, 0 passages, 0 tours — OK\n"
    );
    insta::assert_snapshot!("check_no_themes", r.stderr);

    let r = check("/nonexistent/corpus");
    assert_eq!(
        r.code, 2,
        "a missing directory is a usage error: {}",
        r.stderr
    );
    assert!(r.stdout.is_empty());
    assert!(
        r.stderr
            .starts_with("error: corpus directory not found: /nonexistent/corpus\n"),
        "{}",
        r.stderr
    );
    insta::assert_snapshot!("check_nonexistent", r.stderr);

    let r = check("anchoring/essays/alpha.md");
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr
            .starts_with("error: not a directory: anchoring/essays/alpha.md\n"),
        "{}",
        r.stderr
    );
}

#[test]
fn bom_and_crlf_essay_loads_and_anchors_across_line_breaks() {
    let r = check("bom-crlf");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stderr, "");
    assert_eq!(
        r.stdout,
        "bom-crlf: 1 essay, 1 theme, 3 passages, 0 tours — OK\n"
    );
    let raw = std::fs::read(fixtures().join("bom-crlf/essays/windows.md")).unwrap();
    assert!(raw.starts_with(b"\xEF\xBB\xBF"), "git kept the BOM");
    assert!(raw.windows(2).any(|w| w == b"\r\n"), "git kept the CRLF");

    let r = parallax(&["show", "wrap", "bom-crlf", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let corpus = load_dir(&fixtures().join("bom-crlf"));
    let texts = passages_match_plain_text(&corpus, &r.stdout);
    assert_eq!(
        texts,
        [
            "wraps onto a second line",
            "as editors do.\n\nThe second",
            "with a “curly quote” in it."
        ]
    );
    let essay = &corpus.essays[0];
    assert!(!essay.text.contains('\r') && !essay.text.contains('\u{feff}'));
    assert_eq!(essay.meta.published.as_deref(), Some("2021-10-08"));
}

#[test]
fn control_characters_load_neutralised_and_never_reach_the_terminal() {
    let r = check("control-chars");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stderr, "");
    let corpus = load_dir(&fixtures().join("control-chars"));
    let text = &corpus.essays[0].text;
    assert!(no_control_chars(text), "{text:?}");
    // One visible stand-in per control character: ␛ for ESC, ␇ for BEL.
    assert!(text.contains("\u{241b}[31mred\u{241b}[0m word"), "{text:?}");
    assert!(text.contains("\u{241b}]0;pwned\u{2407}"), "{text:?}");
    for format in ["text", "md", "json"] {
        let r = parallax(&["show", "esc", "control-chars", "--format", format]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(no_control_chars(&r.stdout), "{format}: {:?}", r.stdout);
        if format == "json" {
            assert!(!r.stdout.contains("\\u001b"), "{}", r.stdout);
            passages_match_plain_text(&corpus, &r.stdout);
        }
        if format == "text" {
            insta::assert_snapshot!("show_control_chars_text", r.stdout);
        }
    }
    for format in ["text", "json"] {
        let r = parallax(&["themes", "control-chars", "--format", format]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(no_control_chars(&r.stdout), "{format}: {:?}", r.stdout);
    }
}

#[test]
fn diagnostics_never_echo_control_characters() {
    let r = check("control-chars-in-errors");
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(no_control_chars(&r.stderr), "{:?}", r.stderr);
    let ds = parse_diags(&r.stderr);
    let e = &r.stderr;
    let d = find(
        &ds,
        e,
        "control-chars-in-errors/essays/no-front.md:1:1",
        "essay has no front matter",
    );
    assert!(d.block.contains("\u{241b}]0;pwned\u{2407}"), "{}", d.block);
    find(
        &ds,
        e,
        "control-chars-in-errors/essays/ok.md:3:1",
        "unknown key `\u{241b}[31mkey` in front matter",
    );
    find(
        &ds,
        e,
        "control-chars-in-errors/themes/m.toml:3:14",
        "malformed TOML in theme map: invalid basic string, expected non-double-quote visible characters, `\\`",
    );
    insta::assert_snapshot!("check_control_chars_in_errors", r.stderr);
}

#[test]
fn commands_that_need_a_valid_corpus_refuse_a_broken_one() {
    for args in [
        &["themes", "anchoring"][..],
        &["show", "trust", "anchoring", "--format", "json"],
    ] {
        let r = parallax(args);
        assert_eq!(r.code, 1, "{args:?}: {}", r.stderr);
        assert!(r.stdout.is_empty(), "{args:?}: {}", r.stdout);
        assert!(
            r.stderr
                .ends_with("hint: run `parallax check` for the full list of problems\n"),
            "{}",
            r.stderr
        );
    }
}

// ---------------------------------------------------------------------------
// The built-in corpus and the command line.

#[test]
fn builtin_corpus_checks_clean() {
    let r = parallax(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stderr, "", "not even a warning");
    insta::assert_snapshot!("check_builtin", r.stdout);
}

#[test]
fn unknown_theme_is_a_usage_error_with_a_hint() {
    let r = parallax(&["show", "nosuch"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stdout.is_empty());
    assert!(r.stderr.starts_with("error: unknown theme `nosuch`\n"));
    assert!(
        r.stderr
            .contains("hint: the themes are us-role, deal-2015, gsomia,"),
        "{}",
        r.stderr
    );
    insta::assert_snapshot!("show_nosuch", r.stderr);

    let r = parallax(&["show", "gsomai"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("hint: did you mean `gsomia`?"),
        "{}",
        r.stderr
    );
    insta::assert_snapshot!("show_gsomai", r.stderr);
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["show"][..],
        &["themes", "--format", "xml"],
        &["show", "gsomia", "--width", "wide"],
        &["check", "--nope"],
    ] {
        let r = parallax(args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stdout.is_empty(), "{args:?}");
        assert!(r.stderr.starts_with("error: "), "{args:?}: {}", r.stderr);
    }
}

#[test]
fn help_and_version() {
    let r = parallax(&["--help"]);
    assert_eq!(r.code, 0);
    assert!(r
        .stdout
        .contains("Exit codes: 0 ok, 1 invalid corpus data, 2 usage error."));
    insta::assert_snapshot!("help", r.stdout);
    let r = parallax(&["show", "--help"]);
    assert_eq!(r.code, 0);
    insta::assert_snapshot!("help_show", r.stdout);
    let r = parallax(&["--version"]);
    assert_eq!(r.code, 0);
    assert_eq!(
        r.stdout,
        format!("parallax {}\n", env!("CARGO_PKG_VERSION"))
    );
    insta::assert_snapshot!("version", r.stdout);
}

#[test]
fn themes_of_the_builtin_corpus() {
    let r = parallax(&["themes"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stderr, "");
    insta::assert_snapshot!("themes_text", r.stdout);

    let r = parallax(&["themes", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).expect("themes JSON parses");
    let corpus = builtin();
    let themes = v["themes"].as_array().unwrap();
    assert_eq!(themes.len(), corpus.map.themes.len());
    let total: u64 = themes.iter().map(|t| t["total"].as_u64().unwrap()).sum();
    assert_eq!(total as usize, count_tags(&corpus));
    insta::assert_snapshot!("themes_json", r.stdout);
}

#[test]
fn show_gsomia_in_every_format() {
    let r = parallax(&["show", "gsomia", "--width", "72"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.lines().all(|l| l.chars().count() <= 72));
    insta::assert_snapshot!("show_gsomia_text", r.stdout);

    let r = parallax(&["show", "gsomia", "--format", "md"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("# GSOMIA and intelligence sharing\n"));
    insta::assert_snapshot!("show_gsomia_md", r.stdout);

    let r = parallax(&["show", "gsomia", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let corpus = builtin();
    let texts = passages_match_plain_text(&corpus, &r.stdout);
    assert_eq!(texts.len(), 5);
    insta::assert_snapshot!("show_gsomia_json", r.stdout);
}

/// Every theme's JSON, as `show --format json` prints it (the same function,
/// called in-process to keep the suite fast): offsets slice the plain text.
#[test]
fn show_json_offsets_slice_the_plain_text_for_every_theme() {
    let corpus = builtin();
    let mut n = 0;
    for t in 0..corpus.map.themes.len() {
        let json = parallax::export::show_json(&corpus, t);
        n += passages_match_plain_text(&corpus, &json).len();
    }
    assert_eq!(n, count_tags(&corpus));
}

// ---------------------------------------------------------------------------
// Helpers over the library.

use common::{builtin_corpus as builtin, Run};

fn load_dir(dir: &Path) -> Corpus {
    let loaded = corpus::load(files::from_dir(dir));
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    loaded.corpus
}

/// Passage-theme pairs: how many entries all `show` outputs hold together.
fn count_tags(c: &Corpus) -> usize {
    c.map.passages.iter().map(|p| p.themes.len()).sum()
}

/// Parse `show --format json` output and check its shape, and that each
/// passage's `text` is its essay's plain text sliced by `[start, end)` in
/// code points. Returns the texts.
fn passages_match_plain_text(c: &Corpus, json: &str) -> Vec<String> {
    let v: Value = serde_json::from_str(json).expect("show JSON parses");
    let theme = v["theme"]["id"].as_str().expect("theme.id");
    let mut out = Vec::new();
    for p in v["passages"].as_array().expect("passages") {
        let mut keys: Vec<&str> = p.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            ["end", "essay", "note", "role", "stance", "start", "text", "themes"]
        );
        let id = p["essay"].as_str().unwrap();
        let essay = &c.essays[c.essay_index(id).expect("essay exists")];
        let (start, end) = (
            p["start"].as_u64().unwrap() as usize,
            p["end"].as_u64().unwrap() as usize,
        );
        assert!(start < end, "{p}");
        let slice: String = essay.text.chars().skip(start).take(end - start).collect();
        let text = p["text"].as_str().unwrap();
        assert_eq!(text, slice, "{id} [{start}, {end})");
        assert!(
            p["themes"]
                .as_array()
                .unwrap()
                .iter()
                .any(|t| t.as_str() == Some(theme)),
            "{p}"
        );
        out.push(text.to_string());
    }
    out
}

/// A theme nothing is tagged with is a warning at its id; a theme named by
/// a passage that fails for another reason (here, an essay that does not
/// exist) is not called unused: that passage's own error says what is
/// wrong. A theme used by a resolved passage is not warned about either.
#[test]
fn unused_themes_are_warned_about_but_not_those_a_broken_passage_names() {
    use parallax::corpus::files::{CorpusFiles, InputFile};
    let essay =
        "+++\ntitle = \"E\"\nauthors = [\"A\"]\n+++\nThe alliance holds. The deal fell apart.\n";
    let map = r#"[[themes]]
id = "used"
title = "Used"

[[themes]]
id = "unused"
title = "Unused"

[[themes]]
id = "named"
title = "Named by a broken passage"

[[passages]]
essay = "e"
themes = ["used"]
quote = "The alliance holds."
stance = "It holds."

[[passages]]
essay = "missing"
themes = ["named"]
quote = "The deal fell apart."
stance = "It fell apart."
"#;
    let loaded = corpus::load(CorpusFiles {
        name: "t".into(),
        essays: vec![InputFile::memory("essays/e.md", essay)],
        themes: vec![InputFile::memory("themes/m.toml", map)],
        diagnostics: Vec::new(),
    });
    let unused: Vec<String> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("has no passages"))
        .map(|d| format!("{} at {}", d.message, d.position()))
        .collect();
    assert_eq!(
        unused,
        ["theme `unused` has no passages at themes/m.toml:6:6"]
    );
    assert!(loaded
        .diagnostics
        .iter()
        .any(|d| d.message.contains("essay `missing` not found")));
}

/// `check` anchors each essay as it is parsed and drops its text (keeping
/// only what tours' focus reads), where the reader's load holds the whole
/// corpus: both must find the same problems, in the same order, and count
/// the same corpus. Every fixture, the built-in corpus (its tours focus
/// passages by their words). `tests/synth_corpus.rs` does the same on a
/// larger corpus with broken passages in many essays.
#[test]
fn check_finds_what_the_full_load_finds() {
    let render = |ds: &[parallax::diag::Diagnostic]| -> Vec<String> {
        ds.iter().map(|d| d.render(false)).collect()
    };
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("essays").is_dir() || p.join("themes").is_dir())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 10, "fixtures: {dirs:?}");
    let mut sets: Vec<(String, files::CorpusFiles, files::CorpusFiles)> = dirs
        .iter()
        .map(|d| {
            (
                d.display().to_string(),
                files::from_dir(d),
                files::from_dir(d),
            )
        })
        .collect();
    sets.push(("built-in".into(), files::builtin(), files::builtin()));
    for (name, a, b) in sets {
        let loaded = corpus::load(a);
        let checked = corpus::check(b);
        assert_eq!(
            render(&checked.diagnostics),
            render(&loaded.diagnostics),
            "{name}"
        );
        assert_eq!(checked.counts, corpus::Counts::of(&loaded.corpus), "{name}");
    }
}
