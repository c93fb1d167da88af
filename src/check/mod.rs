//! Checks over the rendered site.

pub mod external;
pub mod links;
pub mod translations;
