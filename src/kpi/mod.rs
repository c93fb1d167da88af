//! The engine stage: pure functions from the loaded content (`model::content`) to results
//! (`model::results`), no I/O and no text for people but diagnostics.

pub mod compare;
pub mod engine;
pub mod score;
pub mod trend;

pub use engine::{EngineCache, run, run_cached};
