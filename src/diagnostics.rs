//! User-fixable problems as data, collected across every stage and rendered at the end.
//!
//! City staff edit these files, often in a web editor: every diagnostic names the file, line and
//! column, shows the offending line, and says how to fix it.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::IsTerminal;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Stops the build.
    Error,
    /// Reported, but the site is still written.
    Warning,
}

/// What a warning is about. Many warnings of one kind are shortened to a few and a count, and
/// the report ends with a count per kind, so one kind repeated for every city cannot bury the
/// warning that matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum WarningKind {
    /// A city's file leaves core KPIs without a value or marks them not reported.
    CoreNotReported,
    /// A band printed in the report differs from the computed one.
    BandDiffers,
    /// A city folder has no narrative.
    NoNarrative,
    /// A file is named for a language site.toml does not list.
    UnlistedLanguage,
    /// A text has no translation into a site language.
    MissingTranslation,
    /// An external link does not answer or answers with an error.
    ExternalLink,
    /// `base_url` is a loopback address, so published links point to the reader's machine.
    LoopbackBaseUrl,
    /// A value or paragraph `init` or `new city` wrote for someone to replace is still there.
    Placeholder,
    /// A Markdown link points to no page (only a warning with `[build] broken_links = "warn"`).
    BrokenLink,
    /// Import read a sheet's value in another unit or guessed its data point from the unit.
    ImportConversion,
    /// The built site is larger, or has more files, than GitHub Pages or GitLab Pages publish.
    SiteSize,
    /// Anything not given a kind where it is made.
    #[default]
    Other,
}

impl WarningKind {
    /// "1 city missing core KPIs", "3 cities missing core KPIs": how the summary counts them.
    pub fn count(self, n: usize) -> String {
        let (one, many) = self.words();
        format!("{n} {}", if n == 1 { one } else { many })
    }

    /// What one and several warnings of this kind are about.
    fn words(self) -> (&'static str, &'static str) {
        match self {
            Self::CoreNotReported => ("city missing core KPIs", "cities missing core KPIs"),
            Self::BandDiffers => (
                "published band differing from the computed one",
                "published bands differing from the computed ones",
            ),
            Self::NoNarrative => ("city without narrative", "cities without narrative"),
            Self::UnlistedLanguage => (
                "file for a language site.toml does not list",
                "files for languages site.toml does not list",
            ),
            Self::MissingTranslation => ("missing translation", "missing translations"),
            Self::ExternalLink => ("failing external link", "failing external links"),
            Self::LoopbackBaseUrl => ("loopback base_url", "loopback base_urls"),
            Self::Placeholder => ("placeholder left in place", "placeholders left in place"),
            Self::BrokenLink => ("broken Markdown link", "broken Markdown links"),
            Self::ImportConversion => ("row converted on import", "rows converted on import"),
            Self::SiteSize => ("site over a Pages limit", "sites over a Pages limit"),
            Self::Other => ("other warning", "other warnings"),
        }
    }
}

/// Source text of a file, shared by every diagnostic that points into it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path shown to the user (relative to the site root where possible).
    pub path: PathBuf,
    /// Full text of the file.
    pub text: Arc<str>,
}

impl SourceFile {
    /// Wraps a file's text for use in diagnostics.
    pub fn new(path: impl Into<PathBuf>, text: impl Into<Arc<str>>) -> Self {
        Self {
            path: path.into(),
            text: text.into(),
        }
    }
}

/// One problem found in the user's input.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// File the problem is in, if any.
    pub file: Option<SourceFile>,
    /// Byte range inside the file.
    pub span: Option<Range<usize>>,
    /// What is wrong, in plain words.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// What the warning is about (errors are never grouped; [`WarningKind::Other`] by default).
    pub kind: WarningKind,
    /// Help shown instead of `help` with `--verbose`, for details too long for every run (a
    /// list of 40 KPI codes).
    pub verbose_help: Option<String>,
}

impl Diagnostic {
    /// An error not tied to a file position.
    pub fn error(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            file: None,
            span: None,
            message: message.into(),
            help: None,
            kind: WarningKind::Other,
            verbose_help: None,
        }
    }

    /// A warning not tied to a file position.
    pub fn warning(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(message)
        }
    }

    /// Points the diagnostic at a byte range of a file.
    pub fn at(mut self, file: &SourceFile, span: Option<Range<usize>>) -> Self {
        self.file = Some(file.clone());
        self.span = span.map(|s| clamp_span(&file.text, s));
        self
    }

    /// Names the file without a position.
    pub fn in_file(mut self, file: &SourceFile) -> Self {
        self.file = Some(file.clone());
        self
    }

    /// Adds a hint on how to fix the problem.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Says what the warning is about, for shortening and the summary by kind.
    pub fn with_kind(mut self, kind: WarningKind) -> Self {
        self.kind = kind;
        self
    }

    /// Help shown instead of the ordinary one when the user asks for `--verbose`.
    pub fn verbose_help(mut self, help: impl Into<String>) -> Self {
        self.verbose_help = Some(help.into());
        self
    }

    /// The help for this run: the long one with `--verbose`, where there is one.
    fn help_for(&self, verbose: bool) -> Option<&str> {
        match (&self.verbose_help, verbose) {
            (Some(long), true) => Some(long.as_str()),
            _ => self.help.as_deref(),
        }
    }

    /// Whether this stops the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// One-based line and column of the span start (column counted in characters).
    pub fn line_col(&self) -> Option<(usize, usize)> {
        let file = self.file.as_ref()?;
        let span = self.span.as_ref()?;
        Some(line_col(&file.text, span.start))
    }

    /// The path shown to the user.
    pub fn path_display(&self) -> Option<String> {
        self.file
            .as_ref()
            .map(|f| f.path.to_string_lossy().replace('\\', "/"))
    }

    fn sort_key(&self) -> (Option<String>, usize, Severity, String) {
        (
            self.path_display(),
            self.span.as_ref().map_or(0, |s| s.start),
            self.severity,
            self.message.clone(),
        )
    }
}

/// Keeps a span inside the text and on character boundaries, so rendering never panics.
fn clamp_span(text: &str, span: Range<usize>) -> Range<usize> {
    let mut start = span.start.min(text.len());
    let mut end = span.end.clamp(start, text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

/// One-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_boundary(text, offset)];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum MessageFormat {
    /// rustc-style snippets with the offending line and a caret.
    #[default]
    Human,
    /// One `file:line:col: severity: message` line each.
    Short,
    /// GitHub Actions workflow commands, so errors show on the pull request's diff.
    Github,
}

/// All diagnostics of one run.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty collection.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one diagnostic.
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    /// Moves every diagnostic of `other` into this one.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    /// Whether there is nothing to report.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The diagnostics, sorted by file, position and severity.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut v: Vec<&Diagnostic> = self.items.iter().collect();
        v.sort_by_cached_key(|d| d.sort_key());
        v
    }

    /// Iterates in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Renders every diagnostic and a summary line, shortened as without `--verbose`.
    pub fn render(&self, format: MessageFormat, color: bool) -> String {
        self.render_styled(ReportStyle::new(format), color)
    }

    /// Renders the diagnostics in `style`: a kind with more than [`SHORTEN_ABOVE`] warnings
    /// shows its first [`SHORTEN_TO`] and a count of the rest unless `style.verbose`; errors
    /// and warnings of no kind are always shown. Ends with the count of errors and warnings,
    /// and, when there are warnings, a count by kind.
    pub fn render_styled(&self, style: ReportStyle, color: bool) -> String {
        let by_kind = self.warnings_by_kind();
        let shortened = |d: &Diagnostic| {
            !style.verbose
                && !d.is_error()
                && d.kind != WarningKind::Other
                && by_kind.get(&d.kind).is_some_and(|&n| n > SHORTEN_ABOVE)
        };
        let mut shown: BTreeMap<WarningKind, usize> = BTreeMap::new();
        let mut out = String::new();
        for d in self.sorted() {
            if shortened(d) {
                let seen = shown.entry(d.kind).or_default();
                *seen += 1;
                if *seen > SHORTEN_TO {
                    continue;
                }
                push_rendered(&mut out, d, style, color);
                if *seen == SHORTEN_TO {
                    let rest = by_kind[&d.kind] - SHORTEN_TO;
                    push_more_line(&mut out, rest, d.kind, style.format);
                }
            } else {
                push_rendered(&mut out, d, style, color);
            }
        }
        if !self.is_empty() {
            out.push_str(&self.summary());
            out.push('\n');
        }
        if let Some(kinds) = self.kinds_summary() {
            out.push_str(&kinds);
            out.push('\n');
        }
        out
    }

    /// Number of warnings of each kind.
    pub fn warnings_by_kind(&self) -> BTreeMap<WarningKind, usize> {
        let mut counts = BTreeMap::new();
        for d in self.items.iter().filter(|d| !d.is_error()) {
            *counts.entry(d.kind).or_default() += 1;
        }
        counts
    }

    /// "warnings: 566 cities missing core KPIs, 1 loopback base_url", or `None` without
    /// warnings.
    pub fn kinds_summary(&self) -> Option<String> {
        let counts = self.warnings_by_kind();
        if counts.is_empty() {
            return None;
        }
        let parts: Vec<String> = counts.iter().map(|(k, &n)| k.count(n)).collect();
        Some(format!("warnings: {}", parts.join(", ")))
    }

    /// "3 errors, 1 warning in 2 files".
    pub fn summary(&self) -> String {
        let files: std::collections::BTreeSet<String> =
            self.items.iter().filter_map(|d| d.path_display()).collect();
        let e = self.error_count();
        let w = self.warning_count();
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let mut s = format!("{}, {}", plural(e, "error"), plural(w, "warning"));
        if !files.is_empty() {
            let _ = write!(s, " in {}", plural(files.len(), "file"));
        }
        s
    }
}

/// A kind with more warnings than this is shortened (without `--verbose`).
pub const SHORTEN_ABOVE: usize = 10;
/// How many warnings of a shortened kind are shown.
pub const SHORTEN_TO: usize = 5;

/// How a report is printed: the format, and whether every warning is shown in full.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReportStyle {
    /// Human, short or GitHub annotations.
    pub format: MessageFormat,
    /// `--verbose`: every warning, and the long help where there is one.
    pub verbose: bool,
}

impl ReportStyle {
    /// The format, shortened (no `--verbose`).
    pub fn new(format: MessageFormat) -> Self {
        Self {
            format,
            verbose: false,
        }
    }

    /// The format, with every warning in full when `verbose`.
    pub fn verbose(format: MessageFormat, verbose: bool) -> Self {
        Self { format, verbose }
    }
}

fn push_rendered(out: &mut String, d: &Diagnostic, style: ReportStyle, color: bool) {
    let help = d.help_for(style.verbose);
    match style.format {
        MessageFormat::Human => {
            out.push_str(&human(d, help, color));
            out.push_str("\n\n");
        }
        MessageFormat::Short => {
            out.push_str(&short(d, help));
            out.push('\n');
        }
        MessageFormat::Github => {
            out.push_str(&github(d, help));
            out.push('\n');
        }
    }
}

/// The line after the last warning shown of a shortened kind. On GitHub it is a notice, so it
/// shows beside the annotations (which GitHub caps at ten warnings a step anyway).
fn push_more_line(out: &mut String, rest: usize, kind: WarningKind, format: MessageFormat) {
    let line = format!(
        "… and {rest} more warning{} of this kind ({}; run with --verbose to see all)",
        if rest == 1 { "" } else { "s" },
        kind.words().1
    );
    match format {
        MessageFormat::Human => {
            out.push_str(&line);
            out.push_str("\n\n");
        }
        MessageFormat::Short => {
            out.push_str(&line);
            out.push('\n');
        }
        MessageFormat::Github => {
            out.push_str("::notice::");
            out.push_str(&gh_escape_data(&line));
            out.push('\n');
        }
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Self { items: vec![d] }
    }
}

fn level(sev: Severity) -> Level<'static> {
    match sev {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    }
}

/// rustc-style rendering with the source line and a caret.
pub fn render_human(d: &Diagnostic, color: bool) -> String {
    human(d, d.help.as_deref(), color)
}

fn human(d: &Diagnostic, help: Option<&str>, color: bool) -> String {
    if d.file.is_none() {
        // Nothing to point at: annotate-snippets would draw an empty gutter.
        let mut s = format!(
            "{}: {}",
            if d.is_error() { "error" } else { "warning" },
            d.message
        );
        if let Some(h) = help {
            s.push_str(&format!("\n  = help: {h}"));
        }
        return s;
    }
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let title = level(d.severity).primary_title(d.message.as_str());
    let mut group = match (&d.file, &d.span) {
        (Some(file), Some(span)) => {
            let path = d.path_display().unwrap_or_default();
            title.element(
                Snippet::source(&*file.text)
                    .path(path)
                    .fold(true)
                    .annotation(AnnotationKind::Primary.span(span.clone())),
            )
        }
        (Some(_), None) => {
            let path = d.path_display().unwrap_or_default();
            Group::with_title(title).element(annotate_snippets::Origin::path(path))
        }
        _ => Group::with_title(title),
    };
    if let Some(help) = help {
        group = group.element(Level::HELP.message(help));
    }
    renderer.render(&[group]).to_string()
}

/// `file:line:col: error: message (help: ...)`.
pub fn render_short(d: &Diagnostic) -> String {
    short(d, d.help.as_deref())
}

fn short(d: &Diagnostic, help: Option<&str>) -> String {
    let sev = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut s = String::new();
    if let Some(path) = d.path_display() {
        s.push_str(&path);
        if let Some((l, c)) = d.line_col() {
            let _ = write!(s, ":{l}:{c}");
        }
        s.push_str(": ");
    }
    let _ = write!(s, "{sev}: {}", d.message);
    if let Some(h) = help {
        let _ = write!(s, " (help: {h})");
    }
    s
}

/// A GitHub Actions `::error file=..,line=..,col=..::message` command.
pub fn render_github(d: &Diagnostic) -> String {
    github(d, d.help.as_deref())
}

fn github(d: &Diagnostic, help: Option<&str>) -> String {
    let cmd = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut props = Vec::new();
    if let Some(path) = d.path_display() {
        props.push(format!("file={}", gh_escape_prop(&path)));
        if let Some((l, c)) = d.line_col() {
            props.push(format!("line={l}"));
            props.push(format!("col={c}"));
        }
    }
    let mut msg = d.message.clone();
    if let Some(h) = help {
        msg.push_str("\nhelp: ");
        msg.push_str(h);
    }
    if props.is_empty() {
        format!("::{cmd}::{}", gh_escape_data(&msg))
    } else {
        format!("::{cmd} {}::{}", props.join(","), gh_escape_data(&msg))
    }
}

fn gh_escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn gh_escape_prop(s: &str) -> String {
    gh_escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Prints diagnostics to stderr in the chosen format: the one way every verb and the dev server
/// report problems to the user.
pub fn report(diags: &Diagnostics, format: MessageFormat) {
    report_styled(diags, ReportStyle::new(format));
}

/// [`report`] with `--verbose` honoured: what build, check and serve use.
pub fn report_styled(diags: &Diagnostics, style: ReportStyle) {
    if diags.is_empty() {
        return;
    }
    let color = style.format == MessageFormat::Human && std::io::stderr().is_terminal();
    eprint!("{}", diags.render_styled(style, color));
}

/// The closest candidate to `word` by edit distance, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let w = word.to_lowercase();
    let mut best: Option<(f64, &'a str)> = None;
    for c in candidates {
        let score = strsim::normalized_damerau_levenshtein(&w, &c.to_lowercase());
        if score >= 0.6 && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

/// Path relative to `root` for display, or the path itself.
pub fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file() -> SourceFile {
        SourceFile::new(
            "content/cities/x/city.toml",
            "name = \"X\"\npopulation = \"many\"\n",
        )
    }

    #[test]
    fn line_col_counts_characters() {
        assert_eq!(line_col("ab\nÅlesund = 1", 3), (2, 1));
        assert_eq!(line_col("ab\nÅlesund = 1", 5), (2, 2));
        assert_eq!(line_col("", 10), (1, 1));
    }

    #[test]
    fn short_and_github_formats_name_file_line_and_column() {
        let d = Diagnostic::error("expected a number")
            .at(&file(), Some(24..30))
            .help("write population = 12345");
        assert_eq!(
            render_short(&d),
            "content/cities/x/city.toml:2:14: error: expected a number (help: write population = 12345)"
        );
        assert_eq!(
            render_github(&d),
            "::error file=content/cities/x/city.toml,line=2,col=14::expected a number%0Ahelp: write population = 12345"
        );
    }

    #[test]
    fn human_format_shows_the_line_and_a_caret() {
        let d = Diagnostic::error("expected a number").at(&file(), Some(24..30));
        let out = render_human(&d, false);
        assert!(out.contains("population = \"many\""), "{out}");
        assert!(out.contains("^^^^^^"), "{out}");
        assert!(out.contains("city.toml:2:14"), "{out}");
    }

    #[test]
    fn spans_out_of_range_do_not_panic() {
        let d = Diagnostic::error("x").at(&SourceFile::new("a", "Å"), Some(1..99));
        let _ = render_human(&d, false);
        assert_eq!(d.line_col(), Some((1, 1)));
    }

    #[test]
    fn summary_counts_errors_warnings_and_files() {
        let mut ds = Diagnostics::new();
        ds.push(Diagnostic::error("a").at(&file(), Some(0..1)));
        ds.push(Diagnostic::error("b").at(&file(), Some(2..3)));
        ds.push(Diagnostic::warning("c").in_file(&SourceFile::new("site.toml", "")));
        assert_eq!(ds.summary(), "2 errors, 1 warning in 2 files");
    }

    fn many(n: usize, kind: WarningKind, error: bool) -> Diagnostics {
        let mut ds = Diagnostics::new();
        for i in 0..n {
            let d = if error {
                Diagnostic::error(format!("e{i:02}"))
            } else {
                Diagnostic::warning(format!("w{i:02}"))
            };
            ds.push(d.with_kind(kind).help("short").verbose_help("long"));
        }
        ds
    }

    #[test]
    fn a_kind_with_more_than_ten_warnings_shows_five_and_a_count() {
        let ds = many(11, WarningKind::NoNarrative, false);
        let out = ds.render(MessageFormat::Short, false);
        assert_eq!(out.matches("warning: w").count(), 5, "{out}");
        assert!(out.contains("warning: w04 (help: short)\n… and 6 more warnings of this kind (cities without narrative; run with --verbose to see all)\n"), "{out}");
        assert!(
            out.ends_with("0 errors, 11 warnings\nwarnings: 11 cities without narrative\n"),
            "{out}"
        );
        let all = ds.render_styled(ReportStyle::verbose(MessageFormat::Short, true), false);
        assert_eq!(all.matches("warning: w").count(), 11, "{all}");
        assert_eq!(all.matches("(help: long)").count(), 11, "{all}");
        assert!(!all.contains("more warnings"), "{all}");
        // Ten are all shown.
        let ten = many(10, WarningKind::NoNarrative, false).render(MessageFormat::Human, false);
        assert_eq!(ten.matches("warning: w").count(), 10, "{ten}");
    }

    #[test]
    fn errors_and_warnings_of_no_kind_are_never_shortened() {
        let mut ds = many(12, WarningKind::NoNarrative, true);
        ds.extend(many(12, WarningKind::Other, false));
        let out = ds.render(MessageFormat::Github, false);
        assert_eq!(out.matches("::error::e").count(), 12, "{out}");
        assert_eq!(out.matches("::warning::w").count(), 12, "{out}");
        assert!(!out.contains("::notice::"), "{out}");
        assert!(
            out.ends_with("12 errors, 12 warnings\nwarnings: 12 other warnings\n"),
            "{out}"
        );
    }

    #[test]
    fn the_summary_by_kind_counts_each_kind_in_a_fixed_order() {
        let mut ds = many(1, WarningKind::LoopbackBaseUrl, false);
        ds.extend(many(3, WarningKind::CoreNotReported, false));
        ds.push(Diagnostic::error("x"));
        assert_eq!(
            ds.kinds_summary().as_deref(),
            Some("warnings: 3 cities missing core KPIs, 1 loopback base_url")
        );
        assert_eq!(
            Diagnostics::from(Diagnostic::error("x")).kinds_summary(),
            None
        );
    }

    #[test]
    fn did_you_mean_finds_close_words_only() {
        let c = ["population", "country", "name"];
        assert_eq!(did_you_mean("popluation", c), Some("population"));
        assert_eq!(did_you_mean("zzz", c), None);
    }
}
