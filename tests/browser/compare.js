import fs from 'node:fs';
import path from 'node:path';
import { phoneCheck, focusShownCheck } from './phone.js';
import { cityDirs } from './print.js';

// The compare page's city chooser, checked through the page's own JavaScript (static/site.js as
// the built site serves it): the form is used with the keyboard, and what the tables, charts
// and address show afterwards is read back from the page.
//
// - Keyboard: Tab from the top of the page to the first city's checkbox, Space, Tab, Space
//   chooses the first two cities by name; only their columns stay in every table (the cells of
//   every row with a cell per city, head included), only their bars in every chart, the
//   address becomes ?cities=<first>,<second>, the live region names both, and axe passes on
//   that state at both of run.js's sizes (1280×800 and 375×740). The checks start at 1280×800
//   whatever size an earlier check left the page at (a full run leaves it at 320 px, a run of
//   these checks alone at 1280), so their outcome does not depend on which checks ran before;
//   they give the page its size back at the end.
// - Coverage: with the "only the KPIs every chosen city reports" box ticked (the default),
//   every coverage row still shown has a value for each chosen city.
// - Address: a fresh load of ?cities=<third>,<fourth> ticks those two boxes and shows only
//   their columns; an unknown slug in the address is ignored.
// - Without JavaScript: no form is shown and every table shows every city's column.
// - Phones: at 375 px, with two and with four cities chosen, every table is readable without
//   scrolling sideways (phone.js's rule; the page as loaded is checked there); as loaded and
//   with two cities chosen, every element Tab reaches is in sight when focused.
//
// On a site with more cities than the page holds (moreCitiesChecks: 120 synthetic cities that
// run.sh builds under /repo/, served here under /repo/ only), a city past the page's 100 is
// chosen by typing its name into the form, and two by the address: each one's column appears
// in every table and chart, in name order after the page's, with the scores and coverage the
// site's data files give for that city (data/scores.csv, data/cities/<slug>.csv); an unknown
// slug in the address is named in the live region; four cities fit a phone, and on a phone with
// a fetched city chosen every element Tab reaches is in sight when focused.

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
      // A category's heading row has one cell; any other row has a cell per city.
      if (row.cells.length !== width && row.cells.length !== 1) problems.push(`table ${t}: a row of ${row.cells.length} cells, not ${width}`);
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

// Runs `fn` with the page at the size of `vp`, then puts the size back.
async function atViewport(page, vp, fn) {
  const before = page.viewportSize();
  await page.setViewportSize({ width: vp.width, height: vp.height });
  try {
    await fn();
  } finally {
    if (before) await page.setViewportSize(before);
  }
}

/**
 * Chooses cities on the compare page of `suite` in `lang`, with the keyboard and by address.
 * `viewports` are run.js's: the wide one first, then the phone.
 */
export async function compareChecks({ page, port, suite, lang, check, watch, axeCheck, viewports }) {
  const url = `http://127.0.0.1:${port}${suite.base}${lang.prefix}compare/`;
  const label = `[${suite.name}] ${lang.code} compare form`;
  const [wide, phone] = viewports;
  const before = page.viewportSize();
  const problems = watch(page, url);
  try {
    await page.setViewportSize({ width: wide.width, height: wide.height });
    await problems.navigate(() => page.goto(url, { waitUntil: 'load' }));
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
    for (const vp of viewports) await atViewport(page, vp, () => axeCheck(page, `${label} (${first} and ${second} chosen) @${vp.name}`));
    await atViewport(page, phone, () => phoneCheck(page, `${label} (${first} and ${second} chosen) @${phone.name}`, check));

    // A shared address: its cities are chosen on load; an unknown slug is left out.
    await problems.navigate(() => page.goto(`${url}?cities=${third},no-such-city,${fourth}`, { waitUntil: 'load' }));
    state = await page.evaluate(readState);
    check(`${label} ?cities= ticks its cities on load`, state.checked.join(',') === `${third},${fourth}`, `ticked: ${state.checked.join(',')}`);
    const restored = onlyShown(state, [third, fourth]);
    check(`${label} ?cities= shows only those cities`, !restored, restored);

    // Four cities, the most the form takes, on a phone.
    const four = state.cities.slice(0, 4);
    await problems.navigate(() => page.goto(`${url}?cities=${four.join(',')}`, { waitUntil: 'load' }));
    state = await page.evaluate(readState);
    check(`${label} ?cities= with four cities ticks them`, state.checked.join(',') === four.join(','), `ticked: ${state.checked.join(',')}`);
    await atViewport(page, phone, () => phoneCheck(page, `${label} (four cities chosen) @${phone.name}`, check));

    // The keyboard on a phone: as loaded (every city) and with two cities chosen.
    await atViewport(page, phone, async () => {
      await focusShownCheck(page, url, `${label} (as loaded) @${phone.name}`, check, undefined, problems.navigate);
      await focusShownCheck(page, `${url}?cities=${first},${second}`, `${label} (${first} and ${second} chosen) @${phone.name}`, check, undefined, problems.navigate);
    });
  } catch (e) {
    check(`${label} runs`, false, String(e && e.stack ? e.stack : e));
  } finally {
    problems.stop();
    if (before) await page.setViewportSize(before);
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

// ---------------------------------------------------------------- more cities than the page

// A CSV file as rows of fields (quoted fields may hold commas and doubled quotes).
function csv(text) {
  const rows = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    const fields = [];
    let cur = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (quoted && c === '"' && line[i + 1] === '"') cur += line[++i];
      else if (c === '"') quoted = !quoted;
      else if (c === ',' && !quoted) {
        fields.push(cur);
        cur = '';
      } else cur += c;
    }
    fields.push(cur);
    rows.push(fields);
  }
  return rows;
}

// What the site's data files say `slug`'s column must show, table by table: for each score
// row, its band and "scored of scorable" (or no band); for each coverage row, its class.
function expectedColumn(dir, slug) {
  const groups = csv(fs.readFileSync(path.join(dir, 'data/groups.csv'), 'utf8')).slice(1);
  const parent = Object.fromEntries(groups.map(([code, , , up]) => [code, up]));
  const scores = Object.fromEntries(
    csv(fs.readFileSync(path.join(dir, 'data/scores.csv'), 'utf8'))
      .filter((r) => r[0] === slug)
      .map(([, code, state, , band, , , scored, scorable]) => [code, { state, band, of: `${scored} of ${scorable}` }]),
  );
  const score = (code) => {
    const s = scores[code] || { state: 'missing' };
    return s.state === 'scored' ? { band: s.band, of: s.of } : { band: '' };
  };
  const dims = groups.filter((g) => g[1] === 'dimension').map((g) => g[0]);
  // A category none of whose items has a benchmark (catalog.csv) has no row: it would read
  // the same state for every city, and the page names it under the table instead.
  const [head, ...items] = csv(fs.readFileSync(path.join(dir, 'data/catalog.csv'), 'utf8'));
  const at = (name) => head.indexOf(name);
  const scorable = new Set(
    items
      .filter((r) => !['no-target', 'no-benchmark'].includes(r[at('benchmark')]))
      .map((r) => `${r[at('subdimension')]}/${r[at('category')]}`),
  );
  const name = Object.fromEntries(groups.map(([code, , n]) => [code, n]));
  const values = {};
  for (const [item, , , status] of csv(fs.readFileSync(path.join(dir, `data/cities/${slug}.csv`), 'utf8')).slice(1)) {
    const kpi = item.split('/')[0];
    const has = ['scored', 'no-target', 'no-benchmark'].includes(status);
    if (!values[kpi] || has) values[kpi] = has ? 'cov-value' : `cov-${status}`;
  }
  return {
    dims: [score('overall'), ...dims.map(score)],
    categories: dims.map((d) =>
      groups
        .filter((g) => g[1] === 'category' && parent[parent[g[0]]] === d && scorable.has(`${name[parent[g[0]]]}/${g[2]}`))
        .map((g) => score(g[0])),
    ),
    coverage: values,
  };
}

// Runs in the page: `slug`'s cell of every row of every compare table.
function readColumn(slug) {
  const tables = [...document.querySelectorAll('table[data-compare]')];
  const cities = [...tables[0].querySelectorAll('thead th[data-city]')].map((th) => th.getAttribute('data-city'));
  const i = cities.indexOf(slug) + 1;
  const bars = [...document.querySelectorAll('ul[data-compare]')].map((ul) => ul.children[i - 1]?.querySelector('.compare-city')?.textContent.trim() || '');
  return {
    at: i - 1,
    name: i ? tables[0].querySelector(`thead th[data-city="${slug}"]`).textContent.trim() : '',
    bars,
    tables: tables.map((t) =>
      [...t.tBodies]
        .flatMap((b) => [...b.rows])
        .filter((r) => r.cells.length === cities.length + 1)
        .map((r) => {
          const c = r.cells[i];
          return {
            code: r.cells[0].querySelector('.detail')?.textContent.trim() || '',
            cls: c.className,
            band: (c.querySelector('[class|=band]')?.className.match(/band-(\d)/) || [])[1] || '',
            of: c.querySelector('.of')?.textContent.trim() || '',
          };
        }),
    ),
  };
}

// Differences between `slug`'s column as shown and as the data files say, at most a few.
function columnProblems(shown, want) {
  const out = [];
  if (shown.at < 0) return ['no column'];
  const [dims, ...rest] = shown.tables;
  const scoreRow = (where, got, exp) => {
    if (got.band !== exp.band || (exp.band && got.of !== exp.of)) out.push(`${where}: band "${got.band}" "${got.of}", want "${exp.band}" "${exp.of || ''}"`);
  };
  // The dimension table: coverage, overall, then each dimension.
  want.dims.forEach((exp, k) => scoreRow(`overall/dimension row ${k}`, dims[k + 1] || {}, exp));
  if (dims.length !== want.dims.length + 1) out.push(`${dims.length} rows in the dimension table`);
  want.categories.forEach((cats, d) => {
    const rows = rest[d] || [];
    if (rows.length !== cats.length) out.push(`category table ${d}: ${rows.length} rows, want ${cats.length}`);
    cats.forEach((exp, k) => scoreRow(`category table ${d} row ${k}`, rows[k] || {}, exp));
  });
  const coverage = rest.slice(want.categories.length).flat();
  if (coverage.length !== Object.keys(want.coverage).length) out.push(`${coverage.length} coverage rows, want ${Object.keys(want.coverage).length}`);
  for (const r of coverage) {
    const exp = want.coverage[r.code.replace(/:\s*/g, '-')];
    if (r.cls !== exp) out.push(`coverage ${r.code}: "${r.cls}", want "${exp}"`);
  }
  if (shown.bars.some((b) => b !== shown.name)) out.push(`bars: ${shown.bars.join(', ')}`);
  return out.slice(0, 8);
}

/**
 * On a site with more cities than the compare page holds: choosing cities past its 100.
 * `viewports` are run.js's: the wide one first, then the phone.
 */
export async function moreCitiesChecks({ page, startServer, check, watch, axeCheck, viewports }) {
  const dir = process.env.MANY_SITE ? path.resolve(process.env.MANY_SITE) : '';
  const port = Number(process.env.MANY_PORT || 0);
  const label = '[many] en compare form';
  const given = !!dir && fs.existsSync(path.join(dir, 'compare/cities')) && port > 0;
  if (!check(`${label}: a site with more cities than the page holds is given (MANY_SITE, MANY_PORT)`, given, `MANY_SITE=${dir} MANY_PORT=${port}`)) return;
  const server = await startServer(port, { dir, base: '/repo/' });
  const url = `http://127.0.0.1:${port}/repo/compare/`;
  const [wide, phone] = viewports;
  const before = page.viewportSize();
  const problems = watch(page, url);
  const checked = (n) => page.waitForFunction((k) => document.querySelectorAll('.compare-choices input:checked').length === k, n, { timeout: 10000, polling: 50 });
  const values = async (slug, what) => {
    const wrong = columnProblems(await page.evaluate(readColumn, slug), expectedColumn(dir, slug));
    check(`${label} ${what}: ${slug}'s column shows its scores and coverage`, wrong.length === 0, wrong.join('\n'));
  };
  try {
    await page.setViewportSize({ width: wide.width, height: wide.height });
    await problems.navigate(() => page.goto(url, { waitUntil: 'load' }));
    let state = await page.evaluate(readState);
    const cities = cityDirs(dir);
    const offered = await page.evaluate(() => [...document.querySelectorAll('#compare-names option')].map((o) => o.value));
    const more = await page.evaluate(() => JSON.parse(document.getElementById('compare-more')?.textContent || '[]'));
    check(`${label} the page holds 100 cities`, state.cities.length === 100, `${state.cities.length}`);
    check(`${label} the form offers every city by name (${cities.length})`, cities.length > 100 && offered.length === cities.length && new Set(offered).size === cities.length, `${offered.length} names offered`);
    const [first, second] = state.cities;
    const [nextSlug, nextName] = more.slice(0, 2);
    const [lastSlug, lastName] = more.slice(-2);

    // By keyboard: the name typed into the box and Enter; then Tab, Tab, Space ticks the
    // page's first city.
    await page.focus('#compare-name');
    await page.keyboard.type(lastName);
    await page.keyboard.press('Enter');
    await checked(1);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await checked(2);
    state = await page.evaluate(readState);
    check(`${label} a typed name adds its city: ${lastName}`, state.checked.join(',') === `${first},${lastSlug}`, `ticked: ${state.checked.join(',')}`);
    const wrong = onlyShown(state, [first, lastSlug]);
    check(`${label} shows only the chosen cities' columns and bars`, !wrong, wrong);
    check(`${label} keeps the choice in the address`, state.search === `?cities=${first},${lastSlug}`, `address: ${state.search}`);
    check(`${label} announces the choice`, state.status.includes(state.names[first]) && state.status.includes(lastName), `live region: "${state.status}"`);
    await values(lastSlug, 'typed');
    for (const vp of viewports) await atViewport(page, vp, () => axeCheck(page, `${label} (${first} and ${lastSlug} chosen) @${vp.name}`));
    await atViewport(page, phone, () => phoneCheck(page, `${label} (${first} and ${lastSlug} chosen) @${phone.name}`, check));

    // By address: a city past the page's, an unknown slug and a city of the page.
    await problems.navigate(() => page.goto(`${url}?cities=${nextSlug},no-such-city,${second}`, { waitUntil: 'load' }));
    await checked(2);
    state = await page.evaluate(readState);
    check(`${label} ?cities= fetches a city past the page's`, state.checked.join(',') === `${second},${nextSlug}`, `ticked: ${state.checked.join(',')}`);
    const restored = onlyShown(state, [second, nextSlug]);
    check(`${label} ?cities= shows only those cities`, !restored, restored);
    check(`${label} ?cities= names the unknown slug`, state.status.includes('no-such-city') && state.status.includes(nextName), `live region: "${state.status}"`);
    await values(nextSlug, 'by address');

    // Four cities, two past the page's, in name order after the page's, on a phone.
    await problems.navigate(() => page.goto(`${url}?cities=${lastSlug},${first},${nextSlug},${second}`, { waitUntil: 'load' }));
    await checked(4);
    state = await page.evaluate(readState);
    const four = [first, second, nextSlug, lastSlug];
    check(`${label} four cities, two fetched, in name order`, state.checked.join(',') === four.join(',') && state.cities.slice(-2).join(',') === `${nextSlug},${lastSlug}`, `ticked: ${state.checked.join(',')}; columns end ${state.cities.slice(-2)}`);
    const all4 = onlyShown(state, four);
    check(`${label} four cities: only theirs shown`, !all4, all4);
    await values(lastSlug, 'four');
    const full = await page.evaluate(() => document.getElementById('compare-name').disabled);
    check(`${label} four cities: the name box is disabled`, full, 'still enabled');
    await atViewport(page, phone, () => phoneCheck(page, `${label} (four cities, two fetched) @${phone.name}`, check));

    // The keyboard on a phone, with a city of the page and a fetched one chosen.
    await atViewport(page, phone, () =>
      focusShownCheck(page, `${url}?cities=${first},${lastSlug}`, `${label} (${first} and ${lastSlug} chosen) @${phone.name}`, check, () => checked(2), problems.navigate),
    );
  } catch (e) {
    check(`${label} runs`, false, String(e && e.stack ? e.stack : e));
  } finally {
    problems.stop();
    server.close();
    if (before) await page.setViewportSize(before);
  }
  check(`${label} no console errors or failed requests`, problems.list.length === 0, [...new Set(problems.list)].join('\n'));
}
