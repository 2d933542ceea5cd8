//! The compare view, coverage matrix, seminar tours and presenter mode,
//! drawn to a TestBackend: snapshots at a wide (250×60) and a narrow
//! (80×24) size, NO_COLOR, and the behaviour a user relies on.

mod common;

use common::{app, assert_no_colour, builtin, cut_words, draw, options, text};
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
    // Hawley & Leopold's first passage on the US role is their thesis.
    assert!(s.contains("1 · recommendation"));
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
        // Its own essays, or (none listed) every essay on its theme.
        let expected = parallax::export::tour::step_essays(&a.corpus, 0, k);
        assert_eq!(essays, expected, "step {k} opens its essays");
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

// --- every view and overlay at 80×24 and 250×60: no word cut at an edge ---

/// Every screen a user can reach, by name, set up from the built-in corpus.
fn every_screen(size: (u16, u16)) -> Vec<(&'static str, App)> {
    use parallax::tui::action::{PickPurpose, PromptEdit};
    let c = builtin;
    let three = ["hawley-leopold-2021", "aum-2022", "sneider-2021"];
    let mut out = Vec::new();
    let mut add = |name, f: &dyn Fn(&mut App), essays: &[&str], theme: Option<&str>| {
        let mut a = app(c(), essays, theme, size, true);
        f(&mut a);
        out.push((name, a));
    };
    let none = |_: &mut App| {};
    add("reader", &none, &three, Some("gsomia"));
    add("reader_no_theme", &none, &three, None);
    add(
        "reader_message",
        &|a| {
            // A long message (a search with no match for a long query).
            a.update(Action::StartSearch);
            for ch in "a phrase that appears nowhere in this essay at all, however long".chars() {
                a.update(Action::Prompt(PromptEdit::Insert(ch)));
            }
            a.update(Action::Prompt(PromptEdit::Submit));
        },
        &three,
        Some("gsomia"),
    );
    add(
        "search_prompt",
        &|a| {
            a.update(Action::StartSearch);
            for ch in "gsomia".chars() {
                a.update(Action::Prompt(PromptEdit::Insert(ch)));
            }
        },
        &three,
        Some("gsomia"),
    );
    add(
        "compare",
        &|a| a.update(Action::ShowView(View::Compare)),
        &three,
        Some("gsomia"),
    );
    add(
        "matrix",
        &|a| a.update(Action::ShowView(View::Matrix)),
        &three,
        Some("gsomia"),
    );
    add(
        "synoptic",
        &|a| a.update(Action::ShowView(View::Synoptic)),
        &["sneider-2021", "park-2021"],
        None,
    );
    add(
        "presenter",
        &|a| a.update(Action::TogglePresent),
        &three,
        Some("gsomia"),
    );
    add("tour", &|a| a.update(Action::StartTour(0)), &three, None);
    add(
        "tour_presenter",
        &|a| {
            a.update(Action::StartTour(0));
            a.update(Action::TogglePresent);
        },
        &three,
        None,
    );
    add(
        "help",
        &|a| a.update(Action::ToggleHelp),
        &three,
        Some("gsomia"),
    );
    add(
        "theme_picker",
        &|a| a.update(Action::OpenThemePicker),
        &three,
        Some("gsomia"),
    );
    add(
        "essay_picker",
        &|a| a.update(Action::OpenEssayPicker(PickPurpose::Replace)),
        &three,
        Some("gsomia"),
    );
    add(
        "tour_picker",
        &|a| a.update(Action::OpenTourPicker),
        &three,
        Some("gsomia"),
    );
    out
}

#[test]
fn no_screen_cuts_a_word_at_an_edge() {
    let mut problems = Vec::new();
    for size in [NARROW, WIDE] {
        for (name, a) in every_screen(size) {
            let s = text(&draw(&a));
            insta::assert_snapshot!(format!("screen_{name}_{}x{}", size.0, size.1), s);
            for row in cut_words(&s, size.0) {
                problems.push(format!("{name} at {}×{}: {row}", size.0, size.1));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "words cut at an edge:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_cut_word_check_catches_cut_words() {
    // The checker itself: a word against the right edge, or against a
    // rule, is caught; a margin or an ellipsis is not.
    assert_eq!(cut_words("ab cd\n", 5).len(), 1);
    assert!(cut_words("ab c…\n", 5).is_empty());
    assert!(cut_words("ab c \n", 5).is_empty());
    assert_eq!(cut_words(" matri│ more\n", 40).len(), 1);
    assert!(cut_words(" matrix │ more\n", 40).is_empty());
}

// --- issue 8: each defect found in the trial, as a test --------------------

/// Press keys as a user would: through the keymap and the input layer.
fn press(a: &mut App, keys: &[parallax::tui::keymap::Key]) {
    for &k in keys {
        if let Some(action) = parallax::tui::input::action_for_key(a, k) {
            a.update(action);
        }
    }
}

fn chars(s: &str) -> Vec<parallax::tui::keymap::Key> {
    s.chars().map(parallax::tui::keymap::Key::ch).collect()
}

fn special(code: ratatui::crossterm::event::KeyCode) -> parallax::tui::keymap::Key {
    parallax::tui::keymap::Key::plain(code)
}

#[test]
fn d1_help_scrolls_exactly_and_wraps_to_the_screen() {
    use ratatui::crossterm::event::KeyCode;
    let mut a = app(builtin(), &FOUR, Some("gsomia"), NARROW, true);
    press(&mut a, &chars("?"));
    let top = text(&draw(&a));
    // Far past the end, then one line up: the view moves at once.
    for _ in 0..20 {
        press(&mut a, &[special(KeyCode::PageDown)]);
    }
    let end = text(&draw(&a));
    assert!(end.contains("e.g.  next-passage"), "{end}");
    press(&mut a, &chars("k"));
    assert_ne!(text(&draw(&a)), end, "k right after the end scrolls");
    // g / G / Home / End.
    press(&mut a, &chars("G"));
    assert_eq!(text(&draw(&a)), end);
    press(&mut a, &chars("g"));
    assert_eq!(text(&draw(&a)), top);
    press(&mut a, &[special(KeyCode::End)]);
    assert_eq!(text(&draw(&a)), end);
    press(&mut a, &[special(KeyCode::Home)]);
    assert_eq!(text(&draw(&a)), top);
    // Esc and the compare view's keys have entries.
    let help = parallax::tui::view::help_text(&a).join("\n");
    assert!(help.contains("Esc              Close an overlay"), "{help}");
    assert!(help.contains("Next / previous essay"), "{help}");
    // At 250 columns no entry is cut short ("large and high-").
    let wide = app(builtin(), &FOUR, Some("gsomia"), WIDE, true);
    let lines = parallax::tui::view::help_text(&wide);
    assert!(
        lines.iter().any(|l| l.contains("large and high-contrast")),
        "{lines:?}"
    );
    // No stray corner in the top border.
    a.update(Action::ToggleHelp);
    a.update(Action::ToggleHelp);
    let s = text(&draw(&a));
    let border = s
        .lines()
        .find(|l| l.contains("Help — keys in effect"))
        .unwrap();
    assert_eq!(border.matches('┐').count(), 1, "{border}");
    assert!(border.trim_end().ends_with('┐'), "{border}");
}

#[test]
fn d2_stacked_compare_follows_the_selection_and_stops_at_its_end() {
    use ratatui::crossterm::event::KeyCode;
    // Hawley & Leopold (third here) have two GSOMIA passages.
    let essays = ["aum-2022", "sneider-2021", "hawley-leopold-2021"];
    let mut a = app(builtin(), &essays, Some("gsomia"), NARROW, true);
    press(&mut a, &chars("cllj"));
    let s = text(&draw(&a));
    let status = s.lines().last().unwrap();
    assert!(
        status.contains("Hawley") && status.contains("passage 2 of 2"),
        "{status}"
    );
    // The selected passage (their second) is on screen.
    assert!(
        s.contains("2 · "),
        "Hawley & Leopold's passage 2 is not on screen:\n{s}"
    );
    // G and PgDn never scroll past the end.
    press(&mut a, &chars("G"));
    let body_rows = |s: &str| {
        let lines: Vec<&str> = s.lines().collect();
        lines[1..lines.len() - 1]
            .iter()
            .filter(|l| !l.trim().is_empty())
            .count()
    };
    let s = text(&draw(&a));
    assert!(body_rows(&s) >= 10, "G scrolled to a blank screen:\n{s}");
    for _ in 0..4 {
        press(&mut a, &[special(KeyCode::PageDown)]);
    }
    let s = text(&draw(&a));
    assert!(body_rows(&s) >= 10, "PgDn scrolled to a blank screen:\n{s}");
}

#[test]
fn d3_presenter_stances_start_on_one_row_right_under_the_passages() {
    use ratatui::crossterm::event::KeyCode;
    for size in [NARROW, WIDE] {
        let mut a = tour_app(size, false, true);
        press(&mut a, &[special(KeyCode::Right), special(KeyCode::Right)]);
        press(&mut a, &chars("P"));
        let s = text(&draw(&a));
        let lines: Vec<&str> = s.lines().collect();
        // The rules above the stances: every pane's on one row.
        let rule_rows: Vec<usize> = lines
            .iter()
            .enumerate()
            .filter(|(_, l)| l.contains("──────"))
            .map(|(i, _)| i)
            .collect();
        assert_eq!(rule_rows.len(), 1, "stances start on different rows:\n{s}");
        let panes = lines[rule_rows[0]].matches("──────────").count();
        assert!(panes >= 1);
        // No run of blank rows between the passages and the stances.
        let blank_above = lines[..rule_rows[0]]
            .iter()
            .rev()
            .take_while(|l| l.trim().is_empty())
            .count();
        assert!(
            blank_above <= 2,
            "{blank_above} blank rows above the stances:\n{s}"
        );
    }
}

#[test]
fn d4_adding_a_pane_that_does_not_fit_is_refused() {
    let mut a = app(builtin(), &FOUR, Some("gsomia"), NARROW, true);
    press(&mut a, &chars("a"));
    assert!(a.overlay.is_none(), "the picker opened");
    assert_eq!(a.reader.panes.len(), 4);
    let m = a.message_text().unwrap();
    assert!(m.contains("no room for 5 panes"), "{m}");
    assert!(!text(&draw(&a)).contains("terminal too small"));
}

#[test]
fn d6_a_long_message_is_shown_whole() {
    let screens = every_screen(NARROW);
    let (_, a) = screens
        .iter()
        .find(|(n, _)| *n == "reader_message")
        .unwrap();
    let s = text(&draw(a));
    let joined: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        joined.contains(
            "no match for “a phrase that appears nowhere in this essay at all, however long”"
        ),
        "{s}"
    );
}

#[test]
fn d7_nothing_under_an_overlay_looks_like_a_cursor() {
    let mut a = app(builtin(), &FOUR, Some("gsomia"), WIDE, true);
    assert!(text(&draw(&a)).contains(parallax::tui::view::MARK_START));
    a.update(Action::OpenThemePicker);
    assert!(!text(&draw(&a)).contains(parallax::tui::view::MARK_START));
}

#[test]
fn d8_search_of_all_essays_steps_through_every_pane() {
    use parallax::tui::action::PromptEdit;
    let mut a = app(builtin(), &FOUR, Some("gsomia"), WIDE, true);
    a.update(Action::StartSearch);
    a.update(Action::Prompt(PromptEdit::ToggleScope));
    for ch in "GSOMIA".chars() {
        a.update(Action::Prompt(PromptEdit::Insert(ch)));
    }
    a.update(Action::Prompt(PromptEdit::Submit));
    let with_hits = a.reader.panes.iter().filter(|p| !p.hits.is_empty()).count();
    assert!(with_hits >= 2);
    let total: usize = a.reader.panes.iter().map(|p| p.hits.len()).sum();
    let mut focused = std::collections::BTreeSet::new();
    for _ in 0..total {
        press(&mut a, &chars("n"));
        focused.insert(a.reader.focus);
        assert!(a.message_text().unwrap().starts_with("match "));
    }
    assert_eq!(
        focused.len(),
        with_hits,
        "n did not visit every pane with hits"
    );
    // One hit: "1 match", not "1 matches".
    let mut a = app(builtin(), &FOUR, Some("gsomia"), WIDE, true);
    a.update(Action::StartSearch);
    for ch in "whitelist”".chars() {
        a.update(Action::Prompt(PromptEdit::Insert(ch)));
    }
    a.update(Action::Prompt(PromptEdit::Submit));
    let m = a.message_text().unwrap();
    assert!(!m.contains("1 matches"), "{m}");
}

#[test]
fn d10_matrix_uses_the_width_and_names_its_order() {
    let mut a = matrix_app(WIDE, true);
    let s = text(&draw(&a));
    for t in &a.corpus.map.themes {
        assert!(s.contains(&t.title), "{} cut:\n{s}", t.title);
    }
    a.update(Action::CycleSort);
    a.update(Action::CycleSort);
    let e = a.matrix.col;
    let s = text(&draw(&a));
    let head = s.lines().next().unwrap();
    assert!(head.contains(&a.corpus.essay_label(e)), "{head}");
    // Too small: says what for, and no pane advice.
    let mut a = matrix_app((40, 10), true);
    a.update(Action::Resize(40, 10));
    let s = text(&draw(&a));
    assert!(s.contains("for the coverage matrix"), "{s}");
    assert!(
        !s.contains("0 panes") && !s.contains("closes a pane"),
        "{s}"
    );
}

#[test]
fn d12_keys_on_the_too_small_screen_do_nothing_unseen() {
    let mut a = app(builtin(), &FOUR, Some("gsomia"), (10, 3), true);
    press(&mut a, &chars("cmytTP"));
    a.update(Action::Resize(250, 60));
    assert_eq!(a.view, View::Reader);
    assert!(a.overlay.is_none());
    press(&mut a, &chars("q"));
    assert!(a.quit);
}

#[test]
fn d13_synoptic_passages_start_fresh_rows_and_ends_are_marked() {
    let mut a = synoptic_app(NARROW, true);
    for (i, w) in a.synoptic.wrapped.iter().enumerate() {
        let e = a.reader.panes[i].essay;
        let text = &a.corpus.essays[e].text;
        for &p in a.corpus.passages_in(e) {
            let start = a.corpus.passage(p).range.start;
            let row = &w.rows[w.row_of(start)];
            assert!(
                text[row.range().start..start].trim().is_empty(),
                "passage {p} starts mid-row: {:?}",
                &text[row.range()]
            );
        }
    }
    // The ↪ Enter acts on is on screen, and Enter goes to its counterpart.
    while a.synoptic.target(&a.reader).is_none() {
        let before = a.synoptic.top;
        a.update(Action::Scroll(5));
        assert_ne!(before, a.synoptic.top, "no ↪ anywhere");
    }
    let t = a.synoptic.target(&a.reader).unwrap();
    let on_screen = t.row as isize - a.synoptic.top;
    assert!(on_screen >= 0 && on_screen < a.geometry().text_height() as isize);
    a.update(Action::Select);
    assert_eq!(a.reader.focus, t.to_pane);
    // At the bottom, a pane that has ended says so.
    a.update(Action::Bottom);
    let s = text(&draw(&a));
    assert!(s.contains("∎ end of essay"), "{s}");
}

#[test]
fn d14_pickers_show_counts_and_e_starts_on_the_next_essay() {
    use parallax::tui::action::PickPurpose;
    use parallax::tui::app::Overlay;
    let mut a = app(builtin(), &FOUR, Some("gsomia"), WIDE, true);
    let focused = a.reader.panes[a.reader.focus].essay;
    a.update(Action::OpenEssayPicker(PickPurpose::Replace));
    let Some(Overlay::Essays(l, _)) = &a.overlay else {
        panic!("no essay picker")
    };
    assert_ne!(l.selected(), Some(focused));
    let s = text(&draw(&a));
    assert!(
        s.contains("passages on “GSOMIA and intelligence sharing”"),
        "{s}"
    );
}

#[test]
fn hints_and_messages_follow_a_rebound_keymap() {
    use parallax::tui::keymap::{Command, Key};
    use ratatui::crossterm::event::KeyCode;
    let corpus = builtin();
    let mut opts = options(&corpus, &FOUR, Some("gsomia"), WIDE, true);
    opts.keymap = opts
        .keymap
        .with_keys(Command::Help, vec![Key::plain(KeyCode::F(2))])
        .with_keys(Command::ScrollDown, vec![Key::ch('J')])
        .with_keys(Command::ThemePicker, vec![Key::ch('u')])
        .with_keys(Command::Compare, vec![Key::ch('C')]);
    let mut a = App::new(corpus, opts);
    let s = text(&draw(&a));
    let status = s.lines().last().unwrap();
    assert!(
        status.contains("F2 help") && status.contains("u themes") && status.contains("C compare"),
        "{status}"
    );
    assert!(!status.contains("? help"), "{status}");
    press(&mut a, &chars("C"));
    assert_eq!(a.view, View::Compare);
    let status = text(&draw(&a)).lines().last().unwrap().to_string();
    assert!(status.contains("J/k passage"), "{status}");
    press(&mut a, &[Key::plain(KeyCode::F(2))]);
    let s = text(&draw(&a));
    assert!(s.contains("F2 or Esc closes · J/k scroll"), "{s}");
    press(
        &mut a,
        &[Key::plain(KeyCode::Esc), Key::plain(KeyCode::Esc)],
    );
    press(&mut a, &chars("?"));
    assert!(
        a.message_text().unwrap().contains("F2 for help"),
        "{:?}",
        a.message_text()
    );
}
