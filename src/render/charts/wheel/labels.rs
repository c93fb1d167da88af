//! The wheel's labels laid out: category names in lines, dimension names along their arc.
//! They are the same on every profile of a language, so each is measured once per thread.

use super::super::arc::{arc_reads_clockwise, text_sweep};
use super::super::text::{text_w, wrap};
use super::{WHEEL_DIM_FONT, WHEEL_LABEL_FONT};

/// The widest a category label's line is made before a longer word widens it.
const WHEEL_LABEL_MAX_W: f64 = 88.0;
// Radii (as fractions) of the dimension label lines: one centred line, or two lines. A single
// line may also use the outer radius, where the arc is longer.
const DIM_ONE: f64 = 0.42;
const DIM_OUTER: f64 = 0.5;
const DIM_INNER: f64 = 0.34;

/// A category label in at most two lines, never cut: rather than cut a word (French and
/// Russian names have long ones), the lines grow, the viewBox growing with them. A cut label
/// reads badly and is no longer part of its link's name (WCAG 2.5.3).
pub(super) fn wheel_label_lines(name: &str) -> Vec<String> {
    // Every profile of a language has the same labels: measuring them again for each city was
    // most of drawing its wheel (two thirds of its samples in `perf`).
    thread_local! {
        static LINES: std::cell::RefCell<std::collections::HashMap<String, Vec<String>>> =
            std::cell::RefCell::default();
    }
    LINES.with(|memo| {
        if let Some(lines) = memo.borrow().get(name) {
            return lines.clone();
        }
        let lines = measure_label_lines(name);
        memo.borrow_mut().insert(name.to_owned(), lines.clone());
        lines
    })
}

/// [`wheel_label_lines`] without its memo.
fn measure_label_lines(name: &str) -> Vec<String> {
    // Two lines as wide as the longest word always hold the name without a cut... unless the
    // words do not pair up, so keep widening; one line as wide as the name always fits.
    let longest = name
        .split_whitespace()
        .map(|w| text_w(w, WHEEL_LABEL_FONT, false))
        .fold(0.0, f64::max);
    let whole = text_w(name, WHEEL_LABEL_FONT, false);
    let mut max_w = WHEEL_LABEL_MAX_W.max(longest);
    loop {
        let (lines, cut) = wrap(name, max_w, WHEEL_LABEL_FONT, false, 2);
        if !cut || max_w >= whole {
            return lines;
        }
        max_w = (max_w + 4.0).min(whole);
    }
}

/// Candidate layouts for a dimension name on the inner ring: one centred line, or two lines split
/// at each word boundary. Each candidate lists (text, radius fraction) in reading order.
pub(super) fn dim_layouts(name: &str, clockwise: bool) -> Vec<Vec<(String, f64)>> {
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
pub(super) fn layout_needs(layout: &[(String, f64)], sweep: f64, size: f64) -> f64 {
    layout
        .iter()
        .map(|(t, frac)| (text_w(t, size, false) + 8.0) / (sweep * frac))
        .fold(0.0, f64::max)
}

/// The smallest outer radius at which some layout of dimension name `name` fits its arc from
/// `a0` to `a1`; the same for every profile of a language, so measured once per thread.
pub(super) fn dim_needs(name: &str, a0: f64, a1: f64) -> f64 {
    type Key = (String, u64, u64);
    thread_local! {
        static NEEDS: std::cell::RefCell<std::collections::HashMap<Key, f64>> =
            std::cell::RefCell::default();
    }
    let key = (name.to_owned(), a0.to_bits(), a1.to_bits());
    NEEDS.with(|memo| {
        if let Some(&need) = memo.borrow().get(&key) {
            return need;
        }
        let sweep = text_sweep(a0, a1);
        let need = dim_layouts(name, arc_reads_clockwise((a0 + a1) / 2.0))
            .iter()
            .map(|l| layout_needs(l, sweep, WHEEL_DIM_FONT))
            .fold(f64::INFINITY, f64::min);
        memo.borrow_mut().insert(key, need);
        need
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_memo_answers_what_measuring_answers_for_each_name_and_arc() {
        for name in [
            "Water and Sanitation",
            "Approvisionnement en eau",
            "Электроснабжение",
        ] {
            assert_eq!(wheel_label_lines(name), measure_label_lines(name));
            assert_eq!(wheel_label_lines(name), measure_label_lines(name));
        }
        // The same name on a narrower arc needs a larger wheel: the arc is part of the key.
        let wide = dim_needs("Society and Culture", 0.0, 2.0);
        let narrow = dim_needs("Society and Culture", 0.0, 1.0);
        assert!(narrow > wide, "{narrow} should exceed {wide}");
    }
}
