//! Indicator pages state facts, not maintainer notes: where a KPI's definition comes from (the
//! ITU publication and page), whether its direction is U4SSC's or this site's assumption, and
//! whether its values are scored, in the same words as its charts and the city profiles.
//! Expected words and numbers are read by hand from catalog/u4ssc.toml and the i18n files.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

mod common;
use common::raw_text as text;

/// The example site, built once for this file's tests with the real binary.
fn site() -> &'static Path {
    static SITE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &SITE
        .get_or_init(|| common::build(Path::new(env!("CARGO_MANIFEST_DIR"))))
        .1
}

/// The `<main>` of an indicator page in a language ("" for English).
fn indicator(lang: &str, slug: &str) -> String {
    let dir = if lang.is_empty() {
        site().to_path_buf()
    } else {
        site().join(lang)
    };
    let html = std::fs::read_to_string(dir.join(format!("indicators/{slug}/index.html")))
        .unwrap_or_else(|e| panic!("{lang} {slug}: {e}"));
    let start = html.find("<main").expect("a <main>");
    let end = html.find("</main>").expect("a </main>");
    html[start..end].to_string()
}

/// An indicator chart's file in a language ("" for English): the page shows it with `<img>`.
fn chart(lang: &str, name: &str) -> String {
    let dir = if lang.is_empty() {
        site().to_path_buf()
    } else {
        site().join(lang)
    };
    std::fs::read_to_string(dir.join(format!("charts/indicators/{name}.svg")))
        .unwrap_or_else(|e| panic!("{lang} {name}: {e}"))
}

/// The inner HTML of the first element opened by `open` (e.g. `<p class="method-source">`).
fn element<'a>(html: &'a str, open: &str, close: &str) -> &'a str {
    let start = html
        .find(open)
        .unwrap_or_else(|| panic!("no {open} in the page"));
    let rest = &html[start + open.len()..];
    &rest[..rest.find(close).expect("closed")]
}

fn html_files(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect()
}

#[test]
fn no_page_prints_unverified_lists_or_catalog_notes() {
    let catalog =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("catalog/u4ssc.toml"))
            .unwrap();
    // Every `notes = "..."` line of the catalog's KPIs (all are one-line basic strings).
    let notes: Vec<String> = catalog
        .lines()
        .filter_map(|l| l.strip_prefix("notes = \""))
        .map(|l| l.trim_end_matches('"').replace("\\\"", "\""))
        .collect();
    assert!(notes.len() > 80, "only {} notes read", notes.len());
    assert!(
        notes
            .iter()
            .any(|n| n.contains("definition from the dashboard code file")),
        "the research note this test is about is still in the catalog"
    );
    let banned = [
        // the sentence that listed a KPI's `unverified` fields, in each language
        "Not confirmed on an official U4SSC page",
        "Non confirmé sur une page officielle",
        "Не подтверждено на официальной странице",
        "Unit from the Pully factsheet",
    ];
    let files = html_files(site());
    assert!(files.len() > 300, "only {} pages", files.len());
    for path in files {
        let page = text(&std::fs::read_to_string(&path).unwrap());
        for b in banned {
            assert!(!page.contains(b), "{}: {b:?}", path.display());
        }
        for n in &notes {
            assert!(
                !page.contains(n.as_str()),
                "{}: prints the catalog note {n:?}",
                path.display()
            );
        }
    }
}

#[test]
fn resilience_plans_is_scored_yes_or_no_in_every_language() {
    for (lang, meets, unscored) in [
        (
            "",
            "yes meets the benchmark",
            &["not scored", "No target", "no target"][..],
        ),
        (
            "fr",
            "oui atteint la référence",
            &["non noté", "Aucune cible", "aucune cible"][..],
        ),
        (
            "ru",
            "«да» соответствует ориентиру",
            &["не оценива", "Цель сайту неизвестна"][..],
        ),
    ] {
        let page = indicator(lang, "sc-sh-sa-3a");
        let targets = text(element(
            &page,
            "<section aria-labelledby=\"h-targets\">",
            "</section>",
        ));
        assert!(targets.contains(meets), "{lang}: {targets}");
        for u in unscored {
            assert!(!text(&page).contains(u), "{lang}: says {u:?}");
        }
    }
    // Asker answered "no" (Asker VR 2020 p22), which scores 0 %, band 1, as on its profile.
    let page = indicator("", "sc-sh-sa-3a");
    let row = element(&page, "<tbody>", "</tbody>");
    assert!(row.contains(">Asker</a>"), "{row}");
    assert!(row.contains("<td>No<td>"), "{row}");
    assert!(row.contains("<b class=\"band-1\">"), "{row}");
    assert!(
        page.contains("<p>Target: Yes</p>"),
        "the item's target line"
    );
}

#[test]
fn household_internet_access_cites_methodology_page_23() {
    // catalog/u4ssc.toml: sources 2017 Collection Methodology p23, 2022 Verification Manual
    // p33 and p34.
    let base = "https://www.itu.int/en/publications/Documents/tsb/";
    for (lang, expected) in [
        (
            "",
            "The definition and calculation on this page come from Collection Methodology for \
             Key Performance Indicators for Smart Sustainable Cities (ITU, 2017), page 23, and \
             from U4SSC KPIs Verification Manual (ITU, 2022), pages 33 and 34.",
        ),
        (
            "fr",
            "Collection Methodology for Key Performance Indicators for Smart Sustainable Cities \
             (UIT, 2017), page 23, ainsi que U4SSC KPIs Verification Manual (UIT, 2022), pages \
             33 et 34.",
        ),
        (
            "ru",
            "Collection Methodology for Key Performance Indicators for Smart Sustainable Cities \
             (МСЭ, 2017), с.\u{a0}23, а также U4SSC KPIs Verification Manual (МСЭ, 2022), \
             с.\u{a0}33 и 34.",
        ),
    ] {
        let page = indicator(lang, "ec-ict-ict-1c");
        let p = element(&page, "<p class=\"method-source\">", "</p>");
        assert!(text(p).contains(expected), "{lang}: {}", text(p));
        for (folder, n) in [
            ("2017-U4SSC-Collection-Methodology", 23),
            (
                "2022-U4SSC-KPIs-Verification-Manual-A-guide-for-verifiers",
                33,
            ),
            (
                "2022-U4SSC-KPIs-Verification-Manual-A-guide-for-verifiers",
                34,
            ),
        ] {
            let link = format!("href=\"{base}{folder}/files/basic-html/page{n}.html\">{n}</a>");
            assert!(p.contains(&link), "{lang}: no link {link} in {p}");
        }
    }
}

#[test]
fn a_kpi_without_a_methodology_page_says_how_it_is_documented() {
    // EC: I: T: 1C cites only a dashboard code map.
    let page = indicator("", "ec-i-t-1c");
    let p = text(element(&page, "<p class=\"method-source\">", "</p>"));
    assert!(p.contains("is not available to this site"), "{p}");
    assert!(
        p.contains("from its name and from published city reports"),
        "{p}"
    );
}

#[test]
fn a_direction_u4ssc_does_not_state_is_shown_as_an_assumption() {
    let direction = |lang: &str, slug: &str| {
        let page = indicator(lang, slug);
        let dt = match lang {
            "fr" => "<dt>Sens</dt><dd>",
            "ru" => "<dt>Направление</dt><dd>",
            _ => "<dt>Direction</dt><dd>",
        };
        text(element(&page, dt, "</dd>"))
    };
    // Air pollution: `unverified` lists "direction"; the catalog's direction is "lower".
    assert_eq!(
        direction("", "en-en-aq-1c"),
        "Direction not stated by U4SSC; this site assumes lower is better"
    );
    assert!(direction("fr", "en-en-aq-1c").starts_with("Sens non précisé par l’U4SSC"));
    assert!(direction("ru", "en-en-aq-1c").starts_with("Направление U4SSC не указано"));
    // Household Internet Access: direction read on the methodology page.
    assert_eq!(direction("", "ec-ict-ict-1c"), "Higher is better");
    // e-Government: the second verification pass confirmed "higher" (2017 p38).
    assert_eq!(direction("", "ec-ict-ps-2a"), "Higher is better");
    // Transportation mode share: the catalog's "target" describes none of its data points,
    // whose directions this site reads one by one (catalog `data_point_directions`).
    assert_eq!(
        direction("", "ec-i-t-4a"),
        "Per data point, as this site reads them (U4SSC states none): Private vehicle: Lower \
         is better; Public transport, Walking, Cycling: Higher is better; Paratransit: \
         Closeness to the target is better"
    );
}

#[test]
fn a_kpi_without_a_u4ssc_benchmark_says_so_on_the_page_and_in_its_chart() {
    // e-Government has `benchmark = "none"`; Ålesund reports it (80 services).
    for (lang, word) in [
        ("", "No U4SSC benchmark (not scored)"),
        ("fr", "Pas de référence U4SSC (non noté)"),
        ("ru", "Нет ориентира U4SSC (не оценивается)"),
    ] {
        let page = indicator(lang, "ec-ict-ps-2a");
        let targets = text(element(
            &page,
            "<section aria-labelledby=\"h-targets\">",
            "</section>",
        ));
        assert!(targets.contains(word), "{lang}: {targets}");
        let svg = chart(lang, "ec-ict-ps-2a-all");
        let key = element(&svg, "<g class=\"key\">", "</g>");
        assert!(key.contains(word), "{lang}: chart legend {key}");
        assert!(
            page.contains("src=\"/") && page.contains("ec-ict-ps-2a-all.svg#chart\" alt=\""),
            "{lang}: the page shows the chart's file (its view without the credit band)"
        );
    }
    let page = indicator("", "ec-ict-ps-2a");
    assert!(!page.contains("No target known"), "two words for one state");
    assert!(
        !page.contains("Achievement against target"),
        "nothing on the page is scored"
    );
    // Public transport's share of commuting has no target in the catalog (neither U4SSC's nor
    // an indicative one): its chart's grey entry is the no-target word.
    let page = indicator("", "ec-i-t-4a");
    let svg = chart("", "ec-i-t-4a-public-transport");
    let key = element(&svg, "<g class=\"key\">", "</g>");
    assert!(
        key.contains("No target known to this site (not scored)"),
        "{key}"
    );
    assert!(!page.contains("No U4SSC benchmark"), "{key}");
}

#[test]
fn rechecked_catalog_facts_reach_the_pages() {
    // Second verification pass: Student ICT Access cites SDG 4.4.1 and 4.a.1 (2017 p97) with
    // the denominator "total students enrolled in schools"; Maternal Mortality cites 3.1.1
    // (2022 p123).
    let page = indicator("", "sc-eh-ed-1c");
    assert!(page.contains("href=\"/sdgs/4/\""), "SDG 4 link");
    assert!(text(&page).contains("4.4.1, 4.a.1"));
    assert!(text(&page).contains("÷ total students enrolled in schools) × 100"));
    let page = indicator("", "sc-eh-h-2c");
    assert!(page.contains("href=\"/sdgs/3/\""), "SDG 3 link");
    assert!(text(&page).contains("3.1.1"));
    // Water and sanitation's kind is now read; pages never show it, but its 2022 p72 is cited.
    let page = indicator("", "ec-i-ws-5c");
    let p = element(&page, "<p class=\"method-source\">", "</p>");
    assert!(
        text(p).contains("(ITU, 2022), pages 72 and 73"),
        "{}",
        text(p)
    );
}

#[test]
fn the_accessibility_statement_says_where_to_report_a_problem() {
    // The publisher is named in every page's footer, in the page's language (site.toml:
    // "cityprofiles example site" and its `[languages.*] publisher`); the statement points
    // there, and to the project's issue tracker, without inventing an address.
    for (lang, publisher, tracker, named) in [
        (
            "",
            "publisher named at the foot of every page",
            "open an issue in the cityprofiles repository",
            "cityprofiles example site",
        ),
        (
            "fr",
            "l’éditeur nommé en bas de chaque page",
            "dans le système de suivi du dépôt cityprofiles",
            "site d’exemple de cityprofiles",
        ),
        (
            "ru",
            "издателю, который указан внизу каждой страницы",
            "в системе учёта задач репозитория cityprofiles",
            "пример сайта cityprofiles",
        ),
    ] {
        let dir = if lang.is_empty() {
            site().to_path_buf()
        } else {
            site().join(lang)
        };
        let html = std::fs::read_to_string(dir.join("about/accessibility/index.html")).unwrap();
        let main = element(&html, "<main", "</main>");
        let words = text(main);
        assert!(words.contains(publisher), "{lang}: {words}");
        assert!(words.contains(tracker), "{lang}: {words}");
        assert!(!main.contains("href=\"http"), "{lang}: an external address");
        let footer = text(element(&html, "<footer", "</footer>"));
        assert!(footer.contains(named), "{lang}: {footer}");
    }
}

#[test]
fn data_points_are_named_in_words_in_every_language() {
    // Wastewater treatment's data points are keyed "primary", "secondary", "tertiary" in city
    // files; the catalog's `data_point_labels` name them.
    for (lang, names) in [
        (
            "",
            [
                "Primary treatment",
                "Secondary treatment",
                "Tertiary treatment",
            ],
        ),
        (
            "fr",
            [
                "Traitement primaire",
                "Traitement secondaire",
                "Traitement tertiaire",
            ],
        ),
        (
            "ru",
            [
                "Первичная очистка",
                "Вторичная очистка",
                "Третичная очистка",
            ],
        ),
    ] {
        let page = indicator(lang, "en-en-ws-4c");
        for (key, name) in ["primary", "secondary", "tertiary"].iter().zip(names) {
            assert_eq!(
                text(element(&page, &format!("<h2 id=\"point-{key}\">"), "</h2>")),
                name,
                "{lang}"
            );
        }
    }
}

#[test]
fn quartiles_need_five_cities_and_axes_start_and_end_round() {
    // The example site has four cities: no page shows a quartile, each says why once per item.
    for page in html_files(&site().join("indicators")) {
        let html = std::fs::read_to_string(&page).unwrap();
        assert!(!html.contains("First quartile"), "{}", page.display());
    }
    let page = indicator("", "en-en-ws-4c");
    assert_eq!(
        page.matches("Quartiles are shown from 5 cities up.")
            .count(),
        3
    );
    assert!(
        indicator("fr", "en-en-ws-4c").contains("Les quartiles sont donnés à partir de 5 villes.")
    );
    // Tertiary treatment: 0 % (Bizerte) and 0.02 % (Riyadh). The axis ends at its last tick,
    // 0.02, not at 1.00 or 5 % past the longest bar.
    let svg = chart("", "en-en-ws-4c-tertiary");
    assert!(
        svg.contains(">0.020</text>") && !svg.contains(">1.00</text>"),
        "{svg}"
    );
}

#[test]
fn references_are_titled_links_and_a_kpi_without_values_offers_no_file() {
    // Wastewater treatment cites the Bizerte factsheet page 34 and a maintainers' note on a
    // dashboard's code map: the first is a titled link, the second is not a reference.
    let page = indicator("", "en-en-ws-4c");
    let refs = element(&page, "<ul class=\"source-list\">", "</ul>");
    assert_eq!(
        text(refs).trim(),
        "U4SSC factsheet: Bizerte, Tunisia (ITU, 2020), page 34"
    );
    assert!(refs.contains("href=\"https://www.itu.int/en/publications/Documents/tsb/2020-U4SSC-Factsheet-Bizerte-Tunisia/files/basic-html/page34.html\""));
    for page in html_files(&site().join("indicators")) {
        let html = std::fs::read_to_string(&page).unwrap();
        assert!(!html.contains("dashboard project"), "{}", page.display());
        assert!(
            !html.contains("\">https://"),
            "a bare address as a link's text: {}",
            page.display()
        );
    }
    assert!(
        text(element(
            &indicator("ru", "en-en-ws-4c"),
            "<ul class=\"source-list\">",
            "</ul>"
        ))
        .trim()
        .starts_with("Информационная справка U4SSC: Bizerte, Tunisia (МСЭ, 2020), с.\u{a0}34")
    );
    // Wastewater treatment has values: its file is offered and written.
    assert!(page.contains("/data/indicators/en-en-ws-4c.csv"));
    assert!(site().join("data/indicators/en-en-ws-4c.csv").is_file());
    // Travel Time Index: no city of the example site reports it. No file is written or
    // listed, and the page says so.
    let none = indicator("", "ec-i-t-5a");
    assert!(none.contains(
        "No city has a value for this KPI yet, so it has no file of its own to download."
    ));
    assert!(!none.contains("ec-i-t-5a.csv"));
    assert!(!site().join("data/indicators/ec-i-t-5a.csv").exists());
    let data = std::fs::read_to_string(site().join("data/index.html")).unwrap();
    assert!(!data.contains("ec-i-t-5a.csv"));
    assert!(data.contains("en-en-ws-4c.csv"));
}
