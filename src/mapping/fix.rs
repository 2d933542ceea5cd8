//! `check --fix`: what to write into the theme map so that passages found
//! moved or changed are found exactly next time, and passages without
//! context get a `prefix`/`suffix` so that later edits can be followed.
//! Orphans are never touched: a person decides where they went.
//!
//! The edits go through the map writer ([`super::write`]), which splices
//! toml_edit spans, so every byte the fix is not about stays as it was;
//! each file is written once, atomically.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::Path;

use super::anchor::{self, Selector, Status};
use super::write::{self, Change, Edit, Field, FieldValue};
use super::ThemeMap;
use crate::corpus::Essay;

/// One passage's fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// The theme-map file's name, as in diagnostics.
    pub file: String,
    /// Line of the passage's `[[passages]]` header.
    pub line: usize,
    /// Its essay's id.
    pub essay: String,
    /// Moved, changed, or exact (then only its missing context is added).
    pub status: Status,
    /// For a changed passage, its words in the essay now (whitespace runs
    /// as single spaces): the new quote, or where the new start and end
    /// phrases are taken from.
    pub quote: Option<String>,
    /// The new `prefix` (empty: none, at the start of the essay).
    pub prefix: String,
    /// The new `suffix` (empty: none, at the end of the essay).
    pub suffix: String,
}

/// The fixes for a resolved map: every passage found moved or changed, and
/// every one found exactly that stores no context; in file order.
pub fn plan(essays: &[Essay], map: &ThemeMap) -> Vec<Fix> {
    map.passages
        .iter()
        .filter(|p| p.anchor != Status::Exact || !p.context)
        .filter_map(|p| {
            let (file, line) = p.defined_at.rsplit_once(':')?;
            let text = &essays[p.essay].text;
            let (prefix, suffix) = anchor::context_around(text, p.range.clone());
            Some(Fix {
                file: file.to_string(),
                line: line.parse().ok()?,
                essay: essays[p.essay].id.clone(),
                status: p.anchor,
                quote: (p.anchor == Status::Changed).then(|| {
                    text[p.range.clone()]
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                }),
                prefix,
                suffix,
            })
        })
        .collect()
}

/// What one fix did to its file: the lines it replaced and the lines it
/// wrote, from `line` on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hunk {
    /// First line of the change, in the file as it was.
    pub line: usize,
    /// Lines removed.
    pub removed: Vec<String>,
    /// Lines added.
    pub added: Vec<String>,
}

/// Apply fixes to the text of one map file. Returns the new text and, per
/// fix (in the order given), its hunk, `Ok(None)` when there was nothing to
/// change, or why it could not be made (the others are still made).
///
/// The file is parsed once; each fix is made by the map writer on its own
/// `[[passages]]` table (a TOML document by itself) and spliced back, so
/// fixing every passage of a large map is linear, not a parse per fix.
pub fn apply(text: &str, fixes: &[&Fix]) -> (String, Vec<Result<Option<Hunk>, String>>) {
    let entries = match write::passages(text) {
        Ok(e) => e,
        Err(e) => return (text.to_string(), vec![Err(e.to_string()); fixes.len()]),
    };
    let by_line: HashMap<usize, &write::PassageEntry> =
        entries.iter().map(|e| (e.line, e)).collect();
    let mut out: Vec<Result<Option<Hunk>, String>> = Vec::with_capacity(fixes.len());
    let mut splices: Vec<(Range<usize>, String)> = Vec::new();
    for fix in fixes {
        let Some(entry) = by_line.get(&fix.line) else {
            out.push(Err(format!(
                "no [[passages]] at line {} any more",
                fix.line
            )));
            continue;
        };
        let table = &text[entry.range.clone()];
        out.push(match apply_one(table, fix) {
            Ok(Some(new)) => {
                let mut h = hunk(table, &new);
                h.line += fix.line - 1;
                splices.push((entry.range.clone(), new));
                Ok(Some(h))
            }
            Ok(None) => Ok(None),
            Err(e) => Err(e),
        });
    }
    splices.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
    let mut new = text.to_string();
    for (r, s) in splices {
        new.replace_range(r, &s);
    }
    (new, out)
}

/// One fix on the text of its table alone (its header on line 1).
fn apply_one(table: &str, fix: &Fix) -> Result<Option<String>, String> {
    let entries = write::passages(table).map_err(|e| e.to_string())?;
    let entry = match entries.as_slice() {
        [one] => one,
        _ => return Err(format!("the passage at line {} cannot be read", fix.line)),
    };
    if entry.essay != fix.essay {
        return Err(format!(
            "the passage at line {} is now on `{}`, not `{}`",
            fix.line, entry.essay, fix.essay
        ));
    }
    let target = entry
        .reference()
        .ok_or_else(|| format!("the passage at line {} has no quote", fix.line))?;
    let mut changes = Vec::new();
    let mut set = |field: Field, new: Option<&str>| {
        let old = entry.get(field).cloned();
        let new = new.map(FieldValue::text);
        if old != new {
            changes.push(Change::new(field, old, new));
        }
    };
    match (&fix.quote, &entry.selector) {
        (Some(words), Some(Selector::Range { start, end })) => {
            let (s, e) = range_phrases(words, start, end);
            set(Field::Start, Some(&s));
            set(Field::End, Some(&e));
        }
        (Some(q), _) => set(Field::Quote, Some(q)),
        (None, _) => {}
    }
    set(
        Field::Prefix,
        Some(fix.prefix.as_str()).filter(|s| !s.is_empty()),
    );
    set(
        Field::Suffix,
        Some(fix.suffix.as_str()).filter(|s| !s.is_empty()),
    );
    if changes.is_empty() {
        return Ok(None);
    }
    let applied =
        write::apply(table, &Edit::Update { target, changes }).map_err(|e| e.to_string())?;
    Ok(Some(applied.text))
}

/// The new start and end phrases of a changed `start`/`end` passage: as
/// many of its first and last words (of `words`, the passage now) as the
/// old phrases had.
pub fn range_phrases(words: &str, start: &str, end: &str) -> (String, String) {
    let w: Vec<&str> = words.split_whitespace().collect();
    let ns = start.split_whitespace().count().min(w.len());
    let ne = end.split_whitespace().count().min(w.len());
    (w[..ns].join(" "), w[w.len() - ne..].join(" "))
}

/// The lines that differ between two texts (one contiguous change).
fn hunk(old: &str, new: &str) -> Hunk {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let (pre, post) = super::diff::common_ends(&a, &b);
    Hunk {
        line: pre + 1,
        removed: a[pre..a.len() - post]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        added: b[pre..b.len() - post]
            .iter()
            .map(|s| s.to_string())
            .collect(),
    }
}

/// What `check --fix` did (or would do) to one file.
#[derive(Debug)]
pub struct FileReport {
    /// The file's name, as in diagnostics.
    pub name: String,
    /// Each fix with its outcome, in file order.
    pub fixes: Vec<(Fix, Result<Option<Hunk>, String>)>,
    /// Whether the file was written; the error if writing failed.
    pub written: Result<bool, String>,
}

/// Apply `fixes` to the map files they name. `path_of` gives a file's path
/// from its name (None: not a file on disk, e.g. the built-in corpus).
/// With `write`, each changed file is written once, atomically, and only if
/// it still holds what was read.
pub fn fix_files(
    fixes: Vec<Fix>,
    path_of: impl Fn(&str) -> Option<std::path::PathBuf>,
    write: bool,
) -> Vec<FileReport> {
    let mut by_file: BTreeMap<String, Vec<Fix>> = BTreeMap::new();
    for f in fixes {
        by_file.entry(f.file.clone()).or_default().push(f);
    }
    by_file
        .into_iter()
        .map(|(name, fixes)| {
            let Some(path) = path_of(&name) else {
                let why = "not a file on disk".to_string();
                return FileReport {
                    name,
                    fixes: fixes.into_iter().map(|f| (f, Err(why.clone()))).collect(),
                    written: Ok(false),
                };
            };
            fix_file(name, &path, fixes, write)
        })
        .collect()
}

fn fix_file(name: String, path: &Path, fixes: Vec<Fix>, write: bool) -> FileReport {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            let why = format!("cannot read {name}: {e}");
            return FileReport {
                name,
                fixes: fixes.into_iter().map(|f| (f, Err(why.clone()))).collect(),
                written: Err(why),
            };
        }
    };
    let refs: Vec<&Fix> = fixes.iter().collect();
    let (new, outcomes) = apply(&text, &refs);
    let written = if !write || new == text {
        Ok(false)
    } else {
        match std::fs::read_to_string(path) {
            Ok(now) if now == text => crate::atomic::write(path, new.as_bytes())
                .map(|()| true)
                .map_err(|e| format!("cannot write {name}: {e}")),
            Ok(_) => Err(format!(
                "{name} changed while it was being fixed; not writing"
            )),
            Err(e) => Err(format!("cannot read {name}: {e}")),
        }
    };
    FileReport {
        name,
        fixes: fixes.into_iter().zip(outcomes).collect(),
        written,
    }
}

/// The report for people: each change as removed and added lines under
/// `file:line: what`, then a summary line. Every string from the files goes
/// through [`crate::safe_text::neutralise_str`].
pub fn render(reports: &[FileReport], dry_run: bool, orphans: usize) -> String {
    use crate::safe_text::neutralise_str as safe;
    use std::fmt::Write as _;
    let mut out = String::new();
    let (mut changed, mut moved, mut context, mut failed) = (0, 0, 0, 0);
    let mut files = 0;
    for r in reports {
        let mut any = false;
        for (f, outcome) in &r.fixes {
            let what = match f.status {
                Status::Changed => "changed: the essay's words written into the map",
                Status::Moved => "moved: its new prefix and suffix recorded",
                Status::Exact => "exact: prefix and suffix recorded for later edits",
            };
            match outcome {
                Ok(Some(h)) => {
                    any = true;
                    match f.status {
                        Status::Changed => changed += 1,
                        Status::Moved => moved += 1,
                        Status::Exact => context += 1,
                    }
                    let _ = writeln!(out, "{}:{}: {what}", safe(&r.name), f.line);
                    for l in &h.removed {
                        let _ = writeln!(out, "  - {}", safe(l));
                    }
                    for l in &h.added {
                        let _ = writeln!(out, "  + {}", safe(l));
                    }
                }
                Ok(None) => {}
                Err(e) => {
                    failed += 1;
                    let _ = writeln!(out, "{}:{}: not fixed: {}", safe(&r.name), f.line, safe(e));
                }
            }
        }
        if let Err(e) = &r.written {
            let _ = writeln!(out, "error: {}", safe(e));
        }
        files += usize::from(any);
    }
    let verb = if dry_run { "would fix" } else { "fixed" };
    let _ = write!(
        out,
        "{verb}: {changed} changed, {moved} moved, context recorded for {context} (in {files} file{})",
        if files == 1 { "" } else { "s" },
    );
    if failed > 0 {
        let _ = write!(out, "; {failed} could not be fixed");
    }
    if orphans > 0 {
        let _ = write!(
            out,
            "; {orphans} orphan{} left for a person (see the errors above)",
            if orphans == 1 { "" } else { "s" }
        );
    }
    if dry_run {
        out.push_str(" (dry run: nothing written)");
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(line: usize, status: Status, quote: Option<&str>) -> Fix {
        Fix {
            file: "m.toml".into(),
            line,
            essay: "alpha".into(),
            status,
            quote: quote.map(str::to_string),
            prefix: "words before".into(),
            suffix: "words after".into(),
        }
    }

    #[test]
    fn fixes_rewrite_only_their_fields_and_keep_everything_else() {
        let text = "# A comment that stays.\n\
                    [[passages]]\n\
                    essay = \"alpha\"  # trailing comment\n\
                    themes = [\"t\"]\n\
                    quote = \"old words\"\n\
                    stance = \"S\"\n\
                    \n\
                    [[passages]]\n\
                    essay = 'alpha'\n\
                    themes = ['t']\n\
                    quote = 'other words'\n\
                    prefix = 'stale'\n";
        let a = fix(2, Status::Changed, Some("new words"));
        let b = fix(8, Status::Moved, None);
        let (new, out) = apply(text, &[&a, &b]);
        assert!(out.iter().all(|o| matches!(o, Ok(Some(_)))), "{out:?}");
        assert!(new.starts_with(
            "# A comment that stays.\n[[passages]]\nessay = \"alpha\"  # trailing comment\n"
        ));
        assert!(new.contains("quote = \"new words\"\nprefix = \"words before\"\nsuffix = \"words after\"\nstance = \"S\"\n"), "{new}");
        // The second passage keeps its quote and its quoting style.
        assert!(
            new.contains(
                "quote = 'other words'\nprefix = \"words before\"\nsuffix = \"words after\"\n"
            ),
            "{new}"
        );
        let h = out[0].as_ref().unwrap().as_ref().unwrap();
        assert_eq!(h.line, 5);
        assert_eq!(h.removed, ["quote = \"old words\""]);
        // The same fixes planned again (the second passage is now two
        // lines lower) change nothing.
        let b = fix(10, Status::Moved, None);
        let (again, out) = apply(&new, &[&a, &b]);
        assert_eq!(again, new);
        assert!(out.iter().all(|o| matches!(o, Ok(None))), "{out:?}");
    }

    #[test]
    fn a_changed_start_end_passage_gets_phrases_of_the_same_length() {
        let text = "[[passages]]\nessay = \"alpha\"\nthemes = [\"t\"]\nstart = \"The alliance held\"\nend = \"in spring.\"\n";
        let f = fix(
            1,
            Status::Changed,
            Some("The aliance held firm through it all, resumed in spring."),
        );
        let (new, out) = apply(text, &[&f]);
        assert!(matches!(out[0], Ok(Some(_))), "{out:?}");
        assert!(
            new.contains("start = \"The aliance held\"\nend = \"in spring.\"\n"),
            "{new}"
        );
        assert!(!new.contains("quote"), "{new}");
    }

    #[test]
    fn a_fix_for_a_passage_that_is_gone_is_refused_and_the_others_made() {
        let text = "[[passages]]\nessay = \"alpha\"\nthemes = [\"t\"]\nquote = \"q\"\n";
        let gone = fix(9, Status::Moved, None);
        let here = fix(1, Status::Moved, None);
        let (new, out) = apply(text, &[&gone, &here]);
        assert!(out[0].is_err());
        assert!(matches!(out[1], Ok(Some(_))));
        assert!(new.contains("prefix = \"words before\""));
    }
}
