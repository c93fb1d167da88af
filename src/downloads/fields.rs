//! How the downloads write a value, and the fixed words their status and basis columns use:
//! shared by the files, the data package's schema and the data page that explains them.

use serde::{Deserialize, Serialize};

use crate::model::city::Answer;
use crate::model::state::State;

/// A value as the city published it: a number, or a yes/no answer.
///
/// Written as `yes`/`no` (a JSON string), and a whole number without a decimal part (`119`,
/// not `119.0`): a yes/no KPI answered "no" is not the number 0, and a count is not a
/// measurement. Other numbers are written as before.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DataValue {
    /// A quantity in the item's unit.
    Number(f64),
    /// A yes/no answer.
    YesNo(bool),
}

impl From<Answer> for DataValue {
    fn from(a: Answer) -> Self {
        match a {
            Answer::Number(n) => DataValue::Number(n),
            Answer::YesNo(b) => DataValue::YesNo(b),
        }
    }
}

/// Whole numbers up to this size are exact in both `f64` and `i64`.
const EXACT: f64 = 9_007_199_254_740_992.0;

impl Serialize for DataValue {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match *self {
            DataValue::YesNo(b) => s.serialize_str(if b { "yes" } else { "no" }),
            DataValue::Number(n) if n.fract() == 0.0 && n.abs() < EXACT => {
                // Exact: |n| < 2^53 and n has no fractional part.
                s.serialize_i64(n as i64)
            }
            DataValue::Number(n) => s.serialize_f64(n),
        }
    }
}

impl<'de> Deserialize<'de> for DataValue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = DataValue;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number, `yes` or `no`")
            }
            fn visit_i64<E>(self, v: i64) -> Result<DataValue, E> {
                Ok(DataValue::Number(v as f64))
            }
            fn visit_u64<E>(self, v: u64) -> Result<DataValue, E> {
                Ok(DataValue::Number(v as f64))
            }
            fn visit_f64<E>(self, v: f64) -> Result<DataValue, E> {
                Ok(DataValue::Number(v))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<DataValue, E> {
                match v {
                    "yes" => Ok(DataValue::YesNo(true)),
                    "no" => Ok(DataValue::YesNo(false)),
                    // CSV readers may hand a number over as text.
                    _ => v
                        .parse()
                        .map(DataValue::Number)
                        .map_err(|_| E::invalid_value(serde::de::Unexpected::Str(v), &self)),
                }
            }
        }
        d.deserialize_any(V)
    }
}

/// The download words of `states`, for the data package's enum constraints.
pub fn keys(states: &[State]) -> Vec<&'static str> {
    states.iter().map(|s| s.key()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv_cell(v: DataValue) -> String {
        let mut w = csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(Vec::new());
        w.serialize([v]).unwrap();
        String::from_utf8(w.into_inner().unwrap())
            .unwrap()
            .trim_end()
            .to_string()
    }

    #[test]
    fn whole_numbers_and_answers_are_written_as_published() {
        assert_eq!(csv_cell(DataValue::Number(119.0)), "119");
        assert_eq!(csv_cell(DataValue::Number(-3.0)), "-3");
        assert_eq!(csv_cell(DataValue::Number(0.0)), "0");
        assert_eq!(csv_cell(DataValue::Number(86.26)), "86.26");
        assert_eq!(csv_cell(DataValue::YesNo(false)), "no");
        assert_eq!(csv_cell(DataValue::YesNo(true)), "yes");
        // Beyond 2^53 a float may not be the integer it prints as: written as today.
        assert_eq!(csv_cell(DataValue::Number(1e20)), "1e20");
        let json = serde_json::to_string(&[
            DataValue::Number(119.0),
            DataValue::Number(0.5),
            DataValue::YesNo(false),
        ])
        .unwrap();
        assert_eq!(json, r#"[119,0.5,"no"]"#);
    }

    #[test]
    fn values_read_back() {
        let back: Vec<DataValue> = serde_json::from_str(r#"[119,0.5,"no","yes"]"#).unwrap();
        assert_eq!(
            back,
            [
                DataValue::Number(119.0),
                DataValue::Number(0.5),
                DataValue::YesNo(false),
                DataValue::YesNo(true)
            ]
        );
        assert!(serde_json::from_str::<DataValue>(r#""maybe""#).is_err());
    }
}
