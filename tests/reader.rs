//! The reader, driven by actions and drawn to ratatui's TestBackend:
//! whole-screen snapshots of the main views, and properties of alignment
//! that must hold at any size, for any corpus and any key sequence.

mod common;

use std::sync::Arc;

use common::{app, assert_no_colour, builtin, draw, marker_rows, text};
use parallax::corpus::{self, Corpus, CorpusFiles, InputFile};
use parallax::tui::action::{Action, PickPurpose, PromptEdit};
use parallax::tui::app::{App, Overlay, StartOptions, View};
use parallax::tui::keymap::Keymap;
use proptest::prelude::*;
use ratatui::style::Color;

const THREE: [&str; 3] = ["hawley-leopold-2021", "aum-2022", "sneider-2021"];

#[test]
fn three_panes_aligned_on_gsomia() {
    let a = app(builtin(), &THREE, Some("gsomia"), (160, 40), true);
    let buf = draw(&a);
    let rows = marker_rows(&a, &buf);
    // Every pane has a GSOMIA passage; all start on the anchor row, marked ▶.
    let anchor = a.geometry().panes[0].text.y + a.reader.anchor();
    assert_eq!(rows, vec![Some(anchor); 3]);
    insta::assert_snapshot!(text(&buf));
}

#[test]
fn stepping_realigns_and_panes_with_fewer_keep_their_last() {
    let mut a = app(builtin(), &THREE, Some("gsomia"), (160, 40), true);
    a.update(Action::NextPassage);
    assert_eq!(a.reader.step, 1);
    // Hawley & Leopold have two GSOMIA passages; the others keep their
    // only one.
    let targets: Vec<_> = (0..3)
        .map(|i| a.reader.target(i).map(|t| (t.index, t.count)))
        .collect();
    assert_eq!(targets, vec![Some((1, 2)), Some((0, 1)), Some((0, 1))]);
    let buf = draw(&a);
    let anchor = a.geometry().panes[0].text.y + a.reader.anchor();
    assert_eq!(marker_rows(&a, &buf), vec![Some(anchor); 3]);
    assert!(text(&buf).contains("passage 2 of 2"));
}

#[test]
fn gutter_uses_theme_colour_when_allowed() {
    let a = app(builtin(), &THREE, Some("gsomia"), (160, 40), true);
    let buf = draw(&a);
    let p = &a.geometry().panes[0];
    let y = p.gutter.y + a.reader.anchor();
    assert_eq!(
        buf[(p.gutter.x, y)].fg,
        Color::Red,
        "gsomia is red in the map"
    );
}

#[test]
fn no_color_draws_no_colour_but_keeps_every_glyph() {
    let a = app(builtin(), &THREE, Some("gsomia"), (160, 40), false);
    let buf = draw(&a);
    assert_no_colour(&buf);
    let coloured = draw(&app(builtin(), &THREE, Some("gsomia"), (160, 40), true));
    // Same glyphs and text either way: colour is never the only signal.
    assert_eq!(text(&buf), text(&coloured));
    insta::assert_snapshot!(text(&buf));
}

#[test]
fn help_overlay_lists_keys_from_the_keymap() {
    let mut a = app(builtin(), &THREE, Some("gsomia"), (120, 50), true);
    a.update(Action::ToggleHelp);
    let s = text(&draw(&a));
    assert!(s.contains("Next passage of the theme"));
    assert!(s.contains("Ctrl-c"));
    insta::assert_snapshot!(s);
    a.update(Action::ToggleHelp);
    assert!(a.overlay.is_none());
}

#[test]
fn too_small_screen_says_what_it_needs_and_recovers() {
    let mut a = app(builtin(), &THREE, Some("gsomia"), (40, 8), true);
    let s = text(&draw(&a));
    assert!(s.contains("terminal too small"));
    assert!(s.contains("need 59×10"), "{s}");
    insta::assert_snapshot!(s);
    a.update(Action::Resize(160, 40));
    let buf = draw(&a);
    let anchor = a.geometry().panes[0].text.y + a.reader.anchor();
    assert_eq!(marker_rows(&a, &buf), vec![Some(anchor); 3]);
}

#[test]
fn theme_picker_shows_counts_per_open_essay_and_aligns_on_choice() {
    let mut a = app(builtin(), &THREE, None, (160, 40), true);
    a.update(Action::OpenThemePicker);
    let s = text(&draw(&a));
    assert!(s.contains("GSOMIA and intelligence sharing"));
    insta::assert_snapshot!(s);
    let gsomia = a.corpus.theme_index("gsomia").unwrap();
    a.update(Action::PickerMove(gsomia as isize));
    a.update(Action::PickerChoose);
    assert_eq!(a.reader.theme, Some(gsomia));
    assert!(a.reader.aligned);
}

#[test]
fn search_highlights_hits_and_steps_through_them() {
    let mut a = app(builtin(), &THREE, None, (160, 40), true);
    a.update(Action::StartSearch);
    for c in "GSOMIA".chars() {
        a.update(Action::Prompt(PromptEdit::Insert(c)));
    }
    a.update(Action::Prompt(PromptEdit::Submit));
    let hits = a.reader.panes[0].hits.len();
    assert!(hits >= 2, "Hawley & Leopold mention GSOMIA more than once");
    assert_eq!(a.reader.panes[0].hit, Some(0));
    assert!(a.message_text().as_deref().unwrap().contains("matches"));
    a.update(Action::NextHit);
    assert_eq!(a.reader.panes[0].hit, Some(1));
    assert_eq!(
        a.message_text().as_deref(),
        Some(format!("match 2 of {hits}").as_str())
    );
    // Other panes were not searched (scope: focused essay).
    assert!(a.reader.panes[1].hits.is_empty());
    // Tab in the prompt widens the search to all open essays.
    a.update(Action::StartSearch);
    a.update(Action::Prompt(PromptEdit::ToggleScope));
    for c in "japan".chars() {
        a.update(Action::Prompt(PromptEdit::Insert(c)));
    }
    a.update(Action::Prompt(PromptEdit::Submit));
    assert!(a.reader.panes.iter().all(|p| !p.hits.is_empty()));
}

#[test]
fn panes_can_be_added_replaced_moved_and_closed() {
    let mut a = app(builtin(), &THREE, Some("us-role"), (200, 50), true);
    a.update(Action::OpenEssayPicker(PickPurpose::AddPane));
    let cha = a.corpus.essay_index("cha-johnstone-2023").unwrap();
    // The picker starts on the first essay not yet open: Cha & Johnstone.
    match &a.overlay {
        Some(Overlay::Essays(l, PickPurpose::AddPane)) => assert_eq!(l.selected(), Some(cha)),
        other => panic!("expected the essay picker, got {other:?}"),
    }
    a.update(Action::PickerChoose);
    assert_eq!(a.reader.panes.len(), 4);
    assert_eq!(a.reader.panes[3].essay, cha);
    assert_eq!(a.reader.focus, 3);
    a.update(Action::MovePane(-1));
    assert_eq!(a.reader.panes[2].essay, cha);
    a.update(Action::OpenEssayPicker(PickPurpose::Replace));
    a.update(Action::PickerMove(-100));
    a.update(Action::PickerChoose);
    assert_eq!(a.reader.panes[2].essay, 0);
    a.update(Action::ClosePane);
    assert_eq!(a.reader.panes.len(), 3);
    let buf = draw(&a);
    let anchor = a.geometry().panes[0].text.y + a.reader.anchor();
    let rows = marker_rows(&a, &buf);
    assert!(rows.iter().flatten().all(|&r| r == anchor), "{rows:?}");
}

#[test]
fn sync_scroll_keeps_alignment_and_unsynced_scroll_breaks_it() {
    let mut a = app(builtin(), &THREE, Some("gsomia"), (160, 40), true);
    a.update(Action::Scroll(5));
    assert!(a.reader.aligned);
    let tops: Vec<isize> = a.reader.panes.iter().map(|p| p.top).collect();
    a.update(Action::Scroll(-5));
    a.update(Action::Scroll(5));
    assert_eq!(
        tops,
        a.reader.panes.iter().map(|p| p.top).collect::<Vec<_>>()
    );
    a.update(Action::ToggleSync);
    a.update(Action::Scroll(3));
    assert!(!a.reader.aligned);
    assert!(text(&draw(&a)).contains("unaligned"));
    a.update(Action::Realign);
    assert!(a.reader.aligned);
}

#[test]
fn clicking_a_themed_passage_aligns_on_its_theme() {
    let mut a = app(builtin(), &THREE, None, (160, 40), true);
    // Find a row of the first pane's text covered by a passage, and click it.
    let g = a.geometry();
    let p = g.panes[0];
    let w = a.reader.wrapped(0).unwrap().clone();
    let essay = a.reader.panes[0].essay;
    let first = a.corpus.passages_in(essay)[0];
    let row = w.row_of(a.corpus.passage(first).range.start);
    assert!(
        row < p.text.height as usize,
        "first passage is on the first screen"
    );
    a.update(Action::Click {
        x: p.text.x + 1,
        y: p.text.y + row as u16,
    });
    assert_eq!(a.reader.theme, Some(a.corpus.passage(first).themes[0]));
    assert!(a.reader.aligned);
}

#[test]
fn resizing_keeps_each_panes_reading_position() {
    let mut a = app(builtin(), &THREE, None, (160, 40), true);
    a.update(Action::ToggleSync);
    a.update(Action::Scroll(30));
    let w = a.reader.wrapped(0).unwrap().clone();
    let offset = w.rows[a.reader.panes[0].top as usize].range().start;
    a.update(Action::Resize(120, 30));
    let w2 = a.reader.wrapped(0).unwrap().clone();
    let r = w2.rows[a.reader.panes[0].top as usize].range();
    assert!(
        r.start <= offset && offset <= r.end,
        "top row still holds the old top's first word"
    );
}

// --- properties ------------------------------------------------------------

/// A small corpus: `n` essays of random paragraphs, each paragraph holding a
/// unique token; passages quote tokens, themes are assigned at random.
fn synthetic(
    n: usize,
    paras: &[Vec<u8>],
    tags: &[(usize, usize, usize)],
    themes: usize,
) -> Arc<Corpus> {
    let words = [
        "alliance", "history", "trade", "victims", "treaty", "summit", "trust", "court", "世界",
        "apology",
    ];
    let mut essays = Vec::new();
    for e in 0..n {
        let mut body = String::new();
        for (p, lens) in paras[e % paras.len()].iter().enumerate() {
            if p % 5 == 3 {
                body.push_str("## Heading\n\n");
            }
            body.push_str(&format!("tok{e}x{p}z "));
            for k in 0..(*lens as usize % 60 + 1) {
                body.push_str(words[(k * 7 + p + e) % words.len()]);
                body.push(' ');
            }
            body.push_str("\n\n");
        }
        let text = format!("+++\ntitle = \"Essay {e}\"\nauthors = [\"Author {e}\"]\n+++\n{body}");
        essays.push(InputFile::memory(
            format!("essays/e{e}.md"),
            text.into_bytes(),
        ));
    }
    let mut map = String::new();
    // A tour over the first two themes, so the property can play it.
    map.push_str("[[tours]]\nid = \"tour\"\ntitle = \"Tour\"\n");
    for t in 0..themes.min(2) {
        map.push_str(&format!(
            "[[tours.steps]]\ntheme = \"t{t}\"\nprompt = \"Step {t}: a prompt long enough to wrap onto a second row of the header at narrow sizes\"\n"
        ));
    }
    map.push('\n');
    for t in 0..themes {
        map.push_str(&format!(
            "[[themes]]\nid = \"t{t}\"\ntitle = \"Theme {t}\"\n\n"
        ));
    }
    for &(e, p, t) in tags {
        let e = e % n;
        let p = p % paras[e % paras.len()].len();
        map.push_str(&format!(
            "[[passages]]\nessay = \"e{e}\"\nthemes = [\"t{}\"]\nquote = \"tok{e}x{p}z\"\nstance = \"s\"\n\n",
            t % themes
        ));
    }
    let files = CorpusFiles {
        name: "synthetic".into(),
        essays,
        themes: vec![InputFile::memory("themes/m.toml", map.into_bytes())],
        diagnostics: Vec::new(),
    };
    let loaded = corpus::load(files);
    let errors: Vec<_> = loaded.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    Arc::new(loaded.corpus)
}

fn action_strategy(themes: usize) -> impl Strategy<Value = Action> {
    prop_oneof![
        3 => Just(Action::NextPassage),
        2 => Just(Action::PrevPassage),
        2 => Just(Action::NextTheme),
        1 => Just(Action::PrevTheme),
        2 => (0..themes).prop_map(Action::SetTheme),
        2 => (-20isize..20).prop_map(Action::Scroll),
        1 => (-2isize..3).prop_map(Action::Page),
        1 => Just(Action::Top),
        1 => Just(Action::Bottom),
        1 => Just(Action::FocusNext),
        1 => Just(Action::ToggleSync),
        1 => Just(Action::Realign),
        2 => (40u16..320, 8u16..90).prop_map(|(w, h)| Action::Resize(w, h)),
        1 => Just(Action::ClosePane),
        // Mouse.
        1 => (0u16..320, 0u16..90).prop_map(|(x, y)| Action::Click { x, y }),
        1 => (0u16..320, 0u16..90, -6isize..7)
            .prop_map(|(x, y, delta)| Action::Wheel { x, y, delta }),
        // Views, and back.
        1 => prop_oneof![
            Just(View::Compare),
            Just(View::Matrix),
            Just(View::Synoptic),
            Just(View::Reader)
        ]
        .prop_map(Action::ShowView),
        1 => Just(Action::TogglePresent),
        1 => Just(Action::Dismiss),
        1 => Just(Action::Select),
        1 => (-30isize..30).prop_map(Action::ViewScroll),
        // Search: open, type "tok", maybe widen, run; step through hits.
        1 => Just(Action::StartSearch),
        1 => prop_oneof![Just('t'), Just('o'), Just('k'), Just('1')]
            .prop_map(|c| Action::Prompt(PromptEdit::Insert(c))),
        1 => Just(Action::Prompt(PromptEdit::ToggleScope)),
        1 => Just(Action::Prompt(PromptEdit::Submit)),
        1 => Just(Action::NextHit),
        1 => Just(Action::PrevHit),
        // Tours.
        1 => Just(Action::StartTour(0)),
        1 => (-1isize..2).prop_map(Action::TourStep),
        1 => (-1isize..2).prop_map(Action::PresentNext),
        // Pickers.
        1 => Just(Action::OpenThemePicker),
        1 => (-3isize..4).prop_map(Action::PickerMove),
        1 => Just(Action::PickerChoose),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 60, ..ProptestConfig::default() })]

    /// Whenever the reader says it is aligned, every pane with a current
    /// passage has it starting on the same screen row (in virtual rows, so
    /// padding counts), and that row is the anchor row.
    #[test]
    fn aligned_panes_share_the_passage_row(
        n in 2usize..7,
        paras in prop::collection::vec(prop::collection::vec(any::<u8>(), 1..25), 1..4),
        tags in prop::collection::vec((0usize..6, 0usize..25, 0usize..4), 1..40),
        size in (40u16..320, 8u16..90),
        actions in prop::collection::vec(action_strategy(4), 0..40),
    ) {
        let corpus = synthetic(n, &paras, &tags, 4);
        let essays: Vec<usize> = (0..corpus.essays.len()).collect();
        let mut a = App::new(corpus.clone(), StartOptions {
            essays,
            theme: Some(0),
            size,
            color: true,
            keymap: Keymap::default(),
            ..StartOptions::default()
        });
        for action in actions {
            let panes_before = a.reader.panes.len();
            let closes = action == Action::ClosePane;
            // Actions that align the panes on the current passage.
            let aligns = matches!(
                action,
                Action::NextPassage | Action::PrevPassage | Action::NextTheme | Action::PrevTheme
                    | Action::SetTheme(_) | Action::Realign | Action::StartTour(_)
            ) && a.overlay.is_none();
            let realigns = aligns || matches!(action, Action::Resize(..));
            a.update(action);
            // Closing a pane re-lays out (and so re-aligns) the others.
            let realigns = realigns || (closes && a.reader.panes.len() < panes_before);
            prop_assert!(a.reader.focus < a.reader.panes.len());
            let g = a.geometry();
            if g.too_small.is_some() || a.reader.theme.is_none() {
                continue;
            }
            let with_target = (0..a.reader.panes.len()).filter(|&i| a.reader.target(i).is_some()).count();
            // An app that never aligns fails here: after an aligning action
            // in the reader, with passages to align, the panes are aligned.
            if aligns && a.view != View::Synoptic && with_target > 0 {
                prop_assert!(a.reader.aligned, "not aligned after an aligning action");
            }
            if !a.reader.aligned {
                continue;
            }
            let anchor = a.reader.anchor() as isize;
            let mut rows = Vec::new();
            for i in 0..a.reader.panes.len() {
                let (Some(t), Some(w)) = (a.reader.target(i), a.reader.wrapped(i)) else { continue };
                let row = w.row_of(corpus.passage(t.passage).range.start) as isize;
                rows.push(row - a.reader.panes[i].top);
            }
            if rows.len() >= 2 {
                prop_assert!(rows.iter().all(|&r| r == rows[0]), "rows {:?}", rows);
            }
            if realigns {
                // Right after an align, the shared row is the anchor row.
                prop_assert!(rows.iter().all(|&r| r == anchor), "rows {:?} anchor {}", rows, anchor);
            }
        }
        // And what is drawn agrees: the ▶ markers sit on one row.
        if a.reader.aligned && a.geometry().too_small.is_none() {
            let buf = draw(&a);
            let marks: Vec<u16> = marker_rows(&a, &buf).into_iter().flatten().collect();
            prop_assert!(marks.windows(2).all(|w| w[0] == w[1]), "markers {:?}", marks);
        }
    }

    /// Drawing never panics and never writes outside the screen, at any size.
    #[test]
    fn any_size_draws(w in 1u16..400, h in 1u16..120, theme in 0usize..16, steps in 0usize..4) {
        let corpus = builtin();
        let mut a = app(corpus, &THREE, None, (w, h), true);
        a.update(Action::SetTheme(theme));
        for _ in 0..steps {
            a.update(Action::NextPassage);
        }
        let _ = draw(&a);
    }
}

/// A corpus of one essay body and one passage, selected by `selector`
/// (TOML: `quote = "…"`, or `start`/`end`).
fn one_essay(body: &str, selector: &str) -> Arc<Corpus> {
    let essay = format!("+++\ntitle = \"E\"\nauthors = [\"A\"]\n+++\n{body}\n");
    let map = format!(
        "[[themes]]\nid = \"t\"\ntitle = \"T\"\n\n[[passages]]\nessay = \"e\"\nthemes = [\"t\"]\n{selector}\nstance = \"s\"\n"
    );
    let files = CorpusFiles {
        name: "one".into(),
        essays: vec![InputFile::memory("essays/e.md", essay.into_bytes())],
        themes: vec![InputFile::memory("themes/m.toml", map.into_bytes())],
        diagnostics: Vec::new(),
    };
    let loaded = corpus::load(files);
    let errors: Vec<_> = loaded.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    Arc::new(loaded.corpus)
}

#[test]
fn deeply_nested_quotes_keep_their_bars_out_of_the_text() {
    // Issue 13.14: forty levels of block quote drew forty bars across the
    // text area. Bars stop at four levels, inside the indentation.
    let body = format!("Before.\n\n{} deep words here\n\nAfter.", "> ".repeat(40));
    let corpus = one_essay(&body, "quote = \"deep words here\"");
    let a = App::new(
        corpus,
        StartOptions {
            essays: vec![0],
            theme: Some(0),
            size: (80, 24),
            color: false,
            keymap: Keymap::default(),
            ..StartOptions::default()
        },
    );
    let s = text(&draw(&a));
    let row = s.lines().find(|l| l.contains("deep words here")).expect(&s);
    let before_text = &row[..row.find("deep").unwrap()];
    assert!(before_text.matches('│').count() <= 4, "{row:?}");
    let col = unicode_width::UnicodeWidthStr::width(before_text);
    assert!(col <= 2 + 8 + 1, "text pushed to column {col}: {row:?}");
}

#[test]
fn a_huge_passage_is_laid_out_only_as_far_as_anyone_reads() {
    // Issue 13.7: a 30 MB passage cost seconds per key in presenter mode
    // and on `c`. The layouts stop at their caps (time is measured in the
    // benchmark, not here).
    let words = "lorem ipsum dolor sit amet ".repeat(40_000);
    let body = format!("Alpha start {words}omega end.");
    let corpus = one_essay(&body, "start = \"Alpha start\"\nend = \"omega end.\"");
    let mut a = App::new(
        corpus,
        StartOptions {
            essays: vec![0],
            theme: Some(0),
            size: (120, 40),
            color: false,
            keymap: Keymap::default(),
            ..StartOptions::default()
        },
    );
    a.update(Action::ShowView(View::Compare));
    let rows = a.compare.layout.as_ref().unwrap().rows;
    assert!(
        rows <= parallax::layout::compare::MAX_QUOTE_ROWS + 20,
        "{rows} rows laid out"
    );
    let last = a.compare.layout.as_ref().unwrap().columns[0]
        .lines
        .iter()
        .rev()
        .flatten()
        .find(|l| !l.text.is_empty())
        .unwrap()
        .text
        .clone();
    assert!(last.contains("continues"), "{last}");
    a.update(Action::TogglePresent);
    let l = parallax::tui::present::layout(&a.reader, a.tour, a.area(), None);
    assert!(l.panes[0].lines.len() <= parallax::tui::present::MAX_PASSAGE_ROWS);
    assert!(l.panes[0].truncated);
}

/// Opening a theme when not every essay on it fits (80 columns: two
/// panes) opens those with the most passages on it, in corpus order: at
/// 80×24, `--theme gsomia` shows Hawley & Leopold's two GSOMIA passages
/// rather than whichever essays come first.
#[test]
fn a_theme_opens_the_essays_that_say_most_about_it_when_not_all_fit() {
    let c = builtin();
    let hl = c.essay_index("hawley-leopold-2021").unwrap();
    for t in 0..c.map.themes.len() {
        let id = c.map.themes[t].id.clone();
        let a = app(c.clone(), &[], Some(&id), (80, 24), false);
        let open: Vec<usize> = a.reader.panes.iter().map(|p| p.essay).collect();
        let on: Vec<usize> = (0..c.essays.len())
            .filter(|&e| !c.passages_on(t, e).is_empty())
            .collect();
        let weight = |e: usize| c.passages_on(t, e).len();
        let least_open = open.iter().map(|&e| weight(e)).min().unwrap();
        let most_closed = on
            .iter()
            .filter(|e| !open.contains(e))
            .map(|&e| weight(e))
            .max()
            .unwrap_or(0);
        assert!(least_open >= most_closed, "{id}: open {open:?} of {on:?}");
        assert!(open.windows(2).all(|w| w[0] < w[1]), "{id}: {open:?}");
        if id == "gsomia" {
            assert!(open.contains(&hl), "gsomia: {open:?}");
        }
    }
}

/// Ordered-list markers never touch their text: a list's markers are right
/// aligned in a column as wide as its widest ("10.") and a space, so its
/// items' text lines up; bullets keep their two-cell column.
#[test]
fn list_markers_stand_apart_from_their_text_and_items_line_up() {
    let mut body = String::from("Intro.\n\n");
    for i in 1..=10 {
        body.push_str(&format!("{i}. item {i}\n"));
    }
    body.push_str("\n- a bullet\n");
    let essay = format!("+++\ntitle = \"T\"\nauthors = [\"A\"]\n+++\n{body}");
    let map = "[[themes]]\nid = \"t\"\ntitle = \"T\"\n\n[[passages]]\nessay = \"e\"\nthemes = [\"t\"]\nquote = \"Intro.\"\nstance = \"s\"\n";
    let loaded = corpus::load(CorpusFiles {
        name: "lists".into(),
        essays: vec![InputFile::memory("essays/e.md", essay.into_bytes())],
        themes: vec![InputFile::memory("themes/m.toml", map.as_bytes().to_vec())],
        diagnostics: Vec::new(),
    });
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    let a = app(Arc::new(loaded.corpus), &["e"], None, (60, 24), false);
    let screen = text(&draw(&a));
    let col = |needle: &str| {
        let line = screen
            .lines()
            .find(|l| l.trim_end().ends_with(needle))
            .unwrap_or_else(|| panic!("{needle:?} not on screen:\n{screen}"));
        (line.find(needle).unwrap(), line.to_string())
    };
    let (one, l1) = col("item 1");
    let (ten, l10) = col("item 10");
    assert_eq!(one, ten, "items do not line up:\n{l1}\n{l10}");
    assert!(l1.contains(" 1. item 1"), "{l1}");
    assert!(l10.contains("10. item 10"), "{l10}");
    let (_, bullet) = col("a bullet");
    assert!(bullet.contains("• a bullet"), "{bullet}");
}

/// The library's start options are indices: one out of range (a caller's
/// bug, or a stale index) is dropped rather than panicking in the layout.
#[test]
fn start_options_out_of_range_are_dropped_not_a_panic() {
    let c = builtin();
    let mut opts = common::options(&c, &[], None, (100, 30), false);
    opts.essays = vec![999, 0];
    opts.theme = Some(999);
    opts.tour = Some(999);
    let a = App::new(c.clone(), opts);
    let open: Vec<usize> = a.reader.panes.iter().map(|p| p.essay).collect();
    assert_eq!(open, vec![0]);
    assert_eq!(a.reader.theme, None);
    assert!(a.tour.is_none());
    let _ = draw(&a);
}
