//! Folders that killed builds left beside the output, and the lock that tells them from the
//! folders of builds still running.
//!
//! A build writes into `.<name>.tmp-<pid>` beside the output folder `<name>` and, while it swaps
//! that folder in, briefly keeps the previous output as `.<name>.old-<pid>`. A build killed
//! outright (SIGKILL, a CI runner out of time) cannot remove them, and a 10,000-city staging
//! folder is gigabytes. Pids are reused, so whether the owner still runs is decided by a lock,
//! never by the pid: each build holds an exclusive advisory lock on `.<name>.tmp-<pid>.lock`
//! from before it creates its folders until after it removed them, and the next build removes
//! a leftover only while holding that lock itself. The kernel drops the lock of a killed process.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;

/// How many times a build retries its lock when a cleaner deleted the lock file meanwhile.
const LOCK_ATTEMPTS: usize = 100;

/// The folder beside which a build writes, and the name its leftovers are recognised by.
#[derive(Debug, Clone)]
pub struct Beside {
    /// The output folder's parent.
    pub parent: PathBuf,
    /// The output folder's own name (`public`), as its leftovers are named.
    pub name: String,
    /// The output folder.
    pub out: PathBuf,
}

impl Beside {
    /// Where the staging folders of `out` (an absolute path) go.
    pub fn of(out: &Path) -> Self {
        let parent = out
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        let name = out
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("public")
            .to_string();
        Self {
            parent,
            name,
            out: out.to_path_buf(),
        }
    }

    /// The staging folder of the build with this pid.
    pub fn staging(&self, pid: u32) -> PathBuf {
        self.parent.join(format!(".{}.tmp-{pid}", self.name))
    }

    /// The previous output, while the build with this pid swaps its staging folder in.
    pub fn old(&self, pid: u32) -> PathBuf {
        self.parent.join(format!(".{}.old-{pid}", self.name))
    }

    /// The lock file of the build with this pid.
    pub fn lock(&self, pid: u32) -> PathBuf {
        self.parent.join(format!(".{}.tmp-{pid}.lock", self.name))
    }

    /// The pid in a file name made by [`Beside::staging`], [`Beside::old`] or
    /// [`Beside::lock`] for this output; `None` for any other name.
    fn pid_of(&self, file_name: &str) -> Option<u32> {
        let rest = file_name
            .strip_prefix('.')?
            .strip_prefix(self.name.as_str())?
            .strip_prefix('.')?;
        let digits = rest.strip_prefix("old-").or_else(|| {
            rest.strip_prefix("tmp-")
                .map(|r| r.strip_suffix(".lock").unwrap_or(r))
        })?;
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits.parse().ok()
    }
}

/// An exclusive lock on a build's lock file. Dropping it deletes the file before the lock is
/// released, so whoever takes the lock after that finds the file gone and knows it lost.
#[derive(Debug)]
pub struct BuildLock {
    path: PathBuf,
    file: fs::File,
}

impl BuildLock {
    /// Takes the lock at `path` for this process, waiting while a cleaner holds it.
    pub fn acquire(path: &Path) -> io::Result<Self> {
        for _ in 0..LOCK_ATTEMPTS {
            let file = open_lock_file(path)?;
            file.lock()?;
            // A cleaner may have held the lock and deleted the file while this process
            // waited: the lock is then on a file nobody else will ever open.
            if still_named(&file, path) {
                return Ok(Self {
                    path: path.to_path_buf(),
                    file,
                });
            }
        }
        Err(io::Error::other(format!(
            "could not lock {}: the lock file kept being replaced",
            path.display()
        )))
    }

    /// Takes the lock at `path` if no one holds it; `Ok(None)` while a live build does.
    fn try_acquire(path: &Path) -> io::Result<Option<Self>> {
        match fs::symlink_metadata(path) {
            Ok(m) if !m.file_type().is_file() => {
                return Err(io::Error::other("the lock file is not a plain file"));
            }
            _ => {}
        }
        let file = open_lock_file(path)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => return Ok(None),
            Err(fs::TryLockError::Error(e)) => return Err(e),
        }
        if !still_named(&file, path) {
            // Another cleaner finished with it first; the name now belongs to someone else.
            return Ok(None);
        }
        Ok(Some(Self {
            path: path.to_path_buf(),
            file,
        }))
    }
}

impl Drop for BuildLock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

fn open_lock_file(path: &Path) -> io::Result<fs::File> {
    fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
}

/// Whether `path` still names the open `file`.
#[cfg(unix)]
fn still_named(file: &fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::symlink_metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Whether `path` still names the open `file` (without inode numbers, as far as can be told).
#[cfg(not(unix))]
fn still_named(_file: &fs::File, path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_file())
}

/// What a build found beside its output and did about it.
#[derive(Debug, Default)]
pub struct Cleanup {
    /// Folders removed, with the bytes of the files they held.
    pub removed: Vec<(PathBuf, u64)>,
    /// A previous output put back (from, to) where a build killed mid-swap had left none.
    pub restored: Option<(PathBuf, PathBuf)>,
    /// Folders that could not be removed (or put back), and why.
    pub failed: Vec<(PathBuf, String)>,
    /// Why nothing was looked at: the build could not take its own lock.
    pub skipped: Option<String>,
}

impl Cleanup {
    /// The line saying what was removed, if anything was.
    pub fn info(&self) -> Option<String> {
        let mut lines = Vec::new();
        if !self.removed.is_empty() {
            let bytes: u64 = self.removed.iter().map(|(_, b)| b).sum();
            let names: Vec<String> = self.removed.iter().map(|(p, _)| file_name(p)).collect();
            lines.push(format!(
                "Removed what interrupted builds left beside the output: {} ({:.1} MB freed)",
                names.join(", "),
                bytes as f64 / 1e6
            ));
        }
        if let Some((from, to)) = &self.restored {
            lines.push(format!(
                "Put back {}: an interrupted build had left the previous output as {}",
                to.display(),
                file_name(from)
            ));
        }
        (!lines.is_empty()).then(|| lines.join("\n"))
    }

    /// A warning for each leftover that could not be removed; none of them stops the build.
    pub fn warnings(&self) -> Vec<Diagnostic> {
        let skipped = self.skipped.iter().map(|why| {
            Diagnostic::warning(format!(
                "cannot lock the build's lock file: {why}; folders that interrupted builds left \
                 beside the output were not looked at"
            ))
            .help("the site is built anyway; a folder named like `.public.tmp-1234` beside the output can be deleted by hand while no build is running")
        });
        let failed = self.failed.iter().map(|(p, why)| {
            Diagnostic::warning(format!(
                "cannot remove {} beside the output: {why}",
                p.display()
            ))
            .help("delete it by hand while no build is running; the site is built anyway")
        });
        skipped.chain(failed).collect()
    }
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Removes the staging folders, swapped-out outputs and lock files that earlier builds of the
/// same output left, except those of live builds. The caller holds `own`'s lock, the lock of
/// pid `own_pid`, whose leftovers (of a killed build with the same pid) are removed without it.
/// Only direct entries of the output's parent with exactly these names are touched, and
/// symbolic links are never followed.
pub fn clean(beside: &Beside, own_pid: u32) -> Cleanup {
    let mut cleanup = Cleanup::default();
    let Ok(entries) = fs::read_dir(&beside.parent) else {
        return cleanup;
    };
    let mut pids: Vec<u32> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().to_str().and_then(|n| beside.pid_of(n)))
        .collect();
    pids.sort_unstable();
    pids.dedup();
    for pid in pids {
        if pid == own_pid {
            remove_folders(beside, pid, &mut cleanup);
            continue;
        }
        let lock = match BuildLock::try_acquire(&beside.lock(pid)) {
            Ok(Some(lock)) => lock,
            Ok(None) => continue,
            Err(e) => {
                cleanup.failed.push((beside.staging(pid), e.to_string()));
                continue;
            }
        };
        remove_folders(beside, pid, &mut cleanup);
        drop(lock);
    }
    cleanup
}

/// Removes the staging folder and swapped-out output of `pid`, whose lock the caller holds.
fn remove_folders(beside: &Beside, pid: u32, cleanup: &mut Cleanup) {
    let old = beside.old(pid);
    if is_real_dir(&old) && fs::symlink_metadata(&beside.out).is_err() {
        // Killed between moving the output aside and moving the new one in: the old copy is
        // the only site there is, so it goes back rather than away.
        match fs::rename(&old, &beside.out) {
            Ok(()) => cleanup.restored = Some((old.clone(), beside.out.clone())),
            Err(e) => cleanup.failed.push((old.clone(), e.to_string())),
        }
    }
    for dir in [beside.staging(pid), old] {
        if !is_real_dir(&dir) {
            continue;
        }
        let bytes = size(&dir);
        match fs::remove_dir_all(&dir) {
            Ok(()) => cleanup.removed.push((dir, bytes)),
            Err(e) => cleanup.failed.push((dir, e.to_string())),
        }
    }
}

/// A directory itself, not a link to one.
fn is_real_dir(p: &Path) -> bool {
    fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_dir())
}

/// The bytes of the files under `dir`, links not followed.
fn size(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| !e.file_type().is_dir())
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn beside(dir: &Path) -> Beside {
        Beside::of(&dir.join("public"))
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn recognises_only_its_own_names() {
        let b = Beside::of(Path::new("/site/public"));
        assert_eq!(b.pid_of(".public.tmp-12"), Some(12));
        assert_eq!(b.pid_of(".public.old-12"), Some(12));
        assert_eq!(b.pid_of(".public.tmp-12.lock"), Some(12));
        for other in [
            ".public.tmp-",
            ".public.tmp-12x",
            ".public.tmp-+12",
            ".public.tmp-12.lock.bak",
            ".public.old-12.lock",
            ".publicx.tmp-12",
            "public.tmp-12",
            ".docs.tmp-12",
            ".public.tmp-99999999999",
            "public",
        ] {
            assert_eq!(b.pid_of(other), None, "{other}");
        }
    }

    #[test]
    fn removes_unlocked_leftovers_and_reports_their_size() {
        let dir = tempfile::tempdir().unwrap();
        let b = beside(dir.path());
        fs::create_dir_all(b.staging(7).join("cities/a")).unwrap();
        fs::write(b.staging(7).join("cities/a/index.html"), [0u8; 1000]).unwrap();
        fs::create_dir_all(b.old(8)).unwrap();
        fs::write(b.old(8).join("index.html"), [0u8; 24]).unwrap();
        fs::write(b.lock(9), "").unwrap();
        fs::create_dir_all(dir.path().join("public")).unwrap();
        fs::create_dir_all(dir.path().join(".public.tmp-7x")).unwrap();
        fs::create_dir_all(dir.path().join(".docs.tmp-7")).unwrap();
        let c = clean(&b, 1);
        assert_eq!(
            c.removed,
            vec![(b.staging(7), 1000), (b.old(8), 24)],
            "{c:?}"
        );
        assert!(c.failed.is_empty() && c.restored.is_none());
        assert_eq!(
            names(dir.path()),
            [".docs.tmp-7", ".public.tmp-7x", "public"],
            "lock files go with their folders; other names stay"
        );
        let info = c.info().unwrap();
        assert!(
            info.contains(".public.tmp-7, .public.old-8 (0.0 MB freed)"),
            "{info}"
        );
    }

    #[test]
    fn keeps_the_folders_of_a_build_holding_its_lock() {
        let dir = tempfile::tempdir().unwrap();
        let b = beside(dir.path());
        let held = BuildLock::acquire(&b.lock(5)).unwrap();
        fs::create_dir_all(b.staging(5)).unwrap();
        let c = clean(&b, 1);
        assert!(c.removed.is_empty() && c.failed.is_empty(), "{c:?}");
        assert!(b.staging(5).is_dir() && b.lock(5).is_file());
        drop(held);
        assert!(!b.lock(5).exists(), "the owner deletes its lock file");
        let c = clean(&b, 1);
        assert_eq!(c.removed, vec![(b.staging(5), 0)]);
    }

    #[test]
    fn puts_back_the_previous_output_when_a_swap_was_cut_short() {
        let dir = tempfile::tempdir().unwrap();
        let b = beside(dir.path());
        fs::create_dir_all(b.old(3)).unwrap();
        fs::write(b.old(3).join("index.html"), "old").unwrap();
        fs::create_dir_all(b.staging(3)).unwrap();
        let c = clean(&b, 1);
        assert_eq!(c.restored, Some((b.old(3), dir.path().join("public"))));
        assert!(c.info().unwrap().contains("as .public.old-3"));
        assert_eq!(c.removed, vec![(b.staging(3), 0)]);
        let read = fs::read_to_string(dir.path().join("public/index.html")).unwrap();
        assert_eq!(read, "old");
    }

    #[test]
    fn what_cannot_be_removed_is_a_warning_naming_the_folder() {
        let c = Cleanup {
            failed: vec![(PathBuf::from("/site/.public.tmp-7"), "busy".into())],
            skipped: Some("/site/.public.tmp-1.lock: unsupported".into()),
            ..Cleanup::default()
        };
        let w = c.warnings();
        assert_eq!(w.len(), 2);
        assert!(w.iter().all(|d| !d.is_error() && d.help.is_some()));
        assert!(
            w[0].message
                .contains("/site/.public.tmp-1.lock: unsupported")
        );
        assert!(w[1].message.contains("/site/.public.tmp-7"));
        assert_eq!(c.info(), None);
    }

    #[cfg(unix)]
    #[test]
    fn never_follows_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        fs::write(elsewhere.path().join("keep.txt"), "mine").unwrap();
        let b = beside(dir.path());
        std::os::unix::fs::symlink(elsewhere.path(), b.staging(4)).unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), b.old(6)).unwrap();
        let c = clean(&b, 1);
        assert!(c.removed.is_empty(), "{c:?}");
        assert!(elsewhere.path().join("keep.txt").is_file());
        assert!(fs::symlink_metadata(b.staging(4)).is_ok());
    }
}
