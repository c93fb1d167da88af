//! Walks `content/` and reads every city, narrative and page, in parallel and in sorted order.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::city::parse_city_for;
use super::markdown::render;
use super::page::parse_front_matter;
use super::translation::u4ssc_translations;
use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile, WarningKind, display_path};
use crate::model::catalog::{Catalog, Target, slugify};
use crate::model::content::{CityEntry, Content, Narrative, Page, PageText};
use crate::model::placeholders;
use crate::model::translation::CatalogTranslation;

/// What to load.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// Include drafts.
    pub drafts: bool,
}

fn read(root: &Path, path: &Path) -> Result<SourceFile, Diagnostic> {
    let rel = display_path(root, path);
    match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Ok(SourceFile::new(rel, text)),
            Err(e) => {
                let valid = e.utf8_error().valid_up_to();
                let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
                let file = SourceFile::new(rel, text);
                Err(Diagnostic::error("the file is not valid UTF-8 text")
                    .at(&file, Some(valid..valid + 1))
                    .help("save the file as UTF-8 (most editors offer it under 'Save as' or 'Encoding')"))
            }
        },
        Err(e) => Err(Diagnostic::error(format!(
            "cannot read {}: {e}",
            rel.display()
        ))),
    }
}

/// Loads the catalog named in site.toml (or the embedded one) and applies `[targets]`.
pub fn load_catalog(root: &Path, config: &SiteConfig) -> Result<Catalog, Diagnostics> {
    let mut catalog = match &config.catalog {
        None => Catalog::u4ssc(),
        Some(p) => {
            let file = read(root, &root.join(p))?;
            Catalog::parse(&file)?
        }
    };
    catalog.scoring.min_coverage = config.scoring.min_coverage;
    let mut diags = Diagnostics::new();
    let site_file = &config.file;
    for (code, t) in &config.targets {
        let target = Target {
            value: t.value,
            source: t.source.clone().into(),
            official: t.official,
            year: t.year.unwrap_or(config.scoring.target_year),
            note: None,
        };
        if let Err(msg) = catalog.set_target(code, None, target) {
            let span = site_file
                .text
                .find(code.as_str())
                .map(|i| i..i + code.len());
            let mut d = Diagnostic::error(msg).at(site_file, span);
            if let Some(s) = catalog.suggest(code) {
                d = d.help(format!("did you mean `{s}`?"));
            }
            diags.push(d);
        }
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(catalog)
    }
}

/// The catalog's names in the site's other languages: built in for the U4SSC catalog, else
/// `<catalog>.<lang>.toml` files beside a custom catalog.
pub fn load_catalog_translations(
    root: &Path,
    config: &SiteConfig,
) -> Result<std::collections::BTreeMap<String, CatalogTranslation>, Diagnostics> {
    let mut out = std::collections::BTreeMap::new();
    let langs = config.languages.iter().skip(1).map(|l| l.code.as_str());
    match &config.catalog {
        None => {
            let mut all = u4ssc_translations();
            for l in langs {
                if let Some(t) = all.remove(l) {
                    out.insert(l.to_string(), t);
                }
            }
        }
        Some(p) => {
            let path = root.join(p);
            let stem = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("catalog")
                .to_string();
            for l in langs {
                let tp = path.with_file_name(format!("{stem}.{l}.toml"));
                if tp.is_file() {
                    let file = read(root, &tp)?;
                    let (_, t) = CatalogTranslation::parse(&file)?;
                    out.insert(l.to_string(), t);
                }
            }
        }
    }
    Ok(out)
}

/// Splits `name.fr.md` into ("name", Some("fr")) and `name.md` into ("name", None).
fn split_lang(file_name: &str) -> Option<(&str, Option<&str>)> {
    let stem = file_name.strip_suffix(".md")?;
    match stem.rsplit_once('.') {
        Some((base, lang)) if !base.is_empty() => Some((base, Some(lang))),
        _ => Some((stem, None)),
    }
}

/// Reads every file under `<root>/content`; returns content only when there is no error.
pub fn load(root: &Path, config: &SiteConfig, opts: LoadOptions) -> (Option<Content>, Diagnostics) {
    load_cached(root, config, opts, None)
}

/// Parsed city folders kept between dev-server rebuilds, so an edit re-parses one city.
#[derive(Debug, Default)]
pub struct LoadCache {
    // Folder → (fingerprint of its files and of what parsing depends on, result).
    cities: std::sync::Mutex<std::collections::HashMap<PathBuf, (CachedKey, LoadedCity)>>,
    // Set by the dev server, whose watcher reports every change (see `forget`).
    trust_forget: std::sync::atomic::AtomicBool,
}

/// What a cached city folder was parsed with: its files' fingerprint and what parsing
/// depends on besides them.
#[derive(Debug, Clone, Copy, PartialEq)]
struct CachedKey {
    files: u64,
    parse_inputs: u64,
}

/// What loading one city folder gave.
type LoadedCity = (Option<std::sync::Arc<CityEntry>>, Diagnostics);

/// Fingerprint of a city folder's files; `None` when the folder cannot be listed (parsing
/// reports why).
///
/// It reads each file's metadata (name, size, modification time, inode), not its text: that is
/// what lets a rebuild of a 1,000-city site skip reading 1,000 folders. An editor's save
/// changes the modification time, and a save by renaming a new file over the old one changes
/// the inode; the dev server also drops the folders its watcher names (see
/// [`LoadCache::forget`]), which covers two saves within one tick of the file system's clock.
fn city_folder_fingerprint(dir: &Path) -> Option<u64> {
    let mut files: Vec<(std::ffi::OsString, std::fs::Metadata)> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| {
            let e = e.ok()?;
            // Follows symlinks, as reading the file does.
            let meta = std::fs::metadata(e.path()).ok()?;
            Some((e.file_name(), meta))
        })
        .collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(dir.as_os_str().as_encoded_bytes());
    for (name, meta) in files {
        h.update(&(name.len() as u64).to_le_bytes());
        h.update(name.as_encoded_bytes());
        h.update(&meta.len().to_le_bytes());
        let modified = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        h.update(&modified.to_le_bytes());
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            h.update(&meta.ino().to_le_bytes());
            h.update(&meta.dev().to_le_bytes());
        }
    }
    Some(h.digest())
}

impl LoadCache {
    /// Forgets the city folders that contain any of `paths` or lie inside one of them (what
    /// the watcher saw change; the site's root forgets everything).
    pub fn forget(&self, paths: &[PathBuf]) {
        if let Ok(mut map) = self.cities.lock() {
            map.retain(|dir, _| {
                !paths
                    .iter()
                    .any(|p| p.starts_with(dir) || dir.starts_with(p))
            });
        }
    }

    /// From now on, a folder not [forgotten](Self::forget) since it was parsed is taken as
    /// unchanged without looking at its files. For the dev server, whose watcher reports every
    /// change under `content/`; without this, each folder's files are checked on every load.
    pub fn trust_forget(&self) {
        self.trust_forget
            .store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

/// [`load`], reusing the cities of `cache` whose folders did not change.
pub fn load_cached(
    root: &Path,
    config: &SiteConfig,
    opts: LoadOptions,
    cache: Option<&LoadCache>,
) -> (Option<Content>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let catalog = match load_catalog(root, config) {
        Ok(c) => c,
        Err(d) => return (None, d),
    };
    let other_langs: Vec<String> = config
        .languages
        .iter()
        .skip(1)
        .map(|l| l.code.clone())
        .collect();
    let content_dir = root.join("content");
    let (city_dirs, page_files) = list_content(&content_dir, &other_langs, &mut diags);
    if !content_dir.is_dir() {
        diags.push(
            Diagnostic::warning(format!("no content folder at {}", content_dir.display())).help(
                "create content/cities/<city>/city.toml, e.g. with `cityprofiles new city NAME`",
            ),
        );
    }
    let md = MdOptions {
        base_path: config.base_url.path.clone(),
        raw_html: config.markdown.raw_html,
        langs: other_langs,
    };
    let parse_inputs = cache.map(|_| {
        crate::fingerprint::fingerprint([
            serde_json::to_vec(&catalog).unwrap_or_default().as_slice(),
            md.base_path.as_bytes(),
            format!("{:?}", md.raw_html).as_bytes(),
            md.langs.join(",").as_bytes(),
        ])
    });
    let loaded: Vec<LoadedCity> = city_dirs
        .par_iter()
        .map(|dir| load_city_cached(root, dir, &catalog, &md, cache, parse_inputs))
        .collect();
    let cities = keep_cities(loaded, opts, &mut diags);
    let pages = load_pages(root, page_files, &md, opts, &mut diags);
    // Errors are reported, but the valid cities and pages go on to the later stages, so one run
    // also reports the problems those stages find (citations, templates, links).
    let catalog_translations = match load_catalog_translations(root, config) {
        Ok(t) => t,
        Err(d) => {
            diags.extend(d);
            return (None, diags);
        }
    };
    (
        Some(Content {
            catalog,
            catalog_translations,
            cities,
            pages,
        }),
        diags,
    )
}

/// Lists `content/cities/*` folders and `content/pages/*.md` files, sorted, with each page's
/// translations (a file for a language site.toml does not list is warned about).
fn list_content(
    content_dir: &Path,
    other_langs: &[String],
    diags: &mut Diagnostics,
) -> (Vec<PathBuf>, std::collections::BTreeMap<String, PageFiles>) {
    let mut city_dirs: Vec<PathBuf> = Vec::new();
    // slug -> (default file, translations by language)
    let mut page_files: std::collections::BTreeMap<String, PageFiles> =
        std::collections::BTreeMap::new();
    // A site may have no content yet; the warning below says so. Only the two folders that
    // hold content are listed (not each city folder: that is 1,000 directory reads at 1,000
    // cities, for every rebuild of the dev server).
    for sub in ["cities", "pages"] {
        let dir = content_dir.join(sub);
        if !dir.is_dir() {
            continue;
        }
        // Not walkdir: it opens every folder it lists, even where it will not descend.
        let mut entries: Vec<std::fs::DirEntry> = match std::fs::read_dir(&dir) {
            Ok(rd) => rd.filter_map(Result::ok).collect(),
            Err(e) => {
                diags.push(Diagnostic::error(format!(
                    "cannot read the content folder {}: {e}",
                    dir.display()
                )));
                continue;
            }
        };
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let name = entry.file_name();
            let Some(f) = name.to_str() else {
                continue;
            };
            // The entry's own type, as listed: a symbolic link is neither.
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            match sub {
                "cities" if kind.is_dir() => city_dirs.push(entry.path()),
                "pages" if kind.is_file() => {
                    let Some((slug, lang)) = split_lang(f) else {
                        continue;
                    };
                    let slot = page_files.entry(slug.to_string()).or_default();
                    match lang {
                        None => slot.0 = Some(entry.path()),
                        Some(l) if other_langs.iter().any(|o| o == l) => {
                            slot.1.push((l.to_string(), entry.path()))
                        }
                        Some(l) => diags.push(
                            // Named as the file, so editors and CI annotations open it.
                            Diagnostic::warning(format!(
                                "this page is for language `{l}`, which site.toml does not list"
                            ))
                            .in_file(&SourceFile::new(format!("content/pages/{f}"), ""))
                            .help(format!(
                                "add [languages.{l}] to site.toml, or rename the file"
                            ))
                            .with_kind(WarningKind::UnlistedLanguage),
                        ),
                    }
                }
                _ => {}
            }
        }
    }
    (city_dirs, page_files)
}

/// One city folder: the cached entry when its files (or, trusting the watcher, the folder
/// as a whole) and what it is parsed with are unchanged, else parsed again.
fn load_city_cached(
    root: &Path,
    dir: &Path,
    catalog: &Catalog,
    md: &MdOptions,
    cache: Option<&LoadCache>,
    parse_inputs: Option<u64>,
) -> LoadedCity {
    if let (Some(c), Some(p)) = (cache, parse_inputs)
        && c.trust_forget.load(std::sync::atomic::Ordering::Relaxed)
        && let Ok(map) = c.cities.lock()
        && let Some((k, (entry, d))) = map.get(dir)
        && k.parse_inputs == p
    {
        return (entry.clone(), d.clone());
    }
    let key = parse_inputs.and_then(|p| {
        Some(CachedKey {
            files: city_folder_fingerprint(dir)?,
            parse_inputs: p,
        })
    });
    if let (Some(c), Some(k)) = (cache, key)
        && let Ok(map) = c.cities.lock()
        && let Some((fp, (entry, d))) = map.get(dir)
        && *fp == k
    {
        return (entry.clone(), d.clone());
    }
    let (entry, d) = load_city(root, dir, catalog, md);
    let entry = entry.map(std::sync::Arc::new);
    if let (Some(c), Some(k)) = (cache, key)
        && let Ok(mut map) = c.cities.lock()
    {
        map.insert(dir.to_path_buf(), (k, (entry.clone(), d.clone())));
    }
    (entry, d)
}

/// The loaded cities to publish: drafts dropped unless wanted, and an error for two folders
/// that would publish at the same address.
fn keep_cities(
    loaded: Vec<LoadedCity>,
    opts: LoadOptions,
    diags: &mut Diagnostics,
) -> Vec<std::sync::Arc<CityEntry>> {
    let mut cities = Vec::new();
    let mut seen = std::collections::BTreeMap::<String, String>::new();
    for (c, d) in loaded {
        diags.extend(d);
        if let Some(c) = c {
            let key = c.city.slug.clone();
            let folder = c
                .city
                .file
                .path
                .parent()
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            if let Some(other) = seen.insert(key.clone(), folder.clone()) {
                diags.push(
                    Diagnostic::error(format!(
                        "folders `{other}` and `{folder}` would both be published at /cities/{key}/"
                    ))
                    .in_file(&c.city.file)
                    .help("rename or remove one of the two folders"),
                );
                continue;
            }
            if c.city.draft && !opts.drafts {
                continue;
            }
            cities.push(c);
        }
    }
    cities
}

/// Loads every background page in parallel, sorted by weight then slug (drafts dropped
/// unless wanted).
fn load_pages(
    root: &Path,
    page_files: std::collections::BTreeMap<String, PageFiles>,
    md: &MdOptions,
    opts: LoadOptions,
    diags: &mut Diagnostics,
) -> Vec<Page> {
    let page_list: Vec<(String, PageFiles)> = page_files.into_iter().collect();
    let loaded_pages: Vec<(Option<Page>, Diagnostics)> = page_list
        .par_iter()
        .map(|(slug, files)| load_page(root, slug, files, md))
        .collect();
    let mut pages = Vec::new();
    for (p, d) in loaded_pages {
        diags.extend(d);
        if let Some(p) = p
            && (!p.meta.draft || opts.drafts)
        {
            pages.push(p);
        }
    }
    pages.sort_by(|a, b| {
        a.meta
            .weight
            .cmp(&b.meta.weight)
            .then_with(|| a.slug.cmp(&b.slug))
    });
    pages
}

/// A page's default file and its translations (language, file).
type PageFiles = (Option<PathBuf>, Vec<(String, PathBuf)>);

/// How Markdown is rendered, and which translations to look for.
struct MdOptions {
    base_path: String,
    raw_html: crate::config::RawHtml,
    langs: Vec<String>,
}

fn check_slug(slug: &str, file: &SourceFile, diags: &mut Diagnostics) -> bool {
    let good = slugify(slug);
    if good != slug {
        diags.push(
            Diagnostic::error(format!("`{slug}` cannot be used in a web address"))
                .in_file(file)
                .help(format!(
                    "rename the folder or file to `{good}` (lowercase letters, digits and hyphens)"
                )),
        );
        return false;
    }
    true
}

fn read_narrative(
    root: &Path,
    path: &Path,
    md: &MdOptions,
    diags: &mut Diagnostics,
) -> Option<Narrative> {
    match read(root, path) {
        Ok(f) => {
            warn_outline(&f, diags);
            Some(Narrative {
                body: render(&f.text, 0, md.raw_html),
                file: f,
            })
        }
        Err(d) => {
            diags.push(d);
            None
        }
    }
}

/// Warns about each paragraph of a narrative that is still the text `init` or `new city`
/// wrote, which would otherwise be published as the city's findings.
fn warn_outline(f: &SourceFile, diags: &mut Diagnostics) {
    for (span, p) in placeholders::in_markdown(&f.text) {
        diags.push(
            Diagnostic::warning(placeholders::sentence_message(p, &f.text[span.clone()]))
                .at(f, Some(span))
                .help(placeholders::sentence_help(p))
                .with_kind(WarningKind::Placeholder),
        );
    }
}

fn load_city(
    root: &Path,
    dir: &Path,
    catalog: &Catalog,
    md: &MdOptions,
) -> (Option<CityEntry>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let slug = dir
        .file_name()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_string();
    let toml_path = dir.join("city.toml");
    if !toml_path.is_file() {
        diags.push(
            Diagnostic::error(format!("{} has no city.toml", display_path(root, dir).display()))
                .help("add city.toml with the city's data, or remove the folder; `cityprofiles new city NAME` writes a form to fill in"),
        );
        return (None, diags);
    }
    let file = match read(root, &toml_path) {
        Ok(f) => f,
        Err(d) => {
            diags.push(d);
            return (None, diags);
        }
    };
    // Any folder name works: the address uses its slug ("Ålesund" → alesund); two folders with
    // the same slug are reported together by the caller.
    let slug = slugify(&slug);
    if slug.is_empty() {
        diags.push(
            Diagnostic::error(
                "this city folder's name has no letters or digits to make a web address from",
            )
            .in_file(&file)
            .help("rename the folder to the city's name, e.g. content/cities/bizerte"),
        );
        return (None, diags);
    }
    let (city, d) = parse_city_for(&slug, &file, catalog, Some(&md.langs));
    diags.extend(d);
    let md_path = dir.join("index.md");
    let narrative = if md_path.is_file() {
        read_narrative(root, &md_path, md, &mut diags)
    } else {
        diags.push(
            Diagnostic::warning(format!("city `{slug}` has no narrative"))
                .in_file(&file)
                .help(format!(
                    "write the key findings and recommendations in {}",
                    display_path(root, &md_path).display()
                ))
                .with_kind(WarningKind::NoNarrative),
        );
        None
    };
    if let Ok(entries) = std::fs::read_dir(dir) {
        let mut names: Vec<String> = entries
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .collect();
        names.sort();
        for n in names {
            if let Some(("index", Some(l))) = split_lang(&n)
                && !md.langs.iter().any(|x| x == l)
            {
                let f = SourceFile::new(display_path(root, &dir.join(&n)), "");
                diags.push(
                    Diagnostic::warning(format!(
                        "{n} is for language `{l}`, which site.toml does not list"
                    ))
                    .in_file(&f)
                    .help(format!(
                        "add [languages.{l}] to site.toml, or rename the file"
                    ))
                    .with_kind(WarningKind::UnlistedLanguage),
                );
            }
        }
    }
    let mut translations = std::collections::BTreeMap::new();
    for lang in &md.langs {
        let p = dir.join(format!("index.{lang}.md"));
        if p.is_file()
            && let Some(n) = read_narrative(root, &p, md, &mut diags)
        {
            translations.insert(lang.clone(), n);
        }
    }
    (
        city.map(|city| CityEntry {
            city,
            narrative,
            translations,
        }),
        diags,
    )
}

fn load_text(
    root: &Path,
    path: &Path,
    md: &MdOptions,
    diags: &mut Diagnostics,
) -> Option<PageText> {
    let file = match read(root, path) {
        Ok(f) => f,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let (fm, d) = parse_front_matter(&file);
    diags.extend(d);
    fm.map(|(meta, offset)| PageText {
        meta,
        body: render(&file.text[offset..], offset, md.raw_html),
        file: file.clone(),
    })
}

fn load_page(
    root: &Path,
    slug: &str,
    files: &PageFiles,
    md: &MdOptions,
) -> (Option<Page>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let Some(default) = &files.0 else {
        if let Some((_, p)) = files.1.first() {
            let f = SourceFile::new(display_path(root, p), "");
            diags.push(
                Diagnostic::error(format!(
                    "content/pages/{slug} has translations but no {slug}.md"
                ))
                .in_file(&f)
                .help(format!(
                    "add content/pages/{slug}.md in the default language"
                )),
            );
        }
        return (None, diags);
    };
    let Some(text) = load_text(root, default, md, &mut diags) else {
        return (None, diags);
    };
    if !check_slug(slug, &text.file, &mut diags) {
        return (None, diags);
    }
    let mut translations = std::collections::BTreeMap::new();
    for (lang, p) in &files.1 {
        if let Some(t) = load_text(root, p, md, &mut diags) {
            translations.insert(lang.clone(), t);
        }
    }
    let page = Page {
        slug: slug.to_string(),
        meta: text.meta,
        body: text.body,
        file: text.file,
        translations,
    };
    (Some(page), diags)
}
