//! Embeddable cards (issue 24) on the shipped site: a card per profile and per indicator in
//! every language, kept out of search engines (noindex, canonical to the full page, not in the
//! sitemap, the feed or the search bundles), small, and offered by the full pages as an
//! `<iframe>` code whose address is a card that exists, under a sub-path base URL too.

mod common;

use std::path::{Path, PathBuf};

const LANGS: [(&str, &str); 3] = [("en", ""), ("fr", "fr/"), ("ru", "ru/")];
const SUB: &str = "https://org.github.io/repo/";
/// What a city card may weigh: it is one page per city and language, and the lean-output
/// budget (issue 19) counts every byte of a city.
const CITY_CARD_MAX: usize = 3 * 1024;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn build(base: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_cityprofiles"))
        .arg("--root")
        .arg(repo())
        .args(["build", "--base-url", base, "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    (tmp, out)
}

fn slugs(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The value of attribute `name` in the first tag of `html` that has it.
fn attr<'a>(html: &'a str, name: &str) -> &'a str {
    let start = format!(" {name}=\"");
    let i = html
        .find(&start)
        .unwrap_or_else(|| panic!("no {name}= in {html}"))
        + start.len();
    &html[i..i + html[i..].find('"').unwrap()]
}

/// The embed code a full page offers, as a reader copies it (entities decoded).
fn snippet(page: &str) -> String {
    let details = common::between(page, "<details class=\"embed\">", "</details>");
    common::raw_text(common::between(details, "<code>", "</code>"))
}

/// Checks the cards of every profile and indicator of the site built with `base` and the codes
/// the full pages offer for them.
fn check_site(out: &Path, base: &str) {
    let cities = slugs(&out.join("cities"));
    let kpis = slugs(&out.join("indicators"));
    assert_eq!(cities.len(), 4);
    assert_eq!(kpis.len(), 91);
    for (code, prefix) in LANGS {
        for (kind, list) in [("cities", &cities), ("indicators", &kpis)] {
            for slug in list {
                let page_path = format!("{kind}/{slug}/");
                let full = read(&out.join(format!("{prefix}{page_path}index.html")));
                let card_file = out.join(format!("{prefix}embed/{page_path}index.html"));
                assert!(card_file.is_file(), "{}: no card", card_file.display());
                let card = read(&card_file);
                let at = card_file.display();
                assert!(card.contains(&format!("<html lang=\"{code}\"")), "{at}");
                assert!(
                    card.contains("<meta name=\"robots\" content=\"noindex\">"),
                    "{at}: not noindex"
                );
                let canonical = format!("{base}{prefix}{page_path}");
                assert!(
                    card.contains(&format!("<link rel=\"canonical\" href=\"{canonical}\">")),
                    "{at}: canonical should be {canonical}"
                );
                // A card is its content alone: no site header, navigation or script.
                for absent in ["<script", "site-header", "<nav"] {
                    assert!(!card.contains(absent), "{at}: has {absent}");
                }
                // Every link leaves the frame, and one goes back to the full page.
                let links = card.matches("<a ").count();
                assert!(links > 0, "{at}");
                assert_eq!(
                    card.matches("<a ").count(),
                    card.matches(" target=\"_top\"").count(),
                    "{at}: a link that stays in the frame"
                );
                let base_path = &base[base.find("//").unwrap() + 2..];
                let base_path = &base_path[base_path.find('/').unwrap()..];
                assert!(
                    card.contains(&format!(
                        "href=\"{base_path}{prefix}{page_path}\" target=\"_top\""
                    )),
                    "{at}: no link back to the full page"
                );
                if kind == "cities" {
                    assert!(card.len() < CITY_CARD_MAX, "{at}: {} bytes", card.len());
                }

                // The full page offers the code that embeds this very card.
                let code_text = snippet(&full);
                let src = attr(&code_text, "src");
                assert_eq!(
                    src,
                    format!("{base}{prefix}embed/{page_path}"),
                    "{code} {slug}"
                );
                assert!(!attr(&code_text, "title").is_empty(), "{code} {slug}");
                assert!(code_text.contains(" loading=\"lazy\""), "{code_text}");
                assert!(code_text.contains("width:100%"), "{code_text}");
                let local = src.strip_prefix(base).unwrap();
                assert!(out.join(local).join("index.html").is_file(), "{src}");
            }
        }
    }
}

#[test]
fn cards_exist_in_every_language_and_the_pages_offer_them() {
    let (_tmp, out) = build("http://127.0.0.1:1111/");
    check_site(&out, "http://127.0.0.1:1111/");
}

#[test]
fn cards_work_under_a_sub_path() {
    let (_tmp, out) = build(SUB);
    check_site(&out, SUB);

    // Kept out of search engines and feed readers: the full pages are what they list.
    let sitemap = read(&out.join("sitemap.xml"));
    assert!(sitemap.contains(&format!("{SUB}cities/asker/")));
    assert!(!sitemap.contains("/embed/"), "a card is in the sitemap");
    let atom = read(&out.join("atom.xml"));
    assert!(!atom.contains("/embed/"), "a card is in the feed");
    for (code, prefix) in LANGS {
        let records = common::search_records(&out.join(prefix).join("search/index"));
        assert!(!records.is_empty(), "{code}");
        let cards: Vec<_> = records
            .iter()
            .filter_map(|r| r["url"].as_str())
            .filter(|u| u.contains("/embed/"))
            .collect();
        assert!(
            cards.is_empty(),
            "{code}: cards in the search index: {cards:?}"
        );
    }
}

/// The card says what the page says: the profile's overall score with its band and evidence
/// and its coverage sentence, and each target's official or indicative tag as the indicator
/// page gives it.
#[test]
fn cards_use_the_full_pages_words() {
    let (_tmp, out) = build(SUB);
    for (_, prefix) in LANGS {
        for city in ["alesund", "asker", "bizerte", "riyadh"] {
            let page = read(&out.join(format!("{prefix}cities/{city}/index.html")));
            let card = read(&out.join(format!("{prefix}embed/cities/{city}/index.html")));
            let overall = common::between(&page, "<span class=\"overall-value\">", "</p>");
            let score = &overall["<span class=\"overall-value\">".len()..];
            let score = &score[..score.rfind("</span>").unwrap()];
            assert!(
                card.contains(score),
                "{prefix}{city}: {score} not in the card"
            );
            let coverage = common::between(&page, "<p class=\"coverage\">", "</p>");
            let coverage = &coverage["<p class=\"coverage\">".len()..];
            assert!(card.contains(coverage), "{prefix}{city}: {coverage}");
            let wheel = attr(
                common::between(&page, "<figure class=\"wheel\">", ">"),
                "src",
            );
            assert!(card.contains(&format!("src=\"{wheel}\"")), "{prefix}{city}");
        }
        for kpi in ["en-en-ws-2c", "sc-sh-si-1c", "ec-ict-ps-1a", "en-en-aq-1c"] {
            let page = read(&out.join(format!("{prefix}indicators/{kpi}/index.html")));
            let card = read(&out.join(format!("{prefix}embed/indicators/{kpi}/index.html")));
            let targets = common::between(&page, "<h2 id=\"h-targets\">", "</section>");
            for tag in ["tag-official", "tag-indicative"] {
                assert_eq!(
                    targets.matches(tag).count(),
                    card.matches(tag).count(),
                    "{prefix}{kpi}: {tag}"
                );
            }
        }
    }
}
