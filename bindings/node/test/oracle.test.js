'use strict';
// Oracle tests in both directions against the pinned references, bitcoin-auth 0.0.7 and
// @bsv/sdk 2.1.0, over random keys, paths, bodies, body encodings and schemes:
//   what we make, the reference accepts (and bsm tokens are byte-identical);
//   what the reference makes, we accept;
//   where the reference is insecure (brc77 signer swap), it accepts and we reject with the code.
const test = require('node:test');
const assert = require('node:assert/strict');
const { sigma, reference, rng } = require('./helpers');

const { bitcoinAuth, sdk } = reference();
const CASES = Number(process.env.SIGMA_ORACLE_CASES || 600);
const r = rng(0x5eed1234);

const PATH_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/%?&=+:@!$\'()*,; é漢🙂';
function randomPath() {
  const chars = Array.from(PATH_CHARS);
  let p = '/';
  const n = r.int(60);
  for (let i = 0; i < n; i++) p += r.pick(chars);
  return p;
}

function randomBody() {
  const kind = r.int(5);
  const bytes = r.bytes(r.int(300));
  switch (kind) {
    case 0:
      return { body: undefined, enc: r.pick(['utf8', 'hex', 'base64']) };
    case 1:
      return { body: '', enc: 'utf8' };
    case 2: {
      const chars = Array.from('{}":,[] abcxyz0123456789éß漢🙂\n\t\\');
      let s = '';
      for (let i = 0; i < r.int(200) + 1; i++) s += r.pick(chars);
      return { body: s, enc: 'utf8' };
    }
    case 3:
      return { body: bytes.length ? bytes.toString('hex') : 'ab', enc: 'hex' };
    default:
      return { body: bytes.length ? bytes.toString('base64') : 'AA==', enc: 'base64' };
  }
}

function randomCase() {
  const key = sdk.PrivateKey.fromRandom();
  const { body, enc } = randomBody();
  const ms = Date.UTC(2000, 0, 1) + r.int(0x7fffffff) * 1000 + r.int(1000);
  return {
    wif: key.toWif(),
    pub: key.toPublicKey().toString(),
    requestPath: randomPath(),
    body,
    bodyEncoding: enc,
    scheme: r.pick(['bsm', 'brc77']),
    timestamp: new Date(ms).toISOString(),
  };
}

const cases = Array.from({ length: CASES }, randomCase);
const config = (c) => ({
  privateKeyWif: c.wif,
  requestPath: c.requestPath,
  body: c.body,
  bodyEncoding: c.bodyEncoding,
  scheme: c.scheme,
  timestamp: c.timestamp,
});
const target = (c, over = {}) => ({ requestPath: c.requestPath, timestamp: c.timestamp, body: c.body, ...over });
const verifyOpts = (c, over = {}) => ({
  requestPath: c.requestPath,
  body: c.body,
  bodyEncoding: c.bodyEncoding,
  now: new Date(Date.parse(c.timestamp) + 1000),
  ...over,
});
const other = (s) => (s ? `${s}x` : 'x');

test(`ours -> bitcoin-auth: ${CASES} random tokens are accepted by the reference; bsm tokens are byte-identical`, () => {
  let bsm = 0;
  for (const c of cases) {
    const token = sigma.getAuthToken(config(c));
    assert.equal(bitcoinAuth.verifyAuthToken(token, target(c), 5, c.bodyEncoding), true, JSON.stringify(c));
    // the oracle discriminates: a different body is refused by the reference
    assert.equal(bitcoinAuth.verifyAuthToken(token, target(c, { body: other(c.body) }), 5, 'utf8'), false);
    assert.deepEqual(bitcoinAuth.parseAuthToken(token), sigma.parseAuthToken(token));
    if (c.scheme === 'bsm') {
      assert.equal(token, bitcoinAuth.getAuthToken(config(c)), JSON.stringify(c));
      bsm++;
    }
  }
  assert.ok(bsm > CASES / 4 && bsm < (3 * CASES) / 4, `scheme mix: ${bsm} bsm of ${CASES}`);
});

test(`bitcoin-auth -> ours: ${CASES} random reference tokens verify, with the signer's key; tampering gives the right code`, () => {
  for (const c of cases) {
    const token = bitcoinAuth.getAuthToken(config(c));
    assert.equal(sigma.verifyAuthToken(token, target(c), 5, c.bodyEncoding, { clock: 'target' }), true, JSON.stringify(c));
    const v = sigma.verify(token, verifyOpts(c));
    assert.equal(v.pubkey, c.pub);
    assert.equal(v.scheme, c.scheme);
    assert.equal(v.timestamp.toISOString(), c.timestamp);
    assert.throws(() => sigma.verify(token, verifyOpts(c, { requestPath: `${c.requestPath}/` })), { code: 'path_mismatch' });
    assert.throws(() => sigma.verify(token, verifyOpts(c, { body: other(c.body), bodyEncoding: 'utf8' })), { code: 'invalid_signature' });
    assert.throws(
      () => sigma.verify(token, verifyOpts(c, { now: new Date(Date.parse(c.timestamp) + 301000) })),
      { code: 'expired' },
    );
  }
});

test('brc77 signer swap: the reference accepts a token whose pubkey field is someone else; we reject it (signer_mismatch)', () => {
  let n = 0;
  for (const c of cases) {
    if (c.scheme !== 'brc77') continue;
    const token = bitcoinAuth.getAuthToken(config(c));
    const victim = sdk.PrivateKey.fromRandom().toPublicKey().toString();
    const forged = [victim, ...token.split('|').slice(1)].join('|');
    assert.equal(bitcoinAuth.verifyAuthToken(forged, target(c), 5, c.bodyEncoding), true);
    assert.equal(sigma.verifyAuthToken(forged, target(c), 5, c.bodyEncoding, { clock: 'target' }), false);
    assert.throws(() => sigma.verify(forged, verifyOpts(c)), { code: 'signer_mismatch' });
    if (++n >= 100) break;
  }
  assert.ok(n >= 50);
});

test('@bsv/sdk oracle: BSM, BRC-42 and BRC-77 agree both ways on random keys and messages', () => {
  for (let i = 0; i < 200; i++) {
    const skey = sdk.PrivateKey.fromRandom();
    const okey = sigma.PrivateKey.fromHex(skey.toHex().padStart(64, '0'));
    assert.equal(okey.publicKey().toHex(), skey.toPublicKey().toString());
    assert.equal(okey.publicKey().toAddress(), skey.toPublicKey().toAddress());
    assert.equal(okey.toWif(), skey.toWif());
    const msg = r.bytes(r.int(200));
    const arr = Array.from(msg);
    // BSM: byte-identical signatures (RFC 6979), and each side verifies the other's
    const sdkSig = sdk.BSM.sign(arr, skey);
    assert.equal(sigma.bsmSign(msg, okey), sdkSig);
    assert.equal(sigma.bsmVerify(msg, sdkSig, okey.publicKey()), true);
    // BRC-42: both derivations agree
    const counter = sdk.PrivateKey.fromRandom();
    const invoice = `2-test protocol-${i}`;
    const ocounter = sigma.PublicKey.fromHex(counter.toPublicKey().toString());
    assert.equal(okey.deriveChild(ocounter, invoice).toHex(), skey.deriveChild(counter.toPublicKey(), invoice).toHex().padStart(64, '0'));
    assert.equal(
      ocounter.deriveChild(okey, invoice).toHex(),
      counter.toPublicKey().deriveChild(skey, invoice).toString(),
    );
    // BRC-77: ours verifies theirs, theirs verifies ours (anyone and addressed)
    const theirs = sdk.SignedMessage.sign(arr, skey);
    assert.equal(sigma.brc77Verify(msg, Buffer.from(theirs)).toHex(), skey.toPublicKey().toString());
    const mine = sigma.brc77Sign(msg, okey);
    assert.equal(sdk.SignedMessage.verify(arr, Array.from(mine)), true);
    const addressed = sigma.brc77Sign(msg, okey, ocounter);
    assert.equal(sdk.SignedMessage.verify(arr, Array.from(addressed), counter), true);
    const sdkAddressed = sdk.SignedMessage.sign(arr, skey, counter.toPublicKey());
    const ocounterKey = sigma.PrivateKey.fromHex(counter.toHex().padStart(64, '0'));
    assert.equal(sigma.brc77Verify(msg, Buffer.from(sdkAddressed), { recipient: ocounterKey }).toHex(), okey.publicKey().toHex());
    assert.throws(() => sigma.brc77Verify(msg, Buffer.from(sdkAddressed)), { code: 'recipient_required' });
    assert.throws(() => sigma.brc77Verify(msg, Buffer.from(sdkAddressed), { recipient: okey }), { code: 'wrong_recipient' });
  }
});
