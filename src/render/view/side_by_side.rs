//! View models of the pages that put cities side by side: the cities index, SDG pages and
//! the compare page.

use serde::Serialize;

use super::common::{Cell, KpiMention, Link, Matrix, ScoreView};

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
    #[serde(serialize_with = "super::common::sort_key")]
    pub population_sort: f64,
    /// Evaluation year.
    pub year: String,
    /// "25 %".
    pub coverage: String,
    /// Sort key.
    #[serde(serialize_with = "super::common::sort_key")]
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

/// A coverage cell: whether a city gave a value for one KPI.
#[derive(Debug, Clone, Serialize)]
pub struct CoverageCell {
    /// "value" when the city gave one (scored or not), else the state key ("not-reported",
    /// "not-in-data", "not-applicable", "not-verified"); the class of the cell, which the
    /// compare script also reads to list the KPIs every chosen city reports.
    pub status: &'static str,
    /// "Value given", or the state in words.
    pub text: String,
}

/// A city of the compare page: the column it heads in every compare table.
#[derive(Debug, Clone, Serialize)]
pub struct CompareCity {
    /// Slug: what `?cities=` names.
    pub slug: String,
    /// Name and profile address.
    pub link: Link,
    /// "23 of 91 KPIs reported (25.3%)".
    pub coverage: String,
}

/// A row of a compare table: what it is about, then one cell per city, in
/// [`CompareView::cities`] order.
#[derive(Debug, Clone, Serialize)]
pub struct CompareRow<C = ScoreView> {
    /// The dimension, category or KPI.
    pub label: Link,
    /// Secondary text under the label (a category's sub-dimension, a KPI's code), or "".
    pub detail: String,
    /// One cell per city.
    pub cells: Vec<C>,
}

/// One bar of a compare chart: a city's score in one dimension.
#[derive(Debug, Clone, Serialize)]
pub struct CompareBar {
    /// The city's name.
    pub city: String,
    /// The bar's length in percent ("82.1"), or "" when there is no score to draw.
    pub width: String,
    /// Band 1–4, or 0.
    pub band: u8,
    /// The score as the tables write it.
    pub score: ScoreView,
}

/// The chart of one dimension: a bar per city.
#[derive(Debug, Clone, Serialize)]
pub struct CompareChart {
    /// "Economy".
    pub title: String,
    /// One bar per city, in [`CompareView::cities`] order.
    pub bars: Vec<CompareBar>,
}

/// The category scores of one dimension.
#[derive(Debug, Clone, Serialize)]
pub struct CompareGroup<C = ScoreView> {
    /// Anchor of the table's caption.
    pub id: String,
    /// The dimension (category table) or category (coverage) it holds.
    pub name: String,
    /// Rows: categories, or KPIs.
    pub rows: Vec<CompareRow<C>>,
    /// The categories left out of a category table as none of their KPIs can be scored;
    /// empty for coverage.
    pub unscored: Vec<Link>,
}

/// The KPIs of one dimension, grouped by category, with each city's coverage.
#[derive(Debug, Clone, Serialize)]
pub struct CoverageTable {
    /// Anchor of the table's caption.
    pub id: String,
    /// The dimension.
    pub name: String,
    /// One group per category ("Water and Sanitation (Infrastructure)").
    pub groups: Vec<CompareGroup<CoverageCell>>,
}

/// Compare page: every table has a column per city, which the page script hides when a reader
/// chooses cities.
#[derive(Debug, Clone, Serialize)]
pub struct CompareView {
    /// The cities, in column order (by name).
    pub cities: Vec<CompareCity>,
    /// Overall and dimension scores.
    pub dimensions: Vec<CompareRow<Cell>>,
    /// A chart of each dimension's scores.
    pub charts: Vec<CompareChart>,
    /// Category scores, a table per dimension.
    pub categories: Vec<CompareGroup>,
    /// Which KPIs each city reports, a table per dimension.
    pub coverage: Vec<CoverageTable>,
    /// Set when the tables show only some of the cities, else "".
    pub note: String,
    /// Where the other cities' columns are (`/repo/fr/compare/cities/`), or "" when the page
    /// holds every city.
    pub columns_href: String,
    /// The other cities, for the form: a JSON array of slug, name, slug, name... in column
    /// order, safe inside a script element; "" when the page holds every city.
    pub more: String,
    /// The minimum-evidence rule in words.
    pub rule: String,
}
