//! The bullet: a small performance-to-target bar for a table cell.

use std::fmt::Write as _;

use super::canvas::{Canvas, Naming, esc, n, title_el};
use super::palette::{
    MUTED_TEXT_COLOUR, NO_DATA_COLOUR, TEXT_COLOUR, TRACK_COLOUR, band_colour, band_of, finite,
    pct_text,
};
use super::text::{clean, text_w, wrap};
use super::words::word;

/// Input of [`bullet`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Bullet {
    /// Prefix for the pattern ids; must be unique on the page.
    pub id: String,
    /// Achievement as % of target; `None` (or NaN) means no benchmark.
    pub achievement_pct: Option<f64>,
    /// Band 1–4; derived from `achievement_pct` when missing.
    pub band: Option<u8>,
    /// Text printed right of the bar and used as the accessible name, e.g. "87 % · band 3".
    pub label: String,
}

/// Small horizontal performance-to-target bar for a table cell (160 × 24 units, taller when
/// its label wraps under the track).
///
/// A 0–100 % track
/// filled to `achievement_pct` in the band colour and pattern, ticks at the band limits 33, 66 and
/// 95 %, and `label` to the right. Named by `aria-label` (the label text) because it is tiny.
/// `None` draws a hatched grey "no benchmark" track.
pub fn bullet(b: &Bullet) -> String {
    const W: f64 = 160.0;
    const H: f64 = 24.0;
    const X0: f64 = 1.0;
    const TRACK_W: f64 = 60.0;
    const FONT: f64 = 11.0;
    const LINE: f64 = 13.0;
    let mut cv = Canvas::new(&b.id);
    let pct = finite(b.achievement_pct);
    let label = clean(&b.label);
    let label = if label.is_empty() {
        pct.map_or_else(|| word(|w| &w.no_benchmark), pct_text)
    } else {
        label
    };
    let mut body = String::new();
    match pct {
        Some(p) => {
            let band = band_of(b.band, Some(p));
            let _ = write!(
                body,
                "<rect x=\"{}\" y=\"7\" width=\"{}\" height=\"10\" fill=\"{TRACK_COLOUR}\"/>",
                n(X0),
                n(TRACK_W)
            );
            let fw = p.clamp(0.0, 100.0) / 100.0 * TRACK_W;
            if fw > 0.0 {
                // A profile has a bullet per KPI: a solid fill keeps each one small, and the
                // band is printed beside it, so colour is never the only cue.
                let fill = band.map_or(NO_DATA_COLOUR, band_colour);
                let _ = write!(
                    body,
                    "<rect x=\"{}\" y=\"7\" width=\"{}\" height=\"10\" fill=\"{fill}\"/>",
                    n(X0),
                    n(fw)
                );
            }
        }
        None => {
            let fill = cv.fill(None);
            let _ = write!(
                body,
                "<rect x=\"{}\" y=\"7\" width=\"{}\" height=\"10\" fill=\"{fill}\" stroke=\"{NO_DATA_COLOUR}\" stroke-width=\"0.75\"/>",
                n(X0),
                n(TRACK_W)
            );
        }
    }
    // Ticks stand out above and below the track so they stay visible on every fill.
    let mut ticks = String::new();
    for t in [33.0, 66.0, 95.0] {
        let x = n(X0 + t / 100.0 * TRACK_W);
        let _ = write!(ticks, "M{x} 3V7M{x} 17V21");
    }
    let _ = write!(body, "<path d=\"{ticks}\" stroke=\"{MUTED_TEXT_COLOUR}\"/>");
    let lx = X0 + TRACK_W + 5.0;
    // A label too long for the room beside the track (French and Russian words are longer)
    // goes under it, wrapped: a word is never cut where a line fits it.
    let (lines, x, first_y, cut) = if text_w(&label, FONT, false) <= W - lx - 1.0 {
        (vec![label.clone()], lx, 16.0, false)
    } else {
        let (lines, cut) = wrap(&label, W - 2.0, FONT, false, 3);
        (lines, X0, H + 9.0, cut)
    };
    let h = if lines.len() == 1 && x == lx {
        H
    } else {
        H + LINE * lines.len() as f64
    };
    if cut {
        let _ = write!(body, "<g>{}", title_el(&label));
    }
    for (i, t) in lines.iter().enumerate() {
        let _ = write!(
            body,
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\" fill=\"{TEXT_COLOUR}\">{}</text>",
            n(x),
            n(first_y + LINE * i as f64),
            n(FONT),
            esc(t)
        );
    }
    if cut {
        body.push_str("</g>");
    }
    cv.body = body;
    cv.finish_inline("bullet", (0.0, 0.0, W, h), Naming::Label(&label))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::charts::test_support::{assert_chart, attr_values, long_name};

    #[test]
    fn a_bullet_fills_its_share_of_the_track() {
        // The track is 60 units wide from x = 1: 87 % fills 52.2 of it, 25 % fills 15, and
        // anything past 100 % fills the track and no more. The band ticks sit at 33 %, 66 %
        // and 95 % of the track: x = 20.8, 40.6 and 58.
        let fill = |pct: f64| {
            let svg = bullet(&Bullet {
                id: "b".into(),
                achievement_pct: Some(pct),
                band: Some(3),
                label: "x".into(),
            });
            assert!(
                svg.contains("d=\"M20.8 3V7M20.8 17V21M40.6 3V7M40.6 17V21M58 3V7M58 17V21\""),
                "{svg}"
            );
            attr_values(&svg, "width")
                .into_iter()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        };
        assert_eq!(fill(87.0), ["60", "52.2"]);
        assert_eq!(fill(25.0), ["60", "15"]);
        assert_eq!(fill(100.0), ["60", "60"]);
        assert_eq!(fill(140.0), ["60", "60"]);
        assert_eq!(fill(0.0), ["60"], "an empty track has no fill");
    }

    #[test]
    fn bullet_names_itself_by_its_label() {
        let svg = bullet(&Bullet {
            id: "b".into(),
            achievement_pct: Some(87.0),
            band: Some(3),
            label: "87 % · band 3".into(),
        });
        assert_chart(&svg, "b", "bullet");
        assert!(svg.contains("aria-label=\"87 % · band 3\""));
        assert!(svg.contains("viewBox=\"0 0 160 24\""));
        let svg = bullet(&Bullet {
            id: "b".into(),
            achievement_pct: None,
            band: None,
            label: String::new(),
        });
        assert!(svg.contains(">no benchmark</text>") && svg.contains("url(#b-nd)"));
    }

    #[test]
    fn a_long_label_wraps_under_the_track_uncut() {
        let svg = bullet(&Bullet {
            id: "b".into(),
            achievement_pct: None,
            band: None,
            label: "Pas de référence U4SSC (non noté)".into(),
        });
        assert!(!svg.contains('…'), "{svg}");
        assert!(
            svg.contains(">Pas de référence U4SSC<") || svg.contains(">Pas de référence<"),
            "{svg}"
        );
        assert!(svg.contains("(non noté)<"), "{svg}");
        assert!(
            !svg.contains("viewBox=\"0 0 160 24\""),
            "the chart grows to hold the lines"
        );
        let short = bullet(&Bullet {
            id: "b".into(),
            achievement_pct: Some(87.0),
            band: Some(3),
            label: "87 %".into(),
        });
        assert!(short.contains("viewBox=\"0 0 160 24\""));
    }

    #[test]
    fn edge_cases_do_not_panic() {
        let nan = f64::NAN;
        let inf = f64::INFINITY;
        let mut svgs: Vec<(String, &str, &str)> = Vec::new();

        // Bullets.
        for (i, (pct, band)) in [
            (Some(nan), None),
            (Some(inf), Some(4)),
            (Some(-5.0), None),
            (Some(250.0), Some(1)),
            (Some(0.0), Some(1)),
            (None, Some(3)),
        ]
        .into_iter()
        .enumerate()
        {
            let label = if i % 2 == 0 {
                long_name()
            } else {
                String::new()
            };
            svgs.push((
                bullet(&Bullet {
                    id: "bl".into(),
                    achievement_pct: pct,
                    band,
                    label,
                }),
                "bl",
                "bullet",
            ));
        }

        for (svg, prefix, kind) in &svgs {
            assert_chart(svg, prefix, kind);
        }
    }

    #[test]
    fn snapshot_bullet() {
        insta::assert_snapshot!(
            "bullet",
            bullet(&Bullet {
                id: "kpi-row-7".into(),
                achievement_pct: Some(87.0),
                band: Some(3),
                label: "87 % · band 3".into(),
            })
        );
    }
}
