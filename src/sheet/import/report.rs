//! The plain-text account of a plan that `import` prints.

use std::fmt::{self, Write as _};

use super::cells::RowFix;
use super::plan::{ImportPlan, PlanRow};
use crate::model::catalog::normalize_code;

/// Plain-text account of a plan: counts, every skipped row with its reason, conversions.
pub fn report(plan: &ImportPlan) -> String {
    let mut s = String::new();
    let n = plan.imported();
    let skipped: Vec<&PlanRow> = plan.skipped().collect();
    let values = if n == 1 { "value" } else { "values" };
    if skipped.is_empty() {
        let _ = writeln!(s, "Imported {n} {values}.");
    } else {
        let rows = if skipped.len() == 1 { "row" } else { "rows" };
        let _ = writeln!(
            s,
            "Imported {n} {values}; skipped {} {rows}:",
            skipped.len()
        );
        for r in &skipped {
            if let PlanRow::Skipped {
                row,
                column,
                reason,
                fix,
            } = r
            {
                let _ = write!(s, "  row {row}");
                if let Some(c) = column {
                    let _ = write!(s, ", column {c}");
                }
                let _ = write!(s, ": {reason}");
                if let RowFix::DidYouMean(m) = fix {
                    let _ = write!(s, " (did you mean {m}?)");
                }
                s.push('\n');
            }
        }
    }
    let conversions: Vec<String> = plan
        .rows
        .iter()
        .filter_map(|r| match r {
            PlanRow::Imported {
                row,
                code,
                point,
                conversion: Some(c),
                ..
            } => Some(match point {
                Some(p) => format!("  row {row}, {} ({p}): {c}", normalize_code(code)),
                None => format!("  row {row}, {}: {c}", normalize_code(code)),
            }),
            _ => None,
        })
        .collect();
    if !conversions.is_empty() {
        let _ = writeln!(
            s,
            "Converted (shares read as percentages, units converted to the catalog's, data points recognised by their unit); check these rows:"
        );
        for c in conversions {
            let _ = writeln!(s, "{c}");
        }
    }
    if plan.empty_rows > 0 {
        let rows = if plan.empty_rows == 1 {
            "row has"
        } else {
            "rows have"
        };
        let _ = writeln!(s, "{} {rows} no value and were left out.", plan.empty_rows);
    }
    for w in &plan.warnings {
        let _ = writeln!(s, "Note: {w}");
    }
    s
}

impl fmt::Display for ImportPlan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&report(self))
    }
}
