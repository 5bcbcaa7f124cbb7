// The contracts of the WebAssembly API: errors carry the core's code (`err.code`) and class
// name like the Node binding; wrong types are TypeErrors; the ReasonCode union of the generated
// typings is the core's list; randomness (Web Crypto) gives distinct keys and key IDs; tokens
// made here verify in the reference (bitcoin-auth) and the reference's verify here.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { sigma, here, reference, thrown } from './helpers.mjs';

test('reasonCodes() (the core\'s list) equals the ReasonCode union of the generated typings, in order', () => {
  const codes = sigma.reasonCodes();
  for (const dir of ['web', 'node']) {
    const dts = fs.readFileSync(path.join(here, '..', 'pkg', dir, 'sigma_auth_wasm.d.ts'), 'utf8');
    const m = /export type ReasonCode =([^;]*);/m.exec(dts);
    assert.ok(m, `${dir}: the typings declare ReasonCode`);
    assert.deepEqual([...m[1].matchAll(/'([^']*)'/g)].map((x) => x[1]), codes, dir);
  }
  assert.ok(codes.includes('expired') && codes.includes('invalid_wif'));
  assert.equal(new Set(codes).size, codes.length);
});

test('errors: SigmaAuthError / AuthTokenError names with the core\'s code; TypeError and RangeError for bad arguments', () => {
  const bad = thrown(() => sigma.PrivateKey.fromWif('not a wif'));
  assert.equal(bad.name, 'SigmaAuthError');
  assert.equal(bad.code, 'invalid_wif');
  assert.ok(bad instanceof Error);
  assert.ok(!bad.message.includes('not a wif'), 'the message never echoes the input');
  assert.equal(thrown(() => sigma.PrivateKey.fromHex('00'.repeat(32))).code, 'invalid_private_key');
  assert.equal(thrown(() => sigma.PublicKey.fromHex('02' + '00'.repeat(32))).code, 'invalid_public_key');
  assert.ok(thrown(() => sigma.PrivateKey.fromWif(42)) instanceof TypeError);
  assert.ok(thrown(() => new sigma.Verifier({ maxAgeSeconds: -1 })) instanceof RangeError);
  assert.ok(thrown(() => new sigma.Verifier({ compat: 'yes' })) instanceof TypeError);
  const v = new sigma.Verifier({});
  assert.ok(thrown(() => v.verify('t', { requestPath: 1 })) instanceof TypeError);
  const malformed = thrown(() => v.verify('a|b', { requestPath: '/' }));
  assert.equal(malformed.name, 'AuthTokenError');
  assert.equal(malformed.code, 'malformed_token');
  assert.equal(v.maxAgeSeconds, 300);
  assert.equal(v.maxSkewSeconds, 300);
  assert.equal(v.compat, false);
  const key = sigma.PrivateKey.generate();
  assert.equal(thrown(() => sigma.createToken(key, { requestPath: '/', scheme: 'rsa' })).code, 'invalid_input');
  assert.equal(thrown(() => sigma.createToken(key, { requestPath: '/', timestamp: 'yesterday' })).code, 'invalid_timestamp');
});

test('the window is two-sided, and a token bound to another path or body is refused with its code', async () => {
  const key = sigma.PrivateKey.generate();
  const now = Date.parse('2026-06-01T12:00:00.000Z');
  const token = sigma.createToken(key, { requestPath: '/api?x=1', body: '{"a":1}', timestamp: now });
  const v = new sigma.Verifier({ maxAgeSeconds: 60, maxSkewSeconds: 5 });
  const ok = v.verify(token, { requestPath: '/api?x=1', body: '{"a":1}' }, now + 60_000);
  assert.equal(ok.pubkey, key.publicKey().toHex());
  assert.equal(ok.scheme, 'brc77');
  const code = (req, at) => thrown(() => v.verify(token, req, at)).code;
  assert.equal(code({ requestPath: '/api?x=1', body: '{"a":1}' }, now + 60_001), 'expired');
  assert.equal(code({ requestPath: '/api?x=1', body: '{"a":1}' }, now - 5_001), 'not_yet_valid');
  assert.equal(code({ requestPath: '/api?x=2', body: '{"a":1}' }, now), 'path_mismatch');
  assert.equal(code({ requestPath: '/api?x=1', body: '{"a":2}' }, now), 'invalid_signature');
  const asBytes = v.verify(token, { requestPath: '/api?x=1', body: new TextEncoder().encode('{"a":1}') }, now);
  assert.equal(asBytes.replayId, ok.replayId);
  assert.equal((await v.verifyAsync(token, { requestPath: '/api?x=1', body: '{"a":1}' }, now)).replayId, ok.replayId);
  await assert.rejects(v.verifyAsync(token, { requestPath: '/other', body: '{"a":1}' }, now), (e) => e.code === 'path_mismatch');
});

test('Web Crypto randomness: fresh keys and BRC-77 key IDs differ', () => {
  const a = sigma.PrivateKey.generate();
  const b = sigma.PrivateKey.generate();
  assert.ok(!a.equals(b));
  assert.notEqual(a.toHex(), b.toHex());
  const t1 = sigma.createToken(a, { requestPath: '/', timestamp: 0 });
  const t2 = sigma.createToken(a, { requestPath: '/', timestamp: 0 });
  assert.notEqual(t1, t2, 'two brc77 tokens for the same request have different key IDs');
  assert.equal(sigma.createToken(a, { requestPath: '/', timestamp: 0, scheme: 'bsm' }), sigma.createToken(a, { requestPath: '/', timestamp: 0, scheme: 'bsm' }));
});

test('BRC-77 for a verifier and BRC-78 round trips, with their refusal codes', () => {
  const alice = sigma.PrivateKey.generate();
  const bob = sigma.PrivateKey.generate();
  const carol = sigma.PrivateKey.generate();
  const env = sigma.brc77Sign('hi', alice, bob.publicKey());
  assert.ok(sigma.brc77VerifyAs('hi', env, bob).equals(alice.publicKey()));
  assert.equal(thrown(() => sigma.brc77Verify('hi', env)).code, 'recipient_required');
  assert.equal(thrown(() => sigma.brc77VerifyAs('hi', env, carol)).code, 'wrong_recipient');
  assert.equal(thrown(() => sigma.brc77VerifyAs('ho', env, bob)).code, 'signature_mismatch');
  const open = sigma.brc77SignForAnyone(new Uint8Array([1, 2, 3]), alice);
  assert.ok(sigma.brc77Verify(new Uint8Array([1, 2, 3]), open).equals(alice.publicKey()));
  const sealed = sigma.brc78Encrypt('secret', alice, bob.publicKey());
  const out = sigma.brc78Decrypt(sealed, bob);
  assert.equal(new TextDecoder().decode(out.plaintext), 'secret');
  assert.ok(out.sender.equals(alice.publicKey()));
  assert.equal(thrown(() => sigma.brc78Decrypt(sealed, carol)).code, 'wrong_recipient');
  assert.equal(thrown(() => sigma.brc78Encrypt('', alice, bob.publicKey())).code, 'invalid_input');
  const sig = sigma.bsmSign('m', alice);
  assert.equal(sigma.bsmVerify('m', sig, alice.publicKey()), true);
  assert.equal(sigma.bsmVerify('n', sig, alice.publicKey()), false);
});

test('both directions with the reference: bitcoin-auth accepts our tokens, we accept its tokens', () => {
  const { bitcoinAuth, sdk } = reference();
  for (const scheme of ['brc77', 'bsm']) {
    const wif = sdk.PrivateKey.fromRandom().toWif();
    const key = sigma.PrivateKey.fromWif(wif);
    const timestamp = new Date().toISOString();
    const ours = sigma.createToken(key, { requestPath: '/r?q=1', body: 'b', scheme, timestamp });
    assert.equal(bitcoinAuth.verifyAuthToken(ours, { requestPath: '/r?q=1', body: 'b', timestamp }), true, scheme);
    const theirs = bitcoinAuth.getAuthToken({ privateKeyWif: wif, requestPath: '/r?q=1', body: 'b', scheme, timestamp });
    assert.equal(sigma.verify(theirs, { requestPath: '/r?q=1', body: 'b' }).pubkey, key.publicKey().toHex(), scheme);
  }
});
