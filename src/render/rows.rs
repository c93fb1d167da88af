//! The rows of a page's matrix with one row per city (dimension and SDG pages), rendered in
//! chunks of [`CHUNK`] cities.
//!
//! At 1,000 cities the Economy dimension page holds 13,000 score cells, and rendering it is
//! the longest task of a rebuild. In the dev server each chunk is keyed by what its cities
//! show for the page's KPIs, so an edit to one city's value renders one chunk again and the
//! page is put together from the others as they were.

use std::ops::Range;
use std::sync::Arc;

use minijinja::Environment;
use minijinja::value::{Serde, Value};
use serde::Serialize;

use super::ctx::Ctx;
use super::view::MatrixRow;
use crate::diagnostics::Diagnostic;

/// Cities per chunk: small enough that one edit re-renders little, large enough that a
/// 10,000-city page is a hundred chunks, not thousands.
pub const CHUNK: usize = 100;

/// The macro of `macros.html` that renders rows; a site's own `macros.html` written before it
/// existed still works (the page template then loops over the rows itself).
const MACRO: &str = "matrix_rows";

/// The HTML of every row of the matrix on the page at `page_path` (rendered with `template`),
/// whose cells show the KPIs `kpis`, chunk by chunk: `rows` makes the rows of a range of
/// cities, in [`crate::model::content::Content::cities`] order. `None` when the site's
/// `macros.html` has no `matrix_rows` macro.
pub fn render_rows<C: Serialize>(
    ctx: &Ctx<'_>,
    env: &Environment<'_>,
    page_path: &str,
    template: &str,
    kpis: &[usize],
    rows: impl Fn(Range<usize>) -> Vec<MatrixRow<C>>,
) -> Result<Option<Vec<Arc<str>>>, Diagnostic> {
    let n = ctx.input.content.cities.len();
    let path = format!("{}{page_path}", ctx.urls.prefix());
    let mut chunks = Vec::with_capacity(n.div_ceil(CHUNK));
    for (chunk, start) in (0..n).step_by(CHUNK).enumerate() {
        let range = start..(start + CHUNK).min(n);
        let key = chunk_key(ctx, &path, template, kpis, range.clone());
        if let (Some(cache), Some(key)) = (ctx.input.cache, key)
            && let Some(hit) = cache.get_rows(&path, chunk, key)
        {
            chunks.push(hit);
            continue;
        }
        let Some(part) = call_macro(ctx, env, &rows(range))
            .map_err(|e| ctx.input.templates.diagnostic(&e, &format!("/{path}")))?
        else {
            return Ok(None);
        };
        let part: Arc<str> = part.into();
        if let (Some(cache), Some(key)) = (ctx.input.cache, key) {
            cache.put_rows(&path, chunk, key, part.clone());
        }
        chunks.push(part);
    }
    Ok(Some(chunks))
}

/// HTML rendered ahead that goes into its page after the page's template ran, instead of
/// through it: the rows of a 10,000-city matrix are megabytes, and passing them through the
/// template would hold them three times over (the joined string, the template's copy of it and
/// the growing page) while two such pages render at once. The template writes a short marker
/// in their place, which [`Splices::fill`] replaces.
#[derive(Debug, Default)]
pub struct Splices(Vec<Vec<Arc<str>>>);

/// What opens and closes a marker: Unicode noncharacters, which no text of the site holds.
const OPEN: &str = "\u{FDD0}rows-";
const CLOSE: char = '\u{FDD1}';

impl Splices {
    /// Keeps `chunks` and returns the marker that stands for them in the page.
    pub fn keep(&mut self, chunks: Vec<Arc<str>>) -> String {
        self.0.push(chunks);
        format!("{OPEN}{}{CLOSE}", self.0.len() - 1)
    }

    /// The page `rendered` with each marker replaced by what it stands for.
    pub fn fill(self, rendered: String) -> Vec<u8> {
        if self.0.is_empty() {
            return rendered.into_bytes();
        }
        let extra: usize = self.0.iter().flatten().map(|c| c.len()).sum();
        let mut out = Vec::with_capacity(rendered.len() + extra);
        let mut rest = rendered.as_str();
        while let Some(at) = rest.find(OPEN) {
            out.extend_from_slice(&rest.as_bytes()[..at]);
            let after = &rest[at + OPEN.len()..];
            let Some((index, tail)) = after
                .split_once(CLOSE)
                .and_then(|(i, tail)| Some((i.parse::<usize>().ok()?, tail)))
                .filter(|(i, _)| *i < self.0.len())
            else {
                // Not one of ours: kept as written.
                out.extend_from_slice(OPEN.as_bytes());
                rest = after;
                continue;
            };
            for chunk in &self.0[index] {
                out.extend_from_slice(chunk.as_bytes());
            }
            rest = tail;
        }
        out.extend_from_slice(rest.as_bytes());
        out
    }
}

/// What a chunk's HTML is made from: the page's templates, everything pages share, the
/// language's site data, the KPIs and, for each city of the chunk, its fingerprints for them
/// (its results and identity, see [`crate::model::results::Results::city_kpi_keys`]). `None` outside
/// the dev server.
fn chunk_key(
    ctx: &Ctx<'_>,
    path: &str,
    template: &str,
    kpis: &[usize],
    cities: Range<usize>,
) -> Option<u64> {
    ctx.input.cache?;
    let fps = ctx.input.results.city_kpi_keys.get(cities)?;
    let mut h = crate::fingerprint::HashWriter::new();
    h.update(path.as_bytes());
    h.update(template.as_bytes());
    let template_fp = ctx.input.template_fingerprints.get(template).copied();
    h.update(&template_fp.unwrap_or(0).to_le_bytes());
    h.update(&ctx.input.shared_fingerprint.to_le_bytes());
    h.update(&ctx.site_fingerprint.to_le_bytes());
    for city in fps {
        for &k in kpis {
            h.update(&city.get(k)?.to_le_bytes());
        }
    }
    Some(h.digest())
}

/// Runs the rows macro of `macros.html` in the language of `ctx`; `None` if there is none.
fn call_macro<C: Serialize>(
    ctx: &Ctx<'_>,
    env: &Environment<'_>,
    rows: &[MatrixRow<C>],
) -> Result<Option<String>, minijinja::Error> {
    let template = env.get_template("macros.html")?;
    let mut state =
        template.render_captured(minijinja::context! { site => ctx.site_value.clone() })?;
    state.with_state_mut(|state| {
        if state.lookup(MACRO).is_none() {
            return Ok(None);
        }
        state
            .call_macro(MACRO, &[Value::from(Serde(rows))])
            .map(Some)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunks(parts: &[&str]) -> Vec<Arc<str>> {
        parts.iter().map(|p| Arc::from(*p)).collect()
    }

    #[test]
    fn markers_are_replaced_by_their_chunks_in_order() {
        let mut s = Splices::default();
        let a = s.keep(chunks(&["<tr>1", "<tr>2"]));
        let b = s.keep(chunks(&["<tr>3"]));
        let page = format!("<tbody>{a}</tbody><tbody>{b}</tbody><p>{a}");
        assert_eq!(
            String::from_utf8(s.fill(page)).unwrap(),
            "<tbody><tr>1<tr>2</tbody><tbody><tr>3</tbody><p><tr>1<tr>2"
        );
    }

    #[test]
    fn text_that_only_looks_like_a_marker_is_kept() {
        let mut s = Splices::default();
        let a = s.keep(chunks(&["rows"]));
        let page = format!("{OPEN}9{CLOSE} {OPEN}x {a}");
        assert_eq!(
            String::from_utf8(s.fill(page)).unwrap(),
            format!("{OPEN}9{CLOSE} {OPEN}x rows")
        );
        assert_eq!(Splices::default().fill("é".into()), "é".as_bytes());
    }
}
