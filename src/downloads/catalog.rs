//! The catalog downloads: one CSV row per KPI and per data point with how it is scored, the
//! groups the scores are given for, and the whole catalog as JSON. The value files refer to
//! these by key instead of repeating names, units and targets on every row.

use serde::Serialize;

use super::files::{self, DataFile};
use super::scores::OVERALL;
use crate::model::catalog::YES_NO_TARGET_SOURCE;
use crate::model::catalog::{Benchmark, Catalog, Kpi};
use crate::render::Output;

fn json_bytes<T: Serialize>(v: &T) -> Vec<u8> {
    // Compact: these files are for programs, and pretty-printing tripled their size.
    let mut out = serde_json::to_vec(v).unwrap_or_default();
    out.push(b'\n');
    out
}

#[derive(Serialize)]
struct CatalogRow<'a> {
    item: String,
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
    benchmark: &'a str,
    target: Option<f64>,
    target_official: Option<bool>,
    target_source: &'a str,
    sdg: String,
}

/// Columns of catalog.csv.
pub const CATALOG_HEADER: [&str; 16] = [
    "item",
    "code",
    "id",
    "name",
    "dimension",
    "subdimension",
    "category",
    "tier",
    "unit",
    "direction",
    "data_point",
    "benchmark",
    "target",
    "target_official",
    "target_source",
    "sdg",
];

/// The words of catalog.csv's `benchmark` column.
pub const BENCHMARK_WORDS: [&str; 4] = ["target", "yes-no", "no-benchmark", "no-target"];

/// A target as catalog.csv writes it: value (none for the yes/no rule), official, source.
type TargetCells<'a> = (Option<f64>, bool, &'a str);

/// An item's benchmark word and, when it has one, its target as the engine scores it.
fn benchmark<'a>(kpi: &'a Kpi, point: Option<&str>) -> (&'static str, Option<TargetCells<'a>>) {
    match kpi.benchmark(point) {
        Benchmark::Target(t) => ("target", Some((Some(t.value), t.official, &*t.source))),
        Benchmark::YesNo => ("yes-no", Some((None, false, &**YES_NO_TARGET_SOURCE))),
        Benchmark::NoBenchmark => ("no-benchmark", None),
        Benchmark::NoTarget => ("no-target", None),
    }
}

fn catalog_csv(catalog: &Catalog) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for k in &catalog.kpis {
        let d = &catalog.dimensions[k.dimension];
        let s = &d.subdimensions[k.subdimension];
        let c = &s.categories[k.category];
        let tier = match k.tier {
            crate::model::catalog::Tier::Core => "core",
            crate::model::catalog::Tier::Advanced => "advanced",
        };
        let dir = serde_json::to_value(k.direction)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let mut points: Vec<(Option<&str>, &str)> = vec![(None, &*k.unit)];
        points.extend(k.data_points.iter().map(|dp| (Some(&*dp.key), &*dp.unit)));
        for (p, unit) in points {
            let (word, target) = benchmark(k, p);
            let _ = w.serialize(CatalogRow {
                item: super::values::item_id(&k.id, p.unwrap_or_default()).into_owned(),
                code: &k.code,
                id: &k.id,
                name: &k.name,
                dimension: &d.name,
                subdimension: &s.name,
                category: &c.name,
                tier,
                unit,
                direction: &dir,
                data_point: p.unwrap_or_default(),
                benchmark: word,
                target: target.and_then(|t| t.0),
                target_official: target.map(|t| t.1),
                target_source: target.map_or("", |t| t.2),
                sdg: k.sdg.join(" "),
            });
        }
    }
    w.into_inner().unwrap_or_default()
}

/// Columns of groups.csv.
pub const GROUPS_HEADER: [&str; 4] = ["group_code", "level", "name", "parent"];

/// One row per group a score is given for: the overall score, then each dimension before its
/// sub-dimensions, each before its categories (the order of a city's scores.csv rows).
fn groups_csv(catalog: &Catalog) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(GROUPS_HEADER);
    let _ = w.write_record([OVERALL, "overall", "Overall", ""]);
    for d in &catalog.dimensions {
        let _ = w.write_record([d.slug.as_str(), "dimension", d.name.as_str(), OVERALL]);
        for s in &d.subdimensions {
            let _ = w.write_record([
                s.slug.as_str(),
                "subdimension",
                s.name.as_str(),
                d.slug.as_str(),
            ]);
            for c in &s.categories {
                let _ = w.write_record([
                    c.slug.as_str(),
                    "category",
                    c.name.as_str(),
                    s.slug.as_str(),
                ]);
            }
        }
    }
    w.into_inner().unwrap_or_default()
}

/// The catalog files: catalog.csv, groups.csv and catalog.json.
pub(crate) fn catalog_files(
    catalog: &Catalog,
    emit: &(dyn Fn(Output) -> Output + Sync),
) -> [DataFile; 3] {
    let file = |path: &str, bytes: Vec<u8>| Output {
        path: path.into(),
        bytes: bytes.into(),
    };
    [
        DataFile::new(
            file("data/catalog.csv", catalog_csv(catalog)),
            files::csv("download.file.catalog_csv"),
            emit,
        ),
        DataFile::new(
            file("data/groups.csv", groups_csv(catalog)),
            files::csv("download.file.groups"),
            emit,
        ),
        DataFile::new(
            file("data/catalog.json", json_bytes(&catalog)),
            files::json("download.file.catalog_json"),
            emit,
        ),
    ]
}
