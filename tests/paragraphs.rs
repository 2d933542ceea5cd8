//! `parallax show --paragraphs`: each passage with the number of the
//! paragraph it is in, counted as a reader would (headings not counted),
//! checked against counts made by hand from the essay files.

use std::process::Command;

fn show(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(["show", "gsomia"])
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run parallax");
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// The "¶ N" line printed just before the quote that starts with `quote`.
fn number_before(md: &str, quote: &str) -> String {
    let lines: Vec<&str> = md.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with(&format!("> {quote}")))
        .unwrap_or_else(|| panic!("no quote {quote:?} in\n{md}"));
    lines[..at]
        .iter()
        .rev()
        .find(|l| l.starts_with('¶'))
        .unwrap_or_else(|| panic!("no ¶ line before {quote:?}"))
        .to_string()
}

#[test]
fn markdown_numbers_each_quote_by_its_paragraph_without_counting_headings() {
    let md = show(&["--format", "md", "--paragraphs"]);
    // Cha & Johnstone: the twelfth paragraph of the body (no headings).
    assert_eq!(
        number_before(&md, "They should deepen information sharing"),
        "¶ 12"
    );
    // Aum: the fifth paragraph, though the q-and-a's questions (headings)
    // come before it.
    assert_eq!(
        number_before(&md, "South Korean responded with similar"),
        "¶ 5"
    );
}

#[test]
fn text_puts_the_number_after_the_role_and_only_when_asked() {
    let plain = show(&["--format", "text", "--width", "200"]);
    assert!(!plain.contains('¶'), "{plain}");
    let numbered = show(&["--format", "text", "--width", "200", "--paragraphs"]);
    assert!(numbered.contains("1 · context · ¶ 5"), "{numbered}");
}
