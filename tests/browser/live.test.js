// `diwan serve` in real headless Chromium: an open article page reloads by itself when its
// file is edited; a broken edit shows the error overlay with the file and line, the page
// behind it still the last good one; the fix clears the overlay and shows the new text.
// Run by tests/browser.rs, which sets:
//   DIWAN_BIN          the diwan binary
//   DIWAN_LIVE_SITE    a scratch copy of tests/fixtures/basic (edited by this test)
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { launch, diwanServe } = require('./harness');

const BIN = process.env.DIWAN_BIN;
const SITE = process.env.DIWAN_LIVE_SITE;
if (!BIN || !SITE) throw new Error('set DIWAN_BIN and DIWAN_LIVE_SITE (cargo test --test browser does)');

let browser;
let server;
let base;

before(async () => {
  browser = await launch();
  ({ process: server, url: base } = await diwanServe(BIN, SITE, 60000));
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.kill();
});

const ARTICLE = path.join(SITE, 'content/articles/one.md');
const URL_PATH = 'articles/' + encodeURIComponent('المغرب-وإسبانيا-يعززان-التعاون') + '/index.html';

test('an open page reloads after an edit, shows a broken build in an overlay, and recovers', async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(base + URL_PATH);
  assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
  // Give the event stream a moment to connect before the first edit.
  await page.waitForTimeout(300);
  const good = fs.readFileSync(ARTICLE, 'utf8');

  let loads = 0;
  page.on('load', () => { loads += 1; });

  // 1. An edit: the page reloads by itself and shows the new paragraph, once: the rebuild
  //    writes the page early and the page reloads then, not again when the rebuild ends.
  fs.writeFileSync(ARTICLE, good + '\nفقرة أضيفت أثناء المعاينة الحية.\n');
  await page.waitForFunction(() => document.body.textContent.includes('فقرة أضيفت أثناء المعاينة الحية'),
    null, { timeout: 20000 });
  await page.waitForTimeout(1500);
  assert.equal(loads, 1, 'the page should reload exactly once per edit');
  // It was the early event that reloaded it (the client notes the rebuild it reloaded for).
  assert.notEqual(await page.evaluate(() => sessionStorage.getItem('diwan-reloaded-for')), null);

  // 2. A broken edit (a date that does not exist): the overlay names the file and line;
  //    the last good page stays behind it.
  fs.writeFileSync(ARTICLE, good.replace('date = 2021-12-18', 'date = 2021-13-45'));
  const overlay = await page.waitForSelector('#diwan-error-overlay', { timeout: 20000 });
  const text = await overlay.textContent();
  assert.match(text, /content\/articles\/one\.md:3/, text);
  assert.ok(await page.evaluate(() => document.body.textContent.includes('فقرة أضيفت أثناء المعاينة الحية')));

  // 3. The fix: the overlay goes and the page shows the fixed text.
  fs.writeFileSync(ARTICLE, good + '\nنص بعد الإصلاح.\n');
  await page.waitForFunction(() => document.body.textContent.includes('نص بعد الإصلاح'), null, { timeout: 20000 });
  assert.equal(await page.$('#diwan-error-overlay'), null);
  assert.deepEqual(errors, []);
  await page.close();
});
