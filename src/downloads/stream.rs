//! The data downloads of a `build`, written in pieces as the cities are encoded.
//!
//! values.csv, scores.csv and each KPI's two files list every city. Assembled in memory, they
//! need every city's encoded rows at once: at 10,000 cities that was 1.6 GiB of rows plus a
//! 330 MB values.csv, on top of the loaded content and the scores, and it made the build's
//! peak memory. Here the cities are encoded a chunk at a time; each chunk's rows are appended
//! to those files (in city order, so the bytes are the same as the in-memory path's) while the
//! next chunk is encoded, and then dropped.

use std::io::Write;
use std::sync::Arc;

use rayon::prelude::*;

use super::catalog::catalog_files;
use super::encoded::{EncodedCity, VALUES_CLOSE, kpi_index, kpi_json_head, values_open};
use super::files::{DataFile, SCORES_PATH, VALUES_DESCRIPTION, city_files, kpi_description};
use super::scores::{SCORES_DESCRIPTION, scores_header};
use super::values::csv_header;
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

/// The files that list every city, open: values.csv, scores.csv, then per KPI its CSV and
/// its JSON.
struct Listings<'a> {
    values: Piecewise<'a>,
    scores: Piecewise<'a>,
    kpi_csv: Vec<Piecewise<'a>>,
    kpi_json: Vec<Piecewise<'a>>,
    // Whether a KPI's JSON array has a row yet (rows after the first take a comma).
    kpi_rows: Vec<bool>,
}

impl Listings<'_> {
    /// Appends a city's rows to every file that lists them.
    fn append(&mut self, e: &EncodedCity) {
        self.values.put(&e.csv);
        self.scores.put(&e.scores);
        for (i, &k) in e.kpis.iter().enumerate() {
            self.kpi_csv[k].put(e.csv_row(i));
            let json = &mut self.kpi_json[k];
            if self.kpi_rows[k] {
                json.put(b",");
            }
            self.kpi_rows[k] = true;
            json.put(e.json_row(i));
        }
    }
}

/// Every data file, with values.csv, scores.csv and the KPI files written in pieces through
/// `sink`; `None` when the sink cannot write a file in pieces (it is asked for values.csv
/// first, so a sink that never can has written nothing). The files and their order are those
/// of [`super::whole::data_files`].
pub fn data_files(content: &Content, results: &Results, sink: &dyn Sink) -> Option<Vec<DataFile>> {
    let catalog = &content.catalog;
    let open = |path: String| -> Option<Piecewise<'_>> {
        let out = sink.stream(&path)?;
        Some(Piecewise { path, out, len: 0 })
    };
    let header = csv_header();
    let mut values = open("data/values.csv".into())?;
    values.put(&header);
    let mut scores = open(SCORES_PATH.into())?;
    scores.put(&scores_header());
    let mut kpi_csv = Vec::with_capacity(catalog.kpis.len());
    let mut kpi_json = Vec::with_capacity(catalog.kpis.len());
    for k in &catalog.kpis {
        let mut csv = open(format!("data/indicators/{}.csv", k.slug))?;
        csv.put(&header);
        kpi_csv.push(csv);
        let mut json = open(format!("data/indicators/{}.json", k.slug))?;
        json.put(&values_open(kpi_json_head(k)));
        kpi_json.push(json);
    }
    let mut listings = Listings {
        values,
        scores,
        kpi_csv,
        kpi_json,
        kpi_rows: vec![false; catalog.kpis.len()],
    };
    let emit = &|o: Output| sink.emit(o);
    let kpi_index = kpi_index(catalog);
    // Encodes a chunk of cities and writes their own files.
    let encode = |start: usize| -> Vec<(EncodedCity, [DataFile; 2])> {
        let end = (start + CHUNK).min(content.cities.len());
        content.cities[start..end]
            .par_iter()
            .zip(&results.cities[start..end])
            .map(|(entry, cr)| {
                let e = EncodedCity::new(catalog, entry, cr, &kpi_index);
                let csv = Arc::new(e.csv_file(&header));
                let json = Arc::new(e.json_file());
                let files = city_files(&entry.city, csv, json, emit);
                (e, files)
            })
            .collect()
    };
    let mut own_files = Vec::with_capacity(2 * content.cities.len());
    let mut append = |chunk: Vec<(EncodedCity, [DataFile; 2])>| {
        for (e, files) in chunk {
            listings.append(&e);
            own_files.extend(files);
        }
    };
    // Each chunk is appended while the next one is encoded.
    let mut pending: Option<Vec<(EncodedCity, [DataFile; 2])>> = None;
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
        values,
        scores,
        kpi_csv,
        kpi_json,
        ..
    } = listings;
    let mut out = Vec::with_capacity(own_files.len() + 2 * catalog.kpis.len() + 4);
    out.push(finish(values, "CSV", VALUES_DESCRIPTION.to_string()));
    out.push(finish(scores, "CSV", SCORES_DESCRIPTION.to_string()));
    out.extend(own_files);
    for ((k, csv), mut json) in catalog.kpis.iter().zip(kpi_csv).zip(kpi_json) {
        json.put(VALUES_CLOSE);
        out.push(finish(csv, "CSV", kpi_description(k)));
        out.push(finish(json, "JSON", kpi_description(k)));
    }
    out.extend(catalog_files(catalog, emit));
    Some(out)
}

/// Closes a file written in pieces (dropping its writer flushes it) and lists it.
fn finish(file: Piecewise<'_>, format: &'static str, description: String) -> DataFile {
    let Piecewise { path, out, len } = file;
    drop(out);
    DataFile::streamed(path, len, format, description)
}
