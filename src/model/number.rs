//! The one reader of numbers people type as text ("1 234,5", "45 %", "1,234.5"), for city files'
//! hints and spreadsheet cells alike, with the decimal mark as a parameter.

/// Which character separates a number's decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DecimalMark {
    /// "1,234.5": a point; a comma is read as a decimal mark only where it cannot be a
    /// thousands separator ("1,5", "0,123", "1.234,5").
    #[default]
    Point,
    /// "1.234,5": a comma; points are thousands separators.
    Comma,
}

/// The text without spaces (also no-break and narrow no-break), a trailing "%" and, for
/// [`DecimalMark::detect`], not trimmed first.
fn compact(s: &str) -> String {
    s.trim_end_matches('%')
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}' && *c != '\u{202f}')
        .collect()
}

/// Whether the part before a separator is a lone zero ("0", "-0", "+0"): then the separator
/// is a decimal mark, never a thousands separator ("0,123" is 0.123).
fn lone_zero(int_part: &str) -> bool {
    int_part.trim_start_matches(['-', '+']) == "0"
}

/// Whether a single separator at byte `at` of `t`, with no other kind of separator, can only be
/// a decimal mark: not exactly three digits follow it, or a lone zero comes before it.
fn single_is_decimal(t: &str, at: usize) -> bool {
    t.len() - at - 1 != 3 || lone_zero(&t[..at])
}

/// `s` as plain number text for `str::parse` ("1 234,5" → "1234.5"), so callers can also see
/// the decimals it was written with. `None` for empty text.
pub fn number_text(s: &str, mark: DecimalMark) -> Option<String> {
    let t = compact(s.trim());
    if t.is_empty() {
        return None;
    }
    Some(match mark {
        DecimalMark::Comma => t
            .chars()
            .filter(|c| *c != '.')
            .map(|c| if c == ',' { '.' } else { c })
            .collect(),
        DecimalMark::Point => match (t.rfind(','), t.rfind('.')) {
            (Some(c), Some(d)) if c > d => t.replace('.', "").replace(',', "."),
            (Some(_), Some(_)) => t.replace(',', ""),
            // "0,123,456" is no number: a group of thousands never starts with a lone zero.
            (Some(c), None) if !single_is_decimal(&t, c) && !t.starts_with("0,") => {
                t.replace(',', "")
            }
            (Some(_), None) => t.replace(',', "."),
            _ => t,
        },
    })
}

/// Reads a number written as text; `None` for anything else (and for infinities and NaN).
pub fn parse_number(s: &str, mark: DecimalMark) -> Option<f64> {
    number_text(s, mark)?
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite())
}

/// The decimals a number was written with: 2 for "97.00" (or "97,00" with a decimal comma),
/// `None` for a whole number or more than six decimals (noise, not precision).
pub fn written_decimals(s: &str, mark: DecimalMark) -> Option<u8> {
    let text = number_text(s, mark)?;
    let (_, frac) = text.split_once('.')?;
    (!frac.is_empty() && frac.len() <= 6 && frac.chars().all(|c| c.is_ascii_digit()))
        .then_some(frac.len() as u8)
}

/// Whether a number's meaning hangs on which separator the sheet uses: one separator, no other
/// kind, exactly three digits after it and more than a lone zero before it. "811,570" is
/// 811.57 with a decimal comma and 811570 with a thousands comma; "1.234" is the same puzzle
/// once the sheet is taken to write decimal commas (`mark` is [`DecimalMark::Comma`]).
pub fn ambiguous_separator(s: &str, mark: DecimalMark) -> bool {
    let t = compact(s.trim());
    let digits_and = |sep: char| {
        t.chars()
            .all(|c| c.is_ascii_digit() || c == sep || "-+".contains(c))
    };
    let single = |sep: char| {
        let other = if sep == ',' { '.' } else { ',' };
        t.matches(sep).count() == 1 && !t.contains(other) && digits_and(sep)
    };
    let puzzling = |sep: char| {
        single(sep)
            && t.find(sep).is_some_and(|at| {
                !single_is_decimal(&t, at) && !t[..at].trim_start_matches(['-', '+']).is_empty()
            })
    };
    puzzling(',') || (mark == DecimalMark::Comma && puzzling('.'))
}

/// Whether `s` writes its thousands and decimals the way a sheet said it does: `thousands`
/// only between groups of exactly three digits before the decimal mark, at most one
/// `decimal`, and nothing but digits after it. "1,234.5" fits (',', '.'); "12,5" does not.
pub fn fits_separators(s: &str, thousands: char, decimal: char) -> bool {
    let t = compact(s.trim());
    let body = t.strip_prefix(['-', '+']).unwrap_or(&t);
    let (int, frac) = body.split_once(decimal).unwrap_or((body, ""));
    let digits = |p: &str| p.chars().all(|c| c.is_ascii_digit());
    if int.is_empty() || !digits(frac) {
        return false;
    }
    let mut groups = int.split(thousands);
    let first = groups.next().unwrap_or("");
    let grouped = int.contains(thousands);
    digits(first)
        && !first.is_empty()
        && (!grouped || first.len() <= 3)
        && groups.all(|g| g.len() == 3 && digits(g))
}

impl DecimalMark {
    /// The mark a column of cells is written with: a comma when some cell has a comma decimal
    /// part and none has a point decimal part. Then "1,234" is 1.234, not 1234.
    pub fn detect<'a>(cells: impl IntoIterator<Item = &'a str>) -> Self {
        let (mut comma, mut dot) = (false, false);
        for cell in cells {
            let t = compact(cell);
            if !t.chars().all(|c| c.is_ascii_digit() || ",.-+".contains(c)) {
                continue;
            }
            match (t.rfind(','), t.rfind('.')) {
                (Some(c), Some(d)) if c > d => comma = true,
                (Some(_), Some(_)) => dot = true,
                (Some(c), None) if single_is_decimal(&t, c) => comma = true,
                (None, Some(d)) if single_is_decimal(&t, d) => dot = true,
                _ => {}
            }
        }
        if comma && !dot {
            DecimalMark::Comma
        } else {
            DecimalMark::Point
        }
    }
}

#[cfg(test)]
mod tests {
    use super::DecimalMark::{Comma, Point};
    use super::*;

    #[test]
    fn point_mark_reads_thousands_separators_and_stray_decimal_commas() {
        assert_eq!(parse_number("1 234,5", Point), Some(1234.5));
        assert_eq!(parse_number("1,234.5", Point), Some(1234.5));
        assert_eq!(parse_number("1.234,5", Point), Some(1234.5));
        assert_eq!(parse_number("12,000", Point), Some(12000.0));
        assert_eq!(parse_number("1,234,567", Point), Some(1_234_567.0));
        assert_eq!(
            parse_number("1\u{a0}234\u{202f}567", Point),
            Some(1_234_567.0)
        );
        assert_eq!(parse_number("45 %", Point), Some(45.0));
        assert_eq!(parse_number(" 12.5 ", Point), Some(12.5));
        assert_eq!(parse_number("0,45", Point), Some(0.45));
    }

    #[test]
    fn comma_mark_reads_points_as_thousands() {
        assert_eq!(parse_number("1.234,5", Comma), Some(1234.5));
        assert_eq!(parse_number("1 234,5", Comma), Some(1234.5));
        assert_eq!(parse_number("1,234", Comma), Some(1.234));
        assert_eq!(parse_number("12.000", Comma), Some(12000.0));
        assert_eq!(parse_number("45,5 %", Comma), Some(45.5));
    }

    #[test]
    fn a_lone_leading_zero_makes_a_comma_a_decimal_mark_even_with_a_sign() {
        assert_eq!(parse_number("0,123", Point), Some(0.123));
        assert_eq!(parse_number("-0,123", Point), Some(-0.123));
        assert_eq!(parse_number("+0,123", Point), Some(0.123));
        assert_eq!(parse_number("0,123", Comma), Some(0.123));
        assert_eq!(parse_number("10,123", Point), Some(10123.0));
        assert_eq!(parse_number("0,123,456", Point), None);
        assert_eq!(DecimalMark::detect(["0,123"]), Comma);
        assert_eq!(DecimalMark::detect(["-0,123"]), Comma);
        assert_eq!(DecimalMark::detect(["1,234"]), Point);
    }

    #[test]
    fn negatives() {
        assert_eq!(parse_number("-12.5", Point), Some(-12.5));
        assert_eq!(parse_number("-12,5", Comma), Some(-12.5));
        assert_eq!(parse_number("-1,234", Point), Some(-1234.0));
    }

    #[test]
    fn garbage_is_not_a_number() {
        for s in ["", "  ", "abc", "12abc", "inf", "NaN", "%", "--1"] {
            assert_eq!(parse_number(s, Point), None, "{s:?}");
            assert_eq!(parse_number(s, Comma), None, "{s:?}");
        }
    }

    #[test]
    fn written_decimals_follow_the_mark() {
        assert_eq!(written_decimals("97.00", Point), Some(2));
        assert_eq!(written_decimals("97,00", Comma), Some(2));
        assert_eq!(written_decimals("97", Point), None);
        assert_eq!(written_decimals("1,234", Point), None);
        assert_eq!(written_decimals("0.1234567", Point), None);
    }

    #[test]
    fn detection_needs_a_comma_decimal_and_no_point_decimal() {
        assert_eq!(DecimalMark::detect(["12,5", "3"]), Comma);
        assert_eq!(DecimalMark::detect(["12,5", "3.5"]), Point);
        assert_eq!(DecimalMark::detect(["1.234,5"]), Comma);
        assert_eq!(DecimalMark::detect(["not-reported", "yes"]), Point);
        assert_eq!(DecimalMark::detect(["45,5 %"]), Comma);
    }

    #[test]
    fn a_single_separator_before_three_digits_is_ambiguous() {
        for s in ["811,570", "-811,570", "1,234", "1234,567", "811,570 %"] {
            assert!(ambiguous_separator(s, Point), "{s}");
            assert!(ambiguous_separator(s, Comma), "{s}");
        }
        for s in [
            "12,5",
            "0,123",
            "1,234,567",
            "1,234.5",
            "1.234,5",
            "1234",
            "811,57",
            ",570",
            "abc,def",
        ] {
            assert!(!ambiguous_separator(s, Point), "{s}");
        }
        // A point is the ordinary decimal mark, unless the sheet writes decimal commas.
        assert!(!ambiguous_separator("1.234", Point));
        assert!(ambiguous_separator("1.234", Comma));
        assert!(!ambiguous_separator("0.234", Comma));
    }

    #[test]
    fn separators_fit_only_well_formed_groups() {
        for s in ["1,234.5", "811,570", "12", "-1,234,567", "0.45", "12.5 %"] {
            assert!(fits_separators(s, ',', '.'), "{s}");
        }
        for s in ["12,5", "1,23", "1234,567", "1.2.3", "1,234.5,6", "", ".5"] {
            assert!(!fits_separators(s, ',', '.'), "{s}");
        }
        assert!(fits_separators("1.234,5", '.', ','));
        assert!(fits_separators("811,570", '.', ','));
        assert!(!fits_separators("1,234.5", '.', ','));
    }
}
