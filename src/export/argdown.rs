//! The map as an Argdown document (`export --format argdown`): each theme a
//! heading, each passage a statement — its stance, then the author's words
//! in quotation marks and the essay — tagged with its themes and role;
//! each tour a section whose steps give the prompt and refer to the step's
//! statements. The map has no relations between passages yet, so none are
//! drawn. Every character Argdown would read as syntax is escaped.

use std::fmt::Write as _;

use crate::corpus::Corpus;
use crate::export::handout::one_line;
use crate::export::sink::{OneLine, Sink};
use crate::safe_text::{neutralise, neutralise_str};

/// Escape Argdown syntax in running text (made one line first).
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    esc_into(&mut out, s);
    out
}

/// [`esc`] written straight into `out`: no copy of a long text is made.
fn esc_into(out: &mut impl std::fmt::Write, s: &str) {
    for c in OneLine::new(s.chars().map(neutralise)) {
        if matches!(
            c,
            '\\' | '@' | '#' | '*' | '_' | '[' | ']' | '<' | '>' | '{' | '}' | '/' | '='
        ) {
            let _ = out.write_char('\\');
        }
        let _ = out.write_char(c);
    }
}

/// A statement's title: no brackets, one line.
fn title(s: &str) -> String {
    one_line(&neutralise_str(s))
        .chars()
        .map(|c| match c {
            '[' | ']' => '·',
            c => c,
        })
        .collect()
}

/// A tag: `#(…)` holds anything but a closing parenthesis.
fn tag(s: &str) -> String {
    let t: String = one_line(&neutralise_str(s))
        .chars()
        .map(|c| if c == ')' || c == '(' { '-' } else { c })
        .collect();
    format!("#({t})")
}

/// A YAML value in the front matter: double-quoted, escaped.
fn yaml(s: &str) -> String {
    let mut out = String::from("\"");
    for c in one_line(&neutralise_str(s)).chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            // `===` closes Argdown's front matter.
            '=' => out.push_str("\\x3D"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Each passage's statement title: "Sneider on us-role (1)".
fn titles(c: &Corpus) -> Vec<String> {
    let mut out = vec![String::new(); c.map.passages.len()];
    for e in 0..c.essays.len() {
        for (k, &p) in c.passages_in(e).iter().enumerate() {
            out[p] = title(&format!("{} {}", c.essay_label(e), k + 1));
        }
    }
    out
}

/// The map as Argdown.
pub fn render(c: &Corpus) -> String {
    super::to_string(|w| write(c, w))
}

/// [`render`], written to `w` as it is made.
pub fn write(c: &Corpus, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let names = titles(c);
    let mut x = Sink::new(w);
    x.push_str("===\n");
    if let Some(t) = &c.map.title {
        let _ = writeln!(x, "title: {}", yaml(t));
    }
    if let Some(d) = &c.map.description {
        let _ = writeln!(x, "subTitle: {}", yaml(d));
    }
    x.push_str("===\n\n");
    x.push_str("// Exported by parallax. Each statement is an author's stance on a theme, with the author's words quoted; the map records no support or attack between them, so none is drawn.\n\n");
    let mut defined = vec![false; c.map.passages.len()];
    for (t, th) in c.map.themes.iter().enumerate() {
        let _ = writeln!(x, "# {} {}\n", esc(&th.title), tag(&th.id));
        if let Some(q) = &th.question {
            let _ = writeln!(x, "// {}\n", one_line(&neutralise_str(q)));
        }
        for e in 0..c.essays.len() {
            for &p in c.passages_on(t, e) {
                if defined[p] {
                    let _ = writeln!(x, "[{}]\n", names[p]);
                    continue;
                }
                defined[p] = true;
                let pass = c.passage(p);
                let _ = write!(x, "[{}]: ", names[p]);
                if let Some(s) = &pass.stance {
                    let _ = write!(x, "{} — ", esc(s));
                }
                x.push('“');
                esc_into(&mut x, c.passage_text(p));
                let _ = write!(x, "” ({})", esc(&c.essay_label(e)));
                for &pt in &pass.themes {
                    let _ = write!(x, " {}", tag(&c.theme(pt).id));
                }
                if let Some(r) = pass.role {
                    let _ = write!(x, " {}", tag(r.name()));
                }
                x.push_str("\n\n");
            }
        }
    }
    for tour in &c.map.tours {
        let _ = writeln!(x, "# Tour: {} {}\n", esc(&tour.title), tag(&tour.id));
        if let Some(d) = &tour.description {
            let _ = writeln!(x, "// {}\n", one_line(&neutralise_str(d)));
        }
        for (k, s) in tour.steps.iter().enumerate() {
            let th = c.theme(s.theme);
            let _ = writeln!(
                x,
                "## Step {}: {}\n",
                k + 1,
                esc(s.title.as_deref().unwrap_or(&th.title))
            );
            if let Some(pr) = &s.prompt {
                let _ = writeln!(
                    x,
                    "[{}]: {} #(prompt)\n",
                    title(&format!("{} step {}", tour.id, k + 1)),
                    esc(pr)
                );
            }
            let essays: Vec<usize> = if s.essays.is_empty() {
                (0..c.essays.len()).collect()
            } else {
                s.essays.clone()
            };
            for e in essays {
                for &p in c.passages_on(s.theme, e) {
                    let _ = writeln!(x, "[{}]\n", names[p]);
                }
            }
        }
    }
    x.finish()
}
