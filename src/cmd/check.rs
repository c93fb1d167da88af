//! `cityprofiles check`: the whole pipeline in memory plus the link checker; writes nothing.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use crate::diagnostics::{ReportStyle, report_styled};
use crate::site::image_store::ImageStore;
use crate::site::{BuildOptions, build_in_memory};

/// Runs the check; exit 1 on errors (or on warnings with `deny_warnings`).
#[allow(clippy::too_many_arguments)]
pub fn run(
    root: &Path,
    base_url: Option<String>,
    drafts: bool,
    deny_warnings: bool,
    translations: bool,
    external: bool,
    images: Option<Arc<ImageStore>>,
    style: ReportStyle,
) -> ExitCode {
    let fmt = style.format;
    let base_url = match super::base_url(base_url.as_deref()) {
        Ok(b) => b,
        Err(d) => {
            crate::diagnostics::report(&d.into(), fmt);
            return ExitCode::from(1);
        }
    };
    let opts = BuildOptions {
        root: root.to_path_buf(),
        base_url,
        drafts,
        check_links: true,
        cache: None,
        images,
        sink: None,
    };
    match build_in_memory(&opts) {
        Err(diags) => {
            report_styled(&diags, style);
            ExitCode::from(1)
        }
        Ok(built) => {
            let mut diags = built.warnings;
            if external {
                let links = match &built.links {
                    Some(index) => index.external_links(),
                    None => crate::check::external::external_links(&built.outputs),
                };
                let (d, summary) =
                    crate::check::external::check_urls(links, std::time::Duration::from_secs(10));
                diags.extend(d);
                eprintln!("{summary}");
            }
            if translations {
                print!("{}", crate::check::translations::table(&built.translations));
                diags.extend(crate::check::translations::warnings(&built.translations));
            }
            report_styled(&diags, style);
            let failed = diags.has_errors() || (deny_warnings && diags.warning_count() > 0);
            if !failed {
                let pages = built
                    .outputs
                    .iter()
                    .filter(|o| o.path.ends_with(".html"))
                    .count();
                let links = match built.broken_links {
                    0 => "every internal link resolves".to_string(),
                    1 => "1 broken link in Markdown left as a warning".to_string(),
                    n => format!("{n} broken links in Markdown left as warnings"),
                };
                eprintln!(
                    "Check passed: {} {}, {pages} pages, {links}.",
                    built.cities,
                    if built.cities == 1 { "city" } else { "cities" }
                );
            }
            if failed {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
    }
}
