//! `data/datapackage.json`: a Frictionless Data Package describing the whole-site tables
//! (cities, sources, values, scores, catalog, groups), with their types, fixed words, keys and
//! the foreign keys that join them.

use serde_json::{Value, json};

use super::catalog::BENCHMARK_WORDS;
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

/// The facts of a value row, the columns every values file ends with.
fn fact_fields() -> Vec<Value> {
    let band = json!({ "minimum": 1, "maximum": 4 });
    vec![
        required("year", "integer", "Year the value describes"),
        field(
            "value",
            "any",
            "Value as published, in the item's unit (catalog.csv): a number (whole numbers \
             without decimals, e.g. 119), or yes / no for yes/no KPIs",
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
        constrained(
            "achievement_pct",
            "number",
            "Percentage of the item's target achieved (0-100), on the latest year of a scored \
             item; the target, and whether it is official or indicative, are in catalog.csv",
            json!({ "minimum": 0, "maximum": 100 }),
        ),
        constrained(
            "band",
            "integer",
            "Band 1-4, on the latest year of a scored item",
            band.clone(),
        ),
        constrained(
            "points",
            "integer",
            "Points 1-4, on the latest year of a scored item",
            band,
        ),
        one_of(
            "basis",
            "What the band rests on: an official U4SSC target, an indicative target chosen by \
             this site (or the yes/no rule), or the band printed in the report; empty unless the \
             row is scored",
            &BASES.map(|b| b.key()),
            false,
        ),
        field(
            "verified",
            "boolean",
            "Whether the value was verified; empty when the city's file does not say",
        ),
        field(
            "source",
            "string",
            "The source document: its key in sources.csv (city/source id)",
        ),
    ]
}

fn values_fields() -> Vec<Value> {
    let mut fields = vec![
        required("city", "string", "City slug (cities.csv)"),
        required(
            "item",
            "string",
            "The KPI or data point: its item key in catalog.csv, KPI id[/data point]",
        ),
    ];
    fields.extend(fact_fields());
    fields
}

fn cities_fields() -> Vec<Value> {
    vec![
        required("city", "string", "City slug, as in the site's addresses"),
        required("name", "string", "City name"),
        required("country", "string", "Country"),
        field("country_code", "string", "ISO 3166-1 alpha-2 country code"),
        field("region", "string", "UN region"),
        field("population", "integer", "Inhabitants"),
        field(
            "population_year",
            "integer",
            "Year of the population figure",
        ),
        field("area_km2", "number", "Area in km2"),
        field("latitude", "number", "Latitude"),
        field("longitude", "number", "Longitude"),
        required(
            "evaluation",
            "string",
            "Kind of evaluation the values come from",
        ),
        field(
            "published",
            "string",
            "Publication date of the evaluation as written (YYYY-MM or YYYY-MM-DD)",
        ),
        required(
            "data_year",
            "integer",
            "Year the data describe; the default year of values",
        ),
        required(
            "data_year_is_published",
            "boolean",
            "The report prints no data year, so data_year is its publication year",
        ),
        required(
            "complete",
            "boolean",
            "Whether the city's file holds every value of the evaluation (false: a partial \
             transcription; a KPI left out is not in this site's data, not unreported)",
        ),
        field("note", "string", "What a partial transcription holds"),
        required("core_reported", "integer", "Core KPIs reported"),
        required("advanced_reported", "integer", "Advanced KPIs reported"),
    ]
}

fn sources_fields() -> Vec<Value> {
    vec![
        required("source", "string", "Unique key: city/source id"),
        required("city", "string", "City slug (cities.csv)"),
        required("title", "string", "Title of the document"),
        field("url", "string", "Address of the document"),
    ]
}

fn groups_fields() -> Vec<Value> {
    vec![
        required(
            "group_code",
            "string",
            "overall, or the group's id as in the site's addresses",
        ),
        one_of(
            "level",
            "Which kind of group",
            &["overall", "dimension", "subdimension", "category"],
            true,
        ),
        required("name", "string", "Group name in the catalog"),
        field(
            "parent",
            "string",
            "The group it belongs to; empty for overall",
        ),
    ]
}

fn scores_fields() -> Vec<Value> {
    vec![
        required("city", "string", "City slug (cities.csv)"),
        required(
            "group_code",
            "string",
            "overall, or the group's id as in the site's addresses (e.g. economy, ec-ict, \
             ec-ict-ict-infrastructure); its level and name are in groups.csv",
        ),
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
        required("item", "string", "Unique key: KPI id[/data point]"),
        required(
            "code",
            "string",
            "Official U4SSC code, e.g. EC: ICT: ICT: 1C",
        ),
        required("id", "string", "Compact KPI id, e.g. EC-ICT-ICT-1C"),
        required("name", "string", "KPI name"),
        field("dimension", "string", "Dimension"),
        field("subdimension", "string", "Sub-dimension"),
        field("category", "string", "Category"),
        one_of("tier", "core or advanced", &["core", "advanced"], true),
        field("unit", "string", "Unit of the item's values"),
        field("direction", "string", "higher, lower, target or yesno"),
        field(
            "data_point",
            "string",
            "Data point key; empty for the KPI as a whole",
        ),
        one_of(
            "benchmark",
            "How the item is scored: against a target, by the yes/no rule (yes meets it), not at \
             all because U4SSC prints no benchmark (no-benchmark), or because this site knows no \
             target (no-target)",
            &BENCHMARK_WORDS,
            true,
        ),
        field("target", "number", "Target value, in unit"),
        field(
            "target_official",
            "boolean",
            "Official U4SSC target (true) or indicative (false)",
        ),
        field("target_source", "string", "Where the target comes from"),
        field("sdg", "string", "SDG targets, space-separated"),
    ]
}

/// A foreign key: `fields` of this resource refer to `key` of `resource`.
fn reference(fields: &[&str], resource: &str, key: &[&str]) -> Value {
    json!({ "fields": fields, "reference": { "resource": resource, "fields": key } })
}

fn csv_resource(
    name: &str,
    path: &str,
    fields: Vec<Value>,
    key: &[&str],
    foreign_keys: Vec<Value>,
) -> Value {
    let mut schema = json!({ "fields": fields, "primaryKey": key, "missingValues": [""] });
    if !foreign_keys.is_empty() {
        schema["foreignKeys"] = Value::Array(foreign_keys);
    }
    json!({
        "name": name,
        "path": path,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema
    })
}

/// The data package describing the whole-site tables and how they refer to each other.
pub fn datapackage(config: &SiteConfig, urls: &Urls) -> Output {
    let licence = if config.data_licence_url.is_empty() {
        json!([{ "name": config.data_licence }])
    } else {
        json!([{ "name": config.data_licence, "path": config.data_licence_url }])
    };
    let city = reference(&["city"], "cities", &["city"]);
    let pkg = json!({
        "name": "cityprofiles-data",
        "title": format!("{}: data", config.title),
        "description": "Values of U4SSC key performance indicators reported by the cities on this site, with achievement, bands and points computed by cityprofiles, and the scores of every group with the evidence they rest on. Each fact is written once: values refer to the catalog (names, units, targets, official or indicative), to the cities and to their sources by key.",
        "homepage": urls.absolute("data/"),
        "licenses": licence,
        "resources": [
            csv_resource("cities", "cities.csv", cities_fields(), &["city"], vec![]),
            csv_resource("sources", "sources.csv", sources_fields(), &["source"], vec![city.clone()]),
            csv_resource("values", "values.csv", values_fields(), &["city", "item", "year"], vec![
                city.clone(),
                reference(&["item"], "catalog", &["item"]),
                reference(&["source"], "sources", &["source"]),
            ]),
            csv_resource("scores", "scores.csv", scores_fields(), &["city", "group_code"], vec![
                city,
                reference(&["group_code"], "groups", &["group_code"]),
            ]),
            csv_resource("catalog", "catalog.csv", catalog_fields(), &["item"], vec![]),
            csv_resource("groups", "groups.csv", groups_fields(), &["group_code"], vec![
                // An empty resource name refers to this resource itself.
                reference(&["parent"], "", &["group_code"]),
            ]),
        ]
    });
    let mut bytes = serde_json::to_vec_pretty(&pkg).unwrap_or_default();
    bytes.push(b'\n');
    Output {
        path: "data/datapackage.json".into(),
        bytes: bytes.into(),
    }
}
