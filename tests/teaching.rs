//! Teaching modes in the reader, drawn to a TestBackend at 80×24 and
//! 250×60: a tour step opening each essay on its focused passage with the
//! minutes left, reveal (`r`, `--reveal`), the whole stance and note (`i`),
//! every essay on a theme or a count of those not shown, and the compare
//! view and presenter showing every essay on the theme.

mod common;

use common::{app, builtin, draw, marker_rows, options, text};
use parallax::tui::action::Action;
use parallax::tui::app::{App, View};

const WIDE: (u16, u16) = (250, 60);
const NARROW: (u16, u16) = (80, 24);

/// The 75-minute class tour, started as `--tour class-75 [--reveal]`.
fn class(size: (u16, u16), reveal: bool, present: bool) -> App {
    let corpus = builtin();
    let mut opts = options(&corpus, &[], None, size, true);
    opts.tour = corpus.map.tours.iter().position(|t| t.id == "class-75");
    opts.reveal = reveal;
    opts.present = present;
    App::new(corpus, opts)
}

fn status(s: &str) -> &str {
    s.lines().last().unwrap_or("")
}

/// The index (in the corpus) of an essay's pane, and that pane's index.
fn pane_of(a: &App, essay: &str) -> usize {
    let e = a.corpus.essay_index(essay).unwrap();
    a.reader
        .panes
        .iter()
        .position(|p| p.essay == e)
        .expect("pane open")
}

#[test]
fn a_step_opens_each_essay_on_its_focused_passage_with_minutes_left() {
    for size in [NARROW, WIDE] {
        let a = class(size, false, false);
        // Park's first passage on the US role is a concession about Biden;
        // the step is about his thesis, his 3rd passage on the theme.
        let park = pane_of(&a, "park-2021");
        let t = a.reader.target(park).unwrap();
        assert_eq!((t.index, t.count), (2, 7), "{size:?}");
        assert!(a.corpus.passage_text(t.passage).contains("drag the horses"));
        // Both panes' current passages start on the anchor row.
        let buf = draw(&a);
        let anchor = a.geometry().panes[0].text.y + a.reader.anchor();
        assert_eq!(marker_rows(&a, &buf), vec![Some(anchor); 2], "{size:?}");
        let s = text(&buf);
        assert!(
            status(&s).starts_with(" step 1 of 6 · 12 min · 75 left · us-role"),
            "{}",
            status(&s)
        );
        let name = if size == NARROW {
            "focus_step_narrow"
        } else {
            "focus_step_wide"
        };
        insta::assert_snapshot!(name, s);
    }
    // The status bar counts the focused pane's passages as its header does
    // (Park opens on his 3rd of 7, not on "passage 1").
    let mut a = class(WIDE, false, false);
    let park = pane_of(&a, "park-2021");
    while a.reader.focus != park {
        a.update(Action::FocusNext);
    }
    let s = text(&draw(&a));
    assert!(
        status(&s).contains("passage 3 of 7 · Park"),
        "{}",
        status(&s)
    );
    // Stepping on: the next step's focus, and fewer minutes left.
    let mut a = class(WIDE, false, false);
    a.update(Action::TourStep(1));
    let s = text(&draw(&a));
    assert!(
        status(&s).starts_with(" step 2 of 6 · 15 min · 63 left"),
        "{}",
        status(&s)
    );
    let ps = pane_of(&a, "park-silverberg-2019");
    let t = a.reader.target(ps).unwrap();
    assert_eq!(
        a.corpus.passage_text(t.passage),
        "Finally, the United States must help both countries tackle their history."
    );
    // `]` moves every pane on from where its step started.
    let before = a.reader.target(ps).unwrap().index;
    a.update(Action::NextPassage);
    assert_eq!(
        a.reader.target(ps).unwrap().index,
        (before + 1).min(t.count - 1)
    );
}

#[test]
fn reveal_hides_stances_and_roles_until_asked() {
    for size in [NARROW, WIDE] {
        let mut a = class(size, true, false);
        assert!(a.hidden, "--reveal starts a tour hidden");
        let stance = |a: &App, pane: usize| {
            let p = a.reader.target(pane).unwrap().passage;
            a.corpus.passage(p).stance.clone().unwrap()
        };
        let first: String = stance(&a, 0).chars().take(20).collect();
        let s = text(&draw(&a));
        assert!(!s.contains(&first), "stance shown while hidden:\n{s}");
        assert!(!s.contains("─ claim") && !s.contains("─ concession"), "{s}");
        assert!(s.contains("Stance hidden: read first. r reveals"), "{s}");
        let name = if size == NARROW {
            "reveal_hidden_narrow"
        } else {
            "reveal_hidden_wide"
        };
        insta::assert_snapshot!(name, s);
        a.update(Action::ToggleReveal);
        let s = text(&draw(&a));
        assert!(s.contains(&first), "r reveals:\n{s}");
        assert!(s.contains("─ claim"), "{s}");
        // The next step is hidden again: the class reads first each time.
        a.update(Action::TourStep(1));
        assert!(a.hidden);
    }
    // Without --reveal, r still hides; nothing starts hidden.
    let mut a = class(NARROW, false, false);
    assert!(!a.hidden);
    a.update(Action::ToggleReveal);
    assert!(a.hidden);
}

#[test]
fn presenter_with_reveal_starts_hidden_and_shows_every_step_essay() {
    let mut a = class(WIDE, true, true);
    assert_eq!(a.view, View::Present);
    a.update(Action::PresentNext(1)); // step 2: four essays
    let s = text(&draw(&a));
    assert_eq!(a.reader.panes.len(), 4);
    for id in [
        "hawley-leopold-2021",
        "park-silverberg-2019",
        "aum-2022",
        "cha-johnstone-2023",
    ] {
        let label = a.corpus.essay_label(a.corpus.essay_index(id).unwrap());
        assert!(s.contains(&label), "{label} missing:\n{s}");
    }
    assert!(s.contains("Stance hidden"), "{s}");
    assert!(
        !s.contains(" · claim ·") && !s.contains(" · recommendation ·"),
        "{s}"
    );
    insta::assert_snapshot!("present_reveal_wide", s);
    a.update(Action::ToggleReveal);
    let s = text(&draw(&a));
    assert!(s.contains(" · claim · "), "{s}");
}

#[test]
fn opening_a_theme_opens_every_essay_on_it_or_says_how_many_are_shown() {
    // 250 columns: all four GSOMIA essays, nothing else, no count.
    let a = app(builtin(), &[], Some("gsomia"), WIDE, true);
    assert_eq!(a.reader.panes.len(), 4);
    for p in &a.reader.panes {
        assert!(!a
            .corpus
            .passages_on(a.reader.theme.unwrap(), p.essay)
            .is_empty());
    }
    let s = text(&draw(&a));
    assert!(!status(&s).contains("essays on it"), "{}", status(&s));
    insta::assert_snapshot!("theme_all_essays_wide", s);
    // 80 columns: two fit; the status bar counts the others, naming the
    // key (after the passage count and the focused essay, which matter more).
    let mut a = app(builtin(), &[], Some("gsomia"), NARROW, true);
    assert_eq!(a.reader.panes.len(), 2);
    let s = text(&draw(&a));
    assert!(
        status(&s).contains(" · 2 of 4 essays on it — a adds")
            && status(&s).starts_with(" gsomia · passage 1 of 2 · "),
        "{}",
        status(&s)
    );
    insta::assert_snapshot!("theme_count_narrow", s);
    // The next theme opens its own essays.
    a.update(Action::NextTheme);
    let t = a.reader.theme.unwrap();
    assert!(a
        .reader
        .panes
        .iter()
        .all(|p| !a.corpus.passages_on(t, p.essay).is_empty()));
    // Panes chosen with --essays stay as they are.
    let mut a = app(
        builtin(),
        &["sneider-2021", "park-2021"],
        Some("gsomia"),
        WIDE,
        true,
    );
    a.update(Action::NextTheme);
    let ids: Vec<&str> = a
        .reader
        .panes
        .iter()
        .map(|p| a.corpus.essays[p.essay].id.as_str())
        .collect();
    assert_eq!(ids, ["sneider-2021", "park-2021"]);
}

#[test]
fn compare_and_presenter_show_every_essay_and_give_the_panes_back() {
    let four = [
        "hawley-leopold-2021",
        "aum-2022",
        "sneider-2021",
        "park-2021",
    ];
    let mut a = app(builtin(), &four, Some("us-role"), WIDE, true);
    a.update(Action::ShowView(View::Compare));
    let cols: Vec<usize> = a
        .compare
        .layout
        .as_ref()
        .unwrap()
        .columns
        .iter()
        .map(|c| c.essay)
        .collect();
    assert_eq!(cols.len(), 6, "all six essays speak to the US role");
    assert_eq!(
        &cols[..4],
        &a.reader.panes[..4]
            .iter()
            .map(|p| p.essay)
            .collect::<Vec<_>>()[..]
    );
    a.update(Action::Dismiss);
    assert_eq!(a.view, View::Reader);
    let ids: Vec<&str> = a
        .reader
        .panes
        .iter()
        .map(|p| a.corpus.essays[p.essay].id.as_str())
        .collect();
    assert_eq!(ids, four, "the reader's own panes come back");
    a.update(Action::TogglePresent);
    assert_eq!(a.reader.panes.len(), 6);
    let s = text(&draw(&a));
    assert!(!s.contains("showing 4 of"), "{s}");
}

#[test]
fn details_show_the_whole_stance_role_and_note() {
    for size in [NARROW, WIDE] {
        let mut a = class(size, true, false);
        a.update(Action::FocusNext); // Park
        a.update(Action::ShowDetails);
        let p = a.reader.target(a.reader.focus).unwrap().passage;
        let pass = a.corpus.passage(p).clone();
        let s = text(&draw(&a));
        // The whole stance, although the strip under the pane hides it: its
        // first and last words, inside the box.
        let stance = pass.stance.as_deref().unwrap();
        let first: String = stance
            .split_whitespace()
            .take(6)
            .collect::<Vec<_>>()
            .join(" ");
        let last = stance.split_whitespace().last().unwrap();
        assert!(s.contains(&format!("Stance: {first}")), "{s}");
        assert!(
            s.lines()
                .any(|l| l.contains(&format!("{last} ")) || l.contains(&format!("{last}│"))),
            "{s}"
        );
        assert!(s.contains("Role: claim"), "{s}");
        let name = if size == NARROW {
            "details_narrow"
        } else {
            "details_wide"
        };
        insta::assert_snapshot!(name, s);
        a.update(Action::Dismiss);
        assert!(a.overlay.is_none());
    }
    // A passage with a teaching note shows it.
    let mut a = class(WIDE, false, false);
    a.update(Action::ShowDetails); // Sneider's thesis: it has a note
    let s = text(&draw(&a));
    assert!(
        s.contains("Teaching note: His close returns to this"),
        "{s}"
    );
}
