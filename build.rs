//! Rebuilds the binary when an embedded folder changes (`include_dir!` cannot tell Cargo that
//! a new file appeared in a folder it embeds), and fingerprints what draws the images for the
//! image store: the locked dependencies (resvg), the quantiser, the rasteriser and the fonts
//! decide an image's pixels as much as its SVG does.

use std::hash::{DefaultHasher, Hash, Hasher};

fn main() {
    for dir in ["templates", "static", "i18n", "catalog"] {
        println!("cargo:rerun-if-changed={dir}");
    }
    // A missing path (no lock file in a crate installed from a registry) counts as empty.
    let drawing = [
        "Cargo.lock",
        "crates/palette-png/src",
        "src/render/raster.rs",
        "assets/fonts",
    ];
    let mut h = DefaultHasher::new();
    for path in drawing {
        println!("cargo:rerun-if-changed={path}");
        let mut files = walk(path);
        files.sort();
        for f in files {
            f.to_string_lossy().hash(&mut h);
            std::fs::read(&f).unwrap_or_default().hash(&mut h);
        }
    }
    println!("cargo:rustc-env=CITYPROFILES_DRAWING={:016x}", h.finish());
}

/// `path` if it is a file, else every file below it (none when it is missing).
fn walk(path: &str) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![std::path::PathBuf::from(path)];
    while let Some(d) = todo.pop() {
        if d.is_file() {
            out.push(d);
            continue;
        }
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                todo.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}
