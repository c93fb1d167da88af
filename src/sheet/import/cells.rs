//! Reading one cell: a value (number in the sheet's decimal mark, yes/no, status) or a year.

use std::collections::HashMap;
use std::fmt;

use super::read::Table;
use super::units::{self, UnitFit};
use crate::diagnostics::did_you_mean;
use crate::model::catalog::{Catalog, DataPoint, Direction, Kpi};
use crate::model::city::Status;
use crate::model::number::{
    DecimalMark, ambiguous_separator, fits_separators, number_text, parse_number, written_decimals,
};
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
/// Looks at the rows without a unit cell, or (`unit_rows`) at those whose unit cell says "%".
pub(super) fn looks_like_shares(
    catalog: &Catalog,
    table: &Table,
    cols: &HashMap<Column, usize>,
    mark: DecimalMark,
    unit_rows: bool,
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
        let unit_cell = r.cell(col(Column::Unit));
        let counted = if unit_rows {
            units::fit(unit_cell, "%") == Some(UnitFit::Same) && !unit_cell.is_empty()
        } else {
            unit_cell.is_empty()
        };
        if &**unit != "%" || text.ends_with('%') || !counted {
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

/// How the numbers of a sheet are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Reading {
    /// The decimal mark (detected, or given by an option).
    pub(super) mark: DecimalMark,
    /// The thousands separator and decimal mark an option settled, if one did.
    pub(super) settled: Option<(char, char)>,
    /// Plain values between 0 and 1 on "%" KPIs without a unit cell are shares.
    pub(super) shares: bool,
    /// `--percent shares`: also values whose unit cell says "%".
    pub(super) forced_shares: bool,
}

/// What the user can do about a skipped row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowFix {
    /// Correct the row in the sheet.
    CorrectRow,
    /// The likely intended text ("did you mean").
    DidYouMean(String),
    /// Say how the whole sheet writes numbers (`--decimal-comma` or `--thousands-comma`).
    NumberStyle,
}

impl From<Option<String>> for RowFix {
    fn from(suggestion: Option<String>) -> Self {
        suggestion.map_or(RowFix::CorrectRow, RowFix::DidYouMean)
    }
}

/// Why a value cell is refused: the column at fault, the reason, and the likely intended text.
type ValueError = (Column, String, RowFix);
type ValueResult = Result<(SheetValue, Option<String>), ValueError>;

/// Reads one value cell (with the row's unit cell, empty if none) the way the city loader
/// would accept it.
pub(super) fn parse_value(
    kpi: &Kpi,
    point: Option<&DataPoint>,
    text: &str,
    unit_cell: &str,
    how: &Reading,
) -> ValueResult {
    let (unit, dir) = point.map_or((&*kpi.unit, kpi.direction), |d| (&*d.unit, d.direction));
    let what = match point {
        Some(d) => format!("{} ({})", kpi.id, d.key),
        None => kpi.id.clone(),
    };
    let s = text.trim();
    let refuse = |reason: String| Err((Column::Value, reason, RowFix::CorrectRow));
    let refuse_style = |reason: String| Err((Column::Value, reason, RowFix::NumberStyle));
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
                Column::Value,
                format!("{what} is a yes/no KPI; \"{s}\" is neither yes nor no"),
                statuses().into(),
            )),
        };
    }
    if yes_no.is_some() {
        return refuse(format!(
            "{what} is measured in {unit}, not yes/no; \"{s}\" is not a number"
        ));
    }
    let percent_sign = s.ends_with('%');
    let Some(plain) = number_text(s, how.mark).filter(|_| parse_number(s, how.mark).is_some())
    else {
        return Err(match statuses() {
            Some(m) => (
                Column::Value,
                format!("unknown status \"{s}\""),
                RowFix::DidYouMean(m),
            ),
            None => (
                Column::Value,
                format!("\"{s}\" is not a number (nor yes/no or a status such as not-reported)"),
                RowFix::CorrectRow,
            ),
        });
    };
    match how.settled {
        Some((thousands, decimal)) if !fits_separators(s, thousands, decimal) => {
            return refuse_style(format!(
                "\"{s}\" does not fit {}",
                if decimal == ',' {
                    "--decimal-comma (points may only group thousands, as in 1.234,5)"
                } else {
                    "--thousands-comma (commas may only group thousands, as in 1,234.5)"
                }
            ));
        }
        None if ambiguous_separator(s, how.mark) => return refuse_style(ambiguous(s)),
        _ => {}
    }
    if percent_sign && !unit.contains('%') {
        return refuse(format!(
            "\"{s}\" has a percent sign, but {what} is measured in {unit}"
        ));
    }
    let (shift, conversion) = unit_shift(s, unit, &what, unit_cell.trim(), how, &plain)?;
    let shifted = match shift {
        0 => plain,
        by => units::shift_decimal(&plain, by).ok_or_else(|| {
            (
                Column::Value,
                format!("\"{s}\" cannot be converted exactly; write it as a plain number"),
                RowFix::CorrectRow,
            )
        })?,
    };
    let n = shifted.parse::<f64>().unwrap_or(f64::NAN);
    if !n.is_finite() {
        return refuse(format!("\"{s}\" is not a number"));
    }
    if n < 0.0 {
        return refuse(format!("{what} cannot be negative ({s})"));
    }
    if unit == "%" && n > 100.0 {
        return refuse(format!(
            "{what} is a percentage but the value is {}; percentages go from 0 to 100",
            format_number(n)
        ));
    }
    let decimals = written_decimals(&shifted, DecimalMark::Point);
    let conversion = conversion.map(|c| c.replace("{}", &units::grouped(&shifted)));
    Ok((SheetValue::Number(n, decimals), conversion))
}

/// By which power of ten the value is shifted into the catalog's unit, and the report line
/// for it (`{}` stands for the converted number); an error when the unit cell names a unit
/// that does not convert.
fn unit_shift(
    s: &str,
    unit: &str,
    what: &str,
    unit_cell: &str,
    how: &Reading,
    plain: &str,
) -> Result<(i32, Option<String>), ValueError> {
    let between_0_and_1 = plain.parse::<f64>().is_ok_and(|n| n > 0.0 && n <= 1.0);
    let percent_kpi = unit == "%" || unit.starts_with("% of");
    if unit_cell.is_empty() {
        if unit == "%" && !s.ends_with('%') && how.shares && between_0_and_1 {
            return Ok((2, Some(format!("{s} read as a share: {{}} %"))));
        }
        return Ok((0, None));
    }
    match units::fit(unit_cell, unit) {
        None => Err((
            Column::Unit,
            format!(
                "the unit \"{unit_cell}\" is not {unit}, the unit of {what}, and does not convert to it; write the value in {unit} (or leave the unit cell empty)"
            ),
            RowFix::CorrectRow,
        )),
        Some(UnitFit::Same) => {
            if percent_kpi && how.forced_shares && !s.ends_with('%') && between_0_and_1 {
                Ok((
                    2,
                    Some(format!("{s} read as a share (--percent shares): {{}} %")),
                ))
            } else {
                Ok((0, None))
            }
        }
        Some(UnitFit::Shift(_)) if s.ends_with('%') && units::is_share(unit_cell) => Err((
            Column::Unit,
            format!(
                "\"{s}\" has a percent sign, but the unit cell says \"{unit_cell}\" (a share between 0 and 1)"
            ),
            RowFix::CorrectRow,
        )),
        Some(UnitFit::Shift(by)) => Ok((by, Some(format!("{s} {unit_cell} → {{}} {unit}")))),
    }
}

/// The refusal of a number whose separator could be read two ways, naming both readings and
/// the options that settle it.
fn ambiguous(s: &str) -> String {
    let read = |mark| parse_number(s, mark).map_or_else(String::new, format_number);
    format!(
        "\"{s}\" could be {} or {}; say how the sheet writes numbers: --decimal-comma reads it as {}, --thousands-comma as {} (for the whole sheet)",
        read(DecimalMark::Comma),
        read(DecimalMark::Point),
        read(DecimalMark::Comma),
        read(DecimalMark::Point),
    )
}
