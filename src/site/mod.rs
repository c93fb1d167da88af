//! Building and writing the whole site.

pub mod build;
pub mod discovery;
pub mod export;
pub mod output;
pub mod stream;

pub use build::{BuildOptions, Built, build_in_memory};
