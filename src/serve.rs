//! The dev server: builds, serves the output on loopback, rebuilds on change and reloads the
//! browser. While the latest build fails, the last good site stays served and every page shows
//! the errors in an overlay.

use std::collections::HashSet;
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use notify_debouncer_full::notify::RecursiveMode;
use notify_debouncer_full::{DebounceEventResult, new_debouncer};
use tower_http::services::ServeDir;
use tower_livereload::LiveReloadLayer;

use crate::diagnostics::{Diagnostics, MessageFormat};
use crate::render::Output;
use crate::site::SiteCache;
use crate::site::output::{Written, record, sync_site, write_files, write_site};
use crate::site::{BuildOptions, build_in_memory};

/// Settings of a serve session.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Site folder.
    pub root: PathBuf,
    /// Output folder.
    pub output: PathBuf,
    /// Interface.
    pub interface: String,
    /// First port to try.
    pub port: u16,
    /// Base path, `/` or `/repo/`.
    pub base_path: String,
    /// Include drafts.
    pub drafts: bool,
    /// Diagnostics format for the terminal.
    pub format: MessageFormat,
    /// Open the browser once serving.
    pub open: bool,
    /// Poll for changes instead of using the system's file events.
    pub poll: bool,
    /// Print the time of each stage after every rebuild.
    pub timings: bool,
}

/// How long a file must stay quiet before its change is acted on. An editor's save is a burst
/// of events within a millisecond or two; a longer wait only delays every reload.
const DEBOUNCE: Duration = Duration::from_millis(15);

/// The file watcher: the system's events, or polling where they do not arrive.
enum Watcher {
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

type Overlay = Arc<RwLock<Option<String>>>;

/// Binds the first free port from `port` upwards (at most 20 tries).
fn bind(interface: &str, port: u16) -> std::io::Result<TcpListener> {
    let mut last = None;
    for p in port..port.saturating_add(20) {
        match TcpListener::bind((interface, p)) {
            Ok(l) => {
                if p != port {
                    eprintln!("Port {port} is in use; using {p} instead.");
                }
                return Ok(l);
            }
            Err(e) => last = Some(e),
        }
    }
    Err(last.unwrap_or_else(|| std::io::Error::other("no port")))
}

/// A rebuild's result: how many files changed, and the changed download files still to be
/// written (see [`rebuild`]).
struct Rebuilt {
    changed: usize,
    downloads: Vec<Output>,
}

/// Whether a file is a data download (not a page): one the browser does not fetch on reload.
fn is_download(path: &str) -> bool {
    path.starts_with("data/") && !path.ends_with(".html")
}

/// Builds and brings the output up to date, writing only the files that changed (the first
/// build writes everything). On failure the previous output stays as it was.
///
/// Changed data downloads are returned instead of written: the caller writes them right after
/// telling browsers to reload, so a reload does not wait for a 30 MB values.csv that the page
/// does not load.
fn rebuild(
    opts: &ServeOptions,
    base_url: &str,
    written: &mut Option<Written>,
    cache: &Arc<SiteCache>,
    shown: &mut HashSet<u64>,
) -> Result<Rebuilt, Diagnostics> {
    let built = build_in_memory(&BuildOptions {
        root: opts.root.clone(),
        base_url: Some(base_url.to_string()),
        drafts: opts.drafts,
        check_links: false,
        cache: Some(cache.clone()),
        sink: None,
    })?;
    let (fresh, repeated) = new_warnings(&built.warnings, shown);
    crate::cmd::report(&fresh, opts.format);
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

/// The warnings of `all` that the previous build did not have, and how many it did have.
/// `shown` is updated to `all`, so a warning that goes away and comes back is shown again:
/// printing hundreds of unchanged warnings after every save would bury the one that matters.
fn new_warnings(all: &Diagnostics, shown: &mut HashSet<u64>) -> (Diagnostics, usize) {
    let key = |d: &crate::diagnostics::Diagnostic| {
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
    Diagnostics::from(crate::diagnostics::Diagnostic::error(format!(
        "cannot write {}: {e}",
        opts.output.display()
    )))
}

/// HTML of the error overlay.
pub fn overlay_html(diags: &Diagnostics) -> String {
    let text = diags.render(MessageFormat::Human, false);
    let esc = text
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    format!(
        "<div id=\"cityprofiles-errors\" role=\"alert\" style=\"position:fixed;inset:0;overflow:auto;z-index:99999;background:#fff;color:#1a1a1a;padding:1.5rem;border-top:6px solid #b3261e;font:15px/1.45 system-ui,sans-serif\"><h2 style=\"margin-top:0;color:#8c1d18\">The site could not be rebuilt</h2><p>Fix the problems below and save: this page reloads by itself. The last good version of the site is still being served.</p><pre style=\"white-space:pre-wrap;font:14px/1.4 ui-monospace,monospace;background:#f6f6f6;padding:1rem\">{esc}</pre></div>"
    )
}

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

async fn inject_overlay(
    overlay: Overlay,
    req: Request<Body>,
    next: axum::middleware::Next,
) -> Response {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    let res = next.run(req).await;
    let html = overlay.read().ok().and_then(|o| o.clone());
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let Some(html) = html.filter(|_| is_html) else {
        return res;
    };
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024 * 1024).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let page = String::from_utf8_lossy(&bytes);
    let new = match page.rfind("</body>") {
        Some(i) => format!("{}{html}{}", &page[..i], &page[i..]),
        None => format!("{page}{html}"),
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(new))
}

/// Runs the server until interrupted.
pub fn serve(opts: ServeOptions) -> std::io::Result<()> {
    let listener = bind(&opts.interface, opts.port)?;
    let addr: SocketAddr = listener.local_addr()?;
    let base_url = format!("http://{}{}", addr, opts.base_path);
    let overlay: Overlay = Arc::new(RwLock::new(None));
    let set_overlay = |overlay: &Overlay, r: Result<Rebuilt, Diagnostics>, fmt: MessageFormat| {
        let html = match r {
            Ok(_) => None,
            Err(d) => {
                crate::cmd::report(&d, fmt);
                Some(overlay_html(&d))
            }
        };
        if let Ok(mut o) = overlay.write() {
            *o = html;
        }
    };
    let mut written: Option<Written> = None;
    let mut shown: HashSet<u64> = HashSet::new();
    let cache = Arc::new(SiteCache::new());
    let livereload = LiveReloadLayer::new();
    let reloader = livereload.reloader();
    let (tx, rx) = std::sync::mpsc::channel::<Vec<PathBuf>>();
    let output_abs = std::fs::canonicalize(&opts.output).unwrap_or_else(|_| opts.output.clone());
    let output_for_filter = output_abs.clone();
    let root_abs = std::fs::canonicalize(&opts.root).unwrap_or_else(|_| opts.root.clone());
    let root_for_watcher = root_abs.clone();
    // The watcher reports every change below the folders it watches (and asks for a fresh
    // start when it may have lost some), so unchanged city folders need not be looked at.
    cache.content.trust_forget();
    let mut debouncer = Watcher::new(opts.poll, move |res: DebounceEventResult| {
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
    // The first build starts once the watcher runs, so a file saved during it is rebuilt after.
    set_overlay(
        &overlay,
        rebuild(&opts, &base_url, &mut written, &cache, &mut shown),
        opts.format,
    );
    {
        let opts = opts.clone();
        let root_for_events = root_abs.clone();
        let overlay = overlay.clone();
        let base_url = base_url.clone();
        std::thread::spawn(move || {
            while let Ok(mut changed) = rx.recv() {
                while let Ok(more) = rx.try_recv() {
                    changed.extend(more);
                }
                // The watcher names absolute paths; the loader knows folders under the root
                // as given on the command line.
                let changed: Vec<PathBuf> = changed
                    .iter()
                    .map(|p| match p.strip_prefix(&root_for_events) {
                        Ok(rel) => opts.root.join(rel),
                        Err(_) => p.clone(),
                    })
                    .collect();
                cache.content.forget(&changed);
                let t = std::time::Instant::now();
                let mut r = rebuild(&opts, &base_url, &mut written, &cache, &mut shown);
                let downloads = match &mut r {
                    Ok(rebuilt) => {
                        eprintln!(
                            "Rebuilt in {} ms ({} files changed, {} pages reused)",
                            t.elapsed().as_millis(),
                            rebuilt.changed,
                            cache.take_hits().len()
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
                set_overlay(&overlay, r, opts.format);
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
                            eprintln!("error: cannot write {}: {e}", opts.output.display());
                            // The record says they were written: start from a full write.
                            written = None;
                        }
                    }
                }
            }
        });
    }
    let serve_dir = ServeDir::new(&output_abs)
        .append_index_html_on_directories(true)
        .not_found_service(axum::routing::any({
            let out = output_abs.clone();
            move || {
                let out = out.clone();
                async move {
                    let body = std::fs::read(out.join("404.html"))
                        .unwrap_or_else(|_| b"Not found".to_vec());
                    (
                        StatusCode::NOT_FOUND,
                        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                        body,
                    )
                }
            }
        }));
    let base = opts.base_path.clone();
    let app = if base == "/" {
        Router::new().fallback_service(serve_dir)
    } else {
        let to = base.clone();
        Router::new()
            .nest_service(base.trim_end_matches('/'), serve_dir)
            .route(
                "/",
                axum::routing::get(move || async move { Redirect::temporary(&to) }),
            )
    };
    let app = app
        .layer(axum::middleware::from_fn(move |req, next| {
            inject_overlay(overlay.clone(), req, next)
        }))
        .layer(livereload);
    eprintln!(
        "Serving {} at {base_url} (Ctrl+C to stop)",
        opts.root.display()
    );
    if opts.open
        && let Err(e) = opener::open_browser(&base_url)
    {
        eprintln!("Could not open a browser ({e}); open {base_url} yourself.");
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        listener.set_nonblocking(true)?;
        let listener = tokio::net::TcpListener::from_std(listener)?;
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
    })?;
    drop(debouncer);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Diagnostic, SourceFile};

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
