'use strict';
// Runs express.js (the README's Express snippet) with express 5.3.0 and sigma-auth-native
// installed beside it, and checks its answers: 401 missing_token without the header; 200 for a
// token signed for the full path (mount path /api included: req.originalUrl) and the raw body;
// 401 path_mismatch for a token signed for the path without the mount (what req.url would give);
// 400 for a validly signed body that is not JSON.
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { spawn } = require('node:child_process');
const sigma = require('sigma-auth-native');

let child;
let base;
test.before(async () => {
  child = spawn(process.execPath, [path.join(__dirname, 'express.js')], { env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c) => {
      out += c;
      if (out.includes('\n')) resolve(out.split('\n')[0]);
    });
    child.on('exit', (code) => reject(new Error(`express.js exited with ${code}`)));
  });
  const m = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
  assert.ok(m, line);
  base = m[1];
});
test.after(() => child.kill());

async function post(requestPath, { token, body }) {
  const headers = { 'content-type': 'application/json', ...(token === undefined ? {} : { 'x-auth-token': token }) };
  const res = await fetch(base + requestPath, { method: 'POST', headers, body });
  return { status: res.status, json: await res.json() };
}

const key = sigma.PrivateKey.generate();

test('no X-Auth-Token header: 401 missing_token (not a 500)', async () => {
  assert.deepEqual(await post('/api/orders', { body: '{"id":7}' }), {
    status: 401,
    json: { error: 'unauthorized', code: 'missing_token', message: 'the request has no X-Auth-Token header' },
  });
});

test('signed for the full path (req.originalUrl) and the raw body: 200; for the unmounted path: 401 path_mismatch', async () => {
  const body = '{ "id": 7 }\n'; // spaces and newline: only the raw bytes verify
  const ok = await post('/api/orders?x=1', { token: sigma.createToken(key, { requestPath: '/api/orders?x=1', body }), body });
  assert.deepEqual(ok, { status: 200, json: { pubkey: key.publicKey().toHex(), order: { id: 7 } } });
  const unmounted = await post('/api/orders?x=1', { token: sigma.createToken(key, { requestPath: '/orders?x=1', body }), body });
  assert.equal(unmounted.status, 401);
  assert.equal(unmounted.json.code, 'path_mismatch');
  const tampered = await post('/api/orders', { token: sigma.createToken(key, { requestPath: '/api/orders', body }), body: '{"id":8}' });
  assert.equal(tampered.json.code, 'invalid_signature');
});

test('a validly signed body that is not JSON: 400 bad_request', async () => {
  const body = 'id=7';
  assert.deepEqual(await post('/api/orders', { token: sigma.createToken(key, { requestPath: '/api/orders', body }), body }), {
    status: 400,
    json: { error: 'bad_request', message: 'the body is not JSON' },
  });
});
