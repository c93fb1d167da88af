// What a visitor of the search page downloads to get an answer: loads /search/ of a built site
// in headless Chromium, types each query, waits for the results, and prints every request the
// page made besides its HTML (our site.js, the index's entry file, its word chunks and
// result fragments) with the bytes sent, per query and in total. The HTML page, CSS
// and images are not counted: every page of the site has them.
//
// The server sends text files (JS, JSON, HTML, CSS) gzip-compressed, as GitHub Pages does;
// the index's chunks and fragments are gzipped by the build already and go as they are. Bytes are counted
// at the server, so what is printed is what crossed the wire.
//
//   cd tests/browser && npm ci --ignore-scripts      # once: playwright-core
//   node benches/search_transfer.mjs --site /dev/shm/s-out [--lang fr/] [query ...]
//
// Every query runs in a fresh browser context (empty cache): each total is a first search.
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../tests/browser/package.json'));
const { chromium } = require('playwright-core');

const args = process.argv.slice(2);
let site = null;
let lang = '';
const queries = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--site') site = args[++i];
  else if (args[i] === '--lang') lang = args[++i];
  else queries.push(args[i]);
}
if (!site) {
  console.error('usage: node benches/search_transfer.mjs --site DIR [--lang fr/] [query ...]');
  process.exit(2);
}
if (!queries.length) queries.push('city', 'EC: ICT: T: 1C', 'water consumption');

const COMPRESSED = new Set(['.js', '.json', '.html', '.css', '.svg', '.xml']);
let log = [];
const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  let file = path.join(site, decodeURIComponent(url.pathname));
  if (file.endsWith('/')) file = path.join(file, 'index.html');
  let body;
  try {
    body = fs.readFileSync(file);
  } catch {
    res.writeHead(404);
    log.push({ path: url.pathname, bytes: 0, status: 404 });
    return res.end();
  }
  const headers = { 'Content-Type': file.endsWith('.js') ? 'text/javascript' : file.endsWith('.html') ? 'text/html' : 'application/octet-stream' };
  if (COMPRESSED.has(path.extname(file)) && /gzip/.test(req.headers['accept-encoding'] || '')) {
    body = zlib.gzipSync(body, { level: 9 });
    headers['Content-Encoding'] = 'gzip';
  }
  res.writeHead(200, headers);
  res.end(body);
  log.push({ path: url.pathname, bytes: body.length, status: 200 });
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const port = server.address().port;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu'],
});
const shared = /(\/|\.html|\.css|\.woff2?|\.ico|\.png|\.svg)$/;
let failed = false;
for (const q of queries) {
  const context = await browser.newContext();
  const page = await context.newPage();
  log = [];
  await page.goto(`http://127.0.0.1:${port}/${lang}search/`, { waitUntil: 'load' });
  await page.fill('#search-q', q);
  await page.press('#search-q', 'Enter');
  await page.waitForFunction(() => document.getElementById('search-status').textContent !== '', null, { timeout: 30000 });
  await page.waitForLoadState('networkidle');
  const results = await page.evaluate(() => [...document.querySelectorAll('#search-results li > a')].map((a) => a.getAttribute('href')));
  const counted = log.filter((r) => !shared.test(r.path));
  const total = counted.reduce((s, r) => s + r.bytes, 0);
  console.log(`\n"${q}": ${results.length} results, first ${results[0] || 'none'}`);
  for (const r of counted) console.log(`  ${String(r.bytes).padStart(8)}  ${r.status === 200 ? '' : r.status + ' '}${r.path}`);
  console.log(`  ${String(total).padStart(8)}  total (${(total / 1000).toFixed(1)} kB) in ${counted.length} requests`);
  if (counted.some((r) => r.status !== 200)) failed = true;
  await context.close();
}
await browser.close();
server.close();
process.exit(failed ? 1 : 0);
