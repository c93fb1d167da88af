//! What visitors read: every value of every example city on its profile with unit and band,
//! every indicator page listing the cities that report it in rank order, and a reviewed snapshot
//! of one rendered profile.

use std::path::PathBuf;

use cityprofiles::config::SiteConfig;
use cityprofiles::content::{LoadOptions, load};
use cityprofiles::kpi::run;
use cityprofiles::render::format::EN;

mod common;
use common::{between, text, without_svg};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The table rows of a page that link to an indicator page.
fn rows_linking<'a>(html: &'a str, href: &str) -> Vec<&'a str> {
    html.split("<tr")
        .filter(|r| r.contains(&format!("href=\"{href}\"")))
        .map(|r| r.split("</tr>").next().unwrap_or(r))
        .collect()
}

#[test]
fn every_value_appears_on_its_profile_with_unit_and_band() {
    let root = repo();
    let (_t, out) = common::build(&root);
    let config = SiteConfig::load(&root).unwrap();
    let content = load(&root, &config, LoadOptions::default()).0.unwrap();
    let (results, _) = run(&content);
    let mut checked = 0;
    for (entry, cr) in content.cities.iter().zip(&results.cities) {
        let html =
            std::fs::read_to_string(out.join(format!("cities/{}/index.html", entry.city.slug)))
                .unwrap();
        for v in &entry.city.values {
            let kpi = &content.catalog.kpis[v.kpi];
            let r = cr.kpi(&content.catalog, v.kpi);
            let href = format!("/indicators/{}/", kpi.slug);
            let rows = rows_linking(&html, &href);
            assert!(
                !rows.is_empty(),
                "{}: no row for {}",
                entry.city.name,
                kpi.code
            );
            if !r.state.has_value() {
                continue;
            }
            for it in &r.items {
                let text = match it.yes {
                    Some(true) => "Yes".to_string(),
                    Some(false) => "No".to_string(),
                    None => EN.with_unit_as_written(
                        it.value,
                        it.decimals,
                        kpi.item_unit(it.point.as_deref()),
                    ),
                };
                let row = rows
                    .iter()
                    .find(|row| row.contains(&text))
                    .unwrap_or_else(|| {
                        panic!(
                            "{}: {} {:?} value `{text}` not shown",
                            entry.city.name, kpi.code, it.point
                        )
                    });
                if let Some(b) = it.band {
                    assert!(
                        row.contains(&format!("B{b}")),
                        "{}: {} {:?} band {b} not shown",
                        entry.city.name,
                        kpi.code,
                        it.point
                    );
                }
                checked += 1;
            }
        }
    }
    assert!(checked >= 50, "only {checked} values checked");
}

#[test]
fn every_indicator_page_lists_the_reporting_cities_in_rank_order() {
    let root = repo();
    let (_t, out) = common::build(&root);
    let config = SiteConfig::load(&root).unwrap();
    let content = load(&root, &config, LoadOptions::default()).0.unwrap();
    let (results, _) = run(&content);
    for comp in &results.kpis {
        let kpi = &content.catalog.kpis[comp.kpi];
        let html = std::fs::read_to_string(out.join(format!("indicators/{}/index.html", kpi.slug)))
            .unwrap();
        for item in &comp.items {
            let names: Vec<&str> = item
                .entries
                .iter()
                .map(|e| content.cities[e.city()].city.name.as_str())
                .collect();
            let positions: Vec<usize> = names
                .iter()
                .map(|n| {
                    html.find(&format!(">{n}</a>"))
                        .unwrap_or_else(|| panic!("{}: {n} missing", kpi.code))
                })
                .collect();
            // Each data point has its own table; within the whole page the first table of
            // the item lists cities in rank order.
            if item.point.is_none() {
                assert!(
                    positions.windows(2).all(|w| w[0] < w[1]),
                    "{}: cities not in rank order {names:?}",
                    kpi.code
                );
            }
        }
    }
}

/// The minimal fixture's profile, in parts small enough to review: the facts, the scores, the
/// wheel's text alternative, one line per KPI row, the gaps and the narrative. (A snapshot of
/// the whole page was 85 KB of SVG paths that nobody could review, and it froze a defect.)
#[test]
fn rendered_profile_parts() {
    let (_t, out) = common::build(&repo().join("tests/fixtures/minimal"));
    let html = std::fs::read_to_string(out.join("cities/testville/index.html")).unwrap();
    insta::assert_snapshot!(
        "profile_facts",
        text(between(&html, "<dl class=\"facts\">", "</dl>"))
    );
    insta::assert_snapshot!(
        "profile_scores",
        text(&without_svg(between(
            &html,
            "<div class=\"overview-text\">",
            "<div class=\"legend\">"
        )))
    );
    // The profile shows the wheel's file with <img>: its <desc> is the image's alternative.
    let wheel = std::fs::read_to_string(out.join("charts/cities/testville-wheel.svg")).unwrap();
    let desc = text(between(&wheel, "<desc id=\"wheel-desc\">", "</desc>"));
    insta::assert_snapshot!("profile_wheel_text_alternative", desc);
    let img = between(&html, "<figure class=\"wheel\">", "</figure>");
    assert!(
        // The file's view without its credit band.
        img.contains("src=\"/charts/cities/testville-wheel.svg#chart\"")
            && img.contains(&format!("alt=\"Benchmark wheel of Testville. {desc}\"")),
        "{img}"
    );
    let rows: Vec<String> = html
        .split("<table class=\"kpis\"")
        .skip(1)
        .flat_map(|t| {
            let t = t.split("</table>").next().unwrap_or(t);
            t.split("<tr")
                .skip(2)
                .map(|r| text(&without_svg(&format!("<tr{r}"))))
        })
        .collect();
    insta::assert_snapshot!("profile_kpi_rows", rows.join("\n"));
    insta::assert_snapshot!(
        "profile_gaps",
        text(between(&html, "<section class=\"gaps\"", "</section>"))
    );
    // The 85 missing KPIs are one list, folded on screen: each list appears once.
    let gaps = between(&html, "<section class=\"gaps\"", "</section>");
    assert_eq!(
        html.matches(">Wireless Broadband Subscriptions</a>")
            .count(),
        1,
        "a missing KPI is named more than once"
    );
    assert!(
        gaps.contains(
            "<details class=\"fold\"><summary>Show the list</summary>\n<ul class=\"mentions\">"
        ),
        "the long list of missing KPIs is not folded: {gaps}"
    );
    insta::assert_snapshot!(
        "profile_narrative",
        text(between(&html, "<div class=\"narrative prose\"", "</div>"))
    );
}

#[test]
fn links_in_french_and_russian_pages_stay_in_their_language() {
    let (_t, out) = common::build(&repo());
    let mut checked = 0;
    for lang in ["fr", "ru"] {
        for e in walkdir::WalkDir::new(out.join(lang))
            .into_iter()
            .filter_map(Result::ok)
        {
            if e.path().extension().is_none_or(|x| x != "html") {
                continue;
            }
            let html = std::fs::read_to_string(e.path()).unwrap();
            // The language switcher and the hreflang links point to the other languages on purpose.
            let mut body = html.clone();
            if let (Some(a), Some(b)) = (
                body.find("<nav class=\"lang-switch\""),
                body.find("<nav class=\"lang-switch\"")
                    .and_then(|a| body[a..].find("</nav>").map(|b| a + b)),
            ) {
                body.replace_range(a..b, "");
            }
            for href in body
                .split(" href=\"")
                .skip(1)
                .filter_map(|s| s.split('"').next())
            {
                if !href.starts_with('/') || href.starts_with("//") {
                    continue;
                }
                let path = href.split('#').next().unwrap();
                let file_like = path.rsplit('/').next().unwrap_or("").contains('.');
                if file_like || path.starts_with("/data/") || path.starts_with("/static/") {
                    continue;
                }
                if html.contains(&format!("hreflang=\"en\" href=\"{href}\""))
                    || html.contains(&format!("href=\"{href}\" hreflang="))
                {
                    continue;
                }
                assert!(
                    href.starts_with(&format!("/{lang}/")),
                    "{}: link {href} leaves /{lang}/",
                    e.path().display()
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 1000, "only {checked} links checked");
}

/// Charts write a few words themselves ("no data", "band 3"); on French and Russian pages they
/// are in the page's language, so screen readers and readers do not meet English mid-page.
#[test]
fn charts_on_french_and_russian_pages_use_their_language() {
    let (_t, out) = common::build(&repo());
    let english = ["no data", "not scored", "no benchmark", "No data", "(band "];
    let mut charts = 0;
    for lang in ["fr", "ru"] {
        for entry in walkdir::WalkDir::new(out.join(lang)) {
            let entry = entry.unwrap();
            let path = entry.path();
            let ext = path.extension().and_then(|e| e.to_str());
            if !matches!(ext, Some("html" | "svg")) {
                continue;
            }
            let text = std::fs::read_to_string(path).unwrap();
            for svg in text.split("<svg").skip(1) {
                let svg = svg.split("</svg>").next().unwrap();
                charts += 1;
                for w in english {
                    assert!(!svg.contains(w), "{}: chart says {w:?}", path.display());
                }
            }
        }
    }
    assert!(charts > 100, "only {charts} charts checked");
    // Asker has no value among Economy's 27 scorable items: its French wheel says so in French,
    // with a narrow no-break space before the colon.
    let asker = std::fs::read_to_string(out.join("fr/charts/cities/asker-wheel.svg")).unwrap();
    assert!(
        asker.contains("Économie\u{202f}: données insuffisantes (0 sur 27)\u{202f}; Environnement"),
        "French wheel words"
    );
    let asker = std::fs::read_to_string(out.join("ru/charts/cities/asker-wheel.svg")).unwrap();
    assert!(
        asker.contains("недостаточно данных (0 из 27)"),
        "Russian wheel words"
    );
}
