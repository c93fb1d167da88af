//! Markdown to HTML, once per file per build.
//!
//! Three things happen beside plain rendering: headings get stable ids (for anchors and the
//! table of contents), root-relative links get a marker where the render stage puts the site's
//! base path (`render::urls::Urls::markdown_links`, so a parse serves every base path and
//! language), and
//! `{{ kpi("CODE") }}` citations are replaced by placeholders that the render stage fills
//! with the formatted value, because values are only known after the engine ran.

use std::ops::Range;

use pulldown_cmark::{Alignment, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

use crate::config::RawHtml;
use crate::model::catalog::slugify;

use crate::model::content::{BadShortcode, Citation, Heading, Link, Rendered};
use crate::model::markers::{FILE_BASE, PAGE_BASE, placeholder};

/// Options: tables, footnotes, strikethrough and heading attributes.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Byte ranges of code (fenced blocks and backtick spans), where shortcodes are shown as
/// written, so documentation can quote `{{ kpi("...") }}` without citing anything.
fn code_ranges(src: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut pos = 0;
    let mut fence: Option<usize> = None;
    for line in src.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let is_fence = trimmed.starts_with("```") || trimmed.starts_with("~~~");
        match (fence, is_fence) {
            (None, true) => fence = Some(pos),
            (Some(start), true) => {
                out.push(start..pos + line.len());
                fence = None;
            }
            (Some(_), false) => {}
            (None, false) => {
                let mut open: Option<usize> = None;
                for (i, c) in line.char_indices() {
                    if c == '`' {
                        match open {
                            None => open = Some(pos + i),
                            Some(o) => {
                                out.push(o..pos + i + 1);
                                open = None;
                            }
                        }
                    }
                }
            }
        }
        pos += line.len();
    }
    if let Some(start) = fence {
        out.push(start..src.len());
    }
    out
}

/// Where the citation placeholders sit in the rewritten text and where their shortcodes sit in
/// the original, in order: placeholders are not as long as the shortcodes they replace, and
/// link spans must point into the file as its author wrote it.
#[derive(Debug, Default)]
struct Shifts(Vec<(Range<usize>, Range<usize>)>);

impl Shifts {
    /// The offset in the original text of `at`, an offset in the rewritten one; inside a
    /// placeholder, the start of its shortcode.
    fn original(&self, at: usize) -> usize {
        let mut delta = 0isize;
        for (new, old) in &self.0 {
            if at < new.start {
                break;
            }
            if at < new.end {
                return old.start;
            }
            delta = old.end as isize - new.end as isize;
        }
        at.saturating_add_signed(delta)
    }
}

/// Finds `{{ kpi(...) }}` in the source and swaps each for a placeholder; also says where
/// each placeholder went.
fn rewrite_citations(
    src: &str,
    offset: usize,
) -> (String, Vec<Citation>, Vec<BadShortcode>, Shifts) {
    let code = code_ranges(src);
    let in_code = |i: usize| code.iter().any(|r| r.contains(&i));
    let mut out = String::with_capacity(src.len());
    let mut cites = Vec::new();
    let mut bad = Vec::new();
    let mut shifts = Shifts::default();
    let mut rest = src;
    let mut pos = 0;
    while let Some(i) = rest.find("{{") {
        let Some(j) = rest[i..].find("}}") else { break };
        if in_code(pos + i) {
            out.push_str(&rest[..i + 2]);
            pos += i + 2;
            rest = &rest[i + 2..];
            continue;
        }
        let inner = rest[i + 2..i + j].trim();
        let span = offset + pos + i..offset + pos + i + j + 2;
        out.push_str(&rest[..i]);
        if inner.starts_with("kpi") {
            match parse_kpi_call(inner) {
                Ok((code, point)) => {
                    let at = out.len();
                    out.push_str(&placeholder(cites.len()));
                    shifts.0.push((at..out.len(), pos + i..pos + i + j + 2));
                    cites.push(Citation { code, point, span });
                }
                Err(message) => {
                    bad.push(BadShortcode { message, span });
                    out.push_str(&rest[i..i + j + 2]);
                }
            }
        } else {
            bad.push(BadShortcode {
                message: format!("unknown shortcode `{{{{ {inner} }}}}`"),
                span,
            });
            out.push_str(&rest[i..i + j + 2]);
        }
        pos += i + j + 2;
        rest = &rest[i + j + 2..];
    }
    out.push_str(rest);
    (out, cites, bad, shifts)
}

/// Parses `kpi("CODE")` or `kpi("CODE", "point")`.
fn parse_kpi_call(s: &str) -> Result<(String, Option<String>), String> {
    let args = s
        .strip_prefix("kpi")
        .map(str::trim)
        .and_then(|a| a.strip_prefix('('))
        .and_then(|a| a.strip_suffix(')'))
        .ok_or_else(|| "write the citation as {{ kpi(\"EN-EN-WS-2C\") }}".to_string())?;
    let mut parts = Vec::new();
    for a in args.split(',') {
        let a = a.trim();
        let unq = a
            .strip_prefix('"')
            .and_then(|x| x.strip_suffix('"'))
            .or_else(|| a.strip_prefix('\'').and_then(|x| x.strip_suffix('\'')))
            .ok_or_else(|| format!("`{a}` must be in quotes, e.g. kpi(\"EN-EN-WS-2C\")"))?;
        parts.push(unq.to_string());
    }
    match parts.len() {
        1 => Ok((parts.remove(0), None)),
        2 => {
            let p = parts.remove(1);
            Ok((parts.remove(0), Some(p)))
        }
        _ => Err("kpi() takes a code and, optionally, a data point".into()),
    }
}

/// Whether a site path names a shared file (same in every language) rather than a page.
fn is_asset(rest: &str) -> bool {
    let first = rest.split('/').next().unwrap_or("");
    let last = rest
        .split(['#', '?'])
        .next()
        .unwrap_or("")
        .rsplit('/')
        .next()
        .unwrap_or("");
    matches!(first, "static" | "data" | "search") || last.contains('.')
}

/// Marks root-relative links: files with [`FILE_BASE`] (`/data/x.csv` → `⟨F⟩data/x.csv`),
/// pages with [`PAGE_BASE`]; the render stage puts the base path (and, for pages, the language
/// folder) there. `None` for other links.
pub fn rebase(url: &str) -> Option<String> {
    let rest = url.strip_prefix('/')?;
    if rest.starts_with('/') {
        return None; // protocol-relative: external
    }
    if is_asset(rest) {
        Some(format!("{FILE_BASE}{rest}"))
    } else {
        Some(format!("{PAGE_BASE}{rest}"))
    }
}

/// Whether a browser would run script or show a document of the author's making from this
/// address: `javascript:`, `vbscript:`, or `data:` (except an image's `data:image/...`).
/// Browsers ignore tabs and line breaks inside the scheme and surrounding blanks, so do we.
fn runs_script(url: &str, image: bool) -> bool {
    let u: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase();
    u.starts_with("javascript:")
        || u.starts_with("vbscript:")
        || (u.starts_with("data:") && !(image && u.starts_with("data:image/")))
}

/// The part of a link's span (offsets in the file) that is its address as written, when the
/// address appears there verbatim (not for reference links or escaped addresses): the caret of
/// a diagnostic then sits under `/cities/x/`, not under the whole `[text](/cities/x/)`.
fn address_span(src: &str, offset: usize, span: Range<usize>, url: &str) -> Range<usize> {
    let local = span.start.saturating_sub(offset)..span.end.saturating_sub(offset);
    let written = src.get(local.clone()).unwrap_or_default();
    // The address follows the text: search after the last `](`, then anywhere.
    let from = written.rfind("](").map_or(0, |i| i + 2);
    match (url.is_empty(), written[from..].find(url)) {
        (false, Some(i)) => span.start + from + i..span.start + from + i + url.len(),
        _ => span,
    }
}

/// Renders Markdown. `offset` is where `src` starts inside its file (after front matter).
pub fn render(src: &str, offset: usize, raw_html: RawHtml) -> Rendered {
    let (src2, citations, bad_shortcodes, shifts) = rewrite_citations(src, offset);
    let parser = Parser::new_ext(&src2, options()).into_offset_iter();
    let mut walk = Walk {
        raw_html,
        guard: raw_html != RawHtml::Trust,
        src,
        offset,
        ..Walk::default()
    };
    for (ev, range) in parser {
        let start = shifts.original(range.start).min(src.len());
        let end = shifts.original(range.end).clamp(start, src.len());
        walk.event(ev, offset + start..offset + end);
    }
    let mut out = String::with_capacity(src.len() * 3 / 2);
    html::push_html(&mut out, walk.events.into_iter());
    if raw_html == RawHtml::Sanitize {
        out = ammonia::Builder::default()
            .add_generic_attributes(["id", "class"])
            .clean(&out)
            .to_string();
    }
    let text = walk.text.split_whitespace().collect::<Vec<_>>().join(" ");
    Rendered {
        html: out,
        headings: walk.headings,
        citations,
        links: walk.links,
        bad_shortcodes,
        text,
    }
}

/// What [`render`] gathers while it walks the parser's events: the events to write, with
/// heading ids set, links marked and unsafe addresses dropped, and the headings, links and
/// plain text.
#[derive(Default)]
struct Walk<'a> {
    raw_html: RawHtml,
    // The text as written and where it starts in its file, to point a link's span at its
    // address.
    src: &'a str,
    offset: usize,
    events: Vec<Event<'a>>,
    headings: Vec<Heading>,
    links: Vec<Link>,
    text: String,
    // The heading being read: where its start event is, its level, the id its author gave it,
    // its text so far.
    heading: Option<(usize, HeadingLevel, Option<String>, String)>,
    used_ids: std::collections::HashSet<String>,
    // Header cells of tables get scope="col": (alignments of the table, in the head, cell index).
    table: (Vec<Alignment>, bool, usize),
    // A link or image whose address would run script keeps its text and loses its element,
    // unless every author is trusted: links cannot nest, so one flag per kind is enough.
    guard: bool,
    dropped_link: bool,
    dropped_image: bool,
}

impl<'a> Walk<'a> {
    /// Takes one event of the parser, found at `file_span` of the file.
    fn event(&mut self, ev: Event<'a>, file_span: Range<usize>) {
        match ev {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                self.heading = Some((
                    self.events.len(),
                    level,
                    id.map(|s| s.to_string()),
                    String::new(),
                ));
                self.events.push(Event::Start(Tag::Heading {
                    level,
                    id: None,
                    classes,
                    attrs,
                }));
            }
            Event::End(TagEnd::Heading(level)) => {
                self.end_heading();
                self.events.push(Event::End(TagEnd::Heading(level)));
                self.text.push('\n');
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                if let Some(dest_url) = self.address(dest_url, file_span, false) {
                    self.events.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                if let Some(dest_url) = self.address(dest_url, file_span, true) {
                    self.events.push(Event::Start(Tag::Image {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                }
            }
            Event::End(TagEnd::Link) if self.dropped_link => self.dropped_link = false,
            Event::End(TagEnd::Image) if self.dropped_image => self.dropped_image = false,
            Event::Text(t) => {
                self.plain(&t);
                self.events.push(Event::Text(t));
            }
            Event::Code(t) => {
                self.plain(&t);
                self.events.push(Event::Code(t));
            }
            Event::Html(h) | Event::InlineHtml(h) if self.raw_html == RawHtml::Escape => {
                self.events.push(Event::Text(h));
            }
            Event::SoftBreak | Event::HardBreak => {
                self.text.push(' ');
                self.events.push(ev);
            }
            ev => self.table_or_block(ev),
        }
    }

    /// Text of the document, also part of the heading being read.
    fn plain(&mut self, t: &str) {
        if let Some(h) = self.heading.as_mut() {
            h.3.push_str(t);
        }
        self.text.push_str(t);
    }

    /// Gives the heading just read its id: its own, or its text's slug made unique.
    fn end_heading(&mut self) {
        let Some((at, lvl, custom, htext)) = self.heading.take() else {
            return;
        };
        let base = custom.unwrap_or_else(|| {
            let s = slugify(&htext);
            if s.is_empty() { "section".into() } else { s }
        });
        let mut id = base.clone();
        let mut n = 1;
        while !self.used_ids.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        if let Event::Start(Tag::Heading { id: hid, .. }) = &mut self.events[at] {
            *hid = Some(CowStr::from(id.clone()));
        }
        self.headings.push(Heading {
            level: lvl as u8,
            id,
            text: htext.trim().to_string(),
        });
    }

    /// The address to write for a link or image: marked for the base path if root-relative;
    /// `None` when it would run script (the element is dropped, its text kept).
    fn address(
        &mut self,
        dest_url: CowStr<'a>,
        span: Range<usize>,
        image: bool,
    ) -> Option<CowStr<'a>> {
        let span = address_span(self.src, self.offset, span, &dest_url);
        self.links.push(Link {
            url: dest_url.to_string(),
            span,
        });
        if self.guard && runs_script(&dest_url, image) {
            if image {
                self.dropped_image = true;
            } else {
                self.dropped_link = true;
            }
            return None;
        }
        Some(match rebase(&dest_url) {
            Some(u) => CowStr::from(u),
            None => dest_url,
        })
    }

    /// Table header cells (with `scope="col"`), and the ends of blocks (a space in the text).
    fn table_or_block(&mut self, ev: Event<'a>) {
        let table = &mut self.table;
        match ev {
            Event::Start(Tag::Table(ref alignments)) => {
                *table = (alignments.clone(), false, 0);
                self.events.push(ev);
            }
            Event::Start(Tag::TableHead) => {
                table.1 = true;
                table.2 = 0;
                self.events.push(ev);
            }
            Event::End(TagEnd::TableHead) => {
                table.1 = false;
                self.events.push(ev);
            }
            Event::Start(Tag::TableCell) if table.1 => {
                let align = match table.0.get(table.2) {
                    Some(Alignment::Left) => " style=\"text-align: left\"",
                    Some(Alignment::Center) => " style=\"text-align: center\"",
                    Some(Alignment::Right) => " style=\"text-align: right\"",
                    _ => "",
                };
                self.events
                    .push(Event::Html(format!("<th scope=\"col\"{align}>").into()));
            }
            Event::End(TagEnd::TableCell) if table.1 => {
                table.2 += 1;
                self.text.push(' ');
                self.events.push(Event::Html("</th>".into()));
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) => {
                self.text.push(' ');
                self.events.push(ev);
            }
            other => self.events.push(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::markers::fill_placeholders;

    #[test]
    fn headings_get_unique_ids() {
        let r = render(
            "## Key findings\n\n## Key findings\n\n### Ålesund {#own}\n",
            0,
            RawHtml::Escape,
        );
        let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["key-findings", "key-findings-1", "own"]);
        assert!(r.html.contains("<h2 id=\"key-findings-1\">"), "{}", r.html);
    }

    #[test]
    fn raw_html_is_escaped_by_default_and_sanitised_on_request() {
        let r = render(
            "<script>alert(1)</script>\n\nhi <b>x</b>",
            0,
            RawHtml::Escape,
        );
        assert!(!r.html.contains("<script>"), "{}", r.html);
        assert!(r.html.contains("&lt;b&gt;"));
        let r = render(
            "<script>alert(1)</script>\n\nhi <b>x</b>",
            0,
            RawHtml::Sanitize,
        );
        assert!(!r.html.contains("script"), "{}", r.html);
        assert!(r.html.contains("<b>x</b>"));
    }

    #[test]
    fn links_that_would_run_script_keep_their_text_only_unless_trusted() {
        let src = "[a](javascript:alert(1)) [b](JavaScript:alert(2)) [c](<java\tscript:x>) \
                   [d](vbscript:x) [e](data:text/html,x) [f](https://x.org/) ![g](javascript:x) \
                   ![h](data:image/png;base64,AA==) [i](/about/#javascript:x)";
        let html = render(src, 0, RawHtml::Escape).html;
        assert_eq!(
            html,
            "<p>a b c d e <a href=\"https://x.org/\">f</a> g \
             <img src=\"data:image/png;base64,AA==\" alt=\"h\" /> \
             <a href=\"%EE%80%82about/#javascript:x\">i</a></p>\n"
        );
        let html = render(src, 0, RawHtml::Sanitize).html;
        for bad in [
            "=\"javascript",
            "=\"JavaScript",
            "=\"java\t",
            "=\"vbscript",
            "=\"data:text",
        ] {
            assert!(!html.contains(bad), "{bad}: {html}");
        }
        assert!(html.contains("a b c d e "), "{html}");
        // A trusted author's links are left as written.
        let html = render("[a](javascript:void(0))", 0, RawHtml::Trust).html;
        assert!(html.contains("href=\"javascript:void(0)\""), "{html}");
    }

    #[test]
    fn root_relative_links_are_marked_for_the_base_path() {
        let r = render(
            "[a](/about/kpis/) [b](https://x.org/) [c](#top) [d](//cdn.x/) [e](/data/values.csv)",
            0,
            RawHtml::Escape,
        );
        let html = &r.html;
        assert!(html.contains("href=\"%EE%80%82about/kpis/\""), "{html}");
        assert!(html.contains("href=\"%EE%80%83data/values.csv\""), "{html}");
        assert!(html.contains("href=\"https://x.org/\""));
        assert!(html.contains("href=\"#top\""));
        assert!(html.contains("href=\"//cdn.x/\""));
        assert_eq!(r.links.len(), 5);
    }

    #[test]
    fn citations_become_placeholders_with_their_spans() {
        let src =
            "Water use is {{ kpi(\"EN-EN-WS-2C\") }} and {{kpi('EN: EN: WS: 4C', 'tertiary')}}.";
        let r = render(src, 10, RawHtml::Escape);
        assert_eq!(r.citations.len(), 2);
        assert_eq!(r.citations[0].code, "EN-EN-WS-2C");
        assert_eq!(r.citations[1].point.as_deref(), Some("tertiary"));
        assert_eq!(
            &src[r.citations[0].span.start - 10..r.citations[0].span.end - 10],
            "{{ kpi(\"EN-EN-WS-2C\") }}"
        );
        let html = fill_placeholders(&r.html, |n| format!("[{n}]"));
        assert_eq!(html, "<p>Water use is [0] and [1].</p>\n");
    }

    #[test]
    fn link_spans_point_at_the_address_as_written_after_citations() {
        let src = "A {{ kpi(\"EN-EN-WS-2C\") }} and {{ kpi(\"X\") }} then [b](/cities/x/).\n\n[c][r]\n\n[r]: /about/\n";
        let r = render(src, 7, RawHtml::Escape);
        let at = |i: usize| &src[r.links[i].span.start - 7..r.links[i].span.end - 7];
        assert_eq!(at(0), "/cities/x/");
        // A reference link's address is elsewhere: the span is the link itself.
        assert_eq!(at(1), "[c][r]");
    }

    #[test]
    fn shortcodes_in_code_are_shown_as_written() {
        let r = render(
            "Write `{{ kpi(\"EN-EN-WS-2C\") }}`.\n\n```\n{{ kpi(\"X\") }}\n```\n",
            0,
            RawHtml::Escape,
        );
        assert!(r.citations.is_empty() && r.bad_shortcodes.is_empty());
        assert!(
            r.html.contains("<code>{{ kpi(\"EN-EN-WS-2C\") }}</code>"),
            "{}",
            r.html
        );
    }

    #[test]
    fn malformed_shortcodes_are_reported() {
        let r = render("{{ kpi(EN-EN-WS-2C) }} {{ chart() }}", 0, RawHtml::Escape);
        assert_eq!(r.bad_shortcodes.len(), 2);
        assert!(r.citations.is_empty());
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let src: String = (0..10_000)
            .map(|i| format!("{}- x\n", "  ".repeat(i % 200)))
            .collect();
        let r = render(&src, 0, RawHtml::Escape);
        assert!(r.html.len() > 10_000);
    }
}
