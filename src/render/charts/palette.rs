//! The chart palette and the bands: colours, band numbers and how a score reads in words.

use super::words::{NO_DATA_TEXT, band_words, word};

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

/// The empty part of a 0–100 % track.
pub(super) const TRACK_COLOUR: &str = "#e6e6e6";
/// Grid lines behind the data.
pub(super) const GRID_COLOUR: &str = "#d9d9d9";
/// Background of a highlighted row.
pub(super) const HIGHLIGHT_BG: &str = "#eef3f8";
/// Pale ground of the "no data" pattern.
pub(super) const NO_DATA_BG: &str = "#f2f2f2";

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

/// Drops NaN and infinities so every chart treats them exactly like missing data.
pub(super) fn finite(x: Option<f64>) -> Option<f64> {
    x.filter(|v| v.is_finite())
}

/// Keeps valid bands only and falls back to the band implied by a score.
pub(super) fn band_of(band: Option<u8>, pct: Option<f64>) -> Option<u8> {
    match band {
        Some(b @ 1..=4) => Some(b),
        Some(_) => None,
        None => finite(pct).map(band_for_pct),
    }
}

/// The U4SSC banding of an achievement or score percentage.
pub(super) fn band_for_pct(p: f64) -> u8 {
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
pub(super) fn pct_text(p: f64) -> String {
    // Rounded half away from zero like the pages' own numbers (`format!` would round 56.25 to
    // even); adding 0.0 turns a rounded −0.0 into 0.0.
    let s = format!("{:.1}", (p * 10.0).round() / 10.0 + 0.0);
    format!(
        "{}{}%",
        s.replace('.', &word(|w| &w.decimal)),
        word(|w| &w.percent_gap)
    )
}

/// Tooltip/summary wording of a score and band, e.g. "56 % (band 2, 33–66 %)".
pub(super) fn score_phrase(pct: Option<f64>, band: Option<u8>) -> String {
    score_phrase_or(pct, band, "")
}

/// [`score_phrase`], with the caller's words for a missing score (empty: "no data").
pub(super) fn score_phrase_or(pct: Option<f64>, band: Option<u8>, note: &str) -> String {
    match (finite(pct), band) {
        (Some(p), Some(b)) => format!("{} ({}, {})", pct_text(p), band_words(b), band_label(b)),
        (Some(p), None) => pct_text(p),
        (None, Some(b)) => format!("{}, {}", band_words(b), band_label(b)),
        (None, None) if !note.is_empty() => note.to_string(),
        (None, None) => word(|w| &w.no_data),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn percentages_round_like_the_pages() {
        assert_eq!(pct_text(56.25), "56.3 %");
        assert_eq!(pct_text(-0.04), "0.0 %");
        assert_eq!(pct_text(100.0), "100.0 %");
    }
}
