//! Every score says how much evidence it rests on, and every state has one name.
//!
//! The fixture site `tests/fixtures/evidence` has its own tiny catalog so that every expected
//! number below can be worked out by hand:
//! - Economy: 12 KPIs, each with a target of 100 % (12 scorable items).
//! - Environment: a yes/no KPI (scored without a target), a KPI with a target of 100 %, a KPI
//!   without a target known to the site, and a KPI with `benchmark = "none"` (2 scorable).
//!
//! Sparseville gives 2 of the 12 Economy values (both 100 %: band 4) and every Environment
//! value ("yes": 4 points; 50 of 100: band 2, 2 points; so 6 of 8 points = 75 %, band 3).
//! Completeville gives all 12 Economy values at 100 % (48 of 48 points), "no" (band 1, 1
//! point) and 100.00 (band 4, 4 points): Environment 5 of 8 = 62.5 %, band 2; overall 53 of 56
//! = 94.6 %, band 3. Partialville is a partial transcription holding one value (97.00 of 100:
//! band 4) and one explicit "not-reported".

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

mod common;
use common::{between, text, without_svg};

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/evidence")
}

fn build(root: &Path) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let o = Command::cargo_bin("cityprofiles")
        .unwrap()
        .arg("--root")
        .arg(root)
        .arg("build")
        .arg("--output-dir")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "build failed:\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    (tmp, out)
}

fn profile(out: &Path, slug: &str) -> String {
    fs::read_to_string(out.join(format!("cities/{slug}/index.html"))).unwrap()
}

/// The text of the score table row whose header is `name`.
fn score_row(html: &str, name: &str) -> String {
    let table = between(html, "<table class=\"scores\">", "</table>");
    table
        .split("<tr")
        .map(|r| text(&format!("<tr{r}")))
        .find(|row| row.starts_with(name))
        .unwrap_or_else(|| panic!("no row {name} in {}", text(table)))
}

#[test]
fn a_dimension_with_2_of_12_scorable_items_shows_insufficient_data_not_a_score() {
    let (_t, out) = build(&fixture());
    let html = profile(&out, "sparse");
    // Both Economy values are band 4, but 2 of 12 is below the default rule of one half.
    assert_eq!(
        score_row(&html, "Economy"),
        "Economy insufficient data (2 of 12)"
    );
    assert!(score_row(&html, "Environment").starts_with("Environment 75.0% B3"));
    assert!(score_row(&html, "Environment").contains("2 of 2"));
    // The overall score needs every dimension to meet the rule: 4 items of 14 are scored.
    let overview = text(between(&html, "<p class=\"overall\">", "</p>"));
    assert_eq!(overview, "Overall score insufficient data (4 of 14)");
}

#[test]
fn a_score_that_meets_the_rule_says_what_it_rests_on() {
    let (_t, out) = build(&fixture());
    let html = profile(&out, "complete");
    let overview = text(between(&html, "<p class=\"overall\">", "</p>"));
    assert_eq!(
        overview,
        "Overall score 94.6% B3 band 3, 66–95% of target 14 of 14 (53 of 56 points)"
    );
    assert_eq!(
        text(between(&html, "<p class=\"evidence\">", "</p>")),
        "from 14 of 14 scorable items"
    );
    assert!(score_row(&html, "Economy").starts_with("Economy 100.0% B4"));
    assert!(score_row(&html, "Environment").starts_with("Environment 62.5% B2"));
    // A value written 100.00 keeps its decimals; a computed percentage has one decimal.
    assert!(text(&html).contains("100.00% 100%"));
    // The data year is said once per table, in the value column's header, and once in words
    // for readers who do not see the headers; rows of that year do not repeat it.
    assert!(html.contains("<th class=\"num\">Value <span class=\"year\">2020</span>"));
    assert!(text(&html).contains("Values describe 2020 unless a row gives another year."));
}

#[test]
fn the_rule_follows_min_coverage_in_site_toml() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    for e in walkdir::WalkDir::new(fixture()) {
        let e = e.unwrap();
        let dest = root.join(e.path().strip_prefix(fixture()).unwrap());
        if e.file_type().is_dir() {
            fs::create_dir_all(&dest).unwrap();
        } else {
            fs::copy(e.path(), &dest).unwrap();
        }
    }
    let site = root.join("site.toml");
    let mut toml = fs::read_to_string(&site).unwrap();
    toml.push_str("\n[scoring]\nmin_coverage = 0.1\n");
    fs::write(&site, toml).unwrap();
    let (_t, out) = build(&root);
    // 2 of 12 meets a rule of one tenth: the percentage (8 of 8 points) is shown.
    let row = score_row(&profile(&out, "sparse"), "Economy");
    assert!(row.starts_with("Economy 100.0% B4"), "{row}");
    assert!(row.contains("2 of 12"), "{row}");

    // A share outside 0..=1 is refused at its line.
    fs::write(
        &site,
        "title = \"E\"\ncatalog = \"catalog.toml\"\n[scoring]\nmin_coverage = 50\n",
    )
    .unwrap();
    let o = Command::cargo_bin("cityprofiles")
        .unwrap()
        .arg("--root")
        .arg(&root)
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("min_coverage 50 is not a share between 0 and 1"),
        "{err}"
    );
    assert!(err.contains("site.toml:4"), "{err}");
}

#[test]
fn values_without_a_target_are_named_by_why_they_are_not_scored() {
    let (_t, out) = build(&fixture());
    let html = profile(&out, "sparse");
    let rows: Vec<String> = between(
        &html,
        "<section class=\"dimension\" aria-labelledby=\"environment\">",
        "</section>",
    )
    .split("<tr")
    .map(|r| text(&format!("<tr{r}")))
    .collect();
    let row = |code: &str| {
        rows.iter()
            .find(|r| r.contains(code))
            .unwrap_or_else(|| panic!("no row {code}"))
            .clone()
    };
    // A value of another year than the profile's data year (2020) names its year.
    let r = row("EN: EN: WS: 3C");
    assert!(
        r.contains("40% 2019 No target known to this site (not scored)"),
        "{r}"
    );
    assert!(row("EN: EN: WS: 4A").contains("30% No U4SSC benchmark (not scored)"));
    // The yes/no KPI has no target in the catalog and is scored all the same.
    assert!(row("EN: EN: WS: 1C").contains("Yes Yes"));
    assert!(!row("EN: EN: WS: 1C").contains("2020"));
    // Its band is the short mark the profile's legend explains, beside the achievement.
    assert!(row("EN: EN: WS: 1C").contains("100.0% · B4"));
    // The old catch-all word is gone.
    assert!(!text(&html).contains("No benchmark"));
    // The profile counts them once, by the same words.
    let gaps = text(between(&html, "<section class=\"gaps\"", "</section>"));
    assert!(
        gaps.contains("No target known to this site (not scored): 1"),
        "{gaps}"
    );
    assert!(
        gaps.contains("No U4SSC benchmark (not scored): 1"),
        "{gaps}"
    );

    // The city's download writes the same states.
    let csv = fs::read_to_string(out.join("data/cities/sparse.csv")).unwrap();
    let status_of = |code: &str| {
        let line = csv
            .lines()
            .find(|l| l.starts_with(&format!("{},", code.replace(": ", "-"))))
            .unwrap_or_else(|| panic!("no row {code}"));
        let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
        let i = header.iter().position(|h| *h == "status").unwrap();
        line.split(',').nth(i).unwrap().to_string()
    };
    assert_eq!(status_of("EN: EN: WS: 3C"), "no-target");
    assert_eq!(status_of("EN: EN: WS: 4A"), "no-benchmark");
    assert_eq!(status_of("EN: EN: WS: 2C"), "scored");
}

#[test]
fn a_partial_transcription_says_not_in_this_sites_data_once_per_kpi() {
    let (_t, out) = build(&fixture());
    let html = profile(&out, "partial");
    let facts = text(between(&html, "<dl class=\"facts\">", "</dl>"));
    assert_eq!(
        facts,
        "Country Testland Evaluation Test factsheet, June 2020 Data year Report published 2020 \
         Reported, as the evaluation states 98% of core KPIs, 59% of advanced KPIs \
         In this site's data core 1 of 15, advanced 0 of 1 KPIs"
    );
    assert!(text(&html).contains("Transcribed: the water table only"));
    let gaps = text(between(&html, "<section class=\"gaps\"", "</section>"));
    // 16 KPIs: one value, one explicit "not-reported", 14 simply not transcribed.
    assert!(gaps.contains("Not in this site's data (14)"), "{gaps}");
    assert!(
        gaps.contains("Not reported (1) Economy measure 3"),
        "{gaps}"
    );
    // Each missing KPI is linked once on the whole profile (not also in its category).
    let page = without_svg(&html);
    for slug in ["ec-ict-ict-1c", "ec-ict-ict-3c", "en-en-ws-1c"] {
        let href = format!("href=\"/indicators/{slug}/\"");
        assert_eq!(page.matches(&href).count(), 1, "{slug}");
    }
    // The value keeps the decimals it was written with; the publication year stands for the
    // data year, in the value column's header and in words above the tables.
    assert!(text(&html).contains("97.00%"));
    assert!(html.contains("Value <span class=\"year\">Report published 2020</span>"));
    assert!(text(&html).contains(
        "Values are those of the report published in 2020 unless a row gives another year."
    ));
    // A complete city never says "not in this site's data".
    assert!(!text(&profile(&out, "complete")).contains("not in this site's data"));
    assert!(!text(&profile(&out, "sparse")).contains("Not in this site's data"));
}

#[test]
fn the_wheel_text_alternative_states_each_dimension_once() {
    let (_t, out) = build(&fixture());
    // The profile shows the wheel's file: its <desc> is the image's alternative text.
    let wheel = |slug: &str| {
        std::fs::read_to_string(out.join(format!("charts/cities/{slug}-wheel.svg"))).unwrap()
    };
    let html = wheel("sparse");
    let desc = text(between(&html, "<desc id=\"wheel-desc\">", "</desc>"));
    assert_eq!(
        desc,
        "Overall score: insufficient data (4 of 14). Economy: insufficient data (2 of 12); \
         Environment: 75.0 % (band 3, 66–95 %). Reported, not scored: ICT Infrastructure."
    );
    let html = wheel("complete");
    let desc = text(between(&html, "<desc id=\"wheel-desc\">", "</desc>"));
    assert_eq!(
        desc,
        "Overall score 94.6%, band 3, from 14 of 14 scorable items. Economy: 100.0 % (band 4, \
         95–100 %); Environment: 62.5 % (band 2, 33–66 %)."
    );
}

#[test]
fn score_sections_of_a_sparse_and_a_complete_city() {
    let (_t, out) = build(&fixture());
    for slug in ["sparse", "complete", "partial"] {
        let html = profile(&out, slug);
        let overview = text(&without_svg(between(
            &html,
            "<div class=\"overview-text\">",
            "<div class=\"legend\">",
        )));
        insta::assert_snapshot!(format!("score_section_{slug}"), overview);
    }
}
