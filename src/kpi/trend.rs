//! Trends over years: growth rate, progress towards the target, and the projected year.

use crate::model::catalog::Direction;

use crate::model::results::{Trend, TrendClass};

fn cagr(first: f64, last: f64, years: f64) -> Option<f64> {
    if first <= 0.0 || last < 0.0 || years <= 0.0 {
        return None;
    }
    Some((last / first).powf(1.0 / years) - 1.0)
}

fn meets(direction: Direction, value: f64, target: f64) -> bool {
    match direction {
        Direction::Higher | Direction::YesNo => value >= target,
        Direction::Lower => value <= target,
        Direction::Target => (value - target).abs() <= target.abs() * 0.05,
    }
}

/// Computes the trend of `series` (sorted by year, at least two points).
pub fn trend(
    series: &[(i32, f64)],
    direction: Direction,
    target: Option<(f64, i32)>,
) -> Option<Trend> {
    if series.len() < 2 || direction == Direction::YesNo {
        return None;
    }
    let (y0, v0) = series[0];
    let (y1, v1) = *series.last()?;
    if y1 <= y0 {
        return None;
    }
    let rate = cagr(v0, v1, f64::from(y1 - y0));
    let mut t = Trend {
        from_year: y0,
        to_year: y1,
        cagr_pct: rate.map(|r| r * 100.0),
        required_pct: None,
        ratio: None,
        class: None,
        projected_year: None,
        target_year: None,
    };
    match target {
        Some((target, target_year)) => {
            t.target_year = Some(target_year);
            if meets(direction, v1, target) {
                t.class = Some(TrendClass::TargetAchieved);
                t.projected_year = Some(y1);
                return Some(t);
            }
            let required = if target_year > y0 {
                cagr(v0, target, f64::from(target_year - y0))
            } else {
                None
            };
            t.required_pct = required.map(|r| r * 100.0);
            if let (Some(obs), Some(req)) = (rate, required)
                && req != 0.0
            {
                let ratio = obs / req;
                t.ratio = Some(ratio);
                t.class = Some(if ratio >= 0.95 {
                    TrendClass::Substantial
                } else if ratio >= 0.6 {
                    TrendClass::Moderate
                } else if ratio > 0.0 {
                    TrendClass::Limited
                } else {
                    TrendClass::Deterioration
                });
                // Reached when v1 × (1 + obs)^n crosses the target; only if moving towards it.
                if ratio > 0.0 && v1 > 0.0 && target > 0.0 && obs != 0.0 {
                    let n = (target / v1).ln() / (1.0 + obs).ln();
                    if n.is_finite() && (0.0..500.0).contains(&n) {
                        t.projected_year = Some(y1 + n.ceil() as i32);
                    }
                }
            }
        }
        None => {
            if let Some(r) = rate {
                let good = match direction {
                    Direction::Lower => -r,
                    _ => r,
                };
                t.class = Some(if good > 0.01 {
                    TrendClass::Improving
                } else if good < -0.01 {
                    TrendClass::Worsening
                } else {
                    TrendClass::Stable
                });
            }
        }
    }
    Some(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cagr_is_compound() {
        // 100 -> 121 over two years is 10 % a year.
        let t = trend(&[(2018, 100.0), (2020, 121.0)], Direction::Higher, None).unwrap();
        assert!((t.cagr_pct.unwrap() - 10.0).abs() < 1e-9);
        assert_eq!(t.class, Some(TrendClass::Improving));
    }

    #[test]
    fn progress_classes_against_a_target() {
        // Needed: 50 -> 100 from 2020 to 2030 = 2^(1/10) - 1 = 7.177 % a year.
        // Observed 50 -> 60 over 2 years = 9.545 % a year: ratio 1.33 -> substantial.
        let t = trend(
            &[(2020, 50.0), (2022, 60.0)],
            Direction::Higher,
            Some((100.0, 2030)),
        )
        .unwrap();
        assert!((t.required_pct.unwrap() - 7.177).abs() < 1e-3);
        assert_eq!(t.class, Some(TrendClass::Substantial));
        // 60 * 1.09545^n = 100 -> n = 5.6 -> 2028.
        assert_eq!(t.projected_year, Some(2028));
        // Observed 50 -> 52: 1.98 %/yr, ratio 0.276 -> limited.
        let t = trend(
            &[(2020, 50.0), (2022, 52.0)],
            Direction::Higher,
            Some((100.0, 2030)),
        )
        .unwrap();
        assert_eq!(t.class, Some(TrendClass::Limited));
        // Observed 50 -> 56: 5.83 %/yr, ratio 0.81 -> moderate.
        let t = trend(
            &[(2020, 50.0), (2022, 56.0)],
            Direction::Higher,
            Some((100.0, 2030)),
        )
        .unwrap();
        assert_eq!(t.class, Some(TrendClass::Moderate));
        // Falling: deterioration, never reached.
        let t = trend(
            &[(2020, 50.0), (2022, 45.0)],
            Direction::Higher,
            Some((100.0, 2030)),
        )
        .unwrap();
        assert_eq!(t.class, Some(TrendClass::Deterioration));
        assert_eq!(t.projected_year, None);
        // Already there.
        let t = trend(
            &[(2020, 50.0), (2022, 101.0)],
            Direction::Higher,
            Some((100.0, 2030)),
        )
        .unwrap();
        assert_eq!(t.class, Some(TrendClass::TargetAchieved));
    }

    #[test]
    fn lower_is_better_progress() {
        // PM2.5 from 20 to 16 in 2 years towards 5 by 2030: observed -10.56 %/yr,
        // required (5/20)^(1/10)-1 = -12.94 %/yr: ratio 0.816 -> moderate.
        let t = trend(
            &[(2020, 20.0), (2022, 16.0)],
            Direction::Lower,
            Some((5.0, 2030)),
        )
        .unwrap();
        assert_eq!(t.class, Some(TrendClass::Moderate));
        let t = trend(&[(2020, 20.0), (2022, 19.9)], Direction::Lower, None).unwrap();
        assert_eq!(t.class, Some(TrendClass::Stable));
    }

    #[test]
    fn degenerate_series() {
        assert!(trend(&[(2020, 1.0)], Direction::Higher, None).is_none());
        let t = trend(
            &[(2020, 0.0), (2022, 5.0)],
            Direction::Higher,
            Some((10.0, 2030)),
        )
        .unwrap();
        assert_eq!(t.cagr_pct, None);
        assert_eq!(t.class, None);
    }
}
