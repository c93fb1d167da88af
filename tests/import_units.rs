//! `cityprofiles import` run as a user would: unit columns, ambiguous numbers and the options
//! that settle them, data points recognised by their unit, on CSV and XLSX sheets.

use std::path::{Path, PathBuf};
use std::process::Output;

use cityprofiles::sheet::{Row, export};

fn site() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sheets/site");
    copy_dir(&from, tmp.path());
    tmp
}

fn copy_dir(from: &Path, to: &Path) {
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

fn city(site: &Path) -> PathBuf {
    site.join("content/cities/sheetville/city.toml")
}

fn import(site: &Path, sheet: &str, options: &[&str]) -> (Output, String) {
    let path = site.join("sheet.csv");
    std::fs::write(&path, sheet).unwrap();
    import_file(site, &path, options)
}

fn import_file(site: &Path, sheet: &Path, options: &[&str]) -> (Output, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cityprofiles"))
        .arg("--root")
        .arg(site)
        .args(["--message-format", "short", "import"])
        .arg(sheet)
        .args(["--city", "sheetville"])
        .args(options)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out, all)
}

#[test]
fn a_unit_column_converts_exactly_and_the_conversion_is_reported() {
    let site = site();
    let (out, said) = import(
        site.path(),
        "code,unit,value,year,source\nEC-ICT-ICT-3C,per 1 000 inhabitants,954,2020,census\nEN-EN-WS-1C,share,0.0123,2020,census\nEN-EN-WS-3C,per cent,0.5,2020,census\n",
        &[],
    );
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains(
            "row 2, EC-ICT-ICT-3C: 954 per 1 000 inhabitants → 95,400 per 100 000 inhabitants"
        ),
        "{said}"
    );
    assert!(
        said.contains("sheet.csv:3:1: warning: row 3: 0.0123 share → 1.23 %"),
        "{said}"
    );
    let after = std::fs::read_to_string(city(site.path())).unwrap();
    assert!(
        after.contains("\"EC: ICT: ICT: 3C\" = { value = 95400,"),
        "{after}"
    );
    assert!(
        after.contains("\"EN: EN: WS: 1C\" = { value = 1.23,"),
        "{after}"
    );
    // "per cent" is the catalog's "%": 0.5 stays 0.5 %, whatever a guess would say.
    assert!(
        after.contains("\"EN: EN: WS: 3C\" = { value = 0.5,"),
        "{after}"
    );
}

#[test]
fn a_unit_that_does_not_convert_is_refused_with_its_row() {
    let site = site();
    let before = std::fs::read_to_string(city(site.path())).unwrap();
    let (out, said) = import(
        site.path(),
        "code,unit,value\nEN-EN-WS-1C,%,98\nEN-EN-WS-3C,km,5\n",
        &[],
    );
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(
        said.contains("sheet.csv:3:1: error: row 3, column unit: the unit \"km\" is not %"),
        "{said}"
    );
    assert_eq!(std::fs::read_to_string(city(site.path())).unwrap(), before);
}

#[test]
fn an_ambiguous_number_is_refused_until_an_option_settles_it() {
    let sheet =
        "code;value;year;source\nEC-ICT-ICT-3C;811,570;2020;census\nEN-EN-WS-1C;98,5;2020;census\n";
    let site = site();
    let (out, said) = import(site.path(), sheet, &[]);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(
        said.contains("\"811,570\" could be 811.57 or 811570")
            && said.contains("--decimal-comma")
            && said.contains("--thousands-comma"),
        "{said}"
    );
    let (out, said) = import(site.path(), sheet, &["--decimal-comma"]);
    assert!(out.status.success(), "{said}");
    let after = std::fs::read_to_string(city(site.path())).unwrap();
    assert!(after.contains("value = 811.570"), "{after}");
    // With commas as thousands separators, 98,5 no longer reads: refused, not guessed.
    let (out, said) = import(site.path(), sheet, &["--thousands-comma"]);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(
        said.contains("\"98,5\" does not fit --thousands-comma"),
        "{said}"
    );
    let (out, said) = import(
        site.path(),
        "code;value;year;source\nEC-ICT-ICT-3C;811,570;2020;census\n",
        &["--thousands-comma"],
    );
    assert!(out.status.success(), "{said}");
    let after = std::fs::read_to_string(city(site.path())).unwrap();
    assert!(after.contains("value = 811570"), "{after}");
    let (out, said) = import(
        site.path(),
        sheet,
        &["--decimal-comma", "--thousands-comma"],
    );
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(said.contains("cannot be used with"), "{said}");
}

#[test]
fn open_data_rows_are_recognised_by_their_unit_also_in_xlsx() {
    let row = |point: &str, unit: &str, value: &str| Row {
        code: "EC: ICT: PS: 1A".into(),
        data_point: point.into(),
        unit: unit.into(),
        value: value.into(),
        year: "2020".into(),
        source: "census".into(),
        ..Row::default()
    };
    let site = site();
    let sheet = site.path().join("open-data.xlsx");
    export::write_xlsx(
        &[row("", "data sets", "120"), row("availability", "%", "45")],
        &sheet,
    )
    .unwrap();
    let (out, said) = import_file(site.path(), &sheet, &[]);
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains("no data point, so the unit \"data sets\" decides: data point number"),
        "{said}"
    );
    let after = std::fs::read_to_string(city(site.path())).unwrap();
    assert!(after.contains("number = 120"), "{after}");
    assert!(after.contains("percent = 45"), "{after}");
}
