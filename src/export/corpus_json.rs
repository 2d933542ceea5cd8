//! The whole corpus as one JSON document (`export --format json`): essays
//! with their metadata and plain text, themes, passages with code-point
//! offsets into that text (end exclusive, as REFI-QDA counts), and tours.
//! `schema/corpus.schema.json` describes it; a test validates against it.

use serde::Serialize;

use crate::corpus::Corpus;

/// The `format` field, so a reader can tell what it holds.
pub const FORMAT: &str = "parallax-corpus";
/// The `version` field: bumped when a field changes meaning.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Doc<'a> {
    format: &'static str,
    version: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    essays: Vec<EssayJ<'a>>,
    themes: Vec<super::ThemeJson<'a>>,
    passages: Vec<PassageJ<'a>>,
    tours: Vec<super::TourJson<'a>>,
}

#[derive(Serialize)]
struct EssayJ<'a> {
    #[serde(flatten)]
    meta: super::EssayMeta<'a>,
    /// Length of `text` in code points.
    length: usize,
    text: &'a str,
}

#[derive(Serialize)]
struct PassageJ<'a> {
    essay: &'a str,
    themes: Vec<&'a str>,
    start: usize,
    end: usize,
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    stance: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    role: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
}

/// The corpus as pretty-printed JSON.
pub fn render(c: &Corpus) -> String {
    super::to_string(|w| write(c, w))
}

/// [`render`], serialised to `w` as it goes: the essays' texts are
/// borrowed, never copied into the output whole.
pub fn write(c: &Corpus, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let essays = c
        .essays
        .iter()
        .map(|e| EssayJ {
            meta: super::essay_meta(&e.id, &e.meta),
            length: e.text.chars().count(),
            text: &e.text,
        })
        .collect();
    let themes = (0..c.map.themes.len())
        .map(|t| super::theme_json(c, t))
        .collect();
    let mut passages = Vec::with_capacity(c.map.passages.len());
    for e in 0..c.essays.len() {
        let ranges = super::char_ranges(c, e);
        for (&p, r) in c.passages_in(e).iter().zip(ranges) {
            let pass = c.passage(p);
            passages.push(PassageJ {
                essay: &c.essays[e].id,
                themes: pass
                    .themes
                    .iter()
                    .map(|&t| c.theme(t).id.as_str())
                    .collect(),
                start: r.start,
                end: r.end,
                text: c.passage_text(p),
                stance: pass.stance.as_deref(),
                role: pass.role.map(|r| r.name()),
                note: pass.note.as_deref(),
            });
        }
    }
    let tours = super::tours_json(c);
    let doc = Doc {
        format: FORMAT,
        version: VERSION,
        title: c.map.title.as_deref(),
        description: c.map.description.as_deref(),
        essays,
        themes,
        passages,
        tours,
    };
    super::write_json(&doc, w)
}
