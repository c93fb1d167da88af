//! The site stage: runs every stage in order ([`build`]) and writes the result ([`output`]),
//! with the files for search engines and feed readers ([`discovery`]), keeps drawn images
//! between builds ([`image_store`]), and warns when it is larger than the usual hosts publish
//! ([`limits`]).

pub mod build;
pub mod cache;
pub mod discovery;
pub mod image_store;
pub mod inputs;
pub mod leftovers;
pub mod limits;
pub mod output;

pub use build::{BuildOptions, Built, build_in_memory};
pub use cache::SiteCache;
