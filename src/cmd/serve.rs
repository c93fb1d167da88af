//! `cityprofiles serve`.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use crate::config::BaseUrl;
use crate::diagnostics::{Diagnostic, ReportStyle, report};
use crate::serve::{ServeOptions, serve};
use crate::site::image_store::ImageStore;

/// Starts the dev server.
#[allow(clippy::too_many_arguments)]
pub fn run(
    root: &Path,
    output: &Path,
    interface: &str,
    port: u16,
    base_path: Option<String>,
    drafts: bool,
    open: bool,
    poll: bool,
    timings: bool,
    images: Option<Arc<ImageStore>>,
    style: ReportStyle,
) -> ExitCode {
    let format = style.format;
    let mut base = base_path.unwrap_or_else(|| "/".into());
    if !base.starts_with('/') {
        base.insert(0, '/');
    }
    if !base.ends_with('/') {
        base.push('/');
    }
    let output = if output.is_absolute() {
        output.to_path_buf()
    } else {
        root.join(output)
    };
    let fail = |d: Diagnostic| {
        report(&d.into(), format);
        ExitCode::from(1)
    };
    // Checked here, before the server starts, rather than failing every rebuild.
    if BaseUrl::parse(&format!("http://localhost{base}")).is_err() {
        return fail(
            Diagnostic::error(format!(
                "invalid --base-path `{base}`: a path may contain neither spaces, `?`, `#`, nor `//`"
            ))
                .help("pass the path the site is published under, e.g. --base-path /repo/"),
        );
    }
    if let Err(msg) = crate::site::output::check_output_dir(root, &output) {
        return fail(Diagnostic::error(msg));
    }
    let opts = ServeOptions {
        root: root.to_path_buf(),
        output,
        interface: interface.to_string(),
        port,
        base_path: base,
        drafts,
        format,
        verbose: style.verbose,
        open,
        poll,
        timings,
        images,
    };
    match serve(opts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(Diagnostic::error(format!("the server stopped: {e}")).help(
            "try another port with --port, or check that --interface is an address of this machine",
        )),
    }
}
