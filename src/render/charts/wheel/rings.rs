//! The wheel's rings without a word, for the city's card.

use std::fmt::Write as _;

use super::super::arc::ring_segment;
use super::super::canvas::{Canvas, n};
use super::super::palette::{NO_DATA_COLOUR, band_colour, band_of, finite};
use super::{RING_DIM, RING_HOLE, RING_SUB, Wheel, layout, look, segment_fill};

/// "No data" without its pattern: darker than the pattern's ground, or it would barely show
/// against the white of a card.
const FLAT_NO_DATA: &str = "#d4d4d4";

/// The wheel's three rings alone, without a word, centred at (`cx`, `cy`) with outer radius
/// `radius`, for an image whose words are drawn elsewhere (the city's card). With `hatch`, the
/// bands carry their patterns drawn `hatch` times their size in the page's wheel (a coarse
/// pattern costs a PNG fewer bytes); with `None`, flat colours. Returns the pattern
/// definitions (with ids under `id`) and the drawing.
pub fn wheel_rings(
    w: &Wheel,
    id: &str,
    (cx, cy, radius): (f64, f64, f64),
    hatch: Option<f64>,
) -> (String, String) {
    if w.dimensions.is_empty() {
        return (String::new(), String::new());
    }
    let mut cv = Canvas::new(id);
    let l = layout(w);
    let s = hatch.unwrap_or(1.0).max(0.1);
    let r = radius / s;
    let mut fill = |band: Option<u8>, reported: bool| match (look(band, reported), hatch) {
        (5, _) => NO_DATA_COLOUR.to_owned(),
        (0, None) => FLAT_NO_DATA.to_owned(),
        (b @ 1..=4, None) => band_colour(b).to_owned(),
        (lk, Some(_)) => segment_fill(&mut cv, lk),
        _ => FLAT_NO_DATA.to_owned(),
    };
    let mut body = format!(
        "<g transform=\"translate({} {}) scale({})\" stroke=\"#fff\" stroke-width=\"{}\" stroke-linejoin=\"round\" shape-rendering=\"crispEdges\">\n",
        n(cx),
        n(cy),
        n(s),
        n(2.0 / s)
    );
    let mut seg = |f: String, r0: f64, r1: f64, a0: f64, a1: f64| {
        let _ = writeln!(
            body,
            "<path d=\"{}\" fill=\"{f}\"/>",
            ring_segment(r0, r1, a0, a1)
        );
    };
    for (d, &(a0, a1)) in w.dimensions.iter().zip(&l.dim_spans) {
        let f = fill(band_of(d.band, d.score_pct), d.reported);
        seg(f, r * RING_HOLE, r * RING_DIM, a0, a1);
    }
    for &(_, sub, a0, a1) in &l.sub_spans {
        let f = fill(band_of(sub.band, sub.score_pct), sub.reported);
        seg(f, r * RING_DIM, r * RING_SUB, a0, a1);
    }
    for leaf in &l.leaves {
        let f = fill(
            band_of(leaf.cat.band, finite(leaf.cat.score_pct)),
            leaf.cat.reported,
        );
        seg(f, r * RING_SUB, r, leaf.a0, leaf.a1);
    }
    body.push_str("</g>\n");
    (cv.pattern_defs(), body)
}
