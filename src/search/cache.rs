//! What the dev server keeps of the search between rebuilds: each city's record per
//! language, with the entry and address it was made from, and each language's bundle with the
//! fingerprint of the records it was made from (an edit that changes no searchable text, such
//! as a value, does not run Pagefind again).

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
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
    /// Whether a changed bundle waits for [`SearchCache::finish_deferred`].
    defer: AtomicBool,
    /// The bundles still to make, with what to make them from.
    deferred: Mutex<Vec<Deferred>>,
}

/// A language's bundle still to make: Pagefind indexes every record of a language again for
/// any change, 0.6 s at 1,000 cities, so the dev server reloads the browser first.
#[derive(Debug)]
struct Deferred {
    lang: String,
    prefix: String,
    fp: u64,
    records: Vec<Record>,
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

    /// From now on, a language's bundle whose records changed is made by
    /// [`SearchCache::finish_deferred`], and until then the previous bundle stands in for it
    /// (for the dev server, which reloads the browser first: the page a writer looks at does
    /// not wait for the search index).
    pub fn defer_changed_bundles(&self) {
        self.defer.store(true, Ordering::Relaxed);
    }

    /// Makes the bundles deferred since the last call and keeps them; returns each one's
    /// language prefix (`""`, `fr/`) and files.
    pub fn finish_deferred(&self) -> Result<Vec<(String, Vec<Output>)>, super::SearchError> {
        let deferred = match self.deferred.lock() {
            Ok(mut d) => std::mem::take(&mut *d),
            Err(_) => return Ok(Vec::new()),
        };
        let mut out = Vec::new();
        for d in deferred {
            let files = super::bundle(&d.records, &d.lang, &d.prefix)?;
            if let Ok(mut map) = self.bundles.lock() {
                map.insert(d.lang.clone(), (d.fp, files.clone()));
            }
            out.push((d.prefix, files));
        }
        Ok(out)
    }

    /// The bundle of `lang` (its files under `<prefix>pagefind/`) for `records`, made by
    /// `make` unless the last one was made from the same records; when changed bundles are
    /// deferred, the last one until [`SearchCache::finish_deferred`] makes the new one.
    pub fn bundle<E>(
        &self,
        lang: &str,
        prefix: &str,
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
        // A bundle deferred by an earlier rebuild is for records this one replaces.
        if let Ok(mut deferred) = self.deferred.lock() {
            deferred.retain(|d| d.lang != lang);
        }
        if let Ok(map) = self.bundles.lock()
            && let Some((f, files)) = map.get(lang)
        {
            if *f == fp {
                return Ok(files.clone());
            }
            if self.defer.load(Ordering::Relaxed)
                && let Ok(mut deferred) = self.deferred.lock()
            {
                deferred.push(Deferred {
                    lang: lang.to_string(),
                    prefix: prefix.to_string(),
                    fp,
                    records: records.to_vec(),
                });
                return Ok(files.clone());
            }
        }
        let files = make()?;
        if let Ok(mut map) = self.bundles.lock() {
            map.insert(lang.to_string(), (fp, files.clone()));
        }
        Ok(files)
    }
}
