//! REFI-QDA Project exchange (QDPX): the part of the standard parallax
//! speaks, as plain data. [`write`] turns a [`Project`] into a `.qdpx`
//! archive; [`read`] turns an archive written by any tool back into one,
//! liberally (a BOM in sources, CRLF counted as one character, an inner
//! file named `<Project>.qde`, inline text). What a corpus becomes in a
//! project, and back, is decided elsewhere (`export::qdpx`, `import`).

pub mod read;
pub mod write;
pub mod zip_out;

use uuid::Uuid;

/// A project, reduced to what text analysis needs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Project {
    /// `<Project name>`.
    pub name: String,
    /// `<Project origin>`: the tool that wrote it.
    pub origin: Option<String>,
    /// The project's `<Description>`.
    pub description: Option<String>,
    /// The code book: a tree of codes.
    pub codes: Vec<Code>,
    /// Text sources, in document order.
    pub sources: Vec<TextSource>,
    /// `<Notes>`: memos, referred to by `NoteRef`.
    pub notes: Vec<Note>,
    /// Parts of the file that were read but are not text analysis
    /// (pictures, cases, variables…): one line each, for the import report.
    pub skipped: Vec<String>,
}

/// A code of the code book.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Code {
    /// Its GUID.
    pub guid: String,
    /// Its name.
    pub name: String,
    /// Whether passages may be coded with it (a category may not be).
    pub codable: bool,
    /// `#RRGGBB` (or `#RGB`) as written.
    pub color: Option<String>,
    /// Its `<Description>`.
    pub description: Option<String>,
    /// Notes linked to the code.
    pub note_refs: Vec<String>,
    /// Sub-codes.
    pub children: Vec<Code>,
}

/// A text source with its selections.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextSource {
    /// Its GUID.
    pub guid: String,
    /// Its name (usually the document's title or file name).
    pub name: String,
    /// Its `<Description>`.
    pub description: Option<String>,
    /// The plain text: no BOM, line ends as LF (a CRLF is one character,
    /// as selections count it).
    pub text: String,
    /// Selections of the text, in document order.
    pub selections: Vec<Selection>,
    /// Codings of the source as a whole (not of a selection), by code GUID.
    pub whole_codings: Vec<String>,
    /// Notes linked to the source.
    pub note_refs: Vec<String>,
}

/// A plain-text selection: code points `start..end` of the source's text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// Its GUID.
    pub guid: String,
    /// Its name, when the tool gives one.
    pub name: Option<String>,
    /// First code point (from 0).
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// Its `<Description>`.
    pub description: Option<String>,
    /// Codings: (coding GUID, code GUID).
    pub codings: Vec<(String, String)>,
    /// Notes linked to the selection or to one of its codings.
    pub note_refs: Vec<String>,
}

/// A note (memo).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Note {
    /// Its GUID.
    pub guid: String,
    /// Its name ("Stance", "Teaching note"… or a tool's title).
    pub name: Option<String>,
    /// Its text.
    pub text: String,
}

/// The namespace of parallax's GUIDs: every GUID is a UUID v5 of a stable
/// name ("essay:aum-2022") in it, so exporting twice gives the same file.
const NAMESPACE: Uuid = Uuid::from_bytes([
    0x8f, 0x4e, 0x2a, 0x61, 0x3c, 0x0d, 0x5b, 0x7e, 0x9a, 0x10, 0x5e, 0x2b, 0x44, 0x71, 0xc3, 0x09,
]);

/// A deterministic GUID for a stable name.
pub fn guid(name: &str) -> String {
    Uuid::new_v5(&NAMESPACE, name.as_bytes())
        .hyphenated()
        .to_string()
}

impl Project {
    /// Every code, depth first, with the names of its ancestors.
    pub fn flat_codes(&self) -> Vec<(Vec<&str>, &Code)> {
        fn walk<'a>(
            codes: &'a [Code],
            path: &mut Vec<&'a str>,
            out: &mut Vec<(Vec<&'a str>, &'a Code)>,
        ) {
            for c in codes {
                out.push((path.clone(), c));
                path.push(&c.name);
                walk(&c.children, path, out);
                path.pop();
            }
        }
        let mut out = Vec::new();
        walk(&self.codes, &mut Vec::new(), &mut out);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guids_are_stable_and_distinct() {
        assert_eq!(guid("essay:a"), guid("essay:a"));
        assert_ne!(guid("essay:a"), guid("essay:b"));
        let g = guid("essay:a");
        assert_eq!(g.len(), 36);
        assert_eq!(&g[14..15], "5", "a version 5 UUID");
    }
}
