//! The city's card: one 1200×630 image for link previews and for the PNG download of its
//! wheel, in every language at once, so it holds only words that need no translation.

use std::fmt::Write as _;

use super::canvas::{esc, n};
use super::palette::{MUTED_TEXT_COLOUR, TEXT_COLOUR, band_colour};
use super::text::{clean, text_w};
use super::wheel::{Wheel, wheel_rings};

/// Width of a card, the size link previews ask for.
pub const CARD_WIDTH: u32 = 1200;
/// Height of a card.
pub const CARD_HEIGHT: u32 = 630;

/// What a city's card shows.
#[derive(Debug, Clone, Default)]
pub struct CityCard {
    /// The city's name as the default language's content writes it.
    pub name: String,
    /// Its country, likewise.
    pub country: String,
    /// The overall score in percent, or `None` when it is not scored.
    pub score_pct: Option<f64>,
    /// The overall score's band, 1 to 4, for the colour of the number.
    pub band: Option<u8>,
    /// KPIs reported and KPIs in the catalogue ("87/91").
    pub coverage: (u32, u32),
    /// The site's name, its address without the scheme, the evaluation's date (`YYYY-MM`)
    /// and the data licence's short name, drawn as one line.
    pub credit: Vec<String>,
    /// The wheel, drawn without its words.
    pub wheel: Wheel,
}

/// Left margin, and the width the words may take left of the wheel.
pub(super) const LEFT: f64 = 64.0;
const TEXT_MAX_W: f64 = 600.0;
/// The wheel's centre and outer radius.
const WHEEL_AT: (f64, f64, f64) = (930.0, 290.0, 240.0);

/// The card as an SVG of [`CARD_WIDTH`] × [`CARD_HEIGHT`] user units. `hatch` as in
/// [`wheel_rings`].
pub fn city_card(c: &CityCard, hatch: Option<f64>) -> String {
    let (defs, rings) = wheel_rings(&c.wheel, "card", WHEEL_AT, hatch);
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {CARD_WIDTH} {CARD_HEIGHT}\" width=\"{CARD_WIDTH}\" height=\"{CARD_HEIGHT}\" font-family=\"DejaVu Sans, sans-serif\" text-rendering=\"optimizeSpeed\" fill=\"{TEXT_COLOUR}\">\n"
    );
    if !defs.is_empty() {
        let _ = write!(s, "<defs>\n{defs}</defs>\n");
    }
    let _ = writeln!(
        s,
        "<rect width=\"{CARD_WIDTH}\" height=\"{CARD_HEIGHT}\" fill=\"#fff\"/>"
    );
    s.push_str(&rings);
    // Long names are set smaller rather than cut: the card is the city's name first.
    let fit = |t: &str, size: f64, bold: bool| {
        let w = text_w(t, size, bold);
        if w > TEXT_MAX_W {
            (size * TEXT_MAX_W / w).max(size * 0.4)
        } else {
            size
        }
    };
    let name = clean(&c.name);
    let country = clean(&c.country);
    let _ = writeln!(
        s,
        "<text x=\"{LEFT}\" y=\"130\" font-size=\"{}\" font-weight=\"bold\">{}</text>",
        n(fit(&name, 64.0, true)),
        esc(&name)
    );
    let _ = writeln!(
        s,
        "<text x=\"{LEFT}\" y=\"186\" font-size=\"{}\" fill=\"{MUTED_TEXT_COLOUR}\">{}</text>",
        n(fit(&country, 36.0, false)),
        esc(&country)
    );
    let score = match c.score_pct.filter(|p| p.is_finite()) {
        Some(p) => format!("{}%", p.round().clamp(0.0, 100.0)),
        None => "–".to_owned(),
    };
    let colour = c
        .band
        .filter(|b| (1..=4).contains(b))
        .map_or(TEXT_COLOUR, band_colour);
    let _ = writeln!(
        s,
        "<text x=\"{LEFT}\" y=\"370\" font-size=\"150\" font-weight=\"bold\" fill=\"{colour}\">{}</text>",
        esc(&score)
    );
    let _ = writeln!(
        s,
        "<text x=\"{LEFT}\" y=\"440\" font-size=\"40\"><tspan font-weight=\"bold\">{}/{}</tspan> U4SSC KPIs</text>",
        c.coverage.0, c.coverage.1
    );
    s.push_str(&credit_line(&c.credit));
    s.push_str("</svg>\n");
    s
}

/// The credit line at the foot of a card: `parts` on one line, set smaller when long.
pub(super) fn credit_line(parts: &[String]) -> String {
    let credit = parts
        .iter()
        .map(|p| clean(p))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("  ·  ");
    let size = {
        let w = text_w(&credit, 24.0, false);
        if w > f64::from(CARD_WIDTH) - 2.0 * LEFT {
            (24.0 * (f64::from(CARD_WIDTH) - 2.0 * LEFT) / w).max(12.0)
        } else {
            24.0
        }
    };
    format!(
        "<text x=\"{LEFT}\" y=\"590\" font-size=\"{}\" fill=\"{MUTED_TEXT_COLOUR}\">{}</text>\n",
        n(size),
        esc(&credit)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::charts::image_size;
    use crate::render::charts::wheel::tests::u4ssc_wheel;

    fn card() -> CityCard {
        CityCard {
            name: "Ålesund <&>".into(),
            country: "Norway".into(),
            score_pct: Some(61.6),
            band: Some(3),
            coverage: (87, 91),
            credit: vec![
                "Example site".into(),
                "example.org/repo/".into(),
                "2017-03".into(),
                "CC0 1.0".into(),
            ],
            wheel: u4ssc_wheel("w"),
        }
    }

    #[test]
    fn the_card_draws_name_country_score_coverage_and_credit() {
        let svg = city_card(&card(), Some(2.0));
        assert_eq!(image_size(&svg), (CARD_WIDTH, CARD_HEIGHT));
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let text: String = doc
            .descendants()
            .filter(|n| n.is_text())
            .map(|n| n.text().unwrap_or_default())
            .collect::<Vec<_>>()
            .join("|");
        for want in [
            "Ålesund <&>",
            "Norway",
            "62%",
            "87/91",
            "U4SSC KPIs",
            "Example site  ·  example.org/repo/  ·  2017-03  ·  CC0 1.0",
        ] {
            assert!(text.contains(want), "{want:?} not in {text:?}");
        }
        // The rings without their words: no dimension or category name is drawn.
        assert!(!text.contains("Economy"), "{text}");
        assert!(svg.contains("<pattern"), "hatched bands");
        assert!(!city_card(&card(), None).contains("<pattern"), "flat bands");
    }

    #[test]
    fn an_unscored_city_has_no_number_and_bad_input_does_not_panic() {
        let c = CityCard {
            score_pct: Some(f64::NAN),
            band: Some(9),
            wheel: Wheel::default(),
            ..card()
        };
        let svg = city_card(&c, Some(2.0));
        assert!(roxmltree::Document::parse(&svg).is_ok());
        assert!(!svg.contains("NaN"));
        assert!(svg.contains(">–</text>"));
    }
}
