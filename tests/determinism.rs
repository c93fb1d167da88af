//! Determinism: the example site built with one rendering thread, with two, and from a copy of
//! its folder whose files were created in a shuffled order gives the same files with the same
//! bytes. Nothing may depend on thread scheduling or on the order a file system lists a folder.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// What the example site is made of: its settings and the folders a site may have.
const SITE_PARTS: [&str; 6] = [
    "site.toml",
    "content",
    "templates",
    "static",
    "catalog",
    "i18n",
];

/// Builds `root` into `out` with `threads` rayon threads, drawing every image (images kept
/// from the other build would hide a drawing that depends on the thread count).
fn build(root: &Path, out: &Path, threads: &str) {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_cityprofiles"))
        .env("RAYON_NUM_THREADS", threads)
        .arg("--root")
        .arg(root)
        .args(["build", "--no-cache", "-o"])
        .arg(out)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "build of {} with {threads} threads failed:\n{}",
        root.display(),
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Every file below `dir`: its path relative to `dir`, and its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy();
            (rel.replace('\\', "/"), std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// The files of the site's parts, relative to the repository, in sorted order.
fn site_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for part in SITE_PARTS {
        for e in walkdir::WalkDir::new(repo().join(part)) {
            let e = e.unwrap();
            if e.file_type().is_file() {
                files.push(e.path().strip_prefix(repo()).unwrap().to_path_buf());
            }
        }
    }
    files.sort();
    files
}

/// A fixed shuffle (a linear congruential generator driving Fisher–Yates), so that a failure
/// can be reproduced.
fn shuffle<T>(v: &mut [T], mut seed: u64) {
    for i in (1..v.len()).rev() {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        v.swap(i, (seed >> 33) as usize % (i + 1));
    }
}

/// Copies the site's files to `to`, creating them (and so their folders) in shuffled order.
fn shuffled_copy(to: &Path) {
    let mut files = site_files();
    let sorted = files.clone();
    shuffle(&mut files, 25);
    assert_ne!(files, sorted, "the shuffle left the order as it was");
    for f in files {
        let dest = to.join(&f);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(repo().join(&f), dest).unwrap();
    }
}

/// A folder where a listing follows the order entries were created in, when there is one:
/// tmpfs lists the newest entry first, while ext4 lists by hash whatever the creation order.
fn creation_ordered_tempdir() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    if shm.is_dir()
        && let Ok(t) = tempfile::tempdir_in(shm)
    {
        return t;
    }
    tempfile::tempdir().unwrap()
}

/// What differs between two builds: the files only one has and those whose bytes differ.
fn differences(
    what: &str,
    a: &BTreeMap<String, Vec<u8>>,
    b: &BTreeMap<String, Vec<u8>>,
) -> Option<String> {
    let only_a: Vec<&String> = a.keys().filter(|k| !b.contains_key(*k)).collect();
    let only_b: Vec<&String> = b.keys().filter(|k| !a.contains_key(*k)).collect();
    if !only_a.is_empty() || !only_b.is_empty() {
        return Some(format!(
            "{what}: files of one build only: {only_a:?} / {only_b:?}"
        ));
    }
    let differ: Vec<&String> = a.keys().filter(|k| a[*k] != b[*k]).collect();
    (!differ.is_empty()).then(|| {
        format!(
            "{what}: {} files differ, among them {:?}",
            differ.len(),
            &differ[..differ.len().min(10)]
        )
    })
}

#[test]
fn thread_count_and_folder_order_do_not_change_a_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let one = tmp.path().join("one-thread");
    build(&repo(), &one, "1");
    let one = tree(&one);
    // The whole site: every language's home page, profiles and downloads.
    assert!(one.len() > 500, "only {} files", one.len());
    for f in [
        "index.html",
        "fr/cities/alesund/index.html",
        "data/values.csv",
    ] {
        assert!(one.contains_key(f), "{f} missing");
    }

    let two = tmp.path().join("two-threads");
    build(&repo(), &two, "2");
    let threads = differences("1 and 2 threads", &one, &tree(&two));

    let copy = creation_ordered_tempdir();
    let site = copy.path().join("site");
    shuffled_copy(&site);
    let out = tmp.path().join("shuffled");
    build(&site, &out, "2");
    let order = differences("a copy created in shuffled order", &one, &tree(&out));
    let problems: Vec<String> = [threads, order].into_iter().flatten().collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
