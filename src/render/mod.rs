//! The render stage: engine results and templates to pages (in parallel, in a stable order).
//!
//! `jobs` lists the pages and renders them in parallel; `pages/` has one module per page kind,
//! each building its view model and rendering it; `ctx` is what every page shares.

pub mod cache;
pub mod charts;
pub mod cite;
pub mod ctx;
pub mod env;
pub mod format;
pub mod i18n;
pub mod input;
pub mod jobs;
pub mod methodology;
pub mod output;
pub mod pages;
pub mod raster;
pub mod rows;
pub mod urls;
pub mod view;

pub use input::{Download, RenderInput};
pub use jobs::render_site;
pub use output::{Output, Sink, emit};
