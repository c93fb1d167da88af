//! The embeddable cards (`/embed/cities/<slug>/`, `/embed/indicators/<slug>/`) and the snippet
//! the full pages offer to embed them.

use serde::Serialize;

use super::catalog::{IndicatorRow, TargetView};
use super::common::ScoreView;

/// The `<iframe>` code a full page offers for its card.
#[derive(Debug, Clone, Serialize, Default)]
pub struct EmbedSnippet {
    /// The card's address (with base path), for a preview link.
    pub href: String,
    /// The HTML to paste, shown as text.
    pub code: String,
}

/// What every card shows around its content.
#[derive(Debug, Clone, Serialize)]
pub struct EmbedPage {
    /// Text of `<title>` (without the site title).
    pub title: String,
    /// Absolute address of the full page (the card's canonical link).
    pub canonical: String,
    /// The full page (with base path), which the card links back to.
    pub full_href: String,
    /// The cards' own small stylesheet.
    pub css_href: String,
}

/// A city's card: the headline of its profile.
#[derive(Debug, Clone, Serialize)]
pub struct EmbedCity {
    /// Name.
    pub name: String,
    /// Evaluation and data year (label, value), as the profile's facts say them.
    pub facts: Vec<(String, String)>,
    /// Overall score.
    pub overall: ScoreView,
    /// Coverage sentence, as on the profile.
    pub coverage_text: String,
    /// The profile's notice on a partial transcription, or "".
    pub partial_notice: String,
    /// Each dimension's name and score.
    pub dimensions: Vec<(String, ScoreView)>,
    /// The wheel as the card shows it: the file's view without the credit band.
    pub wheel_src: String,
    /// The wheel's text alternative (its title: the scores are in the text beside it).
    pub wheel_alt: String,
    /// The wheel's size (width, height).
    pub wheel_size: (u32, u32),
}

/// A KPI's card: its targets and the leading cities of each item.
#[derive(Debug, Clone, Serialize)]
pub struct EmbedIndicator {
    /// Name.
    pub name: String,
    /// Official code.
    pub code: String,
    /// Unit.
    pub unit: String,
    /// Targets, as the indicator page lists them.
    pub targets: Vec<TargetView>,
    /// Why the KPI has no target of its own, or "".
    pub benchmark_note: String,
    /// "Values for 3 of 4 cities".
    pub reporting_text: String,
    /// Items with values: their heading ("" for the whole KPI) and leading cities.
    pub items: Vec<EmbedItem>,
}

/// The leading cities of one item of a KPI.
#[derive(Debug, Clone, Serialize)]
pub struct EmbedItem {
    /// Heading ("PM2.5"), or "" for a single-valued KPI.
    pub name: String,
    /// The first rows of the indicator page's table.
    pub rows: Vec<IndicatorRow>,
}
