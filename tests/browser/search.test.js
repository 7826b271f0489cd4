// Search in real headless Chromium, from file:// and over HTTP.
// Run by tests/browser.rs, which builds the sites and sets:
//   DIWAN_SITE            the bundled archive, built (the queries run against it)
//   DIWAN_SEARCH_FIXTURE  tests/fixtures/search, built (diacritics, filters, phrases, keyboard)
// By hand: npm ci --prefix tests/browser, then set both variables and run node --test tests/browser/
'use strict';

const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { launch, serve } = require('./harness');

const SITE = process.env.DIWAN_SITE;
const FIXTURE = process.env.DIWAN_SEARCH_FIXTURE;
if (!SITE || !FIXTURE) {
  throw new Error('set DIWAN_SITE and DIWAN_SEARCH_FIXTURE to built sites (cargo test --test browser does)');
}

const CASES = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'search_cases.json'), 'utf8'));

// The queries against the bundled archive: each must return these articles.
const ARCHIVE_QUERIES = [
  { q: 'الإرهاب', expect: ['الأرقام-تعكس-نجاح-مقاربة-المغرب-في-مكافحة-الارهاب'] },
  { q: 'والمغرب', expect: ['المغرب-يدعو-إلى-تعاون-استخباراتي-عادل-في-مواجهة-المخاطر'] },
  { q: 'حموشي', expect: ['المغرب-يدعو-إلى-تعاون-استخباراتي-عادل-في-مواجهة-المخاطر'] },
  { q: 'الانتربول', expect: ['الاستخبار-الوقائي-المغربي-ركيزة-التعاون-الأمني-مع-أوروبا',
    'يسلط-اليوم-الدولي-للتعاون-بين-أجهزة-الشرطة-الذي-يحتفل-به-في'] },
];

let browser;
const servers = [];
before(async () => {
  browser = await launch();
  servers.push(await serve(SITE), await serve(FIXTURE));
});
after(async () => {
  if (browser) await browser.close();
  for (const s of servers) s.close();
});

/** Opens the search page for `params` on a site base URL and waits for the results. */
async function search(base, params) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const qs = new URLSearchParams(params).toString();
  await page.goto(base + 'search/index.html?' + qs);
  await page.waitForSelector('#search-status[data-state="done"]', { timeout: 10000 });
  const results = await page.$$eval('#search-results .article-item-title a', (as) =>
    as.map((a) => decodeURIComponent(new URL(a.href).pathname)));
  const status = await page.textContent('#search-status');
  assert.deepEqual(errors, []);
  return { page, results, status };
}

function slugOf(urlPath) {
  const m = /articles\/([^/]+)\/index\.html$/.exec(urlPath);
  return m ? m[1] : urlPath;
}

for (const transport of ['file', 'http']) {
  describe(`search over ${transport}`, () => {
    const baseOf = (i) => (transport === 'file'
      ? pathToFileURL([SITE, FIXTURE][i]).href + '/'
      : servers[i].url);

    for (const { q, expect } of ARCHIVE_QUERIES) {
      test(`bundled archive: «${q}» finds the expected article`, async () => {
        const { page, results } = await search(baseOf(0), { q });
        const slugs = results.map(slugOf);
        for (const e of expect) assert.ok(slugs.includes(e), `${q}: ${e} not in ${slugs.join(', ')}`);
        // Every result link leads to an article page that exists.
        for (const r of results) assert.match(r, /articles\/[^/]+\/index\.html$/);
        // Matched words are highlighted.
        assert.ok(await page.locator('#search-results mark').count() > 0);
        await page.close();
      });
    }

    test('bundled archive: a person\'s name shows the entity first, and its page exists', async () => {
      // «حموشي» is the registry's عبد اللطيف حموشي, found by the analysis in the seeds.
      const { page, results } = await search(baseOf(0), { q: 'حموشي' });
      const entities = await page.$$eval('#search-entities a', (as) =>
        as.map((a) => ({ name: a.textContent, path: decodeURIComponent(new URL(a.href).pathname), cls: a.className })));
      assert.ok(entities.length >= 1, 'no entity shown');
      assert.equal(entities[0].name, 'عبد اللطيف حموشي');
      assert.match(entities[0].path, /entities\/person\/عبد-اللطيف-حموشي\/index\.html$/);
      assert.match(entities[0].cls, /person/);
      if (transport === 'file') assert.ok(fs.existsSync(entities[0].path), entities[0].path);
      assert.ok(results.length >= 1);
      await page.close();
      // The type filter keeps only articles naming an entity of that type, and entities of it.
      const places = await search(baseOf(0), { q: 'حموشي', type: 'place' });
      const shown = await places.page.$$eval('#search-entities a', (as) => as.map((a) => a.className));
      assert.ok(shown.every((c) => /place/.test(c)), `entities of other types shown: ${shown}`);
      await places.page.close();
    });

    test('undiacritized query matches diacritized text, and the reverse', async () => {
      let r = await search(baseOf(1), { q: 'التطرف' });
      assert.deepEqual(r.results.map(slugOf), ['مكافحة-التطرف-في-أوروبا']);
      await r.page.close();
      r = await search(baseOf(1), { q: 'الاستِخْبَارَاتُ' });
      assert.deepEqual(r.results.map(slugOf), ['تقرير-الاستخبارات-السنوي']);
      await r.page.close();
      // Tatweel in the text, hamza-less query against «الإنتربول».
      r = await search(baseOf(1), { q: 'المغرب' });
      assert.deepEqual(r.results.map(slugOf), ['مكافحة-التطرف-في-أوروبا']);
      await r.page.close();
      r = await search(baseOf(1), { q: 'الانتربول' });
      assert.deepEqual(r.results.map(slugOf), ['تقرير-الاستخبارات-السنوي']);
      await r.page.close();
    });

    test('a quoted phrase matches only the exact sequence', async () => {
      const r = await search(baseOf(1), { q: '"التعاون الأمني"' });
      assert.deepEqual(r.results.map(slugOf), ['تقرير-الاستخبارات-السنوي']);
      await r.page.close();
    });

    test('a phrase is looked up by its word pairs: a pair in no article reads no article', async () => {
      // Both words are in one article (first, with both), never in this order.
      let r = await search(baseOf(1), { q: 'الأمني التعاون' });
      assert.equal(slugOf(r.results[0]), 'تقرير-الاستخبارات-السنوي');
      await r.page.close();
      r = await search(baseOf(1), { q: '"الأمني التعاون"' });
      assert.deepEqual(r.results, []);
      assert.equal(r.status.trim(), 'لا نتائج');
      const loaded = await r.page.evaluate(() => window.diwanSearch.loaded);
      assert.deepEqual(loaded.filter((f) => f.startsWith('search/docs/')), []);
      assert.ok(loaded.some((f) => f.startsWith('search/terms/')), 'the pair key was looked up');
      await r.page.close();
    });

    test('year filter and the Arabic «no results» message', async () => {
      let r = await search(baseOf(1), { q: 'التعاون', year: '2019' });
      assert.deepEqual(r.results.map(slugOf), ['مكافحة-التطرف-في-أوروبا']);
      // Only a filtered query loads the per-article years and types.
      assert.ok((await r.page.evaluate(() => window.diwanSearch.loaded)).includes('search/facets.js'));
      await r.page.close();
      r = await search(baseOf(1), { q: 'التعاون' });
      assert.ok(!(await r.page.evaluate(() => window.diwanSearch.loaded)).includes('search/facets.js'));
      await r.page.close();
      r = await search(baseOf(1), { q: 'التعاون', year: '2022' });
      assert.deepEqual(r.results.map(slugOf), ['تقرير-الاستخبارات-السنوي']);
      await r.page.close();
      r = await search(baseOf(1), { q: 'زنجبيل' });
      assert.deepEqual(r.results, []);
      assert.equal(r.status.trim(), 'لا نتائج');
      await r.page.close();
    });

    test('the search box of an article page leads to results; keyboard reaches them', async () => {
      const page = await browser.newPage();
      await page.goto(baseOf(1) + 'articles/' + encodeURIComponent('ندوة-عن-الأمن') + '/index.html');
      assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
      await page.fill('#site-search-q', 'الرباط');
      await page.press('#site-search-q', 'Enter');
      await page.waitForSelector('#search-status[data-state="done"]');
      assert.equal(await page.inputValue('#search-q'), 'الرباط');
      await page.focus('#search-q');
      await page.keyboard.press('ArrowDown');
      // The matching entity (a gazetteer place) is shown first, then the articles.
      const entity = await page.evaluate(() => document.activeElement.textContent);
      assert.equal(entity, 'الرباط');
      await page.keyboard.press('ArrowDown');
      const focused = await page.evaluate(() => document.activeElement.textContent);
      assert.equal(focused, 'ندوة عن الأمن');
      await page.keyboard.press('Enter');
      await page.waitForSelector('h1.article-title');
      assert.equal(await page.textContent('h1.article-title'), 'ندوة عن الأمن');
      await page.close();
    });

    test('typing runs the search and puts the query in the URL', async () => {
      const page = await browser.newPage();
      await page.goto(baseOf(1) + 'search/index.html');
      await page.fill('#search-q', 'الأمن');
      await page.waitForSelector('#search-status[data-state="done"]');
      assert.ok(await page.locator('#search-results li').count() >= 2);
      if (transport === 'http') assert.match(decodeURIComponent(page.url()), /\?q=الأمن$/);
      await page.close();
    });
  });
}

test('the browser normalizes and stems exactly as the shared table says', async () => {
  const page = await browser.newPage();
  await page.goto(pathToFileURL(FIXTURE).href + '/search/index.html');
  const got = await page.evaluate((cases) => cases.map((c) => ({
    normalized: window.diwanSearch.text.fold(c.input),
    terms: window.diwanSearch.text.terms(c.input).map((t) => [t.word].concat(t.stems)),
  })), CASES);
  CASES.forEach((c, i) => {
    assert.equal(got[i].normalized, c.normalized, `normalized ${c.input}`);
    assert.deepEqual(got[i].terms, c.terms, `terms ${c.input}`);
  });
  await page.close();
});

test('node runs the same table through the same file', () => {
  const text = require('../../themes/default/static/search.js');
  for (const c of CASES) {
    assert.equal(text.fold(c.input), c.normalized, c.input);
    assert.deepEqual(text.terms(c.input).map((t) => [t.word].concat(t.stems)), c.terms, c.input);
  }
});

