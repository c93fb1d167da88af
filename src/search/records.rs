//! What the search indexes of one language: a record per city profile, indicator, dimension,
//! category and background page, made from the text the load stage already has (feeding
//! the index the rendered pages would parse every page a second time).

use std::collections::BTreeMap;

use crate::model::catalog::Kpi;
use crate::model::content::{CityEntry, Content};
use crate::model::country;
use crate::render::urls::{Urls, indicator_path};

use super::cache::SearchCache;
use super::record::{Record, compact_code};

/// A city's record: its names, country and region first, then its narrative in `lang` (or the
/// default one), headings included. Every name the city declares is searchable in every
/// language, so a reader finds "Олесунн" and "Ålesund" alike; `countries` are the CLDR names of
/// this language (`None` in the default language).
fn city_record(
    e: &CityEntry,
    urls: &Urls,
    lang: &str,
    countries: Option<&BTreeMap<String, String>>,
) -> Record {
    let c = &e.city;
    let name = c.name_in(lang);
    let country = country::country_of(c, countries);
    let mut text = format!("{name}, {country}.");
    for other in std::iter::once(&c.name).chain(c.names.values()) {
        if other != name {
            text.push(' ');
            text.push_str(other);
            text.push('.');
        }
    }
    if country != c.country {
        text.push(' ');
        text.push_str(&c.country);
        text.push('.');
    }
    if let Some(region) = &c.region {
        text.push(' ');
        text.push_str(region);
        text.push('.');
    }
    if let Some(n) = e.translations.get(lang).or(e.narrative.as_ref()) {
        for h in &n.body.headings {
            text.push(' ');
            text.push_str(&h.text);
            text.push('.');
        }
        text.push(' ');
        // A citation's value is formatted by the render stage; its private-use marker would
        // show in the result's excerpt as an unknown character, so it is left out.
        text.push_str(&crate::model::markers::fill_placeholders(
            &n.body.text,
            |_| String::new(),
        ));
    }
    Record {
        url: urls.city(&c.slug),
        title: format!("{name}, {country}"),
        text,
        code: None,
        names: std::iter::once(&c.name)
            .chain(c.names.values())
            .cloned()
            .collect(),
    }
}

/// An indicator's record. Codes are written in both styles, and the English name stays
/// searchable in every language: codes and names are often quoted in English.
fn kpi_record(content: &Content, k: &Kpi, urls: &Urls, lang: &str) -> Record {
    let catalog = &content.catalog;
    let tr = content.catalog_translations.get(lang);
    let cat = &catalog.dimensions[k.dimension].subdimensions[k.subdimension].categories[k.category];
    let text = tr.and_then(|t| t.kpis.get(&k.id));
    let name = text.map_or(k.name.clone(), |t| t.name.clone());
    let definition = text
        .and_then(|t| t.definition.clone())
        .unwrap_or_else(|| k.definition.clone());
    let cat_name = translated(tr.map(|t| &t.categories), &cat.name);
    let english = if name == k.name { "" } else { &k.name };
    Record {
        url: urls.href(&indicator_path(&k.slug)),
        title: format!("{name} ({})", k.code),
        text: format!(
            "{name} {} {}. {english} {cat_name}. {definition}",
            k.code,
            k.id.to_lowercase()
        ),
        code: Some(compact_code(&k.id)),
        names: Vec::new(),
    }
}

/// A catalog name in the page language, or the English one.
fn translated(map: Option<&BTreeMap<String, String>>, en: &str) -> String {
    map.and_then(|m| m.get(en))
        .cloned()
        .unwrap_or_else(|| en.to_string())
}

/// Every record of one language, in a fixed order (cities, indicators, dimensions and their
/// categories, background pages and their sections). With the dev server's `cache`, the
/// records of cities that did not change are reused.
pub fn records(
    content: &Content,
    urls: &Urls,
    lang: &str,
    is_default: bool,
    cache: Option<&SearchCache>,
) -> Vec<Record> {
    use rayon::prelude::*;
    let countries =
        (!is_default).then(|| country::names_in(content.cities.iter().map(|e| &e.city), lang));
    let mut out: Vec<Record> = content
        .cities
        .par_iter()
        .map(|e| match cache {
            Some(c) => c.record(e, lang, &urls.city(&e.city.slug), || {
                city_record(e, urls, lang, countries.as_ref())
            }),
            None => city_record(e, urls, lang, countries.as_ref()),
        })
        .collect();
    let catalog = &content.catalog;
    out.extend(
        catalog
            .kpis
            .iter()
            .map(|k| kpi_record(content, k, urls, lang)),
    );
    let tr = content.catalog_translations.get(lang);
    for d in &catalog.dimensions {
        let dname = translated(tr.map(|t| &t.dimensions), &d.name);
        out.push(Record {
            url: urls.href(&format!("dimensions/{}/", d.slug)),
            title: dname.clone(),
            text: format!("{dname}. {}", d.name),
            code: None,
            names: Vec::new(),
        });
        for sub in &d.subdimensions {
            let sname = translated(tr.map(|t| &t.subdimensions), &sub.name);
            for c in &sub.categories {
                let cname = translated(tr.map(|t| &t.categories), &c.name);
                out.push(Record {
                    url: urls.href(&format!("dimensions/{}/#{}", d.slug, c.slug)),
                    title: format!("{cname} ({sname})"),
                    text: format!("{cname}. {sname}. {dname}. {} {}", c.name, sub.name),
                    code: None,
                    names: Vec::new(),
                });
            }
        }
    }
    for p in &content.pages {
        let (meta, body) = match p.translations.get(lang) {
            Some(t) => (&t.meta, &t.body),
            None => (&p.meta, &p.body),
        };
        out.push(Record {
            url: urls.href(&format!("about/{}/", p.slug)),
            title: meta.title.clone(),
            text: format!("{}. {}. {}", meta.title, meta.description, body.text),
            code: None,
            names: Vec::new(),
        });
    }
    out
}
