//! What the render stage hands on: finished files, and where they go as soon as they exist.

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
