//! The credit band of a downloadable chart file: what the chart is, where its numbers come from,
//! where it was published and under which licence, drawn under the chart so that a copied file
//! keeps its source.

use std::fmt::Write as _;

use super::canvas::{esc, n};
use super::palette::{GRID_COLOUR, MUTED_TEXT_COLOUR, TEXT_COLOUR};
use super::text::{clean, text_w};

/// The lines of a chart file's credit band, in the page's language.
#[derive(Debug, Clone, Default)]
pub struct Caption {
    /// What the chart shows, drawn in bold: "Ålesund, Norway: benchmark wheel".
    pub title: String,
    /// The evaluation the values come from, with its date.
    pub source: String,
    /// The site's name and address, and the data licence.
    pub credit: String,
}

/// The id of the `<view>` every chart file with a credit band has: the chart without the band,
/// as the pages show the file (`<img src="….svg#chart">`), so a page and a download share one
/// file. Chart ids all carry a prefix and a hyphen, so this one never meets theirs.
pub const CHART_VIEW: &str = "chart";

/// The address that shows the chart file at `href` without its credit band, or "" for no file.
pub fn chart_view_src(href: &str) -> String {
    if href.is_empty() {
        String::new()
    } else {
        format!("{href}#{CHART_VIEW}")
    }
}

/// Font size of the band relative to the chart's width: a little smaller than the chart's own
/// text (about width / 32), so the band reads as a credit line under the chart.
const SIZE_PER_WIDTH: f64 = 1.0 / 36.0;

/// The narrowest the band's text gets when a single word (a long address) is wider than the
/// chart: the word is drawn smaller rather than cut.
const MIN_SCALE: f64 = 0.6;

/// `svg` (a standalone chart from this module) with `caption` drawn in a band below it; the
/// viewBox grows by the band's height, so an `<img>` sized from it keeps its proportions, and
/// a `<view>` named [`CHART_VIEW`] keeps the old viewBox for pages that show the chart alone.
/// An SVG without a viewBox is returned as it is.
pub fn with_caption(svg: &str, caption: &Caption) -> String {
    let Some((vb, vb_start, vb_end)) = view_box(svg) else {
        return svg.to_owned();
    };
    let Some(close) = svg.rfind("</svg>") else {
        return svg.to_owned();
    };
    let (x, y, w, h) = vb;
    let size = (w * SIZE_PER_WIDTH).max(1.0);
    let pad = size;
    let line_h = size * 1.35;
    let max_w = (w - 2.0 * pad).max(size);
    // The title on its own line; source and credit run on as one paragraph, which keeps the
    // band to three lines at most widths.
    let rest = [clean(&caption.source), clean(&caption.credit)]
        .into_iter()
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
    let mut lines: Vec<(String, f64, bool)> = Vec::new();
    for (text, bold) in [(clean(&caption.title), true), (rest, false)] {
        for line in wrap_words(&text, max_w, size, bold) {
            // A word wider than the chart alone on its line: drawn smaller, never cut.
            let wide = text_w(&line, size, bold);
            let scale = if wide > max_w {
                (max_w / wide).max(MIN_SCALE)
            } else {
                1.0
            };
            lines.push((line, size * scale, bold));
        }
    }
    if lines.is_empty() {
        return svg.to_owned();
    }
    let top = y + h + pad * 0.5;
    let band_h = pad * 0.5 + pad * 0.6 + line_h * lines.len() as f64 + pad * 0.4;
    // Size and colour once on the group: only a line that differs says so.
    let mut band = String::new();
    let _ = write!(
        band,
        "<g class=\"chart-caption\" font-size=\"{}\" fill=\"{MUTED_TEXT_COLOUR}\">\n<path d=\"M{} {}H{}\" stroke=\"{GRID_COLOUR}\"/>\n",
        n(size),
        n(x + pad),
        n(top),
        n(x + w - pad)
    );
    for (i, (line, sz, bold)) in lines.iter().enumerate() {
        let baseline = top + pad * 0.6 + line_h * (i as f64 + 0.8);
        let _ = write!(band, "<text x=\"{}\" y=\"{}\"", n(x + pad), n(baseline));
        if *sz != size {
            let _ = write!(band, " font-size=\"{}\"", n(*sz));
        }
        if *bold {
            let _ = write!(band, " font-weight=\"bold\" fill=\"{TEXT_COLOUR}\"");
        }
        let _ = writeln!(band, ">{}</text>", esc(line));
    }
    band.push_str("</g>\n");
    let mut out = String::with_capacity(svg.len() + band.len() + 64);
    out.push_str(&svg[..vb_start]);
    let _ = write!(out, "{} {} {} {}", n(x), n(y), n(w), n(h + band_h));
    out.push_str(&svg[vb_end..close]);
    let _ = writeln!(
        out,
        "<view id=\"{CHART_VIEW}\" viewBox=\"{}\"/>",
        &svg[vb_start..vb_end]
    );
    out.push_str(&band);
    out.push_str(&svg[close..]);
    out
}

/// A viewBox: x, y, width, height.
type ViewBox = (f64, f64, f64, f64);

/// The root's viewBox and where its value starts and ends in `svg`.
fn view_box(svg: &str) -> Option<(ViewBox, usize, usize)> {
    let key = "viewBox=\"";
    let start = svg.find(key)? + key.len();
    let end = start + svg[start..].find('"')?;
    let nums: Vec<f64> = svg[start..end]
        .split(' ')
        .map(|s| s.parse::<f64>().ok().filter(|v| v.is_finite()))
        .collect::<Option<_>>()?;
    match nums[..] {
        [x, y, w, h] if w > 0.0 && h >= 0.0 => Some(((x, y, w, h), start, end)),
        _ => None,
    }
}

/// Greedy wrap at ASCII spaces only: no-break spaces (French puts a narrow one before a colon)
/// keep their words together, and no word is ever cut.
pub(super) fn wrap_words(s: &str, max_w: f64, size: f64, bold: bool) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in s.split(' ').filter(|w| !w.is_empty()) {
        if line.is_empty() {
            line.push_str(word);
        } else if text_w(&format!("{line} {word}"), size, bold) <= max_w {
            line.push(' ');
            line.push_str(word);
        } else {
            lines.push(std::mem::take(&mut line));
            line.push_str(word);
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::charts::image_size;

    fn caption() -> Caption {
        Caption {
            title: "Ålesund, Norway: benchmark wheel".into(),
            source: "Source\u{202f}: U4SSC evaluation, 12 March 2017 <&>".into(),
            credit:
                "Example site · https://example.org/repo/cities/alesund/ · Data licence: CC BY 4.0"
                    .into(),
        }
    }

    const SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 320 100\">\n<rect width=\"1\" height=\"1\"/>\n</svg>\n";

    #[test]
    fn the_band_grows_the_chart_and_draws_every_line() {
        let out = with_caption(SVG, &caption());
        let (w, h) = image_size(&out);
        assert_eq!(w, 320);
        assert!(h > 130, "three or more lines below the chart: {h}");
        let doc = roxmltree::Document::parse(&out).unwrap();
        let drawn: Vec<String> = doc
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .map(|n| n.text().unwrap_or_default().to_owned())
            .collect();
        let all = drawn.join(" ");
        assert!(all.contains("Ålesund, Norway: benchmark wheel"), "{all}");
        assert!(all.contains("<&>"), "escaped, and read back: {all}");
        assert!(all.contains("CC BY 4.0"), "{all}");
        // The narrow no-break space holds "Source" and its colon on one line.
        assert!(drawn.iter().any(|l| l.starts_with("Source\u{202f}:")));
        assert!(!all.contains('…'), "nothing cut: {all}");
        // Every line fits the chart's width at its font size.
        let group_size: f64 = doc
            .descendants()
            .find(|n| n.attribute("class") == Some("chart-caption"))
            .and_then(|g| g.attribute("font-size"))
            .unwrap()
            .parse()
            .unwrap();
        for t in doc.descendants().filter(|n| n.has_tag_name("text")) {
            let size: f64 = t
                .attribute("font-size")
                .map_or(group_size, |s| s.parse().unwrap());
            let x: f64 = t.attribute("x").unwrap().parse().unwrap();
            let bold = t.attribute("font-weight").is_some();
            let width = text_w(t.text().unwrap(), size, bold);
            assert!(x + width <= 320.0 + 0.01, "{:?} overflows", t.text());
        }
    }

    #[test]
    fn a_view_shows_the_chart_without_its_band() {
        let out = with_caption(SVG, &caption());
        let doc = roxmltree::Document::parse(&out).unwrap();
        let views: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name("view"))
            .collect();
        assert_eq!(views.len(), 1, "{out}");
        assert_eq!(views[0].attribute("id"), Some(CHART_VIEW));
        assert_eq!(views[0].attribute("viewBox"), Some("0 0 320 100"));
        assert_ne!(doc.root_element().attribute("viewBox"), Some("0 0 320 100"));
        assert_eq!(chart_view_src("/a.svg"), "/a.svg#chart");
        assert_eq!(chart_view_src(""), "");
    }

    #[test]
    fn a_word_wider_than_the_chart_is_drawn_smaller_not_cut() {
        let long = Caption {
            credit:
                "https://example.org/a-very-long-repository-name/cities/a-city-with-a-long-name/"
                    .into(),
            ..Caption::default()
        };
        let out = with_caption(SVG, &long);
        assert!(out.contains("a-city-with-a-long-name/</text>"), "{out}");
        assert!(!out.contains('…'));
    }

    #[test]
    fn bad_input_is_returned_unchanged() {
        for svg in [
            "",
            "<svg>",
            "<svg viewBox=\"0 0 x 1\"></svg>",
            "<svg viewBox=\"0 0 1\"></svg>",
        ] {
            assert_eq!(with_caption(svg, &caption()), svg);
        }
        assert_eq!(with_caption(SVG, &Caption::default()), SVG);
    }
}
