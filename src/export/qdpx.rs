//! The corpus as a REFI-QDA project: essays as text sources, themes as
//! codes (colours as `#rrggbb`), passages as plain-text selections with one
//! coding per theme, roles as codes under a "Role" category, stances and
//! teaching notes as notes linked to their selections, and the map's title
//! and tours as the project's description.
//!
//! What a QDA tool has no place for (an essay's id and front matter, a
//! theme's id and question, the tours) is kept in the descriptions as a
//! `[parallax]` TOML block, readable by a person and read back exactly by
//! `parallax import`. GUIDs are UUID v5 of stable names, so exporting the
//! same corpus twice gives the same bytes.

use std::io::{self, Seek, Write};

use serde::Serialize;

use crate::corpus::Corpus;
use crate::export::palette;
use crate::mapping::{Role, ThemeColor};
use crate::qdpx::write::Xml;
use crate::qdpx::{guid, Code, Selection, TextSource};

/// The name of the code category that holds the roles.
pub const ROLE_CATEGORY: &str = "Role";
/// The name of a stance note.
pub const STANCE_NOTE: &str = "Stance";
/// The name of a teaching note.
pub const TEACHING_NOTE: &str = "Teaching note";

/// The line that opens parallax's block in a description.
pub const BLOCK_MARK: &str = "[parallax]";

/// `{"parallax": v}` as TOML: the block parallax reads back.
fn block<T: Serialize>(v: &T) -> String {
    #[derive(Serialize)]
    struct Wrap<'a, T> {
        parallax: &'a T,
    }
    toml::to_string(&Wrap { parallax: v }).expect("plain data serialises to TOML")
}

#[derive(Serialize)]
struct ThemeBlock<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    question: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    /// A colour name, which `#rrggbb` would lose.
    #[serde(skip_serializing_if = "Option::is_none")]
    color: Option<&'a str>,
}

#[derive(Serialize)]
struct MapBlock<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tours: Vec<super::TourJson<'a>>,
}

/// The code of each theme, in map order.
fn theme_code(th: &crate::mapping::Theme) -> Code {
    let named = match th.color {
        Some(ThemeColor::Named(n)) => Some(n),
        _ => None,
    };
    Code {
        guid: guid(&format!("theme:{}", th.id)),
        name: th.title.clone(),
        codable: true,
        color: th.color.map(|col| palette::hex(col).to_ascii_uppercase()),
        description: Some(block(&ThemeBlock {
            id: &th.id,
            question: th.question.as_deref(),
            description: th.description.as_deref(),
            color: named,
        })),
        note_refs: Vec::new(),
        children: Vec::new(),
    }
}

/// The "Role" category and its roles (written when a passage has a role).
fn role_category() -> Code {
    Code {
        guid: guid("role-category"),
        name: ROLE_CATEGORY.into(),
        codable: false,
        color: None,
        description: Some(
            "What a passage does in its author's argument (parallax's roles).".into(),
        ),
        note_refs: Vec::new(),
        children: Role::ALL
            .iter()
            .map(|r| Code {
                guid: guid(&format!("role:{}", r.name())),
                name: r.name().into(),
                codable: true,
                ..Code::default()
            })
            .collect(),
    }
}

/// An essay's source GUID (in the project file and its text's entry name).
fn source_guid(essay: &crate::corpus::Essay) -> String {
    guid(&format!("essay:{}", essay.id))
}

/// Essay `e` as a text source, without its selections or text.
fn source(c: &Corpus, e: usize) -> TextSource {
    let essay = &c.essays[e];
    TextSource {
        guid: source_guid(essay),
        name: essay.meta.title.clone().unwrap_or_else(|| essay.id.clone()),
        description: Some(block(&super::essay_meta(&essay.id, &essay.meta))),
        ..TextSource::default()
    }
}

/// A passage's note: (GUID, name, text).
type NoteOf<'c> = (String, &'static str, &'c str);

/// Each of essay `e`'s passages as its selection and its notes (stance,
/// then teaching note), in text order, one passage at a time.
fn each_selection<'c>(
    c: &'c Corpus,
    e: usize,
    mut f: impl FnMut(&Selection, &[NoteOf<'c>]) -> io::Result<()>,
) -> io::Result<()> {
    let essay = &c.essays[e];
    // How many earlier passages had each range (a count per range,
    // not a scan of every earlier passage: 50,000 passages on an
    // essay made that quadratic).
    let mut seen: std::collections::HashMap<(usize, usize), usize> =
        std::collections::HashMap::new();
    let ranges = super::char_ranges(c, e);
    let mut notes: Vec<NoteOf<'c>> = Vec::with_capacity(2);
    for (&pi, r) in c.passages_in(e).iter().zip(ranges) {
        let pass = c.passage(pi);
        let same = seen.entry((r.start, r.end)).or_insert(0);
        let k = *same;
        *same += 1;
        let g = guid(&format!("passage:{}:{}-{}:{k}", essay.id, r.start, r.end));
        let mut sel = Selection {
            start: r.start,
            end: r.end,
            ..Selection::default()
        };
        for &t in &pass.themes {
            let tid = &c.theme(t).id;
            sel.codings.push((
                guid(&format!("coding:{g}:theme:{tid}")),
                guid(&format!("theme:{tid}")),
            ));
        }
        if let Some(r) = pass.role {
            sel.codings.push((
                guid(&format!("coding:{g}:role")),
                guid(&format!("role:{}", r.name())),
            ));
        }
        notes.clear();
        for (kind, name, text) in [
            ("stance", STANCE_NOTE, &pass.stance),
            ("note", TEACHING_NOTE, &pass.note),
        ] {
            if let Some(text) = text {
                let ng = guid(&format!("{kind}:{g}"));
                sel.note_refs.push(ng.clone());
                notes.push((ng, name, text));
            }
        }
        sel.guid = g;
        f(&sel, &notes)?;
    }
    Ok(())
}

/// `project.qde` for the corpus, written as it is made: one code, one
/// selection, one note at a time (the notes, which the schema puts after
/// every source, in a second pass over the passages), so that nothing
/// the size of the corpus is built beside it.
fn write_project(c: &Corpus, w: &mut dyn Write) -> io::Result<()> {
    let name = c.map.title.as_deref().unwrap_or(&c.name);
    let origin = format!("parallax {}", env!("CARGO_PKG_VERSION"));
    let mut x = Xml::start(w, name, Some(&origin))?;
    for th in &c.map.themes {
        x.code(&theme_code(th))?;
    }
    if c.map.passages.iter().any(|p| p.role.is_some()) {
        x.code(&role_category())?;
    }
    for e in 0..c.essays.len() {
        let s = source(c, e);
        x.source_start(&s)?;
        each_selection(c, e, |sel, _| x.selection(sel))?;
        x.source_end(&s)?;
    }
    for e in 0..c.essays.len() {
        each_selection(c, e, |_, notes| {
            for (g, name, text) in notes {
                x.note(g, Some(name), text)?;
            }
            Ok(())
        })?;
    }
    x.finish(Some(&project_description(c)))
}

/// The project's description: the map and its tours in words, then the
/// `[parallax]` block that holds them exactly.
fn project_description(c: &Corpus) -> String {
    let mut out = String::from("A theme map exported by parallax");
    if let Some(t) = &c.map.title {
        out.push_str(&format!(": “{t}”"));
    }
    out.push_str(".\n");
    if let Some(d) = &c.map.description {
        out.push_str(d);
        out.push('\n');
    }
    for tour in &c.map.tours {
        out.push_str(&format!(
            "\nTour “{}” ({} steps)\n",
            tour.title,
            tour.steps.len()
        ));
        for (i, s) in tour.steps.iter().enumerate() {
            let th = c.theme(s.theme);
            out.push_str(&format!(
                "{}. {}",
                i + 1,
                s.title.as_deref().unwrap_or(&th.title)
            ));
            if s.title.is_some() {
                out.push_str(&format!(" — {}", th.title));
            }
            out.push('\n');
            if let Some(pr) = &s.prompt {
                out.push_str(&format!("   {pr}\n"));
            }
        }
    }
    out.push('\n');
    let tours = super::tours_json(c);
    out.push_str(&block(&MapBlock {
        title: c.map.title.as_deref(),
        description: c.map.description.as_deref(),
        tours,
    }));
    out
}

/// The corpus as a `.qdpx` archive, written to `out` as it is made (see
/// [`crate::qdpx::write::write_archive`]); `out` is given back.
pub fn write<W: Write + Seek>(c: &Corpus, out: W) -> io::Result<W> {
    // One source per essay, in order, its text the essay's own.
    let sources = c.essays.iter().map(|e| (source_guid(e), e.text.as_str()));
    crate::qdpx::write::write_archive(out, |w| write_project(c, w), sources)
}

/// The corpus as `.qdpx` bytes, built in memory (for tests and small
/// corpora; `parallax export` writes to its file with [`write`]).
pub fn qdpx(c: &Corpus) -> io::Result<Vec<u8>> {
    Ok(write(c, io::Cursor::new(Vec::new()))?.into_inner())
}
