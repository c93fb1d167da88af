//! Internal links written in Markdown (city narratives and background pages, every language),
//! checked against the files the build writes and reported at the link in the `.md` file the
//! user edits: the rendered page is not something they can open and fix.
//!
//! The links and their spans come from the load stage (`Rendered::links`), so nothing is
//! parsed again; each check is a hash-set lookup. Anchors need the target page's ids, which
//! only exist once the page is rendered: [`MarkdownLinks::sink`] keeps the ids of the few pages
//! an anchor points into as they go by.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::Mutex;

use super::links::{attr_values, normalize, percent_decode};
use crate::config::BrokenLinks;
use crate::content::markdown::rebase;
use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile, did_you_mean};
use crate::model::content::{Content, Rendered};
use crate::model::language::Language;
use crate::model::markers::FILE_BASE;
use crate::render::urls::{Urls, city_path};
use crate::render::{Output, Sink, emit};

/// One internal link of a Markdown file, as it appears on one page.
#[derive(Debug)]
struct MdLink {
    file: SourceFile,
    span: Range<usize>,
    /// The address as its author wrote it.
    written: String,
    /// Output path of the page showing it.
    page: String,
    /// Language folder of that page ("" or "fr/").
    prefix: String,
    /// The address on that page, base path and language folder applied.
    href: String,
    /// Output path it resolves to.
    target: String,
    anchor: Option<String>,
}

/// A link that does not resolve, by the page showing it, the output path it points to and its
/// anchor: the HTML link checker skips exactly these, so a link is reported once, at its source.
pub type LinkKey = (String, String, Option<String>);

/// Every internal link of the site's Markdown, with the ids of the pages they point into.
#[derive(Debug, Default)]
pub struct MarkdownLinks {
    links: Vec<MdLink>,
    /// Pages an anchor points into.
    wanted: HashSet<String>,
    ids: Mutex<HashMap<String, HashSet<String>>>,
    /// Language folders other than the default's ("fr/").
    folders: Vec<String>,
}

impl MarkdownLinks {
    /// The internal links of every narrative and background page, in every language each
    /// file is shown in (a missing translation shows the default language's file).
    pub fn new(content: &Content, languages: &[Language], urls: &Urls) -> Self {
        let mut me = Self {
            folders: languages
                .iter()
                .skip(1)
                .map(|l| format!("{}/", l.code))
                .collect(),
            ..Self::default()
        };
        for (i, lang) in languages.iter().enumerate() {
            let u = urls.for_language(&lang.code, i == 0);
            for entry in &content.cities {
                let n = entry.translations.get(&lang.code);
                if let Some(n) = n.or(entry.narrative.as_ref()) {
                    let page = format!("{}{}index.html", u.prefix(), city_path(&entry.city.slug));
                    me.add(&n.body, &n.file, &page, &u);
                }
            }
            for p in &content.pages {
                let (body, file) = match p.translations.get(&lang.code) {
                    Some(t) => (&t.body, &t.file),
                    None => (&p.body, &p.file),
                };
                let page = format!("{}about/{}/index.html", u.prefix(), p.slug);
                me.add(body, file, &page, &u);
            }
        }
        me
    }

    fn add(&mut self, body: &Rendered, file: &SourceFile, page: &str, urls: &Urls) {
        for l in &body.links {
            let Some((href, target, anchor)) = resolve(&l.url, page, urls) else {
                continue;
            };
            if anchor.is_some() {
                self.wanted.insert(target.clone());
            }
            self.links.push(MdLink {
                file: file.clone(),
                span: l.span.clone(),
                written: l.url.clone(),
                page: page.to_string(),
                prefix: urls.prefix().to_string(),
                href,
                target,
                anchor,
            });
        }
    }

    /// `inner`, keeping on the way the ids of the pages an anchor points into; `inner` itself
    /// when no link has an anchor.
    pub fn sink<'a>(&'a self, inner: Option<&'a dyn Sink>) -> IdSink<'a> {
        IdSink { links: self, inner }
    }

    /// Whether some link has an anchor, so the pages need watching as they are made.
    pub fn wants_ids(&self) -> bool {
        !self.wanted.is_empty()
    }

    /// Checks every link against the site's files (`outputs`, sorted by path; their bytes are
    /// not needed). Returns the diagnostics, each link once however many languages show it,
    /// and the broken links for the HTML checker to skip.
    pub fn check(&self, outputs: &[Output], mode: BrokenLinks) -> (Diagnostics, HashSet<LinkKey>) {
        let mut diags = Diagnostics::new();
        let mut broken = HashSet::new();
        let paths: HashSet<&str> = outputs.iter().map(|o| o.path.as_str()).collect();
        let ids = self.ids.lock().map(|i| i.clone()).unwrap_or_default();
        let mut reported: HashSet<(&std::path::Path, usize)> = HashSet::new();
        let mut suggestions = Suggestions::new(outputs, &self.folders);
        for l in &self.links {
            let d = if !paths.contains(l.target.as_str()) {
                missing_page(l, &mut suggestions)
            } else if let Some(a) = l.anchor.as_deref().filter(|a| !a.is_empty())
                && l.target.ends_with(".html")
                && !ids.get(&l.target).is_some_and(|i| i.contains(a))
            {
                missing_anchor(l, a, ids.get(&l.target))
            } else {
                continue;
            };
            broken.insert((l.page.clone(), l.target.clone(), l.anchor.clone()));
            if reported.insert((l.file.path.as_path(), l.span.start)) {
                let d = match mode {
                    BrokenLinks::Error => d,
                    BrokenLinks::Warn => Diagnostic {
                        severity: crate::diagnostics::Severity::Warning,
                        kind: crate::diagnostics::WarningKind::BrokenLink,
                        ..d
                    },
                };
                diags.push(d);
            }
        }
        (diags, broken)
    }
}

/// A sink that keeps the ids of the pages Markdown anchors point into and passes every file
/// on unchanged.
#[derive(Debug)]
pub struct IdSink<'a> {
    links: &'a MarkdownLinks,
    inner: Option<&'a dyn Sink>,
}

impl Sink for IdSink<'_> {
    fn emit(&self, output: Output) -> Output {
        if self.links.wanted.contains(&output.path) {
            let html = std::str::from_utf8(&output.bytes).unwrap_or_default();
            let ids = attr_values(html, "id").collect();
            if let Ok(mut all) = self.links.ids.lock() {
                all.insert(output.path.clone(), ids);
            }
        }
        emit(self.inner, output)
    }

    fn stream(&self, path: &str) -> Option<Box<dyn std::io::Write + Send + '_>> {
        self.inner?.stream(path)
    }
}

/// The address on the page, the output path and the anchor of an internal link written `url`
/// on the page at `page`; `None` for an external one. Root-relative links get the base path
/// and (pages only) the language folder, as the render stage gives them.
fn resolve(url: &str, page: &str, urls: &Urls) -> Option<(String, String, Option<String>)> {
    let scheme = url
        .split_once(':')
        .is_some_and(|(s, _)| !s.is_empty() && !s.contains(['/', '?', '#']));
    if scheme || url.starts_with("//") {
        return None;
    }
    let (path, anchor) = match url.split_once('#') {
        Some((p, a)) => (p, Some(a.to_string())),
        None => (url, None),
    };
    let path = path.split('?').next().unwrap_or_default();
    if path.is_empty() {
        return Some((url.to_string(), page.to_string(), anchor));
    }
    let Some(rest) = path.strip_prefix('/') else {
        let dir = page.rsplit_once('/').map_or("", |(d, _)| d);
        let joined = normalize(&percent_decode(&format!("{dir}/{path}")));
        let target = if path.ends_with('/') {
            format!("{joined}/index.html")
        } else {
            joined
        };
        return Some((
            url.to_string(),
            target.trim_start_matches('/').into(),
            anchor,
        ));
    };
    let base = urls.base_path();
    let under_base = base != "/" && rest.starts_with(&base[1..]);
    let href = if under_base {
        path.to_string()
    } else if rebase(path).is_some_and(|m| m.starts_with(FILE_BASE)) {
        urls.asset(rest)
    } else {
        urls.href(rest)
    };
    let local = percent_decode(href.strip_prefix(base).unwrap_or(&href));
    let target = if local.is_empty() || local.ends_with('/') {
        format!("{local}index.html")
    } else {
        local
    };
    Some((href, target, anchor))
}

/// How the user would write a link to an output file from a page in the language folder
/// `prefix`: `fr/cities/x/index.html` → `/cities/x/`; `None` for pages of other languages.
fn written_form(path: &str, prefix: &str, folders: &[String]) -> Option<String> {
    let local = if path.ends_with(".html") {
        let local = path.strip_prefix(prefix)?;
        if prefix.is_empty() && folders.iter().any(|f| local.starts_with(f.as_str())) {
            return None;
        }
        local
    } else {
        path
    };
    Some(match local.strip_suffix("index.html") {
        Some(dir) => format!("/{dir}"),
        None => format!("/{local}"),
    })
}

/// The address as the page has it, when it differs from what the author wrote.
fn shown(l: &MdLink) -> String {
    let path = l.written.split(['#', '?']).next().unwrap_or_default();
    if l.href == path || !path.starts_with('/') {
        return String::new();
    }
    let page = l.page.strip_suffix("index.html").unwrap_or(&l.page);
    format!(" (which becomes {} on /{page})", l.href)
}

/// The closest existing address to a broken one, worked out once per address and language
/// folder: a renamed page breaks the same link in every city's narrative, and comparing each
/// of those with every file of the site took minutes at 10,000 cities.
struct Suggestions<'a> {
    outputs: &'a [Output],
    folders: &'a [String],
    /// The site's addresses as an author writes them, per language folder.
    candidates: HashMap<String, Vec<String>>,
    /// Suggestion per (address as written, language folder).
    found: HashMap<(String, String), Option<String>>,
    /// How many addresses were compared with the site's: one per distinct broken address.
    compared: usize,
}

impl<'a> Suggestions<'a> {
    fn new(outputs: &'a [Output], folders: &'a [String]) -> Self {
        Self {
            outputs,
            folders,
            candidates: HashMap::new(),
            found: HashMap::new(),
            compared: 0,
        }
    }

    /// The existing address closest to `written` for a page in language folder `prefix`.
    fn closest(&mut self, written: &str, prefix: &str) -> Option<String> {
        let key = (written.to_string(), prefix.to_string());
        if let Some(s) = self.found.get(&key) {
            return s.clone();
        }
        let (outputs, folders) = (self.outputs, self.folders);
        let candidates = self
            .candidates
            .entry(prefix.to_string())
            .or_insert_with(|| {
                outputs
                    .iter()
                    .filter_map(|o| written_form(&o.path, prefix, folders))
                    .collect()
            });
        self.compared += 1;
        let s = did_you_mean(written, candidates.iter().map(String::as_str)).map(str::to_string);
        self.found.insert(key, s.clone());
        s
    }
}

fn missing_page(l: &MdLink, suggestions: &mut Suggestions<'_>) -> Diagnostic {
    let shown = shown(l);
    let mut d = Diagnostic::error(format!(
        "the link `{}`{shown} points to a page or file that does not exist",
        l.written
    ))
    .at(&l.file, Some(l.span.clone()));
    let written = l.written.split(['#', '?']).next().unwrap_or_default();
    let written = if written.starts_with('/') {
        written.to_string()
    } else {
        format!("/{}", l.target.strip_prefix(&l.prefix).unwrap_or(&l.target))
    };
    d = match suggestions.closest(&written, &l.prefix) {
        Some(s) if !l.prefix.is_empty() => d.help(format!(
            "did you mean `{s}`? (the language folder /{} is added for you)",
            l.prefix
        )),
        Some(s) => d.help(format!("did you mean `{s}`?")),
        None => d.help(
            "write an address of this site as it appears after its domain, without the language folder or base path, e.g. /cities/<city>/ or /about/<page>/; or add the page it points to",
        ),
    };
    d
}

fn missing_anchor(l: &MdLink, anchor: &str, ids: Option<&HashSet<String>>) -> Diagnostic {
    let d = Diagnostic::error(format!(
        "the link `{}`{} points to #{anchor}, which is not on the page it links to",
        l.written,
        shown(l)
    ))
    .at(&l.file, Some(l.span.clone()));
    let mut ids: Vec<&str> = ids.into_iter().flatten().map(String::as_str).collect();
    ids.sort_unstable();
    match did_you_mean(anchor, ids) {
        Some(s) => d.help(format!("did you mean `#{s}`?")),
        None => d.help("a heading's anchor is its text in lower case with hyphens (## Key findings → #key-findings); check the heading the link should point to"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::BaseUrl;

    fn urls(lang: &str) -> Urls {
        let u = Urls::new(BaseUrl::parse("https://example.org/repo/").unwrap());
        u.for_language(lang, lang == "en")
    }

    #[test]
    fn links_resolve_as_the_renderer_writes_them() {
        let fr = urls("fr");
        let page = "fr/about/x/index.html";
        let r = |url| resolve(url, page, &fr);
        assert_eq!(
            r("/cities/a/#top"),
            Some((
                "/repo/fr/cities/a/".into(),
                "fr/cities/a/index.html".into(),
                Some("top".into())
            ))
        );
        assert_eq!(r("/data/values.csv").unwrap().1, "data/values.csv");
        assert_eq!(r("/repo/cities/").unwrap().1, "cities/index.html");
        assert_eq!(r("../y/").unwrap().1, "fr/about/y/index.html");
        assert_eq!(r("#own").unwrap().1, page);
        assert_eq!(r("https://x.org/"), None);
        assert_eq!(r("mailto:a@b.org"), None);
        assert_eq!(r("//cdn.x/"), None);
    }

    #[test]
    fn output_files_are_offered_as_the_user_writes_links() {
        let fr = ["fr/".to_string()];
        let w = |path, prefix| written_form(path, prefix, &fr);
        assert_eq!(
            w("fr/cities/a/index.html", "fr/").as_deref(),
            Some("/cities/a/")
        );
        assert_eq!(w("fr/cities/a/index.html", ""), None);
        assert_eq!(w("cities/a/index.html", "fr/"), None);
        assert_eq!(
            w("data/values.csv", "fr/").as_deref(),
            Some("/data/values.csv")
        );
        assert_eq!(w("index.html", "").as_deref(), Some("/"));
    }

    #[test]
    fn a_broken_address_gets_one_suggestion_however_many_links_repeat_it() {
        let folders = ["fr/".to_string()];
        let outputs: Vec<Output> = [
            "about/methodology/index.html",
            "fr/about/methodology/index.html",
            "fr/about/sources/index.html",
            "cities/ulton/index.html",
        ]
        .into_iter()
        .map(|p| Output {
            path: p.to_string(),
            bytes: Vec::new().into(),
        })
        .collect();
        let mut s = Suggestions::new(&outputs, &folders);
        for _ in 0..3 {
            assert_eq!(
                s.closest("/about/methodolgy/", "").as_deref(),
                Some("/about/methodology/")
            );
        }
        // A French page is offered the French folder's pages, written without the folder.
        assert_eq!(
            s.closest("/about/source/", "fr/").as_deref(),
            Some("/about/sources/")
        );
        assert_eq!(s.closest("/about/source/", ""), None);
        // The site's addresses are listed once per language folder, each address compared once.
        assert_eq!(s.candidates.len(), 2);
        assert_eq!(s.compared, 3);
    }
}
