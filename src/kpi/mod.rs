//! The engine stage: pure functions from content to results (no I/O, no formatting).

pub mod catalog;
pub mod compare;
pub mod engine;
pub mod methodology;
pub mod score;
pub mod state;
pub mod translation;
pub mod trend;

pub use engine::{
    CityResult, EngineCache, ItemResult, KpiComparison, KpiResult, Results, run, run_cached,
};

/// Formats a number without float noise for formulas ("100", "100000", "0.5").
pub fn fmt_plain(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        let s = format!("{x:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}
