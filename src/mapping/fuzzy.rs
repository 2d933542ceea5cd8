//! Approximate search in an essay's normalised text, for re-anchoring a
//! passage whose quote no longer matches exactly and for the "closest
//! passage" hint.
//!
//! Two parts, each bounded: a word index of the text finds a few places
//! where many of the phrase's rarer words lie on one diagonal (seed and
//! vote), and Myers' bit-parallel edit-distance search, over code points,
//! finds the best match of the quote in a window around each. Nothing scans
//! the whole text per phrase, so stale quotes cost the same on a 30 MB
//! essay as on a 30 KB one (after the index, built once per essay).

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::ops::Range;

/// Words with more occurrences than this are not used as seeds: in a
/// large essay "the" would vote everywhere and say nothing.
const MAX_POSTINGS: usize = 1024;
/// At most this many (word occurrence × phrase occurrence) votes per
/// phrase: spent on the rarest words first, a few thousand find the place.
const VOTE_BUDGET: usize = 512;
/// At most this many windows are searched per phrase.
const WINDOWS: usize = 4;
/// At most this many equally good ends are looked at per window.
const TIES: usize = 6;
/// Longest quote (in characters) looked for approximately. The edit
/// distance search costs the quote's length squared over 64 per window:
/// a 1 MB stale quote in a 1 MB essay sharing a few of its words took
/// 270 s. A longer passage is better given by `start` and `end`.
pub const MAX_APPROX_CHARS: usize = 5_000;

/// Myers' bit-parallel approximate matcher for one pattern (over chars),
/// in Hyyrö's multi-word form: any length, 64 pattern chars per word.
struct Myers {
    /// Pattern length in chars.
    m: usize,
    /// Words per column.
    blocks: usize,
    /// Match masks of ASCII chars: `ascii[c * blocks + b]`.
    ascii: Vec<u64>,
    /// Match masks of other chars.
    other: HashMap<char, Vec<u64>>,
    /// All-zero masks, for chars not in the pattern.
    zeros: Vec<u64>,
}

impl Myers {
    fn new(pattern: &[char]) -> Self {
        let m = pattern.len();
        let blocks = m.div_ceil(64).max(1);
        let mut ascii = vec![0u64; 128 * blocks];
        let mut other: HashMap<char, Vec<u64>> = HashMap::new();
        for (i, &c) in pattern.iter().enumerate() {
            let (b, bit) = (i / 64, 1u64 << (i % 64));
            if (c as u32) < 128 {
                ascii[c as usize * blocks + b] |= bit;
            } else {
                other.entry(c).or_insert_with(|| vec![0; blocks])[b] |= bit;
            }
        }
        Myers {
            m,
            blocks,
            ascii,
            other,
            zeros: vec![0; blocks],
        }
    }

    fn peq(&self, c: char) -> &[u64] {
        if (c as u32) < 128 {
            let i = c as usize * self.blocks;
            &self.ascii[i..i + self.blocks]
        } else {
            self.other.get(&c).map_or(&self.zeros, Vec::as_slice)
        }
    }

    /// The least edit distance between the pattern and any substring of
    /// `text` (semi-global), and the ends (in chars consumed) where it is
    /// reached: at most `max_ends`, first ones first.
    fn best_ends(&self, text: impl Iterator<Item = char>, max_ends: usize) -> (usize, Vec<usize>) {
        let mut pv = vec![!0u64; self.blocks];
        let mut mv = vec![0u64; self.blocks];
        let last = self.blocks - 1;
        let last_bit = 1u64 << ((self.m - 1) % 64);
        let mut score = self.m;
        let (mut best, mut ends) = (self.m, Vec::new());
        for (j, c) in text.enumerate() {
            let eq = self.peq(c);
            // Row 0 is all zeros (a match may start anywhere): no carry in.
            let mut hin: i32 = 0;
            for b in 0..self.blocks {
                let (p, mm, e) = (pv[b], mv[b], eq[b]);
                let hin_neg = u64::from(hin < 0);
                let xv = e | mm;
                let e = e | hin_neg;
                let xh = ((e & p).wrapping_add(p) ^ p) | e;
                let mut ph = mm | !(xh | p);
                let mut mh = p & xh;
                if b == last {
                    if ph & last_bit != 0 {
                        score += 1;
                    } else if mh & last_bit != 0 {
                        score -= 1;
                    }
                }
                let hout = ((ph >> 63) as i32) - ((mh >> 63) as i32);
                ph <<= 1;
                mh <<= 1;
                mh |= hin_neg;
                ph |= u64::from(hin > 0);
                pv[b] = mh | !(xv | ph);
                mv[b] = ph & xv;
                hin = hout;
            }
            if score < best {
                best = score;
                ends.clear();
            }
            if score == best && ends.len() < max_ends {
                ends.push(j + 1);
            }
        }
        (best, ends)
    }
}

/// The best approximate matches of `pattern` in `text`: (char range,
/// distance) for up to `max` ends of least distance, each with the
/// shortest start that reaches it. None for an empty pattern.
pub fn best_matches(pattern: &[char], text: &[char], max: usize) -> Vec<(Range<usize>, usize)> {
    if pattern.is_empty() || text.is_empty() {
        return Vec::new();
    }
    let fwd = Myers::new(pattern);
    let (dist, ends) = fwd.best_ends(text.iter().copied(), max);
    let rev_pattern: Vec<char> = pattern.iter().rev().copied().collect();
    let rev = Myers::new(&rev_pattern);
    ends.into_iter()
        .map(|end| {
            // The same search backwards from the end finds the start. Of
            // equally close starts, the one that makes the match as long
            // as the pattern: "The allies" for "the allies" is one
            // substitution, not "he allies" and one deletion.
            // A match is at most the pattern's length plus its distance.
            let from = end.saturating_sub(pattern.len() + dist + 1);
            let (_, backs) = rev.best_ends(text[from..end].iter().rev().copied(), TIES);
            let back = backs
                .into_iter()
                .min_by_key(|&b| b.abs_diff(pattern.len()))
                .unwrap_or(end);
            (end - back..end, dist)
        })
        .collect()
}

/// Edit distance between two short strings, over chars, as a similarity
/// in 0..=1 (1: equal).
pub fn similarity(a: &str, b: &str) -> f64 {
    strsim::normalized_levenshtein(a, b)
}

/// Where each word of a normalised text occurs, by a hash of its letters
/// (case and surrounding punctuation ignored, so that a changed capital or
/// comma still seeds the search).
#[derive(Debug, Default)]
pub struct WordIndex {
    /// Word key → (its last occurrence in `chain`, how many there are).
    heads: HashMap<u64, (u32, u32), BuildHasherDefault<KeyHasher>>,
    /// Each occurrence: (byte offset, the previous occurrence of the same
    /// word, or `u32::MAX`). Built in one pass, no sort, two allocations.
    chain: Vec<(u32, u32)>,
}

/// The keys are hashes already: hashing them again (SipHash) cost more
/// than building the rest of the index.
#[derive(Debug, Default)]
struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, k: u64) {
        self.0 = k;
    }
}

/// The index key of a word, None for one with no letters or digits.
fn word_key(w: &str) -> Option<u64> {
    let w = if w.is_ascii() {
        // Most words: trimmed byte by byte.
        let b = w.as_bytes();
        let s = b.iter().position(u8::is_ascii_alphanumeric)?;
        let e = b.iter().rposition(u8::is_ascii_alphanumeric)? + 1;
        &w[s..e]
    } else {
        w.trim_matches(|c: char| !c.is_alphanumeric())
    };
    // Words of one or two letters ("a", "of", "to") are everywhere and
    // seed nothing; leaving them out makes the index a third smaller.
    // (Numbers are kept: "11" is as telling as "eleven".)
    if w.len() < 3 && !w.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    // FNV-1a over the lowercased bytes: fast, and collisions only add a
    // spurious vote.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |b: u8| h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    if w.is_ascii() {
        w.bytes().for_each(|b| eat(b.to_ascii_lowercase()));
    } else {
        for c in w.chars().flat_map(char::to_lowercase) {
            let mut buf = [0u8; 4];
            c.encode_utf8(&mut buf).bytes().for_each(&mut eat);
        }
    }
    Some(h)
}

/// Each word of `text` (split on single spaces) with its byte offset.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut at = 0;
    text.split(' ').map(move |w| {
        let here = at;
        at += w.len() + 1;
        (here, w)
    })
}

impl WordIndex {
    /// Index a normalised text.
    pub fn new(text: &str) -> Self {
        let mut idx = WordIndex::default();
        idx.chain.reserve(text.len() / 6);
        idx.heads.reserve(text.len() / 40);
        for (at, w) in words(text) {
            let Some(k) = word_key(w) else { continue };
            let me = idx.chain.len() as u32;
            let head = idx.heads.entry(k).or_insert((u32::MAX, 0));
            idx.chain.push((at as u32, head.0));
            *head = (me, head.1 + 1);
        }
        idx
    }

    /// How often a word occurs.
    fn count(&self, key: u64) -> usize {
        self.heads.get(&key).map_or(0, |h| h.1 as usize)
    }

    /// The byte offsets of a word's occurrences, last first.
    fn get(&self, key: u64) -> impl Iterator<Item = u32> + '_ {
        let mut at = self.heads.get(&key).map_or(u32::MAX, |h| h.0);
        std::iter::from_fn(move || {
            let &(pos, prev) = self.chain.get(at as usize)?;
            at = prev;
            Some(pos)
        })
    }
}

/// One place in the text that looks like a phrase.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Byte range of the normalised text.
    pub range: Range<usize>,
    /// Edit distance (in chars) between the quote and the text there.
    pub distance: usize,
    /// 1 − distance / quote length.
    pub quote: f64,
    /// Similarity of the stored prefix to the text before, if one is stored.
    pub prefix: Option<f64>,
    /// Similarity of the stored suffix to the text after, if one is stored.
    pub suffix: Option<f64>,
}

impl Candidate {
    /// Quote similarity and context similarity, weighted equally (context
    /// counts as the quote's when none is stored).
    pub fn score(&self) -> f64 {
        let ctx: Vec<f64> = [self.prefix, self.suffix].into_iter().flatten().collect();
        if ctx.is_empty() {
            self.quote
        } else {
            (self.quote + ctx.iter().sum::<f64>() / ctx.len() as f64) / 2.0
        }
    }
}

/// The last `n` chars before `at` (not counting the space just before
/// it), without a space at either end: the form a stored prefix has.
pub fn text_before(text: &str, at: usize, n: usize) -> &str {
    if n == 0 {
        return "";
    }
    let s = text[..at].trim_end_matches(' ');
    let from = s.char_indices().rev().nth(n - 1).map_or(0, |(i, _)| i);
    s[from..].trim_start_matches(' ')
}

/// The first `n` chars after `at` (not counting the space just after it),
/// without a space at either end: the form a stored suffix has.
pub fn text_after(text: &str, at: usize, n: usize) -> &str {
    let s = text[at..].trim_start_matches(' ');
    let to = s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
    s[..to].trim_end_matches(' ')
}

/// Places in `text` (normalised, indexed by `index`) that look like `quote`
/// with `prefix` before it and `suffix` after (all normalised; empty when
/// not stored), best first, overlapping ones merged. Bounded work: at most
/// [`VOTE_BUDGET`] votes and [`WINDOWS`] windows of about the quote's length;
/// none for a quote over [`MAX_APPROX_CHARS`].
pub fn candidates(
    text: &str,
    index: &WordIndex,
    prefix: Option<&str>,
    quote: &str,
    suffix: Option<&str>,
) -> Vec<Candidate> {
    if quote.is_empty() || text.is_empty() || quote.chars().nth(MAX_APPROX_CHARS).is_some() {
        return Vec::new();
    }
    // The phrase in context, as it stood in the text ("prefix quote
    // suffix"), is never built: its words are those of its parts at their
    // offsets in it (a 1 MB quote is not copied, nor made 4 MB of chars
    // before it is known to be worth searching for).
    let pre = prefix.unwrap_or("");
    let post = suffix.unwrap_or("");
    let sep = |s: &str| if s.is_empty() { 0 } else { 1 };
    let q_off = pre.len() + sep(pre);
    let post_off = q_off + quote.len() + sep(post);
    let phrase_len = post_off + post.len();

    // Votes: each occurrence of a phrase word in the text votes for the
    // diagonal (text offset − phrase offset) where the phrase would start.
    // A word is used only if all its votes fit the budget, so more than
    // the budget's worth of its offsets are never needed.
    let mut by_word: HashMap<u64, Vec<usize>, BuildHasherDefault<KeyHasher>> = HashMap::default();
    for (base, part) in [(0, pre), (q_off, quote), (post_off, post)] {
        for (at, w) in words(part) {
            if let Some(k) = word_key(w) {
                let offs = by_word.entry(k).or_default();
                if offs.len() <= VOTE_BUDGET {
                    offs.push(base + at);
                }
            }
        }
    }
    let mut seeds: Vec<(u64, usize, Vec<usize>)> = by_word
        .into_iter()
        .map(|(k, offs)| (k, index.count(k), offs))
        .filter(|&(_, n, _)| n > 0 && n <= MAX_POSTINGS)
        .collect();
    // Rarest words first: they say the most, and the budget is spent on them.
    seeds.sort_by_key(|(_, n, offs)| n * offs.len());
    let mut diags: Vec<i64> = Vec::new();
    for (k, n, offs) in seeds {
        if diags.len() + n * offs.len() > VOTE_BUDGET {
            break;
        }
        for p in index.get(k) {
            for &o in &offs {
                diags.push(i64::from(p) - o as i64);
            }
        }
    }
    if diags.is_empty() {
        return Vec::new();
    }
    diags.sort_unstable();

    // The densest diagonals: for each vote, how many fall within `w`
    // after it (edits shift the diagonal); then the best of those
    // stretches that do not overlap, while they have half of the
    // best one's votes.
    let w = (phrase_len as i64 / 4).max(16);
    let mut runs: Vec<(usize, usize)> = Vec::with_capacity(diags.len());
    let mut hi = 0;
    for lo in 0..diags.len() {
        while hi < diags.len() && diags[hi] <= diags[lo] + w {
            hi += 1;
        }
        runs.push((hi - lo, lo));
    }
    runs.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let best = runs.first().map_or(0, |r| r.0);
    let mut windows: Vec<(i64, i64)> = Vec::new();
    for (count, lo) in runs {
        if windows.len() == WINDOWS || count * 2 < best {
            break;
        }
        let (dl, dh) = (diags[lo], diags[lo + count - 1]);
        if windows.iter().all(|&(a, b)| dh < a || b < dl) {
            windows.push((dl, dh));
        }
    }

    // Myers in a window around each, with room for the quote to have grown.
    let slack = (quote.len() / 4 + 16) as i64;
    let clamp = |x: i64| -> usize {
        let mut x = x.clamp(0, text.len() as i64) as usize;
        while !text.is_char_boundary(x) {
            x -= 1;
        }
        x
    };
    let pre_n = pre.chars().count();
    let post_n = post.chars().count();
    // The forward pass in every window says how close each comes; only
    // the closest few (any that could be accepted or tie with the best)
    // get the backward passes that find where their matches start.
    if windows.is_empty() {
        return Vec::new();
    }
    let q_chars: Vec<char> = quote.chars().collect();
    let fwd = Myers::new(&q_chars);
    let rev_q: Vec<char> = q_chars.iter().rev().copied().collect();
    let rev = Myers::new(&rev_q);
    /// A window searched: (least distance, its ends, byte offset of each
    /// char, the chars, the window's end).
    type Scanned = (usize, Vec<usize>, Vec<usize>, Vec<char>, usize);
    let mut scanned: Vec<Scanned> = Vec::new();
    for (dl, dh) in windows {
        let from = clamp(dl + q_off as i64 - slack);
        let to = clamp(dh + (q_off + quote.len()) as i64 + slack + 3);
        let (offs, chars): (Vec<usize>, Vec<char>) = text[from..to]
            .char_indices()
            .map(|(i, c)| (from + i, c))
            .unzip();
        if chars.is_empty() {
            continue;
        }
        let (dist, ends) = fwd.best_ends(chars.iter().copied(), TIES);
        scanned.push((dist, ends, offs, chars, to));
    }
    scanned.sort_by_key(|w| w.0);
    let room = scanned.first().map_or(0, |w| w.0) + (q_chars.len() * 3).div_ceil(20);
    let mut found: Vec<Candidate> = Vec::new();
    for (dist, ends, offs, chars, to) in scanned.into_iter().take(3) {
        if dist > room {
            break;
        }
        // Equally close ends come in runs (one more or one less char
        // matched); the first and the last of them are the choices.
        let mut pick = vec![ends[0]];
        if let Some(&last) = ends.last() {
            if last != ends[0] {
                pick.push(last);
            }
        }
        for end in pick {
            let lo = end.saturating_sub(q_chars.len() + dist + 1);
            let (_, backs) = rev.best_ends(chars[lo..end].iter().rev().copied(), TIES);
            let back = backs
                .into_iter()
                .min_by_key(|&b| b.abs_diff(q_chars.len()))
                .unwrap_or(0);
            if back == 0 {
                continue;
            }
            let start = offs[end - back];
            let stop = offs.get(end).copied().unwrap_or(to);
            found.push(Candidate {
                range: start..stop,
                distance: dist,
                quote: 1.0 - dist as f64 / q_chars.len() as f64,
                // Filled in for the places kept (below).
                prefix: None,
                suffix: None,
            });
        }
    }
    // One candidate per place: the closest to the quote, and of equally close ones one that cuts no
    // word in two, then the one as long as the quote ("clause." found in
    // "clauses." is the whole word, not "clause"). Then places best first.
    let off = |c: &Candidate| c.range.len().abs_diff(quote.len());
    let cut = |c: &Candidate| {
        let word = |ch: Option<char>| ch.is_some_and(char::is_alphanumeric);
        word(text[c.range.end..].chars().next()) || word(text[..c.range.start].chars().next_back())
    };
    found.sort_by(|a, b| {
        a.distance
            .cmp(&b.distance)
            .then(cut(a).cmp(&cut(b)))
            .then(off(a).cmp(&off(b)))
            .then(a.range.start.cmp(&b.range.start))
    });
    // The same place: overlapping by half the shorter or more (two
    // occurrences of a short repeated phrase overlap less, and stay apart
    // for the context to choose between).
    let same = |a: &Range<usize>, b: &Range<usize>| {
        let overlap = a.end.min(b.end).saturating_sub(a.start.max(b.start));
        overlap * 2 >= a.len().min(b.len()).max(1)
    };
    let mut kept: Vec<Candidate> = Vec::new();
    for c in found {
        if !kept.iter().any(|k| same(&k.range, &c.range)) {
            kept.push(c);
        }
    }
    for c in &mut kept {
        c.prefix = prefix.map(|p| similarity(p, text_before(text, c.range.start, pre_n)));
        c.suffix = suffix.map(|s| similarity(s, text_after(text, c.range.end, post_n)));
    }
    kept.sort_by(|a, b| b.score().total_cmp(&a.score()));
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    /// Plain dynamic-programming semi-global edit distance, for reference.
    fn reference(p: &[char], t: &[char]) -> usize {
        let mut prev: Vec<usize> = (0..=p.len()).collect();
        let mut best = p.len();
        for &c in t {
            let mut cur = vec![0; p.len() + 1];
            for i in 1..=p.len() {
                let sub = prev[i - 1] + usize::from(p[i - 1] != c);
                cur[i] = sub.min(prev[i] + 1).min(cur[i - 1] + 1);
            }
            best = best.min(cur[p.len()]);
            prev = cur;
        }
        best
    }

    #[test]
    fn finds_an_edited_quote_and_its_extent() {
        let text = chars("Before it. The deal will surely last for years. After it.");
        let got = best_matches(&chars("The deal will last for years."), &text, 4);
        let (r, d) = got[0].clone();
        assert_eq!(d, 7); // "surely " inserted
        let s: String = text[r].iter().collect();
        assert_eq!(s, "The deal will surely last for years.");
    }

    #[test]
    fn multi_word_patterns_agree_with_the_reference() {
        // 150 chars: three 64-bit words per column.
        let p: Vec<char> = "한국 and 日本 agreed — "
            .repeat(8)
            .chars()
            .take(150)
            .collect();
        let mut t = chars("xx ");
        t.extend(
            p.iter()
                .enumerate()
                .filter(|(i, _)| i % 17 != 3)
                .map(|(_, &c)| c),
        );
        t.extend(chars(" yy"));
        let got = best_matches(&p, &t, 1);
        assert_eq!(got[0].1, reference(&p, &t));
        assert_eq!(got[0].1, 9);
    }

    use proptest::prelude::*;
    proptest! {
        #[test]
        fn distance_agrees_with_dynamic_programming(
            p in "[ab한 ]{1,140}",
            t in "[ab한 ]{0,200}",
        ) {
            let (p, t) = (chars(&p), chars(&t));
            let got = best_matches(&p, &t, 1);
            if t.is_empty() {
                prop_assert!(got.is_empty());
            } else {
                let (r, d) = got[0].clone();
                prop_assert_eq!(d, reference(&p, &t));
                // The range reported really is that close.
                let sub: String = t[r].iter().collect();
                prop_assert_eq!(strsim::levenshtein(&sub, &p.iter().collect::<String>()), d);
            }
        }
    }

    /// A text of distinct words, and a quote of its first `chars`
    /// characters with one word changed.
    fn stale_quote(chars: usize) -> (String, String) {
        let text: String = (0..3_000).map(|i| format!("word{i} ")).collect();
        let mut quote: String = text.chars().take(chars).collect();
        quote = quote.trim_end().replacen("word7 ", "wordX ", 1);
        (text, quote)
    }

    #[test]
    fn a_stale_quote_up_to_the_cap_is_found_approximately() {
        let (text, quote) = stale_quote(MAX_APPROX_CHARS);
        assert!((MAX_APPROX_CHARS - 10..=MAX_APPROX_CHARS).contains(&quote.chars().count()));
        let c = candidates(&text, &WordIndex::new(&text), None, &quote, None);
        assert_eq!(c.first().map(|c| c.range.start), Some(0), "{c:?}");
    }

    #[test]
    fn a_quote_over_the_cap_is_not_searched_for() {
        // The edit distance search is quadratic in the quote: a 1 MB quote
        // sharing a few words with a 1 MB essay took minutes.
        let (text, quote) = stale_quote(MAX_APPROX_CHARS + 10);
        assert!(quote.chars().count() > MAX_APPROX_CHARS);
        let c = candidates(&text, &WordIndex::new(&text), None, &quote, None);
        assert!(c.is_empty(), "{c:?}");
    }

    #[test]
    fn candidates_come_from_the_index_and_context_ranks_them() {
        let text = "One sentence about trade. The deal will last. Other words here. \
                    A second paragraph. The deal will last. Closing words.";
        let idx = WordIndex::new(text);
        let c = candidates(
            text,
            &idx,
            Some("A second paragraph."),
            "The deal will last.",
            Some("Closing words."),
        );
        assert!(c.len() >= 2);
        assert_eq!(&text[c[0].range.clone()], "The deal will last.");
        assert!(c[0].range.start > 60, "{c:?}");
        assert_eq!(c[0].prefix, Some(1.0));
    }
}
