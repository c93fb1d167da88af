// Tables on a phone (issue 23): at 375 px every column of a profile's tables, of the city list
// and of the compare tables is readable without scrolling sideways. The stylesheet shows their
// rows as labelled blocks; this checks the result in the page: no table wider than the viewport,
// no cell whose content is wider than the cell, and in the tables shown as blocks every data
// cell with content carries its column's label (drawn from data-label, which site.js sets).
// The compare page's tables are checked as the page loads, with every city (here), and with two
// and with four cities chosen (compare.js, with phoneCheck).

/** Whether a page key is checked at 375 px: profiles, the city list and the compare page. */
export const PHONE_PAGES = (key) => key.startsWith('city-') || key === 'cities' || key === 'compare';

// Runs in the page.
function phoneTables() {
  const width = document.documentElement.clientWidth;
  const say = (el, why) => `<${el.localName} class="${el.getAttribute('class') || ''}"> "${(el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 50)}": ${why}`;
  const out = { tables: 0, cells: 0, problems: [] };
  for (const table of document.querySelectorAll('main table')) {
    if (!table.checkVisibility()) continue;
    out.tables++;
    const r = table.getBoundingClientRect();
    if (r.left < -1 || r.right > width + 1) out.problems.push(say(table.querySelector('caption') || table, `table spans ${Math.round(r.left)}–${Math.round(r.right)} px, the viewport ${width} px`));
    const stacked = getComputedStyle(table.querySelector('tbody tr') || table).display === 'block';
    for (const cell of table.querySelectorAll('th, td')) {
      if (!cell.checkVisibility()) continue;
      out.cells++;
      const c = cell.getBoundingClientRect();
      if (cell.scrollWidth > cell.clientWidth + 1) out.problems.push(say(cell, `scrollWidth ${cell.scrollWidth} > clientWidth ${cell.clientWidth}`));
      else if (c.right > width + 1) out.problems.push(say(cell, `right edge ${Math.round(c.right)} px past the viewport`));
      if (stacked && cell.localName === 'td' && cell.colSpan === 1 && cell.textContent.trim() && !cell.hasAttribute('data-label')) {
        out.problems.push(say(cell, 'shown as a block without its column label'));
      }
    }
  }
  return out;
}

/** At 375 px: no table or table cell of `page` overflows, and stacked cells are labelled. */
export async function phoneCheck(page, label, check) {
  const r = await page.evaluate(phoneTables);
  check(
    `${label} tables readable at 375px without sideways scrolling (${r.tables} tables, ${r.cells} cells)`,
    r.tables > 0 && r.problems.length === 0,
    r.problems.slice(0, 8).join('\n') + (r.problems.length > 8 ? `\n… ${r.problems.length - 8} more` : '') || 'no table found',
  );
}
