//! `check --translations`: a row per kind of text a reader sees, and `--deny-warnings` failing
//! on any gap, named with its file and key. A small site in French and Russian whose one city
//! has its narrative in all three, so a complete translation leaves nothing to warn about.

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;

const SITE: &str = r#"title = "Test Cities"
description = "English lead."
base_url = "https://example.org/"
publisher = "Test Publisher"

[languages.en]
name = "English"

[languages.fr]
name = "Français"
title = "Villes d'essai"
description = "Chapeau."
publisher = "Éditeur d'essai"

[languages.ru]
name = "Русский"
title = "Тестовые города"
description = "Вступление."
publisher = "Тестовый издатель"
"#;

/// Writes the site under `tmp`: the fixture city, as a U4SSC factsheet, with a narrative in
/// each language.
fn site(tmp: &Path, site_toml: &str) -> PathBuf {
    let root = tmp.join("site");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/invalid/site-unknown-key/content/cities/testville/city.toml");
    let city = std::fs::read_to_string(fixture)
        .unwrap()
        .replace("kind = \"Test evaluation\"", "kind = \"U4SSC factsheet\"")
        // A real country, so that CLDR names it in every language.
        .replace(
            "country = \"Testland\"",
            "country = \"Norway\"\ncountry_code = \"NO\"",
        );
    let dir = root.join("content/cities/testville");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("city.toml"), city).unwrap();
    for (file, text) in [
        ("index.md", "Key findings."),
        ("index.fr.md", "Constats."),
        ("index.ru.md", "Выводы."),
    ] {
        std::fs::write(dir.join(file), text).unwrap();
    }
    std::fs::write(root.join("site.toml"), site_toml).unwrap();
    root
}

/// Runs `check --translations --deny-warnings`; returns whether it passed and its output.
fn check(root: &Path) -> (bool, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_cityprofiles"))
        .arg("--root")
        .arg(root)
        .arg("check")
        .arg("--translations")
        .arg("--deny-warnings")
        .output()
        .unwrap();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    (o.status.success(), all)
}

/// The report's row for `kind`.
fn row<'a>(all: &'a str, kind: &str) -> &'a str {
    all.lines()
        .find(|l| l.trim_start().starts_with(kind))
        .unwrap_or_else(|| panic!("no row {kind}:\n{all}"))
}

#[test]
fn a_complete_translation_passes_with_a_row_per_kind_and_a_total() {
    let tmp = tempfile::tempdir().unwrap();
    let (ok, all) = check(&site(tmp.path(), SITE));
    assert!(ok, "{all}");
    assert!(!all.contains("translation missing"), "{all}");
    for kind in [
        "UI strings",
        "chart words",
        "site texts",
        "KPI and group names",
        "definitions",
        "formulas",
        "units",
        "data point names",
        "target sources",
        "source names",
        "evaluation kinds",
    ] {
        let cells: Vec<&str> = row(&all, kind).split_whitespace().rev().take(2).collect();
        for c in cells {
            let (done, total) = c.split_once('/').unwrap();
            assert_eq!(done, total, "{kind}: {all}");
        }
    }
    // Names: the indicator set, 3 dimensions, 7 sub-dimensions, 22 category names, 91 KPIs.
    assert!(
        row(&all, "KPI and group names").contains("124/124"),
        "{all}"
    );
    assert!(row(&all, "formulas").contains("137/137"), "{all}");
    assert!(row(&all, "evaluation kinds").contains("1/1"), "{all}");
    assert!(row(&all, "total").contains("100 %"), "{all}");
}

#[test]
fn a_ui_string_without_its_translation_fails_and_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let root = site(tmp.path(), SITE);
    std::fs::create_dir_all(root.join("i18n")).unwrap();
    std::fs::write(
        root.join("i18n/en.toml"),
        "\"home.new_line\" = \"A new sentence\"\n\"chart.new_word\" = \"axis\"\n",
    )
    .unwrap();
    std::fs::write(
        root.join("i18n/ru.toml"),
        "\"home.new_line\" = \"Новое предложение\"\n",
    )
    .unwrap();
    let (ok, all) = check(&root);
    assert!(!ok, "{all}");
    assert!(
        all.contains("`fr` translation missing: UI strings: home.new_line"),
        "{all}"
    );
    assert!(
        all.contains("`fr` translation missing: chart words: chart.new_word"),
        "{all}"
    );
    assert!(
        all.contains("`ru` translation missing: chart words: chart.new_word"),
        "{all}"
    );
    assert!(
        !all.contains("`ru` translation missing: UI strings"),
        "{all}"
    );
    assert!(all.contains("i18n/fr.toml"), "{all}");
}

#[test]
fn a_plural_string_missing_forms_is_named_with_them_and_shows_its_other_form() {
    let tmp = tempfile::tempdir().unwrap();
    let root = site(tmp.path(), SITE);
    std::fs::create_dir_all(root.join("i18n")).unwrap();
    std::fs::write(
        root.join("i18n/ru.toml"),
        "\"search.count\" = { one = \"{n} результат\", other = \"{n} результата\" }\n",
    )
    .unwrap();
    let (ok, all) = check(&root);
    assert!(!ok, "{all}");
    assert!(
        all.contains(
            "`ru` translation missing: UI strings: search.count (plural forms few, many missing)"
        ),
        "{all}"
    );
    // Readers of /ru/ see the Russian `other` form for those numbers, not the English text.
    assert!(
        all.contains("shows its own `other` form for those numbers"),
        "{all}"
    );
}

#[test]
fn a_catalog_text_without_its_translation_fails_and_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let catalog = Path::new(env!("CARGO_MANIFEST_DIR")).join("catalog");
    let root = site(tmp.path(), &format!("catalog = \"cat/kpis.toml\"\n{SITE}"));
    std::fs::create_dir_all(root.join("cat")).unwrap();
    std::fs::copy(catalog.join("u4ssc.toml"), root.join("cat/kpis.toml")).unwrap();
    std::fs::copy(catalog.join("u4ssc.ru.toml"), root.join("cat/kpis.ru.toml")).unwrap();
    let fr = std::fs::read_to_string(catalog.join("u4ssc.fr.toml")).unwrap();
    // One formula term and one target source gone from the French file.
    let fr: String = fr
        .lines()
        .filter(|l| {
            !l.starts_with("\"total households\" = ")
                && !l.starts_with("\"WHO global air quality guidelines (2021): annual-mean guideline level for NO2")
        })
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(root.join("cat/kpis.fr.toml"), fr).unwrap();
    let (ok, all) = check(&root);
    assert!(!ok, "{all}");
    assert!(
        all.contains("`fr` translation missing: formulas: [formula_terms] \"total households\""),
        "{all}"
    );
    assert!(
        all.contains("`fr` translation missing: target sources: [target_sources] \"WHO global air quality guidelines (2021): annual-mean guideline level for NO2"),
        "{all}"
    );
    assert!(all.contains("kpis.fr.toml"), "{all}");
    assert!(row(&all, "formulas").contains("136/137"), "{all}");
    assert!(!all.contains("`ru` translation missing"), "{all}");
}

#[test]
fn the_example_site_misses_no_translation_but_its_allowed_narratives() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let o = Command::new(env!("CARGO_BIN_EXE_cityprofiles"))
        .arg("--root")
        .arg(root)
        .arg("check")
        .arg("--translations")
        .arg("--deny-warnings")
        .arg("--base-url")
        .arg("https://org.github.io/repo/")
        .output()
        .unwrap();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    // With --deny-warnings: no warning of any kind (the KPIs Bizerte's report prints as "Not
    // reported" are transcribed as such on purpose, and are not warned about).
    assert!(o.status.success(), "{all}");
    assert!(!all.contains("warning"), "{all}");
    // Ålesund and Asker have English narratives only, which site.toml allows by name.
    assert_eq!(
        row(&all, "city narratives")
            .split_whitespace()
            .collect::<Vec<_>>(),
        ["city", "narratives", "2/4", "allowed", "2/4", "allowed"],
        "{all}"
    );
}

#[test]
fn a_city_note_is_shown_in_the_page_language_and_counted() {
    let tmp = tempfile::tempdir().unwrap();
    let root = site(tmp.path(), SITE);
    let file = root.join("content/cities/testville/city.toml");
    let city = std::fs::read_to_string(&file).unwrap().replace(
        "\"EC: ICT: ICT: 2C\" = { value = 57.0, source = \"r\" }",
        "\"EC: ICT: ICT: 2C\" = { value = 57.0, source = \"r\", note = \"Read from the table.\", notes = { fr = \"Lu dans le tableau.\" } }",
    );
    assert!(city.contains("Lu dans le tableau."));
    std::fs::write(&file, city).unwrap();
    let (ok, all) = check(&root);
    assert!(!ok, "{all}");
    assert!(
        all.contains("`ru` translation missing: city notes: cities/testville/city.toml: \"EC: ICT: ICT: 2C\" notes.ru"),
        "{all}"
    );
    assert!(!all.contains("`fr` translation missing"), "{all}");
    let (_out_tmp, out) = common::build(&root);
    let page = |p: &str| std::fs::read_to_string(out.join(p)).unwrap();
    let fr = page("fr/cities/testville/index.html");
    assert!(fr.contains("Lu dans le tableau."), "{fr}");
    assert!(!fr.contains("Read from the table."), "{fr}");
    // Russian has no text of its own: the note as written.
    assert!(page("ru/cities/testville/index.html").contains("Read from the table."));
    assert!(page("cities/testville/index.html").contains("Read from the table."));
}
