//! The map writer (`parallax::mapping::write`): edits leave every other
//! byte of the file as it was, undo restores the file byte for byte, and a
//! file changed on disk is merged into or refused, never overwritten.

use std::fs;
use std::sync::{Arc, Barrier};

use parallax::corpus::{self, files};
use parallax::mapping::anchor::Selector;
use parallax::mapping::write::{
    self, apply, Change, Edit, EditError, Entry, Field, FieldValue, MapFile, NewPassage, NewTheme,
    PassageRef,
};
use parallax::mapping::Role;
use proptest::prelude::*;

const BUILTIN_MAP: &str = include_str!("../themes/japan-korea.toml");

fn text(s: &str) -> Option<FieldValue> {
    Some(FieldValue::text(s))
}

fn new_passage(essay: &str, quote: &str) -> NewPassage {
    NewPassage {
        essay: essay.into(),
        themes: vec!["gsomia".into()],
        selector: Selector::Quote(quote.into()),
        prefix: None,
        suffix: None,
        stance: Some("A stance with \"quotes\" and a \\ backslash.".into()),
        role: Some(Role::Evidence),
        note: None,
    }
}

/// The parts of `new` that differ from `old`: (old range, new range) of
/// the single changed region between the common prefix and suffix.
fn changed_region(old: &str, new: &str) -> (std::ops::Range<usize>, std::ops::Range<usize>) {
    let p = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    let max_s = old.len().min(new.len()) - p;
    let s = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(max_s)
        .take_while(|(a, b)| a == b)
        .count();
    (p..old.len() - s, p..new.len() - s)
}

/// Where `new` is `old` with `block` inserted at one point: that point.
fn inserted_at(old: &str, new: &str, block: &str) -> usize {
    assert_eq!(new.len(), old.len() + block.len(), "{new}");
    let at = new.find(block).expect("block inserted");
    assert_eq!(&new[..at], &old[..at]);
    assert_eq!(&new[at + block.len()..], &old[at..]);
    at
}

/// A corpus directory holding the built-in essays and `map` as its map.
fn corpus_with_map(map: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("essays")).unwrap();
    fs::create_dir(dir.path().join("themes")).unwrap();
    for entry in fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/essays")).unwrap() {
        let entry = entry.unwrap();
        fs::copy(
            entry.path(),
            dir.path().join("essays").join(entry.file_name()),
        )
        .unwrap();
    }
    fs::write(dir.path().join("themes/japan-korea.toml"), map).unwrap();
    dir
}

#[test]
fn a_new_passage_goes_after_the_last_passage_and_before_the_tours() {
    let quote =
        "Key intelligence sharing between the US, Japan, and South Korea was also jeopardized";
    let out = apply(
        BUILTIN_MAP,
        &Edit::AddPassage(new_passage("hawley-leopold-2021", quote)),
    )
    .unwrap();
    let at = inserted_at(
        BUILTIN_MAP,
        &out.text,
        "\n[[passages]]\nessay = \"hawley-leopold-2021\"\nthemes = [\"gsomia\"]\n\
         quote = \"Key intelligence sharing between the US, Japan, and South Korea was also jeopardized\"\n\
         stance = 'A stance with \"quotes\" and a \\ backslash.'\nrole = \"evidence\"\n",
    );
    // After the last passage of the file, before the tours' comment.
    let tours = BUILTIN_MAP.find("# --- Tours").unwrap();
    let last_passage = BUILTIN_MAP.rfind("[[passages]]").unwrap();
    assert!(last_passage < at && at < tours);
    // The corpus still loads, with the passage anchored.
    let dir = corpus_with_map(&out.text);
    let loaded = corpus::load(files::from_dir(dir.path()));
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    let builtin = corpus::load(files::builtin()).corpus.map.passages.len();
    assert_eq!(loaded.corpus.map.passages.len(), builtin + 1);
}

#[test]
fn an_update_changes_only_the_value_it_sets() {
    let entries = write::passages(BUILTIN_MAP).unwrap();
    let p = &entries[7];
    let old_stance = p.get(Field::Stance).cloned();
    let out = apply(
        BUILTIN_MAP,
        &Edit::Update {
            target: p.reference().unwrap(),
            changes: vec![Change::new(
                Field::Stance,
                old_stance.clone(),
                text("Changed."),
            )],
        },
    )
    .unwrap();
    let Some(FieldValue::Text(s)) = &old_stance else {
        panic!()
    };
    // Only the stance's value, quotes included, is different.
    let old_value = format!("stance = \"{s}\"\n");
    let at = BUILTIN_MAP[p.range.clone()].find(&old_value).unwrap() + p.range.start + 9;
    let end = at + old_value.len() - 10;
    assert_eq!(&out.text[..at], &BUILTIN_MAP[..at]);
    assert_eq!(&out.text[at..at + 10], "\"Changed.\"");
    assert_eq!(&out.text[at + 10..], &BUILTIN_MAP[end..]);
}

#[test]
fn adding_a_missing_field_puts_it_in_key_order_and_removing_takes_its_line() {
    let map = "# top\n[[passages]]\nessay = \"e\" # the essay\nthemes = [\"a\"]\nquote = \"q\"\nrole = \"claim\"\n\n# after\n";
    let r = PassageRef {
        essay: "e".into(),
        selector: Selector::Quote("q".into()),
        index: None,
    };
    let out = apply(
        map,
        &Edit::Update {
            target: r.clone(),
            changes: vec![
                Change::new(Field::Stance, None, text("S")),
                Change::new(Field::Note, None, text("N")),
                Change::new(Field::Role, text("claim"), None),
            ],
        },
    )
    .unwrap();
    assert_eq!(
        out.text,
        "# top\n[[passages]]\nessay = \"e\" # the essay\nthemes = [\"a\"]\nquote = \"q\"\nstance = \"S\"\nnote = \"N\"\n\n# after\n"
    );
    assert_eq!(apply(&out.text, &out.inverse).unwrap().text, map);
}

#[test]
fn a_quote_becomes_start_and_end_in_its_place() {
    let map = "[[passages]]\nessay = \"e\"\nthemes = [\"a\"]\nquote = \"one two three\"\nstance = \"s\"\n";
    let r = PassageRef {
        essay: "e".into(),
        selector: Selector::Quote("one two three".into()),
        index: Some(0),
    };
    let out = apply(
        map,
        &Edit::Update {
            target: r,
            changes: vec![
                Change::new(Field::Quote, text("one two three"), None),
                Change::new(Field::Start, None, text("one")),
                Change::new(Field::End, None, text("three")),
            ],
        },
    )
    .unwrap();
    assert_eq!(
        out.text,
        "[[passages]]\nessay = \"e\"\nthemes = [\"a\"]\nstart = \"one\"\nend = \"three\"\nstance = \"s\"\n"
    );
    assert_eq!(apply(&out.text, &out.inverse).unwrap().text, map);
}

#[test]
fn delete_and_its_undo_restore_the_file_byte_for_byte() {
    let entries = write::passages(BUILTIN_MAP).unwrap();
    for i in [0, 1, 17, entries.len() - 1] {
        let p = &entries[i];
        let del = apply(
            BUILTIN_MAP,
            &Edit::Delete {
                target: Entry::Passage(p.reference().unwrap()),
                expect: Some(BUILTIN_MAP[p.range.clone()].trim_end().to_string()),
                inserted: None,
            },
        )
        .unwrap();
        assert_eq!(write::passages(&del.text).unwrap().len(), entries.len() - 1);
        // The comments around it stay.
        assert_eq!(
            del.text.matches('#').count(),
            BUILTIN_MAP.matches('#').count() - BUILTIN_MAP[p.range.clone()].matches('#').count()
        );
        let undo = apply(&del.text, &del.inverse).unwrap();
        assert_eq!(undo.text, BUILTIN_MAP, "passage {i}");
        // And redo (the inverse of the undo) deletes it again.
        assert_eq!(apply(&undo.text, &undo.inverse).unwrap().text, del.text);
    }
}

#[test]
fn an_added_theme_goes_after_the_last_theme_and_undoes() {
    let t = NewTheme {
        id: "sports".into(),
        title: "Sport as diplomacy".into(),
        question: Some("Can the Olympics help?".into()),
        color: None,
    };
    let out = apply(BUILTIN_MAP, &Edit::AddTheme(t.clone())).unwrap();
    let at = inserted_at(
        BUILTIN_MAP,
        &out.text,
        "\n[[themes]]\nid = \"sports\"\ntitle = \"Sport as diplomacy\"\nquestion = \"Can the Olympics help?\"\n",
    );
    assert!(at < BUILTIN_MAP.find("# Group A").unwrap());
    assert!(at > BUILTIN_MAP.find("id = \"quad\"").unwrap());
    assert!(matches!(
        apply(&out.text, &Edit::AddTheme(t)),
        Err(EditError::Duplicate(_))
    ));
    assert_eq!(apply(&out.text, &out.inverse).unwrap().text, BUILTIN_MAP);
}

#[test]
fn a_stale_update_is_refused() {
    let entries = write::passages(BUILTIN_MAP).unwrap();
    let p = &entries[3];
    let err = apply(
        BUILTIN_MAP,
        &Edit::Update {
            target: p.reference().unwrap(),
            // It is "context".
            changes: vec![Change::new(
                Field::Role,
                text("recommendation"),
                text("claim"),
            )],
        },
    )
    .unwrap_err();
    assert!(matches!(err, EditError::Conflict(_)), "{err}");
}

#[test]
fn crlf_files_and_files_without_a_final_newline_stay_so() {
    let map = "[map]\r\ntitle = \"m\"\r\n\r\n[[passages]]\r\nessay = \"e\"\r\nthemes = [\"a\"]\r\nquote = \"q\"";
    let out = apply(map, &Edit::AddPassage(new_passage("e", "other"))).unwrap();
    assert!(out.text.starts_with(map));
    assert!(
        !out.text.replace("\r\n", "").contains('\n'),
        "{:?}",
        out.text
    );
    let added = &out.text[map.len()..];
    assert!(added.starts_with("\r\n\r\n[[passages]]\r\n"), "{added:?}");
}

#[test]
fn passages_written_as_an_inline_array_are_refused_not_rewritten() {
    let map = "passages = [{essay = \"e\", themes = [\"a\"], quote = \"q\"}]\n";
    let err = apply(map, &Edit::AddPassage(new_passage("e", "r"))).unwrap_err();
    assert!(matches!(err, EditError::Malformed(_)), "{err}");
}

#[test]
fn the_file_for_a_new_passage_is_the_one_with_its_essay_else_its_theme() {
    let a = "[[themes]]\nid = \"x\"\ntitle = \"X\"\n\n[[passages]]\nessay = \"one\"\nthemes = [\"x\"]\nquote = \"q\"\n";
    let b = "[[themes]]\nid = \"y\"\ntitle = \"Y\"\n\n[[passages]]\nessay = \"two\"\nthemes = [\"y\"]\nquote = \"q\"\n";
    let maps = [a, b];
    assert_eq!(write::target_file(&maps, "two", &["x".into()]), 1);
    assert_eq!(write::target_file(&maps, "three", &["y".into()]), 1);
    assert_eq!(write::target_file(&maps, "three", &["x".into()]), 0);
    assert_eq!(write::target_file(&maps, "three", &["z".into()]), 0);
}

// ── Changed on disk ─────────────────────────────────────────────────────

fn map_file(contents: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.toml");
    fs::write(&path, contents).unwrap();
    (dir, path)
}

fn set(p: &write::PassageEntry, field: Field, value: &str) -> Edit {
    Edit::Update {
        target: p.reference().unwrap(),
        changes: vec![Change::new(field, p.get(field).cloned(), text(value))],
    }
}

#[test]
fn an_edit_is_re_applied_to_a_file_changed_on_disk_elsewhere() {
    let (_dir, path) = map_file(BUILTIN_MAP);
    let mut a = MapFile::open(&path).unwrap();
    let mut b = MapFile::open(&path).unwrap();
    let entries = a.passages().unwrap();
    let first = a
        .apply(&set(&entries[0], Field::Stance, "A's stance"))
        .unwrap();
    assert!(!first.merged);
    // b read the file before a wrote; its edit of another passage is merged.
    let second = b.apply(&set(&entries[5], Field::Note, "B's note")).unwrap();
    assert!(second.merged);
    let now = write::passages(&fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(now[0].get(Field::Stance), text("A's stance").as_ref());
    assert_eq!(now[5].get(Field::Note), text("B's note").as_ref());
    // An editor's new comment survives b's next edit.
    let edited = fs::read_to_string(&path)
        .unwrap()
        .replacen("[map]", "# edited by hand\n[map]", 1);
    fs::write(&path, &edited).unwrap();
    b.apply(&set(&entries[9], Field::Role, "claim")).unwrap();
    assert!(fs::read_to_string(&path)
        .unwrap()
        .starts_with("# edited by hand\n[map]"));
}

#[test]
fn an_edit_that_would_overwrite_someone_elses_change_is_refused() {
    let (_dir, path) = map_file(BUILTIN_MAP);
    let mut a = MapFile::open(&path).unwrap();
    let mut b = MapFile::open(&path).unwrap();
    let entries = a.passages().unwrap();
    a.apply(&set(&entries[2], Field::Stance, "A's stance"))
        .unwrap();
    let after_a = fs::read_to_string(&path).unwrap();
    let err = b
        .apply(&set(&entries[2], Field::Stance, "B's stance"))
        .unwrap_err();
    assert!(err.to_string().contains("changed on disk"), "{err}");
    // A deletion of the passage someone edited is refused too.
    let err = b
        .apply(&Edit::Delete {
            target: Entry::Passage(entries[2].reference().unwrap()),
            expect: Some(BUILTIN_MAP[entries[2].range.clone()].trim_end().to_string()),
            inserted: None,
        })
        .unwrap_err();
    assert!(matches!(err, EditError::Conflict(_)), "{err}");
    assert_eq!(fs::read_to_string(&path).unwrap(), after_a);
    // A file that no longer parses is not touched.
    fs::write(&path, "[[passages]\nbroken").unwrap();
    let err = b.apply(&set(&entries[4], Field::Note, "x")).unwrap_err();
    assert!(err.to_string().contains("not valid TOML"), "{err}");
    assert_eq!(fs::read_to_string(&path).unwrap(), "[[passages]\nbroken");
}

#[test]
fn concurrent_writers_lose_no_edit() {
    let (_dir, path) = map_file(BUILTIN_MAP);
    let entries = write::passages(BUILTIN_MAP).unwrap();
    let n = 8;
    let barrier = Arc::new(Barrier::new(n));
    let handles: Vec<_> = (0..n)
        .map(|i| {
            let path = path.clone();
            let barrier = barrier.clone();
            let p = entries[i * 3].clone();
            std::thread::spawn(move || {
                let mut f = MapFile::open(&path).unwrap();
                barrier.wait();
                // Each thread adds a passage and edits another.
                f.apply(&Edit::AddPassage(new_passage(
                    "sneider-2021",
                    &format!("thread {i}"),
                )))
                .unwrap();
                f.apply(&set(&p, Field::Note, &format!("note {i}")))
                    .unwrap();
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let now = write::passages(&fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(now.len(), entries.len() + n);
    for i in 0..n {
        assert_eq!(
            now[i * 3].get(Field::Note),
            text(&format!("note {i}")).as_ref()
        );
        assert!(now
            .iter()
            .any(|p| p.selector == Some(Selector::Quote(format!("thread {i}")))));
    }
    // No lock or temporary file is left behind.
    let names: Vec<_> = fs::read_dir(path.parent().unwrap()).unwrap().collect();
    assert_eq!(names.len(), 1);
}

// ── Formatting preservation, property-tested ────────────────────────────

/// A map file with varied formatting: comments above and beside entries,
/// indentation, literal and multi-line strings, multi-line arrays, CRLF,
/// blank lines, tours after the passages, and maybe no final newline.
fn arb_map() -> impl Strategy<Value = String> {
    let passage = (
        0usize..3,
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        0usize..3,
        "[a-z ]{1,12}",
    );
    (
        prop::collection::vec(passage, 1..7),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(ps, crlf, tours, final_nl)| {
            let mut s = String::from("# A map\n[map]\ntitle = 'T'  # inline\n\n[[themes]]\nid = \"a\"\ntitle = \"A\"\n\n");
            for (k, (essay, comment, indent, literal, multiline, range, words)) in
                ps.into_iter().enumerate()
            {
                if comment {
                    s += &format!("# passage {k}\n");
                }
                s += "[[passages]]\n";
                let ind = if indent { "  " } else { "" };
                s += &format!("{ind}essay = \"e{essay}\"\n");
                if multiline {
                    s += &format!("{ind}themes = [\n  \"a\", # first\n  \"b\",\n]\n");
                } else {
                    s += &format!("{ind}themes=[\"a\"]\n");
                }
                let q = |x: &str| {
                    if literal {
                        format!("'{x}'")
                    } else {
                        format!("\"{x}\"")
                    }
                };
                if range == 0 {
                    s += &format!("{ind}start = {}\n{ind}end = {}\n", q(&format!("s{k}")), q("e"));
                } else {
                    s += &format!("{ind}quote = {}\n", q(&format!("q{k} {words}")));
                }
                if range == 2 {
                    s += &format!("{ind}stance = \"\"\"\nline one\nline two {k}\"\"\"\n");
                } else {
                    s += &format!("{ind}stance   =   {}   # why\n", q(&words));
                }
                if comment {
                    s += "# trailing words\n";
                }
                s += "\n";
            }
            if tours {
                s += "# --- Tours\n[[tours]]\nid = \"t\"\ntitle = \"T\"\n[[tours.steps]]\ntheme = \"a\"\n";
            }
            if !final_nl {
                while s.ends_with('\n') {
                    s.pop();
                }
            }
            if crlf {
                s = s.replace('\n', "\r\n");
            }
            s
        })
}

#[derive(Debug, Clone)]
enum Op {
    Set(usize, Field, Option<String>),
    Delete(usize),
    Add(String),
}

fn arb_op() -> impl Strategy<Value = Op> {
    let field = prop::sample::select(vec![
        Field::Stance,
        Field::Role,
        Field::Note,
        Field::Prefix,
        Field::Suffix,
        Field::Quote,
    ]);
    prop_oneof![
        (
            0usize..8,
            field,
            prop::option::of("[A-Za-z\"'\\\\ é\n]{0,10}")
        )
            .prop_map(|(i, f, v)| Op::Set(i, f, v)),
        (0usize..8).prop_map(Op::Delete),
        "[a-z]{1,8}".prop_map(Op::Add),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Whatever the edit, the bytes outside the edited entry are the
    /// file's own, the entry has exactly the values set, and the inverse
    /// gives back the original file byte for byte.
    #[test]
    fn edits_keep_every_other_byte_and_undo_exactly(map in arb_map(), ops in prop::collection::vec(arb_op(), 1..6)) {
        let mut text = map.clone();
        let mut history: Vec<(String, Edit)> = Vec::new();
        for op in ops {
            let entries = write::passages(&text).unwrap();
            let edit = match &op {
                Op::Set(i, f, v) => {
                    let Some(p) = entries.get(i % entries.len().max(1)) else { continue };
                    // A passage with start/end keeps its selector; a quote
                    // cannot be removed (it would leave no selector).
                    if *f == Field::Quote && (p.get(Field::Quote).is_none() || v.is_none()) { continue }
                    Edit::Update { target: p.reference().unwrap(), changes: vec![Change::new(*f, p.get(*f).cloned(), v.clone().map(FieldValue::Text))] }
                }
                Op::Delete(i) => {
                    let Some(p) = entries.get(i % entries.len().max(1)) else { continue };
                    Edit::Delete { target: Entry::Passage(p.reference().unwrap()), expect: None, inserted: None }
                }
                Op::Add(w) => Edit::AddPassage(new_passage("e9", w)),
            };
            let out = match apply(&text, &edit) {
                Ok(o) => o,
                // Two passages written alike (same quote after an edit)
                // are ambiguous; a duplicate add is refused. Both leave
                // the text as it was.
                Err(EditError::Ambiguous(_) | EditError::Duplicate(_)) => continue,
                Err(e) => panic!("{e} for {op:?} on {text:?}"),
            };
            let (old, new) = changed_region(&text, &out.text);
            match (&op, &edit) {
                (Op::Set(..), Edit::Update { target, changes }) => {
                    let p = entries.iter().find(|e| e.reference().as_ref().map(|r| (&r.essay, &r.selector)) == Some((&target.essay, &target.selector))).unwrap();
                    // Nothing outside the passage's own lines changed.
                    prop_assert!(out.text == text || (old.start >= p.range.start && old.end <= p.range.end), "{:?} outside {:?}", old, p.range);
                    let after = write::passages(&out.text).unwrap();
                    let q = &after[p.index];
                    for f in [Field::Themes, Field::Quote, Field::Start, Field::End, Field::Prefix, Field::Suffix, Field::Stance, Field::Role, Field::Note] {
                        let want = if f == changes[0].field { changes[0].new.as_ref() } else { p.get(f) };
                        prop_assert_eq!(q.get(f), want, "{:?}", f);
                    }
                }
                (Op::Delete(i), _) => {
                    prop_assert!(new.is_empty(), "a deletion only removes");
                    // Exactly that passage is gone; every other one is as
                    // it was, in order. (Not "its text appears nowhere":
                    // next to a look-alike entry the smallest changed
                    // region is a rotation of it, found in the neighbour.)
                    let fields = |p: &write::PassageEntry| -> Vec<Option<FieldValue>> {
                        [Field::Themes, Field::Quote, Field::Start, Field::End, Field::Prefix, Field::Suffix, Field::Stance, Field::Role, Field::Note]
                            .into_iter()
                            .map(|f| p.get(f).cloned())
                            .collect()
                    };
                    let after: Vec<_> = write::passages(&out.text).unwrap().iter().map(fields).collect();
                    let mut want: Vec<_> = entries.iter().map(fields).collect();
                    want.remove(i % entries.len());
                    prop_assert_eq!(after, want);
                }
                (Op::Add(_), _) => {
                    prop_assert!(old.is_empty(), "an addition only inserts");
                    let before_tours = text.find("# --- Tours").unwrap_or(text.len());
                    prop_assert!(old.start <= before_tours);
                    if let Some(last) = entries.last() {
                        prop_assert!(old.start >= last.range.end.min(text.len()) - 1);
                    }
                }
                _ => unreachable!(),
            }
            prop_assert_eq!(&apply(&out.text, &out.inverse).unwrap().text, &text, "undo of {:?}", op);
            history.push((text.clone(), out.inverse));
            text = out.text;
        }
        // Undo everything, newest first: the original file.
        while let Some((before, inverse)) = history.pop() {
            let out = apply(&text, &inverse).unwrap();
            prop_assert_eq!(&out.text, &before);
            text = out.text;
        }
        prop_assert_eq!(text, map);
    }
}

#[test]
fn the_first_theme_of_a_starter_map_goes_below_maps_commented_keys() {
    let map = parallax::authoring::scaffold::STARTER_MAP;
    let out = apply(
        map,
        &Edit::AddTheme(NewTheme {
            id: "t".into(),
            title: "T".into(),
            question: None,
            color: None,
        }),
    )
    .unwrap();
    let at = inserted_at(map, &out.text, "\n[[themes]]\nid = \"t\"\ntitle = \"T\"\n");
    assert!(
        out.text[..at].ends_with("[map]\n# title = \"What the essays disagree about\"\n"),
        "{}",
        out.text
    );
    assert_eq!(apply(&out.text, &out.inverse).unwrap().text, map);
}
