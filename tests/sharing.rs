//! Chart files as a reader takes them away: each draws its title, source, site and licence
//! in its own language, read back from the SVG the build wrote.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

mod common;

/// The example site, built once for every test of this file.
fn site() -> &'static Path {
    static SITE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &SITE
        .get_or_init(|| common::build(Path::new(env!("CARGO_MANIFEST_DIR"))))
        .1
}

/// Every file under `dir` with extension `ext`, sorted, as paths relative to the site.
fn files(ext: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(site())
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .map(|p| p.strip_prefix(site()).unwrap().to_path_buf())
        .collect();
    out.sort();
    out
}

/// The lines drawn in a chart file's credit band, read with an XML parser.
fn caption_lines(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    doc.descendants()
        .filter(|n| n.attribute("class") == Some("chart-caption"))
        .flat_map(|g| g.children().filter(|c| c.has_tag_name("text")))
        .map(|t| t.text().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn every_chart_file_draws_its_title_source_site_and_licence() {
    let svgs: Vec<PathBuf> = files("svg")
        .into_iter()
        .filter(|p| p.to_string_lossy().contains("charts/"))
        .collect();
    assert!(svgs.len() > 20, "{svgs:?}");
    for lang in ["", "fr/", "ru/"] {
        assert!(
            svgs.iter()
                .any(|p| p.starts_with(format!("{lang}charts/cities"))),
            "wheels in {lang:?}"
        );
    }
    for rel in &svgs {
        let svg = std::fs::read_to_string(site().join(rel)).unwrap();
        let name = rel.to_string_lossy();
        let (source, site_title) = match () {
            _ if name.starts_with("fr/") => (
                "Source\u{202f}:",
                "Profils de villes intelligentes et durables",
            ),
            _ if name.starts_with("ru/") => ("Источник:", "Профили умных устойчивых городов"),
            _ => ("Source:", "Smart Sustainable City Profiles"),
        };
        // Lines wrap at spaces: joined with spaces they read as written.
        let drawn = caption_lines(&svg).join(" ").replace('\u{a0}', " ");
        let title = if name.contains("-wheel") {
            match () {
                _ if name.starts_with("ru/") => "Олесунн",
                _ => "Ålesund",
            }
        } else {
            // An indicator chart names its KPI by code.
            "EC: ICT: ICT: 1C"
        };
        if name.contains("alesund") || name.contains("ec-ict-ict-1c-all.svg") {
            assert!(drawn.contains(title), "{name}: no {title:?} in {drawn:?}");
        }
        let lang = name
            .split('/')
            .next()
            .filter(|l| l.len() == 2)
            .unwrap_or("");
        let page = if name.contains("-wheel") {
            format!(
                "cities/{}/",
                rel.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .trim_end_matches("-wheel.svg")
            )
        } else {
            let stem = rel.file_stem().unwrap().to_string_lossy().to_string();
            let kpi = stem.trim_end_matches("-series");
            let kpi = &kpi[..kpi.rfind('-').unwrap()];
            format!("indicators/{kpi}/")
        };
        let url = format!(
            "http://127.0.0.1:1111/{}{page}",
            if lang.is_empty() {
                String::new()
            } else {
                format!("{lang}/")
            }
        );
        for want in [source, site_title, url.as_str(), "CC BY 4.0"] {
            assert!(drawn.contains(want), "{name}: no {want:?} in {drawn:?}");
        }
    }
}

/// A PNG's width and height from its IHDR chunk (the first chunk of every PNG).
fn ihdr(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "a PNG signature");
    assert_eq!(&bytes[12..16], b"IHDR");
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    (be(&bytes[16..20]), be(&bytes[20..24]))
}

#[test]
fn every_chart_file_has_a_png_of_its_size_linked_from_its_page() {
    let svgs: Vec<PathBuf> = files("svg")
        .into_iter()
        .filter(|p| p.to_string_lossy().contains("charts/"))
        .collect();
    for rel in &svgs {
        let svg = std::fs::read_to_string(site().join(rel)).unwrap();
        let vb: Vec<f64> = svg
            .split("viewBox=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .unwrap()
            .split(' ')
            .map(|v| v.parse().unwrap())
            .collect();
        let png = std::fs::read(site().join(rel.with_extension("png")))
            .unwrap_or_else(|e| panic!("{}: no PNG: {e}", rel.display()));
        let (w, h) = ihdr(&png);
        assert_eq!(png[25], 3, "{}: indexed colour", rel.display());
        // resvg takes the viewBox up to whole units, then scales by 1.5.
        assert_eq!(w, (vb[2].ceil() * 1.5).round() as u32, "{}", rel.display());
        assert_eq!(h, (vb[3].ceil() * 1.5).round() as u32, "{}", rel.display());
    }
    let profile = std::fs::read_to_string(site().join("fr/cities/alesund/index.html")).unwrap();
    assert!(profile.contains("href=\"/fr/charts/cities/alesund-wheel.png\" download"));
}

#[test]
fn pngs_are_byte_identical_across_builds() {
    let again = common::build(Path::new(env!("CARGO_MANIFEST_DIR")));
    let pngs = files("png");
    assert!(pngs.len() > 20, "{pngs:?}");
    for rel in &pngs {
        let a = std::fs::read(site().join(rel)).unwrap();
        let b = std::fs::read(again.1.join(rel)).unwrap();
        assert!(a == b, "{} differs between two builds", rel.display());
    }
}

#[test]
fn png_false_publishes_the_svg_files_only() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    // The site's own files; templates and strings are the ones built into the program.
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    common::copy_dir(&repo.join("content"), &root.join("content"));
    let toml = std::fs::read_to_string(repo.join("site.toml")).unwrap();
    std::fs::write(
        root.join("site.toml"),
        toml.replace("[markdown]", "[sharing]\npng = false\n\n[markdown]"),
    )
    .unwrap();
    let (_keep, out) = common::build(&root);
    let pngs = walkdir::WalkDir::new(&out)
        .into_iter()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "png")
        })
        .count();
    assert_eq!(pngs, 0);
    assert!(out.join("charts/cities/alesund-wheel.svg").exists());
    let profile = std::fs::read_to_string(out.join("cities/alesund/index.html")).unwrap();
    assert!(!profile.contains(".png\" download"));
}
