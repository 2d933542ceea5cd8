//! Issue 13: a corpus of a few large essays must not cost several times
//! its size while it loads. Each large essay is read, parsed and anchored
//! on its own (not beside another large one), and its Markdown is read a
//! block at a time, what is not prose given to the parser in runs of about
//! 64 KiB (the parser's tree of a whole 1 MB body is about 3 MB). An
//! allocator that counts live bytes measures the most memory allocated at
//! once by `check` and by `load`. No timing is measured.

use parallax::corpus;
use parallax::corpus::files::{CorpusFiles, InputFile};

#[path = "common/counting_alloc.rs"]
mod counting_alloc;
use counting_alloc::peak_during;

/// One test at a time: the counters are the whole process's, and the
/// test harness runs tests on several threads.
fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    static TURN: std::sync::Mutex<()> = std::sync::Mutex::new(());
    TURN.lock().unwrap_or_else(|e| e.into_inner())
}

/// Each large essay's size in bytes.
const ESSAY: usize = 1 << 20;

/// Two essays of about [`ESSAY`] bytes (paragraphs, emphasis, lists), a
/// short one, and a map with a passage in each, as files in memory.
fn large_essays() -> CorpusFiles {
    let line = "Alpha *beta* gamma delta, epsilon “zeta” eta theta — iota kappa.\n";
    let essay = |id: &str| {
        let mut body = String::new();
        let mut n = 0;
        while body.len() < ESSAY {
            body.push_str(&line.repeat(6));
            body.push('\n');
            n += 1;
            if n % 10 == 0 {
                body.push_str("- rho sigma\n- tau upsilon\n\n");
            }
            if n == 1000 {
                body.push_str(&format!("Unique words of {id} are here.\n\n"));
            }
        }
        let text = format!("+++\ntitle = \"{id}\"\nauthors = [\"A\"]\n+++\n{body}");
        InputFile::memory(format!("essays/{id}.md"), text)
    };
    let small = "+++\ntitle = \"Small\"\nauthors = [\"B\"]\n+++\nA short essay, the whole thing.\n";
    let mut map = String::from("[[themes]]\nid = \"t\"\ntitle = \"T\"\nquestion = \"Q?\"\n");
    for (id, quote) in [
        ("one", "Unique words of one"),
        ("two", "Unique words of two"),
        ("small", "the whole thing"),
    ] {
        map.push_str(&format!(
            "\n[[passages]]\nessay = \"{id}\"\nthemes = [\"t\"]\nquote = \"{quote}\"\nstance = \"S.\"\n"
        ));
    }
    CorpusFiles {
        name: "large".into(),
        essays: vec![
            essay("one"),
            essay("two"),
            InputFile::memory("essays/small.md", small),
        ],
        themes: vec![InputFile::memory("themes/m.toml", map)],
        diagnostics: Vec::new(),
    }
}

#[test]
fn check_holds_about_one_large_essay_at_a_time() {
    let _turn = one_at_a_time();
    let files = large_essays();
    let mut checked = None;
    let peak = peak_during(|| checked = Some(corpus::check(files)));
    let checked = checked.unwrap();
    assert!(!checked.has_errors(), "{:?}", checked.diagnostics);
    assert_eq!(checked.counts.passages, 3);
    // One essay at a time: its bytes, its text and a section's tree, then
    // its text, a normalised copy and the way back to the original (about
    // 4x one essay). Two essays at once, or one whole body's tree, is 8x
    // or more.
    assert!(
        peak < 5 * ESSAY,
        "check of two {ESSAY}-byte essays peaked at {peak} bytes"
    );
}

#[test]
fn load_holds_the_texts_and_one_large_essay_s_work() {
    let _turn = one_at_a_time();
    let files = large_essays();
    let mut loaded = None;
    let peak = peak_during(|| loaded = Some(corpus::load(files)));
    let loaded = loaded.unwrap();
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    assert_eq!(loaded.corpus.map.passages.len(), 3);
    // Both texts are kept (2x one essay); the one being read or anchored
    // adds its bytes and a section's tree, or a normalised copy and the way
    // back (about 5.5x in all). Two essays parsed or anchored at once is
    // 7x or more, a whole body's tree 9x or more.
    assert!(
        peak < 13 * ESSAY / 2,
        "load of two {ESSAY}-byte essays peaked at {peak} bytes"
    );
}
