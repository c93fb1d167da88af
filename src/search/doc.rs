//! An entry of the search index, and the folding that makes its text searchable.

use serde::Serialize;

/// One entry of the search index.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SearchDoc {
    /// Title shown in results.
    pub t: String,
    /// Address.
    pub u: String,
    /// Kind: city, indicator, category, page, section.
    pub k: &'static str,
    /// Folded search text (lowercase ASCII words).
    pub s: String,
    /// Short excerpt.
    pub x: String,
    /// KPI code folded without separators ("enenws2c"), so a typed code ranks its KPI first.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub c: String,
}

/// Lowercase ASCII words, so "Ålesund" matches "alesund" and codes match in either form.
pub fn fold(s: &str) -> String {
    let ascii = deunicode::deunicode(s).to_lowercase();
    ascii
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '.')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The first `n` characters of `s`, cut after a word, with an ellipsis when cut.
pub(crate) fn excerpt(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        return s.to_string();
    }
    let cut: String = s.chars().take(n).collect();
    match cut.rfind(' ') {
        Some(i) => format!("{}…", &cut[..i]),
        None => format!("{cut}…"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_makes_accents_and_codes_searchable() {
        assert_eq!(fold("Ålesund"), "alesund");
        assert_eq!(fold("EN: EN: WS: 2C"), "en en ws 2c");
        assert_eq!(fold("PM2.5"), "pm2.5");
    }
}
