//! Achievement against target and roll-up scores (the U4SSC benchmark method).

use serde::Serialize;

use super::catalog::{Direction, Scoring};

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

/// Points earned over points possible for a group of scored items.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
pub struct Score {
    /// Points earned.
    pub earned: u32,
    /// Points possible (max points × scored items).
    pub possible: u32,
    /// Number of scored items.
    pub items: u32,
    /// earned / possible in percent; `None` when nothing was scored.
    pub pct: Option<f64>,
    /// Band of `pct`.
    pub band: Option<u8>,
}

impl Score {
    /// Adds one item's points.
    pub fn add(&mut self, points: u8, max: u8) {
        self.earned += u32::from(points);
        self.possible += u32::from(max);
        self.items += 1;
    }

    /// Adds another group's points.
    pub fn merge(&mut self, other: &Score) {
        self.earned += other.earned;
        self.possible += other.possible;
        self.items += other.items;
    }

    /// Computes the percentage and band from the points.
    pub fn finish(mut self, scoring: &Scoring) -> Self {
        if self.possible > 0 {
            let pct = f64::from(self.earned) / f64::from(self.possible) * 100.0;
            self.pct = Some(pct);
            self.band = Some(scoring.band_for(pct).0);
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kpi::catalog::Catalog;
    use proptest::prelude::*;

    fn band(p: f64) -> u8 {
        Catalog::u4ssc().scoring.band_for(p).0
    }

    #[test]
    fn the_published_worked_example_scores_9_of_16_in_band_2() {
        let scoring = Catalog::u4ssc().scoring;
        let mut s = Score::default();
        for p in [1, 3, 4, 1] {
            s.add(p, 4);
        }
        let s = s.finish(&scoring);
        assert_eq!((s.earned, s.possible), (9, 16));
        assert_eq!(s.pct, Some(56.25));
        assert_eq!(s.band, Some(2));
        // The same report's second example: 3 + 4 + 2 = 9 of 12 = 75 % -> band 3.
        let mut s = Score::default();
        for p in [3, 4, 2] {
            s.add(p, 4);
        }
        assert_eq!(s.finish(&scoring).band, Some(3));
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
        fn achievement_stays_within_0_and_100(v in -1e9f64..1e9, t in -1e9f64..1e9) {
            for d in [Direction::Higher, Direction::Lower, Direction::Target, Direction::YesNo] {
                if let Some(a) = achievement(d, v, t) {
                    prop_assert!((0.0..=100.0).contains(&a));
                }
            }
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
