//! The data downloads assembled whole in memory, for a sink that cannot write a file in pieces
//! (the dev server, tests); with the dev server's cache, what did not change is reused.

use std::sync::Arc;

use rayon::prelude::*;

use super::cache::DownloadCache;
use super::catalog::catalog_files;
use super::encoded::{CITIES_HEADER, EncodedCity, Kept, SOURCES_HEADER};
use super::files::{self, DataFile, city_file, kpi_file, kpi_path};
use super::scores::SCORES_HEADER;
use super::values::{CITY_HEADER, KPI_HEADER, VALUES_HEADER, header_line};
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

/// Each city's rows encoded once per view; every file that lists them is a concatenation of
/// those bytes. The dev server keeps the encodings of cities whose file did not change.
fn encode_cities(
    content: &Content,
    results: &Results,
    cache: Option<(&DownloadCache, u64)>,
) -> Vec<Arc<EncodedCity>> {
    let catalog = &content.catalog;
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
            let e = Arc::new(EncodedCity::new(catalog, entry, cr));
            if let Some((c, catalog_fp)) = cache {
                c.put_data(entry, cr, catalog_fp, e.clone());
            }
            e
        })
        .collect()
}

/// A file of every city's `part` under `header`: small (a line or a few a city), so made
/// again on every rebuild rather than keyed; the dev server writes it only when its bytes
/// changed.
fn joined(
    path: &str,
    header: &[&str],
    encoded: &[Arc<EncodedCity>],
    part: fn(&EncodedCity) -> &[u8],
) -> Output {
    let mut bytes = header_line(header);
    for e in encoded {
        bytes.extend_from_slice(part(e));
    }
    Output {
        path: path.into(),
        bytes: bytes.into(),
    }
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
    let city_header = header_line(&CITY_HEADER);
    let reuse = Reuse { cache };
    // In the dev server, a file made from many cities is reused while the rows it lists are
    // the same, so an edit to one city rebuilds only the files that city's rows are in.
    let kept: Option<Vec<&Kept>> = cache.map(|_| {
        encoded
            .par_iter()
            .map(|e| e.kept(&city_header, catalog.kpis.len()))
            .collect()
    });
    let mut out = vec![
        DataFile::new(
            joined(files::CITIES_PATH, &CITIES_HEADER, &encoded, |e| &e.city),
            files::csv(files::CITIES),
            emit,
        ),
        DataFile::new(
            joined(files::SOURCES_PATH, &SOURCES_HEADER, &encoded, |e| {
                &e.sources
            }),
            files::csv(files::SOURCES),
            emit,
        ),
    ];
    let values_key = kept
        .as_ref()
        .map(|k| reuse.key(&mut k.iter().map(|k| k.values)));
    let values = reuse.file(files::VALUES_PATH.into(), values_key, &|| {
        let header = header_line(&VALUES_HEADER);
        let mut all = Vec::with_capacity(
            header.len() + encoded.iter().map(|c| c.values.len()).sum::<usize>(),
        );
        all.extend_from_slice(&header);
        for e in &encoded {
            all.extend_from_slice(&e.values);
        }
        all
    });
    out.push(DataFile::new(values, files::csv(files::VALUES), emit));
    out.push(DataFile::new(
        joined(files::SCORES_PATH, &SCORES_HEADER, &encoded, |e| &e.scores),
        files::csv(files::SCORES),
        emit,
    ));
    let city_files: Vec<DataFile> = content
        .cities
        .par_iter()
        .zip(&encoded)
        .enumerate()
        .map(|(i, (entry, e))| {
            let csv = match &kept {
                Some(k) => k[i].csv_file.clone(),
                None => Arc::new(e.csv_file(&city_header)),
            };
            city_file(&entry.city, csv, emit)
        })
        .collect();
    out.extend(city_files);
    out.extend(kpi_files(
        catalog,
        results,
        &encoded,
        kept.as_deref(),
        reuse,
        emit,
    ));
    out.extend(catalog_files(catalog, emit));
    out
}

/// Each KPI's file, listing its rows of every city in city order; none for a KPI without a
/// value ([`KpiComparison::has_values`](crate::model::results::KpiComparison::has_values)).
fn kpi_files(
    catalog: &Catalog,
    results: &Results,
    encoded: &[Arc<EncodedCity>],
    kept: Option<&[&Kept]>,
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
    let header = header_line(&KPI_HEADER);
    catalog
        .kpis
        .par_iter()
        .zip(&by_kpi)
        .enumerate()
        .filter(|(ki, _)| results.kpis[*ki].has_values())
        .map(|(ki, (kpi, rows))| {
            let kpi_key = kept.map(|k| {
                reuse.key(&mut std::iter::once(ki as u64).chain(k.iter().map(|k| k.by_kpi[ki])))
            });
            let csv = reuse.file(kpi_path(kpi), kpi_key, &|| {
                let mut csv = header.clone();
                for &(ci, ri) in rows {
                    csv.extend_from_slice(encoded[ci].kpi_row(ri));
                }
                csv
            });
            DataFile::new(csv, kpi_file(kpi), emit)
        })
        .collect()
}
