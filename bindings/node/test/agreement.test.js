'use strict';
// verify, verifyAsync, verifyBatch and verifyBatchAsync give the same answer on every case:
// the reference vectors plus random valid and tampered tokens from both generators.
const test = require('node:test');
const assert = require('node:assert/strict');
const { sigma, reference, vectors, rng } = require('./helpers');

const { bitcoinAuth, sdk } = reference();
const r = rng(77);

const norm = (x) =>
  x instanceof sigma.AuthTokenError
    ? { code: x.code }
    : { pubkey: x.pubkey, scheme: x.scheme, timestamp: x.timestamp.toISOString(), replayId: x.replayId };

function syncOne(item, options) {
  try {
    return norm(sigma.verify(item.token, { ...item, ...options }));
  } catch (e) {
    assert.ok(e instanceof sigma.AuthTokenError, String(e));
    return norm(e);
  }
}

async function asyncOne(item, options) {
  try {
    return norm(await sigma.verifyAsync(item.token, { ...item, ...options }));
  } catch (e) {
    assert.ok(e instanceof sigma.AuthTokenError, String(e));
    return norm(e);
  }
}

function groups() {
  const out = [];
  // 1. every vector case, grouped by its "now" and pad
  const byKey = new Map();
  for (const c of vectors().bitcoin_auth.verification_cases) {
    const now = Date.parse(c.target.timestamp);
    if (!Number.isFinite(now) || c.timePad < 0) continue;
    const pad = Math.trunc(c.timePad) * 60;
    const key = `${now}/${pad}`;
    if (!byKey.has(key)) byKey.set(key, { options: { now, maxAgeSeconds: pad, maxSkewSeconds: pad }, items: [] });
    byKey.get(key).items.push({
      token: c.token,
      requestPath: c.target.requestPath,
      body: c.target.body,
      bodyEncoding: c.bodyEncoding,
    });
  }
  out.push(...byKey.values());
  // 2. random tokens, valid and tampered, around one fixed instant
  const now = Date.UTC(2030, 5, 1, 12, 0, 0);
  const items = [];
  for (let i = 0; i < 300; i++) {
    const key = sdk.PrivateKey.fromRandom();
    const scheme = r.pick(['bsm', 'brc77']);
    const requestPath = `/r/${i}?q=${r.u32()}`;
    const bytes = r.bytes(r.int(64));
    const [body, bodyEncoding] = r.pick([[undefined, 'utf8'], [bytes.toString('hex'), 'hex'], [bytes.toString('base64'), 'base64'], [`text ${i} é`, 'utf8'], [bytes, 'utf8']]);
    const ts = new Date(now + (r.int(1200) - 600) * 1000).toISOString();
    const bodyText = Buffer.isBuffer(body) ? body.toString('base64') : body;
    const enc = Buffer.isBuffer(body) ? 'base64' : bodyEncoding;
    const config = { requestPath, body: bodyText, bodyEncoding: enc, scheme, timestamp: ts };
    const token = r.int(2) ? bitcoinAuth.getAuthToken({ privateKeyWif: key.toWif(), ...config }) : sigma.getAuthToken({ privateKeyWif: key.toWif(), ...config });
    const item = { token, requestPath, body, bodyEncoding: Buffer.isBuffer(body) ? undefined : bodyEncoding };
    switch (r.int(6)) {
      case 0:
        item.requestPath += 'x';
        break;
      case 1:
        item.body = 'tampered';
        item.bodyEncoding = 'utf8';
        break;
      case 2:
        item.token = token.replace(/\|[^|]*$/, '|!!');
        break;
      case 3:
        item.token = `${sdk.PrivateKey.fromRandom().toPublicKey().toString()}|${token.split('|').slice(1).join('|')}`;
        break;
      default:
        break;
    }
    items.push(item);
  }
  out.push({ options: { now: new Date(now) }, items });
  return out;
}

test('sync, async, batch and async batch agree on every case', async () => {
  let total = 0;
  const seen = new Set();
  for (const g of groups()) {
    const sync = g.items.map((it) => syncOne(it, g.options));
    const asyncs = await Promise.all(g.items.map((it) => asyncOne(it, g.options)));
    const batch = sigma.verifyBatch(g.items, g.options).map(norm);
    const batchAsync = (await sigma.verifyBatchAsync(g.items, g.options)).map(norm);
    assert.deepEqual(asyncs, sync);
    assert.deepEqual(batch, sync);
    assert.deepEqual(batchAsync, sync);
    total += g.items.length;
    for (const s of sync) seen.add(s.code ?? 'ok');
  }
  assert.ok(total >= 350, `cases: ${total}`);
  // the cases cover success and the main failure codes
  for (const code of ['ok', 'path_mismatch', 'invalid_signature', 'expired', 'not_yet_valid', 'signer_mismatch', 'bad_signature_encoding', 'bad_pubkey', 'malformed_token', 'unsupported_scheme', 'bad_body']) {
    assert.ok(seen.has(code), `no case produced ${code}`);
  }
});

test('a batch keeps input order, including items that fail before verification', () => {
  const key = sigma.PrivateKey.generate();
  const now = Date.now();
  const items = [];
  for (let i = 0; i < 50; i++) {
    const requestPath = `/order/${i}`;
    items.push({ token: sigma.createToken(key, { requestPath, scheme: i % 2 ? 'bsm' : 'brc77', timestamp: now }), requestPath });
  }
  items[7].bodyEncoding = 'latin1';
  items[7].body = 'x';
  items[13].token = 'nonsense';
  const out = sigma.verifyBatch(items, { now });
  assert.equal(out.length, 50);
  out.forEach((o, i) => {
    if (i === 7) assert.equal(o.code, 'unsupported_body_encoding');
    else if (i === 13) assert.equal(o.code, 'malformed_token');
    else assert.equal(o.scheme, i % 2 ? 'bsm' : 'brc77');
  });
  assert.deepEqual(sigma.verifyBatch([], {}), []);
});

test('verifyAsync and verifyBatchAsync settle from other threads, after the event loop has turned', async () => {
  const key = sigma.PrivateKey.generate();
  const now = Date.now();
  const items = Array.from({ length: 200 }, (_, i) => {
    const requestPath = `/async/${i}`;
    return { token: sigma.createToken(key, { requestPath, timestamp: now }), requestPath };
  });
  // A promise that was already settled when the call returned would resume before any
  // setImmediate callback; work finished on another thread (the libuv pool's, or a batch's
  // last worker) resumes after one.
  for (const start of [() => sigma.verifyBatchAsync(items, { now }), () => sigma.verifyAsync(items[0].token, { ...items[0], now })]) {
    let turned = false;
    const p = start();
    setImmediate(() => {
      turned = true;
    });
    const out = await p;
    assert.equal(turned, true);
    assert.ok(Array.isArray(out) ? out.every((o) => o.scheme === 'brc77') : out.scheme === 'brc77');
  }
});

test('a batch answer has the shape of a single one: the same keys in the same order, a Date, AuthTokenError with code', async () => {
  const key = sigma.PrivateKey.generate();
  const now = Date.now();
  const token = sigma.createToken(key, { requestPath: '/shape', body: 'b', scheme: 'bsm', timestamp: now });
  const one = sigma.verify(token, { requestPath: '/shape', body: 'b', now });
  const items = [{ token, requestPath: '/shape', body: Buffer.from('b') }, { token, requestPath: '/other' }];
  for (const [ok, bad] of [sigma.verifyBatch(items, { now }), await sigma.verifyBatchAsync(items, { now })]) {
    assert.deepEqual(Object.keys(ok), Object.keys(one));
    assert.deepEqual(Object.keys(ok), ['pubkey', 'scheme', 'timestamp', 'replayId']);
    assert.ok(ok.timestamp instanceof Date);
    assert.equal(ok.timestamp.getTime(), one.timestamp.getTime());
    assert.equal(ok.pubkey, key.publicKey().toHex());
    assert.equal(ok.replayId, one.replayId);
    assert.ok(bad instanceof sigma.AuthTokenError);
    assert.equal(bad.code, 'path_mismatch');
  }
});
