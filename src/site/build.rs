//! The whole pipeline in memory, one stage after another: config → load → engine → data
//! (downloads) → search → render → discovery → static files → check. `build` writes the
//! result; `check` and `serve` reuse it.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::cache::SiteCache;
use super::discovery;
use super::inputs::{Setup, static_files};
use crate::check::links::LinkIndex;
use crate::check::markdown_links::MarkdownLinks;
use crate::check::template_links;
use crate::config::{BaseUrl, SiteConfig};
use crate::content::{self, LoadOptions};
use crate::diagnostics::Diagnostics;
use crate::downloads;
use crate::kpi;
use crate::model::content::Content;
use crate::model::results::Results;
use crate::render::env::TemplateSet;
use crate::render::urls::Urls;
use crate::render::{Output, RenderInput, Sink, emit, render_site};
use crate::search;
use crate::site::image_store::ImageStore;

/// What to build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Site folder.
    pub root: PathBuf,
    /// Overrides `base_url` of site.toml (validated by the caller: `--base-url`).
    pub base_url: Option<BaseUrl>,
    /// Include drafts.
    pub drafts: bool,
    /// Also check every internal link of the rendered pages (what `check` does).
    pub check_links: bool,
    /// Every stage's results to reuse (the dev server keeps them between rebuilds).
    pub cache: Option<Arc<SiteCache>>,
    /// Images drawn by earlier builds (`build`, `check` and `serve` keep them in the site's
    /// folder unless told not to).
    pub images: Option<Arc<ImageStore>>,
    /// Where files go as soon as they are made (`build` writes them to disk at once); without
    /// one, [`Built::outputs`] holds every file's bytes.
    pub sink: Option<Arc<dyn Sink>>,
}

/// A site built in memory.
#[derive(Debug)]
pub struct Built {
    /// Every file, sorted by path (with empty bytes for files already given to the sink, and
    /// for every file when links were checked).
    pub outputs: Vec<Output>,
    /// Warnings (errors make the build fail instead).
    pub warnings: Diagnostics,
    /// Time per stage.
    pub timings: Vec<(&'static str, Duration)>,
    /// The configuration used.
    pub config: SiteConfig,
    /// Number of cities.
    pub cities: usize,
    /// Translation completeness per language other than the default.
    pub translations: Vec<crate::check::translations::LanguageReport>,
    /// Files and bytes of the default language's search bundle.
    pub search_bundle: (usize, usize),
    /// Broken links in Markdown reported as warnings (`[build] broken_links = "warn"`).
    pub broken_links: usize,
    /// With [`BuildOptions::check_links`] and no sink: the pages' ids and links, gathered
    /// while the pages were made (their bytes are then not kept in `outputs`).
    pub links: Option<LinkIndex>,
}

/// Time per stage, in the order the stages ran.
type Timings = Vec<(&'static str, Duration)>;

/// Runs `stage` and records how long it took under `name`.
fn timed<T>(timings: &mut Timings, name: &'static str, stage: impl FnOnce() -> T) -> T {
    let t = Instant::now();
    let out = stage();
    timings.push((name, t.elapsed()));
    out
}

/// Runs every stage; returns the files to write, or every error found.
pub fn build_in_memory(opts: &BuildOptions) -> Result<Built, Diagnostics> {
    // `check` keeps the ids and links of each page as it is made, not the page itself.
    let links = (opts.check_links && opts.sink.is_none()).then(LinkIndex::default);
    let sink: Option<&dyn Sink> = opts
        .sink
        .as_deref()
        .or(links.as_ref().map(|l| l as &dyn Sink));
    let cache = opts.cache.as_deref();
    let mut timings = Timings::new();
    let mut setup = timed(&mut timings, "config", || {
        Setup::read(&opts.root, opts.base_url.as_ref())
    })?;
    let language_warnings = std::mem::take(&mut setup.warnings);
    let config = &setup.config;
    let (content, mut diags) = timed(&mut timings, "load", || load(opts, config));
    diags.extend(language_warnings);
    let Some(mut content) = content else {
        return Err(diags);
    };
    let (results, catalog_fp) = timed(&mut timings, "engine", || {
        engine(&content, cache, &mut diags)
    });
    if cache.is_none() {
        content.release_city_texts();
    }
    let urls = Urls::new(config.base_url.clone());
    let md_links = MarkdownLinks::new(&content, &config.languages, &urls);
    // Anchors of Markdown links need the ids of the pages they point into, kept as those go by.
    let id_sink = md_links.sink(sink);
    let sink: Option<&dyn Sink> = if md_links.wants_ids() {
        Some(&id_sink)
    } else {
        sink
    };
    let data = timed(&mut timings, "data", || {
        let cache = cache.zip(catalog_fp).map(|(c, fp)| (&c.downloads, fp));
        downloads::build(
            &content,
            &results,
            config,
            &urls,
            &setup.strings,
            sink,
            cache,
        )
    });
    // Search runs after render, not beside it: each spreads its own work over the cores, and
    // side by side their working sets added up to the peak of a 10,000-city build (40–60 MB
    // over it). The price is about 60 ms at 1,000 cities, none at 10,000 (BENCHMARKS.md).
    let render_input = RenderInput {
        config,
        content: &content,
        results: &results,
        templates: &setup.templates,
        urls: &urls,
        downloads: &data.listing,
        strings: &setup.strings,
        cache: cache.map(|c| &c.render),
        images: opts
            .images
            .as_deref()
            .map(|i| i as &dyn crate::render::raster::ImageCache),
        shared_fingerprint: catalog_fp.map_or(0, |fp| setup.shared_fingerprint(&content, fp)),
        template_fingerprints: setup.templates.fingerprints(),
        sink,
    };
    let ((outputs, render_diags), render_time) = {
        let t = Instant::now();
        (render_site(&render_input), t.elapsed())
    };
    let (search, search_time) = {
        let t = Instant::now();
        let search = search::build(
            &content,
            &config.languages,
            &urls,
            sink,
            cache.map(|c| &c.search),
        );
        (search, t.elapsed())
    };
    timings.push(("render", render_time));
    timings.push(("search", search_time));
    diags.extend(render_diags);
    if let Some(e) = opts.images.as_ref().and_then(|i| i.write_error()) {
        diags.push(
            crate::diagnostics::Diagnostic::warning(format!(
                "cannot keep the images for the next build: {e}"
            ))
            .help("make the folder writable (or delete it), or pass --no-cache; every image was drawn and the site is complete"),
        );
    }
    // `check` goes on to the link checker so one run reports every problem.
    if diags.has_errors() && !opts.check_links {
        return Err(diags);
    }
    let feeds = timed(&mut timings, "discovery", || {
        discovery::files(&outputs, &content, config, &urls).map(|o| emit(sink, o))
    });
    let static_files = timed(&mut timings, "static", || {
        static_files(&opts.root).map(|f| f.into_iter().map(|o| emit(sink, o)).collect())
    })?;
    let outputs = collect([
        outputs,
        feeds.into(),
        search.files,
        data.files,
        static_files,
    ]);
    let broken_links = timed(&mut timings, "check", || {
        let links = Links {
            markdown: &md_links,
            html: links.as_ref(),
            templates: &setup.templates,
        };
        check(opts, config, &outputs, links, &mut diags)
    });
    if diags.has_errors() {
        return Err(diags);
    }
    let translations = crate::check::translations::report(config, &content, &setup.strings);
    Ok(Built {
        broken_links,
        links,
        translations,
        search_bundle: (search.bundle_files, search.bundle_bytes),
        outputs,
        warnings: diags,
        timings,
        config: setup.config,
        cities: content.cities.len(),
    })
}

/// Every stage's files in one list sorted by path; of two files with the same path, the one
/// of the earlier stage is kept.
fn collect(stages: [Vec<Output>; 5]) -> Vec<Output> {
    let mut outputs: Vec<Output> = stages.into_iter().flatten().collect();
    outputs.sort_by(|a, b| a.path.cmp(&b.path));
    outputs.dedup_by(|a, b| a.path == b.path);
    outputs
}

/// The load stage, with the dev server's cache of parsed city folders if there is one.
fn load(opts: &BuildOptions, config: &SiteConfig) -> (Option<Content>, Diagnostics) {
    content::load_cached(
        &opts.root,
        config,
        LoadOptions {
            drafts: opts.drafts,
        },
        opts.cache.as_deref().map(|c| &c.content),
    )
}

/// The engine stage. With the dev server's cache, also the catalog's fingerprint, which the
/// caches of the later stages key on (a plain build has no cache and skips it).
fn engine(
    content: &Content,
    cache: Option<&SiteCache>,
    diags: &mut Diagnostics,
) -> (Results, Option<u64>) {
    let catalog_fp = cache.map(|_| {
        let catalog = serde_json::to_vec(&content.catalog).unwrap_or_default();
        crate::fingerprint::fingerprint([catalog.as_slice()])
    });
    let (results, engine_diags) = kpi::run_cached(
        content,
        cache.zip(catalog_fp).map(|(c, fp)| (&c.engine, fp)),
    );
    diags.extend(engine_diags);
    (results, catalog_fp)
}

/// What the link checks work from.
struct Links<'a> {
    /// The internal links of the Markdown files.
    markdown: &'a MarkdownLinks,
    /// With `check`: every page's ids and links.
    html: Option<&'a LinkIndex>,
    /// To report a template's broken link at the template.
    templates: &'a TemplateSet,
}

/// Checks the Markdown links (every build) and, for `check`, every link of every page, once
/// every page exists: after an earlier error some pages are missing, and every link to them
/// would be reported again as broken. A Markdown link is reported at its `.md` file only.
/// Returns how many broken Markdown links were reported.
fn check(
    opts: &BuildOptions,
    config: &SiteConfig,
    outputs: &[Output],
    links: Links<'_>,
    diags: &mut Diagnostics,
) -> usize {
    if diags.has_errors() {
        return 0;
    }
    let (md, skip) = links.markdown.check(outputs, config.build.broken_links);
    let broken = md.iter().count();
    diags.extend(md);
    if opts.check_links {
        let base = &config.base_url.path;
        let broken = match links.html {
            Some(index) => index.broken(outputs, base),
            None => LinkIndex::from_outputs(outputs).broken(outputs, base),
        };
        let folders: Vec<String> = config
            .languages
            .iter()
            .skip(1)
            .map(|l| format!("{}/", l.code))
            .collect();
        diags.extend(template_links::report(
            broken,
            &skip,
            links.templates,
            &folders,
            base,
        ));
    }
    broken
}
