//! Each city's download rows encoded once (CSV lines, JSON objects, its scores.csv rows), so
//! every file that lists them is a concatenation of the same bytes.

use std::sync::Arc;

use serde::Serialize;

use super::scores::{DimensionJson, ScoreJson};
use super::values::city_rows;

// The JSON files are written straight from borrowed structs (building a `serde_json::Value`
// tree first cost a fifth of the data files' time), then get their `values` array appended
// from the encoded rows. Field order is the files' key order.
#[derive(Serialize)]
struct CityJson<'a> {
    city: &'a str,
    name: &'a str,
    country: &'a str,
    population: Option<u64>,
    evaluation: &'a crate::model::city::Evaluation,
    overall: ScoreJson,
    coverage: &'a crate::model::results::Coverage,
    dimensions: Vec<DimensionJson<'a>>,
}

#[derive(Serialize)]
struct KpiJson<'a> {
    kpi: &'a str,
    id: &'a str,
    name: &'a str,
    unit: &'a str,
}

/// One city's rows encoded once, with where each row ends, so that every file listing them
/// (the city's, each KPI's, values.csv) is a concatenation of the same bytes.
#[derive(Debug)]
pub struct EncodedCity {
    /// CSV lines, no header.
    pub(crate) csv: Vec<u8>,
    csv_ends: Vec<usize>,
    /// JSON objects, back to back.
    json: Vec<u8>,
    json_ends: Vec<usize>,
    /// Catalog index of each row's KPI.
    pub(crate) kpis: Vec<usize>,
    /// The city's JSON file up to its `values`.
    json_head: Vec<u8>,
    /// The city's rows of scores.csv, no header.
    pub(crate) scores: Vec<u8>,
    /// What the dev server keeps of it: the city's own two files, and fingerprints of its rows.
    kept: std::sync::OnceLock<Kept>,
}

/// A city's files and row fingerprints, made once for as long as its encoding is reused.
#[derive(Debug)]
pub(crate) struct Kept {
    /// The city's CSV file.
    pub(crate) csv_file: Arc<Vec<u8>>,
    /// The city's JSON file.
    pub(crate) json_file: Arc<Vec<u8>>,
    /// Fingerprint of all its CSV rows.
    pub(crate) csv: u64,
    /// Per KPI (catalog order), a fingerprint of its CSV and JSON rows for that KPI.
    pub(crate) by_kpi: Vec<u64>,
}

impl EncodedCity {
    /// Encodes one city's rows.
    pub(crate) fn new(
        catalog: &crate::model::catalog::Catalog,
        entry: &crate::model::content::CityEntry,
        cr: &crate::model::results::CityResult,
        kpi_index: &std::collections::HashMap<&str, usize>,
    ) -> Self {
        let rows = city_rows(catalog, entry, cr);
        let mut w = csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(Vec::with_capacity(rows.len() * 400));
        let mut csv_ends = Vec::with_capacity(rows.len());
        let mut json = Vec::with_capacity(rows.len() * 500);
        let mut json_ends = Vec::with_capacity(rows.len());
        for r in &rows {
            // Writing to memory cannot fail; flushing after each row makes its end known.
            let _ = w.serialize(r);
            let _ = w.flush();
            csv_ends.push(w.get_ref().len());
            let _ = serde_json::to_writer(&mut json, r);
            json_ends.push(json.len());
        }
        let csv = w.into_inner().unwrap_or_default();
        let kpis = rows
            .iter()
            .map(|r| kpi_index.get(&*r.kpi_id).copied().unwrap_or(0))
            .collect();
        let city = &entry.city;
        let head = serde_json::to_vec(&CityJson {
            city: &city.slug,
            name: &city.name,
            country: &city.country,
            population: city.population,
            evaluation: &city.evaluation,
            overall: (&cr.overall).into(),
            coverage: &cr.coverage,
            dimensions: super::scores::dimensions_json(catalog, cr),
        })
        .unwrap_or_default();
        Self {
            csv,
            csv_ends,
            json,
            json_ends,
            kpis,
            json_head: head,
            scores: super::scores::encode(catalog, &entry.city, cr),
            kept: std::sync::OnceLock::new(),
        }
    }

    /// The city's files and row fingerprints, made on first use.
    pub(crate) fn kept(&self, header: &[u8], n_kpis: usize) -> &Kept {
        self.kept.get_or_init(|| {
            let mut by_kpi = vec![xxhash_rust::xxh3::Xxh3::new(); n_kpis];
            for (i, &k) in self.kpis.iter().enumerate() {
                if let Some(h) = by_kpi.get_mut(k) {
                    h.update(self.csv_row(i));
                    h.update(self.json_row(i));
                }
            }
            Kept {
                csv_file: Arc::new(self.csv_file(header)),
                json_file: Arc::new(self.json_file()),
                csv: xxhash_rust::xxh3::xxh3_64(&self.csv),
                by_kpi: by_kpi.iter().map(|h| h.digest()).collect(),
            }
        })
    }

    /// The city's CSV file, under `header`.
    pub(crate) fn csv_file(&self, header: &[u8]) -> Vec<u8> {
        [header, &self.csv].concat()
    }

    /// The city's JSON file.
    pub(crate) fn json_file(&self) -> Vec<u8> {
        with_values(
            self.json_head.clone(),
            (0..self.json_ends.len()).map(|i| self.json_row(i)),
        )
    }

    /// Row `i` as a CSV line.
    pub(crate) fn csv_row(&self, i: usize) -> &[u8] {
        let start = if i == 0 { 0 } else { self.csv_ends[i - 1] };
        &self.csv[start..self.csv_ends[i]]
    }

    /// Row `i` as a JSON object.
    pub(crate) fn json_row(&self, i: usize) -> &[u8] {
        let start = if i == 0 { 0 } else { self.json_ends[i - 1] };
        &self.json[start..self.json_ends[i]]
    }
}

/// Appends `"values":[…]` as the last key of the JSON object `head`, and a final newline.
pub(crate) fn with_values<'r>(head: Vec<u8>, rows: impl Iterator<Item = &'r [u8]>) -> Vec<u8> {
    let mut out = values_open(head);
    for (i, r) in rows.enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(r);
    }
    out.extend_from_slice(VALUES_CLOSE);
    out
}

/// The JSON object `head` opened for a last key, `values`, whose array follows.
pub(crate) fn values_open(mut head: Vec<u8>) -> Vec<u8> {
    if head.last() == Some(&b'}') {
        head.pop();
    }
    if head.len() > 1 {
        head.push(b',');
    }
    head.extend_from_slice(b"\"values\":[");
    head
}

/// What closes the `values` array opened by [`values_open`], and the file.
pub(crate) const VALUES_CLOSE: &[u8] = b"]}\n";

/// Catalog index of each KPI by its compact id.
pub(crate) fn kpi_index(
    catalog: &crate::model::catalog::Catalog,
) -> std::collections::HashMap<&str, usize> {
    catalog
        .kpis
        .iter()
        .enumerate()
        .map(|(i, k)| (k.id.as_str(), i))
        .collect()
}

/// A KPI's JSON file up to its `values`.
pub(crate) fn kpi_json_head(kpi: &crate::model::catalog::Kpi) -> Vec<u8> {
    serde_json::to_vec(&KpiJson {
        kpi: &kpi.code,
        id: &kpi.id,
        name: &kpi.name,
        unit: &kpi.unit,
    })
    .unwrap_or_default()
}
