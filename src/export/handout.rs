//! What a handout holds, whatever it is printed as (HTML or Markdown): a
//! title, the sources, the coverage matrix, and one section per theme (or
//! per tour step) with the k-th passages of each essay side by side.

use crate::corpus::Corpus;
use crate::export::scope::Scope;
use crate::mapping::TourStep;

/// A handout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handout {
    /// The title: the map's, the tour's or the theme's.
    pub title: String,
    /// A line under the title (the map's or the tour's description).
    pub lede: Option<String>,
    /// Essays the handout quotes, in corpus order.
    pub essays: Vec<usize>,
    /// Whether to include the coverage matrix (whole-corpus handouts).
    pub matrix: bool,
    /// One section per theme, or per tour step.
    pub sections: Vec<Section>,
    /// For a tour: its steps listed on the first page.
    pub agenda: bool,
}

/// A tour step's place and instructions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// 1-based.
    pub number: usize,
    /// Steps in the tour.
    pub of: usize,
    /// The step's own title.
    pub title: Option<String>,
    /// The discussion prompt.
    pub prompt: Option<String>,
    /// Minutes planned for the step.
    pub minutes: Option<u32>,
}

/// One theme, on the essays shown for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The tour step, when the handout follows a tour.
    pub step: Option<Step>,
    /// Theme index.
    pub theme: usize,
    /// Per essay (in order): its passages on the theme, in text order.
    pub columns: Vec<(usize, Vec<usize>)>,
}

impl Section {
    /// Rows of the side-by-side view: the most passages any column has.
    pub fn rows(&self) -> usize {
        self.columns
            .iter()
            .map(|(_, ps)| ps.len())
            .max()
            .unwrap_or(0)
    }
}

/// Minutes planned for a step.
fn minutes(step: &TourStep) -> Option<u32> {
    step.minutes
}

/// Every essay with a passage on the theme, in corpus order.
fn speaking(c: &Corpus, t: usize) -> Vec<usize> {
    (0..c.essays.len())
        .filter(|&e| !c.passages_on(t, e).is_empty())
        .collect()
}

fn columns(c: &Corpus, t: usize, essays: &[usize]) -> Vec<(usize, Vec<usize>)> {
    essays
        .iter()
        .map(|&e| (e, c.passages_on(t, e).to_vec()))
        .collect()
}

/// The handout for a scope.
pub fn build(c: &Corpus, scope: Scope) -> Handout {
    let map_title = c.map.title.clone().unwrap_or_else(|| c.name.clone());
    let mut h = match scope {
        Scope::All => Handout {
            title: map_title,
            lede: c.map.description.clone(),
            essays: Vec::new(),
            matrix: true,
            sections: (0..c.map.themes.len())
                .map(|t| Section {
                    step: None,
                    theme: t,
                    columns: columns(c, t, &speaking(c, t)),
                })
                .collect(),
            agenda: false,
        },
        Scope::Theme(t) => Handout {
            title: c.theme(t).title.clone(),
            lede: None,
            essays: Vec::new(),
            matrix: false,
            sections: vec![Section {
                step: None,
                theme: t,
                columns: columns(c, t, &speaking(c, t)),
            }],
            agenda: false,
        },
        Scope::Tour(i) => {
            let tour = &c.map.tours[i];
            Handout {
                title: tour.title.clone(),
                lede: tour.description.clone(),
                essays: Vec::new(),
                matrix: false,
                sections: tour
                    .steps
                    .iter()
                    .enumerate()
                    .map(|(k, s)| {
                        let essays = if s.essays.is_empty() {
                            speaking(c, s.theme)
                        } else {
                            s.essays.clone()
                        };
                        Section {
                            step: Some(Step {
                                number: k + 1,
                                of: tour.steps.len(),
                                title: s.title.clone(),
                                prompt: s.prompt.clone(),
                                minutes: minutes(s),
                            }),
                            theme: s.theme,
                            columns: columns(c, s.theme, &essays),
                        }
                    })
                    .collect(),
                agenda: true,
            }
        }
    };
    let mut quoted: Vec<usize> = h
        .sections
        .iter()
        .flat_map(|s| s.columns.iter().map(|(e, _)| *e))
        .collect();
    quoted.sort_unstable();
    quoted.dedup();
    h.essays = quoted;
    h
}

/// "Hawley & Leopold (2021)" plus, where the source gives them, the
/// title, publisher and date: one line for the sources list.
pub fn source_line(c: &Corpus, e: usize) -> (String, String) {
    let m = &c.essays[e].meta;
    let mut rest = vec![m.display_title()];
    if let Some(s) = &m.subtitle {
        rest.push(s.clone());
    }
    let authors = m.authors.join(", ");
    if !authors.is_empty() {
        rest.push(authors);
    }
    if let Some(p) = &m.publisher {
        rest.push(p.clone());
    }
    if let Some(d) = &m.published {
        rest.push(d.clone());
    }
    (c.essay_label(e), rest.join(" · "))
}

/// Runs of whitespace (line breaks too) as single spaces: for text that
/// must stay on one line, such as a table cell in Markdown.
pub fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
