//! Reads TOML with a span on every key and value, so each problem points at its own line and
//! every problem in a file is reported in one run (serde stops at the first).

use std::collections::BTreeMap;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile, WarningKind, did_you_mean};

/// A parsed document plus the file it came from and the problems found so far.
pub struct Reader<'a> {
    /// The file being read.
    pub file: &'a SourceFile,
    /// Problems found so far.
    pub diags: Diagnostics,
}

/// A table with spans.
pub type Table<'i> = DeTable<'i>;
/// A value with its span.
pub type Value<'i> = Spanned<DeValue<'i>>;

impl<'a> Reader<'a> {
    /// Starts reading a file.
    pub fn new(file: &'a SourceFile) -> Self {
        Self {
            file,
            diags: Diagnostics::new(),
        }
    }

    /// Parses the whole document, reporting every syntax error the parser recovers from.
    pub fn parse(&mut self) -> Option<Spanned<DeTable<'a>>> {
        let (table, errors) = DeTable::parse_recoverable(&self.file.text);
        let ok = errors.is_empty();
        for e in errors {
            self.diags.push(
                Diagnostic::error(format!("TOML syntax: {}", e.message().trim()))
                    .at(self.file, e.span())
                    .help("keys are written `name = value`; text goes in \"double quotes\"; tables start with [name]"),
            );
        }
        ok.then_some(table)
    }

    /// Records an error at a span.
    pub fn error(&mut self, span: Range<usize>, msg: impl Into<String>, help: impl Into<String>) {
        self.diags
            .push(Diagnostic::error(msg).at(self.file, Some(span)).help(help));
    }

    /// Records a warning at a span.
    pub fn warning(&mut self, span: Range<usize>, msg: impl Into<String>, help: impl Into<String>) {
        self.warning_of(WarningKind::Other, span, msg, help);
    }

    /// Records a warning of a kind the summary counts apart.
    pub fn warning_of(
        &mut self,
        kind: WarningKind,
        span: Range<usize>,
        msg: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.diags.push(
            Diagnostic::warning(msg)
                .at(self.file, Some(span))
                .help(help)
                .with_kind(kind),
        );
    }

    /// Reports keys of `table` that are not in `known`, with a suggestion.
    pub fn reject_unknown(&mut self, table: &Table<'_>, known: &[&str], context: &str) {
        for (k, _) in table.iter() {
            if !known.contains(&k.get_ref().as_ref()) {
                let key = k.get_ref().as_ref();
                let help = match did_you_mean(key, known.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("allowed keys {context}: {}", known.join(", ")),
                };
                self.error(k.span(), format!("unknown key `{key}` {context}"), help);
            }
        }
    }

    /// A required text value.
    pub fn req_str(
        &mut self,
        table: &Table<'_>,
        whole: Range<usize>,
        key: &str,
        what: &str,
    ) -> Option<String> {
        match table.get(key) {
            Some(v) => self.str(v, key),
            None => {
                self.error(
                    whole.start..whole.start,
                    format!("missing `{key}` ({what})"),
                    format!("add a line like {key} = \"...\""),
                );
                None
            }
        }
    }

    /// An optional text value.
    pub fn opt_str(&mut self, table: &Table<'_>, key: &str) -> Option<String> {
        table.get(key).and_then(|v| self.str(v, key))
    }

    /// A value that must be text.
    pub fn str(&mut self, v: &Value<'_>, key: &str) -> Option<String> {
        match v.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            other => {
                self.error(
                    v.span(),
                    format!("`{key}` must be text, found {}", type_name(other)),
                    format!("put the value in double quotes: {key} = \"...\""),
                );
                None
            }
        }
    }

    /// An optional number (integer or float).
    pub fn opt_num(&mut self, table: &Table<'_>, key: &str) -> Option<f64> {
        table.get(key).and_then(|v| self.num(v, key))
    }

    /// A value that must be a finite number.
    pub fn num(&mut self, v: &Value<'_>, key: &str) -> Option<f64> {
        match number(v.get_ref()) {
            Some(n) if n.is_finite() => Some(n),
            Some(_) => {
                self.error(
                    v.span(),
                    format!("`{key}` must be a finite number"),
                    "write a plain number such as 12.5",
                );
                None
            }
            None => {
                let hint = match v.get_ref() {
                    DeValue::String(s) if parse_loose_number(s).is_some() => format!(
                        "remove the quotes: {key} = {}",
                        parse_loose_number(s).unwrap_or_default()
                    ),
                    _ => "write a plain number without quotes, e.g. 12.5".to_string(),
                };
                self.error(
                    v.span(),
                    format!("`{key}` must be a number, found {}", type_name(v.get_ref())),
                    hint,
                );
                None
            }
        }
    }

    /// An optional whole number.
    pub fn opt_int(&mut self, table: &Table<'_>, key: &str) -> Option<i64> {
        table.get(key).and_then(|v| self.int(v, key))
    }

    /// A value that must be a whole number.
    pub fn int(&mut self, v: &Value<'_>, key: &str) -> Option<i64> {
        match v.get_ref() {
            DeValue::Integer(i) => parse_int(i.as_str(), i.radix()).or_else(|| {
                self.error(
                    v.span(),
                    format!("`{key}` is too large"),
                    "use a smaller number",
                );
                None
            }),
            other => {
                self.error(
                    v.span(),
                    format!("`{key}` must be a whole number, found {}", type_name(other)),
                    format!("write it without quotes or decimals, e.g. {key} = 2020"),
                );
                None
            }
        }
    }

    /// An optional boolean.
    pub fn opt_bool(&mut self, table: &Table<'_>, key: &str) -> Option<bool> {
        let v = table.get(key)?;
        match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            other => {
                self.error(
                    v.span(),
                    format!("`{key}` must be true or false, found {}", type_name(other)),
                    format!("write {key} = true or {key} = false (no quotes)"),
                );
                None
            }
        }
    }

    /// An optional table of texts by language code (`notes = { fr = "...", ru = "..." }`).
    pub fn opt_texts(&mut self, table: &Table<'_>, key: &str) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        if let Some((t, _)) = self.opt_table(table, key) {
            for (code, v) in t {
                if let Some(text) = self.str(v, &format!("{key}.{}", code.get_ref())) {
                    out.insert(code.get_ref().to_string(), text);
                }
            }
        }
        out
    }

    /// An optional table.
    pub fn opt_table<'t, 'i>(
        &mut self,
        table: &'t Table<'i>,
        key: &str,
    ) -> Option<(&'t Table<'i>, Range<usize>)> {
        let v = table.get(key)?;
        match v.get_ref() {
            DeValue::Table(t) => Some((t, v.span())),
            other => {
                self.error(
                    v.span(),
                    format!("`{key}` must be a table, found {}", type_name(other)),
                    format!("write {key} = {{ ... }} or a [{key}] section"),
                );
                None
            }
        }
    }
}

/// The value of a TOML integer or float, if it is one.
pub fn number(v: &DeValue<'_>) -> Option<f64> {
    match v {
        DeValue::Integer(i) => parse_int(i.as_str(), i.radix()).map(|n| n as f64),
        DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok(),
        _ => None,
    }
}

fn parse_int(s: &str, radix: u32) -> Option<i64> {
    let s = s.replace('_', "");
    let (neg, digits) = match s.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, s.strip_prefix('+').unwrap_or(&s)),
    };
    let digits = digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0o"))
        .or_else(|| digits.strip_prefix("0b"))
        .unwrap_or(digits);
    let n = i64::from_str_radix(digits, radix).ok()?;
    Some(if neg { -n } else { n })
}

/// Reads numbers people type in text: "1 234,5", "45 %", "1,234.5" (see [`crate::model::number`]).
pub fn parse_loose_number(s: &str) -> Option<f64> {
    crate::model::number::parse_number(s, crate::model::number::DecimalMark::Point)
}

/// A plain word for a TOML value's type.
pub fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "text",
        DeValue::Integer(_) => "a whole number",
        DeValue::Float(_) => "a decimal number",
        DeValue::Boolean(_) => "true/false",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loose_numbers() {
        assert_eq!(parse_loose_number("1 234,5"), Some(1234.5));
        assert_eq!(parse_loose_number("1,234.5"), Some(1234.5));
        assert_eq!(parse_loose_number("45 %"), Some(45.0));
        assert_eq!(parse_loose_number("0,45"), Some(0.45));
        assert_eq!(parse_loose_number("12,000"), Some(12000.0));
        assert_eq!(parse_loose_number("abc"), None);
    }

    #[test]
    fn every_syntax_error_and_value_error_is_reported_with_its_line() {
        let f = SourceFile::new("c.toml", "a = \"x\"\nb = 1\nc = \"2\"\n");
        let mut r = Reader::new(&f);
        let t = r.parse().unwrap();
        let t = t.get_ref();
        assert_eq!(r.opt_num(t, "b"), Some(1.0));
        assert_eq!(r.opt_num(t, "c"), None);
        assert_eq!(r.opt_num(t, "a"), None);
        let lines: Vec<usize> = r
            .diags
            .sorted()
            .iter()
            .map(|d| d.line_col().unwrap().0)
            .collect();
        assert_eq!(lines, vec![1, 3]);
        assert_eq!(
            r.diags.sorted()[1].help.as_deref(),
            Some("remove the quotes: c = 2")
        );
    }

    #[test]
    fn syntax_errors_are_collected() {
        let f = SourceFile::new("c.toml", "a = \nb = 1\n");
        let mut r = Reader::new(&f);
        assert!(r.parse().is_none());
        assert!(r.diags.has_errors());
        assert_eq!(r.diags.sorted()[0].line_col().unwrap().0, 1);
    }
}
