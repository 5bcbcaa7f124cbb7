'use strict';
// AIP and Sigma through the Node API, against tests/vectors/identity.json (bsv-bap 0.1.24,
// sigma-protocol 0.1.9, go-aip's form): byte-exact signing, the references' honest verdicts,
// and the stricter refusals with their codes (spec/identity.md section 5).
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const fs = require('node:fs');
const { sigma } = require('./helpers');

const v = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'tests', 'vectors', 'identity.json'), 'utf8'));
const hex = (h) => Buffer.from(h, 'hex');
const hexes = (list) => list.map(hex);
const afterOpReturn = (list) => (list[0] === '6a' ? list.slice(1) : list);
const sigmaCase = (name) => v.sigma.cases.find((c) => c.name === name);
const refused = (fn, code) => assert.throws(fn, (e) => e instanceof sigma.SigmaAuthError && e.code === code);

test('aipSign writes the pushes bsv-bap writes; aipVerify reports the convention', () => {
  const key = sigma.PrivateKey.fromHex(v.aip.signer.signing_key.priv_hex);
  const c = v.aip.bsv_bap_member_sign[0];
  const signed = sigma.aipSign(hexes(afterOpReturn(c.input_pushes)), key);
  assert.deepEqual(signed.map((b) => b.toString('hex')), afterOpReturn(c.output_pushes));
  assert.deepEqual(sigma.aipVerify(signed), { address: c.address, convention: 'without_pipe', dataPushes: 4 });
  const withPipe = sigma.aipSign([Buffer.from('a')], key, { withPipe: true });
  assert.equal(sigma.aipVerify(withPipe).convention, 'with_pipe');
  const go = v.aip.manual_conventions[0];
  assert.deepEqual(sigma.aipVerify(hexes(go.go_output_pushes)), { address: go.address, convention: 'with_pipe', dataPushes: 4 });
});

test('aipVerify refuses what bsv-bap accepts, each with its code', () => {
  const tx = hexes(v.aip.bsv_bap_repo_id_vectors_recheck[0].tx);
  assert.equal(sigma.aipVerify(tx).address, v.aip.bsv_bap_repo_id_vectors_recheck[0].signer_address);
  const flipped = tx.map(Buffer.from);
  flipped[8][0] ^= 1;
  refused(() => sigma.aipVerify(flipped), 'aip_invalid_signature');
  refused(() => sigma.aipVerify([...tx, Buffer.from('0')]), 'aip_layout');
  const prefix = tx.map(Buffer.from);
  prefix[5] = Buffer.from('1BAPSuaPnfGnSBM3GLV9yhxUdYe4vGbdMT');
  refused(() => sigma.aipVerify(prefix), 'aip_missing');
  const uncompressed = tx.map(Buffer.from);
  uncompressed[8][0] = 0x1c;
  refused(() => sigma.aipVerify(uncompressed), 'aip_bad_signature_encoding');
  assert.throws(() => sigma.aipVerify('nope'), TypeError);
  assert.throws(() => sigma.aipVerify([1]), TypeError);
});

test('sigmaSign is byte-exact with sigma-protocol; sigmaVerify follows the vectors', () => {
  const c = sigmaCase('bsm_single_instance');
  const { sourceTXID: txid, sourceOutputIndex: vout } = c.input;
  const signed = sigma.sigmaSign(hex(c.unsigned_locking_script_hex), c.signer.wif, txid, vout);
  assert.equal(signed.toString('hex'), c.signed_locking_script_hex);
  assert.deepEqual(sigma.sigmaVerify(signed, txid, vout), { algorithm: 'BSM', address: c.address, vin: 0 });
  const second = sigmaCase('bsm_second_instance');
  assert.equal(sigma.sigmaVerify(hex(second.signed_locking_script_hex), txid, vout, { instance: 1 }).address, second.signer.address);
  const brc77 = sigma.sigmaSign(hex(c.unsigned_locking_script_hex), c.signer.wif, txid, vout, { algorithm: 'brc77' });
  assert.equal(sigma.sigmaVerify(brc77, txid, vout).algorithm, 'BRC77');
  assert.equal(sigma.sigmaVerify(hex(sigmaCase('brc77_anyone_verifier').signed_locking_script_hex), txid, vout).algorithm, 'BRC77');
  refused(() => sigma.sigmaVerify(hex(sigmaCase('tampered_data_must_fail').signed_locking_script_hex), txid, vout), 'sigma_invalid_signature');
  refused(() => sigma.sigmaVerify(hex(sigmaCase('header_byte_malleated').signed_locking_script_hex), txid, vout), 'sigma_invalid_signature');
  refused(() => sigma.sigmaVerify(signed, txid, vout, { instance: 1 }), 'sigma_missing');
  refused(() => sigma.sigmaVerify(signed, 'abcd', vout), 'invalid_hex');
  assert.throws(() => sigma.sigmaVerify(signed, txid, -1), TypeError);
  refused(() => sigma.sigmaSign(signed, c.signer.wif, txid, vout, { algorithm: 'rsa' }), 'invalid_input');
});
