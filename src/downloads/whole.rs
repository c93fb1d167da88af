//! The data downloads assembled whole in memory, for a sink that cannot write a file in pieces
//! (the dev server, tests); with the dev server's cache, what did not change is reused.

use std::sync::Arc;

use rayon::prelude::*;

use super::cache::DownloadCache;
use super::catalog::catalog_files;
use super::encoded::{EncodedCity, Kept, kpi_index, kpi_json_head, with_values};
use super::files::{DataFile, SCORES_PATH, VALUES_DESCRIPTION, city_files, kpi_description};
use super::scores::{SCORES_DESCRIPTION, scores_header};
use super::values::csv_header;
use crate::model::catalog::Catalog;
use crate::model::content::Content;
use crate::model::results::Results;
use crate::render::Output;

/// How a file made from many cities is keyed and reused: the dev server's cache and the
/// catalog's fingerprint, or nothing for a plain build.
#[derive(Clone, Copy)]
struct Reuse<'a> {
    cache: Option<(&'a DownloadCache, u64)>,
}

impl Reuse<'_> {
    /// A key over some fingerprints, and the catalog's.
    fn key(&self, parts: &mut dyn Iterator<Item = u64>) -> u64 {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        h.update(&self.cache.map_or(0, |(_, fp)| fp).to_le_bytes());
        for p in parts {
            h.update(&p.to_le_bytes());
        }
        h.digest()
    }

    /// The file at `path`: the dev server's copy made from the same `key`, or a new one.
    fn file(&self, path: String, key: Option<u64>, make: &dyn Fn() -> Vec<u8>) -> Output {
        if let (Some((c, _)), Some(k)) = (self.cache, key) {
            if let Some(hit) = c.get_file(&path, k) {
                return hit;
            }
            let o = Output {
                path,
                bytes: make().into(),
            };
            c.put_file(k, &o);
            return o;
        }
        Output {
            path,
            bytes: make().into(),
        }
    }
}

/// Each city's rows encoded once (CSV lines and JSON objects); every file that lists them is
/// a concatenation of those bytes. The dev server keeps the encodings of cities whose file
/// did not change.
fn encode_cities(
    content: &Content,
    results: &Results,
    cache: Option<(&DownloadCache, u64)>,
) -> Vec<Arc<EncodedCity>> {
    let catalog = &content.catalog;
    let kpi_index = kpi_index(catalog);
    content
        .cities
        .par_iter()
        .zip(&results.cities)
        .map(|(entry, cr)| {
            if let Some((c, catalog_fp)) = cache
                && let Some(hit) = c.get_data(entry, cr, catalog_fp)
            {
                return hit;
            }
            let e = Arc::new(EncodedCity::new(catalog, entry, cr, &kpi_index));
            if let Some((c, catalog_fp)) = cache {
                c.put_data(entry, cr, catalog_fp, e.clone());
            }
            e
        })
        .collect()
}

/// All data files, each handed to `emit` as soon as it is made (so the per-city files are
/// never all in memory at once).
///
/// With `cache` (the dev server's, and a fingerprint of the catalog), cities whose file did
/// not change reuse their encoded rows.
pub fn data_files(
    content: &Content,
    results: &Results,
    emit: &(dyn Fn(Output) -> Output + Sync),
    cache: Option<(&DownloadCache, u64)>,
) -> Vec<DataFile> {
    let catalog = &content.catalog;
    let encoded = encode_cities(content, results, cache);
    let header = csv_header();
    let reuse = Reuse { cache };
    // In the dev server, a file made from many cities is reused while the rows it lists are
    // the same, so an edit to one city rebuilds only the files that city's rows are in.
    let kept: Option<Vec<&Kept>> = cache.map(|_| {
        encoded
            .par_iter()
            .map(|e| e.kept(&header, catalog.kpis.len()))
            .collect()
    });
    let mut out = Vec::new();
    let values_key = kept
        .as_ref()
        .map(|k| reuse.key(&mut k.iter().map(|k| k.csv)));
    let values = reuse.file("data/values.csv".into(), values_key, &|| {
        let mut all =
            Vec::with_capacity(header.len() + encoded.iter().map(|c| c.csv.len()).sum::<usize>());
        all.extend_from_slice(&header);
        for e in &encoded {
            all.extend_from_slice(&e.csv);
        }
        all
    });
    out.push(DataFile::new(
        values,
        "CSV",
        VALUES_DESCRIPTION.to_string(),
        emit,
    ));
    // Small (under 40 rows a city), so made again on every rebuild rather than keyed; the
    // dev server writes it only when its bytes changed.
    let mut scores = scores_header();
    for e in &encoded {
        scores.extend_from_slice(&e.scores);
    }
    out.push(DataFile::new(
        Output {
            path: SCORES_PATH.into(),
            bytes: scores.into(),
        },
        "CSV",
        SCORES_DESCRIPTION.to_string(),
        emit,
    ));
    let city_files: Vec<[DataFile; 2]> = content
        .cities
        .par_iter()
        .zip(&encoded)
        .enumerate()
        .map(|(i, (entry, e))| {
            let (csv, json) = match &kept {
                Some(k) => (k[i].csv_file.clone(), k[i].json_file.clone()),
                None => (Arc::new(e.csv_file(&header)), Arc::new(e.json_file())),
            };
            city_files(&entry.city, csv, json, emit)
        })
        .collect();
    out.extend(city_files.into_iter().flatten());
    out.extend(kpi_files(
        catalog,
        &encoded,
        kept.as_deref(),
        &header,
        reuse,
        emit,
    ));
    out.extend(catalog_files(catalog, emit));
    out
}

/// Each KPI's CSV and JSON file, listing its rows of every city in city order.
fn kpi_files(
    catalog: &Catalog,
    encoded: &[Arc<EncodedCity>],
    kept: Option<&[&Kept]>,
    header: &[u8],
    reuse: Reuse<'_>,
    emit: &(dyn Fn(Output) -> Output + Sync),
) -> Vec<DataFile> {
    // Rows of each KPI, as (city, row) in city order.
    let mut by_kpi: Vec<Vec<(usize, usize)>> = vec![Vec::new(); catalog.kpis.len()];
    for (ci, e) in encoded.iter().enumerate() {
        for (ri, &k) in e.kpis.iter().enumerate() {
            by_kpi[k].push((ci, ri));
        }
    }
    let kpi_files: Vec<[DataFile; 2]> = catalog
        .kpis
        .par_iter()
        .zip(&by_kpi)
        .enumerate()
        .map(|(ki, (kpi, rows))| {
            let kpi_key = kept.map(|k| {
                reuse.key(&mut std::iter::once(ki as u64).chain(k.iter().map(|k| k.by_kpi[ki])))
            });
            let csv = reuse.file(
                format!("data/indicators/{}.csv", kpi.slug),
                kpi_key,
                &|| {
                    let mut csv = header.to_vec();
                    for &(ci, ri) in rows {
                        csv.extend_from_slice(encoded[ci].csv_row(ri));
                    }
                    csv
                },
            );
            let json = reuse.file(
                format!("data/indicators/{}.json", kpi.slug),
                kpi_key,
                &|| {
                    with_values(
                        kpi_json_head(kpi),
                        rows.iter().map(|&(ci, ri)| encoded[ci].json_row(ri)),
                    )
                },
            );
            [
                DataFile::new(csv, "CSV", kpi_description(kpi), emit),
                DataFile::new(json, "JSON", kpi_description(kpi), emit),
            ]
        })
        .collect();
    kpi_files.into_iter().flatten().collect()
}
