//! Reuse of rendered city profiles between rebuilds of the dev server.
//!
//! A profile depends on its city's files and on things every page shares (templates, strings,
//! settings, the catalog, the list of cities it links to). Its fingerprint combines both, so an
//! edit to one city re-renders that city's profiles only, while the pages that aggregate all
//! cities are always rendered again.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Mutex;

use super::Output;

/// Rendered profiles by output path, with the fingerprint they were rendered from.
#[derive(Debug, Default)]
pub struct RenderCache {
    entries: Mutex<HashMap<String, (u64, Output)>>,
    hits: std::sync::atomic::AtomicUsize,
}

impl RenderCache {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// The cached output for `path` if it was rendered from the same fingerprint.
    pub fn get(&self, path: &str, fingerprint: u64) -> Option<Output> {
        let hit = self
            .entries
            .lock()
            .ok()?
            .get(path)
            .filter(|(f, _)| *f == fingerprint)
            .map(|(_, o)| o.clone());
        if hit.is_some() {
            self.hits.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        hit
    }

    /// Remembers an output.
    pub fn put(&self, fingerprint: u64, output: &Output) {
        if let Ok(mut e) = self.entries.lock() {
            e.insert(output.path.clone(), (fingerprint, output.clone()));
        }
    }

    /// How many pages were reused since the last call (and resets the count).
    pub fn take_hits(&self) -> usize {
        self.hits.swap(0, std::sync::atomic::Ordering::Relaxed)
    }
}

/// A fingerprint of some byte strings, in order.
pub fn fingerprint<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for p in parts {
        p.hash(&mut h);
    }
    h.finish()
}
