//! stub
use crate::corpus::Corpus;
/// stub
pub fn render(_c: &Corpus) -> String {
    String::new()
}
