//! The site stage: runs every stage in order ([`build`]) and writes the result ([`output`]),
//! with the files for search engines and feed readers ([`discovery`]).

pub mod build;
pub mod cache;
pub mod discovery;
pub mod inputs;
pub mod leftovers;
pub mod output;

pub use build::{BuildOptions, Built, build_in_memory};
pub use cache::SiteCache;
