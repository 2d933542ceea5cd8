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
    // Only the rows shown are wrapped (a prompt may be a hostile megabyte).
    let (mut lines, more) = crate::layout::wrap_shown(prompt, width, 4);
    if more {
        lines.truncate(4);
        if let Some(last) = lines.last_mut() {
            last.push('…');
        }
    }
    lines
}

/// "12 min · 75 left": the step's minutes and the minutes planned from its
/// start to the end of the tour, as far as the tour gives them.
pub fn minutes_label(tour: &Tour, step: usize) -> Option<String> {
    let own = tour.steps.get(step)?.minutes;
    match (own, tour.minutes_from(step)) {
        (Some(m), Some(left)) => Some(format!("{m} min · {left} left")),
        (Some(m), None) => Some(format!("{m} min")),
        (None, _) => None,
    }
}

/// "step 2 of 6 · 15 min · 63 left".
pub fn step_label(tour: &Tour, step: usize) -> String {
    let mut s = format!("step {} of {}", step + 1, tour.steps.len());
    if let Some(m) = minutes_label(tour, step) {
        s.push_str(" · ");
        s.push_str(&m);
    }
    s
}
