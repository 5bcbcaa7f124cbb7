'use strict';
// The reference token vectors (tests/vectors/auth-crypto.json, made by bitcoin-auth 0.0.7 on
// @bsv/sdk 2.1.0) replayed through the JavaScript API. The expected outcome of every
// verification case, strict and compat, is read from tests/vectors/verification-outcomes.json
// (written once, shared with the Rust, C and Python suites); where it differs from the
// reference's verdict, spec/auth-crypto.md section 7 says why.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { root, sigma, vectors } = require('./helpers');

const v = vectors();
const ba = v.bitcoin_auth;
const outcomes = JSON.parse(fs.readFileSync(path.join(root, 'tests', 'vectors', 'verification-outcomes.json'), 'utf8'));
const expected = new Map(outcomes.cases.map((c) => [c.description, c]));

const refVerdict = (c) => ('result' in c ? c.result : false);
const padSeconds = (c) => Math.max(0, Math.trunc(c.timePad)) * 60;
/** Every case with its expected outcome; 'no_clock' cases (a "now" that is not a date) are left out and counted. */
function cases() {
  const out = [];
  let noClock = 0;
  for (const c of ba.verification_cases) {
    const e = expected.get(c.description);
    assert.ok(e, `no expected outcome for ${c.description}`);
    if (e.strict === 'no_clock' || e.compat === 'no_clock') {
      noClock++;
      continue;
    }
    out.push([c, e]);
  }
  return { list: out, noClock };
}

test('the vector files are the reference copy, with one expected outcome per case', () => {
  assert.equal(ba.verification_cases.length, 92);
  assert.equal(ba.creation_vectors.length, 10);
  assert.equal(outcomes.cases.length, ba.verification_cases.length);
  assert.equal(expected.size, outcomes.cases.length, 'descriptions are unique');
});

test('parseAuthToken matches the reference on every vector', () => {
  for (const c of [...ba.creation_vectors, ...ba.verification_cases]) {
    assert.deepEqual(sigma.parseAuthToken(c.token), c.parsed ?? null, c.description);
  }
});

test('verifyAuthToken (clock: target) gives the expected outcome, strict and compat', (t) => {
  const { list, noClock } = cases();
  let stricter = 0;
  for (const [c, e] of list) {
    const strict = sigma.verifyAuthToken(c.token, c.target, c.timePad, c.bodyEncoding, { clock: 'target' });
    const compat = sigma.verifyAuthToken(c.token, c.target, c.timePad, c.bodyEncoding, { clock: 'target', compat: true });
    assert.equal(strict, e.strict === 'valid', `${c.description} (strict: ${e.strict})`);
    assert.equal(compat, e.compat === 'valid', `${c.description} (compat: ${e.compat})`);
    // We only ever refuse more than the reference, never accept what it refuses.
    if (strict !== refVerdict(c)) {
      assert.equal(refVerdict(c), true, `${c.description}: accepted although the reference refuses it`);
      stricter++;
    }
  }
  t.diagnostic(`${list.length} cases checked, ${stricter} refused where the reference accepts, ${noClock} 'no_clock' cases skipped`);
  assert.equal(list.length + noClock, ba.verification_cases.length);
});

test('verify() reports the expected reason code, strict and compat', (t) => {
  const { list, noClock } = cases();
  for (const [c, e] of list) {
    const now = Date.parse(c.target.timestamp);
    for (const compat of [false, true]) {
      const opts = {
        requestPath: c.target.requestPath,
        body: c.target.body,
        bodyEncoding: c.bodyEncoding,
        now,
        maxAgeSeconds: padSeconds(c),
        maxSkewSeconds: padSeconds(c),
        compat,
      };
      const want = compat ? e.compat : e.strict;
      let got = 'valid';
      try {
        const r = sigma.verify(c.token, opts);
        // compat accepts other spellings of the key; the result is always the compressed form
        if (compat) assert.match(r.pubkey, /^0[23][0-9a-f]{64}$/, c.description);
        else assert.equal(r.pubkey, c.parsed.pubkey, c.description);
        assert.equal(r.timestamp.getTime(), Date.parse(c.parsed.timestamp));
        assert.match(r.replayId, /^[0-9a-f]{64}$/);
      } catch (err) {
        assert.ok(err instanceof sigma.AuthTokenError, `${c.description}: ${err}`);
        assert.ok(sigma.REASON_CODES.includes(err.code), err.code);
        got = err.code;
      }
      assert.equal(got, want, `${c.description} (${compat ? 'compat' : 'strict'})`);
    }
  }
  t.diagnostic(`${list.length} cases x 2 policies checked, ${noClock} 'no_clock' cases skipped`);
});

test('the reference\'s own tokens are rejected on the system clock even with target.timestamp = token timestamp', () => {
  // The usage the reference invites: target.timestamp copied from the token (valid forever there).
  for (const c of ba.creation_vectors) {
    const target = { requestPath: c.config.requestPath, timestamp: c.config.timestamp, body: c.config.body };
    assert.equal(sigma.verifyAuthToken(c.token, target, 5, c.config.bodyEncoding ?? 'utf8'), false, c.description);
    assert.equal(
      sigma.verifyAuthToken(c.token, target, 5, c.config.bodyEncoding ?? 'utf8', { clock: 'target' }),
      true,
      c.description,
    );
  }
});

test('creation vectors: bsm tokens are byte-identical, brc77 tokens verify and carry the same fields', () => {
  for (const c of ba.creation_vectors) {
    const config = { privateKeyWif: c.signer_wif, ...c.config };
    const ours = sigma.getAuthToken(config);
    const scheme = c.config.scheme ?? 'brc77';
    if (scheme === 'bsm') {
      assert.equal(ours, c.token, c.description);
    } else {
      const mine = ours.split('|');
      const theirs = c.token.split('|');
      assert.deepEqual(mine.slice(0, 4), theirs.slice(0, 4), c.description);
      assert.notEqual(mine[4], theirs[4], 'brc77 key IDs are random');
    }
    const target = { requestPath: c.config.requestPath, timestamp: c.config.timestamp, body: c.config.body };
    const enc = c.config.bodyEncoding ?? 'utf8';
    assert.equal(sigma.verifyAuthToken(ours, target, 5, enc, { clock: 'target' }), true, c.description);
    const r = sigma.verify(c.token, {
      requestPath: c.config.requestPath,
      body: c.config.body,
      bodyEncoding: enc,
      now: new Date(c.config.timestamp),
    });
    assert.equal(r.scheme, scheme);
    assert.equal(r.pubkey, c.parsed.pubkey);
    // The body as bytes gives the same answer as the body as text.
    if (c.config.body) {
      const bytes = Buffer.from(c.config.body, enc);
      assert.equal(sigma.verify(c.token, { requestPath: c.config.requestPath, body: bytes, now: new Date(c.config.timestamp) }).pubkey, c.parsed.pubkey);
      assert.equal(sigma.verify(c.token, { requestPath: c.config.requestPath, body: new Uint8Array(bytes), now: new Date(c.config.timestamp) }).pubkey, c.parsed.pubkey);
    }
  }
});

test('generation edge cases match the reference, except a non-ISO timestamp (strict-timestamp)', () => {
  for (const c of ba.generation_edge_cases) {
    if (c.description === 'timestamp is copied verbatim (not validated)') {
      assert.throws(() => sigma.getAuthToken(c.config), (e) => e instanceof sigma.SigmaAuthError && e.code === 'invalid_timestamp');
      continue;
    }
    if ('error' in c) {
      assert.throws(() => sigma.getAuthToken(c.config), sigma.SigmaAuthError, c.description);
    } else {
      assert.equal(sigma.getAuthToken(c.config), c.result, c.description);
    }
  }
});

test('keys, BSM sign vectors, BRC-42 derivations and BRC-77 vectors through the key API', () => {
  const keys = v.keys;
  for (const name of ['alice', 'bob', 'carol']) {
    const k = sigma.PrivateKey.fromHex(keys[name].priv_hex);
    assert.equal(k.toWif(), keys[name].wif_compressed_mainnet);
    assert.ok(sigma.PrivateKey.fromWif(keys[name].wif_compressed_mainnet).equals(k));
    assert.equal(k.publicKey().toHex(), keys[name].pub_compressed);
    assert.equal(k.publicKey().toBytes(false).toString('hex'), keys[name].pub_uncompressed);
    assert.equal(k.publicKey().toAddress(), keys[name].p2pkh_address_mainnet);
    assert.ok(sigma.PublicKey.fromHex(keys[name].pub_uncompressed).equals(k.publicKey()));
  }
  const official = sigma.PrivateKey.fromWif('L211enC224G1kV8pyyq7bjVd9SxZebnRYEzzM3i7ZHCc1c5E7dQu');
  assert.equal(
    sigma.bsmSign('hello world', official),
    'H4T8Asr0WkC6wYfBESR6pCAfECtdsPM4fwiSQ2qndFi8dVtv/mrOFaySx9xQE7j24ugoJ4iGnsRwAC8QwaoHOXk=',
  );
  let bsmCount = 0;
  for (const s of v.bsm.sign_vectors) {
    const message = s.message_hex !== undefined
      ? Buffer.from(s.message_hex, 'hex')
      : Buffer.from(Array.from({ length: s.message_rule.length }, (_, i) => i % 256));
    assert.equal(message.length, s.message_length, s.description);
    const key = sigma.PrivateKey.fromHex(s.priv);
    assert.equal(sigma.bsmSign(message, key), s.signature_base64, s.description);
    assert.equal(sigma.bsmVerify(message, s.signature_base64, sigma.PublicKey.fromHex(s.pub)), true);
    assert.equal(sigma.bsmRecover(message, s.signature_base64).toHex(), s.pub);
    bsmCount++;
  }
  assert.equal(bsmCount, v.bsm.sign_vectors.length);
  for (const d of v.brc42.derivations) {
    const owner = sigma.PrivateKey.fromHex(d.owner_priv);
    const other = sigma.PublicKey.fromHex(d.counterparty_pub);
    assert.equal(owner.deriveChild(other, d.invoice_number).toHex(), d.child_priv, d.description);
    assert.equal(owner.deriveChild(other, d.invoice_number).publicKey().toHex(), d.child_pub, d.description);
  }
  for (const d of v.brc42.official_private_vectors) {
    const k = sigma.PrivateKey.fromHex(d.recipient_priv);
    assert.equal(sigma.deriveChildPrivateKey(k, sigma.PublicKey.fromHex(d.sender_pub), d.invoice_number).toHex(), d.expected_child_priv);
  }
  for (const d of v.brc42.official_public_vectors) {
    const k = sigma.PrivateKey.fromHex(d.sender_priv);
    assert.equal(sigma.deriveChildPublicKey(k, sigma.PublicKey.fromHex(d.recipient_pub), d.invoice_number).toHex(), d.expected_child_pub);
  }
  for (const m of v.brc77_signed_message.vectors) {
    const signer = sigma.PrivateKey.fromHex(m.signer_priv);
    const sig = Buffer.from(m.signature_hex, 'hex');
    const msg = Buffer.from(m.message_hex, 'hex');
    if (m.verifier === 'anyone') {
      assert.equal(sigma.brc77Verify(msg, sig).toHex(), signer.publicKey().toHex(), m.description);
    } else {
      assert.throws(() => sigma.brc77Verify(msg, sig), (e) => e.code === 'recipient_required', m.description);
    }
  }
});
