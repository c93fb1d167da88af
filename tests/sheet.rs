//! Spreadsheet export and import through the library API (`cityprofiles::sheet`).

use std::path::{Path, PathBuf};

use cityprofiles::content::city::parse_city;
use cityprofiles::diagnostics::{MessageFormat, SourceFile};
use cityprofiles::model::catalog::Catalog;
use cityprofiles::model::city::{Answer, City, KpiValue, ValueData};
use cityprofiles::sheet::export;
use cityprofiles::sheet::import::{self, ImportPlan, PercentPolicy, PlanRow, SheetValue};
use cityprofiles::site::build::{BuildOptions, build_in_memory};

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fixtures() -> PathBuf {
    manifest().join("tests/fixtures/sheets")
}

fn empty_city_path() -> PathBuf {
    fixtures().join("site/content/cities/sheetville/city.toml")
}

fn empty_city_text() -> String {
    std::fs::read_to_string(empty_city_path()).unwrap()
}

fn parse_ok(slug: &str, text: &str, catalog: &Catalog) -> City {
    let (city, diags) = parse_city(slug, &SourceFile::new("city.toml", text), catalog);
    assert!(
        !diags.has_errors(),
        "{}\n--- city.toml ---\n{text}",
        diags.render(MessageFormat::Short, false)
    );
    city.unwrap()
}

fn shipped_city(slug: &str, catalog: &Catalog) -> City {
    let text = std::fs::read_to_string(manifest().join(format!("content/cities/{slug}/city.toml")))
        .unwrap();
    parse_ok(slug, &text, catalog)
}

fn skipped_rows(plan: &ImportPlan) -> Vec<usize> {
    plan.skipped().map(PlanRow::row).collect()
}

fn imported<'a>(plan: &'a ImportPlan, code: &str) -> Vec<&'a PlanRow> {
    plan.rows
        .iter()
        .filter(|r| matches!(r, PlanRow::Imported { code: c, .. } if c == code))
        .collect()
}

/// What a sheet carries of a value: the data (numerator and denominator become the computed
/// value), the source id and the note.
fn comparable(v: &KpiValue) -> (usize, ValueData, Option<String>, Option<String>) {
    let mut data = v.data.clone();
    let strip = |r: &mut cityprofiles::model::city::Reading| {
        for o in r.years.values_mut() {
            o.inputs = None;
        }
    };
    match &mut data {
        ValueData::Single { reading } => strip(reading),
        ValueData::Points { points } => points.values_mut().for_each(strip),
        ValueData::Status { .. } => {}
    }
    (
        v.kpi,
        data,
        v.source.as_deref().map(str::to_string),
        v.note().map(str::to_string),
    )
}

fn without_decimals(data: &mut ValueData) {
    let strip = |r: &mut cityprofiles::model::city::Reading| {
        for o in r.years.values_mut() {
            o.decimals = None;
        }
    };
    match data {
        ValueData::Single { reading } => strip(reading),
        ValueData::Points { points } => points.values_mut().for_each(strip),
        ValueData::Status { .. } => {}
    }
}

/// Checks the plan made from `filled.csv` or `filled.xlsx`.
fn check_filled_plan(plan: &ImportPlan, value_header: &str) {
    let report = import::report(plan);
    assert_eq!(plan.imported(), 15, "{report}");
    assert_eq!(skipped_rows(plan), [7, 11, 14, 17, 18], "{report}");
    assert!(
        report.starts_with("Imported 15 values; skipped 5 rows:\n"),
        "{report}"
    );
    let lines: Vec<&str> = report.lines().collect();
    assert!(
        lines[1].starts_with("  row 7: unknown code EN-EN-WS-9C (did you mean EN-EN-WS-"),
        "{report}"
    );
    for (line, row, needle) in [
        (lines[2], 11, "\"abc\" is not a number"),
        (
            lines[3],
            14,
            "EC-ICT-WS-1C is a percentage but the value is 145",
        ),
        (lines[4], 17, "EN-EN-WS-3C is measured in %, not yes/no"),
        (
            lines[5],
            18,
            "unknown status \"not-reportd\" (did you mean \"not-reported\"?)",
        ),
    ] {
        let start = format!("  row {row}, column {value_header}: ");
        assert!(
            line.starts_with(&start) && line.contains(needle),
            "expected {start:?} … {needle:?} in\n{report}"
        );
    }
    let first = imported(plan, "EN: EN: WS: 1C");
    assert!(
        matches!(first[0], PlanRow::Imported { value: SheetValue::Number(n, Some(2)), .. } if *n == 98.98),
        "{first:?}"
    );
    let thousands = imported(plan, "EC: ICT: ICT: 3C");
    assert!(
        matches!(thousands[0], PlanRow::Imported { value: SheetValue::Number(n, Some(1)), .. } if *n == 61234.5),
        "{thousands:?}"
    );
    let yes = imported(plan, "SC: SH: SA: 3A");
    assert!(
        matches!(
            yes[0],
            PlanRow::Imported {
                value: SheetValue::YesNo(true),
                ..
            }
        ),
        "{yes:?}"
    );
}

/// Imports a plan into the empty fixture city and checks the result parses and keeps comments.
fn check_filled_city(plan: &ImportPlan) -> String {
    let catalog = Catalog::u4ssc();
    let original = empty_city_text();
    let text = import::apply(&original, plan).unwrap();
    assert!(
        text.contains("# This comment must survive an import."),
        "{text}"
    );
    assert!(
        text.contains("# Values imported from the city's collection sheet go below."),
        "{text}"
    );
    let city = parse_ok("sheetville", &text, &catalog);
    assert_eq!(city.values.len(), 11, "{text}");
    let idx = |c: &str| catalog.index_of(c).unwrap();
    let v = city.value(idx("EN-EN-WS-4C")).unwrap();
    let ValueData::Points { points } = &v.data else {
        panic!("{v:?}")
    };
    assert_eq!(points.len(), 3);
    assert_eq!(
        points.get("secondary").unwrap().latest().unwrap().1.answer,
        Answer::Number(87.5)
    );
    let v = city.value(idx("SC-EH-H-1C")).unwrap();
    let ValueData::Single { reading } = &v.data else {
        panic!("{v:?}")
    };
    assert_eq!(
        reading.years.keys().copied().collect::<Vec<_>>(),
        [2016, 2020]
    );
    let v = city.value(idx("EC-ICT-ICT-3C")).unwrap();
    assert_eq!(v.source.as_deref(), Some("telecom-regulator-report-2020"));
    assert_eq!(v.note(), Some("Mobile subscriptions included"));
    assert!(
        city.sources
            .iter()
            .any(|s| s.id == "telecom-regulator-report-2020"
                && s.title == "Telecom regulator report 2020"),
        "{:?}",
        city.sources
    );
    let v = city.value(idx("EN-EN-WS-1C")).unwrap();
    assert_eq!(v.source.as_deref(), Some("census"));
    let v = city.value(idx("EN-EN-AQ-2C")).unwrap();
    assert!(matches!(v.data, ValueData::Status { .. }), "{v:?}");
    assert_eq!(v.note(), Some("No inventory yet"));
    text
}

#[test]
fn filled_csv_imports_fifteen_rows_and_reports_five() {
    let table = import::read(&fixtures().join("filled.csv")).unwrap();
    assert_eq!(table.rows.len(), 20);
    let plan = import::plan(&Catalog::u4ssc(), &table, PercentPolicy::Auto).unwrap();
    check_filled_plan(&plan, "Value");
    assert!(
        !plan.shares,
        "145 % and 98.98 % show the sheet is in percent"
    );
    check_filled_city(&plan);
}

#[test]
fn an_unknown_code_is_answered_in_the_style_it_was_written() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("codes.csv");
    std::fs::write(
        &csv,
        "code,value\nEC: ICT: ICT: 77C,1\nEC-ICT-ICT-77C,1\nec-ict-ict-77c,1\n",
    )
    .unwrap();
    let table = import::read(&csv).unwrap();
    let plan = import::plan(&Catalog::u4ssc(), &table, PercentPolicy::Auto).unwrap();
    let report = import::report(&plan);
    for line in [
        "unknown code EC: ICT: ICT: 77C (did you mean EC: ICT: ICT: 1C?)",
        "unknown code EC-ICT-ICT-77C (did you mean EC-ICT-ICT-1C?)",
        "unknown code ec-ict-ict-77c (did you mean ec-ict-ict-1c?)",
    ] {
        assert!(report.contains(line), "{line:?} not in\n{report}");
    }
}

#[test]
fn filled_xlsx_imports_fifteen_rows_and_reports_five() {
    let table = import::read(&fixtures().join("filled.xlsx")).unwrap();
    assert_eq!(table.rows.len(), 20);
    assert_eq!(table.header[4], "Valeur");
    let plan = import::plan(&Catalog::u4ssc(), &table, PercentPolicy::Auto).unwrap();
    check_filled_plan(&plan, "Valeur");
    check_filled_city(&plan);
}

#[test]
fn filled_ods_is_read_like_the_others() {
    let table = import::read(&fixtures().join("filled.ods")).unwrap();
    let plan = import::plan(&Catalog::u4ssc(), &table, PercentPolicy::Auto).unwrap();
    check_filled_plan(&plan, "Result");
    check_filled_city(&plan);
}

#[test]
fn the_imported_city_builds() {
    let dir = tempfile::tempdir().unwrap();
    let site = fixtures().join("site");
    for e in walkdir::WalkDir::new(&site).into_iter().flatten() {
        let to = dir.path().join(e.path().strip_prefix(&site).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(e.path(), &to).unwrap();
        }
    }
    let table = import::read(&fixtures().join("filled.csv")).unwrap();
    let plan = import::plan(&Catalog::u4ssc(), &table, PercentPolicy::Auto).unwrap();
    let text = check_filled_city(&plan);
    std::fs::write(dir.path().join("content/cities/sheetville/city.toml"), text).unwrap();
    let built = build_in_memory(&BuildOptions {
        root: dir.path().to_path_buf(),
        base_url: None,
        drafts: false,
        ..Default::default()
    });
    match built {
        Ok(b) => assert!(b.outputs.iter().any(|o| o.path.contains("sheetville"))),
        Err(d) => panic!("{}", d.render(MessageFormat::Short, false)),
    }
}

#[test]
fn years_after_the_evaluation_are_rejected() {
    let table =
        import::parse_csv("code,value,year\nEN-EN-WS-1C,50,2020\nEN-EN-WS-2C,120,2023\n").unwrap();
    let mut plan = import::plan(&Catalog::u4ssc(), &table, PercentPolicy::Auto).unwrap();
    assert!(!plan.has_errors());
    plan.reject_years_after(2021);
    assert_eq!(skipped_rows(&plan), [3]);
    assert!(
        import::report(&plan)
            .contains("row 3, column year: year 2023 is after the evaluation (2021)"),
        "{}",
        import::report(&plan)
    );
}

#[test]
fn reimporting_an_exported_city_changes_nothing() {
    let catalog = Catalog::u4ssc();
    for (slug, path) in [
        ("bizerte", "content/cities/bizerte/city.toml"),
        ("alesund", "content/cities/alesund/city.toml"),
        ("asker", "content/cities/asker/city.toml"),
        // No data year: values take the publication year and write none of their own.
        ("riyadh", "content/cities/riyadh/city.toml"),
        // Numerator and denominator, series, data points and yes/no.
        (
            "testville",
            "tests/fixtures/minimal/content/cities/testville/city.toml",
        ),
    ] {
        let path = manifest().join(path);
        let text = std::fs::read_to_string(&path).unwrap();
        let city = parse_ok(slug, &text, &catalog);
        let mut csv = Vec::new();
        export::write_csv(&export::city(&catalog, &city), &mut csv).unwrap();
        let table = import::parse_csv(std::str::from_utf8(&csv).unwrap()).unwrap();
        let plan = import::plan(&catalog, &table, PercentPolicy::Auto).unwrap();
        let applied = import::apply_summary(&text, &plan).unwrap();
        assert_eq!(applied.text, text, "{slug}: {}", applied.summary());
        assert_eq!(applied.unchanged.len(), city.values.len());
    }
}

#[test]
fn a_changed_value_is_replaced_in_place_keeping_its_comments() {
    let catalog = Catalog::u4ssc();
    let path = manifest().join("content/cities/bizerte/city.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let table = import::parse_csv(
        "code,value,year,source\nEN-EN-WS-2C,90.5,2020,fs2020-p34\nSC-SH-SI-1C,0.74,2020,vr2020\n",
    )
    .unwrap();
    let plan = import::plan(&catalog, &table, PercentPolicy::AsWritten).unwrap();
    let applied = import::apply_summary(&text, &plan).unwrap();
    assert_eq!(applied.replaced, ["EN: EN: WS: 2C"]);
    assert_eq!(applied.unchanged, ["SC: SH: SI: 1C"]);
    let changed: Vec<(&str, &str)> = text
        .lines()
        .zip(applied.text.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(
        changed,
        [(
            "\"EN: EN: WS: 2C\" = { value = 86.26, year = 2020, source = \"fs2020-p34\" }",
            "\"EN: EN: WS: 2C\" = { value = 90.5, year = 2020, source = \"fs2020-p34\" }"
        )]
    );
    // `verified` stays on the unchanged value.
    assert!(applied.text.contains(
        "\"SC: SH: SI: 1C\" = { value = 0.74, year = 2020, source = \"vr2020\", verified = true }"
    ));
    parse_ok("bizerte", &applied.text, &catalog);
}

/// A replaced value keeps the translations of its note while the sheet gives the same note,
/// and loses them with a new note, which they no longer translate.
#[test]
fn a_replaced_value_keeps_its_note_translations_only_with_its_note() {
    let catalog = Catalog::u4ssc();
    let text =
        std::fs::read_to_string(manifest().join("content/cities/bizerte/city.toml")).unwrap();
    let note = "Footnote 2 of the verification report says the violent-crime data could not be verified, so the figure and its benchmark should be read with caution.";
    let line = |text: &str| {
        text.lines()
            .find(|l| l.starts_with("\"SC: SH: SA: 8C\""))
            .unwrap()
            .to_string()
    };
    let apply = |note: &str| {
        let table = import::parse_csv(&format!(
            "code,value,year,source,note\nSC-SH-SA-8C,30.1,2020,vr2020,\"{note}\"\n"
        ))
        .unwrap();
        let plan = import::plan(&catalog, &table, PercentPolicy::AsWritten).unwrap();
        let applied = import::apply_summary(&text, &plan).unwrap();
        assert_eq!(applied.replaced, ["SC: SH: SA: 8C"]);
        parse_ok("bizerte", &applied.text, &catalog);
        line(&applied.text)
    };
    assert!(line(&text).contains("notes = { fr = "));
    let same = apply(note);
    assert!(same.contains("value = 30.1"), "{same}");
    assert!(
        same.contains("notes = { fr = \"La note 2 du rapport"),
        "{same}"
    );
    let other = apply("Revised figure.");
    assert!(other.contains("note = \"Revised figure.\""), "{other}");
    assert!(!other.contains("notes"), "{other}");
}

/// `import --dry-run` is given the sheet's path, reads it and says what it would write, and
/// leaves city.toml byte for byte as it was; the same command without `--dry-run` does write
/// the values, so the file staying the same is the dry run's doing.
#[test]
fn a_dry_run_reads_the_sheet_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let from = fixtures().join("site");
    for e in walkdir::WalkDir::new(&from).into_iter().flatten() {
        let to = site.join(e.path().strip_prefix(&from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(e.path(), &to).unwrap();
        }
    }
    let sheet = dir.path().join("two rows.csv");
    std::fs::write(
        &sheet,
        "code;value;year;source\nEN: EN: WS: 1C;98,98;2020;census\nEN-EN-WS-3C;12,5;2020;census\n",
    )
    .unwrap();
    let city = site.join("content/cities/sheetville/city.toml");
    let before = std::fs::read(&city).unwrap();
    let import = |extra: &[&str]| {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_cityprofiles"))
            .arg("--root")
            .arg(&site)
            .arg("import")
            .arg(&sheet)
            .args(["--city", "sheetville"])
            .args(extra)
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&o.stdout).into_owned();
        assert!(
            o.status.success(),
            "{said}{}",
            String::from_utf8_lossy(&o.stderr)
        );
        said
    };
    let said = import(&["--dry-run"]);
    assert!(said.starts_with("Imported 2 values.\n"), "{said}");
    assert!(
        said.contains("would get 2 KPIs added, 0 replaced, 0 unchanged; nothing was written."),
        "{said}"
    );
    assert_eq!(std::fs::read(&city).unwrap(), before, "the dry run wrote");
    let said = import(&[]);
    assert!(said.contains("2 KPIs added"), "{said}");
    let after = std::fs::read_to_string(&city).unwrap();
    assert!(
        after.contains("\"EN: EN: WS: 1C\" = { value = 98.98, year = 2020, source = \"census\" }"),
        "{after}"
    );
    assert!(after.contains("12.5"), "{after}");
}

#[test]
fn shares_are_converted_and_reported() {
    // Every plain value on a % KPI lies between 0 and 1: the sheet holds shares.
    let table = import::parse_csv(
        "code;value\nEN-EN-WS-1C;0,45\nEC-ICT-ICT-2C;0.5\nEN-EN-WS-3C;12 %\nEN-EN-WS-2C;1 234,5\n",
    )
    .unwrap();
    let plan = import::plan(&Catalog::u4ssc(), &table, PercentPolicy::Auto).unwrap();
    assert!(plan.shares);
    let report = import::report(&plan);
    assert!(report.starts_with("Imported 4 values.\n"), "{report}");
    assert!(
        report.contains("row 2, EN-EN-WS-1C: 0,45 read as a share: 45 %"),
        "{report}"
    );
    assert!(
        report.contains("row 3, EC-ICT-ICT-2C: 0.5 read as a share: 50 %"),
        "{report}"
    );
    let values: Vec<SheetValue> = plan
        .rows
        .iter()
        .map(|r| match r {
            PlanRow::Imported { value, .. } => *value,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        values,
        [
            // Converted shares have no written precision; "1 234,5" keeps its one decimal.
            SheetValue::Number(45.0, None),
            SheetValue::Number(50.0, None),
            SheetValue::Number(12.0, None),
            SheetValue::Number(1234.5, Some(1)),
        ]
    );

    // The fixture's 0,45 (unit cell "%") is read as written unless shares are asked for, and
    // then reported as read by the option, not by a guess.
    let table = import::read(&fixtures().join("filled.csv")).unwrap();
    let plan = import::plan(&Catalog::u4ssc(), &table, PercentPolicy::Shares).unwrap();
    check_filled_plan(&plan, "Value");
    let report = import::report(&plan);
    assert!(
        report.contains("row 20, EC-ICT-ES-1C: 0,45 read as a share (--percent shares): 45 %"),
        "{report}"
    );
    let plan = import::plan(&Catalog::u4ssc(), &table, PercentPolicy::AsWritten).unwrap();
    assert!(!import::report(&plan).contains("read as a share"));
}

#[test]
fn template_has_a_row_per_kpi_and_data_point() {
    let catalog = Catalog::u4ssc();
    let rows = export::template(&catalog);
    let expected: usize = catalog
        .kpis
        .iter()
        .map(|k| k.data_points.len().max(1))
        .sum();
    assert_eq!(rows.len(), expected);
    assert_eq!(rows[0].code, catalog.kpis[0].code);
    assert!(
        rows.iter()
            .all(|r| r.value.is_empty() && !r.formula.is_empty())
    );
    let aq: Vec<&str> = rows
        .iter()
        .filter(|r| r.code == "EN: EN: AQ: 1C")
        .map(|r| r.data_point.as_str())
        .collect();
    assert_eq!(aq, ["pm2-5", "pm10", "no2", "so2", "o3"]);

    let mut csv = Vec::new();
    export::write_csv(&rows, &mut csv).unwrap();
    let csv = String::from_utf8(csv).unwrap();
    assert!(csv.starts_with("code,name,data point,unit,tier,formula,value,year,source,note\n"));

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("template.xlsx");
    export::write_xlsx(&rows, &path).unwrap();
    let table = import::read(&path).unwrap();
    assert_eq!(table.rows.len(), expected);
    let plan = import::plan(&catalog, &table, PercentPolicy::Auto).unwrap();
    assert_eq!(plan.imported(), 0);
    assert_eq!(plan.empty_rows, expected);
    assert!(!plan.has_errors());
    // Nothing to import leaves the file as it was.
    assert_eq!(
        import::apply(&empty_city_text(), &plan).unwrap(),
        empty_city_text()
    );
}

/// Exports a city, imports the sheet into the empty city and compares the values.
fn round_trip(original: &City, xlsx: bool) {
    let catalog = Catalog::u4ssc();
    let rows = export::city(&catalog, original);
    let dir = tempfile::tempdir().unwrap();
    let path = if xlsx {
        let p = dir.path().join("city.xlsx");
        export::write_xlsx(&rows, &p).unwrap();
        p
    } else {
        let p = dir.path().join("city.csv");
        let mut f = std::fs::File::create(&p).unwrap();
        export::write_csv(&rows, &mut f).unwrap();
        p
    };
    let table = import::read(&path).unwrap();
    let plan = import::plan(&catalog, &table, PercentPolicy::Auto).unwrap();
    assert!(!plan.has_errors(), "{}", import::report(&plan));
    assert!(!import::report(&plan).contains("read as a share"));
    let text = import::apply(&empty_city_text(), &plan).unwrap();
    let city = parse_ok("copy", &text, &catalog);
    // An XLSX cell stores the number, not the decimals it is shown with, so only the CSV
    // round trip keeps "100.00" as written.
    let keep = |mut v: (usize, ValueData, Option<String>, Option<String>)| {
        if xlsx {
            without_decimals(&mut v.1);
        }
        v
    };
    let got: Vec<_> = city.values.iter().map(comparable).map(keep).collect();
    let want: Vec<_> = original.values.iter().map(comparable).map(keep).collect();
    assert_eq!(
        got,
        want,
        "{} via {}\n{text}",
        original.slug,
        if xlsx { "xlsx" } else { "csv" }
    );
}

#[test]
fn export_then_import_gives_the_same_values() {
    let catalog = Catalog::u4ssc();
    for slug in ["bizerte", "alesund", "asker"] {
        let city = shipped_city(slug, &catalog);
        assert!(!city.values.is_empty());
        round_trip(&city, false);
        round_trip(&city, true);
    }
}

#[test]
fn series_data_points_and_computed_values_survive_a_round_trip() {
    let catalog = Catalog::u4ssc();
    let text = std::fs::read_to_string(
        manifest().join("tests/fixtures/minimal/content/cities/testville/city.toml"),
    )
    .unwrap();
    let city = parse_ok("testville", &text, &catalog);
    round_trip(&city, false);
    round_trip(&city, true);
}

#[test]
fn exported_city_rows_carry_values_years_and_statuses() {
    let catalog = Catalog::u4ssc();
    let city = shipped_city("bizerte", &catalog);
    let rows = export::city(&catalog, &city);
    let r = rows.iter().find(|r| r.code == "EN: EN: WS: 2C").unwrap();
    assert_eq!(
        (r.value.as_str(), r.year.as_str(), r.source.as_str()),
        ("86.26", "2020", "fs2020-p34")
    );
    let r = rows.iter().find(|r| r.code == "SC: SH: SI: 2C").unwrap();
    assert_eq!(r.value, "not-verified");
    let wastewater: Vec<(&str, &str)> = rows
        .iter()
        .filter(|r| r.code == "EN: EN: WS: 4C")
        .map(|r| (r.data_point.as_str(), r.value.as_str()))
        .collect();
    assert_eq!(
        wastewater,
        // As written in city.toml: the sheet keeps the value's written decimals.
        [
            ("primary", "100.0"),
            ("secondary", "100.0"),
            ("tertiary", "0.0")
        ]
    );
    let asker = shipped_city("asker", &catalog);
    let rows = export::city(&catalog, &asker);
    let r = rows.iter().find(|r| r.code == "SC: SH: SA: 3A").unwrap();
    assert_eq!(r.value, "no");
}

/// Regenerates `filled.xlsx` from `filled.csv` (French headers, numbers as number cells, the
/// yes/no answer as a boolean cell). Run with `cargo test --test sheet -- --ignored`.
#[test]
#[ignore = "writes tests/fixtures/sheets/filled.xlsx"]
fn regenerate_xlsx_fixture() {
    use rust_xlsxwriter::Workbook;
    let table = import::read(&fixtures().join("filled.csv")).unwrap();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let header = [
        "Code",
        "Nom",
        "Sous-indicateur",
        "Unité",
        "Valeur",
        "Année",
        "Source",
        "Commentaire",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for r in &table.rows {
        let row = (r.number - 1) as u32;
        for (c, cell) in r.cells.iter().enumerate() {
            let c = c as u16;
            if cell.is_empty() {
                continue;
            }
            let number = if c == 4 || c == 5 {
                cell.replace(' ', "").replace(',', ".").parse::<f64>().ok()
            } else {
                None
            };
            match (number, cell.as_str()) {
                (Some(n), _) => ws.write_number(row, c, n).map(|_| ()),
                (None, "oui") => ws.write_boolean(row, c, true).map(|_| ()),
                (None, s) => ws.write_string(row, c, s).map(|_| ()),
            }
            .unwrap();
        }
    }
    wb.save(fixtures().join("filled.xlsx")).unwrap();
}
