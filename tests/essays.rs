//! The built-in essays against their sources: each body is the author's
//! text, verbatim from the scrape in tests/seeds (copied from the shared
//! seeds so the test runs on a clean clone), with the site furniture —
//! captions, credits, bios, "related" lists, newsletter prompts — removed.

mod common;

use std::path::Path;

use parallax::corpus::markdown::BlockKind;

/// Essay id → the seed scrape it was extracted from (tools/make_essays.py).
const SOURCES: [(&str, &str); 6] = [
    ("hawley-leopold-2021", "000_e1da09e7dc512ea8.txt"),
    ("park-silverberg-2019", "001_7e63802d1efa8a75.txt"),
    ("aum-2022", "002_6a7852b80afaab54.txt"),
    ("cha-johnstone-2023", "003_71a8bba043e47197.txt"),
    ("sneider-2021", "004_dd07f4dc845e96af.txt"),
    ("park-2021", "004_dd07f4dc845e96af.txt"),
];

/// Page furniture found in the seeds; none of it belongs in an essay body.
const BOILERPLATE: &[&str] = &[
    // Photo captions and credits.
    "Photo Source",
    "Source:",
    "GETTY IMAGES",
    "Getty",
    "Kenny Holston",
    "The New York Times)",
    "Kim Kyung-Hoon, Bloomberg",
    "Executive Office of the President",
    "Graph depicting",
    "A woman holds a portrait",
    "U.S. President Joe Biden, center, meets",
    "at a press conference in Washington reaffirming",
    "meet in Washington D.C.",
    // Bylines and standfirsts (kept in front matter, not the body).
    "by Bennett Hawley & Alex Leopold",
    "October 8th, 2021",
    "This weekend's G-20 efforts are likely to flop",
    "USIP’s Frank Aum looks at",
    "From the Editor",
    "In the 23rd issue of the Debating Japan",
    "Prof. Daniel Sneider",
    "Dr. Cheol Hee Park",
    "Lecturer, International Policy and East Asian Studies",
    "Professor, Graduate School of International Studies",
    "Senior Vice President for Asia and Korea Chair",
    // Author and editor bios.
    "About the Author",
    "About the Editor",
    "is a professor at",
    "is a lecturer in",
    "is senior vice president",
    "is the president of the Sejong Society",
    "has worked in strategic advisory",
    "is a dual-degree candidate",
    "is a 3rd year in the International Honors",
    "is a research associate",
    "former foreign correspondent",
    // Related lists, publication metadata, site footers and prompts.
    "Related Publications",
    "View All Publications",
    "Type: Question and Answer",
    "Type: Analysis",
    "Global Policy",
    "By: ",
    "Whither NATO",
    "Myanmar’s Collapsing Military",
    "Singapore Handles",
    "RESOLVED:",
    "Kato Award",
    "Timeline of Japan-South Korea Relations",
    "Read the 2021 working papers",
    "Listen to the latest episodes",
    "Apple and Spotify",
    "At the Onero Institute, we strive",
    "engage@oneroinstitute.org",
    "newsletter",
    "Newsletter",
    "Subscribe",
    "subscribe",
    "Sign up",
    "sign up",
    "Share this",
    "Share on",
];

/// Seed lines an extraction drops although they sit between an essay's
/// first and last paragraph: photo captions and credits, nothing else.
const DROPPED: &[(&str, &[&str])] = &[(
    "hawley-leopold-2021",
    &[
        "South Korea's First Vice Foreign Minister Lim Sung Nam",
        "Source: Getty/Kyodo",
        "Japanese Prime Minister Yoshihide Suga, Indian Prime Minister",
        "Source:\u{a0} Executive Office of the President",
        "Graph depicting the reliance of Japan and South Korea",
    ],
)];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

use common::builtin_corpus as builtin;

fn seed_lines(id: &str) -> Vec<String> {
    let (_, file) = SOURCES
        .iter()
        .find(|(e, _)| *e == id)
        .unwrap_or_else(|| panic!("no seed for {id}"));
    let text = std::fs::read_to_string(root().join("tests/seeds").join(file))
        .unwrap_or_else(|e| panic!("tests/seeds/{file}: {e}"));
    text.split('\n').map(|l| l.trim_end().to_string()).collect()
}

/// The Markdown body of `essays/<id>.md`: what follows the closing `+++`.
fn raw_body(id: &str) -> String {
    let md = std::fs::read_to_string(root().join("essays").join(format!("{id}.md"))).unwrap();
    let mut parts = md.splitn(3, "+++\n");
    assert_eq!(parts.next(), Some(""), "{id}: front matter first");
    parts.next().expect("front matter");
    parts.next().expect("body").to_string()
}

/// A seed line as the essay carries it: bullets (`  • item`) lose the bullet.
fn as_item(seed_line: &str) -> Option<&str> {
    seed_line.trim().strip_prefix('•').map(str::trim)
}

/// Where each non-empty Markdown body line comes from in the seed, in order.
/// Headings are `## <seed line>`, list items `- <bulleted seed line>`,
/// paragraphs a seed line as is.
fn locate(id: &str) -> Vec<usize> {
    let seed = seed_lines(id);
    let mut at = Vec::new();
    let mut from = 0;
    for line in raw_body(id).lines().filter(|l| !l.trim().is_empty()) {
        let found = if let Some(h) = line.strip_prefix("## ") {
            (from..seed.len()).find(|&i| seed[i] == h)
        } else if let Some(item) = line.strip_prefix("- ") {
            (from..seed.len()).find(|&i| as_item(&seed[i]) == Some(item))
        } else {
            (from..seed.len()).find(|&i| seed[i] == line)
        };
        let i = found.unwrap_or_else(|| {
            panic!("{id}: body line not verbatim (or out of order) in its seed:\n{line}")
        });
        at.push(i);
        from = i + 1;
    }
    at
}

#[test]
fn every_essay_has_a_seed_and_every_seed_a_file() {
    let c = builtin();
    let ids: Vec<&str> = c.essays.iter().map(|e| e.id.as_str()).collect();
    let mut mapped: Vec<&str> = SOURCES.iter().map(|(id, _)| *id).collect();
    mapped.sort_unstable();
    assert_eq!(ids, mapped);
    for (_, file) in SOURCES {
        assert!(root().join("tests/seeds").join(file).is_file(), "{file}");
    }
}

#[test]
fn bodies_have_no_site_boilerplate() {
    for e in builtin().essays {
        let raw = raw_body(&e.id);
        for b in BOILERPLATE {
            assert!(!e.text.contains(b), "{}: {b:?} in the body", e.id);
            assert!(!raw.contains(b), "{}: {b:?} in the Markdown", e.id);
        }
    }
}

#[test]
fn every_body_line_is_verbatim_from_its_seed_in_order() {
    for (id, _) in SOURCES {
        let at = locate(id);
        assert!(at.len() >= 5, "{id}: only {} paragraphs", at.len());
    }
}

/// Between an essay's first and last paragraph, the extraction drops only
/// known captions: no paragraph of the author's is lost.
#[test]
fn nothing_between_first_and_last_paragraph_is_dropped_but_captions() {
    for (id, _) in SOURCES {
        let seed = seed_lines(id);
        let at = locate(id);
        let (first, last) = (at[0], *at.last().unwrap());
        let dropped: Vec<&str> = (first..=last)
            .filter(|i| !at.contains(i) && !seed[*i].trim().is_empty())
            .map(|i| seed[i].as_str())
            .collect();
        let expected = DROPPED
            .iter()
            .find(|(e, _)| *e == id)
            .map_or(&[][..], |(_, d)| d);
        assert_eq!(dropped.len(), expected.len(), "{id}: dropped {dropped:#?}");
        for (line, prefix) in dropped.iter().zip(expected) {
            assert!(line.starts_with(prefix), "{id}: dropped {line:?}");
        }
    }
}

/// The Markdown parse keeps the words: every block of the plain text is a
/// seed line (heading, paragraph, list item) character for character, so
/// no `*`, `_`, `<` or `[` in an author's text was taken for markup.
#[test]
fn parsed_blocks_are_verbatim_seed_lines() {
    for e in builtin().essays {
        let seed = seed_lines(&e.id);
        assert!(!e.blocks.is_empty());
        for b in &e.blocks {
            let text = &e.text[b.range.clone()];
            let ok = match b.kind {
                BlockKind::ListItem => seed.iter().any(|l| as_item(l) == Some(text)),
                BlockKind::Heading(2) | BlockKind::Paragraph => seed.iter().any(|l| l == text),
                other => panic!("{}: unexpected {other:?} block: {text}", e.id),
            };
            assert!(ok, "{}: block not verbatim in its seed:\n{text}", e.id);
        }
        // Blocks tile the text: separated by "\n\n", list items by "\n".
        let mut end = 0;
        for b in &e.blocks {
            let gap = &e.text[end..b.range.start];
            assert!(gap.is_empty() || gap == "\n" || gap == "\n\n", "{gap:?}");
            end = b.range.end;
        }
        assert_eq!(end, e.text.len());
    }
}

#[test]
fn aum_list_items_are_one_list_from_the_bullets() {
    let c = builtin();
    let e = &c.essays[c.essay_index("aum-2022").unwrap()];
    let items: Vec<&str> = e
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::ListItem)
        .map(|b| &e.text[b.range.clone()])
        .collect();
    let seed = seed_lines("aum-2022");
    let bullets: Vec<&str> = seed.iter().filter_map(|l| as_item(l)).collect();
    assert_eq!(items, bullets);
    assert_eq!(items.len(), 4);
    // One tight list: items joined by single newlines.
    let first = e
        .blocks
        .iter()
        .position(|b| b.kind == BlockKind::ListItem)
        .unwrap();
    for pair in e.blocks[first..first + 4].windows(2) {
        assert_eq!(&e.text[pair[0].range.end..pair[1].range.start], "\n");
    }
}

/// Front matter: only what the source states; bios and editors'
/// introductions moved out of the body, not lost.
#[test]
fn front_matter_of_the_builtin_essays() {
    let c = builtin();
    let meta = |id: &str| &c.essays[c.essay_index(id).unwrap()].meta;

    let m = meta("hawley-leopold-2021");
    assert_eq!(m.authors, ["Bennett Hawley", "Alex Leopold"]);
    assert_eq!(m.published.as_deref(), Some("2021-10-08"));
    assert_eq!(m.publisher.as_deref(), Some("Onero Institute"));
    assert!(m
        .about
        .as_deref()
        .unwrap()
        .contains("Bennett Hawley is a 3rd year"));

    let m = meta("aum-2022");
    assert_eq!(m.title, None, "the Q&A page gives no title");
    assert_eq!(m.display_title(), "USIP q-and-a");
    assert_eq!(m.kind.as_deref(), Some("q-and-a"));
    assert!(m
        .intro
        .as_deref()
        .unwrap()
        .contains("USIP’s Frank Aum looks at"));

    let m = meta("cha-johnstone-2023");
    assert_eq!(m.authors, ["Victor Cha", "Christopher Johnstone"]);
    assert_eq!(m.published, None, "the page states no date");
    assert!(m
        .about
        .as_deref()
        .unwrap()
        .contains("Victor Cha is senior vice president"));

    let m = meta("park-silverberg-2019");
    assert_eq!(
        m.subtitle.as_deref(),
        Some("This weekend's G-20 efforts are likely to flop as old quarrels emerge.")
    );

    for id in ["sneider-2021", "park-2021"] {
        let m = meta(id);
        assert_eq!(m.kind.as_deref(), Some("debate"));
        assert_eq!(
            m.debate.as_deref(),
            Some("RESOLVED: The United States Can Fix the Japan-South Korea Problem")
        );
        assert_eq!(m.editor.as_deref(), Some("Hannah Fodale"));
        assert!(m.intro.as_deref().unwrap().contains("In the 23rd issue"));
    }
    assert!(meta("park-2021")
        .about
        .as_deref()
        .unwrap()
        .contains("CHEOL HEE PARK is a professor at"));
    for e in &c.essays {
        assert!(!e.meta.authors.is_empty(), "{}", e.id);
        assert!(
            !e.text.chars().any(|c| c.is_control() && c != '\n'),
            "{}",
            e.id
        );
    }
}
