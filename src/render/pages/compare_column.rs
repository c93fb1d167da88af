//! The compare columns of the cities the compare page does not hold. Past
//! [`COMPARE_CITIES`] cities the page carries only the others' names; each other city's column
//! of every compare table and chart is a small file of its own, `compare/cities/<slug>.json` in
//! each language, which the page script fetches when a reader chooses that city. Nothing is
//! written per pair of cities.
//!
//! The cells are rendered by the macros of `compare_cells.html`, the ones the page's own
//! columns are written with, so a fetched column is the same HTML as a pre-rendered one. A file
//! holds each distinct cell once and, per table, which cell goes in each row: a city's 91
//! coverage cells are a handful of distinct ones.

use minijinja::Environment;
use minijinja::value::{Serde, Value};
use serde::Serialize;

use super::shared::{Rendered, cached_or_made};
use super::side_by_side::{COLUMNS_PATH, COMPARE_CITIES, compare_columns, compare_order};
use crate::model::content::Content;
use crate::render::ctx::Ctx;
use crate::render::view::CompareView;

/// The template whose macros write a city's cells.
const CELLS: &str = "compare_cells.html";

/// The cities that get a column file: those past the page's [`COMPARE_CITIES`], by name.
pub fn column_cities(content: &Content) -> Vec<usize> {
    let mut order = compare_order(content);
    order.split_off(order.len().min(COMPARE_CITIES))
}

/// One city's column as the page script reads it.
#[derive(Debug, Default, Serialize)]
struct Column {
    /// Each distinct cell's HTML, once.
    cells: Vec<String>,
    /// For each compare table in page order, for each of its rows that has a cell per city
    /// (the head first), the index of the city's cell in `cells`.
    tables: Vec<Vec<usize>>,
    /// For each chart in page order, the index of the city's bar in `cells`.
    bars: Vec<usize>,
}

impl Column {
    /// The index of `html` in `cells`, added if new.
    fn cell(&mut self, html: String) -> usize {
        match self.cells.iter().position(|c| *c == html) {
            Some(i) => i,
            None => {
                self.cells.push(html);
                self.cells.len() - 1
            }
        }
    }
}

/// Renders the column file of city `i` in `ctx`'s language, or reuses the dev server's copy
/// when what it is made from is unchanged: its cells' template, the site data of the language,
/// what every page shares (settings, strings, catalog) and the city's own file, which its
/// scores come from. A column shows its city alone, so no other city's edit changes it. The
/// key is checked before the column's view is built: building and hashing the views of a
/// thousand columns took most of a one-city edit's rebuild.
pub fn render_column(ctx: &Ctx<'_>, env: &Environment<'_>, i: usize) -> Rendered {
    let city = &ctx.input.content.cities[i].city;
    let path = format!("{}{COLUMNS_PATH}{}.json", ctx.urls.prefix(), city.slug);
    let key = ctx.input.cache.map(|_| {
        let tfp = ctx.input.template_fingerprints.get(CELLS).copied();
        crate::fingerprint::fingerprint([
            &tfp.unwrap_or(0).to_le_bytes()[..],
            &ctx.input.shared_fingerprint.to_le_bytes(),
            &ctx.site_fingerprint.to_le_bytes(),
            city.file.text.as_bytes(),
        ])
    });
    cached_or_made(ctx, key, path, || {
        let view = compare_columns(ctx, &[i]);
        // A struct of strings and numbers always serializes.
        column(ctx, env, &view).map(|c| serde_json::to_vec(&c).unwrap_or_default())
    })
}

/// The cells of the one city of `view`, table by table and row by row as `compare.html` writes
/// them: the dimension table (head, coverage, overall and dimensions), a category table and a
/// coverage table per dimension, then a bar per chart.
fn column(
    ctx: &Ctx<'_>,
    env: &Environment<'_>,
    view: &CompareView,
) -> Result<Column, minijinja::Error> {
    let template = env.get_template(CELLS)?;
    let mut state =
        template.render_captured(minijinja::context! { site => ctx.site_value.clone() })?;
    state.with_state_mut(|state| {
        let mut col = Column::default();
        let mut cell = |col: &mut Column, name: &str, arg: Value| {
            state.call_macro(name, &[arg]).map(|html| col.cell(html))
        };
        let Some(city) = view.cities.first() else {
            return Ok(col);
        };
        let head = cell(&mut col, "head", Value::from(Serde(city)))?;
        let mut dims = vec![head, cell(&mut col, "covered", Value::from(Serde(city)))?];
        for r in &view.dimensions {
            for c in &r.cells {
                dims.push(cell(&mut col, "score", Value::from(Serde(c)))?);
            }
        }
        col.tables.push(dims);
        for g in &view.categories {
            let mut table = vec![head];
            for c in g.rows.iter().flat_map(|r| &r.cells) {
                table.push(cell(&mut col, "cell", Value::from(Serde(c)))?);
            }
            col.tables.push(table);
        }
        for t in &view.coverage {
            let mut table = vec![head];
            for c in t.groups.iter().flat_map(|g| &g.rows).flat_map(|r| &r.cells) {
                table.push(cell(&mut col, "cov", Value::from(Serde(c)))?);
            }
            col.tables.push(table);
        }
        for ch in &view.charts {
            for b in &ch.bars {
                let bar = cell(&mut col, "bar", Value::from(Serde(b)))?;
                col.bars.push(bar);
            }
        }
        Ok(col)
    })
}
