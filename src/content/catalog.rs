//! Reads a catalog file (the embedded U4SSC catalog or a site's own) into a
//! `model::catalog::Catalog`: the load stage's half of the catalog.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, SourceFile};
use crate::model::catalog::{
    BandRule, Catalog, CatalogMeta, Category, DEFAULT_MIN_COVERAGE, DataPoint, Dimension,
    Direction, Kpi, Scoring, SubDimension, Target, Tier, data_point_key, normalize_code, slugify,
};

/// The embedded U4SSC catalog text.
pub const U4SSC_TOML: &str = include_str!("../../catalog/u4ssc.toml");

#[derive(Deserialize)]
struct RawCatalog {
    catalog: CatalogMeta,
    kpi: Vec<RawKpi>,
    #[serde(default)]
    target: Vec<RawTarget>,
    scoring: RawScoring,
}

#[derive(Deserialize)]
struct RawScoring {
    band: Vec<BandRule>,
    #[serde(default)]
    edge_decision: String,
}

#[derive(Deserialize)]
struct RawKpi {
    code: String,
    name: String,
    dimension: String,
    subdimension: String,
    category: String,
    tier: Tier,
    #[serde(default)]
    kind: String,
    unit: String,
    direction: String,
    #[serde(default)]
    numerator: String,
    #[serde(default)]
    denominator: String,
    multiplier: Option<f64>,
    #[serde(default)]
    sdg: Vec<String>,
    #[serde(default)]
    sdg_indicators: Vec<String>,
    #[serde(default)]
    definition: String,
    #[serde(default)]
    notes: String,
    #[serde(default)]
    sources: Vec<String>,
    #[serde(default)]
    unverified: Vec<String>,
    benchmark: Option<String>,
    #[serde(default)]
    data_points: Vec<String>,
    #[serde(default)]
    data_point_units: HashMap<String, String>,
    #[serde(default)]
    data_point_directions: HashMap<String, String>,
    /// What pages call a data point whose name is a bare key ("tertiary" = "Tertiary treatment").
    #[serde(default)]
    data_point_labels: HashMap<String, String>,
    /// `"none"` for data points U4SSC prints without a benchmark.
    #[serde(default)]
    data_point_benchmarks: HashMap<String, String>,
}

#[derive(Deserialize)]
struct RawTarget {
    kpi: String,
    data_point: Option<String>,
    value: f64,
    source: String,
    #[serde(default)]
    official: bool,
    year: Option<i32>,
    note: Option<String>,
}

fn parse_direction(s: &str, unit: &str) -> Option<Direction> {
    if unit == "yes/no" {
        return Some(Direction::YesNo);
    }
    match s {
        "higher" => Some(Direction::Higher),
        "lower" => Some(Direction::Lower),
        "target" => Some(Direction::Target),
        "yesno" | "yes/no" => Some(Direction::YesNo),
        _ => None,
    }
}

impl Catalog {
    /// The embedded U4SSC catalog.
    pub fn u4ssc() -> Self {
        Self::parse(&SourceFile::new("<embedded u4ssc catalog>", U4SSC_TOML))
            .expect("the embedded catalog is valid (checked by a unit test)")
    }

    /// Parses a catalog file.
    pub fn parse(file: &SourceFile) -> Result<Self, Diagnostic> {
        let raw: RawCatalog = toml::from_str(&file.text).map_err(|e| {
            Diagnostic::error(format!("invalid catalog: {}", e.message().trim()))
                .at(file, e.span())
                .help(
                    "a catalog needs [catalog], [[kpi]] tables and [scoring] with [[scoring.band]]",
                )
        })?;
        let mut dimensions: Vec<Dimension> = Vec::new();
        let mut kpis = Vec::with_capacity(raw.kpi.len());
        let mut ids = HashSet::new();
        for rk in raw.kpi {
            let kpi = read_kpi(file, rk, &mut dimensions, kpis.len())?;
            if !ids.insert(kpi.id.clone()) {
                return Err(code_error(
                    file,
                    &kpi.code,
                    format!("KPI code `{}` appears twice", kpi.code),
                ));
            }
            kpis.push(kpi);
        }
        let default_year = raw.catalog.default_target_year;
        let scoring = Scoring {
            bands: {
                let mut b = raw.scoring.band;
                b.sort_by(|x, y| y.min_pct.total_cmp(&x.min_pct));
                b
            },
            edge_decision: raw.scoring.edge_decision,
            min_coverage: DEFAULT_MIN_COVERAGE,
        };
        let mut catalog = Catalog::new(raw.catalog, dimensions, kpis, scoring);
        if catalog.scoring.bands.is_empty() {
            return Err(
                Diagnostic::error("the catalog's [scoring] has no [[scoring.band]]").in_file(file),
            );
        }
        for t in raw.target {
            let target = Target {
                value: t.value,
                source: t.source.into(),
                official: t.official,
                year: t.year.unwrap_or(default_year),
                note: t.note,
            };
            catalog
                .set_target(&t.kpi, t.data_point.as_deref(), target)
                .map_err(|m| {
                    let d = code_error(file, &t.kpi, m);
                    match catalog.suggest(&t.kpi) {
                        Some(s) if catalog.index_of(&t.kpi).is_none() => {
                            d.help(format!("did you mean `{s}`?"))
                        }
                        _ => d,
                    }
                })?;
        }
        Ok(catalog)
    }
}

/// An error at the first place the file writes `"code"` (quoted).
fn code_error(file: &SourceFile, code: &str, msg: String) -> Diagnostic {
    let span = file
        .text
        .find(&format!("\"{code}\""))
        .map(|i| i..i + code.len() + 2);
    Diagnostic::error(msg).at(file, span)
}

/// One `[[kpi]]` table as the catalog's KPI number `index`, placed in the hierarchy (its
/// dimension, sub-dimension and category are added when they first appear).
fn read_kpi(
    file: &SourceFile,
    rk: RawKpi,
    dimensions: &mut Vec<Dimension>,
    index: usize,
) -> Result<Kpi, Diagnostic> {
    let id = normalize_code(&rk.code);
    let parts: Vec<&str> = id.split('-').collect();
    if parts.len() != 4 {
        return Err(code_error(
            file,
            &rk.code,
            format!("KPI code `{}` does not have four parts", rk.code),
        ));
    }
    let direction = parse_direction(&rk.direction, &rk.unit).ok_or_else(|| {
        code_error(
            file,
            &rk.code,
            format!("KPI `{}` has unknown direction `{}`", rk.code, rk.direction),
        )
    })?;
    let (di, si, ci) = place(dimensions, &parts, &rk);
    dimensions[di].subdimensions[si].categories[ci]
        .kpis
        .push(index);
    let data_points = read_data_points(file, &rk, direction)?;
    Ok(Kpi {
        slug: id.to_lowercase(),
        code: rk.code,
        id,
        name: rk.name,
        dimension: di,
        subdimension: si,
        category: ci,
        tier: rk.tier,
        kind: rk.kind,
        unit: rk.unit.into(),
        direction,
        numerator: rk.numerator,
        denominator: rk.denominator,
        multiplier: rk.multiplier,
        sdg: rk.sdg,
        sdg_indicators: rk.sdg_indicators,
        definition: rk.definition,
        notes: rk.notes,
        sources: rk.sources,
        unverified: rk.unverified,
        no_benchmark: rk.benchmark.as_deref() == Some("none"),
        data_points,
        target: None,
        point_targets: BTreeMap::new(),
    })
}

/// Indices of the KPI's dimension, sub-dimension and category, adding those not seen yet.
fn place(dimensions: &mut Vec<Dimension>, parts: &[&str], rk: &RawKpi) -> (usize, usize, usize) {
    let di = match dimensions.iter().position(|d| d.name == rk.dimension) {
        Some(i) => i,
        None => {
            dimensions.push(Dimension {
                code: parts[0].to_string(),
                slug: slugify(&rk.dimension),
                name: rk.dimension.clone(),
                subdimensions: Vec::new(),
            });
            dimensions.len() - 1
        }
    };
    let dim = &mut dimensions[di];
    let si = match dim
        .subdimensions
        .iter()
        .position(|s| s.name == rk.subdimension)
    {
        Some(i) => i,
        None => {
            dim.subdimensions.push(SubDimension {
                code: parts[1].to_string(),
                slug: format!("{}-{}", parts[0], parts[1]).to_lowercase(),
                name: rk.subdimension.clone(),
                categories: Vec::new(),
            });
            dim.subdimensions.len() - 1
        }
    };
    let sub = &mut dim.subdimensions[si];
    let ci = match sub.categories.iter().position(|c| c.name == rk.category) {
        Some(i) => i,
        None => {
            sub.categories.push(Category {
                code: parts[2].to_string(),
                slug: format!("{}-{}", sub.slug, slugify(&rk.category)),
                name: rk.category.clone(),
                kpis: Vec::new(),
            });
            sub.categories.len() - 1
        }
    };
    (di, si, ci)
}

/// The KPI's data points, each with its unit and direction (the KPI's unless given).
fn read_data_points(
    file: &SourceFile,
    rk: &RawKpi,
    direction: Direction,
) -> Result<Vec<DataPoint>, Diagnostic> {
    let mut data_points = Vec::new();
    let mut labelled: Vec<&String> = rk.data_point_labels.keys().collect();
    labelled.sort();
    if let Some(unknown) = labelled.iter().find(|n| !rk.data_points.contains(n)) {
        return Err(code_error(
            file,
            &rk.code,
            format!(
                "`data_point_labels` names `{unknown}`, which is not one of the KPI's data points"
            ),
        ));
    }
    for name in &rk.data_points {
        let dir = match rk.data_point_directions.get(name) {
            Some(d) => parse_direction(d, "").ok_or_else(|| {
                code_error(
                    file,
                    &rk.code,
                    format!("data point `{name}` has unknown direction `{d}`"),
                )
            })?,
            None => direction,
        };
        data_points.push(DataPoint {
            key: data_point_key(name).into(),
            unit: rk
                .data_point_units
                .get(name)
                .map(|u| u.as_str().into())
                .unwrap_or_else(|| rk.unit.as_str().into()),
            label: rk
                .data_point_labels
                .get(name)
                .cloned()
                .unwrap_or_else(|| name.clone()),
            name: name.clone(),
            direction: dir,
            no_benchmark: rk.data_point_benchmarks.get(name).map(String::as_str) == Some("none"),
        });
    }
    Ok(data_points)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_catalog_has_91_kpis_in_3_dimensions_and_7_subdimensions() {
        let c = Catalog::u4ssc();
        assert_eq!(c.kpis.len(), 91);
        assert_eq!(c.dimensions.len(), 3);
        let subs: usize = c.dimensions.iter().map(|d| d.subdimensions.len()).sum();
        assert_eq!(subs, 7);
        let core = c.kpis.iter().filter(|k| k.tier == Tier::Core).count();
        assert_eq!(core, 55);
    }

    #[test]
    fn codes_are_accepted_in_every_form() {
        let c = Catalog::u4ssc();
        let i = c.index_of("EC: ICT: ICT: 1C").unwrap();
        assert_eq!(c.index_of("EC-ICT-ICT-1C"), Some(i));
        assert_eq!(c.index_of("ec-ict-ict-1c"), Some(i));
        assert_eq!(c.index_of("EC:ICT:ICT:1C"), Some(i));
        assert_eq!(c.kpis[i].slug, "ec-ict-ict-1c");
        assert_eq!(c.index_of("EC-ICT-ICT-99C"), None);
    }

    #[test]
    fn suggestions_come_in_the_style_the_user_wrote() {
        let c = Catalog::u4ssc();
        assert_eq!(
            c.suggest("EC: ICT: ICT: 77C").as_deref(),
            Some("EC: ICT: ICT: 1C")
        );
        assert_eq!(
            c.suggest("EC-ICT-ICT-77C").as_deref(),
            Some("EC-ICT-ICT-1C")
        );
        assert_eq!(
            c.suggest("ec-ict-ict-77c").as_deref(),
            Some("ec-ict-ict-1c")
        );
        assert_eq!(
            c.suggest("EC:ICT:ICT:77C").as_deref(),
            Some("EC: ICT: ICT: 1C")
        );
        assert_eq!(c.suggest("nothing like a code"), None);
    }

    #[test]
    fn the_one_official_target_is_fixed_broadband_60() {
        let c = Catalog::u4ssc();
        let official: Vec<&Kpi> = c
            .kpis
            .iter()
            .filter(|k| k.target.as_ref().is_some_and(|t| t.official))
            .collect();
        assert_eq!(official.len(), 1);
        assert_eq!(official[0].code, "EC: ICT: ICT: 2C");
        assert_eq!(official[0].target.as_ref().unwrap().value, 60.0);
        // No data point target is official either: U4SSC prints none.
        assert!(
            c.kpis
                .iter()
                .flat_map(|k| k.point_targets.values())
                .all(|t| !t.official)
        );
    }

    #[test]
    fn bands_follow_the_documented_edges() {
        let s = Catalog::u4ssc().scoring;
        let band = |p| s.band_for(p).0;
        assert_eq!(band(0.0), 1);
        assert_eq!(band(32.99), 1);
        assert_eq!(band(33.0), 2);
        assert_eq!(band(65.99), 2);
        assert_eq!(band(66.0), 3);
        assert_eq!(band(94.99), 3);
        assert_eq!(band(95.0), 3);
        assert_eq!(band(95.01), 4);
        assert_eq!(band(100.0), 4);
        assert_eq!(s.max_points(), 4);
    }
}
