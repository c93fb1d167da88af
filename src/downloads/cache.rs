//! What the dev server keeps of the downloads between rebuilds: each city's encoded rows, and
//! the files made from many cities, each with what it was made from.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::encoded::EncodedCity;
use crate::model::content::CityEntry;
use crate::model::results::CityResult;
use crate::render::Output;

/// A city's encoded rows and what they were made from. Holding the entry and results keeps
/// their addresses from being reused, so comparing addresses is a sound test of "unchanged".
#[derive(Debug)]
struct CachedRows {
    entry: Arc<CityEntry>,
    result: Arc<CityResult>,
    catalog: u64,
    rows: Arc<EncodedCity>,
}

/// The downloads' cache: encoded rows by city, and data files made from many cities by path.
#[derive(Debug, Default)]
pub struct DownloadCache {
    // Data files made from many cities, by path.
    files: Mutex<HashMap<String, (u64, Output)>>,
    // Each city's encoded data rows, by slug, with what they were encoded from.
    data: Mutex<HashMap<String, CachedRows>>,
}

impl DownloadCache {
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

    /// A city's encoded data rows, if encoded from the same entry, results and catalog.
    pub(crate) fn get_data(
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
    pub(crate) fn put_data(
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
}
