//! Reading a sheet: the cells of a CSV, XLSX or ODS file as text, and its header row.

use std::path::Path;

use calamine::{Data, Reader};

use super::error::ImportError;
use crate::sheet::Column;
use crate::sheet::export::format_number;

/// The cells of a sheet as text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    /// Header cells.
    pub header: Vec<String>,
    /// 1-based row number of the header.
    pub header_row: usize,
    /// Rows below the header (blank rows left out).
    pub rows: Vec<TableRow>,
}

/// One row of a sheet.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableRow {
    /// 1-based row number as a spreadsheet program shows it.
    pub number: usize,
    /// Cells as text, trimmed of nothing.
    pub cells: Vec<String>,
}

impl TableRow {
    pub(super) fn cell(&self, i: Option<usize>) -> &str {
        i.and_then(|i| self.cells.get(i)).map_or("", |s| s.trim())
    }

    pub(super) fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.trim().is_empty())
    }
}

/// Reads the first sheet of a `.csv`, `.xlsx` (also `.xlsm`, `.xls`, `.xlsb`) or `.ods` file.
pub fn read(path: &Path) -> Result<Table, ImportError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("csv" | "tsv" | "txt") => {
            let bytes = std::fs::read(path).map_err(|source| ImportError::Io {
                path: path.to_path_buf(),
                source,
            })?;
            parse_csv(&decode_text(&bytes))
        }
        Some("xlsx" | "xlsm" | "xls" | "xlsb" | "ods") => read_spreadsheet(path),
        _ => Err(ImportError::UnsupportedFormat {
            path: path.to_path_buf(),
        }),
    }
}

/// Parses CSV text; the delimiter (`,`, `;` or tab) is the one the header line uses most.
pub fn parse_csv(text: &str) -> Result<Table, ImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let delimiter = detect_delimiter(first);
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let bytes = text.as_bytes();
    let mut rows = Vec::new();
    // Spreadsheet row = text line of the record's first character, less the line breaks inside
    // quoted cells of earlier records (a spreadsheet shows those within one row).
    let (mut counted_to, mut line, mut inner_breaks) = (0usize, 1usize, 0usize);
    for rec in rdr.records() {
        let rec = rec?;
        let mut start = rec.position().map_or(counted_to, |p| p.byte() as usize);
        while matches!(bytes.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        let start = start.clamp(counted_to, bytes.len());
        line += bytes[counted_to..start]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        counted_to = start;
        let cells: Vec<String> = rec.iter().map(str::to_string).collect();
        rows.push(TableRow {
            number: line - inner_breaks,
            cells,
        });
        inner_breaks += rec.iter().map(|c| c.matches('\n').count()).sum::<usize>();
    }
    table_from_rows(rows)
}

pub(super) fn detect_delimiter(line: &str) -> u8 {
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            _ if quoted => {}
            ',' => counts[0].1 += 1,
            ';' => counts[1].1 += 1,
            '\t' => counts[2].1 += 1,
            _ => {}
        }
    }
    counts
        .iter()
        .rev()
        .max_by_key(|(_, n)| *n)
        .filter(|(_, n)| *n > 0)
        .map_or(b',', |(d, _)| *d)
}

/// UTF-8 text, or Windows-1252 (what spreadsheet programs on Windows save as "CSV").
fn decode_text(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => bytes.iter().map(|&b| cp1252(b)).collect(),
    }
}

fn cp1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9f => HIGH[(b - 0x80) as usize],
        _ => b as char,
    }
}

fn read_spreadsheet(path: &Path) -> Result<Table, ImportError> {
    let err = |e: calamine::Error| ImportError::Spreadsheet {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    let mut wb = calamine::open_workbook_auto(path).map_err(err)?;
    let range = wb
        .worksheet_range_at(0)
        .ok_or(ImportError::Empty)?
        .map_err(err)?;
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let rows = range
        .rows()
        .enumerate()
        .map(|(i, row)| {
            let mut cells = vec![String::new(); c0 as usize];
            cells.extend(row.iter().map(cell_text));
            TableRow {
                number: r0 as usize + i + 1,
                cells,
            }
        })
        .collect();
    table_from_rows(rows)
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Float(f) => format_number(*f),
        Data::Int(i) => i.to_string(),
        Data::Bool(true) => "yes".into(),
        Data::Bool(false) => "no".into(),
        Data::DateTime(d) => format_number(d.as_f64()),
        Data::Error(e) => e.to_string(),
    }
}

/// Finds the header (the first row naming a code and a value column, within the first ten
/// non-blank rows; else the first non-blank row) and keeps the non-blank rows below it.
fn table_from_rows(rows: Vec<TableRow>) -> Result<Table, ImportError> {
    let filled: Vec<TableRow> = rows.into_iter().filter(|r| !r.is_blank()).collect();
    if filled.is_empty() {
        return Err(ImportError::Empty);
    }
    let names_both = |r: &TableRow| {
        let cols: Vec<Option<Column>> = r.cells.iter().map(|c| Column::from_header(c)).collect();
        cols.contains(&Some(Column::Code)) && cols.contains(&Some(Column::Value))
    };
    let h = filled.iter().take(10).position(names_both).unwrap_or(0);
    let mut it = filled.into_iter().skip(h);
    let header = it.next().ok_or(ImportError::Empty)?;
    Ok(Table {
        header: header.cells.iter().map(|c| c.trim().to_string()).collect(),
        header_row: header.number,
        rows: it.collect(),
    })
}
