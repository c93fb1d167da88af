//! An indicator's card: the 1200×630 link preview of an indicator page, in the page's language:
//! the KPI's code and name, its leading cities with their values, and the credit line. Drawn in
//! the city card's sixteen colours, so it is a 4-bit PNG like that one.

use std::fmt::Write as _;

use super::canvas::{esc, n};
use super::caption::wrap_words;
use super::card::{CARD_HEIGHT, CARD_WIDTH, LEFT, credit_line};
use super::palette::{MUTED_TEXT_COLOUR, NO_DATA_COLOUR, TEXT_COLOUR, band_colour};
use super::text::{clean, fit, text_w};

/// What an indicator's card shows, in one language.
#[derive(Debug, Clone, Default)]
pub struct IndicatorCard {
    /// The KPI's code, and the data point's name when the leaders are of one ("PM2.5").
    pub code: String,
    /// The KPI's name.
    pub name: String,
    /// The leading cities, best first: rank ("=2"), city, value with its unit, and band (1 to
    /// 4; anything else when not scored).
    pub leaders: Vec<(String, String, String, u8)>,
    /// What the card says instead when no city has a value.
    pub empty: String,
    /// The site's name, its address, the data's date and licence, drawn as one line.
    pub credit: Vec<String>,
}

/// How many leading cities a card lists: five rows leave room for a three-line name.
pub const CARD_LEADERS: usize = 5;

/// The right edge of the text, where values end.
const RIGHT: f64 = CARD_WIDTH as f64 - LEFT;
/// The name's sizes, largest first, each with the lines it may take.
const NAME_SIZES: [(f64, usize); 3] = [(52.0, 2), (42.0, 3), (34.0, 3)];
/// Distance between leader rows, and their text size.
const ROW_H: f64 = 54.0;
const ROW_SIZE: f64 = 36.0;
/// The widest a value may be, and the smallest it is set before it is cut: the city's name
/// keeps at least a third of the row.
const VALUE_MAX_W: f64 = 620.0;
const VALUE_MIN_SIZE: f64 = 24.0;

/// The card as an SVG of [`CARD_WIDTH`] × [`CARD_HEIGHT`] user units.
pub fn indicator_card(c: &IndicatorCard) -> String {
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {CARD_WIDTH} {CARD_HEIGHT}\" width=\"{CARD_WIDTH}\" height=\"{CARD_HEIGHT}\" font-family=\"DejaVu Sans, sans-serif\" text-rendering=\"optimizeSpeed\" fill=\"{TEXT_COLOUR}\">\n<rect width=\"{CARD_WIDTH}\" height=\"{CARD_HEIGHT}\" fill=\"#fff\"/>\n"
    );
    let width = RIGHT - LEFT;
    let code = clean(&c.code);
    let (code, _) = fit(&code, width, 30.0, false);
    let _ = writeln!(
        s,
        "<text x=\"{LEFT}\" y=\"84\" font-size=\"30\" fill=\"{MUTED_TEXT_COLOUR}\">{}</text>",
        esc(&code)
    );
    // The name whole at the largest size it fits in its lines; a name longer than three lines
    // at the smallest size keeps three and ends in an ellipsis rather than covering the rows.
    let name = clean(&c.name);
    let (size, max_lines) = NAME_SIZES
        .iter()
        .copied()
        .find(|&(size, lines)| wrap_words(&name, width, size, true).len() <= lines)
        .unwrap_or(NAME_SIZES[NAME_SIZES.len() - 1]);
    let mut lines = wrap_words(&name, width, size, true);
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            *last = fit(&format!("{last}…"), width, size, true).0;
        }
    }
    let line_h = size * 1.2;
    let mut y = 84.0 + 16.0 + line_h * 0.85;
    for line in &lines {
        // A single word wider than the card is drawn narrower, never past the edge.
        let fits = text_w(line, size, true) <= width;
        let _ = write!(
            s,
            "<text x=\"{LEFT}\" y=\"{}\" font-size=\"{}\" font-weight=\"bold\"",
            n(y),
            n(size)
        );
        if !fits {
            let _ = write!(
                s,
                " textLength=\"{}\" lengthAdjust=\"spacingAndGlyphs\"",
                n(width)
            );
        }
        let _ = writeln!(s, ">{}</text>", esc(line));
        y += line_h;
    }
    let mut row_y = y - line_h + 30.0 + ROW_H;
    if c.leaders.is_empty() {
        let (empty, _) = fit(&clean(&c.empty), width, ROW_SIZE, false);
        let _ = writeln!(
            s,
            "<text x=\"{LEFT}\" y=\"{}\" font-size=\"{ROW_SIZE}\" fill=\"{MUTED_TEXT_COLOUR}\">{}</text>",
            n(row_y),
            esc(&empty)
        );
    }
    let _ = writeln!(s, "<g font-size=\"{ROW_SIZE}\">");
    for (rank, city, value, band) in c.leaders.iter().take(CARD_LEADERS) {
        let colour = if (1..=4).contains(band) {
            band_colour(*band)
        } else {
            NO_DATA_COLOUR
        };
        // A value with a long unit ("per 100,000 inhabitants") is set smaller before it is
        // cut: the number is what the card is for.
        let value = clean(value);
        let full_w = text_w(&value, ROW_SIZE, true);
        let value_size = if full_w > VALUE_MAX_W {
            (ROW_SIZE * VALUE_MAX_W / full_w).max(VALUE_MIN_SIZE)
        } else {
            ROW_SIZE
        };
        let (value, _) = fit(&value, VALUE_MAX_W, value_size, true);
        let value_w = text_w(&value, value_size, true);
        let city_x = LEFT + 110.0;
        let (city, _) = fit(
            &clean(city),
            RIGHT - value_w - 30.0 - city_x,
            ROW_SIZE,
            false,
        );
        let _ = write!(
            s,
            "<text x=\"{LEFT}\" y=\"{y}\" fill=\"{MUTED_TEXT_COLOUR}\">{}</text><circle cx=\"{}\" cy=\"{}\" r=\"14\" fill=\"{colour}\"/><text x=\"{}\" y=\"{y}\">{}</text><text x=\"{RIGHT}\" y=\"{y}\" text-anchor=\"end\" font-weight=\"bold\"",
            esc(&clean(rank)),
            n(LEFT + 76.0),
            n(row_y - 12.0),
            n(city_x),
            esc(&city),
            y = n(row_y),
        );
        if value_size != ROW_SIZE {
            let _ = write!(s, " font-size=\"{}\"", n(value_size));
        }
        let _ = writeln!(s, ">{}</text>", esc(&value));
        row_y += ROW_H;
    }
    s.push_str("</g>\n");
    s.push_str(&credit_line(&c.credit));
    s.push_str("</svg>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::charts::image_size;

    fn card() -> IndicatorCard {
        IndicatorCard {
            code: "EN: EN: AQ: 1C · PM2.5".into(),
            name: "Air pollution <&>".into(),
            leaders: vec![
                ("1".into(), "Ålesund".into(), "5.1 µg/m³".into(), 4),
                ("=2".into(), "Бизерта".into(), "9\u{202f}%".into(), 1),
                ("=2".into(), "Asker".into(), "9 µg/m³".into(), 0),
            ],
            empty: "No city reports this KPI".into(),
            credit: vec!["Example site".into(), "example.org/repo/".into()],
        }
    }

    fn texts(svg: &str) -> Vec<String> {
        let doc = roxmltree::Document::parse(svg).unwrap();
        doc.descendants()
            .filter(|n| n.has_tag_name("text"))
            .map(|n| n.text().unwrap_or_default().to_owned())
            .collect()
    }

    #[test]
    fn the_card_draws_code_name_leaders_and_credit() {
        let svg = indicator_card(&card());
        assert_eq!(image_size(&svg), (CARD_WIDTH, CARD_HEIGHT));
        let all = texts(&svg).join("|");
        for want in [
            "EN: EN: AQ: 1C · PM2.5",
            "Air pollution <&>",
            "Ålesund",
            "5.1 µg/m³",
            "=2",
            "Бизерта",
            "9\u{202f}%",
            "Example site  ·  example.org/repo/",
        ] {
            assert!(all.contains(want), "{want:?} not in {all:?}");
        }
        assert!(!all.contains("No city"), "{all}");
        // Each leader's band colour; a row without a band is grey.
        assert!(svg.contains(&format!("fill=\"{}\"", band_colour(4))));
        assert!(svg.contains(&format!("fill=\"{NO_DATA_COLOUR}\"")));
    }

    #[test]
    fn every_text_stays_on_the_card() {
        for words in 1..40 {
            let long = IndicatorCard {
                name: "Proportion of budget ".repeat(words),
                leaders: (0..9)
                    .map(|i| {
                        (
                            i.to_string(),
                            "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch".into(),
                            "123456789.123 kilowatt-hours per capita per year".into(),
                            2,
                        )
                    })
                    .collect(),
                ..card()
            };
            let svg = indicator_card(&long);
            let doc = roxmltree::Document::parse(&svg).unwrap();
            let mut lowest = 0.0f64;
            for t in doc.descendants().filter(|n| n.has_tag_name("text")) {
                let y: f64 = t.attribute("y").unwrap().parse().unwrap();
                lowest = lowest.max(y);
                assert!(y < f64::from(CARD_HEIGHT), "{:?} below the card", t.text());
            }
            let rows = doc
                .descendants()
                .filter(|n| n.has_tag_name("circle"))
                .count();
            assert_eq!(rows, CARD_LEADERS);
            // The rows end above the credit line.
            let credit_y = 590.0;
            let last_row = doc
                .descendants()
                .filter(|n| n.has_tag_name("circle"))
                .map(|n| n.attribute("cy").unwrap().parse::<f64>().unwrap())
                .fold(0.0, f64::max);
            assert!(
                last_row + 12.0 + ROW_SIZE * 0.3 < credit_y - 24.0,
                "{last_row}"
            );
            assert!(lowest <= credit_y);
        }
    }

    #[test]
    fn no_leaders_says_so_and_bad_input_does_not_panic() {
        let svg = indicator_card(&IndicatorCard {
            leaders: Vec::new(),
            ..card()
        });
        assert!(texts(&svg).iter().any(|t| t == "No city reports this KPI"));
        assert!(!svg.contains("<circle"));
        let svg = indicator_card(&IndicatorCard::default());
        assert!(roxmltree::Document::parse(&svg).is_ok());
    }
}
