//! Headless output: the corpus summary, the themes table, and one theme's
//! passages as text, Markdown or JSON. Pure functions from a corpus to a
//! string, so they are tested (and snapshotted) without a terminal.

use serde::Serialize;

use crate::corpus::Corpus;
use crate::mapping::{Passage, ThemeColor};

/// "built-in: 6 essays, 16 themes, 125 passages, 1 tour — OK".
pub fn summary(c: &Corpus) -> String {
    let n = |k: usize, what: &str| format!("{k} {what}{}", if k == 1 { "" } else { "s" });
    format!(
        "{}: {}, {}, {}, {} — OK",
        c.name,
        n(c.essays.len(), "essay"),
        n(c.map.themes.len(), "theme"),
        n(c.map.passages.len(), "passage"),
        n(c.map.tours.len(), "tour")
    )
}

/// A compact label for an essay: "Cha & Johnstone (2023)" or "Aum".
pub fn essay_label(c: &Corpus, e: usize) -> String {
    let m = &c.essays[e].meta;
    let who = if m.authors.is_empty() {
        c.essays[e].id.clone()
    } else {
        m.surnames()
    };
    match m.year() {
        Some(y) => format!("{who} ({y})"),
        None => who,
    }
}

/// The colour as text: a name or `#rrggbb`.
pub fn color_name(c: Option<ThemeColor>) -> Option<String> {
    c.map(|c| match c {
        ThemeColor::Named(n) => n.to_string(),
        ThemeColor::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
    })
}

/// The themes table: one row per theme, one column per essay, counts.
pub fn themes_text(c: &Corpus) -> String {
    let mut out = String::new();
    if let Some(t) = &c.map.title {
        out.push_str(t);
        out.push('\n');
    }
    out.push_str(&format!(
        "{} themes · {} essays · {} passages\n\nEssays:\n",
        c.map.themes.len(),
        c.essays.len(),
        c.map.passages.len()
    ));
    for (i, e) in c.essays.iter().enumerate() {
        out.push_str(&format!(
            "  {:>2}  {:<22} {}\n",
            i + 1,
            e.id,
            essay_label(c, i)
        ));
    }
    let id_w = c
        .map
        .themes
        .iter()
        .map(|t| t.id.len())
        .max()
        .unwrap_or(5)
        .max(5);
    out.push('\n');
    out.push_str(&format!("{:<id_w$}", "theme"));
    for i in 0..c.essays.len() {
        out.push_str(&format!(" {:>3}", i + 1));
    }
    out.push_str("  total  title\n");
    for (t, theme) in c.map.themes.iter().enumerate() {
        out.push_str(&format!("{:<id_w$}", theme.id));
        let mut total = 0;
        for e in 0..c.essays.len() {
            let k = c.passages_on(t, e).len();
            total += k;
            if k == 0 {
                out.push_str("   ·");
            } else {
                out.push_str(&format!(" {k:>3}"));
            }
        }
        out.push_str(&format!("  {total:>5}  {}\n", theme.title));
    }
    out
}

#[derive(Serialize)]
struct ThemeJson<'a> {
    id: &'a str,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    question: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    color: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
}

fn theme_json(c: &Corpus, t: usize) -> ThemeJson<'_> {
    let th = c.theme(t);
    ThemeJson {
        id: &th.id,
        title: &th.title,
        question: th.question.as_deref(),
        color: color_name(th.color),
        description: th.description.as_deref(),
    }
}

/// The themes table as JSON: essays, and per theme the count per essay.
pub fn themes_json(c: &Corpus) -> String {
    #[derive(Serialize)]
    struct EssayJson<'a> {
        id: &'a str,
        title: String,
        authors: &'a [String],
        #[serde(skip_serializing_if = "Option::is_none")]
        published: Option<&'a str>,
    }
    #[derive(Serialize)]
    struct Row<'a> {
        #[serde(flatten)]
        theme: ThemeJson<'a>,
        passages: serde_json::Map<String, serde_json::Value>,
        total: usize,
    }
    #[derive(Serialize)]
    struct Out<'a> {
        #[serde(skip_serializing_if = "Option::is_none")]
        title: Option<&'a str>,
        essays: Vec<EssayJson<'a>>,
        themes: Vec<Row<'a>>,
    }
    let out = Out {
        title: c.map.title.as_deref(),
        essays: c
            .essays
            .iter()
            .map(|e| EssayJson {
                id: &e.id,
                title: e.meta.display_title(),
                authors: &e.meta.authors,
                published: e.meta.published.as_deref(),
            })
            .collect(),
        themes: (0..c.map.themes.len())
            .map(|t| {
                let mut passages = serde_json::Map::new();
                let mut total = 0;
                for (e, essay) in c.essays.iter().enumerate() {
                    let k = c.passages_on(t, e).len();
                    total += k;
                    passages.insert(essay.id.clone(), k.into());
                }
                Row {
                    theme: theme_json(c, t),
                    passages,
                    total,
                }
            })
            .collect(),
    };
    to_json(&out)
}

fn to_json<T: Serialize>(v: &T) -> String {
    let mut s = serde_json::to_string_pretty(v).expect("plain data serialises");
    s.push('\n');
    s
}

/// A theme's passages grouped by essay (corpus order), each in text order.
pub fn theme_passages(c: &Corpus, t: usize) -> Vec<(usize, Vec<usize>)> {
    (0..c.essays.len())
        .map(|e| (e, c.passages_on(t, e).to_vec()))
        .filter(|(_, ps)| !ps.is_empty())
        .collect()
}

/// `show --format json`: `{"theme": {...}, "passages": [...]}` with offsets
/// in code points, end exclusive.
pub fn show_json(c: &Corpus, t: usize) -> String {
    #[derive(Serialize)]
    struct P<'a> {
        essay: &'a str,
        themes: Vec<&'a str>,
        text: &'a str,
        stance: Option<&'a str>,
        role: Option<&'static str>,
        note: Option<&'a str>,
        start: usize,
        end: usize,
    }
    #[derive(Serialize)]
    struct Out<'a> {
        theme: ThemeJson<'a>,
        passages: Vec<P<'a>>,
    }
    let mut passages = Vec::new();
    for (e, ps) in theme_passages(c, t) {
        for p in ps {
            let pass: &Passage = c.passage(p);
            let r = c.char_range(p);
            passages.push(P {
                essay: &c.essays[e].id,
                themes: pass
                    .themes
                    .iter()
                    .map(|&t| c.theme(t).id.as_str())
                    .collect(),
                text: c.passage_text(p),
                stance: pass.stance.as_deref(),
                role: pass.role.map(|r| r.name()),
                note: pass.note.as_deref(),
                start: r.start,
                end: r.end,
            });
        }
    }
    to_json(&Out {
        theme: theme_json(c, t),
        passages,
    })
}

fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        if matches!(
            ch,
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

/// `show --format md`: a handout in Markdown.
pub fn show_md(c: &Corpus, t: usize) -> String {
    let th = c.theme(t);
    let mut out = format!("# {}\n\n", md_escape(&th.title));
    if let Some(q) = &th.question {
        out.push_str(&format!("*{}*\n\n", md_escape(q)));
    }
    for (e, ps) in theme_passages(c, t) {
        let essay = &c.essays[e];
        out.push_str(&format!(
            "## {} — {}\n\n",
            md_escape(&essay_label(c, e)),
            md_escape(&essay.meta.display_title())
        ));
        for p in ps {
            let pass = c.passage(p);
            let role = pass.role.map(|r| format!("**{r}** — ")).unwrap_or_default();
            if let Some(s) = &pass.stance {
                out.push_str(&format!("{role}{}\n\n", md_escape(s)));
            }
            for para in c.passage_text(p).split('\n') {
                if para.trim().is_empty() {
                    out.push_str(">\n");
                } else {
                    out.push_str(&format!("> {}\n", md_escape(para)));
                }
            }
            out.push('\n');
            if let Some(n) = &pass.note {
                out.push_str(&format!("*Note:* {}\n\n", md_escape(n)));
            }
        }
    }
    out
}

/// `show --format text`: the theme's passages grouped by essay, wrapped to
/// `width` columns.
pub fn show_text(c: &Corpus, t: usize, width: usize) -> String {
    let th = c.theme(t);
    let width = width.max(20);
    let mut out = String::new();
    let wrap = |s: &str, first: &str, rest: &str| -> String {
        let opts = textwrap::Options::new(width)
            .initial_indent(first)
            .subsequent_indent(rest);
        let mut o = String::new();
        for line in textwrap::wrap(s, opts) {
            o.push_str(&line);
            o.push('\n');
        }
        o
    };
    out.push_str(&wrap(&format!("{} [{}]", th.title, th.id), "", ""));
    if let Some(q) = &th.question {
        out.push_str(&wrap(q, "", ""));
    }
    for (e, ps) in theme_passages(c, t) {
        out.push('\n');
        let head = format!(
            "{} — {}",
            essay_label(c, e),
            c.essays[e].meta.display_title()
        );
        let head = wrap(&head, "", "  ");
        out.push_str(&head);
        out.push_str(
            &"─".repeat(
                width
                    .min(head.lines().map(str::len).max().unwrap_or(0))
                    .max(3),
            ),
        );
        out.push('\n');
        for (k, p) in ps.iter().enumerate() {
            let pass = c.passage(*p);
            let role = pass.role.map(|r| r.name()).unwrap_or("passage");
            let stance = pass.stance.as_deref().unwrap_or("(no stance)");
            out.push_str(&wrap(&format!("{}. {role}: {stance}", k + 1), "", "   "));
            for para in c
                .passage_text(*p)
                .split('\n')
                .filter(|l| !l.trim().is_empty())
            {
                out.push_str(&wrap(para, "   │ ", "   │ "));
            }
            if let Some(n) = &pass.note {
                out.push_str(&wrap(&format!("note: {n}"), "   ", "   "));
            }
        }
    }
    out
}
