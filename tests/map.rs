//! The built-in theme map as a teacher relies on it: the four named themes
//! tag what the authors argue (theses and closes included), one passage's
//! words never carry two roles, and marginal tags stay off.

mod common;

use parallax::corpus::Corpus;
use parallax::mapping::Role;

use common::builtin_corpus as builtin;

/// The passage of `essay` that contains `words`, with its theme ids and role.
fn tagged(c: &Corpus, essay: &str, words: &str) -> Vec<(Vec<String>, Option<Role>)> {
    let e = c.essay_index(essay).expect("essay");
    c.passages_in(e)
        .iter()
        .filter(|&&p| c.passage_text(p).contains(words))
        .map(|&p| {
            let pass = c.passage(p);
            let ids = pass.themes.iter().map(|&t| c.theme(t).id.clone()).collect();
            (ids, pass.role)
        })
        .collect()
}

fn has_theme(c: &Corpus, essay: &str, words: &str, theme: &str) -> bool {
    tagged(c, essay, words)
        .iter()
        .any(|(ids, _)| ids.iter().any(|t| t == theme))
}

#[test]
fn overlapping_passages_never_give_the_same_words_two_roles() {
    let c = builtin();
    let mut conflicts = Vec::new();
    for e in 0..c.essays.len() {
        let ps = c.passages_in(e);
        for (i, &a) in ps.iter().enumerate() {
            for &b in &ps[i + 1..] {
                let (pa, pb) = (c.passage(a), c.passage(b));
                let overlap = pb.range.start < pa.range.end && pa.range.start < pb.range.end;
                if overlap && pa.role != pb.role {
                    conflicts.push(format!("{} / {}", pa.defined_at, pb.defined_at));
                }
            }
        }
    }
    assert!(
        conflicts.is_empty(),
        "same words, two roles: {conflicts:#?}"
    );
}

#[test]
fn theses_and_closes_are_tagged_on_the_four_named_themes() {
    let c = builtin();
    let cases = [
        (
            "park-2021",
            "There are several reasons why the United States cannot",
            "us-role",
        ),
        (
            "sneider-2021",
            "The burden of the past cannot be easily overcome.",
            "us-role",
        ),
        (
            "sneider-2021",
            "The burden of the past cannot be easily overcome.",
            "reconciliation",
        ),
        (
            "hawley-leopold-2021",
            "First, American leadership in service of promoting multilateralism",
            "gsomia",
        ),
        (
            "park-silverberg-2019",
            "Past bilateral efforts to address painful historical differences",
            "reconciliation",
        ),
        (
            "park-silverberg-2019",
            "Finally, the United States must help both countries tackle their history.",
            "us-role",
        ),
        (
            "cha-johnstone-2023",
            "The third reason for optimism is timing.",
            "deal-2015",
        ),
        (
            "hawley-leopold-2021",
            "Thus, the Biden Administration should prioritize",
            "us-role",
        ),
        (
            "sneider-2021",
            "The current tensions between Japan and South Korea are rooted",
            "reconciliation",
        ),
        (
            "cha-johnstone-2023",
            "after the rain, the ground hardens",
            "us-role",
        ),
    ];
    let missing: Vec<_> = cases
        .iter()
        .filter(|(e, w, t)| !has_theme(&c, e, w, t))
        .collect();
    assert!(missing.is_empty(), "untagged: {missing:#?}");
}

#[test]
fn marginal_tags_are_gone_and_named_roles_are_right() {
    let c = builtin();
    // The 2018 radar incident is not GSOMIA; the March 2019 boycott predates
    // the export controls.
    assert!(!has_theme(
        &c,
        "sneider-2021",
        "fire-control radar",
        "gsomia"
    ));
    assert!(!has_theme(
        &c,
        "park-silverberg-2019",
        "nationwide boycott",
        "trade-war"
    ));
    let role = |e: &str, w: &str| {
        let t = tagged(&c, e, w);
        assert_eq!(t.len(), 1, "{e}: {w} is in {} passages", t.len());
        t[0].1
    };
    assert_eq!(
        role("aum-2022", "Overall, this line of thinking contends"),
        Some(Role::Context)
    );
    assert_eq!(
        role(
            "sneider-2021",
            "There are potential solutions to these problems"
        ),
        Some(Role::Context)
    );
    assert_eq!(
        role("aum-2022", "Of course, South Korea can contribute"),
        Some(Role::Claim)
    );
    assert_eq!(
        role(
            "park-silverberg-2019",
            "No amount of geopolitical and economic statecraft"
        ),
        Some(Role::Claim)
    );
    // Aum reports what the administration "may also be suggesting".
    assert_eq!(
        role("aum-2022", "Re-establishing the trilateral mechanism"),
        Some(Role::Context)
    );
    assert_eq!(
        role("aum-2022", "Strengthening cooperation on critical economic"),
        Some(Role::Context)
    );
}

#[test]
fn outside_facts_in_notes_are_marked_and_dated() {
    let c = builtin();
    let notes: Vec<&str> = c
        .map
        .passages
        .iter()
        .filter_map(|p| p.note.as_deref())
        .collect();
    let marked: Vec<&&str> = notes
        .iter()
        .filter(|n| n.contains("Outside the corpus"))
        .collect();
    for fact in [
        "¥1 billion",
        "November 2016",
        "December 2017",
        "district court",
        "April 2025",
    ] {
        assert!(marked.iter().any(|n| n.contains(fact)), "no note on {fact}");
    }
    // Every such mark carries its year: "Outside the corpus (2016): …".
    for n in notes {
        for (i, _) in n.match_indices("Outside the corpus") {
            let rest = &n[i + "Outside the corpus".len()..];
            assert!(
                rest.starts_with(" (") && rest[2..6].chars().all(|ch| ch.is_ascii_digit()),
                "{n}"
            );
        }
    }
}

/// The built-in map resolved from pieces cut at every `[[themes]]` and
/// `[[passages]]` (as a large map is read) is the map resolved whole:
/// the same themes, passages (with their `file:line`), tours and
/// problems, and the `[map]` description kept when there is no title.
#[test]
fn a_map_resolved_from_pieces_is_the_map_resolved_whole() {
    use parallax::diag::Source;
    use parallax::mapping::{read_in_pieces, resolve_read};
    let c = builtin();
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/themes/japan-korea.toml"
    ))
    .unwrap();
    let untitled = text.replacen("title = \"Japan–South Korea: how to mend it\"\n", "", 1);
    assert_ne!(untitled, text);
    for text in [text, untitled] {
        let files = vec![Source::new("themes/japan-korea.toml", text)];
        let resolve = |above: usize| {
            let mut diags = Vec::new();
            let read = read_in_pieces(&files, above, 0);
            let map = resolve_read(&files, read, &c.essays, &mut diags);
            let diags: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
            (format!("{map:?}"), diags)
        };
        let (whole, pieces) = (resolve(usize::MAX), resolve(0));
        assert!(
            whole.0.contains("description: Some(\"Six voices"),
            "{}",
            whole.0
        );
        assert_eq!(whole, pieces);
    }
}

/// A passage whose quote is not found is kept as an orphan with its quote
/// as written (for the problems list), whatever essay it names.
#[test]
fn an_orphan_keeps_its_quote_as_written() {
    use parallax::diag::Source;
    use parallax::mapping::anchor::Selector;
    use parallax::mapping::resolve;
    let c = builtin();
    let essay = &c.essays[0].id;
    let text = format!(
        "[[themes]]\nid = \"t\"\ntitle = \"T\"\n\n[[passages]]\nessay = \"{essay}\"\n\
         themes = [\"t\"]\nquote = \"words no essay has, zqxj\"\nstance = \"s\"\n"
    );
    let mut diags = Vec::new();
    let map = resolve(&[Source::new("themes/m.toml", text)], &c.essays, &mut diags);
    assert_eq!(map.orphans.len(), 1, "{diags:?}");
    assert_eq!(
        map.orphans[0].selector,
        Selector::Quote("words no essay has, zqxj".into())
    );
}
