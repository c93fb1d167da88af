//! The list of pages and the parallel driver: every page of every language, one job each,
//! handed to the module of its page kind.

use minijinja::Environment;
use rayon::prelude::*;

use super::charts::with_words;
use super::ctx::Ctx;
use super::input::RenderInput;
use super::output::Output;
use super::pages::shared::Rendered;
use super::pages::{
    catalog, compare_column, data, indicator, profile, share_card, side_by_side, site_pages,
};
use crate::diagnostics::Diagnostics;

/// One page to render (in every language), by kind.
enum Job {
    Home,
    Cities,
    City(usize),
    Indicators,
    Indicator(usize),
    Dimension(usize),
    Sdgs,
    Sdg(u32),
    Compare,
    /// The compare column of a city the compare page does not hold.
    CompareColumn(usize),
    /// A city's card image, one for every language: made in the default language only.
    CityCard(usize),
    AboutIndex,
    About(usize),
    Data,
    Search,
    NotFound,
}

/// Renders every page in every language; returns outputs in a stable order and every template
/// or citation error.
pub fn render_site(input: &RenderInput<'_>) -> (Vec<Output>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let env = match input.templates.environment(input.strings) {
        Ok(env) => env,
        Err(errors) => {
            for e in errors {
                diags.push(e);
            }
            return (Vec::new(), diags);
        }
    };
    let content = input.content;
    let catalog = &content.catalog;
    let default = &input.config.languages[0];
    let ctxs: Vec<Ctx<'_>> = input
        .config
        .languages
        .iter()
        .map(|lang| Ctx::new(input, lang, lang.code == default.code))
        .collect();
    // The pages with a row per city for many columns come first: each is one long task, and
    // started last it would run alone on one core at the end.
    let mut jobs: Vec<Job> = (0..catalog.dimensions.len()).map(Job::Dimension).collect();
    jobs.extend([
        Job::Compare,
        Job::Cities,
        Job::Home,
        Job::Indicators,
        Job::Sdgs,
        Job::AboutIndex,
        Job::Data,
        Job::Search,
        Job::NotFound,
    ]);
    jobs.extend(side_by_side::sdg_goals(catalog).into_iter().map(Job::Sdg));
    jobs.extend((0..catalog.kpis.len()).map(Job::Indicator));
    // Cards first among the cities: a PNG takes longer than a page.
    jobs.extend((0..content.cities.len()).map(Job::CityCard));
    jobs.extend((0..content.cities.len()).map(Job::City));
    jobs.extend((0..content.pages.len()).map(Job::About));
    jobs.extend(
        compare_column::column_cities(content)
            .into_iter()
            .map(Job::CompareColumn),
    );
    let all: Vec<(&Ctx<'_>, &Job)> = ctxs
        .iter()
        .flat_map(|c| jobs.iter().map(move |j| (c, j)))
        .filter(|(c, j)| c.is_default || !matches!(j, Job::CityCard(_)))
        .collect();
    // One job per split: rayon otherwise hands out a few large ranges, and with jobs of such
    // different lengths (a card against a page) one thread ran out of work while the other
    // still held seconds of it (`perf sched`: a core idle 40 % of a 1,000-city build).
    let rendered: Vec<(Option<Output>, Diagnostics)> = all
        .par_iter()
        .with_max_len(1)
        .map(|(ctx, job)| {
            let (o, d) = with_words(&ctx.chart_words, || render_job(ctx, &ctxs, &env, job));
            (o.map(|o| input.emit(o)), d)
        })
        .collect();
    let mut outputs = Vec::with_capacity(rendered.len());
    for (o, d) in rendered {
        diags.extend(d);
        outputs.extend(o);
    }
    for c in &ctxs {
        if let Ok(mut e) = c.extra.lock() {
            outputs.append(&mut e);
        }
    }
    outputs.sort_by(|a, b| a.path.cmp(&b.path));
    (outputs, diags)
}

/// Renders one job in `ctx`'s language (`all` holds every language, for language links).
fn render_job(ctx: &Ctx<'_>, all: &[Ctx<'_>], env: &Environment<'_>, job: &Job) -> Rendered {
    match *job {
        Job::Home => site_pages::render_home(ctx, all, env),
        Job::Cities => side_by_side::render_cities(ctx, all, env),
        Job::City(i) => profile::render_city(ctx, all, env, i),
        Job::Indicators => catalog::render_indicators(ctx, all, env),
        Job::Indicator(k) => indicator::render_indicator(ctx, all, env, k),
        Job::Dimension(d) => catalog::render_dimension(ctx, all, env, d),
        Job::Sdgs => side_by_side::render_sdgs(ctx, all, env),
        Job::Sdg(g) => side_by_side::render_sdg(ctx, all, env, g),
        Job::Compare => side_by_side::render_compare(ctx, all, env),
        Job::CompareColumn(i) => compare_column::render_column(ctx, env, i),
        Job::CityCard(i) => share_card::render_card(ctx, i),
        Job::AboutIndex => site_pages::render_about_index(ctx, all, env),
        Job::About(i) => site_pages::render_about(ctx, all, env, i),
        Job::Data => data::render_data(ctx, all, env),
        Job::Search => site_pages::render_search(ctx, all, env),
        Job::NotFound => site_pages::render_not_found(ctx, all, env),
    }
}
