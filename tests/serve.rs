//! The dev server end to end: serve a fixture, edit it, see the reload event and the new value;
//! break it, see the error overlay; fix it, overlay gone; traversal attempts get 404.
//! Every wait on the server has a deadline, so a hung server fails its test instead of the run.

#[path = "../examples/synth.rs"]
#[allow(dead_code)]
mod synth;

use cityprofiles::site::image_store::ImageStore;
use cityprofiles::site::{BuildOptions, build_in_memory};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

/// How long the server may take to start, build or send an event; generous because the test
/// machine may be busy, bounded so that a hang fails the test instead of stalling CI.
const DEADLINE: Duration = Duration::from_secs(60);

struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Saves like an editor does (write a temp file, then rename), so the watcher never sees a
/// half-written file.
fn save(path: &Path, text: &str) {
    let tmp = path.with_extension("tmp~");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

/// A copy of the minimal fixture site in a temporary folder (kept alive by the returned guard).
fn minimal_site() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal"),
        &site,
    );
    (tmp, site)
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let dest = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// Raw HTTP/1.0 request; returns (status, body).
fn request(port: u16, method: &str, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.set_write_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(s, "{method} {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let text = String::from_utf8_lossy(&buf).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

fn get(port: u16, path: &str) -> (u16, String) {
    request(port, "GET", path)
}

fn wait_until(what: &str, mut f: impl FnMut() -> bool) {
    let start = Instant::now();
    while start.elapsed() < DEADLINE {
        if f() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("timed out after {DEADLINE:?} waiting for {what}");
}

/// The lines `r` yields, read on a thread of their own: a blocking read cannot have a
/// deadline, a channel's `recv_timeout` can.
fn lines_of(r: impl Read + Send + 'static) -> Receiver<String> {
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        let mut r = BufReader::new(r);
        loop {
            let mut line = String::new();
            match r.read_line(&mut line) {
                Ok(0) | Err(_) => break,
                Ok(_) => {
                    if tx.send(line).is_err() {
                        break;
                    }
                }
            }
        }
    });
    rx
}

/// Waits at most `limit` for a line of `lines` for which `ok` holds, and returns every line
/// read up to it; panics naming `what` (and what was read) on the deadline or at the end of
/// the stream.
fn wait_for_line(
    lines: &Receiver<String>,
    limit: Duration,
    what: &str,
    ok: impl Fn(&str) -> bool,
) -> String {
    let end = Instant::now() + limit;
    let mut seen = String::new();
    loop {
        let left = end.saturating_duration_since(Instant::now());
        match lines.recv_timeout(left) {
            Ok(line) => {
                seen.push_str(&line);
                if ok(&line) {
                    return seen;
                }
            }
            Err(RecvTimeoutError::Timeout) => {
                panic!("timed out after {limit:?} waiting for {what}; read so far:\n{seen}")
            }
            Err(RecvTimeoutError::Disconnected) => {
                panic!("the stream ended while waiting for {what}; read:\n{seen}")
            }
        }
    }
}

fn start(site: &Path, extra: &[&str]) -> Server {
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_cityprofiles"))
        .arg("--root")
        .arg(site)
        .arg("serve")
        .arg("--port")
        .arg(port.to_string())
        .args(extra)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let server = Server { child, port };
    wait_until("the server to answer", || {
        TcpStream::connect(("127.0.0.1", port)).is_ok()
    });
    server
}

/// Opens the live-reload event stream and returns its lines from after the init event.
fn event_stream(port: u16) -> Receiver<String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_write_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET /_tower-livereload/event-stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    )
    .unwrap();
    let lines = lines_of(s);
    wait_for_line(&lines, DEADLINE, "the live-reload init event", |l| {
        l.contains("event: init")
    });
    lines
}

fn wait_for_reload(events: &Receiver<String>) {
    wait_for_line(events, DEADLINE, "a reload event", |l| {
        l.contains("event: reload")
    });
}

#[test]
fn edit_reload_error_overlay_and_recovery() {
    let (_tmp, site) = minimal_site();
    let server = start(&site, &[]);
    let port = server.port;
    let (status, body) = get(port, "/cities/testville/");
    assert_eq!(status, 200);
    assert!(body.contains("Testville"));
    assert!(
        body.contains("_tower-livereload"),
        "live-reload script not injected"
    );

    // Change a value: the reload event fires and the page shows the new value. A save can
    // reach the watcher as more than one batch of events, so after the reload event the page
    // is polled until the rebuild that follows the last event has finished.
    let city = site.join("content/cities/testville/city.toml");
    let text = std::fs::read_to_string(&city).unwrap();
    let events = event_stream(port);
    save(
        &city,
        &text.replace("population = 1000", "population = 4321"),
    );
    wait_for_reload(&events);
    let body = page_when(port, "/cities/testville/", |b| b.contains("4,321"));
    assert!(!body.contains("cityprofiles-errors"));

    // Break the file: the last good site is still served, with an overlay naming file and line.
    let events = event_stream(port);
    save(
        &city,
        &text.replace("population = 1000", "population = \"lots\""),
    );
    wait_for_reload(&events);
    let body = page_when(port, "/cities/testville/", |b| {
        b.contains("cityprofiles-errors")
    });
    assert!(
        body.contains("content/cities/testville/city.toml:3:14"),
        "overlay lacks file:line:col: {body}"
    );
    assert!(body.contains("4,321"), "last good site not served");

    // Fix it: the overlay disappears by itself.
    let events = event_stream(port);
    save(&city, &text);
    wait_for_reload(&events);
    let body = page_when(port, "/cities/testville/", |b| {
        !b.contains("cityprofiles-errors")
    });
    assert!(body.contains("1,000"));
}

/// A narrative edit reloads the browser before the language is indexed again, and the index
/// has the new words soon after.
#[test]
fn the_search_index_follows_a_narrative_edit() {
    let (_tmp, site) = minimal_site();
    let server = start(&site, &[]);
    let port = server.port;
    let (status, _) = get(port, "/cities/testville/");
    assert_eq!(status, 200);
    let bundle = site.join("public/search/index");
    let indexed = |word: &str| {
        std::fs::read_dir(bundle.join("pages")).is_ok_and(|d| {
            d.filter_map(Result::ok).any(|e| {
                let mut text = String::new();
                std::fs::File::open(e.path())
                    .map(flate2::read::GzDecoder::new)
                    .and_then(|mut z| z.read_to_string(&mut text))
                    .is_ok()
                    && text.contains(word)
            })
        })
    };
    assert!(!indexed("Zanzibarian"));
    let md = site.join("content/cities/testville/index.md");
    let text = std::fs::read_to_string(&md).unwrap();
    let events = event_stream(port);
    save(&md, &format!("{text}\nA Zanzibarian harbour.\n"));
    wait_for_reload(&events);
    page_when(port, "/cities/testville/", |b| b.contains("Zanzibarian"));
    wait_until("the search index to hold the new word", || {
        indexed("Zanzibarian")
    });
    // Taking the word out again takes it out of the index.
    let events = event_stream(port);
    save(&md, &text);
    wait_for_reload(&events);
    wait_until("the search index to lose the word", || {
        !indexed("Zanzibarian")
    });
}

/// A broken link in Markdown shows in the overlay at its `.md` line, like any build error, and
/// the server goes on serving (and recovers once the link is fixed).
#[test]
fn a_broken_markdown_link_shows_in_the_overlay() {
    let (_tmp, site) = minimal_site();
    let server = start(&site, &[]);
    let port = server.port;
    assert_eq!(get(port, "/about/background/").0, 200);
    let page = site.join("content/pages/background.md");
    let text = std::fs::read_to_string(&page).unwrap();
    let events = event_stream(port);
    save(&page, &format!("{text}\n[Atlantis](/cities/atlantis/)\n"));
    wait_for_reload(&events);
    let body = page_when(port, "/about/background/", |b| {
        b.contains("cityprofiles-errors")
    });
    let line = text.lines().count() + 2;
    assert!(
        body.contains(&format!("content/pages/background.md:{line}:12")),
        "overlay lacks file:line:col: {body}"
    );
    let events = event_stream(port);
    save(&page, &text);
    wait_for_reload(&events);
    page_when(port, "/about/background/", |b| {
        !b.contains("cityprofiles-errors")
    });
}

/// Fetches `path` until `ok` holds (at most 10 s) and returns the body.
fn page_when(port: u16, path: &str, ok: impl Fn(&str) -> bool) -> String {
    let start = Instant::now();
    loop {
        let (status, body) = get(port, path);
        if status == 200 && ok(&body) {
            return body;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "page never reached the expected state: {body}"
        );
        std::thread::sleep(Duration::from_millis(25));
    }
}

/// Where a server that follows the request path as written (percent-decoded, `..` taken as
/// the parent, an absolute path taken as is) would read `probe` from below `served`.
fn naive_target(served: &Path, probe: &str) -> PathBuf {
    let bytes = probe.as_bytes();
    let mut decoded = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                decoded.push(b);
                i += 3;
            }
            (b, _) => {
                decoded.push(b);
                i += 1;
            }
        }
    }
    let path = String::from_utf8(decoded).unwrap();
    let rest = &path[1..];
    let mut target = if rest.starts_with('/') {
        PathBuf::from("/")
    } else {
        served.to_path_buf()
    };
    for part in rest.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                target.pop();
            }
            p => target.push(p),
        }
    }
    target
}

#[test]
fn traversal_and_other_methods_are_refused() {
    let (tmp, site) = minimal_site();
    // The served folder is site/public: one level up is the site's own site.toml, two levels
    // up another file of that name. Each probe below reaches one of them if followed, so a
    // 404 means the server refused it, not that nothing was there.
    let near = "# probe marker: the site's own settings";
    let far = "# probe marker: two levels above the served folder";
    let settings = std::fs::read_to_string(site.join("site.toml")).unwrap();
    std::fs::write(site.join("site.toml"), format!("{settings}{near}\n")).unwrap();
    std::fs::write(tmp.path().join("site.toml"), format!("{far}\n")).unwrap();
    let server = start(&site, &[]);
    assert_eq!(get(server.port, "/").0, 200, "the site is not served");
    let served = site.join("public");
    let absolute = format!("/{}", site.join("site.toml").display());
    let probes = [
        "/../site.toml",
        "/%2e%2e/site.toml",
        "/%2E%2E/site.toml",
        "/..%2fsite.toml",
        "/static/../../site.toml",
        "/static/%2e%2e/%2e%2e/site.toml",
        "/cities/..%2f..%2fsite.toml",
        "/%2e%2e%2f%2e%2e%2fsite.toml",
        "/../../site.toml",
        absolute.as_str(),
    ];
    let mut leaks = Vec::new();
    for path in probes {
        let target = naive_target(&served, path);
        let text = std::fs::read_to_string(&target)
            .unwrap_or_else(|e| panic!("{path} aims at {}: {e}", target.display()));
        assert!(text.contains(near) || text.contains(far), "{path}");
        let (status, body) = get(server.port, path);
        if !(status == 404 || status == 400) || body.contains(near) || body.contains(far) {
            leaks.push(format!(
                "{path} → {status}: {}",
                body.lines().next().unwrap_or("")
            ));
        }
    }
    assert!(
        leaks.is_empty(),
        "requests outside the served folder were answered:\n{}",
        leaks.join("\n")
    );
    let (status, _) = request(server.port, "POST", "/");
    assert_eq!(status, 405);
    let (status, _) = request(server.port, "HEAD", "/");
    assert_eq!(status, 200);
}

#[test]
fn base_path_serves_under_the_prefix_and_redirects_root() {
    let (_tmp, site) = minimal_site();
    let server = start(&site, &["--base-path", "/repo/"]);
    let (status, body) = get(server.port, "/repo/cities/testville/");
    assert_eq!(status, 200);
    assert!(body.contains("href=\"/repo/"));
    let (status, _) = get(server.port, "/");
    assert!(status == 307 || status == 302 || status == 308, "{status}");
}

#[test]
fn a_port_in_use_moves_to_the_next_free_one() {
    let (_tmp, site) = minimal_site();
    let busy = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_cityprofiles"))
        .arg("--root")
        .arg(&site)
        .args(["serve", "--port", &port.to_string()])
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let stderr = lines_of(child.stderr.take().unwrap());
    // Killed on every way out of the test, a failed wait included.
    let _server = Server { child, port };
    let said = wait_for_line(
        &stderr,
        DEADLINE,
        "the server to say where it serves",
        |l| l.contains("Serving"),
    );
    assert!(said.contains(&format!("Port {port} is in use")), "{said}");
}

/// A copy of the example site's content and settings (with `settings_prefix` put before
/// site.toml's own lines) and build options with a dev-server cache, as `serve` uses them.
fn cached_example_site(
    settings_prefix: &str,
) -> (
    tempfile::TempDir,
    std::path::PathBuf,
    std::sync::Arc<cityprofiles::site::SiteCache>,
    BuildOptions,
) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&repo.join("content"), &site.join("content"));
    let settings = std::fs::read_to_string(repo.join("site.toml")).unwrap();
    std::fs::write(
        site.join("site.toml"),
        format!("{settings_prefix}{settings}"),
    )
    .unwrap();
    let cache = std::sync::Arc::new(cityprofiles::site::SiteCache::new());
    let opts = BuildOptions {
        root: site.clone(),
        cache: Some(cache.clone()),
        ..Default::default()
    };
    (tmp, site, cache, opts)
}

/// The incremental rebuild (profiles reused from the cache) gives the same bytes as a full
/// build, and re-renders only the edited city's profiles.
#[test]
fn incremental_and_full_rebuilds_are_identical() {
    let (_tmp, site, cache, mut opts) = cached_example_site("");
    let images = site.join(".cache/cityprofiles/images");
    let store = |opts: &mut BuildOptions| {
        let s = std::sync::Arc::new(ImageStore::new(images.clone()));
        opts.images = Some(s.clone());
        s
    };
    store(&mut opts);
    let first = build_in_memory(&opts).unwrap();
    assert!(cache.take_hits().is_empty());
    let city = site.join("content/cities/asker/city.toml");
    let text = std::fs::read_to_string(&city).unwrap();
    std::fs::write(
        &city,
        text.replace("population = 94441", "population = 95000"),
    )
    .unwrap();
    let second = store(&mut opts);
    let incremental = build_in_memory(&opts).unwrap();
    let reused = cache.take_hits();
    let has = |p: &str| reused.iter().any(|r| r == p);
    // The other cities' profiles and wheels, in every language, are reused...
    for lang in ["", "fr/", "ru/"] {
        for city in ["alesund", "bizerte"] {
            assert!(
                has(&format!("{lang}cities/{city}/index.html")),
                "{lang}{city}"
            );
            assert!(has(&format!("{lang}charts/cities/{city}-wheel.svg")));
        }
        // ...the edited city's profile and the cities index (it lists populations) are not...
        assert!(!has(&format!("{lang}cities/asker/index.html")));
        assert!(!has(&format!("{lang}cities/index.html")));
        // ...and pages that do not show the population are reused as well.
        assert!(has(&format!("{lang}indicators/ec-ict-ict-1c/index.html")));
        assert!(has(&format!("{lang}about/index.html")));
    }
    // The cities' cards are drawn once for every language and show no population: the others
    // are reused as they were, and the edited city's, laid out again, is the same image, read
    // back instead of drawn (no image is drawn again at all).
    for city in ["alesund", "bizerte", "riyadh"] {
        assert!(has(&format!("charts/cities/{city}-card.png")), "{city}");
    }
    assert!(!has("charts/cities/asker-card.png"));
    assert_eq!(second.counts().1, 0, "images drawn again");
    assert!(second.counts().0 >= 1);
    // Everything that changed was rendered again: no reused page differs from the first build.
    for o in &first.outputs {
        if has(&o.path) {
            let now = incremental
                .outputs
                .iter()
                .find(|n| n.path == o.path)
                .unwrap();
            assert_eq!(now.bytes, o.bytes, "{} was reused but changed", o.path);
        }
    }
    assert_same_as_full_build(&site, &incremental);
    assert!(output_text(&incremental, "cities/asker/index.html").contains("95,000"));
}

/// Asserts that every file of `incremental` has the same bytes as a full build of `site`.
/// The text of the file at `path` in a build's outputs.
fn output_text(built: &cityprofiles::site::Built, path: &str) -> String {
    let o = built.outputs.iter().find(|o| o.path == path).unwrap();
    String::from_utf8_lossy(&o.bytes).into_owned()
}

fn assert_same_as_full_build(site: &Path, incremental: &cityprofiles::site::Built) {
    let full = build_in_memory(&BuildOptions {
        root: site.to_path_buf(),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(incremental.outputs.len(), full.outputs.len());
    for (a, b) in incremental.outputs.iter().zip(&full.outputs) {
        assert_eq!(a.path, b.path);
        assert!(
            a.bytes == b.bytes,
            "{} differs between incremental and full rebuild",
            a.path
        );
    }
}

/// Editing one KPI value re-renders the pages of that KPI (its indicator page, its dimension)
/// and reuses the pages of the other KPIs; editing a source's title reaches every data file
/// that lists the city's rows. Both rebuilds equal a full build.
#[test]
fn a_value_edit_re_renders_the_pages_of_that_kpi_only() {
    let (_tmp, site, cache, opts) = cached_example_site("");
    build_in_memory(&opts).unwrap();
    cache.take_hits();
    let city = site.join("content/cities/asker/city.toml");
    let text = std::fs::read_to_string(&city).unwrap();
    let edited = text.replace(
        "\"SC: SH: SI: 1C\" = { value = 0.64,",
        "\"SC: SH: SI: 1C\" = { value = 0.93,",
    );
    assert_ne!(edited, text);
    std::fs::write(&city, &edited).unwrap();
    let built = build_in_memory(&opts).unwrap();
    let reused = cache.take_hits();
    let has = |p: &str| reused.iter().any(|r| r == p);
    for lang in ["", "fr/", "ru/"] {
        assert!(!has(&format!("{lang}indicators/sc-sh-si-1c/index.html")));
        assert!(!has(&format!(
            "{lang}dimensions/society-and-culture/index.html"
        )));
        assert!(
            has(&format!("{lang}indicators/sc-sh-si-2c/index.html")),
            "{lang}"
        );
        assert!(has(&format!("{lang}indicators/ec-ict-ict-1c/index.html")));
        assert!(has(&format!("{lang}dimensions/economy/index.html")));
        assert!(has(&format!("{lang}sdgs/9/index.html")));
    }
    let file = |b: &cityprofiles::site::Built, p: &str| {
        let o = b.outputs.iter().find(|o| o.path == p).unwrap();
        String::from_utf8_lossy(&o.bytes).into_owned()
    };
    assert!(file(&built, "data/indicators/sc-sh-si-1c.csv").contains("\nasker,,2020,0.93,"));
    assert!(file(&built, "data/values.csv").contains("\nasker,SC-SH-SI-1C,2020,0.93,"));
    assert_same_as_full_build(&site, &built);

    let edited = edited.replace(
        "U4SSC Verification Report, Asker, Norway (September 2020), p. 14",
        "U4SSC Verification Report of Asker, p. 14",
    );
    std::fs::write(&city, &edited).unwrap();
    let built = build_in_memory(&opts).unwrap();
    // A source's title is written once, in sources.csv; the rows refer to it by key.
    assert!(file(&built, "data/sources.csv").contains("U4SSC Verification Report of Asker"));
    assert!(!file(&built, "data/values.csv").contains("U4SSC Verification Report"));
    assert_same_as_full_build(&site, &built);

    // Another population band changes the peer groups of every comparison, but no group of
    // the example site reaches five cities, so no median a page shows changes: the KPI pages
    // (keyed by the medians they show) are reused, and the result still equals a full build.
    cache.take_hits();
    std::fs::write(
        &city,
        edited.replace("population = 94441", "population = 150000"),
    )
    .unwrap();
    let built = build_in_memory(&opts).unwrap();
    let reused = cache.take_hits();
    assert!(!reused.iter().any(|p| p == "cities/asker/index.html"));
    assert!(
        reused
            .iter()
            .any(|p| p == "indicators/sc-sh-si-1c/index.html")
    );
    assert!(
        reused
            .iter()
            .any(|p| p == "dimensions/society-and-culture/index.html")
    );
    assert_same_as_full_build(&site, &built);
}

/// On a site with more cities than a chunk of matrix rows, the dev server's rebuild after one
/// city's KPI value changed renders again the rows of that city's chunk only, on the pages of
/// that KPI's dimension and SDGs; the pages of other dimensions are not even opened. The
/// result equals a full build.
#[test]
fn a_value_edit_renders_again_only_the_chunk_of_rows_holding_the_city() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    synth::generate(150, 1, 7, &site).unwrap();
    let cache = std::sync::Arc::new(cityprofiles::site::SiteCache::new());
    let opts = BuildOptions {
        root: site.clone(),
        cache: Some(cache.clone()),
        ..Default::default()
    };
    build_in_memory(&opts).unwrap();
    assert!(cache.take_row_hits().is_empty(), "nothing to reuse yet");
    // The first city in folder order is the first row of every matrix: chunk 0.
    let mut folders: Vec<String> = std::fs::read_dir(site.join("content/cities"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    folders.sort();
    let file = site
        .join("content/cities")
        .join(&folders[0])
        .join("city.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    let line = text
        .lines()
        .find(|l| l.starts_with("\"EC: ") && l.contains("{ value = "))
        .expect("an Economy KPI with a number")
        .to_string();
    let edited = line.replacen("{ value = ", "{ value = 1", 1);
    std::fs::write(&file, text.replacen(&line, &edited, 1)).unwrap();
    let built = build_in_memory(&opts).unwrap();
    let hits = cache.take_row_hits();
    assert!(
        hits.contains(&("dimensions/economy/".to_string(), 1)),
        "{hits:?}"
    );
    assert!(
        !hits.contains(&("dimensions/economy/".to_string(), 0)),
        "{hits:?}"
    );
    assert!(
        !hits
            .iter()
            .any(|(p, _)| p.starts_with("dimensions/environment/")),
        "{hits:?}"
    );
    assert_same_as_full_build(&site, &built);
    let economy = output_text(&built, "dimensions/economy/index.html");
    assert_eq!(economy.matches("<th scope=\"row\">").count(), 150);
}

/// Editing a template re-renders the pages that use it and reuses the others.
#[test]
fn a_template_edit_re_renders_only_the_pages_using_it() {
    let (_tmp, site, cache, opts) = cached_example_site("");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    build_in_memory(&opts).unwrap();
    cache.take_hits();
    let theme = std::fs::read_to_string(repo.join("templates/indicator.html")).unwrap();
    std::fs::create_dir_all(site.join("templates")).unwrap();
    std::fs::write(
        site.join("templates/indicator.html"),
        theme.replacen(
            "{% block content %}",
            "{% block content %}<!-- edited -->",
            1,
        ),
    )
    .unwrap();
    let built = build_in_memory(&opts).unwrap();
    let reused = cache.take_hits();
    let page = |p: &str| {
        let o = built.outputs.iter().find(|o| o.path == p).unwrap();
        String::from_utf8_lossy(&o.bytes).into_owned()
    };
    assert!(page("indicators/ec-ict-ict-1c/index.html").contains("<!-- edited -->"));
    assert!(!reused.iter().any(|p| p.starts_with("indicators/ec-")));
    for p in ["cities/asker/index.html", "index.html", "about/index.html"] {
        assert!(
            reused.iter().any(|r| r == p),
            "{p} does not use indicator.html"
        );
        assert!(!page(p).contains("<!-- edited -->"));
    }
}

/// A site's own catalog translations are part of what profiles share: editing one re-renders
/// the profiles of that language instead of serving stale names.
#[test]
fn a_catalog_translation_edit_reaches_the_cached_profiles() {
    let (_tmp, site, cache, opts) = cached_example_site("catalog = \"mycat/u4ssc.toml\"\n");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::create_dir_all(site.join("mycat")).unwrap();
    for f in ["u4ssc.toml", "u4ssc.fr.toml"] {
        std::fs::copy(repo.join("catalog").join(f), site.join("mycat").join(f)).unwrap();
    }
    build_in_memory(&opts).unwrap();
    cache.take_hits();
    let fr = site.join("mycat/u4ssc.fr.toml");
    let text = std::fs::read_to_string(&fr).unwrap();
    assert!(text.contains("name = \"Accès des ménages à Internet\""));
    std::fs::write(
        &fr,
        text.replace(
            "name = \"Accès des ménages à Internet\"",
            "name = \"Ménages connectés à Internet\"",
        ),
    )
    .unwrap();
    let built = build_in_memory(&opts).unwrap();
    let reused = cache.take_hits();
    assert!(!reused.iter().any(|p| p == "fr/cities/bizerte/index.html"));
    let page = built
        .outputs
        .iter()
        .find(|o| o.path == "fr/cities/bizerte/index.html")
        .unwrap();
    assert!(String::from_utf8_lossy(&page.bytes).contains("Ménages connectés à Internet"));
}

#[test]
fn polling_watcher_sees_edits_too() {
    let (_tmp, site) = minimal_site();
    let server = start(&site, &["--poll"]);
    // The poller's first scan is its baseline: an edit made before it would go unseen.
    std::thread::sleep(Duration::from_millis(1500));
    let city = site.join("content/cities/testville/city.toml");
    let text = std::fs::read_to_string(&city).unwrap();
    let events = event_stream(server.port);
    save(
        &city,
        &text.replace("population = 1000", "population = 2468"),
    );
    wait_for_reload(&events);
    page_when(server.port, "/cities/testville/", |b| b.contains("2,468"));
}

#[test]
fn a_rebuild_does_not_trigger_another() {
    let (_tmp, site) = minimal_site();
    let server = start(&site, &[]);
    let city = site.join("content/cities/testville/city.toml");
    let text = std::fs::read_to_string(&city).unwrap();
    let events = event_stream(server.port);
    save(
        &city,
        &text.replace("population = 1000", "population = 1357"),
    );
    wait_for_reload(&events);
    page_when(server.port, "/cities/testville/", |b| b.contains("1,357"));
    // The rebuild read every file; reading must not count as a change (it once looped).
    let quiet = event_stream(server.port);
    let end = Instant::now() + Duration::from_secs(2);
    while let Ok(line) = quiet.recv_timeout(end.saturating_duration_since(Instant::now())) {
        assert!(
            !line.contains("event: reload"),
            "a rebuild triggered another rebuild"
        );
    }
}
