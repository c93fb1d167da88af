//! `cityprofiles new city NAME`.

use std::path::Path;
use std::process::ExitCode;

use crate::config::SiteConfig;
use crate::content::loader::load_catalog;
use crate::scaffold;

/// Writes `content/cities/<slug>/city.toml` (a form listing every KPI) and `index.md`.
pub fn city(root: &Path, name: &str, country: &str) -> ExitCode {
    let slug = scaffold::city_slug(name);
    if slug.is_empty() {
        eprintln!(
            "error: the name `{name}` gives an empty folder name\nhelp: use a name with letters, e.g. \"Ålesund\""
        );
        return ExitCode::from(2);
    }
    let catalog = match SiteConfig::load(root).map(|cfg| load_catalog(root, &cfg)) {
        Ok(Ok(c)) => c,
        Ok(Err(d)) | Err(d) => {
            crate::diagnostics::report(&d, Default::default());
            return ExitCode::from(1);
        }
    };
    let dir = root.join("content").join("cities").join(&slug);
    if dir.exists() {
        eprintln!(
            "error: {} already exists\nhelp: edit the files there, or choose another name",
            dir.display()
        );
        return ExitCode::from(1);
    }
    let year = 2024;
    let files = [
        (
            "city.toml",
            scaffold::city_form(&catalog, name, country, year),
        ),
        ("index.md", scaffold::narrative_outline(name, &catalog)),
    ];
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("error: cannot create {}: {e}", dir.display());
        return ExitCode::from(1);
    }
    for (f, text) in files {
        if let Err(e) = std::fs::write(dir.join(f), text) {
            eprintln!("error: cannot write {}: {e}", dir.join(f).display());
            return ExitCode::from(1);
        }
    }
    eprintln!(
        "Created {}/city.toml and index.md. Uncomment and fill in the KPIs the city reports.",
        dir.display()
    );
    ExitCode::SUCCESS
}
