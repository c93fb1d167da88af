//! What the load stage hands on (`content::load`): the catalog with its translations, every
//! city with its narratives, and the background pages, with their Markdown already rendered
//! to HTML. The render stage reads them from here, without importing the load stage.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use serde::Serialize;

use crate::diagnostics::SourceFile;
use crate::model::catalog::Catalog;
use crate::model::city::City;
use crate::model::translation::CatalogTranslation;

/// A city's narrative (`index.md`).
#[derive(Debug, Clone)]
pub struct Narrative {
    /// Rendered Markdown.
    pub body: Rendered,
    /// The file.
    pub file: SourceFile,
}

/// A city with its narrative.
#[derive(Debug, Clone)]
pub struct CityEntry {
    /// Data.
    pub city: City,
    /// Narrative, if the folder has an `index.md`.
    pub narrative: Option<Narrative>,
    /// Translated narratives (`index.<lang>.md`) by language code.
    pub translations: BTreeMap<String, Narrative>,
}

/// Everything the site is built from.
#[derive(Debug, Clone)]
pub struct Content {
    /// The KPI framework, with the site's target overrides applied.
    pub catalog: Catalog,
    /// The catalog's names in other languages.
    pub catalog_translations: BTreeMap<String, CatalogTranslation>,
    /// Cities sorted by slug (shared, so the dev server reuses the unchanged ones).
    pub cities: Vec<Arc<CityEntry>>,
    /// Background pages sorted by weight, then slug.
    pub pages: Vec<Page>,
}

impl Content {
    /// Lets go of every city file's text that nothing else shares, once nothing more will be
    /// said about city files: the load and engine stages make every diagnostic about one, and
    /// what comes after reads the parsed city. A one-shot build of 10,000 cities held 54 MB of
    /// such text to the end. The path stays, so a diagnostic still names its file (its span
    /// is clamped to the text); the dev server's cache shares its cities, which keep their
    /// text for its fingerprints.
    pub fn release_city_texts(&mut self) {
        for c in &mut self.cities {
            if let Some(entry) = Arc::get_mut(c) {
                entry.city.file.text = Arc::from("");
            }
        }
    }

    /// The newest evaluation date of any city (`2024-03`, or a data year), empty without
    /// cities: the date of the site's data as a whole.
    pub fn newest_evaluation_date(&self) -> String {
        self.cities
            .iter()
            .map(|c| c.city.evaluation_date())
            .max()
            .unwrap_or_default()
    }
}

/// Front matter of a page.
#[derive(Debug, Clone, Serialize, Default)]
pub struct FrontMatter {
    /// Page title (the h1).
    pub title: String,
    /// One sentence for search results and link previews.
    pub description: String,
    /// Order in menus; lower first.
    pub weight: i64,
    /// Hidden unless building with --drafts.
    pub draft: bool,
}

/// A background page in one language.
#[derive(Debug, Clone)]
pub struct PageText {
    /// Front matter.
    pub meta: FrontMatter,
    /// Rendered body.
    pub body: Rendered,
    /// The file, for diagnostics.
    pub file: SourceFile,
}

/// A background page.
#[derive(Debug, Clone)]
pub struct Page {
    /// URL slug (file name without `.md`).
    pub slug: String,
    /// Front matter.
    pub meta: FrontMatter,
    /// Rendered body.
    pub body: Rendered,
    /// The file, for diagnostics.
    pub file: SourceFile,
    /// Translations by language code (`<slug>.<lang>.md`).
    pub translations: BTreeMap<String, PageText>,
}

/// A heading of a Markdown document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// Anchor id.
    pub id: String,
    /// Plain text.
    pub text: String,
}

/// A `{{ kpi("CODE", "point") }}` citation found in the text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Citation {
    /// KPI code as written.
    pub code: String,
    /// Data point key, if given.
    pub point: Option<String>,
    /// Byte span in the file.
    #[serde(skip)]
    pub span: Range<usize>,
}

/// A link found in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// The address as written.
    pub url: String,
    /// Byte span in the file.
    pub span: Range<usize>,
}

/// A shortcode that could not be parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct BadShortcode {
    /// What is wrong.
    pub message: String,
    /// Byte span in the file.
    pub span: Range<usize>,
}

/// Rendered Markdown.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// HTML with citation placeholders (see `model::markers::placeholder`).
    pub html: String,
    /// Headings in order.
    pub headings: Vec<Heading>,
    /// Citations in order; placeholder n refers to `citations[n]`.
    pub citations: Vec<Citation>,
    /// Links in order.
    pub links: Vec<Link>,
    /// Shortcodes that could not be read.
    pub bad_shortcodes: Vec<BadShortcode>,
    /// Plain text, for the search index.
    pub text: String,
}
