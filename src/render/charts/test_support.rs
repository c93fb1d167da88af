//! What the chart tests share: an XML well-formedness checker, the properties every chart
//! must have, and a long hostile name.

use std::collections::BTreeSet;

/// Fails with a message unless `cond` holds.
fn ensure(cond: bool, msg: impl FnOnce() -> String) -> Result<(), String> {
    if cond { Ok(()) } else { Err(msg()) }
}

/// Text content and attribute values: no stray '>', only the five XML entities or numeric ones.
fn check_text(t: &str) -> Result<(), String> {
    ensure(!t.contains('>'), || format!("stray '>' in text {t:?}"))?;
    for p in t.split('&').skip(1) {
        let ok = ["amp;", "lt;", "gt;", "quot;", "apos;"]
            .iter()
            .any(|e| p.starts_with(e))
            || (p.starts_with('#') && p.contains(';'));
        ensure(ok, || format!("bad entity in {t:?}"))?;
    }
    Ok(())
}

/// Stack-based well-formedness check over `<...>`: balanced and matching tags, one root,
/// quoted attributes without duplicates, and only the five XML entities or numeric ones.
fn well_formed(svg: &str) -> Result<(), String> {
    let mut stack: Vec<String> = Vec::new();
    let mut roots = 0;
    let mut rest = svg;
    while let Some(start) = rest.find('<') {
        let text = &rest[..start];
        check_text(text)?;
        ensure(!stack.is_empty() || text.trim().is_empty(), || {
            format!("text outside the root: {text:?}")
        })?;
        let end = start + rest[start..].find('>').ok_or("unclosed '<'")?;
        let tag = &rest[start + 1..end];
        ensure(!tag.contains('<'), || format!("'<' inside tag {tag:?}"))?;
        if let Some(name) = tag.strip_prefix('/') {
            let open = stack.pop();
            ensure(open.as_deref() == Some(name.trim()), || {
                format!("</{name}> closes {open:?}")
            })?;
        } else {
            let self_closing = tag.ends_with('/');
            let body = tag.trim_end_matches('/');
            let name = body
                .split_whitespace()
                .next()
                .ok_or("empty tag")?
                .to_owned();
            ensure(
                name.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ':'),
                || format!("bad tag name {name:?}"),
            )?;
            let attrs = &body[name.len()..];
            ensure(attrs.matches('"').count().is_multiple_of(2), || {
                format!("unbalanced quotes in {tag:?}")
            })?;
            let mut seen = BTreeSet::new();
            for (i, chunk) in attrs.split('"').enumerate() {
                if i % 2 == 1 {
                    check_text(chunk)?;
                } else if let Some(key) = chunk.trim().strip_suffix('=') {
                    ensure(seen.insert(key.to_owned()), || {
                        format!("duplicate attribute {key} in {tag:?}")
                    })?;
                } else {
                    ensure(chunk.trim().is_empty(), || {
                        format!("junk {chunk:?} in {tag:?}")
                    })?;
                }
            }
            if stack.is_empty() {
                roots += 1;
            }
            if !self_closing {
                stack.push(name);
            }
        }
        rest = &rest[end + 1..];
    }
    check_text(rest)?;
    ensure(rest.trim().is_empty(), || "text after the root".to_owned())?;
    ensure(stack.is_empty(), || format!("unclosed tags {stack:?}"))?;
    ensure(roots == 1, || format!("{roots} root elements"))
}

pub(super) fn assert_well_formed(svg: &str) {
    if let Err(e) = well_formed(svg) {
        panic!("{e} in {svg}");
    }
}

/// Values of every `attr="..."` occurrence.
pub(super) fn attr_values<'a>(svg: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    svg.match_indices(&needle)
        .map(|(i, _)| {
            let from = i + needle.len();
            &svg[from..from + svg[from..].find('"').expect("closed attribute")]
        })
        .collect()
}

/// Ids are unique, start with the prefix, and every reference points at one of them.
pub(super) fn assert_ids(svg: &str, prefix: &str) -> BTreeSet<String> {
    let ids = attr_values(svg, "id");
    let set: BTreeSet<String> = ids.iter().map(|s| (*s).to_owned()).collect();
    assert_eq!(set.len(), ids.len(), "duplicate ids in {svg}");
    for id in &set {
        assert!(id.starts_with(&format!("{prefix}-")), "unprefixed id {id}");
    }
    let mut refs: Vec<String> = Vec::new();
    for v in attr_values(svg, "aria-labelledby") {
        refs.extend(v.split_whitespace().map(str::to_owned));
    }
    for v in attr_values(svg, "href") {
        if let Some(r) = v.strip_prefix('#') {
            refs.push(r.to_owned());
        }
    }
    for (i, _) in svg.match_indices("url(#") {
        let from = i + 5;
        refs.push(svg[from..from + svg[from..].find(')').unwrap()].to_owned());
    }
    for r in refs {
        assert!(set.contains(&r), "reference to missing id {r}");
    }
    set
}

/// Everything every chart must satisfy.
pub(super) fn assert_chart(svg: &str, prefix: &str, kind: &str) {
    assert_well_formed(svg);
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\""));
    assert_eq!(svg.matches("<svg").count(), 1);
    assert!(svg.contains(&format!("class=\"chart chart-{kind}\"")));
    assert!(svg.contains("role=\"img\"") || svg.contains("role=\"group\""));
    assert!(!svg.contains(" width=\"100%\"") && !svg.contains("<svg width"));
    for attr in [
        "x",
        "y",
        "cx",
        "cy",
        "r",
        "width",
        "height",
        "d",
        "transform",
        "viewBox",
        "font-size",
    ] {
        for v in attr_values(svg, attr) {
            assert!(!v.contains("NaN") && !v.contains("inf"), "{attr}=\"{v}\"");
        }
    }
    let vb = attr_values(svg, "viewBox")[0];
    let nums: Vec<f64> = vb.split(' ').map(|v| v.parse().unwrap()).collect();
    assert!(
        nums.len() == 4 && nums[2] > 0.0 && nums[3] > 0.0,
        "viewBox {vb}"
    );
    assert_ids(svg, prefix);
    if !svg.contains("aria-label=\"") || svg.contains("aria-labelledby") {
        assert!(svg.contains(&format!("<title id=\"{prefix}-title\">")));
        assert!(svg.contains(&format!("<desc id=\"{prefix}-desc\">")));
        assert!(svg.contains(&format!("aria-labelledby=\"{prefix}-title {prefix}-desc\"")));
    }
    // Coordinates are rounded to at most two decimals.
    for attr in ["x", "y", "cx", "cy", "width", "height", "r"] {
        for v in attr_values(svg, attr) {
            let decimals = v.split_once('.').map_or(0, |(_, f)| f.len());
            assert!(decimals <= 2, "{attr}=\"{v}\"");
        }
    }
}

#[test]
fn checker_rejects_broken_xml() {
    for bad in [
        "<svg><g></svg>",
        "<svg></g>",
        "<svg a=\"1\" a=\"2\"/>",
        "<svg a=\"1/>",
        "<svg>&nbsp;</svg>",
        "<svg/><svg/>",
        "<svg>a > b</svg>",
    ] {
        assert!(well_formed(bad).is_err(), "accepted {bad}");
    }
    assert_well_formed("<svg a=\"&amp;\"><g><title>x &lt; y</title></g><path/></svg>\n");
}

/// A name far too long for any label, with characters that need escaping.
pub(super) fn long_name() -> String {
    "Municipality of the Very Long And Verbose Name Which Keeps Going & Going <On>".repeat(3)
}
