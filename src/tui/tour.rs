//! A seminar tour being played: which tour, which step.

use crate::corpus::Corpus;
use crate::mapping::Tour;

/// A seminar tour being played.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TourState {
    /// Index into the map's tours.
    pub tour: usize,
    /// The current step (0-based).
    pub step: usize,
}

impl TourState {
    /// The tour and its current step index.
    pub fn get<'a>(&self, corpus: &'a Corpus) -> Option<(&'a Tour, usize)> {
        let tour = corpus.map.tours.get(self.tour)?;
        Some((tour, self.step))
    }
}

/// The tour step's prompt wrapped to `width` columns (at most 4 lines).
pub fn prompt_lines(corpus: &Corpus, tour: Option<TourState>, width: u16) -> Vec<String> {
    let Some((tour, step)) = tour.and_then(|t| t.get(corpus)) else {
        return Vec::new();
    };
    let Some(prompt) = tour.steps.get(step).and_then(|s| s.prompt.as_deref()) else {
        return Vec::new();
    };
    let width = usize::from(width.saturating_sub(4)).max(10);
    let mut lines: Vec<String> = textwrap::wrap(prompt, width)
        .into_iter()
        .map(|l| l.into_owned())
        .collect();
    if lines.len() > 4 {
        lines.truncate(4);
        if let Some(last) = lines.last_mut() {
            last.push('…');
        }
    }
    lines
}
