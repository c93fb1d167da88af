//! Reads the catalog's names in other languages (`u4ssc.<lang>.toml` beside the catalog) into
//! [`CatalogTranslation`]s.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, SourceFile};
use crate::model::catalog::normalize_code;
use crate::model::language::PLURAL_CATEGORIES;
use crate::model::translation::{CatalogTranslation, KpiText};

/// The catalog folder, embedded: `u4ssc.<lang>.toml` files hold the names in other languages.
static CATALOG_DIR: include_dir::Dir<'static> =
    include_dir::include_dir!("$CARGO_MANIFEST_DIR/catalog");

/// The embedded translation files of the U4SSC catalog: (language, text).
pub fn u4ssc_translation_files() -> Vec<(String, &'static str)> {
    let mut v: Vec<(String, &'static str)> = CATALOG_DIR
        .files()
        .filter_map(|f| {
            let name = f.path().file_name()?.to_str()?;
            let lang = name.strip_prefix("u4ssc.")?.strip_suffix(".toml")?;
            Some((lang.to_string(), f.contents_utf8()?))
        })
        .collect();
    v.sort();
    v
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKpi {
    code: String,
    name: String,
    #[serde(default)]
    definition: Option<String>,
    #[serde(default)]
    unsure: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCatalog {
    name: String,
}

/// A unit's translation: one text, or a form per plural category and, optionally, the `label`
/// shown without a number (else `other`).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum RawUnit {
    Text(String),
    Forms(BTreeMap<String, String>),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTranslation {
    language: String,
    #[serde(default)]
    catalog: Option<RawCatalog>,
    #[serde(default)]
    dimensions: BTreeMap<String, String>,
    #[serde(default)]
    subdimensions: BTreeMap<String, String>,
    #[serde(default)]
    categories: BTreeMap<String, String>,
    #[serde(default)]
    units: BTreeMap<String, RawUnit>,
    #[serde(default)]
    data_points: BTreeMap<String, String>,
    #[serde(default)]
    formula_terms: BTreeMap<String, String>,
    #[serde(default)]
    target_sources: BTreeMap<String, String>,
    #[serde(default)]
    sources: BTreeMap<String, String>,
    #[serde(default)]
    evaluation_kinds: BTreeMap<String, String>,
    #[serde(default)]
    kpi: Vec<RawKpi>,
}

impl CatalogTranslation {
    /// Parses a translation file; returns its language and contents.
    pub fn parse(file: &SourceFile) -> Result<(String, Self), Diagnostic> {
        let raw: RawTranslation = toml::from_str(&file.text).map_err(|e| {
            Diagnostic::error(format!(
                "invalid catalog translation: {}",
                e.message().trim()
            ))
            .at(file, e.span())
            .help("see catalog/u4ssc.fr.toml for the format")
        })?;
        let mut units = BTreeMap::new();
        let mut unit_forms = BTreeMap::new();
        for (unit, t) in raw.units {
            match t {
                RawUnit::Text(t) => {
                    units.insert(unit, t);
                }
                RawUnit::Forms(mut forms) => {
                    let label = forms.remove("label");
                    if let Some(bad) = forms
                        .keys()
                        .find(|c| !PLURAL_CATEGORIES.contains(&c.as_str()))
                    {
                        let quoted = format!("\"{unit}\"");
                        let span = file.text.find(&quoted).map(|i| i..i + quoted.len());
                        return Err(Diagnostic::error(format!(
                            "unit \"{unit}\" has a form `{bad}`, which is not a CLDR plural category"
                        ))
                        .at(file, span)
                        .help("write forms as one, few, many, other (the categories of the language's plural rules), and the unit alone as label"));
                    }
                    let Some(other) = forms.get("other").cloned() else {
                        let quoted = format!("\"{unit}\"");
                        let span = file.text.find(&quoted).map(|i| i..i + quoted.len());
                        return Err(Diagnostic::error(format!("unit \"{unit}\" has no `other` form"))
                            .at(file, span)
                            .help("every unit written per plural category needs `other`, the form for any number without a form of its own"));
                    };
                    units.insert(unit.clone(), label.unwrap_or(other));
                    unit_forms.insert(unit, forms);
                }
            }
        }
        let kpis = raw
            .kpi
            .into_iter()
            .map(|k| {
                (
                    normalize_code(&k.code),
                    KpiText {
                        name: k.name,
                        definition: k.definition,
                        unsure: k.unsure,
                    },
                )
            })
            .collect();
        Ok((
            raw.language,
            Self {
                catalog_name: raw.catalog.map(|c| c.name),
                dimensions: raw.dimensions,
                subdimensions: raw.subdimensions,
                categories: raw.categories,
                units,
                unit_forms,
                data_points: raw.data_points,
                formula_terms: raw.formula_terms,
                target_sources: raw.target_sources,
                sources: raw.sources,
                evaluation_kinds: raw.evaluation_kinds,
                kpis,
            },
        ))
    }
}

/// The embedded translations of the U4SSC catalog, by language.
pub fn u4ssc_translations() -> BTreeMap<String, CatalogTranslation> {
    u4ssc_translation_files()
        .into_iter()
        .filter_map(|(lang, text)| {
            CatalogTranslation::parse(&SourceFile::new(
                format!("<built-in>/catalog/u4ssc.{lang}.toml"),
                text,
            ))
            .ok()
            .map(|(_, t)| (lang, t))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::catalog::Catalog;

    #[test]
    fn a_unit_may_give_its_plural_forms_and_a_label() {
        let file = SourceFile::new(
            "u4ssc.ru.toml",
            "language = \"ru\"\n[units]\n\"years\" = { one = \"год\", few = \"года\", many = \"лет\", other = \"года\", label = \"лет\" }\n\"minutes\" = \"мин\"\n",
        );
        let (_, t) = CatalogTranslation::parse(&file).unwrap();
        assert_eq!(t.units["years"], "лет");
        assert_eq!(t.units["minutes"], "мин");
        assert_eq!(t.unit_forms["years"]["few"], "года");
        assert_eq!(t.unit_forms["years"].len(), 4, "the label is not a form");
        assert!(!t.unit_forms.contains_key("minutes"));
        let bad = SourceFile::new(
            "u4ssc.ru.toml",
            "language = \"ru\"\n[units]\n\"years\" = { one = \"год\", plural = \"лет\", other = \"года\" }\n",
        );
        let err = CatalogTranslation::parse(&bad).unwrap_err();
        assert!(
            err.message
                .contains("`plural`, which is not a CLDR plural category"),
            "{}",
            err.message
        );
        let no_other = SourceFile::new(
            "u4ssc.ru.toml",
            "language = \"ru\"\n[units]\n\"years\" = { one = \"год\" }\n",
        );
        assert!(
            CatalogTranslation::parse(&no_other)
                .unwrap_err()
                .message
                .contains("no `other` form")
        );
    }

    #[test]
    fn embedded_translations_cover_the_whole_catalog() {
        let catalog = Catalog::u4ssc();
        let files = u4ssc_translation_files();
        assert_eq!(
            files.iter().map(|f| f.0.as_str()).collect::<Vec<_>>(),
            ["fr", "ru"]
        );
        for (lang, text) in files {
            let (code, t) = CatalogTranslation::parse(&SourceFile::new("x", text)).unwrap();
            assert_eq!(code, lang);
            let (done, total) = t.completeness(&catalog);
            assert_eq!(done, total, "{lang}: {done} of {total} names");
            // Every catalog text a page shows: names, definitions, formulas, units, data
            // points, target sources, source names, and the evaluation kinds the example site,
            // the synthetic sites and a city file without a kind use.
            let missing: Vec<String> = t
                .audit(
                    &catalog,
                    &[
                        "U4SSC factsheet",
                        "U4SSC verification report",
                        "U4SSC self-assessment",
                        "U4SSC evaluation",
                    ],
                )
                .into_iter()
                .filter(|e| !e.done)
                .map(|e| e.key)
                .collect();
            assert!(missing.is_empty(), "{lang}: missing {missing:#?}");
        }
    }
}
