//! Reads a filled collection sheet, checks it row by row, and writes the accepted values into a
//! city's `city.toml`.
//!
//! Three steps, so a caller can stop after any of them: [`read`] turns a CSV, XLSX or ODS file
//! into a [`Table`] of text cells; [`plan`] maps the columns by header name and checks every row
//! against the catalog, deciding per row whether it is imported or skipped (it reads and writes
//! nothing); [`apply`] writes the imported values into the text of a `city.toml` with `toml_edit`,
//! so comments and layout survive. [`report`] describes a plan in plain text.
//!
//! Sources: a value's source cell is matched against the city's `sources` (by id, then by title or
//! address, ignoring case). Text that matches none becomes a new source entry
//! `{ id = "<slug of the text>", title = "<text>" }` (plus `url` when the text is a web address),
//! so every value keeps a declared source.

mod apply;
mod cells;
mod columns;
mod error;
mod plan;
mod read;
mod report;
mod units;

pub use apply::{Applied, apply, apply_summary};
pub use cells::{RowFix, SheetValue};
pub use error::ImportError;
pub use plan::{ImportOptions, ImportPlan, NumberStyle, PercentPolicy, PlanRow, plan, plan_with};
pub use read::{Table, TableRow, parse_csv, read};
pub use report::report;

#[cfg(test)]
mod tests {
    use super::read::detect_delimiter;
    use super::*;
    use crate::model::catalog::Catalog;
    use crate::sheet::Column;

    fn table(csv: &str) -> Table {
        parse_csv(csv).unwrap()
    }

    #[test]
    fn delimiter_is_taken_from_the_header() {
        assert_eq!(detect_delimiter("code;value;\"a,b\""), b';');
        assert_eq!(detect_delimiter("code,value"), b',');
        assert_eq!(detect_delimiter("code\tvalue"), b'\t');
        let t = table("\u{feff}Code;Valeur\nEN-EN-WS-1C;98,5\n");
        assert_eq!(t.header, ["Code", "Valeur"]);
        assert_eq!(t.rows[0].cells, ["EN-EN-WS-1C", "98,5"]);
        assert_eq!(t.rows[0].number, 2);
    }

    #[test]
    fn row_numbers_follow_the_spreadsheet() {
        let t =
            table("code,value,note\nA,1,\"two\nlines\"\n\nB,2,x\r\n\r\n\r\nC,\"x\ny\nz\"\nD,3\n");
        let nums: Vec<usize> = t.rows.iter().map(|r| r.number).collect();
        assert_eq!(nums, [2, 4, 7, 8]);
    }

    #[test]
    fn headers_are_matched_by_alias_and_title_rows_are_skipped() {
        let t = table("Data sheet of X,,\nKPI Code,Значение,Année\nEN-EN-WS-1C,5,2020\n");
        assert_eq!(t.header_row, 2);
        let p = plan(&Catalog::u4ssc(), &t, PercentPolicy::Auto).unwrap();
        assert_eq!(p.imported(), 1);
        assert!(
            p.columns
                .iter()
                .any(|(c, h)| *c == Column::Year && h == "Année")
        );
    }

    #[test]
    fn a_missing_value_column_is_an_error_with_a_hint() {
        let t = table("code,valu\nEN-EN-WS-1C,5\n");
        let e = plan(&Catalog::u4ssc(), &t, PercentPolicy::Auto).unwrap_err();
        let m = e.to_string();
        assert!(
            m.contains("no `value` column") && m.contains("\"valu\""),
            "{m}"
        );
    }

    #[test]
    fn a_comma_before_three_digits_is_refused_whatever_the_other_cells_say() {
        let catalog = Catalog::u4ssc();
        // The refusal also says what settles it: the number-style options, not "correct the row".
        let reason = |p: &ImportPlan| match &p.rows[0] {
            PlanRow::Skipped {
                reason,
                fix: RowFix::NumberStyle,
                ..
            } => reason.clone(),
            other => panic!("{other:?}"),
        };
        // Beside a decimal comma, beside a decimal point, and alone: never decided silently.
        for csv in [
            "code;value\nEN-EN-WS-2C;1,234\nEN-EN-WS-1C;98,5\n",
            "code,value\nEN-EN-WS-2C,\"1,234\"\nEN-EN-WS-1C,98.5\n",
            "code;value\nEN-EN-WS-2C;1,234\n",
        ] {
            let p = plan(&catalog, &table(csv), PercentPolicy::Auto).unwrap();
            let m = reason(&p);
            assert!(
                m.contains("could be 1.234 or 1234")
                    && m.contains("--decimal-comma")
                    && m.contains("--thousands-comma"),
                "{m}"
            );
        }
        // In a sheet of decimal commas, "1.234" is the same puzzle.
        let t = table("code;value\nEN-EN-WS-2C;1.234\nEN-EN-WS-1C;98,5\n");
        let p = plan(&catalog, &t, PercentPolicy::Auto).unwrap();
        assert!(
            reason(&p).contains("could be 1234 or 1.234"),
            "{}",
            reason(&p)
        );
        // An option settles it for the whole sheet.
        let with = |numbers| ImportOptions {
            numbers,
            ..ImportOptions::default()
        };
        let t = table("code;value\nEN-EN-WS-2C;1,234\nEN-EN-WS-1C;98,5\n");
        let p = plan_with(&catalog, &t, with(NumberStyle::DecimalComma)).unwrap();
        let PlanRow::Imported { value, .. } = &p.rows[0] else {
            panic!("{p:?}")
        };
        assert_eq!(*value, SheetValue::Number(1.234, Some(3)));
        let p = plan_with(&catalog, &t, with(NumberStyle::ThousandsComma)).unwrap();
        let PlanRow::Imported { value, .. } = &p.rows[0] else {
            panic!("{p:?}")
        };
        assert_eq!(*value, SheetValue::Number(1234.0, None));
        // ...and refuses what does not fit it: 98,5 has no thousands comma.
        let PlanRow::Skipped {
            reason,
            fix: RowFix::NumberStyle,
            ..
        } = &p.rows[1]
        else {
            panic!("{p:?}")
        };
        assert!(
            reason.contains("does not fit --thousands-comma"),
            "{reason}"
        );
    }

    #[test]
    fn a_unit_column_converts_exactly_and_refuses_other_units() {
        let t = table(
            "code,unit,value\nEC-ICT-ICT-3C,per 1 000 inhabitants,954\nEN-EN-WS-1C,share,0.0123\nEN-EN-WS-2C,km,5\nEN-EN-WS-1C,%,0.5\n",
        );
        let p = plan(&Catalog::u4ssc(), &t, PercentPolicy::Auto).unwrap();
        let value = |i: usize| match &p.rows[i] {
            PlanRow::Imported { value, .. } => *value,
            other => panic!("{other:?}"),
        };
        assert_eq!(value(0), SheetValue::Number(95400.0, None));
        assert_eq!(value(1), SheetValue::Number(1.23, Some(2)));
        let r = report(&p);
        assert!(
            r.contains(
                "row 2, EC-ICT-ICT-3C: 954 per 1 000 inhabitants → 95,400 per 100 000 inhabitants"
            ),
            "{r}"
        );
        assert!(
            r.contains("row 3, EN-EN-WS-1C: 0.0123 share → 1.23 %"),
            "{r}"
        );
        assert!(
            r.contains("row 4, column unit: the unit \"km\" is not litres/day per capita"),
            "{r}"
        );
        // A "%" unit cell decides against the share guess: 0.5 is 0.5 %.
        assert!(r.contains("EN-EN-WS-1C is given twice"), "{r}");
        let t = table("code,unit,value\nEN-EN-WS-1C,%,0.5\n");
        let p = plan(&Catalog::u4ssc(), &t, PercentPolicy::Auto).unwrap();
        assert_eq!(value_of(&p), SheetValue::Number(0.5, Some(1)));
        assert!(p.warnings.iter().any(|w| w.contains("--percent shares")));
        let p = plan(&Catalog::u4ssc(), &t, PercentPolicy::Shares).unwrap();
        assert_eq!(value_of(&p), SheetValue::Number(50.0, None));
    }

    #[test]
    fn open_data_rows_find_their_data_point_by_unit() {
        let t = table(
            "code,data point,unit,value\nEC-ICT-PS-1A,,data sets,120\nEC-ICT-PS-1A,availability,%,45\n",
        );
        let p = plan(&Catalog::u4ssc(), &t, PercentPolicy::Auto).unwrap();
        let points: Vec<Option<String>> = p
            .rows
            .iter()
            .map(|r| match r {
                PlanRow::Imported { point, .. } => point.clone(),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(points, [Some("number".into()), Some("percent".into())]);
        let r = report(&p);
        assert!(
            r.contains(
                "the data point \"availability\", so the unit \"%\" decides: data point percent"
            ),
            "{r}"
        );
        // Without a unit that says which, the row is still refused.
        let t = table("code,data point,unit,value\nEC-ICT-PS-1A,availability,,45\n");
        let p = plan(&Catalog::u4ssc(), &t, PercentPolicy::Auto).unwrap();
        assert!(p.has_errors());
    }

    fn value_of(p: &ImportPlan) -> SheetValue {
        match &p.rows[0] {
            PlanRow::Imported { value, .. } => *value,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn conflicting_rows_are_skipped() {
        let t = table(
            "code,value,year\nSC-EH-H-1C,80,2016\nSC-EH-H-1C,81,2016\nSC-EH-H-1C,82,\nEN-EN-AQ-2C,not-reported,\nEN-EN-AQ-2C,3,\n",
        );
        let p = plan(&Catalog::u4ssc(), &t, PercentPolicy::Auto).unwrap();
        let skipped: Vec<usize> = p.skipped().map(PlanRow::row).collect();
        assert_eq!(skipped, [3, 4, 6], "{}", report(&p));
    }

    #[test]
    fn yes_no_data_points_and_missing_tables_are_handled() {
        let t = table("code,data point,value\nEC-I-UP-2A,Compact,oui\nEC-I-UP-2A,connected,нет\n");
        let p = plan(&Catalog::u4ssc(), &t, PercentPolicy::Auto).unwrap();
        assert!(!p.has_errors(), "{}", report(&p));
        // No `sources` and no `[values]` yet: both are created, `sources` before `[values]`.
        let t2 = table("code,value,source\nEN-EN-WS-1C,12,https://example.org/a\n");
        let p2 = plan(&Catalog::u4ssc(), &t2, PercentPolicy::Auto).unwrap();
        let mut all = p.clone();
        all.rows.extend(p2.rows);
        let out = apply("name = \"X\"\n", &all).unwrap();
        assert_eq!(
            out,
            "name = \"X\"\nsources = [\n  { id = \"https-example-org-a\", title = \"https://example.org/a\", url = \"https://example.org/a\" },\n]\n\n[values]\n\"EC: I: UP: 2A\" = { compact = \"yes\", connected = \"no\" }\n\"EN: EN: WS: 1C\" = { value = 12, source = \"https-example-org-a\" }\n"
        );
        // An inline `values` table is filled in place.
        let out = apply("name = \"X\"\nvalues = { EN-EN-WS-2C = 3 }\n", &p).unwrap();
        assert!(
            out.starts_with("name = \"X\"\nvalues = { EN-EN-WS-2C = 3"),
            "{out}"
        );
        assert!(
            out.ends_with(", \"EC: I: UP: 2A\" = { compact = \"yes\", connected = \"no\" } }\n"),
            "{out}"
        );
    }

    #[test]
    fn statuses_on_point_rows_stand_for_the_kpi() {
        let t = table(
            "code,data point,value\nEN-EN-WS-4C,primary,not reported\nEN-EN-WS-4C,secondary,Not reported\nEN-EN-WS-4C,tertiary,5\n",
        );
        let p = plan(&Catalog::u4ssc(), &t, PercentPolicy::Auto).unwrap();
        assert_eq!(p.imported(), 2);
        assert_eq!(p.skipped().map(PlanRow::row).collect::<Vec<_>>(), [4]);
        assert!(
            apply("[values]\n", &p)
                .unwrap()
                .contains("\"EN: EN: WS: 4C\" = \"not-reported\"")
        );
    }

    #[test]
    fn apply_keeps_comments_and_replaces_existing_values() {
        let toml = "# head\nname = \"X\"\nsources = [{ id = \"s\", title = \"Stats office\" }]\n\n[values]\n# keep me\nEN-EN-WS-1C = 3 # old\n";
        let t = table(
            "code,value,source\n\"EN: EN: WS: 1C\",4,stats office\nEN-EN-WS-2C,5,New report\n",
        );
        let p = plan(&Catalog::u4ssc(), &t, PercentPolicy::Auto).unwrap();
        let out = apply(toml, &p).unwrap();
        assert!(out.contains("# head") && out.contains("# keep me"), "{out}");
        assert!(
            out.contains("EN-EN-WS-1C = { value = 4, source = \"s\" } # old"),
            "{out}"
        );
        assert!(
            out.contains("{ id = \"new-report\", title = \"New report\" }"),
            "{out}"
        );
        assert!(
            out.contains("\"EN: EN: WS: 2C\" = { value = 5, source = \"new-report\" }"),
            "{out}"
        );
    }
}
