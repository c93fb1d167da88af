//! `State` and `Basis` now live in `model::state`.

// shim: removed after the merge (issue 20)
pub use crate::model::state::*;
