//! The line chart: a few series of values over years, with an optional target line.

use std::fmt::Write as _;

use super::axis::{Scale, axis_num, clamp_or_mid, empty_top, nice_ticks, value_domain, value_num};
use super::canvas::{Canvas, Naming, empty_chart, esc, n, title_el};
use super::palette::{GRID_COLOUR, MUTED_TEXT_COLOUR, SERIES_COLOURS, TEXT_COLOUR};
use super::text::{clean, fit, text_w};
use super::words::labelled;

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

// Every text is 12 units in a 384-unit width, like the bar chart's; series labels at the
// right end stay at least `LINE_GAP` apart.
const W: f64 = 384.0;
const FONT: f64 = 12.0;
const TICK_FONT: f64 = 12.0;
const LINE_GAP: f64 = 14.5;

/// A series as drawn: its label, and its finite points in year order.
type Drawn = (String, Vec<(i32, f64)>);

/// Where everything of a line chart goes, worked out before anything is drawn.
struct LineLayout {
    /// The target value and its label, when the target is a finite number.
    target: Option<(f64, String)>,
    /// First year of the x axis.
    x_lo: i64,
    /// Last year of the x axis.
    x_hi: i64,
    /// Value ticks.
    ticks: Vec<f64>,
    /// The value ticks' labels.
    tick_texts: Vec<String>,
    /// Left edge of the plot.
    left: f64,
    /// Right edge of the plot.
    right: f64,
    /// Room for the series labels right of the plot.
    label_w: f64,
    /// Top of the plot.
    top: f64,
    /// Bottom of the plot.
    bottom: f64,
    /// Height of the whole chart.
    height: f64,
    /// Years to x coordinates.
    sx: Scale,
    /// Values to y coordinates.
    sy: Scale,
}

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
    let series = drawn_series(c);
    if series.is_empty() {
        return empty_chart("line", &c.id, &c.title, &c.desc);
    }
    let mut cv = Canvas::new(&c.id);
    let l = layout(c, &series);
    let mut body = String::new();
    draw_value_axis(&mut body, &l);
    draw_year_axis(&mut body, &l);
    draw_unit(&mut body, &c.unit);
    draw_target(&mut body, &l);
    draw_series(&mut body, &series, &l);
    cv.body = body;
    let desc = description(&c.desc, &series);
    cv.finish(
        "line",
        (0.0, 0.0, W, l.height),
        Naming::TitleDesc(&c.title, desc.trim()),
    )
}

/// The series with something to draw: finite points only, sorted by year.
fn drawn_series(c: &LineChart) -> Vec<Drawn> {
    c.series
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
        .collect()
}

/// Measures the tick and series labels and places the plot.
fn layout(c: &LineChart, series: &[Drawn]) -> LineLayout {
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
    let (lo, hi) = value_domain(
        all.map(|p| p.1),
        target.as_ref().map(|t| t.0),
        empty_top(&c.unit),
    );
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
    LineLayout {
        target,
        x_lo,
        x_hi,
        ticks,
        tick_texts,
        left,
        right,
        label_w,
        top,
        bottom,
        height,
        sx,
        sy,
    }
}

/// Horizontal grid lines with their value labels, and the baseline.
fn draw_value_axis(body: &mut String, l: &LineLayout) {
    let (left, right, bottom, sy) = (l.left, l.right, l.bottom, l.sy);
    let _ = writeln!(body, "<g class=\"grid\" aria-hidden=\"true\">");
    for (&t, text) in l.ticks.iter().zip(&l.tick_texts) {
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
}

/// Year ticks: the smallest round step whose labels have room (about 34 units each).
fn draw_year_axis(body: &mut String, l: &LineLayout) {
    let (x_lo, x_hi, left, right, bottom, sx) = (l.x_lo, l.x_hi, l.left, l.right, l.bottom, l.sx);
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
}

/// The unit above the value axis, if any.
fn draw_unit(body: &mut String, unit: &str) {
    let unit = clean(unit);
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
}

/// The dashed target line and its label.
fn draw_target(body: &mut String, l: &LineLayout) {
    let (left, right, sy) = (l.left, l.right, l.sy);
    if let Some((tv, tl)) = &l.target {
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
}

/// Each series: its line, its markers and its label at the right end of the plot.
fn draw_series(body: &mut String, series: &[Drawn], l: &LineLayout) {
    let (right, top, bottom, label_w, sx, sy) = (l.right, l.top, l.bottom, l.label_w, l.sx, l.sy);
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
            marker(body, k, sx.at(f64::from(yr)), sy.at(v), colour);
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
        marker(body, k, label_x + 6.0, *ly, colour);
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
}

/// The `<desc>`: the caller's sentence, then each series' first and last values.
fn description(desc: &str, series: &[Drawn]) -> String {
    let summary: Vec<String> = series
        .iter()
        .map(|(l, p)| {
            let (y0, v0) = p[0];
            let (y1, v1) = p[p.len() - 1];
            if p.len() == 1 {
                labelled(l, &format!("{y0} {}", value_num(v0)))
            } else {
                labelled(
                    l,
                    &format!("{y0} {} → {y1} {}", value_num(v0), value_num(v1)),
                )
            }
        })
        .collect();
    format!("{} {}.", clean(desc), super::words::listed(&summary))
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::render::charts::test_support::{assert_chart, long_name};

    /// Two cities' renewable energy shares over years, with a target.
    pub(in crate::render::charts) fn two_series() -> LineChart {
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
    fn edge_cases_do_not_panic() {
        let nan = f64::NAN;
        let inf = f64::INFINITY;
        let mut svgs: Vec<(String, &str, &str)> = Vec::new();

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

        for (svg, prefix, kind) in &svgs {
            assert_chart(svg, prefix, kind);
        }
    }

    #[test]
    fn snapshot_line_chart() {
        insta::assert_snapshot!("line_chart_two_series", line_chart(&two_series()));
    }
}
