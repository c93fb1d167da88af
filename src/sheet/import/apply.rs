//! Applying a plan: the imported values written into the text of a `city.toml` with
//! `toml_edit`, keeping comments and layout.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use toml_edit::{Array, ArrayOfTables, DocumentMut, InlineTable, Item, Table as TomlTable, Value};

use super::cells::SheetValue;
use super::error::ImportError;
use super::plan::{ImportPlan, PlanRow};
use crate::model::catalog::{normalize_code, slugify};
use crate::model::city::Status;

/// One imported row, borrowed from the plan.
struct Entry<'a> {
    point: Option<&'a str>,
    value: SheetValue,
    year: Option<i32>,
    source: Option<&'a str>,
    note: Option<&'a str>,
}

/// What [`apply_summary`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Applied {
    /// The new text of `city.toml`.
    pub text: String,
    /// Official codes of KPIs that had no entry before.
    pub added: Vec<String>,
    /// Official codes of KPIs whose entry was replaced.
    pub replaced: Vec<String>,
    /// Official codes of KPIs whose entry already said the same (left untouched).
    pub unchanged: Vec<String>,
    /// Sources added to `sources`, as (id, title).
    pub new_sources: Vec<(String, String)>,
}

impl Applied {
    /// One line such as "3 KPIs added, 1 replaced, 11 unchanged; new source: x (Title)".
    pub fn summary(&self) -> String {
        let kpis = |n: usize| if n == 1 { "KPI" } else { "KPIs" };
        let mut s = format!(
            "{} {} added, {} replaced, {} unchanged",
            self.added.len(),
            kpis(self.added.len()),
            self.replaced.len(),
            self.unchanged.len()
        );
        if !self.new_sources.is_empty() {
            let list: Vec<String> = self
                .new_sources
                .iter()
                .map(|(id, title)| format!("`{id}` ({title})"))
                .collect();
            let word = if list.len() == 1 { "source" } else { "sources" };
            let _ = write!(s, "; new {word} {}", list.join(", "));
        }
        s
    }
}

/// Writes the plan's imported values into the text of a `city.toml` and returns the new text.
///
/// Each KPI becomes `"<code>" = { value = ..., year = ..., source = "...", note = "..." }` in
/// `[values]` (data points in one table, several years as `series`). See [`apply_summary`].
pub fn apply(city_toml_text: &str, plan: &ImportPlan) -> Result<String, ImportError> {
    apply_summary(city_toml_text, plan).map(|a| a.text)
}

/// Like [`apply`], and says which KPIs were added, replaced or left as they were.
///
/// An existing entry that already says what the sheet says (same values, and the same year,
/// source and note where the sheet gives them) is left untouched, with its `verified`, `band`,
/// `quality`, `notes` and formatting. Any other existing entry is replaced in place: its comments and
/// `goal` are kept, and its `notes` while its `note` is unchanged; `verified`, `band` and
/// `quality` are dropped (they described the old value). New KPIs are appended to `[values]`. Comments and layout elsewhere are kept.
pub fn apply_summary(city_toml_text: &str, plan: &ImportPlan) -> Result<Applied, ImportError> {
    let mut groups: Vec<(&str, Vec<Entry<'_>>)> = Vec::new();
    for r in &plan.rows {
        let PlanRow::Imported {
            code,
            point,
            value,
            year,
            source,
            note,
            ..
        } = r
        else {
            continue;
        };
        let e = Entry {
            point: point.as_deref(),
            value: *value,
            year: *year,
            source: source.as_deref(),
            note: note.as_deref(),
        };
        match groups.iter_mut().find(|(c, _)| *c == code.as_str()) {
            Some((_, v)) => v.push(e),
            None => groups.push((code.as_str(), vec![e])),
        }
    }
    let mut out = Applied {
        text: city_toml_text.to_string(),
        ..Applied::default()
    };
    if groups.is_empty() {
        return Ok(out);
    }
    let mut doc: DocumentMut =
        city_toml_text
            .parse()
            .map_err(|e: toml_edit::TomlError| ImportError::Toml {
                message: e.message().trim_end().to_string(),
                span: e.span(),
            })?;
    let mut sources = Sources::read(&doc)?;
    let entries: Vec<(&str, Value)> = groups
        .iter()
        .map(|(code, rows)| {
            let source = rows
                .iter()
                .find_map(|r| r.source)
                .map(|s| sources.resolve(s));
            (*code, kpi_value(rows, source))
        })
        .collect();
    sources.write_new(&mut doc)?;
    out.new_sources = sources
        .added
        .iter()
        .map(|(id, title, _)| (id.clone(), title.clone()))
        .collect();
    if !doc.contains_key("values") {
        doc.insert("values", Item::Table(TomlTable::new()));
    }
    // Comments after an empty `[values]` at the end of the file are kept above the new values.
    let trailing = doc.trailing().as_str().unwrap_or("").to_string();
    let lead = (values_is_empty_and_last(&doc) && !trailing.trim().is_empty()).then(|| {
        doc.set_trailing("");
        // A form with sections (blank lines) gets a blank line before the imported values.
        let gap = if trailing.trim().contains("\n\n") {
            "\n\n"
        } else {
            "\n"
        };
        trailing.trim_end().to_string() + gap
    });
    // Without a data year, values take the year the evaluation was published, so a value of
    // that year needs no `year` of its own either.
    let evaluation = doc.get("evaluation");
    let data_year = evaluation
        .and_then(|e| e.get("data_year"))
        .and_then(Item::as_integer)
        .or_else(|| {
            evaluation
                .and_then(|e| e.get("published"))
                .and_then(Item::as_str)
                .and_then(|p| p.get(..4)?.parse().ok())
        });
    let values = doc["values"]
        .as_table_like_mut()
        .ok_or(ImportError::Layout {
            key: "values",
            expected: "a table",
        })?;
    let first = entries.first().map(|(code, _)| *code);
    for (code, value) in entries {
        let id = normalize_code(code);
        let existing = values
            .iter()
            .map(|(k, _)| k.to_string())
            .find(|k| normalize_code(k) == id);
        match existing.and_then(|k| values.get_mut(&k)) {
            Some(item) if unchanged(item, &value, data_year) => {
                out.unchanged.push(code.to_string())
            }
            Some(item) => {
                let value = replacement(item, value);
                *item = Item::Value(value);
                out.replaced.push(code.to_string());
            }
            None => {
                values.insert(code, Item::Value(value));
                out.added.push(code.to_string());
            }
        }
    }
    if let (Some(lead), Some(code)) = (lead, first)
        && let Some(mut k) = values.key_mut(code)
    {
        k.leaf_decor_mut().set_prefix(lead);
    }
    out.text = doc.to_string();
    Ok(out)
}

/// A TOML value reduced for comparison: numbers as `f64`, statuses and yes/no canonical.
#[derive(Debug, Clone, PartialEq)]
enum Norm {
    Num(f64),
    Text(String),
    Table(BTreeMap<String, Norm>),
    Other,
}

fn norm_value(v: &Value) -> Norm {
    match v {
        Value::Integer(i) => Norm::Num(*i.value() as f64),
        Value::Float(f) => Norm::Num(*f.value()),
        Value::String(s) => {
            let s = s.value();
            Norm::Text(
                Status::parse(s).map_or_else(|| s.trim().to_lowercase(), |st| st.as_str().into()),
            )
        }
        Value::Boolean(b) => Norm::Text(if *b.value() { "yes" } else { "no" }.into()),
        Value::InlineTable(t) => Norm::Table(
            t.iter()
                .map(|(k, v)| (k.to_string(), norm_value(v)))
                .collect(),
        ),
        _ => Norm::Other,
    }
}

/// The new entry that replaces `item`, with what of the old one still holds: its layout and
/// `goal`, and its `notes` while its `note` is unchanged (they translate it).
fn replacement(item: &Item, mut value: Value) -> Value {
    if let Some(old) = item.as_value() {
        *value.decor_mut() = old.decor().clone();
    }
    let old_table = item.as_table_like();
    let goal = old_table
        .and_then(|t| t.get("goal"))
        .and_then(|g| g.as_value())
        .cloned();
    if let (Some(goal), Some(t)) = (goal, value.as_inline_table_mut()) {
        t.insert("goal", goal);
    }
    let old_note = old_table.and_then(|t| t.get("note")).and_then(Item::as_str);
    let notes = old_table
        .and_then(|t| t.get("notes"))
        .and_then(|n| n.as_value())
        .cloned();
    if let (Some(notes), Some(t)) = (notes, value.as_inline_table_mut())
        && old_note.is_some()
        && t.get("note").and_then(|n| n.as_str()) == old_note
    {
        t.insert("notes", notes);
    }
    value
}

/// A `[values]` entry as a table of normalised keys (`98.98` becomes `{ value = 98.98 }`).
fn norm_entry(item: &Item) -> Option<BTreeMap<String, Norm>> {
    let n = match item {
        Item::Value(v) => norm_value(v),
        Item::Table(t) => Norm::Table(
            t.iter()
                .filter_map(|(k, i)| i.as_value().map(|v| (k.to_string(), norm_value(v))))
                .collect(),
        ),
        _ => Norm::Other,
    };
    match n {
        Norm::Table(t) => Some(t),
        Norm::Other => None,
        Norm::Text(s) if Status::parse(&s).is_some() => {
            Some(BTreeMap::from([("status".to_string(), Norm::Text(s))]))
        }
        other => Some(BTreeMap::from([("value".to_string(), other)])),
    }
}

/// Whether an existing entry already says what the new one says (`data_year` is the year of
/// an entry that names none).
fn unchanged(old: &Item, new: &Value, data_year: Option<i64>) -> bool {
    let (Some(mut old), Some(new)) = (norm_entry(old), norm_entry(&Item::Value(new.clone())))
    else {
        return false;
    };
    // `notes` translate `note`, which is compared below.
    for k in ["verified", "quality", "band", "goal", "notes"] {
        old.remove(k);
    }
    if let Some(y) = data_year
        && !old.contains_key("year")
        && !old.contains_key("status")
    {
        old.insert("year".into(), Norm::Num(y as f64));
    }
    for k in ["year", "source", "note"] {
        if !new.contains_key(k) {
            old.remove(k);
        }
    }
    // A value given as numerator and denominator: the sheet holds the computed value, i.e. the
    // ratio times the KPI's multiplier (a power of ten).
    if let (Some(Norm::Num(n)), Some(Norm::Num(d)), Some(Norm::Num(v))) = (
        old.get("numerator"),
        old.get("denominator"),
        new.get("value"),
    ) {
        let (n, d, v) = (*n, *d, *v);
        if d != 0.0
            && [1.0, 100.0, 1000.0, 1e5, 1e6]
                .iter()
                .any(|m| (n / d * m - v).abs() <= 1e-9 * v.abs().max(1.0))
        {
            old.remove("numerator");
            old.remove("denominator");
            old.insert("value".into(), Norm::Num(v));
        }
    }
    // A data point written as { value = ..., note = "..." } matches the bare value.
    for (k, nv) in &new {
        if let Some(Norm::Table(pt)) = old.get(k)
            && !matches!(nv, Norm::Table(_))
            && pt.keys().all(|x| x == "value" || x == "note")
            && pt.get("value") == Some(nv)
        {
            old.insert(k.clone(), nv.clone());
        }
    }
    old == new
}

/// Whether `[values]` is a standard table without keys and the last table of the document.
fn values_is_empty_and_last(doc: &DocumentMut) -> bool {
    let Some(Item::Table(values)) = doc.get("values") else {
        return false;
    };
    if !values.is_empty() {
        return false;
    }
    let pos = values.position().unwrap_or(isize::MAX);
    doc.iter().all(|(k, item)| match item {
        Item::Table(t) => k == "values" || t.position().is_none_or(|p| p < pos),
        Item::ArrayOfTables(a) => a.iter().all(|t| t.position().is_none_or(|p| p < pos)),
        _ => true,
    })
}

/// A value with the year the sheet gives it.
type Observed = (Option<i32>, SheetValue);

/// The `[values]` entry for one KPI from its rows.
fn kpi_value(rows: &[Entry<'_>], source: Option<String>) -> Value {
    let mut notes: Vec<&str> = Vec::new();
    for n in rows.iter().filter_map(|r| r.note) {
        if !notes.contains(&n) {
            notes.push(n);
        }
    }
    let note = (!notes.is_empty()).then(|| notes.join("; "));
    let mut t = InlineTable::new();
    let mut year = None;
    if let Some(SheetValue::Status(st)) = rows
        .iter()
        .map(|r| r.value)
        .find(|v| matches!(v, SheetValue::Status(_)))
    {
        year = rows.iter().find_map(|r| r.year);
        if year.is_none() && source.is_none() && note.is_none() {
            return Value::from(st.as_str());
        }
        t.insert("status", Value::from(st.as_str()));
    } else if rows.iter().any(|r| r.point.is_some()) {
        let mut points: Vec<(&str, Vec<Observed>)> = Vec::new();
        for r in rows {
            let p = r.point.unwrap_or_default();
            match points.iter_mut().find(|(k, _)| *k == p) {
                Some((_, v)) => v.push((r.year, r.value)),
                None => points.push((p, vec![(r.year, r.value)])),
            }
        }
        let first = points[0].1[0].0;
        if first.is_some() && points.iter().all(|(_, v)| v.len() == 1 && v[0].0 == first) {
            year = first;
        }
        for (key, obs) in &points {
            let v = match obs.as_slice() {
                [(y, v)] if year.is_some() || y.is_none() => scalar(v),
                [(Some(y), v)] => {
                    let mut pt = InlineTable::new();
                    pt.insert("value", scalar(v));
                    pt.insert("year", Value::from(i64::from(*y)));
                    Value::InlineTable(pt)
                }
                _ => {
                    let mut pt = InlineTable::new();
                    pt.insert("series", series(obs));
                    Value::InlineTable(pt)
                }
            };
            t.insert(*key, v);
        }
    } else if rows.len() == 1 {
        t.insert("value", scalar(&rows[0].value));
        year = rows[0].year;
    } else {
        let obs: Vec<Observed> = rows.iter().map(|r| (r.year, r.value)).collect();
        t.insert("series", series(&obs));
    }
    if let Some(y) = year {
        t.insert("year", Value::from(i64::from(y)));
    }
    if let Some(s) = source {
        t.insert("source", Value::from(s));
    }
    if let Some(n) = note {
        t.insert("note", Value::from(n));
    }
    t.fmt();
    Value::InlineTable(t)
}

fn series(obs: &[Observed]) -> Value {
    let sorted: BTreeMap<i32, SheetValue> =
        obs.iter().filter_map(|(y, v)| y.map(|y| (y, *v))).collect();
    let mut s = InlineTable::new();
    for (y, v) in sorted {
        s.insert(y.to_string(), scalar(&v));
    }
    Value::InlineTable(s)
}

fn scalar(v: &SheetValue) -> Value {
    match v {
        // Written with the sheet's decimals, so "97.00" stays 97.00 in city.toml and on the
        // profile.
        SheetValue::Number(n, Some(d)) if *d > 0 => format!("{n:.prec$}", prec = usize::from(*d))
            .parse::<Value>()
            .unwrap_or_else(|_| Value::from(*n)),
        SheetValue::Number(n, _) if n.fract() == 0.0 && n.abs() < 9.0e15 => Value::from(*n as i64),
        SheetValue::Number(n, _) => Value::from(*n),
        SheetValue::YesNo(b) => Value::from(if *b { "yes" } else { "no" }),
        SheetValue::Status(s) => Value::from(s.as_str()),
    }
}

/// The city's declared sources, plus the ones an import adds.
struct Sources {
    known: Vec<(String, String, Option<String>)>,
    added: Vec<(String, String, Option<String>)>,
}

impl Sources {
    fn read(doc: &DocumentMut) -> Result<Self, ImportError> {
        let layout = ImportError::Layout {
            key: "sources",
            expected: "a list of { id = ..., title = ... } tables",
        };
        let field = |t: &dyn toml_edit::TableLike, k: &str| {
            t.get(k).and_then(|v| v.as_str()).map(str::to_string)
        };
        let mut known = Vec::new();
        let mut push = |t: &dyn toml_edit::TableLike| {
            if let Some(id) = field(t, "id") {
                known.push((id, field(t, "title").unwrap_or_default(), field(t, "url")));
            }
        };
        match doc.get("sources") {
            None => {}
            Some(Item::Value(Value::Array(a))) => {
                for v in a.iter() {
                    match v.as_inline_table() {
                        Some(t) => push(t),
                        None => return Err(layout),
                    }
                }
            }
            Some(Item::ArrayOfTables(a)) => {
                for t in a.iter() {
                    push(t);
                }
            }
            Some(_) => return Err(layout),
        }
        Ok(Sources {
            known,
            added: Vec::new(),
        })
    }

    /// The id for a source cell: a declared source it names, or a new one.
    fn resolve(&mut self, text: &str) -> String {
        let t = text.trim();
        let all = || self.known.iter().chain(self.added.iter());
        if let Some((id, _, _)) = all().find(|(id, _, _)| id == t) {
            return id.clone();
        }
        if let Some((id, _, _)) = all().find(|(id, title, url)| {
            id.eq_ignore_ascii_case(t)
                || title.trim().to_lowercase() == t.to_lowercase()
                || url.as_deref() == Some(t)
        }) {
            return id.clone();
        }
        let mut base = slugify(t);
        if base.len() > 40 {
            let cut = base[..40].rfind('-').unwrap_or(40);
            base.truncate(cut);
        }
        if base.is_empty() {
            base = "source".into();
        }
        let mut id = base.clone();
        let mut n = 2;
        while all().any(|(i, _, _)| *i == id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        let url = (t.starts_with("https://") || t.starts_with("http://")).then(|| t.to_string());
        self.added.push((id.clone(), t.to_string(), url));
        id
    }

    /// Adds the new sources to the document's `sources` list.
    fn write_new(&self, doc: &mut DocumentMut) -> Result<(), ImportError> {
        if self.added.is_empty() {
            return Ok(());
        }
        let inline = |(id, title, url): &(String, String, Option<String>)| {
            let mut t = InlineTable::new();
            t.insert("id", Value::from(id.as_str()));
            t.insert("title", Value::from(title.as_str()));
            if let Some(u) = url {
                t.insert("url", Value::from(u.as_str()));
            }
            t.fmt();
            t
        };
        match doc.get_mut("sources") {
            None => {
                let mut a = Array::new();
                for s in &self.added {
                    let mut v = Value::InlineTable(inline(s));
                    v.decor_mut().set_prefix("\n  ");
                    a.push_formatted(v);
                }
                a.set_trailing_comma(true);
                a.set_trailing("\n");
                doc.insert("sources", Item::Value(Value::Array(a)));
            }
            Some(Item::Value(Value::Array(a))) => {
                let multiline = a.trailing().as_str().is_some_and(|s| s.contains('\n'))
                    || a.iter().any(|v| {
                        v.decor()
                            .prefix()
                            .and_then(|p| p.as_str())
                            .is_some_and(|p| p.contains('\n'))
                    });
                let prefix = if multiline {
                    a.iter()
                        .last()
                        .and_then(|v| v.decor().prefix().and_then(|p| p.as_str()))
                        .filter(|p| p.contains('\n'))
                        .unwrap_or("\n  ")
                        .to_string()
                } else if a.is_empty() {
                    String::new()
                } else {
                    " ".to_string()
                };
                for s in &self.added {
                    let mut v = Value::InlineTable(inline(s));
                    v.decor_mut().set_prefix(prefix.clone());
                    v.decor_mut().set_suffix("");
                    a.push_formatted(v);
                }
                if multiline {
                    a.set_trailing_comma(true);
                }
            }
            Some(Item::ArrayOfTables(a)) => {
                let a: &mut ArrayOfTables = a;
                for (id, title, url) in &self.added {
                    let mut t = TomlTable::new();
                    t.insert("id", toml_edit::value(id.as_str()));
                    t.insert("title", toml_edit::value(title.as_str()));
                    if let Some(u) = url {
                        t.insert("url", toml_edit::value(u.as_str()));
                    }
                    a.push(t);
                }
            }
            Some(_) => {
                return Err(ImportError::Layout {
                    key: "sources",
                    expected: "a list of { id = ..., title = ... } tables",
                });
            }
        }
        Ok(())
    }
}
