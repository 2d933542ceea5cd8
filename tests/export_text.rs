//! `parallax export --format md` and `--format argdown`: text formats whose
//! markup never swallows the authors' words.

use std::path::{Path, PathBuf};
use std::process::Command;

fn export(dir: &Path, args: &[&str]) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_parallax"))
        .arg("export")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

/// A corpus full of characters that are syntax in Markdown and Argdown.
fn hostile(dir: &Path) -> PathBuf {
    let root = dir.join("marks");
    std::fs::create_dir_all(root.join("essays")).unwrap();
    std::fs::create_dir_all(root.join("themes")).unwrap();
    std::fs::write(
        root.join("essays/x.md"),
        "+++\ntitle = \"Stars *and* [brackets] | pipes\"\nauthors = [\"A. Author\"]\n+++\n\
Claims in #hashtags, \\[links\\](x) and \\_under\\_ \\*stars\\* | pipes & &amp;amp; entities.\n\n\
1990\\. A year; see https://example.org/a//b <b>tags</b> and {braces} = @mentions.\n",
    )
    .unwrap();
    std::fs::write(
        root.join("themes/m.toml"),
        r#"[map]
title = "Marks === and # more"
[[themes]]
id = "t"
title = "A *theme* with [brackets]"
question = "Is a | pipe // a comment?"
[[passages]]
essay = "x"
themes = ["t"]
quote = "Claims in #hashtags, [links](x) and _under_ *stars* | pipes & &amp; entities."
stance = "Stance: *not* emphasis, [not] a link | not a cell"
role = "claim"
note = "Note with <html> and | pipe"
[[passages]]
essay = "x"
themes = ["t"]
quote = "1990. A year; see https://example.org/a//b <b>tags</b> and {braces} = @mentions."
stance = "Second"
"#,
    )
    .unwrap();
    root
}

#[test]
fn markdown_keeps_every_word_of_the_quotes() {
    let tmp = tempfile::tempdir().unwrap();
    let root = hostile(tmp.path());
    let md = export(tmp.path(), &["--format", "md", root.to_str().unwrap()]);
    // Rendered, the handout says exactly what the corpus says.
    let text = parallax::corpus::markdown::parse(&md).text;
    let flat = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let text = flat(&text);
    for words in [
        "Claims in #hashtags, [links](x) and _under_ *stars* | pipes & &amp; entities.",
        "1990. A year; see https://example.org/a//b <b>tags</b> and {braces} = @mentions.",
        "Stance: *not* emphasis, [not] a link | not a cell",
        "A *theme* with [brackets]",
    ] {
        assert!(text.contains(words), "lost: {words}\nin: {text}");
    }
    // The quotes table: a header, a rule and one row per passage, each of
    // five cells however many pipes the text holds.
    let table: Vec<&str> = md
        .lines()
        .skip_while(|l| *l != "## Quotes")
        .filter(|l| l.starts_with('|'))
        .collect();
    assert_eq!(table.len(), 4, "{table:#?}");
    for row in &table {
        let cells = row.replace("\\|", "").matches('|').count() - 1;
        assert_eq!(cells, 5, "{row}");
    }
    // The note is a footnote.
    assert!(md.contains("[^1]\n"), "{md}");
    assert!(
        md.contains("[^1]: Note with \\<html\\> and \\| pipe"),
        "{md}"
    );
}

#[test]
fn the_markdown_tour_handout_gives_the_prompts_in_order() {
    let tmp = tempfile::tempdir().unwrap();
    let md = export(tmp.path(), &["--format", "md", "--tour", "seminar"]);
    let steps: Vec<&str> = md.lines().filter(|l| l.starts_with("## Step ")).collect();
    assert_eq!(steps.len(), 7);
    for (k, s) in steps.iter().enumerate() {
        assert!(s.starts_with(&format!("## Step {} of 7", k + 1)), "{s}");
    }
    assert_eq!(md.matches("**Discuss:** ").count(), 7);
    assert!(md.contains("**Discuss:** Both debaters reject the motion that the United States can “fix” the Japan–South Korea problem."));
}

#[test]
fn argdown_escapes_syntax_and_defines_each_passage_once() {
    let tmp = tempfile::tempdir().unwrap();
    let root = hostile(tmp.path());
    let ad = export(tmp.path(), &["--format", "argdown", root.to_str().unwrap()]);
    insta::assert_snapshot!("argdown_marks", ad);

    let ad = export(tmp.path(), &["--format", "argdown"]);
    let defs: Vec<&str> = ad
        .lines()
        .filter(|l| l.starts_with('[') && l.contains("]: ") && !l.ends_with("#(prompt)"))
        .collect();
    let passages = parallax::corpus::load(parallax::corpus::files::builtin())
        .corpus
        .map
        .passages
        .len();
    assert_eq!(defs.len(), passages, "one statement per passage");
    let titles: std::collections::HashSet<&str> =
        defs.iter().map(|l| &l[1..l.find("]: ").unwrap()]).collect();
    assert_eq!(titles.len(), passages, "titles are unique");
    // Every bare reference names a defined statement.
    for l in ad
        .lines()
        .filter(|l| l.starts_with('[') && l.ends_with(']'))
    {
        assert!(
            titles.contains(&l[1..l.len() - 1]),
            "dangling reference {l}"
        );
    }
    // One prompt statement per tour step.
    let steps: usize = parallax::corpus::load(parallax::corpus::files::builtin())
        .corpus
        .map
        .tours
        .iter()
        .map(|t| t.steps.len())
        .sum();
    assert_eq!(ad.matches("#(prompt)").count(), steps);
    assert!(
        !ad.contains(" +> ") && !ad.contains("\n+ ") && !ad.contains("\n- "),
        "no relations are invented"
    );
}
