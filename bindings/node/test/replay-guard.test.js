'use strict';
// ReplayGuard: the core's in-memory guard behind a Verifier's window. A second use of one signed
// request is refused (`replayed`) for any spelling of it, a full guard refuses new tokens
// (`replay_store_full`) rather than forget a live one, and ids expire with their window.
const test = require('node:test');
const assert = require('node:assert/strict');
const { sigma, vectors } = require('./helpers');

const v = vectors();
const alice = sigma.PrivateKey.fromHex(v.keys.alice.priv_hex);
const NOW = Date.UTC(2031, 0, 2, 3, 4, 5, 678);
const MAX_AGE_S = 60;
/** The order of secp256k1 (SEC 2, section 2.4.1). */
const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

function token(path, scheme = 'bsm', at = NOW) {
  return sigma.getAuthToken({ privateKeyWif: alice.toWif(), requestPath: path, scheme, timestamp: new Date(at).toISOString() });
}

function setup(capacity) {
  const verifier = new sigma.Verifier({ maxAgeSeconds: MAX_AGE_S, compat: true });
  return { verifier, guard: new sigma.ReplayGuard(verifier, capacity) };
}

test('first use is accepted, a second use of the same token is refused as replayed', () => {
  const { verifier, guard } = setup();
  const t = token('/a');
  guard.check(verifier.verify(t, { requestPath: '/a' }, NOW), NOW);
  assert.throws(() => guard.check(verifier.verify(t, { requestPath: '/a' }, NOW + 1000), NOW + 1000), (e) => {
    assert.ok(e instanceof sigma.AuthTokenError);
    assert.equal(e.code, 'replayed');
    return true;
  });
  // another request by the same key is a different id
  guard.check(verifier.verify(token('/b'), { requestPath: '/b' }, NOW), NOW);
  assert.equal(guard.size, 2);
});

test('another spelling of the same signed request (re-encoded base64, upper-case scheme, high-S twin) is refused as replayed', () => {
  const { verifier, guard } = setup();
  const verifierStrict = new sigma.Verifier();
  const t = token('/r');
  const parts = t.split('|');
  const unpadded = [...parts.slice(0, 4), parts[4].replace(/=+$/, '')].join('|');
  const upper = [parts[0].toUpperCase(), ...parts.slice(1)].join('|');
  // the high-S twin of the BSM signature: s := n - s, recovery id parity flipped
  const sig = Buffer.from(parts[4], 'base64');
  const s = BigInt('0x' + sig.subarray(33).toString('hex'));
  const highS = Buffer.from((N - s).toString(16).padStart(64, '0'), 'hex');
  const twinSig = Buffer.concat([Buffer.from([sig[0] ^ 1]), sig.subarray(1, 33), highS]);
  const highTwin = [...parts.slice(0, 4), twinSig.toString('base64')].join('|');
  assert.throws(() => verifierStrict.verify(highTwin, { requestPath: '/r' }, NOW), { code: 'bad_signature_encoding' });
  assert.notEqual(unpadded, t);
  assert.notEqual(upper, t);
  guard.check(verifier.verify(t, { requestPath: '/r' }, NOW), NOW);
  for (const twin of [unpadded, upper, highTwin]) {
    const verified = verifier.verify(twin, { requestPath: '/r' }, NOW);
    assert.throws(() => guard.check(verified, NOW), { name: 'AuthTokenError', code: 'replayed' });
  }
});

test('a full guard refuses a new token with replay_store_full and still refuses the replay', () => {
  const { verifier, guard } = setup(2);
  assert.equal(guard.capacity, 2);
  const a = verifier.verify(token('/1'), { requestPath: '/1' }, NOW);
  guard.check(a, NOW);
  guard.check(verifier.verify(token('/2'), { requestPath: '/2' }, NOW), NOW);
  const third = verifier.verify(token('/3'), { requestPath: '/3' }, NOW);
  assert.throws(() => guard.check(third, NOW), { name: 'AuthTokenError', code: 'replay_store_full' });
  assert.throws(() => guard.check(a, NOW), { code: 'replayed' });
  assert.equal(guard.size, 2);
});

test('an id is forgotten once its token leaves the window, and a full guard frees room then', () => {
  const { verifier, guard } = setup(1);
  const a = verifier.verify(token('/x'), { requestPath: '/x' }, NOW);
  guard.check(a, NOW);
  // still inside the window on its last millisecond
  assert.throws(() => guard.check(a, NOW + MAX_AGE_S * 1000), { code: 'replayed' });
  // past the window: the verifier refuses the token as expired; the guard no longer holds it
  const later = NOW + MAX_AGE_S * 1000 + 2000;
  assert.throws(() => verifier.verify(token('/x'), { requestPath: '/x' }, later), { code: 'expired' });
  const b = verifier.verify(token('/y', 'bsm', later), { requestPath: '/y' }, later);
  guard.check(b, later);
  assert.equal(guard.size, 1);
});

test('the guard takes its window from the verifier and its default capacity from the core', () => {
  const guard = new sigma.ReplayGuard(new sigma.Verifier());
  assert.equal(guard.capacity, 1000000);
  assert.equal(guard.size, 0);
});

test('bad arguments are refused with a TypeError or SigmaAuthError, never a crash', () => {
  const verifier = new sigma.Verifier();
  for (const bad of [undefined, null, {}, 'v', new sigma.ReplayGuard(verifier)]) {
    assert.throws(() => new sigma.ReplayGuard(bad), TypeError);
  }
  for (const cap of [0, -1, 1.5, NaN, Infinity]) {
    assert.throws(() => new sigma.ReplayGuard(verifier, cap), { name: 'SigmaAuthError', code: 'invalid_input' });
  }
  assert.throws(() => new sigma.ReplayGuard(verifier, '3'), TypeError);
  const guard = new sigma.ReplayGuard(verifier);
  for (const bad of [undefined, null, 'x', {}, { replayId: 'ab', timestamp: new Date(NOW) }, { replayId: 'g'.repeat(64), timestamp: new Date(NOW) }]) {
    assert.throws(() => guard.check(bad, NOW), (e) => e instanceof TypeError || e.code === 'invalid_input');
  }
  assert.equal(guard.size, 0);
});
