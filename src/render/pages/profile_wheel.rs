//! The benchmark wheel of a profile: the engine's scores as the chart's input, with
//! "reported, not scored" told apart from "no data".

use crate::model::city::City;
use crate::model::results::{CategoryResult, CityResult, Score};
use crate::model::state::State;
use crate::render::charts;
use crate::render::ctx::Ctx;
use crate::render::pages::city_card::evaluation_text;
use crate::render::urls::city_path;

/// The smallest size, in CSS pixels, of the wheel's labels on screen (issue 23): below it the
/// wheel gives way to the dimension table.
const WHEEL_LABEL_PX: f64 = 11.0;

/// Why a group shows no score, for the wheel's segments ("insufficient data (3 of 12)"),
/// saying "reported, not scored" for a category with values (the words for no target already
/// say it). Dimensions and sub-dimensions keep the plain words: the description states their
/// scores, and the categories it lists say which were reported.
fn wheel_note(ctx: &Ctx<'_>, s: &Score, reported: bool) -> String {
    if s.state == State::Scored {
        String::new()
    } else if reported && s.state == State::InsufficientData {
        ctx.tf("wheel.reported_note", &[("why", &ctx.score(s).text)])
    } else {
        ctx.score(s).text
    }
}

/// Whether any KPI of a category has a value: unscored, it is "reported, not scored".
fn has_values(c: &CategoryResult) -> bool {
    c.kpis.iter().any(|k| k.state.has_value())
}

/// The wheel's file: the wheel with its credit band (in `ctx`'s language), its text
/// alternative, and the size to show its band-less view at (width, height in CSS pixels).
pub(super) fn wheel_file(
    ctx: &Ctx<'_>,
    city: &City,
    cr: &CityResult,
) -> (String, String, (u32, u32)) {
    let (svg, alt) = wheel(ctx, city, cr);
    // The download must keep its source when copied; the page shows the same file's view.
    let file = charts::with_caption(
        &svg,
        &charts::Caption {
            title: ctx.tf(
                "caption.wheel",
                &[
                    ("city", &ctx.city_name(city)),
                    ("country", &ctx.country(city)),
                ],
            ),
            source: ctx.tf(
                "caption.source",
                &[("evaluation", &evaluation_text(ctx, city))],
            ),
            credit: ctx.chart_credit(&city_path(&city.slug)),
        },
    );
    // Pages show the file's view of the wheel alone (charts::CHART_VIEW), sized by the
    // wheel's own labels as before the band existed.
    let size = charts::legible_size(&svg, WHEEL_LABEL_PX);
    (file, alt, size)
}

/// The benchmark wheel's SVG, and its text alternative: the chart's title and the sentence
/// it describes itself with.
pub(super) fn wheel(ctx: &Ctx<'_>, city: &City, cr: &CityResult) -> (String, String) {
    let svg = charts::wheel(&wheel_input(ctx, city, cr));
    let alt = charts::text_alternative(&svg);
    (svg, alt)
}

/// The benchmark wheel's input: the city's scores, in `ctx`'s language.
pub(super) fn wheel_input(ctx: &Ctx<'_>, city: &City, cr: &CityResult) -> charts::Wheel {
    let dimensions = ctx
        .catalog
        .dimensions
        .iter()
        .zip(&cr.dimensions)
        .map(|(d, dr)| {
            let reported = dr
                .subdimensions
                .iter()
                .flat_map(|s| &s.categories)
                .any(has_values);
            charts::WheelDimension {
                name: ctx.dim_name(d),
                score_pct: dr.score.pct,
                band: dr.score.band,
                note: wheel_note(ctx, &dr.score, false),
                reported,
                subdimensions: d
                    .subdimensions
                    .iter()
                    .zip(&dr.subdimensions)
                    .map(|(s, sr)| {
                        let reported = sr.categories.iter().any(has_values);
                        charts::WheelSub {
                            name: ctx.sub_name(s),
                            score_pct: sr.score.pct,
                            band: sr.score.band,
                            note: wheel_note(ctx, &sr.score, false),
                            reported,
                            categories: s
                                .categories
                                .iter()
                                .zip(&sr.categories)
                                .map(|(c, cr)| charts::WheelCategory {
                                    name: ctx.cat_name(c),
                                    score_pct: cr.score.pct,
                                    band: cr.score.band,
                                    note: wheel_note(ctx, &cr.score, has_values(cr)),
                                    reported: has_values(cr),
                                    // Shown with <img> and downloaded as a file: a link to a
                                    // section of the page would lead nowhere from either.
                                    href: None,
                                })
                                .collect(),
                        }
                    })
                    .collect(),
            }
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
    let title = ctx.tf("wheel.title", &[("city", &ctx.city_name(city))]);
    charts::Wheel {
        // The file is a document of its own (never inlined in a page), so its ids need not
        // be unique across cities: a short prefix keeps its 50-odd references short.
        id: "wheel".into(),
        title,
        desc,
        dimensions,
        grey_label: ctx.t("wheel.grey"),
        reported_label: ctx.t("wheel.reported"),
    }
}
