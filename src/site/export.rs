//! Open-data files made from the same engine results as the pages: a tidy CSV of every value,
//! per-city and per-KPI CSV/JSON, and the catalog.

use std::borrow::Cow;

use serde::Serialize;

use crate::content::Content;
use crate::content::city::{Answer, ValueData};
use crate::kpi::Results;
use crate::kpi::engine::Reported;
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
    /// "reported", "not-reported", "not-applicable", "not-verified".
    pub status: Cow<'a, str>,
    /// Year, or empty.
    pub year: Option<i32>,
    /// Value (yes = 1, no = 0), or empty.
    pub value: Option<f64>,
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
            status: Cow::Borrowed(match r.status {
                Reported::Reported => "reported",
                Reported::NotReported => "not-reported",
                Reported::NotApplicable => "not-applicable",
                Reported::NotVerified => "not-verified",
            }),
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
                    year: Some(*year),
                    value: Some(match obs.answer {
                        Answer::Number(n) => n,
                        Answer::YesNo(b) => f64::from(u8::from(b)),
                    }),
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

fn csv_bytes<'r, 'a: 'r>(rows: impl IntoIterator<Item = &'r ValueRow<'a>>) -> Vec<u8> {
    let mut out = csv_header();
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(&mut out);
    for r in rows {
        // Writing to memory cannot fail.
        let _ = w.serialize(r);
    }
    drop(w);
    out
}

/// The header line of the tidy CSV files.
fn csv_header() -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::with_capacity(256));
    let _ = w.write_record(CSV_HEADER);
    w.into_inner().unwrap_or_default()
}

/// Rows without a header.
fn csv_body(rows: &[ValueRow]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::with_capacity(rows.len() * 400));
    for r in rows {
        let _ = w.serialize(r);
    }
    w.into_inner().unwrap_or_default()
}

/// Column names of the tidy CSV (also written when there are no rows).
pub const CSV_HEADER: [&str; 22] = [
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
    "verified",
    "source",
    "source_url",
];

fn json_bytes<T: Serialize>(v: &T) -> Vec<u8> {
    // Compact: these files are for programs, and pretty-printing tripled their size.
    let mut out = serde_json::to_vec(v).unwrap_or_default();
    out.push(b'\n');
    out
}

#[derive(Serialize)]
struct CatalogRow<'a> {
    item_id: String,
    code: &'a str,
    id: &'a str,
    name: &'a str,
    dimension: &'a str,
    subdimension: &'a str,
    category: &'a str,
    tier: &'a str,
    unit: &'a str,
    direction: &'a str,
    data_point: &'a str,
    target: Option<f64>,
    target_official: Option<bool>,
    target_source: &'a str,
    sdg: String,
}

// The JSON files are written straight from borrowed structs: building a `serde_json::Value`
// tree first cost a fifth of the data files' time. Field order is the files' key order.
#[derive(Serialize)]
struct CityJson<'a> {
    city: &'a str,
    name: &'a str,
    country: &'a str,
    population: Option<u64>,
    evaluation: &'a crate::content::city::Evaluation,
    overall_score_pct: Option<f64>,
    overall_band: Option<u8>,
    coverage: &'a crate::kpi::engine::Coverage,
    dimensions: Vec<DimensionJson<'a>>,
    values: &'a [ValueRow<'a>],
}

#[derive(Serialize)]
struct DimensionJson<'a> {
    name: &'a str,
    score_pct: Option<f64>,
    band: Option<u8>,
    coverage: &'a crate::kpi::engine::Coverage,
}

#[derive(Serialize)]
struct KpiJson<'a> {
    kpi: &'a str,
    id: &'a str,
    name: &'a str,
    unit: &'a str,
    values: &'a [&'a ValueRow<'a>],
}

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
    fn new(
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

/// All data files, each handed to `emit` as soon as it is made (so the per-city files are
/// never all in memory at once).
pub fn data_files(
    content: &Content,
    results: &Results,
    emit: &(dyn Fn(Output) -> Output + Sync),
) -> Vec<DataFile> {
    use rayon::prelude::*;
    let catalog = &content.catalog;
    // Rows are made and encoded city by city in parallel; a city's CSV body (rows without the
    // header) is both its own file and its part of values.csv, so each row is encoded once.
    let per_city: Vec<(Vec<ValueRow>, Vec<u8>)> = content
        .cities
        .par_iter()
        .zip(&results.cities)
        .map(|(entry, cr)| {
            let rows = city_rows(catalog, entry, cr);
            let body = csv_body(&rows);
            (rows, body)
        })
        .collect();
    let header = csv_header();
    let mut all =
        Vec::with_capacity(header.len() + per_city.iter().map(|c| c.1.len()).sum::<usize>());
    all.extend_from_slice(&header);
    for (_, body) in &per_city {
        all.extend_from_slice(body);
    }
    let mut out = Vec::new();
    out.push(DataFile::new(Output { path: "data/values.csv".into(), bytes: all }, "CSV", "Every value of every city (one row per city, KPI, data point and year), with target, achievement, band and points.".to_string(), emit));
    let mut by_kpi: std::collections::HashMap<&str, Vec<&ValueRow>> =
        std::collections::HashMap::new();
    for r in per_city.iter().flat_map(|c| &c.0) {
        by_kpi.entry(&*r.kpi_id).or_default().push(r);
    }
    let city_files: Vec<[DataFile; 2]> = content
        .cities
        .par_iter()
        .zip(&results.cities)
        .zip(&per_city)
        .map(|((entry, cr), (city_rows, body))| {
            let slug = &entry.city.slug;
            let json = CityJson {
                city: slug,
                name: &entry.city.name,
                country: &entry.city.country,
                population: entry.city.population,
                evaluation: &entry.city.evaluation,
                overall_score_pct: cr.overall.pct,
                overall_band: cr.overall.band,
                coverage: &cr.coverage,
                dimensions: catalog
                    .dimensions
                    .iter()
                    .zip(&cr.dimensions)
                    .map(|(d, r)| DimensionJson {
                        name: &d.name,
                        score_pct: r.score.pct,
                        band: r.score.band,
                        coverage: &r.coverage,
                    })
                    .collect(),
                values: city_rows,
            };
            [
                DataFile::new(
                    Output {
                        path: format!("data/cities/{slug}.csv"),
                        bytes: [header.as_slice(), body].concat(),
                    },
                    "CSV",
                    format!("Values of {}.", entry.city.name),
                    emit,
                ),
                DataFile::new(
                    Output {
                        path: format!("data/cities/{slug}.json"),
                        bytes: json_bytes(&json),
                    },
                    "JSON",
                    format!("Values and scores of {}.", entry.city.name),
                    emit,
                ),
            ]
        })
        .collect();
    out.extend(city_files.into_iter().flatten());
    let kpi_files: Vec<[DataFile; 2]> = catalog
        .kpis
        .par_iter()
        .map(|kpi| {
            let kpi_rows: &[&ValueRow] = by_kpi.get(kpi.id.as_str()).map_or(&[], Vec::as_slice);
            [
                DataFile::new(
                    Output {
                        path: format!("data/indicators/{}.csv", kpi.slug),
                        bytes: csv_bytes(kpi_rows.iter().copied()),
                    },
                    "CSV",
                    format!("{} ({}) for every city.", kpi.name, kpi.code),
                    emit,
                ),
                DataFile::new(
                    Output {
                        path: format!("data/indicators/{}.json", kpi.slug),
                        bytes: json_bytes(&KpiJson {
                            kpi: &kpi.code,
                            id: &kpi.id,
                            name: &kpi.name,
                            unit: &kpi.unit,
                            values: kpi_rows,
                        }),
                    },
                    "JSON",
                    format!("{} ({}) for every city.", kpi.name, kpi.code),
                    emit,
                ),
            ]
        })
        .collect();
    out.extend(kpi_files.into_iter().flatten());
    let mut w = csv::Writer::from_writer(Vec::new());
    for k in &catalog.kpis {
        let d = &catalog.dimensions[k.dimension];
        let s = &d.subdimensions[k.subdimension];
        let c = &s.categories[k.category];
        let tier = match k.tier {
            crate::kpi::catalog::Tier::Core => "core",
            crate::kpi::catalog::Tier::Advanced => "advanced",
        };
        let dir = serde_json::to_value(k.direction)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let mut points: Vec<(&str, &str, Option<&crate::kpi::catalog::Target>)> =
            vec![("", k.unit.as_str(), k.target.as_ref())];
        points.extend(k.data_points.iter().map(|dp| {
            (
                dp.key.as_str(),
                dp.unit.as_str(),
                k.point_targets.get(&dp.key),
            )
        }));
        for (p, unit, t) in points {
            let _ = w.serialize(CatalogRow {
                item_id: if p.is_empty() {
                    k.id.clone()
                } else {
                    format!("{}/{p}", k.id)
                },
                code: &k.code,
                id: &k.id,
                name: &k.name,
                dimension: &d.name,
                subdimension: &s.name,
                category: &c.name,
                tier,
                unit,
                direction: &dir,
                data_point: p,
                target: t.map(|t| t.value),
                target_official: t.map(|t| t.official),
                target_source: t.map_or("", |t| &*t.source),
                sdg: k.sdg.join(" "),
            });
        }
    }
    out.push(DataFile::new(
        Output {
            path: "data/catalog.csv".into(),
            bytes: w.into_inner().unwrap_or_default(),
        },
        "CSV",
        "The KPI catalog: one row per KPI and per data point, with targets.".to_string(),
        emit,
    ));
    out.push(DataFile::new(
        Output {
            path: "data/catalog.json".into(),
            bytes: json_bytes(&catalog),
        },
        "JSON",
        "The KPI catalog with its hierarchy, targets and scoring bands.".to_string(),
        emit,
    ));
    out
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
            status: "reported".into(),
            year: Some(2020),
            value: Some(1.5),
            unit: "%".into(),
            latest: true,
            target: None,
            target_official: None,
            target_source: "".into(),
            achievement_pct: None,
            band: None,
            points: None,
            verified: None,
            source: "".into(),
            source_url: "".into(),
        })
        .unwrap();
        let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
        assert_eq!(text.lines().next().unwrap(), CSV_HEADER.join(","));
    }
}
