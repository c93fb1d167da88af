//! View model pieces every page kind shares: links, page metadata, the `site` variable, scores
//! and the matrices with a row per city.

use serde::Serialize;

/// A link.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Link {
    /// Link text.
    pub label: String,
    /// Address (with base path).
    pub href: String,
}

/// Site-wide values available to every template as `site`.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    /// Site title.
    pub title: String,
    /// Site description.
    pub description: String,
    /// Language code of `title` when it fell back to the default language's, else "".
    pub title_lang: String,
    /// Language code of `description` when it fell back to the default language's, else "".
    pub description_lang: String,
    /// Base path, e.g. `/repo/`.
    pub base_path: String,
    /// Absolute base URL.
    pub base_url: String,
    /// Language code of the pages.
    pub lang: String,
    /// Text direction of the language ("ltr" or "rtl").
    pub dir: String,
    /// Languages of the site, for the language switcher (`alternates` of the page has the links).
    pub languages: Vec<Link>,
    /// Main navigation.
    pub nav: Vec<Link>,
    /// Publisher.
    pub publisher: String,
    /// Data licence name.
    pub data_licence: String,
    /// Data licence link ("" if none).
    pub data_licence_url: String,
    /// Stylesheet address.
    pub css_href: String,
    /// Icon address (a file every page shares instead of an inline copy in each).
    pub icon_href: String,
    /// Script address (progressive enhancement only).
    pub js_href: String,
    /// Home address.
    pub home_href: String,
    /// Accessibility statement address ("" when the site has none).
    pub accessibility_href: String,
    /// Catalog name ("U4SSC Key Performance Indicators...").
    pub catalog_name: String,
    /// Band legend: one entry per band, best last.
    pub bands: Vec<BandView>,
    /// Link to the "how to read a profile" page ("" when the site has none).
    pub reading_href: String,
    /// Link to the SDG index.
    pub sdgs_href: String,
}

/// A band for legends.
#[derive(Debug, Clone, Serialize)]
pub struct BandView {
    /// 1..=4.
    pub band: u8,
    /// Label, e.g. "66–95 % of target".
    pub label: String,
}

/// Per-page values available as `page`.
#[derive(Debug, Clone, Serialize)]
pub struct PageMeta {
    /// Text of `<title>` (without the site title).
    pub title: String,
    /// Meta description.
    pub description: String,
    /// Absolute canonical URL.
    pub canonical: String,
    /// Which nav item is current ("home", "cities", "indicators", "compare", "about", "data").
    pub section: String,
    /// Breadcrumb trail (without the current page).
    pub breadcrumbs: Vec<Link>,
    /// JSON-LD for a `<script type="application/ld+json">` in the head, or "".
    pub jsonld: String,
    /// Path of the page within its language (`cities/asker/`), for language links.
    pub path: String,
    /// The page in every language, for the language switcher and `hreflang` links.
    pub alternates: Vec<Alternate>,
    /// Set when the main text is shown in the default language because no translation exists:
    /// the notice to show, in the reader's language.
    pub fallback_notice: String,
    /// Language of the main text (`lang` attribute of the content block).
    pub content_lang: String,
    /// The link preview's image (`og:image`), an absolute URL, or "".
    pub image: String,
    /// What that image shows, in the page's language.
    pub image_alt: String,
    /// The image's width and height in pixels.
    pub image_size: (u32, u32),
}

/// The same page in another language.
#[derive(Debug, Clone, Serialize)]
pub struct Alternate {
    /// Language code.
    pub code: String,
    /// Language name in that language.
    pub name: String,
    /// Address.
    pub href: String,
    /// Absolute address (for `hreflang` links).
    pub url: String,
    /// Whether this is the page being shown.
    pub current: bool,
}

/// A score with its formatted text.
#[derive(Debug, Clone, Serialize, Default)]
pub struct ScoreView {
    /// "56 %" or "not scored".
    pub text: String,
    /// Band 1..=4, or 0 when not scored.
    pub band: u8,
    /// Band label ("33–66 % of target"), or "".
    pub band_label: String,
    /// The band's short mark ("B3"), or "". Made here rather than in the template: a
    /// dimension page shows ten thousand scores at 1,000 cities.
    pub band_short: String,
    /// The band in words for screen readers ("band 3"), or "".
    pub band_mention: String,
    /// "9 of 16 points", or "" when not scored.
    pub points_text: String,
    /// "from 7 of 30 scorable items", or "" when nothing is scorable.
    pub evidence: String,
    /// "7 of 30", beside a shown percentage in tables, or "".
    pub of: String,
    /// The group's state word for downloads and CSS (`scored`, `insufficient-data`...).
    pub state: &'static str,
    /// Sort key for tables: the percentage; −1 for insufficient data and −2 for nothing
    /// scorable, so cities below the rule follow the ranked ones.
    #[serde(serialize_with = "sort_key")]
    pub sort: f64,
}

/// Writes a table's sort key: an integer as it is, without a fraction (a population), any
/// other number with at most seven significant digits. Pages carry tens of thousands of keys
/// (`96.7032967032967` was a key's usual length), and no value a page shows differs from
/// another only beyond the seventh digit.
pub fn sort_key<S: serde::Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        return s.serialize_i64(*x as i64);
    }
    s.serialize_f64(format!("{x:.6e}").parse::<f64>().unwrap_or(*x))
}

/// A KPI mentioned in a list (not reported, strongest ...).
#[derive(Debug, Clone, Serialize)]
pub struct KpiMention {
    /// Code.
    pub code: String,
    /// Name (with data point).
    pub name: String,
    /// Indicator page.
    pub href: String,
    /// Extra text ("band 4, 100 % of target", "core").
    pub detail: String,
}

/// A matrix with a row per city: of scores ([`ScoreView`]) or of [`Cell`]s.
#[derive(Debug, Clone, Serialize)]
pub struct Matrix<C = ScoreView> {
    /// Caption.
    pub caption: String,
    /// Column headers.
    pub columns: Vec<Column>,
    /// Rows.
    pub rows: Vec<MatrixRow<C>>,
    /// The rows already rendered (see [`crate::render::rows`]), in place of `rows`; empty
    /// when `rows` holds them.
    pub body: String,
}

/// A column header of a matrix.
#[derive(Debug, Clone, Serialize)]
pub struct Column {
    /// Header text (a KPI's name, a category...).
    pub label: String,
    /// Address, or "".
    pub href: String,
    /// Secondary text (a KPI's code), or "".
    pub code: String,
    /// The state word every value of the column has ("No target known to this site (not
    /// scored)"), said once here instead of in each cell, or "".
    pub state: String,
}

/// A row of a matrix.
#[derive(Debug, Clone, Serialize)]
pub struct MatrixRow<C = ScoreView> {
    /// Row header.
    pub label: Link,
    /// Cells.
    pub cells: Vec<C>,
}

/// A matrix cell that shows more than a score: a city's values on an SDG page, or the reason
/// an overall score is missing. The theme's `score_cell` macro renders both kinds of cell.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Cell {
    /// The score; for a value cell, its state word or a one-line summary of the values (for
    /// a site's own macros that only know scores), and its sort key: the first value, −2
    /// when there is none (values are never negative).
    #[serde(flatten)]
    pub score: ScoreView,
    /// The values, one per data point; empty in a score cell.
    pub lines: Vec<ValueLine>,
    /// Why the cell is not ranked, when its text does not say it, or "".
    pub note: String,
}

/// One value of a city in a matrix cell.
#[derive(Debug, Clone, Serialize, Default)]
pub struct ValueLine {
    /// "95.3% (2020)": the value with its unit (or Yes/No) and year, after the data point's
    /// name for a KPI with data points ("Primary: 100% (2020)").
    pub text: String,
    /// Band 1..=4 when the item is scored, else 0.
    pub band: u8,
    /// The band's short mark ("B3"), or "".
    pub band_short: String,
    /// The band in words for screen readers, with its label, or "".
    pub band_mention: String,
    /// The state word when the value is not scored ("No target known to this site (not
    /// scored)"), or "".
    pub state_text: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(x: f64) -> String {
        sort_key(&x, serde_json::value::Serializer)
            .unwrap()
            .to_string()
    }

    #[test]
    fn sort_keys_are_short_and_keep_their_order() {
        assert_eq!(key(96.7032967032967), "96.7033");
        assert_eq!(key(41451.0), "41451");
        assert_eq!(key(-2.0), "-2");
        assert_eq!(key(0.000123456789), "0.0001234568");
        assert_eq!(key(2_147_483_648.0), "2147483648");
        // Values as pages show them (a decimal or two, seven digits at most) keep their order.
        let mut xs: Vec<f64> = (0..20_000).map(|i| f64::from(i) * 0.37 - 50.0).collect();
        xs.extend([99.99, 99.994, 100.0, 1_234_567.0, 1_234_568.0, 0.12, 0.125]);
        xs.sort_by(f64::total_cmp);
        for w in xs.windows(2) {
            let (a, b) = (
                key(w[0]).parse::<f64>().unwrap(),
                key(w[1]).parse::<f64>().unwrap(),
            );
            assert!(a < b, "{} and {} sort as {a} and {b}", w[0], w[1]);
        }
    }
}
