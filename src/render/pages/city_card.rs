//! What other pages show of a city: its card, and the words for its evaluation, the year of a
//! value and its coverage.

use crate::model::city::City;
use crate::model::results::{CityResult, Coverage};
use crate::render::charts;
use crate::render::ctx::Ctx;
use crate::render::view::{CityCard, NamedScore};

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

/// "12 of 45 KPIs reported (27%)", or for a partial transcription "12 of 45 KPIs with a value
/// in this site's data (27%)".
pub fn coverage_short(ctx: &Ctx<'_>, city: &City, cr: &CityResult) -> String {
    ctx.tf(
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
        Some(p) => format!(
            "{}, {}",
            ctx.evaluation_kind(&city.evaluation.kind),
            ctx.loc.date(p)
        ),
        None => ctx.tf(
            "evaluation.data_for",
            &[
                ("kind", &ctx.evaluation_kind(&city.evaluation.kind)),
                ("year", &city.evaluation.data_year.to_string()),
            ],
        ),
    }
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
        name: ctx.city_name(city),
        country: ctx.country(city),
        href: ctx.urls.city(&city.slug),
        evaluation: evaluation_text(ctx, city),
        coverage_text: coverage_short(ctx, city, cr),
        scores_svg: charts::score_bars(
            &format!("card-{}", city.slug),
            &ctx.tf("card.chart_title", &[("city", &ctx.city_name(city))]),
            &bars,
        ),
        dims,
    }
}
