//! The search stage: the static search index of each language (`search/index.json` under the
//! language folder), searched in the browser.

pub mod cache;
pub mod doc;

pub use cache::SearchCache;
pub use doc::{SearchDoc, fold};

use doc::excerpt;

use std::collections::BTreeMap;

use crate::model::content::Content;
use crate::model::country;
use crate::model::language::Language;
use crate::render::urls::{Urls, indicator_path};
use crate::render::{Output, Sink, emit};

/// What the search stage made.
#[derive(Debug)]
pub struct SearchIndexes {
    /// One index file per language, in the order of the site's languages.
    pub files: Vec<Output>,
    /// Entries of an index: every language indexes the same pages, so the default
    /// language's count stands for all.
    pub entries: usize,
    /// Size of the default language's index, in bytes.
    pub bytes: usize,
}

/// Runs the stage: the index of every language, each handed to `sink` once made.
pub fn build(
    content: &Content,
    languages: &[Language],
    urls: &Urls,
    sink: Option<&dyn Sink>,
    cache: Option<&SearchCache>,
) -> SearchIndexes {
    let (files, entries): (Vec<Output>, Vec<usize>) = languages
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let urls = urls.for_language(&l.code, i == 0);
            search_index(content, &urls, &l.code, i == 0, cache)
        })
        .unzip();
    SearchIndexes {
        entries: entries.first().copied().unwrap_or(0),
        bytes: files.first().map_or(0, |o| o.bytes.len()),
        files: files.into_iter().map(|o| emit(sink, o)).collect(),
    }
}

/// A city's entry in the search index. Every name the city declares is searchable in every
/// language, so a reader finds "Олесунн" and "Ålesund" alike; `countries` are the CLDR names
/// of this language (`None` in the default language).
fn city_doc(
    e: &crate::model::content::CityEntry,
    urls: &Urls,
    lang: &str,
    countries: Option<&BTreeMap<String, String>>,
) -> SearchDoc {
    let c = &e.city;
    let name = c.name_in(lang);
    let country = country::country_of(c, countries);
    let mut words = vec![c.name.as_str()];
    words.extend(c.names.values().map(String::as_str));
    words.push(&c.country);
    if country != c.country {
        words.push(country);
    }
    words.push(c.region.as_deref().unwrap_or(""));
    let mut s = fold(&words.join(" "));
    let mut x = format!("{name}, {country}");
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
        t: format!("{name}, {country}"),
        u: urls.city(&c.slug),
        k: "city",
        s,
        x,
    }
}

/// Every entry of the search index of one language (`is_default`: the site's default language,
/// whose countries are shown as written). With the dev server's `cache`, the entries of cities
/// that did not change are reused.
pub fn search_docs(
    content: &Content,
    urls: &Urls,
    lang: &str,
    is_default: bool,
    cache: Option<&SearchCache>,
) -> Vec<SearchDoc> {
    let catalog = &content.catalog;
    let tr = content.catalog_translations.get(lang);
    let name_of = |map: Option<&std::collections::BTreeMap<String, String>>, en: &str| {
        map.and_then(|m| m.get(en))
            .cloned()
            .unwrap_or_else(|| en.to_string())
    };
    let countries =
        (!is_default).then(|| country::names_in(content.cities.iter().map(|e| &e.city), lang));
    use rayon::prelude::*;
    let mut docs: Vec<SearchDoc> = content
        .cities
        .par_iter()
        .map(|e| match cache {
            Some(c) => c.search_doc(e, lang, &urls.city(&e.city.slug), || {
                city_doc(e, urls, lang, countries.as_ref())
            }),
            None => city_doc(e, urls, lang, countries.as_ref()),
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
    is_default: bool,
    cache: Option<&SearchCache>,
) -> (Output, usize) {
    let docs = search_docs(content, urls, lang, is_default, cache);
    let mut bytes = serde_json::to_vec(&docs).unwrap_or_default();
    bytes.push(b'\n');
    let output = Output {
        path: format!("{}search/index.json", urls.prefix()),
        bytes: bytes.into(),
    };
    (output, docs.len())
}
