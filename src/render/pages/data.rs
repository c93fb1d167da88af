//! The data page: the files, and what the words in their columns mean.

use minijinja::Environment;

use super::shared::{Rendered, dataset_jsonld, home_link, render_one};
use crate::model::state::State;
use crate::model::state::{BASES, GROUP_STATES, VALUE_STATES};
use crate::render::ctx::Ctx;
use crate::render::view::{DataView, DownloadView, Link, WordView};

/// The data page's view in `ctx`'s language.
pub fn data_view(ctx: &Ctx) -> DataView {
    let files = ctx
        .input
        .downloads
        .iter()
        .map(|d| DownloadView {
            link: Link {
                label: d.path.trim_start_matches("data/").to_string(),
                href: ctx.urls.asset(&d.path),
            },
            format: d.format.clone(),
            size: crate::render::format::size(d.size),
            // A city's file names the city, a KPI's its code; the other strings take neither.
            description: ctx.tf(
                &d.description,
                &[("city", &d.subject), ("code", &d.subject)],
            ),
            updated: ctx.loc.date(&d.updated),
        })
        .collect();
    let citation = super::citations::data(ctx);
    // The rule's share as the site sets it, so the words match the scores they explain.
    let min = ctx.min_coverage_text();
    let state_words = |states: &[State], prefix: &str| -> Vec<WordView> {
        // Only the group words name the rule's share; `fill` leaves other strings alone.
        states
            .iter()
            .map(|&s| WordView {
                word: s.key(),
                label: ctx.state(s),
                meaning: ctx.tf(&format!("{prefix}.{}", s.key()), &[("min", &min)]),
            })
            .collect()
    };
    DataView {
        files,
        citation,
        value_states: state_words(&VALUE_STATES, "data.value_state"),
        group_states: state_words(&GROUP_STATES, "data.group_state"),
        bases: BASES
            .iter()
            .map(|b| WordView {
                word: b.key(),
                label: ctx.t(&format!("data.basis_label.{}", b.key())),
                meaning: ctx.t(&format!("data.basis.{}", b.key())),
            })
            .collect(),
        min_coverage: min,
    }
}

/// Renders the data page.
pub fn render_data(ctx: &Ctx<'_>, all: &[Ctx<'_>], env: &Environment<'_>) -> Rendered {
    let home = home_link(ctx);
    let view = data_view(ctx);
    let mut meta = ctx.meta(
        &ctx.t("data.title"),
        &ctx.t("data.description"),
        "data/",
        "data",
        vec![home],
    );
    meta.jsonld = dataset_jsonld(
        ctx,
        &ctx.tf("data.dataset", &[("title", &ctx.site.title)]),
        &meta.description,
        None,
        &[
            ("data/values.csv".to_string(), "text/csv"),
            ("data/cities.csv".to_string(), "text/csv"),
            ("data/sources.csv".to_string(), "text/csv"),
            ("data/scores.csv".to_string(), "text/csv"),
            ("data/catalog.csv".to_string(), "text/csv"),
            ("data/groups.csv".to_string(), "text/csv"),
            ("data/datapackage.json".to_string(), "application/json"),
        ],
    );
    render_one(ctx, all, env, "data.html", meta, "data", &view)
}
