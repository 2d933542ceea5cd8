//! Citations: a line naming where words come from (authors, title,
//! publisher, date, paragraph), and the text a reader copies — the
//! author's words followed by that line. Only what the essay's front
//! matter states is cited; nothing is filled in.

use std::ops::Range;

use crate::corpus::Corpus;
use crate::paragraph;
use crate::safe_text::neutralise_str;

/// "Bennett Hawley and Alex Leopold, “Promoting …”, Onero Institute,
/// 2021-10-08, ¶ 4" for the byte range `range` of essay `e`'s text. Parts
/// the source does not give (a title, a publisher, a date) are left out;
/// the paragraph part is left out for a range on a heading only.
pub fn citation(corpus: &Corpus, e: usize, range: Range<usize>) -> String {
    let essay = &corpus.essays[e];
    let m = &essay.meta;
    let mut parts: Vec<String> = Vec::new();
    let authors = join_authors(&m.authors);
    // An essay with no authors is cited by its id rather than not at all.
    parts.push(if authors.is_empty() {
        essay.id.clone()
    } else {
        authors
    });
    if let Some(t) = &m.title {
        parts.push(format!("“{t}”"));
    }
    parts.extend(m.publisher.iter().cloned());
    parts.extend(m.published.iter().cloned());
    if let Some(span) = paragraph::span(essay, range) {
        parts.push(paragraph::label(span));
    }
    neutralise_str(&parts.join(", ")).into_owned()
}

/// "A", "A and B", "A, B and C".
fn join_authors(authors: &[String]) -> String {
    match authors {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// What `Y` copies: the text of `range` in essay `e` (the author's words,
/// exactly, neutralised), a blank line, and "— " with the citation.
pub fn quotation(corpus: &Corpus, e: usize, range: Range<usize>) -> String {
    let text = &corpus.essays[e].text;
    let words = text.get(range.clone()).unwrap_or("");
    format!(
        "{}\n\n— {}\n",
        neutralise_str(words),
        citation(corpus, e, range)
    )
}

/// [`quotation`] for a passage of the map.
pub fn passage_quotation(corpus: &Corpus, p: usize) -> String {
    let pass = corpus.passage(p);
    quotation(corpus, pass.essay, pass.range.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::corpus::builtin_for_tests as builtin;

    #[test]
    fn citation_names_what_the_source_states_and_the_paragraph() {
        let c = builtin();
        let e = c.essay_index("hawley-leopold-2021").unwrap();
        let text = &c.essays[e].text;
        // The essay's second paragraph comes after its first heading,
        // which is not numbered.
        let second = text.find("Japan and South Korea share").unwrap();
        assert_eq!(
            citation(&c, e, second..second + 10),
            "Bennett Hawley and Alex Leopold, “Promoting Reconciliation Between Japan & South Korea to Foster Strategic Cohesion”, Onero Institute, 2021-10-08, ¶ 2"
        );
    }

    #[test]
    fn a_source_without_title_or_date_is_cited_without_them() {
        let c = builtin();
        let e = c.essay_index("aum-2022").unwrap();
        let text = &c.essays[e].text;
        let at = text.find("Japan and South Korea normalized").unwrap();
        assert_eq!(citation(&c, e, at..at + 5), "Frank Aum, USIP, ¶ 1");
    }

    #[test]
    fn three_authors_are_joined_with_commas_and_and() {
        let names = ["A One", "B Two", "C Three"].map(String::from);
        assert_eq!(join_authors(&names), "A One, B Two and C Three");
    }

    #[test]
    fn quotation_is_the_passage_verbatim_then_its_citation() {
        let c = builtin();
        let e = c.essay_index("sneider-2021").unwrap();
        let p = c.passages_in(e)[0];
        let q = passage_quotation(&c, p);
        let (words, cite) = q.split_once("\n\n— ").unwrap();
        assert_eq!(words, c.passage_text(p));
        assert!(cite.starts_with("Daniel Sneider, “RESOLVED:"), "{cite}");
        assert!(cite.trim_end().ends_with(|ch: char| ch.is_ascii_digit()));
    }

    #[test]
    fn control_characters_in_front_matter_do_not_reach_the_copy() {
        let mut c = builtin();
        c.essays[0].meta.publisher = Some("Evil\u{1b}]52;c;AAAA\u{7}Press".into());
        let q = quotation(&c, 0, 0..5);
        assert!(!q.contains('\u{1b}') && !q.contains('\u{7}'), "{q:?}");
        assert!(q.contains("Evil␛]52;c;AAAA␇Press"));
    }
}
