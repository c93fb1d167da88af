//! The tidy values table: one row per city, KPI, data point and year, as values.csv and the
//! per-city and per-KPI files list them.

use std::borrow::Cow;

use serde::Serialize;

use super::fields::DataValue;
use crate::model::city::ValueData;
use crate::model::content::Content;
use crate::model::results::Results;

/// One row of the tidy values table. Text borrows from the content, catalog and results where
/// it can: a 10,000-city site has a million rows, and owned copies cost a gigabyte.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
pub struct ValueRow<'a> {
    /// Unique key: `city/KPI id[/data point]/year`.
    pub row_id: String,
    /// City slug.
    pub city: Cow<'a, str>,
    /// City name.
    pub city_name: Cow<'a, str>,
    /// Country.
    pub country: Cow<'a, str>,
    /// Official KPI code.
    pub kpi_code: Cow<'a, str>,
    /// Compact KPI id.
    pub kpi_id: Cow<'a, str>,
    /// KPI name.
    pub kpi_name: Cow<'a, str>,
    /// Data point key, or empty.
    pub data_point: Cow<'a, str>,
    /// The item's state for a row with a value (`scored`, `no-target`, `no-benchmark`), the
    /// KPI's otherwise (`not-reported`, `not-verified`, `not-applicable`): see
    /// [`crate::model::state::VALUE_STATES`].
    pub status: Cow<'a, str>,
    /// Year, or empty.
    pub year: Option<i32>,
    /// Value as published (a number, `yes` or `no`), or empty.
    pub value: Option<DataValue>,
    /// Unit.
    pub unit: Cow<'a, str>,
    /// Whether this row is the latest year (the one scored).
    pub latest: bool,
    /// Target value, or empty.
    pub target: Option<f64>,
    /// Whether the target is official.
    pub target_official: Option<bool>,
    /// Target source.
    pub target_source: Cow<'a, str>,
    /// Achievement in percent.
    pub achievement_pct: Option<f64>,
    /// Band.
    pub band: Option<u8>,
    /// Points.
    pub points: Option<u8>,
    /// What the band rests on (`official`, `indicative`, `report`); empty unless scored.
    pub basis: Cow<'a, str>,
    /// Verified flag.
    pub verified: Option<bool>,
    /// Source title.
    pub source: Cow<'a, str>,
    /// Source address.
    pub source_url: Cow<'a, str>,
}

/// Every value of every city, in city then catalog order.
pub fn value_rows<'a>(content: &'a Content, results: &'a Results) -> Vec<ValueRow<'a>> {
    content
        .cities
        .iter()
        .zip(&results.cities)
        .flat_map(|(entry, cr)| city_rows(&content.catalog, entry, cr))
        .collect()
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
        let src = v
            .source
            .as_ref()
            .and_then(|id| city.sources.iter().find(|s| &s.id == id));
        let base = ValueRow {
            row_id: format!("{}/{}/{}", city.slug, kpi.id, city.evaluation.data_year),
            city: Cow::Borrowed(&city.slug),
            city_name: Cow::Borrowed(&city.name),
            country: Cow::Borrowed(&city.country),
            kpi_code: Cow::Borrowed(&kpi.code),
            kpi_id: Cow::Borrowed(&kpi.id),
            kpi_name: Cow::Borrowed(&kpi.name),
            data_point: Cow::Borrowed(""),
            status: Cow::Borrowed(r.state.key()),
            year: None,
            value: None,
            unit: Cow::Borrowed(&kpi.unit),
            latest: true,
            target: None,
            target_official: None,
            target_source: Cow::Borrowed(""),
            achievement_pct: None,
            band: None,
            points: None,
            basis: Cow::Borrowed(""),
            verified: v.verified,
            source: Cow::Borrowed(src.map_or("", |s| s.title.as_str())),
            source_url: Cow::Borrowed(src.and_then(|s| s.url.as_deref()).unwrap_or_default()),
        };
        let readings: Vec<(Option<&str>, &crate::model::city::Reading)> = match &v.data {
            ValueData::Status { .. } => {
                rows.push(ValueRow {
                    year: Some(city.evaluation.data_year),
                    ..base
                });
                continue;
            }
            ValueData::Single { reading } => vec![(None, reading)],
            ValueData::Points { points } => kpi
                .data_points
                .iter()
                .filter_map(|d| points.get(&d.key).map(|r| (Some(d.key.as_str()), r)))
                .collect(),
        };
        for (point, reading) in readings {
            let item = r.items.iter().find(|i| i.point.as_deref() == point);
            let last = reading.years.keys().next_back().copied();
            for (year, obs) in &reading.years {
                let latest = Some(*year) == last;
                let scored = item.filter(|_| latest);
                rows.push(ValueRow {
                    row_id: match point {
                        Some(p) => format!("{}/{}/{p}/{year}", city.slug, kpi.id),
                        None => format!("{}/{}/{year}", city.slug, kpi.id),
                    },
                    data_point: Cow::Borrowed(point.unwrap_or_default()),
                    // Every year of an item carries the item's state; band, points and basis
                    // are on the latest row, the one scored.
                    status: Cow::Borrowed(item.map_or(r.state, |i| i.state).key()),
                    year: Some(*year),
                    value: Some(obs.answer.into()),
                    unit: Cow::Borrowed(item.map_or(kpi.unit.as_str(), |i| i.unit.as_str())),
                    latest,
                    target: scored.and_then(|i| i.target.as_ref()).map(|t| t.value),
                    target_official: scored.and_then(|i| i.target.as_ref()).map(|t| t.official),
                    target_source: Cow::Borrowed(
                        scored
                            .and_then(|i| i.target.as_ref())
                            .map_or("", |t| &*t.source),
                    ),
                    achievement_pct: scored.and_then(|i| i.achievement_pct).map(round4),
                    band: scored.and_then(|i| i.band),
                    points: scored.and_then(|i| i.points),
                    basis: Cow::Borrowed(
                        scored
                            .and_then(|i| i.basis())
                            .map_or("", crate::model::state::Basis::key),
                    ),
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

/// The header line of the tidy CSV files.
pub(crate) fn csv_header() -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::with_capacity(256));
    let _ = w.write_record(CSV_HEADER);
    w.into_inner().unwrap_or_default()
}

/// Column names of the tidy CSV (also written when there are no rows).
pub const CSV_HEADER: [&str; 23] = [
    "row_id",
    "city",
    "city_name",
    "country",
    "kpi_code",
    "kpi_id",
    "kpi_name",
    "data_point",
    "status",
    "year",
    "value",
    "unit",
    "latest",
    "target",
    "target_official",
    "target_source",
    "achievement_pct",
    "band",
    "points",
    "basis",
    "verified",
    "source",
    "source_url",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_matches_the_row_fields() {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.serialize(ValueRow {
            row_id: "a/k/2020".into(),
            city: "a".into(),
            city_name: "A".into(),
            country: "C".into(),
            kpi_code: "k".into(),
            kpi_id: "k".into(),
            kpi_name: "K".into(),
            data_point: "".into(),
            status: "scored".into(),
            year: Some(2020),
            value: Some(DataValue::Number(1.5)),
            unit: "%".into(),
            latest: true,
            target: None,
            target_official: None,
            target_source: "".into(),
            achievement_pct: None,
            band: None,
            points: None,
            basis: "".into(),
            verified: None,
            source: "".into(),
            source_url: "".into(),
        })
        .unwrap();
        let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
        assert_eq!(text.lines().next().unwrap(), CSV_HEADER.join(","));
    }
}
