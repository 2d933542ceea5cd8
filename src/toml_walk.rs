//! Reading TOML tables by hand, with spans, so that every problem in a file
//! is reported in one run (serde stops at the first) with file:line:column,
//! and unknown keys come with the nearest valid key.

use std::borrow::Cow;
use std::ops::Range;

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::diag::{did_you_mean, Diagnostic, Source};
use crate::safe_text::{is_bidi_control, neutralise_str};

/// A value together with the byte range of its source text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct At<T> {
    /// The value.
    pub value: T,
    /// Byte range in the source file (already offset for embedded TOML).
    pub span: Range<usize>,
}

/// A string value of a file, kept small: held by the hundred thousand
/// while a large theme map is read (issue 13: an owned `At<String>` per
/// field made a passage's spec three times its TOML). A value written
/// without escapes whose text needs no neutralising (nearly every one) is
/// its span of the file and no copy, in 16 bytes (an `Option<Text>` too);
/// any other owns its text, behind one more pointer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text(Repr);

#[derive(Debug, Clone, PartialEq, Eq)]
enum Repr {
    /// The file's bytes just inside the quotes of the value at
    /// `start..end` (quotes included). Files are at most 64 MiB.
    InFile { start: u32, end: u32 },
    /// A value with its own text.
    Own(Box<(Range<usize>, String)>),
}

impl Text {
    /// The value's text, given the text of the file it was read from.
    pub fn get<'a>(&'a self, file: &'a str) -> &'a str {
        match &self.0 {
            Repr::InFile { start, end } => &file[*start as usize + 1..*end as usize - 1],
            Repr::Own(own) => &own.1,
        }
    }

    /// Byte range of the value in its file, quotes included (what a
    /// diagnostic points at).
    pub fn span(&self) -> Range<usize> {
        match &self.0 {
            Repr::InFile { start, end } => *start as usize..*end as usize,
            Repr::Own(own) => own.0.clone(),
        }
    }

    /// The value, copied out, with its span.
    pub fn to_at(&self, file: &str) -> At<String> {
        At {
            value: self.get(file).to_owned(),
            span: self.span(),
        }
    }

    /// A string value `value` of the file behind `w`, whose source text
    /// spans `span` (in the TOML text's coordinates), as the program uses
    /// it: control characters (TOML's `\u001b` escapes) become visible
    /// stand-ins, as in essay text, so a title or stance can never send
    /// escape sequences to the terminal, and a quote still matches the
    /// essay's (equally neutralised) text. No copy when the value is the
    /// file's own bytes just inside the quotes (the parser borrows a value
    /// without escapes) and nothing in it needed neutralising.
    fn new(w: &Walk, value: &str, span: Range<usize>) -> Text {
        let span = w.at(span);
        let file = w.source.text.as_str();
        // The address check alone is sound: a value at that address, with
        // the span inside the file, can only be a slice of the file.
        let inside = (value.as_ptr() as usize).checked_sub(file.as_ptr() as usize);
        let borrowed = span.end <= file.len()
            && inside == Some(span.start + 1)
            && value.len() + 2 == span.len();
        match neutralise_str(value) {
            Cow::Borrowed(_) if borrowed => Text(Repr::InFile {
                start: span.start as u32,
                end: span.end as u32,
            }),
            clean => Text(Repr::Own(Box::new((span, clean.into_owned())))),
        }
    }
}

/// Where diagnostics go while a TOML document is walked.
pub struct Walk<'s> {
    /// The file the TOML came from.
    pub source: &'s Source,
    /// Byte offset of the TOML text within the file (front matter starts
    /// after the opening `+++` line).
    pub offset: usize,
    /// Every problem found so far.
    pub diags: Vec<Diagnostic>,
}

/// A TOML table being read, with its span and a name for messages.
#[derive(Clone)]
pub struct Table<'t, 'i> {
    table: &'t DeTable<'i>,
    span: Range<usize>,
    what: &'static str,
}

impl<'s> Walk<'s> {
    /// Start walking TOML text that sits at `offset` within `source`.
    pub fn new(source: &'s Source, offset: usize) -> Self {
        Walk {
            source,
            offset,
            diags: Vec::new(),
        }
    }

    /// Shift a span of the TOML text into file coordinates.
    pub fn at(&self, span: Range<usize>) -> Range<usize> {
        span.start + self.offset..span.end + self.offset
    }

    /// Record an error at a span of the TOML text and return it for notes.
    pub fn error(&mut self, message: impl Into<String>, span: Range<usize>) -> &mut Diagnostic {
        let span = self.at(span);
        self.diags
            .push(Diagnostic::error(message, self.source, span));
        self.diags.last_mut().expect("just pushed")
    }

    /// Parse TOML text, reporting a syntax error as a diagnostic.
    pub fn parse<'i>(&mut self, text: &'i str, what: &'static str) -> Option<Spanned<DeTable<'i>>> {
        match DeTable::parse(text) {
            Ok(t) => Some(t),
            Err(e) => {
                let span = e.span().unwrap_or(0..0);
                let msg = e.message().trim().to_string();
                self.error(format!("malformed TOML in {what}: {msg}"), span)
                    .label = "here".into();
                None
            }
        }
    }
}

impl<'t, 'i> Table<'t, 'i> {
    /// Wrap a table read from a document.
    pub fn new(table: &'t DeTable<'i>, span: Range<usize>, what: &'static str) -> Self {
        Table { table, span, what }
    }

    /// The span of the table (its header, for `[[array]]` items).
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    /// Report every key not in `known`, with the nearest known key.
    pub fn check_keys(&self, w: &mut Walk, known: &[&str]) {
        for (k, _) in self.table.iter() {
            let key: &str = k.get_ref();
            if !known.contains(&key) {
                let hint = did_you_mean(key, known.iter().copied());
                let what = self.what;
                let d = w.error(format!("unknown key `{key}` in {what}"), k.span());
                d.label = "not a known key".into();
                d.with_note_mut(match hint {
                    Some(h) => format!("hint: {h}"),
                    None => format!("hint: valid keys are {}", known.join(", ")),
                });
            }
        }
    }

    fn get(&self, key: &str) -> Option<&'t Spanned<DeValue<'i>>> {
        // A passage's or a theme's table has a handful of keys: comparing
        // them is cheaper than hashing the key (SipHash), and a large map
        // looks up hundreds of thousands. A big table is looked up hashed.
        if self.table.len() <= 16 {
            self.table
                .iter()
                .find(|(k, _)| k.get_ref().as_ref() == key)
                .map(|(_, v)| v)
        } else {
            self.table.get(key)
        }
    }

    /// True if the key is present.
    pub fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// The span of a key's value, if present.
    pub fn value_span(&self, key: &str) -> Option<Range<usize>> {
        self.get(key).map(|v| v.span())
    }

    /// An optional string value; a value of another type, or an empty or
    /// blank string (which says nothing), is an error.
    pub fn str(&self, w: &mut Walk, key: &str) -> Option<At<String>> {
        self.text(w, key).map(|t| t.to_at(&w.source.text))
    }

    /// [`Table::str`], as a [`Text`] (no copy of an unescaped value).
    pub fn text(&self, w: &mut Walk, key: &str) -> Option<Text> {
        if let Some(v) = self.get(key) {
            if let DeValue::String(s) = v.get_ref() {
                if s.trim().is_empty() {
                    blank(w, &format!("`{key}` in {}", self.what), v.span());
                    return None;
                }
            }
        }
        self.selector_text(w, key)
    }

    /// An optional string value that may be blank, for a value whose
    /// blankness is diagnosed where it is used (an empty quote is reported
    /// by anchoring, with its own hint); another type is an error.
    pub fn selector_text(&self, w: &mut Walk, key: &str) -> Option<Text> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::String(s) => Some(Text::new(w, s, v.span())),
            other => {
                let what = self.what;
                w.error(
                    format!(
                        "`{key}` in {what} must be a string, not {}",
                        type_name(other)
                    ),
                    v.span(),
                )
                .label = "expected a string".into();
                None
            }
        }
    }

    /// A required string value: missing is an error at the table.
    pub fn req_str(&self, w: &mut Walk, key: &str) -> Option<At<String>> {
        self.req_text(w, key).map(|t| t.to_at(&w.source.text))
    }

    /// [`Table::req_str`], as a [`Text`].
    pub fn req_text(&self, w: &mut Walk, key: &str) -> Option<Text> {
        if !self.has(key) {
            let what = self.what;
            w.error(format!("{what} has no `{key}`"), self.span.clone())
                .label = format!("`{key}` is required here").into();
            return None;
        }
        self.text(w, key)
    }

    /// A required id: a string as [`Table::req_str`], without the
    /// characters that would make it display as something else
    /// (bidirectional overrides and isolates) or not at all (control
    /// characters) — ids are typed on the command line and matched
    /// exactly.
    pub fn req_id(&self, w: &mut Walk, key: &str) -> Option<At<String>> {
        self.req_id_text(w, key).map(|t| t.to_at(&w.source.text))
    }

    /// [`Table::req_id`], as a [`Text`].
    pub fn req_id_text(&self, w: &mut Walk, key: &str) -> Option<Text> {
        if let Some(DeValue::String(s)) = self.get(key).map(|v| v.get_ref()) {
            if let Some(c) = s.chars().find(|&c| is_bidi_control(c) || c.is_control()) {
                let what = self.what;
                w.error(
                    format!(
                        "`{key}` in {what} holds the invisible character U+{:04X}",
                        c as u32
                    ),
                    self.value_span(key).unwrap_or(0..0),
                )
                .with_label_mut("not allowed in an id")
                .with_note_mut(
                    "hint: ids are typed on the command line: use letters, digits and dashes",
                );
                return None;
            }
        }
        self.req_text(w, key)
    }

    /// A list of strings; a single string is accepted as a list of one.
    pub fn str_list(&self, w: &mut Walk, key: &str) -> Option<Vec<At<String>>> {
        let list = self.text_list(w, key)?;
        Some(list.iter().map(|t| t.to_at(&w.source.text)).collect())
    }

    /// [`Table::str_list`], as [`Text`]s.
    pub fn text_list(&self, w: &mut Walk, key: &str) -> Option<Vec<Text>> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::String(s) => Some(vec![Text::new(w, s, v.span())]),
            DeValue::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items.iter() {
                    match item.get_ref() {
                        DeValue::String(s) if s.trim().is_empty() => {
                            blank(w, &format!("an item of `{key}`"), item.span());
                        }
                        DeValue::String(s) => out.push(Text::new(w, s, item.span())),
                        other => {
                            w.error(
                                format!("`{key}` must list strings, not {}", type_name(other)),
                                item.span(),
                            )
                            .label = "expected a string".into();
                        }
                    }
                }
                Some(out)
            }
            other => {
                w.error(
                    format!(
                        "`{key}` must be a list of strings, not {}",
                        type_name(other)
                    ),
                    v.span(),
                )
                .label = "expected [\"…\", …]".into();
                None
            }
        }
    }

    /// A sub-table (`[name]`), if present.
    pub fn table(&self, w: &mut Walk, key: &str, what: &'static str) -> Option<Table<'t, 'i>> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Table(t) => Some(Table::new(t, v.span(), what)),
            other => {
                w.error(
                    format!("`{key}` must be a table, not {}", type_name(other)),
                    v.span(),
                )
                .label = format!("expected [{key}]").into();
                None
            }
        }
    }

    /// An array of tables (`[[name]]`), empty if absent.
    pub fn tables(&self, w: &mut Walk, key: &str, what: &'static str) -> Vec<Table<'t, 'i>> {
        let Some(v) = self.get(key) else {
            return Vec::new();
        };
        match v.get_ref() {
            DeValue::Array(items) => items
                .iter()
                .filter_map(|item| match item.get_ref() {
                    DeValue::Table(t) => Some(Table::new(t, item.span(), what)),
                    other => {
                        w.error(
                            format!("`{key}` must hold tables, not {}", type_name(other)),
                            item.span(),
                        )
                        .label = format!("expected [[{key}]]").into();
                        None
                    }
                })
                .collect(),
            other => {
                w.error(
                    format!(
                        "`{key}` must be an array of tables, not {}",
                        type_name(other)
                    ),
                    v.span(),
                )
                .label = format!("expected [[{key}]]").into();
                Vec::new()
            }
        }
    }

    /// The raw value of a key, for types the helpers above do not cover.
    pub fn raw(&self, key: &str) -> Option<&'t Spanned<DeValue<'i>>> {
        self.get(key)
    }
}

/// Report an empty or blank string where text is expected.
fn blank(w: &mut Walk, what: &str, span: Range<usize>) {
    w.error(format!("{what} is empty"), span)
        .with_label_mut("write something here, or remove it")
        .with_note_mut("hint: a value of only spaces says nothing to the reader");
}

/// Cut points of a large TOML document: byte ranges that can be parsed
/// one by one (in parallel) with the same meaning as the whole, each but
/// the first starting at a top-level header line of one of `headers`
/// (e.g. `[[themes]]`, `[[passages]]`) that is not inside a multi-line
/// string, each at least `min_chunk` bytes. Arrays of tables are the only
/// thing split, so the pieces' arrays concatenate to the whole's; anything
/// that would make the pieces mean something else — a plain `[table]`
/// header after the first cut (which could repeat an earlier one), a
/// `[[x.y]]` header whose `[[x]]` is in an earlier piece, a top-level key
/// or a plain `[passages.x]` header making an array something else —
/// gives one range, the whole text.
pub fn split_at_headers(text: &str, headers: &[&str], min_chunk: usize) -> Vec<Range<usize>> {
    #[derive(Clone, Copy, PartialEq)]
    enum S {
        Normal,
        Basic,
        Literal,
        MlBasic,
        MlLiteral,
    }
    let whole: Vec<Range<usize>> = std::iter::once(0..text.len()).collect();
    let mut cuts = vec![0];
    let mut state = S::Normal;
    let mut pos = 0;
    let mut any_header = false;
    let mut after_cut = false;
    // The array-of-tables names seen since the last cut: a `[[x.y]]`
    // header adds to the last `[[x]]`, which must be in the same piece.
    let mut arrays_since_cut: Vec<&str> = Vec::new();
    let names: Vec<&str> = headers
        .iter()
        .map(|h| h.trim_start_matches('[').trim_end_matches(']'))
        .collect();
    let triple_dq = memchr::memmem::Finder::new(b"\"\"\"");
    let triple_sq = memchr::memmem::Finder::new(b"\'\'\'");
    // Without a triple quote anywhere no line needs looking into.
    let any_triple =
        triple_dq.find(text.as_bytes()).is_some() || triple_sq.find(text.as_bytes()).is_some();
    // Lines with their newline, found by memchr (vectorised, where
    // `split_inclusive` is not): a 5 MB map has 150,000 of them.
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1);
    let lines = ends
        .chain((!text.ends_with('\n') && !text.is_empty()).then_some(text.len()))
        .scan(0, |from, end| {
            let line = &text[*from..end];
            *from = end;
            Some(line)
        });
    for line in lines {
        let start = pos;
        pos += line.len();
        if state == S::Normal {
            let t = line.trim_start_matches([' ', '\t']);
            // Only a line starting with '[' can be a header.
            let cut_here = t
                .starts_with('[')
                .then(|| {
                    headers.iter().position(|h| {
                        t.strip_prefix(h).is_some_and(|rest| {
                            let rest = rest.trim_start_matches([' ', '\t']);
                            rest.is_empty() || rest.starts_with(['\n', '\r', '#'])
                        })
                    })
                })
                .flatten();
            if let Some(h) = cut_here {
                if start - cuts[cuts.len() - 1] >= min_chunk {
                    cuts.push(start);
                    arrays_since_cut.clear();
                }
                arrays_since_cut.push(names[h]);
                after_cut = true;
                any_header = true;
            } else if t.starts_with('[') {
                let plain = !t.starts_with("[[");
                let name = t.trim_start_matches(['[', ' ', '\t', '"', '\'']);
                // `[passages.x]` before the array would make it a table.
                if plain && (after_cut || names.iter().any(|a| name.starts_with(a))) {
                    return whole;
                }
                if !plain && after_cut {
                    // `[[x.y]]` (or `[[ "x" . y ]]`) needs its `[[x]]` in
                    // this piece; a plain `[[x]]` starts one.
                    let full = name.split(']').next().unwrap_or("");
                    let parts: Vec<&str> = full
                        .split('.')
                        .map(|p| p.trim_matches([' ', '\t', '"', '\'']))
                        .collect();
                    if parts.len() > 1 && !arrays_since_cut.contains(&parts[0]) {
                        return whole;
                    }
                    if parts.len() == 1 {
                        arrays_since_cut.push(parts[0]);
                    }
                }
                any_header = true;
            } else if !any_header {
                let key = t.trim_start_matches(['"', '\'']);
                if names.iter().any(|a| key.starts_with(a)) {
                    return whole;
                }
            }
        }
        let b = line.as_bytes();
        // A line begun outside any string ends outside one unless it opens
        // a multi-line string: its single-line strings and comment end
        // with it. Most lines have no triple quote, so skip them whole.
        if state == S::Normal
            && !(any_triple && (triple_dq.find(b).is_some() || triple_sq.find(b).is_some()))
        {
            continue;
        }
        let mut i = 0;
        while i < b.len() {
            // Inside a string only a few bytes matter (most of a map is
            // quotes and stances): jump to the next one (memchr is
            // vectorised) rather than look at every byte.
            let next = match state {
                S::Normal => Some(0),
                S::Basic => memchr::memchr3(b'\\', b'"', b'\n', &b[i..]),
                S::Literal => memchr::memchr2(b'\'', b'\n', &b[i..]),
                S::MlBasic => memchr::memchr2(b'\\', b'"', &b[i..]),
                S::MlLiteral => memchr::memchr(b'\'', &b[i..]),
            };
            let Some(skip) = next else { break };
            i += skip;
            let c = b[i];
            match state {
                S::Normal => match c {
                    b'#' => break,
                    b'"' if b[i..].starts_with(b"\"\"\"") => {
                        state = S::MlBasic;
                        i += 2;
                    }
                    b'"' => state = S::Basic,
                    b'\'' if b[i..].starts_with(b"\'\'\'") => {
                        state = S::MlLiteral;
                        i += 2;
                    }
                    b'\'' => state = S::Literal,
                    _ => {}
                },
                S::Basic => match c {
                    b'\\' => i += 1,
                    b'"' | b'\n' => state = S::Normal,
                    _ => {}
                },
                S::Literal => {
                    if c == b'\'' || c == b'\n' {
                        state = S::Normal;
                    }
                }
                S::MlBasic | S::MlLiteral => {
                    let q = if state == S::MlBasic { b'"' } else { b'\'' };
                    if c == b'\\' && state == S::MlBasic {
                        i += 1;
                    } else if c == q && b[i..].starts_with(&[q, q, q]) {
                        // Up to two quotes more are content before the
                        // closing three.
                        let mut n = 3;
                        while n < 5 && b.get(i + n) == Some(&q) {
                            n += 1;
                        }
                        state = S::Normal;
                        i += n - 1;
                    }
                }
            }
            i += 1;
        }
    }
    cuts.push(text.len());
    cuts.windows(2).map(|w| w[0]..w[1]).collect()
}

/// A TOML type's name for messages.
pub fn type_name(v: &DeValue) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

#[cfg(test)]
mod tests {
    use super::{split_at_headers, Repr, Table, Text, Walk};
    use crate::diag::Source;

    /// Each value of `key = …` lines in `toml`, read as a [`Text`] from a
    /// piece of a file that starts at `offset` (as a large map's pieces do).
    fn texts(toml: &str, offset: usize) -> (Source, Vec<(String, Text)>) {
        let file = format!("{}{toml}", "#\n".repeat(offset / 2));
        let src = Source::new("m.toml", file);
        let mut w = Walk::new(&src, offset);
        let doc = w.parse(&src.text[offset..], "test").expect("valid TOML");
        let root = Table::new(doc.get_ref(), 0..0, "test");
        let keys: Vec<String> = doc
            .get_ref()
            .keys()
            .map(|k| k.get_ref().to_string())
            .collect();
        let out = keys
            .into_iter()
            .map(|k| {
                let t = root.selector_text(&mut w, &k).expect("a string");
                (k, t)
            })
            .collect();
        assert!(w.diags.is_empty());
        (src, out)
    }

    #[test]
    #[cfg(target_pointer_width = "64")]
    fn a_text_and_an_absent_one_take_two_words() {
        // What a large map's specs are made of (see `Text`).
        assert_eq!(std::mem::size_of::<Text>(), 16);
        assert_eq!(std::mem::size_of::<Option<Text>>(), 16);
    }

    #[test]
    fn a_value_reads_back_as_written_and_borrows_only_when_the_file_holds_it() {
        let toml = concat!(
            "plain = \"the words\"\n",
            "literal = 'C:\\path'\n",
            "escaped = \"a \\\"quoted\\\" word\"\n",
            "unicode = \"caf\\u00e9 \u{c6c0}\"\n",
            "control = \"bell\\u0007 here\"\n",
            "multi = \"\"\"\nline one\nline two\"\"\"\n",
            "multi_literal = '''\nraw'''\n",
            "empty = \"\"\n",
        );
        for offset in [0, 10] {
            let (src, got) = texts(toml, offset);
            let value = |k: &str| {
                let t = &got.iter().find(|(key, _)| key == k).expect("key read").1;
                (
                    t.get(&src.text).to_string(),
                    matches!(t.0, Repr::InFile { .. }),
                )
            };
            assert_eq!(value("plain"), ("the words".into(), true));
            assert_eq!(value("literal"), ("C:\\path".into(), true));
            assert_eq!(value("escaped"), ("a \"quoted\" word".into(), false));
            assert_eq!(value("unicode"), ("café \u{c6c0}".into(), false));
            // Neutralised, as essay text is: never a raw control character.
            assert_eq!(value("control"), ("bell\u{2407} here".into(), false));
            assert_eq!(value("multi"), ("line one\nline two".into(), false));
            assert_eq!(value("multi_literal"), ("raw".into(), false));
            assert_eq!(value("empty"), ("".into(), true));
            // The span is the value's, quotes included, in file coordinates.
            let plain = &got[0].1;
            assert_eq!(&src.text[plain.span()], "\"the words\"");
        }
    }

    /// The texts of the pieces.
    fn pieces(text: &str) -> Vec<&str> {
        split_at_headers(text, &["[[passages]]"], 1)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn a_header_inside_any_kind_of_string_is_not_a_cut_and_the_next_real_one_is() {
        for (open, close) in [("\"\"\"", "\"\"\""), ("'''", "'''")] {
            let text = format!(
                "[[passages]]\nnote = {open}a \\\\ \"quoted\" 'x'\n[[passages]]\nstill the note{close}\n\
                 [[passages]]\nquote = \"b [[passages]] \\\" c\"\n[[passages]]\nquote = 'd'\n"
            );
            let got = pieces(&text);
            assert_eq!(got.len(), 3, "{open}: {got:#?}");
            assert!(got[0].contains("still the note"), "{open}: {got:#?}");
            assert!(
                got[1].starts_with("[[passages]]\nquote = \"b"),
                "{open}: {got:#?}"
            );
            assert!(
                got[2].starts_with("[[passages]]\nquote = 'd'"),
                "{open}: {got:#?}"
            );
        }
    }

    #[test]
    fn a_header_on_a_last_line_without_a_newline_is_a_cut() {
        let text = "[[passages]]\nquote = 'a'\n[[passages]]";
        assert_eq!(
            pieces(text),
            ["[[passages]]\nquote = 'a'\n", "[[passages]]"]
        );
    }

    #[test]
    fn a_quote_left_open_at_the_end_of_a_line_ends_there() {
        // Basic and literal strings are one line long: an unclosed one is an
        // error the parser reports, and must not swallow the next header.
        let text = "[[passages]]\nquote = \"open\n[[passages]]\nquote = 'open\n[[passages]]\n";
        assert_eq!(pieces(text).len(), 3, "{:#?}", pieces(text));
    }
}
