// The benchmark wheel's labels on screen (issue 23): at every width a reader may use, each label
// of a profile's wheel is at least MIN_LABEL_PX tall, or the wheel gives way to the dimension
// table (the image is not shown and the note saying so is). The wheel is an SVG file shown with
// <img>, so a label's size on screen is its font size in the drawing's units (read from the SVG
// as the browser computes it, classes of the file's <style> included) times the image's
// rendered width over the viewBox width. Also: a shown wheel never runs past the viewport.

import { LANGS, cityDirs } from './print.js';

const MIN_LABEL_PX = 11;
// The widths of the issue (the two-column overview shrank the wheel between 960 and 1150 px),
// the narrowest phone, and the edge of the one-column layout.
const WIDTHS = [320, 375, 640, 768, 960, 1024, 1150, 1280, 1600];

// Runs in the page: the wheel as shown, and the smallest label size on screen.
async function measure() {
  const img = document.querySelector('.wheel img');
  if (!img) return { found: false };
  const shown = img.checkVisibility() && img.getBoundingClientRect().width > 0;
  const note = document.querySelector('.wheel .wheel-narrow');
  if (!shown) return { found: true, shown, noteShown: !!note && note.checkVisibility() };
  const text = await (await fetch(img.currentSrc || img.src)).text();
  const svg = new DOMParser().parseFromString(text, 'image/svg+xml').documentElement;
  const vb = (svg.getAttribute('viewBox') || '').trim().split(/[\s,]+/).map(Number);
  // The drawing in the page, out of sight, so that the browser resolves each text's font size
  // (attributes, the file's own classes, inheritance) as it does inside the image.
  const box = document.createElement('div');
  box.style.cssText = 'position:absolute;left:-10000px;top:0;width:1000px;visibility:hidden';
  box.appendChild(document.importNode(svg, true));
  document.body.appendChild(box);
  const sizes = [...box.querySelectorAll('text')]
    .filter((t) => (t.textContent || '').trim())
    .map((t) => ({ text: t.textContent.trim(), units: parseFloat(getComputedStyle(t).fontSize) }));
  box.remove();
  const r = img.getBoundingClientRect();
  const scale = r.width / vb[2];
  const smallest = sizes.reduce((a, b) => (b.units < a.units ? b : a), { text: '', units: Infinity });
  return {
    found: true,
    shown,
    labels: sizes.length,
    viewBox: vb[2],
    rendered: Math.round(r.width),
    right: r.right,
    viewport: document.documentElement.clientWidth,
    px: smallest.units * scale,
    smallest: smallest.text,
  };
}

/** Measures the wheel's labels on every profile of `suite`, in every language, at WIDTHS. */
export async function wheelChecks({ page, port, suite, check, onlyLangs }) {
  const langs = LANGS.filter((l) => !onlyLangs || onlyLangs.has(l.code));
  const base = `http://127.0.0.1:${port}${suite.base}`;
  const before = page.viewportSize();
  try {
    for (const lang of langs) {
      for (const city of cityDirs(suite.dir)) {
        const url = `${base}${lang.prefix}cities/${city}/`;
        const label = `[${suite.name}] ${lang.code} wheel ${city}`;
        const bad = [];
        let shownAt = 0;
        for (const width of WIDTHS) {
          await page.setViewportSize({ width, height: 800 });
          await page.goto(url, { waitUntil: 'load' });
          const m = await page.evaluate(measure);
          if (!m.found) {
            bad.push(`${width} px: no wheel`);
          } else if (!m.shown) {
            if (!m.noteShown) bad.push(`${width} px: the wheel is hidden without the note that says so`);
          } else {
            shownAt++;
            if (!(m.labels > 0)) bad.push(`${width} px: no label found in the SVG`);
            if (!(m.px >= MIN_LABEL_PX - 0.01)) bad.push(`${width} px: "${m.smallest}" is ${m.px.toFixed(2)} px (image ${m.rendered} px wide, viewBox ${m.viewBox})`);
            if (m.right > m.viewport + 1) bad.push(`${width} px: the wheel runs to ${Math.round(m.right)} px, past the viewport`);
          }
        }
        check(
          `${label}: labels at least ${MIN_LABEL_PX} px on screen, or the wheel gives way to its table (${WIDTHS.join(', ')} px)`,
          bad.length === 0,
          bad.join('\n'),
        );
        // A wheel that never shows would pass the size rule: at desktop widths it must show.
        check(`${label}: shown at some width`, shownAt > 0, 'the wheel is hidden at every width');
      }
    }
  } finally {
    if (before) await page.setViewportSize(before);
  }
}
