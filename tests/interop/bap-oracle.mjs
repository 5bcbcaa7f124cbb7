// Oracle for the BAP interop tests: runs bsv-bap 0.1.24 (pinned in package-lock.json) on a batch
// of requests.
//
// stdin:  a JSON array of requests
//   {"op":"bap_id", "address"} | {"op":"bap_id_pubkey", "pubkey"}
//   {"op":"keys_type42", "wif", "idSeed", "rotations"}   new BAP({rootPk}).newId(…, idSeed)
//   {"op":"keys_bip32", "xprv", "idSeed", "rotations"}   new BAP(xprv).newId(…, idSeed)
//   {"op":"attestation_hash", "wif", "attribute", "value", "nonce"}
//        the hash the identity newId() of wif computes for its own attribute
//   {"op":"attest", "wif", "hash", "sequence", "data"}
//        signAttestationWithAIP by the first Type42 identity of wif; pushes as hex (with [0x6a])
//   {"op":"verify", "pushes"}  verifyAttestationWithAIP of hex pushes (with the leading "6a")
// stdout: a JSON array, one answer per request: {"result": value} or {"error": message}
import { BAP, bapIdFromAddress, bapIdFromPubkey } from 'bsv-bap';
import { Utils } from '@bsv/sdk';

// bsv-bap logs to the console while it works; keep stdout for the answers.
console.log = () => {};

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const requests = JSON.parse(Buffer.concat(chunks).toString('utf8'));

const answer = (fn) => {
  try {
    return { result: fn() };
  } catch (e) {
    return { error: String(e && e.message ? e.message : e) };
  }
};

const keysOf = (bap, r) => {
  const id = bap.newId('oracle', undefined, {}, r.idSeed || '');
  for (let i = 0; i < (r.rotations || 0); i++) id.incrementPath();
  return {
    rootAddress: id.rootAddress,
    identityKey: id.getIdentityKey(),
    memberKey: id.getMemberKey(),
    currentAddress: id.getCurrentAddress(),
    rootPath: id.rootPath,
    currentPath: id.currentPath,
  };
};

const out = requests.map((r) => {
  switch (r.op) {
    case 'bap_id':
      return answer(() => bapIdFromAddress(r.address));
    case 'bap_id_pubkey':
      return answer(() => bapIdFromPubkey(r.pubkey));
    case 'keys_type42':
      return answer(() => keysOf(new BAP({ rootPk: r.wif }), r));
    case 'keys_bip32':
      return answer(() => keysOf(new BAP(r.xprv), r));
    case 'attestation_hash':
      return answer(() => {
        const attrs = { [r.attribute]: { value: r.value, nonce: r.nonce } };
        const id = new BAP({ rootPk: r.wif }).newId('subject', undefined, attrs);
        return { identityKey: id.getIdentityKey(), hash: id.getAttestationHash(r.attribute) };
      });
    case 'attest':
      return answer(() => {
        const bap = new BAP({ rootPk: r.wif });
        const id = bap.newId();
        const tx = bap.signAttestationWithAIP(r.hash, id.getIdentityKey(), r.sequence, r.data || '');
        return { address: id.getCurrentAddress(), pushes: tx.map((p) => Utils.toHex(p)) };
      });
    case 'verify':
      return answer(() => {
        const bap = new BAP({ rootPk: 'KwFfNUhSDaASSAwtG7ssQM1uVX8RgX5GHWnnLfhfiQDigjioWXHH' });
        const a = bap.verifyAttestationWithAIP(r.pushes.map((p) => Utils.toArray(p, 'hex')));
        return { verified: a.verified === true, type: a.type, sequence: a.sequence, address: a.signingAddress };
      });
    default:
      return { error: `unknown op ${r.op}` };
  }
});
process.stdout.write(JSON.stringify(out));
