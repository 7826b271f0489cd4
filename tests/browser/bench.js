// Search benchmark in headless Chromium from file://: bytes a query loads and time to first
// results. Usage: node tests/browser/bench.js SITE_DIR [query ...]
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { launch } = require('./harness');

const QUERIES = ['الإرهاب', 'والمغرب', 'حموشي', 'الانتربول', 'التعاون الأمني', 'المخابرات الإسبانية'];

function size(site, rel) {
  try { return fs.statSync(path.join(site, rel)).size; } catch (e) { return 0; }
}

function dirSize(dir) {
  let total = 0, files = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) { const s = dirSize(p); total += s.total; files += s.files; } else { total += fs.statSync(p).size; files++; }
  }
  return { total, files };
}

function median(xs) {
  const s = xs.filter((x) => !Number.isNaN(x) && x !== undefined).sort((a, b) => a - b);
  return s.length ? s[(s.length - 1) >> 1] : NaN;
}

async function main() {
  const site = path.resolve(process.argv[2] || 'public');
  const queries = process.argv.length > 3 ? process.argv.slice(3) : QUERIES;
  const index = dirSize(path.join(site, 'search'));
  const terms = dirSize(path.join(site, 'search', 'terms'));
  const docs = dirSize(path.join(site, 'search', 'docs'));
  console.log(`index on disk: ${(index.total / 1048576).toFixed(1)} MiB in ${index.files} files ` +
    `(terms ${(terms.total / 1048576).toFixed(1)} MiB / ${terms.files} shards, ` +
    `article store ${(docs.total / 1048576).toFixed(1)} MiB / ${docs.files} files, ` +
    `manifest ${(size(site, 'search/manifest.js') / 1024).toFixed(1)} KiB); search.js ${size(site, 'search.js')} bytes`);
  const browser = await launch();
  const base = pathToFileURL(site).href + '/search/index.html?q=';
  for (const q of queries) {
    const rows = [];
    for (let run = 0; run < 5; run++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const t0 = Date.now();
      await page.goto(base + encodeURIComponent(q));
      await page.waitForSelector('#search-status[data-state="done"]', { timeout: 30000 });
      const wall = Date.now() - t0;
      const info = await page.evaluate(() => ({
        timing: window.diwanSearch.timing, loaded: window.diwanSearch.loaded,
        results: document.querySelectorAll('#search-results li').length,
        nav: performance.timing.navigationStart,
      }));
      const bytes = ['search/index.html', 'search.js'].concat(info.loaded)
        .reduce((s, rel) => s + size(site, rel), 0);
      rows.push({ wall, inPage: info.timing ? info.timing.ms : NaN, first: info.timing ? info.timing.first : NaN,
        bytes, files: info.loaded.length, results: info.results });
      await context.close();
    }
    rows.sort((a, b) => a.wall - b.wall);
    const med = rows[2];
    console.log(`«${q}»: ${med.results} shown, ${(med.bytes / 1024).toFixed(0)} KiB in ${med.files + 2} files, ` +
      `first result ${median(rows.map((r) => r.first)).toFixed(0)} ms and all ${med.results} ` +
      `${median(rows.map((r) => r.inPage)).toFixed(0)} ms after the query starts, ` +
      `${med.wall} ms from navigation (medians of 5)`);
  }
  await browser.close();
}

main().catch((e) => { console.error(e); process.exit(1); });
