//! How long a passage tagged in the reader takes to show: from the Enter
//! that writes it (the last step of tagging) to the frame that draws it,
//! in process, on a corpus directory.
//!
//! ```text
//! cargo run --release --example tag_latency -- CORPUS_DIR [ROUNDS]
//! ```
//!
//! Each round selects a sentence in the first essay, tags it with the
//! first theme and a stance, times the final Enter plus one full frame,
//! then undoes it (so the map ends as it began). Prints the median and the
//! range.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use parallax::corpus::{self, files};
use parallax::tui::app::{App, StartOptions};
use parallax::tui::{input, keymap::Key, view};
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use ratatui::Terminal;

fn press(app: &mut App, k: Key) {
    if let Some(a) = input::action_for_key(app, k) {
        app.update(a);
    }
}

fn code(c: KeyCode) -> Key {
    Key {
        code: c,
        mods: KeyModifiers::NONE,
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().expect("usage: tag_latency CORPUS_DIR [ROUNDS]"));
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(15);
    let t = Instant::now();
    let loaded = corpus::load(files::from_dir(&dir));
    assert!(!loaded.has_errors(), "the corpus must pass check");
    eprintln!("loaded in {:?}", t.elapsed());
    let corpus = Arc::new(loaded.corpus);
    let opts = StartOptions {
        essays: vec![0, 1.min(corpus.essays.len() - 1)],
        size: (200, 50),
        corpus_dir: Some(dir.clone()),
        ..StartOptions::default()
    };
    let mut app = App::new(corpus, opts);
    let mut term = Terminal::new(TestBackend::new(200, 50)).unwrap();
    let mut times = Vec::new();
    for round in 0..rounds {
        // A different sentence each round: scroll on a little.
        app.update(parallax::tui::action::Action::Scroll(if round % 2 == 0 {
            4
        } else {
            -3
        }));
        press(&mut app, Key::ch('v'));
        press(&mut app, code(KeyCode::Down));
        press(&mut app, code(KeyCode::Down));
        press(&mut app, code(KeyCode::Enter));
        if app.overlay.is_none() {
            eprintln!("round {round}: {:?}", app.message_text());
            press(&mut app, code(KeyCode::Esc));
            continue;
        }
        press(&mut app, code(KeyCode::Enter)); // the first theme
        for c in "A stance for timing.".chars() {
            press(&mut app, Key::ch(c));
        }
        press(&mut app, code(KeyCode::Enter));
        press(&mut app, code(KeyCode::Enter)); // role: claim
        let t = Instant::now();
        press(&mut app, code(KeyCode::Enter)); // no note: write
        term.draw(|f| view::view(&app, f)).unwrap();
        times.push(t.elapsed());
        let msg = app.message_text().unwrap_or_default();
        assert!(msg.contains("passage written"), "round {round}: {msg}");
        press(&mut app, Key::ch('u'));
    }
    times.sort();
    if times.is_empty() {
        eprintln!("no round tagged a passage");
        return;
    }
    println!(
        "Enter to passage drawn: median {:?}, min {:?}, max {:?} ({} rounds, {} essays, {} passages)",
        times[times.len() / 2],
        times[0],
        times[times.len() - 1],
        times.len(),
        app.corpus.essays.len(),
        app.corpus.map.passages.len()
    );
}
