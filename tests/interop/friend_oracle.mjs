// Oracle for the friend-encryption interop tests: runs @bsv/sdk 2.1.0 ECIES-Electrum and
// bsv-bap 0.1.24 MemberID friend encryption (pinned in package-lock.json) on a batch of requests.
//
// stdin:  a JSON array of requests (keys and byte strings in hex)
//   {"op":"ecies_encrypt", "msg", "to", "from"?, "noKey"?}        -> ciphertext hex
//   {"op":"ecies_decrypt", "ct", "priv", "from"?}                 -> plaintext hex
//   {"op":"bap_pubkey",    "priv", "seed"}                         -> friend public key hex
//   {"op":"bap_encrypt",   "priv", "seed", "text", "to"?}          -> ciphertext base64
//   {"op":"bap_decrypt",   "priv", "seed", "ct", "from"?}          -> plaintext text
// stdout: a JSON array, one answer per request: {"result": value} or {"error": message}
import { ECIES, PrivateKey, PublicKey, Utils } from '@bsv/sdk';
import { MemberID } from 'bsv-bap';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const requests = JSON.parse(Buffer.concat(chunks).toString('utf8'));

const bytes = (hex) => Utils.toArray(hex, 'hex');
const hex = (arr) => Buffer.from(arr).toString('hex');
const priv = (h) => PrivateKey.fromHex(h);
const pub = (h) => (h == null ? undefined : PublicKey.fromString(h));

const answer = (fn) => {
  try {
    return { result: fn() };
  } catch (e) {
    return { error: String(e && e.message ? e.message : e) };
  }
};

const out = requests.map((r) => {
  switch (r.op) {
    case 'ecies_encrypt':
      return answer(() =>
        hex(ECIES.electrumEncrypt(bytes(r.msg), pub(r.to), r.from ? priv(r.from) : undefined, !!r.noKey)),
      );
    case 'ecies_decrypt':
      return answer(() => hex(ECIES.electrumDecrypt(bytes(r.ct), priv(r.priv), pub(r.from))));
    case 'bap_pubkey':
      return answer(() => new MemberID(priv(r.priv)).getEncryptionPublicKeyWithSeed(r.seed));
    case 'bap_encrypt':
      return answer(() => new MemberID(priv(r.priv)).encryptWithSeed(r.text, r.seed, r.to));
    case 'bap_decrypt':
      return answer(() => new MemberID(priv(r.priv)).decryptWithSeed(r.ct, r.seed, r.from));
    default:
      return { error: `unknown op ${r.op}` };
  }
});
process.stdout.write(JSON.stringify(out));
