//! Linear scales, axis domains and ticks, and how axis and data numbers are written.

use super::words::word;

/// Maps a value to an x or y coordinate on a linear axis.
#[derive(Clone, Copy)]
pub(super) struct Scale {
    /// Domain start: the value drawn at `r0`.
    pub(super) d0: f64,
    /// Domain end: the value drawn at `r1`.
    pub(super) d1: f64,
    /// Coordinate of `d0`.
    pub(super) r0: f64,
    /// Coordinate of `d1`.
    pub(super) r1: f64,
}

impl Scale {
    /// Position of `v`, kept inside the range so that absurd inputs (1e300, a domain that
    /// overflowed) still give short, finite coordinates.
    pub(super) fn at(&self, v: f64) -> f64 {
        let span = self.d1 - self.d0;
        if !(span.abs() >= f64::MIN_POSITIVE && span.is_finite()) {
            return self.r0;
        }
        let p = self.r0 + (v - self.d0) / span * (self.r1 - self.r0);
        let (lo, hi) = (self.r0.min(self.r1), self.r0.max(self.r1));
        if p.is_nan() { self.r0 } else { p.clamp(lo, hi) }
    }
}

/// Axis domain from zero (or below it for negative data) to the data and the target, both
/// ends on a multiple of the tick step, so the axis starts and ends at a round value. Data that
/// are all zero get `0..empty_top` (100 for a percentage): a 0.00–1.00 % axis under one bar of
/// 0 said nothing.
pub(super) fn value_domain(
    values: impl Iterator<Item = f64>,
    target: Option<f64>,
    empty_top: f64,
) -> (f64, f64) {
    let mut lo = 0.0f64;
    let mut hi = 0.0f64;
    // Capped well below f64::MAX so that rounding and spans stay finite.
    for v in values.chain(target) {
        lo = lo.min(v.max(-1e300));
        hi = hi.max(v.min(1e300));
    }
    if !(hi - lo > 0.0 && (hi - lo).is_finite()) {
        return (lo, lo + empty_top);
    }
    let (ticks, _) = nice_ticks(lo, hi);
    let [first, second, ..] = ticks[..] else {
        return (lo, hi);
    };
    let step = second - first;
    let round_lo = (lo / step + 1e-9).floor() * step;
    let round_hi = (hi / step - 1e-9).ceil() * step;
    if round_hi - round_lo > 0.0 && (round_hi - round_lo).is_finite() {
        (round_lo, round_hi)
    } else {
        (lo, hi)
    }
}

/// The top of an all-zero axis: 100 for a percentage, else a short whole-number axis.
pub(super) fn empty_top(unit: &str) -> f64 {
    if unit.trim() == "%" { 100.0 } else { 4.0 }
}

/// Nice axis ticks inside [lo, hi]: multiples of 1, 2, 2.5 or 5 × 10^k, three to five of them
/// where possible. Returns the tick values and the number of decimals their labels need.
pub(super) fn nice_ticks(lo: f64, hi: f64) -> (Vec<f64>, usize) {
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

/// Formats an axis number: fixed decimals with the page's decimal mark, a real minus sign, and
/// narrow-space thousands groups (the style of the U4SSC reports, and neutral between English
/// and French/Russian pages).
pub(super) fn axis_num(v: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, v.abs());
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_owned(), format!("{}{f}", word(|w| &w.decimal))),
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
pub(super) fn value_num(v: f64) -> String {
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
pub(super) fn clamp_or_mid(v: f64, lo: f64, hi: f64) -> f64 {
    if lo <= hi {
        v.clamp(lo, hi)
    } else if lo.is_finite() && hi.is_finite() {
        (lo + hi) / 2.0
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn axis_numbers_are_grouped_and_signed() {
        assert_eq!(axis_num(100000.0, 0), "100\u{202F}000");
        assert_eq!(axis_num(2500.0, 0), "2500");
        assert_eq!(axis_num(-2.5, 1), "−2.5");
        assert_eq!(axis_num(-0.0001, 2), "0.00");
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
    fn domains_end_on_round_values_and_never_degenerate() {
        // One value of 50.23: the axis ends at the next tick, not 5 % past the bar.
        assert_eq!(value_domain([50.23].into_iter(), None, 100.0), (0.0, 60.0));
        assert_eq!(
            value_domain([97.0].into_iter(), Some(100.0), 100.0),
            (0.0, 100.0)
        );
        // A single zero (tertiary treatment): 0–100 %, or a short whole-number axis.
        assert_eq!(
            value_domain([0.0].into_iter(), None, empty_top("%")),
            (0.0, 100.0)
        );
        assert_eq!(
            value_domain([0.0].into_iter(), None, empty_top("t")),
            (0.0, 4.0)
        );
        assert_eq!(value_domain(std::iter::empty(), None, 4.0), (0.0, 4.0));
        let (lo, hi) = value_domain([-3.2, 7.9].into_iter(), None, 4.0);
        assert_eq!((lo, hi), (-4.0, 8.0));
        for data in [
            vec![1e300],
            vec![-1e300, 1e300],
            vec![0.003],
            vec![f64::NAN],
        ] {
            let (lo, hi) = value_domain(data.into_iter(), None, 4.0);
            assert!(hi > lo && (hi - lo).is_finite(), "{lo}..{hi}");
        }
        // Every tick label of a domain is distinct and round.
        let (lo, hi) = value_domain([0.0].into_iter(), None, 100.0);
        assert_eq!(nice_ticks(lo, hi).1, 0);
    }
}
