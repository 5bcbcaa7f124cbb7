'use strict';
// Runs plain-http.js (the README's Node snippet) as a user would, with sigma-auth-native
// installed beside it, and checks its answers: 401 missing_token without the header, 200 with a
// token made by createToken for this path and body, 401 with the reason code otherwise.
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { spawn } = require('node:child_process');
const sigma = require('sigma-auth-native');

let child;
let base;
test.before(async () => {
  child = spawn(process.execPath, [path.join(__dirname, 'plain-http.js')], { env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c) => {
      out += c;
      if (out.includes('\n')) resolve(out.split('\n')[0]);
    });
    child.on('exit', (code) => reject(new Error(`plain-http.js exited with ${code}`)));
  });
  const m = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
  assert.ok(m, line);
  base = m[1];
});
test.after(() => child.kill());

async function call(requestPath, { token, body } = {}) {
  const headers = token === undefined ? {} : { 'x-auth-token': token };
  const res = await fetch(base + requestPath, { method: body === undefined ? 'GET' : 'POST', headers, body });
  return { status: res.status, json: await res.json() };
}

test('no X-Auth-Token header: 401 missing_token (not a 500)', async () => {
  assert.deepEqual(await call('/api/hello'), {
    status: 401,
    json: { error: 'unauthorized', code: 'missing_token', message: 'the request has no X-Auth-Token header' },
  });
});

test('a token for this path and body: 200 with the signer; another body: 401 invalid_signature', async () => {
  const key = sigma.PrivateKey.generate();
  const requestPath = '/api/orders?id=7';
  const body = '{"id":7}';
  const token = sigma.createToken(key, { requestPath, body });
  const ok = await call(requestPath, { token, body });
  assert.equal(ok.status, 200);
  assert.equal(ok.json.pubkey, key.publicKey().toHex());
  assert.match(ok.json.replayId, /^[0-9a-f]{64}$/);
  const bad = await call(requestPath, { token, body: '{"id":8}' });
  assert.equal(bad.status, 401);
  assert.equal(bad.json.error, 'unauthorized');
  assert.equal(bad.json.code, 'invalid_signature');
  assert.equal((await call('/api/orders?id=8', { token, body })).json.code, 'path_mismatch');
});
