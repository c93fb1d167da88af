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

use crate::content::CityEntry;
use crate::kpi::engine::CityResult;
use crate::site::discovery::SearchDoc;
use crate::site::export::EncodedCity;

/// A chunk of a page's matrix rows: the page's path and the chunk's number.
type RowsKey = (String, usize);

/// A city's search entry, with the entry and address it was made from.
type CachedDoc = (Arc<CityEntry>, String, SearchDoc);

/// A city's encoded rows and what they were made from. Holding the entry and results keeps
/// their addresses from being reused, so comparing addresses is a sound test of "unchanged".
#[derive(Debug)]
struct CachedRows {
    entry: Arc<CityEntry>,
    result: Arc<CityResult>,
    catalog: u64,
    rows: Arc<EncodedCity>,
}

use super::Output;

/// Rendered profiles by output path, with the fingerprint they were rendered from.
#[derive(Debug, Default)]
pub struct RenderCache {
    entries: Mutex<HashMap<String, (u64, Output)>>,
    // Files a page publishes beside itself (its charts), by the page's path.
    charts: Mutex<HashMap<String, (u64, Vec<Output>)>>,
    // Each city's search entry, by language and slug, with the entry and address it was
    // made from.
    search: Mutex<HashMap<(String, String), CachedDoc>>,
    // Data files made from many cities, by path.
    files: Mutex<HashMap<String, (u64, Output)>>,
    // Rendered rows of a page's matrix, by page path and chunk.
    rows: Mutex<HashMap<RowsKey, (u64, Arc<str>)>>,
    row_hits: Mutex<Vec<RowsKey>>,
    hits: Mutex<Vec<String>>,
    // Each city's encoded data rows, by slug, with what they were encoded from.
    data: Mutex<HashMap<String, CachedRows>>,
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

    /// A city's search entry in `lang`, made by `make` unless one was made from the same entry
    /// for the same address.
    pub fn search_doc(
        &self,
        entry: &Arc<CityEntry>,
        lang: &str,
        address: &str,
        make: impl FnOnce() -> SearchDoc,
    ) -> SearchDoc {
        let key = (lang.to_string(), entry.city.slug.clone());
        if let Ok(map) = self.search.lock()
            && let Some((e, p, doc)) = map.get(&key)
            && Arc::ptr_eq(e, entry)
            && p == address
        {
            return doc.clone();
        }
        let doc = make();
        if let Ok(mut map) = self.search.lock() {
            map.insert(key, (entry.clone(), address.to_string(), doc.clone()));
        }
        doc
    }

    /// A data file, if made from the same fingerprint.
    pub fn get_file(&self, path: &str, fingerprint: u64) -> Option<Output> {
        self.files
            .lock()
            .ok()?
            .get(path)
            .filter(|(f, _)| *f == fingerprint)
            .map(|(_, o)| o.clone())
    }

    /// Remembers a data file.
    pub fn put_file(&self, fingerprint: u64, output: &Output) {
        if let Ok(mut f) = self.files.lock() {
            f.insert(output.path.clone(), (fingerprint, output.clone()));
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

    /// A city's encoded data rows, if encoded from the same entry, results and catalog.
    pub fn get_data(
        &self,
        entry: &Arc<CityEntry>,
        result: &Arc<CityResult>,
        catalog: u64,
    ) -> Option<Arc<EncodedCity>> {
        self.data
            .lock()
            .ok()?
            .get(&entry.city.slug)
            .filter(|c| {
                Arc::ptr_eq(&c.entry, entry)
                    && Arc::ptr_eq(&c.result, result)
                    && c.catalog == catalog
            })
            .map(|c| c.rows.clone())
    }

    /// Remembers a city's encoded data rows.
    pub fn put_data(
        &self,
        entry: &Arc<CityEntry>,
        result: &Arc<CityResult>,
        catalog: u64,
        rows: Arc<EncodedCity>,
    ) {
        if let Ok(mut d) = self.data.lock() {
            d.insert(
                entry.city.slug.clone(),
                CachedRows {
                    entry: entry.clone(),
                    result: result.clone(),
                    catalog,
                    rows,
                },
            );
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
