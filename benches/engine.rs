//! Micro-benchmarks (divan): the KPI engine alone over 10,000 synthetic cities, and the whole
//! in-memory pipeline for a one-city site (the finest public API that renders a profile).
//!
//! ```sh
//! cargo bench --bench engine
//! ```
//!
//! Sites come from `examples/synth.rs` (seed 42) and are written to a temporary folder once per
//! process; loading is setup, not measured, except in `build_in_memory_*`.

#[path = "../examples/synth.rs"]
#[allow(dead_code)]
mod synth;

use std::path::Path;
use std::sync::OnceLock;

use cityprofiles::config::SiteConfig;
use cityprofiles::content::{LoadOptions, load};
use cityprofiles::model::content::Content;
use cityprofiles::site::{BuildOptions, build_in_memory};

fn main() {
    divan::main();
}

/// A synthetic site of `n` cities, written once and kept for the whole run.
fn site(n: usize, years: usize) -> &'static Path {
    static DIRS: OnceLock<tempfile::TempDir> = OnceLock::new();
    let base = DIRS.get_or_init(|| tempfile::tempdir().expect("temp dir"));
    let dir = base.path().join(format!("synth-{n}-{years}"));
    if !dir.join("site.toml").is_file() {
        synth::generate(n, years, 42, &dir).expect("write synthetic site");
    }
    Box::leak(dir.into_boxed_path())
}

fn content(n: usize, years: usize) -> Content {
    let root = site(n, years);
    let config = SiteConfig::load(root).expect("site.toml");
    let (content, diags) = load(root, &config, LoadOptions::default());
    content.unwrap_or_else(|| {
        panic!(
            "synthetic site does not load:\n{}",
            diags.render(cityprofiles::diagnostics::MessageFormat::Short, false)
        )
    })
}

/// Engine over 10,000 cities (all 91 KPIs each), 1 and 3 years of data.
#[divan::bench(args = [1, 3], sample_count = 10, sample_size = 1)]
fn engine_10k_cities(bencher: divan::Bencher, years: usize) {
    let content = content(10_000, years);
    bencher.bench(|| divan::black_box(cityprofiles::kpi::run(divan::black_box(&content))));
}

/// Loading (read + parse + Markdown) of 1,000 cities, for comparison with the engine.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn load_1k_cities(bencher: divan::Bencher) {
    let root = site(1_000, 1);
    let config = SiteConfig::load(root).expect("site.toml");
    bencher.bench(|| divan::black_box(load(root, &config, LoadOptions::default())));
}

/// Whole pipeline in memory (config, load, engine, render, data files; no writing) for a site
/// with one city: one profile plus the fixed pages (home, 91 indicator pages, dimensions, SDGs).
#[divan::bench(sample_count = 20, sample_size = 1)]
fn build_in_memory_1_city(bencher: divan::Bencher) {
    let opts = BuildOptions {
        root: site(1, 1).to_path_buf(),
        ..BuildOptions::default()
    };
    bencher.bench(|| divan::black_box(build_in_memory(&opts).expect("build")));
}

/// The same for 100 cities: (this − one city) ÷ 99 is the marginal cost of one profile,
/// including its rows on the indicator pages.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn build_in_memory_100_cities(bencher: divan::Bencher) {
    let opts = BuildOptions {
        root: site(100, 1).to_path_buf(),
        ..BuildOptions::default()
    };
    bencher.bench(|| divan::black_box(build_in_memory(&opts).expect("build")));
}
