//! Import: a QDA project (read by `qdpx::read`) as a parallax corpus —
//! text sources become essays, codes become themes (the hierarchy
//! flattened into ids, colours kept), selections become passages (the
//! quote taken from the text at the selection), notes and descriptions
//! become stances and notes. A project exported by parallax comes back
//! exactly: its `[parallax]` blocks restore ids, front matter, questions
//! and tours.
//!
//! Nothing is dropped silently: whatever cannot be imported is listed in
//! [`Imported::skipped`], one line each. Every passage written is checked
//! by the same anchoring `parallax check` uses, so the corpus loads.

pub mod plain;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;

use rayon::prelude::*;
use serde::Serialize;

use crate::corpus::FRONT_MATTER_KEYS;
use crate::export::qdpx::{BLOCK_MARK, ROLE_CATEGORY, STANCE_NOTE};
use crate::mapping::anchor::{anchor_all, Selector};
use crate::mapping::schema::{STEP_KEYS, TOUR_KEYS};
use crate::mapping::{Role, ThemeColor};
use crate::qdpx::{Code, Project};

/// The corpus made from a project.
#[derive(Debug, Clone, Default)]
pub struct Imported {
    /// Files to write, by path relative to the corpus directory
    /// (`essays/<id>.md`, `themes/<name>.toml`).
    pub files: BTreeMap<String, String>,
    /// What was not imported, one line each.
    pub skipped: Vec<String>,
    /// Essays written.
    pub essays: usize,
    /// Themes written.
    pub themes: usize,
    /// Passages written.
    pub passages: usize,
}

impl Imported {
    /// Write the corpus to `dir`, which must not exist or be empty. The
    /// files are written into a temporary directory beside it that is then
    /// renamed into place, so the corpus appears whole or not at all (and
    /// a thousand files cost one rename, not two thousand fsyncs).
    pub fn write(&self, dir: &std::path::Path) -> std::io::Result<()> {
        use std::fs;
        let parent = match dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => std::path::Path::new("."),
        };
        let name = dir.file_name().ok_or_else(|| {
            std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a directory name")
        })?;
        let tmp = parent.join(format!(
            ".{}.import-{}.tmp",
            name.to_string_lossy(),
            std::process::id()
        ));
        let result = (|| {
            for (rel, text) in &self.files {
                let path = tmp.join(rel);
                if let Some(d) = path.parent() {
                    fs::create_dir_all(d)?;
                }
                fs::write(&path, text)?;
            }
            // An empty directory is replaced; a non-empty one is an error.
            fs::rename(&tmp, dir)
        })();
        if result.is_err() {
            let _ = fs::remove_dir_all(&tmp);
        }
        result
    }
}

/// The theme for selections that carry no code (annotations).
const ANNOTATIONS: &str = "annotations";

/// A description split into free text and the `[parallax]` block.
struct Described {
    free: Option<String>,
    block: Option<toml::Table>,
}

fn described(d: Option<&str>, what: &str, skipped: &mut Vec<String>) -> Described {
    let Some(d) = d else {
        return Described {
            free: None,
            block: None,
        };
    };
    let mut at = None;
    let mut offset = 0;
    for line in d.split_inclusive('\n') {
        let l = line.trim_end();
        if l == BLOCK_MARK || l.starts_with("[parallax.") || l.starts_with("[[parallax.") {
            at = Some(offset);
            break;
        }
        offset += line.len();
    }
    let free = |s: &str| {
        let s = s.trim();
        (!s.is_empty()).then(|| s.to_string())
    };
    let Some(at) = at else {
        return Described {
            free: free(d),
            block: None,
        };
    };
    match d[at..].parse::<toml::Table>() {
        Ok(mut t) => match t.remove("parallax") {
            Some(toml::Value::Table(b)) => Described {
                free: free(&d[..at]),
                block: Some(b),
            },
            _ => Described {
                free: free(d),
                block: None,
            },
        },
        Err(e) => {
            skipped.push(format!(
                "{what}: its [parallax] block is not valid TOML ({}); kept as text",
                e.message()
            ));
            Described {
                free: free(d),
                block: None,
            }
        }
    }
}

fn block_str(b: &toml::Table, k: &str) -> Option<String> {
    b.get(k).and_then(|v| v.as_str()).map(str::to_string)
}

/// A file-name-safe, lower-case id from a name: letters and digits kept,
/// everything else a single dash, at most 60 characters (the one slug
/// rule, shared with importing an essay).
pub fn slug(s: &str) -> String {
    crate::authoring::import::slug(s, 60)
}

/// A document name without the file extension a tool left on it.
fn without_extension(name: &str) -> &str {
    const EXT: &[&str] = &[
        ".txt", ".docx", ".doc", ".rtf", ".odt", ".pdf", ".md", ".html", ".htm",
    ];
    EXT.iter()
        .find_map(|e| {
            let cut = name.len().checked_sub(e.len())?;
            (name.is_char_boundary(cut) && name[cut..].eq_ignore_ascii_case(e))
                .then(|| name[..cut].trim_end())
        })
        .filter(|s| !s.is_empty())
        .unwrap_or(name)
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 120
        && !id.starts_with('.')
        && !id
            .chars()
            .any(|c| c == ',' || c == '/' || c == '\\' || c.is_whitespace() || c.is_control())
}

/// `want` if free, else `want-2`, `want-3`…
fn unique(want: &str, fallback: &str, taken: &mut HashSet<String>) -> String {
    let base = if want.is_empty() { fallback } else { want };
    let mut id = base.to_string();
    let mut k = 2;
    while taken.contains(&id) {
        id = format!("{base}-{k}");
        k += 1;
    }
    taken.insert(id.clone());
    id
}

/// `#RGB` or `#RRGGBB` as a theme colour string.
fn color_of(c: &str) -> Option<String> {
    let h = c.trim().strip_prefix('#')?;
    if !h.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    match h.len() {
        6 => Some(format!("#{}", h.to_ascii_lowercase())),
        3 => Some(format!(
            "#{}",
            h.chars()
                .flat_map(|c| [c, c])
                .collect::<String>()
                .to_ascii_lowercase()
        )),
        _ => None,
    }
}

#[derive(Serialize)]
struct MapOut {
    map: MapHead,
    themes: Vec<ThemeOut>,
    passages: Vec<PassageOut>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tours: Vec<toml::Table>,
}

#[derive(Serialize)]
struct MapHead {
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
}

#[derive(Serialize)]
struct ThemeOut {
    id: String,
    title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    question: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    color: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
}

#[derive(Serialize)]
struct PassageOut {
    essay: String,
    themes: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    quote: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    start: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stance: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    role: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<String>,
}

/// A passage before its selector is chosen.
struct Pending {
    essay: usize,
    /// Byte range in the essay's plain text.
    range: Range<usize>,
    themes: Vec<String>,
    stance: Option<String>,
    role: Option<Role>,
    note: Option<String>,
    /// How the selection is named in the report.
    label: String,
}

/// The role codes: a top-level category named "Role" (or "Roles") whose
/// sub-codes are all role names. Returns the category's GUID and each role
/// code's role.
fn roles(p: &Project) -> (Option<&str>, HashMap<&str, Role>) {
    let role = |k: &Code| k.name.trim().to_lowercase().parse::<Role>().ok();
    let mut roles = HashMap::new();
    let mut category = None;
    for c in &p.codes {
        let is_roles = (c.name.eq_ignore_ascii_case(ROLE_CATEGORY)
            || c.name.eq_ignore_ascii_case("roles"))
            && !c.children.is_empty()
            && c.children
                .iter()
                .all(|k| role(k).is_some() && k.children.is_empty());
        if is_roles {
            category = Some(c.guid.as_str());
            for k in &c.children {
                if let Some(r) = role(k) {
                    roles.insert(k.guid.as_str(), r);
                }
            }
        }
    }
    (category, roles)
}

/// An essay's front matter: the `[parallax]` block's keys (those parallax
/// reads; others are listed), else the source's name as the title and its
/// description as the introduction. Never an invented author: an empty
/// list. Keys in the order the README lists them.
fn front_matter(name: &str, d: &Described, what: &str, sk: &mut Vec<String>) -> toml::Table {
    let mut fm = toml::Table::new();
    match &d.block {
        Some(b) => {
            for (k, v) in b {
                if k == "id" {
                    continue;
                }
                let ok = FRONT_MATTER_KEYS.contains(&k.as_str())
                    && match k.as_str() {
                        "authors" => v
                            .as_array()
                            .is_some_and(|a| a.iter().all(toml::Value::is_str)),
                        _ => v.is_str(),
                    };
                if ok {
                    fm.insert(k.clone(), v.clone());
                } else {
                    sk.push(format!(
                        "{what}: front-matter key `{k}` is not one parallax reads"
                    ));
                }
            }
        }
        None => {
            let title = without_extension(name.trim());
            if !title.is_empty() {
                fm.insert("title".into(), title.into());
            }
            if let Some(f) = &d.free {
                fm.insert("intro".into(), f.clone().into());
            }
        }
    }
    if !fm.contains_key("authors") {
        fm.insert("authors".into(), toml::Value::Array(Vec::new()));
    }
    let mut ordered = toml::Table::new();
    for k in FRONT_MATTER_KEYS {
        if let Some(v) = fm.remove(*k) {
            ordered.insert(k.to_string(), v);
        }
    }
    ordered
}

/// Make a corpus from a project.
/// A source converted: its plain text, its Markdown, each selection's
/// byte range in the plain text (None when out of range), and its length
/// in code points.
type Conversion = (String, String, Vec<Option<(usize, usize)>>, usize);

/// Sources converted on demand, a batch at a time in parallel: all at once,
/// every source's Markdown and plain text were held together (with the
/// project's own copy and the files being written) — 330 MB for a 56 MB
/// corpus. Sources with no text are skipped, as the caller skips them.
struct Conversions<'a> {
    sources: &'a [crate::qdpx::TextSource],
    next: usize,
    ready: std::collections::VecDeque<Conversion>,
}

/// Sources converted in parallel at a time.
const CONVERT_BATCH: usize = 32;

impl Iterator for Conversions<'_> {
    type Item = Conversion;

    fn next(&mut self) -> Option<Conversion> {
        while self.ready.is_empty() && self.next < self.sources.len() {
            let end = (self.next + CONVERT_BATCH).min(self.sources.len());
            self.ready = self.sources[self.next..end]
                .par_iter()
                .filter_map(convert_source)
                .collect::<Vec<_>>()
                .into();
            self.next = end;
        }
        self.ready.pop_front()
    }
}

/// Convert one source, each selection's code points mapped to byte offsets
/// of the new text there, so that no source's code-point map outlives its
/// conversion; `None` for a source with no text.
fn convert_source(s: &crate::qdpx::TextSource) -> Option<Conversion> {
    if s.text.trim().is_empty() {
        return None;
    }
    let conv = plain::convert(&s.text);
    let len = s.text.chars().count();
    let at: Vec<Option<(usize, usize)>> = s
        .selections
        .iter()
        .map(|sel| {
            (sel.start <= sel.end && sel.end <= len)
                .then(|| (conv.map(sel.start), conv.map(sel.end)))
        })
        .collect();
    Some((conv.text, conv.markdown, at, len))
}

pub fn corpus(p: &Project) -> Imported {
    let mut out = Imported {
        skipped: p.skipped.clone(),
        ..Imported::default()
    };
    let sk = &mut out.skipped;
    let notes: HashMap<&str, &crate::qdpx::Note> =
        p.notes.iter().map(|n| (n.guid.as_str(), n)).collect();
    let mut used_notes: HashSet<&str> = HashSet::new();

    let (role_category, roles) = roles(p);

    // Which codes code some selection.
    let mut used_codes: HashSet<&str> = HashSet::new();
    for s in &p.sources {
        for sel in &s.selections {
            for (_, c) in &sel.codings {
                used_codes.insert(c);
            }
        }
    }

    // Themes from codes, in code-book order.
    let mut theme_ids: HashSet<String> = HashSet::new();
    let mut themes: Vec<ThemeOut> = Vec::new();
    let mut theme_of: HashMap<&str, String> = HashMap::new();
    let flat = p.flat_codes();
    // Ids from [parallax] blocks first, so that a slug never takes one.
    let mut planned: Vec<(&[&str], &Code, Described)> = Vec::new();
    for (path, code) in &flat {
        if Some(code.guid.as_str()) == role_category || roles.contains_key(code.guid.as_str()) {
            continue;
        }
        let d = described(
            code.description.as_deref(),
            &format!("code “{}”", code.name),
            sk,
        );
        planned.push((path.as_slice(), code, d));
    }
    let mut block_ids: Vec<Option<String>> = Vec::new();
    for (_, _, d) in &planned {
        let id = d
            .block
            .as_ref()
            .and_then(|b| block_str(b, "id"))
            .filter(|id| valid_id(id) && !theme_ids.contains(id));
        if let Some(id) = &id {
            theme_ids.insert(id.clone());
        }
        block_ids.push(id);
    }
    for ((path, code, d), bid) in planned.into_iter().zip(block_ids) {
        let full: Vec<&str> = path.iter().copied().chain([code.name.as_str()]).collect();
        if !used_codes.contains(code.guid.as_str()) {
            if code.children.is_empty() {
                sk.push(format!(
                    "code “{}”: no text is coded with it, so it is not a theme",
                    full.join(" / ")
                ));
            }
            continue;
        }
        let id = match bid {
            Some(id) => id,
            None => unique(&slug(&full.join(" ")), "code", &mut theme_ids),
        };
        let b = d.block.as_ref();
        let named = b
            .and_then(|b| block_str(b, "color"))
            .filter(|c| c.parse::<ThemeColor>().is_ok());
        let mut description = b.and_then(|b| block_str(b, "description"));
        if b.is_none() {
            description = d.free.clone();
        }
        for n in &code.note_refs {
            if let Some(note) = notes.get(n.as_str()) {
                used_notes.insert(n);
                let t = note.text.trim();
                if !t.is_empty() {
                    description = Some(match description {
                        Some(d) => format!("{d}\n\n{t}"),
                        None => t.to_string(),
                    });
                }
            }
        }
        let title = if full.len() > 1 {
            full.join(" / ")
        } else {
            code.name.clone()
        };
        theme_of.insert(&code.guid, id.clone());
        themes.push(ThemeOut {
            id,
            title: if title.trim().is_empty() {
                "(unnamed code)".into()
            } else {
                title
            },
            question: b.and_then(|b| block_str(b, "question")),
            color: named.or_else(|| code.color.as_deref().and_then(color_of)),
            description,
        });
    }

    // Essays.
    let mut essay_ids: HashSet<String> = HashSet::new();
    let mut essays: Vec<(String, String)> = Vec::new();
    // Converting the texts is the heavy part: in parallel, a batch of
    // sources at a time, as the loop below comes to them.
    let mut convs = Conversions {
        sources: &p.sources,
        next: 0,
        ready: std::collections::VecDeque::new(),
    };
    let mut pending: Vec<Pending> = Vec::new();
    let mut annotations_used = false;
    for s in &p.sources {
        let what = format!("source “{}”", s.name);
        if s.text.trim().is_empty() {
            sk.push(format!("{what}: it has no text"));
            continue;
        }
        let d = described(s.description.as_deref(), &what, sk);
        let bid = d
            .block
            .as_ref()
            .and_then(|b| block_str(b, "id"))
            .filter(|id| valid_id(id) && !essay_ids.contains(id));
        let id = match bid {
            Some(id) => {
                essay_ids.insert(id.clone());
                id
            }
            None => unique(&slug(without_extension(&s.name)), "source", &mut essay_ids),
        };
        let ordered = front_matter(&s.name, &d, &what, sk);
        if !s.whole_codings.is_empty() {
            sk.push(format!(
                "{what}: {} coding(s) of the whole document (parallax codes passages)",
                s.whole_codings.len()
            ));
        }
        for n in &s.note_refs {
            if notes.contains_key(n.as_str()) {
                used_notes.insert(n);
                sk.push(format!("{what}: a note on the whole document"));
            }
        }
        let (text, markdown, at, src_len) = convs.next().expect("one conversion per source");
        let e = essays.len();
        for (sel, at) in s.selections.iter().zip(at) {
            let label = format!(
                "selection {}–{} in {what}",
                if sel.start == usize::MAX {
                    "?".into()
                } else {
                    sel.start.to_string()
                },
                if sel.end == usize::MAX {
                    "?".into()
                } else {
                    sel.end.to_string()
                },
            );
            let Some((mut a, b)) = at else {
                sk.push(format!("{label}: outside the text ({src_len} characters)"));
                continue;
            };
            let mut b = b.max(a);
            // Whitespace at the edges is not part of a quote.
            let inner = &text[a..b];
            a += inner.len() - inner.trim_start().len();
            b -= inner.len() - inner.trim_end().len();
            if a >= b {
                sk.push(format!("{label}: selects no words"));
                continue;
            }
            let mut sel_themes = Vec::new();
            let mut role = None;
            for (_, c) in &sel.codings {
                if let Some(r) = roles.get(c.as_str()) {
                    if role.is_some() && role != Some(*r) {
                        sk.push(format!("{label}: a second role ({r}) — a passage has one"));
                    } else {
                        role = Some(*r);
                    }
                } else if let Some(t) = theme_of.get(c.as_str()) {
                    if !sel_themes.contains(t) {
                        sel_themes.push(t.clone());
                    }
                } else {
                    sk.push(format!(
                        "{label}: a coding with a code not in the code book ({c})"
                    ));
                }
            }
            if sel_themes.is_empty() {
                annotations_used = true;
                sel_themes.push(ANNOTATIONS.to_string());
            }
            // Stance: a note named "Stance", else the selection's
            // description; every other note is the passage's note.
            let mut stance = None;
            let mut rest: Vec<String> = Vec::new();
            for n in &sel.note_refs {
                match notes.get(n.as_str()) {
                    Some(note) => {
                        used_notes.insert(n);
                        let t = note.text.trim().to_string();
                        if t.is_empty() {
                            continue;
                        }
                        let is_stance = note
                            .name
                            .as_deref()
                            .is_some_and(|x| x.trim().eq_ignore_ascii_case(STANCE_NOTE));
                        if is_stance && stance.is_none() {
                            stance = Some(t);
                        } else {
                            rest.push(t);
                        }
                    }
                    None => sk.push(format!(
                        "{label}: a note reference to a note not in the project ({n})"
                    )),
                }
            }
            if let Some(dsc) = sel
                .description
                .as_deref()
                .map(str::trim)
                .filter(|d| !d.is_empty())
            {
                if stance.is_none() {
                    stance = Some(dsc.to_string());
                } else {
                    rest.insert(0, dsc.to_string());
                }
            }
            pending.push(Pending {
                essay: e,
                range: a..b,
                themes: sel_themes,
                stance,
                role,
                note: (!rest.is_empty()).then(|| rest.join("\n\n")),
                label,
            });
        }
        let mut fm_text = toml::to_string(&ordered).expect("front matter serialises");
        if !fm_text.ends_with('\n') {
            fm_text.push('\n');
        }
        out.files.insert(
            format!("essays/{id}.md"),
            format!("+++\n{fm_text}+++\n{markdown}"),
        );
        essays.push((id, text));
    }
    for n in &p.notes {
        if !used_notes.contains(n.guid.as_str()) {
            let name = n.name.as_deref().unwrap_or("untitled");
            sk.push(format!("note “{name}”: not linked to any coded text"));
        }
    }
    if annotations_used {
        let id = unique(ANNOTATIONS, ANNOTATIONS, &mut theme_ids);
        if id != ANNOTATIONS {
            for pe in &mut pending {
                for t in &mut pe.themes {
                    if t == ANNOTATIONS {
                        *t = id.clone();
                    }
                }
            }
        }
        themes.push(ThemeOut {
            id,
            title: "Annotations (selections without a code)".into(),
            question: None,
            color: None,
            description: Some("Selections the project marks without coding them.".into()),
        });
    }

    let passages = selectors(&essays, pending, sk);
    // A theme whose every selection failed to import would be empty.
    let on_some: HashSet<&str> = passages
        .iter()
        .flat_map(|p| p.themes.iter().map(String::as_str))
        .collect();
    themes.retain(|t| {
        let used = on_some.contains(t.id.as_str());
        if !used {
            sk.push(format!(
                "code “{}”: none of its coded text could be imported, so it is not a theme",
                t.title
            ));
        }
        used
    });

    let theme_set: HashSet<&str> = themes.iter().map(|t| t.id.as_str()).collect();
    let (head, tours) = map_head(p, &theme_set, &essay_ids, sk);
    out.essays = essays.len();
    out.themes = themes.len();
    out.passages = passages.len();
    let map = MapOut {
        map: head,
        themes,
        passages,
        tours,
    };
    let name = slug(&p.name);
    out.files.insert(
        format!(
            "themes/{}.toml",
            if name.is_empty() { "map" } else { &name }
        ),
        toml::to_string(&map).expect("the map serialises"),
    );
    out
}

/// The map's title and description, and the tours, from the project's
/// `[parallax]` block (else its name and description). Steps on themes or
/// essays that were not imported, and keys parallax does not read, are
/// dropped and listed.
fn map_head(
    p: &Project,
    theme_set: &HashSet<&str>,
    essay_ids: &HashSet<String>,
    sk: &mut Vec<String>,
) -> (MapHead, Vec<toml::Table>) {
    let d = described(p.description.as_deref(), "the project's description", sk);
    let mut head = MapHead {
        title: (!p.name.trim().is_empty()).then(|| p.name.trim().to_string()),
        description: d.free.clone(),
    };
    let mut tours = Vec::new();
    let Some(b) = &d.block else {
        return (head, tours);
    };
    head.title = block_str(b, "title").or(head.title);
    head.description = block_str(b, "description");
    let known = |t: &mut toml::Table, keys: &[&str], what: &str, sk: &mut Vec<String>| {
        t.retain(|k, _| {
            let ok = keys.contains(&k);
            if !ok {
                sk.push(format!("{what}: key `{k}` is not one parallax reads"));
            }
            ok
        });
    };
    let tables = |v: Option<&toml::Value>| -> Vec<toml::Table> {
        v.and_then(|v| v.as_array())
            .into_iter()
            .flatten()
            .filter_map(|t| t.as_table().cloned())
            .collect()
    };
    for mut t in tables(b.get("tours")) {
        let tid = block_str(&t, "id").unwrap_or_default();
        let what = format!("tour `{tid}`");
        let mut steps = Vec::new();
        for mut s in tables(t.get("steps")) {
            known(&mut s, STEP_KEYS, &format!("{what}, a step"), sk);
            let th = block_str(&s, "theme").unwrap_or_default();
            if !theme_set.contains(th.as_str()) {
                sk.push(format!(
                    "{what}: a step on theme `{th}`, which was not imported"
                ));
                continue;
            }
            if let Some(es) = s.get("essays").and_then(|v| v.as_array()).cloned() {
                let keep: Vec<toml::Value> = es
                    .into_iter()
                    .filter(|e| {
                        let ok = e.as_str().is_some_and(|e| essay_ids.contains(e));
                        if !ok {
                            sk.push(format!("{what}: essay {e} in a step was not imported"));
                        }
                        ok
                    })
                    .collect();
                s.insert("essays".into(), toml::Value::Array(keep));
            }
            steps.push(toml::Value::Table(s));
        }
        if steps.is_empty() {
            sk.push(format!("{what}: none of its steps could be imported"));
            continue;
        }
        known(&mut t, TOUR_KEYS, &what, sk);
        t.insert("steps".into(), toml::Value::Array(steps));
        tours.push(t);
    }
    (head, tours)
}

/// Choose each passage's selector: the quote when it is found exactly
/// there, else `start`/`end` phrases that are; long passages get phrases
/// first (a map a person can read). Checked with the anchoring `check`
/// uses, a round of candidates at a time over each essay.
fn selectors(
    essays: &[(String, String)],
    pending: Vec<Pending>,
    sk: &mut Vec<String>,
) -> Vec<PassageOut> {
    // Candidates for one passage, in order of preference.
    let candidates = |text: &str, r: &Range<usize>| -> Vec<Selector> {
        let s = &text[r.clone()];
        // Word starts and ends within the passage.
        let words: Vec<Range<usize>> = {
            let mut v = Vec::new();
            let mut start = None;
            for (i, c) in s.char_indices() {
                match (c.is_whitespace(), start) {
                    (false, None) => start = Some(i),
                    (true, Some(a)) => {
                        v.push(a..i);
                        start = None;
                    }
                    _ => {}
                }
            }
            if let Some(a) = start {
                v.push(a..s.len());
            }
            v
        };
        let range = |k: usize| Selector::Range {
            start: s[..words[k - 1].end].to_string(),
            end: s[words[words.len() - k].start..].to_string(),
        };
        let mut c = Vec::new();
        let n = words.len();
        if n >= 30 {
            c.push(range(6));
            c.push(range(12));
        }
        c.push(Selector::Quote(s.to_string()));
        for k in [6, 12, 24, 48] {
            if 2 * k < n && !(n >= 30 && k <= 12) {
                c.push(range(k));
            }
        }
        c
    };
    let mut chosen: Vec<Option<Selector>> = vec![None; pending.len()];
    let mut cands: Vec<Vec<Selector>> = pending
        .iter()
        .map(|p| {
            let mut c = candidates(&essays[p.essay].1, &p.range);
            c.reverse();
            c
        })
        .collect();
    loop {
        // This round: each unresolved passage's next candidate, by essay.
        let mut by_essay: BTreeMap<usize, Vec<(usize, Selector)>> = BTreeMap::new();
        for (i, p) in pending.iter().enumerate() {
            if chosen[i].is_none() {
                if let Some(s) = cands[i].pop() {
                    by_essay.entry(p.essay).or_default().push((i, s));
                }
            }
        }
        if by_essay.is_empty() {
            break;
        }
        // Essays are anchored in parallel, as `parallax check` does.
        // Per essay: the (passage, candidate) pairs tried, and which anchored.
        type Round = (Vec<(usize, Selector)>, Vec<bool>);
        let rounds: Vec<Round> = by_essay
            .into_par_iter()
            .map(|(e, items)| {
                let sels: Vec<Selector> = items.iter().map(|(_, s)| s.clone()).collect();
                let hit = anchor_all(&essays[e].1, &sels)
                    .into_iter()
                    .zip(&items)
                    .map(|(r, (i, _))| r.is_ok_and(|r| r == pending[*i].range))
                    .collect();
                (items, hit)
            })
            .collect();
        for (items, hit) in rounds {
            for ((i, s), ok) in items.into_iter().zip(hit) {
                if ok {
                    chosen[i] = Some(s);
                    cands[i].clear();
                }
            }
        }
    }
    let mut out = Vec::new();
    for (p, sel) in pending.into_iter().zip(chosen) {
        let Some(sel) = sel else {
            let text = &essays[p.essay].1[p.range.clone()];
            let short: String = text.chars().take(60).collect();
            sk.push(format!(
                "{}: “{}{}” occurs more than once in the text, and parallax finds passages by their words",
                p.label,
                short.replace('\n', " "),
                if short.len() < text.len() { "…" } else { "" }
            ));
            continue;
        };
        let (quote, start, end) = match sel {
            Selector::Quote(q) => (Some(q), None, None),
            Selector::Range { start, end } => (None, Some(start), Some(end)),
        };
        out.push(PassageOut {
            essay: essays[p.essay].0.clone(),
            themes: p.themes,
            quote,
            start,
            end,
            stance: p.stance,
            role: p.role.map(Role::name),
            note: p.note,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::qdpx::{Selection, TextSource};

    fn code(guid: &str, name: &str) -> Code {
        Code {
            guid: guid.into(),
            name: name.into(),
            codable: true,
            ..Code::default()
        }
    }

    #[test]
    fn what_cannot_be_imported_is_listed_one_line_each() {
        let sel = |guid: &str, start, end| Selection {
            guid: guid.into(),
            start,
            end,
            codings: vec![("k".into(), "c1".into())],
            ..Selection::default()
        };
        let p = Project {
            name: "P".into(),
            codes: vec![code("c1", "Used"), code("c2", "Never used")],
            sources: vec![
                TextSource {
                    guid: "s1".into(),
                    name: "Doc.txt".into(),
                    text: "Alpha beta gamma.\nDelta.".into(),
                    selections: vec![sel("a", 0, 10), sel("b", 3, 500), sel("c", 17, 18)],
                    whole_codings: vec!["c1".into()],
                    ..TextSource::default()
                },
                TextSource {
                    guid: "s2".into(),
                    name: "Empty".into(),
                    text: "  \n ".into(),
                    ..TextSource::default()
                },
            ],
            ..Project::default()
        };
        let imp = corpus(&p);
        assert_eq!((imp.essays, imp.themes, imp.passages), (1, 1, 1));
        let has = |w: &str| imp.skipped.iter().any(|s| s.contains(w));
        assert!(
            has("selection 3–500 in source “Doc.txt”: outside the text (24 characters)"),
            "{:#?}",
            imp.skipped
        );
        assert!(
            has("selection 17–18 in source “Doc.txt”: selects no words"),
            "{:#?}",
            imp.skipped
        );
        assert!(
            has("code “Never used”: no text is coded with it"),
            "{:#?}",
            imp.skipped
        );
        assert!(has("source “Empty”: it has no text"), "{:#?}", imp.skipped);
        assert!(
            has("1 coding(s) of the whole document"),
            "{:#?}",
            imp.skipped
        );
        assert_eq!(imp.skipped.len(), 5, "{:#?}", imp.skipped);
        let map = &imp.files["themes/p.toml"];
        assert!(map.contains("quote = \"Alpha beta\""), "{map}");
    }

    #[test]
    fn tours_come_from_the_project_block_keeping_only_what_was_imported() {
        let p = Project {
            name: "P".into(),
            description: Some(
                "Free words.\n\n[parallax]\ntitle = \"Map\"\n\n[[parallax.tours]]\nid = \"t\"\ntitle = \"T\"\ncolour = \"red\"\n\n[[parallax.tours.steps]]\ntheme = \"used\"\nessays = [\"doc\", \"gone\"]\nprompt = \"Why?\"\n\n[[parallax.tours.steps]]\ntheme = \"missing\"\n".into(),
            ),
            codes: vec![Code {
                description: Some("[parallax]\nid = \"used\"\n".into()),
                ..code("c1", "Used")
            }],
            sources: vec![TextSource {
                guid: "s1".into(),
                name: "Doc".into(),
                text: "Alpha beta gamma.".into(),
                selections: vec![Selection {
                    guid: "a".into(),
                    start: 0,
                    end: 10,
                    codings: vec![("k".into(), "c1".into())],
                    ..Selection::default()
                }],
                ..TextSource::default()
            }],
            ..Project::default()
        };
        let imp = corpus(&p);
        let map = &imp.files["themes/p.toml"];
        assert!(map.starts_with("[map]\ntitle = \"Map\"\n"), "{map}");
        assert!(map.contains("essays = [\"doc\"]"), "{map}");
        assert!(!map.contains("colour"), "{map}");
        assert_eq!(map.matches("[[tours.steps]]").count(), 1, "{map}");
        let has = |w: &str| imp.skipped.iter().any(|s| s.contains(w));
        assert!(
            has("tour `t`: key `colour` is not one parallax reads"),
            "{:#?}",
            imp.skipped
        );
        assert!(
            has("tour `t`: essay \"gone\" in a step was not imported"),
            "{:#?}",
            imp.skipped
        );
        assert!(
            has("tour `t`: a step on theme `missing`, which was not imported"),
            "{:#?}",
            imp.skipped
        );
    }

    #[test]
    fn slugs_are_lower_case_dashed_and_keep_letters() {
        assert_eq!(slug("Interview #3: Ana (2020)"), "interview-3-ana-2020");
        assert_eq!(slug("Économie — 経済"), "économie-経済");
        assert_eq!(slug("  "), "");
    }
}
