// Compile-only check of index.d.ts (tsc --noEmit, run by `npm run typecheck`).
import {
  AuthTokenError,
  PrivateKey,
  PublicKey,
  REASON_CODES,
  SigmaAuthError,
  brc77Sign,
  brc77Verify,
  brc78Decrypt,
  brc78Encrypt,
  SymmetricKey,
  bsmSign,
  bsmVerify,
  createToken,
  getAuthToken,
  parseAuthToken,
  verify,
  verifyAsync,
  verifyAuthToken,
  verifyBatch,
  Verifier,
  type ReasonCode,
  type VerifiedToken,
} from '../..';

const key: PrivateKey = PrivateKey.generate();
const pub: PublicKey = key.publicKey();
const token: string = getAuthToken({ privateKeyWif: key.toWif(), requestPath: '/a', scheme: 'bsm', body: '{}' });
const parsed = parseAuthToken(token);
const fields: string | undefined = parsed?.pubkey;
const ok: boolean = verifyAuthToken(token, { requestPath: '/a', timestamp: parsed?.timestamp }, 5, 'utf8', { clock: 'target' });
const v: VerifiedToken = verify(token, { requestPath: '/a', body: Buffer.from('{}'), now: new Date(), maxAgeSeconds: 60 });
const when: Date = v.timestamp;
const t2: string = createToken(key, { requestPath: '/b', body: new Uint8Array([1]), timestamp: Date.now() });
async function f(): Promise<string> {
  const r = await verifyAsync(t2, { requestPath: '/b' });
  return r.replayId;
}
for (const r of verifyBatch([{ token, requestPath: '/a' }], { compat: false })) {
  if (r instanceof AuthTokenError) {
    const c: string = r.code;
    void c;
  } else {
    const p: string = r.pubkey;
    void p;
  }
}
const code: ReasonCode = REASON_CODES[0];
const sig: string = bsmSign('m', key);
const good: boolean = bsmVerify('m', sig, pub, { compat: true });
const env: Buffer = brc77Sign(Buffer.from('m'), key, pub);
const signer: PublicKey = brc77Verify('m', env, { recipient: key });
const err: Error = new SigmaAuthError('x', 'y');
void [fields, ok, when, f, code, good, signer, err];
// @ts-expect-error an unknown scheme is not a Scheme
getAuthToken({ privateKeyWif: '', requestPath: '/', scheme: 'BSM' });
// @ts-expect-error keys are made by the factories
new PrivateKey();
// @ts-expect-error verify needs a request path
verify(token, { body: 'x' });
const sealed: Buffer = brc78Encrypt('m', key, pub, { keyId: new Uint8Array(32), iv: Buffer.alloc(32) });
const opened: { plaintext: Buffer; sender: PublicKey } = brc78Decrypt(sealed, key);
const aes: SymmetricKey = SymmetricKey.fromBytes(Buffer.alloc(32, 1));
const back: Buffer = aes.decrypt(aes.encrypt(opened.plaintext));
const verifier = new Verifier({ maxAgeSeconds: 60, compat: false });
const checked: VerifiedToken = verifier.verify(token, { requestPath: '/a', body: Buffer.from('{}') }, Date.now());
const window: number = verifier.maxAgeSeconds;
const atDate: Array<VerifiedToken | AuthTokenError> = verifier.verifyBatch([{ token, requestPath: '/a' }], new Date());
// @ts-expect-error a Verifier's request needs a path
verifier.verify(token, { body: 'x' });
async function g(): Promise<string> {
  const all = await verifier.verifyBatchAsync([{ token, requestPath: '/a' }]);
  return all.map((r) => (r instanceof Error ? r.message : r.pubkey)).join();
}
void [checked, window, atDate, g];
