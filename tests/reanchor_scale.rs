//! Anchoring stays near-linear in the number of phrases per essay and in
//! the essay's size (issue 13, item 5). Sized so that each test takes well
//! under a few seconds in a debug build now, where the quadratic versions
//! took minutes: every phrase was compared at every candidate position,
//! and each stale quote's "closest passage" scanned the whole essay a dozen
//! times. No timing is asserted; the sizes are the test.

use parallax::mapping::anchor::{anchor_all, AnchorError, Selector};

/// Sentence `i`: unique by its number, and otherwise like prose.
fn sentence(i: usize) -> String {
    let words = [
        "the", "deal", "will", "last", "because", "both", "sides", "need", "it", "now",
    ];
    let mut s = format!("Item {i} says");
    for k in 0..8 {
        s.push(' ');
        s.push_str(words[(i * 7 + k * 3) % words.len()]);
    }
    s.push('.');
    s
}

fn essay(n: usize) -> (String, Vec<std::ops::Range<usize>>) {
    let mut text = String::new();
    let mut at = Vec::new();
    for i in 0..n {
        if i % 8 == 0 {
            text.push_str("\n\n");
        } else {
            text.push(' ');
        }
        let s = sentence(i);
        at.push(text.len()..text.len() + s.len());
        text.push_str(&s);
    }
    (text, at)
}

#[test]
fn fifty_thousand_unique_quotes_on_one_essay_anchor_in_one_pass() {
    let (text, at) = essay(50_000); // ~2.6 MB
    let sels: Vec<Selector> = (0..50_000).map(|i| Selector::Quote(sentence(i))).collect();
    let got = anchor_all(&text, &sels);
    for (i, r) in got.into_iter().enumerate() {
        assert_eq!(r, Ok(at[i].clone()), "sentence {i}");
    }
}

#[test]
fn closest_passage_for_many_stale_quotes_on_a_large_essay_is_indexed() {
    let (text, at) = essay(60_000); // ~3.5 MB
                                    // 200 quotes with one word changed: none matches, each gets a hint at
                                    // its own sentence.
    let picks: Vec<usize> = (0..200).map(|k| k * 297 + 11).collect();
    let sels: Vec<Selector> = picks
        .iter()
        .map(|&i| Selector::Quote(sentence(i).replacen(" says ", " writes ", 1)))
        .collect();
    let got = anchor_all(&text, &sels);
    for (r, &i) in got.iter().zip(&picks) {
        match r {
            Err(AnchorError::NotFound {
                closest: Some(c), ..
            }) => assert_eq!(c.range, at[i], "sentence {i}"),
            other => panic!("sentence {i}: {other:?}"),
        }
    }
}
