//! What the page kinds share: rendering a page with its template (reusing the dev server's
//! copy when nothing it shows changed), language links, and the matrices with a row per city.

use std::collections::BTreeMap;

use minijinja::value::{Serde, Value};
use minijinja::{Environment, context};
use serde::Serialize;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::city::City;
use crate::model::language::Language;
use crate::render::ctx::{Ctx, capture_charts};
use crate::render::output::Output;
use crate::render::rows::{Splices, render_rows};
use crate::render::urls::city_path;
use crate::render::view::{Alternate, Column, Link, Matrix, MatrixRow, PageMeta};

/// A rendered page (none when its template failed) and the problems found on the way.
pub type Rendered = (Option<Output>, Diagnostics);

/// The breadcrumb back to the home page.
pub fn home_link(ctx: &Ctx<'_>) -> Link {
    ctx.link(&ctx.t("nav.home"), "")
}

/// Name of `lang` in the reader's language ("anglais"), or its own name when no string exists.
pub fn language_name(ctx: &Ctx<'_>, lang: &Language) -> String {
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
pub fn render_one<T: Serialize>(
    ctx: &Ctx<'_>,
    all: &[Ctx<'_>],
    env: &Environment<'_>,
    template: &str,
    meta: PageMeta,
    name: &str,
    value: &T,
) -> Rendered {
    render_page(
        ctx,
        all,
        env,
        template,
        meta,
        name,
        value,
        Splices::default(),
        true,
    )
}

/// Renders a page with `template`, its view `value` under the name `name`, and puts the HTML
/// `splices` stands for into it; `reuse` lets the dev server hand back its copy when the inputs
/// are the same (see [`render_one`]).
#[allow(clippy::too_many_arguments)]
pub fn render_page<T: Serialize>(
    ctx: &Ctx<'_>,
    all: &[Ctx<'_>],
    env: &Environment<'_>,
    template: &str,
    mut meta: PageMeta,
    name: &str,
    value: &T,
    splices: Splices,
    reuse: bool,
) -> Rendered {
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
    cached_or_made(ctx, key, out_path, || {
        let mut map = BTreeMap::new();
        map.insert(name, value);
        env.get_template(template)
            .and_then(|t| t.render(context! { site => ctx.site_value.clone(), page => Value::from(Serde(&meta)), ..Value::from(Serde(map)) }))
            .map(|page| splices.fill(page))
    })
}

/// The file at `path` from the dev server's cache when `key` is there, else made by `make` and
/// kept under `key`; a template's error is reported at the file. `key` is `None` outside the
/// dev server, or when the file must be made again.
pub fn cached_or_made(
    ctx: &Ctx<'_>,
    key: Option<u64>,
    path: String,
    make: impl FnOnce() -> Result<Vec<u8>, minijinja::Error>,
) -> Rendered {
    let cache = ctx.input.cache.zip(key);
    if let Some((c, k)) = cache
        && let Some(hit) = c.get(&path, k)
    {
        return (Some(hit), Diagnostics::new());
    }
    match make() {
        Ok(bytes) => {
            let out = Output {
                path,
                bytes: bytes.into(),
            };
            if let Some((c, k)) = cache {
                c.put(k, &out);
            }
            (Some(out), Diagnostics::new())
        }
        Err(e) => (
            None,
            ctx.input
                .templates
                .diagnostic(&e, &format!("/{path}"))
                .into(),
        ),
    }
}

/// Renders a page that shows the cities' results for the KPIs `kpis` (and nothing else about
/// them but their names), or, in the dev server, reuses it and its charts when none of the
/// cities' results for those KPIs changed: the page is skipped before its view, with a row per
/// city, is even built. `page_path` is the page's path within its language; `page` makes its
/// metadata and view (or the error that stopped it), rendered with `template` under the name
/// `name`, and keeps the rows it rendered ahead in the [`Splices`] it is given.
#[allow(clippy::too_many_arguments)]
pub fn keyed_by_kpis<T: Serialize>(
    ctx: &Ctx<'_>,
    all: &[Ctx<'_>],
    env: &Environment<'_>,
    page_path: &str,
    template: &str,
    name: &str,
    kpis: &[usize],
    page: impl FnOnce(&mut Splices) -> Result<(PageMeta, T), Diagnostic>,
) -> Rendered {
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
            // A page's job renders its embeddable card too (`embed-indicator.html`).
            let card_fp = ctx
                .input
                .template_fingerprints
                .get(&format!("embed-{template}"))
                .copied()
                .unwrap_or(0);
            let mut h = crate::fingerprint::HashWriter::new();
            h.update(path.as_bytes());
            h.update(template.as_bytes());
            h.update(&template_fp.to_le_bytes());
            h.update(&card_fp.to_le_bytes());
            h.update(&ctx.input.shared_fingerprint.to_le_bytes());
            h.update(&ctx.site_fingerprint.to_le_bytes());
            for &k in kpis {
                h.update(&keys[k].to_le_bytes());
                // Indicator pages show each peer group's median: a city moving to another
                // population band changes them without changing any city's result.
                for item in ctx.input.results.kpis.get(k).map_or(&[][..], |c| &c.items) {
                    for (group, m) in &item.peers {
                        h.update(group.region.as_bytes());
                        h.update(group.band.key().as_bytes());
                        h.update(&m.median.to_bits().to_le_bytes());
                        h.update(&m.cities.to_le_bytes());
                    }
                }
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
    let ((o, d), charts) = capture_charts(|| {
        let mut splices = Splices::default();
        match page(&mut splices) {
            Ok((meta, view)) => {
                render_page(ctx, all, env, template, meta, name, &view, splices, false)
            }
            Err(e) => (None, e.into()),
        }
    });
    if let (Some(cache), Some(key), Some(out), false) = (ctx.input.cache, key, &o, d.has_errors()) {
        cache.put(key, out);
        cache.put_charts(&path, key, charts);
    }
    (o, d)
}

/// A matrix with a row per city, its rows rendered ahead in chunks (see
/// [`crate::render::rows`]) by `rows`, which makes the rows of a range of cities, and kept in
/// `splices` until the page is rendered; with a site `macros.html` that has no rows macro, the
/// rows themselves, for the page template to loop over.
#[allow(clippy::too_many_arguments)]
pub fn chunked_matrix<C: Serialize>(
    ctx: &Ctx<'_>,
    env: &Environment<'_>,
    splices: &mut Splices,
    page_path: &str,
    template: &str,
    kpis: &[usize],
    caption: String,
    columns: Vec<Column>,
    rows: impl Fn(std::ops::Range<usize>) -> Vec<MatrixRow<C>>,
) -> Result<Matrix<C>, Diagnostic> {
    let n = ctx.input.content.cities.len();
    let body = render_rows(ctx, env, page_path, template, kpis, &rows)?;
    Ok(Matrix {
        caption,
        columns,
        rows: if body.is_none() {
            rows(0..n)
        } else {
            Vec::new()
        },
        body: body.map(|chunks| splices.keep(chunks)).unwrap_or_default(),
    })
}

/// JSON-LD `Dataset` description; `<` is escaped so the text cannot close the script element.
pub fn dataset_jsonld(
    ctx: &Ctx<'_>,
    name: &str,
    description: &str,
    city: Option<&City>,
    files: &[(String, &str)],
) -> String {
    let years: Vec<i32> = match city {
        Some(c) => vec![c.evaluation.data_year],
        None => ctx
            .input
            .content
            .cities
            .iter()
            .map(|c| c.city.evaluation.data_year)
            .collect(),
    };
    let temporal = match (years.iter().min(), years.iter().max()) {
        (Some(a), Some(b)) if a == b => a.to_string(),
        (Some(a), Some(b)) => format!("{a}/{b}"),
        _ => String::new(),
    };
    let licence = &ctx.input.config;
    let mut v = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": name,
        "description": description,
        "inLanguage": ctx.lang.code,
        "url": ctx.urls.absolute(&city.map_or("data/".to_string(), |c| city_path(&c.slug))),
        "license": if licence.data_licence_url.is_empty() { licence.data_licence.clone() } else { licence.data_licence_url.clone() },
        "isAccessibleForFree": true,
        "distribution": files.iter().map(|(p, mt)| serde_json::json!({"@type": "DataDownload", "encodingFormat": mt, "contentUrl": ctx.urls.absolute_asset(p)})).collect::<Vec<_>>(),
    });
    if !temporal.is_empty() {
        v["temporalCoverage"] = serde_json::Value::String(temporal);
    }
    if let Some(c) = city {
        let mut place = serde_json::json!({"@type": "Place", "name": format!("{}, {}", ctx.city_name(c), ctx.country(c))});
        if let Some((lat, lon)) = c.location {
            place["geo"] =
                serde_json::json!({"@type": "GeoCoordinates", "latitude": lat, "longitude": lon});
        }
        v["spatialCoverage"] = place;
    }
    serde_json::to_string(&v)
        .unwrap_or_default()
        .replace('<', "\\u003c")
}
