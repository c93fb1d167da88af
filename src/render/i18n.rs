//! Languages: UI strings per language with named placeholders, embedded defaults for English,
//! French and Russian that a site may override or extend with `i18n/<lang>.toml`.

use std::collections::BTreeMap;

use include_dir::{Dir, include_dir};

use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile};

/// The embedded UI strings.
pub static I18N: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/i18n");

/// UI strings of every language.
#[derive(Debug, Clone, Default)]
pub struct Strings {
    /// Language → key → text.
    pub by_lang: BTreeMap<String, BTreeMap<String, String>>,
    /// The default language, used when a key is missing.
    pub default: String,
}

impl Strings {
    /// Loads embedded strings, then the site's files (name → text) on top.
    pub fn load(
        default: &str,
        site_files: &BTreeMap<String, SourceFile>,
    ) -> Result<Self, Diagnostics> {
        let mut by_lang: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
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
            match toml::from_str::<BTreeMap<String, String>>(&file.text) {
                Ok(map) => by_lang.entry(lang).or_default().extend(map),
                Err(e) => diags.push(
                    Diagnostic::error(format!("invalid strings file: {}", e.message().trim()))
                        .at(&file, e.span())
                        .help("each line is key = \"text\"; placeholders are written {name}"),
                ),
            }
        }
        if diags.has_errors() {
            return Err(diags);
        }
        Ok(Self {
            by_lang,
            default: default.to_string(),
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
            }
        }
    }

    #[test]
    fn french_strings_follow_french_typography() {
        let s = Strings::load("en", &BTreeMap::new()).unwrap();
        let mut wrong = Vec::new();
        for (k, v) in &s.by_lang["fr"] {
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
