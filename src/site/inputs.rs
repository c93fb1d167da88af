//! The config stage's reading of the site folder: `site.toml` (once), the site's templates and
//! UI strings, and its static files; with the checks between settings and strings.

use std::collections::BTreeMap;
use std::path::Path;

use walkdir::WalkDir;

use crate::config::{BaseUrl, SiteConfig};
use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile, WarningKind, display_path};
use crate::model::content::Content;
use crate::render::Output;
use crate::render::env::{THEME_STATIC, TemplateSet};
use crate::render::i18n::Strings;

/// What the config stage read: the settings, templates and UI strings every later stage uses.
/// Each file is read once per build; later stages get it from here.
pub struct Setup {
    /// The settings (with `--base-url` applied).
    pub config: SiteConfig,
    /// The theme's templates with the site's own on top.
    pub templates: TemplateSet,
    /// The site's `i18n/` files (names relative to that folder).
    pub i18n: BTreeMap<String, SourceFile>,
    /// UI strings of every language.
    pub strings: Strings,
    /// Warnings about languages and their strings, reported after the load stage's.
    pub warnings: Diagnostics,
}

impl Setup {
    /// Reads `site.toml`, the site's templates and its UI strings under `root`; `base_url`
    /// overrides the one of site.toml.
    pub fn read(root: &Path, base_url: Option<&BaseUrl>) -> Result<Self, Diagnostics> {
        let mut config = SiteConfig::load(root)?;
        // `--base-url` says where this build goes; without it, site.toml's address is published.
        let loopback = match base_url {
            Some(b) => {
                config.base_url = b.clone();
                None
            }
            None => config.loopback_warning(),
        };
        let templates = TemplateSet::new(site_files(root, "templates")?);
        let i18n = site_files(root, "i18n")?;
        let strings = Strings::load(&config.default_language, &i18n)?;
        let mut warnings = check_languages(&config.file, &i18n, &config, &strings)?;
        if let Some(d) = loopback {
            warnings.push(d);
        }
        Ok(Self {
            config,
            templates,
            i18n,
            strings,
            warnings,
        })
    }

    /// Fingerprint of what every city profile shares with the rest of the site (templates
    /// aside, which each page adds for the ones it uses): the UI strings and settings files,
    /// the catalog and its translations, the background pages' titles and the cities linked
    /// from each profile.
    pub fn shared_fingerprint(&self, content: &Content, catalog_fp: u64) -> u64 {
        let mut parts: Vec<Vec<u8>> = Vec::new();
        parts.push(self.config.file.text.as_bytes().to_vec());
        for (name, file) in &self.i18n {
            parts.push(name.as_bytes().to_vec());
            parts.push(file.text.as_bytes().to_vec());
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
pub fn static_files(root: &Path) -> Result<Vec<Output>, Diagnostics> {
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

/// Every language of the site needs UI strings, and the default language needs every key.
fn check_languages(
    site: &SourceFile,
    i18n: &BTreeMap<String, SourceFile>,
    config: &SiteConfig,
    strings: &Strings,
) -> Result<Diagnostics, Diagnostics> {
    let mut diags = Diagnostics::new();
    for l in &config.languages {
        if !strings.by_lang.contains_key(&l.code) {
            let header = format!("[languages.{}]", l.code);
            let span = site.text.find(&header).map(|i| i..i + header.len());
            diags.push(
                Diagnostic::error(format!("language `{}` has no UI strings", l.code))
                    .at(site, span)
                    .help(format!("add i18n/{}.toml with the strings (copy a built-in language's file as a start), or remove the language", l.code)),
            );
        }
    }
    for (lang, _) in strings.by_lang.iter() {
        if !config.languages.iter().any(|l| &l.code == lang)
            && i18n.contains_key(&format!("{lang}.toml"))
        {
            let f = SourceFile::new(format!("i18n/{lang}.toml"), "");
            diags.push(
                Diagnostic::warning(format!(
                    "i18n/{lang}.toml is for language `{lang}`, which site.toml does not list"
                ))
                .in_file(&f)
                .help(format!(
                    "add [languages.{lang}] to site.toml, or remove the file"
                ))
                .with_kind(WarningKind::UnlistedLanguage),
            );
        }
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(diags)
    }
}
