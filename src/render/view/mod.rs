//! View models: what each template receives. Every number is already formatted and every
//! `href` already carries the base path, so templates only lay things out.
//!
//! Fields ending in `_html` or `_svg` hold trusted markup made by this program (escaped
//! Markdown output or generated SVG); templates print them with `|safe`.
//!
//! One file per page kind; `common` holds what several share. Everything is re-exported here,
//! so pages name them `view::X`.

mod catalog;
mod common;
mod embed;
mod profile;
mod side_by_side;
mod site;

pub use catalog::*;
pub use common::*;
pub use embed::*;
pub use profile::*;
pub use side_by_side::*;
pub use site::*;
