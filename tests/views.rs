//! The compare view, coverage matrix, seminar tours and presenter mode,
//! drawn to a TestBackend: snapshots at a wide (250×60) and a narrow
//! (80×24) size, NO_COLOR, and the behaviour a user relies on.

mod common;

use common::{app, assert_no_colour, builtin, draw, options, text};
use parallax::align::coverage::Sort;
use parallax::tui::action::Action;
use parallax::tui::app::{App, View};

const WIDE: (u16, u16) = (250, 60);
const NARROW: (u16, u16) = (80, 24);
const FOUR: [&str; 4] = [
    "hawley-leopold-2021",
    "aum-2022",
    "sneider-2021",
    "park-2021",
];

fn compare_app(size: (u16, u16), color: bool) -> App {
    let mut a = app(builtin(), &FOUR, Some("us-role"), size, color);
    a.update(Action::ShowView(View::Compare));
    assert_eq!(a.view, View::Compare);
    a
}

/// Screen rows of the "k · role" lines of each compare column.
fn role_rows(a: &App, s: &str, k: usize) -> Vec<usize> {
    let tag = format!("{k} · ");
    s.lines()
        .enumerate()
        .filter(|(_, l)| l.split('│').any(|cell| cell.trim_start().starts_with(&tag)))
        .map(|(y, _)| y)
        .take(a.reader.panes.len())
        .collect()
}

#[test]
fn compare_wide_puts_kth_passages_side_by_side() {
    let a = compare_app(WIDE, true);
    let s = text(&draw(&a));
    assert!(
        s.contains("Can the United States fix the relationship"),
        "the theme's question heads the view"
    );
    // The first and second passages of every column start on one row each.
    for k in [1, 2] {
        let rows = role_rows(&a, &s, k);
        assert_eq!(
            rows.len(),
            1,
            "k={k}: all columns' role lines on one screen row: {rows:?}"
        );
    }
    insta::assert_snapshot!(s);
}

#[test]
fn compare_narrow_stacks_and_stays_readable() {
    let a = compare_app(NARROW, true);
    assert!(a.compare.layout.as_ref().unwrap().stacked);
    let s = text(&draw(&a));
    assert!(s.contains("1 · claim"));
    insta::assert_snapshot!(s);
}

#[test]
fn compare_no_color_keeps_the_text() {
    let a = compare_app(WIDE, false);
    let buf = draw(&a);
    assert_no_colour(&buf);
    assert_eq!(text(&buf), text(&draw(&compare_app(WIDE, true))));
}

#[test]
fn compare_selection_opens_the_reader_aligned_on_it() {
    let mut a = compare_app(WIDE, true);
    a.update(Action::FocusNext); // Aum's column
    a.update(Action::NextPassage); // its second passage
    a.update(Action::Select);
    assert_eq!(a.view, View::Reader);
    assert_eq!(a.reader.focus, 1);
    assert_eq!(a.reader.step, 1);
    assert!(a.reader.aligned);
    assert_eq!(a.reader.target(1).unwrap().index, 1);
}

#[test]
fn compare_needs_a_theme() {
    let mut a = app(builtin(), &FOUR, None, WIDE, true);
    a.update(Action::ShowView(View::Compare));
    assert_eq!(a.view, View::Reader);
    assert!(a.message_text().as_deref().unwrap().contains("no theme"));
}

fn matrix_app(size: (u16, u16), color: bool) -> App {
    let mut a = app(builtin(), &FOUR, Some("gsomia"), size, color);
    a.update(Action::ShowView(View::Matrix));
    a
}

#[test]
fn matrix_wide_shows_counts_bars_and_roles() {
    let a = matrix_app(WIDE, true);
    let s = text(&draw(&a));
    assert!(s.contains("GSOMIA and intelligence sharing"));
    assert!(s.contains("C claim E evidence"));
    insta::assert_snapshot!(s);
}

#[test]
fn matrix_narrow_uses_theme_ids() {
    let a = matrix_app(NARROW, true);
    let s = text(&draw(&a));
    assert!(s.contains("gsomia"), "{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn matrix_no_color_keeps_the_text() {
    let buf = draw(&matrix_app(WIDE, false));
    assert_no_colour(&buf);
    assert_eq!(text(&buf), text(&draw(&matrix_app(WIDE, true))));
}

#[test]
fn matrix_starts_on_the_reader_theme_and_enter_jumps_to_the_essay() {
    let mut a = matrix_app(WIDE, true);
    let gsomia = a.corpus.theme_index("gsomia").unwrap();
    assert_eq!(a.matrix.theme(), Some(gsomia));
    // Move to Cha & Johnstone (not open), on the treaty theme.
    let cha = a.corpus.essay_index("cha-johnstone-2023").unwrap();
    let treaty = a.corpus.theme_index("treaty-1965").unwrap();
    a.update(Action::MoveSelection {
        rows: treaty as isize - gsomia as isize,
        cols: cha as isize - a.matrix.col as isize,
    });
    assert_eq!(a.matrix.theme(), Some(treaty));
    a.update(Action::Select);
    assert_eq!(a.view, View::Reader);
    assert_eq!(a.reader.theme, Some(treaty));
    assert_eq!(
        a.reader.panes[a.reader.focus].essay, cha,
        "the essay was opened and focused"
    );
    assert!(a.reader.target(a.reader.focus).is_some());
}

#[test]
fn matrix_sorts_by_size_then_by_essay() {
    let mut a = matrix_app(WIDE, true);
    a.update(Action::CycleSort);
    assert_eq!(a.matrix.sort, Sort::Size);
    let first = a.matrix.theme().unwrap();
    let most = (0..a.corpus.map.themes.len())
        .map(|t| a.matrix.coverage.as_ref().unwrap().theme_total(t))
        .max()
        .unwrap();
    assert_eq!(a.matrix.coverage.as_ref().unwrap().theme_total(first), most);
    a.update(Action::CycleSort);
    assert!(matches!(a.matrix.sort, Sort::Essay(_)));
}

fn tour_app(size: (u16, u16), present: bool, color: bool) -> App {
    let corpus = builtin();
    let mut opts = options(&corpus, &[], None, size, color);
    opts.tour = Some(0);
    opts.present = present;
    App::new(corpus, opts)
}

#[test]
fn tour_opens_each_step_aligned_with_its_prompt() {
    let mut a = tour_app(WIDE, false, true);
    let tour = a.corpus.map.tours[0].clone();
    for (k, step) in tour.steps.iter().enumerate() {
        if k > 0 {
            a.update(Action::TourStep(1));
        }
        assert_eq!(a.tour.unwrap().step, k);
        assert_eq!(a.reader.theme, Some(step.theme));
        let essays: Vec<usize> = a.reader.panes.iter().map(|p| p.essay).collect();
        assert_eq!(essays, step.essays, "step {k} opens its essays");
        assert!(a.reader.aligned);
        let s = text(&draw(&a));
        assert!(
            s.contains(&format!("step {} of {}", k + 1, tour.steps.len())),
            "{s}"
        );
        let prompt_start: String = step.prompt.as_deref().unwrap().chars().take(40).collect();
        assert!(s.contains(&prompt_start), "the step's prompt is on screen");
    }
    a.update(Action::TourStep(1));
    assert!(a.message_text().as_deref().unwrap().contains("last step"));
    a.update(Action::Dismiss);
    assert!(a.tour.is_none(), "Esc ends the tour");
}

#[test]
fn tour_snapshots_wide_and_narrow() {
    let a = tour_app(WIDE, false, true);
    insta::assert_snapshot!("tour_wide", text(&draw(&a)));
    let a = tour_app(NARROW, false, true);
    insta::assert_snapshot!("tour_narrow", text(&draw(&a)));
}

#[test]
fn presenter_shows_prompt_passages_and_stances() {
    let mut a = tour_app(WIDE, true, true);
    let s = text(&draw(&a));
    assert!(s.contains("Step 1 of 7"));
    let stance = a
        .corpus
        .passage(a.reader.target(0).unwrap().passage)
        .stance
        .clone()
        .unwrap();
    assert!(s.contains(&stance[..30]), "the stance is shown");
    assert!(
        !s.contains("∎ end of essay"),
        "only passages, not whole essays"
    );
    insta::assert_snapshot!("present_wide", s);
    a.update(Action::PresentNext(1));
    assert_eq!(a.tour.unwrap().step, 1);
    let a = tour_app(NARROW, true, true);
    insta::assert_snapshot!("present_narrow", text(&draw(&a)));
}

#[test]
fn tour_and_presenter_no_color() {
    for present in [false, true] {
        let buf = draw(&tour_app(WIDE, present, false));
        assert_no_colour(&buf);
        assert_eq!(text(&buf), text(&draw(&tour_app(WIDE, present, true))));
    }
}

#[test]
fn views_return_to_the_reader() {
    let mut a = app(builtin(), &FOUR, Some("gsomia"), WIDE, true);
    for v in [View::Compare, View::Matrix] {
        a.update(Action::ShowView(v));
        assert_eq!(a.view, v);
        a.update(Action::Dismiss);
        assert_eq!(a.view, View::Reader);
        a.update(Action::ShowView(v));
        a.update(Action::ShowView(v));
        assert_eq!(a.view, View::Reader, "the same key again goes back");
    }
    a.update(Action::TogglePresent);
    assert_eq!(a.view, View::Present);
    a.update(Action::Dismiss);
    assert_eq!(a.view, View::Reader);
}

fn synoptic_app(size: (u16, u16), color: bool) -> App {
    let mut a = app(builtin(), &["sneider-2021", "park-2021"], None, size, color);
    a.update(Action::ShowView(View::Synoptic));
    assert_eq!(a.view, View::Synoptic);
    a
}

#[test]
fn synoptic_aligned_groups_share_a_screen_row() {
    let a = synoptic_app(WIDE, true);
    let buf = draw(&a);
    let g = a.geometry();
    let syn = a.synoptic.synopsis.clone().unwrap();
    assert!(!syn.columns().is_empty());
    // Every aligned column visible on screen has its ◆ on one row in every
    // pane taking part.
    for col in syn.columns() {
        let r = col.row as isize - a.synoptic.top;
        if r < 0 || r >= g.text_height() as isize {
            continue;
        }
        let y = g.panes[0].text.y + r as u16;
        for (i, cell) in col.cells.iter().enumerate() {
            if cell.is_some() {
                assert_eq!(
                    buf[(g.panes[i].gutter.x, y)].symbol(),
                    "◆",
                    "pane {i} row {y}"
                );
            }
        }
    }
    insta::assert_snapshot!("synoptic_wide", text(&buf));
}

#[test]
fn synoptic_narrow_and_no_color() {
    let a = synoptic_app(NARROW, true);
    insta::assert_snapshot!("synoptic_narrow", text(&draw(&a)));
    let buf = draw(&synoptic_app(WIDE, false));
    assert_no_colour(&buf);
    assert_eq!(text(&buf), text(&draw(&synoptic_app(WIDE, true))));
}

#[test]
fn synoptic_scrolls_together_and_jumps_to_counterparts() {
    let mut a = synoptic_app(WIDE, true);
    a.update(Action::Scroll(10));
    assert_eq!(a.synoptic.top, 10);
    let moved = a.synoptic.unaligned(a.reader.focus);
    let &parallax::tui::synoptic::Unaligned {
        to_pane: pane,
        to_row,
        ..
    } = moved
        .iter()
        .find(|m| m.row >= 10)
        .expect("Sneider has passages whose counterpart in Park comes elsewhere");
    a.update(Action::Select);
    assert_eq!(
        a.reader.focus, pane,
        "focus moves to the counterpart's pane"
    );
    let on_screen = to_row as isize - a.synoptic.top;
    assert!(on_screen >= 0 && on_screen < a.geometry().text_height() as isize);
    assert!(a
        .message_text()
        .as_deref()
        .unwrap()
        .starts_with("counterpart in"));
    // Leaving keeps the reading position: each pane's top is the first text
    // row at or below the shared top.
    a.update(Action::ShowView(View::Synoptic));
    assert_eq!(a.view, View::Reader);
    assert!(a.reader.panes.iter().all(|p| p.top >= 0));
}

#[test]
fn synoptic_changes_pivot_with_focus() {
    let mut a = synoptic_app(WIDE, true);
    let before = a.synoptic.synopsis.clone().unwrap();
    a.update(Action::FocusNext);
    let after = a.synoptic.synopsis.clone().unwrap();
    assert_eq!(a.reader.focus, 1);
    // Both essays still read complete, whatever the pivot.
    for s in [&before, &after] {
        for i in 0..2 {
            let own: Vec<usize> = (0..s.total_rows())
                .filter_map(|r| match s.line(i, r) {
                    parallax::align::synoptic::Line::Text(o) => Some(o),
                    _ => None,
                })
                .collect();
            assert_eq!(own, (0..s.rows(i)).collect::<Vec<_>>());
        }
    }
}

#[test]
fn keys_mean_what_the_view_needs() {
    use parallax::tui::input::action_for_key;
    use parallax::tui::keymap::Key;
    use ratatui::crossterm::event::KeyCode;
    let mut a = app(builtin(), &FOUR, Some("gsomia"), WIDE, true);
    assert_eq!(action_for_key(&a, Key::ch('j')), Some(Action::Scroll(1)));
    a.update(Action::ShowView(View::Compare));
    assert_eq!(action_for_key(&a, Key::ch('j')), Some(Action::NextPassage));
    assert_eq!(action_for_key(&a, Key::ch('l')), Some(Action::FocusNext));
    assert_eq!(
        action_for_key(&a, Key::plain(KeyCode::Enter)),
        Some(Action::Select)
    );
    a.update(Action::ShowView(View::Matrix));
    assert_eq!(
        action_for_key(&a, Key::ch('j')),
        Some(Action::MoveSelection { rows: 1, cols: 0 })
    );
    assert_eq!(
        action_for_key(&a, Key::plain(KeyCode::Right)),
        Some(Action::MoveSelection { rows: 0, cols: 1 })
    );
    assert_eq!(action_for_key(&a, Key::ch('o')), Some(Action::CycleSort));
    // Ctrl-C quits from anywhere, q closes an overlay first.
    a.update(Action::ToggleHelp);
    assert_eq!(action_for_key(&a, Key::ch('q')), Some(Action::ToggleHelp));
    assert_eq!(action_for_key(&a, Key::ctrl('c')), Some(Action::Quit));
}

mod robustness {
    use super::*;
    use parallax::tui::action::PickPurpose;
    use proptest::prelude::*;

    fn any_action() -> impl Strategy<Value = Action> {
        prop_oneof![
            Just(Action::ShowView(View::Compare)),
            Just(Action::ShowView(View::Matrix)),
            Just(Action::ShowView(View::Synoptic)),
            Just(Action::TogglePresent),
            Just(Action::OpenTourPicker),
            Just(Action::OpenThemePicker),
            Just(Action::OpenEssayPicker(PickPurpose::AddPane)),
            Just(Action::ToggleHelp),
            Just(Action::Dismiss),
            Just(Action::PickerChoose),
            (-3isize..4).prop_map(Action::PickerMove),
            Just(Action::NextPassage),
            Just(Action::NextTheme),
            Just(Action::Select),
            Just(Action::CycleSort),
            (-2isize..3).prop_map(Action::TourStep),
            (-2isize..3).prop_map(Action::PresentNext),
            (-30isize..30).prop_map(Action::ViewScroll),
            (-30isize..30).prop_map(Action::Scroll),
            (-2isize..3, -2isize..3).prop_map(|(rows, cols)| Action::MoveSelection { rows, cols }),
            Just(Action::FocusNext),
            Just(Action::ClosePane),
            (1u16..300, 1u16..90).prop_map(|(w, h)| Action::Resize(w, h)),
            (0u16..300, 0u16..90, -3isize..4).prop_map(|(x, y, delta)| Action::Wheel {
                x,
                y,
                delta
            }),
            (0u16..300, 0u16..90).prop_map(|(x, y)| Action::Click { x, y }),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

        /// Any sequence of actions, at any size, in any view or overlay:
        /// update and draw never panic, and the focus stays on a pane.
        #[test]
        fn every_view_survives_any_actions_at_any_size(
            size in (1u16..300, 1u16..90),
            actions in prop::collection::vec(any_action(), 0..25),
        ) {
            let mut a = app(builtin(), &FOUR, Some("gsomia"), size, true);
            for action in actions {
                a.update(action);
                prop_assert!(!a.reader.panes.is_empty() && a.reader.focus < a.reader.panes.len());
                let _ = draw(&a);
            }
        }
    }
}
