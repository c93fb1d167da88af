//! What the dev server keeps of the search index between rebuilds: each city's entry per
//! language, with the entry and address it was made from.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::doc::SearchDoc;
use crate::model::content::CityEntry;

/// A city's search entry, with the entry and address it was made from.
type CachedDoc = (Arc<CityEntry>, String, SearchDoc);

/// Each city's search entry, by language and slug.
#[derive(Debug, Default)]
pub struct SearchCache {
    docs: Mutex<HashMap<(String, String), CachedDoc>>,
}

impl SearchCache {
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
        if let Ok(map) = self.docs.lock()
            && let Some((e, p, doc)) = map.get(&key)
            && Arc::ptr_eq(e, entry)
            && p == address
        {
            return doc.clone();
        }
        let doc = make();
        if let Ok(mut map) = self.docs.lock() {
            map.insert(key, (entry.clone(), address.to_string(), doc.clone()));
        }
        doc
    }
}
