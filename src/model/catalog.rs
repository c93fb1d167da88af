//! The KPI framework as data: dimensions → sub-dimensions → categories → KPIs → data points,
//! with targets and scoring bands, and the text helpers that name them (code normalising,
//! data point keys, slugs, plain numbers in formulas).
//!
//! The U4SSC catalog is embedded in the binary; a site may point `catalog = "..."` at its own
//! file of the same shape, so the engine is not tied to U4SSC. Reading a catalog file is the
//! load stage's job (`content/catalog.rs`).

use std::collections::HashMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::diagnostics::did_you_mean;
use crate::model::state::State;

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
    /// Name as the catalog writes it ("PM2.5", "tertiary"): the city files' word for it.
    pub name: String,
    /// What pages call it in English ("Tertiary treatment"): the catalog's
    /// `data_point_labels`, else the name. Translations are keyed by it.
    pub label: String,
    /// Key used in city files ("pm2-5"; shared: every city's result for the data point
    /// carries it).
    pub key: Arc<str>,
    /// Unit of this data point (shared like `key`).
    pub unit: Arc<str>,
    /// Which way is better for this data point.
    pub direction: Direction,
    /// U4SSC prints no benchmark for this data point (Open Data's count of data sets).
    pub no_benchmark: bool,
}

/// A target to score against.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
    /// Unit of the reported value (shared: every city's result carries it).
    pub unit: Arc<str>,
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
    /// Target for the KPI as a whole (shared: every scored item of every city points to it).
    pub target: Option<Arc<Target>>,
    /// Targets per data point key.
    pub point_targets: std::collections::BTreeMap<String, Arc<Target>>,
}

/// How an item of a KPI can be scored. Every page, chart and download asks
/// [`Kpi::benchmark`], so a KPI is never scored on one page and "not scored" on another.
#[derive(Debug, Clone, Copy)]
pub enum Benchmark<'a> {
    /// Scored against this target (for a yes/no item, yes meets it).
    Target(&'a Arc<Target>),
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

    /// The one benchmark kind of every item of a KPI that can score none of them:
    /// [`State::NoTarget`] or [`State::NoBenchmark`]; `None` when an item can be scored or
    /// the items differ. Every value of the KPI is in this state, whatever the city.
    pub fn unscored_state(&self) -> Option<State> {
        let kind = |b: Benchmark<'_>| match b {
            Benchmark::NoTarget => Some(State::NoTarget),
            Benchmark::NoBenchmark => Some(State::NoBenchmark),
            Benchmark::Target(_) | Benchmark::YesNo => None,
        };
        if self.data_points.is_empty() {
            return kind(self.benchmark(None));
        }
        let mut states = self
            .data_points
            .iter()
            .map(|d| kind(self.benchmark_of(Some(d), Some(&d.key))));
        let first = states.next()??;
        states.all(|s| s == Some(first)).then_some(first)
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

    /// The unit of the whole KPI or of its data point `point` (a key as the catalog writes it,
    /// as results carry it).
    pub fn item_unit(&self, point: Option<&str>) -> &Arc<str> {
        self.item_point(point).map_or(&self.unit, |d| &d.unit)
    }

    /// The direction of the whole KPI or of its data point `point` (a key as the catalog
    /// writes it, as results carry it).
    pub fn item_direction(&self, point: Option<&str>) -> Direction {
        self.item_point(point)
            .map_or(self.direction, |d| d.direction)
    }

    /// The data point a result's key names, found by the key as written (results carry the
    /// catalog's own keys; [`Kpi::data_point`] also folds other spellings).
    fn item_point(&self, point: Option<&str>) -> Option<&DataPoint> {
        point.and_then(|p| self.data_points.iter().find(|d| *d.key == *p))
    }

    /// Target for the whole KPI or one data point.
    pub fn target_for(&self, point: Option<&str>) -> Option<&Arc<Target>> {
        match point {
            Some(p) => self.point_targets.get(p).or(self.target.as_ref()),
            None => self.target.as_ref(),
        }
    }

    /// Looks up a data point by its key or name, case-insensitively.
    pub fn data_point(&self, key: &str) -> Option<&DataPoint> {
        let k = data_point_key(key);
        self.data_points.iter().find(|d| *d.key == *k)
    }

    /// The formula in words, e.g. "(households with access ÷ total households) × 100".
    pub fn formula(&self) -> String {
        self.formula_in(str::to_string)
    }

    /// The formula with its numerator and denominator put in another language by `term`.
    pub fn formula_in(&self, term: impl Fn(&str) -> String) -> String {
        let m = self.multiplier.filter(|m| *m != 1.0);
        let (num, den) = (term(&self.numerator), term(&self.denominator));
        match (self.denominator.is_empty(), m) {
            (true, _) => num,
            (false, Some(m)) => format!("({num} ÷ {den}) × {}", fmt_plain(m)),
            (false, None) => format!("{num} ÷ {den}"),
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
    /// What a yes/no item without a target of its own is scored against, shared by every such
    /// item of every city (made with `meta.default_target_year`, which nothing changes later).
    #[serde(skip)]
    yes_no_target: Arc<Target>,
}

/// The source named by [`Catalog::yes_no_target`]. One shared copy instead of one string per
/// yes/no item of every city.
pub static YES_NO_TARGET_SOURCE: std::sync::LazyLock<Arc<str>> = std::sync::LazyLock::new(|| {
    "U4SSC scoring of yes/no indicators: yes meets the benchmark".into()
});

/// Normalises a KPI code in any accepted form to the compact id (`EC-ICT-ICT-1C`).
pub fn normalize_code(code: &str) -> String {
    code.split(|c: char| c == ':' || c == '-' || c.is_whitespace())
        .filter(|p| !p.is_empty())
        .map(str::to_uppercase)
        .collect::<Vec<_>>()
        .join("-")
}

/// How a user wrote a KPI code, so a suggestion comes back in the same form: a user who
/// writes `EC: ICT: ICT: 77C` would not recognise `EC-ICT-ICT-1C` as the fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeStyle {
    /// The catalog's printed form, `EC: ICT: ICT: 1C`.
    Printed,
    /// The compact id, `EC-ICT-ICT-1C`.
    Compact,
    /// The compact id in lower case, as in addresses: `ec-ict-ict-1c`.
    Slug,
}

impl CodeStyle {
    /// The style of `code` as the user wrote it.
    pub fn of(code: &str) -> Self {
        if code.contains(':') {
            CodeStyle::Printed
        } else if code.chars().any(|c| c.is_ascii_uppercase())
            || !code.chars().any(|c| c.is_ascii_lowercase())
        {
            CodeStyle::Compact
        } else {
            CodeStyle::Slug
        }
    }

    /// `kpi`'s code in this style.
    pub fn write(self, kpi: &Kpi) -> &str {
        match self {
            CodeStyle::Printed => &kpi.code,
            CodeStyle::Compact => &kpi.id,
            CodeStyle::Slug => &kpi.slug,
        }
    }
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

/// Formats a number without float noise for formulas ("100", "100000", "0.5").
pub fn fmt_plain(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        let s = format!("{x:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

impl Catalog {
    /// A catalog of these parts; KPIs are found by their compact id (unique: the catalog
    /// reader rejects a code that appears twice).
    pub fn new(
        meta: CatalogMeta,
        dimensions: Vec<Dimension>,
        kpis: Vec<Kpi>,
        scoring: Scoring,
    ) -> Self {
        let index = kpis
            .iter()
            .enumerate()
            .map(|(i, k)| (k.id.clone(), i))
            .collect();
        let yes_no_target = Arc::new(Target {
            value: 1.0,
            source: YES_NO_TARGET_SOURCE.clone(),
            official: false,
            year: meta.default_target_year,
            note: None,
        });
        Catalog {
            meta,
            dimensions,
            kpis,
            scoring,
            index,
            yes_no_target,
        }
    }

    /// The target of a yes/no item that has none of its own: yes (1) meets it, by the
    /// catalog's default target year; indicative.
    pub fn yes_no_target(&self) -> &Arc<Target> {
        &self.yes_no_target
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
            None => kpi.target = Some(Arc::new(target)),
            Some(p) => {
                let key = kpi
                    .data_point(p)
                    .map(|d| d.key.to_string())
                    .ok_or_else(|| format!("KPI `{code}` has no data point `{p}`"))?;
                kpi.point_targets.insert(key, Arc::new(target));
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

    /// The KPI a mistyped code most likely means: codes are compared whatever style each is
    /// written in.
    pub fn closest(&self, code: &str) -> Option<&Kpi> {
        did_you_mean(&normalize_code(code), self.ids()).and_then(|id| self.get(id))
    }

    /// The likely intended code for an unknown `code`, written in the user's own style.
    pub fn suggest(&self, code: &str) -> Option<String> {
        self.closest(code)
            .map(|k| CodeStyle::of(code).write(k).to_string())
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
    fn data_point_keys() {
        assert_eq!(data_point_key("PM2.5"), "pm2-5");
        assert_eq!(data_point_key("private vehicle"), "private-vehicle");
        assert_eq!(data_point_key("3G"), "3g");
        assert_eq!(slugify("Society and Culture"), "society-and-culture");
        assert_eq!(slugify("Ålesund"), "alesund");
    }

    #[test]
    fn code_styles() {
        assert_eq!(CodeStyle::of("EC: ICT: ICT: 1C"), CodeStyle::Printed);
        assert_eq!(CodeStyle::of("EC:ICT:ICT:1C"), CodeStyle::Printed);
        assert_eq!(CodeStyle::of("EC-ICT-ICT-1C"), CodeStyle::Compact);
        assert_eq!(CodeStyle::of("ec-ict-ict-1c"), CodeStyle::Slug);
        assert_eq!(CodeStyle::of("Ec-Ict-Ict-1c"), CodeStyle::Compact);
    }
}

#[cfg(test)]
mod unscored_tests {
    use super::*;

    fn kpi<'a>(c: &'a Catalog, code: &str) -> &'a Kpi {
        c.kpis.iter().find(|k| k.code == code).unwrap()
    }

    #[test]
    fn a_kpi_says_its_one_unscored_state_only_when_no_item_can_be_scored() {
        let c = Catalog::u4ssc();
        // Informal Settlements: no target in the catalog.
        assert_eq!(
            kpi(&c, "SC: SH: HO: 1C").unscored_state(),
            Some(State::NoTarget)
        );
        // Air Pollution: every data point has a target.
        assert_eq!(kpi(&c, "EN: EN: AQ: 1C").unscored_state(), None);
        // The same answer as the items themselves give, for every KPI of the catalog.
        for k in &c.kpis {
            if let Some(s) = k.unscored_state() {
                assert_eq!(k.scorable_items(), 0, "{}", k.code);
                let kinds: Vec<_> = if k.data_points.is_empty() {
                    vec![k.benchmark(None)]
                } else {
                    k.data_points
                        .iter()
                        .map(|d| k.benchmark(Some(&d.key)))
                        .collect()
                };
                for b in kinds {
                    let want = match b {
                        Benchmark::NoTarget => State::NoTarget,
                        _ => State::NoBenchmark,
                    };
                    assert_eq!(want, s, "{}", k.code);
                }
            }
        }
        assert!(
            c.kpis
                .iter()
                .any(|k| k.unscored_state() == Some(State::NoBenchmark))
        );
    }
}
