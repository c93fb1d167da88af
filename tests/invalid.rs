//! The corpus of bad-input sites: `tests/fixtures/invalid/<case>/` is a small site with one kind
//! of mistake. `check` runs on each, and its exit code and diagnostics (short format) are
//! compared with the snapshot `tests/snapshots/invalid__<case>.snap`.
//!
//! Adding a case needs no code: create the folder, run
//! `INSTA_UPDATE=always cargo test --test invalid`, and read the new snapshot.
//!
//! A case folder holding a file `import.args` (one command-line argument per line, e.g.
//! `import`, `sheet.csv`, `--city`, `testville`) runs that command instead of `check`, in a copy
//! of the case folder (an import may write the city file), and is snapshotted the same way.
//!
//! Naming convention: a case whose name starts with `warn-` must produce warnings only (exit 0);
//! every other case must produce at least one error (exit 1).
//!
//! Every error line must name `path:line:col`, except the diagnostics listed in
//! [`NO_POSITION`], which have no position in a source file (whole-file or whole-folder
//! problems).

use std::path::{Path, PathBuf};
use std::process::Output;

/// Cases whose errors carry no `line:col`, and why.
const NO_POSITION: &[(&str, &str)] = &[
    // The folder name is the mistake; the diagnostic names the folder's city.toml, no line.
    ("city-duplicate-slug", "folder name"),
    // No file to point into: the folder has no city.toml.
    ("city-folder-without-city-toml", "missing file"),
    // The language is checked after parsing site.toml; the diagnostic names the file only.
    ("site-language-without-strings", "whole file"),
];

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid")
}

/// Every case folder, sorted by name.
fn cases() -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(fixtures())
        .expect("tests/fixtures/invalid exists")
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .collect();
    v.sort();
    v
}

/// Runs `check` on a case with the given message format, or the command of its `import.args`.
fn check(case: &str, format: &str) -> Output {
    let args = std::fs::read_to_string(fixtures().join(case).join("import.args"));
    if let Ok(args) = args {
        return run_args(case, format, &args);
    }
    std::process::Command::new(env!("CARGO_BIN_EXE_cityprofiles"))
        .arg("--root")
        .arg(fixtures().join(case))
        .args(["--message-format", format, "check"])
        // Diagnostics must not depend on where the command is started.
        .current_dir(std::env::temp_dir())
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

/// Runs the arguments of `import.args` in a copy of the case folder, from inside it, so the
/// sheet is named as the user would name it and the fixture is never written.
fn run_args(case: &str, format: &str, args: &str) -> Output {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    copy_dir(&fixtures().join(case), tmp.path());
    std::process::Command::new(env!("CARGO_BIN_EXE_cityprofiles"))
        .args(["--root", ".", "--message-format", format])
        .args(args.lines().map(str::trim).filter(|a| !a.is_empty()))
        .current_dir(tmp.path())
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

fn copy_dir(from: &Path, to: &Path) {
    for e in std::fs::read_dir(from).expect("the case folder reads") {
        let e = e.expect("a folder entry");
        let target = to.join(e.file_name());
        if e.file_type().is_ok_and(|t| t.is_dir()) {
            std::fs::create_dir_all(&target).expect("a folder is created");
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).expect("a file is copied");
        }
    }
}

/// Exit code and stderr, with the fixture's absolute path (should it appear) made neutral, and
/// the page count of "Check passed: 1 cities, 114 pages, ..." replaced by `<n>`, so a new theme
/// page does not change every warning-only snapshot.
fn transcript(case: &str, out: &Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr);
    let abs = fixtures().join(case);
    let stderr = stderr
        .replace(&abs.to_string_lossy().into_owned(), "<case>")
        .replace('\\', "/");
    let stderr: String = stderr
        .split_inclusive('\n')
        .map(|l| {
            if l.starts_with("Check passed:") {
                neutral_page_count(l)
            } else {
                l.to_string()
            }
        })
        .collect();
    format!(
        "exit code: {}\n{}",
        out.status.code().map_or("none".into(), |c| c.to_string()),
        stderr
    )
}

/// "…, 114 pages, …" → "…, <n> pages, …".
fn neutral_page_count(line: &str) -> String {
    let Some(i) = line.find(" pages") else {
        return line.to_string();
    };
    let start = line[..i]
        .rfind(|c: char| !c.is_ascii_digit())
        .map_or(0, |j| j + 1);
    format!("{}<n>{}", &line[..start], &line[i..])
}

/// Diagnostic lines of short-format output (not the summary or the "Check passed" line).
fn diagnostic_lines(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.contains("error: ") || l.contains("warning: "))
        .filter(|l| !is_summary(l))
        .collect()
}

fn is_summary(line: &str) -> bool {
    // "3 errors, 1 warning in 2 files" / "1 error, 0 warnings"
    let first = line.split(' ').next().unwrap_or("");
    !first.is_empty()
        && first.chars().all(|c| c.is_ascii_digit())
        && line.contains(" error")
        && line.contains(" warning")
}

/// Whether a short-format line starts with `path:line:col: `.
fn has_position(line: &str) -> bool {
    let Some((loc, _)) = line.split_once(": ") else {
        return false;
    };
    let mut parts = loc.rsplitn(3, ':');
    let col = parts.next().unwrap_or("");
    let ln = parts.next().unwrap_or("");
    let path = parts.next().unwrap_or("");
    !path.is_empty()
        && !ln.is_empty()
        && !col.is_empty()
        && ln.chars().all(|c| c.is_ascii_digit())
        && col.chars().all(|c| c.is_ascii_digit())
}

#[test]
fn the_corpus_is_large_enough() {
    let cases = cases();
    assert!(cases.len() >= 32, "only {} cases", cases.len());
    for (name, _) in NO_POSITION {
        assert!(
            cases.iter().any(|c| c == name),
            "NO_POSITION names a missing case {name}"
        );
    }
}

#[test]
fn every_case_matches_its_snapshot() {
    let mut failures = Vec::new();
    for case in cases() {
        let out = check(&case, "short");
        let text = transcript(&case, &out);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        let code = out.status.code();
        let lines = diagnostic_lines(&stderr);
        let errors: Vec<&&str> = lines.iter().filter(|l| l.contains("error: ")).collect();
        let warnings: Vec<&&str> = lines.iter().filter(|l| l.contains("warning: ")).collect();

        if case.starts_with("warn-") {
            if code != Some(0) {
                failures.push(format!(
                    "{case}: warning-only case exited with {code:?}\n{stderr}"
                ));
            }
            if !errors.is_empty() || warnings.is_empty() {
                failures.push(format!("{case}: expected warnings and no errors\n{stderr}"));
            }
        } else {
            if code != Some(1) {
                failures.push(format!("{case}: error case exited with {code:?}\n{stderr}"));
            }
            if errors.is_empty() {
                failures.push(format!("{case}: expected at least one error\n{stderr}"));
            }
        }
        let positionless = NO_POSITION.iter().any(|(n, _)| *n == case);
        for l in &errors {
            if !positionless && !has_position(l) {
                failures.push(format!("{case}: error without path:line:col: {l}"));
            }
        }
        if text.contains("panicked") {
            failures.push(format!("{case}: the program panicked\n{stderr}"));
        }

        let command = std::fs::read_to_string(fixtures().join(&case).join("import.args"))
            .map(|a| a.split_whitespace().collect::<Vec<_>>().join(" "))
            .unwrap_or_else(|_| "check".into());
        insta::with_settings!({
            description => format!("cityprofiles --root tests/fixtures/invalid/{case} --message-format short {command}"),
            omit_expression => true,
        }, {
            insta::assert_snapshot!(case.as_str(), text);
        });
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The "done when": one run reports all three mistakes of one file, with their lines.
#[test]
fn three_mistakes_in_one_file_are_reported_at_once_with_their_lines() {
    let out = check("city-three-mistakes", "short");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines = diagnostic_lines(&stderr);
    let file = "content/cities/testville/city.toml";
    assert_eq!(lines.len(), 3, "{stderr}");
    assert!(
        lines[0].starts_with(&format!("{file}:8:20: error: ")),
        "{stderr}"
    );
    assert!(lines[0].contains("percentage"), "{stderr}");
    assert!(
        lines[1].starts_with(&format!("{file}:9:1: error: ")),
        "{stderr}"
    );
    assert!(lines[1].contains("unknown KPI code"), "{stderr}");
    assert!(lines[2].starts_with(&format!("{file}:10:")), "{stderr}");
    assert!(lines[2].contains("not declared"), "{stderr}");
    assert!(
        stderr.contains("3 errors, 0 warnings in 1 file"),
        "{stderr}"
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn three_mistakes_human_format() {
    let out = check("city-three-mistakes", "human");
    insta::with_settings!({
        description => "cityprofiles --root tests/fixtures/invalid/city-three-mistakes check (human format)",
        omit_expression => true,
    }, {
        insta::assert_snapshot!("three_mistakes_human", transcript("city-three-mistakes", &out));
    });
}

#[test]
fn three_mistakes_github_format() {
    let out = check("city-three-mistakes", "github");
    let text = transcript("city-three-mistakes", &out);
    let annotations: Vec<&str> = text.lines().filter(|l| l.starts_with("::error ")).collect();
    assert_eq!(annotations.len(), 3, "{text}");
    for (a, line) in annotations.iter().zip([8, 9, 10]) {
        assert!(
            a.starts_with(&format!(
                "::error file=content/cities/testville/city.toml,line={line},col="
            )),
            "{a}"
        );
    }
    insta::with_settings!({
        description => "cityprofiles --root tests/fixtures/invalid/city-three-mistakes --message-format github check",
        omit_expression => true,
    }, {
        insta::assert_snapshot!("three_mistakes_github", text);
    });
}
