//! Score bars: a compact stack of labelled 0–100 % bars, such as the dimension scores on a city card.

use std::fmt::Write as _;

use super::canvas::{Canvas, Naming, band_badge, empty_chart, esc, n, title_el};
use super::palette::{
    MUTED_TEXT_COLOUR, NO_DATA_COLOUR, TEXT_COLOUR, TRACK_COLOUR, band_of, finite, pct_text,
    score_phrase,
};
use super::text::{clean, fit, text_w, wrap};
use super::words::{labelled, word};

/// One row of [`score_bars`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScoreBar {
    /// Row label, e.g. a dimension name.
    pub label: String,
    /// Score 0–100 %; `None` (or NaN) reads "not scored".
    pub score_pct: Option<f64>,
    /// Band 1–4; derived from `score_pct` when missing.
    pub band: Option<u8>,
}

/// Compact stacked list of labelled score bars (e.g. the three dimension scores on a city card).
///
/// Each row: label above a 0–100 % bar in band colour and pattern with its band number, and "56 %" to the
/// right; a missing score reads "not scored". The `<desc>` lists every score.
pub fn score_bars(id: &str, title: &str, bars: &[ScoreBar]) -> String {
    if bars.is_empty() {
        return empty_chart("scores", id, title, "");
    }
    const W: f64 = 300.0;
    const FONT: f64 = 12.0;
    const ROW: f64 = 38.0;
    const BAR_H: f64 = 14.0;
    let mut cv = Canvas::new(id);
    let texts: Vec<String> = bars
        .iter()
        .map(|b| finite(b.score_pct).map_or_else(|| word(|w| &w.not_scored), pct_text))
        .collect();
    let value_w = texts
        .iter()
        .map(|t| text_w(t, FONT, true))
        .fold(text_w("100 %", FONT, true), f64::max)
        .min(W * 0.4);
    let track_w = W - value_w - 8.0;
    let mut body = String::new();
    let mut summary = Vec::new();
    for (i, (b, value)) in bars.iter().zip(&texts).enumerate() {
        let y = i as f64 * ROW;
        let label = clean(&b.label);
        let pct = finite(b.score_pct);
        let band = band_of(b.band, pct);
        let phrase = score_phrase(pct, band);
        let phrase = if pct.is_none() && band.is_none() {
            word(|w| &w.not_scored)
        } else {
            phrase
        };
        summary.push(labelled(&label, &phrase));
        let (lt, _) = fit(&label, W, FONT, false);
        let _ = write!(
            body,
            "<g>{}<text x=\"0\" y=\"{}\" font-size=\"{}\" fill=\"{TEXT_COLOUR}\">{}</text>",
            title_el(&labelled(&label, &phrase)),
            n(y + FONT),
            n(FONT),
            esc(&lt)
        );
        let by = y + FONT + 5.0;
        match pct {
            Some(p) => {
                let _ = write!(
                    body,
                    "<rect x=\"0\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{TRACK_COLOUR}\"/>",
                    n(by),
                    n(track_w),
                    n(BAR_H)
                );
                let fw = p.clamp(0.0, 100.0) / 100.0 * track_w;
                if fw > 0.0 {
                    let fill = cv.fill(band);
                    let _ = write!(
                        body,
                        "<rect x=\"0\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\"/>",
                        n(by),
                        n(fw),
                        n(BAR_H)
                    );
                    let r = 6.5;
                    if let (Some(bn), true) = (band, fw >= 2.0 * r + 4.0) {
                        body.push('\n');
                        band_badge(&mut body, fw - r - 1.0, by + BAR_H / 2.0, bn, r);
                    }
                }
            }
            None => {
                let fill = cv.fill(None);
                let _ = write!(
                    body,
                    "<rect x=\"0.5\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\" stroke=\"{NO_DATA_COLOUR}\" stroke-width=\"0.75\"/>",
                    n(by),
                    n(track_w - 1.0),
                    n(BAR_H)
                );
            }
        }
        // "Insufficient data" is longer in French and Russian than the column: on two lines,
        // the second in the gap below the bar, rather than cut.
        let (lines, _) = wrap(value, value_w, FONT, true, 2);
        let first_y =
            by + BAR_H / 2.0 + FONT * 0.35 - if lines.len() > 1 { FONT / 2.0 } else { 0.0 };
        let x = n(track_w + 6.0);
        let vt = lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let dy = if i == 0 {
                    String::new()
                } else {
                    format!(" dy=\"{}\"", n(FONT))
                };
                format!("<tspan x=\"{x}\"{dy}>{}</tspan>", esc(l))
            })
            .collect::<String>();
        let vt = if lines.len() > 1 {
            vt
        } else {
            lines.first().map(|l| esc(l)).unwrap_or_default()
        };
        let _ = writeln!(
            body,
            "<text x=\"{x}\" y=\"{}\" font-size=\"{}\" font-weight=\"700\" fill=\"{}\">{}</text></g>",
            n(first_y),
            n(FONT),
            if pct.is_some() {
                TEXT_COLOUR
            } else {
                MUTED_TEXT_COLOUR
            },
            vt
        );
    }
    cv.body = body;
    let height = bars.len() as f64 * ROW - 4.0;
    let desc = format!("{}.", super::words::listed(&summary));
    cv.finish(
        "scores",
        (0.0, 0.0, W, height),
        Naming::TitleDesc(title, &desc),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::charts::test_support::{assert_chart, long_name};

    #[test]
    fn score_bars_sanitise_their_id() {
        let svg = score_bars("9 \"bad\" id", "t", &[ScoreBar::default()]);
        assert_chart(&svg, "c-9--bad--id", "scores");
    }

    #[test]
    fn score_bars_read_missing_scores_as_not_scored() {
        let svg = score_bars(
            "card",
            "Dimension scores",
            &[
                ScoreBar {
                    label: "Economy".into(),
                    score_pct: Some(56.25),
                    band: Some(2),
                },
                ScoreBar {
                    label: "Environment".into(),
                    score_pct: None,
                    band: None,
                },
            ],
        );
        assert_chart(&svg, "card", "scores");
        assert!(svg.contains(">56.3 %</text>") && svg.contains(">not scored</text>"));
        assert!(svg.contains("Economy: 56.3 % (band 2, 33–66 %); Environment: not scored."));
    }

    #[test]
    fn a_long_missing_score_word_wraps_instead_of_being_cut() {
        let russian = crate::render::charts::Words {
            not_scored: "Недостаточно данных".into(),
            ..Default::default()
        };
        let svg = crate::render::charts::with_words(&russian, || {
            score_bars(
                "card",
                "Оценки",
                &[
                    ScoreBar {
                        label: "Экономика".into(),
                        score_pct: None,
                        band: None,
                    },
                    ScoreBar {
                        label: "Окружающая среда".into(),
                        score_pct: Some(50.0),
                        band: Some(2),
                    },
                ],
            )
        });
        assert_chart(&svg, "card", "scores");
        assert!(!svg.contains('…'), "{svg}");
        assert!(
            svg.contains(">Недостаточно</tspan><tspan x=\"") && svg.contains(">данных</tspan>"),
            "{svg}"
        );
        // A short value stays one line, as before.
        assert!(svg.contains(">50.0 %</text>"), "{svg}");
    }

    #[test]
    fn edge_cases_do_not_panic() {
        let nan = f64::NAN;
        let mut svgs: Vec<(String, &str, &str)> = Vec::new();

        // Score bars.
        svgs.push((score_bars("sb", "t", &[]), "sb", "scores"));
        svgs.push((
            score_bars(
                "sb",
                &long_name(),
                &[
                    ScoreBar {
                        label: long_name(),
                        score_pct: Some(nan),
                        band: Some(2),
                    },
                    ScoreBar {
                        label: String::new(),
                        score_pct: Some(-10.0),
                        band: None,
                    },
                    ScoreBar {
                        label: "x".into(),
                        score_pct: Some(1000.0),
                        band: Some(9),
                    },
                ],
            ),
            "sb",
            "scores",
        ));

        for (svg, prefix, kind) in &svgs {
            assert_chart(svg, prefix, kind);
        }
    }

    #[test]
    fn snapshot_score_bars() {
        insta::assert_snapshot!(
            "score_bars_card",
            score_bars(
                "card-asker",
                "Asker: dimension scores",
                &[
                    ScoreBar {
                        label: "Economy".into(),
                        score_pct: Some(72.9),
                        band: Some(3),
                    },
                    ScoreBar {
                        label: "Environment".into(),
                        score_pct: Some(58.3),
                        band: Some(2),
                    },
                    ScoreBar {
                        label: "Society and Culture".into(),
                        score_pct: None,
                        band: None,
                    },
                ],
            )
        );
    }
}
