//! Issue 13: what a theme map holds while the essays are read and
//! anchored. An allocator that counts live bytes measures what the map
//! costs once its passages are checked against the essays' ids (the
//! state `corpus::check` and `corpus::load` keep through anchoring): a
//! small entry per passage, not its parsed spec. No timing is measured.

use parallax::diag::Source;
use parallax::mapping::{read, Resolver};

#[path = "common/counting_alloc.rs"]
mod counting_alloc;
use counting_alloc::live;

#[test]
fn a_checked_map_holds_a_small_entry_per_passage() {
    const N: usize = 20_000;
    // Short strings, so that what is measured is the per-passage
    // structure, not the words.
    let mut text = String::from("[[themes]]\nid = \"t\"\ntitle = \"T\"\n\n");
    for i in 0..N {
        text.push_str(&format!(
            "[[passages]]\nessay = \"e\"\nthemes = [\"t\"]\nquote = \"w{i}\"\nstance = \"s\"\nrole = \"claim\"\n\n"
        ));
    }
    let files = vec![Source::new("themes/m.toml", text)];
    let before = live();
    let mut diags = Vec::new();
    let resolver = Resolver::new(&files, read(&files), &["e"], &mut diags);
    let held = live() - before;
    assert!(diags.is_empty(), "{diags:?}");
    // About 260 bytes a passage; with its parsed spec (360 bytes and a
    // dozen strings) still held beside its entry, 930.
    let per_passage = held / N;
    assert!(per_passage < 320, "{per_passage} bytes a passage");
    drop(resolver);
}
