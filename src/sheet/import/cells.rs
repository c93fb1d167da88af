//! Reading one cell: a value (number in the sheet's decimal mark, yes/no, status) or a year.

use std::collections::HashMap;
use std::fmt;

use super::read::Table;
use crate::diagnostics::did_you_mean;
use crate::model::catalog::{Catalog, DataPoint, Direction, Kpi};
use crate::model::city::Status;
use crate::model::number::{DecimalMark, parse_number, written_decimals};
use crate::sheet::Column;
use crate::sheet::export::format_number;

/// A value read from a sheet.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SheetValue {
    /// A quantity in the KPI's unit, with the decimals it was written with ("97.00": 2).
    Number(f64, Option<u8>),
    /// A yes/no answer.
    YesNo(bool),
    /// No value, with the reason.
    Status(Status),
}

impl fmt::Display for SheetValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SheetValue::Number(n, _) => f.write_str(&format_number(*n)),
            SheetValue::YesNo(b) => f.write_str(if *b { "yes" } else { "no" }),
            SheetValue::Status(s) => f.write_str(s.as_str()),
        }
    }
}

/// The decimal mark of the sheet's value column (see [`DecimalMark::detect`]).
pub(super) fn decimal_mark(table: &Table, value_col: Option<usize>) -> DecimalMark {
    DecimalMark::detect(table.rows.iter().map(|r| r.cell(value_col)))
}

/// Auto policy: every plain value on a "%" KPI lies in 0..=1 and at least one is strictly between.
pub(super) fn looks_like_shares(
    catalog: &Catalog,
    table: &Table,
    cols: &HashMap<Column, usize>,
    mark: DecimalMark,
) -> bool {
    let col = |c: Column| cols.get(&c).copied();
    let mut any_fraction = false;
    for r in &table.rows {
        let text = r.cell(col(Column::Value));
        let Some(kpi) = catalog.get(r.cell(col(Column::Code))) else {
            continue;
        };
        let unit = kpi
            .data_point(r.cell(col(Column::DataPoint)))
            .map_or(&kpi.unit, |d| &d.unit);
        if unit != "%" || text.ends_with('%') {
            continue;
        }
        if let Some(n) = parse_number(text, mark) {
            if !(0.0..=1.0).contains(&n) {
                return false;
            }
            any_fraction |= n > 0.0 && n < 1.0;
        }
    }
    any_fraction
}

pub(super) fn parse_year(s: &str) -> Option<i32> {
    let s = s.trim();
    let s = s.strip_suffix(".0").unwrap_or(s);
    s.parse::<i32>().ok().filter(|y| (1950..=2100).contains(y))
}

const YES: &[&str] = &["yes", "y", "oui", "да", "si", "sí", "ja", "true"];
const NO: &[&str] = &["no", "n", "non", "нет", "nein", "nei", "false"];

fn yes_no_word(s: &str) -> Option<bool> {
    let w = s.trim().to_lowercase();
    if YES.contains(&w.as_str()) {
        Some(true)
    } else if NO.contains(&w.as_str()) {
        Some(false)
    } else {
        None
    }
}

type ValueResult = Result<(SheetValue, Option<String>), (String, Option<String>)>;

/// Reads one value cell the way the city loader would accept it.
pub(super) fn parse_value(
    kpi: &Kpi,
    point: Option<&DataPoint>,
    text: &str,
    shares: bool,
    mark: DecimalMark,
) -> ValueResult {
    let (unit, dir) = point.map_or((kpi.unit.as_str(), kpi.direction), |d| {
        (d.unit.as_str(), d.direction)
    });
    let what = match point {
        Some(d) => format!("{} ({})", kpi.id, d.key),
        None => kpi.id.clone(),
    };
    let s = text.trim();
    if let Some(st) = Status::parse(s) {
        return Ok((SheetValue::Status(st), None));
    }
    let statuses = || {
        did_you_mean(s, ["not-reported", "not-applicable", "not-verified"])
            .map(|m| format!("\"{m}\""))
    };
    let yes_no = yes_no_word(s);
    if dir == Direction::YesNo {
        return match yes_no {
            Some(b) => Ok((SheetValue::YesNo(b), None)),
            None => Err((
                format!("{what} is a yes/no KPI; \"{s}\" is neither yes nor no"),
                statuses(),
            )),
        };
    }
    if yes_no.is_some() {
        return Err((
            format!("{what} is measured in {unit}, not yes/no; \"{s}\" is not a number"),
            None,
        ));
    }
    let percent_sign = s.ends_with('%');
    let Some(mut n) = parse_number(s, mark) else {
        return Err(match statuses() {
            Some(m) => (format!("unknown status \"{s}\""), Some(m)),
            None => (
                format!("\"{s}\" is not a number (nor yes/no or a status such as not-reported)"),
                None,
            ),
        });
    };
    if percent_sign && !unit.contains('%') {
        return Err((
            format!("\"{s}\" has a percent sign, but {what} is measured in {unit}"),
            None,
        ));
    }
    let mut conversion = None;
    if unit == "%" && !percent_sign && shares && n > 0.0 && n <= 1.0 {
        let pct = (n * 100.0 * 1e10).round() / 1e10;
        conversion = Some(format!("{s} read as a share: {} %", format_number(pct)));
        n = pct;
    }
    if n < 0.0 {
        return Err((format!("{what} cannot be negative ({s})"), None));
    }
    if unit == "%" && n > 100.0 {
        return Err((
            format!(
                "{what} is a percentage but the value is {}; percentages go from 0 to 100",
                format_number(n)
            ),
            None,
        ));
    }
    // A converted share has no written precision of its own.
    let decimals = if conversion.is_none() {
        written_decimals(s, mark)
    } else {
        None
    };
    Ok((SheetValue::Number(n, decimals), conversion))
}
