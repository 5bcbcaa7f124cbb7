// The reference token vectors (tests/vectors/auth-crypto.json, made by bitcoin-auth 0.0.7 on
// @bsv/sdk 2.1.0) through the WebAssembly API, with the expected outcome of every case, strict
// and compat, read from tests/vectors/verification-outcomes.json (the file every suite reads).
import test from 'node:test';
import assert from 'node:assert/strict';
import { sigma, vectors, outcomes } from './helpers.mjs';

const v = vectors();
const ba = v.bitcoin_auth;
const expected = new Map(outcomes().cases.map((c) => [c.description, c]));
const padSeconds = (c) => Math.max(0, Math.trunc(c.timePad)) * 60;

test('every verification case gives the expected outcome through Verifier.verify, strict and compat', (t) => {
  let checked = 0;
  let noClock = 0;
  for (const c of ba.verification_cases) {
    const e = expected.get(c.description);
    assert.ok(e, `no expected outcome for ${c.description}`);
    if (e.strict === 'no_clock' || e.compat === 'no_clock') {
      noClock++;
      continue;
    }
    for (const compat of [false, true]) {
      const verifier = new sigma.Verifier({ maxAgeSeconds: padSeconds(c), maxSkewSeconds: padSeconds(c), compat });
      const request = { requestPath: c.target.requestPath, body: c.target.body, bodyEncoding: c.bodyEncoding };
      const want = compat ? e.compat : e.strict;
      let got = 'valid';
      try {
        const r = verifier.verify(c.token, request, Date.parse(c.target.timestamp));
        if (compat) assert.match(r.pubkey, /^0[23][0-9a-f]{64}$/, c.description);
        else assert.equal(r.pubkey, c.parsed.pubkey, c.description);
        assert.ok(r.timestamp instanceof Date);
        assert.equal(r.timestamp.getTime(), Date.parse(c.parsed.timestamp));
        assert.match(r.replayId, /^[0-9a-f]{64}$/);
      } catch (err) {
        assert.equal(err.name, 'AuthTokenError', `${c.description}: ${err}`);
        assert.ok(sigma.reasonCodes().includes(err.code), err.code);
        got = err.code;
      }
      assert.equal(got, want, `${c.description} (${compat ? 'compat' : 'strict'})`);
      // The free function and the Promise form give the same answer.
      const opts = { ...request, now: c.target.timestamp, maxAgeSeconds: padSeconds(c), maxSkewSeconds: padSeconds(c), compat };
      let free = 'valid';
      try {
        sigma.verify(c.token, opts);
      } catch (err) {
        free = err.code;
      }
      assert.equal(free, want, `${c.description} (free verify)`);
      checked++;
    }
  }
  t.diagnostic(`${checked} verifications checked, ${noClock} 'no_clock' cases skipped`);
  assert.equal(checked / 2 + noClock, ba.verification_cases.length);
  assert.equal(ba.verification_cases.length, 92);
});

test('verifyBatch returns, in order, the same outcome as verify for every case', () => {
  const verifier = new sigma.Verifier({ maxAgeSeconds: 300, maxSkewSeconds: 300 });
  const items = ba.verification_cases.slice(0, 40).map((c) => ({
    token: c.token,
    requestPath: c.target.requestPath,
    body: c.target.body,
    bodyEncoding: c.bodyEncoding,
  }));
  const now = Date.parse('2025-01-01T00:00:00.000Z');
  const batch = verifier.verifyBatch(items, now);
  assert.equal(batch.length, items.length);
  items.forEach((it, i) => {
    let one;
    try {
      one = verifier.verify(it.token, it, now).replayId;
    } catch (e) {
      one = e.code;
    }
    assert.equal(batch[i] instanceof Error ? batch[i].code : batch[i].replayId, one);
  });
});

test('creation vectors: bsm tokens are byte-identical, brc77 tokens verify and carry the same fields', () => {
  for (const c of ba.creation_vectors) {
    const key = sigma.PrivateKey.fromWif(c.signer_wif);
    const scheme = c.config.scheme ?? 'brc77';
    const ours = sigma.createToken(key, { ...c.config, scheme });
    if (scheme === 'bsm') assert.equal(ours, c.token, c.description);
    else {
      assert.deepEqual(ours.split('|').slice(0, 4), c.token.split('|').slice(0, 4), c.description);
      assert.notEqual(ours.split('|')[4], c.token.split('|')[4], 'brc77 key IDs are random');
    }
    for (const token of [ours, c.token]) {
      const r = sigma.verify(token, {
        requestPath: c.config.requestPath,
        body: c.config.body,
        bodyEncoding: c.config.bodyEncoding,
        now: new Date(c.config.timestamp),
      });
      assert.equal(r.scheme, scheme);
      assert.equal(r.pubkey, c.parsed.pubkey);
    }
    assert.deepEqual(sigma.parseAuthToken(c.token), c.parsed);
  }
});

test('keys, BSM sign vectors, BRC-42 derivations and BRC-77 vectors through the key API', () => {
  for (const name of ['alice', 'bob', 'carol']) {
    const k = v.keys[name];
    const key = sigma.PrivateKey.fromHex(k.priv_hex);
    assert.equal(key.toWif(), k.wif_compressed_mainnet);
    assert.ok(sigma.PrivateKey.fromWif(k.wif_compressed_mainnet).equals(key));
    assert.equal(key.publicKey().toHex(), k.pub_compressed);
    assert.equal(Buffer.from(key.publicKey().toBytes(false)).toString('hex'), k.pub_uncompressed);
    assert.equal(key.publicKey().toAddress(), k.p2pkh_address_mainnet);
    assert.ok(sigma.PublicKey.fromHex(k.pub_uncompressed).equals(key.publicKey()));
    assert.equal(String(key), 'PrivateKey(<secret>)');
  }
  for (const s of v.bsm.sign_vectors) {
    const message = s.message_hex !== undefined
      ? Buffer.from(s.message_hex, 'hex')
      : Buffer.from(Array.from({ length: s.message_rule.length }, (_, i) => i % 256));
    const key = sigma.PrivateKey.fromHex(s.priv);
    assert.equal(sigma.bsmSign(message, key), s.signature_base64, s.description);
    assert.equal(sigma.bsmVerify(message, s.signature_base64, sigma.PublicKey.fromHex(s.pub)), true);
    assert.equal(sigma.bsmRecover(message, s.signature_base64).toHex(), s.pub);
  }
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
    if (m.verifier === 'anyone') assert.equal(sigma.brc77Verify(msg, sig).toHex(), signer.publicKey().toHex(), m.description);
    else assert.equal(thrownCode(() => sigma.brc77Verify(msg, sig)), 'recipient_required', m.description);
  }
});

function thrownCode(fn) {
  try {
    fn();
  } catch (e) {
    return e.code;
  }
  return 'no error';
}
