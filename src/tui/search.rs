//! Search lives in the core (`align::search`); re-exported here for the
//! reader's code that names it this way.

pub use crate::align::search::find_all;
