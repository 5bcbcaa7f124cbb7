'use strict';
// The rich API's contracts: argument types (TypeError, never a crash), error classes and codes,
// the drop-in's "false, never throw", clock options, replay ids.
const test = require('node:test');
const assert = require('node:assert/strict');
const { sigma, vectors } = require('./helpers');

const v = vectors();
const alice = sigma.PrivateKey.fromHex(v.keys.alice.priv_hex);
const NOW = Date.UTC(2031, 0, 2, 3, 4, 5, 678);

const JUNK = [undefined, null, 0, 1.5, NaN, -1, true, '', 'x', {}, [], [1, 2], () => 1, Symbol('s'), 10n, new Date(NaN), new Map(), Buffer.alloc(3), new Uint8Array(2), new ArrayBuffer(4), Object.create(null)];

test('wrong argument types throw TypeError (or RangeError for bad numbers), never crash', () => {
  const typed = (fn) => {
    try {
      fn();
    } catch (e) {
      assert.ok(e instanceof TypeError || e instanceof RangeError || e instanceof sigma.SigmaAuthError, `${e && e.constructor && e.constructor.name}: ${e && e.message}`);
      return;
    }
  };
  const token = sigma.createToken(alice, { requestPath: '/a', timestamp: NOW });
  for (const j of JUNK) {
    typed(() => sigma.PrivateKey.fromWif(j));
    typed(() => sigma.PrivateKey.fromHex(j));
    typed(() => sigma.PrivateKey.fromBytes(j));
    typed(() => sigma.PublicKey.fromHex(j));
    typed(() => sigma.PublicKey.fromBytes(j));
    typed(() => alice.deriveChild(j, 'inv'));
    typed(() => alice.publicKey().deriveChild(j, 'inv'));
    typed(() => alice.deriveChild(alice.publicKey(), j));
    typed(() => alice.toWif(j));
    typed(() => sigma.bsmSign(j, alice));
    typed(() => sigma.bsmSign('m', j));
    typed(() => sigma.bsmVerify('m', j, alice.publicKey()));
    typed(() => sigma.bsmVerify('m', 'sig', j));
    typed(() => sigma.brc77Sign('m', alice, j));
    typed(() => sigma.brc77Verify('m', j));
    typed(() => sigma.brc77Verify('m', Buffer.alloc(1), j));
    typed(() => sigma.createToken(j, { requestPath: '/a' }));
    typed(() => sigma.createToken(alice, j));
    typed(() => sigma.createToken(alice, { requestPath: j }));
    typed(() => sigma.createToken(alice, { requestPath: '/a', body: j }));
    typed(() => sigma.createToken(alice, { requestPath: '/a', timestamp: j }));
    typed(() => sigma.createToken(alice, { requestPath: '/a', scheme: j }));
    typed(() => sigma.verify(j, { requestPath: '/a' }));
    typed(() => sigma.verify(token, j));
    typed(() => sigma.verify(token, { requestPath: j }));
    typed(() => sigma.verify(token, { requestPath: '/a', body: j }));
    typed(() => sigma.verify(token, { requestPath: '/a', bodyEncoding: j }));
    typed(() => sigma.verify(token, { requestPath: '/a', now: j }));
    typed(() => sigma.verify(token, { requestPath: '/a', maxAgeSeconds: j }));
    typed(() => sigma.verify(token, { requestPath: '/a', compat: j }));
    typed(() => sigma.verifyBatch(j));
    typed(() => sigma.verifyBatch([j]));
    typed(() => sigma.verifyBatch([{ token: j, requestPath: '/a' }]));
    typed(() => sigma.getAuthToken(j));
    typed(() => sigma.getAuthToken({ privateKeyWif: alice.toWif(), requestPath: j }));
    typed(() => sigma.getAuthToken({ privateKeyWif: j, requestPath: '/a' }));
    typed(() => sigma.getAuthToken({ privateKeyWif: alice.toWif(), requestPath: '/a', body: j }));
    typed(() => sigma.getAuthToken({ privateKeyWif: alice.toWif(), requestPath: '/a', timestamp: j }));
  }
  assert.throws(() => sigma.PrivateKey.fromWif(5), TypeError);
  assert.throws(() => sigma.verify(token, { requestPath: '/a', maxAgeSeconds: -1 }), RangeError);
  assert.throws(() => new sigma.PrivateKey(), TypeError);
  assert.throws(() => sigma.bsmSign('m', alice.publicKey()), TypeError);
});

test('async functions reject (not throw) on bad arguments', async () => {
  await assert.rejects(sigma.verifyAsync(5, { requestPath: '/a' }), TypeError);
  await assert.rejects(sigma.verifyAsync('t', null), TypeError);
  await assert.rejects(sigma.verifyBatchAsync('nope'), TypeError);
});

test('verifyAuthToken returns false and never throws, whatever it is given', () => {
  const token = sigma.getAuthToken({ privateKeyWif: alice.toWif(), requestPath: '/a', timestamp: new Date(NOW).toISOString() });
  const target = { requestPath: '/a', timestamp: new Date(NOW).toISOString() };
  assert.equal(sigma.verifyAuthToken(token, target, 5, 'utf8', { clock: 'target' }), true);
  for (const j of JUNK) {
    assert.equal(sigma.verifyAuthToken(j, target), false);
    assert.equal(sigma.verifyAuthToken(token, j), false);
    assert.equal(sigma.verifyAuthToken(token, { ...target, requestPath: j }), false);
    if (j !== undefined) assert.equal(sigma.verifyAuthToken(token, target, j, 'utf8', { clock: 'target' }), typeof j === 'number' && Number.isFinite(j) && j >= 0);
    if (j !== undefined) assert.equal(sigma.verifyAuthToken(token, target, 5, j, { clock: 'target' }), typeof j === 'string');
    if (j !== undefined && j !== null) assert.equal(sigma.verifyAuthToken(token, target, 5, 'utf8', j), false);
    assert.equal(sigma.verifyAuthToken(token, { ...target, body: j }, 5, 'utf8', { clock: 'target' }), !j || ((Array.isArray(j) || j instanceof Uint8Array) && j.length === 0));
  }
  // a body invalid for its encoding: the reference throws, we return false
  assert.equal(sigma.verifyAuthToken(token, { ...target, body: 'zz' }, 5, 'hex', { clock: 'target' }), false);
  assert.equal(sigma.parseAuthToken(5), null);
  assert.equal(sigma.parseAuthToken('a|b|c|d|e'), null);
});

test('verifyAuthToken clocks: the system clock by default, target.timestamp checked too; { clock: "target" } only the target', () => {
  const fresh = sigma.getAuthToken({ privateKeyWif: alice.toWif(), requestPath: '/c' });
  const ts = sigma.parseAuthToken(fresh).timestamp;
  assert.equal(sigma.verifyAuthToken(fresh, { requestPath: '/c', timestamp: ts }), true);
  assert.equal(sigma.verifyAuthToken(fresh, { requestPath: '/c' }), true, 'no target.timestamp: the system clock alone');
  assert.equal(sigma.verifyAuthToken(fresh, { requestPath: '/c', timestamp: 'not a date' }), true);
  assert.equal(sigma.verifyAuthToken(fresh, { requestPath: '/c', timestamp: new Date(Date.parse(ts) + 3600e3).toISOString() }), false, 'target.timestamp is still a bound');
  assert.equal(sigma.verifyAuthToken(fresh, { requestPath: '/c', timestamp: 'not a date' }, 5, 'utf8', { clock: 'target' }), false);
  const old = sigma.getAuthToken({ privateKeyWif: alice.toWif(), requestPath: '/c', timestamp: '2020-01-01T00:00:00.000Z' });
  assert.equal(sigma.verifyAuthToken(old, { requestPath: '/c', timestamp: '2020-01-01T00:00:00.000Z' }), false);
  assert.equal(sigma.verifyAuthToken(old, { requestPath: '/c', timestamp: '2020-01-01T00:00:00.000Z' }, 5, 'utf8', { clock: 'target' }), true);
  assert.equal(sigma.verifyAuthToken(old, { requestPath: '/c', timestamp: '2020-01-01T00:04:59.999Z' }, 5, 'utf8', { clock: 'target' }), true);
  assert.equal(sigma.verifyAuthToken(old, { requestPath: '/c', timestamp: '2020-01-01T00:05:00.001Z' }, 5, 'utf8', { clock: 'target' }), false);
  assert.equal(sigma.verifyAuthToken(old, { requestPath: '/c', timestamp: '2019-12-31T23:55:00.000Z' }, 5, 'utf8', { clock: 'target' }), true);
  assert.equal(sigma.verifyAuthToken(old, { requestPath: '/c', timestamp: '2019-12-31T23:54:59.999Z' }, 5, 'utf8', { clock: 'target' }), false);
  assert.equal(sigma.verifyAuthToken(old, { requestPath: '/c', timestamp: new Date('2020-01-01T00:00:00.000Z') }, 5, 'utf8', { clock: 'target' }), true);
});

test('verify: result shape, error class and codes, defaults', () => {
  const token = sigma.createToken(alice, { requestPath: '/v?x=1', body: '{"a":1}', timestamp: new Date(NOW) });
  const ok = sigma.verify(token, { requestPath: '/v?x=1', body: '{"a":1}', now: NOW + 1000 });
  assert.deepEqual(Object.keys(ok), ['pubkey', 'scheme', 'timestamp', 'replayId']);
  assert.equal(ok.pubkey, v.keys.alice.pub_compressed);
  assert.equal(ok.scheme, 'brc77');
  assert.equal(ok.timestamp.getTime(), NOW);
  const cases = [
    [{ requestPath: '/v' }, 'path_mismatch'],
    [{ body: '{"a":2}' }, 'invalid_signature'],
    [{ now: NOW + 301000 }, 'expired'],
    [{ now: NOW - 301000 }, 'not_yet_valid'],
    [{ now: NOW + 11000, maxAgeSeconds: 10 }, 'expired'],
    [{ body: 'zz', bodyEncoding: 'hex' }, 'bad_body'],
    [{ bodyEncoding: 'latin1' }, 'unsupported_body_encoding'],
  ];
  for (const [over, code] of cases) {
    let caught;
    try {
      sigma.verify(token, { requestPath: '/v?x=1', body: '{"a":1}', now: NOW + 1000, ...over });
    } catch (e) {
      caught = e;
    }
    assert.ok(caught instanceof sigma.AuthTokenError, `${code}: ${caught}`);
    assert.ok(caught instanceof sigma.SigmaAuthError && caught instanceof Error);
    assert.equal(caught.code, code);
    assert.equal(caught.name, 'AuthTokenError');
    assert.ok(sigma.REASON_CODES.includes(caught.code));
  }
  // the token reasons come first in the core's list
  assert.deepEqual(
    sigma.REASON_CODES.slice(0, 14),
    ['malformed_token', 'unsupported_scheme', 'bad_pubkey', 'bad_signature_encoding', 'signer_mismatch', 'path_mismatch', 'expired', 'not_yet_valid', 'bad_timestamp', 'invalid_signature', 'replayed', 'bad_body', 'unsupported_body_encoding', 'recipient_required'],
  );
});

test('replayId is the same for every spelling of one signed request (compat), and differs between requests', () => {
  const token = sigma.getAuthToken({ privateKeyWif: alice.toWif(), requestPath: '/r', scheme: 'bsm', timestamp: new Date(NOW).toISOString() });
  const parts = token.split('|');
  const unpadded = [...parts.slice(0, 4), parts[4].replace(/=+$/, '')].join('|');
  const upper = [parts[0].toUpperCase(), ...parts.slice(1)].join('|');
  const opts = { requestPath: '/r', now: NOW, compat: true };
  const ids = [token, unpadded, upper].map((t) => sigma.verify(t, opts).replayId);
  assert.equal(new Set(ids).size, 1);
  assert.throws(() => sigma.verify(unpadded, { ...opts, compat: false }), { code: 'bad_signature_encoding' });
  const other = sigma.getAuthToken({ privateKeyWif: alice.toWif(), requestPath: '/r2', scheme: 'bsm', timestamp: new Date(NOW).toISOString() });
  assert.notEqual(sigma.verify(other, { ...opts, requestPath: '/r2' }).replayId, ids[0]);
});

test('createToken and getAuthToken refuse what could never verify', () => {
  assert.throws(() => sigma.createToken(alice, { requestPath: '/a|b' }), { code: 'invalid_input' });
  assert.throws(() => sigma.createToken(alice, { requestPath: '/a', scheme: 'BSM' }), { code: 'invalid_input' });
  assert.throws(() => sigma.createToken(alice, { requestPath: '/a', timestamp: 'whenever' }), { code: 'invalid_timestamp' });
  assert.throws(() => sigma.createToken(alice, { requestPath: '/a', body: 'abc', bodyEncoding: 'hex' }), sigma.SigmaAuthError);
  assert.throws(() => sigma.getAuthToken({ privateKeyWif: 'nope', requestPath: '/a' }), { code: 'invalid_wif' });
  // a WIF string is accepted where a key is
  assert.equal(
    sigma.createToken(alice.toWif(), { requestPath: '/a', scheme: 'bsm', timestamp: NOW }),
    sigma.createToken(alice, { requestPath: '/a', scheme: 'bsm', timestamp: new Date(NOW).toISOString() }),
  );
  // bytes bodies hash like their text spelling
  const t = sigma.createToken(alice, { requestPath: '/b', body: Buffer.from('deadbeef', 'hex'), timestamp: NOW });
  assert.equal(sigma.verify(t, { requestPath: '/b', body: 'deadbeef', bodyEncoding: 'hex', now: NOW }).pubkey, v.keys.alice.pub_compressed);
  assert.equal(sigma.verify(t, { requestPath: '/b', body: '3q2+7w==', bodyEncoding: 'base64', now: NOW }).pubkey, v.keys.alice.pub_compressed);
});

test('keys: generate, round trips, testnet, secrets not printed', () => {
  const k = sigma.PrivateKey.generate();
  assert.ok(sigma.PrivateKey.fromWif(k.toWif()).equals(k));
  assert.ok(sigma.PrivateKey.fromWif(k.toWif('testnet')).equals(k));
  assert.ok(sigma.PrivateKey.fromBytes(k.toBytes()).equals(k));
  assert.ok(sigma.PrivateKey.fromBytes(new Uint8Array(k.toBytes())).equals(k));
  assert.ok(sigma.PublicKey.fromBytes(k.publicKey().toBytes()).equals(k.publicKey()));
  assert.equal(alice.publicKey().toAddress('testnet')[0] === 'm' || alice.publicKey().toAddress('testnet')[0] === 'n', true);
  assert.ok(!require('node:util').inspect(k).includes(k.toHex()));
  assert.ok(!String(k).includes(k.toHex()));
  assert.throws(() => sigma.PrivateKey.fromHex('00'.repeat(32)), { code: 'invalid_private_key' });
  assert.throws(() => k.toWif('regtest'), { code: 'invalid_input' });
  // a Uint8Array view with an offset is read at its offset
  const big = Buffer.concat([Buffer.from([9, 9, 9]), alice.toBytes()]);
  assert.ok(sigma.PrivateKey.fromBytes(new Uint8Array(big.buffer, big.byteOffset + 3, 32)).equals(alice));
});

test('index.d.ts declares exactly what index.js exports', () => {
  const dts = require('node:fs').readFileSync(require('node:path').join(__dirname, '..', 'index.d.ts'), 'utf8');
  const declared = new Set([...dts.matchAll(/^export declare (?:function|class|const) (\w+)/gm)].map((m) => m[1]));
  // values re-exported from the generated typings (native.d.ts)
  for (const m of dts.matchAll(/^export \{([^}]*)\} from '\.\/native';/gm)) {
    for (const name of m[1].split(',')) declared.add(name.trim());
  }
  assert.deepEqual([...declared].sort(), Object.keys(sigma).sort());
});
