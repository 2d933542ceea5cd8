//! Reading aids drawn to a TestBackend: the outline and the bookmark list
//! (snapshots at 80×24 and 250×60), jumping from them, paragraph numbers in
//! the gutter, what `Y` queues for the clipboard, and a saved session put
//! back at another terminal size.

mod common;

use common::{app, builtin, cut_words, draw, options, text};
use parallax::outline::Kind;
use parallax::session::Saved;
use parallax::tui::action::{Action, PromptEdit};
use parallax::tui::app::{App, Overlay, View};
use parallax::tui::overlay::prompt::TextEdit;
use parallax::tui::reading::Effect;

const WIDE: (u16, u16) = (250, 60);
const NARROW: (u16, u16) = (80, 24);
const THREE: [&str; 3] = ["hawley-leopold-2021", "aum-2022", "sneider-2021"];

/// Three essays on GSOMIA with Aum (a q-and-a with headings) focused.
fn reader(size: (u16, u16)) -> App {
    let mut a = app(builtin(), &THREE, Some("gsomia"), size, false);
    a.update(Action::FocusNext);
    a
}

fn type_text(a: &mut App, s: &str, f: impl Fn(TextEdit) -> Action) {
    for c in s.chars() {
        a.update(f(TextEdit::Insert(c)));
    }
}

/// The row (in the text area) holding a byte offset, minus the pane's top:
/// where on screen the offset is.
fn screen_row_of(a: &App, pane: usize, offset: usize) -> isize {
    let w = a.reader.wrapped(pane).unwrap();
    w.row_of(offset) as isize - a.reader.panes[pane].top
}

#[test]
fn outline_snapshots() {
    for (name, size) in [("outline_narrow", NARROW), ("outline_wide", WIDE)] {
        let mut a = reader(size);
        a.update(Action::OpenOutline);
        assert!(matches!(a.overlay, Some(Overlay::Outline(_))));
        let s = text(&draw(&a));
        assert!(
            cut_words(&s, size.0).is_empty(),
            "{:?}",
            cut_words(&s, size.0)
        );
        insta::assert_snapshot!(name, s);
    }
}

#[test]
fn outline_filter_then_enter_aligns_every_pane_on_the_passage() {
    let mut a = reader(WIDE);
    a.update(Action::PrevTheme); // leave GSOMIA: the jump must choose it
    a.update(Action::OpenOutline);
    type_text(&mut a, "gsomia", Action::PickerFilter);
    let Some(Overlay::Outline(o)) = &a.overlay else {
        panic!("outline closed")
    };
    assert_eq!(o.list.shown.len(), 1, "Aum has one passage on GSOMIA");
    let Kind::Passage(p) = o.selected().unwrap().kind else {
        panic!("not a passage")
    };
    a.update(Action::PickerChoose);
    assert!(a.overlay.is_none());
    let c = a.corpus.clone();
    assert_eq!(a.reader.theme, c.theme_index("gsomia"));
    assert_eq!(a.reader.target(a.reader.focus).unwrap().passage, p);
    assert!(a.reader.aligned);
    // Every pane's passage on the theme starts on the marker row.
    let anchor = a.reader.anchor() as isize;
    for i in 0..3 {
        let t = a.reader.target(i).unwrap();
        let start = c.passage(t.passage).range.start;
        assert_eq!(screen_row_of(&a, i, start), anchor, "pane {i}");
    }
}

#[test]
fn outline_enter_on_a_heading_puts_it_on_the_marker_row() {
    let mut a = reader(NARROW);
    a.update(Action::OpenOutline);
    type_text(&mut a, "improved", Action::PickerFilter);
    let Some(Overlay::Outline(o)) = &a.overlay else {
        panic!("outline closed")
    };
    let item = o.selected().unwrap().clone();
    assert!(matches!(item.kind, Kind::Heading(_)), "{item:?}");
    assert!(item
        .text
        .starts_with("How can South Korea-Japan relations be improved"));
    a.update(Action::PickerChoose);
    let f = a.reader.focus;
    assert_eq!(
        screen_row_of(&a, f, item.offset),
        a.reader.anchor() as isize
    );
}

fn with_bookmarks(size: (u16, u16)) -> App {
    let mut a = reader(size);
    a.update(Action::StartBookmark);
    type_text(&mut a, "export curbs", |e| {
        Action::Label(match e {
            TextEdit::Insert(c) => PromptEdit::Insert(c),
            _ => unreachable!(),
        })
    });
    a.update(Action::Label(PromptEdit::Submit));
    a.update(Action::FocusPrev);
    a.update(Action::StartBookmark);
    a.update(Action::Label(PromptEdit::Submit));
    a
}

#[test]
fn bookmark_list_snapshots() {
    for (name, size) in [("bookmarks_narrow", NARROW), ("bookmarks_wide", WIDE)] {
        let mut a = with_bookmarks(size);
        assert_eq!(a.bookmarks.len(), 2);
        a.update(Action::OpenBookmarks);
        let s = text(&draw(&a));
        assert!(
            cut_words(&s, size.0).is_empty(),
            "{:?}",
            cut_words(&s, size.0)
        );
        insta::assert_snapshot!(name, s);
    }
}

#[test]
fn a_bookmark_takes_you_back_and_can_be_deleted() {
    let mut a = with_bookmarks(NARROW);
    let aum = a.corpus.essay_index("aum-2022").unwrap();
    let b = a.bookmarks.iter().find(|b| b.essay == aum).unwrap().clone();
    assert_eq!(b.label.as_deref(), Some("export curbs"));
    assert_eq!(a.effects.iter().filter(|e| **e == Effect::Save).count(), 2);
    // Wander off: another theme, scrolled.
    a.update(Action::NextTheme);
    a.update(Action::Page(3));
    a.update(Action::OpenBookmarks);
    let Some(Overlay::Bookmarks(l)) = &a.overlay else {
        panic!("no list")
    };
    let i = a.bookmarks.iter().position(|x| *x == b).unwrap();
    let d = i as isize - l.selected().unwrap() as isize;
    a.update(Action::PickerMove(d));
    a.update(Action::PickerChoose);
    let f = a.reader.focus;
    assert_eq!(a.reader.panes[f].essay, aum);
    assert_eq!(screen_row_of(&a, f, b.offset), a.reader.anchor() as isize);
    // Delete it from the list.
    a.update(Action::OpenBookmarks);
    let Some(Overlay::Bookmarks(l)) = &a.overlay else {
        panic!("no list")
    };
    let d = i as isize - l.selected().unwrap() as isize;
    a.update(Action::PickerMove(d));
    a.update(Action::DeleteBookmark);
    assert_eq!(a.bookmarks.len(), 1);
    assert!(!a.bookmarks.contains(&b));
}

#[test]
fn paragraph_numbers_show_in_the_gutter_and_keep_alignment() {
    let mut a = reader(WIDE);
    let before = text(&draw(&a));
    assert!(!before.contains('¶'));
    a.update(Action::Scroll(2));
    let scrolled = text(&draw(&a));
    a.update(Action::ToggleParagraphs);
    let s = text(&draw(&a));
    // Hawley's fifth paragraph ("In 2019, Japan and South Korea …", counted
    // by hand in the essay file, headings not counted) starts on screen.
    let line = s
        .lines()
        .find(|l| l.contains("In 2019, Japan and South Korea"))
        .unwrap_or_else(|| panic!("{s}"));
    assert!(line.trim_start().starts_with("¶5"), "{line}");
    // Still aligned, and still scrolled two rows past the aligned place.
    assert!(a.reader.aligned);
    let anchor = a.reader.anchor() as isize;
    for i in 0..3 {
        let t = a.reader.target(i).unwrap();
        let start = a.corpus.passage(t.passage).range.start;
        assert_eq!(screen_row_of(&a, i, start), anchor - 2, "pane {i}");
    }
    a.update(Action::ToggleParagraphs);
    // Off again: the same screen as before (the status bar aside).
    let body = |s: &str| {
        s.lines()
            .rev()
            .skip(1)
            .map(String::from)
            .collect::<Vec<_>>()
    };
    let after = body(&text(&draw(&a)));
    let changed: Vec<String> = after
        .iter()
        .zip(body(&scrolled))
        .filter(|(x, y)| *x != y)
        .map(|(x, y)| format!("{y}\n{x}"))
        .collect();
    assert!(
        changed.is_empty(),
        "screen changed:\n{}",
        changed.join("\n")
    );
}

#[test]
fn copy_queues_the_passage_and_its_citation() {
    let mut a = reader(NARROW);
    a.update(Action::FocusPrev); // Hawley & Leopold
    a.update(Action::CopyCitation);
    let [Effect::Copy { text, what }] = a.effects.as_slice() else {
        panic!("{:?}", a.effects)
    };
    assert!(
        text.starts_with("Key intelligence sharing between the US, Japan, and South Korea"),
        "{text}"
    );
    assert!(text.contains("ability to counter emerging threats.\n\n— "));
    assert!(text.ends_with(
        "— Bennett Hawley and Alex Leopold, “Promoting Reconciliation Between Japan & South Korea to Foster Strategic Cohesion”, Onero Institute, 2021-10-08, ¶ 5\n"
    ));
    assert_eq!(what, "Hawley & Leopold (2021) ¶ 5 + citation");
    // No theme and nothing themed at the marker row: nothing is copied.
    let mut b = app(builtin(), &THREE, None, NARROW, false);
    b.update(Action::CopyCitation);
    assert!(b.effects.is_empty());
    assert!(b
        .message_text()
        .unwrap()
        .starts_with("no passage to copy here"));
}

#[test]
fn a_saved_session_comes_back_at_another_size() {
    let mut a = reader(WIDE);
    a.update(Action::NextPassage);
    a.update(Action::ToggleParagraphs);
    a.update(Action::Scroll(2));
    let c = a.corpus.clone();
    let f = a.reader.focus;
    let start = c.passage(a.reader.target(f).unwrap().passage).range.start;
    let orig = screen_row_of(&a, f, start);
    assert_eq!(orig, a.reader.anchor() as isize - 2, "scrolled two rows");
    let marked: Vec<usize> = (0..3).map(|i| a.marker_offset(i).unwrap()).collect();
    let saved: Saved = a.session().to_saved(&c, "built-in");
    let text = toml::to_string(&saved).unwrap();
    let back: Saved = toml::from_str(&text).unwrap();
    let (s, notes) = back.resolve(&c);
    assert!(notes.is_empty(), "{notes:?}");
    for size in [WIDE, NARROW] {
        let mut opts = options(&c, &[], None, size, false);
        opts.resume = Some(s.clone());
        let b = App::new(c.clone(), opts);
        let essays = |x: &App| x.reader.panes.iter().map(|p| p.essay).collect::<Vec<_>>();
        assert_eq!(essays(&b), essays(&a));
        assert_eq!(b.reader.theme, a.reader.theme);
        assert_eq!(b.reader.step, a.reader.step);
        assert_eq!(b.reader.focus, a.reader.focus);
        assert!(b.reader.numbers && b.reader.aligned);
        // The line that was on the marker row is on it again (in every pane
        // at the same size; in the focused one at another, the others
        // staying aligned with it).
        let anchor = b.reader.anchor() as isize;
        for (i, &m) in marked.iter().enumerate() {
            if size == WIDE || i == f {
                assert_eq!(screen_row_of(&b, i, m), anchor, "pane {i} at {size:?}");
            }
        }
        let starts: Vec<isize> = (0..3)
            .map(|i| {
                let t = b.reader.target(i).unwrap();
                screen_row_of(&b, i, c.passage(t.passage).range.start)
            })
            .collect();
        assert!(
            starts.windows(2).all(|w| w[0] == w[1]),
            "{starts:?} at {size:?}"
        );
    }
}

#[test]
fn the_view_and_the_tour_step_come_back() {
    let c = builtin();
    let mut a = app(c.clone(), &THREE, None, NARROW, false);
    a.update(Action::StartTour(0));
    a.update(Action::TourStep(1));
    a.update(Action::ShowView(View::Compare));
    let s = a.session();
    assert_eq!(s.view, "compare");
    let (s, notes) = s.to_saved(&c, "built-in").resolve(&c);
    assert!(notes.is_empty(), "{notes:?}");
    let mut opts = options(&c, &[], None, WIDE, false);
    opts.resume = Some(s);
    let b = App::new(c.clone(), opts);
    assert_eq!(b.view, View::Compare);
    assert_eq!(b.tour.map(|t| (t.tour, t.step)), Some((0, 1)));
    assert_eq!(b.reader.theme, a.reader.theme);
    let essays = |x: &App| x.reader.panes.iter().map(|p| p.essay).collect::<Vec<_>>();
    assert_eq!(essays(&b), essays(&a));
    // The step's prompt is above the panes again, and the panes below it.
    assert!(!b.prompt_lines().is_empty());
    assert_eq!(
        b.reader.header_rows as usize,
        1 + b.prompt_lines().len(),
        "the panes make room for the prompt"
    );
}

#[test]
fn a_session_from_a_wider_terminal_keeps_the_panes_that_fit() {
    let c = builtin();
    let all: Vec<&str> = c.essays.iter().map(|e| e.id.as_str()).collect();
    let mut a = app(c.clone(), &all, Some("us-role"), WIDE, false);
    assert_eq!(a.reader.panes.len(), 6);
    for _ in 0..5 {
        a.update(Action::FocusNext);
    }
    let focused = a.reader.panes[5].essay;
    let (s, _) = a.session().to_saved(&c, "built-in").resolve(&c);
    let mut opts = options(&c, &[], None, NARROW, false);
    opts.resume = Some(s);
    let b = App::new(c.clone(), opts);
    // 80 columns hold four panes; the focused one is among them.
    assert_eq!(b.reader.panes.len(), 4);
    assert_eq!(b.reader.panes[b.reader.focus].essay, focused);
    assert!(b.geometry().too_small.is_none());
    let note = b.message_text().unwrap();
    assert!(note.contains("4 of 6 panes"), "{note}");
}
