//! One essay: front matter (TOML between `+++` lines) and a Markdown body
//! parsed into plain text.

use std::ops::Range;

use toml::de::DeValue;

use super::markdown::{Block, StyleSpan};
use crate::diag::{Diagnostic, Source};
use crate::toml_walk::{type_name, Table, Walk};

/// What the front matter says about an essay. Only what the source states:
/// every field but `authors` is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    /// The title as published (absent when the source gives none).
    pub title: Option<String>,
    /// A subtitle or standfirst line.
    pub subtitle: Option<String>,
    /// Authors, in the order the source gives.
    pub authors: Vec<String>,
    /// Where it was published.
    pub publisher: Option<String>,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, only when the source states it.
    pub published: Option<String>,
    /// commentary, analysis, q-and-a, debate, essay…
    pub kind: Option<String>,
    /// Author biographies.
    pub about: Option<String>,
    /// An editor's or publisher's introduction, kept out of the author's text.
    pub intro: Option<String>,
    /// The motion, for one voice of a debate.
    pub debate: Option<String>,
    /// The series the piece appeared in.
    pub series: Option<String>,
    /// The editor, where the source names one.
    pub editor: Option<String>,
    /// The author's affiliation as the source prints it.
    pub affiliation: Option<String>,
    /// Where the source lives.
    pub url: Option<String>,
    /// Language tag, e.g. `en`.
    pub language: Option<String>,
}

/// Front-matter keys parallax understands.
pub const FRONT_MATTER_KEYS: &[&str] = &[
    "title",
    "subtitle",
    "authors",
    "publisher",
    "published",
    "kind",
    "about",
    "intro",
    "debate",
    "series",
    "editor",
    "affiliation",
    "url",
    "language",
];

impl Meta {
    /// The authors' surnames joined for a compact label: "Cha & Johnstone".
    pub fn surnames(&self) -> String {
        let names: Vec<&str> = self
            .authors
            .iter()
            .map(|a| a.split_whitespace().last().unwrap_or(a))
            .collect();
        match names.as_slice() {
            [] => String::new(),
            [one] => one.to_string(),
            [a, b] => format!("{a} & {b}"),
            [first, ..] => format!("{first} et al."),
        }
    }

    /// The year, when the source gives a date.
    pub fn year(&self) -> Option<&str> {
        self.published.as_deref().and_then(|p| p.get(..4))
    }

    /// The title, or, for a source that gives none, a label made from what
    /// it does give ("USIP q-and-a"). Never invents a title.
    pub fn display_title(&self) -> String {
        if let Some(t) = &self.title {
            return t.clone();
        }
        let parts: Vec<&str> = [&self.publisher, &self.kind]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect();
        if parts.is_empty() {
            "(untitled)".to_string()
        } else {
            parts.join(" ")
        }
    }
}

/// An essay of the corpus, parsed.
#[derive(Debug, Clone)]
pub struct Essay {
    /// The id: the file stem.
    pub id: String,
    /// The file it came from, as shown in diagnostics.
    pub path: String,
    /// Front matter.
    pub meta: Meta,
    /// Plain text of the body; anchors and offsets refer to it.
    pub text: String,
    /// Block structure of the text.
    pub blocks: Vec<Block>,
    /// Inline styles.
    pub spans: Vec<StyleSpan>,
}

impl Essay {
    /// Parse an essay file's text (already decoded, BOM and CRLF handled).
    /// Problems are pushed to `diags`; an essay is returned whenever its
    /// body could be read, so one bad field does not hide the others.
    pub fn parse(id: &str, source: &Source, diags: &mut Vec<Diagnostic>) -> Option<Essay> {
        let text: &str = &source.text;
        if text.trim().is_empty() {
            diags.push(
                Diagnostic::error("essay file is empty", source, 0..0)
                    .with_label("nothing here")
                    .with_note(
                        "hint: write the front matter and the essay's text, or remove the file",
                    ),
            );
            return None;
        }
        let (meta, body_start) = match split_front_matter(text) {
            FrontMatter::None => {
                diags.push(
                    Diagnostic::error("essay has no front matter", source, 0..0)
                        .with_label("expected `+++` here")
                        .with_note(
                            "hint: start the file with a TOML block, e.g.\n+++\ntitle = \"…\"\nauthors = [\"…\"]\n+++",
                        ),
                );
                (Meta::default(), 0)
            }
            FrontMatter::Unterminated => {
                diags.push(
                    Diagnostic::error("front matter is not closed", source, 0..3)
                        .with_label("opened here")
                        .with_note("hint: end the front matter with a line holding only `+++`"),
                );
                return None;
            }
            FrontMatter::Found { toml, body_start } => {
                let mut w = Walk::new(source, toml.start);
                let meta = parse_meta(&mut w, &text[toml]);
                diags.append(&mut w.diags);
                (meta, body_start)
            }
        };
        let body = &text[body_start..];
        let parsed = super::body::parse(body);
        if parsed.text.trim().is_empty() {
            let at = body_start.min(text.len());
            diags.push(
                Diagnostic::error("essay has no text", source, at..at)
                    .with_label("the body after the front matter is empty")
                    .with_note(
                        "hint: add the essay's text after the closing `+++`, or remove the file",
                    ),
            );
        }
        Some(Essay {
            id: id.to_string(),
            path: source.name.to_string(),
            meta,
            text: parsed.text,
            blocks: parsed.blocks,
            spans: parsed.spans,
        })
    }

    /// Number of words in a range of the text (for coverage shares).
    pub fn words_in(&self, range: Range<usize>) -> usize {
        self.text
            .get(range)
            .map_or(0, |s| s.split_whitespace().count())
    }
}

enum FrontMatter {
    None,
    Unterminated,
    Found {
        toml: Range<usize>,
        body_start: usize,
    },
}

fn split_front_matter(text: &str) -> FrontMatter {
    let Some(rest) = text.strip_prefix("+++") else {
        return FrontMatter::None;
    };
    let Some(first_nl) = rest.find('\n') else {
        return FrontMatter::Unterminated;
    };
    if !rest[..first_nl].trim().is_empty() {
        return FrontMatter::None;
    }
    let toml_start = 3 + first_nl + 1;
    let mut pos = toml_start;
    for line in text[toml_start..].split_inclusive('\n') {
        if line.trim_end() == "+++" {
            return FrontMatter::Found {
                toml: toml_start..pos,
                body_start: pos + line.len(),
            };
        }
        pos += line.len();
    }
    FrontMatter::Unterminated
}

fn parse_meta(w: &mut Walk, toml_text: &str) -> Meta {
    let Some(doc) = w.parse(toml_text, "front matter") else {
        return Meta::default();
    };
    let t = Table::new(doc.get_ref(), 0..0, "front matter");
    t.check_keys(w, FRONT_MATTER_KEYS);
    let s = |w: &mut Walk, k: &str| t.str(w, k).map(|a| a.value);
    let mut meta = Meta {
        title: s(w, "title"),
        subtitle: s(w, "subtitle"),
        authors: Vec::new(),
        publisher: s(w, "publisher"),
        published: None,
        kind: s(w, "kind"),
        about: s(w, "about"),
        intro: s(w, "intro"),
        debate: s(w, "debate"),
        series: s(w, "series"),
        editor: s(w, "editor"),
        affiliation: s(w, "affiliation"),
        url: s(w, "url"),
        language: s(w, "language"),
    };
    match t.str_list(w, "authors") {
        Some(a) => meta.authors = a.into_iter().map(|a| a.value).collect(),
        None if !t.has("authors") => {
            w.error("front matter has no `authors`", 0..0)
                .with_label_mut("add `authors = [\"…\"]` here");
        }
        None => {}
    }
    if let Some(v) = t.raw("published") {
        let value = match v.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            DeValue::Datetime(d) => Some(d.to_string()),
            DeValue::Integer(i) => Some(i.to_string()),
            other => {
                w.error(
                    format!(
                        "`published` must be a date string, not {}",
                        type_name(other)
                    ),
                    v.span(),
                );
                None
            }
        };
        if let Some(value) = value {
            if is_partial_date(&value) {
                meta.published = Some(value);
            } else {
                w.error(format!("`published` is not a date: {value:?}"), v.span())
                    .with_label_mut("expected YYYY, YYYY-MM or YYYY-MM-DD")
                    .with_note_mut("hint: give only what the source states, e.g. \"2021-10\"");
            }
        }
    }
    meta
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` with a plausible month and day.
fn is_partial_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let num = |p: &str, len: usize, lo: u32, hi: u32| {
        p.len() == len
            && p.bytes().all(|b| b.is_ascii_digit())
            && p.parse::<u32>().is_ok_and(|n| (lo..=hi).contains(&n))
    };
    match parts.as_slice() {
        [y] => num(y, 4, 0, 9999),
        [y, m] => num(y, 4, 0, 9999) && num(m, 2, 1, 12),
        [y, m, d] => num(y, 4, 0, 9999) && num(m, 2, 1, 12) && num(d, 2, 1, 31),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Option<Essay>, Vec<Diagnostic>) {
        let src = Source::new("essays/x.md", text);
        let mut d = Vec::new();
        (Essay::parse("x", &src, &mut d), d)
    }

    #[test]
    fn front_matter_fields_are_read() {
        let (e, d) = parse(
            "+++\ntitle = \"T\"\nauthors = [\"Ann Lee\", \"Bo Kim\"]\npublished = \"2021-10\"\nkind = \"essay\"\n+++\nBody text.\n",
        );
        assert!(d.is_empty(), "{d:?}");
        let e = e.unwrap();
        assert_eq!(e.meta.title.as_deref(), Some("T"));
        assert_eq!(e.meta.surnames(), "Lee & Kim");
        assert_eq!(e.meta.year(), Some("2021"));
        assert_eq!(e.text, "Body text.");
    }

    #[test]
    fn missing_title_falls_back_to_what_the_source_gives() {
        let (e, d) = parse(
            "+++\nauthors = [\"Frank Aum\"]\npublisher = \"USIP\"\nkind = \"q-and-a\"\n+++\nText.",
        );
        assert!(d.is_empty());
        assert_eq!(e.unwrap().meta.display_title(), "USIP q-and-a");
    }

    #[test]
    fn unknown_key_gets_nearest_valid_key_at_its_line() {
        let (_, d) = parse("+++\nauthors = []\npublshed = \"2021\"\n+++\nText.");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].position(), "essays/x.md:3:1");
        assert!(d[0].notes[0].contains("`published`"), "{:?}", d[0].notes);
    }

    #[test]
    fn bad_date_and_wrong_types_are_all_reported() {
        let (_, d) =
            parse("+++\nauthors = \"solo\"\ntitle = 3\npublished = \"Oct 2021\"\n+++\nText.");
        let msgs: Vec<_> = d.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(msgs.len(), 2, "{msgs:?}");
        assert!(msgs[0].contains("`title`"));
        assert!(msgs[1].contains("not a date"));
    }

    #[test]
    fn unterminated_and_missing_front_matter_are_diagnosed() {
        let (e, d) = parse("+++\ntitle = \"x\"\nno end");
        assert!(e.is_none());
        assert!(d[0].message.contains("not closed"));
        let (_, d) = parse("Just text.");
        assert!(d[0].message.contains("no front matter"));
    }

    #[test]
    fn malformed_toml_points_at_the_line() {
        let (_, d) = parse("+++\nauthors = [\"a\"\ntitle = \"x\"\n+++\nText.");
        assert!(
            d[0].message.starts_with("malformed TOML in front matter"),
            "{:?}",
            d[0]
        );
        assert!(
            d[0].position().starts_with("essays/x.md:"),
            "{}",
            d[0].position()
        );
    }

    #[test]
    fn empty_body_is_an_error() {
        let (_, d) = parse("+++\nauthors = []\n+++\n\n");
        assert!(d[0].message.contains("no text"));
    }

    #[test]
    fn empty_file_is_one_error() {
        for text in ["", " \n\n"] {
            let (e, d) = parse(text);
            assert!(e.is_none());
            assert_eq!(d.len(), 1, "{d:?}");
            assert_eq!(d[0].message, "essay file is empty");
        }
    }

    #[test]
    fn partial_dates() {
        for ok in ["2021", "2021-10", "2021-10-08"] {
            assert!(is_partial_date(ok), "{ok}");
        }
        for bad in ["21", "2021-13", "2021-1", "2021-10-32", "Oct"] {
            assert!(!is_partial_date(bad), "{bad}");
        }
    }
}
