//! Many warnings of one kind: the real binary on a generated site of twelve cities that each
//! leave core KPIs unreported. Without `--verbose` the report shows five and counts the rest;
//! with it, all twelve and the list of codes. `base_url` on this computer is warned about
//! unless `--base-url` replaces it.

use std::fs;
use std::path::Path;
use std::process::Output;

use cityprofiles::config::BaseUrl;
use cityprofiles::diagnostics::WarningKind;
use cityprofiles::site::{BuildOptions, build_in_memory};

const CITIES: usize = 12;

/// A site whose every city reports five KPIs of an evaluation said to be complete.
fn site(dir: &Path, base_url: &str) {
    fs::write(
        dir.join("site.toml"),
        format!("title = \"Many warnings\"\nbase_url = \"{base_url}\"\n"),
    )
    .unwrap();
    for i in 1..=CITIES {
        let city = dir.join(format!("content/cities/town-{i:02}"));
        fs::create_dir_all(&city).unwrap();
        fs::write(
            city.join("city.toml"),
            format!(
                r#"name = "Town {i:02}"
country = "Testland"
population = 1000
evaluation = {{ kind = "Test evaluation", published = "2021-03", data_year = 2020 }}
sources = [{{ id = "r", title = "Test report", url = "https://example.org/report" }}]

[values]
"EC: ICT: ICT: 2C" = {{ value = 57.0, source = "r" }}
"EN: EN: WS: 4C" = {{ primary = 100, secondary = 50, tertiary = 10 }}
"SC: SH: SA: 3A" = "yes"
"SC: EH: H: 1C" = {{ series = {{ 2016 = 80.1, 2020 = 81.5 }} }}
"EC: ICT: ICT: 1C" = {{ numerator = 412, denominator = 520 }}
"#
            ),
        )
        .unwrap();
        fs::write(city.join("index.md"), "## Key findings\n\nSome.\n").unwrap();
    }
}

fn run(root: &Path, args: &[&str]) -> (Option<i32>, String) {
    let out: Output = std::process::Command::new(env!("CARGO_BIN_EXE_cityprofiles"))
        .arg("--root")
        .arg(root)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn count(text: &str, needle: &str) -> usize {
    text.matches(needle).count()
}

const MORE: &str =
    "… and 7 more warnings of this kind (cities missing core KPIs; run with --verbose to see all)";

#[test]
fn many_warnings_of_one_kind_are_shortened_and_counted_unless_verbose() {
    let tmp = tempfile::tempdir().unwrap();
    site(tmp.path(), "https://example.org/");

    let (code, err) = run(tmp.path(), &["--message-format", "short", "check"]);
    assert_eq!(code, Some(0), "{err}");
    let shown: Vec<&str> = err
        .lines()
        .filter(|l| l.contains(": warning: Town "))
        .collect();
    assert_eq!(shown.len(), 5, "{err}");
    // The first five in file order, each at the line of `evaluation`.
    for (i, l) in shown.iter().enumerate() {
        let n = i + 1;
        assert!(
            l.starts_with(&format!(
                "content/cities/town-{n:02}/city.toml:4:1: warning: Town {n:02}: 51 of 55 core KPIs not reported (help: run with --verbose for the list"
            )),
            "{l}"
        );
        assert!(!l.contains("EC: ICT: ICT: 3C"), "{l}");
    }
    assert!(err.contains(&format!("{MORE}\n")), "{err}");
    assert!(
        err.contains("0 errors, 12 warnings in 12 files\nwarnings: 12 cities missing core KPIs\n"),
        "{err}"
    );

    let (code, err) = run(tmp.path(), &["--message-format", "short", "check", "-v"]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(count(&err, ": warning: Town "), CITIES, "{err}");
    assert_eq!(
        count(&err, "not reported: EC: ICT: ICT: 3C,"),
        CITIES,
        "{err}"
    );
    assert!(!err.contains("more warnings of this kind"), "{err}");
    assert!(
        err.contains("warnings: 12 cities missing core KPIs\n"),
        "{err}"
    );
}

#[test]
fn build_shortens_in_every_message_format() {
    let tmp = tempfile::tempdir().unwrap();
    site(tmp.path(), "https://example.org/");
    let out = tmp.path().join("out");
    let out = out.to_str().unwrap();

    let (code, err) = run(tmp.path(), &["build", "-o", out]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(count(&err, "warning: Town "), 5, "{err}");
    assert!(err.contains(&format!("{MORE}\n")), "{err}");
    assert!(
        err.contains("warnings: 12 cities missing core KPIs\n"),
        "{err}"
    );

    let (code, err) = run(
        tmp.path(),
        &["--message-format", "github", "build", "-o", out],
    );
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        count(&err, "::warning file=content/cities/town-"),
        5,
        "{err}"
    );
    assert!(err.contains(&format!("::notice::{MORE}\n")), "{err}");

    let (code, err) = run(tmp.path(), &["build", "--verbose", "-o", out]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(count(&err, "warning: Town "), CITIES, "{err}");
}

#[test]
fn a_loopback_base_url_is_warned_about_at_its_line_unless_base_url_is_passed() {
    let tmp = tempfile::tempdir().unwrap();
    site(tmp.path(), "http://localhost:1111/");
    let out = tmp.path().join("out");
    let out = out.to_str().unwrap();

    let (code, err) = run(
        tmp.path(),
        &["--message-format", "short", "build", "-o", out],
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("site.toml:2:1: warning: base_url http://localhost:1111/ is on this computer"),
        "{err}"
    );
    assert!(
        err.contains("warnings: 12 cities missing core KPIs, 1 loopback base_url\n"),
        "{err}"
    );

    let (code, err) = run(
        tmp.path(),
        &[
            "--message-format",
            "short",
            "build",
            "-o",
            out,
            "--base-url",
            "https://example.org/x/",
        ],
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(!err.contains("base_url"), "{err}");

    // The dev server always passes its own address, which is rightly on this computer.
    let built = build_in_memory(&BuildOptions {
        root: tmp.path().to_path_buf(),
        base_url: Some(BaseUrl::parse("http://127.0.0.1:1111/").unwrap()),
        ..BuildOptions::default()
    })
    .unwrap();
    assert!(
        !built
            .warnings
            .iter()
            .any(|d| d.kind == WarningKind::LoopbackBaseUrl),
        "{:?}",
        built.warnings
    );
}
