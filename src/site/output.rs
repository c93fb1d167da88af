//! Writes the site: into a temporary folder beside the output, swapped in only when every file
//! was written, so a failed build never leaves a half-written or emptied `public/`.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use rayon::prelude::*;

use super::leftovers::{Beside, BuildLock, Cleanup};
use crate::diagnostics::Diagnostic;
use crate::render::{Output, Sink};

/// Refuses output folders whose replacement would delete the site itself.
pub fn check_output_dir(root: &Path, out: &Path) -> Result<(), String> {
    let root = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let abs = absolute(out);
    if root.starts_with(&abs) {
        return Err(format!(
            "the output folder {} contains the site itself; choose another folder (default: public)",
            out.display()
        ));
    }
    for protected in ["content", "templates", "static", "src", "catalog"] {
        if abs == root.join(protected) {
            return Err(format!(
                "the output folder {} is the site's `{protected}` folder; choose another folder (default: public)",
                out.display()
            ));
        }
    }
    Ok(())
}

fn absolute(p: &Path) -> PathBuf {
    if let Ok(c) = fs::canonicalize(p) {
        return c;
    }
    match (p.parent(), p.file_name()) {
        (Some(parent), Some(name)) if !parent.as_os_str().is_empty() => absolute(parent).join(name),
        _ => std::env::current_dir()
            .map(|d| d.join(p))
            .unwrap_or_else(|_| p.to_path_buf()),
    }
}

/// A folder beside the output that a build writes into file by file; [`Staging::commit`]
/// swaps it in for the output as one step, and dropping it uncommitted removes it, so a failed
/// build leaves the previous output as it was. The build holds its lock (see
/// [`super::leftovers`]) until the folder is swapped in or removed.
#[derive(Debug)]
pub struct Staging {
    out: PathBuf,
    tmp: PathBuf,
    old: PathBuf,
    // Dropped after the folders are gone: a field's drop runs after `Staging::drop`.
    _lock: Option<BuildLock>,
    leftovers: Cleanup,
    files: AtomicUsize,
    bytes: AtomicU64,
    // The first write error; later files are skipped once one failed.
    error: Mutex<Option<io::Error>>,
    committed: bool,
}

impl Staging {
    /// Creates an empty staging folder for `out`, after removing what killed builds left
    /// beside it (see [`Staging::leftovers`]).
    pub fn new(out: &Path) -> io::Result<Self> {
        let out = absolute(out);
        let beside = Beside::of(&out);
        fs::create_dir_all(&beside.parent)?;
        let pid = std::process::id();
        // The lock comes before the folder, so no cleaner ever sees the folder unlocked.
        let (lock, leftovers) = match BuildLock::acquire(&beside.lock(pid)) {
            Ok(lock) => (Some(lock), super::leftovers::clean(&beside, pid)),
            // Without a lock (a file system without advisory locks) nothing can be told
            // apart from a live build's folders, so nothing is removed; the build goes on.
            Err(e) => {
                let skipped = Cleanup {
                    skipped: Some(format!("{}: {e}", beside.lock(pid).display())),
                    ..Cleanup::default()
                };
                (None, skipped)
            }
        };
        let tmp = beside.staging(pid);
        if tmp.exists() {
            fs::remove_dir_all(&tmp)?;
        }
        fs::create_dir_all(&tmp)?;
        Ok(Self {
            out,
            tmp,
            old: beside.old(pid),
            _lock: lock,
            leftovers,
            files: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            error: Mutex::new(None),
            committed: false,
        })
    }

    /// What earlier, killed builds had left beside the output and what became of it.
    pub fn leftovers(&self) -> &Cleanup {
        &self.leftovers
    }

    /// Writes one file into the staging folder.
    pub fn write(&self, path: &str, bytes: &[u8]) {
        if self.failed() {
            return;
        }
        let p = self.tmp.join(path);
        let result = match p.parent() {
            Some(dir) => fs::create_dir_all(dir),
            None => Ok(()),
        }
        .and_then(|()| fs::write(&p, bytes));
        match result {
            Ok(()) => {
                self.files.fetch_add(1, Ordering::Relaxed);
                self.bytes.fetch_add(bytes.len() as u64, Ordering::Relaxed);
            }
            Err(e) => self.record(e),
        }
    }

    /// Keeps the first write error, for [`Staging::commit`] to report.
    fn record(&self, e: io::Error) {
        if let Ok(mut first) = self.error.lock() {
            first.get_or_insert(e);
        }
    }

    fn failed(&self) -> bool {
        self.error.lock().map_or(true, |e| e.is_some())
    }

    /// Files written so far.
    pub fn files(&self) -> usize {
        self.files.load(Ordering::Relaxed)
    }

    /// Bytes written so far.
    pub fn bytes(&self) -> u64 {
        self.bytes.load(Ordering::Relaxed)
    }

    /// Replaces the output folder with the staging folder, or reports the first write error.
    /// The new output is in place once this returns `Ok`; a previous output that could not be
    /// deleted is a warning, and the next build removes it.
    pub fn commit(mut self) -> io::Result<Vec<Diagnostic>> {
        if let Some(e) = self.error.lock().ok().and_then(|mut e| e.take()) {
            return Err(e);
        }
        let old = self.old.clone();
        if self.out.exists() {
            fs::rename(&self.out, &old)?;
        }
        if let Err(e) = fs::rename(&self.tmp, &self.out) {
            if old.exists() {
                let _ = fs::rename(&old, &self.out);
            }
            return Err(e);
        }
        self.committed = true;
        let mut warnings = Vec::new();
        if old.exists()
            && let Err(e) = fs::remove_dir_all(&old)
        {
            let failed = Cleanup {
                failed: vec![(old, e.to_string())],
                ..Cleanup::default()
            };
            warnings = failed.warnings();
        }
        Ok(warnings)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.tmp);
        }
    }
}

impl Sink for Staging {
    fn emit(&self, output: Output) -> Output {
        self.write(&output.path, &output.bytes);
        Output {
            path: output.path,
            bytes: Default::default(),
        }
    }

    fn stream(&self, path: &str) -> Option<Box<dyn io::Write + Send + '_>> {
        let p = self.tmp.join(path);
        let file = match p.parent() {
            Some(dir) => fs::create_dir_all(dir),
            None => Ok(()),
        }
        .and_then(|()| fs::File::create(&p));
        let file = match file {
            Ok(f) => Some(io::BufWriter::with_capacity(1 << 16, f)),
            Err(e) => {
                self.record(e);
                None
            }
        };
        Some(Box::new(Streamed {
            staging: self,
            file,
            bytes: 0,
        }))
    }
}

/// A staged file written in pieces. Errors are kept by the staging folder, whose commit then
/// fails, rather than returned to a writer that could not do anything about them.
struct Streamed<'a> {
    staging: &'a Staging,
    // `None` once creating or writing the file failed.
    file: Option<io::BufWriter<fs::File>>,
    bytes: u64,
}

impl io::Write for Streamed<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if let Some(f) = &mut self.file
            && let Err(e) = f.write_all(buf)
        {
            self.staging.record(e);
            self.file = None;
        }
        self.bytes += buf.len() as u64;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Drop for Streamed<'_> {
    fn drop(&mut self) {
        use io::Write;
        if let Some(mut f) = self.file.take() {
            match f.flush() {
                Ok(()) => {
                    self.staging.files.fetch_add(1, Ordering::Relaxed);
                    self.staging.bytes.fetch_add(self.bytes, Ordering::Relaxed);
                }
                Err(e) => self.staging.record(e),
            }
        }
    }
}

/// Writes every output under `out`, replacing its previous contents as one step.
pub fn write_site(out: &Path, outputs: &[Output]) -> io::Result<()> {
    let staging = Staging::new(out)?;
    for o in outputs {
        staging.write(&o.path, &o.bytes);
    }
    staging.commit().map(drop)
}

/// What was last written, by path, to rewrite only what changed. The contents are shared
/// with the build that made them, so keeping them costs little, and a page the dev server
/// reused is recognised as unchanged without reading its bytes.
pub type Written = std::collections::HashMap<String, std::sync::Arc<Vec<u8>>>;

/// The record of a set of outputs as written.
pub fn record(outputs: &[Output]) -> Written {
    outputs
        .iter()
        .map(|o| (o.path.clone(), o.bytes.clone()))
        .collect()
}

/// Brings `out` (last written as `previous`) up to date: writes new and changed files and
/// deletes files that are gone. For the dev server, where most rebuilds change a few files;
/// `build` always uses [`write_site`]. Changed files for which `defer` is true are not written
/// but returned, for the caller to write later. Returns the new record, how many files changed
/// (deferred ones included) and the deferred files.
pub fn sync_site(
    out: &Path,
    previous: &Written,
    outputs: &[Output],
    defer: impl Fn(&str) -> bool,
) -> io::Result<(Written, usize, Vec<Output>)> {
    let now = record(outputs);
    let (later, changed): (Vec<&Output>, Vec<&Output>) = changed_files(previous, outputs)
        .into_iter()
        .partition(|o| defer(&o.path));
    write_files(out, &changed)?;
    let removed = remove_stale(out, previous, &now);
    let n = changed.len() + later.len() + removed;
    Ok((now, n, later.into_iter().cloned().collect()))
}

/// Replaces what `out` holds under the folder `prefix` (e.g. `fr/search/index/`) with `files`,
/// all of which lie under it, and updates `written` in place: writes the new and changed files
/// and deletes the folder's files that are gone. Returns how many files changed. For one part
/// of the site made after the rest (the dev server's search index), without going over every
/// other file.
pub fn replace_folder(
    out: &Path,
    written: &mut Written,
    prefix: &str,
    files: Vec<Output>,
) -> io::Result<usize> {
    let changed = changed_files(written, &files);
    write_files(out, &changed)?;
    let mut n = changed.len();
    let now: std::collections::HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let gone: Vec<String> = written
        .keys()
        .filter(|p| p.starts_with(prefix) && !now.contains(p.as_str()))
        .cloned()
        .collect();
    for path in gone {
        let _ = fs::remove_file(out.join(&path));
        written.remove(&path);
        n += 1;
    }
    for f in files {
        written.insert(f.path, f.bytes);
    }
    Ok(n)
}

/// The outputs whose bytes differ from what `previous` recorded (or that are new).
fn changed_files<'a>(previous: &Written, outputs: &'a [Output]) -> Vec<&'a Output> {
    outputs
        .par_iter()
        .filter(|o| match previous.get(&o.path) {
            Some(p) => !std::sync::Arc::ptr_eq(p, &o.bytes) && p[..] != o.bytes[..],
            None => true,
        })
        .collect()
}

/// Writes each file under `out` (in parallel), creating folders as needed.
pub fn write_files(out: &Path, files: &[&Output]) -> io::Result<()> {
    files.par_iter().try_for_each(|o| {
        let p = out.join(&o.path);
        if let Some(parent) = p.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(p, &*o.bytes)
    })
}

/// Deletes the files of `previous` that `now` no longer has; returns how many.
fn remove_stale(out: &Path, previous: &Written, now: &Written) -> usize {
    let mut removed = 0;
    for path in previous.keys().filter(|p| !now.contains_key(*p)) {
        let _ = fs::remove_file(out.join(path));
        removed += 1;
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replacing_a_folder_touches_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let file = |path: &str, text: &str| Output {
            path: path.into(),
            bytes: text.as_bytes().to_vec().into(),
        };
        let first = [
            file("index.html", "home"),
            file("search/index/a.pf", "old"),
            file("search/index/b.pf", "kept"),
        ];
        write_site(&out, &first).unwrap();
        let mut written = record(&first);
        let n = replace_folder(
            &out,
            &mut written,
            "search/index/",
            vec![
                file("search/index/b.pf", "kept"),
                file("search/index/c.pf", "new"),
            ],
        )
        .unwrap();
        assert_eq!(n, 2, "c written, a removed, b unchanged");
        assert!(!out.join("search/index/a.pf").exists());
        assert_eq!(
            fs::read_to_string(out.join("search/index/c.pf")).unwrap(),
            "new"
        );
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "home");
        let mut paths: Vec<&String> = written.keys().collect();
        paths.sort();
        assert_eq!(
            paths,
            ["index.html", "search/index/b.pf", "search/index/c.pf"]
        );
    }

    #[test]
    fn replaces_previous_output_and_drops_stale_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(
            &out,
            &[
                Output {
                    path: "a/index.html".into(),
                    bytes: b"1".to_vec().into(),
                },
                Output {
                    path: "stale.txt".into(),
                    bytes: b"x".to_vec().into(),
                },
            ],
        )
        .unwrap();
        write_site(
            &out,
            &[Output {
                path: "a/index.html".into(),
                bytes: b"2".to_vec().into(),
            }],
        )
        .unwrap();
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"2");
        assert!(!out.join("stale.txt").exists());
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("public")]);
    }

    #[test]
    fn an_uncommitted_staging_folder_leaves_the_output_alone() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(
            &out,
            &[Output {
                path: "index.html".into(),
                bytes: b"good".to_vec().into(),
            }],
        )
        .unwrap();
        let staging = Staging::new(&out).unwrap();
        let kept = staging.emit(Output {
            path: "cities/a/index.html".into(),
            bytes: b"half a build".to_vec().into(),
        });
        assert!(kept.bytes.is_empty(), "the sink keeps only the path");
        assert_eq!((staging.files(), staging.bytes()), (1, 12));
        drop(staging); // the build failed before commit
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"good");
        assert!(!out.join("cities").exists());
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("public")]);
    }

    #[test]
    fn sync_writes_only_changes_and_removes_stale_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let first = vec![
            Output {
                path: "a.html".into(),
                bytes: b"1".to_vec().into(),
            },
            Output {
                path: "b/c.html".into(),
                bytes: b"2".to_vec().into(),
            },
        ];
        write_site(&out, &first).unwrap();
        let prev = record(&first);
        let second = vec![
            Output {
                path: "a.html".into(),
                bytes: b"1".to_vec().into(),
            },
            Output {
                path: "d.html".into(),
                bytes: b"3".to_vec().into(),
            },
        ];
        let (_, n, _) = sync_site(&out, &prev, &second, |_| false).unwrap();
        assert_eq!(n, 2, "d.html written, b/c.html removed, a.html untouched");
        assert!(!out.join("b/c.html").exists());
        assert_eq!(fs::read(out.join("d.html")).unwrap(), b"3");
    }

    #[test]
    fn refuses_to_replace_the_site_itself() {
        let dir = tempfile::tempdir().unwrap();
        assert!(check_output_dir(dir.path(), dir.path()).is_err());
        assert!(check_output_dir(dir.path(), &dir.path().join("content")).is_err());
        assert!(check_output_dir(dir.path(), &dir.path().join("public")).is_ok());
    }
}
