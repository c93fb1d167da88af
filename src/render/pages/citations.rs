//! "How to cite" on profiles and the data page: the citations in the page's language.

use crate::model::city::City;
use crate::render::cite::{self, Citation, CitationView, CiteDate, CiteKind};
use crate::render::ctx::Ctx;
use crate::render::pages::city_card::evaluation_text;
use crate::render::urls::city_path;

/// How to cite the profile: dated by its evaluation's publication (or data year).
pub fn profile(ctx: &Ctx<'_>, city: &City) -> CitationView {
    let data_year = city.evaluation.data_year;
    let c = Citation {
        key: cite::key("profile", &city.slug),
        kind: CiteKind::Profile,
        author: ctx
            .input
            .config
            .texts_in(&ctx.lang.code)
            .author()
            .to_string(),
        title: ctx.tf(
            "cite.profile_title",
            &[
                ("city", &ctx.city_name(city)),
                ("country", &ctx.country(city)),
            ],
        ),
        site: ctx.site.title.clone(),
        issued: CiteDate::parse(&city.evaluation_date()).unwrap_or(CiteDate {
            year: data_year,
            month: None,
            day: None,
        }),
        url: ctx.urls.absolute(&city_path(&city.slug)),
        language: ctx.lang.code.clone(),
        note: ctx.tf(
            "cite.profile_note",
            &[
                ("evaluation", &evaluation_text(ctx, city)),
                ("year", &data_year.to_string()),
            ],
        ),
        licence: (!ctx.site.data_licence.is_empty()).then(|| ctx.site.data_licence.clone()),
    };
    view(ctx, &c)
}

/// How to cite the site's data, as the data page shows it.
pub fn data(ctx: &Ctx) -> CitationView {
    let url = ctx.urls.absolute("data/");
    let c = cite::dataset(
        ctx.input.config,
        ctx.input.content,
        url,
        ctx.input.strings,
        &ctx.lang.code,
    );
    view(ctx, &c)
}

/// A citation as pages show it: the sentence in the page's language and the two formats.
fn view(ctx: &Ctx<'_>, c: &Citation) -> CitationView {
    CitationView {
        plain: ctx.tf(
            "cite.plain",
            &[
                ("author", &c.author),
                ("date", &ctx.loc.date(&c.issued.to_string())),
                ("title", &c.title),
                ("site", &c.site),
                ("url", &c.url),
            ],
        ),
        bibtex: c.bibtex(),
        csl_json: c.csl_json(),
    }
}
