//! The catalog's names in other languages: what the load stage reads from
//! `u4ssc.<lang>.toml` (`content/translation.rs`) and the render stage shows.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::model::catalog::Catalog;

/// A KPI's name and definition in one language.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KpiText {
    /// Name.
    pub name: String,
    /// Definition, if translated.
    pub definition: Option<String>,
    /// The translator was not sure of the term.
    pub unsure: bool,
}

/// The catalog's names in one language; anything missing falls back to English.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CatalogTranslation {
    /// The indicator set's name (`[catalog] name`), if translated.
    pub catalog_name: Option<String>,
    /// English dimension name → translation.
    pub dimensions: BTreeMap<String, String>,
    /// English sub-dimension name → translation.
    pub subdimensions: BTreeMap<String, String>,
    /// English category name → translation.
    pub categories: BTreeMap<String, String>,
    /// English unit → translation, as shown alone (a column heading).
    pub units: BTreeMap<String, String>,
    /// English unit → its forms after a number, by CLDR plural category ("84 года", "74,5
    /// года", "5 лет"), for a unit whose words agree with the number.
    pub unit_forms: BTreeMap<String, BTreeMap<String, String>>,
    /// English data point name → translation.
    pub data_points: BTreeMap<String, String>,
    /// English numerator or denominator of a formula → translation.
    pub formula_terms: BTreeMap<String, String>,
    /// English target source (as the catalog writes it) → translation.
    pub target_sources: BTreeMap<String, String>,
    /// English source that is not a link ("a public dashboard's code map") → translation.
    pub sources: BTreeMap<String, String>,
    /// English evaluation kind of city files ("U4SSC factsheet") → translation.
    pub evaluation_kinds: BTreeMap<String, String>,
    /// Compact KPI id → texts.
    pub kpis: BTreeMap<String, KpiText>,
}

/// A kind of text a catalog translation holds, one row of `check --translations`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TextKind {
    /// Names of the indicator set, dimensions, sub-dimensions, categories and KPIs.
    Names,
    /// KPI definitions.
    Definitions,
    /// Numerators and denominators of the calculation formulas.
    Formulas,
    /// Units.
    Units,
    /// Data point names.
    DataPoints,
    /// Target sources, shown under each target of an indicator page.
    TargetSources,
    /// Source entries that are not links, shown in an indicator page's references.
    SourceLabels,
    /// Evaluation kinds the cities name ("U4SSC factsheet").
    EvaluationKinds,
}

impl TextKind {
    /// Every kind, in report order.
    pub const ALL: [Self; 8] = [
        Self::Names,
        Self::Definitions,
        Self::Formulas,
        Self::Units,
        Self::DataPoints,
        Self::TargetSources,
        Self::SourceLabels,
        Self::EvaluationKinds,
    ];

    /// The row's label in the report.
    pub fn label(self) -> &'static str {
        match self {
            Self::Names => "KPI and group names",
            Self::Definitions => "definitions",
            Self::Formulas => "formulas",
            Self::Units => "units",
            Self::DataPoints => "data point names",
            Self::TargetSources => "target sources",
            Self::SourceLabels => "source names",
            Self::EvaluationKinds => "evaluation kinds",
        }
    }
}

/// One text a reader sees, and whether the language has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextEntry {
    /// What kind of text.
    pub kind: TextKind,
    /// Where a translator adds it: the table or KPI, and the English key.
    pub key: String,
    /// Translated.
    pub done: bool,
}

impl CatalogTranslation {
    /// Every catalog text a page shows, with whether this language has it (each English text
    /// once: a unit or denominator shared by many KPIs is translated once).
    pub fn audit(&self, catalog: &Catalog, evaluation_kinds: &[&str]) -> Vec<TextEntry> {
        let mut out = Vec::new();
        let mut seen: BTreeSet<(TextKind, String)> = BTreeSet::new();
        let mut add = |kind: TextKind, key: String, done: bool| {
            if seen.insert((kind, key.clone())) {
                out.push(TextEntry { kind, key, done });
            }
        };
        let table = |m: &BTreeMap<String, String>, k: &str| m.contains_key(k);
        add(
            TextKind::Names,
            "[catalog] name".into(),
            self.catalog_name.is_some(),
        );
        for d in &catalog.dimensions {
            add(
                TextKind::Names,
                format!("[dimensions] \"{}\"", d.name),
                table(&self.dimensions, &d.name),
            );
            for s in &d.subdimensions {
                add(
                    TextKind::Names,
                    format!("[subdimensions] \"{}\"", s.name),
                    table(&self.subdimensions, &s.name),
                );
                for c in &s.categories {
                    add(
                        TextKind::Names,
                        format!("[categories] \"{}\"", c.name),
                        table(&self.categories, &c.name),
                    );
                }
            }
        }
        for k in &catalog.kpis {
            let text = self.kpis.get(&k.id);
            add(
                TextKind::Names,
                format!("[[kpi]] \"{}\" name", k.code),
                text.is_some(),
            );
            if !k.definition.is_empty() {
                add(
                    TextKind::Definitions,
                    format!("[[kpi]] \"{}\" definition", k.code),
                    text.is_some_and(|t| t.definition.is_some()),
                );
            }
            for term in [&k.numerator, &k.denominator] {
                if !term.is_empty() {
                    add(
                        TextKind::Formulas,
                        format!("[formula_terms] \"{term}\""),
                        table(&self.formula_terms, term),
                    );
                }
            }
            let units = std::iter::once(&k.unit).chain(k.data_points.iter().map(|d| &d.unit));
            for u in units {
                add(
                    TextKind::Units,
                    format!("[units] \"{u}\""),
                    table(&self.units, u),
                );
            }
            for dp in &k.data_points {
                add(
                    TextKind::DataPoints,
                    format!("[data_points] \"{}\"", dp.label),
                    self.data_points.contains_key(&dp.label)
                        || self.data_points.contains_key(&dp.name),
                );
            }
            for t in k.target.iter().chain(k.point_targets.values()) {
                add(
                    TextKind::TargetSources,
                    format!("[target_sources] \"{}\"", t.source),
                    table(&self.target_sources, &t.source),
                );
            }
            for s in k.sources.iter().filter(|s| !is_link(s)) {
                add(
                    TextKind::SourceLabels,
                    format!("[sources] \"{s}\""),
                    table(&self.sources, s),
                );
            }
        }
        for kind in evaluation_kinds {
            add(
                TextKind::EvaluationKinds,
                format!("[evaluation_kinds] \"{kind}\""),
                table(&self.evaluation_kinds, kind),
            );
        }
        out
    }

    /// How many of the catalog's names are translated, out of how many.
    pub fn completeness(&self, catalog: &Catalog) -> (usize, usize) {
        let names: Vec<TextEntry> = self
            .audit(catalog, &[])
            .into_iter()
            .filter(|e| e.kind == TextKind::Names && e.key != "[catalog] name")
            .collect();
        (names.iter().filter(|e| e.done).count(), names.len())
    }
}

/// Whether a catalog source entry is an address (shown as a link) rather than words.
pub fn is_link(source: &str) -> bool {
    source.starts_with("https://") || source.starts_with("http://")
}
