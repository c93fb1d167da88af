//! One rebuild of the dev server: build in memory, report new warnings, and bring the output
//! folder up to date writing only what changed.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};

use tower_livereload::Reloader;

use super::options::ServeOptions;
use super::overlay::Overlay;
use crate::config::BaseUrl;
use crate::diagnostics::{Diagnostic, Diagnostics, ReportStyle, report, report_styled};
use crate::render::Output;
use crate::search::DeferredBundle;
use crate::site::SiteCache;
use crate::site::output::{Written, record, replace_folder, sync_site, write_files, write_site};
use crate::site::{BuildOptions, build_in_memory};

/// What the dev server keeps between rebuilds.
pub(super) struct State {
    /// What the output folder holds (`None` before the first write, or after a failed one).
    pub(super) written: Option<Written>,
    /// Fingerprints of the warnings the last build printed.
    pub(super) shown: HashSet<u64>,
    /// Pages, rows and stage results to reuse.
    pub(super) cache: Arc<SiteCache>,
}

/// A rebuild's result: how many files changed, and the changed download files still to be
/// written (see [`rebuild`]).
pub(super) struct Rebuilt {
    /// How many files changed.
    pub(super) changed: usize,
    /// Changed data downloads, still to be written.
    pub(super) downloads: Vec<Output>,
}

/// Whether a file is a data download (not a page): one the browser does not fetch on reload.
pub(super) fn is_download(path: &str) -> bool {
    path.starts_with("data/") && !path.ends_with(".html")
}

/// Builds and brings the output up to date, writing only the files that changed (the first
/// build writes everything). On failure the previous output stays as it was.
///
/// Changed data downloads are returned instead of written: the caller writes them right after
/// telling browsers to reload, so a reload does not wait for a 30 MB values.csv that the page
/// does not load.
pub(super) fn rebuild(
    opts: &ServeOptions,
    base_url: &BaseUrl,
    state: &mut State,
) -> Result<Rebuilt, Diagnostics> {
    let State {
        written,
        shown,
        cache,
    } = state;
    let built = build_in_memory(&BuildOptions {
        root: opts.root.clone(),
        base_url: Some(base_url.clone()),
        drafts: opts.drafts,
        check_links: false,
        cache: Some(cache.clone()),
        images: opts.images.clone(),
        sink: None,
    })?;
    let (fresh, repeated) = new_warnings(&built.warnings, shown);
    report_styled(&fresh, ReportStyle::verbose(opts.format, opts.verbose));
    if repeated > 0 {
        eprintln!(
            "{repeated} warning{} shown before, not repeated (`cityprofiles check` lists all)",
            if repeated == 1 { "" } else { "s" }
        );
    }
    let t = std::time::Instant::now();
    let rebuilt = match written.as_ref() {
        Some(prev) if opts.output.is_dir() => {
            let (now, changed, downloads) =
                sync_site(&opts.output, prev, &built.outputs, is_download)
                    .map_err(|e| io_error(opts, e))?;
            *written = Some(now);
            Rebuilt { changed, downloads }
        }
        _ => {
            write_site(&opts.output, &built.outputs).map_err(|e| io_error(opts, e))?;
            *written = Some(record(&built.outputs));
            Rebuilt {
                changed: built.outputs.len(),
                downloads: Vec::new(),
            }
        }
    };
    if opts.timings {
        let stages = built.timings.iter().map(|(s, d)| (*s, *d));
        let line: Vec<String> = stages
            .chain(std::iter::once(("write", t.elapsed())))
            .map(|(s, d)| format!("{s} {:.1}", d.as_secs_f64() * 1000.0))
            .collect();
        eprintln!("  stages (ms): {}", line.join(", "));
    }
    Ok(rebuilt)
}

/// Rebuilds after every batch of changed paths until the watcher stops, shows the result in
/// the terminal and the overlay, and tells browsers to reload.
pub(super) fn rebuild_on_changes(
    opts: &ServeOptions,
    base_url: &BaseUrl,
    root_abs: &Path,
    changes: &Receiver<Vec<PathBuf>>,
    mut state: State,
    overlay: &Overlay,
    reloader: &Reloader,
) {
    let mut indexer = Indexer::new();
    loop {
        let mut changed = match changes.recv_timeout(SEARCH_POLL) {
            Ok(c) => c,
            Err(RecvTimeoutError::Timeout) => {
                apply_search(opts, &mut state, &mut indexer);
                continue;
            }
            Err(RecvTimeoutError::Disconnected) => return,
        };
        // A bundle finished meanwhile is written before the rebuild, which compares with it.
        apply_search(opts, &mut state, &mut indexer);
        while let Ok(more) = changes.try_recv() {
            changed.extend(more);
        }
        // The watcher names absolute paths; the loader knows folders under the root
        // as given on the command line.
        let changed: Vec<PathBuf> = changed
            .iter()
            .map(|p| match p.strip_prefix(root_abs) {
                Ok(rel) => opts.root.join(rel),
                Err(_) => p.clone(),
            })
            .collect();
        state.cache.content.forget(&changed);
        let t = std::time::Instant::now();
        let mut r = rebuild(opts, base_url, &mut state);
        let downloads = match &mut r {
            Ok(rebuilt) => {
                eprintln!(
                    "Rebuilt in {} ms ({} files changed, {} pages reused)",
                    t.elapsed().as_millis(),
                    rebuilt.changed,
                    state.cache.take_hits().len()
                );
                std::mem::take(&mut rebuilt.downloads)
            }
            Err(_) => {
                eprintln!(
                    "Rebuild failed in {} ms; still serving the last good site",
                    t.elapsed().as_millis()
                );
                Vec::new()
            }
        };
        let succeeded = r.is_ok();
        super::overlay::set(overlay, r, opts.format);
        reloader.reload();
        if !downloads.is_empty() {
            let t = std::time::Instant::now();
            let files: Vec<&Output> = downloads.iter().collect();
            match write_files(&opts.output, &files) {
                Ok(()) if opts.timings => eprintln!(
                    "  {} data files written {:.1} ms after the reload",
                    files.len(),
                    t.elapsed().as_secs_f64() * 1000.0
                ),
                Ok(()) => {}
                Err(e) => {
                    report(&io_error(opts, e), opts.format);
                    // The record says they were written: start from a full write.
                    state.written = None;
                }
            }
        }
        // A failed build's text is not indexed: the site served is the last good one.
        let deferred = state.cache.search.take_deferred();
        indexer.queue(if succeeded { deferred } else { Vec::new() });
    }
}

/// A batch of search bundles made on the indexing thread: each with what it was made for, and
/// when the batch started.
type Finished = (Vec<(DeferredBundle, Vec<Output>)>, std::time::Instant);

/// Makes changed search indexes on one thread of its own, one batch at a time: a change
/// indexes its whole language again (about 1.6 s at 10,000 cities), so a save arriving meanwhile is
/// rebuilt at once, and saves that come faster than the index share one index of the latest
/// text instead of running several side by side.
struct Indexer {
    busy: bool,
    waiting: Vec<DeferredBundle>,
    done: Sender<Finished>,
    finished: Receiver<Finished>,
}

impl Indexer {
    fn new() -> Self {
        let (done, finished) = channel();
        Self {
            busy: false,
            waiting: Vec::new(),
            done,
            finished,
        }
    }

    /// Adds bundles to make (a newer one of a language replaces the one waiting) and starts
    /// the thread unless it is busy.
    fn queue(&mut self, bundles: Vec<DeferredBundle>) {
        for b in bundles {
            self.waiting.retain(|w| w.prefix() != b.prefix());
            self.waiting.push(b);
        }
        if self.busy || self.waiting.is_empty() {
            return;
        }
        self.busy = true;
        let batch = std::mem::take(&mut self.waiting);
        let done = self.done.clone();
        std::thread::spawn(move || {
            let t = std::time::Instant::now();
            let made = batch
                .into_iter()
                .map(|d| {
                    let files = d.make();
                    (d, files)
                })
                .collect();
            let _ = done.send((made, t));
        });
    }
}

/// How often the dev server looks for finished search bundles while no file changes.
const SEARCH_POLL: std::time::Duration = std::time::Duration::from_millis(100);

/// Writes the search bundles finished since the last call in place of the ones they replace,
/// unless a later rebuild has asked for newer ones, and starts the bundles waiting.
fn apply_search(opts: &ServeOptions, state: &mut State, indexer: &mut Indexer) {
    while let Ok((made, started)) = indexer.finished.try_recv() {
        indexer.busy = false;
        for (d, files) in made {
            if !state.cache.search.finish(&d, &files) {
                continue;
            }
            let Some(written) = state.written.as_mut() else {
                // The next rebuild writes the whole site, with this bundle.
                continue;
            };
            let folder = format!("{}{}", d.prefix(), crate::search::index::FOLDER);
            match replace_folder(&opts.output, written, &folder, files) {
                Ok(changed) if opts.timings => eprintln!(
                    "  search index of {folder}: {changed} files written {:.0} ms after the reload",
                    started.elapsed().as_secs_f64() * 1000.0
                ),
                Ok(_) => {}
                Err(e) => {
                    report(&io_error(opts, e), opts.format);
                    state.written = None;
                }
            }
        }
    }
    indexer.queue(Vec::new());
}

/// The warnings of `all` that the previous build did not have, and how many it did have.
/// `shown` is updated to `all`, so a warning that goes away and comes back is shown again:
/// printing hundreds of unchanged warnings after every save would bury the one that matters.
fn new_warnings(all: &Diagnostics, shown: &mut HashSet<u64>) -> (Diagnostics, usize) {
    let key = |d: &Diagnostic| {
        let span = d.span.clone().unwrap_or(0..0);
        crate::fingerprint::fingerprint([
            d.path_display().unwrap_or_default().as_bytes(),
            &(span.start as u64).to_le_bytes(),
            &(span.end as u64).to_le_bytes(),
            d.message.as_bytes(),
            d.help.as_deref().unwrap_or_default().as_bytes(),
            &[u8::from(d.is_error())],
        ])
    };
    let mut fresh = Diagnostics::new();
    let mut repeated = 0;
    let mut now = HashSet::new();
    for d in all.iter() {
        let k = key(d);
        if shown.contains(&k) {
            repeated += 1;
        } else {
            fresh.push(d.clone());
        }
        now.insert(k);
    }
    *shown = now;
    (fresh, repeated)
}

/// A write error as a diagnostic.
fn io_error(opts: &ServeOptions, e: std::io::Error) -> Diagnostics {
    Diagnostics::from(Diagnostic::error(format!(
        "cannot write {}: {e}",
        opts.output.display()
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::SourceFile;

    fn diags(messages: &[&str]) -> Diagnostics {
        let file = SourceFile::new("content/cities/a/city.toml", "name = \"A\"\n");
        let mut d = Diagnostics::new();
        for m in messages {
            d.push(Diagnostic::warning(*m).at(&file, Some(0..4)));
        }
        d
    }

    #[test]
    fn only_warnings_the_last_build_did_not_have_are_repeated() {
        let mut shown = HashSet::new();
        let (fresh, repeated) = new_warnings(&diags(&["a", "b"]), &mut shown);
        assert_eq!((fresh.warning_count(), repeated), (2, 0));
        let (fresh, repeated) = new_warnings(&diags(&["a", "b", "c"]), &mut shown);
        assert_eq!((fresh.warning_count(), repeated), (1, 2));
        assert_eq!(fresh.iter().next().unwrap().message, "c");
        // "a" went away; when it comes back it is new again.
        new_warnings(&diags(&["b", "c"]), &mut shown);
        let (fresh, repeated) = new_warnings(&diags(&["a", "b", "c"]), &mut shown);
        assert_eq!((fresh.warning_count(), repeated), (1, 2));
        assert_eq!(fresh.iter().next().unwrap().message, "a");
    }
}
