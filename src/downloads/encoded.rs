//! Each city's download rows encoded once per view (values.csv lines, the city's own lines,
//! each KPI's lines), with its rows of cities.csv, sources.csv and scores.csv, so every file
//! that lists them is a concatenation of the same bytes.

use std::sync::Arc;

use serde::Serialize;

use super::values::{ValueFacts, city_rows, source_key};

/// One row of cities.csv.
#[derive(Serialize)]
struct CityRow<'a> {
    city: &'a str,
    name: &'a str,
    country: &'a str,
    country_code: Option<&'a str>,
    region: Option<&'a str>,
    population: Option<u64>,
    population_year: Option<i32>,
    area_km2: Option<f64>,
    latitude: Option<f64>,
    longitude: Option<f64>,
    evaluation: &'a str,
    published: Option<&'a str>,
    data_year: i32,
    data_year_is_published: bool,
    complete: bool,
    note: Option<&'a str>,
    core_reported: u32,
    advanced_reported: u32,
}

/// Columns of cities.csv.
pub const CITIES_HEADER: [&str; 18] = [
    "city",
    "name",
    "country",
    "country_code",
    "region",
    "population",
    "population_year",
    "area_km2",
    "latitude",
    "longitude",
    "evaluation",
    "published",
    "data_year",
    "data_year_is_published",
    "complete",
    "note",
    "core_reported",
    "advanced_reported",
];

/// One row of sources.csv.
#[derive(Serialize)]
struct SourceRow<'a> {
    source: String,
    city: &'a str,
    title: &'a str,
    url: Option<&'a str>,
}

/// Columns of sources.csv.
pub const SOURCES_HEADER: [&str; 4] = ["source", "city", "title", "url"];

/// One city's rows encoded once per view, with where each KPI file's row ends, so that every
/// file listing them (values.csv, the city's file, each KPI's file) is a concatenation of the
/// same bytes.
#[derive(Debug)]
pub struct EncodedCity {
    /// values.csv lines (city, item, facts), no header.
    pub(crate) values: Vec<u8>,
    /// The city file's lines (item, facts), no header.
    own: Vec<u8>,
    /// KPI file lines (city, data point, facts), back to back.
    by_kpi: Vec<u8>,
    by_kpi_ends: Vec<usize>,
    /// Catalog index of each row's KPI.
    pub(crate) kpis: Vec<usize>,
    /// The city's line of cities.csv.
    pub(crate) city: Vec<u8>,
    /// The city's lines of sources.csv.
    pub(crate) sources: Vec<u8>,
    /// The city's rows of scores.csv, no header.
    pub(crate) scores: Vec<u8>,
    /// What the dev server keeps of it: the city's own file, and fingerprints of its rows.
    kept: std::sync::OnceLock<Kept>,
}

/// A city's file and row fingerprints, made once for as long as its encoding is reused.
#[derive(Debug)]
pub(crate) struct Kept {
    /// The city's CSV file.
    pub(crate) csv_file: Arc<Vec<u8>>,
    /// Fingerprint of its values.csv lines.
    pub(crate) values: u64,
    /// Per KPI (catalog order), a fingerprint of its lines in that KPI's file.
    pub(crate) by_kpi: Vec<u64>,
}

/// A CSV writer into memory, without a header.
fn writer(capacity: usize) -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::with_capacity(capacity))
}

/// A writer's bytes (writing to memory cannot fail).
fn bytes(w: csv::Writer<Vec<u8>>) -> Vec<u8> {
    w.into_inner().unwrap_or_default()
}

impl EncodedCity {
    /// Encodes one city's rows.
    pub(crate) fn new(
        catalog: &crate::model::catalog::Catalog,
        entry: &crate::model::content::CityEntry,
        cr: &crate::model::results::CityResult,
    ) -> Self {
        let rows = city_rows(catalog, entry, cr);
        let mut values = writer(rows.len() * 80);
        let mut own = writer(rows.len() * 64);
        let mut by_kpi = writer(rows.len() * 72);
        let mut by_kpi_ends = Vec::with_capacity(rows.len());
        for r in &rows {
            let item = r.item();
            let facts: &ValueFacts = &r.facts;
            // Writing to memory cannot fail; flushing after each KPI row makes its end known.
            let _ = values.serialize((r.city, &*item, facts));
            let _ = own.serialize((&*item, facts));
            let _ = by_kpi.serialize((r.city, r.data_point, facts));
            let _ = by_kpi.flush();
            by_kpi_ends.push(by_kpi.get_ref().len());
        }
        let city = &entry.city;
        let mut line = writer(256);
        let _ = line.serialize(CityRow {
            city: &city.slug,
            name: &city.name,
            country: &city.country,
            country_code: city.country_code.as_deref(),
            region: city.region.as_deref(),
            population: city.population,
            population_year: city.population_year,
            area_km2: city.area_km2,
            latitude: city.location.map(|l| l.0),
            longitude: city.location.map(|l| l.1),
            evaluation: &city.evaluation.kind,
            published: city.evaluation.published.as_deref(),
            data_year: city.evaluation.data_year,
            data_year_is_published: city.evaluation.data_year_is_published,
            complete: city.evaluation.complete,
            note: city.evaluation.note.as_deref(),
            core_reported: cr.coverage.core_reported,
            advanced_reported: cr.coverage.advanced_reported,
        });
        let mut sources = writer(city.sources.len() * 160);
        for s in &city.sources {
            let _ = sources.serialize(SourceRow {
                source: source_key(&city.slug, &s.id),
                city: &city.slug,
                title: &s.title,
                url: s.url.as_deref(),
            });
        }
        Self {
            values: bytes(values),
            own: bytes(own),
            by_kpi: bytes(by_kpi),
            by_kpi_ends,
            kpis: rows.iter().map(|r| r.kpi).collect(),
            city: bytes(line),
            sources: bytes(sources),
            scores: super::scores::encode(catalog, &entry.city, cr),
            kept: std::sync::OnceLock::new(),
        }
    }

    /// The city's file and row fingerprints, made on first use.
    pub(crate) fn kept(&self, header: &[u8], n_kpis: usize) -> &Kept {
        self.kept.get_or_init(|| {
            let mut by_kpi = vec![xxhash_rust::xxh3::Xxh3::new(); n_kpis];
            for (i, &k) in self.kpis.iter().enumerate() {
                if let Some(h) = by_kpi.get_mut(k) {
                    h.update(self.kpi_row(i));
                }
            }
            Kept {
                csv_file: Arc::new(self.csv_file(header)),
                values: xxhash_rust::xxh3::xxh3_64(&self.values),
                by_kpi: by_kpi.iter().map(|h| h.digest()).collect(),
            }
        })
    }

    /// The city's own file, under `header`.
    pub(crate) fn csv_file(&self, header: &[u8]) -> Vec<u8> {
        [header, &self.own].concat()
    }

    /// Row `i` as a line of its KPI's file.
    pub(crate) fn kpi_row(&self, i: usize) -> &[u8] {
        let start = if i == 0 { 0 } else { self.by_kpi_ends[i - 1] };
        &self.by_kpi[start..self.by_kpi_ends[i]]
    }
}
