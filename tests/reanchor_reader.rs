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
    assert!(
        last.contains("1 orphan left out (parallax check)"),
        "{screen}"
    );
    assert!(last.contains("re-anchored: 3 moved, 1 changed"), "{screen}");
    assert!(screen.contains("─ passage · changed ─"), "{screen}");
    assert!(screen.contains("─ passage · moved ─"), "{screen}");
}
