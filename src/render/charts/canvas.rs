//! The SVG canvas every chart draws on: escaping and coordinates, ids and band patterns, the
//! root element and its name, links, tooltips, the band key and the empty-chart placeholder.

use std::fmt::Write as _;

use super::palette::{
    BAND_COLOURS, MUTED_TEXT_COLOUR, NO_DATA_BG, NO_DATA_COLOUR, TEXT_COLOUR, band_label,
};
use super::text::{clean, fit, text_w};
use super::words::{labelled, word};

/// The font stack of chart files.
const FONT_FAMILY: &str = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif";

/// Escapes text for XML content and attributes; control characters are not allowed in XML 1.0,
/// so they become spaces rather than producing a document browsers refuse.
pub(super) fn esc(s: &str) -> String {
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

/// What a chart says of itself, its `<title>` and `<desc>` as one text: the alternative text of
/// a page's `<img>` showing the chart's file. Only [`esc`] wrote these texts, so undoing its
/// five entities gives them back.
pub fn text_alternative(svg: &str) -> String {
    let element = |name: &str| -> Option<String> {
        let open = svg.find(&format!("<{name} "))?;
        let start = open + svg[open..].find('>')? + 1;
        let len = svg[start..].find(&format!("</{name}>"))?;
        Some(
            svg[start..start + len]
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&amp;", "&"),
        )
    };
    match (element("title"), element("desc")) {
        (Some(t), Some(d)) if !d.is_empty() => {
            let t = t.trim_end();
            if t.ends_with(['.', '!', '?']) {
                format!("{t} {d}")
            } else {
                format!("{t}. {d}")
            }
        }
        (Some(t), _) => t,
        (None, _) => String::new(),
    }
}

/// A chart's width and height (its viewBox, rounded), for the `<img>` showing it: a browser
/// then keeps the chart's room before the file arrives.
pub fn image_size(svg: &str) -> (u32, u32) {
    let (w, h) = view_box_size(svg);
    let px = |x: f64| x.round().clamp(0.0, 1.0e6) as u32;
    (px(w), px(h))
}

/// The width and height of the root's viewBox as written (0 where missing or not a number).
fn view_box_size(svg: &str) -> (f64, f64) {
    let vb = svg
        .split("viewBox=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or("");
    let mut nums = vb.split(' ').skip(2).map(|x| {
        x.parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .unwrap_or(0.0)
    });
    (nums.next().unwrap_or(0.0), nums.next().unwrap_or(0.0))
}

/// The smallest font size a chart's text is set in, in its own units (`font-size="…"` on an
/// element or `font-size:…px` in its style); `None` for a chart without text.
pub fn smallest_font(svg: &str) -> Option<f64> {
    let read = |rest: &str| -> Option<f64> {
        let end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        rest[..end].parse::<f64>().ok().filter(|s| *s > 0.0)
    };
    svg.split("font-size")
        .skip(1)
        .filter_map(|rest| {
            read(
                rest.strip_prefix("=\"")
                    .or_else(|| rest.strip_prefix(':'))?,
            )
        })
        .reduce(f64::min)
}

/// The size to show a chart at (its [`image_size`] scaled up where needed) so that its smallest
/// text is at least `min_px` CSS pixels: a page that shows the chart at this size, never
/// smaller, keeps every label legible, and can give way to a table where there is no room.
pub fn legible_size(svg: &str, min_px: f64) -> (u32, u32) {
    let (w, h) = view_box_size(svg);
    let scale = smallest_font(svg).map_or(1.0, |s| (min_px / s).max(1.0));
    let width = (w * scale).ceil().clamp(0.0, 1.0e6);
    // The height follows the whole-pixel width, so the box keeps the chart's proportions to
    // half a pixel (rounding both sides apart letterboxed the wheel by over a pixel).
    let height = if w > 0.0 {
        (width * h / w).round().clamp(0.0, 1.0e6)
    } else {
        0.0
    };
    (width as u32, height as u32)
}

/// A number to tenths, for the wheel's ring segments: a tenth of a unit is a tenth of a pixel
/// where the wheel is shown, and the hundredths were a tenth of its file.
pub(super) fn n1(x: f64) -> String {
    n((x * 10.0).round() / 10.0)
}

/// Formats a coordinate with at most two decimals and no float noise ("12.5", not "12.500000001").
pub(super) fn n(x: f64) -> String {
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

/// Makes a caller id safe for XML ids and CSS selectors.
pub(super) fn sanitize_id(raw: &str) -> String {
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
pub(super) fn safe_href(h: &Option<String>) -> Option<&str> {
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

/// How the root element names itself.
pub(super) enum Naming<'a> {
    /// `<title>` and `<desc>` referenced by `aria-labelledby`.
    TitleDesc(&'a str, &'a str),
}

/// A chart being drawn: collects the body, the patterns it uses and the ids it hands out.
pub(super) struct Canvas {
    prefix: String,
    /// Patterns referenced so far: index 0 is "no data", 1–3 are bands (band 4 is solid).
    used: [bool; 4],
    pub(super) defs: String,
    pub(super) body: String,
    next_id: usize,
    /// A chart with links must not be `role="img"`, whose children are hidden from assistive
    /// technology; it becomes a labelled group instead so the links stay reachable.
    pub(super) linked: bool,
}

impl Canvas {
    pub(super) fn new(raw_id: &str) -> Self {
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
    pub(super) fn fill(&mut self, band: Option<u8>) -> String {
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

    /// The prefix of every id in this SVG ("city" in "city-b1").
    pub(super) fn prefix(&self) -> &str {
        &self.prefix
    }

    /// A fresh id such as "city-t3", unique within this SVG and scoped by the prefix.
    pub(super) fn new_id(&mut self, stem: &str) -> String {
        self.next_id += 1;
        format!("{}-{stem}{}", self.prefix, self.next_id)
    }

    /// The `<pattern>`s the fills handed out so far refer to.
    pub(super) fn pattern_defs(&self) -> String {
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

    /// The finished, standalone `<svg>` element: its name, the defs it used, then the body.
    pub(super) fn finish(self, kind: &str, vb: (f64, f64, f64, f64), naming: Naming) -> String {
        let p = &self.prefix;
        let mut s = String::with_capacity(self.body.len() + self.defs.len() + 1024);
        let role = if self.linked { "group" } else { "img" };
        s.push_str("<svg xmlns=\"http://www.w3.org/2000/svg\" ");
        let _ = write!(
            s,
            "viewBox=\"{} {} {} {}\" class=\"chart chart-{kind}\" role=\"{role}\" ",
            n(vb.0),
            n(vb.1),
            n(vb.2),
            n(vb.3)
        );
        let font = format!(" font-family=\"{FONT_FAMILY}\"");
        match naming {
            Naming::TitleDesc(title, desc) => {
                let _ = write!(
                    s,
                    "aria-labelledby=\"{p}-title {p}-desc\"{font}>\n<title id=\"{p}-title\">{}</title>\n<desc id=\"{p}-desc\">{}</desc>\n",
                    esc(&clean(title)),
                    esc(&clean(desc))
                );
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
pub(super) fn open_link(out: &mut String, href: &str, label: &str) {
    let _ = write!(
        out,
        "<a href=\"{}\" aria-label=\"{}\">",
        esc(href.trim()),
        esc(label)
    );
}

/// `<title>` child for a group: the tooltip and the full text of a shortened label.
pub(super) fn title_el(text: &str) -> String {
    format!("<title>{}</title>", esc(text))
}

/// The small placeholder chart for inputs with nothing to draw.
pub(super) fn empty_chart(kind: &str, raw_id: &str, title: &str, desc: &str) -> String {
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

/// A grey entry a band key may end with.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum GreyEntry<'a> {
    None,
    /// Hatched pale swatch with the caller's words.
    Label(&'a str),
    /// Solid grey swatch: the item has a value but nothing to compare it with.
    NoBenchmark,
    /// Solid grey swatch with the caller's words ("reported, not scored").
    Solid(&'a str),
}

/// A row of band key entries (swatch + "1: 0–33 %"), centred on `cx`, wrapping within `max_w`.
/// Returns the height used. Only the given bands are listed, then the grey entries asked for.
pub(super) fn band_key(
    cv: &mut Canvas,
    bands: &[u8],
    greys: &[GreyEntry],
    cx: f64,
    top: f64,
    max_w: f64,
    size: f64,
) -> f64 {
    let mut entries: Vec<(Option<u8>, String, GreyEntry)> = bands
        .iter()
        .map(|&b| {
            let text = labelled(&b.to_string(), band_label(b));
            (Some(b), text, GreyEntry::None)
        })
        .collect();
    for &grey in greys {
        let text = match grey {
            GreyEntry::None => continue,
            GreyEntry::NoBenchmark => word(|w| &w.no_benchmark),
            GreyEntry::Label(l) | GreyEntry::Solid(l) => l.to_string(),
        };
        entries.push((None, text, grey));
    }
    if entries.is_empty() {
        return 0.0;
    }
    let sw = size;
    let gap = size * 1.2;
    let row_h = size * 1.6;
    let widths: Vec<f64> = entries
        .iter()
        .map(|(_, t, _)| sw + 4.0 + text_w(t, size, false))
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
            let (band, text, grey) = &entries[i];
            let (fill, stroke) = match (band, grey) {
                (Some(_), _) => (cv.fill(*band), String::new()),
                (None, GreyEntry::NoBenchmark | GreyEntry::Solid(_)) => {
                    (NO_DATA_COLOUR.to_owned(), String::new())
                }
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
pub(super) fn band_badge(out: &mut String, x: f64, y: f64, band: u8, r: f64) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_image_of_a_chart_says_what_the_chart_says() {
        let mut cv = Canvas::new("w");
        cv.body = "<g><title>Economy: 74 %</title></g>".into();
        let svg = cv.finish(
            "wheel",
            (-10.0, -20.5, 383.95, 463.3),
            Naming::TitleDesc("Wheel of Å & <B>", "Overall \"good\"; it's fine."),
        );
        // The root's title and description, unescaped (the page escapes them again), and not
        // a segment's tooltip.
        assert_eq!(
            text_alternative(&svg),
            "Wheel of Å & <B>. Overall \"good\"; it's fine."
        );
        assert_eq!(image_size(&svg), (384, 463));
        assert_eq!(text_alternative(""), "");
        assert_eq!(image_size("<svg viewBox=\"0 0 x\">"), (0, 0));
    }

    #[test]
    fn legible_size_scales_up_to_the_smallest_text() {
        let svg = "<svg viewBox=\"-10 -10 200 100\"><style>.a{font-size:11px}</style><text font-size=\"5.5\">a</text><text font-size=\"22\">b</text></svg>";
        assert_eq!(smallest_font(svg), Some(5.5));
        // 5.5 units must be 11 px: twice the viewBox.
        assert_eq!(legible_size(svg, 11.0), (400, 200));
        // Text already large enough: the viewBox as it is.
        assert_eq!(legible_size(svg, 4.0), (200, 100));
        assert_eq!(smallest_font("<svg viewBox=\"0 0 10 10\"></svg>"), None);
        assert_eq!(
            legible_size("<svg viewBox=\"0 0 10 10\"></svg>", 11.0),
            (10, 10)
        );
        // The height has the width's proportions, not its own rounding: 467.5 x 553.24 at
        // 11/9.3 is 552.96 wide, so 553 x 654.42, 553 x 654 (rounding each side of the viewBox
        // first gave 554 x 655).
        let wheel = "<svg viewBox=\"0 0 467.5 553.24\"><text font-size=\"9.3\">a</text></svg>";
        assert_eq!(legible_size(wheel, 11.0), (553, 654));
        assert_eq!(
            legible_size("<svg viewBox=\"0 0 NaN 5\"></svg>", 11.0),
            (0, 0)
        );
        // Junk after the attribute name is not a size.
        assert_eq!(smallest_font("<text font-size=\"x\">"), None);
    }

    #[test]
    fn escaping() {
        assert_eq!(
            esc("a & b < c > d \" e ' f"),
            "a &amp; b &lt; c &gt; d &quot; e &apos; f"
        );
        assert_eq!(esc("bell\u{7}tab"), "bell tab");
        assert_eq!(esc("Økonomi – 50 %"), "Økonomi – 50 %");
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
    }

    #[test]
    fn ids_are_sanitised() {
        assert_eq!(sanitize_id("city asker"), "city-asker");
        assert_eq!(sanitize_id("1st"), "c-1st");
        assert_eq!(sanitize_id(""), "c-");
    }
}
