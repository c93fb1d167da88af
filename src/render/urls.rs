//! The one place internal URLs are made and the base path is applied, so every link honours
//! it (GitHub project pages serve a site under `/repo/`): links made by the render stage, and
//! the root-relative links of Markdown, which the load stage only marks.

use crate::config::BaseUrl;
use crate::model::markers::{FILE_BASE_ENCODED, PAGE_BASE, PAGE_BASE_ENCODED};

/// Builds internal links.
#[derive(Debug, Clone)]
pub struct Urls {
    base: BaseUrl,
    /// Language folder of pages ("" for the default language, "fr/" otherwise).
    prefix: String,
}

impl Urls {
    /// For a base URL, pages of the default language.
    pub fn new(base: BaseUrl) -> Self {
        Self {
            base,
            prefix: String::new(),
        }
    }

    /// The same site, pages in the language folder `code` (none for the default language).
    pub fn for_language(&self, code: &str, is_default: bool) -> Self {
        Self {
            base: self.base.clone(),
            prefix: if is_default {
                String::new()
            } else {
                format!("{code}/")
            },
        }
    }

    /// The language folder ("" or "fr/").
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// Page path (`cities/bizerte/`) → link (`/repo/fr/cities/bizerte/`).
    pub fn href(&self, path: &str) -> String {
        format!(
            "{}{}{}",
            self.base.path,
            self.prefix,
            path.trim_start_matches('/')
        )
    }

    /// Shared file (`static/style.css`, `data/values.csv`) → link, same in every language.
    pub fn asset(&self, path: &str) -> String {
        format!("{}{}", self.base.path, path.trim_start_matches('/'))
    }

    /// Page path → absolute URL for canonical links, sitemaps and feeds.
    pub fn absolute(&self, path: &str) -> String {
        format!(
            "{}{}{}",
            self.base.full,
            self.prefix,
            path.trim_start_matches('/')
        )
    }

    /// Shared file → absolute URL.
    pub fn absolute_asset(&self, path: &str) -> String {
        format!("{}{}", self.base.full, path.trim_start_matches('/'))
    }

    /// The base path (`/` or `/repo/`).
    pub fn base_path(&self) -> &str {
        &self.base.path
    }

    /// The base URL.
    pub fn base(&self) -> &BaseUrl {
        &self.base
    }

    /// Profile of a city.
    pub fn city(&self, slug: &str) -> String {
        self.href(&city_path(slug))
    }

    /// Indicator page.
    pub fn indicator(&self, slug: &str) -> String {
        self.href(&indicator_path(slug))
    }

    /// Puts the base path where the load stage marked the root-relative links of Markdown
    /// HTML: a link to a page gets the base path and language folder (`/about/` →
    /// `/repo/fr/about/`), a link to a file the base path alone (`/data/values.csv` →
    /// `/repo/data/values.csv`). A link its author already wrote under the base path is left
    /// as written.
    pub fn markdown_links(&self, html: &str) -> String {
        let page_base = self.href("");
        let html = if html.contains(PAGE_BASE) {
            html.replace(PAGE_BASE, &page_base)
        } else {
            html.to_string()
        };
        if !html.contains(PAGE_BASE_ENCODED) && !html.contains(FILE_BASE_ENCODED) {
            return html;
        }
        // Markers sit inside `href` and `src` values, which pulldown-cmark writes escaped; the
        // base path is compared, and put before a file, in the same escaping.
        let file_base = escape_href(&self.base.path);
        let under_base = (self.base.path != "/").then(|| escape_href(&self.base.path[1..]));
        let mut out = String::with_capacity(html.len() + 64);
        let mut rest = html.as_str();
        loop {
            let page = rest.find(PAGE_BASE_ENCODED);
            let file = rest.find(FILE_BASE_ENCODED);
            let (at, base) = match (page, file) {
                (Some(p), Some(f)) if f < p => (f, &file_base),
                (Some(p), _) => (p, &page_base),
                (None, Some(f)) => (f, &file_base),
                (None, None) => break,
            };
            out.push_str(&rest[..at]);
            // Both markers are the same length.
            rest = &rest[at + PAGE_BASE_ENCODED.len()..];
            match &under_base {
                Some(b) if rest.starts_with(b.as_str()) => out.push('/'),
                _ => out.push_str(base),
            }
        }
        out.push_str(rest);
        out
    }
}

/// `s` escaped as pulldown-cmark escapes a link's address: `&` and `'` as HTML entities, bytes
/// outside its safe set percent-encoded.
fn escape_href(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        match c {
            '&' => out.push_str("&amp;"),
            '\'' => out.push_str("&#x27;"),
            c if c.is_ascii_alphanumeric() || "!#$%()*+,-./:;=?@^_~".contains(c) => out.push(c),
            c => {
                for b in s[i..i + c.len_utf8()].bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
        }
    }
    out
}

/// Output path of a city profile.
pub fn city_path(slug: &str) -> String {
    format!("cities/{slug}/")
}

/// Output path of an indicator page.
pub fn indicator_path(slug: &str) -> String {
    format!("indicators/{slug}/")
}

/// Folder of the embeddable cards within a language: pages made to sit in another site's
/// `<iframe>`, left out of the sitemap.
pub const EMBED_DIR: &str = "embed/";

/// Output path of the embeddable card of a page at `page_path` (`cities/asker/` →
/// `embed/cities/asker/`).
pub fn embed_path(page_path: &str) -> String {
    format!("{EMBED_DIR}{page_path}")
}

/// Whether `path`, within a language folder, is an embeddable card.
pub fn is_embed(path: &str) -> bool {
    path.starts_with(EMBED_DIR)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_carry_the_base_path() {
        let u = Urls::new(BaseUrl::parse("https://example.org/repo/").unwrap());
        assert_eq!(u.href("/cities/"), "/repo/cities/");
        assert_eq!(u.href(""), "/repo/");
        assert_eq!(u.city("asker"), "/repo/cities/asker/");
        assert_eq!(
            u.absolute(&embed_path(&city_path("asker"))),
            "https://example.org/repo/embed/cities/asker/"
        );
        assert!(is_embed(&embed_path(&indicator_path("x"))));
        assert!(!is_embed("cities/embed/"));
        assert_eq!(u.absolute("cities/"), "https://example.org/repo/cities/");
        let root = Urls::new(BaseUrl::parse("http://127.0.0.1:1111").unwrap());
        assert_eq!(
            root.indicator("ec-ict-ict-1c"),
            "/indicators/ec-ict-ict-1c/"
        );
    }

    #[test]
    fn markdown_links_get_the_base_path_and_language_folder() {
        use crate::config::RawHtml;
        use crate::content::markdown::render;
        let r = render(
            "[a](/about/kpis/) [b](https://x.org/) [c](#top) [d](//cdn.x/) [e](/data/values.csv) \
             [f](/repo/about/) [g](/repo/data/x.csv)",
            0,
            RawHtml::Escape,
        );
        let u = Urls::new(BaseUrl::parse("https://example.org/repo/").unwrap());
        let html = u.for_language("fr", false).markdown_links(&r.html);
        assert!(html.contains("href=\"/repo/fr/about/kpis/\""), "{html}");
        assert!(html.contains("href=\"/repo/data/values.csv\""), "{html}");
        assert!(html.contains("href=\"https://x.org/\""));
        assert!(html.contains("href=\"#top\""));
        assert!(html.contains("href=\"//cdn.x/\""));
        // Already under the base path: left as written.
        assert!(html.contains("href=\"/repo/about/\""), "{html}");
        assert!(html.contains("href=\"/repo/data/x.csv\""), "{html}");
        let root = Urls::new(BaseUrl::parse("https://example.org/").unwrap());
        let html = root.markdown_links(&r.html);
        assert!(html.contains("href=\"/about/kpis/\""), "{html}");
        assert!(html.contains("href=\"/repo/about/\""), "{html}");
        // A base path outside pulldown-cmark's safe characters, as it escapes them.
        let odd = Urls::new(BaseUrl::parse("https://example.org/é/").unwrap());
        let r = render("[a](/é/about/) [b](/data/x.csv)", 0, RawHtml::Escape);
        let html = odd.markdown_links(&r.html);
        assert!(html.contains("href=\"/%C3%A9/about/\""), "{html}");
        assert!(html.contains("href=\"/%C3%A9/data/x.csv\""), "{html}");
    }

    #[test]
    fn hrefs_are_escaped_like_pulldown_cmark() {
        assert_eq!(escape_href("/repo/"), "/repo/");
        assert_eq!(escape_href("/a b&c'd/é/"), "/a%20b&amp;c&#x27;d/%C3%A9/");
    }
}
