//! Writes collection sheets: a blank template, or a city's values, as CSV or XLSX.

use std::io::Write;
use std::path::Path;

use rust_xlsxwriter::{Format, FormatAlign, Workbook, XlsxError};

use super::{HEADERS, Row};
use crate::diagnostics::{Diagnostic, SourceFile};
use crate::model::catalog::{Catalog, Kpi, Tier};
use crate::model::city::{Answer, City, Observation, ValueData};

/// Why a sheet could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Writing CSV failed.
    #[error("cannot write the CSV sheet: {0}")]
    Csv(#[from] csv::Error),
    /// Writing XLSX failed.
    #[error("cannot write the XLSX sheet: {0}")]
    Xlsx(#[from] XlsxError),
    /// Writing the output failed.
    #[error("cannot write the sheet: {0}")]
    Io(#[from] std::io::Error),
}

impl ExportError {
    /// The error as a diagnostic naming the output file (`None`: standard output).
    pub fn diagnostic(&self, output: Option<&Path>) -> Diagnostic {
        let d = Diagnostic::error(self.to_string());
        match output {
            Some(p) => d
                .in_file(&SourceFile::new(p, ""))
                .help("check that the folder exists and can be written to"),
            None => d,
        }
    }
}

/// A blank collection sheet: one row per KPI, or per data point, in catalog order.
pub fn template(catalog: &Catalog) -> Vec<Row> {
    let mut rows = Vec::new();
    for kpi in &catalog.kpis {
        if kpi.data_points.is_empty() {
            rows.push(blank(kpi, None));
        } else {
            for dp in &kpi.data_points {
                rows.push(blank(kpi, Some(&dp.key)));
            }
        }
    }
    rows
}

/// A sheet filled with a city's values: the template's rows, with one row per year of a series
/// and a single row (no data point) for a status.
pub fn city(catalog: &Catalog, city: &City) -> Vec<Row> {
    let mut rows = Vec::new();
    for (ki, kpi) in catalog.kpis.iter().enumerate() {
        let Some(v) = city.value(ki) else {
            rows.extend(template_rows(kpi));
            continue;
        };
        let filled = |point: Option<&str>, value: String, year: Option<i32>| Row {
            value,
            year: year.map(|y| y.to_string()).unwrap_or_default(),
            source: v.source.as_deref().unwrap_or_default().to_string(),
            note: v.note().unwrap_or_default().to_string(),
            ..blank(kpi, point)
        };
        match &v.data {
            ValueData::Status { status } => {
                rows.push(filled(None, status.as_str().to_string(), None));
            }
            ValueData::Single { reading } => {
                for (year, obs) in &reading.years {
                    rows.push(filled(None, answer_text(obs), Some(*year)));
                }
            }
            ValueData::Points { points } => {
                for dp in &kpi.data_points {
                    match points.get(&dp.key) {
                        Some(reading) => {
                            for (year, obs) in &reading.years {
                                rows.push(filled(Some(&dp.key), answer_text(obs), Some(*year)));
                            }
                        }
                        None => rows.push(blank(kpi, Some(&dp.key))),
                    }
                }
            }
        }
    }
    rows
}

fn template_rows(kpi: &Kpi) -> Vec<Row> {
    if kpi.data_points.is_empty() {
        vec![blank(kpi, None)]
    } else {
        kpi.data_points
            .iter()
            .map(|dp| blank(kpi, Some(&dp.key)))
            .collect()
    }
}

fn blank(kpi: &Kpi, point: Option<&str>) -> Row {
    let unit = point
        .and_then(|p| kpi.data_point(p))
        .map_or(&*kpi.unit, |d| &*d.unit);
    Row {
        code: kpi.code.clone(),
        name: kpi.name.clone(),
        data_point: point.unwrap_or_default().to_string(),
        unit: unit.to_string(),
        tier: match kpi.tier {
            Tier::Core => "core",
            Tier::Advanced => "advanced",
        }
        .to_string(),
        formula: kpi.formula(),
        ..Row::default()
    }
}

fn answer_text(obs: &Observation) -> String {
    match obs.answer {
        // With the decimals the value was written with, so "97.00" survives a round trip.
        Answer::Number(n) => match obs.decimals {
            Some(d) => format!("{n:.prec$}", prec = usize::from(d)),
            None => format_number(n),
        },
        Answer::YesNo(true) => "yes".into(),
        Answer::YesNo(false) => "no".into(),
    }
}

/// Shortest text that reads back as the same number (`100`, `86.26`).
pub(crate) fn format_number(n: f64) -> String {
    format!("{n}")
}

/// Writes rows as CSV (comma-separated, UTF-8, header first).
pub fn write_csv(rows: &[Row], out: &mut impl Write) -> Result<(), ExportError> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(HEADERS)?;
    for r in rows {
        w.write_record(r.cells())?;
    }
    w.flush()?;
    Ok(())
}

/// Writes rows as an XLSX workbook at `path`.
pub fn write_xlsx(rows: &[Row], path: &Path) -> Result<(), ExportError> {
    workbook(rows)?.save(path)?;
    Ok(())
}

/// The XLSX workbook as bytes (for writing to standard output).
pub fn xlsx_bytes(rows: &[Row]) -> Result<Vec<u8>, ExportError> {
    Ok(workbook(rows)?.save_to_buffer()?)
}

/// Column widths in characters, in the order of [`HEADERS`].
const WIDTHS: [f64; 10] = [16.0, 48.0, 16.0, 18.0, 9.0, 48.0, 14.0, 7.0, 18.0, 40.0];

fn workbook(rows: &[Row]) -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("KPIs")?;
    let bold = Format::new().set_bold();
    let text = Format::new().set_num_format("@");
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    for (c, h) in HEADERS.iter().enumerate() {
        let c = c as u16;
        ws.write_string_with_format(0, c, *h, &bold)?;
        ws.set_column_width(c, WIDTHS[c as usize])?;
    }
    // The code column is text, so spreadsheets never reinterpret a code.
    ws.set_column_format(0, &text)?;
    for (i, r) in rows.iter().enumerate() {
        let row = (i + 1) as u32;
        for (c, cell) in r.cells().into_iter().enumerate() {
            let c = c as u16;
            if cell.is_empty() {
                continue;
            }
            match c {
                0 => {
                    ws.write_string_with_format(row, c, cell, &text)?;
                }
                1 | 5 | 9 => {
                    ws.write_string_with_format(row, c, cell, &wrap)?;
                }
                6 | 7 => match plain_number(cell) {
                    // A cell shows the decimals the value was written with ("97.00"). The
                    // spreadsheet stores only the number, so an import of the XLSX file
                    // cannot tell them apart from "97" (CSV keeps them).
                    Some(n) => match cell.split_once('.').map(|(_, f)| f.len()) {
                        Some(d) if d > 0 => {
                            let f = Format::new().set_num_format(format!("0.{}", "0".repeat(d)));
                            ws.write_number_with_format(row, c, n, &f)?;
                        }
                        _ => {
                            ws.write_number(row, c, n)?;
                        }
                    },
                    None => {
                        ws.write_string(row, c, cell)?;
                    }
                },
                _ => {
                    ws.write_string(row, c, cell)?;
                }
            }
        }
    }
    ws.set_freeze_panes(1, 0)?;
    let last = rows.len() as u32;
    ws.autofilter(0, 0, last.max(1), (HEADERS.len() - 1) as u16)?;
    Ok(wb)
}

/// A number written the way Rust prints one (no separators, no percent sign).
fn plain_number(s: &str) -> Option<f64> {
    if s.chars()
        .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
    {
        s.parse::<f64>().ok().filter(|n| n.is_finite())
    } else {
        None
    }
}
