//! Cross-city statistics: direction-aware ranks with shared ties, median and quartiles.

use crate::model::catalog::Direction;

use crate::model::results::Stats;

/// Quantile of sorted data by linear interpolation between closest ranks (R type 7).
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    match sorted.len() {
        0 => f64::NAN,
        1 => sorted[0],
        n => {
            let h = (n - 1) as f64 * q;
            let lo = h.floor() as usize;
            let hi = h.ceil() as usize;
            sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
        }
    }
}

/// Statistics of a set of values; `None` when empty.
pub fn stats(values: &[f64]) -> Option<Stats> {
    if values.is_empty() {
        return None;
    }
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    Some(Stats {
        n: v.len(),
        min: v[0],
        q1: quantile(&v, 0.25),
        median: quantile(&v, 0.5),
        q3: quantile(&v, 0.75),
        max: v[v.len() - 1],
    })
}

/// Sort key where smaller is better.
fn badness(direction: Direction, value: f64, target: Option<f64>) -> f64 {
    match direction {
        Direction::Higher | Direction::YesNo => -value,
        Direction::Lower => value,
        Direction::Target => match target {
            Some(t) => (value - t).abs(),
            None => value,
        },
    }
}

/// Ranks `values` best first (1 = best); equal values share the rank ("1, 2, 2, 4").
///
/// Returns, for each input position, its rank, and the input positions in rank order (ties by
/// position, so the order is stable and independent of hashing).
pub fn rank(values: &[f64], direction: Direction, target: Option<f64>) -> (Vec<u32>, Vec<usize>) {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| {
        badness(direction, values[a], target)
            .total_cmp(&badness(direction, values[b], target))
            .then(a.cmp(&b))
    });
    let mut ranks = vec![0u32; values.len()];
    let mut prev: Option<f64> = None;
    let mut current = 0u32;
    for (i, &pos) in order.iter().enumerate() {
        let key = badness(direction, values[pos], target);
        if prev != Some(key) {
            current = i as u32 + 1;
            prev = Some(key);
        }
        ranks[pos] = current;
    }
    (ranks, order)
}

/// Population band used for peer groups.
pub fn population_band(population: Option<u64>) -> &'static str {
    match population {
        None => "unknown",
        Some(p) if p < 100_000 => "under 100 000",
        Some(p) if p < 500_000 => "100 000 – 500 000",
        Some(p) if p < 1_000_000 => "500 000 – 1 million",
        Some(_) => "over 1 million",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quartiles_match_hand_computation() {
        // 1 2 3 4: q1 = 1.75, median 2.5, q3 = 3.25 (type 7).
        let s = stats(&[4.0, 1.0, 3.0, 2.0]).unwrap();
        assert_eq!(
            (s.min, s.q1, s.median, s.q3, s.max),
            (1.0, 1.75, 2.5, 3.25, 4.0)
        );
        assert_eq!(stats(&[7.0]).unwrap().median, 7.0);
        assert!(stats(&[]).is_none());
    }

    #[test]
    fn ranks_share_ties_and_follow_direction() {
        let (r, order) = rank(&[10.0, 30.0, 30.0, 5.0], Direction::Higher, None);
        assert_eq!(r, vec![3, 1, 1, 4]);
        assert_eq!(order, vec![1, 2, 0, 3]);
        let (r, _) = rank(&[10.0, 30.0, 30.0, 5.0], Direction::Lower, None);
        assert_eq!(r, vec![2, 3, 3, 1]);
        let (r, _) = rank(&[0.64, 0.74, 1.1], Direction::Target, Some(1.0));
        assert_eq!(r, vec![3, 2, 1]);
    }

    proptest::proptest! {
        #[test]
        fn ranks_do_not_depend_on_input_order(v in proptest::collection::vec(0u32..50, 1..30)) {
            let vals: Vec<f64> = v.iter().map(|x| f64::from(*x)).collect();
            let (r1, _) = rank(&vals, Direction::Higher, None);
            let mut rev = vals.clone();
            rev.reverse();
            let (mut r2, _) = rank(&rev, Direction::Higher, None);
            r2.reverse();
            proptest::prop_assert_eq!(r1, r2);
        }
    }
}
