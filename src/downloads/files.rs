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
    /// "CSV", "JSON" or "CFF".
    pub format: &'static str,
    /// The UI string that says what it holds (`download.file.*`), in the page's language.
    pub description: &'static str,
    /// What the string names: the city's name or the KPI's code; empty for the others.
    pub subject: String,
}

impl DataFile {
    /// A file already written in pieces by the sink, `size` bytes long.
    pub(crate) fn streamed(path: String, size: u64, what: What) -> Self {
        Self {
            output: Output {
                path,
                bytes: Default::default(),
            },
            size,
            format: what.format,
            description: what.description,
            subject: what.subject,
        }
    }

    pub(crate) fn new(
        output: Output,
        what: What,
        emit: &(dyn Fn(Output) -> Output + Sync),
    ) -> Self {
        Self {
            size: output.bytes.len() as u64,
            output: emit(output),
            format: what.format,
            description: what.description,
            subject: what.subject,
        }
    }
}

/// A file's format and description.
pub(crate) struct What {
    format: &'static str,
    description: &'static str,
    subject: String,
}

/// A CSV file described by the UI string `key`, about nothing in particular.
pub(crate) fn csv(key: &'static str) -> What {
    What {
        format: "CSV",
        description: key,
        subject: String::new(),
    }
}

/// A JSON file described by the UI string `key`.
pub(crate) fn json(key: &'static str) -> What {
    What {
        format: "JSON",
        ..csv(key)
    }
}

/// A Citation File Format file (YAML) described by the UI string `key`.
pub(crate) fn cff(key: &'static str) -> What {
    What {
        format: "CFF",
        ..csv(key)
    }
}

/// Where values.csv is written.
pub(crate) const VALUES_PATH: &str = "data/values.csv";
/// Where scores.csv is written.
pub(crate) const SCORES_PATH: &str = "data/scores.csv";
/// Where cities.csv is written.
pub(crate) const CITIES_PATH: &str = "data/cities.csv";
/// Where sources.csv is written.
pub(crate) const SOURCES_PATH: &str = "data/sources.csv";

/// The description keys of the whole-site files that list every city.
pub(crate) const VALUES: &str = "download.file.values";
/// See [`VALUES`].
pub(crate) const SCORES: &str = "download.file.scores";
/// See [`VALUES`].
pub(crate) const CITIES: &str = "download.file.cities";
/// See [`VALUES`].
pub(crate) const SOURCES: &str = "download.file.sources";

/// A city's file, from its bytes.
pub(crate) fn city_file(
    city: &crate::model::city::City,
    csv: Arc<Vec<u8>>,
    emit: &(dyn Fn(Output) -> Output + Sync),
) -> DataFile {
    DataFile::new(
        Output {
            path: format!("data/cities/{}.csv", city.slug),
            bytes: csv,
        },
        What {
            subject: city.name.clone(),
            ..self::csv("download.file.city")
        },
        emit,
    )
}

/// What a KPI's file is, on the data page.
pub(crate) fn kpi_file(kpi: &crate::model::catalog::Kpi) -> What {
    What {
        subject: kpi.code.clone(),
        ..csv("download.file.kpi")
    }
}

/// Where a KPI's file is written.
pub(crate) fn kpi_path(kpi: &crate::model::catalog::Kpi) -> String {
    format!("data/indicators/{}.csv", kpi.slug)
}
