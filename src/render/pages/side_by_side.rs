//! View models of the pages that put cities side by side (the SDG pages, the cities index and
//! the compare tables): their view models and pages.

use minijinja::Environment;

use super::catalog::{can_score, category_href, unscorable_categories};
use super::city_card::{coverage_short, year_text};
use super::shared::{Rendered, chunked_matrix, home_link, keyed_by_kpis, render_one};
use crate::model::catalog::{Catalog, Kpi};
use crate::model::city::City;
use crate::model::content::Content;
use crate::model::results::{CityResult, KpiResult};
use crate::model::state::State;
use crate::render::ctx::Ctx;
use crate::render::view::*;

/// Cities in the comparison matrices at most (the data downloads have every city).
pub const COMPARE_CITIES: usize = 100;

/// Where, within a language, the compare columns of the cities past [`COMPARE_CITIES`] are
/// (`<slug>.json`, written by `compare_column`).
pub const COLUMNS_PATH: &str = "compare/cities/";

/// Sort key for names, so "Ålesund" sorts with the A's.
pub fn name_key(name: &str) -> String {
    deunicode::deunicode(name).to_lowercase()
}

/// The goals (1 to 17) a KPI's SDG targets belong to, each once.
pub fn goals_of(k: &Kpi) -> Vec<u32> {
    let mut goals: Vec<u32> = k
        .sdg
        .iter()
        .filter_map(|t| t.split('.').next()?.trim().parse().ok())
        .filter(|g| (1..=17).contains(g))
        .collect();
    // A KPI citing 11.2 and 11.6 counts once for goal 11, wherever the targets are listed.
    goals.sort_unstable();
    goals.dedup();
    goals
}

/// The KPIs (catalog indices) linked to `goal`.
pub fn sdg_kpis(catalog: &Catalog, goal: u32) -> Vec<usize> {
    (0..catalog.kpis.len())
        .filter(|&ki| goals_of(&catalog.kpis[ki]).contains(&goal))
        .collect()
}

/// A city's overall score; when it is missing although the pooled items would do, or in any
/// case below the rule, the note names the dimensions that hold it back.
pub fn overall_cell(ctx: &Ctx<'_>, cr: &CityResult) -> Cell {
    let note = if cr.overall.state == State::InsufficientData {
        let below: Vec<String> = ctx
            .catalog
            .dimensions
            .iter()
            .zip(&cr.dimensions)
            .filter(|(_, r)| r.score.state != State::Scored && r.score.scorable > 0)
            .map(|(d, _)| ctx.dim_name(d))
            .collect();
        if below.is_empty() {
            String::new()
        } else {
            ctx.tf("score.overall_why", &[("dimensions", &below.join(", "))])
        }
    } else {
        String::new()
    };
    Cell {
        score: ctx.score(&cr.overall),
        lines: Vec::new(),
        note,
    }
}

/// The SDG index: every goal, with the number of KPIs linked to it; a goal without any has no
/// page, so no link.
pub fn sdg_index(ctx: &Ctx<'_>) -> SdgIndexView {
    let mut counts = [0usize; 17];
    for k in &ctx.catalog.kpis {
        for g in goals_of(k) {
            counts[g as usize - 1] += 1;
        }
    }
    SdgIndexView {
        goals: (1..=17u32)
            .zip(counts)
            .map(|(g, n)| KpiMention {
                code: format!("SDG {g}"),
                name: ctx.tf(
                    "sdg.heading",
                    &[
                        ("goal", &g.to_string()),
                        ("title", &ctx.t(&format!("sdg.{g}"))),
                    ],
                ),
                href: if n > 0 {
                    ctx.urls.href(&format!("sdgs/{g}/"))
                } else {
                    String::new()
                },
                detail: ctx.tn("sdg.kpi_count", n, &[]),
            })
            .collect(),
    }
}

/// The KPIs linked to `goal`, each with the SDG targets it cites.
pub fn sdg_mentions(ctx: &Ctx<'_>, linked: &[usize], goal: u32) -> Vec<KpiMention> {
    linked
        .iter()
        .map(|&ki| {
            let k = &ctx.catalog.kpis[ki];
            let targets: Vec<&str> = k
                .sdg
                .iter()
                .filter(|t| t.split('.').next().and_then(|g| g.trim().parse().ok()) == Some(goal))
                .map(String::as_str)
                .collect();
            KpiMention {
                code: k.code.clone(),
                name: ctx.kpi_name(k),
                href: ctx.urls.indicator(&k.slug),
                detail: ctx.tf("sdg.target", &[("target", &targets.join(", "))]),
            }
        })
        .collect()
}

/// Column headers of an SDG matrix: each KPI's name, with its code as secondary text.
pub fn sdg_columns(ctx: &Ctx<'_>, linked: &[usize]) -> Vec<Column> {
    linked
        .iter()
        .map(|&ki| {
            let k = &ctx.catalog.kpis[ki];
            Column {
                label: ctx.kpi_name(k),
                href: ctx.urls.indicator(&k.slug),
                code: k.code.clone(),
                state: k.unscored_state().map(|s| ctx.state(s)).unwrap_or_default(),
            }
        })
        .collect()
}

/// A city's row of an SDG page: its values on each linked KPI, or why it has none.
///
/// `said` is each linked KPI's [`Kpi::unscored_state`], which its column's header gives
/// instead of every cell (a catalog fact: the caller works it out once for many rows).
pub fn sdg_row(
    ctx: &Ctx<'_>,
    linked: &[usize],
    said: &[Option<State>],
    i: usize,
) -> MatrixRow<Cell> {
    let (e, cr) = (&ctx.input.content.cities[i], &ctx.input.results.cities[i]);
    MatrixRow {
        label: ctx.city_link(&e.city),
        cells: linked
            .iter()
            .zip(said)
            .map(|(&ki, &said)| {
                let k = &ctx.catalog.kpis[ki];
                value_cell(ctx, &e.city, k, cr.kpi(ctx.catalog, ki), said)
            })
            .collect(),
    }
}

/// A city's values of one KPI (one line per data point), each with its band when scored or
/// the state word when not; without a value, the state word alone.
fn value_cell(ctx: &Ctx<'_>, city: &City, k: &Kpi, r: &KpiResult, said: Option<State>) -> Cell {
    let no_value = || Cell {
        score: ScoreView {
            text: ctx.state(r.state),
            state: r.state.key(),
            sort: -2.0,
            ..ScoreView::default()
        },
        ..Cell::default()
    };
    if !r.state.has_value() || r.items.is_empty() {
        return no_value();
    }
    // A KPI none of whose items can be scored says why in its column's header (`sdg_columns`),
    // not in each of its thousand cells.
    let lines: Vec<ValueLine> = r
        .items
        .iter()
        .map(|it| {
            let value = ctx.tf(
                "cell.value_year",
                &[
                    ("value", &ctx.value_text(k, it)),
                    ("year", &year_text(ctx, city, it.year)),
                ],
            );
            let text = match it.point.as_deref().and_then(|p| k.data_point(p)) {
                Some(dp) => ctx.tf(
                    "cell.point_value",
                    &[("point", &ctx.point_name(dp)), ("value", &value)],
                ),
                None => value,
            };
            match it.band.filter(|_| it.state == State::Scored) {
                Some(b) => ValueLine {
                    text,
                    band: b,
                    band_short: ctx.tf("band.short", &[("band", &b.to_string())]),
                    band_mention: format!(
                        "{}, {}",
                        ctx.tf("mention.band", &[("band", &b.to_string())]),
                        ctx.band_label(Some(b))
                    ),
                    state_text: String::new(),
                },
                None if said == Some(it.state) => ValueLine {
                    text,
                    ..ValueLine::default()
                },
                None => ValueLine {
                    text,
                    state_text: ctx.state(it.state),
                    ..ValueLine::default()
                },
            }
        })
        .collect();
    // For a site's own macros that only print a score's text.
    let summary: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
    Cell {
        score: ScoreView {
            text: summary.join("; "),
            state: r.state.key(),
            sort: r.items[0].value,
            ..ScoreView::default()
        },
        lines,
        note: String::new(),
    }
}

/// The cities index: every city with its coverage and scores, by name.
pub fn cities_view(ctx: &Ctx<'_>) -> CitiesView {
    let content = ctx.input.content;
    let mut rows: Vec<CityRow> = content
        .cities
        .iter()
        .zip(&ctx.input.results.cities)
        .map(|(e, cr)| CityRow {
            name: ctx.city_name(&e.city),
            href: ctx.urls.city(&e.city.slug),
            country: ctx.country(&e.city),
            population: e
                .city
                .population
                .map(|p| ctx.loc.integer(p))
                .unwrap_or_else(|| "–".into()),
            population_sort: e.city.population.map_or(-1.0, |p| p as f64),
            year: e
                .city
                .evaluation
                .published_year()
                .unwrap_or(e.city.evaluation.data_year)
                .to_string(),
            coverage: ctx.loc.percent(cr.coverage.pct),
            coverage_sort: cr.coverage.pct,
            overall: overall_cell(ctx, cr),
            dims: cr.dimensions.iter().map(|d| ctx.score(&d.score)).collect(),
        })
        .collect();
    rows.sort_by_cached_key(|r| name_key(&r.name));
    CitiesView {
        dim_names: ctx
            .catalog
            .dimensions
            .iter()
            .map(|d| ctx.dim_name(d))
            .collect(),
        rows,
        rule: ctx.rule_text(),
    }
}

/// Every city of the site in the compare page's column order (by name): the page holds the
/// first [`COMPARE_CITIES`], and the others' columns are files of their own.
pub fn compare_order(content: &Content) -> Vec<usize> {
    let cities = &content.cities;
    let mut order: Vec<usize> = (0..cities.len()).collect();
    order.sort_by_cached_key(|&i| name_key(&cities[i].city.name));
    order
}

/// A KPI's coverage cell for one city: a value given, or which kind of missing.
fn coverage_cell(ctx: &Ctx<'_>, state: State) -> CoverageCell {
    if state.has_value() {
        // Scored or not, the city gave a value: that is what coverage is about.
        CoverageCell {
            status: "value",
            text: ctx.t("compare.value_given"),
        }
    } else {
        CoverageCell {
            status: state.key(),
            text: ctx.state(state),
        }
    }
}

/// The overall and dimension rows of the compare page, and a chart of each dimension.
fn compare_dimensions(
    ctx: &Ctx<'_>,
    cities: &[usize],
) -> (Vec<CompareRow<Cell>>, Vec<CompareChart>) {
    let results = &ctx.input.results.cities;
    let overall = CompareRow {
        // Its header explains the overall score when the site has a page on reading a profile.
        label: Link {
            label: ctx.t("compare.overall"),
            href: ctx.site.reading_href.clone(),
        },
        detail: String::new(),
        cells: cities
            .iter()
            .map(|&i| overall_cell(ctx, &results[i]))
            .collect(),
    };
    let mut rows = vec![overall];
    let mut charts = Vec::new();
    for (di, d) in ctx.catalog.dimensions.iter().enumerate() {
        let name = ctx.dim_name(d);
        let scores: Vec<ScoreView> = cities
            .iter()
            .map(|&i| ctx.score(&results[i].dimensions[di].score))
            .collect();
        charts.push(CompareChart {
            title: name.clone(),
            bars: cities
                .iter()
                .zip(&scores)
                .map(|(&i, s)| {
                    let score = &results[i].dimensions[di].score;
                    CompareBar {
                        city: ctx.city_name(&ctx.input.content.cities[i].city),
                        // Only a score that meets the rule is drawn: a bar for "insufficient
                        // data" would read as a low score.
                        width: match (score.state, score.pct) {
                            (State::Scored, Some(p)) => format!("{:.1}", p.clamp(0.0, 100.0)),
                            _ => String::new(),
                        },
                        band: s.band,
                        score: s.clone(),
                    }
                })
                .collect(),
        });
        rows.push(CompareRow {
            label: Link {
                label: name,
                href: ctx.urls.href(&format!("dimensions/{}/", d.slug)),
            },
            detail: String::new(),
            cells: scores
                .into_iter()
                .map(|score| Cell {
                    score,
                    ..Cell::default()
                })
                .collect(),
        });
    }
    (rows, charts)
}

/// The category scores of the compare page, a group per dimension.
fn compare_categories(ctx: &Ctx<'_>, cities: &[usize]) -> Vec<CompareGroup> {
    let results = &ctx.input.results.cities;
    let mut groups = Vec::new();
    for (di, d) in ctx.catalog.dimensions.iter().enumerate() {
        let mut rows = Vec::new();
        for (si, s) in d.subdimensions.iter().enumerate() {
            // As on the dimension pages: a category that can never be scored would read the
            // same state word for every city; the group names it once instead.
            for (ci, c) in s
                .categories
                .iter()
                .enumerate()
                .filter(|(_, c)| can_score(ctx, c))
            {
                rows.push(CompareRow {
                    label: Link {
                        label: ctx.cat_name(c),
                        href: category_href(ctx, d, c),
                    },
                    // Four category names occur under two sub-dimensions.
                    detail: ctx.sub_name(s),
                    cells: cities
                        .iter()
                        .map(|&i| {
                            let r = &results[i].dimensions[di].subdimensions[si].categories[ci];
                            ctx.score(&r.score)
                        })
                        .collect(),
                });
            }
        }
        groups.push(CompareGroup {
            id: format!("cmp-cat-{}", d.slug),
            name: ctx.dim_name(d),
            rows,
            unscored: unscorable_categories(ctx, di, false),
        });
    }
    groups
}

/// Which KPIs each city reports, a table per dimension and a group per category, each KPI by
/// name and code.
fn compare_coverage(ctx: &Ctx<'_>, cities: &[usize]) -> Vec<CoverageTable> {
    let catalog = ctx.catalog;
    let results = &ctx.input.results.cities;
    catalog
        .dimensions
        .iter()
        .map(|d| CoverageTable {
            id: format!("cmp-cov-{}", d.slug),
            name: ctx.dim_name(d),
            groups: d
                .subdimensions
                .iter()
                .flat_map(|s| s.categories.iter().map(move |c| (s, c)))
                .map(|(s, c)| CompareGroup {
                    id: format!("cmp-cov-{}", c.slug),
                    name: format!("{} ({})", ctx.cat_name(c), ctx.sub_name(s)),
                    rows: c
                        .kpis
                        .iter()
                        .map(|&ki| {
                            let k = &catalog.kpis[ki];
                            CompareRow {
                                label: Link {
                                    label: ctx.kpi_name(k),
                                    href: ctx.urls.indicator(&k.slug),
                                },
                                detail: k.code.clone(),
                                cells: cities
                                    .iter()
                                    .map(|&i| coverage_cell(ctx, results[i].kpi(catalog, ki).state))
                                    .collect(),
                            }
                        })
                        .collect(),
                    unscored: Vec::new(),
                })
                .collect(),
        })
        .collect()
}

/// The compare page: scores, charts and coverage of the first [`COMPARE_CITIES`] cities by
/// name, a column per city; past them, the other cities' slugs and names, for the form.
pub fn compare_view(ctx: &Ctx<'_>) -> CompareView {
    let content = ctx.input.content;
    let mut cities = compare_order(content);
    // Past COMPARE_CITIES cities the tables would weigh many megabytes: the page holds the
    // first cities by name, and the form fetches any other's column.
    let rest = cities.split_off(cities.len().min(COMPARE_CITIES));
    let mut view = compare_columns(ctx, &cities);
    if !rest.is_empty() {
        view.note = ctx.tn(
            "compare.capped",
            content.cities.len(),
            &[("shown", &cities.len().to_string())],
        );
        view.columns_href = ctx.urls.href(COLUMNS_PATH);
        view.more = more_json(ctx, &rest);
    }
    view
}

/// The cities past the page's as the form reads them: a JSON array of slug and name, city
/// after city (pairs would cost four bytes a city), safe inside a script element.
fn more_json(ctx: &Ctx<'_>, rest: &[usize]) -> String {
    let flat: Vec<String> = rest
        .iter()
        .flat_map(|&i| {
            let city = &ctx.input.content.cities[i].city;
            [city.slug.clone(), ctx.city_name(city)]
        })
        .collect();
    serde_json::to_string(&flat)
        .unwrap_or_default()
        .replace('<', "\\u003c")
}

/// The compare tables and charts of `cities`, a column each, in that order; no note and no
/// other cities.
pub fn compare_columns(ctx: &Ctx<'_>, cities: &[usize]) -> CompareView {
    let content = ctx.input.content;
    let (dimensions, charts) = compare_dimensions(ctx, cities);
    CompareView {
        note: String::new(),
        dimensions,
        charts,
        categories: compare_categories(ctx, cities),
        coverage: compare_coverage(ctx, cities),
        cities: cities
            .iter()
            .map(|&i| {
                let city = &content.cities[i].city;
                CompareCity {
                    slug: city.slug.clone(),
                    link: ctx.city_link(city),
                    coverage: coverage_short(ctx, city, &ctx.input.results.cities[i]),
                }
            })
            .collect(),
        // The site-wide rule sentence also explains sorting, which these tables do not offer.
        rule: ctx.tf("compare.rule", &[("share", &ctx.min_coverage_text())]),
        columns_href: String::new(),
        more: String::new(),
    }
}

/// SDG goals that any KPI links to: the goals with a page.
pub fn sdg_goals(catalog: &Catalog) -> Vec<u32> {
    let mut goals: Vec<u32> = catalog.kpis.iter().flat_map(goals_of).collect();
    goals.sort_unstable();
    goals.dedup();
    goals
}

/// Renders the cities index.
pub fn render_cities(ctx: &Ctx<'_>, all: &[Ctx<'_>], env: &Environment<'_>) -> Rendered {
    let home = home_link(ctx);
    let view = cities_view(ctx);
    let meta = ctx.meta(
        &ctx.t("cities.title"),
        &ctx.t("cities.description"),
        "cities/",
        "cities",
        vec![home],
    );
    render_one(ctx, all, env, "cities.html", meta, "cities", &view)
}

/// Renders the SDG index: the goals and the KPIs linked to each.
pub fn render_sdgs(ctx: &Ctx<'_>, all: &[Ctx<'_>], env: &Environment<'_>) -> Rendered {
    let home = home_link(ctx);
    let view = sdg_index(ctx);
    let meta = ctx.meta(
        &ctx.t("sdgs.title"),
        &ctx.t("sdgs.description"),
        "sdgs/",
        "indicators",
        vec![home, ctx.link(&ctx.t("nav.indicators"), "indicators/")],
    );
    render_one(ctx, all, env, "sdgs.html", meta, "sdgs", &view)
}

/// Renders the page of SDG `g` with its cities × KPIs matrix, or reuses it when no city's
/// result for the linked KPIs changed.
pub fn render_sdg(ctx: &Ctx<'_>, all: &[Ctx<'_>], env: &Environment<'_>, g: u32) -> Rendered {
    let home = home_link(ctx);
    let catalog = ctx.catalog;
    let goal = g.to_string();
    let linked = sdg_kpis(catalog, g);
    let page_path = format!("sdgs/{g}/");
    keyed_by_kpis(
        ctx,
        all,
        env,
        &page_path,
        "sdg.html",
        "sdg",
        &linked,
        |splices| {
            let kpis = sdg_mentions(ctx, &linked, g);
            let matrix = chunked_matrix(
                ctx,
                env,
                splices,
                &page_path,
                "sdg.html",
                &linked,
                ctx.tf("sdg.matrix", &[("goal", &goal)]),
                sdg_columns(ctx, &linked),
                |cities| {
                    let said: Vec<Option<State>> = linked
                        .iter()
                        .map(|&k| catalog.kpis[k].unscored_state())
                        .collect();
                    cities.map(|i| sdg_row(ctx, &linked, &said, i)).collect()
                },
            )?;
            let title = ctx.t(&format!("sdg.{g}"));
            let view = SdgView {
                goal: g,
                title: title.clone(),
                kpis,
                matrix,
            };
            let heading = ctx.tf("sdg.heading", &[("goal", &goal), ("title", &title)]);
            let meta = ctx.meta(
                &heading,
                &ctx.tf("sdg.description", &[("goal", &goal)]),
                &page_path,
                "indicators",
                vec![
                    home,
                    ctx.link(&ctx.t("nav.indicators"), "indicators/"),
                    ctx.link(&ctx.t("sdgs.title"), "sdgs/"),
                ],
            );
            Ok((meta, view))
        },
    )
}

/// Renders the compare page.
pub fn render_compare(ctx: &Ctx<'_>, all: &[Ctx<'_>], env: &Environment<'_>) -> Rendered {
    let home = home_link(ctx);
    let view = compare_view(ctx);
    let meta = ctx.meta(
        &ctx.t("compare.title"),
        &ctx.t("compare.description"),
        "compare/",
        "compare",
        vec![home],
    );
    render_one(ctx, all, env, "compare.html", meta, "compare", &view)
}
