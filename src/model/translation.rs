//! The catalog's names in other languages: what the load stage reads from
//! `u4ssc.<lang>.toml` (`content/translation.rs`) and the render stage shows.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::catalog::Catalog;

/// A KPI's name and definition in one language.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KpiText {
    /// Name.
    pub name: String,
    /// Definition, if translated.
    pub definition: Option<String>,
    /// The translator was not sure of the term.
    pub unsure: bool,
}

/// The catalog's names in one language; anything missing falls back to English.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CatalogTranslation {
    /// English dimension name → translation.
    pub dimensions: BTreeMap<String, String>,
    /// English sub-dimension name → translation.
    pub subdimensions: BTreeMap<String, String>,
    /// English category name → translation.
    pub categories: BTreeMap<String, String>,
    /// English unit → translation.
    pub units: BTreeMap<String, String>,
    /// English data point name → translation.
    pub data_points: BTreeMap<String, String>,
    /// Compact KPI id → texts.
    pub kpis: BTreeMap<String, KpiText>,
}

impl CatalogTranslation {
    /// How many of the catalog's names are translated, out of how many.
    pub fn completeness(&self, catalog: &Catalog) -> (usize, usize) {
        let mut done = 0;
        let mut total = 0;
        let mut count = |ok: bool| {
            total += 1;
            done += usize::from(ok);
        };
        for d in &catalog.dimensions {
            count(self.dimensions.contains_key(&d.name));
            for s in &d.subdimensions {
                count(self.subdimensions.contains_key(&s.name));
                for c in &s.categories {
                    count(self.categories.contains_key(&c.name));
                }
            }
        }
        for k in &catalog.kpis {
            count(self.kpis.contains_key(&k.id));
        }
        (done, total)
    }
}
