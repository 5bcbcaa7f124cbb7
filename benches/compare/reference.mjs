// Same-run comparison, JavaScript references: bitcoin-auth 0.0.7 on @bsv/sdk 2.1.0, bsv-bap 0.1.24
// (AIP) and sigma-protocol 0.1.9 (Sigma) (pinned in
// tests/interop/package-lock.json, installed by scripts/install-interop). Prints one JSON line
// per result: {"impl", "op", "ops_per_sec"}. Usage: node reference.mjs [seconds-per-op]
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import fs from 'node:fs';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../../tests/interop/package.json'));
const { getAuthToken, verifyAuthToken } = require('bitcoin-auth');
const { PrivateKey, Utils, ECIES, EncryptedMessage, BSM, Hash } = require('@bsv/sdk');
const modules = path.join(here, '../../tests/interop/node_modules');
const version = (name) => JSON.parse(fs.readFileSync(path.join(modules, name, 'package.json'), 'utf8')).version;
const sdkVersion = version('@bsv/sdk');
const authVersion = version('bitcoin-auth');

const secs = Number(process.argv[2] ?? '1');
const WIF = 'L4JwZ3sYcpB1NC9hJ7nSbD8WPyBHNqi43biKVxMuwFUDTHvjrDQH';
const PATH = '/api/items?page=2';
const BODY = '{"a":1}';
const CREATED = '2025-01-15T12:00:00.000Z';
const NOW = '2025-01-15T12:00:30.000Z';

// Timed as the Rust side does: round-robin over all operations, five rounds of secs/5 each, in
// CPU time (process.cpuUsage, user + system) so that other processes on a shared machine
// disturb the figures as little as possible; each operation keeps its best round.
const ROUNDS = 5;
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const ops = [];
const measure = (impl, op, fn) => ops.push({ impl, op, fn, best: 0 });
function runAll() {
  const slot = secs / ROUNDS;
  for (const o of ops) {
    const start = cpu();
    while (cpu() - start < slot / 4) o.fn();
  }
  for (let r = 0; r < ROUNDS; r++) {
    for (const o of ops) {
      const start = cpu();
      let n = 0;
      let elapsed = 0;
      while (elapsed < slot) {
        o.fn();
        n++;
        elapsed = cpu() - start;
      }
      o.best = Math.max(o.best, n / elapsed);
    }
  }
  for (const o of ops) emit(o.impl, o.op, o.best);
}

const print = console.log;
const emit = (impl, op, ops) => print(JSON.stringify({ impl, op, ops_per_sec: Number(ops.toFixed(1)) }));
const label = `bitcoin-auth ${authVersion} (JS, @bsv/sdk ${sdkVersion})`;
const target = { requestPath: PATH, timestamp: NOW, body: BODY };

for (const scheme of ['brc77', 'bsm']) {
  const config = { privateKeyWif: WIF, requestPath: PATH, body: BODY, bodyEncoding: 'utf8', scheme, timestamp: CREATED };
  const token = getAuthToken(config);
  if (!verifyAuthToken(token, target, 5, 'utf8')) throw new Error(`reference rejected its own ${scheme} token`);
  measure(label, `token_verify_${scheme}`, () => verifyAuthToken(token, target, 5, 'utf8'));
  measure(label, `token_create_${scheme}`, () => getAuthToken(config));
}

// The identity layer: bsv-bap 0.1.24 (AIP) and sigma-protocol 0.1.9 (Sigma), ES modules, with
// the ES build of @bsv/sdk they import. The inputs are the Rust side's (benches/src/lib.rs):
// alice signs the same BAP ID payload and the same B-protocol output, here with the reference.
const esm = (rel) => import(pathToFileURL(path.join(modules, rel)).href);
const { BAP, MemberID } = await esm('bsv-bap/dist/index.modern.js');
const { Sigma } = await esm('sigma-protocol/dist/index.module.js');
const sdk = await esm('@bsv/sdk/dist/esm/mod.js');
console.log = () => {}; // bsv-bap prints diagnostics; the results go through `emit`
const bapVersion = version('bsv-bap');
const sigmaVersion = version('sigma-protocol');
{
  const esKey = sdk.PrivateKey.fromWif(WIF);
  const member = new MemberID(esKey);
  const bap = new BAP({ rootPk: WIF });
  const data = ['1BAPSuaPnfGnSBM3GLV9yhxUdYe4vGbdMT', 'ID', '3ZoMXZCt53iFRjbRGAacsT31b2k8', '16MfLJMpbChxRt6hc7NYgaE1EAkvQdjPMP']
    .map((t) => sdk.Utils.toArray(t, 'utf8'));
  const aipLabel = `bsv-bap ${bapVersion} (JS, @bsv/sdk ${sdkVersion})`;
  for (const [op, pipe] of [['aip_verify_with_pipe', true], ['aip_verify_without_pipe', false]]) {
    // bsv-bap signs (root key, no pipe) over the data, plus `|` for the with-pipe message.
    const signed = member.signOpReturnWithAIPUsingRootKey([[0x6a], ...data, ...(pipe ? [[0x7c]] : [])]);
    const address = sdk.Utils.toUTF8(signed.at(-2));
    const signature = sdk.Utils.toBase64(signed.at(-1));
    const pushes = signed.slice(0, signed.length - 5);
    // What a verifier does with the pushes: bsv-bap's message buffer, then verifySignature.
    const verify = () => bap.verifySignature(member.getAIPMessageBuffer(pushes).flat(), address, signature);
    if (!verify()) throw new Error(`bsv-bap rejected its own ${op} payload`);
    measure(aipLabel, op, verify);
  }
  const sigmaLabel = `sigma-protocol ${sigmaVersion} (JS, @bsv/sdk ${sdkVersion})`;
  const hex = (t) => sdk.Utils.toHex(sdk.Utils.toArray(t, 'utf8'));
  const asm = `OP_0 OP_RETURN ${hex('19HxigV4QyBv3tHpQVcUEQyq1pzZVdoAut')} ${hex('Hello world')} ${hex('text/plain')}`;
  const tx = (script) => new sdk.Transaction(
    1,
    [{ sourceTXID: 'ab' + '11'.repeat(31), sourceOutputIndex: 1, unlockingScript: new sdk.Script(), sequence: 0xffffffff }],
    [{ lockingScript: script, satoshis: 0 }],
  );
  for (const algorithm of ['BSM', 'BRC77']) {
    const { signedTx } = new Sigma(tx(sdk.Script.fromASM(asm)), 0, 0, 0).sign(esKey, algorithm);
    // Verified as a server receives it: the signed script (kept as chunks, so that the
    // reference does not fail on its own signature, spec/identity.md §3.3), a new Sigma each time.
    const verify = () => new Sigma(signedTx, 0, 0, 0).verify();
    if (!verify()) throw new Error(`sigma-protocol rejected its own ${algorithm} signature`);
    measure(sigmaLabel, `sigma_verify_${algorithm.toLowerCase()}`, verify);
  }
}

// The JavaScript floor: one ECDSA verification in @bsv/sdk (SHA-256 of a short message included).
const key = PrivateKey.fromWif(WIF);
const pub = key.toPublicKey();
const msg = Utils.toArray('floor message', 'utf8');
const sig = key.sign(msg);
if (!pub.verify(msg, sig)) throw new Error('@bsv/sdk rejected its own signature');
measure(`@bsv/sdk ${sdkVersion} (JS)`, 'ecdsa_verify', () => pub.verify(msg, sig));
measure(`@bsv/sdk ${sdkVersion} (JS)`, 'ecdsa_sign', () => key.sign(msg));

// ECIES-Electrum and BRC-78 (EncryptedMessage) of 1 KiB and 1 MiB, as the Rust side times them.
const recipient = PrivateKey.fromHex('02'.repeat(32));
const to = recipient.toPublicKey();
for (const [size, n] of [['1k', 1 << 10], ['1m', 1 << 20]]) {
  const m = Array.from({ length: n }, (_, i) => i & 0xff);
  const ecies = ECIES.electrumEncrypt(m, to, key);
  const brc78 = EncryptedMessage.encrypt(m, key, to);
  if (ECIES.electrumDecrypt(ecies, recipient).length !== n) throw new Error('ecies round trip');
  if (EncryptedMessage.decrypt(brc78, recipient).length !== n) throw new Error('brc78 round trip');
  const sdkLabel = `@bsv/sdk ${sdkVersion} (JS)`;
  measure(sdkLabel, `ecies_encrypt_${size}`, () => ECIES.electrumEncrypt(m, to, key));
  measure(sdkLabel, `ecies_decrypt_${size}`, () => ECIES.electrumDecrypt(ecies, recipient));
  measure(sdkLabel, `brc78_encrypt_${size}`, () => EncryptedMessage.encrypt(m, key, to));
  measure(sdkLabel, `brc78_decrypt_${size}`, () => EncryptedMessage.decrypt(brc78, recipient));
}
// BAP: bsv-bap's verifyAttestationWithAIP on the attestation the Rust side checks (alice
// attests `name` = `John Doe` of the vectors' subject, sequence 0), plus the subject's hash
// recomputed as the Rust check does (bsv-bap's BAP and the silenced console from above).
const SUBJECT = { attribute: 'name', value: 'John Doe', nonce: 'e2c6fb4063cc04af58935737eaffc938011dff546d47b7fbb18ed346f8c4d4fa', id: 'GXquXd8cXBZoahkpqrLRsuWA7qe' };
const attHash = () => {
  const urn = `urn:bap:id:${SUBJECT.attribute}:${SUBJECT.value}:${SUBJECT.nonce}`;
  return Utils.toHex(Hash.sha256(`bap:attest:${Utils.toHex(Hash.sha256(urn, 'utf8'))}:${SUBJECT.id}`, 'utf8'));
};
const bap = new BAP({ rootPk: WIF });
const hash = attHash();
const signature = BSM.sign(bap.getAttestationBuffer(hash, 0), key);
const tx = bap.createAttestationTransaction(hash, 0, pub.toAddress(), signature);
const check = () => bap.verifyAttestationWithAIP(tx).verified === true && attHash() === Utils.toUTF8(tx[3]);
if (!check()) throw new Error('bsv-bap rejected its own attestation');
measure(`bsv-bap ${bapVersion} (JS, @bsv/sdk ${sdkVersion})`, 'attestation_check', check);
runAll();
