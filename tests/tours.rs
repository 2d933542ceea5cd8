//! Seminar tours: the tour fields (`minutes`, `reading`, `summary`, `focus`)
//! resolved and validated with diagnostics, the built-in tours fitting a
//! class, and the Markdown handout (`show --tour ID --format md`).

mod common;

use std::path::{Path, PathBuf};

use parallax::corpus::{self, files};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// `parallax ARGS` from the fixtures directory, uncoloured.
fn parallax(args: &[&str]) -> Run {
    common::run_in(&fixtures(), args)
}

use common::{builtin_corpus as builtin, Run};

/// The rendered diagnostic block that starts with `head` and points at
/// `position`; fails with the whole report when there is none.
fn block<'s>(stderr: &'s str, head: &str, position: &str) -> &'s str {
    let mut starts: Vec<usize> = stderr
        .match_indices("\nerror: ")
        .chain(stderr.match_indices("\nwarning: "))
        .map(|(i, _)| i + 1)
        .collect();
    starts.push(0);
    starts.sort_unstable();
    for (k, &s) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(stderr.len());
        let b = &stderr[s..end];
        if b.starts_with(head) && b.contains(&format!("┌─ {position}\n")) {
            return b;
        }
    }
    panic!("no `{head}` at {position} in:\n{stderr}")
}

#[test]
fn tour_mistakes_are_reported_with_position_and_hint() {
    let r = parallax(&["check", "tours"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let e = &r.stderr;
    let at = |lc: &str| format!("tours/themes/map.toml:{lc}");
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "error: essay `alpah` not found",
            "48:12",
            &["did you mean `alpha`?"],
        ),
        (
            "warning: essay `beta` listed twice in `reading`",
            "48:29",
            &["repeated"],
        ),
        (
            "error: `minutes` must be from 1 to 240, not 0",
            "52:11",
            &["hint: "],
        ),
        (
            "warning: essay `alpha` has 2 passages on theme `trust`",
            "53:21",
            &[
                "1 «Trust must be rebuilt",
                "2 «Trust is not built",
                "hint: give a number from 1 to 2",
            ],
        ),
        (
            "warning: no passage of `beta` on theme `trust` contains these words",
            "53:33",
            &["1 «Security ties held", "hint: copy the words"],
        ),
        (
            "error: `minutes` must be a whole number, not a string",
            "58:11",
            &["without quotes"],
        ),
        (
            "error: essay `beta` is not one of this step's essays",
            "60:11",
            &["hint: add it to the step's `essays`"],
        ),
        (
            "warning: 2 passages of `alpha` on theme `trust` contain these words",
            "60:33",
            &["hint: lengthen the words"],
        ),
        ("error: essay `gamma` not found", "60:42", &["hint: "]),
        (
            "error: `focus` must be a table, not an array",
            "65:9",
            &["hint: `focus = {"],
        ),
        (
            "warning: tour `partial`: 1 of 2 steps have `minutes`",
            "77:1",
            &["hint: give every step `minutes`, or none"],
        ),
    ];
    for (head, pos, hints) in cases {
        let b = block(e, head, &at(pos));
        for h in *hints {
            assert!(b.contains(h), "no {h:?} in:\n{b}");
        }
    }
    assert!(e.ends_with("tours: 6 errors, 5 warnings\n"), "{e}");
    // Nothing in the good tour (lines 27 to 45) is blamed.
    for line in 27..=45 {
        assert!(!e.contains(&format!("map.toml:{line}:")), "{e}");
    }
}

#[test]
fn focus_picks_the_passage_by_number_or_by_words_and_minutes_add_up() {
    let loaded = corpus::load(files::from_dir(&fixtures().join("tours")));
    let c = &loaded.corpus;
    let good = c
        .map
        .tours
        .iter()
        .find(|t| t.id == "good")
        .expect("good tour");
    let alpha = c.essay_index("alpha").unwrap();
    let beta = c.essay_index("beta").unwrap();
    assert_eq!(good.summary.as_deref(), Some("Two steps."));
    assert_eq!(good.reading, vec![alpha, beta]);
    // `focus = { "alpha" = 2 }`: the second of alpha's passages on trust.
    assert_eq!(good.steps[0].focus_of(alpha), 1);
    let p = c.passages_on(good.steps[0].theme, alpha)[1];
    assert!(c.passage_text(p).starts_with("Trust is not built"));
    // Essays not named start on their first passage.
    assert_eq!(good.steps[0].focus_of(beta), 0);
    // By words: alpha has one passage on security, the one holding them.
    let p = c.passages_on(good.steps[1].theme, alpha)[good.steps[1].focus_of(alpha)];
    assert!(c.passage_text(p).contains("held all the same"));
    assert_eq!(good.total_minutes(), Some(15));
    assert_eq!(good.minutes_from(1), Some(5));
    assert_eq!(good.minutes_from(2), Some(0));
    // A partial plan has no total: a countdown from it would lie.
    let partial = c.map.tours.iter().find(|t| t.id == "partial").unwrap();
    assert_eq!(partial.total_minutes(), None);
    assert_eq!(partial.minutes_from(0), None);
}

#[test]
fn the_seventy_five_minute_tour_fits_one_class() {
    let c = builtin();
    let t = c
        .map
        .tours
        .iter()
        .find(|t| t.id == "class-75")
        .expect("class-75");
    assert!((4..=6).contains(&t.steps.len()), "{} steps", t.steps.len());
    let total = t.total_minutes().expect("every step has minutes");
    assert!((60..=90).contains(&total), "{total} minutes");
    assert!(t.summary.is_some());
    assert_eq!(
        t.reading.len(),
        c.essays.len(),
        "every essay is on the reading list"
    );
    let last = t.steps.last().unwrap();
    assert!(last.title.as_deref().unwrap_or("").starts_with("Wrap-up"));
    for s in &t.steps {
        assert!(s.prompt.as_deref().is_some_and(|p| p.contains('?')));
    }
    // The full tour keeps its seven steps, and is timed too.
    let full = c.map.tours.iter().find(|t| t.id == "seminar").unwrap();
    assert_eq!(full.steps.len(), 7);
    assert!(full.total_minutes().is_some());
}

#[test]
fn tour_steps_open_on_the_passages_the_prompts_ask_about() {
    let c = builtin();
    let t = c.map.tours.iter().find(|t| t.id == "class-75").unwrap();
    let opening = |step: usize, essay: &str| {
        let s = &t.steps[step];
        let e = c.essay_index(essay).unwrap();
        c.passage_text(c.passages_on(s.theme, e)[s.focus_of(e)])
            .to_string()
    };
    // Step 1 sets the two debaters' theses side by side, not whatever
    // passage of theirs comes first on the theme.
    assert!(opening(0, "sneider-2021").starts_with("The United States cannot “fix”"));
    assert!(opening(0, "park-2021").contains("several reasons why the United States cannot “fix”"));
    // The wrap-up opens on closing paragraphs.
    assert!(opening(5, "sneider-2021").starts_with("The burden of the past"));
    assert!(opening(5, "park-2021").starts_with("Avoiding dialogue"));
    assert!(opening(5, "cha-johnstone-2023").starts_with("There is a Japanese proverb"));
}

#[test]
fn handout_prints_reading_prompts_minutes_and_passages() {
    let r = parallax(&["show", "--tour", "class-75", "--format", "md"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let md = &r.stdout;
    let c = builtin();
    let t = c.map.tours.iter().find(|t| t.id == "class-75").unwrap();
    assert!(md.starts_with(&format!("# {}\n", t.title)));
    assert!(md.contains("*75 minutes · 6 steps*"));
    assert!(md.contains("## Before class, read\n"));
    for (k, s) in t.steps.iter().enumerate() {
        let head = format!(
            "## {}. {} · {} minutes\n",
            k + 1,
            s.title.as_deref().unwrap(),
            s.minutes.unwrap()
        );
        assert!(md.contains(&head), "no {head:?}");
    }
    assert!(md.contains("> The burden of the past cannot be easily overcome."));
    assert!(md.contains("**claim** — "), "stances are in by default");
    insta::assert_snapshot!("handout_class_75", md);

    let r = parallax(&[
        "show",
        "--tour",
        "class-75",
        "--format",
        "md",
        "--no-stances",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let bare = &r.stdout;
    for p in &c.map.passages {
        // (A stance may quote its passage whole; that one is in the quote.)
        let quoted_whole = p.stance.as_deref() == Some(&c.essays[p.essay].text[p.range.clone()]);
        if let (Some(s), false) = (&p.stance, quoted_whole) {
            assert!(!bare.contains(s.as_str()), "stance left in: {s}");
        }
    }
    assert!(!bare.contains("**claim**") && !bare.contains("*Note:*"));
    // The same passages are quoted either way.
    let quoted = |s: &str| s.lines().filter(|l| l.starts_with("> ")).count();
    assert_eq!(quoted(bare), quoted(md));
}

#[test]
fn handout_usage_errors() {
    let r = parallax(&["show", "--tour", "clas-75", "--format", "md"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("unknown tour `clas-75`"), "{}", r.stderr);
    assert!(
        r.stderr.contains("did you mean `class-75`?"),
        "{}",
        r.stderr
    );

    let r = parallax(&["show", "--tour", "class-75", "--format", "json"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--format md"), "{}", r.stderr);

    let r = parallax(&["show", "gsomia", "--no-stances"]);
    assert_eq!(r.code, 2, "--no-stances needs --tour: {}", r.stderr);

    // With --tour, the positional argument is the corpus.
    let r = parallax(&["show", "--tour", "good", "tours", "--format", "md"]);
    assert_eq!(r.code, 1, "the fixture has errors: {}", r.stderr);
    assert!(r.stderr.contains("parallax check"), "{}", r.stderr);
}
