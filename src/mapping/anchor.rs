//! Anchoring: finding a passage's quote (or start/end phrases) in an essay's
//! plain text, as ARCHITECTURE.md defines it — after normalising whitespace,
//! curly/straight quotes, dashes, ellipses and soft hyphens — and mapping
//! the match back to byte offsets of the original text.

use std::ops::Range;

use aho_corasick::{packed, AhoCorasick, AhoCorasickKind, Input, MatchKind, Span};

/// A text with its normalised form and the way back.
#[derive(Debug, Clone)]
pub struct Normalized {
    /// The normalised text.
    pub text: String,
    /// The way back, as the points where it changes, sorted by `norm`.
    /// Between one step and the next the normalised bytes either copy the
    /// original byte for byte (a verbatim run) or all come from one
    /// original char (a folded quote, dash or ellipsis, or a space standing
    /// for a run of whitespace). Essays are mostly verbatim, so this is far
    /// smaller than a map per byte.
    steps: Vec<Step>,
}

/// Where a stretch of the normalised text comes from.
#[derive(Debug, Clone, Copy)]
struct Step {
    /// Offset in the normalised text where the stretch starts.
    norm: u32,
    /// Offset in the original of its first byte (verbatim) or char.
    orig: u32,
    /// End of the original char it all comes from, or [`VERBATIM`].
    orig_end: u32,
}

/// `Step::orig_end` of a verbatim run.
const VERBATIM: u32 = u32::MAX;

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
    let mut n = Normalized {
        text: String::with_capacity(s.len()),
        steps: Vec::new(),
    };
    let bytes = s.as_bytes();
    // The original offset at which the current verbatim run goes on.
    let mut run_next = None;
    let mut pending_space: Option<(usize, usize)> = None;
    let mut i = 0;
    while i < bytes.len() {
        if is_plain(bytes[i]) {
            // Fast path: printable ASCII with single spaces inside is its
            // own normal form; copy it in one go.
            let start = i;
            i += 1;
            // Sixteen bytes at a time while they all qualify…
            while let Some(w) = bytes.get(i..i + 17) {
                if !plain_chunk(w.try_into().expect("17 bytes")) {
                    break;
                }
                i += 16;
            }
            // …then byte by byte to the end of the run (within 16 bytes).
            loop {
                if i < bytes.len() && is_plain(bytes[i]) {
                    i += 1;
                } else if i + 1 < bytes.len() && bytes[i] == b' ' && is_plain(bytes[i + 1]) {
                    i += 2;
                } else {
                    break;
                }
            }
            if let Some((ps, pe)) = pending_space.take() {
                n.push(" ", ps, pe, pe - ps == 1, &mut run_next);
            }
            n.push(&s[start..i], start, i, true, &mut run_next);
            continue;
        }
        let c = s[i..].chars().next().expect("i is a char boundary");
        let (start, end) = (i, i + c.len_utf8());
        i = end;
        if c.is_whitespace() {
            // A run of whitespace becomes one space, dropped at the start.
            if !n.text.is_empty() && pending_space.is_none() {
                pending_space = Some((start, end));
            }
            continue;
        }
        let piece = fold(c);
        if piece == Some("") {
            continue;
        }
        if let Some((ps, pe)) = pending_space.take() {
            n.push(" ", ps, pe, pe - ps == 1, &mut run_next);
        }
        match piece {
            Some(p) => n.push(
                p,
                start,
                end,
                p.len() == 1 && end - start == 1,
                &mut run_next,
            ),
            None => n.push(&s[start..end], start, end, true, &mut run_next),
        }
    }
    n
}

/// Printable ASCII that normalisation keeps as it is (not space, not '`').
fn is_plain(b: u8) -> bool {
    b > b' ' && b < 0x7f && b != b'`'
}

/// Whether each of the first 16 bytes is plain, or a space followed by a
/// plain byte: written without early exits so that it compiles to SIMD.
fn plain_chunk(w: &[u8; 17]) -> bool {
    let mut ok = true;
    for k in 0..16 {
        ok &= is_plain(w[k]) | ((w[k] == b' ') & is_plain(w[k + 1]));
    }
    ok
}

impl Normalized {
    /// The original byte range of a normalised byte range (non-empty): from
    /// the start of the char that produced its first byte to the end of the
    /// char that produced its last.
    pub fn original(&self, r: Range<usize>) -> Range<usize> {
        debug_assert!(r.start < r.end && r.end <= self.text.len());
        let first = floor_char_boundary(&self.text, r.start);
        let last = floor_char_boundary(&self.text, r.end - 1);
        let s = self.step_at(first);
        let start = if s.orig_end == VERBATIM {
            s.orig as usize + (first - s.norm as usize)
        } else {
            s.orig as usize
        };
        let s = self.step_at(last);
        let end = if s.orig_end == VERBATIM {
            // In a verbatim run the char is the original's, same length.
            let len = self.text[last..].chars().next().map_or(1, char::len_utf8);
            s.orig as usize + (last - s.norm as usize) + len
        } else {
            s.orig_end as usize
        };
        start..end
    }

    /// Whether a normalised byte offset falls between the expansions of two
    /// original characters (not inside the "..." that one "…" became).
    pub fn is_boundary(&self, i: usize) -> bool {
        if i == 0 || i >= self.text.len() {
            return true;
        }
        let s = self.step_at(i);
        // In a verbatim run every char stands for one original char; an
        // expansion is one step, entered only at its start.
        s.orig_end == VERBATIM || s.norm as usize == i
    }

    /// The step covering normalised offset `i`.
    fn step_at(&self, i: usize) -> Step {
        let k = self.steps.partition_point(|s| s.norm as usize <= i);
        self.steps[k - 1]
    }

    /// Append `piece`, which stands for the original char at `start..end`.
    /// `verbatim`: the char is kept as it is, or is one byte standing for
    /// one byte (a space for a newline), so it maps back byte for byte and
    /// can join a verbatim run.
    fn push(
        &mut self,
        piece: &str,
        start: usize,
        end: usize,
        verbatim: bool,
        run_next: &mut Option<usize>,
    ) {
        let at = self.text.len() as u32;
        if verbatim {
            if *run_next != Some(start) {
                self.steps.push(Step {
                    norm: at,
                    orig: start as u32,
                    orig_end: VERBATIM,
                });
            }
            *run_next = Some(end);
        } else {
            self.steps.push(Step {
                norm: at,
                orig: start as u32,
                orig_end: end as u32,
            });
            *run_next = None;
        }
        self.text.push_str(piece);
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
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
        }
    }
    // All (overlapping) occurrences of every phrase, as normalised ranges.
    let mut hits = occurrences(&norm.text, &phrases);
    // A match that starts or ends inside an expansion ("." in the "..." of
    // one "…") is not a match of the essay's text.
    for h in &mut hits {
        h.retain(|m| norm.is_boundary(m.start) && norm.is_boundary(m.end));
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
    results
        .into_iter()
        .map(|r| r.expect("every selector resolved"))
        .collect()
}

/// Every occurrence of every phrase in `text`, overlapping ones included,
/// in order; none for an empty phrase.
///
/// Each phrase is looked for by an anchor: a few of its bytes that are rare
/// in prose (see [`anchor_of`]). Each next place where some anchor starts is
/// found by a leftmost search, which can skip ahead with SIMD (an
/// overlapping search cannot), restarted one byte after each match; there
/// every phrase with that anchor is compared in full. That finds what an
/// overlapping Aho–Corasick search for the phrases finds, at a fraction of
/// the cost (and building a Teddy searcher for an essay's few dozen anchors
/// is far cheaper than building an automaton). Beyond what Teddy takes (64
/// anchors), or without SIMD, a leftmost Aho–Corasick automaton does the
/// finding (a contiguous NFA: a DFA takes longer to build for one essay
/// than it saves).
fn occurrences(text: &str, phrases: &[String]) -> Vec<Vec<Range<usize>>> {
    let mut hits: Vec<Vec<Range<usize>>> = vec![Vec::new(); phrases.len()];
    let searchable: Vec<usize> = (0..phrases.len())
        .filter(|&k| !phrases[k].is_empty())
        .collect();
    if searchable.is_empty() {
        return hits;
    }
    let hay = text.as_bytes();
    let anchors: Vec<(usize, &[u8])> = phrases.iter().map(|p| anchor_of(p.as_bytes())).collect();
    let teddy = {
        let mut b = packed::Config::new()
            .match_kind(packed::MatchKind::LeftmostFirst)
            .builder();
        for &k in &searchable {
            b.add(anchors[k].1);
        }
        b.build()
    };
    let automaton = match teddy {
        Some(_) => None,
        None => Some(
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostFirst)
                .kind(Some(AhoCorasickKind::ContiguousNFA))
                .build(searchable.iter().map(|&k| anchors[k].1))
                .expect("anchors are plain bytes"),
        ),
    };
    let next_anchor = |from: usize| match (&teddy, &automaton) {
        (Some(t), _) => t
            .find_in(hay, Span::from(from..hay.len()))
            .map(|m| m.start()),
        (None, Some(ac)) => ac.find(Input::new(hay).range(from..)).map(|m| m.start()),
        (None, None) => None,
    };
    let mut from = 0;
    while let Some(at) = next_anchor(from) {
        for &k in &searchable {
            let (offset, anchor) = anchors[k];
            let phrase = phrases[k].as_bytes();
            if at >= offset
                && hay[at..].starts_with(anchor)
                && hay[at - offset..].starts_with(phrase)
            {
                hits[k].push(at - offset..at - offset + phrase.len());
            }
        }
        from = at + 1;
    }
    hits
}

/// The part of a phrase to search for, and its offset in the phrase: up to
/// 8 bytes, starting where the phrase's bytes are least common in prose.
/// The SIMD search fingerprints an anchor's first bytes, so a phrase that
/// begins "the …" would stop it at every "the " of the essay; an anchor on
/// a capital, a digit or punctuation stops it at few false candidates.
fn anchor_of(phrase: &[u8]) -> (usize, &[u8]) {
    const LEN: usize = 8;
    if phrase.len() <= LEN {
        return (0, phrase);
    }
    // The window of four bytes with the smallest total commonness (a
    // running sum; the first of equals).
    let c = |i: usize| u32::from(COMMONNESS[phrase[i] as usize]);
    let mut sum: u32 = (0..4).map(c).sum();
    let (mut offset, mut least) = (0, sum);
    for o in 1..=phrase.len() - LEN {
        sum = sum + c(o + 3) - c(o - 1);
        if sum < least {
            (offset, least) = (o, sum);
        }
    }
    (offset, &phrase[offset..offset + LEN])
}

/// Roughly how common each byte is in normalised English prose (curly
/// quotes and dashes are folded to ASCII there): higher is more common.
static COMMONNESS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = match b as u8 {
            b' ' => 30,
            b'e' | b't' | b'a' | b'o' | b'i' | b'n' | b's' | b'h' | b'r' => 25,
            b'a'..=b'z' => 15,
            b'.' | b',' => 10,
            b'A'..=b'Z' => 6,
            0x80.. => 5,
            b'0'..=b'9' => 3,
            _ => 4,
        };
        b += 1;
    }
    t
};

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

/// The sparse map back and the prefiltered search against the simple
/// versions they replaced: a per-byte map, and an overlapping
/// Aho–Corasick search.
#[cfg(test)]
mod equivalence {
    use super::*;
    use proptest::prelude::*;

    /// The per-byte normalisation: text, and for each byte the original
    /// char's start and end.
    fn reference(s: &str) -> (String, Vec<usize>, Vec<usize>) {
        let (mut text, mut origin, mut origin_end) = (String::new(), Vec::new(), Vec::new());
        let mut pending_space: Option<(usize, usize)> = None;
        for (i, c) in s.char_indices() {
            let end = i + c.len_utf8();
            if c.is_whitespace() {
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
                origin.push(ps);
                origin_end.push(pe);
            }
            let before = text.len();
            match piece {
                Some(p) => text.push_str(p),
                None => text.push(c),
            }
            for _ in before..text.len() {
                origin.push(i);
                origin_end.push(end);
            }
        }
        (text, origin, origin_end)
    }

    fn overlapping_hits(text: &str, phrases: &[&str]) -> Vec<Vec<Range<usize>>> {
        let mut hits = vec![Vec::new(); phrases.len()];
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(phrases)
            .unwrap();
        for m in ac.find_overlapping_iter(text) {
            hits[m.pattern().as_usize()].push(m.start()..m.end());
        }
        hits
    }

    /// Text made of the characters normalisation cares about.
    fn tricky() -> impl Strategy<Value = String> {
        let atoms = prop::sample::select(vec![
            "a",
            "b",
            "ab",
            "ba ",
            " ",
            "  ",
            "\n",
            "\n\n",
            "\t",
            "\u{a0}",
            "\u{3000}",
            "“",
            "”",
            "‘",
            "’",
            "`",
            "´",
            "—",
            "–",
            "-",
            "…",
            "...",
            "\u{ad}",
            "\u{200b}",
            "é",
            "日韓",
            "\u{1}",
            "\"",
            "'",
            "x y",
            "«",
            "»",
            "sixteen byte run",
            "and a longer plain one.",
        ]);
        prop::collection::vec(atoms, 0..40).prop_map(|v| v.concat())
    }

    proptest! {
        #[test]
        fn sparse_map_agrees_with_per_byte_map(s in tricky()) {
            let n = normalize(&s);
            let (text, origin, origin_end) = reference(&s);
            prop_assert_eq!(&n.text, &text);
            for (a, &from) in origin.iter().enumerate() {
                for b in a + 1..=text.len() {
                    prop_assert_eq!(n.original(a..b), from..origin_end[b - 1], "{}..{}", a, b);
                }
            }
        }

        #[test]
        fn occurrences_agree_with_overlapping_search_for_many_phrases(
            s in tricky(),
            cuts in prop::collection::vec((0usize..64, 1usize..30), 0..150),
        ) {
            // Past 64 phrases the automaton does the finding, not Teddy.
            let n = normalize(&s);
            let bounds: Vec<usize> = (0..=n.text.len()).filter(|&i| n.text.is_char_boundary(i)).collect();
            let mut phrases: Vec<String> = vec!["a".into(), "a a".into(), "\"".into()];
            for (at, len) in cuts {
                if bounds.len() > 1 {
                    let i = at % (bounds.len() - 1);
                    let j = (i + len).min(bounds.len() - 1);
                    phrases.push(n.text[bounds[i]..bounds[j]].to_string());
                }
            }
            let refs: Vec<&str> = phrases.iter().map(String::as_str).collect();
            prop_assert_eq!(occurrences(&n.text, &phrases), overlapping_hits(&n.text, &refs));
        }

        #[test]
        fn leftmost_restart_search_finds_every_overlapping_match(
            s in tricky(),
            picks in prop::collection::vec((0usize..64, 1usize..30), 1..8),
        ) {
            let n = normalize(&s);
            // Phrases cut from the text itself (so they match), plus a few
            // fixed ones that overlap or repeat.
            let bounds: Vec<usize> = (0..=n.text.len()).filter(|&i| n.text.is_char_boundary(i)).collect();
            let mut phrases: Vec<String> = vec!["a".into(), "ab".into(), "b a".into(), "\"".into()];
            for (at, len) in picks {
                if bounds.len() > 1 {
                    let i = at % (bounds.len() - 1);
                    let j = (i + len).min(bounds.len() - 1);
                    phrases.push(n.text[bounds[i]..bounds[j]].to_string());
                }
            }
            let sels: Vec<Selector> = phrases.iter().map(|p| Selector::Quote(p.clone())).collect();
            let got = anchor_all(&s, &sels);
            let normal: Vec<String> = phrases.iter().map(|p| normalize(p).text).collect();
            let refs: Vec<&str> = normal.iter().map(String::as_str).collect();
            // The reference: every overlapping match that starts and ends
            // between two of the essay's own characters.
            let mut want = overlapping_hits(&n.text, &refs);
            for w in &mut want {
                w.retain(|m| n.is_boundary(m.start) && n.is_boundary(m.end));
            }
            for (k, r) in got.iter().enumerate() {
                match (r, want[k].as_slice()) {
                    (Ok(r), [one]) => prop_assert_eq!(r.clone(), n.original(one.clone())),
                    (Err(AnchorError::Ambiguous { count, at, .. }), many) if many.len() > 1 => {
                        prop_assert_eq!(*count, many.len());
                        let first: Vec<_> = many.iter().take(3).map(|m| n.original(m.clone())).collect();
                        prop_assert_eq!(at, &first);
                    }
                    (Err(AnchorError::NotFound { .. }), []) => {}
                    (Err(AnchorError::Empty { .. }), _) => prop_assert!(normal[k].is_empty()),
                    (got, want) => prop_assert!(false, "phrase {:?}: got {:?}, want {:?}", phrases[k], got, want),
                }
            }
        }
    }
}
