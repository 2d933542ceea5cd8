//! The handout as one standalone HTML file (`export --format html`): no
//! script, no network, the style sheet inline. On screen it reads like the
//! compare view; printed, every theme (or tour step) starts a page, themes
//! with four or more essays print landscape, the essays' names repeat at
//! the top of each page, and columns wrap their words rather than overflow.
//! Every string from the corpus is escaped.

use std::fmt::Write as _;

use crate::align::coverage::Coverage;
use crate::corpus::Corpus;
use crate::export::handout::{self, Handout, Section};
use crate::export::palette;
use crate::export::scope::Scope;
use crate::export::sink::Sink;
use crate::safe_text::{neutralise, neutralise_str};

/// Columns from which a section prints landscape.
pub const WIDE: usize = 4;

const CSS: &str = r#"
:root { --ink: #1b1b1b; --muted: #5a5a5a; --rule: #d4d4d4; --paper: #ffffff; --tint: #f5f5f2; }
* { box-sizing: border-box; }
html { font-family: "Source Serif Pro", Georgia, "Times New Roman", serif; font-size: 16px; color: var(--ink); background: var(--paper); line-height: 1.45; }
body { margin: 2rem auto; padding: 0 1.5rem; max-width: 90rem; }
h1, h2, h3, .meta, .step, th, .sources, .legend, .matrix, .agenda { font-family: "Source Sans Pro", "Helvetica Neue", Arial, sans-serif; }
h1 { font-size: 1.9rem; margin: 0 0 .3rem; line-height: 1.2; }
h2 { font-size: 1.35rem; margin: 0 0 .25rem; line-height: 1.25; }
h3 { font-size: 1rem; margin: 1.2rem 0 .4rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
p { margin: 0 0 .5rem; }
.lede { font-size: 1.1rem; color: var(--muted); max-width: 48rem; }
.sources ol, .agenda ol { padding-left: 1.4rem; margin: 0; }
.sources li, .agenda li { margin-bottom: .25rem; }
.sources .who, .agenda .what { font-weight: 600; }
.swatch { display: inline-block; width: .8em; height: .8em; border-radius: 2px; margin-right: .4em; vertical-align: baseline; border: 1px solid rgba(0,0,0,.25); }
section.theme { margin-top: 3rem; padding-top: 1rem; border-top: 3px solid var(--rule); }
.step { font-size: .85rem; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); margin-bottom: .2rem; }
.question { font-style: italic; color: var(--muted); }
.prompt { border-left: 4px solid var(--ink); background: var(--tint); padding: .5rem .8rem; margin: .6rem 0 1rem; font-size: 1.05rem; }
table.compare { width: 100%; table-layout: fixed; border-collapse: collapse; margin-top: .6rem; }
table.compare th { text-align: left; vertical-align: bottom; font-size: .9rem; padding: .3rem .6rem .4rem; border-bottom: 2px solid var(--ink); }
table.compare th .title { display: block; font-weight: 400; color: var(--muted); font-size: .8rem; }
table.compare td { vertical-align: top; padding: .6rem .6rem .8rem; border-bottom: 1px solid var(--rule); }
table.compare td + td, table.compare th + th { border-left: 1px solid var(--rule); }
td, th, .prompt, .notes li, .sources li { overflow-wrap: break-word; hyphens: auto; }
.meta { font-size: .78rem; color: var(--muted); margin-bottom: .2rem; }
.role { font-weight: 700; text-transform: uppercase; letter-spacing: .05em; color: var(--ink); }
.stance { font-weight: 600; margin-bottom: .35rem; }
blockquote { margin: 0; padding-left: .6rem; border-left: 3px solid var(--theme, #888); }
blockquote p { margin: 0 0 .4rem; }
.none { color: var(--muted); font-style: italic; font-size: .85rem; }
sup.fn a { text-decoration: none; color: inherit; font-weight: 700; padding-left: .1em; }
ol.notes { font-size: .85rem; color: var(--ink); margin: .8rem 0 0; padding-left: 1.6rem; }
ol.notes li::marker { font-weight: 700; }
table.matrix { border-collapse: collapse; width: 100%; table-layout: fixed; font-size: .85rem; }
table.matrix th, table.matrix td { padding: .25rem .4rem; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
table.matrix th.theme-name { width: 30%; font-weight: 400; }
table.matrix td .n { display: inline-block; min-width: 1.4em; font-weight: 700; }
.bar { display: inline-block; width: 3.2em; height: .6em; background: #ececec; vertical-align: middle; margin: 0 .3em; }
.bar span { display: block; height: 100%; background: #555; }
.legend { font-size: .8rem; color: var(--muted); margin-top: .4rem; }
footer { margin-top: 2.5rem; font-size: .75rem; color: var(--muted); }
div.sources { font-size: .8rem; margin-top: .8rem; }
div.sources h3 { margin: 0 0 .2rem; font-size: .8rem; }
div.sources li { margin-bottom: 0; }
@page { margin: 12mm 11mm; }
@page wide { size: landscape; }
@media print {
  html { font-size: 9pt; }
  body { margin: 0; padding: 0; max-width: none; }
  section.theme, section.matrix-page { break-before: page; margin-top: 0; padding-top: 0; border-top: none; }
  section.wide { page: wide; }
  .single section.theme { break-before: auto; }
  thead { display: table-header-group; }
  tr, .prompt, .notes li, h2, .step, .question { break-inside: avoid; }
  h2, .step, .question, .prompt { break-after: avoid; }
  .swatch, .bar, .bar span, .prompt { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  footer { display: none; }
}
"#;

/// Escape text for HTML (content and attribute values) and make it
/// terminal-safe too: a handout may be `cat`ed.
fn esc(s: &str) -> String {
    let s = neutralise_str(s);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// [`esc`] written straight into `x`, a line break as `br` (a passage's
/// text can be 30 MB: no escaped copy of it is made).
fn esc_to(x: &mut Sink, s: &str, br: &str) {
    let mut plain = 0;
    for (i, c) in s.char_indices() {
        let with: &str = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' => "&quot;",
            '\'' => "&#39;",
            '\n' => br,
            c if neutralise(c) != c => "",
            _ => continue,
        };
        x.push_str(&s[plain..i]);
        plain = i + c.len_utf8();
        if with.is_empty() {
            x.push(neutralise(c));
        } else {
            x.push_str(with);
        }
    }
    x.push_str(&s[plain..]);
}

/// Paragraphs of a text (blank-line separated; single breaks kept), the
/// last one ending with `mark` (a note's reference) when there is one.
fn paras(x: &mut Sink, s: &str, mark: Option<&str>) {
    let mut paras = s.split("\n\n").filter(|p| !p.trim().is_empty()).peekable();
    while let Some(p) = paras.next() {
        x.push_str("<p>");
        esc_to(x, p, "<br>");
        if paras.peek().is_none() {
            x.push_str(mark.unwrap_or(""));
        }
        x.push_str("</p>");
    }
}

fn swatch(c: &Corpus, t: usize) -> String {
    match c.theme(t).color {
        Some(col) => format!(
            "<span class=\"swatch\" style=\"background:{}\"></span>",
            palette::hex(col)
        ),
        None => String::new(),
    }
}

/// The handout as HTML.
pub fn render(c: &Corpus, scope: Scope) -> String {
    super::to_string(|w| write(c, scope, w))
}

/// [`render`], written to `w` as it is made.
pub fn write(c: &Corpus, scope: Scope, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let h = handout::build(c, scope);
    let single = scope != Scope::All && !h.agenda;
    let mut sink = Sink::new(w);
    let x = &mut sink;
    let _ = write!(
        x,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"parallax {}\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body class=\"{}\">\n",
        env!("CARGO_PKG_VERSION"),
        esc(&h.title),
        if single { "single" } else { "handout" }
    );
    if !single {
        head(x, c, &h);
    }
    if h.matrix {
        matrix(x, c);
    }
    let mut note_no = 0;
    for (i, s) in h.sections.iter().enumerate() {
        section(x, c, s, &mut note_no);
        if single && i + 1 == h.sections.len() {
            // Inside the theme's section, so that it prints on the theme's
            // (possibly landscape) page rather than starting a page of its
            // own.
            x.push_str("<div class=\"sources\">\n<h3>Sources</h3>\n");
            sources(x, c, &h);
            x.push_str("</div>\n");
        }
        x.push_str("</section>\n");
    }
    let _ = write!(
        x,
        "<footer>Made with parallax {}. The quotes are the authors' words; stances and notes are the map's.</footer>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION")
    );
    sink.finish()
}

fn head(x: &mut Sink, c: &Corpus, h: &Handout) {
    let _ = writeln!(x, "<header class=\"doc-head\">\n<h1>{}</h1>", esc(&h.title));
    if let Some(l) = &h.lede {
        let _ = writeln!(x, "<p class=\"lede\">{}</p>", esc(l));
    }
    if h.agenda {
        x.push_str("<section class=\"agenda\">\n<h3>Steps</h3>\n<ol>\n");
        for s in &h.sections {
            let Some(step) = &s.step else { continue };
            let th = c.theme(s.theme);
            let what = step.title.as_deref().unwrap_or(&th.title);
            let _ = write!(x, "<li><span class=\"what\">{}</span>", esc(what));
            if step.title.is_some() {
                let _ = write!(x, " — {}", esc(&th.title));
            }
            if let Some(m) = step.minutes {
                let _ = write!(x, " <span class=\"minutes\">({m} min)</span>");
            }
            x.push_str("</li>\n");
        }
        x.push_str("</ol>\n</section>\n");
    }
    x.push_str("<section class=\"sources\">\n<h3>Sources</h3>\n");
    sources(x, c, h);
    x.push_str("</section>\n</header>\n");
}

fn sources(x: &mut Sink, c: &Corpus, h: &Handout) {
    x.push_str("<ol>\n");
    for &e in &h.essays {
        let (who, rest) = handout::source_line(c, e);
        let _ = write!(
            x,
            "<li><span class=\"who\">{}</span> — {}",
            esc(&who),
            esc(&rest)
        );
        if let Some(u) = &c.essays[e].meta.url {
            let _ = write!(x, " · <span class=\"url\">{}</span>", esc(u));
        }
        x.push_str("</li>\n");
    }
    x.push_str("</ol>\n");
}

fn matrix(x: &mut Sink, c: &Corpus) {
    let cov = Coverage::of(c);
    let full = cov.max_share().max(f64::EPSILON);
    let wide = c.essays.len() >= WIDE;
    let _ = writeln!(
        x,
        "<section class=\"matrix-page{}\">\n<h2>Coverage: themes × essays</h2>\n<table class=\"matrix\">\n<thead><tr><th class=\"theme-name\">Theme</th>",
        if wide { " wide" } else { "" }
    );
    for e in 0..c.essays.len() {
        let _ = write!(x, "<th>{}</th>", esc(&c.essay_label(e)));
    }
    x.push_str("</tr></thead>\n<tbody>\n");
    for (t, th) in c.map.themes.iter().enumerate() {
        let _ = write!(
            x,
            "<tr><th class=\"theme-name\">{}{}</th>",
            swatch(c, t),
            esc(&th.title)
        );
        for cell in cov.row(t) {
            if cell.passages == 0 {
                x.push_str("<td>·</td>");
            } else {
                let pct = (cell.share / full * 100.0).clamp(0.0, 100.0);
                let _ = write!(
                    x,
                    "<td><span class=\"n\">{}</span><span class=\"bar\"><span style=\"width:{pct:.0}%\"></span></span>{}</td>",
                    cell.passages,
                    cell.dominant.map_or(' ', crate::mapping::Role::letter)
                );
            }
        }
        x.push_str("</tr>\n");
    }
    let _ = writeln!(
        x,
        "</tbody>\n</table>\n<p class=\"legend\">Each cell: passages on the theme · a bar for the share of the essay's words (full = {:.0}%) · the dominant role: {}.</p>\n</section>",
        full * 100.0,
        crate::mapping::Role::legend(", ")
    );
}

/// A section, but for its closing tag (the caller may add to it).
fn section(x: &mut Sink, c: &Corpus, s: &Section, note_no: &mut usize) {
    let th = c.theme(s.theme);
    let color = th
        .color
        .map(palette::hex)
        .unwrap_or_else(|| "#888888".into());
    let wide = s.columns.len() >= WIDE;
    let _ = writeln!(
        x,
        "<section class=\"theme{}\" id=\"{}\" style=\"--theme:{color}\">\n<header>",
        if wide { " wide" } else { "" },
        esc(&match &s.step {
            Some(st) => format!("step-{}", st.number),
            None => format!("theme-{}", th.id),
        })
    );
    if let Some(st) = &s.step {
        let mut line = format!("Step {} of {}", st.number, st.of);
        if let Some(t) = &st.title {
            line.push_str(&format!(" · {t}"));
        }
        if let Some(m) = st.minutes {
            line.push_str(&format!(" · {m} min"));
        }
        let _ = writeln!(x, "<p class=\"step\">{}</p>", esc(&line));
    }
    let _ = writeln!(x, "<h2>{}{}</h2>", swatch(c, s.theme), esc(&th.title));
    if let Some(q) = &th.question {
        let _ = writeln!(x, "<p class=\"question\">{}</p>", esc(q));
    }
    if let Some(p) = s.step.as_ref().and_then(|st| st.prompt.as_ref()) {
        let _ = writeln!(x, "<p class=\"prompt\">{}</p>", esc(p));
    }
    x.push_str("</header>\n<table class=\"compare\">\n<thead><tr>");
    for (e, _) in &s.columns {
        let _ = write!(
            x,
            "<th scope=\"col\">{}<span class=\"title\">{}</span></th>",
            esc(&c.essay_label(*e)),
            esc(&c.essays[*e].meta.display_title())
        );
    }
    x.push_str("</tr></thead>\n<tbody>\n");
    let mut notes: Vec<(usize, &str)> = Vec::new();
    for k in 0..s.rows() {
        x.push_str("<tr>");
        for (_, ps) in &s.columns {
            let Some(&p) = ps.get(k) else {
                if k == 0 {
                    x.push_str("<td><p class=\"none\">No passage on this theme.</p></td>");
                } else {
                    x.push_str("<td></td>");
                }
                continue;
            };
            let pass = c.passage(p);
            x.push_str("<td><article class=\"passage\">");
            let _ = write!(x, "<p class=\"meta\">");
            if let Some(r) = pass.role {
                let _ = write!(x, "<span class=\"role\">{}</span> · ", esc(r.name()));
            }
            let _ = write!(x, "{} of {}</p>", k + 1, ps.len());
            if let Some(st) = &pass.stance {
                let _ = write!(x, "<p class=\"stance\">{}</p>", esc(st));
            }
            x.push_str("<blockquote>");
            let mark = pass.note.as_ref().map(|n| {
                *note_no += 1;
                notes.push((*note_no, n));
                format!(
                    "<sup class=\"fn\"><a href=\"#note-{0}\" id=\"ref-{0}\">{0}</a></sup>",
                    note_no
                )
            });
            paras(x, c.passage_text(p), mark.as_deref());
            x.push_str("</blockquote></article></td>");
        }
        x.push_str("</tr>\n");
    }
    x.push_str("</tbody>\n</table>\n");
    if !notes.is_empty() {
        x.push_str("<ol class=\"notes\">\n");
        for (n, text) in notes {
            let _ = writeln!(x, "<li value=\"{n}\" id=\"note-{n}\">{}</li>", esc(text));
        }
        x.push_str("</ol>\n");
    }
}
