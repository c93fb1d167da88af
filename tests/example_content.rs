//! The example site says what it holds: four partial transcriptions of published U4SSC
//! reports, Riyadh's with the share of KPIs its factsheet says the city reported, publication
//! years where the reports print no data year, and a "How to read a profile" page that defines
//! the states in exactly the words every other page uses.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

mod common;
use common::raw_text as text;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The example site, built once for every test of this file.
fn site() -> &'static Path {
    static SITE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &SITE.get_or_init(|| common::build(&repo())).1
}

fn page(rel: &str) -> String {
    std::fs::read_to_string(site().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The list under a "Gaps in the data" heading, up to the next heading.
fn section<'a>(html: &'a str, heading: &str) -> &'a str {
    let start = html
        .find(heading)
        .unwrap_or_else(|| panic!("no heading {heading}"));
    let rest = &html[start + heading.len()..];
    &rest[..rest.find("<h").unwrap_or(rest.len())]
}

#[test]
fn riyadh_profile_says_what_was_transcribed_in_every_language() {
    let en = page("cities/riyadh/index.html");
    // The factsheet prints no data year; June 2020 is its publication date.
    assert!(en.contains("<dt>Data year</dt><dd>Report published 2020</dd>"));
    // Page 52 of the factsheet: 98 per cent of core and 59 per cent of advanced indicators.
    assert!(en.contains(
        "<dt>Reported, as the evaluation states</dt><dd>98% of core KPIs, 59% of advanced KPIs</dd>"
    ));
    // Values (not status cells) from the seven table pages: core IN 1C, 2C, EM 1C, 2C, AQ 1C,
    // 2C, WS 1C-4C, E 1C-3C, ED 1C-4C, H 1C-3C; advanced EM 3A, 4A, E 4A, ED 5A, H 4A, 5A.
    assert!(en.contains("core 20 of 55, advanced 6 of 36 KPIs"));
    // 30 KPIs transcribed of 91; four of them print "Not Reported" (three public-sector KPIs
    // and SMEs).
    assert!(en.contains("<h3>Not in this site&#39;s data (61)</h3>"));
    assert!(en.contains("<h3>Not reported (4)</h3>"));
    let not_reported = section(&en, "<h3>Not reported (4)</h3>");
    for code in [
        "EC: ICT: PS: 1A",
        "EC: ICT: PS: 2A",
        "EC: ICT: PS: 3A",
        "EC: P: IN: 3A",
    ] {
        assert!(
            not_reported.contains(code),
            "{code} is not listed as not reported"
        );
    }
    // The two social-inclusion figures of page 46 are narrative, not values.
    let not_in_data = section(&en, "<h3>Not in this site&#39;s data (61)</h3>");
    for code in ["SC: SH: SI: 1C", "SC: SH: SI: 4C"] {
        assert!(not_in_data.contains(code), "{code} should not be a value");
    }
    // Only 6 of the 45 Economy KPIs were transcribed: far below half of its scorable items,
    // so no overall score can be shown.
    assert!(en.contains(
        "<span class=\"overall-value\"><span class=\"score score-none\">insufficient data ("
    ));

    let fr = page("fr/cities/riyadh/index.html");
    assert!(fr.contains("<dd>Rapport publié en 2020</dd>"));
    assert!(fr.contains("98\u{202f}% des ICP essentiels, 59\u{202f}% des ICP avancés"));
    assert!(fr.contains("<h3>Absent des données de ce site (61)</h3>"));
    assert!(text(&fr).contains("Riyad a communiqué 98\u{202f}% des indicateurs essentiels"));

    let ru = page("ru/cities/riyadh/index.html");
    assert!(ru.contains("<dd>Отчёт опубликован в 2020 г.</dd>"));
    assert!(ru.contains("98\u{a0}% основных КПЭ, 59\u{a0}% расширенных КПЭ"));
    assert!(ru.contains("<h3>Нет в данных сайта (61)</h3>"));
    assert!(text(&ru).contains("Эр-Рияд представил 98\u{a0}% основных"));
}

#[test]
fn every_example_city_is_a_partial_transcription_with_its_publication_year() {
    // KPIs in each city file, counted by hand from the reference transcriptions.
    for (slug, kpis, not_reported) in [
        ("alesund", 23, None),
        ("asker", 15, Some(1)),
        ("bizerte", 23, Some(4)),
        ("riyadh", 30, Some(4)),
    ] {
        let html = page(&format!("cities/{slug}/index.html"));
        let t = text(&html);
        assert!(
            t.contains("This profile holds a partial transcription of the published evaluation."),
            "{slug}"
        );
        assert!(t.contains("Transcribed: "), "{slug}");
        assert!(
            t.contains(&format!(": {kpis} KPIs")),
            "{slug}: note names {kpis} KPIs"
        );
        assert!(
            html.contains(&format!(
                "<h3>Not in this site&#39;s data ({})</h3>",
                91 - kpis
            )),
            "{slug}"
        );
        match not_reported {
            Some(n) => assert!(
                html.contains(&format!("<h3>Not reported ({n})</h3>")),
                "{slug}"
            ),
            None => assert!(!html.contains("<h3>Not reported ("), "{slug}"),
        }
        // None of these reports prints the year its data describe.
        assert!(
            html.contains("<dt>Data year</dt><dd>Report published 2020</dd>"),
            "{slug}"
        );
    }
    // Only Riyadh's report states the share of KPIs reported.
    for slug in ["alesund", "asker", "bizerte"] {
        assert!(
            !page(&format!("cities/{slug}/index.html"))
                .contains("Reported, as the evaluation states")
        );
    }
}

#[test]
fn the_four_cities_are_listed() {
    let cities = text(&page("cities/index.html"));
    for name in ["Ålesund", "Asker", "Bizerte", "Riyadh"] {
        assert!(cities.contains(name), "{name} missing from the city list");
    }
}

/// The state words, as the reading page must quote them (they are the `state.*` strings).
const STATES: [(&str, [&str; 3]); 8] = [
    ("scored", ["Scored", "Noté", "Оценено"]),
    (
        "no-target",
        [
            "No target known to this site (not scored)",
            "Aucune cible connue de ce site (non noté)",
            "Цель сайту неизвестна (не оценивается)",
        ],
    ),
    (
        "no-benchmark",
        [
            "No U4SSC benchmark (not scored)",
            "Pas de référence U4SSC (non noté)",
            "Нет ориентира U4SSC (не оценивается)",
        ],
    ),
    (
        "insufficient-data",
        [
            "Insufficient data",
            "Données insuffisantes",
            "Недостаточно данных",
        ],
    ),
    (
        "not-in-data",
        [
            "Not in this site's data",
            "Absent des données de ce site",
            "Нет в данных сайта",
        ],
    ),
    (
        "not-reported",
        ["Not reported", "Non communiqué", "Не представлено"],
    ),
    (
        "not-verified",
        ["Not verified", "Non vérifié", "Не проверено"],
    ),
    (
        "not-applicable",
        ["Not applicable", "Sans objet", "Неприменимо"],
    ),
];

const LANGS: [(&str, &str); 3] = [("en", ""), ("fr", "fr/"), ("ru", "ru/")];

#[test]
fn reading_a_profile_defines_each_state_in_the_words_of_the_site() {
    for (i, (lang, prefix)) in LANGS.iter().enumerate() {
        let strings: toml::Table = toml::from_str(
            &std::fs::read_to_string(repo().join(format!("i18n/{lang}.toml"))).unwrap(),
        )
        .unwrap();
        let html = page(&format!("{prefix}about/reading-a-profile/index.html"));
        let t = text(&html);
        for (key, words) in STATES {
            let word = words[i];
            // The page and the UI must not drift apart: the words are the site's strings...
            assert_eq!(
                strings[&format!("state.{key}")].as_str(),
                Some(word),
                "{lang}: state.{key} changed; update the reading page"
            );
            // ...and the page defines each one, in bold, with its download code.
            assert!(
                html.contains(&format!("<strong>{word}</strong> (<code>{key}</code>)")),
                "{lang}: {word} is not defined on the reading page"
            );
        }
        assert!(t.contains("min_coverage"), "{lang}: the setting is named");
    }
    let t = |prefix: &str| {
        text(&page(&format!(
            "{prefix}about/reading-a-profile/index.html"
        )))
    };
    let (en, fr, ru) = (t(""), t("fr/"), t("ru/"));
    for s in [
        "Report published 2020",
        "insufficient data (3 of 12)",
        "7 of 30",
        "4 of 6",
    ] {
        assert!(en.contains(s), "en: {s}");
    }
    for s in [
        "Rapport publié en 2020",
        "données insuffisantes (3 sur 12)",
        "7 sur 30",
        "4 sur 6",
    ] {
        assert!(fr.contains(s), "fr: {s}");
    }
    for s in [
        "Отчёт опубликован в 2020 г.",
        "недостаточно данных (3 из 12)",
        "7 из 30",
        "4 из 6",
    ] {
        assert!(ru.contains(s), "ru: {s}");
    }
}
