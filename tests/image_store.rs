//! The images kept between builds in `.cache/cityprofiles/images`: a build reads back what an
//! earlier build drew, the site is the same with or without them, and `build` prunes the ones
//! the site no longer uses.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

mod common;

/// A copy of the example site (content and settings).
fn example() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    common::copy_dir(&repo.join("content"), &tmp.path().join("content"));
    std::fs::copy(repo.join("site.toml"), tmp.path().join("site.toml")).unwrap();
    tmp
}

/// Builds `root` into `out` with `args`; returns stderr (fails the test on failure).
fn build(root: &Path, out: &Path, args: &[&str]) -> String {
    common::build_into(root, out, args)
}

/// Every file below `dir` by relative path, with its bytes.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_path_buf();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// The site's output files that differ between two builds.
fn differing(a: &BTreeMap<PathBuf, Vec<u8>>, b: &BTreeMap<PathBuf, Vec<u8>>) -> Vec<PathBuf> {
    let paths: BTreeSet<&PathBuf> = a.keys().chain(b.keys()).collect();
    paths
        .into_iter()
        .filter(|p| a.get(*p) != b.get(*p))
        .cloned()
        .collect()
}

#[test]
fn images_are_read_back_the_site_is_the_same_and_unused_ones_are_pruned() {
    let site = example();
    let root = site.path();
    let store = root.join(".cache/cityprofiles/images");
    let tmp = tempfile::tempdir().unwrap();

    // First build: draws every image and keeps each distinct one once.
    let log = build(root, &tmp.path().join("a"), &[]);
    let cold = files(&tmp.path().join("a"));
    let pngs: BTreeSet<&Vec<u8>> = cold
        .iter()
        .filter(|(p, _)| p.extension().is_some_and(|e| e == "png"))
        .map(|(_, b)| b)
        .collect();
    assert!(pngs.len() > 100, "{} distinct PNGs", pngs.len());
    let kept = files(&store);
    assert_eq!(
        kept.values().collect::<BTreeSet<_>>(),
        pngs,
        "the store holds exactly the site's images"
    );
    assert!(
        log.contains(&format!("Images: {} drawn, 0 reused", kept.len())),
        "{log}"
    );

    // Without the store: the same site, and the store neither read nor written.
    let log = build(root, &tmp.path().join("b"), &["--no-cache"]);
    assert_eq!(
        differing(&cold, &files(&tmp.path().join("b"))),
        Vec::<PathBuf>::new()
    );
    assert!(!log.contains("Images:"), "{log}");
    assert!(files(&store) == kept, "the store changed");

    // A card as the store holds it is what the next build publishes: proof it was read back.
    let card = PathBuf::from("charts/cities/alesund-card.png");
    let (card_entry, _) = kept.iter().find(|(_, b)| **b == cold[&card]).unwrap();
    let other = kept.values().find(|b| **b != cold[&card]).unwrap();
    std::fs::write(store.join(card_entry), other).unwrap();
    // An image no build uses any more, and a file that is not the store's.
    let unused = store.join(format!("{}.png", "0".repeat(32)));
    std::fs::write(&unused, &cold[&card]).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&unused)
        .unwrap()
        .set_modified(SystemTime::now() - Duration::from_secs(3600))
        .unwrap();
    std::fs::write(store.join("notes.txt"), "mine").unwrap();
    let log = build(root, &tmp.path().join("c"), &[]);
    let warm = files(&tmp.path().join("c"));
    assert_eq!(differing(&cold, &warm), vec![card.clone()]);
    assert_eq!(&warm[&card], other);
    assert!(
        log.contains(&format!("Images: 0 drawn, {} reused", kept.len())),
        "{log}"
    );
    assert!(
        log.contains("Images: removed 1 that this build did not use"),
        "{log}"
    );
    assert!(!unused.exists(), "pruned");
    assert!(
        store.join("notes.txt").exists(),
        "someone else's file is left alone"
    );

    // A damaged image is drawn again, and the site is the first build's once more.
    std::fs::write(store.join(card_entry), &cold[&card][..100]).unwrap();
    let log = build(root, &tmp.path().join("d"), &[]);
    assert_eq!(
        differing(&cold, &files(&tmp.path().join("d"))),
        Vec::<PathBuf>::new()
    );
    assert!(log.contains("Images: 1 drawn"), "{log}");
    assert_eq!(std::fs::read(store.join(card_entry)).unwrap(), cold[&card]);
}

#[test]
fn a_failed_build_keeps_every_image() {
    let site = example();
    let root = site.path();
    let store = root.join(".cache/cityprofiles/images");
    let tmp = tempfile::tempdir().unwrap();
    build(root, &tmp.path().join("a"), &[]);
    let kept = files(&store);
    // A city file that cannot be read fails the build before any image is drawn.
    let city = walkdir::WalkDir::new(root.join("content/cities"))
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .find(|p| p.file_name().is_some_and(|n| n == "city.toml"))
        .unwrap();
    std::fs::write(&city, "this is = not [ toml").unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_cityprofiles"))
        .arg("--root")
        .arg(root)
        .arg("build")
        .arg("-o")
        .arg(tmp.path().join("b"))
        .output()
        .unwrap();
    assert!(!o.status.success());
    // It may have stored images of what it did render; it removed none.
    let after = files(&store);
    let lost: Vec<_> = kept
        .keys()
        .filter(|k| after.get(*k) != kept.get(*k))
        .collect();
    assert!(lost.is_empty(), "removed or changed: {lost:?}");
}
