//! The site's own pages: the home page, the background (Markdown) pages and their index, the
//! search page and the 404 page.

use minijinja::Environment;

use super::city_card::city_card;
use super::shared::{Rendered, home_link, language_name, render_one};
use super::side_by_side::name_key;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::render::ctx::Ctx;
use crate::render::view::*;

/// City cards on the home page at most.
const HOME_CARDS: usize = 24;

/// Renders the home page.
pub fn render_home(ctx: &Ctx<'_>, all: &[Ctx<'_>], env: &Environment<'_>) -> Rendered {
    let catalog = ctx.catalog;
    let content = ctx.input.content;
    let results = ctx.input.results;
    // Cities by name, and by newest evaluation (ties by name); cards are made only
    // for the cities shown, not for every city of a large site.
    let mut by_name: Vec<usize> = (0..content.cities.len()).collect();
    by_name.sort_by_cached_key(|&i| (name_key(content.cities[i].city.name_in(&ctx.lang.code)), i));
    let mut by_date = by_name.clone();
    by_date.sort_by(|&a, &b| {
        let key = |i: usize| content.cities[i].city.evaluation.published.as_deref();
        key(b)
            .unwrap_or_default()
            .cmp(key(a).unwrap_or_default())
            .then(
                content.cities[a]
                    .city
                    .name_in(&ctx.lang.code)
                    .cmp(content.cities[b].city.name_in(&ctx.lang.code)),
            )
    });
    let card = |i: usize| city_card(ctx, &content.cities[i].city, &results.cities[i]);
    let n_cities = content.cities.len();
    let values: usize = results
        .cities
        .iter()
        .map(|c| c.coverage.reported as usize)
        .sum();
    let view = HomeView {
        more: if n_cities > HOME_CARDS {
            ctx.tn("home.more", n_cities, &[("shown", &HOME_CARDS.to_string())])
        } else {
            String::new()
        },
        // A card per city stops helping past a couple of dozen: the newest evaluations
        // get cards, and the cities index lists every city.
        cards: if n_cities > HOME_CARDS {
            by_date.iter().take(HOME_CARDS).map(|&i| card(i)).collect()
        } else {
            by_name.iter().map(|&i| card(i)).collect()
        },
        latest: by_date.iter().take(5).map(|&i| card(i)).collect(),
        dimensions: catalog
            .dimensions
            .iter()
            .map(|d| ctx.link(&ctx.dim_name(d), &format!("dimensions/{}/", d.slug)))
            .collect(),
        about: ctx.about_links(),
        stats_text: ctx.tn(
            "home.stats",
            content.cities.len(),
            &[
                ("kpis", &catalog.kpis.len().to_string()),
                ("values", &values.to_string()),
            ],
        ),
    };
    let mut meta = ctx.meta(&ctx.site.title, "", "", "home", vec![]);
    if !ctx.site.title_lang.is_empty() || !ctx.site.description_lang.is_empty() {
        // The same words as an untranslated narrative: only the title or lead is not translated.
        meta.fallback_notice = ctx.tf(
            "fallback.narrative",
            &[("language", &language_name(ctx, all[0].lang))],
        );
    }
    render_one(ctx, all, env, "index.html", meta, "home", &view)
}

/// Renders the index of the background pages.
pub fn render_about_index(ctx: &Ctx<'_>, all: &[Ctx<'_>], env: &Environment<'_>) -> Rendered {
    let home = home_link(ctx);
    let pages = ctx.about_links();
    let meta = ctx.meta(
        &ctx.t("about.title"),
        &ctx.t("about.description"),
        "about/",
        "about",
        vec![home],
    );
    render_one(ctx, all, env, "about.html", meta, "pages", &pages)
}

/// Renders background page `i`, in this language or else in the default one, with a notice.
pub fn render_about(ctx: &Ctx<'_>, all: &[Ctx<'_>], env: &Environment<'_>, i: usize) -> Rendered {
    let home = home_link(ctx);
    let content = ctx.input.content;
    let p = &content.pages[i];
    let translated = p.translations.get(&ctx.lang.code);
    let (meta_fm, body, file) = match translated {
        Some(t) => (&t.meta, &t.body, &t.file),
        None => (&p.meta, &p.body, &p.file),
    };
    let mut diags = Diagnostics::new();
    if ctx.is_default || translated.is_some() {
        for c in &body.citations {
            diags.push(
                Diagnostic::error(format!("`{{{{ kpi(\"{}\") }}}}` can only be used in a city's narrative", c.code))
                    .at(file, Some(c.span.clone()))
                    .help("link to the indicator page instead, e.g. [the indicator](/indicators/en-en-ws-2c/)"),
            );
        }
        for b in &body.bad_shortcodes {
            diags.push(Diagnostic::error(b.message.clone()).at(file, Some(b.span.clone())).help("shortcodes are written {{ kpi(\"CODE\") }} and only work in city narratives"));
        }
    }
    let view = AboutView {
        title: meta_fm.title.clone(),
        body_html: ctx.urls.markdown_links(&body.html),
        toc: body
            .headings
            .iter()
            .filter(|h| h.level == 2)
            .map(|h| Link {
                label: h.text.clone(),
                href: format!("#{}", h.id),
            })
            .collect(),
        siblings: ctx.about_links(),
    };
    let path = format!("about/{}/", p.slug);
    let mut meta = ctx.meta(
        &meta_fm.title,
        &meta_fm.description,
        &path,
        "about",
        vec![home, ctx.link(&ctx.t("nav.about"), "about/")],
    );
    if !ctx.is_default && translated.is_none() {
        meta.fallback_notice = ctx.tf(
            "fallback.page",
            &[("language", &language_name(ctx, all[0].lang))],
        );
        meta.content_lang = all[0].lang.code.clone();
    }
    let (o, d) = render_one(ctx, all, env, "page.html", meta, "about", &view);
    diags.extend(d);
    // The page is kept even with citation errors (the build fails anyway), so the link
    // checker does not report every link to it as broken.
    (o, diags)
}

/// Renders the search page.
pub fn render_search(ctx: &Ctx<'_>, all: &[Ctx<'_>], env: &Environment<'_>) -> Rendered {
    let home = home_link(ctx);
    let view = SearchView {
        index: ctx.urls.href("search/index/entry.json"),
        cities_href: ctx.urls.href("cities/"),
        indicators_href: ctx.urls.href("indicators/"),
    };
    let meta = ctx.meta(
        &ctx.t("search.title"),
        &ctx.t("search.description"),
        "search/",
        "search",
        vec![home],
    );
    render_one(ctx, all, env, "search.html", meta, "search", &view)
}

/// Renders the 404 page of a language (`/fr/404.html`); the default language's, at the root,
/// carries the others too (see [`NotFoundView`]).
pub fn render_not_found(ctx: &Ctx<'_>, all: &[Ctx<'_>], env: &Environment<'_>) -> Rendered {
    let meta = ctx.meta(
        &ctx.t("notfound.title"),
        &ctx.t("notfound.description"),
        "404.html",
        "",
        vec![],
    );
    let others = if ctx.is_default {
        all.iter()
            .filter(|c| !c.is_default)
            .map(not_found_language)
            .collect()
    } else {
        Vec::new()
    };
    let view = NotFoundView {
        base_path: ctx.urls.base_path().to_string(),
        others,
    };
    render_one(ctx, all, env, "404.html", meta, "missing", &view)
}

/// The 404 page's words and links in `c`'s language.
fn not_found_language(c: &Ctx<'_>) -> NotFoundLanguage {
    let title = c.t("notfound.title");
    NotFoundLanguage {
        code: c.lang.code.clone(),
        dir: c.lang.direction.clone(),
        name: c.lang.name.clone(),
        doc_title: format!("{title} · {}", c.site.title),
        title,
        description: c.t("notfound.description"),
        links: [
            ("nav.home", ""),
            ("nav.cities", "cities/"),
            ("nav.indicators", "indicators/"),
            ("nav.search", "search/"),
        ]
        .iter()
        .map(|(key, path)| c.link(&c.t(key), path))
        .collect(),
    }
}
