//! Anchor choice: from a selection in an essay's plain text to the words
//! stored in the map — the selection itself as a `quote` when it is short,
//! else the shortest `start` phrase that occurs only there and the
//! shortest `end` phrase whose first occurrence after it ends the
//! selection. Every choice is checked by anchoring it back
//! ([`crate::mapping::anchor::anchor_all`]) to exactly the selection's
//! offsets before it is returned.
//!
//! Phrases are always the essay's own words, cut from its text, never
//! re-typed.

use std::ops::Range;

use crate::mapping::anchor::{anchor_all, normalize, Normalized, Selector};

/// Selections of up to this many words are stored as a `quote`; longer
/// ones as `start`/`end` phrases when those are shorter.
pub const QUOTE_WORDS: usize = 25;

/// A chosen anchor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chosen {
    /// What to store.
    pub selector: Selector,
    /// The byte range it anchors to: the selection, trimmed of whitespace
    /// at its edges.
    pub range: Range<usize>,
}

/// Why a selection cannot be anchored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChoiceError {
    /// The selection is empty or only whitespace.
    Empty,
    /// The offsets are outside the text or not on character boundaries.
    OutOfRange,
    /// The selected words occur more than once in the essay, so no quote
    /// or start phrase taken from them can point at this place.
    Repeated {
        /// How often they occur.
        count: usize,
    },
}

impl std::fmt::Display for ChoiceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChoiceError::Empty => f.write_str("the selection is empty"),
            ChoiceError::OutOfRange => f.write_str("the selection is outside the text"),
            ChoiceError::Repeated { count } => write!(
                f,
                "these words occur {count} times in the essay; extend the selection until it is unique"
            ),
        }
    }
}

impl std::error::Error for ChoiceError {}

/// Characters normalisation ignores, so an anchor cannot start or end on
/// them: whitespace and the invisible ones.
fn ignorable(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{ad}' | '\u{200b}' | '\u{2060}' | '\u{feff}')
}

/// Trim ignorable characters from both ends of a byte range.
pub fn trim(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let start = r.start + (s.len() - s.trim_start_matches(ignorable).len());
    let end = r.end - (s.len() - s.trim_end_matches(ignorable).len());
    start..end.max(start)
}

/// Convert a code-point range to a byte range (`None` when out of range).
pub fn char_to_byte(text: &str, r: Range<usize>) -> Option<Range<usize>> {
    let mut idx = text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()));
    let start = idx.by_ref().nth(r.start)?;
    let end = if r.end >= r.start {
        if r.end == r.start {
            start
        } else {
            idx.nth(r.end - r.start - 1)?
        }
    } else {
        return None;
    };
    Some(start..end)
}

/// Choose the anchor for a selection given in Unicode code points (as
/// exports and JSON count them).
pub fn choose_chars(text: &str, sel: Range<usize>) -> Result<Chosen, ChoiceError> {
    let r = char_to_byte(text, sel).ok_or(ChoiceError::OutOfRange)?;
    choose(text, r)
}

/// Choose the anchor for a selection given in bytes of the essay's plain
/// text. Whitespace at the selection's edges is left out.
pub fn choose(text: &str, sel: Range<usize>) -> Result<Chosen, ChoiceError> {
    if sel.start > sel.end
        || sel.end > text.len()
        || !text.is_char_boundary(sel.start)
        || !text.is_char_boundary(sel.end)
    {
        return Err(ChoiceError::OutOfRange);
    }
    let r = trim(text, sel);
    if r.is_empty() {
        return Err(ChoiceError::Empty);
    }
    let norm = normalize(text);
    let quote = &text[r.clone()];
    let quote_norm = normalize(quote).text;
    let at = occurrences(&norm, &quote_norm, usize::MAX);
    let count = at.len();
    if count > 1 {
        return Err(ChoiceError::Repeated { count });
    }
    let words = word_ends(text, r.clone());
    let as_quote = Chosen {
        selector: Selector::Quote(quote.to_string()),
        range: r.clone(),
    };
    if words.len() > QUOTE_WORDS {
        let n_range = at.first().map(|&a| a..a + quote_norm.len());
        if let Some(c) = n_range.and_then(|n| start_end(text, &norm, r.clone(), n, &words)) {
            if c.selector_len() < quote.len() && verify(text, &c) {
                return Ok(c);
            }
        }
    }
    if verify(text, &as_quote) {
        return Ok(as_quote);
    }
    // Not reached for selections on character boundaries of significant
    // characters; kept so that a surprise is an error, not a bad anchor.
    Err(ChoiceError::Repeated { count })
}

impl Chosen {
    fn selector_len(&self) -> usize {
        match &self.selector {
            Selector::Quote(q) => q.len(),
            Selector::Range { start, end } => start.len() + end.len(),
        }
    }
}

/// Whether the choice anchors to exactly its range.
fn verify(text: &str, c: &Chosen) -> bool {
    anchor_all(text, std::slice::from_ref(&c.selector))
        .pop()
        .and_then(Result::ok)
        == Some(c.range.clone())
}

/// The words of a range as (start, end) byte offsets, split at whitespace.
fn word_ends(text: &str, r: Range<usize>) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text[r.clone()].char_indices() {
        let i = r.start + i;
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
        out.push((s, r.end));
    }
    out
}

/// Start of every occurrence of `needle` in the normalised text that starts
/// and ends between two of the original's characters, overlapping ones
/// included, up to `limit`.
fn occurrences(norm: &Normalized, needle: &str, limit: usize) -> Vec<usize> {
    let mut out = Vec::new();
    if needle.is_empty() {
        return out;
    }
    let hay = &norm.text;
    let mut from = 0;
    while let Some(i) = hay[from..].find(needle) {
        let at = from + i;
        if norm.is_boundary(at) && norm.is_boundary(at + needle.len()) {
            out.push(at);
            if out.len() >= limit {
                break;
            }
        }
        from = at + hay[at..].chars().next().map_or(1, char::len_utf8);
    }
    out
}

/// The shortest start phrase that occurs only at the selection's start,
/// and the shortest end phrase whose first occurrence after the start
/// phrase ends at the selection's end; `None` when they would overlap.
fn start_end(
    text: &str,
    norm: &Normalized,
    r: Range<usize>,
    n: Range<usize>,
    words: &[(usize, usize)],
) -> Option<Chosen> {
    // Where the selection starts and ends in the normalised text.
    let (n_start, n_end) = (n.start, n.end);
    // Start phrase: uniqueness only grows with length, so search for the
    // fewest words.
    let unique = |k: usize| -> bool {
        let phrase = normalize(&text[r.start..words[k - 1].1]).text;
        occurrences(norm, &phrase, 2).len() == 1
    };
    let (mut lo, mut hi) = (1, words.len());
    if !unique(hi) {
        return None;
    }
    while lo < hi {
        let mid = (lo + hi) / 2;
        if unique(mid) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    let k_start = lo;
    let start_phrase = &text[r.start..words[k_start - 1].1];
    let start_norm_end = n_start + normalize(start_phrase).text.len();
    // End phrase: the first occurrence at or after the start phrase's end
    // must be the one ending the selection.
    for k in 1..=words.len() - k_start {
        let from = words[words.len() - k].0;
        let phrase = normalize(&text[from..r.end]).text;
        let first = first_at_or_after(norm, &phrase, start_norm_end);
        if first.is_some_and(|at| at + phrase.len() == n_end) {
            return Some(Chosen {
                selector: Selector::Range {
                    start: start_phrase.to_string(),
                    end: text[from..r.end].to_string(),
                },
                range: r,
            });
        }
    }
    None
}

fn first_at_or_after(norm: &Normalized, needle: &str, from: usize) -> Option<usize> {
    let hay = &norm.text;
    let mut at = from;
    while at <= hay.len() {
        let i = at + hay[at..].find(needle)?;
        if norm.is_boundary(i) && norm.is_boundary(i + needle.len()) {
            return Some(i);
        }
        at = i + hay[i..].chars().next().map_or(1, char::len_utf8);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_unique_selection_is_its_own_quote() {
        let text = "One two three. Four five six.";
        let c = choose(text, 4..13).unwrap();
        assert_eq!(c.selector, Selector::Quote("two three".into()));
        assert_eq!(c.range, 4..13);
    }

    #[test]
    fn whitespace_at_the_edges_is_left_out() {
        let text = "One two three. Four";
        assert_eq!(choose(text, 3..8).unwrap().range, 4..7);
        assert_eq!(choose(text, 3..4), Err(ChoiceError::Empty));
    }

    #[test]
    fn repeated_words_are_refused_with_a_count() {
        let text = "the cat and the cat and the dog";
        assert_eq!(choose(text, 0..7), Err(ChoiceError::Repeated { count: 2 }));
    }

    #[test]
    fn a_long_selection_gets_short_start_and_end_phrases() {
        let words: Vec<String> = (0..60).map(|i| format!("w{i}")).collect();
        let text = words.join(" ");
        let s = text.find("w10").unwrap();
        let e = text.find("w50").unwrap() + 3;
        let c = choose(&text, s..e).unwrap();
        assert_eq!(
            c.selector,
            Selector::Range {
                start: "w10".into(),
                end: "w50".into()
            }
        );
    }

    #[test]
    fn code_points_convert_to_bytes() {
        let text = "日韓 relations";
        assert_eq!(char_to_byte(text, 3..12), Some(7..16));
        assert_eq!(char_to_byte(text, 0..13), None);
        assert_eq!(choose_chars(text, 0..2).unwrap().range, 0..6);
    }
}
