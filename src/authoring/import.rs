//! `parallax add`: a file made into an essay of the corpus.
//!
//! - Markdown with front matter is kept byte for byte; without front
//!   matter, and plain text, the body is kept as it is (plain text with
//!   Markdown's special characters escaped, so it reads the same) under a
//!   front matter that states only what the file does.
//! - A saved web page (`.html`) goes through a port of Mozilla's
//!   Readability (the `dom_smoothie` crate) which keeps the article and
//!   leaves out the page's navigation, share bars, captions and their
//!   credits, related links, sign-up boxes, cookie notices and footers;
//!   the article becomes Markdown (headings, emphasis, block quotes and
//!   lists kept). Title, authors, publisher, date, URL and language come
//!   from the page's metadata (JSON-LD, meta tags, the byline) and only
//!   when it states them; what was kept and what was dropped is reported.

use std::collections::HashSet;

use dom_smoothie::{Config, Readability, TextMode};

use crate::corpus::files::decode;

/// A saved page larger than this is refused (bounded time and memory).
pub const MAX_BYTES: usize = 32 * 1024 * 1024;
/// At most this many elements of a page are looked at.
const MAX_ELEMENTS: usize = 200_000;

/// What the source states about itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceMeta {
    /// The title.
    pub title: Option<String>,
    /// Authors, in the source's order.
    pub authors: Vec<String>,
    /// Publisher or site name.
    pub publisher: Option<String>,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub published: Option<String>,
    /// The page's own URL.
    pub url: Option<String>,
    /// Language tag.
    pub language: Option<String>,
}

/// A file made ready to be an essay.
#[derive(Debug, Clone)]
pub struct Imported {
    /// What the source states.
    pub meta: SourceMeta,
    /// The essay file's full text (front matter and body).
    pub file: String,
    /// What was kept, one line each.
    pub kept: Vec<String>,
    /// What was left out, one line each.
    pub dropped: Vec<String>,
}

/// The kinds of input `add` understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Markdown, with or without front matter.
    Markdown,
    /// Plain text.
    Text,
    /// A saved web page.
    Html,
}

/// Tell a file's kind by its extension, else by a look at its start.
pub fn kind_of(name: &str, text: &str) -> Kind {
    let ext = std::path::Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "md" | "markdown" | "mdown" => Kind::Markdown,
        "html" | "htm" | "xhtml" => Kind::Html,
        _ => {
            let head: String = text.trim_start().chars().take(200).collect();
            let head = head.to_ascii_lowercase();
            if head.starts_with("<!doctype html") || head.starts_with("<html") {
                Kind::Html
            } else {
                Kind::Text
            }
        }
    }
}

/// Import a file's bytes. `name` is shown in messages and tells the kind.
pub fn import(name: &str, bytes: Vec<u8>) -> Result<Imported, String> {
    if bytes.len() > MAX_BYTES {
        return Err(format!(
            "{name} is {} MB; parallax takes files up to {} MB",
            bytes.len() / (1024 * 1024),
            MAX_BYTES / (1024 * 1024)
        ));
    }
    let src = decode(name, bytes).map_err(|d| d.to_string())?;
    let text = src.text.as_str();
    match kind_of(name, text) {
        Kind::Markdown => Ok(markdown(text)),
        Kind::Text => Ok(plain(text)),
        Kind::Html => html(text),
    }
}

/// Markdown: kept as it is.
fn markdown(text: &str) -> Imported {
    let words = text.split_whitespace().count();
    if text.starts_with("+++\n") || text.starts_with("+++\r\n") {
        return Imported {
            meta: front_matter_meta(text),
            file: text.to_string(),
            kept: vec![format!(
                "the file as it is, front matter and text ({words} words)"
            )],
            dropped: Vec::new(),
        };
    }
    // A leading `# Title` is the title; the text stays as it is.
    let title = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .and_then(|l| l.strip_prefix("# "))
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty());
    let meta = SourceMeta {
        title,
        ..SourceMeta::default()
    };
    let mut kept = vec![format!("the text as it is ({words} words)")];
    kept.push(describe_meta(&meta));
    Imported {
        file: with_front_matter(&meta, text, "Markdown"),
        meta,
        kept,
        dropped: Vec::new(),
    }
}

/// Plain text: kept as it is, escaped so Markdown reads it literally.
fn plain(text: &str) -> Imported {
    let words = text.split_whitespace().count();
    let meta = SourceMeta::default();
    Imported {
        file: with_front_matter(&meta, &escape_markdown(text), "plain text"),
        kept: vec![
            format!("the text as it is ({words} words)"),
            describe_meta(&meta),
        ],
        meta,
        dropped: Vec::new(),
    }
}

/// What a front matter block says, for choosing an id.
fn front_matter_meta(text: &str) -> SourceMeta {
    let body = text
        .trim_start_matches("+++")
        .trim_start_matches(['\r', '\n']);
    let Some(end) = body.find("\n+++") else {
        return SourceMeta::default();
    };
    let Ok(table) = body[..end].parse::<toml::Table>() else {
        return SourceMeta::default();
    };
    let s = |k: &str| table.get(k).and_then(|v| v.as_str()).map(str::to_string);
    SourceMeta {
        title: s("title"),
        authors: table
            .get("authors")
            .and_then(|v| v.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default(),
        publisher: s("publisher"),
        published: s("published"),
        url: s("url"),
        language: s("language"),
    }
}

/// Escape what Markdown would read as markup, so that plain text shows as
/// it was written: a backslash before each special character, and before a
/// line's list or heading marker.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    for line in text.split_inclusive('\n') {
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        let width: usize = line[..indent]
            .chars()
            .map(|c| if c == '\t' { 4 } else { 1 })
            .sum();
        // Indentation would make a code block; the words are what matter.
        let rest = if width >= 4 { &line[indent..] } else { line };
        let lead = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        out.push_str(&rest[..lead]);
        let body = &rest[lead..];
        // A number followed by "." or ")" starts an ordered list.
        let digits = body.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && matches!(body.as_bytes().get(digits), Some(b'.' | b')')) {
            out.push_str(&body[..digits]);
            out.push('\\');
            out.push_str(&escape_inline(&body[digits..]));
            continue;
        }
        if body.starts_with(['#', '>', '-', '+', '=']) {
            out.push('\\');
            out.push_str(&body[..1]);
            out.push_str(&escape_inline(&body[1..]));
        } else {
            out.push_str(&escape_inline(body));
        }
    }
    out
}

fn escape_inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '&' | '!' | '|' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A one-line account of the metadata found.
fn describe_meta(m: &SourceMeta) -> String {
    let mut parts = Vec::new();
    if let Some(t) = &m.title {
        parts.push(format!("title «{t}»"));
    }
    match m.authors.len() {
        0 => {}
        1 => parts.push(format!("author {}", m.authors[0])),
        _ => parts.push(format!("authors {}", m.authors.join(", "))),
    }
    if let Some(p) = &m.publisher {
        parts.push(format!("publisher {p}"));
    }
    if let Some(d) = &m.published {
        parts.push(format!("published {d}"));
    }
    if let Some(u) = &m.url {
        parts.push(format!("url {u}"));
    }
    if let Some(l) = &m.language {
        parts.push(format!("language {l}"));
    }
    if parts.is_empty() {
        "metadata: none stated (authors = [] until you fill them in)".to_string()
    } else {
        format!("metadata: {}", parts.join("; "))
    }
}

/// The essay file: front matter stating what the source does, then the
/// body.
fn with_front_matter(m: &SourceMeta, body: &str, from: &str) -> String {
    let q = |s: &str| toml_edit::Value::from(s).to_string();
    let mut fm =
        format!("+++\n# Imported by `parallax add` from {from}; only what the source states.\n");
    if let Some(t) = &m.title {
        fm += &format!("title = {}\n", q(t));
    }
    let authors: Vec<String> = m.authors.iter().map(|a| q(a)).collect();
    if authors.is_empty() {
        fm += "authors = []                   # the source names no author\n";
    } else {
        fm += &format!("authors = [{}]\n", authors.join(", "));
    }
    for (k, v) in [
        ("publisher", &m.publisher),
        ("published", &m.published),
        ("url", &m.url),
        ("language", &m.language),
    ] {
        if let Some(v) = v {
            fm += &format!("{k} = {}\n", q(v));
        }
    }
    fm += "+++\n";
    let body = body.trim_start_matches(['\n', '\r']);
    fm + body + if body.ends_with('\n') { "" } else { "\n" }
}

/// A date as the front matter takes it: the `YYYY-MM-DD` (or shorter)
/// that an ISO date-time starts with, if it does.
fn date_part(s: &str) -> Option<String> {
    let s = s.trim();
    let ok = |p: &str| {
        let parts: Vec<&str> = p.split('-').collect();
        matches!(parts.as_slice(), [y] | [y, _] | [y, _, _] if y.len() == 4)
            && parts.iter().all(|x| x.bytes().all(|b| b.is_ascii_digit()))
            && parts.iter().skip(1).all(|x| x.len() == 2)
    };
    for len in [10, 7, 4] {
        if let Some(p) = s.get(..len) {
            let next = s[len..].chars().next();
            if ok(p) && next.is_none_or(|c| !c.is_ascii_digit() && c != '-') {
                return Some(p.to_string());
            }
        }
    }
    None
}

/// Authors as JSON-LD lists them (`author` of the article object: a name,
/// an object with `name`, or a list of either).
fn json_ld_authors(doc: &dom_query::Document) -> Vec<String> {
    fn names(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s) => out.push(s.trim().to_string()),
            serde_json::Value::Object(o) => {
                if let Some(serde_json::Value::String(s)) = o.get("name") {
                    out.push(s.trim().to_string());
                }
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| names(x, out)),
            _ => {}
        }
    }
    fn find(v: &serde_json::Value) -> Option<&serde_json::Value> {
        match v {
            serde_json::Value::Object(o) => {
                let is_article = o.get("@type").is_some_and(|t| {
                    let t = t.to_string();
                    t.contains("Article") || t.contains("Posting") || t.contains("Report")
                });
                if is_article && o.contains_key("author") {
                    return o.get("author");
                }
                o.get("@graph").and_then(find)
            }
            serde_json::Value::Array(a) => a.iter().find_map(find),
            _ => None,
        }
    }
    for node in doc.select("script[type=\"application/ld+json\"]").nodes() {
        let text = node.text();
        let Ok(v) = serde_json::from_str::<serde_json::Value>(text.trim()) else {
            continue;
        };
        if let Some(a) = find(&v) {
            let mut out = Vec::new();
            names(a, &mut out);
            out.retain(|n| !n.is_empty());
            if !out.is_empty() {
                return out;
            }
        }
    }
    Vec::new()
}

/// Split a byline ("By A, B and C") into names.
fn byline_authors(byline: &str) -> Vec<String> {
    let mut s = byline.trim();
    for p in ["By ", "by ", "BY "] {
        if let Some(rest) = s.strip_prefix(p) {
            s = rest;
        }
    }
    s.replace(" and ", ",")
        .replace(" & ", ",")
        .split(',')
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty() && n.chars().any(char::is_alphabetic))
        .collect()
}

fn plural(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n).collect::<String>().trim_end())
    }
}

/// A saved web page.
fn html(text: &str) -> Result<Imported, String> {
    // The whole page, for JSON-LD authors and for the list of what was
    // dropped (Readability consumes its own copy).
    let page = dom_query::Document::from(text);
    let cfg = Config {
        text_mode: TextMode::Markdown,
        max_elements_to_parse: MAX_ELEMENTS,
        ..Config::default()
    };
    // Pictures and their captions and credits are not the author's text;
    // Readability keeps figures, so they go first.
    let doc = dom_query::Document::from(text);
    doc.select(
        "figure, figcaption, picture, img, video, audio, iframe, svg, canvas, object, embed",
    )
    .remove();
    for node in doc.select("[class*=caption], [class*=credit]").nodes() {
        if node.text().len() < 400 {
            node.remove_from_parent();
        }
    }
    let mut r = Readability::with_document(doc, None, Some(cfg))
        .map_err(|e| format!("cannot read the page: {e}"))?;
    let article = r
        .parse()
        .map_err(|e| format!("found no article in the page: {e}"))?;
    let mut authors = json_ld_authors(&page);
    if authors.is_empty() {
        if let Some(b) = &article.byline {
            authors = byline_authors(b);
        }
    }
    let nonempty = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let title = Some(article.title.trim().to_string()).filter(|t| !t.is_empty());
    let meta = SourceMeta {
        title,
        authors,
        publisher: nonempty(&article.site_name),
        published: article.published_time.as_deref().and_then(date_part),
        url: nonempty(&article.url).or_else(|| {
            page.select("link[rel=\"canonical\"]")
                .attr("href")
                .map(|h| h.trim().to_string())
                .filter(|h| h.starts_with("http"))
        }),
        language: nonempty(&article.lang),
    };
    let body = article.text_content.to_string();
    if body.trim().is_empty() {
        return Err("found no article text in the page".to_string());
    }
    // What was kept: counted from the article's own HTML.
    let art = dom_query::Document::from(article.content.to_string());
    let count = |sel: &str| art.select(sel).nodes().len();
    let words = body.split_whitespace().count();
    let kept = vec![
        describe_meta(&meta),
        format!(
            "text: {words} words — {}, {}, {}, {}",
            plural(count("p"), "paragraph"),
            plural(count("h1, h2, h3, h4, h5, h6"), "heading"),
            plural(count("blockquote"), "block quote"),
            plural(count("ul, ol"), "list")
        ),
    ];
    // What was dropped: the page's text blocks not in the article.
    let kept_text: String = squash(&art.text());
    let article_start: String = kept_text.chars().take(60).collect();
    let mut dropped = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut dropped_words = 0;
    const BLOCKS: &[&str] = &[
        "p",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "figcaption",
        "button",
        "td",
        "dd",
        "dt",
        "label",
        "blockquote",
    ];
    let sel = page.select("body *");
    for node in sel.nodes() {
        let tag = node.node_name().map(|n| n.to_string()).unwrap_or_default();
        // A block element, or any element with words of its own (a
        // banner's or footer's bare text).
        let own_words = !node.immediate_text().trim().is_empty();
        let block = BLOCKS.contains(&tag.as_str());
        let bare_text = own_words && !INLINE.contains(&tag.as_str());
        if !block && !bare_text {
            continue;
        }
        // A list item's list is reported once, as one line.
        let (what, text) = if tag == "li" {
            let Some(list) = node.parent() else { continue };
            let items: Vec<String> = list
                .element_children()
                .iter()
                .map(|c| squash(&c.text()))
                .filter(|t| !t.is_empty() && !kept_text.contains(t.as_str()))
                .collect();
            ("list", items.join(" · "))
        } else {
            (
                match tag.as_str() {
                    "figcaption" => "caption",
                    "button" => "button",
                    "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => "heading",
                    _ => "text",
                },
                squash(&node.text()),
            )
        };
        if text.is_empty()
            || kept_text.contains(text.as_str())
            // A container of the article itself, not something dropped.
            || text.contains(article_start.as_str())
            || meta.title.as_deref() == Some(text.as_str())
            || !seen.insert(text.clone())
        {
            continue;
        }
        // Skip a block inside one already reported.
        if seen
            .iter()
            .any(|s| s.len() > text.len() && s.contains(text.as_str()))
        {
            continue;
        }
        dropped_words += text.split_whitespace().count();
        dropped.push(format!("{what}: {}", short(&text, 72)));
    }
    // The head's scripts and styles are never text; say so once.
    let scripts = page.select("script, style, noscript").nodes().len();
    let total = dropped.len();
    dropped.truncate(12);
    if total > 12 {
        dropped.push(format!("… and {} more blocks", total - 12));
    }
    if total > 0 {
        dropped.insert(
            0,
            format!(
                "{total} block{} of page text ({dropped_words} words) not in the article:",
                if total == 1 { "" } else { "s" }
            ),
        );
    }
    if scripts > 0 {
        dropped.push(format!("and {scripts} scripts and styles"));
    }
    Ok(Imported {
        file: with_front_matter(&meta, &body, "a saved web page"),
        meta,
        kept,
        dropped,
    })
}

/// Elements that sit inside a block's text: their words are reported
/// with the block's.
const INLINE: &[&str] = &[
    "a", "span", "em", "strong", "i", "b", "u", "small", "time", "abbr", "cite", "code", "sup",
    "sub", "mark", "q", "s", "label", "script", "style", "noscript", "title", "option", "textarea",
    "select",
];

/// A lower-case slug: letters and digits kept, the rest made dashes.
pub fn slug(s: &str, max: usize) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let mut out = out.trim_end_matches('-').to_string();
    if out.chars().count() > max {
        let cut: String = out.chars().take(max).collect();
        // At a word's end when there is one.
        out = match cut.rfind('-') {
            Some(i) if i > max / 2 => cut[..i].to_string(),
            _ => cut,
        };
    }
    out
}

/// The id an essay gets: the first author's surname and the year, else a
/// slug of the title, else of the file name; with `-2`, `-3`… when taken.
pub fn choose_id(meta: &SourceMeta, file_stem: &str, taken: impl Fn(&str) -> bool) -> String {
    let surname = meta
        .authors
        .first()
        .and_then(|a| a.split_whitespace().last())
        .map(|s| slug(s, 30))
        .filter(|s| !s.is_empty());
    let year = meta.published.as_deref().and_then(|p| p.get(..4));
    let base = match (surname, year) {
        (Some(s), Some(y)) => format!("{s}-{y}"),
        _ => meta
            .title
            .as_deref()
            .map(|t| slug(t, 48))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| {
                let s = slug(file_stem, 48);
                if s.is_empty() {
                    "essay".to_string()
                } else {
                    s
                }
            }),
    };
    if !taken(&base) {
        return base;
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !taken(id))
        .expect("some suffix is free")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_keep_only_what_is_stated() {
        assert_eq!(
            date_part("2022-03-14T08:30:00+00:00").as_deref(),
            Some("2022-03-14")
        );
        assert_eq!(date_part("2021-10").as_deref(), Some("2021-10"));
        assert_eq!(date_part("2019").as_deref(), Some("2019"));
        assert_eq!(date_part("March 14, 2022"), None);
    }

    #[test]
    fn bylines_split_into_names() {
        assert_eq!(
            byline_authors("By Ann Lee, Bo Kim and Cy Park"),
            ["Ann Lee", "Bo Kim", "Cy Park"]
        );
    }

    #[test]
    fn ids_from_surname_and_year_else_title_never_taken() {
        let m = SourceMeta {
            authors: vec!["Tomás Okafor-Reyes".into()],
            published: Some("2022-03-14".into()),
            title: Some("Why Shared Gardens Outlast Their Founders".into()),
            ..SourceMeta::default()
        };
        assert_eq!(choose_id(&m, "x", |_| false), "okafor-reyes-2022");
        assert_eq!(
            choose_id(&m, "x", |id| id == "okafor-reyes-2022"),
            "okafor-reyes-2022-2"
        );
        let m = SourceMeta {
            published: None,
            ..m
        };
        assert_eq!(
            choose_id(&m, "x", |_| false),
            "why-shared-gardens-outlast-their-founders"
        );
        assert_eq!(
            choose_id(&SourceMeta::default(), "My Notes!", |_| false),
            "my-notes"
        );
    }
}
