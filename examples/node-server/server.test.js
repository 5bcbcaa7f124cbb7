'use strict';
// Signs real requests with bitcoin-auth 0.0.7 (the reference client, from tests/interop) and
// checks that the server accepts the good ones and answers 401 + the right code otherwise.
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { createRequire } = require('node:module');
const { createServer } = require('./server');

const interop = createRequire(path.join(__dirname, '..', '..', 'tests', 'interop', 'package.json'));
const { getAuthToken } = interop('bitcoin-auth');
const { PrivateKey } = interop('@bsv/sdk');

let server;
let base;
test.before(async () => {
  server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${server.address().port}`;
});
test.after(() => server.close());

const wif = PrivateKey.fromRandom().toWif();
const pubkey = PrivateKey.fromWif(wif).toPublicKey().toString();

async function call(requestPath, { token, body, method = body === undefined ? 'GET' : 'POST' } = {}) {
  const headers = token === undefined ? {} : { 'x-auth-token': token };
  const res = await fetch(base + requestPath, { method, headers, body });
  return { status: res.status, json: await res.json() };
}

for (const scheme of ['bsm', 'brc77']) {
  test(`[${scheme}] a signed GET and a signed POST with a JSON body are accepted`, async () => {
    const p1 = `/api/me?scheme=${scheme}`;
    const r1 = await call(p1, { token: getAuthToken({ privateKeyWif: wif, requestPath: p1, scheme }) });
    assert.equal(r1.status, 200);
    assert.deepEqual(r1.json, { pubkey, scheme, path: p1, bytes: 0 });
    const body = JSON.stringify({ amount: 5, memo: 'héllo' });
    const p2 = `/api/pay?scheme=${scheme}`;
    const r2 = await call(p2, { token: getAuthToken({ privateKeyWif: wif, requestPath: p2, body, scheme }), body });
    assert.equal(r2.status, 200);
    assert.equal(r2.json.bytes, Buffer.byteLength(body));
  });

  test(`[${scheme}] rejections carry the stable code`, async () => {
    const p = `/api/pay?x=${scheme}`;
    const body = '{"amount":5}';
    const good = getAuthToken({ privateKeyWif: wif, requestPath: p, body, scheme });
    assert.deepEqual(await call(p, { body }), { status: 401, json: { error: 'missing_token' } });
    assert.deepEqual(await call(p, { token: good, body: '{"amount":500}' }), { status: 401, json: { error: 'invalid_signature' } });
    assert.deepEqual(await call(`${p}&y=1`, { token: good, body }), { status: 401, json: { error: 'path_mismatch' } });
    const old = getAuthToken({ privateKeyWif: wif, requestPath: p, body, scheme, timestamp: new Date(Date.now() - 600e3).toISOString() });
    assert.deepEqual(await call(p, { token: old, body }), { status: 401, json: { error: 'expired' } });
    const future = getAuthToken({ privateKeyWif: wif, requestPath: p, body, scheme, timestamp: new Date(Date.now() + 600e3).toISOString() });
    assert.deepEqual(await call(p, { token: future, body }), { status: 401, json: { error: 'not_yet_valid' } });
    assert.deepEqual(await call(p, { token: 'garbage', body }), { status: 401, json: { error: 'malformed_token' } });
    // first use accepted, second refused
    assert.equal((await call(p, { token: good, body })).status, 200);
    assert.deepEqual(await call(p, { token: good, body }), { status: 401, json: { error: 'replayed' } });
  });
}

test('[brc77] a token whose pubkey field names someone else is refused (the reference would accept it)', async () => {
  const p = '/api/admin';
  const good = getAuthToken({ privateKeyWif: wif, requestPath: p, scheme: 'brc77' });
  const victim = PrivateKey.fromRandom().toPublicKey().toString();
  const forged = [victim, ...good.split('|').slice(1)].join('|');
  assert.deepEqual(await call(p, { token: forged }), { status: 401, json: { error: 'signer_mismatch' } });
});
