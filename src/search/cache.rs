//! What the dev server keeps of the search between rebuilds: each city's record per
//! language, with the entry and address it was made from, and each language's bundle with the
//! fingerprint of the records it was made from (an edit that changes no searchable text, such
//! as a value, does not run Pagefind again).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::record::Record;
use crate::fingerprint::fingerprint;
use crate::model::content::CityEntry;
use crate::render::Output;

/// A city's record, with the entry and address it was made from.
type CachedRecord = (Arc<CityEntry>, String, Record);

/// Each city's search record, by language and slug.
#[derive(Debug, Default)]
pub struct SearchCache {
    records: Mutex<HashMap<(String, String), CachedRecord>>,
    /// Each language's bundle, with the fingerprint of its records.
    bundles: Mutex<HashMap<String, (u64, Vec<Output>)>>,
}

impl SearchCache {
    /// A city's record in `lang`, made by `make` unless one was made from the same entry for
    /// the same address.
    pub fn record(
        &self,
        entry: &Arc<CityEntry>,
        lang: &str,
        address: &str,
        make: impl FnOnce() -> Record,
    ) -> Record {
        let key = (lang.to_string(), entry.city.slug.clone());
        if let Ok(map) = self.records.lock()
            && let Some((e, p, record)) = map.get(&key)
            && Arc::ptr_eq(e, entry)
            && p == address
        {
            return record.clone();
        }
        let record = make();
        if let Ok(mut map) = self.records.lock() {
            map.insert(key, (entry.clone(), address.to_string(), record.clone()));
        }
        record
    }

    /// The bundle of `lang` for `records`, made by `make` unless the last one was made from
    /// the same records.
    pub fn bundle<E>(
        &self,
        lang: &str,
        records: &[Record],
        make: impl FnOnce() -> Result<Vec<Output>, E>,
    ) -> Result<Vec<Output>, E> {
        // A record's names are all in its text too, so the text covers them.
        let fp = fingerprint(records.iter().flat_map(|r| {
            [
                r.url.as_bytes(),
                r.title.as_bytes(),
                r.text.as_bytes(),
                r.code.as_deref().unwrap_or("").as_bytes(),
            ]
        }));
        if let Ok(map) = self.bundles.lock()
            && let Some((f, files)) = map.get(lang)
            && *f == fp
        {
            return Ok(files.clone());
        }
        let files = make()?;
        if let Ok(mut map) = self.bundles.lock() {
            map.insert(lang.to_string(), (fp, files.clone()));
        }
        Ok(files)
    }
}
