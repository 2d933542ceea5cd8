//! A [`Project`] as a `.qdpx` archive: `project.qde` (QDA-XML 1.0, children
//! in schema order) and one `sources/<GUID>.txt` per text source (UTF-8, LF,
//! no BOM). The same project always gives the same bytes: entries in a
//! fixed order, a fixed timestamp, no extra fields.
//!
//! The archive is written as it is made, straight to a seekable output (a
//! file): the project file element by element through [`Xml`], each
//! source's text from wherever the caller holds it. Neither the archive,
//! the project file nor an escaped copy of a text is ever held whole, so
//! an exporter need not build a [`Project`] at all.

use std::io::{self, Cursor, Seek, Write};

use super::zip_out::ZipOut;
use super::{Code, Project, Selection, TextSource};

/// The project's bytes as an archive (built in memory: for small projects
/// and tests; an exporter writes with [`write_archive`]).
pub fn archive(p: &Project) -> io::Result<Vec<u8>> {
    let out = write_archive(
        Cursor::new(Vec::new()),
        |w| write_project(p, w),
        p.sources.iter().map(|s| (s.guid.clone(), s.text.as_str())),
    )?;
    Ok(out.into_inner())
}

/// Write an archive to `out` as it is made: first `project.qde`, written
/// by `xml` (typically through [`Xml`]), then one `sources/<GUID>.txt`
/// per `(GUID, text)` of `sources`, in order (deflated, a fixed
/// timestamp: see [`ZipOut`]). `out` is given back after the zip's
/// directory is written. Memory held: one deflater and its buffers, and
/// the directory (an entry name and four numbers per source), never the
/// output.
pub fn write_archive<'t, W: Write + Seek>(
    out: W,
    xml: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    sources: impl IntoIterator<Item = (String, &'t str)>,
) -> io::Result<W> {
    let mut zip = ZipOut::new(out);
    zip.start("project.qde")?;
    {
        // The project file comes in many small pieces; the deflater is fed
        // them in 64 KiB runs.
        let mut w = io::BufWriter::with_capacity(64 * 1024, &mut zip);
        xml(&mut w)?;
        w.flush()?;
    }
    for (guid, text) in sources {
        zip.start(&format!("sources/{guid}.txt"))?;
        escaped(&mut zip, text, |_| None)?;
    }
    zip.finish()
}

/// `project.qde`: the project as QDA-XML. Sources refer to their text by
/// `internal://<GUID>.txt`.
pub fn project_xml(p: &Project) -> String {
    let mut out = Vec::new();
    write_project(p, &mut out).expect("writing to a Vec does not fail");
    String::from_utf8(out).expect("the XML is written from strings")
}

/// [`project_xml`], written to `w`.
pub fn write_project(p: &Project, w: &mut dyn Write) -> io::Result<()> {
    let mut x = Xml::start(w, &p.name, p.origin.as_deref())?;
    for c in &p.codes {
        x.code(c)?;
    }
    for s in &p.sources {
        x.source_start(s)?;
        for sel in &s.selections {
            x.selection(sel)?;
        }
        x.source_end(s)?;
    }
    for n in &p.notes {
        x.note(&n.guid, n.name.as_deref(), &n.text)?;
    }
    x.finish(p.description.as_deref())
}

/// Where a [`Xml`] writer is: each part of the project opens its section
/// (closing the one before), in schema order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Section {
    Head,
    Codes,
    Sources,
    Notes,
}

/// `project.qde` written one part at a time, in schema order: codes, then
/// sources (each opened, its selections, closed), then notes, then
/// [`Xml::finish`]. A section with no parts is left out, as a whole
/// [`Project`] with none would leave it out. Parts out of that order are
/// a caller's bug (asserted in debug builds).
pub struct Xml<'w> {
    w: &'w mut dyn Write,
    section: Section,
}

impl<'w> Xml<'w> {
    /// The XML declaration and the opening `<Project>`.
    pub fn start(w: &'w mut dyn Write, name: &str, origin: Option<&str>) -> io::Result<Self> {
        w.write_all(b"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n")?;
        w.write_all(b"<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"")?;
        attr(w, name)?;
        w.write_all(b"\"")?;
        if let Some(o) = origin {
            w.write_all(b" origin=\"")?;
            attr(w, o)?;
            w.write_all(b"\"")?;
        }
        w.write_all(b">\n")?;
        Ok(Xml {
            w,
            section: Section::Head,
        })
    }

    /// Close the current section and open `next`, unless already in it.
    fn enter(&mut self, next: Section) -> io::Result<()> {
        debug_assert!(next >= self.section, "QDA-XML parts out of schema order");
        if next == self.section {
            return Ok(());
        }
        self.close()?;
        self.w.write_all(match next {
            Section::Head => b"",
            Section::Codes => b"  <CodeBook>\n    <Codes>\n",
            Section::Sources => b"  <Sources>\n",
            Section::Notes => b"  <Notes>\n",
        })?;
        self.section = next;
        Ok(())
    }

    fn close(&mut self) -> io::Result<()> {
        self.w.write_all(match self.section {
            Section::Head => b"",
            Section::Codes => b"    </Codes>\n  </CodeBook>\n",
            Section::Sources => b"  </Sources>\n",
            Section::Notes => b"  </Notes>\n",
        })
    }

    /// A top-level code of the code book, with its sub-codes.
    pub fn code(&mut self, c: &Code) -> io::Result<()> {
        self.enter(Section::Codes)?;
        code(self.w, c, 3)
    }

    /// A `<TextSource>`'s opening and description; its selections follow
    /// ([`Xml::selection`]), then [`Xml::source_end`]. Its `selections`
    /// and `text` are not read.
    pub fn source_start(&mut self, s: &TextSource) -> io::Result<()> {
        self.enter(Section::Sources)?;
        let w = &mut *self.w;
        write!(w, "    <TextSource guid=\"{}\" name=\"", s.guid)?;
        attr(w, &s.name)?;
        writeln!(w, "\" plainTextPath=\"internal://{}.txt\">", s.guid)?;
        description(w, s.description.as_deref(), 3)
    }

    /// A selection of the source last opened.
    pub fn selection(&mut self, sel: &Selection) -> io::Result<()> {
        debug_assert_eq!(self.section, Section::Sources);
        let w = &mut *self.w;
        write!(w, "      <PlainTextSelection guid=\"{}\"", sel.guid)?;
        if let Some(n) = &sel.name {
            w.write_all(b" name=\"")?;
            attr(w, n)?;
            w.write_all(b"\"")?;
        }
        writeln!(
            w,
            " startPosition=\"{}\" endPosition=\"{}\">",
            sel.start, sel.end
        )?;
        description(w, sel.description.as_deref(), 4)?;
        for (g, c) in &sel.codings {
            writeln!(
                w,
                "        <Coding guid=\"{g}\">\n          <CodeRef targetGUID=\"{c}\"/>\n        </Coding>"
            )?;
        }
        for n in &sel.note_refs {
            writeln!(w, "        <NoteRef targetGUID=\"{n}\"/>")?;
        }
        w.write_all(b"      </PlainTextSelection>\n")
    }

    /// The source's own codings and notes, and its closing tag.
    pub fn source_end(&mut self, s: &TextSource) -> io::Result<()> {
        debug_assert_eq!(self.section, Section::Sources);
        let w = &mut *self.w;
        for c in &s.whole_codings {
            writeln!(
                w,
                "      <Coding guid=\"{}\">\n        <CodeRef targetGUID=\"{c}\"/>\n      </Coding>",
                super::guid(&format!("whole:{}:{c}", s.guid))
            )?;
        }
        for n in &s.note_refs {
            writeln!(w, "      <NoteRef targetGUID=\"{n}\"/>")?;
        }
        w.write_all(b"    </TextSource>\n")
    }

    /// A note (borrowed: a stance need not be copied to be written).
    pub fn note(&mut self, guid: &str, name: Option<&str>, text: &str) -> io::Result<()> {
        self.enter(Section::Notes)?;
        let w = &mut *self.w;
        write!(w, "    <Note guid=\"{guid}\"")?;
        if let Some(name) = name {
            w.write_all(b" name=\"")?;
            attr(w, name)?;
            w.write_all(b"\"")?;
        }
        w.write_all(b">\n      <PlainTextContent>")?;
        element_text(w, text)?;
        w.write_all(b"</PlainTextContent>\n    </Note>\n")
    }

    /// The project's description and the closing `</Project>`.
    pub fn finish(mut self, desc: Option<&str>) -> io::Result<()> {
        self.close()?;
        description(self.w, desc, 1)?;
        self.w.write_all(b"</Project>\n")
    }
}

fn code(w: &mut dyn Write, c: &Code, depth: usize) -> io::Result<()> {
    let pad = "  ".repeat(depth);
    write!(w, "{pad}<Code guid=\"{}\" name=\"", c.guid)?;
    attr(w, &c.name)?;
    write!(w, "\" isCodable=\"{}\"", c.codable)?;
    if let Some(col) = &c.color {
        w.write_all(b" color=\"")?;
        attr(w, col)?;
        w.write_all(b"\"")?;
    }
    if c.description.is_none() && c.note_refs.is_empty() && c.children.is_empty() {
        return w.write_all(b"/>\n");
    }
    w.write_all(b">\n")?;
    description(w, c.description.as_deref(), depth + 1)?;
    for n in &c.note_refs {
        writeln!(w, "{pad}  <NoteRef targetGUID=\"{n}\"/>")?;
    }
    for child in &c.children {
        code(w, child, depth + 1)?;
    }
    writeln!(w, "{pad}</Code>")
}

fn description(w: &mut dyn Write, d: Option<&str>, depth: usize) -> io::Result<()> {
    if let Some(d) = d {
        write!(w, "{}<Description>", "  ".repeat(depth))?;
        element_text(w, d)?;
        w.write_all(b"</Description>\n")?;
    }
    Ok(())
}

/// Whether XML 1.0 can carry `c`. One it cannot becomes U+FFFD: one
/// character for one, so code-point offsets stay right. (Essay text is
/// already free of control characters; this guards map strings and odd
/// code points.)
fn xml_ok(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

/// Write `s` with each character XML cannot carry as U+FFFD and each
/// character `escape` names as its escape, the runs between written as
/// they are (no copy of `s` is made).
fn escaped(w: &mut dyn Write, s: &str, escape: fn(char) -> Option<&'static str>) -> io::Result<()> {
    let mut from = 0;
    for (i, c) in s.char_indices() {
        let with = if xml_ok(c) {
            escape(c)
        } else {
            Some("\u{fffd}")
        };
        if let Some(with) = with {
            w.write_all(&s.as_bytes()[from..i])?;
            w.write_all(with.as_bytes())?;
            from = i + c.len_utf8();
        }
    }
    w.write_all(&s.as_bytes()[from..])
}

/// Element text: `&`, `<`, `>` escaped; a CR (which a parser would turn
/// into LF) as a character reference.
fn element_text(w: &mut dyn Write, s: &str) -> io::Result<()> {
    escaped(w, s, |c| match c {
        '&' => Some("&amp;"),
        '<' => Some("&lt;"),
        '>' => Some("&gt;"),
        '\r' => Some("&#13;"),
        _ => None,
    })
}

/// An attribute value: also quotes, and whitespace a parser would
/// normalise to spaces kept as character references.
fn attr(w: &mut dyn Write, s: &str) -> io::Result<()> {
    escaped(w, s, |c| match c {
        '&' => Some("&amp;"),
        '<' => Some("&lt;"),
        '>' => Some("&gt;"),
        '"' => Some("&quot;"),
        '\n' => Some("&#10;"),
        '\r' => Some("&#13;"),
        '\t' => Some("&#9;"),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn to_string(f: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> String {
        let mut v = Vec::new();
        f(&mut v).unwrap();
        String::from_utf8(v).unwrap()
    }

    #[test]
    fn markup_in_names_and_text_is_escaped() {
        assert_eq!(
            to_string(|w| attr(w, "a \"b\" <c> & d\ne")),
            "a &quot;b&quot; &lt;c&gt; &amp; d&#10;e"
        );
        assert_eq!(
            to_string(|w| element_text(w, "x < y && z\u{1}")),
            "x &lt; y &amp;&amp; z\u{fffd}"
        );
        assert_eq!(
            to_string(|w| escaped(w, "a\u{1}b\u{fffe}<", |_| None)),
            "a\u{fffd}b\u{fffd}<"
        );
    }

    #[test]
    fn empty_sections_are_left_out() {
        let p = Project {
            name: "P".into(),
            ..Project::default()
        };
        assert_eq!(
            project_xml(&p),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
             <Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"P\">\n</Project>\n"
        );
    }
}
