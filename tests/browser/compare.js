import { phoneCheck } from './phone.js';

// The compare page's city chooser, checked through the page's own JavaScript (static/site.js as
// the built site serves it): the form is used with the keyboard, and what the tables, charts
// and address show afterwards is read back from the page.
//
// - Keyboard: Tab from the top of the page to the first city's checkbox, Space, Tab, Space
//   chooses the first two cities by name; only their columns stay in every table (the cells of
//   every row with a cell per city, head included), only their bars in every chart, the
//   address becomes ?cities=<first>,<second>, the live region names both, and axe passes on
//   that state.
// - Coverage: with the "only the KPIs every chosen city reports" box ticked (the default),
//   every coverage row still shown has a value for each chosen city.
// - Address: a fresh load of ?cities=<third>,<fourth> ticks those two boxes and shows only
//   their columns; an unknown slug in the address is ignored.
// - Without JavaScript: no form is shown and every table shows every city's column.
// - Phones: at 375 px, with two and with four cities chosen, every table is readable without
//   scrolling sideways (phone.js's rule; the page as loaded is checked there).

// Runs in the page: which cities' columns and bars are visible, table by table.
function readState() {
  const visible = (el) => !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const tables = [...document.querySelectorAll('table[data-compare]')];
  const cities = [...tables[0].querySelectorAll('thead th[data-city]')].map((th) => th.getAttribute('data-city'));
  const width = cities.length + 1;
  const problems = [];
  const shownIn = (cells) => cities.filter((_, i) => visible(cells[i + 1]));
  const columns = new Set();
  for (const [t, table] of tables.entries()) {
    for (const row of table.rows) {
      if (row.cells.length !== width || !visible(row)) continue;
      const shown = shownIn(row.cells).join(',');
      columns.add(shown);
      if (row.cells[0] && !visible(row.cells[0])) problems.push(`table ${t}: a row lost its header`);
    }
  }
  const bars = [...document.querySelectorAll('ul[data-compare]')].map((ul) =>
    [...ul.children].map((li, i) => (visible(li) ? cities[i] : null)).filter(Boolean).join(','),
  );
  const chosenCells = (row, picked) => picked.map((slug) => row.cells[cities.indexOf(slug) + 1]);
  const form = document.getElementById('compare-form');
  const boxes = form ? [...form.querySelectorAll('.compare-choices input[type=checkbox]')] : [];
  return {
    cities,
    tables: tables.length,
    columns: [...columns],
    bars,
    problems,
    formShown: visible(form),
    checked: boxes.filter((b) => b.checked).map((b) => b.value),
    status: document.getElementById('compare-status')?.textContent || '',
    search: window.location.search,
    names: Object.fromEntries(
      [...tables[0].querySelectorAll('thead th[data-city]')].map((th) => [th.getAttribute('data-city'), th.textContent.trim()]),
    ),
    // Coverage rows still shown that lack a value for one of the chosen cities.
    uncommon: (() => {
      const picked = boxes.filter((b) => b.checked).map((b) => b.value);
      const common = document.getElementById('compare-common');
      if (!picked.length || !common || !common.checked) return [];
      return [...document.querySelectorAll('table[data-coverage] tbody tr')]
        .filter((row) => row.cells.length === width && visible(row))
        .filter((row) => chosenCells(row, picked).some((c) => !c.classList.contains('cov-value')))
        .map((row) => row.cells[0].textContent.trim());
    })(),
  };
}

function onlyShown(state, picked) {
  const want = picked.join(',');
  const wrong = state.columns.filter((c) => c !== want);
  const bars = state.bars.filter((b) => b !== want);
  return wrong.length || bars.length || state.problems.length
    ? `columns shown: ${state.columns.join(' | ')}; bars: ${state.bars.join(' | ')}; ${state.problems.join('; ')}`
    : '';
}

// Runs `fn` with the page at 375 px wide, then puts the width back.
async function atPhoneWidth(page, fn) {
  const before = page.viewportSize();
  await page.setViewportSize({ width: 375, height: 740 });
  try {
    await fn();
  } finally {
    if (before) await page.setViewportSize(before);
  }
}

/** Chooses cities on the compare page of `suite` in `lang`, with the keyboard and by address. */
export async function compareChecks({ page, port, suite, lang, check, watch, axeCheck }) {
  const url = `http://127.0.0.1:${port}${suite.base}${lang.prefix}compare/`;
  const label = `[${suite.name}] ${lang.code} compare form`;
  const problems = watch(page, url);
  try {
    await page.goto(url, { waitUntil: 'load' });
    let state = await page.evaluate(readState);
    if (!check(`${label} is shown by the page script`, state.formShown, 'the form stayed hidden')) return;
    if (!check(`${label} lists at least four cities`, state.cities.length >= 4, state.cities.join(','))) return;
    const [first, second, third, fourth] = state.cities;

    // Tab to the first city's box from the top of the page, then Space, Tab, Space.
    await page.evaluate(() => document.activeElement && document.activeElement.blur());
    let reached = false;
    for (let i = 0; i < 80 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate((slug) => {
        const el = document.activeElement;
        return !!el && el.type === 'checkbox' && el.value === slug;
      }, first);
    }
    if (!check(`${label} Tab reaches the first city's box`, reached, `${first} never had the focus`)) return;
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    state = await page.evaluate(readState);
    check(`${label} Space, Tab, Space ticks the first two cities`, state.checked.join(',') === `${first},${second}`, `ticked: ${state.checked.join(',')}`);
    const picked = [first, second];
    const wrong = onlyShown(state, picked);
    check(`${label} shows only the chosen cities' columns and bars`, !wrong, wrong);
    check(`${label} keeps the choice in the address`, state.search === `?cities=${first},${second}`, `address: ${state.search}`);
    check(
      `${label} announces the choice`,
      state.status.includes(state.names[first]) && state.status.includes(state.names[second]),
      `live region: "${state.status}"`,
    );
    check(`${label} lists only KPIs both cities report`, state.uncommon.length === 0, state.uncommon.slice(0, 5).join('; '));
    await axeCheck(page, `${label} (${first} and ${second} chosen)`);
    await atPhoneWidth(page, () => phoneCheck(page, `${label} (${first} and ${second} chosen) @375`, check));

    // A shared address: its cities are chosen on load; an unknown slug is left out.
    await page.goto(`${url}?cities=${third},no-such-city,${fourth}`, { waitUntil: 'load' });
    state = await page.evaluate(readState);
    check(`${label} ?cities= ticks its cities on load`, state.checked.join(',') === `${third},${fourth}`, `ticked: ${state.checked.join(',')}`);
    const restored = onlyShown(state, [third, fourth]);
    check(`${label} ?cities= shows only those cities`, !restored, restored);

    // Four cities, the most the form takes, on a phone.
    const four = state.cities.slice(0, 4);
    await page.goto(`${url}?cities=${four.join(',')}`, { waitUntil: 'load' });
    state = await page.evaluate(readState);
    check(`${label} ?cities= with four cities ticks them`, state.checked.join(',') === four.join(','), `ticked: ${state.checked.join(',')}`);
    await atPhoneWidth(page, () => phoneCheck(page, `${label} (four cities chosen) @375`, check));
  } catch (e) {
    check(`${label} runs`, false, String(e && e.stack ? e.stack : e));
  } finally {
    problems.stop();
  }
  check(`${label} no console errors or failed requests`, problems.list.length === 0, [...new Set(problems.list)].join('\n'));

  // Without JavaScript: the full tables, and no control that would do nothing.
  const context = await page.context().browser().newContext({ javaScriptEnabled: false });
  try {
    const bare = await context.newPage();
    await bare.goto(`${url}?cities=alesund,asker`, { waitUntil: 'load' });
    const state = await bare.evaluate(readState);
    check(`${label} without JavaScript shows no form`, !state.formShown, 'the form is shown');
    const all = onlyShown(state, state.cities);
    check(`${label} without JavaScript shows every city in every table and chart`, !all && state.tables >= 3, all || `${state.tables} tables`);
  } catch (e) {
    check(`${label} without JavaScript runs`, false, String(e && e.stack ? e.stack : e));
  } finally {
    await context.close();
  }
}
