//! The one place internal URLs are made, so every link honours the base path
//! (GitHub project pages serve a site under `/repo/`).

use crate::config::BaseUrl;

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
}

/// Output path of a city profile.
pub fn city_path(slug: &str) -> String {
    format!("cities/{slug}/")
}

/// Output path of an indicator page.
pub fn indicator_path(slug: &str) -> String {
    format!("indicators/{slug}/")
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
        assert_eq!(u.absolute("cities/"), "https://example.org/repo/cities/");
        let root = Urls::new(BaseUrl::parse("http://127.0.0.1:1111").unwrap());
        assert_eq!(
            root.indicator("ec-ict-ict-1c"),
            "/indicators/ec-ict-ict-1c/"
        );
    }
}
