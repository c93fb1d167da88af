//! The render stage: engine results and templates to pages (in parallel, in a stable order).

pub mod cache;
pub mod catalog_pages;
pub mod charts;
pub mod city_page;
pub mod ctx;
pub mod env;
pub mod format;
pub mod i18n;
pub mod pages;
pub mod urls;
pub mod view;

pub use pages::{RenderInput, render_site};

/// One output file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// Path relative to the output folder, with `/` separators (`cities/asker/index.html`).
    pub path: String,
    /// Contents.
    pub bytes: Vec<u8>,
}
