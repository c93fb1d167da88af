//! A data file as the data page lists it, and the paths and descriptions the in-memory and
//! the piecewise downloads share.

use std::sync::Arc;

use crate::render::Output;

/// A data file listed on the data page.
#[derive(Debug)]
pub struct DataFile {
    /// The file (bytes empty once handed to a sink).
    pub output: Output,
    /// Size in bytes.
    pub size: u64,
    /// "CSV" or "JSON".
    pub format: &'static str,
    /// What it holds.
    pub description: String,
}

impl DataFile {
    /// A file already written in pieces by the sink, `size` bytes long.
    pub(crate) fn streamed(
        path: String,
        size: u64,
        format: &'static str,
        description: String,
    ) -> Self {
        Self {
            output: Output {
                path,
                bytes: Default::default(),
            },
            size,
            format,
            description,
        }
    }

    pub(crate) fn new(
        output: Output,
        format: &'static str,
        description: String,
        emit: &(dyn Fn(Output) -> Output + Sync),
    ) -> Self {
        Self {
            size: output.bytes.len() as u64,
            output: emit(output),
            format,
            description,
        }
    }
}

/// Where scores.csv is written.
pub(crate) const SCORES_PATH: &str = "data/scores.csv";

/// What values.csv is, on the data page.
pub(crate) const VALUES_DESCRIPTION: &str = "Every value of every city (one row per city, KPI, data point and year), with its status, target, achievement, band, points and basis.";

/// A city's two files, from their bytes.
pub(crate) fn city_files(
    city: &crate::model::city::City,
    csv: Arc<Vec<u8>>,
    json: Arc<Vec<u8>>,
    emit: &(dyn Fn(Output) -> Output + Sync),
) -> [DataFile; 2] {
    let slug = &city.slug;
    [
        DataFile::new(
            Output {
                path: format!("data/cities/{slug}.csv"),
                bytes: csv,
            },
            "CSV",
            format!("Values of {}.", city.name),
            emit,
        ),
        DataFile::new(
            Output {
                path: format!("data/cities/{slug}.json"),
                bytes: json,
            },
            "JSON",
            format!("Values and scores of {}.", city.name),
            emit,
        ),
    ]
}

/// What a KPI's two files are, on the data page.
pub(crate) fn kpi_description(kpi: &crate::model::catalog::Kpi) -> String {
    format!("{} ({}) for every city.", kpi.name, kpi.code)
}
