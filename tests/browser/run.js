// Browser-level quality gates for the shipped site (issue 10). Called by run.sh, which builds
// the site twice (at the root, and with a sub-path base URL) and passes the folders:
//
//   node run.js --port P --suite root=<public> --suite repo=<public-under-/repo/>
//
// For each suite: the W3C Nu HTML checker over every HTML file, then in headless Chromium
// (Debian's /usr/bin/chromium, or the browser named by $CHROMIUM, driven by playwright-core) on
// a fixed list of pages in every language: axe-core (WCAG 2.0/2.1/2.2 A and AA tags) at 1280×800
// and 375×740, keyboard paths (skip link, every interactive element reachable by Tab with a
// visible focus indicator), no horizontal scroll at 320 px, no cut text in the tables and charts
// of profile, compare and indicator pages, the 404 page in the language of the address asked
// for, no console errors or failed
// requests, every internal link of the page answering under the suite's base path; the search
// box with typed queries (search.js); tables at 375 px (phone.js); the wheel's labels at least
// 11 px from 320 to 1600 px (wheel.js); screenshots; every profile
// printed to A4, with the profiles of a synthetic complete site (print.js); the embeddable
// cards in a host page's 400 px frames, and the Embed copy button (embed.js); the og:image of
// profiles and indicator pages, and their charts shown without the files' credit bands
// (share.js). Prints a summary and the plain closing line `N passed, M failed`.

import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { searchChecks } from './search.js';
import { compareChecks, moreCitiesChecks } from './compare.js';
import { printChecks } from './print.js';
import { phoneCheck, PHONE_PAGES } from './phone.js';
import { wheelChecks } from './wheel.js';
import { embedChecks, embedAxe, copyCheck } from './embed.js';
import { shareChecks } from './share.js';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const artifacts = path.join(here, 'artifacts');

// ---------------------------------------------------------------- configuration

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
// axe leaves its "experimental" rules out unless asked; these carry the WCAG tags above, so
// they run too (label-content-name-mismatch, td-has-header, table-fake-caption, p-as-heading,
// css-orientation-lock).
const AXE_EXPERIMENTAL = true;
// Rules switched off, each as { rule, why }. Keep this empty unless a fix cannot be made.
const AXE_DISABLED = [];
const VIEWPORTS = [
  { name: '1280', width: 1280, height: 800 },
  { name: '375', width: 375, height: 740 },
];
const NARROW = { width: 320, height: 740 };
const LANGS = [
  { code: 'en', prefix: '' },
  { code: 'fr', prefix: 'fr/' },
  { code: 'ru', prefix: 'ru/' },
];
const CITIES = ['alesund', 'asker', 'bizerte'];
const INDICATORS = ['en-en-ws-2c', 'sc-sh-si-1c', 'ec-ict-ps-1a'];
// Pages checked in every language: [key, path below the language prefix].
const PAGES = [
  ['home', ''],
  ['cities', 'cities/'],
  ...CITIES.map((c) => [`city-${c}`, `cities/${c}/`]),
  ...INDICATORS.map((i) => [`indicator-${i}`, `indicators/${i}/`]),
  ['dimension', 'dimensions/environment/'],
  ['compare', 'compare/'],
  ['data', 'data/'],
  ['search', 'search/'],
  ['about', 'about/reading-a-profile/'],
  ['404', 'no-such-page/'],
];
// For working on a failure: ONLY_PAGES=city-bizerte,home ONLY_LANGS=fr ONLY_SUITES=root bash run.sh
// (besides the page keys above: vnu for the Nu checker, search-box for the typed queries,
// compare-form for the compare page's city chooser (compare.js; in the repo suite also on a
// site of more cities than the page holds), wheel for the wheel's label
// sizes at widths from 320 to 1600 px (wheel.js), embed for the embeddable cards in a host
// page's frames (embed.js), share for the link previews and the chart views of profiles and
// indicator pages (share.js), print for the PDF; with ONLY_PAGES set, only the parts it names
// run)
const only = (name) => (process.env[name] ? new Set(process.env[name].split(',')) : null);
const ONLY_PAGES = only('ONLY_PAGES');
const ONLY_LANGS = only('ONLY_LANGS');
const ONLY_SUITES = only('ONLY_SUITES');
const SCREENSHOT_PAGES = new Set(['home', 'city-bizerte', 'indicator-en-en-ws-2c']);
// Pages whose tables and charts (the home page's city cards too) are checked for cut text (overflowing cells, text cut by
// `text-overflow: ellipsis`, SVG text outside its chart or shortened with "…"), in every
// language: French and Russian words are longer than English ones.
const OVERFLOW_PAGES = (key) => key === 'home' || key.startsWith('city-') || key.startsWith('indicator-') || key === 'compare';
// The Nu checker reads every HTML file of a suite (361 files in 4 s on 2 December 2026); a hang
// fails the suite instead of running CI into its time limit.
const VNU_TIMEOUT_S = Number(process.env.VNU_TIMEOUT_S || 900);

// ---------------------------------------------------------------- arguments

function parseArgs(argv) {
  const out = { port: 0, suites: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--port') out.port = Number(argv[++i]);
    else if (a === '--suite') {
      const [name, dir] = argv[++i].split('=');
      out.suites.push({ name, dir: path.resolve(dir), base: name === 'root' ? '/' : `/${name}/` });
    } else throw new Error(`unknown argument ${a}`);
  }
  if (!out.suites.length) throw new Error('usage: node run.js --port P --suite root=DIR [--suite repo=DIR]');
  return out;
}

// ---------------------------------------------------------------- results

const results = { passed: 0, failed: 0, failures: [] };
function check(name, ok, detail = '') {
  if (ok) results.passed++;
  else {
    results.failed++;
    results.failures.push(`${name}${detail ? `\n      ${detail.replace(/\n/g, '\n      ')}` : ''}`);
    console.log(`  FAIL ${name}${detail ? `: ${detail.split('\n')[0]}` : ''}`);
  }
  return ok;
}
const counts = {
  htmlValidated: 0,
  vnuErrors: 0,
  axeRuns: 0,
  axeRules: new Set(),
  axeViolations: 0,
  axeViolationNodes: 0,
  axeIncomplete: 0,
  keyboardPages: 0,
  focusablesChecked: 0,
  scrollPages: 0,
  loads: 0,
  linksChecked: 0,
  pdfPages: [],
  searches: 0,
};

// ---------------------------------------------------------------- static server

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.ods': 'application/vnd.oasis.opendocument.spreadsheet',
  '.webmanifest': 'application/manifest+json',
};

// Serves `state.dir` under `state.base` only (`/` or `/repo/`), as GitHub Pages serves a
// project site under /<repo>/: a request outside the base gets a bare 404, which the checks
// report, so an address that drops the base path cannot pass. A missing file inside the base
// gets 404.html with status 404, as GitHub Pages does.
function startServer(port, state) {
  const server = createServer((req, res) => {
    let p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (`${p}/` === state.base) {
      res.writeHead(301, { Location: state.base });
      return res.end();
    }
    if (!p.startsWith(state.base)) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      return res.end(`Not found: ${p} is outside ${state.base}`);
    }
    p = p.slice(state.base.length - 1);
    let file = path.join(state.dir, path.normalize(p));
    if (file !== state.dir && !file.startsWith(state.dir + path.sep)) file = '';
    try {
      if (file && fs.statSync(file).isDirectory()) {
        if (!p.endsWith('/')) {
          res.writeHead(301, { Location: req.url.replace(/(\?|$)/, '/$1') });
          return res.end();
        }
        file = path.join(file, 'index.html');
      }
      const body = fs.readFileSync(file);
      res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream' });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      const nf = path.join(state.dir, '404.html');
      res.writeHead(404, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(fs.existsSync(nf) ? fs.readFileSync(nf) : 'Not found');
    }
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

// ---------------------------------------------------------------- Nu HTML checker

function htmlFiles(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...htmlFiles(p));
    else if (e.name.endsWith('.html')) out.push(p);
  }
  return out.sort();
}

function runVnu(suite) {
  const jar = require('vnu-jar'); // the package's main export is the path of vnu.jar
  const files = htmlFiles(suite.dir);
  const r = spawnSync('java', ['-Xss4m', '-jar', jar, '--errors-only', '--format', 'json', '--skip-non-html', suite.dir], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: VNU_TIMEOUT_S * 1000,
    killSignal: 'SIGKILL',
  });
  if (r.error && r.error.code === 'ETIMEDOUT') {
    check(`[${suite.name}] vnu: finishes within ${VNU_TIMEOUT_S} s`, false, `java -jar vnu.jar was stopped after ${VNU_TIMEOUT_S} s (VNU_TIMEOUT_S)`);
    return;
  }
  if (r.error) {
    check(`[${suite.name}] vnu: run java -jar vnu.jar`, false, String(r.error));
    return;
  }
  let messages;
  try {
    messages = JSON.parse(r.stderr || r.stdout).messages;
  } catch (e) {
    check(`[${suite.name}] vnu: read its JSON report`, false, `${e}\n${(r.stderr || r.stdout).slice(0, 2000)}`);
    return;
  }
  const errors = messages.filter((m) => m.type === 'error' || m.type === 'non-document-error' || m.subType === 'fatal');
  counts.htmlValidated += files.length;
  counts.vnuErrors += errors.length;
  const byFile = new Map();
  for (const m of errors) {
    const f = m.url && m.url.startsWith('file:') ? path.relative(suite.dir, fileURLToPath(m.url)) : '(vnu)';
    if (!byFile.has(f)) byFile.set(f, []);
    byFile.get(f).push(m);
  }
  console.log(`  vnu: ${files.length} HTML files, ${errors.length} errors`);
  if (byFile.has('(vnu)')) check(`[${suite.name}] vnu ran cleanly`, false, byFile.get('(vnu)').map((m) => m.message).join('\n'));
  for (const f of files) {
    const rel = path.relative(suite.dir, f);
    const ms = byFile.get(rel) || [];
    check(
      `[${suite.name}] vnu ${rel}`,
      ms.length === 0,
      ms
        .slice(0, 10)
        .map((m) => `line ${m.lastLine}: ${m.message} «${(m.extract || '').replace(/\s+/g, ' ').trim()}»`)
        .join('\n'),
    );
  }
}

// ---------------------------------------------------------------- in-page helpers

// Runs in the page: every element that should be reachable by Tab, tagged with an index.
function collectFocusables() {
  const sel = 'a[href], button, input:not([type="hidden"]), select, textarea, summary, [tabindex="0"]';
  const visible = (el) => {
    if (el.closest('[inert]') || el.disabled) return false;
    if (el.checkVisibility && !el.checkVisibility({ visibilityProperty: true })) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 || r.height > 0 || el.getClientRects().length > 0;
  };
  const skip = document.querySelector('.skip-link');
  const all = [...document.querySelectorAll(sel)].filter((el) => el === skip || visible(el));
  // <summary> of a nested <details> whose parent is closed is not rendered: visible() drops it.
  window.__expected = all;
  window.__focusLog = [];
  const describe = (el) => {
    const t = (el.getAttribute('aria-label') || el.textContent || el.value || '').replace(/\s+/g, ' ').trim();
    const id = el.id ? `#${el.id}` : '';
    const cls = el.getAttribute('class') ? `.${el.getAttribute('class').trim().split(/\s+/).join('.')}` : '';
    return `<${el.localName}${id}${cls}> "${t.slice(0, 60)}"${el.getAttribute('href') ? ` href=${el.getAttribute('href')}` : ''}`;
  };
  window.__describe = describe;
  document.addEventListener(
    'focusin',
    (e) => {
      const el = e.target;
      const cs = getComputedStyle(el);
      const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0;
      const shadow = cs.boxShadow && cs.boxShadow !== 'none';
      window.__focusLog.push({
        index: window.__expected.indexOf(el),
        desc: describe(el),
        indicator: outline || shadow,
        style: `outline: ${cs.outlineStyle} ${cs.outlineWidth}; box-shadow: ${cs.boxShadow}`,
        focusVisible: el.matches(':focus-visible'),
      });
    },
    true,
  );
  return all.length;
}

// ---------------------------------------------------------------- per-page checks

// Runs in the page: every piece of text in `main` that the reader cannot read whole.
function findCutText() {
  const out = [];
  const say = (el, why) => `<${el.localName}> "${(el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 60)}": ${why}`;
  for (const el of document.querySelectorAll('main td, main th')) {
    if (el.scrollWidth > el.clientWidth + 1) out.push(say(el, `scrollWidth ${el.scrollWidth} > clientWidth ${el.clientWidth}`));
  }
  for (const el of document.querySelectorAll('main *')) {
    if (el.closest('svg')) continue;
    if (getComputedStyle(el).textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1) out.push(say(el, 'cut by text-overflow: ellipsis'));
  }
  for (const t of document.querySelectorAll('main svg text')) {
    const svg = t.ownerSVGElement;
    if (!svg || !(t.textContent || '').trim()) continue;
    const r = t.getBoundingClientRect();
    const box = svg.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.left < box.left - 1 || r.right > box.right + 1) out.push(say(t, `SVG text ${Math.round(r.left)}–${Math.round(r.right)} outside its chart ${Math.round(box.left)}–${Math.round(box.right)}`));
    if (/…\s*$/.test(t.textContent)) out.push(say(t, 'SVG text shortened with an ellipsis'));
  }
  return out;
}

async function cutTextCheck(page, label) {
  const cut = await page.evaluate(findCutText);
  check(`${label} no cut text in tables and charts`, cut.length === 0, cut.slice(0, 8).join('\n') + (cut.length > 8 ? `\n… ${cut.length - 8} more` : ''));
}

// Any missing address gets the root 404.html (as on GitHub Pages); its script shows the text in
// the language whose folder the address is under, the same text as that language's own
// /<lang>/404.html.
async function notFoundCheck(page, label, lang, base) {
  const got = await page.evaluate(() => {
    const h1 = document.querySelector('main h1');
    const holder = h1 && h1.closest('[lang]');
    return { lang: holder ? holder.getAttribute('lang') : '', text: h1 ? h1.textContent.trim() : '' };
  });
  const own = await fetch(`${base}${lang.prefix}404.html`, { signal: AbortSignal.timeout(10000) })
    .then(async (r) => ({ status: r.status, html: await r.text() }))
    .catch((e) => ({ status: `no answer (${e.message})`, html: '' }));
  const m = own.html.match(/<h1[^>]*>([^<]*)<\/h1>/);
  const want = m ? m[1].trim() : '';
  check(`${label} ${lang.prefix}404.html exists`, own.status === 200, `status ${own.status}`);
  check(
    `${label} the 404 page speaks the language of the address`,
    got.lang === lang.code && want !== '' && got.text === want,
    `main h1 "${got.text}" in lang "${got.lang}"; ${lang.prefix}404.html has "${want}"`,
  );
  // The header and footer too (the script takes them from that language's own 404.html): the
  // site title, the first navigation link and the footer note, and the page's lang.
  const words = (html) => {
    const pick = (re) => ((html.match(re) || [])[1] || '').replace(/&amp;/g, '&').replace(/&#39;/g, "'").trim();
    return {
      lang: pick(/<html lang="([^"]*)"/),
      title: pick(/<p class="site-title"[^>]*><a [^>]*>([^<]*)<\/a>/),
      nav: pick(/<nav class="main-nav"[\s\S]*?<a [^>]*>([^<]*)<\/a>/),
      note: pick(/<p class="footer-note">([^<]*)<\/p>/),
    };
  };
  const wanted = words(own.html);
  let shown = {};
  try {
    await page.waitForFunction((code) => document.documentElement.lang === code, lang.code, { timeout: 5000 });
  } catch { /* reported below */ }
  shown = await page.evaluate(() => {
    const t = (sel) => (document.querySelector(sel)?.textContent || '').trim();
    return {
      lang: document.documentElement.lang,
      title: t('.site-title a'),
      nav: t('.main-nav a'),
      note: t('.footer-note'),
    };
  });
  check(
    `${label} the 404 page's header and footer speak the language of the address`,
    wanted.note !== '' && ['lang', 'title', 'nav', 'note'].every((k) => shown[k] === wanted[k]),
    `shown ${JSON.stringify(shown)}; ${lang.prefix}404.html has ${JSON.stringify(wanted)}`,
  );
}

/** Collects console errors, page errors, failed requests and HTTP errors of `page` until stop(). */
function watch(page, url, { is404 = false } = {}) {
  const list = [];
  const onConsole = (m) => {
    if (m.type() !== 'error') return;
    const at = m.location()?.url || '';
    // The deliberate 404: Chromium logs its own status as a failed resource.
    if (is404 && at === url && /status of 404/.test(m.text())) return;
    list.push(`console error: ${m.text()}${at ? ` (${at})` : ''}`);
  };
  const onPageError = (e) => list.push(`page error: ${e.message}`);
  // A navigation cancels what the page it leaves was still fetching (the icon, which Chromium
  // asks for after the load event): that is the harness moving on, not a request the site
  // failed. Only aborts during a navigation the checks started are let through; the icon's
  // own status is checked with every other address by linkCheck.
  const state = { navigating: false };
  const onFailed = (r) => {
    const why = r.failure()?.errorText;
    if (state.navigating && why === 'net::ERR_ABORTED') return;
    list.push(`request failed: ${r.url()} (${why})`);
  };
  const onResponse = (r) => {
    if (r.status() >= 400 && !(is404 && r.url() === url && r.request().isNavigationRequest())) {
      list.push(`HTTP ${r.status()}: ${r.url()}`);
    }
  };
  page.on('console', onConsole);
  page.on('pageerror', onPageError);
  page.on('requestfailed', onFailed);
  page.on('response', onResponse);
  return {
    list,
    /** Runs `go` (a navigation) with the aborts it causes let through. */
    async navigate(go) {
      state.navigating = true;
      try {
        return await go();
      } finally {
        state.navigating = false;
      }
    },
    stop() {
      page.off('console', onConsole);
      page.off('pageerror', onPageError);
      page.off('requestfailed', onFailed);
      page.off('response', onResponse);
    },
  };
}

// Status of every internal address asked for so far, shared by the pages of a suite: the
// navigation and footer links are on every page.
const linkStatus = new Map();
function statusOf(url) {
  if (!linkStatus.has(url)) {
    linkStatus.set(
      url,
      fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(10000) })
        .then((r) => r.status)
        .catch((e) => `no answer (${e.message})`),
    );
  }
  return linkStatus.get(url);
}

// Every address the page points at on this server (links, styles, scripts, images, SVG links)
// must answer with a success under the suite's base path. The browser only fetches styles and
// scripts; a navigation link that dropped the base path would otherwise go unnoticed.
async function linkCheck(page, label, suite, port) {
  const origin = `http://127.0.0.1:${port}`;
  const { self, refs } = await page.evaluate(() => {
    const out = [];
    for (const el of document.querySelectorAll('[href], [src], form[action]')) {
      const v = el.getAttribute('href') ?? el.getAttribute('src') ?? el.getAttribute('action');
      if (v === null || /^(mailto|tel|data|javascript):/i.test(v)) continue;
      out.push({ v, abs: new URL(v, document.baseURI).href });
    }
    return { self: location.href.split('#')[0], refs: out };
  });
  const internal = new Map();
  for (const r of refs) {
    const u = new URL(r.abs);
    if (u.origin !== origin) continue;
    u.hash = '';
    // The page itself (its own #anchors): its status is checked on its own.
    if (u.href !== self) internal.set(u.href, r.v);
  }
  const bad = [];
  for (const [u, written] of internal) {
    const status = await statusOf(u);
    const outside = !new URL(u).pathname.startsWith(suite.base);
    if (outside || status !== 200) bad.push(`${written} → ${u.slice(origin.length)}: ${outside ? `outside ${suite.base}, ` : ''}${status}`);
  }
  counts.linksChecked += internal.size;
  check(`${label} internal links answer under ${suite.base} (${internal.size})`, internal.size > 0 && bad.length === 0, bad.slice(0, 8).join('\n') || 'no internal links found');
}

async function checkPage(ctx, page, suite, lang, key, rel) {
  const base = `http://127.0.0.1:${ctx.port}${suite.base}`;
  const url = `${base}${lang.prefix}${rel}`;
  const label = `[${suite.name}] ${lang.code} ${key} (/${suite.base.slice(1)}${lang.prefix}${rel})`;
  const is404 = key === '404';

  // Console errors and failed requests, for every load of this page.
  const problems = watch(page, url, { is404 });

  let tStep = Date.now();
  const step = (what) => {
    if (process.env.VERBOSE) console.log(`    ${key} ${what}: ${Date.now() - tStep} ms`);
    tStep = Date.now();
  };
  const load = async (vp) => {
    await page.setViewportSize({ width: vp.width, height: vp.height });
    const resp = await problems.navigate(() => cpuHeavy(() => page.goto(url, { waitUntil: 'load' })));
    counts.loads++;
    // The 404 page swaps in the header and footer of the address's language after fetching
    // that language's 404.html: checks that list links or elements must see the settled page.
    if (is404) {
      await page.waitForSelector('html[data-notfound-settled]', { state: 'attached', timeout: 10000 })
        .catch(() => check(`${label} the 404 page settles`, false, 'html[data-notfound-settled] never set'));
    }
    return resp;
  };

  try {
    // --- desktop: status, links, keyboard, axe, screenshot
    const resp = await load(VIEWPORTS[0]);
    check(`${label} HTTP status`, resp && resp.status() === (is404 ? 404 : 200), `got ${resp && resp.status()}`);

    step('load');
    await linkCheck(page, label, suite, ctx.port);
    step('links');
    await keyboardChecks(page, label);
    step('keyboard');
    if (is404) await notFoundCheck(page, label, lang, base);

    for (const [i, vp] of VIEWPORTS.entries()) {
      if (i > 0) await load(vp);
      await axeCheck(page, `${label} @${vp.name}`);
      step(`axe ${vp.name}`);
      if (OVERFLOW_PAGES(key)) await cutTextCheck(page, `${label} @${vp.name}`);
      if (vp.name === '375' && PHONE_PAGES(key)) await phoneCheck(page, `${label} @375`, check);
      if (lang.code === 'en' && SCREENSHOT_PAGES.has(key)) {
        await page.screenshot({ path: path.join(artifacts, `${suite.name}-${key}-${vp.name}.png`), fullPage: true });
        ctx.screenshots++;
      }
    }

    // --- 320 px: no horizontal page scroll
    await load(NARROW);
    const sc = await page.evaluate(() => {
      const d = document.documentElement;
      const wide = [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > d.clientWidth + 1)
        .filter((el) => !el.closest('.skip-link'))
        .slice(0, 5)
        .map((el) => `<${el.localName} class="${el.getAttribute('class') || ''}"> right=${Math.round(el.getBoundingClientRect().right)}`);
      return { sw: d.scrollWidth, cw: d.clientWidth, wide };
    });
    counts.scrollPages++;
    check(`${label} no horizontal scroll at 320px`, sc.sw <= sc.cw, `scrollWidth ${sc.sw} > clientWidth ${sc.cw}; ${sc.wide.join('; ')}`);
  } catch (e) {
    check(`${label} loads and runs`, false, String(e && e.stack ? e.stack : e));
  } finally {
    problems.stop();
  }
  check(`${label} no console errors or failed requests`, problems.list.length === 0, [...new Set(problems.list)].join('\n'));
}

// Why the skip-link check used to be loose: both workers' tabs were tabs of one browser window
// (one persistent context), and @axe-core/playwright opens a blank tab in the page's context at
// the end of every run. Timed in the page and in Node (2 December 2026, three cases in two full
// runs), focus went from main back to the skip link 30 to 80 ms before the other worker's axe
// tab was reported open, with no script of the page involved; and once, the wait for main,
// polling on animation frames, saw nothing while the new tab was in front. Each worker now has
// its own context, which Chromium opens as a window of its own; the page is brought to the
// front before the keyboard is used, and waits poll on a timer.
// The keyboard checks judge the page's answer to a key within a second, which is only fair
// while the page's renderer gets the CPU. On a two-core machine the other worker's axe run or
// page load can starve it for longer (seen once in CI: focus reached main, but 1.x s after
// Enter on the skip link). So the heavy steps share a lock the keyboard checks take alone:
// they wait for the running heavy steps to end and hold new ones back while they run.
const cpu = { heavy: 0, keyboard: false, wanted: 0, waiting: [] };
function cpuWake() {
  const w = cpu.waiting;
  cpu.waiting = [];
  w.forEach((f) => f());
}
async function cpuHeavy(fn) {
  // A keyboard check waiting goes first, so a stream of heavy steps cannot hold it off.
  while (cpu.keyboard || cpu.wanted > 0) await new Promise((r) => cpu.waiting.push(r));
  cpu.heavy++;
  try {
    return await fn();
  } finally {
    cpu.heavy--;
    cpuWake();
  }
}
async function cpuAlone(fn) {
  cpu.wanted++;
  while (cpu.keyboard || cpu.heavy > 0) await new Promise((r) => cpu.waiting.push(r));
  cpu.wanted--;
  cpu.keyboard = true;
  try {
    return await fn();
  } finally {
    cpu.keyboard = false;
    cpuWake();
  }
}

async function keyboardChecks(page, label) {
  return cpuAlone(() => keyboardChecksAlone(page, label));
}

async function keyboardChecksAlone(page, label) {
  await page.bringToFront();
  // Fresh load: nothing focused yet; the first Tab must land on the skip link.
  const n = await page.evaluate(collectFocusables);
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => {
    const a = document.activeElement;
    return { skip: !!a && a.classList.contains('skip-link'), desc: a ? window.__describe(a) : 'nothing' };
  });
  check(`${label} first Tab focuses the skip link`, first.skip, `focused ${first.desc}`);

  // Enter on it moves focus into main: one Enter, judged within one second.
  await page.keyboard.press('Enter');
  const reached = await page
    .waitForFunction(
      () => {
        const main = document.getElementById('main');
        return !!main && main.contains(document.activeElement);
      },
      null,
      { polling: 50, timeout: 1000 },
    )
    .then(() => true)
    .catch(() => false);
  const after = await page.evaluate(() => (document.activeElement ? window.__describe(document.activeElement) : 'nothing'));
  check(`${label} skip link moves focus to main`, reached, `focus on ${after} 1 s after Enter`);

  // Walk the whole tab order from the skip link (N + 5 presses) and compare with the visible
  // focusables.
  await page.evaluate(() => {
    window.__focusLog = [];
  });
  await page.focus('.skip-link');
  for (let i = 0; i < n + 5; i++) await page.keyboard.press('Tab');
  const walk = await page.evaluate(() => {
    const log = window.__focusLog;
    const reached = new Set(log.map((l) => l.index));
    const missing = window.__expected.filter((_, i) => !reached.has(i)).map(window.__describe);
    const noIndicator = [];
    const seen = new Set();
    for (const l of log) {
      if (l.indicator || seen.has(l.desc)) continue;
      seen.add(l.desc);
      noIndicator.push(`${l.desc} (${l.style}; focus-visible ${l.focusVisible})`);
    }
    return { expected: window.__expected.length, reached: reached.size, missing, noIndicator };
  });
  counts.keyboardPages++;
  counts.focusablesChecked += walk.expected;
  check(
    `${label} every interactive element reachable by Tab (${walk.expected})`,
    walk.missing.length === 0,
    `${walk.missing.length} not reached: ${walk.missing.slice(0, 8).join('; ')}`,
  );
  check(
    `${label} visible focus indicator on every focused element`,
    walk.noIndicator.length === 0,
    walk.noIndicator.slice(0, 8).join('\n'),
  );
}

let axeOptionsCache;
function axeOptions() {
  if (axeOptionsCache) return axeOptionsCache;
  const axe = require('axe-core');
  const rules = {};
  if (AXE_EXPERIMENTAL) {
    for (const r of axe.getRules()) {
      if (r.tags.includes('experimental') && r.tags.some((t) => AXE_TAGS.includes(t))) rules[r.ruleId] = { enabled: true };
    }
  }
  for (const d of AXE_DISABLED) rules[d.rule] = { enabled: false };
  axeOptionsCache = { runOnly: { type: 'tag', values: AXE_TAGS }, rules };
  return axeOptionsCache;
}

async function axeCheck(page, label) {
  // `analyze` opens a blank page of the same context for its last step and closes it; when our
  // page gets the focus back, Chromium sometimes moves it to the first focusable element (the
  // skip link), which changed the state the next checks meant to see. Put it back.
  const focused = await page.evaluateHandle(() => document.activeElement);
  const r = await cpuHeavy(() => new AxeBuilder({ page }).options(axeOptions()).analyze());
  await page.evaluate((el) => {
    if (el && el.isConnected && document.activeElement !== el) el.focus({ preventScroll: true });
  }, focused);
  await focused.dispose();
  counts.axeRuns++;
  for (const group of [r.passes, r.violations, r.incomplete, r.inapplicable]) {
    for (const rule of group) counts.axeRules.add(rule.id);
  }
  counts.axeViolations += r.violations.length;
  counts.axeViolationNodes += r.violations.reduce((s, v) => s + v.nodes.length, 0);
  counts.axeIncomplete += r.incomplete.length;
  const detail = r.violations
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}\n` +
        v.nodes
          .slice(0, 4)
          .map((nd) => `  ${nd.target.join(' ')}  ${nd.html.slice(0, 160)}\n    ${(nd.failureSummary || '').replace(/\n/g, ' ')}`)
          .join('\n') +
        (v.nodes.length > 4 ? `\n  … and ${v.nodes.length - 4} more` : ''),
    )
    .join('\n');
  check(`${label} axe: no violations`, r.violations.length === 0, detail);
}

// ---------------------------------------------------------------- main

async function main() {
  const args = parseArgs(process.argv.slice(2));
  fs.mkdirSync(artifacts, { recursive: true });
  const t0 = Date.now();
  const state = { dir: args.suites[0].dir, base: args.suites[0].base };
  const server = await startServer(args.port, state);
  const port = server.address().port;
  // Playwright gives the browser a new empty profile of its own.
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  // Two workers share the work (CI machines have two cores; axe is most of the time). Each has
  // a context of its own, which Chromium opens as a window of its own: see keyboardChecks.
  const workers = Math.max(1, Number(process.env.BROWSER_CHECK_WORKERS || 2));
  const pages = [];
  while (pages.length < workers) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    pages.push(await context.newPage());
  }
  const ctx = {
    port,
    pages,
    screenshots: 0,
    checked: { pages: new Set(), langs: new Set(), suites: new Set() },
  };
  let pagesChecked = 0;
  try {
    for (const suite of args.suites) {
      if (ONLY_SUITES && !ONLY_SUITES.has(suite.name)) continue;
      state.dir = suite.dir;
      state.base = suite.base;
      linkStatus.clear();
      console.log(`== suite ${suite.name}: ${suite.dir} served at http://127.0.0.1:${port}${suite.base}`);
      if (!ONLY_PAGES || ONLY_PAGES.has('vnu')) {
        const tv = Date.now();
        runVnu(suite);
        console.log(`  (vnu ${((Date.now() - tv) / 1000).toFixed(1)} s)`);
      }
      const tasks = [];
      for (const lang of LANGS) {
        if (ONLY_LANGS && !ONLY_LANGS.has(lang.code)) continue;
        for (const [key, rel] of PAGES) {
          if (ONLY_PAGES && !ONLY_PAGES.has(key)) continue;
          tasks.push({ lang, key, rel });
        }
      }
      const tb = Date.now();
      await Promise.all(
        pages.map(async (page) => {
          for (let t = tasks.shift(); t; t = tasks.shift()) {
            const tp = Date.now();
            await checkPage(ctx, page, suite, t.lang, t.key, t.rel);
            pagesChecked++;
            ctx.checked.pages.add(t.key);
            ctx.checked.langs.add(t.lang.code);
            ctx.checked.suites.add(suite.name);
            if (process.env.VERBOSE) console.log(`  ${t.lang.code} ${t.key}: ${Date.now() - tp} ms`);
          }
        }),
      );
      console.log(`  browser checks: ${((Date.now() - tb) / 1000).toFixed(0)} s`);
      if (!ONLY_PAGES || ONLY_PAGES.has('search-box')) {
        const ts = Date.now();
        const langs = LANGS.filter((l) => !ONLY_LANGS || ONLY_LANGS.has(l.code));
        await Promise.all(
          pages.map(async (page, w) => {
            for (const lang of langs.filter((_, i) => i % pages.length === w)) {
              await searchChecks({ page, port, suite, lang, check, watch });
              counts.searches++;
            }
          }),
        );
        console.log(`  search box: ${((Date.now() - ts) / 1000).toFixed(0)} s`);
      }
      for (const lang of LANGS.filter((l) => (!ONLY_LANGS || ONLY_LANGS.has(l.code)) && (!ONLY_PAGES || ONLY_PAGES.has('compare-form')))) {
        await compareChecks({ page: pages[0], port, suite, lang, check, watch, axeCheck, viewports: VIEWPORTS });
      }
      // The compare page of a site with more cities than it holds, under /repo/ as this suite
      // (run.sh builds it: MANY_SITE, MANY_PORT); its words are checked in English.
      if (suite.name === 'repo' && (!ONLY_LANGS || ONLY_LANGS.has('en')) && (!ONLY_PAGES || ONLY_PAGES.has('compare-form'))) {
        await moreCitiesChecks({ page: pages[0], startServer, check, watch, axeCheck, viewports: VIEWPORTS });
      }
      if (!ONLY_PAGES || ONLY_PAGES.has('wheel')) await wheelChecks({ page: pages[0], port, suite, check, onlyLangs: ONLY_LANGS });
      if (!ONLY_PAGES || ONLY_PAGES.has('embed')) {
        for (const lang of LANGS.filter((l) => !ONLY_LANGS || ONLY_LANGS.has(l.code))) {
          await embedChecks({ page: pages[0], port, suite, lang, check, watch });
          await embedAxe({ page: pages[0], port, suite, lang, axeCheck, pages: [...CITIES.map((c) => `cities/${c}/`), ...INDICATORS.map((i) => `indicators/${i}/`)] });
          await copyCheck({ page: pages[0], port, suite, lang, check, rel: `cities/${CITIES[0]}/` });
        }
      }
      if (!ONLY_PAGES || ONLY_PAGES.has('share')) {
        for (const lang of LANGS.filter((l) => !ONLY_LANGS || ONLY_LANGS.has(l.code))) {
          await shareChecks({ page: pages[0], port, suite, lang, check, watch, pages: [...CITIES.map((c) => `cities/${c}/`), ...INDICATORS.map((i) => `indicators/${i}/`)] });
        }
      }
      if (!ONLY_PAGES || ONLY_PAGES.has('print')) await printChecks({ browser, page: pages[0], port, suite, artifacts, check, counts, onlyLangs: ONLY_LANGS });
    }
  } finally {
    await browser.close();
    server.close();
  }

  const secs = ((Date.now() - t0) / 1000).toFixed(0);
  console.log('\n== summary');
  console.log(`suites: ${args.suites.map((s) => `${s.name} (${s.base})`).join(', ')}`);
  console.log(`HTML files validated by vnu: ${counts.htmlValidated}, errors: ${counts.vnuErrors}`);
  console.log(
    `axe: ${counts.axeRuns} runs = ${pagesChecked} pages × ${VIEWPORTS.length} viewports ` +
      `(pages × languages × suites: ${[...ctx.checked.pages].length} × ${[...ctx.checked.langs].length} × ${[...ctx.checked.suites].length}), ` +
      `${counts.axeRules.size} rules run (tags ${AXE_TAGS.join(', ')}), ` +
      `violations: ${counts.axeViolations} (${counts.axeViolationNodes} elements), needs-review: ${counts.axeIncomplete}`,
  );
  if (AXE_DISABLED.length) console.log(`axe rules disabled: ${AXE_DISABLED.map((d) => `${d.rule} (${d.why})`).join('; ')}`);
  console.log(`keyboard: ${counts.keyboardPages} pages, ${counts.focusablesChecked} interactive elements`);
  console.log(`no horizontal scroll at 320px: ${counts.scrollPages} pages; page loads watched for console/request errors: ${counts.loads}`);
  console.log(`internal links answered under the base path: ${counts.linksChecked} (page × address)`);
  console.log(`search box: ${counts.searches} language runs of typed queries`);
  console.log(`print: ${counts.pdfPages.join('; ')}`);
  console.log(`screenshots: ${ctx.screenshots} in ${path.relative(process.cwd(), artifacts) || artifacts}`);
  console.log(`time: ${secs} s`);
  if (results.failures.length) {
    console.log(`\n== failures (${results.failures.length})`);
    for (const f of results.failures) console.log(`- ${f}`);
  }
  console.log(`${results.passed} passed, ${results.failed} failed`);
  process.exitCode = results.failed ? 1 : 0;
}

main().catch((e) => {
  console.error(e);
  console.log(`${results.passed} passed, ${results.failed + 1} failed`);
  process.exit(1);
});
