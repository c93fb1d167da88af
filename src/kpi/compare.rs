//! Cross-city statistics: direction-aware ranks with shared ties, median and quartiles.

use crate::model::catalog::Direction;

use std::collections::BTreeMap;

use crate::model::results::{PEER_GROUP_MIN, PeerGroup, PeerMedian, PopulationBand, Stats};

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

/// A city's peer group: both its region and its population are needed.
pub fn peer_group(region: Option<&str>, population: Option<u64>) -> Option<PeerGroup> {
    Some(PeerGroup {
        region: region?.to_string(),
        band: PopulationBand::of(population?),
    })
}

/// Median per peer group of `(group, value)` pairs, keeping only groups of at least
/// [`PEER_GROUP_MIN`] values (smaller groups are not computed at all).
pub fn peer_medians<'a>(
    values: impl IntoIterator<Item = (&'a PeerGroup, f64)>,
) -> BTreeMap<PeerGroup, PeerMedian> {
    let mut groups: BTreeMap<&PeerGroup, Vec<f64>> = BTreeMap::new();
    for (g, v) in values {
        groups.entry(g).or_default().push(v);
    }
    groups
        .into_iter()
        .filter(|(_, v)| v.len() >= PEER_GROUP_MIN as usize)
        .map(|(g, mut v)| {
            v.sort_by(f64::total_cmp);
            let median = quantile(&v, 0.5);
            (
                g.clone(),
                PeerMedian {
                    median,
                    cities: v.len() as u32,
                },
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(region: &str, population: u64) -> PeerGroup {
        peer_group(Some(region), Some(population)).unwrap()
    }

    #[test]
    fn a_peer_group_needs_region_and_population() {
        assert_eq!(peer_group(None, Some(50_000)), None);
        assert_eq!(peer_group(Some("Europe"), None), None);
        assert_eq!(group("Europe", 99_999).band, PopulationBand::Under100k);
        assert_eq!(
            group("Europe", 100_000).band,
            PopulationBand::From100kTo500k
        );
        assert_eq!(group("Europe", 999_999).band, PopulationBand::From500kTo1m);
        assert_eq!(group("Europe", 1_000_000).band, PopulationBand::Over1m);
    }

    #[test]
    fn peer_medians_only_for_groups_of_five_or_more() {
        let europe = group("Europe", 200_000);
        let africa = group("Africa", 200_000);
        let small = group("Europe", 50_000);
        let mut values: Vec<(&PeerGroup, f64)> = [1.0, 9.0, 3.0, 7.0, 5.0]
            .iter()
            .map(|&v| (&europe, v))
            .collect();
        values.extend([2.0, 4.0, 6.0, 8.0].iter().map(|&v| (&africa, v)));
        values.push((&small, 10.0));
        let m = peer_medians(values);
        assert_eq!(m.len(), 1, "groups of four and one are not computed: {m:?}");
        assert_eq!(
            m[&europe],
            PeerMedian {
                median: 5.0,
                cities: 5
            }
        );
    }

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
