//! `cityprofiles kpis`: prints the catalog the site uses.

use std::path::Path;
use std::process::ExitCode;

use crate::cli::KpisFormat;
use crate::config::SiteConfig;
use crate::content::loader::load_catalog;
use crate::diagnostics::MessageFormat;
use crate::model::catalog::{Catalog, Tier};

/// Prints the catalog (the site's own when run inside a site, else the embedded one).
pub fn run(root: &Path, format: KpisFormat, fmt: MessageFormat) -> ExitCode {
    let catalog = match SiteConfig::load(root) {
        Ok(cfg) => match load_catalog(root, &cfg) {
            Ok(c) => c,
            Err(d) => {
                crate::diagnostics::report(&d, fmt);
                return ExitCode::from(1);
            }
        },
        Err(_) => Catalog::u4ssc(),
    };
    let out = match format {
        KpisFormat::Json => serde_json::to_string_pretty(&catalog).unwrap_or_default() + "\n",
        KpisFormat::Csv => csv_text(&catalog),
        KpisFormat::Table => table_text(&catalog),
    };
    print!("{out}");
    ExitCode::SUCCESS
}

fn tier(t: Tier) -> &'static str {
    match t {
        Tier::Core => "core",
        Tier::Advanced => "advanced",
    }
}

fn csv_text(c: &Catalog) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "code",
        "id",
        "name",
        "dimension",
        "subdimension",
        "category",
        "tier",
        "unit",
        "data_point",
        "target",
        "target_official",
    ]);
    for k in &c.kpis {
        let d = &c.dimensions[k.dimension];
        let s = &d.subdimensions[k.subdimension];
        let cat = &s.categories[k.category];
        let t = |t: Option<&std::sync::Arc<crate::model::catalog::Target>>| {
            (
                t.map(|t| t.value.to_string()).unwrap_or_default(),
                t.map(|t| t.official.to_string()).unwrap_or_default(),
            )
        };
        let (tv, to) = t(k.target.as_ref());
        let _ = w.write_record([
            &k.code,
            &k.id,
            &k.name,
            &d.name,
            &s.name,
            &cat.name,
            tier(k.tier),
            &k.unit,
            "",
            &tv,
            &to,
        ]);
        for dp in &k.data_points {
            let (tv, to) = t(k.point_targets.get(&*dp.key));
            let _ = w.write_record([
                &k.code,
                &k.id,
                &k.name,
                &d.name,
                &s.name,
                &cat.name,
                tier(k.tier),
                &dp.unit,
                &dp.name,
                &tv,
                &to,
            ]);
        }
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

fn table_text(c: &Catalog) -> String {
    let mut s = format!("{} — {} KPIs\n", c.meta.name, c.kpis.len());
    for d in &c.dimensions {
        s.push_str(&format!("\n{}\n", d.name));
        for sub in &d.subdimensions {
            s.push_str(&format!("  {}\n", sub.name));
            for cat in &sub.categories {
                s.push_str(&format!("    {}\n", cat.name));
                for &ki in &cat.kpis {
                    let k = &c.kpis[ki];
                    s.push_str(&format!(
                        "      {:<18} {:<8} {} [{}]\n",
                        k.code,
                        tier(k.tier),
                        k.name,
                        k.unit
                    ));
                }
            }
        }
    }
    s
}
