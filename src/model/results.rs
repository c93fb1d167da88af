//! What the engine computes (`kpi/engine.rs`), as the render, download and search stages
//! receive it: per city an [`ItemResult`] for each value (a city's `KpiValue` scored against
//! its target), rolled up into [`Score`]s per category, sub-dimension and dimension; per KPI a
//! comparison of the cities. Plain data: the computation stays in `kpi/`.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;
use smallvec::SmallVec;

use crate::model::catalog::{Catalog, Direction, Target, Tier};
use crate::model::state::{Basis, State};

/// Progress against the city's own goal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoalProgress {
    /// Goal value.
    pub value: f64,
    /// Goal year.
    pub year: Option<i32>,
    /// Note.
    pub note: Option<String>,
    /// Achievement against the goal, 0..=100.
    pub achievement_pct: Option<f64>,
}

/// One scored item: a KPI or one of its data points.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemResult {
    /// Data point key, or `None` for the KPI as a whole.
    pub point: Option<Arc<str>>,
    /// Direction. (The unit is the catalog's: [`crate::model::catalog::Kpi::item_unit`].)
    pub direction: Direction,
    /// Latest numeric value (yes = 1, no = 0).
    pub value: f64,
    /// Latest yes/no answer, for yes/no KPIs.
    pub yes: Option<bool>,
    /// Year of the latest value.
    pub year: i32,
    /// Decimals the latest value was written with, to show it as printed.
    pub decimals: Option<u8>,
    /// Target used: the catalog's own (shared by every item scored against it), or
    /// [`Catalog::yes_no_target`].
    pub target: Option<Arc<Target>>,
    /// Achievement percentage; `None` means no benchmark.
    pub achievement_pct: Option<f64>,
    /// Band from the engine.
    pub computed_band: Option<u8>,
    /// Band printed in the report, if recorded.
    pub published_band: Option<u8>,
    /// Band shown and counted: the published one if recorded, else the computed one.
    pub band: Option<u8>,
    /// Points for `band`.
    pub points: Option<u8>,
    /// Scored, or why not (no target known to this site, no U4SSC benchmark).
    pub state: State,
    /// The history, inputs, trend and goal, when the item has any (one allocation for the
    /// four, and none at all for most items: a single-year value without inputs or a goal).
    #[serde(flatten)]
    pub extras: Option<Box<ItemExtras>>,
}

/// What only some items carry: see [`ItemResult::extras`].
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ItemExtras {
    /// Every year's value, oldest first, when more than one year is reported (series charts,
    /// trends); empty for a single year, which the item's `year` and `value` give.
    pub series: Box<[(i32, f64)]>,
    /// Raw numerator and denominator of the latest value, if given.
    pub inputs: Option<(f64, f64)>,
    /// Trend, for two or more years.
    pub trend: Option<Trend>,
    /// Progress against the city's own goal.
    pub goal: Option<GoalProgress>,
}

impl ItemExtras {
    /// `None` when there is nothing to keep, so an item without extras allocates nothing.
    pub fn boxed(self) -> Option<Box<Self>> {
        let empty = self.series.is_empty()
            && self.inputs.is_none()
            && self.trend.is_none()
            && self.goal.is_none();
        (!empty).then(|| Box::new(self))
    }
}

impl ItemResult {
    /// Every year's value, oldest first, for two years or more; empty otherwise.
    pub fn series(&self) -> &[(i32, f64)] {
        self.extras.as_deref().map_or(&[], |e| &e.series)
    }

    /// Raw numerator and denominator of the latest value, if given.
    pub fn inputs(&self) -> Option<(f64, f64)> {
        self.extras.as_deref().and_then(|e| e.inputs)
    }

    /// Trend, for two or more years.
    pub fn trend(&self) -> Option<&Trend> {
        self.extras.as_deref().and_then(|e| e.trend.as_ref())
    }

    /// Progress against the city's own goal.
    pub fn goal(&self) -> Option<&GoalProgress> {
        self.extras.as_deref().and_then(|e| e.goal.as_ref())
    }

    /// What the band rests on, for a scored item.
    pub fn basis(&self) -> Option<Basis> {
        self.points?;
        match (&self.target, self.computed_band) {
            (Some(t), Some(_)) if t.official => Some(Basis::Official),
            (Some(_), Some(_)) => Some(Basis::Indicative),
            _ => Some(Basis::Report),
        }
    }
}

/// One KPI for one city.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KpiResult {
    /// Catalog index.
    pub kpi: usize,
    /// Scored (any item is), not scored and why, or why there is no value.
    pub state: State,
    /// Items (one, or one per reported data point); a single one is held in place.
    pub items: SmallVec<[ItemResult; 1]>,
    /// Verified flag as written (the value's source and note are read from the city's
    /// [`crate::model::city::KpiValue`], not copied here for every city and KPI).
    pub verified: Option<bool>,
    /// Tier, copied for templates.
    pub tier: Tier,
}

impl KpiResult {
    /// Whether any item earned points.
    pub fn scored(&self) -> bool {
        self.items.iter().any(|i| i.points.is_some())
    }
}

/// Reported / total counts.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
pub struct Coverage {
    /// Core KPIs reported.
    pub core_reported: u32,
    /// Core KPIs in the catalog.
    pub core_total: u32,
    /// Advanced KPIs reported.
    pub advanced_reported: u32,
    /// Advanced KPIs in the catalog.
    pub advanced_total: u32,
    /// All reported.
    pub reported: u32,
    /// All.
    pub total: u32,
    /// reported / total in percent.
    pub pct: f64,
}

/// A category's results.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategoryResult {
    /// Score.
    pub score: Score,
    /// One result per catalog KPI of the category, in catalog order.
    pub kpis: Vec<KpiResult>,
}

/// A sub-dimension's results.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SubResult {
    /// Score.
    pub score: Score,
    /// Categories in catalog order.
    pub categories: Vec<CategoryResult>,
}

/// A dimension's results.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DimResult {
    /// Score.
    pub score: Score,
    /// Coverage within the dimension.
    pub coverage: Coverage,
    /// Sub-dimensions in catalog order.
    pub subdimensions: Vec<SubResult>,
}

/// A pointer to one item of one KPI, for highlight lists.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemRef {
    /// Catalog index.
    pub kpi: usize,
    /// Data point key.
    pub point: Option<Arc<str>>,
    /// Band.
    pub band: Option<u8>,
    /// Achievement.
    pub achievement_pct: Option<f64>,
    /// Projected year, for "furthest from target".
    pub projected_year: Option<i32>,
    /// Target year.
    pub target_year: Option<i32>,
}

/// Everything computed for one city.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CityResult {
    /// Index into [`Content::cities`](crate::model::content::Content::cities).
    pub city: usize,
    /// Overall score.
    pub overall: Score,
    /// Overall coverage.
    pub coverage: Coverage,
    /// Dimensions in catalog order.
    pub dimensions: Vec<DimResult>,
    /// KPIs not reported (catalog indices).
    pub not_reported: Vec<usize>,
    /// KPIs missing from a partial transcription.
    pub not_in_data: Vec<usize>,
    /// KPIs not applicable.
    pub not_applicable: Vec<usize>,
    /// KPIs whose values are not verified.
    pub not_verified: Vec<usize>,
    /// Reported KPIs not scored because this site knows no target for them.
    pub no_target: Vec<usize>,
    /// Reported KPIs not scored because U4SSC prints no benchmark for them.
    pub no_benchmark: Vec<usize>,
    /// Best-performing items (band, then achievement).
    pub strongest: Vec<ItemRef>,
    /// Worst-performing items.
    pub weakest: Vec<ItemRef>,
    /// Items whose projected year is furthest beyond the target year (or never at this rate).
    pub furthest: Vec<ItemRef>,
    /// The city's peer group (its region and population band); `None` when either is not
    /// given.
    pub peer_group: Option<PeerGroup>,
}

impl CityResult {
    /// The result for one KPI.
    pub fn kpi(&self, catalog: &Catalog, kpi: usize) -> &KpiResult {
        let k = &catalog.kpis[kpi];
        let cat = catalog.category_of(k);
        let pos = cat.kpis.iter().position(|&i| i == kpi).unwrap_or(0);
        &self.dimensions[k.dimension].subdimensions[k.subdimension].categories[k.category].kpis[pos]
    }
}

/// One city's value in a cross-city comparison: what ranks it, and where its item result is
/// (its year, band and achievement are read from there, [`Results::entry_item`], not copied:
/// a 10,000-city site holds over a million entries).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    /// Value.
    pub value: f64,
    /// Index into [`Content::cities`](crate::model::content::Content::cities).
    pub city: u32,
    /// Rank, 1 = best; ties share a rank.
    pub rank: u32,
    /// Index of the item in the city's result for the KPI.
    pub item: u16,
}

impl Entry {
    /// Index into [`Content::cities`](crate::model::content::Content::cities).
    pub fn city(&self) -> usize {
        self.city as usize
    }
}

/// Comparison of all cities for one KPI item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemComparison {
    /// Data point key.
    pub point: Option<Arc<str>>,
    /// Unit.
    pub unit: Arc<str>,
    /// Entries in rank order.
    pub entries: Vec<Entry>,
    /// Statistics over all entries.
    pub stats: Option<Stats>,
    /// Median per peer group, only for groups of at least [`PEER_GROUP_MIN`] reporting cities.
    pub peers: BTreeMap<PeerGroup, PeerMedian>,
}

/// Fewest cities a peer group needs before its median is shown: below that a median says
/// more about one or two cities than about cities like this one.
pub const PEER_GROUP_MIN: u32 = 5;

/// Population band of a peer group (bands as in U4SSC city groupings by size).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PopulationBand {
    /// Fewer than 100,000 inhabitants.
    Under100k,
    /// 100,000 to 499,999.
    From100kTo500k,
    /// 500,000 to 999,999.
    From500kTo1m,
    /// One million or more.
    Over1m,
}

impl PopulationBand {
    /// The band a population falls in.
    pub fn of(population: u64) -> Self {
        match population {
            p if p < 100_000 => Self::Under100k,
            p if p < 500_000 => Self::From100kTo500k,
            p if p < 1_000_000 => Self::From500kTo1m,
            _ => Self::Over1m,
        }
    }

    /// Stable key (UI string keys and downloads use it).
    pub fn key(self) -> &'static str {
        match self {
            Self::Under100k => "under-100k",
            Self::From100kTo500k => "100k-500k",
            Self::From500kTo1m => "500k-1m",
            Self::Over1m => "over-1m",
        }
    }
}

/// Cities alike in region and size, whose median a city is shown beside.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct PeerGroup {
    /// UN region as written in city.toml.
    pub region: String,
    /// Population band.
    pub band: PopulationBand,
}

/// Median of one peer group for one KPI item.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PeerMedian {
    /// Median of the group's values.
    pub median: f64,
    /// Cities in the group that report the item (at least [`PEER_GROUP_MIN`]).
    pub cities: u32,
}

/// Comparison of all cities for one KPI.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KpiComparison {
    /// Catalog index.
    pub kpi: usize,
    /// One comparison per item (the KPI, or each data point).
    pub items: Vec<ItemComparison>,
    /// Cities that report the KPI.
    pub reporting: u32,
}

impl KpiComparison {
    /// Whether any city has a value for the KPI: only then is its data file written and
    /// offered. A file of statuses alone said nothing the indicator page does not, and the
    /// statuses stay in values.csv.
    pub fn has_values(&self) -> bool {
        self.reporting > 0
    }
}

/// Everything the engine computed.
#[derive(Debug, Clone, Serialize)]
pub struct Results {
    /// Per city, same order as [`Content::cities`](crate::model::content::Content::cities).
    pub cities: Vec<Arc<CityResult>>,
    /// Per KPI, catalog order.
    pub kpis: Vec<Arc<KpiComparison>>,
    /// Per KPI, a fingerprint of everything its pages show of the cities (their results for
    /// it, names, countries, positions), so the dev server can tell which indicator pages an
    /// edit touched without building them. Empty in a plain build.
    pub kpi_keys: Vec<u64>,
    /// Per city, the fingerprints of what it contributes to each KPI's pages (catalog order),
    /// so a page showing a slice of the cities can be keyed by that slice. Empty in a plain
    /// build.
    pub city_kpi_keys: Vec<Arc<[u64]>>,
    /// How many cities each peer group holds, counted once: every profile names its group's
    /// size, and counting per profile made 10,000 profiles scan 10,000 cities each.
    pub peer_group_sizes: BTreeMap<PeerGroup, usize>,
}

impl Results {
    /// The item result an entry of KPI `ki`'s comparison stands for.
    pub fn entry_item(&self, catalog: &Catalog, ki: usize, e: &Entry) -> Option<&ItemResult> {
        self.cities
            .get(e.city())?
            .kpi(catalog, ki)
            .items
            .get(usize::from(e.item))
    }
}

/// Points earned over points possible for a group, with the evidence it rests on.
///
/// `pct` and `band` are set only when the group meets the minimum-evidence rule (`state` is
/// [`State::Scored`]); a group below it keeps its points for the record but shows none.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Score {
    /// Points earned.
    pub earned: u32,
    /// Points possible (max points × scored items).
    pub possible: u32,
    /// Number of scored items.
    pub items: u32,
    /// Number of items of the group that can be scored: the catalog's items with a target or
    /// a yes/no answer (less those not applicable to the city), plus any scored only by a
    /// band printed in the report.
    pub scorable: u32,
    /// earned / possible in percent; `None` unless the group is scored.
    pub pct: Option<f64>,
    /// Band of `pct`.
    pub band: Option<u8>,
    /// Scored, insufficient data, or (nothing scorable) no target / no benchmark.
    pub state: State,
    /// Whether any KPI of the group has a U4SSC benchmark (decides the word for a group
    /// with nothing scorable).
    #[serde(skip)]
    benchmarked: bool,
}

impl Default for Score {
    fn default() -> Self {
        Self {
            earned: 0,
            possible: 0,
            items: 0,
            scorable: 0,
            pct: None,
            band: None,
            state: State::InsufficientData,
            benchmarked: false,
        }
    }
}

impl Score {
    /// Adds one item's points.
    pub fn add(&mut self, points: u8, max: u8) {
        self.earned += u32::from(points);
        self.possible += u32::from(max);
        self.items += 1;
    }

    /// Adds scorable items to the denominator; `benchmarked` is false for a KPI U4SSC
    /// gives no benchmark.
    pub fn add_scorable(&mut self, n: u32, benchmarked: bool) {
        self.scorable += n;
        self.benchmarked |= benchmarked;
    }

    /// Adds another group's points and items.
    pub fn merge(&mut self, other: &Score) {
        self.earned += other.earned;
        self.possible += other.possible;
        self.items += other.items;
        self.scorable += other.scorable;
        self.benchmarked |= other.benchmarked;
    }

    /// Whether any KPI of the group has a U4SSC benchmark (decides the word for a group
    /// with nothing scorable).
    pub fn benchmarked(&self) -> bool {
        self.benchmarked
    }
}

/// How a series is moving.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TrendClass {
    /// The latest value meets the target.
    TargetAchieved,
    /// Observed growth is at least 95 % of what is needed.
    Substantial,
    /// At least 60 %.
    Moderate,
    /// Positive but below 60 %.
    Limited,
    /// Moving away from the target (ratio ≤ 0).
    Deterioration,
    /// No target: growing by more than 1 % a year in the good direction.
    Improving,
    /// No target: within ±1 % a year.
    Stable,
    /// No target: moving by more than 1 % a year in the bad direction.
    Worsening,
}

/// Trend of one series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trend {
    /// First year.
    pub from_year: i32,
    /// Last year.
    pub to_year: i32,
    /// Compound annual growth rate in percent; `None` when the first value is 0 or signs differ.
    pub cagr_pct: Option<f64>,
    /// Growth rate needed to reach the target by the target year, in percent.
    pub required_pct: Option<f64>,
    /// observed / required.
    pub ratio: Option<f64>,
    /// Classification.
    pub class: Option<TrendClass>,
    /// Year in which the target is reached at the current rate; `None` when not at this rate.
    pub projected_year: Option<i32>,
    /// Target year used.
    pub target_year: Option<i32>,
}

/// Summary statistics of the values cities report for one KPI or data point.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Stats {
    /// Number of values.
    pub n: usize,
    /// Smallest value.
    pub min: f64,
    /// First quartile.
    pub q1: f64,
    /// Median.
    pub median: f64,
    /// Third quartile.
    pub q3: f64,
    /// Largest value.
    pub max: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_comparison_entry_stays_small() {
        // A 10,000-city site holds over a million entries; the year, band and achievement
        // are read from the item result the entry points to.
        assert!(std::mem::size_of::<Entry>() <= 24);
    }

    #[test]
    fn an_item_result_stays_small() {
        // A 10,000-city site holds about 1.35 million item results: each byte here is about
        // 1.3 MB there. What the catalog holds is shared (`Arc`: data-point keys, the target)
        // or read from it (the unit); the history, inputs, trend and goal share one box.
        let size = std::mem::size_of::<ItemResult>();
        assert!(size <= 80, "{size}");
    }

    #[test]
    fn a_kpi_result_stays_small() {
        // 910,000 of them at 10,000 cities: what the city's value holds (its source, its
        // note) is read from there, not copied here. A single item is held in place (most
        // KPIs have one): its 80 bytes are here instead of in an allocation of their own.
        let size = std::mem::size_of::<KpiResult>();
        assert!(size <= 40 + 64, "{size}");
    }
}
