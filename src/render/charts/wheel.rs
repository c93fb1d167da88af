//! The benchmark wheel: a sunburst of a city's dimension, sub-dimension and category scores.

use std::f64::consts::{PI, TAU};
use std::fmt::Write as _;

use super::arc::{arc_reads_clockwise, arc_text, polar, ring_segment, text_sweep};
use super::canvas::{
    Canvas, GreyEntry, Naming, band_key, empty_chart, esc, n, safe_href, title_el,
};
use super::palette::{
    NO_DATA_BG, NO_DATA_COLOUR, TEXT_COLOUR, band_colour, band_of, finite, score_phrase_or,
};
use super::text::{clean, initials, text_w};
use super::words::labelled;

mod labels;
mod rings;
use labels::{dim_layouts, dim_needs, layout_needs, wheel_label_lines};
pub use rings::wheel_rings;

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
    /// Reported, not scored: values but no score (no target, or too few scored). Drawn solid
    /// grey rather than with the "no data" pattern.
    pub reported: bool,
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
    /// Reported, not scored (see [`WheelCategory::reported`]).
    pub reported: bool,
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
    /// Reported, not scored (see [`WheelCategory::reported`]).
    pub reported: bool,
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
    /// The key's entry for hatched segments (nothing reported); "no data" when empty.
    pub grey_label: String,
    /// The key's entry for solid grey segments (reported, not scored); the charts' "no
    /// benchmark" words when empty.
    pub reported_label: String,
}

const WHEEL_MIN_R: f64 = 100.0;
/// Radius of a band digit's disc.
const BADGE_R: f64 = 7.5;
const WHEEL_LABEL_FONT: f64 = 11.0;
const WHEEL_LINE: f64 = 12.0;
const WHEEL_LABEL_GAP: f64 = 5.0;
const WHEEL_DIM_FONT: f64 = 11.0;
const WHEEL_SUB_FONT: f64 = 10.5;
// Ring boundaries as fractions of the outer radius.
const RING_HOLE: f64 = 0.12;
const RING_DIM: f64 = 0.58;
const RING_SUB: f64 = 0.77;
/// Text attributes for labels drawn on a ring segment: white on bands with a halo in the band
/// colour that masks the pattern behind the glyphs, dark on the pale "no data" pattern, white
/// on the solid grey of "reported, not scored" (`look` 5).
fn ring_text_style(look: u8, size: f64) -> String {
    format!("font-size=\"{}\" class=\"w-l{look}\"", n(size))
}

/// How a segment looks: its band, 0 for "no data" (hatched) or 5 for "reported, not scored"
/// (solid grey).
fn look(band: Option<u8>, reported: bool) -> u8 {
    match band {
        Some(b) => b,
        None if reported => 5,
        None => 0,
    }
}

/// A segment's fill for its [`look`].
fn segment_fill(cv: &mut Canvas, look: u8) -> String {
    match look {
        1..=4 => cv.fill(Some(look)),
        5 => NO_DATA_COLOUR.to_owned(),
        _ => cv.fill(None),
    }
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

/// The wheel's repeated presentation, once per file: the separator stroke of every segment
/// (every drawn path of the wheel is a ring segment: a class on each was 5 % of the file), the
/// label halo
/// (class `w-l0` on the pale "no data" pattern, `w-l1`..`w-l4` on a band's colour, `w-l5` on
/// the grey of "reported, not scored") and the category labels (`w-s`, `w-e`). Written as
/// attributes on each of ~70 segments and labels it was a third of the file.
fn wheel_style() -> String {
    let mut s = format!(
        "<style>.chart-wheel path{{stroke:#fff;stroke-width:1.5px;stroke-linejoin:round}}.w-l0,.w-l1,.w-l2,.w-l3,.w-l4,.w-l5{{stroke-width:3px;stroke-linejoin:round;paint-order:stroke;text-anchor:middle}}.w-l0{{fill:{TEXT_COLOUR};stroke:{NO_DATA_BG}}}"
    );
    for b in 1..=4u8 {
        let _ = write!(s, ".w-l{b}{{fill:#fff;stroke:{}}}", band_colour(b));
    }
    let _ = write!(s, ".w-l5{{fill:#fff;stroke:{NO_DATA_COLOUR}}}");
    // The category labels: one size and colour, anchored at the ring on either side; the
    // band digits on their white discs.
    let _ = write!(
        s,
        ".w-s,.w-e{{font-size:{}px;fill:{TEXT_COLOUR}}}.w-e{{text-anchor:end}}.w-c{{fill:#fff}}.w-b{{font-size:{}px;font-weight:700;text-anchor:middle;fill:{TEXT_COLOUR}}}",
        n(WHEEL_LABEL_FONT),
        n(BADGE_R * 1.45)
    );
    s.push_str("</style>\n");
    s
}

/// A box (min x, min y, max x, max y) in user units.
type Bbox = (f64, f64, f64, f64);

/// Where every part of the wheel goes, worked out before anything is drawn.
struct WheelLayout<'a> {
    /// Every category slot, clockwise from 12 o'clock.
    leaves: Vec<Leaf<'a>>,
    /// Start and end angle of each dimension.
    dim_spans: Vec<(f64, f64)>,
    /// Each sub-dimension with its dimension, and its start and end angle.
    sub_spans: Vec<(&'a WheelDimension, &'a WheelSub, f64, f64)>,
    /// Angle of one category slot.
    step: f64,
    /// Outer radius of the rings.
    r: f64,
    /// Radius at which the category labels start.
    label_r: f64,
}

/// The outer ring's radii and where its band numbers go.
struct OuterRing {
    /// Inner radius of the ring.
    r_sub: f64,
    /// Outer radius of the ring.
    r: f64,
    /// Radius at which the category labels start.
    label_r: f64,
    /// Radius the band numbers' centres sit on.
    badge_at: f64,
    /// Whether band numbers fit in the ring's segments.
    badge_fits: bool,
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
    cv.defs.push_str(&wheel_style());
    cv.linked = w
        .dimensions
        .iter()
        .flat_map(|d| &d.subdimensions)
        .flat_map(|s| &s.categories)
        .any(|c| safe_href(&c.href).is_some());
    let l = layout(w);
    let mut body = String::new();
    let mut used = [false; 6];
    draw_dimensions(&mut cv, &mut body, w, &l, &mut used);
    draw_subdimensions(&mut cv, &mut body, &l, &mut used);
    let bbox = draw_categories(&mut cv, &mut body, &l, &mut used);
    cv.body = body;
    finish_with_key(cv, w, &l, used, bbox)
}

/// The angle of every segment and the radius of the rings.
fn layout(w: &Wheel) -> WheelLayout<'_> {
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

    // A name that several sub-dimensions use (Water and Sanitation under ICT, Infrastructure
    // and Environment) is labelled with its sub-dimension, or the labels would not say which
    // is which.
    let mut uses: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for c in w
        .dimensions
        .iter()
        .flat_map(|d| &d.subdimensions)
        .flat_map(|s| &s.categories)
    {
        *uses.entry(clean(&c.name)).or_default() += 1;
    }
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
                let name = clean(&c.name);
                let label = if uses.get(&name).copied().unwrap_or(0) > 1 {
                    format!("{name} ({})", clean(&s.name))
                } else {
                    name
                };
                let lines = wheel_label_lines(&label);
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
    // Grow a little (at most 20 %) so dimension names fit whole; beyond that a line is set
    // smaller, or left out.
    let mut r = base_r;
    for (d, &(a0, a1)) in w.dimensions.iter().zip(&dim_spans) {
        r = r.max(dim_needs(&clean(&d.name), a0, a1).min(base_r * 1.2));
    }
    let label_r = r + WHEEL_LABEL_GAP;
    WheelLayout {
        leaves,
        dim_spans,
        sub_spans,
        step,
        r,
        label_r,
    }
}

/// Opens a segment's group. A linked wheel is a group, so its parts are read one by one: each
/// segment then speaks as one image named by its tooltip (`tip`) instead of as loose words and
/// band numbers. A plain wheel is one image, named by its title and description: a segment's
/// tooltip would show only where the file is opened on its own (an `<img>` shows none), and
/// the tooltips were a fifth of the file (a quarter in Russian), so they are left out.
fn open_segment(out: &mut String, linked: bool, tip: impl FnOnce() -> String) {
    if linked {
        // The `<title>` names the image: an `aria-label` beside it said the same words again.
        let _ = write!(out, "<g role=\"img\">{}", title_el(&tip()));
    }
}

/// Closes what [`open_segment`] opened: a plain wheel's segments are not grouped (a group
/// that names nothing was 44 tags a file).
fn close_segment(out: &mut String, linked: bool) {
    out.push_str(if linked { "</g>\n" } else { "\n" });
}

/// Inner ring: the dimensions, named along the ring. Marks the [`look`]s it used.
fn draw_dimensions(
    cv: &mut Canvas,
    body: &mut String,
    w: &Wheel,
    l: &WheelLayout,
    used: &mut [bool; 6],
) {
    let r = l.r;
    let (r_hole, r_dim) = (r * RING_HOLE, r * RING_DIM);
    let _ = writeln!(body, "<g class=\"ring-dimensions\">");
    for (d, &(a0, a1)) in w.dimensions.iter().zip(&l.dim_spans) {
        let band = band_of(d.band, d.score_pct);
        let look = look(band, d.reported);
        used[usize::from(look)] = true;
        let fill = segment_fill(cv, look);
        let name = clean(&d.name);
        open_segment(body, cv.linked, || {
            labelled(&name, &score_phrase_or(d.score_pct, band, &d.note))
        });
        let _ = writeln!(
            body,
            "<path d=\"{}\" fill=\"{fill}\"/>",
            ring_segment(r_hole, r_dim, a0, a1)
        );
        let sweep = text_sweep(a0, a1);
        let layouts = dim_layouts(&name, arc_reads_clockwise((a0 + a1) / 2.0));
        // The first layout that fits at full size, else the one that needs least room, so a
        // smaller size can still draw it (a long Russian name on two lines).
        let needs = |l: &Vec<(String, f64)>| layout_needs(l, sweep, WHEEL_DIM_FONT);
        let chosen = layouts
            .iter()
            .find(|l| needs(l) <= r)
            .or_else(|| layouts.iter().min_by(|a, b| needs(a).total_cmp(&needs(b))))
            .unwrap_or(&layouts[0]);
        // Each line whole, in the largest of three sizes that fits it; a line that fits none
        // is left out rather than cut mid-word (the segment's title names the dimension).
        for (text, frac) in chosen {
            let avail = sweep * frac * r - 8.0;
            let size = [1.0, 0.85, 0.7]
                .iter()
                .map(|f| WHEEL_DIM_FONT * f)
                .find(|&s| text_w(text, s, false) <= avail);
            if let Some(size) = size {
                let style = ring_text_style(look, size);
                arc_text(cv, body, text, frac * r, a0, a1, &style);
            }
        }
        close_segment(body, cv.linked);
    }
    body.push_str("</g>\n");
}

/// Middle ring: sub-dimensions, with the full name or its initials. Marks the [`look`]s it
/// used.
fn draw_subdimensions(cv: &mut Canvas, body: &mut String, l: &WheelLayout, used: &mut [bool; 6]) {
    let (r_dim, r_sub) = (l.r * RING_DIM, l.r * RING_SUB);
    let _ = writeln!(body, "<g class=\"ring-subdimensions\">");
    for &(d, s, a0, a1) in &l.sub_spans {
        let band = band_of(s.band, s.score_pct);
        let look = look(band, s.reported);
        used[usize::from(look)] = true;
        let fill = segment_fill(cv, look);
        let name = clean(&s.name);
        open_segment(body, cv.linked, || {
            format!(
                "{name} ({}): {}",
                clean(&d.name),
                score_phrase_or(s.score_pct, band, &s.note)
            )
        });
        let _ = writeln!(
            body,
            "<path d=\"{}\" fill=\"{fill}\"/>",
            ring_segment(r_dim, r_sub, a0, a1)
        );
        let mid_r = (r_dim + r_sub) / 2.0;
        let avail = text_sweep(a0, a1) * mid_r - 6.0;
        // The whole name, smaller if need be, else its initials, else nothing: a word is never
        // cut (the segment's title and the table below name it).
        let small = WHEEL_SUB_FONT * 0.8;
        let chosen = if text_w(&name, WHEEL_SUB_FONT, false) <= avail {
            Some((name.clone(), WHEEL_SUB_FONT))
        } else if text_w(&name, small, false) <= avail {
            Some((name.clone(), small))
        } else {
            initials(&name)
                .filter(|i| text_w(i, WHEEL_SUB_FONT, false) <= avail)
                .map(|i| (i, WHEEL_SUB_FONT))
        };
        if let Some((text, size)) = chosen {
            let style = ring_text_style(look, size);
            arc_text(cv, body, &text, mid_r, a0, a1, &style);
        }
        close_segment(body, cv.linked);
    }
    body.push_str("</g>\n");
}

/// Outer ring and the category labels around it. Marks the [`look`]s it used; returns the
/// box the whole drawing fills.
fn draw_categories(
    cv: &mut Canvas,
    body: &mut String,
    l: &WheelLayout,
    used: &mut [bool; 6],
) -> Bbox {
    let r = l.r;
    let r_sub = r * RING_SUB;
    let mut bbox = (-r, -r, r, r);
    let step = l.step;
    let _ = writeln!(body, "<g class=\"ring-categories\">");
    let badge_r = BADGE_R;
    let badge_at = (r_sub + r) / 2.0;
    let badge_fits = step * badge_at >= 2.0 * badge_r + 3.0 && (r - r_sub) >= 2.0 * badge_r + 3.0;
    let ring = OuterRing {
        r_sub,
        r,
        label_r: l.label_r,
        badge_at,
        badge_fits,
    };
    // The band digits of linked categories, drawn over the ring in one group: not read (each
    // link's name states its band) and not in the pointer's way.
    let mut badges = String::new();
    let mut badge_bands = [false; 5];
    for leaf in &l.leaves {
        let look = draw_category(
            cv,
            body,
            leaf,
            &ring,
            &mut bbox,
            &mut badges,
            &mut badge_bands,
        );
        used[usize::from(look)] = true;
    }
    let prefix = cv.prefix().to_owned();
    wheel_badge_defs(&mut cv.defs, &prefix, badge_bands, badge_r);
    if !badges.is_empty() {
        let _ = write!(
            body,
            "<g aria-hidden=\"true\" pointer-events=\"none\">\n{badges}</g>\n"
        );
    }
    body.push_str("</g>\n");
    bbox
}

/// A band digit on a white disc, drawn once per band in the defs (classes `w-c`, `w-b`) and
/// placed with `<use>`: written out at each of ~30 categories it was an eighth of the file.
fn wheel_badge_defs(out: &mut String, prefix: &str, bands: [bool; 5], r: f64) {
    for b in (1..=4u8).filter(|&b| bands[usize::from(b)]) {
        let _ = writeln!(
            out,
            "<g id=\"{prefix}-n{b}\"><circle r=\"{}\" class=\"w-c\"/><text y=\"{}\" class=\"w-b\">{b}</text></g>",
            n(r),
            n(r * 0.5)
        );
    }
}

/// Places the disc of `band` (see [`wheel_badge_defs`]) with its centre at (`x`, `y`).
fn wheel_badge(out: &mut String, prefix: &str, x: f64, y: f64, band: u8) {
    let _ = writeln!(
        out,
        "<use href=\"#{prefix}-n{band}\" x=\"{}\" y=\"{}\"/>",
        n(x),
        n(y)
    );
}

/// One category: its segment (in a link when it has one), its band number and its label.
/// Grows `bbox` by the label; returns the category's [`look`].
fn draw_category(
    cv: &mut Canvas,
    body: &mut String,
    leaf: &Leaf,
    ring: &OuterRing,
    bbox: &mut Bbox,
    badges: &mut String,
    badge_bands: &mut [bool; 5],
) -> u8 {
    let OuterRing {
        r_sub,
        r,
        label_r,
        badge_at,
        badge_fits,
    } = *ring;
    let c = leaf.cat;
    let score = finite(c.score_pct);
    let band = band_of(c.band, score);
    let look = look(band, c.reported);
    let fill = segment_fill(cv, look);
    let name = clean(&c.name);
    let tip = || {
        format!(
            "{name} ({}, {}): {}",
            clean(&leaf.sub.name),
            clean(&leaf.dim.name),
            score_phrase_or(score, band, &c.note)
        )
    };
    let link = safe_href(&c.href);
    if let Some(h) = link {
        // The `<title>` child names the link and is its tooltip: an `aria-label` beside it
        // said the same words again, 27 times a file.
        let _ = write!(body, "<a href=\"{}\">{}", esc(h.trim()), title_el(&tip()));
    } else {
        open_segment(body, cv.linked, tip);
    }
    let _ = write!(
        body,
        "<path d=\"{}\" fill=\"{fill}\"/>",
        ring_segment(r_sub, r, leaf.a0, leaf.a1)
    );
    let mid = (leaf.a0 + leaf.a1) / 2.0;
    let badge = match (band, badge_fits) {
        (Some(b), true) => Some((polar(badge_at, mid), b)),
        _ => None,
    };
    // In a link the band digit is drawn apart, after the ring (`badges`): a link's visible
    // text must be part of its name (WCAG 2.5.3), and "4 Water and Sanitation" is not.
    if let Some((_, b)) = badge {
        badge_bands[usize::from(b)] = true;
    }
    match badge {
        Some(((x, y), b)) if link.is_none() => wheel_badge(body, cv.prefix(), x, y, b),
        Some(((x, y), b)) => {
            wheel_badge(badges, cv.prefix(), x, y, b);
            body.push('\n');
        }
        None => body.push('\n'),
    }
    category_label(body, &leaf.lines, mid, label_r, bbox);
    match link {
        Some(_) => body.push_str("</a>\n"),
        None => close_segment(body, cv.linked),
    }
    look
}

/// Radial label: reads outwards on the right half; on the left half it is turned half a
/// turn and anchored at its end, so it still reads left to right and still starts at the ring.
/// Grows `bbox` by the rotated label box so the viewBox can hug the drawing.
fn category_label(body: &mut String, lines: &[String], mid: f64, label_r: f64, bbox: &mut Bbox) {
    let m = mid.rem_euclid(TAU);
    let right = m < PI;
    let deg = mid.to_degrees() - if right { 90.0 } else { 270.0 };
    let (ax, ay) = polar(label_r, mid);
    let k = lines.len() as f64;
    let width = lines
        .iter()
        .map(|l| text_w(l, WHEEL_LABEL_FONT, false))
        .fold(0.0, f64::max);
    let _ = write!(
        body,
        "<text transform=\"translate({} {}) rotate({})\" class=\"{}\">",
        n(ax),
        n(ay),
        n(deg),
        if right { "w-s" } else { "w-e" }
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
    body.push_str("</text>");
    let (x0, x1) = if right { (0.0, width) } else { (-width, 0.0) };
    let half = k * WHEEL_LINE / 2.0;
    let rad = deg.to_radians();
    for (lx, ly) in [(x0, -half), (x1, -half), (x0, half), (x1, half)] {
        let px = ax + lx * rad.cos() - ly * rad.sin();
        let py = ay + lx * rad.sin() + ly * rad.cos();
        *bbox = (
            bbox.0.min(px),
            bbox.1.min(py),
            bbox.2.max(px),
            bbox.3.max(py),
        );
    }
}

/// Adds the band key under the drawing and names the chart: the caller's sentence, the
/// dimension scores, then the categories reported but not scored and those without data (the
/// two greys of the drawing).
fn finish_with_key(
    mut cv: Canvas,
    w: &Wheel,
    l: &WheelLayout,
    used: [bool; 6],
    bbox: Bbox,
) -> String {
    let pad = 4.0;
    let (minx, miny, maxx, _) = (bbox.0 - pad, bbox.1 - pad, bbox.2 + pad, bbox.3);
    let width = maxx - minx;
    let key_top = bbox.3 + 12.0;
    let reported_label = if w.reported_label.is_empty() {
        super::words::word(|w| &w.no_benchmark)
    } else {
        clean(&w.reported_label)
    };
    let grey_label = if w.grey_label.is_empty() {
        super::words::word(|w| &w.no_data)
    } else {
        clean(&w.grey_label)
    };
    let mut greys = Vec::new();
    if used[5] {
        greys.push(GreyEntry::Solid(&reported_label));
    }
    if used[0] {
        greys.push(GreyEntry::Label(&grey_label));
    }
    let key_h = band_key(
        &mut cv,
        &[1, 2, 3, 4],
        &greys,
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
            labelled(
                &clean(&d.name),
                &score_phrase_or(d.score_pct, band, &d.note),
            )
        })
        .collect();
    let mut desc = format!("{} {}.", clean(&w.desc), super::words::listed(&summary));
    for (want, label) in [(5, &reported_label), (0, &grey_label)] {
        let names: Vec<String> = l
            .leaves
            .iter()
            .filter(|leaf| {
                let band = band_of(leaf.cat.band, finite(leaf.cat.score_pct));
                look(band, leaf.cat.reported) == want
            })
            .map(|leaf| leaf.lines.join(" "))
            .collect();
        if !names.is_empty() {
            let mut chars = label.chars();
            let label: String = chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default();
            let _ = write!(desc, " {}.", labelled(&label, &names.join(", ")));
        }
    }
    cv.finish(
        "wheel",
        (minx, miny, width, height),
        Naming::TitleDesc(&w.title, desc.trim()),
    )
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::render::charts::palette::band_for_pct;
    use crate::render::charts::test_support::{assert_chart, attr_values, long_name};

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

    /// The U4SSC wheel of an imaginary city, every band and a few unscored parts in it.
    pub(in crate::render::charts) fn u4ssc_wheel(id: &str) -> Wheel {
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
                        reported: false,
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
                reported: false,
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
            reported_label: String::new(),
            id: id.to_owned(),
            title: "Benchmark wheel: Exampleville, 2024".to_owned(),
            desc: "Exampleville reaches band 3 in Economy and Society and Culture; Environment is weakest."
                .to_owned(),
            dimensions: dims,
        }
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
        for leaf in layout(&w).leaves {
            assert!(
                leaf.lines
                    .iter()
                    .all(|l| svg.contains(&format!(">{}</tspan>", esc(l))))
            );
        }
        // A repeated name says which sub-dimension it is; a unique one does not.
        assert!(svg.contains(">(Infrastructure)</tspan>"));
        assert!(svg.contains(">Electricity Supply</tspan> <tspan"));
        assert!(svg.contains(">Public Sector</tspan>"));
        assert!(svg.contains("Economy: 72.9 % (band 3, 66–95 %)"));
        // Band numbers are printed as text, once per band, and placed where they are used
        // (`assert_chart` checks that each placed one is defined); every pattern used is
        // defined.
        assert_eq!(svg.matches("class=\"w-b\">1</text>").count(), 1);
        assert!(svg.contains("<use href=\"#city-wheel-n1\""));
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
        // One image, named once: no segment carries a tooltip of its own.
        assert_eq!(svg.matches("<title").count(), 1, "{svg}");
        assert!(svg.contains("<desc"));
    }

    #[test]
    fn wheel_labels_never_crowd() {
        // The label circle is long enough for every label's thickness, whatever the count.
        for count in [1usize, 5, 22, 27, 60, 150] {
            let cats = (0..count)
                .map(|i| WheelCategory {
                    note: String::new(),
                    reported: false,
                    name: format!("Category number {i} with a long name"),
                    score_pct: Some(i as f64),
                    band: None,
                    href: None,
                })
                .collect();
            let w = Wheel {
                grey_label: String::new(),
                reported_label: String::new(),
                id: "w".into(),
                title: "t".into(),
                desc: "d".into(),
                dimensions: vec![WheelDimension {
                    note: String::new(),
                    reported: false,
                    name: "Only".into(),
                    score_pct: None,
                    band: None,
                    subdimensions: vec![WheelSub {
                        note: String::new(),
                        reported: false,
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
    fn edge_cases_do_not_panic() {
        let nan = f64::NAN;
        let inf = f64::INFINITY;
        let mut svgs: Vec<(String, &str, &str)> = Vec::new();

        // Wheels: empty, hollow dimension, empty sub, a single category, odd numbers.
        svgs.push((wheel(&Wheel::default()), "c-", "wheel"));
        let odd = Wheel {
            grey_label: String::new(),
            reported_label: String::new(),
            id: "odd".into(),
            title: long_name(),
            desc: long_name(),
            dimensions: vec![
                WheelDimension {
                    note: String::new(),
                    reported: false,
                    name: long_name(),
                    score_pct: Some(nan),
                    band: Some(0),
                    subdimensions: vec![],
                },
                WheelDimension {
                    note: String::new(),
                    reported: false,
                    name: "D".into(),
                    score_pct: Some(-20.0),
                    band: None,
                    subdimensions: vec![
                        WheelSub {
                            note: String::new(),
                            reported: false,
                            name: long_name(),
                            score_pct: Some(inf),
                            band: Some(200),
                            categories: vec![],
                        },
                        WheelSub {
                            note: String::new(),
                            reported: false,
                            name: "S".into(),
                            score_pct: Some(150.0),
                            band: None,
                            categories: vec![WheelCategory {
                                note: String::new(),
                                reported: false,
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

        for (svg, prefix, kind) in &svgs {
            assert_chart(svg, prefix, kind);
        }
        assert!(svgs[0].0.contains(">No data</text>"));
    }

    /// The U4SSC wheel with its names in `lang` ("en", "fr", "ru"), read from the catalog's
    /// translation files, every category unscored but a few, so both greys are drawn.
    fn u4ssc_wheel_in(lang: &str) -> Wheel {
        let tables: toml::Table = match lang {
            "fr" => toml::from_str(include_str!("../../../catalog/u4ssc.fr.toml")).unwrap(),
            "ru" => toml::from_str(include_str!("../../../catalog/u4ssc.ru.toml")).unwrap(),
            _ => toml::Table::new(),
        };
        let tr = |table: &str, en: &str| {
            tables
                .get(table)
                .and_then(|t| t.get(en))
                .and_then(|v| v.as_str())
                .unwrap_or(en)
                .to_owned()
        };
        let mut w = u4ssc_wheel("w");
        w.reported_label = "reported, not scored".into();
        for d in &mut w.dimensions {
            d.name = tr("dimensions", &d.name);
            for s in &mut d.subdimensions {
                s.name = tr("subdimensions", &s.name);
                for (i, c) in s.categories.iter_mut().enumerate() {
                    c.name = tr("categories", &c.name);
                    c.reported = i % 2 == 0 && c.score_pct.is_none();
                }
            }
        }
        w
    }

    /// Length of the arc `M x0 y0 A r r 0 large sweep x1 y1` of a text path.
    fn arc_length(d: &str) -> f64 {
        let v: Vec<f64> = d
            .replace(['M', 'A'], " ")
            .split_whitespace()
            .map(|t| t.parse().unwrap())
            .collect();
        let (x0, y0, r, large, x1, y1) = (v[0], v[1], v[2], v[5], v[7], v[8]);
        let chord = (x1 - x0).hypot(y1 - y0);
        let angle = 2.0 * (chord / (2.0 * r)).min(1.0).asin();
        r * if large > 0.5 { TAU - angle } else { angle }
    }

    #[test]
    fn no_label_is_cut_in_any_language() {
        for lang in ["en", "fr", "ru"] {
            let w = u4ssc_wheel_in(lang);
            let svg = wheel(&w);
            assert_chart(&svg, "w", "wheel");
            assert!(!svg.contains('…'), "{lang}: a label was cut");
            let l = layout(&w);
            for leaf in &l.leaves {
                let name = clean(&leaf.cat.name);
                let label = leaf.lines.join(" ");
                // The whole name, and the sub-dimension where the name repeats.
                let repeats = l
                    .leaves
                    .iter()
                    .filter(|o| o.cat.name == leaf.cat.name)
                    .count();
                let want = if repeats > 1 {
                    format!("{name} ({})", clean(&leaf.sub.name))
                } else {
                    name
                };
                assert_eq!(label, want, "{lang}");
                for line in &leaf.lines {
                    assert!(
                        svg.contains(&format!(">{}</tspan>", esc(line))),
                        "{lang}: {line}"
                    );
                }
            }
            // Every name on a ring is whole (or initials) and its estimated width fits the
            // length of its path, so the browser draws every glyph.
            let names: Vec<String> = w
                .dimensions
                .iter()
                .map(|d| clean(&d.name))
                .chain(
                    w.dimensions
                        .iter()
                        .flat_map(|d| &d.subdimensions)
                        .map(|s| clean(&s.name)),
                )
                .collect();
            let paths: std::collections::HashMap<String, String> = svg
                .split("<path id=\"")
                .skip(1)
                .map(|p| {
                    let id = p.split('"').next().unwrap().to_owned();
                    let d = p.split("d=\"").nth(1).unwrap().split('"').next().unwrap();
                    (id, d.to_owned())
                })
                .collect();
            let mut drawn = 0;
            for t in svg.split("<textPath href=\"#").skip(1) {
                let id = t.split('"').next().unwrap();
                let text = t.split('>').nth(1).unwrap().split('<').next().unwrap();
                let size: f64 = svg
                    .split(&format!("href=\"#{id}\""))
                    .next()
                    .unwrap()
                    .rsplit("font-size=\"")
                    .next()
                    .unwrap()
                    .split('"')
                    .next()
                    .unwrap()
                    .parse()
                    .unwrap();
                // A dimension name may take two lines, split between words.
                let split = w.dimensions.iter().any(|d| {
                    let words: Vec<&str> = d.name.split_whitespace().collect();
                    (1..words.len()).any(|k| {
                        esc(&words[..k].join(" ")) == text || esc(&words[k..].join(" ")) == text
                    })
                });
                let whole = names.iter().any(|n| esc(n) == text)
                    || names.iter().any(|n| initials(n).as_deref() == Some(text))
                    || split;
                assert!(whole, "{lang}: ring label {text:?} is not a whole name");
                let room = arc_length(&paths[id]);
                assert!(
                    text_w(text, size, false) <= room,
                    "{lang}: {text:?} ({}) is longer than its arc ({room})",
                    text_w(text, size, false)
                );
                drawn += 1;
            }
            assert!(drawn >= 3, "{lang}: the dimension names are drawn");
            // "Reported, not scored" is solid grey, "no data" the hatched pattern, and the
            // description names the categories of each.
            assert!(svg.contains(&format!("fill=\"{NO_DATA_COLOUR}\"")));
            assert!(svg.contains("fill=\"url(#w-nd)\""));
            let desc = svg.split("<desc").nth(1).unwrap();
            assert!(
                desc.contains("Reported, not scored") || lang != "en",
                "{desc}"
            );
        }
    }

    #[test]
    fn snapshot_wheel_u4ssc() {
        insta::assert_snapshot!("wheel_u4ssc", wheel(&u4ssc_wheel("profile-wheel")));
    }
}
