//! Presenter mode's state and layout: the prompt on top, then up to six
//! wide panes holding only the current passage and the author's stance.
//! The layout is computed here, from the reader and the size, so that the
//! scroll limit in `update` and the drawing in `view` agree.

use ratatui::layout::Rect;

use super::reader::Reader;
use super::tour::TourState;
use crate::layout;

/// Narrowest presenter pane.
pub const MIN_PANE: u16 = 36;
/// Most presenter panes.
pub const MAX_PANES: usize = 6;
/// Fewest rows presenter mode needs.
pub const MIN_ROWS: u16 = 12;
/// Most rows of a stance.
pub const MAX_STANCE_ROWS: usize = 5;
/// Most rows of the prompt.
pub const MAX_PROMPT_ROWS: usize = 6;
/// Most rows of a passage laid out: a projector shows a screenful, and a
/// huge passage must not cost a full wrap on every key.
pub const MAX_PASSAGE_ROWS: usize = 2_000;

/// Presenter mode's state.
#[derive(Debug, Clone, Default)]
pub struct PresentState {
    /// First row of the passages on screen.
    pub scroll: usize,
}

/// One presenter pane, laid out.
#[derive(Debug, Clone)]
pub struct PresentPane {
    /// The pane's area inside its margins.
    pub inner: Rect,
    /// Where the passage's rows go.
    pub text: Rect,
    /// The label: essay, role, k/n.
    pub label: String,
    /// The passage's rows, wrapped to `text.width` (at most
    /// [`MAX_PASSAGE_ROWS`]).
    pub lines: Vec<String>,
    /// True when the passage goes on past the rows laid out.
    pub truncated: bool,
    /// The row of the rule above the stance (the same in every pane).
    pub rule_y: u16,
    /// The stance's rows, wrapped to `inner.width`.
    pub stance: Vec<String>,
}

/// The presenter screen, laid out.
#[derive(Debug, Clone)]
pub struct PresentLayout {
    /// Left and right margin.
    pub margin: u16,
    /// The step or theme line.
    pub head: String,
    /// The prompt, wrapped.
    pub prompt: Vec<String>,
    /// Rows of the top band (head, prompt, padding).
    pub top_rows: u16,
    /// The panes shown, left to right.
    pub panes: Vec<PresentPane>,
}

impl PresentLayout {
    /// The most any pane's passage can scroll.
    pub fn max_scroll(&self) -> usize {
        self.panes
            .iter()
            .map(|p| p.lines.len().saturating_sub(usize::from(p.text.height)))
            .max()
            .unwrap_or(0)
    }
}

/// How many panes the presenter shows at this width.
pub fn shown(reader: &Reader) -> usize {
    let fit = usize::from(reader.size.0 / MIN_PANE).max(1);
    reader.panes.len().min(fit).min(MAX_PANES)
}

/// The smallest terminal presenter mode draws in.
pub const MIN_SIZE: (u16, u16) = (MIN_PANE, MIN_ROWS);

/// Lay out the presenter screen in `area`. With `hidden` (stances hidden
/// by the reveal key), roles are left out and that notice stands in for
/// each stance.
pub fn layout(
    reader: &Reader,
    tour: Option<TourState>,
    area: Rect,
    hidden: Option<&str>,
) -> PresentLayout {
    let corpus = &reader.corpus;
    let margin = (area.width / 30).clamp(1, 4);
    // The prompt: the tour step's, or the theme's question.
    // The head is one row: no more of a title than that is copied (it may
    // be a hostile megabyte).
    let row = |s: &'_ str| layout::shown_part(s, area.width.into(), 1).0.to_string();
    let (head, prompt): (String, &str) = match (tour.and_then(|t| t.get(corpus)), reader.theme) {
        (Some((tour, k)), _) => {
            let s = &tour.steps[k];
            let theme = row(&corpus.theme(s.theme).title);
            let title = s
                .title
                .as_deref()
                .map_or(String::new(), |t| format!(" — {}", row(t)));
            let time = crate::tui::tour::minutes_label(tour, k)
                .map_or(String::new(), |m| format!(" · {m}"));
            (
                format!(
                    "Step {} of {}{title} · {theme}{time}",
                    k + 1,
                    tour.steps.len()
                ),
                s.prompt.as_deref().unwrap_or_default(),
            )
        }
        (None, Some(t)) => {
            let th = corpus.theme(t);
            (row(&th.title), th.question.as_deref().unwrap_or_default())
        }
        (None, None) => ("parallax".into(), ""),
    };
    let inner_w = area.width.saturating_sub(2 * margin);
    // Only the rows shown are wrapped (a prompt or stance may be a hostile
    // megabyte).
    let (mut prompt, _) = layout::wrap_shown(prompt, usize::from(inner_w).max(10), MAX_PROMPT_ROWS);
    prompt.truncate(MAX_PROMPT_ROWS);
    let top_rows = prompt.len() as u16 + 3;
    let n = shown(reader).max(1) as u16;
    let body = Rect::new(
        area.x,
        area.y + top_rows + 1,
        area.width,
        area.height.saturating_sub(top_rows + 2),
    );
    let pane_w = body.width / n;
    let count = n.min(reader.panes.len() as u16);
    let inner_of = |i: u16| {
        Rect::new(
            body.x + i * pane_w + margin,
            body.y,
            pane_w.saturating_sub(2 * margin),
            body.height,
        )
    };
    // First the stances, to know the tallest: every pane's stance starts on
    // one row, right under the tallest passage that fits.
    let stances: Vec<Vec<String>> = (0..count)
        .map(|i| {
            let inner = inner_of(i);
            let mut v: Vec<String> = reader
                .target(usize::from(i))
                .and_then(|t| hidden.or(corpus.passage(t.passage).stance.as_deref()))
                .map(|s| layout::wrap_shown(s, usize::from(inner.width).max(10), MAX_STANCE_ROWS).0)
                .unwrap_or_default();
            v.truncate(MAX_STANCE_ROWS);
            v
        })
        .collect();
    let stance_rows = stances.iter().map(Vec::len).max().unwrap_or(0) as u16;
    // Label, blank, text, blank, rule, stance.
    let text_avail = body.height.saturating_sub(2 + 2 + stance_rows);
    let passages: Vec<(Vec<String>, bool)> = (0..count)
        .map(|i| {
            let width = usize::from(inner_of(i).width).max(1);
            match reader.target(usize::from(i)) {
                Some(t) => {
                    layout::wrap_capped(corpus.passage_text(t.passage), width, "", MAX_PASSAGE_ROWS)
                }
                None => (vec!["(nothing on this theme)".to_string()], false),
            }
        })
        .collect();
    let tallest = passages.iter().map(|(l, _)| l.len()).max().unwrap_or(0);
    let text_h = text_avail.min(tallest.min(usize::from(u16::MAX)) as u16);
    let rule_y = body.y + 2 + text_h + 1;
    let mut panes = Vec::new();
    for (i, ((lines, truncated), stance)) in passages.into_iter().zip(stances).enumerate() {
        let inner = inner_of(i as u16);
        let essay = reader.panes[i].essay;
        let target = reader.target(i);
        let role = target
            .and_then(|t| corpus.passage(t.passage).role)
            .filter(|_| hidden.is_none())
            .map_or(String::new(), |r| format!(" · {r}"));
        let pos = target.map_or(String::new(), |t| format!(" · {}/{}", t.index + 1, t.count));
        let label = format!("{}{role}{pos}", corpus.essay_label(essay));
        let text = Rect::new(inner.x, inner.y + 2, inner.width, text_h);
        panes.push(PresentPane {
            inner,
            text,
            label,
            lines,
            truncated,
            rule_y,
            stance,
        });
    }
    PresentLayout {
        margin,
        head,
        prompt,
        top_rows,
        panes,
    }
}

impl PresentState {
    /// Scroll the passages by rows, never past the longest one's end.
    pub fn scroll_by(
        &mut self,
        d: isize,
        reader: &Reader,
        tour: Option<TourState>,
        hidden: Option<&str>,
    ) {
        let area = Rect::new(0, 0, reader.size.0, reader.size.1);
        let max = layout(reader, tour, area, hidden).max_scroll() as isize;
        self.scroll = (self.scroll as isize + d).clamp(0, max) as usize;
    }
}
