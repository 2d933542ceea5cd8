//! Anchoring: finding a passage's quote (or start/end phrases) in an essay's
//! plain text, as ARCHITECTURE.md defines it — after normalising whitespace,
//! curly/straight quotes, dashes, ellipses and soft hyphens — and mapping
//! the match back to byte offsets of the original text.

use std::ops::Range;

use aho_corasick::{packed, AhoCorasick, AhoCorasickKind, MatchKind, Span};

use super::fuzzy;

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

impl Selector {
    /// Its phrases, borrowed.
    pub fn phrases(&self) -> Phrases<'_> {
        match self {
            Selector::Quote(q) => Phrases::Quote(q),
            Selector::Range { start, end } => Phrases::Range { start, end },
        }
    }
}

/// A selector's phrases, borrowed from wherever they are kept (a
/// [`Selector`], or a theme map's text): what anchoring reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phrases<'a> {
    /// The exact words of the passage.
    Quote(&'a str),
    /// From the start phrase to the end of the end phrase.
    Range {
        /// First words.
        start: &'a str,
        /// Last words.
        end: &'a str,
    },
}

impl Phrases<'_> {
    /// The selector, its phrases copied.
    pub fn to_selector(self) -> Selector {
        match self {
            Phrases::Quote(q) => Selector::Quote(q.to_owned()),
            Phrases::Range { start, end } => Selector::Range {
                start: start.to_owned(),
                end: end.to_owned(),
            },
        }
    }
}

/// The words stored around a passage when it was last written (a
/// `prefix` before it, a `suffix` after), used to tell where it went when
/// the essay changed. Either may be absent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Context<'a> {
    /// The text just before the passage.
    pub prefix: Option<&'a str>,
    /// The text just after the passage.
    pub suffix: Option<&'a str>,
}

impl Context<'_> {
    /// Whether any context is stored.
    pub fn is_some(&self) -> bool {
        self.prefix.is_some() || self.suffix.is_some()
    }
}

/// Chars of context stored on each side of a passage.
pub const CONTEXT_CHARS: usize = 32;

/// How a passage was found in the essay.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// The quote matches exactly once, and its stored context (if any)
    /// is unchanged.
    Exact,
    /// The same words, but their surroundings changed (text inserted
    /// before, a paragraph moved); or a quote that now matches in several
    /// places, told apart by its context.
    Moved,
    /// The quote no longer matches exactly; a close match with the same
    /// context was found, and the passage is there.
    Changed,
}

impl Status {
    /// The name shown to people: "exact", "moved", "changed".
    pub fn name(self) -> &'static str {
        match self {
            Status::Exact => "exact",
            Status::Moved => "moved",
            Status::Changed => "changed",
        }
    }
}

/// A passage found in an essay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchored {
    /// Byte range of the original text.
    pub range: Range<usize>,
    /// How it was found.
    pub status: Status,
}

/// Why a selector did not anchor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnchorError {
    /// The phrase is empty after normalisation.
    Empty {
        /// Which phrase: "quote", "start" or "end".
        which: &'static str,
    },
    /// Not found anywhere in the essay (and, for a passage with stored
    /// context, no close match with that context either).
    NotFound {
        /// Which phrase.
        which: &'static str,
        /// The closest passage in the essay, if any is at all close.
        closest: Option<Closest>,
    },
    /// Found more than once (and the stored context, if any, does not
    /// tell the places apart).
    Ambiguous {
        /// Which phrase.
        which: &'static str,
        /// Original byte ranges of the first two matches: counting stops
        /// there, so a phrase that matches everywhere costs no memory.
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
    /// How alike the phrase and that passage are, in percent (100 minus
    /// the edit distance in chars per hundred chars of the phrase).
    pub percent: u32,
}

/// Matches kept per phrase: enough to say "2 or more places" and show where.
const KEEP: usize = 2;

/// A candidate is accepted as the passage only with this much of the
/// quote unchanged…
const MIN_QUOTE: f64 = 0.85;
/// …and this much of each stored context side: unrelated English text
/// scores about 0.3–0.45, so a look-alike sentence elsewhere fails here.
const MIN_CONTEXT: f64 = 0.6;
/// Two accepted candidates closer in score than this are a tie: neither
/// is chosen.
const MARGIN: f64 = 0.1;
/// The closest passage is offered as a hint from this much alike.
const MIN_HINT: f64 = 0.5;

/// Anchor many selectors against one essay, without stored context; see
/// [`anchor_in`].
pub fn anchor_all(
    original: &str,
    selectors: &[Selector],
) -> Vec<Result<Range<usize>, AnchorError>> {
    let items: Vec<(Phrases, Context)> = selectors
        .iter()
        .map(|s| (s.phrases(), Context::default()))
        .collect();
    anchor_in(original, &items)
        .into_iter()
        .map(|r| r.map(|a| a.range))
        .collect()
}

/// The first matches of one phrase, kept in place: an essay with 10,000
/// quotes has as many, and a `Vec` each was two allocations' worth more.
#[derive(Debug, Clone, Default)]
struct Hits {
    /// The first [`KEEP`] (the first `len`), as normalised ranges.
    kept: [Range<usize>; KEEP],
    len: u8,
    /// Whether there were more.
    more: bool,
}

impl Hits {
    fn add(&mut self, r: Range<usize>) {
        if usize::from(self.len) < KEEP {
            self.kept[usize::from(self.len)] = r;
            self.len += 1;
        } else {
            self.more = true;
        }
    }

    /// The first matches, in order of position.
    fn first(&self) -> &[Range<usize>] {
        &self.kept[..usize::from(self.len)]
    }
}

/// A selector's phrases (one for a quote, two for start and end), each as
/// an index into the distinct phrases (none when it is empty) and its
/// name, in place rather than a `Vec` each.
#[derive(Debug, Clone, Copy)]
struct Parts {
    list: [(Option<usize>, &'static str); 2],
    len: u8,
}

impl Parts {
    fn get(&self) -> &[(Option<usize>, &'static str)] {
        &self.list[..usize::from(self.len)]
    }
}

/// Anchor many selectors, each with its stored context, against one essay
/// in a single pass over its text for all their phrases; then, for those
/// that do not match exactly once and have context, a bounded approximate
/// search. Returns a byte range of the original text and how it was found
/// for each, or why not.
pub fn anchor_in(
    original: &str,
    items: &[(Phrases, Context)],
) -> Vec<Result<Anchored, AnchorError>> {
    let norm = normalize(original);
    // Distinct phrases: a thousand passages quoting the same words cost one.
    let mut ids: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut phrases: Vec<String> = Vec::new();
    let mut parts: Vec<Parts> = Vec::with_capacity(items.len());
    for (sel, _) in items {
        let mut part = |p: &str, which: &'static str| {
            let n = normalize(p).text;
            if n.is_empty() {
                return (None, which);
            }
            let k = match ids.get(&n) {
                Some(&k) => k,
                None => {
                    // A copy, not a second normalisation.
                    ids.insert(n.clone(), phrases.len());
                    phrases.push(n);
                    phrases.len() - 1
                }
            };
            (Some(k), which)
        };
        parts.push(match sel {
            Phrases::Quote(q) => Parts {
                list: [part(q, "quote"), (None, "")],
                len: 1,
            },
            Phrases::Range { start, end } => Parts {
                list: [part(start, "start"), part(end, "end")],
                len: 2,
            },
        });
    }
    drop(ids);
    let mut hits: Vec<Hits> = vec![Hits::default(); phrases.len()];
    scan(&norm, &phrases, |k, r| hits[k].add(r));

    // The index for approximate search, built at most once, when needed.
    let cell = std::cell::OnceCell::new();
    let index = || cell.get_or_init(|| fuzzy::WordIndex::new(&norm.text));
    let mut results: Vec<Option<Result<Anchored, AnchorError>>> = vec![None; items.len()];
    // Range selectors whose end phrase needs a second look: (item, start).
    let mut later: Vec<(usize, Range<usize>)> = Vec::new();
    for (i, (sel, ctx)) in items.iter().enumerate() {
        if let Some((_, which)) = parts[i].get().iter().find(|(k, _)| k.is_none()) {
            results[i] = Some(Err(AnchorError::Empty { which }));
            continue;
        }
        let k0 = parts[i].get()[0].0.expect("not empty");
        let h = &hits[k0];
        let r = match sel {
            Phrases::Quote(_) => match (h.first(), h.more) {
                ([one], false) => Ok(Anchored {
                    range: one.clone(),
                    status: context_status(&norm.text, one, ctx),
                }),
                _ if ctx.is_some() => {
                    reanchor(&norm.text, index(), &phrases[k0], ctx).map_err(|hint| {
                        let closest = hint.map(|c| Closest {
                            range: norm.original(c.range),
                            percent: c.percent,
                        });
                        if h.first().is_empty() {
                            AnchorError::NotFound {
                                which: "quote",
                                closest,
                            }
                        } else {
                            ambiguous(&norm, h, "quote")
                        }
                    })
                }
                ([], _) => Err(not_found(&norm, index(), &phrases[k0], "quote")),
                _ => Err(ambiguous(&norm, h, "quote")),
            },
            Phrases::Range { .. } => match (h.first(), h.more) {
                ([one], false) => {
                    let k1 = parts[i].get()[1].0.expect("not empty");
                    let ends = &hits[k1];
                    if ends.first().is_empty() {
                        Err(not_found(&norm, index(), &phrases[k1], "end"))
                    } else if let Some(e) = ends.first().iter().find(|e| e.start >= one.end) {
                        Ok(Anchored {
                            range: one.start..e.end,
                            status: Status::Exact,
                        })
                    } else if ends.more {
                        later.push((i, one.clone()));
                        continue;
                    } else if ends.first().iter().any(|e| e.end > one.start) {
                        Err(AnchorError::Overlapping)
                    } else {
                        Err(AnchorError::EndBeforeStart)
                    }
                }
                ([], _) => Err(not_found(&norm, index(), &phrases[k0], "start")),
                _ => Err(ambiguous(&norm, h, "start")),
            },
        };
        results[i] = Some(r);
    }
    // End phrases that match more often than was kept: one more pass for
    // all of them, each looking for its first match after its start.
    if !later.is_empty() {
        let ends: Vec<(usize, Range<usize>)> = later
            .iter()
            .map(|(i, s)| (parts[*i].get()[1].0.expect("not empty"), s.clone()))
            .collect();
        for ((i, _), r) in later.iter().zip(first_after(&norm, &phrases, &ends)) {
            results[*i] = Some(r);
        }
    }
    // Range passages found exactly: did their surroundings change? Those
    // not found, with context: look for their phrases approximately.
    for (i, (sel, ctx)) in items.iter().enumerate() {
        match (sel, &mut results[i]) {
            (Phrases::Range { .. }, Some(Ok(a))) => {
                a.status = context_status(&norm.text, &a.range, ctx);
            }
            (Phrases::Range { .. }, Some(r @ Err(_)))
                if ctx.prefix.is_some()
                    && ctx.suffix.is_some()
                    && !matches!(r, Err(AnchorError::Empty { .. })) =>
            {
                let (k0, k1) = (parts[i].get()[0].0, parts[i].get()[1].0);
                if let (Some(k0), Some(k1)) = (k0, k1) {
                    if let Some(a) =
                        reanchor_range(&norm.text, index(), &phrases[k0], &phrases[k1], ctx)
                    {
                        *r = Ok(a);
                    }
                }
            }
            _ => {}
        }
    }
    results
        .into_iter()
        .map(|r| {
            r.expect("every selector resolved").map(|a| Anchored {
                range: norm.original(a.range),
                status: a.status,
            })
        })
        .collect()
}

/// For each (end phrase, start range): the first match of the phrase that
/// starts at or after the start's end, or why there is none. One pass over
/// the text for all of them; each phrase's queries are answered in order
/// of position as its matches come (they come in order), so the cost is
/// linear however many passages share an end phrase.
fn first_after(
    norm: &Normalized,
    phrases: &[String],
    ends: &[(usize, Range<usize>)],
) -> Vec<Result<Anchored, AnchorError>> {
    // Per phrase: queries sorted by start.end (for a match) and by
    // start.start (for "some match overlaps the start").
    let mut by_phrase: std::collections::HashMap<usize, (Vec<usize>, Vec<usize>)> =
        std::collections::HashMap::new();
    for (q, (k, _)) in ends.iter().enumerate() {
        let e = by_phrase.entry(*k).or_default();
        e.0.push(q);
        e.1.push(q);
    }
    for (a, b) in by_phrase.values_mut() {
        a.sort_by_key(|&q| ends[q].1.end);
        b.sort_by_key(|&q| ends[q].1.start);
    }
    let local: Vec<usize> = by_phrase.keys().copied().collect();
    let sub: Vec<String> = local.iter().map(|&k| phrases[k].clone()).collect();
    let mut found: Vec<Option<Range<usize>>> = vec![None; ends.len()];
    let mut overlaps = vec![false; ends.len()];
    let mut cursors = vec![(0usize, 0usize); local.len()];
    scan(norm, &sub, |j, r| {
        let (by_end, by_start) = &by_phrase[&local[j]];
        let (a, b) = &mut cursors[j];
        while *a < by_end.len() && ends[by_end[*a]].1.end <= r.start {
            found[by_end[*a]] = Some(r.clone());
            *a += 1;
        }
        while *b < by_start.len() && ends[by_start[*b]].1.start < r.end {
            overlaps[by_start[*b]] = true;
            *b += 1;
        }
    });
    ends.iter()
        .enumerate()
        .map(|(q, (_, s))| match &found[q] {
            Some(e) => Ok(Anchored {
                range: s.start..e.end,
                status: Status::Exact,
            }),
            None if overlaps[q] => Err(AnchorError::Overlapping),
            None => Err(AnchorError::EndBeforeStart),
        })
        .collect()
}

/// Exact if the stored context (if any) is what surrounds `r` now, else
/// moved.
fn context_status(text: &str, r: &Range<usize>, ctx: &Context) -> Status {
    let same = |stored: Option<&str>, now: &dyn Fn(usize) -> String| {
        stored.is_none_or(|s| {
            let s = normalize(s).text;
            s == now(s.chars().count())
        })
    };
    if same(ctx.prefix, &|n| {
        fuzzy::text_before(text, r.start, n).to_string()
    }) && same(ctx.suffix, &|n| {
        fuzzy::text_after(text, r.end, n).to_string()
    }) {
        Status::Exact
    } else {
        Status::Moved
    }
}

/// Find a passage with stored context that does not match exactly once:
/// the best approximate match, if it is close enough in words and context
/// and clearly better than any other; else the closest place as a hint
/// (all ranges normalised).
fn reanchor(
    text: &str,
    index: &fuzzy::WordIndex,
    quote: &str,
    ctx: &Context,
) -> Result<Anchored, Option<Closest>> {
    let prefix = ctx.prefix.map(|p| normalize(p).text);
    let suffix = ctx.suffix.map(|s| normalize(s).text);
    let cands = fuzzy::candidates(text, index, prefix.as_deref(), quote, suffix.as_deref());
    match choose(cands.iter()) {
        Some(best) => {
            let status = if best.distance > 0 {
                Status::Changed
            } else {
                context_status(text, &best.range, ctx)
            };
            Ok(Anchored {
                range: best.range.clone(),
                status,
            })
        }
        None => Err(hint(cands.first())),
    }
}

/// The candidate to attach to: close enough in words and in every stored
/// context side, and clearly better than any other that is; else none.
fn choose<'a>(cands: impl Iterator<Item = &'a fuzzy::Candidate>) -> Option<&'a fuzzy::Candidate> {
    let accepted: Vec<&fuzzy::Candidate> = cands
        .filter(|c| {
            c.quote >= MIN_QUOTE
                && c.prefix.is_none_or(|p| p >= MIN_CONTEXT)
                && c.suffix.is_none_or(|s| s >= MIN_CONTEXT)
        })
        .collect();
    match accepted.as_slice() {
        [best, rest @ ..] if rest.iter().all(|c| c.score() < best.score() - MARGIN) => Some(best),
        _ => None,
    }
}

/// A `start`/`end` passage with both context sides stored that did not
/// anchor exactly: its start phrase found approximately beside its prefix,
/// then its end phrase beside its suffix, after the start. Each must pass
/// what a quote must pass; one side of context each, so both are required.
fn reanchor_range(
    text: &str,
    index: &fuzzy::WordIndex,
    start: &str,
    end: &str,
    ctx: &Context,
) -> Option<Anchored> {
    let prefix = normalize(ctx.prefix?).text;
    let suffix = normalize(ctx.suffix?).text;
    let starts = fuzzy::candidates(text, index, Some(&prefix), start, None);
    let s = choose(starts.iter())?;
    let ends = fuzzy::candidates(text, index, None, end, Some(&suffix));
    let e = choose(ends.iter().filter(|e| e.range.start >= s.range.end))?;
    let range = s.range.start..e.range.end;
    let status = if s.distance + e.distance > 0 {
        Status::Changed
    } else {
        context_status(text, &range, ctx)
    };
    Some(Anchored { range, status })
}

/// A candidate as a hint, if it is at all close.
fn hint(c: Option<&fuzzy::Candidate>) -> Option<Closest> {
    c.filter(|c| c.quote >= MIN_HINT).map(|c| Closest {
        range: c.range.clone(),
        percent: (c.quote * 100.0).floor() as u32,
    })
}

/// The context to store around a passage at `range` of an essay's
/// original text: up to [`CONTEXT_CHARS`] chars on each side, normalised
/// as quotes are — what [`anchor_in`] compares with the text around the
/// match. Only a few dozen chars around the range are normalised.
pub fn context_around(original: &str, range: Range<usize>) -> (String, String) {
    let wide = CONTEXT_CHARS * 4;
    let from = original[..range.start]
        .char_indices()
        .rev()
        .nth(wide - 1)
        .map_or(0, |(i, _)| i);
    let to = original[range.end..]
        .char_indices()
        .nth(wide)
        .map_or(original.len(), |(i, _)| range.end + i);
    let before = normalize(&original[from..range.start]).text;
    let after = normalize(&original[range.end..to]).text;
    let mut prefix = fuzzy::text_before(&before, before.len(), CONTEXT_CHARS);
    let mut suffix = fuzzy::text_after(&after, 0, CONTEXT_CHARS);
    // Whole words, for people reading the map: drop a word cut in two at
    // the far end (unless that is all there is). Matching compares as
    // many chars as are stored, so any length works.
    if before.len() > prefix.len() && !before[..before.len() - prefix.len()].ends_with(' ') {
        if let Some(sp) = prefix.find(' ') {
            prefix = &prefix[sp + 1..];
        }
    }
    let suffix_end = after.len() - after.trim_start_matches(' ').len() + suffix.len();
    if after.len() > suffix_end && !after[suffix_end..].starts_with(' ') {
        if let Some(sp) = suffix.rfind(' ') {
            suffix = &suffix[..sp];
        }
    }
    (prefix.to_string(), suffix.to_string())
}

/// Every occurrence of every phrase (distinct, non-empty) in the
/// normalised text, overlapping ones included, in order of position per
/// phrase, passed to `on_hit(phrase index, normalised range)`; matches that
/// start or end inside an expansion ("." in the "..." of one "…") are not
/// matches of the essay's text and are left out. Nothing is stored here:
/// the caller keeps what it needs, so a phrase that matches everywhere
/// costs time linear in its matches and no memory.
///
/// Up to 64 phrases, each is looked for by an anchor: a few of its bytes
/// that are rare in prose (see [`anchor_of`]). Each next place where some
/// anchor starts is found by a leftmost Teddy (SIMD) search, restarted one
/// byte after each match, and there every phrase with that anchor is
/// compared in full: far cheaper to build than an automaton, and it skips
/// ahead where an overlapping search cannot. Beyond 64 phrases (or without
/// SIMD) one Aho–Corasick automaton of all the phrases finds every
/// overlapping match in one pass, linear in the text and the matches
/// however many phrases there are.
fn scan(norm: &Normalized, phrases: &[String], on_hit: impl FnMut(usize, Range<usize>)) {
    scan_batched(norm, phrases, BATCH_BYTES, on_hit);
}

/// [`scan`], with automata of at least `batch_bytes` of phrases each.
fn scan_batched(
    norm: &Normalized,
    phrases: &[String],
    batch_bytes: usize,
    mut on_hit: impl FnMut(usize, Range<usize>),
) {
    if phrases.is_empty() {
        return;
    }
    debug_assert!(phrases.iter().all(|p| !p.is_empty()));
    let hay = norm.text.as_bytes();
    let mut emit = |k: usize, r: Range<usize>| {
        if norm.is_boundary(r.start) && norm.is_boundary(r.end) {
            on_hit(k, r);
        }
    };
    let teddy = if phrases.len() <= 64 {
        let anchors: Vec<(usize, &[u8])> =
            phrases.iter().map(|p| anchor_of(p.as_bytes())).collect();
        let mut b = packed::Config::new()
            .match_kind(packed::MatchKind::LeftmostFirst)
            .builder();
        for a in &anchors {
            b.add(a.1);
        }
        b.build().map(|t| (t, anchors))
    } else {
        None
    };
    match teddy {
        Some((t, anchors)) => {
            let mut from = 0;
            while let Some(m) = t.find_in(hay, Span::from(from..hay.len())) {
                let at = m.start();
                for (k, &(offset, anchor)) in anchors.iter().enumerate() {
                    let phrase = phrases[k].as_bytes();
                    if at >= offset
                        && hay[at..].starts_with(anchor)
                        && hay[at - offset..].starts_with(phrase)
                    {
                        emit(k, at - offset..at - offset + phrase.len());
                    }
                }
                from = at + 1;
            }
        }
        None => {
            for batch in batches(phrases, batch_bytes) {
                let ac = AhoCorasick::builder()
                    .match_kind(MatchKind::Standard)
                    .kind(Some(AhoCorasickKind::ContiguousNFA))
                    .build(&phrases[batch.clone()])
                    .expect("phrases are plain strings");
                for m in ac.find_overlapping_iter(hay) {
                    emit(batch.start + m.pattern().as_usize(), m.start()..m.end());
                }
            }
        }
    }
}

/// Phrase bytes per automaton (at least): an automaton costs some 30 bytes
/// of memory per byte of its phrases, so 10,000 quotes of one essay in one
/// automaton took 30 MB (and the same again while it was built).
const BATCH_BYTES: usize = 64 << 10;

/// Passes over the text, at most: past `BATCH_BYTES * MAX_PASSES` of
/// phrases the batches grow instead, so time stays linear in the text
/// (times this constant) and memory linear in the phrases.
const MAX_PASSES: usize = 16;

/// The phrases in consecutive batches of about the same total length, each
/// searched for by its own automaton in its own pass: memory bounded by a
/// batch rather than every phrase of the essay, for a few more passes over
/// a text that is already in cache.
fn batches(phrases: &[String], batch_bytes: usize) -> Vec<Range<usize>> {
    let total: usize = phrases.iter().map(String::len).sum();
    let budget = batch_bytes.max(total.div_ceil(MAX_PASSES));
    let mut out = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (i, p) in phrases.iter().enumerate() {
        if bytes > 0 && bytes + p.len() > budget {
            out.push(start..i);
            (start, bytes) = (i, 0);
        }
        bytes += p.len();
    }
    if start < phrases.len() {
        out.push(start..phrases.len());
    }
    out
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

fn ambiguous(norm: &Normalized, hits: &Hits, which: &'static str) -> AnchorError {
    AnchorError::Ambiguous {
        which,
        at: hits
            .first()
            .iter()
            .map(|r| norm.original(r.clone()))
            .collect(),
    }
}

fn not_found(
    norm: &Normalized,
    index: &fuzzy::WordIndex,
    phrase: &str,
    which: &'static str,
) -> AnchorError {
    let cands = fuzzy::candidates(&norm.text, index, None, phrase, None);
    AnchorError::NotFound {
        which,
        closest: hint(cands.first()).map(|c| Closest {
            range: norm.original(c.range),
            percent: c.percent,
        }),
    }
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
            Err(AnchorError::Ambiguous { at, .. }) => assert_eq!(at, [0..5, 4..9]),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_phrase_that_matches_everywhere_keeps_two_matches() {
        // 2,000 passages quoting "a a" in 1 MB of "a a a …": before, every
        // overlapping match of every passage was stored (16 GB); now the
        // phrase is looked for once and two matches are kept.
        let text = "a ".repeat(500_000);
        let sels = vec![q("a a"); 2000];
        let got = anchor_all(&text, &sels);
        assert_eq!(got.len(), 2000);
        for r in &got {
            match r {
                Err(AnchorError::Ambiguous { at, .. }) => assert_eq!(at, &[0..3, 2..5]),
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn many_end_phrases_that_match_everywhere_find_their_first_match_after_the_start() {
        // Range passages whose end phrase ("x.") occurs many times: each
        // takes the first one after its own start, in one extra pass.
        let mut text = String::new();
        for i in 0..3000 {
            text.push_str(&format!("Start{i} words x. "));
        }
        let sels: Vec<Selector> = (0..3000)
            .map(|i| Selector::Range {
                start: format!("Start{i} words"),
                end: "x.".into(),
            })
            .collect();
        for (i, r) in anchor_all(&text, &sels).into_iter().enumerate() {
            assert_eq!(&text[r.unwrap()], format!("Start{i} words x."));
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
                assert_eq!(
                    &text[c.range.clone()],
                    "The United States cannot fix the problems of history"
                );
                // "repair" for "fix": 5 edits in 55 chars.
                assert_eq!(c.percent, 90);
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
            Err(AnchorError::Ambiguous { at, .. }) => {
                assert_eq!(at, [4..7, 7..10]);
            }
            other => panic!("{other:?}"),
        }
        let text = "end.… Next";
        assert_eq!(&text[one(text, q(".")).unwrap()], ".");
    }

    #[test]
    fn phrases_are_searched_in_bounded_batches_and_passes() {
        // 10,000 quotes of 80 bytes (800 KB): no automaton of them all,
        // and no more passes over the text than MAX_PASSES.
        let phrases: Vec<String> = (0..10_000).map(|i| format!("{i:080}")).collect();
        let b = batches(&phrases, BATCH_BYTES);
        assert_eq!(b.len(), 800_000usize.div_ceil(BATCH_BYTES).max(1));
        assert!(b
            .iter()
            .all(|r| phrases[r.clone()].iter().map(String::len).sum::<usize>() <= BATCH_BYTES));
        // Every phrase in exactly one batch, in order.
        let flat: Vec<usize> = b.iter().flat_map(|r| r.clone()).collect();
        assert_eq!(flat, (0..phrases.len()).collect::<Vec<_>>());
        // Past BATCH_BYTES * MAX_PASSES of phrases the batches grow instead.
        let many: Vec<String> = (0..100_000).map(|i| format!("{i:080}")).collect();
        assert!(batches(&many, BATCH_BYTES).len() <= MAX_PASSES);
        // A phrase longer than a batch is a batch of its own.
        let long = vec!["x".repeat(BATCH_BYTES * 2), "y".into()];
        assert_eq!(batches(&long, BATCH_BYTES), vec![0..1, 1..2]);
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

    /// Every match of every phrase, by [`scan`] (each distinct non-empty
    /// phrase scanned once).
    fn all_hits(n: &Normalized, phrases: &[String], batch: usize) -> Vec<Vec<Range<usize>>> {
        let mut distinct: Vec<String> = phrases.iter().filter(|p| !p.is_empty()).cloned().collect();
        distinct.sort();
        distinct.dedup();
        let mut found = vec![Vec::new(); distinct.len()];
        scan_batched(n, &distinct, batch, |k, r| found[k].push(r));
        phrases
            .iter()
            .map(|p| match distinct.binary_search(p) {
                Ok(k) => found[k].clone(),
                Err(_) => Vec::new(),
            })
            .collect()
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
            batch in 1usize..400,
        ) {
            // Past 64 phrases the automata do the finding, not Teddy: one
            // per batch of `batch` bytes of phrases (many batches here).
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
            let mut want = overlapping_hits(&n.text, &refs);
            for w in &mut want {
                w.retain(|m| n.is_boundary(m.start) && n.is_boundary(m.end));
            }
            prop_assert_eq!(all_hits(&n, &phrases, batch), want);
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
                    (Err(AnchorError::Ambiguous { at, .. }), many) if many.len() > 1 => {
                        let first: Vec<_> = many.iter().take(2).map(|m| n.original(m.clone())).collect();
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
