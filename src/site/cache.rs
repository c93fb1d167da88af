//! What the dev server keeps between rebuilds: every stage's own cache, in one place.

use crate::content::LoadCache;
use crate::downloads::DownloadCache;
use crate::kpi::EngineCache;
use crate::render::cache::RenderCache;
use crate::search::SearchCache;

/// Each stage's cache, kept by `serve` from one build to the next.
#[derive(Debug, Default)]
pub struct SiteCache {
    /// Parsed city folders (load).
    pub content: LoadCache,
    /// Cities' scores (engine).
    pub engine: EngineCache,
    /// Cities' encoded rows and the data files made from many cities (downloads).
    pub downloads: DownloadCache,
    /// Cities' search entries (search).
    pub search: SearchCache,
    /// Rendered pages, their chart files and matrix rows (render).
    pub render: RenderCache,
}

impl SiteCache {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// The pages reused since the last call, sorted (and forgets them).
    pub fn take_hits(&self) -> Vec<String> {
        self.render.take_hits()
    }

    /// The chunks of matrix rows reused since the last call (page path, chunk), sorted (and
    /// forgets them).
    pub fn take_row_hits(&self) -> Vec<(String, usize)> {
        self.render.take_row_hits()
    }
}
