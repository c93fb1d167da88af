//! One city's evaluation data as the load stage hands it on: the city, its evaluation and
//! sources, and per KPI a [`KpiValue`] (parsed from `city.toml` by `content/city/`, scored by
//! `kpi/engine.rs` into a `model::results::ItemResult`).

use std::collections::BTreeMap;
use std::ops::Range;

use serde::Serialize;

use crate::diagnostics::SourceFile;
use crate::model::catalog::data_point_key;
use smallvec::{Array, SmallVec};

/// Why a KPI has no usable value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// The city did not report it.
    NotReported,
    /// It does not apply to this city.
    NotApplicable,
    /// A value exists but could not be verified, so it is not shown or scored.
    NotVerified,
}

impl Status {
    /// Every status with its spelling in city files.
    pub const ALL: [(&'static str, Status); 3] = [
        ("not-reported", Status::NotReported),
        ("not-applicable", Status::NotApplicable),
        ("not-verified", Status::NotVerified),
    ];

    /// Parses the spelling used in city files (case and spacing tolerant).
    pub fn parse(s: &str) -> Option<Self> {
        let k = data_point_key(s);
        Self::ALL.iter().find(|(n, _)| *n == k).map(|(_, s)| *s)
    }

    /// The spelling used in city files.
    pub fn as_str(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, s)| *s == self)
            .map_or("", |(n, _)| n)
    }
}

/// One observed answer.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Answer {
    /// A quantity in the KPI's unit.
    Number(f64),
    /// A yes/no answer.
    YesNo(bool),
}

/// One observation in one year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Observation {
    /// The value.
    pub answer: Answer,
    /// Raw inputs the value was computed from, if given as numerator and denominator (boxed:
    /// few values have them, and a 10,000-city site holds over a million observations).
    pub inputs: Option<Box<(f64, f64)>>,
    /// Decimals as written in the file ("97.00" has 2), so a profile shows the figure with
    /// the precision the report printed; `None` for whole numbers and computed values.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decimals: Option<u8>,
}

/// Observations by year (one entry for a single value).
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Reading {
    /// Year → observation, ordered.
    pub years: Years,
}

/// A small map kept as a list sorted by key, each key once, serialised as the map it stands
/// for. A reading has one year, a KPI two or three data points, and a `BTreeMap`'s first node
/// is room for eleven (about 600 bytes: half of a loaded city, once). `A` says how many entries
/// are held in place before the list moves to the heap.
pub struct SortedList<A: Array>(SmallVec<A>);

/// Observations by year, oldest first. The one year most readings have is held in place, without
/// an allocation of its own (a 10,000-city site holds over a million readings).
pub type Years = SortedList<[(i32, Observation); 1]>;

/// Readings by data point key (the catalog's keys, shared), in key order.
pub type Points = SortedList<[(std::sync::Arc<str>, Reading); 0]>;

// By hand: a derive would ask `A` itself, not its entries, to be `Debug`, `Clone`, `PartialEq`.
impl<A: Array> std::fmt::Debug for SortedList<A>
where
    A::Item: std::fmt::Debug,
{
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.0.iter()).finish()
    }
}

impl<A: Array> Clone for SortedList<A>
where
    A::Item: Clone,
{
    fn clone(&self) -> Self {
        Self(self.0.clone())
    }
}

impl<A: Array> PartialEq for SortedList<A>
where
    A::Item: PartialEq,
{
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

impl<A: Array> Default for SortedList<A> {
    fn default() -> Self {
        Self(SmallVec::new())
    }
}

// Keys and values own their data (`'static`): what the model keeps outlives any borrow of it.
impl<K: Ord + 'static, V: 'static, A: Array<Item = (K, V)>> SortedList<A> {
    /// Sets the value of `key`, returning the one it replaces.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.0.binary_search_by(|(k, _)| k.cmp(&key)) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, value)),
            Err(i) => {
                // Grown one at a time past the room held in place: few lists have more than a
                // few entries.
                if self.0.len() == self.0.capacity() {
                    self.0.reserve_exact(1);
                }
                self.0.insert(i, (key, value));
                None
            }
        }
    }

    /// The value of `key`.
    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: std::borrow::Borrow<Q>,
    {
        self.0
            .binary_search_by(|(k, _)| k.borrow().cmp(key))
            .ok()
            .map(|i| &self.0[i].1)
    }

    /// Keys and values, in key order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&K, &V)> + ExactSizeIterator {
        self.0.iter().map(|(k, v)| (k, v))
    }

    /// The values, in key order, to change them in place.
    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut V> {
        self.0.iter_mut().map(|(_, v)| v)
    }

    /// The keys, in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &K> {
        self.0.iter().map(|(k, _)| k)
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there is no entry.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'a, K: 'a, V: 'a, A: Array<Item = (K, V)>> IntoIterator for &'a SortedList<A> {
    type Item = (&'a K, &'a V);
    type IntoIter = std::iter::Map<std::slice::Iter<'a, (K, V)>, fn(&'a (K, V)) -> (&'a K, &'a V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl<K: Serialize, V: Serialize, A: Array<Item = (K, V)>> Serialize for SortedList<A> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

impl Reading {
    /// The most recent year and its observation.
    pub fn latest(&self) -> Option<(i32, &Observation)> {
        self.years.iter().next_back().map(|(y, o)| (*y, o))
    }
}

/// A city's own goal for a KPI.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Goal {
    /// Goal value in the KPI's unit.
    pub value: f64,
    /// Year by which the city wants to reach it.
    pub year: Option<i32>,
    /// What the goal is based on.
    pub note: Option<String>,
}

/// What a city reports for one KPI.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "form", rename_all = "kebab-case")]
pub enum ValueData {
    /// No usable value, with the reason.
    Status {
        /// The reason.
        status: Status,
    },
    /// One value or a series.
    Single {
        /// Observations.
        reading: Reading,
    },
    /// Values per data point (keys as in the catalog).
    Points {
        /// Data point key → observations.
        points: Points,
    },
}

/// Everything written about one KPI.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KpiValue {
    /// Index into the catalog.
    pub kpi: usize,
    /// Span of the key in city.toml, as byte offsets (start, end): [`KpiValue::span`].
    #[serde(skip)]
    pub key_at: (u32, u32),
    /// The value(s).
    pub data: ValueData,
    /// Id of the source in the city's `sources`.
    pub source: Option<Box<str>>,
    /// Whether the value was verified; `None` when the file does not say.
    pub verified: Option<bool>,
    /// The band printed in the published report, if recorded.
    pub published_band: Option<u8>,
    /// Note, quality and goal, boxed: few values have any, and a site of 10,000 cities holds
    /// 910,000 values (a value is 104 bytes instead of 200).
    #[serde(flatten)]
    pub extras: Option<Box<ValueExtras>>,
}

/// What a value may carry besides its data, source, verification and band.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ValueExtras {
    /// Free remark.
    pub note: Option<String>,
    /// The remark in other languages, by language code.
    pub notes: BTreeMap<String, String>,
    /// Data-quality grade.
    pub quality: Option<String>,
    /// The city's own goal.
    pub goal: Option<Goal>,
}

impl KpiValue {
    /// Span of the key in city.toml (a file over 4 GB is never read whole, so offsets fit in
    /// `u32`: a 10,000-city site holds 910,000 values).
    pub fn span(&self) -> Range<usize> {
        self.key_at.0 as usize..self.key_at.1 as usize
    }

    /// Records `span` as the key's place in city.toml.
    pub fn set_span(&mut self, span: Range<usize>) {
        let at = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        self.key_at = (at(span.start), at(span.end));
    }

    /// The free remark, if any.
    pub fn note(&self) -> Option<&str> {
        self.extras.as_ref()?.note.as_deref()
    }

    /// The remark in language `lang`, if the city translated it.
    pub fn note_in(&self, lang: &str) -> Option<&str> {
        self.extras.as_ref()?.notes.get(lang).map(String::as_str)
    }

    /// The city's own goal, if any.
    pub fn goal(&self) -> Option<&Goal> {
        self.extras.as_ref()?.goal.as_ref()
    }
}

/// A document the values were read from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Source {
    /// Id used by values.
    pub id: String,
    /// Title.
    pub title: String,
    /// Address.
    pub url: Option<String>,
}

/// The evaluation the data belongs to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    /// "U4SSC verification report", "factsheet"...
    pub kind: String,
    /// Publication date as written (`2020-06` or `2020-06-15`).
    pub published: Option<String>,
    /// Year the data describe; the default year of values.
    pub data_year: i32,
    /// The report prints no data year, so `data_year` is the year it was published (pages
    /// say so next to such values).
    pub data_year_is_published: bool,
    /// Whether the file holds every value of the evaluation. A partial transcription leaves
    /// KPIs out that the city may have reported: those are "not in this site's data", never
    /// "not reported".
    pub complete: bool,
    /// What was transcribed, for a partial file ("tables of pages 20-42 of the factsheet").
    pub note: Option<String>,
    /// That note in other languages, by language code.
    pub notes: BTreeMap<String, String>,
    /// The share of core and advanced KPIs the evaluation itself says the city reported.
    pub reported_share: Option<ReportedShare>,
}

/// Shares of KPIs reported, in percent, as the evaluation states them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ReportedShare {
    /// Percent of the core KPIs.
    pub core: f64,
    /// Percent of the advanced KPIs.
    pub advanced: f64,
}

impl Evaluation {
    /// Year of publication, if known.
    pub fn published_year(&self) -> Option<i32> {
        self.published.as_deref()?.get(..4)?.parse().ok()
    }
}

/// A city and its data.
#[derive(Debug, Clone, Serialize)]
pub struct City {
    /// URL slug (the folder name).
    pub slug: String,
    /// Display name.
    pub name: String,
    /// The city's own name in other site languages (`names = { ru = "Олесунн" }`), by
    /// language code; only names the file declares, never transliterations.
    pub names: BTreeMap<String, String>,
    /// Country name.
    pub country: String,
    /// ISO 3166-1 alpha-2 code.
    pub country_code: Option<String>,
    /// UN region, for peer groups.
    pub region: Option<String>,
    /// Inhabitants.
    pub population: Option<u64>,
    /// Year of the population figure.
    pub population_year: Option<i32>,
    /// Area in km².
    pub area_km2: Option<f64>,
    /// Latitude and longitude.
    pub location: Option<(f64, f64)>,
    /// The evaluation.
    pub evaluation: Evaluation,
    /// Documents cited.
    pub sources: Vec<Source>,
    /// Hidden unless building with --drafts.
    pub draft: bool,
    /// Values ordered by catalog index.
    pub values: Vec<KpiValue>,
    /// The file, for diagnostics.
    #[serde(skip)]
    pub file: SourceFile,
}

impl City {
    /// When the evaluation was published as written (`2020-06`), else its data year: the date
    /// its files and its citation carry.
    pub fn evaluation_date(&self) -> String {
        self.evaluation
            .published
            .clone()
            .unwrap_or_else(|| self.evaluation.data_year.to_string())
    }

    /// The city's name in `lang`: the declared one, else `name`.
    pub fn name_in(&self, lang: &str) -> &str {
        self.names.get(lang).map_or(&self.name, String::as_str)
    }

    /// The value for a KPI index, if the city wrote one.
    pub fn value(&self, kpi: usize) -> Option<&KpiValue> {
        self.values
            .binary_search_by_key(&kpi, |v| v.kpi)
            .ok()
            .map(|i| &self.values[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_keep_key_order_and_one_reading_per_key() {
        let reading = |v: f64| {
            let mut r = Reading::default();
            r.years.insert(
                2020,
                Observation {
                    answer: Answer::Number(v),
                    inputs: None,
                    decimals: None,
                },
            );
            r
        };
        let mut p = Points::default();
        assert!(p.insert("4g".into(), reading(1.0)).is_none());
        assert!(p.insert("3g".into(), reading(2.0)).is_none());
        assert!(p.insert("5g".into(), reading(3.0)).is_none());
        let old = p.insert("4g".into(), reading(4.0)).unwrap();
        assert_eq!(old.latest().unwrap().1.answer, Answer::Number(1.0));
        assert_eq!(
            p.keys().map(|k| &**k).collect::<Vec<_>>(),
            ["3g", "4g", "5g"]
        );
        assert_eq!(p.len(), 3);
        assert_eq!(
            p.get("4g").unwrap().latest().unwrap().1.answer,
            Answer::Number(4.0)
        );
        assert!(p.get("2g").is_none());
        // Serialised as the map it stands for, in key order.
        assert_eq!(
            serde_json::to_string(&p).unwrap(),
            r#"{"3g":{"years":{"2020":{"answer":2.0,"inputs":null}}},"4g":{"years":{"2020":{"answer":4.0,"inputs":null}}},"5g":{"years":{"2020":{"answer":3.0,"inputs":null}}}}"#
        );
    }

    #[test]
    fn one_year_is_held_without_an_allocation() {
        // The year's observation sits in the reading itself: a 10,000-city site holds over a
        // million readings, nearly all of one year. A second year moves them to the heap.
        let obs = |n| Observation {
            answer: Answer::Number(n),
            inputs: None,
            decimals: None,
        };
        let mut y = Years::default();
        y.insert(2020, obs(1.0));
        assert!(!y.0.spilled());
        y.insert(2018, obs(2.0));
        assert!(y.0.spilled());
        assert_eq!(y.keys().copied().collect::<Vec<_>>(), [2018, 2020]);
        assert!(std::mem::size_of::<Observation>() <= 32);
    }

    #[test]
    fn a_value_stays_small() {
        // A 10,000-city site holds about 910,000 values: each byte here is about 1 MB there.
        // Rarely written fields belong in `ValueExtras`. (A single year's observation is held
        // in place, 48 bytes here against an allocation of 64.)
        assert!(
            std::mem::size_of::<KpiValue>() <= 104,
            "{}",
            std::mem::size_of::<KpiValue>()
        );
    }
}
