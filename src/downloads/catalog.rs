//! The catalog downloads: one CSV row per KPI and per data point with its target, and the
//! whole catalog as JSON.

use serde::Serialize;

use super::files::DataFile;
use crate::render::Output;

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

/// The two catalog files.
pub(crate) fn catalog_files(
    catalog: &crate::model::catalog::Catalog,
    emit: &(dyn Fn(Output) -> Output + Sync),
) -> [DataFile; 2] {
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
        let mut points: Vec<(&str, &str, Option<&crate::model::catalog::Target>)> =
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
    [
        DataFile::new(
            Output {
                path: "data/catalog.csv".into(),
                bytes: w.into_inner().unwrap_or_default().into(),
            },
            "CSV",
            "The KPI catalog: one row per KPI and per data point, with targets.".to_string(),
            emit,
        ),
        DataFile::new(
            Output {
                path: "data/catalog.json".into(),
                bytes: json_bytes(&catalog).into(),
            },
            "JSON",
            "The KPI catalog with its hierarchy, targets and scoring bands.".to_string(),
            emit,
        ),
    ]
}
