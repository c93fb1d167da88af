//! PNG copies of the chart files, drawn from the same SVG with resvg in an embedded font and
//! written as small indexed PNGs, so that the bytes depend on nothing but the SVG.

use std::sync::{Arc, LazyLock};

use resvg::tiny_skia;
use resvg::usvg;

use super::charts::{BAND_COLOURS, MUTED_TEXT_COLOUR, NO_DATA_COLOUR, SERIES_COLOURS, TEXT_COLOUR};

/// The one font family the images are drawn in: DejaVu Sans covers Latin and Cyrillic, and
/// being in the binary (never the machine's fonts) makes every build draw the same pixels.
const FAMILY: &str = "DejaVu Sans";

static FONTS: LazyLock<Arc<usvg::fontdb::Database>> = LazyLock::new(|| {
    let mut db = usvg::fontdb::Database::new();
    db.load_font_data(include_bytes!("../../assets/fonts/DejaVuSans.ttf").to_vec());
    db.load_font_data(include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf").to_vec());
    // The files name the browsers' font stack; its generic end ("sans-serif") lands here.
    db.set_sans_serif_family(FAMILY);
    Arc::new(db)
});

/// The colours an image may use: the chart palette, each lightened towards white (the band
/// patterns lay white over a band colour, and antialiased edges blend into the white ground),
/// and a ramp of greys for antialiased text.
static PALETTE: LazyLock<Vec<[u8; 3]>> = LazyLock::new(|| {
    let mut base: Vec<[u8; 3]> = BAND_COLOURS
        .iter()
        .chain(SERIES_COLOURS.iter())
        .chain([NO_DATA_COLOUR, TEXT_COLOUR, MUTED_TEXT_COLOUR, "#eef3f8"].iter())
        .map(|c| hex(c))
        .collect();
    let mut all = Vec::new();
    for c in base.drain(..) {
        all.push(c);
        for t in [0.25, 0.45, 0.6, 0.8] {
            let mix = |v: u8| (f64::from(v) + (255.0 - f64::from(v)) * t).round() as u8;
            all.push([mix(c[0]), mix(c[1]), mix(c[2])]);
        }
    }
    for g in (0..=255u16).step_by(17) {
        all.push([g as u8; 3]);
    }
    all.dedup();
    all
});

/// The sixteen colours of a city's card, so it fits a 4-bit palette: white, the text greys,
/// the band colours and the light tints their patterns make, the "no data" greys, and two
/// greys for the edges of letters.
static CARD_PALETTE: LazyLock<Vec<[u8; 3]>> = LazyLock::new(|| {
    let mut all = vec![hex("#ffffff"), hex(TEXT_COLOUR), hex(MUTED_TEXT_COLOUR)];
    all.extend(BAND_COLOURS.iter().map(|c| hex(c)));
    all.extend(BAND_COLOURS.iter().map(|c| mix_white(hex(c), 0.5)));
    all.extend([
        hex(NO_DATA_COLOUR),
        hex("#f2f2f2"),
        hex("#3c3c3c"),
        hex("#a6a6a6"),
        hex("#d4d4d4"),
    ]);
    all
});

/// `#rrggbb` as bytes (black for anything else).
fn hex(s: &str) -> [u8; 3] {
    let v = u32::from_str_radix(s.trim_start_matches('#'), 16).unwrap_or(0);
    [(v >> 16) as u8, (v >> 8) as u8, v as u8]
}

/// `c` moved the share `t` of the way to white.
fn mix_white(c: [u8; 3], t: f64) -> [u8; 3] {
    c.map(|v| (f64::from(v) + (255.0 - f64::from(v)) * t).round() as u8)
}

/// A city's card (an SVG of [`crate::render::charts::CARD_WIDTH`] user units) as a 4-bit
/// indexed PNG at its own size; `None` when resvg cannot read it.
pub fn card_png(svg: &str) -> Option<Vec<u8>> {
    let (w, h, rgba) = draw(svg, 1.0)?;
    encode(w, h, &rgba, &CARD_PALETTE, png::BitDepth::Four)
}

/// The chart in `svg` as an indexed PNG `scale` times its viewBox size, on white; `None` when
/// resvg cannot read it (never for the charts this crate writes) or it has no area.
pub fn png(svg: &str, scale: f32) -> Option<Vec<u8>> {
    let (w, h, rgba) = draw(svg, scale)?;
    encode(w, h, &rgba, &PALETTE, png::BitDepth::Eight)
}

/// The pixels of `svg` drawn `scale` times its size on white: width, height and RGBA.
fn draw(svg: &str, scale: f32) -> Option<(u32, u32, Vec<u8>)> {
    let opt = usvg::Options {
        font_family: FAMILY.to_string(),
        fontdb: FONTS.clone(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &opt).ok()?;
    let size = tree.size().to_int_size().scale_by(scale)?;
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height())?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    Some((size.width(), size.height(), pixmap.take()))
}

/// Opaque RGBA pixels mapped to the nearest colour of `palette` (at most 2^`depth` colours)
/// and written as an indexed PNG with the strongest compression (which is deterministic).
fn encode(
    width: u32,
    height: u32,
    rgba: &[u8],
    palette: &[[u8; 3]],
    depth: png::BitDepth,
) -> Option<Vec<u8>> {
    let bits = depth as usize;
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
        enc.set_compression(png::Compression::High);
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
/// a card's margins and gaps are such rows, and the slice comparison and copy are std's
/// optimised code even in the unoptimised test build, where the per-pixel loop is not (the dev
/// server's tests draw every card of a site in that build).
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
    let mut best = 0;
    for (i, p) in palette.iter().enumerate() {
        if d(p) < d(&palette[best]) {
            best = i;
        }
    }
    best as u8
}

/// A PNG's width and height, from its IHDR chunk.
pub fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    if bytes.len() < 24 || &bytes[..8] != b"\x89PNG\r\n\x1a\n" || &bytes[12..16] != b"IHDR" {
        return None;
    }
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    Some((be(&bytes[16..20]), be(&bytes[20..24])))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 200 60\" font-family=\"system-ui, sans-serif\"><rect width=\"100\" height=\"30\" fill=\"#1b6e3b\"/><text x=\"10\" y=\"50\" font-size=\"14\">Олесунн Ålesund</text></svg>";

    #[test]
    fn a_chart_becomes_an_indexed_png_of_its_size() {
        let a = png(SVG, 2.0).unwrap();
        assert_eq!(png_size(&a), Some((400, 120)));
        assert_eq!(a[25], 3, "colour type 3: indexed");
        assert_eq!(png(SVG, 2.0).unwrap(), a, "the same bytes every time");
        let dec = png::Decoder::new(std::io::Cursor::new(&a));
        let mut r = dec.read_info().unwrap();
        let mut buf = vec![0; r.output_buffer_size().unwrap()];
        r.next_frame(&mut buf).unwrap();
        let pal = r.info().palette.as_ref().unwrap().to_vec();
        let at = |x: usize, y: usize| {
            let i = usize::from(buf[y * 400 + x]) * 3;
            [pal[i], pal[i + 1], pal[i + 2]]
        };
        assert_eq!(at(50, 20), [0x1b, 0x6e, 0x3b], "the band colour, exactly");
        assert_eq!(at(390, 10), [255, 255, 255], "a white ground");
        // The text is drawn in the embedded font: dark pixels where the words are.
        let dark = (60..120)
            .flat_map(|y| (0..400).map(move |x| (x, y)))
            .filter(|&(x, y)| at(x, y)[0] < 100)
            .count();
        assert!(dark > 300, "text drawn: {dark} dark pixels");
    }

    #[test]
    fn the_quantiser_picks_the_closest_colour_of_every_pixel() {
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
            .map(|p| closest(&PALETTE, [p[0], p[1], p[2]]))
            .collect();
        assert_eq!(quantise(&rgba, 7, &PALETTE), want);
        // Rows equal to the row above, as in a card's margins, and a last row cut short.
        let row: Vec<u8> = rgba[..4 * 50].to_vec();
        let mut rows = Vec::new();
        for r in [&row, &row, &rgba[4 * 50..4 * 100], &row, &row, &row] {
            rows.extend_from_slice(r);
        }
        rows.extend_from_slice(&row[..4 * 3]);
        let want: Vec<u8> = rows
            .chunks_exact(4)
            .map(|p| closest(&PALETTE, [p[0], p[1], p[2]]))
            .collect();
        assert_eq!(quantise(&rows, 50, &PALETTE), want);
    }

    #[test]
    fn bad_input_gives_no_image() {
        assert!(png("", 1.0).is_none());
        assert!(png("<svg", 1.0).is_none());
        assert!(png_size(b"GIF89a").is_none());
    }
}
