'use strict';
// BRC-78 encrypted messages and SymmetricKey: the reference vectors of tests/vectors (made by
// @bsv/sdk 2.1.0), and both directions against the real @bsv/sdk 2.1.0 on random inputs.
const test = require('node:test');
const assert = require('node:assert/strict');
const { sigma, reference, vectors, rng } = require('./helpers');

const { sdk } = reference();
const v = vectors();
// The SDK's pure-JS curve arithmetic makes a BRC-78 case cost ~50 ms; 150 cases keep the step short.
const CASES = Number(process.env.SIGMA_BRC78_ORACLE_CASES || 150);
const SYM_CASES = 200;
const hex = (h) => Buffer.from(h, 'hex');

// Our expected code per negative case, derived by hand from spec/auth-crypto.md 5.1/5.3 and
// section 7 (version, length >= 150, sender key, recipient before any cryptography, AES-GCM).
const EXPECTED = {
  'valid (base for the cases below)': 'ok',
  'wrong recipient key (carol)': 'wrong_recipient',
  'version changed': 'version_mismatch',
  'sender pubkey replaced by carol': 'decryption_failed',
  'key ID bit flipped': 'decryption_failed',
  'IV bit flipped': 'decryption_failed',
  'ciphertext bit flipped': 'decryption_failed',
  'tag bit flipped': 'decryption_failed',
  'truncated by one byte': 'decryption_failed',
  'payload shorter than IV+tag (47 bytes after header)': 'invalid_length',
  'header only': 'invalid_length',
  empty: 'version_mismatch',
};

test('brc78 vectors: byte-exact encryption with the vector key ID and IV, decryption to the reference plaintext', () => {
  assert.equal(v.brc78_encrypted_message.vectors.length, 7);
  for (const m of v.brc78_encrypted_message.vectors) {
    const sender = sigma.PrivateKey.fromHex(m.sender_priv);
    const recipient = sigma.PrivateKey.fromHex(m.recipient_priv);
    const recipientPub = sigma.PublicKey.fromHex(m.recipient_pub);
    const msg = hex(m.message_hex);
    const opts = { keyId: hex(m.key_id_hex), iv: hex(m.iv) };
    if (msg.length === 0) {
      // the SDK cannot open an empty message, so we refuse to make one...
      assert.equal(m.sdk_decrypt.error, 'Cipher text must not be empty');
      assert.throws(() => sigma.brc78Encrypt(msg, sender, recipientPub, opts), { name: 'SigmaAuthError', code: 'invalid_input' });
      // ...but open the one the SDK makes (standard GCM; spec section 7)
      const out = sigma.brc78Decrypt(hex(m.encrypted_hex), recipient);
      assert.equal(out.plaintext.length, 0);
      assert.ok(out.sender.equals(sender.publicKey()));
      continue;
    }
    const sealed = sigma.brc78Encrypt(msg, sender, recipientPub, opts);
    assert.equal(sealed.toString('hex'), m.encrypted_hex, m.description);
    const out = sigma.brc78Decrypt(hex(m.encrypted_hex), recipient);
    assert.equal(out.plaintext.toString('hex'), m.sdk_decrypt.result, m.description);
    assert.ok(out.sender instanceof sigma.PublicKey);
    assert.equal(out.sender.toHex(), m.layout.sender_pub, m.description);
    // a WIF string works as the key, a string message is UTF-8
    if (m.message_utf8) {
      assert.equal(sigma.brc78Encrypt(m.message_utf8, sender.toWif(), recipientPub, opts).toString('hex'), m.encrypted_hex);
      assert.equal(sigma.brc78Decrypt(hex(m.encrypted_hex), recipient.toWif()).plaintext.toString('utf8'), m.message_utf8);
    }
  }
});

test('brc78 negative cases: each refused with its code (and the reference refuses them too)', () => {
  const cases = v.brc78_encrypted_message.edge_and_negative;
  assert.deepEqual(cases.map((c) => c.description).sort(), Object.keys(EXPECTED).sort());
  for (const c of cases) {
    const want = EXPECTED[c.description];
    const key = sigma.PrivateKey.fromHex(c.recipient_priv);
    if (want === 'ok') {
      assert.equal(sigma.brc78Decrypt(hex(c.encrypted_hex), key).plaintext.toString('hex'), c.sdk_decrypt.result);
      continue;
    }
    assert.ok('error' in c.sdk_decrypt, c.description);
    assert.throws(() => sigma.brc78Decrypt(hex(c.encrypted_hex), key), (e) => e instanceof sigma.SigmaAuthError && e.code === want, c.description);
  }
});

test('brc78 argument checks', () => {
  const a = sigma.PrivateKey.generate();
  const b = a.publicKey();
  assert.throws(() => sigma.brc78Encrypt('m', a, b, { keyId: Buffer.alloc(32) }), TypeError);
  assert.throws(() => sigma.brc78Encrypt('m', a, b, { keyId: Buffer.alloc(31), iv: Buffer.alloc(32) }), { code: 'invalid_length' });
  assert.throws(() => sigma.brc78Encrypt('m', a, b, { keyId: Buffer.alloc(32), iv: Buffer.alloc(33) }), { code: 'invalid_length' });
  assert.throws(() => sigma.brc78Encrypt('m', a, 'not a key'), TypeError);
  assert.throws(() => sigma.brc78Encrypt(42, a, b), TypeError);
  assert.throws(() => sigma.brc78Encrypt('', a, b), { code: 'invalid_input' });
  assert.throws(() => sigma.brc78Decrypt('42421033', a), TypeError);
  assert.throws(() => sigma.brc78Decrypt(Buffer.alloc(0), b), TypeError);
  // random key ID and IV: two encryptions differ, both open
  const one = sigma.brc78Encrypt('m', a, b);
  const two = sigma.brc78Encrypt('m', a, b);
  assert.notDeepEqual(one, two);
  assert.equal(sigma.brc78Decrypt(one, a).plaintext.toString(), 'm');
  assert.equal(one.length, 151);
});

test('SymmetricKey vectors: byte-exact AES-256-GCM with a 32-byte IV, leading-zero keys padded', () => {
  const sym = v.symmetric_key;
  for (const e of sym.encrypt_vectors) {
    const k = sigma.SymmetricKey.fromBytes(hex(e.key));
    assert.equal(k.encrypt(hex(e.plaintext_hex), { iv: hex(e.iv) }).toString('hex'), e.output_hex, e.description);
    assert.equal(k.decrypt(hex(e.output_hex)).toString('hex'), e.plaintext_hex, e.description);
    const tampered = hex(e.output_hex);
    tampered[tampered.length - 1] ^= 1;
    assert.throws(() => k.decrypt(tampered), { code: 'decryption_failed' });
    assert.throws(() => k.decrypt(hex(e.output_hex).subarray(0, 47)), { code: 'invalid_length' });
  }
  const lz = sym.leading_zero_key;
  for (const key of [lz.key_32, lz.key_31]) {
    const k = sigma.SymmetricKey.fromBytes(hex(key));
    assert.equal(k.encrypt(lz.plaintext_utf8, { iv: hex(lz.iv) }).toString('hex'), lz.output_hex);
  }
  assert.throws(() => sigma.SymmetricKey.fromBytes(Buffer.alloc(33)), { code: 'invalid_length' });
  assert.throws(() => sigma.SymmetricKey.fromBytes(Buffer.alloc(0)), { code: 'invalid_length' });
  const k = sigma.SymmetricKey.fromBytes(hex(sym.encrypt_vectors[0].key));
  assert.ok(!require('node:util').inspect(k).includes(sym.encrypt_vectors[0].key));
  assert.throws(() => k.encrypt('x', { iv: Buffer.alloc(12) }), { code: 'invalid_length' });
});

test(`oracle @bsv/sdk 2.1.0: ${CASES} random BRC-78 messages in both directions`, () => {
  const r = rng(0x78787878);
  for (let i = 0; i < CASES; i++) {
    const skeyS = sdk.PrivateKey.fromRandom();
    const skeyR = i % 17 === 0 ? skeyS : sdk.PrivateKey.fromRandom();
    const oS = sigma.PrivateKey.fromHex(skeyS.toHex().padStart(64, '0'));
    const oR = sigma.PrivateKey.fromHex(skeyR.toHex().padStart(64, '0'));
    const msg = r.bytes(1 + r.int(i % 50 === 0 ? 5000 : 300));
    const arr = Array.from(msg);
    // theirs -> ours
    const theirs = sdk.EncryptedMessage.encrypt(arr, skeyS, skeyR.toPublicKey());
    const out = sigma.brc78Decrypt(Buffer.from(theirs), oR);
    assert.deepEqual(out.plaintext, msg);
    assert.equal(out.sender.toHex(), skeyS.toPublicKey().toString());
    // ours -> theirs (random and explicit key ID / IV)
    const mine = sigma.brc78Encrypt(msg, oS, oR.publicKey());
    assert.deepEqual(Buffer.from(sdk.EncryptedMessage.decrypt(Array.from(mine), skeyR)), msg);
    const fixed = sigma.brc78Encrypt(msg, oS, oR.publicKey(), { keyId: r.bytes(32), iv: r.bytes(32) });
    assert.deepEqual(Buffer.from(sdk.EncryptedMessage.decrypt(Array.from(fixed), skeyR)), msg);
    // the same tamper is refused by both
    const bad = Buffer.from(mine);
    bad[70 + r.int(bad.length - 70)] ^= 1 << r.int(8);
    assert.throws(() => sdk.EncryptedMessage.decrypt(Array.from(bad), skeyR));
    assert.throws(() => sigma.brc78Decrypt(bad, oR), { code: 'decryption_failed' });
    // a third party is refused by both, before any cryptography on our side
    if (skeyR !== skeyS) {
      assert.throws(() => sdk.EncryptedMessage.decrypt(Array.from(mine), skeyS));
      assert.throws(() => sigma.brc78Decrypt(mine, oS), { code: 'wrong_recipient' });
    }
  }
});

test(`oracle @bsv/sdk 2.1.0: ${SYM_CASES} random SymmetricKey messages in both directions`, () => {
  const r = rng(0x5e5e5e5e);
  for (let i = 0; i < SYM_CASES; i++) {
    const keyBytes = r.bytes(32);
    if (i % 10 === 0) keyBytes[0] = 0;
    const theirKey = new sdk.SymmetricKey(Array.from(keyBytes));
    const ours = sigma.SymmetricKey.fromBytes(keyBytes);
    const msg = r.bytes(1 + r.int(300));
    assert.deepEqual(ours.decrypt(Buffer.from(theirKey.encrypt(Array.from(msg)))), msg);
    assert.deepEqual(Buffer.from(theirKey.decrypt(Array.from(ours.encrypt(msg)))), msg);
  }
});
