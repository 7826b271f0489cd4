// The offline package in real headless Chromium: the site inside a `diwan pack` bag, opened
// from file:// as a reader of the unpacked bag would open it. Every page type loads without
// console errors, and every link, stylesheet, script and image a page refers to resolves (as
// the browser itself resolves it) to a file of the bag; same-page and cross-page #anchors
// name an element that exists.
// Run by tests/browser.rs, which packs the bundled archive and sets:
//   DIWAN_BAG_SITE   the site folder inside the unpacked bag (…/data/site)
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL, fileURLToPath } = require('node:url');
const { launch } = require('./harness');

const SITE = process.env.DIWAN_BAG_SITE;
if (!SITE) throw new Error('set DIWAN_BAG_SITE to the site folder of an unpacked bag (cargo test --test browser does)');

let browser;
before(async () => { browser = await launch(); });
after(async () => { if (browser) await browser.close(); });

/** The file a file:// URL stands for (a folder means its index.html), or null outside SITE. */
function fileOf(url) {
  const u = new URL(url);
  u.hash = '';
  u.search = '';
  let p = fileURLToPath(u);
  if (fs.existsSync(p) && fs.statSync(p).isDirectory()) p = path.join(p, 'index.html');
  return p;
}

/** Opens `url`, fails on console errors; returns the page's references and ids. */
async function visit(url) {
  const page = await browser.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url, { waitUntil: 'load' });
  const info = await page.evaluate(() => ({
    dir: getComputedStyle(document.documentElement).direction,
    refs: [
      // SVG links (the entity network) have an SVGAnimatedString for `href`.
      ...[...document.querySelectorAll('a[href], link[href]')].map((e) =>
        (typeof e.href === 'string' ? e.href : new URL(e.href.baseVal, document.baseURI).href)),
      ...[...document.querySelectorAll('script[src], img[src]')].map((e) => e.src),
    ].filter((h) => h.length > 0),
    ids: [...document.querySelectorAll('[id]')].map((e) => e.id),
  }));
  await page.close();
  assert.deepEqual(errors, [], `${url}: console errors`);
  return info;
}

test('every page type of the unpacked bag loads from file:// and every reference resolves', async () => {
  const start = [
    'index.html', 'entities/index.html', 'timeline/index.html', 'search/index.html', '404.html',
  ];
  const article = fs.readdirSync(path.join(SITE, 'articles'))[0];
  start.push(`articles/${article}/index.html`);
  const kinds = fs.readdirSync(path.join(SITE, 'entities')).filter((k) => !k.includes('.'));
  for (const k of kinds) {
    const first = fs.readdirSync(path.join(SITE, 'entities', k))[0];
    if (first) start.push(`entities/${k}/${first}/index.html`);
  }
  assert.ok(start.length >= 8, `too few pages to walk: ${start}`);

  const ids = new Map(); // file → ids on that page
  const anchors = []; // [from, file, id]
  let checked = 0;
  for (const rel of start) {
    const url = pathToFileURL(path.join(SITE, rel)).href;
    const info = await visit(url);
    assert.equal(info.dir, 'rtl', `${rel}: direction`);
    ids.set(fileOf(url), new Set(info.ids));
    for (const ref of info.refs) {
      if (!ref.startsWith('file:')) {
        // Only links to the original outlets may leave the bag.
        assert.ok(/^https?:/.test(ref) && !ref.includes('127.0.0.1'), `${rel}: unexpected reference ${ref}`);
        continue;
      }
      const file = fileOf(ref);
      assert.ok(file.startsWith(SITE), `${rel}: ${ref} leaves the site`);
      assert.ok(fs.existsSync(file), `${rel}: ${ref} → ${file} is missing`);
      checked += 1;
      const hash = decodeURIComponent(new URL(ref).hash.slice(1));
      if (hash && file.endsWith('.html')) anchors.push([rel, file, hash]);
    }
  }
  assert.ok(checked > 50, `only ${checked} references checked`);

  // Anchors: load each target page once and look the id up.
  for (const [from, file, id] of anchors) {
    if (!ids.has(file)) ids.set(file, new Set((await visit(pathToFileURL(file).href)).ids));
    assert.ok(ids.get(file).has(id), `${from}: #${id} not found in ${path.relative(SITE, file)}`);
  }
  assert.ok(anchors.length > 0, 'no #anchor links were checked');
});
