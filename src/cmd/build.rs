//! `cityprofiles build`.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use crate::diagnostics::{Diagnostic, Diagnostics, MessageFormat, ReportStyle, report_styled};
use crate::site::image_store::ImageStore;
use crate::site::limits::size_warning;
use crate::site::output::{Staging, check_output_dir};
use crate::site::{BuildOptions, build_in_memory};
use std::sync::Arc;

/// Builds the site and writes it; the previous output survives any error.
pub fn run(
    root: &Path,
    output_dir: &Path,
    base_url: Option<String>,
    drafts: bool,
    timings: bool,
    images: Option<Arc<ImageStore>>,
    style: ReportStyle,
) -> ExitCode {
    let fmt = style.format;
    let start = Instant::now();
    let out = if output_dir.is_absolute() {
        output_dir.to_path_buf()
    } else {
        root.join(output_dir)
    };
    if let Err(msg) = check_output_dir(root, &out) {
        crate::diagnostics::report(&Diagnostic::error(msg).into(), fmt);
        return ExitCode::from(1);
    }
    let write_error = |e: std::io::Error| {
        crate::diagnostics::report(
            &Diagnostic::error(format!("cannot write {}: {e}", out.display()))
                .help("check that the folder is writable; the previous site was kept")
                .into(),
            fmt,
        );
        ExitCode::from(1)
    };
    // Files are written beside the output as they are made (holding a large site in memory
    // cost gigabytes) and swapped in only once the whole build succeeded.
    let staging = match Staging::new(&out) {
        Ok(s) => Arc::new(s),
        Err(e) => return write_error(e),
    };
    // Said at once: removing gigabytes takes a while, and the build may still fail.
    if let Some(info) = staging.leftovers().info() {
        eprintln!("{info}");
    }
    report_all(staging.leftovers().warnings(), fmt);
    let base_url = match super::base_url(base_url.as_deref()) {
        Ok(b) => b,
        Err(d) => {
            crate::diagnostics::report(&d.into(), fmt);
            eprintln!("Build failed: the previous output was kept.");
            return ExitCode::from(1);
        }
    };
    let opts = BuildOptions {
        root: root.to_path_buf(),
        base_url,
        drafts,
        check_links: false,
        cache: None,
        images: images.clone(),
        sink: Some(staging.clone()),
    };
    let built = match build_in_memory(&opts) {
        Ok(b) => b,
        Err(diags) => {
            report_styled(&diags, style);
            eprintln!("Build failed: the previous output was kept.");
            return ExitCode::from(1);
        }
    };
    drop(opts);
    // Every file is in the staging folder now, so its totals are the published site's; the
    // warning goes with the build's own, into their count by kind.
    let (files, bytes) = (staging.files(), staging.bytes());
    let mut warnings = built.warnings;
    if let Some(d) = size_warning(bytes, files) {
        warnings.push(d);
    }
    report_styled(&warnings, style);
    let t = Instant::now();
    let committed = Arc::try_unwrap(staging)
        .map_err(|_| std::io::Error::other("the build still holds the output"))
        .and_then(Staging::commit);
    match committed {
        Ok(warnings) => report_all(warnings, fmt),
        Err(e) => return write_error(e),
    }
    let write_time = t.elapsed();
    let images = images.map(|store| {
        // Only after success: a failed build may not have drawn every image the site uses.
        let removed = store.remove_unused();
        (store, removed)
    });
    let pages = built
        .outputs
        .iter()
        .filter(|o| o.path.ends_with(".html"))
        .count();
    eprintln!(
        "Built {} cities: {pages} pages, {files} files ({:.1} MB) in {} ms → {}",
        built.cities,
        bytes as f64 / 1e6,
        start.elapsed().as_millis(),
        out.display()
    );
    if !built.translations.is_empty() {
        eprint!("{}", crate::check::translations::table(&built.translations));
    }
    let (search_files, search_bytes) = built.search_bundle;
    eprintln!(
        "Search: {search_files} files ({:.1} kB) per language, of which a search loads only the pieces it needs",
        search_bytes as f64 / 1000.0
    );
    if let Some((store, removed)) = &images {
        let (read, drawn) = store.counts();
        if read + drawn > 0 {
            eprintln!(
                "Images: {drawn} drawn, {read} reused from earlier builds in {}",
                store.dir().display()
            );
        }
        match removed {
            Ok(0) => {}
            Ok(n) => eprintln!(
                "Images: removed {n} that this build did not use from {}",
                store.dir().display()
            ),
            Err(e) => eprintln!(
                "warning: cannot remove the unused images in {}: {e}",
                store.dir().display()
            ),
        }
    }
    if timings {
        // Pages are written while they render, so "render" includes most of the writing;
        // "write" is the final swap.
        for (stage, d) in built
            .timings
            .iter()
            .chain(std::iter::once(&("write", write_time)))
        {
            eprintln!("  {stage:<8} {:>8.1} ms", d.as_secs_f64() * 1000.0);
        }
    }
    ExitCode::SUCCESS
}

/// Reports diagnostics that are not about the site's files (the folders beside the output).
fn report_all(list: Vec<Diagnostic>, fmt: MessageFormat) {
    let mut diags = Diagnostics::new();
    for d in list {
        diags.push(d);
    }
    crate::diagnostics::report(&diags, fmt);
}
