//! The load stage: reads the site's files into typed values (the only stage that reads files).

pub mod catalog;
pub mod city;
pub mod loader;
pub mod markdown;
pub mod page;
pub mod toml_reader;
pub mod translation;

pub use loader::{LoadCache, LoadOptions, load, load_cached};
