//! Command-line interface (clap derive; doc comments are the help text).

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::diagnostics::MessageFormat;

/// Build static websites of U4SSC Smart Sustainable City profiles from TOML data and Markdown.
#[derive(Debug, Parser)]
#[command(name = "cityprofiles", version, about, long_about = None)]
pub struct Cli {
    /// Site folder (holding site.toml).
    #[arg(long, global = true, default_value = ".")]
    pub root: PathBuf,
    /// How to print problems: human (with the offending line), short (one line each), github.
    #[arg(long, global = true, value_enum, default_value_t = MessageFormat::Human)]
    pub message_format: MessageFormat,
    /// Show every warning in full (many of one kind are otherwise shortened to five and a
    /// count), with details such as the list of core KPIs not reported.
    #[arg(long, short = 'v', global = true)]
    pub verbose: bool,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The verbs.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder (public/ by default).
    Build {
        /// Where to write the site.
        #[arg(long, short = 'o', default_value = "public")]
        output_dir: PathBuf,
        /// Published address, overriding site.toml (e.g. https://example.github.io/repo/).
        #[arg(long)]
        base_url: Option<String>,
        /// Include cities and pages marked draft = true.
        #[arg(long)]
        drafts: bool,
        /// Print the time spent in each stage.
        #[arg(long)]
        timings: bool,
        /// Draw every image anew, neither reading nor writing the images kept from earlier
        /// builds (in .cache/cityprofiles/images).
        #[arg(long)]
        no_cache: bool,
    },
    /// Run the whole build in memory, check every internal link, and write nothing.
    Check {
        /// Published address, overriding site.toml.
        #[arg(long)]
        base_url: Option<String>,
        /// Include drafts.
        #[arg(long)]
        drafts: bool,
        /// Exit with an error when there are warnings.
        #[arg(long)]
        deny_warnings: bool,
        /// Print a table of translated and missing texts per language, and warn about each gap.
        #[arg(long)]
        translations: bool,
        /// Also ask every external link whether it still answers (needs network; warnings only).
        #[arg(long)]
        external: bool,
        /// Draw every image anew, neither reading nor writing the images kept from earlier
        /// builds (in .cache/cityprofiles/images).
        #[arg(long)]
        no_cache: bool,
    },
    /// Preview the site locally, rebuilding and reloading the browser when files change.
    Serve {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1")]
        interface: String,
        /// Port to listen on (the next free one is used if it is taken).
        #[arg(long, short = 'p', default_value_t = 1111)]
        port: u16,
        /// Serve under this path, like GitHub project pages (e.g. /repo/).
        #[arg(long)]
        base_path: Option<String>,
        /// Include drafts.
        #[arg(long)]
        drafts: bool,
        /// Where to write the preview build.
        #[arg(long, short = 'o', default_value = "public")]
        output_dir: PathBuf,
        /// Open the site in the default browser once it is served.
        #[arg(long)]
        open: bool,
        /// Watch files by polling every second (for network drives, containers and editors
        /// whose saves the normal watcher misses).
        #[arg(long)]
        poll: bool,
        /// Print the time of each stage after every rebuild.
        #[arg(long)]
        timings: bool,
        /// Draw every image anew, neither reading nor writing the images kept from earlier
        /// builds (in .cache/cityprofiles/images).
        #[arg(long)]
        no_cache: bool,
    },
    /// Create a new site in DIR that builds with the built-in theme and catalog.
    Init {
        /// Folder to create (must be empty or missing).
        dir: PathBuf,
    },
    /// Create new content.
    New {
        /// What to create.
        #[command(subcommand)]
        what: NewWhat,
    },
    /// Write a data-collection spreadsheet: a blank template, or a city's values.
    Export {
        /// What to export.
        #[command(subcommand)]
        what: ExportWhat,
    },
    /// Read a filled spreadsheet (CSV, XLSX or ODS) into a city's city.toml.
    Import {
        /// The sheet: .csv, .xlsx or .ods (the first sheet of a workbook is read).
        file: PathBuf,
        /// The city's folder name under content/cities/.
        #[arg(long)]
        city: String,
        /// Check the sheet and print the report, but write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Import the good rows even when other rows have errors.
        #[arg(long)]
        skip_errors: bool,
        /// How to read values between 0 and 1 on KPIs measured in %: auto (as shares when every
        /// % value of the sheet is between 0 and 1), shares (0.45 is 45 %), as-written.
        #[arg(long, value_enum, default_value_t = PercentArg::Auto)]
        percent: PercentArg,
        /// The sheet writes decimal commas: "811,570" is 811.57 and points group thousands.
        #[arg(long, conflicts_with = "thousands_comma")]
        decimal_comma: bool,
        /// The sheet groups thousands with commas: "811,570" is 811570 and the point is the
        /// decimal mark.
        #[arg(long)]
        thousands_comma: bool,
    },
    /// Print the KPI catalog.
    Kpis {
        /// Output format.
        #[arg(long, value_enum, default_value_t = KpisFormat::Table)]
        format: KpisFormat,
    },
}

/// Things `new` can create.
#[derive(Debug, Subcommand)]
pub enum NewWhat {
    /// A city folder with a city.toml form listing every KPI, and a narrative outline.
    City {
        /// City name, e.g. "Ålesund".
        name: String,
        /// Country name.
        #[arg(long, default_value = "")]
        country: String,
    },
}

/// Things `export` can write.
#[derive(Debug, Subcommand)]
pub enum ExportWhat {
    /// A blank collection sheet: one row per KPI and data point.
    Template {
        /// csv or xlsx (default: from the -o extension, else csv).
        #[arg(long, value_enum)]
        format: Option<SheetFormat>,
        /// Output file (default: CSV to standard output, XLSX to template.xlsx).
        #[arg(long, short = 'o')]
        output: Option<PathBuf>,
    },
    /// A collection sheet filled with a city's values.
    City {
        /// The city's folder name under content/cities/.
        slug: String,
        /// csv or xlsx (default: from the -o extension, else csv).
        #[arg(long, value_enum)]
        format: Option<SheetFormat>,
        /// Output file (default: CSV to standard output, XLSX to <slug>.xlsx).
        #[arg(long, short = 'o')]
        output: Option<PathBuf>,
    },
}

/// Spreadsheet formats of `export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SheetFormat {
    /// Comma-separated text, UTF-8.
    Csv,
    /// Excel workbook.
    Xlsx,
}

/// How `import` reads values between 0 and 1 on KPIs measured in %.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PercentArg {
    /// As shares when every % value of the sheet lies between 0 and 1, else as written.
    Auto,
    /// Always as shares: 0.45 is 45 %.
    Shares,
    /// Always as written: 0.45 is 0.45 %.
    AsWritten,
}

/// Formats of `kpis`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum KpisFormat {
    /// Aligned text.
    Table,
    /// JSON.
    Json,
    /// CSV, one row per KPI and data point.
    Csv,
}
