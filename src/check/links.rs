//! Internal link checker: every `href`/`src` that points inside the site must resolve to a
//! written file (and its `#anchor` to an id on that page), under the base path.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Mutex;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::render::{Output, Sink};

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

/// The ids and links of every HTML page, gathered as the pages are made, so that checking
/// links does not need every page's bytes in memory at once (at 10,000 cities `check` held
/// 10 GiB of pages for it). As a [`Sink`] it takes each finished file, keeps what the checks
/// need and lets the bytes go.
#[derive(Debug, Default)]
pub struct LinkIndex {
    pages: Mutex<HashMap<String, PageLinks>>,
}

/// What the checks need of one page.
#[derive(Debug, Default)]
struct PageLinks {
    /// Its `id` attributes, the targets of `#anchor` links.
    ids: HashSet<String>,
    /// Every `href` then every `src` value, each once, in page order.
    links: Vec<String>,
}

impl LinkIndex {
    /// The index of some finished files.
    pub fn from_outputs(outputs: &[Output]) -> Self {
        let index = Self::default();
        for o in outputs {
            index.add(o);
        }
        index
    }

    /// Records the ids and links of `output` if it is a page, and the ids of an SVG file
    /// (pages show a chart file's `<view id="chart">` as `….svg#chart`).
    pub fn add(&self, output: &Output) {
        let is_svg = output.path.ends_with(".svg");
        if !output.path.ends_with(".html") && !is_svg {
            return;
        }
        let text = std::str::from_utf8(&output.bytes).unwrap_or_default();
        let page = PageLinks {
            ids: attr_values(text, "id").collect(),
            links: if is_svg {
                Vec::new()
            } else {
                let mut seen = HashSet::new();
                attr_values(text, "href")
                    .chain(attr_values(text, "src"))
                    .filter(|u| seen.insert(u.clone()))
                    .collect()
            },
        };
        if let Ok(mut pages) = self.pages.lock() {
            pages.insert(output.path.clone(), page);
        }
    }

    /// Checks every internal link of the pages among `outputs` (the site's files, sorted by
    /// path; their bytes are not needed) under `base_path`; each problem names the page.
    pub fn check(&self, outputs: &[Output], base_path: &str) -> Diagnostics {
        let mut diags = Diagnostics::new();
        for b in self.broken(outputs, base_path) {
            diags.push(
                Diagnostic::error(format!("/{}: {}", b.page, b.message(base_path))).help(b.help()),
            );
        }
        diags
    }

    /// The internal links of the pages among `outputs` that do not resolve, in page order.
    pub fn broken(&self, outputs: &[Output], base_path: &str) -> Vec<Broken> {
        let mut out = Vec::new();
        let Ok(pages) = self.pages.lock() else {
            return out;
        };
        let paths: HashSet<&str> = outputs.iter().map(|o| o.path.as_str()).collect();
        for o in outputs {
            let Some(page) = pages.get(&o.path) else {
                continue;
            };
            for url in page.links.iter().filter(|u| !is_external(u)) {
                out.extend(check_link(&o.path, url, base_path, &paths, &pages));
            }
        }
        out
    }

    /// External http(s) addresses of the pages, each with the first page (by path) linking
    /// to it.
    pub fn external_links(&self) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        let Ok(pages) = self.pages.lock() else {
            return out;
        };
        let mut paths: Vec<&String> = pages.keys().collect();
        paths.sort();
        for path in paths {
            for url in &pages[path].links {
                if url.starts_with("https://") || url.starts_with("http://") {
                    out.entry(url.clone()).or_insert_with(|| format!("/{path}"));
                }
            }
        }
        out
    }
}

impl Sink for LinkIndex {
    fn emit(&self, output: Output) -> Output {
        self.add(&output);
        Output {
            path: output.path,
            bytes: Default::default(),
        }
    }

    // Files written in pieces are the data downloads: no page, nothing to keep.
    fn stream(&self, path: &str) -> Option<Box<dyn std::io::Write + Send + '_>> {
        debug_assert!(!path.ends_with(".html"));
        Some(Box::new(std::io::sink()))
    }
}

/// Checks every internal link of every HTML output.
pub fn check_links(outputs: &[Output], base_path: &str) -> Diagnostics {
    LinkIndex::from_outputs(outputs).check(outputs, base_path)
}

/// Why an internal link does not resolve.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Problem {
    /// Root-relative, but not under the base path.
    LeavesBasePath,
    /// No file at the address.
    NoSuchFile,
    /// The page exists, the id does not.
    MissingAnchor(String),
}

/// An internal link of a rendered page that does not resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    /// Output path of the page.
    pub page: String,
    /// The address as the page has it.
    pub url: String,
    /// The output path it resolves to (none when it leaves out the base path).
    pub target: Option<String>,
    /// Its `#anchor`, if any.
    pub anchor: Option<String>,
    /// What is wrong.
    pub problem: Problem,
}

impl Broken {
    /// What is wrong, in plain words, without the page.
    pub fn message(&self, base_path: &str) -> String {
        let url = &self.url;
        match &self.problem {
            Problem::LeavesBasePath => format!(
                "the link `{url}` leaves out the site's base path {base_path}, so it breaks when the site is published there"
            ),
            Problem::NoSuchFile => {
                format!("the link `{url}` points to a page or file that does not exist")
            }
            Problem::MissingAnchor(a) => format!("link `{url}` points to a missing anchor #{a}"),
        }
    }

    /// How to fix it.
    pub fn help(&self) -> &'static str {
        match self.problem {
            Problem::LeavesBasePath => {
                "in templates, build links from site.base_path or the hrefs the page receives, e.g. {{ site.base_path }}cities/; in Markdown, links starting with / are adjusted for you"
            }
            Problem::NoSuchFile => "fix the link, or add the page it points to",
            Problem::MissingAnchor(_) => "check the heading or id the link should point to",
        }
    }
}

/// The problem with the internal link `url` of the page at `from`, if any.
fn check_link(
    from: &str,
    url: &str,
    base_path: &str,
    paths: &HashSet<&str>,
    pages: &HashMap<String, PageLinks>,
) -> Option<Broken> {
    let (path, anchor) = match url.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (url, None),
    };
    let broken = |target: Option<&str>, problem| Broken {
        page: from.to_string(),
        url: url.to_string(),
        target: target.map(str::to_string),
        anchor: anchor.map(str::to_string),
        problem,
    };
    let path = path.split('?').next().unwrap_or_default();
    let target = if path.is_empty() {
        from.to_string()
    } else if let Some(rest) = path.strip_prefix(base_path) {
        let rest = percent_decode(rest);
        if rest.is_empty() || rest.ends_with('/') {
            format!("{rest}index.html")
        } else {
            rest
        }
    } else if path.starts_with('/') {
        return Some(broken(None, Problem::LeavesBasePath));
    } else {
        // Relative link: resolve against the page's folder.
        let dir = from.rsplit_once('/').map_or("", |(d, _)| d);
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
        return Some(broken(Some(&target), Problem::NoSuchFile));
    }
    if let Some(a) = anchor.filter(|a| !a.is_empty())
        && (target.ends_with(".html") || target.ends_with(".svg"))
        && !pages.get(&target).is_some_and(|p| p.ids.contains(a))
    {
        return Some(broken(Some(&target), Problem::MissingAnchor(a.into())));
    }
    None
}

/// `%xx` escapes decoded (invalid UTF-8 replaced).
pub(super) fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A slash-separated path with `.` and `..` resolved and empty parts dropped.
pub(super) fn normalize(path: &str) -> String {
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

    #[test]
    fn a_chart_files_view_is_an_anchor_and_a_missing_one_is_reported() {
        let outputs = vec![
            page(
                "index.html",
                r##"<img src="/c/w.svg#chart"><img src="/c/w.svg#chart-2"><img src="/c/x.png#p">"##,
            ),
            page(
                "c/w.svg",
                r#"<svg xmlns="http://www.w3.org/2000/svg"><view id="chart" viewBox="0 0 1 1"/><a href="/nowhere/">x</a></svg>"#,
            ),
            page("c/x.png", ""),
        ];
        let msgs: Vec<String> = check_links(&outputs, "/")
            .iter()
            .map(|d| d.message.clone())
            .collect();
        // An SVG's ids are targets; its own links are not checked, nor a PNG's fragment.
        assert_eq!(
            msgs,
            ["/index.html: link `/c/w.svg#chart-2` points to a missing anchor #chart-2"]
        );
    }

    #[test]
    fn as_a_sink_it_keeps_what_the_checks_need_and_drops_the_bytes() {
        let index = LinkIndex::default();
        let kept: Vec<Output> = vec![
            page(
                "b/index.html",
                r#"<a href="https://y.org/">y</a><a href="/a/#x">a</a><a href="/a/#gone">g</a>"#,
            ),
            page(
                "a/index.html",
                r#"<p id="x"></p><a href="https://y.org/">y</a><img src="/logo.svg">"#,
            ),
            page("logo.svg", "<svg/>"),
        ]
        .into_iter()
        .map(|o| index.emit(o))
        .collect();
        assert!(kept.iter().all(|o| o.bytes.is_empty()));
        let mut sorted = kept.clone();
        sorted.sort_by(|a, b| a.path.cmp(&b.path));
        let d = index.check(&sorted, "/");
        let msgs: Vec<&str> = d.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            msgs,
            ["/b/index.html: link `/a/#gone` points to a missing anchor #gone"]
        );
        let external = index.external_links();
        assert_eq!(external.len(), 1);
        assert_eq!(
            external["https://y.org/"], "/a/index.html",
            "first page by path"
        );
    }
}
