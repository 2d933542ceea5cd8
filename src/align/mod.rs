//! Alignment: which row of each pane shows what. Pure functions over
//! wrapped layouts; the reader only applies the results.

pub mod coverage;
pub mod reader;
pub mod synoptic;
