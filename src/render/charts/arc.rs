//! Ring geometry of the benchmark wheel: points, ring segments and text along an arc.

use std::f64::consts::{PI, TAU};
use std::fmt::Write as _;

use super::canvas::{Canvas, esc, n, n1};

/// Point at angle `a` (radians clockwise from 12 o'clock) and radius `r` around the origin.
pub(super) fn polar(r: f64, a: f64) -> (f64, f64) {
    (r * a.sin(), -r * a.cos())
}

/// Path of a ring segment between radii r0 < r1 and angles a0 < a1; a full turn is drawn as two
/// half arcs because a single arc with equal end points renders nothing.
pub(super) fn ring_segment(r0: f64, r1: f64, a0: f64, a1: f64) -> String {
    let sweep = a1 - a0;
    if sweep >= TAU - 1e-9 {
        let mut d = format!(
            "M0 {} A{} {} 0 1 1 0 {} A{} {} 0 1 1 0 {} Z",
            n1(-r1),
            n1(r1),
            n1(r1),
            n1(r1),
            n1(r1),
            n1(r1),
            n1(-r1)
        );
        if r0 > 0.0 {
            let _ = write!(
                d,
                " M0 {} A{} {} 0 1 0 0 {} A{} {} 0 1 0 0 {} Z",
                n1(-r0),
                n1(r0),
                n1(r0),
                n1(r0),
                n1(r0),
                n1(r0),
                n1(-r0)
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
        n1(x0),
        n1(y0),
        n1(r1),
        n1(r1),
        n1(x1),
        n1(y1),
        n1(x2),
        n1(y2),
        n1(r0),
        n1(r0),
        n1(x3),
        n1(y3)
    )
}

/// True when text along an arc centred at angle `mid` reads left to right clockwise (upper half).
pub(super) fn arc_reads_clockwise(mid: f64) -> bool {
    let m = mid.rem_euclid(TAU);
    m <= PI / 2.0 + 1e-9 || m >= 1.5 * PI - 1e-9
}

/// Usable sweep for curved text; a full-turn arc cannot carry a text path.
pub(super) fn text_sweep(a0: f64, a1: f64) -> f64 {
    (a1 - a0).min(1.8 * PI)
}

/// Writes one line of curved text whose glyphs are centred on radius `r`, flipping the path in
/// the lower half so the text is never upside down. The text is centred on its path by the
/// class in `style` (`text-anchor: middle` in the wheel's style sheet).
pub(super) fn arc_text(
    cv: &mut Canvas,
    out: &mut String,
    text: &str,
    r: f64,
    a0: f64,
    a1: f64,
    style: &str,
) {
    let mid = (a0 + a1) / 2.0;
    let sweep = text_sweep(a0, a1);
    let (s, e) = (mid - sweep / 2.0, mid + sweep / 2.0);
    let large = u8::from(sweep > PI);
    let id = cv.new_id("t");
    // The path is the baseline, so shift it by about half the x-height to centre the glyphs on r.
    let size = style_font_size(style);
    // Text reads left to right: along the arc clockwise on the top half, counter-clockwise
    // (from the end back to the start, baseline outside r) on the bottom half.
    let (rb, from, to, sweep_flag) = if arc_reads_clockwise(mid) {
        (r - 0.35 * size, s, e, 1)
    } else {
        (r + 0.35 * size, e, s, 0)
    };
    let (x0, y0) = polar(rb, from);
    let (x1, y1) = polar(rb, to);
    let d = format!(
        "M{} {} A{} {} 0 {large} {sweep_flag} {} {}",
        n(x0),
        n(y0),
        n(rb),
        n(rb),
        n(x1),
        n(y1)
    );
    let _ = writeln!(cv.defs, "<path id=\"{id}\" d=\"{d}\"/>");
    let _ = writeln!(
        out,
        "<text {style}><textPath href=\"#{id}\" startOffset=\"50%\">{}</textPath></text>",
        esc(text)
    );
}

/// Reads the font size back from a style attribute string built by the wheel's `ring_text_style`.
pub(super) fn style_font_size(style: &str) -> f64 {
    style
        .split("font-size=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(10.0)
}
