//! Fuzzing by property tests (the stable toolchain has no cargo-fuzz): the
//! file decoder, the front matter and Markdown parser, the theme-map reader
//! and anchoring, fed arbitrary bytes and arbitrary TOML- and
//! Markdown-shaped text. Whatever comes in: no panic, every diagnostic
//! points inside its file and renders without a control character, and
//! everything the corpus holds (text, ranges) is well formed.
//!
//! `PROPTEST_CASES` sets the number of cases per property (256 by
//! default); `tools/fuzz-long.sh` runs them for as long as asked.

use parallax::corpus::{self, files, CorpusFiles, Essay, InputFile};
use parallax::diag::{Diagnostic, Source};
use parallax::mapping::anchor::{anchor_all, Selector};
use proptest::prelude::*;

/// Nothing a terminal would act on.
fn terminal_safe(s: &str) -> bool {
    !s.chars().any(|c| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    })
}

/// A diagnostic points inside its file, and renders safely in both modes.
fn check_diagnostic(d: &Diagnostic) {
    if let Some((src, span)) = &d.location {
        assert!(span.start <= span.end, "{span:?}");
        assert!(
            span.end <= src.text.len() + 1,
            "{span:?} past {}",
            src.text.len()
        );
        let (line, _) = src.line_col(span.start);
        assert!(line <= src.text.matches('\n').count() + 1);
    }
    let plain = d.render(false);
    assert!(terminal_safe(&plain), "{plain:?}");
    assert!(
        plain.len() < 20_000,
        "a diagnostic of {} bytes",
        plain.len()
    );
    // With colour, only SGR sequences are added.
    let colored = d.render(true);
    let stripped: String = colored
        .split('\u{1b}')
        .enumerate()
        .map(|(i, part)| {
            if i == 0 {
                part.to_string()
            } else {
                let end = part.find('m').expect("an SGR sequence ends in m");
                part[end + 1..].to_string()
            }
        })
        .collect();
    assert!(terminal_safe(&stripped), "{colored:?}");
}

/// The text of an essay, and every range into it, well formed.
fn check_essay(e: &Essay) {
    assert!(terminal_safe(&e.text), "{:?}", e.text);
    let mut last_end = 0;
    for b in &e.blocks {
        assert!(b.range.start <= b.range.end && b.range.end <= e.text.len());
        assert!(e.text.is_char_boundary(b.range.start) && e.text.is_char_boundary(b.range.end));
        assert!(b.range.start >= last_end, "blocks overlap: {:?}", e.blocks);
        last_end = b.range.end;
    }
    for s in &e.spans {
        assert!(s.range.start <= s.range.end && s.range.end <= e.text.len());
        assert!(e.text.is_char_boundary(s.range.start) && e.text.is_char_boundary(s.range.end));
    }
}

/// Text made of pieces that matter to Markdown, to front matter and to
/// the text safety rules.
fn markdownish() -> impl Strategy<Value = String> {
    const PIECES: &[&str] = &[
        "# ",
        "###### ",
        "####### ",
        "> ",
        ">> ",
        "- ",
        "* ",
        "+ ",
        "1. ",
        "10) ",
        "```",
        "~~~",
        "    ",
        "\t",
        "**",
        "*",
        "__",
        "_",
        "`",
        "~~",
        "[",
        "](",
        ")",
        "![",
        "<",
        ">",
        "&amp;",
        "&#0;",
        "<!-- ",
        " -->",
        "<div>",
        "\\",
        "|",
        "---",
        "===",
        "\n",
        "\n\n",
        "\r\n",
        "\r",
        "word",
        "Wort",
        "é",
        "中文",
        "🙂",
        "\u{1b}[2J",
        "\u{7}",
        "\u{0}",
        "\u{9b}",
        "\u{202e}",
        "\u{2066}",
        "\u{feff}",
        "\u{ad}",
        "\u{200b}",
        "“",
        "”",
        "—",
        "…",
        "...",
        "+++",
        "+++\n",
        " ",
        "  \n",
        "[^1]",
        "[^1]: note",
        "<https://x.y>",
        "$x$",
    ];
    prop::collection::vec(prop::sample::select(PIECES), 0..120).prop_map(|v| v.concat())
}

/// Prose, mostly: words, punctuation, `*` runs, spaces and line breaks,
/// with now and then what makes a block something else.
fn proseish() -> impl Strategy<Value = String> {
    const PIECES: &[&str] = &[
        "word",
        "Word",
        "x",
        "2015",
        "1990s",
        "3.5",
        "1.",
        "2)",
        "é",
        "中文",
        "“",
        "”",
        "—",
        " ",
        " ",
        " ",
        "  ",
        "\n",
        "\n",
        "\n\n",
        "\n\n\n",
        "  \n",
        " \n",
        "\n  ",
        "\n    ",
        "*",
        "*",
        "**",
        "***",
        ".",
        ",",
        ";",
        "(",
        ")",
        "\"",
        "'",
        "-",
        "+",
        "=",
        "#",
        "# ",
        "## ",
        "> ",
        "_",
        "`",
        "[",
        "]",
        "&amp;",
        "\\",
        "\t",
        "\u{a0}",
        "\u{85}",
        "\u{202e}",
        "\u{7}",
        "*em*",
        "**strong**",
        "_under_",
        "__under__",
        "`code`",
        "[link](u)",
        "\\*",
    ];
    prop::collection::vec(prop::sample::select(PIECES), 0..160).prop_map(|v| v.concat())
}

proptest! {
    /// An essay body read block by block (plain prose directly, the rest
    /// with the Markdown parser, a run of blocks at a time) gives exactly what the
    /// Markdown parser gives for the whole body.
    #[test]
    fn a_body_read_block_by_block_parses_as_the_whole(
        body in prop_oneof![proseish(), markdownish()],
    ) {
        use parallax::corpus::{body, markdown};
        prop_assert_eq!(body::parse(&body), markdown::parse(&body));
    }
}

/// Text made of pieces of TOML, some of them theme-map keys.
fn tomlish() -> impl Strategy<Value = String> {
    const PIECES: &[&str] = &[
        "[map]\n",
        "[[themes]]\n",
        "[[passages]]\n",
        "[[tours]]\n",
        "[[tours.steps]]\n",
        "[",
        "]",
        "[[",
        "]]",
        "{",
        "}",
        ",",
        " = ",
        "=",
        "\n",
        "#",
        "id",
        "title",
        "question",
        "color",
        "essay",
        "themes",
        "quote",
        "start",
        "end",
        "stance",
        "role",
        "note",
        "steps",
        "essays",
        "prompt",
        "theme",
        "authors",
        "published",
        "\"",
        "\"\"\"",
        "'",
        "'''",
        "\\",
        "\\u001b",
        "\\u202e",
        "\\n",
        "\"t\"",
        "\"e1\"",
        "[\"t\"]",
        "\"Alpha beta\"",
        "\"claim\"",
        "\"red\"",
        "\"#ff0000\"",
        "1",
        "-0",
        "1e400",
        "nan",
        "inf",
        "true",
        "1979-05-27",
        "1979-05-27T07:32:00Z",
        "é",
        "中",
        " ",
        "\t",
        "\r\n",
        "a.b",
        "\"\"",
        "\" \"",
    ];
    prop::collection::vec(prop::sample::select(PIECES), 0..150).prop_map(|v| v.concat())
}

/// An essay file: front matter (sometimes) over a Markdown body.
fn essay_file() -> impl Strategy<Value = String> {
    (any::<bool>(), tomlish(), markdownish()).prop_map(|(fm, toml, body)| {
        if fm {
            format!("+++\n{toml}\n+++\n{body}")
        } else {
            body
        }
    })
}

/// Load a corpus held in memory; check everything it says.
fn load_and_check(essays: Vec<(String, Vec<u8>)>, maps: Vec<Vec<u8>>) {
    let files = CorpusFiles {
        name: "fuzz".into(),
        essays: essays
            .into_iter()
            .map(|(id, b)| InputFile::memory(format!("essays/{id}.md"), b))
            .collect(),
        themes: maps
            .into_iter()
            .enumerate()
            .map(|(i, b)| InputFile::memory(format!("themes/m{i}.toml"), b))
            .collect(),
        diagnostics: Vec::new(),
    };
    let loaded = corpus::load(files);
    for d in &loaded.diagnostics {
        check_diagnostic(d);
    }
    let c = &loaded.corpus;
    for e in &c.essays {
        check_essay(e);
    }
    for (i, p) in c.map.passages.iter().enumerate() {
        let text = &c.essays[p.essay].text;
        assert!(p.range.start <= p.range.end && p.range.end <= text.len());
        assert!(text.is_char_boundary(p.range.start) && text.is_char_boundary(p.range.end));
        assert!(!p.themes.is_empty());
        assert!(p.themes.iter().all(|&t| t < c.map.themes.len()));
        let r = c.char_range(i);
        assert_eq!(r.end - r.start, c.passage_text(i).chars().count());
    }
    for t in &c.map.themes {
        assert!(terminal_safe(&t.id) && terminal_safe(&t.title));
        assert!(!t.id.trim().is_empty());
    }
    // The headless exports work on whatever loaded.
    for t in 0..c.map.themes.len() {
        let text = parallax::export::show_text(c, t, 40);
        assert!(terminal_safe(&text), "{text:?}");
        let md = parallax::export::show_md(c, t);
        assert!(terminal_safe(&md), "{md:?}");
        let json = parallax::export::show_json(c, t);
        assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok());
    }
    let themes = parallax::export::themes_text(c, 80);
    assert!(terminal_safe(&themes), "{themes:?}");
}

proptest! {
    /// Arbitrary bytes decode to text without a carriage return, or are
    /// refused with a diagnostic; valid UTF-8 without NULs always decodes.
    #[test]
    fn decoding_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        match files::decode("f.md", bytes.clone()) {
            Ok(src) => {
                prop_assert!(!src.text.contains('\r'));
                prop_assert!(src.text.len() <= bytes.len());
            }
            Err(d) => check_diagnostic(&d),
        }
    }

    #[test]
    fn decoding_any_utf8(s in "\\PC*", bom in any::<bool>(), crlf in any::<bool>()) {
        let s = s.replace('\0', "");
        let mut text = if crlf { s.replace('\n', "\r\n") } else { s.clone() };
        if bom {
            text.insert(0, '\u{feff}');
        }
        let src = files::decode("f.md", text.into_bytes());
        let src = src.map_err(|d| d.to_string());
        prop_assert_eq!(src.map(|s| s.text.to_string()), Ok(s.replace("\r\n", "\n").replace('\r', "\n")));
    }

    /// Essay files of arbitrary bytes: no panic, diagnostics point inside.
    #[test]
    fn essays_from_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..800)) {
        if let Ok(src) = files::decode("essays/x.md", bytes) {
            let mut diags = Vec::new();
            if let Some(e) = Essay::parse("x", &src, &mut diags) {
                check_essay(&e);
            }
            for d in &diags {
                check_diagnostic(d);
            }
        }
    }

    /// Front matter and Markdown shaped text: the same.
    #[test]
    fn essays_from_markdownish_text(text in essay_file()) {
        let src = Source::new("essays/x.md", text);
        let mut diags = Vec::new();
        if let Some(e) = Essay::parse("x", &src, &mut diags) {
            check_essay(&e);
        }
        for d in &diags {
            check_diagnostic(d);
        }
    }

    /// Theme maps of TOML-shaped text against a real essay, and arbitrary
    /// bytes as a map: every problem reported sanely, whatever loads is
    /// well formed and exports.
    #[test]
    fn theme_maps_from_tomlish_text(map in tomlish(), junk in prop::collection::vec(any::<u8>(), 0..300)) {
        let essay = "+++\nauthors = [\"A\"]\n+++\nAlpha beta gamma. Delta “epsilon” — zeta…\n";
        let head = "[[themes]]\nid = \"t\"\ntitle = \"T\"\n";
        load_and_check(
            vec![("e1".into(), essay.as_bytes().to_vec())],
            vec![format!("{head}{map}").into_bytes(), map.into_bytes(), junk],
        );
    }

    /// Whole corpora of arbitrary essays and maps.
    #[test]
    fn corpora_from_arbitrary_files(
        essays in prop::collection::vec(essay_file(), 1..4),
        map in tomlish(),
    ) {
        let essays = essays
            .into_iter()
            .enumerate()
            .map(|(i, e)| (format!("e{i}"), e.into_bytes()))
            .collect();
        load_and_check(essays, vec![map.into_bytes()]);
    }

    /// Anchoring arbitrary phrases, and substrings of the text itself,
    /// against arbitrary Markdown-shaped text: every range found is inside
    /// the text, on character boundaries, and in order for `start`/`end`.
    #[test]
    fn anchoring_arbitrary_phrases(
        text in markdownish(),
        phrases in prop::collection::vec(markdownish(), 0..6),
        cuts in prop::collection::vec((any::<prop::sample::Index>(), 0usize..40), 0..6),
    ) {
        let mut sels: Vec<Selector> = phrases.iter().map(|p| Selector::Quote(p.clone())).collect();
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        for (at, len) in &cuts {
            if chars.is_empty() {
                break;
            }
            let i = at.index(chars.len());
            let start = chars[i].0;
            let end = chars.get(i + len).map_or(text.len(), |c| c.0);
            sels.push(Selector::Quote(text[start..end].to_string()));
        }
        if phrases.len() >= 2 {
            sels.push(Selector::Range { start: phrases[0].clone(), end: phrases[1].clone() });
        }
        let results = anchor_all(&text, &sels);
        prop_assert_eq!(results.len(), sels.len());
        for r in results.into_iter().flatten() {
            prop_assert!(r.start <= r.end && r.end <= text.len());
            prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        }
    }
}

/// Theme-map TOML, valid more often than not, with many `[[passages]]`
/// headers, some of them inside multi-line strings and comments (where
/// they must not cut), and the constructs that forbid cutting.
fn passage_heavy_toml() -> impl Strategy<Value = String> {
    const BLOCKS: &[&str] = &[
        "[[passages]]\nessay = \"e1\"\nthemes = [\"t\"]\nquote = \"Alpha beta\"\nstance = \"s\"\n",
        "  [[passages]]  # indented, commented\nessay = \"e1\"\nthemes = [\"t\"]\nquote = \"x\"\n",
        "[[passages]]\nessay = \"e1\"\nthemes = [\"t\"]\nnote = \"\"\"\n[[passages]]\nessay = \"in a string\"\n\"\"\"\n",
        "[[passages]]\nessay = \"e1\"\nnote = '''\n[[passages]]\n'''\n",
        "[[passages]]\nessay = \"e1\"\nnote = \"\"\"ends in a quote\n[[passages]]\n\"\"\"\"\"\n",
        "[[passages]]\nessay = \"e1\"\nnote = \"\"\"escaped \\\"\"\" still open\n[[passages]]\n\"\"\"\n",
        "# [[passages]]\n",
        "[[themes]]\nid = \"t2\"\ntitle = \"T\"\n",
        "[map]\ntitle = \"M\"\n",
        "[[tours]]\nid = \"x\"\ntitle = \"X\"\n[[tours.steps]]\ntheme = \"t\"\n",
        "[[tours.steps]]\ntheme = \"t\"\n",
        "[[themes.x]]\ny = 1\n",
        "[passages.sub]\nx = 1\n",
        "passages = []\n",
        "role = \"claim\"\n",
        "oops = \n",
        "note = \"\"\"\n",
    ];
    prop::collection::vec(prop::sample::select(BLOCKS), 0..12).prop_map(|v| v.concat())
}

proptest! {
    /// A theme map read in pieces (cut at every `[[themes]]` and
    /// `[[passages]]` that can be cut) means exactly what it means read whole: the same specs and
    /// problems when it is valid TOML, and an error when it is not.
    #[test]
    fn a_map_read_in_pieces_reads_as_the_whole(
        root in prop::sample::select(&["", "passages = []\n", "\"passages\" = []\n", "themes = []\n", "x = 1\n"][..]),
        body in passage_heavy_toml(),
    ) {
        use parallax::mapping::{join_pieces, read_in_pieces};
        let text = format!("{root}[[themes]]\nid = \"t\"\ntitle = \"T\"\n{body}");
        let src = vec![Source::new("themes/m.toml", text)];
        let whole = read_in_pieces(&src, usize::MAX, 0);
        prop_assert_eq!(whole.len(), 1);
        let pieces = join_pieces(read_in_pieces(&src, 0, 0));
        let render = |r: &[(parallax::mapping::schema::FileSpec, Vec<Diagnostic>)]| {
            r.iter()
                .map(|(s, d)| {
                    // Loading sorts problems by position; the order they
                    // are found in does not matter.
                    let mut d: Vec<String> = d.iter().map(|d| d.to_string()).collect();
                    d.sort();
                    (format!("{s:?}"), d)
                })
                .collect::<Vec<_>>()
        };
        let malformed = |r: &[(parallax::mapping::schema::FileSpec, Vec<Diagnostic>)]| {
            r[0].1.iter().any(|d| d.message.starts_with("malformed TOML"))
        };
        if malformed(&whole) {
            prop_assert!(malformed(&pieces), "{:?}", render(&pieces));
        } else {
            prop_assert_eq!(render(&whole), render(&pieces));
        }
    }
}
