//! Peer medians on a profile: the median of the city's peer group (region and population
//! band) beside each value, and who the peers are, said once.

use crate::model::catalog::Direction;
use crate::model::results::{CityResult, ItemResult, KpiResult, PEER_GROUP_MIN, PeerGroup};
use crate::render::ctx::Ctx;
use crate::render::view::DimView;

/// "Peer median: 42 %": the median of the city's peer group for one item, when the
/// engine computed one (groups of at least `PEER_GROUP_MIN` reporting cities). Not for a
/// yes/no item, whose median of yes and no would read as a value no city has.
pub(super) fn peer_text(
    ctx: &Ctx<'_>,
    group: Option<&PeerGroup>,
    r: &KpiResult,
    it: &ItemResult,
) -> String {
    let Some(group) = group else {
        return String::new();
    };
    if it.direction == Direction::YesNo {
        return String::new();
    }
    ctx.input.results.kpis[r.kpi]
        .items
        .iter()
        .find(|i| i.point == it.point)
        .and_then(|i| i.peers.get(group))
        .map(|m| {
            // The unit is the value's, just above; only a percentage keeps its sign.
            let unit = ctx.catalog.kpis[r.kpi].item_unit(it.point.as_deref());
            let value = if unit.trim() == "%" {
                ctx.loc.with_unit(m.median, unit)
            } else {
                ctx.loc.number(m.median)
            };
            ctx.tf("city.peer", &[("value", &value)])
        })
        .unwrap_or_default()
}

/// Who a profile's peers are, once above the tables, when a row shows their median: the rows
/// then say only "Peer median: 42 %".
pub(super) fn peers_note(ctx: &Ctx<'_>, cr: &CityResult, dimensions: &[DimView]) -> String {
    let shown = dimensions
        .iter()
        .flat_map(|d| &d.subdimensions)
        .flat_map(|s| &s.categories)
        .flat_map(|c| &c.rows)
        .any(|r| !r.peer.is_empty());
    match &cr.peer_group {
        Some(group) if shown => {
            let size = ctx
                .input
                .results
                .peer_group_sizes
                .get(group)
                .copied()
                .unwrap_or(0);
            ctx.tf(
                "city.peers_note",
                &[
                    ("group", &ctx.peer_group(group)),
                    ("size", &size.to_string()),
                    ("n", &PEER_GROUP_MIN.to_string()),
                ],
            )
        }
        _ => String::new(),
    }
}

/// A fingerprint of the peer medians city `i`'s profile shows (0 without a peer group).
pub(super) fn peer_fingerprint(ctx: &Ctx<'_>, i: usize) -> u64 {
    let Some(group) = &ctx.input.results.cities[i].peer_group else {
        return 0;
    };
    let mut h = crate::fingerprint::HashWriter::new();
    for comp in &ctx.input.results.kpis {
        for item in &comp.items {
            if let Some(m) = item.peers.get(group) {
                h.update(&m.median.to_bits().to_le_bytes());
                h.update(&m.cities.to_le_bytes());
            } else {
                h.update(b"-");
            }
        }
    }
    h.digest()
}
