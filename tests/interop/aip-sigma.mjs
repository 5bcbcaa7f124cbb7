// Oracle for the AIP and Sigma interop tests (core/tests/oracle_aip_sigma.rs): runs the real
// reference packages (bsv-bap 0.1.24, sigma-protocol 0.1.9 on @bsv/sdk 2.1.0, pinned in
// package-lock.json) on a batch of requests.
//
// stdin:  a JSON array of requests (hex strings for bytes, base64 for signatures)
//   {"op":"aip_member_sign", "wif", "pushes"}         MemberID(key).signOpReturnWithAIPUsingRootKey
//   {"op":"aip_verify", "pushes", "withPipe", "address", "signature"}
//                                                      BAP.verifySignature over getAIPMessageBuffer
//   {"op":"bap_attest", "wif", "hash", "counter"}     BAP({rootPk}).newId(), signAttestationWithAIP
//   {"op":"bap_verify_attestation", "pushes"}         BAP.verifyAttestationWithAIP (pushes incl. 6a)
//   {"op":"sigma_sign", "wif", "asm", "txid", "vout", "instance", "algorithm"}
//   {"op":"sigma_verify", "asm", "txid", "vout", "instance"}
// stdout: a JSON array, one answer per request: {"result": value} or {"error": message}
import { BAP, MemberID } from 'bsv-bap';
import { Sigma } from 'sigma-protocol';
import { PrivateKey, Script, Transaction, Utils } from '@bsv/sdk';

// The references print diagnostics with console.log; keep standard output for the answers.
console.log = () => {};

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const requests = JSON.parse(Buffer.concat(chunks).toString('utf8'));

const hex = (arr) => Utils.toHex(arr);
const bytes = (h) => Utils.toArray(h, 'hex');
const answer = (fn) => {
  try {
    return { result: fn() };
  } catch (e) {
    return { error: String(e && e.message ? e.message : e) };
  }
};

// Any key: verifySignature and getAIPMessageBuffer do not depend on it.
const verifierKey = PrivateKey.fromString('01'.repeat(32), 'hex');
const bapVerifier = new BAP({ rootPk: verifierKey.toWif() });
const member = new MemberID(verifierKey);

const tx = (asm, txid, vout) => {
  const lockingScript = Script.fromASM(asm);
  return new Transaction(
    1,
    [{ sourceTXID: txid, sourceOutputIndex: vout, unlockingScript: new Script(), sequence: 0xffffffff }],
    [{ lockingScript, satoshis: 0 }],
  );
};

const out = requests.map((r) => {
  switch (r.op) {
    case 'aip_member_sign':
      return answer(() => {
        const m = new MemberID(PrivateKey.fromWif(r.wif));
        const pushes = m.signOpReturnWithAIPUsingRootKey(r.pushes.map(bytes));
        return { pushes: pushes.map(hex), address: m.getRootAddress() };
      });
    case 'aip_verify':
      return answer(() => {
        const opReturn = [[0x6a], ...r.pushes.map(bytes)];
        if (r.withPipe) opReturn.push([0x7c]);
        const message = member.getAIPMessageBuffer(opReturn).flat();
        return bapVerifier.verifySignature(message, r.address, r.signature);
      });
    case 'bap_attest':
      return answer(() => {
        const bap = new BAP({ rootPk: r.wif });
        const id = bap.newId();
        const pushes = bap.signAttestationWithAIP(r.hash, id.identityKey, r.counter);
        return { pushes: pushes.map(hex), identityKey: id.identityKey };
      });
    case 'bap_verify_attestation':
      return answer(() => {
        const result = bapVerifier.verifyAttestationWithAIP(r.pushes.map(bytes));
        return { verified: result.verified === true, address: result.signingAddress };
      });
    case 'sigma_sign':
      return answer(() => {
        const t = tx(r.asm, r.txid, r.vout);
        if (t.outputs[0].lockingScript.toHex() !== r.hex) throw new Error('ASM and hex differ');
        const sigma = new Sigma(t, 0, r.instance, 0);
        const { signedTx } = sigma.sign(PrivateKey.fromWif(r.wif), r.algorithm);
        return signedTx.outputs[0].lockingScript.toHex();
      });
    case 'sigma_verify':
      return answer(() => {
        const t = tx(r.asm, r.txid, r.vout);
        if (t.outputs[0].lockingScript.toHex() !== r.hex) throw new Error('ASM and hex differ');
        return new Sigma(t, 0, r.instance, 0).verify();
      });
    default:
      return { error: `unknown op ${r.op}` };
  }
});
process.stdout.write(JSON.stringify(out));
