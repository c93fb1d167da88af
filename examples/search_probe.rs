//! Measures a search index of our own against Pagefind's (issue 19): an inverted index of the
//! same records the search stage gives Pagefind, words stemmed as Pagefind stems them, split
//! into gzipped chunks by word, plus one gzipped fragment per page (address, title, text for
//! the excerpt). Not used by the site; it answers whether such an index would meet the issue's
//! transfer and memory targets, before anyone writes the search page's script for it.
//!
//! ```sh
//! cargo run --release --example search_probe -- /tmp/cpb/sites/synth-10000-1 --lang ru
//! ```
//!
//! Prints the index's chunks and sizes, the time to build it and the process's memory after
//! loading the site and after building (the site's content is dropped once the records exist,
//! so the second figure is the index's own).

// As the `cityprofiles` binary: mimalloc returns freed memory, so the figure after the build
// is the index's own and not the dropped content's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::collections::{BTreeMap, HashMap};
use std::io::Write as _;
use std::path::PathBuf;
use std::time::Instant;

use cityprofiles::content::{self, LoadOptions};
use cityprofiles::render::urls::Urls;
use cityprofiles::site::inputs::Setup;
use clap::Parser;
use pagefind_stem::{Algorithm, Stemmer};

/// What to index.
#[derive(Parser)]
struct Args {
    /// Site folder.
    root: PathBuf,
    /// Language whose records and stemmer are used.
    #[arg(long, default_value = "en")]
    lang: String,
    /// Uncompressed bytes of a chunk before the next word starts a new one.
    #[arg(long, default_value_t = 20_000)]
    chunk: usize,
}

/// Resident and peak memory of this process, from /proc (Linux).
fn memory() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = |key: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .map_or(String::from("?"), |v| v.trim().to_string())
    };
    format!("resident {}, peak {}", kb("VmRSS:"), kb("VmHWM:"))
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
    e.write_all(bytes).expect("writing to memory");
    e.finish().expect("writing to memory")
}

fn varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn stemmer(lang: &str) -> Option<Stemmer> {
    let algorithm = match lang {
        "en" => Algorithm::English,
        "fr" => Algorithm::French,
        "ru" => Algorithm::Russian,
        _ => return None,
    };
    Some(Stemmer::create(algorithm))
}

fn main() {
    let args = Args::parse();
    let Ok(setup) = Setup::read(&args.root, None) else {
        eprintln!("cannot read the site's settings: run `cityprofiles check` on it");
        std::process::exit(1);
    };
    let (Some(content), _) = content::load(&args.root, &setup.config, LoadOptions::default())
    else {
        eprintln!("the site does not load: run `cityprofiles check` on it");
        std::process::exit(1);
    };
    println!("site loaded: {}", memory());
    let urls = Urls::new(setup.config.base_url.clone());
    let is_default = setup.config.languages.first().map(|l| l.code.as_str()) == Some(&args.lang);
    let records = cityprofiles::search::records(&content, &urls, &args.lang, is_default, None);
    drop(content);

    let started = Instant::now();
    let stemmer = stemmer(&args.lang);
    let mut postings: HashMap<String, Vec<(u32, u32)>> = HashMap::new();
    for (page, r) in records.iter().enumerate() {
        let mut counts: HashMap<String, u32> = HashMap::new();
        for raw in r.title.split_whitespace().chain(r.text.split_whitespace()) {
            let word: String = raw
                .chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect();
            if word.is_empty() {
                continue;
            }
            let word = match &stemmer {
                Some(s) => s.stem(&word).into_owned(),
                None => word,
            };
            *counts.entry(word).or_default() += 1;
        }
        for (word, n) in counts {
            postings.entry(word).or_default().push((page as u32, n));
        }
    }
    let words = postings.len();
    let mut sorted: Vec<(String, Vec<(u32, u32)>)> = postings.into_iter().collect();
    sorted.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    // Each chunk: word, NUL, page count, then (page delta, count) pairs as varints.
    let mut chunks: Vec<(String, Vec<u8>)> = Vec::new();
    let (mut current, mut first) = (Vec::new(), String::new());
    for (word, mut pages) in sorted {
        if current.is_empty() {
            first = word.clone();
        }
        pages.sort_unstable();
        current.extend_from_slice(word.as_bytes());
        current.push(0);
        varint(&mut current, pages.len() as u32);
        let mut last = 0;
        for (page, n) in pages {
            varint(&mut current, page - last);
            varint(&mut current, n);
            last = page;
        }
        if current.len() >= args.chunk {
            chunks.push((
                std::mem::take(&mut first),
                gzip(&std::mem::take(&mut current)),
            ));
        }
    }
    if !current.is_empty() {
        chunks.push((first, gzip(&current)));
    }
    // What the script loads first: each chunk's first word.
    let mut entry = Vec::new();
    for (word, _) in &chunks {
        entry.extend_from_slice(word.as_bytes());
        entry.push(0);
    }
    let entry = gzip(&entry);
    let fragments: Vec<usize> = records
        .iter()
        .map(|r| gzip(format!("{}\n{}\n{}", r.url, r.title, r.text).as_bytes()).len())
        .collect();
    let took = started.elapsed();

    let sizes: Vec<usize> = chunks.iter().map(|(_, c)| c.len()).collect();
    let total: usize = sizes.iter().sum();
    let mut by_size: BTreeMap<usize, usize> = BTreeMap::new();
    for s in &sizes {
        *by_size.entry(s / 1000).or_default() += 1;
    }
    let text: usize = records.iter().map(|r| r.text.len()).sum();
    println!(
        "{} records ({} bytes of text), {words} distinct words",
        records.len(),
        text
    );
    println!(
        "index: {} chunks, {total} bytes gzipped (largest {}), entry file {} bytes",
        chunks.len(),
        sizes.iter().max().copied().unwrap_or(0),
        entry.len()
    );
    println!(
        "fragments: {} bytes gzipped in all, {} on average",
        fragments.iter().sum::<usize>(),
        fragments.iter().sum::<usize>() / fragments.len().max(1)
    );
    println!("chunks by size (kB: count): {by_size:?}");
    println!(
        "built in {:.0} ms; {}",
        took.as_secs_f64() * 1000.0,
        memory()
    );
}
