//! `cityprofiles new city NAME`.

use std::path::Path;
use std::process::ExitCode;

use crate::config::SiteConfig;
use crate::content::loader::load_catalog;
use crate::diagnostics::{Diagnostic, MessageFormat, report};
use crate::scaffold;

/// Writes `content/cities/<slug>/city.toml` (a form listing every KPI) and `index.md`.
pub fn city(root: &Path, name: &str, country: &str, fmt: MessageFormat) -> ExitCode {
    let fail = |d: Diagnostic, code: u8| {
        report(&d.into(), fmt);
        ExitCode::from(code)
    };
    let slug = scaffold::city_slug(name);
    if slug.is_empty() {
        return fail(
            Diagnostic::error(format!("the name `{name}` gives an empty folder name"))
                .help("use a name with letters, e.g. \"Ålesund\""),
            2,
        );
    }
    let catalog = match SiteConfig::load(root).map(|cfg| load_catalog(root, &cfg)) {
        Ok(Ok(c)) => c,
        Ok(Err(d)) | Err(d) => {
            report(&d, fmt);
            return ExitCode::from(1);
        }
    };
    let dir = root.join("content").join("cities").join(&slug);
    if dir.exists() {
        return fail(
            Diagnostic::error(format!("{} already exists", dir.display()))
                .help("edit the files there, or choose another name"),
            1,
        );
    }
    let files = [
        ("city.toml", scaffold::city_form(&catalog, name, country)),
        ("index.md", scaffold::narrative_outline(name, &catalog)),
    ];
    if let Err(e) = std::fs::create_dir_all(&dir) {
        return fail(
            Diagnostic::error(format!("cannot create {}: {e}", dir.display()))
                .help("check that content/cities/ can be written to"),
            1,
        );
    }
    for (f, text) in files {
        if let Err(e) = std::fs::write(dir.join(f), text) {
            return fail(
                Diagnostic::error(format!("cannot write {}: {e}", dir.join(f).display()))
                    .help("check that the folder can be written to"),
                1,
            );
        }
    }
    eprintln!(
        "Created {}/city.toml and index.md. Uncomment and fill in the KPIs the city reports.",
        dir.display()
    );
    ExitCode::SUCCESS
}
