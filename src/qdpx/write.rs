//! A [`Project`] as a `.qdpx` archive: `project.qde` (QDA-XML 1.0, children
//! in schema order) and one `sources/<GUID>.txt` per text source (UTF-8, LF,
//! no BOM). The same project always gives the same bytes: entries in a
//! fixed order, a fixed timestamp, no extra fields.

use std::fmt::Write as _;
use std::io::{Cursor, Write as _};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::{Code, Project};

/// The archive's bytes.
pub fn archive(p: &Project) -> std::io::Result<Vec<u8>> {
    archive_with(p, |i| p.sources[i].text.as_str())
}

/// [`archive`], with source `i`'s text given by `text_of(i)` (not read
/// from the project): an exporter holding the texts already need not copy
/// a 30 MB essay into the project to write it.
pub fn archive_with<'t>(
    p: &Project,
    text_of: impl Fn(usize) -> &'t str,
) -> std::io::Result<Vec<u8>> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    // Zip's epoch: a fixed date, so that two exports are byte-identical.
    let opts = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    zip.start_file("project.qde", opts)?;
    zip.write_all(project_xml(p).as_bytes())?;
    for (i, s) in p.sources.iter().enumerate() {
        zip.start_file(format!("sources/{}.txt", s.guid), opts)?;
        zip.write_all(xml_safe(text_of(i)).as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}

/// `project.qde`: the project as QDA-XML. Sources refer to their text by
/// `internal://<GUID>.txt`.
pub fn project_xml(p: &Project) -> String {
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = write!(
        x,
        "<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"{}\"",
        attr(&p.name)
    );
    if let Some(o) = &p.origin {
        let _ = write!(x, " origin=\"{}\"", attr(o));
    }
    x.push_str(">\n");
    if !p.codes.is_empty() {
        x.push_str("  <CodeBook>\n    <Codes>\n");
        for c in &p.codes {
            code(&mut x, c, 3);
        }
        x.push_str("    </Codes>\n  </CodeBook>\n");
    }
    if !p.sources.is_empty() {
        x.push_str("  <Sources>\n");
        for s in &p.sources {
            let _ = writeln!(
                x,
                "    <TextSource guid=\"{}\" name=\"{}\" plainTextPath=\"internal://{}.txt\">",
                s.guid,
                attr(&s.name),
                s.guid
            );
            description(&mut x, s.description.as_deref(), 3);
            for sel in &s.selections {
                let _ = write!(x, "      <PlainTextSelection guid=\"{}\"", sel.guid);
                if let Some(n) = &sel.name {
                    let _ = write!(x, " name=\"{}\"", attr(n));
                }
                let _ = writeln!(
                    x,
                    " startPosition=\"{}\" endPosition=\"{}\">",
                    sel.start, sel.end
                );
                description(&mut x, sel.description.as_deref(), 4);
                for (g, c) in &sel.codings {
                    let _ = writeln!(
                        x,
                        "        <Coding guid=\"{g}\">\n          <CodeRef targetGUID=\"{c}\"/>\n        </Coding>"
                    );
                }
                for n in &sel.note_refs {
                    let _ = writeln!(x, "        <NoteRef targetGUID=\"{n}\"/>");
                }
                x.push_str("      </PlainTextSelection>\n");
            }
            for c in &s.whole_codings {
                let _ = writeln!(
                    x,
                    "      <Coding guid=\"{}\">\n        <CodeRef targetGUID=\"{c}\"/>\n      </Coding>",
                    super::guid(&format!("whole:{}:{c}", s.guid))
                );
            }
            for n in &s.note_refs {
                let _ = writeln!(x, "      <NoteRef targetGUID=\"{n}\"/>");
            }
            x.push_str("    </TextSource>\n");
        }
        x.push_str("  </Sources>\n");
    }
    if !p.notes.is_empty() {
        x.push_str("  <Notes>\n");
        for n in &p.notes {
            let _ = write!(x, "    <Note guid=\"{}\"", n.guid);
            if let Some(name) = &n.name {
                let _ = write!(x, " name=\"{}\"", attr(name));
            }
            let _ = writeln!(
                x,
                ">\n      <PlainTextContent>{}</PlainTextContent>\n    </Note>",
                text(&n.text)
            );
        }
        x.push_str("  </Notes>\n");
    }
    description(&mut x, p.description.as_deref(), 1);
    x.push_str("</Project>\n");
    x
}

fn code(x: &mut String, c: &Code, depth: usize) {
    let pad = "  ".repeat(depth);
    let _ = write!(
        x,
        "{pad}<Code guid=\"{}\" name=\"{}\" isCodable=\"{}\"",
        c.guid,
        attr(&c.name),
        c.codable
    );
    if let Some(col) = &c.color {
        let _ = write!(x, " color=\"{}\"", attr(col));
    }
    if c.description.is_none() && c.note_refs.is_empty() && c.children.is_empty() {
        x.push_str("/>\n");
        return;
    }
    x.push_str(">\n");
    description(x, c.description.as_deref(), depth + 1);
    for n in &c.note_refs {
        let _ = writeln!(x, "{pad}  <NoteRef targetGUID=\"{n}\"/>");
    }
    for child in &c.children {
        code(x, child, depth + 1);
    }
    let _ = writeln!(x, "{pad}</Code>");
}

fn description(x: &mut String, d: Option<&str>, depth: usize) {
    if let Some(d) = d {
        let _ = writeln!(
            x,
            "{}<Description>{}</Description>",
            "  ".repeat(depth),
            text(d)
        );
    }
}

/// A character XML 1.0 cannot carry becomes U+FFFD: one character for
/// one, so code-point offsets stay right. (Essay text is already free of
/// control characters; this guards map strings and odd code points.)
fn xml_safe(s: &str) -> std::borrow::Cow<'_, str> {
    let ok = |c: char| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..);
    if s.chars().all(ok) {
        std::borrow::Cow::Borrowed(s)
    } else {
        s.chars()
            .map(|c| if ok(c) { c } else { '\u{fffd}' })
            .collect::<String>()
            .into()
    }
}

/// Element text: `&`, `<`, `>` escaped; a CR (which a parser would turn
/// into LF) as a character reference.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in xml_safe(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
    out
}

/// An attribute value: also quotes, and whitespace a parser would
/// normalise to spaces kept as character references.
fn attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in xml_safe(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_names_and_text_is_escaped() {
        assert_eq!(
            attr("a \"b\" <c> & d\ne"),
            "a &quot;b&quot; &lt;c&gt; &amp; d&#10;e"
        );
        assert_eq!(text("x < y && z\u{1}"), "x &lt; y &amp;&amp; z\u{fffd}");
    }
}
