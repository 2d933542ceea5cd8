//! Hostile input and hostile surroundings (issue 13): closed and full
//! output streams, escape sequences in arguments and file names, odd
//! directory entries, encodings, empty values, caps on what is read and
//! printed. Each test runs the real binary, as a user or an attacker would.

use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_parallax"));
    c.env("NO_COLOR", "1").env_remove("PARALLAX_KEYMAP");
    c
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run parallax")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// No byte that a terminal would act on: C0 (except newline), DEL, C1,
/// and no bidirectional override or isolate.
fn terminal_safe(s: &str) -> bool {
    !s.chars().any(|c| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    })
}

const ESSAY: &str =
    "+++\ntitle = \"T\"\nauthors = [\"A\"]\n+++\nAlpha beta gamma. Delta epsilon zeta.\n";
const MAP: &str = "[[themes]]\nid = \"t\"\ntitle = \"T\"\n[[passages]]\nessay = \"e1\"\nthemes = [\"t\"]\nquote = \"Alpha beta\"\nstance = \"s\"\n";

/// A valid corpus in a fresh directory, with extra files.
fn corpus(extra: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("essays")).unwrap();
    fs::create_dir_all(dir.path().join("themes")).unwrap();
    fs::write(dir.path().join("essays/e1.md"), ESSAY).unwrap();
    fs::write(dir.path().join("themes/m.toml"), MAP).unwrap();
    for (name, bytes) in extra {
        let p = dir.path().join(name);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, bytes).unwrap();
    }
    dir
}

fn check(dir: &Path) -> Output {
    run(&["check", dir.to_str().unwrap()])
}

// ---- 1. closed and full output streams -------------------------------

#[test]
fn a_closed_stdout_ends_quietly() {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    for args in [&["check"][..], &["themes"], &["show", "gsomia"]] {
        let out = bin()
            .args(args)
            .stdout(writer.try_clone().unwrap())
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_stdout_is_an_error_and_a_full_stderr_no_panic() {
    let full = || {
        fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap()
    };
    let out = bin()
        .arg("check")
        .stdout(full())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(74), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("cannot write output"),
        "{}",
        stderr(&out)
    );

    // An unknown theme is a usage error even when stderr cannot take the
    // message; a broken corpus is a data error.
    let out = bin()
        .args(["show", "nosuch"])
        .stderr(full())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let dir = corpus(&[("themes/bad.toml", b"[[themes]]\nid = 1\n")]);
    let out = bin()
        .args(["check", dir.path().to_str().unwrap()])
        .stderr(full())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));

    // Help and the version are output like any other: written to a full
    // disk they fail (clap's own exit called them a success).
    for args in [&["--help"][..], &["--version"], &["check", "--help"]] {
        let out = bin()
            .args(args)
            .stdout(full())
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(74), "{args:?}: {}", stderr(&out));
    }
    let out = bin().arg("--help").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Usage: parallax"));
}

// ---- 10. strings from outside are neutralised -------------------------

#[test]
fn escape_sequences_in_arguments_never_reach_the_terminal() {
    let evil = "x\u{1b}]0;PWNED\u{7}\nerror: forged\u{202e}";
    for args in [
        vec!["show", evil],
        vec!["--theme", evil],
        vec!["--essays", evil],
        vec!["--tour", evil],
        vec!["check", evil],
    ] {
        let out = run(&args);
        let err = stderr(&out);
        assert!(terminal_safe(&err), "{args:?}: {err:?}");
        assert!(
            !err.lines().any(|l| l.starts_with("error: forged")),
            "{args:?}: {err}"
        );
        assert!(
            err.contains("]0;PWNED"),
            "{args:?}: the argument is still shown: {err}"
        );
    }
}

#[test]
fn the_corpus_directory_name_is_neutralised_on_stdout_and_stderr() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("c\u{1b}[2Jorpus\u{202e}");
    let src = corpus(&[]);
    fs::rename(src.path(), &dir).unwrap();
    let out = run(&["check", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(terminal_safe(&stdout), "{stdout:?}");
    assert!(stdout.contains("c\u{241b}[2Jorpus"), "{stdout}");

    // And in the summary line after problems.
    fs::write(dir.join("themes/bad.toml"), "[[themes]]\nid = 1\n").unwrap();
    let out = run(&["check", dir.to_str().unwrap()]);
    let err = stderr(&out);
    assert!(terminal_safe(&err), "{err:?}");
    assert!(err.contains("orpus"), "{err}");
}

#[test]
fn a_file_name_with_a_newline_cannot_forge_a_diagnostic() {
    let dir = corpus(&[(
        "themes/x\nerror: all is well\u{1b}[31m.toml",
        b"[[themes]]\nid = 1\n",
    )]);
    let out = check(dir.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(terminal_safe(&err), "{err:?}");
    assert!(
        !err.lines().any(|l| l.starts_with("error: all is well")),
        "{err}"
    );
    assert!(err.contains("x\u{240a}error: all is well"), "{err}");
}

// ---- 6. the keymap file is read only if regular and small --------------

#[cfg(unix)]
#[test]
fn a_keymap_fifo_or_endless_file_is_refused_at_once() {
    use parallax::tui::keymap::Keymap;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("keys.toml");
    let ok = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(ok.success());
    // Before: this blocked forever waiting for a writer.
    let (_, problems) = Keymap::load_user(Some(&fifo));
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].message.contains("FIFO"),
        "{}",
        problems[0].message
    );

    // Before: /dev/zero was read until memory ran out.
    let (_, problems) = Keymap::load_user(Some(Path::new("/dev/zero")));
    assert!(
        problems[0].message.contains("not a regular file"),
        "{}",
        problems[0].message
    );

    let big = dir.path().join("big.toml");
    fs::write(&big, "# x\n".repeat(100_000)).unwrap();
    let (_, problems) = Keymap::load_user(Some(&big));
    assert!(
        problems[0].message.contains("are not read"),
        "{}",
        problems[0].message
    );
}

// ---- 8. size and first bytes before reading a whole file ---------------

#[test]
fn a_huge_file_is_refused_before_it_is_read() {
    let dir = corpus(&[]);
    // Sparse: 3 GB on paper, nothing on disk. Reading it would take
    // seconds and 3 GB of memory.
    let f = fs::File::create(dir.path().join("essays/huge.md")).unwrap();
    f.set_len(3 << 30).unwrap();
    drop(f);
    let out = check(dir.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("huge.md: it is 3072 MiB; files over 64 MiB are not read"),
        "{err}"
    );
}

#[test]
fn other_encodings_are_named_from_the_first_bytes() {
    let utf32: Vec<u8> = ESSAY
        .chars()
        .flat_map(|c| (c as u32).to_le_bytes())
        .collect();
    let mut utf32_bom = vec![0xFF, 0xFE, 0, 0];
    utf32_bom.extend(&utf32);
    let mut double_bom = b"\xEF\xBB\xBF\xEF\xBB\xBF".to_vec();
    double_bom.extend(ESSAY.as_bytes());
    let dir = corpus(&[
        ("essays/u32.md", &utf32),
        ("essays/u32bom.md", &utf32_bom),
        ("essays/twice.md", &double_bom),
    ]);
    let out = check(dir.path());
    let err = stderr(&out);
    assert!(err.contains("u32.md looks like UTF-32"), "{err}");
    assert!(err.contains("iconv -f utf-32le"), "{err}");
    assert!(err.contains("u32bom.md is UTF-32, not UTF-8"), "{err}");
    assert!(
        err.contains("twice.md starts with 2 byte-order marks"),
        "{err}"
    );
    assert!(!err.contains("UTF-16"), "{err}");
}

// ---- 12. directory entries are never skipped in silence ----------------

#[cfg(unix)]
#[test]
fn odd_entries_are_each_reported_and_links_never_leave_the_corpus() {
    use std::os::unix::fs::symlink;
    let dir = corpus(&[
        ("essays/UPPER.MD", ESSAY.as_bytes()),
        ("inside.md", ESSAY.as_bytes()),
    ]);
    let e = dir.path().join("essays");
    fs::create_dir(e.join("folder.md")).unwrap();
    assert!(Command::new("mkfifo")
        .arg(e.join("pipe.md"))
        .status()
        .unwrap()
        .success());
    symlink("/nonexistent/target.md", e.join("dangling.md")).unwrap();
    symlink("/etc/passwd", e.join("passwd.md")).unwrap();
    symlink(dir.path().join("inside.md"), e.join("linked.md")).unwrap();
    let out = check(dir.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    for (file, why) in [
        ("UPPER.MD", "the extension must be `.md`"),
        ("folder.md", "it is a directory"),
        ("pipe.md", "FIFO"),
        ("dangling.md", "dangling"),
        ("passwd.md", "out of the corpus"),
    ] {
        assert!(
            err.lines().any(|l| l.contains(file) && l.contains(why)),
            "{file}: {why}\n{err}"
        );
    }
    // Nothing from /etc/passwd is quoted; a link inside the corpus is read.
    assert!(!err.contains("root:"), "{err}");
    assert!(!err.contains("linked.md"), "{err}");
}

#[cfg(unix)]
#[test]
fn an_unreadable_or_looping_themes_directory_is_an_error() {
    let dir = corpus(&[]);
    let t = dir.path().join("themes");
    fs::remove_dir_all(&t).unwrap();
    std::os::unix::fs::symlink("themes", &t).unwrap();
    let out = check(dir.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("error: cannot read"), "{err}");

    fs::remove_file(&t).unwrap();
    fs::write(&t, "not a directory").unwrap();
    let out = check(dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));

    // A link to a directory outside the corpus is not followed either.
    let outside = corpus(&[]);
    fs::remove_file(&t).unwrap();
    std::os::unix::fs::symlink(outside.path().join("themes"), &t).unwrap();
    let out = check(dir.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("outside the corpus"), "{err}");
}

// ---- 11. bidirectional controls ----------------------------------------

#[test]
fn bidi_controls_are_refused_in_ids_and_shown_as_stand_ins_elsewhere() {
    let map = "[[themes]]\nid = \"t\"\ntitle = \"Ti\u{202e}tle\"\nquestion = \"Why?\\n# Not a heading\\n- not an item\"\n\
               [[themes]]\nid = \"ev\u{202e}il\"\ntitle = \"E\"\n\
               [[passages]]\nessay = \"e1\"\nthemes = [\"t\"]\nquote = \"Alpha beta\"\nstance = \"s\u{2066}x\u{2069}\"\nnote = \"n\\n1. one\\n> q\"\n";
    let dir = corpus(&[("themes/m.toml", map.as_bytes())]);
    let out = check(dir.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("holds the invisible character U+202E"),
        "{err}"
    );
    assert!(terminal_safe(&err), "{err:?}");

    // Without the bad id the corpus loads; bidi controls in text come out
    // as stand-ins in every format.
    let map = map.replace("id = \"ev\u{202e}il\"", "id = \"evil\"");
    fs::write(dir.path().join("themes/m.toml"), &map).unwrap();
    let d = dir.path().to_str().unwrap();
    for args in [
        vec!["themes", d],
        vec!["themes", d, "--format", "json"],
        vec!["show", "t", d],
        vec!["show", "t", d, "--format", "md"],
        vec!["show", "t", d, "--format", "json"],
    ] {
        let out = run(&args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(terminal_safe(&text), "{args:?}: {text:?}");
        assert!(text.contains("Ti\u{fffd}tle"), "{args:?}: {text}");
    }
    // Newlines in the question and note cannot make Markdown blocks.
    let md = String::from_utf8(run(&["show", "t", d, "--format", "md"]).stdout).unwrap();
    for l in md.lines() {
        assert!(!l.starts_with("# Not") && !l.starts_with("- not"), "{md}");
        assert!(!l.starts_with("1. one") && !l.starts_with("> q"), "{md}");
    }
    assert!(md.contains("Why? \\# Not a heading - not an item"), "{md}");
}

#[test]
fn a_bidi_control_in_an_essay_file_name_is_refused() {
    let dir = corpus(&[("essays/e\u{202e}2.md", ESSAY.as_bytes())]);
    let out = check(dir.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("bidirectional"), "{err}");
    assert!(terminal_safe(&err), "{err:?}");
}

// ---- 13. validation gaps -----------------------------------------------

#[test]
fn empty_strings_and_empty_steps_are_errors() {
    let essay = "+++\ntitle = \"\"\nauthors = [\"\", \"  \"]\n+++\nAlpha beta gamma.\n";
    let map = "[[themes]]\nid = \"t\"\ntitle = \" \"\n\
               [[passages]]\nessay = \"e1\"\nthemes = [\"t\"]\nquote = \"Alpha beta\"\nstance = \"\"\n\
               [[tours]]\nid = \"x\"\ntitle = \"X\"\nsteps = []\n";
    let dir = corpus(&[
        ("essays/e2.md", essay.as_bytes()),
        ("themes/m.toml", map.as_bytes()),
    ]);
    let out = check(dir.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    for (at, what) in [
        ("e2.md:2:9", "`title` in front matter is empty"),
        ("e2.md:3:12", "an item of `authors` is empty"),
        ("e2.md:3:16", "an item of `authors` is empty"),
        ("m.toml:3:9", "`title` in [[themes]] is empty"),
        ("m.toml:8:10", "`stance` in [[passages]] is empty"),
        ("m.toml:9:1", "tour has no steps"),
    ] {
        assert!(
            err.lines().any(|l| l.contains(at)) && err.contains(what),
            "{at} {what}\n{err}"
        );
    }
}

#[test]
fn a_megabyte_quote_is_cut_in_the_diagnostic() {
    let quote = "z".repeat(1 << 20);
    let map = format!(
        "[[themes]]\nid = \"t\"\ntitle = \"T\"\n[[passages]]\nessay = \"e1\"\nthemes = [\"t\"]\nquote = \"{quote}\"\nstance = \"s\"\n"
    );
    let dir = corpus(&[("themes/m.toml", map.as_bytes())]);
    let out = check(dir.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(err.len() < 8_000, "{} bytes of diagnostics", err.len());
    assert!(err.contains("m.toml:7:9"), "{err}");
}

// ---- 4. diagnostics are capped -------------------------------------------

#[test]
fn check_shows_the_first_200_problems_and_all_with_all() {
    let mut map = String::from("[[themes]]\nid = \"t\"\ntitle = \"T\"\n");
    for _ in 0..250 {
        map.push_str(
            "[[passages]]\nessay = \"gone\"\nthemes = [\"t\"]\nquote = \"Alpha\"\nstance = \"s\"\n",
        );
    }
    let dir = corpus(&[("themes/m.toml", map.as_bytes())]);
    let out = check(dir.path());
    let err = stderr(&out);
    let count = |s: &str| s.lines().filter(|l| l.starts_with("error:")).count();
    assert_eq!(count(&err), 200, "{err}");
    assert!(
        err.contains("… 50 more problems not shown (`parallax check --all` shows every one)"),
        "{err}"
    );
    assert!(err.ends_with(": 250 errors, 0 warnings\n"), "{err}");
    let out = run(&["check", "--all", dir.path().to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(count(&err), 250);
    assert!(!err.contains("not shown"));
}
