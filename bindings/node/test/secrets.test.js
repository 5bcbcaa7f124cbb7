'use strict';
// No error message echoes an input that may be a secret (issue 11, item 3): a WIF (and a
// broken WIF, and a private key in hex) is passed into every string argument of every
// function and method, one position at a time; every error thrown, rejected or returned must
// not contain it, in its message, its string form, its stack or its inspected form.
const test = require('node:test');
const assert = require('node:assert/strict');
const { inspect } = require('node:util');
const { sigma, vectors } = require('./helpers');

const v = vectors();
const alice = sigma.PrivateKey.fromHex(v.keys.alice.priv_hex);
const bob = sigma.PrivateKey.fromHex(v.keys.bob.priv_hex);
const pub = bob.publicKey();
const NOW = Date.UTC(2031, 0, 2, 3, 4, 5, 678);
const token = sigma.createToken(alice, { requestPath: '/a', timestamp: NOW });

const SECRETS = [
  ['a valid WIF', v.keys.alice.wif_compressed_mainnet],
  ['a WIF with a bad checksum', `${v.keys.alice.wif_compressed_mainnet.slice(0, -1)}x`],
  ['a testnet WIF', alice.toWif('testnet')],
  ['a private key in hex', v.keys.alice.priv_hex],
];

/** Every call with a string argument, once per string position, with `s` in that position. */
function calls(s) {
  const req = { requestPath: '/a', now: NOW };
  const item = { token, requestPath: '/a' };
  const verifier = new sigma.Verifier({ maxAgeSeconds: 60 });
  return {
    'PrivateKey.fromWif': () => sigma.PrivateKey.fromWif(s),
    'PrivateKey.fromHex': () => sigma.PrivateKey.fromHex(s),
    'PrivateKey#toWif network': () => alice.toWif(s),
    'PrivateKey#deriveChild invoiceNumber': () => alice.deriveChild(pub, s),
    'PublicKey.fromHex': () => sigma.PublicKey.fromHex(s),
    'PublicKey#toAddress network': () => pub.toAddress(s),
    'PublicKey#deriveChild invoiceNumber': () => pub.deriveChild(alice, s),
    'bsmSign message': () => sigma.bsmSign(s, alice),
    'bsmSign key': () => sigma.bsmSign('m', s),
    'bsmVerify message': () => sigma.bsmVerify(s, sigma.bsmSign('m', alice), pub),
    'bsmVerify signature': () => sigma.bsmVerify('m', s, pub),
    'bsmVerify signature (compat)': () => sigma.bsmVerify('m', s, pub, { compat: true }),
    'bsmRecover signature': () => sigma.bsmRecover('m', s),
    'brc77Sign message': () => sigma.brc77Sign(s, alice),
    'brc77Sign signer': () => sigma.brc77Sign('m', s),
    'brc77Verify message': () => sigma.brc77Verify(s, sigma.brc77Sign('m', alice)),
    'brc78Encrypt message': () => sigma.brc78Encrypt(s, alice, pub),
    'brc78Encrypt sender': () => sigma.brc78Encrypt('m', s, pub),
    'brc78Decrypt recipient': () => sigma.brc78Decrypt(Buffer.alloc(80), s),
    'SymmetricKey#encrypt plaintext': () => sigma.SymmetricKey.fromBytes(Buffer.alloc(32, 1)).encrypt(s),
    'createToken key': () => sigma.createToken(s, { requestPath: '/a' }),
    'createToken requestPath': () => sigma.createToken(alice, { requestPath: `${s}|` }),
    'createToken scheme': () => sigma.createToken(alice, { requestPath: '/a', scheme: s }),
    'createToken timestamp': () => sigma.createToken(alice, { requestPath: '/a', timestamp: s }),
    'createToken body (hex)': () => sigma.createToken(alice, { requestPath: '/a', body: s, bodyEncoding: 'hex' }),
    'createToken body (base64)': () => sigma.createToken(alice, { requestPath: '/a', body: s, bodyEncoding: 'base64' }),
    'createToken bodyEncoding': () => sigma.createToken(alice, { requestPath: '/a', body: 'x', bodyEncoding: s }),
    'verify token': () => sigma.verify(s, req),
    'verify requestPath': () => sigma.verify(token, { ...req, requestPath: s }),
    'verify body (hex)': () => sigma.verify(token, { ...req, body: s, bodyEncoding: 'hex' }),
    'verify bodyEncoding': () => sigma.verify(token, { ...req, body: 'x', bodyEncoding: s }),
    'verify now': () => sigma.verify(token, { ...req, now: s }),
    'verifyAsync token': () => sigma.verifyAsync(s, req),
    'verifyAsync requestPath': () => sigma.verifyAsync(token, { ...req, requestPath: s }),
    'verifyBatch token': () => sigma.verifyBatch([{ ...item, token: s }], { now: NOW }),
    'verifyBatch bodyEncoding': () => sigma.verifyBatch([{ ...item, body: 'x', bodyEncoding: s }], { now: NOW }),
    'verifyBatchAsync token': () => sigma.verifyBatchAsync([{ ...item, token: s }], { now: NOW }),
    'Verifier#verify token': () => verifier.verify(s, { requestPath: '/a' }, NOW),
    'Verifier#verify requestPath': () => verifier.verify(token, { requestPath: s }, NOW),
    'Verifier#verify body': () => verifier.verify(token, { requestPath: '/a', body: s, bodyEncoding: 'base64' }, NOW),
    'Verifier#verify bodyEncoding': () => verifier.verify(token, { requestPath: '/a', body: 'x', bodyEncoding: s }, NOW),
    'Verifier#verify now': () => verifier.verify(token, { requestPath: '/a' }, s),
    'Verifier#verifyAsync token': () => verifier.verifyAsync(s, { requestPath: '/a' }, NOW),
    'Verifier#verifyBatch token': () => verifier.verifyBatch([{ ...item, token: s }], NOW),
    'Verifier#verifyBatchAsync bodyEncoding': () => verifier.verifyBatchAsync([{ ...item, body: 'x', bodyEncoding: s }], NOW),
    'new Verifier maxAgeSeconds': () => new sigma.Verifier({ maxAgeSeconds: s }),
    // an object holding the secret where a string belongs (a getAuthToken config passed by mistake)
    'verify token (an object)': () => sigma.verify({ privateKeyWif: s }, req),
    'Verifier#verify token (an object)': () => verifier.verify({ privateKeyWif: s }, { requestPath: '/a' }, NOW),
    'Verifier#verifyBatch token (an object)': () => verifier.verifyBatch([{ ...item, token: { privateKeyWif: s } }], NOW),
    'PrivateKey.fromWif (an object)': () => sigma.PrivateKey.fromWif({ privateKeyWif: s }),
    'createToken requestPath (an object)': () => sigma.createToken(alice, { requestPath: { privateKeyWif: s } }),
    'getAuthToken privateKeyWif': () => sigma.getAuthToken({ privateKeyWif: s, requestPath: '/a' }),
    'getAuthToken requestPath': () => sigma.getAuthToken({ privateKeyWif: alice.toWif(), requestPath: `${s}|` }),
    'getAuthToken scheme': () => sigma.getAuthToken({ privateKeyWif: alice.toWif(), requestPath: '/a', scheme: s }),
    'getAuthToken bodyEncoding': () => sigma.getAuthToken({ privateKeyWif: alice.toWif(), requestPath: '/a', body: 'x', bodyEncoding: s }),
    'getAuthToken body (hex)': () => sigma.getAuthToken({ privateKeyWif: alice.toWif(), requestPath: '/a', body: s, bodyEncoding: 'hex' }),
    'getAuthToken timestamp': () => sigma.getAuthToken({ privateKeyWif: alice.toWif(), requestPath: '/a', timestamp: s }),
    'parseAuthToken token': () => sigma.parseAuthToken(s),
    'verifyAuthToken token': () => sigma.verifyAuthToken(s, { requestPath: '/a' }),
    'verifyAuthToken requestPath': () => sigma.verifyAuthToken(token, { requestPath: s }),
    'verifyAuthToken timestamp': () => sigma.verifyAuthToken(token, { requestPath: '/a', timestamp: s }),
    'verifyAuthToken body': () => sigma.verifyAuthToken(token, { requestPath: '/a', body: s }, 5, 'hex'),
    'verifyAuthToken bodyEncoding': () => sigma.verifyAuthToken(token, { requestPath: '/a', body: 'x' }, 5, s),
    'verifyAuthToken clock': () => sigma.verifyAuthToken(token, { requestPath: '/a' }, 5, 'utf8', { clock: s }),
  };
}

function assertClean(err, secret, where) {
  if (err === null || typeof err !== 'object') return;
  for (const text of [String(err.message), String(err), String(err.stack), inspect(err, { depth: 5 })]) {
    assert.ok(!text.includes(secret), `${where}: the error echoes the secret: ${text.slice(0, 200)}`);
  }
}

test('no error message echoes a WIF or a hex private key, in any string argument', async (t) => {
  let errors = 0;
  let checked = 0;
  for (const [kind, secret] of SECRETS) {
    for (const [name, call] of Object.entries(calls(secret))) {
      const where = `${name} (${kind})`;
      checked++;
      let out;
      try {
        out = call();
        if (out instanceof Promise) out = await out;
      } catch (e) {
        errors++;
        assertClean(e, secret, where);
        continue;
      }
      for (const o of Array.isArray(out) ? out : [out]) {
        if (o instanceof Error) {
          errors++;
          assertClean(o, secret, where);
        }
      }
    }
  }
  t.diagnostic(`${checked} calls, ${errors} errors checked`);
  assert.ok(errors > checked / 2, `only ${errors} of ${checked} calls failed: the calls do not exercise the error paths`);
});
