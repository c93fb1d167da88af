//! Scores with the evidence they rest on, for scores.csv: every group (overall, dimension,
//! sub-dimension, category) of every city with its state, its points and how many of its
//! scorable items were scored, so a reader can redo the minimum-evidence rule. The groups'
//! names and levels are in groups.csv, the cities' in cities.csv.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::model::catalog::Catalog;
use crate::model::city::City;
use crate::model::results::CityResult;
use crate::model::results::Score;

/// One row of scores.csv: one group of one city.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ScoreRow<'a> {
    /// City slug.
    pub city: Cow<'a, str>,
    /// `overall`, or the group's slug (unique: category letter codes are not).
    pub group_code: Cow<'a, str>,
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
pub const SCORES_HEADER: [&str; 9] = [
    "city",
    "group_code",
    "state",
    "score_pct",
    "band",
    "earned_points",
    "possible_points",
    "scored_items",
    "scorable_items",
];

/// The group code of the overall score.
pub(crate) const OVERALL: &str = "overall";

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// A city's groups in catalog order, each before the groups inside it.
pub fn score_rows<'a>(catalog: &'a Catalog, city: &'a City, cr: &CityResult) -> Vec<ScoreRow<'a>> {
    let row = |code: &'a str, s: &Score| ScoreRow {
        city: Cow::Borrowed(&city.slug),
        group_code: Cow::Borrowed(code),
        state: Cow::Borrowed(s.state.key()),
        score_pct: s.pct.map(round4),
        band: s.band,
        earned_points: s.earned,
        possible_points: s.possible,
        scored_items: s.items,
        scorable_items: s.scorable,
    };
    let mut rows = vec![row(OVERALL, &cr.overall)];
    for (d, dr) in catalog.dimensions.iter().zip(&cr.dimensions) {
        rows.push(row(&d.slug, &dr.score));
        for (s, sr) in d.subdimensions.iter().zip(&dr.subdimensions) {
            rows.push(row(&s.slug, &sr.score));
            for (c, cr) in s.categories.iter().zip(&sr.categories) {
                rows.push(row(&c.slug, &cr.score));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_matches_the_row_fields() {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.serialize(ScoreRow {
            city: "a".into(),
            group_code: "overall".into(),
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
