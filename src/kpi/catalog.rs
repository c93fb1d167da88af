//! The KPI framework as data: dimensions → sub-dimensions → categories → KPIs → data points.
//!
//! The U4SSC catalog is embedded in the binary; a site may point `catalog = "..."` at its own
//! file of the same shape, so the engine is not tied to U4SSC.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::diagnostics::{Diagnostic, SourceFile};

/// Core KPIs every evaluation should report; advanced ones are optional.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tier {
    /// Core indicator.
    Core,
    /// Advanced indicator.
    Advanced,
}

/// Which way is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Higher values are better.
    Higher,
    /// Lower values are better.
    Lower,
    /// Closeness to the target value is better.
    Target,
    /// A yes/no answer; yes is the desired state.
    YesNo,
}

/// One data point of a KPI that U4SSC reports separately (e.g. PM2.5 of air quality).
#[derive(Debug, Clone, Serialize)]
pub struct DataPoint {
    /// Name as the catalog writes it ("PM2.5").
    pub name: String,
    /// Key used in city files ("pm2-5").
    pub key: String,
    /// Unit of this data point.
    pub unit: String,
    /// Which way is better for this data point.
    pub direction: Direction,
    /// U4SSC prints no benchmark for this data point (Open Data's count of data sets).
    pub no_benchmark: bool,
}

/// A target to score against.
#[derive(Debug, Clone, Serialize)]
pub struct Target {
    /// Target value in the KPI's unit.
    pub value: f64,
    /// Where the value comes from (shared: every scored item of every city points to it).
    pub source: std::sync::Arc<str>,
    /// Published by U4SSC (true) or chosen as an indicative reference (false).
    pub official: bool,
    /// Year by which it should be reached.
    pub year: i32,
    /// Optional remark.
    pub note: Option<String>,
}

/// One KPI of the catalog.
#[derive(Debug, Clone, Serialize)]
pub struct Kpi {
    /// Official code, e.g. `EC: ICT: ICT: 1C`.
    pub code: String,
    /// Compact id, e.g. `EC-ICT-ICT-1C`.
    pub id: String,
    /// URL slug, e.g. `ec-ict-ict-1c`.
    pub slug: String,
    /// Name as U4SSC writes it.
    pub name: String,
    /// Index of the dimension in [`Catalog::dimensions`].
    pub dimension: usize,
    /// Index of the sub-dimension within its dimension.
    pub subdimension: usize,
    /// Index of the category within its sub-dimension.
    pub category: usize,
    /// Core or advanced.
    pub tier: Tier,
    /// U4SSC's type label (smart, sustainable, structural, unknown).
    pub kind: String,
    /// Unit of the reported value.
    pub unit: String,
    /// Which way is better.
    pub direction: Direction,
    /// Calculation numerator, in words.
    pub numerator: String,
    /// Calculation denominator, in words ("" for a plain measure).
    pub denominator: String,
    /// Calculation multiplier (100 for percentages, 100 000 for per-100 000 rates).
    pub multiplier: Option<f64>,
    /// SDG targets, e.g. "11.2".
    pub sdg: Vec<String>,
    /// SDG indicators cited.
    pub sdg_indicators: Vec<String>,
    /// Short definition.
    pub definition: String,
    /// Caveats.
    pub notes: String,
    /// Where the facts were read.
    pub sources: Vec<String>,
    /// Fields not confirmed on an official page.
    pub unverified: Vec<String>,
    /// U4SSC prints no benchmark for this KPI.
    pub no_benchmark: bool,
    /// Data points scored separately; empty for single-valued KPIs.
    pub data_points: Vec<DataPoint>,
    /// Target for the KPI as a whole.
    pub target: Option<Target>,
    /// Targets per data point key.
    pub point_targets: std::collections::BTreeMap<String, Target>,
}

/// How an item of a KPI can be scored. Every page, chart and download asks
/// [`Kpi::benchmark`], so a KPI is never scored on one page and "not scored" on another.
#[derive(Debug, Clone, Copy)]
pub enum Benchmark<'a> {
    /// Scored against this target (for a yes/no item, yes meets it).
    Target(&'a Target),
    /// A yes/no item without a target of its own: yes meets the benchmark.
    YesNo,
    /// U4SSC prints no benchmark for the KPI (`benchmark = "none"` in the catalog).
    NoBenchmark,
    /// U4SSC does not rule it out, but this site knows no target for it.
    NoTarget,
}

impl Benchmark<'_> {
    /// Whether an item with this benchmark earns points.
    pub fn scorable(&self) -> bool {
        matches!(self, Benchmark::Target(_) | Benchmark::YesNo)
    }
}

impl Kpi {
    /// How the whole KPI (`None`) or one data point is scored.
    pub fn benchmark(&self, point: Option<&str>) -> Benchmark<'_> {
        self.benchmark_of(point.and_then(|p| self.data_point(p)), point)
    }

    /// [`Kpi::benchmark`] with the data point already found (looking one up by name folds
    /// its spelling, which the engine would otherwise do for every city).
    fn benchmark_of(&self, dp: Option<&DataPoint>, point: Option<&str>) -> Benchmark<'_> {
        if self.no_benchmark || dp.is_some_and(|d| d.no_benchmark) {
            return Benchmark::NoBenchmark;
        }
        let direction = dp.map_or(self.direction, |d| d.direction);
        match (self.target_for(point), direction) {
            (Some(t), _) => Benchmark::Target(t),
            (None, Direction::YesNo) => Benchmark::YesNo,
            (None, _) => Benchmark::NoTarget,
        }
    }

    /// How many of the KPI's items (the KPI, or each data point) can be scored.
    pub fn scorable_items(&self) -> u32 {
        if self.data_points.is_empty() {
            u32::from(self.benchmark(None).scorable())
        } else {
            self.data_points
                .iter()
                .filter(|d| self.benchmark_of(Some(d), Some(&d.key)).scorable())
                .count() as u32
        }
    }

    /// Target for the whole KPI or one data point.
    pub fn target_for(&self, point: Option<&str>) -> Option<&Target> {
        match point {
            Some(p) => self.point_targets.get(p).or(self.target.as_ref()),
            None => self.target.as_ref(),
        }
    }

    /// Looks up a data point by its key or name, case-insensitively.
    pub fn data_point(&self, key: &str) -> Option<&DataPoint> {
        let k = data_point_key(key);
        self.data_points.iter().find(|d| d.key == k)
    }

    /// The formula in words, e.g. "(households with access ÷ total households) × 100".
    pub fn formula(&self) -> String {
        let m = self.multiplier.filter(|m| *m != 1.0);
        match (self.denominator.is_empty(), m) {
            (true, _) => self.numerator.clone(),
            (false, Some(m)) => format!(
                "({} ÷ {}) × {}",
                self.numerator,
                self.denominator,
                crate::kpi::fmt_plain(m)
            ),
            (false, None) => format!("{} ÷ {}", self.numerator, self.denominator),
        }
    }
}

/// A category inside a sub-dimension.
#[derive(Debug, Clone, Serialize)]
pub struct Category {
    /// Category letter code from the KPI codes ("WS").
    pub code: String,
    /// Full name.
    pub name: String,
    /// Unique anchor/slug, e.g. `ec-i-water-and-sanitation`.
    pub slug: String,
    /// KPI indices in catalog order.
    pub kpis: Vec<usize>,
}

/// A sub-dimension inside a dimension.
#[derive(Debug, Clone, Serialize)]
pub struct SubDimension {
    /// Code ("ICT").
    pub code: String,
    /// Full name.
    pub name: String,
    /// Unique slug, e.g. `ec-ict`.
    pub slug: String,
    /// Categories in catalog order.
    pub categories: Vec<Category>,
}

/// One of the three dimensions.
#[derive(Debug, Clone, Serialize)]
pub struct Dimension {
    /// Code ("EC").
    pub code: String,
    /// Full name.
    pub name: String,
    /// URL slug, e.g. `economy`.
    pub slug: String,
    /// Sub-dimensions in catalog order.
    pub subdimensions: Vec<SubDimension>,
}

/// One scoring band: achievement at or above (or strictly above) `min_pct` earns `points`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BandRule {
    /// Band number (1 = worst).
    pub band: u8,
    /// Points earned.
    pub points: u8,
    /// Human label.
    pub label: String,
    /// Lower edge in percent of target.
    #[serde(default)]
    pub min_pct: f64,
    /// Whether the lower edge belongs to this band.
    #[serde(default = "yes")]
    pub min_inclusive: bool,
}

fn yes() -> bool {
    true
}

/// The scoring method.
#[derive(Debug, Clone, Serialize)]
pub struct Scoring {
    /// Bands, best first.
    pub bands: Vec<BandRule>,
    /// How the edges were decided, for the "how this was computed" notes.
    pub edge_decision: String,
    /// Share of a group's scorable items that must be scored before the group's score is
    /// shown (`[scoring] min_coverage` in site.toml).
    pub min_coverage: f64,
}

impl Scoring {
    /// Band and points for an achievement percentage.
    pub fn band_for(&self, pct: f64) -> (u8, u8) {
        for b in &self.bands {
            let inside = if b.min_inclusive {
                pct >= b.min_pct
            } else {
                pct > b.min_pct
            };
            if inside {
                return (b.band, b.points);
            }
        }
        self.bands.last().map_or((1, 1), |b| (b.band, b.points))
    }

    /// The highest number of points one item can earn.
    pub fn max_points(&self) -> u8 {
        self.bands.iter().map(|b| b.points).max().unwrap_or(4)
    }
}

/// Default of `[scoring] min_coverage`: half of a group's scorable items.
pub const DEFAULT_MIN_COVERAGE: f64 = 0.5;

/// Catalog metadata.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CatalogMeta {
    /// Full name of the framework.
    pub name: String,
    /// Short name.
    pub short_name: String,
    /// Edition described.
    #[serde(default)]
    pub version: String,
    /// Target year when a target names none.
    #[serde(default = "default_year")]
    pub default_target_year: i32,
}

fn default_year() -> i32 {
    2030
}

/// The whole framework.
#[derive(Debug, Clone, Serialize)]
pub struct Catalog {
    /// Metadata.
    pub meta: CatalogMeta,
    /// Hierarchy.
    pub dimensions: Vec<Dimension>,
    /// Every KPI in catalog order.
    pub kpis: Vec<Kpi>,
    /// Scoring bands.
    pub scoring: Scoring,
    #[serde(skip)]
    index: HashMap<String, usize>,
}

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

/// Normalises a KPI code in any accepted form to the compact id (`EC-ICT-ICT-1C`).
pub fn normalize_code(code: &str) -> String {
    code.split(|c: char| c == ':' || c == '-' || c.is_whitespace())
        .filter(|p| !p.is_empty())
        .map(str::to_uppercase)
        .collect::<Vec<_>>()
        .join("-")
}

/// Key of a data point as written in city files: lowercase, other runs become `-`.
pub fn data_point_key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut dash = false;
    for c in deunicode::deunicode(name).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
            dash = false;
        } else if !dash && !out.is_empty() {
            out.push('-');
            dash = true;
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// URL slug of a name: ASCII, lowercase, hyphens.
pub fn slugify(name: &str) -> String {
    data_point_key(name)
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
        let err = |code: &str, msg: String| {
            let span = file
                .text
                .find(&format!("\"{code}\""))
                .map(|i| i..i + code.len() + 2);
            Diagnostic::error(msg).at(file, span)
        };
        let mut dimensions: Vec<Dimension> = Vec::new();
        let mut kpis = Vec::with_capacity(raw.kpi.len());
        let mut index = HashMap::new();
        for rk in raw.kpi {
            let id = normalize_code(&rk.code);
            let parts: Vec<&str> = id.split('-').collect();
            if parts.len() != 4 {
                return Err(err(
                    &rk.code,
                    format!("KPI code `{}` does not have four parts", rk.code),
                ));
            }
            let direction = parse_direction(&rk.direction, &rk.unit).ok_or_else(|| {
                err(
                    &rk.code,
                    format!("KPI `{}` has unknown direction `{}`", rk.code, rk.direction),
                )
            })?;
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
            sub.categories[ci].kpis.push(kpis.len());
            let mut data_points = Vec::new();
            for name in &rk.data_points {
                let dir = match rk.data_point_directions.get(name) {
                    Some(d) => parse_direction(d, "").ok_or_else(|| {
                        err(
                            &rk.code,
                            format!("data point `{name}` has unknown direction `{d}`"),
                        )
                    })?,
                    None => direction,
                };
                data_points.push(DataPoint {
                    key: data_point_key(name),
                    unit: rk
                        .data_point_units
                        .get(name)
                        .cloned()
                        .unwrap_or_else(|| rk.unit.clone()),
                    name: name.clone(),
                    direction: dir,
                    no_benchmark: rk.data_point_benchmarks.get(name).map(String::as_str)
                        == Some("none"),
                });
            }
            if index.insert(id.clone(), kpis.len()).is_some() {
                return Err(err(
                    &rk.code,
                    format!("KPI code `{}` appears twice", rk.code),
                ));
            }
            kpis.push(Kpi {
                slug: id.to_lowercase(),
                code: rk.code,
                id,
                name: rk.name,
                dimension: di,
                subdimension: si,
                category: ci,
                tier: rk.tier,
                kind: rk.kind,
                unit: rk.unit,
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
                point_targets: std::collections::BTreeMap::new(),
            });
        }
        let default_year = raw.catalog.default_target_year;
        let mut catalog = Catalog {
            meta: raw.catalog,
            dimensions,
            kpis,
            scoring: Scoring {
                bands: {
                    let mut b = raw.scoring.band;
                    b.sort_by(|x, y| y.min_pct.total_cmp(&x.min_pct));
                    b
                },
                edge_decision: raw.scoring.edge_decision,
                min_coverage: DEFAULT_MIN_COVERAGE,
            },
            index,
        };
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
                .map_err(|m| err(&t.kpi, m))?;
        }
        Ok(catalog)
    }

    /// Sets (or overrides) a target; used by the catalog's `[[target]]` and the site's `[targets]`.
    pub fn set_target(
        &mut self,
        code: &str,
        point: Option<&str>,
        target: Target,
    ) -> Result<(), String> {
        let i = self
            .index_of(code)
            .ok_or_else(|| format!("target names unknown KPI `{code}`"))?;
        let kpi = &mut self.kpis[i];
        if kpi.no_benchmark {
            return Err(format!(
                "KPI `{code}` has no U4SSC benchmark, so it cannot have a target"
            ));
        }
        match point {
            None => kpi.target = Some(target),
            Some(p) => {
                let key = kpi
                    .data_point(p)
                    .map(|d| d.key.clone())
                    .ok_or_else(|| format!("KPI `{code}` has no data point `{p}`"))?;
                kpi.point_targets.insert(key, target);
            }
        }
        Ok(())
    }

    /// Index of a KPI given its code in either form.
    pub fn index_of(&self, code: &str) -> Option<usize> {
        self.index.get(&normalize_code(code)).copied()
    }

    /// A KPI given its code in either form.
    pub fn get(&self, code: &str) -> Option<&Kpi> {
        self.index_of(code).map(|i| &self.kpis[i])
    }

    /// Every compact id, for "did you mean".
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.kpis.iter().map(|k| k.id.as_str())
    }

    /// The category a KPI belongs to.
    pub fn category_of(&self, kpi: &Kpi) -> &Category {
        &self.dimensions[kpi.dimension].subdimensions[kpi.subdimension].categories[kpi.category]
    }

    /// Number of (dimension, sub-dimension, category) nodes.
    pub fn category_count(&self) -> usize {
        self.dimensions
            .iter()
            .flat_map(|d| &d.subdimensions)
            .map(|s| s.categories.len())
            .sum()
    }
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
    fn data_point_keys() {
        assert_eq!(data_point_key("PM2.5"), "pm2-5");
        assert_eq!(data_point_key("private vehicle"), "private-vehicle");
        assert_eq!(data_point_key("3G"), "3g");
        assert_eq!(slugify("Society and Culture"), "society-and-culture");
        assert_eq!(slugify("Ålesund"), "alesund");
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
