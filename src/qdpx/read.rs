//! Reading a `.qdpx` archive written by any tool into a [`Project`],
//! liberally: the project file may be `project.qde` or `<Name>.qde`; a
//! source's text may be inline (`PlainTextContent`) or a file in `sources/`,
//! with or without a BOM, with LF or CRLF line ends (a CRLF counts as one
//! character, as ATLAS.ti counts it; a BOM is not counted, as QualCoder
//! writes it). Whatever is read but is not text analysis (pictures, PDF,
//! audio, cases, variables…) is listed in `Project::skipped`, never
//! dropped silently.
//!
//! Hostile input is bounded: each archive entry is read up to a cap, and
//! the XML is streamed (no DTD, no entity expansion).

use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use zip::ZipArchive;

use super::{Code, Note, Project, Selection, TextSource};

/// The largest archive entry read (project file or source text).
pub const MAX_ENTRY: u64 = 256 << 20;

/// Why an archive could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    /// What went wrong.
    pub message: String,
    /// What to do about it.
    pub hint: String,
}

fn err(message: impl Into<String>, hint: impl Into<String>) -> ReadError {
    ReadError {
        message: message.into(),
        hint: hint.into(),
    }
}

/// Read a `.qdpx` archive.
pub fn archive(bytes: &[u8]) -> Result<Project, ReadError> {
    let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        err(
            format!("not a zip archive: {e}"),
            "a .qdpx file is a zip archive holding project.qde and sources/",
        )
    })?;
    let names: Vec<String> = zip.file_names().map(str::to_string).collect();
    // `project.qde` at the top, else any `.qde` (ATLAS.ti names it after
    // the project), the shallowest first.
    let qde = names
        .iter()
        .filter(|n| n.to_ascii_lowercase().ends_with(".qde"))
        .min_by_key(|n| {
            (
                !n.eq_ignore_ascii_case("project.qde"),
                n.matches('/').count(),
                n.to_string(),
            )
        })
        .cloned()
        .ok_or_else(|| {
            err(
                "the archive holds no .qde project file",
                "export the project from the QDA tool as REFI-QDA Project (.qdpx)",
            )
        })?;
    let xml = read_entry(&mut zip, &qde)?;
    let xml = decode_text(&xml).ok_or_else(|| {
        err(
            format!("{qde} is not UTF-8 or UTF-16"),
            "re-export the project",
        )
    })?;
    let mut project = parse_xml(&xml).map_err(|m| {
        err(
            format!("{qde}: {m}"),
            "re-export the project; the file is not well-formed QDA-XML",
        )
    })?;
    // Source texts held as files: `internal://X.txt` is `sources/X.txt`.
    let by_lower: HashMap<String, String> = names
        .iter()
        .map(|n| (n.to_ascii_lowercase(), n.clone()))
        .collect();
    // Some tools keep sources at the top of the archive: by base name too.
    let mut by_base: HashMap<String, String> = HashMap::new();
    for n in &names {
        let base = n.rsplit('/').next().unwrap_or(n).to_ascii_lowercase();
        by_base.entry(base).or_insert_with(|| n.clone());
    }
    let mut keep = Vec::new();
    for mut s in std::mem::take(&mut project.sources) {
        if let Some(path) = s.text.strip_prefix(PATH_MARK).map(str::to_string) {
            let inner = path
                .strip_prefix("internal://")
                .map(|p| format!("sources/{p}"))
                .unwrap_or_else(|| path.clone());
            let found = by_lower
                .get(&inner.to_ascii_lowercase())
                .or_else(|| {
                    let base = inner.rsplit('/').next().unwrap_or(&inner);
                    by_base.get(&base.to_ascii_lowercase())
                })
                .cloned();
            let Some(entry) = found else {
                project.skipped.push(format!(
                    "source “{}”: its text {path} is not in the archive",
                    s.name
                ));
                continue;
            };
            let bytes = read_entry(&mut zip, &entry)?;
            match decode_text(&bytes) {
                Some(t) => s.text = t,
                None => {
                    project.skipped.push(format!(
                        "source “{}”: {entry} is not UTF-8 or UTF-16 text",
                        s.name
                    ));
                    continue;
                }
            }
        }
        s.text = one_char_line_ends(&s.text);
        keep.push(s);
    }
    project.sources = keep;
    Ok(project)
}

/// The deepest code hierarchy read (the code tree is walked recursively).
pub const MAX_CODE_DEPTH: usize = 64;

/// Marks a source whose text is still a path, between parsing and reading.
const PATH_MARK: &str = "\u{0}path:";

fn read_entry(zip: &mut ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<Vec<u8>, ReadError> {
    let f = zip.by_name(name).map_err(|e| {
        err(
            format!("cannot read {name}: {e}"),
            "the archive may be damaged",
        )
    })?;
    let mut out = Vec::new();
    f.take(MAX_ENTRY + 1).read_to_end(&mut out).map_err(|e| {
        err(
            format!("cannot read {name}: {e}"),
            "the archive may be damaged",
        )
    })?;
    if out.len() as u64 > MAX_ENTRY {
        return Err(err(
            format!("{name} is larger than {} MB", MAX_ENTRY >> 20),
            "split the project",
        ));
    }
    Ok(out)
}

/// UTF-8 (BOM removed) or UTF-16 with a BOM; None for anything else.
fn decode_text(b: &[u8]) -> Option<String> {
    if let Some(rest) = b.strip_prefix(&[0xef, 0xbb, 0xbf]) {
        return String::from_utf8(rest.to_vec()).ok();
    }
    let utf16 = |rest: &[u8], le: bool| {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| {
                if le {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            })
            .collect();
        String::from_utf16(&units).ok()
    };
    if let Some(rest) = b.strip_prefix(&[0xff, 0xfe]) {
        return utf16(rest, true);
    }
    if let Some(rest) = b.strip_prefix(&[0xfe, 0xff]) {
        return utf16(rest, false);
    }
    String::from_utf8(b.to_vec()).ok()
}

/// CRLF → LF and a lone CR → LF: every line end one character, as
/// selections count them. (A BOM left inside inline text goes too.)
fn one_char_line_ends(s: &str) -> String {
    let s = s.strip_prefix('\u{feff}').unwrap_or(s);
    if !s.contains('\r') {
        return s.to_string();
    }
    s.replace("\r\n", "\n").replace('\r', "\n")
}

/// What an open element is, for attaching text and references.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Open {
    Project,
    Code,
    Source,
    Selection,
    Coding,
    Note,
    /// A part parallax does not read; its subtree is skipped.
    Skip,
    Other,
}

/// Parse `project.qde`.
fn parse_xml(xml: &str) -> Result<Project, String> {
    let mut r = Reader::from_str(xml);
    r.config_mut().trim_text(false);
    let mut p = Project::default();
    let mut stack: Vec<(Vec<u8>, Open)> = Vec::new();
    let mut codes: Vec<Code> = Vec::new();
    let mut source: Option<TextSource> = None;
    let mut selection: Option<Selection> = None;
    let mut coding: Option<(String, Option<String>)> = None;
    let mut note: Option<Note> = None;
    // Text of the element being read (Description, PlainTextContent).
    let mut text = String::new();
    let mut skip_depth = 0usize;
    let mut skipped: Vec<(String, usize)> = Vec::new();
    loop {
        let ev = r
            .read_event()
            .map_err(|e| format!("XML error at byte {}: {e}", r.error_position()))?;
        let (start, empty) = match &ev {
            Event::Start(e) => (Some(e.clone()), false),
            Event::Empty(e) => (Some(e.clone()), true),
            _ => (None, false),
        };
        if let Some(e) = start {
            let name = e.local_name().as_ref().to_vec();
            if skip_depth > 0 {
                if !empty {
                    skip_depth += 1;
                }
                continue;
            }
            let parent = stack.last().map(|(n, _)| n.as_slice());
            let kind = match (name.as_slice(), parent) {
                (b"Project", None) => {
                    p.name = attr(&e, "name").unwrap_or_default();
                    p.origin = attr(&e, "origin");
                    Open::Project
                }
                (b"Code", Some(b"Codes" | b"Code")) => {
                    if codes.len() >= MAX_CODE_DEPTH {
                        return Err(format!("codes nested more than {MAX_CODE_DEPTH} deep"));
                    }
                    codes.push(Code {
                        guid: attr(&e, "guid").unwrap_or_default(),
                        name: attr(&e, "name").unwrap_or_default(),
                        codable: attr(&e, "isCodable")
                            .is_none_or(|v| v.trim() != "false" && v.trim() != "0"),
                        color: attr(&e, "color"),
                        ..Code::default()
                    });
                    Open::Code
                }
                (b"TextSource", Some(b"Sources")) => {
                    let name = attr(&e, "name").unwrap_or_default();
                    let mut s = TextSource {
                        guid: attr(&e, "guid").unwrap_or_default(),
                        name,
                        ..TextSource::default()
                    };
                    if let Some(path) = attr(&e, "plainTextPath") {
                        s.text = format!("{PATH_MARK}{path}");
                    } else if attr(&e, "richTextPath").is_some() {
                        s.text = "\u{0}rich".into();
                    }
                    source = Some(s);
                    Open::Source
                }
                (b"PlainTextSelection", Some(b"TextSource")) if source.is_some() => {
                    let pos = |k: &str| attr(&e, k).and_then(|v| v.trim().parse::<usize>().ok());
                    selection = Some(Selection {
                        guid: attr(&e, "guid").unwrap_or_default(),
                        name: attr(&e, "name"),
                        start: pos("startPosition").unwrap_or(usize::MAX),
                        end: pos("endPosition").unwrap_or(usize::MAX),
                        ..Selection::default()
                    });
                    Open::Selection
                }
                (b"Coding", Some(b"PlainTextSelection" | b"TextSource")) => {
                    coding = Some((attr(&e, "guid").unwrap_or_default(), None));
                    Open::Coding
                }
                (b"CodeRef", Some(b"Coding")) => {
                    if let Some(c) = coding.as_mut() {
                        c.1 = attr(&e, "targetGUID");
                    }
                    Open::Other
                }
                (b"Note", Some(b"Notes")) => {
                    let mut n = Note {
                        guid: attr(&e, "guid").unwrap_or_default(),
                        name: attr(&e, "name"),
                        text: String::new(),
                    };
                    if attr(&e, "plainTextPath").is_some() {
                        // A note's text kept in a file: rare; say so.
                        n.text = String::new();
                        skipped.push(("note text kept in a file".into(), 1));
                    }
                    note = Some(n);
                    Open::Note
                }
                (b"NoteRef", Some(parent)) => {
                    let target = attr(&e, "targetGUID").unwrap_or_default();
                    match parent {
                        b"Code" => {
                            if let Some(c) = codes.last_mut() {
                                c.note_refs.push(target);
                            }
                        }
                        b"PlainTextSelection" | b"Coding" if selection.is_some() => {
                            if let Some(s) = selection.as_mut() {
                                s.note_refs.push(target);
                            }
                        }
                        b"TextSource" => {
                            if let Some(s) = source.as_mut() {
                                s.note_refs.push(target);
                            }
                        }
                        _ => {}
                    }
                    Open::Other
                }
                (b"Description" | b"PlainTextContent", _) => {
                    text.clear();
                    Open::Other
                }
                (
                    b"PictureSource" | b"PDFSource" | b"AudioSource" | b"VideoSource",
                    Some(b"Sources"),
                ) => {
                    let what = String::from_utf8_lossy(&name)
                        .replace("Source", "")
                        .to_lowercase();
                    p.skipped.push(format!(
                        "{what} source “{}”: only text sources are imported",
                        attr(&e, "name").unwrap_or_default()
                    ));
                    Open::Skip
                }
                (
                    b"Users" | b"Variables" | b"Cases" | b"Sets" | b"Graphs" | b"Links",
                    Some(b"Project"),
                ) => {
                    let what = match name.as_slice() {
                        b"Users" => "users (who coded)",
                        b"Variables" => "variables",
                        b"Cases" => "cases",
                        b"Sets" => "sets",
                        b"Graphs" => "graphs",
                        _ => "links",
                    };
                    skipped.push((what.to_string(), 1));
                    Open::Skip
                }
                (b"VariableValue", Some(b"TextSource")) => {
                    skipped.push(("variable values of sources".into(), 1));
                    Open::Skip
                }
                (b"PlainTextSelection", _) | (b"TextSource", _) => Open::Skip,
                _ => Open::Other,
            };
            if kind == Open::Skip {
                if !empty {
                    skip_depth = 1;
                }
                continue;
            }
            if empty {
                close(
                    kind,
                    &name,
                    &mut p,
                    &mut codes,
                    &mut source,
                    &mut selection,
                    &mut coding,
                    &mut note,
                    &mut text,
                    stack.last().map(|(n, _)| n.as_slice()),
                );
            } else {
                stack.push((name, kind));
            }
            continue;
        }
        match ev {
            Event::End(_) => {
                if skip_depth > 0 {
                    skip_depth -= 1;
                    continue;
                }
                let Some((name, kind)) = stack.pop() else {
                    return Err("unbalanced end tag".into());
                };
                let parent = stack.last().map(|(n, _)| n.as_slice());
                close(
                    kind,
                    &name,
                    &mut p,
                    &mut codes,
                    &mut source,
                    &mut selection,
                    &mut coding,
                    &mut note,
                    &mut text,
                    parent,
                );
            }
            Event::Text(t) if skip_depth == 0 => {
                text.push_str(&t.xml_content().map_err(|e| e.to_string())?);
            }
            Event::CData(t) if skip_depth == 0 => {
                text.push_str(&String::from_utf8_lossy(&t));
            }
            Event::GeneralRef(g) if skip_depth == 0 => {
                if let Ok(Some(c)) = g.resolve_char_ref() {
                    text.push(c);
                } else {
                    let name = g.decode().map_err(|e| e.to_string())?;
                    match quick_xml::escape::resolve_predefined_entity(&name) {
                        Some(s) => text.push_str(s),
                        None => return Err(format!("unknown entity &{name};")),
                    }
                }
            }
            Event::DocType(_) => return Err("a DOCTYPE is not allowed in QDA-XML".into()),
            Event::Eof => break,
            _ => {}
        }
    }
    if !stack.is_empty() {
        return Err("the file ends inside an element".into());
    }
    if p.name.is_empty() && p.sources.is_empty() && p.codes.is_empty() {
        return Err("no <Project> element".into());
    }
    let mut counts: Vec<(String, usize)> = Vec::new();
    for (what, n) in skipped {
        match counts.iter_mut().find(|(w, _)| *w == what) {
            Some(c) => c.1 += n,
            None => counts.push((what, n)),
        }
    }
    for (what, _) in counts {
        p.skipped.push(format!("{what}: not imported"));
    }
    Ok(p)
}

#[allow(clippy::too_many_arguments)]
fn close(
    kind: Open,
    name: &[u8],
    p: &mut Project,
    codes: &mut Vec<Code>,
    source: &mut Option<TextSource>,
    selection: &mut Option<Selection>,
    coding: &mut Option<(String, Option<String>)>,
    note: &mut Option<Note>,
    text: &mut String,
    parent: Option<&[u8]>,
) {
    match (kind, name) {
        (Open::Code, _) => {
            let c = codes.pop().expect("a code is open");
            match codes.last_mut() {
                Some(parent) => parent.children.push(c),
                None => p.codes.push(c),
            }
        }
        (Open::Source, _) => {
            if let Some(s) = source.take() {
                if s.text == "\u{0}rich" {
                    p.skipped.push(format!(
                        "source “{}”: only rich text (no plain text) in the file",
                        s.name
                    ));
                } else {
                    p.sources.push(s);
                }
            }
        }
        (Open::Selection, _) => {
            if let (Some(sel), Some(s)) = (selection.take(), source.as_mut()) {
                s.selections.push(sel);
            }
        }
        (Open::Coding, _) => {
            if let Some((g, Some(code))) = coding.take() {
                match (selection.as_mut(), source.as_mut()) {
                    (Some(sel), _) => sel.codings.push((g, code)),
                    (None, Some(s)) => s.whole_codings.push(code),
                    _ => {}
                }
            }
        }
        (Open::Note, _) => {
            if let Some(n) = note.take() {
                p.notes.push(n);
            }
        }
        (Open::Other, b"Description") => {
            let d = std::mem::take(text);
            let d = (!d.trim().is_empty()).then_some(d);
            match parent {
                Some(b"Code") => {
                    if let Some(c) = codes.last_mut() {
                        c.description = d;
                    }
                }
                Some(b"PlainTextSelection") => {
                    if let Some(s) = selection.as_mut() {
                        s.description = d;
                    }
                }
                Some(b"TextSource") => {
                    if let Some(s) = source.as_mut() {
                        s.description = d;
                    }
                }
                Some(b"Project") => p.description = d,
                Some(b"Note") => {
                    // A note's description: keep it if the note has no text.
                    if let (Some(n), Some(d)) = (note.as_mut(), d) {
                        if n.text.is_empty() {
                            n.text = d;
                        }
                    }
                }
                _ => {}
            }
        }
        (Open::Other, b"PlainTextContent") => {
            let t = std::mem::take(text);
            match parent {
                Some(b"TextSource") => {
                    if let Some(s) = source.as_mut() {
                        s.text = t;
                    }
                }
                Some(b"Note") => {
                    if let Some(n) = note.as_mut() {
                        n.text = t;
                    }
                }
                _ => {}
            }
        }
        _ => {}
    }
}

fn attr(e: &BytesStart, key: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == key.as_bytes())
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_text_nested_codes_and_skipped_parts_are_read() {
        let xml = r##"<?xml version="1.0"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="P &amp; Q">
 <Users><User guid="00000000-0000-0000-0000-000000000001" name="u"/></Users>
 <CodeBook><Codes>
  <Code guid="c1" name="Parent" isCodable="false"><Code guid="c2" name="Child" isCodable="true" color="#ff0000"><Description>d</Description></Code></Code>
 </Codes></CodeBook>
 <Sources>
  <TextSource guid="s1" name="Doc"><PlainTextContent>a&#13;&#10;b</PlainTextContent>
   <PlainTextSelection guid="x" startPosition="0" endPosition="3"><Coding guid="k"><CodeRef targetGUID="c2"/></Coding></PlainTextSelection>
  </TextSource>
  <PDFSource guid="s2" name="Scan"><PDFSelection guid="y" page="1" firstX="0" firstY="0" secondX="1" secondY="1"/></PDFSource>
 </Sources>
</Project>"##;
        let p = parse_xml(xml).unwrap();
        assert_eq!(p.name, "P & Q");
        assert_eq!(p.codes[0].children[0].name, "Child");
        assert_eq!(p.codes[0].children[0].description.as_deref(), Some("d"));
        assert!(!p.codes[0].codable);
        assert_eq!(
            p.sources[0].selections[0].codings,
            [("k".to_string(), "c2".to_string())]
        );
        assert_eq!(one_char_line_ends(&p.sources[0].text), "a\nb");
        assert_eq!(p.skipped.len(), 2, "{:?}", p.skipped);
        assert!(
            p.skipped[0].contains("pdf source “Scan”"),
            "{:?}",
            p.skipped
        );
    }

    #[test]
    fn absurdly_deep_codes_are_an_error_not_a_stack_overflow() {
        let mut xml = String::from("<Project name=\"p\"><CodeBook><Codes>");
        for i in 0..10_000 {
            xml.push_str(&format!(
                "<Code guid=\"g{i}\" name=\"c\" isCodable=\"true\">"
            ));
        }
        let e = parse_xml(&xml).unwrap_err();
        assert!(e.contains("nested more than 64"), "{e}");
    }

    #[test]
    fn a_doctype_is_refused() {
        let xml = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaa\">]><Project name=\"p\"/>";
        assert!(parse_xml(xml).unwrap_err().contains("DOCTYPE"));
    }
}
