//! The views under hostile input (issue 13): what a view allocates to draw
//! a frame is bounded by the screen, not by the corpus's longest string or
//! largest paragraph. Measured with a counting allocator (per thread, so
//! tests running side by side do not count each other), never with a clock.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::Arc;

mod common;

use parallax::corpus::{self, Corpus};
use parallax::tui::action::Action;
use parallax::tui::app::{App, StartOptions, View};
use parallax::tui::authoring::AuthorAction;
use parallax::tui::view;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

struct Counting;

thread_local! {
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

fn note(delta: isize) {
    // `try_with`: the allocator runs while thread locals are torn down too.
    let _ = LIVE.try_with(|l| {
        let now = l.get() + delta;
        l.set(now);
        let _ = PEAK.try_with(|p| p.set(p.get().max(now)));
    });
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            note(layout.size() as isize);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        note(-(layout.size() as isize));
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            note(new_size as isize - layout.size() as isize);
        }
        p
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// The most bytes live at once on this thread while `f` runs, beyond what
/// was live when it started.
fn peak_during<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let start = LIVE.with(Cell::get);
    PEAK.with(|p| p.set(start));
    let out = f();
    let peak = PEAK.with(Cell::get);
    (out, (peak - start).max(0) as usize)
}

const MB: usize = 1 << 20;

fn load(essays: Vec<(&str, String)>, map: String) -> Arc<Corpus> {
    Arc::new(corpus::load(common::memory_files("hostile", essays, map)).corpus)
}

fn essay(title: &str, body: &str) -> String {
    format!("+++\ntitle = \"{title}\"\nauthors = [\"A\"]\n+++\n{body}\n")
}

/// A theme map whose title, question, stances, tour prompt and description
/// are each about 1 MB of words on one line, over two small essays, with
/// an orphan quoting 1 MB that is in neither.
fn long_strings() -> Arc<Corpus> {
    let huge = "word ".repeat(MB / 5);
    let huge = huge.trim_end();
    let map = format!(
        r#"[[themes]]
id = "t"
title = "{huge}"
question = "{huge}"

[[passages]]
essay = "a"
themes = ["t"]
quote = "Alpha beta"
stance = "{huge}"

[[passages]]
essay = "b"
themes = ["t"]
quote = "Gamma delta"
stance = "{huge}"

[[passages]]
essay = "a"
themes = ["t"]
quote = "{huge}"
stance = "Not in the essay: an orphan."

[[tours]]
id = "tour"
title = "Tour"
description = "{huge}"

[[tours.steps]]
theme = "t"
essays = ["a", "b"]
prompt = "{huge}"
"#
    );
    load(
        vec![
            ("a", essay("A", "Alpha beta gamma. Delta epsilon zeta.")),
            ("b", essay("B", "Gamma delta epsilon. Zeta eta theta.")),
        ],
        map,
    )
}

fn start(corpus: &Arc<Corpus>, size: (u16, u16)) -> App {
    App::new(
        corpus.clone(),
        StartOptions {
            theme: Some(0),
            essays: vec![0, 1],
            size,
            color: true,
            ..StartOptions::default()
        },
    )
}

fn screen(buf: &Buffer) -> String {
    buf.content().iter().map(|c| c.symbol()).collect()
}

/// Each view, and each overlay that shows a theme's, passage's or tour's
/// text, drawn at a size: (what, peak bytes, the screen).
fn every_view(corpus: &Arc<Corpus>, size: (u16, u16)) -> Vec<(String, usize, String)> {
    let mut out = Vec::new();
    // The compare view's table is laid out headless (src/layout/compare.rs)
    // and has its own bounds; it is not measured here.
    let cases: Vec<(&str, Vec<Action>)> = vec![
        ("reader", vec![]),
        ("matrix", vec![Action::ShowView(View::Matrix)]),
        ("synoptic", vec![Action::ShowView(View::Synoptic)]),
        ("present", vec![Action::TogglePresent]),
        ("details", vec![Action::ShowDetails]),
        ("tour picker", vec![Action::OpenTourPicker]),
        ("tour", vec![Action::StartTour(0)]),
        (
            "tour presented",
            vec![Action::StartTour(0), Action::TogglePresent],
        ),
        ("theme picker", vec![Action::OpenThemePicker]),
        ("problems", vec![Action::Author(AuthorAction::ShowProblems)]),
    ];
    let area = Rect::new(0, 0, size.0, size.1);
    for (what, actions) in cases {
        // The frame's buffer is the terminal's, not the view's: made before.
        let mut buf = Buffer::empty(area);
        let ((), peak) = peak_during(|| {
            let mut app = start(corpus, size);
            for a in actions {
                app.update(a);
            }
            view::render(&app, area, &mut buf);
        });
        out.push((what.to_string(), peak, screen(&buf)));
    }
    out
}

#[test]
fn a_megabyte_title_stance_or_prompt_costs_a_view_what_the_screen_shows() {
    // Issue 13: the matrix laid out a 1 MB theme title and stance whole
    // for a five-row box (115 MB for a 2.9 MB corpus); the reader's and
    // presenter's strips wrapped whole stances, the tour its whole prompt.
    let corpus = long_strings();
    let mut over = Vec::new();
    for size in [(160, 48), (80, 24)] {
        for (what, peak, shown) in every_view(&corpus, size) {
            // Less than one of the megabyte texts: a box overlay copies
            // the frame once (about 370 KiB at 160×48) to find its edges,
            // and a screenful of text is wrapped; nothing is laid out whole.
            if peak >= MB {
                over.push(format!("{what} at {size:?}: {} KiB", peak / 1024));
            }
            // The long strings are still shown (cut), not dropped.
            assert!(shown.contains("word word"), "{what} at {size:?}");
        }
    }
    assert!(over.is_empty(), "one frame allocated: {over:#?}");
}

#[test]
fn aligning_passages_over_ten_thousand_themes_costs_by_the_passages() {
    // Issue 13: synoptic mode gave each passage a bitset over every theme
    // the panes' passages are on (1.25 KiB each with 10,000 themes).
    use parallax::align::synoptic::{align, PaneInput, PassageInput};
    let (panes_n, per_pane, own) = (4, 100, 25);
    let panes: Vec<PaneInput> = (0..panes_n)
        .map(|p| PaneInput {
            passages: (0..per_pane)
                .map(|k| {
                    // Each pane's k-th passage is on theme k, shared with
                    // the other panes' k-th, and on 25 themes of its own.
                    let mut themes = vec![k];
                    let first = per_pane + (p * per_pane + k) * own;
                    themes.extend(first..first + own);
                    PassageInput {
                        passage: p * per_pane + k,
                        themes,
                        start_row: k * 3,
                    }
                })
                .collect(),
            rows: per_pane * 3,
        })
        .collect();
    let (s, peak) = peak_during(|| align(&panes, 0));
    // The shared themes still align the k-th passages.
    assert_eq!(s.columns().len(), per_pane);
    assert!(peak < MB, "aligning allocated {} KiB", peak / 1024);
}

#[test]
fn the_full_alignment_table_is_a_byte_a_cell() {
    // Issue 13: two essays of a thousand passages each kept a million
    // 16-byte scores (16 MiB) for the traceback; a one-byte choice per
    // cell and two rows of scores give the same alignment.
    use parallax::align::synoptic::{align, PaneInput, PassageInput};
    let n = 1000;
    let panes: Vec<PaneInput> = (0..2)
        .map(|p| PaneInput {
            passages: (0..n)
                .map(|k| PassageInput {
                    passage: p * n + k,
                    themes: vec![(k * 7 + p) % 11],
                    start_row: 2 * k,
                })
                .collect(),
            rows: 2 * n + 1,
        })
        .collect();
    let (s, peak) = peak_during(|| align(&panes, 0));
    assert!(s.columns().len() > n / 2, "{}", s.columns().len());
    assert!(peak < 4 * MB, "aligning allocated {} KiB", peak / 1024);
}

/// `themes` themes over `essays` essays, each theme with one passage.
fn many_themes(themes: usize, essays: usize) -> Arc<Corpus> {
    let per = themes.div_ceil(essays);
    let texts: Vec<(String, String)> = (0..essays)
        .map(|e| {
            let body: Vec<String> = (0..per)
                .map(|k| format!("Sentence {k} of essay {e}."))
                .collect();
            (format!("e{e}"), essay(&format!("E{e}"), &body.join(" ")))
        })
        .collect();
    let mut map = String::new();
    for t in 0..themes {
        map.push_str(&format!(
            "[[themes]]\nid = \"t{t}\"\ntitle = \"Theme {t}\"\n\n[[passages]]\nessay = \"e{}\"\nthemes = [\"t{t}\"]\nquote = \"Sentence {} of essay {}.\"\nstance = \"S\"\n\n",
            t % essays,
            t / essays,
            t % essays
        ));
    }
    let essays_ref: Vec<(&str, String)> =
        texts.iter().map(|(n, t)| (n.as_str(), t.clone())).collect();
    load(essays_ref, map)
}

#[test]
fn the_coverage_matrix_keeps_only_cells_with_passages() {
    // Issue 13: the matrix kept every theme × essay cell (32 bytes each),
    // 6 MB for 10,000 themes over 20 essays with a passage each.
    use parallax::align::coverage::Coverage;
    let corpus = many_themes(2000, 20);
    assert_eq!(
        (0..20).map(|e| corpus.passages_in(e).len()).sum::<usize>(),
        2000
    );
    let (cov, peak) = peak_during(|| Coverage::of(&corpus));
    // Every passage is counted, in its own theme and essay.
    let e17 = corpus.essay_index("e17").unwrap();
    assert_eq!(cov.cell(37, e17).passages, 1);
    assert_eq!(cov.cell(38, e17).passages, 0);
    assert_eq!((0..2000).map(|t| cov.theme_total(t)).sum::<usize>(), 2000);
    assert!(peak < 256 * 1024, "the matrix took {} KiB", peak / 1024);
}

/// One essay and `n` passages whose quotes are not in it (orphans).
fn orphans(n: usize) -> Arc<Corpus> {
    let mut map = String::from("[[themes]]\nid = \"t\"\ntitle = \"T\"\n\n");
    for k in 0..n {
        map.push_str(&format!(
            "[[passages]]\nessay = \"a\"\nthemes = [\"t\"]\nquote = \"missing words number {k} here\"\nstance = \"S\"\n\n"
        ));
    }
    load(vec![("a", essay("A", "Alpha beta gamma."))], map)
}

#[test]
fn the_problems_overlay_lays_out_what_it_shows_of_many_orphans() {
    // Issue 13: the D overlay laid out a row for every orphan at every
    // frame (100,000 orphans: 62 ms a key).
    let corpus = orphans(3000);
    let size = (100, 30);
    let area = Rect::new(0, 0, size.0, size.1);
    let mut app = App::new(
        corpus.clone(),
        StartOptions {
            essays: vec![0],
            size,
            ..StartOptions::default()
        },
    );
    app.update(Action::Author(AuthorAction::ShowProblems));
    let shown = |app: &App| {
        let mut buf = Buffer::empty(area);
        let ((), peak) = peak_during(|| view::render(app, area, &mut buf));
        let rows: Vec<String> = (0..size.1)
            .map(|y| (0..size.0).map(|x| buf[(x, y)].symbol()).collect())
            .collect();
        (rows.join("\n"), peak)
    };
    // Orphan k is the passage whose quote is on line 8 + 6k of the map.
    let item = |k: usize| format!("(m.toml:{}:9)", 8 + 6 * k);
    let (top, _) = shown(&app);
    assert!(top.contains("Orphaned"), "{top}");
    assert!(top.contains(&item(0)), "{top}");
    for (step, want) in [(1500, 1500), (499, 1999), (5000, 2999), (-2990, 9)] {
        app.update(Action::Author(AuthorAction::ScrollProblems(step)));
        let (screen, peak) = shown(&app);
        // The selection is on screen: the last item shown once it is below
        // the first screenful, with the ones before it above.
        let at = screen
            .find(&item(want))
            .unwrap_or_else(|| panic!("{want}:\n{screen}"));
        assert!(screen[..at].contains(&item(want - 1)), "{want}:\n{screen}");
        if want > 30 {
            assert!(!screen.contains(&item(want + 1)), "{want}:\n{screen}");
        }
        assert!(peak < 256 * 1024, "a frame allocated {} KiB", peak / 1024);
    }
}
