//! Files written by `init` and `new city`: a site that builds at once, and a city form listing
//! every KPI of the catalog so staff fill in values instead of typing codes.

use std::fmt::Write as _;

use crate::model::catalog::{Catalog, Tier, slugify};
use crate::model::placeholders::{
    FORM_PUBLISHED, FORM_SOURCE_TITLE, FORM_SOURCE_URL, FORM_YEAR, OUTLINE_BACKGROUND,
    OUTLINE_DIMENSION, OUTLINE_FINDINGS, OUTLINE_RECOMMENDATIONS, OUTLINE_SUMMARY,
    SAMPLE_BACKGROUND, SAMPLE_FINDINGS, SAMPLE_KIND, SAMPLE_NAME, SAMPLE_RECOMMENDATIONS,
    SAMPLE_SOURCE_TITLE, SAMPLE_SUMMARY,
};

/// `site.toml` of a new site, with comments.
pub fn site_toml(title: &str) -> String {
    format!(
        r#"# Settings of this cityprofiles site. Every key is explained in the cityprofiles README.

# Shown in the header and in browser tabs.
title = "{title}"
# One sentence about the site, used on the home page and in search results.
description = "Smart sustainable city profiles based on the U4SSC key performance indicators."
# The address the site is published at. On GitHub Pages the workflow passes it for you.
base_url = "http://127.0.0.1:1111/"
# Who publishes the site, and the licence of the data downloads.
publisher = ""
data_licence = "CC BY 4.0"
data_licence_url = "https://creativecommons.org/licenses/by/4.0/"

[markdown]
# Raw HTML in Markdown: "escape" (shown as text), "sanitize" (safe tags kept) or "trust".
raw_html = "escape"

[scoring]
# Year by which targets are to be reached when a target does not name one.
target_year = 2030
# Share of a group's scorable items that must be scored before its score is shown; below it
# the group says "insufficient data". 0.5 means at least half.
# min_coverage = 0.5

# Your own targets replace the built-in ones, e.g.:
# [targets]
# "EN: EN: AQ: 1C" = {{ value = 10, source = "National air quality plan 2024" }}
"#
    )
}

/// `.github/workflows/pages.yml` of a new site, as written in `scaffold/pages.yml`.
pub const PAGES_WORKFLOW: &str = include_str!("../scaffold/pages.yml");

/// Placeholder for the generator's Git repository in [`PAGES_WORKFLOW`].
const GENERATOR_GIT_PLACEHOLDER: &str = "https://github.com/OWNER/cityprofiles";

/// The Pages workflow of a new site. When Cargo.toml names the generator's `repository`, the
/// workflow installs the generator from there, so a new site deploys on its first push.
pub fn pages_workflow() -> String {
    let repo = env!("CARGO_PKG_REPOSITORY").trim_end_matches('/');
    if repo.is_empty() {
        PAGES_WORKFLOW.to_string()
    } else {
        PAGES_WORKFLOW.replace(GENERATOR_GIT_PLACEHOLDER, repo)
    }
}

/// `.gitignore` of a new site.
pub const GITIGNORE: &str = "/public\n/.cache/\n";

/// An example city that builds with the embedded catalog.
pub fn sample_city() -> String {
    format!(
        r#"# An example city. Replace the values with your city's data, or delete this folder.
name = "{SAMPLE_NAME}"
country = "Norway"
country_code = "NO"
region = "Europe"
population = 94441
area_km2 = 376.62
evaluation = {{ kind = "{SAMPLE_KIND}", published = "2020-09", data_year = 2020 }}
# If only part of the report is copied here, add complete = false and note = "what was copied"
# to evaluation; reported_share = {{ core = 98, advanced = 59 }} gives the share of KPIs the report
# says were reported. Leave data_year out when the report prints none.
sources = [
  {{ id = "report", title = "{SAMPLE_SOURCE_TITLE}", url = "https://www.itu.int/" }},
]

[values]
"SC: SH: SI: 1C" = {{ value = 0.64, source = "report" }}
"SC: SH: SI: 2C" = {{ value = 0.27, source = "report" }}
"SC: SH: SI: 3C" = {{ value = 9.3, source = "report" }}
"SC: SH: SI: 4C" = {{ value = 66.1, source = "report" }}
"SC: SH: SA: 3A" = {{ value = "no", source = "report", note = "Explain a no in a note." }}
"SC: SH: FS: 1A" = {{ status = "not-reported" }}
"#
    )
}

/// The example city's narrative.
pub fn sample_narrative() -> String {
    format!(
        "{}\n\n## Background\n\n{}\n\n## Key findings\n\n{}\n\n## Recommendations\n\n{}\n",
        SAMPLE_SUMMARY.text,
        SAMPLE_BACKGROUND.text,
        SAMPLE_FINDINGS.text,
        SAMPLE_RECOMMENDATIONS.text
    )
}

/// An about page for a new site.
pub const SAMPLE_PAGE: &str = r#"+++
title = "About this site"
description = "What this site publishes and where the data come from."
weight = 1
+++

This site publishes evaluations of cities against the U4SSC key performance indicators for
smart sustainable cities. Each city profile shows the values the city reported, how they compare
with targets, and where the data come from.

## How to read a profile

Each value is compared with a target. Targets marked *indicative* are references chosen by this
site, not official U4SSC targets.
"#;

/// A README for the maintainers of a new site.
pub const SITE_README: &str = r#"# City profiles site

Built with [cityprofiles](https://github.com/). Each city is a folder under `content/cities/`.

## Add a city

    cityprofiles new city "Name" --country "Country"

Fill in `content/cities/<name>/city.toml` (uncomment the KPIs you report) and write the narrative
in `content/cities/<name>/index.md`.

## Preview

    cityprofiles serve

then open http://127.0.0.1:1111. Pages reload when you save a file; mistakes are shown in the
browser with the file and line.

## Publish

Push to GitHub with Pages set to "GitHub Actions" (Settings → Pages). The workflow in
`.github/workflows/pages.yml` checks pull requests (problems are marked on the diff) and
publishes `main`. If `CITYPROFILES_GIT` at its top says OWNER, set it to the generator's
repository; to use a released binary instead, follow the comments in the workflow.
"#;

/// `city.toml` form listing every KPI and data point as a commented line.
pub fn city_form(catalog: &Catalog, name: &str, country: &str) -> String {
    let year = FORM_YEAR;
    let mut s = String::new();
    let _ = writeln!(s, "# Data of {name} for the {}.", catalog.meta.short_name);
    let _ = writeln!(
        s,
        "# Uncomment a line (remove the leading #) and fill in the value for each KPI you report."
    );
    let _ = writeln!(
        s,
        "# A value can also be a table: {{ value = 12.5, year = {year}, source = \"report\", note = \"...\" }}"
    );
    let _ = writeln!(
        s,
        "# or a status: \"not-reported\", \"not-applicable\", \"not-verified\".\n"
    );
    let _ = writeln!(s, "name = {}", toml_str(name));
    let _ = writeln!(s, "country = {}", toml_str(country));
    let _ = writeln!(
        s,
        "# country_code = \"NO\"\n# region = \"Europe\"\n# population = 100000\n# area_km2 = 100.0"
    );
    let _ = writeln!(
        s,
        "evaluation = {{ kind = \"U4SSC evaluation\", published = \"{FORM_PUBLISHED}\", data_year = {year} }}\n\
         # Optional in evaluation: complete = false (only part of the report is transcribed here),\n\
         # note = \"the results tables of pages 20 to 42\" (what was transcribed),\n\
         # reported_share = {{ core = 98, advanced = 59 }} (percent of KPIs the report says were reported).\n\
         # When the report prints no data year, leave data_year out: values take the year of `published`."
    );
    let _ = writeln!(
        s,
        "sources = [\n  {{ id = \"report\", title = \"{FORM_SOURCE_TITLE}\", url = \"{FORM_SOURCE_URL}\" }},\n]\n"
    );
    let _ = writeln!(s, "[values]");
    for d in &catalog.dimensions {
        let _ = writeln!(s, "\n# ==== {} ====", d.name);
        for sub in &d.subdimensions {
            let _ = writeln!(s, "\n# ---- {} ----", sub.name);
            for cat in &sub.categories {
                let _ = writeln!(s, "\n# {}", cat.name);
                for &ki in &cat.kpis {
                    let k = &catalog.kpis[ki];
                    let tier = if k.tier == Tier::Core {
                        "core"
                    } else {
                        "advanced"
                    };
                    let _ = writeln!(
                        s,
                        "# {} ({tier}) — unit: {} — {}",
                        k.name,
                        k.unit,
                        k.formula()
                    );
                    if k.data_points.is_empty() {
                        let example = if &*k.unit == "yes/no" {
                            "\"yes\""
                        } else {
                            "0.0"
                        };
                        let _ = writeln!(s, "# \"{}\" = {example}", k.code);
                    } else {
                        let pts: Vec<String> = k
                            .data_points
                            .iter()
                            .map(|d| {
                                format!(
                                    "{} = {}",
                                    toml_key(&d.key),
                                    if d.direction == crate::model::catalog::Direction::YesNo {
                                        "\"yes\""
                                    } else {
                                        "0.0"
                                    }
                                )
                            })
                            .collect();
                        let _ = writeln!(s, "# \"{}\" = {{ {} }}", k.code, pts.join(", "));
                    }
                }
            }
        }
    }
    s
}

/// Narrative outline of a new city.
pub fn narrative_outline(name: &str, catalog: &Catalog) -> String {
    let mut s = format!(
        "{}\n\n## Background\n\n{}\n\n## Key findings\n\n{}\n",
        OUTLINE_SUMMARY.fill(name),
        OUTLINE_BACKGROUND.text,
        OUTLINE_FINDINGS.text
    );
    for d in &catalog.dimensions {
        let _ = write!(
            s,
            "\n## {}\n\n{}\n",
            d.name,
            OUTLINE_DIMENSION.fill(&d.name.to_lowercase())
        );
    }
    let _ = write!(
        s,
        "\n## Recommendations\n\n{}\n",
        OUTLINE_RECOMMENDATIONS.text
    );
    s
}

fn toml_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn toml_key(k: &str) -> String {
    if k.chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        k.to_string()
    } else {
        toml_str(k)
    }
}

/// Folder name for a city name ("Ålesund" → "alesund").
pub fn city_slug(name: &str) -> String {
    slugify(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::city::parse_city;
    use crate::diagnostics::SourceFile;

    #[test]
    fn the_pages_workflow_installs_the_generator_and_deploys() {
        let w = pages_workflow();
        assert!(w.contains("cargo install --locked --git \"$CITYPROFILES_GIT\""));
        assert!(w.contains("CITYPROFILES_GIT: https://"));
        assert!(w.contains("actions/deploy-pages@v4"));
    }

    #[test]
    fn the_form_parses_and_lists_every_kpi() {
        let c = Catalog::u4ssc();
        let form = city_form(&c, "Tromsø \"North\"", "Norway");
        for k in &c.kpis {
            assert!(form.contains(&format!("\"{}\"", k.code)), "{}", k.code);
        }
        let (city, d) = parse_city("tromso", &SourceFile::new("city.toml", form), &c);
        assert!(
            !d.has_errors(),
            "{}",
            d.render(crate::diagnostics::MessageFormat::Short, false)
        );
        assert_eq!(city.unwrap().name, "Tromsø \"North\"");
    }

    /// The messages of the warnings `check` gives on a city file.
    fn warnings(text: String) -> Vec<String> {
        let (city, d) = parse_city("x", &SourceFile::new("city.toml", text), &Catalog::u4ssc());
        assert!(city.is_some(), "the scaffold's city file must parse");
        d.iter()
            .filter(|d| d.severity == crate::diagnostics::Severity::Warning)
            .map(|d| d.message.clone())
            .collect()
    }

    #[test]
    fn the_scaffold_writes_exactly_the_placeholders_check_knows() {
        use crate::model::placeholders::{SENTENCES, VALUES, Writer, in_markdown};
        let c = Catalog::u4ssc();
        assert_eq!(FORM_PUBLISHED, format!("{FORM_YEAR}-01"));
        // City files: the warnings on each are the list's values for its writer, no more.
        for (text, writer) in [
            (city_form(&c, "Testville", "Norway"), Writer::NewCity),
            (sample_city(), Writer::Init),
        ] {
            let listed: Vec<String> = VALUES
                .iter()
                .filter(|v| v.writer == writer)
                .map(|v| v.message())
                .collect();
            let mut got = warnings(text);
            got.sort();
            let mut want = listed.clone();
            want.sort();
            assert_eq!(got, want, "{}", writer.command());
        }
        // Narratives: every paragraph but the headings is a listed sentence, and every listed
        // sentence is written.
        let mut seen = Vec::new();
        for (text, writer) in [
            (narrative_outline("Testville", &c), Writer::NewCity),
            (sample_narrative(), Writer::Init),
        ] {
            let paragraphs = text
                .split("\n\n")
                .filter(|p| !p.trim().is_empty() && !p.starts_with('#'))
                .count();
            let found = in_markdown(&text);
            assert_eq!(found.len(), paragraphs, "{}", writer.command());
            assert!(found.iter().all(|(_, s)| s.writer == writer));
            seen.extend(found.iter().map(|(_, s)| s.text));
        }
        for s in SENTENCES {
            assert!(seen.contains(&s.text), "not written: {}", s.text);
        }
    }

    #[test]
    fn uncommented_form_lines_parse() {
        let c = Catalog::u4ssc();
        let form = city_form(&c, "X", "Y");
        let filled: String = form
            .lines()
            .map(|l| if l.starts_with("# \"") { &l[2..] } else { l })
            .collect::<Vec<_>>()
            .join("\n");
        let (_, d) = parse_city("x", &SourceFile::new("city.toml", filled), &c);
        assert!(
            !d.has_errors(),
            "{}",
            d.render(crate::diagnostics::MessageFormat::Short, false)
        );
    }
}
