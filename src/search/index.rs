//! The search index of one language as static files, which the search page's script
//! (`static/site.js`) reads piece by piece: an entry file, the word chunks the typed words fall
//! in, and the fragments of the results it shows.
//!
//! Files, under `<prefix>search/index/`:
//! - `entry.json`: `{"version", "id", "lang", "pages", "chunks", "codes"}`: the first key of
//!   each chunk (in UTF-16 order, the order of JavaScript's string comparison), and each KPI's
//!   compact code with its page number. `id` changes whenever any file does; the script asks
//!   for every other file with `?v=<id>`, so a browser never mixes two builds' pieces.
//! - `words/<n>.gz`: gzipped JSON, `[[key, value], ...]` sorted by key. A key is a word's stem
//!   folded (lower case, accents dropped) and its value the pages that contain it, as
//!   `[page delta, weight, page delta, weight, ...]`; or a word as written (folded), whose stem
//!   differs, and its value is that stem. The script matches a typed word against those keys,
//!   so a word as written finds its stem, and a form that no page has ("безработица") finds the
//!   longest stem that begins it ("безработиц").
//! - `pages/<n>.gz`: gzipped JSON of page `n`: `{"url", "title", "text", "names"}`, for the
//!   result's link and its excerpt.
//!
//! Stemming uses the Snowball stemmer of the language where there is one, and none otherwise.

use std::collections::{BTreeMap, HashMap};
use std::io::Write as _;

use pagefind_stem::{Algorithm, Stemmer};
use serde::Serialize;

use super::record::Record;
use crate::fingerprint::fingerprint;
use crate::render::Output;

/// Folder of each language's index, below the language folder.
pub const FOLDER: &str = "search/index/";

/// Version of the file layout, which the script checks.
const VERSION: u32 = 1;

/// Uncompressed bytes of a chunk after which the next key starts a new one: a typed word
/// costs one chunk of a few kilobytes once gzipped.
const CHUNK_BYTES: usize = 16_000;

/// A word in a title counts this many times as much as one in the text.
const TITLE_WEIGHT: u32 = 5;

/// Words longer than this are not indexed (long runs of letters are not words people type).
const MAX_WORD: usize = 40;

/// The Snowball stemmer of `lang` (its primary subtag), if there is one.
fn stemmer(lang: &str) -> Option<Stemmer> {
    let primary = lang.split(['-', '_']).next().unwrap_or(lang);
    let algorithm = match primary.to_ascii_lowercase().as_str() {
        "ar" => Algorithm::Arabic,
        "da" => Algorithm::Danish,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "en" => Algorithm::English,
        "es" => Algorithm::Spanish,
        "fi" => Algorithm::Finnish,
        "fr" => Algorithm::French,
        "it" => Algorithm::Italian,
        "nb" | "nn" | "no" => Algorithm::Norwegian,
        "nl" => Algorithm::Dutch,
        "pt" => Algorithm::Portuguese,
        "ru" => Algorithm::Russian,
        "sv" => Algorithm::Swedish,
        "tr" => Algorithm::Turkish,
        _ => return None,
    };
    Some(Stemmer::create(algorithm))
}

/// Whether `c` is a combining accent the index drops: the range the script's folding drops
/// too (`/[\u0300-\u036f]/`), so both sides fold alike.
fn is_dropped_mark(c: char) -> bool {
    ('\u{0300}'..='\u{036f}').contains(&c)
}

/// Whether `c` belongs to a word: a letter, a digit or a combining mark (the script splits on
/// `[^\p{L}\p{N}\p{M}]`).
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c)
}

/// A word folded as the script folds a typed one: decomposed, accents dropped, lower case.
pub fn fold(word: &str) -> String {
    use unicode_normalization::UnicodeNormalization as _;
    word.nfd()
        .filter(|c| !is_dropped_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The words of `text`, in lower case, accents kept (the stemmers need them).
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty() && w.chars().count() <= MAX_WORD)
        .map(|w| {
            use unicode_normalization::UnicodeNormalization as _;
            w.nfc().flat_map(char::to_lowercase).collect()
        })
}

/// What a key of the index stands for.
#[derive(Debug, Clone, PartialEq)]
enum Entry {
    /// A stem, with the pages that contain it: (page, weight), by page.
    Stem(Vec<(u32, u32)>),
    /// A word as written whose stem is another key.
    Alias(String),
}

impl Serialize for Entry {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Entry::Stem(pages) => {
                // Page numbers as the distance from the previous one: shorter in JSON.
                let mut last = 0;
                let flat: Vec<u32> = pages
                    .iter()
                    .flat_map(|&(page, weight)| {
                        let delta = page - last;
                        last = page;
                        [delta, weight]
                    })
                    .collect();
                flat.serialize(s)
            }
            Entry::Alias(stem) => stem.serialize(s),
        }
    }
}

/// What one page adds to the index: its stems with their weights, and the words met for the
/// first time by this worker whose written form (folded) differs from their stem, as (word,
/// written form, stem) in the order they occur.
struct PageWords {
    weights: HashMap<String, u32>,
    aliases: Vec<(String, String, String)>,
}

/// The stems of record `r` weighted by where they occur; `stems` holds the words this worker
/// has stemmed before.
fn page_words(
    r: &Record,
    stemmer: Option<&Stemmer>,
    stems: &mut HashMap<String, String>,
) -> PageWords {
    let mut out = PageWords {
        weights: HashMap::new(),
        aliases: Vec::new(),
    };
    for (text, weight) in [(&r.title, TITLE_WEIGHT), (&r.text, 1)] {
        for word in words(text) {
            let stem = match stems.get(&word) {
                Some(s) => s.clone(),
                None => {
                    let stem = match stemmer {
                        Some(s) => fold(&s.stem(&word)),
                        None => fold(&word),
                    };
                    let written = fold(&word);
                    if written != stem {
                        out.aliases.push((word.clone(), written, stem.clone()));
                    }
                    stems.insert(word, stem.clone());
                    stem
                }
            };
            let w = out.weights.entry(stem).or_default();
            *w = w.saturating_add(weight);
        }
    }
    out
}

/// Pages whose words are read in parallel before they are merged: enough for two cores to
/// share, few enough that the pages' words waiting to be merged stay small (all of a 10,000-city
/// site's at once added 60 MiB to the build's peak).
const BLOCK: usize = 512;

/// The keys of an index with what each stands for, from `records`.
fn entries(records: &[Record], lang: &str) -> Vec<(String, Entry)> {
    use rayon::prelude::*;
    // Pages are split into words and stemmed in parallel (at 10,000 cities this was most of
    // the search stage, on one core); each worker stems a distinct word once. What a page
    // gives is merged in page order, so the index does not depend on the split.
    let mut keys = Keys::default();
    for block in records.chunks(BLOCK) {
        let pages: Vec<PageWords> = block
            .par_iter()
            .with_min_len(64)
            .map_init(
                || (stemmer(lang), HashMap::new()),
                |(stemmer, stems), r| page_words(r, stemmer.as_ref(), stems),
            )
            .collect();
        keys.add(pages);
    }
    keys.finish()
}

/// The keys of an index as pages are added to it, in page order.
#[derive(Default)]
struct Keys {
    /// Pages added so far.
    pages: u32,
    postings: HashMap<String, Vec<(u32, u32)>>,
    aliases: HashMap<String, String>,
    /// Words whose written form is an alias, met so far.
    seen: std::collections::HashSet<String>,
}

impl Keys {
    /// Adds the next pages.
    fn add(&mut self, pages: Vec<PageWords>) {
        for words in pages {
            // Two words can fold alike and stem apart ("élevé", "eleve"): the written form
            // then points to the stem of the word whose first occurrence comes last, as when
            // one thread read the pages in order. A worker reads a contiguous run of pages, so
            // a word's first occurrence in the site is also the first in its worker's run, and
            // is listed there.
            for (word, written, stem) in words.aliases {
                if self.seen.insert(word) {
                    self.aliases.insert(written, stem);
                }
            }
            for (stem, weight) in words.weights {
                self.postings
                    .entry(stem)
                    .or_default()
                    .push((self.pages, weight));
            }
            self.pages += 1;
        }
    }

    /// The keys with what each stands for, in the order the script searches them.
    fn finish(self) -> Vec<(String, Entry)> {
        let Keys {
            postings, aliases, ..
        } = self;
        let mut out: Vec<(String, Entry)> = Vec::with_capacity(postings.len() + aliases.len());
        for (alias, stem) in aliases {
            // A word that is also some page's stem is looked up as that stem.
            if !postings.contains_key(&alias) {
                out.push((alias, Entry::Alias(stem)));
            }
        }
        for (stem, mut pages) in postings {
            pages.sort_unstable();
            out.push((stem, Entry::Stem(pages)));
        }
        out.sort_unstable_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
        out
    }
}

/// The entry file.
#[derive(Serialize)]
struct EntryFile<'a> {
    version: u32,
    id: String,
    lang: &'a str,
    pages: usize,
    chunks: Vec<&'a str>,
    codes: BTreeMap<&'a str, usize>,
}

/// A page's fragment.
#[derive(Serialize)]
struct Fragment<'a> {
    url: &'a str,
    title: &'a str,
    text: &'a str,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    names: &'a [String],
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    // No file name or time in the header: the same input gives the same bytes.
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).expect("writing to memory cannot fail");
    e.finish().expect("writing to memory cannot fail")
}

fn json(value: &impl Serialize) -> Vec<u8> {
    serde_json::to_vec(value).expect("the index's types always serialise")
}

/// The index of `records` in `lang`, its files under `<prefix>search/index/`, sorted by path.
pub fn index(records: &[Record], lang: &str, prefix: &str) -> Vec<Output> {
    use rayon::prelude::*;
    let folder = format!("{prefix}{FOLDER}");
    let entries = entries(records, lang);
    // Each key with its value is written once; a chunk is consecutive pairs up to about
    // CHUNK_BYTES of JSON, joined into one array.
    let pairs: Vec<Vec<u8>> = entries.par_iter().map(json).collect();
    let mut chunks: Vec<std::ops::Range<usize>> = Vec::new();
    let (mut start, mut size) = (0, 0);
    for (i, pair) in pairs.iter().enumerate() {
        size += pair.len() + 1;
        if size >= CHUNK_BYTES {
            chunks.push(start..i + 1);
            (start, size) = (i + 1, 0);
        }
    }
    if start < entries.len() {
        chunks.push(start..entries.len());
    }
    let mut files: Vec<Output> = chunks
        .par_iter()
        .enumerate()
        .map(|(n, range)| {
            let mut array = vec![b'['];
            for (i, pair) in pairs[range.clone()].iter().enumerate() {
                if i > 0 {
                    array.push(b',');
                }
                array.extend_from_slice(pair);
            }
            array.push(b']');
            Output {
                path: format!("{folder}words/{n}.gz"),
                bytes: gzip(&array).into(),
            }
        })
        .collect();
    files.par_extend(records.par_iter().enumerate().map(|(n, r)| {
        Output {
            path: format!("{folder}pages/{n}.gz"),
            bytes: gzip(&json(&Fragment {
                url: &r.url,
                title: &r.title,
                text: &r.text,
                names: &r.names,
            }))
            .into(),
        }
    }));
    let id = fingerprint(files.iter().flat_map(|f| [f.path.as_bytes(), &f.bytes[..]]));
    let entry = EntryFile {
        version: VERSION,
        id: format!("{id:016x}"),
        lang,
        pages: records.len(),
        chunks: chunks.iter().map(|c| entries[c.start].0.as_str()).collect(),
        codes: records
            .iter()
            .enumerate()
            .filter_map(|(n, r)| r.code.as_deref().map(|c| (c, n)))
            .collect(),
    };
    files.push(Output {
        path: format!("{folder}entry.json"),
        bytes: json(&entry).into(),
    });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(url: &str, title: &str, text: &str) -> Record {
        Record {
            url: url.into(),
            title: title.into(),
            text: text.into(),
            code: None,
            names: vec![],
        }
    }

    fn gunzip(bytes: &[u8]) -> serde_json::Value {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(bytes), &mut s).unwrap();
        serde_json::from_str(&s).unwrap()
    }

    fn key<'a>(entries: &'a [(String, Entry)], k: &str) -> Option<&'a Entry> {
        entries.iter().find(|(w, _)| w == k).map(|(_, e)| e)
    }

    #[test]
    fn a_written_form_points_to_the_stem_of_the_word_first_met_last() {
        let page = |aliases: &[(&str, &str, &str)]| PageWords {
            weights: HashMap::new(),
            aliases: aliases
                .iter()
                .map(|(w, f, s)| (w.to_string(), f.to_string(), s.to_string()))
                .collect(),
        };
        // "élevé" first on page 0, "eleve" first on page 1; a second worker, whose run of pages
        // starts at page 2, meets "élevé" for the first time there. Read in order by one
        // thread, "eleve" is the last word met for the first time.
        let pages = vec![
            page(&[("élevé", "eleve", "élev")]),
            page(&[("eleve", "eleve", "elev")]),
            page(&[("élevé", "eleve", "élev")]),
        ];
        let mut keys = Keys::default();
        keys.add(pages);
        let entries = keys.finish();
        assert_eq!(key(&entries, "eleve"), Some(&Entry::Alias("elev".into())));
    }

    #[test]
    fn folding_drops_case_and_accents_as_the_script_does() {
        assert_eq!(fold("Ålesund"), "alesund");
        assert_eq!(fold("Élevé"), "eleve");
        // The script's range drops the breve too: й folds to и on both sides.
        assert_eq!(fold("Бизерта"), "бизерта");
        assert_eq!(fold("ЙОД"), "иод");
    }

    #[test]
    fn words_are_stemmed_and_written_forms_point_to_their_stem() {
        let records = [
            record("/a/", "Безработица", "Уровень безработицы снизился."),
            record("/b/", "Cities", "The city and its cities."),
        ];
        let ru = entries(&records[..1], "ru");
        // "безработицы" and "безработица" share the stem "безработиц": the page has it with
        // the title's weight and the text's.
        assert_eq!(
            key(&ru, "безработиц"),
            Some(&Entry::Stem(vec![(0, TITLE_WEIGHT + 1)]))
        );
        assert_eq!(
            key(&ru, "безработицы"),
            Some(&Entry::Alias("безработиц".into()))
        );
        let en = entries(&records[1..], "en");
        assert_eq!(key(&en, "citi"), Some(&Entry::Stem(vec![(0, 7)])));
        assert_eq!(key(&en, "city"), Some(&Entry::Alias("citi".into())));
        // Keys are sorted, each once.
        let keys: Vec<&str> = en.iter().map(|(k, _)| k.as_str()).collect();
        let mut sorted = keys.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(keys, sorted);
        // A language without a stemmer keeps the words as written, folded.
        let xx = entries(&records[1..], "xx");
        assert_eq!(key(&xx, "cities"), Some(&Entry::Stem(vec![(0, 6)])));
        assert_eq!(key(&xx, "citi"), None);
    }

    #[test]
    fn the_entry_names_each_chunk_by_its_first_key_and_each_code_by_its_page() {
        let mut records: Vec<Record> = (0..400)
            .map(|i| {
                record(
                    &format!("/p{i}/"),
                    &format!("Page {i}"),
                    &format!("word{i} shared w{}x", i * 7),
                )
            })
            .collect();
        records[3].code = Some("ecictt1c".into());
        let files = index(&records, "en", "fr/");
        let entry: serde_json::Value = serde_json::from_slice(
            &files
                .iter()
                .find(|f| f.path == "fr/search/index/entry.json")
                .unwrap()
                .bytes,
        )
        .unwrap();
        assert_eq!(entry["pages"], 400);
        assert_eq!(entry["codes"]["ecictt1c"], 3);
        let firsts = entry["chunks"].as_array().unwrap();
        assert!(firsts.len() > 1, "{} chunks", firsts.len());
        let mut all = Vec::new();
        let mut shared = None;
        for (n, first) in firsts.iter().enumerate() {
            let chunk = files
                .iter()
                .find(|f| f.path == format!("fr/search/index/words/{n}.gz"))
                .unwrap();
            let chunk = gunzip(&chunk.bytes);
            let chunk = chunk.as_array().unwrap();
            assert_eq!(&chunk[0][0], first);
            all.extend(chunk.iter().map(|p| p[0].as_str().unwrap().to_string()));
            shared = shared.or(chunk.iter().find(|p| p[0] == "share").cloned());
        }
        assert!(
            all.windows(2).all(|w| w[0] < w[1]),
            "keys sorted across chunks"
        );
        // "shared" (stem "share") is on every page once: page 0, then each one after the last.
        let shared = shared.expect("the stem of `shared` is a key");
        let mut expected = vec![0, 1];
        expected.extend((1..400).flat_map(|_| [1, 1]));
        assert_eq!(shared[1], serde_json::json!(expected));
        let page = gunzip(
            &files
                .iter()
                .find(|f| f.path == "fr/search/index/pages/7.gz")
                .unwrap()
                .bytes,
        );
        assert_eq!(page["url"], "/p7/");
        assert_eq!(page["title"], "Page 7");
        assert!(page.get("names").is_none());
        // The same records give the same bytes.
        assert_eq!(files, index(&records, "en", "fr/"));
    }

    #[test]
    fn page_numbers_are_written_as_distances() {
        let e = Entry::Stem(vec![(2, 1), (5, 6), (9, 1)]);
        assert_eq!(serde_json::to_string(&e).unwrap(), "[2,1,3,6,4,1]");
    }
}
