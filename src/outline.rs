//! An essay's outline: its headings and its themed passages, in text
//! order, each with the first words — what the reader's outline overlay
//! lists and filters.

use crate::corpus::markdown::BlockKind;
use crate::corpus::Corpus;
use crate::paragraph::{self, Number};

/// How many characters of a passage's opening words an item keeps.
pub const FIRST_WORDS: usize = 120;

/// What an outline item points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A heading of this level (1–6).
    Heading(u8),
    /// A passage (index into the map's passages); when several passages
    /// start at the same place with the same words (one per theme), the
    /// first, the others in [`Item::passages`].
    Passage(usize),
}

/// One line of the outline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// Heading or passage.
    pub kind: Kind,
    /// Byte offset of its start in the essay's text.
    pub offset: usize,
    /// A passage's themes (indices), in the map's order; empty for headings.
    pub themes: Vec<usize>,
    /// Every passage this item stands for (empty for headings).
    pub passages: Vec<usize>,
    /// A heading's text, or a passage's first words (ending "…" when cut).
    pub text: String,
    /// The paragraph it starts in (None for a heading).
    pub paragraph: Option<Number>,
}

/// The outline of essay `e`: headings and passages ordered by where they
/// start (a heading before a passage starting at the same place).
pub fn outline(corpus: &Corpus, e: usize) -> Vec<Item> {
    let essay = &corpus.essays[e];
    let mut items: Vec<Item> = essay
        .blocks
        .iter()
        .filter_map(|b| match b.kind {
            BlockKind::Heading(level) => Some(Item {
                kind: Kind::Heading(level),
                offset: b.range.start,
                themes: Vec::new(),
                passages: Vec::new(),
                text: first_words(&essay.text[b.range.clone()], FIRST_WORDS),
                paragraph: None,
            }),
            _ => None,
        })
        .collect();
    let numbers = paragraph::numbers(essay);
    for &p in corpus.passages_in(e) {
        let pass = corpus.passage(p);
        let text = first_words(corpus.passage_text(p), FIRST_WORDS);
        // The same words tagged twice (once per theme) are one line.
        if let Some(last) = items.last_mut().filter(|i| {
            matches!(i.kind, Kind::Passage(_)) && i.offset == pass.range.start && i.text == text
        }) {
            last.passages.push(p);
            last.themes.extend(&pass.themes);
            last.themes.sort_unstable();
            last.themes.dedup();
            continue;
        }
        let mut themes = pass.themes.clone();
        themes.sort_unstable();
        // The block the passage starts in: its paragraph number.
        let block = essay
            .blocks
            .partition_point(|b| b.range.end <= pass.range.start);
        items.push(Item {
            kind: Kind::Passage(p),
            offset: pass.range.start,
            themes,
            passages: vec![p],
            text,
            paragraph: numbers.get(block).copied().flatten(),
        });
    }
    // Stable: headings were pushed first, so they win ties.
    items.sort_by_key(|i| i.offset);
    items
}

/// The first words of `s`, whitespace collapsed, at most `max` characters,
/// cut at a word boundary and ending "…" when cut.
pub fn first_words(s: &str, max: usize) -> String {
    let mut out = String::new();
    let mut count = 0;
    for word in s.split_whitespace() {
        let n = word.chars().count();
        let sep = usize::from(!out.is_empty());
        if count + sep + n > max {
            if out.is_empty() {
                // One very long word: cut inside it.
                out.extend(word.chars().take(max.saturating_sub(1)));
            }
            out.push('…');
            return out;
        }
        if sep == 1 {
            out.push(' ');
        }
        out.push_str(word);
        count += sep + n;
    }
    out
}

/// What a filter typed in the outline matches for an item: its text, its
/// themes' ids and titles, and its paragraph ("¶12"), on one line.
pub fn search_text(corpus: &Corpus, item: &Item) -> String {
    let mut out = item.text.clone();
    for &t in &item.themes {
        let th = corpus.theme(t);
        out.push_str(&format!(" · {} {}", th.id, th.title));
    }
    if let Some(n) = item.paragraph {
        out.push_str(&format!(" · ¶{n}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{files, load};

    use crate::corpus::builtin_for_tests as builtin;

    #[test]
    fn first_words_cut_at_a_word_boundary() {
        assert_eq!(first_words("  one\ntwo   three ", 40), "one two three");
        assert_eq!(first_words("one two three", 9), "one two…");
        assert_eq!(first_words("abcdefghij", 5), "abcd…");
    }

    #[test]
    fn outline_interleaves_headings_and_passages_in_text_order() {
        let c = builtin();
        let e = c.essay_index("aum-2022").unwrap();
        let items = outline(&c, e);
        let headings = items
            .iter()
            .filter(|i| matches!(i.kind, Kind::Heading(_)))
            .count();
        let passages = items.len() - headings;
        assert!(headings >= 3, "aum-2022 keeps its questions as headings");
        let covered: usize = items.iter().map(|i| i.passages.len()).sum();
        assert_eq!(covered, c.passages_in(e).len(), "every passage is listed");
        assert!(passages <= covered);
        assert!(items.windows(2).all(|w| w[0].offset <= w[1].offset));
        // The q-and-a opens with a question: the outline starts with it,
        // and headings carry no paragraph number.
        assert!(matches!(items[0].kind, Kind::Heading(_)), "{:?}", items[0]);
        assert!(items
            .iter()
            .all(|i| matches!(i.kind, Kind::Heading(_)) == i.paragraph.is_none()));
        // A passage item shows the passage's own opening words.
        let p = items
            .iter()
            .find_map(|i| match i.kind {
                Kind::Passage(p) => Some((p, &i.text)),
                _ => None,
            })
            .unwrap();
        let words: Vec<&str> = c.passage_text(p.0).split_whitespace().take(3).collect();
        assert!(p.1.starts_with(&words.join(" ")), "{}", p.1);
    }

    #[test]
    fn the_same_words_on_two_themes_are_one_line_with_both() {
        // A map may tag the same words twice, once per theme, each with
        // its own stance (the built-in map no longer does).
        let essay =
            "+++\nauthors = [\"A. Author\"]\n+++\nFirst sentence here. Second one follows.\n";
        let map = r#"
[[themes]]
id = "a"
title = "A"
[[themes]]
id = "b"
title = "B"
[[passages]]
essay = "e"
themes = ["a"]
quote = "First sentence here."
stance = "On A."
[[passages]]
essay = "e"
themes = ["b"]
quote = "First sentence here."
stance = "On B."
[[passages]]
essay = "e"
themes = ["b"]
quote = "Second one follows."
stance = "Also on B."
"#;
        let l = load(files::CorpusFiles {
            name: "test".into(),
            essays: vec![files::InputFile::memory("e.md", essay)],
            themes: vec![files::InputFile::memory("m.toml", map)],
            diagnostics: Vec::new(),
        });
        assert!(!l.has_errors());
        let c = l.corpus;
        let items = outline(&c, 0);
        assert_eq!(items.len(), 2, "{items:?}");
        let merged: Vec<&Item> = items.iter().filter(|i| i.passages.len() > 1).collect();
        assert_eq!(merged.len(), 1, "{items:?}");
        for i in merged {
            let mut want: Vec<usize> = i
                .passages
                .iter()
                .flat_map(|&p| c.passage(p).themes.clone())
                .collect();
            want.sort_unstable();
            want.dedup();
            assert_eq!(i.themes, want);
        }
        let texts: Vec<(&str, usize)> = items.iter().map(|i| (i.text.as_str(), i.offset)).collect();
        let mut dedup = texts.clone();
        dedup.dedup();
        assert_eq!(texts, dedup, "no line repeated");
    }

    #[test]
    fn search_text_names_the_themes_and_the_paragraph() {
        let c = builtin();
        let e = c.essay_index("hawley-leopold-2021").unwrap();
        let gsomia = c.theme_index("gsomia").unwrap();
        let items = outline(&c, e);
        let on_gsomia: Vec<&Item> = items
            .iter()
            .filter(|i| i.themes.contains(&gsomia))
            .collect();
        assert!(!on_gsomia.is_empty());
        for item in on_gsomia {
            let s = search_text(&c, item);
            assert!(
                s.contains("gsomia") && s.contains("GSOMIA and intelligence sharing"),
                "{s}"
            );
            assert!(s.contains(&format!("¶{}", item.paragraph.unwrap())), "{s}");
        }
    }
}
