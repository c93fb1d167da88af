//! The load stage: reads the site's files into typed values (the only stage that reads files).

pub mod city;
pub mod loader;
pub mod markdown;
pub mod page;
pub mod toml_reader;

pub use loader::{CityEntry, Content, LoadCache, LoadOptions, Narrative, load, load_cached};
