//! Anchoring: finding a passage's quote (or start/end phrases) in an essay's
//! plain text, as DESIGN.md defines it — after normalising whitespace,
//! curly/straight quotes, dashes, ellipses and soft hyphens — and mapping
//! the match back to byte offsets of the original text.

use std::ops::Range;

use aho_corasick::{AhoCorasick, MatchKind};

/// A text with its normalised form and the way back.
#[derive(Debug, Clone)]
pub struct Normalized {
    /// The normalised text.
    pub text: String,
    /// For each byte of `text`, the byte offset in the original of the char
    /// that produced it.
    origin: Vec<u32>,
    /// For each byte of `text`, the end offset in the original of that char.
    origin_end: Vec<u32>,
}

/// Map one char to its normalised form: `Some("")` drops it, `None` keeps it.
fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' | '`' | '\u{b4}' => "'",
        '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' | '\u{ab}' | '\u{bb}' => {
            "\""
        }
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' => "-",
        '\u{2026}' => "...",
        '\u{ad}' | '\u{200b}' | '\u{2060}' | '\u{feff}' => "",
        _ => return None,
    })
}

/// Normalise for matching: the rule shared by essays and quotes.
pub fn normalize(s: &str) -> Normalized {
    let mut text = String::with_capacity(s.len());
    let mut origin = Vec::with_capacity(s.len());
    let mut origin_end = Vec::with_capacity(s.len());
    let mut pending_space: Option<(usize, usize)> = None;
    for (i, c) in s.char_indices() {
        let end = i + c.len_utf8();
        if c.is_whitespace() {
            // A run of whitespace becomes one space, dropped at the start.
            if !text.is_empty() && pending_space.is_none() {
                pending_space = Some((i, end));
            }
            continue;
        }
        let piece = fold(c);
        if piece == Some("") {
            continue;
        }
        if let Some((ps, pe)) = pending_space.take() {
            text.push(' ');
            origin.push(ps as u32);
            origin_end.push(pe as u32);
        }
        let before = text.len();
        match piece {
            Some(p) => text.push_str(p),
            None => text.push(c),
        }
        for _ in before..text.len() {
            origin.push(i as u32);
            origin_end.push(end as u32);
        }
    }
    Normalized {
        text,
        origin,
        origin_end,
    }
}

impl Normalized {
    /// The original byte range of a normalised byte range (non-empty).
    pub fn original(&self, r: Range<usize>) -> Range<usize> {
        debug_assert!(r.start < r.end && r.end <= self.text.len());
        self.origin[r.start] as usize..self.origin_end[r.end - 1] as usize
    }

    /// Whether a normalised byte offset falls between the expansions of two
    /// original characters (not inside the "..." that one "…" became).
    pub fn is_boundary(&self, i: usize) -> bool {
        i == 0 || i >= self.text.len() || self.origin[i] != self.origin[i - 1]
    }
}

/// What to look for in one essay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selector {
    /// The exact words of the passage.
    Quote(String),
    /// From the start phrase to the end of the end phrase.
    Range {
        /// First words.
        start: String,
        /// Last words.
        end: String,
    },
}

/// Why a selector did not anchor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnchorError {
    /// The phrase is empty after normalisation.
    Empty {
        /// Which phrase: "quote", "start" or "end".
        which: &'static str,
    },
    /// Not found anywhere in the essay.
    NotFound {
        /// Which phrase.
        which: &'static str,
        /// The closest passage in the essay, if any part of the phrase matches.
        closest: Option<Closest>,
    },
    /// Found more than once.
    Ambiguous {
        /// Which phrase.
        which: &'static str,
        /// How many times.
        count: usize,
        /// Original byte ranges of the first few matches.
        at: Vec<Range<usize>>,
    },
    /// The end phrase occurs only before the start phrase.
    EndBeforeStart,
    /// The end phrase occurs only overlapping the start phrase.
    Overlapping,
}

/// The part of an essay most like a phrase that was not found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closest {
    /// Original byte range of the closest passage.
    pub range: Range<usize>,
    /// How many leading (or trailing) words of the phrase match there.
    pub matching_words: usize,
    /// Words in the phrase.
    pub total_words: usize,
}

/// Anchor many selectors against one essay in a single pass over its text
/// (Aho–Corasick over all phrases), returning a byte range of the original
/// text for each, or why not.
pub fn anchor_all(
    original: &str,
    selectors: &[Selector],
) -> Vec<Result<Range<usize>, AnchorError>> {
    let norm = normalize(original);
    // Every phrase, normalised, with (selector index, which).
    let mut phrases: Vec<String> = Vec::new();
    let mut owner: Vec<(usize, &'static str)> = Vec::new();
    let mut results: Vec<Option<Result<Range<usize>, AnchorError>>> = vec![None; selectors.len()];
    for (i, sel) in selectors.iter().enumerate() {
        let parts: Vec<(&str, &'static str)> = match sel {
            Selector::Quote(q) => vec![(q, "quote")],
            Selector::Range { start, end } => vec![(start, "start"), (end, "end")],
        };
        for (p, which) in parts {
            let n = normalize(p).text;
            if n.is_empty() {
                results[i] = Some(Err(AnchorError::Empty { which }));
            }
            phrases.push(n);
            owner.push((i, which));
        }
    }
    // All (overlapping) occurrences of every phrase, as normalised ranges.
    let mut hits: Vec<Vec<Range<usize>>> = vec![Vec::new(); phrases.len()];
    let searchable: Vec<usize> = (0..phrases.len())
        .filter(|&k| !phrases[k].is_empty())
        .collect();
    if !searchable.is_empty() {
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(searchable.iter().map(|&k| phrases[k].as_str()))
            .expect("phrases are plain strings");
        for m in ac.find_overlapping_iter(&norm.text) {
            // A match that starts or ends inside an expansion ("." in the
            // "..." of one "…") is not a match of the essay's text.
            if norm.is_boundary(m.start()) && norm.is_boundary(m.end()) {
                hits[searchable[m.pattern().as_usize()]].push(m.start()..m.end());
            }
        }
    }
    let mut k = 0;
    for (i, sel) in selectors.iter().enumerate() {
        let n_parts = match sel {
            Selector::Quote(_) => 1,
            Selector::Range { .. } => 2,
        };
        let ks = k..k + n_parts;
        k += n_parts;
        if results[i].is_some() {
            continue;
        }
        let first = ks.start;
        let r = match sel {
            Selector::Quote(_) => unique(&norm, &phrases[first], &hits[first], "quote"),
            Selector::Range { .. } => unique(&norm, &phrases[first], &hits[first], "start")
                .and_then(|s| {
                    let ends = &hits[first + 1];
                    if ends.is_empty() {
                        return Err(not_found(&norm, &phrases[first + 1], "end"));
                    }
                    match ends.iter().find(|e| e.start >= s.end) {
                        Some(e) => Ok(s.start..e.end),
                        None if ends.iter().any(|e| e.end > s.start) => {
                            Err(AnchorError::Overlapping)
                        }
                        None => Err(AnchorError::EndBeforeStart),
                    }
                }),
        };
        results[i] = Some(r.map(|r| norm.original(r)));
    }
    let _ = owner;
    results
        .into_iter()
        .map(|r| r.expect("every selector resolved"))
        .collect()
}

fn unique(
    norm: &Normalized,
    phrase: &str,
    hits: &[Range<usize>],
    which: &'static str,
) -> Result<Range<usize>, AnchorError> {
    match hits {
        [one] => Ok(one.clone()),
        [] => Err(not_found(norm, phrase, which)),
        many => Err(AnchorError::Ambiguous {
            which,
            count: many.len(),
            at: many
                .iter()
                .take(3)
                .map(|r| norm.original(r.clone()))
                .collect(),
        }),
    }
}

fn not_found(norm: &Normalized, phrase: &str, which: &'static str) -> AnchorError {
    AnchorError::NotFound {
        which,
        closest: closest(norm, phrase),
    }
}

/// Find where the longest run of the phrase's leading or trailing words
/// occurs, and return that stretch of the essay (about the phrase's length).
fn closest(norm: &Normalized, phrase: &str) -> Option<Closest> {
    let words: Vec<&str> = phrase.split(' ').collect();
    let total = words.len();
    let text = &norm.text;
    // Longest prefix of k words that occurs (occurrence is monotone in k).
    let longest = |make: &dyn Fn(usize) -> String| -> (usize, Option<usize>) {
        let (mut lo, mut hi, mut at) = (0usize, total, None);
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            match text.find(&make(mid)) {
                Some(pos) => {
                    lo = mid;
                    at = Some(pos);
                }
                None => hi = mid - 1,
            }
        }
        (
            lo,
            at.or_else(|| if lo > 0 { text.find(&make(lo)) } else { None }),
        )
    };
    let prefix = longest(&|k| words[..k].join(" "));
    let suffix = longest(&|k| words[total - k..].join(" "));
    let (k, start) = if prefix.0 >= suffix.0 {
        (prefix.0, prefix.1?)
    } else {
        // Place the window so that it ends where the matching suffix ends.
        let pos = suffix.1?;
        let suffix_len = words[total - suffix.0..].join(" ").len();
        let start = (pos + suffix_len).saturating_sub(phrase.len());
        (suffix.0, start)
    };
    if k == 0 || (k < 3 && k * 2 < total) {
        return None;
    }
    let mut start = start.min(text.len().saturating_sub(1));
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (start + phrase.len()).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    if start >= end {
        return None;
    }
    Some(Closest {
        range: norm.original(start..end),
        matching_words: k,
        total_words: total,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str, sel: Selector) -> Result<Range<usize>, AnchorError> {
        anchor_all(text, &[sel]).pop().unwrap()
    }

    fn q(s: &str) -> Selector {
        Selector::Quote(s.to_string())
    }

    #[test]
    fn normalisation_folds_quotes_dashes_space_and_soft_hyphens() {
        let n = normalize("  “Fix”\u{a0}it —\n now… co\u{ad}op ");
        assert_eq!(n.text, "\"Fix\" it - now... coop");
    }

    #[test]
    fn quote_matches_across_typography_and_maps_back() {
        let text = "He said “the U.S. cannot ‘fix’ history”—and left.";
        let r = one(text, q("the U.S. cannot 'fix' history\"-and")).unwrap();
        assert_eq!(&text[r], "the U.S. cannot ‘fix’ history”—and");
    }

    #[test]
    fn quote_spanning_paragraphs_matches_with_single_space() {
        let text = "End of one.\n\nStart of two.";
        let r = one(text, q("one. Start")).unwrap();
        assert_eq!(&text[r], "one.\n\nStart");
    }

    #[test]
    fn ambiguous_counts_overlapping_matches() {
        match one("a b a b a", q("a b a")) {
            Err(AnchorError::Ambiguous { count, .. }) => assert_eq!(count, 2),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn start_end_selects_through_the_end_phrase() {
        let text = "Zero. One two three. Four five. Six.";
        let sel = Selector::Range {
            start: "One two".into(),
            end: "five.".into(),
        };
        assert_eq!(&text[one(text, sel).unwrap()], "One two three. Four five.");
    }

    #[test]
    fn end_before_start_and_overlap_are_reported() {
        let text = "alpha beta gamma delta";
        let before = Selector::Range {
            start: "gamma".into(),
            end: "alpha".into(),
        };
        assert_eq!(one(text, before), Err(AnchorError::EndBeforeStart));
        let overlap = Selector::Range {
            start: "beta gamma".into(),
            end: "gamma".into(),
        };
        assert_eq!(one(text, overlap), Err(AnchorError::Overlapping));
    }

    #[test]
    fn not_found_offers_the_closest_passage() {
        let text = "The United States cannot fix the problems of history. Other words follow here.";
        match one(
            text,
            q("The United States cannot repair the problems of history"),
        ) {
            Err(AnchorError::NotFound {
                closest: Some(c), ..
            }) => {
                assert!(text[c.range.clone()].starts_with("The United States cannot fix"));
                assert_eq!(c.matching_words, 4);
            }
            other => panic!("{other:?}"),
        }
        match one(text, q("zebra crossing")) {
            Err(AnchorError::NotFound { closest: None, .. }) => {}
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn matches_inside_an_expanded_ellipsis_do_not_count() {
        // "……" normalises to "......": "..." occurs there four times, but
        // only twice on the essay's own character boundaries.
        match one("wait…… then", q("...")) {
            Err(AnchorError::Ambiguous { count, at, .. }) => {
                assert_eq!(count, 2);
                assert_eq!(at, [4..7, 7..10]);
            }
            other => panic!("{other:?}"),
        }
        let text = "end.… Next";
        assert_eq!(&text[one(text, q(".")).unwrap()], ".");
    }

    #[test]
    fn empty_quote_is_an_error() {
        assert_eq!(
            one("text", q("  ")),
            Err(AnchorError::Empty { which: "quote" })
        );
    }
}
