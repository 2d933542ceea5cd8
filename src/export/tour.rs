//! A seminar tour as a Markdown handout (`parallax show --tour ID --format
//! md`): the summary, the reading list, then per step its prompt, minutes
//! and the passages the step opens on, quoted with their essays' labels.
//! With `stances` false the stances, roles and notes are left out, so a
//! class reads and argues before it sees ours.

use crate::corpus::Corpus;

use super::sink::Sink;
use super::{md_escape, md_escape_to};

/// The essays a step shows: its own list, else every essay with a passage
/// on its theme (corpus order) — the same rule the reader follows.
pub fn step_essays(c: &Corpus, tour: usize, step: usize) -> Vec<usize> {
    let s = &c.map.tours[tour].steps[step];
    if s.essays.is_empty() {
        (0..c.essays.len())
            .filter(|&e| !c.passages_on(s.theme, e).is_empty())
            .collect()
    } else {
        s.essays.clone()
    }
}

/// "75 minutes", "1 minute".
fn minutes(n: u32) -> String {
    format!("{n} minute{}", if n == 1 { "" } else { "s" })
}

fn quote(out: &mut Sink, text: &str) {
    for para in text.split('\n') {
        if para.trim().is_empty() {
            out.push_str(">\n");
        } else {
            out.push_str("> ");
            md_escape_to(out, para);
            out.push('\n');
        }
    }
    out.push('\n');
}

/// The handout for tour `tour` (an index into `c.map.tours`).
pub fn tour_md(c: &Corpus, tour: usize, stances: bool) -> String {
    super::to_string(|w| write_tour_md(c, tour, stances, w))
}

/// [`tour_md`], written to `w` as it is made.
pub fn write_tour_md(
    c: &Corpus,
    tour: usize,
    stances: bool,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let t = &c.map.tours[tour];
    let mut out = Sink::new(w);
    out.push_str(&format!("# {}\n\n", md_escape(&t.title)));
    if let Some(s) = t.summary.as_ref().or(t.description.as_ref()) {
        out.push_str(&format!("{}\n\n", md_escape(s)));
    }
    let n = t.steps.len();
    let steps = format!("{n} step{}", if n == 1 { "" } else { "s" });
    match t.total_minutes() {
        Some(m) => out.push_str(&format!("*{} · {steps}*\n\n", minutes(m))),
        None => out.push_str(&format!("*{steps}*\n\n")),
    }
    if !t.reading.is_empty() {
        out.push_str("## Before class, read\n\n");
        for &e in &t.reading {
            let m = &c.essays[e].meta;
            let mut line = format!(
                "- **{}** — *{}*",
                md_escape(&c.essay_label(e)),
                md_escape(&m.display_title())
            );
            if !m.authors.is_empty() {
                line.push_str(&format!(", {}", md_escape(&m.authors.join(", "))));
            }
            if let Some(p) = &m.publisher {
                line.push_str(&format!(" ({})", md_escape(p)));
            }
            out.push_str(&line);
            out.push('\n');
        }
        out.push('\n');
    }
    for (k, s) in t.steps.iter().enumerate() {
        let th = c.theme(s.theme);
        let title = s.title.as_deref().unwrap_or(&th.title);
        let time = s
            .minutes
            .map(|m| format!(" · {}", minutes(m)))
            .unwrap_or_default();
        out.push_str(&format!("## {}. {}{time}\n\n", k + 1, md_escape(title)));
        out.push_str(&format!("*Theme: {}*\n\n", md_escape(&th.title)));
        if let Some(p) = &s.prompt {
            out.push_str(&format!("**{}**\n\n", md_escape(p)));
        }
        for e in step_essays(c, tour, k) {
            let on = c.passages_on(s.theme, e);
            let label = md_escape(&c.essay_label(e));
            let Some(&p) = on.get(s.focus_of(e)).or(on.first()) else {
                out.push_str(&format!("### {label}\n\n*No passage on this theme.*\n\n"));
                continue;
            };
            let of = if on.len() > 1 {
                format!(
                    " · passage {} of {}",
                    on.iter().position(|&q| q == p).unwrap_or(0) + 1,
                    on.len()
                )
            } else {
                String::new()
            };
            out.push_str(&format!("### {label}{of}\n\n"));
            quote(&mut out, c.passage_text(p));
            if stances {
                let pass = c.passage(p);
                if let Some(st) = &pass.stance {
                    let role = pass.role.map(|r| format!("**{r}** — ")).unwrap_or_default();
                    out.push_str(&format!("{role}{}\n\n", md_escape(st)));
                }
                if let Some(note) = &pass.note {
                    out.push_str(&format!("*Note:* {}\n\n", md_escape(note)));
                }
            }
        }
    }
    out.finish()
}
