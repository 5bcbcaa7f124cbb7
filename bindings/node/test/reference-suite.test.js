'use strict';
// The bitcoin-auth repository's own test expectations, run against our drop-in.
//
// The repository's tests are not on this machine. Their expectations were reconstructed from
// reading b-open-io/bitcoin-auth test/auth.test.ts, test/brc77-tampering.test.ts and
// test/static-vectors.test.ts (through a source index), from the spec section 1.5, and from the
// behaviour of the reference source (tests/interop/node_modules/bitcoin-auth/dist/index.js).
// auth.test.ts was written for an older positional API (getAuthToken(wif, path, mode, body),
// four-field tokens); its expectations are restated here for 0.0.7's config object and
// five-field tokens. Like the original, it passes the "mode" ('bsv' / 'bsm') as the 4th
// argument of verifyAuthToken, which 0.0.7 reads as the body encoding.
//
// Each expectation is checked against the reference itself AND against us. Where we differ, the
// deliberate difference is named (README "Deliberate differences").
const test = require('node:test');
const assert = require('node:assert/strict');
const { sigma, reference } = require('./helpers');

const { bitcoinAuth: ref, sdk } = reference();
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const pathNoQuery = '/test/auth_path';
const pathQuery = '/test/auth_path?param1=value1&another=val2&third=true';
const body = JSON.stringify({ data: 'testPayload', value: 123 });

/** Checks `fn(module)` against the reference's expected value, and against ours (same, or the named difference). */
function expectBoth(fn, expected, difference) {
  if (expected === 'throws') {
    assert.throws(() => fn(ref), 'the reference itself throws');
  } else {
    assert.equal(fn(ref), expected, 'the reference itself');
  }
  const ours = fn(sigma);
  if (difference) {
    assert.equal(ours, difference.ours, `ours, deliberate difference: ${difference.name}`);
  } else {
    assert.equal(ours, expected, 'ours');
  }
}

const wifNow = () => sdk.PrivateKey.fromRandom().toWif();

for (const scheme of ['brc77', 'bsm']) {
  const mode = scheme === 'brc77' ? 'bsv' : 'bsm';

  test(`[${scheme}] generates a parseable token with and without body and query`, () => {
    const key = sdk.PrivateKey.fromRandom();
    for (const [requestPath, b] of [[pathNoQuery, body], [pathQuery, body], [pathNoQuery, undefined]]) {
      const token = sigma.getAuthToken({ privateKeyWif: key.toWif(), requestPath, body: b, scheme });
      assert.equal(typeof token, 'string');
      const parsed = sigma.parseAuthToken(token);
      assert.equal(parsed.pubkey, key.toPublicKey().toString());
      assert.equal(parsed.requestPath, requestPath);
      assert.equal(parsed.scheme, scheme);
      assert.match(parsed.timestamp, ISO);
      assert.ok(parsed.signature.length > 0);
      // and the reference accepts what we generated
      assert.equal(ref.verifyAuthToken(token, { requestPath, timestamp: parsed.timestamp, body: b }), true);
    }
  });

  test(`[${scheme}] valid token with body verifies (target.timestamp = token timestamp, mode passed as 4th argument)`, () => {
    const wif = wifNow();
    for (const requestPath of [pathNoQuery, pathQuery]) {
      const token = ref.getAuthToken({ privateKeyWif: wif, requestPath, body, scheme });
      const target = { requestPath, timestamp: ref.parseAuthToken(token).timestamp, body };
      // 0.0.7 reads 'bsv' / 'bsm' as an unknown body encoding and hashes the body as UTF-8;
      // we refuse an unknown encoding unless { compat: true }.
      expectBoth((m) => m.verifyAuthToken(token, target, 5, mode), true, { name: 'strict-body-encoding', ours: false });
      assert.equal(sigma.verifyAuthToken(token, target, 5, mode, { compat: true }), true);
      expectBoth((m) => m.verifyAuthToken(token, target, 5), true);
    }
  });

  test(`[${scheme}] body mismatch is refused`, () => {
    const token = ref.getAuthToken({ privateKeyWif: wifNow(), requestPath: pathNoQuery, body, scheme });
    const target = { requestPath: pathNoQuery, timestamp: ref.parseAuthToken(token).timestamp, body: 'different body' };
    expectBoth((m) => m.verifyAuthToken(token, target, 5, mode), false);
    expectBoth((m) => m.verifyAuthToken(token, target), false);
  });
}

test('[bsm] a token assembled by hand with BSM.sign verifies, with and without body; a BRC-77 envelope in a bsm token throws', () => {
  const key = sdk.PrivateKey.fromRandom();
  const { toArray, toHex, toBase64 } = sdk.Utils;
  const ts = new Date().toISOString();
  const bodyHash = toHex(sdk.Hash.sha256(toArray(body, 'utf8')));
  const message = `${pathQuery}|${ts}|${bodyHash}`;
  const sig = sdk.BSM.sign(toArray(message, 'utf8'), key);
  const pub = key.toPublicKey().toString();
  const token = `${pub}|bsm|${ts}|${pathQuery}|${sig}`;
  const target = { requestPath: pathQuery, timestamp: ts, body };
  expectBoth((m) => m.verifyAuthToken(token, target, 5), true);
  const envelope = toBase64(sdk.SignedMessage.sign(toArray(message, 'utf8'), key));
  const bad = `${pub}|bsm|${ts}|${pathQuery}|${envelope}`;
  expectBoth((m) => m.verifyAuthToken(bad, target, 5), 'throws', { name: 'no-throw', ours: false });
  assert.throws(() => sigma.verify(bad, { requestPath: pathQuery, body }), { code: 'bad_signature_encoding' });

  const noBodyMessage = `${pathQuery}|${ts}|`;
  const token2 = `${pub}|bsm|${ts}|${pathQuery}|${sdk.BSM.sign(toArray(noBodyMessage, 'utf8'), key)}`;
  expectBoth((m) => m.verifyAuthToken(token2, { requestPath: pathQuery, timestamp: ts }, 5), true);
});

test('time: a token 10 minutes ahead of target.timestamp is refused; 4 minutes ahead is accepted', () => {
  const wif = wifNow();
  const now = new Date();
  const token = ref.getAuthToken({ privateKeyWif: wif, requestPath: pathNoQuery, timestamp: now.toISOString() });
  const minus = (min) => new Date(now.getTime() - min * 60000).toISOString();
  expectBoth((m) => m.verifyAuthToken(token, { requestPath: pathNoQuery, timestamp: minus(10) }, 5), false);
  expectBoth((m) => m.verifyAuthToken(token, { requestPath: pathNoQuery, timestamp: minus(4) }, 5), true);
});

test('mismatched path, malformed token and invalid pubkey are refused (false, no throw)', () => {
  const wif = wifNow();
  const token = ref.getAuthToken({ privateKeyWif: wif, requestPath: pathNoQuery });
  const ts = ref.parseAuthToken(token).timestamp;
  expectBoth((m) => m.verifyAuthToken(token, { requestPath: '/different/path', timestamp: ts }, 5), false);
  const now = new Date().toISOString();
  expectBoth((m) => m.verifyAuthToken('pubkey|timestamp|path', { requestPath: pathNoQuery, timestamp: now }, 5), false);
  expectBoth(
    (m) => m.verifyAuthToken(`invalid-pubkey-string|brc77|${now}|${pathNoQuery}|somesignature`, { requestPath: pathNoQuery, timestamp: now }, 5),
    false,
  );
});

test('parseAuthToken returns the five fields of a well-formed token', () => {
  const pub = sdk.PrivateKey.fromRandom().toPublicKey().toString();
  const now = new Date().toISOString();
  const token = `${pub}|bsm|${now}|${pathNoQuery}|testSignatureBase64`;
  for (const m of [ref, sigma]) {
    assert.deepEqual(m.parseAuthToken(token), { pubkey: pub, scheme: 'bsm', timestamp: now, requestPath: pathNoQuery, signature: 'testSignatureBase64' });
    // the older four-field form is not a token in 0.0.7
    assert.equal(m.parseAuthToken(`${pub}|${now}|${pathNoQuery}|sig`), null);
  }
});

test('BRC-77 tampering: a tampered body fails, the correct body passes (target.timestamp from the token)', () => {
  const wif = wifNow();
  const original = JSON.stringify({ message: 'original content' });
  const token = ref.getAuthToken({ privateKeyWif: wif, requestPath: '/api/data', body: original, scheme: 'brc77' });
  const p = ref.parseAuthToken(token);
  expectBoth((m) => m.verifyAuthToken(token, { requestPath: p.requestPath, timestamp: p.timestamp, body: JSON.stringify({ message: 'tampered content' }) }), false);
  expectBoth((m) => m.verifyAuthToken(token, { requestPath: p.requestPath, timestamp: p.timestamp, body: original }), true);
});

test('static vectors (fixed 2023 timestamps): valid only on the target clock; tampering and window failures agree', () => {
  const t1 = '2023-10-27T10:00:00.000Z';
  const t2 = '2023-10-27T11:00:00.000Z';
  const wifBrc77 = 'L5JXt5QF39GECz23VqUMTs6gYx2s4R3rsjEz4bJ4wnJ6Su16VHur';
  const wifBsm = 'KyAx8SM5W8AA7jHvcY9Lwq9WWYgt2mV2kN9xg6mUoTyRKdQiMXy8';
  const msg = JSON.stringify({ message: 'static brc77 test' });
  const brc77 = ref.getAuthToken({ privateKeyWif: wifBrc77, requestPath: '/api/static/brc77/body', body: msg, scheme: 'brc77', timestamp: t1 });
  const bsm = ref.getAuthToken({ privateKeyWif: wifBsm, requestPath: '/api/static/bsm/no-body?query=1', scheme: 'bsm', timestamp: t2 });
  // Our generator agrees on the deterministic one.
  assert.equal(sigma.getAuthToken({ privateKeyWif: wifBsm, requestPath: '/api/static/bsm/no-body?query=1', scheme: 'bsm', timestamp: t2 }), bsm);
  const future = ref.getAuthToken({ privateKeyWif: wifBrc77, requestPath: '/api/static/brc77/body', body: msg, scheme: 'brc77', timestamp: new Date(Date.parse(t1) + 15 * 60000).toISOString() });
  const systemClock = { name: 'system-clock (a 2023 token is years old today)', ours: false };
  const cases = [
    ['BRC-77 valid', brc77, { requestPath: '/api/static/brc77/body', timestamp: t1, body: msg }, 'utf8', true, systemClock],
    ['BRC-77 tampered body', brc77, { requestPath: '/api/static/brc77/body', timestamp: t1, body: JSON.stringify({ message: 'TAMPERED static brc77 test' }) }, 'utf8', false],
    ['BRC-77 tampered path', brc77, { requestPath: '/api/static/brc77/TAMPERED_PATH', timestamp: t1, body: msg }, 'utf8', false],
    ['BRC-77 target 10 min before token', brc77, { requestPath: '/api/static/brc77/body', timestamp: new Date(Date.parse(t1) - 10 * 60000).toISOString(), body: msg }, 'utf8', false],
    ['BRC-77 token 15 min in the future', future, { requestPath: '/api/static/brc77/body', timestamp: t1, body: msg }, 'utf8', false],
    ['BSM valid', bsm, { requestPath: '/api/static/bsm/no-body?query=1', timestamp: t2 }, undefined, true, systemClock],
    ['BSM tampered path', bsm, { requestPath: '/api/static/bsm/TAMPERED_PATH?query=1', timestamp: t2 }, undefined, false],
  ];
  for (const [name, token, target, enc, expected, difference] of cases) {
    expectBoth((m) => m.verifyAuthToken(token, target, undefined, enc), expected, difference);
    // replaying recorded tokens on their own clock gives exactly the reference's verdict
    assert.equal(sigma.verifyAuthToken(token, target, undefined, enc, { clock: 'target' }), expected, name);
  }
  assert.equal(sigma.parseAuthToken(brc77).timestamp, t1);
  assert.equal(sigma.parseAuthToken(bsm).timestamp, t2);
});
