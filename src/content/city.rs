//! One city's evaluation data: `content/cities/<slug>/city.toml`.
//!
//! Values come in many forms (plain number, table with year and source, raw numerator and
//! denominator, data points, time series, status strings, yes/no). Each is checked against the
//! catalog here, so the engine only ever sees values that make sense.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::Serialize;
use toml::de::DeValue;

use super::toml_reader::{Reader, Table, Value, number, type_name};
use crate::diagnostics::{Diagnostics, SourceFile, did_you_mean};
use crate::kpi::catalog::{Catalog, Direction, Kpi, data_point_key};

/// Why a KPI has no usable value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// The city did not report it.
    NotReported,
    /// It does not apply to this city.
    NotApplicable,
    /// A value exists but could not be verified, so it is not shown or scored.
    NotVerified,
}

impl Status {
    const ALL: [(&'static str, Status); 3] = [
        ("not-reported", Status::NotReported),
        ("not-applicable", Status::NotApplicable),
        ("not-verified", Status::NotVerified),
    ];

    /// Parses the spelling used in city files (case and spacing tolerant).
    pub fn parse(s: &str) -> Option<Self> {
        let k = data_point_key(s);
        Self::ALL.iter().find(|(n, _)| *n == k).map(|(_, s)| *s)
    }

    /// The spelling used in city files.
    pub fn as_str(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, s)| *s == self)
            .map_or("", |(n, _)| n)
    }
}

/// One observed answer.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Answer {
    /// A quantity in the KPI's unit.
    Number(f64),
    /// A yes/no answer.
    YesNo(bool),
}

/// One observation in one year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Observation {
    /// The value.
    pub answer: Answer,
    /// Raw inputs the value was computed from, if given as numerator and denominator.
    pub inputs: Option<(f64, f64)>,
    /// Decimals as written in the file ("97.00" has 2), so a profile shows the figure with
    /// the precision the report printed; `None` for whole numbers and computed values.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decimals: Option<u8>,
}

/// The decimals a number was written with: 2 for `97.00`, `None` for `97` or `9.7e1`.
pub fn written_decimals(v: &Value<'_>) -> Option<u8> {
    let DeValue::Float(f) = v.get_ref() else {
        return None;
    };
    let text = f.as_str();
    if text.contains(['e', 'E']) {
        return None;
    }
    let (_, frac) = text.split_once('.')?;
    // More than six printed decimals is noise (a computed figure), not precision to keep.
    let n = frac.replace('_', "").len();
    (n <= 6).then_some(n as u8)
}

/// Observations by year (one entry for a single value).
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Reading {
    /// Year → observation, ordered.
    pub years: Years,
}

/// Observations ordered by year, each year once. A sorted list rather than a `BTreeMap`:
/// most readings have one year, and a map's first node takes about 600 bytes for it, which
/// was half of a loaded city (91 readings).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Years(Vec<(i32, Observation)>);

impl Years {
    /// Sets the observation of `year`, returning the one it replaces.
    pub fn insert(&mut self, year: i32, obs: Observation) -> Option<Observation> {
        match self.0.binary_search_by_key(&year, |(y, _)| *y) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, obs)),
            Err(i) => {
                // Grown one at a time: a reading rarely has more than a few years.
                self.0.reserve_exact(1);
                self.0.insert(i, (year, obs));
                None
            }
        }
    }

    /// Years and observations, oldest first.
    pub fn iter(
        &self,
    ) -> impl DoubleEndedIterator<Item = (&i32, &Observation)> + ExactSizeIterator {
        self.0.iter().map(|(y, o)| (y, o))
    }

    /// The observations, oldest first, to change them in place.
    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut Observation> {
        self.0.iter_mut().map(|(_, o)| o)
    }

    /// The years, oldest first.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &i32> {
        self.0.iter().map(|(y, _)| y)
    }

    /// Number of years.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there is no observation.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'a> IntoIterator for &'a Years {
    type Item = (&'a i32, &'a Observation);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (i32, Observation)>,
        fn(&'a (i32, Observation)) -> (&'a i32, &'a Observation),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(y, o)| (y, o))
    }
}

// Serialised as the map it stands for (year → observation).
impl Serialize for Years {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.iter())
    }
}

impl Reading {
    /// The most recent year and its observation.
    pub fn latest(&self) -> Option<(i32, &Observation)> {
        self.years.iter().next_back().map(|(y, o)| (*y, o))
    }
}

/// A city's own goal for a KPI.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Goal {
    /// Goal value in the KPI's unit.
    pub value: f64,
    /// Year by which the city wants to reach it.
    pub year: Option<i32>,
    /// What the goal is based on.
    pub note: Option<String>,
}

/// What a city reports for one KPI.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "form", rename_all = "kebab-case")]
pub enum ValueData {
    /// No usable value, with the reason.
    Status {
        /// The reason.
        status: Status,
    },
    /// One value or a series.
    Single {
        /// Observations.
        reading: Reading,
    },
    /// Values per data point (keys as in the catalog).
    Points {
        /// Data point key → observations.
        points: BTreeMap<String, Reading>,
    },
}

/// Everything written about one KPI.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KpiValue {
    /// Index into the catalog.
    pub kpi: usize,
    /// Span of the key in city.toml.
    #[serde(skip)]
    pub span: Range<usize>,
    /// The value(s).
    pub data: ValueData,
    /// Id of the source in the city's `sources`.
    pub source: Option<String>,
    /// Free remark.
    pub note: Option<String>,
    /// Whether the value was verified; `None` when the file does not say.
    pub verified: Option<bool>,
    /// Data-quality grade.
    pub quality: Option<String>,
    /// The band printed in the published report, if recorded.
    pub published_band: Option<u8>,
    /// The city's own goal.
    pub goal: Option<Goal>,
}

/// A document the values were read from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Source {
    /// Id used by values.
    pub id: String,
    /// Title.
    pub title: String,
    /// Address.
    pub url: Option<String>,
}

/// The evaluation the data belongs to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    /// "U4SSC verification report", "factsheet"...
    pub kind: String,
    /// Publication date as written (`2020-06` or `2020-06-15`).
    pub published: Option<String>,
    /// Year the data describe; the default year of values.
    pub data_year: i32,
    /// The report prints no data year, so `data_year` is the year it was published (pages
    /// say so next to such values).
    pub data_year_is_published: bool,
    /// Whether the file holds every value of the evaluation. A partial transcription leaves
    /// KPIs out that the city may have reported: those are "not in this site's data", never
    /// "not reported".
    pub complete: bool,
    /// What was transcribed, for a partial file ("tables of pages 20-42 of the factsheet").
    pub note: Option<String>,
    /// The share of core and advanced KPIs the evaluation itself says the city reported.
    pub reported_share: Option<ReportedShare>,
}

/// Shares of KPIs reported, in percent, as the evaluation states them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ReportedShare {
    /// Percent of the core KPIs.
    pub core: f64,
    /// Percent of the advanced KPIs.
    pub advanced: f64,
}

impl Evaluation {
    /// Year of publication, if known.
    pub fn published_year(&self) -> Option<i32> {
        self.published.as_deref()?.get(..4)?.parse().ok()
    }
}

/// A city and its data.
#[derive(Debug, Clone, Serialize)]
pub struct City {
    /// URL slug (the folder name).
    pub slug: String,
    /// Display name.
    pub name: String,
    /// Country name.
    pub country: String,
    /// ISO 3166-1 alpha-2 code.
    pub country_code: Option<String>,
    /// UN region, for peer groups.
    pub region: Option<String>,
    /// Inhabitants.
    pub population: Option<u64>,
    /// Year of the population figure.
    pub population_year: Option<i32>,
    /// Area in km².
    pub area_km2: Option<f64>,
    /// Latitude and longitude.
    pub location: Option<(f64, f64)>,
    /// The evaluation.
    pub evaluation: Evaluation,
    /// Documents cited.
    pub sources: Vec<Source>,
    /// Hidden unless building with --drafts.
    pub draft: bool,
    /// Values ordered by catalog index.
    pub values: Vec<KpiValue>,
    /// The file, for diagnostics.
    #[serde(skip)]
    pub file: SourceFile,
}

impl City {
    /// The value for a KPI index, if the city wrote one.
    pub fn value(&self, kpi: usize) -> Option<&KpiValue> {
        self.values
            .binary_search_by_key(&kpi, |v| v.kpi)
            .ok()
            .map(|i| &self.values[i])
    }
}

const CITY_KEYS: &[&str] = &[
    "name",
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
const VALUE_KEYS: &[&str] = &[
    "value",
    "year",
    "source",
    "note",
    "verified",
    "quality",
    "band",
    "status",
    "numerator",
    "denominator",
    "series",
    "goal",
];

/// Plausible years for data.
const YEARS: std::ops::RangeInclusive<i64> = 1950..=2100;

/// Parses a city file; returns the city if the file is usable, plus every problem found.
pub fn parse_city(slug: &str, file: &SourceFile, catalog: &Catalog) -> (Option<City>, Diagnostics) {
    let mut r = Reader::new(file);
    let Some(doc) = r.parse() else {
        return (None, r.diags);
    };
    let whole = doc.span();
    let t = doc.get_ref();
    r.reject_unknown(t, CITY_KEYS, "in a city file");
    let name = r.req_str(t, whole.clone(), "name", "the city's name");
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
    let location = r.opt_table(t, "location").and_then(|(lt, span)| {
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
    });
    let draft = r.opt_bool(t, "draft").unwrap_or(false);
    let evaluation = match r.opt_table(t, "evaluation") {
        Some((et, span)) => {
            r.reject_unknown(
                et,
                &[
                    "kind",
                    "published",
                    "data_year",
                    "complete",
                    "note",
                    "reported_share",
                ],
                "in evaluation",
            );
            let kind = r
                .opt_str(et, "kind")
                .unwrap_or_else(|| "U4SSC evaluation".into());
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
                (Some(v), _) => r
                    .int(v, "data_year")
                    .map(|y| (check_year(&mut r, v, y), false)),
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
            let reported_share = read_reported_share(&mut r, et);
            data_year.map(|(data_year, data_year_is_published)| Evaluation {
                kind,
                published,
                data_year,
                data_year_is_published,
                complete,
                note,
                reported_share,
            })
        }
        None => {
            r.error(whole.start..whole.start, "missing `evaluation`", "add evaluation = { kind = \"U4SSC verification report\", published = \"2020-06\", data_year = 2020 }");
            None
        }
    };
    let sources = read_sources(&mut r, t);
    let mut values = Vec::new();
    if let (Some((vt, _)), Some(ev)) = (r.opt_table(t, "values"), &evaluation) {
        let ctx = ValueCtx {
            catalog,
            sources: &sources,
            evaluation: ev,
        };
        let mut seen: BTreeMap<usize, Range<usize>> = BTreeMap::new();
        for (k, v) in vt.iter() {
            let code = k.get_ref().as_ref();
            let Some(ki) = catalog.index_of(code) else {
                let help = match did_you_mean(&crate::kpi::catalog::normalize_code(code), catalog.ids()) {
                    Some(s) => format!("did you mean `{}` ({})?", catalog.get(s).map_or(s, |k| &k.code), catalog.get(s).map_or("", |k| &k.name)),
                    None => "use a code from the indicators page, e.g. \"EN: EN: WS: 1C\" or EN-EN-WS-1C".into(),
                };
                r.error(k.span(), format!("unknown KPI code `{code}`"), help);
                continue;
            };
            if let Some(first) = seen.get(&ki) {
                let (line, _) = crate::diagnostics::line_col(&file.text, first.start);
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
            if let Some(val) = read_value(&mut r, &ctx, ki, k.span(), v) {
                values.push(val);
            }
        }
    }
    values.sort_by_key(|v| v.kpi);
    let city = match (name, country, evaluation) {
        (Some(name), Some(country), Some(evaluation)) if !r.diags.has_errors() => Some(City {
            slug: slug.to_string(),
            name,
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

fn check_year(r: &mut Reader<'_>, v: &Value<'_>, y: i64) -> i32 {
    if !YEARS.contains(&y) {
        r.error(
            v.span(),
            format!("year {y} is outside the plausible range 1950-2100"),
            "check the year; write four digits, e.g. 2019",
        );
    }
    y.clamp(*YEARS.start(), *YEARS.end()) as i32
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

struct ValueCtx<'a> {
    catalog: &'a Catalog,
    sources: &'a [Source],
    evaluation: &'a Evaluation,
}

fn read_value(
    r: &mut Reader<'_>,
    ctx: &ValueCtx<'_>,
    ki: usize,
    key_span: Range<usize>,
    v: &Value<'_>,
) -> Option<KpiValue> {
    let kpi = &ctx.catalog.kpis[ki];
    let mut out = KpiValue {
        kpi: ki,
        span: key_span,
        data: ValueData::Status {
            status: Status::NotReported,
        },
        source: None,
        note: None,
        verified: None,
        quality: None,
        published_band: None,
        goal: None,
    };
    let default_year = ctx.evaluation.data_year;
    match v.get_ref() {
        DeValue::String(s) => {
            if let Some(status) = Status::parse(s) {
                out.data = ValueData::Status { status };
            } else {
                let answer = read_answer(r, kpi, None, v)?;
                out.data = single(default_year, answer, written_decimals(v));
            }
        }
        DeValue::Integer(_) | DeValue::Float(_) | DeValue::Boolean(_) => {
            let answer = read_answer(r, kpi, None, v)?;
            out.data = single(default_year, answer, written_decimals(v));
        }
        DeValue::Table(t) => {
            let mut known: Vec<&str> = VALUE_KEYS.to_vec();
            known.extend(kpi.data_points.iter().map(|d| d.key.as_str()));
            for (k, _) in t.iter() {
                let key = k.get_ref().as_ref();
                if known.contains(&key) {
                    continue;
                }
                if let Some(dp) = kpi.data_point(key) {
                    r.error(
                        k.span(),
                        format!("write the data point `{key}` as `{}`", dp.key),
                        format!("data point keys of this KPI: {}", point_keys(kpi)),
                    );
                    continue;
                }
                let help = match did_you_mean(key, known.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None if kpi.data_points.is_empty() => {
                        format!("allowed keys: {}", VALUE_KEYS.join(", "))
                    }
                    None => format!(
                        "this KPI's data points are {}; other allowed keys: {}",
                        point_keys(kpi),
                        VALUE_KEYS.join(", ")
                    ),
                };
                r.error(
                    k.span(),
                    format!("unknown key `{key}` in the value of {}", kpi.code),
                    help,
                );
            }
            let year = match t.get("year") {
                Some(yv) => r.int(yv, "year").map(|y| check_value_year(r, ctx, yv, y)),
                None => Some(default_year),
            }?;
            out.source = r.opt_str(t, "source");
            if let (Some(s), Some(sv)) = (&out.source, t.get("source"))
                && !ctx.sources.iter().any(|x| &x.id == s)
            {
                let ids: Vec<&str> = ctx.sources.iter().map(|x| x.id.as_str()).collect();
                let help = match did_you_mean(s, ids.iter().copied()) {
                    Some(m) => format!("did you mean `{m}`?"),
                    None if ids.is_empty() => "declare it in sources = [{ id = \"...\", title = \"...\" }] at the top of the file".into(),
                    None => format!("declared sources: {}", ids.join(", ")),
                };
                r.error(
                    sv.span(),
                    format!("source `{s}` is not declared in `sources`"),
                    help,
                );
            }
            out.note = r.opt_str(t, "note");
            out.verified = r.opt_bool(t, "verified");
            out.quality = r.opt_str(t, "quality");
            if let Some(bv) = t.get("band") {
                match r.int(bv, "band") {
                    Some(b @ 1..=4) => out.published_band = Some(b as u8),
                    Some(_) => r.error(
                        bv.span(),
                        "band must be 1, 2, 3 or 4",
                        "write the band the published report shows, or leave it out",
                    ),
                    None => {}
                }
            }
            out.goal = read_goal(r, t);
            let status = match t.get("status") {
                Some(sv) => match r.str(sv, "status") {
                    Some(s) => match Status::parse(&s) {
                        Some(st) => Some(st),
                        None => {
                            let names = Status::ALL.map(|(n, _)| n);
                            let help = match did_you_mean(&s, names) {
                                Some(m) => format!("did you mean \"{m}\"?"),
                                None => format!("use one of: {}", names.join(", ")),
                            };
                            r.error(sv.span(), format!("unknown status \"{s}\""), help);
                            return None;
                        }
                    },
                    None => return None,
                },
                None => None,
            };
            let has_points = kpi
                .data_points
                .iter()
                .any(|d| t.contains_key(d.key.as_str()));
            let has_single = ["value", "numerator", "denominator", "series"]
                .iter()
                .any(|k| t.contains_key(*k));
            out.data = match (status, has_points, has_single) {
                (Some(st), false, false) => ValueData::Status { status: st },
                (Some(_), _, _) => {
                    r.error(
                        v.span(),
                        "a value cannot have both a status and a number",
                        "remove `status`, or remove the value",
                    );
                    return None;
                }
                (None, true, true) => {
                    r.error(
                        v.span(),
                        "give either data points or one value, not both",
                        format!("this KPI's data points are {}", point_keys(kpi)),
                    );
                    return None;
                }
                (None, true, false) => {
                    let mut points = BTreeMap::new();
                    for dp in &kpi.data_points {
                        if let Some(pv) = t.get(dp.key.as_str()) {
                            points.insert(dp.key.clone(), read_point(r, kpi, &dp.key, year, pv)?);
                        }
                    }
                    ValueData::Points { points }
                }
                (None, false, true) => ValueData::Single {
                    reading: read_reading(r, ctx, kpi, None, year, t, v.span())?,
                },
                (None, false, false) => {
                    let help = if kpi.data_points.is_empty() {
                        "add value = ..., or status = \"not-reported\"".to_string()
                    } else {
                        format!("add value = ... or the data points {}", point_keys(kpi))
                    };
                    r.error(v.span(), format!("no value given for {}", kpi.code), help);
                    return None;
                }
            };
        }
        other => {
            r.error(v.span(), format!("the value of {} cannot be {}", kpi.code, type_name(other)), "write a number, \"yes\"/\"no\", a status such as \"not-reported\", or a table { value = ..., year = ... }");
            return None;
        }
    }
    if kpi.data_points.is_empty() || matches!(out.data, ValueData::Status { .. }) {
        Some(out)
    } else if let ValueData::Single { .. } = out.data {
        r.error(
            v.span(),
            format!("{} is reported per data point", kpi.code),
            format!(
                "write {{ {} }}",
                kpi.data_points
                    .iter()
                    .map(|d| format!("{} = ...", d.key))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        );
        None
    } else {
        Some(out)
    }
}

fn point_keys(kpi: &Kpi) -> String {
    kpi.data_points
        .iter()
        .map(|d| format!("`{}`", d.key))
        .collect::<Vec<_>>()
        .join(", ")
}

fn single(year: i32, answer: Answer, decimals: Option<u8>) -> ValueData {
    let mut reading = Reading::default();
    reading.years.insert(
        year,
        Observation {
            answer,
            inputs: None,
            decimals,
        },
    );
    ValueData::Single { reading }
}

fn check_value_year(r: &mut Reader<'_>, ctx: &ValueCtx<'_>, v: &Value<'_>, y: i64) -> i32 {
    let y = check_year(r, v, y);
    let limit = ctx
        .evaluation
        .published_year()
        .unwrap_or(ctx.evaluation.data_year)
        .max(ctx.evaluation.data_year);
    if y > limit {
        r.error(
            v.span(),
            format!("year {y} is after the evaluation ({limit})"),
            "a value cannot describe a year after the evaluation was published; check the year",
        );
    }
    y
}

fn read_goal(r: &mut Reader<'_>, t: &Table<'_>) -> Option<Goal> {
    let gv = t.get("goal")?;
    match gv.get_ref() {
        DeValue::Table(gt) => {
            r.reject_unknown(gt, &["value", "year", "note"], "in goal");
            let value = gt.get("value").and_then(|v| r.num(v, "value"));
            let year = r.opt_int(gt, "year").map(|y| y as i32);
            let note = r.opt_str(gt, "note");
            match value {
                Some(value) => Some(Goal { value, year, note }),
                None => {
                    r.error(
                        gv.span(),
                        "goal needs a value",
                        "write goal = { value = 90, year = 2030, note = \"city strategy\" }",
                    );
                    None
                }
            }
        }
        _ => r.num(gv, "goal").map(|value| Goal {
            value,
            year: None,
            note: None,
        }),
    }
}

fn read_point(
    r: &mut Reader<'_>,
    kpi: &Kpi,
    key: &str,
    year: i32,
    v: &Value<'_>,
) -> Option<Reading> {
    let dp = kpi.data_point(key)?;
    match v.get_ref() {
        DeValue::Table(t) => {
            r.reject_unknown(
                t,
                &[
                    "value",
                    "year",
                    "note",
                    "numerator",
                    "denominator",
                    "series",
                ],
                "in a data point",
            );
            let year = match t.get("year") {
                Some(yv) => r.int(yv, "year").map(|y| check_year(r, yv, y))?,
                None => year,
            };
            let ctx_kpi = kpi;
            read_reading_inner(r, ctx_kpi, Some(dp.direction), &dp.unit, year, t, v.span())
        }
        _ => {
            let answer = read_answer_with(r, &kpi.code, dp.direction, &dp.unit, v)?;
            let mut reading = Reading::default();
            reading.years.insert(
                year,
                Observation {
                    answer,
                    inputs: None,
                    decimals: written_decimals(v),
                },
            );
            Some(reading)
        }
    }
}

fn read_reading(
    r: &mut Reader<'_>,
    _ctx: &ValueCtx<'_>,
    kpi: &Kpi,
    _point: Option<&str>,
    year: i32,
    t: &Table<'_>,
    span: Range<usize>,
) -> Option<Reading> {
    read_reading_inner(r, kpi, None, &kpi.unit, year, t, span)
}

fn read_reading_inner(
    r: &mut Reader<'_>,
    kpi: &Kpi,
    dir: Option<Direction>,
    unit: &str,
    year: i32,
    t: &Table<'_>,
    span: Range<usize>,
) -> Option<Reading> {
    let dir = dir.unwrap_or(kpi.direction);
    let mut reading = Reading::default();
    let forms = ["value", "series"]
        .iter()
        .filter(|k| t.contains_key(**k))
        .count()
        + usize::from(t.contains_key("numerator") || t.contains_key("denominator"));
    if forms > 1 {
        r.error(
            span,
            "give only one of value, series, or numerator and denominator",
            "keep one form of the value",
        );
        return None;
    }
    if let Some(v) = t.get("value") {
        let answer = read_answer_with(r, &kpi.code, dir, unit, v)?;
        reading.years.insert(
            year,
            Observation {
                answer,
                inputs: None,
                decimals: written_decimals(v),
            },
        );
    } else if let Some(sv) = t.get("series") {
        let DeValue::Table(st) = sv.get_ref() else {
            r.error(
                sv.span(),
                "series must be a table of year = value",
                "write series = { 2015 = 74.1, 2019 = 75.6 }",
            );
            return None;
        };
        for (yk, yv) in st.iter() {
            let y = match yk.get_ref().parse::<i64>() {
                Ok(y) => check_year(r, yv, y),
                Err(_) => {
                    r.error(
                        yk.span(),
                        format!("`{}` is not a year", yk.get_ref()),
                        "series keys are years, e.g. 2019 = 75.6",
                    );
                    continue;
                }
            };
            if let Some(answer) = read_answer_with(r, &kpi.code, dir, unit, yv) {
                reading.years.insert(
                    y,
                    Observation {
                        answer,
                        inputs: None,
                        decimals: written_decimals(yv),
                    },
                );
            }
        }
        if reading.years.is_empty() {
            r.error(
                sv.span(),
                "series is empty",
                "add at least one year = value pair",
            );
            return None;
        }
    } else {
        let (Some(nv), Some(dv)) = (t.get("numerator"), t.get("denominator")) else {
            r.error(
                span,
                "numerator and denominator go together",
                "give both numerator = ... and denominator = ...",
            );
            return None;
        };
        let n = r.num(nv, "numerator")?;
        let d = r.num(dv, "denominator")?;
        if d == 0.0 {
            r.error(
                dv.span(),
                "denominator is zero",
                "the value would be a division by zero; check the denominator",
            );
            return None;
        }
        if n < 0.0 || d < 0.0 {
            r.error(
                span,
                "numerator and denominator cannot be negative",
                "check the counts",
            );
            return None;
        }
        let m = kpi.multiplier.unwrap_or(1.0);
        let value = n / d * m;
        check_range(r, &kpi.code, unit, value, span.clone());
        reading.years.insert(
            year,
            Observation {
                answer: Answer::Number(value),
                inputs: Some((n, d)),
                decimals: None,
            },
        );
    }
    Some(reading)
}

fn read_answer(
    r: &mut Reader<'_>,
    kpi: &Kpi,
    _point: Option<&str>,
    v: &Value<'_>,
) -> Option<Answer> {
    read_answer_with(r, &kpi.code, kpi.direction, &kpi.unit, v)
}

fn read_answer_with(
    r: &mut Reader<'_>,
    code: &str,
    dir: Direction,
    unit: &str,
    v: &Value<'_>,
) -> Option<Answer> {
    let yes_no = dir == Direction::YesNo;
    match v.get_ref() {
        DeValue::String(s) if yes_no => match s.trim().to_lowercase().as_str() {
            "yes" => Some(Answer::YesNo(true)),
            "no" => Some(Answer::YesNo(false)),
            _ => {
                r.error(
                    v.span(),
                    format!("{code} is a yes/no KPI; \"{s}\" is neither"),
                    "write \"yes\" or \"no\", or a status such as \"not-reported\"",
                );
                None
            }
        },
        DeValue::Boolean(b) if yes_no => Some(Answer::YesNo(*b)),
        other if yes_no => {
            r.error(
                v.span(),
                format!("{code} is a yes/no KPI, found {}", type_name(other)),
                "write \"yes\" or \"no\"",
            );
            None
        }
        DeValue::String(s) => {
            let k = s.trim().to_lowercase();
            let (msg, help) = if k == "yes" || k == "no" {
                (
                    format!("{code} is measured in {unit}, not yes/no"),
                    "write the number".to_string(),
                )
            } else if let Some(st) = did_you_mean(s, Status::ALL.map(|(n, _)| n)) {
                (
                    format!("unknown status \"{s}\""),
                    format!("did you mean \"{st}\"?"),
                )
            } else if let Some(n) = super::toml_reader::parse_loose_number(s) {
                (
                    format!("the value \"{s}\" is text, not a number"),
                    format!("remove the quotes and write {n}"),
                )
            } else {
                (format!("\"{s}\" is not a value"), "write a number, or one of \"not-reported\", \"not-applicable\", \"not-verified\"".into())
            };
            r.error(v.span(), msg, help);
            None
        }
        DeValue::Boolean(_) => {
            r.error(
                v.span(),
                format!("{code} is measured in {unit}, not true/false"),
                "write the number",
            );
            None
        }
        other => match number(other) {
            Some(n) if n.is_finite() => {
                check_range(r, code, unit, n, v.span());
                Some(Answer::Number(n))
            }
            _ => {
                r.error(
                    v.span(),
                    format!(
                        "the value of {code} must be a number, found {}",
                        type_name(other)
                    ),
                    "write a number such as 12.5",
                );
                None
            }
        },
    }
}

fn check_range(r: &mut Reader<'_>, code: &str, unit: &str, n: f64, span: Range<usize>) {
    if n < 0.0 {
        r.error(
            span,
            format!("{code} cannot be negative ({n})"),
            format!("values are in {unit}; check the sign"),
        );
    } else if unit == "%" && n > 100.0 {
        r.error(
            span,
            format!("{code} is a percentage but the value is {n}"),
            "percentages go from 0 to 100; a share of 0.45 is written 45",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_read_as_written() {
        let parse = |text: &str| {
            let doc = format!("v = {text}");
            let t: toml::Spanned<toml::de::DeTable<'_>> = toml::de::DeTable::parse(&doc).unwrap();
            written_decimals(t.get_ref().get("v").unwrap())
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
        assert_eq!(points.keys().collect::<Vec<_>>(), ["3g", "4g"]);
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
