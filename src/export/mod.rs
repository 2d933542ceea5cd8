//! Headless output: the corpus summary, the themes table, and one theme's
//! passages as text, Markdown or JSON. Pure functions from a corpus to a
//! string, so they are tested (and snapshotted) without a terminal.

pub mod argdown;
pub mod corpus_json;
pub mod handout;
pub mod handout_md;
pub mod html;
pub mod palette;
pub mod qdpx;
pub mod scope;
mod sink;
pub mod tour;

use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, Write};

use crate::align::coverage::{bar, Coverage};
use crate::corpus::{Corpus, Counts};
use crate::layout::compare::{write_lines, Options};
use crate::mapping::{Passage, Role, ThemeColor};
use crate::paragraph;

/// "built-in: 6 essays, 16 themes, 125 passages, 1 tour — OK".
pub fn summary(name: &str, c: Counts) -> String {
    let n = |k: usize, what: &str| format!("{k} {what}{}", if k == 1 { "" } else { "s" });
    format!(
        "{}: {}, {}, {}, {} — OK",
        name,
        n(c.essays, "essay"),
        n(c.themes, "theme"),
        n(c.passages, "passage"),
        n(c.tours, "tour")
    )
}

/// The colour as text: a name or `#rrggbb`.
pub fn color_name(c: Option<ThemeColor>) -> Option<String> {
    c.map(|c| match c {
        ThemeColor::Named(n) => n.to_string(),
        ThemeColor::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
    })
}

/// The coverage matrix as text for people, fitted to `width` columns:
/// the essays, numbered; then one row per theme with, per essay, the
/// passage count, a bar for the share of the essay's words and the dominant
/// role. Titles go beside the rows when they fit, else in a list above.
/// Columns are padded by display width, so wide (CJK) ids line up.
pub fn themes_text(c: &Corpus, width: usize) -> String {
    use crate::layout::fit;
    use unicode_width::UnicodeWidthStr;
    let pad = |s: &str, w: usize| format!("{s}{}", " ".repeat(w.saturating_sub(s.width())));
    let safe = |s: &str| crate::safe_text::neutralise_str(s).into_owned();
    let cov = Coverage::of(c);
    let mut out = String::new();
    if let Some(t) = &c.map.title {
        for l in textwrap::wrap(&safe(t), width.max(20)) {
            out.push_str(&l);
            out.push('\n');
        }
    }
    out.push_str(&format!(
        "{} themes · {} essays · {} passages\n\nEssays:\n",
        c.map.themes.len(),
        c.essays.len(),
        c.map.passages.len()
    ));
    let essay_id_w = c.essays.iter().map(|e| e.id.width()).max().unwrap_or(2);
    for (i, e) in c.essays.iter().enumerate() {
        let line = format!(
            "  {:>2}  {} {} — {}",
            i + 1,
            pad(&safe(&e.id), essay_id_w),
            safe(&c.essay_label(i)),
            safe(&e.meta.display_title())
        );
        out.push_str(&fit(&line, width));
        out.push('\n');
    }
    let full = cov.max_share();
    let id_w = c
        .map
        .themes
        .iter()
        .map(|t| t.id.width())
        .max()
        .unwrap_or(5)
        .max(5);
    // id, a cell per essay (" 12 ▇▇▇ C": the bar narrows to fit), the
    // total; then the title if it fits.
    let n = c.essays.len().max(1);
    let bar_w = (width.saturating_sub(id_w + 6) / n)
        .saturating_sub(6)
        .clamp(1, 4);
    let cell_w = 6 + bar_w;
    let row_w = id_w + cell_w * c.essays.len() + 6;
    let title_w = width.saturating_sub(row_w + 2);
    let titles_beside = title_w >= 20;
    if !titles_beside {
        out.push_str("\nThemes:\n");
        for t in &c.map.themes {
            let line = format!("  {} {}", pad(&safe(&t.id), id_w), safe(&t.title));
            out.push_str(&fit(&line, width));
            out.push('\n');
        }
    }
    out.push('\n');
    out.push_str(&pad("theme", id_w));
    for i in 0..c.essays.len() {
        out.push_str(&format!(" {:<w$}", format!("{:>2}", i + 1), w = cell_w - 1));
    }
    out.push_str(" total");
    if titles_beside {
        out.push_str("  title");
    }
    out.push('\n');
    for (t, theme) in c.map.themes.iter().enumerate() {
        out.push_str(&pad(&safe(&theme.id), id_w));
        for cell in cov.row(t) {
            if cell.passages == 0 {
                out.push_str(&format!(" {:>2}{:w$}", "·", "", w = cell_w - 3));
            } else {
                out.push_str(&format!(
                    " {:>2} {} {}",
                    cell.passages,
                    bar(cell.share, full, bar_w),
                    cell.dominant.map_or(' ', Role::letter)
                ));
            }
        }
        out.push_str(&format!(" {:>5}", cov.theme_total(t)));
        if titles_beside {
            out.push_str("  ");
            out.push_str(&fit(&safe(&theme.title), title_w));
        }
        out.push('\n');
    }
    let legend = format!(
        "cell: passages · bar: share of the essay's words (full = {:.0}%) · role: {}",
        full * 100.0,
        Role::legend(", ")
    );
    out.push('\n');
    for l in textwrap::wrap(&legend, width.max(20)) {
        out.push_str(&l);
        out.push('\n');
    }
    out
}

/// A tour step as data (the corpus JSON and the QDPX project block).
#[derive(Serialize)]
pub(crate) struct StepJson<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    theme: &'a str,
    essays: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    prompt: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    minutes: Option<u32>,
    /// Essay id → its passage (1-based, as the map writes it).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    focus: BTreeMap<&'a str, usize>,
}

/// A tour as data (the corpus JSON and the QDPX project block).
#[derive(Serialize)]
pub(crate) struct TourJson<'a> {
    id: &'a str,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    reading: Vec<&'a str>,
    steps: Vec<StepJson<'a>>,
}

/// The corpus's tours as data, ids in place of indices.
pub(crate) fn tours_json(c: &Corpus) -> Vec<TourJson<'_>> {
    let id = |e: usize| c.essays[e].id.as_str();
    c.map
        .tours
        .iter()
        .map(|t| TourJson {
            id: &t.id,
            title: &t.title,
            description: t.description.as_deref(),
            summary: t.summary.as_deref(),
            reading: t.reading.iter().map(|&e| id(e)).collect(),
            steps: t
                .steps
                .iter()
                .map(|s| StepJson {
                    title: s.title.as_deref(),
                    theme: &c.theme(s.theme).id,
                    essays: s.essays.iter().map(|&e| id(e)).collect(),
                    prompt: s.prompt.as_deref(),
                    minutes: s.minutes,
                    focus: s.focus.iter().map(|&(e, k)| (id(e), k + 1)).collect(),
                })
                .collect(),
        })
        .collect()
}

/// An essay's id and metadata, the fields set: one shape for the corpus
/// JSON and the block a QDPX source carries, so the two cannot drift.
#[derive(Serialize)]
pub(crate) struct EssayMeta<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    subtitle: Option<&'a str>,
    authors: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    published: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    about: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    intro: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    debate: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    series: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    editor: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    affiliation: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<&'a str>,
}

/// The metadata of essay `id`.
pub(crate) fn essay_meta<'a>(id: &'a str, m: &'a crate::corpus::Meta) -> EssayMeta<'a> {
    let s = |o: &'a Option<String>| o.as_deref();
    EssayMeta {
        id,
        title: s(&m.title),
        subtitle: s(&m.subtitle),
        authors: &m.authors,
        publisher: s(&m.publisher),
        published: s(&m.published),
        kind: s(&m.kind),
        about: s(&m.about),
        intro: s(&m.intro),
        debate: s(&m.debate),
        series: s(&m.series),
        editor: s(&m.editor),
        affiliation: s(&m.affiliation),
        url: s(&m.url),
        language: s(&m.language),
    }
}

/// A theme in JSON: the same fields in `themes --format json`, the
/// coverage JSON and the corpus JSON.
#[derive(Serialize)]
pub(crate) struct ThemeJson<'a> {
    id: &'a str,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    question: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    color: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
}

/// Theme `t` as JSON.
pub(crate) fn theme_json(c: &Corpus, t: usize) -> ThemeJson<'_> {
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
    to_string(|w| write_themes_json(c, w))
}

/// [`themes_json`], serialised to `w` as it goes: the rows are views of
/// the corpus and its coverage, never a copy of them as a JSON tree.
pub fn write_themes_json(c: &Corpus, w: &mut dyn Write) -> io::Result<()> {
    use serde::ser::SerializeMap;
    let cov = Coverage::of(c);
    #[derive(Serialize)]
    struct EssayJson<'a> {
        id: &'a str,
        /// The source's title; absent when the source gives none.
        #[serde(skip_serializing_if = "Option::is_none")]
        title: Option<&'a str>,
        authors: &'a [String],
        #[serde(skip_serializing_if = "Option::is_none")]
        published: Option<&'a str>,
    }
    /// Essay id → passages on the theme, for every essay.
    struct Counts<'a>(&'a Corpus, usize);
    impl Serialize for Counts<'_> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let Counts(c, t) = *self;
            // Essays are sorted by id, the order a JSON object's keys had
            // when this was built as a `serde_json::Map`.
            let mut m = s.serialize_map(Some(c.essays.len()))?;
            for (e, essay) in c.essays.iter().enumerate() {
                m.serialize_entry(&essay.id, &c.passages_on(t, e).len())?;
            }
            m.end()
        }
    }
    /// Keys in alphabetical order, as the `serde_json::Map` had them.
    #[derive(Serialize)]
    struct CellJson {
        dominant_role: Option<&'static str>,
        passages: usize,
        word_share: f64,
        words: usize,
    }
    /// Essay id → coverage, for the essays speaking to the theme.
    struct CoverageJson<'a>(&'a Corpus, &'a Coverage, usize);
    impl Serialize for CoverageJson<'_> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let CoverageJson(c, cov, t) = *self;
            let mut m = s.serialize_map(None)?;
            for (essay, cell) in c.essays.iter().zip(cov.row(t)) {
                if cell.passages > 0 {
                    m.serialize_entry(
                        &essay.id,
                        &CellJson {
                            dominant_role: cell.dominant.map(|r| r.name()),
                            passages: cell.passages,
                            word_share: (cell.share * 10_000.0).round() / 10_000.0,
                            words: cell.words,
                        },
                    )?;
                }
            }
            m.end()
        }
    }
    #[derive(Serialize)]
    struct Row<'a> {
        #[serde(flatten)]
        theme: ThemeJson<'a>,
        passages: Counts<'a>,
        total: usize,
        /// Per essay speaking to the theme: what the text table shows.
        coverage: CoverageJson<'a>,
    }
    /// The rows, made one at a time as they are written.
    struct Rows<'a>(&'a Corpus, &'a Coverage);
    impl Serialize for Rows<'_> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let Rows(c, cov) = *self;
            s.collect_seq((0..c.map.themes.len()).map(|t| Row {
                theme: theme_json(c, t),
                passages: Counts(c, t),
                total: (0..c.essays.len()).map(|e| c.passages_on(t, e).len()).sum(),
                coverage: CoverageJson(c, cov, t),
            }))
        }
    }
    #[derive(Serialize)]
    struct Out<'a> {
        #[serde(skip_serializing_if = "Option::is_none")]
        title: Option<&'a str>,
        essays: Vec<EssayJson<'a>>,
        themes: Rows<'a>,
    }
    let out = Out {
        title: c.map.title.as_deref(),
        essays: c
            .essays
            .iter()
            .map(|e| EssayJson {
                id: &e.id,
                title: e.meta.title.as_deref(),
                authors: &e.meta.authors,
                published: e.meta.published.as_deref(),
            })
            .collect(),
        themes: Rows(c, &cov),
    };
    write_json(&out, w)
}

/// `v` as pretty-printed JSON and a newline, written to `w` as it is
/// serialised.
pub(crate) fn write_json<T: Serialize>(v: &T, w: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, v)?;
    w.write_all(b"\n")
}

/// What a writer function writes, as a string (the functions that return
/// their output whole, for tests and small outputs).
pub(crate) fn to_string(f: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> String {
    let mut out = Vec::new();
    f(&mut out).expect("writing to a Vec cannot fail");
    String::from_utf8(out).expect("the output is UTF-8")
}

/// The code-point ranges of essay `e`'s passages, in the order of
/// [`Corpus::passages_in`]: counted in one walk along the text (the passages
/// are in text order), where [`Corpus::char_range`] counts from the start
/// for each passage — quadratic on an essay with many passages.
pub(crate) fn char_ranges(c: &Corpus, e: usize) -> Vec<std::ops::Range<usize>> {
    let text = &c.essays[e].text;
    let (mut byte, mut chars) = (0, 0);
    c.passages_in(e)
        .iter()
        .map(|&p| {
            let r = &c.passage(p).range;
            // Starts never decrease; a start behind the cursor (never
            // expected) is counted afresh.
            if r.start < byte {
                (byte, chars) = (0, 0);
            }
            chars += text[byte..r.start].chars().count();
            byte = r.start;
            chars..chars + text[r.clone()].chars().count()
        })
        .collect()
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
    to_string(|w| write_show_json(c, t, w))
}

/// [`show_json`], serialised to `w` as it goes.
pub fn write_show_json(c: &Corpus, t: usize, w: &mut dyn Write) -> io::Result<()> {
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
    write_json(
        &Out {
            theme: theme_json(c, t),
            passages,
        },
        w,
    )
}

/// `s` as Markdown inline text: punctuation that Markdown would act on is
/// escaped, and a line break becomes a space, so that a newline in a
/// question, stance or note cannot start a heading, list item or quote.
pub(crate) fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        if ch == '\n' {
            out.push(' ');
            continue;
        }
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
    show_md_with(c, t, false)
}

/// [`md_escape`] written straight into `x`: no escaped copy of a long
/// text is made.
pub(crate) fn md_escape_to(x: &mut sink::Sink, s: &str) {
    let mut plain = 0;
    for (i, ch) in s.char_indices() {
        let escape = matches!(
            ch,
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '|'
        );
        if !escape && ch != '\n' {
            continue;
        }
        x.push_str(&s[plain..i]);
        plain = i + ch.len_utf8();
        if ch == '\n' {
            x.push(' ');
        } else {
            x.push('\\');
            x.push(ch);
        }
    }
    x.push_str(&s[plain..]);
}

/// [`show_md`], with a "¶ N" line before each quote when `numbers` is set
/// (paragraph numbers as in [`crate::paragraph`]).
pub fn show_md_with(c: &Corpus, t: usize, numbers: bool) -> String {
    to_string(|w| write_show_md(c, t, numbers, w))
}

/// [`show_md_with`], written to `w` as it is made.
pub fn write_show_md(c: &Corpus, t: usize, numbers: bool, w: &mut dyn Write) -> io::Result<()> {
    use std::fmt::Write as _;
    let th = c.theme(t);
    let mut out = sink::Sink::new(w);
    let _ = write!(out, "# {}\n\n", md_escape(&th.title));
    if let Some(q) = &th.question {
        let _ = write!(out, "*{}*\n\n", md_escape(q));
    }
    for (e, ps) in theme_passages(c, t) {
        let essay = &c.essays[e];
        let _ = write!(
            out,
            "## {} — {}\n\n",
            md_escape(&c.essay_label(e)),
            md_escape(&essay.meta.display_title())
        );
        for p in ps {
            let pass = c.passage(p);
            let role = pass.role.map(|r| format!("**{r}** — ")).unwrap_or_default();
            if let Some(s) = &pass.stance {
                let _ = write!(out, "{role}{}\n\n", md_escape(s));
            }
            if let Some(span) = paragraph::span(essay, pass.range.clone()).filter(|_| numbers) {
                let _ = write!(out, "{}\n\n", paragraph::label(span));
            }
            for para in c.passage_text(p).split('\n') {
                if para.trim().is_empty() {
                    out.push_str(">\n");
                } else {
                    out.push_str("> ");
                    md_escape_to(&mut out, para);
                    out.push('\n');
                }
            }
            out.push('\n');
            if let Some(n) = &pass.note {
                let _ = write!(out, "*Note:* {}\n\n", md_escape(n));
            }
        }
    }
    out.finish()
}

/// `show --format text`: the theme's passages with stances, one column per
/// essay when `width` allows (the k-th passages side by side), stacked
/// otherwise — a handout.
pub fn show_text(c: &Corpus, t: usize, width: usize) -> String {
    show_text_with(c, t, width, false)
}

/// [`show_text`], with each passage's paragraph numbers after its role
/// when `numbers` is set.
pub fn show_text_with(c: &Corpus, t: usize, width: usize, numbers: bool) -> String {
    let mut out = Vec::new();
    write_show_text(c, t, width, numbers, &mut out).expect("writing to a Vec cannot fail");
    String::from_utf8(out).expect("the text is UTF-8")
}

/// [`show_text_with`], written to `w` line by line as it is laid out: a
/// theme with a huge passage is never held whole, as text or as rows.
pub fn write_show_text(
    c: &Corpus,
    t: usize,
    width: usize,
    numbers: bool,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let th = c.theme(t);
    let width = width.clamp(20, u16::MAX as usize);
    for line in textwrap::wrap(&format!("{} [{}]", th.title, th.id), width) {
        writeln!(w, "{line}")?;
    }
    if let Some(q) = &th.question {
        for line in textwrap::wrap(q, width) {
            writeln!(w, "{line}")?;
        }
    }
    writeln!(w)?;
    let essays: Vec<usize> = theme_passages(c, t).into_iter().map(|(e, _)| e).collect();
    // Laid out and written a row at a time: a theme with a huge passage
    // never has its layout in memory whole.
    write_lines(
        c,
        t,
        &essays,
        width as u16,
        Options {
            numbers,
            ..Options::default()
        },
        &mut |line| writeln!(w, "{line}"),
    )
}
