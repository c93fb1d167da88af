//! `check --external`: asks every external web address the pages link to whether it still
//! answers. Off by default: CI machines often have no network, and other sites are slow.

use std::collections::BTreeMap;
use std::time::Duration;

use crate::check::links::LinkIndex;
use crate::diagnostics::{Diagnostic, Diagnostics, WarningKind};
use crate::render::Output;

/// How many addresses are asked at once.
const WORKERS: usize = 8;

/// What became of one address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// It answered with a success or redirect status.
    Ok,
    /// It answered with an error status.
    Status(u16),
    /// It did not answer (timeout, DNS, refused connection).
    Unreachable(String),
}

/// External http(s) addresses of the HTML outputs, each with the first page linking to it.
pub fn external_links(outputs: &[Output]) -> BTreeMap<String, String> {
    LinkIndex::from_outputs(outputs).external_links()
}

fn probe(agent: &ureq::Agent, url: &str) -> Outcome {
    // Some servers refuse HEAD; a GET settles it.
    let ask = |head: bool| {
        if head {
            agent.head(url).call()
        } else {
            agent.get(url).call()
        }
    };
    match ask(true) {
        Ok(_) => Outcome::Ok,
        Err(ureq::Error::StatusCode(405 | 403 | 501)) => match ask(false) {
            Ok(_) => Outcome::Ok,
            Err(ureq::Error::StatusCode(c)) => Outcome::Status(c),
            Err(e) => Outcome::Unreachable(e.to_string()),
        },
        Err(ureq::Error::StatusCode(c)) => Outcome::Status(c),
        Err(e) => Outcome::Unreachable(e.to_string()),
    }
}

/// Checks every external address the HTML outputs link to; see [`check_urls`].
pub fn check_external(outputs: &[Output], timeout: Duration) -> (Diagnostics, String) {
    check_urls(external_links(outputs), timeout)
}

/// Checks every address of `links` (address → the first page linking to it) concurrently;
/// problems are warnings (other sites come and go), plus a summary line.
pub fn check_urls(links: BTreeMap<String, String>, timeout: Duration) -> (Diagnostics, String) {
    let links: Vec<(String, String)> = links.into_iter().collect();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(true)
        .build()
        .into();
    let results: Vec<Outcome> = std::thread::scope(|s| {
        let chunks: Vec<&[(String, String)]> =
            links.chunks(links.len().div_ceil(WORKERS).max(1)).collect();
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| {
                let agent = agent.clone();
                s.spawn(move || {
                    chunk
                        .iter()
                        .map(|(u, _)| probe(&agent, u))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    let mut diags = Diagnostics::new();
    let (mut broken, mut unreachable) = (0, 0);
    for ((url, page), outcome) in links.iter().zip(&results) {
        match outcome {
            Outcome::Ok => {}
            Outcome::Status(c) => {
                broken += 1;
                diags.push(
                    Diagnostic::warning(format!(
                        "{page}: the external link {url} answers with status {c}"
                    ))
                    .help("update or remove the link; the page it pointed to may have moved")
                    .with_kind(WarningKind::ExternalLink),
                );
            }
            Outcome::Unreachable(e) => {
                unreachable += 1;
                diags.push(
                    Diagnostic::warning(format!(
                        "{page}: the external link {url} did not answer ({e})"
                    ))
                    .help("check the address; the site may also be down for a while")
                    .with_kind(WarningKind::ExternalLink),
                );
            }
        }
    }
    let summary = format!(
        "External links: {} checked, {broken} broken, {unreachable} unreachable.",
        links.len()
    );
    (diags, summary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};

    #[test]
    fn broken_and_unreachable_links_are_reported() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        // A tiny server answering two requests: /ok with 200, anything else with 404.
        let server = std::thread::spawn(move || {
            for _ in 0..2 {
                let (mut s, _) = listener.accept().unwrap();
                let mut buf = [0u8; 1024];
                let n = s.read(&mut buf).unwrap_or(0);
                let req = String::from_utf8_lossy(&buf[..n]);
                let status = if req.contains(" /ok ") {
                    "200 OK"
                } else {
                    "404 Not Found"
                };
                let _ = write!(
                    s,
                    "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                );
            }
        });
        // A port with nothing listening: connection refused.
        let closed = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let html = format!(
            "<a href=\"http://127.0.0.1:{port}/ok\">a</a> <a href=\"http://127.0.0.1:{port}/gone\">b</a> <a href=\"http://127.0.0.1:{closed}/x\">c</a> <a href=\"/internal/\">d</a>"
        );
        let outputs = vec![Output {
            path: "index.html".into(),
            bytes: html.into_bytes().into(),
        }];
        let (d, summary) = check_external(&outputs, Duration::from_secs(5));
        server.join().unwrap();
        assert_eq!(
            summary,
            "External links: 3 checked, 1 broken, 1 unreachable."
        );
        let msgs: Vec<String> = d.iter().map(|d| d.message.clone()).collect();
        assert!(
            msgs.iter()
                .any(|m| m.contains("/gone") && m.contains("404")),
            "{msgs:?}"
        );
        assert!(
            msgs.iter()
                .any(|m| m.contains(&format!(":{closed}/x")) && m.contains("did not answer")),
            "{msgs:?}"
        );
    }
}
