//! Files for search engines, feed readers and data tools: `sitemap.xml`, `robots.txt`,
//! `atom.xml`, and the static search index.

use std::fmt::Write as _;

use serde::Serialize;

use crate::config::SiteConfig;
use crate::content::Content;
use crate::render::Output;
use crate::render::i18n::Language;
use crate::render::urls::{Urls, city_path, indicator_path};

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

/// `sitemap.xml` listing every HTML page except the 404 page, with `hreflang` alternates.
pub fn sitemap(outputs: &[Output], urls: &Urls, languages: &[Language]) -> Output {
    // (language index, path within the language) of every page.
    let mut pages: Vec<(usize, String)> = Vec::new();
    for o in outputs
        .iter()
        .filter(|o| o.path.ends_with(".html") && o.path != "404.html")
    {
        let path = o.path.strip_suffix("index.html").unwrap_or(&o.path);
        let lang = languages
            .iter()
            .enumerate()
            .skip(1)
            .find(|(_, l)| path.starts_with(&format!("{}/", l.code)));
        match lang {
            Some((i, l)) => pages.push((i, path[l.code.len() + 1..].to_string())),
            None => pages.push((0, path.to_string())),
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

/// One entry of the search index.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SearchDoc {
    /// Title shown in results.
    pub t: String,
    /// Address.
    pub u: String,
    /// Kind: city, indicator, category, page, section.
    pub k: &'static str,
    /// Folded search text (lowercase ASCII words).
    pub s: String,
    /// Short excerpt.
    pub x: String,
    /// KPI code folded without separators ("enenws2c"), so a typed code ranks its KPI first.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub c: String,
}

/// Lowercase ASCII words, so "Ålesund" matches "alesund" and codes match in either form.
pub fn fold(s: &str) -> String {
    let ascii = deunicode::deunicode(s).to_lowercase();
    ascii
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '.')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn excerpt(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        return s.to_string();
    }
    let cut: String = s.chars().take(n).collect();
    match cut.rfind(' ') {
        Some(i) => format!("{}…", &cut[..i]),
        None => format!("{cut}…"),
    }
}

/// The search index of the site in one language.
/// A city's entry in the search index.
fn city_doc(e: &crate::content::CityEntry, urls: &Urls, lang: &str) -> SearchDoc {
    let c = &e.city;
    let mut s = fold(&format!(
        "{} {} {}",
        c.name,
        c.country,
        c.region.as_deref().unwrap_or("")
    ));
    let mut x = format!("{}, {}", c.name, c.country);
    if let Some(n) = e.translations.get(lang).or(e.narrative.as_ref()) {
        for h in &n.body.headings {
            s.push(' ');
            s.push_str(&fold(&h.text));
        }
        s.push(' ');
        s.push_str(&fold(&excerpt(&n.body.text, 600)));
        x = excerpt(&n.body.text, 160);
    }
    SearchDoc {
        c: String::new(),
        t: format!("{}, {}", c.name, c.country),
        u: urls.city(&c.slug),
        k: "city",
        s,
        x,
    }
}

/// Every entry of the search index of one language. With the dev server's `cache`, the
/// entries of cities that did not change are reused.
pub fn search_docs(
    content: &Content,
    urls: &Urls,
    lang: &str,
    cache: Option<&crate::render::cache::RenderCache>,
) -> Vec<SearchDoc> {
    let catalog = &content.catalog;
    let tr = content.catalog_translations.get(lang);
    let name_of = |map: Option<&std::collections::BTreeMap<String, String>>, en: &str| {
        map.and_then(|m| m.get(en))
            .cloned()
            .unwrap_or_else(|| en.to_string())
    };
    use rayon::prelude::*;
    let mut docs: Vec<SearchDoc> = content
        .cities
        .par_iter()
        .map(|e| match cache {
            Some(c) => c.search_doc(e, lang, &urls.city(&e.city.slug), || {
                city_doc(e, urls, lang)
            }),
            None => city_doc(e, urls, lang),
        })
        .collect();
    for k in &catalog.kpis {
        let d = &catalog.dimensions[k.dimension];
        let sub = &d.subdimensions[k.subdimension];
        let cat = &sub.categories[k.category];
        let text = tr.and_then(|t| t.kpis.get(&k.id));
        let name = text.map_or(k.name.clone(), |t| t.name.clone());
        let definition = text
            .and_then(|t| t.definition.clone())
            .unwrap_or_else(|| k.definition.clone());
        let cat_name = name_of(tr.map(|t| &t.categories), &cat.name);
        // English names stay searchable in every language: codes and names are often quoted in English.
        let s = fold(&format!(
            "{} {} {} {} {} {} {} {}",
            k.code,
            k.code.replace(": ", ""),
            k.id,
            k.id.replace('-', ""),
            name,
            k.name,
            cat_name,
            definition
        ));
        docs.push(SearchDoc {
            t: format!("{name} ({})", k.code),
            u: urls.href(&indicator_path(&k.slug)),
            k: "indicator",
            s,
            x: definition,
            c: k.id.to_lowercase().replace('-', ""),
        });
    }
    for d in &catalog.dimensions {
        let dname = name_of(tr.map(|t| &t.dimensions), &d.name);
        docs.push(SearchDoc {
            c: String::new(),
            t: dname.clone(),
            u: urls.href(&format!("dimensions/{}/", d.slug)),
            k: "dimension",
            s: fold(&format!("{dname} {}", d.name)),
            x: String::new(),
        });
        for sub in &d.subdimensions {
            let sname = name_of(tr.map(|t| &t.subdimensions), &sub.name);
            for c in &sub.categories {
                let cname = name_of(tr.map(|t| &t.categories), &c.name);
                docs.push(SearchDoc {
                    c: String::new(),
                    t: format!("{cname} ({sname})"),
                    u: urls.href(&format!("dimensions/{}/#{}", d.slug, c.slug)),
                    k: "category",
                    s: fold(&format!("{cname} {sname} {} {}", c.name, sub.name)),
                    x: dname.clone(),
                });
            }
        }
    }
    for p in &content.pages {
        let (meta, body) = match p.translations.get(lang) {
            Some(t) => (&t.meta, &t.body),
            None => (&p.meta, &p.body),
        };
        let mut s = fold(&format!("{} {}", meta.title, meta.description));
        s.push(' ');
        s.push_str(&fold(&excerpt(&body.text, 2000)));
        docs.push(SearchDoc {
            c: String::new(),
            t: meta.title.clone(),
            u: urls.href(&format!("about/{}/", p.slug)),
            k: "page",
            s,
            x: meta.description.clone(),
        });
        for h in body.headings.iter().filter(|h| h.level == 2) {
            docs.push(SearchDoc {
                c: String::new(),
                t: format!("{} › {}", meta.title, h.text),
                u: urls.href(&format!("about/{}/#{}", p.slug, h.id)),
                k: "section",
                s: fold(&h.text),
                x: String::new(),
            });
        }
    }
    docs
}

/// The search index file of one language (`search/index.json` under the language folder), and
/// its number of entries.
pub fn search_index(
    content: &Content,
    urls: &Urls,
    lang: &str,
    cache: Option<&crate::render::cache::RenderCache>,
) -> (Output, usize) {
    let docs = search_docs(content, urls, lang, cache);
    let mut bytes = serde_json::to_vec(&docs).unwrap_or_default();
    bytes.push(b'\n');
    let output = Output {
        path: format!("{}search/index.json", urls.prefix()),
        bytes: bytes.into(),
    };
    (output, docs.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_makes_accents_and_codes_searchable() {
        assert_eq!(fold("Ålesund"), "alesund");
        assert_eq!(fold("EN: EN: WS: 2C"), "en en ws 2c");
        assert_eq!(fold("PM2.5"), "pm2.5");
    }

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
