//! Engine results for the shipped example cities: a reviewed snapshot, and independence from
//! the order in which cities are loaded.

use std::fmt::Write as _;
use std::path::Path;

use cityprofiles::config::SiteConfig;
use cityprofiles::content::{LoadOptions, load};
use cityprofiles::kpi::run;
use cityprofiles::model::content::Content;
use cityprofiles::model::results::Results;

fn shipped() -> Content {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = SiteConfig::load(root).unwrap();
    let (content, diags) = load(root, &config, LoadOptions::default());
    assert!(!diags.has_errors());
    content.unwrap()
}

fn pct(p: Option<f64>) -> String {
    p.map_or("-".into(), |p| format!("{p:.2}"))
}

/// "scored 3 of 4" or "insufficient-data 1 of 16": the state and the items a score rests on.
fn evidence(s: &cityprofiles::model::results::Score) -> String {
    format!("{} {} of {}", s.state.key(), s.items, s.scorable)
}

/// A hand-readable summary: every scored item, every category score, every roll-up.
fn summary(content: &Content, results: &Results) -> String {
    let cat = &content.catalog;
    let mut s = String::new();
    for (e, cr) in content.cities.iter().zip(&results.cities) {
        let c = &cr.coverage;
        let _ = writeln!(
            s,
            "== {} overall {} ({}/{} points, band {:?}, {}); coverage {}/{} (core {}/{}, advanced {}/{})",
            e.city.name,
            pct(cr.overall.pct),
            cr.overall.earned,
            cr.overall.possible,
            cr.overall.band,
            evidence(&cr.overall),
            c.reported,
            c.total,
            c.core_reported,
            c.core_total,
            c.advanced_reported,
            c.advanced_total
        );
        for (d, dr) in cat.dimensions.iter().zip(&cr.dimensions) {
            let _ = writeln!(
                s,
                "  {} {} ({}/{}) band {:?}, {}",
                d.name,
                pct(dr.score.pct),
                dr.score.earned,
                dr.score.possible,
                dr.score.band,
                evidence(&dr.score)
            );
            for (sd, sr) in d.subdimensions.iter().zip(&dr.subdimensions) {
                for (cc, crr) in sd.categories.iter().zip(&sr.categories) {
                    if crr.score.items == 0 && crr.kpis.iter().all(|k| k.items.is_empty()) {
                        continue;
                    }
                    let _ = writeln!(
                        s,
                        "    {} / {}: {} ({}/{}) band {:?}, {}",
                        sd.name,
                        cc.name,
                        pct(crr.score.pct),
                        crr.score.earned,
                        crr.score.possible,
                        crr.score.band,
                        evidence(&crr.score)
                    );
                    for k in &crr.kpis {
                        for it in &k.items {
                            let _ = writeln!(
                                s,
                                "      {} {}: value {} target {} -> {}% band {:?} points {:?}",
                                cat.kpis[k.kpi].code,
                                it.point.as_deref().unwrap_or(""),
                                it.value,
                                it.target.as_ref().map_or("-".into(), |t| format!(
                                    "{}{}",
                                    t.value,
                                    if t.official { " (official)" } else { "" }
                                )),
                                pct(it.achievement_pct),
                                it.band,
                                it.points
                            );
                        }
                    }
                }
            }
        }
    }
    s
}

#[test]
fn example_city_results() {
    let content = shipped();
    let (results, _) = run(&content);
    insta::assert_snapshot!(summary(&content, &results));
}

#[test]
fn results_do_not_depend_on_the_order_of_cities() {
    let content = shipped();
    let (a, _) = run(&content);
    let mut reversed = content.clone();
    reversed.cities.reverse();
    let (b, _) = run(&reversed);
    for (i, e) in content.cities.iter().enumerate() {
        let j = reversed
            .cities
            .iter()
            .position(|x| x.city.slug == e.city.slug)
            .unwrap();
        let (mut x, mut y) = ((*a.cities[i]).clone(), (*b.cities[j]).clone());
        x.city = 0;
        y.city = 0;
        assert_eq!(x, y, "{} differs", e.city.name);
    }
    // Per-KPI comparisons: same ranks and statistics, whichever order cities come in.
    for (ka, kb) in a.kpis.iter().zip(&b.kpis) {
        for (ia, ib) in ka.items.iter().zip(&kb.items) {
            assert_eq!(ia.stats, ib.stats);
            // Each entry leads to its city's item for that KPI and data point.
            for e in &ia.entries {
                let it = a.entry_item(&content.catalog, ka.kpi, e).unwrap();
                assert_eq!((it.value, &it.point), (e.value, &ia.point));
            }
            let ra: Vec<(String, u32)> = ia
                .entries
                .iter()
                .map(|e| (content.cities[e.city()].city.slug.clone(), e.rank))
                .collect();
            let mut rb: Vec<(String, u32)> = ib
                .entries
                .iter()
                .map(|e| (reversed.cities[e.city()].city.slug.clone(), e.rank))
                .collect();
            let mut ra_sorted = ra.clone();
            ra_sorted.sort();
            rb.sort();
            assert_eq!(ra_sorted, rb);
        }
    }
}
