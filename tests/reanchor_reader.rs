//! The reader on a corpus whose essays were edited (issue 11): it opens
//! although a passage is orphaned, says in the status bar how many passages
//! were re-anchored and how many were left out, and marks a moved or
//! changed passage under its pane.

mod common;

use std::path::Path;
use std::sync::Arc;

use parallax::corpus::{self, files};

#[test]
fn the_reader_counts_re_anchored_and_orphaned_passages_and_marks_them() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reanchor");
    let loaded = corpus::load(files::from_dir(&dir));
    // The only error is the orphan's: `check` fails, the reader opens.
    assert!(loaded.has_errors());
    assert_eq!(loaded.corpus.map.orphans.len(), 1);
    assert!(parallax::cli::load_readable(Some(&dir)).is_ok());
    assert!(parallax::cli::load_valid(Some(&dir)).is_err());
    let corpus = Arc::new(loaded.corpus);
    let app = common::app(
        corpus,
        &["word", "inserted"],
        Some("edits"),
        (140, 24),
        false,
    );
    let screen = common::text(&common::draw(&app));
    let last = screen.lines().last().unwrap();
    assert!(last.contains("1 orphan left out (D lists it)"), "{screen}");
    assert!(last.contains("re-anchored: 3 moved, 1 changed"), "{screen}");
    assert!(screen.contains("─ passage · changed ─"), "{screen}");
    assert!(screen.contains("─ passage · moved ─"), "{screen}");
}

/// The app on the fixture corpus with two of its essays open.
fn fixture_app(size: (u16, u16)) -> parallax::tui::app::App {
    fixture_app_on(size, Some("edits"))
}

/// The app on the fixture corpus, on a theme or none.
fn fixture_app_on(size: (u16, u16), theme: Option<&str>) -> parallax::tui::app::App {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reanchor");
    let corpus = Arc::new(corpus::load(files::from_dir(&dir)).corpus);
    common::app(corpus, &["word", "inserted"], theme, size, false)
}

fn press(app: &mut parallax::tui::app::App, k: Key) {
    if let Some(a) = input::action_for_key(app, k) {
        app.update(a);
    }
}

use parallax::tui::input;
use parallax::tui::keymap::{Command, Key, Keymap};
use ratatui::crossterm::event::{KeyCode, KeyModifiers};

fn code(c: KeyCode) -> Key {
    Key {
        code: c,
        mods: KeyModifiers::NONE,
    }
}

#[test]
fn the_problems_key_lists_orphans_and_re_anchored_passages() {
    for (w, h) in [(80, 24), (250, 60)] {
        let mut app = fixture_app((w, h));
        press(&mut app, Key::ch('D'));
        let screen = common::text(&common::draw(&app));
        // The orphan is listed with why, the moved and changed ones with
        // their status — not only counted.
        assert!(screen.contains("Orphaned"), "{screen}");
        assert!(screen.contains("Near duplicate"), "{screen}");
        assert!(screen.contains("• changed ·"), "{screen}");
        assert!(screen.contains("• moved ·"), "{screen}");
        assert_eq!(common::cut_words(&screen, w), Vec::<String>::new());
        insta::assert_snapshot!(format!("problems_{w}x{h}"), screen);
    }
}

#[test]
fn the_status_bar_names_the_problems_key_as_bound() {
    let mut app = fixture_app((140, 24));
    app.keymap = Keymap::default().with_keys(Command::Problems, vec![Key::ch('!')]);
    let screen = common::text(&common::draw(&app));
    assert!(
        screen.contains("1 orphan left out (! lists it)"),
        "{screen}"
    );
    press(&mut app, Key::ch('!'));
    assert!(common::text(&common::draw(&app)).contains("Orphaned"));
}

#[test]
fn enter_on_an_orphan_opens_its_essay_at_the_closest_text() {
    let mut app = fixture_app((100, 30));
    let orphan = app.corpus.map.orphans[0].clone();
    let closest = orphan.closest.clone().expect("a near-duplicate is close");
    press(&mut app, Key::ch('D'));
    press(&mut app, code(KeyCode::Enter));
    assert!(app.overlay.is_none());
    let f = app.reader.focus;
    assert_eq!(app.reader.panes[f].essay, orphan.essay);
    // The marker row is at (or, in a short essay, above) the closest text.
    let at = app.marker_offset(f).expect("a marker row");
    let text = &app.corpus.essays[orphan.essay].text;
    let row_end = text[at..].find('\n').map_or(text.len(), |n| at + n);
    // The message quotes the closest text, since a short essay may not
    // scroll it up to the ▶ row.
    let msg = app.message_text().expect("a message");
    assert!(msg.contains("closest: “Lawyers on both sides"), "{msg}");
    assert!(
        (at..=row_end.max(at + 80)).contains(&closest.start),
        "marker at {at}, closest at {}",
        closest.start
    );
}

#[test]
fn enter_on_a_changed_passage_aligns_on_it() {
    // No theme yet: Enter must choose the passage's and align on it.
    let mut app = fixture_app_on((100, 30), None);
    assert!(!app.reader.aligned);
    let items = parallax::tui::authoring::problem_items(&app.corpus.map);
    let k = items
        .iter()
        .position(|i| {
            matches!(i, parallax::tui::authoring::ProblemItem::Reanchored(p)
                if app.corpus.passage(*p).anchor == parallax::mapping::anchor::Status::Changed)
        })
        .expect("a changed passage");
    let parallax::tui::authoring::ProblemItem::Reanchored(p) = items[k] else {
        unreachable!()
    };
    press(&mut app, Key::ch('D'));
    for _ in 0..k {
        press(&mut app, code(KeyCode::Down));
    }
    press(&mut app, code(KeyCode::Enter));
    assert!(app.overlay.is_none());
    assert!(app.reader.aligned);
    let f = app.reader.focus;
    let pass = app.corpus.passage(p);
    assert_eq!(app.reader.panes[f].essay, pass.essay);
    assert_eq!(app.reader.target(f).map(|t| t.passage), Some(p));
}
