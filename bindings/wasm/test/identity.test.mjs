// The identity calls (AIP, Sigma, BAP, ECIES-Electrum, friend encryption) of the WebAssembly
// build against tests/vectors/identity.json (bsv-bap 0.1.24, sigma-protocol 0.1.9, @bsv/sdk
// 2.1.0): byte-exact signing and encryption, the references' verdicts, and the refusals with the
// core's codes, as the Node binding's tests check them.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { sigma, root, thrown } from './helpers.mjs';

const v = JSON.parse(fs.readFileSync(path.join(root, 'tests', 'vectors', 'identity.json'), 'utf8'));
const fromHex = (h) => Uint8Array.from(Buffer.from(h, 'hex'));
const toHex = (b) => Buffer.from(b).toString('hex');
const text = (b) => Buffer.from(b).toString('utf8');
const afterOpReturn = (list) => (list[0] === '6a' ? list.slice(1) : list);
const pushes = (list) => afterOpReturn(list).map(fromHex);
const sigmaCase = (name) => v.sigma.cases.find((c) => c.name === name);
const code = (fn) => {
  const e = thrown(fn);
  assert.equal(e.name, 'SigmaAuthError', e.message);
  return e.code;
};

test('aipSign writes the pushes bsv-bap writes; aipVerify reports the convention or refuses with its code', () => {
  const key = sigma.PrivateKey.fromHex(v.aip.signer.signing_key.priv_hex);
  const c = v.aip.bsv_bap_member_sign[0];
  const signed = sigma.aipSign(pushes(c.input_pushes), key);
  assert.deepEqual(signed.map(toHex), afterOpReturn(c.output_pushes));
  assert.deepEqual(sigma.aipVerify(signed), { address: c.address, convention: 'without_pipe', dataPushes: 4 });
  const withPipe = sigma.aipSign([Uint8Array.of(0x61)], key, { withPipe: true });
  assert.equal(sigma.aipVerify(withPipe).convention, 'with_pipe');
  const go = v.aip.manual_conventions[0];
  assert.deepEqual(sigma.aipVerify(go.go_output_pushes.map(fromHex)), { address: go.address, convention: 'with_pipe', dataPushes: 4 });

  const tx = v.aip.bsv_bap_repo_id_vectors_recheck[0].tx.map(fromHex);
  assert.equal(sigma.aipVerify(tx).address, v.aip.bsv_bap_repo_id_vectors_recheck[0].signer_address);
  const flipped = tx.map((p) => p.slice());
  flipped[8][0] ^= 1;
  assert.equal(code(() => sigma.aipVerify(flipped)), 'aip_invalid_signature');
  assert.equal(code(() => sigma.aipVerify([...tx, Uint8Array.of(0x30)])), 'aip_layout');
  const uncompressed = tx.map((p) => p.slice());
  uncompressed[8][0] = 0x1c;
  assert.equal(code(() => sigma.aipVerify(uncompressed)), 'aip_bad_signature_encoding');
  assert.ok(thrown(() => sigma.aipVerify('nope')) instanceof TypeError);
  assert.ok(thrown(() => sigma.aipVerify([1])) instanceof TypeError);
});

test('sigmaSign is byte-exact with sigma-protocol; sigmaVerify follows the vectors', () => {
  const c = sigmaCase('bsm_single_instance');
  const { sourceTXID: txid, sourceOutputIndex: vout } = c.input;
  const key = sigma.PrivateKey.fromWif(c.signer.wif);
  const signed = sigma.sigmaSign(fromHex(c.unsigned_locking_script_hex), key, txid, vout);
  assert.equal(toHex(signed), c.signed_locking_script_hex);
  assert.deepEqual(sigma.sigmaVerify(signed, txid, vout), { algorithm: 'BSM', address: c.address, vin: 0 });
  const second = sigmaCase('bsm_second_instance');
  assert.equal(sigma.sigmaVerify(fromHex(second.signed_locking_script_hex), txid, vout, { instance: 1 }).address, second.signer.address);
  const brc77 = sigma.sigmaSign(fromHex(c.unsigned_locking_script_hex), key, txid, vout, { algorithm: 'brc77' });
  assert.equal(sigma.sigmaVerify(brc77, txid, vout).algorithm, 'BRC77');
  assert.equal(sigma.sigmaVerify(fromHex(sigmaCase('brc77_anyone_verifier').signed_locking_script_hex), txid, vout).algorithm, 'BRC77');
  assert.equal(code(() => sigma.sigmaVerify(fromHex(sigmaCase('tampered_data_must_fail').signed_locking_script_hex), txid, vout)), 'sigma_invalid_signature');
  assert.equal(code(() => sigma.sigmaVerify(fromHex(sigmaCase('header_byte_malleated').signed_locking_script_hex), txid, vout)), 'sigma_invalid_signature');
  assert.equal(code(() => sigma.sigmaVerify(signed, txid, vout, { instance: 1 })), 'sigma_missing');
  assert.equal(code(() => sigma.sigmaVerify(signed, 'abcd', vout)), 'invalid_hex');
  assert.ok(thrown(() => sigma.sigmaVerify(signed, txid, -1)) instanceof RangeError);
  assert.equal(code(() => sigma.sigmaSign(signed, key, txid, vout, { algorithm: 'rsa' })), 'invalid_input');
});

test('BAP: IDs, attestation hash, check and signing match bsv-bap; refusals carry their codes', () => {
  const bap = v.bap;
  const att = bap.attestation;
  const subject = { attribute: att.attribute, value: att.value, nonce: att.nonce, identityKey: att.subject_identityKey };
  for (const c of bap.bap_id_from_address) {
    assert.equal(sigma.bapIdFromAddress(c.address), c.bap_id);
  }
  assert.equal(sigma.bapIdFromPublicKey(sigma.PublicKey.fromHex(v.meta.keys.K1.pub)), bap.bap_id_from_address[0].bap_id_from_pubkey);
  assert.equal(code(() => sigma.bapIdFromAddress('1C6Rc3w25VHud3dLDamutaqfKWqhrLRTaE')), 'invalid_address');

  assert.equal(sigma.bapAttestationHash(subject), att.attestation_hash_hex);
  const checked = sigma.bapCheckAttestation(pushes(att.counter0.tx_pushes), subject);
  assert.deepEqual(checked, { type: 'ATTEST', hash: att.attestation_hash_hex, sequence: 0, address: att.attestor.signing_address });
  const withData = sigma.bapCheckAttestation(pushes(att.counter1_with_data.tx_pushes));
  assert.equal(text(withData.data), att.counter1_with_data.data);
  assert.equal(withData.sequence, 1);
  const key = sigma.PrivateKey.fromWif(v.meta.keys.K2.wif);
  const signed = sigma.bapSignAttestation(key, att.attestation_hash_hex, { sequence: 7, data: 'x' });
  assert.equal(signed.length, 14);
  const again = sigma.bapCheckAttestation(signed, subject);
  assert.equal(again.address, v.meta.keys.K2.address);
  assert.equal(again.sequence, 7);
  assert.equal(code(() => sigma.bapSignAttestation(key, att.attestation_hash_hex, { sequence: -1 })), 'bap_bad_sequence');

  const codes = {
    tampered_sequence: 'aip_invalid_signature',
    signing_protocol_replaced: 'aip_unsupported_algorithm',
    aip_prefix_replaced: 'aip_missing',
    trailing_push: 'bap_layout',
    high_s_signature: 'aip_bad_signature_encoding',
  };
  for (const c of bap.verify_attestation) {
    if (c.name === 'no_op_return') continue; // not a list of pushes after OP_RETURN
    if (c.name === 'valid_counter0') {
      assert.equal(sigma.bapCheckAttestation(pushes(c.tx_pushes)).address, att.attestor.signing_address);
    } else {
      assert.equal(code(() => sigma.bapCheckAttestation(pushes(c.tx_pushes))), codes[c.name], c.name);
    }
  }
  assert.equal(code(() => sigma.bapCheckAttestation(pushes(att.counter0.tx_pushes), { ...subject, value: 'Jane' })), 'bap_hash_mismatch');
  assert.ok(thrown(() => sigma.bapCheckAttestation('x')) instanceof TypeError);
  assert.ok(thrown(() => sigma.bapAttestationHash({ attribute: 'name' })) instanceof TypeError);
});

test('ECIES-Electrum vectors: byte-exact with a fixed sender key, decrypt cases with their codes', () => {
  const fe = v.friend_encryption;
  const k2 = sigma.PrivateKey.fromHex('02'.repeat(32));
  const k3 = sigma.PrivateKey.fromHex('00'.repeat(31) + '03');
  const cases = Object.fromEntries(fe.ecies_decrypt_cases.map((c) => [c.name, c]));
  const valid = fromHex(cases.valid.ciphertext_hex);
  const noKey = fromHex(cases.no_key_variant_with_sender_pub.ciphertext_hex);
  assert.equal(toHex(sigma.eciesEncrypt('abc', k2.publicKey(), { sender: k3 })), cases.valid.ciphertext_hex);
  assert.equal(toHex(sigma.eciesEncrypt('abc', k2.publicKey(), { sender: k3, noKey: true })), cases.no_key_variant_with_sender_pub.ciphertext_hex);
  assert.equal(toHex(sigma.eciesEncrypt(new Uint8Array(0), k2.publicKey(), { sender: k3 })), cases.empty_plaintext_roundtrip.ciphertext_hex);
  assert.equal(text(sigma.eciesDecrypt(valid, k2)), 'abc');
  assert.equal(text(sigma.eciesDecrypt(valid, k2, { sender: k3.publicKey() })), 'abc');
  assert.equal(text(sigma.eciesDecrypt(noKey, k2, { sender: k3.publicKey(), noKey: true })), 'abc');
  assert.equal(code(() => sigma.eciesDecrypt(fromHex(cases.tampered_ciphertext.ciphertext_hex), k2)), 'decryption_failed');
  assert.equal(code(() => sigma.eciesDecrypt(fromHex(cases.tampered_hmac.ciphertext_hex), k2)), 'decryption_failed');
  assert.equal(code(() => sigma.eciesDecrypt(fromHex(cases.bad_magic.ciphertext_hex), k2)), 'version_mismatch');
  assert.equal(code(() => sigma.eciesDecrypt(noKey, k2, { noKey: true })), 'invalid_input');
  assert.equal(code(() => sigma.eciesDecrypt(valid, k2, { sender: k2.publicKey() })), 'decryption_failed');
  assert.equal(code(() => sigma.eciesDecrypt(valid.subarray(0, 60), k2)), 'invalid_length');
  // a random sender key (Web Crypto): opens, and two encryptions differ
  const r1 = sigma.eciesEncrypt('hi', k2.publicKey());
  assert.equal(text(sigma.eciesDecrypt(r1, k2)), 'hi');
  assert.notEqual(toHex(r1), toHex(sigma.eciesEncrypt('hi', k2.publicKey())));
  // the caller's key objects stay usable after being passed in options
  assert.equal(k3.publicKey().toHex().length, 66);
  assert.ok(thrown(() => sigma.eciesEncrypt('abc', k2.publicKey(), { sender: 'not a key' })) instanceof TypeError);
});

test('friend encryption vectors: bsv-bap MemberID keys and bytes, MasterID Type42, TokenPass self and peer', () => {
  const fe = v.friend_encryption;
  const m = fe.bsv_bap_member;
  const a = sigma.PrivateKey.fromHex(m.A.member_key.priv_hex);
  const b = sigma.PrivateKey.fromWif(m.B.member_key.wif);
  assert.equal(sigma.friendPublicKey(a, m.B.bap_id).toHex(), m.A.friend_pubkey);
  assert.equal(sigma.friendPublicKey(b, m.A.bap_id).toHex(), m.B.friend_pubkey);
  const bPub = sigma.PublicKey.fromHex(m.B.friend_pubkey);
  const aPub = sigma.PublicKey.fromHex(m.A.friend_pubkey);
  const ct = sigma.friendEncrypt(m.plaintext_utf8, a, m.B.bap_id, { to: bPub });
  assert.equal(Buffer.from(ct).toString('base64'), m.ciphertext_b64);
  assert.equal(text(sigma.friendDecrypt(ct, b, m.A.bap_id, { from: aPub })), m.decrypted_by_B);
  assert.equal(text(sigma.friendDecrypt(ct, b, m.A.bap_id)), m.decrypted_by_B);
  assert.equal(code(() => sigma.friendDecrypt(ct, b, m.B.bap_id)), 'decryption_failed');
  assert.equal(Buffer.from(sigma.friendEncrypt('self', a, m.B.bap_id)).toString('base64'), m.self_encrypt_no_counterparty_b64);
  assert.equal(code(() => sigma.friendEncrypt('x', a, '')), 'invalid_input');
  assert.ok(thrown(() => sigma.friendEncrypt('x', a, 'id', { mode: 'nope' })) instanceof TypeError);

  const tp = fe.tokenpass_server;
  const master = sigma.PrivateKey.fromHex(tp.master_priv_hex);
  assert.equal(sigma.friendPublicKey(master, tp.friendBapId, { mode: 'tokenpass-peer' }).toHex(), tp.friend_pubkey);
  assert.equal(text(sigma.friendDecrypt(fromHex(tp.self_mode.ciphertext_hex), master, tp.friendBapId, { mode: 'tokenpass-self' })), tp.self_mode.decrypted);
  const note = sigma.friendEncrypt('mine', master, tp.friendBapId, { mode: 'tokenpass-self' });
  assert.equal(text(sigma.friendDecrypt(note, master, tp.friendBapId, { mode: 'tokenpass-self' })), 'mine');
  const k2 = sigma.PrivateKey.fromHex('02'.repeat(32));
  const toMaster = sigma.friendEncrypt('hey', k2, 'unused', { mode: 'tokenpass-peer', to: sigma.PublicKey.fromHex(tp.friend_pubkey) });
  assert.equal(text(sigma.friendDecrypt(toMaster, master, tp.friendBapId, { mode: 'tokenpass-peer' })), 'hey');
  assert.equal(code(() => sigma.friendEncrypt('hey', k2, 'x', { mode: 'tokenpass-peer' })), 'invalid_input');

  const mt = fe.bsv_bap_masterid_type42;
  // bsv-bap `new MasterID({ rootPk: K1 })`: its root key is K1's BRC-42 child for the root path
  const k1 = sigma.PrivateKey.fromHex('01'.repeat(32));
  const rootKey = k1.deriveChild(k1.publicKey(), "m/424150'/0'/0'/0/0/0");
  assert.equal(sigma.friendPublicKey(rootKey, mt.seed, { mode: 'bap-master' }).toHex(), mt.friend_pubkey);
  assert.notEqual(sigma.friendPublicKey(a, m.B.bap_id, { mode: 'bap-master' }).toHex(), m.A.friend_pubkey);
});
