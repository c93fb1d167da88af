//! `cityprofiles build`.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use crate::diagnostics::{Diagnostic, MessageFormat};
use crate::site::output::{check_output_dir, write_site};
use crate::site::{BuildOptions, build_in_memory};

/// Builds the site and writes it; the previous output survives any error.
pub fn run(
    root: &Path,
    output_dir: &Path,
    base_url: Option<String>,
    drafts: bool,
    timings: bool,
    fmt: MessageFormat,
) -> ExitCode {
    let start = Instant::now();
    let opts = BuildOptions {
        root: root.to_path_buf(),
        base_url,
        drafts,
        check_links: false,
        cache: None,
    };
    let built = match build_in_memory(&opts) {
        Ok(b) => b,
        Err(diags) => {
            super::report(&diags, fmt);
            eprintln!("Build failed: nothing was written.");
            return ExitCode::from(1);
        }
    };
    super::report(&built.warnings, fmt);
    let out = if output_dir.is_absolute() {
        output_dir.to_path_buf()
    } else {
        root.join(output_dir)
    };
    if let Err(msg) = check_output_dir(root, &out) {
        super::report(&Diagnostic::error(msg).into(), fmt);
        return ExitCode::from(1);
    }
    let t = Instant::now();
    if let Err(e) = write_site(&out, &built.outputs) {
        super::report(
            &Diagnostic::error(format!("cannot write {}: {e}", out.display()))
                .help("check that the folder is writable; the previous site was kept")
                .into(),
            fmt,
        );
        return ExitCode::from(1);
    }
    let write_time = t.elapsed();
    let pages = built
        .outputs
        .iter()
        .filter(|o| o.path.ends_with(".html"))
        .count();
    let bytes: usize = built.outputs.iter().map(|o| o.bytes.len()).sum();
    eprintln!(
        "Built {} cities: {pages} pages, {} files ({:.1} MB) in {} ms → {}",
        built.cities,
        built.outputs.len(),
        bytes as f64 / 1e6,
        start.elapsed().as_millis(),
        out.display()
    );
    if !built.translations.is_empty() {
        eprint!("{}", crate::check::translations::table(&built.translations));
    }
    eprintln!(
        "Search index: {:.1} kB per language",
        built.search_index_bytes as f64 / 1000.0
    );
    if timings {
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
