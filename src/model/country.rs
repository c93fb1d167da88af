//! Country names in the site's languages, from the CLDR data that `keshvar` carries, looked up
//! by the ISO 3166-1 alpha-2 code a city file gives (`country_code = "NO"`).
//!
//! The default language always shows the name the city file writes (the site's own fact); the
//! other languages show CLDR's name for the code, and the written name where there is no code
//! or CLDR has no name in that language, which `check --translations` lists.

use std::collections::BTreeMap;

use crate::model::city::City;

/// CLDR's name of the country `code` ("NO") in language `lang` ("fr", "fr-CH", "ru"), if known.
pub fn cldr_name(code: &str, lang: &str) -> Option<&'static str> {
    let alpha2 = keshvar::Alpha2::try_from(code.to_ascii_uppercase().as_str()).ok()?;
    let country = alpha2.to_country();
    let names = country.translations();
    let base = lang.split(['-', '_']).next().unwrap_or(lang);
    names.get(lang).or_else(|| names.get(base)).copied()
}

/// The names of the countries of `cities` in `lang`, by code: looked up once per language,
/// since `keshvar` builds a country's whole record on each lookup.
pub fn names_in<'a>(
    cities: impl IntoIterator<Item = &'a City>,
    lang: &str,
) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for c in cities {
        if let Some(code) = c.country_code.as_deref()
            && !out.contains_key(code)
            && let Some(name) = cldr_name(code, lang)
        {
            out.insert(code.to_string(), name.to_string());
        }
    }
    out
}

/// The country of `city` as shown in a language whose CLDR names are `names` (from
/// [`names_in`]); `None` for the default language, which shows the written name.
pub fn country_of<'a>(city: &'a City, names: Option<&'a BTreeMap<String, String>>) -> &'a str {
    names
        .zip(city.country_code.as_deref())
        .and_then(|(n, code)| n.get(code))
        .map_or(&city.country, String::as_str)
}

/// The written country names that have no CLDR name in `lang` (no `country_code`, or a code
/// CLDR does not name in that language), each once, sorted, with the first city that writes it.
pub fn missing_in<'a>(
    cities: impl IntoIterator<Item = &'a City>,
    lang: &str,
) -> Vec<(String, String)> {
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    for c in cities {
        let known = c
            .country_code
            .as_deref()
            .is_some_and(|code| cldr_name(code, lang).is_some());
        if !known {
            out.entry(c.country.clone())
                .or_insert_with(|| c.slug.clone());
        }
    }
    out.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cldr_names_in_french_and_russian() {
        assert_eq!(cldr_name("NO", "fr"), Some("Norvège"));
        assert_eq!(cldr_name("NO", "ru"), Some("Норвегия"));
        assert_eq!(cldr_name("TN", "fr"), Some("Tunisie"));
        assert_eq!(cldr_name("SA", "ru"), Some("Саудовская Аравия"));
        assert_eq!(cldr_name("no", "fr-CH"), Some("Norvège"));
    }

    #[test]
    fn unknown_codes_and_languages_have_no_name() {
        assert_eq!(cldr_name("XX", "fr"), None);
        assert_eq!(cldr_name("NO", "tlh"), None);
        assert_eq!(cldr_name("", "fr"), None);
    }
}
