//! Escaping: a site whose city name, country, source title, value note, narrative, page and
//! site title are written to break out of HTML, JSON, XML and CSV (`tests/fixtures/hostile`)
//! is built with the real binary, and every output format must carry each text as the same
//! text: never as markup, script or an executable link, and never escaped twice.

use std::path::{Path, PathBuf};

mod common;

const NAME: &str = "Asker</script><img src=x onerror=alert(1)>";
const COUNTRY: &str = "Norway\" onmouseover=\"alert(2)\" x='y' & Co";
const SOURCE: &str = "Report \"2020\" & <i>Annex</i> 'B' </script><script>alert(3)</script>";
const NOTE: &str = "</script><b onmouseover=alert(4)>bold</b> & \"quoted\", with a comma";
const PAGE_TITLE: &str = "Background </script><img src=x onerror=alert(11)> & \"more\"";
const SITE_TITLE: &str = "Hostile \"cities\" & <towns> </script>";
const SLUG: &str = "asker-hostile";

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile")
}

/// Builds the hostile fixture into a fresh temp folder.
fn build() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_cityprofiles"))
        .arg("--root")
        .arg(fixture())
        .args(["build", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    (tmp, out)
}

/// The files below `out` whose name ends with `ext`, as (path relative to `out`, text).
fn files(out: &Path, ext: &str) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().to_string_lossy().ends_with(ext))
        .map(|e| {
            let rel = e.path().strip_prefix(out).unwrap().to_string_lossy();
            let text = std::fs::read_to_string(e.path()).unwrap();
            (rel.replace('\\', "/"), text)
        })
        .collect();
    v.sort();
    assert!(!v.is_empty(), "no {ext} files in {}", out.display());
    v
}

/// Decodes the character references HTML and XML use (named ones the theme writes, decimal
/// and hexadecimal); anything else stays as written.
fn decode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.bytes().take(12).position(|c| c == b';');
        let named = end.and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "lt" => Some('<'),
                "gt" => Some('>'),
                "amp" => Some('&'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, e))
        });
        match named {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// An element's start tag as a browser would read it: lowercase name, attributes with
/// their values decoded.
#[derive(Debug)]
struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
}

impl Tag {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// What a page is made of: its start tags, the contents of its script elements (with their
/// tags), and its text with references decoded.
struct Page {
    tags: Vec<Tag>,
    scripts: Vec<(Tag, String)>,
    text: String,
    /// The HTML code shown for copying (an embed snippet's `<code>`), decoded: markup a reader
    /// pastes elsewhere, checked as a page of its own rather than as this page's text.
    snippets: Vec<String>,
}

/// Reads HTML the way a browser's tokenizer does, far enough to see every start tag and
/// attribute the page really has: a name that broke out of an attribute value or a text
/// shows up here as an attribute or element of its own.
fn scan(html: &str) -> Page {
    let b = html.as_bytes();
    let mut page = Page {
        tags: Vec::new(),
        scripts: Vec::new(),
        text: String::new(),
        snippets: Vec::new(),
    };
    let mut raw_text = String::new();
    let mut in_embed = false;
    let mut i = 0;
    let find = |from: usize, what: &str| {
        html[from..]
            .to_ascii_lowercase()
            .find(what)
            .map_or(html.len(), |k| from + k)
    };
    while i < b.len() {
        if b[i] != b'<' {
            let next = html[i..].find('<').map_or(html.len(), |k| i + k);
            raw_text.push_str(&html[i..next]);
            i = next;
            continue;
        }
        if html[i..].starts_with("<!--") {
            i = html[i..].find("-->").map_or(html.len(), |k| i + k + 3);
            continue;
        }
        if html[i..].starts_with("</details") {
            in_embed = false;
        }
        if html[i..].starts_with("<!") || html[i..].starts_with("</") {
            i = html[i..].find('>').map_or(html.len(), |k| i + k + 1);
            raw_text.push(' ');
            continue;
        }
        if !b.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
            raw_text.push('<');
            i += 1;
            continue;
        }
        i += 1;
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' && b[i] != b'/' {
            i += 1;
        }
        let mut tag = Tag {
            name: html[start..i].to_ascii_lowercase(),
            attrs: Vec::new(),
        };
        loop {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                i += 1;
            }
            if i >= b.len() || b[i] == b'>' {
                i += 1;
                break;
            }
            let start = i;
            while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>') {
                i += 1;
            }
            let name = html[start..i].to_ascii_lowercase();
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            let mut value = String::new();
            if i < b.len() && b[i] == b'=' {
                i += 1;
                while i < b.len() && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                    let q = b[i] as char;
                    let end = html[i + 1..].find(q).map_or(html.len(), |k| i + 1 + k);
                    value = decode(&html[i + 1..end]);
                    i = end + 1;
                } else {
                    let start = i;
                    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                        i += 1;
                    }
                    value = decode(&html[start..i]);
                }
            }
            tag.attrs.push((name, value));
        }
        if tag.name == "details"
            && tag
                .attr("class")
                .is_some_and(|c| c.split(' ').any(|c| c == "embed"))
        {
            in_embed = true;
        }
        // The embed code is HTML source shown as text: its references are meant to stay in
        // the code a reader copies, so it is read as markup of its own.
        if tag.name == "code" && in_embed {
            let end = find(i.min(html.len()), "</code");
            page.snippets.push(decode(&html[i.min(end)..end]));
            page.tags.push(tag);
            i = end;
            continue;
        }
        // Script and style contents are not markup: everything up to the closing tag.
        if tag.name == "script" || tag.name == "style" {
            let end = find(i.min(html.len()), &format!("</{}", tag.name));
            let body = html[i.min(end)..end].to_string();
            if tag.name == "script" {
                page.scripts.push((
                    Tag {
                        name: tag.name.clone(),
                        attrs: tag.attrs.clone(),
                    },
                    body,
                ));
            }
            i = end;
        }
        page.tags.push(tag);
    }
    page.text = decode(&raw_text);
    page
}

/// Whether a browser would run or render author content for this address (`javascript:`,
/// `vbscript:`, or a `data:` document other than an image).
fn executable(url: &str) -> bool {
    let u: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase();
    u.starts_with("javascript:")
        || u.starts_with("vbscript:")
        || (u.starts_with("data:") && !u.starts_with("data:image/"))
}

/// Every string in a JSON value.
fn strings(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        serde_json::Value::Object(o) => o.values().for_each(|x| strings(x, out)),
        _ => {}
    }
}

/// A piece of the name no other text of the site has.
const NAME_PART: &str = "img src=x onerror=alert(1)";

/// In JSON, the name may sit inside a longer text, but only ever whole and unescaped.
fn assert_json_names(what: &str, v: &serde_json::Value) -> usize {
    let mut all = Vec::new();
    strings(v, &mut all);
    let with = all.iter().filter(|s| s.contains(NAME_PART)).count();
    for s in &all {
        if s.contains(NAME_PART) {
            assert!(
                s.contains(NAME),
                "{what}: the name arrives altered in {s:?}"
            );
        }
        for twice in ["&lt;", "&amp;", "&quot;", "\\u003c"] {
            assert!(!s.contains(twice), "{what}: escaped twice: {s:?}");
        }
    }
    with
}

/// The ways a piece of HTML lets data out of its text, outside script elements: event
/// handlers, executable links, the name's `<img>` as an element, text escaped twice.
fn markup_problems(path: &str, page: &Page, problems: &mut Vec<String>) {
    for tag in &page.tags {
        for (name, value) in &tag.attrs {
            let at = || format!("{path}: <{} {name}={value:?}>", tag.name);
            if name.starts_with("on") {
                problems.push(format!("{}: an event handler", at()));
            }
            if matches!(name.as_str(), "href" | "src" | "action" | "formaction")
                && executable(value)
            {
                problems.push(format!("{}: an executable link", at()));
            }
            if ["&lt;", "&amp;", "&quot;"]
                .iter()
                .any(|t| value.contains(t))
            {
                problems.push(format!("{}: escaped twice", at()));
            }
        }
        if tag.name == "img" && tag.attr("src") == Some("x") {
            problems.push(format!("{path}: the name's <img> became an element"));
        }
    }
    for twice in ["&lt;", "&amp;", "&quot;", "&#"] {
        if page.text.contains(twice) {
            problems.push(format!("{path}: text escaped twice ({twice})"));
        }
    }
}

/// Every way each HTML page lets data out of its text, collected over the whole site so that
/// one run names every place at once.
fn html_problems(pages: &[(String, String)]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut json_ld = 0;
    for (path, html) in pages {
        let page = scan(html);
        markup_problems(path, &page, &mut problems);
        for (tag, body) in &page.scripts {
            // The compare page's list of the cities it does not hold, for its form (a site
            // with more cities than the page holds).
            let data = tag.attr("type") == Some("application/json")
                && tag.attr("id") == Some("compare-more");
            if tag.attr("type") == Some("application/ld+json") || data {
                json_ld += usize::from(!data);
                // Inside a script element only `</script` ends it: JSON-LD writes `<` as
                // \u003c, so no text can close the element early.
                if body.contains('<') {
                    problems.push(format!("{path}: raw '<' in a JSON script: {body}"));
                }
                match serde_json::from_str::<serde_json::Value>(body) {
                    Ok(v) => {
                        assert_json_names(path, &v);
                    }
                    Err(e) => {
                        problems.push(format!("{path}: a JSON script is not JSON ({e}): {body}"))
                    }
                }
            } else if tag.attr("src").is_none() || !body.trim().is_empty() {
                problems.push(format!(
                    "{path}: a script the theme does not write: {tag:?} {body}"
                ));
            }
        }
        for code in &page.snippets {
            problems.extend(snippet_problems(path, code));
        }
        if !page.text.contains(SITE_TITLE) {
            problems.push(format!("{path}: no site title"));
        }
    }
    if json_ld < 2 {
        problems.push(format!(
            "{json_ld} JSON-LD blocks; the profiles and home pages have one"
        ));
    }
    problems
}

/// What is wrong with an embed snippet (the code a page offers for pasting, decoded): it must
/// be one `<iframe>` with an absolute `http(s)` address, no event handler and a title that,
/// once the pasting site's browser reads it, is the text itself (escaped once, not twice).
fn snippet_problems(path: &str, code: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let inner = scan(code);
    let names: Vec<&str> = inner.tags.iter().map(|t| t.name.as_str()).collect();
    if names != ["iframe"] || !inner.text.trim().is_empty() {
        problems.push(format!("{path}: the embed code is not one iframe: {code}"));
    }
    for tag in &inner.tags {
        for (name, value) in &tag.attrs {
            if name.starts_with("on") {
                problems.push(format!(
                    "{path}: an event handler in the embed code: {code}"
                ));
            }
            if ["&lt;", "&amp;", "&quot;", "&#"]
                .iter()
                .any(|t| value.contains(t))
            {
                problems.push(format!("{path}: embed code escaped twice: {code}"));
            }
        }
        let src = tag.attr("src").unwrap_or("");
        if executable(src) || !(src.starts_with("https://") || src.starts_with("http://")) {
            problems.push(format!("{path}: the embed code's address {src:?}"));
        }
        if tag.attr("title").is_none_or(|t| t.trim().is_empty()) {
            problems.push(format!("{path}: an embed frame without a title: {code}"));
        }
    }
    problems
}

#[test]
fn html_pages_carry_hostile_text_as_text() {
    let (_t, out) = build();
    let pages = files(&out, ".html");
    let problems = html_problems(&pages);
    assert!(
        problems.is_empty(),
        "{} problems, among them:\n{}",
        problems.len(),
        problems[..problems.len().min(40)].join("\n")
    );

    let text = |p: &str| {
        let html = &pages.iter().find(|(q, _)| q == p).unwrap().1;
        scan(html).text
    };
    let profile = text(&format!("cities/{SLUG}/index.html"));
    for shown in [
        NAME,
        COUNTRY,
        SOURCE,
        NOTE,
        "Key findings <img src=x onerror=alert(5)>",
        "<script>alert(9)</script>",
        "<svg onload=alert(10)><circle r=\"5\"/></svg>",
        "Text with </script> inside, a \"quote\", an 'apostrophe' & an ampersand",
        "javascript link",
        "shouting one",
    ] {
        assert!(
            profile.contains(shown),
            "the profile does not show {shown:?}"
        );
    }
    let background = text("about/background/index.html");
    for shown in [
        PAGE_TITLE,
        "Why <svg onload=alert(12)>",
        "raw <script>alert(14)</script> in a line",
        "<svg onload=alert(15)><circle r=\"5\"/></svg>",
        "javascript link",
    ] {
        assert!(
            background.contains(shown),
            "the background page does not show {shown:?}"
        );
    }
    assert!(text("cities/index.html").contains(NAME));

    // The profile's embed code names the frame with the city's name as it is, once pasted.
    let html = &pages
        .iter()
        .find(|(q, _)| *q == format!("cities/{SLUG}/index.html"))
        .unwrap()
        .1;
    let snippets = scan(html).snippets;
    assert_eq!(snippets.len(), 1, "one embed code on the profile");
    let frame = scan(&snippets[0]);
    let title = frame.tags[0].attr("title").unwrap_or_default().to_string();
    assert!(
        title.contains(NAME),
        "the frame's title {title:?} lacks {NAME:?}"
    );
}

#[test]
fn svg_charts_are_xml_with_the_name_as_text() {
    let (_t, out) = build();
    for (path, svg) in files(&out, ".svg") {
        let doc =
            roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{path} is not XML: {e}"));
        for n in doc.descendants().filter(|n| n.is_element()) {
            assert_ne!(n.tag_name().name(), "script", "{path}");
            for a in n.attributes() {
                assert!(!a.name().starts_with("on"), "{path}: {}", a.name());
                assert!(!executable(a.value()), "{path}: {}", a.value());
            }
        }
        for t in doc.descendants().filter_map(|n| n.text()) {
            for twice in ["&lt;", "&amp;", "&quot;"] {
                assert!(!t.contains(twice), "{path}: escaped twice: {t:?}");
            }
        }
    }
    let wheel =
        std::fs::read_to_string(out.join(format!("charts/cities/{SLUG}-wheel.svg"))).unwrap();
    let doc = roxmltree::Document::parse(&wheel).unwrap();
    let title = doc
        .descendants()
        .find(|n| n.has_tag_name("title"))
        .and_then(|n| n.text())
        .unwrap();
    assert!(title.contains(NAME), "{title}");
}

#[test]
fn the_feed_and_sitemap_are_xml_with_the_names_as_text() {
    let (_t, out) = build();
    let atom = std::fs::read_to_string(out.join("atom.xml")).unwrap();
    let doc = roxmltree::Document::parse(&atom).unwrap();
    let child_text = |n: roxmltree::Node, name: &str| {
        n.children()
            .find(|c| c.has_tag_name(name))
            .and_then(|c| c.text())
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(child_text(doc.root_element(), "title"), SITE_TITLE);
    let entries: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .collect();
    assert_eq!(entries.len(), 1);
    let title = child_text(entries[0], "title");
    assert!(title.starts_with(&format!("{NAME}, {COUNTRY}")), "{title}");
    assert!(child_text(entries[0], "summary").contains(NAME));
    let href = entries[0]
        .children()
        .find(|c| c.has_tag_name("link"))
        .and_then(|c| c.attribute("href"));
    assert_eq!(href, Some("https://example.org/cities/asker-hostile/"));

    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    for page in [
        "https://example.org/cities/asker-hostile/",
        "https://example.org/about/background/",
    ] {
        assert!(locs.contains(&page), "{page} not in {locs:?}");
    }
}

#[test]
fn csv_downloads_read_back_the_exact_texts() {
    let (_t, out) = build();
    let mut rows_of_city = 0;
    for (path, text) in files(&out.join("data"), ".csv") {
        let mut r = csv::Reader::from_reader(text.as_bytes());
        let header: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
        let col = |name: &str| header.iter().position(|h| h == name);
        for rec in r.records() {
            let rec = rec.unwrap_or_else(|e| panic!("{path}: {e}"));
            assert_eq!(rec.len(), header.len(), "{path}: a field broke out");
            if col("city").is_some_and(|c| &rec[c] == SLUG) {
                rows_of_city += 1;
                // cities.csv names the city once, sources.csv titles its sources once.
                if let Some(c) = col("name") {
                    assert_eq!(&rec[c], NAME, "{path}");
                }
                if let Some(c) = col("country") {
                    assert_eq!(&rec[c], COUNTRY, "{path}");
                }
                if let Some(c) = col("title") {
                    assert_eq!(&rec[c], SOURCE, "{path}");
                }
            }
        }
    }
    // values.csv and one file per KPI: at least three rows each; cities.csv and sources.csv.
    assert!(rows_of_city >= 8, "{rows_of_city} rows of the city");
}

#[test]
fn json_downloads_and_search_records_read_back_the_exact_texts() {
    let (_t, out) = build();
    // No plain JSON file holds the city any more (the downloads are CSV, read back above; the
    // search index's pages are gzipped, read below), but every JSON file must still parse and
    // name it exactly if it does.
    for (path, text) in files(&out, ".json") {
        let v: serde_json::Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_json_names(&path, &v);
    }
    for lang in ["", "fr/", "ru/"] {
        let records = common::search_records(&out.join(format!("{lang}search/index")));
        let record = records
            .iter()
            .find(|r| r["url"] == format!("/{lang}cities/{SLUG}/").as_str())
            .unwrap_or_else(|| panic!("{lang}: no record of the city"));
        assert_eq!(record["title"], format!("{NAME}, {COUNTRY}").as_str());
        assert!(
            records.iter().any(|r| r["title"] == PAGE_TITLE),
            "{lang}: no record titled {PAGE_TITLE:?}"
        );
    }
}

/// The hostile fixture with 100 more cities whose names sort before the hostile one
/// ("Aa 000" to "Aa 099", the minimal fixture's city), so that the compare page holds those and
/// the hostile city's column is a file of its own, `compare/cities/asker-hostile.json`.
fn build_past_the_compare_page() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    common::copy_dir(&fixture(), &site);
    let minimal = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
    let city = std::fs::read_dir(minimal.join("content/cities"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    for n in 0..100 {
        let dir = site.join(format!("content/cities/aa-{n:03}"));
        common::copy_dir(&city, &dir);
        let toml = std::fs::read_to_string(dir.join("city.toml")).unwrap();
        let named = toml.replacen("name = \"Testville\"", &format!("name = \"Aa {n:03}\""), 1);
        assert_ne!(
            named, toml,
            "the minimal city is no longer called Testville"
        );
        std::fs::write(dir.join("city.toml"), named).unwrap();
    }
    common::build(&site)
}

#[test]
fn compare_columns_carry_the_hostile_name_as_text() {
    let (_t, out) = build_past_the_compare_page();
    // The compare page names the city only in its form's list, a JSON script element that no
    // text can close early.
    let all = files(&out, ".html");
    let problems = html_problems(&all);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let pages: Vec<&(String, String)> = all
        .iter()
        .filter(|(p, _)| p.ends_with("compare/index.html"))
        .collect();
    assert_eq!(pages.len(), 3);
    for (path, html) in pages {
        let page = scan(html);
        let (_, list) = page
            .scripts
            .iter()
            .find(|(t, _)| t.attr("id") == Some("compare-more"))
            .unwrap_or_else(|| panic!("{path}: no list of the other cities"));
        let v: serde_json::Value = serde_json::from_str(list).unwrap();
        assert_eq!(assert_json_names(path, &v), 1, "{path}: {list}");
        assert!(
            !page.text.contains(NAME_PART),
            "{path}: the name in a table"
        );
    }
    // Its column file, in each language: every cell is HTML that carries the name as text.
    for lang in ["", "fr/", "ru/"] {
        let path = format!("{lang}compare/cities/{SLUG}.json");
        let text =
            std::fs::read_to_string(out.join(&path)).unwrap_or_else(|e| panic!("{path}: {e}"));
        let column: serde_json::Value = serde_json::from_str(&text).unwrap();
        let mut problems = Vec::new();
        let mut named = 0;
        for cell in column["cells"].as_array().unwrap() {
            let page = scan(cell.as_str().unwrap());
            markup_problems(&path, &page, &mut problems);
            if !page.scripts.is_empty() {
                problems.push(format!("{path}: a script in {cell}"));
            }
            if page.text.contains(NAME_PART) {
                assert!(
                    page.text.contains(NAME),
                    "{path}: the name altered in {cell}"
                );
                named += 1;
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
        // Its head cell and its bars.
        assert!(named >= 2, "{path}: the name in {named} cells: {text}");
    }
}
