//! The handout in Markdown (`export --format md`): the same content as the
//! HTML handout for any editor — each theme's question, each essay's
//! passages with role, stance and quote, teaching notes as footnotes, the
//! coverage matrix and a tour's prompts — ending with a quotes table
//! (essay, theme, role, stance, quote).

use std::fmt::Write as _;

use crate::align::coverage::Coverage;
use crate::corpus::Corpus;
use crate::export::handout::{self, one_line, Handout};
use crate::export::scope::Scope;
use crate::safe_text::neutralise_str;

/// Escape Markdown syntax so that corpus text stays text.
fn esc(s: &str) -> String {
    let s = neutralise_str(s);
    let mut out = String::with_capacity(s.len());
    for (i, line) in s.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let chars: Vec<char> = line.chars().collect();
        for (k, &c) in chars.iter().enumerate() {
            let next = chars.get(k + 1).copied().unwrap_or(' ');
            let special = matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~')
                // "&amp;" would be an entity, "![" an image.
                || (c == '&' && (next.is_alphanumeric() || next == '#'))
                || (c == '!' && next == '[')
                || (k == 0 && matches!(c, '+' | '-' | '=' | ':'))
                // "1990. A year" would open a list.
                || ((c == '.' || c == ')') && k > 0 && chars[..k].iter().all(char::is_ascii_digit));
            if special {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

/// A table cell: one line, escaped.
fn cell(s: &str) -> String {
    esc(&one_line(s))
}

/// The handout as Markdown.
pub fn render(c: &Corpus, scope: Scope) -> String {
    let h = handout::build(c, scope);
    let mut x = String::new();
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
                    let _ = write!(x, "> {}", esc(para).replace('\n', "  \n> "));
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
    x
}

fn matrix(x: &mut String, c: &Corpus) {
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

fn quotes_table(x: &mut String, c: &Corpus, h: &Handout) {
    x.push_str("## Quotes\n\n| Essay | Theme | Role | Stance | Quote |\n|---|---|---|---|---|\n");
    for s in &h.sections {
        let th = &c.theme(s.theme).title;
        for (e, ps) in &s.columns {
            for &p in ps {
                let pass = c.passage(p);
                let _ = writeln!(
                    x,
                    "| {} | {} | {} | {} | {} |",
                    cell(&c.essay_label(*e)),
                    cell(th),
                    pass.role.map(|r| r.name()).unwrap_or(""),
                    cell(pass.stance.as_deref().unwrap_or("")),
                    cell(c.passage_text(p))
                );
            }
        }
    }
}
