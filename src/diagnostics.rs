//! User-fixable problems as data, collected across every stage and rendered at the end.
//!
//! City staff edit these files, often in a web editor: every diagnostic names the file, line and
//! column, shows the offending line, and says how to fix it.

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

    /// Renders every diagnostic and a summary line.
    pub fn render(&self, format: MessageFormat, color: bool) -> String {
        let mut out = String::new();
        for d in self.sorted() {
            match format {
                MessageFormat::Human => {
                    out.push_str(&render_human(d, color));
                    out.push_str("\n\n");
                }
                MessageFormat::Short => {
                    out.push_str(&render_short(d));
                    out.push('\n');
                }
                MessageFormat::Github => {
                    out.push_str(&render_github(d));
                    out.push('\n');
                }
            }
        }
        if !self.is_empty() {
            out.push_str(&self.summary());
            out.push('\n');
        }
        out
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
    if d.file.is_none() {
        // Nothing to point at: annotate-snippets would draw an empty gutter.
        let mut s = format!(
            "{}: {}",
            if d.is_error() { "error" } else { "warning" },
            d.message
        );
        if let Some(h) = &d.help {
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
    if let Some(help) = &d.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    renderer.render(&[group]).to_string()
}

/// `file:line:col: error: message (help: ...)`.
pub fn render_short(d: &Diagnostic) -> String {
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
    if let Some(h) = &d.help {
        let _ = write!(s, " (help: {h})");
    }
    s
}

/// A GitHub Actions `::error file=..,line=..,col=..::message` command.
pub fn render_github(d: &Diagnostic) -> String {
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
    if let Some(h) = &d.help {
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
    if diags.is_empty() {
        return;
    }
    let color = format == MessageFormat::Human && std::io::stderr().is_terminal();
    eprint!("{}", diags.render(format, color));
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

    #[test]
    fn did_you_mean_finds_close_words_only() {
        let c = ["population", "country", "name"];
        assert_eq!(did_you_mean("popluation", c), Some("population"));
        assert_eq!(did_you_mean("zzz", c), None);
    }
}
