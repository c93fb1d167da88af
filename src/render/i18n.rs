//! Languages: UI strings per language with named placeholders, embedded defaults for English,
//! French and Russian that a site may override or extend with `i18n/<lang>.toml`. A string
//! that carries a count may give a form per CLDR plural category (`{ one = "{n} city", other =
//! "{n} cities" }`), chosen by the number in `{n}` with ICU4X's plural rules.

use std::collections::BTreeMap;
use std::sync::Arc;

use icu_plurals::{PluralCategory, PluralOperands, PluralRules};
use include_dir::{Dir, include_dir};
use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile};

/// The embedded UI strings.
pub static I18N: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/i18n");

/// A plural string's texts by CLDR category name ("one", "few", "many", "other").
pub type Forms = BTreeMap<String, String>;

/// UI strings of every language.
#[derive(Debug, Clone, Default)]
pub struct Strings {
    /// Language → key → text; for a plural string, its `other` form.
    pub by_lang: BTreeMap<String, BTreeMap<String, String>>,
    /// Language → key → forms, for the strings a language writes per plural category.
    pub plurals: BTreeMap<String, BTreeMap<String, Forms>>,
    /// The default language, used when a key is missing.
    pub default: String,
    /// Each language's cardinal plural rules, made once.
    rules: Arc<BTreeMap<String, PluralRules>>,
}

/// One entry of a strings file: a text, or a text per plural category.
enum Entry {
    Text(String),
    Forms(Forms),
}

// By hand rather than `#[serde(untagged)]`, whose error ("did not match any variant") would
// not say what was expected, nor keep the value's type.
impl<'de> Deserialize<'de> for Entry {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Entry;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string, or a table of plural forms")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Entry, E> {
                Ok(Entry::Text(v.to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Entry, A::Error> {
                Forms::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(Entry::Forms)
            }
        }
        d.deserialize_any(V)
    }
}

/// The CLDR plural category names, as written in the strings files.
pub use crate::model::language::PLURAL_CATEGORIES as CATEGORIES;

fn category_name(c: PluralCategory) -> &'static str {
    match c {
        PluralCategory::Zero => "zero",
        PluralCategory::One => "one",
        PluralCategory::Two => "two",
        PluralCategory::Few => "few",
        PluralCategory::Many => "many",
        PluralCategory::Other => "other",
    }
}

/// CLDR's cardinal plural rules for a language code; the root rules (`other` alone) for a
/// code CLDR does not know.
pub fn plural_rules(lang: &str) -> Option<PluralRules> {
    let locale = icu_locale_core::Locale::try_from_str(lang).ok()?;
    PluralRules::try_new_cardinal((&locale).into()).ok()
}

/// The plural categories a language distinguishes, in CLDR's order (`one` … `other`).
pub fn categories_of(rules: &PluralRules) -> Vec<&'static str> {
    let have: Vec<&str> = rules.categories().map(category_name).collect();
    CATEGORIES
        .into_iter()
        .filter(|c| have.contains(c))
        .collect()
}

/// A count as plural rules read it: "21", "1.5", "1.0" (the digits shown count: 1.0 is not
/// "one" in English or Russian). Spaces and no-break spaces (grouping) are dropped and a
/// decimal comma read as a point, so a number formatted for the page can be given as it is.
pub fn operands(n: &str) -> Option<PluralOperands> {
    let plain: String = n
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{202f}'))
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    let plain = plain.trim_start_matches(['-', '−', '+']);
    let decimal: fixed_decimal::Decimal = plain.parse().ok()?;
    Some(PluralOperands::from(&decimal))
}

impl Strings {
    /// Loads embedded strings, then the site's files (name → text) on top.
    pub fn load(
        default: &str,
        site_files: &BTreeMap<String, SourceFile>,
    ) -> Result<Self, Diagnostics> {
        let mut by_lang: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
        let mut plurals: BTreeMap<String, BTreeMap<String, Forms>> = BTreeMap::new();
        let mut diags = Diagnostics::new();
        let mut files: Vec<SourceFile> = I18N
            .files()
            .filter_map(|f| {
                Some(SourceFile::new(
                    format!("<built-in>/i18n/{}", f.path().to_str()?),
                    f.contents_utf8()?,
                ))
            })
            .collect();
        files.extend(site_files.values().cloned());
        for file in files {
            let Some(lang) = file
                .path
                .file_stem()
                .and_then(|s| s.to_str())
                .map(str::to_string)
            else {
                continue;
            };
            match toml::from_str::<BTreeMap<String, Entry>>(&file.text) {
                Ok(map) => {
                    for (key, entry) in map {
                        let text = match entry {
                            Entry::Text(t) => {
                                // A site's plain text replaces a built-in plural one.
                                if let Some(p) = plurals.get_mut(&lang) {
                                    p.remove(&key);
                                }
                                t
                            }
                            Entry::Forms(forms) => match check_forms(&file, &key, &forms) {
                                Some(d) => {
                                    diags.push(d);
                                    continue;
                                }
                                None => {
                                    let other = forms["other"].clone();
                                    plurals
                                        .entry(lang.clone())
                                        .or_default()
                                        .insert(key.clone(), forms);
                                    other
                                }
                            },
                        };
                        by_lang.entry(lang.clone()).or_default().insert(key, text);
                    }
                }
                Err(e) => diags.push(
                    Diagnostic::error(format!("invalid strings file: {}", e.message().trim()))
                        .at(&file, e.span())
                        .help("each line is key = \"text\", or key = { one = \"...\", other = \"...\" } for a text with a count {n}; placeholders are written {name}"),
                ),
            }
        }
        if diags.has_errors() {
            return Err(diags);
        }
        let rules = by_lang
            .keys()
            .filter_map(|l| Some((l.clone(), plural_rules(l)?)))
            .collect();
        Ok(Self {
            by_lang,
            plurals,
            default: default.to_string(),
            rules: Arc::new(rules),
        })
    }

    /// The text of `key` in `lang`, falling back to the default language, then to the key.
    pub fn get<'a>(&'a self, lang: &str, key: &'a str) -> &'a str {
        self.by_lang
            .get(lang)
            .and_then(|m| m.get(key))
            .or_else(|| self.by_lang.get(&self.default).and_then(|m| m.get(key)))
            .map_or(key, String::as_str)
    }

    /// Whether `lang` has its own text for `key`.
    pub fn has(&self, lang: &str, key: &str) -> bool {
        self.by_lang.get(lang).is_some_and(|m| m.contains_key(key))
    }

    /// The text with `{name}` placeholders filled.
    pub fn format(&self, lang: &str, key: &str, args: &[(&str, &str)]) -> String {
        fill(self.get(lang, key), args)
    }

    /// The text of `key` for the count `n` ("21", "1.5"), with `{n}` and the other
    /// placeholders filled (an `n` in `args` is written in its place): the form of `n`'s plural category when the string has forms, in
    /// `lang` or else in the default language.
    pub fn count(&self, lang: &str, key: &str, n: &str, args: &[(&str, &str)]) -> String {
        let own = self.plurals.get(lang).and_then(|m| m.get(key));
        let text = match own {
            Some(forms) => self.form(lang, forms, n),
            // A plain text of its own wins over the default language's forms.
            None if self.has(lang, key) => self.get(lang, key),
            None => match self.plurals.get(&self.default).and_then(|m| m.get(key)) {
                Some(forms) => self.form(&self.default, forms, n),
                None => self.get(lang, key),
            },
        };
        // An `n` among `args` (the number formatted for the page) is written instead of `n`.
        let mut all: Vec<(&str, &str)> = args.to_vec();
        all.push(("n", n));
        fill(text, &all)
    }

    /// The form of `forms` for the count `n` under `lang`'s rules; `other` when the string
    /// lacks that form.
    fn form<'a>(&self, lang: &str, forms: &'a Forms, n: &str) -> &'a str {
        let category = self.category(lang, n);
        forms
            .get(category)
            .or_else(|| forms.get("other"))
            .map_or("", String::as_str)
    }

    /// The plural category of `n` in `lang` ("one", "few", …); `other` for a number the rules
    /// cannot read.
    pub fn category(&self, lang: &str, n: &str) -> &'static str {
        let Some(ops) = operands(n) else {
            return "other";
        };
        match self.rules.get(lang) {
            Some(r) => category_name(r.category_for(ops)),
            None => plural_rules(lang).map_or("other", |r| category_name(r.category_for(ops))),
        }
    }

    /// The plural forms `lang` still needs for `key`: none when the default language's text
    /// has no forms; else every category of `lang`'s rules that its own text lacks (all but
    /// `other` when it gives one text for every number, all of them when it gives none).
    pub fn missing_forms(&self, lang: &str, key: &str) -> Vec<&'static str> {
        let plural = self
            .plurals
            .get(&self.default)
            .is_some_and(|m| m.contains_key(key));
        if !plural {
            return Vec::new();
        }
        let needed = match self.rules.get(lang) {
            Some(r) => categories_of(r),
            None => plural_rules(lang).map_or(vec!["other"], |r| categories_of(&r)),
        };
        let own = self.plurals.get(lang).and_then(|m| m.get(key));
        let plain = self.has(lang, key);
        needed
            .into_iter()
            .filter(|c| match own {
                Some(forms) => !forms.contains_key(*c),
                None => !(plain && *c == "other"),
            })
            .collect()
    }

    /// The forms of a plural string in `lang` (falling back to the default language), for a
    /// page script that counts in the reader's browser; a plain text is its `other` form.
    pub fn forms(&self, lang: &str, key: &str) -> Forms {
        if let Some(f) = self.plurals.get(lang).and_then(|m| m.get(key)) {
            return f.clone();
        }
        if !self.has(lang, key)
            && let Some(f) = self.plurals.get(&self.default).and_then(|m| m.get(key))
        {
            return f.clone();
        }
        Forms::from([("other".to_string(), self.get(lang, key).to_string())])
    }
}

/// Why a plural string's forms are not usable, if they are not: a category CLDR does not
/// have, or no `other` form to fall back on.
fn check_forms(file: &SourceFile, key: &str, forms: &Forms) -> Option<Diagnostic> {
    let at = |d: Diagnostic| {
        let quoted = format!("\"{key}\"");
        let span = file
            .text
            .find(&quoted)
            .or_else(|| file.text.find(key))
            .map(|i| i..i + quoted.len().min(file.text.len() - i));
        d.at(file, span)
    };
    if let Some(bad) = forms.keys().find(|c| !CATEGORIES.contains(&c.as_str())) {
        let suggestion = crate::diagnostics::did_you_mean(bad, CATEGORIES.iter().copied());
        return Some(at(Diagnostic::error(format!(
            "plural string `{key}` has a form `{bad}`, which is not a CLDR plural category"
        ))
        .help(match suggestion {
            Some(s) => format!(
                "did you mean `{s}`? the categories are zero, one, two, few, many and other"
            ),
            None => "the categories are zero, one, two, few, many and other".to_string(),
        })));
    }
    if !forms.contains_key("other") {
        return Some(at(Diagnostic::error(format!(
            "plural string `{key}` has no `other` form"
        ))
        .help("every plural string needs `other`, the form used for any number without a form of its own")));
    }
    None
}

/// Replaces `{name}` placeholders; unknown placeholders stay as they are.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        match after.find('}') {
            Some(j) => {
                let name = &after[..j];
                match args.iter().find(|(k, _)| *k == name) {
                    Some((_, v)) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[j + 1..];
            }
            None => {
                out.push_str(&rest[i..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_named() {
        assert_eq!(
            fill("{n} of {total} KPIs", &[("n", "3"), ("total", "91")]),
            "3 of 91 KPIs"
        );
        assert_eq!(fill("keep {unknown}", &[]), "keep {unknown}");
        assert_eq!(fill("open {", &[]), "open {");
    }

    #[test]
    fn embedded_languages_have_every_english_key() {
        let s = Strings::load("en", &BTreeMap::new()).unwrap();
        let en = &s.by_lang["en"];
        for lang in ["fr", "ru"] {
            let other = &s.by_lang[lang];
            let missing: Vec<&String> = en.keys().filter(|k| !other.contains_key(*k)).collect();
            assert!(missing.is_empty(), "{lang} misses {missing:?}");
            for (k, v) in other {
                assert!(en.contains_key(k), "{lang} has unknown key {k}");
                // Placeholders must match, or a sentence would lose a value.
                let names = |t: &str| {
                    let mut v: Vec<String> = t
                        .split('{')
                        .skip(1)
                        .filter_map(|p| p.split('}').next())
                        .map(str::to_string)
                        .collect();
                    v.sort();
                    v
                };
                assert_eq!(names(v), names(&en[k]), "{lang}.{k}");
                for (c, form) in s.plurals[lang].get(k).into_iter().flatten() {
                    assert_eq!(names(form), names(&en[k]), "{lang}.{k}.{c}");
                }
                // Every form the language's rules have, for every English plural string.
                assert!(s.missing_forms(lang, k).is_empty(), "{lang}.{k}");
            }
        }
    }

    /// A strings file of one language with plural forms, loaded over the embedded ones.
    fn with_file(lang: &str, text: &str) -> Result<Strings, Diagnostics> {
        let file = SourceFile::new(format!("i18n/{lang}.toml"), text);
        Strings::load("en", &BTreeMap::from([(format!("{lang}.toml"), file)]))
    }

    #[test]
    fn russian_counts_take_cldr_forms() {
        let s = Strings::load("en", &BTreeMap::new()).unwrap();
        let city = |n: &str| s.count("ru", "reporting.cities", n, &[]);
        assert_eq!(city("1"), "1 город");
        assert_eq!(city("2"), "2 города");
        assert_eq!(city("5"), "5 городов");
        assert_eq!(city("11"), "11 городов");
        assert_eq!(city("21"), "21 город");
        assert_eq!(city("22"), "22 города");
        assert_eq!(city("25"), "25 городов");
        assert_eq!(city("111"), "111 городов");
        // A fraction is `other` in Russian: "1,5 города", never "1,5 город".
        assert_eq!(s.category("ru", "1.5"), "other");
        assert_eq!(s.category("ru", "1,5"), "other");
        assert_eq!(city("1,5"), "1,5 города");
        // The digits shown count: "1.0" is not "one".
        assert_eq!(s.category("ru", "1.0"), "other");
        // Thousands grouped as on the page (a no-break space).
        assert_eq!(s.category("ru", "1\u{a0}001"), "one");
    }

    #[test]
    fn french_and_english_counts_take_cldr_forms() {
        let s = Strings::load("en", &BTreeMap::new()).unwrap();
        let fr = |n: &str| s.count("fr", "search.count", n, &[]);
        // French counts 0 and 1.5 as singular, unlike English.
        assert_eq!(fr("0"), "0 résultat");
        assert_eq!(fr("1"), "1 résultat");
        assert_eq!(fr("2"), "2 résultats");
        assert_eq!(fr("1,5"), "1,5 résultat");
        assert_eq!(s.category("fr", "1000000"), "many");
        let en = |n: &str| s.count("en", "search.count", n, &[]);
        assert_eq!(en("0"), "0 results");
        assert_eq!(en("1"), "1 result");
        assert_eq!(en("2"), "2 results");
        assert_eq!(en("1.5"), "1.5 results");
        // A number the page formatted is written in place of the bare count.
        assert_eq!(
            s.count("fr", "search.count", "1000", &[("n", "1\u{202f}000")]),
            "1\u{202f}000 résultats"
        );
    }

    #[test]
    fn categories_come_from_cldr() {
        let cats = |l: &str| categories_of(&plural_rules(l).unwrap());
        assert_eq!(cats("en"), ["one", "other"]);
        assert_eq!(cats("fr"), ["one", "many", "other"]);
        assert_eq!(cats("ru"), ["one", "few", "many", "other"]);
    }

    #[test]
    fn a_plural_string_needs_every_form_of_its_language() {
        let s = with_file(
            "ru",
            "\"search.count\" = { one = \"{n} результат\", other = \"{n}\" }\n",
        )
        .unwrap();
        assert_eq!(s.missing_forms("ru", "search.count"), ["few", "many"]);
        // One text for every number lacks all but `other`.
        let s = with_file("ru", "\"search.count\" = \"Найдено: {n}\"\n").unwrap();
        assert_eq!(
            s.missing_forms("ru", "search.count"),
            ["one", "few", "many"]
        );
        // A missing form falls back to `other`, not to English.
        let s = with_file(
            "ru",
            "\"search.count\" = { one = \"{n} результат\", other = \"Найдено: {n}\" }\n",
        )
        .unwrap();
        assert_eq!(s.count("ru", "search.count", "5", &[]), "Найдено: 5");
        assert_eq!(s.count("ru", "search.count", "21", &[]), "21 результат");
        // A string English writes without forms needs none.
        assert!(s.missing_forms("ru", "nav.home").is_empty());
    }

    #[test]
    fn bad_plural_forms_are_errors_at_their_line() {
        let err = with_file(
            "fr",
            "\n\"search.count\" = { one = \"{n}\", mnay = \"{n}\", other = \"{n}\" }\n",
        )
        .unwrap_err();
        let text = err.render(crate::diagnostics::MessageFormat::Short, false);
        assert!(
            text.contains("`mnay`, which is not a CLDR plural category"),
            "{text}"
        );
        assert!(text.contains("did you mean `many`"), "{text}");
        assert!(text.contains("i18n/fr.toml:2:1"), "{text}");
        let err = with_file("fr", "\"search.count\" = { one = \"{n}\" }\n").unwrap_err();
        assert!(
            err.render(crate::diagnostics::MessageFormat::Short, false)
                .contains("has no `other` form")
        );
    }

    #[test]
    fn french_strings_follow_french_typography() {
        let s = Strings::load("en", &BTreeMap::new()).unwrap();
        let mut wrong = Vec::new();
        let forms = s.plurals["fr"]
            .iter()
            .flat_map(|(k, f)| f.iter().map(move |(c, v)| (format!("{k}.{c}"), v)));
        let plain = s.by_lang["fr"].iter().map(|(k, v)| (k.clone(), v));
        for (k, v) in plain.chain(forms) {
            let chars: Vec<char> = v.chars().collect();
            for (i, &c) in chars.iter().enumerate() {
                let before = i.checked_sub(1).map(|j| chars[j]);
                let after = chars.get(i + 1).copied();
                // A narrow no-break space before high punctuation, % and », after «.
                let bad = match c {
                    ':' | ';' | '!' | '?' | '%' | '»' => {
                        matches!(before, Some(' ' | '\u{a0}'))
                            || (c == '»' && before != Some('\u{202f}'))
                    }
                    '«' => after != Some('\u{202f}'),
                    '"' | '“' | '”' => true,
                    _ => false,
                };
                if bad {
                    wrong.push(format!(
                        "{k}: …{}…",
                        chars[i.saturating_sub(12)..(i + 2).min(chars.len())]
                            .iter()
                            .collect::<String>()
                    ));
                }
            }
        }
        assert!(wrong.is_empty(), "{wrong:#?}");
    }
}
