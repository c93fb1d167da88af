//! Building and writing the whole site.

pub mod build;
pub mod catalog_files;
pub mod datapackage;
pub mod discovery;
pub mod export;
pub mod fields;
pub mod output;
pub mod scores;
pub mod stream;

pub use build::{BuildOptions, Built, build_in_memory};
