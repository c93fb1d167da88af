//! Accessible inline SVG charts, written by hand so that pages stay free of JavaScript and of
//! chart dependencies.
//!
//! Every chart is one self-contained `<svg>` string: it scales with CSS
//! (`width:100%; height:auto`), names itself through `<title>`/`<desc>`, shows bands by pattern
//! and number as well as colour, prefixes every id with the caller's id so several charts can
//! share a page, and is byte-for-byte deterministic so that builds can be diffed and
//! snapshot-tested.
//!
//! Sizes are in viewBox units chosen so that text stays about 10 px tall when a chart is squeezed
//! to a 320 px wide phone screen (font size ≈ viewBox width / 32). The benchmark wheel is the
//! exception: 27 radial category labels need more room, so its text is about 9 px at 320 px and
//! 11 px at 375 px. Text widths are estimated with a deliberately generous per-character table
//! (close to DejaVu Sans, the widest common fallback), so labels that are said to fit do fit in
//! narrower system fonts too.
//!
//! One file per chart kind (`wheel`, `bar`, `line`, `score_bars`), all drawing on the
//! shared `canvas` with the shared `palette`, `text` measuring and `axis` scales; `words` holds
//! the few words charts write themselves, in the page's language.

mod arc;
mod axis;
mod bar;
mod canvas;
mod caption;
mod card;
mod indicator_card;
mod line;
mod palette;
mod score_bars;
#[cfg(test)]
mod test_support;
mod text;
mod wheel;
mod words;

pub use bar::{Bar, BarChart, bar_chart};
pub use canvas::{image_size, legible_size, text_alternative};
pub use caption::{CHART_VIEW, Caption, chart_view_src, with_caption};
pub use card::{CARD_HEIGHT, CARD_WIDTH, CityCard, city_card};
pub use indicator_card::{CARD_LEADERS, IndicatorCard, indicator_card};
pub use line::{LineChart, Series, line_chart};
pub use palette::{
    BAND_COLOURS, MUTED_TEXT_COLOUR, NO_DATA_COLOUR, SERIES_COLOURS, TEXT_COLOUR, band_colour,
    band_label,
};
pub use score_bars::{ScoreBar, score_bars};
pub use wheel::{Wheel, WheelCategory, WheelDimension, WheelSub, wheel};
pub use words::{Words, with_words};

#[cfg(test)]
mod tests {
    //! What every chart shares: ids that never clash on a page, the page's words, and
    //! well-formed output whatever the input.

    use super::bar::tests::three_cities;
    use super::line::tests::two_series;
    use super::test_support::{assert_chart, assert_ids};
    use super::wheel::tests::u4ssc_wheel;
    use super::*;

    #[test]
    fn ids_are_unique_and_prefixed_across_charts() {
        let a = wheel(&u4ssc_wheel("wheel-a"));
        let b = wheel(&u4ssc_wheel("wheel-b"));
        let ids_a = assert_ids(&a, "wheel-a");
        let ids_b = assert_ids(&b, "wheel-b");
        assert!(ids_a.len() > 10, "wheel uses text-path ids too");
        assert!(ids_a.is_disjoint(&ids_b));
        let others = [
            bar_chart(&three_cities()),
            line_chart(&two_series()),
            score_bars(
                "card-asker",
                "Scores",
                &[ScoreBar {
                    label: "Economy".into(),
                    score_pct: Some(50.0),
                    band: None,
                }],
            ),
        ];
        let mut all = ids_a.clone();
        let mut total = ids_a.len();
        for (svg, p) in others
            .iter()
            .zip(["kpi-ec-ict-ict-1c", "trend", "card-asker"])
        {
            let ids = assert_ids(svg, p);
            total += ids.len();
            all.extend(ids);
        }
        assert_eq!(all.len(), total, "charts on one page share no ids");
    }

    #[test]
    fn a_pages_words_end_with_the_page() {
        // The words are per thread and per page: once a page is done, the next chart on the
        // thread must not speak its language.
        // The wheel's key names the hatched segments in the page's words.
        let drawn = || wheel(&u4ssc_wheel("w"));
        assert!(drawn().contains(">no data</text>"));
        let french = Words {
            no_data: "pas de données".into(),
            ..Words::default()
        };
        let inside = with_words(&french, drawn);
        assert!(inside.contains(">pas de données</text>"), "{inside}");
        let after = drawn();
        assert!(after.contains(">no data</text>"), "{after}");
    }

    /// Tiny deterministic generator (xorshift64*) so the fuzz test needs no extra crate.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }
        fn below(&mut self, n: u64) -> usize {
            (self.next() % n.max(1)) as usize
        }
        fn num(&mut self) -> f64 {
            match self.below(10) {
                0 => f64::NAN,
                1 => f64::INFINITY * if self.below(2) == 0 { 1.0 } else { -1.0 },
                2 => 0.0,
                3 => -(self.below(1000) as f64) / 7.0,
                4 => self.below(1_000_000_000) as f64 * 1e3,
                _ => self.below(12_000) as f64 / 100.0,
            }
        }
        fn text(&mut self) -> String {
            const PIECES: [&str; 8] = [
                "Økonomi",
                "&",
                "<b>",
                "\"q\"",
                "Общество",
                "城市",
                " ",
                "Water and Sanitation",
            ];
            (0..self.below(6))
                .map(|_| PIECES[self.below(8)])
                .collect::<Vec<_>>()
                .join(" ")
        }
        fn band(&mut self) -> Option<u8> {
            match self.below(7) {
                0 => None,
                k => Some(k as u8 - 1),
            }
        }
    }

    #[test]
    fn fuzzed_inputs_stay_well_formed() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for round in 0..150 {
            let id = format!("f{round}");
            let wheel_in = Wheel {
                grey_label: String::new(),
                reported_label: String::new(),
                id: id.clone(),
                title: rng.text(),
                desc: rng.text(),
                dimensions: (0..rng.below(4))
                    .map(|_| WheelDimension {
                        note: String::new(),
                        reported: false,
                        name: rng.text(),
                        score_pct: Some(rng.num()),
                        band: rng.band(),
                        subdimensions: (0..rng.below(4))
                            .map(|_| WheelSub {
                                note: String::new(),
                                reported: false,
                                name: rng.text(),
                                score_pct: Some(rng.num()),
                                band: rng.band(),
                                categories: (0..rng.below(9))
                                    .map(|_| WheelCategory {
                                        note: String::new(),
                                        reported: false,
                                        name: rng.text(),
                                        score_pct: Some(rng.num()),
                                        band: rng.band(),
                                        href: (rng.below(3) == 0).then(|| rng.text()),
                                    })
                                    .collect(),
                            })
                            .collect(),
                    })
                    .collect(),
            };
            assert_chart(&wheel(&wheel_in), &id, "wheel");
            let bars = BarChart {
                id: id.clone(),
                title: rng.text(),
                desc: rng.text(),
                unit: rng.text(),
                bars: (0..rng.below(12))
                    .map(|_| Bar {
                        label: rng.text(),
                        value: rng.num(),
                        display: rng.text(),
                        band: rng.band(),
                        highlight: rng.below(4) == 0,
                        href: (rng.below(3) == 0).then(|| rng.text()),
                    })
                    .collect(),
                target: (rng.below(2) == 0).then(|| (rng.num(), rng.text())),
            };
            assert_chart(&bar_chart(&bars), &id, "bar");
            let lines = LineChart {
                id: id.clone(),
                title: rng.text(),
                desc: rng.text(),
                unit: rng.text(),
                series: (0..rng.below(9))
                    .map(|_| Series {
                        label: rng.text(),
                        points: (0..rng.below(8))
                            .map(|_| (1990 + rng.below(60) as i32, rng.num()))
                            .collect(),
                    })
                    .collect(),
                target: (rng.below(2) == 0).then(|| (rng.num(), rng.text())),
            };
            assert_chart(&line_chart(&lines), &id, "line");
            let rows: Vec<ScoreBar> = (0..rng.below(5))
                .map(|_| ScoreBar {
                    label: rng.text(),
                    score_pct: Some(rng.num()),
                    band: rng.band(),
                })
                .collect();
            assert_chart(&score_bars(&id, &rng.text(), &rows), &id, "scores");
        }
    }
}
