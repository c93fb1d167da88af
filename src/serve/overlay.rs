//! The error overlay: while the latest build fails, every HTML page served carries the errors.

use std::sync::{Arc, RwLock};

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::diagnostics::{Diagnostics, MessageFormat, report};

/// The overlay's HTML while the latest build fails, `None` while it succeeds.
pub(super) type Overlay = Arc<RwLock<Option<String>>>;

/// Shows a rebuild's errors in the terminal and in the overlay, or clears the overlay.
pub(super) fn set<T>(overlay: &Overlay, r: Result<T, Diagnostics>, fmt: MessageFormat) {
    let html = match r {
        Ok(_) => None,
        Err(d) => {
            report(&d, fmt);
            Some(overlay_html(&d))
        }
    };
    if let Ok(mut o) = overlay.write() {
        *o = html;
    }
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

/// Middleware: adds the overlay to HTML responses while there is one; refuses methods other
/// than GET and HEAD.
pub(super) async fn inject_overlay(
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
