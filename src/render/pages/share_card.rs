//! The city's card (`charts/cities/<slug>-card.png`): one language-neutral 1200×630 PNG per
//! city, made once for every language, that the profiles name as their link preview and offer
//! as the PNG of their wheel; and an indicator's card, the link preview of its page in each
//! language.

use crate::diagnostics::Diagnostics;
use crate::render::charts::{self, CARD_LEADERS, CityCard, IndicatorCard};
use crate::render::ctx::Ctx;
use crate::render::output::Output;
use crate::render::pages::profile_wheel::wheel_input;
use crate::render::pages::shared::Rendered;
use crate::render::raster;
use crate::render::view::{IndicatorView, PageMeta};

/// The card's bands in flat colours, without the page wheel's patterns: on the example's
/// cards the patterns (even drawn at twice their size) took a card from about 10 KB to 18 KB,
/// and a card is paid for once per city. The greys of "no data" and "reported, not scored"
/// still differ, and the score and coverage are written out beside the wheel.
const CARD_HATCH: Option<f64> = None;

/// Where the card of the city `slug` goes, the same for every language.
pub fn card_path(slug: &str) -> String {
    format!("charts/cities/{slug}-card.png")
}

/// The card of city `i`, drawn in `ctx`, the default language: its name and country as that
/// language's content writes them, and otherwise numbers, proper names and the address.
pub fn card_svg(ctx: &Ctx<'_>, i: usize) -> String {
    let city = &ctx.input.content.cities[i].city;
    let cr = &ctx.input.results.cities[i];
    let ev = &city.evaluation;
    // A file without a date gives its data year.
    let date = ev
        .published
        .as_deref()
        .and_then(month)
        .map_or_else(|| ev.data_year.to_string(), str::to_owned);
    charts::city_card(
        &CityCard {
            name: ctx.city_name(city),
            country: ctx.country(city),
            score_pct: cr.overall.pct,
            band: cr.overall.band,
            coverage: (cr.coverage.reported, cr.coverage.total),
            credit: credit(
                ctx,
                ctx.input
                    .config
                    .texts_in(&ctx.input.config.default_language)
                    .title
                    .to_string(),
                date,
            ),
            wheel: wheel_input(ctx, city, cr),
        },
        CARD_HATCH,
    )
}

/// `YYYY-MM` of a date written `YYYY-MM…`, which reads the same in every language.
fn month(date: &str) -> Option<&str> {
    date.get(..7).filter(|d| d.as_bytes().get(4) == Some(&b'-'))
}

/// A card's credit line: the site's name (`title`), its address without the scheme, the
/// data's `date` and the data licence.
fn credit(ctx: &Ctx<'_>, title: String, date: String) -> Vec<String> {
    let full = &ctx.urls.base().full;
    let address = full
        .split_once("://")
        .map_or(full.as_str(), |(_, rest)| rest)
        .trim_end_matches('/');
    vec![
        title,
        address.to_owned(),
        date,
        ctx.input.config.data_licence.clone(),
    ]
}

/// Where the card of the indicator `slug` goes, within a language's folder.
pub fn indicator_card_path(slug: &str) -> String {
    format!("charts/indicators/{slug}-card.png")
}

/// Draws the card of the indicator page `view` (of the KPI `slug`) in `ctx`'s language,
/// publishes it beside the page (so the dev server keeps it with an unchanged page) and names it
/// as the page's link preview in `meta`; nothing when PNGs are off.
pub fn indicator_preview(ctx: &Ctx<'_>, slug: &str, view: &IndicatorView, meta: &mut PageMeta) {
    if !ctx.input.config.sharing.png {
        return;
    }
    // The leaders of the first item any city reported, named when it is a data point.
    let item = view.items.iter().find(|i| !i.rows.is_empty());
    let code = match item {
        Some(i) if !i.name.is_empty() => format!("{} · {}", view.code, i.name),
        _ => view.code.clone(),
    };
    let leaders = item.map_or_else(Vec::new, |i| {
        i.rows
            .iter()
            .take(CARD_LEADERS)
            .map(|r| (r.rank.clone(), r.city.clone(), r.value.clone(), r.band))
            .collect()
    });
    let newest = ctx.input.content.newest_evaluation_date();
    let date = month(&newest).unwrap_or(&newest).to_owned();
    let svg = charts::indicator_card(&IndicatorCard {
        code,
        name: view.name.clone(),
        empty: view.reporting_text.clone(),
        credit: credit(ctx, ctx.site.title.clone(), date),
        leaders,
    });
    let Some(bytes) = raster::Recipe::Card.png(&svg, ctx.input.images) else {
        return;
    };
    let path = indicator_card_path(slug);
    ctx.publish(Output {
        path: format!("{}{path}", ctx.urls.prefix()),
        bytes: bytes.into(),
    });
    meta.image = ctx.urls.absolute(&path);
    meta.image_alt = if item.is_some() {
        ctx.tf("share.indicator_alt", &[("name", &view.name)])
    } else {
        ctx.loc.label(&view.name, &view.reporting_text)
    };
    meta.image_size = (charts::CARD_WIDTH, charts::CARD_HEIGHT);
}

/// Names the card of city `i` as the link preview of its profile, `meta` (in `ctx`'s
/// language), described with the overall score as the profile words it (`score`).
pub fn preview(ctx: &Ctx<'_>, i: usize, score: &str, meta: &mut PageMeta) {
    let (Some(entry), Some(cr)) = (
        ctx.input.content.cities.get(i),
        ctx.input.results.cities.get(i),
    ) else {
        return;
    };
    if !ctx.input.config.sharing.png {
        return;
    }
    let city = &entry.city;
    meta.image = ctx.urls.absolute_asset(&card_path(&city.slug));
    meta.image_alt = ctx.tf(
        "share.city_alt",
        &[
            ("city", &ctx.city_name(city)),
            ("country", &ctx.country(city)),
            ("score", score),
            ("reported", &cr.coverage.reported.to_string()),
            ("total", &cr.coverage.total.to_string()),
        ],
    );
    meta.image_size = (charts::CARD_WIDTH, charts::CARD_HEIGHT);
}

/// Draws the card of city `i` unless PNGs are off. The dev server keeps it by what it is made
/// from (the city's file, which its scores come from, and what every page shares: settings,
/// strings, catalog), checked before the card is laid out: laying out a thousand cards on
/// every rebuild took longer than the rest of a one-city edit.
pub fn render_card(ctx: &Ctx<'_>, i: usize) -> Rendered {
    if !ctx.input.config.sharing.png || i >= ctx.input.results.cities.len() {
        return (None, Diagnostics::new());
    }
    let city = &ctx.input.content.cities[i].city;
    let path = card_path(&city.slug);
    let key = ctx.input.cache.map(|_| {
        crate::fingerprint::fingerprint([
            city.file.text.as_bytes(),
            &ctx.input.shared_fingerprint.to_le_bytes(),
            ctx.urls.base().full.as_bytes(),
        ])
    });
    if let (Some(cache), Some(key)) = (ctx.input.cache, key)
        && let Some(hit) = cache.get(&path, key)
    {
        return (Some(hit), Diagnostics::new());
    }
    let svg = card_svg(ctx, i);
    let Some(bytes) = raster::Recipe::Card.png(&svg, ctx.input.images) else {
        return (None, Diagnostics::new());
    };
    let out = Output {
        path,
        bytes: bytes.into(),
    };
    if let (Some(cache), Some(key)) = (ctx.input.cache, key) {
        cache.put(key, &out);
    }
    (Some(out), Diagnostics::new())
}
