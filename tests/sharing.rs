//! Chart files and images as a reader takes them away: each chart file draws its title,
//! source, site and licence in its own language; each city has one card (1200×630 PNG) that
//! every language's profile names as its link preview and offers as its wheel's PNG.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

mod common;

/// Where the example site is published in these tests: under a sub-path, as on GitHub Pages.
const BASE: &str = "https://org.example/repo/";

/// Builds the site at `root` under [`BASE`].
fn build_at(root: &Path) -> (tempfile::TempDir, PathBuf) {
    common::build_with(root, &["--base-url", BASE])
}

/// A copy of the example site's content with `sharing` as its `[sharing]` table.
fn example_with(sharing: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    common::copy_dir(&repo.join("content"), &root.join("content"));
    let toml = std::fs::read_to_string(repo.join("site.toml")).unwrap();
    std::fs::write(
        root.join("site.toml"),
        toml.replace("[markdown]", &format!("[sharing]\n{sharing}\n\n[markdown]")),
    )
    .unwrap();
    tmp
}

/// The example site with its `[sharing]` defaults (every PNG on), built once under [`BASE`]
/// for every test of this file.
fn site() -> &'static Path {
    static SITE: OnceLock<(tempfile::TempDir, tempfile::TempDir, PathBuf)> = OnceLock::new();
    &SITE
        .get_or_init(|| {
            let root = example_with("");
            let (out, path) = build_at(root.path());
            (root, out, path)
        })
        .2
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
            // `<kpi>-<point>[-series].svg`, where both may hold hyphens: the KPI is the
            // longest indicator page the name starts with.
            let stem = rel.file_stem().unwrap().to_string_lossy().to_string();
            let kpi = std::fs::read_dir(site().join("indicators"))
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
                .filter(|k| stem.starts_with(&format!("{k}-")))
                .max_by_key(String::len)
                .unwrap_or_else(|| panic!("{name}: no indicator page"));
            format!("indicators/{kpi}/")
        };
        let url = format!(
            "{BASE}{}{page}",
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

/// The example's cities, by slug.
fn cities() -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(site().join("cities"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| site().join("cities").join(n).join("index.html").exists())
        .collect();
    out.sort();
    out
}

/// The `content` of `<meta property|name="key">` in `html`, if any.
fn meta<'a>(html: &'a str, key: &str) -> Option<&'a str> {
    ["property", "name"].iter().find_map(|attr| {
        let tag = format!("<meta {attr}=\"{key}\" content=\"");
        let i = html.find(&tag)? + tag.len();
        Some(&html[i..i + html[i..].find('"')?])
    })
}

/// The file of the site an absolute address under [`BASE`] names.
fn file_of(url: &str) -> PathBuf {
    let rel = url
        .strip_prefix(BASE)
        .unwrap_or_else(|| panic!("{url} is not under {BASE}"));
    site().join(rel)
}

#[test]
fn every_city_has_one_card_of_1200_by_630_in_a_small_palette() {
    let cities = cities();
    assert!(cities.len() >= 4, "{cities:?}");
    for slug in &cities {
        let png = std::fs::read(site().join(format!("charts/cities/{slug}-card.png")))
            .unwrap_or_else(|e| panic!("{slug}: no card: {e}"));
        assert_eq!(ihdr(&png), (1200, 630), "{slug}");
        assert_eq!((png[24], png[25]), (4, 3), "{slug}: 4-bit indexed colour");
        // One card serves every language: none is made per language.
        for lang in ["fr", "ru"] {
            assert!(
                !site()
                    .join(format!("{lang}/charts/cities/{slug}-card.png"))
                    .exists()
            );
        }
        assert!(
            !site()
                .join(format!("charts/cities/{slug}-wheel.png"))
                .exists()
        );
    }
}

#[test]
fn every_profile_names_its_card_as_link_preview_in_its_own_words() {
    for slug in cities() {
        for (lang, score_word) in [
            ("", "overall score"),
            ("fr/", "score global"),
            ("ru/", "общая оценка"),
        ] {
            let page = format!("{lang}cities/{slug}/index.html");
            let html = std::fs::read_to_string(site().join(&page)).unwrap();
            let image = meta(&html, "og:image").unwrap_or_else(|| panic!("{page}: no og:image"));
            assert_eq!(
                image,
                format!("{BASE}charts/cities/{slug}-card.png"),
                "{page}"
            );
            let png = std::fs::read(file_of(image)).unwrap();
            let (w, h) = ihdr(&png);
            assert_eq!(meta(&html, "og:image:width"), Some(w.to_string().as_str()));
            assert_eq!(meta(&html, "og:image:height"), Some(h.to_string().as_str()));
            assert_eq!(meta(&html, "twitter:card"), Some("summary_large_image"));
            let alt = meta(&html, "og:image:alt").unwrap_or_default();
            assert!(
                alt.contains(score_word) && alt.contains("U4SSC"),
                "{page}: {alt:?}"
            );
            // The same card is the wheel's PNG download, in every language.
            assert!(
                html.contains(&format!(
                    "href=\"/repo/charts/cities/{slug}-card.png\" download"
                )),
                "{page}"
            );
        }
    }
}

#[test]
fn indicator_charts_have_pngs_of_their_size() {
    // Every chart an indicator page shows (an `<img>` of an SVG file) offers its PNG.
    let mut svgs: Vec<PathBuf> = Vec::new();
    for page in files("html")
        .into_iter()
        .filter(|p| p.to_string_lossy().contains("indicators/"))
    {
        let html = std::fs::read_to_string(site().join(&page)).unwrap();
        for src in html.split("<img src=\"/repo/").skip(1) {
            let src = &src[..src.find('"').unwrap()];
            if src.contains("charts/indicators/") {
                // The page shows the file's view without its credit band.
                let svg = src
                    .strip_suffix("#chart")
                    .unwrap_or_else(|| panic!("{}: {src} is not the chart view", page.display()));
                let png = svg.replace(".svg", ".png");
                assert!(
                    html.contains(&format!("href=\"/repo/{png}\" download")),
                    "{}: no PNG link for {svg}",
                    page.display()
                );
                svgs.push(PathBuf::from(svg));
            }
        }
    }
    assert!(svgs.len() > 20, "{svgs:?}");
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
        // One and a half times the viewBox, give or take the rounding to whole pixels.
        for (px, units) in [(w, vb[2]), (h, vb[3])] {
            assert!(
                (f64::from(px) - units * 1.5).abs() <= 1.0,
                "{}: {px} px for {units} units",
                rel.display()
            );
        }
    }
    for lang in ["", "fr/", "ru/"] {
        let page = format!("{lang}indicators/ec-i-b-1a/index.html");
        let html = std::fs::read_to_string(site().join(&page)).unwrap();
        // The link preview stays the indicator's card, with chart PNGs or without.
        assert_eq!(
            meta(&html, "og:image"),
            Some(format!("{BASE}{lang}charts/indicators/ec-i-b-1a-card.png").as_str())
        );
        assert!(html.contains(&format!(
            "href=\"/repo/{lang}charts/indicators/ec-i-b-1a-all.png\" download"
        )));
    }
}

#[test]
fn pngs_are_byte_identical_across_builds() {
    let root = example_with("");
    let again = build_at(root.path());
    let pngs = files("png");
    assert!(pngs.len() > 20, "{pngs:?}");
    for rel in &pngs {
        let a = std::fs::read(site().join(rel)).unwrap();
        let b = std::fs::read(again.1.join(rel)).unwrap();
        assert!(a == b, "{} differs between two builds", rel.display());
    }
}

#[test]
fn indicator_png_false_keeps_the_cards_and_drops_the_chart_pngs() {
    let root = example_with("indicator_png = false");
    let (_keep, out) = build_at(root.path());
    let mut pngs: Vec<String> = walkdir::WalkDir::new(&out)
        .into_iter()
        .map(|e| {
            e.unwrap()
                .path()
                .strip_prefix(&out)
                .unwrap()
                .display()
                .to_string()
        })
        .filter(|p| p.ends_with(".png"))
        .collect();
    pngs.sort();
    assert!(pngs.len() > 20, "{pngs:?}");
    // Cards only: each city's one, and each indicator's in every language.
    for p in &pngs {
        assert!(p.ends_with("-card.png"), "{p} is not a card");
    }
    assert!(pngs.contains(&"charts/cities/alesund-card.png".to_string()));
    assert!(pngs.contains(&"ru/charts/indicators/ec-i-b-1a-card.png".to_string()));
    let html = std::fs::read_to_string(out.join("indicators/ec-i-b-1a/index.html")).unwrap();
    assert!(
        !html.contains("-all.png"),
        "a link to a chart PNG that was not made"
    );
    assert!(html.contains("charts/indicators/ec-i-b-1a-card.png"));
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
    assert!(!profile.contains("og:image"));
    let indicator =
        std::fs::read_to_string(out.join("indicators/ec-ict-ict-1c/index.html")).unwrap();
    assert!(!indicator.contains("og:image") && !indicator.contains(".png"));
}

/// The text of the first `<h1>` of `html`, as the page writes it (escaped).
fn h1(html: &str) -> &str {
    let start = html.find("<h1").unwrap();
    let text = &html[start + html[start..].find('>').unwrap() + 1..];
    &text[..text.find("</h1>").unwrap()]
}

#[test]
fn every_profile_and_indicator_page_has_a_link_preview_in_its_language() {
    let site = site();
    for (lang, score_word, leaders) in [
        ("", "overall score", ": the leading cities and their values"),
        (
            "fr/",
            "score global",
            "\u{202f}: les villes en tête et leurs valeurs",
        ),
        ("ru/", "общая оценка", ": города-лидеры и их значения"),
    ] {
        let mut seen = (0, 0);
        for kind in ["cities", "indicators"] {
            let mut slugs: Vec<String> = std::fs::read_dir(site.join(format!("{lang}{kind}")))
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
                .filter(|s| site.join(format!("{lang}{kind}/{s}/index.html")).exists())
                .collect();
            slugs.sort();
            for slug in slugs {
                let page = format!("{lang}{kind}/{slug}/index.html");
                let html = std::fs::read_to_string(site.join(&page)).unwrap();
                let image =
                    meta(&html, "og:image").unwrap_or_else(|| panic!("{page}: no og:image"));
                let rel = image
                    .strip_prefix(BASE)
                    .unwrap_or_else(|| panic!("{page}: {image} is not absolute under {BASE}"));
                let png = std::fs::read(site.join(rel))
                    .unwrap_or_else(|e| panic!("{page}: {image} is not in the output: {e}"));
                assert_eq!(ihdr(&png), (1200, 630), "{page}: {image}");
                assert_eq!(png[24], 4, "{page}: a 4-bit palette image");
                assert_eq!(meta(&html, "og:image:width"), Some("1200"), "{page}");
                assert_eq!(meta(&html, "og:image:height"), Some("630"), "{page}");
                assert_eq!(
                    meta(&html, "twitter:card"),
                    Some("summary_large_image"),
                    "{page}"
                );
                // The alternative text starts with the page's own heading, in its language,
                // and goes on in that language.
                let alt = meta(&html, "og:image:alt").unwrap_or_default();
                let rest = alt
                    .strip_prefix(h1(&html))
                    .unwrap_or_else(|| panic!("{page}: {alt:?} does not start with the heading"));
                if kind == "cities" {
                    assert!(rest.contains(score_word), "{page}: {alt:?}");
                    seen.0 += 1;
                } else {
                    assert_eq!(
                        image,
                        format!("{BASE}{lang}charts/indicators/{slug}-card.png"),
                        "{page}"
                    );
                    // With no city to list, the card says how many report the KPI, as the
                    // page's text does (not counting the tag itself).
                    let said = rest.trim_start_matches(['\u{202f}', ':', ' ']);
                    let body = &html[html.find("</head>").unwrap()..];
                    assert!(
                        rest == leaders || (!said.is_empty() && body.contains(said)),
                        "{page}: {alt:?}"
                    );
                    seen.1 += 1;
                }
            }
        }
        assert_eq!(seen, (4, 91), "{lang:?}: profiles and indicator pages");
    }
}
