//! Making a corpus: choosing anchors for selections, tagging passages,
//! starting a corpus and bringing essays into it.

pub mod choose;
pub mod commands;
pub mod import;
pub mod refresh;
pub mod scaffold;
pub mod workspace;
