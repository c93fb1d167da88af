//! The downloads stage: every data file, made from the same engine results as the pages, and
//! the list of them the data page shows. Data downloads are the same in every language.
//!
//! Three views, as open-data portals offer them (Open SDG: a CSV per indicator and the whole
//! site; Our World in Data: a CSV per chart and the full dataset): the whole site as
//! normalised tables joined by key (values.csv refers to catalog.csv, cities.csv and
//! sources.csv instead of repeating names, units, targets and source titles on every row),
//! one CSV per city and one per KPI, each without the columns that are constant in it.

pub mod cache;
pub mod catalog;
pub mod datapackage;
pub mod encoded;
pub mod fields;
pub mod files;
pub mod scores;
pub mod stream;
pub mod values;
pub mod whole;

use std::collections::HashMap;

pub use cache::DownloadCache;
pub use files::DataFile;

use crate::config::SiteConfig;
use crate::model::content::Content;
use crate::model::results::Results;
use crate::render::cite;
use crate::render::i18n::Strings;
use crate::render::pages::Download;
use crate::render::urls::Urls;
use crate::render::{Output, Sink, emit};

/// What the downloads stage made.
#[derive(Debug)]
pub struct Downloads {
    /// Every data file (bytes empty once handed to a sink).
    pub files: Vec<Output>,
    /// The files as the data page lists them.
    pub listing: Vec<Download>,
}

/// All data files, each handed to `sink` as soon as it is made (so the per-city files are
/// never all in memory at once); a sink that writes files in pieces gets the files that list
/// every city that way (see [`stream`]), otherwise they are assembled whole (see [`whole`]).
///
/// With `cache` (the dev server's, and a fingerprint of the catalog), cities whose file did
/// not change reuse their encoded rows.
pub fn data_files(
    content: &Content,
    results: &Results,
    sink: Option<&dyn Sink>,
    cache: Option<(&DownloadCache, u64)>,
) -> Vec<DataFile> {
    if cache.is_none()
        && let Some(sink) = sink
        && let Some(files) = stream::data_files(content, results, sink)
    {
        return files;
    }
    whole::data_files(content, results, &|o: Output| emit(sink, o), cache)
}

/// Runs the stage: the data files, then the data package describing them.
pub fn build(
    content: &Content,
    results: &Results,
    config: &SiteConfig,
    urls: &Urls,
    strings: &Strings,
    sink: Option<&dyn Sink>,
    cache: Option<(&DownloadCache, u64)>,
) -> Downloads {
    let mut data = data_files(content, results, sink, cache);
    let dp = datapackage::datapackage(config, urls);
    data.push(DataFile::new(
        dp,
        files::json("download.file.datapackage"),
        &|o: Output| emit(sink, o),
    ));
    data.push(DataFile::new(
        citation_file(content, config, urls, strings),
        files::cff("download.file.citation"),
        &|o: Output| emit(sink, o),
    ));
    let listing = listing(content, &data);
    Downloads {
        files: data.into_iter().map(|f| f.output).collect(),
        listing,
    }
}

/// `data/CITATION.cff`: the data package's citation in the default language, the same one the
/// data page shows.
fn citation_file(content: &Content, config: &SiteConfig, urls: &Urls, strings: &Strings) -> Output {
    let lang = &config.default_language;
    let citation = cite::dataset(config, content, urls.absolute("data/"), strings, lang);
    Output {
        path: cite::CFF_PATH.to_string(),
        bytes: citation
            .cff(strings.get(lang, "cite.cff_message"))
            .into_bytes()
            .into(),
    }
}

/// The files as the data page lists them. A file changes when an evaluation it holds does: a
/// city's files carry its evaluation date, the others the newest one.
fn listing(content: &Content, data: &[DataFile]) -> Vec<Download> {
    let newest = content.newest_evaluation_date();
    let city_dates: HashMap<String, String> = content
        .cities
        .iter()
        .map(|c| (c.city.slug.clone(), c.city.evaluation_date()))
        .collect();
    data.iter()
        .map(|f| {
            let updated = f
                .output
                .path
                .strip_prefix("data/cities/")
                .and_then(|rest| rest.rsplit_once('.'))
                .and_then(|(slug, _)| city_dates.get(slug).cloned())
                .unwrap_or_else(|| newest.clone());
            Download {
                path: f.output.path.clone(),
                size: f.size,
                format: f.format.to_string(),
                description: f.description.to_string(),
                subject: f.subject.clone(),
                updated,
            }
        })
        .collect()
}
