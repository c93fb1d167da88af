//! The catalog pages: the indicators index (the catalog tree) and a page per dimension with
//! its cities × categories score matrix.

use minijinja::Environment;

use super::shared::{Rendered, chunked_matrix, home_link, keyed_by_kpis, render_one};
use crate::model::catalog::{Benchmark, Category, Dimension, Kpi, SubDimension, Tier};
use crate::model::state::State;
use crate::render::ctx::Ctx;
use crate::render::view::*;

/// The catalog tree of one dimension.
pub fn tree_dim(ctx: &Ctx<'_>, di: usize) -> TreeDim {
    let d = &ctx.catalog.dimensions[di];
    TreeDim {
        name: ctx.dim_name(d),
        href: ctx.urls.href(&format!("dimensions/{}/", d.slug)),
        anchor: d.slug.clone(),
        subdimensions: d
            .subdimensions
            .iter()
            .map(|s| TreeSub {
                name: ctx.sub_name(s),
                anchor: s.slug.clone(),
                categories: s
                    .categories
                    .iter()
                    .map(|c| TreeCat {
                        name: ctx.cat_name(c),
                        anchor: c.slug.clone(),
                        kpis: c
                            .kpis
                            .iter()
                            .map(|&ki| {
                                let k = &ctx.catalog.kpis[ki];
                                let n = ctx.input.results.kpis[ki].reporting;
                                TreeKpi {
                                    code: k.code.clone(),
                                    name: ctx.kpi_name(k),
                                    href: ctx.urls.indicator(&k.slug),
                                    tier: k.tier,
                                    unit: ctx.unit(&k.unit),
                                    reporting: ctx.tn("reporting.cities", n as usize, &[]),
                                    target: target_summary(ctx, k),
                                }
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// "official" / "indicative" for a target.
fn kind(ctx: &Ctx<'_>, official: bool) -> String {
    ctx.t(if official {
        "target.official"
    } else {
        "target.indicative"
    })
}

/// A KPI's target in the tree, with whether it is official.
fn target_summary(ctx: &Ctx<'_>, k: &Kpi) -> String {
    match k.benchmark(None) {
        Benchmark::NoBenchmark => ctx.state(State::NoBenchmark),
        Benchmark::Target(t) => format!(
            "{} ({})",
            ctx.target_text(t.value, &k.unit, k.direction, t.year),
            kind(ctx, t.official)
        ),
        Benchmark::YesNo => format!("{} ({})", ctx.t("value.yes"), kind(ctx, false)),
        Benchmark::NoTarget if k.scorable_items() > 0 => ctx.t("target.per_point"),
        Benchmark::NoTarget => ctx.state(State::NoTarget),
    }
}

/// Column headers of a cities × categories matrix: each category of the given dimensions.
pub fn category_columns(ctx: &Ctx<'_>, dims: &[usize]) -> Vec<Column> {
    let mut columns = Vec::new();
    for &di in dims {
        let d = &ctx.catalog.dimensions[di];
        for s in &d.subdimensions {
            for c in s.categories.iter().filter(|c| can_score(ctx, c)) {
                columns.push(Column {
                    label: category_label(ctx, s, c),
                    href: category_href(ctx, d, c),
                    code: String::new(),
                    state: String::new(),
                });
            }
        }
    }
    columns
}

/// A category's list of KPIs on its dimension's page.
pub fn category_href(ctx: &Ctx<'_>, d: &Dimension, c: &Category) -> String {
    ctx.urls.href(&format!("dimensions/{}/#{}", d.slug, c.slug))
}

/// "Drainage (ICT)": a category named with its sub-dimension, as names repeat across them.
fn category_label(ctx: &Ctx<'_>, s: &SubDimension, c: &Category) -> String {
    format!("{} ({})", ctx.cat_name(c), ctx.sub_name(s))
}

/// Whether a KPI of category `c` can be scored. A category that has none would show the same
/// state word for every city: its column is left out of the matrices and the page names it
/// once below ([`unscorable_categories`]).
pub fn can_score(ctx: &Ctx<'_>, c: &Category) -> bool {
    c.kpis
        .iter()
        .any(|&k| ctx.catalog.kpis[k].scorable_items() > 0)
}

/// The categories of dimension `di` left out of the matrices by [`can_score`], each linked to
/// its KPIs on the dimension's page (`local`: from that page itself).
pub fn unscorable_categories(ctx: &Ctx<'_>, di: usize, local: bool) -> Vec<Link> {
    let d = &ctx.catalog.dimensions[di];
    d.subdimensions
        .iter()
        .flat_map(|s| s.categories.iter().map(move |c| (s, c)))
        .filter(|(_, c)| !can_score(ctx, c))
        .map(|(s, c)| Link {
            label: category_label(ctx, s, c),
            href: if local {
                format!("#{}", c.slug)
            } else {
                category_href(ctx, d, c)
            },
        })
        .collect()
}

/// Rows of a cities × categories matrix for the cities `cities` (indices into the content's
/// cities, in the order given), with the columns of [`category_columns`].
pub fn category_rows(
    ctx: &Ctx<'_>,
    dims: &[usize],
    cities: impl Iterator<Item = usize>,
) -> Vec<MatrixRow> {
    let content = ctx.input.content;
    // Which categories have a column: a catalog fact, worked out once, not once per city.
    let shown: Vec<Vec<Vec<bool>>> = dims
        .iter()
        .map(|&di| {
            ctx.catalog.dimensions[di]
                .subdimensions
                .iter()
                .map(|s| s.categories.iter().map(|c| can_score(ctx, c)).collect())
                .collect()
        })
        .collect();
    cities
        .map(|i| {
            let (e, cr) = (&content.cities[i], &ctx.input.results.cities[i]);
            MatrixRow {
                label: ctx.city_link(&e.city),
                cells: dims
                    .iter()
                    .zip(&shown)
                    .flat_map(|(&di, shown)| {
                        cr.dimensions[di]
                            .subdimensions
                            .iter()
                            .zip(shown)
                            .flat_map(|(sr, shown)| sr.categories.iter().zip(shown))
                            .filter(|(_, shown)| **shown)
                            .map(|(c, _)| ctx.score(&c.score))
                    })
                    .collect(),
            }
        })
        .collect()
}

/// Renders the indicators index: the catalog tree of every dimension.
pub fn render_indicators(ctx: &Ctx<'_>, all: &[Ctx<'_>], env: &Environment<'_>) -> Rendered {
    let home = home_link(ctx);
    let catalog = ctx.catalog;
    let n_core = catalog.kpis.iter().filter(|k| k.tier == Tier::Core).count();
    let view = IndicatorsView {
        dimensions: (0..catalog.dimensions.len())
            .map(|d| tree_dim(ctx, d))
            .collect(),
        summary: ctx.tf(
            "indicators.summary",
            &[
                ("n", &catalog.kpis.len().to_string()),
                ("core", &n_core.to_string()),
                ("advanced", &(catalog.kpis.len() - n_core).to_string()),
                ("dimensions", &catalog.dimensions.len().to_string()),
            ],
        ),
    };
    let meta = ctx.meta(
        &ctx.t("indicators.title"),
        &ctx.tf(
            "indicators.description",
            &[("catalog", &ctx.site.catalog_name)],
        ),
        "indicators/",
        "indicators",
        vec![home],
    );
    render_one(ctx, all, env, "indicators.html", meta, "indicators", &view)
}

/// Renders the page of dimension `di` with its score matrix, or reuses it when no city's
/// result for its KPIs changed.
pub fn render_dimension(
    ctx: &Ctx<'_>,
    all: &[Ctx<'_>],
    env: &Environment<'_>,
    di: usize,
) -> Rendered {
    let home = home_link(ctx);
    let catalog = ctx.catalog;
    let d = &catalog.dimensions[di];
    let kpis: Vec<usize> = (0..catalog.kpis.len())
        .filter(|&k| catalog.kpis[k].dimension == di)
        .collect();
    let page_path = format!("dimensions/{}/", d.slug);
    keyed_by_kpis(
        ctx,
        all,
        env,
        &page_path,
        "dimension.html",
        "dimension",
        &kpis,
        |splices| {
            let n_kpis: usize = d
                .subdimensions
                .iter()
                .flat_map(|s| &s.categories)
                .map(|c| c.kpis.len())
                .sum();
            let n_cats: usize = d.subdimensions.iter().map(|s| s.categories.len()).sum();
            let name = ctx.dim_name(d);
            let view = DimensionView {
                name: name.clone(),
                tree: tree_dim(ctx, di),
                matrix: chunked_matrix(
                    ctx,
                    env,
                    splices,
                    &page_path,
                    "dimension.html",
                    &kpis,
                    ctx.tf("dimension.matrix", &[("dimension", &name)]),
                    category_columns(ctx, &[di]),
                    |cities| category_rows(ctx, &[di], cities),
                )?,
                summary: ctx.tf(
                    "dimension.summary",
                    &[
                        ("kpis", &n_kpis.to_string()),
                        ("subs", &d.subdimensions.len().to_string()),
                        ("cats", &n_cats.to_string()),
                    ],
                ),
                rule: ctx.rule_text(),
                unscored: unscorable_categories(ctx, di, true),
            };
            let meta = ctx.meta(
                &name,
                &ctx.tf("dimension.description", &[("dimension", &name)]),
                &page_path,
                "indicators",
                vec![home, ctx.link(&ctx.t("nav.indicators"), "indicators/")],
            );
            Ok((meta, view))
        },
    )
}
