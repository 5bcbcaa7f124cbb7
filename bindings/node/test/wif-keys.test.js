'use strict';
// getAuthToken keeps the keys of the last few WIFs it was given, decoded (src/wif_keys.rs): a
// token must always carry the key of the WIF of its own call, whatever the cache holds. The
// expected public keys come from @bsv/sdk, and every token is verified by bitcoin-auth.
const test = require('node:test');
const assert = require('node:assert/strict');
const { sigma, reference, rng } = require('./helpers');

const { bitcoinAuth, sdk } = reference();
const CAPACITY = 8; // src/wif_keys.rs

test('getAuthToken signs with the key of its own WIF while the WIF cache fills, hits and evicts', () => {
  const r = rng(19);
  // More distinct keys than the cache holds.
  const wifs = Array.from({ length: CAPACITY + 3 }, () => sdk.PrivateKey.fromRandom().toWif());
  const expected = new Map(wifs.map((w) => [w, sdk.PrivateKey.fromWif(w).toPublicKey().toString()]));
  assert.equal(expected.size, wifs.length);
  const timestamp = new Date().toISOString();
  // Cycling through all of them evicts on every call; repeating a few hits.
  const order = [...wifs, ...wifs, wifs[0], wifs[0], wifs[1], ...Array.from({ length: 40 }, () => r.pick(wifs))];
  for (const [i, wif] of order.entries()) {
    const scheme = i % 2 ? 'bsm' : 'brc77';
    const requestPath = `/cache?i=${i}`;
    const token = sigma.getAuthToken({ privateKeyWif: wif, requestPath, scheme, timestamp });
    assert.equal(token.split('|')[0], expected.get(wif), `call ${i}: the token's pubkey is its WIF's`);
    assert.equal(bitcoinAuth.verifyAuthToken(token, { requestPath, timestamp }), true, `call ${i}: bitcoin-auth accepts it`);
  }
  // A WIF that differs from a cached one in its last character only is not served from the cache.
  const near = `${wifs[0].slice(0, -1)}${wifs[0].endsWith('1') ? '2' : '1'}`;
  assert.throws(() => sigma.getAuthToken({ privateKeyWif: near, requestPath: '/a' }), { code: 'invalid_wif' });
});

test('getAuthToken still refuses an uncompressed WIF after its key was used compressed', () => {
  const key = sdk.PrivateKey.fromRandom();
  const compressed = key.toWif();
  sigma.getAuthToken({ privateKeyWif: compressed, requestPath: '/a' });
  // The uncompressed WIF of the same key: version 0x80, the 32 bytes, no 0x01 suffix.
  const payload = Buffer.concat([Buffer.from([0x80]), Buffer.from(key.toArray('be', 32))]);
  const check = sdk.Hash.hash256(Array.from(payload)).slice(0, 4);
  const uncompressed = sdk.Utils.toBase58(Array.from(Buffer.concat([payload, Buffer.from(check)])));
  assert.throws(() => sigma.getAuthToken({ privateKeyWif: uncompressed, requestPath: '/a' }), { code: 'invalid_wif' });
  assert.equal(sigma.PrivateKey.fromWif(uncompressed).toHex(), Buffer.from(key.toArray('be', 32)).toString('hex'));
});
