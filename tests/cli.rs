//! Integration tests: run the real binary on fixture sites and on the shipped site.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn bin() -> Command {
    Command::cargo_bin("cityprofiles").unwrap()
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// Copies a folder (fixtures are read-only inputs; tests edit copies), without its outputs: the
/// repository's `.cache` is written by the tests that build the repository while this runs
/// (an image stored there between listing and copying made a copy fail).
fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(from).unwrap();
        if ["public", "target", ".git", ".cache"]
            .iter()
            .any(|d| rel.starts_with(d))
        {
            continue;
        }
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            fs::create_dir_all(&dest).unwrap();
        } else {
            fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// Builds `root` into a fresh temp folder and returns (tempdir, output path).
fn build(root: &Path, extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let mut cmd = bin();
    cmd.arg("--root")
        .arg(root)
        .arg("build")
        .arg("--output-dir")
        .arg(&out)
        .args(extra);
    let o = cmd.output().unwrap();
    assert!(
        o.status.success(),
        "build failed:\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    (tmp, out)
}

fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/"),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn attr_values(html: &str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=\"");
    html.split(&needle)
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(|s| s.replace("&amp;", "&"))
        .collect()
}

#[test]
fn the_shipped_site_builds_with_every_required_page() {
    let (_t, out) = build(&repo(), &[]);
    for p in [
        "index.html",
        "404.html",
        "cities/index.html",
        "cities/bizerte/index.html",
        "cities/alesund/index.html",
        "cities/asker/index.html",
        "about/index.html",
        "about/u4ssc/index.html",
        "about/kpis/index.html",
        "indicators/index.html",
        "compare/index.html",
        "data/index.html",
    ] {
        assert!(out.join(p).is_file(), "missing {p}");
    }
    // One indicator page per KPI any city reports.
    for city in ["bizerte", "alesund", "asker"] {
        let text =
            fs::read_to_string(repo().join(format!("content/cities/{city}/city.toml"))).unwrap();
        let doc: toml::Table = text.parse().unwrap();
        for code in doc["values"].as_table().unwrap().keys() {
            let slug = code.replace(": ", "-").to_lowercase();
            assert!(
                out.join(format!("indicators/{slug}/index.html")).is_file(),
                "no page for {code}"
            );
        }
    }
    let bizerte = fs::read_to_string(out.join("cities/bizerte/index.html")).unwrap();
    assert!(bizerte.contains("Bizerte"));
    assert!(bizerte.contains("98.98"), "a Bizerte value is missing");
}

#[test]
fn a_failing_build_leaves_the_previous_output_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&fixture("minimal"), &site);
    let out = tmp.path().join("public");
    bin()
        .arg("--root")
        .arg(&site)
        .arg("build")
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let before = read_tree(&out);
    let city = site.join("content/cities/testville/city.toml");
    let text = fs::read_to_string(&city).unwrap();
    fs::write(
        &city,
        text.replace("population = 1000", "population = \"many\""),
    )
    .unwrap();
    let o = bin()
        .arg("--root")
        .arg(&site)
        .arg("build")
        .arg("-o")
        .arg(&out)
        .arg("--message-format")
        .arg("short")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("content/cities/testville/city.toml:3:14: error"),
        "{err}"
    );
    assert_eq!(read_tree(&out), before, "the previous output changed");
}

#[test]
fn every_internal_link_carries_the_sub_path_and_resolves() {
    let (_t, out) = build(&fixture("subpath"), &[]);
    let files = read_tree(&out);
    let paths: BTreeSet<&str> = files.keys().map(String::as_str).collect();
    let mut checked = 0;
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        for url in attr_values(&html, "href")
            .into_iter()
            .chain(attr_values(&html, "src"))
        {
            if url.starts_with("http")
                || url.starts_with('#')
                || url.starts_with("mailto:")
                || url.starts_with("data:")
            {
                continue;
            }
            assert!(
                url.starts_with("/repo/"),
                "{path}: `{url}` ignores the base path"
            );
            let p = url
                .trim_start_matches("/repo/")
                .split('#')
                .next()
                .unwrap()
                .to_string();
            let target = if p.is_empty() || p.ends_with('/') {
                format!("{p}index.html")
            } else {
                p
            };
            assert!(
                paths.contains(target.as_str()),
                "{path}: `{url}` does not resolve"
            );
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} links checked");
    // The --base-url flag does the same for the shipped site.
    let (_t2, out2) = build(&repo(), &["--base-url", "https://example.org/repo/"]);
    let home = fs::read_to_string(out2.join("index.html")).unwrap();
    let hrefs = attr_values(&home, "href");
    let internal: Vec<&String> = hrefs
        .iter()
        .filter(|u| !u.starts_with("http") && !u.starts_with('#') && !u.starts_with("data:"))
        .collect();
    // The home page links at least the stylesheet, the three cities, the three dimensions,
    // the two other languages and the main sections: a list shorter than that means the
    // links were not found, and checking each of them would prove nothing.
    assert!(internal.len() >= 15, "{internal:?}");
    for u in &internal {
        assert!(
            u.starts_with("/repo/"),
            "home page: `{u}` ignores the base path"
        );
    }
    for u in [
        "/repo/static/style.css",
        "/repo/cities/asker/",
        "/repo/cities/alesund/",
        "/repo/cities/bizerte/",
        "/repo/dimensions/economy/",
        "/repo/fr/",
        "/repo/ru/",
    ] {
        assert!(internal.iter().any(|h| *h == u), "home page lacks {u}");
    }
    // Absolute addresses of the site itself (canonical, alternates) carry the path too.
    let own: Vec<&String> = hrefs
        .iter()
        .filter(|u| u.starts_with("https://example.org"))
        .collect();
    assert!(!own.is_empty(), "no canonical address");
    for u in own {
        assert!(
            u.starts_with("https://example.org/repo/"),
            "home page: `{u}`"
        );
    }
}

#[test]
fn check_passes_on_the_shipped_site_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&fixture("minimal"), &site);
    bin()
        .arg("--root")
        .arg(&site)
        .arg("check")
        .assert()
        .success();
    assert!(!site.join("public").exists());
    let out = bin()
        .arg("--root")
        .arg(repo())
        .arg("check")
        .assert()
        .success();
    // The example site is real content: nothing in it is left as `init` or `new city` wrote it.
    let err = String::from_utf8_lossy(&out.get_output().stderr);
    assert!(!err.contains("` wrote"), "{err}");
}

#[test]
fn raw_html_in_markdown_is_escaped_and_citations_render() {
    let (_t, out) = build(&fixture("minimal"), &[]);
    let page = fs::read_to_string(out.join("about/background/index.html")).unwrap();
    assert!(!page.contains("<script>alert"), "raw HTML was not escaped");
    assert!(page.contains("&lt;script&gt;"));
    let city = fs::read_to_string(out.join("cities/testville/index.html")).unwrap();
    // The fixture writes 57.0: a value keeps the decimals it was written with.
    assert!(city.contains("57.0% (2020)"), "citation not rendered");
    assert!(
        city.contains("10% (2020)"),
        "data point citation not rendered"
    );
}

#[test]
fn a_site_template_overrides_the_embedded_one() {
    let (_t, out) = build(&fixture("override"), &[]);
    let page = fs::read_to_string(out.join("404.html")).unwrap();
    assert!(page.contains("Custom not-found page of Override"));
    // Other pages still come from the embedded theme.
    assert!(out.join("cities/index.html").is_file());
}

/// A site's own `macros.html` written before the rows macro existed (its matrix loops over
/// the rows itself) still renders the dimension and SDG matrices, to the same bytes.
#[test]
fn a_site_macros_file_without_the_rows_macro_renders_the_same_matrices() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&repo(), &site);
    let theme = fs::read_to_string(repo().join("templates/macros.html")).unwrap();
    let old = theme
        .replace(
            "{% if mx.body %}{{ mx.body|safe }}{% else %}{{ matrix_rows(mx.rows) }}{% endif %}\n",
            "{% for r in mx.rows %}\n<tr><th scope=\"row\">{{ maybe_link(r.label.label, r.label.href) }}{% for c in r.cells %}{{ score_cell(c) }}{% endfor %}</tr>\n  {% endfor %}\n",
        )
        .replace("{% macro matrix_rows(rows) %}", "{% macro unused(rows) %}");
    assert!(!old.contains("macro matrix_rows") && !old.contains("{{ mx.body"));
    fs::write(site.join("templates/macros.html"), old).unwrap();
    let (_a, ours) = build(&repo(), &[]);
    let (_b, theirs) = build(&site, &[]);
    for page in ["dimensions/economy/index.html", "sdgs/11/index.html"] {
        let a = fs::read_to_string(ours.join(page)).unwrap();
        let b = fs::read_to_string(theirs.join(page)).unwrap();
        assert!(a.contains("<th scope=\"row\"><a href=\"/cities/asker/\">"));
        assert_eq!(a, b, "{page}");
    }
}

/// `check` keeps only the ids and links of each page as it is made, and still finds a link to
/// a missing page and one to a missing anchor, with the page that has them.
#[test]
fn check_reports_broken_links_and_anchors_of_a_template() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&fixture("override"), &site);
    fs::write(
        site.join("templates/404.html"),
        r#"{% extends "base.html" %}{% block content %}<a href="{{ site.base_path }}nowhere/">x</a> <a href="{{ site.base_path }}cities/#no-such-id">y</a> <a href="{{ site.base_path }}cities/">z</a>{% endblock %}"#,
    )
    .unwrap();
    let out = bin()
        .arg("--root")
        .arg(&site)
        .arg("check")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    // Reported at the template the user edits, with the page as context.
    assert!(
        err.contains("error: the link `/nowhere/` points to a page or file that does not exist (on the page /404.html)\n --> templates/404.html:1:"),
        "{err}"
    );
    assert!(
        err.contains("error: link `/cities/#no-such-id` points to a missing anchor #no-such-id (on the page /404.html)\n --> templates/404.html:1:"),
        "{err}"
    );
    assert!(!err.contains("`/cities/`"), "{err}");
}

/// `build`, not only `check`, fails on a broken link in Markdown, reports it at the `.md` line
/// and keeps the previous output; with `[build] broken_links = "warn"` it builds.
#[test]
fn build_fails_on_a_broken_markdown_link_and_keeps_the_previous_output() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&fixture("minimal"), &site);
    let out = tmp.path().join("public");
    let build = || {
        bin()
            .arg("--root")
            .arg(&site)
            .args(["--message-format", "short", "build", "-o"])
            .arg(&out)
            .output()
            .unwrap()
    };
    assert!(build().status.success());
    let before = read_tree(&out);
    let page = site.join("content/pages/background.md");
    let text = fs::read_to_string(&page).unwrap();
    fs::write(
        &page,
        format!("{text}\nSee [Atlantis](/cities/atlantis/).\n"),
    )
    .unwrap();
    let line = text.lines().count() + 2;
    let o = build();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!("content/pages/background.md:{line}:16: error: the link `/cities/atlantis/` points to a page or file that does not exist")),
        "{err}"
    );
    assert_eq!(read_tree(&out), before, "the previous output changed");
    let toml = fs::read_to_string(site.join("site.toml")).unwrap();
    fs::write(
        site.join("site.toml"),
        format!("{toml}\n[build]\nbroken_links = \"warn\"\n"),
    )
    .unwrap();
    let o = build();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains(&format!("background.md:{line}:16: warning: the link")),
        "{err}"
    );
    assert_ne!(read_tree(&out), before, "the site was not built");
}

#[test]
fn init_creates_a_site_that_builds_outside_the_repository() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("x");
    bin()
        .current_dir(tmp.path())
        .arg("init")
        .arg(&site)
        .assert()
        .success();
    let out = tmp.path().join("out");
    let built = bin()
        .current_dir(tmp.path())
        .arg("--root")
        .arg(&site)
        .arg("build")
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    assert!(out.join("cities/example-city/index.html").is_file());
    // `build` too says what is still the example, file by file.
    let err = String::from_utf8_lossy(&built.get_output().stderr);
    for placeholder in [
        "`Example evaluation` is the example evaluation `init` wrote",
        "is the example narrative `init` wrote",
    ] {
        assert!(err.contains(placeholder), "{placeholder}: {err}");
    }
    assert!(
        site.join(".github/workflows/pages.yml").is_file(),
        "no Pages workflow"
    );
    // init refuses a non-empty folder.
    bin().arg("init").arg(&site).assert().code(1);
}

#[test]
fn new_city_writes_a_form_that_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&fixture("minimal"), &site);
    bin()
        .arg("--root")
        .arg(&site)
        .args(["new", "city", "Ålesund Nord", "--country", "Norway"])
        .assert()
        .success();
    let form = fs::read_to_string(site.join("content/cities/alesund-nord/city.toml")).unwrap();
    assert!(
        form.contains("# \"EN: EN: AQ: 1C\" = { pm2-5 = 0.0"),
        "{form}"
    );
    bin()
        .arg("--root")
        .arg(&site)
        .arg("check")
        .assert()
        .success();
}

#[test]
fn kpis_csv_lists_91_kpis_and_their_data_points() {
    let o = bin()
        .args(["kpis", "--format", "csv"])
        .current_dir(std::env::temp_dir())
        .output()
        .unwrap();
    assert!(o.status.success());
    let text = String::from_utf8(o.stdout).unwrap();
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    let kpis: BTreeSet<&str> = rows.iter().map(|r| &r[0]).collect();
    assert_eq!(kpis.len(), 91);
    let points = rows.iter().filter(|r| !r[8].is_empty()).count();
    assert_eq!(points, 28);
    let dims: BTreeSet<&str> = rows.iter().map(|r| &r[3]).collect();
    assert_eq!(dims.len(), 3);
    let cats: BTreeSet<(&str, &str, &str)> = rows.iter().map(|r| (&r[3], &r[4], &r[5])).collect();
    assert_eq!(
        cats.len(),
        27,
        "category nodes (dimension, sub-dimension, category)"
    );
}

#[test]
fn usage_errors_exit_2_and_help_exists_for_every_verb() {
    bin().arg("frobnicate").assert().code(2);
    for verb in ["build", "check", "serve", "init", "new", "kpis"] {
        bin().args([verb, "--help"]).assert().success();
    }
}

#[test]
fn a_sheet_with_five_bad_rows_imports_the_fifteen_good_ones_and_the_site_builds() {
    for sheet in ["filled.csv", "filled.xlsx"] {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        copy_dir(&fixture("sheets/site"), &site);
        let file = fixture("sheets").join(sheet);
        let city = site.join("content/cities/sheetville/city.toml");
        let before = fs::read_to_string(&city).unwrap();
        // Without --skip-errors nothing is written, and the five rows are named.
        let o = bin()
            .arg("--root")
            .arg(&site)
            .arg("import")
            .arg(&file)
            .args(["--city", "sheetville"])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1), "{sheet}");
        let report = String::from_utf8_lossy(&o.stdout);
        assert!(
            report.contains("Imported 15 values; skipped 5 rows"),
            "{sheet}: {report}"
        );
        for row in ["row 7", "row 11", "row 14", "row 17", "row 18"] {
            assert!(report.contains(row), "{sheet}: {row} missing in {report}");
        }
        assert_eq!(
            fs::read_to_string(&city).unwrap(),
            before,
            "{sheet}: written despite errors"
        );
        // --dry-run writes nothing either.
        bin()
            .arg("--root")
            .arg(&site)
            .arg("import")
            .arg(&file)
            .args(["--city", "sheetville", "--skip-errors", "--dry-run"])
            .assert()
            .success();
        assert_eq!(fs::read_to_string(&city).unwrap(), before);
        // --skip-errors writes the good rows, keeps the comments, and the site builds.
        bin()
            .arg("--root")
            .arg(&site)
            .arg("import")
            .arg(&file)
            .args(["--city", "sheetville", "--skip-errors"])
            .assert()
            .success();
        let after = fs::read_to_string(&city).unwrap();
        assert!(after.len() > before.len());
        for line in before.lines().filter(|l| l.trim_start().starts_with('#')) {
            assert!(after.contains(line), "{sheet}: comment lost: {line}");
        }
        bin()
            .arg("--root")
            .arg(&site)
            .arg("check")
            .assert()
            .success();
    }
}

#[test]
fn export_then_import_into_an_empty_city_gives_the_same_values() {
    let tmp = tempfile::tempdir().unwrap();
    let sheet = tmp.path().join("bizerte.xlsx");
    bin()
        .arg("--root")
        .arg(repo())
        .args(["export", "city", "bizerte", "-o"])
        .arg(&sheet)
        .assert()
        .success();
    let site = tmp.path().join("site");
    copy_dir(&fixture("sheets/site"), &site);
    // The empty city needs Bizerte's sources and evaluation date for the values to be valid.
    let city = site.join("content/cities/sheetville/city.toml");
    bin()
        .arg("--root")
        .arg(&site)
        .arg("import")
        .arg(&sheet)
        .args(["--city", "sheetville", "--skip-errors"])
        .assert()
        .success();
    // A failed export prints nothing, and two empty sheets hold the same values: both must
    // succeed.
    let export = |root: &Path, slug: &str| {
        let o = bin()
            .arg("--root")
            .arg(root)
            .args(["export", "city", slug])
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "export city {slug}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8(o.stdout).unwrap()
    };
    let exported = export(&site, "sheetville");
    let original = export(&repo(), "bizerte");
    let values = |csv_text: &str| -> BTreeSet<(String, String, String, String)> {
        let mut r = csv::Reader::from_reader(csv_text.as_bytes());
        r.records()
            .map(Result::unwrap)
            .filter(|r| !r[6].is_empty())
            .map(|r| {
                // Through XLSX a value keeps its number but not its written decimals
                // ("100.0" comes back as "100"), so numbers are compared as numbers.
                let value = r[6]
                    .parse::<f64>()
                    .map_or_else(|_| r[6].to_string(), |n| n.to_string());
                (r[0].to_string(), r[2].to_string(), value, r[7].to_string())
            })
            .collect()
    };
    assert!(
        fs::read_to_string(&city)
            .unwrap()
            .contains("EN: EN: WS: 2C")
    );
    let values_of_bizerte = values(&original);
    // Bizerte's factsheet gives 86.26 for water consumption in 2020 (city.toml, EN: EN: WS: 2C).
    assert!(
        values_of_bizerte.contains(&(
            "EN: EN: WS: 2C".to_string(),
            String::new(),
            "86.26".to_string(),
            "2020".to_string()
        )),
        "{values_of_bizerte:?}"
    );
    assert_eq!(values(&exported), values_of_bizerte);
}

/// Runs the binary in `dir` and returns (exit code, stdout, stderr).
fn run_in(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let o = bin().current_dir(dir).args(args).output().unwrap();
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn import_init_and_new_errors_follow_the_message_format() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let (code, _, err) = run_in(dir, &["init", "site"]);
    assert_eq!(code, Some(0), "{err}");
    fs::write(dir.join("bad.csv"), "code;valu\nEN-EN-WS-1C;98,5\n").unwrap();
    let import = [
        "--root",
        "site",
        "import",
        "bad.csv",
        "--city",
        "example-city",
    ];

    // An import error: the sheet has no value column.
    let (code, _, err) = run_in(dir, &[&import[..], &["--message-format", "short"]].concat());
    assert_eq!(code, Some(1), "{err}");
    // The city file's own warnings come first: init's example city is still the example.
    assert!(
        err.starts_with("site/content/cities/example-city/city.toml:2:8: warning: `Example City` is the example city `init` wrote"),
        "{err}"
    );
    assert!(
        err.ends_with("\nbad.csv: error: the sheet has no `value` column (headers found: \"code\", \"valu\") (help: did you mean \"valu\"? Name the column \"value\")\n1 error, 0 warnings in 1 file\n"),
        "{err}"
    );
    let (code, _, err) = run_in(
        dir,
        &[&import[..], &["--message-format", "github"]].concat(),
    );
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.ends_with("\n::error file=bad.csv::the sheet has no `value` column (headers found: \"code\", \"valu\")%0Ahelp: did you mean \"valu\"? Name the column \"value\"\n1 error, 0 warnings in 1 file\n"),
        "{err}"
    );
    // A city that does not exist: the file named, a likely slug suggested.
    let (code, _, err) = run_in(
        dir,
        &[
            "--root",
            "site",
            "import",
            "bad.csv",
            "--city",
            "exmple-city",
            "--message-format",
            "github",
        ],
    );
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.starts_with(
            "::error file=site/content/cities/exmple-city/city.toml::cannot read the city file: "
        ) && err.contains("%0Ahelp: did you mean `example-city`?\n"),
        "{err}"
    );

    // An init error: the folder is not empty.
    let (code, _, err) = run_in(dir, &["init", "site", "--message-format", "short"]);
    assert_eq!(code, Some(1), "{err}");
    assert_eq!(
        err,
        "error: site exists and is not empty (help: choose a new folder name, e.g. `cityprofiles init my-site`)\n1 error, 0 warnings\n"
    );
    let (code, _, err) = run_in(dir, &["--message-format", "github", "init", "site"]);
    assert_eq!(code, Some(1), "{err}");
    assert_eq!(
        err,
        "::error::site exists and is not empty%0Ahelp: choose a new folder name, e.g. `cityprofiles init my-site`\n1 error, 0 warnings\n"
    );

    // A `new city` error: the name gives no folder name (a usage error, exit 2).
    let new = ["--root", "site", "new", "city", "!!"];
    let (code, _, err) = run_in(dir, &[&new[..], &["--message-format", "short"]].concat());
    assert_eq!(code, Some(2), "{err}");
    assert_eq!(
        err,
        "error: the name `!!` gives an empty folder name (help: use a name with letters, e.g. \"Ålesund\")\n1 error, 0 warnings\n"
    );
    let (code, _, err) = run_in(dir, &[&new[..], &["--message-format", "github"]].concat());
    assert_eq!(code, Some(2), "{err}");
    assert_eq!(
        err,
        "::error::the name `!!` gives an empty folder name%0Ahelp: use a name with letters, e.g. \"Ålesund\"\n1 error, 0 warnings\n"
    );
    // And `new city` for a city that exists.
    let (code, _, err) = run_in(
        dir,
        &[
            "--root",
            "site",
            "new",
            "city",
            "Example City",
            "--message-format",
            "short",
        ],
    );
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.starts_with("error: site/content/cities/example-city already exists (help: "),
        "{err}"
    );
}
