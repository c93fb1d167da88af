//! Opaque RGBA pixels written as an indexed PNG in a palette the caller fixes.
//!
//! A crate of its own so that the dev profile can optimise it fully: the dev server's tests draw
//! every image of a site in the unoptimised test build, where this per-pixel loop was most of
//! their time, and optimising a small leaf crate does not slow the whole program's compile.

/// The bits per palette index of the PNG: 4 fits sixteen colours, 8 fits 256.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Depth {
    /// Two pixels a byte, at most sixteen colours.
    Four,
    /// One pixel a byte, at most 256 colours.
    Eight,
}

/// Opaque RGBA pixels mapped to the nearest colour of `palette` (at most 2^`depth` colours)
/// and written as an indexed PNG at deflate level 6 (deterministic, as every level is).
pub fn encode(
    width: u32,
    height: u32,
    rgba: &[u8],
    palette: &[[u8; 3]],
    depth: Depth,
) -> Option<Vec<u8>> {
    let (bits, depth) = match depth {
        Depth::Four => (4, png::BitDepth::Four),
        Depth::Eight => (8, png::BitDepth::Eight),
    };
    if palette.len() > 1 << bits || width == 0 {
        return None;
    }
    let indices = quantise(rgba, width as usize, palette);
    // Below 8 bits a row packs several pixels per byte, high bits first, each row whole bytes.
    let per_byte = 8 / bits;
    let data: Vec<u8> = if per_byte == 1 {
        indices
    } else {
        let mut data = Vec::with_capacity(indices.len().div_ceil(per_byte));
        for row in indices.chunks(width as usize) {
            for px in row.chunks(per_byte) {
                let mut b = 0u8;
                for (i, &v) in px.iter().enumerate() {
                    b |= v << (8 - bits * (i + 1));
                }
                data.push(b);
            }
        }
        data
    };
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, width, height);
        enc.set_color(png::ColorType::Indexed);
        enc.set_depth(depth);
        enc.set_palette(palette.iter().flatten().copied().collect::<Vec<u8>>());
        // Level 9 spent 45 % of a 1,000-city build in zlib's match search for files 9 % smaller
        // than level 6 writes (a card: 16 ms for 11.4 KB, against 8 ms for 12.5 KB).
        enc.set_deflate_compression(png::DeflateCompression::Level(6));
        enc.set_filter(png::Filter::NoFilter);
        let mut w = enc.write_header().ok()?;
        w.write_image_data(&data).ok()?;
        w.finish().ok()?;
    }
    Some(out)
}

/// The quantiser's colour table has 2^SLOT_BITS slots.
const SLOT_BITS: u32 = 12;

/// Each opaque RGBA pixel's index in `palette`, as [`closest`] picks it. A card is 756,000
/// pixels of a few hundred colours, mostly in runs: a pixel like the one before costs a
/// comparison, and the others a slot in a small table keyed by the colour (a `HashMap` here was
/// most of a card's time). A row of `width` pixels equal to the row above copies its indices:
/// a card's margins and gaps are such rows, and a slice comparison and copy beat the
/// per-pixel loop.
fn quantise(rgba: &[u8], width: usize, palette: &[[u8; 3]]) -> Vec<u8> {
    // A slot holds the colour in its high 24 bits and the index in its low 8; no colour packs
    // to `u32::MAX`, which marks an empty slot.
    let mut slots = vec![u32::MAX; 1 << SLOT_BITS];
    let mut out = Vec::with_capacity(rgba.len() / 4);
    let mut last: Option<(u32, u8)> = None;
    let row_len = width.max(1) * 4;
    let mut above: &[u8] = &[];
    for row in rgba.chunks(row_len) {
        if row == above {
            let start = out.len() - row.len() / 4;
            out.extend_from_within(start..);
            continue;
        }
        above = row;
        quantise_row(row, palette, &mut slots, &mut last, &mut out);
    }
    out
}

/// The indices of one row's pixels, appended to `out`; `slots` and `last` carry the colours
/// already looked up.
fn quantise_row(
    row: &[u8],
    palette: &[[u8; 3]],
    slots: &mut [u32],
    last: &mut Option<(u32, u8)>,
    out: &mut Vec<u8>,
) {
    for p in row.chunks_exact(4) {
        let key = u32::from(p[0]) << 16 | u32::from(p[1]) << 8 | u32::from(p[2]);
        let idx = match *last {
            Some((k, i)) if k == key => i,
            _ => {
                let slot = &mut slots[(key.wrapping_mul(0x9e37_79b1) >> (32 - SLOT_BITS)) as usize];
                let i = if *slot != u32::MAX && *slot >> 8 == key {
                    *slot as u8
                } else {
                    let i = closest(palette, [p[0], p[1], p[2]]);
                    *slot = key << 8 | u32::from(i);
                    i
                };
                *last = Some((key, i));
                i
            }
        };
        out.push(idx);
    }
}

/// The index of the palette colour closest to `c` (the first of equals, so ties are stable).
fn closest(palette: &[[u8; 3]], c: [u8; 3]) -> u8 {
    let d = |p: &[u8; 3]| -> i32 {
        (0..3)
            .map(|i| (i32::from(p[i]) - i32::from(c[i])).pow(2))
            .sum()
    };
    let mut best = (0, i32::MAX);
    for (i, p) in palette.iter().enumerate() {
        let dist = d(p);
        if dist < best.1 {
            best = (i, dist);
        }
    }
    best.0 as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A palette of the kind the charts use: a few hundred colours spread over the cube.
    fn palette() -> Vec<[u8; 3]> {
        let mut p = Vec::new();
        for r in (0..=255u16).step_by(51) {
            for g in (0..=255u16).step_by(51) {
                for b in (0..=255u16).step_by(64) {
                    p.push([r as u8, g as u8, b as u8]);
                }
            }
        }
        p.truncate(200);
        p
    }

    #[test]
    fn the_quantiser_picks_the_closest_colour_of_every_pixel() {
        let pal = palette();
        // Far more colours than the table has slots, so slots are shared, and runs between.
        let mut rgba = Vec::new();
        let mut x = 12345u32;
        for _ in 0..20_000 {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            let [r, g, b, _] = x.to_le_bytes();
            for _ in 0..=(x >> 29) {
                rgba.extend([r, g, b, 255]);
            }
        }
        let want: Vec<u8> = rgba
            .chunks_exact(4)
            .map(|p| closest(&pal, [p[0], p[1], p[2]]))
            .collect();
        assert_eq!(quantise(&rgba, 7, &pal), want);
        // Rows equal to the row above, as in a card's margins, and a last row cut short.
        let row: Vec<u8> = rgba[..4 * 50].to_vec();
        let mut rows = Vec::new();
        for r in [&row, &row, &rgba[4 * 50..4 * 100], &row, &row, &row] {
            rows.extend_from_slice(r);
        }
        rows.extend_from_slice(&row[..4 * 3]);
        let want: Vec<u8> = rows
            .chunks_exact(4)
            .map(|p| closest(&pal, [p[0], p[1], p[2]]))
            .collect();
        assert_eq!(quantise(&rows, 50, &pal), want);
    }

    #[test]
    fn an_image_decodes_to_its_palette_colours_at_either_depth() {
        let pal: Vec<[u8; 3]> = vec![[255, 255, 255], [0, 0, 0], [200, 10, 10]];
        // 3 x 2 pixels: near-white, near-red, black / red, white, near-black.
        let rgba = [
            250, 250, 250, 255, 190, 20, 15, 255, 0, 0, 0, 255, //
            200, 10, 10, 255, 255, 255, 255, 255, 30, 30, 30, 255,
        ];
        for depth in [Depth::Four, Depth::Eight] {
            let bytes = encode(3, 2, &rgba, &pal, depth).unwrap();
            let mut r = png::Decoder::new(std::io::Cursor::new(&bytes))
                .read_info()
                .unwrap();
            assert_eq!((r.info().width, r.info().height), (3, 2));
            let mut buf = vec![0; r.output_buffer_size().unwrap()];
            r.next_frame(&mut buf).unwrap();
            let stride = if depth == Depth::Four { 2 } else { 3 };
            let index = |x: usize, y: usize| match depth {
                Depth::Four => (buf[y * stride + x / 2] >> (4 * (1 - x % 2))) & 0xf,
                Depth::Eight => buf[y * stride + x],
            };
            let got: Vec<u8> = (0..2)
                .flat_map(|y| (0..3).map(move |x| (x, y)))
                .map(|(x, y)| index(x, y))
                .collect();
            assert_eq!(got, [0, 2, 1, 2, 0, 1], "{depth:?}");
        }
    }

    #[test]
    fn too_many_colours_or_no_width_gives_no_image() {
        let pal = vec![[0u8; 3]; 17];
        assert!(encode(1, 1, &[0, 0, 0, 255], &pal, Depth::Four).is_none());
        assert!(encode(1, 1, &[0, 0, 0, 255], &pal, Depth::Eight).is_some());
        assert!(encode(0, 0, &[], &pal, Depth::Eight).is_none());
    }
}
