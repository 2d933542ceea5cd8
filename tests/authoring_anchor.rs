//! Anchor choice (`parallax::authoring::choose`) over random selections in
//! every built-in essay: what is chosen anchors back to exactly the
//! selection, is the shortest that does, and a refusal means the words
//! really occur more than once.

use std::sync::OnceLock;

use parallax::authoring::choose::{choose, choose_chars, ChoiceError, QUOTE_WORDS};
use parallax::corpus::{self, files, Corpus};
use parallax::mapping::anchor::{anchor_all, AnchorError, Selector};
use proptest::prelude::*;
use proptest::sample::Index;

fn corpus() -> &'static Corpus {
    static C: OnceLock<Corpus> = OnceLock::new();
    C.get_or_init(|| corpus::load(files::builtin()).corpus)
}

/// Word (start, end) byte offsets of a text.
fn words(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

fn resolve(text: &str, sel: &Selector) -> Result<std::ops::Range<usize>, AnchorError> {
    anchor_all(text, std::slice::from_ref(sel)).pop().unwrap()
}

/// Check a choice for the byte selection `s..e` (already trimmed).
fn check(text: &str, s: usize, e: usize) -> Result<(), TestCaseError> {
    match choose(text, s..e) {
        Ok(c) => {
            prop_assert_eq!(c.range.clone(), s..e);
            prop_assert_eq!(resolve(text, &c.selector), Ok(s..e), "{:?}", c.selector);
            let n_words = text[s..e].split_whitespace().count();
            match &c.selector {
                Selector::Quote(q) => {
                    prop_assert_eq!(q.as_str(), &text[s..e]);
                }
                Selector::Range { start, end } => {
                    prop_assert!(n_words > QUOTE_WORDS);
                    // The essay's own words, cut from the selection.
                    prop_assert!(text[s..e].starts_with(start.as_str()));
                    prop_assert!(text[s..e].ends_with(end.as_str()));
                    prop_assert!(start.len() + end.len() < e - s);
                    // Shortest: one word less and the start phrase is not
                    // unique; one word less and the end phrase lands
                    // elsewhere.
                    let shorter = |p: &str, from_end: bool| -> Option<String> {
                        let w = words(p);
                        if w.len() < 2 {
                            return None;
                        }
                        Some(if from_end {
                            p[w[1].0..].to_string()
                        } else {
                            p[..w[w.len() - 2].1].to_string()
                        })
                    };
                    if let Some(st) = shorter(start, false) {
                        let got = resolve(text, &Selector::Quote(st.clone()));
                        prop_assert!(
                            matches!(got, Err(AnchorError::Ambiguous { .. })),
                            "start {:?} would do: {:?}",
                            st,
                            got
                        );
                    }
                    if let Some(en) = shorter(end, true) {
                        let sel = Selector::Range {
                            start: start.clone(),
                            end: en.clone(),
                        };
                        prop_assert_ne!(resolve(text, &sel), Ok(s..e), "end {:?} would do", en);
                    }
                }
            }
        }
        Err(ChoiceError::Repeated { count }) => {
            match resolve(text, &Selector::Quote(text[s..e].to_string())) {
                // (Anchoring stops counting at two matches.)
                Err(AnchorError::Ambiguous { at, .. }) => {
                    prop_assert!(count >= 2 && at.len() == 2, "{count} {at:?}")
                }
                other => prop_assert!(false, "refused, but the quote gives {:?}", other),
            }
        }
        Err(other) => prop_assert!(false, "{other} for {s}..{e}"),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Selections from the start of a word to the end of a word, 1 to 120
    /// words long, in every essay.
    #[test]
    fn word_selections_anchor_back_exactly(essay in any::<Index>(), first in any::<Index>(), len in 1usize..120) {
        let c = corpus();
        let text = &c.essays[essay.index(c.essays.len())].text;
        let w = words(text);
        let i = first.index(w.len());
        let j = (i + len - 1).min(w.len() - 1);
        check(text, w[i].0, w[j].1)?;
    }

    /// Selections at any code points (inside words too), as the reader's
    /// mouse or a script may give them: whitespace at the edges is left
    /// out, the rest anchors back exactly.
    #[test]
    fn any_code_point_selection_anchors_back_exactly(essay in any::<Index>(), a in any::<Index>(), len in 1usize..800) {
        let c = corpus();
        let text = &c.essays[essay.index(c.essays.len())].text;
        let n = text.chars().count();
        let s = a.index(n);
        let e = (s + len).min(n);
        match choose_chars(text, s..e) {
            Err(ChoiceError::Empty) => {
                let bytes = parallax::authoring::choose::char_to_byte(text, s..e).unwrap();
                prop_assert!(text[bytes].trim().is_empty());
            }
            Ok(chosen) => check(text, chosen.range.start, chosen.range.end)?,
            Err(ChoiceError::Repeated { .. }) => {
                let bytes = parallax::authoring::choose::char_to_byte(text, s..e).unwrap();
                let t = parallax::authoring::choose::trim(text, bytes);
                check(text, t.start, t.end)?;
            }
            Err(other) => prop_assert!(false, "{other}"),
        }
    }
}

#[test]
fn every_passage_of_the_built_in_map_can_be_re_anchored() {
    // Each passage's range, chosen afresh, anchors back to itself.
    let c = corpus();
    for (i, p) in c.map.passages.iter().enumerate() {
        let text = &c.essays[p.essay].text;
        let chosen = choose(text, p.range.clone()).unwrap_or_else(|e| panic!("passage {i}: {e}"));
        assert_eq!(resolve(text, &chosen.selector), Ok(p.range.clone()));
    }
}
