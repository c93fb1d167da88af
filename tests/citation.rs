//! How to cite: every profile and the data page give the citation as a sentence, BibTeX and
//! CSL-JSON, dated by the evaluations; the data package has a CITATION.cff.

mod common;

use std::path::{Path, PathBuf};

fn site() -> &'static Path {
    static OUT: std::sync::OnceLock<(tempfile::TempDir, PathBuf)> = std::sync::OnceLock::new();
    &OUT.get_or_init(|| common::build(Path::new(env!("CARGO_MANIFEST_DIR"))))
        .1
}

fn read(path: &str) -> String {
    std::fs::read_to_string(site().join(path)).unwrap()
}

/// The sentence, BibTeX and CSL-JSON of a page's "How to cite" section, unescaped.
fn citation(html: &str) -> (String, String, serde_json::Value) {
    let section = common::between(html, "<section class=\"cite\"", "</section>");
    let plain = common::text(common::between(section, "<p class=\"citation\">", "</p>"));
    let codes: Vec<String> = section
        .split("<pre class=\"cite-code\"><code>")
        .skip(1)
        .map(|s| common::raw_text(&s[..s.find("</code>").unwrap()]))
        .collect();
    assert_eq!(codes.len(), 2, "{section}");
    (
        plain,
        codes[0].clone(),
        serde_json::from_str(&codes[1]).unwrap(),
    )
}

#[test]
fn a_profile_is_cited_with_its_evaluation_date_in_three_formats() {
    let (plain, bib, csl) = citation(&read("cities/bizerte/index.html"));
    // Bizerte's verification report was published in June 2020.
    assert!(plain.contains("(June 2020)"), "{plain}");
    assert!(plain.contains("Bizerte, Tunisia"), "{plain}");
    assert!(plain.ends_with("/cities/bizerte/"), "{plain}");
    let parsed = biblatex::Bibliography::parse(&bib).unwrap();
    let entry = parsed.get("profile-bizerte").unwrap();
    assert_eq!(entry.get_as::<String>("year").unwrap(), "2020");
    assert!(bib.contains("month = {6},"), "{bib}");
    assert_eq!(
        csl[0]["issued"]["date-parts"][0],
        serde_json::json!([2020, 6])
    );
    assert_eq!(csl[0]["type"], "webpage");
    assert!(
        csl[0]["URL"]
            .as_str()
            .unwrap()
            .ends_with("/cities/bizerte/"),
        "{csl}"
    );
}

#[test]
fn a_russian_profile_cites_in_russian_with_the_russian_address() {
    let (plain, _, csl) = citation(&read("ru/cities/alesund/index.html"));
    assert!(
        plain.starts_with("пример сайта cityprofiles. Олесунн, Норвегия"),
        "{plain}"
    );
    assert!(plain.contains("/ru/cities/alesund/"), "{plain}");
    assert_eq!(csl[0]["language"], "ru");
}

#[test]
fn the_data_is_cited_by_its_newest_evaluation_and_has_a_citation_file() {
    let (plain, _, csl) = citation(&read("data/index.html"));
    // The newest evaluation of the example site: Asker's, September 2020.
    assert!(plain.contains("(September 2020)"), "{plain}");
    assert_eq!(csl[0]["type"], "dataset");
    let cff: serde_json::Value = yaml_serde::from_str(&read("data/CITATION.cff")).unwrap();
    assert_eq!(cff["cff-version"], "1.2.0");
    assert_eq!(cff["type"], "dataset");
    assert_eq!(cff["license"], "CC-BY-4.0");
    assert_eq!(cff["title"], csl[0]["title"]);
    // The data page lists the file with the other downloads.
    assert!(read("data/index.html").contains("CITATION.cff</a>"));
}
