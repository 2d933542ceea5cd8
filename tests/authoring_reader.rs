//! Coding passages in the reader: select words, tag them (theme, stance,
//! role, note), see the passage at once; edit, delete, undo and redo, each
//! written through to the map file; Esc cancels with nothing written; the
//! built-in corpus is read-only.

mod common;

use std::fs;
use std::path::Path;
use std::sync::Arc;

use parallax::corpus::{self, files};
use parallax::tui::app::{App, StartOptions};
use parallax::tui::input;
use parallax::tui::keymap::{Key, Keymap};
use ratatui::crossterm::event::{KeyCode, KeyModifiers};

const MAP: &str = "themes/japan-korea.toml";

/// How many passages the built-in map has (the corpus these tests copy).
fn builtin_passages() -> usize {
    corpus::load(files::builtin()).corpus.map.passages.len()
}

/// A writable copy of the built-in corpus, opened in the reader on one
/// essay at 120×40.
fn open(essays: &[&str], theme: Option<&str>) -> (tempfile::TempDir, App) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("c");
    parallax::authoring::scaffold::create(&dir, true).unwrap();
    let app = open_dir(&dir, essays, theme);
    (tmp, app)
}

fn open_dir(dir: &Path, essays: &[&str], theme: Option<&str>) -> App {
    let loaded = corpus::load(files::from_dir(dir));
    assert!(!loaded.has_errors());
    let corpus = Arc::new(loaded.corpus);
    let opts = StartOptions {
        essays: essays
            .iter()
            .map(|e| corpus.essay_index(e).unwrap())
            .collect(),
        theme: theme.map(|t| corpus.theme_index(t).unwrap()),
        size: (120, 40),
        color: false,
        keymap: Keymap::default(),
        corpus_dir: Some(dir.to_path_buf()),
        ..StartOptions::default()
    };
    App::new(corpus, opts)
}

fn key(app: &mut App, k: Key) {
    if let Some(a) = input::action_for_key(app, k) {
        app.update(a);
    }
}

fn keys(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, Key::ch(c));
    }
}

fn special(app: &mut App, code: KeyCode) {
    key(
        app,
        Key {
            code,
            mods: KeyModifiers::NONE,
        },
    );
}

fn screen(app: &App) -> String {
    common::text(&common::draw(app))
}

/// The reader's map (patched after each edit) is the one a fresh load of
/// the directory gives: same passages, ranges, themes, fields and lines.
#[track_caller]
fn assert_same_as_disk(app: &App, dir: &Path) {
    let fresh = corpus::load(files::from_dir(&dir.join("c")));
    assert!(!fresh.has_errors());
    let key = |c: &parallax::corpus::Corpus| -> Vec<String> {
        c.map
            .passages
            .iter()
            .map(|p| {
                format!(
                    "{} {:?} {:?} {:?} {:?} {:?} {}",
                    c.essays[p.essay].id,
                    p.themes
                        .iter()
                        .map(|&t| c.theme(t).id.clone())
                        .collect::<Vec<_>>(),
                    p.range,
                    p.stance,
                    p.role,
                    p.note,
                    p.defined_at
                )
            })
            .collect()
    };
    assert_eq!(key(&app.corpus), key(&fresh.corpus));
}

fn map(dir: &Path) -> String {
    fs::read_to_string(dir.join("c").join(MAP)).unwrap()
}

#[test]
fn a_selection_tagged_in_the_reader_is_written_and_shown_aligned() {
    let (tmp, mut app) = open(&["sneider-2021"], None);
    let before = map(tmp.path());
    keys(&mut app, "v");
    let s = screen(&app);
    assert!(s.contains("selecting 1 word"), "{s}");
    // Extend to the end of the sentence, then one more word and back.
    special(&mut app, KeyCode::Down);
    special(&mut app, KeyCode::Right);
    special(&mut app, KeyCode::Left);
    let parallax::tui::reader::ReaderMode::Select(sel) = app.reader.mode.clone() else {
        panic!("selecting")
    };
    let text = app.corpus.essays[app.reader.panes[0].essay].text.clone();
    let words = text[sel.range.clone()].to_string();
    assert!(words.ends_with('.'), "a sentence: {words:?}");
    special(&mut app, KeyCode::Enter);
    // The theme picker: filter to GSOMIA.
    keys(&mut app, "gsomia");
    let s = screen(&app);
    assert!(s.contains("Tag ") && s.contains("step 1 of 4"), "{s}");
    assert!(s.contains("GSOMIA and intelligence sharing"), "{s}");
    special(&mut app, KeyCode::Enter);
    keys(&mut app, "Sneider opens with the setting.");
    special(&mut app, KeyCode::Enter);
    keys(&mut app, "x"); // context
    keys(&mut app, "A teaching note.");
    special(&mut app, KeyCode::Enter);
    // Written: the old map is a prefix-and-suffix of the new one.
    let after = map(tmp.path());
    assert!(after.len() > before.len());
    assert!(after.contains(&format!(
        "essay = \"sneider-2021\"\nthemes = [\"gsomia\"]\nquote = {}\nprefix = \"to resuming normal relations.\"\nsuffix = \"The leaders of the two\"\nstance = \"Sneider opens with the setting.\"\nrole = \"context\"\nnote = \"A teaching note.\"\n",
        toml_edit::Value::from(words.as_str())
    )), "{after}");
    // Shown at once: the theme is GSOMIA and the current passage is it.
    let t = app.reader.theme.expect("a theme");
    assert_eq!(app.corpus.theme(t).id, "gsomia");
    let cur = app.reader.target(0).expect("current passage");
    assert_eq!(app.corpus.passage(cur.passage).range, sel.range);
    let s = screen(&app);
    assert!(s.contains("Sneider opens with the setting."), "{s}");
    assert!(s.contains("─ context"), "{s}");
    // And the corpus on disk agrees.
    let o = parallax::corpus::load(files::from_dir(&tmp.path().join("c")));
    assert!(!o.has_errors());
    assert_eq!(o.corpus.map.passages.len(), builtin_passages() + 1);
    assert_same_as_disk(&app, tmp.path());

    // The message names the undo and redo keys through the keymap.
    let m = app.message_text().expect("a message");
    assert!(m.starts_with("passage written; u undoes, "), "{m}");
    let default = app.keymap.clone();
    app.keymap = default.with_keys(parallax::tui::keymap::Command::Undo, vec![Key::ch('U')]);
    let m = app.message_text().expect("a message");
    assert!(m.starts_with("passage written; U undoes, "), "{m}");
    app.keymap = default;

    // u undoes (the file is back byte for byte), Ctrl-R redoes.
    keys(&mut app, "u");
    assert_eq!(map(tmp.path()), before);
    assert!(app.corpus.map.passages.len() == builtin_passages());
    assert_same_as_disk(&app, tmp.path());
    key(&mut app, Key::ctrl('r'));
    assert_eq!(map(tmp.path()), after);
    assert!(app.corpus.map.passages.len() == builtin_passages() + 1);
    assert_same_as_disk(&app, tmp.path());
}

#[test]
fn esc_at_any_step_cancels_and_writes_nothing() {
    for steps in 0..5 {
        let (tmp, mut app) = open(&["park-2021"], None);
        let before = map(tmp.path());
        keys(&mut app, "v");
        special(&mut app, KeyCode::Down);
        special(&mut app, KeyCode::Enter);
        let script: [&dyn Fn(&mut App); 4] = [
            &|a| special(a, KeyCode::Enter), // theme
            &|a| {
                keys(a, "s");
                special(a, KeyCode::Enter)
            }, // stance
            &|a| keys(a, "e"),               // role
            &|a| keys(a, "n"),               // note, typed
        ];
        for step in script.iter().take(steps.min(4)) {
            step(&mut app);
        }
        special(&mut app, KeyCode::Esc);
        assert!(app.overlay.is_none(), "step {steps}");
        assert_eq!(map(tmp.path()), before, "step {steps}");
        assert!(screen(&app).contains("nothing was written"), "step {steps}");
    }
}

#[test]
fn a_new_theme_is_made_from_the_typed_title() {
    let (tmp, mut app) = open(&["aum-2022"], None);
    keys(&mut app, "v");
    special(&mut app, KeyCode::Down);
    special(&mut app, KeyCode::Enter);
    keys(&mut app, "Olympic diplomacy");
    let s = screen(&app);
    assert!(s.contains("+ new theme “Olympic diplomacy”"), "{s}");
    special(&mut app, KeyCode::Enter);
    keys(&mut app, "Can sport open talks?");
    special(&mut app, KeyCode::Enter);
    keys(&mut app, "Aum sets out the question.");
    special(&mut app, KeyCode::Enter);
    special(&mut app, KeyCode::Enter); // role: claim
    special(&mut app, KeyCode::Enter); // no note
    let after = map(tmp.path());
    assert!(after.contains("[[themes]]\nid = \"olympic-diplomacy\"\ntitle = \"Olympic diplomacy\"\nquestion = \"Can sport open talks?\"\n"), "{after}");
    assert!(
        after.contains("themes = [\"olympic-diplomacy\"]"),
        "{after}"
    );
    let t = app
        .corpus
        .theme_index("olympic-diplomacy")
        .expect("theme loaded");
    assert_eq!(app.reader.theme, Some(t));
    // One undo takes back both the passage and the theme.
    keys(&mut app, "u");
    assert!(!map(tmp.path()).contains("olympic-diplomacy"));
}

#[test]
fn the_current_passage_can_be_edited_and_deleted_with_undo() {
    let (tmp, mut app) = open(&["sneider-2021", "park-2021"], Some("us-role"));
    let before = map(tmp.path());
    let p = app.reader.target(0).unwrap().passage;
    let old_stance = app.corpus.passage(p).stance.clone().unwrap();
    keys(&mut app, "E");
    assert!(
        screen(&app).contains("s stance · r role"),
        "{}",
        screen(&app)
    );
    keys(&mut app, "s");
    key(&mut app, Key::ctrl('u'));
    keys(&mut app, "A new stance.");
    special(&mut app, KeyCode::Enter);
    let after = map(tmp.path());
    assert!(!after.contains(&format!("stance = \"{old_stance}\"")));
    assert!(after.contains("stance = \"A new stance.\""));
    assert_same_as_disk(&app, tmp.path());
    assert!(screen(&app).contains("A new stance."), "{}", screen(&app));
    // Role, by one key.
    keys(&mut app, "Erk");
    let p = app.reader.target(0).unwrap().passage;
    assert_eq!(
        app.corpus.passage(p).role.map(|r| r.name()),
        Some("concession")
    );
    // Delete, with confirmation: n keeps it, y deletes.
    keys(&mut app, "Edn");
    assert_eq!(app.corpus.map.passages.len(), builtin_passages());
    keys(&mut app, "Edy");
    assert_eq!(app.corpus.map.passages.len(), builtin_passages() - 1);
    assert_same_as_disk(&app, tmp.path());
    // Themes edited: Space ticks a second one.
    keys(&mut app, "Et");
    keys(&mut app, "gsomia");
    special(&mut app, KeyCode::Down);
    keys(&mut app, " ");
    special(&mut app, KeyCode::Enter);
    assert_same_as_disk(&app, tmp.path());
    keys(&mut app, "u");
    assert_same_as_disk(&app, tmp.path());
    // Three undos: the file as it was.
    keys(&mut app, "uuu");
    assert_same_as_disk(&app, tmp.path());
    assert_eq!(map(tmp.path()), before);
    assert_eq!(app.corpus.map.passages.len(), builtin_passages());
    keys(&mut app, "u");
    assert!(screen(&app).contains("nothing to undo"), "{}", screen(&app));
}

#[test]
fn the_built_in_corpus_is_read_only_and_says_how_to_get_a_copy() {
    let corpus = common::builtin();
    let mut app = common::app(corpus, &["sneider-2021"], None, (120, 40), false);
    keys(&mut app, "v");
    let s = screen(&app);
    assert!(s.contains("parallax new DIR --example"), "{s}");
    assert!(!matches!(
        app.reader.mode,
        parallax::tui::reader::ReaderMode::Select(_)
    ));
    keys(&mut app, "u");
    assert!(screen(&app).contains("read-only"));
}

#[test]
fn a_mouse_drag_selects_whole_words() {
    let (_tmp, mut app) = open(&["sneider-2021"], None);
    let g = app.geometry();
    let text = g.panes[0].text;
    // Press on the first text row, drag to the third.
    app.update(parallax::tui::action::Action::Click {
        x: text.x + 2,
        y: text.y,
    });
    app.update(parallax::tui::action::Action::Author(
        parallax::tui::authoring::AuthorAction::Drag {
            x: text.x + 5,
            y: text.y + 2,
        },
    ));
    let parallax::tui::reader::ReaderMode::Select(sel) = app.reader.mode.clone() else {
        panic!("a drag selects")
    };
    let t = &app.corpus.essays[app.reader.panes[0].essay].text;
    let s = &t[sel.range.clone()];
    assert!(sel.range.start == 0, "from the first word: {s:?}");
    assert!(
        !s.ends_with(' ') && s.split_whitespace().count() > 10,
        "{s:?}"
    );
    // Whole words: the selection ends where a word ends.
    assert!(t[sel.range.end..].starts_with(char::is_whitespace), "{s:?}");
}

#[test]
fn the_sessions_own_writes_are_not_reloaded_but_other_changes_are() {
    let (tmp, mut app) = open(&["sneider-2021"], Some("us-role"));
    keys(&mut app, "E");
    keys(&mut app, "s");
    keys(&mut app, " More.");
    special(&mut app, KeyCode::Enter);
    let path = tmp.path().join("c").join(MAP);
    let changed = |app: &mut App| {
        app.update(parallax::tui::action::Action::Author(
            parallax::tui::authoring::AuthorAction::FilesChanged(vec![path.clone()]),
        ))
    };
    changed(&mut app);
    assert!(!screen(&app).contains("reloaded"), "{}", screen(&app));
    // Someone else's change is.
    let text = map(tmp.path()).replacen("More.", "More, said the editor.", 1);
    fs::write(&path, text).unwrap();
    changed(&mut app);
    assert!(
        screen(&app).contains("reloaded: japan-korea.toml"),
        "{}",
        screen(&app)
    );
    assert!(
        screen(&app).contains("More, said the editor."),
        "{}",
        screen(&app)
    );
}

#[test]
fn a_drag_that_starts_on_a_passage_selects_from_the_pressed_word_without_realigning() {
    let (_tmp, mut app) = open(&["sneider-2021", "park-2021"], None);
    let e = app.reader.panes[0].essay;
    let w = app.reader.wrapped(0).unwrap().clone();
    // A passage (not the first) that starts at the start of a row, so a
    // press at the row's first cell is a press on its first word.
    let start = app.corpus.passages_in(e)[1..]
        .iter()
        .map(|&p| app.corpus.passage(p).range.start)
        .find(|&s| w.rows[w.row_of(s)].range().start == s)
        .expect("a passage starting a row");
    let row = w.row_of(start);
    // The passage's first row is the second text row of the pane.
    app.reader.panes[0].top = row as isize - 1;
    let tops: Vec<isize> = app.reader.panes.iter().map(|p| p.top).collect();
    let g = app.geometry();
    let text = g.panes[0].text;
    let x = text.x + w.rows[row].indent;
    app.update(parallax::tui::action::Action::Click { x, y: text.y + 1 });
    // The click aligned on the passage's theme…
    assert!(app.reader.theme.is_some());
    app.update(parallax::tui::action::Action::Author(
        parallax::tui::authoring::AuthorAction::Drag {
            x: x + 3,
            y: text.y + 3,
        },
    ));
    // …the drag takes that back and selects from the pressed word.
    assert_eq!(app.reader.theme, None);
    let now: Vec<isize> = app.reader.panes.iter().map(|p| p.top).collect();
    assert_eq!(now, tops);
    let parallax::tui::reader::ReaderMode::Select(sel) = app.reader.mode.clone() else {
        panic!("a drag selects")
    };
    assert_eq!(sel.range.start, start);
}
