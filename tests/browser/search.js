// The search people use, checked through the page's own JavaScript (static/site.js, which
// reads the language's index under search/index/): each query is typed into the search box of /search/
// with real key events on a fresh load, and the first results are compared with answers written
// by hand from the example site's content.
//
// Each expectation names the first result (a path below the language folder), pages that must
// be among the results, and where the content allows a sure count, how many results there are.
// Why each answer is right:
// - "Bizerte", "Ålesund", "Alesund": a city's name is in its profile's title and all through
//   its narrative, so its profile ranks first; "Ålesund" and "Alesund" must list exactly the
//   same pages (the index and the page fold accents away alike).
// - KPI codes: U4SSC's printed form ("EC: ICT: ICT: 1C") and the compact form ("EC-ICT-ICT-1C")
//   name the same indicator. "EC: ICT: T: 1C" is the trap: its words are all words of Household
//   Internet Access (EC: ICT: ICT: 1C) too, so only a page that knows the codes (the `kpi`
//   of the index's entry file) can be sure to put Dynamic Public Transport Information first.
//   "ECICTT1C", the code with no separators at all, is no word of any page: only the codes
//   find it.
// - Narrative words: only Asker's narrative mentions the Oslofjord (content/cities/asker/index.md,
//   in every language, as Asker has no translation); "septentrionale" is in Bizerte's French
//   narrative only, and "средиземноморском" (Mediterranean) in its Russian narrative only.
// - "Бизерта": Bizerte's Russian name, in its Russian narrative.
// - "безработица" (unemployment, nominative): the Russian names of the two unemployment KPIs
//   (catalog/u4ssc.ru.toml) have only the genitive "безработицы", so their indicator pages are
//   found only through Russian stemming. (Riyadh's narrative has the nominative itself.)
// - "средиземноморская" (the feminine nominative): no page has that form, only Bizerte's
//   Russian narrative has "средиземноморском"; the two share the stem "средиземноморск", which
//   the page finds as the longest stem that begins the typed word.
// - A word found nowhere gives no result and the page's "no results" sentence.
// Besides typing: a query in the address (`search/?q=`) is answered on load, results show an
// excerpt, and without JavaScript the page links to the city and indicator index pages.

const COMMON = [
  { what: 'a city name', q: 'Bizerte', first: 'cities/bizerte/' },
  { what: 'an accented city name', q: 'Ålesund', first: 'cities/alesund/' },
  { what: 'the same name unaccented', q: 'Alesund', first: 'cities/alesund/', sameAs: 'Ålesund' },
  { what: 'a KPI code as printed', q: 'EC: ICT: ICT: 1C', first: 'indicators/ec-ict-ict-1c/' },
  { what: 'a KPI code in compact form', q: 'EC-ICT-ICT-1C', first: 'indicators/ec-ict-ict-1c/' },
  { what: 'a code whose words match another KPI', q: 'EC: ICT: T: 1C', first: 'indicators/ec-ict-t-1c/' },
  { what: 'that code compact and lower-case', q: 'ec-ict-t-1c', first: 'indicators/ec-ict-t-1c/' },
  { what: 'that code with no separators', q: 'ECICTT1C', first: 'indicators/ec-ict-t-1c/', count: 1 },
  { what: 'a narrative word (English)', q: 'Oslofjord', first: 'cities/asker/', count: 1 },
  { what: 'a word found nowhere', q: 'Zqxwv', count: 0 },
  // 22 KPI codes of catalog/u4ssc.toml end in "1C" (and narratives quote some): more pages
  // match than the 20 listed, and the status counts them all.
  { what: 'a word on more pages than are listed', q: '1C', listed: 20, atLeast: 22 },
];
const BY_LANG = {
  en: [],
  fr: [{ what: 'a narrative word (French)', q: 'septentrionale', first: 'cities/bizerte/', count: 1 }],
  ru: [
    { what: 'a narrative word (Russian)', q: 'средиземноморском', first: 'cities/bizerte/', count: 1 },
    { what: 'a city name in Cyrillic', q: 'Бизерта', first: 'cities/bizerte/' },
    { what: 'a form no page has (stemming)', q: 'средиземноморская', first: 'cities/bizerte/', count: 1 },
    {
      what: 'another form of a Russian word (stemming)',
      q: 'безработица',
      includes: ['indicators/ec-p-em-1c/', 'indicators/ec-p-em-2c/'],
    },
  ],
};

// Runs in the page before typing: records every rendering of the results with the box's value
// at that moment. site.js renders only when the results belong to the box's current value, so
// the last record for the typed text is the answer to it, whatever the debounce timing was.
function watchResults() {
  const input = document.querySelector('#search-form input[type=search]');
  const list = document.getElementById('search-results');
  const status = document.getElementById('search-status');
  window.__renders = [];
  new MutationObserver(() => {
    window.__renders.push({
      value: input.value,
      status: status.textContent,
      hrefs: [...list.querySelectorAll('li > a')].map((a) => a.href),
      excerpt: list.querySelector('li > p')?.textContent || '',
    });
  }).observe(status, { childList: true, characterData: true, subtree: true });
  return { formShown: !input.closest('form').hidden, none: input.closest('form').getAttribute('data-none') };
}

async function typeQuery(page, url, q, problems) {
  await problems.navigate(() => page.goto(url, { waitUntil: 'load' }));
  const form = await page.evaluate(watchResults);
  if (!form.formShown) return { error: 'the search form stayed hidden (site.js did not start)' };
  await page.click('#search-q');
  await page.keyboard.type(q, { delay: 20 });
  try {
    await page.waitForFunction((v) => window.__renders.some((r) => r.value === v), q, { polling: 50, timeout: 5000 });
  } catch {
    const seen = await page.evaluate(() => window.__renders.map((r) => `${r.value}: ${r.status}`));
    return { error: `no results shown for the typed text within 5 s (renders: ${seen.join('; ') || 'none'})` };
  }
  const renders = await page.evaluate((v) => window.__renders.filter((r) => r.value === v), q);
  return { ...renders[renders.length - 1], none: form.none };
}

/** Types every query of `lang` into the search page of `suite` and checks the first results. */
export async function searchChecks({ page, port, suite, lang, check, watch }) {
  const site = `http://127.0.0.1:${port}${suite.base}${lang.prefix}`;
  const url = `${site}search/`;
  const label = `[${suite.name}] ${lang.code} search`;
  const answers = new Map();
  const problems = watch(page, url);
  try {
    for (const t of [...COMMON, ...BY_LANG[lang.code]]) {
      const r = await typeQuery(page, url, t.q, problems);
      const name = `${label} "${t.q}" (${t.what})`;
      if (r.error) {
        check(name, false, r.error);
        continue;
      }
      answers.set(t.q, r.hrefs);
      const shown = `got ${r.hrefs.length} results: ${r.hrefs.slice(0, 3).map((h) => h.replace(site, '')).join(', ') || 'none'}`;
      if (t.first !== undefined) check(`${name} lists /${lang.prefix}${t.first} first`, r.hrefs[0] === site + t.first, shown);
      for (const inc of t.includes || []) check(`${name} lists /${lang.prefix}${inc}`, r.hrefs.includes(site + inc), shown);
      if (r.hrefs.length) check(`${name} shows an excerpt`, r.excerpt.trim() !== '', 'the first result has no excerpt');
      if (t.count !== undefined) check(`${name} gives ${t.count} result(s)`, r.hrefs.length === t.count, shown);
      if (t.listed !== undefined) check(`${name} lists ${t.listed}`, r.hrefs.length === t.listed, shown);
      if (t.atLeast !== undefined) {
        const said = Number(r.status.replace(/\D/g, ''));
        check(`${name} says at least ${t.atLeast} results`, said >= t.atLeast, `status "${r.status}"`);
      }
      if (t.count === 0) check(`${name} says so`, r.status === r.none && r.none !== '', `status "${r.status}"`);
      if (t.sameAs) {
        const other = answers.get(t.sameAs) || [];
        check(`${name} finds what "${t.sameAs}" finds`, JSON.stringify(other) === JSON.stringify(r.hrefs), `${other.length} vs ${r.hrefs.length} results`);
      }
    }
    await addressChecks(page, url, site, label, check, problems);
    await retryCheck(page, url, site, label, check);
  } catch (e) {
    check(`${label} runs`, false, String(e && e.stack ? e.stack : e));
  } finally {
    problems.stop();
  }
  check(`${label} no console errors or failed requests`, problems.list.length === 0, [...new Set(problems.list)].join('\n'));
}

// A query given in the address is answered on load, and without JavaScript the page points to
// the city and indicator index pages instead of a search form it cannot run.
async function addressChecks(page, url, site, label, check, problems) {
  await problems.navigate(() => page.goto(`${url}?q=Oslofjord`, { waitUntil: 'load' }));
  let first = null;
  try {
    await page.waitForFunction(() => document.querySelector('#search-results li > a'), null, { polling: 50, timeout: 5000 });
    first = await page.evaluate(() => document.querySelector('#search-results li > a').href);
  } catch {
    // reported below
  }
  check(`${label} ?q=Oslofjord is answered on load`, first === `${site}cities/asker/`, `first result: ${first || 'none within 5 s'}`);
  const context = await page.context().browser().newContext({ javaScriptEnabled: false });
  try {
    const bare = await context.newPage();
    await bare.goto(url, { waitUntil: 'load' });
    const fallback = await bare.evaluate(() => {
      const p = document.getElementById('search-fallback');
      const form = document.getElementById('search-form');
      return {
        shown: !!p && !p.hidden && p.offsetParent !== null,
        formHidden: !!form && form.hidden,
        links: p ? [...p.querySelectorAll('a')].map((a) => a.href) : [],
      };
    });
    check(`${label} without JavaScript hides the form`, fallback.formHidden, 'the form is shown');
    check(
      `${label} without JavaScript links to the city and indicator indexes`,
      fallback.shown && fallback.links.includes(`${site}cities/`) && fallback.links.includes(`${site}indicators/`),
      JSON.stringify(fallback),
    );
  } finally {
    await context.close();
  }
}

// A piece of the index that fails to load fails that query only: the next query asks for it
// again. Run in a context of its own, whose one refused request is the point of the check.
async function retryCheck(page, url, site, label, check) {
  const context = await page.context().browser().newContext();
  try {
    const p = await context.newPage();
    let refused = 0;
    await p.route('**/search/index/entry.json*', (route) => (refused++ === 0 ? route.abort() : route.continue()));
    await p.goto(url, { waitUntil: 'load' });
    await p.evaluate(watchResults);
    // The value is set without an input event and submitted with Enter: one query each time
    // (typing would also start the debounced one).
    await p.evaluate(() => { document.getElementById('search-q').value = 'Oslofjord'; });
    const answer = async () => {
      const before = await p.evaluate(() => window.__renders.length);
      await p.press('#search-q', 'Enter');
      await p.waitForFunction((n) => window.__renders.length > n, before, { polling: 50, timeout: 5000 });
      return p.evaluate(() => window.__renders[window.__renders.length - 1].hrefs);
    };
    const first = await answer();
    const second = await answer();
    check(`${label} a failed index request fails that query only`, refused === 2 && first.length === 0 && second[0] === `${site}cities/asker/`,
      `requests ${refused}; first query ${first.length} results, second ${second[0] || 'none'}`);
  } catch (e) {
    check(`${label} a failed index request fails that query only`, false, String(e));
  } finally {
    await context.close();
  }
}
