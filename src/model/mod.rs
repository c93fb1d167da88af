//! The ground floor: the domain types the stages pass on (catalog, languages, cities and their
//! values, content, engine results, states) and the text helpers that serve them. Imports
//! nothing from the crate but `diagnostics`.
//!
//! A KPI value's path through the stages: `content/city/` parses it into a
//! [`city::KpiValue`], `kpi/engine.rs` scores it into a [`results::ItemResult`], and the
//! render stage shows it.

pub mod catalog;
pub mod city;
pub mod content;
pub mod country;
pub mod language;
pub mod markers;
pub mod number;
pub mod placeholders;
pub mod results;
pub mod state;
pub mod translation;
