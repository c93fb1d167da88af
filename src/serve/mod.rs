//! The dev server: builds, serves the output on loopback, rebuilds on change and reloads the
//! browser. While the latest build fails, the last good site stays served and every page shows
//! the errors in an overlay.

mod options;
mod overlay;
mod rebuild;
mod watch;

use std::collections::HashSet;
use std::net::{SocketAddr, TcpListener};
use std::path::Path;
use std::sync::{Arc, RwLock};

use axum::Router;
use axum::http::{StatusCode, header};
use axum::response::Redirect;
use tower_http::services::ServeDir;
use tower_livereload::LiveReloadLayer;

pub use options::ServeOptions;
pub use overlay::overlay_html;

use crate::config::BaseUrl;
use crate::diagnostics::{Diagnostic, report};
use crate::site::SiteCache;
use overlay::Overlay;
use rebuild::{State, rebuild, rebuild_on_changes};

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

/// The routes: the output folder (under the base path, with `/` redirecting to it), its
/// 404 page, the error overlay on every HTML page.
fn router(base_path: &str, output_abs: &Path, overlay: Overlay) -> Router {
    let serve_dir = ServeDir::new(output_abs)
        .append_index_html_on_directories(true)
        .not_found_service(axum::routing::any({
            let out = output_abs.to_path_buf();
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
    let app = if base_path == "/" {
        Router::new().fallback_service(serve_dir)
    } else {
        let to = base_path.to_string();
        Router::new()
            .nest_service(base_path.trim_end_matches('/'), serve_dir)
            .route(
                "/",
                axum::routing::get(move || async move { Redirect::temporary(&to) }),
            )
    };
    app.layer(axum::middleware::from_fn(move |req, next| {
        overlay::inject_overlay(overlay.clone(), req, next)
    }))
}

/// Runs the server until interrupted.
pub fn serve(opts: ServeOptions) -> std::io::Result<()> {
    let listener = bind(&opts.interface, opts.port)?;
    let addr: SocketAddr = listener.local_addr()?;
    let base_url = format!("http://{}{}", addr, opts.base_path);
    // The command checked --base-path, and a bound address is a valid host: parsed once here,
    // not on every rebuild.
    let base = BaseUrl::parse(&base_url).map_err(std::io::Error::other)?;
    let overlay: Overlay = Arc::new(RwLock::new(None));
    let mut state = State {
        written: None,
        shown: HashSet::new(),
        cache: Arc::new(SiteCache::new()),
    };
    let livereload = LiveReloadLayer::new();
    let reloader = livereload.reloader();
    let output_abs = std::fs::canonicalize(&opts.output).unwrap_or_else(|_| opts.output.clone());
    let root_abs = std::fs::canonicalize(&opts.root).unwrap_or_else(|_| opts.root.clone());
    // The watcher reports every change below the folders it watches (and asks for a fresh
    // start when it may have lost some), so unchanged city folders need not be looked at.
    state.cache.content.trust_forget();
    // A writer looks at the page they edit, not the search: its index is made after the reload.
    state.cache.search.defer_changed_bundles();
    let (debouncer, changes) = watch::start(opts.poll, &root_abs, &output_abs)?;
    // The first build starts once the watcher runs, so a file saved during it is rebuilt after.
    overlay::set(&overlay, rebuild(&opts, &base, &mut state), opts.format);
    {
        let opts = opts.clone();
        let overlay = overlay.clone();
        std::thread::spawn(move || {
            rebuild_on_changes(
                &opts, &base, &root_abs, &changes, state, &overlay, &reloader,
            );
        });
    }
    let app = router(&opts.base_path, &output_abs, overlay).layer(livereload);
    eprintln!(
        "Serving {} at {base_url} (Ctrl+C to stop)",
        opts.root.display()
    );
    if opts.open
        && let Err(e) = opener::open_browser(&base_url)
    {
        report(
            &Diagnostic::warning(format!("could not open a browser: {e}"))
                .help(format!("open {base_url} yourself"))
                .into(),
            opts.format,
        );
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
