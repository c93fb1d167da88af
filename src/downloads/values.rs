//! The tidy values table: one row per city, item (a KPI or one of its data points) and year.
//! The whole-site values.csv, each city's file and each KPI's file list the same rows; each
//! view leaves out the columns that are constant in it, and none repeats what catalog.csv,
//! cities.csv or sources.csv say once (names, units, targets, source titles).

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use super::fields::DataValue;
use crate::model::city::ValueData;

/// One row of the tidy values table, with what says whose row it is.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueRow<'a> {
    /// City slug.
    pub city: &'a str,
    /// Catalog index of the KPI.
    pub kpi: usize,
    /// Compact KPI id.
    pub kpi_id: &'a str,
    /// Data point key, or empty for the KPI as a whole.
    pub data_point: &'a str,
    /// The facts every view writes.
    pub facts: ValueFacts<'a>,
}

impl ValueRow<'_> {
    /// The item's key in catalog.csv: `KPI id[/data point]`.
    pub fn item(&self) -> Cow<'_, str> {
        item_id(self.kpi_id, self.data_point)
    }
}

/// The catalog key of a KPI (`point` empty) or of one of its data points.
pub fn item_id<'a>(kpi_id: &'a str, point: &str) -> Cow<'a, str> {
    if point.is_empty() {
        Cow::Borrowed(kpi_id)
    } else {
        Cow::Owned(format!("{kpi_id}/{point}"))
    }
}

/// The columns of a value row that every view writes, in file order.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ValueFacts<'a> {
    /// Year the value describes.
    pub year: Option<i32>,
    /// Value as published (a number, `yes` or `no`), or empty.
    pub value: Option<DataValue>,
    /// The item's state for a row with a value (`scored`, `no-target`, `no-benchmark`), the
    /// KPI's otherwise (`not-reported`, `not-verified`, `not-applicable`): see
    /// [`crate::model::state::VALUE_STATES`].
    pub status: Cow<'a, str>,
    /// Achievement in percent, on the latest row of a scored item.
    pub achievement_pct: Option<f64>,
    /// Band, on the latest row of a scored item.
    pub band: Option<u8>,
    /// Points, on the latest row of a scored item.
    pub points: Option<u8>,
    /// What the band rests on (`official`, `indicative`, `report`); empty unless scored.
    pub basis: Cow<'a, str>,
    /// Whether the value was verified; empty when the city's file does not say.
    pub verified: Option<bool>,
    /// Key of the source in sources.csv (`city/source id`), or empty.
    pub source: Cow<'a, str>,
}

/// The key of a city's source in sources.csv: unique in the site, and a single column, so a
/// row without a source leaves the whole foreign key empty.
pub fn source_key(city: &str, id: &str) -> String {
    format!("{city}/{id}")
}

/// The values of one city, in catalog order.
pub(crate) fn city_rows<'a>(
    catalog: &'a crate::model::catalog::Catalog,
    entry: &'a crate::model::content::CityEntry,
    cr: &'a crate::model::results::CityResult,
) -> Vec<ValueRow<'a>> {
    let mut rows = Vec::with_capacity(entry.city.values.len() + 8);
    let city = &entry.city;
    for v in &city.values {
        let kpi = &catalog.kpis[v.kpi];
        let r = cr.kpi(catalog, v.kpi);
        let source: Cow<'a, str> = v
            .source
            .as_deref()
            .filter(|id| city.sources.iter().any(|s| s.id == *id))
            .map_or(Cow::Borrowed(""), |id| {
                Cow::Owned(source_key(&city.slug, id))
            });
        let base = ValueRow {
            city: &city.slug,
            kpi: v.kpi,
            kpi_id: &kpi.id,
            data_point: "",
            facts: ValueFacts {
                year: Some(city.evaluation.data_year),
                value: None,
                status: Cow::Borrowed(r.state.key()),
                achievement_pct: None,
                band: None,
                points: None,
                basis: Cow::Borrowed(""),
                verified: v.verified,
                source,
            },
        };
        let readings: Vec<(Option<&str>, &crate::model::city::Reading)> = match &v.data {
            ValueData::Status { .. } => {
                rows.push(base);
                continue;
            }
            ValueData::Single { reading } => vec![(None, reading)],
            ValueData::Points { points } => kpi
                .data_points
                .iter()
                .filter_map(|d| points.get(&d.key).map(|r| (Some(&*d.key), r)))
                .collect(),
        };
        for (point, reading) in readings {
            let item = r.items.iter().find(|i| i.point.as_deref() == point);
            let last = reading.years.keys().next_back().copied();
            for (year, obs) in &reading.years {
                let scored = item.filter(|_| Some(*year) == last);
                rows.push(ValueRow {
                    data_point: point.unwrap_or_default(),
                    facts: ValueFacts {
                        year: Some(*year),
                        value: Some(obs.answer.into()),
                        // Every year of an item carries the item's state; achievement, band,
                        // points and basis are on the latest row, the one scored.
                        status: Cow::Borrowed(item.map_or(r.state, |i| i.state).key()),
                        achievement_pct: scored.and_then(|i| i.achievement_pct).map(round4),
                        band: scored.and_then(|i| i.band),
                        points: scored.and_then(|i| i.points),
                        basis: Cow::Borrowed(
                            scored
                                .and_then(|i| i.basis())
                                .map_or("", crate::model::state::Basis::key),
                        ),
                        ..base.facts.clone()
                    },
                    ..base.clone()
                });
            }
        }
    }
    rows
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// Columns of [`ValueFacts`], the end of every values file's header.
pub const FACT_COLUMNS: [&str; 9] = [
    "year",
    "value",
    "status",
    "achievement_pct",
    "band",
    "points",
    "basis",
    "verified",
    "source",
];

/// Columns of values.csv: the city, the item, then the facts.
pub const VALUES_HEADER: [&str; 11] = [
    "city",
    "item",
    "year",
    "value",
    "status",
    "achievement_pct",
    "band",
    "points",
    "basis",
    "verified",
    "source",
];

/// Columns of a city's file: the item, then the facts.
pub const CITY_HEADER: [&str; 10] = [
    "item",
    "year",
    "value",
    "status",
    "achievement_pct",
    "band",
    "points",
    "basis",
    "verified",
    "source",
];

/// Columns of a KPI's file: the city, the data point, then the facts.
pub const KPI_HEADER: [&str; 11] = [
    "city",
    "data_point",
    "year",
    "value",
    "status",
    "achievement_pct",
    "band",
    "points",
    "basis",
    "verified",
    "source",
];

/// A header line.
pub(crate) fn header_line(columns: &[&str]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::with_capacity(256));
    let _ = w.write_record(columns);
    w.into_inner().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_the_row_fields() {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.serialize(ValueFacts {
            year: Some(2020),
            value: Some(DataValue::Number(1.5)),
            status: "scored".into(),
            achievement_pct: None,
            band: None,
            points: None,
            basis: "".into(),
            verified: None,
            source: "".into(),
        })
        .unwrap();
        let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
        assert_eq!(text.lines().next().unwrap(), FACT_COLUMNS.join(","));
        for (lead, header) in [
            (&["city", "item"][..], &VALUES_HEADER[..]),
            (&["item"][..], &CITY_HEADER[..]),
            (&["city", "data_point"][..], &KPI_HEADER[..]),
        ] {
            assert_eq!(&header[..lead.len()], lead);
            assert_eq!(&header[lead.len()..], FACT_COLUMNS);
        }
    }
}
