//! A build killed outright (SIGKILL, a CI runner out of time) cannot clean up after itself: its
//! staging folder stays beside the output. The next build removes it, keeps the folders of
//! builds still running, and the output is never touched before it is replaced.
//!
//! The killed build is a 400-city site: in a debug build its pages start about half-way
//! through, which leaves seconds to run another build beside it and to kill it.

#[path = "../examples/synth.rs"]
#[allow(dead_code)]
mod synth;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Long enough for a debug build on a loaded machine; the tests poll, so a fast machine does
/// not wait for it.
const PATIENCE: Duration = Duration::from_secs(600);

/// Every file under `dir`, by relative path.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.unwrap();
        if e.file_type().is_file() {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy();
            out.insert(rel.into_owned(), fs::read(e.path()).unwrap());
        }
    }
    out
}

/// Every path under `dir`, folders included.
fn paths(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .collect()
}

/// Names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    v.sort();
    v
}

fn command(site: &Path, public: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_cityprofiles"));
    c.arg("--root").arg(site).arg("build").arg("-o").arg(public);
    c
}

/// Runs a build to the end and fails the test if it fails; returns its output.
fn build(site: &Path, public: &Path) -> Output {
    let out = command(site, public).output().unwrap();
    assert!(
        out.status.success(),
        "build failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Waits until `ready` holds, failing the test if `child` ends first or time runs out.
fn wait_while_running(child: &mut Child, what: &str, ready: impl Fn() -> bool) {
    let start = Instant::now();
    while !ready() {
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the build ended ({status}) before {what}; make the test site bigger");
        }
        assert!(start.elapsed() < PATIENCE, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(5));
    }
}

struct Sites {
    _tmp: tempfile::TempDir,
    small: PathBuf,
    big: PathBuf,
    out: PathBuf,
    public: PathBuf,
}

fn sites(big_cities: usize) -> Sites {
    let tmp = tempfile::tempdir().unwrap();
    let small = tmp.path().join("small");
    synth::generate(3, 1, 7, &small).unwrap();
    let big = tmp.path().join("big");
    if big_cities > 0 {
        synth::generate(big_cities, 3, 8, &big).unwrap();
    }
    // The output's parent holds nothing else, so any leftover shows in its listing.
    let out = tmp.path().join("out");
    fs::create_dir(&out).unwrap();
    let public = out.join("public");
    Sites {
        _tmp: tmp,
        small,
        big,
        out,
        public,
    }
}

#[test]
fn the_next_build_removes_what_a_killed_build_left() {
    let s = sites(400);
    build(&s.small, &s.public);
    let good = files(&s.public);
    assert!(good.contains_key("index.html"));

    let mut child = command(&s.big, &s.public)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let staging = s.out.join(format!(".public.tmp-{}", child.id()));
    let lock = s.out.join(format!(".public.tmp-{}.lock", child.id()));
    // Killed once pages are being written, so the leftover holds files of a half build.
    wait_while_running(&mut child, "the staging folder had pages", || {
        staging.join("cities").is_dir()
    });
    // Another build of the same output meanwhile must not take the running build's folder
    // (which the running build would partly make again as it goes on: hence the list).
    let written = paths(&staging);
    let beside = build(&s.small, &s.public);
    assert!(
        child.try_wait().unwrap().is_none(),
        "the big build ended while the small one ran; make the test site bigger"
    );
    let gone: Vec<&PathBuf> = written.iter().filter(|p| !p.exists()).collect();
    assert!(
        gone.is_empty() && lock.is_file(),
        "a build removed files of a running build ({} of {}, lock file kept: {}):\n{}",
        gone.len(),
        written.len(),
        lock.is_file(),
        String::from_utf8_lossy(&beside.stderr)
    );
    child.kill().unwrap();
    let status = child.wait().unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(status.signal(), Some(9), "{status}");
    }
    #[cfg(not(unix))]
    assert!(!status.success());

    assert!(staging.is_dir(), "the killed build left no staging folder");
    assert!(lock.is_file(), "the killed build left no lock file");
    assert!(!files(&staging).is_empty());
    assert!(
        files(&s.public) == good,
        "the killed build changed the previous output"
    );

    let third = build(&s.small, &s.public);
    let said = String::from_utf8_lossy(&third.stderr);
    assert!(
        said.contains("Removed what interrupted builds left beside the output")
            && said.contains(&format!(".public.tmp-{}", child.id()))
            && said.contains("MB freed"),
        "{said}"
    );
    assert_eq!(names(&s.out), ["public"], "leftovers remain");
    assert!(
        files(&s.public) == good,
        "the same site built again differs from the first build"
    );
}

#[test]
fn a_staging_folder_of_a_live_build_stays() {
    let s = sites(0);
    // A build in progress, played by this test: its lock held, its folder half written.
    let pid = std::process::id();
    let staging = s.out.join(format!(".public.tmp-{pid}"));
    let lock_path = s.out.join(format!(".public.tmp-{pid}.lock"));
    fs::create_dir_all(staging.join("cities")).unwrap();
    fs::write(staging.join("cities/page.html"), "being written").unwrap();
    let lock = fs::File::create(&lock_path).unwrap();
    lock.lock().unwrap();

    let first = build(&s.small, &s.public);
    let said = String::from_utf8_lossy(&first.stderr);
    assert!(!said.contains("Removed"), "{said}");
    assert_eq!(
        fs::read_to_string(staging.join("cities/page.html")).unwrap(),
        "being written"
    );
    assert_eq!(
        names(&s.out),
        [
            format!(".public.tmp-{pid}"),
            format!(".public.tmp-{pid}.lock"),
            "public".to_string()
        ]
    );

    // The holder dies: its lock goes with it, its files stay.
    drop(lock);
    let second = build(&s.small, &s.public);
    let said = String::from_utf8_lossy(&second.stderr);
    assert!(said.contains(&format!(".public.tmp-{pid}")), "{said}");
    assert_eq!(names(&s.out), ["public"]);
}
