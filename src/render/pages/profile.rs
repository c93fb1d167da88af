//! City profiles: their view model and page, and the city cards other pages show.

use minijinja::Environment;

use super::city_card::{coverage_text, evaluation_text, year_text};
use super::embed;
use super::peers::{peer_fingerprint, peer_text, peers_note};
use super::profile_wheel::wheel_file;
use super::shared::{Rendered, dataset_jsonld, home_link, language_name, render_page};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::catalog::{Direction, Tier, data_point_key};
use crate::model::city::{City, KpiValue};
use crate::model::content::CityEntry;
use crate::model::markers::fill_placeholders;
use crate::model::results::CityResult;
use crate::model::results::{ItemRef, KpiResult};
use crate::model::state::State;
use crate::render::charts;
use crate::render::ctx::Ctx;
use crate::render::env::escape_html as html_escape;
use crate::render::output::Output;
use crate::render::pages::share_card;
use crate::render::urls::city_path;
use crate::render::view::*;

/// The note a city wrote on a value, in the page's language when the city translated it
/// (`notes = { fr = "..." }`), else as written.
fn value_note(ctx: &Ctx<'_>, v: &KpiValue) -> Option<String> {
    let note = v.note()?;
    Some(v.note_in(&ctx.lang.code).unwrap_or(note).to_string())
}

fn kpi_rows(ctx: &Ctx<'_>, city: &City, cr: &CityResult, r: &KpiResult) -> Vec<KpiRow> {
    let kpi = &ctx.catalog.kpis[r.kpi];
    let value = city.value(r.kpi);
    let source_at = value
        .and_then(|v| v.source.as_deref())
        .and_then(|id| city.sources.iter().position(|s| s.id == id));
    let source = source_at.map(|i| &city.sources[i]);
    let verified = match r.verified {
        Some(true) => ctx.t("verified.yes"),
        Some(false) => ctx.t("verified.no"),
        None => String::new(),
    };
    let base = KpiRow {
        code: kpi.code.clone(),
        name: ctx.kpi_name(kpi),
        href: ctx.urls.indicator(&kpi.slug),
        tier: kpi.tier,
        status: r.state.key(),
        status_text: ctx.state(r.state),
        has_value: r.state.has_value(),
        value: String::new(),
        year: String::new(),
        target: String::new(),
        target_official: false,
        has_target: false,
        achievement: String::new(),
        bar: String::new(),
        perf: String::new(),
        calc: String::new(),
        band: 0,
        band_label: String::new(),
        band_published: false,
        trend: String::new(),
        source: source.map(|s| s.title.clone()).unwrap_or_default(),
        source_url: source.and_then(|s| s.url.clone()).unwrap_or_default(),
        source_ref: source_at.map_or(0, |i| i + 1),
        verified,
        note: value.and_then(|v| value_note(ctx, v)).unwrap_or_default(),
        method: String::new(),
        goal: String::new(),
        peer: String::new(),
    };
    if r.items.is_empty() {
        return vec![base];
    }
    r.items
        .iter()
        .map(|it| {
            let unit = kpi.item_unit(it.point.as_deref());
            let (target, has_target, official) = match &it.target {
                Some(t) => (
                    ctx.target_text(t.value, unit, it.direction, t.year),
                    true,
                    t.official,
                ),
                None => (ctx.state(it.state), false, false),
            };
            let perf = match (it.achievement_pct, it.band) {
                (Some(a), Some(b)) => ctx.tf(
                    "bullet.label",
                    &[("pct", &ctx.loc.percent(a)), ("band", &b.to_string())],
                ),
                (None, Some(b)) => ctx.tf("bullet.report", &[("band", &b.to_string())]),
                _ => ctx.state(it.state),
            };
            let goal = it.goal().map(|g| {
                let mut s = ctx.tf(
                    "goal.value",
                    &[("value", &ctx.with_unit(g.value, None, unit))],
                );
                if let Some(y) = g.year {
                    s = ctx.tf(
                        "target.by_year",
                        &[("target", &s), ("year", &y.to_string())],
                    );
                }
                if let Some(a) = g.achievement_pct {
                    s = ctx.loc.label(
                        &s,
                        &ctx.tf("goal.achieved", &[("pct", &ctx.loc.percent(a))]),
                    );
                }
                if let Some(n) = &g.note {
                    s.push_str(&format!(" ({n})"));
                }
                s
            });
            // The numbers the achievement was calculated from; the formulas are written once,
            // above the tables, instead of a sentence in every row.
            let calc = match (it.achievement_pct, &it.target) {
                (Some(_), Some(t)) => calc_text(ctx, it.direction, it.value, t.value),
                _ => String::new(),
            };
            let method = it.inputs().map_or_else(String::new, |(n, d)| {
                ctx.tf(
                    "method.inputs",
                    &[
                        ("numerator", &ctx.loc.number(n)),
                        ("denominator", &ctx.loc.number(d)),
                        ("formula", &ctx.kpi_formula(kpi)),
                    ],
                )
            });
            KpiRow {
                name: ctx.item_name(kpi, it.point.as_deref()),
                status: it.state.key(),
                status_text: ctx.state(it.state),
                value: ctx.value_text(kpi, it),
                // The table's header gives the profile's data year once; a row names its
                // own year only where it differs (91 rows of "2022" were 2.7 KB a page).
                year: if it.year == city.evaluation.data_year {
                    String::new()
                } else {
                    year_text(ctx, city, it.year)
                },
                target,
                target_official: official,
                has_target,
                achievement: it
                    .achievement_pct
                    .map(|a| ctx.loc.percent(a))
                    .unwrap_or_default(),
                bar: it.achievement_pct.map(bar_width).unwrap_or_default(),
                perf,
                calc,
                band: it.band.unwrap_or(0),
                band_label: ctx.band_label(it.band),
                band_published: it.published_band.is_some(),
                trend: ctx.trend_text(it),
                method,
                goal: goal.unwrap_or_default(),
                peer: peer_text(ctx, cr.peer_group.as_ref(), r, it),
                ..base.clone()
            }
        })
        .collect()
}

/// The width of a performance bar, in % of its track: the achievement up to 100, with at most
/// one decimal and a `.` whatever the page's language, as CSS reads it.
fn bar_width(pct: f64) -> String {
    let w = if pct.is_finite() {
        pct.clamp(0.0, 100.0)
    } else {
        0.0
    };
    let s = format!("{w:.1}");
    s.strip_suffix(".0")
        .map_or_else(|| s.clone(), str::to_owned)
}

/// "83.47 ÷ 100 × 100": the achievement's formula with the row's numbers in it.
fn calc_text(ctx: &Ctx<'_>, d: Direction, value: f64, target: f64) -> String {
    let key = match d {
        Direction::Higher => "calc.higher",
        Direction::Lower => "calc.lower",
        Direction::Target => "calc.target",
        // Yes = 100 %, no = 0 %: the answer is the calculation.
        Direction::YesNo => return String::new(),
    };
    ctx.tf(
        key,
        &[
            ("value", &ctx.loc.number(value)),
            ("target", &ctx.loc.number(target)),
        ],
    )
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
            let help = ctx.catalog.suggest(&c.code).map_or_else(
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
        match r
            .items
            .iter()
            .find(|it| it.point.as_deref() == point.as_deref())
        {
            Some(it) => {
                let href = ctx.urls.indicator(&kpi.slug);
                rendered.push(format!(
                    "<a class=\"kpi-cite\" href=\"{href}\">{} ({})</a>",
                    html_escape(&ctx.value_text(kpi, it)),
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
                            .map(|d| &*d.key)
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

/// The notice on a partial transcription's profile, or "".
fn partial_notice(ctx: &Ctx<'_>, city: &City) -> String {
    if city.evaluation.complete {
        return String::new();
    }
    let mut s = ctx.t("city.partial");
    if let Some(n) = &city.evaluation.note {
        let n = city.evaluation.notes.get(&ctx.lang.code).unwrap_or(n);
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
    let facts = city_facts(ctx, city, cr);
    let complete = city.evaluation.complete;
    let (dimensions, has_indicative) = dimension_views(ctx, city, cr);
    let mention_item = |i: &ItemRef| mention_item(ctx, i);
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
            mention(ctx, i.kpi, i.point.as_deref(), detail)
        })
        .collect();
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
    let (wheel_svg, wheel_alt, (wheel_width, wheel_height)) = wheel_file(ctx, city, cr);
    let peers_note = peers_note(ctx, cr, &dimensions);
    let view = CityView {
        name: ctx.city_name(city),
        country: ctx.country(city),
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
        sources_lang: if ctx.is_default {
            String::new()
        } else {
            ctx.input.strings.default.clone()
        },
        wheel_href: String::new(),
        wheel_src: String::new(),
        wheel_png: String::new(),
        wheel_width,
        wheel_height,
        wheel_svg,
        wheel_alt,
        overall: ctx.score(&cr.overall),
        coverage_text: coverage_text(ctx, &cr.coverage, complete),
        dimensions,
        missing: missing_lists(ctx, city, cr),
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
        citation: super::citations::profile(ctx, city),
        embed: embed::snippet(
            ctx,
            &city_path(&city.slug),
            &ctx.tf(
                "cite.profile_title",
                &[
                    ("city", &ctx.city_name(city)),
                    ("country", &ctx.country(city)),
                ],
            ),
            embed::CITY_HEIGHT,
        ),
        downloads: vec![
            Link {
                label: ctx.tf("download.city_csv", &[("city", &ctx.city_name(city))]),
                href: ctx.urls.asset(&format!("data/cities/{}.csv", city.slug)),
            },
            Link {
                label: ctx.t("download.all_csv"),
                href: ctx.urls.href("data/"),
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
        formulas: formulas(ctx, cr),
        peers_note,
        value_year: year_text(ctx, city, city.evaluation.data_year),
        values_note: ctx.tf(
            if city.evaluation.data_year_is_published {
                "city.values_published"
            } else {
                "city.values_year"
            },
            &[("year", &city.evaluation.data_year.to_string())],
        ),
    };
    let mut view = view;
    view.wheel_href = ctx.chart_file(
        &format!("charts/cities/{}-wheel.svg", city.slug),
        &view.wheel_svg,
    );
    view.wheel_src = charts::chart_view_src(&view.wheel_href);
    if ctx.input.config.sharing.png {
        // One card per city serves every language: the wheel's PNG download and link preview.
        view.wheel_png = ctx.urls.asset(&share_card::card_path(&city.slug));
    }
    (view, fallback)
}

/// The achievement formula of each direction the profile's scored items use, in a fixed order.
fn formulas(ctx: &Ctx<'_>, cr: &CityResult) -> Vec<(String, String)> {
    let used: std::collections::BTreeSet<u8> = cr
        .dimensions
        .iter()
        .flat_map(|d| &d.subdimensions)
        .flat_map(|s| &s.categories)
        .flat_map(|c| &c.kpis)
        .flat_map(|k| &k.items)
        .filter(|it| it.achievement_pct.is_some())
        .map(|it| it.direction as u8)
        .collect();
    [
        Direction::Higher,
        Direction::Lower,
        Direction::Target,
        Direction::YesNo,
    ]
    .into_iter()
    .filter(|d| used.contains(&(*d as u8)))
    .map(|d| (ctx.direction(d), ctx.achievement_formula(d)))
    .collect()
}

/// The facts at the top of a profile: country, population, area, evaluation, data year and
/// how much of the evaluation the site holds.
fn city_facts(ctx: &Ctx<'_>, city: &City, cr: &CityResult) -> Vec<(String, String)> {
    let mut facts = vec![(ctx.t("fact.country"), ctx.country(city))];
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
    facts
}

/// The dimension tables of a profile, and whether any row has an indicative target.
fn dimension_views(ctx: &Ctx<'_>, city: &City, cr: &CityResult) -> (Vec<DimView>, bool) {
    let complete = city.evaluation.complete;
    let mut has_indicative = false;
    let dimensions: Vec<DimView> = ctx
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
                                .flat_map(|r| kpi_rows(ctx, city, cr, r))
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
    (dimensions, has_indicative)
}

/// A KPI (or one of its data points) named and linked in a profile's lists.
fn mention(ctx: &Ctx<'_>, ki: usize, point: Option<&str>, detail: String) -> KpiMention {
    let kpi = &ctx.catalog.kpis[ki];
    KpiMention {
        code: kpi.code.clone(),
        name: ctx.item_name(kpi, point),
        href: ctx.urls.indicator(&kpi.slug),
        detail,
    }
}

/// A strongest or weakest item, with its band and achievement.
fn mention_item(ctx: &Ctx<'_>, i: &ItemRef) -> KpiMention {
    let detail = match (i.band, i.achievement_pct) {
        (Some(b), Some(a)) => ctx.tf(
            "mention.band_pct",
            &[("band", &b.to_string()), ("pct", &ctx.loc.percent(a))],
        ),
        (Some(b), None) => ctx.tf("mention.band", &[("band", &b.to_string())]),
        _ => String::new(),
    };
    mention(ctx, i.kpi, i.point.as_deref(), detail)
}

/// The KPIs missing from a profile ("not in this site's data", "not reported"), each list
/// under its heading.
fn missing_lists(ctx: &Ctx<'_>, city: &City, cr: &CityResult) -> Vec<(String, Vec<KpiMention>)> {
    // A missing KPI is listed once, so its note ("the report prints 'Not reported'") goes
    // with it here.
    let simple = |list: &[usize]| {
        list.iter()
            .map(|&k| {
                // As in the KPI tables, only "advanced" is said: the profile notes that the
                // others are core.
                let tier =
                    (ctx.catalog.kpis[k].tier == Tier::Advanced).then(|| ctx.tier(Tier::Advanced));
                let note = city.value(k).and_then(|v| value_note(ctx, v));
                let detail: Vec<String> = tier.into_iter().chain(note).collect();
                mention(ctx, k, None, detail.join(" · "))
            })
            .collect::<Vec<_>>()
    };
    [
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
    .collect()
}

/// What the profile of city `i` (with its wheel and card) is made from, for the dev server's
/// cache: the city's files, the page's language, what every page shares, the medians of its
/// peer group and the two templates.
fn profile_key(ctx: &Ctx<'_>, i: usize) -> u64 {
    let entry = &ctx.input.content.cities[i];
    let mut parts: Vec<&[u8]> = vec![entry.city.file.text.as_bytes(), ctx.lang.code.as_bytes()];
    parts.extend(entry.narrative.iter().map(|n| n.file.text.as_bytes()));
    parts.extend(entry.translations.values().map(|n| n.file.text.as_bytes()));
    let shared = ctx.input.shared_fingerprint.to_le_bytes();
    parts.push(&shared);
    // The rows show the median of the city's peer group, which other cities' values change.
    let peers = peer_fingerprint(ctx, i).to_le_bytes();
    parts.push(&peers);
    let theme = ctx
        .input
        .template_fingerprints
        .get("city.html")
        .copied()
        .unwrap_or(0)
        .to_le_bytes();
    parts.push(&theme);
    // The profile's job renders its card too.
    let card_theme = ctx
        .input
        .template_fingerprints
        .get("embed-city.html")
        .copied()
        .unwrap_or(0)
        .to_le_bytes();
    parts.push(&card_theme);
    crate::fingerprint::fingerprint(parts)
}

/// Renders the profile of city `i`, or reuses the dev server's copy (and its wheel chart) when
/// nothing the profile is made from changed.
pub fn render_city(ctx: &Ctx<'_>, all: &[Ctx<'_>], env: &Environment<'_>, i: usize) -> Rendered {
    let home = home_link(ctx);
    let content = ctx.input.content;
    let entry = &content.cities[i];
    // Only the dev server keeps pages to reuse: a one-shot build has nothing to key.
    let cache = ctx.input.cache.map(|c| (c, profile_key(ctx, i)));
    let path = format!(
        "{}{}index.html",
        ctx.urls.prefix(),
        city_path(&entry.city.slug)
    );
    let wheel_path = format!(
        "{}charts/cities/{}-wheel.svg",
        ctx.urls.prefix(),
        entry.city.slug
    );
    let card_path = format!(
        "{}{}index.html",
        ctx.urls.prefix(),
        embed::embed_path(&city_path(&entry.city.slug))
    );
    if let Some((cache, fp)) = cache
        && let (Some(out), Some(wheel), Some(card)) = (
            cache.get(&path, fp),
            cache.get(&wheel_path, fp),
            cache.get(&card_path, fp),
        )
    {
        let wheel = ctx.input.emit(wheel);
        if let Ok(mut e) = ctx.extra.lock() {
            e.push(wheel);
        }
        ctx.publish(card);
        return (Some(out), Diagnostics::new());
    }
    let mut diags = Diagnostics::new();
    let (view, fallback) = city_view(ctx, i, &mut diags);
    let view_wheel = view.wheel_svg.clone();
    let c = &content.cities[i].city;
    let name = ctx.city_name(c);
    let card = embed::render(
        ctx,
        env,
        "embed-city.html",
        &city_path(&c.slug),
        &name,
        &embed::city_card(ctx, &view),
    );
    let mut meta = ctx.meta(
        &name,
        &ctx.tf(
            "city.description",
            &[("city", &name), ("country", &ctx.country(c))],
        ),
        &city_path(&c.slug),
        "cities",
        vec![home, ctx.link(&ctx.t("nav.cities"), "cities/")],
    );
    meta.jsonld = dataset_jsonld(
        ctx,
        &ctx.tf("city.dataset", &[("city", &name)]),
        &meta.description,
        Some(c),
        &[(format!("data/cities/{}.csv", c.slug), "text/csv")],
    );
    share_card::preview(ctx, i, &view.overall.text, &mut meta);
    if fallback {
        meta.fallback_notice = ctx.tf(
            "fallback.narrative",
            &[("language", &language_name(ctx, all[0].lang))],
        );
        meta.content_lang = all[0].lang.code.clone();
    }
    // Profiles are reused above by their inputs, before their view is even built.
    let (o, d) = render_page(
        ctx,
        all,
        env,
        "city.html",
        meta,
        "city",
        &view,
        Default::default(),
        false,
    );
    diags.extend(d);
    let card = card.map_err(|e| diags.push(e)).ok();
    if let (Some((cache, fp)), Some(out), Some(card), false) =
        (cache, &o, &card, diags.has_errors())
    {
        cache.put(fp, out);
        cache.put(
            fp,
            &Output {
                path: wheel_path,
                bytes: view_wheel.into_bytes().into(),
            },
        );
        cache.put(fp, card);
    }
    if let Some(card) = card {
        ctx.publish(card);
    }
    // The page is kept even with citation errors (the build fails anyway), so the link
    // checker does not report every link to it as broken.
    (o, diags)
}
