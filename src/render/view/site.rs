//! View models of the site's own pages: home, background pages, data page and search page.

use serde::Serialize;

use super::common::Link;
use super::profile::CityCard;

/// Home page.
#[derive(Debug, Clone, Serialize)]
pub struct HomeView {
    /// City cards, by name.
    pub cards: Vec<CityCard>,
    /// Latest evaluations, newest first (at most 5).
    pub latest: Vec<CityCard>,
    /// Dimension pages.
    pub dimensions: Vec<Link>,
    /// Background pages.
    pub about: Vec<Link>,
    /// "3 cities, 91 indicators, 62 reported values".
    pub stats_text: String,
    /// Set when only some cities have cards: a link text to the full list, else "".
    pub more: String,
}

/// A background page.
#[derive(Debug, Clone, Serialize)]
pub struct AboutView {
    /// Title.
    pub title: String,
    /// Body HTML.
    pub body_html: String,
    /// Table of contents.
    pub toc: Vec<Link>,
    /// Other background pages.
    pub siblings: Vec<Link>,
}

/// A downloadable file on the data page.
#[derive(Debug, Clone, Serialize)]
pub struct DownloadView {
    /// Link.
    pub link: Link,
    /// "CSV", "JSON".
    pub format: String,
    /// "12.3 kB".
    pub size: String,
    /// What it holds.
    pub description: String,
    /// Date of the newest evaluation in the file ("June 2020").
    pub updated: String,
}

/// Data page.
#[derive(Debug, Clone, Serialize)]
pub struct DataView {
    /// Downloads.
    pub files: Vec<DownloadView>,
    /// How to cite the data.
    pub citation: crate::render::cite::CitationView,
    /// Words of a value row's `status`.
    pub value_states: Vec<WordView>,
    /// Words of a group's `state` (scores.csv, city JSON).
    pub group_states: Vec<WordView>,
    /// Words of the `basis` column.
    pub bases: Vec<WordView>,
    /// The minimum-evidence share, formatted ("50%").
    pub min_coverage: String,
}

/// A fixed word of the downloads, explained on the data page.
#[derive(Debug, Clone, Serialize)]
pub struct WordView {
    /// The word as written in the files ("no-target").
    pub word: &'static str,
    /// What the pages call it.
    pub label: String,
    /// What it means.
    pub meaning: String,
}

/// Search page.
#[derive(Debug, Clone, Serialize)]
pub struct SearchView {
    /// Address of the entry file of the language's search index, which the page's script reads first.
    pub index: String,
    /// The cities index, where the page points without JavaScript.
    pub cities_href: String,
    /// The indicators index, likewise.
    pub indicators_href: String,
}

/// 404 page. The root one (GitHub Pages serves only `/404.html`) also carries the page in
/// every other language, which the site script shows when the address asked for is under
/// that language's folder.
#[derive(Debug, Clone, Serialize)]
pub struct NotFoundView {
    /// The site's base path ("/" or "/repo/"), for reading the language from the address.
    pub base_path: String,
    /// The page in the site's other languages (root 404 page only).
    pub others: Vec<NotFoundLanguage>,
}

/// The 404 page's text in one language.
#[derive(Debug, Clone, Serialize)]
pub struct NotFoundLanguage {
    /// Language code, also its folder ("fr").
    pub code: String,
    /// Writing direction.
    pub dir: String,
    /// The language's name in itself ("Français").
    pub name: String,
    /// "Page not found" in that language.
    pub title: String,
    /// The sentence under it.
    pub description: String,
    /// The document title in that language.
    pub doc_title: String,
    /// Links to that language's main pages.
    pub links: Vec<Link>,
}
