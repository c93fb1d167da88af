//! Why an import stops, and the one place such a problem becomes a [`Diagnostic`].

use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, SourceFile};

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
    #[error("city.toml is not valid TOML: {message}")]
    Toml {
        /// What the TOML parser said.
        message: String,
        /// Where, in bytes of the file.
        span: Option<Range<usize>>,
    },
    /// The city file has a key of an unexpected shape.
    #[error("city.toml: `{key}` must be {expected} to import values")]
    Layout {
        /// The key.
        key: &'static str,
        /// What it must be.
        expected: &'static str,
    },
}

impl ImportError {
    /// The error as a diagnostic: the one place an import problem becomes what the user reads.
    /// Problems of the sheet name `sheet`, problems of the city file point into `city`.
    pub fn diagnostic(&self, sheet: &Path, city: &SourceFile) -> Diagnostic {
        let in_sheet = |message: String, help: &str| {
            Diagnostic::error(message)
                .in_file(&SourceFile::new(sheet, ""))
                .help(help)
        };
        match self {
            ImportError::Io { source, .. } => in_sheet(
                format!("cannot read the sheet: {source}"),
                "check the file name; the importer reads .csv, .xlsx and .ods sheets",
            ),
            ImportError::Csv(e) => in_sheet(
                format!("cannot read the CSV sheet: {e}"),
                "save the sheet again as CSV (UTF-8) from the spreadsheet program, or import it as .xlsx",
            ),
            ImportError::Spreadsheet { message, .. } => in_sheet(
                format!("cannot read the spreadsheet: {message}"),
                "open it in a spreadsheet program and save it again as .xlsx or .ods",
            ),
            ImportError::UnsupportedFormat { .. } => in_sheet(
                "not a sheet the importer reads".to_string(),
                "save it as .csv, .xlsx or .ods",
            ),
            ImportError::Empty => in_sheet(
                "the sheet is empty".to_string(),
                "fill in the sheet that `cityprofiles export template` writes",
            ),
            ImportError::MissingColumn {
                column,
                found,
                hint,
            } => in_sheet(
                format!("the sheet has no `{column}` column (headers found: {found})"),
                hint,
            ),
            ImportError::Toml { message, span } => {
                Diagnostic::error(format!("not valid TOML: {message}"))
                    .at(city, span.clone())
                    .help("fix the file, then import again")
            }
            ImportError::Layout { key, expected } => {
                Diagnostic::error(format!("`{key}` must be {expected} to import values"))
                    .in_file(city)
                    .help(format!("make `{key}` {expected}, then import again"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::render_short;

    #[test]
    fn sheet_problems_name_the_sheet_and_city_problems_point_into_the_city_file() {
        let city = SourceFile::new("city.toml", "name = \"X\"\nvalues = 3\n");
        let sheet = Path::new("sheet.csv");
        let d = ImportError::Empty.diagnostic(sheet, &city);
        assert_eq!(
            render_short(&d),
            "sheet.csv: error: the sheet is empty (help: fill in the sheet that `cityprofiles export template` writes)"
        );
        let d = ImportError::Toml {
            message: "expected `=`".into(),
            span: Some(11..17),
        }
        .diagnostic(sheet, &city);
        assert_eq!(
            render_short(&d),
            "city.toml:2:1: error: not valid TOML: expected `=` (help: fix the file, then import again)"
        );
    }
}
