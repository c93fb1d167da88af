//! Files for search engines and feed readers: `sitemap.xml`, `robots.txt` and `atom.xml`.

use std::fmt::Write as _;

use crate::config::SiteConfig;
use crate::model::content::Content;
use crate::model::language::Language;
use crate::render::Output;
use crate::render::urls::{Urls, city_path, is_embed};

/// Escapes text for XML.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// The stage: `sitemap.xml` listing the `pages`, `robots.txt` and `atom.xml`, in that order.
pub fn files(pages: &[Output], content: &Content, config: &SiteConfig, urls: &Urls) -> [Output; 3] {
    [
        sitemap(pages, urls, &config.languages),
        robots(urls),
        atom(content, config, urls),
    ]
}

/// `sitemap.xml` listing every HTML page except the 404 pages and the embeddable cards, with
/// `hreflang` alternates.
pub fn sitemap(outputs: &[Output], urls: &Urls, languages: &[Language]) -> Output {
    // (language index, path within the language) of every page.
    let mut pages: Vec<(usize, String)> = Vec::new();
    for o in outputs.iter().filter(|o| {
        o.path.ends_with(".html") && o.path != "404.html" && !o.path.ends_with("/404.html")
    }) {
        let path = o.path.strip_suffix("index.html").unwrap_or(&o.path);
        let lang = languages
            .iter()
            .enumerate()
            .skip(1)
            .find(|(_, l)| path.starts_with(&format!("{}/", l.code)));
        let (i, local) = match lang {
            Some((i, l)) => (i, &path[l.code.len() + 1..]),
            None => (0, path),
        };
        // Cards are for other sites' frames; search engines are sent to the full pages.
        if !is_embed(local) {
            pages.push((i, local.to_string()));
        }
    }
    let lang_urls: Vec<Urls> = languages
        .iter()
        .enumerate()
        .map(|(i, l)| urls.for_language(&l.code, i == 0))
        .collect();
    let have: std::collections::HashSet<(usize, &str)> =
        pages.iter().map(|(i, p)| (*i, p.as_str())).collect();
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for (i, path) in &pages {
        let own = lang_urls.get(*i).unwrap_or(urls);
        let _ = write!(s, "  <url><loc>{}</loc>", xml_escape(&own.absolute(path)));
        if languages.len() > 1 {
            for (j, l) in languages.iter().enumerate() {
                if have.contains(&(j, path.as_str())) {
                    let _ = write!(
                        s,
                        "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                        xml_escape(&l.code),
                        xml_escape(&lang_urls[j].absolute(path))
                    );
                }
            }
        }
        s.push_str("</url>\n");
    }
    s.push_str("</urlset>\n");
    Output {
        path: "sitemap.xml".into(),
        bytes: s.into_bytes().into(),
    }
}

/// `robots.txt` pointing to the sitemap.
pub fn robots(urls: &Urls) -> Output {
    Output {
        path: "robots.txt".into(),
        bytes: format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}\n",
            urls.absolute("sitemap.xml")
        )
        .into_bytes()
        .into(),
    }
}

/// RFC 3339 timestamp for a `YYYY-MM[-DD]` date (deterministic: no clock).
fn rfc3339(date: &str, fallback_year: i32) -> String {
    let parts: Vec<&str> = date.split('-').collect();
    match parts.as_slice() {
        [y, m] => format!("{y}-{m}-01T00:00:00Z"),
        [y, m, d] => format!("{y}-{m}-{d}T00:00:00Z"),
        _ => format!("{fallback_year}-01-01T00:00:00Z"),
    }
}

/// `atom.xml`: one entry per city, updated when its evaluation date changes.
pub fn atom(content: &Content, config: &SiteConfig, urls: &Urls) -> Output {
    let mut entries: Vec<(String, String)> = Vec::new();
    for e in &content.cities {
        let c = &e.city;
        let updated = rfc3339(
            c.evaluation.published.as_deref().unwrap_or(""),
            c.evaluation.data_year,
        );
        let url = urls.absolute(&city_path(&c.slug));
        let mut entry = String::new();
        let _ = write!(
            entry,
            "  <entry>\n    <title>{}</title>\n    <id>{}</id>\n    <link href=\"{}\"/>\n    <updated>{updated}</updated>\n    <summary>{}</summary>\n  </entry>\n",
            xml_escape(&format!("{}, {}: {}", c.name, c.country, c.evaluation.kind)),
            xml_escape(&url),
            xml_escape(&url),
            xml_escape(&format!(
                "Smart sustainable city profile of {} ({}), data for {}.",
                c.name, c.country, c.evaluation.data_year
            )),
        );
        entries.push((updated, entry));
    }
    entries.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let updated = entries
        .first()
        .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), |e| e.0.clone());
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n",
    );
    let _ = write!(
        s,
        "  <title>{}</title>\n  <subtitle>{}</subtitle>\n  <id>{}</id>\n  <link href=\"{}\"/>\n  <link rel=\"self\" href=\"{}\"/>\n  <updated>{updated}</updated>\n  <author><name>{}</name></author>\n",
        xml_escape(&config.title),
        xml_escape(&config.description),
        xml_escape(&urls.absolute("")),
        xml_escape(&urls.absolute("")),
        xml_escape(&urls.absolute("atom.xml")),
        xml_escape(if config.publisher.is_empty() {
            &config.title
        } else {
            &config.publisher
        }),
    );
    for (_, e) in entries {
        s.push_str(&e);
    }
    s.push_str("</feed>\n");
    Output {
        path: "atom.xml".into(),
        bytes: s.into_bytes().into(),
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_is_escaped() {
        assert_eq!(xml_escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
    }

    #[test]
    fn dates_become_rfc3339() {
        assert_eq!(rfc3339("2020-06", 2020), "2020-06-01T00:00:00Z");
        assert_eq!(rfc3339("", 2019), "2019-01-01T00:00:00Z");
    }
}
