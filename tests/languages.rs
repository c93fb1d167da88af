//! French and Russian pages of the example site name cities and countries in their own
//! language: country names from CLDR by `country_code`, city names from `names` in city.toml,
//! both in the search index; every language has its 404 page, and the root one carries the
//! others for the site script.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

mod common;
use common::{between, raw_text as text};

/// The example site, built once for every test of this file.
fn site() -> &'static Path {
    static SITE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &SITE
        .get_or_init(|| common::build(Path::new(env!("CARGO_MANIFEST_DIR"))))
        .1
}

fn page(rel: &str) -> String {
    std::fs::read_to_string(site().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn h1(html: &str) -> String {
    text(between(html, "<h1", "</h1>")).trim().to_string()
}

#[test]
fn profiles_name_city_and_country_in_the_page_language() {
    let en = page("cities/alesund/index.html");
    assert_eq!(h1(&en), "Ålesund");
    assert!(
        en.contains("<dd>Norway</dd>"),
        "the default language shows the written name"
    );
    let ru = page("ru/cities/alesund/index.html");
    assert_eq!(h1(&ru), "Олесунн");
    assert!(
        ru.contains("<title>Олесунн · "),
        "the document title is the Russian name"
    );
    // Publication titles ("U4SSC Factsheet Ålesund, Norway") stay as published.
    assert!(ru.contains("<dt>Страна</dt><dd>Норвегия</dd>"));
    assert!(ru.contains("content=\"Профиль умного устойчивого города Олесунн (Норвегия)"));
    // No French name is declared for Ålesund: the French page keeps `name`.
    let fr = page("fr/cities/alesund/index.html");
    assert_eq!(h1(&fr), "Ålesund");
    assert!(fr.contains("<dd>Norvège</dd>"));
    let riyadh = page("fr/cities/riyadh/index.html");
    assert_eq!(h1(&riyadh), "Riyad");
    assert!(text(&riyadh).contains("Arabie saoudite"));
}

#[test]
fn lists_indicator_rows_and_compare_use_the_page_language() {
    let cities = text(&page("ru/cities/index.html"));
    for want in ["Олесунн", "Бизерта", "Эр-Рияд", "Тунис", "Норвегия"]
    {
        assert!(cities.contains(want), "ru cities list lacks {want}");
    }
    assert!(!cities.contains("Tunisia"));
    let indicator = text(&page("fr/indicators/en-en-ws-2c/index.html"));
    assert!(
        indicator.contains("Tunisie"),
        "French indicator rows name the country"
    );
    let compare = text(&page("ru/compare/index.html"));
    assert!(compare.contains("Олесунн") && compare.contains("Аскер"));
}

#[test]
fn search_finds_either_spelling_of_a_declared_name() {
    for lang in ["", "fr/", "ru/"] {
        let records = common::search_records(&site().join(format!("{lang}search/index")));
        let alesund = records
            .iter()
            .find(|r| r["url"].as_str().unwrap().ends_with("/alesund/"))
            .unwrap_or_else(|| panic!("{lang}: no Ålesund record"));
        // Both spellings are in the indexed text of every language.
        let words = alesund["text"].as_str().unwrap();
        // No citation marker (a private-use character) reaches a result's excerpt.
        for r in &records {
            let content = r["text"].as_str().unwrap();
            assert!(
                !content.contains(['\u{E000}', '\u{E001}']),
                "{lang}: {content}"
            );
        }
        assert!(words.contains("Ålesund"), "{lang}: {words}");
        assert!(words.contains("Олесунн"), "{lang}: {words}");
        if lang == "ru/" {
            assert_eq!(
                alesund["title"], "Олесунн, Норвегия",
                "the Russian result shows the Russian names"
            );
        }
    }
}

#[test]
fn every_language_has_its_404_page_and_the_root_one_carries_them_all() {
    let fr = page("fr/404.html");
    assert!(fr.contains("<html lang=\"fr\""));
    assert_eq!(h1(&fr), "Page introuvable");
    let ru = page("ru/404.html");
    assert!(ru.contains("<html lang=\"ru\""));
    assert_eq!(h1(&ru), "Страница не найдена");
    let root = page("404.html");
    assert!(root.contains("<html lang=\"en\""));
    assert_eq!(h1(&root), "Page not found");
    // Without JavaScript: links to the other languages, each marked with its language.
    assert!(root.contains("hreflang=\"fr\">Français</a>"));
    assert!(root.contains("hreflang=\"ru\">Русский</a>"));
    // With it: each language's text, for the script to show by the address asked for.
    for (code, title) in [("fr", "Page introuvable"), ("ru", "Страница не найдена")]
    {
        let t = between(
            &root,
            &format!("data-notfound-lang=\"{code}\""),
            "</template>",
        );
        assert!(t.contains(&format!("<h1>{title}</h1>")), "{code}: {t}");
        assert!(t.contains(&format!("lang=\"{code}\"")));
    }
    assert!(
        !fr.contains("data-notfound-lang"),
        "only the root page carries the others"
    );
    let sitemap = page("sitemap.xml");
    assert!(
        !sitemap.contains("404.html"),
        "no 404 page is in the sitemap"
    );
}

#[test]
fn translation_report_lists_countries_without_cldr_names() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid/site-unknown-key");
    common::copy_dir(&fixture.join("content"), &root.join("content"));
    std::fs::write(
        root.join("site.toml"),
        "title = \"T\"\ndescription = \"D\"\nbase_url = \"https://example.org/\"\n\n[languages.en]\nname = \"English\"\n\n[languages.fr]\nname = \"Français\"\n",
    )
    .unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_cityprofiles"))
        .arg("--root")
        .arg(root)
        .args(["check", "--translations"])
        .output()
        .unwrap();
    let out = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    // The fixture's city writes "Testland" with no country_code.
    assert!(
        out.contains(
            "translation missing: country names: Testland (content/cities/testville/city.toml)"
        ) && out.contains("country_code = \"NO\""),
        "{out}"
    );
}

#[test]
fn counts_and_units_take_the_plural_form_of_their_number() {
    // CLDR's Russian forms: 1 город, 2 города, 0 городов; the KPI list counts every form.
    let ru = text(&page("ru/indicators/index.html"));
    for want in ["1 город", "2 города", "0 городов"] {
        assert!(ru.contains(want), "ru indicators lack {want:?}");
    }
    // "из 4 городов": after "из" the count governs the genitive plural.
    assert!(text(&page("ru/indicators/sc-eh-h-1c/index.html")).contains("из 4 городов."));
    // French counts 0 as singular.
    let fr = text(&page("fr/indicators/index.html"));
    assert!(fr.contains("0 ville") && fr.contains("2 villes") && !fr.contains("0 villes"));
    // Units agree with their number: "74,0 года" (a fraction), never "74,0 лет".
    let riyadh = page("ru/cities/riyadh/index.html");
    assert!(
        riyadh.contains("74,0\u{a0}года"),
        "Russian years after a number"
    );
    assert!(!riyadh.contains("\u{a0}лет"));
    // Alone, in a column heading, the unit is the genitive plural a Russian table uses.
    let life = text(&page("ru/indicators/sc-eh-h-1c/index.html"));
    assert!(life.contains("(лет)"), "the unit's label");
    assert!(page("fr/cities/alesund/index.html").contains("1,05\u{a0}interruption par client"));
}

#[test]
fn the_data_page_names_each_city_as_its_language_does() {
    let ru = text(&page("ru/data/index.html"));
    assert!(
        ru.contains("Олесунн: все значения"),
        "the Russian data page uses the Russian name"
    );
    assert!(!ru.contains("Ålesund"));
    assert!(text(&page("data/index.html")).contains("Ålesund: every value"));
}

#[test]
fn no_chart_file_cuts_a_word_in_any_language() {
    // Chart files are shown with `<img>`, so the browser's cut-text check cannot see inside
    // them: a value too long for its column drops whole words (its unit), never ends in "…".
    // The credit band under each chart (its title, source, site and licence) is text too.
    let mut cut = Vec::new();
    let mut uncaptioned = Vec::new();
    for entry in walkdir::WalkDir::new(site()).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "svg") {
            let svg = std::fs::read_to_string(entry.path()).unwrap();
            if entry.path().to_string_lossy().contains("charts/")
                && !svg.contains("<g class=\"chart-caption\"")
            {
                uncaptioned.push(entry.path().display().to_string());
            }
            // `<text …>…</text>`, its `<tspan>`s included (not `<textPath>` alone).
            for text in svg.split("<text").skip(1) {
                let (Some(open), Some(close)) = (text.find('>'), text.find("</text>")) else {
                    continue;
                };
                let drawn = &text[open.min(close) + 1..close];
                if drawn.contains('…') {
                    cut.push(format!("{}: {drawn}", entry.path().display()));
                }
            }
        }
    }
    assert!(cut.is_empty(), "cut text in charts:\n{}", cut.join("\n"));
    assert!(uncaptioned.is_empty(), "no credit band: {uncaptioned:?}");
}

#[test]
fn tier_tags_keep_their_class_in_every_language() {
    // The tag's class is the tier's key, its text the language's word: a translated class
    // ("tag-основной") would drop the style that tells an advanced KPI apart.
    for (prefix, advanced) in [("", "advanced"), ("fr/", "avancé"), ("ru/", "расширенный")]
    {
        for rel in [
            "cities/alesund/index.html",
            "indicators/index.html",
            "indicators/ec-ict-ict-1c/index.html",
        ] {
            let html = page(&format!("{prefix}{rel}"));
            for (i, _) in html.match_indices("class=\"tag-") {
                let class = &html[i + 11..][..html[i + 11..].find('"').unwrap()];
                assert!(
                    [
                        "core",
                        "advanced",
                        "indicative",
                        "official",
                        "verified",
                        "unverified"
                    ]
                    .contains(&class),
                    "{prefix}{rel}: tag class tag-{class}"
                );
            }
        }
        let profile = page(&format!("{prefix}cities/alesund/index.html"));
        assert!(
            profile.contains(&format!("<b class=\"tag-advanced\">{advanced}</b>")),
            "{prefix}: the advanced tag is worded in the page's language"
        );
    }
}
