//! Achievement against target and roll-up scores (the U4SSC benchmark method).

use crate::model::catalog::{Direction, Scoring};
use crate::model::results::Score;
use crate::model::state::State;

/// Percentage of the target achieved, capped to 0..=100; `None` when it cannot be computed.
///
/// Higher-is-better: value / target. Lower-is-better: target / value (U4SSC does not document
/// this case; a value of 0 is the best possible and scores 100). Closeness to a target value:
/// 100 × (1 − |value − target| / target). Yes/no: yes = 100, no = 0.
pub fn achievement(direction: Direction, value: f64, target: f64) -> Option<f64> {
    if !value.is_finite() || !target.is_finite() {
        return None;
    }
    let raw = match direction {
        Direction::Higher => {
            if target <= 0.0 {
                return None;
            }
            value / target * 100.0
        }
        Direction::Lower => {
            if target < 0.0 {
                return None;
            }
            if value <= 0.0 {
                100.0
            } else {
                target / value * 100.0
            }
        }
        Direction::Target => {
            if target <= 0.0 {
                return None;
            }
            (1.0 - (value - target).abs() / target) * 100.0
        }
        Direction::YesNo => {
            if value > 0.0 {
                100.0
            } else {
                0.0
            }
        }
    };
    Some(raw.clamp(0.0, 100.0))
}

/// The formula used, in words, for the "how this was calculated" notes.
pub fn achievement_formula(direction: Direction) -> &'static str {
    match direction {
        Direction::Higher => "value ÷ target × 100, capped at 100 %",
        Direction::Lower => "target ÷ value × 100, capped at 100 % (a value of 0 scores 100 %)",
        Direction::Target => "100 × (1 − |value − target| ÷ target), within 0–100 %",
        Direction::YesNo => "yes = 100 %, no = 0 %",
    }
}

/// The minimum-evidence rule and the roll-up of a group's points into its state, percentage
/// and band ([`Score`] itself is plain data in `model::results`).
impl Score {
    /// Whether `items` of `scorable` meet the rule: at least `min_coverage` of them, and one.
    pub fn meets(items: u32, scorable: u32, min_coverage: f64) -> bool {
        items > 0 && f64::from(items) >= min_coverage * f64::from(scorable)
    }

    /// Decides the state, and the percentage and band when the group is scored.
    pub fn finish(self, scoring: &Scoring) -> Self {
        let sufficient = Self::meets(self.items, self.scorable, scoring.min_coverage);
        self.finish_as(scoring, sufficient)
    }

    /// [`Score::finish`] with the rule's verdict given (the overall score needs every
    /// dimension to meet it).
    pub fn finish_as(mut self, scoring: &Scoring, sufficient: bool) -> Self {
        self.pct = None;
        self.band = None;
        self.state = if self.scorable == 0 && self.items == 0 {
            if self.benchmarked() {
                State::NoTarget
            } else {
                State::NoBenchmark
            }
        } else if sufficient && self.possible > 0 {
            let pct = f64::from(self.earned) / f64::from(self.possible) * 100.0;
            self.pct = Some(pct);
            self.band = Some(scoring.band_for(pct).0);
            State::Scored
        } else {
            State::InsufficientData
        };
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::catalog::Catalog;
    use proptest::prelude::*;

    fn band(p: f64) -> u8 {
        Catalog::u4ssc().scoring.band_for(p).0
    }

    #[test]
    fn the_published_worked_example_scores_9_of_16_in_band_2() {
        let scoring = Catalog::u4ssc().scoring;
        let mut s = Score::default();
        s.add_scorable(4, true);
        for p in [1, 3, 4, 1] {
            s.add(p, 4);
        }
        let s = s.finish(&scoring);
        assert_eq!((s.earned, s.possible), (9, 16));
        assert_eq!(s.pct, Some(56.25));
        assert_eq!(s.band, Some(2));
        // The same report's second example: 3 + 4 + 2 = 9 of 12 = 75 % -> band 3.
        let mut s = Score::default();
        s.add_scorable(3, true);
        for p in [3, 4, 2] {
            s.add(p, 4);
        }
        assert_eq!(s.finish(&scoring).band, Some(3));
    }

    #[test]
    fn a_group_below_the_minimum_evidence_shows_no_score() {
        // 2 of 12 scorable items scored, both in band 4: still "insufficient data".
        let scoring = Catalog::u4ssc().scoring;
        let mut s = Score::default();
        s.add_scorable(12, true);
        s.add(4, 4);
        s.add(4, 4);
        let s = s.finish(&scoring);
        assert_eq!(s.state, State::InsufficientData);
        assert_eq!((s.pct, s.band, s.items, s.scorable), (None, None, 2, 12));
        // 6 of 12 is exactly half: meets the default rule.
        let mut s = Score::default();
        s.add_scorable(12, true);
        for _ in 0..6 {
            s.add(2, 4);
        }
        let s = s.finish(&scoring);
        assert_eq!(s.state, State::Scored);
        assert_eq!((s.pct, s.band), (Some(50.0), Some(2)));
        // 5 of 12 is not.
        let mut s = Score::default();
        s.add_scorable(12, true);
        for _ in 0..5 {
            s.add(2, 4);
        }
        assert_eq!(s.finish(&scoring).state, State::InsufficientData);
    }

    #[test]
    fn a_group_with_nothing_scorable_says_why() {
        let scoring = Catalog::u4ssc().scoring;
        let mut s = Score::default();
        s.add_scorable(0, false);
        assert_eq!(s.finish(&scoring).state, State::NoBenchmark);
        let mut s = Score::default();
        s.add_scorable(0, true);
        assert_eq!(s.finish(&scoring).state, State::NoTarget);
    }

    #[test]
    fn band_edges() {
        // 60 % target: exactly 57 % is 95 % of target and stays in band 3 (Mashhad example).
        let a = achievement(Direction::Higher, 57.0, 60.0).unwrap();
        assert!((a - 95.0).abs() < 1e-9);
        assert_eq!(band(a), 3);
        assert_eq!(
            band(achievement(Direction::Higher, 57.01, 60.0).unwrap()),
            4
        );
        for (pct, expected) in [
            (32.99, 1),
            (33.0, 2),
            (65.99, 2),
            (66.0, 3),
            (94.99, 3),
            (95.0, 3),
            (95.01, 4),
        ] {
            assert_eq!(
                band(achievement(Direction::Higher, pct, 100.0).unwrap()),
                expected,
                "{pct}"
            );
        }
    }

    #[test]
    fn directions() {
        assert_eq!(achievement(Direction::Higher, 120.0, 100.0), Some(100.0));
        assert_eq!(achievement(Direction::Higher, 0.0, 100.0), Some(0.0));
        assert_eq!(achievement(Direction::Higher, 5.0, 0.0), None);
        assert_eq!(achievement(Direction::Lower, 10.0, 5.0), Some(50.0));
        assert_eq!(achievement(Direction::Lower, 0.0, 5.0), Some(100.0));
        assert_eq!(achievement(Direction::Lower, 2.0, 5.0), Some(100.0));
        assert_eq!(achievement(Direction::Lower, 10.0, 0.0), Some(0.0));
        assert_eq!(
            achievement(Direction::Target, 0.74, 1.0).map(|a| (a * 100.0).round() / 100.0),
            Some(74.0)
        );
        assert_eq!(achievement(Direction::Target, 1.5, 1.0), Some(50.0));
        assert_eq!(achievement(Direction::Target, 3.0, 1.0), Some(0.0));
        assert_eq!(achievement(Direction::YesNo, 1.0, 1.0), Some(100.0));
        assert_eq!(achievement(Direction::YesNo, 0.0, 1.0), Some(0.0));
        assert_eq!(achievement(Direction::Higher, f64::NAN, 1.0), None);
    }

    proptest! {
        #[test]
        fn meeting_the_target_exactly_is_100_in_every_direction(t in 0.001f64..1e9) {
            for d in [Direction::Higher, Direction::Lower, Direction::Target] {
                prop_assert_eq!(achievement(d, t, t), Some(100.0), "{:?}", d);
            }
        }

        #[test]
        fn a_higher_target_is_harder_to_reach_when_higher_is_better(v in 0f64..1e6, t in 0.001f64..1e6, dt in 0.001f64..1e6) {
            let easy = achievement(Direction::Higher, v, t).unwrap();
            let hard = achievement(Direction::Higher, v, t + dt).unwrap();
            prop_assert!(hard <= easy);
            // Below the cap it is strictly harder: the value is a smaller share of the target.
            if 0.0 < v && v < t {
                prop_assert!(hard < easy, "{} {}", hard, easy);
            }
        }

        #[test]
        fn a_higher_limit_is_easier_to_meet_when_lower_is_better(v in 0.001f64..1e6, t in 0f64..1e6, dt in 0.001f64..1e6) {
            let hard = achievement(Direction::Lower, v, t).unwrap();
            let easy = achievement(Direction::Lower, v, t + dt).unwrap();
            prop_assert!(easy >= hard);
            if v > t + dt {
                prop_assert!(easy > hard, "{} {}", easy, hard);
            }
        }

        #[test]
        fn closeness_is_the_same_above_and_below_the_target(t in 0.001f64..1e6, share in 0f64..1.0) {
            let d = share * t;
            let above = achievement(Direction::Target, t + d, t).unwrap();
            let below = achievement(Direction::Target, t - d, t).unwrap();
            prop_assert!((above - below).abs() < 1e-6, "{} {}", above, below);
            prop_assert!((above - (1.0 - share) * 100.0).abs() < 1e-6, "{} at {}", above, share);
        }

        #[test]
        fn raising_a_higher_is_better_value_never_lowers_its_band(v in 0f64..1e6, dv in 0f64..1e6, t in 0.001f64..1e6) {
            let a = achievement(Direction::Higher, v, t).unwrap();
            let b = achievement(Direction::Higher, v + dv, t).unwrap();
            prop_assert!(band(b) >= band(a));
        }

        #[test]
        fn lowering_a_lower_is_better_value_never_lowers_its_band(v in 0f64..1e6, dv in 0f64..1e6, t in 0f64..1e6) {
            let a = achievement(Direction::Lower, v + dv, t).unwrap();
            let b = achievement(Direction::Lower, v, t).unwrap();
            prop_assert!(band(b) >= band(a));
        }
    }
}
