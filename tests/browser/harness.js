// Shared by the browser tests and the benchmark: Debian's Chromium through playwright-core
// (never a downloaded browser), a small static file server on 127.0.0.1, port 0, and
// `diwan serve` started on a free port.
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

async function launch() {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found: install it with apt-get update && apt-get install -y chromium`);
  }
  const { chromium } = require('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Serves `root` over HTTP; resolves to {url, close}. */
function serve(root) {
  const server = http.createServer((req, res) => {
    let rel;
    try {
      rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch (e) {
      res.writeHead(400).end();
      return;
    }
    let file = path.join(root, path.normalize(rel));
    if (!file.startsWith(path.resolve(root))) { res.writeHead(403).end(); return; }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    fs.readFile(file, (err, data) => {
      if (err) { res.writeHead(404).end('not found'); return; }
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
      res.end(data);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({ url: `http://127.0.0.1:${server.address().port}/`, close: () => server.close() });
    });
  });
}

/**
 * Starts `diwan serve` on the site at `root` with a free port; resolves, once it serves, to
 * {url, process}. Rejects with the server's output if it exits or is not up in `timeoutMs`.
 */
function diwanServe(bin, root, timeoutMs) {
  const child = spawn(bin, ['serve', '--root', root, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`diwan serve did not start:\n${log}`)), timeoutMs);
    const onData = (d) => {
      log += d;
      const m = /serving .* at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(log);
      if (m) { clearTimeout(timer); resolve({ url: m[1], process: child }); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`diwan serve exited (${code}):\n${log}`)));
  });
}

/**
 * A screenshot of `page` to `file`, tried up to three times. Under load (the browser tests run
 * side by side on two cores) Chromium's compositor now and then has no frame ready and answers
 * "Unable to capture screenshot"; that says nothing about the page, so wait two frames and a
 * moment, and try again. The last error is thrown.
 */
async function screenshot(page, file) {
  for (let attempt = 1; ; attempt++) {
    try {
      await page.screenshot({ path: file, fullPage: false });
      return;
    } catch (e) {
      if (attempt === 3 || !/Unable to capture screenshot/.test(String(e))) throw e;
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      await new Promise((r) => setTimeout(r, 250 * attempt));
    }
  }
}

module.exports = { launch, serve, diwanServe, screenshot };
