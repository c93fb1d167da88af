//! The template environment: embedded default theme, overridden file by file by the site's
//! own `templates/`.

use std::collections::{BTreeMap, HashMap};

use include_dir::{Dir, include_dir};
use std::sync::Arc;

use minijinja::value::Kwargs;
use minijinja::{Environment, Error, ErrorKind, State, UndefinedBehavior};

use super::i18n::Strings;

use crate::diagnostics::{Diagnostic, SourceFile};

/// The default theme's templates.
pub static THEME_TEMPLATES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");
/// The default theme's static files.
pub static THEME_STATIC: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/static");

/// Templates the render stage uses; a theme must provide each.
pub const REQUIRED: &[&str] = &[
    "index.html",
    "cities.html",
    "city.html",
    "indicators.html",
    "indicator.html",
    "dimension.html",
    "sdgs.html",
    "sdg.html",
    "compare.html",
    "about.html",
    "page.html",
    "data.html",
    "404.html",
    "embed-city.html",
    "embed-indicator.html",
];

/// Template sources by name: embedded ones, replaced by the site's files of the same name.
#[derive(Debug, Clone, Default)]
pub struct TemplateSet {
    /// Name → (source, file shown in diagnostics when it is the site's own).
    pub templates: BTreeMap<String, (String, Option<SourceFile>)>,
}

impl TemplateSet {
    /// Fingerprint of each template together with every template it extends, imports or
    /// includes, so a page is rendered again exactly when a template it uses changed.
    pub fn fingerprints(&self) -> BTreeMap<String, u64> {
        self.templates
            .keys()
            .map(|name| {
                let mut seen = std::collections::BTreeSet::new();
                let mut todo = vec![name.as_str()];
                while let Some(n) = todo.pop() {
                    if !seen.insert(n) {
                        continue;
                    }
                    if let Some((text, _)) = self.templates.get(n) {
                        todo.extend(referenced_templates(text).filter_map(|r| {
                            self.templates.get_key_value(r).map(|(k, _)| k.as_str())
                        }));
                    }
                }
                let fp = crate::fingerprint::fingerprint(seen.iter().flat_map(|n| {
                    let text = self.templates.get(*n).map_or("", |t| t.0.as_str());
                    [n.as_bytes(), text.as_bytes()]
                }));
                (name.clone(), fp)
            })
            .collect()
    }

    /// The embedded theme plus overrides (name → text of the site's file).
    pub fn new(overrides: BTreeMap<String, SourceFile>) -> Self {
        let mut templates = BTreeMap::new();
        for f in THEME_TEMPLATES.files() {
            if let (Some(name), Some(text)) = (f.path().to_str(), f.contents_utf8()) {
                templates.insert(name.replace('\\', "/"), (text.to_string(), None));
            }
        }
        for (name, file) in overrides {
            templates.insert(name, (file.text.to_string(), Some(file)));
        }
        Self { templates }
    }

    /// Turns a MiniJinja error into a diagnostic at the template's line.
    pub fn diagnostic(&self, e: &minijinja::Error, context: &str) -> Diagnostic {
        let name = e.name().unwrap_or_default().to_string();
        let detail = e
            .detail()
            .map_or_else(|| e.kind().to_string(), str::to_string);
        let mut msg = if name.is_empty() {
            detail
        } else {
            format!("template `{name}`: {detail}")
        };
        if !context.is_empty() {
            msg.push_str(&format!(" (while rendering {context})"));
        }
        let file = match self.templates.get(&name) {
            Some((_, Some(f))) => f.clone(),
            Some((text, None)) => {
                SourceFile::new(format!("<default theme>/templates/{name}"), text.clone())
            }
            None => {
                return Diagnostic::error(msg).help(
                    "check the template name in {% extends %}, {% include %} or {% import %}",
                );
            }
        };
        let span = e.range().or_else(|| {
            e.line().map(|l| {
                let start: usize = file
                    .text
                    .split_inclusive('\n')
                    .take(l.saturating_sub(1))
                    .map(str::len)
                    .sum();
                let len = file.text[start..]
                    .find('\n')
                    .unwrap_or(file.text.len() - start);
                start..start + len
            })
        });
        let help = if matches!(e.kind(), minijinja::ErrorKind::SyntaxError) {
            "check that every {% if %}, {% for %} and {% block %} has its {% endif %}, {% endfor %} or {% endblock %}, and that tags are written {% ... %} and values {{ ... }}"
        } else {
            "a variable or attribute used here does not exist for this page; see the default theme's templates for the names available"
        };
        Diagnostic::error(msg).at(&file, span).help(help)
    }

    /// Builds the environment; template syntax errors are returned as diagnostics.
    pub fn environment(&self, strings: &Strings) -> Result<Environment<'static>, Vec<Diagnostic>> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        // MiniJinja turns debugging off in release builds, and its error then says "undefined
        // value" without the variable's name; users run release builds. It costs a little
        // bookkeeping per undefined value, which Strict mode makes rare.
        env.set_debug(true);
        env.set_formatter(html_formatter);
        // `{{ x|text }}`: escaped for an element's text only (see `text_escaped`).
        env.add_filter("text", |s: &str| {
            minijinja::Value::from_safe_string(text_escaped(s))
        });
        // Every text as a template value, made once: `t()` is called half a million times
        // for a 1,000-city site, and a text without placeholders is then a reference count.
        let texts: Arc<HashMap<String, HashMap<String, minijinja::Value>>> = Arc::new(
            strings
                .by_lang
                .iter()
                .map(|(lang, m)| {
                    let m = m
                        .iter()
                        .map(|(k, v)| (k.clone(), minijinja::Value::from(v.as_str())))
                        .collect();
                    (lang.clone(), m)
                })
                .collect(),
        );
        let default_lang = strings.default.clone();
        let plural = Arc::new(strings.clone());
        let forms_of = plural.clone();
        // `t_forms("key")`: a plural string's forms in the page's language, for a script that
        // counts in the browser (`Intl.PluralRules` picks the form there).
        env.add_function("t_forms", move |state: &State, key: &str| {
            let lang = state
                .lookup("site")
                .and_then(|s| s.get_attr("lang").ok())
                .and_then(|l| l.as_str().map(str::to_string))
                .unwrap_or_else(|| forms_of.default.clone());
            minijinja::Value::from(minijinja::value::Serde(forms_of.forms(&lang, key)))
        });
        // `t("key", name=value)`: the UI string in the page's language (`site.lang`). A key
        // unknown to the default language is an error, so a typo in a theme fails the build.
        // A plural string takes its form from the number `n`.
        env.add_function(
            "t",
            move |state: &State, key: &str, kwargs: Kwargs| -> Result<minijinja::Value, Error> {
                let Some(default_text) = texts.get(&default_lang).and_then(|m| m.get(key)) else {
                    return Err(Error::new(
                        ErrorKind::InvalidOperation,
                        format!("unknown UI string `{key}`; add it to i18n/{default_lang}.toml"),
                    ));
                };
                let lang = state.lookup("site").and_then(|s| s.get_attr("lang").ok());
                let code = lang
                    .as_ref()
                    .and_then(|l| l.as_str())
                    .unwrap_or(&default_lang);
                let has_forms =
                    |l: &str| plural.plurals.get(l).is_some_and(|m| m.contains_key(key));
                if has_forms(code) || has_forms(&default_lang) {
                    let n: minijinja::Value = kwargs.get("n")?;
                    let mut args: Vec<(String, String)> = Vec::new();
                    for name in kwargs.args().filter(|a| *a != "n") {
                        let v: minijinja::Value = kwargs.get(name)?;
                        args.push((name.to_string(), v.to_string()));
                    }
                    kwargs.assert_all_used()?;
                    let refs: Vec<(&str, &str)> =
                        args.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                    return Ok(minijinja::Value::from(plural.count(
                        code,
                        key,
                        &n.to_string(),
                        &refs,
                    )));
                }
                let text = lang
                    .as_ref()
                    .and_then(|l| l.as_str())
                    .and_then(|l| texts.get(l))
                    .and_then(|m| m.get(key))
                    .unwrap_or(default_text);
                if kwargs.args().next().is_none() {
                    return Ok(text.clone());
                }
                let mut args: Vec<(String, String)> = Vec::new();
                for name in kwargs.args() {
                    let v: minijinja::Value = kwargs.get(name)?;
                    args.push((name.to_string(), v.to_string()));
                }
                kwargs.assert_all_used()?;
                let refs: Vec<(&str, &str)> =
                    args.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                Ok(minijinja::Value::from(super::i18n::fill(
                    text.as_str().unwrap_or_default(),
                    &refs,
                )))
            },
        );
        if let Ok(syntax) = minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .build()
        {
            env.set_syntax(syntax);
        }
        let mut errors = Vec::new();
        for required in REQUIRED {
            if !self.templates.contains_key(*required) {
                errors.push(Diagnostic::error(format!("the theme has no template `{required}`")).help("add templates/{required} to the site, or remove the override that replaced it"));
            }
        }
        for (name, (text, _)) in &self.templates {
            if let Err(e) = env.add_template_owned(name.clone(), text.clone()) {
                errors.push(self.diagnostic(&e, ""));
            }
        }
        if errors.is_empty() {
            Ok(env)
        } else {
            Err(errors)
        }
    }
}

/// Escapes like MiniJinja's HTML mode but leaves `/` alone, so URLs stay readable in the
/// output and in the link checker (`/` is not special in HTML text or quoted attributes).
/// Writes `s` escaped for HTML text and attributes, as templates escape values.
pub(crate) fn write_escaped(out: &mut impl std::fmt::Write, s: &str) -> std::fmt::Result {
    write_escaped_as(out, s, true)
}

/// `s` escaped for the text of an element, where quotes mean nothing: the `text` filter, for
/// code a reader copies (a citation in CSL-JSON has sixty quotes, each six bytes escaped).
/// Never for an attribute's value.
fn text_escaped(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // Writing to a String cannot fail.
    let _ = write_escaped_as(&mut out, s, false);
    out
}

fn write_escaped_as(out: &mut impl std::fmt::Write, s: &str, quotes: bool) -> std::fmt::Result {
    // Runs between special characters are written as they are: most strings have none, and a
    // page writes tens of thousands of them.
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' if quotes => "&quot;",
            b'\'' if quotes => "&#39;",
            _ => continue,
        };
        // The special characters are ASCII, so `i` is on a character boundary.
        out.write_str(&s[start..i])?;
        out.write_str(entity)?;
        start = i + 1;
    }
    out.write_str(&s[start..])
}

/// `s` escaped for HTML, for markup the view code writes itself.
pub(crate) fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // Writing to a String cannot fail.
    let _ = write_escaped(&mut out, s);
    out
}

fn html_formatter(
    out: &mut minijinja::Output,
    state: &mut minijinja::State,
    value: &minijinja::Value,
) -> Result<(), minijinja::Error> {
    if matches!(state.auto_escape(), minijinja::AutoEscape::Html)
        && !value.is_safe()
        && let Some(s) = value.as_str()
    {
        return write_escaped(out, s).map_err(|_| {
            minijinja::Error::new(
                minijinja::ErrorKind::WriteFailure,
                "could not write the page",
            )
        });
    }
    minijinja::escape_formatter(out, state, value)
}

/// Names of the templates a template's tags mention (`{% extends "base.html" %}`, imports,
/// includes): every quoted `….html` inside a `{% … %}` tag. Mentioning one too many only
/// costs a re-render.
fn referenced_templates(text: &str) -> impl Iterator<Item = &str> {
    text.split("{%").skip(1).flat_map(|tag| {
        let tag = tag.split("%}").next().unwrap_or("");
        tag.split(['"', '\''])
            .skip(1)
            .step_by(2)
            .filter(|q| q.ends_with(".html"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_escaping_keeps_quotes_and_nothing_else_that_makes_markup() {
        assert_eq!(
            text_escaped("<iframe title=\"a & b's\"></iframe>"),
            "&lt;iframe title=\"a &amp; b's\"&gt;&lt;/iframe&gt;"
        );
        assert_eq!(escape_html("\"'"), "&quot;&#39;");
    }

    #[test]
    fn a_template_fingerprint_covers_what_it_uses_and_nothing_else() {
        let with = |macros: &str, other: &str| {
            let mut set = TemplateSet::default();
            for (n, t) in [
                (
                    "base.html",
                    "<main>{% block content %}{% endblock %}</main>",
                ),
                (
                    "city.html",
                    "{% extends \"base.html\" %}{% import 'macros.html' as m %}{% block content %}{{ m.x() }}{% endblock %}",
                ),
                ("macros.html", macros),
                ("other.html", other),
            ] {
                set.templates.insert(n.into(), (t.into(), None));
            }
            set.fingerprints()
        };
        let a = with("{% macro x() %}1{% endmacro %}", "a");
        let b = with("{% macro x() %}2{% endmacro %}", "a");
        let c = with("{% macro x() %}1{% endmacro %}", "b");
        assert_ne!(a["city.html"], b["city.html"], "an imported macro changed");
        assert_eq!(
            a["city.html"], c["city.html"],
            "an unrelated template changed"
        );
        assert_ne!(a["other.html"], c["other.html"]);
        assert_eq!(a["base.html"], b["base.html"]);
        let refs: Vec<&str> =
            referenced_templates("{% extends \"base.html\" %}{% include 'x.html' %} \"y.html\"")
                .collect();
        assert_eq!(
            refs,
            ["base.html", "x.html"],
            "only names inside tags count"
        );
    }

    #[test]
    fn t_uses_the_page_language_falls_back_and_rejects_unknown_keys() {
        let mut strings = Strings::default();
        strings.default = "en".into();
        let lang = |pairs: &[(&str, &str)]| {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect::<BTreeMap<_, _>>()
        };
        strings
            .by_lang
            .insert("en".into(), lang(&[("a", "A {n}"), ("b", "B <x> {n}")]));
        strings
            .by_lang
            .insert("fr".into(), lang(&[("a", "FR {n} {m}")]));
        let mut set = TemplateSet::default();
        set.templates.insert(
            "t.html".into(),
            ("{{ t(\"a\", n=1) }}|{{ t(\"b\") }}".into(), None),
        );
        set.templates
            .insert("u.html".into(), ("{{ t(\"zz\") }}".into(), None));
        for r in REQUIRED {
            set.templates
                .insert((*r).to_string(), (String::new(), None));
        }
        let env = set.environment(&strings).unwrap();
        let render = |name: &str, lang: &str| {
            env.get_template(name)
                .unwrap()
                .render(minijinja::context! { site => minijinja::context! { lang => lang } })
        };
        // French has its own "a" (an unknown placeholder stays), English fills in for "b",
        // and a text without arguments is written as it is, escaped.
        assert_eq!(render("t.html", "fr").unwrap(), "FR 1 {m}|B &lt;x&gt; {n}");
        assert_eq!(render("t.html", "en").unwrap(), "A 1|B &lt;x&gt; {n}");
        let err = render("u.html", "fr").unwrap_err().to_string();
        assert!(
            err.contains("unknown UI string `zz`; add it to i18n/en.toml"),
            "{err}"
        );
    }

    #[test]
    fn html_escaping_keeps_slashes_and_escapes_the_rest() {
        let mut set = TemplateSet::default();
        set.templates.insert(
            "t.html".into(),
            ("{{ v }}|{{ s|safe }}|{{ w }}".into(), None),
        );
        for r in REQUIRED {
            set.templates
                .insert((*r).to_string(), (String::new(), None));
        }
        let env = set.environment(&Strings::default()).unwrap();
        let out = env
            .get_template("t.html")
            .unwrap()
            .render(minijinja::context! { v => "/a/?x=1&y=<b>\"'", s => "<i>", w => "<Ålesund & Røyken ©>" })
            .unwrap();
        assert_eq!(
            out,
            "/a/?x=1&amp;y=&lt;b&gt;&quot;&#39;|<i>|&lt;Ålesund &amp; Røyken ©&gt;"
        );
    }
}
