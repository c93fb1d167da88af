//! Site title and description per language: a small site whose `[languages.fr]` sets a title
//! but no description, so the French home page shows its own title and the English lead with a
//! notice, and the English pages never show the French title.

use std::path::{Path, PathBuf};

mod common;

/// Writes a site of the fixture content with `site_toml` under `tmp`; returns its root.
fn site(tmp: &Path, site_toml: &str) -> PathBuf {
    let root = tmp.join("site");
    // The content of a site-level fixture, whose only mistake is in its site.toml.
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid/site-unknown-key");
    common::copy_dir(&fixture.join("content"), &root.join("content"));
    std::fs::write(root.join("site.toml"), site_toml).unwrap();
    root
}

/// Builds the fixture content with `site_toml`; returns the temp dirs and the output folder.
fn build(site_toml: &str) -> ((tempfile::TempDir, tempfile::TempDir), PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = site(tmp.path(), site_toml);
    let (out_tmp, out) = common::build(&root);
    ((tmp, out_tmp), out)
}

const SITE: &str = r#"title = "Test Cities"
description = "English lead."
base_url = "https://example.org/"
publisher = "Test Publisher"

[languages.en]
name = "English"

[languages.fr]
name = "Français"
title = "Villes d'essai"
publisher = "Éditeur d'essai"
"#;

fn read(p: PathBuf) -> String {
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn french_home_page_uses_the_french_title_and_falls_back_for_the_lead() {
    let (_tmp, out) = build(SITE);
    let fr = read(out.join("fr/index.html"));
    assert!(fr.contains("<title>Villes d&#39;essai</title>"), "{fr}");
    assert!(fr.contains("<h1>Villes d&#39;essai</h1>"), "{fr}");
    // The lead is not translated: shown in English, marked as such, with the notice.
    assert!(
        fr.contains("<p class=\"lead\" lang=\"en\">English lead.</p>"),
        "{fr}"
    );
    assert!(fr.contains("notice-fallback"), "{fr}");
    assert!(
        fr.contains("<meta name=\"description\" content=\"English lead.\">"),
        "{fr}"
    );
    assert!(fr.contains("Éditeur d&#39;essai"), "{fr}");
    // Every French page ends its `<title>` with the French site title.
    let cities = read(out.join("fr/cities/index.html"));
    assert!(cities.contains(" · Villes d&#39;essai</title>"), "{cities}");

    let en = read(out.join("index.html"));
    assert!(en.contains("<title>Test Cities</title>"), "{en}");
    assert!(en.contains("<h1>Test Cities</h1>"), "{en}");
    assert!(!en.contains("Villes d"), "{en}");
    assert!(!en.contains("notice-fallback"), "{en}");
    assert!(en.contains("Test Publisher"), "{en}");
}

#[test]
fn a_fully_translated_language_has_no_notice() {
    let site = SITE.replace(
        "publisher = \"Éditeur d'essai\"",
        "description = \"Chapeau français.\"",
    );
    let (_tmp, out) = build(&site);
    let fr = read(out.join("fr/index.html"));
    assert!(
        fr.contains("<p class=\"lead\">Chapeau français.</p>"),
        "{fr}"
    );
    assert!(!fr.contains("notice-fallback"), "{fr}");
    // Without its own publisher, French shows the default one.
    assert!(fr.contains("Test Publisher"), "{fr}");
}

#[test]
fn check_translations_counts_the_site_texts() {
    let tmp = tempfile::tempdir().unwrap();
    let root = site(tmp.path(), SITE);
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_cityprofiles"))
        .arg("--root")
        .arg(&root)
        .arg("check")
        .arg("--translations")
        .output()
        .unwrap();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    // Title and publisher of three: the description is missing.
    let row = all
        .lines()
        .find(|l| l.trim_start().starts_with("site texts "))
        .unwrap();
    assert!(row.trim_end().ends_with(" 2/3"), "{all}");
    assert!(
        all.contains("`fr` translation missing: site texts: description"),
        "{all}"
    );
}
