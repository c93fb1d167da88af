//! The CLI verbs.

mod build;
mod check;
mod init;
mod kpis;
mod new;
#[cfg(feature = "serve")]
mod serve;
mod sheet;

use std::process::ExitCode;

use std::sync::Arc;

use clap::Parser;

use crate::cli::{Cli, Command, ExportWhat, NewWhat};
use crate::config::BaseUrl;
use crate::diagnostics::{Diagnostic, ReportStyle};
use crate::sheet::import::NumberStyle;
use crate::site::image_store::ImageStore;

/// Parses arguments and runs the command; exit code 0 ok, 1 errors, 2 usage.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    run(cli)
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> ExitCode {
    let fmt = cli.message_format;
    let style = ReportStyle::verbose(fmt, cli.verbose);
    let root = cli.root.clone();
    match cli.command {
        Command::Build {
            output_dir,
            base_url,
            drafts,
            timings,
            no_cache,
        } => build::run(
            &root,
            &output_dir,
            base_url,
            drafts,
            timings,
            images(&root, no_cache),
            style,
        ),
        Command::Check {
            base_url,
            drafts,
            deny_warnings,
            translations,
            external,
            no_cache,
        } => check::run(
            &root,
            base_url,
            drafts,
            deny_warnings,
            translations,
            external,
            images(&root, no_cache),
            style,
        ),
        #[cfg(feature = "serve")]
        Command::Serve {
            interface,
            port,
            base_path,
            drafts,
            output_dir,
            open,
            poll,
            timings,
            no_cache,
        } => serve::run(
            &root,
            &output_dir,
            &interface,
            port,
            base_path,
            drafts,
            open,
            poll,
            timings,
            images(&root, no_cache),
            style,
        ),
        #[cfg(not(feature = "serve"))]
        Command::Serve { .. } => {
            crate::diagnostics::report(
                &Diagnostic::error("this binary was built without the `serve` feature")
                    .help("build it with `cargo build --features serve`")
                    .into(),
                fmt,
            );
            ExitCode::from(2)
        }
        Command::Init { dir } => init::run(&dir, fmt),
        Command::New {
            what: NewWhat::City { name, country },
        } => new::city(&root, &name, &country, fmt),
        Command::Export {
            what: ExportWhat::Template { format, output },
        } => sheet::export_template(&root, format, output.as_deref(), fmt),
        Command::Export {
            what:
                ExportWhat::City {
                    slug,
                    format,
                    output,
                },
        } => sheet::export_city(&root, &slug, format, output.as_deref(), fmt),
        Command::Import {
            file,
            city,
            dry_run,
            skip_errors,
            percent,
            decimal_comma,
            thousands_comma,
        } => {
            let numbers = match (decimal_comma, thousands_comma) {
                (true, _) => NumberStyle::DecimalComma,
                (_, true) => NumberStyle::ThousandsComma,
                _ => NumberStyle::Auto,
            };
            let how = sheet::ImportArgs {
                dry_run,
                skip_errors,
                percent,
                numbers,
            };
            sheet::import(&root, &file, &city, how, fmt)
        }
        Command::Kpis { format } => kpis::run(&root, format, fmt),
    }
}

/// `--base-url`, validated once for the whole run (the site build takes it as a [`BaseUrl`]).
/// The store of images kept from earlier builds in the site's folder, unless `--no-cache`.
fn images(root: &std::path::Path, no_cache: bool) -> Option<Arc<ImageStore>> {
    (!no_cache).then(|| Arc::new(ImageStore::for_site(root)))
}

fn base_url(arg: Option<&str>) -> Result<Option<BaseUrl>, Diagnostic> {
    arg.map(|s| {
        BaseUrl::parse(s).map_err(|m| {
            Diagnostic::error(format!("invalid --base-url: {m}"))
                .help("pass the published address, e.g. --base-url https://example.github.io/repo/")
        })
    })
    .transpose()
}
