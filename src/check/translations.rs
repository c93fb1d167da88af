//! Translation completeness: per language, how much of every kind of text a reader sees (UI
//! strings, chart words, site texts, each kind of catalog text, background pages, city
//! narratives) exists in that language, and where each missing one is to be written.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

use crate::config::{SiteConfig, Untranslated};
use crate::diagnostics::{Diagnostic, Diagnostics, WarningKind};
use crate::model::catalog::Catalog;
use crate::model::city::City;
use crate::model::content::Content;
use crate::model::translation::{CatalogTranslation, TextKind};
use crate::render::i18n::Strings;

/// One kind of text in one language: how many exist, and the keys of those that do not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KindReport {
    /// The row's label ("UI strings", "formulas").
    pub kind: &'static str,
    /// Where the missing texts are to be written.
    pub file: String,
    /// Texts translated.
    pub done: usize,
    /// Texts to translate.
    pub total: usize,
    /// Keys of the missing texts, in the file's terms.
    pub missing: Vec<String>,
    /// The site allows this gap (`untranslated_narratives = "allow"`): counted, but no warning.
    pub allowed: bool,
}

/// Counts for one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LanguageReport {
    /// Language code.
    pub code: String,
    /// One entry per kind of text, in report order.
    pub kinds: Vec<KindReport>,
}

impl LanguageReport {
    /// Translated and total over every kind.
    pub fn total(&self) -> (usize, usize) {
        self.kinds
            .iter()
            .fold((0, 0), |(d, t), k| (d + k.done, t + k.total))
    }
}

/// UI string keys that the charts use; counted apart, as the issue asks for chart words.
fn is_chart_key(key: &str) -> bool {
    key.starts_with("chart.")
}

/// Builds the report for every language but the default one.
pub fn report(config: &SiteConfig, content: &Content, strings: &Strings) -> Vec<LanguageReport> {
    let default = &config.default_language;
    let keys: Vec<&String> = strings
        .by_lang
        .get(default)
        .map(|m| m.keys().collect())
        .unwrap_or_default();
    let kinds_used: BTreeSet<&str> = content
        .cities
        .iter()
        .map(|c| c.city.evaluation.kind.as_str())
        .filter(|k| !k.is_empty())
        .collect();
    let kinds_used: Vec<&str> = kinds_used.into_iter().collect();
    let mut out = Vec::new();
    for lang in config.languages.iter().skip(1) {
        let code = &lang.code;
        let mut kinds = Vec::new();
        for (label, chart) in [("UI strings", false), ("chart words", true)] {
            let of_kind: Vec<&str> = keys
                .iter()
                .filter(|k| is_chart_key(k) == chart)
                .map(|k| k.as_str())
                .collect();
            kinds.push(kind(
                label,
                format!("i18n/{code}.toml"),
                of_kind.iter().map(|k| ui_string(strings, code, k)),
            ));
        }
        kinds.push(kind(
            "site texts",
            format!("site.toml [languages.{code}]"),
            site_texts(config, code)
                .into_iter()
                .map(|(k, done)| (k.to_string(), done)),
        ));
        kinds.push(kind(
            COUNTRY_NAMES,
            "content/cities/<city>/city.toml (country_code)".to_string(),
            country_names(content, code).into_iter(),
        ));
        let empty = CatalogTranslation::default();
        let tr = content.catalog_translations.get(code).unwrap_or(&empty);
        let audit = tr.audit(&content.catalog, &kinds_used);
        let file = catalog_file(config, code);
        for k in TextKind::ALL {
            kinds.push(kind(
                k.label(),
                file.clone(),
                audit
                    .iter()
                    .filter(|e| e.kind == k)
                    .map(|e| (e.key.clone(), e.done)),
            ));
        }
        kinds.push(kind(
            "background pages",
            "content/pages/".into(),
            content.pages.iter().map(|p| {
                (
                    translated_name(&p.file.path, code),
                    p.translations.contains_key(code),
                )
            }),
        ));
        kinds.push(kind(
            "city notes",
            "content/cities/".into(),
            content
                .cities
                .iter()
                .flat_map(|c| city_notes(&content.catalog, &c.city, code)),
        ));
        let mut narratives = kind(
            "city narratives",
            "content/cities/".into(),
            content
                .cities
                .iter()
                .filter_map(|c| Some((c.narrative.as_ref()?, c)))
                .map(|(n, c)| {
                    (
                        translated_name(&n.file.path, code),
                        c.translations.contains_key(code),
                    )
                }),
        );
        narratives.allowed = config.untranslated_narratives.get(code) == Some(&Untranslated::Allow);
        kinds.push(narratives);
        out.push(LanguageReport {
            code: code.clone(),
            kinds,
        });
    }
    out
}

/// The notes a city file writes (on its evaluation and on values), each with whether it has
/// its text in `code` (`notes = { fr = "..." }` beside `note`).
fn city_notes(catalog: &Catalog, city: &City, code: &str) -> Vec<(String, bool)> {
    let file = format!("cities/{}/city.toml", city.slug);
    let eval = city.evaluation.note.as_ref().map(|_| {
        (
            format!("{file}: evaluation notes.{code}"),
            city.evaluation.notes.contains_key(code),
        )
    });
    let values = city.values.iter().filter(|v| v.note().is_some()).map(|v| {
        (
            format!("{file}: \"{}\" notes.{code}", catalog.kpis[v.kpi].code),
            v.note_in(code).is_some(),
        )
    });
    eval.into_iter().chain(values).collect()
}

/// A UI string's key and whether `code` has it, in every plural form its language needs when
/// the default language counts with it; a missing form is named after the key.
fn ui_string(strings: &Strings, code: &str, key: &str) -> (String, bool) {
    if !strings.has(code, key) {
        return (key.to_string(), false);
    }
    let missing = strings.missing_forms(code, key);
    if missing.is_empty() {
        (key.to_string(), true)
    } else {
        (
            format!("{key} (plural forms {} missing)", missing.join(", ")),
            false,
        )
    }
}

/// A report row from each text's key and whether it is translated.
fn kind(
    label: &'static str,
    file: String,
    entries: impl Iterator<Item = (String, bool)>,
) -> KindReport {
    let mut r = KindReport {
        kind: label,
        file,
        done: 0,
        total: 0,
        missing: Vec::new(),
        allowed: false,
    };
    for (key, done) in entries {
        r.total += 1;
        if done {
            r.done += 1;
        } else {
            r.missing.push(key);
        }
    }
    r
}

/// `index.md` → `index.fr.md`: the file a translation of `path` goes in.
fn translated_name(path: &Path, code: &str) -> String {
    let p = path.to_string_lossy();
    match p.strip_suffix(".md") {
        Some(stem) => format!("{stem}.{code}.md"),
        None => format!("{p} ({code})"),
    }
}

/// Where the catalog's texts in `code` are written: the built-in U4SSC file, or the one beside
/// the site's own catalog.
fn catalog_file(config: &SiteConfig, code: &str) -> String {
    match &config.catalog {
        None => format!("catalog/u4ssc.{code}.toml (built in)"),
        Some(p) => {
            let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or("catalog");
            p.with_file_name(format!("{stem}.{code}.toml"))
                .to_string_lossy()
                .into_owned()
        }
    }
}

/// The report's label for countries, whose fix differs from every other kind's.
const COUNTRY_NAMES: &str = "country names";

/// Every country a city writes, each with whether CLDR names it in `code` (through the city's
/// `country_code`); a missing one is shown as written, and named with its first city file.
fn country_names(content: &Content, code: &str) -> Vec<(String, bool)> {
    let missing: std::collections::BTreeMap<String, String> =
        crate::model::country::missing_in(content.cities.iter().map(|e| &e.city), code)
            .into_iter()
            .collect();
    let all: std::collections::BTreeSet<&str> = content
        .cities
        .iter()
        .map(|e| e.city.country.as_str())
        .collect();
    all.into_iter()
        .map(|country| match missing.get(country) {
            Some(slug) => (
                format!("{country} (content/cities/{slug}/city.toml)"),
                false,
            ),
            None => (country.to_string(), true),
        })
        .collect()
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

/// The report as a table: a row per kind of text, a column per language, and the total.
pub fn table(reports: &[LanguageReport]) -> String {
    let mut s = format!("{:<22}", "Translations");
    for r in reports {
        let _ = write!(s, " {:<14}", r.code);
    }
    s = s.trim_end().to_string();
    s.push('\n');
    let cell = |(a, b): (usize, usize), allowed: bool| {
        format!("{a}/{b}{}", if allowed && a < b { " allowed" } else { "" })
    };
    let rows = reports.first().map_or(0, |r| r.kinds.len());
    for i in 0..rows {
        let _ = write!(s, "  {:<20}", reports[0].kinds[i].kind);
        for r in reports {
            let k = &r.kinds[i];
            let _ = write!(s, " {:<14}", cell((k.done, k.total), k.allowed));
        }
        s = s.trim_end().to_string();
        s.push('\n');
    }
    if !reports.is_empty() {
        let _ = write!(s, "  {:<20}", "total");
        for r in reports {
            let (done, total) = r.total();
            // Nothing to translate counts as complete.
            let pct = (done * 100).checked_div(total).unwrap_or(100);
            let _ = write!(s, " {:<14}", format!("{done}/{total} {pct} %"));
        }
        s = s.trim_end().to_string();
        s.push('\n');
    }
    s
}

/// One warning per language and kind with something missing, naming the file and every key;
/// a gap the site allows is no warning.
pub fn warnings(reports: &[LanguageReport]) -> Diagnostics {
    let mut d = Diagnostics::new();
    for r in reports {
        for k in r
            .kinds
            .iter()
            .filter(|k| !k.missing.is_empty() && !k.allowed)
        {
            let mut help = if k.kind == COUNTRY_NAMES {
                "give each city its country's two-letter ISO 3166 code (country_code = \"NO\") in its city.toml, so that the country's name comes from CLDR; until then readers see the name as written".to_string()
            } else {
                format!(
                    "add {} to {}; until then readers see the default language's text",
                    if k.missing.len() == 1 { "it" } else { "them" },
                    k.file
                )
            };
            if k.missing.iter().any(|m| m.contains("(plural forms ")) {
                // A string with some forms is shown in this language; only its missing forms
                // fall back, to the language's own `other` form.
                help.push_str(
                    "; a string missing only some plural forms shows its own `other` form for those numbers",
                );
            }
            if k.kind == "city narratives" {
                help.push_str(&format!(
                    ", with a notice (or set untranslated_narratives = \"allow\" under [languages.{}] in site.toml)",
                    r.code
                ));
            }
            // Thousands of city notes would make one unreadable line: the first ten, and every
            // one with --verbose.
            let shown = if k.missing.len() > 10 {
                format!(
                    "{} and {} more",
                    k.missing[..10].join(", "),
                    k.missing.len() - 10
                )
            } else {
                k.missing.join(", ")
            };
            let mut diag = Diagnostic::warning(format!(
                "`{}` translation missing: {}: {shown}",
                r.code, k.kind
            ));
            if k.missing.len() > 10 {
                diag = diag.verbose_help(format!("{help}; all of them: {}", k.missing.join(", ")));
                help.push_str(" (--verbose lists them all)");
            }
            d.push(diag.help(help).with_kind(WarningKind::MissingTranslation));
        }
    }
    d
}
