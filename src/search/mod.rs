//! The search stage: a Pagefind bundle per language (`pagefind/` under the language folder),
//! which the search page's script loads piece by piece: the index chunks and result fragments
//! a query needs, not the whole index.

pub mod cache;
pub mod record;
pub mod records;

pub use cache::{DeferredBundle, SearchCache};
pub use record::{Record, compact_code};
pub use records::records;

use std::collections::BTreeMap;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::model::content::Content;
use crate::model::language::Language;
use crate::render::urls::Urls;
use crate::render::{Output, Sink, emit};

/// Folder of each language's bundle, below the language folder.
pub const BUNDLE: &str = "pagefind/";

/// The meta field a city's record carries its names in, `|`-separated (see [`Record::names`]).
pub const NAMES_META: &str = "names";

/// The filter a KPI's record carries its compact code in (see [`compact_code`]).
pub const CODE_FILTER: &str = "kpi";

/// Why a bundle could not be made.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// Pagefind refused a record or failed to build its index.
    #[error("the search index of language `{lang}` could not be built: {message}")]
    Pagefind {
        /// Language of the bundle.
        lang: String,
        /// Pagefind's own message.
        message: String,
    },
}

/// What the search stage made.
#[derive(Debug)]
pub struct SearchIndexes {
    /// Every file of every language's bundle.
    pub files: Vec<Output>,
    /// Records of a language: every language indexes the same pages, so the default
    /// language's count stands for all.
    pub entries: usize,
    /// Files of the default language's bundle.
    pub bundle_files: usize,
    /// Bytes of the default language's bundle.
    pub bundle_bytes: usize,
}

/// Bundle files the site does not use: Pagefind's ready-made interfaces (the search page
/// calls `pagefind.js` itself; the smallest interface alone is 127 KB) and the index for pages
/// without a language (every record has one).
const UNUSED: &[&str] = &[
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
    "wasm.unknown.pagefind",
];

/// Runs the stage: every language's bundle, languages in parallel, each file handed to `sink`
/// once made.
pub fn build(
    content: &Content,
    languages: &[Language],
    urls: &Urls,
    sink: Option<&dyn Sink>,
    cache: Option<&SearchCache>,
) -> Result<SearchIndexes, SearchError> {
    use rayon::prelude::*;
    let bundles: Vec<(Vec<Output>, usize)> = languages
        .par_iter()
        .enumerate()
        .map(|(i, l)| {
            let urls = urls.for_language(&l.code, i == 0);
            let records = records(content, &urls, &l.code, i == 0, cache);
            let n = records.len();
            let make = || bundle(&records, &l.code, urls.prefix());
            match cache {
                Some(c) => c.bundle(&l.code, urls.prefix(), &records, make),
                None => make(),
            }
            .map(|files| (files, n))
        })
        .collect::<Result<_, _>>()?;
    let (entries, bundle_files, bundle_bytes) = bundles.first().map_or((0, 0, 0), |(f, n)| {
        (*n, f.len(), f.iter().map(|o| o.bytes.len()).sum())
    });
    Ok(SearchIndexes {
        entries,
        bundle_files,
        bundle_bytes,
        files: bundles
            .into_iter()
            .flat_map(|(files, _)| files)
            .map(|o| emit(sink, o))
            .collect(),
    })
}

/// The Pagefind bundle of one language, its files under `<prefix>pagefind/`, sorted by path.
/// A panic inside Pagefind comes back as an error: a build then reports it like any other,
/// and the dev server's indexing thread lives on to index the next edit.
pub fn bundle(records: &[Record], lang: &str, prefix: &str) -> Result<Vec<Output>, SearchError> {
    contain_panic(lang, || make_bundle(records, lang, prefix))
}

/// Runs `make`, turning a panic into [`SearchError::Pagefind`] with the panic's message.
fn contain_panic<T>(
    lang: &str,
    make: impl FnOnce() -> Result<T, SearchError>,
) -> Result<T, SearchError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(make)).unwrap_or_else(|panic| {
        let message = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no message".to_string());
        Err(SearchError::Pagefind {
            lang: lang.to_string(),
            message: format!("Pagefind stopped unexpectedly ({message}); please report it"),
        })
    })
}

fn make_bundle(records: &[Record], lang: &str, prefix: &str) -> Result<Vec<Output>, SearchError> {
    let fail = |e: anyhow::Error| SearchError::Pagefind {
        lang: lang.to_string(),
        message: e.to_string(),
    };
    // Pagefind's API is async but does its work on the calling thread and tokio's blocking
    // pool: a runtime of one thread per language is all it needs.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| fail(e.into()))?;
    let files = runtime.block_on(async {
        let mut index = PagefindIndex::new(Some(
            PagefindServiceConfig::builder()
                .force_language(lang.to_string())
                .build(),
        ))?;
        for r in records {
            let mut meta = BTreeMap::from([("title".to_string(), r.title.clone())]);
            if !r.names.is_empty() {
                // One field, names joined by a character no name contains.
                meta.insert(NAMES_META.to_string(), r.names.join("|"));
            }
            let filters = r
                .code
                .as_ref()
                .map(|c| BTreeMap::from([(CODE_FILTER.to_string(), vec![c.clone()])]));
            index
                .add_custom_record(
                    r.url.clone(),
                    r.text.clone(),
                    lang.to_string(),
                    Some(meta),
                    filters,
                    None,
                )
                .await?;
        }
        index.get_files().await
    });
    let mut out: Vec<Output> = files
        .map_err(fail)?
        .into_iter()
        .filter_map(|f| {
            let name = f.filename.to_string_lossy().replace('\\', "/");
            (!UNUSED.contains(&name.as_str())).then(|| Output {
                path: format!("{prefix}{BUNDLE}{name}"),
                bytes: f.contents.into(),
            })
        })
        .collect();
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_while_indexing_becomes_an_error_naming_the_language() {
        let r: Result<(), _> = contain_panic("fr", || panic!("index out of bounds"));
        let e = r.unwrap_err().to_string();
        assert!(e.contains("language `fr`"), "{e}");
        assert!(e.contains("index out of bounds"), "{e}");
        let r: Result<(), _> = contain_panic("ru", || panic!("{} words", 3));
        assert!(r.unwrap_err().to_string().contains("3 words"));
        assert_eq!(contain_panic("en", || Ok(7)).unwrap(), 7);
    }
}
