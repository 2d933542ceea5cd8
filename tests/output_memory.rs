//! Issue 13, item 7: headless output on a huge passage must not hold the
//! output, an escaped copy of the passage or its laid-out rows whole. An
//! allocator that counts live bytes measures, for each output format, the
//! most memory allocated at once while the output is written to a sink;
//! it must stay a small fraction of the passage (the corpus itself is
//! loaded before the count starts). No timing is measured.

use parallax::corpus::{self, Corpus};
use parallax::export::{self, scope::Scope};

mod common;
#[path = "common/counting_alloc.rs"]
mod counting_alloc;
use counting_alloc::peak_during;

/// A corpus of two essays: one a single paragraph of about `bytes` bytes
/// (with characters every format escapes), one passage over all of it,
/// and a short essay beside it, both on one theme.
fn huge_passage(bytes: usize) -> Corpus {
    let words = "Lorem <ipsum> & dolor *sit* amet, [consectetur] adipiscing elit; ";
    let body = words.repeat(bytes / words.len());
    let essay = format!(
        "+++\ntitle = \"Huge\"\nauthors = [\"A\"]\n+++\nOpening line {body}Closing line.\n"
    );
    let small = "+++\ntitle = \"Small\"\nauthors = [\"B\"]\n+++\nA short essay, the whole thing.\n";
    let map = r#"[[themes]]
id = "all"
title = "All of it"
question = "What is said?"

[[passages]]
essay = "huge"
themes = ["all"]
start = "Opening line"
end = "Closing line."
stance = "Everything."
note = "A note."

[[passages]]
essay = "small"
themes = ["all"]
quote = "the whole thing"
stance = "The same."
"#;
    let loaded = corpus::load(common::memory_files(
        "huge",
        vec![("huge", essay), ("small", small.to_string())],
        map.to_string(),
    ));
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    loaded.corpus
}

#[test]
fn output_on_a_huge_passage_holds_a_small_part_of_it_at_once() {
    const PASSAGE: usize = 4 << 20;
    let c = huge_passage(PASSAGE);
    let t = c.theme_index("all").unwrap();
    let sink = || std::io::sink();
    type Write<'a> = Box<dyn Fn(&mut dyn std::io::Write) -> std::io::Result<()> + 'a>;
    let outputs: Vec<(&str, Write)> = vec![
        // 80 columns: the two essays side by side; 40: stacked.
        (
            "show --format text",
            Box::new(|w| export::write_show_text(&c, t, 80, true, w)),
        ),
        (
            "show --format text --width 40",
            Box::new(|w| export::write_show_text(&c, t, 40, false, w)),
        ),
        (
            "show --format md",
            Box::new(|w| export::write_show_md(&c, t, true, w)),
        ),
        (
            "show --format json",
            Box::new(|w| export::write_show_json(&c, t, w)),
        ),
        (
            "export --format html",
            Box::new(|w| export::html::write(&c, Scope::All, w)),
        ),
        (
            "export --format md",
            Box::new(|w| export::handout_md::write(&c, Scope::All, w)),
        ),
        (
            "export --format json",
            Box::new(|w| export::corpus_json::write(&c, w)),
        ),
        (
            "export --format argdown",
            Box::new(|w| export::argdown::write(&c, w)),
        ),
    ];
    let mut report = Vec::new();
    for (what, write) in &outputs {
        let peak = peak_during(|| write(&mut sink()).unwrap());
        report.push(format!("{what}: {} KiB", peak >> 10));
        // Before issue 13 each held the passage at least once more (the
        // text layout about four times over); bounded, they hold a few
        // 64 KiB slices and batches of rows.
        assert!(
            peak < PASSAGE / 2,
            "{what} allocated {} KiB at once for a {} KiB passage\n{}",
            peak >> 10,
            PASSAGE >> 10,
            report.join("\n")
        );
    }
    println!("{}", report.join("\n"));
}
