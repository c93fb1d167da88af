//! `cityprofiles export` and `cityprofiles import`: data-collection spreadsheets for city staff.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::cli::{PercentArg, SheetFormat};
use crate::config::SiteConfig;
use crate::content::city::parse_city;
use crate::content::loader::load_catalog;
use crate::diagnostics::{
    Diagnostic, Diagnostics, MessageFormat, SourceFile, WarningKind, did_you_mean, report,
};
use crate::model::catalog::Catalog;
use crate::model::city::City;
use crate::sheet::Row;
use crate::sheet::export::{self, ExportError};
use crate::sheet::import::{self, ImportError, ImportOptions, NumberStyle, PercentPolicy};

/// `export template`: a blank collection sheet.
pub fn export_template(
    root: &Path,
    format: Option<SheetFormat>,
    output: Option<&Path>,
    fmt: MessageFormat,
) -> ExitCode {
    let Some(catalog) = catalog(root, fmt) else {
        return ExitCode::from(1);
    };
    write_rows(&export::template(&catalog), format, output, "template", fmt)
}

/// `export city <slug>`: a collection sheet filled with the city's values.
pub fn export_city(
    root: &Path,
    slug: &str,
    format: Option<SheetFormat>,
    output: Option<&Path>,
    fmt: MessageFormat,
) -> ExitCode {
    let Some(catalog) = catalog(root, fmt) else {
        return ExitCode::from(1);
    };
    let Some((path, text)) = city_file(root, slug, fmt) else {
        return ExitCode::from(1);
    };
    let (city, diags) = parse(slug, &path, &text, &catalog);
    report(&diags, fmt);
    let Some(city) = city else {
        return ExitCode::from(1);
    };
    write_rows(&export::city(&catalog, &city), format, output, slug, fmt)
}

/// The options of `import`.
#[derive(Debug, Clone, Copy)]
pub struct ImportArgs {
    /// Check and report, write nothing.
    pub dry_run: bool,
    /// Import the good rows even when others have errors.
    pub skip_errors: bool,
    /// How values between 0 and 1 on % KPIs are read.
    pub percent: PercentArg,
    /// How thousands and decimals are written.
    pub numbers: NumberStyle,
}

/// `import FILE --city <slug>`: reads a filled sheet into the city's city.toml.
pub fn import(
    root: &Path,
    file: &Path,
    slug: &str,
    args: ImportArgs,
    fmt: MessageFormat,
) -> ExitCode {
    let ImportArgs {
        dry_run,
        skip_errors,
        percent,
        numbers,
    } = args;
    let Some(catalog) = catalog(root, fmt) else {
        return ExitCode::from(1);
    };
    let Some((path, text)) = city_file(root, slug, fmt) else {
        return ExitCode::from(1);
    };
    let (city, mut diags) = parse(slug, &path, &text, &catalog);
    let Some(city) = city else {
        diags.push(
            Diagnostic::error("the city file has errors; nothing was imported")
                .in_file(&SourceFile::new(path.as_path(), text.as_str()))
                .help("fix the errors above, then import again"),
        );
        report(&diags, fmt);
        return ExitCode::from(1);
    };
    report(&diags, fmt);
    let city_src = SourceFile::new(path.as_path(), text.as_str());
    let fail = |e: ImportError| {
        report(&e.diagnostic(file, &city_src).into(), fmt);
        match e {
            ImportError::UnsupportedFormat { .. } => ExitCode::from(2),
            _ => ExitCode::from(1),
        }
    };
    let table = match import::read(file) {
        Ok(t) => t,
        Err(e) => return fail(e),
    };
    let policy = match percent {
        PercentArg::Auto => PercentPolicy::Auto,
        PercentArg::Shares => PercentPolicy::Shares,
        PercentArg::AsWritten => PercentPolicy::AsWritten,
    };
    let options = ImportOptions {
        percent: policy,
        numbers,
    };
    let mut plan = match import::plan_with(&catalog, &table, options) {
        Ok(p) => p,
        Err(e) => return fail(e),
    };
    let ev = &city.evaluation;
    plan.reject_years_after(
        ev.published_year()
            .unwrap_or(ev.data_year)
            .max(ev.data_year),
    );
    print!("{}", import::report(&plan));
    let stop = plan.has_errors() && !skip_errors;
    report(&row_diagnostics(file, &table, &plan, stop), fmt);
    if stop {
        return ExitCode::from(1);
    }
    let applied = match import::apply_summary(&text, &plan) {
        Ok(a) => a,
        Err(e) => return fail(e),
    };
    // The result must load like any city file; otherwise nothing is written.
    let after = SourceFile::new(path.clone(), applied.text.as_str());
    let (ok, mut diags) = parse_city(slug, &after, &catalog);
    if ok.is_none() || diags.has_errors() {
        diags.push(
            Diagnostic::error(
                "the imported values would make the city file invalid; nothing was written",
            )
            .in_file(&city_src)
            .help("correct the values named above in the sheet, then import again"),
        );
        report(&diags, fmt);
        return ExitCode::from(1);
    }
    if dry_run {
        println!(
            "Dry run: {} would get {}; nothing was written.",
            path.display(),
            applied.summary()
        );
        return ExitCode::SUCCESS;
    }
    if applied.text == text {
        println!(
            "{} already holds these values; nothing to write.",
            path.display()
        );
        return ExitCode::SUCCESS;
    }
    let tmp = path.with_extension("toml.import");
    if let Err(e) = std::fs::write(&tmp, &applied.text).and_then(|()| std::fs::rename(&tmp, &path))
    {
        let _ = std::fs::remove_file(&tmp);
        let d = Diagnostic::error(format!("cannot write the city file: {e}"))
            .in_file(&city_src)
            .help("check that the file and its folder can be written to; the file was not changed");
        report(&d.into(), fmt);
        return ExitCode::from(1);
    }
    println!("Wrote {}: {}.", path.display(), applied.summary());
    ExitCode::SUCCESS
}

/// One diagnostic per skipped row (error) and per converted row (warning: worth a look), naming
/// the sheet and the row. A CSV sheet whose rows are its lines gets the line and the row as
/// snippet; a workbook has no lines, so its diagnostics name the row in the message. With
/// `stop`, a last error says nothing was written, at the first bad row.
fn row_diagnostics(
    file: &Path,
    table: &import::Table,
    plan: &import::ImportPlan,
    stop: bool,
) -> Diagnostics {
    let is_csv = file
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ["csv", "tsv", "txt"].contains(&e.to_ascii_lowercase().as_str()));
    let one_line_rows = table
        .rows
        .iter()
        .all(|r| r.cells.iter().all(|c| !c.contains('\n')));
    let text = if is_csv && one_line_rows {
        std::fs::read(file)
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default()
    } else {
        String::new()
    };
    let src = SourceFile::new(file, text.as_str());
    let line_span = |row: usize| {
        let start: usize = text.split_inclusive('\n').take(row - 1).map(str::len).sum();
        let line = text.get(start..)?.lines().next()?;
        Some(start..start + line.trim_end_matches('\r').len())
    };
    let locate = |d: Diagnostic, row: usize| match line_span(row) {
        Some(span) if !text.is_empty() => d.at(&src, Some(span)),
        _ => d.in_file(&src),
    };
    let mut out = Diagnostics::new();
    for r in &plan.rows {
        match r {
            import::PlanRow::Skipped {
                row,
                column,
                reason,
                fix,
            } => {
                let at = column
                    .as_ref()
                    .map_or(String::new(), |c| format!(", column {c}"));
                let help = match fix {
                    import::RowFix::DidYouMean(m) => {
                        format!("did you mean {m}? Correct row {row} in the sheet")
                    }
                    import::RowFix::NumberStyle => "import again with --decimal-comma or --thousands-comma, or write the number unambiguously in the sheet".to_string(),
                    import::RowFix::CorrectRow => {
                        format!("correct row {row} in the sheet, then import again")
                    }
                };
                let d = Diagnostic::error(format!("row {row}{at}: {reason}")).help(help);
                out.push(locate(d, *row));
            }
            import::PlanRow::Imported {
                row,
                conversion: Some(c),
                ..
            } => {
                let help = if c.contains("decides: data point") {
                    "check that the sheet means this; name the data point in the data point column to avoid the guess"
                } else {
                    "check that the sheet means this; write the value in the catalog's unit to avoid the conversion"
                };
                let d = Diagnostic::warning(format!("row {row}: {c}"))
                    .help(help)
                    .with_kind(WarningKind::ImportConversion);
                out.push(locate(d, *row));
            }
            import::PlanRow::Imported { .. } => {}
        }
    }
    if let Some(first) = plan.skipped().next().filter(|_| stop) {
        let d = Diagnostic::error("the sheet has rows with errors; nothing was written")
            .help("correct the rows listed above in the sheet, or pass --skip-errors to import the other rows");
        out.push(locate(d, first.row()));
    }
    out
}

fn catalog(root: &Path, fmt: MessageFormat) -> Option<Catalog> {
    match SiteConfig::load(root).map(|cfg| load_catalog(root, &cfg)) {
        Ok(Ok(c)) => Some(c),
        Ok(Err(d)) | Err(d) => {
            report(&d, fmt);
            None
        }
    }
}

/// The city's file path and text, or an error naming the cities that exist.
fn city_file(root: &Path, slug: &str, fmt: MessageFormat) -> Option<(PathBuf, String)> {
    let dir = root.join("content").join("cities");
    let path = dir.join(slug).join("city.toml");
    match std::fs::read_to_string(&path) {
        Ok(text) => Some((path, text)),
        Err(e) => {
            let slugs: Vec<String> = std::fs::read_dir(&dir)
                .into_iter()
                .flatten()
                .flatten()
                .filter(|d| d.path().join("city.toml").is_file())
                .map(|d| d.file_name().to_string_lossy().into_owned())
                .collect();
            let help = match did_you_mean(slug, slugs.iter().map(String::as_str)) {
                Some(s) => format!("did you mean `{s}`?"),
                None if slugs.is_empty() => {
                    "create one with `cityprofiles new city \"Name\" --country \"Country\"`".into()
                }
                None => format!("cities: {}", slugs.join(", ")),
            };
            let d = Diagnostic::error(format!("cannot read the city file: {e}"))
                .in_file(&SourceFile::new(path.as_path(), ""))
                .help(help);
            report(&d.into(), fmt);
            None
        }
    }
}

/// The city, unless its file has errors, and the file's diagnostics (warnings too).
fn parse(slug: &str, path: &Path, text: &str, catalog: &Catalog) -> (Option<City>, Diagnostics) {
    let (city, diags) = parse_city(slug, &SourceFile::new(path, text), catalog);
    (city.filter(|_| !diags.has_errors()), diags)
}

/// Writes a sheet: CSV to standard output or a file; XLSX to a file (`<name>.xlsx` by default).
/// Without --format, the extension of -o decides (CSV otherwise).
fn write_rows(
    rows: &[Row],
    format: Option<SheetFormat>,
    output: Option<&Path>,
    name: &str,
    fmt: MessageFormat,
) -> ExitCode {
    let is_xlsx = |p: &Path| {
        p.extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
    };
    let format = format.unwrap_or(match output {
        Some(p) if is_xlsx(p) => SheetFormat::Xlsx,
        _ => SheetFormat::Csv,
    });
    let result = match (format, output) {
        (SheetFormat::Csv, None) => {
            let mut out = std::io::stdout().lock();
            export::write_csv(rows, &mut out)
                .and_then(|()| out.flush().map_err(ExportError::from))
                .map(|()| None)
        }
        (SheetFormat::Csv, Some(p)) => std::fs::File::create(p)
            .map_err(ExportError::from)
            .and_then(|mut f| export::write_csv(rows, &mut f))
            .map(|()| Some(p.to_path_buf())),
        (SheetFormat::Xlsx, Some(p)) if p == Path::new("-") => export::xlsx_bytes(rows)
            .and_then(|b| std::io::stdout().write_all(&b).map_err(ExportError::from))
            .map(|()| None),
        (SheetFormat::Xlsx, p) => {
            let p = p.map_or_else(|| PathBuf::from(format!("{name}.xlsx")), Path::to_path_buf);
            export::write_xlsx(rows, &p).map(|()| Some(p))
        }
    };
    match result {
        Ok(Some(p)) => {
            eprintln!("Wrote {} ({} rows).", p.display(), rows.len());
            ExitCode::SUCCESS
        }
        Ok(None) => ExitCode::SUCCESS,
        Err(e) => {
            let target = match (format, output) {
                (SheetFormat::Xlsx, None) => Some(PathBuf::from(format!("{name}.xlsx"))),
                (_, Some(p)) if p != Path::new("-") => Some(p.to_path_buf()),
                _ => None,
            };
            report(&e.diagnostic(target.as_deref()).into(), fmt);
            ExitCode::from(1)
        }
    }
}
