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

/// The key of a values row as `city/KPI id[/data point]/year`, from whichever of the columns
/// city, item, data_point and year its file has (a city's file has no city column, a KPI's
/// has the data point instead of the item); `city` and `kpi` fill in what the file leaves out.
fn id_of(r: &Row, city: &str, kpi: &str) -> String {
    let city = r.get("city").map_or(city, String::as_str);
    let item = match (r.get("item"), r.get("data_point")) {
        (Some(item), _) => item.clone(),
        (None, Some(p)) if !p.is_empty() => format!("{kpi}/{p}"),
        _ => kpi.to_string(),
    };
    format!("{city}/{item}/{}", r["year"])
}

/// The row `city/KPI id[/data point]/year` of a values file.
fn row<'a>(rows: &'a [Row], id: &str) -> &'a Row {
    let mut parts = id.split('/');
    let (city, kpi) = (parts.next().unwrap(), parts.next().unwrap());
    rows.iter()
        .find(|r| id_of(r, city, kpi) == id)
        .unwrap_or_else(|| panic!("no row {id}"))
}

fn json(out: &Path, path: &str) -> serde_json::Value {
    serde_json::from_str(&text(out, path)).unwrap()
}

/// The row of a whole-site table whose `key` column is `value`.
fn keyed<'a>(rows: &'a [Row], key: &str, value: &str) -> &'a Row {
    rows.iter()
        .find(|r| r[key] == value)
        .unwrap_or_else(|| panic!("no row with {key} = {value}"))
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
    // The JSON twins of the CSV files are gone: nothing read them.
    for path in [
        "data/cities/alpha.json",
        "data/indicators/ec-ict-ict-5c.json",
    ] {
        assert!(!out.join(path).exists(), "{path}");
    }
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
    // An earlier year belongs to the scored item; achievement, band and basis are on the
    // latest row.
    assert_eq!(at("alpha/SC-EH-H-1C/2016"), ("scored", "", ""));
    assert_eq!(row(&values, "alpha/SC-EH-H-1C/2016")["achievement_pct"], "");
    assert_eq!(
        row(&values, "alpha/SC-EH-H-1C/2020")["achievement_pct"],
        "100.0"
    );
    assert_eq!(at("alpha/SC-EH-H-1C/2020"), ("scored", "indicative", "4"));

    // The partial city has rows only for the two KPIs its file gives: a KPI left out of the
    // transcription has no row, so `not-in-data` never appears.
    let beta: Vec<String> = values
        .iter()
        .filter(|r| r["city"] == "beta")
        .map(|r| id_of(r, "", ""))
        .collect();
    assert_eq!(
        beta,
        ["beta/EC-ICT-ICT-2C/2021", "beta/SC-SH-SA-3A/2021"],
        "catalog order"
    );
    assert_eq!(csv_rows(&out, "data/cities/beta.csv").len(), 2);
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
    assert_eq!(
        row(&kpi, "alpha/EC-ICT-PS-1A/percent/2020")["basis"],
        "indicative"
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
    // Each group's level and name are written once, in groups.csv.
    let groups = csv_rows(&out, "data/groups.csv");
    assert_eq!(groups.len(), 38);
    let ict = keyed(&groups, "group_code", "ec-ict-ict-infrastructure");
    assert_eq!(
        (
            ict["level"].as_str(),
            ict["name"].as_str(),
            ict["parent"].as_str()
        ),
        ("category", "ICT Infrastructure", "ec-ict")
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
    // A city's rows come in groups.csv's order: each group before the groups inside it.
    let codes: Vec<&str> = rows
        .iter()
        .filter(|r| r["city"] == "alpha")
        .map(|r| r["group_code"].as_str())
        .collect();
    let order: Vec<&str> = groups.iter().map(|g| g["group_code"].as_str()).collect();
    assert_eq!(codes, order);
    let levels: Vec<&str> = groups.iter().take(4).map(|g| g["level"].as_str()).collect();
    assert_eq!(levels, ["overall", "dimension", "subdimension", "category"]);
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

/// Each fact is written once in the whole-site tables and joined by key: the target, whether
/// it is official, and its source are on the item's row of catalog.csv; a city's name and
/// evaluation on its row of cities.csv; a source's title on its row of sources.csv. The city
/// and KPI files are values.csv's rows without the column that is constant in them.
#[test]
fn whole_site_tables_join_by_key_and_the_views_repeat_values_csv() {
    let (_t, out) = build(&fixture());
    let values = csv_rows(&out, "data/values.csv");
    let catalog = csv_rows(&out, "data/catalog.csv");
    let cities = csv_rows(&out, "data/cities.csv");
    let sources = csv_rows(&out, "data/sources.csv");
    let item = |id: &str| {
        let r = keyed(&catalog, "item", id);
        [
            r["benchmark"].as_str(),
            r["target"].as_str(),
            r["target_official"].as_str(),
            r["unit"].as_str(),
        ]
    };
    // The official fixed-broadband target, indicative ones, and the yes/no rule.
    assert_eq!(item("EC-ICT-ICT-2C"), ["target", "60.0", "true", "%"]);
    assert_eq!(item("EC-ICT-ICT-1C")[..3], ["target", "100.0", "false"]);
    assert_eq!(item("SC-SH-SA-3A")[..3], ["yes-no", "", "false"]);
    assert!(
        keyed(&catalog, "item", "SC-SH-SA-3A")["target_source"].contains("yes meets"),
        "the yes/no rule is named"
    );
    assert!(!keyed(&catalog, "item", "EC-ICT-ICT-2C")["target_source"].is_empty());
    // Not scored: no U4SSC benchmark for the count of open data sets, no target known.
    assert_eq!(item("EC-ICT-PS-1A/number")[0], "no-benchmark");
    assert_eq!(item("EC-ICT-PS-1A/percent")[0], "target");
    assert_eq!(item("EC-ICT-ICT-5C")[0], "no-benchmark");
    assert_eq!(item("EC-ICT-WS-1C")[0], "no-target");

    let alpha = keyed(&cities, "city", "alpha");
    assert_eq!(
        [&alpha["name"], &alpha["country"], &alpha["population"]],
        ["Alpha", "Testland", "250000"]
    );
    assert_eq!(
        [&alpha["published"], &alpha["data_year"], &alpha["complete"]],
        ["2021-03", "2020", "true"]
    );
    assert_eq!(keyed(&cities, "city", "beta")["complete"], "false");
    let report = keyed(&sources, "source", "alpha/r");
    assert_eq!(
        [&report["city"], &report["title"], &report["url"]],
        ["alpha", "Alpha test report", "https://example.org/alpha"]
    );
    assert_eq!(
        row(&values, "alpha/EC-ICT-ICT-2C/2020")["source"],
        "alpha/r"
    );
    assert_eq!(row(&values, "alpha/EC-ICT-ICT-1C/2020")["source"], "");

    // Every key a row holds is in the table it refers to.
    for r in &values {
        keyed(&cities, "city", &r["city"]);
        keyed(&catalog, "item", &r["item"]);
        if !r["source"].is_empty() {
            keyed(&sources, "source", &r["source"]);
        }
    }
    // No row repeats a name, unit, target or source title.
    let header = text(&out, "data/values.csv");
    let header = header.lines().next().unwrap();
    assert_eq!(
        header,
        "city,item,year,value,status,achievement_pct,band,points,basis,verified,source"
    );

    // A city's file is its rows of values.csv without the city column, in the same order.
    let drop_first = |line: &str| line.split_once(',').unwrap().1.to_string();
    let all = text(&out, "data/values.csv");
    let of_alpha: Vec<String> = all
        .lines()
        .skip(1)
        .filter(|l| l.starts_with("alpha,"))
        .map(drop_first)
        .collect();
    let own: Vec<String> = text(&out, "data/cities/alpha.csv")
        .lines()
        .skip(1)
        .map(str::to_string)
        .collect();
    assert_eq!(own, of_alpha);
    // A KPI's file: its rows of every city, with the data point instead of the item.
    let kpi = csv_rows(&out, "data/indicators/ec-ict-ps-1a.csv");
    let in_values: Vec<&Row> = values
        .iter()
        .filter(|r| r["item"].starts_with("EC-ICT-PS-1A"))
        .collect();
    assert_eq!(kpi.len(), in_values.len());
    for (k, v) in kpi.iter().zip(in_values) {
        assert_eq!(id_of(k, "", "EC-ICT-PS-1A"), id_of(v, "", ""));
        for col in ["value", "status", "band", "basis", "verified", "source"] {
            assert_eq!(k[col], v[col], "{col}");
        }
    }
}
