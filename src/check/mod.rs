//! Checks over the rendered site.

pub mod external;
pub mod links;
pub mod markdown_links;
pub mod template_links;
pub mod translations;
