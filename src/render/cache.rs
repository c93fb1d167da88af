//! Reuse of rendered pages between rebuilds of the dev server (the render stage's own cache;
//! the other stages keep theirs, and `site::cache::SiteCache` holds them all).
//!
//! A profile depends on its city's files, on its templates and on things every page shares
//! (strings, settings, the catalog, the list of cities it links to). Its fingerprint combines
//! them and is checked before the profile's view is built, so an edit to one city re-renders
//! that city's profiles only. Every other page is keyed by what it is rendered from (its
//! templates, the site data, its metadata and its view): the pages that aggregate cities are
//! rendered again only when what they show changed.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::Output;

/// A chunk of a page's matrix rows: the page's path and the chunk's number.
type RowsKey = (String, usize);

/// Rendered profiles by output path, with the fingerprint they were rendered from.
#[derive(Debug, Default)]
pub struct RenderCache {
    entries: Mutex<HashMap<String, (u64, Output)>>,
    // Files a page publishes beside itself (its charts), by the page's path.
    charts: Mutex<HashMap<String, (u64, Vec<Output>)>>,
    // Rendered rows of a page's matrix, by page path and chunk.
    rows: Mutex<HashMap<RowsKey, (u64, Arc<str>)>>,
    row_hits: Mutex<Vec<RowsKey>>,
    hits: Mutex<Vec<String>>,
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

    /// The chart files the page at `path` published, if rendered from the same fingerprint.
    pub fn get_charts(&self, path: &str, fingerprint: u64) -> Option<Vec<Output>> {
        self.charts
            .lock()
            .ok()?
            .get(path)
            .filter(|(f, _)| *f == fingerprint)
            .map(|(_, c)| c.clone())
    }

    /// Remembers the chart files of the page at `path`.
    pub fn put_charts(&self, path: &str, fingerprint: u64, charts: Vec<Output>) {
        if let Ok(mut c) = self.charts.lock() {
            c.insert(path.to_string(), (fingerprint, charts));
        }
    }

    /// Chunk `chunk` of the matrix rows of the page at `path`, if rendered from the same
    /// fingerprint.
    pub fn get_rows(&self, path: &str, chunk: usize, fingerprint: u64) -> Option<Arc<str>> {
        let key = (path.to_string(), chunk);
        let hit = self
            .rows
            .lock()
            .ok()?
            .get(&key)
            .filter(|(f, _)| *f == fingerprint)
            .map(|(_, r)| r.clone());
        if hit.is_some()
            && let Ok(mut h) = self.row_hits.lock()
        {
            h.push(key);
        }
        hit
    }

    /// The chunks of matrix rows reused since the last call (page path, chunk), sorted (and
    /// forgets them).
    pub fn take_row_hits(&self) -> Vec<(String, usize)> {
        take_sorted(&self.row_hits)
    }

    /// Remembers a chunk of matrix rows.
    pub fn put_rows(&self, path: &str, chunk: usize, fingerprint: u64, rows: Arc<str>) {
        if let Ok(mut r) = self.rows.lock() {
            r.insert((path.to_string(), chunk), (fingerprint, rows));
        }
    }

    /// The files reused since the last call, sorted (and forgets them).
    pub fn take_hits(&self) -> Vec<String> {
        take_sorted(&self.hits)
    }
}

/// The list in `m`, sorted, leaving it empty.
fn take_sorted<T: Ord>(m: &Mutex<Vec<T>>) -> Vec<T> {
    let mut h = m
        .lock()
        .map(|mut h| std::mem::take(&mut *h))
        .unwrap_or_default();
    h.sort();
    h
}
