//! The ITU publication pages that define a KPI, read from the web addresses in its `sources`,
//! so an indicator page can name where its definition and calculation come from.

use crate::model::catalog::Kpi;

/// One of the two ITU publications that define the U4SSC KPIs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Publication {
    /// Collection Methodology for Key Performance Indicators for Smart Sustainable Cities (2017).
    CollectionMethodology2017,
    /// U4SSC KPIs Verification Manual: a guide for verifiers (2022).
    VerificationManual2022,
}

impl Publication {
    /// Both publications, oldest first (the order pages cite them in).
    pub const ALL: [Publication; 2] = [
        Publication::CollectionMethodology2017,
        Publication::VerificationManual2022,
    ];

    /// Folder of the publication's flipbook under `itu.int/en/publications/Documents/tsb/`.
    pub fn folder(self) -> &'static str {
        match self {
            Publication::CollectionMethodology2017 => "2017-U4SSC-Collection-Methodology",
            Publication::VerificationManual2022 => {
                "2022-U4SSC-KPIs-Verification-Manual-A-guide-for-verifiers"
            }
        }
    }

    /// Title as ITU prints it (publication titles are cited in English in every language).
    pub fn title(self) -> &'static str {
        match self {
            Publication::CollectionMethodology2017 => {
                "Collection Methodology for Key Performance Indicators for Smart Sustainable Cities"
            }
            Publication::VerificationManual2022 => "U4SSC KPIs Verification Manual",
        }
    }

    /// Year of publication.
    pub fn year(self) -> u16 {
        match self {
            Publication::CollectionMethodology2017 => 2017,
            Publication::VerificationManual2022 => 2022,
        }
    }
}

/// One flipbook page of an ITU publication, as cited by a KPI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MethodologyPage<'a> {
    /// The publication.
    pub publication: Publication,
    /// Page number of the flipbook (`pageN.html`).
    pub page: u32,
    /// The address as the catalog writes it.
    pub url: &'a str,
}

/// Reads an address of the form
/// `https://www.itu.int/en/publications/Documents/tsb/<folder>/files/basic-html/page<N>.html`;
/// anything else (city reports, other sites, plain text) is `None`.
pub fn parse_page(url: &str) -> Option<MethodologyPage<'_>> {
    let (folder, page) = flipbook_page(url)?;
    let publication = Publication::ALL
        .into_iter()
        .find(|p| p.folder() == folder)?;
    Some(MethodologyPage {
        publication,
        page,
        url,
    })
}

/// The folder and page number of an ITU flipbook page
/// (`https://www.itu.int/en/publications/Documents/tsb/<folder>/files/basic-html/page<N>.html`).
fn flipbook_page(url: &str) -> Option<(&str, u32)> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let (host, path) = rest.split_once('/')?;
    if !matches!(
        host.to_ascii_lowercase().as_str(),
        "itu.int" | "www.itu.int"
    ) {
        return None;
    }
    let (dir, file) = path.rsplit_once('/')?;
    let (_, folder) = dir.strip_suffix("/files/basic-html")?.rsplit_once('/')?;
    let digits = file.strip_prefix("page")?.strip_suffix(".html")?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let page: u32 = digits.parse().ok().filter(|&p| p > 0)?;
    Some((folder, page))
}

/// What kind of city report an ITU flipbook is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportKind {
    /// A U4SSC city factsheet.
    Factsheet,
    /// A U4SSC verification report.
    VerificationReport,
}

/// One page of a U4SSC city report on the ITU site, as a KPI cites it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportPage {
    /// Factsheet or verification report.
    pub kind: ReportKind,
    /// Year in the folder name.
    pub year: u16,
    /// The city and country as the folder spells them ("Alesund, Norway").
    pub place: String,
    /// Page number of the flipbook.
    pub page: u32,
}

/// Reads a city report's page address
/// (`.../tsb/2020-U4SSC-Factsheet-Alesund-Norway/files/basic-html/page30.html`); `None` for
/// anything else. The folder carries no diacritics, so neither does the place.
pub fn parse_report(url: &str) -> Option<ReportPage> {
    let (folder, page) = flipbook_page(url)?;
    let (year, rest) = folder.split_once("-U4SSC-")?;
    let year: u16 = year.parse().ok().filter(|y| (1990..=2999).contains(y))?;
    let (kind, place) = if let Some(p) = rest.strip_prefix("Factsheet-") {
        (ReportKind::Factsheet, p)
    } else {
        (
            ReportKind::VerificationReport,
            rest.strip_prefix("Verification-Report-")?,
        )
    };
    let (city, country) = place.split_once('-')?;
    let words: Vec<&str> = country.split('-').filter(|w| !w.is_empty()).collect();
    // "Iran-Islamic-Republic-of": the UN's "Iran (Islamic Republic of)".
    let country = match words.as_slice() {
        [first, rest @ ..] if rest.len() > 1 && rest.last() == Some(&"of") => {
            format!("{first} ({})", rest.join(" "))
        }
        _ => words.join(" "),
    };
    if city.is_empty() || country.is_empty() {
        return None;
    }
    Some(ReportPage {
        kind,
        year,
        place: format!("{city}, {country}"),
        page,
    })
}

impl Kpi {
    /// The pages of the 2017 methodology and the 2022 manual among the KPI's sources, by
    /// publication and page, each page once.
    pub fn methodology_pages(&self) -> Vec<MethodologyPage<'_>> {
        let mut pages: Vec<MethodologyPage<'_>> =
            self.sources.iter().filter_map(|s| parse_page(s)).collect();
        pages.sort_by_key(|p| (p.publication, p.page));
        pages.dedup_by_key(|p| (p.publication, p.page));
        pages
    }

    /// Whether the catalog's direction was read on an official page (the field is not listed
    /// in `unverified`); otherwise it is this site's assumption.
    pub fn direction_stated(&self) -> bool {
        !self.unverified.iter().any(|f| f == "direction")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::catalog::Catalog;

    const BASE: &str = "https://www.itu.int/en/publications/Documents/tsb/";

    #[test]
    fn reads_both_publications_and_the_page_number() {
        let u = format!("{BASE}2017-U4SSC-Collection-Methodology/files/basic-html/page23.html");
        let p = parse_page(&u).unwrap();
        assert_eq!(p.publication, Publication::CollectionMethodology2017);
        assert_eq!(p.page, 23);
        assert_eq!(p.url, u);
        let u = format!(
            "{BASE}2022-U4SSC-KPIs-Verification-Manual-A-guide-for-verifiers/files/basic-html/page143.html"
        );
        let p = parse_page(&u).unwrap();
        assert_eq!(p.publication, Publication::VerificationManual2022);
        assert_eq!(p.page, 143);
    }

    #[test]
    fn accepts_the_host_without_www_and_plain_http() {
        let u = "http://itu.int/en/publications/Documents/tsb/2017-U4SSC-Collection-Methodology/files/basic-html/page7.html";
        assert_eq!(parse_page(u).map(|p| p.page), Some(7));
    }

    #[test]
    fn other_addresses_are_not_methodology_pages() {
        for u in [
            // a city factsheet on the same site
            "https://www.itu.int/en/publications/Documents/tsb/2020-U4SSC-Factsheet-Pully-Switzerland/files/basic-html/page27.html",
            // not a web address
            "a public U4SSC dashboard project's KPI code map",
            // another host with the same path
            "https://example.org/en/publications/Documents/tsb/2017-U4SSC-Collection-Methodology/files/basic-html/page23.html",
            // the publication's folder as the tail of a longer folder name
            "https://www.itu.int/en/publications/Documents/tsb/X2017-U4SSC-Collection-Methodology/files/basic-html/page23.html",
            // no page number, a page 0, a word instead of a number, another file
            "https://www.itu.int/en/publications/Documents/tsb/2017-U4SSC-Collection-Methodology/files/basic-html/page.html",
            "https://www.itu.int/en/publications/Documents/tsb/2017-U4SSC-Collection-Methodology/files/basic-html/page0.html",
            "https://www.itu.int/en/publications/Documents/tsb/2017-U4SSC-Collection-Methodology/files/basic-html/pagetwo.html",
            "https://www.itu.int/en/publications/Documents/tsb/2017-U4SSC-Collection-Methodology/files/basic-html/page23.pdf",
            "https://www.itu.int/en/publications/Documents/tsb/2017-U4SSC-Collection-Methodology/page23.html",
        ] {
            assert_eq!(parse_page(u), None, "{u}");
        }
    }

    #[test]
    fn city_reports_are_read_with_their_kind_year_place_and_page() {
        let u = format!("{BASE}2020-U4SSC-Factsheet-Alesund-Norway/files/basic-html/page30.html");
        assert_eq!(
            parse_report(&u),
            Some(ReportPage {
                kind: ReportKind::Factsheet,
                year: 2020,
                place: "Alesund, Norway".into(),
                page: 30,
            })
        );
        let u = "https://itu.int/en/publications/Documents/tsb/2020-U4SSC-Verification-Report-Karmoy-Norway/files/basic-html/page12.html";
        let r = parse_report(u).unwrap();
        assert_eq!(
            (r.kind, r.place.as_str()),
            (ReportKind::VerificationReport, "Karmoy, Norway")
        );
        let u = format!(
            "{BASE}2021-U4SSC-Factsheet-Mashhad-Iran-Islamic-Republic-of/files/basic-html/page15.html"
        );
        assert_eq!(
            parse_report(&u).unwrap().place,
            "Mashhad, Iran (Islamic Republic of)"
        );
        for u in [
            format!("{BASE}2017-U4SSC-Collection-Methodology/files/basic-html/page23.html"),
            format!("{BASE}2020-U4SSC-Factsheet-/files/basic-html/page3.html"),
            format!("{BASE}U4SSC-Factsheet-Pully-Switzerland/files/basic-html/page3.html"),
            "http://www.cityofblockchain.org/index.php/goal-11".to_owned(),
        ] {
            assert_eq!(parse_report(&u), None, "{u}");
        }
    }

    #[test]
    fn publications_have_their_printed_titles_and_years() {
        let p = Publication::CollectionMethodology2017;
        assert_eq!(
            (p.title(), p.year()),
            (
                "Collection Methodology for Key Performance Indicators for Smart Sustainable Cities",
                2017
            )
        );
        let p = Publication::VerificationManual2022;
        assert_eq!(
            (p.title(), p.year()),
            ("U4SSC KPIs Verification Manual", 2022)
        );
    }

    #[test]
    fn a_kpi_lists_its_pages_by_publication_then_page_once_each() {
        let c = Catalog::u4ssc();
        // Household Internet Access cites 2017 p23 and 2022 p33-34 (catalog/u4ssc.toml).
        let k = c.get("EC: ICT: ICT: 1C").unwrap();
        let pages: Vec<(u16, u32)> = k
            .methodology_pages()
            .iter()
            .map(|p| (p.publication.year(), p.page))
            .collect();
        assert_eq!(pages, [(2017, 23), (2022, 33), (2022, 34)]);
        // Electricity System Outage Time cites the 2022 page before the 2017 one.
        let mut k = c.get("EC: I: ES: 2C").unwrap().clone();
        let pages: Vec<(u16, u32)> = k
            .methodology_pages()
            .iter()
            .map(|p| (p.publication.year(), p.page))
            .collect();
        assert_eq!(pages, [(2017, 55), (2022, 76)]);
        let again = k.sources[0].clone();
        k.sources.push(again);
        assert_eq!(k.methodology_pages().len(), 2);
        // Only a dashboard code map: no methodology page.
        assert!(
            c.get("EC: I: T: 1C")
                .unwrap()
                .methodology_pages()
                .is_empty()
        );
    }

    #[test]
    fn direction_is_stated_unless_listed_as_unverified() {
        let c = Catalog::u4ssc();
        assert!(c.get("EC: ICT: ICT: 1C").unwrap().direction_stated());
        // e-Government's direction was confirmed in the second verification pass.
        assert!(c.get("EC: ICT: PS: 2A").unwrap().direction_stated());
        assert!(!c.get("EN: EN: AQ: 1C").unwrap().direction_stated());
    }
}
