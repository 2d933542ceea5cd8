//! A synthetic corpus in parallax's on-disk format, for benchmarks and
//! scale tests: `essays/<id>.md` (TOML front matter + prose-like Markdown)
//! and `themes/*.toml` (themes, passages anchored by `quote` or
//! `start`/`end`, a couple of tours).
//!
//! Shared by `benches/load.rs`, `examples/gen_corpus.rs` and the tests via
//! `#[path]`, so it depends on nothing but std.
//!
//! Output is a pure function of [`Config`] (a small inline PRNG, seeded per
//! essay), so two runs write byte-identical corpora.
//!
//! Every passage anchors exactly once, by construction: each sentence of
//! the body carries a 5-digit reference number (`memo 10412`) that is unique
//! in its essay, digits appear nowhere else in the plain text, and every
//! quote or start/end phrase contains one whole number with non-digits on
//! both sides. Phrases are copied from the plain text the Markdown parses to
//! (emphasis markers dropped, soft line breaks as single spaces); a third of
//! them are typed with straight quotes and hyphens instead of the essay's
//! curly quotes and em dashes, to exercise normalisation.
#![allow(dead_code)] // each user takes a different part of it

use std::fmt::Write as _;
use std::io;
use std::path::Path;

/// What to generate.
#[derive(Debug, Clone)]
pub struct Config {
    /// Number of essays.
    pub essays: usize,
    /// Approximate size of each essay file in bytes.
    pub essay_bytes: usize,
    /// Passages per essay.
    pub passages_per_essay: usize,
    /// Number of themes.
    pub themes: usize,
    /// Number of theme-map files the themes and passages are spread over.
    pub theme_files: usize,
    /// PRNG seed.
    pub seed: u64,
}

impl Default for Config {
    /// The benchmark corpus of ARCHITECTURE.md: 1,000 essays of ~50 KB (~50 MB),
    /// 40 themes, 20,000 passages.
    fn default() -> Self {
        Config {
            essays: 1000,
            essay_bytes: 50_000,
            passages_per_essay: 20,
            themes: 40,
            theme_files: 8,
            seed: 0x5EED_CAFE,
        }
    }
}

/// What was generated.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Essay files.
    pub essays: usize,
    /// Theme-map files.
    pub theme_files: usize,
    /// Passages in all theme maps.
    pub passages: usize,
    /// Bytes of all essay files.
    pub essay_bytes: u64,
    /// Bytes of all theme-map files.
    pub theme_bytes: u64,
}

/// The id (file stem) of essay `i`.
pub fn essay_id(i: usize) -> String {
    format!("synth-{i:05}")
}

/// Generate the corpus, handing each file to `emit` as (relative path,
/// contents): the essays first, in order, then the theme maps. Only the
/// passages are kept between essays, so memory stays small.
pub fn generate_with(
    cfg: &Config,
    mut emit: impl FnMut(&str, &str) -> io::Result<()>,
) -> io::Result<Stats> {
    let mut stats = Stats::default();
    let theme_ids: Vec<String> = (0..cfg.themes).map(theme_id).collect();
    let files = cfg.theme_files.max(1);
    // Passage TOML per theme-map file; essays are spread over the files in
    // contiguous runs.
    let mut maps: Vec<String> = (0..files)
        .map(|f| map_header(cfg, f, files, &theme_ids))
        .collect();
    for i in 0..cfg.essays {
        let mut rng = Rng::new(cfg.seed ^ (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let essay = essay(cfg, i, &mut rng);
        stats.essays += 1;
        stats.essay_bytes += essay.markdown.len() as u64;
        let f = i * files / cfg.essays.max(1);
        for p in &essay.passages {
            write_passage(&mut maps[f], &essay_id(i), p, &theme_ids, &mut rng);
            stats.passages += 1;
        }
        emit(&format!("essays/{}.md", essay_id(i)), &essay.markdown)?;
    }
    for (f, text) in maps.iter().enumerate() {
        stats.theme_files += 1;
        stats.theme_bytes += text.len() as u64;
        emit(&map_file_name(f), text)?;
    }
    Ok(stats)
}

/// Generate the corpus in memory: (relative path, contents) of every file.
pub fn generate(cfg: &Config) -> (Vec<(String, String)>, Stats) {
    let mut out = Vec::new();
    let stats = generate_with(cfg, |name, text| {
        out.push((name.to_string(), text.to_string()));
        Ok(())
    })
    .expect("writing to memory cannot fail");
    (out, stats)
}

/// Write the corpus under `dir` (creating `essays/` and `themes/`).
pub fn write(dir: &Path, cfg: &Config) -> io::Result<Stats> {
    std::fs::create_dir_all(dir.join("essays"))?;
    std::fs::create_dir_all(dir.join("themes"))?;
    generate_with(cfg, |name, text| std::fs::write(dir.join(name), text))
}

fn map_file_name(f: usize) -> String {
    format!("themes/synth-{f:02}.toml")
}

// ---------------------------------------------------------------------------
// PRNG: SplitMix64, enough for varied prose and fully deterministic.

/// A tiny deterministic PRNG (SplitMix64).
pub struct Rng(u64);

impl Rng {
    /// Seeded generator.
    pub fn new(seed: u64) -> Self {
        let mut r = Rng(seed);
        r.next_u64();
        r
    }

    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0; the modulo bias is irrelevant here).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// One element of a non-empty slice.
    pub fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }
}

// ---------------------------------------------------------------------------
// Vocabulary. No digits anywhere: the reference numbers must be the only
// digits in an essay's plain text. No Markdown-active characters either.

const SUBJECTS: &[&str] = &[
    "Seoul",
    "Tokyo",
    "Washington",
    "Beijing",
    "Pyongyang",
    "the alliance",
    "the ministry",
    "the cabinet",
    "the court",
    "the treaty",
    "the agreement",
    "the public",
    "the opposition",
    "the president",
    "the prime minister",
    "the foreign minister",
    "the victims’ groups",
    "the business lobby",
    "the region",
    "each government",
    "neither side",
    "the negotiators",
    "the new administration",
    "the Blue House",
    "the Kantei",
    "the legislature",
    "civil society",
    "the press",
];

const VERBS: &[&str] = &[
    "weighed",
    "rejected",
    "revived",
    "questioned",
    "defended",
    "underestimated",
    "recalibrated",
    "postponed",
    "insisted on",
    "sought",
    "resisted",
    "welcomed",
    "abandoned",
    "reframed",
    "tested",
    "leaned on",
    "hedged against",
    "misread",
    "accepted",
    "negotiated",
    "complicated",
    "softened",
    "hardened",
    "endorsed",
    "tolerated",
    "promised",
];

const ADJECTIVES: &[&str] = &[
    "fragile",
    "durable",
    "unpopular",
    "quiet",
    "costly",
    "symbolic",
    "pragmatic",
    "bitter",
    "tentative",
    "historic",
    "narrow",
    "sweeping",
    "overdue",
    "reluctant",
    "informal",
    "binding",
    "partial",
    "careful",
    "public",
    "private",
    "domestic",
    "trilateral",
    "bilateral",
    "strategic",
];

const NOUNS: &[&str] = &[
    "apology",
    "settlement",
    "compromise",
    "framework",
    "pledge",
    "fund",
    "dialogue",
    "summit",
    "guarantee",
    "consensus",
    "reconciliation",
    "deterrence",
    "memory",
    "grievance",
    "verdict",
    "ruling",
    "export control",
    "intelligence pact",
    "security guarantee",
    "compensation scheme",
    "supply chain",
    "coalition",
    "partnership",
    "deadline",
    "concession",
    "narrative",
    "precedent",
    "mandate",
];

const PREPOSITIONS: &[&str] = &[
    "after", "before", "despite", "during", "against", "beyond", "without", "within", "under",
    "amid",
];

const CONNECTIVES: &[&str] = &[
    "but", "and", "yet", "while", "because", "although", "so", "even as", "whereas", "since",
];

const ADVERBS: &[&str] = &[
    "quietly",
    "openly",
    "once again",
    "at last",
    "in practice",
    "for now",
    "in the end",
    "from the start",
    "more than once",
    "on balance",
    "above all",
    "in effect",
];

const REF_WORDS: &[&str] = &[
    "memo", "case", "file", "item", "clause", "note", "record", "session", "brief", "cable",
];

const CJK: &[&str] = &[
    "日韓関係",
    "歴史問題",
    "慰安婦",
    "徴用工",
    "한일관계",
    "위안부",
    "강제징용",
    "和解",
    "반일",
    "外交",
];

const QUOTED: &[&str] = &[
    "final and irreversible",
    "completely and finally",
    "future-oriented",
    "a new chapter",
    "history first",
    "strategic patience",
    "value-based diplomacy",
    "the lost decade",
    "a grand bargain",
    "shuttle diplomacy",
];

const HEADINGS: &[&str] = &[
    "The Limits of Leverage",
    "What the Courts Changed",
    "Trade as a Weapon",
    "Memory and Its Politics",
    "A Narrow Path Forward",
    "The View from Seoul",
    "The View from Tokyo",
    "What Washington Can Do",
    "Why Deals Unravel",
    "Security Before Sentiment",
    "The Victims’ Voice",
    "Lessons from the Past",
    "After the Summit",
    "Recommendations",
];

const STANCES: &[&str] = &[
    "Argues the deal failed because victims were not consulted.",
    "Holds that security cooperation should be insulated from history.",
    "Sees Washington’s role as limited to quiet encouragement.",
    "Claims domestic politics, not principle, drives each reversal.",
    "Recommends a joint fund with contributions from both sides.",
    "Concedes that the treaty left individual claims unresolved.",
    "Treats the trade measures as retaliation in all but name.",
    "Warns that a rushed agreement will not survive the next election.",
    "Points to public opinion as the binding constraint.",
    "Calls for a standing trilateral mechanism.",
];

const ROLES: &[&str] = &[
    "claim",
    "evidence",
    "recommendation",
    "concession",
    "context",
];

const FIRST_NAMES: &[&str] = &[
    "Min-ji", "Hiroshi", "Sarah", "Daniel", "Yuki", "Jae-won", "Emily", "Kenji", "Soo-yeon",
    "Michael", "Aiko", "David",
];

const LAST_NAMES: &[&str] = &[
    "Kim", "Tanaka", "Smith", "Park", "Suzuki", "Lee", "Johnson", "Sato", "Choi", "Brown",
    "Yamamoto", "Cha",
];

const PUBLISHERS: &[&str] = &[
    "CSIS",
    "Brookings",
    "USIP",
    "Foreign Affairs",
    "The Diplomat",
    "East Asia Forum",
];

const KINDS: &[&str] = &["analysis", "commentary", "essay", "policy brief", "q-and-a"];

const THEME_TOPICS: &[&str] = &[
    "alliance",
    "apology",
    "courts",
    "trade",
    "memory",
    "security",
    "deterrence",
    "compensation",
    "treaty",
    "opinion",
    "elections",
    "china",
    "north-korea",
    "supply-chains",
    "intelligence",
    "diplomacy",
    "victims",
    "business",
    "media",
    "education",
];

const COLORS: &[&str] = &[
    "red", "green", "yellow", "blue", "magenta", "cyan", "gray", "#b5651d", "#ff8c00", "#20b2aa",
];

fn theme_id(t: usize) -> String {
    format!(
        "{}-{}",
        THEME_TOPICS[t % THEME_TOPICS.len()],
        t / THEME_TOPICS.len() + 1
    )
}

// ---------------------------------------------------------------------------
// Essays.

/// A word as written in Markdown and as it appears in the plain text.
#[derive(Debug, Clone)]
struct Word {
    md: String,
    plain: String,
}

impl Word {
    fn new(s: &str) -> Self {
        Word {
            md: s.to_string(),
            plain: s.to_string(),
        }
    }

    fn suffix(&mut self, s: &str) {
        self.md.push_str(s);
        self.plain.push_str(s);
    }

    fn prefix(&mut self, s: &str) {
        self.md.insert_str(0, s);
        self.plain.insert_str(0, s);
    }

    /// Safe to begin a Markdown line with (cannot start a list, heading,
    /// block quote, emphasis run…).
    fn line_safe(&self) -> bool {
        self.md.chars().next().is_some_and(char::is_alphabetic)
    }
}

/// A sentence: its words and which one holds the reference number.
#[derive(Debug, Clone)]
struct Sentence {
    words: Vec<Word>,
    number_at: usize,
}

enum Block {
    Heading(String),
    Paragraph(Vec<Sentence>),
    List(Vec<Sentence>),
    Quote(Vec<Sentence>),
}

/// A passage to write: quote, or start/end phrases (plain text).
enum Selector {
    Quote(String),
    Range(String, String),
}

struct Generated {
    markdown: String,
    passages: Vec<Selector>,
}

fn push_words(out: &mut Vec<Word>, phrase: &str) {
    out.extend(phrase.split(' ').map(Word::new));
}

fn capitalise(w: &mut Word) {
    for s in [&mut w.md, &mut w.plain] {
        if let Some(c) = s.chars().next() {
            let up: String = c.to_uppercase().collect();
            s.replace_range(..c.len_utf8(), &up);
        }
    }
}

fn noun_phrase(rng: &mut Rng, out: &mut Vec<Word>) {
    let article = out.len();
    out.push(Word::new(rng.pick(&["the", "the", "a"])));
    if rng.chance(60) {
        let adj = rng.pick(ADJECTIVES);
        let mut w = Word::new(adj);
        if rng.chance(8) {
            w.md = format!("*{adj}*");
        }
        out.push(w);
    }
    push_words(out, rng.pick(NOUNS));
    if out[article].plain == "a"
        && out[article + 1]
            .plain
            .starts_with(['a', 'e', 'i', 'o', 'u'])
    {
        out[article] = Word::new("an");
    }
}

fn clause(rng: &mut Rng, out: &mut Vec<Word>) {
    push_words(out, rng.pick(SUBJECTS));
    if rng.chance(20) {
        push_words(out, rng.pick(ADVERBS));
    }
    push_words(out, rng.pick(VERBS));
    noun_phrase(rng, out);
    if rng.chance(55) {
        push_words(out, rng.pick(PREPOSITIONS));
        noun_phrase(rng, out);
    }
}

/// "in memo 10412" or "(see note 10412)"; returns the number's index.
fn reference(rng: &mut Rng, words: &mut Vec<Word>, number: usize) -> usize {
    let reference = rng.pick(REF_WORDS);
    if rng.chance(50) {
        push_words(words, "in");
        words.push(Word::new(reference));
        words.push(Word::new(&number.to_string()));
    } else {
        words.push(Word::new("(see"));
        words.push(Word::new(reference));
        let mut n = Word::new(&number.to_string());
        n.suffix(")");
        words.push(n);
    }
    words.len() - 1
}

/// One sentence with reference number `number` (five digits).
fn sentence(rng: &mut Rng, number: usize) -> Sentence {
    let mut words = Vec::new();
    if rng.chance(15) {
        push_words(&mut words, rng.pick(ADVERBS));
        words.last_mut().expect("non-empty").suffix(",");
    }
    clause(rng, &mut words);
    // The reference number, after the first clause or at the end.
    let mut number_at = None;
    if rng.chance(40) {
        number_at = Some(reference(rng, &mut words, number));
    }
    let clauses = rng.range(0, 2);
    for _ in 0..clauses {
        match rng.below(4) {
            0 => {
                // An em dash, spaced or closed up.
                if rng.chance(50) {
                    words.push(Word::new("—"));
                } else if let Some(w) = words.last_mut() {
                    w.suffix("—");
                    let mut next = Vec::new();
                    clause(rng, &mut next);
                    let first = next.remove(0);
                    w.suffix(&first.md);
                    words.extend(next);
                    continue;
                }
            }
            1 => {
                if let Some(w) = words.last_mut() {
                    w.suffix(";");
                }
            }
            _ => {
                if let Some(w) = words.last_mut() {
                    w.suffix(",");
                }
                push_words(&mut words, rng.pick(CONNECTIVES));
            }
        }
        clause(rng, &mut words);
    }
    if rng.chance(20) {
        // A curly-quoted catchphrase.
        push_words(&mut words, if rng.chance(50) { "calling it" } else { "as" });
        let start = words.len();
        push_words(&mut words, rng.pick(QUOTED));
        words[start].prefix("“");
        words.last_mut().expect("non-empty").suffix("”");
    }
    if rng.chance(6) {
        let cjk = rng.pick(CJK);
        words.push(Word::new(&format!("({cjk})")));
    }
    let number_at = match number_at {
        Some(at) => at,
        None => reference(rng, &mut words, number),
    };
    if rng.chance(10) {
        push_words(&mut words, rng.pick(ADVERBS));
        words.last_mut().expect("non-empty").suffix("…");
    } else {
        words.last_mut().expect("non-empty").suffix(".");
    }
    capitalise(&mut words[0]);
    Sentence { words, number_at }
}

/// Wrap words into Markdown lines of about `width` bytes, breaking only
/// before words that are safe at the start of a line.
fn wrap(out: &mut String, words: &[Word], width: usize, indent: &str) {
    let mut line_len = 0;
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            if line_len + 1 + w.md.len() > width && w.line_safe() {
                out.push('\n');
                out.push_str(indent);
                line_len = indent.len();
            } else {
                out.push(' ');
                line_len += 1;
            }
        }
        out.push_str(&w.md);
        line_len += w.md.len();
    }
    out.push('\n');
}

fn flat(sentences: &[Sentence]) -> Vec<Word> {
    sentences
        .iter()
        .flat_map(|s| s.words.iter().cloned())
        .collect()
}

fn essay(cfg: &Config, i: usize, rng: &mut Rng) -> Generated {
    let mut md = String::with_capacity(cfg.essay_bytes + 1024);
    // Front matter.
    let title = format!(
        "{}: {}",
        rng.pick(HEADINGS).trim_end_matches('.'),
        rng.pick(QUOTED)
    );
    let authors: Vec<String> = (0..rng.range(1, 2))
        .map(|_| format!("{} {}", rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES)))
        .collect();
    let _ = writeln!(md, "+++");
    let _ = writeln!(md, "title = {}", toml_str(&title));
    let _ = writeln!(
        md,
        "authors = [{}]",
        authors
            .iter()
            .map(|a| toml_str(a))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let _ = writeln!(md, "publisher = {}", toml_str(rng.pick(PUBLISHERS)));
    let _ = writeln!(
        md,
        "published = \"{}-{:02}\"",
        2015 + i % 9,
        rng.range(1, 12)
    );
    let _ = writeln!(md, "kind = {}", toml_str(rng.pick(KINDS)));
    let _ = writeln!(md, "+++");

    // Body: blocks until the target size, every sentence numbered.
    let mut blocks = Vec::new();
    let mut number = 10_000;
    let mut size = md.len();
    let mut since_heading = 0;
    while size < cfg.essay_bytes {
        let mut sentences = |rng: &mut Rng, n: usize| -> Vec<Sentence> {
            (0..n)
                .map(|_| {
                    number += 1;
                    sentence(rng, number)
                })
                .collect()
        };
        let block = if since_heading >= rng.range(5, 10) {
            since_heading = 0;
            Block::Heading(rng.pick(HEADINGS).to_string())
        } else {
            since_heading += 1;
            match rng.below(14) {
                0 => {
                    let n = rng.range(3, 5);
                    Block::List(sentences(rng, n))
                }
                1 => {
                    let n = rng.range(1, 2);
                    Block::Quote(sentences(rng, n))
                }
                _ => {
                    let n = rng.range(3, 7);
                    Block::Paragraph(sentences(rng, n))
                }
            }
        };
        let before = md.len();
        md.push('\n');
        match &block {
            Block::Heading(h) => {
                let _ = writeln!(md, "## {h}");
            }
            Block::Paragraph(s) => wrap(&mut md, &flat(s), 78, ""),
            Block::List(items) => {
                for s in items {
                    md.push_str("- ");
                    wrap(&mut md, &s.words, 78, "  ");
                }
            }
            Block::Quote(s) => {
                md.push_str("> ");
                wrap(&mut md, &flat(s), 78, "> ");
            }
        }
        size += md.len() - before;
        blocks.push(block);
    }
    assert!(number < 100_000, "too many sentences for 5-digit numbers");

    // Passages: spread evenly over the numbered sentences.
    let all: Vec<&Sentence> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading(_) => None,
            Block::Paragraph(s) | Block::List(s) | Block::Quote(s) => Some(s),
        })
        .flatten()
        .collect();
    let n = cfg.passages_per_essay.min(all.len() / 2);
    let mut passages = Vec::with_capacity(n);
    for k in 0..n {
        let lo = k * all.len() / n;
        let hi = (k + 1) * all.len() / n; // exclusive, hi - lo >= 2
        if rng.chance(70) {
            let s = all[rng.range(lo, hi - 1)];
            let q = window(rng, s, 24, 14);
            passages.push(Selector::Quote(maybe_ascii(rng, q)));
        } else {
            let a = rng.range(lo, hi - 2);
            let b = rng.range(a + 1, hi - 1);
            let start = window(rng, all[a], 6, 5);
            let end = window(rng, all[b], 6, 5);
            passages.push(Selector::Range(
                maybe_ascii(rng, start),
                maybe_ascii(rng, end),
            ));
        }
    }
    Generated {
        markdown: md,
        passages,
    }
}

/// A run of the sentence's plain words around its number: up to `before`
/// words before it and 1..=`after` after it (as many as there are).
fn window(rng: &mut Rng, s: &Sentence, before: usize, after: usize) -> String {
    let from = s.number_at.saturating_sub(rng.range(2, before));
    let to = (s.number_at + rng.range(1, after)).min(s.words.len());
    let words: Vec<&str> = s.words[from..to.max(s.number_at + 1)]
        .iter()
        .map(|w| w.plain.as_str())
        .collect();
    words.join(" ")
}

/// A third of the phrases are typed with straight quotes and hyphens.
fn maybe_ascii(rng: &mut Rng, s: String) -> String {
    if rng.chance(33) {
        s.replace(['“', '”'], "\"")
            .replace('’', "'")
            .replace('—', "-")
            .replace('…', "...")
    } else {
        s
    }
}

// ---------------------------------------------------------------------------
// Theme maps.

fn toml_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn map_header(cfg: &Config, f: usize, files: usize, theme_ids: &[String]) -> String {
    let mut out = String::new();
    let mut rng = Rng::new(cfg.seed ^ 0xA11CE ^ f as u64);
    let _ = writeln!(out, "[map]");
    let _ = writeln!(
        out,
        "title = {}",
        toml_str(&format!("Synthetic corpus, part {} of {files}", f + 1))
    );
    let _ = writeln!(
        out,
        "description = \"Generated for benchmarks; the essays are nonsense with a plausible shape.\""
    );
    for (t, id) in theme_ids.iter().enumerate() {
        if t % files != f {
            continue;
        }
        let _ = writeln!(out, "\n[[themes]]");
        let _ = writeln!(out, "id = {}", toml_str(id));
        let _ = writeln!(
            out,
            "title = {}",
            toml_str(&format!(
                "{} and {}",
                capitalised(rng.pick(NOUNS)),
                rng.pick(NOUNS)
            ))
        );
        let _ = writeln!(
            out,
            "question = {}",
            toml_str(&format!(
                "Is the {} {} worth the {}?",
                rng.pick(ADJECTIVES),
                rng.pick(NOUNS),
                rng.pick(NOUNS)
            ))
        );
        let _ = writeln!(out, "color = {}", toml_str(COLORS[t % COLORS.len()]));
    }
    if f == 0 && !theme_ids.is_empty() {
        for tour in 0..2 {
            let _ = writeln!(out, "\n[[tours]]");
            let _ = writeln!(out, "id = \"tour-{}\"", ["a", "b"][tour]);
            let _ = writeln!(
                out,
                "title = {}",
                toml_str(&format!("Seminar: {}", rng.pick(HEADINGS)))
            );
            for _ in 0..5 {
                let _ = writeln!(out, "\n[[tours.steps]]");
                let _ = writeln!(
                    out,
                    "theme = {}",
                    toml_str(&theme_ids[rng.below(theme_ids.len())])
                );
                // No `essays`: the step shows every essay on its theme. The
                // header is written before the passages are drawn, so a
                // chosen list could name essays with nothing on the theme,
                // which `check` rightly warns about.
                let _ = writeln!(
                    out,
                    "prompt = {}",
                    toml_str(&format!("Who is right about the {}?", rng.pick(NOUNS)))
                );
            }
        }
    }
    out
}

fn capitalised(s: &str) -> String {
    let mut w = Word::new(s);
    capitalise(&mut w);
    w.plain
}

fn write_passage(out: &mut String, essay: &str, p: &Selector, theme_ids: &[String], rng: &mut Rng) {
    let _ = writeln!(out, "\n[[passages]]");
    let _ = writeln!(out, "essay = {}", toml_str(essay));
    let mut themes: Vec<&String> = Vec::new();
    for _ in 0..rng.range(1, 3) {
        let t = &theme_ids[rng.below(theme_ids.len())];
        if !themes.contains(&t) {
            themes.push(t);
        }
    }
    let list: Vec<String> = themes.iter().map(|t| toml_str(t)).collect();
    let _ = writeln!(out, "themes = [{}]", list.join(", "));
    match p {
        Selector::Quote(q) => {
            let _ = writeln!(out, "quote = {}", toml_str(q));
        }
        Selector::Range(s, e) => {
            let _ = writeln!(out, "start = {}", toml_str(s));
            let _ = writeln!(out, "end = {}", toml_str(e));
        }
    }
    let _ = writeln!(out, "stance = {}", toml_str(rng.pick(STANCES)));
    let _ = writeln!(out, "role = {}", toml_str(rng.pick(ROLES)));
    if rng.chance(10) {
        let _ = writeln!(
            out,
            "note = {}",
            toml_str(&format!(
                "Compare with the {} view of the {}.",
                rng.pick(ADJECTIVES),
                rng.pick(NOUNS)
            ))
        );
    }
}
