//! A row's unit cell compared with the catalog's unit: the same unit in other words, a unit
//! that converts by an exact power of ten (per 1 000 → per 100 000 inhabitants, a share → %),
//! or a different unit.
//!
//! Wordings are normalised by a small table (spelled-out percent, population words, digit
//! groups) and then compared exactly; nothing is guessed, so a different unit never passes.

/// How a value in the row's unit becomes a value in the catalog's unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum UnitFit {
    /// The same unit, perhaps worded differently.
    Same,
    /// The value times 10^n ("per 1 000" → "per 100 000": 2; a share → %: 2).
    Shift(i32),
}

/// Words that mean "a share between 0 and 1" on a KPI measured in %.
const SHARE: &[&str] = &[
    "share",
    "fraction",
    "proportion",
    "ratio",
    "share (0-1)",
    "ratio (0-1)",
    "fraction (0-1)",
    "part",
    "part (0-1)",
    "доля",
];

/// Words replaced before comparing (whole words, after lowercasing).
const WORDS: &[(&str, &str)] = &[
    ("percent", "%"),
    ("per cent", "%"),
    ("percentage", "%"),
    ("pct", "%"),
    ("pourcentage", "%"),
    ("pour cent", "%"),
    ("porcentaje", "%"),
    ("por ciento", "%"),
    ("prozent", "%"),
    ("процент", "%"),
    ("процентов", "%"),
    ("inhabitant", "inhabitants"),
    ("residents", "inhabitants"),
    ("resident", "inhabitants"),
    ("population", "inhabitants"),
    ("people", "inhabitants"),
    ("persons", "inhabitants"),
    ("habitants", "inhabitants"),
    ("habitantes", "inhabitants"),
    ("einwohner", "inhabitants"),
    ("жителей", "inhabitants"),
    ("datasets", "data sets"),
    ("data-sets", "data sets"),
    ("pour", "per"),
    ("por", "per"),
    ("pro", "per"),
    ("на", "per"),
];

/// Whole units with a second wording.
const UNITS: &[(&str, &str)] = &[
    ("% of gdp", "% of city gdp"),
    ("% gdp", "% of city gdp"),
    ("% of the city gdp", "% of city gdp"),
    ("% of the city's gdp", "% of city gdp"),
];

/// How the value of a row written in `row_unit` becomes a value in `catalog_unit`, or `None`
/// when the two are different units.
pub(super) fn fit(row_unit: &str, catalog_unit: &str) -> Option<UnitFit> {
    let (row, cat) = (normalise(row_unit), normalise(catalog_unit));
    if row == cat || format!("number of {row}") == cat {
        return Some(UnitFit::Same);
    }
    let percent = cat == "%" || cat.starts_with("% of ");
    if percent && row == "%" {
        return Some(UnitFit::Same);
    }
    if percent && SHARE.contains(&row.as_str()) {
        return Some(UnitFit::Shift(2));
    }
    let (rw, rn, ro) = per(&row)?;
    let (cw, cn, co) = per(&cat)?;
    (rw == cw && ro == co).then_some(UnitFit::Shift(cn - rn))
}

/// Whether the unit says the value is a share (0–1) rather than a percentage.
pub(super) fn is_share(row_unit: &str) -> bool {
    SHARE.contains(&normalise(row_unit).as_str())
}

/// Lowercase, single spaces, digit groups joined ("100 000", "1,000" → "100000", "1000"), and
/// the words of [`WORDS`] and units of [`UNITS`] in their catalog form.
fn normalise(unit: &str) -> String {
    let lower = unit.trim().to_lowercase();
    let chars: Vec<char> = lower.chars().collect();
    let mut joined = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let between_digits = i > 0
            && chars[i - 1].is_ascii_digit()
            && chars
                .get(i + 1..i + 4)
                .is_some_and(|g| g.iter().all(char::is_ascii_digit))
            && !chars.get(i + 4).is_some_and(char::is_ascii_digit);
        let separator = c.is_whitespace() || matches!(c, ',' | '.' | '\'' | '\u{a0}' | '\u{202f}');
        if !(separator && between_digits) {
            joined.push(if c.is_whitespace() { ' ' } else { c });
        }
    }
    let mut text = joined.split_whitespace().collect::<Vec<_>>().join(" ");
    // Longer wordings first, so "per cent" is replaced before "per" could be.
    let mut words: Vec<&(&str, &str)> = WORDS.iter().collect();
    words.sort_by_key(|(from, _)| std::cmp::Reverse(from.len()));
    for (from, to) in words {
        text = replace_words(&text, from, to);
    }
    text = text.replace("% of the ", "% of ");
    UNITS
        .iter()
        .find(|(from, _)| *from == text)
        .map_or(text, |(_, to)| (*to).to_string())
}

/// `text` with every whole-word occurrence of `from` replaced by `to`.
fn replace_words(text: &str, from: &str, to: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(from) {
        let before_ok = rest[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let end = at + from.len();
        let after_ok = rest[end..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric());
        out.push_str(&rest[..at]);
        out.push_str(if before_ok && after_ok { to } else { from });
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// A "per" unit split into what is counted, the power of ten it is counted per, and of what:
/// "km per 100000 inhabitants" → ("km", 5, "inhabitants"); "tco2e per capita" → ("tco2e", 0,
/// "inhabitants"). `None` for other units, and for "per N" where N is not a power of ten.
fn per(unit: &str) -> Option<(String, i32, String)> {
    let (what, rest) = match unit.rfind(" per ") {
        Some(at) => (&unit[..at], &unit[at + 5..]),
        None => ("", unit.strip_prefix("per ")?),
    };
    let (n, of) = match rest.split_once(' ') {
        Some((n, of)) if n.chars().all(|c| c.is_ascii_digit()) => (n, of),
        _ if rest == "capita" || rest == "inhabitants" => ("1", "inhabitants"),
        _ => return None,
    };
    let zeros = n.strip_prefix('1')?;
    if !zeros.chars().all(|c| c == '0') || zeros.len() > 9 {
        return None;
    }
    Some((what.to_string(), zeros.len() as i32, of.to_string()))
}

/// Plain number text ("-954", "0.0123") times 10^by, computed on the digits so nothing is
/// lost to floating point; `None` for text that is not a plain decimal number.
pub(super) fn shift_decimal(text: &str, by: i32) -> Option<String> {
    let (sign, body) = match text.strip_prefix('-') {
        Some(b) => ("-", b),
        None => ("", text.strip_prefix('+').unwrap_or(text)),
    };
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let digits = format!("{int}{frac}");
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let point = int.len() as i64 + i64::from(by);
    let (int, frac) = if point <= 0 {
        (
            "0".to_string(),
            "0".repeat(point.unsigned_abs() as usize) + &digits,
        )
    } else if point as usize >= digits.len() {
        (
            digits.clone() + &"0".repeat(point as usize - digits.len()),
            String::new(),
        )
    } else {
        let (i, f) = digits.split_at(point as usize);
        (i.to_string(), f.to_string())
    };
    // Zeros moved from the whole part behind the point say nothing about precision
    // ("95400" per 100 000 is 954 per 1 000, not 954.00); written decimals stay.
    let keep = if frac_len(body) == 0 { 0 } else { frac.len() };
    let mut frac = frac;
    while frac.len() > keep && frac.ends_with('0') {
        frac.pop();
    }
    let int = int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    Some(if frac.is_empty() {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}.{frac}")
    })
}

fn frac_len(body: &str) -> usize {
    body.split_once('.').map_or(0, |(_, f)| f.len())
}

/// Plain number text with commas between thousands, for the report ("95400" → "95,400").
pub(super) fn grouped(text: &str) -> String {
    let (sign, body) = text.strip_prefix('-').map_or(("", text), |b| ("-", b));
    let (int, frac) = body
        .split_once('.')
        .map_or((body, None), |(i, f)| (i, Some(f)));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{out}.{f}"),
        None => format!("{sign}{out}"),
    }
}

#[cfg(test)]
mod tests {
    use super::UnitFit::{Same, Shift};
    use super::*;

    #[test]
    fn wordings_of_the_same_unit_match() {
        assert_eq!(fit("data sets", "number of data sets"), Some(Same));
        assert_eq!(fit("Datasets", "number of data sets"), Some(Same));
        assert_eq!(fit("% of GDP", "% of city GDP"), Some(Same));
        assert_eq!(fit("percent of GDP", "% of city GDP"), Some(Same));
        for u in ["%", "percent", "Per cent", " % "] {
            assert_eq!(fit(u, "%"), Some(Same), "{u}");
        }
        assert_eq!(
            fit("per 100,000 residents", "per 100 000 inhabitants"),
            Some(Same)
        );
        assert_eq!(
            fit("per 100 000 population", "per 100 000 inhabitants"),
            Some(Same)
        );
        assert_eq!(fit("µg/m3", "µg/m3"), Some(Same));
        assert_eq!(fit("ratio", "ratio"), Some(Same));
    }

    #[test]
    fn per_n_units_and_shares_shift_by_powers_of_ten() {
        let cat = "per 100 000 inhabitants";
        assert_eq!(fit("per 1 000 inhabitants", cat), Some(Shift(2)));
        assert_eq!(fit("per 1000 inhabitants", cat), Some(Shift(2)));
        assert_eq!(fit("per 10,000 population", cat), Some(Shift(1)));
        assert_eq!(fit("per capita", cat), Some(Shift(5)));
        assert_eq!(fit("per 1 000 000 inhabitants", cat), Some(Shift(-1)));
        assert_eq!(
            fit("km per 1 000 inhabitants", "km per 100 000 inhabitants"),
            Some(Shift(2))
        );
        assert_eq!(
            fit("tCO2e per 1000 inhabitants", "tCO2e per capita"),
            Some(Shift(-3))
        );
        assert_eq!(fit("share", "%"), Some(Shift(2)));
        assert_eq!(fit("Ratio (0-1)", "% of city GDP"), Some(Shift(2)));
        assert!(is_share("share (0-1)") && !is_share("%"));
    }

    #[test]
    fn different_units_never_match() {
        assert_eq!(fit("km", "%"), None);
        assert_eq!(
            fit("per 1 000 inhabitants", "per 100 000 live births"),
            None
        );
        assert_eq!(
            fit("km per 1 000 inhabitants", "per 100 000 inhabitants"),
            None
        );
        assert_eq!(
            fit("per 5 000 inhabitants", "per 100 000 inhabitants"),
            None
        );
        assert_eq!(fit("%", "number of data sets"), None);
        assert_eq!(fit("data sets", "%"), None);
        assert_eq!(fit("share", "number of data sets"), None);
        assert_eq!(fit("% of income", "% of city GDP"), None);
        assert_eq!(fit("kWh", "kWh/year per capita"), None);
        assert_eq!(fit("percentile", "%"), None);
    }

    #[test]
    fn shifts_are_exact_on_the_digits() {
        assert_eq!(shift_decimal("954", 2).as_deref(), Some("95400"));
        assert_eq!(shift_decimal("0.0123", 2).as_deref(), Some("1.23"));
        assert_eq!(shift_decimal("95400", -2).as_deref(), Some("954"));
        assert_eq!(shift_decimal("954", -5).as_deref(), Some("0.00954"));
        assert_eq!(shift_decimal("12.50", 1).as_deref(), Some("125.0"));
        assert_eq!(shift_decimal("-0.1", 3).as_deref(), Some("-100"));
        assert_eq!(shift_decimal("95.40", -2).as_deref(), Some("0.9540"));
        assert_eq!(shift_decimal("0.1", 0).as_deref(), Some("0.1"));
        assert_eq!(shift_decimal("1e5", 2), None);
        assert_eq!(shift_decimal("", 2), None);
        assert_eq!(grouped("95400"), "95,400");
        assert_eq!(grouped("1234567.891"), "1,234,567.891");
        assert_eq!(grouped("-954"), "-954");
    }
}
