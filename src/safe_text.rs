//! Text safety: nothing that reaches a terminal or an output file may carry
//! control characters, escape sequences or bidirectional overrides from
//! outside the program. Corpus text, map strings, command-line arguments
//! echoed in errors and file names all pass through here.

use std::borrow::Cow;

/// Replace a character that could disturb a terminal with a visible one.
/// One char in, one char out, so offsets counted in chars are unaffected.
pub fn neutralise(c: char) -> char {
    match c {
        '\n' => '\n',
        '\t' => ' ',
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
        '\u{7f}' => '\u{2421}',
        '\u{80}'..='\u{9f}' => '\u{fffd}',
        _ => c,
    }
}

/// `s` with every character that [`neutralise`] would change replaced;
/// borrowed when nothing needs replacing (the common case).
pub fn neutralise_str(s: &str) -> Cow<'_, str> {
    if s.chars().all(|c| neutralise(c) == c) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.chars().map(neutralise).collect())
    }
}
