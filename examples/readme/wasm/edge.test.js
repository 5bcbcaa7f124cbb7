// Runs the README's edge middleware (edge.js) on real Request objects: a token made by
// bitcoin-auth 0.0.7 (tests/interop) passes; one for another path, an old one and a request
// without the header get 401 in the one 401 shape with their codes.
import test from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { middleware } from './edge.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const interop = createRequire(path.join(root, 'tests', 'interop', 'package.json'));
const { getAuthToken } = interop('bitcoin-auth');
const { PrivateKey } = interop('@bsv/sdk');
const wif = PrivateKey.fromRandom().toWif();

const request = (pathAndQuery, token, body) =>
  new Request(`https://edge.example${pathAndQuery}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: token === undefined ? {} : { 'x-auth-token': token },
    body,
  });
const token = (requestPath, body, timestamp) => getAuthToken({ privateKeyWif: wif, requestPath, body, timestamp });

async function refused(res, code) {
  assert.ok(res instanceof Response);
  assert.equal(res.status, 401);
  const json = await res.json();
  assert.equal(json.error, 'unauthorized');
  assert.equal(json.code, code);
  assert.ok(json.message.length > 0);
}

test('a good token goes on; another path, an old token and no header get 401 with their codes', async () => {
  assert.equal(await middleware(request('/api/x?y=1', token('/api/x?y=1', '{"a":1}'), '{"a":1}')), undefined);
  assert.equal(await middleware(request('/api/x', token('/api/x'))), undefined);
  await refused(await middleware(request('/api/x', token('/api/other'))), 'path_mismatch');
  await refused(await middleware(request('/api/x', token('/api/x', undefined, new Date(Date.now() - 600_000).toISOString()))), 'expired');
  await refused(await middleware(request('/api/x?y=1', token('/api/x?y=1', '{"a":1}'), '{"a":2}')), 'invalid_signature');
  await refused(await middleware(request('/api/x')), 'malformed_token');
});
