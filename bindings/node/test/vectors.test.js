'use strict';
// The reference token vectors (tests/vectors/auth-crypto.json, made by bitcoin-auth 0.0.7 on
// @bsv/sdk 2.1.0) replayed through the JavaScript API. Where our verdict differs from the
// reference, the case is listed in DIFFERENCES with the deliberate difference that explains it
// (README "Deliberate differences"); every other case must match the reference exactly.
const test = require('node:test');
const assert = require('node:assert/strict');
const { sigma, vectors } = require('./helpers');

const v = vectors();
const ba = v.bitcoin_auth;

// description -> [difference, strict verdict, compat verdict, reason code from verify()]
// A reference exception always becomes `false` in the drop-in ("no-throw").
const DIFFERENCES = {
  'bsm: pubkey field uncompressed 04 form of alice': ['strict-pubkey', false, true, 'bad_pubkey'],
  'bsm: pubkey field hybrid 06/07 form of alice': ['strict-pubkey', false, true, 'bad_pubkey'],
  'bsm: pubkey field upper-case hex': ['strict-pubkey', false, true, 'bad_pubkey'],
  'bsm: pubkey field odd-length hex (leading 0 dropped)': ['strict-pubkey', false, true, 'bad_pubkey'],
  'bsm: signature header byte +1': ['strict-bsm-header', false, true, 'invalid_signature'],
  'bsm: signature header byte 27 (uncompressed flag)': ['strict-bsm-header', false, true, 'bad_signature_encoding'],
  'bsm: high-S signature (header unchanged)': ['strict-low-s', false, true, 'bad_signature_encoding'],
  'bsm: signature base64 without padding': ['strict-base64', false, true, 'bad_signature_encoding'],
  'bsm: signature base64url alphabet': ['strict-base64', false, true, 'bad_signature_encoding'],
  'brc77: high-S DER': ['strict-low-s', false, true, 'bad_signature_encoding'],
  'brc77: pubkey field is bob, envelope signed by alice': ['signer-binding', false, false, 'signer_mismatch'],
  'brc77: pubkey field is the generator G (private key 1)': ['signer-binding', false, false, 'signer_mismatch'],
  'hex body of odd length "abc" (hashed as bytes 0a bc)': ['strict-body', false, true, 'bad_body'],
  'same token verified with upper-case body "ABC"': ['strict-body', false, true, 'bad_body'],
  'unknown bodyEncoding string behaves as utf8': ['strict-body-encoding', false, true, 'unsupported_body_encoding'],
  'time: token 2025-01-15T12:00:00.000Z, now 2025-01-15T12:06:00.000Z, timePad 5': ['two-sided-window', false, false, 'expired'],
  'time: token 2025-01-15T12:00:00.000Z, now 2026-01-15T12:00:00.000Z, timePad 5': ['two-sided-window', false, false, 'expired'],
  'time: token 2025-01-15T12:00:00.000Z, now 2125-01-15T12:00:00.000Z, timePad 5': ['two-sided-window', false, false, 'expired'],
  'time: token dated 2000 verified with a real now': ['two-sided-window', false, false, 'expired'],
  'time: token 2025-01-15T12:00:00.000Z, now not a date, timePad 5': ['no-clock-no-pass', false, false, null],
  'time: token 2025-01-15T12:00:00.000Z, now , timePad 5': ['no-clock-no-pass', false, false, null],
  'time: signed token timestamp "never"': ['strict-timestamp', false, false, 'bad_timestamp'],
  'time: brc77 token timestamp "forever"': ['strict-timestamp', false, false, 'bad_timestamp'],
  'time: token timestamp with +02:00 offset (12:04Z), now 12:00Z': ['strict-timestamp', false, true, 'bad_timestamp'],
};

const refVerdict = (c) => ('result' in c ? c.result : false);
const padSeconds = (c) => Math.max(0, Math.trunc(c.timePad)) * 60;

test('the vector file is the reference copy', () => {
  assert.equal(ba.verification_cases.length, 92);
  assert.equal(ba.creation_vectors.length, 10);
});

test('parseAuthToken matches the reference on every vector', () => {
  for (const c of [...ba.creation_vectors, ...ba.verification_cases]) {
    assert.deepEqual(sigma.parseAuthToken(c.token), c.parsed ?? null, c.description);
  }
});

test('verifyAuthToken (clock: target) matches the reference verdict, except the named differences', () => {
  let same = 0;
  for (const c of ba.verification_cases) {
    const strict = sigma.verifyAuthToken(c.token, c.target, c.timePad, c.bodyEncoding, { clock: 'target' });
    const compat = sigma.verifyAuthToken(c.token, c.target, c.timePad, c.bodyEncoding, { clock: 'target', compat: true });
    const diff = DIFFERENCES[c.description];
    if (diff) {
      assert.equal(refVerdict(c), true, `${c.description}: listed as a difference but the reference says false`);
      assert.equal(strict, diff[1], `${c.description} (strict, ${diff[0]})`);
      assert.equal(compat, diff[2], `${c.description} (compat, ${diff[0]})`);
    } else {
      assert.equal(strict, refVerdict(c), `${c.description} (strict)`);
      assert.equal(compat, refVerdict(c), `${c.description} (compat)`);
      same++;
    }
  }
  assert.equal(same + Object.keys(DIFFERENCES).length, ba.verification_cases.length, 'every listed difference is a vector');
});

test('verify() reports the stable reason code for every difference, and accepts what the drop-in accepts', () => {
  for (const c of ba.verification_cases) {
    const now = Date.parse(c.target.timestamp);
    if (!Number.isFinite(now) || c.timePad < 0) continue;
    const opts = {
      requestPath: c.target.requestPath,
      body: c.target.body,
      bodyEncoding: c.bodyEncoding,
      now,
      maxAgeSeconds: padSeconds(c),
      maxSkewSeconds: padSeconds(c),
    };
    const dropIn = sigma.verifyAuthToken(c.token, c.target, c.timePad, c.bodyEncoding, { clock: 'target' });
    let code = null;
    try {
      const r = sigma.verify(c.token, opts);
      assert.equal(r.pubkey, c.parsed.pubkey, c.description);
      assert.equal(r.timestamp.getTime(), Date.parse(c.parsed.timestamp));
      assert.match(r.replayId, /^[0-9a-f]{64}$/);
    } catch (e) {
      assert.ok(e instanceof sigma.AuthTokenError, `${c.description}: ${e}`);
      assert.ok(sigma.REASON_CODES.includes(e.code), e.code);
      code = e.code;
    }
    assert.equal(code === null, dropIn, c.description);
    const diff = DIFFERENCES[c.description];
    if (diff && diff[3]) assert.equal(code, diff[3], c.description);
  }
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
