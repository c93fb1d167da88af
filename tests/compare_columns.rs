//! The compare page past its 100 cities (issue 23): the page holds the first 100 cities by name
//! and only the names of the others; each other city's column is a file of its own,
//! `compare/cities/<slug>.json`, which the page script fetches and inserts. A synthetic site of
//! 103 cities is built with the real binary, and again without its first three cities by name,
//! so that the last three are in the page: their column files must hold exactly the cells the
//! page then shows for them.

#[path = "../examples/synth.rs"]
#[allow(dead_code)]
mod synth;

mod common;

use std::collections::BTreeSet;
use std::path::Path;

/// A city's column file as the page script reads it.
#[derive(Debug, serde::Deserialize)]
struct Column {
    cells: Vec<String>,
    tables: Vec<Vec<usize>>,
    bars: Vec<usize>,
}

impl Column {
    /// The city's cells, table by table and row by row, as the page would write them.
    fn table_cells(&self) -> Vec<Vec<&str>> {
        self.tables
            .iter()
            .map(|rows| rows.iter().map(|&c| self.cells[c].as_str()).collect())
            .collect()
    }

    /// The city's bar of each chart.
    fn bar_items(&self) -> Vec<&str> {
        self.bars.iter().map(|&c| self.cells[c].as_str()).collect()
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The cells of a table row as written: each from its `<td`/`<th` to the next cell or the end of
/// the row (score cells leave `</td>` out), white space after the last one dropped.
fn row_cells(row: &str) -> Vec<&str> {
    let row = &row[..row.find("</tr>").unwrap_or(row.len())];
    let starts: Vec<usize> = row
        .match_indices("<t")
        .map(|(i, _)| i)
        .filter(|&i| matches!(row.as_bytes().get(i + 2), Some(b'd' | b'h')))
        .filter(|&i| matches!(row.as_bytes().get(i + 3), Some(b' ' | b'>')))
        .collect();
    starts
        .iter()
        .enumerate()
        .map(|(k, &s)| row[s..starts.get(k + 1).copied().unwrap_or(row.len())].trim_end())
        .collect()
}

/// Each compare table of the page (in page order) as its rows, each row as its cells.
fn compare_tables(html: &str) -> Vec<Vec<Vec<&str>>> {
    html.split("<table class=\"compare")
        .skip(1)
        .map(|t| {
            let t = &t[..t.find("</table>").unwrap()];
            t.split("<tr").skip(1).map(row_cells).collect()
        })
        .collect()
}

/// The items of each chart of the page (in page order).
fn chart_items(html: &str) -> Vec<Vec<&str>> {
    html.split("<ul data-compare>")
        .skip(1)
        .map(|ul| {
            let ul = &ul[..ul.find("</ul>").unwrap()];
            ul.match_indices("<li>")
                .map(|(i, _)| &ul[i..i + ul[i..].find("</li>").unwrap() + 5])
                .collect()
        })
        .collect()
}

/// The slugs of the page's own columns, in order.
fn page_columns(html: &str) -> Vec<String> {
    let head = common::between(html, "<thead>", "</thead>");
    head.split("data-city=\"")
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].to_string())
        .collect()
}

/// The other cities the page names for its form: (slug, name) in column order.
fn page_more(html: &str) -> Vec<(String, String)> {
    let start = "<script type=\"application/json\" id=\"compare-more\">";
    let json = common::between(html, start, "</script>")[start.len()..].to_string();
    let flat: Vec<String> = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"));
    assert_eq!(flat.len() % 2, 0, "slug and name by pairs: {json}");
    flat.chunks(2)
        .map(|p| (p[0].clone(), p[1].clone()))
        .collect()
}

/// Every city's (slug, name) of a synthetic site, from its files.
fn site_cities(site: &Path) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(site.join("content/cities"))
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let toml = read(&e.path().join("city.toml"));
            let line = toml.lines().find(|l| l.starts_with("name = ")).unwrap();
            let name: String = toml::from_str::<toml::Table>(line).unwrap()["name"]
                .as_str()
                .unwrap()
                .to_string();
            (e.file_name().into_string().unwrap(), name)
        })
        .collect();
    out.sort();
    out
}

#[test]
fn past_the_page_cities_each_city_has_the_column_the_page_would_hold() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    synth::generate(103, 1, 7, &site).unwrap();
    let (_t, out) = common::build(&site);
    let html = read(&out.join("compare/index.html"));
    let columns = page_columns(&html);
    let more = page_more(&html);
    assert_eq!(columns.len(), 100);
    assert_eq!(more.len(), 3);

    // The form offers every city: the page's columns and the others, each once.
    let all = site_cities(&site);
    let offered: BTreeSet<&str> = columns
        .iter()
        .map(String::as_str)
        .chain(more.iter().map(|(s, _)| s.as_str()))
        .collect();
    assert_eq!(offered.len(), 103);
    assert_eq!(
        offered,
        all.iter().map(|(s, _)| s.as_str()).collect::<BTreeSet<_>>()
    );
    for (slug, name) in &more {
        assert!(all.contains(&(slug.clone(), name.clone())), "{slug} {name}");
    }

    // A column file for each other city and for no city of the page, in every language the
    // site has (one here).
    let files: BTreeSet<String> = std::fs::read_dir(out.join("compare/cities"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    let expected: BTreeSet<String> = more.iter().map(|(s, _)| format!("{s}.json")).collect();
    assert_eq!(files, expected);

    // The page stays small: another city costs its slug and name in the list, and nothing
    // else of the page mentions it.
    for (slug, name) in &more {
        assert_eq!(html.matches(&format!("\"{slug}\"")).count(), 1, "{slug}");
        assert_eq!(html.matches(&format!("\"{name}\"")).count(), 1, "{name}");
        assert!(
            !html.contains(&format!(">{name}<")),
            "{name} in the page's markup"
        );
        assert!(!html.contains(&format!("/{slug}/")), "a link to {slug}");
    }
    let list = common::between(&html, "id=\"compare-more\">", "</script>");
    let listed: usize = more.iter().map(|(s, n)| s.len() + n.len() + 6).sum();
    assert!(
        list.len() <= "id=\"compare-more\">".len() + listed + 2,
        "{list}"
    );

    // The same site without its first three cities by name: the page now holds the three
    // others, and their columns there are their column files, cell for cell.
    let fewer = tmp.path().join("fewer");
    common::copy_dir(&site, &fewer);
    for slug in &columns[..3] {
        std::fs::remove_dir_all(fewer.join("content/cities").join(slug)).unwrap();
    }
    let (_t2, out2) = common::build(&fewer);
    let html2 = read(&out2.join("compare/index.html"));
    assert!(!html2.contains("compare-more") && !out2.join("compare/cities").exists());
    let columns2 = page_columns(&html2);
    let tables = compare_tables(&html2);
    let charts = chart_items(&html2);
    assert_eq!(tables.len(), 7);
    assert_eq!(charts.len(), 3);
    for (slug, _) in &more {
        let col = columns2.iter().position(|c| c == slug).unwrap();
        let file: Column = serde_json::from_str(&read(
            &out.join("compare/cities").join(format!("{slug}.json")),
        ))
        .unwrap();
        let unique: BTreeSet<&String> = file.cells.iter().collect();
        assert_eq!(unique.len(), file.cells.len(), "{slug}: a cell twice");
        let got = file.table_cells();
        assert_eq!(got.len(), tables.len(), "{slug}: tables");
        for (t, (rows, want_rows)) in got.iter().zip(&tables).enumerate() {
            // Rows with a cell per city; a category's heading row has one cell.
            let want: Vec<&str> = want_rows
                .iter()
                .filter(|r| r.len() == columns2.len() + 1)
                .map(|r| r[col + 1])
                .collect();
            assert_eq!(rows, &want, "{slug}: table {t}");
        }
        let bars: Vec<&str> = charts.iter().map(|c| c[col]).collect();
        assert_eq!(file.bar_items(), bars, "{slug}: bars");
    }
}
