//! PNG copies of the chart files, drawn from the same SVG with resvg in an embedded font and
//! written as small indexed PNGs, so that the bytes depend on nothing but the SVG.

use std::sync::{Arc, LazyLock};

use palette_png::Depth;
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

/// Images drawn by earlier builds: `build`, `check` and `serve` keep them on disk (the site
/// stage's image store), so a PNG whose SVG did not change is read back instead of drawn.
pub trait ImageCache: Send + Sync + std::fmt::Debug {
    /// The PNG `draw` makes of `svg` as `recipe` names how (e.g. `chart@2`), or the one an
    /// earlier build stored for the same recipe and SVG.
    fn get_or_draw(
        &self,
        recipe: &str,
        svg: &str,
        draw: &mut dyn FnMut() -> Option<Vec<u8>>,
    ) -> Option<Vec<u8>>;
}

/// How an image is drawn from its SVG.
#[derive(Debug, Clone, Copy)]
pub enum Recipe {
    /// A card, as [`card_png`] draws it.
    Card,
    /// A chart `scale` times its size, as [`png`] draws it.
    Chart(f32),
}

impl Recipe {
    /// The PNG of `svg`, read from `store` when an earlier build drew it there.
    pub fn png(self, svg: &str, store: Option<&dyn ImageCache>) -> Option<Vec<u8>> {
        let mut draw = || match self {
            Recipe::Card => card_png(svg),
            Recipe::Chart(scale) => png(svg, scale),
        };
        match store {
            Some(store) => store.get_or_draw(&self.name(), svg, &mut draw),
            None => draw(),
        }
    }

    /// What the store keys the recipe by, besides the SVG.
    fn name(self) -> String {
        match self {
            Recipe::Card => "card".to_string(),
            Recipe::Chart(scale) => format!("chart@{scale}"),
        }
    }
}

/// A city's card (an SVG of [`crate::render::charts::CARD_WIDTH`] user units) as a 4-bit
/// indexed PNG at its own size; `None` when resvg cannot read it.
pub fn card_png(svg: &str) -> Option<Vec<u8>> {
    let (w, h, rgba) = draw(svg, 1.0)?;
    palette_png::encode(w, h, &rgba, &CARD_PALETTE, Depth::Four)
}

/// The chart in `svg` as an indexed PNG `scale` times its viewBox size, on white; `None` when
/// resvg cannot read it (never for the charts this crate writes) or it has no area.
pub fn png(svg: &str, scale: f32) -> Option<Vec<u8>> {
    let (w, h, rgba) = draw(svg, scale)?;
    palette_png::encode(w, h, &rgba, &PALETTE, Depth::Eight)
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

#[cfg(test)]
mod tests {
    use super::*;

    const SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 200 60\" font-family=\"system-ui, sans-serif\"><rect width=\"100\" height=\"30\" fill=\"#1b6e3b\"/><text x=\"10\" y=\"50\" font-size=\"14\">Олесунн Ålesund</text></svg>";

    #[test]
    fn a_chart_becomes_an_indexed_png_of_its_size() {
        let a = png(SVG, 2.0).unwrap();
        assert_eq!(a[25], 3, "colour type 3: indexed");
        assert_eq!(png(SVG, 2.0).unwrap(), a, "the same bytes every time");
        let dec = png::Decoder::new(std::io::Cursor::new(&a));
        let mut r = dec.read_info().unwrap();
        assert_eq!((r.info().width, r.info().height), (400, 120));
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
    fn bad_input_gives_no_image() {
        assert!(png("", 1.0).is_none());
        assert!(png("<svg", 1.0).is_none());
    }
}
