//! Plain text brought in by `parallax add` reads exactly as written, though
//! the essay body is Markdown: every character Markdown would take as
//! markup is escaped.

use parallax::authoring::import::escape_markdown;
use parallax::corpus::markdown;
use proptest::prelude::*;

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text made of the pieces Markdown reads as markup, at line starts and
/// inside lines.
fn markdownish() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
        "word",
        " ",
        "  ",
        "\n",
        "\n\n",
        "\t",
        "    ",
        "#",
        "## ",
        ">",
        "> ",
        "-",
        "- ",
        "+ ",
        "* ",
        "*",
        "**",
        "_",
        "__",
        "`",
        "```",
        "~~",
        "[",
        "]",
        "(x)",
        "![",
        "<b>",
        "</b>",
        "<http://x>",
        "&amp;",
        "&",
        "\\",
        "1.",
        "2) ",
        "10. ",
        "===",
        "---",
        "***",
        "|",
        "| a |",
        "!",
        "é",
        "“q”",
    ]);
    prop::collection::vec(atoms, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

    #[test]
    fn escaped_plain_text_reads_as_written(text in markdownish()) {
        let parsed = markdown::parse(&escape_markdown(&text));
        prop_assert_eq!(squash(&parsed.text), squash(&text), "escaped: {:?}", escape_markdown(&text));
    }
}
