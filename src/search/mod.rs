//! The search stage: an index of our own per language (`search/index/` under the language
//! folder, see [`index`]), which the search page's script reads piece by piece: the entry file,
//! the chunks of the words typed and the fragments of the results shown, not the whole index.

pub mod cache;
pub mod index;
pub mod record;
pub mod records;

pub use cache::{DeferredBundle, SearchCache};
pub use record::{Record, compact_code};
pub use records::records;

use crate::model::content::Content;
use crate::model::language::Language;
use crate::render::urls::Urls;
use crate::render::{Output, Sink, emit};

/// What the search stage made.
#[derive(Debug)]
pub struct SearchIndexes {
    /// Every file of every language's index.
    pub files: Vec<Output>,
    /// Records of a language: every language indexes the same pages, so the default
    /// language's count stands for all.
    pub entries: usize,
    /// Files of the default language's index.
    pub bundle_files: usize,
    /// Bytes of the default language's index.
    pub bundle_bytes: usize,
}

/// Runs the stage: every language's index, languages in parallel, each file handed to `sink`
/// once made.
pub fn build(
    content: &Content,
    languages: &[Language],
    urls: &Urls,
    sink: Option<&dyn Sink>,
    cache: Option<&SearchCache>,
) -> SearchIndexes {
    use rayon::prelude::*;
    let bundles: Vec<(Vec<Output>, usize)> = languages
        .par_iter()
        .enumerate()
        .map(|(i, l)| {
            let urls = urls.for_language(&l.code, i == 0);
            let records = records(content, &urls, &l.code, i == 0, cache);
            let n = records.len();
            let make = || index::index(&records, &l.code, urls.prefix());
            let files = match cache {
                Some(c) => c.bundle(&l.code, urls.prefix(), &records, make),
                None => make(),
            };
            (files, n)
        })
        .collect();
    let (entries, bundle_files, bundle_bytes) = bundles.first().map_or((0, 0, 0), |(f, n)| {
        (*n, f.len(), f.iter().map(|o| o.bytes.len()).sum())
    });
    SearchIndexes {
        entries,
        bundle_files,
        bundle_bytes,
        files: bundles
            .into_iter()
            .flat_map(|(files, _)| files)
            .map(|o| emit(sink, o))
            .collect(),
    }
}
