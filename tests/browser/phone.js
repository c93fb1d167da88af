// Tables on a phone (issue 23): at 375 px every column of a profile's tables, of the city list
// and of the compare tables is readable without scrolling sideways. The stylesheet shows their
// rows as labelled blocks; this checks the result in the page: no table wider than the viewport,
// no cell whose content is wider than the cell, and in the tables shown as blocks every data
// cell with content carries its column's label (drawn from data-label, which site.js sets).
// The compare page's tables are checked as the page loads, with every city (here), and with two
// and with four cities chosen (compare.js, with phoneCheck). On the compare page at 375 px,
// focusShownCheck tabs through the whole page: whatever takes the focus must be in sight (a
// link in a header row clipped for screen readers was focusable and unseen).

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
  // The skip link is the first thing a keyboard reaches; shown, it must leave the header's
  // links their whole touch area (on a phone it once lay over the language links).
  const covered = await page.evaluate(() => {
    const skip = document.querySelector('.skip-link');
    if (!skip) return ['no skip link'];
    const was = document.activeElement;
    skip.focus({ preventScroll: true });
    const r = skip.getBoundingClientRect();
    const hits = [...document.querySelectorAll('header a:not(.skip-link)')]
      .filter((a) => {
        const q = a.getBoundingClientRect();
        return q.left < r.right && r.left < q.right && q.top < r.bottom && r.top < q.bottom;
      })
      .map((a) => a.textContent.trim());
    if (was && was !== skip) was.focus({ preventScroll: true });
    else skip.blur();
    return hits;
  });
  check(`${label} the focused skip link covers no header link`, covered.length === 0, covered.join(', '));
}

// Runs in the page: the focused element, numbered in the order first focused, and whether it
// can be seen. One of its boxes must reach into the viewport and be what the page shows at that
// part's centre: an ancestor that clips it away (overflow, clip-path) or anything drawn over
// it shows something else there, whatever the element's own box says.
function focusShown() {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const seen = (window.__focusWalk = window.__focusWalk || []);
  const first = !seen.includes(el);
  if (first) seen.push(el);
  const d = document.documentElement;
  const shown = [...el.getClientRects()].some((r) => {
    const left = Math.max(r.left, 0);
    const right = Math.min(r.right, d.clientWidth);
    const top = Math.max(r.top, 0);
    const bottom = Math.min(r.bottom, d.clientHeight);
    if (right - left < 1 || bottom - top < 1) return false;
    const hit = document.elementFromPoint((left + right) / 2, (top + bottom) / 2);
    return !!hit && el.contains(hit);
  });
  const text = (el.getAttribute('aria-label') || el.textContent || el.value || '').replace(/\s+/g, ' ').trim().slice(0, 50);
  const r = el.getBoundingClientRect();
  return {
    first,
    shown,
    desc: `<${el.localName}${el.id ? `#${el.id}` : ''}> "${text}" at ${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}×${Math.round(r.height)}`,
  };
}

/**
 * Tabs through the whole of `page` from a fresh load of `url` (at the page's current size):
 * every element the keyboard focuses must be in sight once focused. `ready`, if given, waits
 * for what the page's script still has to do after the load (a fetched column). `navigate`
 * wraps the load (a watcher's, so the requests the load cancels are not counted as failed).
 */
export async function focusShownCheck(page, url, label, check, ready, navigate = (go) => go()) {
  // Smooth scrolling would leave the element on its way into view when it is measured.
  await page.emulateMedia({ reducedMotion: 'reduce' });
  try {
    await navigate(() => page.goto(url, { waitUntil: 'load' }));
    if (ready) await ready();
    const hidden = [];
    let reached = 0;
    let round = false;
    // The walk ends when focus leaves the page after its last element or comes back round.
    for (let i = 0; i < 2000; i++) {
      await page.keyboard.press('Tab');
      const f = await page.evaluate(focusShown);
      if (f && f.first) {
        reached++;
        if (!f.shown) hidden.push(f.desc);
      } else if (f || reached > 0) {
        round = true;
        break;
      }
    }
    check(
      `${label} every element Tab focuses is in sight (${reached})`,
      round && reached > 0 && hidden.length === 0,
      round ? `${hidden.length} out of sight when focused: ${hidden.slice(0, 8).join('; ')}` : `Tab never came back round after ${reached} elements`,
    );
  } finally {
    await page.emulateMedia({ reducedMotion: null });
  }
}
