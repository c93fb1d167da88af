//! Embeddable cards: a small page per profile and per indicator, made to sit in another site's
//! `<iframe>`, built from the full page's own view so the card says what the page says. The
//! full page's job renders its card, so the view is made once and a cached page brings its
//! card back with it.

use minijinja::value::{Serde, Value};
use minijinja::{Environment, context};
use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::render::ctx::Ctx;
use crate::render::env::escape_html;
use crate::render::output::Output;
pub use crate::render::urls::embed_path;
use crate::render::view::{
    CityView, EmbedCity, EmbedIndicator, EmbedItem, EmbedPage, EmbedSnippet, IndicatorView,
};

/// Height of a city card's frame, in CSS pixels: its content at 400 px wide (headline,
/// three dimensions, the wheel beside them, the source line), with room for a longer name.
pub const CITY_HEIGHT: u32 = 460;

/// Cities listed per item on an indicator card: the leaders, not the ranking (the full page
/// has every city).
const LEADERS: usize = 5;
/// Fewer per item when the KPI has several data points, so the card stays short.
const LEADERS_MANY: usize = 3;

/// The `<iframe>` code for the card of the page at `page_path`, titled `title`, `height`
/// pixels high. Its address is absolute (the code is pasted into other sites); the width
/// follows the host's column up to the 700 px the card is laid out for.
pub fn snippet(ctx: &Ctx<'_>, page_path: &str, title: &str, height: u32) -> EmbedSnippet {
    let path = embed_path(page_path);
    EmbedSnippet {
        href: ctx.urls.href(&path),
        code: format!(
            "<iframe src=\"{}\" title=\"{}\" style=\"width:100%;max-width:700px;height:{height}px;border:0\" loading=\"lazy\"></iframe>",
            escape_html(&ctx.urls.absolute(&path)),
            escape_html(title)
        ),
    }
}

/// Height of an indicator card's frame: a line per target and a row per leading city.
pub fn indicator_height(view: &IndicatorView) -> u32 {
    let lines = view.targets.len().max(1) as u32;
    let items = leading_items(view);
    let rows: u32 = items.iter().map(|i| i.rows.len() as u32 + 1).sum();
    let headings = items.iter().filter(|i| !i.name.is_empty()).count() as u32;
    // Heading and code, the targets' lines, the table rows (with their head), the source
    // line; a line wraps at 400 px as often as not.
    (150 + 44 * lines + 34 * rows + 30 * headings).min(1200)
}

/// The items of an indicator with values, each with its leading cities.
fn leading_items(view: &IndicatorView) -> Vec<EmbedItem> {
    let with_rows: Vec<_> = view.items.iter().filter(|i| !i.rows.is_empty()).collect();
    let n = if with_rows.len() > 1 {
        LEADERS_MANY
    } else {
        LEADERS
    };
    with_rows
        .into_iter()
        .map(|i| EmbedItem {
            name: i.name.clone(),
            rows: i.rows.iter().take(n).cloned().collect(),
        })
        .collect()
}

/// A city's card, from its profile's view: the same facts, score words and wheel file.
pub fn city_card(ctx: &Ctx<'_>, view: &CityView) -> EmbedCity {
    let keep = [
        ctx.t("fact.country"),
        ctx.t("fact.evaluation"),
        ctx.t("fact.data_year"),
    ];
    EmbedCity {
        name: view.name.clone(),
        facts: view
            .facts
            .iter()
            .filter(|(label, _)| keep.contains(label))
            .cloned()
            .collect(),
        overall: view.overall.clone(),
        coverage_text: view.coverage_text.clone(),
        // The profile's notice without the city's note on what was transcribed (pages and
        // tables of the report), which is for the profile's reader.
        partial_notice: if view.partial_notice.is_empty() {
            String::new()
        } else {
            ctx.t("city.partial")
        },
        dimensions: view
            .dimensions
            .iter()
            .map(|d| (d.name.clone(), d.score.clone()))
            .collect(),
        wheel_src: view.wheel_src.clone(),
        // The wheel's title only: the scores it draws are in the text beside it, and its
        // full description (a list of every category without data) would double a card that
        // should stay near 3 KB; the full page, one link away, has both.
        wheel_alt: ctx.tf("wheel.title", &[("city", &view.name)]),
        wheel_size: (view.wheel_width, view.wheel_height),
    }
}

/// An indicator's card, from its page's view: the targets as the page lists them and the first
/// rows of each item's table.
pub fn indicator_card(view: &IndicatorView) -> EmbedIndicator {
    EmbedIndicator {
        name: view.name.clone(),
        code: view.code.clone(),
        unit: view.unit.clone(),
        targets: view.targets.clone(),
        benchmark_note: view.benchmark_note.clone(),
        reporting_text: view.reporting_text.clone(),
        items: leading_items(view),
    }
}

/// Renders the card of the page at `page_path` (titled `title`) with `template`, which gets
/// the card as `card`. The card is returned whole, for the dev server's cache; the caller
/// publishes it.
pub fn render<T: Serialize>(
    ctx: &Ctx<'_>,
    env: &Environment<'_>,
    template: &str,
    page_path: &str,
    title: &str,
    card: &T,
) -> Result<Output, Diagnostic> {
    let page = EmbedPage {
        title: title.to_string(),
        canonical: ctx.urls.absolute(page_path),
        full_href: ctx.urls.href(page_path),
        css_href: ctx.urls.asset("static/embed.css"),
    };
    let path = format!("{}{}index.html", ctx.urls.prefix(), embed_path(page_path));
    env.get_template(template)
        .and_then(|t| {
            t.render(context! {
                site => ctx.site_value.clone(),
                page => Value::from(Serde(&page)),
                card => Value::from(Serde(card)),
            })
        })
        .map(|html| Output {
            path: path.clone(),
            bytes: html.into_bytes().into(),
        })
        .map_err(|e| ctx.input.templates.diagnostic(&e, &format!("/{path}")))
}
