//! Reads a filled collection sheet, checks it row by row, and writes the accepted values into a
//! city's `city.toml`.
//!
//! Three steps, so a caller can stop after any of them: [`read`] turns a CSV, XLSX or ODS file
//! into a [`Table`] of text cells; [`plan`] maps the columns by header name and checks every row
//! against the catalog, deciding per row whether it is imported or skipped (it reads and writes
//! nothing); [`apply`] writes the imported values into the text of a `city.toml` with `toml_edit`,
//! so comments and layout survive. [`report`] describes a plan in plain text.
//!
//! Sources: a value's source cell is matched against the city's `sources` (by id, then by title or
//! address, ignoring case). Text that matches none becomes a new source entry
//! `{ id = "<slug of the text>", title = "<text>" }` (plus `url` when the text is a web address),
//! so every value keeps a declared source.

use std::collections::{BTreeMap, HashMap};
use std::fmt::{self, Write as _};
use std::path::{Path, PathBuf};

use calamine::{Data, Reader};
use toml_edit::{Array, ArrayOfTables, DocumentMut, InlineTable, Item, Table as TomlTable, Value};

use super::Column;
use super::export::format_number;
use crate::content::city::Status;
use crate::diagnostics::did_you_mean;
use crate::kpi::catalog::{Catalog, DataPoint, Direction, Kpi, normalize_code, slugify};
use crate::model::number::{DecimalMark, parse_number, written_decimals};

/// Why a sheet could not be read or applied.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The CSV text is malformed.
    #[error("cannot read the CSV sheet: {0}")]
    Csv(#[from] csv::Error),
    /// The spreadsheet could not be opened.
    #[error("cannot read the spreadsheet {}: {message}", path.display())]
    Spreadsheet {
        /// The file.
        path: PathBuf,
        /// What calamine said.
        message: String,
    },
    /// The file is not a sheet format the importer reads.
    #[error("{}: not a sheet the importer reads; save it as .csv, .xlsx or .ods", path.display())]
    UnsupportedFormat {
        /// The file.
        path: PathBuf,
    },
    /// The first sheet has no rows.
    #[error("the sheet is empty")]
    Empty,
    /// A required column was not found.
    #[error("the sheet has no `{column}` column (headers found: {found}); {hint}")]
    MissingColumn {
        /// The column's English name.
        column: &'static str,
        /// The headers of the sheet, for the message.
        found: String,
        /// How to fix it.
        hint: String,
    },
    /// The city file is not valid TOML.
    #[error("city.toml is not valid TOML: {0}")]
    Toml(String),
    /// The city file has a key of an unexpected shape.
    #[error("city.toml: `{key}` must be {expected} to import values")]
    Layout {
        /// The key.
        key: &'static str,
        /// What it must be.
        expected: &'static str,
    },
}

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
    fn cell(&self, i: Option<usize>) -> &str {
        i.and_then(|i| self.cells.get(i)).map_or("", |s| s.trim())
    }

    fn is_blank(&self) -> bool {
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

fn detect_delimiter(line: &str) -> u8 {
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
        /// How the value was converted (a share read as a percentage), if it was.
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
        /// The likely intended text ("did you mean").
        suggestion: Option<String>,
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
                    suggestion: None,
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
    let mut out = ImportPlan::default();
    let cols = map_columns(table, &mut out)?;
    let col = |c: Column| cols.get(&c).copied();
    let header = |c: Column| col(c).map(|i| table.header[i].clone());
    let mark = decimal_mark(table, col(Column::Value));
    out.shares = match percent {
        PercentPolicy::Shares => true,
        PercentPolicy::AsWritten => false,
        PercentPolicy::Auto => looks_like_shares(catalog, table, &cols, mark),
    };
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
        let skip =
            |column: Option<Column>, reason: String, suggestion: Option<String>| PlanRow::Skipped {
                row,
                column: column.and_then(header),
                reason,
                suggestion,
            };
        if code.is_empty() {
            out.rows.push(skip(
                Some(Column::Code),
                format!("a value (\"{text}\") without a KPI code"),
                None,
            ));
            continue;
        }
        let Some(ki) = catalog.index_of(code) else {
            let id = normalize_code(code);
            let sug = did_you_mean(&id, catalog.ids()).map(str::to_string);
            out.rows.push(skip(
                None,
                format!("unknown code {}", display_code(code)),
                sug,
            ));
            continue;
        };
        let kpi = &catalog.kpis[ki];
        let point_text = r.cell(col(Column::DataPoint));
        let point: Option<&DataPoint> = if point_text.is_empty() {
            None
        } else if kpi.data_points.is_empty() {
            out.rows.push(skip(
                Some(Column::DataPoint),
                format!(
                    "{} has no data points, but the row names \"{point_text}\"",
                    kpi.id
                ),
                None,
            ));
            continue;
        } else {
            match kpi.data_point(point_text) {
                Some(dp) => Some(dp),
                None => {
                    let sug = did_you_mean(
                        &slugify(point_text),
                        kpi.data_points.iter().map(|d| d.key.as_str()),
                    )
                    .map(str::to_string);
                    out.rows.push(skip(
                        Some(Column::DataPoint),
                        format!(
                            "{} has no data point \"{point_text}\" (its data points: {})",
                            kpi.id,
                            point_list(kpi)
                        ),
                        sug,
                    ));
                    continue;
                }
            }
        };
        let year_text = r.cell(col(Column::Year));
        let year = if year_text.is_empty() {
            None
        } else {
            match parse_year(year_text) {
                Some(y) => Some(y),
                None => {
                    out.rows.push(skip(
                        Some(Column::Year),
                        format!("\"{year_text}\" is not a year between 1950 and 2100"),
                        None,
                    ));
                    continue;
                }
            }
        };
        let (value, conversion) = match parse_value(kpi, point, text, out.shares, mark) {
            Ok(v) => v,
            Err((reason, sug)) => {
                out.rows.push(skip(Some(Column::Value), reason, sug));
                continue;
            }
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
                None,
            ));
            continue;
        }
        let key = point.map(|d| d.key.clone());
        if let Some(reason) = conflict(&mut seen, ki, kpi, &value, &key, year, row) {
            out.rows.push(skip(None, reason, None));
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

/// Maps each known column to the header that names it best.
fn map_columns(table: &Table, out: &mut ImportPlan) -> Result<HashMap<Column, usize>, ImportError> {
    let mut best: HashMap<Column, (usize, usize)> = HashMap::new();
    for (i, h) in table.header.iter().enumerate() {
        let key = super::header_key(h);
        for c in Column::ALL {
            let Some(rank) = c.aliases().iter().position(|a| super::header_key(a) == key) else {
                continue;
            };
            match best.get(&c) {
                Some((r, j)) if *r <= rank => {
                    if *r == rank {
                        out.warnings.push(format!(
                            "two columns are headed \"{}\"; the first one is used",
                            table.header[*j]
                        ));
                    }
                }
                _ => {
                    best.insert(c, (rank, i));
                }
            }
        }
    }
    let cols: HashMap<Column, usize> = best.into_iter().map(|(c, (_, i))| (c, i)).collect();
    for c in Column::ALL {
        if let Some(&i) = cols.get(&c) {
            out.columns.push((c, table.header[i].clone()));
        }
    }
    out.ignored_columns = table
        .header
        .iter()
        .enumerate()
        .filter(|(i, h)| !h.is_empty() && !cols.values().any(|j| j == i))
        .map(|(_, h)| h.clone())
        .collect();
    for c in [Column::Code, Column::Value] {
        if !cols.contains_key(&c) {
            let found = table
                .header
                .iter()
                .filter(|h| !h.is_empty())
                .map(|h| format!("\"{h}\""))
                .collect::<Vec<_>>()
                .join(", ");
            let near = table.header.iter().find(|h| {
                did_you_mean(&super::header_key(h), c.aliases().iter().copied()).is_some()
            });
            let hint = match near {
                Some(h) => format!("did you mean \"{h}\"? Name the column \"{}\"", c.name()),
                None => format!("name the column \"{}\"", c.name()),
            };
            return Err(ImportError::MissingColumn {
                column: c.name(),
                found,
                hint,
            });
        }
    }
    Ok(cols)
}

/// The decimal mark of the sheet's value column (see [`DecimalMark::detect`]).
fn decimal_mark(table: &Table, value_col: Option<usize>) -> DecimalMark {
    DecimalMark::detect(table.rows.iter().map(|r| r.cell(value_col)))
}

/// Auto policy: every plain value on a "%" KPI lies in 0..=1 and at least one is strictly between.
fn looks_like_shares(
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

fn parse_year(s: &str) -> Option<i32> {
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
fn parse_value(
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
        .map(|d| d.key.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn display_code(code: &str) -> String {
    let id = normalize_code(code);
    if id.is_empty() { code.to_string() } else { id }
}

/// Plain-text account of a plan: counts, every skipped row with its reason, conversions.
pub fn report(plan: &ImportPlan) -> String {
    let mut s = String::new();
    let n = plan.imported();
    let skipped: Vec<&PlanRow> = plan.skipped().collect();
    let values = if n == 1 { "value" } else { "values" };
    if skipped.is_empty() {
        let _ = writeln!(s, "Imported {n} {values}.");
    } else {
        let rows = if skipped.len() == 1 { "row" } else { "rows" };
        let _ = writeln!(
            s,
            "Imported {n} {values}; skipped {} {rows}:",
            skipped.len()
        );
        for r in &skipped {
            if let PlanRow::Skipped {
                row,
                column,
                reason,
                suggestion,
            } = r
            {
                let _ = write!(s, "  row {row}");
                if let Some(c) = column {
                    let _ = write!(s, ", column {c}");
                }
                let _ = write!(s, ": {reason}");
                if let Some(m) = suggestion {
                    let _ = write!(s, " (did you mean {m}?)");
                }
                s.push('\n');
            }
        }
    }
    let conversions: Vec<String> = plan
        .rows
        .iter()
        .filter_map(|r| match r {
            PlanRow::Imported {
                row,
                code,
                point,
                conversion: Some(c),
                ..
            } => Some(match point {
                Some(p) => format!("  row {row}, {} ({p}): {c}", normalize_code(code)),
                None => format!("  row {row}, {}: {c}", normalize_code(code)),
            }),
            _ => None,
        })
        .collect();
    if !conversions.is_empty() {
        let _ = writeln!(
            s,
            "Percentages converted (values between 0 and 1 on KPIs measured in % were read as shares):"
        );
        for c in conversions {
            let _ = writeln!(s, "{c}");
        }
    }
    if plan.empty_rows > 0 {
        let rows = if plan.empty_rows == 1 {
            "row has"
        } else {
            "rows have"
        };
        let _ = writeln!(s, "{} {rows} no value and were left out.", plan.empty_rows);
    }
    for w in &plan.warnings {
        let _ = writeln!(s, "Note: {w}");
    }
    s
}

impl fmt::Display for ImportPlan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&report(self))
    }
}

/// One imported row, borrowed from the plan.
struct Entry<'a> {
    point: Option<&'a str>,
    value: SheetValue,
    year: Option<i32>,
    source: Option<&'a str>,
    note: Option<&'a str>,
}

/// What [`apply_summary`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Applied {
    /// The new text of `city.toml`.
    pub text: String,
    /// Official codes of KPIs that had no entry before.
    pub added: Vec<String>,
    /// Official codes of KPIs whose entry was replaced.
    pub replaced: Vec<String>,
    /// Official codes of KPIs whose entry already said the same (left untouched).
    pub unchanged: Vec<String>,
    /// Sources added to `sources`, as (id, title).
    pub new_sources: Vec<(String, String)>,
}

impl Applied {
    /// One line such as "3 KPIs added, 1 replaced, 11 unchanged; new source: x (Title)".
    pub fn summary(&self) -> String {
        let kpis = |n: usize| if n == 1 { "KPI" } else { "KPIs" };
        let mut s = format!(
            "{} {} added, {} replaced, {} unchanged",
            self.added.len(),
            kpis(self.added.len()),
            self.replaced.len(),
            self.unchanged.len()
        );
        if !self.new_sources.is_empty() {
            let list: Vec<String> = self
                .new_sources
                .iter()
                .map(|(id, title)| format!("`{id}` ({title})"))
                .collect();
            let word = if list.len() == 1 { "source" } else { "sources" };
            let _ = write!(s, "; new {word} {}", list.join(", "));
        }
        s
    }
}

/// Writes the plan's imported values into the text of a `city.toml` and returns the new text.
///
/// Each KPI becomes `"<code>" = { value = ..., year = ..., source = "...", note = "..." }` in
/// `[values]` (data points in one table, several years as `series`). See [`apply_summary`].
pub fn apply(city_toml_text: &str, plan: &ImportPlan) -> Result<String, ImportError> {
    apply_summary(city_toml_text, plan).map(|a| a.text)
}

/// Like [`apply`], and says which KPIs were added, replaced or left as they were.
///
/// An existing entry that already says what the sheet says (same values, and the same year,
/// source and note where the sheet gives them) is left untouched, with its `verified`, `band`,
/// `quality` and formatting. Any other existing entry is replaced in place: its comments and
/// `goal` are kept, `verified`, `band` and `quality` are dropped (they described the old
/// value). New KPIs are appended to `[values]`. Comments and layout elsewhere are kept.
pub fn apply_summary(city_toml_text: &str, plan: &ImportPlan) -> Result<Applied, ImportError> {
    let mut groups: Vec<(&str, Vec<Entry<'_>>)> = Vec::new();
    for r in &plan.rows {
        let PlanRow::Imported {
            code,
            point,
            value,
            year,
            source,
            note,
            ..
        } = r
        else {
            continue;
        };
        let e = Entry {
            point: point.as_deref(),
            value: *value,
            year: *year,
            source: source.as_deref(),
            note: note.as_deref(),
        };
        match groups.iter_mut().find(|(c, _)| *c == code.as_str()) {
            Some((_, v)) => v.push(e),
            None => groups.push((code.as_str(), vec![e])),
        }
    }
    let mut out = Applied {
        text: city_toml_text.to_string(),
        ..Applied::default()
    };
    if groups.is_empty() {
        return Ok(out);
    }
    let mut doc: DocumentMut = city_toml_text
        .parse()
        .map_err(|e: toml_edit::TomlError| ImportError::Toml(e.to_string()))?;
    let mut sources = Sources::read(&doc)?;
    let entries: Vec<(&str, Value)> = groups
        .iter()
        .map(|(code, rows)| {
            let source = rows
                .iter()
                .find_map(|r| r.source)
                .map(|s| sources.resolve(s));
            (*code, kpi_value(rows, source))
        })
        .collect();
    sources.write_new(&mut doc)?;
    out.new_sources = sources
        .added
        .iter()
        .map(|(id, title, _)| (id.clone(), title.clone()))
        .collect();
    if !doc.contains_key("values") {
        doc.insert("values", Item::Table(TomlTable::new()));
    }
    // Comments after an empty `[values]` at the end of the file are kept above the new values.
    let trailing = doc.trailing().as_str().unwrap_or("").to_string();
    let lead = (values_is_empty_and_last(&doc) && !trailing.trim().is_empty()).then(|| {
        doc.set_trailing("");
        // A form with sections (blank lines) gets a blank line before the imported values.
        let gap = if trailing.trim().contains("\n\n") {
            "\n\n"
        } else {
            "\n"
        };
        trailing.trim_end().to_string() + gap
    });
    // Without a data year, values take the year the evaluation was published, so a value of
    // that year needs no `year` of its own either.
    let evaluation = doc.get("evaluation");
    let data_year = evaluation
        .and_then(|e| e.get("data_year"))
        .and_then(Item::as_integer)
        .or_else(|| {
            evaluation
                .and_then(|e| e.get("published"))
                .and_then(Item::as_str)
                .and_then(|p| p.get(..4)?.parse().ok())
        });
    let values = doc["values"]
        .as_table_like_mut()
        .ok_or(ImportError::Layout {
            key: "values",
            expected: "a table",
        })?;
    let first = entries.first().map(|(code, _)| *code);
    for (code, value) in entries {
        let id = normalize_code(code);
        let existing = values
            .iter()
            .map(|(k, _)| k.to_string())
            .find(|k| normalize_code(k) == id);
        match existing.and_then(|k| values.get_mut(&k)) {
            Some(item) if unchanged(item, &value, data_year) => {
                out.unchanged.push(code.to_string())
            }
            Some(item) => {
                let mut value = value;
                if let Some(old) = item.as_value() {
                    *value.decor_mut() = old.decor().clone();
                }
                let goal = item
                    .as_table_like()
                    .and_then(|t| t.get("goal"))
                    .and_then(|g| g.as_value())
                    .cloned();
                if let (Some(goal), Some(t)) = (goal, value.as_inline_table_mut()) {
                    t.insert("goal", goal);
                }
                *item = Item::Value(value);
                out.replaced.push(code.to_string());
            }
            None => {
                values.insert(code, Item::Value(value));
                out.added.push(code.to_string());
            }
        }
    }
    if let (Some(lead), Some(code)) = (lead, first)
        && let Some(mut k) = values.key_mut(code)
    {
        k.leaf_decor_mut().set_prefix(lead);
    }
    out.text = doc.to_string();
    Ok(out)
}

/// A TOML value reduced for comparison: numbers as `f64`, statuses and yes/no canonical.
#[derive(Debug, Clone, PartialEq)]
enum Norm {
    Num(f64),
    Text(String),
    Table(BTreeMap<String, Norm>),
    Other,
}

fn norm_value(v: &Value) -> Norm {
    match v {
        Value::Integer(i) => Norm::Num(*i.value() as f64),
        Value::Float(f) => Norm::Num(*f.value()),
        Value::String(s) => {
            let s = s.value();
            Norm::Text(
                Status::parse(s).map_or_else(|| s.trim().to_lowercase(), |st| st.as_str().into()),
            )
        }
        Value::Boolean(b) => Norm::Text(if *b.value() { "yes" } else { "no" }.into()),
        Value::InlineTable(t) => Norm::Table(
            t.iter()
                .map(|(k, v)| (k.to_string(), norm_value(v)))
                .collect(),
        ),
        _ => Norm::Other,
    }
}

/// A `[values]` entry as a table of normalised keys (`98.98` becomes `{ value = 98.98 }`).
fn norm_entry(item: &Item) -> Option<BTreeMap<String, Norm>> {
    let n = match item {
        Item::Value(v) => norm_value(v),
        Item::Table(t) => Norm::Table(
            t.iter()
                .filter_map(|(k, i)| i.as_value().map(|v| (k.to_string(), norm_value(v))))
                .collect(),
        ),
        _ => Norm::Other,
    };
    match n {
        Norm::Table(t) => Some(t),
        Norm::Other => None,
        Norm::Text(s) if Status::parse(&s).is_some() => {
            Some(BTreeMap::from([("status".to_string(), Norm::Text(s))]))
        }
        other => Some(BTreeMap::from([("value".to_string(), other)])),
    }
}

/// Whether an existing entry already says what the new one says (`data_year` is the year of
/// an entry that names none).
fn unchanged(old: &Item, new: &Value, data_year: Option<i64>) -> bool {
    let (Some(mut old), Some(new)) = (norm_entry(old), norm_entry(&Item::Value(new.clone())))
    else {
        return false;
    };
    for k in ["verified", "quality", "band", "goal"] {
        old.remove(k);
    }
    if let Some(y) = data_year
        && !old.contains_key("year")
        && !old.contains_key("status")
    {
        old.insert("year".into(), Norm::Num(y as f64));
    }
    for k in ["year", "source", "note"] {
        if !new.contains_key(k) {
            old.remove(k);
        }
    }
    // A value given as numerator and denominator: the sheet holds the computed value, i.e. the
    // ratio times the KPI's multiplier (a power of ten).
    if let (Some(Norm::Num(n)), Some(Norm::Num(d)), Some(Norm::Num(v))) = (
        old.get("numerator"),
        old.get("denominator"),
        new.get("value"),
    ) {
        let (n, d, v) = (*n, *d, *v);
        if d != 0.0
            && [1.0, 100.0, 1000.0, 1e5, 1e6]
                .iter()
                .any(|m| (n / d * m - v).abs() <= 1e-9 * v.abs().max(1.0))
        {
            old.remove("numerator");
            old.remove("denominator");
            old.insert("value".into(), Norm::Num(v));
        }
    }
    // A data point written as { value = ..., note = "..." } matches the bare value.
    for (k, nv) in &new {
        if let Some(Norm::Table(pt)) = old.get(k)
            && !matches!(nv, Norm::Table(_))
            && pt.keys().all(|x| x == "value" || x == "note")
            && pt.get("value") == Some(nv)
        {
            old.insert(k.clone(), nv.clone());
        }
    }
    old == new
}

/// Whether `[values]` is a standard table without keys and the last table of the document.
fn values_is_empty_and_last(doc: &DocumentMut) -> bool {
    let Some(Item::Table(values)) = doc.get("values") else {
        return false;
    };
    if !values.is_empty() {
        return false;
    }
    let pos = values.position().unwrap_or(isize::MAX);
    doc.iter().all(|(k, item)| match item {
        Item::Table(t) => k == "values" || t.position().is_none_or(|p| p < pos),
        Item::ArrayOfTables(a) => a.iter().all(|t| t.position().is_none_or(|p| p < pos)),
        _ => true,
    })
}

/// A value with the year the sheet gives it.
type Observed = (Option<i32>, SheetValue);

/// The `[values]` entry for one KPI from its rows.
fn kpi_value(rows: &[Entry<'_>], source: Option<String>) -> Value {
    let mut notes: Vec<&str> = Vec::new();
    for n in rows.iter().filter_map(|r| r.note) {
        if !notes.contains(&n) {
            notes.push(n);
        }
    }
    let note = (!notes.is_empty()).then(|| notes.join("; "));
    let mut t = InlineTable::new();
    let mut year = None;
    if let Some(SheetValue::Status(st)) = rows
        .iter()
        .map(|r| r.value)
        .find(|v| matches!(v, SheetValue::Status(_)))
    {
        year = rows.iter().find_map(|r| r.year);
        if year.is_none() && source.is_none() && note.is_none() {
            return Value::from(st.as_str());
        }
        t.insert("status", Value::from(st.as_str()));
    } else if rows.iter().any(|r| r.point.is_some()) {
        let mut points: Vec<(&str, Vec<Observed>)> = Vec::new();
        for r in rows {
            let p = r.point.unwrap_or_default();
            match points.iter_mut().find(|(k, _)| *k == p) {
                Some((_, v)) => v.push((r.year, r.value)),
                None => points.push((p, vec![(r.year, r.value)])),
            }
        }
        let first = points[0].1[0].0;
        if first.is_some() && points.iter().all(|(_, v)| v.len() == 1 && v[0].0 == first) {
            year = first;
        }
        for (key, obs) in &points {
            let v = match obs.as_slice() {
                [(y, v)] if year.is_some() || y.is_none() => scalar(v),
                [(Some(y), v)] => {
                    let mut pt = InlineTable::new();
                    pt.insert("value", scalar(v));
                    pt.insert("year", Value::from(i64::from(*y)));
                    Value::InlineTable(pt)
                }
                _ => {
                    let mut pt = InlineTable::new();
                    pt.insert("series", series(obs));
                    Value::InlineTable(pt)
                }
            };
            t.insert(*key, v);
        }
    } else if rows.len() == 1 {
        t.insert("value", scalar(&rows[0].value));
        year = rows[0].year;
    } else {
        let obs: Vec<Observed> = rows.iter().map(|r| (r.year, r.value)).collect();
        t.insert("series", series(&obs));
    }
    if let Some(y) = year {
        t.insert("year", Value::from(i64::from(y)));
    }
    if let Some(s) = source {
        t.insert("source", Value::from(s));
    }
    if let Some(n) = note {
        t.insert("note", Value::from(n));
    }
    t.fmt();
    Value::InlineTable(t)
}

fn series(obs: &[Observed]) -> Value {
    let sorted: BTreeMap<i32, SheetValue> =
        obs.iter().filter_map(|(y, v)| y.map(|y| (y, *v))).collect();
    let mut s = InlineTable::new();
    for (y, v) in sorted {
        s.insert(y.to_string(), scalar(&v));
    }
    Value::InlineTable(s)
}

fn scalar(v: &SheetValue) -> Value {
    match v {
        // Written with the sheet's decimals, so "97.00" stays 97.00 in city.toml and on the
        // profile.
        SheetValue::Number(n, Some(d)) if *d > 0 => format!("{n:.prec$}", prec = usize::from(*d))
            .parse::<Value>()
            .unwrap_or_else(|_| Value::from(*n)),
        SheetValue::Number(n, _) if n.fract() == 0.0 && n.abs() < 9.0e15 => Value::from(*n as i64),
        SheetValue::Number(n, _) => Value::from(*n),
        SheetValue::YesNo(b) => Value::from(if *b { "yes" } else { "no" }),
        SheetValue::Status(s) => Value::from(s.as_str()),
    }
}

/// The city's declared sources, plus the ones an import adds.
struct Sources {
    known: Vec<(String, String, Option<String>)>,
    added: Vec<(String, String, Option<String>)>,
}

impl Sources {
    fn read(doc: &DocumentMut) -> Result<Self, ImportError> {
        let layout = ImportError::Layout {
            key: "sources",
            expected: "a list of { id = ..., title = ... } tables",
        };
        let field = |t: &dyn toml_edit::TableLike, k: &str| {
            t.get(k).and_then(|v| v.as_str()).map(str::to_string)
        };
        let mut known = Vec::new();
        let mut push = |t: &dyn toml_edit::TableLike| {
            if let Some(id) = field(t, "id") {
                known.push((id, field(t, "title").unwrap_or_default(), field(t, "url")));
            }
        };
        match doc.get("sources") {
            None => {}
            Some(Item::Value(Value::Array(a))) => {
                for v in a.iter() {
                    match v.as_inline_table() {
                        Some(t) => push(t),
                        None => return Err(layout),
                    }
                }
            }
            Some(Item::ArrayOfTables(a)) => {
                for t in a.iter() {
                    push(t);
                }
            }
            Some(_) => return Err(layout),
        }
        Ok(Sources {
            known,
            added: Vec::new(),
        })
    }

    /// The id for a source cell: a declared source it names, or a new one.
    fn resolve(&mut self, text: &str) -> String {
        let t = text.trim();
        let all = || self.known.iter().chain(self.added.iter());
        if let Some((id, _, _)) = all().find(|(id, _, _)| id == t) {
            return id.clone();
        }
        if let Some((id, _, _)) = all().find(|(id, title, url)| {
            id.eq_ignore_ascii_case(t)
                || title.trim().to_lowercase() == t.to_lowercase()
                || url.as_deref() == Some(t)
        }) {
            return id.clone();
        }
        let mut base = slugify(t);
        if base.len() > 40 {
            let cut = base[..40].rfind('-').unwrap_or(40);
            base.truncate(cut);
        }
        if base.is_empty() {
            base = "source".into();
        }
        let mut id = base.clone();
        let mut n = 2;
        while all().any(|(i, _, _)| *i == id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        let url = (t.starts_with("https://") || t.starts_with("http://")).then(|| t.to_string());
        self.added.push((id.clone(), t.to_string(), url));
        id
    }

    /// Adds the new sources to the document's `sources` list.
    fn write_new(&self, doc: &mut DocumentMut) -> Result<(), ImportError> {
        if self.added.is_empty() {
            return Ok(());
        }
        let inline = |(id, title, url): &(String, String, Option<String>)| {
            let mut t = InlineTable::new();
            t.insert("id", Value::from(id.as_str()));
            t.insert("title", Value::from(title.as_str()));
            if let Some(u) = url {
                t.insert("url", Value::from(u.as_str()));
            }
            t.fmt();
            t
        };
        match doc.get_mut("sources") {
            None => {
                let mut a = Array::new();
                for s in &self.added {
                    let mut v = Value::InlineTable(inline(s));
                    v.decor_mut().set_prefix("\n  ");
                    a.push_formatted(v);
                }
                a.set_trailing_comma(true);
                a.set_trailing("\n");
                doc.insert("sources", Item::Value(Value::Array(a)));
            }
            Some(Item::Value(Value::Array(a))) => {
                let multiline = a.trailing().as_str().is_some_and(|s| s.contains('\n'))
                    || a.iter().any(|v| {
                        v.decor()
                            .prefix()
                            .and_then(|p| p.as_str())
                            .is_some_and(|p| p.contains('\n'))
                    });
                let prefix = if multiline {
                    a.iter()
                        .last()
                        .and_then(|v| v.decor().prefix().and_then(|p| p.as_str()))
                        .filter(|p| p.contains('\n'))
                        .unwrap_or("\n  ")
                        .to_string()
                } else if a.is_empty() {
                    String::new()
                } else {
                    " ".to_string()
                };
                for s in &self.added {
                    let mut v = Value::InlineTable(inline(s));
                    v.decor_mut().set_prefix(prefix.clone());
                    v.decor_mut().set_suffix("");
                    a.push_formatted(v);
                }
                if multiline {
                    a.set_trailing_comma(true);
                }
            }
            Some(Item::ArrayOfTables(a)) => {
                let a: &mut ArrayOfTables = a;
                for (id, title, url) in &self.added {
                    let mut t = TomlTable::new();
                    t.insert("id", toml_edit::value(id.as_str()));
                    t.insert("title", toml_edit::value(title.as_str()));
                    if let Some(u) = url {
                        t.insert("url", toml_edit::value(u.as_str()));
                    }
                    a.push(t);
                }
            }
            Some(_) => {
                return Err(ImportError::Layout {
                    key: "sources",
                    expected: "a list of { id = ..., title = ... } tables",
                });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(csv: &str) -> Table {
        parse_csv(csv).unwrap()
    }

    #[test]
    fn delimiter_is_taken_from_the_header() {
        assert_eq!(detect_delimiter("code;value;\"a,b\""), b';');
        assert_eq!(detect_delimiter("code,value"), b',');
        assert_eq!(detect_delimiter("code\tvalue"), b'\t');
        let t = table("\u{feff}Code;Valeur\nEN-EN-WS-1C;98,5\n");
        assert_eq!(t.header, ["Code", "Valeur"]);
        assert_eq!(t.rows[0].cells, ["EN-EN-WS-1C", "98,5"]);
        assert_eq!(t.rows[0].number, 2);
    }

    #[test]
    fn row_numbers_follow_the_spreadsheet() {
        let t =
            table("code,value,note\nA,1,\"two\nlines\"\n\nB,2,x\r\n\r\n\r\nC,\"x\ny\nz\"\nD,3\n");
        let nums: Vec<usize> = t.rows.iter().map(|r| r.number).collect();
        assert_eq!(nums, [2, 4, 7, 8]);
    }

    #[test]
    fn headers_are_matched_by_alias_and_title_rows_are_skipped() {
        let t = table("Data sheet of X,,\nKPI Code,Значение,Année\nEN-EN-WS-1C,5,2020\n");
        assert_eq!(t.header_row, 2);
        let p = plan(&Catalog::u4ssc(), &t, PercentPolicy::Auto).unwrap();
        assert_eq!(p.imported(), 1);
        assert!(
            p.columns
                .iter()
                .any(|(c, h)| *c == Column::Year && h == "Année")
        );
    }

    #[test]
    fn a_missing_value_column_is_an_error_with_a_hint() {
        let t = table("code,valu\nEN-EN-WS-1C,5\n");
        let e = plan(&Catalog::u4ssc(), &t, PercentPolicy::Auto).unwrap_err();
        let m = e.to_string();
        assert!(
            m.contains("no `value` column") && m.contains("\"valu\""),
            "{m}"
        );
    }

    #[test]
    fn decimal_comma_sheets_read_three_decimals_as_decimals() {
        let t = table("code;value\nEN-EN-WS-2C;1,234\nEN-EN-WS-1C;98,5\n");
        let p = plan(&Catalog::u4ssc(), &t, PercentPolicy::Auto).unwrap();
        let PlanRow::Imported { value, .. } = &p.rows[0] else {
            panic!("{p:?}")
        };
        assert_eq!(*value, SheetValue::Number(1.234, Some(3)));
        let t = table("code,value\nEN-EN-WS-2C,\"1,234\"\nEN-EN-WS-1C,98.5\n");
        let p = plan(&Catalog::u4ssc(), &t, PercentPolicy::Auto).unwrap();
        let PlanRow::Imported { value, .. } = &p.rows[0] else {
            panic!("{p:?}")
        };
        assert_eq!(*value, SheetValue::Number(1234.0, None));
    }

    #[test]
    fn conflicting_rows_are_skipped() {
        let t = table(
            "code,value,year\nSC-EH-H-1C,80,2016\nSC-EH-H-1C,81,2016\nSC-EH-H-1C,82,\nEN-EN-AQ-2C,not-reported,\nEN-EN-AQ-2C,3,\n",
        );
        let p = plan(&Catalog::u4ssc(), &t, PercentPolicy::Auto).unwrap();
        let skipped: Vec<usize> = p.skipped().map(PlanRow::row).collect();
        assert_eq!(skipped, [3, 4, 6], "{}", report(&p));
    }

    #[test]
    fn yes_no_data_points_and_missing_tables_are_handled() {
        let t = table("code,data point,value\nEC-I-UP-2A,Compact,oui\nEC-I-UP-2A,connected,нет\n");
        let p = plan(&Catalog::u4ssc(), &t, PercentPolicy::Auto).unwrap();
        assert!(!p.has_errors(), "{}", report(&p));
        // No `sources` and no `[values]` yet: both are created, `sources` before `[values]`.
        let t2 = table("code,value,source\nEN-EN-WS-1C,12,https://example.org/a\n");
        let p2 = plan(&Catalog::u4ssc(), &t2, PercentPolicy::Auto).unwrap();
        let mut all = p.clone();
        all.rows.extend(p2.rows);
        let out = apply("name = \"X\"\n", &all).unwrap();
        assert_eq!(
            out,
            "name = \"X\"\nsources = [\n  { id = \"https-example-org-a\", title = \"https://example.org/a\", url = \"https://example.org/a\" },\n]\n\n[values]\n\"EC: I: UP: 2A\" = { compact = \"yes\", connected = \"no\" }\n\"EN: EN: WS: 1C\" = { value = 12, source = \"https-example-org-a\" }\n"
        );
        // An inline `values` table is filled in place.
        let out = apply("name = \"X\"\nvalues = { EN-EN-WS-2C = 3 }\n", &p).unwrap();
        assert!(
            out.starts_with("name = \"X\"\nvalues = { EN-EN-WS-2C = 3"),
            "{out}"
        );
        assert!(
            out.ends_with(", \"EC: I: UP: 2A\" = { compact = \"yes\", connected = \"no\" } }\n"),
            "{out}"
        );
    }

    #[test]
    fn statuses_on_point_rows_stand_for_the_kpi() {
        let t = table(
            "code,data point,value\nEN-EN-WS-4C,primary,not reported\nEN-EN-WS-4C,secondary,Not reported\nEN-EN-WS-4C,tertiary,5\n",
        );
        let p = plan(&Catalog::u4ssc(), &t, PercentPolicy::Auto).unwrap();
        assert_eq!(p.imported(), 2);
        assert_eq!(p.skipped().map(PlanRow::row).collect::<Vec<_>>(), [4]);
        assert!(
            apply("[values]\n", &p)
                .unwrap()
                .contains("\"EN: EN: WS: 4C\" = \"not-reported\"")
        );
    }

    #[test]
    fn apply_keeps_comments_and_replaces_existing_values() {
        let toml = "# head\nname = \"X\"\nsources = [{ id = \"s\", title = \"Stats office\" }]\n\n[values]\n# keep me\nEN-EN-WS-1C = 3 # old\n";
        let t = table(
            "code,value,source\n\"EN: EN: WS: 1C\",4,stats office\nEN-EN-WS-2C,5,New report\n",
        );
        let p = plan(&Catalog::u4ssc(), &t, PercentPolicy::Auto).unwrap();
        let out = apply(toml, &p).unwrap();
        assert!(out.contains("# head") && out.contains("# keep me"), "{out}");
        assert!(
            out.contains("EN-EN-WS-1C = { value = 4, source = \"s\" } # old"),
            "{out}"
        );
        assert!(
            out.contains("{ id = \"new-report\", title = \"New report\" }"),
            "{out}"
        );
        assert!(
            out.contains("\"EN: EN: WS: 2C\" = { value = 5, source = \"new-report\" }"),
            "{out}"
        );
    }
}
