// The bundled archive as readers see it, in real headless Chromium, from file:// and from
// `diwan serve`: every page type is right-to-left, fits a 360 px phone and a 1280 px screen without
// horizontal scrolling, loads without console errors and has no serious or critical axe-core
// violation; article → entity → another article and timeline → article paragraph work by
// clicking; every link of the home, article, entity and timeline pages leads to a page that
// loads without console errors; search shows results; the keyboard reaches the search box and
// the main content.
// Screenshots of each page type at both widths go to DIWAN_SCREENSHOTS.
// Run by tests/browser.rs, which copies and builds the archive and sets:
//   DIWAN_SITE          the built archive (its output folder)
//   DIWAN_ROOT          the archive's root, which `diwan serve` serves
//   DIWAN_BIN           the diwan binary
//   DIWAN_SCREENSHOTS   a folder for the screenshots
'use strict';

const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { launch, diwanServe, screenshot } = require('./harness');

const SITE = process.env.DIWAN_SITE;
const ROOT = process.env.DIWAN_ROOT;
const BIN = process.env.DIWAN_BIN;
const SHOTS = process.env.DIWAN_SCREENSHOTS;
if (!SITE || !SHOTS || !ROOT || !BIN) {
  throw new Error('set DIWAN_SITE, DIWAN_ROOT, DIWAN_BIN and DIWAN_SCREENSHOTS (cargo test --test browser does)');
}
const AXE = require.resolve('axe-core/axe.min.js');

/** One page of each type, found in the built site. */
function pageTypes() {
  const first = (dir) => fs.readdirSync(path.join(SITE, dir)).filter((n) => !n.includes('.')).sort()[0];
  const person = first('entities/person');
  return {
    home: 'index.html',
    article: `articles/${first('articles')}/index.html`,
    entities: 'entities/index.html',
    entity: `entities/person/${person}/index.html`,
    timeline: 'timeline/index.html',
    search: 'search/index.html?q=' + encodeURIComponent('الأمن'),
  };
}

let browser;
let server;
let serverUrl;
before(async () => {
  browser = await launch();
  fs.mkdirSync(SHOTS, { recursive: true });
  // `diwan serve` on the archive's root: it builds, then serves on a free port.
  ({ process: server, url: serverUrl } = await diwanServe(BIN, ROOT, 120000));
});
after(async () => {
  if (browser) await browser.close();
  if (server) server.kill();
});

/** Console errors, script errors and failed requests (with their URL) of a page. */
function watchErrors(page) {
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('response', (r) => { if (r.status() >= 400) errors.push(`${r.status()} ${decodeURIComponent(r.url())}`); });
  return errors;
}

/** A page with its errors collected. */
async function open(url, width = 1280) {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const errors = watchErrors(page);
  await page.goto(url, { waitUntil: 'load' });
  return { page, errors };
}

for (const transport of ['file', 'serve']) {
  describe(`the archive from ${transport === 'file' ? 'file://' : 'diwan serve'}`, () => {
    const base = () => (transport === 'file' ? pathToFileURL(SITE).href + '/' : serverUrl);

    for (const [kind, rel] of Object.entries(pageTypes())) {
      test(`${kind}: RTL, no overflow at 360 and 1280 px, no console error, no serious axe violation`, async () => {
        for (const width of [360, 1280]) {
          const { page, errors } = await open(base() + rel, width);
          if (kind === 'search') {
            await page.waitForSelector('#search-status[data-state="done"]');
            const hits = await page.$$eval('#search-results .article-item-title a', (as) => as.length);
            assert.ok(hits > 0, `search for «الأمن» shows no result at ${width}px`);
          }
          const m = await page.evaluate(() => ({
            dir: getComputedStyle(document.body).direction,
            lang: document.documentElement.lang,
            scroll: document.documentElement.scrollWidth,
            client: document.documentElement.clientWidth,
          }));
          assert.equal(m.dir, 'rtl', `${kind}: direction`);
          assert.deepEqual(errors, [], `${kind}: console errors`);
          assert.equal(m.lang, 'ar');
          assert.ok(m.scroll <= m.client + 1, `${kind} at ${width}px overflows: ${m.scroll} > ${m.client}`);
          if (transport === 'file') {
            await screenshot(page, path.join(SHOTS, `${kind}-${width}.png`));
          }
          if (width === 1280) {
            await page.addScriptTag({ path: AXE });
            const violations = await page.evaluate(async () => {
              // eslint-disable-next-line no-undef
              // No preload: axe would fetch the stylesheets, which file:// forbids.
              const r = await axe.run(document, { resultTypes: ['violations'], preload: false });
              return r.violations
                .filter((v) => v.impact === 'serious' || v.impact === 'critical')
                .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
            });
            assert.deepEqual(violations, [], `${kind}: axe-core`);
          }
          await page.close();
        }
      });
    }

    test('every link of the home, article, entity and timeline pages leads to a page that loads cleanly', async () => {
      const types = pageTypes();
      const targets = new Set();
      for (const rel of [types.home, types.article, types.entity, types.timeline]) {
        const { page, errors } = await open(base() + rel);
        // SVG links (the entity network) have an SVGAnimatedString for `href`.
        const hrefs = await page.$$eval('a[href]', (as) => as.map((a) =>
          (typeof a.href === 'string' ? a.href : new URL(a.href.baseVal, document.baseURI).href)));
        for (const h of hrefs) {
          let u;
          try { u = new URL(h); } catch (e) { assert.fail(`${rel}: unparsable link «${h}»`); }
          if (u.protocol !== 'file:' && !h.startsWith(base())) continue; // the outlets' sites
          u.hash = '';
          targets.add(u.href);
        }
        assert.deepEqual(errors, [], `${rel}: console errors`);
        await page.close();
      }
      assert.ok(targets.size > 20, `only ${targets.size} pages linked`);
      for (const url of targets) {
        const page = await browser.newPage();
        const errors = watchErrors(page);
        const response = await page.goto(url, { waitUntil: 'load' });
        if (transport !== 'file') assert.equal(response.status(), 200, url);
        else assert.ok(fs.existsSync(decodeURIComponent(new URL(url).pathname).replace(/\/$/, '/index.html')), url);
        assert.deepEqual(errors, [], `${decodeURIComponent(url)}: console errors`);
        await page.close();
      }
    });

    test('article → entity → another article, by clicking', async () => {
      const { page, errors } = await open(base() + pageTypes().article);
      const from = await page.textContent('h1');
      const link = page.locator('main a.entity').first();
      await Promise.all([page.waitForNavigation(), link.click()]);
      assert.match(decodeURIComponent(page.url()), /entities\/(person|organization|place)\/[^/]+\/index\.html$/);
      // The entity's page lists the article we came from.
      const listed = (await page.locator('.article-item-title a').allTextContents()).map((t) => t.trim());
      assert.ok(listed.includes(from.trim()), `«${from}» not listed on ${page.url()}: ${listed}`);
      // An article of the entity's list other than the one we came from.
      const items = page.locator('.article-item-title a');
      const n = await items.count();
      assert.ok(n >= 1, 'the entity page lists no article');
      let other = null;
      for (let i = 0; i < n; i++) {
        if ((await items.nth(i).textContent()).trim() !== from.trim()) { other = items.nth(i); break; }
      }
      other = other || items.first();
      const title = (await other.textContent()).trim();
      await Promise.all([page.waitForNavigation(), other.click()]);
      assert.equal((await page.textContent('h1')).trim(), title);
      assert.deepEqual(errors, []);
      await page.close();
    });

    test('timeline event → the article paragraph it was read from', async () => {
      const { page, errors } = await open(base() + 'timeline/index.html');
      const link = page.locator('main a[href*="articles/"][href*="#p"]').first();
      assert.ok(await link.count(), 'no event links to a paragraph');
      const href = await link.getAttribute('href');
      const anchor = decodeURIComponent(href.split('#')[1]);
      await Promise.all([page.waitForNavigation(), link.click()]);
      const target = await page.evaluate((id) => {
        const el = document.getElementById(id);
        if (!el) return null;
        const r = el.getBoundingClientRect();
        return { top: r.top, height: innerHeight, text: el.textContent.length };
      }, anchor);
      assert.ok(target, `#${anchor} missing on ${page.url()}`);
      assert.ok(target.text > 0, 'the paragraph is empty');
      assert.ok(target.top >= -2 && target.top < target.height, `#${anchor} is not scrolled into view (${target.top})`);
      assert.deepEqual(errors, []);
      await page.close();
    });

    test('the keyboard reaches the skip link, the search box and the main content', async () => {
      const { page } = await open(base() + pageTypes().article);
      const seen = [];
      for (let i = 0; i < 25; i++) {
        await page.keyboard.press('Tab');
        seen.push(await page.evaluate(() => {
          const a = document.activeElement;
          return a.id || a.className || a.tagName;
        }));
        if (seen.includes('site-search-q')) break;
      }
      assert.ok(seen.includes('skip-link'), `Tab order: ${seen}`);
      assert.ok(seen.includes('site-search-q'), `the search box is not reached by Tab: ${seen}`);
      // The skip link moves the focus to <main>.
      await page.goto(page.url());
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement.className), 'skip-link');
      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
      await page.close();
    });
  });
}
