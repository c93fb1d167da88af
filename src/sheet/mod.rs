//! Data-collection spreadsheets: export a blank or filled sheet, import a filled one.
//!
//! A sheet has one row per KPI, and one row per data point for KPIs reported per data point,
//! with the columns of [`Row`]. [`export`] writes sheets as CSV or XLSX; [`import`] reads CSV,
//! XLSX or ODS sheets, checks every row against the catalog and writes the accepted values into
//! a city's `city.toml` without disturbing its comments and layout.

pub mod export;
pub mod import;

use crate::model::catalog::data_point_key;

/// One row of a collection sheet; every cell is text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Row {
    /// Official KPI code, e.g. `EN: EN: WS: 2C`.
    pub code: String,
    /// KPI name.
    pub name: String,
    /// Data point key (empty for single-valued KPIs).
    pub data_point: String,
    /// Unit of the value.
    pub unit: String,
    /// `core` or `advanced`.
    pub tier: String,
    /// The formula in words.
    pub formula: String,
    /// The value: a number, `yes`/`no`, or a status such as `not-reported`.
    pub value: String,
    /// Year the value describes.
    pub year: String,
    /// Source id (or any text naming the source).
    pub source: String,
    /// Free remark.
    pub note: String,
}

/// Column headers of exported sheets, in order.
pub const HEADERS: [&str; 10] = [
    "code",
    "name",
    "data point",
    "unit",
    "tier",
    "formula",
    "value",
    "year",
    "source",
    "note",
];

impl Row {
    /// The cells in the order of [`HEADERS`].
    pub fn cells(&self) -> [&str; 10] {
        [
            &self.code,
            &self.name,
            &self.data_point,
            &self.unit,
            &self.tier,
            &self.formula,
            &self.value,
            &self.year,
            &self.source,
            &self.note,
        ]
    }
}

/// A column the importer understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    /// KPI code.
    Code,
    /// Data point key or name.
    DataPoint,
    /// The value.
    Value,
    /// Unit the value is written in.
    Unit,
    /// Year.
    Year,
    /// Source.
    Source,
    /// Remark.
    Note,
}

impl Column {
    /// Every column, in sheet order.
    pub const ALL: [Column; 7] = [
        Column::Code,
        Column::DataPoint,
        Column::Value,
        Column::Unit,
        Column::Year,
        Column::Source,
        Column::Note,
    ];

    /// The English header name.
    pub fn name(self) -> &'static str {
        match self {
            Column::Code => "code",
            Column::DataPoint => "data point",
            Column::Value => "value",
            Column::Unit => "unit",
            Column::Year => "year",
            Column::Source => "source",
            Column::Note => "note",
        }
    }

    /// Header names accepted for this column (compared case- and accent-insensitively).
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            Column::Code => &[
                "code",
                "kpi",
                "kpi code",
                "kpi id",
                "indicator",
                "indicator code",
                "id",
                "código",
                "codigo",
                "code kpi",
                "code indicateur",
                "indicateur",
                "код",
                "код kpi",
                "kennzahl",
            ],
            Column::DataPoint => &[
                "data point",
                "datapoint",
                "data point key",
                "point",
                "sub-indicator",
                "sub indicator",
                "subindicator",
                "component",
                "point de donnée",
                "sous-indicateur",
                "punto de datos",
                "точка данных",
                "подпоказатель",
            ],
            Column::Value => &[
                "value",
                "values",
                "valeur",
                "valor",
                "wert",
                "значение",
                "result",
                "résultat",
                "resultado",
            ],
            Column::Unit => &[
                "unit",
                "units",
                "unit of measure",
                "unité",
                "unite",
                "unités",
                "unidad",
                "unidades",
                "einheit",
                "единица",
                "единицы",
                "единица измерения",
            ],
            Column::Year => &[
                "year",
                "année",
                "annee",
                "año",
                "jahr",
                "год",
                "reference year",
            ],
            Column::Source => &[
                "source",
                "sources",
                "source id",
                "fuente",
                "quelle",
                "источник",
            ],
            Column::Note => &[
                "note",
                "notes",
                "comment",
                "comments",
                "remark",
                "remarks",
                "commentaire",
                "remarque",
                "nota",
                "comentario",
                "anmerkung",
                "примечание",
                "комментарий",
            ],
        }
    }

    /// The column a header names, if any.
    pub fn from_header(header: &str) -> Option<Column> {
        let h = header_key(header);
        Column::ALL
            .into_iter()
            .find(|c| c.aliases().iter().any(|a| header_key(a) == h))
    }
}

/// A header reduced for comparison: ASCII (accents and scripts transliterated), lowercase,
/// words separated by single spaces.
pub fn header_key(header: &str) -> String {
    data_point_key(header).replace('-', " ")
}
