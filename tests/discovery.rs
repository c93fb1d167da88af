//! Open data and discovery files of the shipped site: the tidy CSV round-trips to the engine's
//! values, sitemap and feed are valid XML naming pages that exist, and the search index finds
//! cities without diacritics and KPIs by code in either form.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use cityprofiles::config::SiteConfig;
use cityprofiles::content::{Content, LoadOptions, load};
use cityprofiles::kpi::run;
use cityprofiles::site::export::{ValueRow, value_rows};
use cityprofiles::site::fields::DataValue;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn shipped() -> Content {
    let config = SiteConfig::load(&repo()).unwrap();
    load(&repo(), &config, LoadOptions::default()).0.unwrap()
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

#[test]
fn the_tidy_csv_round_trips_to_the_engines_values() {
    let (_t, out) = build();
    let content = shipped();
    let (results, _) = run(&content);
    let expected = value_rows(&content, &results);
    let mut r = csv::Reader::from_path(out.join("data/values.csv")).unwrap();
    let parsed: Vec<ValueRow> = r.deserialize().map(Result::unwrap).collect();
    assert_eq!(parsed.len(), expected.len());
    assert_eq!(parsed, expected);
    let ids: BTreeSet<&str> = parsed.iter().map(|r| r.row_id.as_str()).collect();
    assert_eq!(ids.len(), parsed.len(), "row_id is not unique");
    // Every value written in a city.toml is in the file.
    assert!(parsed.iter().any(|r| r.city == "bizerte"
        && r.kpi_id == "EN-EN-WS-2C"
        && r.value == Some(DataValue::Number(86.26))));
    assert!(parsed.iter().any(|r| r.city == "bizerte"
        && r.data_point == "tertiary"
        && r.value == Some(DataValue::Number(0.0))));
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
        .count();
    assert_eq!(
        locs.len(),
        pages - 1,
        "every page but 404.html is in the sitemap"
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
    assert_eq!(entries.len(), shipped().cities.len());
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

/// The matching the search page does (prefix match of every query word), on the folded index.
fn search<'a>(index: &'a [serde_json::Value], query: &str) -> Vec<&'a str> {
    let q = cityprofiles::site::discovery::fold(query);
    let words: Vec<&str> = q.split(' ').filter(|w| !w.is_empty()).collect();
    let code: String = words.concat();
    let mut hits: Vec<(u8, &str)> = index
        .iter()
        .filter(|d| {
            let hay = format!(
                "{} {}",
                d["s"].as_str().unwrap(),
                cityprofiles::site::discovery::fold(d["t"].as_str().unwrap())
            );
            let doc_words: Vec<&str> = hay.split(' ').collect();
            d["c"].as_str() == Some(code.as_str())
                || words
                    .iter()
                    .all(|w| doc_words.iter().any(|d| d.starts_with(w)))
        })
        .map(|d| {
            (
                u8::from(d["c"].as_str() != Some(code.as_str())),
                d["u"].as_str().unwrap(),
            )
        })
        .collect();
    // Stable: a typed code first, then index order, as the search page does.
    hits.sort_by_key(|h| h.0);
    hits.into_iter().map(|h| h.1).collect()
}

#[test]
fn the_search_index_finds_cities_without_diacritics_and_kpis_by_code() {
    let (_t, out) = build();
    for (index_path, prefix) in [
        ("search/index.json", "/sub/"),
        ("fr/search/index.json", "/sub/fr/"),
        ("ru/search/index.json", "/sub/ru/"),
    ] {
        let index: Vec<serde_json::Value> =
            serde_json::from_slice(&std::fs::read(out.join(index_path)).unwrap()).unwrap();
        for (query, url) in [
            ("alesund", "cities/alesund/"),
            ("Ålesund", "cities/alesund/"),
            ("bizer", "cities/bizerte/"),
            ("asker norway", "cities/asker/"),
        ] {
            let hits = search(&index, query);
            assert!(
                hits.contains(&format!("{prefix}{url}").as_str()),
                "{index_path}: `{query}` does not find {url}: {hits:?}"
            );
        }
        for query in ["EN: EN: WS: 2C", "en-en-ws-2c", "EN-EN-WS-2C", "enenws2c"] {
            let hits = search(&index, query);
            assert!(
                hits.first()
                    .is_some_and(|u| u.ends_with("indicators/en-en-ws-2c/")),
                "{index_path}: `{query}` → {hits:?}"
            );
        }
        for d in &index {
            let u = d["u"].as_str().unwrap();
            let path = u.strip_prefix("/sub/").unwrap().split('#').next().unwrap();
            let file = if path.ends_with('/') {
                format!("{path}index.html")
            } else {
                path.to_string()
            };
            assert!(
                out.join(&file).is_file(),
                "search index points to a missing page {u}"
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
