//! A search record: one searchable page, or a part of one, as the search stage hands it to
//! the index.

/// One searchable page, or a part of one.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// Address, with the base path and language folder.
    pub url: String,
    /// Title shown in results.
    pub title: String,
    /// Text the words are taken from; results show an excerpt of it.
    pub text: String,
    /// A KPI's code without case and separators ("ecictt1c"): the page's filter value, so
    /// a typed code finds its KPI exactly.
    pub code: Option<String>,
    /// Every name a city goes by (its written name and those it declares per language): the
    /// search page lists the city first when one of them is typed, in every language's bundle.
    pub names: Vec<String>,
}

/// A KPI code with case and separators dropped: "EC: ICT: T: 1C" and "ec-ict-t-1c" are both
/// "ecictt1c" (the search page folds a query the same way).
pub fn compact_code(code: &str) -> String {
    code.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_code_styles_compact_to_the_same_word() {
        assert_eq!(compact_code("EC: ICT: T: 1C"), "ecictt1c");
        assert_eq!(compact_code("ec-ict-t-1c"), "ecictt1c");
        assert_ne!(
            compact_code("EC: ICT: ICT: 1C"),
            compact_code("EC: ICT: T: 1C")
        );
    }
}
