//! Planning an import: every row checked against the catalog and marked imported or skipped.

use std::collections::HashMap;

use super::cells::{
    Reading, RowFix, SheetValue, decimal_mark, looks_like_shares, parse_value, parse_year,
};
use super::columns::map_columns;
use super::error::ImportError;
use super::read::Table;
use super::units;
use crate::diagnostics::did_you_mean;
use crate::model::catalog::{Catalog, DataPoint, Kpi, slugify};
use crate::model::city::Status;
use crate::model::number::DecimalMark;
use crate::sheet::Column;

/// How values between 0 and 1 on KPIs measured in "%" are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PercentPolicy {
    /// As shares (×100) when every plain value on a "%" KPI in the sheet lies between 0 and 1
    /// (a sheet whose cells are formatted as percentages); otherwise as written.
    #[default]
    Auto,
    /// Always as shares: 0.45 is read as 45 %.
    Shares,
    /// Always as written: 0.45 is read as 0.45 %.
    AsWritten,
}

/// How a sheet writes thousands and decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NumberStyle {
    /// Decided per sheet (a comma is a decimal mark when some value has a comma decimal part
    /// and none a point one); a number that could be read both ways ("811,570") is refused.
    #[default]
    Auto,
    /// `--decimal-comma`: "811,570" is 811.57, points group thousands ("1.234,5").
    DecimalComma,
    /// `--thousands-comma`: "811,570" is 811570, the point is the decimal mark ("1,234.5").
    ThousandsComma,
}

/// Everything that decides how a sheet's cells are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ImportOptions {
    /// How values between 0 and 1 on "%" KPIs are read.
    pub percent: PercentPolicy,
    /// How thousands and decimals are written.
    pub numbers: NumberStyle,
}

/// What happens to one row of the sheet.
#[derive(Debug, Clone, PartialEq)]
pub enum PlanRow {
    /// The row's value is imported.
    Imported {
        /// Row number in the sheet.
        row: usize,
        /// Official KPI code (`EN: EN: WS: 2C`).
        code: String,
        /// Data point key, for KPIs reported per data point.
        point: Option<String>,
        /// The value.
        value: SheetValue,
        /// Year, when the sheet gives one (else the evaluation's data year applies).
        year: Option<i32>,
        /// Source text as written in the sheet.
        source: Option<String>,
        /// Note.
        note: Option<String>,
        /// How the value was converted (a share read as a percentage, a unit converted, a data
        /// point recognised by its unit), if it was.
        conversion: Option<String>,
    },
    /// The row is left out.
    Skipped {
        /// Row number in the sheet.
        row: usize,
        /// Header of the offending column, when one cell is at fault.
        column: Option<String>,
        /// Why.
        reason: String,
        /// What the user can do about it.
        fix: RowFix,
    },
}

impl PlanRow {
    /// The sheet row number.
    pub fn row(&self) -> usize {
        match self {
            PlanRow::Imported { row, .. } | PlanRow::Skipped { row, .. } => *row,
        }
    }
}

/// The outcome of checking a sheet, row by row; nothing has been written yet.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportPlan {
    /// Every row that had a value, in sheet order.
    pub rows: Vec<PlanRow>,
    /// Rows with a code but an empty value cell (left out silently).
    pub empty_rows: usize,
    /// Which sheet header was used for each column.
    pub columns: Vec<(Column, String)>,
    /// Headers the importer does not use (name, unit, tier...).
    pub ignored_columns: Vec<String>,
    /// Whether values between 0 and 1 on "%" KPIs were read as shares.
    pub shares: bool,
    /// Remarks that do not skip a row (several sources for one KPI, duplicate headers).
    pub warnings: Vec<String>,
}

impl ImportPlan {
    /// Number of imported rows.
    pub fn imported(&self) -> usize {
        self.rows
            .iter()
            .filter(|r| matches!(r, PlanRow::Imported { .. }))
            .count()
    }

    /// The skipped rows.
    pub fn skipped(&self) -> impl Iterator<Item = &PlanRow> {
        self.rows
            .iter()
            .filter(|r| matches!(r, PlanRow::Skipped { .. }))
    }

    /// Whether any row was skipped because of an error.
    pub fn has_errors(&self) -> bool {
        self.skipped().next().is_some()
    }

    /// Skips imported rows whose year is after `latest` (the city's evaluation: published year,
    /// or data year if later), as the city loader would reject them.
    pub fn reject_years_after(&mut self, latest: i32) {
        let column = self
            .columns
            .iter()
            .find(|(c, _)| *c == Column::Year)
            .map(|(_, h)| h.clone());
        for r in &mut self.rows {
            if let PlanRow::Imported {
                row, year: Some(y), ..
            } = r
                && *y > latest
            {
                *r = PlanRow::Skipped {
                    row: *row,
                    column: column.clone(),
                    reason: format!(
                        "year {y} is after the evaluation ({latest}); a value cannot describe a later year"
                    ),
                    fix: RowFix::CorrectRow,
                };
            }
        }
    }
}

/// What a KPI has received so far while planning.
enum Seen {
    Status(Status, usize),
    Values(Vec<(Option<String>, Option<i32>, usize)>),
}

/// Checks every row of a sheet against the catalog; reads and writes no file.
pub fn plan(
    catalog: &Catalog,
    table: &Table,
    percent: PercentPolicy,
) -> Result<ImportPlan, ImportError> {
    plan_with(
        catalog,
        table,
        ImportOptions {
            percent,
            ..ImportOptions::default()
        },
    )
}

/// Like [`plan`], with every reading option.
pub fn plan_with(
    catalog: &Catalog,
    table: &Table,
    options: ImportOptions,
) -> Result<ImportPlan, ImportError> {
    let mut out = ImportPlan::default();
    let mapped = map_columns(table)?;
    out.columns = mapped.named;
    out.ignored_columns = mapped.ignored;
    out.warnings = mapped.warnings;
    let cols = mapped.index;
    let col = |c: Column| cols.get(&c).copied();
    let header = |c: Column| col(c).map(|i| table.header[i].clone());
    let how = reading(catalog, table, &cols, options, &mut out);
    let mut seen: HashMap<usize, Seen> = HashMap::new();
    let mut sources: HashMap<usize, (String, usize)> = HashMap::new();
    for r in &table.rows {
        if r.is_blank() {
            continue;
        }
        let row = r.number;
        let code = r.cell(col(Column::Code));
        let text = r.cell(col(Column::Value));
        if text.is_empty() {
            out.empty_rows += 1;
            continue;
        }
        let skip = |column: Option<Column>, reason: String, fix: RowFix| PlanRow::Skipped {
            row,
            column: column.and_then(header),
            reason,
            fix,
        };
        if code.is_empty() {
            out.rows.push(skip(
                Some(Column::Code),
                format!("a value (\"{text}\") without a KPI code"),
                RowFix::CorrectRow,
            ));
            continue;
        }
        let Some(ki) = catalog.index_of(code) else {
            let sug = catalog.suggest(code);
            out.rows.push(skip(
                None,
                format!("unknown code {}", display_code(code)),
                sug.into(),
            ));
            continue;
        };
        let kpi = &catalog.kpis[ki];
        let point_text = r.cell(col(Column::DataPoint));
        let unit_cell = r.cell(col(Column::Unit));
        let (point, by_unit) = match row_point(kpi, point_text) {
            Ok(None) | Err((_, None)) if Status::parse(text).is_none() => {
                match (point_by_unit(kpi, unit_cell), row_point(kpi, point_text)) {
                    (Some(dp), _) => (Some(dp), Some(dp)),
                    (None, Ok(p)) => (p, None),
                    (None, Err((reason, sug))) => {
                        out.rows
                            .push(skip(Some(Column::DataPoint), reason, sug.into()));
                        continue;
                    }
                }
            }
            Ok(p) => (p, None),
            Err((reason, sug)) => {
                out.rows
                    .push(skip(Some(Column::DataPoint), reason, sug.into()));
                continue;
            }
        };
        let year = match row_year(r.cell(col(Column::Year))) {
            Ok(y) => y,
            Err(reason) => {
                out.rows
                    .push(skip(Some(Column::Year), reason, RowFix::CorrectRow));
                continue;
            }
        };
        let (value, conversion) = match parse_value(kpi, point, text, unit_cell, &how) {
            Ok(v) => v,
            Err((column, reason, sug)) => {
                out.rows.push(skip(Some(column), reason, sug));
                continue;
            }
        };
        let conversion = match by_unit {
            Some(dp) => Some(taken_by_unit(dp, point_text, unit_cell, conversion)),
            None => conversion,
        };
        // A status stands for the whole KPI, even when written on a data point's row.
        let point = match value {
            SheetValue::Status(_) => None,
            _ => point,
        };
        if point.is_none() && !kpi.data_points.is_empty() && !matches!(value, SheetValue::Status(_))
        {
            out.rows.push(skip(
                Some(Column::DataPoint),
                format!(
                    "{} is reported per data point; give one of {} in the data point column",
                    kpi.id,
                    point_list(kpi)
                ),
                RowFix::CorrectRow,
            ));
            continue;
        }
        let key = point.map(|d| d.key.to_string());
        if let Some(reason) = conflict(&mut seen, ki, kpi, &value, &key, year, row) {
            out.rows.push(skip(None, reason, RowFix::CorrectRow));
            continue;
        }
        let source = Some(r.cell(col(Column::Source)).to_string()).filter(|s| !s.is_empty());
        if let Some(s) = &source {
            match sources.get(&ki) {
                Some((first, first_row)) if !first.eq_ignore_ascii_case(s) => {
                    out.warnings.push(format!(
                        "row {row}: {} has the source \"{s}\" but row {first_row} gave \"{first}\"; a KPI has one source, so \"{first}\" is used",
                        kpi.id
                    ));
                }
                Some(_) => {}
                None => {
                    sources.insert(ki, (s.clone(), row));
                }
            }
        }
        let note = Some(r.cell(col(Column::Note)).to_string()).filter(|s| !s.is_empty());
        out.rows.push(PlanRow::Imported {
            row,
            code: kpi.code.clone(),
            point: key,
            value,
            year,
            source,
            note,
            conversion,
        });
    }
    Ok(out)
}

/// The data point a row names (`None` for an empty cell), or why the row is skipped and the
/// likely intended key.
fn row_point<'k>(
    kpi: &'k Kpi,
    point_text: &str,
) -> Result<Option<&'k DataPoint>, (String, Option<String>)> {
    if point_text.is_empty() {
        return Ok(None);
    }
    if kpi.data_points.is_empty() {
        return Err((
            format!(
                "{} has no data points, but the row names \"{point_text}\"",
                kpi.id
            ),
            None,
        ));
    }
    match kpi.data_point(point_text) {
        Some(dp) => Ok(Some(dp)),
        None => {
            let sug = did_you_mean(
                &slugify(point_text),
                kpi.data_points.iter().map(|d| &*d.key),
            )
            .map(str::to_string);
            Err((
                format!(
                    "{} has no data point \"{point_text}\" (its data points: {})",
                    kpi.id,
                    point_list(kpi)
                ),
                sug,
            ))
        }
    }
}

/// How the sheet's numbers are read: the decimal mark (an option's, or the sheet's), and
/// whether values between 0 and 1 on "%" KPIs are shares (sets `out.shares`, and warns when
/// only the unit cells kept a sheet of shares from being read as such).
fn reading(
    catalog: &Catalog,
    table: &Table,
    cols: &HashMap<Column, usize>,
    options: ImportOptions,
    out: &mut ImportPlan,
) -> Reading {
    let (mark, settled) = match options.numbers {
        NumberStyle::Auto => (decimal_mark(table, cols.get(&Column::Value).copied()), None),
        NumberStyle::DecimalComma => (DecimalMark::Comma, Some(('.', ','))),
        NumberStyle::ThousandsComma => (DecimalMark::Point, Some((',', '.'))),
    };
    out.shares = match options.percent {
        PercentPolicy::Shares => true,
        PercentPolicy::AsWritten => false,
        PercentPolicy::Auto => looks_like_shares(catalog, table, cols, mark, false),
    };
    if options.percent == PercentPolicy::Auto && looks_like_shares(catalog, table, cols, mark, true)
    {
        out.warnings.push(
            "every value whose unit cell says \"%\" lies between 0 and 1; they were read as percentages (0.45 is 0.45 %); if they are shares, import with --percent shares or write \"share\" in the unit cells".into(),
        );
    }
    Reading {
        mark,
        settled,
        shares: out.shares,
        forced_shares: options.percent == PercentPolicy::Shares,
    }
}

/// The one data point of a KPI whose unit the row's unit cell names (Open Data: "data sets"
/// is the count, "%" the share); `None` when no data point, or several, fit.
fn point_by_unit<'k>(kpi: &'k Kpi, unit_cell: &str) -> Option<&'k DataPoint> {
    if unit_cell.is_empty() {
        return None;
    }
    let mut fitting = kpi
        .data_points
        .iter()
        .filter(|d| units::fit(unit_cell, &d.unit).is_some());
    let first = fitting.next()?;
    fitting.next().is_none().then_some(first)
}

/// The report line of a data point recognised by its unit, before the value's own conversion.
fn taken_by_unit(
    dp: &DataPoint,
    point_text: &str,
    unit_cell: &str,
    conversion: Option<String>,
) -> String {
    let named = if point_text.is_empty() {
        "no data point".to_string()
    } else {
        format!("the data point \"{point_text}\"")
    };
    let taken = format!(
        "{named}, so the unit \"{unit_cell}\" decides: data point {}",
        dp.key
    );
    conversion.map_or(taken.clone(), |c| format!("{taken}; {c}"))
}

/// The year a row gives (`None` for an empty cell), or why the row is skipped.
fn row_year(year_text: &str) -> Result<Option<i32>, String> {
    if year_text.is_empty() {
        return Ok(None);
    }
    parse_year(year_text)
        .map(Some)
        .ok_or_else(|| format!("\"{year_text}\" is not a year between 1950 and 2100"))
}

/// Checks a new row against what the KPI already received; returns why it is skipped.
fn conflict(
    seen: &mut HashMap<usize, Seen>,
    ki: usize,
    kpi: &Kpi,
    value: &SheetValue,
    point: &Option<String>,
    year: Option<i32>,
    row: usize,
) -> Option<String> {
    match (seen.get_mut(&ki), value) {
        (None, SheetValue::Status(st)) => {
            seen.insert(ki, Seen::Status(*st, row));
            None
        }
        (None, _) => {
            seen.insert(ki, Seen::Values(vec![(point.clone(), year, row)]));
            None
        }
        (Some(Seen::Status(st, _)), SheetValue::Status(s)) if st == s => None,
        (Some(Seen::Status(st, first)), _) => Some(format!(
            "{} already has the status {} (row {first}); give either a status or values",
            kpi.id,
            st.as_str()
        )),
        (Some(Seen::Values(v)), SheetValue::Status(_)) => Some(format!(
            "{} already has a value (row {}); give either a status or values",
            kpi.id, v[0].2
        )),
        (Some(Seen::Values(v)), _) => {
            let what = match point {
                Some(p) => format!("{} ({p})", kpi.id),
                None => kpi.id.clone(),
            };
            for (p, y, r) in v.iter() {
                if p != point {
                    continue;
                }
                if *y == year {
                    return Some(match year {
                        Some(y) => format!("{what} for {y} is given twice (also row {r})"),
                        None => format!("{what} is given twice (also row {r})"),
                    });
                }
                if y.is_none() || year.is_none() {
                    return Some(format!(
                        "{what} has values in several rows (also row {r}); give the year in each of them"
                    ));
                }
            }
            v.push((point.clone(), year, row));
            None
        }
    }
}

fn point_list(kpi: &Kpi) -> String {
    kpi.data_points
        .iter()
        .map(|d| &*d.key)
        .collect::<Vec<_>>()
        .join(", ")
}

/// An unknown code as the user wrote it (spaces collapsed), so that it reads like the
/// suggestion beside it, which comes in the same style, and can be found in the sheet.
fn display_code(code: &str) -> String {
    code.split_whitespace().collect::<Vec<_>>().join(" ")
}
