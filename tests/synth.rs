//! The synthetic site generator (`examples/synth.rs`) at a tiny size: its output builds, and it
//! is deterministic for a seed.

#[path = "../examples/synth.rs"]
#[allow(dead_code)]
mod synth;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// Every file under `dir`, by relative path.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.unwrap();
        if e.file_type().is_file() {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            out.insert(rel, std::fs::read(e.path()).unwrap());
        }
    }
    out
}

/// Runs `cityprofiles build` on `site` into `public`, and fails the test if it fails.
fn build(site: &Path, public: &Path) {
    let out = Command::new(env!("CARGO_BIN_EXE_cityprofiles"))
        .arg("--root")
        .arg(site)
        .arg("build")
        .arg("-o")
        .arg(public)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "build failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn synthetic_site_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    synth::generate(5, 2, 7, &site).unwrap();
    let public = tmp.path().join("public");
    build(&site, &public);
    let cities: Vec<_> = std::fs::read_dir(site.join("content/cities"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(cities.len(), 5);
    for slug in &cities {
        let page = public.join("cities").join(slug).join("index.html");
        assert!(page.is_file(), "no page for {slug}");
    }
}

#[test]
fn same_seed_same_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, c) = (
        tmp.path().join("a"),
        tmp.path().join("b"),
        tmp.path().join("c"),
    );
    synth::generate(5, 2, 7, &a).unwrap();
    synth::generate(5, 2, 7, &b).unwrap();
    synth::generate(5, 2, 8, &c).unwrap();
    let (fa, fb, fc) = (files(&a), files(&b), files(&c));
    assert_eq!(fa.len(), 5 * 2 + 2);
    assert!(fa == fb, "two runs with the same seed differ");
    assert!(fa != fc, "a different seed gives the same site");
}

/// The city folders of a generated site, sorted.
fn city_folders(cities: &std::path::Path) -> Vec<String> {
    let mut folders: Vec<String> = std::fs::read_dir(cities)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    folders.sort();
    folders
}

/// Past 100 cities the compare page shows the first 100 by name in each of its tables and
/// charts. A city whose name sorts last but whose folder sorts first must be left out of every
/// table, and no other city with it (the dimension table once filtered its rows twice and lost
/// one).
#[test]
fn compare_tables_keep_the_first_hundred_cities_by_name() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    synth::generate(101, 1, 7, &site).unwrap();
    let cities = site.join("content/cities");
    let folders = city_folders(&cities);
    let first = cities.join(&folders[0]).join("city.toml");
    let text = std::fs::read_to_string(&first).unwrap();
    let line = text.lines().find(|l| l.starts_with("name = ")).unwrap();
    std::fs::write(&first, text.replacen(line, "name = \"Zzyzx\"", 1)).unwrap();
    let built = cityprofiles::site::build_in_memory(&cityprofiles::site::BuildOptions {
        root: site.clone(),
        ..Default::default()
    })
    .unwrap();
    let page = built
        .outputs
        .iter()
        .find(|o| o.path == "compare/index.html")
        .unwrap();
    let html = String::from_utf8_lossy(&page.bytes);
    // Only the form's list of the cities past the page's names it (see compare_columns.rs).
    assert_eq!(html.matches("Zzyzx").count(), 1);
    let list = html.find("id=\"compare-more\">").unwrap();
    assert!(html[list..html[list..].find("</script>").unwrap() + list].contains("\"Zzyzx\""));
    let tables: Vec<&str> = html.split("<table").skip(1).collect();
    // Overall and dimensions; categories and coverage, a table per dimension of each.
    assert_eq!(tables.len(), 7);
    for t in tables {
        let head = &t[t.find("<thead>").unwrap()..t.find("</thead>").unwrap()];
        assert_eq!(head.matches("data-city=").count(), 100);
        for f in &folders[1..] {
            assert!(head.contains(&format!("/cities/{f}/\"")), "{f} missing");
        }
        // Every row that is not a category heading has a cell per city.
        let body = &t[t.find("<tbody>").unwrap()..t.rfind("</tbody>").unwrap()];
        for row in body.split("<tr>").skip(1) {
            assert_eq!(row.matches("<td").count(), 100, "{row}");
        }
    }
    // A chart per dimension, a bar per city.
    let charts: Vec<&str> = html.split("<ul data-compare>").skip(1).collect();
    assert_eq!(charts.len(), 3);
    for c in charts {
        assert_eq!(c[..c.find("</ul>").unwrap()].matches("<li>").count(), 100);
    }
}

/// `build` writes the downloads that list every city in pieces, a chunk of 256 cities at a
/// time; at 300 cities (two chunks, two years) every file it writes is byte for byte the one
/// the in-memory build makes, and it writes no other file.
#[test]
fn a_build_writes_the_same_files_as_the_in_memory_build() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    synth::generate(300, 2, 7, &site).unwrap();
    let public = tmp.path().join("public");
    build(&site, &public);
    let written = files(&public);
    let built = cityprofiles::site::build_in_memory(&cityprofiles::site::BuildOptions {
        root: site.clone(),
        ..Default::default()
    })
    .unwrap();
    let in_memory: BTreeMap<&str, &[u8]> = built
        .outputs
        .iter()
        .map(|o| (o.path.as_str(), o.bytes.as_slice()))
        .collect();
    assert_eq!(
        written.keys().map(String::as_str).collect::<Vec<_>>(),
        in_memory.keys().copied().collect::<Vec<_>>()
    );
    for (path, bytes) in &written {
        assert!(
            in_memory[path.as_str()] == bytes.as_slice(),
            "{path} differs"
        );
    }
    let values = String::from_utf8_lossy(&written["data/values.csv"]);
    let slugs: std::collections::BTreeSet<&str> = values
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .collect();
    assert_eq!(slugs.len(), 300);
    // scores.csv is written in pieces too: 38 groups (overall, 3 dimensions, 7 sub-dimensions,
    // 27 categories) for each city, under one header.
    let scores = String::from_utf8_lossy(&written["data/scores.csv"]);
    assert_eq!(scores.lines().count(), 1 + 300 * 38);
}

/// `--languages en,fr,ru`: the site lists French and Russian, builds without a warning about
/// them, and publishes each city's translated narrative under `/fr/` and `/ru/`; the English
/// files are the English-only site's, byte for byte.
#[test]
fn a_three_language_site_builds_with_translated_profiles() {
    let tmp = tempfile::tempdir().unwrap();
    let (site, english) = (tmp.path().join("site"), tmp.path().join("en"));
    synth::generate_languages(3, 1, 7, &["en", "fr", "ru"], &site).unwrap();
    synth::generate(3, 1, 7, &english).unwrap();
    let (multi, en) = (files(&site), files(&english));
    for (path, bytes) in &en {
        if path != "site.toml" {
            assert!(
                multi[path] == *bytes,
                "{path} differs from the English-only site"
            );
        }
    }
    // Two translations of the about page and of each city's narrative.
    assert_eq!(multi.len(), en.len() + 2 + 3 * 2);
    let toml = String::from_utf8_lossy(&multi["site.toml"]);
    assert!(toml.contains("[languages.fr]") && toml.contains("[languages.ru]"));
    let public = tmp.path().join("public");
    let out = Command::new(env!("CARGO_BIN_EXE_cityprofiles"))
        .arg("--root")
        .arg(&site)
        .args(["build", "-o"])
        .arg(&public)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "build failed:\n{stderr}");
    assert!(!stderr.contains("translation"), "{stderr}");
    let slugs: Vec<_> = std::fs::read_dir(site.join("content/cities"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(slugs.len(), 3);
    for slug in &slugs {
        for (lang, heading, word) in [
            ("fr", "Principaux résultats", "chômage"),
            ("ru", "Основные выводы", "безработиц"),
        ] {
            let page = public
                .join(lang)
                .join("cities")
                .join(slug)
                .join("index.html");
            let html = std::fs::read_to_string(&page)
                .unwrap_or_else(|e| panic!("no {lang} page for {slug}: {e}"));
            assert!(html.contains(heading), "{lang}/{slug} is not translated");
            assert!(html.contains(word), "{lang}/{slug} lacks {word}");
        }
    }
    assert!(public.join("fr/about/about/index.html").is_file());
    assert!(public.join("ru/about/about/index.html").is_file());
}

/// The language list starts with English and names only languages the generator knows, once.
#[test]
fn languages_must_start_with_english_and_be_known() {
    let tmp = tempfile::tempdir().unwrap();
    for bad in [&["fr"][..], &["en", "de"], &["en", "fr", "fr"], &[]] {
        let err = synth::generate_languages(1, 1, 7, bad, &tmp.path().join("x")).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput, "{bad:?}");
    }
}

/// Peer medians (issue 23): six cities put in one peer group (Europe, 100,000–499,999
/// inhabitants) get their group's median on their profile rows and on the indicator pages,
/// with who the peers are said once; a city whose group has fewer than five gets none.
#[test]
fn peer_medians_show_for_groups_of_five_or_more() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    synth::generate(9, 1, 7, &site).unwrap();
    let cities = site.join("content/cities");
    let folders = city_folders(&cities);
    // Six in one group, three each alone in a group of their own.
    for (i, slug) in folders.iter().enumerate() {
        let file = cities.join(slug).join("city.toml");
        let text = std::fs::read_to_string(&file).unwrap();
        let region = text.lines().find(|l| l.starts_with("region = ")).unwrap();
        let population = text
            .lines()
            .find(|l| l.starts_with("population = "))
            .unwrap();
        let (r, p) = if i < 6 {
            ("Europe".to_owned(), 150_000 + i)
        } else {
            (format!("Region {i}"), 50_000)
        };
        let text = text
            .replacen(region, &format!("region = \"{r}\""), 1)
            .replacen(population, &format!("population = {p}"), 1);
        std::fs::write(&file, text).unwrap();
    }
    let public = tmp.path().join("public");
    build(&site, &public);
    let page = |slug: &str| {
        std::fs::read_to_string(public.join("cities").join(slug).join("index.html")).unwrap()
    };
    let peer = page(&folders[0]);
    assert!(
        peer.contains(
            "Peers are the 6 cities of the group “Europe, 100,000–499,999 inhabitants”, this city included."
        ),
        "no peer note"
    );
    let rows = peer.matches("<small>Peer median: ").count();
    assert!(rows > 20, "only {rows} rows show a peer median");
    // Never beside a yes/no answer, never as a target.
    assert!(!peer.contains("Peer median: Yes") && !peer.contains("Peer median: No"));
    let alone = page(&folders[7]);
    assert!(!alone.contains("Peer median") && !alone.contains("Peers are"));
    // Household Internet Access: the group's median on the indicator page, with its size, the
    // cities of the group that report it (every synthetic city reports about 95 % of KPIs).
    let kpi = std::fs::read_to_string(public.join("indicators/ec-ict-ict-1c/index.html")).unwrap();
    let line = kpi
        .split("<ul class=\"peers\"><li>")
        .nth(1)
        .expect("a list of peer medians")
        .split("</li>")
        .next()
        .unwrap();
    assert!(
        line.starts_with("Europe, 100,000–499,999 inhabitants ("),
        "{line}"
    );
    let csv = std::fs::read_to_string(public.join("data/indicators/ec-ict-ict-1c.csv")).unwrap();
    let mut values: Vec<f64> = csv
        .lines()
        .skip(1)
        .filter(|l| folders[..6].iter().any(|s| l.starts_with(&format!("{s},"))))
        .filter_map(|l| l.split(',').nth(3)?.parse().ok())
        .collect();
    values.sort_by(f64::total_cmp);
    let n = values.len();
    assert!(n >= 5, "{csv}");
    let median = if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    };
    assert!(line.contains(&format!("({n} cities): ")), "{line}");
    let shown: f64 = line
        .rsplit(": ")
        .next()
        .unwrap()
        .trim_end_matches('%')
        .parse()
        .unwrap();
    assert!((shown - median).abs() < 0.006, "{line} against {median}");
}
