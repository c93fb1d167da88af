//! `site.toml`: the site's settings, parsed strictly so a typo in a key is reported, not ignored.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile, WarningKind, did_you_mean};
use crate::model::catalog::DEFAULT_MIN_COVERAGE;
use crate::model::language::Language;

/// What to do with raw HTML written inside Markdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    /// Show it as text (the default: city files come from many hands).
    #[default]
    Escape,
    /// Keep safe tags and attributes only (ammonia).
    Sanitize,
    /// Pass it through untouched; only for sites whose every author is trusted.
    Trust,
}

/// `[markdown]` options.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct MarkdownConfig {
    /// Handling of raw HTML in Markdown.
    #[serde(default)]
    pub raw_html: RawHtml,
}

/// What a broken internal link in Markdown does to `build`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BrokenLinks {
    /// The build fails and the previous output is kept (the default: a published site should
    /// not send readers to missing pages).
    #[default]
    Error,
    /// Reported as a warning; the site is still written.
    Warn,
}

/// `[build]` options.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct BuildConfig {
    /// Handling of broken links in Markdown.
    #[serde(default)]
    pub broken_links: BrokenLinks,
}

/// `[sharing]` options: the images made for sharing charts and pages.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct SharingConfig {
    /// Whether the PNG images are made: each city's card, each indicator's card, and the
    /// indicator charts' PNGs unless `indicator_png` turns those off.
    #[serde(default = "yes")]
    pub png: bool,
    /// Whether each indicator chart also gets a PNG in every language. A bar chart has a bar
    /// per city, so these are the largest images; at 1,000 cities in three languages they add
    /// about 5 KB per city per language.
    #[serde(default = "yes")]
    pub indicator_png: bool,
}

impl Default for SharingConfig {
    fn default() -> Self {
        Self {
            png: true,
            indicator_png: true,
        }
    }
}

/// The default of an option that is on unless turned off.
fn yes() -> bool {
    true
}

/// A site-level target override from `[targets]`.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct TargetOverride {
    /// Target value in the KPI's unit.
    pub value: f64,
    /// Where the value comes from.
    pub source: String,
    /// Whether it is an official U4SSC target (normally false for a site's own).
    #[serde(default)]
    pub official: bool,
    /// Year by which the target should be reached.
    pub year: Option<i32>,
}

/// `[scoring]` options.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct ScoringConfig {
    /// Year by which targets are to be reached when a target names none.
    #[serde(default = "default_target_year")]
    pub target_year: i32,
    /// Share of a group's scorable items (0 to 1) that must have a band before the group's
    /// score is shown; below it the group is "insufficient data".
    #[serde(default = "default_min_coverage")]
    pub min_coverage: f64,
}

impl Default for ScoringConfig {
    fn default() -> Self {
        Self {
            target_year: default_target_year(),
            min_coverage: default_min_coverage(),
        }
    }
}

fn default_min_coverage() -> f64 {
    DEFAULT_MIN_COVERAGE
}

fn default_target_year() -> i32 {
    2030
}

/// The file as written by the user.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default = "default_base_url")]
    base_url: String,
    #[serde(default = "default_language")]
    default_language: String,
    #[serde(default)]
    publisher: String,
    #[serde(default = "default_licence")]
    data_licence: String,
    #[serde(default)]
    data_licence_url: String,
    catalog: Option<PathBuf>,
    #[serde(default)]
    markdown: MarkdownConfig,
    #[serde(default)]
    build: BuildConfig,
    #[serde(default)]
    sharing: SharingConfig,
    #[serde(default)]
    scoring: ScoringConfig,
    #[serde(default)]
    targets: BTreeMap<String, TargetOverride>,
    #[serde(default)]
    extra: BTreeMap<String, toml::Value>,
    #[serde(default)]
    languages: BTreeMap<String, LanguageConfig>,
}

/// `[languages.<code>]` as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct LanguageConfig {
    name: Option<String>,
    locale: Option<String>,
    direction: Option<String>,
    title: Option<String>,
    description: Option<String>,
    publisher: Option<String>,
    untranslated_narratives: Option<Untranslated>,
}

/// What `check --translations` makes of city narratives that exist only in the default
/// language (`[languages.<code>] untranslated_narratives`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Untranslated {
    /// Each one is a warning, so `--deny-warnings` fails on it.
    #[default]
    Warn,
    /// They are counted and listed, but are no warning: the site publishes them in the default
    /// language on purpose, with the notice readers see.
    Allow,
}

/// Site texts written for one language other than the default; `None` falls back.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct SiteTexts {
    /// Site title in this language.
    pub title: Option<String>,
    /// Site description in this language.
    pub description: Option<String>,
    /// Publisher in this language.
    pub publisher: Option<String>,
}

/// The site texts one language shows, each already fallen back to the default language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalTexts<'a> {
    /// Site title.
    pub title: &'a str,
    /// Site description.
    pub description: &'a str,
    /// Publisher (may be empty).
    pub publisher: &'a str,
    /// The title is the default language's.
    pub title_fallback: bool,
    /// The description is the default language's.
    pub description_fallback: bool,
}

impl LocalTexts<'_> {
    /// Who a citation names as author: the publisher, else the site's title.
    pub fn author(&self) -> &str {
        if self.publisher.is_empty() {
            self.title
        } else {
            self.publisher
        }
    }
}

/// Names of the languages whose strings are built in.
fn builtin_language_name(code: &str) -> Option<&'static str> {
    match code {
        "en" => Some("English"),
        "fr" => Some("Français"),
        "ru" => Some("Русский"),
        _ => None,
    }
}

fn default_base_url() -> String {
    "http://127.0.0.1:1111/".into()
}
fn default_language() -> String {
    "en".into()
}
fn default_licence() -> String {
    "CC BY 4.0".into()
}

/// Known top-level keys, for "did you mean" on unknown ones.
const KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "default_language",
    "publisher",
    "data_licence",
    "data_licence_url",
    "catalog",
    "markdown",
    "build",
    "sharing",
    "scoring",
    "targets",
    "extra",
    "languages",
];

/// A validated absolute site URL split into origin and path.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BaseUrl {
    /// Always ends with `/`, e.g. `https://example.org/repo/`.
    pub full: String,
    /// Always starts and ends with `/`, e.g. `/repo/`.
    pub path: String,
}

impl BaseUrl {
    /// Parses `https://host[:port]/path`; a missing trailing slash is added.
    pub fn parse(s: &str) -> Result<Self, String> {
        let s = s.trim();
        let rest = s
            .strip_prefix("https://")
            .or_else(|| s.strip_prefix("http://"))
            .ok_or_else(|| format!("`{s}` must start with https:// or http://"))?;
        let (host, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        if host.is_empty() || host.contains(|c: char| c.is_whitespace() || "?#@\\".contains(c)) {
            return Err(format!("`{s}` has no valid host name"));
        }
        if path.contains(['?', '#', ' ', '\\']) || path.contains("//") {
            return Err(format!(
                "the path of `{s}` may contain neither spaces, `?`, `#`, nor `//`"
            ));
        }
        let path = if path.ends_with('/') {
            path.to_string()
        } else {
            format!("{path}/")
        };
        let scheme_len = s.len() - rest.len();
        Ok(Self {
            full: format!("{}{host}{path}", &s[..scheme_len]),
            path,
        })
    }
}

impl BaseUrl {
    /// Whether the host is this machine (127.0.0.0/8, `localhost`, `[::1]`): fine for a
    /// preview, wrong for a published site, whose canonical links, sitemap and feed would send
    /// readers to their own computer.
    pub fn is_loopback(&self) -> bool {
        let rest = self
            .full
            .split_once("://")
            .map_or(self.full.as_str(), |(_, r)| r);
        let authority = rest.split('/').next().unwrap_or_default();
        let host = match authority.strip_prefix('[') {
            Some(v6) => v6.split(']').next().unwrap_or_default(),
            None => authority.split(':').next().unwrap_or_default(),
        };
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        if host == "localhost" || host.ends_with(".localhost") {
            return true;
        }
        match host.parse::<std::net::IpAddr>() {
            Ok(std::net::IpAddr::V4(ip)) => ip.is_loopback(),
            Ok(std::net::IpAddr::V6(ip)) => {
                ip.is_loopback() || ip.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
            }
            Err(_) => false,
        }
    }
}

/// The site's configuration, validated.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SiteConfig {
    /// Site title shown in the header and in `<title>`.
    pub title: String,
    /// One-sentence description for the home page and metadata.
    pub description: String,
    /// Where the site will be published.
    pub base_url: BaseUrl,
    /// Language of the content at the site root.
    pub default_language: String,
    /// Organisation publishing the site.
    pub publisher: String,
    /// Licence of the data downloads.
    pub data_licence: String,
    /// Link to the licence text.
    pub data_licence_url: String,
    /// Custom catalog file, relative to the site root.
    #[serde(skip)]
    pub catalog: Option<PathBuf>,
    /// Markdown options.
    pub markdown: MarkdownConfig,
    /// Build options.
    pub build: BuildConfig,
    /// Images for sharing (PNGs of the charts, social cards).
    pub sharing: SharingConfig,
    /// Scoring options.
    pub scoring: ScoringConfig,
    /// Site-level target overrides keyed by KPI code in either form.
    pub targets: BTreeMap<String, TargetOverride>,
    /// Free-form values for templates.
    pub extra: BTreeMap<String, toml::Value>,
    /// Languages, the default first.
    pub languages: Vec<Language>,
    /// Title, description and publisher written per language, by code (never the default).
    pub texts: BTreeMap<String, SiteTexts>,
    /// Languages whose untranslated city narratives are allowed, by code.
    pub untranslated_narratives: BTreeMap<String, Untranslated>,
    /// `site.toml` itself, so later stages point diagnostics into it without reading it again.
    #[serde(skip)]
    pub file: SourceFile,
}

impl SiteConfig {
    /// Parses `site.toml` text; every problem becomes a diagnostic pointing at its line.
    pub fn parse(file: &SourceFile) -> Result<Self, Diagnostics> {
        let raw: RawConfig = toml::from_str(&file.text).map_err(|e| toml_error(file, &e, KEYS))?;
        let base_url = BaseUrl::parse(&raw.base_url).map_err(|msg| {
            let span = find_key_span(&file.text, "base_url");
            Diagnostic::error(format!("invalid base_url: {msg}"))
                .at(file, span)
                .help("write the address the site is published at, e.g. base_url = \"https://example.github.io/repo/\"")
        })?;
        let mc = raw.scoring.min_coverage;
        if !(0.0..=1.0).contains(&mc) {
            let span = find_key_span(&file.text, "min_coverage");
            return Err(Diagnostic::error(format!(
                "min_coverage {mc} is not a share between 0 and 1"
            ))
            .at(file, span)
            .help("write e.g. min_coverage = 0.5 (half of a group's scorable items must be scored)")
            .into());
        }
        let mut languages = Vec::new();
        let mut texts = BTreeMap::new();
        let mut untranslated_narratives = BTreeMap::new();
        let mut codes: Vec<&String> = raw.languages.keys().collect();
        if !raw.languages.contains_key(&raw.default_language) {
            codes.push(&raw.default_language);
        }
        codes.sort_by_key(|c| (**c != raw.default_language, (*c).clone()));
        for code in codes {
            let lc = raw.languages.get(code);
            let header = format!("[languages.{code}]");
            let span = file
                .text
                .find(&header)
                .map(|i| i..i + header.len())
                .or_else(|| find_key_span(&file.text, "default_language"));
            if !(2..=8).contains(&code.len())
                || !code.chars().all(|c| c.is_ascii_lowercase() || c == '-')
            {
                return Err(Diagnostic::error(format!(
                    "language code `{code}` is not a lowercase code such as \"fr\""
                ))
                .at(file, span)
                .help("use ISO 639-1 codes: en, fr, ru ...")
                .into());
            }
            let name = lc
                .and_then(|l| l.name.clone())
                .or_else(|| builtin_language_name(code).map(str::to_string));
            let Some(name) = name else {
                return Err(Diagnostic::error(format!("language `{code}` has no name"))
                    .at(file, span)
                    .help(format!("add name = \"...\" under [languages.{code}]"))
                    .into());
            };
            let direction = lc
                .and_then(|l| l.direction.clone())
                .unwrap_or_else(|| "ltr".into());
            if direction != "ltr" && direction != "rtl" {
                return Err(Diagnostic::error(format!(
                    "direction of `{code}` must be \"ltr\" or \"rtl\""
                ))
                .at(file, span)
                .help("write direction = \"ltr\" (left to right) or \"rtl\"")
                .into());
            }
            if let Some(l) = lc {
                let written = SiteTexts {
                    title: l.title.clone(),
                    description: l.description.clone(),
                    publisher: l.publisher.clone(),
                };
                if *code == raw.default_language && written != SiteTexts::default() {
                    // Two places for one text would leave readers guessing which one wins.
                    return Err(Diagnostic::error(format!(
                        "[languages.{code}] sets site texts of the default language"
                    ))
                    .at(file, span)
                    .help("write the default language's title, description and publisher at the top of site.toml")
                    .into());
                }
                if written != SiteTexts::default() {
                    texts.insert(code.clone(), written);
                }
                if let Some(u) = l.untranslated_narratives {
                    untranslated_narratives.insert(code.clone(), u);
                }
            }
            languages.push(Language {
                code: code.clone(),
                name,
                locale: lc
                    .and_then(|l| l.locale.clone())
                    .unwrap_or_else(|| code.clone()),
                direction,
            });
        }
        Ok(Self {
            languages,
            texts,
            untranslated_narratives,
            title: raw.title,
            description: raw.description,
            base_url,
            default_language: raw.default_language,
            publisher: raw.publisher,
            data_licence: raw.data_licence,
            data_licence_url: raw.data_licence_url,
            catalog: raw.catalog,
            markdown: raw.markdown,
            build: raw.build,
            sharing: raw.sharing,
            scoring: raw.scoring,
            targets: raw.targets,
            extra: raw.extra,
            file: file.clone(),
        })
    }

    /// Title, description and publisher in language `code`, falling back to the default's.
    pub fn texts_in(&self, code: &str) -> LocalTexts<'_> {
        let own = self.texts.get(code);
        let title = own.and_then(|t| t.title.as_deref());
        // An empty default description has nothing to fall back to, so nothing is missing.
        let description = own.and_then(|t| t.description.as_deref());
        LocalTexts {
            title: title.unwrap_or(&self.title),
            description: description.unwrap_or(&self.description),
            publisher: own
                .and_then(|t| t.publisher.as_deref())
                .unwrap_or(&self.publisher),
            title_fallback: code != self.default_language && title.is_none(),
            description_fallback: code != self.default_language
                && description.is_none()
                && !self.description.is_empty(),
        }
    }

    /// A warning when `base_url` is a loopback address: call it only when no `--base-url`
    /// replaces it (the dev server passes its own, where loopback is right).
    pub fn loopback_warning(&self) -> Option<Diagnostic> {
        if !self.base_url.is_loopback() {
            return None;
        }
        let d = Diagnostic::warning(format!(
            "base_url {} is on this computer: the published site's canonical links, sitemap and feed would send readers to their own machine",
            self.base_url.full
        ))
        .with_kind(WarningKind::LoopbackBaseUrl);
        let (d, how) = match find_key_span(&self.file.text, "base_url") {
            Some(span) => (d.at(&self.file, Some(span)), "set base_url"),
            // Not written: the default applies.
            None => (d.in_file(&self.file), "add base_url"),
        };
        Some(d.help(format!(
            "{how} to the address the site is published at, e.g. base_url = \"https://example.github.io/repo/\", or pass it with --base-url (as the GitHub Pages workflow of `cityprofiles init` does)"
        )))
    }

    /// Reads and parses `<root>/site.toml`.
    pub fn load(root: &Path) -> Result<Self, Diagnostics> {
        let path = root.join("site.toml");
        let text = std::fs::read_to_string(&path).map_err(|e| {
            Diagnostic::error(format!("cannot read {}: {e}", path.display())).help(
                "run the command inside a site folder, pass --root DIR, or create one with `cityprofiles init DIR`",
            )
        })?;
        Self::parse(&SourceFile::new("site.toml", text))
    }
}

/// Turns a TOML/serde error into a diagnostic with the parser's span and a "did you mean".
pub fn toml_error(file: &SourceFile, e: &toml::de::Error, known_keys: &[&str]) -> Diagnostic {
    let msg = e.message().trim().to_string();
    let mut d = Diagnostic::error(plain_toml_message(&msg)).at(file, e.span());
    if let Some(field) = msg
        .strip_prefix("unknown field `")
        .and_then(|r| r.split('`').next())
    {
        let help = match did_you_mean(field, known_keys.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("known keys here: {}", known_keys.join(", ")),
        };
        d = d.help(help);
    } else if msg.starts_with("unknown variant") {
        d = d.help("write one of the values the message lists, in \"quotes\"");
    } else if msg.starts_with("missing field") {
        d = d.help("add the missing key to this file");
    } else if msg.contains("invalid type") {
        d = d.help("check the value's type: numbers without quotes, text in \"quotes\"");
    } else {
        d = d.help(
            "check the TOML syntax on this line: keys are `name = value`, text goes in \"quotes\"",
        );
    }
    d
}

/// Makes serde's wording a little plainer for non-programmers.
fn plain_toml_message(msg: &str) -> String {
    let first = msg.lines().next().unwrap_or(msg);
    first.replace("invalid type: ", "wrong type: ").to_string()
}

/// Byte span of the first `key =` in a TOML text (for errors found after parsing).
pub fn find_key_span(text: &str, key: &str) -> Option<std::ops::Range<usize>> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(key)
            && rest.trim_start().starts_with('=')
        {
            let start = offset + (line.len() - trimmed.len());
            return Some(start..start + line.trim_end().len() - (line.len() - trimmed.len()));
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<SiteConfig, Diagnostics> {
        SiteConfig::parse(&SourceFile::new("site.toml", text))
    }

    #[test]
    fn base_url_path_is_extracted_with_slashes() {
        let b = BaseUrl::parse("https://example.github.io/repo").unwrap();
        assert_eq!(b.path, "/repo/");
        assert_eq!(b.full, "https://example.github.io/repo/");
        assert_eq!(BaseUrl::parse("http://127.0.0.1:1111").unwrap().path, "/");
        assert!(BaseUrl::parse("example.org").is_err());
        assert!(BaseUrl::parse("https:///x").is_err());
        assert!(BaseUrl::parse("https://a.org/x y/").is_err());
    }

    #[test]
    fn unknown_key_is_reported_at_its_line_with_a_suggestion() {
        let ds = parse("title = \"T\"\nbase_ur = \"https://x.org/\"\n").unwrap_err();
        let d = ds.sorted()[0].clone();
        assert_eq!(d.line_col().unwrap().0, 2);
        assert!(d.message.contains("base_ur"), "{}", d.message);
        assert_eq!(d.help.as_deref(), Some("did you mean `base_url`?"));
    }

    #[test]
    fn invalid_base_url_points_at_the_key() {
        let ds = parse("title = \"T\"\nbase_url = \"ftp://x\"\n").unwrap_err();
        let d = ds.sorted()[0].clone();
        assert_eq!(d.line_col(), Some((2, 1)));
    }

    #[test]
    fn loopback_hosts_are_recognised() {
        let lo = |s: &str| BaseUrl::parse(s).unwrap().is_loopback();
        for s in [
            "http://127.0.0.1:1111/",
            "http://127.8.9.10/repo/",
            "http://localhost/",
            "http://LOCALHOST:8080/x/",
            "http://app.localhost/",
            "http://[::1]:1111/",
            "http://[::ffff:127.0.0.1]/",
        ] {
            assert!(lo(s), "{s}");
        }
        for s in [
            "https://example.org/",
            "http://128.0.0.1/",
            "http://192.168.1.2/",
            "http://[::2]/",
            "https://localhost.example.org/",
            "https://127.0.0.1.nip.io/",
        ] {
            assert!(!lo(s), "{s}");
        }
    }

    #[test]
    fn a_loopback_base_url_is_warned_about_at_its_line_or_in_the_file() {
        let c = parse("title = \"T\"\nbase_url = \"http://[::1]:1111/\"\n").unwrap();
        let d = c.loopback_warning().unwrap();
        assert_eq!(d.line_col(), Some((2, 1)));
        assert_eq!(d.kind, WarningKind::LoopbackBaseUrl);
        assert!(d.help.as_deref().unwrap().starts_with("set base_url"));
        // Not written: the default (127.0.0.1) applies, and the file is named.
        let d = parse("title = \"T\"\n")
            .unwrap()
            .loopback_warning()
            .unwrap();
        assert_eq!(d.path_display().as_deref(), Some("site.toml"));
        assert!(d.help.as_deref().unwrap().starts_with("add base_url"));
        let c = parse("title = \"T\"\nbase_url = \"https://example.org/\"\n").unwrap();
        assert!(c.loopback_warning().is_none());
    }

    #[test]
    fn defaults_apply() {
        let c = parse("title = \"T\"").unwrap();
        assert_eq!(c.base_url.path, "/");
        assert_eq!(c.scoring.target_year, 2030);
        assert_eq!(c.markdown.raw_html, RawHtml::Escape);
    }
}
