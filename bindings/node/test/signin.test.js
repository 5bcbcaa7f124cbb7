'use strict';
// Sign in with Sigma: exchangeCodeForTokens (exchange.js) against a local HTTP stub, its token
// checked by the reference bitcoin-auth over the bytes the stub received; and the hardened
// provider check (better-auth.js) driven as Better Auth drives a `before` hook.
const test = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const { sigma, reference } = require('./helpers');
const { exchangeCodeForTokens, TOKEN_PATH } = require('../exchange.js');
const { sigmaTokenCheck, hardenSigmaProvider, MemoryReplayStore } = require('../better-auth.js');

/** A stub issuer: answers the token and userinfo endpoints with `answers[path]`, records requests. */
async function stub(answers) {
  const seen = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks) });
      const [status, body] = answers[req.url] ?? [404, { error: 'not_found' }];
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { base: `http://127.0.0.1:${server.address().port}`, seen, close: () => new Promise((r) => server.close(r)) };
}

const key = sigma.PrivateKey.generate();
const options = (base) => ({ code: 'the code', redirectUri: 'https://app.example/cb?x=1', clientId: 'app', memberPrivateKey: key.toWif(), codeVerifier: 'v3rifier', issuerUrl: base });

test('exchangeCodeForTokens signs the exact form bytes it sends (the reference accepts them), then reads userinfo', async () => {
  const s = await stub({
    [TOKEN_PATH]: [200, { access_token: 'at', id_token: 'a.b.c', refresh_token: 'rt', expires_in: 3600 }],
    '/api/auth/oauth2/userinfo': [200, { sub: 'u1', name: 'N' }],
  });
  try {
    const r = await exchangeCodeForTokens(options(s.base));
    assert.deepEqual(r, { user: { sub: 'u1', name: 'N' }, access_token: 'at', id_token: 'a.b.c', refresh_token: 'rt', expires_in: 3600 });
    const [tok, info] = s.seen;
    assert.equal(tok.method, 'POST');
    assert.equal(tok.headers['content-type'], 'application/x-www-form-urlencoded');
    // The body is the plugin's: URLSearchParams of the five fields, in its order.
    assert.equal(tok.body.toString(), 'grant_type=authorization_code&code=the+code&redirect_uri=https%3A%2F%2Fapp.example%2Fcb%3Fx%3D1&client_id=app&code_verifier=v3rifier');
    const token = tok.headers['x-auth-token'];
    const { bitcoinAuth } = reference();
    assert.equal(bitcoinAuth.parseAuthToken(token).pubkey, key.publicKey().toHex());
    const now = new Date().toISOString();
    assert.equal(bitcoinAuth.verifyAuthToken(token, { requestPath: TOKEN_PATH, timestamp: now, body: tok.body.toString() }), true);
    assert.equal(bitcoinAuth.verifyAuthToken(token, { requestPath: TOKEN_PATH, timestamp: now, body: `${tok.body}&x=1` }), false);
    assert.equal(info.headers.authorization, 'Bearer at');
  } finally {
    await s.close();
  }
});

test('exchangeCodeForTokens rejects as the plugin does: { error, details, status, endpoint }', async () => {
  const s = await stub({ [TOKEN_PATH]: [401, { error: 'invalid_client', error_description: 'signer_mismatch' }] });
  try {
    await assert.rejects(exchangeCodeForTokens(options(s.base)), { error: 'invalid_client', details: 'signer_mismatch', status: 401, endpoint: TOKEN_PATH });
  } finally {
    await s.close();
  }
  const t = await stub({ [TOKEN_PATH]: [200, { access_token: 'at' }] });
  try {
    await assert.rejects(exchangeCodeForTokens(options(t.base)), { error: 'Missing id_token in token response', status: 500 });
  } finally {
    await t.close();
  }
  await assert.rejects(exchangeCodeForTokens({ ...options('http://127.0.0.1:9'), code: '' }), TypeError);
});

// ---- the provider check

const member = sigma.PrivateKey.generate();
const client = { clientId: 'app', memberPubkey: member.publicKey().toHex() };
const adapter = { findMany: async ({ where }) => (where[0].value === client.clientId ? [client] : []) };
const form = Buffer.from('grant_type=authorization_code&code=c&redirect_uri=https%3A%2F%2Fa%2Fcb&client_id=app&code_verifier=v');

/** Runs the check's onRequest and hook as Better Auth does for one token request. */
async function call(check, { token, body = form, raw = body }) {
  const request = new Request('http://127.0.0.1/api/auth/oauth2/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(token ? { 'x-auth-token': token } : {}) },
    body: raw,
  });
  assert.equal(await check.onRequest(request), undefined);
  const ctx = { path: '/oauth2/token', request, headers: request.headers, body: Object.fromEntries(new URLSearchParams(body.toString())), context: { adapter } };
  assert.ok(check.hook.matcher(ctx));
  try {
    return await check.hook.handler(ctx);
  } catch (e) {
    return e;
  }
}

const refusal = (e) => [e.name, e.statusCode, e.body?.error, e.body?.error_description];

test('the provider check accepts the member key, once', async () => {
  const check = sigmaTokenCheck();
  const token = sigma.createToken(member, { requestPath: TOKEN_PATH, body: form });
  const ok = await call(check, { token });
  assert.equal(ok.context.body.client_id, 'app');
  assert.deepEqual(refusal(await call(check, { token })), ['APIError', 401, 'invalid_client', 'replayed']);
});

test('the provider check refuses what the stock hook accepts, with our reason codes', async () => {
  const check = sigmaTokenCheck();
  // A brc77 envelope signed by another key, its pubkey field naming the member key.
  const other = sigma.parseAuthToken(sigma.createToken(sigma.PrivateKey.generate(), { requestPath: TOKEN_PATH, body: form }));
  const forged = [client.memberPubkey, other.scheme, other.timestamp, other.requestPath, other.signature].join('|');
  assert.deepEqual(refusal(await call(check, { token: forged })), ['APIError', 401, 'invalid_client', 'signer_mismatch']);
  const old = sigma.createToken(member, { requestPath: TOKEN_PATH, body: form, timestamp: Date.now() - 3600_000 });
  assert.deepEqual(refusal(await call(check, { token: old })), ['APIError', 401, 'invalid_client', 'expired']);
  // Another key, honestly named: not the client's.
  const stranger = sigma.createToken(sigma.PrivateKey.generate(), { requestPath: TOKEN_PATH, body: form });
  assert.deepEqual(refusal(await call(check, { token: stranger })), ['APIError', 401, 'invalid_client', 'signer_mismatch']);
  // The raw bytes differ from the signed ones, the parsed fields do not (a re-serialization would pass).
  const token = sigma.createToken(member, { requestPath: TOKEN_PATH, body: form });
  const spelled = Buffer.from(form.toString().replace('%3A', '%3a'));
  assert.deepEqual(refusal(await call(check, { token, raw: spelled })), ['APIError', 401, 'invalid_client', 'invalid_signature']);
  assert.deepEqual(refusal(await call(check, {})), ['APIError', 401, 'invalid_client', 'missing_token']);
});

test('the default store is the native ReplayGuard: full, it refuses with replay_store_full', async () => {
  const verifier = new sigma.Verifier();
  const check = sigmaTokenCheck({ verifier, replayStore: new sigma.ReplayGuard(verifier, 1) });
  const first = sigma.createToken(member, { requestPath: TOKEN_PATH, body: form });
  assert.equal((await call(check, { token: first })).context.body.client_id, 'app');
  const second = sigma.createToken(member, { requestPath: TOKEN_PATH, body: form, timestamp: Date.now() - 1000 });
  assert.deepEqual(refusal(await call(check, { token: second })), ['APIError', 401, 'invalid_client', 'replay_store_full']);
  assert.throws(() => sigmaTokenCheck({ replayStore: {} }), TypeError);
});

test('a fleet store is used; one that throws or rejects refuses with replay_store_unavailable, never a 500', async () => {
  const seen = [];
  const fleet = { insertIfAbsent: async (id, ttlMs) => (seen.push([id, ttlMs]), seen.length === 1) };
  const check = sigmaTokenCheck({ replayStore: fleet });
  const token = sigma.createToken(member, { requestPath: TOKEN_PATH, body: form });
  assert.equal((await call(check, { token })).context.body.client_id, 'app');
  assert.deepEqual(refusal(await call(check, { token })), ['APIError', 401, 'invalid_client', 'replayed']);
  assert.match(seen[0][0], /^[0-9a-f]{64}$/);
  assert.equal(seen[0][0], seen[1][0]);
  for (const broken of [
    { insertIfAbsent: async () => { throw new Error('ECONNREFUSED 127.0.0.1:6379'); } },
    { insertIfAbsent: () => { throw new TypeError('boom'); } },
    { insertIfAbsent: () => Promise.reject(new Error('timeout')) },
  ]) {
    const c = sigmaTokenCheck({ replayStore: broken });
    const t = sigma.createToken(member, { requestPath: TOKEN_PATH, body: form });
    assert.deepEqual(refusal(await call(c, { token: t })), ['APIError', 401, 'invalid_client', 'replay_store_unavailable']);
  }
});

test('MemoryReplayStore fails closed when full', () => {
  const store = new MemoryReplayStore(2);
  assert.equal(store.insertIfAbsent('a', 60000), true);
  assert.equal(store.insertIfAbsent('a', 60000), false);
  assert.equal(store.insertIfAbsent('b', 60000), true);
  assert.throws(() => store.insertIfAbsent('c', 60000), { code: 'replay_store_full' });
});

test('hardenSigmaProvider replaces only the /oauth2/token before hook', () => {
  const other = { matcher: (ctx) => ctx.path === '/sign-in/sigma', handler: async () => {} };
  const stock = { matcher: (ctx) => ctx.path === '/oauth2/token', handler: async () => {} };
  const plugin = { id: 'sigma', hooks: { before: [stock, other], after: [] }, endpoints: { e: 1 } };
  const hardened = hardenSigmaProvider(plugin);
  assert.equal(hardened.id, 'sigma');
  assert.equal(hardened.endpoints, plugin.endpoints);
  assert.equal(hardened.hooks.before.length, 2);
  assert.ok(!hardened.hooks.before.includes(stock));
  assert.ok(hardened.hooks.before.includes(other));
  assert.equal(typeof hardened.onRequest, 'function');
});
