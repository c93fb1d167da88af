//! Open-data downloads keep what was published and carry the evidence: the real binary builds
//! `tests/fixtures/downloads` (two cities, one of them a partial transcription), and the files
//! are read back column by column.
//!
//! Expected figures are worked out by hand from `catalog/u4ssc.toml` (targets, yes/no units,
//! `benchmark = "none"`) and its bands (4 above 95 %, 3 from 66 %, 2 from 33 %, else 1):
//!
//! * ICT Infrastructure (Economy / ICT) has five scorable items: 1C (target 100 %), 2C (the
//!   official 60 %), 3C (100 000), 4C's 3G and 4G (100 % each); 5C has no U4SSC benchmark.
//!   Alpha: 80 → 80 % → 3 points; 57 → 95 % → 3 (95 % itself is band 3); 20 000 → 20 % → 1;
//!   3G 100 → 4; 4G 50 → 2. 13 of 20 points = 65 %, band 2, five of five items scored.
//! * Environment has 16 scorable items (Air Quality 1C's five pollutants and 2C; Water and
//!   Sanitation 1C, 2C and 4C's primary and secondary; Waste 1C's landfill and recycled;
//!   Environmental Quality 1C; Public Space 2A and 3A; Energy 1C). Alpha's 2C does not apply:
//!   15. Alpha scores two: water quality 99 → 4, renewables 21.25 of 42.5 → 50 % → 2. Two of
//!   fifteen is under half: insufficient data, 6 of 8 points kept.
//! * Overall, the catalog has 58 scorable items (Economy 27, Environment 16, Society 15), 57 for
//!   Alpha; Alpha scores ten: the six above in Economy (ICT Infrastructure's five, open data's
//!   45.5 % → 2), the two in Environment, life expectancy 84 of 84 → 4 and resilience plans
//!   "no" → 0 % → 1: 26 of 40 points, insufficient because no dimension has half its items.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use cityprofiles::site::{BuildOptions, build_in_memory};

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/downloads")
}

/// Builds `root` with the real binary into a fresh folder.
fn build(root: &Path) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_cityprofiles"))
        .arg("--root")
        .arg(root)
        .args(["build", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    (tmp, out)
}

fn text(out: &Path, path: &str) -> String {
    std::fs::read_to_string(out.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

type Row = BTreeMap<String, String>;

/// A CSV file's rows, each by column name.
fn csv_rows(out: &Path, path: &str) -> Vec<Row> {
    let text = text(out, path);
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    r.records()
        .map(|rec| {
            header
                .iter()
                .cloned()
                .zip(rec.unwrap().iter().map(String::from))
                .collect()
        })
        .collect()
}

/// The row with `row_id`.
fn row<'a>(rows: &'a [Row], id: &str) -> &'a Row {
    rows.iter()
        .find(|r| r["row_id"] == id)
        .unwrap_or_else(|| panic!("no row {id}"))
}

fn json(out: &Path, path: &str) -> serde_json::Value {
    serde_json::from_str(&text(out, path)).unwrap()
}

/// The JSON value row with `row_id` in a file's `values` array.
fn json_row<'a>(file: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    file["values"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["row_id"] == id)
        .unwrap_or_else(|| panic!("no JSON row {id}"))
}

#[test]
fn yes_no_answers_and_counts_are_written_as_published() {
    let (_t, out) = build(&fixture());
    // "no" stays "no" in every CSV that lists the row (it was the number 0.0).
    for path in [
        "data/cities/alpha.csv",
        "data/values.csv",
        "data/indicators/sc-sh-sa-3a.csv",
    ] {
        let rows = csv_rows(&out, path);
        assert_eq!(
            row(&rows, "alpha/SC-SH-SA-3A/2020")["value"],
            "no",
            "{path}"
        );
        // Still scored: no is 0 % of the benchmark, band 1.
        assert_eq!(row(&rows, "alpha/SC-SH-SA-3A/2020")["band"], "1", "{path}");
    }
    assert_eq!(
        row(&csv_rows(&out, "data/values.csv"), "beta/SC-SH-SA-3A/2021")["value"],
        "yes"
    );
    for path in ["data/cities/alpha.json", "data/indicators/sc-sh-sa-3a.json"] {
        let file = json(&out, path);
        assert_eq!(
            json_row(&file, "alpha/SC-SH-SA-3A/2020")["value"],
            serde_json::json!("no"),
            "{path}"
        );
    }
    assert_eq!(
        json_row(
            &json(&out, "data/cities/beta.json"),
            "beta/SC-SH-SA-3A/2021"
        )["value"],
        serde_json::json!("yes")
    );

    // Counts are whole numbers: 119, not 119.0; other numbers as written.
    let values = csv_rows(&out, "data/values.csv");
    for (id, expected) in [
        ("alpha/EC-ICT-ICT-5C/2020", "119"),
        ("alpha/EC-ICT-PS-1A/number/2020", "119"),
        ("alpha/EC-ICT-ICT-3C/2020", "20000"),
        ("alpha/SC-EH-H-1C/2016", "80"),
        ("alpha/EC-ICT-PS-1A/percent/2020", "45.5"),
        ("alpha/EN-E-E-1C/2020", "21.25"),
        ("beta/EC-ICT-ICT-2C/2021", "61.2"),
    ] {
        assert_eq!(row(&values, id)["value"], expected, "{id}");
    }
    assert_eq!(
        row(
            &csv_rows(&out, "data/indicators/ec-ict-ict-5c.csv"),
            "alpha/EC-ICT-ICT-5C/2020"
        )["value"],
        "119"
    );
    // In JSON a number is a number, and a whole one is written as an integer.
    let alpha = text(&out, "data/cities/alpha.json");
    assert!(alpha.contains(r#""row_id":"alpha/EC-ICT-ICT-5C/2020""#));
    assert!(!alpha.contains("119.0"), "a count written with a decimal");
    let alpha: serde_json::Value = serde_json::from_str(&alpha).unwrap();
    let count = &json_row(&alpha, "alpha/EC-ICT-PS-1A/number/2020")["value"];
    assert_eq!(count.as_u64(), Some(119), "{count}");
    assert_eq!(
        json_row(&alpha, "alpha/EN-E-E-1C/2020")["value"].as_f64(),
        Some(21.25)
    );
    let kpi = text(&out, "data/indicators/ec-ict-ict-5c.json");
    assert!(kpi.contains(r#""value":119,"#), "{kpi}");
}

#[test]
fn status_is_the_items_state_and_basis_says_what_the_band_rests_on() {
    let (_t, out) = build(&fixture());
    let values = csv_rows(&out, "data/values.csv");
    let at = |id: &str| {
        let r = row(&values, id);
        (
            r["status"].as_str(),
            r["basis"].as_str(),
            r["band"].as_str(),
        )
    };
    // No target known to the site; no U4SSC benchmark (catalog `benchmark = "none"`).
    assert_eq!(at("alpha/EC-ICT-WS-1C/2020"), ("no-target", "", ""));
    assert_eq!(at("alpha/EC-ICT-ICT-5C/2020"), ("no-benchmark", "", ""));
    // Open data: the KPI is scored through its share; for its count U4SSC prints no
    // benchmark (catalog `data_point_benchmarks`).
    assert_eq!(
        at("alpha/EC-ICT-PS-1A/number/2020"),
        ("no-benchmark", "", "")
    );
    assert_eq!(
        at("alpha/EC-ICT-PS-1A/percent/2020"),
        ("scored", "indicative", "2")
    );
    // The official fixed-broadband target; exactly 95 % of it is band 3.
    assert_eq!(at("alpha/EC-ICT-ICT-2C/2020"), ("scored", "official", "3"));
    assert_eq!(at("alpha/SC-SH-SA-3A/2020"), ("scored", "indicative", "1"));
    // Rows without a value take the KPI's state.
    assert_eq!(at("alpha/EN-EN-AQ-2C/2020"), ("not-applicable", "", ""));
    assert_eq!(at("alpha/SC-SH-SI-4C/2020"), ("not-reported", "", ""));
    assert_eq!(row(&values, "alpha/SC-SH-SI-4C/2020")["value"], "");
    // An earlier year belongs to the scored item; band and basis are on the latest row.
    assert_eq!(at("alpha/SC-EH-H-1C/2016"), ("scored", "", ""));
    assert_eq!(row(&values, "alpha/SC-EH-H-1C/2016")["latest"], "false");
    assert_eq!(at("alpha/SC-EH-H-1C/2020"), ("scored", "indicative", "4"));

    // The partial city has rows only for the two KPIs its file gives: a KPI left out of the
    // transcription has no row, so `not-in-data` never appears.
    let beta: Vec<&str> = values
        .iter()
        .filter(|r| r["city"] == "beta")
        .map(|r| r["row_id"].as_str())
        .collect();
    assert_eq!(
        beta,
        ["beta/EC-ICT-ICT-2C/2021", "beta/SC-SH-SA-3A/2021"],
        "catalog order"
    );
    assert_eq!(csv_rows(&out, "data/cities/beta.csv").len(), 2);
    assert_eq!(
        json(&out, "data/cities/beta.json")["values"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let documented = [
        "scored",
        "no-target",
        "no-benchmark",
        "not-reported",
        "not-verified",
        "not-applicable",
    ];
    for r in &values {
        assert!(documented.contains(&r["status"].as_str()), "{r:?}");
        assert!(["", "official", "indicative", "report"].contains(&r["basis"].as_str()));
    }
    // Every city and KPI file says the same.
    let kpi = csv_rows(&out, "data/indicators/ec-ict-ps-1a.csv");
    assert_eq!(
        row(&kpi, "alpha/EC-ICT-PS-1A/number/2020")["status"],
        "no-benchmark"
    );
    let file = json(&out, "data/indicators/ec-ict-ps-1a.json");
    let r = json_row(&file, "alpha/EC-ICT-PS-1A/percent/2020");
    assert_eq!(
        (r["status"].as_str(), r["basis"].as_str()),
        (Some("scored"), Some("indicative"))
    );
}

/// scores.csv's row for `city` and `group`: state, score_pct, band, earned, possible, scored,
/// scorable.
fn score<'a>(rows: &'a [Row], city: &str, group: &str) -> [&'a str; 7] {
    let r = rows
        .iter()
        .find(|r| r["city"] == city && r["group_code"] == group)
        .unwrap_or_else(|| panic!("no score {city} {group}"));
    [
        "state",
        "score_pct",
        "band",
        "earned_points",
        "possible_points",
        "scored_items",
        "scorable_items",
    ]
    .map(|c| r[c].as_str())
}

#[test]
fn scores_carry_their_evidence() {
    let (_t, out) = build(&fixture());
    let rows = csv_rows(&out, "data/scores.csv");
    // Overall, 3 dimensions, 7 sub-dimensions and 27 categories for each of the two cities.
    assert_eq!(rows.len(), 2 * 38);
    let ict = rows
        .iter()
        .find(|r| r["city"] == "alpha" && r["group_code"] == "ec-ict-ict-infrastructure")
        .unwrap();
    assert_eq!(
        (ict["level"].as_str(), ict["group_name"].as_str()),
        ("category", "ICT Infrastructure")
    );
    assert_eq!(
        score(&rows, "alpha", "ec-ict-ict-infrastructure"),
        ["scored", "65.0", "2", "13", "20", "5", "5"]
    );
    assert_eq!(
        score(&rows, "alpha", "environment"),
        ["insufficient-data", "", "", "6", "8", "2", "15"]
    );
    assert_eq!(
        score(&rows, "alpha", "overall"),
        ["insufficient-data", "", "", "26", "40", "10", "57"]
    );
    // The partial city: one of the category's five items (61.2 of 60 % → band 4).
    assert_eq!(
        score(&rows, "beta", "ec-ict-ict-infrastructure"),
        ["insufficient-data", "", "", "4", "4", "1", "5"]
    );
    // A category where nothing can be scored: no target known for its KPIs.
    assert_eq!(
        score(&rows, "alpha", "ec-ict-water-and-sanitation"),
        ["no-target", "", "", "0", "0", "0", "0"]
    );
    let levels: Vec<&str> = rows
        .iter()
        .filter(|r| r["city"] == "alpha")
        .take(4)
        .map(|r| r["level"].as_str())
        .collect();
    assert_eq!(levels, ["overall", "dimension", "subdimension", "category"]);

    // The city's JSON file gives the same scores in their hierarchy.
    let alpha = json(&out, "data/cities/alpha.json");
    let fields = |g: &serde_json::Value| {
        [
            g["state"].clone(),
            g["score_pct"].clone(),
            g["band"].clone(),
            g["earned_points"].clone(),
            g["possible_points"].clone(),
            g["scored_items"].clone(),
            g["scorable_items"].clone(),
        ]
    };
    use serde_json::{Value, json};
    assert_eq!(
        fields(&alpha["overall"]),
        [
            json!("insufficient-data"),
            Value::Null,
            Value::Null,
            json!(26),
            json!(40),
            json!(10),
            json!(57)
        ]
    );
    let economy = &alpha["dimensions"][0];
    assert_eq!(economy["code"], "economy");
    let category = &economy["subdimensions"][0]["categories"][0];
    assert_eq!(category["name"], "ICT Infrastructure");
    assert_eq!(
        fields(category),
        [
            json!("scored"),
            json!(65.0),
            json!(2),
            json!(13),
            json!(20),
            json!(5),
            json!(5)
        ]
    );
    let environment = &alpha["dimensions"][1];
    assert_eq!(environment["name"], "Environment");
    assert_eq!(
        fields(environment),
        [
            json!("insufficient-data"),
            Value::Null,
            Value::Null,
            json!(6),
            json!(8),
            json!(2),
            json!(15)
        ]
    );
}

#[test]
fn the_data_page_and_package_document_the_files() {
    let (_t, out) = build(&fixture());
    let page = text(&out, "data/index.html");
    assert!(
        page.contains(r#"href="/data/scores.csv""#),
        "scores.csv is not listed"
    );
    let listed = page.split(r#"href="/data/scores.csv""#).nth(1).unwrap();
    let size = std::fs::metadata(out.join("data/scores.csv"))
        .unwrap()
        .len();
    assert!(size > 76 * 40, "{size}");
    let cells: Vec<&str> = listed.split("<td").take(3).collect();
    assert!(
        cells[2].contains("kB"),
        "no size next to scores.csv: {}",
        cells[2]
    );
    for word in [
        "scored",
        "no-target",
        "no-benchmark",
        "not-reported",
        "not-verified",
        "not-applicable",
        "insufficient-data",
        "official",
        "indicative",
        "report",
    ] {
        assert!(
            page.contains(&format!("<code>{word}</code>")),
            "{word} is not explained"
        );
    }
    assert!(page.contains("119, not 119.0"));
    assert!(page.contains("at least 50% of them"), "the rule's share");
    assert!(text(&out, "fr/data/index.html").contains("Lire les fichiers"));
    assert!(text(&out, "ru/data/index.html").contains("Как читать файлы"));

    let pkg = json(&out, "data/datapackage.json");
    let resource = |name: &str| {
        pkg["resources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["name"] == name)
            .unwrap_or_else(|| panic!("no resource {name}"))
            .clone()
    };
    let field = |res: &serde_json::Value, name: &str| {
        res["schema"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == name)
            .unwrap_or_else(|| panic!("no field {name}"))
            .clone()
    };
    let values = resource("values");
    assert_eq!(
        field(&values, "status")["constraints"]["enum"],
        serde_json::json!([
            "scored",
            "no-target",
            "no-benchmark",
            "not-reported",
            "not-verified",
            "not-applicable"
        ])
    );
    assert_eq!(
        field(&values, "basis")["constraints"]["enum"],
        serde_json::json!(["official", "indicative", "report"])
    );
    // yes/no and numbers share the column.
    assert_eq!(field(&values, "value")["type"], "any");
    let scores = resource("scores");
    assert_eq!(scores["path"], "scores.csv");
    assert_eq!(
        field(&scores, "state")["constraints"]["enum"],
        serde_json::json!(["scored", "insufficient-data", "no-target", "no-benchmark"])
    );
    // The schema names scores.csv's columns in order.
    let names: Vec<String> = scores["schema"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap().to_string())
        .collect();
    let mut r = csv::Reader::from_path(out.join("data/scores.csv")).unwrap();
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, names);
}

/// `build` writes the files that list every city in pieces; the dev server and `check` make
/// them whole, keeping each city's encoded rows between rebuilds. Both give the same bytes,
/// and an edited value reaches scores.csv through the dev server's cache.
#[test]
fn every_build_path_writes_the_same_downloads() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    for e in walkdir::WalkDir::new(fixture()) {
        let e = e.unwrap();
        let dest = site.join(e.path().strip_prefix(fixture()).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
    let cache = std::sync::Arc::new(cityprofiles::site::SiteCache::new());
    let cached = BuildOptions {
        root: site.clone(),
        cache: Some(cache),
        ..Default::default()
    };
    build_in_memory(&cached).unwrap();
    let city = site.join("content/cities/alpha/city.toml");
    let before = std::fs::read_to_string(&city).unwrap();
    // 3C at its target: 1 point becomes 4, so ICT Infrastructure has 16 of 20 = 80 %, band 3.
    let after = before.replace(
        "\"EC: ICT: ICT: 3C\" = 20000",
        "\"EC: ICT: ICT: 3C\" = 100000",
    );
    assert_ne!(before, after);
    std::fs::write(&city, after).unwrap();
    let built = build_in_memory(&cached).unwrap();
    let (_t, out) = build(&site);
    let data: Vec<_> = built
        .outputs
        .iter()
        .filter(|o| o.path.starts_with("data/") && !o.path.ends_with(".html"))
        .collect();
    assert!(data.iter().any(|o| o.path == "data/scores.csv"));
    for o in &data {
        let written = std::fs::read(out.join(&o.path)).unwrap();
        assert!(written == o.bytes[..], "{} differs", o.path);
    }
    let rows = csv_rows(&out, "data/scores.csv");
    assert_eq!(
        score(&rows, "alpha", "ec-ict-ict-infrastructure"),
        ["scored", "80.0", "3", "16", "20", "5", "5"]
    );
}
