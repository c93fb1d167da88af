//! What every page builder shares: the language, its strings and number formats, the link
//! builder, and the catalog's names in that language.

use std::collections::BTreeMap;

use minijinja::value::{Serde, Value};

thread_local! {
    // Chart files published while `capture_charts` runs on this thread.
    static CAPTURED: std::cell::RefCell<Option<Vec<Output>>> =
        const { std::cell::RefCell::new(None) };
}

/// Runs `f` and returns, beside its result, the chart files it published through
/// [`Ctx::chart_file`], so a cached page can bring its charts back. `f` must not hand work to
/// other threads (charts published there are not seen).
pub fn capture_charts<R>(f: impl FnOnce() -> R) -> (R, Vec<Output>) {
    let outer = CAPTURED.with(|c| c.borrow_mut().replace(Vec::new()));
    let r = f();
    let got = CAPTURED.with(|c| std::mem::replace(&mut *c.borrow_mut(), outer));
    (r, got.unwrap_or_default())
}

use super::charts::Words;
use super::format::Locale;
use super::i18n::Strings;
use super::input::RenderInput;
use super::output::Output;
use super::urls::Urls;
use super::view::{BandView, Link, PageMeta, ScoreView, SiteView};
use crate::model::catalog::{
    Catalog, Category, DataPoint, Dimension, Direction, Kpi, SubDimension, Tier,
};
use crate::model::city::City;
use crate::model::country;
use crate::model::language::Language;
use crate::model::results::ItemResult;
use crate::model::results::Score;
use crate::model::results::TrendClass;
use crate::model::state::State;
use crate::model::translation::CatalogTranslation;

/// Shared state of the pages of one language.
pub struct Ctx<'a> {
    /// Everything rendered.
    pub input: &'a RenderInput<'a>,
    /// The catalog.
    pub catalog: &'a Catalog,
    /// The page language.
    pub lang: &'a Language,
    /// Whether this is the site's default language.
    pub is_default: bool,
    /// Number and date formats.
    pub loc: Locale,
    /// Links of this language.
    pub urls: Urls,
    /// Catalog names in this language, if any.
    pub tr: Option<&'a CatalogTranslation>,
    /// The `site` template variable.
    pub site: SiteView,
    /// `site` converted once for the template engine.
    pub site_value: Value,
    /// Fingerprint of `site`, for reusing pages between dev-server rebuilds.
    pub site_fingerprint: u64,
    /// The words charts write themselves, in this language.
    pub chart_words: Words,
    /// CLDR's names of the cities' countries in this language, by ISO code; `None` in the
    /// default language, which shows the names the city files write.
    pub countries: Option<BTreeMap<String, String>>,
    /// Files made while building views (each chart as an SVG of its own).
    pub extra: std::sync::Mutex<Vec<Output>>,
}

impl<'a> Ctx<'a> {
    /// The shared state of the pages in `lang` (`is_default` when it is the site's default
    /// language, rendered at the root).
    pub fn new(input: &'a RenderInput<'a>, lang: &'a Language, is_default: bool) -> Self {
        let content = input.content;
        let urls = input.urls.for_language(&lang.code, is_default);
        let site = site_view(input, lang, &urls, input.strings);
        let site_value = Value::from(Serde(&site));
        let site_fingerprint = crate::fingerprint::fingerprint([serde_json::to_vec(&site)
            .unwrap_or_default()
            .as_slice()]);
        Ctx {
            input,
            catalog: &content.catalog,
            lang,
            is_default,
            loc: Locale::for_code(&lang.locale),
            urls,
            tr: content.catalog_translations.get(&lang.code),
            site,
            site_value,
            site_fingerprint,
            chart_words: chart_words(input.strings, &lang.code, &Locale::for_code(&lang.locale)),
            countries: (!is_default)
                .then(|| country::names_in(content.cities.iter().map(|e| &e.city), &lang.code)),
            extra: std::sync::Mutex::new(Vec::new()),
        }
    }

    /// A UI string.
    pub fn t(&self, key: &str) -> String {
        self.strings().get(&self.lang.code, key).to_string()
    }

    /// A UI string with `{name}` placeholders filled.
    pub fn tf(&self, key: &str, args: &[(&str, &str)]) -> String {
        self.strings().format(&self.lang.code, key, args)
    }

    /// A UI string that carries the count `n`: the plural form for `n`, with `{n}` written
    /// in this language's number format and the other placeholders filled.
    pub fn tn(&self, key: &str, n: usize, args: &[(&str, &str)]) -> String {
        let shown = self.loc.integer(n as u64);
        let mut all: Vec<(&str, &str)> = vec![("n", &shown)];
        all.extend_from_slice(args);
        self.strings()
            .count(&self.lang.code, key, &n.to_string(), &all)
    }

    fn strings(&self) -> &Strings {
        self.input.strings
    }

    /// Page metadata.
    pub fn meta(
        &self,
        title: &str,
        description: &str,
        path: &str,
        section: &str,
        breadcrumbs: Vec<Link>,
    ) -> PageMeta {
        PageMeta {
            title: title.to_string(),
            description: if description.is_empty() {
                self.site.description.clone()
            } else {
                description.to_string()
            },
            canonical: self.urls.absolute(path),
            section: section.to_string(),
            breadcrumbs,
            jsonld: String::new(),
            path: path.to_string(),
            alternates: Vec::new(),
            fallback_notice: String::new(),
            content_lang: self.lang.code.clone(),
            image: String::new(),
            image_alt: String::new(),
            image_size: (0, 0),
        }
    }

    /// A link to a page of this language.
    pub fn link(&self, label: &str, path: &str) -> Link {
        Link {
            label: label.to_string(),
            href: self.urls.href(path),
        }
    }

    /// A city's name in this language (its declared `names` entry, else `name`).
    pub fn city_name(&self, city: &City) -> String {
        city.name_in(&self.lang.code).to_string()
    }

    /// A city's country in this language.
    pub fn country(&self, city: &City) -> String {
        country::country_of(city, self.countries.as_ref()).to_string()
    }

    /// A peer group in words: "Europe, 100,000–499,999 inhabitants". The region is shown as
    /// the city files write it.
    pub fn peer_group(&self, group: &crate::model::results::PeerGroup) -> String {
        self.tf(
            "peer.group",
            &[
                ("region", &group.region),
                ("band", &self.t(&format!("peer.band.{}", group.band.key()))),
            ],
        )
    }

    /// A link to a city's profile, labelled with its name.
    pub fn city_link(&self, city: &City) -> Link {
        Link {
            label: self.city_name(city),
            href: self.urls.city(&city.slug),
        }
    }

    /// Label of a band ("66–95 % of target").
    pub fn band_label(&self, band: Option<u8>) -> String {
        band.map(|b| self.t(&format!("band.{b}")))
            .unwrap_or_default()
    }

    /// A group's score as shown on pages: the percentage and band only when it meets the
    /// minimum-evidence rule, always with the items it rests on.
    pub fn score(&self, s: &Score) -> ScoreView {
        let counts = [
            ("scored", s.items.to_string()),
            ("scorable", s.scorable.to_string()),
        ];
        let counts: Vec<(&str, &str)> = counts.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let of = self.tf("score.of", &counts);
        match (s.state, s.pct) {
            (State::Scored, Some(p)) => ScoreView {
                text: self.loc.percent(p),
                band_short: s
                    .band
                    .map(|b| self.tf("band.short", &[("band", &b.to_string())]))
                    .unwrap_or_default(),
                band_mention: s
                    .band
                    .map(|b| self.tf("mention.band", &[("band", &b.to_string())]))
                    .unwrap_or_default(),
                band: s.band.unwrap_or(0),
                band_label: self.band_label(s.band),
                points_text: self.tf(
                    "score.points",
                    &[
                        ("earned", &s.earned.to_string()),
                        ("possible", &s.possible.to_string()),
                    ],
                ),
                evidence: self.tn("score.evidence", s.scorable as usize, &counts),
                of,
                state: State::Scored.key(),
                sort: p,
            },
            (State::InsufficientData, _) => ScoreView {
                text: self.tf("score.insufficient", &counts),
                band_short: String::new(),
                band_mention: String::new(),
                band: 0,
                band_label: String::new(),
                points_text: String::new(),
                evidence: self.tn("score.evidence", s.scorable as usize, &counts),
                of: String::new(),
                state: State::InsufficientData.key(),
                sort: -1.0,
            },
            (state, _) => ScoreView {
                text: self.state(state),
                band_short: String::new(),
                band_mention: String::new(),
                band: 0,
                band_label: String::new(),
                points_text: String::new(),
                evidence: String::new(),
                of: String::new(),
                state: state.key(),
                sort: -2.0,
            },
        }
    }

    /// The minimum-evidence share as set in site.toml ("50%"): a setting, not a computed
    /// figure, so it has no forced decimal.
    pub fn min_coverage_text(&self) -> String {
        self.loc
            .with_unit(self.catalog.scoring.min_coverage * 100.0, "%")
    }

    /// The minimum-evidence rule in words, with the site's threshold.
    pub fn rule_text(&self) -> String {
        self.tf("rule.text", &[("share", &self.min_coverage_text())])
    }

    /// The word for a state, the same on every page ("Not in this site's data").
    pub fn state(&self, s: State) -> String {
        self.t(&format!("state.{}", s.key()))
    }

    /// Dimension name in this language.
    pub fn dim_name(&self, d: &Dimension) -> String {
        self.tr
            .and_then(|t| t.dimensions.get(&d.name))
            .unwrap_or(&d.name)
            .clone()
    }

    /// Sub-dimension name in this language.
    pub fn sub_name(&self, s: &SubDimension) -> String {
        self.tr
            .and_then(|t| t.subdimensions.get(&s.name))
            .unwrap_or(&s.name)
            .clone()
    }

    /// Category name in this language.
    pub fn cat_name(&self, c: &Category) -> String {
        self.tr
            .and_then(|t| t.categories.get(&c.name))
            .unwrap_or(&c.name)
            .clone()
    }

    /// Unit in this language.
    pub fn unit(&self, u: &str) -> String {
        self.tr
            .and_then(|t| t.units.get(u))
            .map_or(u, String::as_str)
            .to_string()
    }

    /// A value and its unit in this language, the unit in the form its number takes in this
    /// language ("84 года", "74,5 года", "5 лет"), written with `decimals` when known.
    pub fn with_unit(&self, x: f64, decimals: Option<u8>, unit: &str) -> String {
        let Some(forms) = self.tr.and_then(|t| t.unit_forms.get(unit)) else {
            return self.loc.with_unit_as_written(x, decimals, &self.unit(unit));
        };
        let shown = match decimals {
            Some(d) => self.loc.fixed(x, usize::from(d)),
            None => self.loc.number(x),
        };
        let category = self.strings().category(&self.lang.code, &shown);
        let form = forms
            .get(category)
            .or_else(|| forms.get("other"))
            .map_or(unit, String::as_str);
        self.loc.with_unit_as_written(x, decimals, form)
    }

    /// KPI name in this language.
    pub fn kpi_name(&self, kpi: &Kpi) -> String {
        self.tr
            .and_then(|t| t.kpis.get(&kpi.id))
            .map_or(&kpi.name, |k| &k.name)
            .clone()
    }

    /// KPI definition in this language.
    pub fn kpi_definition(&self, kpi: &Kpi) -> String {
        self.tr
            .and_then(|t| t.kpis.get(&kpi.id))
            .and_then(|k| k.definition.clone())
            .unwrap_or_else(|| kpi.definition.clone())
    }

    /// A data point's label in this language ("Tertiary treatment"), looked up by its English
    /// label, or by its name for a translation written before the catalog had labels.
    pub fn point_name(&self, dp: &DataPoint) -> String {
        self.tr
            .and_then(|t| {
                t.data_points
                    .get(&dp.label)
                    .or_else(|| t.data_points.get(&dp.name))
            })
            .map_or(dp.label.as_str(), String::as_str)
            .to_string()
    }

    /// A text of one of the translation's English-keyed tables, or the English itself.
    fn keyed(
        &self,
        table: fn(&CatalogTranslation) -> &BTreeMap<String, String>,
        en: &str,
    ) -> String {
        self.tr
            .and_then(|t| table(t).get(en))
            .map_or(en, String::as_str)
            .to_string()
    }

    /// The KPI's calculation in words, in this language.
    pub fn kpi_formula(&self, kpi: &Kpi) -> String {
        kpi.formula_in(|term| self.keyed(|t| &t.formula_terms, term))
    }

    /// Where a target comes from, in this language.
    pub fn target_source(&self, source: &str) -> String {
        self.keyed(|t| &t.target_sources, source)
    }

    /// A catalog source that is words rather than an address, in this language.
    pub fn source_label(&self, source: &str) -> String {
        self.keyed(|t| &t.sources, source)
    }

    /// The kind of evaluation a city file names ("U4SSC factsheet"), in this language.
    pub fn evaluation_kind(&self, kind: &str) -> String {
        self.keyed(|t| &t.evaluation_kinds, kind)
    }

    /// "Air Pollution: PM10" for a data point, else the KPI name.
    pub fn item_name(&self, kpi: &Kpi, point: Option<&str>) -> String {
        match point.and_then(|p| kpi.data_point(p)) {
            Some(dp) => self.loc.label(&self.kpi_name(kpi), &self.point_name(dp)),
            None => self.kpi_name(kpi),
        }
    }

    /// "core" / "advanced".
    pub fn tier(&self, t: Tier) -> String {
        self.t(match t {
            Tier::Core => "tier.core",
            Tier::Advanced => "tier.advanced",
        })
    }

    /// "Higher is better" etc.
    pub fn direction(&self, d: Direction) -> String {
        self.t(match d {
            Direction::Higher => "direction.higher",
            Direction::Lower => "direction.lower",
            Direction::Target => "direction.target",
            Direction::YesNo => "direction.yesno",
        })
    }

    /// How achievement is computed for a direction.
    pub fn achievement_formula(&self, d: Direction) -> String {
        self.t(match d {
            Direction::Higher => "formula.higher",
            Direction::Lower => "formula.lower",
            Direction::Target => "formula.target",
            Direction::YesNo => "formula.yesno",
        })
    }

    /// Words for a trend class.
    pub fn trend_class(&self, c: TrendClass) -> String {
        let key = match c {
            TrendClass::TargetAchieved => "target-achieved",
            TrendClass::Substantial => "substantial",
            TrendClass::Moderate => "moderate",
            TrendClass::Limited => "limited",
            TrendClass::Deterioration => "deterioration",
            TrendClass::Improving => "improving",
            TrendClass::Stable => "stable",
            TrendClass::Worsening => "worsening",
        };
        self.t(&format!("trend.{key}"))
    }

    /// "Yes"/"No" or the number with its unit.
    pub fn value_text(&self, kpi: &Kpi, it: &ItemResult) -> String {
        match it.yes {
            Some(true) => self.t("value.yes"),
            Some(false) => self.t("value.no"),
            None => self.with_unit(it.value, it.decimals, kpi.item_unit(it.point.as_deref())),
        }
    }

    /// A value of a KPI item given only the number (yes/no aware).
    pub fn plain_value(&self, v: f64, unit: &str, direction: Direction) -> String {
        if direction == Direction::YesNo {
            self.t(if v > 0.0 { "value.yes" } else { "value.no" })
        } else {
            self.with_unit(v, None, unit)
        }
    }

    /// "at most 5 µg/m3 by 2025".
    pub fn target_text(&self, value: f64, unit: &str, direction: Direction, year: i32) -> String {
        let v = match direction {
            Direction::YesNo => self.t("value.yes"),
            Direction::Lower => self.tf(
                "target.at_most",
                &[("value", &self.with_unit(value, None, unit))],
            ),
            _ => self.with_unit(value, None, unit),
        };
        if year != self.catalog.meta.default_target_year {
            self.tf(
                "target.by_year",
                &[("target", &v), ("year", &year.to_string())],
            )
        } else {
            v
        }
    }

    /// "+2.1 % a year 2015–2019, moderate progress; target reached around 2031 at this rate".
    pub fn trend_text(&self, it: &ItemResult) -> String {
        let Some(t) = it.trend() else {
            return String::new();
        };
        let years = format!("{}–{}", t.from_year, t.to_year);
        let mut s = match t.cagr_pct {
            Some(c) => self.tf(
                "trend.rate",
                &[
                    (
                        "rate",
                        &format!(
                            "{}{}",
                            if c >= 0.0 { "+" } else { "−" },
                            self.loc.percent(c.abs())
                        ),
                    ),
                    ("years", &years),
                ],
            ),
            None => years,
        };
        if let Some(c) = t.class {
            s.push_str(", ");
            s.push_str(&self.trend_class(c));
        }
        if t.class != Some(TrendClass::TargetAchieved) && t.target_year.is_some() {
            match t.projected_year {
                Some(y) => {
                    s.push_str("; ");
                    s.push_str(&self.tf("trend.projected", &[("year", &y.to_string())]));
                }
                None if t.cagr_pct.is_some() => {
                    s.push_str("; ");
                    s.push_str(&self.t("trend.never"));
                }
                None => {}
            }
        }
        s
    }

    /// Links to the background pages, in this language.
    pub fn about_links(&self) -> Vec<Link> {
        self.input
            .content
            .pages
            .iter()
            .map(|p| {
                let title = p
                    .translations
                    .get(&self.lang.code)
                    .map_or(&p.meta.title, |t| &t.meta.title);
                self.link(title, &format!("about/{}/", p.slug))
            })
            .collect()
    }

    /// Publishes `svg` as a file of its own at `path` (within this language) and returns its link.
    pub fn chart_file(&self, path: &str, svg: &str) -> String {
        self.publish(Output {
            path: format!("{}{path}", self.urls.prefix()),
            bytes: svg.as_bytes().to_vec().into(),
        });
        self.urls.href(path)
    }

    /// Publishes a PNG of `svg` at `path` with `.svg` made `.png` (within this language) and
    /// returns its link, or "" unless `[sharing]` asks for indicator PNGs, or when the chart
    /// cannot be drawn.
    pub fn chart_png(&self, path: &str, svg: &str) -> String {
        let sharing = &self.input.config.sharing;
        if !(sharing.png && sharing.indicator_png) {
            return String::new();
        }
        let chart = super::raster::Recipe::Chart(CHART_PNG_SCALE);
        let Some(bytes) = chart.png(svg, self.input.images) else {
            return String::new();
        };
        let png_path = chart_png_path(path);
        self.publish(Output {
            path: format!("{}{png_path}", self.urls.prefix()),
            bytes: bytes.into(),
        });
        self.urls.href(&png_path)
    }

    /// Publishes a file a page job makes beside its page (a chart, an embeddable card), so
    /// [`capture_charts`] sees it and a cached page can bring it back.
    pub fn publish(&self, out: Output) {
        let file = self.input.emit(out);
        CAPTURED.with(|c| {
            if let Some(v) = c.borrow_mut().as_mut() {
                v.push(file.clone());
            }
        });
        if let Ok(mut e) = self.extra.lock() {
            e.push(file);
        }
    }

    /// The last line of a chart file's credit band: the site's name, the address of the page
    /// the chart belongs to (`page`, a page path) and the data licence.
    pub fn chart_credit(&self, page: &str) -> String {
        let mut parts = vec![self.site.title.clone(), self.urls.absolute(page)];
        if !self.site.data_licence.is_empty() {
            // "CC BY 4.0" is one name: the band never breaks a line inside it.
            let licence = self.site.data_licence.replace(' ', "\u{a0}");
            parts.push(self.tf("footer.licence", &[("licence", &licence)]));
        }
        parts.join(" · ")
    }

    /// Band labels for legends.
    pub fn band_labels(&self) -> BTreeMap<u8, String> {
        self.catalog
            .scoring
            .bands
            .iter()
            .map(|b| (b.band, self.band_label(Some(b.band))))
            .collect()
    }
}

/// How many pixels a PNG chart has per SVG user unit: the viewBoxes are sized for screens of
/// 320 to 700 px; half again is sharp enough for a slide, and each step up costs bytes in
/// every language of every city (a wheel at 2× was 78 KB, so over half the budget per city).
pub const CHART_PNG_SCALE: f32 = 1.5;

/// Where the PNG copy of the chart file at `path` goes.
pub fn chart_png_path(path: &str) -> String {
    format!("{}.png", path.strip_suffix(".svg").unwrap_or(path))
}

/// The `site` template variable in `lang`.
fn site_view(input: &RenderInput<'_>, lang: &Language, urls: &Urls, strings: &Strings) -> SiteView {
    let t = |k: &str| strings.get(&lang.code, k).to_string();
    let has_page = |slug: &str| input.content.pages.iter().any(|p| p.slug == slug);
    let catalog = &input.content.catalog;
    let texts = input.config.texts_in(&lang.code);
    let fell_back = |b: bool| {
        if b {
            input.config.default_language.clone()
        } else {
            String::new()
        }
    };
    SiteView {
        title: texts.title.to_string(),
        description: texts.description.to_string(),
        title_lang: fell_back(texts.title_fallback),
        description_lang: fell_back(texts.description_fallback),
        base_path: urls.base_path().to_string(),
        base_url: urls.base().full.clone(),
        lang: lang.code.clone(),
        dir: lang.direction.clone(),
        languages: input
            .config
            .languages
            .iter()
            .map(|l| Link {
                label: l.name.clone(),
                href: urls
                    .for_language(&l.code, l.code == input.config.languages[0].code)
                    .href(""),
            })
            .collect(),
        nav: [
            ("nav.home", ""),
            ("nav.cities", "cities/"),
            ("nav.indicators", "indicators/"),
            ("nav.compare", "compare/"),
            ("nav.about", "about/"),
            ("nav.data", "data/"),
            ("nav.search", "search/"),
        ]
        .iter()
        .map(|(k, p)| Link {
            label: t(k),
            href: urls.href(p),
        })
        .collect(),
        publisher: texts.publisher.to_string(),
        data_licence: input.config.data_licence.clone(),
        data_licence_url: input.config.data_licence_url.clone(),
        css_href: urls.asset("static/style.css"),
        icon_href: urls.asset("static/icon.svg"),
        js_href: urls.asset("static/site.js"),
        home_href: urls.href(""),
        accessibility_href: if has_page("accessibility") {
            urls.href("about/accessibility/")
        } else {
            String::new()
        },
        catalog_name: input
            .content
            .catalog_translations
            .get(&lang.code)
            .and_then(|t| t.catalog_name.clone())
            .unwrap_or_else(|| catalog.meta.name.clone()),
        bands: {
            let mut b: Vec<BandView> = catalog
                .scoring
                .bands
                .iter()
                .map(|b| BandView {
                    band: b.band,
                    label: strings
                        .get(&lang.code, &format!("band.{}", b.band))
                        .to_string(),
                })
                .collect();
            b.sort_by_key(|b| b.band);
            b
        },
        sdgs_href: urls.href("sdgs/"),
        reading_href: if has_page("reading-a-profile") {
            urls.href("about/reading-a-profile/")
        } else {
            String::new()
        },
    }
}

/// The words charts write themselves, from the UI strings of `lang`.
fn chart_words(strings: &Strings, lang: &str, loc: &Locale) -> Words {
    let t = |key: &str| strings.get(lang, key).to_string();
    Words {
        no_data: t("chart.no_data"),
        // A score bar without a score is a dimension below the minimum-evidence rule.
        not_scored: t("state.insufficient-data"),
        no_benchmark: t("state.no-target"),
        band: t("mention.band"),
        empty: t("chart.empty"),
        decimal: loc.decimal.to_string(),
        // Charts keep a visible space before % in English, as the reports print it.
        percent_gap: if loc.percent_gap.is_empty() {
            " ".to_string()
        } else {
            loc.percent_gap.to_string()
        },
        colon: loc.colon.to_string(),
        semicolon: loc.semicolon.to_string(),
    }
}
