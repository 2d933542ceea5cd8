//! Property tests for re-anchoring (issue 11): a passage written with its
//! context (`prefix`/`suffix`, as `check --fix` stores them) is found again
//! after the essay is edited — exact or moved when the edits are away from
//! its words, changed (at the right place) when up to a tenth of its
//! characters are edited — and is orphaned, never attached to other words,
//! when its sentence is deleted, even with a near-duplicate sentence
//! elsewhere in the essay.

use std::ops::Range;

use parallax::mapping::anchor::{
    anchor_in, context_around, AnchorError, Anchored, Context, Selector, Status,
};
use proptest::prelude::*;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 128,
        ..ProptestConfig::default()
    }
}

const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "ta", "ren", "sol", "vi", "dus", "per", "an", "go", "ur", "bel", "ni", "zo",
    "tra", "e", "mon",
];

/// A word from syllable indices.
fn word() -> impl Strategy<Value = String> {
    prop::collection::vec(0..SYLLABLES.len(), 1..4)
        .prop_map(|v| v.into_iter().map(|i| SYLLABLES[i]).collect())
}

/// A sentence of 7 to 14 words, capitalised, with a full stop.
fn sentence() -> impl Strategy<Value = String> {
    prop::collection::vec(word(), 7..15).prop_map(|ws| {
        let mut s = ws.join(" ");
        s[..1].make_ascii_uppercase();
        s.push('.');
        s
    })
}

/// Distinct first and last words for sentence `i` of an essay: real
/// essays do not repeat themselves, and a random one that does (the
/// shrinker makes every sentence "Ka ka ka.") has no place that could tell
/// a passage from its look-alike.
fn distinct(mut sentences: Vec<String>) -> Vec<String> {
    const NAMES: &[&str] = &[
        "Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel", "India",
        "Juliett", "Kilo", "Lima", "Mike", "November", "Oscar", "Papa", "Quebec", "Romeo",
        "Sierra", "Tango",
    ];
    for (i, s) in sentences.iter_mut().enumerate() {
        *s = format!(
            "{} {} {}.",
            NAMES[i],
            s.trim_end_matches('.'),
            NAMES[NAMES.len() - 1 - i].to_lowercase()
        );
    }
    sentences
}

/// Sentences joined into paragraphs of four.
fn join(sentences: &[String]) -> (String, Vec<Range<usize>>) {
    let mut text = String::new();
    let mut at = Vec::new();
    for (i, s) in sentences.iter().enumerate() {
        if i > 0 {
            text.push_str(if i % 4 == 0 { "\n\n" } else { " " });
        }
        at.push(text.len()..text.len() + s.len());
        text.push_str(s);
    }
    (text, at)
}

/// Anchor one quote with the context stored from `original`.
fn reanchor(original: &str, range: Range<usize>, edited: &str) -> Result<Anchored, AnchorError> {
    let (prefix, suffix) = context_around(original, range.clone());
    let sel = Selector::Quote(original[range].to_string());
    let ctx = Context {
        prefix: Some(&prefix),
        suffix: Some(&suffix),
    };
    anchor_in(edited, &[(sel.phrases(), ctx)])
        .pop()
        .expect("one result")
}

/// One edit: at a byte offset (ASCII text), delete `del` bytes and insert
/// `ins`.
#[derive(Debug, Clone)]
struct Edit {
    at: usize,
    del: usize,
    ins: String,
}

fn apply(text: &str, edits: &[Edit]) -> String {
    // Applied from the back so earlier offsets stay valid.
    let mut sorted = edits.to_vec();
    sorted.sort_by_key(|e| std::cmp::Reverse(e.at));
    let mut t = text.to_string();
    for e in sorted {
        t.replace_range(e.at..e.at + e.del, &e.ins);
    }
    t
}

/// Where `r` of the original is after the edits (none of which touches it).
fn shifted(r: &Range<usize>, edits: &[Edit]) -> Range<usize> {
    let delta: isize = edits
        .iter()
        .filter(|e| e.at + e.del <= r.start)
        .map(|e| e.ins.len() as isize - e.del as isize)
        .sum();
    (r.start as isize + delta) as usize..(r.end as isize + delta) as usize
}

proptest! {
    #![proptest_config(config())]

    /// Edits anywhere but in the quoted words leave the passage exact or
    /// moved, at its words' new offsets.
    #[test]
    fn edits_away_from_the_quote_keep_it_exact_or_moved(
        sentences in prop::collection::vec(sentence(), 6..20),
        pick in any::<prop::sample::Index>(),
        raw in prop::collection::vec((any::<bool>(), any::<prop::sample::Index>(), 0usize..3, "[a-z .]{0,6}"), 1..12),
    ) {
        let (text, at) = join(&sentences);
        let r = at[pick.index(at.len())].clone();
        prop_assume!(text.matches(&text[r.clone()]).count() == 1);
        // Edits before or after the quote, never overlapping it.
        let edits: Vec<Edit> = raw
            .into_iter()
            .filter_map(|(before, i, del, ins)| {
                let (lo, hi) = if before { (0, r.start) } else { (r.end, text.len()) };
                if hi <= lo {
                    return None;
                }
                let at = lo + i.index(hi - lo);
                Some(Edit { at, del: del.min(hi - at), ins })
            })
            .collect();
        // Non-overlapping edits only (each deletes its own bytes).
        let mut sorted = edits.clone();
        sorted.sort_by_key(|e| e.at);
        prop_assume!(sorted.windows(2).all(|w| w[0].at + w[0].del <= w[1].at));
        let edited = apply(&text, &edits);
        let want = shifted(&r, &edits);
        prop_assume!(edited.matches(&text[r.clone()]).count() == 1);
        match reanchor(&text, r.clone(), &edited) {
            Ok(a) => {
                prop_assert!(matches!(a.status, Status::Exact | Status::Moved), "{:?}", a);
                prop_assert_eq!(a.range, want);
            }
            Err(e) => prop_assert!(false, "{:?} in {:?}", e, edited),
        }
    }

    /// Up to a tenth of the quote's characters edited: changed, and found
    /// where the edited words are.
    #[test]
    fn small_edits_inside_the_quote_are_changed_at_the_right_place(
        sentences in prop::collection::vec(sentence(), 6..20),
        pick in any::<prop::sample::Index>(),
        raw in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6),
    ) {
        let (text, at) = join(&sentences);
        let r = at[pick.index(at.len())].clone();
        let len = r.len();
        prop_assume!(len >= 30 && text.matches(&text[r.clone()]).count() == 1);
        // Substitutions of letters strictly inside the quote, at distinct
        // places, at most a tenth of its length.
        let budget = len / 10;
        let mut places: Vec<usize> = raw.iter().map(|(i, _)| r.start + 1 + i.index(len - 2)).collect();
        places.sort_unstable();
        places.dedup();
        places.truncate(budget);
        let edits: Vec<Edit> = places
            .iter()
            .zip(&raw)
            .map(|(&at, (_, b))| {
                let old = text.as_bytes()[at];
                let mut new = b'a' + b % 26;
                if new == old {
                    new = if old == b'z' { b'y' } else { old + 1 };
                }
                Edit { at, del: 1, ins: (new as char).to_string() }
            })
            .collect();
        let edited = apply(&text, &edits);
        match reanchor(&text, r.clone(), &edited) {
            Ok(a) => {
                prop_assert_eq!(a.status, Status::Changed);
                prop_assert_eq!(&edited[a.range.clone()], &edited[r.clone()]);
            }
            Err(e) => prop_assert!(false, "{:?}\n{:?}\n{:?}", e, &text[r.clone()], &edited[r]),
        }
    }

    /// The quoted sentence deleted: orphaned, even when a near-duplicate of
    /// it (a tenth of its letters changed) stands elsewhere in the essay.
    #[test]
    fn a_deleted_sentence_is_orphaned_even_beside_a_near_duplicate(
        sentences in prop::collection::vec(sentence(), 8..20),
        pick in any::<prop::sample::Index>(),
        place in any::<prop::sample::Index>(),
        changes in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..4),
    ) {
        let sentences = distinct(sentences);
        let (text, at) = join(&sentences);
        let i = pick.index(sentences.len());
        let r = at[i].clone();
        prop_assume!(text.matches(&text[r.clone()]).count() == 1);
        // The near-duplicate: the sentence with up to a tenth of its
        // letters changed (at least one: an exact copy elsewhere is the
        // same words moved), put between two other sentences at least two
        // away.
        let mut dup = sentences[i].clone().into_bytes();
        for (k, b) in changes.iter().take(dup.len() / 10) {
            let j = k.index(dup.len());
            if dup[j].is_ascii_lowercase() {
                dup[j] = b'a' + b % 26;
            }
        }
        let dup = String::from_utf8(dup).unwrap();
        prop_assume!(dup != sentences[i]);
        let mut rest: Vec<String> = sentences.clone();
        rest.remove(i);
        let spots: Vec<usize> = (0..=rest.len()).filter(|&j| j + 2 <= i || j >= i + 2).collect();
        prop_assume!(!spots.is_empty());
        rest.insert(spots[place.index(spots.len())], dup);
        let (edited, _) = join(&rest);
        let got = reanchor(&text, r.clone(), &edited);
        prop_assert!(got.is_err(), "attached to {:?} in {:?}", got.map(|a| edited[a.range].to_string()), edited);
    }
}

#[test]
fn an_insertion_far_away_is_exact_and_next_to_the_passage_is_moved() {
    let text = "First sentence here. Second one follows it. The quoted words stand here. \
                Then more text comes after them. And the end.";
    let q = "The quoted words stand here.";
    let r = text.find(q).unwrap()..text.find(q).unwrap() + q.len();
    let far = text.replace("And the end.", "And the very end.");
    let a = reanchor(text, r.clone(), &far).unwrap();
    assert_eq!((a.status, &far[a.range]), (Status::Exact, q));
    let near = text.replace(
        "Second one follows it.",
        "Second one follows it. A new sentence.",
    );
    let a = reanchor(text, r, &near).unwrap();
    assert_eq!((a.status, &near[a.range]), (Status::Moved, q));
}

/// A `start`/`end` passage with context: a word changed in its start
/// phrase is changed, at the right place; its end sentence deleted, it is
/// orphaned.
#[test]
fn start_end_passages_are_re_anchored_by_their_phrases() {
    let text = "Opening words of the essay come first. The alliance held firm through \
                the crisis of that year, and the trade talks resumed in spring. \
                Closing remarks follow here.";
    let start = "The alliance held firm";
    let end = "resumed in spring.";
    let s = text.find(start).unwrap();
    let r = s..text.find(end).unwrap() + end.len();
    let (prefix, suffix) = context_around(text, r.clone());
    let sel = Selector::Range {
        start: start.into(),
        end: end.into(),
    };
    let ctx = Context {
        prefix: Some(&prefix),
        suffix: Some(&suffix),
    };
    let edited = text.replace("alliance", "aliance");
    let a = anchor_in(&edited, &[(sel.phrases(), ctx)])
        .pop()
        .unwrap()
        .unwrap();
    assert_eq!(a.status, Status::Changed);
    assert_eq!(
        &edited[a.range],
        "The aliance held firm through the crisis of that year, and the trade talks resumed in spring."
    );
    let cut = text.replace(", and the trade talks resumed in spring.", ".");
    assert!(anchor_in(&cut, &[(sel.phrases(), ctx)])
        .pop()
        .unwrap()
        .is_err());
}
