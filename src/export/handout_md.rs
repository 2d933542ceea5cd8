//! The handout in Markdown (`export --format md`): the same content as the
//! HTML handout for any editor — each theme's question, each essay's
//! passages with role, stance and quote, teaching notes as footnotes, the
//! coverage matrix and a tour's prompts — ending with a quotes table
//! (essay, theme, role, stance, quote).

use std::fmt::{self, Write as _};

use crate::align::coverage::Coverage;
use crate::corpus::Corpus;
use crate::export::handout::{self, one_line, Handout};
use crate::export::scope::Scope;
use crate::export::sink::{OneLine, Sink};
use crate::safe_text::{is_plain, neutralise};

/// Escape Markdown syntax so that corpus text stays text.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    esc_text(&mut out, s, "\n");
    out
}

/// [`esc`] written straight into `out`, each line break as `newline`: no
/// copy of the text is made (a quote can be 30 MB).
fn esc_text(out: &mut impl fmt::Write, s: &str, newline: &str) {
    if !is_plain(s) {
        return esc_into(out, s.chars().map(neutralise), newline);
    }
    for (i, line) in s.split('\n').enumerate() {
        if i > 0 {
            let _ = out.write_str(newline);
        }
        esc_run(out, line, &mut LineState::default());
    }
}

/// Where in a line the escaping is: characters so far, and whether they
/// are all digits ("1990." would open a list).
#[derive(Default)]
struct LineState {
    k: usize,
    not_digits: bool,
}

/// Whether `c` needs a backslash, given the character after it and where
/// in its line it is.
fn special(c: char, next: char, at: &LineState) -> bool {
    matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~')
        // "&amp;" would be an entity, "![" an image.
        || (c == '&' && (next.is_alphanumeric() || next == '#'))
        || (c == '!' && next == '[')
        || (at.k == 0 && matches!(c, '+' | '-' | '=' | ':'))
        // "1990. A year" would open a list.
        || ((c == '.' || c == ')') && at.k > 0 && !at.not_digits)
}

/// Escape `piece`, part of a line of terminal-safe text followed by a
/// space or the line's end, copying the text between escapes in runs.
fn esc_run(out: &mut impl fmt::Write, piece: &str, at: &mut LineState) {
    let mut from = 0;
    let mut chars = piece.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map_or(' ', |&(_, n)| n);
        if special(c, next, at) {
            let _ = out.write_str(&piece[from..i]);
            let _ = out.write_char('\\');
            from = i;
        }
        at.not_digits |= !c.is_ascii_digit();
        at.k += 1;
    }
    let _ = out.write_str(&piece[from..]);
}

/// Escape the characters `chars` (terminal-safe already) into `out` a
/// character at a time, each line break written as `newline`: the general
/// case of [`esc_text`], for text with characters to neutralise.
fn esc_into(out: &mut impl fmt::Write, chars: impl Iterator<Item = char>, newline: &str) {
    let mut chars = chars.peekable();
    let mut at = LineState::default();
    while let Some(c) = chars.next() {
        if c == '\n' {
            let _ = out.write_str(newline);
            at = LineState::default();
            continue;
        }
        let next = match chars.peek() {
            Some('\n') | None => ' ',
            Some(&n) => n,
        };
        if special(c, next, &at) {
            let _ = out.write_char('\\');
        }
        let _ = out.write_char(c);
        at.not_digits |= !c.is_ascii_digit();
        at.k += 1;
    }
}

/// A table cell: one line, escaped.
fn cell(s: &str) -> String {
    let mut out = String::new();
    cell_into(&mut out, s);
    out
}

/// [`cell`] written straight into `out`: the words escaped in runs, one
/// space between them.
fn cell_into(out: &mut impl fmt::Write, s: &str) {
    if !is_plain(s) {
        return esc_into(out, OneLine::new(s.chars()).map(neutralise), "\n");
    }
    let mut at = LineState::default();
    for (i, word) in s.split_whitespace().enumerate() {
        if i > 0 {
            let _ = out.write_char(' ');
            at.not_digits = true;
            at.k += 1;
        }
        esc_run(out, word, &mut at);
    }
}

/// The handout as Markdown.
pub fn render(c: &Corpus, scope: Scope) -> String {
    super::to_string(|w| write(c, scope, w))
}

/// [`render`], written to `w` as it is made.
pub fn write(c: &Corpus, scope: Scope, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let h = handout::build(c, scope);
    let mut x = Sink::new(w);
    let _ = writeln!(x, "# {}\n", esc(&h.title));
    if let Some(l) = &h.lede {
        let _ = writeln!(x, "{}\n", esc(l));
    }
    if h.agenda {
        x.push_str("## Steps\n\n");
        for s in &h.sections {
            let Some(st) = &s.step else { continue };
            let th = c.theme(s.theme);
            let _ = write!(
                x,
                "{}. **{}**",
                st.number,
                esc(st.title.as_deref().unwrap_or(&th.title))
            );
            if st.title.is_some() {
                let _ = write!(x, " — {}", esc(&th.title));
            }
            if let Some(m) = st.minutes {
                let _ = write!(x, " ({m} min)");
            }
            x.push('\n');
        }
        x.push('\n');
    }
    x.push_str("## Sources\n\n");
    for &e in &h.essays {
        let (who, rest) = handout::source_line(c, e);
        let _ = write!(x, "- **{}** — {}", esc(&who), esc(&rest));
        if let Some(u) = &c.essays[e].meta.url {
            let _ = write!(x, " · <{}>", esc(u).replace(['<', '>'], ""));
        }
        x.push('\n');
    }
    x.push('\n');
    if h.matrix {
        matrix(&mut x, c);
    }
    let mut note_no = 0;
    for s in &h.sections {
        let th = c.theme(s.theme);
        x.push_str("## ");
        if let Some(st) = &s.step {
            let _ = write!(x, "Step {} of {}", st.number, st.of);
            if let Some(t) = &st.title {
                let _ = write!(x, " · {}", esc(t));
            }
            if let Some(m) = st.minutes {
                let _ = write!(x, " · {m} min");
            }
            x.push_str(" — ");
        }
        let _ = writeln!(x, "{}\n", esc(&th.title));
        if let Some(q) = &th.question {
            let _ = writeln!(x, "*{}*\n", esc(q));
        }
        if let Some(p) = s.step.as_ref().and_then(|st| st.prompt.as_ref()) {
            let _ = writeln!(x, "**Discuss:** {}\n", esc(p));
        }
        let mut notes = Vec::new();
        for (e, ps) in &s.columns {
            let _ = writeln!(
                x,
                "### {} — {}\n",
                esc(&c.essay_label(*e)),
                esc(&c.essays[*e].meta.display_title())
            );
            if ps.is_empty() {
                x.push_str("*No passage on this theme.*\n\n");
            }
            for (k, &p) in ps.iter().enumerate() {
                let pass = c.passage(p);
                let _ = write!(x, "{} of {}", k + 1, ps.len());
                if let Some(r) = pass.role {
                    let _ = write!(x, " · **{r}**");
                }
                match &pass.stance {
                    Some(st) => {
                        let _ = writeln!(x, " — {}\n", esc(st));
                    }
                    None => x.push_str("\n\n"),
                }
                let text = c.passage_text(p);
                let paras: Vec<&str> = text
                    .split("\n\n")
                    .filter(|p| !p.trim().is_empty())
                    .collect();
                for (i, para) in paras.iter().enumerate() {
                    if i > 0 {
                        x.push_str(">\n");
                    }
                    x.push_str("> ");
                    esc_text(&mut x, para, "  \n> ");
                    if i + 1 == paras.len() {
                        if let Some(n) = &pass.note {
                            note_no += 1;
                            notes.push((note_no, n));
                            let _ = write!(x, "[^{note_no}]");
                        }
                    }
                    x.push('\n');
                }
                x.push('\n');
            }
        }
        for (n, text) in notes {
            let _ = writeln!(x, "[^{n}]: {}", esc(&one_line(text)));
        }
        x.push('\n');
    }
    quotes_table(&mut x, c, &h);
    x.finish()
}

fn matrix(x: &mut Sink, c: &Corpus) {
    let cov = Coverage::of(c);
    x.push_str("## Coverage: themes × essays\n\n| Theme |");
    for e in 0..c.essays.len() {
        let _ = write!(x, " {} |", cell(&c.essay_label(e)));
    }
    x.push_str("\n|---|");
    for _ in 0..c.essays.len() {
        x.push_str("---|");
    }
    x.push('\n');
    for (t, th) in c.map.themes.iter().enumerate() {
        let _ = write!(x, "| {} |", cell(&th.title));
        for cl in cov.row(t) {
            if cl.passages == 0 {
                x.push_str(" · |");
            } else {
                let _ = write!(
                    x,
                    " {} {} {:.0}% |",
                    cl.passages,
                    cl.dominant.map_or(' ', crate::mapping::Role::letter),
                    cl.share * 100.0
                );
            }
        }
        x.push('\n');
    }
    x.push_str(&format!(
        "\nEach cell: passages on the theme, the dominant role ({}), the share of the essay's words.\n\n",
        crate::mapping::Role::legend(", ")
    ));
}

fn quotes_table(x: &mut Sink, c: &Corpus, h: &Handout) {
    x.push_str("## Quotes\n\n| Essay | Theme | Role | Stance | Quote |\n|---|---|---|---|---|\n");
    for s in &h.sections {
        let th = &c.theme(s.theme).title;
        for (e, ps) in &s.columns {
            for &p in ps {
                let pass = c.passage(p);
                let _ = write!(
                    x,
                    "| {} | {} | {} | {} | ",
                    cell(&c.essay_label(*e)),
                    cell(th),
                    pass.role.map(|r| r.name()).unwrap_or(""),
                    cell(pass.stance.as_deref().unwrap_or("")),
                );
                cell_into(x, c.passage_text(p));
                x.push_str(" |\n");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The escapes as they were first written: the text neutralised and
    /// made one line (for cells) as a copy, then escaped a character at a
    /// time with the whole line at hand.
    fn reference(s: &str, newline: &str) -> String {
        let s = crate::safe_text::neutralise_str(s);
        let mut out = String::new();
        for (i, line) in s.split('\n').enumerate() {
            if i > 0 {
                out.push_str(newline);
            }
            let chars: Vec<char> = line.chars().collect();
            for (k, &c) in chars.iter().enumerate() {
                let next = chars.get(k + 1).copied().unwrap_or(' ');
                let special = matches!(
                    c,
                    '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~'
                ) || (c == '&' && (next.is_alphanumeric() || next == '#'))
                    || (c == '!' && next == '[')
                    || (k == 0 && matches!(c, '+' | '-' | '=' | ':'))
                    || ((c == '.' || c == ')')
                        && k > 0
                        && chars[..k].iter().all(char::is_ascii_digit));
                if special {
                    out.push('\\');
                }
                out.push(c);
            }
        }
        out
    }

    #[test]
    fn streamed_escapes_match_the_whole_string_escapes() {
        // Every string of up to four characters over an alphabet of the
        // characters the rules look at (and a control character, which
        // takes the character-at-a-time path).
        let alphabet = [
            '1', '.', ')', '&', '#', 'a', '!', '[', ' ', '\n', '+', '-', '\u{7}',
        ];
        let mut strings = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..4 {
            last = last
                .iter()
                .flat_map(|s| alphabet.iter().map(move |&c| format!("{s}{c}")))
                .collect();
            strings.extend(last.iter().cloned());
        }
        for s in &strings {
            let mut got = String::new();
            esc_text(&mut got, s, "  \n> ");
            assert_eq!(got, reference(s, "  \n> "), "{s:?}");
            let one = handout::one_line(s);
            assert_eq!(cell(s), reference(&one, "\n"), "cell {s:?}");
        }
        assert!(strings.len() > 30_000);
    }
}
