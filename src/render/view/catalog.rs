//! View models of the catalog pages: the indicators index, dimension pages and indicator pages.

use crate::model::catalog::Tier;
use serde::Serialize;

use super::common::{Link, Matrix};

/// Catalog index: dimensions → sub-dimensions → categories → KPIs.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorsView {
    /// Tree.
    pub dimensions: Vec<TreeDim>,
    /// "91 KPIs: 55 core, 36 advanced".
    pub summary: String,
}

/// Dimension node.
#[derive(Debug, Clone, Serialize)]
pub struct TreeDim {
    /// Name.
    pub name: String,
    /// Dimension page.
    pub href: String,
    /// Anchor.
    pub anchor: String,
    /// Sub-dimensions.
    pub subdimensions: Vec<TreeSub>,
}

/// Sub-dimension node.
#[derive(Debug, Clone, Serialize)]
pub struct TreeSub {
    /// Name.
    pub name: String,
    /// Anchor.
    pub anchor: String,
    /// Categories.
    pub categories: Vec<TreeCat>,
}

/// Category node.
#[derive(Debug, Clone, Serialize)]
pub struct TreeCat {
    /// Name.
    pub name: String,
    /// Anchor.
    pub anchor: String,
    /// KPIs.
    pub kpis: Vec<TreeKpi>,
}

/// KPI leaf.
#[derive(Debug, Clone, Serialize)]
pub struct TreeKpi {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Indicator page, or "" when no city reports it (no page is written).
    pub href: String,
    /// Core or advanced (serialised as the key "core"/"advanced"; `tier_tag` words it).
    pub tier: Tier,
    /// Unit.
    pub unit: String,
    /// "2 cities".
    pub reporting: String,
    /// Target text ("60 % (official)", "5 µg/m3 (indicative)", "no benchmark").
    pub target: String,
}

/// One city's value on an indicator page.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorRow {
    /// Rank text ("1", "=2").
    pub rank: String,
    /// City.
    pub city: String,
    /// Profile address (anchored at the KPI's category).
    pub href: String,
    /// Country.
    pub country: String,
    /// Value with unit.
    pub value: String,
    /// Year.
    pub year: String,
    /// "87.3 %" or "".
    pub achievement: String,
    /// Band.
    pub band: u8,
    /// Band label.
    pub band_label: String,
}

/// One item (whole KPI or a data point) on an indicator page.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorItem {
    /// Heading ("PM2.5"), or "" for a single-valued KPI.
    pub name: String,
    /// Anchor.
    pub anchor: String,
    /// Unit.
    pub unit: String,
    /// Target text, or "".
    pub target: String,
    /// The state of an item that is not scored ("No U4SSC benchmark (not scored)"), or "".
    pub benchmark: String,
    /// Cross-city bar chart, published as a file of its own (the page shows it with `<img>`),
    /// so not handed to the template.
    #[serde(skip)]
    pub chart_svg: String,
    /// The bar chart's file.
    pub chart_href: String,
    /// The bar chart as the page shows it: the file's view without the credit band.
    pub chart_src: String,
    /// The bar chart's PNG copy, or "" when PNGs are off.
    pub chart_png: String,
    /// The bar chart's text alternative: its title and what it shows.
    pub chart_alt: String,
    /// The bar chart's width and height in CSS pixels.
    pub chart_size: (u32, u32),
    /// Series chart for cities with several years, or "" (a file, like the bar chart).
    #[serde(skip)]
    pub series_svg: String,
    /// The series chart's file, or "".
    pub series_href: String,
    /// The series chart as the page shows it, or "".
    pub series_src: String,
    /// The series chart's PNG copy, or "".
    pub series_png: String,
    /// The series chart's text alternative, or "".
    pub series_alt: String,
    /// The series chart's width and height in CSS pixels.
    pub series_size: (u32, u32),
    /// Rows in rank order.
    pub rows: Vec<IndicatorRow>,
    /// Statistics (label, value): n, min, Q1, median, Q3, max.
    pub stats: Vec<(String, String)>,
    /// Why some statistics are missing ("Quartiles are shown from five cities up."), or "".
    pub stats_note: String,
    /// The median of each peer group of at least five reporting cities, in words.
    pub peers: Vec<String>,
    /// What a peer median is, when `peers` is not empty.
    pub peers_about: String,
}

/// An indicator page.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorView {
    /// Official code.
    pub code: String,
    /// Compact id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Core or advanced (serialised as the key "core"/"advanced"; `tier_tag` words it).
    pub tier: Tier,
    /// Dimension → sub-dimension → category links.
    pub path: Vec<Link>,
    /// Definition.
    pub definition: String,
    /// Formula in words.
    pub formula: String,
    /// Unit.
    pub unit: String,
    /// "Higher is better" etc.
    pub direction: String,
    /// How achievement is computed for this direction.
    pub achievement_formula: String,
    /// SDG targets with links.
    pub sdgs: Vec<Link>,
    /// SDG indicators cited.
    pub sdg_indicators: Vec<String>,
    /// Targets (label, value text, official, source).
    pub targets: Vec<TargetView>,
    /// "No U4SSC benchmark": excluded from scoring.
    pub no_benchmark: bool,
    /// Why a KPI without a target of its own is or is not scored (yes/no, no benchmark, no
    /// target known), or "" when its targets are listed.
    pub benchmark_note: String,
    /// One sentence naming the ITU publication pages the definition and calculation come
    /// from, with links: HTML, every text in it escaped.
    pub method_source_html: String,
    /// Reference pages (href empty when the source is not a web address).
    pub sources: Vec<Link>,
    /// Items.
    pub items: Vec<IndicatorItem>,
    /// "2 of 3 cities report this KPI".
    pub reporting_text: String,
    /// Why no download is offered (no city has a value), or "".
    pub no_download: String,
    /// Downloads.
    pub downloads: Vec<Link>,
    /// The code that embeds the indicator's card in another site.
    pub embed: super::EmbedSnippet,
}

/// A target shown on an indicator page.
#[derive(Debug, Clone, Serialize)]
pub struct TargetView {
    /// "PM2.5" or "" for the KPI.
    pub label: String,
    /// "5 µg/m3 by 2030".
    pub value: String,
    /// Official or indicative.
    pub official: bool,
    /// Source.
    pub source: String,
    /// Without a target (`value` is ""): how the data point is scored, or why it is not.
    pub note: String,
}

/// A dimension page.
#[derive(Debug, Clone, Serialize)]
pub struct DimensionView {
    /// Name.
    pub name: String,
    /// Catalog tree of this dimension.
    pub tree: TreeDim,
    /// Cities × categories scores.
    pub matrix: Matrix,
    /// "45 KPIs in 3 sub-dimensions and 14 categories".
    pub summary: String,
    /// The minimum-evidence rule in words.
    pub rule: String,
    /// The categories none of whose KPIs can be scored, left out of the matrix.
    pub unscored: Vec<Link>,
}
