//! Broken links of the rendered pages reported at the template that wrote them: the user
//! edits `templates/404.html`, not `public/404.html`. Links whose origin is Markdown are
//! reported at the `.md` file instead (`check::markdown_links`) and skipped here.

use std::collections::HashSet;
use std::ops::Range;

use super::links::{Broken, Problem};
use super::markdown_links::LinkKey;
use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile};
use crate::render::env::TemplateSet;

/// Diagnostics for `broken` links, except those Markdown accounts for (`skip`), each at the
/// template line that has the link where one does, else at the page's template, with the page
/// as context. `folders` are the language folders other than the default's ("fr/").
pub fn report(
    broken: Vec<Broken>,
    skip: &HashSet<LinkKey>,
    templates: &TemplateSet,
    folders: &[String],
    base_path: &str,
) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let mut seen = HashSet::new();
    for b in broken {
        if let Some(target) = &b.target
            && skip.contains(&(b.page.clone(), target.clone(), b.anchor.clone()))
        {
            continue;
        }
        let message = format!("{} (on the page /{})", b.message(base_path), b.page);
        let page_template = template_of(&b.page, folders);
        let (d, key) = match locate(templates, page_template, &b.url, base_path) {
            Some((file, span)) => {
                let key = (file.path.clone(), Some(span.start), b.problem.clone());
                (Diagnostic::error(message).at(&file, Some(span)), key)
            }
            None => match page_template.and_then(|name| source_file(templates, name)) {
                Some(file) => {
                    let key = (file.path.clone(), None, b.problem.clone());
                    (Diagnostic::error(message).in_file(&file), key)
                }
                None => {
                    let key = (b.page.clone().into(), None, b.problem.clone());
                    (Diagnostic::error(message), key)
                }
            },
        };
        // One template line is shown on many pages (every city's, every language's): report
        // it once, with the first page as context.
        if !seen.insert((key, b.url.clone())) {
            continue;
        }
        diags.push(d.help(help(&b)));
    }
    diags
}

fn help(b: &Broken) -> &'static str {
    match b.problem {
        Problem::LeavesBasePath => b.help(),
        Problem::NoSuchFile => "fix the link in the template, or add the page it points to",
        Problem::MissingAnchor(_) => "check the id the template's link should point to",
    }
}

/// The template a page is rendered with, from its output path.
fn template_of(page: &str, folders: &[String]) -> Option<&'static str> {
    let local = folders
        .iter()
        .find_map(|f| page.strip_prefix(f.as_str()))
        .unwrap_or(page);
    let parts: Vec<&str> = local.split('/').collect();
    Some(match parts.as_slice() {
        ["index.html"] => "index.html",
        ["embed", "cities", ..] => "embed-city.html",
        ["embed", "indicators", ..] => "embed-indicator.html",
        ["404.html"] => "404.html",
        ["cities", "index.html"] => "cities.html",
        ["cities", _, ..] => "city.html",
        ["indicators", "index.html"] => "indicators.html",
        ["indicators", _, ..] => "indicator.html",
        ["dimensions", _, ..] => "dimension.html",
        ["sdgs", "index.html"] => "sdgs.html",
        ["sdgs", _, ..] => "sdg.html",
        ["compare", ..] => "compare.html",
        ["about", "index.html"] => "about.html",
        ["about", _, ..] => "page.html",
        ["data", ..] => "data.html",
        ["search", ..] => "search.html",
        _ => return None,
    })
}

/// The template file and span of the link `url`: written literally (`href="/cities/"`) or
/// as the base path followed by the rest (`{{ site.base_path }}cities/`). The page's own
/// template is searched first, then the site's templates, then the theme's.
fn locate(
    templates: &TemplateSet,
    first: Option<&str>,
    url: &str,
    base_path: &str,
) -> Option<(SourceFile, Range<usize>)> {
    let rest = url.strip_prefix(base_path).filter(|r| !r.is_empty());
    let find = |text: &str| -> Option<Range<usize>> {
        for quote in ['"', '\''] {
            if let Some(i) = text.find(&format!("{quote}{url}{quote}")) {
                return Some(i + 1..i + 1 + url.len());
            }
        }
        let rest = rest?;
        let i = text.find(&format!("}}}}{rest}"))?;
        let start = text[..i].rfind("{{").unwrap_or(i);
        Some(start..i + 2 + rest.len())
    };
    let mut names: Vec<&str> = first.into_iter().collect();
    let (own, theme): (Vec<_>, Vec<_>) = templates
        .templates
        .iter()
        .partition(|(_, (_, file))| file.is_some());
    names.extend(own.into_iter().chain(theme).map(|(n, _)| n.as_str()));
    names.into_iter().find_map(|name| {
        let file = source_file(templates, name)?;
        let span = find(&file.text)?;
        Some((file, span))
    })
}

/// The file of a template as diagnostics name it: the site's own, or the theme's.
fn source_file(templates: &TemplateSet, name: &str) -> Option<SourceFile> {
    Some(match templates.templates.get(name)? {
        (_, Some(f)) => f.clone(),
        (text, None) => SourceFile::new(format!("<default theme>/templates/{name}"), text.clone()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn broken(page: &str, url: &str, problem: Problem) -> Broken {
        Broken {
            page: page.into(),
            url: url.into(),
            target: Some("x/index.html".into()),
            anchor: None,
            problem,
        }
    }

    #[test]
    fn a_link_is_reported_at_the_template_line_that_has_it() {
        let mut own = BTreeMap::new();
        own.insert(
            "404.html".to_string(),
            SourceFile::new(
                "templates/404.html",
                "<h1>x</h1>\n<a href=\"/cities/\">c</a>\n",
            ),
        );
        let set = TemplateSet::new(own);
        let b = vec![
            broken("404.html", "/cities/", Problem::LeavesBasePath),
            broken(
                "fr/cities/a/index.html",
                "/repo/nowhere-at-all/",
                Problem::NoSuchFile,
            ),
        ];
        let mut b = b;
        b.push(broken(
            "cities/b/index.html",
            "/repo/nowhere-at-all/",
            Problem::NoSuchFile,
        ));
        let d = report(b, &HashSet::new(), &set, &["fr/".into()], "/repo/");
        let d: Vec<_> = d.iter().collect();
        assert_eq!(d.len(), 2, "the same template's link twice: {d:?}");
        assert_eq!(d[0].path_display().as_deref(), Some("templates/404.html"));
        assert_eq!(d[0].line_col(), Some((2, 10)));
        assert!(
            d[0].message.ends_with("(on the page /404.html)"),
            "{}",
            d[0].message
        );
        // Not in any template: the page's template is named, without a line.
        assert_eq!(
            d[1].path_display().as_deref(),
            Some("<default theme>/templates/city.html")
        );
        assert_eq!(d[1].line_col(), None);
    }

    #[test]
    fn links_markdown_reports_are_skipped() {
        let b = broken("a/index.html", "/x/", Problem::NoSuchFile);
        let skip: HashSet<LinkKey> = [("a/index.html".into(), "x/index.html".into(), None)].into();
        let d = report(vec![b], &skip, &TemplateSet::default(), &[], "/");
        assert!(d.is_empty());
    }
}
