//! The synthetic site generator (`examples/synth.rs`) at a tiny size: its output builds, and it
//! is deterministic for a seed.

#[path = "../examples/synth.rs"]
#[allow(dead_code)]
mod synth;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// Every file under `dir`, by relative path.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.unwrap();
        if e.file_type().is_file() {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            out.insert(rel, std::fs::read(e.path()).unwrap());
        }
    }
    out
}

#[test]
fn synthetic_site_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    synth::generate(5, 2, 7, &site).unwrap();
    let public = tmp.path().join("public");
    let out = Command::new(env!("CARGO_BIN_EXE_cityprofiles"))
        .arg("--root")
        .arg(&site)
        .arg("build")
        .arg("-o")
        .arg(&public)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "build failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cities: Vec<_> = std::fs::read_dir(site.join("content/cities"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(cities.len(), 5);
    for slug in &cities {
        let page = public.join("cities").join(slug).join("index.html");
        assert!(page.is_file(), "no page for {slug}");
    }
}

#[test]
fn same_seed_same_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, c) = (
        tmp.path().join("a"),
        tmp.path().join("b"),
        tmp.path().join("c"),
    );
    synth::generate(5, 2, 7, &a).unwrap();
    synth::generate(5, 2, 7, &b).unwrap();
    synth::generate(5, 2, 8, &c).unwrap();
    let (fa, fb, fc) = (files(&a), files(&b), files(&c));
    assert_eq!(fa.len(), 5 * 2 + 2);
    assert!(fa == fb, "two runs with the same seed differ");
    assert!(fa != fc, "a different seed gives the same site");
}
