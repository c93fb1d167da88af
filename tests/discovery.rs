//! Open data and discovery files of the shipped site: the tidy CSV holds every value written
//! in the cities' files and the published figures scored by hand, sitemap and feed are valid
//! XML naming pages that exist, and each language's search bundle holds its pages and KPI codes.
//! (The search itself runs in the browser and is tested there.)

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use cityprofiles::downloads::fields::DataValue;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn build() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_cityprofiles"))
        .arg("--root")
        .arg(repo())
        .args(["build", "--base-url", "https://example.org/sub/", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    (tmp, out)
}

fn exists(out: &Path, url: &str) -> bool {
    let path = url
        .strip_prefix("https://example.org/sub/")
        .unwrap_or_else(|| panic!("{url} is not under the base URL"));
    let file = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    };
    out.join(file).is_file()
}

/// Every value a city.toml writes, read with the `toml` crate alone (not the site's loader):
/// (city, compact KPI id, data point, value). Yes/no answers are 1 and 0; statuses carry no
/// value and computed forms (numerator and denominator) are left out.
fn written_values() -> BTreeSet<(String, String, String, String)> {
    const META: [&str; 12] = [
        "value",
        "year",
        "source",
        "note",
        "verified",
        "band",
        "goal",
        "quality",
        "status",
        "series",
        "numerator",
        "denominator",
    ];
    fn number(v: &toml::Value) -> Option<f64> {
        match v {
            toml::Value::Float(f) => Some(*f),
            toml::Value::Integer(i) => Some(*i as f64),
            toml::Value::String(s) if s == "yes" => Some(1.0),
            toml::Value::String(s) if s == "no" => Some(0.0),
            toml::Value::Table(t) => t.get("value").and_then(number),
            _ => None,
        }
    }
    let mut out = BTreeSet::new();
    for e in std::fs::read_dir(repo().join("content/cities")).unwrap() {
        let dir = e.unwrap().path();
        let city = dir.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(dir.join("city.toml")).unwrap();
        let doc: toml::Table = toml::from_str(&text).unwrap();
        for (code, v) in doc["values"].as_table().unwrap() {
            let id = code.replace(": ", "-");
            let mut add = |point: &str, x: f64| {
                out.insert((city.clone(), id.clone(), point.to_string(), x.to_string()));
            };
            if let Some(x) = number(v) {
                add("", x);
            } else if let Some(t) = v.as_table() {
                for (k, p) in t.iter().filter(|(k, _)| !META.contains(&k.as_str())) {
                    if let Some(x) = number(p) {
                        add(k, x);
                    }
                }
            }
        }
    }
    out
}

/// The columns of values.csv this test reads.
#[derive(serde::Deserialize)]
struct ValueLine {
    city: String,
    item: String,
    year: Option<i32>,
    value: Option<DataValue>,
    status: String,
    achievement_pct: Option<f64>,
    band: Option<u8>,
    points: Option<u8>,
}

impl ValueLine {
    /// `city/KPI id[/data point]/year`.
    fn id(&self) -> String {
        format!(
            "{}/{}/{}",
            self.city,
            self.item,
            self.year.unwrap_or_default()
        )
    }
}

/// The columns of catalog.csv this test reads.
#[derive(serde::Deserialize)]
struct CatalogLine {
    item: String,
    target: Option<f64>,
}

#[test]
fn the_tidy_csv_holds_every_written_value_and_the_published_scores() {
    let (_t, out) = build();
    let mut r = csv::Reader::from_path(out.join("data/values.csv")).unwrap();
    let rows: Vec<ValueLine> = r.deserialize().map(Result::unwrap).collect();
    let ids: BTreeSet<String> = rows.iter().map(ValueLine::id).collect();
    assert_eq!(ids.len(), rows.len(), "city, item and year are not unique");
    let in_csv: BTreeSet<(String, String, String, String)> = rows
        .iter()
        .filter_map(|r| {
            r.value.map(|v| {
                // Yes/no answers are compared as 1 and 0, like `written_values`.
                let n = match v {
                    DataValue::Number(n) => n,
                    DataValue::YesNo(b) => f64::from(u8::from(b)),
                };
                let (kpi, point) = r.item.split_once('/').unwrap_or((&r.item, ""));
                (
                    r.city.clone(),
                    kpi.to_string(),
                    point.to_string(),
                    n.to_string(),
                )
            })
        })
        .collect();
    // Targets are written once, on the item's row of catalog.csv.
    let mut r = csv::Reader::from_path(out.join("data/catalog.csv")).unwrap();
    let targets: std::collections::BTreeMap<String, Option<f64>> = r
        .deserialize::<CatalogLine>()
        .map(|c| {
            let c = c.unwrap();
            (c.item, c.target)
        })
        .collect();
    let written = written_values();
    // Each of the four cities writes at least a dozen values.
    assert!(written.len() > 36, "{written:?}");
    let missing: Vec<_> = written.difference(&in_csv).collect();
    assert!(
        missing.is_empty(),
        "written but not in values.csv: {missing:?}"
    );

    // Figures from the published reports, and their scores worked out by hand.
    let row = |id: &str| {
        rows.iter()
            .find(|r| r.id() == id)
            .unwrap_or_else(|| panic!("no row {id}"))
    };
    let scored = |id: &str| {
        let r = row(id);
        (
            r.value,
            r.year,
            targets[&r.item],
            r.achievement_pct.map(|a| (a * 100.0).round() / 100.0),
            r.band,
            r.points,
        )
    };
    // Bizerte's water consumption, 86.26 litres a day per inhabitant in 2020, is below the
    // catalog's indicative 100 litres (lower is better): capped at 100 %, band 4.
    assert_eq!(
        scored("bizerte/EN-EN-WS-2C/2020"),
        (
            Some(DataValue::Number(86.26)),
            Some(2020),
            Some(100.0),
            Some(100.0),
            Some(4),
            Some(4)
        )
    );
    assert_eq!(
        row("bizerte/EN-EN-WS-4C/tertiary/2020").value,
        Some(DataValue::Number(0.0))
    );
    assert_eq!(
        row("bizerte/EN-EN-WS-4C/primary/2020").value,
        Some(DataValue::Number(100.0))
    );
    // Ålesund spends 1.13 % of GDP on R&D against an indicative 3 %: 1.13 / 3 = 37.67 %,
    // band 2 (33 % to under 66 %), 2 points.
    assert_eq!(
        scored("alesund/EC-P-IN-1C/2020"),
        (
            Some(DataValue::Number(1.13)),
            Some(2020),
            Some(3.0),
            Some(37.67),
            Some(2),
            Some(2)
        )
    );
    // Ålesund's 95.01 % of smart meters passes the indicative 80 %: capped at 100 %, band 4.
    assert_eq!(
        scored("alesund/EC-ICT-ES-1C/2020"),
        (
            Some(DataValue::Number(95.01)),
            Some(2020),
            Some(80.0),
            Some(100.0),
            Some(4),
            Some(4)
        )
    );
    // Bizerte's 10.46 violent crimes per 100 000 against 7.5 (lower is better):
    // 7.5 / 10.46 = 71.70 %, band 3.
    assert_eq!(
        scored("bizerte/SC-SH-SA-9C/2020"),
        (
            Some(DataValue::Number(10.46)),
            Some(2020),
            Some(7.5),
            Some(71.7),
            Some(3),
            Some(3)
        )
    );
    // Asker's gender income ratio 0.64 against parity 1 (closeness): 1 − 0.36 = 64 %, band 2.
    assert_eq!(
        scored("asker/SC-SH-SI-1C/2020"),
        (
            Some(DataValue::Number(0.64)),
            Some(2020),
            Some(1.0),
            Some(64.0),
            Some(2),
            Some(2)
        )
    );
    // Asker answers "no" to a yes/no KPI: 0 %, band 1, 1 point; the file keeps the word.
    assert_eq!(
        scored("asker/SC-SH-SA-3A/2020"),
        (
            Some(DataValue::YesNo(false)),
            Some(2020),
            // The yes/no rule has no target value: catalog.csv's benchmark says yes-no.
            None,
            Some(0.0),
            Some(1),
            Some(1)
        )
    );
    // A status is a row without a value.
    let r = row("bizerte/SC-SH-SI-4C/2020");
    assert_eq!((r.status.as_str(), r.value), ("not-reported", None));
}

#[test]
fn sitemap_and_feed_are_xml_and_name_existing_pages() {
    let (_t, out) = build();
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    let pages = walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        // The embeddable cards are for other sites' frames, not for search engines.
        .filter(|e| !e.path().components().any(|c| c.as_os_str() == "embed"))
        .count();
    // One 404 page per language: /404.html, /fr/404.html, /ru/404.html.
    assert_eq!(
        locs.len(),
        pages - 3,
        "every page but the 404 pages and the cards is in the sitemap"
    );
    for l in &locs {
        assert!(exists(&out, l), "sitemap names a missing page {l}");
    }
    let alternates: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("link"))
        .filter_map(|n| n.attribute("href"))
        .collect();
    assert!(!alternates.is_empty(), "no hreflang alternates");
    for a in alternates {
        assert!(exists(&out, a), "alternate {a} is missing");
    }
    let robots = std::fs::read_to_string(out.join("robots.txt")).unwrap();
    assert!(robots.contains("Sitemap: https://example.org/sub/sitemap.xml"));

    let atom = std::fs::read_to_string(out.join("atom.xml")).unwrap();
    let doc = roxmltree::Document::parse(&atom).unwrap();
    let entries: Vec<roxmltree::Node> = doc
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .collect();
    // Ålesund, Asker, Bizerte and Riyadh.
    assert_eq!(entries.len(), 4, "one entry per city");
    for e in entries {
        let href = e
            .children()
            .find(|n| n.has_tag_name("link"))
            .and_then(|n| n.attribute("href"))
            .unwrap();
        assert!(exists(&out, href), "feed names a missing page {href}");
        let updated = e
            .children()
            .find(|n| n.has_tag_name("updated"))
            .and_then(|n| n.text())
            .unwrap();
        assert!(updated.len() == 20 && updated.ends_with('Z'), "{updated}");
    }
}

#[test]
fn each_language_has_a_search_bundle_of_its_pages_with_kpi_codes_in_both_styles() {
    let (_t, out) = build();
    for (lang, code, title, city, city_words) in [
        (
            "en",
            "",
            "Water Consumption (EN: EN: WS: 2C)",
            "Ålesund, Norway",
            vec!["Ålesund", "Олесунн", "Europe"],
        ),
        (
            "fr",
            "fr/",
            "Consommation d’eau (EN: EN: WS: 2C)",
            "Ålesund, Norvège",
            vec!["Ålesund", "Олесунн", "Norway", "Europe"],
        ),
        (
            "ru",
            "ru/",
            "Потребление воды (EN: EN: WS: 2C)",
            "Олесунн, Норвегия",
            vec!["Олесунн", "Ålesund", "Norway", "Europe"],
        ),
    ] {
        let dir = out.join(format!("{code}search/index"));
        // One language per index, so its words are stemmed by that language's rules.
        let entry: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.join("entry.json")).unwrap()).unwrap();
        assert_eq!(entry["lang"], lang, "{code}");
        assert!(dir.join("words/0.gz").is_file(), "{code}");
        let records = common::search_records(&dir);
        assert_eq!(entry["pages"], records.len(), "{code}");
        let prefix = format!("/sub/{code}");
        let count = |part: &str| {
            records
                .iter()
                .filter(|r| r["url"].as_str().unwrap().contains(part))
                .count()
        };
        // The catalog's 91 KPIs, 3 dimensions with their 27 category nodes, and the 4 cities.
        assert_eq!(count("/indicators/"), 91, "{code}");
        assert_eq!(count("/dimensions/"), 3 + 27, "{code}");
        assert_eq!(count("/cities/"), 4, "{code}");
        let record = |url: &str| {
            records
                .iter()
                .find(|r| r["url"] == format!("{prefix}{url}").as_str())
                .unwrap_or_else(|| panic!("{code}: no record for {url}"))
        };
        let alesund = record("cities/alesund/");
        // A city is found by every name it declares and by its country as written and in the
        // page language.
        assert_eq!(alesund["title"], city, "{code}");
        let text = alesund["text"].as_str().unwrap();
        for w in &city_words {
            assert!(text.contains(w), "{code}: `{w}` not in {text}");
        }
        // A KPI's record holds its code in both styles and its English name, and the entry
        // file maps the compact code to its page, where the page looks a typed code up.
        let kpi = record("indicators/en-en-ws-2c/");
        assert_eq!(kpi["title"], title, "{code}");
        assert_eq!(entry["codes"]["enenws2c"], kpi["page"], "{code}");
        let content = kpi["text"].as_str().unwrap();
        for w in ["EN: EN: WS: 2C", "en-en-ws-2c", "Water Consumption"] {
            assert!(content.contains(w), "{code}: `{w}` not in {content}");
        }
        for r in &records {
            let u = r["url"].as_str().unwrap();
            let path = u.strip_prefix("/sub/").unwrap().split('#').next().unwrap();
            assert!(
                out.join(format!("{path}index.html")).is_file(),
                "the search index points to a missing page {u}"
            );
        }
    }
}

#[test]
fn the_data_package_describes_the_csv_columns() {
    let (_t, out) = build();
    let pkg: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("data/datapackage.json")).unwrap()).unwrap();
    for res in pkg["resources"].as_array().unwrap() {
        let path = out.join("data").join(res["path"].as_str().unwrap());
        let mut r = csv::Reader::from_path(&path).unwrap();
        let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
        let fields: Vec<String> = res["schema"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(header, fields, "{}", res["path"]);
    }
}
