'use strict';
// Signs real requests with bitcoin-auth 0.0.7 (the reference client) and checks every answer of
// the server: 200 for good tokens, 401 {"error":"unauthorized","code","message"} otherwise
// (missing_token without the header), 400 for a validly signed body that is not a JSON object,
// and that it listens on 127.0.0.1 only. The reference packages come from tests/interop, or from
// the folder in SIGMA_AUTH_INTEROP (scripts/test.d/50-node.sh runs this file from a scratch
// project where sigma-auth-native was installed from its packed file).
const test = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { createRequire } = require('node:module');
const { listen } = require('./server');

const interopDir = process.env.SIGMA_AUTH_INTEROP || path.join(__dirname, '..', '..', 'tests', 'interop');
const interop = createRequire(path.join(interopDir, 'package.json'));
const { getAuthToken } = interop('bitcoin-auth');
const { PrivateKey } = interop('@bsv/sdk');

let server;
let port;
test.before(async () => {
  server = await listen(0);
  port = server.address().port;
});
test.after(() => server.close());

const wif = PrivateKey.fromRandom().toWif();
const pubkey = PrivateKey.fromWif(wif).toPublicKey().toString();

/** One request; `tokens` is a list of X-Auth-Token header lines (none, one or several). */
function call(requestPath, { tokens = [], body, method = body === undefined ? 'GET' : 'POST', host = '127.0.0.1' } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host, port, path: requestPath, method }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
    });
    req.on('error', reject);
    if (tokens.length > 0) req.setHeader('x-auth-token', tokens);
    req.end(body);
  });
}

const refused = (code, message) => ({ status: 401, json: { error: 'unauthorized', code, message } });

/** Compares a reply with refused(code): the message must be a non-empty sentence without the code prefix. */
function assertRefused(got, code) {
  assert.equal(got.status, 401, JSON.stringify(got.json));
  assert.deepEqual(Object.keys(got.json).sort(), ['code', 'error', 'message']);
  assert.equal(got.json.error, 'unauthorized');
  assert.equal(got.json.code, code);
  assert.equal(typeof got.json.message, 'string');
  assert.ok(got.json.message.length > 0 && !got.json.message.startsWith(`${code}:`), got.json.message);
}

test('no X-Auth-Token header (or an empty one): 401 missing_token, not a 500', async () => {
  const expected = refused('missing_token', 'the request has no X-Auth-Token header');
  assert.deepEqual(await call('/api/hello'), expected);
  assert.deepEqual(await call('/api/orders', { body: '{"id":7}' }), expected);
  assert.deepEqual(await call('/api/hello', { tokens: [''] }), expected);
});

test('two X-Auth-Token headers: 401 malformed_token', async () => {
  const p = '/api/hello';
  const t = getAuthToken({ privateKeyWif: wif, requestPath: p, scheme: 'bsm' });
  assert.deepEqual(await call(p, { tokens: [t, t] }), refused('malformed_token', 'the request has more than one X-Auth-Token header'));
});

for (const scheme of ['bsm', 'brc77']) {
  test(`[${scheme}] a signed GET and a signed POST with a JSON object body are accepted`, async () => {
    const p1 = `/api/me?scheme=${scheme}`;
    const r1 = await call(p1, { tokens: [getAuthToken({ privateKeyWif: wif, requestPath: p1, scheme })] });
    assert.equal(r1.status, 200);
    assert.deepEqual(r1.json, { pubkey, scheme, path: p1, bytes: 0 });
    const body = JSON.stringify({ amount: 5, memo: 'héllo' });
    const p2 = `/api/pay?scheme=${scheme}`;
    const r2 = await call(p2, { tokens: [getAuthToken({ privateKeyWif: wif, requestPath: p2, body, scheme })], body });
    assert.equal(r2.status, 200);
    assert.deepEqual(r2.json, { pubkey, scheme, path: p2, bytes: Buffer.byteLength(body), data: { amount: 5, memo: 'héllo' } });
  });

  test(`[${scheme}] a validly signed body that is not a JSON object: 400 bad_request`, async () => {
    for (const body of ['id=7', '[1,2]', 'null', '{"id":']) {
      const p = `/api/orders?scheme=${scheme}&b=${encodeURIComponent(body)}`;
      const got = await call(p, { tokens: [getAuthToken({ privateKeyWif: wif, requestPath: p, body, scheme })], body });
      assert.deepEqual(got, { status: 400, json: { error: 'bad_request', message: 'the body is not a JSON object' } }, body);
    }
  });

  test(`[${scheme}] rejections are 401 with the stable code and a sentence`, async () => {
    const p = `/api/pay?x=${scheme}`;
    const body = '{"amount":5}';
    const good = getAuthToken({ privateKeyWif: wif, requestPath: p, body, scheme });
    assertRefused(await call(p, { tokens: [good], body: '{"amount":500}' }), 'invalid_signature');
    assertRefused(await call(`${p}&y=1`, { tokens: [good], body }), 'path_mismatch');
    const old = getAuthToken({ privateKeyWif: wif, requestPath: p, body, scheme, timestamp: new Date(Date.now() - 600e3).toISOString() });
    assertRefused(await call(p, { tokens: [old], body }), 'expired');
    const future = getAuthToken({ privateKeyWif: wif, requestPath: p, body, scheme, timestamp: new Date(Date.now() + 600e3).toISOString() });
    assertRefused(await call(p, { tokens: [future], body }), 'not_yet_valid');
    assertRefused(await call(p, { tokens: ['garbage'], body }), 'malformed_token');
    // first use accepted, second refused
    assert.equal((await call(p, { tokens: [good], body })).status, 200);
    assert.deepEqual(await call(p, { tokens: [good], body }), refused('replayed', 'the token was already used'));
  });
}

test('[brc77] a token whose pubkey field names someone else is refused (the reference would accept it)', async () => {
  const p = '/api/admin';
  const good = getAuthToken({ privateKeyWif: wif, requestPath: p, scheme: 'brc77' });
  const victim = PrivateKey.fromRandom().toPublicKey().toString();
  const forged = [victim, ...good.split('|').slice(1)].join('|');
  assertRefused(await call(p, { tokens: [forged] }), 'signer_mismatch');
});

test('listen() binds 127.0.0.1 only', async () => {
  assert.equal(server.address().address, '127.0.0.1');
  // Another address of this machine, if it has one, must refuse the connection.
  const other = Object.values(os.networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal);
  if (other) {
    const error = await new Promise((resolve) => {
      const s = net.connect({ host: other.address, port }, () => { s.destroy(); resolve(null); });
      s.on('error', resolve);
    });
    assert.equal(error && error.code, 'ECONNREFUSED', `reachable on ${other.address}`);
  }
});

test('node server.js prints the address it really listens on, 127.0.0.1', async () => {
  const child = spawn(process.execPath, [path.join(__dirname, 'server.js')], { env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const line = await new Promise((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (c) => {
        out += c;
        if (out.includes('\n')) resolve(out.split('\n')[0]);
      });
      child.on('exit', (code) => reject(new Error(`server.js exited with ${code}`)));
    });
    const m = /^listening on http:\/\/127\.0\.0\.1:(\d+)$/.exec(line);
    assert.ok(m, line);
    const res = await fetch(`http://127.0.0.1:${m[1]}/api/hello`);
    assert.deepEqual({ status: res.status, json: await res.json() }, refused('missing_token', 'the request has no X-Auth-Token header'));
  } finally {
    child.kill();
  }
});
