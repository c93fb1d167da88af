//! What the render stage is given: settings, content, engine results, templates, and the data
//! files already made.

use std::collections::BTreeMap;

use super::cache::RenderCache;
use super::env::TemplateSet;
use super::i18n::Strings;
use super::output::{Output, Sink, emit};
use super::raster::ImageCache;
use super::urls::Urls;
use crate::config::SiteConfig;
use crate::model::content::Content;
use crate::model::results::Results;

/// Everything the render stage needs.
pub struct RenderInput<'a> {
    /// Site settings.
    pub config: &'a SiteConfig,
    /// Loaded content.
    pub content: &'a Content,
    /// Engine results.
    pub results: &'a Results,
    /// Templates.
    pub templates: &'a TemplateSet,
    /// Link builder of the default language.
    pub urls: &'a Urls,
    /// UI strings.
    pub strings: &'a Strings,
    /// Data files already made (path, size, format, description), for the data page.
    pub downloads: &'a [Download],
    /// Profiles rendered by an earlier build, reused when nothing they show changed.
    pub cache: Option<&'a RenderCache>,
    /// Images drawn by earlier builds, read back instead of drawn again.
    pub images: Option<&'a dyn ImageCache>,
    /// Fingerprint of everything a profile shares with every page (theme, strings, settings,
    /// catalog, the list of cities).
    pub shared_fingerprint: u64,
    /// Where each finished file goes at once, if anywhere.
    pub sink: Option<&'a dyn Sink>,
    /// Fingerprint of each template with the templates it uses.
    pub template_fingerprints: BTreeMap<String, u64>,
}

impl RenderInput<'_> {
    /// Hands a finished file to the sink, if there is one.
    pub fn emit(&self, o: Output) -> Output {
        emit(self.sink, o)
    }
}

/// A data file listed on the data page.
#[derive(Debug, Clone)]
pub struct Download {
    /// Path in the output.
    pub path: String,
    /// Size in bytes.
    pub size: u64,
    /// "CSV", "JSON".
    pub format: String,
    /// The UI string that says what it holds (`download.file.*`).
    pub description: String,
    /// What that string names: a city's slug (for `{city}`) or a KPI's code (`{code}`); empty
    /// for the whole-site files.
    pub subject: String,
    /// Date of the newest evaluation it holds (`YYYY-MM` as written in city files).
    pub updated: String,
}
