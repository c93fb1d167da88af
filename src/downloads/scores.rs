//! Scores with the evidence they rest on, for scores.csv and the city JSON files: every group
//! (overall, dimension, sub-dimension, category) with its state, its points and how many of
//! its scorable items were scored, so a reader can redo the minimum-evidence rule.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::model::catalog::Catalog;
use crate::model::city::City;
use crate::model::results::Score;
use crate::model::results::{CityResult, Coverage};

/// One row of scores.csv: one group of one city.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ScoreRow<'a> {
    /// City slug.
    pub city: Cow<'a, str>,
    /// City name.
    pub city_name: Cow<'a, str>,
    /// `overall`, `dimension`, `subdimension` or `category`.
    pub level: Cow<'a, str>,
    /// `overall`, or the group's slug (unique: category letter codes are not).
    pub group_code: Cow<'a, str>,
    /// The group's name in the catalog.
    pub group_name: Cow<'a, str>,
    /// A group state word ([`crate::model::state::GROUP_STATES`]).
    pub state: Cow<'a, str>,
    /// Points earned ÷ points possible × 100, rounded to 4 decimals; empty unless scored.
    pub score_pct: Option<f64>,
    /// Band of `score_pct`; empty unless scored.
    pub band: Option<u8>,
    /// Points earned by the scored items.
    pub earned_points: u32,
    /// Points the scored items could earn.
    pub possible_points: u32,
    /// Items scored.
    pub scored_items: u32,
    /// Items that could be scored.
    pub scorable_items: u32,
}

/// Column names of scores.csv.
pub const SCORES_HEADER: [&str; 12] = [
    "city",
    "city_name",
    "level",
    "group_code",
    "group_name",
    "state",
    "score_pct",
    "band",
    "earned_points",
    "possible_points",
    "scored_items",
    "scorable_items",
];

/// What scores.csv is, on the data page.
pub(crate) const SCORES_DESCRIPTION: &str = "Every city's overall score and the score of each dimension, sub-dimension and category, with its state, points and the number of scored and scorable items it rests on.";

/// The group code of the overall score.
const OVERALL: &str = "overall";

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// The header line of scores.csv.
pub(crate) fn scores_header() -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::with_capacity(160));
    let _ = w.write_record(SCORES_HEADER);
    w.into_inner().unwrap_or_default()
}

/// A city's groups in catalog order, each before the groups inside it.
pub fn score_rows<'a>(catalog: &'a Catalog, city: &'a City, cr: &CityResult) -> Vec<ScoreRow<'a>> {
    let row = |level: &'static str, code: &'a str, name: &'a str, s: &Score| ScoreRow {
        city: Cow::Borrowed(&city.slug),
        city_name: Cow::Borrowed(&city.name),
        level: Cow::Borrowed(level),
        group_code: Cow::Borrowed(code),
        group_name: Cow::Borrowed(name),
        state: Cow::Borrowed(s.state.key()),
        score_pct: s.pct.map(round4),
        band: s.band,
        earned_points: s.earned,
        possible_points: s.possible,
        scored_items: s.items,
        scorable_items: s.scorable,
    };
    let mut rows = vec![row("overall", OVERALL, "Overall", &cr.overall)];
    for (d, dr) in catalog.dimensions.iter().zip(&cr.dimensions) {
        rows.push(row("dimension", &d.slug, &d.name, &dr.score));
        for (s, sr) in d.subdimensions.iter().zip(&dr.subdimensions) {
            rows.push(row("subdimension", &s.slug, &s.name, &sr.score));
            for (c, cr) in s.categories.iter().zip(&sr.categories) {
                rows.push(row("category", &c.slug, &c.name, &cr.score));
            }
        }
    }
    rows
}

/// A city's scores.csv rows, encoded (no header).
pub(crate) fn encode(catalog: &Catalog, city: &City, cr: &CityResult) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::with_capacity(4_000));
    for r in score_rows(catalog, city, cr) {
        // Writing to memory cannot fail.
        let _ = w.serialize(r);
    }
    w.into_inner().unwrap_or_default()
}

/// A group's score in a city's JSON file; the same fields as scores.csv.
#[derive(Serialize)]
pub(crate) struct ScoreJson {
    state: &'static str,
    score_pct: Option<f64>,
    band: Option<u8>,
    earned_points: u32,
    possible_points: u32,
    scored_items: u32,
    scorable_items: u32,
}

impl From<&Score> for ScoreJson {
    fn from(s: &Score) -> Self {
        Self {
            state: s.state.key(),
            score_pct: s.pct.map(round4),
            band: s.band,
            earned_points: s.earned,
            possible_points: s.possible,
            scored_items: s.items,
            scorable_items: s.scorable,
        }
    }
}

#[derive(Serialize)]
pub(crate) struct DimensionJson<'a> {
    code: &'a str,
    name: &'a str,
    #[serde(flatten)]
    score: ScoreJson,
    coverage: &'a Coverage,
    subdimensions: Vec<SubJson<'a>>,
}

#[derive(Serialize)]
struct SubJson<'a> {
    code: &'a str,
    name: &'a str,
    #[serde(flatten)]
    score: ScoreJson,
    categories: Vec<CategoryJson<'a>>,
}

#[derive(Serialize)]
struct CategoryJson<'a> {
    code: &'a str,
    name: &'a str,
    #[serde(flatten)]
    score: ScoreJson,
}

/// A city's dimensions with their sub-dimensions and categories, for its JSON file.
pub(crate) fn dimensions_json<'a>(
    catalog: &'a Catalog,
    cr: &'a CityResult,
) -> Vec<DimensionJson<'a>> {
    catalog
        .dimensions
        .iter()
        .zip(&cr.dimensions)
        .map(|(d, dr)| DimensionJson {
            code: &d.slug,
            name: &d.name,
            score: (&dr.score).into(),
            coverage: &dr.coverage,
            subdimensions: d
                .subdimensions
                .iter()
                .zip(&dr.subdimensions)
                .map(|(s, sr)| SubJson {
                    code: &s.slug,
                    name: &s.name,
                    score: (&sr.score).into(),
                    categories: s
                        .categories
                        .iter()
                        .zip(&sr.categories)
                        .map(|(c, cr)| CategoryJson {
                            code: &c.slug,
                            name: &c.name,
                            score: (&cr.score).into(),
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_matches_the_row_fields() {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.serialize(ScoreRow {
            city: "a".into(),
            city_name: "A".into(),
            level: "overall".into(),
            group_code: "overall".into(),
            group_name: "Overall".into(),
            state: "scored".into(),
            score_pct: Some(50.0),
            band: Some(2),
            earned_points: 4,
            possible_points: 8,
            scored_items: 2,
            scorable_items: 3,
        })
        .unwrap();
        let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
        assert_eq!(text.lines().next().unwrap(), SCORES_HEADER.join(","));
    }
}
