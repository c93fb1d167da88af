//! Accessible inline SVG charts, written by hand so that pages stay free of JavaScript and of
//! chart dependencies.
//!
//! Every chart is one self-contained `<svg>` string: it scales with CSS
//! (`width:100%; height:auto`), names itself through `<title>`/`<desc>`, shows bands by pattern
//! and number as well as colour, prefixes every id with the caller's id so several charts can
//! share a page, and is byte-for-byte deterministic so that builds can be diffed and
//! snapshot-tested.
//!
//! Sizes are in viewBox units chosen so that text stays about 10 px tall when a chart is squeezed
//! to a 320 px wide phone screen (font size ≈ viewBox width / 32). The benchmark wheel is the
//! exception: 27 radial category labels need more room, so its text is about 9 px at 320 px and
//! 11 px at 375 px. Text widths are estimated with a deliberately generous per-character table
//! (close to DejaVu Sans, the widest common fallback), so labels that are said to fit do fit in
//! narrower system fonts too.

use std::f64::consts::{PI, TAU};
use std::fmt::Write as _;

/// Band fill colours, band 1 first; each has at least 4.5:1 against white, so white text works on them.
pub const BAND_COLOURS: [&str; 4] = ["#b3261e", "#a15c00", "#557a00", "#1b6e3b"];
/// Neutral grey for "no data" and "no benchmark" (4.5:1 against white).
pub const NO_DATA_COLOUR: &str = "#767676";
/// Main text colour.
pub const TEXT_COLOUR: &str = "#1f1f1f";
/// Secondary text colour for axes, units and notes.
pub const MUTED_TEXT_COLOUR: &str = "#595959";
/// Line and label colours for multi-series charts (each at least 4.5:1 against white).
pub const SERIES_COLOURS: [&str; 6] = [
    "#1d5fa8", "#a35200", "#6a3d9a", "#00707a", "#a2306f", "#4d4d4d",
];

// English fallbacks, kept together so that localisation can later replace them in one place.
const NO_DATA_TEXT: &str = "no data";

/// The few words charts write themselves (callers pass every other text), in the language of
/// the page being rendered.
#[derive(Debug, Clone)]
pub struct Words {
    /// A bar or legend entry without a value: "no data".
    pub no_data: String,
    /// A score bar without a score: "not scored".
    pub not_scored: String,
    /// A KPI without a benchmark: "No benchmark".
    pub no_benchmark: String,
    /// A band in words, with `{band}` for its number: "band {band}".
    pub band: String,
    /// The placeholder of a chart with nothing to draw: "No data".
    pub empty: String,
}

impl Default for Words {
    fn default() -> Self {
        Self {
            no_data: NO_DATA_TEXT.into(),
            not_scored: "not scored".into(),
            no_benchmark: "no benchmark".into(),
            band: "band {band}".into(),
            empty: "No data".into(),
        }
    }
}

thread_local! {
    // Set for the duration of one page's rendering (see `with_words`), so that every chart
    // function can use the page's words without each of them and their inputs carrying them.
    static WORDS: std::cell::RefCell<Option<std::rc::Rc<Words>>> =
        const { std::cell::RefCell::new(None) };
}

/// Runs `f` with `words` as the charts' words on this thread (English outside any call).
/// Rendering a page runs on one thread, so every chart of the page sees the page's words.
pub fn with_words<R>(words: &Words, f: impl FnOnce() -> R) -> R {
    let previous = WORDS.with(|w| w.replace(Some(std::rc::Rc::new(words.clone()))));
    let out = f();
    WORDS.with(|w| *w.borrow_mut() = previous);
    out
}

/// One of the charts' words in the current language.
fn word(pick: impl Fn(&Words) -> &str) -> String {
    WORDS.with(|w| match &*w.borrow() {
        Some(words) => pick(words).to_owned(),
        None => pick(&Words::default()).to_owned(),
    })
}

/// "band 3" in the current language.
fn band_words(b: u8) -> String {
    word(|w| &w.band).replace("{band}", &b.to_string())
}

const FONT_FAMILY: &str = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif";
const TRACK_COLOUR: &str = "#e6e6e6";
const GRID_COLOUR: &str = "#d9d9d9";
const HIGHLIGHT_BG: &str = "#eef3f8";
const NO_DATA_BG: &str = "#f2f2f2";

/// Fill colour of a band (1–4); anything else gets the neutral "no data" grey.
pub fn band_colour(band: u8) -> &'static str {
    match band {
        1..=4 => BAND_COLOURS[usize::from(band - 1)],
        _ => NO_DATA_COLOUR,
    }
}

/// Short English range label of a band (1–4), e.g. "33–66 %"; anything else reads "no data".
pub fn band_label(band: u8) -> &'static str {
    match band {
        1 => "0–33 %",
        2 => "33–66 %",
        3 => "66–95 %",
        4 => "95–100 %",
        _ => NO_DATA_TEXT,
    }
}

/// A category: the outer ring of the benchmark wheel.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WheelCategory {
    /// Category name, e.g. "Air Quality".
    pub name: String,
    /// Score as % of the maximum possible points; `None` (or NaN) means no data.
    pub score_pct: Option<f64>,
    /// Band 1–4; derived from `score_pct` when missing.
    pub band: Option<u8>,
    /// Why there is no score, when `score_pct` is `None` ("insufficient data (3 of 12)");
    /// "no data" when empty.
    pub note: String,
    /// Optional link target for the segment and its label.
    pub href: Option<String>,
}

/// A sub-dimension: the middle ring of the benchmark wheel.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WheelSub {
    /// Sub-dimension name, e.g. "Education, Health and Culture".
    pub name: String,
    /// Score as % of the maximum possible points.
    pub score_pct: Option<f64>,
    /// Band 1–4; derived from `score_pct` when missing.
    pub band: Option<u8>,
    /// Why there is no score, when `score_pct` is `None` ("insufficient data (3 of 12)");
    /// "no data" when empty.
    pub note: String,
    /// Categories of this sub-dimension, in display order.
    pub categories: Vec<WheelCategory>,
}

/// A dimension: the inner ring of the benchmark wheel.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WheelDimension {
    /// Dimension name, e.g. "Economy".
    pub name: String,
    /// Score as % of the maximum possible points.
    pub score_pct: Option<f64>,
    /// Band 1–4; derived from `score_pct` when missing.
    pub band: Option<u8>,
    /// Why there is no score, when `score_pct` is `None` ("insufficient data (3 of 12)");
    /// "no data" when empty.
    pub note: String,
    /// Sub-dimensions of this dimension, in display order.
    pub subdimensions: Vec<WheelSub>,
}

/// Input of [`wheel`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Wheel {
    /// Prefix for every id in the SVG; must be unique on the page.
    pub id: String,
    /// What the chart is (becomes `<title>`).
    pub title: String,
    /// The finding in a sentence (becomes `<desc>`, followed by the dimension scores).
    pub desc: String,
    /// Dimensions, in display order clockwise from 12 o'clock.
    pub dimensions: Vec<WheelDimension>,
    /// The key's entry for grey segments; "no data" when empty.
    pub grey_label: String,
}

/// Input of [`bullet`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Bullet {
    /// Prefix for the pattern ids; must be unique on the page.
    pub id: String,
    /// Achievement as % of target; `None` (or NaN) means no benchmark.
    pub achievement_pct: Option<f64>,
    /// Band 1–4; derived from `achievement_pct` when missing.
    pub band: Option<u8>,
    /// Text printed right of the bar and used as the accessible name, e.g. "87 % · band 3".
    pub label: String,
}

/// One row of a [`BarChart`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Bar {
    /// Row label, e.g. a city name.
    pub label: String,
    /// Value that sets the bar length; NaN or infinite draws no bar.
    pub value: f64,
    /// Value as the reader should see it, e.g. "12.5 t".
    pub display: String,
    /// Band 1–4 for the bar fill; `None` draws the neutral "no benchmark" grey.
    pub band: Option<u8>,
    /// Emphasise this row (bold text, tinted background).
    pub highlight: bool,
    /// Optional link target for the row.
    pub href: Option<String>,
}

/// Input of [`bar_chart`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BarChart {
    /// Prefix for every id in the SVG; must be unique on the page.
    pub id: String,
    /// What the chart is (becomes `<title>`).
    pub title: String,
    /// The finding in a sentence (becomes `<desc>`).
    pub desc: String,
    /// Unit printed under the x axis.
    pub unit: String,
    /// Rows, drawn in the given order.
    pub bars: Vec<Bar>,
    /// Optional target value and its label, drawn as a dashed vertical line.
    pub target: Option<(f64, String)>,
}

/// One line of a [`LineChart`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Series {
    /// Label printed at the end of the line.
    pub label: String,
    /// (year, value) points; NaN or infinite values are skipped.
    pub points: Vec<(i32, f64)>,
}

/// Input of [`line_chart`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LineChart {
    /// Prefix for every id in the SVG; must be unique on the page.
    pub id: String,
    /// What the chart is (becomes `<title>`).
    pub title: String,
    /// The finding in a sentence (becomes `<desc>`, followed by first and last values).
    pub desc: String,
    /// Unit printed above the y axis.
    pub unit: String,
    /// Lines to draw.
    pub series: Vec<Series>,
    /// Optional target value and its label, drawn as a dashed horizontal line.
    pub target: Option<(f64, String)>,
}

/// One row of [`score_bars`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScoreBar {
    /// Row label, e.g. a dimension name.
    pub label: String,
    /// Score 0–100 %; `None` (or NaN) reads "not scored".
    pub score_pct: Option<f64>,
    /// Band 1–4; derived from `score_pct` when missing.
    pub band: Option<u8>,
}

// ---------------------------------------------------------------------------------------------
// Small helpers: escaping, numbers, text measuring
// ---------------------------------------------------------------------------------------------

/// Escapes text for XML content and attributes; control characters are not allowed in XML 1.0,
/// so they become spaces rather than producing a document browsers refuse.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\u{FFFE}' | '\u{FFFF}' => out.push(' '),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Collapses whitespace so that measuring and printing agree with how SVG renders text.
fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Formats a coordinate with at most two decimals and no float noise ("12.5", not "12.500000001").
fn n(x: f64) -> String {
    // Integer hundredths instead of `format!("{:.2}")` and trimming: charts print tens of
    // thousands of coordinates per build, and float formatting was a tenth of the build.
    if !x.is_finite() {
        return "0".to_owned();
    }
    let h = (x * 100.0).round();
    if h.abs() >= 9.0e15 {
        // Beyond exact integers in f64; no chart coordinate gets here.
        return format!("{:.0}", x);
    }
    let h = h as i64;
    let (whole, frac) = (h.unsigned_abs() / 100, h.unsigned_abs() % 100);
    let mut s = String::with_capacity(12);
    if h < 0 {
        s.push('-');
    }
    let _ = write!(s, "{whole}");
    if frac != 0 {
        s.push('.');
        s.push(char::from(b'0' + (frac / 10) as u8));
        if frac % 10 != 0 {
            s.push(char::from(b'0' + (frac % 10) as u8));
        }
    }
    s
}

/// Drops NaN and infinities so every chart treats them exactly like missing data.
fn finite(x: Option<f64>) -> Option<f64> {
    x.filter(|v| v.is_finite())
}

/// Keeps valid bands only and falls back to the band implied by a score.
fn band_of(band: Option<u8>, pct: Option<f64>) -> Option<u8> {
    match band {
        Some(b @ 1..=4) => Some(b),
        Some(_) => None,
        None => finite(pct).map(band_for_pct),
    }
}

/// The U4SSC banding of an achievement or score percentage.
fn band_for_pct(p: f64) -> u8 {
    if p < 33.0 {
        1
    } else if p < 66.0 {
        2
    } else if p < 95.0 {
        3
    } else {
        4
    }
}

/// "56 %" with the rounding the published reports use.
/// A percentage with one decimal, the precision pages use for every computed percentage, so a
/// chart's "75.0 %" reads the same as the table beside it.
fn pct_text(p: f64) -> String {
    // Rounded half away from zero like the pages' own numbers (`format!` would round 56.25 to
    // even); adding 0.0 turns a rounded −0.0 into 0.0.
    format!("{:.1} %", (p * 10.0).round() / 10.0 + 0.0)
}

/// Tooltip/summary wording of a score and band, e.g. "56 % (band 2, 33–66 %)".
fn score_phrase(pct: Option<f64>, band: Option<u8>) -> String {
    score_phrase_or(pct, band, "")
}

/// [`score_phrase`], with the caller's words for a missing score (empty: "no data").
fn score_phrase_or(pct: Option<f64>, band: Option<u8>, note: &str) -> String {
    match (finite(pct), band) {
        (Some(p), Some(b)) => format!("{} ({}, {})", pct_text(p), band_words(b), band_label(b)),
        (Some(p), None) => pct_text(p),
        (None, Some(b)) => format!("{}, {}", band_words(b), band_label(b)),
        (None, None) if !note.is_empty() => note.to_string(),
        (None, None) => word(|w| &w.no_data),
    }
}

/// Approximate advance width of a character in em, erring wide so that estimated fits are real fits.
fn char_em(c: char) -> f64 {
    match c {
        'i' | 'j' | 'l' | 'I' | '\'' | '|' | '.' | ',' | ':' | ';' | '!' => 0.3,
        'f' | 't' | 'r' | ' ' | '(' | ')' | '[' | ']' | '-' | '/' | '·' => 0.42,
        'm' | 'M' | 'W' => 1.0,
        'w' => 0.84,
        '%' => 0.96,
        '…' => 1.0,
        '–' | '—' | '−' => 0.64,
        'A'..='Z' => 0.74,
        '0'..='9' => 0.64,
        c if c.is_ascii() => 0.62,
        c if u32::from(c) >= 0x2E80 => 1.0,
        _ => 0.68,
    }
}

/// Estimated width of `s` in user units at font size `size`.
fn text_w(s: &str, size: f64, bold: bool) -> f64 {
    let em: f64 = s.chars().map(char_em).sum();
    em * size * if bold { 1.1 } else { 1.0 }
}

/// Shortens `s` with an ellipsis to fit `max_w`; returns the text and whether it was cut.
/// Returns an empty string when not even one character and the ellipsis fit.
fn fit(s: &str, max_w: f64, size: f64, bold: bool) -> (String, bool) {
    if text_w(s, size, bold) <= max_w {
        return (s.to_owned(), false);
    }
    let budget = max_w - text_w("…", size, bold);
    let mut out = String::new();
    let mut w = 0.0;
    for c in s.chars() {
        let cw = text_w(&c.to_string(), size, bold);
        if w + cw > budget {
            break;
        }
        w += cw;
        out.push(c);
    }
    let kept = out.trim_end().to_owned();
    if kept.is_empty() {
        (String::new(), true)
    } else {
        (kept + "…", true)
    }
}

/// Greedy word wrap into at most `max_lines` lines of width `max_w`; the last line is cut with an
/// ellipsis when text remains. Returns the lines and whether anything was cut.
fn wrap(s: &str, max_w: f64, size: f64, bold: bool, max_lines: usize) -> (Vec<String>, bool) {
    let words: Vec<&str> = s.split_whitespace().collect();
    let mut lines: Vec<String> = Vec::new();
    let mut cut = false;
    let mut i = 0;
    while i < words.len() && lines.len() < max_lines {
        let last_line = lines.len() + 1 == max_lines;
        let mut line = words[i].to_owned();
        i += 1;
        while i < words.len() {
            let candidate = format!("{line} {}", words[i]);
            if text_w(&candidate, size, bold) <= max_w {
                line = candidate;
                i += 1;
            } else {
                break;
            }
        }
        if last_line && i < words.len() {
            line = format!("{line} {}", words[i..].join(" "));
            i = words.len();
        }
        let (fitted, c) = fit(&line, max_w, size, bold);
        cut |= c;
        if !fitted.is_empty() {
            lines.push(fitted);
        }
    }
    (lines, cut)
}

/// Initials of the capitalised words ("Education, Health and Culture" → "EHC"), a short label
/// for narrow ring segments; `None` when the name has fewer than two such words.
fn initials(s: &str) -> Option<String> {
    let letters: String = s
        .split(|c: char| c.is_whitespace() || c == ',' || c == '-' || c == '/')
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
        .collect();
    (letters.chars().count() >= 2).then_some(letters)
}

/// Nice axis ticks inside [lo, hi]: multiples of 1, 2, 2.5 or 5 × 10^k, three to five of them
/// where possible. Returns the tick values and the number of decimals their labels need.
fn nice_ticks(lo: f64, hi: f64) -> (Vec<f64>, usize) {
    let span = hi - lo;
    if !(span.is_finite() && span > 0.0) {
        return (vec![lo], 0);
    }
    let e = span.log10().floor() as i32;
    let mut fallback: Option<(f64, i32, f64)> = None;
    for k in (e - 2)..=(e + 1) {
        for m in [1.0, 2.0, 2.5, 5.0] {
            let step = m * 10f64.powi(k);
            let first = (lo / step - 1e-9).ceil();
            let last = (hi / step + 1e-9).floor();
            let count = last - first + 1.0;
            if (3.0..=5.0).contains(&count) {
                return (ticks_from(first, last, step), decimals_for(m, k));
            }
            if count <= 5.0 && fallback.is_none() {
                fallback = Some((m, k, step));
            }
        }
    }
    let (m, k, step) = fallback.unwrap_or((1.0, e + 1, 10f64.powi(e + 1)));
    let first = (lo / step - 1e-9).ceil();
    let last = (hi / step + 1e-9).floor();
    (ticks_from(first, last, step), decimals_for(m, k))
}

/// Tick values computed by multiplication rather than repeated addition, to avoid drift.
fn ticks_from(first: f64, last: f64, step: f64) -> Vec<f64> {
    let count = (last - first + 1.0).clamp(0.0, 50.0) as i64;
    (0..count).map(|i| (first + i as f64) * step).collect()
}

/// Decimals a tick label needs for a step of m × 10^k (2.5 × 10^-1 needs two).
fn decimals_for(m: f64, k: i32) -> usize {
    let base = if k < 0 { (-k) as usize } else { 0 };
    let extra = usize::from(m == 2.5 && k <= 0);
    (base + extra).min(6)
}

/// Formats an axis number: fixed decimals, a real minus sign, and narrow-space thousands groups
/// (the style of the U4SSC reports, and neutral between English and French/Russian pages).
fn axis_num(v: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, v.abs());
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_owned(), format!(".{f}")),
        None => (s.clone(), String::new()),
    };
    let grouped = if int.len() > 4 {
        let mut g = String::new();
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                g.push('\u{202F}');
            }
            g.push(c);
        }
        g
    } else {
        int
    };
    let zero = s.chars().all(|c| c == '0' || c == '.');
    let sign = if v < 0.0 && !zero { "−" } else { "" };
    format!("{sign}{grouped}{frac}")
}

/// A data value in prose: at most two decimals, trailing zeros dropped ("41", "58.2").
fn value_num(v: f64) -> String {
    let cents = (v * 100.0).round();
    let decimals = if cents % 100.0 == 0.0 {
        0
    } else if cents % 10.0 == 0.0 {
        1
    } else {
        2
    };
    axis_num(v, decimals)
}

/// `f64::clamp` that cannot panic: when the bounds cross (text wider than the room for it) the
/// value goes to their midpoint, i.e. the text is centred.
fn clamp_or_mid(v: f64, lo: f64, hi: f64) -> f64 {
    if lo <= hi {
        v.clamp(lo, hi)
    } else if lo.is_finite() && hi.is_finite() {
        (lo + hi) / 2.0
    } else {
        0.0
    }
}

/// Makes a caller id safe for XML ids and CSS selectors.
fn sanitize_id(raw: &str) -> String {
    let mut s: String = raw
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if !s.starts_with(|c: char| c.is_ascii_alphabetic()) {
        s.insert_str(0, "c-");
    }
    s
}

/// The link target to render, if any: blank targets are dropped, and so are script and data
/// URLs, which have no business in a chart and would run code when followed.
fn safe_href(h: &Option<String>) -> Option<&str> {
    let t = h.as_deref()?.trim();
    let scheme = t
        .split_once(':')
        .map(|(s, _)| s.trim().to_ascii_lowercase())
        .filter(|s| !s.contains('/'));
    match scheme.as_deref() {
        _ if t.is_empty() => None,
        Some("javascript" | "vbscript" | "data") => None,
        _ => Some(t),
    }
}

// ---------------------------------------------------------------------------------------------
// Canvas: collects the body, the patterns it uses and the ids it hands out
// ---------------------------------------------------------------------------------------------

/// How the root element names itself.
enum Naming<'a> {
    /// `<title>` and `<desc>` referenced by `aria-labelledby`.
    TitleDesc(&'a str, &'a str),
    /// `aria-label` only, for charts too small to need a description.
    Label(&'a str),
}

struct Canvas {
    prefix: String,
    /// Patterns referenced so far: index 0 is "no data", 1–3 are bands (band 4 is solid).
    used: [bool; 4],
    defs: String,
    body: String,
    next_id: usize,
    /// A chart with links must not be `role="img"`, whose children are hidden from assistive
    /// technology; it becomes a labelled group instead so the links stay reachable.
    linked: bool,
}

impl Canvas {
    fn new(raw_id: &str) -> Self {
        Canvas {
            prefix: sanitize_id(raw_id),
            used: [false; 4],
            defs: String::new(),
            body: String::new(),
            next_id: 0,
            linked: false,
        }
    }

    /// Fill value for a band, recording which pattern the defs must contain.
    fn fill(&mut self, band: Option<u8>) -> String {
        match band {
            Some(4) => BAND_COLOURS[3].to_owned(),
            Some(b @ 1..=3) => {
                self.used[usize::from(b)] = true;
                format!("url(#{}-b{b})", self.prefix)
            }
            _ => {
                self.used[0] = true;
                format!("url(#{}-nd)", self.prefix)
            }
        }
    }

    /// A fresh id such as "city-t3", unique within this SVG and scoped by the prefix.
    fn new_id(&mut self, stem: &str) -> String {
        self.next_id += 1;
        format!("{}-{stem}{}", self.prefix, self.next_id)
    }

    fn pattern_defs(&self) -> String {
        let p = &self.prefix;
        let mut d = String::new();
        if self.used[1] {
            let _ = writeln!(
                d,
                "<pattern id=\"{p}-b1\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"{}\"/><rect width=\"2\" height=\"6\" fill=\"#fff\" fill-opacity=\"0.5\"/></pattern>",
                BAND_COLOURS[0]
            );
        }
        if self.used[2] {
            let _ = writeln!(
                d,
                "<pattern id=\"{p}-b2\" width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\"><rect width=\"5\" height=\"5\" fill=\"{}\"/><circle cx=\"2.5\" cy=\"2.5\" r=\"1.2\" fill=\"#fff\" fill-opacity=\"0.6\"/></pattern>",
                BAND_COLOURS[1]
            );
        }
        if self.used[3] {
            let _ = writeln!(
                d,
                "<pattern id=\"{p}-b3\" width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\"><rect width=\"5\" height=\"5\" fill=\"{}\"/><rect y=\"2\" width=\"5\" height=\"1.2\" fill=\"#fff\" fill-opacity=\"0.5\"/></pattern>",
                BAND_COLOURS[2]
            );
        }
        if self.used[0] {
            let _ = writeln!(
                d,
                "<pattern id=\"{p}-nd\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"{NO_DATA_BG}\"/><rect width=\"1\" height=\"6\" fill=\"{NO_DATA_COLOUR}\"/><rect width=\"6\" height=\"1\" fill=\"{NO_DATA_COLOUR}\"/></pattern>"
            );
        }
        d
    }

    fn finish(self, kind: &str, vb: (f64, f64, f64, f64), naming: Naming) -> String {
        self.finish_as(kind, vb, naming, false)
    }

    /// Like [`Canvas::finish`], for charts that only ever appear inside an HTML page (a
    /// profile has one bullet per KPI): the namespace and font come from the page, which saves
    /// a tenth of a profile's size.
    fn finish_inline(self, kind: &str, vb: (f64, f64, f64, f64), naming: Naming) -> String {
        self.finish_as(kind, vb, naming, true)
    }

    fn finish_as(
        self,
        kind: &str,
        vb: (f64, f64, f64, f64),
        naming: Naming,
        inline: bool,
    ) -> String {
        let p = &self.prefix;
        let mut s = String::with_capacity(self.body.len() + self.defs.len() + 1024);
        let role = if self.linked { "group" } else { "img" };
        s.push_str(if inline {
            "<svg "
        } else {
            "<svg xmlns=\"http://www.w3.org/2000/svg\" "
        });
        let _ = write!(
            s,
            "viewBox=\"{} {} {} {}\" class=\"chart chart-{kind}\" role=\"{role}\" ",
            n(vb.0),
            n(vb.1),
            n(vb.2),
            n(vb.3)
        );
        let font = if inline {
            String::new()
        } else {
            format!(" font-family=\"{FONT_FAMILY}\"")
        };
        match naming {
            Naming::TitleDesc(title, desc) => {
                let _ = write!(
                    s,
                    "aria-labelledby=\"{p}-title {p}-desc\"{font}>\n<title id=\"{p}-title\">{}</title>\n<desc id=\"{p}-desc\">{}</desc>\n",
                    esc(&clean(title)),
                    esc(&clean(desc))
                );
            }
            Naming::Label(label) => {
                let _ = write!(s, "aria-label=\"{}\"{font}>", esc(&clean(label)));
                if !inline {
                    s.push('\n');
                }
            }
        }
        let patterns = self.pattern_defs();
        if !patterns.is_empty() || !self.defs.is_empty() {
            s.push_str("<defs>\n");
            s.push_str(&patterns);
            s.push_str(&self.defs);
            s.push_str("</defs>\n");
        }
        s.push_str(&self.body);
        s.push_str("</svg>\n");
        s
    }
}

/// Opens a link around a chart element; text and shapes inside stay as they are.
fn open_link(out: &mut String, href: &str, label: &str) {
    let _ = write!(
        out,
        "<a href=\"{}\" aria-label=\"{}\">",
        esc(href.trim()),
        esc(label)
    );
}

/// `<title>` child for a group: the tooltip and the full text of a shortened label.
fn title_el(text: &str) -> String {
    format!("<title>{}</title>", esc(text))
}

/// The small placeholder chart for inputs with nothing to draw.
fn empty_chart(kind: &str, raw_id: &str, title: &str, desc: &str) -> String {
    let mut cv = Canvas::new(raw_id);
    let empty = word(|w| &w.empty);
    let _ = write!(
        cv.body,
        "<rect x=\"1\" y=\"1\" width=\"238\" height=\"46\" rx=\"4\" fill=\"#fff\" stroke=\"{NO_DATA_COLOUR}\" stroke-dasharray=\"4 3\"/>\n<text x=\"120\" y=\"29\" font-size=\"15\" text-anchor=\"middle\" fill=\"{MUTED_TEXT_COLOUR}\">{}</text>\n",
        esc(&empty)
    );
    let title = if title.trim().is_empty() {
        empty.as_str()
    } else {
        title
    };
    let desc = format!("{} {empty}.", clean(desc));
    cv.finish(
        kind,
        (0.0, 0.0, 240.0, 48.0),
        Naming::TitleDesc(title, desc.trim()),
    )
}

/// The grey entry a band key may end with.
#[derive(Clone, Copy, PartialEq)]
enum GreyEntry<'a> {
    None,
    /// Hatched pale swatch with the caller's words.
    Label(&'a str),
    /// Hatched pale swatch: the item has no score.
    NoData,
    /// Solid grey swatch: the item has a value but nothing to compare it with.
    NoBenchmark,
}

/// A row of band key entries (swatch + "1: 0–33 %"), centred on `cx`, wrapping within `max_w`.
/// Returns the height used. Only the given bands are listed, plus the grey entry if asked.
fn band_key(
    cv: &mut Canvas,
    bands: &[u8],
    grey: GreyEntry,
    cx: f64,
    top: f64,
    max_w: f64,
    size: f64,
) -> f64 {
    let mut entries: Vec<(Option<u8>, String)> = bands
        .iter()
        .map(|&b| (Some(b), format!("{b}: {}", band_label(b))))
        .collect();
    match grey {
        GreyEntry::None => {}
        GreyEntry::NoData => entries.push((None, word(|w| &w.no_data))),
        GreyEntry::NoBenchmark => entries.push((None, word(|w| &w.no_benchmark))),
        GreyEntry::Label(l) => entries.push((None, l.to_string())),
    }
    if entries.is_empty() {
        return 0.0;
    }
    let sw = size;
    let gap = size * 1.2;
    let row_h = size * 1.6;
    let widths: Vec<f64> = entries
        .iter()
        .map(|(_, t)| sw + 4.0 + text_w(t, size, false))
        .collect();
    // Break into rows first so that each row can be centred.
    let mut rows: Vec<Vec<usize>> = vec![Vec::new()];
    let mut row_w = 0.0;
    for (i, w) in widths.iter().enumerate() {
        let cur = rows.last_mut().expect("rows starts non-empty");
        let add = if cur.is_empty() { *w } else { gap + w };
        if !cur.is_empty() && row_w + add > max_w {
            rows.push(vec![i]);
            row_w = *w;
        } else {
            cur.push(i);
            row_w += add;
        }
    }
    let mut out = String::from("<g class=\"key\">\n");
    for (r, row) in rows.iter().enumerate() {
        let total: f64 =
            row.iter().map(|&i| widths[i]).sum::<f64>() + gap * (row.len() as f64 - 1.0);
        let mut x = cx - total / 2.0;
        let y = top + r as f64 * row_h;
        for &i in row {
            let (band, text) = &entries[i];
            let (fill, stroke) = match (band, grey) {
                (Some(_), _) => (cv.fill(*band), String::new()),
                (None, GreyEntry::NoBenchmark) => (NO_DATA_COLOUR.to_owned(), String::new()),
                (None, _) => (
                    cv.fill(None),
                    format!(" stroke=\"{NO_DATA_COLOUR}\" stroke-width=\"0.75\""),
                ),
            };
            let (t, _) = fit(text, max_w - sw - 4.0, size, false);
            let _ = writeln!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\"{stroke}/><text x=\"{}\" y=\"{}\" font-size=\"{}\" fill=\"{TEXT_COLOUR}\">{}</text>",
                n(x),
                n(y),
                n(sw),
                n(sw),
                n(x + sw + 4.0),
                n(y + sw * 0.85),
                n(size),
                esc(&t)
            );
            x += widths[i] + gap;
        }
    }
    out.push_str("</g>\n");
    cv.body.push_str(&out);
    rows.len() as f64 * row_h
}

/// A white disc with the band number, the textual band cue drawn on top of coloured shapes.
fn band_badge(out: &mut String, x: f64, y: f64, band: u8, r: f64) {
    let _ = writeln!(
        out,
        "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"#fff\"/><text x=\"{}\" y=\"{}\" font-size=\"{}\" font-weight=\"700\" text-anchor=\"middle\" fill=\"{TEXT_COLOUR}\">{band}</text>",
        n(x),
        n(y),
        n(r),
        n(x),
        n(y + r * 0.5),
        n(r * 1.45)
    );
}

// ---------------------------------------------------------------------------------------------
// Wheel
// ---------------------------------------------------------------------------------------------

const WHEEL_MIN_R: f64 = 100.0;
const WHEEL_LABEL_FONT: f64 = 11.0;
const WHEEL_LINE: f64 = 12.0;
const WHEEL_LABEL_MAX_W: f64 = 88.0;
const WHEEL_LABEL_GAP: f64 = 5.0;
const WHEEL_DIM_FONT: f64 = 11.0;
const WHEEL_SUB_FONT: f64 = 10.5;
// Ring boundaries as fractions of the outer radius.
const RING_HOLE: f64 = 0.12;
const RING_DIM: f64 = 0.58;
const RING_SUB: f64 = 0.77;
// Radii (as fractions) of the dimension label lines: one centred line, or two lines. A single
// line may also use the outer radius, where the arc is longer.
const DIM_ONE: f64 = 0.42;
const DIM_OUTER: f64 = 0.5;
const DIM_INNER: f64 = 0.34;

/// A category label in at most two lines. Rather than cut a word (French and Russian names have
/// long ones), the lines may grow up to 1.8 times `WHEEL_LABEL_MAX_W`, the viewBox growing with
/// them: a cut label reads badly and is no longer part of its link's name (WCAG 2.5.3).
fn wheel_label_lines(name: &str) -> Vec<String> {
    let mut max_w = WHEEL_LABEL_MAX_W;
    loop {
        let (lines, cut) = wrap(name, max_w, WHEEL_LABEL_FONT, false, 2);
        if !cut || max_w >= WHEEL_LABEL_MAX_W * 1.8 {
            return lines;
        }
        max_w += 4.0;
    }
}

/// Point at angle `a` (radians clockwise from 12 o'clock) and radius `r` around the origin.
fn polar(r: f64, a: f64) -> (f64, f64) {
    (r * a.sin(), -r * a.cos())
}

/// Path of a ring segment between radii r0 < r1 and angles a0 < a1; a full turn is drawn as two
/// half arcs because a single arc with equal end points renders nothing.
fn ring_segment(r0: f64, r1: f64, a0: f64, a1: f64) -> String {
    let sweep = a1 - a0;
    if sweep >= TAU - 1e-9 {
        let mut d = format!(
            "M0 {} A{} {} 0 1 1 0 {} A{} {} 0 1 1 0 {} Z",
            n(-r1),
            n(r1),
            n(r1),
            n(r1),
            n(r1),
            n(r1),
            n(-r1)
        );
        if r0 > 0.0 {
            let _ = write!(
                d,
                " M0 {} A{} {} 0 1 0 0 {} A{} {} 0 1 0 0 {} Z",
                n(-r0),
                n(r0),
                n(r0),
                n(r0),
                n(r0),
                n(r0),
                n(-r0)
            );
        }
        return d;
    }
    let large = u8::from(sweep > PI);
    let (x0, y0) = polar(r1, a0);
    let (x1, y1) = polar(r1, a1);
    let (x2, y2) = polar(r0, a1);
    let (x3, y3) = polar(r0, a0);
    format!(
        "M{} {} A{} {} 0 {large} 1 {} {} L{} {} A{} {} 0 {large} 0 {} {} Z",
        n(x0),
        n(y0),
        n(r1),
        n(r1),
        n(x1),
        n(y1),
        n(x2),
        n(y2),
        n(r0),
        n(r0),
        n(x3),
        n(y3)
    )
}

/// True when text along an arc centred at angle `mid` reads left to right clockwise (upper half).
fn arc_reads_clockwise(mid: f64) -> bool {
    let m = mid.rem_euclid(TAU);
    m <= PI / 2.0 + 1e-9 || m >= 1.5 * PI - 1e-9
}

/// Usable sweep for curved text; a full-turn arc cannot carry a text path.
fn text_sweep(a0: f64, a1: f64) -> f64 {
    (a1 - a0).min(1.8 * PI)
}

/// Writes one line of curved text whose glyphs are centred on radius `r`, flipping the path in
/// the lower half so the text is never upside down.
fn arc_text(cv: &mut Canvas, out: &mut String, text: &str, r: f64, a0: f64, a1: f64, style: &str) {
    let mid = (a0 + a1) / 2.0;
    let sweep = text_sweep(a0, a1);
    let (s, e) = (mid - sweep / 2.0, mid + sweep / 2.0);
    let large = u8::from(sweep > PI);
    let id = cv.new_id("t");
    // The path is the baseline, so shift it by about half the x-height to centre the glyphs on r.
    let size = style_font_size(style);
    let d = if arc_reads_clockwise(mid) {
        let rb = r - 0.35 * size;
        let (x0, y0) = polar(rb, s);
        let (x1, y1) = polar(rb, e);
        format!(
            "M{} {} A{} {} 0 {large} 1 {} {}",
            n(x0),
            n(y0),
            n(rb),
            n(rb),
            n(x1),
            n(y1)
        )
    } else {
        let rb = r + 0.35 * size;
        let (x0, y0) = polar(rb, e);
        let (x1, y1) = polar(rb, s);
        format!(
            "M{} {} A{} {} 0 {large} 0 {} {}",
            n(x0),
            n(y0),
            n(rb),
            n(rb),
            n(x1),
            n(y1)
        )
    };
    let _ = writeln!(cv.defs, "<path id=\"{id}\" d=\"{d}\"/>");
    let _ = writeln!(
        out,
        "<text {style} text-anchor=\"middle\"><textPath href=\"#{id}\" startOffset=\"50%\">{}</textPath></text>",
        esc(text)
    );
}

/// Reads the font size back from a style attribute string built by [`ring_text_style`].
fn style_font_size(style: &str) -> f64 {
    style
        .split("font-size=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(10.0)
}

/// Text attributes for labels drawn on a ring segment: white on bands with a halo in the band
/// colour that masks the pattern behind the glyphs, dark on the pale "no data" pattern.
fn ring_text_style(band: Option<u8>, size: f64) -> String {
    let (fill, halo) = match band {
        Some(b) => ("#fff", band_colour(b)),
        None => (TEXT_COLOUR, NO_DATA_BG),
    };
    format!(
        "font-size=\"{}\" fill=\"{fill}\" stroke=\"{halo}\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\"",
        n(size)
    )
}

/// Candidate layouts for a dimension name on the inner ring: one centred line, or two lines split
/// at each word boundary. Each candidate lists (text, radius fraction) in reading order.
fn dim_layouts(name: &str, clockwise: bool) -> Vec<Vec<(String, f64)>> {
    let mut out = vec![
        vec![(name.to_owned(), DIM_ONE)],
        vec![(name.to_owned(), DIM_OUTER)],
    ];
    let words: Vec<&str> = name.split_whitespace().collect();
    // In the lower half the text is flipped, so the first line sits nearer the centre.
    let (first_r, second_r) = if clockwise {
        (DIM_OUTER, DIM_INNER)
    } else {
        (DIM_INNER, DIM_OUTER)
    };
    for k in 1..words.len() {
        out.push(vec![
            (words[..k].join(" "), first_r),
            (words[k..].join(" "), second_r),
        ]);
    }
    out
}

/// Outer radius at which every line of a layout fits its arc.
fn layout_needs(layout: &[(String, f64)], sweep: f64, size: f64) -> f64 {
    layout
        .iter()
        .map(|(t, frac)| (text_w(t, size, false) + 8.0) / (sweep * frac))
        .fold(0.0, f64::max)
}

/// Everything the wheel needs to know about one category leaf.
struct Leaf<'a> {
    dim: &'a WheelDimension,
    sub: &'a WheelSub,
    cat: &'a WheelCategory,
    a0: f64,
    a1: f64,
    lines: Vec<String>,
}

/// Benchmark wheel (sunburst) of a city's dimension, sub-dimension and category scores.
///
/// Inner ring dimensions, middle ring sub-dimensions, outer ring categories, each segment filled by
/// band (colour + pattern), angle proportional to the number of categories. Categories with no score are grey with a "no data" pattern. Labels: dimension names
/// along the inner ring, sub-dimension short labels along the middle ring, band numbers in the
/// outer ring, and category names outside the outer ring, written radially so that neighbours can
/// never overlap (the ring grows with the number of categories). Categories with an href have
/// their segment and label wrapped in `<a href>`; every segment's `<title>` carries its score.
pub fn wheel(w: &Wheel) -> String {
    if w.dimensions.is_empty() {
        return empty_chart("wheel", &w.id, &w.title, &w.desc);
    }
    let mut cv = Canvas::new(&w.id);
    cv.linked = w
        .dimensions
        .iter()
        .flat_map(|d| &d.subdimensions)
        .flat_map(|s| &s.categories)
        .any(|c| safe_href(&c.href).is_some());

    // Angles: every category gets the same share; empty sub-dimensions and dimensions still get
    // one share so that they remain visible and the division never sees zero.
    let sub_weight = |s: &WheelSub| s.categories.len().max(1);
    let dim_weight = |d: &WheelDimension| {
        if d.subdimensions.is_empty() {
            1
        } else {
            d.subdimensions.iter().map(sub_weight).sum()
        }
    };
    let total: usize = w.dimensions.iter().map(dim_weight).sum();
    let step = TAU / total as f64;

    let mut leaves: Vec<Leaf> = Vec::new();
    let mut dim_spans: Vec<(f64, f64)> = Vec::new();
    let mut sub_spans: Vec<(&WheelDimension, &WheelSub, f64, f64)> = Vec::new();
    let mut pos = 0usize;
    for d in &w.dimensions {
        let d0 = pos as f64 * step;
        for s in &d.subdimensions {
            let s0 = pos as f64 * step;
            for (i, c) in s.categories.iter().enumerate() {
                let a0 = (pos + i) as f64 * step;
                let lines = wheel_label_lines(&clean(&c.name));
                leaves.push(Leaf {
                    dim: d,
                    sub: s,
                    cat: c,
                    a0,
                    a1: a0 + step,
                    lines,
                });
            }
            pos += sub_weight(s);
            sub_spans.push((d, s, s0, pos as f64 * step));
        }
        if d.subdimensions.is_empty() {
            pos += 1;
        }
        dim_spans.push((d0, pos as f64 * step));
    }

    // Radius: labels are as thick as their line count, and neighbours are one step apart, so
    // the label circle must be long enough for all of them side by side.
    let max_lines = leaves
        .iter()
        .map(|l| l.lines.len())
        .max()
        .unwrap_or(1)
        .max(1);
    let thickness = max_lines as f64 * WHEEL_LINE + 3.0;
    let label_r = (total as f64 * thickness / TAU).max(WHEEL_MIN_R + WHEEL_LABEL_GAP);
    let base_r = label_r - WHEEL_LABEL_GAP;
    // Grow a little (at most 10 %) so dimension names fit whole; beyond that they are shortened.
    let mut r = base_r;
    for (d, &(a0, a1)) in w.dimensions.iter().zip(&dim_spans) {
        let name = clean(&d.name);
        let sweep = text_sweep(a0, a1);
        let need = dim_layouts(&name, arc_reads_clockwise((a0 + a1) / 2.0))
            .iter()
            .map(|l| layout_needs(l, sweep, WHEEL_DIM_FONT))
            .fold(f64::INFINITY, f64::min);
        r = r.max(need.min(base_r * 1.1));
    }
    let label_r = r + WHEEL_LABEL_GAP;
    let (r_hole, r_dim, r_sub) = (r * RING_HOLE, r * RING_DIM, r * RING_SUB);

    let mut body = String::new();
    let mut any_no_data = false;
    let mut bbox = (-r, -r, r, r);
    let separator = "stroke=\"#fff\" stroke-width=\"1.5\" stroke-linejoin=\"round\"";

    // A linked wheel is a group, so its parts are read one by one: each segment then speaks as
    // one image named by its tooltip instead of as loose words and band numbers.
    let linked = cv.linked;
    let open_segment = |out: &mut String, tip: &str| {
        if linked {
            let _ = write!(
                out,
                "<g role=\"img\" aria-label=\"{}\">{}",
                esc(tip),
                title_el(tip)
            );
        } else {
            let _ = write!(out, "<g>{}", title_el(tip));
        }
    };

    let _ = writeln!(body, "<g class=\"ring-dimensions\">");
    for (d, &(a0, a1)) in w.dimensions.iter().zip(&dim_spans) {
        let band = band_of(d.band, d.score_pct);
        any_no_data |= band.is_none();
        let fill = cv.fill(band);
        let name = clean(&d.name);
        open_segment(
            &mut body,
            &format!("{name}: {}", score_phrase_or(d.score_pct, band, &d.note)),
        );
        let _ = writeln!(
            body,
            "<path d=\"{}\" fill=\"{fill}\" {separator}/>",
            ring_segment(r_hole, r_dim, a0, a1)
        );
        let sweep = text_sweep(a0, a1);
        let layouts = dim_layouts(&name, arc_reads_clockwise((a0 + a1) / 2.0));
        let chosen = layouts
            .iter()
            .find(|l| layout_needs(l, sweep, WHEEL_DIM_FONT) <= r)
            .unwrap_or(&layouts[0]);
        let style = ring_text_style(band, WHEEL_DIM_FONT);
        for (text, frac) in chosen {
            let avail = sweep * frac * r - 8.0;
            let (t, _) = fit(text, avail, WHEEL_DIM_FONT, false);
            if !t.is_empty() {
                arc_text(&mut cv, &mut body, &t, frac * r, a0, a1, &style);
            }
        }
        body.push_str("</g>\n");
    }
    body.push_str("</g>\n");

    // Middle ring: sub-dimensions, with the full name, its initials or a shortened name.
    let _ = writeln!(body, "<g class=\"ring-subdimensions\">");
    for &(d, s, a0, a1) in &sub_spans {
        let band = band_of(s.band, s.score_pct);
        any_no_data |= band.is_none();
        let fill = cv.fill(band);
        let name = clean(&s.name);
        open_segment(
            &mut body,
            &format!(
                "{name} ({}): {}",
                clean(&d.name),
                score_phrase_or(s.score_pct, band, &s.note)
            ),
        );
        let _ = writeln!(
            body,
            "<path d=\"{}\" fill=\"{fill}\" {separator}/>",
            ring_segment(r_dim, r_sub, a0, a1)
        );
        let mid_r = (r_dim + r_sub) / 2.0;
        let avail = text_sweep(a0, a1) * mid_r - 6.0;
        let text = if text_w(&name, WHEEL_SUB_FONT, false) <= avail {
            name.clone()
        } else {
            match initials(&name) {
                Some(i) if text_w(&i, WHEEL_SUB_FONT, false) <= avail => i,
                _ => fit(&name, avail, WHEEL_SUB_FONT, false).0,
            }
        };
        if !text.is_empty() {
            let style = ring_text_style(band, WHEEL_SUB_FONT);
            arc_text(&mut cv, &mut body, &text, mid_r, a0, a1, &style);
        }
        body.push_str("</g>\n");
    }
    body.push_str("</g>\n");

    // Outer ring and the category labels around it.
    let _ = writeln!(body, "<g class=\"ring-categories\">");
    let badge_r = 7.5;
    let badge_at = (r_sub + r) / 2.0;
    let badge_fits = step * badge_at >= 2.0 * badge_r + 3.0 && (r - r_sub) >= 2.0 * badge_r + 3.0;
    for leaf in &leaves {
        let c = leaf.cat;
        let score = finite(c.score_pct);
        let band = band_of(c.band, score);
        any_no_data |= band.is_none();
        let fill = cv.fill(band);
        let name = clean(&c.name);
        let tip = format!(
            "{name} ({}, {}): {}",
            clean(&leaf.sub.name),
            clean(&leaf.dim.name),
            score_phrase_or(score, band, &c.note)
        );
        let link = safe_href(&c.href);
        if let Some(h) = link {
            open_link(&mut body, h, &tip);
            let _ = write!(body, "<g>{}", title_el(&tip));
        } else {
            open_segment(&mut body, &tip);
        }
        let _ = write!(
            body,
            "<path d=\"{}\" fill=\"{fill}\" {separator}/>",
            ring_segment(r_sub, r, leaf.a0, leaf.a1)
        );
        let mid = (leaf.a0 + leaf.a1) / 2.0;
        let badge = match (band, badge_fits) {
            (Some(b), true) => Some((polar(badge_at, mid), b)),
            _ => None,
        };
        // In a link the band digit is drawn after it (below): a link's visible text must be
        // part of its name (WCAG 2.5.3), and "4 Water and Sanitation" is not.
        match badge {
            Some(((x, y), b)) if link.is_none() => band_badge(&mut body, x, y, b, badge_r),
            _ => body.push('\n'),
        }

        // Radial label: reads outwards on the right half; on the left half it is turned half a
        // turn and anchored at its end, so it still reads left to right and still starts at the ring.
        let m = mid.rem_euclid(TAU);
        let right = m < PI;
        let deg = mid.to_degrees() - if right { 90.0 } else { 270.0 };
        let (ax, ay) = polar(label_r, mid);
        let lines = &leaf.lines;
        let k = lines.len() as f64;
        let width = lines
            .iter()
            .map(|l| text_w(l, WHEEL_LABEL_FONT, false))
            .fold(0.0, f64::max);
        let _ = write!(
            body,
            "<text transform=\"translate({} {}) rotate({})\" font-size=\"{}\" text-anchor=\"{}\" fill=\"{TEXT_COLOUR}\">",
            n(ax),
            n(ay),
            n(deg),
            n(WHEEL_LABEL_FONT),
            if right { "start" } else { "end" }
        );
        // Lines are separated by a space between the tspans, so the label's text reads
        // "Water and Sanitation", not "Water andSanitation". The space ends the line before it:
        // end-anchored lines move right by its width to stay flush with the ring.
        let space = text_w(" ", WHEEL_LABEL_FONT, false);
        for (i, line) in lines.iter().enumerate() {
            let y = (i as f64 - (k - 1.0) / 2.0) * WHEEL_LINE + 0.35 * WHEEL_LABEL_FONT;
            let last = i + 1 == lines.len();
            let x = if right || last { 0.0 } else { space };
            let _ = write!(
                body,
                "<tspan x=\"{}\" y=\"{}\">{}</tspan>{}",
                n(x),
                n(y),
                esc(line),
                if last { "" } else { " " }
            );
        }
        body.push_str("</text></g>");
        if link.is_some() {
            body.push_str("</a>");
            if let Some(((x, y), b)) = badge {
                // Not read (the link's name states the band) and not in the pointer's way.
                body.push_str("<g aria-hidden=\"true\" pointer-events=\"none\">");
                band_badge(&mut body, x, y, b, badge_r);
                body.push_str("</g>");
            }
        }
        body.push('\n');

        // Track the rotated label box so the viewBox can hug the drawing.
        let (x0, x1) = if right { (0.0, width) } else { (-width, 0.0) };
        let half = k * WHEEL_LINE / 2.0;
        let rad = deg.to_radians();
        for (lx, ly) in [(x0, -half), (x1, -half), (x0, half), (x1, half)] {
            let px = ax + lx * rad.cos() - ly * rad.sin();
            let py = ay + lx * rad.sin() + ly * rad.cos();
            bbox = (
                bbox.0.min(px),
                bbox.1.min(py),
                bbox.2.max(px),
                bbox.3.max(py),
            );
        }
    }
    body.push_str("</g>\n");
    cv.body = body;

    let pad = 4.0;
    let (minx, miny, maxx, _) = (bbox.0 - pad, bbox.1 - pad, bbox.2 + pad, bbox.3);
    let width = maxx - minx;
    let key_top = bbox.3 + 12.0;
    let key_h = band_key(
        &mut cv,
        &[1, 2, 3, 4],
        match (any_no_data, w.grey_label.is_empty()) {
            (false, _) => GreyEntry::None,
            (true, true) => GreyEntry::NoData,
            (true, false) => GreyEntry::Label(&w.grey_label),
        },
        (minx + maxx) / 2.0,
        key_top,
        width - 8.0,
        WHEEL_LABEL_FONT,
    );
    let height = key_top + key_h + pad - miny;

    let summary: Vec<String> = w
        .dimensions
        .iter()
        .map(|d| {
            let band = band_of(d.band, d.score_pct);
            format!(
                "{}: {}",
                clean(&d.name),
                score_phrase_or(d.score_pct, band, &d.note)
            )
        })
        .collect();
    let desc = format!("{} {}.", clean(&w.desc), summary.join("; "));
    cv.finish(
        "wheel",
        (minx, miny, width, height),
        Naming::TitleDesc(&w.title, desc.trim()),
    )
}

// ---------------------------------------------------------------------------------------------
// Bullet
// ---------------------------------------------------------------------------------------------

/// Small horizontal performance-to-target bar for a table cell (160 × 24 units).
///
/// A 0–100 % track
/// filled to `achievement_pct` in the band colour and pattern, ticks at the band limits 33, 66 and
/// 95 %, and `label` to the right. Named by `aria-label` (the label text) because it is tiny.
/// `None` draws a hatched grey "no benchmark" track.
pub fn bullet(b: &Bullet) -> String {
    const W: f64 = 160.0;
    const H: f64 = 24.0;
    const X0: f64 = 1.0;
    const TRACK_W: f64 = 60.0;
    const FONT: f64 = 11.0;
    let mut cv = Canvas::new(&b.id);
    let pct = finite(b.achievement_pct);
    let label = clean(&b.label);
    let label = if label.is_empty() {
        pct.map_or_else(|| word(|w| &w.no_benchmark), pct_text)
    } else {
        label
    };
    let mut body = String::new();
    match pct {
        Some(p) => {
            let band = band_of(b.band, Some(p));
            let _ = write!(
                body,
                "<rect x=\"{}\" y=\"7\" width=\"{}\" height=\"10\" fill=\"{TRACK_COLOUR}\"/>",
                n(X0),
                n(TRACK_W)
            );
            let fw = p.clamp(0.0, 100.0) / 100.0 * TRACK_W;
            if fw > 0.0 {
                // A profile has a bullet per KPI: a solid fill keeps each one small, and the
                // band is printed beside it, so colour is never the only cue.
                let fill = band.map_or(NO_DATA_COLOUR, band_colour);
                let _ = write!(
                    body,
                    "<rect x=\"{}\" y=\"7\" width=\"{}\" height=\"10\" fill=\"{fill}\"/>",
                    n(X0),
                    n(fw)
                );
            }
        }
        None => {
            let fill = cv.fill(None);
            let _ = write!(
                body,
                "<rect x=\"{}\" y=\"7\" width=\"{}\" height=\"10\" fill=\"{fill}\" stroke=\"{NO_DATA_COLOUR}\" stroke-width=\"0.75\"/>",
                n(X0),
                n(TRACK_W)
            );
        }
    }
    // Ticks stand out above and below the track so they stay visible on every fill.
    let mut ticks = String::new();
    for t in [33.0, 66.0, 95.0] {
        let x = n(X0 + t / 100.0 * TRACK_W);
        let _ = write!(ticks, "M{x} 3V7M{x} 17V21");
    }
    let _ = write!(body, "<path d=\"{ticks}\" stroke=\"{MUTED_TEXT_COLOUR}\"/>");
    let lx = X0 + TRACK_W + 5.0;
    let (t, cut) = fit(&label, W - lx - 1.0, FONT, false);
    if cut {
        let _ = write!(body, "<g>{}", title_el(&label));
    }
    let _ = write!(
        body,
        "<text x=\"{}\" y=\"16\" font-size=\"{}\" fill=\"{TEXT_COLOUR}\">{}</text>",
        n(lx),
        n(FONT),
        esc(&t)
    );
    if cut {
        body.push_str("</g>");
    }
    cv.body = body;
    cv.finish_inline("bullet", (0.0, 0.0, W, H), Naming::Label(&label))
}

// ---------------------------------------------------------------------------------------------
// Bar chart
// ---------------------------------------------------------------------------------------------

/// Maps a value to an x or y coordinate on a linear axis.
#[derive(Clone, Copy)]
struct Scale {
    d0: f64,
    d1: f64,
    r0: f64,
    r1: f64,
}

impl Scale {
    /// Position of `v`, kept inside the range so that absurd inputs (1e300, a domain that
    /// overflowed) still give short, finite coordinates.
    fn at(&self, v: f64) -> f64 {
        let span = self.d1 - self.d0;
        if !(span.abs() >= f64::MIN_POSITIVE && span.is_finite()) {
            return self.r0;
        }
        let p = self.r0 + (v - self.d0) / span * (self.r1 - self.r0);
        let (lo, hi) = (self.r0.min(self.r1), self.r0.max(self.r1));
        if p.is_nan() { self.r0 } else { p.clamp(lo, hi) }
    }
}

/// Axis domain from zero (or below it for negative data) to 5 % beyond the largest of the data
/// and the target, never empty.
fn value_domain(values: impl Iterator<Item = f64>, target: Option<f64>) -> (f64, f64) {
    let mut lo = 0.0f64;
    let mut hi = 0.0f64;
    // Capped well below f64::MAX so that padding and spans stay finite.
    for v in values.chain(target) {
        lo = lo.min(v.max(-1e300));
        hi = hi.max(v.min(1e300));
    }
    let lo = if lo < 0.0 { lo * 1.05 } else { 0.0 };
    let hi = hi * 1.05;
    if hi - lo > 0.0 && (hi - lo).is_finite() {
        (lo, hi)
    } else {
        (lo, lo + 1.0)
    }
}

/// Horizontal bar chart comparing one value across rows (e.g. cities), in the given order.
///
/// Each row: label left, bar, `display` text right
/// of the bar, band number on the bar where it fits, a dashed target line with its label when
/// `target` is set, an x axis from 0 (or the negative minimum) to 105 % of the largest of values and
/// target with three to five ticks, and a key for the bands shown. Rows have a constant height, so
/// the chart grows with the number of bars. `highlight` rows get bold text and a tinted background.
pub fn bar_chart(c: &BarChart) -> String {
    if c.bars.is_empty() {
        return empty_chart("bar", &c.id, &c.title, &c.desc);
    }
    // Every text is 12 units in a 384-unit width: 10 px when squeezed to a 320 px screen.
    const W: f64 = 384.0;
    const FONT: f64 = 12.0;
    const ROW: f64 = 20.0;
    const BAR_H: f64 = 13.0;
    const TICK_FONT: f64 = 12.0;
    let mut cv = Canvas::new(&c.id);
    cv.linked = c.bars.iter().any(|b| safe_href(&b.href).is_some());
    let target = c
        .target
        .as_ref()
        .filter(|(v, _)| v.is_finite())
        .map(|(v, l)| (*v, clean(l)));
    let values: Vec<Option<f64>> = c.bars.iter().map(|b| finite(Some(b.value))).collect();
    let (lo, hi) = value_domain(
        values.iter().flatten().copied(),
        target.as_ref().map(|t| t.0),
    );

    let labels: Vec<String> = c.bars.iter().map(|b| clean(&b.label)).collect();
    let displays: Vec<String> = c
        .bars
        .iter()
        .zip(&values)
        .map(|(b, v)| {
            let d = clean(&b.display);
            if v.is_none() && d.is_empty() {
                word(|w| &w.no_data)
            } else {
                d
            }
        })
        .collect();
    let label_w = c
        .bars
        .iter()
        .zip(&labels)
        .map(|(b, l)| text_w(l, FONT, b.highlight))
        .fold(0.0, f64::max)
        .min(W * 0.36);
    let value_w = c
        .bars
        .iter()
        .zip(&displays)
        .map(|(b, d)| text_w(d, FONT, b.highlight))
        .fold(0.0, f64::max)
        .min(W * 0.22);
    let plot_x0 = label_w + 8.0;
    let plot_x1 = W - value_w - 6.0;
    let sx = Scale {
        d0: lo,
        d1: hi,
        r0: plot_x0,
        r1: plot_x1,
    };
    let top = if target.is_some() { 20.0 } else { 4.0 };
    let rows_h = c.bars.len() as f64 * ROW;
    let axis_y = top + rows_h + 2.0;
    let (ticks, decimals) = nice_ticks(lo, hi);

    let mut body = String::new();
    // Grid first, so bars paint over it.
    let _ = writeln!(body, "<g class=\"grid\" aria-hidden=\"true\">");
    for &t in &ticks {
        let x = sx.at(t);
        let _ = writeln!(
            body,
            "<path d=\"M{} {}V{}\" stroke=\"{GRID_COLOUR}\" stroke-width=\"1\"/>",
            n(x),
            n(top),
            n(axis_y)
        );
    }
    body.push_str("</g>\n");

    // Pass 1: row tints, bars and band numbers.
    let mut bands_seen = [false; 5];
    let mut no_benchmark = false;
    let zero_x = sx.at(clamp_or_mid(0.0, lo, hi));
    let mut ends: Vec<f64> = Vec::with_capacity(c.bars.len());
    // Bars and band numbers repeat what each row's text says, so they are hidden from screen
    // readers (which only look inside a chart when it has links).
    let _ = writeln!(body, "<g class=\"bars\" aria-hidden=\"true\">");
    for (i, (bar, v)) in c.bars.iter().zip(&values).enumerate() {
        let y = top + i as f64 * ROW;
        if bar.highlight {
            let _ = writeln!(
                body,
                "<rect x=\"0\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{HIGHLIGHT_BG}\"/>",
                n(y),
                n(W),
                n(ROW)
            );
        }
        let Some(v) = v else {
            ends.push(zero_x);
            continue;
        };
        let band = band_of(bar.band, None);
        let fill = match band {
            Some(b) => {
                bands_seen[usize::from(b)] = true;
                cv.fill(band)
            }
            None => {
                no_benchmark = true;
                NO_DATA_COLOUR.to_owned()
            }
        };
        let by = y + (ROW - BAR_H) / 2.0;
        let vx = sx.at(*v);
        let (x0, x1) = (vx.min(zero_x), vx.max(zero_x));
        ends.push(x1);
        let _ = writeln!(
            body,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\"/>",
            n(x0),
            n(by),
            n(x1 - x0),
            n(BAR_H)
        );
        let r = 6.5;
        if let (Some(b), true) = (band, x1 - x0 >= 2.0 * r + 4.0) {
            // Sit the number at the far end of the bar, where the eye lands.
            let cx = if *v < 0.0 { x0 + r + 1.0 } else { x1 - r - 1.0 };
            band_badge(&mut body, cx, by + BAR_H / 2.0, b, r);
        }
    }
    body.push_str("</g>\n");

    // The target line goes over the bars but under the texts, whose halo interrupts it, so it
    // can cross a bar yet never strike through a value.
    if let Some((tv, tl)) = &target {
        let x = sx.at(*tv);
        let _ = writeln!(
            body,
            "<path d=\"M{} {}V{}\" stroke=\"{TEXT_COLOUR}\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>",
            n(x),
            n(top - 4.0),
            n(axis_y)
        );
        if !tl.is_empty() {
            let (t, cut) = fit(tl, W, TICK_FONT, false);
            let half = text_w(&t, TICK_FONT, false) / 2.0;
            let tx = clamp_or_mid(x, half, W - half);
            if cut {
                let _ = write!(body, "<g>{}", title_el(tl));
            }
            let _ = write!(
                body,
                "<text x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"middle\" fill=\"{TEXT_COLOUR}\">{}</text>",
                n(tx),
                n(top - 7.0),
                n(TICK_FONT),
                esc(&t)
            );
            body.push_str(if cut { "</g>\n" } else { "\n" });
        }
    }

    // Pass 2: texts, one group (or link) per row.
    for (i, ((bar, v), (label, display))) in c
        .bars
        .iter()
        .zip(&values)
        .zip(labels.iter().zip(&displays))
        .enumerate()
    {
        let y = top + i as f64 * ROW;
        let weight = if bar.highlight {
            " font-weight=\"700\""
        } else {
            ""
        };
        let band = band_of(bar.band, None);
        let spoken = match band {
            Some(b) => format!("{label}: {display} ({})", band_words(b)),
            None => format!("{label}: {display}"),
        };
        let link = safe_href(&bar.href);
        if let Some(h) = link {
            open_link(&mut body, h, &spoken);
        }
        let (lt, lcut) = fit(label, label_w, FONT, bar.highlight);
        body.push_str("<g>");
        if lcut {
            body.push_str(&title_el(&spoken));
        }
        if link.is_some() {
            // A row-high hit area: the text alone would be a small target for a finger.
            let _ = write!(
                body,
                "<rect x=\"0\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#fff\" fill-opacity=\"0\"/>",
                n(y),
                n(W),
                n(ROW)
            );
        }
        let text_y = y + ROW / 2.0 + FONT * 0.35;
        let _ = write!(
            body,
            "<text x=\"0\" y=\"{}\" font-size=\"{}\"{weight} fill=\"{TEXT_COLOUR}\">{}</text>",
            n(text_y),
            n(FONT),
            esc(&lt)
        );
        let (dt, _) = fit(display, value_w, FONT, bar.highlight);
        let colour = if v.is_some() {
            TEXT_COLOUR
        } else {
            MUTED_TEXT_COLOUR
        };
        let halo = if bar.highlight { HIGHLIGHT_BG } else { "#fff" };
        // In a linked row the value is drawn after the link: the link's visible text is then the
        // name its accessible name starts with (WCAG 2.5.3); the name already says the value, so
        // the drawn (maybe shortened) value is hidden from assistive tech, and clicks on it fall
        // through to the row's hit area.
        if link.is_some() {
            body.push_str("</g></a>");
        }
        let value_attrs = if link.is_some() {
            " aria-hidden=\"true\" pointer-events=\"none\""
        } else {
            ""
        };
        let _ = write!(
            body,
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\"{weight} fill=\"{colour}\" stroke=\"{halo}\" stroke-width=\"4\" stroke-linejoin=\"round\" paint-order=\"stroke\"{value_attrs}>{}</text>",
            n(ends[i] + 4.0),
            n(text_y),
            n(FONT),
            esc(&dt)
        );
        if link.is_none() {
            body.push_str("</g>");
        }
        body.push('\n');
    }

    // Axis line and tick labels; labels are thinned when they would touch. The row texts already
    // state every value, so the axis is for the eye only.
    let _ = writeln!(body, "<g class=\"axis\" aria-hidden=\"true\">");
    let _ = writeln!(
        body,
        "<path d=\"M{} {}H{}\" stroke=\"{MUTED_TEXT_COLOUR}\" stroke-width=\"1\"/>",
        n(plot_x0),
        n(axis_y),
        n(plot_x1)
    );
    let tick_texts: Vec<String> = ticks.iter().map(|&t| axis_num(t, decimals)).collect();
    let widest = tick_texts
        .iter()
        .map(|t| text_w(t, TICK_FONT, false))
        .fold(0.0, f64::max);
    let spacing = if ticks.len() > 1 {
        (sx.at(ticks[1]) - sx.at(ticks[0])).abs()
    } else {
        f64::INFINITY
    };
    let every = if widest + 6.0 > spacing { 2 } else { 1 };
    for (i, (&t, text)) in ticks.iter().zip(&tick_texts).enumerate() {
        let x = sx.at(t);
        let _ = writeln!(
            body,
            "<path d=\"M{} {}v4\" stroke=\"{MUTED_TEXT_COLOUR}\" stroke-width=\"1\"/>",
            n(x),
            n(axis_y)
        );
        if i % every == 0 {
            let half = text_w(text, TICK_FONT, false) / 2.0;
            let x = clamp_or_mid(x, half, W - half);
            let _ = writeln!(
                body,
                "<text x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"middle\" fill=\"{MUTED_TEXT_COLOUR}\">{}</text>",
                n(x),
                n(axis_y + 4.0 + TICK_FONT),
                n(TICK_FONT),
                esc(text)
            );
        }
    }
    body.push_str("</g>\n");
    let mut bottom = axis_y + 4.0 + TICK_FONT + 4.0;
    let unit = clean(&c.unit);
    if !unit.is_empty() {
        // Centred under the plot, shifted inwards when the unit is wider than the plot.
        let (u, cut) = fit(&unit, W - 4.0, TICK_FONT, false);
        let half = text_w(&u, TICK_FONT, false) / 2.0;
        let ux = clamp_or_mid((plot_x0 + plot_x1) / 2.0, half + 2.0, W - half - 2.0);
        if cut {
            let _ = write!(body, "<g>{}", title_el(&unit));
        }
        let _ = write!(
            body,
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"middle\" fill=\"{MUTED_TEXT_COLOUR}\">{}</text>",
            n(ux),
            n(bottom + TICK_FONT),
            n(TICK_FONT),
            esc(&u)
        );
        body.push_str(if cut { "</g>\n" } else { "\n" });
        bottom += TICK_FONT + 4.0;
    }

    cv.body = body;

    let bands: Vec<u8> = (1..=4u8).filter(|&b| bands_seen[usize::from(b)]).collect();
    let grey = if no_benchmark {
        GreyEntry::NoBenchmark
    } else {
        GreyEntry::None
    };
    let key_h = if bands.is_empty() && grey == GreyEntry::None {
        0.0
    } else {
        band_key(
            &mut cv,
            &bands,
            grey,
            W / 2.0,
            bottom + 4.0,
            W - 4.0,
            TICK_FONT,
        ) + 4.0
    };
    let height = bottom + key_h + 2.0;
    cv.finish(
        "bar",
        (0.0, 0.0, W, height),
        Naming::TitleDesc(&c.title, &c.desc),
    )
}

// ---------------------------------------------------------------------------------------------
// Line chart
// ---------------------------------------------------------------------------------------------

/// Marker shape `k` (cycled) centred on (x, y): distinct shapes so series differ without colour.
fn marker(out: &mut String, k: usize, x: f64, y: f64, colour: &str) {
    let s = 4.0;
    let attrs = format!("fill=\"{colour}\" stroke=\"#fff\" stroke-width=\"1\"");
    let _ = match k % 6 {
        0 => writeln!(
            out,
            "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" {attrs}/>",
            n(x),
            n(y),
            n(s * 0.9)
        ),
        1 => writeln!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" {attrs}/>",
            n(x - s * 0.8),
            n(y - s * 0.8),
            n(s * 1.6),
            n(s * 1.6)
        ),
        2 => writeln!(
            out,
            "<path d=\"M{} {}L{} {}L{} {}Z\" {attrs}/>",
            n(x),
            n(y - s * 1.1),
            n(x + s),
            n(y + s * 0.8),
            n(x - s),
            n(y + s * 0.8)
        ),
        3 => writeln!(
            out,
            "<path d=\"M{} {}L{} {}L{} {}L{} {}Z\" {attrs}/>",
            n(x),
            n(y - s * 1.15),
            n(x + s * 1.15),
            n(y),
            n(x),
            n(y + s * 1.15),
            n(x - s * 1.15),
            n(y)
        ),
        4 => writeln!(
            out,
            "<path d=\"M{} {}L{} {}L{} {}Z\" {attrs}/>",
            n(x - s),
            n(y - s * 0.8),
            n(x + s),
            n(y - s * 0.8),
            n(x),
            n(y + s * 1.1)
        ),
        _ => writeln!(
            out,
            "<path d=\"M{} {}L{} {}M{} {}L{} {}\" stroke=\"{colour}\" stroke-width=\"2.2\"/>",
            n(x - s),
            n(y - s),
            n(x + s),
            n(y + s),
            n(x - s),
            n(y + s),
            n(x + s),
            n(y - s)
        ),
    };
}

/// Spreads label positions (sorted by wish) at least `gap` apart inside [lo, hi], moving each as
/// little as possible: push down past crowding, then pull back up from the bottom edge.
fn spread(wishes: &[f64], gap: f64, lo: f64, hi: f64) -> Vec<f64> {
    let mut order: Vec<usize> = (0..wishes.len()).collect();
    order.sort_by(|&a, &b| wishes[a].total_cmp(&wishes[b]).then(a.cmp(&b)));
    let mut pos: Vec<f64> = order
        .iter()
        .map(|&i| clamp_or_mid(wishes[i], lo, hi))
        .collect();
    for i in 1..pos.len() {
        pos[i] = pos[i].max(pos[i - 1] + gap);
    }
    if let Some(&last) = pos.last()
        && last > hi
    {
        let mut limit = hi;
        for p in pos.iter_mut().rev() {
            if *p > limit {
                *p = limit;
            }
            limit = *p - gap;
        }
    }
    let mut out = vec![0.0; wishes.len()];
    for (slot, &i) in order.iter().enumerate() {
        out[i] = pos[slot];
    }
    out
}

/// Small multi-series line chart of values over years.
///
/// Integer year ticks on x, y from 0 (or the negative
/// minimum) with three to five ticks, distinct marker shapes per series, each series labelled at
/// the right end of the plot (nudged apart, with a leader when moved), and an optional dashed
/// horizontal target line with its label.
pub fn line_chart(c: &LineChart) -> String {
    let series: Vec<(String, Vec<(i32, f64)>)> = c
        .series
        .iter()
        .map(|s| {
            let mut pts: Vec<(i32, f64)> = s
                .points
                .iter()
                .copied()
                .filter(|(_, v)| v.is_finite())
                .collect();
            pts.sort_by_key(|p| p.0);
            (clean(&s.label), pts)
        })
        .filter(|(_, p)| !p.is_empty())
        .collect();
    if series.is_empty() {
        return empty_chart("line", &c.id, &c.title, &c.desc);
    }
    const W: f64 = 384.0;
    const FONT: f64 = 12.0;
    const TICK_FONT: f64 = 12.0;
    const LINE_GAP: f64 = 14.5;
    let mut cv = Canvas::new(&c.id);
    let target = c
        .target
        .as_ref()
        .filter(|(v, _)| v.is_finite())
        .map(|(v, l)| (*v, clean(l)));

    let all = series.iter().flat_map(|(_, p)| p.iter());
    let y_min = all.clone().map(|p| i64::from(p.0)).min().unwrap_or(0);
    let y_max = all.clone().map(|p| i64::from(p.0)).max().unwrap_or(0);
    let (x_lo, x_hi) = if y_min == y_max {
        (y_min - 1, y_max + 1)
    } else {
        (y_min, y_max)
    };
    let (lo, hi) = value_domain(all.map(|p| p.1), target.as_ref().map(|t| t.0));
    let (ticks, decimals) = nice_ticks(lo, hi);
    let tick_texts: Vec<String> = ticks.iter().map(|&t| axis_num(t, decimals)).collect();

    let left = tick_texts
        .iter()
        .map(|t| text_w(t, TICK_FONT, false))
        .fold(0.0, f64::max)
        + 8.0;
    let label_w = series
        .iter()
        .map(|(l, _)| text_w(l, FONT, false))
        .fold(0.0, f64::max)
        .min(W * 0.3);
    let right = W - label_w - 22.0;
    let top = 22.0;
    // Taller when many series need room for their end labels.
    let plot_h = (170.0f64).max(series.len() as f64 * LINE_GAP + 10.0);
    let bottom = top + plot_h;
    let height = bottom + TICK_FONT + 12.0;
    let sx = Scale {
        d0: x_lo as f64,
        d1: x_hi as f64,
        r0: left + 8.0,
        r1: right - 8.0,
    };
    let sy = Scale {
        d0: lo,
        d1: hi,
        r0: bottom,
        r1: top,
    };

    let mut body = String::new();
    let _ = writeln!(body, "<g class=\"grid\" aria-hidden=\"true\">");
    for (&t, text) in ticks.iter().zip(&tick_texts) {
        let y = sy.at(t);
        let _ = writeln!(
            body,
            "<path d=\"M{} {}H{}\" stroke=\"{GRID_COLOUR}\" stroke-width=\"1\"/><text x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"end\" fill=\"{MUTED_TEXT_COLOUR}\">{}</text>",
            n(left),
            n(y),
            n(right),
            n(left - 4.0),
            n(y + TICK_FONT * 0.35),
            n(TICK_FONT),
            esc(text)
        );
    }
    body.push_str("</g>\n");
    let _ = writeln!(
        body,
        "<path d=\"M{} {}H{}\" stroke=\"{MUTED_TEXT_COLOUR}\" stroke-width=\"1\"/>",
        n(left),
        n(bottom),
        n(right)
    );

    // Year ticks: the smallest round step whose labels have room (about 34 units each).
    let span = x_hi - x_lo;
    let room = (((right - left) / 34.0).floor() as i64).max(1);
    let mut step = 1i64;
    for s in [1i64, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000] {
        step = s;
        if span / s < room {
            break;
        }
    }
    while span / step >= room && step < i64::MAX / 10 {
        step *= 10;
    }
    let mut year = x_lo.div_euclid(step) * step;
    if year < x_lo {
        year += step;
    }
    while year <= x_hi {
        let x = sx.at(year as f64);
        let _ = writeln!(
            body,
            "<path d=\"M{} {}v4\" stroke=\"{MUTED_TEXT_COLOUR}\" stroke-width=\"1\"/><text x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"middle\" fill=\"{MUTED_TEXT_COLOUR}\">{year}</text>",
            n(x),
            n(bottom),
            n(x),
            n(bottom + 4.0 + TICK_FONT),
            n(TICK_FONT)
        );
        year += step;
    }

    let unit = clean(&c.unit);
    if !unit.is_empty() {
        let (u, cut) = fit(&unit, W - 4.0, TICK_FONT, false);
        if cut {
            let _ = write!(body, "<g>{}", title_el(&unit));
        }
        let _ = write!(
            body,
            "<text x=\"0\" y=\"{}\" font-size=\"{}\" fill=\"{MUTED_TEXT_COLOUR}\">{}</text>",
            n(TICK_FONT),
            n(TICK_FONT),
            esc(&u)
        );
        body.push_str(if cut { "</g>\n" } else { "\n" });
    }

    if let Some((tv, tl)) = &target {
        let y = sy.at(*tv);
        let _ = writeln!(
            body,
            "<path d=\"M{} {}H{}\" stroke=\"{TEXT_COLOUR}\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>",
            n(left),
            n(y),
            n(right)
        );
        if !tl.is_empty() {
            let (t, cut) = fit(tl, right - left - 8.0, TICK_FONT, false);
            // Above the line unless its capitals would reach the unit caption at the top.
            let ty = if y - 4.0 - 0.75 * TICK_FONT < TICK_FONT + 3.0 {
                y + 4.0 + TICK_FONT
            } else {
                y - 4.0
            };
            if cut {
                let _ = write!(body, "<g>{}", title_el(tl));
            }
            let _ = write!(
                body,
                "<text x=\"{}\" y=\"{}\" font-size=\"{}\" fill=\"{TEXT_COLOUR}\" stroke=\"#fff\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\">{}</text>",
                n(left + 4.0),
                n(ty),
                n(TICK_FONT),
                esc(&t)
            );
            body.push_str(if cut { "</g>\n" } else { "\n" });
        }
    }

    let ends: Vec<f64> = series
        .iter()
        .map(|(_, p)| sy.at(p.last().map_or(0.0, |q| q.1)))
        .collect();
    let label_ys = spread(&ends, LINE_GAP, top, bottom);
    for (k, ((label, pts), ly)) in series.iter().zip(&label_ys).enumerate() {
        // Shapes and colours both repeat after six; shifting the colour on each round keeps every
        // shape-and-colour pair distinct.
        let colour = SERIES_COLOURS[(k + k / SERIES_COLOURS.len()) % SERIES_COLOURS.len()];
        let _ = writeln!(body, "<g class=\"series\">");
        if pts.len() > 1 {
            let d: Vec<String> = pts
                .iter()
                .enumerate()
                .map(|(i, &(yr, v))| {
                    format!(
                        "{}{} {}",
                        if i == 0 { "M" } else { "L" },
                        n(sx.at(f64::from(yr))),
                        n(sy.at(v))
                    )
                })
                .collect();
            let _ = writeln!(
                body,
                "<path d=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" stroke-linejoin=\"round\"/>",
                d.join("")
            );
        }
        for &(yr, v) in pts {
            marker(&mut body, k, sx.at(f64::from(yr)), sy.at(v), colour);
        }
        let (lx_year, lv) = pts[pts.len() - 1];
        let (px, py) = (sx.at(f64::from(lx_year)), sy.at(lv));
        let label_x = right + 4.0;
        if (py - ly).abs() > 2.0 || px < right - 10.0 {
            let _ = writeln!(
                body,
                "<path d=\"M{} {}L{} {}\" stroke=\"{colour}\" stroke-width=\"1\" stroke-dasharray=\"2 2\"/>",
                n(px + 5.0),
                n(py),
                n(label_x),
                n(*ly)
            );
        }
        marker(&mut body, k, label_x + 6.0, *ly, colour);
        let (t, cut) = fit(label, label_w, FONT, false);
        let _ = write!(body, "<g>");
        if cut {
            body.push_str(&title_el(label));
        }
        let _ = writeln!(
            body,
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\" fill=\"{colour}\">{}</text></g>",
            n(label_x + 13.0),
            n(ly + FONT * 0.35),
            n(FONT),
            esc(&t)
        );
        body.push_str("</g>\n");
    }
    cv.body = body;

    let summary: Vec<String> = series
        .iter()
        .map(|(l, p)| {
            let (y0, v0) = p[0];
            let (y1, v1) = p[p.len() - 1];
            if p.len() == 1 {
                format!("{l}: {y0} {}", value_num(v0))
            } else {
                format!("{l}: {y0} {} → {y1} {}", value_num(v0), value_num(v1))
            }
        })
        .collect();
    let desc = format!("{} {}.", clean(&c.desc), summary.join("; "));
    cv.finish(
        "line",
        (0.0, 0.0, W, height),
        Naming::TitleDesc(&c.title, desc.trim()),
    )
}

// ---------------------------------------------------------------------------------------------
// Score bars
// ---------------------------------------------------------------------------------------------

/// Compact stacked list of labelled score bars (e.g. the three dimension scores on a city card).
///
/// Each row: label above a 0–100 % bar in band colour and pattern with its band number, and "56 %" to the
/// right; a missing score reads "not scored". The `<desc>` lists every score.
pub fn score_bars(id: &str, title: &str, bars: &[ScoreBar]) -> String {
    if bars.is_empty() {
        return empty_chart("scores", id, title, "");
    }
    const W: f64 = 300.0;
    const FONT: f64 = 12.0;
    const ROW: f64 = 38.0;
    const BAR_H: f64 = 14.0;
    let mut cv = Canvas::new(id);
    let texts: Vec<String> = bars
        .iter()
        .map(|b| finite(b.score_pct).map_or_else(|| word(|w| &w.not_scored), pct_text))
        .collect();
    let value_w = texts
        .iter()
        .map(|t| text_w(t, FONT, true))
        .fold(text_w("100 %", FONT, true), f64::max)
        .min(W * 0.4);
    let track_w = W - value_w - 8.0;
    let mut body = String::new();
    let mut summary = Vec::new();
    for (i, (b, value)) in bars.iter().zip(&texts).enumerate() {
        let y = i as f64 * ROW;
        let label = clean(&b.label);
        let pct = finite(b.score_pct);
        let band = band_of(b.band, pct);
        let phrase = score_phrase(pct, band);
        let phrase = if pct.is_none() && band.is_none() {
            word(|w| &w.not_scored)
        } else {
            phrase
        };
        summary.push(format!("{label}: {phrase}"));
        let (lt, _) = fit(&label, W, FONT, false);
        let _ = write!(
            body,
            "<g>{}<text x=\"0\" y=\"{}\" font-size=\"{}\" fill=\"{TEXT_COLOUR}\">{}</text>",
            title_el(&format!("{label}: {phrase}")),
            n(y + FONT),
            n(FONT),
            esc(&lt)
        );
        let by = y + FONT + 5.0;
        match pct {
            Some(p) => {
                let _ = write!(
                    body,
                    "<rect x=\"0\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{TRACK_COLOUR}\"/>",
                    n(by),
                    n(track_w),
                    n(BAR_H)
                );
                let fw = p.clamp(0.0, 100.0) / 100.0 * track_w;
                if fw > 0.0 {
                    let fill = cv.fill(band);
                    let _ = write!(
                        body,
                        "<rect x=\"0\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\"/>",
                        n(by),
                        n(fw),
                        n(BAR_H)
                    );
                    let r = 6.5;
                    if let (Some(bn), true) = (band, fw >= 2.0 * r + 4.0) {
                        body.push('\n');
                        band_badge(&mut body, fw - r - 1.0, by + BAR_H / 2.0, bn, r);
                    }
                }
            }
            None => {
                let fill = cv.fill(None);
                let _ = write!(
                    body,
                    "<rect x=\"0.5\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\" stroke=\"{NO_DATA_COLOUR}\" stroke-width=\"0.75\"/>",
                    n(by),
                    n(track_w - 1.0),
                    n(BAR_H)
                );
            }
        }
        let (vt, _) = fit(value, value_w, FONT, true);
        let _ = writeln!(
            body,
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\" font-weight=\"700\" fill=\"{}\">{}</text></g>",
            n(track_w + 6.0),
            n(by + BAR_H / 2.0 + FONT * 0.35),
            n(FONT),
            if pct.is_some() {
                TEXT_COLOUR
            } else {
                MUTED_TEXT_COLOUR
            },
            esc(&vt)
        );
    }
    cv.body = body;
    let height = bars.len() as f64 * ROW - 4.0;
    let desc = format!("{}.", summary.join("; "));
    cv.finish(
        "scores",
        (0.0, 0.0, W, height),
        Naming::TitleDesc(title, &desc),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    // ---- test tools ------------------------------------------------------------------------

    /// Fails with a message unless `cond` holds.
    fn ensure(cond: bool, msg: impl FnOnce() -> String) -> Result<(), String> {
        if cond { Ok(()) } else { Err(msg()) }
    }

    /// Text content and attribute values: no stray '>', only the five XML entities or numeric ones.
    fn check_text(t: &str) -> Result<(), String> {
        ensure(!t.contains('>'), || format!("stray '>' in text {t:?}"))?;
        for p in t.split('&').skip(1) {
            let ok = ["amp;", "lt;", "gt;", "quot;", "apos;"]
                .iter()
                .any(|e| p.starts_with(e))
                || (p.starts_with('#') && p.contains(';'));
            ensure(ok, || format!("bad entity in {t:?}"))?;
        }
        Ok(())
    }

    /// Stack-based well-formedness check over `<...>`: balanced and matching tags, one root,
    /// quoted attributes without duplicates, and only the five XML entities or numeric ones.
    fn well_formed(svg: &str) -> Result<(), String> {
        let mut stack: Vec<String> = Vec::new();
        let mut roots = 0;
        let mut rest = svg;
        while let Some(start) = rest.find('<') {
            let text = &rest[..start];
            check_text(text)?;
            ensure(!stack.is_empty() || text.trim().is_empty(), || {
                format!("text outside the root: {text:?}")
            })?;
            let end = start + rest[start..].find('>').ok_or("unclosed '<'")?;
            let tag = &rest[start + 1..end];
            ensure(!tag.contains('<'), || format!("'<' inside tag {tag:?}"))?;
            if let Some(name) = tag.strip_prefix('/') {
                let open = stack.pop();
                ensure(open.as_deref() == Some(name.trim()), || {
                    format!("</{name}> closes {open:?}")
                })?;
            } else {
                let self_closing = tag.ends_with('/');
                let body = tag.trim_end_matches('/');
                let name = body
                    .split_whitespace()
                    .next()
                    .ok_or("empty tag")?
                    .to_owned();
                ensure(
                    name.chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ':'),
                    || format!("bad tag name {name:?}"),
                )?;
                let attrs = &body[name.len()..];
                ensure(attrs.matches('"').count() % 2 == 0, || {
                    format!("unbalanced quotes in {tag:?}")
                })?;
                let mut seen = BTreeSet::new();
                for (i, chunk) in attrs.split('"').enumerate() {
                    if i % 2 == 1 {
                        check_text(chunk)?;
                    } else if let Some(key) = chunk.trim().strip_suffix('=') {
                        ensure(seen.insert(key.to_owned()), || {
                            format!("duplicate attribute {key} in {tag:?}")
                        })?;
                    } else {
                        ensure(chunk.trim().is_empty(), || {
                            format!("junk {chunk:?} in {tag:?}")
                        })?;
                    }
                }
                if stack.is_empty() {
                    roots += 1;
                }
                if !self_closing {
                    stack.push(name);
                }
            }
            rest = &rest[end + 1..];
        }
        check_text(rest)?;
        ensure(rest.trim().is_empty(), || "text after the root".to_owned())?;
        ensure(stack.is_empty(), || format!("unclosed tags {stack:?}"))?;
        ensure(roots == 1, || format!("{roots} root elements"))
    }

    fn assert_well_formed(svg: &str) {
        if let Err(e) = well_formed(svg) {
            panic!("{e} in {svg}");
        }
    }

    /// Values of every `attr="..."` occurrence.
    fn attr_values<'a>(svg: &'a str, attr: &str) -> Vec<&'a str> {
        let needle = format!(" {attr}=\"");
        svg.match_indices(&needle)
            .map(|(i, _)| {
                let from = i + needle.len();
                &svg[from..from + svg[from..].find('"').expect("closed attribute")]
            })
            .collect()
    }

    /// Ids are unique, start with the prefix, and every reference points at one of them.
    fn assert_ids(svg: &str, prefix: &str) -> BTreeSet<String> {
        let ids = attr_values(svg, "id");
        let set: BTreeSet<String> = ids.iter().map(|s| (*s).to_owned()).collect();
        assert_eq!(set.len(), ids.len(), "duplicate ids in {svg}");
        for id in &set {
            assert!(id.starts_with(&format!("{prefix}-")), "unprefixed id {id}");
        }
        let mut refs: Vec<String> = Vec::new();
        for v in attr_values(svg, "aria-labelledby") {
            refs.extend(v.split_whitespace().map(str::to_owned));
        }
        for v in attr_values(svg, "href") {
            if let Some(r) = v.strip_prefix('#') {
                refs.push(r.to_owned());
            }
        }
        for (i, _) in svg.match_indices("url(#") {
            let from = i + 5;
            refs.push(svg[from..from + svg[from..].find(')').unwrap()].to_owned());
        }
        for r in refs {
            assert!(set.contains(&r), "reference to missing id {r}");
        }
        set
    }

    /// Everything every chart must satisfy.
    fn assert_chart(svg: &str, prefix: &str, kind: &str) {
        assert_well_formed(svg);
        if kind == "bullet" {
            assert!(
                svg.starts_with("<svg viewBox=\""),
                "bullets are inline only"
            );
        } else {
            assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\""));
        }
        assert_eq!(svg.matches("<svg").count(), 1);
        assert!(svg.contains(&format!("class=\"chart chart-{kind}\"")));
        assert!(svg.contains("role=\"img\"") || svg.contains("role=\"group\""));
        assert!(!svg.contains(" width=\"100%\"") && !svg.contains("<svg width"));
        for attr in [
            "x",
            "y",
            "cx",
            "cy",
            "r",
            "width",
            "height",
            "d",
            "transform",
            "viewBox",
            "font-size",
        ] {
            for v in attr_values(svg, attr) {
                assert!(!v.contains("NaN") && !v.contains("inf"), "{attr}=\"{v}\"");
            }
        }
        let vb = attr_values(svg, "viewBox")[0];
        let nums: Vec<f64> = vb.split(' ').map(|v| v.parse().unwrap()).collect();
        assert!(
            nums.len() == 4 && nums[2] > 0.0 && nums[3] > 0.0,
            "viewBox {vb}"
        );
        assert_ids(svg, prefix);
        if !svg.contains("aria-label=\"") || svg.contains("aria-labelledby") {
            assert!(svg.contains(&format!("<title id=\"{prefix}-title\">")));
            assert!(svg.contains(&format!("<desc id=\"{prefix}-desc\">")));
            assert!(svg.contains(&format!("aria-labelledby=\"{prefix}-title {prefix}-desc\"")));
        }
        // Coordinates are rounded to at most two decimals.
        for attr in ["x", "y", "cx", "cy", "width", "height", "r"] {
            for v in attr_values(svg, attr) {
                let decimals = v.split_once('.').map_or(0, |(_, f)| f.len());
                assert!(decimals <= 2, "{attr}=\"{v}\"");
            }
        }
    }

    #[test]
    fn checker_rejects_broken_xml() {
        for bad in [
            "<svg><g></svg>",
            "<svg></g>",
            "<svg a=\"1\" a=\"2\"/>",
            "<svg a=\"1/>",
            "<svg>&nbsp;</svg>",
            "<svg/><svg/>",
            "<svg>a > b</svg>",
        ] {
            assert!(well_formed(bad).is_err(), "accepted {bad}");
        }
        assert_well_formed("<svg a=\"&amp;\"><g><title>x &lt; y</title></g><path/></svg>\n");
    }

    fn luminance(hex: &str) -> f64 {
        let h = hex.trim_start_matches('#');
        let channel = |i: usize| {
            let c = f64::from(u8::from_str_radix(&h[i..i + 2], 16).unwrap()) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
    }

    fn contrast(a: &str, b: &str) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    // ---- fixtures --------------------------------------------------------------------------

    /// The real U4SSC structure (from the KPI catalog's dimension/subdimension/category fields):
    /// 3 dimensions, 7 sub-dimensions and 27 category slots (22 distinct category names, since
    /// the ICT sub-dimension repeats Water and Sanitation, Drainage, Electricity Supply and
    /// Transport, and Waste and Water and Sanitation also recur under Environment).
    const U4SSC: &[(&str, &str, &[&str])] = &[
        (
            "Economy",
            "ICT",
            &[
                "ICT Infrastructure",
                "Water and Sanitation",
                "Drainage",
                "Electricity Supply",
                "Transport",
                "Public Sector",
            ],
        ),
        ("Economy", "Productivity", &["Innovation", "Employment"]),
        (
            "Economy",
            "Infrastructure",
            &[
                "Water and Sanitation",
                "Waste",
                "Electricity Supply",
                "Transport",
                "Buildings",
                "Urban Planning",
            ],
        ),
        (
            "Environment",
            "Environment",
            &[
                "Air Quality",
                "Water and Sanitation",
                "Waste",
                "Environmental Quality",
                "Public Space and Nature",
            ],
        ),
        ("Environment", "Energy", &["Energy"]),
        (
            "Society and Culture",
            "Education, Health and Culture",
            &["Education", "Health", "Culture"],
        ),
        (
            "Society and Culture",
            "Safety, Housing and Social Inclusion",
            &["Housing", "Social Inclusion", "Safety", "Food Security"],
        ),
    ];

    fn u4ssc_wheel(id: &str) -> Wheel {
        // Scores cycle through every band, with a few categories and one sub-dimension unscored.
        let scores = [
            Some(88.0),
            Some(100.0),
            None,
            Some(56.25),
            Some(25.0),
            Some(75.0),
            Some(41.7),
            Some(96.0),
            Some(68.8),
            None,
            Some(100.0),
            Some(31.0),
            Some(81.3),
            Some(62.5),
            Some(58.0),
            Some(92.0),
            Some(12.5),
            Some(70.0),
            Some(97.0),
            None,
            Some(66.0),
            Some(78.6),
            Some(45.0),
            Some(95.0),
            Some(33.0),
            Some(87.5),
            None,
        ];
        let mut k = 0;
        let mut dims: Vec<WheelDimension> = Vec::new();
        for &(dim, sub, cats) in U4SSC {
            if dims.last().is_none_or(|d| d.name != dim) {
                dims.push(WheelDimension {
                    name: dim.to_owned(),
                    ..Default::default()
                });
            }
            let categories = cats
                .iter()
                .map(|&name| {
                    let score_pct = scores[k];
                    let href = (k % 4 == 0).then(|| format!("/indicators/#cat-{k}"));
                    k += 1;
                    WheelCategory {
                        note: String::new(),
                        name: name.to_owned(),
                        score_pct,
                        band: score_pct.map(band_for_pct),
                        href,
                    }
                })
                .collect();
            let d = dims.last_mut().unwrap();
            let sub_score = if sub == "Energy" {
                None
            } else {
                Some(40.0 + 7.0 * d.subdimensions.len() as f64)
            };
            d.subdimensions.push(WheelSub {
                note: String::new(),
                name: sub.to_owned(),
                score_pct: sub_score,
                band: None,
                categories,
            });
        }
        for (d, pct) in dims.iter_mut().zip([72.9, 58.3, 81.0]) {
            d.score_pct = Some(pct);
            d.band = Some(band_for_pct(pct));
        }
        Wheel {
            grey_label: String::new(),
            id: id.to_owned(),
            title: "Benchmark wheel: Exampleville, 2024".to_owned(),
            desc: "Exampleville reaches band 3 in Economy and Society and Culture; Environment is weakest."
                .to_owned(),
            dimensions: dims,
        }
    }

    fn three_cities() -> BarChart {
        BarChart {
            id: "kpi-ec-ict-ict-1c".to_owned(),
            title: "Household Internet access by city".to_owned(),
            desc: "Asker has the highest share of households with Internet access.".to_owned(),
            unit: "% of households".to_owned(),
            bars: vec![
                Bar {
                    label: "Asker".to_owned(),
                    value: 98.2,
                    display: "98.2 %".to_owned(),
                    band: Some(4),
                    highlight: false,
                    href: Some("/cities/asker/".to_owned()),
                },
                Bar {
                    label: "Bizerte".to_owned(),
                    value: 61.0,
                    display: "61 %".to_owned(),
                    band: Some(2),
                    highlight: true,
                    href: Some("/cities/bizerte/".to_owned()),
                },
                Bar {
                    label: "Kristiansund".to_owned(),
                    value: 88.4,
                    display: "88.4 %".to_owned(),
                    band: Some(3),
                    highlight: false,
                    href: None,
                },
            ],
            target: Some((100.0, "Target 100 %".to_owned())),
        }
    }

    fn two_series() -> LineChart {
        LineChart {
            id: "trend".to_owned(),
            title: "Renewable energy share, 2018–2023".to_owned(),
            desc: "Both cities increased their share of renewable energy.".to_owned(),
            unit: "% of total energy".to_owned(),
            series: vec![
                Series {
                    label: "Asker".to_owned(),
                    points: vec![(2018, 41.0), (2020, 47.5), (2022, 55.0), (2023, 58.2)],
                },
                Series {
                    label: "Rana".to_owned(),
                    points: vec![(2019, 52.0), (2021, 55.5), (2023, 57.0)],
                },
            ],
            target: Some((70.0, "Target 70 %".to_owned())),
        }
    }

    fn long_name() -> String {
        "Municipality of the Very Long And Verbose Name Which Keeps Going & Going <On>".repeat(3)
    }

    // ---- palette ---------------------------------------------------------------------------

    #[test]
    fn palette_contrast_against_white() {
        for (i, c) in BAND_COLOURS.iter().enumerate() {
            let ratio = contrast(c, "#ffffff");
            // 3:1 is the graphics requirement; white band-number text needs 4.5:1 too.
            assert!(ratio >= 3.0, "band {} {c}: {ratio:.2}", i + 1);
            assert!(
                ratio >= 4.5,
                "band {} {c} under white text: {ratio:.2}",
                i + 1
            );
        }
        assert!(contrast(NO_DATA_COLOUR, "#ffffff") >= 3.0);
        for c in [TEXT_COLOUR, MUTED_TEXT_COLOUR] {
            assert!(contrast(c, "#ffffff") >= 4.5, "text {c}");
            assert!(contrast(c, HIGHLIGHT_BG) >= 4.5, "text {c} on highlight");
        }
        assert!(contrast(TEXT_COLOUR, NO_DATA_BG) >= 4.5);
        for c in SERIES_COLOURS {
            assert!(contrast(c, "#ffffff") >= 4.5, "series {c}");
        }
        // Sanity of the formula itself: black on white is 21:1.
        assert!((contrast("#000000", "#ffffff") - 21.0).abs() < 1e-9);
    }

    #[test]
    fn band_helpers() {
        assert_eq!(band_colour(1), BAND_COLOURS[0]);
        assert_eq!(band_colour(4), BAND_COLOURS[3]);
        assert_eq!(band_colour(0), NO_DATA_COLOUR);
        assert_eq!(band_colour(9), NO_DATA_COLOUR);
        assert_eq!(band_label(2), "33–66 %");
        assert_eq!(band_label(7), "no data");
        assert_eq!(band_for_pct(32.9), 1);
        assert_eq!(band_for_pct(33.0), 2);
        assert_eq!(band_for_pct(56.25), 2);
        assert_eq!(band_for_pct(94.9), 3);
        assert_eq!(band_for_pct(95.0), 4);
        assert_eq!(band_of(Some(9), Some(50.0)), None);
        assert_eq!(band_of(None, Some(f64::NAN)), None);
        assert_eq!(band_of(None, Some(80.0)), Some(3));
    }

    // ---- helpers ---------------------------------------------------------------------------

    #[test]
    fn escaping() {
        assert_eq!(
            esc("a & b < c > d \" e ' f"),
            "a &amp; b &lt; c &gt; d &quot; e &apos; f"
        );
        assert_eq!(esc("bell\u{7}tab"), "bell tab");
        assert_eq!(esc("Økonomi – 50 %"), "Økonomi – 50 %");
        let nasty = "<script>alert('x')</script> & \"q\"";
        let svg = bar_chart(&BarChart {
            id: "x".into(),
            title: nasty.into(),
            desc: nasty.into(),
            unit: nasty.into(),
            bars: vec![Bar {
                label: nasty.into(),
                value: 1.0,
                display: nasty.into(),
                band: Some(1),
                highlight: false,
                href: Some("/a?b=1&c=\"2\"".into()),
            }],
            target: Some((2.0, nasty.into())),
        });
        assert_chart(&svg, "x", "bar");
        assert!(!svg.contains("<script"));
        assert!(svg.contains("&lt;script&gt;alert(&apos;x&apos;)"));
        assert!(svg.contains("href=\"/a?b=1&amp;c=&quot;2&quot;\""));
    }

    #[test]
    fn numbers_have_no_float_noise() {
        assert_eq!(n(0.1 + 0.2), "0.3");
        assert_eq!(n(12.0), "12");
        assert_eq!(n(-0.001), "0");
        assert_eq!(n(-3.456), "-3.46");
        assert_eq!(n(f64::NAN), "0");
        assert_eq!(n(-0.5), "-0.5");
        assert_eq!(n(1.005e3), "1005");
        // Same text as rounding to hundredths and printing with `{:.2}`, trimmed.
        let by_format = |x: f64| {
            let mut s = format!("{:.2}", (x * 100.0).round() / 100.0);
            while s.ends_with('0') {
                s.pop();
            }
            if s.ends_with('.') {
                s.pop();
            }
            if s == "-0" { "0".to_owned() } else { s }
        };
        for i in -200_000..200_000 {
            let x = f64::from(i) * 0.00731 + 0.000_5;
            assert_eq!(n(x), by_format(x), "{x}");
        }
        assert_eq!(axis_num(100000.0, 0), "100\u{202F}000");
        assert_eq!(axis_num(2500.0, 0), "2500");
        assert_eq!(axis_num(-2.5, 1), "−2.5");
        assert_eq!(axis_num(-0.0001, 2), "0.00");
        assert_eq!(pct_text(56.25), "56.3 %");
        assert_eq!(pct_text(-0.04), "0.0 %");
        assert_eq!(pct_text(100.0), "100.0 %");
    }

    #[test]
    fn ticks_are_nice_and_few() {
        let (t, d) = nice_ticks(0.0, 105.0);
        assert_eq!(t, vec![0.0, 25.0, 50.0, 75.0, 100.0]);
        assert_eq!(d, 0);
        for (lo, hi) in [
            (0.0, 1.0),
            (0.0, 7.3),
            (-52.5, 105.0),
            (0.0, 1e9),
            (0.0, 0.021),
            (-3.0, 0.0),
        ] {
            let (t, d) = nice_ticks(lo, hi);
            assert!((3..=5).contains(&t.len()), "{lo}..{hi}: {t:?}");
            assert!(t.iter().all(|v| *v >= lo - 1e-9 && *v <= hi + 1e-9));
            let labels: BTreeSet<String> = t.iter().map(|v| axis_num(*v, d)).collect();
            assert_eq!(labels.len(), t.len(), "labels distinct for {t:?}");
        }
        assert_eq!(nice_ticks(5.0, 5.0).0, vec![5.0]);
    }

    #[test]
    fn fitting_and_wrapping_respect_widths() {
        let long = long_name();
        for w in [5.0, 20.0, 60.0, 200.0] {
            let (t, cut) = fit(&long, w, 12.0, false);
            assert!(cut);
            assert!(text_w(&t, 12.0, false) <= w, "{t} in {w}");
            let (lines, cut) = wrap(&long, w, 11.0, false, 2);
            assert!(cut && lines.len() <= 2);
            for l in &lines {
                assert!(text_w(l, 11.0, false) <= w);
            }
        }
        assert_eq!(
            fit("Asker", 200.0, 12.0, false),
            ("Asker".to_owned(), false)
        );
        assert_eq!(
            wrap("Public Space and Nature", 88.0, 11.0, false, 2).0,
            vec!["Public Space", "and Nature"]
        );
        assert_eq!(
            initials("Education, Health and Culture").as_deref(),
            Some("EHC")
        );
        assert_eq!(initials("Productivity"), None);
    }

    #[test]
    fn spread_keeps_labels_apart() {
        let ys = spread(&[50.0, 51.0, 49.0, 200.0, 199.0], 14.0, 0.0, 205.0);
        let mut sorted = ys.clone();
        sorted.sort_by(f64::total_cmp);
        for pair in sorted.windows(2) {
            assert!(pair[1] - pair[0] >= 14.0 - 1e-9, "{ys:?}");
        }
        assert!(ys.iter().all(|y| (0.0..=205.0).contains(y)));
    }

    #[test]
    fn unsafe_links_are_dropped() {
        assert_eq!(
            safe_href(&Some(" /cities/asker/ ".into())),
            Some("/cities/asker/")
        );
        assert_eq!(
            safe_href(&Some("https://example.org/a:b".into())),
            Some("https://example.org/a:b")
        );
        assert_eq!(safe_href(&Some("JavaScript:alert(1)".into())), None);
        assert_eq!(safe_href(&Some(" data:text/html,x".into())), None);
        assert_eq!(safe_href(&Some("   ".into())), None);
        assert_eq!(safe_href(&None), None);
        let mut c = three_cities();
        for b in &mut c.bars {
            b.href = Some("javascript:alert(1)".into());
        }
        let svg = bar_chart(&c);
        assert!(!svg.contains("javascript") && svg.contains("role=\"img\""));
    }

    #[test]
    fn absurd_values_give_short_coordinates() {
        let svg = bar_chart(&BarChart {
            id: "big".into(),
            bars: vec![
                Bar {
                    label: "max".into(),
                    value: f64::MAX,
                    ..Default::default()
                },
                Bar {
                    label: "min".into(),
                    value: -f64::MAX,
                    ..Default::default()
                },
            ],
            ..Default::default()
        });
        assert_chart(&svg, "big", "bar");
        for v in attr_values(&svg, "x") {
            assert!(v.len() < 12, "x=\"{v}\"");
        }
    }

    #[test]
    fn ids_are_sanitised() {
        assert_eq!(sanitize_id("city asker"), "city-asker");
        assert_eq!(sanitize_id("1st"), "c-1st");
        assert_eq!(sanitize_id(""), "c-");
        let svg = score_bars("9 \"bad\" id", "t", &[ScoreBar::default()]);
        assert_chart(&svg, "c-9--bad--id", "scores");
    }

    // ---- chart-level properties ------------------------------------------------------------

    #[test]
    fn ids_are_unique_and_prefixed_across_charts() {
        let a = wheel(&u4ssc_wheel("wheel-a"));
        let b = wheel(&u4ssc_wheel("wheel-b"));
        let ids_a = assert_ids(&a, "wheel-a");
        let ids_b = assert_ids(&b, "wheel-b");
        assert!(ids_a.len() > 10, "wheel uses text-path ids too");
        assert!(ids_a.is_disjoint(&ids_b));
        let others = [
            bar_chart(&three_cities()),
            line_chart(&two_series()),
            bullet(&Bullet {
                id: "bullet-1".into(),
                achievement_pct: Some(20.0),
                band: Some(1),
                label: "20 %".into(),
            }),
            score_bars(
                "card-asker",
                "Scores",
                &[ScoreBar {
                    label: "Economy".into(),
                    score_pct: Some(50.0),
                    band: None,
                }],
            ),
        ];
        let mut all = ids_a.clone();
        let mut total = ids_a.len();
        for (svg, p) in others
            .iter()
            .zip(["kpi-ec-ict-ict-1c", "trend", "bullet-1", "card-asker"])
        {
            let ids = assert_ids(svg, p);
            total += ids.len();
            all.extend(ids);
        }
        assert_eq!(all.len(), total, "charts on one page share no ids");
    }

    #[test]
    fn a_bullet_fills_its_share_of_the_track() {
        // The track is 60 units wide from x = 1: 87 % fills 52.2 of it, 25 % fills 15, and
        // anything past 100 % fills the track and no more. The band ticks sit at 33 %, 66 %
        // and 95 % of the track: x = 20.8, 40.6 and 58.
        let fill = |pct: f64| {
            let svg = bullet(&Bullet {
                id: "b".into(),
                achievement_pct: Some(pct),
                band: Some(3),
                label: "x".into(),
            });
            assert!(
                svg.contains("d=\"M20.8 3V7M20.8 17V21M40.6 3V7M40.6 17V21M58 3V7M58 17V21\""),
                "{svg}"
            );
            attr_values(&svg, "width")
                .into_iter()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        };
        assert_eq!(fill(87.0), ["60", "52.2"]);
        assert_eq!(fill(25.0), ["60", "15"]);
        assert_eq!(fill(100.0), ["60", "60"]);
        assert_eq!(fill(140.0), ["60", "60"]);
        assert_eq!(fill(0.0), ["60"], "an empty track has no fill");
    }

    #[test]
    fn a_pages_words_end_with_the_page() {
        // The words are per thread and per page: once a page is done, the next chart on the
        // thread must not speak its language.
        let unscored = || {
            bullet(&Bullet {
                id: "b".into(),
                achievement_pct: None,
                band: None,
                label: String::new(),
            })
        };
        assert!(unscored().contains("aria-label=\"no benchmark\""));
        let french = Words {
            no_benchmark: "pas de référence".into(),
            ..Words::default()
        };
        let inside = with_words(&french, unscored);
        assert!(
            inside.contains("aria-label=\"pas de référence\""),
            "{inside}"
        );
        let after = unscored();
        assert!(after.contains("aria-label=\"no benchmark\""), "{after}");
    }

    #[test]
    fn wheel_structure() {
        let w = u4ssc_wheel("city-wheel");
        let svg = wheel(&w);
        assert_chart(&svg, "city-wheel", "wheel");
        // Links inside role="img" would be hidden from screen readers.
        assert!(svg.contains("role=\"group\""));
        assert_eq!(svg.matches("<a href=").count(), 7);
        // One outer segment per category slot, each with its score in the tooltip.
        assert!(svg.contains("<title>Environmental Quality (Environment, Environment): 70.0 % (band 3, 66–95 %)</title>"));
        assert!(svg.contains("<title>Drainage (ICT, Economy): no data</title>"));
        for d in &w.dimensions {
            for s in &d.subdimensions {
                for c in &s.categories {
                    let lines = wheel_label_lines(&c.name);
                    assert!(
                        lines
                            .iter()
                            .all(|l| svg.contains(&format!(">{}</tspan>", esc(l))))
                    );
                }
            }
        }
        assert!(svg.contains("Economy: 72.9 % (band 3, 66–95 %)"));
        // Band numbers are printed as text, and every pattern used is defined.
        assert!(
            svg.contains("font-weight=\"700\" text-anchor=\"middle\" fill=\"#1f1f1f\">1</text>")
        );
        assert!(svg.contains("id=\"city-wheel-nd\""));
        // Without links the wheel is a plain image.
        let mut plain = w.clone();
        for d in &mut plain.dimensions {
            for s in &mut d.subdimensions {
                for c in &mut s.categories {
                    c.href = None;
                }
            }
        }
        let svg = wheel(&plain);
        assert!(svg.contains("role=\"img\"") && !svg.contains("<a "));
        assert!(!svg.contains("aria-hidden=\"true\""));
    }

    #[test]
    fn wheel_labels_never_crowd() {
        // The label circle is long enough for every label's thickness, whatever the count.
        for count in [1usize, 5, 22, 27, 60, 150] {
            let cats = (0..count)
                .map(|i| WheelCategory {
                    note: String::new(),
                    name: format!("Category number {i} with a long name"),
                    score_pct: Some(i as f64),
                    band: None,
                    href: None,
                })
                .collect();
            let w = Wheel {
                grey_label: String::new(),
                id: "w".into(),
                title: "t".into(),
                desc: "d".into(),
                dimensions: vec![WheelDimension {
                    note: String::new(),
                    name: "Only".into(),
                    score_pct: None,
                    band: None,
                    subdimensions: vec![WheelSub {
                        note: String::new(),
                        name: "Sub".into(),
                        score_pct: None,
                        band: None,
                        categories: cats,
                    }],
                }],
            };
            let svg = wheel(&w);
            assert_chart(&svg, "w", "wheel");
            let rotations: Vec<f64> = attr_values(&svg, "transform")
                .iter()
                .filter_map(|t| t.split("translate(").nth(1))
                .map(|t| {
                    let xy: Vec<f64> = t
                        .split(')')
                        .next()
                        .unwrap()
                        .split(' ')
                        .map(|v| v.parse().unwrap())
                        .collect();
                    xy[0].hypot(xy[1])
                })
                .collect();
            assert_eq!(rotations.len(), count);
            let r = rotations[0];
            let spacing = r * TAU / count as f64;
            assert!(
                count == 1 || spacing >= 2.0 * WHEEL_LINE,
                "{count}: spacing {spacing}"
            );
        }
    }

    #[test]
    fn bar_chart_layout() {
        let svg = bar_chart(&three_cities());
        assert_chart(&svg, "kpi-ec-ict-ict-1c", "bar");
        assert!(svg.contains("stroke-dasharray=\"4 3\""), "target line");
        assert!(svg.contains(">Target 100 %</text>"));
        assert!(svg.contains("font-weight=\"700\" fill=\"#1f1f1f\">Bizerte</text>"));
        // 300 rows: constant row height, so the chart grows linearly.
        let many = |k: usize| BarChart {
            id: "m".into(),
            bars: (0..k)
                .map(|i| Bar {
                    label: format!("City {i}"),
                    value: i as f64,
                    display: i.to_string(),
                    band: Some((i % 4) as u8 + 1),
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        };
        let height = |svg: &str| -> f64 {
            attr_values(svg, "viewBox")[0]
                .split(' ')
                .nth(3)
                .unwrap()
                .parse()
                .unwrap()
        };
        let (h4, h300) = (height(&bar_chart(&many(4))), height(&bar_chart(&many(300))));
        assert!((h300 - h4 - 296.0 * 20.0).abs() < 1e-6, "{h4} {h300}");
        let svg = bar_chart(&many(300));
        assert_chart(&svg, "m", "bar");
        assert!(svg.contains(">City 299</text>"));
    }

    #[test]
    fn line_chart_layout() {
        let svg = line_chart(&two_series());
        assert_chart(&svg, "trend", "line");
        assert!(
            svg.contains("<circle") && svg.contains("<rect"),
            "distinct markers"
        );
        for y in 2018..=2023 {
            assert!(svg.contains(&format!(">{y}</text>")));
        }
        assert!(svg.contains("Asker: 2018 41 → 2023 58.2"));
    }

    #[test]
    fn bullet_and_score_bars() {
        let svg = bullet(&Bullet {
            id: "b".into(),
            achievement_pct: Some(87.0),
            band: Some(3),
            label: "87 % · band 3".into(),
        });
        assert_chart(&svg, "b", "bullet");
        assert!(svg.contains("aria-label=\"87 % · band 3\""));
        assert!(svg.contains("viewBox=\"0 0 160 24\""));
        let svg = bullet(&Bullet {
            id: "b".into(),
            achievement_pct: None,
            band: None,
            label: String::new(),
        });
        assert!(svg.contains(">no benchmark</text>") && svg.contains("url(#b-nd)"));
        let svg = score_bars(
            "card",
            "Dimension scores",
            &[
                ScoreBar {
                    label: "Economy".into(),
                    score_pct: Some(56.25),
                    band: Some(2),
                },
                ScoreBar {
                    label: "Environment".into(),
                    score_pct: None,
                    band: None,
                },
            ],
        );
        assert_chart(&svg, "card", "scores");
        assert!(svg.contains(">56.3 %</text>") && svg.contains(">not scored</text>"));
        assert!(svg.contains("Economy: 56.3 % (band 2, 33–66 %); Environment: not scored."));
    }

    #[test]
    fn edge_cases_do_not_panic() {
        let nan = f64::NAN;
        let inf = f64::INFINITY;
        let mut svgs: Vec<(String, &str, &str)> = Vec::new();

        // Wheels: empty, hollow dimension, empty sub, a single category, odd numbers.
        svgs.push((wheel(&Wheel::default()), "c-", "wheel"));
        let odd = Wheel {
            grey_label: String::new(),
            id: "odd".into(),
            title: long_name(),
            desc: long_name(),
            dimensions: vec![
                WheelDimension {
                    note: String::new(),
                    name: long_name(),
                    score_pct: Some(nan),
                    band: Some(0),
                    subdimensions: vec![],
                },
                WheelDimension {
                    note: String::new(),
                    name: "D".into(),
                    score_pct: Some(-20.0),
                    band: None,
                    subdimensions: vec![
                        WheelSub {
                            note: String::new(),
                            name: long_name(),
                            score_pct: Some(inf),
                            band: Some(200),
                            categories: vec![],
                        },
                        WheelSub {
                            note: String::new(),
                            name: "S".into(),
                            score_pct: Some(150.0),
                            band: None,
                            categories: vec![WheelCategory {
                                note: String::new(),
                                name: long_name(),
                                score_pct: Some(-inf),
                                band: Some(3),
                                href: Some("  ".into()),
                            }],
                        },
                    ],
                },
            ],
        };
        svgs.push((wheel(&odd), "odd", "wheel"));
        let single = Wheel {
            id: "one".into(),
            dimensions: vec![WheelDimension {
                name: "Economy".into(),
                subdimensions: vec![WheelSub {
                    name: "ICT".into(),
                    categories: vec![WheelCategory {
                        name: "ICT Infrastructure".into(),
                        score_pct: Some(0.0),
                        ..Default::default()
                    }],
                    ..Default::default()
                }],
                ..Default::default()
            }],
            ..Default::default()
        };
        svgs.push((wheel(&single), "one", "wheel"));

        // Bullets.
        for (i, (pct, band)) in [
            (Some(nan), None),
            (Some(inf), Some(4)),
            (Some(-5.0), None),
            (Some(250.0), Some(1)),
            (Some(0.0), Some(1)),
            (None, Some(3)),
        ]
        .into_iter()
        .enumerate()
        {
            let label = if i % 2 == 0 {
                long_name()
            } else {
                String::new()
            };
            svgs.push((
                bullet(&Bullet {
                    id: "bl".into(),
                    achievement_pct: pct,
                    band,
                    label,
                }),
                "bl",
                "bullet",
            ));
        }

        // Bar charts: empty, zeros, negatives, non-finite values and targets, huge numbers.
        let bars = |vals: &[f64]| -> Vec<Bar> {
            vals.iter()
                .enumerate()
                .map(|(i, &v)| Bar {
                    label: if i == 0 { long_name() } else { format!("B{i}") },
                    value: v,
                    display: if i == 1 { long_name() } else { String::new() },
                    band: Some(i as u8),
                    highlight: i == 2,
                    href: None,
                })
                .collect()
        };
        for (vals, target) in [
            (vec![], None),
            (vec![0.0, 0.0, 0.0], None),
            (vec![-5.0, 3.0, -12.5], Some((nan, "t".to_owned()))),
            (vec![-5.0, -3.0], None),
            (vec![nan, inf, 4.0], Some((-inf, "t".to_owned()))),
            (vec![nan], None),
            (vec![1e12, 3e11], Some((5e12, long_name()))),
            (vec![0.001, 0.002], Some((0.0015, String::new()))),
        ] {
            svgs.push((
                bar_chart(&BarChart {
                    id: "bc".into(),
                    title: "t".into(),
                    desc: "d".into(),
                    unit: long_name(),
                    bars: bars(&vals),
                    target,
                }),
                "bc",
                "bar",
            ));
        }

        // Line charts: empty, all NaN, a single point, one year, extreme years, many series.
        let line = |series: Vec<Series>, target: Option<(f64, String)>| LineChart {
            id: "lc".into(),
            title: "t".into(),
            desc: String::new(),
            unit: String::new(),
            series,
            target,
        };
        let s = |label: &str, points: Vec<(i32, f64)>| Series {
            label: label.into(),
            points,
        };
        for c in [
            line(vec![], None),
            line(vec![s("a", vec![(2020, nan), (2021, inf)])], None),
            line(vec![s("one", vec![(2020, 5.0)])], Some((nan, "x".into()))),
            line(vec![s(&long_name(), vec![(2020, 5.0), (2020, 6.0)])], None),
            line(vec![s("z", vec![(2020, 0.0), (2021, 0.0)])], None),
            line(
                vec![
                    s("neg", vec![(2001, -4.0), (2030, 2.0)]),
                    s("neg2", vec![(2010, -1.0)]),
                ],
                Some((-2.0, long_name())),
            ),
            line(
                vec![s("wide", vec![(i32::MIN, 1.0), (i32::MAX, 2.0)])],
                None,
            ),
            line(
                (0..12)
                    .map(|k| {
                        s(
                            &format!("Series {k}"),
                            vec![(2000, 1.0), (2001, 1.0 + k as f64 * 0.01)],
                        )
                    })
                    .collect(),
                Some((1.05, "Target".into())),
            ),
        ] {
            svgs.push((line_chart(&c), "lc", "line"));
        }

        // Score bars.
        svgs.push((score_bars("sb", "t", &[]), "sb", "scores"));
        svgs.push((
            score_bars(
                "sb",
                &long_name(),
                &[
                    ScoreBar {
                        label: long_name(),
                        score_pct: Some(nan),
                        band: Some(2),
                    },
                    ScoreBar {
                        label: String::new(),
                        score_pct: Some(-10.0),
                        band: None,
                    },
                    ScoreBar {
                        label: "x".into(),
                        score_pct: Some(1000.0),
                        band: Some(9),
                    },
                ],
            ),
            "sb",
            "scores",
        ));

        for (svg, prefix, kind) in &svgs {
            assert_chart(svg, prefix, kind);
        }
        assert!(svgs[0].0.contains(">No data</text>"));
    }

    /// Tiny deterministic generator (xorshift64*) so the fuzz test needs no extra crate.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }
        fn below(&mut self, n: u64) -> usize {
            (self.next() % n.max(1)) as usize
        }
        fn num(&mut self) -> f64 {
            match self.below(10) {
                0 => f64::NAN,
                1 => f64::INFINITY * if self.below(2) == 0 { 1.0 } else { -1.0 },
                2 => 0.0,
                3 => -(self.below(1000) as f64) / 7.0,
                4 => self.below(1_000_000_000) as f64 * 1e3,
                _ => self.below(12_000) as f64 / 100.0,
            }
        }
        fn text(&mut self) -> String {
            const PIECES: [&str; 8] = [
                "Økonomi",
                "&",
                "<b>",
                "\"q\"",
                "Общество",
                "城市",
                " ",
                "Water and Sanitation",
            ];
            (0..self.below(6))
                .map(|_| PIECES[self.below(8)])
                .collect::<Vec<_>>()
                .join(" ")
        }
        fn band(&mut self) -> Option<u8> {
            match self.below(7) {
                0 => None,
                k => Some(k as u8 - 1),
            }
        }
    }

    #[test]
    fn fuzzed_inputs_stay_well_formed() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for round in 0..150 {
            let id = format!("f{round}");
            let wheel_in = Wheel {
                grey_label: String::new(),
                id: id.clone(),
                title: rng.text(),
                desc: rng.text(),
                dimensions: (0..rng.below(4))
                    .map(|_| WheelDimension {
                        note: String::new(),
                        name: rng.text(),
                        score_pct: Some(rng.num()),
                        band: rng.band(),
                        subdimensions: (0..rng.below(4))
                            .map(|_| WheelSub {
                                note: String::new(),
                                name: rng.text(),
                                score_pct: Some(rng.num()),
                                band: rng.band(),
                                categories: (0..rng.below(9))
                                    .map(|_| WheelCategory {
                                        note: String::new(),
                                        name: rng.text(),
                                        score_pct: Some(rng.num()),
                                        band: rng.band(),
                                        href: (rng.below(3) == 0).then(|| rng.text()),
                                    })
                                    .collect(),
                            })
                            .collect(),
                    })
                    .collect(),
            };
            assert_chart(&wheel(&wheel_in), &id, "wheel");
            let bars = BarChart {
                id: id.clone(),
                title: rng.text(),
                desc: rng.text(),
                unit: rng.text(),
                bars: (0..rng.below(12))
                    .map(|_| Bar {
                        label: rng.text(),
                        value: rng.num(),
                        display: rng.text(),
                        band: rng.band(),
                        highlight: rng.below(4) == 0,
                        href: (rng.below(3) == 0).then(|| rng.text()),
                    })
                    .collect(),
                target: (rng.below(2) == 0).then(|| (rng.num(), rng.text())),
            };
            assert_chart(&bar_chart(&bars), &id, "bar");
            let lines = LineChart {
                id: id.clone(),
                title: rng.text(),
                desc: rng.text(),
                unit: rng.text(),
                series: (0..rng.below(9))
                    .map(|_| Series {
                        label: rng.text(),
                        points: (0..rng.below(8))
                            .map(|_| (1990 + rng.below(60) as i32, rng.num()))
                            .collect(),
                    })
                    .collect(),
                target: (rng.below(2) == 0).then(|| (rng.num(), rng.text())),
            };
            assert_chart(&line_chart(&lines), &id, "line");
            let b = Bullet {
                id: id.clone(),
                achievement_pct: (rng.below(4) > 0).then(|| rng.num()),
                band: rng.band(),
                label: rng.text(),
            };
            assert_chart(&bullet(&b), &id, "bullet");
            let rows: Vec<ScoreBar> = (0..rng.below(5))
                .map(|_| ScoreBar {
                    label: rng.text(),
                    score_pct: Some(rng.num()),
                    band: rng.band(),
                })
                .collect();
            assert_chart(&score_bars(&id, &rng.text(), &rows), &id, "scores");
        }
    }

    // ---- snapshots ------------------------------------------------------------------------

    #[test]
    fn snapshot_wheel_u4ssc() {
        insta::assert_snapshot!("wheel_u4ssc", wheel(&u4ssc_wheel("profile-wheel")));
    }

    #[test]
    fn snapshot_bullet() {
        insta::assert_snapshot!(
            "bullet",
            bullet(&Bullet {
                id: "kpi-row-7".into(),
                achievement_pct: Some(87.0),
                band: Some(3),
                label: "87 % · band 3".into(),
            })
        );
    }

    #[test]
    fn snapshot_bar_chart() {
        insta::assert_snapshot!("bar_chart_three_cities", bar_chart(&three_cities()));
    }

    #[test]
    fn snapshot_line_chart() {
        insta::assert_snapshot!("line_chart_two_series", line_chart(&two_series()));
    }

    #[test]
    fn snapshot_score_bars() {
        insta::assert_snapshot!(
            "score_bars_card",
            score_bars(
                "card-asker",
                "Asker: dimension scores",
                &[
                    ScoreBar {
                        label: "Economy".into(),
                        score_pct: Some(72.9),
                        band: Some(3),
                    },
                    ScoreBar {
                        label: "Environment".into(),
                        score_pct: Some(58.3),
                        band: Some(2),
                    },
                    ScoreBar {
                        label: "Society and Culture".into(),
                        score_pct: None,
                        band: None,
                    },
                ],
            )
        );
    }
}
