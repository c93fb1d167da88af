//! `cityprofiles init DIR`.

use std::path::Path;
use std::process::ExitCode;

use crate::diagnostics::{Diagnostic, MessageFormat, report};
use crate::scaffold;

/// Writes a new site that builds with the built-in theme and catalog.
pub fn run(dir: &Path, fmt: MessageFormat) -> ExitCode {
    let fail = |d: Diagnostic| {
        report(&d.into(), fmt);
        ExitCode::from(1)
    };
    if dir.exists()
        && std::fs::read_dir(dir)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        return fail(
            Diagnostic::error(format!("{} exists and is not empty", dir.display()))
                .help("choose a new folder name, e.g. `cityprofiles init my-site`"),
        );
    }
    let title = dir
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("City profiles")
        .to_string();
    let files: Vec<(&str, String)> = vec![
        ("site.toml", scaffold::site_toml(&title)),
        (".gitignore", scaffold::GITIGNORE.to_string()),
        ("README.md", scaffold::SITE_README.to_string()),
        (
            "content/cities/example-city/city.toml",
            scaffold::sample_city(),
        ),
        (
            "content/cities/example-city/index.md",
            scaffold::sample_narrative(),
        ),
        ("content/pages/about.md", scaffold::SAMPLE_PAGE.to_string()),
        (".github/workflows/pages.yml", scaffold::pages_workflow()),
    ];
    for (path, text) in files {
        let p = dir.join(path);
        if let Some(parent) = p.parent()
            && let Err(e) = std::fs::create_dir_all(parent)
        {
            return fail(
                Diagnostic::error(format!("cannot create {}: {e}", parent.display()))
                    .help("check that the parent folder exists and can be written to"),
            );
        }
        if let Err(e) = std::fs::write(&p, text) {
            return fail(
                Diagnostic::error(format!("cannot write {}: {e}", p.display()))
                    .help("check that the folder can be written to"),
            );
        }
    }
    eprintln!(
        "Created a new site in {}.\nNext: cityprofiles serve --root {}",
        dir.display(),
        dir.display()
    );
    ExitCode::SUCCESS
}
