// Embeddable cards (issue 24), checked as another site would show them: a host page written by
// this check and served by the same server puts every card of a language (each profile's and
// each indicator's) in an <iframe> 400 px wide, and each frame is read back from inside.
//
// - No horizontal overflow inside any frame at 400 px.
// - No console errors, failed requests or HTTP errors, and no request leaves the server (a card
//   loads only its own page, its stylesheet and the wheel image).
// - axe on the cards of the pages the suite checks, at 400 px.
// - The copy button of a profile's "Embed" section copies the code shown, and says so.

import fs from 'node:fs';
import path from 'node:path';

const WIDTH = 400;

// The slugs of the folders below `dir` (the cards of one kind), sorted.
function slugs(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

export async function embedChecks({ page, port, suite, lang, check, watch }) {
  const origin = `http://127.0.0.1:${port}`;
  const base = `${origin}${suite.base}`;
  const label = `[${suite.name}] ${lang.code} embed`;
  const cardDir = path.join(suite.dir, lang.prefix, 'embed');
  const cards = [
    ...slugs(path.join(cardDir, 'cities')).map((s) => `embed/cities/${s}/`),
    ...slugs(path.join(cardDir, 'indicators')).map((s) => `embed/indicators/${s}/`),
  ];
  const cities = slugs(path.join(suite.dir, lang.prefix, 'cities')).length;
  const indicators = slugs(path.join(suite.dir, lang.prefix, 'indicators')).length;
  check(`${label}: a card per profile and indicator`, cards.length === cities + indicators && cities > 0, `${cards.length} cards, expected ${cities} + ${indicators}`);

  // The host page, as a reader's site would embed the cards (the code's own style attribute
  // widened to a fixed 400 px); its inline icon spares it a /favicon.ico request, which is the
  // host's, not a card's.
  const host = `embed-host-${lang.code}.html`;
  const frames = cards
    .map((c, i) => `<iframe id="f${i}" src="${suite.base}${lang.prefix}${c}" title="card ${i}" style="width:${WIDTH}px;height:500px;border:0"></iframe>`)
    .join('\n');
  fs.writeFileSync(path.join(suite.dir, host), `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>host</title></head><body>\n${frames}\n</body></html>\n`);
  const url = `${base}${host}`;
  const problems = watch(page, url);
  const outside = [];
  const onRequest = (r) => {
    if (!r.url().startsWith(origin) && !r.url().startsWith('data:')) outside.push(r.url());
  };
  page.on('request', onRequest);
  try {
    await page.setViewportSize({ width: 1280, height: 800 });
    await problems.navigate(() => page.goto(url, { waitUntil: 'load' }));
    const wide = [];
    let read = 0;
    for (const [i, c] of cards.entries()) {
      const frame = await (await page.$(`#f${i}`)).contentFrame();
      const got = await frame.evaluate(() => {
        const d = document.documentElement;
        const cut = [...document.querySelectorAll('body *')]
          .filter((el) => el.getBoundingClientRect().right > d.clientWidth + 1)
          .slice(0, 3)
          .map((el) => `<${el.localName} class="${el.getAttribute('class') || ''}">`);
        return { sw: d.scrollWidth, cw: d.clientWidth, cut, h1: !!document.querySelector('h1') };
      });
      if (got.h1) read++;
      if (got.sw > got.cw) wide.push(`${c}: scrollWidth ${got.sw} > ${got.cw} ${got.cut.join(' ')}`);
    }
    check(`${label}: every card renders in its frame (${cards.length})`, read === cards.length && cards.length > 0, `${read} of ${cards.length} frames show a card`);
    check(`${label}: no horizontal overflow at ${WIDTH} px`, wide.length === 0, wide.slice(0, 8).join('\n'));
  } catch (e) {
    check(`${label}: host page loads`, false, String(e && e.stack ? e.stack : e));
  } finally {
    page.off('request', onRequest);
    problems.stop();
    fs.rmSync(path.join(suite.dir, host), { force: true });
  }
  check(`${label}: no console errors or failed requests`, problems.list.length === 0, [...new Set(problems.list)].join('\n'));
  check(`${label}: no request leaves the site`, outside.length === 0, [...new Set(outside)].slice(0, 8).join('\n'));
}

// axe on the cards of the pages the suite checks, at the width of a narrow frame.
export async function embedAxe({ page, port, suite, lang, axeCheck, pages }) {
  await page.setViewportSize({ width: WIDTH, height: 700 });
  for (const rel of pages) {
    await page.goto(`http://127.0.0.1:${port}${suite.base}${lang.prefix}embed/${rel}`, { waitUntil: 'load' });
    await axeCheck(page, `[${suite.name}] ${lang.code} embed/${rel} @${WIDTH}`);
  }
}

// The copy button of the Embed section of `rel` (a profile) puts the code shown on the
// clipboard and says so in its status line.
export async function copyCheck({ page, port, suite, lang, check, rel }) {
  const origin = `http://127.0.0.1:${port}`;
  const label = `[${suite.name}] ${lang.code} ${rel} embed copy button`;
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  try {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${origin}${suite.base}${lang.prefix}${rel}`, { waitUntil: 'load' });
    await page.evaluate(() => navigator.clipboard.writeText('-'));
    await page.click('details.embed > summary');
    const button = page.locator('details.embed button.copy-code');
    check(`${label} is shown`, await button.isVisible(), 'hidden');
    await button.click();
    await page.waitForFunction(() => document.querySelector('details.embed .copy-status').textContent !== '', null, { polling: 50, timeout: 3000 }).catch(() => {});
    const got = await page.evaluate(async () => ({
      clip: await navigator.clipboard.readText(),
      code: document.querySelector('details.embed pre code').textContent,
      status: document.querySelector('details.embed .copy-status').textContent,
      said: document.querySelector('details.embed button.copy-code').getAttribute('data-copied'),
    }));
    check(`${label} copies the code`, got.code.startsWith('<iframe ') && got.clip === got.code, `clipboard ${JSON.stringify(got.clip.slice(0, 80))}, code ${JSON.stringify(got.code.slice(0, 80))}`);
    check(`${label} says it copied`, got.status !== '' && got.status === got.said, `status "${got.status}"`);
  } catch (e) {
    check(`${label} runs`, false, String(e && e.stack ? e.stack : e));
  } finally {
    await page.context().clearPermissions();
  }
}
