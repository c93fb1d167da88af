//! How to cite a profile or the site's data: one [`Citation`] written as plain text (in the
//! page's language, by the caller), BibTeX, CSL-JSON and the Citation File Format. Dates come
//! from the evaluations, never from the clock, so two builds write the same bytes.

use biblatex::{Chunk, Entry, EntryType, Spanned};
use serde::Serialize;

use crate::config::SiteConfig;
use crate::model::content::Content;
use crate::render::i18n::Strings;

/// A citation as a page shows it: the sentence to copy, and the two formats reference
/// managers import.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CitationView {
    /// The citation as a sentence, in the page's language.
    pub plain: String,
    /// BibTeX entry.
    pub bibtex: String,
    /// CSL-JSON item list.
    pub csl_json: String,
}

/// Where the data package's citation file is written.
pub const CFF_PATH: &str = "data/CITATION.cff";

/// The site's data as one work in `lang`'s words (the data page's citation, and the default
/// language's in `CITATION.cff`), dated by the newest evaluation it holds (never the build's
/// clock, which would change the bytes of every build).
pub fn dataset(
    config: &SiteConfig,
    content: &Content,
    url: String,
    strings: &Strings,
    lang: &str,
) -> Citation {
    let texts = config.texts_in(lang);
    let newest = content.newest_evaluation_date();
    Citation {
        // From the default language's title, so every language's page gives the same key.
        key: match slug_of(&config.title) {
            s if s.is_empty() => "data".to_string(),
            s => key("data", &s),
        },
        kind: CiteKind::Dataset,
        author: texts.author().to_string(),
        title: strings.format(lang, "cite.dataset_title", &[("site", texts.title)]),
        site: texts.title.to_string(),
        issued: CiteDate::parse(&newest).unwrap_or(CiteDate {
            year: 0,
            month: None,
            day: None,
        }),
        url,
        language: lang.to_string(),
        note: strings.get(lang, "cite.dataset_note").to_string(),
        licence: (!config.data_licence.is_empty()).then(|| config.data_licence.clone()),
    }
}

/// ASCII letters and digits of a title, lowercased and joined by `-`, for a key.
fn slug_of(s: &str) -> String {
    s.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect::<Vec<_>>()
        .join("-")
}

/// What is cited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CiteKind {
    /// A city's profile page.
    Profile,
    /// The site's data package.
    Dataset,
}

/// A date as precise as its source: a year, a month or a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct CiteDate {
    /// Year.
    pub year: i32,
    /// Month, 1-12.
    pub month: Option<u8>,
    /// Day of the month, with a month only.
    pub day: Option<u8>,
}

impl CiteDate {
    /// Reads `2020`, `2020-06` or `2020-06-15`; `None` for anything else (a malformed part is
    /// dropped with the parts after it, never guessed).
    pub fn parse(s: &str) -> Option<Self> {
        let mut parts = s.trim().split('-');
        let year = parts.next()?.parse().ok()?;
        let month = parts
            .next()
            .and_then(|m| m.parse::<u8>().ok())
            .filter(|m| (1..=12).contains(m));
        let day = month
            .and(parts.next())
            .and_then(|d| d.parse::<u8>().ok())
            .filter(|d| (1..=31).contains(d));
        Some(Self { year, month, day })
    }

    /// The parts CSL-JSON's `date-parts` take.
    fn parts(&self) -> Vec<i32> {
        std::iter::once(self.year)
            .chain(self.month.map(i32::from))
            .chain(self.day.map(i32::from))
            .collect()
    }
}

impl std::fmt::Display for CiteDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}

/// One citable work, in the words of one language.
#[derive(Debug, Clone, PartialEq)]
pub struct Citation {
    /// Key for BibTeX and CSL-JSON (`cityprofiles-alesund`): ASCII letters, digits, `-`.
    pub key: String,
    /// Kind of work.
    pub kind: CiteKind,
    /// Who publishes it (an organisation, written as one literal name).
    pub author: String,
    /// Title of the work.
    pub title: String,
    /// The site it is part of.
    pub site: String,
    /// Date of the work: the evaluation's publication, or the newest one for the data.
    pub issued: CiteDate,
    /// Absolute address.
    pub url: String,
    /// Language code of the title.
    pub language: String,
    /// One sentence on what the data are and from when.
    pub note: String,
    /// Licence of the data, as the site names it.
    pub licence: Option<String>,
}

impl Citation {
    /// The BibTeX entry (`@misc`: classic BibTeX has no type for web pages or datasets).
    pub fn bibtex(&self) -> String {
        let ty = match self.kind {
            CiteKind::Profile => EntryType::Online,
            CiteKind::Dataset => EntryType::Dataset,
        };
        let mut entry = Entry::new(self.key.clone(), ty);
        // Braced as a whole, so BibTeX neither splits the organisation into first and last
        // names nor changes the title's capitals.
        let verbatim = |s: &str| vec![Spanned::detached(Chunk::Verbatim(s.to_string()))];
        let normal = |s: &str| vec![Spanned::detached(Chunk::Normal(s.to_string()))];
        entry.set("author", verbatim(&self.author));
        entry.set("title", verbatim(&self.title));
        entry.set("howpublished", normal(&self.site));
        entry.set("year", normal(&self.issued.year.to_string()));
        if let Some(m) = self.issued.month {
            entry.set("month", normal(&m.to_string()));
        }
        entry.set("url", normal(&self.url));
        entry.set("note", normal(&self.note));
        entry.set("language", normal(&self.language));
        // An entry without a `date` field cannot fail to convert.
        entry.to_bibtex_string().unwrap_or_default()
    }

    /// The CSL-JSON item list (one item), as reference managers import it.
    pub fn csl_json(&self) -> String {
        let item = CslItem {
            id: &self.key,
            kind: match self.kind {
                CiteKind::Profile => "webpage",
                CiteKind::Dataset => "dataset",
            },
            title: &self.title,
            author: [CslName {
                literal: &self.author,
            }],
            container_title: &self.site,
            publisher: &self.author,
            issued: CslDate {
                date_parts: [self.issued.parts()],
            },
            url: &self.url,
            language: &self.language,
            note: &self.note,
            license: self.licence.as_deref(),
        };
        serde_json::to_string(&[item]).unwrap_or_default()
    }

    /// A `CITATION.cff` (Citation File Format 1.2.0) for the data package. Its `date-released`
    /// needs a full date: a month or a year alone is left out rather than padded with a day.
    pub fn cff(&self, message: &str) -> String {
        let spdx = self.licence.as_deref().and_then(spdx_id);
        let doc = Cff {
            cff_version: "1.2.0",
            message,
            kind: "dataset",
            title: &self.title,
            authors: [CffEntity { name: &self.author }],
            date_released: self.issued.day.map(|_| self.issued.to_string()),
            url: &self.url,
            license: spdx,
            abstract_: &self.note,
        };
        yaml_serde::to_string(&doc).unwrap_or_default()
    }
}

/// The SPDX identifier of a licence the site names in words ("CC BY 4.0" → "CC-BY-4.0"), if
/// it is one SPDX knows; CFF accepts nothing else.
fn spdx_id(licence: &str) -> Option<String> {
    let id = licence.trim().replace(' ', "-");
    spdx::license_id(&id).map(|l| l.name.to_string())
}

#[derive(Serialize)]
struct CslName<'a> {
    literal: &'a str,
}

#[derive(Serialize)]
struct CslDate {
    #[serde(rename = "date-parts")]
    date_parts: [Vec<i32>; 1],
}

#[derive(Serialize)]
struct CslItem<'a> {
    id: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    title: &'a str,
    author: [CslName<'a>; 1],
    #[serde(rename = "container-title")]
    container_title: &'a str,
    publisher: &'a str,
    issued: CslDate,
    #[serde(rename = "URL")]
    url: &'a str,
    language: &'a str,
    note: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    license: Option<&'a str>,
}

#[derive(Serialize)]
struct CffEntity<'a> {
    name: &'a str,
}

#[derive(Serialize)]
struct Cff<'a> {
    #[serde(rename = "cff-version")]
    cff_version: &'a str,
    message: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    title: &'a str,
    authors: [CffEntity<'a>; 1],
    #[serde(rename = "date-released", skip_serializing_if = "Option::is_none")]
    date_released: Option<String>,
    url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    license: Option<String>,
    #[serde(rename = "abstract")]
    abstract_: &'a str,
}

/// A citation key from a slug: only what BibTeX accepts in a key.
pub fn key(prefix: &str, slug: &str) -> String {
    let clean: String = slug
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("{prefix}-{clean}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile() -> Citation {
        Citation {
            key: key("cityprofiles", "alesund"),
            kind: CiteKind::Profile,
            author: "UNECE & ITU".into(),
            title: "Ålesund, Norway: 100% {smart} profile".into(),
            site: "City profiles".into(),
            issued: CiteDate::parse("2020-06").unwrap(),
            url: "https://org.github.io/repo/cities/alesund/".into(),
            language: "en".into(),
            note: "Data of 2019.".into(),
            licence: Some("CC BY 4.0".into()),
        }
    }

    #[test]
    fn dates_keep_only_what_the_source_gives() {
        assert_eq!(CiteDate::parse("2020").unwrap().to_string(), "2020");
        assert_eq!(CiteDate::parse("2020-06").unwrap().to_string(), "2020-06");
        assert_eq!(
            CiteDate::parse("2020-6-5").unwrap().to_string(),
            "2020-06-05"
        );
        assert_eq!(CiteDate::parse("2020-13").unwrap().to_string(), "2020");
        assert_eq!(CiteDate::parse("June 2020"), None);
    }

    #[test]
    fn bibtex_escapes_specials_and_keeps_the_organisation_whole() {
        let b = profile().bibtex();
        assert!(b.starts_with("@misc{cityprofiles-alesund,\n"), "{b}");
        assert!(b.contains("author = {{UNECE \\& ITU}},"), "{b}");
        assert!(
            b.contains("title = {{Ålesund, Norway: 100\\% \\{smart\\} profile}},"),
            "{b}"
        );
        assert!(b.contains("year = {2020},"), "{b}");
        assert!(b.contains("month = {6},"), "{b}");
        assert!(
            b.contains("url = {https://org.github.io/repo/cities/alesund/},"),
            "{b}"
        );
        // The biblatex crate reads its own output back to the same fields.
        let parsed = biblatex::Bibliography::parse(&b).unwrap();
        let e = parsed.get("cityprofiles-alesund").unwrap();
        assert_eq!(e.get_as::<String>("howpublished").unwrap(), "City profiles");
    }

    #[test]
    fn csl_json_is_an_item_list_with_date_parts() {
        let v: serde_json::Value = serde_json::from_str(&profile().csl_json()).unwrap();
        let item = &v[0];
        assert_eq!(item["type"], "webpage");
        assert_eq!(item["author"][0]["literal"], "UNECE & ITU");
        assert_eq!(
            item["issued"]["date-parts"][0],
            serde_json::json!([2020, 6])
        );
        assert_eq!(item["URL"], "https://org.github.io/repo/cities/alesund/");
    }

    #[test]
    fn cff_names_an_spdx_licence_and_no_padded_date() {
        let mut c = profile();
        c.kind = CiteKind::Dataset;
        let cff = c.cff("Cite as below.");
        assert!(cff.contains("cff-version: 1.2.0"), "{cff}");
        assert!(cff.contains("type: dataset"), "{cff}");
        assert!(cff.contains("license: CC-BY-4.0"), "{cff}");
        assert!(!cff.contains("date-released"), "{cff}");
        c.issued = CiteDate::parse("2024-03-15").unwrap();
        c.licence = Some("Our own terms".into());
        let cff = c.cff("Cite as below.");
        assert!(cff.contains("date-released: 2024-03-15"), "{cff}");
        assert!(!cff.contains("license"), "{cff}");
    }
}
