//! Checks over the rendered site.

pub mod links;
pub mod translations;
