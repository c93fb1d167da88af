// Link previews and chart views (issue 24), read by the browser from the pages themselves.
//
// - Every profile and indicator page names an og:image with its size (1200 x 630), a text
//   alternative and twitter:card; the image answers 200 as image/png and the browser decodes it
//   to 1200 x 630. The root suite is built with site.toml's base_url, so there its path is
//   asked of this server; under /repo/ the address itself must be this server's.
// - Each chart a page shows from a file with a credit band (the wheel of a profile, the charts
//   of an indicator page) is shown through the file's <view>: drawn at the <img>'s own width and
//   height it is, pixel for pixel, the file with its band cut off and its viewBox set to the
//   view's (the chart as it was before files had a band), the attributes have the view's
//   proportions (no layout shift, no letterbox), and the file itself is taller, by the band.

// The og and twitter tags of the page at `url`, and what its og:image is once fetched.
async function preview(page, url, origin, suite) {
  await page.goto(url, { waitUntil: 'load' });
  const tags = await page.evaluate(() => {
    const get = (sel) => document.querySelector(sel)?.getAttribute('content') ?? null;
    return {
      lang: document.documentElement.lang,
      image: get('meta[property="og:image"]'),
      width: get('meta[property="og:image:width"]'),
      height: get('meta[property="og:image:height"]'),
      alt: get('meta[property="og:image:alt"]'),
      card: get('meta[name="twitter:card"]'),
    };
  });
  if (!tags.image) return { tags };
  const u = new URL(tags.image);
  const ask = suite.name === 'root' ? `${origin}${u.pathname}` : tags.image;
  // Fetched and decoded by the page, as a link preview's crawler would read the file.
  const got = await page.evaluate(async (src) => {
    const r = await fetch(src);
    const type = r.headers.get('content-type');
    const blob = await r.blob();
    let w = 0;
    let h = 0;
    try {
      const bmp = await createImageBitmap(blob);
      [w, h] = [bmp.width, bmp.height];
    } catch {
      // not an image: the size check below says so
    }
    return { status: r.status, type, w, h };
  }, ask);
  return { tags, ask, got };
}

// Each <img> of the current page that shows a chart file, compared with the file's chart
// drawn without its band.
async function views(page) {
  return page.evaluate(async () => {
    const out = [];
    for (const img of document.querySelectorAll('img[src*="/charts/"][src*=".svg"]')) {
      const [file, id] = img.src.split('#');
      const row = { src: img.getAttribute('src'), problems: [] };
      out.push(row);
      if (!id) {
        row.problems.push('shows the whole file, band and all, not its view');
        continue;
      }
      try {
        await img.decode();
        const text = await (await fetch(file)).text();
        const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
        const view = doc.getElementById(id);
        const root = doc.documentElement;
        if (!view || view.localName !== 'view') {
          row.problems.push(`no <view id="${id}"> in the file`);
          continue;
        }
        const vb = view.getAttribute('viewBox').split(' ').map(Number);
        const full = root.getAttribute('viewBox').split(' ').map(Number);
        const caption = doc.querySelector('.chart-caption');
        if (!(full[3] > vb[3]) || !caption || !caption.textContent.trim()) {
          row.problems.push(`the file has no band below the view (file ${full}, view ${vb})`);
        }
        const w = Number(img.getAttribute('width'));
        const h = Number(img.getAttribute('height'));
        // The attributes are rounded to whole pixels: within a pixel of the view's shape.
        if (Math.abs((w * vb[3]) / vb[2] - h) > 1) {
          row.problems.push(`width/height ${w}x${h} do not have the view's proportions ${vb[2]}x${vb[3]}`);
        }
        // The chart alone, as the file was before it had a band.
        root.setAttribute('viewBox', vb.join(' '));
        view.remove();
        caption?.remove();
        const bare = new Image();
        bare.src = URL.createObjectURL(new Blob([new XMLSerializer().serializeToString(doc)], { type: 'image/svg+xml' }));
        await bare.decode();
        const draw = (im) => {
          const c = document.createElement('canvas');
          c.width = w;
          c.height = h;
          const x = c.getContext('2d');
          x.fillStyle = '#fff';
          x.fillRect(0, 0, w, h);
          x.drawImage(im, 0, 0, w, h);
          return x.getImageData(0, 0, w, h).data;
        };
        const a = draw(img);
        const b = draw(bare);
        let diff = 0;
        for (let i = 0; i < a.length; i += 4) {
          if (a[i] !== b[i] || a[i + 1] !== b[i + 1] || a[i + 2] !== b[i + 2]) diff++;
        }
        if (diff) row.problems.push(`${diff} of ${w * h} pixels differ from the chart without its band`);
      } catch (e) {
        row.problems.push(String(e && e.message ? e.message : e));
      }
    }
    return out;
  });
}

export async function shareChecks({ page, port, suite, lang, check, watch, pages }) {
  const origin = `http://127.0.0.1:${port}`;
  await page.setViewportSize({ width: 1280, height: 800 });
  for (const rel of pages) {
    const label = `[${suite.name}] ${lang.code} ${rel}`;
    const url = `${origin}${suite.base}${lang.prefix}${rel}`;
    const problems = watch(page, url);
    try {
      const { tags, ask, got } = await preview(page, url, origin, suite);
      check(`${label}: og:image names a PNG`, !!tags.image && /\.png$/.test(tags.image), `og:image ${tags.image}`);
      if (suite.name !== 'root') {
        check(`${label}: og:image is an absolute address under the base URL`, !!tags.image && tags.image.startsWith(`${origin}${suite.base}`), `og:image ${tags.image}`);
      }
      check(`${label}: og:image size tags 1200 x 630`, tags.width === '1200' && tags.height === '630', `${tags.width} x ${tags.height}`);
      check(`${label}: og:image:alt and twitter:card`, !!tags.alt && tags.card === 'summary_large_image', `alt ${JSON.stringify(tags.alt)}, twitter:card ${tags.card}`);
      if (got) {
        check(`${label}: og:image answers 200 image/png`, got.status === 200 && got.type === 'image/png', `${ask}: ${got.status} ${got.type}`);
        check(`${label}: og:image decodes to 1200 x 630`, got.w === 1200 && got.h === 630, `${ask}: ${got.w} x ${got.h}`);
      }
      const shown = await views(page);
      check(`${label}: the page shows a chart file (${shown.length})`, shown.length > 0, 'no <img> shows a chart file');
      for (const v of shown) {
        check(`${label}: ${v.src} shows the chart without its band`, v.problems.length === 0, v.problems.join('; '));
      }
    } catch (e) {
      check(`${label}: link preview and views`, false, String(e && e.stack ? e.stack : e));
    } finally {
      problems.stop();
    }
    check(`${label}: no console errors or failed requests (share)`, problems.list.length === 0, [...new Set(problems.list)].join('\n'));
  }
}
