//! Scores every city, rolls scores up the hierarchy, and compares cities per KPI: each
//! `model::city::KpiValue` the load stage parsed becomes a `model::results::ItemResult`.
//!
//! Every figure carries its inputs (value, target, target source, formula) so pages can show
//! how it was obtained. Iteration is over sorted vectors, so results are deterministic.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use super::compare::{peer_group, peer_medians, rank, stats};
use super::score::{achievement, achievement_formula};
use super::trend::trend;
use crate::config::find_key_span;
use crate::diagnostics::{Diagnostic, Diagnostics, WarningKind};
use crate::model::catalog::{Benchmark, Catalog, Direction, Kpi, Tier, fmt_plain};
use crate::model::city::{Answer, City, KpiValue, Reading, Status, ValueData};
use crate::model::content::{CityEntry, Content};
use crate::model::state::State;

use smallvec::SmallVec;

use crate::model::results::{
    CategoryResult, CityResult, Coverage, DimResult, Entry, GoalProgress, ItemComparison,
    ItemExtras, ItemRef, ItemResult, KpiComparison, KpiResult, PeerGroup, Results, Score,
    SubResult,
};

/// Counting reported KPIs is the engine's job; the model only holds the counts.
impl Coverage {
    fn add(&mut self, tier: Tier, reported: bool) {
        let r = u32::from(reported);
        match tier {
            Tier::Core => {
                self.core_total += 1;
                self.core_reported += r;
            }
            Tier::Advanced => {
                self.advanced_total += 1;
                self.advanced_reported += r;
            }
        }
        self.total += 1;
        self.reported += r;
    }

    fn finish(mut self) -> Self {
        self.pct = if self.total == 0 {
            0.0
        } else {
            f64::from(self.reported) / f64::from(self.total) * 100.0
        };
        self
    }
}

/// How the achievement was computed, in English words (for diagnostics; pages say it in
/// their own language). Made when needed rather than kept with every item.
fn method(it: &ItemResult) -> Option<String> {
    let (a, t) = (it.achievement_pct?, it.target.as_ref()?);
    Some(format!(
        "{}: value {} against target {} gives {a:.1} % of target",
        achievement_formula(it.direction),
        fmt_plain(it.value),
        fmt_plain(t.value),
    ))
}

fn answer_value(a: Answer) -> (f64, Option<bool>) {
    match a {
        Answer::Number(n) => (n, None),
        Answer::YesNo(b) => (if b { 1.0 } else { 0.0 }, Some(b)),
    }
}

/// Scores one reading against a target.
fn score_item(
    catalog: &Catalog,
    kpi: &Kpi,
    point: Option<&str>,
    reading: &Reading,
    v: &KpiValue,
) -> Option<ItemResult> {
    let (year, obs) = reading.latest()?;
    let (value, yes) = answer_value(obs.answer);
    let dp = point.and_then(|p| kpi.data_point(p));
    let direction = dp.map_or(kpi.direction, |d| d.direction);
    let target_used = match kpi.benchmark(point) {
        Benchmark::Target(t) => Some(t.clone()),
        Benchmark::YesNo => Some(catalog.yes_no_target().clone()),
        Benchmark::NoBenchmark | Benchmark::NoTarget => None,
    };
    // A yes/no item meets its target with yes, whatever value the target names.
    let target_value = target_used.as_ref().map(|t| {
        if direction == Direction::YesNo {
            1.0
        } else {
            t.value
        }
    });
    let ach = target_value.and_then(|t| achievement(direction, value, t));
    let computed = ach.map(|a| catalog.scoring.band_for(a));
    let band = v.published_band.or(computed.map(|c| c.0));
    let points = band.map(|b| {
        catalog
            .scoring
            .bands
            .iter()
            .find(|r| r.band == b)
            .map_or(b, |r| r.points)
    });
    // Only a history is kept: most values have one year, already in `year` and `value`, and a
    // one-element series was an allocation for each of a 10,000-city site's 1.35 million items.
    let series: Box<[(i32, f64)]> = if reading.years.len() > 1 {
        reading
            .years
            .iter()
            .map(|(y, o)| (*y, answer_value(o.answer).0))
            .collect()
    } else {
        Box::default()
    };
    let tr = trend(
        &series,
        direction,
        target_value.map(|t| {
            (
                t,
                target_used
                    .as_ref()
                    .map_or(catalog.meta.default_target_year, |u| u.year),
            )
        }),
    );
    let goal = if point.is_none() {
        v.goal().map(|g| GoalProgress {
            value: g.value,
            year: g.year,
            note: g.note.clone(),
            achievement_pct: achievement(direction, value, g.value),
        })
    } else {
        None
    };
    Some(ItemResult {
        // The catalog's key, shared; a key it does not know (none reaches here) is copied.
        point: point.map(|p| dp.map_or_else(|| p.into(), |d| d.key.clone())),
        direction,
        value,
        yes,
        year,
        decimals: obs.decimals,
        target: target_used,
        achievement_pct: ach,
        computed_band: computed.map(|c| c.0),
        published_band: v.published_band,
        band,
        points,
        state: if points.is_some() {
            State::Scored
        } else if matches!(kpi.benchmark(point), Benchmark::NoBenchmark) {
            State::NoBenchmark
        } else {
            State::NoTarget
        },
        extras: ItemExtras {
            series,
            inputs: obs.inputs.as_deref().copied(),
            trend: tr,
            goal,
        }
        .boxed(),
    })
}

fn kpi_result(catalog: &Catalog, ki: usize, city: &City) -> KpiResult {
    let kpi = &catalog.kpis[ki];
    let mut r = KpiResult {
        kpi: ki,
        // A KPI missing from a partial transcription may well have been reported.
        state: if city.evaluation.complete {
            State::NotReported
        } else {
            State::NotInData
        },
        items: SmallVec::new(),
        verified: None,
        tier: kpi.tier,
    };
    let Some(v) = city.value(ki) else { return r };
    r.verified = v.verified;
    match &v.data {
        ValueData::Status { status } => {
            r.state = match status {
                Status::NotReported => State::NotReported,
                Status::NotApplicable => State::NotApplicable,
                Status::NotVerified => State::NotVerified,
            };
            return r;
        }
        // Items are built at their exact count: growing a Vec of 352-byte items from empty
        // reserves room for four, and at 91 KPIs that was 128 KB a city, most of its result.
        // A single item is held in the result itself.
        ValueData::Single { reading } => {
            r.items.extend(score_item(catalog, kpi, None, reading, v));
        }
        ValueData::Points { points } => {
            // Catalog order of data points, not alphabetical.
            let present = || {
                kpi.data_points
                    .iter()
                    .filter_map(|dp| Some((dp, points.get(&dp.key)?)))
            };
            r.items = SmallVec::with_capacity(present().count());
            for (dp, reading) in present() {
                r.items
                    .extend(score_item(catalog, kpi, Some(&dp.key), reading, v));
            }
        }
    }
    r.state = if r.items.iter().any(|i| i.state == State::Scored) {
        State::Scored
    } else if !r.items.is_empty() && r.items.iter().all(|i| i.state == State::NoBenchmark) {
        State::NoBenchmark
    } else {
        State::NoTarget
    };
    r
}

/// How many items of `r` count in its group's denominator: the catalog's scorable items
/// (none when the KPI does not apply to the city), plus items scored only by a band printed
/// in the report, which U4SSC evidently could score.
fn scorable_items(kpi: &Kpi, r: &KpiResult) -> u32 {
    if r.state == State::NotApplicable {
        return 0;
    }
    let by_report = r
        .items
        .iter()
        .filter(|i| i.points.is_some() && !kpi.benchmark(i.point.as_deref()).scorable())
        .count() as u32;
    kpi.scorable_items() + by_report
}

/// Computes one city's results.
pub fn score_city(catalog: &Catalog, index: usize, entry: &CityEntry) -> CityResult {
    let city = &entry.city;
    let max = catalog.scoring.max_points();
    let mut overall = Score::default();
    let mut coverage = Coverage::default();
    let mut res = CityResult {
        city: index,
        overall: Score::default(),
        coverage: Coverage::default(),
        dimensions: Vec::with_capacity(catalog.dimensions.len()),
        not_reported: Vec::new(),
        not_in_data: Vec::new(),
        not_applicable: Vec::new(),
        not_verified: Vec::new(),
        no_target: Vec::new(),
        no_benchmark: Vec::new(),
        strongest: Vec::new(),
        weakest: Vec::new(),
        furthest: Vec::new(),
        peer_group: peer_group(city.region.as_deref(), city.population),
    };
    let mut items: Vec<ItemRef> = Vec::new();
    let mut overall_sufficient = true;
    for dim in &catalog.dimensions {
        let mut dscore = Score::default();
        let mut dcov = Coverage::default();
        let mut subs = Vec::with_capacity(dim.subdimensions.len());
        for sub in &dim.subdimensions {
            let mut sscore = Score::default();
            let mut cats = Vec::with_capacity(sub.categories.len());
            for cat in &sub.categories {
                let mut cscore = Score::default();
                let mut kpis = Vec::with_capacity(cat.kpis.len());
                for &ki in &cat.kpis {
                    let r = kpi_result(catalog, ki, city);
                    let reported = r.state.has_value();
                    dcov.add(r.tier, reported);
                    coverage.add(r.tier, reported);
                    cscore.add_scorable(
                        scorable_items(&catalog.kpis[ki], &r),
                        !catalog.kpis[ki].no_benchmark,
                    );
                    match r.state {
                        State::NotReported => res.not_reported.push(ki),
                        State::NotInData => res.not_in_data.push(ki),
                        State::NotApplicable => res.not_applicable.push(ki),
                        State::NotVerified => res.not_verified.push(ki),
                        State::NoTarget => res.no_target.push(ki),
                        State::NoBenchmark => res.no_benchmark.push(ki),
                        State::Scored | State::InsufficientData => {}
                    }
                    if r.state.has_value() && r.verified == Some(false) {
                        res.not_verified.push(ki);
                    }
                    for it in &r.items {
                        if let Some(p) = it.points {
                            cscore.add(p, max);
                            items.push(ItemRef {
                                kpi: ki,
                                point: it.point.clone(),
                                band: it.band,
                                achievement_pct: it.achievement_pct,
                                projected_year: it.trend().and_then(|t| t.projected_year),
                                target_year: it.trend().and_then(|t| t.target_year),
                            });
                        }
                    }
                    kpis.push(r);
                }
                sscore.merge(&cscore);
                cats.push(CategoryResult {
                    score: cscore.finish(&catalog.scoring),
                    kpis,
                });
            }
            dscore.merge(&sscore);
            subs.push(SubResult {
                score: sscore.finish(&catalog.scoring),
                categories: cats,
            });
        }
        overall.merge(&dscore);
        let dscore = dscore.finish(&catalog.scoring);
        // A dimension with nothing scorable (possible in a site's own catalog) cannot hold
        // the overall score back.
        overall_sufficient &= dscore.state == State::Scored || dscore.scorable == 0;
        res.dimensions.push(DimResult {
            score: dscore,
            coverage: dcov.finish(),
            subdimensions: subs,
        });
    }
    res.not_verified.sort_unstable();
    res.not_verified.dedup();
    // The overall score needs every dimension to meet the rule, not only the pooled items.
    res.overall = overall.finish_as(
        &catalog.scoring,
        overall_sufficient && Score::meets(overall.items, overall.scorable, 0.0),
    );
    res.coverage = coverage.finish();
    let key = |i: &ItemRef| {
        (
            i.band.unwrap_or(0),
            (i.achievement_pct.unwrap_or(0.0) * 1000.0) as i64,
        )
    };
    let mut sorted = items.clone();
    sorted.sort_by(|a, b| {
        key(b)
            .cmp(&key(a))
            .then(a.kpi.cmp(&b.kpi))
            .then(a.point.cmp(&b.point))
    });
    res.strongest = sorted.iter().take(5).cloned().collect();
    sorted.sort_by(|a, b| {
        key(a)
            .cmp(&key(b))
            .then(a.kpi.cmp(&b.kpi))
            .then(a.point.cmp(&b.point))
    });
    res.weakest = sorted
        .iter()
        .filter(|i| i.band.unwrap_or(0) < 4)
        .take(5)
        .cloned()
        .collect();
    let mut far: Vec<ItemRef> = items
        .into_iter()
        .filter(|i| {
            i.target_year.is_some() && i.projected_year.is_none_or(|p| Some(p) > i.target_year)
        })
        .collect();
    far.sort_by(|a, b| {
        let lateness = |i: &ItemRef| {
            i.projected_year
                .map_or(i32::MAX, |p| p - i.target_year.unwrap_or(p))
        };
        lateness(b)
            .cmp(&lateness(a))
            .then(a.kpi.cmp(&b.kpi))
            .then(a.point.cmp(&b.point))
    });
    far.truncate(5);
    // `far` was collected in place from `items`, so it still holds room for every scored
    // item of the city: about 4 KB a city, kept for the whole build, without this.
    far.shrink_to_fit();
    res.furthest = far;
    res
}

fn compare_kpi(catalog: &Catalog, ki: usize, cities: &[Arc<CityResult>]) -> KpiComparison {
    let kpi = &catalog.kpis[ki];
    let mut item_keys: Vec<Option<Arc<str>>> = if kpi.data_points.is_empty() {
        vec![None]
    } else {
        kpi.data_points
            .iter()
            .map(|d| Some(d.key.clone()))
            .collect()
    };
    let mut reporting = 0u32;
    let mut per_item: Vec<Vec<Entry>> = vec![Vec::new(); item_keys.len()];
    for cr in cities {
        let r = cr.kpi(catalog, ki);
        if r.state.has_value() {
            reporting += 1;
        }
        for (n, it) in r.items.iter().enumerate() {
            if let Some(pos) = item_keys.iter().position(|k| *k == it.point) {
                // A site of four billion cities, or a KPI of 65,536 data points, is not read.
                per_item[pos].push(Entry {
                    value: it.value,
                    city: cr.city as u32,
                    rank: 0,
                    item: n as u16,
                });
            }
        }
    }
    let mut items = Vec::new();
    for (pos, key) in item_keys.drain(..).enumerate() {
        let entries = std::mem::take(&mut per_item[pos]);
        if entries.is_empty() && key.is_some() {
            continue;
        }
        let dp = key.as_deref().and_then(|k| kpi.data_point(k));
        let direction = dp.map_or(kpi.direction, |d| d.direction);
        let values: Vec<f64> = entries.iter().map(|e| e.value).collect();
        let target = kpi.target_for(key.as_deref()).map(|t| t.value);
        let (ranks, order) = rank(&values, direction, target);
        let ranked: Vec<Entry> = order
            .iter()
            .map(|&i| Entry {
                rank: ranks[i],
                ..entries[i].clone()
            })
            .collect();
        let peers = peer_medians(
            ranked
                .iter()
                .filter_map(|e| Some((cities[e.city()].peer_group.as_ref()?, e.value))),
        );
        items.push(ItemComparison {
            point: key.clone(),
            unit: dp.map_or_else(|| kpi.unit.clone(), |d| d.unit.clone()),
            stats: stats(&values),
            entries: ranked,
            peers,
        });
    }
    KpiComparison {
        kpi: ki,
        items,
        reporting,
    }
}

/// Runs the engine over all content. Also returns warnings the engine noticed (published band
/// differing from the computed one, core KPIs not reported).
pub fn run(content: &Content) -> (Results, Diagnostics) {
    run_cached(content, None)
}

/// Scores kept between dev-server rebuilds: a city's score depends only on its entry, its
/// position and the catalog, so an edit rescores one city; a KPI's comparison is redone only
/// when a city's result for that KPI changed.
#[derive(Debug, Default)]
pub struct EngineCache {
    cities: Mutex<HashMap<String, CachedCity>>,
    kpis: Mutex<HashMap<usize, (u64, Arc<KpiComparison>)>>,
}

/// A scored city with what it was scored from. Holding the entry keeps its address from being
/// reused, so comparing addresses is a sound test of "same entry".
#[derive(Debug)]
struct CachedCity {
    entry: Arc<CityEntry>,
    position: usize,
    catalog: u64,
    result: Arc<CityResult>,
    kpi_fingerprints: Arc<[u64]>,
    warnings: Diagnostics,
}

/// How many cities each peer group holds.
fn peer_group_sizes(cities: &[Arc<CityResult>]) -> BTreeMap<PeerGroup, usize> {
    let mut sizes = BTreeMap::new();
    for group in cities.iter().filter_map(|c| c.peer_group.as_ref()) {
        *sizes.entry(group.clone()).or_insert(0) += 1;
    }
    sizes
}

/// What the engine notices about one city: published bands that differ from the computed ones,
/// and core KPIs not reported.
fn city_warnings(catalog: &Catalog, entry: &CityEntry, cr: &CityResult) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let city = &entry.city;
    for v in &city.values {
        let r = cr.kpi(catalog, v.kpi);
        for it in &r.items {
            if let (Some(p), Some(c)) = (it.published_band, it.computed_band)
                && p != c
            {
                diags.push(
                    Diagnostic::warning(format!(
                        "{}: the report's band {p} differs from the computed band {c}",
                        catalog.kpis[v.kpi].code
                    ))
                    .at(&city.file, Some(v.span()))
                    .help(method(it).unwrap_or_default() + "; the site shows the report's band")
                    .with_kind(WarningKind::BandDiffers),
                );
            }
        }
    }
    // A partial transcription leaves KPIs out on purpose; its missing KPIs are not in
    // `not_reported`. A KPI the file itself marks `not-reported` is the report's own word,
    // transcribed on purpose: the profile shows it, and it is no mistake to warn about.
    let missing: Vec<&str> = cr
        .not_reported
        .iter()
        .filter(|&&k| catalog.kpis[k].tier == Tier::Core && city.value(k).is_none())
        .map(|&k| catalog.kpis[k].code.as_str())
        .collect();
    if !missing.is_empty() {
        diags.push(core_not_reported(city, &missing, cr.coverage.core_total));
    }
    diags
}

/// One warning per city, not the list of codes: at 1,000 cities the lists buried everything
/// else. `--verbose` shows the list; the profile's coverage section always does.
fn core_not_reported(city: &City, missing: &[&str], core_total: u32) -> Diagnostic {
    let partial = if city.evaluation.complete {
        "; if this file holds only part of the evaluation, write `complete = false` in `evaluation`"
    } else {
        ""
    };
    // Pointing at `evaluation` puts the caret where `complete = false` would go.
    let span = find_key_span(&city.file.text, "evaluation")
        .or_else(|| city.file.text.find("[evaluation]").map(|i| i..i + 12));
    let d = Diagnostic::warning(format!(
        "{}: {} of {core_total} core KPIs not reported",
        city.name,
        missing.len()
    ));
    let d = match span {
        Some(span) => d.at(&city.file, Some(span)),
        None => d.in_file(&city.file),
    };
    d.help(format!(
        "run with --verbose for the list; the profile's coverage section lists them{partial}"
    ))
    .verbose_help(format!("not reported: {}{partial}", missing.join(", ")))
    .with_kind(WarningKind::CoreNotReported)
}

/// Per KPI, a fingerprint of what one city contributes to that KPI's page: its result and
/// identity, and how its years read (SDG pages write "Report published 2021" for a value
/// dated by the publication). Its peer groups (region, population band) feed only the
/// comparison's peer medians, which the pages that show them key by the medians themselves
/// (see `render::pages::shared::keyed_by_kpis`).
fn kpi_fingerprints(catalog: &Catalog, i: usize, entry: &CityEntry, cr: &CityResult) -> Arc<[u64]> {
    let city = &entry.city;
    // Names in other languages and the country code (its CLDR names) are shown too.
    let names = serde_json::to_vec(&city.names).unwrap_or_default();
    let identity = crate::fingerprint::fingerprint([
        &(i as u64).to_le_bytes()[..],
        city.slug.as_bytes(),
        city.name.as_bytes(),
        &names,
        city.country.as_bytes(),
        city.country_code.as_deref().unwrap_or("").as_bytes(),
        &city.evaluation.data_year.to_le_bytes(),
        &[u8::from(city.evaluation.data_year_is_published)],
    ]);
    (0..catalog.kpis.len())
        .map(|k| {
            let mut h = crate::fingerprint::HashWriter::new();
            h.update(&identity.to_le_bytes());
            // Serialising into a hash cannot fail.
            let _ = serde_json::to_writer(&mut h, cr.kpi(catalog, k));
            // The value's source and note, which the result does not copy.
            let v = city.value(k);
            let _ = serde_json::to_writer(
                &mut h,
                &(
                    v.and_then(|v| v.source.as_deref()),
                    v.and_then(|v| v.note()),
                ),
            );
            h.digest()
        })
        .collect()
}

/// A city's result, its per-KPI fingerprints (dev server only) and its warnings.
type Scored = (Arc<CityResult>, Option<Arc<[u64]>>, Diagnostics);

/// [`run`], reusing the scores of `cache` (with the fingerprint of the catalog) for cities
/// that did not change.
pub fn run_cached(content: &Content, cache: Option<(&EngineCache, u64)>) -> (Results, Diagnostics) {
    let catalog = &content.catalog;
    let scored: Vec<Scored> = content
        .cities
        .par_iter()
        .enumerate()
        .map(|(i, c)| {
            let Some((cache, catalog_fp)) = cache else {
                let result = score_city(catalog, i, c);
                let warnings = city_warnings(catalog, c, &result);
                return (Arc::new(result), None, warnings);
            };
            if let Ok(map) = cache.cities.lock()
                && let Some(hit) = map.get(&c.city.slug)
                && Arc::ptr_eq(&hit.entry, c)
                && hit.position == i
                && hit.catalog == catalog_fp
            {
                return (
                    hit.result.clone(),
                    Some(hit.kpi_fingerprints.clone()),
                    hit.warnings.clone(),
                );
            }
            let result = Arc::new(score_city(catalog, i, c));
            let fps = kpi_fingerprints(catalog, i, c, &result);
            let warnings = city_warnings(catalog, c, &result);
            if let Ok(mut map) = cache.cities.lock() {
                map.insert(
                    c.city.slug.clone(),
                    CachedCity {
                        entry: c.clone(),
                        position: i,
                        catalog: catalog_fp,
                        result: result.clone(),
                        kpi_fingerprints: fps.clone(),
                        warnings: warnings.clone(),
                    },
                );
            }
            (result, Some(fps), warnings)
        })
        .collect();
    let kpi_keys: Vec<u64> = match cache {
        Some((_, catalog_fp)) => (0..catalog.kpis.len())
            .into_par_iter()
            .map(|k| {
                let mut h = xxhash_rust::xxh3::Xxh3::new();
                h.update(&catalog_fp.to_le_bytes());
                h.update(&(scored.len() as u64).to_le_bytes());
                for (_, fps, _) in &scored {
                    let f = fps.as_ref().map_or(0, |f| f[k]);
                    h.update(&f.to_le_bytes());
                }
                h.digest()
            })
            .collect(),
        None => Vec::new(),
    };
    // Every city's peer groups: the comparisons' peer statistics change with them.
    let peers = cache.map(|_| {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        for c in &content.cities {
            let group = peer_group(c.city.region.as_deref(), c.city.population);
            let region = group.as_ref().map_or("\u{0}", |g| g.region.as_str());
            h.update(&(region.len() as u64).to_le_bytes());
            h.update(region.as_bytes());
            h.update(group.map_or("", |g| g.band.key()).as_bytes());
            h.update(b"\0");
        }
        h.digest()
    });
    let mut diags = Diagnostics::new();
    let mut city_kpi_keys = Vec::new();
    let cities: Vec<Arc<CityResult>> = scored
        .into_iter()
        .map(|(r, fps, w)| {
            diags.extend(w);
            city_kpi_keys.extend(fps);
            r
        })
        .collect();
    let kpis: Vec<Arc<KpiComparison>> = (0..catalog.kpis.len())
        .into_par_iter()
        .map(|ki| {
            let key = kpi_keys.get(ki).zip(peers).map(|(k, p)| {
                crate::fingerprint::fingerprint([&k.to_le_bytes()[..], &p.to_le_bytes()])
            });
            if let (Some((cache, _)), Some(key)) = (cache, key)
                && let Ok(map) = cache.kpis.lock()
                && let Some((k, comp)) = map.get(&ki)
                && *k == key
            {
                return comp.clone();
            }
            let comp = Arc::new(compare_kpi(catalog, ki, &cities));
            if let (Some((cache, _)), Some(key)) = (cache, key)
                && let Ok(mut map) = cache.kpis.lock()
            {
                map.insert(ki, (key, comp.clone()));
            }
            comp
        })
        .collect();
    (
        Results {
            peer_group_sizes: peer_group_sizes(&cities),
            cities,
            kpis,
            kpi_keys,
            city_kpi_keys,
        },
        diags,
    )
}
