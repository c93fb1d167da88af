//! What the dev server keeps of the search between rebuilds: each city's record per
//! language, with the entry and address it was made from, and each language's bundle with the
//! fingerprint of the records it was made from (an edit that changes no searchable text, such
//! as a value, does not index the language again).

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
    /// Whether a changed bundle is left to [`SearchCache::take_deferred`].
    defer: AtomicBool,
    /// The bundles still to make, with what to make them from.
    deferred: Mutex<Vec<DeferredBundle>>,
    /// The fingerprint of each language's records as the last rebuild saw them.
    latest: Mutex<HashMap<String, u64>>,
}

/// A language's index still to make: any change indexes every record of the language again,
/// so the dev server reloads the browser first and makes it on a thread of its own.
#[derive(Debug)]
pub struct DeferredBundle {
    lang: String,
    prefix: String,
    fp: u64,
    records: Vec<Record>,
}

impl DeferredBundle {
    /// The language's prefix in the output (`""`, `fr/`): its index is under `<prefix>search/index/`.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// Makes the bundle.
    pub fn make(&self) -> Vec<Output> {
        super::index::index(&self.records, &self.lang, &self.prefix)
    }
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

    /// From now on, a language's bundle whose records changed is left to
    /// [`SearchCache::take_deferred`], and the previous bundle stands in for it until
    /// [`SearchCache::finish`] (for the dev server, which reloads the browser first: the page a
    /// writer looks at does not wait for the search index).
    pub fn defer_changed_bundles(&self) {
        self.defer.store(true, Ordering::Relaxed);
    }

    /// The bundles deferred since the last call, to make.
    pub fn take_deferred(&self) -> Vec<DeferredBundle> {
        self.deferred
            .lock()
            .map(|mut d| std::mem::take(&mut *d))
            .unwrap_or_default()
    }

    /// Keeps the bundle made for `d` if its records are still the language's latest; returns
    /// whether they are (when not, a later rebuild deferred a newer bundle, or went back to the
    /// records of the one in use).
    pub fn finish(&self, d: &DeferredBundle, files: &[Output]) -> bool {
        let latest = self
            .latest
            .lock()
            .is_ok_and(|l| l.get(&d.lang) == Some(&d.fp));
        if latest && let Ok(mut map) = self.bundles.lock() {
            map.insert(d.lang.clone(), (d.fp, files.to_vec()));
        }
        latest
    }

    /// The index of `lang` (its files under `<prefix>search/index/`) for `records`, made by
    /// `make` unless the last one was made from the same records; when changed bundles are
    /// deferred, the last one until [`SearchCache::finish`] keeps the new one.
    pub fn bundle(
        &self,
        lang: &str,
        prefix: &str,
        records: &[Record],
        make: impl FnOnce() -> Vec<Output>,
    ) -> Vec<Output> {
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
        if let Ok(mut latest) = self.latest.lock() {
            latest.insert(lang.to_string(), fp);
        }
        if let Ok(map) = self.bundles.lock()
            && let Some((f, files)) = map.get(lang)
        {
            if *f == fp {
                return files.clone();
            }
            if self.defer.load(Ordering::Relaxed)
                && let Ok(mut deferred) = self.deferred.lock()
            {
                deferred.push(DeferredBundle {
                    lang: lang.to_string(),
                    prefix: prefix.to_string(),
                    fp,
                    records: records.to_vec(),
                });
                return files.clone();
            }
        }
        let files = make();
        if let Ok(mut map) = self.bundles.lock() {
            map.insert(lang.to_string(), (fp, files.clone()));
        }
        files
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(text: &str) -> Vec<Record> {
        vec![Record {
            url: "/cities/a/".into(),
            title: "A".into(),
            text: text.into(),
            code: None,
            names: vec![],
        }]
    }

    fn files(tag: &str) -> Vec<Output> {
        vec![Output {
            path: "search/index/entry.json".into(),
            bytes: tag.as_bytes().to_vec().into(),
        }]
    }

    fn bundle(cache: &SearchCache, text: &str, tag: &str) -> Vec<Output> {
        cache.bundle("en", "", &records(text), || files(tag))
    }

    #[test]
    fn deferred_bundles_stand_in_until_the_latest_is_finished() {
        let cache = SearchCache::default();
        cache.defer_changed_bundles();
        // The first bundle of a language is made at once: there is nothing to stand in.
        assert_eq!(bundle(&cache, "one", "1"), files("1"));
        assert!(cache.take_deferred().is_empty());
        // Changed records: the previous bundle stands in, and the new one waits.
        assert_eq!(bundle(&cache, "two", "2"), files("1"));
        let two = cache.take_deferred();
        assert_eq!(two.len(), 1);
        // Changed again before it was made: the newer one waits, and the older one, once
        // made, is not kept.
        assert_eq!(bundle(&cache, "three", "3"), files("1"));
        let three = cache.take_deferred();
        assert!(!cache.finish(&two[0], &files("2")));
        assert_eq!(
            bundle(&cache, "three", "x"),
            files("1"),
            "still the one in use"
        );
        assert!(cache.finish(&three[0], &files("3")));
        assert_eq!(bundle(&cache, "three", "x"), files("3"), "kept");
        // Back to records of the bundle in use: nothing waits.
        assert_eq!(bundle(&cache, "four", "4"), files("3"));
        assert_eq!(bundle(&cache, "three", "x"), files("3"));
        assert!(cache.take_deferred().is_empty());
    }
}
