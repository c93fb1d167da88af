//! Indicator pages: one per KPI, its definition, targets, method and every city's value.

use minijinja::Environment;

use super::embed;
use super::share_card;
use super::shared::{Rendered, home_link, keyed_by_kpis};
use crate::model::catalog::{Benchmark, DataPoint, Direction, Kpi, Target};
use crate::model::results::{ItemComparison, PEER_GROUP_MIN};
use crate::model::state::State;
use crate::model::translation::is_link;
use crate::render::charts;
use crate::render::ctx::Ctx;
use crate::render::env::escape_html as escape;
use crate::render::methodology::{
    MethodologyPage, Publication, ReportKind, parse_page, parse_report,
};
use crate::render::urls::indicator_path;
use crate::render::view::*;

/// The Targets section of an indicator page: a line per item (the KPI, or each data point),
/// each decided by [`Kpi::benchmark`] like the scores, or one sentence for a KPI that is not
/// scored against a target of its own.
fn targets_section(ctx: &Ctx<'_>, k: &Kpi) -> (Vec<TargetView>, String) {
    let line = |label: String, t: &Target, unit: &str, direction: Direction| TargetView {
        label,
        value: ctx.target_text(t.value, unit, direction, t.year),
        official: t.official,
        source: ctx.target_source(&t.source),
        note: String::new(),
    };
    if k.data_points.is_empty() || k.no_benchmark {
        return match k.benchmark(None) {
            Benchmark::Target(t) => (
                vec![line(String::new(), t, &k.unit, k.direction)],
                String::new(),
            ),
            b => (Vec::new(), benchmark_sentence(ctx, b)),
        };
    }
    let points: Vec<(&DataPoint, Benchmark<'_>)> = k
        .data_points
        .iter()
        .map(|dp| (dp, k.benchmark(Some(&dp.key))))
        .collect();
    // Data points that all lack a target for the same reason get one sentence, not a line each.
    let same = |a: &Benchmark<'_>, b: &Benchmark<'_>| {
        std::mem::discriminant(a) == std::mem::discriminant(b)
    };
    if let Some((_, first)) = points.first()
        && !matches!(first, Benchmark::Target(_))
        && points.iter().all(|(_, b)| same(b, first))
    {
        return (Vec::new(), benchmark_sentence(ctx, *first));
    }
    let lines = points
        .into_iter()
        .map(|(dp, b)| {
            let label = ctx.point_name(dp);
            match b {
                Benchmark::Target(t) => line(label, t, &dp.unit, dp.direction),
                b => TargetView {
                    label,
                    value: String::new(),
                    official: false,
                    source: String::new(),
                    note: item_benchmark(ctx, b),
                },
            }
        })
        .collect();
    (lines, String::new())
}

/// Why a KPI without a target of its own is scored (yes/no) or not, in a sentence.
fn benchmark_sentence(ctx: &Ctx<'_>, b: Benchmark<'_>) -> String {
    match b {
        Benchmark::Target(_) => String::new(),
        Benchmark::YesNo => ctx.t("indicator.yes_meets"),
        Benchmark::NoBenchmark => ctx.tf(
            "indicator.benchmark_none",
            &[("state", &ctx.state(State::NoBenchmark))],
        ),
        Benchmark::NoTarget => ctx.tf(
            "indicator.benchmark_no_target",
            &[("state", &ctx.state(State::NoTarget))],
        ),
    }
}

/// The same for one item: the yes/no rule, or the state its chart's grey legend entry names.
fn item_benchmark(ctx: &Ctx<'_>, b: Benchmark<'_>) -> String {
    match b {
        Benchmark::Target(_) => String::new(),
        Benchmark::YesNo => ctx.t("indicator.yes_meets"),
        Benchmark::NoBenchmark => ctx.state(State::NoBenchmark),
        Benchmark::NoTarget => ctx.state(State::NoTarget),
    }
}

/// The Direction entry: the catalog's direction, or, when U4SSC does not state it, what this
/// site assumes (so an inference is never presented as the methodology's).
fn direction_text(ctx: &Ctx<'_>, k: &Kpi) -> String {
    // Data points with directions of their own (a transport mode share: fewer car trips, more
    // cycling) are this site's reading, per point: the KPI's "closeness to the target" would
    // describe none of them.
    if let Some(list) = per_point(ctx, k, |d| ctx.direction(d)) {
        return ctx.tf("indicator.direction_points", &[("list", &list)]);
    }
    if k.direction_stated() {
        return ctx.direction(k.direction);
    }
    ctx.t(match k.direction {
        Direction::Higher => "indicator.direction_assumed_higher",
        Direction::Lower => "indicator.direction_assumed_lower",
        Direction::Target => "indicator.direction_assumed_target",
        Direction::YesNo => "indicator.direction_assumed_yesno",
    })
}

/// "private vehicle: Lower is better; public transport, walking: Higher is better" when the
/// KPI's data points have directions other than the KPI's own; `None` otherwise.
fn per_point(ctx: &Ctx<'_>, k: &Kpi, words: impl Fn(Direction) -> String) -> Option<String> {
    if !k.data_points.iter().any(|d| d.direction != k.direction) {
        return None;
    }
    let mut groups: Vec<(Direction, Vec<String>)> = Vec::new();
    for d in &k.data_points {
        let name = ctx.point_name(d);
        match groups.iter_mut().find(|(dir, _)| *dir == d.direction) {
            Some((_, names)) => names.push(name),
            None => groups.push((d.direction, vec![name])),
        }
    }
    Some(
        groups
            .iter()
            .map(|(d, names)| ctx.loc.label(&names.join(", "), &words(*d)))
            .collect::<Vec<_>>()
            .join(ctx.loc.semicolon),
    )
}

/// A UI string as HTML with `{name}` filled by HTML fragments (the string itself is escaped,
/// the fragments must already be).
fn fill_html(ctx: &Ctx<'_>, key: &str, args: &[(&str, &str)]) -> String {
    crate::render::i18n::fill(&escape(&ctx.t(key)), args)
}

/// "<cite>Title</cite> (ITU, 2022), pages <a>33</a> and <a>34</a>", each page linked.
fn publication_ref(ctx: &Ctx<'_>, p: Publication, pages: &[&MethodologyPage<'_>]) -> String {
    let links: Vec<String> = pages
        .iter()
        .map(|m| {
            format!(
                "<a class=\"external\" href=\"{}\">{}</a>",
                escape(m.url),
                m.page
            )
        })
        .collect();
    let pages_html = match links.as_slice() {
        [] => String::new(),
        [one] => fill_html(ctx, "indicator.method_page", &[("page", one)]),
        [init @ .., last] => {
            let list = fill_html(
                ctx,
                "indicator.method_and",
                &[("list", &init.join(", ")), ("last", last)],
            );
            fill_html(ctx, "indicator.method_pages", &[("pages", &list)])
        }
    };
    fill_html(
        ctx,
        "indicator.method_ref",
        &[
            ("title", &format!("<cite>{}</cite>", escape(p.title()))),
            ("year", &p.year().to_string()),
            ("pages", &pages_html),
        ],
    )
}

/// One sentence saying where the KPI's definition and calculation come from: the ITU
/// publication pages among its sources, or that none was available to this site.
fn method_source_html(ctx: &Ctx<'_>, k: &Kpi) -> String {
    let pages = k.methodology_pages();
    let refs: Vec<String> = Publication::ALL
        .into_iter()
        .filter_map(|p| {
            let of: Vec<&MethodologyPage<'_>> =
                pages.iter().filter(|m| m.publication == p).collect();
            (!of.is_empty()).then(|| publication_ref(ctx, p, &of))
        })
        .collect();
    match refs.as_slice() {
        [] => escape(&ctx.t("indicator.method_none")),
        [one] => fill_html(ctx, "indicator.method_one", &[("source", one)]),
        [first, second, ..] => fill_html(
            ctx,
            "indicator.method_two",
            &[("first", first), ("second", second)],
        ),
    }
}

/// A source of the KPI as a link titled in words: an ITU methodology page or city report by
/// its title and page, any other address by its host. Sources that are words rather than
/// addresses are the maintainers' notes on where a fact was read, not references a reader
/// can follow, and are left out.
fn reference(ctx: &Ctx<'_>, source: &str) -> Option<Link> {
    if !is_link(source) {
        return None;
    }
    let page = |n: u32| ctx.tf("indicator.method_page", &[("page", &n.to_string())]);
    let label = if let Some(m) = parse_page(source) {
        ctx.tf(
            "indicator.method_ref",
            &[
                ("title", m.publication.title()),
                ("year", &m.publication.year().to_string()),
                ("pages", &page(m.page)),
            ],
        )
    } else if let Some(r) = parse_report(source) {
        let key = match r.kind {
            ReportKind::Factsheet => "ref.factsheet",
            ReportKind::VerificationReport => "ref.verification",
        };
        ctx.tf(
            key,
            &[
                ("place", &r.place),
                ("year", &r.year.to_string()),
                ("page", &page(r.page)),
            ],
        )
    } else {
        let rest = source.split_once("://").map_or(source, |(_, r)| r);
        rest.split(['/', '?', '#'])
            .next()
            .unwrap_or(rest)
            .to_owned()
    };
    Some(Link {
        label,
        href: source.to_owned(),
    })
}

/// An indicator page.
pub fn indicator_view(ctx: &Ctx<'_>, ki: usize) -> IndicatorView {
    // A bar without a band gets the charts' grey "no benchmark" legend entry, whose site-wide
    // word is "no target known"; on a KPI that U4SSC prints without a benchmark the page's own
    // words say so instead.
    if ctx.catalog.kpis[ki].no_benchmark {
        let words = charts::Words {
            no_benchmark: ctx.state(State::NoBenchmark),
            ..ctx.chart_words.clone()
        };
        return charts::with_words(&words, || indicator_page(ctx, ki));
    }
    indicator_page(ctx, ki)
}

fn indicator_page(ctx: &Ctx<'_>, ki: usize) -> IndicatorView {
    let k = &ctx.catalog.kpis[ki];
    let comp = &ctx.input.results.kpis[ki];
    let d = &ctx.catalog.dimensions[k.dimension];
    let s = &d.subdimensions[k.subdimension];
    let c = &s.categories[k.category];
    let (targets, benchmark_note) = targets_section(ctx, k);
    let items = comp
        .items
        .iter()
        .map(|item| indicator_item(ctx, ki, item))
        .collect();
    let n = ctx.input.content.cities.len();
    let mut view = IndicatorView {
        code: k.code.clone(),
        id: k.id.clone(),
        name: ctx.kpi_name(k),
        tier: k.tier,
        path: vec![
            Link {
                label: ctx.dim_name(d),
                href: ctx.urls.href(&format!("dimensions/{}/", d.slug)),
            },
            Link {
                label: ctx.sub_name(s),
                href: ctx.urls.href(&format!("dimensions/{}/#{}", d.slug, s.slug)),
            },
            Link {
                label: ctx.cat_name(c),
                href: ctx.urls.href(&format!("dimensions/{}/#{}", d.slug, c.slug)),
            },
        ],
        definition: ctx.kpi_definition(k),
        formula: ctx.kpi_formula(k),
        unit: ctx.unit(&k.unit),
        direction: direction_text(ctx, k),
        // Nothing on the page is scored against a target: a formula for one would mislead.
        achievement_formula: if k.scorable_items() > 0 {
            per_point(ctx, k, |d| ctx.achievement_formula(d))
                .unwrap_or_else(|| ctx.achievement_formula(k.direction))
        } else {
            String::new()
        },
        sdgs: k
            .sdg
            .iter()
            .filter_map(|t| {
                let goal: usize = t.split('.').next()?.parse().ok()?;
                (1..=17).contains(&goal).then(|| Link {
                    label: ctx.tf("sdg.target", &[("target", t)]),
                    href: ctx.urls.href(&format!("sdgs/{goal}/")),
                })
            })
            .collect(),
        sdg_indicators: k.sdg_indicators.clone(),
        targets,
        no_benchmark: k.no_benchmark,
        benchmark_note,
        method_source_html: method_source_html(ctx, k),
        sources: k.sources.iter().filter_map(|s| reference(ctx, s)).collect(),
        items,
        reporting_text: ctx.tn(
            "reporting.of",
            n,
            &[("reported", &ctx.loc.integer(comp.reporting as u64))],
        ),
        // A KPI no city has a value for has no file: the page says so instead of offering
        // an empty table.
        downloads: comp
            .has_values()
            .then(|| Link {
                label: ctx.tf("download.kpi_csv", &[("code", &k.code)]),
                href: ctx.urls.asset(&format!("data/indicators/{}.csv", k.slug)),
            })
            .into_iter()
            .chain([Link {
                label: ctx.t("download.all_csv"),
                href: ctx.urls.href("data/"),
            }])
            .collect(),
        no_download: if comp.has_values() {
            String::new()
        } else {
            ctx.t("indicator.no_download")
        },
        embed: EmbedSnippet::default(),
    };
    // The card's height follows what it lists, which the view has just decided.
    view.embed = embed::snippet(
        ctx,
        &indicator_path(&k.slug),
        &page_title(&view),
        embed::indicator_height(&view),
    );
    view
}

/// "Name (CODE)": the title of an indicator page and of its card.
fn page_title(view: &IndicatorView) -> String {
    format!("{} ({})", view.name, view.code)
}

/// One item of an indicator page (the KPI, or one of its data points): every city's value,
/// a bar chart, a chart over time and the statistics.
fn indicator_item(ctx: &Ctx<'_>, ki: usize, item: &ItemComparison) -> IndicatorItem {
    let k = &ctx.catalog.kpis[ki];
    let dp = item.point.as_deref().and_then(|p| k.data_point(p));
    let direction = dp.map_or(k.direction, |d| d.direction);
    let bench = k.benchmark(item.point.as_deref());
    let target = match bench {
        Benchmark::Target(t) => Some(&**t),
        _ => None,
    };
    let name = dp.map(|d| ctx.point_name(d)).unwrap_or_default();
    let label_for = |v: f64| ctx.plain_value(v, &item.unit, direction);
    let rows = indicator_rows(ctx, ki, item, &label_for);
    let id = format!("{}-{}", k.slug, item.point.as_deref().unwrap_or("all"));
    let title = if name.is_empty() {
        ctx.kpi_name(k)
    } else {
        ctx.loc.label(&ctx.kpi_name(k), &name)
    };
    let caption = |chart_title: String| charts::Caption {
        title: ctx.loc.label(&k.code, &chart_title),
        source: ctx.tf(
            "caption.sources",
            &[(
                "date",
                &ctx.loc.date(&ctx.input.content.newest_evaluation_date()),
            )],
        ),
        credit: ctx.chart_credit(&indicator_path(&k.slug)),
    };
    let bar = item_bar_chart(ctx, ki, item, &id, &title, target, &label_for);
    // The page shows each file's view without the band (charts::CHART_VIEW), at the chart's
    // own size.
    let chart_size = charts::image_size(&bar);
    let chart_svg =
        charts::with_caption(&bar, &caption(ctx.tf("chart.by_city", &[("name", &title)])));
    let series_svg = item_series_chart(ctx, ki, item, &id, &title, target);
    let series_size = charts::image_size(&series_svg);
    let series_svg = if series_svg.is_empty() {
        series_svg
    } else {
        charts::with_caption(
            &series_svg,
            &caption(ctx.tf("chart.over_time", &[("name", &title)])),
        )
    };
    let (stats, stats_note) = item_stats(ctx, item, &label_for);
    let chart_path = format!(
        "charts/indicators/{}-{}.svg",
        k.slug,
        item.point.as_deref().unwrap_or("all")
    );
    let chart_href = ctx.chart_file(&chart_path, &chart_svg);
    // A PNG only for a chart the page shows: one with no city is never linked.
    let chart_png = if rows.is_empty() {
        String::new()
    } else {
        ctx.chart_png(&chart_path, &chart_svg)
    };
    let (series_href, series_png) = if series_svg.is_empty() {
        (String::new(), String::new())
    } else {
        let path = format!(
            "charts/indicators/{}-{}-series.svg",
            k.slug,
            item.point.as_deref().unwrap_or("all")
        );
        (
            ctx.chart_file(&path, &series_svg),
            ctx.chart_png(&path, &series_svg),
        )
    };
    IndicatorItem {
        anchor: if name.is_empty() {
            "values".into()
        } else {
            format!("point-{}", item.point.as_deref().unwrap_or_default())
        },
        name,
        unit: ctx.unit(&item.unit),
        target: match bench {
            Benchmark::Target(t) => ctx.target_text(t.value, &item.unit, direction, t.year),
            // Yes meets the benchmark: the same words as a yes/no target.
            Benchmark::YesNo => ctx.t("value.yes"),
            _ => String::new(),
        },
        benchmark: match bench {
            Benchmark::NoBenchmark | Benchmark::NoTarget => item_benchmark(ctx, bench),
            _ => String::new(),
        },
        chart_alt: charts::text_alternative(&chart_svg),
        chart_size,
        series_alt: charts::text_alternative(&series_svg),
        series_size,
        chart_svg,
        chart_src: charts::chart_view_src(&chart_href),
        chart_href,
        chart_png,
        series_svg,
        series_src: charts::chart_view_src(&series_href),
        series_href,
        series_png,
        rows,
        stats,
        stats_note,
        peers: peer_lines(ctx, item, &label_for),
        peers_about: if item.peers.is_empty() {
            String::new()
        } else {
            ctx.tf(
                "indicator.peers_about",
                &[("n", &PEER_GROUP_MIN.to_string())],
            )
        },
    }
}

/// The median of each peer group (region and population band) with at least
/// `PEER_GROUP_MIN` reporting cities, in words: "Europe, 100,000–499,999 inhabitants
/// (7 cities): 42 %". The engine computes no median for smaller groups.
fn peer_lines(
    ctx: &Ctx<'_>,
    item: &ItemComparison,
    label_for: &dyn Fn(f64) -> String,
) -> Vec<String> {
    item.peers
        .iter()
        .map(|(group, m)| {
            ctx.tf(
                "peer.line",
                &[
                    ("group", &ctx.peer_group(group)),
                    ("n", &m.cities.to_string()),
                    ("value", &label_for(m.median)),
                ],
            )
        })
        .collect()
}

/// Fewest values for which quartiles are shown: the quartiles of two or three values are
/// the values themselves, or numbers between them that no city has.
const QUARTILE_MIN: usize = 5;

/// The statistics boxes of an item: quartiles from [`QUARTILE_MIN`] values up, with one
/// sentence saying why they are missing below that; a single value gets only the sentence
/// (its minimum, median and maximum are the value in the table).
fn item_stats(
    ctx: &Ctx<'_>,
    item: &ItemComparison,
    label_for: &dyn Fn(f64) -> String,
) -> (Vec<(String, String)>, String) {
    let Some(s) = item.stats else {
        return (Vec::new(), String::new());
    };
    if s.n >= QUARTILE_MIN {
        let stats = vec![
            (ctx.t("stats.n"), s.n.to_string()),
            (ctx.t("stats.min"), label_for(s.min)),
            (ctx.t("stats.q1"), label_for(s.q1)),
            (ctx.t("stats.median"), label_for(s.median)),
            (ctx.t("stats.q3"), label_for(s.q3)),
            (ctx.t("stats.max"), label_for(s.max)),
        ];
        return (stats, String::new());
    }
    let note = ctx.tf("stats.few", &[("n", &QUARTILE_MIN.to_string())]);
    if s.n < 2 {
        return (Vec::new(), note);
    }
    let stats = vec![
        (ctx.t("stats.n"), s.n.to_string()),
        (ctx.t("stats.min"), label_for(s.min)),
        (ctx.t("stats.median"), label_for(s.median)),
        (ctx.t("stats.max"), label_for(s.max)),
    ];
    (stats, note)
}

/// The table rows of an item: every city with a value, by rank (shared ranks marked "=").
fn indicator_rows(
    ctx: &Ctx<'_>,
    ki: usize,
    item: &ItemComparison,
    label_for: &dyn Fn(f64) -> String,
) -> Vec<IndicatorRow> {
    let k = &ctx.catalog.kpis[ki];
    let cities = &ctx.input.content.cities;
    let c =
        &ctx.catalog.dimensions[k.dimension].subdimensions[k.subdimension].categories[k.category];
    // Counted once per item: asking per row made pages quadratic in the number of cities.
    let mut ties: std::collections::HashMap<u32, usize> = std::collections::HashMap::new();
    for e in &item.entries {
        *ties.entry(e.rank).or_default() += 1;
    }
    item.entries
        .iter()
        .map(|e| {
            let city = &cities[e.city()].city;
            let it = ctx.input.results.entry_item(ctx.catalog, ki, e);
            let band = it.and_then(|i| i.band);
            let tie = ties.get(&e.rank).copied().unwrap_or(0) > 1;
            IndicatorRow {
                rank: if tie {
                    format!("={}", e.rank)
                } else {
                    e.rank.to_string()
                },
                city: ctx.city_name(city),
                href: format!("{}#{}", ctx.urls.city(&city.slug), c.slug),
                country: ctx.country(city),
                value: label_for(e.value),
                year: it.map(|i| i.year.to_string()).unwrap_or_default(),
                achievement: it
                    .and_then(|i| i.achievement_pct)
                    .map(|a| ctx.loc.percent(a))
                    .unwrap_or_default(),
                band: band.unwrap_or(0),
                band_label: ctx.band_label(band),
            }
        })
        .collect()
}

/// The bar chart of an item's values by city, with its target line.
fn item_bar_chart(
    ctx: &Ctx<'_>,
    ki: usize,
    item: &ItemComparison,
    id: &str,
    title: &str,
    target: Option<&Target>,
    label_for: &dyn Fn(f64) -> String,
) -> String {
    let direction = ctx.catalog.kpis[ki].item_direction(item.point.as_deref());
    let cities = &ctx.input.content.cities;
    // A chart of hundreds of bars is unreadable and heavy: past 40 cities it shows the
    // 20 best and the 20 last, and says so; the table below lists every city.
    let shown: Vec<&crate::model::results::Entry> = if item.entries.len() > 40 {
        item.entries
            .iter()
            .take(20)
            .chain(item.entries.iter().skip(item.entries.len() - 20))
            .collect()
    } else {
        item.entries.iter().collect()
    };
    let bars: Vec<charts::Bar> = shown
        .iter()
        .map(|e| {
            let city = &cities[e.city()].city;
            charts::Bar {
                label: ctx.city_name(city),
                value: e.value,
                display: label_for(e.value),
                band: ctx
                    .input
                    .results
                    .entry_item(ctx.catalog, ki, e)
                    .and_then(|i| i.band),
                highlight: false,
                href: Some(ctx.urls.city(&city.slug)),
            }
        })
        .collect();
    let best = item
        .entries
        .first()
        .map(|e| {
            ctx.tf(
                "chart.best",
                &[
                    ("city", &ctx.city_name(&cities[e.city()].city)),
                    ("value", &label_for(e.value)),
                ],
            )
        })
        .unwrap_or_default();
    charts::bar_chart(&charts::BarChart {
        id: format!("bar-{id}"),
        title: ctx.tf("chart.by_city", &[("name", title)]),
        desc: {
            let mut d = format!("{} {best}", ctx.tn("chart.count", item.entries.len(), &[]));
            if shown.len() < item.entries.len() {
                d.push(' ');
                d.push_str(&ctx.tn("chart.subset", item.entries.len(), &[]));
            }
            d
        },
        unit: ctx.unit(&item.unit),
        bars,
        target: target.filter(|_| direction != Direction::YesNo).map(|t| {
            (
                t.value,
                ctx.tf(
                    "chart.target",
                    &[("value", &ctx.with_unit(t.value, None, &item.unit))],
                ),
            )
        }),
    })
}

/// The chart over time of the cities with more than one year of an item, or "" when none has.
fn item_series_chart(
    ctx: &Ctx<'_>,
    ki: usize,
    item: &ItemComparison,
    id: &str,
    title: &str,
    target: Option<&Target>,
) -> String {
    let cities = &ctx.input.content.cities;
    let series: Vec<charts::Series> = item
        .entries
        .iter()
        .filter_map(|e| {
            let it = ctx.input.results.entry_item(ctx.catalog, ki, e)?;
            (it.series().len() > 1).then(|| charts::Series {
                label: ctx.city_name(&cities[e.city()].city),
                points: it.series().to_vec(),
            })
        })
        .collect();
    if series.is_empty() {
        String::new()
    } else {
        charts::line_chart(&charts::LineChart {
            id: format!("line-{id}"),
            title: ctx.tf("chart.over_time", &[("name", title)]),
            desc: ctx.tn("chart.series_desc", series.len(), &[]),
            unit: ctx.unit(&item.unit),
            series,
            target: target.map(|t| (t.value, ctx.t("chart.target_line"))),
        })
    }
}

/// Renders the page of KPI `ki` (catalog index), or reuses it when no city's result for it
/// changed.
pub fn render_indicator(
    ctx: &Ctx<'_>,
    all: &[Ctx<'_>],
    env: &Environment<'_>,
    ki: usize,
) -> Rendered {
    let home = home_link(ctx);
    let catalog = ctx.catalog;
    let k = &catalog.kpis[ki];
    let path = indicator_path(&k.slug);
    keyed_by_kpis(
        ctx,
        all,
        env,
        &path,
        "indicator.html",
        "indicator",
        &[ki],
        |_| {
            let view = indicator_view(ctx, ki);
            let title = page_title(&view);
            let card = embed::render(
                ctx,
                env,
                "embed-indicator.html",
                &path,
                &title,
                &embed::indicator_card(&view),
            )?;
            ctx.publish(card);
            let mut meta = ctx.meta(
                &title,
                &view.definition,
                &path,
                "indicators",
                vec![home, ctx.link(&ctx.t("nav.indicators"), "indicators/")],
            );
            share_card::indicator_preview(ctx, &k.slug, &view, &mut meta);
            Ok((meta, view))
        },
    )
}
