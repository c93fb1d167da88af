//! Open-data files made from the same engine results as the pages: a tidy CSV of every value,
//! per-city and per-KPI CSV/JSON, and the catalog.

use std::borrow::Cow;
use std::sync::Arc;

use serde::Serialize;

use super::fields::DataValue;
use super::scores::{DimensionJson, ScoreJson};
use crate::content::Content;
use crate::content::city::ValueData;
use crate::kpi::Results;
use crate::render::Output;

/// One row of the tidy values table. Text borrows from the content, catalog and results where
/// it can: a 10,000-city site has a million rows, and owned copies cost a gigabyte.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
pub struct ValueRow<'a> {
    /// Unique key: `city/KPI id[/data point]/year`.
    pub row_id: String,
    /// City slug.
    pub city: Cow<'a, str>,
    /// City name.
    pub city_name: Cow<'a, str>,
    /// Country.
    pub country: Cow<'a, str>,
    /// Official KPI code.
    pub kpi_code: Cow<'a, str>,
    /// Compact KPI id.
    pub kpi_id: Cow<'a, str>,
    /// KPI name.
    pub kpi_name: Cow<'a, str>,
    /// Data point key, or empty.
    pub data_point: Cow<'a, str>,
    /// The item's state for a row with a value (`scored`, `no-target`, `no-benchmark`), the
    /// KPI's otherwise (`not-reported`, `not-verified`, `not-applicable`): see
    /// [`super::fields::VALUE_STATES`].
    pub status: Cow<'a, str>,
    /// Year, or empty.
    pub year: Option<i32>,
    /// Value as published (a number, `yes` or `no`), or empty.
    pub value: Option<DataValue>,
    /// Unit.
    pub unit: Cow<'a, str>,
    /// Whether this row is the latest year (the one scored).
    pub latest: bool,
    /// Target value, or empty.
    pub target: Option<f64>,
    /// Whether the target is official.
    pub target_official: Option<bool>,
    /// Target source.
    pub target_source: Cow<'a, str>,
    /// Achievement in percent.
    pub achievement_pct: Option<f64>,
    /// Band.
    pub band: Option<u8>,
    /// Points.
    pub points: Option<u8>,
    /// What the band rests on (`official`, `indicative`, `report`); empty unless scored.
    pub basis: Cow<'a, str>,
    /// Verified flag.
    pub verified: Option<bool>,
    /// Source title.
    pub source: Cow<'a, str>,
    /// Source address.
    pub source_url: Cow<'a, str>,
}

/// Every value of every city, in city then catalog order.
pub fn value_rows<'a>(content: &'a Content, results: &'a Results) -> Vec<ValueRow<'a>> {
    content
        .cities
        .iter()
        .zip(&results.cities)
        .flat_map(|(entry, cr)| city_rows(&content.catalog, entry, cr))
        .collect()
}

/// The values of one city, in catalog order.
fn city_rows<'a>(
    catalog: &'a crate::kpi::catalog::Catalog,
    entry: &'a crate::content::CityEntry,
    cr: &'a crate::kpi::engine::CityResult,
) -> Vec<ValueRow<'a>> {
    let mut rows = Vec::with_capacity(entry.city.values.len() + 8);
    let city = &entry.city;
    for v in &city.values {
        let kpi = &catalog.kpis[v.kpi];
        let r = cr.kpi(catalog, v.kpi);
        let src = v
            .source
            .as_ref()
            .and_then(|id| city.sources.iter().find(|s| &s.id == id));
        let base = ValueRow {
            row_id: format!("{}/{}/{}", city.slug, kpi.id, city.evaluation.data_year),
            city: Cow::Borrowed(&city.slug),
            city_name: Cow::Borrowed(&city.name),
            country: Cow::Borrowed(&city.country),
            kpi_code: Cow::Borrowed(&kpi.code),
            kpi_id: Cow::Borrowed(&kpi.id),
            kpi_name: Cow::Borrowed(&kpi.name),
            data_point: Cow::Borrowed(""),
            status: Cow::Borrowed(r.state.key()),
            year: None,
            value: None,
            unit: Cow::Borrowed(&kpi.unit),
            latest: true,
            target: None,
            target_official: None,
            target_source: Cow::Borrowed(""),
            achievement_pct: None,
            band: None,
            points: None,
            basis: Cow::Borrowed(""),
            verified: v.verified,
            source: Cow::Borrowed(src.map_or("", |s| s.title.as_str())),
            source_url: Cow::Borrowed(src.and_then(|s| s.url.as_deref()).unwrap_or_default()),
        };
        let readings: Vec<(Option<&str>, &crate::content::city::Reading)> = match &v.data {
            ValueData::Status { .. } => {
                rows.push(ValueRow {
                    year: Some(city.evaluation.data_year),
                    ..base
                });
                continue;
            }
            ValueData::Single { reading } => vec![(None, reading)],
            ValueData::Points { points } => kpi
                .data_points
                .iter()
                .filter_map(|d| points.get(&d.key).map(|r| (Some(d.key.as_str()), r)))
                .collect(),
        };
        for (point, reading) in readings {
            let item = r.items.iter().find(|i| i.point.as_deref() == point);
            let last = reading.years.keys().next_back().copied();
            for (year, obs) in &reading.years {
                let latest = Some(*year) == last;
                let scored = item.filter(|_| latest);
                rows.push(ValueRow {
                    row_id: match point {
                        Some(p) => format!("{}/{}/{p}/{year}", city.slug, kpi.id),
                        None => format!("{}/{}/{year}", city.slug, kpi.id),
                    },
                    data_point: Cow::Borrowed(point.unwrap_or_default()),
                    // Every year of an item carries the item's state; band, points and basis
                    // are on the latest row, the one scored.
                    status: Cow::Borrowed(item.map_or(r.state, |i| i.state).key()),
                    year: Some(*year),
                    value: Some(obs.answer.into()),
                    unit: Cow::Borrowed(item.map_or(kpi.unit.as_str(), |i| i.unit.as_str())),
                    latest,
                    target: scored.and_then(|i| i.target.as_ref()).map(|t| t.value),
                    target_official: scored.and_then(|i| i.target.as_ref()).map(|t| t.official),
                    target_source: Cow::Borrowed(
                        scored
                            .and_then(|i| i.target.as_ref())
                            .map_or("", |t| &*t.source),
                    ),
                    achievement_pct: scored.and_then(|i| i.achievement_pct).map(round4),
                    band: scored.and_then(|i| i.band),
                    points: scored.and_then(|i| i.points),
                    basis: Cow::Borrowed(
                        scored
                            .and_then(|i| i.basis())
                            .map_or("", crate::kpi::state::Basis::key),
                    ),
                    ..base.clone()
                });
            }
        }
    }
    rows
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// The header line of the tidy CSV files.
pub(crate) fn csv_header() -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::with_capacity(256));
    let _ = w.write_record(CSV_HEADER);
    w.into_inner().unwrap_or_default()
}

/// Column names of the tidy CSV (also written when there are no rows).
pub const CSV_HEADER: [&str; 23] = [
    "row_id",
    "city",
    "city_name",
    "country",
    "kpi_code",
    "kpi_id",
    "kpi_name",
    "data_point",
    "status",
    "year",
    "value",
    "unit",
    "latest",
    "target",
    "target_official",
    "target_source",
    "achievement_pct",
    "band",
    "points",
    "basis",
    "verified",
    "source",
    "source_url",
];

// The JSON files are written straight from borrowed structs (building a `serde_json::Value`
// tree first cost a fifth of the data files' time), then get their `values` array appended
// from the encoded rows. Field order is the files' key order.
#[derive(Serialize)]
struct CityJson<'a> {
    city: &'a str,
    name: &'a str,
    country: &'a str,
    population: Option<u64>,
    evaluation: &'a crate::content::city::Evaluation,
    overall: ScoreJson,
    coverage: &'a crate::kpi::engine::Coverage,
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
struct Kept {
    csv_file: Arc<Vec<u8>>,
    json_file: Arc<Vec<u8>>,
    /// Fingerprint of all its CSV rows.
    csv: u64,
    /// Per KPI (catalog order), a fingerprint of its CSV and JSON rows for that KPI.
    by_kpi: Vec<u64>,
}

impl EncodedCity {
    /// Encodes one city's rows.
    pub(crate) fn new(
        catalog: &crate::kpi::catalog::Catalog,
        entry: &crate::content::CityEntry,
        cr: &crate::kpi::engine::CityResult,
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
    fn kept(&self, header: &[u8], n_kpis: usize) -> &Kept {
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
fn with_values<'r>(head: Vec<u8>, rows: impl Iterator<Item = &'r [u8]>) -> Vec<u8> {
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

/// A data file listed on the data page.
#[derive(Debug)]
pub struct DataFile {
    /// The file (bytes empty once handed to a sink).
    pub output: Output,
    /// Size in bytes.
    pub size: u64,
    /// "CSV" or "JSON".
    pub format: &'static str,
    /// What it holds.
    pub description: String,
}

impl DataFile {
    /// A file already written in pieces by the sink, `size` bytes long.
    pub(crate) fn streamed(
        path: String,
        size: u64,
        format: &'static str,
        description: String,
    ) -> Self {
        Self {
            output: Output {
                path,
                bytes: Default::default(),
            },
            size,
            format,
            description,
        }
    }

    pub(crate) fn new(
        output: Output,
        format: &'static str,
        description: String,
        emit: &(dyn Fn(Output) -> Output + Sync),
    ) -> Self {
        Self {
            size: output.bytes.len() as u64,
            output: emit(output),
            format,
            description,
        }
    }
}

/// All data files, each handed to `sink` as soon as it is made (so the per-city files are
/// never all in memory at once); a sink that writes files in pieces gets the files that list
/// every city that way (see [`super::stream`]).
///
/// With `cache` (the dev server's, and a fingerprint of the catalog), cities whose file did
/// not change reuse their encoded rows.
pub fn data_files(
    content: &Content,
    results: &Results,
    sink: Option<&dyn crate::render::Sink>,
    cache: Option<(&crate::render::cache::RenderCache, u64)>,
) -> Vec<DataFile> {
    use rayon::prelude::*;
    if cache.is_none()
        && let Some(sink) = sink
        && let Some(files) = super::stream::data_files(content, results, sink)
    {
        return files;
    }
    let emit = &|o: Output| crate::render::emit(sink, o);
    let catalog = &content.catalog;
    let kpi_index = kpi_index(catalog);
    // Each city's rows are encoded once (CSV lines and JSON objects); every file that lists
    // them is a concatenation of those bytes. The dev server keeps the encodings of cities
    // whose file did not change.
    let encoded: Vec<Arc<EncodedCity>> = content
        .cities
        .par_iter()
        .zip(&results.cities)
        .map(|(entry, cr)| {
            if let Some((c, catalog_fp)) = cache
                && let Some(hit) = c.get_data(entry, cr, catalog_fp)
            {
                return hit;
            }
            let e = Arc::new(EncodedCity::new(catalog, entry, cr, &kpi_index));
            if let Some((c, catalog_fp)) = cache {
                c.put_data(entry, cr, catalog_fp, e.clone());
            }
            e
        })
        .collect();
    let header = csv_header();
    // In the dev server, a file made from many cities is reused while the rows it lists are
    // the same, so an edit to one city rebuilds only the files that city's rows are in.
    let kept: Option<Vec<&Kept>> = cache.map(|_| {
        encoded
            .par_iter()
            .map(|e| e.kept(&header, catalog.kpis.len()))
            .collect()
    });
    let key = |parts: &mut dyn Iterator<Item = u64>| {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        h.update(&cache.map_or(0, |(_, fp)| fp).to_le_bytes());
        for p in parts {
            h.update(&p.to_le_bytes());
        }
        h.digest()
    };
    // The file at `path`: the dev server's copy made from the same `key`, or a new one.
    let file = |path: String, key: Option<u64>, make: &dyn Fn() -> Vec<u8>| {
        if let (Some((c, _)), Some(k)) = (cache, key) {
            if let Some(hit) = c.get_file(&path, k) {
                return hit;
            }
            let o = Output {
                path,
                bytes: make().into(),
            };
            c.put_file(k, &o);
            return o;
        }
        Output {
            path,
            bytes: make().into(),
        }
    };
    let mut out = Vec::new();
    let values_key = kept.as_ref().map(|k| key(&mut k.iter().map(|k| k.csv)));
    let values = file("data/values.csv".into(), values_key, &|| {
        let mut all =
            Vec::with_capacity(header.len() + encoded.iter().map(|c| c.csv.len()).sum::<usize>());
        all.extend_from_slice(&header);
        for e in &encoded {
            all.extend_from_slice(&e.csv);
        }
        all
    });
    out.push(DataFile::new(
        values,
        "CSV",
        VALUES_DESCRIPTION.to_string(),
        emit,
    ));
    // Small (under 40 rows a city), so made again on every rebuild rather than keyed; the
    // dev server writes it only when its bytes changed.
    let mut scores = super::scores::scores_header();
    for e in &encoded {
        scores.extend_from_slice(&e.scores);
    }
    out.push(DataFile::new(
        Output {
            path: SCORES_PATH.into(),
            bytes: scores.into(),
        },
        "CSV",
        super::scores::SCORES_DESCRIPTION.to_string(),
        emit,
    ));
    let city_files: Vec<[DataFile; 2]> = content
        .cities
        .par_iter()
        .zip(&encoded)
        .enumerate()
        .map(|(i, (entry, e))| {
            let (csv, json) = match &kept {
                Some(k) => (k[i].csv_file.clone(), k[i].json_file.clone()),
                None => (Arc::new(e.csv_file(&header)), Arc::new(e.json_file())),
            };
            city_files(&entry.city, csv, json, emit)
        })
        .collect();
    out.extend(city_files.into_iter().flatten());
    // Rows of each KPI, as (city, row) in city order.
    let mut by_kpi: Vec<Vec<(usize, usize)>> = vec![Vec::new(); catalog.kpis.len()];
    for (ci, e) in encoded.iter().enumerate() {
        for (ri, &k) in e.kpis.iter().enumerate() {
            by_kpi[k].push((ci, ri));
        }
    }
    let kpi_files: Vec<[DataFile; 2]> = catalog
        .kpis
        .par_iter()
        .zip(&by_kpi)
        .enumerate()
        .map(|(ki, (kpi, rows))| {
            let kpi_key = kept.as_ref().map(|k| {
                key(&mut std::iter::once(ki as u64).chain(k.iter().map(|k| k.by_kpi[ki])))
            });
            let csv = file(
                format!("data/indicators/{}.csv", kpi.slug),
                kpi_key,
                &|| {
                    let mut csv = header.clone();
                    for &(ci, ri) in rows {
                        csv.extend_from_slice(encoded[ci].csv_row(ri));
                    }
                    csv
                },
            );
            let json = file(
                format!("data/indicators/{}.json", kpi.slug),
                kpi_key,
                &|| {
                    with_values(
                        kpi_json_head(kpi),
                        rows.iter().map(|&(ci, ri)| encoded[ci].json_row(ri)),
                    )
                },
            );
            [
                DataFile::new(csv, "CSV", kpi_description(kpi), emit),
                DataFile::new(json, "JSON", kpi_description(kpi), emit),
            ]
        })
        .collect();
    out.extend(kpi_files.into_iter().flatten());
    out.extend(super::catalog_files::catalog_files(catalog, emit));
    out
}

/// Where scores.csv is written.
pub(crate) const SCORES_PATH: &str = "data/scores.csv";

/// What values.csv is, on the data page.
pub(crate) const VALUES_DESCRIPTION: &str = "Every value of every city (one row per city, KPI, data point and year), with its status, target, achievement, band, points and basis.";

/// Catalog index of each KPI by its compact id.
pub(crate) fn kpi_index(
    catalog: &crate::kpi::catalog::Catalog,
) -> std::collections::HashMap<&str, usize> {
    catalog
        .kpis
        .iter()
        .enumerate()
        .map(|(i, k)| (k.id.as_str(), i))
        .collect()
}

/// A city's two files, from their bytes.
pub(crate) fn city_files(
    city: &crate::content::city::City,
    csv: Arc<Vec<u8>>,
    json: Arc<Vec<u8>>,
    emit: &(dyn Fn(Output) -> Output + Sync),
) -> [DataFile; 2] {
    let slug = &city.slug;
    [
        DataFile::new(
            Output {
                path: format!("data/cities/{slug}.csv"),
                bytes: csv,
            },
            "CSV",
            format!("Values of {}.", city.name),
            emit,
        ),
        DataFile::new(
            Output {
                path: format!("data/cities/{slug}.json"),
                bytes: json,
            },
            "JSON",
            format!("Values and scores of {}.", city.name),
            emit,
        ),
    ]
}

/// What a KPI's two files are, on the data page.
pub(crate) fn kpi_description(kpi: &crate::kpi::catalog::Kpi) -> String {
    format!("{} ({}) for every city.", kpi.name, kpi.code)
}

/// A KPI's JSON file up to its `values`.
pub(crate) fn kpi_json_head(kpi: &crate::kpi::catalog::Kpi) -> Vec<u8> {
    serde_json::to_vec(&KpiJson {
        kpi: &kpi.code,
        id: &kpi.id,
        name: &kpi.name,
        unit: &kpi.unit,
    })
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_matches_the_row_fields() {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.serialize(ValueRow {
            row_id: "a/k/2020".into(),
            city: "a".into(),
            city_name: "A".into(),
            country: "C".into(),
            kpi_code: "k".into(),
            kpi_id: "k".into(),
            kpi_name: "K".into(),
            data_point: "".into(),
            status: "scored".into(),
            year: Some(2020),
            value: Some(DataValue::Number(1.5)),
            unit: "%".into(),
            latest: true,
            target: None,
            target_official: None,
            target_source: "".into(),
            achievement_pct: None,
            band: None,
            points: None,
            basis: "".into(),
            verified: None,
            source: "".into(),
            source_url: "".into(),
        })
        .unwrap();
        let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
        assert_eq!(text.lines().next().unwrap(), CSV_HEADER.join(","));
    }
}
