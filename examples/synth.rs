//! Synthetic site generator for benchmarks and tests.
//!
//! ```sh
//! cargo run --release --example synth -- --cities 1000 --years 3 --out /tmp/synth-1000 [--seed 42]
//! cargo run --release -- --root /tmp/synth-1000 build --timings
//! ```
//!
//! Writes a complete site folder: `site.toml`, `content/pages/about.md` and, for each of N
//! cities, `content/cities/<slug>/{city.toml,index.md}`. Every city reports all 91 KPIs of the
//! embedded U4SSC catalog (about 5 % as a status string instead of a number), with plausible
//! values per unit and data point, `Y` years of series when `Y > 1`, and a narrative of about
//! 300 words with headings, a bullet list and three `{{ kpi() }}` citations. The output is a
//! pure function of (N, Y, seed): the same arguments give byte-identical files.
//!
//! `--languages en,fr,ru` (default `en`) also lists French and Russian in `site.toml` and writes
//! `about.<lang>.md` and each city's `index.<lang>.md` in that language (`synth_lang/text.rs`);
//! English is always the default language, and the English files do not change.
//!
//! The generator is [`generate`] (English only) or [`generate_languages`]; `tests/synth.rs` and
//! `benches/engine.rs` include this file with `#[path]` so it keeps working.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

use cityprofiles::model::catalog::{Catalog, Direction, Kpi, slugify};
use clap::Parser;

// A folder of its own, because cargo takes every `examples/*.rs` for an example of its own.
#[path = "synth_lang/text.rs"]
mod text;

/// Command line of the example.
#[derive(Debug, Parser)]
#[command(about = "Writes a synthetic cityprofiles site (deterministic for a seed)")]
struct Args {
    /// Number of cities.
    #[arg(long, default_value_t = 100)]
    cities: usize,
    /// Years of data per value (a `series` when more than 1).
    #[arg(long, default_value_t = 1)]
    years: usize,
    /// Site folder to write (created if missing).
    #[arg(long)]
    out: std::path::PathBuf,
    /// Seed of the generator.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Languages of the site, English first (known: en, fr, ru).
    #[arg(long, value_delimiter = ',', default_value = "en")]
    languages: Vec<String>,
}

fn main() -> io::Result<()> {
    let args = Args::parse();
    let t = std::time::Instant::now();
    let languages: Vec<&str> = args.languages.iter().map(String::as_str).collect();
    generate_languages(args.cities, args.years, args.seed, &languages, &args.out)?;
    eprintln!(
        "wrote {} cities x {} year(s) to {} in {} ms",
        args.cities,
        args.years,
        args.out.display(),
        t.elapsed().as_millis()
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// PRNG: splitmix64 (public domain algorithm by Sebastiano Vigna); no dependency.

/// A small deterministic pseudo-random generator.
pub struct Rng(u64);

impl Rng {
    /// A generator for a seed.
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in [lo, hi).
    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.f64()
    }

    /// Uniform integer in [0, n).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// True with probability p.
    pub fn chance(&mut self, p: f64) -> bool {
        self.f64() < p
    }

    /// One element of a slice.
    pub fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }
}

/// Seed of one city: independent of N, so city i is the same in every site size.
fn city_seed(seed: u64, i: usize) -> u64 {
    let mut r = Rng::new(seed ^ (i as u64).wrapping_mul(0xA24B_AED4_963E_E407));
    r.next_u64()
}

// ---------------------------------------------------------------------------------------------
// Names and places.

/// (country, ISO code, UN region, approximate lat, lon, half-extent in degrees).
const COUNTRIES: &[(&str, &str, &str, f64, f64, f64)] = &[
    ("Norway", "NO", "Europe", 62.0, 9.0, 4.0),
    ("Sweden", "SE", "Europe", 60.0, 15.0, 4.0),
    ("Finland", "FI", "Europe", 62.0, 25.0, 3.0),
    ("Denmark", "DK", "Europe", 56.0, 10.0, 1.0),
    ("Germany", "DE", "Europe", 51.0, 10.0, 3.0),
    ("France", "FR", "Europe", 46.5, 2.5, 3.5),
    ("Spain", "ES", "Europe", 40.0, -3.5, 3.5),
    ("Portugal", "PT", "Europe", 39.5, -8.0, 1.5),
    ("Italy", "IT", "Europe", 42.5, 12.5, 3.5),
    ("Poland", "PL", "Europe", 52.0, 19.5, 2.5),
    ("Hungary", "HU", "Europe", 47.0, 19.5, 1.5),
    ("Switzerland", "CH", "Europe", 46.8, 8.2, 0.8),
    ("Austria", "AT", "Europe", 47.5, 14.5, 1.2),
    ("Czechia", "CZ", "Europe", 49.8, 15.5, 1.2),
    ("Romania", "RO", "Europe", 45.9, 25.0, 2.0),
    ("Netherlands", "NL", "Europe", 52.2, 5.5, 0.8),
    ("Ireland", "IE", "Europe", 53.3, -8.0, 1.2),
    ("Iceland", "IS", "Europe", 64.9, -18.5, 1.5),
    ("Turkey", "TR", "Asia", 39.0, 35.0, 4.0),
    ("United Arab Emirates", "AE", "Asia", 24.4, 54.4, 1.0),
    ("Saudi Arabia", "SA", "Asia", 24.0, 45.0, 5.0),
    ("Iran", "IR", "Asia", 32.5, 53.5, 5.0),
    ("India", "IN", "Asia", 22.0, 79.0, 7.0),
    ("China", "CN", "Asia", 32.0, 110.0, 8.0),
    ("Japan", "JP", "Asia", 36.0, 138.0, 3.0),
    ("Republic of Korea", "KR", "Asia", 36.5, 127.8, 1.2),
    ("Singapore", "SG", "Asia", 1.35, 103.8, 0.1),
    ("Malaysia", "MY", "Asia", 3.5, 102.0, 2.0),
    ("Indonesia", "ID", "Asia", -2.5, 115.0, 6.0),
    ("Viet Nam", "VN", "Asia", 16.0, 106.5, 4.0),
    ("Thailand", "TH", "Asia", 15.0, 101.0, 4.0),
    ("Philippines", "PH", "Asia", 12.5, 122.0, 4.0),
    ("Kazakhstan", "KZ", "Asia", 48.0, 68.0, 6.0),
    ("Tunisia", "TN", "Africa", 35.0, 9.5, 2.0),
    ("Morocco", "MA", "Africa", 32.0, -6.5, 3.0),
    ("Egypt", "EG", "Africa", 27.0, 30.5, 3.5),
    ("Nigeria", "NG", "Africa", 9.0, 8.0, 4.0),
    ("Ghana", "GH", "Africa", 7.9, -1.0, 2.0),
    ("Kenya", "KE", "Africa", 0.5, 37.8, 3.0),
    ("Rwanda", "RW", "Africa", -2.0, 30.0, 0.6),
    ("Ethiopia", "ET", "Africa", 9.0, 39.5, 4.0),
    ("South Africa", "ZA", "Africa", -29.0, 25.0, 4.0),
    ("Senegal", "SN", "Africa", 14.5, -14.5, 1.5),
    ("Côte d'Ivoire", "CI", "Africa", 7.5, -5.5, 2.0),
    ("Brazil", "BR", "Americas", -12.0, -50.0, 9.0),
    ("Argentina", "AR", "Americas", -34.0, -64.0, 6.0),
    ("Chile", "CL", "Americas", -33.0, -71.0, 4.0),
    ("Colombia", "CO", "Americas", 4.5, -74.0, 3.0),
    ("Mexico", "MX", "Americas", 22.0, -101.0, 5.0),
    ("Peru", "PE", "Americas", -9.5, -75.5, 4.0),
    ("Uruguay", "UY", "Americas", -32.8, -56.0, 1.2),
    ("Ecuador", "EC", "Americas", -1.5, -78.5, 1.5),
    ("Canada", "CA", "Americas", 50.0, -95.0, 8.0),
    (
        "United States of America",
        "US",
        "Americas",
        39.0,
        -98.0,
        10.0,
    ),
    ("Australia", "AU", "Oceania", -27.0, 134.0, 9.0),
    ("New Zealand", "NZ", "Oceania", -41.0, 174.0, 3.0),
    ("Fiji", "FJ", "Oceania", -17.8, 178.0, 0.6),
];

const ONSETS: &[&str] = &[
    "Al", "Ber", "Cas", "Dor", "El", "Fal", "Gran", "Hal", "Is", "Jor", "Kal", "Lin", "Mar", "Nor",
    "Os", "Pra", "Quin", "Ros", "San", "Tor", "Ul", "Val", "Wes", "Yar", "Zan", "Bel", "Cor",
    "Dun", "Esk", "Fer", "Gal", "Hel", "Ka", "Lu", "Mo", "Na", "Ri", "Sa", "Te", "Vi",
];
/// Onsets with diacritics, to exercise slugs (Ålesund-style names).
const ONSETS_ACCENTED: &[&str] = &[
    "Å", "Ø", "Ær", "Bü", "Gö", "Mü", "Sé", "Zü", "Łó", "Ši", "Ça", "Ñu", "Ré", "Ís", "Õr",
];
const MIDDLES: &[&str] = &[
    "a", "e", "i", "o", "u", "ar", "en", "is", "on", "ur", "el", "an", "ir", "ol", "em", "ä", "é",
    "ø", "ó",
];
const CODAS: &[&str] = &[
    "burg", "ville", "stad", "polis", "grad", "holm", "ford", "mouth", "abad", "pur", "nagar",
    "dorf", "sund", "vik", "ia", "ona", "ara", "ez", "ton", "mar", "heim", "rio", "ka", "bad",
    "lund", "gaard", "ovo", "ita", "ens", "água",
];
const PREFIXES: &[&str] = &[
    "San", "Santa", "Port", "Nova", "Bad", "Puerto", "Saint-", "New", "Ciudad", "Villa", "São",
    "Nieuw",
];
const SUFFIXES: &[&str] = &["City", "del Mar", "am See", "Bay", "Norte", "Sur", "Nord"];

fn city_name(r: &mut Rng) -> String {
    let onset = if r.chance(0.12) {
        r.pick(ONSETS_ACCENTED)
    } else {
        r.pick(ONSETS)
    };
    let mut base = String::from(onset);
    for _ in 0..r.below(2) {
        base.push_str(r.pick(MIDDLES));
    }
    base.push_str(r.pick(CODAS));
    let roll = r.f64();
    if roll < 0.10 {
        let p = r.pick(PREFIXES);
        if p.ends_with('-') {
            format!("{p}{base}")
        } else {
            format!("{p} {base}")
        }
    } else if roll < 0.15 {
        format!("{base} {}", r.pick(SUFFIXES))
    } else {
        base
    }
}

// ---------------------------------------------------------------------------------------------
// Values.

/// Plausible range of a KPI's value: (low, high, decimals). Which end is good follows the
/// KPI's direction.
fn range_of(code: &str, unit: &str) -> (f64, f64, usize) {
    match code {
        "EC: ICT: ICT: 1C" => (55.0, 99.5, 2),
        "EC: ICT: ICT: 2C" => (15.0, 95.0, 2),
        "EC: ICT: ICT: 3C" => (20_000.0, 150_000.0, 0),
        "EC: ICT: ES: 3A" => (0.0, 25.0, 2),
        "EC: ICT: PS: 2A" => (10.0, 400.0, 0),
        "EC: P: IN: 1C" => (0.2, 4.5, 2),
        "EC: P: IN: 2C" => (0.5, 80.0, 2),
        "EC: P: IN: 3A" => (90.0, 99.9, 2),
        "EC: P: EM: 1C" => (2.0, 25.0, 2),
        "EC: P: EM: 2C" => (5.0, 45.0, 2),
        "EC: P: EM: 3A" => (1.0, 15.0, 2),
        "EC: P: EM: 4A" => (1.0, 10.0, 2),
        "EC: I: WS: 1C" | "EC: I: WS: 5C" | "EC: I: WA: 1C" => (75.0, 100.0, 2),
        "EC: I: WS: 2C" => (70.0, 100.0, 2),
        "EC: I: WS: 3C" => (5.0, 45.0, 2),
        "EC: I: WS: 4C" => (50.0, 100.0, 2),
        "EC: I: ES: 1C" => (0.2, 12.0, 2),
        "EC: I: ES: 2C" => (10.0, 600.0, 1),
        "EC: I: ES: 3C" => (90.0, 100.0, 2),
        "EC: I: T: 1C" => (20.0, 400.0, 1),
        "EC: I: T: 3C" => (2.0, 250.0, 1),
        "EC: I: T: 5A" => (1.05, 2.2, 2),
        "EC: I: T: 6A" => (0.0, 1200.0, 1),
        "EC: I: T: 7A" => (0.0, 150.0, 1),
        "EC: I: T: 8A" => (0.2, 30.0, 2),
        "EC: I: B: 1A" => (0.0, 60.0, 2),
        "EN: EN: AQ: 2C" => (1.0, 15.0, 2),
        "EN: EN: WS: 1C" => (85.0, 100.0, 2),
        "EN: EN: WS: 2C" => (90.0, 400.0, 1),
        "EN: EN: WS: 3C" => (5.0, 80.0, 2),
        "EN: EN: EQ: 1C" => (90.0, 100.0, 2),
        "EN: EN: EQ: 2A" => (5.0, 40.0, 2),
        "EN: EN: PSN: 1C" => (50.0, 1500.0, 1),
        "EN: EN: PSN: 3A" => (1.0, 40.0, 2),
        "EN: EN: PSN: 4A" => (5.0, 200.0, 1),
        "EN: E: E: 1C" => (2.0, 80.0, 2),
        "EN: E: E: 2C" => (800.0, 12_000.0, 0),
        "EN: E: E: 3C" => (2.0, 40.0, 2),
        "EN: E: E: 4A" => (60.0, 350.0, 1),
        "SC: EH: ED: 2C" => (75.0, 100.0, 2),
        "SC: EH: ED: 3C" => (1000.0, 30_000.0, 0),
        "SC: EH: ED: 4C" => (70.0, 100.0, 2),
        "SC: EH: H: 1C" => (60.0, 85.0, 1),
        "SC: EH: H: 2C" => (2.0, 400.0, 1),
        "SC: EH: H: 3C" => (30.0, 600.0, 1),
        "SC: EH: H: 4A" => (100.0, 1300.0, 1),
        "SC: EH: C: 1C" => (0.2, 6.0, 2),
        "SC: EH: C: 2A" => (2.0, 150.0, 2),
        "SC: SH: HO: 1C" => (0.0, 40.0, 2),
        "SC: SH: HO: 2A" => (15.0, 50.0, 2),
        "SC: SH: SI: 1C" => (0.55, 1.0, 2),
        "SC: SH: SI: 2C" => (0.24, 0.6, 2),
        "SC: SH: SI: 3C" => (2.0, 40.0, 2),
        "SC: SH: SI: 4C" => (30.0, 90.0, 2),
        "SC: SH: SA: 1C" => (0.0, 5.0, 2),
        "SC: SH: SA: 2C" => (0.0, 3.0, 3),
        "SC: SH: SA: 4A" => (0.0, 35.0, 2),
        "SC: SH: SA: 5A" => (4.0, 25.0, 1),
        "SC: SH: SA: 6C" => (100.0, 500.0, 1),
        "SC: SH: SA: 7C" => (20.0, 150.0, 1),
        "SC: SH: SA: 8C" => (20.0, 1200.0, 1),
        "SC: SH: SA: 9C" => (1.0, 25.0, 2),
        "SC: SH: FS: 1A" => (1.0, 50.0, 2),
        _ if unit.starts_with('%') => (10.0, 100.0, 2),
        _ if unit.starts_with("per 100 000") => (1.0, 500.0, 1),
        _ => (0.0, 100.0, 2),
    }
}

/// Largest value allowed by the unit (percentages stop at 100).
fn cap(unit: &str) -> f64 {
    if unit == "%" { 100.0 } else { f64::INFINITY }
}

/// One value for a city of quality `q` (0 = poor, 1 = leading), in `[lo, hi]`.
fn draw(r: &mut Rng, q: f64, lo: f64, hi: f64, dir: Direction) -> f64 {
    let t = (0.65 * q + 0.35 * r.f64()).clamp(0.0, 1.0);
    let t = match dir {
        Direction::Lower => 1.0 - t,
        _ => t,
    };
    lo + (hi - lo) * t
}

fn round(x: f64, d: usize) -> f64 {
    let m = 10f64.powi(d as i32);
    (x * m).round() / m
}

/// A number as TOML: integers without a fraction, others with `d` decimals.
fn num(x: f64, d: usize) -> String {
    if d == 0 {
        format!("{}", x.round() as i64)
    } else {
        let s = format!("{x:.d$}");
        let s = s.trim_end_matches('0');
        if s.ends_with('.') {
            format!("{s}0")
        } else {
            s.to_string()
        }
    }
}

/// Range, cap and decimals of one quantity.
#[derive(Clone, Copy)]
struct Bounds {
    lo: f64,
    hi: f64,
    max: f64,
    d: usize,
}

/// Values of one quantity over `years` years, oldest first, drifting towards the latest.
fn series_of(r: &mut Rng, latest: f64, years: usize, b: Bounds, dir: Direction) -> Vec<f64> {
    let Bounds { lo, hi, max, d } = b;
    let mut out = vec![0.0; years];
    let mut v = latest;
    for i in (0..years).rev() {
        out[i] = round(v.clamp(0.0, max), d);
        // The year before was usually a little worse.
        let step = (hi - lo) * r.range(-0.01, 0.05);
        v = match dir {
            Direction::Lower => v + step,
            _ => v - step,
        }
        .clamp(lo.max(0.0), hi.min(max));
    }
    out
}

/// Shares that sum to exactly 100 (with one decimal).
fn shares(w: &[f64]) -> Vec<f64> {
    let total: f64 = w.iter().sum();
    let mut s: Vec<f64> = w.iter().map(|x| round(x / total * 100.0, 1)).collect();
    let diff = round(100.0 - s.iter().sum::<f64>(), 1);
    let imax = (0..s.len())
        .max_by(|&a, &b| s[a].total_cmp(&s[b]))
        .unwrap_or(0);
    s[imax] = round(s[imax] + diff, 1);
    s
}

/// What a city reports for one KPI, before formatting.
enum Gen {
    Status(&'static str),
    YesNo(bool),
    /// Years of one number (oldest first), decimals.
    Number(Vec<f64>, usize),
    /// Data points: (key, years of values or a yes/no, decimals).
    Points(Vec<(String, PointGen)>),
}

enum PointGen {
    Number(Vec<f64>, usize),
    YesNo(bool),
}

fn gen_value(r: &mut Rng, kpi: &Kpi, q: f64, years: usize, population: u64) -> Gen {
    if r.chance(0.05) {
        return Gen::Status(r.pick(&["not-reported", "not-applicable", "not-verified"]));
    }
    let code = kpi.code.as_str();
    if kpi.data_points.is_empty() {
        if kpi.direction == Direction::YesNo {
            return Gen::YesNo(r.chance(0.35 + 0.6 * q));
        }
        let (lo, hi, d) = if code == "EC: ICT: ICT: 5C" {
            // Hotspots scale with the population.
            let per100k = r.range(5.0, 200.0);
            let n = (population as f64 / 100_000.0 * per100k).max(3.0);
            (n * 0.5, n * 1.5, 0)
        } else {
            range_of(code, &kpi.unit)
        };
        let dir = if code == "SC: SH: SI: 1C" {
            Direction::Higher
        } else {
            kpi.direction
        };
        let max = cap(&kpi.unit);
        let latest = draw(r, q, lo, hi, dir);
        let b = Bounds { lo, hi, max, d };
        return Gen::Number(series_of(r, latest, years, b, dir), d);
    }
    let keys: Vec<String> = kpi.data_points.iter().map(|p| p.key.to_string()).collect();
    let pts: Vec<(String, PointGen)> = match code {
        // Mode share and waste treatment: shares of one whole.
        "EC: I: T: 4A" | "EN: EN: WA: 1C" => {
            let base: Vec<f64> = keys
                .iter()
                .map(|k| match k.as_str() {
                    "private-vehicle" => 45.0 - 25.0 * q,
                    "public-transport" => 20.0 + 15.0 * q,
                    "walking" => 18.0,
                    "cycling" => 3.0 + 12.0 * q,
                    "landfill" => 55.0 - 35.0 * q,
                    "recycled" => 10.0 + 35.0 * q,
                    "open-dump" => 8.0 * (1.0 - q) + 0.5,
                    "burnt" => 4.0 * (1.0 - q) + 0.5,
                    "incinerated" => 5.0 + 15.0 * q,
                    _ => 4.0,
                })
                .collect();
            let mut per_year: Vec<Vec<f64>> = Vec::with_capacity(years);
            let mut w: Vec<f64> = base.iter().map(|w| w * r.range(0.4, 1.6)).collect();
            for _ in 0..years {
                per_year.push(shares(&w));
                for x in &mut w {
                    *x *= r.range(0.95, 1.05);
                }
            }
            per_year.reverse();
            keys.iter()
                .enumerate()
                .map(|(i, k)| {
                    let v = per_year.iter().map(|y| y[i]).collect();
                    (k.clone(), PointGen::Number(v, 1))
                })
                .collect()
        }
        _ => kpi
            .data_points
            .iter()
            .map(|p| {
                if p.direction == Direction::YesNo {
                    return (p.key.to_string(), PointGen::YesNo(r.chance(0.3 + 0.6 * q)));
                }
                let (lo, hi, d) = match (code, &*p.key) {
                    (_, "pm2-5") => (5.0, 60.0, 1),
                    (_, "pm10") => (10.0, 100.0, 1),
                    (_, "no2") => (5.0, 60.0, 1),
                    (_, "so2") => (1.0, 30.0, 1),
                    (_, "o3") => (20.0, 120.0, 1),
                    (_, "3g") => (80.0, 100.0, 2),
                    (_, "4g") => (50.0, 100.0, 2),
                    (_, "number") => (0.0, 1500.0, 0),
                    (_, "primary") => (70.0, 100.0, 2),
                    (_, "secondary") => (40.0, 95.0, 2),
                    (_, "tertiary") => (0.0, 60.0, 2),
                    _ => range_of("", &p.unit),
                };
                let max = cap(&p.unit);
                let latest = draw(r, q, lo, hi, p.direction);
                let b = Bounds { lo, hi, max, d };
                let v = series_of(r, latest, years, b, p.direction);
                (p.key.to_string(), PointGen::Number(v, d))
            })
            .collect(),
    };
    Gen::Points(pts)
}

// ---------------------------------------------------------------------------------------------
// One city.

struct CityGen {
    slug: String,
    name: String,
    country: &'static str,
    country_code: &'static str,
    region: &'static str,
    lat: f64,
    lon: f64,
    population: u64,
    area: f64,
    data_year: i32,
    published: String,
    kind: &'static str,
    /// (KPI index, value).
    values: Vec<(usize, Gen)>,
}

const KINDS: &[&str] = &[
    "U4SSC verification report",
    "U4SSC factsheet",
    "U4SSC self-assessment",
];

fn write_city_toml(r: &mut Rng, c: &CityGen, catalog: &Catalog, years: usize) -> String {
    let mut s = String::with_capacity(8 * 1024);
    let y0 = c.data_year - years as i32 + 1;
    let _ = writeln!(
        s,
        "# Synthetic city written by `cargo run --example synth`; the values are invented.\n"
    );
    let _ = writeln!(s, "name = \"{}\"", c.name);
    let _ = writeln!(s, "country = \"{}\"", c.country);
    let _ = writeln!(s, "country_code = \"{}\"", c.country_code);
    let _ = writeln!(s, "region = \"{}\"", c.region);
    let _ = writeln!(s, "population = {}", c.population);
    let _ = writeln!(s, "population_year = {}", c.data_year - r.below(2) as i32);
    let _ = writeln!(s, "area_km2 = {}", num(c.area, 2));
    let _ = writeln!(s, "location = {{ lat = {:.2}, lon = {:.2} }}", c.lat, c.lon);
    let _ = writeln!(
        s,
        "evaluation = {{ kind = \"{}\", published = \"{}\", data_year = {} }}",
        c.kind, c.published, c.data_year
    );
    let _ = writeln!(s, "sources = [");
    let _ = writeln!(
        s,
        "  {{ id = \"report\", title = \"{} {}, {} ({})\", url = \"https://example.org/u4ssc/{}/report-{}.html\" }},",
        c.kind, c.name, c.country, c.published, c.slug, c.data_year
    );
    let _ = writeln!(
        s,
        "  {{ id = \"stats\", title = \"{} statistics office, city data {}\", url = \"https://example.org/stats/{}/\" }},",
        c.country, c.data_year, c.slug
    );
    let _ = writeln!(s, "]\n\n[values]");
    for (ki, g) in &c.values {
        let kpi = &catalog.kpis[*ki];
        let code = &kpi.code;
        let _ = write!(s, "\"{code}\" = ");
        match g {
            Gen::Status(st) => {
                if r.chance(0.5) {
                    let _ = writeln!(s, "\"{st}\"");
                } else {
                    let _ = writeln!(
                        s,
                        "{{ status = \"{st}\", source = \"report\", note = \"The report prints '{st}'.\" }}"
                    );
                }
            }
            Gen::YesNo(b) => {
                let _ = writeln!(s, "\"{}\"", if *b { "yes" } else { "no" });
            }
            Gen::Number(v, d) if years == 1 => {
                let x = v[0];
                let roll = r.f64();
                if roll < 0.6 {
                    let _ = writeln!(s, "{}", num(x, *d));
                } else if roll < 0.95 {
                    let verified = if &*kpi.unit == "%" {
                        ", verified = true"
                    } else {
                        ""
                    };
                    let goal = if r.chance(0.1) {
                        let g = match kpi.direction {
                            Direction::Lower => x * 0.8,
                            _ => (x * 1.2).min(cap(&kpi.unit)),
                        };
                        format!(", goal = {{ value = {}, year = 2030 }}", num(g, *d))
                    } else {
                        String::new()
                    };
                    let _ = writeln!(
                        s,
                        "{{ value = {}, year = {}, source = \"report\"{verified}{goal} }}",
                        num(x, *d),
                        c.data_year
                    );
                } else if &*kpi.unit == "%" && kpi.multiplier == Some(100.0) && x > 0.0 {
                    // Raw counts: the engine applies the formula.
                    let den = 1000 + r.below(900_000) as u64;
                    let numer = (x / 100.0 * den as f64).round().min(den as f64) as u64;
                    let _ = writeln!(
                        s,
                        "{{ numerator = {numer}, denominator = {den}, source = \"stats\" }}"
                    );
                } else {
                    let _ = writeln!(s, "{{ value = {}, source = \"stats\" }}", num(x, *d));
                }
            }
            Gen::Number(v, d) => {
                let _ = write!(s, "{{ series = {{ ");
                for (i, x) in v.iter().enumerate() {
                    let sep = if i + 1 < v.len() { ", " } else { "" };
                    let _ = write!(s, "{} = {}{sep}", y0 + i as i32, num(*x, *d));
                }
                let _ = writeln!(s, " }}, source = \"report\" }}");
            }
            Gen::Points(pts) => {
                let _ = write!(s, "{{ ");
                for (key, p) in pts {
                    match p {
                        PointGen::YesNo(b) => {
                            let _ = write!(s, "{key} = \"{}\", ", if *b { "yes" } else { "no" });
                        }
                        PointGen::Number(v, d) if years == 1 => {
                            let _ = write!(s, "{key} = {}, ", num(v[0], *d));
                        }
                        PointGen::Number(v, d) => {
                            let _ = write!(s, "{key} = {{ series = {{ ");
                            for (i, x) in v.iter().enumerate() {
                                let sep = if i + 1 < v.len() { ", " } else { "" };
                                let _ = write!(s, "{} = {}{sep}", y0 + i as i32, num(*x, *d));
                            }
                            let _ = write!(s, " }} }}, ");
                        }
                    }
                }
                let _ = writeln!(s, "source = \"report\" }}");
            }
        }
    }
    s
}

fn fmt_thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

const GEOGRAPHY: &[&str] = &[
    "The old town grew around a natural harbour, and the newer districts climb the hills behind it.",
    "It lies on a broad river plain, where the historic centre meets a ring of post-war housing estates.",
    "Its districts spread along a coastal strip between the sea and a range of low mountains.",
    "The city sits at a crossroads of rail and motorway corridors, which shaped its industrial past.",
    "A chain of lakes and parks divides the compact centre from fast-growing suburbs.",
    "Much of the city is built on reclaimed land, and flood defences shape its planning.",
];
const ECONOMY: &[&str] = &[
    "Logistics, food processing and a growing software sector are the main employers.",
    "A university and two hospitals make education and health care the largest sources of jobs.",
    "Tourism and the port dominate the local economy, with strong seasonal swings.",
    "Manufacturing has declined since the 1990s, and services now employ most residents.",
    "The regional government, a technology park and a busy airport support the labour market.",
];
const CONTEXT: &[&str] = &[
    "The city joined the U4SSC programme to measure progress on its sustainability strategy and to compare itself with peers.",
    "Council members asked for the assessment to set priorities for the next investment plan.",
    "The evaluation team worked with the statistics office and the utilities to collect the data.",
    "Several indicators were collected for the first time, so some values carry notes on their method.",
];
const CITE_LEADS: &[&str] = &[
    "The latest figure for {name} is {cite}, which the report discusses in detail.",
    "For {name}, the evaluation records {cite}.",
    "{name} stands at {cite}, a value the city wants to improve before 2030.",
    "The value reported for {name} is {cite}.",
];
const FILLERS: &[&str] = &[
    "Officials expect the figure to change as new projects are completed.",
    "The data come from municipal records checked by the evaluation team.",
    "Neighbouring cities of similar size report comparable values.",
    "The trend over recent years has been steady.",
    "A new monitoring system should make the next measurement more precise.",
];
const RECS: &[(&str, &str)] = &[
    (
        "Publish more open data",
        "Machine-readable releases would help researchers and businesses reuse the figures.",
    ),
    (
        "Invest in public transport",
        "Frequent, reliable services would reduce car trips and emissions.",
    ),
    (
        "Retrofit public buildings",
        "Energy upgrades would cut running costs and emissions at the same time.",
    ),
    (
        "Protect green space",
        "New districts should keep parks within a short walk of every home.",
    ),
    (
        "Close the digital divide",
        "Affordable broadband and training would reach households still offline.",
    ),
    (
        "Prepare for disasters",
        "An updated resilience plan would cover floods, heat waves and storms.",
    ),
    (
        "Measure consistently",
        "Using the same methods every year would make trends easier to read.",
    ),
];

/// Three KPIs (catalog indices) the city reports as a plain number, for a narrative to cite;
/// the narrative of every language draws them with its own generator.
fn cited_kpis(r: &mut Rng, c: &CityGen) -> Vec<usize> {
    let numeric: Vec<usize> = c
        .values
        .iter()
        .filter(|(_, g)| matches!(g, Gen::Number(..)))
        .map(|(ki, _)| *ki)
        .collect();
    let mut cited: Vec<usize> = Vec::with_capacity(3);
    while cited.len() < 3.min(numeric.len()) {
        let k = r.pick(&numeric);
        if !cited.contains(&k) {
            cited.push(k);
        }
    }
    cited
}

fn narrative(r: &mut Rng, c: &CityGen, catalog: &Catalog) -> String {
    let cited = cited_kpis(r, c);
    let month = c.published[5..7].parse::<usize>().unwrap_or(1);
    let year = &c.published[..4];
    let size = match c.population {
        0..=100_000 => "small",
        100_001..=500_000 => "mid-sized",
        500_001..=2_000_000 => "large",
        _ => "very large",
    };
    let mut s = String::with_capacity(2400);
    let _ = writeln!(
        s,
        "*This narrative is synthetic: it was written by the cityprofiles benchmark generator and describes no real place.*\n"
    );
    let _ = writeln!(s, "## Background\n");
    let _ = writeln!(
        s,
        "{} is a {size} city in {}, in the {} region, with about {} inhabitants on {} km². {} {}\n",
        c.name,
        c.country,
        c.region,
        fmt_thousands(c.population),
        num(c.area, 1),
        r.pick(GEOGRAPHY),
        r.pick(ECONOMY)
    );
    let a = r.below(CONTEXT.len());
    let b = (a + 1 + r.below(CONTEXT.len() - 1)) % CONTEXT.len();
    let _ = writeln!(
        s,
        "The {} published in {} {year} covers data for {}. {} {}\n",
        c.kind,
        cityprofiles::render::format::EN.months[(month - 1).min(11)],
        c.data_year,
        CONTEXT[a],
        CONTEXT[b]
    );
    let _ = writeln!(s, "## Key findings\n");
    for &ki in &cited {
        let kpi = &catalog.kpis[ki];
        let cite = format!(
            "{{{{ kpi(\"{}\") }}}} for *{}*",
            kpi.code,
            kpi.name.to_lowercase()
        );
        let lead = r
            .pick(CITE_LEADS)
            .replace("{name}", &c.name)
            .replace("{cite}", &cite);
        let theme = &catalog.dimensions[kpi.dimension].subdimensions[kpi.subdimension].name;
        let f = r.below(FILLERS.len());
        let g = (f + 1 + r.below(FILLERS.len() - 1)) % FILLERS.len();
        let _ = writeln!(s, "**{theme}.** {lead} {} {}\n", FILLERS[f], FILLERS[g]);
    }
    let _ = writeln!(s, "## Recommendations\n");
    let first = r.below(RECS.len());
    for i in 0..4 {
        let (title, text) = RECS[(first + i) % RECS.len()];
        if i == 0
            && let Some(&ki) = cited.first()
        {
            let _ = writeln!(
                s,
                "- **{title}.** {text} See the [indicator page](/indicators/{}/).",
                catalog.kpis[ki].slug
            );
        } else {
            let _ = writeln!(s, "- **{title}.** {text}");
        }
    }
    let _ = writeln!(
        s,
        "\nFor how the values are scored, see the [about page](/about/about/)."
    );
    s
}

fn gen_city(seed: u64, i: usize, years: usize, catalog: &Catalog) -> (CityGen, Rng) {
    let mut r = Rng::new(city_seed(seed, i));
    let name = city_name(&mut r);
    let (country, cc, region, clat, clon, ext) = r.pick(COUNTRIES);
    let lat = (clat + r.range(-ext, ext)).clamp(-89.0, 89.0);
    let lon = (clon + r.range(-ext, ext)).clamp(-179.0, 179.0);
    // Log-uniform population 20 000 to 15 million; density 300 to 12 000 per km².
    let population = (20_000f64.ln() + r.f64() * (15e6f64.ln() - 20_000f64.ln())).exp() as u64;
    let density = (300f64.ln() + r.f64() * (12_000f64.ln() - 300f64.ln())).exp();
    let area = round(population as f64 / density, 2).max(1.0);
    let data_year = 2018 + r.below(7) as i32;
    let pub_year = data_year + r.below(2) as i32;
    let published = format!("{pub_year}-{:02}", 1 + r.below(12));
    let kind = r.pick(KINDS);
    let q = r.f64();
    let values = catalog
        .kpis
        .iter()
        .enumerate()
        .map(|(ki, k)| (ki, gen_value(&mut r, k, q, years, population)))
        .collect();
    let c = CityGen {
        slug: String::new(),
        name,
        country,
        country_code: cc,
        region,
        lat,
        lon,
        population,
        area,
        data_year,
        published,
        kind,
        values,
    };
    (c, r)
}

const SITE_TOML: &str = r#"# Synthetic site written by `cargo run --example synth`; every city and value is invented.
title = "Synthetic City Profiles"
description = "A generated site for benchmarking cityprofiles: invented cities with plausible U4SSC KPI values."
base_url = "http://127.0.0.1:1111/"
default_language = "en"
publisher = "cityprofiles benchmark"
data_licence = "CC0 1.0"
data_licence_url = "https://creativecommons.org/publicdomain/zero/1.0/"

[markdown]
raw_html = "escape"

[scoring]
target_year = 2030
"#;

const ABOUT_MD: &str = r#"+++
title = "About this site"
description = "What this generated site is and how its values are scored."
weight = 1
+++

This site was generated by the `synth` example of cityprofiles. Its cities, countries' data and
narratives are **invented**, with values in plausible ranges for each U4SSC indicator, so that
the build can be measured at any size.

## How values are scored

Each value is compared with a target: value ÷ target when higher is better, target ÷ value when
lower is better, capped at 100 %. The percentage gives a band from 1 to 4.

- Values marked *not reported*, *not applicable* or *not verified* are not scored.
- Indicators without a target are shown but not scored.
"#;

/// Writes a synthetic site with `n` cities and `years` years of data into `out`, in English.
pub fn generate(n: usize, years: usize, seed: u64, out: &Path) -> io::Result<()> {
    generate_languages(n, years, seed, &["en"], out)
}

/// The extra languages of `languages`, which must start with English (the default language)
/// and name each other language the generator knows once.
fn extra_languages(languages: &[&str]) -> io::Result<Vec<&'static text::Lang>> {
    let invalid = |msg: String| io::Error::new(io::ErrorKind::InvalidInput, msg);
    match languages.first() {
        Some(&"en") => {}
        _ => return Err(invalid("--languages must start with en".into())),
    }
    let mut extra: Vec<&'static text::Lang> = Vec::new();
    for &code in &languages[1..] {
        let lang = text::lang(code)
            .ok_or_else(|| invalid(format!("unknown language {code:?} (known: en, fr, ru)")))?;
        if extra.iter().any(|l| l.code == code) {
            return Err(invalid(format!("language {code:?} is given twice")));
        }
        extra.push(lang);
    }
    Ok(extra)
}

/// Like [`generate`], in `languages` (English first, then any of `fr`, `ru`): `site.toml` lists
/// them and every page and city narrative gets a translation. With `["en"]` the files are
/// [`generate`]'s, byte for byte.
pub fn generate_languages(
    n: usize,
    years: usize,
    seed: u64,
    languages: &[&str],
    out: &Path,
) -> io::Result<()> {
    let extra = extra_languages(languages)?;
    let years = years.max(1);
    let catalog = Catalog::u4ssc();
    let codes: Vec<&str> = catalog.kpis.iter().map(|k| k.code.as_str()).collect();
    fs::create_dir_all(out.join("content/pages"))?;
    let mut site_toml = SITE_TOML.to_string();
    if !extra.is_empty() {
        // Listed the way the example site lists them: English first, as the default.
        site_toml.push_str("\n[languages.en]\nname = \"English\"\n");
    }
    for lang in &extra {
        site_toml.push_str(lang.site_toml);
        fs::write(
            out.join(format!("content/pages/about.{}.md", lang.code)),
            lang.about,
        )?;
    }
    fs::write(out.join("site.toml"), site_toml)?;
    fs::write(out.join("content/pages/about.md"), ABOUT_MD)?;
    let cities_dir = out.join("content/cities");
    fs::create_dir_all(&cities_dir)?;
    let mut slugs = std::collections::BTreeSet::new();
    for i in 0..n {
        let (mut c, mut r) = gen_city(seed, i, years, &catalog);
        let base = slugify(&c.name);
        let mut slug = base.clone();
        let mut k = 2;
        while !slugs.insert(slug.clone()) {
            slug = format!("{base}-{k}");
            k += 1;
        }
        c.slug = slug;
        let toml = write_city_toml(&mut r, &c, &catalog, years);
        let md = narrative(&mut r, &c, &catalog);
        let dir = cities_dir.join(&c.slug);
        fs::create_dir_all(&dir)?;
        fs::write(dir.join("city.toml"), toml)?;
        fs::write(dir.join("index.md"), md)?;
        for lang in &extra {
            let md = text::narrative(lang, city_seed(seed, i), &c, &codes);
            fs::write(dir.join(format!("index.{}.md", lang.code)), md)?;
        }
    }
    Ok(())
}
