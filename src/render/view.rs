//! View models: what each template receives. Every number is already formatted and every
//! `href` already carries the base path, so templates only lay things out.
//!
//! Fields ending in `_html` or `_svg` hold trusted markup made by this program (escaped
//! Markdown output or generated SVG); templates print them with `|safe`.

use serde::Serialize;

/// A link.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Link {
    /// Link text.
    pub label: String,
    /// Address (with base path).
    pub href: String,
}

/// Site-wide values available to every template as `site`.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    /// Site title.
    pub title: String,
    /// Site description.
    pub description: String,
    /// Base path, e.g. `/repo/`.
    pub base_path: String,
    /// Absolute base URL.
    pub base_url: String,
    /// Language code of the pages.
    pub lang: String,
    /// Text direction of the language ("ltr" or "rtl").
    pub dir: String,
    /// Languages of the site, for the language switcher (`alternates` of the page has the links).
    pub languages: Vec<Link>,
    /// Main navigation.
    pub nav: Vec<Link>,
    /// Publisher.
    pub publisher: String,
    /// Data licence name.
    pub data_licence: String,
    /// Data licence link ("" if none).
    pub data_licence_url: String,
    /// Stylesheet address.
    pub css_href: String,
    /// Script address (progressive enhancement only).
    pub js_href: String,
    /// Home address.
    pub home_href: String,
    /// Accessibility statement address ("" when the site has none).
    pub accessibility_href: String,
    /// Catalog name ("U4SSC Key Performance Indicators...").
    pub catalog_name: String,
    /// Band legend: one entry per band, best last.
    pub bands: Vec<BandView>,
    /// Link to the "how to read a profile" page ("" when the site has none).
    pub reading_href: String,
    /// Link to the SDG index.
    pub sdgs_href: String,
}

/// A band for legends.
#[derive(Debug, Clone, Serialize)]
pub struct BandView {
    /// 1..=4.
    pub band: u8,
    /// Label, e.g. "66–95 % of target".
    pub label: String,
}

/// Per-page values available as `page`.
#[derive(Debug, Clone, Serialize)]
pub struct PageMeta {
    /// Text of `<title>` (without the site title).
    pub title: String,
    /// Meta description.
    pub description: String,
    /// Absolute canonical URL.
    pub canonical: String,
    /// Which nav item is current ("home", "cities", "indicators", "compare", "about", "data").
    pub section: String,
    /// Breadcrumb trail (without the current page).
    pub breadcrumbs: Vec<Link>,
    /// JSON-LD for a `<script type="application/ld+json">` in the head, or "".
    pub jsonld: String,
    /// Path of the page within its language (`cities/asker/`), for language links.
    pub path: String,
    /// The page in every language, for the language switcher and `hreflang` links.
    pub alternates: Vec<Alternate>,
    /// Set when the main text is shown in the default language because no translation exists:
    /// the notice to show, in the reader's language.
    pub fallback_notice: String,
    /// Language of the main text (`lang` attribute of the content block).
    pub content_lang: String,
}

/// The same page in another language.
#[derive(Debug, Clone, Serialize)]
pub struct Alternate {
    /// Language code.
    pub code: String,
    /// Language name in that language.
    pub name: String,
    /// Address.
    pub href: String,
    /// Absolute address (for `hreflang` links).
    pub url: String,
    /// Whether this is the page being shown.
    pub current: bool,
}

/// A score with its formatted text.
#[derive(Debug, Clone, Serialize, Default)]
pub struct ScoreView {
    /// "56 %" or "not scored".
    pub text: String,
    /// Band 1..=4, or 0 when not scored.
    pub band: u8,
    /// Band label ("33–66 % of target"), or "".
    pub band_label: String,
    /// The band's short mark ("B3"), or "". Made here rather than in the template: a
    /// dimension page shows ten thousand scores at 1,000 cities.
    pub band_short: String,
    /// The band in words for screen readers ("band 3"), or "".
    pub band_mention: String,
    /// "9 of 16 points", or "" when not scored.
    pub points_text: String,
    /// "from 7 of 30 scorable items", or "" when nothing is scorable.
    pub evidence: String,
    /// "7 of 30", beside a shown percentage in tables, or "".
    pub of: String,
    /// The group's state word for downloads and CSS (`scored`, `insufficient-data`...).
    pub state: &'static str,
    /// Sort key for tables: the percentage; −1 for insufficient data and −2 for nothing
    /// scorable, so cities below the rule follow the ranked ones.
    pub sort: f64,
}

/// Card for the home page.
#[derive(Debug, Clone, Serialize)]
pub struct CityCard {
    /// City name.
    pub name: String,
    /// Country.
    pub country: String,
    /// Profile address.
    pub href: String,
    /// Evaluation kind and date, e.g. "U4SSC verification report, June 2020".
    pub evaluation: String,
    /// "23 of 91 KPIs reported (25 %)".
    pub coverage_text: String,
    /// Small dimension score bars.
    pub scores_svg: String,
    /// Dimension scores as text (for the adjacent list).
    pub dims: Vec<NamedScore>,
}

/// A score with a name.
#[derive(Debug, Clone, Serialize)]
pub struct NamedScore {
    /// Name.
    pub name: String,
    /// Address of the part (dimension page, category anchor), "" if none.
    pub href: String,
    /// Score.
    pub score: ScoreView,
}

/// Home page.
#[derive(Debug, Clone, Serialize)]
pub struct HomeView {
    /// City cards, by name.
    pub cards: Vec<CityCard>,
    /// Latest evaluations, newest first (at most 5).
    pub latest: Vec<CityCard>,
    /// Dimension pages.
    pub dimensions: Vec<Link>,
    /// Background pages.
    pub about: Vec<Link>,
    /// "3 cities, 91 indicators, 62 reported values".
    pub stats_text: String,
    /// Set when only some cities have cards: a link text to the full list, else "".
    pub more: String,
}

/// One row of the cities index.
#[derive(Debug, Clone, Serialize)]
pub struct CityRow {
    /// Name.
    pub name: String,
    /// Profile address.
    pub href: String,
    /// Country.
    pub country: String,
    /// Formatted population, or "–".
    pub population: String,
    /// Sort key.
    pub population_sort: f64,
    /// Evaluation year.
    pub year: String,
    /// "25 %".
    pub coverage: String,
    /// Sort key.
    pub coverage_sort: f64,
    /// Overall score, with why it is missing when a dimension is below the rule.
    pub overall: Cell,
    /// One score per dimension, catalog order.
    pub dims: Vec<ScoreView>,
}

/// Cities index.
#[derive(Debug, Clone, Serialize)]
pub struct CitiesView {
    /// Dimension names, for the column headers.
    pub dim_names: Vec<String>,
    /// Rows, by name.
    pub rows: Vec<CityRow>,
    /// The minimum-evidence rule in words.
    pub rule: String,
}

/// One KPI (or data point) row in a profile table.
#[derive(Debug, Clone, Serialize)]
pub struct KpiRow {
    /// Official code.
    pub code: String,
    /// KPI name (with the data point, e.g. "Air Pollution: PM10").
    pub name: String,
    /// Indicator page address.
    pub href: String,
    /// "core" or "advanced".
    pub tier: String,
    /// The row's state word (`scored`, `no-target`, `not-applicable`...), see
    /// [`crate::kpi::state::State::key`].
    pub status: &'static str,
    /// The state in words ("No target known to this site (not scored)").
    pub status_text: String,
    /// Whether the row has a value (scored or not).
    pub has_value: bool,
    /// Value with unit, e.g. "86.26 litres/day per capita", or "".
    pub value: String,
    /// Year, or "" ("Report published 2020" when the report prints no data year).
    pub year: String,
    /// "60 %", or why there is none.
    pub target: String,
    /// Whether the target is official (U4SSC) — false for indicative.
    pub target_official: bool,
    /// Whether there is a target at all.
    pub has_target: bool,
    /// "87.3 %" or "".
    pub achievement: String,
    /// Performance-to-target bar.
    pub bullet_svg: String,
    /// Band (0 = none).
    pub band: u8,
    /// Band label.
    pub band_label: String,
    /// Whether the band is the one printed in the report.
    pub band_published: bool,
    /// Trend text, e.g. "+2.1 % a year, moderate progress", or "".
    pub trend: String,
    /// Source title.
    pub source: String,
    /// Source address, or "".
    pub source_url: String,
    /// "verified", "not verified" or "".
    pub verified: String,
    /// Note.
    pub note: String,
    /// How the achievement was calculated.
    pub method: String,
    /// Progress against the city's own goal, or "".
    pub goal: String,
}

/// A category section of a profile.
#[derive(Debug, Clone, Serialize)]
pub struct CategoryView {
    /// Name.
    pub name: String,
    /// Anchor id.
    pub anchor: String,
    /// Score.
    pub score: ScoreView,
    /// Rows: the KPIs the city's file gives (missing ones are listed once, below the tables).
    pub rows: Vec<KpiRow>,
    /// "None of the 3 KPIs of this category is in this site's data." when there are no rows.
    pub empty_text: String,
}

/// A sub-dimension of a profile.
#[derive(Debug, Clone, Serialize)]
pub struct SubView {
    /// Name.
    pub name: String,
    /// Anchor id.
    pub anchor: String,
    /// Score.
    pub score: ScoreView,
    /// Categories.
    pub categories: Vec<CategoryView>,
}

/// A dimension of a profile.
#[derive(Debug, Clone, Serialize)]
pub struct DimView {
    /// Name.
    pub name: String,
    /// Anchor id.
    pub anchor: String,
    /// Dimension page.
    pub href: String,
    /// Score.
    pub score: ScoreView,
    /// "12 of 45 KPIs reported (core 8 of 27, advanced 4 of 18)".
    pub coverage_text: String,
    /// Sub-dimensions.
    pub subdimensions: Vec<SubView>,
}

/// A KPI mentioned in a list (not reported, strongest ...).
#[derive(Debug, Clone, Serialize)]
pub struct KpiMention {
    /// Code.
    pub code: String,
    /// Name (with data point).
    pub name: String,
    /// Indicator page.
    pub href: String,
    /// Extra text ("band 4, 100 % of target", "core").
    pub detail: String,
}

/// A city profile.
#[derive(Debug, Clone, Serialize)]
pub struct CityView {
    /// Name.
    pub name: String,
    /// Country.
    pub country: String,
    /// Slug.
    pub slug: String,
    /// Headline facts (label, value).
    pub facts: Vec<(String, String)>,
    /// Sources.
    pub sources: Vec<SourceView>,
    /// Benchmark wheel.
    pub wheel_svg: String,
    /// The wheel as a file of its own.
    pub wheel_href: String,
    /// Overall score.
    pub overall: ScoreView,
    /// Coverage sentence.
    pub coverage_text: String,
    /// Dimensions.
    pub dimensions: Vec<DimView>,
    /// Missing KPIs, each listed once: (heading, KPIs) for "not in this site's data" and
    /// "not reported".
    pub missing: Vec<(String, Vec<KpiMention>)>,
    /// Values shown but not scored, counted by state ("Not verified: 2").
    pub unscored: Vec<String>,
    /// The notice of a partial transcription, or "".
    pub partial_notice: String,
    /// Strongest items.
    pub strongest: Vec<KpiMention>,
    /// Weakest items.
    pub weakest: Vec<KpiMention>,
    /// Furthest from their target year.
    pub furthest: Vec<KpiMention>,
    /// Narrative HTML (sanitised per site settings), or "".
    pub narrative_html: String,
    /// Downloads.
    pub downloads: Vec<Link>,
    /// Other cities to compare with.
    pub compare: Vec<Link>,
    /// Whether any shown target is indicative (for the notice).
    pub has_indicative_targets: bool,
}

/// A source document.
#[derive(Debug, Clone, Serialize)]
pub struct SourceView {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Address, or "".
    pub url: String,
}

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
    /// "core"/"advanced".
    pub tier: String,
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
    /// Cross-city bar chart.
    pub chart_svg: String,
    /// The bar chart as a file of its own.
    pub chart_href: String,
    /// Series chart for cities with several years, or "".
    pub series_svg: String,
    /// The series chart as a file of its own, or "".
    pub series_href: String,
    /// Rows in rank order.
    pub rows: Vec<IndicatorRow>,
    /// Statistics (label, value): n, min, Q1, median, Q3, max.
    pub stats: Vec<(String, String)>,
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
    /// "core"/"advanced".
    pub tier: String,
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
    /// Downloads.
    pub downloads: Vec<Link>,
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

/// A matrix with a row per city: of scores ([`ScoreView`]) or of [`Cell`]s.
#[derive(Debug, Clone, Serialize)]
pub struct Matrix<C = ScoreView> {
    /// Caption.
    pub caption: String,
    /// Column headers.
    pub columns: Vec<Column>,
    /// Rows.
    pub rows: Vec<MatrixRow<C>>,
    /// The rows already rendered (see [`super::rows`]), in place of `rows`; empty when `rows`
    /// holds them.
    pub body: String,
}

/// A column header of a matrix.
#[derive(Debug, Clone, Serialize)]
pub struct Column {
    /// Header text (a KPI's name, a category...).
    pub label: String,
    /// Address, or "".
    pub href: String,
    /// Secondary text (a KPI's code), or "".
    pub code: String,
}

/// A row of a matrix.
#[derive(Debug, Clone, Serialize)]
pub struct MatrixRow<C = ScoreView> {
    /// Row header.
    pub label: Link,
    /// Cells.
    pub cells: Vec<C>,
}

/// A matrix cell that shows more than a score: a city's values on an SDG page, or the reason
/// an overall score is missing. The theme's `score_cell` macro renders both kinds of cell.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Cell {
    /// The score; for a value cell, its state word or a one-line summary of the values (for
    /// a site's own macros that only know scores), and its sort key: the first value, −2
    /// when there is none (values are never negative).
    #[serde(flatten)]
    pub score: ScoreView,
    /// The values, one per data point; empty in a score cell.
    pub lines: Vec<ValueLine>,
    /// Why the cell is not ranked, when its text does not say it, or "".
    pub note: String,
}

/// One value of a city in a matrix cell.
#[derive(Debug, Clone, Serialize, Default)]
pub struct ValueLine {
    /// "95.3% (2020)": the value with its unit (or Yes/No) and year, after the data point's
    /// name for a KPI with data points ("Primary: 100% (2020)").
    pub text: String,
    /// Band 1..=4 when the item is scored, else 0.
    pub band: u8,
    /// The band's short mark ("B3"), or "".
    pub band_short: String,
    /// The band in words for screen readers, with its label, or "".
    pub band_mention: String,
    /// The state word when the value is not scored ("No target known to this site (not
    /// scored)"), or "".
    pub state_text: String,
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
}

/// An SDG page.
#[derive(Debug, Clone, Serialize)]
pub struct SdgView {
    /// Goal number.
    pub goal: u32,
    /// Goal title.
    pub title: String,
    /// KPIs linked, with the SDG targets they cite.
    pub kpis: Vec<KpiMention>,
    /// Cities × KPIs values, with bands where scored.
    pub matrix: Matrix<Cell>,
}

/// SDG index.
#[derive(Debug, Clone, Serialize)]
pub struct SdgIndexView {
    /// All 17 goals with KPI counts; `href` is "" for a goal no KPI links to (it has no page).
    pub goals: Vec<KpiMention>,
}

/// A coverage cell.
#[derive(Debug, Clone, Serialize)]
pub struct CoverageCell {
    /// "reported", "not-reported", "not-applicable", "not-verified".
    pub status: String,
    /// Short symbol text for the cell ("✓", "–", "n/a", "?").
    pub symbol: String,
    /// Full text for screen readers.
    pub text: String,
}

/// Compare page.
#[derive(Debug, Clone, Serialize)]
pub struct CompareView {
    /// Cities × categories scores.
    pub scores: Matrix,
    /// Cities × overall and dimension scores.
    pub dimensions: Matrix<Cell>,
    /// Column headers of the coverage matrix (KPI codes).
    pub coverage_columns: Vec<Link>,
    /// Coverage rows: city link and one cell per KPI.
    pub coverage_rows: Vec<(Link, Vec<CoverageCell>)>,
    /// Set when the matrices show only some of the cities, else "".
    pub note: String,
    /// The minimum-evidence rule in words.
    pub rule: String,
}

/// A background page.
#[derive(Debug, Clone, Serialize)]
pub struct AboutView {
    /// Title.
    pub title: String,
    /// Body HTML.
    pub body_html: String,
    /// Table of contents.
    pub toc: Vec<Link>,
    /// Other background pages.
    pub siblings: Vec<Link>,
}

/// A downloadable file on the data page.
#[derive(Debug, Clone, Serialize)]
pub struct DownloadView {
    /// Link.
    pub link: Link,
    /// "CSV", "JSON".
    pub format: String,
    /// "12.3 kB".
    pub size: String,
    /// What it holds.
    pub description: String,
    /// Date of the newest evaluation in the file ("June 2020").
    pub updated: String,
}

/// Data page.
#[derive(Debug, Clone, Serialize)]
pub struct DataView {
    /// Downloads.
    pub files: Vec<DownloadView>,
    /// Suggested citation.
    pub citation: String,
    /// Words of a value row's `status`.
    pub value_states: Vec<WordView>,
    /// Words of a group's `state` (scores.csv, city JSON).
    pub group_states: Vec<WordView>,
    /// Words of the `basis` column.
    pub bases: Vec<WordView>,
    /// The minimum-evidence share, formatted ("50%").
    pub min_coverage: String,
}

/// A fixed word of the downloads, explained on the data page.
#[derive(Debug, Clone, Serialize)]
pub struct WordView {
    /// The word as written in the files ("no-target").
    pub word: &'static str,
    /// What the pages call it.
    pub label: String,
    /// What it means.
    pub meaning: String,
}

/// Search page.
#[derive(Debug, Clone, Serialize)]
pub struct SearchView {
    /// Address of the search index (JSON).
    pub index_href: String,
    /// Number of entries in the index.
    pub entries: usize,
}
