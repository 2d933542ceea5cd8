//! stub
use crate::corpus::Corpus;
/// stub
pub fn render(_c: &Corpus, _s: super::scope::Scope) -> String {
    String::new()
}
