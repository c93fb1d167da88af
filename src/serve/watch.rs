//! Watching the site's folders: the changed paths a rebuild must look at, from the system's
//! file events or from polling.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use notify_debouncer_full::notify::RecursiveMode;
use notify_debouncer_full::{DebounceEventResult, new_debouncer};

/// How long a file must stay quiet before its change is acted on. An editor's save is a burst
/// of events within a millisecond or two; a longer wait only delays every reload.
const DEBOUNCE: Duration = Duration::from_millis(15);

/// The file watcher: the system's events, or polling where they do not arrive.
pub(super) enum Watcher {
    Native(
        notify_debouncer_full::Debouncer<
            notify::RecommendedWatcher,
            notify_debouncer_full::RecommendedCache,
        >,
    ),
    Poll(notify_debouncer_full::Debouncer<notify::PollWatcher, notify_debouncer_full::NoCache>),
}

impl Watcher {
    fn new(
        poll: bool,
        handler: impl notify_debouncer_full::DebounceEventHandler,
    ) -> notify::Result<Self> {
        if poll {
            let config = notify::Config::default().with_poll_interval(Duration::from_secs(1));
            Ok(Watcher::Poll(notify_debouncer_full::new_debouncer_opt(
                DEBOUNCE,
                None,
                handler,
                notify_debouncer_full::NoCache,
                config,
            )?))
        } else {
            Ok(Watcher::Native(new_debouncer(DEBOUNCE, None, handler)?))
        }
    }

    fn watch(&mut self, path: &Path) -> notify::Result<()> {
        match self {
            Watcher::Native(d) => d.watch(path, RecursiveMode::Recursive),
            Watcher::Poll(d) => d.watch(path, RecursiveMode::Recursive),
        }
    }
}

/// Starts watching the site's inputs below `root_abs`; each message is a batch of changed paths
/// (the root itself when changes may have been lost). Changes inside `output_abs` are ignored.
pub(super) fn start(
    poll: bool,
    root_abs: &Path,
    output_abs: &Path,
) -> std::io::Result<(Watcher, Receiver<Vec<PathBuf>>)> {
    let (tx, rx) = channel::<Vec<PathBuf>>();
    let output_for_filter = output_abs.to_path_buf();
    let root_for_watcher = root_abs.to_path_buf();
    let mut debouncer = Watcher::new(poll, move |res: DebounceEventResult| {
        let root = root_for_watcher.clone();
        match res {
            // Lost events (an overflowing queue, an error) may hide any change: start afresh.
            Err(_) => {
                let _ = tx.send(vec![root]);
            }
            Ok(events) if events.iter().any(|e| e.need_rescan()) => {
                let _ = tx.send(vec![root]);
            }
            Ok(events) => {
                let changed: Vec<PathBuf> = events
                    .iter()
                    // Reading a file is reported as an access event, and every rebuild reads every
                    // file: only changes may trigger a rebuild, or it would loop forever.
                    .filter(|e| !matches!(e.kind, notify::EventKind::Access(_)))
                    .flat_map(|e| e.paths.iter())
                    .filter(|p| !is_ignored(p, &output_for_filter))
                    .cloned()
                    .collect();
                if !changed.is_empty() {
                    let _ = tx.send(changed);
                }
            }
        }
    })
    .map_err(std::io::Error::other)?;
    for sub in [
        "site.toml",
        "content",
        "templates",
        "static",
        "catalog",
        "i18n",
    ] {
        let p = root_abs.join(sub);
        if p.exists() {
            debouncer.watch(&p).map_err(std::io::Error::other)?;
        }
    }
    Ok((debouncer, rx))
}

/// Paths whose changes never trigger a rebuild: the output, version control, build folders,
/// staging folders and editors' backup and swap files.
fn is_ignored(path: &Path, output: &Path) -> bool {
    path.starts_with(output)
        || path.components().any(|c| {
            let s = c.as_os_str().to_string_lossy();
            s == ".git"
                || s == "target"
                || s.starts_with(".public.")
                || s.ends_with('~')
                || s.ends_with(".swp")
        })
}
