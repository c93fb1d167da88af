//! The data downloads of a `build`, written in pieces as the cities are encoded.
//!
//! cities.csv, sources.csv, values.csv, scores.csv and each KPI's file list every city. Assembled in memory, they
//! need every city's encoded rows at once: at 10,000 cities that was 1.6 GiB of rows plus a
//! 330 MB values.csv, on top of the loaded content and the scores, and it made the build's
//! peak memory. Here the cities are encoded a chunk at a time; each chunk's rows are appended
//! to those files (in city order, so the bytes are the same as the in-memory path's) while the
//! next chunk is encoded, and then dropped.

use std::io::Write;
use std::sync::Arc;

use rayon::prelude::*;

use super::catalog::catalog_files;
use super::encoded::{CITIES_HEADER, EncodedCity, SOURCES_HEADER};
use super::files::{self, DataFile, What, city_file, kpi_file, kpi_path};
use super::scores::SCORES_HEADER;
use super::values::{CITY_HEADER, KPI_HEADER, VALUES_HEADER, header_line};
use crate::model::content::Content;
use crate::model::results::Results;
use crate::render::{Output, Sink};

/// Cities encoded at a time: enough to keep both cores busy, few enough that their rows
/// (about 100 KB a city) stay small.
const CHUNK: usize = 256;

/// A file being written in pieces, with its length so far.
struct Piecewise<'a> {
    path: String,
    out: Box<dyn Write + Send + 'a>,
    len: u64,
}

impl Piecewise<'_> {
    fn put(&mut self, bytes: &[u8]) {
        // The sink keeps write errors for the end of the build (see `Staging::commit`).
        let _ = self.out.write_all(bytes);
        self.len += bytes.len() as u64;
    }
}

/// The files that list every city, open: cities.csv, sources.csv, values.csv, scores.csv,
/// then each KPI's file (`None` for a KPI no city has a value for: no file is written).
struct Listings<'a> {
    cities: Piecewise<'a>,
    sources: Piecewise<'a>,
    values: Piecewise<'a>,
    scores: Piecewise<'a>,
    kpis: Vec<Option<Piecewise<'a>>>,
}

impl Listings<'_> {
    /// Appends a city's rows to every file that lists them.
    fn append(&mut self, e: &EncodedCity) {
        self.cities.put(&e.city);
        self.sources.put(&e.sources);
        self.values.put(&e.values);
        self.scores.put(&e.scores);
        for (i, &k) in e.kpis.iter().enumerate() {
            if let Some(Some(file)) = self.kpis.get_mut(k) {
                file.put(e.kpi_row(i));
            }
        }
    }
}

/// Every data file, with the files that list every city written in pieces through `sink`;
/// `None` when the sink cannot write a file in pieces (it is asked for cities.csv first, so
/// a sink that never can has written nothing). The files and their order are those of
/// [`super::whole::data_files`].
pub fn data_files(content: &Content, results: &Results, sink: &dyn Sink) -> Option<Vec<DataFile>> {
    let catalog = &content.catalog;
    let open = |path: String, header: &[&str]| -> Option<Piecewise<'_>> {
        let out = sink.stream(&path)?;
        let mut file = Piecewise { path, out, len: 0 };
        file.put(&header_line(header));
        Some(file)
    };
    let cities = open(files::CITIES_PATH.into(), &CITIES_HEADER)?;
    let sources = open(files::SOURCES_PATH.into(), &SOURCES_HEADER)?;
    let values = open(files::VALUES_PATH.into(), &VALUES_HEADER)?;
    let scores = open(files::SCORES_PATH.into(), &SCORES_HEADER)?;
    let mut kpis = Vec::with_capacity(catalog.kpis.len());
    for (k, comp) in catalog.kpis.iter().zip(&results.kpis) {
        kpis.push(if comp.has_values() {
            Some(open(kpi_path(k), &KPI_HEADER)?)
        } else {
            None
        });
    }
    let mut listings = Listings {
        cities,
        sources,
        values,
        scores,
        kpis,
    };
    let emit = &|o: Output| sink.emit(o);
    let city_header = header_line(&CITY_HEADER);
    // Encodes a chunk of cities and writes their own files.
    let encode = |start: usize| -> Vec<(EncodedCity, DataFile)> {
        let end = (start + CHUNK).min(content.cities.len());
        content.cities[start..end]
            .par_iter()
            .zip(&results.cities[start..end])
            .map(|(entry, cr)| {
                let e = EncodedCity::new(catalog, entry, cr);
                let file = city_file(&entry.city, Arc::new(e.csv_file(&city_header)), emit);
                (e, file)
            })
            .collect()
    };
    let mut own_files = Vec::with_capacity(content.cities.len());
    let mut append = |chunk: Vec<(EncodedCity, DataFile)>| {
        for (e, file) in chunk {
            listings.append(&e);
            own_files.push(file);
        }
    };
    // Each chunk is appended while the next one is encoded.
    let mut pending: Option<Vec<(EncodedCity, DataFile)>> = None;
    for start in (0..content.cities.len()).step_by(CHUNK) {
        let (_, next) = rayon::join(
            || {
                if let Some(chunk) = pending.take() {
                    append(chunk);
                }
            },
            || encode(start),
        );
        pending = Some(next);
    }
    if let Some(chunk) = pending {
        append(chunk);
    }
    let Listings {
        cities,
        sources,
        values,
        scores,
        kpis,
    } = listings;
    let mut out = Vec::with_capacity(own_files.len() + catalog.kpis.len() + 8);
    out.push(finish(cities, files::csv(files::CITIES)));
    out.push(finish(sources, files::csv(files::SOURCES)));
    out.push(finish(values, files::csv(files::VALUES)));
    out.push(finish(scores, files::csv(files::SCORES)));
    out.extend(own_files);
    for (k, file) in catalog.kpis.iter().zip(kpis) {
        if let Some(file) = file {
            out.push(finish(file, kpi_file(k)));
        }
    }
    out.extend(catalog_files(catalog, emit));
    Some(out)
}

/// Closes a file written in pieces (dropping its writer flushes it) and lists it.
fn finish(file: Piecewise<'_>, what: What) -> DataFile {
    let Piecewise { path, out, len } = file;
    drop(out);
    DataFile::streamed(path, len, what)
}
