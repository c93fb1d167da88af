//! Translation completeness: per language, how much of the UI, the catalog, the background
//! pages and the city narratives exists in that language.

use std::fmt::Write as _;

use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, Diagnostics, WarningKind};
use crate::model::content::Content;
use crate::render::i18n::Strings;

/// Counts for one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LanguageReport {
    /// Language code.
    pub code: String,
    /// UI strings translated, total.
    pub ui: (usize, usize),
    /// Catalog names translated, total.
    pub catalog: (usize, usize),
    /// Background pages translated, total.
    pub pages: (usize, usize),
    /// City narratives translated, total (cities with a narrative).
    pub narratives: (usize, usize),
    /// Site title, description and publisher translated, total (those the site sets).
    pub site: (usize, usize),
    /// What is missing, for warnings.
    pub missing: Vec<String>,
}

/// Builds the report for every language but the default one.
pub fn report(config: &SiteConfig, content: &Content, strings: &Strings) -> Vec<LanguageReport> {
    let default = &config.default_language;
    let keys: Vec<&String> = strings
        .by_lang
        .get(default)
        .map(|m| m.keys().collect())
        .unwrap_or_default();
    let mut out = Vec::new();
    for lang in config.languages.iter().skip(1) {
        let code = &lang.code;
        let mut missing = Vec::new();
        let ui_done = keys.iter().filter(|k| strings.has(code, k)).count();
        if ui_done < keys.len() {
            let list: Vec<&str> = keys
                .iter()
                .filter(|k| !strings.has(code, k))
                .map(|k| k.as_str())
                .collect();
            missing.push(format!("{} UI strings: {}", list.len(), list.join(", ")));
        }
        let catalog = match content.catalog_translations.get(code) {
            Some(t) => t.completeness(&content.catalog),
            None => (
                0,
                content.catalog.kpis.len()
                    + content.catalog.dimensions.len()
                    + content
                        .catalog
                        .dimensions
                        .iter()
                        .map(|d| {
                            d.subdimensions.len()
                                + d.subdimensions
                                    .iter()
                                    .map(|s| s.categories.len())
                                    .sum::<usize>()
                        })
                        .sum::<usize>(),
            ),
        };
        if catalog.0 < catalog.1 {
            missing.push(format!("{} catalog names", catalog.1 - catalog.0));
        }
        let pages_missing: Vec<&str> = content
            .pages
            .iter()
            .filter(|p| !p.translations.contains_key(code))
            .map(|p| p.slug.as_str())
            .collect();
        if !pages_missing.is_empty() {
            missing.push(format!("pages: {}", pages_missing.join(", ")));
        }
        let with_narrative: Vec<_> = content
            .cities
            .iter()
            .filter(|c| c.narrative.is_some())
            .collect();
        let narr_missing: Vec<&str> = with_narrative
            .iter()
            .filter(|c| !c.translations.contains_key(code))
            .map(|c| c.city.slug.as_str())
            .collect();
        if !narr_missing.is_empty() {
            missing.push(format!("city narratives: {}", narr_missing.join(", ")));
        }
        let countries = missing_countries(content, code);
        if !countries.is_empty() {
            let list: Vec<String> = countries
                .iter()
                .map(|(country, slug)| format!("{country} (content/cities/{slug}/city.toml)"))
                .collect();
            missing.push(format!(
                "country names shown as written (no country_code, or none in CLDR): {}",
                list.join(", ")
            ));
        }
        let site = site_texts(config, code);
        let site_missing: Vec<&str> = site
            .iter()
            .filter(|(_, done)| !done)
            .map(|(k, _)| *k)
            .collect();
        if !site_missing.is_empty() {
            missing.push(format!("site texts: {}", site_missing.join(", ")));
        }
        out.push(LanguageReport {
            site: (site.len() - site_missing.len(), site.len()),
            code: code.clone(),
            ui: (ui_done, keys.len()),
            catalog,
            pages: (
                content.pages.len() - pages_missing.len(),
                content.pages.len(),
            ),
            narratives: (
                with_narrative.len() - narr_missing.len(),
                with_narrative.len(),
            ),
            missing,
        });
    }
    out
}

/// The written country names CLDR has no name for in `code`, each with the first city file
/// that writes it: those pages show the written name.
pub fn missing_countries(content: &Content, code: &str) -> Vec<(String, String)> {
    crate::model::country::missing_in(content.cities.iter().map(|e| &e.city), code)
}

/// The site texts the default language sets, each with whether `code` has its own.
fn site_texts<'a>(config: &'a SiteConfig, code: &str) -> Vec<(&'a str, bool)> {
    let own = config.texts.get(code).cloned().unwrap_or_default();
    // An empty default text (no description, no publisher) is nothing to translate.
    [
        ("title", &config.title, own.title.is_some()),
        (
            "description",
            &config.description,
            own.description.is_some(),
        ),
        ("publisher", &config.publisher, own.publisher.is_some()),
    ]
    .into_iter()
    .filter(|(_, default, _)| !default.is_empty())
    .map(|(k, _, done)| (k, done))
    .collect()
}

/// The report as a table.
pub fn table(reports: &[LanguageReport]) -> String {
    let mut s = String::from(
        "Translations      UI strings   catalog names   pages      city narratives   site texts\n",
    );
    let cell = |(a, b): (usize, usize)| format!("{a}/{b}");
    for r in reports {
        let _ = writeln!(
            s,
            "  {:<15} {:<12} {:<15} {:<10} {:<17} {}",
            r.code,
            cell(r.ui),
            cell(r.catalog),
            cell(r.pages),
            cell(r.narratives),
            cell(r.site)
        );
    }
    s
}

/// One warning per language with something missing.
pub fn warnings(reports: &[LanguageReport]) -> Diagnostics {
    let mut d = Diagnostics::new();
    for r in reports {
        for m in &r.missing {
            d.push(
                Diagnostic::warning(format!("`{}` translation missing: {m}", r.code))
                    .help("readers see the default language's text, with a notice")
                    .with_kind(WarningKind::MissingTranslation),
            );
        }
    }
    d
}
