//! Random sheets fed to the import: it never panics, and every number written into `city.toml`
//! comes from an imported row of the plan, read as the cell wrote it unless the report lists
//! the row as converted.

use cityprofiles::model::catalog::{Catalog, normalize_code};
use cityprofiles::sheet::import::{
    self, ImportOptions, NumberStyle, PercentPolicy, PlanRow, SheetValue,
};
use proptest::prelude::*;

const CITY: &str = "name = \"X\"\ncountry = \"Y\"\npopulation = 1000\nevaluation = { kind = \"Test\", published = \"2021-03\", data_year = 2020 }\n\n[values]\n";

fn code() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("EN-EN-WS-1C".to_string()),
        Just("EC: ICT: ICT: 3C".to_string()),
        Just("EC-ICT-PS-1A".to_string()),
        Just("EN-EN-WS-4C".to_string()),
        Just("EC-I-UP-2A".to_string()),
        Just("EN-EN-WS-2C".to_string()),
        "[A-Z: -]{0,8}",
    ]
}

fn unit() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("%".to_string()),
        Just("share".to_string()),
        Just("per 1 000 inhabitants".to_string()),
        Just("per 100 000 inhabitants".to_string()),
        Just("per capita".to_string()),
        Just("data sets".to_string()),
        Just("km".to_string()),
        "[a-z% 0-9]{0,10}",
    ]
}

fn point() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => Just(String::new()),
        1 => Just("primary".to_string()),
        1 => Just("number".to_string()),
        1 => Just("percent".to_string()),
        1 => Just("availability".to_string()),
        1 => Just("compact".to_string()),
    ]
}

/// A number written with random thousands separators, decimal mark, sign and percent sign.
fn number() -> impl Strategy<Value = String> {
    (
        prop_oneof![0u64..2, 0u64..1000, 0u64..10_000_000],
        proptest::option::of("[0-9]{1,4}"),
        prop_oneof![Just(""), Just(","), Just("."), Just(" ")],
        prop_oneof![Just("."), Just(",")],
        proptest::bool::weighted(0.1),
        proptest::bool::weighted(0.1),
    )
        .prop_map(|(int, frac, group, mark, minus, pct)| {
            let digits = int.to_string();
            let mut s = String::new();
            for (i, c) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i) % 3 == 0 {
                    s.push_str(group);
                }
                s.push(c);
            }
            if let Some(f) = frac {
                s = format!("{s}{mark}{f}");
            }
            if minus {
                s.insert(0, '-');
            }
            if pct {
                s.push_str(" %");
            }
            s
        })
}

fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => number(),
        1 => "[a-z0-9,. %-]{0,8}",
        1 => prop_oneof![Just("yes".to_string()), Just("not reported".to_string())],
    ]
}

fn year() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("2019".to_string()),
        Just("2020".to_string()),
        "[0-9a-z]{0,4}",
    ]
}

fn sheet() -> impl Strategy<Value = Vec<[String; 5]>> {
    proptest::collection::vec(
        (code(), point(), unit(), value(), year()).prop_map(|(c, p, u, v, y)| [c, p, u, v, y]),
        1..8,
    )
}

fn csv_text(rows: &[[String; 5]]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["code", "data point", "unit", "value", "year"])
        .unwrap();
    for r in rows {
        w.write_record(r).unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

/// The numbers a cell can mean as written: the digits with the point at its last `,` or `.`,
/// or at none of them.
fn readings(cell: &str) -> Vec<f64> {
    let t: String = cell
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == ',' || *c == '.')
        .collect();
    let mut out = vec![];
    let digits: String = t.chars().filter(char::is_ascii_digit).collect();
    out.extend(digits.parse::<f64>());
    for sep in [',', '.'] {
        if let Some(at) = t.rfind(sep) {
            let int: String = t[..at].chars().filter(char::is_ascii_digit).collect();
            let frac: String = t[at..].chars().filter(char::is_ascii_digit).collect();
            out.extend(format!("{int}.{frac}").parse::<f64>());
        }
    }
    out
}

fn numbers(v: &toml::Value, out: &mut Vec<f64>) {
    match v {
        toml::Value::Integer(i) => out.push(*i as f64),
        toml::Value::Float(f) => out.push(*f),
        toml::Value::Table(t) => {
            for (k, v) in t {
                if k != "year" {
                    numbers(v, out);
                }
            }
        }
        _ => {}
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn random_sheets_never_panic_and_write_only_reported_values(
        rows in sheet(),
        numbers_style in prop_oneof![
            Just(NumberStyle::Auto),
            Just(NumberStyle::DecimalComma),
            Just(NumberStyle::ThousandsComma),
        ],
        percent in prop_oneof![
            Just(PercentPolicy::Auto),
            Just(PercentPolicy::Shares),
            Just(PercentPolicy::AsWritten),
        ],
    ) {
        let catalog = Catalog::u4ssc();
        let table = import::parse_csv(&csv_text(&rows)).unwrap();
        let options = ImportOptions { percent, numbers: numbers_style };
        let plan = import::plan_with(&catalog, &table, options).unwrap();
        let report = import::report(&plan);
        let count_line = if plan.skipped().next().is_some() { "; skipped" } else { "." };
        let values = if plan.imported() == 1 { "value" } else { "values" };
        let expected_count = format!("Imported {} {values}{count_line}", plan.imported());
        prop_assert!(report.starts_with(&expected_count), "{}", report);
        let Ok(text) = import::apply(CITY, &plan) else {
            return Ok(());
        };
        let doc: toml::Table = toml::from_str(&text).unwrap();
        let written = doc["values"].as_table().unwrap();
        for (key, entry) in written {
            let from: Vec<(usize, SheetValue, bool)> = plan
                .rows
                .iter()
                .filter_map(|r| match r {
                    PlanRow::Imported { row, code, value, conversion, .. }
                        if normalize_code(code) == normalize_code(key) =>
                    {
                        Some((*row, *value, conversion.is_some()))
                    }
                    _ => None,
                })
                .collect();
            prop_assert!(!from.is_empty(), "{key} written without an imported row\n{report}");
            let mut found = vec![];
            numbers(entry, &mut found);
            for n in found {
                let source = from.iter().find(|(_, v, _)| matches!(v, SheetValue::Number(x, _) if close(*x, n)));
                prop_assert!(source.is_some(), "{key} = {n} matches no imported row\n{report}\n{text}");
                let (row, _, converted) = *source.unwrap();
                let cell = &table.rows.iter().find(|r| r.number == row).unwrap().cells[3];
                if converted {
                    prop_assert!(report.contains(&format!("row {row},")), "row {row} converted but not reported\n{report}");
                } else {
                    prop_assert!(
                        readings(cell).iter().any(|r| close(*r, n)),
                        "row {row}: \"{cell}\" written as {n} without a conversion in the report\n{report}"
                    );
                }
            }
        }
    }
}
