//! Matching the sheet's headers to the columns the importer knows.

use std::collections::HashMap;

use super::error::ImportError;
use super::read::Table;
use crate::diagnostics::did_you_mean;
use crate::sheet::Column;

/// The columns of a sheet the importer uses.
pub(super) struct Columns {
    /// The cell index of each known column.
    pub(super) index: HashMap<Column, usize>,
    /// Which sheet header was used for each column, in the order of [`Column::ALL`].
    pub(super) named: Vec<(Column, String)>,
    /// Headers the importer does not use.
    pub(super) ignored: Vec<String>,
    /// Remarks such as duplicate headers.
    pub(super) warnings: Vec<String>,
}

/// Maps each known column to the header that names it best.
pub(super) fn map_columns(table: &Table) -> Result<Columns, ImportError> {
    let mut out = Columns {
        index: HashMap::new(),
        named: Vec::new(),
        ignored: Vec::new(),
        warnings: Vec::new(),
    };
    let mut best: HashMap<Column, (usize, usize)> = HashMap::new();
    for (i, h) in table.header.iter().enumerate() {
        let key = crate::sheet::header_key(h);
        for c in Column::ALL {
            let Some(rank) = c
                .aliases()
                .iter()
                .position(|a| crate::sheet::header_key(a) == key)
            else {
                continue;
            };
            match best.get(&c) {
                Some((r, j)) if *r <= rank => {
                    if *r == rank {
                        out.warnings.push(format!(
                            "two columns are headed \"{}\"; the first one is used",
                            table.header[*j]
                        ));
                    }
                }
                _ => {
                    best.insert(c, (rank, i));
                }
            }
        }
    }
    let cols: HashMap<Column, usize> = best.into_iter().map(|(c, (_, i))| (c, i)).collect();
    for c in Column::ALL {
        if let Some(&i) = cols.get(&c) {
            out.named.push((c, table.header[i].clone()));
        }
    }
    out.ignored = table
        .header
        .iter()
        .enumerate()
        .filter(|(i, h)| !h.is_empty() && !cols.values().any(|j| j == i))
        .map(|(_, h)| h.clone())
        .collect();
    for c in [Column::Code, Column::Value] {
        if !cols.contains_key(&c) {
            let found = table
                .header
                .iter()
                .filter(|h| !h.is_empty())
                .map(|h| format!("\"{h}\""))
                .collect::<Vec<_>>()
                .join(", ");
            let near = table.header.iter().find(|h| {
                did_you_mean(&crate::sheet::header_key(h), c.aliases().iter().copied()).is_some()
            });
            let hint = match near {
                Some(h) => format!("did you mean \"{h}\"? Name the column \"{}\"", c.name()),
                None => format!("name the column \"{}\"", c.name()),
            };
            return Err(ImportError::MissingColumn {
                column: c.name(),
                found,
                hint,
            });
        }
    }
    out.index = cols;
    Ok(out)
}
