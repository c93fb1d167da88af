//! The whole pipeline in memory: config → load → engine → render (+ data files and static
//! files). `build` writes the result; `check` and `serve` reuse it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use walkdir::WalkDir;

use crate::check::links::LinkIndex;
use crate::config::{BaseUrl, SiteConfig};
use crate::content::{self, LoadOptions};
use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile, display_path};
use crate::kpi;
use crate::render::env::{THEME_STATIC, TemplateSet};
use crate::render::i18n::Strings;
use crate::render::urls::Urls;
use crate::render::{Output, RenderInput, render_site};

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
    /// Rendered profiles to reuse (the dev server keeps one between rebuilds).
    pub cache: Option<std::sync::Arc<crate::render::cache::RenderCache>>,
    /// Where files go as soon as they are made (`build` writes them to disk at once); without
    /// one, [`Built::outputs`] holds every file's bytes.
    pub sink: Option<std::sync::Arc<dyn crate::render::Sink>>,
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
    /// Size of the search index of the default language, in bytes.
    pub search_index_bytes: usize,
    /// With [`BuildOptions::check_links`] and no sink: the pages' ids and links, gathered
    /// while the pages were made (their bytes are then not kept in `outputs`).
    pub links: Option<LinkIndex>,
}

/// Reads the site's own templates (`templates/**/*.html`, names relative to that folder).
fn site_templates(root: &Path) -> Result<BTreeMap<String, SourceFile>, Diagnostics> {
    site_files(root, "templates")
}

/// Reads every file of a site folder (names relative to that folder).
fn site_files(root: &Path, folder: &str) -> Result<BTreeMap<String, SourceFile>, Diagnostics> {
    let dir = root.join(folder);
    let mut out = BTreeMap::new();
    let mut diags = Diagnostics::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    for e in WalkDir::new(&dir).sort_by_file_name().into_iter().flatten() {
        if !e.file_type().is_file() {
            continue;
        }
        let name = e
            .path()
            .strip_prefix(&dir)
            .unwrap_or(e.path())
            .to_string_lossy()
            .replace('\\', "/");
        match std::fs::read_to_string(e.path()) {
            Ok(text) => {
                out.insert(name, SourceFile::new(display_path(root, e.path()), text));
            }
            Err(err) => diags.push(Diagnostic::error(format!(
                "cannot read template {}: {err}",
                e.path().display()
            ))),
        }
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(out)
    }
}

/// Theme static files under `static/`, overridden by the site's `static/` files.
fn static_files(root: &Path) -> Result<Vec<Output>, Diagnostics> {
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for f in THEME_STATIC.files() {
        files.insert(
            format!("static/{}", f.path().to_string_lossy().replace('\\', "/")),
            f.contents().to_vec(),
        );
    }
    let dir = root.join("static");
    if dir.is_dir() {
        for e in WalkDir::new(&dir).sort_by_file_name().into_iter().flatten() {
            if !e.file_type().is_file() {
                continue;
            }
            let rel = e
                .path()
                .strip_prefix(&dir)
                .unwrap_or(e.path())
                .to_string_lossy()
                .replace('\\', "/");
            match std::fs::read(e.path()) {
                Ok(bytes) => {
                    files.insert(format!("static/{rel}"), bytes);
                }
                Err(err) => {
                    return Err(Diagnostic::error(format!(
                        "cannot read {}: {err}",
                        e.path().display()
                    ))
                    .into());
                }
            }
        }
    }
    Ok(files
        .into_iter()
        .map(|(path, bytes)| Output {
            path,
            bytes: bytes.into(),
        })
        .collect())
}

/// Runs every stage; returns the files to write, or every error found.
pub fn build_in_memory(opts: &BuildOptions) -> Result<Built, Diagnostics> {
    // `check` keeps the ids and links of each page as it is made, not the page itself.
    let links = (opts.check_links && opts.sink.is_none()).then(LinkIndex::default);
    let sink: Option<&dyn crate::render::Sink> = opts
        .sink
        .as_deref()
        .or(links.as_ref().map(|l| l as &dyn crate::render::Sink));
    let emit = |o: Output| crate::render::emit(sink, o);
    let mut timings = Vec::new();
    let t = Instant::now();
    let mut config = SiteConfig::load(&opts.root)?;
    if let Some(b) = &opts.base_url {
        config.base_url = b.clone();
    }
    let templates = TemplateSet::new(site_templates(&opts.root)?);
    let strings = Strings::load(&config.default_language, &site_files(&opts.root, "i18n")?)?;
    let language_warnings = check_languages(&opts.root, &config, &strings)?;
    timings.push(("config", t.elapsed()));
    let t = Instant::now();
    let (content, mut diags) = content::load_cached(
        &opts.root,
        &config,
        LoadOptions {
            drafts: opts.drafts,
        },
        opts.cache.as_deref().map(|c| &c.content),
    );
    timings.push(("load", t.elapsed()));
    diags.extend(language_warnings);
    let Some(content) = content else {
        return Err(diags);
    };
    let t = Instant::now();
    // What the dev server's caches key on; a plain build has no cache and skips it.
    let cache = opts.cache.as_deref().map(|c| {
        let catalog = serde_json::to_vec(&content.catalog).unwrap_or_default();
        (c, crate::fingerprint::fingerprint([catalog.as_slice()]))
    });
    let (results, engine_diags) = kpi::run_cached(&content, cache.map(|(c, fp)| (&c.engine, fp)));
    diags.extend(engine_diags);
    timings.push(("engine", t.elapsed()));
    let t = Instant::now();
    let urls = Urls::new(config.base_url.clone());
    let mut data = crate::site::export::data_files(&content, &results, sink, cache);
    let dp = crate::site::datapackage::datapackage(&config, &urls);
    data.push(crate::site::export::DataFile {
        size: dp.bytes.len() as u64,
        output: emit(dp),
        format: "JSON",
        description: "Frictionless Data Package describing values.csv, scores.csv and catalog.csv (field types, fixed words, keys).".to_string(),
    });
    timings.push(("data", t.elapsed()));
    let t = Instant::now();
    // A file changes when an evaluation it holds does: a city's files carry its evaluation
    // date, the others the newest one.
    let evaluation_date = |c: &crate::content::city::City| {
        c.evaluation
            .published
            .clone()
            .unwrap_or_else(|| c.evaluation.data_year.to_string())
    };
    let newest = content
        .cities
        .iter()
        .map(|c| evaluation_date(&c.city))
        .max()
        .unwrap_or_default();
    let city_dates: std::collections::HashMap<String, String> = content
        .cities
        .iter()
        .map(|c| (c.city.slug.clone(), evaluation_date(&c.city)))
        .collect();
    let downloads: Vec<crate::render::pages::Download> = data
        .iter()
        .map(|f| {
            let updated = f
                .output
                .path
                .strip_prefix("data/cities/")
                .and_then(|rest| rest.rsplit_once('.'))
                .and_then(|(slug, _)| city_dates.get(slug).cloned())
                .unwrap_or_else(|| newest.clone());
            crate::render::pages::Download {
                path: f.output.path.clone(),
                size: f.size,
                format: f.format.to_string(),
                description: f.description.clone(),
                updated,
            }
        })
        .collect();
    let (search, entries): (Vec<Output>, Vec<usize>) = config
        .languages
        .iter()
        .enumerate()
        .map(|(i, l)| {
            crate::site::discovery::search_index(
                &content,
                &urls.for_language(&l.code, i == 0),
                &l.code,
                opts.cache.as_deref(),
            )
        })
        .unzip();
    // Every language indexes the same pages, so the default language's count stands for all.
    let search_entries = entries.first().copied().unwrap_or(0);
    let search_index_bytes = search.first().map_or(0, |o| o.bytes.len());
    let data: Vec<Output> = data.into_iter().map(|f| f.output).collect();
    let search: Vec<Output> = search.into_iter().map(emit).collect();
    timings.push(("search", t.elapsed()));
    let t = Instant::now();
    let input = RenderInput {
        config: &config,
        content: &content,
        results: &results,
        templates: &templates,
        urls: &urls,
        downloads: &downloads,
        strings: &strings,
        search_entries,
        cache: opts.cache.as_deref(),
        shared_fingerprint: cache.map_or(0, |(_, catalog_fp)| {
            shared_fingerprint(&opts.root, &content, catalog_fp)
        }),
        template_fingerprints: templates.fingerprints(),
        sink,
    };
    let (mut outputs, render_diags) = render_site(&input);
    diags.extend(render_diags);
    timings.push(("render", t.elapsed()));
    // `check` goes on to the link checker so one run reports every problem.
    if diags.has_errors() && !opts.check_links {
        return Err(diags);
    }
    let sitemap = crate::site::discovery::sitemap(&outputs, &urls, &config.languages);
    outputs.push(emit(sitemap));
    outputs.push(emit(crate::site::discovery::robots(&urls)));
    outputs.push(emit(crate::site::discovery::atom(&content, &config, &urls)));
    outputs.extend(search);
    outputs.extend(data);
    outputs.extend(static_files(&opts.root)?.into_iter().map(emit));
    outputs.sort_by(|a, b| a.path.cmp(&b.path));
    outputs.dedup_by(|a, b| a.path == b.path);
    // Links are checked once every page exists: after an earlier error some pages are missing,
    // and every link to them would be reported again as broken.
    if opts.check_links && !diags.has_errors() {
        let base = &config.base_url.path;
        diags.extend(match &links {
            Some(index) => index.check(&outputs, base),
            None => crate::check::links::check_links(&outputs, base),
        });
    }
    if diags.has_errors() {
        return Err(diags);
    }
    let translations = crate::check::translations::report(&config, &content, &strings);
    Ok(Built {
        links,
        translations,
        search_index_bytes,
        outputs,
        warnings: diags,
        timings,
        config,
        cities: content.cities.len(),
    })
}

/// Every language of the site needs UI strings, and the default language needs every key.
fn check_languages(
    root: &Path,
    config: &SiteConfig,
    strings: &Strings,
) -> Result<Diagnostics, Diagnostics> {
    let mut diags = Diagnostics::new();
    let site = SourceFile::new(
        "site.toml",
        std::fs::read_to_string(root.join("site.toml")).unwrap_or_default(),
    );
    for l in &config.languages {
        if !strings.by_lang.contains_key(&l.code) {
            let header = format!("[languages.{}]", l.code);
            let span = site.text.find(&header).map(|i| i..i + header.len());
            diags.push(
                Diagnostic::error(format!("language `{}` has no UI strings", l.code))
                    .at(&site, span)
                    .help(format!("add i18n/{}.toml with the strings (copy a built-in language's file as a start), or remove the language", l.code)),
            );
        }
    }
    for (lang, _) in strings.by_lang.iter() {
        if !config.languages.iter().any(|l| &l.code == lang)
            && root.join("i18n").join(format!("{lang}.toml")).is_file()
        {
            let f = SourceFile::new(format!("i18n/{lang}.toml"), "");
            diags.push(
                Diagnostic::warning(format!(
                    "i18n/{lang}.toml is for language `{lang}`, which site.toml does not list"
                ))
                .in_file(&f)
                .help(format!(
                    "add [languages.{lang}] to site.toml, or remove the file"
                )),
            );
        }
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(diags)
    }
}

/// Fingerprint of what every city profile shares with the rest of the site (templates aside,
/// which each page adds for the ones it uses): the UI strings and settings files, the catalog
/// and its translations, the background pages' titles and the cities linked from each profile.
fn shared_fingerprint(root: &Path, content: &crate::content::Content, catalog_fp: u64) -> u64 {
    let mut parts: Vec<Vec<u8>> = Vec::new();
    parts.push(std::fs::read(root.join("site.toml")).unwrap_or_default());
    for dir in ["i18n"] {
        if let Ok(files) = site_files(root, dir) {
            for (name, file) in files {
                parts.push(name.into_bytes());
                parts.push(file.text.as_bytes().to_vec());
            }
        }
    }
    parts.push(catalog_fp.to_le_bytes().to_vec());
    // A site with its own catalog can translate its names in files beside it.
    parts.push(serde_json::to_vec(&content.catalog_translations).unwrap_or_default());
    for p in &content.pages {
        parts.push(p.slug.as_bytes().to_vec());
        parts.push(p.meta.title.as_bytes().to_vec());
        for (lang, t) in &p.translations {
            parts.push(lang.as_bytes().to_vec());
            parts.push(t.meta.title.as_bytes().to_vec());
        }
    }
    for c in &content.cities {
        parts.push(c.city.slug.as_bytes().to_vec());
        parts.push(c.city.name.as_bytes().to_vec());
    }
    crate::fingerprint::fingerprint(parts.iter().map(Vec::as_slice))
}
