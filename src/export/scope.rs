//! What an export covers: the whole corpus, one theme, or one tour.

use std::borrow::Cow;

use crate::corpus::Corpus;
use crate::mapping::{Passage, ThemeMap, Tour, TourStep};

/// The part of the corpus an export covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every theme and tour.
    All,
    /// One theme (index).
    Theme(usize),
    /// One tour (index).
    Tour(usize),
}

impl Scope {
    /// The themes covered, in map order.
    pub fn themes(self, c: &Corpus) -> Vec<usize> {
        match self {
            Scope::All => (0..c.map.themes.len()).collect(),
            Scope::Theme(t) => vec![t],
            Scope::Tour(i) => {
                let mut v: Vec<usize> = c.map.tours[i].steps.iter().map(|s| s.theme).collect();
                v.sort_unstable();
                v.dedup();
                v
            }
        }
    }
}

/// The corpus cut down to a scope, for the data formats (JSON, QDPX,
/// Argdown): every essay, the scope's themes, the passages on them (with
/// only those themes), and the scope's tour. For [`Scope::All`], the corpus
/// itself (a copy of a 30 MB essay would cost 30 MB for nothing).
pub fn corpus(c: &Corpus, scope: Scope) -> Cow<'_, Corpus> {
    if scope == Scope::All {
        return Cow::Borrowed(c);
    }
    let keep = scope.themes(c);
    let new_index = |t: usize| keep.iter().position(|&k| k == t);
    let passages: Vec<Passage> = c
        .map
        .passages
        .iter()
        .filter_map(|p| {
            let themes: Vec<usize> = p.themes.iter().filter_map(|&t| new_index(t)).collect();
            (!themes.is_empty()).then(|| Passage {
                themes,
                ..p.clone()
            })
        })
        .collect();
    let tours: Vec<Tour> = match scope {
        Scope::Tour(i) => {
            let t = &c.map.tours[i];
            vec![Tour {
                steps: t
                    .steps
                    .iter()
                    .map(|s| TourStep {
                        theme: new_index(s.theme).expect("a tour's themes are kept"),
                        ..s.clone()
                    })
                    .collect(),
                ..t.clone()
            }]
        }
        _ => Vec::new(),
    };
    let map = ThemeMap {
        title: c.map.title.clone(),
        description: c.map.description.clone(),
        themes: keep.iter().map(|&t| c.map.themes[t].clone()).collect(),
        passages,
        tours,
        // Only passages that anchored are exported.
        orphans: Vec::new(),
    };
    Cow::Owned(Corpus::new(c.name.clone(), c.essays.clone(), map))
}
