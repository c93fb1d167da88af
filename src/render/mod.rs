//! The render stage: engine results and templates to pages (in parallel, in a stable order).

pub mod aggregate;
pub mod cache;
pub mod catalog_pages;
pub mod charts;
pub mod city_page;
pub mod ctx;
pub mod data_page;
pub mod env;
pub mod format;
pub mod i18n;
pub mod methodology;
pub mod pages;
pub mod rows;
pub mod urls;
pub mod view;

pub use pages::{RenderInput, render_site};

/// Where finished files go as soon as they exist: `build` writes them to disk at once, so a
/// large site is never held in memory whole. Without one, files stay in the returned list.
pub trait Sink: Send + Sync + std::fmt::Debug {
    /// Takes a finished file; returns what the caller keeps of it (the path, and the bytes
    /// when the sink does not keep them elsewhere).
    fn emit(&self, output: Output) -> Output;

    /// A file to write in pieces, for files too large to assemble in memory first (the data
    /// downloads that list every city). `None` when this sink cannot; the caller then makes
    /// the file whole and emits it.
    fn stream(&self, _path: &str) -> Option<Box<dyn std::io::Write + Send + '_>> {
        None
    }
}

/// Hands `output` to `sink` if there is one; without one the caller keeps the whole file.
pub fn emit(sink: Option<&dyn Sink>, output: Output) -> Output {
    match sink {
        Some(s) => s.emit(output),
        None => output,
    }
}

/// One output file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// Path relative to the output folder, with `/` separators (`cities/asker/index.html`).
    pub path: String,
    /// Contents (shared: the dev server keeps rendered pages and hands out copies).
    pub bytes: std::sync::Arc<Vec<u8>>,
}
