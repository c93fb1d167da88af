//! A language the site is published in: the one type `config` (which lists them) and the
//! render stage (which renders every page once per language) share.

use serde::Serialize;

/// A language the site is published in.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Language {
    /// Code used in URLs and `lang` attributes ("fr").
    pub code: String,
    /// Name in the language itself ("Français").
    pub name: String,
    /// Locale for number and date formats ("fr").
    pub locale: String,
    /// "ltr" or "rtl".
    pub direction: String,
}

/// The CLDR plural category names, as the strings and catalog translation files write a text
/// per category (`{ one = "...", other = "..." }`).
pub const PLURAL_CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];
