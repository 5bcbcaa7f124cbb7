'use strict';
// sigma-auth-native: the generated loader (native.js, written by `napi build`) plus what napi
// cannot express: argument type checks (a wrong type throws TypeError naming the argument and
// never echoing its value), the two error classes the addon builds its errors from (with the
// core's stable `code`, set natively), keys that cannot be printed, and the bitcoin-auth
// drop-in argument conventions. Every check on tokens, keys and signatures happens in Rust
// (sigma-auth-core).

const native = require('./native.js');

// ------------------------------------------------------------------------------------------
// Errors (built by the addon: no message parsing here)

/** Base class of every error this module throws on bad input; `code` is the core's stable code. */
class SigmaAuthError extends Error {
  constructor(code, message) {
    super(message);
    this.name = 'SigmaAuthError';
    this.code = code;
  }
}

/** A token failed verification; `code` is the core's stable reason code (e.g. `expired`). */
class AuthTokenError extends SigmaAuthError {
  constructor(code, message) {
    super(code, message);
    this.name = 'AuthTokenError';
  }
}

native.registerErrorClasses(SigmaAuthError, AuthTokenError);

// ------------------------------------------------------------------------------------------
// Argument checks

const isBytes = (x) => x instanceof Uint8Array;
const toBuffer = (x) => (Buffer.isBuffer(x) ? x : Buffer.from(x.buffer, x.byteOffset, x.byteLength));

function needString(x, name) {
  if (typeof x !== 'string') throw new TypeError(`${name} must be a string, got ${describe(x)}`);
  return x;
}

function needBytes(x, name) {
  if (!isBytes(x)) throw new TypeError(`${name} must be a Buffer or Uint8Array, got ${describe(x)}`);
  return toBuffer(x);
}

/** A message: string (UTF-8) or bytes. */
function needMessage(x, name) {
  if (typeof x === 'string') return x;
  if (isBytes(x)) return toBuffer(x);
  throw new TypeError(`${name} must be a string, Buffer or Uint8Array, got ${describe(x)}`);
}

/** A body: absent, text or bytes. Returns undefined, a string or a Buffer. */
function needBody(x, name) {
  if (x === undefined || x === null) return undefined;
  if (typeof x === 'string') return x;
  if (isBytes(x)) return toBuffer(x);
  throw new TypeError(`${name} must be a string, Buffer or Uint8Array, got ${describe(x)}`);
}

function optBool(x, name, dflt) {
  if (x === undefined) return dflt;
  if (typeof x !== 'boolean') throw new TypeError(`${name} must be a boolean, got ${describe(x)}`);
  return x;
}

/** A window in seconds, or undefined for the core's default. */
function seconds(x, name) {
  if (x === undefined) return undefined;
  if (typeof x !== 'number') throw new TypeError(`${name} must be a number, got ${describe(x)}`);
  if (!Number.isFinite(x) || x < 0) throw new RangeError(`${name} must be a finite number >= 0`);
  return x;
}

function instant(x, name) {
  if (x === undefined || x === null) return undefined;
  let ms;
  if (x instanceof Date) ms = x.getTime();
  else if (typeof x === 'number') ms = x;
  else if (typeof x === 'string') ms = Date.parse(x);
  else throw new TypeError(`${name} must be a Date, a number of milliseconds or a date string, got ${describe(x)}`);
  if (!Number.isFinite(ms)) throw new RangeError(`${name} is not a valid instant`);
  return ms;
}

function needObject(x, name) {
  if (x === null || typeof x !== 'object') throw new TypeError(`${name} must be an object, got ${describe(x)}`);
  return x;
}

function describe(x) {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  return typeof x;
}

// ------------------------------------------------------------------------------------------
// Keys

const NATIVE = Symbol('sigma-auth-native handle');
const PRIVATE = Symbol('sigma-auth-native constructor');

/** A secp256k1 private key. Create with fromWif / fromHex / fromBytes / generate. */
class PrivateKey {
  constructor(handle, token) {
    if (token !== PRIVATE) {
      throw new TypeError('use PrivateKey.fromWif, fromHex, fromBytes or generate');
    }
    Object.defineProperty(this, NATIVE, { value: handle });
  }

  static fromWif(wif) {
    needString(wif, 'wif');
    return new PrivateKey(native.PrivateKey.fromWif(wif), PRIVATE);
  }

  static fromHex(hex) {
    needString(hex, 'hex');
    return new PrivateKey(native.PrivateKey.fromHex(hex), PRIVATE);
  }

  static fromBytes(bytes) {
    const b = needBytes(bytes, 'bytes');
    return new PrivateKey(native.PrivateKey.fromBytes(b), PRIVATE);
  }

  static generate() {
    return new PrivateKey(native.PrivateKey.generate(), PRIVATE);
  }

  publicKey() {
    return new PublicKey(this[NATIVE].publicKey(), PRIVATE);
  }

  toWif(network = 'mainnet') {
    needString(network, 'network');
    return this[NATIVE].toWif(network);
  }

  toHex() {
    return this[NATIVE].toHex();
  }

  toBytes() {
    return this[NATIVE].toBytes();
  }

  /** BRC-42 child private key (as `PrivateKey.deriveChild` of @bsv/sdk). */
  deriveChild(counterparty, invoiceNumber) {
    const c = needPublicKey(counterparty, 'counterparty');
    needString(invoiceNumber, 'invoiceNumber');
    return new PrivateKey(this[NATIVE].deriveChild(c, invoiceNumber), PRIVATE);
  }

  equals(other) {
    return other instanceof PrivateKey && this[NATIVE].equals(other[NATIVE]);
  }

  toString() {
    return 'PrivateKey(<secret>)';
  }

  [Symbol.for('nodejs.util.inspect.custom')]() {
    return 'PrivateKey(<secret>)';
  }
}

/** A secp256k1 public key. Create with fromHex / fromBytes or PrivateKey#publicKey. */
class PublicKey {
  constructor(handle, token) {
    if (token !== PRIVATE) throw new TypeError('use PublicKey.fromHex or fromBytes');
    Object.defineProperty(this, NATIVE, { value: handle });
  }

  static fromHex(hex) {
    needString(hex, 'hex');
    return new PublicKey(native.PublicKey.fromHex(hex), PRIVATE);
  }

  static fromBytes(bytes) {
    const b = needBytes(bytes, 'bytes');
    return new PublicKey(native.PublicKey.fromBytes(b), PRIVATE);
  }

  toHex() {
    return this[NATIVE].toHex();
  }

  toBytes(compressed = true) {
    optBool(compressed, 'compressed', true);
    return this[NATIVE].toBytes(compressed);
  }

  toAddress(network = 'mainnet') {
    needString(network, 'network');
    return this[NATIVE].toAddress(network);
  }

  /** BRC-42 child public key (as `PublicKey.deriveChild` of @bsv/sdk). */
  deriveChild(counterparty, invoiceNumber) {
    const c = needPrivateKey(counterparty, 'counterparty');
    needString(invoiceNumber, 'invoiceNumber');
    return new PublicKey(this[NATIVE].deriveChild(c, invoiceNumber), PRIVATE);
  }

  equals(other) {
    return other instanceof PublicKey && this[NATIVE].equals(other[NATIVE]);
  }

  toString() {
    return this.toHex();
  }

  [Symbol.for('nodejs.util.inspect.custom')]() {
    return `PublicKey(${this.toHex()})`;
  }
}

function needPrivateKey(x, name) {
  if (!(x instanceof PrivateKey)) throw new TypeError(`${name} must be a PrivateKey, got ${describe(x)}`);
  return x[NATIVE];
}

function needPublicKey(x, name) {
  if (!(x instanceof PublicKey)) throw new TypeError(`${name} must be a PublicKey, got ${describe(x)}`);
  return x[NATIVE];
}

/** A PrivateKey, or a WIF string. */
function keyArg(x, name) {
  if (typeof x === 'string') return PrivateKey.fromWif(x)[NATIVE];
  return needPrivateKey(x, name);
}

// ------------------------------------------------------------------------------------------
// BSM, BRC-42, BRC-77

/** Bitcoin Signed Message: base64 of the 65-byte compact signature. */
function bsmSign(message, key) {
  const m = needMessage(message, 'message');
  const k = keyArg(key, 'key');
  return native.bsmSign(m, k);
}

/**
 * Bitcoin Signed Message verification against `publicKey`. Strict by default (the header must
 * recover exactly this key, low S); `{ compat: true }` is plain ECDSA as @bsv/sdk's BSM.verify.
 * Returns false for a well-formed signature that does not verify; throws SigmaAuthError for a
 * malformed one.
 */
function bsmVerify(message, signature, publicKey, options = {}) {
  const m = needMessage(message, 'message');
  needString(signature, 'signature');
  const p = needPublicKey(publicKey, 'publicKey');
  const compat = optBool(needObject(options, 'options').compat, 'options.compat', false);
  return native.bsmVerify(m, signature, p, compat);
}

/** Bitcoin Signed Message: the public key recovered from the signature. */
function bsmRecover(message, signature, options = {}) {
  const m = needMessage(message, 'message');
  needString(signature, 'signature');
  const compat = optBool(needObject(options, 'options').compat, 'options.compat', false);
  return new PublicKey(native.bsmRecover(m, signature, compat), PRIVATE);
}

/** BRC-77: a signed-message envelope (Buffer) for `verifier`, or for anyone if omitted. */
function brc77Sign(message, signer, verifier) {
  const m = needMessage(message, 'message');
  const s = keyArg(signer, 'signer');
  const v = verifier === undefined || verifier === null ? undefined : needPublicKey(verifier, 'verifier');
  return native.brc77Sign(m, s, v);
}

/**
 * BRC-77: verifies `signature` (bytes) over `message`; returns the signer's PublicKey, or throws
 * SigmaAuthError (`signature_mismatch`, `recipient_required`, `wrong_recipient`, ...).
 */
function brc77Verify(message, signature, options = {}) {
  const m = needMessage(message, 'message');
  const s = needBytes(signature, 'signature');
  needObject(options, 'options');
  const r =
    options.recipient === undefined || options.recipient === null
      ? undefined
      : needPrivateKey(options.recipient, 'options.recipient');
  const compat = optBool(options.compat, 'options.compat', false);
  return new PublicKey(native.brc77Verify(m, s, r, compat), PRIVATE);
}

// ------------------------------------------------------------------------------------------
// AIP and Sigma

/** An array of byte strings (Buffer or Uint8Array each). */
function needPushes(x, name) {
  if (!Array.isArray(x)) throw new TypeError(`${name} must be an array of Buffers or Uint8Arrays, got ${describe(x)}`);
  return x.map((p, i) => needBytes(p, `${name}[${i}]`));
}

/** An integer in 0..2^32-1. */
function needU32(x, name) {
  if (!Number.isInteger(x) || x < 0 || x > 0xffffffff) {
    throw new TypeError(`${name} must be an integer from 0 to 4294967295, got ${describe(x)}`);
  }
  return x;
}

/**
 * AIP: signs `pushes` (those after OP_RETURN) and returns them followed by `|`, the AIP prefix,
 * `BITCOIN_ECDSA`, the address and the 65-byte signature. `{ withPipe: true }` signs the pushes
 * and `|` (attestations, go-aip); the default signs the pushes alone (bsv-bap ID transactions).
 */
function aipSign(pushes, key, options = {}) {
  const p = needPushes(pushes, 'pushes');
  const k = keyArg(key, 'key');
  const withPipe = optBool(needObject(options, 'options').withPipe, 'options.withPipe', false);
  return native.aipSign(p, k, withPipe);
}

/**
 * AIP: verifies the signature that ends `pushes`; returns `{ address, convention, dataPushes }`
 * or throws SigmaAuthError (`aip_missing`, `aip_layout`, `aip_invalid_signature`, ...).
 */
function aipVerify(pushes) {
  return native.aipVerify(needPushes(pushes, 'pushes'));
}

/**
 * Sigma: signs the output `script` for the input spending `inputVout` of `inputTxid` (hex,
 * display order); returns the signed script. Options: `algorithm` ('bsm' default, or 'brc77'),
 * `vin` (the input index written, default 0).
 */
function sigmaSign(script, key, inputTxid, inputVout, options = {}) {
  const s = needBytes(script, 'script');
  const k = keyArg(key, 'key');
  needString(inputTxid, 'inputTxid');
  const vout = needU32(inputVout, 'inputVout');
  needObject(options, 'options');
  const algorithm = options.algorithm === undefined ? 'bsm' : needString(options.algorithm, 'options.algorithm');
  const vin = options.vin === undefined ? 0 : needU32(options.vin, 'options.vin');
  return native.sigmaSign(s, k, inputTxid, vout, algorithm, vin);
}

/**
 * Sigma: verifies instance `options.instance` (default 0) of `script` for the input spending
 * `inputVout` of `inputTxid`; returns `{ algorithm, address, vin }` or throws SigmaAuthError
 * (`sigma_missing`, `sigma_invalid_signature`, `sigma_signer_mismatch`, ...).
 */
function sigmaVerify(script, inputTxid, inputVout, options = {}) {
  const s = needBytes(script, 'script');
  needString(inputTxid, 'inputTxid');
  const vout = needU32(inputVout, 'inputVout');
  needObject(options, 'options');
  const instance = options.instance === undefined ? 0 : needU32(options.instance, 'options.instance');
  return native.sigmaVerify(s, inputTxid, vout, instance);
}

// ------------------------------------------------------------------------------------------
// BRC-78 and SymmetricKey

/** Optional 32-byte option: undefined/null, or bytes. */
function optBytes(x, name) {
  if (x === undefined || x === null) return undefined;
  return needBytes(x, name);
}

/**
 * BRC-78: encrypts `message` (non-empty string or bytes) from `sender` (PrivateKey or WIF) to
 * `recipient` (PublicKey). `options`: { keyId?, iv? } (32 bytes each, both or neither; random
 * if omitted, which is what you want outside tests). Returns the message as a Buffer.
 */
function brc78Encrypt(message, sender, recipient, options = {}) {
  const m = needMessage(message, 'message');
  const s = keyArg(sender, 'sender');
  const r = needPublicKey(recipient, 'recipient');
  needObject(options, 'options');
  const keyId = optBytes(options.keyId, 'options.keyId');
  const iv = optBytes(options.iv, 'options.iv');
  if ((keyId === undefined) !== (iv === undefined)) {
    throw new TypeError('options.keyId and options.iv: give both or neither');
  }
  return native.brc78Encrypt(m, s, r, keyId, iv);
}

/**
 * BRC-78: opens `data` addressed to `recipient` (PrivateKey or WIF). Returns
 * `{ plaintext: Buffer, sender: PublicKey }`; throws SigmaAuthError with code `wrong_recipient`,
 * `decryption_failed`, `version_mismatch` or `invalid_length`.
 */
function brc78Decrypt(data, recipient) {
  const d = needBytes(data, 'data');
  const r = keyArg(recipient, 'recipient');
  const out = native.brc78Decrypt(d, r);
  return { plaintext: out.plaintext, sender: new PublicKey(native.PublicKey.fromBytes(out.sender), PRIVATE) };
}

// ------------------------------------------------------------------------------------------
// ECIES-Electrum (BIE1) and friend encryption

/** Optional PublicKey: undefined/null, or a PublicKey. */
function optPublicKey(x, name) {
  if (x === undefined || x === null) return undefined;
  return needPublicKey(x, name);
}

const FRIEND_MODES = ['bap-member', 'bap-master', 'tokenpass-self', 'tokenpass-peer'];

function friendMode(x) {
  if (x === undefined || x === null) return 'bap-member';
  if (!FRIEND_MODES.includes(x)) throw new TypeError(`options.mode must be one of ${FRIEND_MODES.join(', ')}, got ${describe(x)}`);
  return x;
}

/**
 * ECIES-Electrum ("BIE1", `ECIES.electrumEncrypt` of @bsv/sdk): encrypts `message` (string or
 * bytes, empty allowed) to `recipient` (PublicKey). `options`: { sender?: PrivateKey | WIF (used
 * as the ephemeral key: deterministic output; a fresh random key if omitted), noKey?: boolean
 * (leave the sender key out; needs `sender`) }. Prefer brc78Encrypt for new data.
 */
function eciesEncrypt(message, recipient, options = {}) {
  const m = needMessage(message, 'message');
  const r = needPublicKey(recipient, 'recipient');
  needObject(options, 'options');
  const s = options.sender === undefined || options.sender === null ? undefined : keyArg(options.sender, 'options.sender');
  return native.eciesEncrypt(m, r, s, optBool(options.noKey, 'options.noKey', false));
}

/**
 * ECIES-Electrum: opens `data` for `recipient` (PrivateKey or WIF). `options`: { sender?:
 * PublicKey, noKey?: boolean }. The form is said, never guessed: with `noKey` the ciphertext has
 * no embedded key and `sender` is required; otherwise the embedded key must be `sender` when
 * given. Returns the plaintext Buffer; throws SigmaAuthError `decryption_failed`,
 * `version_mismatch` or `invalid_length`.
 */
function eciesDecrypt(data, recipient, options = {}) {
  const d = needBytes(data, 'data');
  const k = keyArg(recipient, 'recipient');
  needObject(options, 'options');
  const s = optPublicKey(options.sender, 'options.sender');
  return native.eciesDecrypt(d, k, s, optBool(options.noKey, 'options.noKey', false));
}

/**
 * The friend public key `key` (PrivateKey or WIF) publishes to `friendBapId`. `options.mode`:
 * 'bap-member' (bsv-bap MemberID, default), 'bap-master' (MasterID Type42, from the root-path
 * key), 'tokenpass-self' / 'tokenpass-peer' (TokenPass /api/friend-pubkey).
 */
function friendPublicKey(key, friendBapId, options = {}) {
  const k = keyArg(key, 'key');
  const id = needString(friendBapId, 'friendBapId');
  needObject(options, 'options');
  return new PublicKey(native.PublicKey.fromBytes(native.friendPublicKey(k, id, friendMode(options.mode))), PRIVATE);
}

/**
 * Friend encryption from `key` for `friendBapId`. `options`: { to?: PublicKey (the friend key the
 * friend published for you; omit for a bsv-bap note to self; required for 'tokenpass-peer'),
 * mode? }. The bsv-bap modes are deterministic and byte-identical to bsv-bap `encryptWithSeed`
 * (which base64-encodes). Returns a Buffer.
 */
function friendEncrypt(message, key, friendBapId, options = {}) {
  const m = needMessage(message, 'message');
  const k = keyArg(key, 'key');
  const id = needString(friendBapId, 'friendBapId');
  needObject(options, 'options');
  return native.friendEncrypt(m, k, id, friendMode(options.mode), optPublicKey(options.to, 'options.to'));
}

/**
 * Opens a friend message from `friendBapId` with `key`. `options`: { from?: PublicKey (the
 * sender's published friend key, checked against the embedded one; bsv-bap modes only), mode? }.
 * Returns the plaintext Buffer.
 */
function friendDecrypt(data, key, friendBapId, options = {}) {
  const d = needBytes(data, 'data');
  const k = keyArg(key, 'key');
  const id = needString(friendBapId, 'friendBapId');
  needObject(options, 'options');
  return native.friendDecrypt(d, k, id, friendMode(options.mode), optPublicKey(options.from, 'options.from'));
}

/** AES-256-GCM with a 32-byte IV, as `SymmetricKey` of @bsv/sdk. Create with fromBytes. */
class SymmetricKey {
  constructor(handle, token) {
    if (token !== PRIVATE) throw new TypeError('use SymmetricKey.fromBytes');
    Object.defineProperty(this, NATIVE, { value: handle });
  }

  /** From 1 to 32 big-endian bytes (left-padded with zeros to 32, as the SDK does). */
  static fromBytes(bytes) {
    const b = needBytes(bytes, 'bytes');
    return new SymmetricKey(native.SymmetricKey.fromBytes(b), PRIVATE);
  }

  /** `IV || ciphertext || tag`; `options.iv` (32 bytes) or a random IV. */
  encrypt(plaintext, options = {}) {
    const p = needMessage(plaintext, 'plaintext');
    const iv = optBytes(needObject(options, 'options').iv, 'options.iv');
    return this[NATIVE].encrypt(p, iv);
  }

  /** Opens `IV || ciphertext || tag`; throws SigmaAuthError `decryption_failed` or `invalid_length`. */
  decrypt(sealed) {
    const s = needBytes(sealed, 'sealed');
    return this[NATIVE].decrypt(s);
  }

  toString() {
    return 'SymmetricKey(<secret>)';
  }

  [Symbol.for('nodejs.util.inspect.custom')]() {
    return 'SymmetricKey(<secret>)';
  }
}

/** BRC-42: `key`'s child private key for `counterparty` and `invoiceNumber`. */
function deriveChildPrivateKey(key, counterparty, invoiceNumber) {
  needPrivateKey(key, 'key');
  return key.deriveChild(counterparty, invoiceNumber);
}

/** BRC-42: `counterparty`'s child public key, computed by the owner of `key`. */
function deriveChildPublicKey(key, counterparty, invoiceNumber) {
  needPublicKey(counterparty, 'counterparty');
  return counterparty.deriveChild(key, invoiceNumber);
}

// ------------------------------------------------------------------------------------------
// Tokens: rich API

/**
 * Creates an X-Auth-Token. `key`: PrivateKey or WIF. `options`: { requestPath, body?,
 * bodyEncoding? ('utf8' | 'hex' | 'base64', for string bodies), scheme? ('brc77' default |
 * 'bsm'), timestamp? (Date, milliseconds, or 'YYYY-MM-DDTHH:mm:ss.sssZ'; now by default) }.
 */
function createToken(key, options) {
  const k = keyArg(key, 'key');
  needObject(options, 'options');
  const requestPath = needString(options.requestPath, 'options.requestPath');
  const scheme = options.scheme === undefined ? 'brc77' : needString(options.scheme, 'options.scheme');
  const body = needBody(options.body, 'options.body');
  const enc = options.bodyEncoding === undefined ? 'utf8' : needString(options.bodyEncoding, 'options.bodyEncoding');
  const ts = tokenTimestamp(options.timestamp, 'options.timestamp');
  return native.createToken(k, requestPath, scheme, ts, body, enc);
}

function tokenTimestamp(x, name) {
  if (x === undefined || x === null) return undefined;
  if (typeof x === 'string') return x;
  if (x instanceof Date) {
    const ms = x.getTime();
    if (!Number.isFinite(ms)) throw new RangeError(`${name} is an invalid Date`);
    return ms;
  }
  if (typeof x === 'number') {
    if (!Number.isFinite(x)) throw new RangeError(`${name} must be finite`);
    return x;
  }
  throw new TypeError(`${name} must be a string, Date or number, got ${describe(x)}`);
}

/** The window and policy of `options` ({ maxAgeSeconds?, maxSkewSeconds?, compat? }), checked. */
function verifierSettings(options, name) {
  const o = options === undefined ? {} : needObject(options, name);
  return {
    maxAgeSeconds: seconds(o.maxAgeSeconds, `${name}.maxAgeSeconds`),
    maxSkewSeconds: seconds(o.maxSkewSeconds, `${name}.maxSkewSeconds`),
    compat: optBool(o.compat, `${name}.compat`, false),
  };
}

/** The request of `o`, checked; a field's name is spelled out only when it is wrong. */
function request(o, name) {
  return requestOf(o, name, undefined);
}

/** `name`, or `name[i]` for an item, with `.field` after it: only ever built for an error message. */
function fieldName(name, i, field) {
  const at = i === undefined ? name : `${name}[${i}]`;
  return field === undefined ? at : `${at}.${field}`;
}

/** The request fields of `o` (`name`, or item `i` of `name`), checked, as `request` returns them. */
function requestOf(o, name, i) {
  if (o === null || typeof o !== 'object') needObject(o, fieldName(name, i));
  const requestPath = o.requestPath;
  if (typeof requestPath !== 'string') needString(requestPath, fieldName(name, i, 'requestPath'));
  let body = o.body;
  if (body === null) body = undefined;
  else if (body !== undefined && typeof body !== 'string') body = needBody(body, fieldName(name, i, 'body'));
  const bodyEncoding = o.bodyEncoding;
  if (bodyEncoding !== undefined && typeof bodyEncoding !== 'string') needString(bodyEncoding, fieldName(name, i, 'bodyEncoding'));
  return { requestPath, body, bodyEncoding };
}

/**
 * The items of a batch, checked (in the order and with the messages of `request`), as the four
 * parallel arrays the addon reads: no name string unless one is wrong.
 */
function batchColumns(items) {
  if (!Array.isArray(items)) throw new TypeError(`items must be an array, got ${describe(items)}`);
  const n = items.length;
  const tokens = [];
  const paths = [];
  const bodies = [];
  const encodings = [];
  let named = false;
  for (let i = 0; i < n; i++) {
    const it = items[i];
    if (it === null || typeof it !== 'object') needObject(it, fieldName('items', i));
    const token = it.token;
    if (typeof token !== 'string') needString(token, fieldName('items', i, 'token'));
    const r = requestOf(it, 'items', i);
    tokens.push(token);
    paths.push(r.requestPath);
    bodies.push(r.body);
    encodings.push(r.bodyEncoding);
    named ||= r.bodyEncoding !== undefined;
  }
  return [tokens, paths, bodies, named ? encodings : undefined];
}

/** The schemes by the byte the addon writes for them (src/answers.rs, `Columns`). */
const SCHEMES = ['bsm', 'brc77'];

/**
 * A batch's answers from the addon's columns (src/answers.rs, `Columns`): a buffer of 66 bytes
 * per item (compressed key, replay id, scheme), the timestamps in Unix milliseconds, and the
 * AuthTokenError of each refused item. Per item the verified object (the fields and order of
 * `verify`'s) or the error.
 */
function batchResults([bytes, millis, refused]) {
  const n = millis.length;
  const out = new Array(n);
  for (let i = 0, at = 0; i < n; i++, at += 66) {
    const error = refused[i];
    out[i] = error !== undefined ? error : {
      pubkey: bytes.toString('hex', at, at + 33),
      scheme: SCHEMES[bytes[at + 65]],
      timestamp: new Date(millis[i]),
      replayId: bytes.toString('hex', at + 33, at + 65),
    };
  }
  return out;
}

/** The verified object from the addon's four slots (src/answers.rs, `Flat`). */
function verifiedOf(flat) {
  return { pubkey: flat[0], scheme: flat[1], timestamp: new Date(flat[2]), replayId: flat[3] };
}

/** One token on native verifier `v` (request `r` from `request`): the verified object, or throws AuthTokenError. */
function verifyOne(v, token, r, now) {
  return verifiedOf(v.verifyFlat(token, r.requestPath, r.body, r.bodyEncoding, now));
}

/** A batch on native verifier `v` (columns from `batchColumns`); results as `batchResults`. */
function runBatch(v, columns, now) {
  return withoutStacks(() => batchResults(v.verifyBatchFlat(columns[0], columns[1], columns[2], columns[3], now)));
}

/** `runBatch` as a Promise: once the items are read, the batch's own threads verify and settle it. */
function runBatchAsync(v, columns, now) {
  return v.verifyBatchFlatAsync(columns[0], columns[1], columns[2], columns[3], now).then(batchResults);
}

/** Runs `f` with error stacks off: a batch's errors would only point here, and a stack costs more than a verification's conversion. */
function withoutStacks(f) {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return f();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** `f()` as a Promise: a synchronous throw (a bad argument) becomes a rejection. */
function promised(f) {
  try {
    return f();
  } catch (e) {
    return Promise.reject(e);
  }
}

/**
 * Verifies X-Auth-Tokens with one window and policy, set once: the addon's Verifier behind the
 * same argument checks as every other call (napi's own conversion errors neither name the
 * argument nor keep an object's contents out of the message). `now`: a Date, Unix
 * milliseconds or a date string; the system clock if absent.
 */
class Verifier {
  /** options: { maxAgeSeconds?, maxSkewSeconds?, compat? }; absent windows: the core's default. */
  constructor(options) {
    Object.defineProperty(this, NATIVE, { value: new native.Verifier(verifierSettings(options, 'options')) });
  }

  get maxAgeSeconds() {
    return this[NATIVE].maxAgeSeconds;
  }

  get maxSkewSeconds() {
    return this[NATIVE].maxSkewSeconds;
  }

  get compat() {
    return this[NATIVE].compat;
  }

  /** `{ pubkey, scheme, timestamp, replayId }`, or throws AuthTokenError (with `code`). */
  verify(token, req, now) {
    if (typeof token !== 'string') needString(token, 'token');
    return verifyOne(this[NATIVE], token, request(req, 'request'), instant(now, 'now'));
  }

  /** `verify` on the libuv thread pool: a Promise; the JS thread stays free. */
  verifyAsync(token, req, now) {
    return promised(() => this[NATIVE].verifyAsync(needString(token, 'token'), request(req, 'request'), instant(now, 'now')));
  }

  /** Many tokens in one call on all cores: per item, in order, the result or the AuthTokenError (returned, not thrown). */
  verifyBatch(items, now) {
    const columns = batchColumns(items);
    return runBatch(this[NATIVE], columns, instant(now, 'now'));
  }

  /** `verifyBatch` as a Promise: the JS thread only reads the items; the batch's threads settle it. */
  verifyBatchAsync(items, now) {
    return promised(() => runBatchAsync(this[NATIVE], batchColumns(items), instant(now, 'now')));
  }
}

/**
 * Refuses a second use of a verified token while its verifier would still accept it, in this
 * process, in bounded memory: the core's guard. `new ReplayGuard(verifier, capacity?)` (the
 * window from the verifier; capacity: the most live ids, default one million); then
 * `guard.check(verified, now?)` after `verifier.verify(...)`. Throws AuthTokenError `replayed`
 * on a second use (any spelling of one signed request) and `replay_store_full` when full of
 * live ids (it refuses rather than forget one). A fleet shares a store keyed by `replayId`.
 */
class ReplayGuard {
  constructor(verifier, capacity) {
    if (!(verifier instanceof Verifier)) throw new TypeError(`verifier must be a Verifier, got ${describe(verifier)}`);
    if (capacity !== undefined && capacity !== null && typeof capacity !== 'number') {
      throw new TypeError(`capacity must be a number, got ${describe(capacity)}`);
    }
    Object.defineProperty(this, NATIVE, { value: new native.ReplayGuard(verifier[NATIVE], capacity) });
  }

  /** The most live ids held. */
  get capacity() {
    return this[NATIVE].capacity;
  }

  /** How many ids are held (live, or expired but not yet swept). */
  get size() {
    return this[NATIVE].size;
  }

  /** Records `verified` (`{ replayId, timestamp }` from `verify`); throws AuthTokenError `replayed` or `replay_store_full`. */
  check(verified, now) {
    needObject(verified, 'verified');
    const signed = instant(verified.timestamp, 'verified.timestamp');
    if (signed === undefined) throw new TypeError('verified.timestamp must be a Date');
    this[NATIVE].check(needString(verified.replayId, 'verified.replayId'), signed, instant(now, 'now'));
  }
}

const verifiers = new Map();

/** The native verifier for the settings in `options`, kept for reuse: the free functions below are thin wrappers over it. */
function verifierFor(options, name) {
  const settings = verifierSettings(options, name);
  const key = `${settings.maxAgeSeconds}/${settings.maxSkewSeconds}/${settings.compat}`;
  let v = verifiers.get(key);
  if (v === undefined) {
    if (verifiers.size >= 64) verifiers.clear();
    v = new native.Verifier(settings);
    verifiers.set(key, v);
  }
  return v;
}

/**
 * Verifies an X-Auth-Token against the request the server received. Returns
 * `{ pubkey, scheme, timestamp, replayId }`; throws AuthTokenError (with `code`) on failure.
 * options: { requestPath, body?, bodyEncoding?, now?, maxAgeSeconds?, maxSkewSeconds?, compat? }.
 */
function verify(token, options) {
  if (typeof token !== 'string') needString(token, 'token');
  const r = request(options, 'options');
  return verifyOne(verifierFor(options, 'options'), token, r, instant(options.now, 'options.now'));
}

/** `verify` on the libuv thread pool: a Promise; the JS thread stays free. */
function verifyAsync(token, options) {
  return promised(() => {
    needString(token, 'token');
    const r = request(options, 'options');
    return verifierFor(options, 'options').verifyAsync(token, r, instant(options.now, 'options.now'));
  });
}

/**
 * Verifies many tokens in one call on all cores. `items`: [{ token, requestPath, body?,
 * bodyEncoding? }]; `options`: { now?, maxAgeSeconds?, maxSkewSeconds?, compat? }. Returns, in
 * order, a verified object or an AuthTokenError (returned, not thrown) per item.
 */
function verifyBatch(items, options) {
  const columns = batchColumns(items);
  const v = verifierFor(options, 'options');
  return runBatch(v, columns, instant(options?.now, 'options.now'));
}

/** `verifyBatch` as a Promise: the JS thread only reads the items; the batch's threads settle it. */
function verifyBatchAsync(items, options) {
  return promised(() => runBatchAsync(verifierFor(options, 'options'), batchColumns(items), instant(options?.now, 'options.now')));
}

// ------------------------------------------------------------------------------------------
// bitcoin-auth 0.0.7 drop-in

/** bitcoin-auth `getAuthToken(config)`; see README for the deliberate differences. */
function getAuthToken(config) {
  needObject(config, 'config');
  const wif = needString(config.privateKeyWif, 'config.privateKeyWif');
  const requestPath = needString(config.requestPath, 'config.requestPath');
  const scheme = config.scheme ?? 'brc77';
  needString(scheme, 'config.scheme');
  const bodyEncoding = config.bodyEncoding ?? 'utf8';
  needString(bodyEncoding, 'config.bodyEncoding');
  // As the reference: a falsy body means "no body".
  const body = config.body ? dropInBody(config.body, 'config.body') : undefined;
  if (config.body && body === undefined) throw new TypeError('config.body must be a string, Buffer, Uint8Array or number[]');
  const ts = tokenTimestamp(config.timestamp, 'config.timestamp');
  return native.createTokenWif(wif, requestPath, scheme, ts, body, bodyEncoding);
}

function dropInBody(x) {
  if (typeof x === 'string') return x;
  if (isBytes(x)) return toBuffer(x);
  if (Array.isArray(x) && x.every((v) => Number.isInteger(v) && v >= 0 && v <= 255)) return Buffer.from(x);
  return undefined;
}

/** bitcoin-auth `parseAuthToken(token)`: the five fields, or null. */
function parseAuthToken(token) {
  if (typeof token !== 'string') return null;
  const p = native.parseToken(token);
  return p ? { pubkey: p.pubkey, scheme: p.scheme, timestamp: p.timestamp, requestPath: p.requestPath, signature: p.signature } : null;
}

/**
 * bitcoin-auth `verifyAuthToken(token, target, timePad = 5, bodyEncoding = 'utf8')`, plus a 5th
 * argument `options`:
 *   clock: 'system' (default): the two-sided window of `timePad` minutes is checked against the
 *          system clock, and also against `target.timestamp` when that parses as a date;
 *          'target': only against `target.timestamp` (for replaying recorded tokens and vectors).
 *   compat: false (default) strict encodings; true accepts every spelling the reference tolerates.
 * Returns true or false; never throws.
 */
function verifyAuthToken(token, target, timePad = 5, bodyEncoding = 'utf8', options = undefined) {
  try {
    if (typeof token !== 'string' || target === null || typeof target !== 'object') return false;
    if (typeof target.requestPath !== 'string') return false;
    if (typeof timePad !== 'number' || !Number.isFinite(timePad)) return false;
    // setMinutes truncates a fractional pad in the reference; so do we.
    const padMinutes = Math.trunc(timePad);
    if (padMinutes < 0) return false;
    const opts = options === undefined || options === null ? NO_OPTIONS : options;
    if (typeof opts !== 'object') return false;
    const clock = opts.clock === undefined ? 'system' : opts.clock;
    if (clock !== 'system' && clock !== 'target') return false;
    const compat = opts.compat === true;
    let enc = bodyEncoding;
    if (typeof enc !== 'string') {
      if (!compat) return false;
      enc = 'utf8';
    }
    let body;
    if (target.body) {
      body = dropInBody(target.body);
      if (body === undefined) return false;
    }
    const targetMs = targetInstant(target.timestamp);
    let nowMs;
    let alsoMs;
    if (clock === 'target') {
      if (targetMs === undefined) return false;
      nowMs = targetMs;
    } else {
      nowMs = Date.now();
      alsoMs = targetMs;
    }
    return native.verifyTokenBool(token, target.requestPath, body, enc, padMinutes * 60000, nowMs, alsoMs, compat);
  } catch {
    return false;
  }
}

// ------------------------------------------------------------------------------------------
// BAP

/** The BAP ID of a mainnet P2PKH address (SigmaAuthError `invalid_address` otherwise). */
function bapIdFromAddress(address) {
  return native.bapIdFromAddress(needString(address, 'address'));
}

/** The BAP ID of a public key (of its compressed address). */
function bapIdFromPublicKey(publicKey) {
  return native.bapIdFromPublicKey(needPublicKey(publicKey, 'publicKey'));
}

/**
 * The public keys of the first identity of a BAP master key, as bsv-bap derives them:
 * `{ key }` (PrivateKey or WIF: Type42, `new BAP({rootPk}).newId()`) or `{ xprv }` (BIP32,
 * `new BAP(xprv).newId()`), with `idSeed?` (newId's idSeed) and `rotations?` (incrementPath
 * calls, 0..10000, default 0). Returns {rootAddress, identityKey, memberPublicKey,
 * signingAddress}.
 */
function bapIdentity(options) {
  const o = needObject(options, 'options');
  const hasKey = o.key !== undefined;
  const hasXprv = o.xprv !== undefined;
  if (hasKey === hasXprv) throw new TypeError('options: give exactly one of key and xprv');
  const idSeed = o.idSeed === undefined || o.idSeed === null ? undefined : needString(o.idSeed, 'options.idSeed');
  const rotations = o.rotations === undefined ? 0 : o.rotations;
  if (!Number.isSafeInteger(rotations) || rotations < 0 || rotations > 0xffffffff) {
    throw new TypeError(`options.rotations must be a non-negative integer, got ${describe(rotations)}`);
  }
  if (hasKey) return native.bapIdentityType42(keyArg(o.key, 'options.key'), idSeed, rotations);
  return native.bapIdentityBip32(needString(o.xprv, 'options.xprv'), idSeed, rotations);
}

/** The attestation hash (bsv-bap form, 64 hex digits) of an identity attribute. */
function bapAttestationHash(subject) {
  const s = needObject(subject, 'subject');
  return native.bapAttestationHash(
    needString(s.attribute, 'subject.attribute'),
    needString(s.value, 'subject.value'),
    needString(s.nonce, 'subject.nonce'),
    needString(s.identityKey, 'subject.identityKey'),
  );
}

/**
 * An ATTEST output signed by `key` with AIP (pipe included, as bsv-bap signs it): the pushes
 * after OP_RETURN, as Buffers. Options: `sequence` (default 0), `data` (a DATA part).
 */
function bapSignAttestation(key, hash, options = {}) {
  const k = keyArg(key, 'key');
  needString(hash, 'hash');
  const o = needObject(options, 'options');
  const sequence = o.sequence === undefined ? 0 : o.sequence;
  if (!Number.isSafeInteger(sequence) || sequence < 0) {
    throw new TypeError(`options.sequence must be a non-negative integer, got ${describe(sequence)}`);
  }
  const data = o.data === undefined ? undefined : needMessage(o.data, 'options.data');
  return native.bapSignAttestation(k, hash, sequence, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
}

/**
 * Checks an ATTEST or REVOKE output given as its pushes after OP_RETURN (Buffers or
 * Uint8Arrays): exact layout, AIP signature with the pipe, and with `subject` ({attribute,
 * value, nonce, identityKey}) the hash recomputed. Returns {type, hash, sequence, address,
 * data?}; throws SigmaAuthError with the refusal's code.
 */
function bapCheckAttestation(pushes, subject) {
  if (!Array.isArray(pushes)) throw new TypeError(`pushes must be an array, got ${describe(pushes)}`);
  const items = pushes.map((p, i) => needBytes(p, `pushes[${i}]`));
  if (subject === undefined || subject === null) return native.bapCheckAttestation(items);
  const s = needObject(subject, 'subject');
  return native.bapCheckAttestation(
    items,
    needString(s.attribute, 'subject.attribute'),
    needString(s.value, 'subject.value'),
    needString(s.nonce, 'subject.nonce'),
    needString(s.identityKey, 'subject.identityKey'),
  );
}

const NO_OPTIONS = Object.freeze({});

// The last UTC timestamp string (ending in `Z`, so its instant does not depend on the time zone)
// that `targetInstant` parsed, and its instant: a server often passes the same string many times.
let lastTargetText;
let lastTargetMs;

function targetInstant(x) {
  if (x === undefined || x === null) return undefined;
  if (typeof x === 'string' && x === lastTargetText) return lastTargetMs;
  if (typeof x === 'string' && x.endsWith('Z')) {
    const ms = new Date(x).getTime();
    lastTargetText = x;
    lastTargetMs = Number.isFinite(ms) ? ms : undefined;
    return lastTargetMs;
  }
  if (typeof x !== 'number' && !(x instanceof Date)) return undefined;
  const ms = new Date(x).getTime();
  return Number.isFinite(ms) ? ms : undefined;
}

/** Every stable reason code of the core, in code order. */
const REASON_CODES = Object.freeze(native.reasonCodes());

module.exports = {
  // bitcoin-auth drop-in
  getAuthToken,
  parseAuthToken,
  verifyAuthToken,
  // tokens
  createToken,
  verify,
  verifyAsync,
  verifyBatch,
  verifyBatchAsync,
  Verifier,
  ReplayGuard,
  REASON_CODES,
  // keys and primitives
  PrivateKey,
  PublicKey,
  bsmSign,
  bsmVerify,
  bsmRecover,
  brc77Sign,
  brc77Verify,
  brc78Encrypt,
  brc78Decrypt,
  eciesEncrypt,
  eciesDecrypt,
  friendPublicKey,
  friendEncrypt,
  friendDecrypt,
  SymmetricKey,
  deriveChildPrivateKey,
  deriveChildPublicKey,
  // BAP
  bapIdFromAddress,
  bapIdFromPublicKey,
  bapIdentity,
  bapAttestationHash,
  bapSignAttestation,
  bapCheckAttestation,
  // AIP and Sigma
  aipSign,
  aipVerify,
  sigmaSign,
  sigmaVerify,
  // errors
  SigmaAuthError,
  AuthTokenError,
};
