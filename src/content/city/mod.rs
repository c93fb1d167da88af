//! Parses one city's evaluation data, `content/cities/<slug>/city.toml`, into a
//! `model::city::City` (the types live in `model/city.rs`; the engine scores them).
//!
//! Values come in many forms (plain number, table with year and source, raw numerator and
//! denominator, data points, time series, status strings, yes/no). Each is checked against the
//! catalog here (`value.rs`), so the engine only ever sees values that make sense.

mod value;

use std::collections::BTreeMap;
use std::ops::Range;

use toml::de::DeValue;

use self::value::{ValueCtx, check_year, read_value};
use super::toml_reader::{Reader, Table, number, type_name};
use crate::diagnostics::{Diagnostics, SourceFile, WarningKind, did_you_mean, line_col};
use crate::model::catalog::{Catalog, CodeStyle};
use crate::model::city::{City, Evaluation, KpiValue, ReportedShare, Source};
use crate::model::placeholders::{self, FORM_YEAR, Field};

const CITY_KEYS: &[&str] = &[
    "name",
    "names",
    "country",
    "country_code",
    "region",
    "population",
    "population_year",
    "area_km2",
    "location",
    "evaluation",
    "sources",
    "draft",
    "values",
];
/// Parses a city file; returns the city if the file is usable, plus every problem found.
/// The languages of `names` are not checked against a site (see [`parse_city_for`]).
pub fn parse_city(slug: &str, file: &SourceFile, catalog: &Catalog) -> (Option<City>, Diagnostics) {
    parse_city_for(slug, file, catalog, None)
}

/// [`parse_city`] for a site whose other languages are `langs` (the default language not
/// included): a name in `names` for any other language is reported.
pub fn parse_city_for(
    slug: &str,
    file: &SourceFile,
    catalog: &Catalog,
    langs: Option<&[String]>,
) -> (Option<City>, Diagnostics) {
    let mut r = Reader::new(file);
    let Some(doc) = r.parse() else {
        return (None, r.diags);
    };
    let whole = doc.span();
    let t = doc.get_ref();
    r.reject_unknown(t, CITY_KEYS, "in a city file");
    let name = r.req_str(t, whole.clone(), "name", "the city's name");
    warn_placeholder(&mut r, t, "name", Field::CityName);
    let names = read_names(&mut r, t, langs);
    let country = r.req_str(t, whole.clone(), "country", "the country's name");
    let country_code = r.opt_str(t, "country_code");
    if let (Some(cc), Some(v)) = (&country_code, t.get("country_code"))
        && !(cc.len() == 2 && cc.chars().all(|c| c.is_ascii_uppercase()))
    {
        r.error(
            v.span(),
            format!("country_code `{cc}` is not a two-letter ISO code"),
            "write two capital letters, e.g. country_code = \"NO\"",
        );
    }
    let region = r.opt_str(t, "region");
    let population = r.opt_int(t, "population").and_then(|p| {
        if p < 0 {
            r.error(
                t["population"].span(),
                "population cannot be negative",
                "write the number of inhabitants",
            );
            None
        } else {
            Some(p as u64)
        }
    });
    let population_year = r.opt_int(t, "population_year").map(|y| y as i32);
    let area_km2 = r.opt_num(t, "area_km2");
    let location = read_location(&mut r, t);
    let draft = r.opt_bool(t, "draft").unwrap_or(false);
    let evaluation = read_evaluation(&mut r, t, &whole);
    let sources = read_sources(&mut r, t);
    let mut values = read_values(&mut r, t, catalog, &sources, evaluation.as_ref());
    values.sort_by_key(|v| v.kpi);
    let city = match (name, country, evaluation) {
        (Some(name), Some(country), Some(evaluation)) if !r.diags.has_errors() => Some(City {
            slug: slug.to_string(),
            name,
            names,
            country,
            country_code,
            region,
            population,
            population_year,
            area_km2,
            location,
            evaluation,
            sources,
            draft,
            values,
            file: file.clone(),
        }),
        _ => None,
    };
    (city, r.diags)
}

/// `names = { ru = "Олесунн" }`: the city's own name per language. A language the site does
/// not publish in is a warning, like a narrative for one, since the name is then never shown.
fn read_names(
    r: &mut Reader<'_>,
    t: &Table<'_>,
    langs: Option<&[String]>,
) -> BTreeMap<String, String> {
    let mut names = BTreeMap::new();
    let Some((nt, _)) = r.opt_table(t, "names") else {
        return names;
    };
    for (k, v) in nt.iter() {
        let code = k.get_ref().as_ref();
        let Some(name) = r.str(v, code) else { continue };
        if name.trim().is_empty() {
            r.error(
                v.span(),
                format!("the name for `{code}` is empty"),
                format!("write the city's name in that language, or remove `{code}`"),
            );
            continue;
        }
        if let Some(langs) = langs
            && !langs.iter().any(|l| l == code)
        {
            let help = match did_you_mean(code, langs.iter().map(String::as_str)) {
                Some(s) => format!("did you mean `{s}`?"),
                None if langs.is_empty() => {
                    "the site has one language: the city's `name` is the name shown".to_string()
                }
                None => format!(
                    "the site's other languages are {}; add [languages.{code}] to site.toml, or remove this name",
                    langs.join(", ")
                ),
            };
            r.warning_of(
                WarningKind::UnlistedLanguage,
                k.span(),
                format!(
                    "a name for language `{code}`, which is not one of the site's other languages"
                ),
                help,
            );
            continue;
        }
        names.insert(code.to_string(), name);
    }
    names
}

/// Warns when `key` still holds the value `init` or `new city` wrote there for someone to
/// replace: a warning, since the file is valid and the site builds.
fn warn_placeholder(r: &mut Reader<'_>, table: &Table<'_>, key: &str, field: Field) {
    if let Some(v) = table.get(key)
        && let DeValue::String(text) = v.get_ref()
        && let Some(p) = placeholders::value(field, text)
    {
        r.warning_of(WarningKind::Placeholder, v.span(), p.message(), p.help);
    }
}

/// `location = { lat, lon }`, checked to be on Earth.
fn read_location(r: &mut Reader<'_>, t: &Table<'_>) -> Option<(f64, f64)> {
    r.opt_table(t, "location").and_then(|(lt, span)| {
        r.reject_unknown(lt, &["lat", "lon"], "in location");
        let lat = r.opt_num(lt, "lat");
        let lon = r.opt_num(lt, "lon");
        match (lat, lon) {
            (Some(a), Some(o)) if (-90.0..=90.0).contains(&a) && (-180.0..=180.0).contains(&o) => {
                Some((a, o))
            }
            _ => {
                r.error(
                    span,
                    "location needs lat between -90 and 90 and lon between -180 and 180",
                    "write location = { lat = 37.27, lon = 9.87 }",
                );
                None
            }
        }
    })
}

/// The `evaluation` table: what the values come from and which year they describe.
fn read_evaluation(r: &mut Reader<'_>, t: &Table<'_>, whole: &Range<usize>) -> Option<Evaluation> {
    match r.opt_table(t, "evaluation") {
        Some((et, span)) => {
            r.reject_unknown(
                et,
                &[
                    "kind",
                    "published",
                    "data_year",
                    "complete",
                    "note",
                    "notes",
                    "reported_share",
                ],
                "in evaluation",
            );
            let kind = r
                .opt_str(et, "kind")
                .unwrap_or_else(|| "U4SSC evaluation".into());
            warn_placeholder(r, et, "kind", Field::EvaluationKind);
            // The form's date and data year could be a real evaluation's (synthetic sites
            // draw such dates); with the form's source still beside them, they are the form
            // left as written.
            if et
                .get("data_year")
                .is_some_and(|v| number(v.get_ref()) == Some(f64::from(FORM_YEAR)))
                && has_form_source(t)
            {
                warn_placeholder(r, et, "published", Field::EvaluationDate);
            }
            let published = r.opt_str(et, "published");
            if let (Some(p), Some(v)) = (&published, et.get("published"))
                && !valid_date(p)
            {
                r.error(
                    v.span(),
                    format!("published date `{p}` is not YYYY-MM or YYYY-MM-DD"),
                    "write e.g. published = \"2020-06\"",
                );
            }
            let published_year = published
                .as_deref()
                .filter(|p| valid_date(p))
                .and_then(|p| p.get(..4)?.parse::<i32>().ok());
            let data_year = match (et.get("data_year"), published_year) {
                (Some(v), _) => r.int(v, "data_year").map(|y| (check_year(r, v, y), false)),
                // Some reports (Riyadh's factsheet) print no data year at all: their values
                // carry the publication year, and the pages say so.
                (None, Some(y)) => Some((y, true)),
                (None, None) => {
                    r.error(
                        span,
                        "evaluation has no data_year",
                        "add data_year = 2020 (the year the values describe), or the report's published date if it prints no data year",
                    );
                    None
                }
            };
            let complete = r.opt_bool(et, "complete").unwrap_or(true);
            let note = r.opt_str(et, "note");
            let notes = r.opt_texts(et, "notes");
            let reported_share = read_reported_share(r, et);
            data_year.map(|(data_year, data_year_is_published)| Evaluation {
                kind,
                published,
                data_year,
                data_year_is_published,
                complete,
                note,
                notes,
                reported_share,
            })
        }
        None => {
            r.error(whole.start..whole.start, "missing `evaluation`", "add evaluation = { kind = \"U4SSC verification report\", published = \"2020-06\", data_year = 2020 }");
            None
        }
    }
}

/// The `values` table: one [`KpiValue`] per known KPI code, each code once.
fn read_values(
    r: &mut Reader<'_>,
    t: &Table<'_>,
    catalog: &Catalog,
    sources: &[Source],
    evaluation: Option<&Evaluation>,
) -> Vec<KpiValue> {
    // The table is read (and checked) even when the evaluation is unusable.
    let (Some((vt, _)), Some(evaluation)) = (r.opt_table(t, "values"), evaluation) else {
        return Vec::new();
    };
    // At its final size from the start: grown by pushing, a city's 91 values held room for
    // 128, and a 10,000-city site kept about 30 MB of that slack for the whole build.
    let mut values = Vec::with_capacity(vt.len());
    let ctx = ValueCtx {
        catalog,
        sources,
        evaluation,
    };
    let mut seen: BTreeMap<usize, Range<usize>> = BTreeMap::new();
    for (k, v) in vt.iter() {
        let code = k.get_ref().as_ref();
        let Some(ki) = catalog.index_of(code) else {
            let help = match catalog.closest(code) {
                Some(k) => format!(
                    "did you mean `{}` ({})?",
                    CodeStyle::of(code).write(k),
                    k.name
                ),
                None => {
                    "use a code from the indicators page, e.g. \"EN: EN: WS: 1C\" or EN-EN-WS-1C"
                        .into()
                }
            };
            r.error(k.span(), format!("unknown KPI code `{code}`"), help);
            continue;
        };
        if let Some(first) = seen.get(&ki) {
            let (line, _) = line_col(&r.file.text, first.start);
            r.error(
                k.span(),
                format!(
                    "KPI `{}` is given twice (also on line {line})",
                    catalog.kpis[ki].code
                ),
                "keep one of the two entries",
            );
            continue;
        }
        seen.insert(ki, k.span());
        if let Some(val) = read_value(r, &ctx, ki, k.span(), v) {
            values.push(val);
        }
    }
    values
}

fn valid_date(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: Range<usize>| b.get(r).is_some_and(|x| x.iter().all(u8::is_ascii_digit));
    let month_ok = |m: &str| m.parse::<u8>().is_ok_and(|m| (1..=12).contains(&m));
    match b.len() {
        7 => digits(0..4) && b[4] == b'-' && digits(5..7) && month_ok(&s[5..7]),
        10 => {
            digits(0..4)
                && b[4] == b'-'
                && digits(5..7)
                && month_ok(&s[5..7])
                && b[7] == b'-'
                && digits(8..10)
                && s[8..10].parse::<u8>().is_ok_and(|d| (1..=31).contains(&d))
        }
        _ => false,
    }
}

/// `reported_share = { core = 98, advanced = 59 }`: percentages as the evaluation prints them.
fn read_reported_share(r: &mut Reader<'_>, et: &Table<'_>) -> Option<ReportedShare> {
    let (t, span) = r.opt_table(et, "reported_share")?;
    r.reject_unknown(t, &["core", "advanced"], "in reported_share");
    let mut share = |key: &str| {
        let v = t.get(key)?;
        let n = r.num(v, key)?;
        if !(0.0..=100.0).contains(&n) {
            r.error(
                v.span(),
                format!("{key} share {n} is not a percentage between 0 and 100"),
                "write the percentage the report prints, e.g. core = 98",
            );
            return None;
        }
        Some(n)
    };
    let (core, advanced) = (share("core"), share("advanced"));
    match (core, advanced) {
        (Some(core), Some(advanced)) => Some(ReportedShare { core, advanced }),
        _ => {
            if t.get("core").is_none() || t.get("advanced").is_none() {
                r.error(
                    span,
                    "reported_share needs both core and advanced",
                    "write reported_share = { core = 98, advanced = 59 }",
                );
            }
            None
        }
    }
}

/// Whether a source still has the title or address `new city` wrote.
fn has_form_source(t: &Table<'_>) -> bool {
    let Some(DeValue::Array(items)) = t.get("sources").map(|v| v.get_ref()) else {
        return false;
    };
    items.iter().any(|item| {
        let DeValue::Table(st) = item.get_ref() else {
            return false;
        };
        [("title", Field::SourceTitle), ("url", Field::SourceUrl)]
            .iter()
            .any(|(key, field)| {
                st.get(*key).is_some_and(|v| {
                    matches!(v.get_ref(), DeValue::String(text) if placeholders::value(*field, text).is_some())
                })
            })
    })
}

fn read_sources(r: &mut Reader<'_>, t: &Table<'_>) -> Vec<Source> {
    let mut out = Vec::new();
    let Some(v) = t.get("sources") else {
        return out;
    };
    let DeValue::Array(items) = v.get_ref() else {
        r.error(
            v.span(),
            format!("`sources` must be a list, found {}", type_name(v.get_ref())),
            "write sources = [{ id = \"vr2020\", title = \"...\", url = \"https://...\" }]",
        );
        return out;
    };
    for item in items.iter() {
        let DeValue::Table(st) = item.get_ref() else {
            r.error(
                item.span(),
                "each source must be a table",
                "write { id = \"vr2020\", title = \"...\", url = \"https://...\" }",
            );
            continue;
        };
        r.reject_unknown(st, &["id", "title", "url"], "in a source");
        let id = r.req_str(st, item.span(), "id", "a short name that values refer to");
        let title = r.req_str(st, item.span(), "title", "the document's title");
        let url = r.opt_str(st, "url");
        warn_placeholder(r, st, "title", Field::SourceTitle);
        warn_placeholder(r, st, "url", Field::SourceUrl);
        if let (Some(u), Some(uv)) = (&url, st.get("url"))
            && !(u.starts_with("https://") || u.starts_with("http://"))
        {
            r.error(
                uv.span(),
                format!("source url `{u}` is not a web address"),
                "start it with https://",
            );
        }
        if let (Some(id), Some(title)) = (id, title) {
            if out.iter().any(|s: &Source| s.id == id) {
                r.error(
                    item.span(),
                    format!("source id `{id}` is used twice"),
                    "give every source its own id",
                );
            }
            out.push(Source { id, title, url });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::city::{Answer, Observation, Reading, Status, ValueData, Years};

    #[test]
    fn a_build_lets_go_of_unshared_city_texts_only() {
        use crate::model::content::{CityEntry, Content};
        use std::sync::Arc;
        let entry = |slug: &str| {
            Arc::new(CityEntry {
                city: City {
                    slug: slug.into(),
                    ..ok("\"EC-ICT-ICT-1C\" = 90")
                },
                narrative: None,
                translations: BTreeMap::new(),
            })
        };
        let shared = entry("shared");
        let mut content = Content {
            catalog: Catalog::u4ssc(),
            catalog_translations: BTreeMap::new(),
            cities: vec![entry("alone"), Arc::clone(&shared)],
            pages: Vec::new(),
        };
        content.release_city_texts();
        let (alone, kept) = (&content.cities[0].city, &content.cities[1].city);
        assert!(alone.file.text.is_empty());
        assert_eq!(alone.file.path, std::path::Path::new("city.toml"));
        // What the parse made of the text stays.
        assert!(alone.value(0).is_some());
        // A city the dev server's cache holds too keeps its text.
        assert!(kept.file.text.contains("EC-ICT-ICT-1C"));
    }

    #[test]
    fn decimals_are_read_as_written() {
        let parse = |text: &str| {
            let doc = format!("v = {text}");
            let t: toml::Spanned<toml::de::DeTable<'_>> = toml::de::DeTable::parse(&doc).unwrap();
            value::written_decimals(t.get_ref().get("v").unwrap())
        };
        assert_eq!(parse("97.00"), Some(2));
        assert_eq!(parse("86.5"), Some(1));
        assert_eq!(parse("97"), None);
        assert_eq!(parse("9.7e1"), None);
        assert_eq!(parse("1_000.250"), Some(3));
    }

    #[test]
    fn years_stay_ordered_replace_a_repeated_year_and_serialise_as_a_map() {
        let obs = |n: f64| Observation {
            answer: Answer::Number(n),
            inputs: None,
            decimals: None,
        };
        let mut y = Years::default();
        assert!(y.insert(2022, obs(2.0)).is_none());
        assert!(y.insert(2020, obs(1.0)).is_none());
        assert_eq!(y.insert(2022, obs(3.0)), Some(obs(2.0)));
        assert_eq!(y.keys().copied().collect::<Vec<_>>(), [2020, 2022]);
        assert_eq!(y.len(), 2);
        // The same JSON as the map it replaced.
        let map: BTreeMap<i32, Observation> = [(2022, obs(3.0)), (2020, obs(1.0))].into();
        assert_eq!(
            serde_json::to_string(&y).unwrap(),
            serde_json::to_string(&map).unwrap()
        );
        let reading = Reading { years: y };
        assert_eq!(reading.latest(), Some((2022, &obs(3.0))));
    }

    fn parse(values: &str) -> (Option<City>, Diagnostics) {
        let text = format!(
            "name = \"X\"\ncountry = \"Y\"\nevaluation = {{ kind = \"k\", published = \"2020-06\", data_year = 2019 }}\nsources = [{{ id = \"s\", title = \"T\" }}]\n[values]\n{values}"
        );
        parse_city("x", &SourceFile::new("city.toml", text), &Catalog::u4ssc())
    }

    fn ok(values: &str) -> City {
        let (c, d) = parse(values);
        assert!(
            !d.has_errors(),
            "{}",
            d.render(crate::diagnostics::MessageFormat::Short, false)
        );
        c.unwrap()
    }

    fn errors(values: &str) -> Vec<String> {
        let (c, d) = parse(values);
        assert!(c.is_none());
        d.sorted()
            .iter()
            .map(|d| crate::diagnostics::render_short(d))
            .collect()
    }

    #[test]
    fn every_value_form_is_read() {
        let c = ok(r#"EN-EN-WS-1C = 98.98
"EN: EN: WS: 2C" = { value = 86.26, year = 2018, source = "s", note = "n", verified = true }
EC-ICT-ICT-1C = { numerator = 41200, denominator = 52000 }
EC-ICT-ICT-4C = { 3g = 99.9, 4g = 98.1 }
SC-EH-H-1C = { series = { 2015 = 74.1, 2019 = 75.6 } }
EN-EN-AQ-2C = "not-reported"
SC-SH-SA-3A = "yes"
"#);
        assert_eq!(c.values.len(), 7);
        let cat = Catalog::u4ssc();
        let v = c.value(cat.index_of("EC-ICT-ICT-1C").unwrap()).unwrap();
        let ValueData::Single { reading } = &v.data else {
            panic!()
        };
        let (year, obs) = reading.latest().unwrap();
        assert_eq!(year, 2019);
        assert_eq!(obs.answer, Answer::Number(41200.0 / 52000.0 * 100.0));
        let v = c.value(cat.index_of("EC-ICT-ICT-4C").unwrap()).unwrap();
        let ValueData::Points { points } = &v.data else {
            panic!()
        };
        assert_eq!(
            points.keys().map(|k| &**k).collect::<Vec<_>>(),
            ["3g", "4g"]
        );
        let v = c.value(cat.index_of("SC-EH-H-1C").unwrap()).unwrap();
        let ValueData::Single { reading } = &v.data else {
            panic!()
        };
        assert_eq!(reading.years.len(), 2);
    }

    #[test]
    fn three_mistakes_are_reported_at_once_with_their_lines() {
        let e = errors(
            "EN-EN-WS-1C = 120\nEN-EN-WS-9C = 1\nEN-EN-WS-2C = { value = 3, source = \"nope\" }\n",
        );
        assert_eq!(e.len(), 3, "{e:?}");
        assert!(e[0].starts_with("city.toml:6:"), "{e:?}");
        assert!(e[0].contains("percentage"));
        assert!(
            e[1].starts_with("city.toml:7:") && e[1].contains("unknown KPI code"),
            "{e:?}"
        );
        assert!(
            e[2].starts_with("city.toml:8:") && e[2].contains("not declared"),
            "{e:?}"
        );
    }

    #[test]
    fn typical_mistakes_have_hints() {
        let e = errors("EN-EN-WS-1C = \"not-reportd\"\n");
        assert!(e[0].contains("did you mean \"not-reported\""), "{e:?}");
        let e = errors("SC-SH-SA-3A = 4\n");
        assert!(e[0].contains("yes/no"), "{e:?}");
        let e = errors("EN-EN-WS-1C = \"yes\"\n");
        assert!(e[0].contains("not yes/no"), "{e:?}");
        let e = errors("EC-ICT-ICT-1C = { numerator = 1, denominator = 0 }\n");
        assert!(e[0].contains("denominator is zero"), "{e:?}");
        let e = errors("EN-EN-WS-1C = { value = 3, year = 2031 }\n");
        assert!(e[0].contains("after the evaluation"), "{e:?}");
        let e = errors("EN-EN-WS-1C = 3\n\"EN: EN: WS: 1C\" = 4\n");
        assert!(e[0].contains("given twice (also on line 6)"), "{e:?}");
        let e = errors("EN-EN-WS-1C = { valeu = 3 }\n");
        assert!(
            e.iter().any(|m| m.contains("did you mean `value`")),
            "{e:?}"
        );
        let e = errors("EC-ICT-ICT-4C = 50\n");
        assert!(e[0].contains("per data point"), "{e:?}");
        let e = errors("EN-EN-WS-1C = -3\n");
        assert!(e[0].contains("negative"), "{e:?}");
    }

    #[test]
    fn spaced_status_is_accepted() {
        let c = ok("EN-EN-WS-1C = \"Not reported\"\n");
        assert!(matches!(
            c.values[0].data,
            ValueData::Status {
                status: Status::NotReported
            }
        ));
    }

    #[test]
    fn the_form_date_is_a_placeholder_only_beside_the_form_source() {
        let date_warnings = |source: &str| {
            let text = format!(
                "name = \"X\"\ncountry = \"Y\"\nevaluation = {{ kind = \"k\", published = \"{}\", data_year = {} }}\nsources = [{source}]\n[values]\n",
                placeholders::FORM_PUBLISHED,
                FORM_YEAR
            );
            let (_, d) = parse_city("x", &SourceFile::new("city.toml", text), &Catalog::u4ssc());
            d.iter()
                .filter(|d| d.message.contains("placeholder evaluation date"))
                .count()
        };
        // A real January report on data of the same year is not the form.
        assert_eq!(date_warnings("{ id = \"s\", title = \"T\" }"), 0);
        let form_url = format!(
            "{{ id = \"s\", title = \"T\", url = \"{}\" }}",
            placeholders::FORM_SOURCE_URL
        );
        assert_eq!(date_warnings(&form_url), 1);
        let form_title = format!(
            "{{ id = \"s\", title = \"{}\" }}",
            placeholders::FORM_SOURCE_TITLE
        );
        assert_eq!(date_warnings(&form_title), 1);
    }

    #[test]
    fn missing_required_fields_are_reported() {
        let f = SourceFile::new("city.toml", "country = 3\n");
        let (c, d) = parse_city("x", &f, &Catalog::u4ssc());
        assert!(c.is_none());
        let msgs: Vec<String> = d.sorted().iter().map(|d| d.message.clone()).collect();
        assert!(
            msgs.iter().any(|m| m.contains("missing `name`")),
            "{msgs:?}"
        );
        assert!(
            msgs.iter().any(|m| m.contains("`country` must be text")),
            "{msgs:?}"
        );
        assert!(
            msgs.iter().any(|m| m.contains("missing `evaluation`")),
            "{msgs:?}"
        );
    }
}
