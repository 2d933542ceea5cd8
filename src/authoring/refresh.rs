//! Showing an edit at once on a large corpus: instead of resolving every
//! map file against every essay again, the edited file's passages are
//! compared before and after, and only the entries that changed are
//! anchored (each against its own essay). Anything unusual — themes,
//! tours or `[map]` changed, an entry that does not resolve cleanly, a file
//! that had no passages — returns `None`, and the caller resolves in full.

use std::collections::HashMap;

use crate::corpus::Corpus;
use crate::mapping::anchor::{anchor_all, Status};
use crate::mapping::write::{self, Field, FieldValue, PassageEntry};
use crate::mapping::{Passage, ThemeMap};

/// The map after map file `name` changed from `before` to `after`, if it
/// can be had by re-anchoring only the changed passages.
pub fn patch_map(corpus: &Corpus, name: &str, before: &str, after: &str) -> Option<ThemeMap> {
    let e0 = write::passages(before).ok()?;
    let e1 = write::passages(after).ok()?;
    if rest(before, &e0) != rest(after, &e1) {
        return None;
    }
    let own = |t: &'_ str, e: &PassageEntry| t[e.range.clone()].to_string();
    let (n0, n1) = (e0.len(), e1.len());
    let mut p = 0;
    while p < n0.min(n1) && own(before, &e0[p]) == own(after, &e1[p]) {
        p += 1;
    }
    let mut s = 0;
    while s < (n0 - p).min(n1 - p) && own(before, &e0[n0 - 1 - s]) == own(after, &e1[n1 - 1 - s]) {
        s += 1;
    }
    // This file's passages in the map: a contiguous run, by header line.
    let prefix = format!("{name}:");
    let line_of = |q: &Passage| {
        q.defined_at
            .strip_prefix(&prefix)
            .and_then(|l| l.parse::<usize>().ok())
    };
    let mine: Vec<usize> = (0..corpus.map.passages.len())
        .filter(|&i| line_of(&corpus.map.passages[i]).is_some())
        .collect();
    let (&lo, &last) = (mine.first()?, mine.last()?);
    if last + 1 - lo != mine.len() {
        return None;
    }
    let by_line: HashMap<usize, &Passage> = mine
        .iter()
        .map(|&i| {
            let q = &corpus.map.passages[i];
            (line_of(q).unwrap_or(0), q)
        })
        .collect();
    let mut patched = Vec::with_capacity(n1);
    for (k, e) in e1.iter().enumerate() {
        let at = format!("{name}:{}", e.line);
        if k < p || k >= n1 - s {
            let old = if k < p { &e0[k] } else { &e0[k + n0 - n1] };
            if let Some(q) = by_line.get(&old.line) {
                let mut q = (*q).clone();
                q.defined_at = at;
                patched.push(q);
            }
            continue;
        }
        patched.push(resolve_one(corpus, e, at)?);
    }
    let mut map = corpus.map.clone();
    map.passages.splice(lo..=last, patched);
    Some(map)
}

/// A file's text outside its passage tables, blank lines left out.
fn rest(text: &str, entries: &[PassageEntry]) -> Vec<String> {
    let mut out = Vec::new();
    let mut at = 0;
    for e in entries {
        out.extend(text[at..e.range.start].lines().map(str::to_string));
        at = e.range.end;
    }
    out.extend(text[at..].lines().map(str::to_string));
    out.retain(|l| !l.trim().is_empty());
    out
}

/// One passage entry resolved on its own; `None` for anything that would
/// be a diagnostic (so that the caller's full resolve reports it).
fn resolve_one(corpus: &Corpus, e: &PassageEntry, defined_at: String) -> Option<Passage> {
    let essay = corpus.essay_index(&e.essay)?;
    let themes: Vec<usize> = match e.get(Field::Themes)? {
        FieldValue::List(ids) => ids
            .iter()
            .map(|id| corpus.theme_index(id))
            .collect::<Option<_>>()?,
        FieldValue::Text(_) => return None,
    };
    if themes.is_empty() || (1..themes.len()).any(|i| themes[..i].contains(&themes[i])) {
        return None;
    }
    let text = |f: Field| match e.get(f) {
        Some(FieldValue::Text(s)) => Some(s.clone()),
        _ => None,
    };
    let role = match text(Field::Role) {
        Some(r) => Some(r.parse().ok()?),
        None => None,
    };
    let stance = text(Field::Stance);
    stance.as_ref()?;
    let range = anchor_all(
        &corpus.essays[essay].text,
        std::slice::from_ref(e.selector.as_ref()?),
    )
    .pop()?
    .ok()?;
    Some(Passage {
        essay,
        themes,
        range,
        stance,
        role,
        note: text(Field::Note),
        defined_at,
        // Only an exact, unique match is taken here; anything else goes
        // through the full resolve, which re-anchors and reports.
        anchor: Status::Exact,
        context: e.get(Field::Prefix).is_some() || e.get(Field::Suffix).is_some(),
    })
}
