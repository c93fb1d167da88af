//! Reads one KPI's value from `city.toml` into a `model::city::KpiValue`, in every form a
//! value may take, each checked against the KPI's catalog entry.

use std::ops::Range;

use toml::de::DeValue;

use super::super::toml_reader::{Reader, Table, Value, number, type_name};
use crate::diagnostics::did_you_mean;
use crate::model::catalog::{Catalog, Direction, Kpi};
use crate::model::city::{
    Answer, Evaluation, Goal, KpiValue, Observation, Points, Reading, Source, Status, ValueData,
    ValueExtras,
};

const VALUE_KEYS: &[&str] = &[
    "value",
    "year",
    "source",
    "note",
    "notes",
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

pub(super) fn check_year(r: &mut Reader<'_>, v: &Value<'_>, y: i64) -> i32 {
    if !YEARS.contains(&y) {
        r.error(
            v.span(),
            format!("year {y} is outside the plausible range 1950-2100"),
            "check the year; write four digits, e.g. 2019",
        );
    }
    y.clamp(*YEARS.start(), *YEARS.end()) as i32
}

/// What every value of a city is checked against.
pub(super) struct ValueCtx<'a> {
    pub(super) catalog: &'a Catalog,
    pub(super) sources: &'a [Source],
    pub(super) evaluation: &'a Evaluation,
}

/// One entry of `values`: the KPI number `ki` of the catalog, written at `key_span`.
pub(super) fn read_value(
    r: &mut Reader<'_>,
    ctx: &ValueCtx<'_>,
    ki: usize,
    key_span: Range<usize>,
    v: &Value<'_>,
) -> Option<KpiValue> {
    let kpi = &ctx.catalog.kpis[ki];
    let mut out = KpiValue {
        kpi: ki,
        key_at: (0, 0),
        data: ValueData::Status {
            status: Status::NotReported,
        },
        source: None,
        verified: None,
        published_band: None,
        extras: None,
    };
    out.set_span(key_span);
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
            out.data = read_value_table(r, ctx, kpi, &mut out, t, v)?;
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

/// A value written as a table (`{ value = ..., year = ..., source = ... }`, data points, a
/// series, or a status with a note): fills `out`, `None` after an error that drops it.
fn read_value_table(
    r: &mut Reader<'_>,
    ctx: &ValueCtx<'_>,
    kpi: &Kpi,
    out: &mut KpiValue,
    t: &Table<'_>,
    v: &Value<'_>,
) -> Option<ValueData> {
    check_value_keys(r, kpi, t);
    let year = match t.get("year") {
        Some(yv) => r.int(yv, "year").map(|y| check_value_year(r, ctx, yv, y)),
        None => Some(ctx.evaluation.data_year),
    }?;
    out.source = read_source_ref(r, ctx, t).map(String::into_boxed_str);
    // Each read may report a problem: this order keeps the order of the messages.
    let note = r.opt_str(t, "note");
    let notes = r.opt_texts(t, "notes");
    out.verified = r.opt_bool(t, "verified");
    let quality = r.opt_str(t, "quality");
    out.published_band = read_band(r, t);
    let extras = ValueExtras {
        note,
        notes,
        quality,
        goal: read_goal(r, t),
    };
    out.extras = (extras != ValueExtras::default()).then(|| Box::new(extras));
    let status = read_status(r, t)?;
    let has_points = kpi.data_points.iter().any(|d| t.contains_key(&*d.key));
    let has_single = ["value", "numerator", "denominator", "series"]
        .iter()
        .any(|k| t.contains_key(*k));
    let data = match (status, has_points, has_single) {
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
            let mut points = Points::default();
            for dp in &kpi.data_points {
                if let Some(pv) = t.get(&*dp.key) {
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
    Some(data)
}

/// Reports every key of a value table that is neither a value key nor a data point of the KPI.
fn check_value_keys(r: &mut Reader<'_>, kpi: &Kpi, t: &Table<'_>) {
    let mut known: Vec<&str> = VALUE_KEYS.to_vec();
    known.extend(kpi.data_points.iter().map(|d| &*d.key));
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
}

/// `source = "id"`, which must name one of the city's `sources`.
fn read_source_ref(r: &mut Reader<'_>, ctx: &ValueCtx<'_>, t: &Table<'_>) -> Option<String> {
    let source = r.opt_str(t, "source");
    if let (Some(s), Some(sv)) = (&source, t.get("source"))
        && !ctx.sources.iter().any(|x| &x.id == s)
    {
        let ids: Vec<&str> = ctx.sources.iter().map(|x| x.id.as_str()).collect();
        let help = match did_you_mean(s, ids.iter().copied()) {
            Some(m) => format!("did you mean `{m}`?"),
            None if ids.is_empty() => {
                "declare it in sources = [{ id = \"...\", title = \"...\" }] at the top of the file"
                    .into()
            }
            None => format!("declared sources: {}", ids.join(", ")),
        };
        r.error(
            sv.span(),
            format!("source `{s}` is not declared in `sources`"),
            help,
        );
    }
    source
}

/// `band = N`, the band printed in the published report (1 to 4).
fn read_band(r: &mut Reader<'_>, t: &Table<'_>) -> Option<u8> {
    let bv = t.get("band")?;
    match r.int(bv, "band") {
        Some(b @ 1..=4) => Some(b as u8),
        Some(_) => {
            r.error(
                bv.span(),
                "band must be 1, 2, 3 or 4",
                "write the band the published report shows, or leave it out",
            );
            None
        }
        None => None,
    }
}

/// `status = "..."` beside other keys: `Some(None)` when absent, `None` after an error.
fn read_status(r: &mut Reader<'_>, t: &Table<'_>) -> Option<Option<Status>> {
    Some(match t.get("status") {
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
    })
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
                inputs: Some(Box::new((n, d))),
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
            } else if let Some(n) = super::super::toml_reader::parse_loose_number(s) {
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
