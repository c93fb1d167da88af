//! The bar chart: one value compared across rows (e.g. cities), with an optional target line.

use std::fmt::Write as _;

use super::axis::{Scale, axis_num, clamp_or_mid, empty_top, nice_ticks, value_domain};
use super::canvas::{
    Canvas, GreyEntry, Naming, band_badge, band_key, empty_chart, esc, n, open_link, safe_href,
    title_el,
};
use super::palette::{
    GRID_COLOUR, HIGHLIGHT_BG, MUTED_TEXT_COLOUR, NO_DATA_COLOUR, TEXT_COLOUR, band_of, finite,
};
use super::text::{clean, fit, fit_words, text_w};
use super::words::{band_words, labelled, word};

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

// Every text is 12 units in a 384-unit width: 10 px when squeezed to a 320 px screen.
const W: f64 = 384.0;
const FONT: f64 = 12.0;
const ROW: f64 = 20.0;
const BAR_H: f64 = 13.0;
const TICK_FONT: f64 = 12.0;

/// Where everything of a bar chart goes, worked out before anything is drawn.
struct BarLayout {
    /// The target value and its label, when the target is a finite number.
    target: Option<(f64, String)>,
    /// Each row's value, `None` when it is not a finite number.
    values: Vec<Option<f64>>,
    /// Each row's label, whitespace collapsed.
    labels: Vec<String>,
    /// Each row's value text ("no data" for a missing value without one).
    displays: Vec<String>,
    /// Room for the labels left of the plot.
    label_w: f64,
    /// Room for the value texts right of the bars.
    value_w: f64,
    /// Left edge of the plot.
    plot_x0: f64,
    /// Right edge of the plot.
    plot_x1: f64,
    /// Lowest value of the x axis.
    lo: f64,
    /// Highest value of the x axis.
    hi: f64,
    /// Values to x coordinates.
    sx: Scale,
    /// Top of the first row (lower when the target label needs room above it).
    top: f64,
    /// The x axis line.
    axis_y: f64,
    /// Axis ticks.
    ticks: Vec<f64>,
    /// Decimals the tick labels need.
    decimals: usize,
}

/// What drawing the bars found: the bands shown, and where each row's value text starts.
struct BarMarks {
    /// Bands drawn, by band number (index 0 unused).
    bands_seen: [bool; 5],
    /// Whether a bar without a band was drawn (grey).
    no_benchmark: bool,
    /// Each row's bar end: its value text starts there.
    ends: Vec<f64>,
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
    let mut cv = Canvas::new(&c.id);
    cv.linked = c.bars.iter().any(|b| safe_href(&b.href).is_some());
    let l = layout(c);
    let mut body = String::new();
    draw_grid(&mut body, &l);
    let marks = draw_bars(&mut cv, &mut body, c, &l);
    draw_target(&mut body, &l);
    draw_row_texts(&mut body, c, &l, &marks.ends);
    draw_axis(&mut body, &l);
    let bottom = draw_unit(&mut body, &c.unit, &l);
    cv.body = body;
    let key_h = draw_key(&mut cv, &marks, bottom);
    let height = bottom + key_h + 2.0;
    cv.finish(
        "bar",
        (0.0, 0.0, W, height),
        Naming::TitleDesc(&c.title, &c.desc),
    )
}

/// Measures the texts and places the plot, the rows and the axis.
fn layout(c: &BarChart) -> BarLayout {
    let target = c
        .target
        .as_ref()
        .filter(|(v, _)| v.is_finite())
        .map(|(v, l)| (*v, clean(l)));
    let values: Vec<Option<f64>> = c.bars.iter().map(|b| finite(Some(b.value))).collect();
    let (lo, hi) = value_domain(
        values.iter().flatten().copied(),
        target.as_ref().map(|t| t.0),
        empty_top(&c.unit),
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
    BarLayout {
        target,
        values,
        labels,
        displays,
        label_w,
        value_w,
        plot_x0,
        plot_x1,
        lo,
        hi,
        sx,
        top,
        axis_y,
        ticks,
        decimals,
    }
}

/// Vertical grid lines at the ticks, drawn first so that bars paint over them.
fn draw_grid(body: &mut String, l: &BarLayout) {
    let _ = writeln!(body, "<g class=\"grid\" aria-hidden=\"true\">");
    for &t in &l.ticks {
        let x = l.sx.at(t);
        let _ = writeln!(
            body,
            "<path d=\"M{} {}V{}\" stroke=\"{GRID_COLOUR}\" stroke-width=\"1\"/>",
            n(x),
            n(l.top),
            n(l.axis_y)
        );
    }
    body.push_str("</g>\n");
}

/// Pass 1: row tints, bars and band numbers.
fn draw_bars(cv: &mut Canvas, body: &mut String, c: &BarChart, l: &BarLayout) -> BarMarks {
    let (top, sx, lo, hi) = (l.top, l.sx, l.lo, l.hi);
    let values = &l.values;
    let mut bands_seen = [false; 5];
    let mut no_benchmark = false;
    let zero_x = sx.at(clamp_or_mid(0.0, lo, hi));
    let mut ends: Vec<f64> = Vec::with_capacity(c.bars.len());
    // Bars and band numbers repeat what each row's text says, so they are hidden from screen
    // readers (which only look inside a chart when it has links).
    let _ = writeln!(body, "<g class=\"bars\" aria-hidden=\"true\">");
    for (i, (bar, v)) in c.bars.iter().zip(values).enumerate() {
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
            band_badge(body, cx, by + BAR_H / 2.0, b, r);
        }
    }
    body.push_str("</g>\n");
    BarMarks {
        bands_seen,
        no_benchmark,
        ends,
    }
}

/// The target line goes over the bars but under the texts, whose halo interrupts it, so it
/// can cross a bar yet never strike through a value.
fn draw_target(body: &mut String, l: &BarLayout) {
    let (top, axis_y, sx) = (l.top, l.axis_y, l.sx);
    if let Some((tv, tl)) = &l.target {
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
}

/// Pass 2: texts, one group (or link) per row.
fn draw_row_texts(body: &mut String, c: &BarChart, l: &BarLayout, ends: &[f64]) {
    let (top, label_w, value_w) = (l.top, l.label_w, l.value_w);
    let (values, labels, displays) = (&l.values, &l.labels, &l.displays);
    for (i, ((bar, v), (label, display))) in c
        .bars
        .iter()
        .zip(values)
        .zip(labels.iter().zip(displays))
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
            Some(b) => labelled(label, &format!("{display} ({})", band_words(b))),
            None => labelled(label, display),
        };
        let link = safe_href(&bar.href);
        if let Some(h) = link {
            open_link(body, h, &spoken);
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
        // The axis names the unit: a value too long for its column drops the unit's words
        // rather than being cut mid-word (its accessible name keeps the whole text).
        let dt = fit_words(display, value_w, FONT, bar.highlight);
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
}

/// Axis line and tick labels; labels are thinned when they would touch. The row texts already
/// state every value, so the axis is for the eye only.
fn draw_axis(body: &mut String, l: &BarLayout) {
    let (plot_x0, plot_x1, axis_y, sx) = (l.plot_x0, l.plot_x1, l.axis_y, l.sx);
    let (ticks, decimals) = (&l.ticks, l.decimals);
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
}

/// The unit under the axis, if any; returns the bottom of what is drawn so far.
fn draw_unit(body: &mut String, unit: &str, l: &BarLayout) -> f64 {
    let (plot_x0, plot_x1) = (l.plot_x0, l.plot_x1);
    let axis_y = l.axis_y;
    let mut bottom = axis_y + 4.0 + TICK_FONT + 4.0;
    let unit = clean(unit);
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
    bottom
}

/// The key of the bands shown (and of the grey "no benchmark" bars); returns its height.
fn draw_key(cv: &mut Canvas, marks: &BarMarks, bottom: f64) -> f64 {
    let bands: Vec<u8> = (1..=4u8)
        .filter(|&b| marks.bands_seen[usize::from(b)])
        .collect();
    let grey = if marks.no_benchmark {
        GreyEntry::NoBenchmark
    } else {
        GreyEntry::None
    };
    if bands.is_empty() && grey == GreyEntry::None {
        0.0
    } else {
        band_key(
            cv,
            &bands,
            &[grey],
            W / 2.0,
            bottom + 4.0,
            W - 4.0,
            TICK_FONT,
        ) + 4.0
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::render::charts::test_support::{assert_chart, attr_values, long_name};

    /// Three cities with a target, one of them highlighted and two linked.
    pub(in crate::render::charts) fn three_cities() -> BarChart {
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

    #[test]
    fn bar_chart_escapes_its_texts() {
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
    fn bar_chart_drops_unsafe_links() {
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
    fn edge_cases_do_not_panic() {
        let nan = f64::NAN;
        let inf = f64::INFINITY;
        let mut svgs: Vec<(String, &str, &str)> = Vec::new();

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

        for (svg, prefix, kind) in &svgs {
            assert_chart(svg, prefix, kind);
        }
    }

    #[test]
    fn snapshot_bar_chart() {
        insta::assert_snapshot!("bar_chart_three_cities", bar_chart(&three_cities()));
    }
}
