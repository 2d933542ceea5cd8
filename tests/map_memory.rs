//! Issue 13: what a theme map holds while the essays are read and
//! anchored. An allocator that counts live bytes measures what the map
//! costs once its passages are checked against the essays' ids (the
//! state `corpus::check` and `corpus::load` keep through anchoring): a
//! small entry per passage, not its parsed spec. No timing is measured.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use parallax::diag::Source;
use parallax::mapping::{read, Resolver};

/// The system allocator, counting the bytes live now.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed to the system allocator unchanged; only
// the counter is added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            LIVE.fetch_add(layout.size(), Ordering::SeqCst);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::SeqCst);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            LIVE.fetch_sub(layout.size(), Ordering::SeqCst);
            LIVE.fetch_add(new_size, Ordering::SeqCst);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

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
    let before = LIVE.load(Ordering::SeqCst);
    let mut diags = Vec::new();
    let resolver = Resolver::new(&files, read(&files), &["e"], &mut diags);
    let held = LIVE.load(Ordering::SeqCst) - before;
    assert!(diags.is_empty(), "{diags:?}");
    // About 260 bytes a passage; with its parsed spec (360 bytes and a
    // dozen strings) still held beside its entry, 930.
    let per_passage = held / N;
    assert!(per_passage < 320, "{per_passage} bytes a passage");
    drop(resolver);
}
