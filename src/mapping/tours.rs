//! Seminar tours: `[[tours]]` read from a map file with spans, then resolved
//! against the themes, the essays and the anchored passages, with every
//! problem reported as a diagnostic (file:line:column and a hint).
//!
//! A tour has a `title`, an optional `summary` (what the class is about) and
//! `reading` (essay ids to read before class). Each step has a `theme`, an
//! optional `essays` list, a `prompt`, `minutes`, and `focus`: which of an
//! essay's passages on the step's theme the step starts on, by number
//! (`focus = { "aum-2022" = 3 }`, the 3rd) or by words from it
//! (`focus = { "sneider-2021" = "The burden of the past" }`).

use std::collections::HashMap;
use std::ops::Range;

use toml::de::DeValue;

use crate::corpus::Essay;
use crate::diag::{did_you_mean, Diagnostic, Source};
use crate::toml_walk::{type_name, At, Table, Walk};

use super::anchor::normalize;
use super::schema::FileSpec;
use super::{Passage, Theme, Tour, TourStep};

/// Keys allowed in `[[tours]]`.
pub const TOUR_KEYS: &[&str] = &["id", "title", "description", "summary", "reading", "steps"];
/// Keys allowed in `[[tours.steps]]`.
pub const STEP_KEYS: &[&str] = &["theme", "essays", "prompt", "title", "minutes", "focus"];

/// The most minutes a step may take: a longer "step" is a slip (seconds?).
pub const MAX_STEP_MINUTES: i64 = 240;

/// How a step picks an essay's passage, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FocusTarget {
    /// The n-th passage (1-based) of the essay on the step's theme.
    Nth(i64),
    /// The passage on the step's theme whose text contains these words.
    Quote(String),
}

/// One `essay = target` entry of a step's `focus` table.
#[derive(Debug, Clone)]
pub struct FocusSpec {
    /// The essay id (the key), with its span.
    pub essay: At<String>,
    /// The target (the value), with its span.
    pub target: At<FocusTarget>,
}

/// `[[tours.steps]]` as written.
#[derive(Debug, Clone)]
pub struct StepSpec {
    /// Span of the step header.
    pub header: Range<usize>,
    /// Theme id.
    pub theme: At<String>,
    /// Essay ids; empty means every essay with a passage on the theme.
    pub essays: Vec<At<String>>,
    /// Discussion prompt.
    pub prompt: Option<At<String>>,
    /// Optional step title.
    pub title: Option<At<String>>,
    /// Minutes planned for the step.
    pub minutes: Option<At<i64>>,
    /// Which passage of an essay the step starts on.
    pub focus: Vec<FocusSpec>,
}

/// `[[tours]]` as written.
#[derive(Debug, Clone)]
pub struct TourSpec {
    /// Span of the tour header.
    pub header: Range<usize>,
    /// Unique id.
    pub id: At<String>,
    /// Title.
    pub title: Option<At<String>>,
    /// Description.
    pub description: Option<At<String>>,
    /// What the class is about, for the handout.
    pub summary: Option<At<String>>,
    /// Essay ids to read before class.
    pub reading: Vec<At<String>>,
    /// The steps.
    pub steps: Vec<StepSpec>,
}

/// Read every `[[tours]]` of a map file; problems go to `w.diags`.
pub fn read(w: &mut Walk, root: &Table) -> Vec<TourSpec> {
    let mut tours = Vec::new();
    for t in root.tables(w, "tours", "[[tours]]") {
        t.check_keys(w, TOUR_KEYS);
        let id = t.req_id(w, "id");
        let title = t.req_str(w, "title");
        let description = t.str(w, "description");
        let summary = t.str(w, "summary");
        let reading = t.str_list(w, "reading").unwrap_or_default();
        let mut steps = Vec::new();
        let step_tables = t.tables(w, "steps", "[[tours.steps]]");
        // `steps = []` is no better than no steps at all.
        if step_tables.is_empty() {
            w.error("tour has no steps", t.span())
                .with_label_mut("add [[tours.steps]] after this");
        }
        for s in step_tables {
            s.check_keys(w, STEP_KEYS);
            let Some(theme) = s.req_str(w, "theme") else {
                continue;
            };
            steps.push(StepSpec {
                header: w.at(s.span()),
                theme,
                essays: s.str_list(w, "essays").unwrap_or_default(),
                prompt: s.str(w, "prompt"),
                title: s.str(w, "title"),
                minutes: read_minutes(w, &s),
                focus: read_focus(w, &s),
            });
        }
        if let Some(id) = id {
            tours.push(TourSpec {
                header: w.at(t.span()),
                id,
                title,
                description,
                summary,
                reading,
                steps,
            });
        }
    }
    tours
}

/// A TOML integer's value, if it fits an `i64`.
fn int(i: &toml::de::DeInteger) -> Option<i64> {
    i64::from_str_radix(i.as_str(), i.radix()).ok()
}

fn read_minutes(w: &mut Walk, s: &Table) -> Option<At<i64>> {
    let v = s.raw("minutes")?;
    let span = v.span();
    let n = match v.get_ref() {
        DeValue::Integer(i) => int(i),
        _ => None,
    };
    match n {
        Some(n) if (1..=MAX_STEP_MINUTES).contains(&n) => Some(At {
            value: n,
            span: w.at(span),
        }),
        Some(n) => {
            w.error(
                format!("`minutes` must be from 1 to {MAX_STEP_MINUTES}, not {n}"),
                span,
            )
            .with_label_mut("minutes for this step")
            .with_note_mut("hint: the minutes the class spends on this step, e.g. `minutes = 15`");
            None
        }
        None => {
            let what = type_name(v.get_ref());
            w.error(
                format!("`minutes` must be a whole number, not {what}"),
                span,
            )
            .with_label_mut("expected an integer")
            .with_note_mut("hint: write `minutes = 15`, without quotes");
            None
        }
    }
}

fn read_focus(w: &mut Walk, s: &Table) -> Vec<FocusSpec> {
    let Some(v) = s.raw("focus") else {
        return Vec::new();
    };
    let DeValue::Table(t) = v.get_ref() else {
        let what = type_name(v.get_ref());
        w.error(format!("`focus` must be a table, not {what}"), v.span())
            .with_label_mut("expected { \"essay-id\" = n }")
            .with_note_mut(
                "hint: `focus = { \"aum-2022\" = 3 }` starts on Aum's 3rd passage on the step's theme",
            );
        return Vec::new();
    };
    let mut out = Vec::new();
    for (k, val) in t.iter() {
        let essay = At {
            value: crate::safe_text::neutralise_str(k.get_ref()).into_owned(),
            span: w.at(k.span()),
        };
        let target = match val.get_ref() {
            DeValue::Integer(i) => match int(i) {
                Some(n) => FocusTarget::Nth(n),
                None => {
                    w.error("passage number out of range", val.span())
                        .with_label_mut("not a small whole number");
                    continue;
                }
            },
            DeValue::String(q) => {
                FocusTarget::Quote(crate::safe_text::neutralise_str(q).into_owned())
            }
            other => {
                w.error(
                    format!(
                        "a focus must be a passage number or words from it, not {}",
                        type_name(other)
                    ),
                    val.span(),
                )
                .with_label_mut("expected 2 or \"words…\"")
                .with_note_mut("hint: a number counts the essay's passages on the step's theme from 1; a string picks the passage containing it");
                continue;
            }
        };
        out.push(FocusSpec {
            essay,
            target: At {
                value: target,
                span: w.at(val.span()),
            },
        });
    }
    out
}

/// Resolve the tours of every file against the themes, essays and passages
/// already resolved. `specs` pairs each file's index in `files` with what
/// was read from it.
pub fn resolve(
    files: &[Source],
    specs: &[(usize, FileSpec)],
    essays: &[Essay],
    themes: &[Theme],
    passages: &[Passage],
    diags: &mut Vec<Diagnostic>,
) -> Vec<Tour> {
    // The indexes below cost memory in proportion to the passages: a map
    // with no tours (most large ones) does not build them.
    if specs.iter().all(|(_, s)| s.tours.is_empty()) {
        return Vec::new();
    }
    let essay_ids: HashMap<&str, usize> = essays
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i))
        .collect();
    let theme_ids: HashMap<&str, usize> = themes
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id.as_str(), i))
        .collect();
    let essay_hint = |id: &str| super::unknown_essay_hint(id, essay_ids.keys().copied());
    let theme_hint = |id: &str| match did_you_mean(id, theme_ids.keys().copied()) {
        Some(h) => format!("hint: {h}"),
        None => "hint: themes are declared with [[themes]] id = \"…\"".to_string(),
    };
    // Each essay's passages on each theme a step is on, in text order: what
    // a step's focus counts, and what the reader steps through. (Only the
    // steps' themes: indexing every passage took 9 ms of the 1,000-essay
    // load for two tours.)
    let mut stepped = vec![false; themes.len()];
    for (_, spec) in specs {
        for step in spec.tours.iter().flat_map(|t| &t.steps) {
            if let Some(&t) = theme_ids.get(step.theme.value.as_str()) {
                stepped[t] = true;
            }
        }
    }
    let mut on_theme: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
    for (i, p) in passages.iter().enumerate() {
        for &t in &p.themes {
            if stepped[t] {
                on_theme.entry((p.essay, t)).or_default().push(i);
            }
        }
    }
    for list in on_theme.values_mut() {
        list.sort_by_key(|&i| (passages[i].range.start, passages[i].range.end));
    }
    let unknown_essay = |e: &At<String>, src: &Source| {
        Diagnostic::error(
            format!("essay `{}` not found", e.value),
            src,
            e.span.clone(),
        )
        .with_label("no essay with this id")
        .with_note(essay_hint(&e.value))
    };

    let mut tours = Vec::new();
    let mut seen: HashMap<&str, String> = HashMap::new();
    for (fi, spec) in specs {
        let src = &files[*fi];
        for t in &spec.tours {
            let here = Diagnostic::error("", src, t.id.span.clone()).position();
            if let Some(first) = seen.get(t.id.value.as_str()) {
                diags.push(
                    Diagnostic::error(
                        format!("duplicate tour id `{}`", t.id.value),
                        src,
                        t.id.span.clone(),
                    )
                    .with_label("defined again here")
                    .with_note(format!("first defined at {first}")),
                );
                continue;
            }
            seen.insert(t.id.value.as_str(), here);
            let mut reading = Vec::new();
            for e in &t.reading {
                match essay_ids.get(e.value.as_str()) {
                    Some(&i) if reading.contains(&i) => diags.push(
                        Diagnostic::error(
                            format!("essay `{}` listed twice in `reading`", e.value),
                            src,
                            e.span.clone(),
                        )
                        .with_label("repeated")
                        .warning(),
                    ),
                    Some(&i) => reading.push(i),
                    None => diags.push(unknown_essay(e, src)),
                }
            }
            let mut steps = Vec::new();
            for s in &t.steps {
                let Some(&theme) = theme_ids.get(s.theme.value.as_str()) else {
                    diags.push(
                        Diagnostic::error(
                            format!("unknown theme `{}`", s.theme.value),
                            src,
                            s.theme.span.clone(),
                        )
                        .with_label("not declared in [[themes]]")
                        .with_note(theme_hint(&s.theme.value)),
                    );
                    continue;
                };
                let on = |e: usize| on_theme.get(&(e, theme)).map_or(&[][..], Vec::as_slice);
                let mut step_essays = Vec::new();
                for e in &s.essays {
                    match essay_ids.get(e.value.as_str()) {
                        Some(&i) => {
                            // The step would show this essay with only a
                            // "no passage" notice: probably a slip.
                            if on(i).is_empty() {
                                diags.push(
                                    Diagnostic::error(
                                        format!(
                                            "essay `{}` has no passage on theme `{}`",
                                            e.value, s.theme.value
                                        ),
                                        src,
                                        e.span.clone(),
                                    )
                                    .with_label("shown with only a notice in this step")
                                    .with_note("hint: tag one of its passages with the theme, or leave it out of the step")
                                    .warning(),
                                );
                            }
                            step_essays.push(i);
                        }
                        None => diags.push(unknown_essay(e, src)),
                    }
                }
                if s.prompt.is_none() {
                    diags.push(
                        Diagnostic::error("tour step has no `prompt`", src, s.header.clone())
                            .with_label("add a discussion prompt")
                            .warning(),
                    );
                }
                let mut focus = Vec::new();
                for f in &s.focus {
                    let Some(&e) = essay_ids.get(f.essay.value.as_str()) else {
                        diags.push(unknown_essay(&f.essay, src));
                        continue;
                    };
                    if !step_essays.is_empty() && !step_essays.contains(&e) {
                        diags.push(
                            Diagnostic::error(
                                format!(
                                    "essay `{}` is not one of this step's essays",
                                    f.essay.value
                                ),
                                src,
                                f.essay.span.clone(),
                            )
                            .with_label("focused but not shown")
                            .with_note("hint: add it to the step's `essays`, or drop this focus"),
                        );
                        continue;
                    }
                    match focus_target(&f.target.value, on(e), passages, &essays[e].text) {
                        Ok(k) => focus.push((e, k)),
                        Err(why) => {
                            // A focus that no longer picks one passage (one
                            // was deleted or tagged in the reader, say) is
                            // a warning: the step opens on the essay's first
                            // passage, and an edit never makes the corpus
                            // unreadable. Empty words are a slip: an error.
                            let empty = matches!(why, FocusError::Empty);
                            let d = focus_diagnostic(
                                src,
                                f,
                                &s.theme.value,
                                why,
                                on(e),
                                passages,
                                &essays[e].text,
                            );
                            diags.push(if empty {
                                d
                            } else {
                                d.with_note("the step opens on the essay's first passage until this is fixed")
                                    .warning()
                            });
                        }
                    }
                }
                steps.push(TourStep {
                    theme,
                    essays: step_essays,
                    prompt: s.prompt.as_ref().map(|p| p.value.clone()),
                    title: s.title.as_ref().map(|p| p.value.clone()),
                    minutes: s.minutes.as_ref().map(|m| m.value as u32),
                    focus,
                });
            }
            // A countdown of minutes left is only right if every step has
            // minutes: a partial plan is probably a slip.
            let timed = t.steps.iter().filter(|s| s.minutes.is_some()).count();
            if timed > 0 && timed < t.steps.len() {
                if let Some(s) = t.steps.iter().find(|s| s.minutes.is_none()) {
                    diags.push(
                        Diagnostic::error(
                            format!(
                                "tour `{}`: {timed} of {} steps have `minutes`",
                                t.id.value,
                                t.steps.len()
                            ),
                            src,
                            s.header.clone(),
                        )
                        .with_label("this step has none")
                        .with_note(
                            "hint: give every step `minutes`, or none, so the minutes left add up",
                        )
                        .warning(),
                    );
                }
            }
            tours.push(Tour {
                id: t.id.value.clone(),
                title: t
                    .title
                    .as_ref()
                    .map_or_else(|| t.id.value.clone(), |x| x.value.clone()),
                description: t.description.as_ref().map(|x| x.value.clone()),
                summary: t.summary.as_ref().map(|x| x.value.clone()),
                reading,
                steps,
            });
        }
    }
    tours
}

/// Why a focus did not resolve.
enum FocusError {
    /// No passage of the essay is on the theme.
    NoPassages,
    /// The number is outside 1..=n.
    OutOfRange,
    /// No passage on the theme contains the words.
    NotFound,
    /// Several do.
    Ambiguous(usize),
    /// The words are empty.
    Empty,
}

/// The 0-based position, among `on` (the essay's passages on the theme, in
/// text order), of the passage a focus picks.
fn focus_target(
    target: &FocusTarget,
    on: &[usize],
    passages: &[Passage],
    text: &str,
) -> Result<usize, FocusError> {
    if on.is_empty() {
        return Err(FocusError::NoPassages);
    }
    match target {
        FocusTarget::Nth(n) => usize::try_from(*n)
            .ok()
            .filter(|&n| (1..=on.len()).contains(&n))
            .map(|n| n - 1)
            .ok_or(FocusError::OutOfRange),
        FocusTarget::Quote(q) => {
            let words = normalize(q).text;
            let words = words.trim();
            if words.is_empty() {
                return Err(FocusError::Empty);
            }
            let hits: Vec<usize> = on
                .iter()
                .enumerate()
                .filter(|(_, &i)| {
                    normalize(&text[passages[i].range.clone()])
                        .text
                        .contains(words)
                })
                .map(|(k, _)| k)
                .collect();
            match hits.as_slice() {
                [k] => Ok(*k),
                [] => Err(FocusError::NotFound),
                many => {
                    // Words that open exactly one of them pick it: a passage
                    // tagged later that merely contains the words (a longer
                    // span around them) does not make the focus ambiguous.
                    let opening: Vec<usize> = many
                        .iter()
                        .copied()
                        .filter(|&k| {
                            normalize(&text[passages[on[k]].range.clone()])
                                .text
                                .trim_start()
                                .starts_with(words)
                        })
                        .collect();
                    match opening.as_slice() {
                        [k] => Ok(*k),
                        _ => Err(FocusError::Ambiguous(many.len())),
                    }
                }
            }
        }
    }
}

fn focus_diagnostic(
    src: &Source,
    f: &FocusSpec,
    theme: &str,
    why: FocusError,
    on: &[usize],
    passages: &[Passage],
    text: &str,
) -> Diagnostic {
    let essay = &f.essay.value;
    let span = f.target.span.clone();
    let n = on.len();
    // The passages there are, by their first words, so the fix is a copy.
    let listing = || {
        let firsts: Vec<String> = on
            .iter()
            .take(6)
            .enumerate()
            .map(|(k, &i)| {
                let words: Vec<&str> = text[passages[i].range.clone()]
                    .split_whitespace()
                    .take(6)
                    .collect();
                format!("{} «{}…»", k + 1, words.join(" "))
            })
            .collect();
        format!("passages on `{theme}`: {}", firsts.join(", "))
    };
    match why {
        FocusError::NoPassages => Diagnostic::error(
            format!("essay `{essay}` has no passage on theme `{theme}`"),
            src,
            f.essay.span.clone(),
        )
        .with_label("nothing to focus")
        .with_note("hint: tag one of its passages with the theme, or drop this focus"),
        FocusError::OutOfRange => Diagnostic::error(
            format!(
                "essay `{essay}` has {n} passage{} on theme `{theme}`",
                if n == 1 { "" } else { "s" }
            ),
            src,
            span,
        )
        .with_label(format!("expected 1 to {n}"))
        .with_note(listing())
        .with_note(format!(
            "hint: give a number from 1 to {n}, or words from the passage"
        )),
        FocusError::Empty => Diagnostic::error("focus words are empty", src, span)
            .with_label("nothing to look for")
            .with_note("hint: give a passage number, or words copied from the passage"),
        FocusError::NotFound => Diagnostic::error(
            format!("no passage of `{essay}` on theme `{theme}` contains these words"),
            src,
            span,
        )
        .with_label("not found")
        .with_note(listing())
        .with_note("hint: copy the words from the passage, or give its number"),
        FocusError::Ambiguous(k) => Diagnostic::error(
            format!("{k} passages of `{essay}` on theme `{theme}` contain these words"),
            src,
            span,
        )
        .with_label(format!("{k} matches"))
        .with_note(listing())
        .with_note("hint: lengthen the words until one passage matches, or give its number"),
    }
}

impl Tour {
    /// The minutes of every step added up, if every step has minutes.
    pub fn total_minutes(&self) -> Option<u32> {
        self.minutes_from(0)
    }

    /// The minutes planned from step `k` (included) to the end, if every
    /// one of those steps has minutes: what is left when step `k` starts.
    pub fn minutes_from(&self, k: usize) -> Option<u32> {
        self.steps
            .get(k..)?
            .iter()
            .try_fold(0u32, |sum, s| Some(sum.saturating_add(s.minutes?)))
    }
}

impl TourStep {
    /// Which of `essay`'s passages on the step's theme (0-based, in text
    /// order) the step starts on: its `focus`, else the first.
    pub fn focus_of(&self, essay: usize) -> usize {
        self.focus
            .iter()
            .find(|(e, _)| *e == essay)
            .map_or(0, |&(_, k)| k)
    }
}
