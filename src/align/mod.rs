//! Alignment: which row of each pane shows what. Pure functions over
//! wrapped layouts (and search, which finds text the way anchoring does);
//! the reader only applies the results.

pub mod coverage;
pub mod reader;
pub mod search;
pub mod synoptic;
