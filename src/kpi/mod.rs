//! The engine stage: pure functions from the loaded content (`model::content`) to results
//! (`model::results`), no I/O and no text for people but diagnostics.

pub mod catalog;
pub mod compare;
pub mod engine;
pub mod score;
pub mod state;
pub mod translation;
pub mod trend;

pub use engine::{EngineCache, run, run_cached};

// shim: removed after the merge (issue 20)
pub use crate::model::catalog::fmt_plain;
// shim: removed after the merge (issue 20)
pub use crate::model::results::{CityResult, ItemResult, KpiComparison, KpiResult, Results};
