//! View models of city profiles and city cards.

use super::charts;
use super::ctx::Ctx;
use super::env::escape_html as html_escape;
use super::urls::city_path;
use super::view::*;
use crate::content::CityEntry;
use crate::content::city::City;
use crate::content::markdown::fill_placeholders;
use crate::diagnostics::{Diagnostic, Diagnostics, did_you_mean};
use crate::kpi::catalog::{data_point_key, normalize_code};
use crate::kpi::engine::CityResult;
use crate::kpi::engine::{Coverage, ItemRef, KpiResult};
use crate::kpi::state::State;

/// "12 of 45 KPIs reported (27%); core 8 of 27, advanced 4 of 18", or for a partial
/// transcription "12 of 45 KPIs in this site's data ...".
pub fn coverage_text(ctx: &Ctx<'_>, c: &Coverage, complete: bool) -> String {
    ctx.tf(
        if complete {
            "coverage.full"
        } else {
            "coverage.captured"
        },
        &[
            ("reported", &c.reported.to_string()),
            ("total", &c.total.to_string()),
            ("pct", &ctx.loc.percent(c.pct)),
            ("core", &c.core_reported.to_string()),
            ("core_total", &c.core_total.to_string()),
            ("advanced", &c.advanced_reported.to_string()),
            ("advanced_total", &c.advanced_total.to_string()),
        ],
    )
}

/// The year of a value: "2019", or "Report published 2020" when the report prints no data
/// year and the value took the publication year.
pub fn year_text(ctx: &Ctx<'_>, city: &City, year: i32) -> String {
    if city.evaluation.data_year_is_published && year == city.evaluation.data_year {
        ctx.tf("year.published", &[("year", &year.to_string())])
    } else {
        year.to_string()
    }
}

/// "U4SSC verification report, June 2020".
pub fn evaluation_text(ctx: &Ctx<'_>, city: &City) -> String {
    match &city.evaluation.published {
        Some(p) => format!("{}, {}", city.evaluation.kind, ctx.loc.date(p)),
        None => ctx.tf(
            "evaluation.data_for",
            &[
                ("kind", &city.evaluation.kind),
                ("year", &city.evaluation.data_year.to_string()),
            ],
        ),
    }
}

fn kpi_rows(ctx: &Ctx<'_>, city: &City, r: &KpiResult) -> Vec<KpiRow> {
    let kpi = &ctx.catalog.kpis[r.kpi];
    let source = r
        .source
        .as_ref()
        .and_then(|id| city.sources.iter().find(|s| &s.id == id));
    let verified = match r.verified {
        Some(true) => ctx.t("verified.yes"),
        Some(false) => ctx.t("verified.no"),
        None => String::new(),
    };
    let base = KpiRow {
        code: kpi.code.clone(),
        name: ctx.kpi_name(kpi),
        href: ctx.urls.indicator(&kpi.slug),
        tier: ctx.tier(kpi.tier),
        status: r.state.key(),
        status_text: ctx.state(r.state),
        has_value: r.state.has_value(),
        value: String::new(),
        year: String::new(),
        target: String::new(),
        target_official: false,
        has_target: false,
        achievement: String::new(),
        bullet_svg: String::new(),
        band: 0,
        band_label: String::new(),
        band_published: false,
        trend: String::new(),
        source: source.map(|s| s.title.clone()).unwrap_or_default(),
        source_url: source.and_then(|s| s.url.clone()).unwrap_or_default(),
        verified,
        note: r.note.clone().unwrap_or_default(),
        method: String::new(),
        goal: String::new(),
    };
    if r.items.is_empty() {
        return vec![base];
    }
    r.items
        .iter()
        .map(|it| {
            let (target, has_target, official) = match &it.target {
                Some(t) => (
                    ctx.target_text(t.value, &it.unit, it.direction, t.year),
                    true,
                    t.official,
                ),
                None => (ctx.state(it.state), false, false),
            };
            let label = match (it.achievement_pct, it.band) {
                (Some(a), Some(b)) => ctx.tf(
                    "bullet.label",
                    &[("pct", &ctx.loc.percent(a)), ("band", &b.to_string())],
                ),
                (None, Some(b)) => ctx.tf("bullet.report", &[("band", &b.to_string())]),
                _ => ctx.state(it.state),
            };
            let bullet = charts::bullet(&charts::Bullet {
                id: format!("b-{}-{}", kpi.slug, it.point.as_deref().unwrap_or("v")),
                achievement_pct: it.achievement_pct,
                band: it.band,
                label,
            });
            let goal = it.goal.as_ref().map(|g| {
                let mut s = ctx.tf(
                    "goal.value",
                    &[("value", &ctx.loc.with_unit(g.value, &ctx.unit(&it.unit)))],
                );
                if let Some(y) = g.year {
                    s = ctx.tf(
                        "target.by_year",
                        &[("target", &s), ("year", &y.to_string())],
                    );
                }
                if let Some(a) = g.achievement_pct {
                    s.push_str(": ");
                    s.push_str(&ctx.tf("goal.achieved", &[("pct", &ctx.loc.percent(a))]));
                }
                if let Some(n) = &g.note {
                    s.push_str(&format!(" ({n})"));
                }
                s
            });
            let mut method = match (it.achievement_pct, &it.target) {
                (Some(a), Some(t)) => ctx.tf(
                    "method.text",
                    &[
                        ("formula", &ctx.achievement_formula(it.direction)),
                        ("value", &ctx.loc.number(it.value)),
                        ("target", &ctx.loc.number(t.value)),
                        ("pct", &ctx.loc.percent(a)),
                    ],
                ),
                _ => String::new(),
            };
            if let Some((n, d)) = it.inputs {
                let computed = ctx.tf(
                    "method.inputs",
                    &[
                        ("numerator", &ctx.loc.number(n)),
                        ("denominator", &ctx.loc.number(d)),
                        ("formula", &kpi.formula()),
                    ],
                );
                method = if method.is_empty() {
                    computed
                } else {
                    format!("{computed} {method}")
                };
            }
            KpiRow {
                name: ctx.item_name(kpi, it.point.as_deref()),
                status: it.state.key(),
                status_text: ctx.state(it.state),
                value: ctx.value_text(it),
                year: year_text(ctx, city, it.year),
                target,
                target_official: official,
                has_target,
                achievement: it
                    .achievement_pct
                    .map(|a| ctx.loc.percent(a))
                    .unwrap_or_default(),
                bullet_svg: bullet,
                band: it.band.unwrap_or(0),
                band_label: ctx.band_label(it.band),
                band_published: it.published_band.is_some(),
                trend: ctx.trend_text(it),
                method,
                goal: goal.unwrap_or_default(),
                ..base.clone()
            }
        })
        .collect()
}

/// Card of a city for the home page.
pub fn city_card(ctx: &Ctx<'_>, city: &City, cr: &CityResult) -> CityCard {
    let dims = ctx
        .catalog
        .dimensions
        .iter()
        .zip(&cr.dimensions)
        .map(|(d, r)| NamedScore {
            name: ctx.dim_name(d),
            href: ctx.urls.href(&format!("dimensions/{}/", d.slug)),
            score: ctx.score(&r.score),
        })
        .collect();
    let bars: Vec<charts::ScoreBar> = ctx
        .catalog
        .dimensions
        .iter()
        .zip(&cr.dimensions)
        .map(|(d, r)| charts::ScoreBar {
            label: ctx.dim_name(d),
            score_pct: r.score.pct,
            band: r.score.band,
        })
        .collect();
    CityCard {
        name: city.name.clone(),
        country: city.country.clone(),
        href: ctx.urls.city(&city.slug),
        evaluation: evaluation_text(ctx, city),
        coverage_text: ctx.tf(
            if city.evaluation.complete {
                "coverage.short"
            } else {
                "coverage.captured_short"
            },
            &[
                ("reported", &cr.coverage.reported.to_string()),
                ("total", &cr.coverage.total.to_string()),
                ("pct", &ctx.loc.percent(cr.coverage.pct)),
            ],
        ),
        scores_svg: charts::score_bars(
            &format!("card-{}", city.slug),
            &ctx.tf("card.chart_title", &[("city", &city.name)]),
            &bars,
        ),
        dims,
    }
}

/// Why a group shows no score, for the wheel's segments ("insufficient data (3 of 12)").
fn wheel_note(ctx: &Ctx<'_>, s: &crate::kpi::score::Score) -> String {
    if s.state == State::Scored {
        String::new()
    } else {
        ctx.score(s).text
    }
}

fn wheel(ctx: &Ctx<'_>, city: &City, cr: &CityResult) -> String {
    let dimensions = ctx
        .catalog
        .dimensions
        .iter()
        .zip(&cr.dimensions)
        .map(|(d, dr)| charts::WheelDimension {
            name: ctx.dim_name(d),
            score_pct: dr.score.pct,
            band: dr.score.band,
            note: wheel_note(ctx, &dr.score),
            subdimensions: d
                .subdimensions
                .iter()
                .zip(&dr.subdimensions)
                .map(|(s, sr)| charts::WheelSub {
                    name: ctx.sub_name(s),
                    score_pct: sr.score.pct,
                    band: sr.score.band,
                    note: wheel_note(ctx, &sr.score),
                    categories: s
                        .categories
                        .iter()
                        .zip(&sr.categories)
                        .map(|(c, cr)| charts::WheelCategory {
                            name: ctx.cat_name(c),
                            score_pct: cr.score.pct,
                            band: cr.score.band,
                            note: wheel_note(ctx, &cr.score),
                            href: Some(format!("#{}", c.slug)),
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    // The chart appends each dimension's score to this sentence, so it names only the whole.
    let overall = ctx.score(&cr.overall);
    let desc = match cr.overall.state {
        State::Scored => ctx.tf(
            "wheel.desc",
            &[
                ("score", &overall.text),
                ("band", &cr.overall.band.unwrap_or(0).to_string()),
                ("evidence", &overall.evidence),
            ],
        ),
        _ => ctx.tf("wheel.unscored", &[("overall", &overall.text)]),
    };
    charts::wheel(&charts::Wheel {
        id: format!("wheel-{}", city.slug),
        title: ctx.tf("wheel.title", &[("city", &city.name)]),
        desc,
        dimensions,
        grey_label: ctx.t("wheel.grey"),
    })
}

/// The narrative in the page's language (or the default one), citations filled in.
fn narrative_html(
    ctx: &Ctx<'_>,
    entry: &CityEntry,
    cr: &CityResult,
    diags: &mut Diagnostics,
) -> (String, bool) {
    let translated = entry.translations.get(&ctx.lang.code);
    let is_fallback = !ctx.is_default && translated.is_none();
    let Some(n) = translated.or(entry.narrative.as_ref()) else {
        return (String::new(), false);
    };
    // Citation errors are reported once, for the default language's pass and each translation.
    let report = ctx.is_default || translated.is_some();
    let mut push = |d: Diagnostic| {
        if report {
            diags.push(d);
        }
    };
    for b in &n.body.bad_shortcodes {
        push(Diagnostic::error(b.message.clone()).at(&n.file, Some(b.span.clone())).help("cite a value as {{ kpi(\"EN-EN-WS-2C\") }} or {{ kpi(\"EN-EN-WS-4C\", \"tertiary\") }}"));
    }
    let mut rendered = Vec::with_capacity(n.body.citations.len());
    for c in &n.body.citations {
        let Some(ki) = ctx.catalog.index_of(&c.code) else {
            let help = did_you_mean(&normalize_code(&c.code), ctx.catalog.ids()).map_or_else(
                || "use a code from the indicators page".to_string(),
                |s| format!("did you mean `{s}`?"),
            );
            push(
                Diagnostic::error(format!("the narrative cites unknown KPI `{}`", c.code))
                    .at(&n.file, Some(c.span.clone()))
                    .help(help),
            );
            rendered.push(String::new());
            continue;
        };
        let kpi = &ctx.catalog.kpis[ki];
        let r = cr.kpi(ctx.catalog, ki);
        let point = c.point.as_deref().map(data_point_key);
        match r.items.iter().find(|it| it.point == point) {
            Some(it) => {
                let href = ctx.urls.indicator(&kpi.slug);
                rendered.push(format!(
                    "<a class=\"kpi-cite\" href=\"{href}\">{} ({})</a>",
                    html_escape(&ctx.value_text(it)),
                    html_escape(&year_text(ctx, &entry.city, it.year))
                ));
            }
            None => {
                let reason = match (r.state, &point) {
                    (s, Some(p)) if s.has_value() => format!(
                        "{} has no value for data point `{p}` in this city",
                        kpi.code
                    ),
                    (s, None) if s.has_value() => {
                        format!("{} is reported per data point; name one", kpi.code)
                    }
                    (State::NotInData, _) => {
                        format!("{} ({}) is not in this city's file", kpi.code, kpi.name)
                    }
                    (State::NotApplicable, _) => format!(
                        "{} ({}) is not applicable for this city",
                        kpi.code, kpi.name
                    ),
                    (State::NotVerified, _) => {
                        format!("{} ({}) is not verified for this city", kpi.code, kpi.name)
                    }
                    _ => format!("{} ({}) is not reported for this city", kpi.code, kpi.name),
                };
                let help = if kpi.data_points.is_empty() {
                    "cite only values the city reports in city.toml".to_string()
                } else {
                    format!(
                        "data points: {}",
                        kpi.data_points
                            .iter()
                            .map(|d| d.key.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                push(
                    Diagnostic::error(format!(
                        "the narrative cites a value that is missing: {reason}"
                    ))
                    .at(&n.file, Some(c.span.clone()))
                    .help(help),
                );
                rendered.push(String::new());
            }
        }
    }
    let html = fill_placeholders(&n.body.html, |i| {
        rendered.get(i).cloned().unwrap_or_default()
    });
    (ctx.urls.markdown_links(&html), is_fallback)
}

/// JSON-LD `Dataset` description; `<` is escaped so the text cannot close the script element.
pub fn dataset_jsonld(
    ctx: &Ctx<'_>,
    name: &str,
    description: &str,
    city: Option<&City>,
    files: &[(String, &str)],
) -> String {
    let years: Vec<i32> = match city {
        Some(c) => vec![c.evaluation.data_year],
        None => ctx
            .input
            .content
            .cities
            .iter()
            .map(|c| c.city.evaluation.data_year)
            .collect(),
    };
    let temporal = match (years.iter().min(), years.iter().max()) {
        (Some(a), Some(b)) if a == b => a.to_string(),
        (Some(a), Some(b)) => format!("{a}/{b}"),
        _ => String::new(),
    };
    let licence = &ctx.input.config;
    let mut v = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": name,
        "description": description,
        "inLanguage": ctx.lang.code,
        "url": ctx.urls.absolute(&city.map_or("data/".to_string(), |c| city_path(&c.slug))),
        "license": if licence.data_licence_url.is_empty() { licence.data_licence.clone() } else { licence.data_licence_url.clone() },
        "isAccessibleForFree": true,
        "distribution": files.iter().map(|(p, mt)| serde_json::json!({"@type": "DataDownload", "encodingFormat": mt, "contentUrl": ctx.urls.absolute_asset(p)})).collect::<Vec<_>>(),
    });
    if !temporal.is_empty() {
        v["temporalCoverage"] = serde_json::Value::String(temporal);
    }
    if let Some(c) = city {
        let mut place =
            serde_json::json!({"@type": "Place", "name": format!("{}, {}", c.name, c.country)});
        if let Some((lat, lon)) = c.location {
            place["geo"] =
                serde_json::json!({"@type": "GeoCoordinates", "latitude": lat, "longitude": lon});
        }
        v["spatialCoverage"] = place;
    }
    serde_json::to_string(&v)
        .unwrap_or_default()
        .replace('<', "\\u003c")
}

/// The notice on a partial transcription's profile, or "".
fn partial_notice(ctx: &Ctx<'_>, city: &City) -> String {
    if city.evaluation.complete {
        return String::new();
    }
    let mut s = ctx.t("city.partial");
    if let Some(n) = &city.evaluation.note {
        s.push(' ');
        s.push_str(&ctx.tf("city.partial_note", &[("note", n)]));
    }
    s
}

/// The profile of city `idx`; citation errors go to `diags`. Returns the view and whether the
/// narrative fell back to the default language.
pub fn city_view(ctx: &Ctx<'_>, idx: usize, diags: &mut Diagnostics) -> (CityView, bool) {
    let entry = &ctx.input.content.cities[idx];
    let city = &entry.city;
    let cr = &ctx.input.results.cities[idx];
    let mut facts = vec![(ctx.t("fact.country"), city.country.clone())];
    if let Some(p) = city.population {
        let mut v = ctx.loc.integer(p);
        if let Some(y) = city.population_year {
            v.push_str(&format!(" ({y})"));
        }
        facts.push((ctx.t("fact.population"), v));
    }
    if let Some(a) = city.area_km2 {
        facts.push((ctx.t("fact.area"), format!("{} km²", ctx.loc.number(a))));
    }
    facts.push((ctx.t("fact.evaluation"), evaluation_text(ctx, city)));
    facts.push((
        ctx.t("fact.data_year"),
        year_text(ctx, city, city.evaluation.data_year),
    ));
    if let Some(share) = &city.evaluation.reported_share {
        facts.push((
            ctx.t("fact.reported_share"),
            ctx.tf(
                "fact.reported_share_value",
                &[
                    // Published figures, shown as the report prints them.
                    ("core", &ctx.loc.with_unit(share.core, "%")),
                    ("advanced", &ctx.loc.with_unit(share.advanced, "%")),
                ],
            ),
        ));
    }
    if !city.evaluation.complete {
        let c = &cr.coverage;
        facts.push((
            ctx.t("fact.captured"),
            ctx.tf(
                "fact.captured_value",
                &[
                    ("core", &c.core_reported.to_string()),
                    ("core_total", &c.core_total.to_string()),
                    ("advanced", &c.advanced_reported.to_string()),
                    ("advanced_total", &c.advanced_total.to_string()),
                ],
            ),
        ));
    }
    let complete = city.evaluation.complete;
    let mut has_indicative = false;
    let dimensions = ctx
        .catalog
        .dimensions
        .iter()
        .zip(&cr.dimensions)
        .map(|(d, dr)| DimView {
            name: ctx.dim_name(d),
            anchor: d.slug.clone(),
            href: ctx.urls.href(&format!("dimensions/{}/", d.slug)),
            score: ctx.score(&dr.score),
            coverage_text: coverage_text(ctx, &dr.coverage, complete),
            subdimensions: d
                .subdimensions
                .iter()
                .zip(&dr.subdimensions)
                .map(|(s, sr)| SubView {
                    name: ctx.sub_name(s),
                    anchor: s.slug.clone(),
                    score: ctx.score(&sr.score),
                    categories: s
                        .categories
                        .iter()
                        .zip(&sr.categories)
                        .map(|(c, catr)| {
                            // A missing KPI is listed once, below the tables, not here too.
                            let rows: Vec<KpiRow> = catr
                                .kpis
                                .iter()
                                .filter(|r| !r.state.is_missing())
                                .flat_map(|r| kpi_rows(ctx, city, r))
                                .collect();
                            has_indicative |=
                                rows.iter().any(|r| r.has_target && !r.target_official);
                            let empty_text = if rows.is_empty() {
                                ctx.tf(
                                    "city.category_empty",
                                    &[("n", &catr.kpis.len().to_string())],
                                )
                            } else {
                                String::new()
                            };
                            CategoryView {
                                name: ctx.cat_name(c),
                                anchor: c.slug.clone(),
                                score: ctx.score(&catr.score),
                                rows,
                                empty_text,
                            }
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    let mention = |ki: usize, point: Option<&str>, detail: String| {
        let kpi = &ctx.catalog.kpis[ki];
        KpiMention {
            code: kpi.code.clone(),
            name: ctx.item_name(kpi, point),
            href: ctx.urls.indicator(&kpi.slug),
            detail,
        }
    };
    let mention_item = |i: &ItemRef| {
        let detail = match (i.band, i.achievement_pct) {
            (Some(b), Some(a)) => ctx.tf(
                "mention.band_pct",
                &[("band", &b.to_string()), ("pct", &ctx.loc.percent(a))],
            ),
            (Some(b), None) => ctx.tf("mention.band", &[("band", &b.to_string())]),
            _ => String::new(),
        };
        mention(i.kpi, i.point.as_deref(), detail)
    };
    let furthest = cr
        .furthest
        .iter()
        .map(|i| {
            let detail = match (i.projected_year, i.target_year) {
                (Some(p), Some(t)) => ctx.tf(
                    "mention.projected",
                    &[("target_year", &t.to_string()), ("year", &p.to_string())],
                ),
                (None, Some(t)) => ctx.tf("mention.never", &[("target_year", &t.to_string())]),
                _ => String::new(),
            };
            mention(i.kpi, i.point.as_deref(), detail)
        })
        .collect();
    // A missing KPI is listed once, so its note ("the report prints 'Not reported'") goes
    // with it here.
    let simple = |list: &[usize]| {
        list.iter()
            .map(|&k| {
                let mut detail = ctx.tier(ctx.catalog.kpis[k].tier);
                if let Some(note) = &cr.kpi(ctx.catalog, k).note {
                    detail.push_str(" · ");
                    detail.push_str(note);
                }
                mention(k, None, detail)
            })
            .collect::<Vec<_>>()
    };
    let others: Vec<Link> = ctx
        .input
        .content
        .cities
        .iter()
        .filter(|c| c.city.slug != city.slug)
        .take(12)
        .map(|c| ctx.city_link(&c.city))
        .collect();
    let (narrative_html, fallback) = narrative_html(ctx, entry, cr, diags);
    let view = CityView {
        name: city.name.clone(),
        country: city.country.clone(),
        slug: city.slug.clone(),
        facts,
        sources: city
            .sources
            .iter()
            .map(|s| SourceView {
                id: s.id.clone(),
                title: s.title.clone(),
                url: s.url.clone().unwrap_or_default(),
            })
            .collect(),
        wheel_href: String::new(),
        wheel_svg: wheel(ctx, city, cr),
        overall: ctx.score(&cr.overall),
        coverage_text: coverage_text(ctx, &cr.coverage, complete),
        dimensions,
        missing: [
            (State::NotInData, &cr.not_in_data),
            (State::NotReported, &cr.not_reported),
        ]
        .into_iter()
        .filter(|(_, list)| !list.is_empty())
        .map(|(state, list)| {
            (
                ctx.tf(
                    "city.missing_heading",
                    &[("state", &ctx.state(state)), ("n", &list.len().to_string())],
                ),
                simple(list),
            )
        })
        .collect(),
        unscored: [
            (State::NotVerified, cr.not_verified.len()),
            (State::NotApplicable, cr.not_applicable.len()),
            (State::NoTarget, cr.no_target.len()),
            (State::NoBenchmark, cr.no_benchmark.len()),
        ]
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|(state, n)| {
            ctx.tf(
                "city.state_count",
                &[("state", &ctx.state(state)), ("n", &n.to_string())],
            )
        })
        .collect(),
        partial_notice: partial_notice(ctx, city),
        strongest: cr.strongest.iter().map(mention_item).collect(),
        weakest: cr.weakest.iter().map(mention_item).collect(),
        furthest,
        narrative_html,
        downloads: vec![
            Link {
                label: ctx.tf("download.city_csv", &[("city", &city.name)]),
                href: ctx.urls.asset(&format!("data/cities/{}.csv", city.slug)),
            },
            Link {
                label: ctx.tf("download.city_json", &[("city", &city.name)]),
                href: ctx.urls.asset(&format!("data/cities/{}.json", city.slug)),
            },
        ],
        compare: if others.is_empty() {
            Vec::new()
        } else {
            std::iter::once(ctx.link(&ctx.t("compare.all"), "compare/"))
                .chain(others)
                .collect()
        },
        has_indicative_targets: has_indicative,
    };
    let mut view = view;
    view.wheel_href = ctx.chart_file(
        &format!("charts/cities/{}-wheel.svg", city.slug),
        &view.wheel_svg,
    );
    (view, fallback)
}
