//! Property tests for anchoring (`parallax::mapping::anchor`): quotes match
//! the essay's plain text after normalising whitespace, quote marks, dashes
//! and soft hyphens; they must match exactly once; `start`/`end` select from
//! the start of one phrase to the end of the other.

use std::ops::Range;

use parallax::mapping::anchor::{anchor_all, normalize, AnchorError, Normalized, Selector};
use proptest::prelude::*;
use proptest::sample::Index;

/// Moderate case counts keep the whole suite fast in debug builds.
fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 192,
        ..ProptestConfig::default()
    }
}

fn anchor_one(text: &str, sel: Selector) -> Result<Range<usize>, AnchorError> {
    anchor_all(text, &[sel])
        .pop()
        .expect("one result per selector")
}

fn quote(s: &str) -> Selector {
    Selector::Quote(s.to_string())
}

/// Characters normalisation drops at the edges of a quote.
fn ignorable(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{ad}' | '\u{200b}' | '\u{2060}' | '\u{feff}')
}

/// Overlapping occurrences of a normalised `needle` in the normalised
/// text that start and end between two of the original's characters (not
/// inside the "..." one "…" became).
fn occurrences(hay: &Normalized, needle: &str) -> usize {
    hay.text
        .char_indices()
        .filter(|(i, _)| {
            hay.text[*i..].starts_with(needle)
                && hay.is_boundary(*i)
                && hay.is_boundary(*i + needle.len())
        })
        .count()
}

/// A range shrunk past ignorable characters at both ends.
fn trimmed(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let start = r.start + (s.len() - s.trim_start_matches(ignorable).len());
    let end = r.end - (s.len() - s.trim_end_matches(ignorable).len());
    start..end.max(start)
}

// ---------------------------------------------------------------------------
// Random texts made of pieces that exercise normalisation.

const PIECES: &[&str] = &[
    "Seoul", "Tokyo", "deal", "a", "b", "ab", "ba", "café", "한국", "日本", " ", " ", " ", "  ",
    "\n", "\n\n", "\t", "\u{a0}", "\u{2003}", "“", "”", "\"", "’", "'", "‘", "«", "»", "—", "–",
    "-", "―", "−", "…", "...", ".", ",", "\u{ad}", "\u{200b}",
];

fn text_strategy() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 1..48).prop_map(|v| v.concat())
}

/// A char-boundary range of `text` from two random indices.
fn pick(text: &str, a: Index, b: Index) -> Range<usize> {
    let bounds: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    let (x, y) = (a.get(&bounds), b.get(&bounds));
    *x.min(y)..*x.max(y)
}

// ---------------------------------------------------------------------------
// Phrases rendered in different typography.

/// Words for phrases: none contains q, x or z, which filler is made of.
const WORDS_A: &[&str] = &["Seoul", "Tokyo", "deal", "court", "one", "won"];
const WORDS_B: &[&str] = &["history", "GSOMIA", "allies", "한국", "日本", "café"];
const FILLER: &[&str] = &["qx", "zzq", "xqz", "qqq", "zx", "q.", "x,"];

/// How two words of a phrase are joined.
#[derive(Debug, Clone, Copy)]
enum Join {
    Space,
    Dash,
    SpacedDash,
    Apostrophe,
    OpenQuote,
    CloseQuote,
}

const SPACES: &[&str] = &[" ", "  ", "\n", "\t", "\u{a0}", " \n  ", "\u{2003}", "\n\n"];
const DASHES: &[&str] = &["—", "–", "-", "‒", "―", "−", "‐"];
const APOSTROPHES: &[&str] = &["’", "'", "‘", "`"];
const OPEN_QUOTES: &[&str] = &["“", "\"", "„", "«"];
const CLOSE_QUOTES: &[&str] = &["”", "\"", "»", "‟"];

/// A phrase: a first word, then (join, word) pairs. Each element carries
/// the random choices that pick its typography, so one phrase can be
/// rendered in several styles.
#[derive(Debug, Clone)]
struct Phrase {
    first: &'static str,
    rest: Vec<(Join, &'static str)>,
}

fn phrase(words: &'static [&'static str]) -> impl Strategy<Value = Phrase> {
    let join = prop_oneof![
        4 => Just(Join::Space),
        1 => Just(Join::Dash),
        1 => Just(Join::SpacedDash),
        1 => Just(Join::Apostrophe),
        1 => Just(Join::OpenQuote),
        1 => Just(Join::CloseQuote),
    ];
    (
        prop::sample::select(words),
        prop::collection::vec((join, prop::sample::select(words)), 0..6),
    )
        .prop_map(|(first, rest)| Phrase { first, rest })
}

/// A rendering style: a stream of choices.
type Style = Vec<u8>;

fn style() -> impl Strategy<Value = Style> {
    prop::collection::vec(any::<u8>(), 64)
}

fn render(p: &Phrase, style: &Style) -> String {
    let mut k = 0;
    let mut next = |options: &[&'static str]| {
        let s = options[usize::from(style[k % style.len()]) % options.len()];
        k += 1;
        s
    };
    let word = |w: &str, next: &mut dyn FnMut(&[&'static str]) -> &'static str| {
        // Sometimes a soft hyphen inside a word (never at its edges).
        let chars: Vec<char> = w.chars().collect();
        if chars.len() >= 2 && next(&["", "", "", "\u{ad}"]) == "\u{ad}" {
            let mid = chars.len() / 2;
            let mut s: String = chars[..mid].iter().collect();
            s.push('\u{ad}');
            s.extend(&chars[mid..]);
            s
        } else {
            w.to_string()
        }
    };
    let mut out = word(p.first, &mut next);
    for (join, w) in &p.rest {
        match join {
            Join::Space => out.push_str(next(SPACES)),
            Join::Dash => out.push_str(next(DASHES)),
            Join::SpacedDash => {
                out.push_str(next(SPACES));
                out.push_str(next(DASHES));
                out.push_str(next(SPACES));
            }
            Join::Apostrophe => out.push_str(next(APOSTROPHES)),
            Join::OpenQuote => {
                out.push_str(next(SPACES));
                out.push_str(next(OPEN_QUOTES));
            }
            Join::CloseQuote => {
                out.push_str(next(CLOSE_QUOTES));
                out.push_str(next(SPACES));
            }
        }
        out.push_str(&word(w, &mut next));
    }
    out
}

fn filler() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FILLER), 0..6).prop_map(|v| v.join(" "))
}

/// `a`, a space, `b`: pieces of a text kept apart by whitespace.
fn spaced(parts: &[&str]) -> String {
    parts
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ")
}

proptest! {
    #![proptest_config(config())]

    /// Any substring whose normalised form occurs exactly once in the
    /// normalised text anchors back to exactly its own byte offsets (less
    /// the whitespace and soft hyphens at its edges); one that occurs k > 1
    /// times is ambiguous with count k.
    #[test]
    fn a_substring_anchors_back_to_its_offsets(
        text in text_strategy(),
        a in any::<Index>(),
        b in any::<Index>(),
    ) {
        let r = pick(&text, a, b);
        let q = normalize(&text[r.clone()]).text;
        prop_assume!(!q.is_empty());
        let n = occurrences(&normalize(&text), &q);
        prop_assert!(n >= 1, "{q:?} must occur in the normalised text");
        match anchor_one(&text, quote(&text[r.clone()])) {
            Ok(got) => {
                prop_assert_eq!(n, 1);
                prop_assert_eq!(got, trimmed(&text, r));
            }
            Err(AnchorError::Ambiguous { which, at }) => {
                prop_assert_eq!(which, "quote");
                prop_assert!(n > 1);
                // Counting stops at two: the first two places are shown.
                prop_assert_eq!(at.len(), 2);
                for m in at {
                    prop_assert_eq!(normalize(&text[m]).text, q.clone());
                }
            }
            Err(e) => prop_assert!(false, "{:?} for {:?} in {:?}", e, q, text),
        }
    }

    /// Quotes that differ from the essay only in whitespace runs, curly or
    /// straight quote marks, dash kinds and soft hyphens anchor to the same
    /// range: the phrase as the essay writes it.
    #[test]
    fn typography_does_not_matter(
        p in phrase(WORDS_A),
        in_text in style(),
        in_quote in style(),
        other in style(),
        before in filler(),
        after in filler(),
    ) {
        let written = render(&p, &in_text);
        let text = spaced(&[&before, &written, &after]);
        let start = if before.is_empty() { 0 } else { before.len() + 1 };
        let expected = start..start + written.len();
        let got = anchor_one(&text, quote(&render(&p, &in_quote)));
        prop_assert_eq!(got.clone(), Ok(expected.clone()), "{:?}", text);
        prop_assert_eq!(anchor_one(&text, quote(&render(&p, &other))), got);
        // Padding a quote with whitespace changes nothing either.
        let padded = format!("\n {}\u{a0}\t", render(&p, &other));
        prop_assert_eq!(anchor_one(&text, quote(&padded)), Ok(expected));
    }

    /// A phrase written k times (in any typography) is ambiguous with count
    /// k, and the first matches reported are where it was written.
    #[test]
    fn ambiguous_quotes_report_the_count(
        p in phrase(WORDS_A),
        copies in prop::collection::vec((style(), filler()), 1..5),
        in_quote in style(),
        head in filler(),
    ) {
        let mut text = head.clone();
        let mut ranges = Vec::new();
        for (st, fill) in &copies {
            // Filler always separates copies, so that "deal deal" written
            // twice is not also found across the seam.
            if !text.is_empty() {
                text.push_str(" qx ");
            }
            let w = render(&p, st);
            ranges.push(text.len()..text.len() + w.len());
            text.push_str(&w);
            if !fill.is_empty() {
                text.push(' ');
                text.push_str(fill);
            }
        }
        let got = anchor_one(&text, quote(&render(&p, &in_quote)));
        if copies.len() == 1 {
            prop_assert_eq!(got, Ok(ranges[0].clone()));
        } else {
            match got {
                Err(AnchorError::Ambiguous { at, .. }) => {
                    prop_assert!(copies.len() > 1);
                    prop_assert_eq!(&at[..], &ranges[..2]);
                }
                other => prop_assert!(false, "{:?} in {:?}", other, text),
            }
        }
    }

    /// `start`/`end` select from the start of the start phrase to the end of
    /// the first end phrase after it; an end phrase found only before the
    /// start is reported as such.
    #[test]
    fn start_end_selects_through_the_end_phrase(
        s in phrase(WORDS_A),
        e in phrase(WORDS_B),
        styles in (style(), style(), style(), style()),
        fill in (filler(), filler(), filler(), filler()),
        end_also_before in any::<bool>(),
    ) {
        let (s_text, e_text) = (render(&s, &styles.0), render(&e, &styles.1));
        let early = if end_also_before { e_text.clone() } else { String::new() };
        let text = spaced(&[&fill.0, &early, &fill.1, &s_text, &fill.2, &e_text, &fill.3]);
        let sel = Selector::Range {
            start: render(&s, &styles.2),
            end: render(&e, &styles.3),
        };
        let from = text.find(&s_text).expect("start phrase is in the text");
        let to = text.rfind(&e_text).expect("end phrase is in the text") + e_text.len();
        prop_assert_eq!(anchor_one(&text, sel.clone()), Ok(from..to), "{:?}", text);

        // The end phrase only before the start: an error, not a range.
        let swapped = spaced(&[&fill.0, &e_text, &fill.1, &s_text, &fill.2]);
        prop_assert_eq!(anchor_one(&swapped, sel), Err(AnchorError::EndBeforeStart));
    }

    /// An end phrase found only inside the start phrase overlaps it.
    #[test]
    fn end_inside_start_overlaps(
        s in phrase(WORDS_A),
        st in style(),
        before in filler(),
        after in filler(),
    ) {
        let s_text = render(&s, &st);
        let text = spaced(&[&before, &s_text, &after]);
        let last = s.rest.last().map_or(s.first, |(_, w)| w);
        let sel = Selector::Range { start: s_text.clone(), end: last.to_string() };
        prop_assert_eq!(anchor_one(&text, sel), Err(AnchorError::Overlapping), "{:?}", text);
    }

    /// Anchoring many selectors in one pass gives each the result it gets
    /// alone (the single Aho–Corasick pass must not mix phrases up).
    #[test]
    fn anchoring_together_equals_anchoring_alone(
        text in text_strategy(),
        picks in prop::collection::vec((any::<Index>(), any::<Index>(), any::<Index>(), 0u8..3), 1..8),
    ) {
        let sels: Vec<Selector> = picks
            .iter()
            .map(|(a, b, c, kind)| {
                let r = pick(&text, *a, *b);
                let r2 = pick(&text, *b, *c);
                match kind {
                    0 | 1 => quote(&text[r]),
                    _ => Selector::Range {
                        start: text[r].to_string(),
                        end: text[r2].to_string(),
                    },
                }
            })
            .collect();
        let together = anchor_all(&text, &sels);
        prop_assert_eq!(together.len(), sels.len());
        for (sel, got) in sels.iter().zip(together) {
            prop_assert_eq!(got, anchor_one(&text, sel.clone()), "{:?}", sel);
        }
    }

    /// Normalisation: idempotent, single spaces only, none at the edges,
    /// and every normalised character maps back to whole characters.
    #[test]
    fn normalisation_is_stable_and_maps_back(text in text_strategy()) {
        let n = normalize(&text);
        prop_assert_eq!(&normalize(&n.text).text, &n.text);
        prop_assert!(!n.text.contains("  "));
        prop_assert!(!n.text.starts_with(' ') && !n.text.ends_with(' '));
        prop_assert!(!n.text.chars().any(|c| c != ' ' && ignorable(c)));
        for (i, c) in n.text.char_indices() {
            let r = n.original(i..i + c.len_utf8());
            prop_assert!(r.start < r.end && r.end <= text.len());
            prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        }
    }
}

/// The property tests' generators can produce every kind of typography the
/// essays use; this pins a few renderings down by hand.
#[test]
fn examples_of_equivalent_typography() {
    let text = "The U.S. cannot “fix” history — only\u{a0}Seoul and Tokyo can.";
    for q in [
        "cannot \"fix\" history - only Seoul",
        "cannot “fix” history – only\nSeoul",
        "cannot  «fix»  history --- only Seoul",
    ] {
        let got = anchor_one(text, quote(q));
        if q.contains("---") {
            // Three hyphens are not one dash.
            assert!(
                matches!(got, Err(AnchorError::NotFound { .. })),
                "{q}: {got:?}"
            );
        } else {
            assert_eq!(
                &text[got.unwrap()],
                "cannot “fix” history — only\u{a0}Seoul",
                "{q}"
            );
        }
    }
}
