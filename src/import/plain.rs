//! Plain text from a QDA tool as an essay's Markdown body, such that the
//! body parses back (`corpus::markdown::parse`) to a known plain text, with
//! a map from the source's code points to that text's code points so that
//! selections land on the same words.
//!
//! What Markdown cannot keep, it does not pretend to: blank lines between
//! paragraphs become one blank line, and spaces at the start and end of a
//! line go. Single line breaks are kept (as hard breaks), and every
//! character that Markdown would read as markup is escaped.

use crate::safe_text::neutralise;

/// A source text converted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Converted {
    /// The essay body, in Markdown.
    pub markdown: String,
    /// The plain text the body parses to.
    pub text: String,
    /// For each code point of the source (and one past the end), the byte
    /// offset in `text` of the character it became, or, for one that was
    /// dropped, of the next one kept. (u32: a source is at most
    /// `qdpx::read::MAX_ENTRY` bytes.)
    map: Vec<u32>,
}

impl Converted {
    /// The byte offset in `text` of the source's code point `i` (clamped).
    pub fn map(&self, i: usize) -> usize {
        self.map[i.min(self.map.len() - 1)] as usize
    }
}

/// Characters that are markup anywhere in a line.
fn inline_special(c: char) -> bool {
    matches!(
        c,
        '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '!' | '~' | '|' | '$'
    )
}

/// Characters that open a block construct at the start of a line.
fn line_start_special(c: char) -> bool {
    matches!(
        c,
        '#' | '>' | '+' | '-' | '=' | '~' | '*' | '_' | '`' | '<' | '|' | ':'
    )
}

/// Convert a source's plain text (line ends already LF).
pub fn convert(src: &str) -> Converted {
    let chars: Vec<char> = src.chars().map(neutralise).collect();
    const UNSET: u32 = u32::MAX;
    let mut map = vec![UNSET; chars.len() + 1];
    let mut text = String::with_capacity(src.len());
    let mut md = String::with_capacity(src.len() + src.len() / 8);
    // Whether a block is open, and the source index of the newline that
    // ended its last line.
    let mut in_block = false;
    let mut last_newline: Option<usize> = None;
    let mut blank_since = false;
    let mut i = 0;
    while i <= chars.len() {
        // One line: chars[i..end], then a newline at `end` (if any).
        let end = chars[i..]
            .iter()
            .position(|&c| c == '\n')
            .map_or(chars.len(), |k| i + k);
        let line = &chars[i..end];
        let a = line.iter().position(|&c| c != ' ');
        if let Some(a) = a {
            let b = line.iter().rposition(|&c| c != ' ').expect("non-blank") + 1;
            if in_block && !blank_since {
                // A line break inside a paragraph: a hard break.
                md.push_str("\\\n");
                if let Some(n) = last_newline {
                    map[n] = text.len() as u32;
                }
                text.push('\n');
            } else if !text.is_empty() {
                md.push_str("\n\n");
                if let Some(n) = last_newline {
                    map[n] = text.len() as u32;
                }
                text.push_str("\n\n");
            }
            in_block = true;
            blank_since = false;
            let content = &line[a..b];
            for (k, &c) in content.iter().enumerate() {
                map[i + a + k] = text.len() as u32;
                text.push(c);
                let escape = inline_special(c)
                    || (k == 0 && line_start_special(c))
                    // "12." or "3)" would open an ordered list.
                    || ((c == '.' || c == ')')
                        && k > 0
                        && k <= 9
                        && content[..k].iter().all(char::is_ascii_digit));
                if escape {
                    md.push('\\');
                }
                md.push(c);
            }
        } else if in_block {
            blank_since = true;
        }
        if end < chars.len() {
            last_newline = Some(end);
        }
        i = end + 1;
    }
    map[chars.len()] = text.len() as u32;
    // A dropped character maps to the next one kept.
    for k in (0..chars.len()).rev() {
        if map[k] == UNSET {
            map[k] = map[k + 1];
        }
    }
    md.push('\n');
    Converted {
        markdown: md,
        text,
        map,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::markdown::parse;
    use proptest::prelude::*;

    #[test]
    fn markup_characters_stay_text() {
        let src = "# not a heading\n- not a list\n1990. A year\n*stars* and _under_ <b>&amp; [x](y) `c`\n===\n\n> no quote";
        let c = convert(src);
        assert_eq!(parse(&c.markdown).text, c.text);
        assert_eq!(c.text, src);
    }

    #[test]
    fn blank_lines_and_edge_spaces_collapse_and_offsets_follow() {
        let src = "  Alpha beta.  \n\n\n\nGamma\n delta";
        let c = convert(src);
        assert_eq!(c.text, "Alpha beta.\n\nGamma\ndelta");
        assert_eq!(parse(&c.markdown).text, c.text);
        // "Gamma" starts at source code point 20 and text byte 13.
        let g = src.find("Gamma").unwrap();
        assert_eq!(c.map(g), 13);
        assert_eq!(c.map(src.chars().count()), c.text.len());
        // "delta": the leading space is dropped.
        let d = src.find("delta").unwrap();
        assert_eq!(&c.text[c.map(d)..], "delta");
    }

    proptest! {
        // Whatever the source, the Markdown parses back to exactly the text
        // that offsets were mapped into, and kept characters keep their
        // order and identity.
        #[test]
        fn the_markdown_parses_back_to_the_text(src in "([a-z ]{0,6}|[#>*_`~=+\\-\\[\\]<>&!|;\\\\0-9.)\n\t ]{0,3}|é|“|\u{a0}){0,40}") {
            let c = convert(&src);
            prop_assert_eq!(parse(&c.markdown).text, c.text.clone());
            for (k, ch) in src.chars().enumerate() {
                let ch = neutralise(ch);
                if ch != ' ' && ch != '\n' {
                    prop_assert_eq!(c.text[c.map(k)..].chars().next(), Some(ch));
                }
            }
        }
    }
}
