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
