// Printed profiles (issue 23): every city profile of a suite, in every language, and the
// profiles of a synthetic site whose cities report all 91 KPIs (built by run.sh with the `synth`
// example, passed as $SYNTH_SITE), printed to A4 PDFs by Chromium. Checks:
// - the number of pages (counted from the PDF's /Type /Page objects) is within PRINT_LIMITS;
// - no page is nearly empty: each page holds at least THIN_PAGE characters besides the footer
//   (on the last page); a page with only the footer, or with a single table row, holds fewer;
// - page 1 holds the facts, the dimension table and the wheel;
// - site chrome (navigation, skip link, language switch, downloads) is not printed;
// - without JavaScript, a folded list (<details>) still prints open (the stylesheet's rule).
// The PDF of one profile goes to artifacts/ with PNGs of its first two pages (pdftoppm, from
// poppler-utils, which run.sh installs), as a reader would see the printout.

import { createServer } from 'node:http';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

// Page limits by kind of site and language: the same in every language (issue 23). The
// published U4SSC City Snapshot is four pages; a partial transcription with a narrative (the
// example cities) prints on four, and a city with all 91 KPIs on six. French and Russian words
// are longer; the print stylesheet's compact tables make them fit (on 3 December 2026 every
// example profile printed on 4 pages and every synthetic complete city on 6, in all three
// languages; before, French and Russian took 5 and 7).
const PRINT_LIMITS = {
  example: { en: 4, fr: 4, ru: 4 },
  complete: { en: 6, fr: 6, ru: 6 },
};
const THIN_PAGE = 120;
const ARTIFACT_CITY = 'bizerte';

/** The site's languages and their address prefixes (also used by wheel.js). */
export const LANGS = [
  { code: 'en', prefix: '' },
  { code: 'fr', prefix: 'fr/' },
  { code: 'ru', prefix: 'ru/' },
];

/** The city slugs of a built site, sorted (also used by wheel.js). */
export function cityDirs(dir) {
  const root = path.join(dir, 'cities');
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(root, e.name, 'index.html')))
    .map((e) => e.name)
    .sort();
}

// Serves a folder at the root of a loopback port: the synthetic site has no sub-path suite.
function serve(dir) {
  const server = createServer((req, res) => {
    let p = path.join(dir, path.normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)));
    if (!p.startsWith(dir)) p = '';
    try {
      if (p && fs.statSync(p).isDirectory()) p = path.join(p, 'index.html');
      const body = fs.readFileSync(p);
      const type = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.svg': 'image/svg+xml' }[path.extname(p)];
      res.writeHead(200, { 'Content-Type': type || 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// The text of each page of a PDF, or null where pdftotext is missing.
function pageTexts(file, pages) {
  const out = [];
  for (let i = 1; i <= pages; i++) {
    try {
      out.push(execFileSync('pdftotext', ['-f', String(i), '-l', String(i), '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }));
    } catch {
      return null;
    }
  }
  return out;
}

const squeeze = (s) => s.replace(/\s+/g, '');

async function printOne({ page, url, label, limit, check, counts, file }) {
  await page.goto(url, { waitUntil: 'load' });
  await page.emulateMedia({ media: 'print' });
  const st = await page.evaluate(() => {
    const shown = (el) => !!el && el.checkVisibility();
    const hidden = (sel) => [...document.querySelectorAll(sel)].every((el) => !shown(el));
    const wheel = document.querySelector('.wheel img');
    const scores = document.querySelector('table.scores');
    const facts = document.querySelector('.facts');
    return {
      chrome: ['.main-nav', '.skip-link', '.lang-switch', '.breadcrumbs', '.profile .more'].filter((s) => !hidden(s)),
      // The footer as printed: its text and, after each external link, the link's address.
      footer: [document.querySelector('.site-footer')?.innerText || '']
        .concat([...document.querySelectorAll('.site-footer a[href^="http"]')].map((a) => `(${a.href})`))
        .join(''),
      firstPage: [facts, scores, wheel].every(shown),
    };
  });
  check(`${label}: print hides navigation, skip link, language switch and downloads`, st.chrome.length === 0, `printed: ${st.chrome.join(', ')}`);
  await page.pdf({ path: file, format: 'A4', printBackground: true });
  await page.emulateMedia({ media: 'screen' });
  const pdf = fs.readFileSync(file, 'latin1');
  const pages = (pdf.match(/\/Type\s*\/Page(?![a-zA-Z])/g) || []).length;
  counts.pdfPages.push(`${label.replace(/^\[[^\]]*\] /, '')}: ${pages}`);
  check(`${label}: prints on at most ${limit} A4 pages`, pages >= 1 && pages <= limit, `${pages} pages (PRINT_LIMITS in print.js)`);
  const texts = pageTexts(file, pages);
  if (texts) {
    const footer = squeeze(st.footer).length;
    const first = squeeze(texts[0]);
    // The wheel is an image: its labels are not text of the PDF. The first page holds the
    // header of the dimension table, which comes after the facts; the wheel sits beside it.
    const head = await page.evaluate(() => document.querySelector('table.scores caption')?.innerText || '');
    check(`${label}: page 1 holds the facts, the dimension table and the wheel`, st.firstPage && first.includes(squeeze(head).slice(0, 20)), `dimension table caption "${head}" not on page 1`);
    const thin = texts
      .map((t, i) => ({ page: i + 1, chars: squeeze(t).length - (i === pages - 1 ? footer : 0) }))
      .filter((p) => p.chars < THIN_PAGE);
    check(`${label}: no page holds only the footer or a single row`, thin.length === 0, thin.map((p) => `page ${p.page}: ${p.chars} characters besides the footer`).join('; '));
  }
  return pages;
}

// Renders the first two pages of a PDF as PNGs beside it.
function pagePngs(file, check, label) {
  try {
    execFileSync('pdftoppm', ['-f', '1', '-l', '2', '-r', '80', '-png', file, file.replace(/\.pdf$/, '-page')]);
  } catch (e) {
    check(`${label}: PNGs of the first two printed pages (pdftoppm)`, false, String(e.message || e));
  }
}

// Without JavaScript, a folded list prints open.
async function foldedPrintsOpen({ browser, url, label, check }) {
  const context = await browser.newContext({ javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    const r = await page.evaluate(() => {
      // Folded parts the stylesheet keeps off paper (the citation formats) are not counted.
      const folded = [...document.querySelectorAll('main details:not([open])')].filter((d) => d.checkVisibility());
      return { n: folded.length, closed: folded.filter((d) => !d.querySelector(':scope > :not(summary)')?.checkVisibility()).length };
    });
    check(`${label}: folded lists print open without JavaScript (${r.n})`, r.n > 0 && r.closed === 0, `${r.closed} of ${r.n} <details> print closed`);
  } finally {
    await context.close();
  }
}

/** Prints every profile of `suite` (and, for the root suite, of the synthetic site). */
export async function printChecks({ browser, page, port, suite, artifacts, check, counts, onlyLangs }) {
  const langs = LANGS.filter((l) => !onlyLangs || onlyLangs.has(l.code));
  const base = `http://127.0.0.1:${port}${suite.base}`;
  for (const lang of langs) {
    for (const city of cityDirs(suite.dir)) {
      const label = `[${suite.name}] print ${lang.code} ${city}`;
      const file = path.join(artifacts, `${suite.name}-print-${lang.code}-${city}.pdf`);
      try {
        await printOne({ page, url: `${base}${lang.prefix}cities/${city}/`, label, limit: PRINT_LIMITS.example[lang.code], check, counts, file });
        if (lang.code === 'en' && city === ARTIFACT_CITY) pagePngs(file, check, label);
        else fs.rmSync(file);
      } catch (e) {
        check(`${label}: runs`, false, String(e && e.stack ? e.stack : e));
      }
    }
  }
  try {
    await foldedPrintsOpen({ browser, url: `${base}cities/alesund/`, label: `[${suite.name}] print alesund`, check });
  } catch (e) {
    check(`[${suite.name}] print without JavaScript: runs`, false, String(e && e.stack ? e.stack : e));
  }

  const synth = process.env.SYNTH_SITE;
  if (suite.name !== 'root') return;
  if (!check('print: the synthetic complete site is given (SYNTH_SITE)', !!synth && fs.existsSync(synth), `SYNTH_SITE=${synth || ''}`)) return;
  const server = await serve(path.resolve(synth));
  try {
    const sbase = `http://127.0.0.1:${server.address().port}/`;
    const cities = cityDirs(synth);
    check('print: the synthetic site has cities', cities.length > 0, synth);
    for (const lang of langs) {
      for (const city of cities) {
        const label = `[synth] print ${lang.code} ${city} (91 KPIs)`;
        const file = path.join(artifacts, `synth-print-${lang.code}-${city}.pdf`);
        try {
          await printOne({ page, url: `${sbase}${lang.prefix}cities/${city}/`, label, limit: PRINT_LIMITS.complete[lang.code], check, counts, file });
          if (lang.code === 'en' && city === cities[0]) pagePngs(file, check, label);
          else fs.rmSync(file);
        } catch (e) {
          check(`${label}: runs`, false, String(e && e.stack ? e.stack : e));
        }
      }
    }
  } finally {
    server.close();
  }
}
