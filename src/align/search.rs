//! Finding text in an essay: case-insensitive (ASCII), and forgiving of
//! spacing, quote style and dashes, like anchoring.

use std::ops::Range;

use crate::mapping::anchor::normalize;

/// Every match of `query` in `text`, as byte ranges of `text`, in order.
pub fn find_all(text: &str, query: &str) -> Vec<Range<usize>> {
    let q = normalize(query).text.to_ascii_lowercase();
    if q.is_empty() {
        return Vec::new();
    }
    let norm = normalize(text);
    // ASCII lowercasing keeps byte offsets, so the map back still holds.
    let hay = norm.text.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = hay[from..].find(&q) {
        let s = from + i;
        out.push(norm.original(s..s + q.len()));
        from = s + q.len();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_case_insensitively_across_typography() {
        let t = "GSOMIA — the “hard-won” pact. gsomia again.";
        let hits = find_all(t, "gsomia");
        assert_eq!(hits.len(), 2);
        assert_eq!(&t[hits[0].clone()], "GSOMIA");
        let hits = find_all(t, "\"hard-won\"");
        assert_eq!(&t[hits[0].clone()], "“hard-won”");
        assert!(find_all(t, "   ").is_empty());
    }
}
