//! `data/datapackage.json`: a Frictionless Data Package describing the tables a data tool
//! most needs (values.csv, scores.csv, catalog.csv), with their types, fixed words and keys.

use serde_json::{Value, json};

use super::fields::keys;
use crate::config::SiteConfig;
use crate::model::state::{BASES, GROUP_STATES, VALUE_STATES};
use crate::render::Output;
use crate::render::urls::Urls;

fn field(name: &str, ty: &str, description: &str) -> Value {
    json!({ "name": name, "type": ty, "description": description })
}

/// `field` with Table Schema constraints.
fn constrained(name: &str, ty: &str, description: &str, constraints: Value) -> Value {
    let mut f = field(name, ty, description);
    f["constraints"] = constraints;
    f
}

fn required(name: &str, ty: &str, description: &str) -> Value {
    constrained(name, ty, description, json!({ "required": true }))
}

fn one_of(name: &str, description: &str, words: &[&str], required: bool) -> Value {
    constrained(
        name,
        "string",
        description,
        json!({ "required": required, "enum": words }),
    )
}

fn values_fields() -> Vec<Value> {
    let band = json!({ "minimum": 1, "maximum": 4 });
    vec![
        required(
            "row_id",
            "string",
            "Unique key: city/KPI id[/data point]/year",
        ),
        required("city", "string", "City slug"),
        field("city_name", "string", "City name"),
        field("country", "string", "Country"),
        field(
            "kpi_code",
            "string",
            "Official U4SSC code, e.g. EC: ICT: ICT: 1C",
        ),
        required("kpi_id", "string", "Compact KPI id, e.g. EC-ICT-ICT-1C"),
        field("kpi_name", "string", "KPI name"),
        field(
            "data_point",
            "string",
            "Data point key; empty for the KPI as a whole",
        ),
        one_of(
            "status",
            "For a row with a value, the item's state: scored (has a band), no-target (no target \
             known to this site, not scored) or no-benchmark (U4SSC prints no benchmark, not \
             scored); otherwise the KPI's: not-reported, not-verified or not-applicable. Only KPIs \
             given in a city's file have rows: a KPI left out of a partial transcription has none",
            &keys(&VALUE_STATES),
            true,
        ),
        field("year", "integer", "Year the value describes"),
        field(
            "value",
            "any",
            "Value as published, in `unit`: a number (whole numbers without decimals, e.g. 119), \
             or yes / no for yes/no KPIs",
        ),
        field("unit", "string", "Unit of the value"),
        field(
            "latest",
            "boolean",
            "Whether this is the city's latest year for the item (the one scored)",
        ),
        field("target", "number", "Target used for scoring, in `unit`"),
        field(
            "target_official",
            "boolean",
            "Whether the target is an official U4SSC target (false: indicative)",
        ),
        field("target_source", "string", "Where the target comes from"),
        constrained(
            "achievement_pct",
            "number",
            "Percentage of the target achieved (0-100)",
            json!({ "minimum": 0, "maximum": 100 }),
        ),
        constrained("band", "integer", "Band 1-4", band.clone()),
        constrained("points", "integer", "Points 1-4", band),
        one_of(
            "basis",
            "What the band rests on: an official U4SSC target, an indicative target chosen by \
             this site (or the yes/no rule), or the band printed in the report; empty unless the \
             row is scored",
            &BASES.map(|b| b.key()),
            false,
        ),
        field("verified", "boolean", "Whether the value was verified"),
        field("source", "string", "Source document"),
        field("source_url", "string", "Address of the source document"),
    ]
}

fn scores_fields() -> Vec<Value> {
    vec![
        required("city", "string", "City slug"),
        field("city_name", "string", "City name"),
        one_of(
            "level",
            "Which group the row scores",
            &["overall", "dimension", "subdimension", "category"],
            true,
        ),
        required(
            "group_code",
            "string",
            "overall, or the group's id as in the site's addresses (e.g. economy, ec-ict, \
             ec-ict-ict-infrastructure)",
        ),
        field("group_name", "string", "Group name in the catalog"),
        one_of(
            "state",
            "scored (enough of its scorable items are scored), insufficient-data (too few), \
             no-target or no-benchmark (nothing in the group can be scored)",
            &keys(&GROUP_STATES),
            true,
        ),
        constrained(
            "score_pct",
            "number",
            "Points earned / points possible x 100, rounded to 4 decimals; empty unless scored",
            json!({ "minimum": 0, "maximum": 100 }),
        ),
        constrained(
            "band",
            "integer",
            "Band 1-4 of score_pct; empty unless scored",
            json!({ "minimum": 1, "maximum": 4 }),
        ),
        required(
            "earned_points",
            "integer",
            "Points earned by the scored items",
        ),
        required(
            "possible_points",
            "integer",
            "Points the scored items could earn (4 each)",
        ),
        required(
            "scored_items",
            "integer",
            "Items (KPIs or data points) scored",
        ),
        required(
            "scorable_items",
            "integer",
            "Items of the group that can be scored: those with a target or a yes/no answer, less \
             those not applicable to the city, plus any scored only by a band printed in the report",
        ),
    ]
}

fn catalog_fields() -> Vec<Value> {
    vec![
        field("item_id", "string", "Unique key: KPI id[/data point]"),
        field("code", "string", "Official U4SSC code"),
        field("id", "string", "Compact KPI id"),
        field("name", "string", "KPI name"),
        field("dimension", "string", "Dimension"),
        field("subdimension", "string", "Sub-dimension"),
        field("category", "string", "Category"),
        field("tier", "string", "core or advanced"),
        field("unit", "string", "Unit"),
        field("direction", "string", "higher, lower, target or yesno"),
        field(
            "data_point",
            "string",
            "Data point key; empty for the KPI as a whole",
        ),
        field("target", "number", "Target value"),
        field(
            "target_official",
            "boolean",
            "Official U4SSC target (true) or indicative (false)",
        ),
        field("target_source", "string", "Source of the target"),
        field("sdg", "string", "SDG targets, space-separated"),
    ]
}

fn csv_resource(name: &str, path: &str, fields: Vec<Value>, key: &[&str]) -> Value {
    json!({
        "name": name,
        "path": path,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": { "fields": fields, "primaryKey": key, "missingValues": [""] }
    })
}

/// The data package describing values.csv, scores.csv and catalog.csv.
pub fn datapackage(config: &SiteConfig, urls: &Urls) -> Output {
    let licence = if config.data_licence_url.is_empty() {
        json!([{ "name": config.data_licence }])
    } else {
        json!([{ "name": config.data_licence, "path": config.data_licence_url }])
    };
    let pkg = json!({
        "name": "cityprofiles-data",
        "title": format!("{}: data", config.title),
        "description": "Values of U4SSC key performance indicators reported by the cities on this site, with targets, achievement, bands and points computed by cityprofiles, and the scores of every group with the evidence they rest on.",
        "homepage": urls.absolute("data/"),
        "licenses": licence,
        "resources": [
            csv_resource("values", "values.csv", values_fields(), &["row_id"]),
            csv_resource("scores", "scores.csv", scores_fields(), &["city", "level", "group_code"]),
            csv_resource("catalog", "catalog.csv", catalog_fields(), &["item_id"]),
        ]
    });
    let mut bytes = serde_json::to_vec_pretty(&pkg).unwrap_or_default();
    bytes.push(b'\n');
    Output {
        path: "data/datapackage.json".into(),
        bytes: bytes.into(),
    }
}
