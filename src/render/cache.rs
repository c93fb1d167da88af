//! Reuse of rendered city profiles (and of each city's encoded data rows) between rebuilds of
//! the dev server.
//!
//! A profile depends on its city's files, on its templates and on things every page shares
//! (strings, settings, the catalog, the list of cities it links to). Its fingerprint combines
//! them and is checked before the profile's view is built, so an edit to one city re-renders
//! that city's profiles only. Every other page is keyed by what it is rendered from (its
//! templates, the site data, its metadata and its view): the pages that aggregate cities are
//! rendered again only when what they show changed.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::site::export::EncodedCity;

use super::Output;

/// Rendered profiles by output path, with the fingerprint they were rendered from.
#[derive(Debug, Default)]
pub struct RenderCache {
    entries: Mutex<HashMap<String, (u64, Output)>>,
    hits: Mutex<Vec<String>>,
    // Each city's encoded data rows, by slug.
    data: Mutex<HashMap<String, (u64, Arc<EncodedCity>)>>,
    /// Parsed city folders.
    pub content: crate::content::LoadCache,
    /// Cities' scores.
    pub engine: crate::kpi::EngineCache,
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
        if hit.is_some()
            && let Ok(mut h) = self.hits.lock()
        {
            h.push(path.to_string());
        }
        hit
    }

    /// Remembers an output.
    pub fn put(&self, fingerprint: u64, output: &Output) {
        if let Ok(mut e) = self.entries.lock() {
            e.insert(output.path.clone(), (fingerprint, output.clone()));
        }
    }

    /// A city's encoded data rows, if made from the same fingerprint.
    pub fn get_data(&self, slug: &str, fingerprint: u64) -> Option<Arc<EncodedCity>> {
        self.data
            .lock()
            .ok()?
            .get(slug)
            .filter(|(f, _)| *f == fingerprint)
            .map(|(_, e)| e.clone())
    }

    /// Remembers a city's encoded data rows.
    pub fn put_data(&self, slug: &str, fingerprint: u64, rows: Arc<EncodedCity>) {
        if let Ok(mut d) = self.data.lock() {
            d.insert(slug.to_string(), (fingerprint, rows));
        }
    }

    /// The files reused since the last call, sorted (and forgets them).
    pub fn take_hits(&self) -> Vec<String> {
        let mut h = self
            .hits
            .lock()
            .map(|mut h| std::mem::take(&mut *h))
            .unwrap_or_default();
        h.sort();
        h
    }
}

/// A fingerprint of some byte strings, in order (each one's length is hashed too, so
/// `["ab", "c"]` and `["a", "bc"]` differ).
pub fn fingerprint<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for p in parts {
        h.update(&(p.len() as u64).to_le_bytes());
        h.update(p);
    }
    h.digest()
}
