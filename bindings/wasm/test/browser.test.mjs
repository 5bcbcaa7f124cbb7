// A real headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core) loads a page
// served on 127.0.0.1 that creates X-Auth-Tokens with the web build of sigma-auth-wasm and sends
// them to the Node example server (examples/node-server, run in this process on its own
// loopback port; the page server passes /api/* through unchanged, so the page and the API share
// an origin). A good token gets 200 with the page's key; a forged and an expired token get 401
// with their codes. The page's result is saved as a screenshot under target/wasm-browser/.
// With SIGMA_WASM_BENCH=1 the page also times create/verify against bitcoin-auth (printed only).
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { here, root } from './helpers.mjs';

const serverDir = process.env.SIGMA_AUTH_SERVER_DIR || path.join(root, 'examples', 'node-server');
const out = path.join(root, 'target', 'wasm-browser');
const bench = process.env.SIGMA_WASM_BENCH === '1';

const mounts = [
  ['/pkg/', path.join(here, '..', 'pkg', 'web')],
  ['/bench/', path.join(here, '..', 'bench')],
  ['/interop/', path.join(root, 'tests', 'interop', 'node_modules')],
  ['/', path.join(here, 'browser')],
];
const types = { '.html': 'text/html', '.mjs': 'text/javascript', '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };

/** A file under one of the mounts, or null (no path outside them is served). */
function fileFor(urlPath) {
  const p = urlPath === '/' ? '/index.html' : urlPath;
  for (const [prefix, dir] of mounts) {
    if (!p.startsWith(prefix)) continue;
    const file = path.resolve(dir, '.' + decodeURIComponent(p.slice(prefix.length - 1)));
    if (file.startsWith(dir + path.sep) && fs.existsSync(file) && fs.statSync(file).isFile()) return file;
    return null;
  }
  return null;
}

function pageServer(apiPort) {
  return http.createServer((req, res) => {
    const urlPath = req.url.split('?')[0];
    if (urlPath.startsWith('/api/')) {
      // Passed through unchanged: same method, path with query, X-Auth-Token and body.
      const headers = { 'content-type': req.headers['content-type'] || 'application/octet-stream' };
      if (req.headers['x-auth-token'] !== undefined) headers['x-auth-token'] = req.headers['x-auth-token'];
      const up = http.request({ host: '127.0.0.1', port: apiPort, method: req.method, path: req.url, headers }, (r) => {
        res.writeHead(r.statusCode, { 'content-type': r.headers['content-type'] || 'application/json' });
        r.pipe(res);
      });
      up.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      req.pipe(up);
      return;
    }
    const file = fileFor(urlPath);
    if (!file) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
}

const listening = (server) =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server.address().port));
  });

test('a page in headless Chromium signs with the wasm build; the Node example server answers 200, and 401 with codes', { timeout: 300_000 }, async (t) => {
  const { listen } = createRequire(path.join(serverDir, 'server.js'))('./server.js');
  const api = await listen(0);
  const apiPort = api.address().port;
  const pages = pageServer(apiPort);
  const pagePort = await listening(pages);
  fs.mkdirSync(out, { recursive: true });
  const profile = fs.mkdtempSync(path.join(out, 'profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 900, height: 560 },
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`http://127.0.0.1:${pagePort}/${bench ? '?bench' : ''}`);
    await page.waitForFunction(() => window.sigmaDone === true, null, { timeout: 240_000 });
    const error = await page.evaluate(() => window.sigmaError);
    assert.equal(error, undefined, `the page failed: ${error}`);
    assert.deepEqual(errors, []);
    const { pubkey, results } = await page.evaluate(() => window.sigmaResults);
    assert.match(pubkey, /^0[23][0-9a-f]{64}$/);
    const [good, forged, expired] = results;
    assert.equal(good.status, 200, JSON.stringify(good.body));
    assert.equal(good.body.pubkey, pubkey, 'the server saw the key made in the page');
    assert.equal(good.body.scheme, 'brc77');
    assert.equal(good.body.path, '/api/hello?from=browser');
    for (const [r, code] of [[forged, 'signer_mismatch'], [expired, 'expired']]) {
      assert.equal(r.status, 401, r.name);
      assert.equal(r.body.error, 'unauthorized');
      assert.equal(r.body.code, code, r.name);
      assert.ok(r.body.message.length > 0);
    }
    const shot = path.join(out, 'result.png');
    await page.screenshot({ path: shot, fullPage: true });
    assert.ok(fs.statSync(shot).size > 1000);
    t.diagnostic(`screenshot: ${path.relative(root, shot)}`);
    if (bench) {
      const rows = await page.evaluate(() => window.sigmaBench);
      for (const r of rows) t.diagnostic(`browser ${r.op}: ours ${r.oursUs.toFixed(1)} µs, bitcoin-auth ${r.theirsUs.toFixed(1)} µs, ${r.ratio.toFixed(1)}x`);
      fs.writeFileSync(path.join(out, 'bench.json'), JSON.stringify(rows, null, 2));
    }
  } finally {
    await context.close();
    pages.closeAllConnections();
    api.closeAllConnections();
    await new Promise((r) => pages.close(r));
    await new Promise((r) => api.close(r));
    fs.rmSync(profile, { recursive: true, force: true });
  }
});
