//! The images drawn by earlier builds, kept on disk so a build draws only what changed.
//!
//! Drawing a PNG (resvg, quantising, deflate) costs milliseconds each, and a site has one card
//! per city and two images per indicator: at 1,000 cities that is most of the build. Every
//! image is a pure function of its SVG and how it is drawn, so the PNG is stored under a
//! 128-bit hash of both, with the program's version and a fingerprint of the code that draws
//! (made by `build.rs` from the lock file, the quantiser, the rasteriser and the fonts). A
//! build reads an image back instead of drawing it when the key matches; a changed card has
//! another key and is drawn anew. Like Hugo's `resources/_gen`, the folder can be kept between
//! CI runs (the Pages workflow of `init` does) and deleted at any time.
//!
//! Files are written under a temporary name and renamed, so a reader never sees half a file;
//! an unreadable or truncated file is drawn again. `build` removes, after it succeeded, the
//! images no build since its start used (the cache holds the current site's images only).

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

use crate::render::raster::ImageCache;

/// Where a site keeps its images, relative to its folder.
pub const DEFAULT_DIR: &str = ".cache/cityprofiles/images";

/// The eight bytes every PNG starts with.
const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
/// The last chunk of every complete PNG: length 0, `IEND`, its CRC.
const PNG_END: &[u8] = b"\0\0\0\0IEND\xaeB`\x82";

/// A temporary file older than this at the start of a build belongs to a build that died.
const STALE_TEMPORARY: Duration = Duration::from_secs(600);
/// Files carry coarser times than the clock (a kernel tick; two seconds on FAT): a file
/// written just after a build started may look older. Only files older by this are removed.
const CLOCK_SLACK: Duration = Duration::from_secs(2);

/// The images of earlier builds in one folder, and what this build used of them.
#[derive(Debug)]
pub struct ImageStore {
    dir: PathBuf,
    // Files are compared with this when unused ones are removed: a file written after it
    // belongs to a build running beside this one.
    started: SystemTime,
    used: Mutex<HashSet<String>>,
    read: AtomicUsize,
    drawn: AtomicUsize,
    temporaries: AtomicUsize,
    // The first failure to store an image (the build goes on, drawing every image).
    write_error: Mutex<Option<String>>,
}

impl ImageStore {
    /// A store in `dir` (created when the first image is stored).
    pub fn new(dir: PathBuf) -> Self {
        Self {
            dir,
            started: SystemTime::now(),
            used: Mutex::default(),
            read: AtomicUsize::new(0),
            drawn: AtomicUsize::new(0),
            temporaries: AtomicUsize::new(0),
            write_error: Mutex::default(),
        }
    }

    /// The store of the site in `root`, in [`DEFAULT_DIR`].
    pub fn for_site(root: &Path) -> Self {
        Self::new(root.join(DEFAULT_DIR))
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The PNG drawn by `draw` from `svg` as `recipe` says (what besides the SVG decides the
    /// pixels, e.g. `chart@2`), read back from the store when an earlier build drew it.
    pub fn get_or_draw(
        &self,
        recipe: &str,
        svg: &str,
        draw: impl FnOnce() -> Option<Vec<u8>>,
    ) -> Option<Vec<u8>> {
        let name = file_name(recipe, svg);
        let path = self.dir.join(&name);
        if let Ok(mut used) = self.used.lock() {
            used.insert(name.clone());
        }
        if let Ok(bytes) = fs::read(&path)
            && is_complete_png(&bytes)
        {
            self.read.fetch_add(1, Ordering::Relaxed);
            return Some(bytes);
        }
        let bytes = draw()?;
        self.drawn.fetch_add(1, Ordering::Relaxed);
        if let Err(e) = self.store(&name, &bytes)
            && let Ok(mut first) = self.write_error.lock()
        {
            first.get_or_insert_with(|| format!("{}: {e}", self.dir.display()));
        }
        Some(bytes)
    }

    /// Writes `bytes` as `name` under a temporary name first, so no reader sees half a file.
    fn store(&self, name: &str, bytes: &[u8]) -> io::Result<()> {
        fs::create_dir_all(&self.dir)?;
        let n = self.temporaries.fetch_add(1, Ordering::Relaxed);
        let tmp = self
            .dir
            .join(format!(".{name}.{}-{n}.tmp", std::process::id()));
        fs::write(&tmp, bytes)
            .and_then(|()| fs::rename(&tmp, self.dir.join(name)))
            .inspect_err(|_| {
                let _ = fs::remove_file(&tmp);
            })
    }

    /// How many images were read from the store and how many were drawn.
    pub fn counts(&self) -> (usize, usize) {
        (
            self.read.load(Ordering::Relaxed),
            self.drawn.load(Ordering::Relaxed),
        )
    }

    /// Why images could not be stored, if they could not.
    pub fn write_error(&self) -> Option<String> {
        self.write_error.lock().ok().and_then(|e| e.clone())
    }

    /// Removes the images this build did not use that are older than its start, and the
    /// temporary files of builds that died; returns how many images were removed. Other files
    /// in the folder are left alone.
    pub fn remove_unused(&self) -> io::Result<usize> {
        let entries = match fs::read_dir(&self.dir) {
            Ok(e) => e,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(0),
            Err(e) => return Err(e),
        };
        let used = self
            .used
            .lock()
            .map_err(|_| io::Error::other("image store poisoned"))?;
        let stale_temporary = self.started.checked_sub(STALE_TEMPORARY);
        let before_start = self.started.checked_sub(CLOCK_SLACK);
        let mut removed = 0;
        for entry in entries {
            let entry = entry?;
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            let modified = entry.metadata().and_then(|m| m.modified()).ok();
            let older_than =
                |t: Option<SystemTime>| matches!((modified, t), (Some(m), Some(t)) if m < t);
            if is_image_name(name) {
                if !used.contains(name) && older_than(before_start) {
                    fs::remove_file(entry.path())?;
                    removed += 1;
                }
            } else if name.starts_with('.') && name.ends_with(".tmp") && older_than(stale_temporary)
            {
                let _ = fs::remove_file(entry.path());
            }
        }
        Ok(removed)
    }
}

impl ImageCache for ImageStore {
    fn get_or_draw(
        &self,
        recipe: &str,
        svg: &str,
        draw: &mut dyn FnMut() -> Option<Vec<u8>>,
    ) -> Option<Vec<u8>> {
        ImageStore::get_or_draw(self, recipe, svg, draw)
    }
}

/// The file an image is stored as: the hash of everything its pixels depend on.
fn file_name(recipe: &str, svg: &str) -> String {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for part in [
        env!("CARGO_PKG_VERSION"),
        env!("CITYPROFILES_DRAWING"),
        recipe,
        svg,
    ] {
        h.update(&(part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    format!("{:032x}.png", h.digest128())
}

/// Whether `name` is one of the store's images (32 hex digits and `.png`).
fn is_image_name(name: &str) -> bool {
    name.strip_suffix(".png")
        .is_some_and(|h| h.len() == 32 && h.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Whether `bytes` start and end like a whole PNG (a file cut short by a crash does not).
fn is_complete_png(bytes: &[u8]) -> bool {
    bytes.len() > PNG_SIGNATURE.len() + PNG_END.len()
        && bytes.starts_with(PNG_SIGNATURE)
        && bytes.ends_with(PNG_END)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    /// A PNG-shaped byte string (the store checks only the start and the end).
    fn png(body: &[u8]) -> Vec<u8> {
        [PNG_SIGNATURE, body, PNG_END].concat()
    }

    #[test]
    fn a_stored_image_is_read_back_instead_of_drawn() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("images");
        let first = ImageStore::new(dir.clone());
        let drawn = Cell::new(0);
        let draw = || {
            drawn.set(drawn.get() + 1);
            Some(png(b"card"))
        };
        assert_eq!(
            first.get_or_draw("card", "<svg/>", draw),
            Some(png(b"card"))
        );
        assert_eq!(first.counts(), (0, 1));
        let second = ImageStore::new(dir.clone());
        assert_eq!(
            second.get_or_draw("card", "<svg/>", draw),
            Some(png(b"card"))
        );
        assert_eq!(
            (second.counts(), drawn.get()),
            ((1, 0), 1),
            "read, not drawn"
        );
        // Another SVG or another recipe is another image.
        second.get_or_draw("card", "<svg></svg>", draw);
        second.get_or_draw("chart@2", "<svg/>", draw);
        assert_eq!((second.counts(), drawn.get()), ((1, 2), 3));
        let names: Vec<_> = fs::read_dir(&dir).unwrap().map(|e| e.unwrap()).collect();
        assert_eq!(names.len(), 3, "no temporary file left: {names:?}");
    }

    #[test]
    fn a_truncated_or_foreign_file_is_drawn_again_and_replaced() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("images");
        let store = ImageStore::new(dir.clone());
        store.get_or_draw("card", "<svg/>", || Some(png(b"good")));
        let path = dir.join(file_name("card", "<svg/>"));
        let whole = fs::read(&path).unwrap();
        for broken in [&whole[..whole.len() - 1], b"", b"not a png at all"] {
            fs::write(&path, broken).unwrap();
            let again = ImageStore::new(dir.clone());
            assert_eq!(
                again.get_or_draw("card", "<svg/>", || Some(png(b"good"))),
                Some(png(b"good"))
            );
            assert_eq!(again.counts(), (0, 1), "drawn again after {broken:?}");
            assert_eq!(fs::read(&path).unwrap(), whole, "and stored whole");
        }
    }

    #[test]
    fn unused_images_older_than_the_build_are_removed_and_nothing_else() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("images");
        let old = ImageStore::new(dir.clone());
        old.get_or_draw("card", "kept", || Some(png(b"1")));
        old.get_or_draw("card", "gone", || Some(png(b"2")));
        fs::write(dir.join("notes.txt"), "mine").unwrap();
        fs::write(dir.join(".x.png.1-1.tmp"), "a build running beside").unwrap();
        fs::write(dir.join(".y.png.2-1.tmp"), "left by a build that died").unwrap();
        let hour_ago = SystemTime::now() - Duration::from_secs(3600);
        for old in [
            file_name("card", "kept"),
            file_name("card", "gone"),
            ".y.png.2-1.tmp".to_string(),
        ] {
            let f = fs::File::options().write(true).open(dir.join(old)).unwrap();
            f.set_modified(hour_ago).unwrap();
        }
        let build = ImageStore::new(dir.clone());
        build.get_or_draw("card", "kept", || None);
        // Written after this build started, as by a build running beside it: kept.
        ImageStore::new(dir.clone()).get_or_draw("card", "beside", || Some(png(b"3")));
        assert_eq!(build.remove_unused().unwrap(), 1);
        let mut left: Vec<String> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        let mut want = vec![
            file_name("card", "kept"),
            file_name("card", "beside"),
            "notes.txt".to_string(),
            ".x.png.1-1.tmp".to_string(),
        ];
        want.sort();
        assert_eq!(left, want);
    }

    #[test]
    fn an_unwritable_store_still_gives_every_image_and_says_why() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("images");
        fs::write(&dir, "a file where the folder should be").unwrap();
        let store = ImageStore::new(dir.clone());
        assert_eq!(
            store.get_or_draw("card", "<svg/>", || Some(png(b"a"))),
            Some(png(b"a"))
        );
        assert_eq!(
            store.get_or_draw("card", "<svg/>", || Some(png(b"a"))),
            Some(png(b"a"))
        );
        assert_eq!(store.counts(), (0, 2));
        assert!(
            store
                .write_error()
                .is_some_and(|e| e.contains(&*dir.to_string_lossy()))
        );
        assert_eq!(
            store.remove_unused().ok(),
            None,
            "reading a file as a folder fails"
        );
    }

    #[test]
    fn image_names_are_hashes() {
        assert!(is_image_name(&file_name("card", "<svg/>")));
        assert!(!is_image_name("notes.png"));
        assert!(!is_image_name(&format!("{}.png", "g".repeat(32))));
    }
}
