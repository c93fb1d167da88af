//! Renders every page of every language: builds each view model and runs its template.

use std::collections::BTreeMap;

use minijinja::value::{Serde, Value};
use minijinja::{Environment, context};
use rayon::prelude::*;
use serde::Serialize;

use super::Output;
use super::aggregate::{self, name_key};
use super::catalog_pages::{category_columns, category_rows, indicator_view, tree_dim};
use super::city_page::{city_card, city_view, dataset_jsonld};
use super::ctx::Ctx;
use super::env::TemplateSet;
use super::format::Locale;
use super::i18n::{Language, Strings};
use super::urls::{Urls, city_path, indicator_path};
use super::view::*;
use crate::config::SiteConfig;
use crate::content::Content;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::kpi::Results;
use crate::kpi::catalog::Tier;

/// Everything the render stage needs.
pub struct RenderInput<'a> {
    /// Site settings.
    pub config: &'a SiteConfig,
    /// Loaded content.
    pub content: &'a Content,
    /// Engine results.
    pub results: &'a Results,
    /// Templates.
    pub templates: &'a TemplateSet,
    /// Link builder of the default language.
    pub urls: &'a Urls,
    /// UI strings.
    pub strings: &'a Strings,
    /// Data files already made (path, size, format, description), for the data page.
    pub downloads: &'a [Download],
    /// Number of entries in the search index of each language.
    pub search_entries: usize,
    /// Profiles rendered by an earlier build, reused when nothing they show changed.
    pub cache: Option<&'a super::cache::RenderCache>,
    /// Fingerprint of everything a profile shares with every page (theme, strings, settings,
    /// catalog, the list of cities).
    pub shared_fingerprint: u64,
    /// Where each finished file goes at once, if anywhere.
    pub sink: Option<&'a dyn super::Sink>,
    /// Fingerprint of each template with the templates it uses.
    pub template_fingerprints: std::collections::BTreeMap<String, u64>,
}

impl RenderInput<'_> {
    /// Hands a finished file to the sink, if there is one.
    pub fn emit(&self, o: Output) -> Output {
        super::emit(self.sink, o)
    }
}

/// A data file listed on the data page.
#[derive(Debug, Clone)]
pub struct Download {
    /// Path in the output.
    pub path: String,
    /// Size in bytes.
    pub size: u64,
    /// "CSV", "JSON".
    pub format: String,
    /// What it holds.
    pub description: String,
    /// Date of the newest evaluation it holds (`YYYY-MM` as written in city files).
    pub updated: String,
}

/// City cards on the home page at most.
const HOME_CARDS: usize = 24;

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
    AboutIndex,
    About(usize),
    Data,
    Search,
    NotFound,
}

/// SDG goals that any KPI links to: the goals with a page.
pub fn sdg_goals(content: &Content) -> Vec<u32> {
    let mut goals: Vec<u32> = content
        .catalog
        .kpis
        .iter()
        .flat_map(aggregate::goals_of)
        .collect();
    goals.sort_unstable();
    goals.dedup();
    goals
}

fn site_view(input: &RenderInput<'_>, lang: &Language, urls: &Urls, strings: &Strings) -> SiteView {
    let t = |k: &str| strings.get(&lang.code, k).to_string();
    let has_page = |slug: &str| input.content.pages.iter().any(|p| p.slug == slug);
    let catalog = &input.content.catalog;
    SiteView {
        title: input.config.title.clone(),
        description: input.config.description.clone(),
        base_path: urls.base_path().to_string(),
        base_url: urls.base().full.clone(),
        lang: lang.code.clone(),
        dir: lang.direction.clone(),
        languages: input
            .config
            .languages
            .iter()
            .map(|l| Link {
                label: l.name.clone(),
                href: urls
                    .for_language(&l.code, l.code == input.config.languages[0].code)
                    .href(""),
            })
            .collect(),
        nav: [
            ("nav.home", ""),
            ("nav.cities", "cities/"),
            ("nav.indicators", "indicators/"),
            ("nav.compare", "compare/"),
            ("nav.about", "about/"),
            ("nav.data", "data/"),
            ("nav.search", "search/"),
        ]
        .iter()
        .map(|(k, p)| Link {
            label: t(k),
            href: urls.href(p),
        })
        .collect(),
        publisher: input.config.publisher.clone(),
        data_licence: input.config.data_licence.clone(),
        data_licence_url: input.config.data_licence_url.clone(),
        css_href: urls.asset("static/style.css"),
        js_href: urls.asset("static/site.js"),
        home_href: urls.href(""),
        accessibility_href: if has_page("accessibility") {
            urls.href("about/accessibility/")
        } else {
            String::new()
        },
        catalog_name: catalog.meta.name.clone(),
        bands: {
            let mut b: Vec<BandView> = catalog
                .scoring
                .bands
                .iter()
                .map(|b| BandView {
                    band: b.band,
                    label: strings
                        .get(&lang.code, &format!("band.{}", b.band))
                        .to_string(),
                })
                .collect();
            b.sort_by_key(|b| b.band);
            b
        },
        sdgs_href: urls.href("sdgs/"),
        reading_href: if has_page("reading-a-profile") {
            urls.href("about/reading-a-profile/")
        } else {
            String::new()
        },
    }
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
        .map(|lang| {
            let is_default = lang.code == default.code;
            let urls = input.urls.for_language(&lang.code, is_default);
            let site = site_view(input, lang, &urls, input.strings);
            let site_value = Value::from(Serde(&site));
            let site_fingerprint = crate::fingerprint::fingerprint([serde_json::to_vec(&site)
                .unwrap_or_default()
                .as_slice()]);
            Ctx {
                input,
                catalog,
                lang,
                is_default,
                loc: Locale::for_code(&lang.locale),
                urls,
                tr: content.catalog_translations.get(&lang.code),
                site,
                site_value,
                site_fingerprint,
                chart_words: chart_words(input.strings, &lang.code),
                extra: std::sync::Mutex::new(Vec::new()),
            }
        })
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
    ]);
    jobs.extend(sdg_goals(content).into_iter().map(Job::Sdg));
    jobs.extend((0..catalog.kpis.len()).map(Job::Indicator));
    jobs.extend((0..content.cities.len()).map(Job::City));
    jobs.extend((0..content.pages.len()).map(Job::About));
    let mut all: Vec<(&Ctx<'_>, &Job)> = ctxs
        .iter()
        .flat_map(|c| jobs.iter().map(move |j| (c, j)))
        .collect();
    // One 404 page for the whole site, in the default language.
    let not_found = Job::NotFound;
    all.push((&ctxs[0], &not_found));
    let rendered: Vec<(Option<Output>, Diagnostics)> = all
        .par_iter()
        .map(|(ctx, job)| {
            let (o, d) =
                super::charts::with_words(&ctx.chart_words, || render_job(ctx, &ctxs, &env, job));
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

/// Name of `lang` in the reader's language ("anglais"), or its own name when no string exists.
fn language_name(ctx: &Ctx<'_>, lang: &Language) -> String {
    let key = format!("lang.{}", lang.code);
    let name = ctx.t(&key);
    if name == key { lang.name.clone() } else { name }
}

/// Language links of a page at `path` (a page path within a language).
fn alternates(ctx: &Ctx<'_>, all: &[Ctx<'_>], path: &str) -> Vec<Alternate> {
    if all.len() < 2 {
        return Vec::new();
    }
    all.iter()
        .map(|c| Alternate {
            code: c.lang.code.clone(),
            name: c.lang.name.clone(),
            href: c.urls.href(path),
            url: c.urls.absolute(path),
            current: c.lang.code == ctx.lang.code,
        })
        .collect()
}

/// Renders a page, or reuses the dev server's copy when the page's template, site data,
/// metadata and view are all the same as when it was rendered: a page is a function of those,
/// so comparing them needs no list of what each page depends on.
fn render_one<T: Serialize>(
    ctx: &Ctx<'_>,
    all: &[Ctx<'_>],
    env: &Environment<'_>,
    template: &str,
    meta: PageMeta,
    name: &str,
    value: &T,
) -> (Option<Output>, Diagnostics) {
    render_page(ctx, all, env, template, meta, name, value, true)
}

#[allow(clippy::too_many_arguments)]
fn render_page<T: Serialize>(
    ctx: &Ctx<'_>,
    all: &[Ctx<'_>],
    env: &Environment<'_>,
    template: &str,
    mut meta: PageMeta,
    name: &str,
    value: &T,
    reuse: bool,
) -> (Option<Output>, Diagnostics) {
    if !meta.path.ends_with(".html") {
        meta.alternates = alternates(ctx, all, &meta.path);
    }
    let out_path = if meta.path.ends_with(".html") {
        format!("{}{}", ctx.urls.prefix(), meta.path)
    } else {
        format!("{}{}index.html", ctx.urls.prefix(), meta.path)
    };
    let cache = ctx.input.cache.filter(|_| reuse);
    let key = cache.map(|_| {
        let mut h = crate::fingerprint::HashWriter::new();
        let tfp = ctx.input.template_fingerprints.get(template).copied();
        h.update(template.as_bytes());
        h.update(&tfp.unwrap_or(0).to_le_bytes());
        h.update(&ctx.input.shared_fingerprint.to_le_bytes());
        h.update(&ctx.site_fingerprint.to_le_bytes());
        h.update(name.as_bytes());
        let _ = serde_json::to_writer(&mut h, &meta);
        let _ = serde_json::to_writer(&mut h, value);
        h.digest()
    });
    if let (Some(c), Some(k)) = (cache, key)
        && let Some(hit) = c.get(&out_path, k)
    {
        return (Some(hit), Diagnostics::new());
    }
    let mut map = BTreeMap::new();
    map.insert(name, value);
    let result = env.get_template(template).and_then(|t| t.render(context! { site => ctx.site_value.clone(), page => Value::from(Serde(&meta)), ..Value::from(Serde(map)) }));
    match result {
        Ok(html) => {
            let out = Output {
                path: out_path,
                bytes: html.into_bytes().into(),
            };
            if let (Some(c), Some(k)) = (cache, key) {
                c.put(k, &out);
            }
            (Some(out), Diagnostics::new())
        }
        Err(e) => (
            None,
            ctx.input
                .templates
                .diagnostic(&e, &format!("/{out_path}"))
                .into(),
        ),
    }
}

/// Renders a page that shows the cities' results for the KPIs `kpis` (and nothing else about
/// them but their names), or, in the dev server, reuses it and its charts when none of the
/// cities' results for those KPIs changed: the page is skipped before its view, with a row per
/// city, is even built. `page_path` is the page's path within its language; `page` makes its
/// metadata and view (or the error that stopped it), rendered with `template` under the name
/// `name`.
#[allow(clippy::too_many_arguments)]
fn keyed_by_kpis<T: Serialize>(
    ctx: &Ctx<'_>,
    all: &[Ctx<'_>],
    env: &Environment<'_>,
    page_path: &str,
    template: &str,
    name: &str,
    kpis: &[usize],
    page: impl FnOnce() -> Result<(PageMeta, T), Diagnostic>,
) -> (Option<Output>, Diagnostics) {
    let path = format!("{}{page_path}index.html", ctx.urls.prefix());
    let keys = &ctx.input.results.kpi_keys;
    let key = ctx
        .input
        .cache
        .filter(|_| kpis.iter().all(|&k| k < keys.len()))
        .map(|_| {
            let template_fp = ctx
                .input
                .template_fingerprints
                .get(template)
                .copied()
                .unwrap_or(0);
            let mut h = crate::fingerprint::HashWriter::new();
            h.update(path.as_bytes());
            h.update(template.as_bytes());
            h.update(&template_fp.to_le_bytes());
            h.update(&ctx.input.shared_fingerprint.to_le_bytes());
            h.update(&ctx.site_fingerprint.to_le_bytes());
            for &k in kpis {
                h.update(&keys[k].to_le_bytes());
            }
            h.digest()
        });
    if let (Some(cache), Some(key)) = (ctx.input.cache, key)
        && let (Some(out), Some(charts)) = (cache.get(&path, key), cache.get_charts(&path, key))
    {
        let charts: Vec<Output> = charts.into_iter().map(|c| ctx.input.emit(c)).collect();
        if let Ok(mut e) = ctx.extra.lock() {
            e.extend(charts);
        }
        return (Some(out), Diagnostics::new());
    }
    let ((o, d), charts) = super::ctx::capture_charts(|| match page() {
        Ok((meta, view)) => render_page(ctx, all, env, template, meta, name, &view, false),
        Err(e) => (None, e.into()),
    });
    if let (Some(cache), Some(key), Some(out), false) = (ctx.input.cache, key, &o, d.has_errors()) {
        cache.put(key, out);
        cache.put_charts(&path, key, charts);
    }
    (o, d)
}

/// A matrix with a row per city, its rows rendered ahead in chunks (see [`super::rows`]) by
/// `rows`, which makes the rows of a range of cities; with a site `macros.html` that has no
/// rows macro, the rows themselves, for the page template to loop over.
#[allow(clippy::too_many_arguments)]
fn chunked_matrix<C: Serialize>(
    ctx: &Ctx<'_>,
    env: &Environment<'_>,
    page_path: &str,
    template: &str,
    kpis: &[usize],
    caption: String,
    columns: Vec<Column>,
    rows: impl Fn(std::ops::Range<usize>) -> Vec<MatrixRow<C>>,
) -> Result<Matrix<C>, Diagnostic> {
    let n = ctx.input.content.cities.len();
    let body = super::rows::render_rows(ctx, env, page_path, template, kpis, &rows)?;
    Ok(Matrix {
        caption,
        columns,
        rows: if body.is_none() {
            rows(0..n)
        } else {
            Vec::new()
        },
        body: body.unwrap_or_default(),
    })
}

fn render_job(
    ctx: &Ctx<'_>,
    all: &[Ctx<'_>],
    env: &Environment<'_>,
    job: &Job,
) -> (Option<Output>, Diagnostics) {
    let home = ctx.link(&ctx.t("nav.home"), "");
    let catalog = ctx.catalog;
    let content = ctx.input.content;
    let results = ctx.input.results;
    match job {
        Job::Home => {
            // Cities by name, and by newest evaluation (ties by name); cards are made only
            // for the cities shown, not for every city of a large site.
            let mut by_name: Vec<usize> = (0..content.cities.len()).collect();
            by_name.sort_by_cached_key(|&i| (name_key(&content.cities[i].city.name), i));
            let mut by_date = by_name.clone();
            by_date.sort_by(|&a, &b| {
                let key = |i: usize| content.cities[i].city.evaluation.published.as_deref();
                key(b)
                    .unwrap_or_default()
                    .cmp(key(a).unwrap_or_default())
                    .then(
                        content.cities[a]
                            .city
                            .name
                            .cmp(&content.cities[b].city.name),
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
                    ctx.tf(
                        "home.more",
                        &[
                            ("shown", &HOME_CARDS.to_string()),
                            ("n", &n_cities.to_string()),
                        ],
                    )
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
                stats_text: ctx.tf(
                    "home.stats",
                    &[
                        ("cities", &content.cities.len().to_string()),
                        ("kpis", &catalog.kpis.len().to_string()),
                        ("values", &values.to_string()),
                    ],
                ),
            };
            let meta = ctx.meta(&ctx.site.title, "", "", "home", vec![]);
            render_one(ctx, all, env, "index.html", meta, "home", &view)
        }
        Job::Cities => {
            let view = aggregate::cities_view(ctx);
            let meta = ctx.meta(
                &ctx.t("cities.title"),
                &ctx.t("cities.description"),
                "cities/",
                "cities",
                vec![home],
            );
            render_one(ctx, all, env, "cities.html", meta, "cities", &view)
        }
        Job::City(i) => {
            let entry = &content.cities[*i];
            let mut parts: Vec<&[u8]> =
                vec![entry.city.file.text.as_bytes(), ctx.lang.code.as_bytes()];
            parts.extend(entry.narrative.iter().map(|n| n.file.text.as_bytes()));
            parts.extend(entry.translations.values().map(|n| n.file.text.as_bytes()));
            let shared = ctx.input.shared_fingerprint.to_le_bytes();
            parts.push(&shared);
            let theme = ctx
                .input
                .template_fingerprints
                .get("city.html")
                .copied()
                .unwrap_or(0)
                .to_le_bytes();
            parts.push(&theme);
            let fp = crate::fingerprint::fingerprint(parts);
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
            if let Some(cache) = ctx.input.cache
                && let (Some(out), Some(wheel)) = (cache.get(&path, fp), cache.get(&wheel_path, fp))
            {
                let wheel = ctx.input.emit(wheel);
                if let Ok(mut e) = ctx.extra.lock() {
                    e.push(wheel);
                }
                return (Some(out), Diagnostics::new());
            }
            let mut diags = Diagnostics::new();
            let (view, fallback) = city_view(ctx, *i, &mut diags);
            let view_wheel = view.wheel_svg.clone();
            let c = &content.cities[*i].city;
            let mut meta = ctx.meta(
                &c.name,
                &ctx.tf(
                    "city.description",
                    &[("city", &c.name), ("country", &c.country)],
                ),
                &city_path(&c.slug),
                "cities",
                vec![home, ctx.link(&ctx.t("nav.cities"), "cities/")],
            );
            meta.jsonld = dataset_jsonld(
                ctx,
                &ctx.tf("city.dataset", &[("city", &c.name)]),
                &meta.description,
                Some(c),
                &[
                    (format!("data/cities/{}.csv", c.slug), "text/csv"),
                    (format!("data/cities/{}.json", c.slug), "application/json"),
                ],
            );
            if fallback {
                meta.fallback_notice = ctx.tf(
                    "fallback.narrative",
                    &[("language", &language_name(ctx, all[0].lang))],
                );
                meta.content_lang = all[0].lang.code.clone();
            }
            // Profiles are reused above by their inputs, before their view is even built.
            let (o, d) = render_page(ctx, all, env, "city.html", meta, "city", &view, false);
            diags.extend(d);
            if let (Some(cache), Some(out), false) = (ctx.input.cache, &o, diags.has_errors()) {
                cache.put(fp, out);
                cache.put(
                    fp,
                    &Output {
                        path: wheel_path,
                        bytes: view_wheel.into_bytes().into(),
                    },
                );
            }
            // The page is kept even with citation errors (the build fails anyway), so the link
            // checker does not report every link to it as broken.
            (o, diags)
        }
        Job::Indicators => {
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
                &ctx.tf("indicators.description", &[("catalog", &catalog.meta.name)]),
                "indicators/",
                "indicators",
                vec![home],
            );
            render_one(ctx, all, env, "indicators.html", meta, "indicators", &view)
        }
        Job::Indicator(ki) => {
            let k = &catalog.kpis[*ki];
            let path = indicator_path(&k.slug);
            keyed_by_kpis(
                ctx,
                all,
                env,
                &path,
                "indicator.html",
                "indicator",
                &[*ki],
                || {
                    let view = indicator_view(ctx, *ki);
                    let meta = ctx.meta(
                        &format!("{} ({})", view.name, k.code),
                        &view.definition,
                        &path,
                        "indicators",
                        vec![home, ctx.link(&ctx.t("nav.indicators"), "indicators/")],
                    );
                    Ok((meta, view))
                },
            )
        }
        Job::Dimension(di) => {
            let d = &catalog.dimensions[*di];
            let kpis: Vec<usize> = (0..catalog.kpis.len())
                .filter(|&k| catalog.kpis[k].dimension == *di)
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
                || {
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
                        tree: tree_dim(ctx, *di),
                        matrix: chunked_matrix(
                            ctx,
                            env,
                            &page_path,
                            "dimension.html",
                            &kpis,
                            ctx.tf("dimension.matrix", &[("dimension", &name)]),
                            category_columns(ctx, &[*di]),
                            |cities| category_rows(ctx, &[*di], cities),
                        )?,
                        summary: ctx.tf(
                            "dimension.summary",
                            &[
                                ("kpis", &n_kpis.to_string()),
                                ("subs", &d.subdimensions.len().to_string()),
                                ("cats", &n_cats.to_string()),
                            ],
                        ),
                        rule: aggregate::rule_text(ctx),
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
        Job::Sdgs => {
            let view = aggregate::sdg_index(ctx);
            let meta = ctx.meta(
                &ctx.t("sdgs.title"),
                &ctx.t("sdgs.description"),
                "sdgs/",
                "indicators",
                vec![home, ctx.link(&ctx.t("nav.indicators"), "indicators/")],
            );
            render_one(ctx, all, env, "sdgs.html", meta, "sdgs", &view)
        }
        Job::Sdg(g) => {
            let goal = g.to_string();
            let linked = aggregate::sdg_kpis(catalog, *g);
            let page_path = format!("sdgs/{g}/");
            keyed_by_kpis(
                ctx,
                all,
                env,
                &page_path,
                "sdg.html",
                "sdg",
                &linked,
                || {
                    let kpis = aggregate::sdg_mentions(ctx, &linked, *g);
                    let matrix = chunked_matrix(
                        ctx,
                        env,
                        &page_path,
                        "sdg.html",
                        &linked,
                        ctx.tf("sdg.matrix", &[("goal", &goal)]),
                        aggregate::sdg_columns(ctx, &linked),
                        |cities| {
                            cities
                                .map(|i| aggregate::sdg_row(ctx, &linked, i))
                                .collect()
                        },
                    )?;
                    let title = ctx.t(&format!("sdg.{g}"));
                    let view = SdgView {
                        goal: *g,
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
        Job::Compare => {
            let view = aggregate::compare_view(ctx);
            let meta = ctx.meta(
                &ctx.t("compare.title"),
                &ctx.t("compare.description"),
                "compare/",
                "compare",
                vec![home],
            );
            render_one(ctx, all, env, "compare.html", meta, "compare", &view)
        }
        Job::AboutIndex => {
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
        Job::About(i) => {
            let p = &content.pages[*i];
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
        Job::Data => {
            let view = super::data_page::data_view(ctx);
            let mut meta = ctx.meta(
                &ctx.t("data.title"),
                &ctx.t("data.description"),
                "data/",
                "data",
                vec![home],
            );
            meta.jsonld = dataset_jsonld(
                ctx,
                &ctx.tf("data.dataset", &[("title", &ctx.site.title)]),
                &meta.description,
                None,
                &[
                    ("data/values.csv".to_string(), "text/csv"),
                    ("data/scores.csv".to_string(), "text/csv"),
                    ("data/catalog.json".to_string(), "application/json"),
                    ("data/datapackage.json".to_string(), "application/json"),
                ],
            );
            render_one(ctx, all, env, "data.html", meta, "data", &view)
        }
        Job::Search => {
            let view = SearchView {
                index_href: ctx.urls.href("search/index.json"),
                entries: ctx.input.search_entries,
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
        Job::NotFound => {
            let meta = ctx.meta(
                &ctx.t("notfound.title"),
                &ctx.t("notfound.description"),
                "404.html",
                "",
                vec![],
            );
            render_one(ctx, all, env, "404.html", meta, "missing", &true)
        }
    }
}

/// The words charts write themselves, from the UI strings of `lang`.
fn chart_words(strings: &Strings, lang: &str) -> super::charts::Words {
    let t = |key: &str| strings.get(lang, key).to_string();
    super::charts::Words {
        no_data: t("chart.no_data"),
        // A score bar without a score is a dimension below the minimum-evidence rule.
        not_scored: t("state.insufficient-data"),
        no_benchmark: t("state.no-target"),
        band: t("mention.band"),
        empty: t("chart.empty"),
    }
}
