//! Internal link checker: every `href`/`src` that points inside the site must resolve to a
//! written file (and its `#anchor` to an id on that page), under the base path.

use std::collections::{HashMap, HashSet};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::render::Output;

/// Attribute values of `attr="..."` in an HTML text (decoding `&amp;`).
pub fn attr_values<'a>(html: &'a str, attr: &'a str) -> impl Iterator<Item = String> + 'a {
    let needle = format!(" {attr}=\"");
    let mut rest = html;
    std::iter::from_fn(move || {
        let i = rest.find(&needle)?;
        let after = &rest[i + needle.len()..];
        let end = after.find('"')?;
        let v = after[..end].replace("&amp;", "&");
        rest = &after[end..];
        Some(v)
    })
}

fn is_external(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("mailto:")
        || lower.starts_with("tel:")
        || lower.starts_with("//")
        || lower.starts_with("data:")
}

/// Checks every internal link of every HTML output.
pub fn check_links(outputs: &[Output], base_path: &str) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let paths: HashSet<&str> = outputs.iter().map(|o| o.path.as_str()).collect();
    let mut ids: HashMap<&str, HashSet<String>> = HashMap::new();
    for o in outputs.iter().filter(|o| o.path.ends_with(".html")) {
        let html = std::str::from_utf8(&o.bytes).unwrap_or_default();
        ids.insert(o.path.as_str(), attr_values(html, "id").collect());
    }
    for o in outputs.iter().filter(|o| o.path.ends_with(".html")) {
        let html = std::str::from_utf8(&o.bytes).unwrap_or_default();
        let mut seen = HashSet::new();
        for url in attr_values(html, "href").chain(attr_values(html, "src")) {
            if is_external(&url) || !seen.insert(url.clone()) {
                continue;
            }
            let (path, anchor) = match url.split_once('#') {
                Some((p, a)) => (p, Some(a)),
                None => (url.as_str(), None),
            };
            let path = path.split('?').next().unwrap_or_default();
            let target = if path.is_empty() {
                o.path.clone()
            } else if let Some(rest) = path.strip_prefix(base_path) {
                let rest = percent_decode(rest);
                if rest.is_empty() || rest.ends_with('/') {
                    format!("{rest}index.html")
                } else {
                    rest
                }
            } else if path.starts_with('/') {
                diags.push(Diagnostic::error(format!("/{}: the link `{url}` leaves out the site's base path {base_path}, so it breaks when the site is published there", o.path)).help("in templates, build links from site.base_path or the hrefs the page receives, e.g. {{ site.base_path }}cities/; in Markdown, links starting with / are adjusted for you"));
                continue;
            } else {
                // Relative link: resolve against the page's folder.
                let dir = o.path.rsplit_once('/').map_or("", |(d, _)| d);
                let joined = normalize(&format!("{dir}/{path}"));
                if path.ends_with('/') {
                    format!("{joined}/index.html")
                        .trim_start_matches('/')
                        .to_string()
                } else {
                    joined
                }
            };
            if !paths.contains(target.as_str()) {
                diags.push(
                    Diagnostic::error(format!(
                        "/{}: the link `{url}` points to a page or file that does not exist",
                        o.path
                    ))
                    .help("fix the link, or add the page it points to"),
                );
                continue;
            }
            if let Some(a) = anchor.filter(|a| !a.is_empty())
                && target.ends_with(".html")
                && !ids.get(target.as_str()).is_some_and(|s| s.contains(a))
            {
                diags.push(
                    Diagnostic::error(format!(
                        "/{}: link `{url}` points to a missing anchor #{a}",
                        o.path
                    ))
                    .help("check the heading or id the link should point to"),
                );
            }
        }
    }
    diags
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for p in path.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, html: &str) -> Output {
        Output {
            path: path.into(),
            bytes: html.as_bytes().to_vec().into(),
        }
    }

    #[test]
    fn finds_broken_links_anchors_and_base_path_mistakes() {
        let outputs = vec![
            page(
                "index.html",
                r##"<a href="/repo/cities/">c</a> <a href="/repo/cities/#top">t</a> <a href="/repo/nope/">n</a> <a href="/cities/">bad</a> <a href="/repo/cities/#missing">m</a> <a href="https://x.org/">x</a> <img src="/repo/static/a.png">"##,
            ),
            page(
                "cities/index.html",
                r#"<h1 id="top">C</h1><a href="../index.html">up</a>"#,
            ),
            page("static/a.png", ""),
        ];
        let d = check_links(&outputs, "/repo/");
        let msgs: Vec<String> = d.iter().map(|d| d.message.clone()).collect();
        assert_eq!(msgs.len(), 3, "{msgs:?}");
        assert!(msgs[0].contains("/repo/nope/"));
        assert!(msgs[1].contains("leaves out the site's base path"));
        assert!(msgs[2].contains("#missing"));
    }
}
