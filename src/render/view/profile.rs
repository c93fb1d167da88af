//! View models of city profiles and of the city cards other pages show.

use crate::model::catalog::Tier;
use serde::Serialize;

use super::common::{KpiMention, Link, ScoreView};

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

/// One KPI (or data point) row in a profile table.
#[derive(Debug, Clone, Serialize)]
pub struct KpiRow {
    /// Official code.
    pub code: String,
    /// KPI name (with the data point, e.g. "Air Pollution: PM10").
    pub name: String,
    /// Indicator page address.
    pub href: String,
    /// Core or advanced (serialised as the key "core"/"advanced"; `tier_tag` words it).
    pub tier: Tier,
    /// The row's state word (`scored`, `no-target`, `not-applicable`...), see
    /// [`crate::model::state::State::key`].
    pub status: &'static str,
    /// The state in words ("No target known to this site (not scored)").
    pub status_text: String,
    /// Whether the row has a value (scored or not).
    pub has_value: bool,
    /// Value with unit, e.g. "86.26 litres/day per capita", or "".
    pub value: String,
    /// Year, or "" when it is the profile's data year ("Report published 2020" when the report
    /// prints no data year).
    pub year: String,
    /// "60 %", or why there is none.
    pub target: String,
    /// Whether the target is official (U4SSC) — false for indicative.
    pub target_official: bool,
    /// Whether there is a target at all.
    pub has_target: bool,
    /// "87.3 %" or "".
    pub achievement: String,
    /// Width of the performance bar in % of its track ("83.5"), or "" when there is no
    /// achievement to draw.
    pub bar: String,
    /// What the bar says, shown beside it: "83.5% · B3", "B3 (report)" or the row's state.
    pub perf: String,
    /// The achievement's formula with this row's numbers ("83.47 ÷ 100 × 100"), or "".
    pub calc: String,
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
    /// The source's number in the profile's list of sources (from 1), or 0 when none.
    pub source_ref: usize,
    /// "verified", "not verified" or "".
    pub verified: String,
    /// "Peer median: 42 %" (the city's peer group, named once above the tables), or "".
    pub peer: String,
    /// Note.
    pub note: String,
    /// How the value was computed from its inputs, or "".
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
    /// The language the source titles are written in (the site's default language) on pages
    /// of other languages, for `lang` and the note that titles stay as published; empty on the
    /// default language's pages.
    pub sources_lang: String,
    /// Benchmark wheel, published as a file of its own (the page shows it with `<img>`), so
    /// not handed to the template.
    #[serde(skip)]
    pub wheel_svg: String,
    /// The wheel's file.
    pub wheel_href: String,
    /// The wheel as the page shows it: the file's view without the credit band.
    pub wheel_src: String,
    /// The PNG download of the wheel (the city's card), or "" when PNGs are off.
    pub wheel_png: String,
    /// The wheel's width in CSS pixels, for the `<img>`: the size at which its smallest label
    /// is 11 px (issue 23); the page shows it at that size or not at all.
    pub wheel_width: u32,
    /// The wheel's height in CSS pixels.
    pub wheel_height: u32,
    /// The wheel's text alternative: its title and what it shows, dimension by dimension.
    pub wheel_alt: String,
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
    /// How to cite the profile.
    pub citation: crate::render::cite::CitationView,
    /// The code that embeds the profile's card in another site.
    pub embed: super::EmbedSnippet,
    /// Downloads.
    pub downloads: Vec<Link>,
    /// Other cities to compare with.
    pub compare: Vec<Link>,
    /// Whether any shown target is indicative (for the notice).
    pub has_indicative_targets: bool,
    /// How achievement is calculated, once for the page: (direction, formula) for each
    /// direction among the rows; each row gives only its numbers.
    pub formulas: Vec<(String, String)>,
    /// Who the peers are whose median rows show, or "" when no row shows one.
    pub peers_note: String,
    /// The data year the value column's header gives, which rows of that year leave out.
    pub value_year: String,
    /// The sentence that says the same for readers who do not see the header (phones).
    pub values_note: String,
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
