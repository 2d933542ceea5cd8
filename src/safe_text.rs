//! Text safety: nothing that reaches a terminal or an output file may carry
//! control characters, escape sequences or bidirectional overrides from
//! outside the program. Corpus text, map strings, command-line arguments
//! echoed in errors and file names all pass through here.

use std::borrow::Cow;

/// The stand-in for a bidirectional embedding, override or isolate control.
pub const BIDI_STAND_IN: char = '\u{fffd}';

/// True for the explicit bidirectional formatting characters (embeddings,
/// overrides, isolates and their terminators: U+202A–U+202E,
/// U+2066–U+2069), which can make text display in an order other than the
/// one it is stored in ("Trojan Source"). The implicit marks (U+200E,
/// U+200F, U+061C) only nudge neutral characters and stay allowed.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Replace a character that could disturb a terminal with a visible one.
/// One char in, one char out, so offsets counted in chars are unaffected.
pub fn neutralise(c: char) -> char {
    match c {
        '\n' => '\n',
        '\t' => ' ',
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
        '\u{7f}' => '\u{2421}',
        '\u{80}'..='\u{9f}' => '\u{fffd}',
        c if is_bidi_control(c) => BIDI_STAND_IN,
        _ => c,
    }
}

/// True if [`neutralise`] changes no character of `s`. A byte test comes
/// first, cheaper than decoding characters: no C0 control but newline, no
/// DEL, no 0xC2 (the lead byte of U+0080–U+00BF, which include the C1
/// controls), and no E2 80 AA–AE or E2 81 A6–A9 (the bidirectional
/// controls); text that fails it gets the exact test. (Folded without
/// early exits, a chunk at a time, so the first test compiles to SIMD.)
pub fn is_plain(s: &str) -> bool {
    let b = s.as_bytes();
    let bytes_ok = b.chunks(64).all(|chunk| {
        chunk.iter().fold(true, |ok, &b| {
            ok & (((b >= 0x20) & (b != 0x7f) & (b != 0xc2)) | (b == b'\n'))
        })
    });
    (bytes_ok && !has_bidi_control(b)) || s.chars().all(|c| neutralise(c) == c)
}

/// Whether UTF-8 text holds a bidirectional control ([`is_bidi_control`]):
/// E2 80 AA–AE or E2 81 A6–A9. Curly quotes and dashes start with E2 too,
/// so find each E2 (memchr is vectorised) and look at the two bytes after.
pub fn has_bidi_control(b: &[u8]) -> bool {
    memchr::memchr_iter(0xe2, b).any(|i| match (b.get(i + 1), b.get(i + 2)) {
        (Some(0x80), Some(c)) => (0xaa..=0xae).contains(c),
        (Some(0x81), Some(c)) => (0xa6..=0xa9).contains(c),
        _ => false,
    })
}

/// `s` with every character that [`neutralise`] would change replaced;
/// borrowed when nothing needs replacing (the common case).
pub fn neutralise_str(s: &str) -> Cow<'_, str> {
    if is_plain(s) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.chars().map(neutralise).collect())
    }
}

/// [`neutralise`] for text that must stay on one line (a file name, an id
/// or an argument echoed in a message): a newline becomes `␊` too, so it
/// cannot start a line that looks like a diagnostic of its own.
pub fn neutralise_line_char(c: char) -> char {
    match c {
        '\n' => '\u{240a}',
        c => neutralise(c),
    }
}

/// `s` with [`neutralise_line_char`] applied; borrowed when unchanged.
pub fn neutralise_line(s: &str) -> Cow<'_, str> {
    if s.chars().all(|c| neutralise_line_char(c) == c) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.chars().map(neutralise_line_char).collect())
    }
}

/// At most `max` characters of `s`, with `…` and the number of characters
/// left out when it is longer: what a message quotes of a value that may be
/// a megabyte long.
pub fn truncate_chars(s: &str, max: usize) -> Cow<'_, str> {
    match s.char_indices().nth(max) {
        None => Cow::Borrowed(s),
        Some((cut, _)) => {
            let rest = s[cut..].chars().count();
            Cow::Owned(format!("{}… ({rest} more characters)", &s[..cut]))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bidi_overrides_and_isolates_become_stand_ins() {
        let s = "abc\u{202e}def\u{2066}g\u{2069}\u{200f}";
        let out = neutralise_str(s);
        assert_eq!(out, "abc\u{fffd}def\u{fffd}g\u{fffd}\u{200f}");
        assert_eq!(out.chars().count(), s.chars().count());
    }

    #[test]
    fn the_fast_test_agrees_with_the_exact_one() {
        for s in [
            "plain",
            "“quoted” — …",
            "é",
            "a\u{202e}b",
            "\u{2069}",
            "\u{1b}",
            "\u{85}",
            "\t",
        ] {
            assert_eq!(is_plain(s), s.chars().all(|c| neutralise(c) == c), "{s:?}");
        }
    }

    #[test]
    fn one_line_text_keeps_no_newline() {
        assert_eq!(neutralise_line("a\nb\u{1b}"), "a\u{240a}b\u{241b}");
        assert!(matches!(neutralise_line("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn long_values_are_cut_with_a_count() {
        assert_eq!(truncate_chars("abcdef", 3), "abc… (3 more characters)");
        assert_eq!(truncate_chars("abc", 3), "abc");
        assert_eq!(truncate_chars("ééé", 1), "é… (2 more characters)");
    }
}
