//! Publishing under a sub-path, as GitHub project pages do: `init` a site, build it for
//! `https://example.github.io/repo/`, serve the output under `/repo/` with a tiny static server
//! (404.html for anything missing, like GitHub Pages), and crawl it from `/repo/`. Every
//! internal link, asset, search index and data download must answer 200, and no internal URL
//! may leave out the `/repo/` prefix. The 404 page must work at any depth.

use std::collections::{BTreeSet, HashSet, VecDeque};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

const BASE_URL: &str = "https://example.github.io/repo/";
const ORIGIN: &str = "https://example.github.io";
const PREFIX: &str = "/repo/";

// ---------------------------------------------------------------------------------------------
// A static file server for the test: GET /repo/<path> → <root>/<path>, <dir>/ → index.html.

struct StaticServer {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl StaticServer {
    fn start(root: PathBuf) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            for conn in listener.incoming() {
                if stopped.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(conn) = conn {
                    let _ = answer(conn, &root);
                }
            }
        });
        Self {
            addr,
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the blocking accept so the thread sees the flag.
        let _ = TcpStream::connect(self.addr);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn answer(conn: TcpStream, root: &Path) -> std::io::Result<()> {
    conn.set_read_timeout(Some(Duration::from_secs(5)))?;
    let mut reader = BufReader::new(conn);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
    }
    let mut conn = reader.into_inner();
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let (status, file) = if method != "GET" {
        ("405 Method Not Allowed", None)
    } else {
        match resolve(root, target) {
            Some(f) => ("200 OK", Some(f)),
            None => (
                "404 Not Found",
                Some(root.join("404.html")).filter(|f| f.is_file()),
            ),
        }
    };
    let body = file
        .as_ref()
        .map(|f| std::fs::read(f).unwrap_or_default())
        .unwrap_or_default();
    let ctype = file.as_deref().map_or("text/plain", content_type);
    write!(
        conn,
        "HTTP/1.0 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    conn.write_all(&body)?;
    conn.flush()
}

/// The file answering a request target, if any: only under /repo/, no `..`.
fn resolve(root: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next()?;
    let rest = percent_decode(path.strip_prefix(PREFIX)?)?;
    if rest
        .split('/')
        .any(|seg| seg == ".." || seg == "." || seg.contains('\\'))
    {
        return None;
    }
    let file = if rest.is_empty() || rest.ends_with('/') {
        root.join(&rest).join("index.html")
    } else {
        root.join(&rest)
    };
    file.is_file().then_some(file)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css",
        "js" | "mjs" => "text/javascript",
        "json" => "application/json",
        "xml" => "application/xml",
        "csv" => "text/csv",
        "svg" => "image/svg+xml",
        "txt" => "text/plain",
        _ => "application/octet-stream",
    }
}

// ---------------------------------------------------------------------------------------------
// An HTTP/1.0 client.

struct Response {
    status: u16,
    content_type: String,
    body: Vec<u8>,
}

fn get(addr: SocketAddr, path: &str) -> Response {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    write!(s, "GET {path} HTTP/1.0\r\nHost: example.github.io\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("response without a header end");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let content_type = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("content-type")
                .then(|| v.trim().to_string())
        })
        .unwrap_or_default();
    Response {
        status,
        content_type,
        body: raw[split + 4..].to_vec(),
    }
}

// ---------------------------------------------------------------------------------------------
// Finding URLs in what the site serves.

/// An HTML start tag: its name and attributes (values with entities decoded).
struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
}

impl Tag {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The start tags of an HTML text (comments skipped, script and style content not parsed as
/// markup), and the text of its inline `<style>` elements.
fn parse_html(html: &str) -> (Vec<Tag>, Vec<String>) {
    let mut tags = Vec::new();
    let mut styles = Vec::new();
    let b = html.as_bytes();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        i += off + 1;
        if html[i..].starts_with("!--") {
            i = html[i..].find("-->").map_or(html.len(), |e| i + e + 3);
            continue;
        }
        if !b.get(i).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let name_end = html[i..]
            .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
            .map_or(html.len(), |e| i + e);
        let mut tag = Tag {
            name: html[i..name_end].to_ascii_lowercase(),
            attrs: Vec::new(),
        };
        i = name_end;
        loop {
            while b
                .get(i)
                .is_some_and(|c| c.is_ascii_whitespace() || *c == b'/')
            {
                i += 1;
            }
            match b.get(i) {
                None => break,
                Some(b'>') => {
                    i += 1;
                    break;
                }
                _ => {}
            }
            let start = i;
            while b
                .get(i)
                .is_some_and(|c| !c.is_ascii_whitespace() && !b"=>/".contains(c))
            {
                i += 1;
            }
            let name = html[start..i].to_ascii_lowercase();
            if name.is_empty() {
                i += 1;
                continue;
            }
            while b.get(i).is_some_and(u8::is_ascii_whitespace) {
                i += 1;
            }
            if b.get(i) != Some(&b'=') {
                tag.attrs.push((name, String::new()));
                continue;
            }
            i += 1;
            while b.get(i).is_some_and(u8::is_ascii_whitespace) {
                i += 1;
            }
            let value = match b.get(i) {
                Some(&q) if q == b'"' || q == b'\'' => {
                    let end = html[i + 1..]
                        .find(q as char)
                        .map_or(html.len(), |e| i + 1 + e);
                    let v = &html[i + 1..end];
                    i = (end + 1).min(html.len());
                    v
                }
                _ => {
                    let start = i;
                    while b
                        .get(i)
                        .is_some_and(|c| !c.is_ascii_whitespace() && *c != b'>')
                    {
                        i += 1;
                    }
                    &html[start..i]
                }
            };
            tag.attrs.push((name, decode_entities(value)));
        }
        // Raw-text elements: their content is no markup.
        if tag.name == "script" || tag.name == "style" {
            let close = format!("</{}", tag.name);
            let end = html[i..]
                .match_indices("</")
                .map(|(e, _)| i + e)
                .find(|&e| {
                    html.get(e..e + close.len())
                        .is_some_and(|t| t.eq_ignore_ascii_case(&close))
                })
                .unwrap_or(html.len());
            if tag.name == "style" {
                styles.push(html[i..end].to_string());
            }
            i = end;
        }
        tags.push(tag);
    }
    (tags, styles)
}

fn decode_entities(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&#x2F;", "/")
        .replace("&#47;", "/")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// A URL found somewhere, and whether it sits where only URLs go (`href`, `src`, `url()`, …)
/// or is a value that merely looks like one (`data-*`, `content`, strings in JSON or JS).
struct Found {
    url: String,
    surely_url: bool,
}

fn surely(url: &str) -> Found {
    Found {
        url: url.to_string(),
        surely_url: true,
    }
}

fn maybe(url: &str) -> Found {
    Found {
        url: url.to_string(),
        surely_url: false,
    }
}

/// The URLs among the attributes of HTML tags.
fn urls_in_tags(tags: &[Tag]) -> Vec<Found> {
    let mut urls = Vec::new();
    for (name, value) in tags.iter().flat_map(|t| &t.attrs) {
        let v = value.trim();
        match name.as_str() {
            "href" | "src" | "xlink:href" | "action" | "formaction" | "poster" | "cite"
            | "data" => urls.push(surely(v)),
            "srcset" => urls.extend(
                v.split(',')
                    .filter_map(|c| c.split_whitespace().next())
                    .map(surely),
            ),
            _ if v.starts_with('/') || v.starts_with(ORIGIN) => urls.push(maybe(v)),
            _ => {}
        }
    }
    urls
}

/// `url(...)` references of a style sheet.
fn css_urls(css: &str) -> Vec<Found> {
    let mut urls = Vec::new();
    let mut rest = css;
    while let Some(i) = rest.find("url(") {
        rest = &rest[i + 4..];
        let end = rest.find(')').unwrap_or(rest.len());
        let u = rest[..end].trim().trim_matches(['"', '\'']).trim();
        if !u.is_empty() {
            urls.push(surely(u));
        }
        rest = &rest[end..];
    }
    urls
}

/// String literals of JSON or JavaScript that start with `/` (comments of JS skipped).
fn string_literals(text: &str) -> Vec<Found> {
    let mut found = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' | '\'' | '`' => {
                let start = i + 1;
                let mut end = text.len();
                while let Some((j, d)) = chars.next() {
                    if d == '\\' {
                        chars.next();
                    } else if d == c {
                        end = j;
                        break;
                    }
                }
                let s = &text[start..end];
                // Template literals: the part before an interpolation.
                let s = s.split("${").next().unwrap_or(s);
                if s.starts_with('/') || s.starts_with(ORIGIN) {
                    found.push(maybe(s));
                }
            }
            '/' if chars.peek().is_some_and(|(_, d)| *d == '/') => {
                for (_, d) in chars.by_ref() {
                    if d == '\n' {
                        break;
                    }
                }
            }
            '/' if chars.peek().is_some_and(|(_, d)| *d == '*') => {
                chars.next();
                let mut star = false;
                for (_, d) in chars.by_ref() {
                    if star && d == '/' {
                        break;
                    }
                    star = d == '*';
                }
            }
            _ => {}
        }
    }
    found
}

/// Every `https://example.github.io…` address in a text (sitemaps, feeds, JSON-LD, CSV).
fn absolute_urls(text: &str) -> Vec<Found> {
    text.match_indices(ORIGIN)
        .map(|(i, _)| {
            let rest = &text[i..];
            // Text on a page ends a URL with an escaped quote (`&quot;`, CSL-JSON) or a brace
            // (BibTeX) as well; neither `&` nor braces appear raw in the site's own addresses.
            let end = rest
                .find(|c: char| c.is_whitespace() || "\"'<>),;`\\&{}".contains(c))
                .unwrap_or(rest.len());
            surely(&rest[..end])
        })
        .collect()
}

/// Resolves a URL found on the page at `page` (a path like `/repo/cities/x/`) to the path to
/// fetch, or says why it is wrong. `None`: not ours (external, `mailto:`, a bare `#anchor`, …).
fn resolve_url(page: &str, url: &str) -> Option<Result<String, String>> {
    let url = url.trim();
    let no_fragment = url.split('#').next().unwrap_or("");
    let lower = no_fragment.to_ascii_lowercase();
    if no_fragment.is_empty() {
        return None;
    }
    let path = if let Some(rest) = no_fragment.strip_prefix(ORIGIN) {
        if rest.is_empty() {
            "/".to_string()
        } else {
            rest.to_string()
        }
    } else if lower.starts_with("//")
        || lower.starts_with("http:")
        || lower.starts_with("https:")
        || lower.starts_with("mailto:")
        || lower.starts_with("tel:")
        || lower.starts_with("data:")
        || lower.starts_with("javascript:")
        || lower.starts_with("blob:")
    {
        return None;
    } else if no_fragment.starts_with('/') {
        no_fragment.to_string()
    } else {
        // Relative: against the page's folder.
        let dir = &page[..page.rfind('/').map_or(0, |i| i + 1)];
        normalize(&format!("{dir}{no_fragment}"))
    };
    let path = path.split('?').next().unwrap_or("").to_string();
    Some(if path.starts_with(PREFIX) {
        Ok(path)
    } else {
        Err(format!("`{url}` leaves out the base path {PREFIX}"))
    })
}

/// Removes `.` and `..` segments of an absolute path.
fn normalize(path: &str) -> String {
    let mut segs: Vec<&str> = Vec::new();
    let trailing = path.ends_with('/') || path.ends_with("/.") || path.ends_with("/..");
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                segs.pop();
            }
            s => segs.push(s),
        }
    }
    let mut out = format!("/{}", segs.join("/"));
    if trailing && !out.ends_with('/') {
        out.push('/');
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The crawl.

struct Crawl {
    addr: SocketAddr,
    /// Names at the top of the output folder: `/cities/…` in a script names a page of the site.
    top_level: HashSet<String>,
    seen: HashSet<String>,
    queue: VecDeque<(String, String)>,
    problems: BTreeSet<String>,
    fetched: usize,
    pages: usize,
}

impl Crawl {
    fn new(addr: SocketAddr, out: &Path) -> Self {
        let top_level = std::fs::read_dir(out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        Self {
            addr,
            top_level,
            seen: HashSet::new(),
            queue: VecDeque::new(),
            problems: BTreeSet::new(),
            fetched: 0,
            pages: 0,
        }
    }

    fn enqueue(&mut self, path: &str, from: &str) {
        if self.seen.insert(path.to_string()) {
            self.queue.push_back((path.to_string(), from.to_string()));
        }
    }

    /// Whether a value that merely looks like a URL is one of this site's.
    fn is_ours(&self, v: &str) -> bool {
        if v.starts_with(PREFIX) || v.starts_with(ORIGIN) {
            return true;
        }
        let first = v
            .trim_start_matches('/')
            .split(['/', '?', '#'])
            .next()
            .unwrap_or("");
        v.starts_with('/') && !v.starts_with("//") && self.top_level.contains(first)
    }

    /// Queues the URLs found in `body`, served at `at` with `content_type`.
    fn scan(&mut self, at: &str, content_type: &str, body: &[u8]) {
        let Ok(text) = std::str::from_utf8(body) else {
            return;
        };
        let mut found = Vec::new();
        if content_type.starts_with("text/html") {
            self.pages += 1;
            let (tags, styles) = parse_html(text);
            found.extend(urls_in_tags(&tags));
            found.extend(styles.iter().flat_map(|s| css_urls(s)));
        } else if content_type.starts_with("text/css") {
            found.extend(css_urls(text));
        } else if content_type.starts_with("application/json")
            || content_type.starts_with("text/javascript")
        {
            found.extend(string_literals(text));
        }
        found.extend(absolute_urls(text));
        for f in found {
            if !f.surely_url && !self.is_ours(&f.url) {
                continue;
            }
            match resolve_url(at, &f.url) {
                None => {}
                Some(Err(why)) => {
                    self.problems.insert(format!("{at}: {why}"));
                }
                Some(Ok(path)) => self.enqueue(&path, at),
            }
        }
    }

    /// Fetches everything queued, scanning what it gets.
    fn run(&mut self, deadline: Instant) {
        while let Some((path, from)) = self.queue.pop_front() {
            assert!(
                Instant::now() < deadline && self.fetched < 20_000,
                "the crawl did not finish ({} URLs fetched)",
                self.fetched
            );
            let r = get(self.addr, &path);
            self.fetched += 1;
            if r.status != 200 {
                self.problems
                    .insert(format!("{from}: `{path}` answers {}", r.status));
                continue;
            }
            self.scan(&path, &r.content_type, &r.body);
        }
    }
}

fn cityprofiles() -> assert_cmd::Command {
    assert_cmd::Command::new(env!("CARGO_BIN_EXE_cityprofiles"))
}

#[test]
fn a_new_site_built_for_a_sub_path_resolves_every_url_under_it() {
    let started = Instant::now();
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let out = tmp.path().join("public");
    cityprofiles().arg("init").arg(&site).assert().success();
    cityprofiles()
        .arg("--root")
        .arg(&site)
        .arg("build")
        .arg("--output-dir")
        .arg(&out)
        .args(["--base-url", BASE_URL])
        .assert()
        .success();
    assert!(
        out.join("index.html").is_file(),
        "the build wrote no index.html"
    );

    let server = StaticServer::start(out.clone());
    let mut crawl = Crawl::new(server.addr, &out);
    let deadline = started + Duration::from_secs(60);

    // Everything reachable from the home page.
    crawl.enqueue(PREFIX, "(start)");
    crawl.run(deadline);
    assert!(
        crawl.pages > 1,
        "the home page links to no other page (crawled {} pages)",
        crawl.pages
    );

    // Search indexes and data downloads that only scripts name, sitemaps, robots.txt: every
    // JSON, CSV, XML and text file of the output is served under the prefix, and its URLs
    // resolve too.
    for entry in walkdir::WalkDir::new(&out).sort_by_file_name() {
        let entry = entry.unwrap();
        let ext = entry.path().extension().and_then(|e| e.to_str());
        if entry.file_type().is_file() && matches!(ext, Some("json" | "csv" | "xml" | "txt")) {
            let rel = entry.path().strip_prefix(&out).unwrap();
            let rel = rel.to_string_lossy().replace('\\', "/");
            crawl.enqueue(&format!("{PREFIX}{rel}"), "(output folder)");
        }
    }
    crawl.run(deadline);

    // The 404 page links its style sheet absolutely under the prefix…
    let r = get(server.addr, "/repo/404.html");
    assert_eq!(r.status, 200, "/repo/404.html is missing");
    let (tags, _) = parse_html(&String::from_utf8_lossy(&r.body));
    let stylesheets: Vec<&str> = tags
        .iter()
        .filter(|t| {
            t.name == "link"
                && t.attr("rel")
                    .is_some_and(|r| r.split_whitespace().any(|r| r == "stylesheet"))
        })
        .filter_map(|t| t.attr("href"))
        .collect();
    if stylesheets.is_empty() {
        crawl
            .problems
            .insert("/repo/404.html: links no style sheet".into());
    }
    for href in stylesheets
        .iter()
        .filter(|h| !h.starts_with(PREFIX) && !h.starts_with(BASE_URL))
    {
        crawl.problems.insert(format!(
            "/repo/404.html: style sheet `{href}` is not absolute under {PREFIX}, so it breaks \
             when GitHub Pages serves the page for a missing URL in a sub-folder"
        ));
    }
    // …and, served for a missing URL deep down as GitHub Pages does, every URL in it resolves.
    let deep = "/repo/no/such/page/at/any/depth/";
    let r = get(server.addr, deep);
    assert_eq!(r.status, 404);
    assert_eq!(r.body, std::fs::read(out.join("404.html")).unwrap());
    crawl.scan(deep, "text/html", &r.body);
    crawl.run(deadline);
    drop(server);

    assert!(
        crawl.problems.is_empty(),
        "{} problems in the site built for {BASE_URL}:\n  {}",
        crawl.problems.len(),
        crawl
            .problems
            .iter()
            .cloned()
            .collect::<Vec<_>>()
            .join("\n  ")
    );
    eprintln!(
        "crawled {} pages, {} URLs in {:.1?}",
        crawl.pages,
        crawl.fetched,
        started.elapsed()
    );
}

#[test]
fn the_crawler_resolves_and_rejects_urls() {
    let page = "/repo/cities/asker/";
    let ok = |u: &str| resolve_url(page, u).unwrap().unwrap();
    assert_eq!(ok("/repo/style.css?v=1"), "/repo/style.css");
    assert_eq!(ok("../bizerte/#kpis"), "/repo/cities/bizerte/");
    assert_eq!(ok("data.csv"), "/repo/cities/asker/data.csv");
    assert_eq!(
        ok("https://example.github.io/repo/cities/"),
        "/repo/cities/"
    );
    for bad in [
        "/cities/",
        "../../../x/",
        "https://example.github.io/cities/",
    ] {
        assert!(resolve_url(page, bad).unwrap().is_err(), "{bad}");
    }
    for not_ours in ["#top", "https://www.itu.int/", "mailto:a@b.org", "data:,x"] {
        assert!(resolve_url(page, not_ours).is_none(), "{not_ours}");
    }
    assert_eq!(normalize("/repo/a/./b/../c/"), "/repo/a/c/");

    let (tags, styles) = parse_html(
        "<!-- <a href=\"/no\"> --><link rel=stylesheet href='/repo/a.css'>\
         <img srcset=\"/repo/a.png 1x, /repo/b.png 2x\" alt=\"a > b\">\
         <div data-index=\"/repo/search.json\" title=\"per 100 000\" hidden></div>\
         <script>if (a<b) x = '<a href=\"/inline\">';</script>\
         <style>body{background:url(\"/repo/bg.svg\")}</style><a href=\"/repo/?a=1&amp;b=2\">",
    );
    let urls: Vec<(String, bool)> = urls_in_tags(&tags)
        .into_iter()
        .map(|f| (f.url, f.surely_url))
        .collect();
    let expected = [
        ("/repo/a.css", true),
        ("/repo/a.png", true),
        ("/repo/b.png", true),
        ("/repo/search.json", false),
        ("/repo/?a=1&b=2", true),
    ];
    assert_eq!(urls, expected.map(|(u, s)| (u.to_string(), s)));
    let css: Vec<String> = css_urls(&styles[0]).into_iter().map(|f| f.url).collect();
    assert_eq!(css, ["/repo/bg.svg"]);
    let strings: Vec<String> = string_literals(
        "{\"url\":\"/repo/x/\",\"n\":\"a/b\",\"it's\":\"/\"} // \"/comment\"\n\
         fetch(`/search.json`); /* '/no' */ f('/cities/' + s)",
    )
    .into_iter()
    .map(|f| f.url)
    .collect();
    assert_eq!(strings, ["/repo/x/", "/", "/search.json", "/cities/"]);
}
