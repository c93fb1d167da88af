//! The pages that put cities side by side: SDG pages show each city's values (not its share of
//! the target), and the cities index, home cards, compare tables and dimension pages show a
//! group score only where the minimum-evidence rule holds, always with what it rests on, and
//! sort the other cities after the ranked ones.
//!
//! The fixture `tests/fixtures/aggregate` has three invented cities under the default rule (a
//! group is scored when at least half of its scorable items are). Every expected figure below
//! is worked out by hand from `catalog/u4ssc.toml`:
//!
//! Scorable items (a target, or a yes/no answer; a KPI with data points counts each point
//! that has a target): Economy 27, Environment 16, Society and Culture 15, overall 58.
//! Economy: ICT Infrastructure 5 (ICT 1C, 2C, 3C, and 3G and 4G of 4C), Electricity Supply
//! (ICT) 1, Public Sector 2, Innovation 2, Employment 1, Water and Sanitation 5 (WS 1C-5C),
//! Waste 1, Electricity Supply 1, Transport 4, Urban Planning 5 (the five yes/no points of
//! UP 2A). Environment: Air Quality 6 (five pollutants of AQ 1C, and AQ 2C), Water and
//! Sanitation 4 (WS 1C, 2C, primary and secondary of WS 4C), Waste 2, Environmental Quality
//! 1, Public Space and Nature 2, Energy 1. Society and Culture: Education 3 (ED 1C, 2C, 4C),
//! Health 5, Housing 1, Social Inclusion 3, Safety 3 (SA 3A yes/no, 5A, 9C).
//!
//! A band earns its number of points (band 1 = 1 ... band 4 = 4); a band is 4 above 95 % of
//! the target, 3 from 66 %, 2 from 33 %, else 1; yes = 100 %, no = 0 %.
//!
//! * Eastmoor, Economy 14 of 27: UP 2A three yes (4 each) and two no (1 each) = 14; ICT 4C
//!   3G 100 and 4G 100 of 100 = 8; ICT 1C 100 of 100 = 4; ICT 2C 30 of 60 = 50 % = 2; ICT 3C
//!   100 000 of 100 000 = 4; WS 1C, 2C, 5C 100 of 100 = 12; WS 4C 50 of 100 = 2: 46 of 56
//!   points = 82.14 %, shown 82.1 %. Environment 8 of 16, Society and Culture 8 of 15, every
//!   value at its target: 100 %. Overall 110 of 120 points = 91.67 %, 30 of 58 items.
//! * Northbay, Economy only: WS 3C not applicable, so 26 scorable; 13 items (exactly half) all
//!   at target: 100 %, "13 of 26". Environment 0 of 16 and Society and Culture 0 of 15 are
//!   below the rule, so the overall is not scored: "insufficient data (13 of 57)".
//! * Westford, Society and Culture only: ED 2C 88, SI 5A 45, SA 3A no, H 1C 80 = 4 of 15,
//!   below the rule; overall "insufficient data (4 of 58)". Its report prints no data year.

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/aggregate")
}

/// The fixture built once by the real binary (the tests share it).
fn site() -> &'static Path {
    static OUT: std::sync::OnceLock<(tempfile::TempDir, PathBuf)> = std::sync::OnceLock::new();
    &OUT.get_or_init(|| common::build(&fixture())).1
}

fn page(path: &str) -> String {
    std::fs::read_to_string(site().join(path).join("index.html")).unwrap()
}

/// The body rows of the table whose caption has the id `caption_id`: each city's name and the
/// HTML of its cells (`<td ...>...</td>`), in page order.
fn table_rows(html: &str, caption_id: &str) -> Vec<(String, Vec<String>)> {
    let start = html
        .find(&format!("id=\"{caption_id}\""))
        .unwrap_or_else(|| panic!("no table {caption_id}"));
    let table = &html[start..start + html[start..].find("</table>").unwrap()];
    let body = &table[table.find("<tbody>").unwrap()..];
    body.split("<tr>")
        .skip(1)
        .map(|row| {
            let row = row.split("</tr>").next().unwrap();
            let name = row
                .split("<th scope=\"row\">")
                .nth(1)
                .and_then(|h| h.split("</a>").next())
                .and_then(|h| h.rsplit('>').next())
                .unwrap()
                .to_string();
            let cells = row
                .split("<td")
                .skip(1)
                .map(|c| format!("<td{}", c.split("</td>").next().unwrap()))
                .collect();
            (name, cells)
        })
        .collect()
}

/// The cells of `city` in a table.
fn cells_of(rows: &[(String, Vec<String>)], city: &str) -> Vec<String> {
    rows.iter()
        .find(|(n, _)| n == city)
        .unwrap_or_else(|| panic!("no row for {city}"))
        .1
        .clone()
}

/// The cells of `city`'s column in a compare table (a column per city, a row per dimension or
/// category), one per row.
fn city_column(html: &str, caption_id: &str, city: &str) -> Vec<String> {
    let start = html
        .find(&format!("id=\"{caption_id}\""))
        .unwrap_or_else(|| panic!("no table {caption_id}"));
    let table = &html[start..start + html[start..].find("</table>").unwrap()];
    let head = &table[table.find("<thead>").unwrap()..table.find("</thead>").unwrap()];
    let col = head
        .split("data-city=")
        .skip(1)
        .position(|h| h.contains(&format!(">{city}</a>")))
        .unwrap_or_else(|| panic!("no column for {city}"));
    table_rows(html, caption_id)
        .into_iter()
        .map(|(_, cells)| cells[col].clone())
        .collect()
}

/// The position of the column headed by KPI `code` in the page's matrix (columns follow the
/// catalog, which may gain SDG links).
fn column(html: &str, code: &str) -> usize {
    column_where(html, &format!("<span class=\"code\">{code}</span>"))
}

/// The column headers of the page's first table, after the first (the cities' column).
fn headers(html: &str) -> Vec<&str> {
    let head = &html[html.find("<thead>").unwrap()..html.find("</thead>").unwrap()];
    head.split("<th scope=\"col\"").skip(2).collect()
}

/// The index of the first column of the page's first table whose header contains `needle`.
fn column_where(html: &str, needle: &str) -> usize {
    headers(html)
        .iter()
        .position(|h| h.contains(needle))
        .unwrap_or_else(|| panic!("no column with {needle}"))
}

/// The index, among the cells of a row, of the column of the page's first table whose
/// header links the text `label`.
fn column_named(html: &str, label: &str) -> usize {
    column_where(html, &format!(">{label}</a>"))
}

/// The header of the column of the page's first table with the KPI code `code`.
fn column_header(html: &str, code: &str) -> String {
    headers(html)[column(html, code)].to_owned()
}

/// The `data-sort` key of a cell, and whether it is marked unranked.
fn sort_key(cell: &str) -> (f64, bool) {
    let key = cell
        .split("data-sort=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .parse()
        .unwrap();
    let tag = cell.split('>').next().unwrap();
    (key, tag.contains(" data-unranked"))
}

#[test]
fn an_sdg_cell_shows_the_value_with_unit_and_year_and_its_band() {
    let html = page("sdgs/4");
    // Column headers are the KPI names, the code as secondary text.
    assert!(
        html.contains("<a href=\"/indicators/sc-eh-ed-2c/\">School Enrollment</a> <span class=\"code\">SC: EH: ED: 2C</span></th>"),
        "{html}"
    );
    assert!(html.contains(">Adult Literacy</a> <span class=\"code\">SC: EH: ED: 4C</span>"));
    assert!(
        html.contains(">Child Care Availability</a> <span class=\"code\">SC: SH: SI: 5A</span>")
    );
    let rows = table_rows(&html, "sdg-matrix-caption");
    assert_eq!(
        rows.iter().map(|r| r.0.as_str()).collect::<Vec<_>>(),
        ["Eastmoor", "Northbay", "Westford"]
    );
    // School Enrollment is a percentage (catalog unit "%"): Eastmoor's 95.3 is shown as
    // such, with its data year, and in band 4 (95.3 % of the 100 % target is above 95 %);
    // the share of target (100 % once capped) is not what the cell shows.
    let (ed2, si5) = (
        column(&html, "SC: EH: ED: 2C"),
        column(&html, "SC: SH: SI: 5A"),
    );
    let enrol = &cells_of(&rows, "Eastmoor")[ed2];
    assert!(enrol.contains("95.3% (2020)"), "{enrol}");
    assert!(!enrol.contains("100%"), "{enrol}");
    assert!(
        enrol.contains("band-4") && enrol.contains(">B4<"),
        "{enrol}"
    );
    assert_eq!(sort_key(enrol), (95.3, false));
    // Child Care Availability's target is 45 %: Eastmoor's 45 meets it in full, and the cell
    // shows 45 %, not the 100 % of target it earns.
    let care = &cells_of(&rows, "Eastmoor")[si5];
    assert!(care.contains("45% (2020)"), "{care}");
    assert!(!care.contains("100%"), "{care}");
    assert!(care.contains(">B4<"), "{care}");
    // Westford's report prints no data year: the value takes the publication year, and says
    // so; 88 of 100 is 88 %, band 3.
    let enrol = &cells_of(&rows, "Westford")[ed2];
    assert!(enrol.contains("88% (Report published 2021)"), "{enrol}");
    assert!(enrol.contains(">B3<"), "{enrol}");
    // Northbay reported none of the goal's KPIs: the state word, not ranked.
    let cell = &cells_of(&rows, "Northbay")[ed2];
    assert!(cell.contains("Not reported"), "{cell}");
    assert!(!cell.contains("band-"), "{cell}");
    assert_eq!(sort_key(cell), (-2.0, true));
    // In French, the same value in the French number format.
    let fr = table_rows(&page("fr/sdgs/4"), "sdg-matrix-caption");
    let enrol = &cells_of(&fr, "Eastmoor")[ed2];
    assert!(enrol.contains("95,3\u{202f}% (2020)"), "{enrol}");
}

#[test]
fn an_sdg_cell_lists_each_data_point_and_says_why_a_value_is_not_scored() {
    let html = page("sdgs/11");
    let rows = table_rows(&html, "sdg-matrix-caption");
    // SDG 11's KPIs in catalog order: Dynamic Public Transport Information, Traffic
    // Monitoring, Intersection Control, Travel Time Index, Air Pollution, Informal
    // Settlements.
    assert!(html.contains(">Air Pollution</a> <span class=\"code\">EN: EN: AQ: 1C</span>"));
    let air = &cells_of(&rows, "Eastmoor")[column(&html, "EN: EN: AQ: 1C")];
    // Each pollutant at its (lower-is-better) target: band 4 each.
    for point in [
        "PM2.5: 5 µg/m3 (2020)",
        "PM10: 15 µg/m3 (2020)",
        "NO2: 10 µg/m3 (2020)",
        "SO2: 40 µg/m3 (2020)",
        "O3: 60 µg/m3 (2020)",
    ] {
        assert!(air.contains(point), "{point} in {air}");
    }
    assert_eq!(air.matches(">B4<").count(), 5, "{air}");
    // Informal Settlements has no target in the catalog: shown, no band, and the state word
    // once in the column's header rather than in every city's cell.
    let informal = &cells_of(&rows, "Westford")[column(&html, "SC: SH: HO: 1C")];
    assert!(
        informal.contains("2.5% (Report published 2021)"),
        "{informal}"
    );
    assert!(!informal.contains("band-"), "{informal}");
    assert!(!informal.contains("class=\"state\""), "{informal}");
    let state = "<span class=\"state\">No target known to this site (not scored)</span>";
    assert!(
        column_header(&html, "SC: SH: HO: 1C").contains(state),
        "{html}"
    );
    // A column that can be scored says nothing of the kind in its header.
    assert!(!column_header(&html, "EN: EN: AQ: 1C").contains("class=\"state\""));
}

#[test]
fn the_sdg_index_lists_all_17_goals_and_links_only_those_with_kpis() {
    let html = page("sdgs");
    let list = &html[html.find("<ul class=\"sdg-list\">").unwrap()..];
    let list = &list[..list.find("</ul>").unwrap()];
    assert_eq!(list.matches("<li>").count(), 17, "{list}");
    // No KPI of the catalog cites a target of goal 1; goal 11 has six (ICT T 1C, T 2C, T 3A,
    // I T 5A, AQ 1C, HO 1C), goal 5 one (SI 5A).
    assert!(
        list.contains("<li>SDG 1: No poverty <span class=\"detail\">0 KPIs</span></li>"),
        "{list}"
    );
    assert!(!list.contains("/sdgs/1/"), "{list}");
    assert!(!site().join("sdgs/1/index.html").exists());
    assert!(list.contains(
        "<a href=\"/sdgs/11/\">SDG 11: Sustainable cities and communities</a> <span class=\"detail\">6 KPIs</span>"
    ));
    assert!(list.contains(
        "<a href=\"/sdgs/5/\">SDG 5: Gender equality</a> <span class=\"detail\">1 KPI</span>"
    ));
    // Every link of the site resolves.
    let o = Command::new(env!("CARGO_BIN_EXE_cityprofiles"))
        .arg("--root")
        .arg(fixture())
        .arg("check")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn the_compare_table_scores_only_cities_meeting_the_rule_and_says_why_not() {
    let html = page("compare");
    // The category table of Economy has no row for Drainage (ICT), which no KPI can score:
    // the note under it names it, linked to the dimension page.
    let econ = &html[html.find("id=\"cmp-cat-economy-caption\"").unwrap()..];
    let econ = &econ[..econ.find("</p>").unwrap()];
    let (table, note) = econ.split_at(econ.find("</table>").unwrap());
    assert!(table.contains(">ICT Infrastructure</a>"), "{table}");
    assert!(!table.contains("Drainage"), "{table}");
    assert!(!table.contains("No target known"), "{table}");
    assert!(
        note.contains("<a href=\"/dimensions/economy/#ec-ict-drainage\">Drainage (ICT)</a>"),
        "{note}"
    );
    // Rows: coverage, overall, Economy, Environment, Society and Culture; a column per city.
    let column = |city| city_column(&html, "cmp-dims-caption", city)[1..].to_vec();
    let east = column("Eastmoor");
    assert!(east[0].contains(">91.7%<") && east[0].contains(">30 of 58<"));
    assert!(east[1].contains(">82.1%<") && east[1].contains(">14 of 27<"));
    assert!(east[2].contains(">100.0%<") && east[2].contains(">8 of 16<"));
    assert!(east[3].contains(">100.0%<") && east[3].contains(">8 of 15<"));
    // Sort keys carry seven significant digits.
    assert!((sort_key(&east[0]).0 - 110.0 / 120.0 * 100.0).abs() < 1e-5);
    assert!(!sort_key(&east[0]).1);
    // Economy alone against Society alone: neither has an overall score, and each says which
    // dimensions hold it back.
    let north = column("Northbay");
    assert!(
        north[0].contains("insufficient data (13 of 57)"),
        "{}",
        north[0]
    );
    assert!(!north[0].contains('%'), "{}", north[0]);
    assert!(
        north[0].contains("dimensions below the threshold: Environment, Society and Culture"),
        "{}",
        north[0]
    );
    assert_eq!(sort_key(&north[0]), (-1.0, true));
    assert!(north[1].contains(">100.0%<") && north[1].contains(">13 of 26<"));
    assert!(north[2].contains("insufficient data (0 of 16)"));
    let west = column("Westford");
    assert!(
        west[0].contains("insufficient data (4 of 58)"),
        "{}",
        west[0]
    );
    assert!(
        west[0]
            .contains("dimensions below the threshold: Economy, Environment, Society and Culture")
    );
    assert_eq!(sort_key(&west[0]), (-1.0, true));
    assert!(
        west[3].contains("insufficient data (4 of 15)"),
        "{}",
        west[3]
    );
    // A ranked city sorts before every unranked one.
    assert!(sort_key(&east[0]).0 > sort_key(&north[0]).0);
    // The rule is spelt out with the site's threshold.
    assert!(html.contains("A score is shown only when at least 50% of the items"));
    // Each city's coverage heads its column; every score's percentage comes with the items it
    // rests on.
    let coverage = &city_column(&html, "cmp-dims-caption", "Eastmoor")[0];
    assert!(coverage.contains("KPIs reported ("), "{coverage}");
    for (_, cells) in table_rows(&html, "cmp-dims-caption").iter().skip(1) {
        for c in cells {
            assert_eq!(c.contains('%'), c.contains("class=\"of\""), "{c}");
        }
    }
}

#[test]
fn the_cities_index_home_cards_and_dimension_pages_show_the_evidence() {
    let cities = page("cities");
    let rows = table_rows(&cities, "cities-caption");
    // Country, population, evaluation and coverage come first, then overall and dimensions.
    let east = cells_of(&rows, "Eastmoor");
    assert!(east[4].contains(">91.7%<") && east[4].contains(">30 of 58<"));
    assert!(east[5].contains(">82.1%<") && east[5].contains(">14 of 27<"));
    let north = cells_of(&rows, "Northbay");
    assert!(north[4].contains("insufficient data (13 of 57)"));
    assert_eq!(sort_key(&north[4]), (-1.0, true));
    assert!(cities.contains("A score is shown only when at least 50% of the items"));

    // Home cards: the evidence is on the card, not only for screen readers.
    let home = page("");
    let card = &home[home
        .find("<a href=\"/cities/eastmoor/\">Eastmoor</a>")
        .unwrap()..];
    let card = &card[..card
        .find("</li>\n  <li class=\"card\">")
        .unwrap_or(card.len())];
    let list = &card[card.find("<ul class=\"dim-scores\">").unwrap()..];
    assert!(
        list.contains("Economy: <span class=\"score\">82.1%</span>"),
        "{list}"
    );
    assert!(
        list.contains("<span class=\"of\">14 of 27</span>"),
        "{list}"
    );
    let west = &home[home
        .find("<a href=\"/cities/westford/\">Westford</a>")
        .unwrap()..];
    assert!(west.contains(
        "Society and Culture: <span class=\"score score-none\">insufficient data (4 of 15)</span>"
    ));

    // Economy page, by category. ICT Infrastructure: Eastmoor 4 + 2 + 4 + 4 + 4 = 18 of 20
    // points, 5 of 5 items; Water and Sanitation (Infrastructure): WS 1C, 2C, 4C, 5C = 4 + 4 +
    // 2 + 4 = 14 of 16 = 87.5 %, 4 of 5; Northbay 3 of the 4 that apply to it, all at target.
    let econ = page("dimensions/economy");
    assert!(econ.contains("A score is shown only when at least 50% of the items"));
    let rows = table_rows(&econ, "dim-matrix-caption");
    let east = cells_of(&rows, "Eastmoor");
    let (ict, ws) = (
        column_named(&econ, "ICT Infrastructure (ICT)"),
        column_named(&econ, "Water and Sanitation (Infrastructure)"),
    );
    assert!(
        east[ict].contains(">90.0%<") && east[ict].contains(">5 of 5<"),
        "{}",
        east[ict]
    );
    assert!(
        east[ws].contains(">87.5%<") && east[ws].contains(">4 of 5<"),
        "{}",
        east[ws]
    );
    let north = cells_of(&rows, "Northbay");
    assert!(
        north[ws].contains(">100.0%<") && north[ws].contains(">3 of 4<"),
        "{}",
        north[ws]
    );
    let west = cells_of(&rows, "Westford");
    assert!(
        west[ict].contains("insufficient data (0 of 5)"),
        "{}",
        west[ict]
    );
    assert_eq!(sort_key(&west[ict]), (-1.0, true));
    // Drainage (ICT) has no KPI this site can score: it would read "No target known to this
    // site (not scored)" for every city, so it has no column; the page names it once below the
    // table, linked to its KPIs further down.
    let head = &econ[econ.find("<thead>").unwrap()..econ.find("</thead>").unwrap()];
    assert!(!head.contains("Drainage"), "{head}");
    assert_eq!(east.len(), head.matches("<th scope=\"col\"").count() - 1);
    assert!(!econ[..econ.find("id=\"h-kpis\"").unwrap()].contains("No target known"));
    let note = &econ[econ
        .find("<p class=\"unscored\">")
        .expect("the note on left-out categories")..];
    let note = &note[..note.find("</p>").unwrap()];
    assert!(
        note.contains("<a href=\"#ec-ict-drainage\">Drainage (ICT)</a>"),
        "{note}"
    );
    assert!(econ.contains("id=\"ec-ict-drainage\""));
    assert!(!note.contains("ICT Infrastructure"), "{note}");
}

/// Runs the table-sorting code of `static/site.js` in Node on rows whose cells carry the given
/// `data-sort` keys and unranked marks; returns the row names in ascending and in descending
/// order. `None` when Node is not installed.
fn sort_in_node(rows: &[(&str, f64, bool)]) -> Option<(Vec<String>, Vec<String>)> {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("static/site.js");
    let input: Vec<String> = rows
        .iter()
        .map(|(n, k, u)| format!("[\"{n}\",\"{k:?}\",{u}]"))
        .collect();
    let program = r#"
        const { sortRows } = require(process.argv[1]);
        const rows = JSON.parse(process.argv[2]).map(([name, sort, unranked]) => ({
          name,
          cells: [{
            textContent: "",
            getAttribute: (a) => (a === "data-sort" ? sort : null),
            hasAttribute: (a) => a === "data-unranked" && unranked,
          }],
        }));
        const names = (asc) => sortRows(rows, 0, asc).map((r) => r.name).join(",");
        console.log(names(true));
        console.log(names(false));
    "#;
    let o = match Command::new("node")
        .arg("-e")
        .arg(program)
        .arg(&script)
        .arg(format!("[{}]", input.join(",")))
        .output()
    {
        Ok(o) => o,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(e) => panic!("{e}"),
    };
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8(o.stdout).unwrap();
    let mut lines = out
        .lines()
        .map(|l| l.split(',').map(String::from).collect::<Vec<_>>());
    Some((lines.next().unwrap(), lines.next().unwrap()))
}

/// The coverage tables name each KPI (and its code) under its category, a column per city,
/// and each city's column has as many "value given" cells as its coverage counts.
#[test]
fn the_compare_coverage_lists_kpis_by_category_with_names() {
    let html = page("compare");
    assert!(html.contains(
        "<th scope=\"rowgroup\" colspan=\"4\" id=\"cmp-cov-en-en-air-quality\">Air Quality (Environment)</th>"
    ));
    assert!(html.contains(">Air Pollution</a> <span class=\"detail\">EN: EN: AQ: 1C</span></th>"));
    let tables: Vec<&str> = html
        .split("id=\"cmp-cov-")
        .skip(1)
        .filter_map(|t| t.split('"').next()?.strip_suffix("-caption"))
        .collect();
    assert_eq!(tables.len(), 3, "a coverage table per dimension");
    for city in ["Eastmoor", "Northbay", "Westford"] {
        let coverage = &city_column(&html, "cmp-dims-caption", city)[0];
        let reported: usize = coverage
            .trim_start_matches("<td>")
            .split(' ')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{coverage}"));
        let given: usize = tables
            .iter()
            .map(|t| {
                city_column(&html, &format!("cmp-cov-{t}-caption"), city)
                    .iter()
                    .filter(|c| c.starts_with("<td class=\"cov-value\">"))
                    .count()
            })
            .sum();
        assert_eq!(given, reported, "{city}: {coverage}");
        assert!(reported > 0);
    }
}

#[test]
fn sorting_a_score_column_keeps_unranked_cities_last_in_both_directions() {
    // The cities index's Economy column as built: Eastmoor 82.1 %, Northbay 100 %, Westford
    // below the rule. Cells: country, population, year, coverage, overall, Economy, ...
    let rows = table_rows(&page("cities"), "cities-caption");
    let economy: Vec<(&str, f64, bool)> = rows
        .iter()
        .map(|(n, cells)| {
            let (k, u) = sort_key(&cells[5]);
            (n.as_str(), k, u)
        })
        .collect();
    let Some((asc, desc)) = sort_in_node(&economy) else {
        eprintln!("skipped: Node is not installed, the sort script cannot run");
        return;
    };
    assert_eq!(asc, ["Eastmoor", "Northbay", "Westford"]);
    assert_eq!(desc, ["Northbay", "Eastmoor", "Westford"]);
    // Below the rule (-1) before nothing scorable (-2), whichever the direction, and ranked
    // rows first even with a score of 0.
    let (asc, desc) = sort_in_node(&[
        ("none", -2.0, true),
        ("few", -1.0, true),
        ("zero", 0.0, false),
        ("high", 90.0, false),
        ("few2", -1.0, true),
    ])
    .unwrap();
    assert_eq!(asc, ["zero", "high", "few", "few2", "none"]);
    assert_eq!(desc, ["high", "zero", "few", "few2", "none"]);
}

/// In the dev server, the SDG page is rendered again when only the way a city's years read
/// changed: Westford's report gains a data year equal to its publication year, so its values
/// keep their year but no longer say "Report published".
#[test]
fn the_dev_server_renders_an_sdg_page_again_when_a_year_stops_being_the_publication_year() {
    use cityprofiles::site::{BuildOptions, build_in_memory};
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    for e in walkdir::WalkDir::new(fixture()) {
        let e = e.unwrap();
        let dest = site.join(e.path().strip_prefix(fixture()).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
    let opts = BuildOptions {
        root: site.clone(),
        cache: Some(std::sync::Arc::new(cityprofiles::site::SiteCache::new())),
        ..Default::default()
    };
    let sdg4 = |built: &cityprofiles::site::Built| {
        let o = built
            .outputs
            .iter()
            .find(|o| o.path == "sdgs/4/index.html")
            .unwrap();
        String::from_utf8_lossy(&o.bytes).into_owned()
    };
    let before = sdg4(&build_in_memory(&opts).unwrap());
    assert!(before.contains("88% (Report published 2021)"));
    let file = site.join("content/cities/westford/city.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    let edited = text.replace(
        "published = \"2021-05\" }",
        "published = \"2021-05\", data_year = 2021 }",
    );
    assert_ne!(text, edited);
    std::fs::write(&file, edited).unwrap();
    let after = sdg4(&build_in_memory(&opts).unwrap());
    assert!(after.contains("88% (2021)"), "{after}");
    assert!(!after.contains("Report published"), "{after}");
}
