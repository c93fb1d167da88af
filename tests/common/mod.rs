//! Helpers shared by integration tests that read rendered pages.

#![allow(dead_code)]

/// The visible text of an HTML fragment: tags dropped, entities decoded, spaces folded.
pub fn text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The part of `html` from the first `start` to the next `end` after it.
pub fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let i = html
        .find(start)
        .unwrap_or_else(|| panic!("`{start}` not found"));
    let rest = &html[i..];
    let j = rest[start.len()..]
        .find(end)
        .map_or(rest.len(), |j| j + start.len());
    &rest[..j]
}

/// Everything visible without its SVG charts (whose text is checked separately).
pub fn without_svg(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find("<svg") {
        out.push_str(&rest[..i]);
        rest = rest[i..].find("</svg>").map_or("", |j| &rest[i + j + 6..]);
    }
    out.push_str(rest);
    out
}

/// The text of an HTML fragment as written: tags dropped, entities decoded, white space kept.
pub fn raw_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Builds the site at `root` with the real binary into a temporary folder; returns the folder
/// (deleted when dropped) and the output inside it. Fails the test with the build's stderr.
pub fn build(root: &std::path::Path) -> (tempfile::TempDir, std::path::PathBuf) {
    build_with(root, &[])
}

/// [`build`] with more arguments to `build` (`--base-url …`).
pub fn build_with(
    root: &std::path::Path,
    args: &[&str],
) -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build_into(root, &out, args);
    (tmp, out)
}

/// Builds the site at `root` into `out` with more arguments to `build`; returns what the build
/// printed on stderr. Fails the test with it when the build fails.
pub fn build_into(root: &std::path::Path, out: &std::path::Path, args: &[&str]) -> String {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_cityprofiles"))
        .arg("--root")
        .arg(root)
        .arg("build")
        .args(args)
        .arg("-o")
        .arg(out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(o.status.success(), "{stderr}");
    stderr
}

/// Every page of the search index under `dir` (`public/search/index/`,
/// `public/fr/search/index/`): the fragments as the browser reads them (gzipped JSON with
/// `url`, `title`, `text` and `names`), each with its number added as `page`, sorted by address.
pub fn search_records(dir: &std::path::Path) -> Vec<serde_json::Value> {
    use std::io::Read;
    let mut out = Vec::new();
    let fragments = dir.join("pages");
    for e in
        std::fs::read_dir(&fragments).unwrap_or_else(|e| panic!("{}: {e}", fragments.display()))
    {
        let path = e.unwrap().path();
        let mut bytes = Vec::new();
        flate2::read::GzDecoder::new(std::fs::File::open(&path).unwrap())
            .read_to_end(&mut bytes)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut record: serde_json::Value =
            serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let page: u64 = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".gz"))
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{}: not <number>.gz", path.display()));
        record["page"] = page.into();
        out.push(record);
    }
    out.sort_by(|a: &serde_json::Value, b| a["url"].as_str().cmp(&b["url"].as_str()));
    out
}

/// Copies a folder with everything in it (a fixture into a temporary site).
pub fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}
